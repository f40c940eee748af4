//! Well-known modules and functions, by kind: Node's own here (`path`, `fs` and
//! `fs/promises`, `graceful-fs`, `fs-extra`, `url`, `module`, `process`, `os`,
//! `require` with `createRequire`, `require.resolve` and a bundle's
//! `__webpack_require__`, and the few string, array and `Object` methods path
//! expressions use), the native addon loaders in `native.rs`
//! ([`NativeLoader`]), the libraries that load modules by name in `libraries.rs`
//! ([`Library`]). Path functions follow Node's POSIX `path` semantics;
//! `process.cwd()` is the `--cwd` directory.

use std::rc::Rc;

use super::libraries::Library;
use super::native::NativeLoader;
use super::value::{MAX_ALTERNATIVES, Value, WILDCARD};

/// A module or function the evaluator knows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WellKnown {
    PathModule,
    Path(PathFn),
    /// `fs`, `graceful-fs`; `extra` adds `fs-extra`'s readers.
    FsModule {
        extra: bool,
    },
    FsPromises,
    /// A function whose first argument is a file (`dir`: a directory) it reads.
    FsRead {
        dir: bool,
    },
    UrlModule,
    FileUrlToPath,
    PathToFileUrl,
    UrlClass,
    ModuleModule,
    CreateRequire,
    ModuleRegister,
    Process,
    ProcessEnv,
    ProcessCwd,
    /// Node's `require` (and `module.require`).
    Require,
    /// A require made by `createRequire(...)` or a wrapper function around `require`.
    BoundRequire,
    /// A require made by `createRequire(x)` for a file or directory `x` other than
    /// the file's own: relative specifiers start from this directory.
    RequireFrom(Rc<str>),
    RequireResolve,
    OsModule,
    /// A function of `os` that returns a constant of the target (Linux x64):
    /// `os.platform()`, `os.arch()`, `os.type()`.
    OsConstant(&'static str),
    /// A native addon loader (`native.rs`).
    Native(NativeLoader),
    /// A library that loads modules by name (`libraries.rs`).
    Library(Library),
    /// A bundle's own require (webpack's `__webpack_require__`), with the module
    /// ids that stand for builtin modules.
    WebpackRequire(Rc<std::collections::BTreeMap<String, Value>>),
    /// A Browserify module's require: the bundle's modules, the builtins it
    /// leaves to Node, and Node's `require` for a name it does not know (a
    /// computed specifier is a pattern beside the bundle).
    BrowserifyRequire(Rc<std::collections::BTreeMap<String, Value>>),
    StringConcat(Rc<str>),
    ArrayJoin(Rc<Vec<Value>>),
    ObjectAssign,
}

/// A function of the `path` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathFn {
    Join,
    Resolve,
    Dirname,
    Basename,
    Extname,
    Relative,
    Normalize,
    IsAbsolute,
    Identity,
}

const FS_READERS: &[&str] = &[
    "access",
    "accessSync",
    "createReadStream",
    "exists",
    "existsSync",
    "fstat",
    "fstatSync",
    "lstat",
    "lstatSync",
    "open",
    "openSync",
    "readFile",
    "readFileSync",
    "stat",
    "statSync",
    "realpath",
    "realpathSync",
];
const FS_DIR_READERS: &[&str] = &["readdir", "readdirSync", "opendir", "opendirSync"];
const FS_EXTRA_READERS: &[&str] =
    &["pathExists", "pathExistsSync", "readJson", "readJSON", "readJsonSync", "readJSONSync"];

impl WellKnown {
    /// The value a module specifier evaluates to when required or imported.
    pub(crate) fn module(specifier: &str) -> Option<Self> {
        let name = specifier.strip_prefix("node:").unwrap_or(specifier);
        Some(match name {
            "path" | "path/posix" => Self::PathModule,
            "fs" | "graceful-fs" => Self::FsModule { extra: false },
            "fs-extra" => Self::FsModule { extra: true },
            "fs/promises" => Self::FsPromises,
            "url" => Self::UrlModule,
            "module" => Self::ModuleModule,
            "process" => Self::Process,
            "os" => Self::OsModule,
            _ => {
                return NativeLoader::module(name)
                    .map(Self::Native)
                    .or_else(|| Library::module(name).map(Self::Library));
            }
        })
    }

    /// Whether this is the value of a module (what [`Self::module`] returns), as
    /// opposed to one of its functions.
    pub(crate) fn is_module(&self) -> bool {
        matches!(
            self,
            Self::PathModule
                | Self::FsModule { .. }
                | Self::FsPromises
                | Self::UrlModule
                | Self::ModuleModule
                | Self::Process
                | Self::OsModule
        ) || match self {
            Self::Native(loader) => loader.is_module(),
            Self::Library(library) => library.is_module(),
            _ => false,
        }
    }

    /// Whether a reference to this value starts a path expression (nft's triggers).
    pub(crate) fn is_trigger(&self) -> bool {
        matches!(self, Self::Path(_) | Self::RequireResolve)
    }

    pub(crate) fn member(&self, name: &str) -> Option<Value> {
        let wk = |w: Self| Some(Value::WellKnown(w));
        if name == "default" && self.is_module() {
            // The CommonJS module as an ES module's default export, and as the
            // `default` of an interop helper's namespace.
            return wk(self.clone());
        }
        match self {
            Self::PathModule => match name {
                "join" => wk(Self::Path(PathFn::Join)),
                "resolve" => wk(Self::Path(PathFn::Resolve)),
                "dirname" => wk(Self::Path(PathFn::Dirname)),
                "basename" => wk(Self::Path(PathFn::Basename)),
                "extname" => wk(Self::Path(PathFn::Extname)),
                "relative" => wk(Self::Path(PathFn::Relative)),
                "normalize" => wk(Self::Path(PathFn::Normalize)),
                "isAbsolute" => wk(Self::Path(PathFn::IsAbsolute)),
                "toNamespacedPath" => wk(Self::Path(PathFn::Identity)),
                "sep" => Some(Value::str("/")),
                "delimiter" => Some(Value::str(":")),
                "posix" | "default" => wk(Self::PathModule),
                _ => None,
            },
            Self::FsModule { extra } => match name {
                "promises" => wk(Self::FsPromises),
                "default" => wk(self.clone()),
                n if FS_READERS.contains(&n) => wk(Self::FsRead { dir: false }),
                n if FS_DIR_READERS.contains(&n) => wk(Self::FsRead { dir: true }),
                n if *extra && FS_EXTRA_READERS.contains(&n) => wk(Self::FsRead { dir: false }),
                _ => None,
            },
            Self::FsPromises => match name {
                "default" => wk(Self::FsPromises),
                n if FS_READERS.contains(&n) => wk(Self::FsRead { dir: false }),
                n if FS_DIR_READERS.contains(&n) => wk(Self::FsRead { dir: true }),
                _ => None,
            },
            Self::UrlModule => match name {
                "fileURLToPath" => wk(Self::FileUrlToPath),
                "pathToFileURL" => wk(Self::PathToFileUrl),
                "URL" => wk(Self::UrlClass),
                "default" => wk(Self::UrlModule),
                _ => None,
            },
            Self::ModuleModule => match name {
                "createRequire" | "createRequireFromPath" => wk(Self::CreateRequire),
                "register" => wk(Self::ModuleRegister),
                "default" | "Module" => wk(Self::ModuleModule),
                _ => None,
            },
            Self::Native(loader) => loader.member(name).map(|m| Value::WellKnown(Self::Native(m))),
            Self::Library(library) => {
                library.member(name).map(|m| Value::WellKnown(Self::Library(m)))
            }
            Self::Process => match name {
                "cwd" => wk(Self::ProcessCwd),
                "dlopen" => wk(Self::Native(NativeLoader::ProcessDlopen)),
                "env" => wk(Self::ProcessEnv),
                "default" => wk(Self::Process),
                _ => None,
            },
            // The target is Linux x64 (as the native-binary selection), as nft
            // evaluates `os` on the machine it runs on.
            Self::OsModule => match name {
                "platform" => wk(Self::OsConstant("linux")),
                "arch" => wk(Self::OsConstant("x64")),
                "type" => wk(Self::OsConstant("Linux")),
                "EOL" => Some(Value::str("\n")),
                _ => None,
            },
            Self::Require | Self::BoundRequire => match name {
                "resolve" => wk(Self::RequireResolve),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Members of a `URL` value.
pub(crate) fn url_member(href: &str, name: &str) -> Option<Value> {
    match name {
        "href" | "toString" => Some(Value::str(href)),
        "pathname" => file_url_to_path(href).map(Value::str),
        "protocol" => href.split_once(':').map(|(p, _)| Value::str(format!("{p}:"))),
        _ => None,
    }
}

/// Context of a call: what `process.cwd()` returns.
pub(crate) struct CallContext<'a> {
    pub(crate) cwd: &'a str,
}

/// Calls a well-known function. `args` are the evaluated arguments (`None`:
/// unknown). Unknown string arguments become wildcards, as long as the result
/// keeps every one of them; one argument with alternatives fans out.
pub(crate) fn call(
    callee: &WellKnown,
    args: &[Option<Value>],
    ctx: &CallContext<'_>,
) -> Option<Value> {
    match callee {
        WellKnown::ProcessCwd => Some(Value::str(ctx.cwd)),
        WellKnown::OsConstant(value) => Some(Value::str(*value)),
        WellKnown::StringConcat(base) => {
            let mut out = base.to_string();
            for arg in args {
                match arg {
                    Some(v) => out.push_str(&v.to_js_string()?),
                    None => out.push(WILDCARD),
                }
            }
            Some(Value::str(out))
        }
        WellKnown::ArrayJoin(items) => {
            let sep = match args.first() {
                Some(Some(v)) => v.to_js_string()?,
                Some(None) => return None,
                None => ",".to_owned(),
            };
            let parts: Option<Vec<String>> = items.iter().map(Value::to_js_string).collect();
            Some(Value::str(parts?.join(&sep)))
        }
        WellKnown::Path(f) => match args.first() {
            Some(Some(Value::Resolved { specifier, tail })) => {
                resolved_path_call(*f, specifier, tail, &args[1..])
            }
            _ => fan_out(args, |strs| path_call(*f, strs, ctx.cwd)),
        },
        WellKnown::FileUrlToPath => fan_out(args, |strs| match strs.first() {
            Some(s) => file_url_to_path(s).map(Value::str),
            None => None,
        })
        .or_else(|| match args.first() {
            Some(Some(Value::Url(href))) => file_url_to_path(href).map(Value::str),
            _ => None,
        }),
        WellKnown::PathToFileUrl => match args.first() {
            Some(Some(Value::Str(s))) => {
                let mut path = resolve(&[s], ctx.cwd);
                // Node keeps a trailing slash: `pathToFileURL('./')` is a directory URL.
                if s.ends_with('/') && !path.ends_with('/') {
                    path.push('/');
                }
                Some(Value::Url(path_to_file_url(&path).into()))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `new URL(input, base)`.
pub(crate) fn new_url(args: &[Option<Value>]) -> Option<Value> {
    let input = args.first()?.as_ref()?;
    let base = match args.get(1) {
        Some(Some(Value::Url(href) | Value::Str(href))) => Some(href.to_string()),
        Some(_) => return None,
        None => None,
    };
    let each: Vec<Value> = input
        .each()
        .iter()
        .map(|v| {
            let text = match v {
                Value::Str(s) | Value::Url(s) => s.to_string(),
                _ => return None,
            };
            url_join(&text, base.as_deref()).map(|href| Value::Url(href.into()))
        })
        .collect::<Option<_>>()?;
    Value::alternatives(each)
}

fn url_join(input: &str, base: Option<&str>) -> Option<String> {
    if input.starts_with("file:") {
        return Some(input.to_owned());
    }
    if input.contains(':') && !input.starts_with('/') && !input.starts_with('.') {
        return Some(input.to_owned());
    }
    let base_path = file_url_to_path(base?)?;
    let input = input.split(['?', '#']).next().unwrap_or("");
    let joined = if input.starts_with('/') {
        normalize(input)
    } else {
        let dir = match base_path.rfind('/') {
            Some(i) => &base_path[..=i],
            None => "/",
        };
        normalize(&format!("{dir}{input}"))
    };
    Some(path_to_file_url(&joined))
}

/// Runs `f` on string arguments, substituting a wildcard for unknown ones and
/// fanning out over one argument with alternatives.
fn fan_out(args: &[Option<Value>], f: impl Fn(&[&str]) -> Option<Value>) -> Option<Value> {
    if !args.is_empty() && args.iter().all(Option::is_none) {
        return None;
    }
    let wildcard = WILDCARD.to_string();
    // Each combination of arguments, with the number of wildcards it holds.
    let mut combos: Vec<(Vec<String>, usize)> = vec![(Vec::new(), 0)];
    for arg in args {
        let options: Vec<String> = match arg {
            None => vec![wildcard.clone()],
            Some(v) => {
                let strs: Option<Vec<String>> =
                    v.each().iter().map(|x| x.as_str().map(str::to_owned)).collect();
                strs?
            }
        };
        if options.len() > 1 && combos.len() > 1 {
            return None; // one conditional argument at most, as nft allows
        }
        let mut next = Vec::with_capacity(combos.len() * options.len());
        for (combo, wildcards) in &combos {
            for option in &options {
                let mut c = combo.clone();
                c.push(option.clone());
                next.push((c, wildcards + option.matches(WILDCARD).count()));
            }
        }
        if next.len() > MAX_ALTERNATIVES {
            return None;
        }
        combos = next;
    }
    let results: Option<Vec<Value>> = combos
        .iter()
        .map(|(combo, wildcards_in)| {
            let refs: Vec<&str> = combo.iter().map(String::as_str).collect();
            let result = f(&refs)?;
            // A result that dropped or duplicated a wildcard is not a path pattern.
            let out = result.as_str().map_or(0, |s| s.matches(WILDCARD).count());
            (result.as_str().is_none() && *wildcards_in == 0 || out == *wildcards_in)
                .then_some(result)
        })
        .collect();
    Value::alternatives(results?)
}

/// `path.join(resolved, 'a', 'b')`, `path.resolve(..)` (relative parts only) and
/// `path.dirname(resolved)` of a [`Value::Resolved`].
fn resolved_path_call(
    f: PathFn,
    specifier: &Rc<str>,
    tail: &str,
    rest: &[Option<Value>],
) -> Option<Value> {
    let mut parts: Vec<String> = Vec::new();
    if !tail.is_empty() {
        parts.push(tail.to_owned());
    }
    match f {
        PathFn::Join | PathFn::Resolve | PathFn::Normalize => {
            for arg in rest {
                let part = arg.as_ref()?.as_str()?;
                if part.contains(WILDCARD) || part.starts_with('/') {
                    return None;
                }
                parts.push(part.to_owned());
            }
        }
        PathFn::Dirname if rest.is_empty() => parts.push("..".to_owned()),
        _ => return None,
    }
    Some(Value::Resolved { specifier: Rc::clone(specifier), tail: parts.join("/").into() })
}

fn path_call(f: PathFn, args: &[&str], cwd: &str) -> Option<Value> {
    let first = args.first().copied();
    Some(match f {
        PathFn::Join => Value::str(join(args)),
        PathFn::Resolve => Value::str(resolve(args, cwd)),
        PathFn::Dirname => Value::str(dirname(first?)),
        PathFn::Basename => Value::str(basename(first?, args.get(1).copied())),
        PathFn::Extname => Value::str(extname(first?)),
        PathFn::Normalize => Value::str(normalize(first?)),
        PathFn::Relative => {
            Value::str(relative(&resolve(&[first?], cwd), &resolve(&[args.get(1)?], cwd)))
        }
        PathFn::IsAbsolute => Value::Bool(first?.starts_with('/')),
        PathFn::Identity => Value::str(first?),
    })
}

/// Node's `path.posix.normalize`.
pub(crate) fn normalize(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let absolute = path.starts_with('/');
    let trailing = path.ends_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if absolute {
        out.insert(0, '/');
    }
    if out.is_empty() {
        return if absolute { "/".to_owned() } else { ".".to_owned() };
    }
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

pub(crate) fn join(args: &[&str]) -> String {
    let joined: Vec<&str> = args.iter().copied().filter(|a| !a.is_empty()).collect();
    if joined.is_empty() {
        return ".".to_owned();
    }
    normalize(&joined.join("/"))
}

pub(crate) fn resolve(args: &[&str], cwd: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for arg in args.iter().rev() {
        if arg.is_empty() {
            continue;
        }
        parts.push(arg);
        if arg.starts_with('/') {
            break;
        }
    }
    if !parts.last().is_some_and(|p| p.starts_with('/')) {
        parts.push(cwd);
    }
    parts.reverse();
    let out = normalize(&parts.join("/"));
    if out.len() > 1 { out.trim_end_matches('/').to_owned() } else { out }
}

pub(crate) fn dirname(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    match trimmed.rfind('/') {
        None => ".".to_owned(),
        Some(0) => "/".to_owned(),
        Some(i) => {
            let dir = trimmed[..i].trim_end_matches('/');
            if dir.is_empty() { "/".to_owned() } else { dir.to_owned() }
        }
    }
}

pub(crate) fn basename(path: &str, ext: Option<&str>) -> String {
    let trimmed = path.trim_end_matches('/');
    let name = trimmed.rsplit('/').next().unwrap_or("");
    match ext {
        Some(ext) if name != ext && name.ends_with(ext) => {
            name[..name.len() - ext.len()].to_owned()
        }
        _ => name.to_owned(),
    }
}

pub(crate) fn extname(path: &str) -> String {
    let name = basename(path, None);
    match name.rfind('.') {
        Some(0) | None => String::new(),
        Some(i) => name[i..].to_owned(),
    }
}

pub(crate) fn relative(from: &str, to: &str) -> String {
    let a: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; a.len() - common];
    parts.extend(&b[common..]);
    parts.join("/")
}

/// `file:///a/b%20c` → `/a/b c`.
pub(crate) fn file_url_to_path(href: &str) -> Option<String> {
    let rest = href.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    Some(percent_decode(rest))
}

pub(crate) fn path_to_file_url(path: &str) -> String {
    let mut out = String::from("file://");
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            '\t' => out.push_str("%09"),
            c => out.push(c),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_path_semantics() {
        assert_eq!(join(&["/a/b", "../c", "d.txt"]), "/a/c/d.txt");
        assert_eq!(join(&["a", "", "b/"]), "a/b/");
        assert_eq!(join(&[]), ".");
        assert_eq!(resolve(&["x", "/abs", "y"], "/cwd"), "/abs/y");
        assert_eq!(resolve(&["x/"], "/cwd"), "/cwd/x");
        assert_eq!(dirname("/a/b/"), "/a");
        assert_eq!(dirname("a"), ".");
        assert_eq!(dirname("/a"), "/");
        assert_eq!(basename("/a/b.js", Some(".js")), "b");
        assert_eq!(extname("/a/.rc"), "");
        assert_eq!(extname("/a/b.tar.gz"), ".gz");
        assert_eq!(relative("/a/b/c", "/a/d"), "../../d");
        assert_eq!(normalize("/../x/./y//z/.."), "/x/y");
    }

    #[test]
    fn file_urls() {
        assert_eq!(file_url_to_path("file:///a/b%20c.txt").as_deref(), Some("/a/b c.txt"));
        assert_eq!(path_to_file_url("/a b"), "file:///a%20b");
        assert_eq!(
            url_join("./x.wasm", Some("file:///p/lib/m.js")).as_deref(),
            Some("file:///p/lib/x.wasm")
        );
        assert_eq!(url_join("../y", Some("file:///p/lib/m.js")).as_deref(), Some("file:///p/y"));
    }

    #[test]
    fn wildcards_survive_path_functions_only_when_kept() {
        let ctx = CallContext { cwd: "/cwd" };
        let join = WellKnown::Path(PathFn::Join);
        let v =
            call(&join, &[Some(Value::str("/d")), None, Some(Value::str("x.json"))], &ctx).unwrap();
        assert_eq!(v.as_str(), Some("/d/\u{1a}/x.json"));
        let dirname = WellKnown::Path(PathFn::Dirname);
        assert_eq!(call(&dirname, &[None], &ctx), None);
        let basename = WellKnown::Path(PathFn::Basename);
        // The wildcard would be dropped: not a pattern.
        assert_eq!(call(&basename, &[Some(Value::str("/a/\u{1a}/b"))], &ctx), None);
    }
}
