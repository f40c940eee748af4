//! Turbopack builds (NEXT.md "Bundler modes differ"): how an entry names its
//! chunks and externals, the server-trace ignore list of Turbopack's own tracer,
//! and the per-route files Turbopack lists that no chunk names.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::build::{Entry, EntryKind, NextBuild};
use crate::paths;

/// Turbopack's server traces leave these out on top of the shared list: the
/// dev-only server files, the build-time tooling `browserslist` pulls in
/// (`caniuse-lite`, `baseline-browser-mapping`), `jest-worker`.
pub(crate) const SERVER_IGNORES: &[&str] = &[
    "**/node_modules/react{,-dom,-server-dom-turbopack}/**/*.development.js",
    "**/next/dist/compiled/jest-worker/**/*",
    "**/next/dist/next-devtools/userspace/use-app-dev-rendering-indicator.js",
    "**/next/dist/client/dev/hot-reloader/app/hot-reloader-app.js",
    "**/next/dist/server/lib/router-utils/setup-dev-bundler.js",
    "**/next/dist/server/dev/next-dev-server.js",
    "**/next/dist/compiled/browserslist/**",
];

/// Turbopack's tracer knows `process.env.TURBOPACK`: `module.compiled` loads the
/// `-turbo` renderers only, never the webpack ones.
pub(crate) const RUNTIME_IGNORES: &[&str] = &[
    "**/next/dist/compiled/next-server/{app-page,app-page-experimental,pages}.runtime.prod.js",
    "**/next/dist/compiled/next-server/{app-route,app-route-experimental}.runtime.prod.js",
];

/// Which `package.json` files Turbopack lists: it resolves subpaths through a
/// package's `exports`, so the `package.json` of a subfolder of a package with
/// `exports` (`@swc/helpers/_/_interop_require_default/package.json`) is never
/// read; nft's resolver lists it.
#[derive(Default)]
pub(crate) struct PackageJsons {
    /// Package roots, whether their `package.json` has `exports`.
    has_exports: FxHashMap<PathBuf, bool>,
}

impl PackageJsons {
    /// Whether Turbopack would list `file`.
    pub(crate) fn lists(&mut self, root: &Path, file: &Path) -> bool {
        if file.file_name().is_none_or(|n| n != "package.json") {
            return true;
        }
        let Some(package) = package_root(root, file) else { return true };
        if file.parent() == Some(package.as_path()) {
            return true;
        }
        let has_exports = *self.has_exports.entry(package.clone()).or_insert_with(|| {
            fs::read_to_string(package.join("package.json")).is_ok_and(|text| {
                serde_json::from_str::<PackageExports>(&text).is_ok_and(|p| p.exports.is_some())
            })
        });
        !has_exports
    }
}

/// The `exports` field of a `package.json`, and nothing else.
#[derive(serde::Deserialize)]
struct PackageExports {
    exports: Option<serde::de::IgnoredAny>,
}

/// The folder of the package `file` lies in: `…/node_modules/<name>` or
/// `…/node_modules/@scope/<name>` (the last `node_modules` below `root`).
fn package_root(root: &Path, file: &Path) -> Option<PathBuf> {
    let rel = file.strip_prefix(root).ok()?;
    let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
    let at = parts.iter().rposition(|p| *p == "node_modules")?;
    let name = parts.get(at + 1)?;
    let take = if name.to_string_lossy().starts_with('@') { at + 3 } else { at + 2 };
    if take >= parts.len() {
        return None;
    }
    Some(root.join(parts[..take].iter().collect::<PathBuf>()))
}

/// The chunk files and external links an entry loads: Turbopack's
/// `"server/chunks/…"` paths, followed through the chunks themselves and the
/// entry's client reference manifest (which names the SSR chunks of client
/// components).
pub(crate) fn entry_chunks(
    build: &NextBuild,
    entry: &Entry,
    chunks: &mut BTreeSet<PathBuf>,
    externals: &mut BTreeSet<PathBuf>,
) {
    let server = build.dist_dir.join("server");
    let mut stack = vec![entry.file.clone()];
    stack.extend(client_reference_manifest(entry));
    while let Some(file) = stack.pop() {
        let Ok(text) = fs::read_to_string(&file) else { continue };
        let dir = file.parent().unwrap_or(&server).to_path_buf();
        let found = quoted_paths(&text, "server/chunks/")
            .into_iter()
            .map(|rel| build.dist_dir.join(rel))
            .chain(quoted_paths(&text, "../").into_iter().map(|rel| dir.join(rel)))
            .chain(quoted_paths(&text, "./").into_iter().map(|rel| dir.join(rel)));
        for spec in turbopack_externals(&text) {
            let link = build.dist_dir.join("node_modules").join(spec);
            if fs::symlink_metadata(&link).is_ok() {
                externals.insert(link);
            }
        }
        for chunk in found {
            let chunk = paths::normalize(&chunk);
            if chunk.starts_with(server.join("chunks"))
                && chunk.is_file()
                && chunks.insert(chunk.clone())
            {
                stack.push(chunk);
            }
        }
    }
}

/// The route-module chunk of a pages entry, found by the page name its
/// `PagesRouteModule` definition carries (`page:"/about"`): what the deleted
/// compiled file of a prerendered page loaded.
pub(crate) fn page_module_chunk(build: &NextBuild, entry: &Entry) -> Option<PathBuf> {
    // `pages/index` is `/index`; a nested index may be named without it.
    let page = entry.name.strip_prefix("pages")?;
    let short = page.strip_suffix("/index").filter(|p| !p.is_empty()).unwrap_or(page);
    let needles = [page, short].map(|p| format!("page:\"{p}\",pathname:"));
    let dir = build.dist_dir.join("server/chunks/ssr");
    let mut candidates: Vec<PathBuf> = fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    candidates.sort();
    candidates.into_iter().find(|p| {
        fs::read_to_string(p).is_ok_and(|t| {
            t.contains("PagesRouteModule") && needles.iter().any(|n| t.contains(n.as_str()))
        })
    })
}

/// Adds to `chunks` the server chunks that define the modules `chunks` require
/// (`.r(id)`, `.i(id)`) and none of them defines, until every required module
/// is defined: the page-specific chunks a deleted page entry loaded. A chunk no
/// other entry loads (`used`) is preferred when several define a module.
pub(crate) fn add_defining_chunks(
    build: &NextBuild,
    used: &BTreeSet<PathBuf>,
    chunks: &mut BTreeSet<PathBuf>,
) {
    let dir = build.dist_dir.join("server/chunks/ssr");
    let Ok(listing) = fs::read_dir(&dir) else { return };
    let mut all: Vec<PathBuf> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    all.sort();
    let modules: Vec<(PathBuf, ChunkModules)> = all
        .into_iter()
        .filter_map(|p| fs::read_to_string(&p).ok().map(|t| (p, ChunkModules::parse(&t))))
        .collect();
    loop {
        let mut defined: BTreeSet<u64> = BTreeSet::new();
        let mut required: BTreeSet<u64> = BTreeSet::new();
        for (path, m) in &modules {
            if chunks.contains(path) {
                defined.extend(&m.defines);
                required.extend(&m.requires);
            }
        }
        let missing: BTreeSet<u64> = required.difference(&defined).copied().collect();
        let before = chunks.len();
        for id in missing {
            let defining = || modules.iter().filter(|(_, m)| m.defines.contains(&id));
            let pick = defining().find(|(p, _)| !used.contains(p)).or_else(|| defining().next());
            if let Some((path, _)) = pick {
                chunks.insert(path.clone());
            }
        }
        if chunks.len() == before {
            return;
        }
    }
}

/// The module ids a Turbopack chunk (`module.exports=[id,(a,b,c)=>{…},…]`)
/// defines and the ids its code requires.
#[derive(Debug, Default)]
struct ChunkModules {
    defines: BTreeSet<u64>,
    requires: BTreeSet<u64>,
}

impl ChunkModules {
    fn parse(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut out = Self::default();
        let digits_before = |end: usize| {
            let start = bytes[..end].iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |i| i + 1);
            (start < end).then(|| (start, text[start..end].parse::<u64>().ok()))
        };
        let mut at = 0;
        while let Some(found) = text[at..].find(",(") {
            let comma = at + found;
            at = comma + 2;
            if let Some((start, Some(id))) = digits_before(comma)
                && start > 0
                && matches!(bytes[start - 1], b'[' | b',')
            {
                out.defines.insert(id);
            }
        }
        for call in [".r(", ".i("] {
            let mut at = 0;
            while let Some(found) = text[at..].find(call) {
                let open = at + found + call.len();
                at = open;
                let len = bytes[open..].iter().take_while(|b| b.is_ascii_digit()).count();
                if len > 0
                    && bytes.get(open + len) == Some(&b')')
                    && let Ok(id) = text[open..open + len].parse()
                {
                    out.requires.insert(id);
                }
            }
        }
        out
    }
}

/// The per-route files Turbopack lists beside the chunks: the entry's
/// `<name>/react-loadable-manifest.json`, which the server reads when it loads
/// the route.
pub(crate) fn route_manifests(entry: &Entry) -> Option<PathBuf> {
    let stem = entry.file.file_stem()?;
    let manifest = entry.file.with_file_name(stem).join("react-loadable-manifest.json");
    manifest.is_file().then_some(manifest)
}

/// The modules Turbopack traces for every pages entry although no chunk names
/// them: what `next/dist/server/require-hook` resolves at run time
/// (`styled-jsx`) and the pages renderer `pages/module.compiled` picks.
pub(crate) fn pages_traced_modules(next_dist: &Path, styled_jsx: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(styled) = styled_jsx {
        out.extend(
            ["index.js", "style.js"].map(|f| styled.join(f)).into_iter().filter(|p| p.is_file()),
        );
    }
    let renderer = next_dist.join("compiled/next-server/pages-turbo.runtime.prod.js");
    if renderer.is_file() {
        out.push(renderer);
    }
    out
}

/// Whether Turbopack lists `file` of a route trace: it names no `package.json`
/// outside `node_modules` (the app's, the workspace root's, `.next`'s).
pub(crate) fn lists_in_route(root: &Path, file: &Path) -> bool {
    file.file_name().is_none_or(|n| n != "package.json") || paths::in_node_modules(root, file)
}

/// The specifiers of Turbopack's external requires and imports in a chunk:
/// `e.x("pkg-hash", () => require(..))` and `await e.y("pkg-hash")`, which load
/// `.next/node_modules/<pkg-hash>` (a link to the package).
fn turbopack_externals(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for needle in [".x(\"", ".y(\""] {
        let mut rest = text;
        while let Some(at) = rest.find(needle) {
            rest = &rest[at + needle.len()..];
            let Some(end) = rest.find('"') else { break };
            let spec = &rest[..end];
            if !spec.is_empty() && !spec.contains(['\n', '\\']) && !spec.starts_with('.') {
                out.push(spec);
            }
            rest = &rest[end..];
        }
    }
    out
}

/// `<entry>_client-reference-manifest.js` beside an app entry, when it exists.
pub(crate) fn client_reference_manifest(entry: &Entry) -> Option<PathBuf> {
    if entry.kind != EntryKind::App {
        return None;
    }
    let stem = entry.file.file_stem()?.to_string_lossy().replace("%5F", "_");
    let manifest = entry.file.with_file_name(format!("{stem}_client-reference-manifest.js"));
    manifest.is_file().then_some(manifest)
}

/// The contents of string literals that start with `prefix` and end in `.js`.
fn quoted_paths<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!("{quote}{prefix}");
        let mut rest = text;
        while let Some(at) = rest.find(&needle) {
            rest = &rest[at + 1..];
            let Some(end) = rest.find(quote) else { break };
            let candidate = &rest[..end];
            if Path::new(candidate).extension().is_some_and(|e| e == "js")
                && !candidate.contains('\n')
            {
                out.push(candidate);
            }
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{package_root, quoted_paths, turbopack_externals};
    use std::path::Path;

    #[test]
    fn finds_the_package_a_file_lies_in() {
        let root = Path::new("/r");
        let at = |f: &str| package_root(root, Path::new(f)).map(|p| p.display().to_string());
        assert_eq!(
            at("/r/node_modules/@swc/helpers/_/x/package.json").as_deref(),
            Some("/r/node_modules/@swc/helpers")
        );
        assert_eq!(
            at("/r/node_modules/next/dist/compiled/ws/package.json").as_deref(),
            Some("/r/node_modules/next")
        );
        assert_eq!(
            at("/r/node_modules/a/node_modules/b/package.json").as_deref(),
            Some("/r/node_modules/a/node_modules/b")
        );
        assert_eq!(at("/r/package.json"), None);
    }

    #[test]
    fn reads_turbopack_chunk_paths() {
        let text =
            "R.c(\"server/chunks/ssr/a._.js\")\nR.c('server/chunks/b.js')\n\"server/chunks/x.css\"";
        assert_eq!(
            quoted_paths(text, "server/chunks/"),
            ["server/chunks/ssr/a._.js", "server/chunks/b.js"]
        );
    }

    #[test]
    fn reads_the_modules_a_chunk_defines_and_requires() {
        let text = "module.exports=[12,(a,b,c)=>{let d=a.r(250),e=a.i(7);f(1,(x)=>x)},250,((a,b)=>{b.r(x)})];";
        let m = super::ChunkModules::parse(text);
        assert_eq!(m.defines.into_iter().collect::<Vec<_>>(), [12, 250]);
        assert_eq!(m.requires.into_iter().collect::<Vec<_>>(), [7, 250]);
    }

    #[test]
    fn reads_external_specifiers() {
        let text =
            r#"e.x("ejs-1a2b", () => require("ejs-1a2b")); await e.y("sharp-9f"); e.x("./x")"#;
        assert_eq!(turbopack_externals(text), ["ejs-1a2b", "sharp-9f"]);
    }
}
