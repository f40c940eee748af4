//! `outputFileTracingIncludes` / `outputFileTracingExcludes` with Next.js's rules
//! (NEXT.md): the route an entry name stands for, keys matched as picomatch globs
//! with `{ dot, contains }`, include values expanded from the app directory,
//! exclude values joined to it and matched against the traced files' absolute paths.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use crate::error::Error;
use crate::glob::{Glob, GlobOptions};
use crate::paths;

use super::warnings::NextWarning;

/// The route Next.js matches include/exclude keys against for a server entry
/// name: `normalizeAppPath` for `app/…` (`app/(shop)/api/hello/route` →
/// `/app/api/hello`), a leading `/` for `pages/…` (`pages/api/data` →
/// `/pages/api/data`), anything else as it is (`middleware`, `instrumentation`),
/// so that no key starting with `/` reaches the proxy.
pub(crate) fn route_of_entry(name: &str) -> String {
    if name.starts_with("app/") {
        normalize_app_path(name)
    } else if name.starts_with("pages/") {
        format!("/{name}")
    } else {
        name.to_owned()
    }
}

/// Next.js's `normalizeAppPath`: route groups `(x)`, parallel slots `@x` and a
/// final `page`/`route` segment go; a leading `/` is ensured.
fn normalize_app_path(name: &str) -> String {
    let segments: Vec<&str> = name.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut out = String::new();
    for (index, segment) in segments.iter().enumerate() {
        let group = segment.starts_with('(') && segment.ends_with(')');
        let leaf = index == last && (*segment == "page" || *segment == "route");
        if segment.is_empty() || group || segment.starts_with('@') || leaf {
            continue;
        }
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

/// A picomatch pattern compiled with `{ dot: true, contains: true }`: its regular
/// expression is not anchored, so it matches anywhere in the string (`/api/hello`
/// matches `/app/api/hello`, `/*` matches every route with a `/`). The glob
/// module's `contains` matches whole segments; letting the first and last segment
/// of the pattern match a part of a segment gives the unanchored match.
pub(crate) fn contains_glob(pattern: &str) -> Glob {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let negated = pattern.starts_with('!') && !pattern.starts_with("!(");
    let mut text = String::with_capacity(pattern.len() + 2);
    let body = if negated { &pattern[1..] } else { pattern };
    if negated {
        text.push('!');
    }
    // A segment already starting (ending) with `*` matches any suffix (prefix).
    if !body.starts_with('*') {
        text.push('*');
    }
    text.push_str(body);
    if !body.ends_with('*') || ends_in_escape(&body[..body.len() - 1]) {
        if ends_in_escape(body) {
            // A trailing lone `\` escapes nothing: picomatch drops it.
            text.pop();
        }
        text.push('*');
    }
    Glob::new(&text, GlobOptions { dot: true, contains: true })
}

/// Whether `text` ends in an unpaired `\` (a `*` after it would be a literal).
fn ends_in_escape(text: &str) -> bool {
    text.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// One side of the rules: `(route key, file glob)` pairs, in the config's order
/// followed by the command line's.
pub(crate) struct RouteGlobs {
    pairs: Vec<(String, String)>,
    keys: Vec<(String, Glob)>,
}

impl RouteGlobs {
    pub(crate) fn new(pairs: Vec<(String, String)>) -> Self {
        let mut keys: Vec<(String, Glob)> = Vec::new();
        for (key, _) in &pairs {
            if !keys.iter().any(|(k, _)| k == key) {
                keys.push((key.clone(), contains_glob(key)));
            }
        }
        Self { pairs, keys }
    }

    /// The file globs of every key matching `route`, without repeats.
    pub(crate) fn for_route(&self, route: &str) -> Vec<&str> {
        let matching: FxHashSet<&str> = self
            .keys
            .iter()
            .filter(|(_, glob)| glob.is_match(route))
            .map(|(key, _)| key.as_str())
            .collect();
        let mut out: Vec<&str> = Vec::new();
        for (key, glob) in &self.pairs {
            if matching.contains(key.as_str()) && !out.contains(&glob.as_str()) {
                out.push(glob);
            }
        }
        out
    }

    /// The file globs of keys that match `next-server` (picomatch's default
    /// options, anchored): they also prune the server traces.
    pub(crate) fn for_next_server(&self) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(key, _)| Glob::new(key, GlobOptions::default()).is_match("next-server"))
            .map(|(_, glob)| glob.clone())
            .collect()
    }
}

/// Adds the includes and removes the excludes of `route` to `listed` (absolute,
/// normalised paths).
pub(crate) fn apply(
    app_dir: &Path,
    route: &str,
    includes: &RouteGlobs,
    excludes: &RouteGlobs,
    listed: &mut BTreeSet<PathBuf>,
    warnings: &mut Vec<NextWarning>,
) -> Result<(), Error> {
    for glob in includes.for_route(route) {
        let files = expand_include(app_dir, glob)?;
        let bytes: u64 = files.iter().filter_map(|f| fs::metadata(f).ok()).map(|m| m.len()).sum();
        if files.len() > crate::options::LARGE_EXPANSION_FILES
            || bytes > crate::options::LARGE_EXPANSION_BYTES
        {
            // One line per glob (the caller deduplicates): the same key often
            // applies to every route.
            warnings.push(NextWarning::LargeInclude {
                glob: glob.to_owned(),
                files: files.len(),
                bytes,
            });
        }
        listed.extend(files);
    }
    if let Some(excluded) = Excluded::new(app_dir, route, excludes) {
        listed.retain(|file| !excluded.matches(file));
    }
    Ok(())
}

/// The exclude globs of one route, joined to the app directory.
pub(crate) struct Excluded {
    globs: Vec<Glob>,
}

impl Excluded {
    /// `None` when no exclude key matches `route`.
    pub(crate) fn new(app_dir: &Path, route: &str, excludes: &RouteGlobs) -> Option<Self> {
        let globs: Vec<Glob> = excludes
            .for_route(route)
            .into_iter()
            .map(|glob| contains_glob(&exclude_pattern(app_dir, glob)))
            .collect();
        (!globs.is_empty()).then_some(Self { globs })
    }

    /// Whether the absolute, normalised `path` is excluded.
    pub(crate) fn matches(&self, path: &Path) -> bool {
        let text = path.to_string_lossy();
        self.globs.iter().any(|g| g.is_match(&text))
    }
}

/// An exclude value joined to the app directory as `path.join` does (`./` and
/// `../` resolved; a `\` stays a glob escape, as on POSIX).
fn exclude_pattern(app_dir: &Path, glob: &str) -> String {
    let joined = paths::normalize(&app_dir.join(glob.trim_start_matches("./")));
    joined.to_string_lossy().into_owned()
}

/// The files (not directories) under `app_dir` matching `glob` (dot files included),
/// as `glob(pattern, { cwd: app_dir, nodir: true, dot: true })` lists them.
pub(crate) fn expand_include(app_dir: &Path, glob: &str) -> Result<Vec<PathBuf>, Error> {
    let pattern = glob.replace('\\', "/");
    let pattern = pattern.trim_start_matches("./");
    let is_magic = |s: &str| s.chars().any(|c| "*?[]{}()!+@".contains(c));
    let fixed: Vec<&str> = pattern.split('/').take_while(|s| !is_magic(s)).collect();
    let start = paths::absolutize(app_dir, Path::new(&fixed.join("/")));
    let matcher = Glob::new(
        &paths::relative(app_dir, &paths::absolutize(app_dir, Path::new(pattern))),
        GlobOptions { dot: true, contains: false },
    );
    let mut found = Vec::new();
    let mut stack = vec![start];
    let mut seen = FxHashSet::default();
    while let Some(path) = stack.pop() {
        let Ok(meta) = fs::metadata(&path) else { continue };
        if meta.is_dir() {
            let Ok(real) = fs::canonicalize(&path) else { continue };
            if !seen.insert(real) {
                continue;
            }
            let listing = fs::read_dir(&path).map_err(|e| Error::io(&path, e))?;
            stack.extend(listing.flatten().map(|e| e.path()));
        } else if matcher.is_match(&paths::relative(app_dir, &path)) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::{RouteGlobs, contains_glob, exclude_pattern, route_of_entry};
    use std::path::Path;

    #[test]
    fn routes_follow_next_entry_names() {
        assert_eq!(route_of_entry("app/api/hello/route"), "/app/api/hello");
        assert_eq!(route_of_entry("app/files/page"), "/app/files");
        assert_eq!(route_of_entry("app/page"), "/app");
        assert_eq!(route_of_entry("app/(shop)/@modal/blog/[slug]/page"), "/app/blog/[slug]");
        assert_eq!(route_of_entry("app/api/login/[[...slug]]/route"), "/app/api/login/[[...slug]]");
        assert_eq!(route_of_entry("app/_not-found/page"), "/app/_not-found");
        assert_eq!(route_of_entry("app/page/page"), "/app/page");
        assert_eq!(route_of_entry("pages/api/data"), "/pages/api/data");
        assert_eq!(route_of_entry("pages/index"), "/pages/index");
        assert_eq!(route_of_entry("pages/_app"), "/pages/_app");
        assert_eq!(route_of_entry("middleware"), "middleware");
        assert_eq!(route_of_entry("instrumentation"), "instrumentation");
    }

    #[test]
    fn keys_match_anywhere_in_the_route() {
        let hello = contains_glob("/api/hello");
        assert!(hello.is_match("/app/api/hello"));
        assert!(hello.is_match("/pages/api/hello"));
        assert!(!hello.is_match("/app/api/goodbye"));
        let all = contains_glob("/*");
        assert!(all.is_match("/app"));
        assert!(all.is_match("/pages/index"));
        assert!(!all.is_match("middleware"));
        let escaped = contains_glob(r"/api/login/\[\[\.\.\.slug\]\]");
        assert!(escaped.is_match("/app/api/login/[[...slug]]"));
        assert!(!escaped.is_match("/app/api/login/other"));
        let exact = contains_glob("/app/files");
        assert!(exact.is_match("/app/files"));
        assert!(!exact.is_match("/app/blog"));
        assert!(contains_glob("middleware").is_match("middleware"));
        assert!(contains_glob("**/*").is_match("middleware"));
        assert!(contains_glob("/app/blog/**").is_match("/app/blog/[slug]"));
        assert!(contains_glob("/app/{files,blog}").is_match("/app/blog/[slug]"));
    }

    #[test]
    fn globs_of_matching_keys_in_config_order() {
        let rules = RouteGlobs::new(vec![
            ("/*".to_owned(), "./shared/**/*".to_owned()),
            ("/api/hello".to_owned(), "./lib/a.json".to_owned()),
            ("/app/files".to_owned(), "./notes/*".to_owned()),
            ("/api/hello".to_owned(), "./shared/**/*".to_owned()),
        ]);
        assert_eq!(rules.for_route("/app/api/hello"), ["./shared/**/*", "./lib/a.json"]);
        assert_eq!(rules.for_route("/app/files"), ["./shared/**/*", "./notes/*"]);
        assert!(rules.for_route("middleware").is_empty());
        let server = RouteGlobs::new(vec![
            ("next-server".to_owned(), "./a".to_owned()),
            ("*".to_owned(), "./b".to_owned()),
            ("/*".to_owned(), "./c".to_owned()),
        ]);
        assert_eq!(server.for_next_server(), ["./a", "./b"]);
    }

    #[test]
    fn excludes_are_joined_to_the_app_dir() {
        let app = Path::new("/srv/app");
        assert_eq!(exclude_pattern(app, "./lib/x.json"), "/srv/app/lib/x.json");
        assert_eq!(exclude_pattern(app, "../shared/**"), "/srv/shared/**");
        assert_eq!(exclude_pattern(app, r"content/\[id\].txt"), r"/srv/app/content/\[id\].txt");
        let glob = super::contains_glob(&exclude_pattern(app, "./content/notes/draft.txt"));
        assert!(glob.is_match("/srv/app/content/notes/draft.txt"));
        assert!(!glob.is_match("/srv/app/content/notes/a.txt"));
    }
}
