//! The parallel walk. Each real path is claimed once (once per better depth when
//! `--depth` is set): it is read, parsed and analysed at most once per tracer, and
//! re-reaching it only adds a parent. Everything lands in concurrent maps that are
//! sorted at the end, so the output is the same for 1 thread and for N.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::analyze::{self, DepKind, FileFacts, ModuleHint};
use crate::error::{Diagnostic, Problem, Severity};
use crate::paths;
use crate::resolve::Resolution;

use super::assets::Owner;
use super::ids::{PathId, PathTable};
use super::realpath::SymlinkLoop;
use super::reasons::{Reason, ReasonType, Trace};
use super::{FxDashMap, Inner, PackageInfo};

/// What is known about one emitted path while the walk runs.
#[derive(Default)]
struct Acc {
    types: u8,
    /// Deduplicated in `finish`.
    parents: Vec<PathId>,
    /// Emitted without a parent (an entry, or a link on an entry's path): never ignored.
    rooted: bool,
}

pub(crate) struct Walk<'a> {
    inner: &'a Inner,
    /// Real path → best remaining depth it was processed with, plus one.
    claimed: FxDashMap<PathId, u32>,
    reasons: FxDashMap<PathId, Acc>,
    esm: FxDashMap<PathId, ()>,
    diagnostics: Mutex<Vec<Diagnostic>>,
    depth_limit: u32,
    /// The `browser` condition was asked for: honour `browser` field maps.
    browser: bool,
}

impl<'a> Walk<'a> {
    pub(crate) fn new(inner: &'a Inner) -> Self {
        Self {
            inner,
            claimed: FxDashMap::default(),
            reasons: FxDashMap::default(),
            esm: FxDashMap::default(),
            diagnostics: Mutex::new(Vec::new()),
            depth_limit: inner.options.depth.unwrap_or(u32::MAX - 1),
            browser: inner.options.conditions.iter().any(|c| c == "browser"),
        }
    }

    pub(crate) fn run(self, entries: &[PathBuf]) -> Trace {
        rayon::scope(|scope| {
            for entry in entries {
                let entry = self.ids().intern(entry);
                if let Some(real) = self.realpath_emit(entry, None) {
                    self.emit(real, ReasonType::Initial, None);
                }
                let this = &self;
                scope.spawn(move |s| this.dependency(s, entry, None, this.depth_limit));
            }
        });
        self.finish()
    }

    pub(super) fn inner(&self) -> &'a Inner {
        self.inner
    }

    /// The tracer's path table.
    pub(super) fn ids(&self) -> &'a PathTable {
        &self.inner.paths
    }

    pub(super) fn warn(&self, file: &Path, problem: Problem) {
        self.report(file, problem, false);
    }

    /// Records a problem with `file`. `tolerated`: Node carries on without what
    /// is missing (a `try` around it, an optional dependency), so it stays a
    /// warning even in strict mode.
    pub(super) fn report(&self, file: &Path, problem: Problem, tolerated: bool) {
        let severity = match problem {
            _ if tolerated => Severity::Warning,
            Problem::PackageJson { .. } | Problem::LargeExpansion { .. } => Severity::Warning,
            _ => Severity::Error,
        };
        let diagnostic =
            Diagnostic::new(paths::relative(&self.inner.base, file), severity, problem);
        self.diagnostics.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(diagnostic);
    }

    /// Records that `path` was reached; returns whether it is kept (not ignored).
    fn emit(&self, id: PathId, ty: ReasonType, parent: Option<PathId>) -> bool {
        {
            let mut acc = self.reasons.entry(id).or_default();
            acc.types |= ty.bit();
            match parent {
                Some(p) => {
                    if acc.parents.last() != Some(&p) {
                        acc.parents.push(p);
                    }
                }
                None => acc.rooted = true,
            }
        }
        parent.is_none() || !self.inner.is_ignored_id(id)
    }

    /// Resolves the links of `id`, emitting each link passed (`resolve`).
    fn realpath_emit(&self, id: PathId, parent: Option<PathId>) -> Option<PathId> {
        match self.inner.realpath(id) {
            Ok(rp) => {
                for &hop in &rp.hops {
                    self.emit(hop, ReasonType::Resolve, parent);
                }
                Some(rp.real)
            }
            Err(SymlinkLoop(link)) => {
                let at = self.ids().path(parent.unwrap_or(id));
                let link = paths::relative(&self.inner.base, link);
                self.warn(at, Problem::SymlinkLoop { link });
                None
            }
        }
    }

    /// Emits a file (following its links) with the given reason.
    pub(super) fn emit_file(&self, path: &Path, ty: ReasonType, parent: Option<PathId>) {
        self.emit_id(self.ids().intern(path), ty, parent);
    }

    /// [`Walk::emit_file`] of an interned path.
    pub(super) fn emit_id(&self, id: PathId, ty: ReasonType, parent: Option<PathId>) {
        if let Some(real) = self.realpath_emit(id, parent) {
            self.emit(real, ty, parent);
        }
    }

    /// Whether this walk should process `real` with `remaining` depth: the first
    /// time it is reached, or (with `--depth`) by a shorter way than before.
    /// Without a limit, a file reached first by a long chain of imports and then
    /// by a short one was walked and analysed twice, often on both workers at
    /// once (next-server.js: 13 files, its two largest among them).
    fn claim(&self, real: PathId, remaining: u32) -> bool {
        let mut slot = self.claimed.entry(real).or_insert(0);
        if *slot > remaining || (*slot > 0 && self.inner.options.depth.is_none()) {
            return false;
        }
        *slot = remaining + 1;
        true
    }

    pub(super) fn dependency<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        id: PathId,
        parent: Option<PathId>,
        remaining: u32,
    ) {
        let Some(real_id) = self.realpath_emit(id, parent) else { return };
        if !self.emit(real_id, ReasonType::Dependency, parent) || !self.claim(real_id, remaining) {
            return;
        }
        let real = self.ids().path(real_id);
        let ext = paths::extension(real);
        if ext == ".json" {
            return;
        }
        if ext == ".node" {
            self.emit_shared_libs(real_id);
            return;
        }
        let package = self.inner.package_of_id(real_id);
        if ext == ".js" || ext == ".ts" {
            // `"type"` in the nearest package.json changes how Node reads these.
            if let Some(pkg) = package {
                self.emit_package_json(pkg, real_id);
            }
        }
        if self.browser
            && let Some(pkg) = package
        {
            self.browser_remaps(scope, pkg, real_id, remaining);
        }
        if remaining == 0 {
            return;
        }
        let hint = match ext {
            ".mjs" | ".mts" => ModuleHint::Esm,
            ".cjs" | ".cts" => ModuleHint::Detect,
            _ if package.as_ref().is_some_and(|p| p.is_module) => ModuleHint::Esm,
            _ => ModuleHint::Detect,
        };
        let Some(facts) = self.facts(real_id, hint) else { return };
        if let Some(error) = &facts.parse_error {
            // A file without a code extension reached as code (a data file a
            // computed `require` pattern matched) is not something Node runs.
            let code =
                matches!(ext, ".js" | ".mjs" | ".cjs" | ".ts" | ".mts" | ".cts" | ".jsx" | ".tsx");
            self.report(
                real,
                Problem::Parse { message: error.message.clone(), position: error.position },
                !code,
            );
        }
        if facts.is_esm {
            self.esm.insert(real_id, ());
        }
        if !facts.references.is_empty() {
            let owner = Owner { id: real_id, file: real, remaining };
            self.emit_references(scope, &owner, &facts.references);
        }
        for dep in &facts.deps {
            let esm = dep.kind == DepKind::Import || facts.is_esm;
            match self.inner.resolver.resolve(real, &dep.specifier, esm) {
                Resolution::Builtin => {}
                Resolution::NotFound(reason) => {
                    let tolerated = dep.optional
                        || crate::resolve::package_name(&dep.specifier)
                            .is_some_and(|name| self.tolerates(real, package, name));
                    let problem = Problem::Unresolved { specifier: dep.specifier.clone(), reason };
                    self.report(real, problem, tolerated);
                }
                Resolution::Files { files, package_jsons, used_imports } => {
                    for pj in &package_jsons {
                        self.emit_file(pj, ReasonType::Resolve, Some(real_id));
                    }
                    if used_imports && let Some(pkg) = package {
                        self.emit_package_json(pkg, real_id);
                    }
                    for file in &files {
                        if let Some(pj) = self.main_of_named_dir(real, &dep.specifier, file)
                            && !package_jsons.contains(&pj)
                        {
                            self.emit_file(&pj, ReasonType::Resolve, Some(real_id));
                        }
                    }
                    for file in files {
                        let file = self.ids().intern(&file);
                        scope.spawn(move |s| {
                            self.dependency(s, file, Some(real_id), remaining - 1);
                        });
                    }
                }
            }
        }
    }

    /// The `package.json` of the folder a specifier named, when its `main`
    /// (`"main": "index.js"`) led to `file`, the folder's `index` file. Node reads
    /// it to find the `main` (`@vercel/nft` counts the importer as a parent of
    /// it); the resolver reports only the `package.json`s a plain `index` lookup
    /// could not do without.
    fn main_of_named_dir(&self, importer: &Path, specifier: &str, file: &Path) -> Option<PathBuf> {
        let folder = file.parent()?;
        if file.file_stem().is_none_or(|s| s != "index") {
            return None;
        }
        let spec = specifier.trim_end_matches('/');
        let named = if crate::resolve::is_relative(specifier) {
            paths::absolutize(importer.parent()?, Path::new(spec)) == folder
        } else {
            // `pkg/sub/dir`: a bare name alone is the package root, reported already.
            spec.contains('/') && !spec.starts_with('#') && folder.ends_with(spec)
        };
        if !named {
            return None;
        }
        let pkg = self.inner.package_of(file)?;
        if pkg.path.parent() != Some(folder) {
            return None;
        }
        // `"main": "index.js"`, `"index"`, `"."`: not a `main` that was missing.
        let target = paths::absolutize(folder, Path::new(pkg.main.as_deref()?));
        let led = target == file || target == file.with_extension("") || target == folder;
        led.then(|| pkg.path.clone())
    }

    /// Whether the absence of package `name`, required by `importer`, is tolerated
    /// in strict mode: a known optional package, one the options name, or one the
    /// importer's nearest `package.json` or its package's root `package.json`
    /// declares optional (`next/dist/compiled/sass-loader` is inside `next`,
    /// which declares `sass` an optional peer).
    fn tolerates(&self, importer: &Path, package: Option<&Arc<PackageInfo>>, name: &str) -> bool {
        KNOWN_OPTIONAL.contains(&name)
            || self.inner.options.optional_packages.iter().any(|p| p == name)
            || package.is_some_and(|p| p.optional.contains(name))
            || paths::package_root(importer)
                .and_then(|root| self.inner.package_of(&root.join("package.json")))
                .is_some_and(|p| p.optional.contains(name))
    }

    /// With the `browser` condition, a file that its package's `browser` field
    /// maps to another brings that file too (as `@vercel/nft` does).
    fn browser_remaps<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        pkg: &'a PackageInfo,
        real: PathId,
        remaining: u32,
    ) {
        let resolve = |spec: &str| match self.inner.resolver.resolve(&pkg.path, spec, false) {
            Resolution::Files { files, .. } => files.into_iter().next(),
            _ => None,
        };
        for (from, to) in &pkg.browser {
            let Some(from) = resolve(from) else { continue };
            if self.inner.realpath_of(&from).as_ref().is_ok_and(|rp| rp.real == real)
                && let Some(to) = resolve(to)
            {
                let to = self.ids().intern(&to);
                scope.spawn(move |s| {
                    self.dependency(s, to, Some(real), remaining.saturating_sub(1));
                });
            }
        }
    }

    fn emit_package_json(&self, pkg: &PackageInfo, parent: PathId) {
        if let Some(problem) = &pkg.problem {
            self.warn(&pkg.path, problem.clone());
        }
        self.emit_file(&pkg.path, ReasonType::Resolve, Some(parent));
    }

    fn facts(&self, id: PathId, hint: ModuleHint) -> Option<&'a Arc<FileFacts>> {
        let node = self.ids().node(id);
        if let Some(hit) = node.facts.get() {
            return Some(hit);
        }
        let real = &node.path;
        let bytes = match self.inner.fs.read(real) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.warn(real, Problem::Read { error: e.to_string() });
                return None;
            }
        };
        if looks_binary(&bytes) {
            // A data file reached as code (an extensionless binary): nothing to parse.
            return Some(node.facts.get_or_init(|| Arc::new(FileFacts::default())));
        }
        let cache = self.inner.cache.as_ref().map(|c| (c, c.key(real, hint, &bytes)));
        if let Some(cached) = cache.as_ref().and_then(|(c, key)| c.get(key)) {
            return Some(node.facts.get_or_init(|| Arc::new(cached)));
        }
        // Nearly every file is valid UTF-8, and checking that is ten times cheaper
        // than the lossy conversion's scan.
        let source = match std::str::from_utf8(&bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&bytes),
        };
        // Last line of defence: a parser bug on one hostile file (swc 47 panics on
        // `<a:b.c>` in JSX, found by fuzzing) must not take the trace down.
        let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            analyze::analyze_source(real, &source, hint, &self.inner.analyze_options)
        }));
        if let (Some((cache, key)), Ok(facts)) = (&cache, &analysed) {
            cache.put(key, facts);
        }
        let facts = Arc::new(analysed.unwrap_or_else(|payload| {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            FileFacts {
                parse_error: Some(analyze::ParseError::without_position(format!(
                    "the parser failed internally ({why}); traced without analysis"
                ))),
                ..FileFacts::default()
            }
        }));
        Some(node.facts.get_or_init(|| facts))
    }

    fn finish(self) -> Trace {
        let inner = self.inner;
        let table = &inner.paths;
        let mut trace = Trace::new(Arc::clone(table));
        for (id, acc) in self.reasons {
            let ignored = !acc.rooted && inner.is_ignored_id(id);
            let types = ReasonType::ALL.into_iter().filter(|t| acc.types & t.bit() != 0).collect();
            let mut parent_ids = acc.parents;
            parent_ids.sort_unstable();
            parent_ids.dedup();
            let mut parents: Vec<String> =
                parent_ids.iter().map(|&p| table.rel(p).to_owned()).collect();
            parents.sort();
            parents.dedup();
            let reason = Reason { types, ignored, parents, id, parent_ids };
            trace.reasons.insert(table.rel(id).to_owned(), reason);
        }
        trace.esm = self.esm.into_iter().map(|(id, ())| table.rel(id).to_owned()).collect();
        let mut diagnostics =
            self.diagnostics.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        diagnostics.sort();
        diagnostics.dedup();
        trace.diagnostics = diagnostics;
        trace
    }
}

impl Inner {
    /// Whether a base-relative path is left out of the trace (outside the base, or
    /// matched by an ignore glob). Entries are never ignored.
    pub(crate) fn is_ignored(&self, rel: &str) -> bool {
        paths::escapes_base(rel)
            || self.ignore.is_match(rel)
            || self.ignore_hook.as_ref().is_some_and(|ignore| ignore(rel))
    }

    /// [`Inner::is_ignored`] for an absolute, normalised path. Most traces ignore
    /// nothing: then only a path outside the base is left out, and the relative
    /// path is not built (this runs for every edge of the graph).
    pub(crate) fn is_ignored_id(&self, id: PathId) -> bool {
        let node = self.paths.node(id);
        if self.ignore.is_empty() && self.ignore_hook.is_none() && node.path.starts_with(&self.base)
        {
            return false;
        }
        // Remembered per path: a module is reached once per file that requires it,
        // and Next.js's ignore lists are dozens of `contains` patterns.
        *node.ignored.get_or_init(|| self.is_ignored(self.paths.rel(id)))
    }

    /// [`Inner::is_ignored_id`] of a path (interned only when the answer needs it).
    pub(crate) fn is_ignored_path(&self, path: &Path) -> bool {
        if self.ignore.is_empty() && self.ignore_hook.is_none() && path.starts_with(&self.base) {
            return false;
        }
        self.is_ignored_id(self.paths.intern(path))
    }

    /// [`Inner::package_of`] of an interned file, remembered on it.
    pub(crate) fn package_of_id(&self, id: PathId) -> Option<&Arc<PackageInfo>> {
        let node = self.paths.node(id);
        node.package.get_or_init(|| self.package_of(&node.path)).as_ref()
    }

    /// The nearest `package.json` above `file` (cached per directory).
    pub(crate) fn package_of(&self, file: &Path) -> Option<Arc<PackageInfo>> {
        let mut dir = file.parent();
        while let Some(d) = dir {
            if let Some(hit) = self.packages.get(d) {
                if let Some(pkg) = hit.as_ref() {
                    return Some(Arc::clone(pkg));
                }
            } else {
                let pkg = self.read_package(d);
                self.packages.insert(d.to_path_buf(), pkg.clone());
                if pkg.is_some() {
                    return pkg;
                }
            }
            dir = d.parent();
        }
        None
    }

    fn read_package(&self, dir: &Path) -> Option<Arc<PackageInfo>> {
        let path = dir.join("package.json");
        let meta = self.fs.metadata(&path).ok()?;
        if meta.kind != crate::fs::FileKind::File {
            return None;
        }
        let mut info = PackageInfo {
            path,
            is_module: false,
            main: None,
            browser: Vec::new(),
            optional: BTreeSet::new(),
            problem: None,
        };
        match self.fs.read(&info.path) {
            Ok(bytes) => match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(json) => {
                    info.is_module = json.get("type").and_then(|t| t.as_str()) == Some("module");
                    info.optional = optional_names(&json);
                    info.main = json.get("main").and_then(|m| m.as_str()).map(str::to_owned);
                    if let Some(map) = json.get("browser").and_then(serde_json::Value::as_object) {
                        info.browser = map
                            .iter()
                            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                            .filter(|(k, v)| k.starts_with("./") && v.starts_with("./"))
                            .collect();
                    }
                }
                Err(e) => info.problem = Some(Problem::PackageJson { error: e.to_string() }),
            },
            Err(e) => info.problem = Some(Problem::Read { error: e.to_string() }),
        }
        Some(Arc::new(info))
    }
}

/// A NUL byte in the first 8 KiB: not JavaScript.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// Packages that code commonly loads only when present, outside any `try` the
/// analysis can see (through a helper, or an optional peer the package does not
/// declare): their absence is tolerated in strict mode.
const KNOWN_OPTIONAL: &[&str] = &[
    // macOS-only file watcher, an optional dependency of chokidar and others.
    "fsevents",
    // Native speed-ups of ws, loaded behind their own checks.
    "bufferutil",
    "utf-8-validate",
    // node-fetch's optional charset support.
    "encoding",
    // pg's native bindings (`pg.native`), loaded on demand.
    "pg-native",
];

/// Names a `package.json` declares optional: `optionalDependencies` and the
/// `peerDependenciesMeta` entries with `"optional": true`.
fn optional_names(json: &serde_json::Value) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = json
        .get("optionalDependencies")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| name.clone())
        .collect();
    let peers = json.get("peerDependenciesMeta").and_then(serde_json::Value::as_object);
    for (name, meta) in peers.into_iter().flatten() {
        if meta.get("optional").and_then(serde_json::Value::as_bool) == Some(true) {
            names.insert(name.clone());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::Walk;
    use crate::{MemoryFs, TraceOptions, Tracer};

    fn claims(depth: Option<u32>) -> Vec<bool> {
        let mut options = TraceOptions::new("/app");
        options.depth = depth;
        let fs = MemoryFs::new();
        fs.add_file("/app/shared.js", "");
        let tracer = Tracer::with_file_system(options, Arc::new(fs)).unwrap();
        let walk = Walk::new(&tracer.inner);
        let id = walk.ids().intern(Path::new("/app/shared.js"));
        // Reached at depth 5, then at depth 3 (more left), then at depth 4.
        [5, 3, 4].iter().map(|&d| walk.claim(id, walk.depth_limit - d)).collect()
    }

    /// Without a limit a file is walked once, however many ways reach it; with
    /// one, again by each shorter way.
    #[test]
    fn a_file_is_claimed_once_unless_a_shorter_way_has_more_depth_left() {
        assert_eq!(claims(None), [true, false, false]);
        assert_eq!(claims(Some(10)), [true, true, false]);
    }
}
