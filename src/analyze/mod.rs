//! One file in, facts out. `analyze_source` parses a JS/TS file with SWC and
//! returns what it refers to: module specifiers (`require`, `import`, `import()`,
//! `require.resolve`, ...), files it reads (`fs.*`, `path.*`, `__dirname`,
//! `import.meta.url` expressions), globs for computed specifiers, and whether it
//! is an ES module.
//!
//! Pure: no file system, no resolution, no shared state. The graph decides what
//! the facts mean (existence, globs, guards).

mod bindings;
mod cjs;
mod esm;
mod expr;
pub(crate) mod fs_calls;
mod libraries;
mod native;
mod parse;
mod special;
mod visit;
mod wrappers;

use std::collections::BTreeSet;
use std::path::Path;

pub(crate) use parse::ModuleHint;

use crate::options::AnalysisOptions;

/// How a specifier must be resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum DepKind {
    /// `require()`-like: `CommonJS` conditions in a `CommonJS` file, ESM ones in an ES module.
    Require,
    /// `import`-like: always the `import` condition.
    Import,
}

/// One specifier found in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Dep {
    pub(crate) kind: DepKind,
    pub(crate) specifier: String,
}

/// A file-system reference found in a file. Paths are absolute, `/`-separated,
/// and may contain [`crate::eval::WILDCARD`] for unknown parts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Reference {
    /// A path the file reads: a file, or a directory (meaning its files), or a
    /// pattern.
    Asset(String),
    /// A directory whose files are listed (`fs.readdirSync(__dirname)`).
    AssetDir(String),
    /// A pattern of modules (`require('./drivers/' + name)`).
    RequireGlob(String),
    /// A native addon located at run time: the graph finds its `.node` file(s).
    Native(NativeRef),
    /// Every optional dependency of a `package.json` that fits the target platform
    /// (with theirs too when `nested`), as whole folders: platform binary packages.
    OptionalDependencies { package_json: String, nested: bool },
    /// The nearest `package.json` above this file (`require('pkginfo')(module)`).
    OwnPackageJson,
}

/// How a native addon is located.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum NativeRef {
    /// `require('node-gyp-build')(dir)`: `build/Release`, `build/Debug`, `prebuilds/<platform>-<arch>`.
    NodeGypBuild { dir: String },
    /// `require('bindings')(name)` from `file`: the bindings search list of its package.
    Bindings { file: String, name: String },
    /// `binary.find(package_json)`: `package.json#binary` of node-pre-gyp.
    NodePreGyp { package_json: String },
    /// `nbind.init(dir)`.
    Nbind { dir: String },
}

/// What a file refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FileFacts {
    /// Parsed as an ES module.
    pub(crate) is_esm: bool,
    /// Specifiers to resolve, sorted and deduplicated.
    pub(crate) deps: BTreeSet<Dep>,
    /// Files and patterns read at run time, sorted and deduplicated.
    pub(crate) references: BTreeSet<Reference>,
    /// Why the file could not be analysed (a syntax error), if it could not.
    pub(crate) parse_error: Option<String>,
}

/// Which analyses run on a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnalyzeOptions {
    /// Follow `require()` inside ES modules.
    pub(crate) mixed_modules: bool,
    /// The analysis toggles.
    pub(crate) analysis: AnalysisOptions,
    /// What `process.cwd()` returns, `/`-separated.
    pub(crate) cwd: String,
}

/// Files nested deeper than this are not parsed (a diagnostic says so).
const MAX_NESTING: usize = 20_000;
/// Up to this nesting, the worker's own stack is enough.
const SMALL_NESTING: usize = 256;
/// Stack reserved per level of nesting for deep files (debug builds use ~25 KiB).
const STACK_PER_LEVEL: usize = 32 * 1024;

/// +1 for an opening bracket, -1 for a closing one.
const BRACKET_DELTA: [i8; 256] = {
    let mut table = [0i8; 256];
    table[b'(' as usize] = 1;
    table[b'[' as usize] = 1;
    table[b'{' as usize] = 1;
    table[b')' as usize] = -1;
    table[b']' as usize] = -1;
    table[b'}' as usize] = -1;
    table
};

/// An upper-bound estimate of bracket nesting, to size the stack for parsing.
/// Branch-free (a table and two `max`es per byte): it reads every byte of every
/// file, and the branchy version cost 4-5% of a trace.
fn nesting_estimate(source: &str) -> usize {
    let (mut depth, mut max) = (0i64, 0i64);
    for &b in source.as_bytes() {
        depth = (depth + i64::from(BRACKET_DELTA[usize::from(b)])).max(0);
        max = max.max(depth);
    }
    usize::try_from(max).unwrap_or(usize::MAX)
}

/// Parses `source` (the text of `path`) and extracts its facts. Deeply nested
/// files run on a stack sized for them (the parser recurses per level), and past
/// [`MAX_NESTING`] levels a file is reported instead of parsed.
pub(crate) fn analyze_source(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    options: &AnalyzeOptions,
) -> FileFacts {
    let depth = nesting_estimate(source);
    if depth <= SMALL_NESTING {
        return analyze_on_this_stack(path, source, hint, options);
    }
    if depth > MAX_NESTING {
        return FileFacts {
            parse_error: Some(format!(
                "nested {depth} levels deep, more than the {MAX_NESTING} nft-rs parses"
            )),
            ..FileFacts::default()
        };
    }
    stacker::grow(depth * STACK_PER_LEVEL + (8 << 20), || {
        analyze_on_this_stack(path, source, hint, options)
    })
}

fn analyze_on_this_stack(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    options: &AnalyzeOptions,
) -> FileFacts {
    let mut parsed = match parse::parse(path, source, hint) {
        Ok(parsed) => parsed,
        Err(message) => {
            return FileFacts { parse_error: Some(message), ..FileFacts::default() };
        }
    };
    let file = path.to_string_lossy();
    let mut scanner = visit::Scanner::new(&file, parsed.is_esm, options);
    scanner.scan(&mut parsed.program);
    let mut facts = FileFacts {
        is_esm: parsed.is_esm,
        deps: std::mem::take(&mut scanner.deps),
        references: std::mem::take(&mut scanner.references),
        parse_error: None,
    };
    special::apply(&file, &mut facts);
    facts
}

/// Whether SWC parses `source` (used by the fuzz entry point).
#[cfg(feature = "fuzzing")]
pub(crate) fn parses(path: &Path, source: &str, hint: ModuleHint) -> bool {
    let depth = nesting_estimate(source);
    if depth > MAX_NESTING {
        return true;
    }
    stacker::grow(depth * STACK_PER_LEVEL + (8 << 20), || parse::parse(path, source, hint).is_ok())
}

#[cfg(test)]
mod tests;
