//! The `.nft.json` files of a Next.js build (NEXT.md "Which .nft.json files" and
//! "The server traces"): one walk over every compiled entry, chunk and server entry,
//! then per-entry file sets cut out of its reasons graph with Next.js's ignore
//! rules (a file is dropped when it is ignored or when every parent that pulled it
//! in is), plus the source-level files webpack did not bundle (data read at run
//! time), plus `outputFileTracingIncludes/Excludes`.

use std::collections::{BTreeMap, BTreeSet};

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::glob::{GlobOptions, GlobSet};
use crate::graph::{PathId, ReasonType, Trace, Tracer};
use crate::options::TraceOptions;
use crate::paths;

use super::build::{BundlerMode, Entry, EntryKind, NextBuild};
use super::graph::Graph;
use super::rules;
use super::turbopack::{self, client_reference_manifest};
use super::warnings::NextWarning;

/// Ignored everywhere (the walk does not enter them). Next.js's shared list, in
/// its standalone form.
const SHARED_IGNORES: &[&str] = &[
    "**/next/dist/compiled/next-server/**/*.dev.js",
    "**/next/dist/compiled/webpack/*",
    "**/node_modules/webpack5/**/*",
    "**/next/dist/server/lib/route-resolver*",
    "**/next/dist/lib/upgrade/**/*",
    "**/next/dist/compiled/@mswjs/interceptors/ClientRequest/LICENSE",
    "**/next/dist/compiled/@mswjs/interceptors/ClientRequest/llhttp/**/*",
    "next/dist/compiled/semver/semver/**/*.js",
];

/// Also left out of `next-server.js.nft.json`.
const SERVER_IGNORES: &[&str] = &[
    "**/node_modules/react{,-dom,-dom-server-turbopack}/**/*.development.js",
    "**/*.d.ts",
    "**/*.map",
    "**/next/dist/pages/**/*",
];

/// Also left out of `next-minimal-server.js.nft.json`.
const MINIMAL_IGNORES: &[&str] = &[
    "**/next/dist/compiled/edge-runtime/**/*",
    "**/next/dist/server/web/sandbox/**/*",
    "**/next/dist/server/post-process.js",
];

/// Also left out of the per-route traces.
const ROUTE_IGNORES: &[&str] = &["**/next/dist/server/post-process.js"];

/// Also left out of webpack route traces: chunks come from the entry's own list.
const CHUNK_IGNORES: &[&str] = &["**/.next/server/chunks/**"];

/// Never part of a source-level trace (Next.js's `TRACE_IGNORES` and `node_modules`).
const SOURCE_IGNORES: &[&str] =
    &["**/*/next/dist/server/next.js", "**/*/next/dist/bin/next", "**/node_modules/**"];

const SOURCE_EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];

/// One `.nft.json` to write: its path and its file list (relative to its folder).
#[derive(Debug, Clone)]
pub(crate) struct TraceFile {
    pub path: PathBuf,
    /// As written: relative to the folder of `path`, sorted.
    pub files: Vec<String>,
    /// The same files, absolute and normalised, in the same order.
    pub absolute: Vec<PathBuf>,
    /// Whether the standalone folder copies what it lists.
    pub copied: bool,
}

impl TraceFile {
    /// The trace at `path` listing `files` (absolute) relative to `dir`, sorted by
    /// that text (a route's trace).
    fn sorted_by_text(path: PathBuf, dir: &Path, files: BTreeSet<PathBuf>, copied: bool) -> Self {
        let listed: BTreeMap<String, PathBuf> =
            files.into_iter().map(|f| (paths::relative(dir, &f), normalized(f))).collect();
        let (files, absolute) = listed.into_iter().unzip();
        Self { path, files, absolute, copied }
    }

    /// The trace at `path` listing `files` (absolute) relative to `dir`, in the
    /// order of the absolute paths (the server traces, as Next.js lists them).
    fn in_path_order(path: PathBuf, dir: &Path, files: BTreeSet<PathBuf>, copied: bool) -> Self {
        let (files, absolute) =
            files.into_iter().map(|f| (paths::relative(dir, &f), normalized(f))).unzip();
        Self { path, files, absolute, copied }
    }
}

/// `path` without `.` or `..` components (most paths have none: kept as they are).
fn normalized(path: PathBuf) -> PathBuf {
    let lexical = path
        .components()
        .any(|c| matches!(c, std::path::Component::CurDir | std::path::Component::ParentDir));
    if lexical { paths::normalize(&path) } else { path }
}

/// The options of the trace that [`compute`] needs.
pub(crate) struct RouteRules<'a> {
    pub includes: &'a [(String, String)],
    pub excludes: &'a [(String, String)],
}

fn contains_dot() -> GlobOptions {
    GlobOptions { dot: true, contains: true }
}

/// Next.js's ignore function: outside the root, or matched by `globs`.
struct IgnoreFn {
    globs: GlobSet,
}

impl IgnoreFn {
    fn new(lists: &[&[&str]], extra: &[String]) -> Self {
        let mut patterns: Vec<String> =
            lists.iter().flat_map(|l| l.iter().map(|s| (*s).to_owned())).collect();
        patterns.extend(extra.iter().cloned());
        Self { globs: GlobSet::new(&patterns, contains_dot()) }
    }

    fn matches(&self, rel: &str) -> bool {
        paths::escapes_base(rel) || self.globs.is_match(rel)
    }
}

/// The chunk files an entry loads, absolute: webpack's `X(0,[ids],…)` list of
/// `server/chunks/<id>.js`, or Turbopack's `"server/chunks/…"` paths (followed
/// through the chunks themselves).
fn entry_chunks(build: &NextBuild, entry: &Entry) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let server = build.dist_dir.join("server");
    let mut chunks = BTreeSet::new();
    let mut externals = BTreeSet::new();
    match build.mode {
        BundlerMode::Webpack => {
            if let Ok(text) = fs::read_to_string(&entry.file) {
                for id in webpack_chunk_ids(&text) {
                    let file = server.join("chunks").join(format!("{id}.js"));
                    if file.is_file() {
                        chunks.insert(file);
                    }
                }
            }
        }
        BundlerMode::Turbopack => {
            turbopack::entry_chunks(build, entry, &mut chunks, &mut externals);
        }
    }
    chunks.remove(&entry.file);
    (chunks.into_iter().collect(), externals.into_iter().collect())
}

/// The numeric ids in webpack's startup call `X(0,[1,2,3],…)`.
fn webpack_chunk_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(".X(0,[") {
        rest = &rest[at + 6..];
        let Some(end) = rest.find(']') else { break };
        for id in rest[..end].split(',') {
            let id = id.trim();
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

/// A pages entry that renders a page: not an API route, `_app` or `_document`.
fn is_plain_page(e: &Entry) -> bool {
    e.kind == EntryKind::Pages
        && !e.name.starts_with("pages/api/")
        && !matches!(e.name.as_str(), "pages/_app" | "pages/_document")
}

/// The chunks of prerendered pages entries whose compiled file Next.js deleted:
/// those every other (non-API) page loads, and in Turbopack builds the page's
/// own route-module chunk, found by its page name.
fn deleted_page_chunks(build: &NextBuild, chunks: &mut [Vec<PathBuf>]) {
    let is_page = is_plain_page;
    let mut shared: Option<BTreeSet<PathBuf>> = None;
    for (entry, list) in build.entries.iter().zip(chunks.iter()) {
        if is_page(entry) && entry.file.is_file() {
            let set: BTreeSet<PathBuf> = list.iter().cloned().collect();
            shared = Some(match shared {
                None => set,
                Some(prev) => prev.intersection(&set).cloned().collect(),
            });
        }
    }
    let shared = shared.unwrap_or_default();
    let used: BTreeSet<PathBuf> = build
        .entries
        .iter()
        .zip(chunks.iter())
        .filter(|(e, _)| e.file.is_file())
        .flat_map(|(_, list)| list.iter().cloned())
        .collect();
    for (entry, list) in build.entries.iter().zip(chunks.iter_mut()) {
        if entry.kind != EntryKind::Pages || entry.file.is_file() {
            continue;
        }
        let mut own: BTreeSet<PathBuf> = shared.clone();
        if build.mode == BundlerMode::Turbopack
            && let Some(module) = turbopack::page_module_chunk(build, entry)
        {
            own.insert(module);
            turbopack::add_defining_chunks(build, &used, &mut own);
        }
        *list = own.into_iter().collect();
    }
}

/// The source file of an entry, when it is the app's own (`pages/x.js`,
/// `src/app/y/page.tsx`, `proxy.ts`, ...).
fn entry_source(build: &NextBuild, entry: &Entry) -> Option<PathBuf> {
    let stems: Vec<String> = match entry.kind {
        EntryKind::Pages | EntryKind::App => vec![entry.name.clone()],
        EntryKind::Proxy => vec!["proxy".to_owned(), "middleware".to_owned()],
        EntryKind::Instrumentation => vec!["instrumentation".to_owned()],
    };
    for dir in [build.app_dir.clone(), build.app_dir.join("src")] {
        for stem in &stems {
            for ext in SOURCE_EXTENSIONS {
                let candidate = dir.join(format!("{stem}.{ext}"));
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
            if entry.kind == EntryKind::Pages {
                for ext in SOURCE_EXTENSIONS {
                    let candidate = dir.join(format!("{stem}/index.{ext}"));
                    if candidate.is_file() {
                        return Some(candidate);
                    }
                }
            }
        }
    }
    None
}

/// Next.js's source-level resolver records every `package.json` in the folders
/// above a module it resolved into `node_modules` (the root's, in a monorepo).
fn package_jsons_above_externals(
    root: &Path,
    trace: &Trace,
    graph: &Graph<'_>,
    source: &Path,
) -> BTreeSet<PathBuf> {
    let source_id = graph.id(source);
    let mut importers = graph.descendants(source_id);
    let mut externals: Vec<PathBuf> = Vec::new();
    // JSX compiles to an import of `react/jsx-runtime` that the source does not show.
    let is_jsx = |path: &Path| {
        let ext = paths::extension(path).trim_start_matches('.');
        ext == "jsx"
            || ext == "tsx"
            || (SOURCE_EXTENSIONS.contains(&ext)
                && fs::read_to_string(path).is_ok_and(|t| t.contains("</") || t.contains("/>")))
    };
    let has_jsx = is_jsx(source) || importers.iter().any(|&file| is_jsx(graph.path(file)));
    importers.extend(source_id);
    if has_jsx && let Some(react) = package_dir(source.parent().unwrap_or(root), "react") {
        externals.push(react.join("jsx-runtime.js"));
    }
    for (path, reason) in trace.reasons() {
        let external = reason.ignored()
            && reason.types().contains(&ReasonType::Dependency)
            && path.contains("node_modules/")
            && reason.parent_ids().iter().any(|p| importers.contains(p));
        if !external {
            continue;
        }
        if !paths::escapes_base(path) {
            externals.push(trace.path(reason.id()).to_path_buf());
        }
    }
    externals.iter().flat_map(|external| package_jsons_above(root, external)).collect()
}

/// The `package.json` files in the folders above `path`, inside `root` and outside
/// `node_modules`.
fn package_jsons_above(root: &Path, path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dir = path.to_path_buf();
    while dir.pop() && dir.starts_with(root) {
        let candidate = dir.join("package.json");
        if !paths::relative(root, &candidate).contains("node_modules/") && candidate.is_file() {
            out.push(candidate);
        }
    }
    out
}

/// Resolves a package directory the way `require.resolve` finds it from `from`.
fn package_dir(from: &Path, name: &str) -> Option<PathBuf> {
    from.ancestors()
        .map(|dir| dir.join("node_modules").join(name))
        .find(|candidate| candidate.join("package.json").is_file())
        .and_then(|dir| fs::canonicalize(dir).ok())
}

fn existing(path: PathBuf) -> Option<PathBuf> {
    path.is_file().then_some(path)
}

/// The entry files of the two server traces.
struct ServerEntries {
    /// The major version of the installed `next`.
    next_major: u32,
    /// `next/dist`, real path.
    next_dist: PathBuf,
    /// The `styled-jsx` package `next` resolves, real path.
    styled_jsx: Option<PathBuf>,
    server: Vec<PathBuf>,
    minimal: Vec<PathBuf>,
    /// Added to the server trace as they are (not traced).
    extra: Vec<PathBuf>,
    /// `route-modules/{app-page,pages}/module.compiled.js` and their contexts.
    modules: Vec<PathBuf>,
}

fn server_entries(build: &NextBuild) -> Result<ServerEntries, Error> {
    let next = package_dir(&build.app_dir, "next").ok_or_else(|| {
        Error::InvalidOption(format!(
            "the `next` package is not installed for {}",
            build.app_dir.display()
        ))
    })?;
    let dist = next.join("dist");
    let mut shared = Vec::new();
    let styled_jsx = package_dir(&dist.join("server"), "styled-jsx");
    if let Some(styled) = &styled_jsx {
        shared.extend(existing(styled.join("index.js")));
        shared.extend(existing(styled.join("style.js")));
    }
    for handler in cache_handlers(build) {
        shared.push(handler);
    }
    let mut server = shared.clone();
    for module in [
        "server/lib/start-server.js",
        "server/next.js",
        "server/require-hook.js",
        "server/next-server.js",
    ] {
        server.extend(existing(dist.join(module)));
    }
    let mut minimal = shared;
    minimal.extend(existing(dist.join("compiled/next-server/server.runtime.prod.js")));
    let extra = ["compiled/jest-worker/processChild.js", "compiled/jest-worker/threadChild.js"]
        .iter()
        .filter_map(|m| existing(dist.join(m)))
        .collect();
    let mut modules = Vec::new();
    for kind in ["app-page", "pages"] {
        let dir = dist.join("server/route-modules").join(kind);
        let contexts = dir.join("vendored/contexts");
        if let Ok(read) = fs::read_dir(&contexts) {
            let mut items: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
            items.sort();
            modules.extend(items);
        }
        modules.extend(existing(dir.join("module.compiled.js")));
    }
    let next_major = fs::read_to_string(next.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("version")?.as_str()?.split('.').next()?.parse().ok())
        .unwrap_or(16);
    Ok(ServerEntries { next_major, next_dist: dist, styled_jsx, server, minimal, extra, modules })
}

/// `cacheHandler` and `cacheHandlers` of the config, resolved against the app.
fn cache_handlers(build: &NextBuild) -> Vec<PathBuf> {
    let tracing = &build.tracing;
    let handlers = tracing.cache_handlers.values().flatten();
    tracing
        .cache_handler
        .iter()
        .chain(handlers)
        .filter_map(|spec| {
            let spec = spec.strip_prefix("file://").unwrap_or(spec);
            let path = paths::absolutize(&build.app_dir, Path::new(spec));
            let candidates = [path.clone(), path.with_extension("js")];
            candidates.into_iter().find(|p| p.is_file())
        })
        .collect()
}

/// The per-route include or exclude globs of the config followed by the
/// command line's.
fn route_globs(
    config: &BTreeMap<String, Vec<String>>,
    extra: &[(String, String)],
) -> rules::RouteGlobs {
    let mut out: Vec<(String, String)> = config
        .iter()
        .flat_map(|(route, globs)| globs.iter().map(|g| (route.clone(), g.clone())))
        .collect();
    out.extend(extra.iter().cloned());
    rules::RouteGlobs::new(out)
}

/// Computes every `.nft.json` of the build.
pub(crate) fn compute(
    build: &NextBuild,
    base_options: &TraceOptions,
    rules: &RouteRules<'_>,
    warnings: &mut Vec<NextWarning>,
    diagnostics: &mut Vec<crate::Diagnostic>,
) -> Result<Vec<TraceFile>, Error> {
    let root = &build.root;
    let rel = |path: &Path| paths::relative(root, path);
    let excludes = route_globs(&build.tracing.output_file_tracing_excludes, rules.excludes);
    let includes = route_globs(&build.tracing.output_file_tracing_includes, rules.includes);

    // Exclude keys that match `next-server` feed the server ignores.
    let mut extra_ignores = excludes.for_next_server();

    let (mut chunks, externals): (Vec<Vec<PathBuf>>, Vec<Vec<PathBuf>>) =
        build.entries.iter().map(|e| entry_chunks(build, e)).unzip();
    deleted_page_chunks(build, &mut chunks);
    let servers = server_entries(build)?;
    let turbopack = build.mode == BundlerMode::Turbopack;
    // Turbopack traces every pages entry with the modules the require hook and
    // the pages renderer load, which no chunk names.
    let pages_modules = if turbopack {
        turbopack::pages_traced_modules(&servers.next_dist, servers.styled_jsx.as_deref())
    } else {
        Vec::new()
    };

    // Next.js 15 still ships AMP: its optimizer is ignored unless a page uses AMP
    // (which nft-rs cannot see after the build; AMP pages are rare and gone in 16).
    let mut route_extra = extra_ignores.clone();
    if servers.next_major < 16 {
        let amp = "**/next/dist/compiled/@ampproject/toolbox-optimizer/**/*".to_owned();
        extra_ignores.push(amp.clone());
        route_extra.push(amp);
        route_extra.push("**/next/dist/server/optimize-amp.js".to_owned());
    }

    let mut options = base_options.clone();
    options.base.clone_from(root);
    options.process_cwd = Some(build.app_dir.clone());
    options.mixed_modules = true;
    options.module_sync_catchall = true;
    options.ignore_options = contains_dot();
    options.ignore = SHARED_IGNORES.iter().map(|s| (*s).to_owned()).collect();
    options.ignore.extend(extra_ignores.iter().cloned());
    // Chunks come from each entry's own list, never from a runtime's glob.
    options.ignore.push(format!("{}/server/chunks/**", rel(&build.dist_dir)));
    // The walk reaches more than the traces keep (Next's build-time templates):
    // strict mode judges the written traces, in `trace_app`, not the walk.
    options.strict = false;
    let tracer = Tracer::new(options.clone())?;

    // A Turbopack external is loaded through its `.next/node_modules` link, by a
    // runtime helper the analysis cannot see: it is resolved as Node would (both
    // `require` and `import`) and traced from the real files behind the link.
    let external_entries: BTreeMap<PathBuf, Vec<PathBuf>> = externals
        .iter()
        .flatten()
        .map(|link| {
            let name = link.file_name().map(|n| n.to_string_lossy().into_owned());
            let importer = build.dist_dir.join("[turbopack-external]");
            let files = name
                .map(|spec| tracer.resolve_specifier(&importer, &spec))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|f| fs::canonicalize(f).ok())
                .collect();
            (link.clone(), files)
        })
        .collect();

    let mut walk_entries: BTreeSet<PathBuf> = BTreeSet::new();
    for (entry, entry_chunks) in build.entries.iter().zip(&chunks) {
        if entry.file.is_file() {
            walk_entries.insert(entry.file.clone());
        }
        walk_entries.extend(entry_chunks.iter().cloned());
    }
    walk_entries.extend(pages_modules.iter().cloned());
    walk_entries.extend(external_entries.values().flatten().cloned());
    walk_entries.extend(servers.server.iter().cloned());
    walk_entries.extend(servers.minimal.iter().cloned());
    let walk: Vec<PathBuf> = walk_entries.into_iter().collect();
    let trace = tracer.trace(&walk)?;
    warnings.extend(trace.diagnostics().iter().cloned().map(NextWarning::Trace));
    diagnostics.extend(trace.diagnostics().iter().cloned());
    let graph = Graph::new(&trace);

    // Source-level files webpack left on disk (data read through fs).
    let sources: Vec<Option<PathBuf>> =
        build.entries.iter().map(|e| entry_source(build, e)).collect();
    let source_walk: Vec<PathBuf> = sources.iter().flatten().cloned().collect();
    let mut source_options = options;
    source_options.ignore = SOURCE_IGNORES.iter().map(|s| (*s).to_owned()).collect();
    let source_trace = if source_walk.is_empty() {
        Trace::default()
    } else {
        Tracer::new(source_options)?.trace(&source_walk)?
    };
    let source_graph = Graph::new(&source_trace);

    let mut out = Vec::new();
    let mut package_jsons = turbopack::PackageJsons::default();

    // Per-route traces.
    // Webpack entries carry their app code, so what only chunks pull in is left
    // out (as Next.js does); Turbopack entries are thin and their code is in chunks.
    let route_lists: &[&[&str]] = match build.mode {
        BundlerMode::Webpack => &[SHARED_IGNORES, ROUTE_IGNORES, CHUNK_IGNORES],
        BundlerMode::Turbopack => &[SHARED_IGNORES, ROUTE_IGNORES, turbopack::RUNTIME_IGNORES],
    };
    let route_ignore = IgnoreFn::new(route_lists, &route_extra);
    let route_kept = graph.kept(&|f| route_ignore.matches(f));
    let mut route_files: Vec<(PathBuf, PathBuf, String, BTreeSet<PathBuf>)> = Vec::new();
    for (((entry, entry_chunks), source), links) in
        build.entries.iter().zip(&chunks).zip(&sources).zip(&externals)
    {
        let trace_path = entry.file.with_file_name(format!(
            "{}.nft.json",
            entry.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ));
        let dir = entry.file.parent().unwrap_or(root).to_path_buf();
        let mut files: BTreeSet<PathBuf> = BTreeSet::new();
        files.extend(entry_chunks.iter().cloned());
        files.extend(client_reference_manifest(entry));
        let mut roots = vec![graph.id(&entry.file)];
        roots.extend(entry_chunks.iter().map(|c| graph.id(c)));
        let deleted = !entry.file.is_file();
        if turbopack {
            files.extend(turbopack::route_manifests(entry));
            if entry.kind == EntryKind::Pages {
                files.extend(pages_modules.iter().cloned());
                roots.extend(pages_modules.iter().map(|m| graph.id(m)));
            }
        } else if deleted {
            // A prerendered page whose compiled file Next.js deleted: its trace
            // holds what the webpack plugin wrote, the runtime and the chunks.
            roots.clear();
            files.extend(existing(build.dist_dir.join("server/webpack-runtime.js")));
        }
        for link in links {
            files.insert(link.clone());
            for target in external_entries.get(link).into_iter().flatten() {
                files.insert(target.clone());
                roots.push(graph.id(target));
            }
        }
        // Turbopack applies a route's excludes in its walk: nothing reached only
        // through an excluded file stays.
        let route = rules::route_of_entry(&entry.name);
        let pruned = rules::Excluded::new(&build.app_dir, &route, &excludes)
            .filter(|_| turbopack)
            .map(|excluded| {
                let graph = &graph;
                move |file: PathId| excluded.matches(graph.path(file))
            });
        for &r in &roots {
            let found = match &pruned {
                Some(skip) => graph.descendants_without(r, skip),
                None => graph.descendants(r),
            };
            for file in found {
                if route_kept.contains(&file) {
                    files.insert(graph.path(file).to_path_buf());
                }
            }
        }
        if let Some(source) = source {
            for file in source_graph.descendants(source_graph.id(source)) {
                let bundled = source_graph.reason(file).is_some_and(|r| {
                    !r.types().contains(&ReasonType::Asset)
                        && r.types().contains(&ReasonType::Dependency)
                });
                if !bundled {
                    files.insert(source_graph.path(file).to_path_buf());
                }
            }
            files.extend(package_jsons_above_externals(root, &source_trace, &source_graph, source));
        }
        if source.is_none()
            && !turbopack
            && entry.kind == EntryKind::Pages
            && matches!(entry.name.as_str(), "pages/_app" | "pages/_document")
        {
            // Next.js lists its built-in page and, from resolving its imports into
            // `node_modules`, the package.json files above `next` outside
            // `node_modules` (the workspace root's in a monorepo).
            let builtin = servers.next_dist.join(format!("{}.js", entry.name));
            files.extend(existing(builtin));
            files.extend(package_jsons_above(root, &servers.next_dist));
        }
        files.remove(&entry.file);

        if turbopack {
            files.retain(|f| turbopack::lists_in_route(root, f) && package_jsons.lists(root, f));
        }
        route_files.push((trace_path, dir, route, files));
    }

    // Next.js skips prerendered pages in its route pass by comparing the page
    // (`/about`) with a normalised name (`/about`; `/index/index` for an index
    // page, which never matches): an index page's trace gets what every page
    // gets from the shared chunks and the runtime, as the other pages list it.
    if !turbopack {
        let mut shared: Option<BTreeSet<PathBuf>> = None;
        for (entry, (_, _, _, files)) in build.entries.iter().zip(&route_files) {
            if is_plain_page(entry) && entry.file.is_file() {
                shared = Some(match shared {
                    None => files.clone(),
                    Some(prev) => prev.intersection(files).cloned().collect(),
                });
            }
        }
        let shared = shared.unwrap_or_default();
        for (entry, (_, _, _, files)) in build.entries.iter().zip(route_files.iter_mut()) {
            let index_page = entry.name == "pages/index" || entry.name.ends_with("/index");
            if entry.kind == EntryKind::Pages && !entry.file.is_file() && index_page {
                files.extend(shared.iter().cloned());
            }
        }
    }
    for (entry, (trace_path, dir, route, files)) in build.entries.iter().zip(route_files) {
        let mut files = files;
        // Next.js's static-page check compares page names with route names and
        // never matches: the rules reach static pages' traces too.
        rules::apply(&build.app_dir, &route, &includes, &excludes, &mut files, warnings)?;
        out.push(TraceFile::sorted_by_text(trace_path, &dir, files, !entry.is_static));
    }

    // The two server traces.
    let server_lists: &[&[&str]] = if turbopack {
        &[SHARED_IGNORES, SERVER_IGNORES, turbopack::SERVER_IGNORES, turbopack::RUNTIME_IGNORES]
    } else {
        &[SHARED_IGNORES, SERVER_IGNORES]
    };
    let server_ignore = IgnoreFn::new(server_lists, &extra_ignores);
    let minimal_lists: Vec<&[&str]> =
        server_lists.iter().copied().chain([MINIMAL_IGNORES]).collect();
    let minimal_ignore = IgnoreFn::new(&minimal_lists, &extra_ignores);
    for (name, entries, ignore, copied) in [
        ("next-server.js.nft.json", &servers.server, &server_ignore, true),
        ("next-minimal-server.js.nft.json", &servers.minimal, &minimal_ignore, false),
    ] {
        let mut files: BTreeSet<PathBuf> = BTreeSet::new();
        if turbopack {
            // Turbopack walks each server trace from its own entries and prunes
            // at ignored files.
            files.extend(entries.iter().cloned());
            for entry in entries {
                let skip = |f: PathId| ignore.matches(graph.rel(f));
                let found = graph.descendants_without(graph.id(entry), &skip);
                files.extend(found.into_iter().map(|f| graph.path(f).to_path_buf()));
            }
        } else {
            let kept = graph.kept(&|f| ignore.matches(f));
            for entry in entries {
                files.insert(entry.clone());
                for file in graph.descendants(graph.id(entry)) {
                    if kept.contains(&file) {
                        files.insert(graph.path(file).to_path_buf());
                    }
                }
            }
        }
        if copied && !turbopack {
            files.extend(servers.extra.iter().cloned());
        }
        if turbopack {
            files.retain(|f| package_jsons.lists(root, f));
        }
        if servers.next_major < 16 {
            // Next.js 15 lists the build's `package.json` (`{"type":"commonjs"}`).
            files.extend(existing(build.dist_dir.join("package.json")));
        }
        for module in &servers.modules {
            if !server_ignore.matches(&rel(module)) {
                files.insert(module.clone());
            }
        }
        let path = build.dist_dir.join(name);
        out.push(TraceFile::in_path_order(path, &build.dist_dir, files, copied));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::webpack_chunk_ids;

    #[test]
    fn reads_webpack_startup_chunk_ids() {
        let text = r#"var b=require("../webpack-runtime.js");b.C(a);var c=b.X(0,[662,206],()=>b(b.s=5269));"#;
        assert_eq!(webpack_chunk_ids(text), ["662", "206"]);
        assert!(webpack_chunk_ids("x.X(1,[2])").is_empty());
    }
}
