//! Module resolution: a thin layer over `oxc_resolver` with nft's semantics on top.
//!
//! - `CommonJS` or ESM conditions by the kind of the dependency (`require` or
//!   `import`), `node` (or the user's conditions) and `default`;
//! - `.ts`/`.tsx` probing for relative specifiers outside `node_modules`, and the
//!   `./x.js` → `./x.ts` fallback;
//! - a package with `exports` also yields its legacy `main` target unless
//!   `exports_only` (as `@vercel/nft` does: a file missing at run time is worse
//!   than an extra one);
//! - `module-sync` targets together with their fallback;
//! - the user `paths` map when nothing else resolves.
//!
//! Results keep the symlinked path (`symlinks: false`): the graph walks the links
//! itself, because the trace must contain them.

use crate::error::UnresolvedReason;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use oxc_resolver::{ResolveError, ResolveOptions, ResolverGeneric};

use crate::fs::{FileKind, FileSystem, ResolverFs};
use crate::options::TraceOptions;
use crate::paths;

type Oxc = ResolverGeneric<ResolverFs>;

/// The outcome of resolving one specifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// A Node.js builtin (`fs`, `node:fs`): nothing to emit.
    Builtin,
    /// One or more files (several for `exports` + legacy, or `module-sync`).
    Files {
        /// The resolved files, as paths that may pass through symlinks.
        files: Vec<PathBuf>,
        /// `package.json` files that decided the resolution.
        package_jsons: Vec<PathBuf>,
        /// The importer's `imports` field was used.
        used_imports: bool,
    },
    /// Nothing matched.
    NotFound(UnresolvedReason),
}

/// One family of `oxc_resolver`s sharing a cache.
struct Family {
    /// [kind][ts]: kind 0 = require, 1 = import; ts 0 = plain, 1 = with `.ts`.
    primary: [[Oxc; 2]; 2],
    /// The same without `module-sync`, when `module-sync` applies.
    without_module_sync: Option<[[Oxc; 2]; 2]>,
    /// `main`-only resolution (no `exports`), [ts].
    legacy: [Oxc; 2],
}

/// Resolves specifiers for one trace configuration.
pub(crate) struct Resolver {
    fs: Arc<dyn FileSystem>,
    family: Family,
    base: PathBuf,
    exports_only: bool,
    /// (specifier or prefix ending in `/`, absolute target keeping a trailing `/`).
    paths: Vec<(String, String)>,
    /// The caller's resolver, replacing this one ([`crate::Hooks::resolve`]).
    hook: Option<Arc<dyn crate::hooks::ResolveHook>>,
}

fn options(conditions: &[String], kind: &str, ts: bool, exports: bool) -> ResolveOptions {
    let mut condition_names: Vec<String> = conditions.to_vec();
    condition_names.push(kind.to_owned());
    condition_names.push("default".to_owned());
    let mut extensions = vec![".js".to_owned(), ".json".to_owned(), ".node".to_owned()];
    if ts {
        extensions.splice(0..0, [".ts".to_owned(), ".tsx".to_owned()]);
    }
    ResolveOptions {
        condition_names,
        extensions,
        exports_fields: if exports { vec![vec!["exports".to_owned()]] } else { vec![] },
        symlinks: false,
        node_path: false,
        builtin_modules: true,
        ..ResolveOptions::default()
    }
}

fn matrix(root: &Oxc, conditions: &[String]) -> [[Oxc; 2]; 2] {
    let make = |kind: &str, ts: bool| root.clone_with_options(options(conditions, kind, ts, true));
    [[make("require", false), make("require", true)], [make("import", false), make("import", true)]]
}

impl Resolver {
    pub(crate) fn new(fs: Arc<dyn FileSystem>, opts: &TraceOptions, base: &Path) -> Self {
        let root =
            Oxc::new_with_file_system(ResolverFs(Arc::clone(&fs)), ResolveOptions::default());
        let module_sync = opts.node_version.supports_module_sync() || opts.module_sync_catchall;
        let mut conditions = opts.conditions.clone();
        let without_module_sync = if module_sync {
            let without = matrix(&root, &conditions);
            conditions.insert(0, "module-sync".to_owned());
            Some(without)
        } else {
            None
        };
        let primary = matrix(&root, &conditions);
        let legacy = [
            root.clone_with_options(options(&conditions, "require", false, false)),
            root.clone_with_options(options(&conditions, "require", true, false)),
        ];
        let paths = opts
            .paths
            .iter()
            .map(|(spec, target)| {
                let abs = paths::absolutize(base, Path::new(target));
                let mut abs = abs.to_string_lossy().into_owned();
                if target.ends_with('/') && !abs.ends_with('/') {
                    abs.push('/');
                }
                (spec.clone(), abs)
            })
            .collect();
        Self {
            fs,
            family: Family { primary, without_module_sync, legacy },
            base: base.to_path_buf(),
            exports_only: opts.exports_only,
            paths,
            hook: None,
        }
    }

    /// This resolver with every specifier handed to `hook` instead.
    pub(crate) fn with_hook(mut self, hook: Option<Arc<dyn crate::hooks::ResolveHook>>) -> Self {
        self.hook = hook;
        self
    }

    /// Resolves `specifier` as imported by the file `importer` (a real path).
    pub(crate) fn resolve(&self, importer: &Path, specifier: &str, esm: bool) -> Resolution {
        if let Some(hook) = &self.hook {
            return match crate::hooks::hook_files(hook.resolve(specifier, importer, !esm)) {
                Ok(files) if files.is_empty() => Resolution::Builtin,
                Ok(files) => {
                    Resolution::Files { files, package_jsons: Vec::new(), used_imports: false }
                }
                Err(message) => Resolution::NotFound(UnresolvedReason::Resolver(message)),
            };
        }
        self.resolve_default(importer, specifier, esm)
    }

    /// [`Resolver::resolve`] with nft-rs's own rules, never the caller's hook.
    pub(crate) fn resolve_default(
        &self,
        importer: &Path,
        specifier: &str,
        esm: bool,
    ) -> Resolution {
        let first = self.resolve_once(importer, specifier, esm);
        if let Resolution::NotFound(_) = first
            && let Some(stem) = specifier.strip_suffix(".js")
        {
            let ts = self.resolve_once(importer, &format!("{stem}.ts"), esm);
            if matches!(ts, Resolution::Files { .. }) {
                return ts;
            }
        }
        first
    }

    fn resolve_once(&self, importer: &Path, specifier: &str, esm: bool) -> Resolution {
        let Some(dir) = importer.parent() else {
            return Resolution::NotFound(UnresolvedReason::NotFound);
        };
        let relative = is_relative(specifier);
        let ts = usize::from(relative && !paths::in_node_modules(&self.base, importer));
        let kind = usize::from(esm);
        let bare = !relative && !specifier.starts_with('#');
        let mut files = Vec::new();
        let mut package_jsons = Vec::new();
        let mut error = None;
        match self.family.primary[kind][ts].resolve(dir, specifier) {
            Ok(r) => files.push(r.into_path_buf()),
            Err(ResolveError::Builtin { .. }) => return Resolution::Builtin,
            Err(e) => error = Some(e),
        }
        if let Some(without) = &self.family.without_module_sync
            && let Ok(r) = without[kind][ts].resolve(dir, specifier)
        {
            push_unique(&mut files, r.into_path_buf());
        }
        if bare
            && !self.exports_only
            && let Ok(r) = self.family.legacy[ts].resolve(dir, specifier)
            && let Some(name) = package_name(specifier)
        {
            // The legacy target counts only from the package Node would load:
            // a `main`-only lookup must not fall through to an outer copy.
            let legacy = r.into_path_buf();
            if package_root_in(&legacy, name) == self.nearest_package_dir(dir, name) {
                push_unique(&mut files, legacy);
            }
        }
        if files.is_empty()
            && bare
            && let Some(target) = self.resolve_paths_map(dir, specifier, kind, ts)
        {
            files.push(target);
        }
        if files.is_empty()
            && relative
            && let Some(ResolveError::Json(_)) = &error
            && let Some(file) = self.resolve_past_broken_package_json(dir, specifier, ts == 1)
        {
            // A broken `package.json` in the importer's scope (0 bytes, truncated):
            // the walk warns about it; a relative file still resolves.
            files.push(file);
        }
        if files.is_empty()
            && bare
            && let Some(ResolveError::Json(_)) = &error
            && let Some(package_dir) =
                package_name(specifier).and_then(|name| self.nearest_package_dir(dir, name))
            && let Ok(r) = self.family.primary[kind][ts].resolve(&package_dir, specifier)
        {
            // The same for a package: resolved from inside the package, whose own
            // `package.json` is in scope there.
            files.push(r.into_path_buf());
        }
        if files.is_empty() {
            let reason = match error {
                Some(ResolveError::NotFound(_)) | None => UnresolvedReason::NotFound,
                Some(e) => UnresolvedReason::Resolver(e.to_string()),
            };
            return Resolution::NotFound(reason);
        }
        for file in &files {
            for pj in self.deciding_package_jsons(dir, specifier, file, bare) {
                push_unique(&mut package_jsons, pj);
            }
        }
        Resolution::Files { files, package_jsons, used_imports: specifier.starts_with('#') }
    }

    fn resolve_paths_map(
        &self,
        dir: &Path,
        specifier: &str,
        kind: usize,
        ts: usize,
    ) -> Option<PathBuf> {
        for (key, target) in &self.paths {
            let mapped = if key == specifier {
                target.clone()
            } else if key.ends_with('/') && specifier.starts_with(key.as_str()) {
                format!("{target}{}", &specifier[key.len()..])
            } else {
                continue;
            };
            let resolver = &self.family.primary[kind][ts];
            return resolver
                .resolve(dir, &mapped)
                .ok()
                .map(oxc_resolver::Resolution::into_path_buf);
        }
        None
    }

    /// `./x` as a file, `./x` with a module extension, or `./x/index.*`, without
    /// reading any `package.json` (the one in scope is unreadable).
    fn resolve_past_broken_package_json(
        &self,
        dir: &Path,
        specifier: &str,
        ts: bool,
    ) -> Option<PathBuf> {
        let target = paths::absolutize(dir, Path::new(specifier));
        let is_file = |p: &Path| self.fs.metadata(p).is_ok_and(|m| m.kind == FileKind::File);
        let extensions: &[&str] =
            if ts { &[".ts", ".tsx", ".js", ".json", ".node"] } else { &[".js", ".json", ".node"] };
        if !specifier.ends_with('/') && is_file(&target) {
            return Some(target);
        }
        let with_extension = |base: &Path| -> Option<PathBuf> {
            extensions
                .iter()
                .map(|ext| {
                    let mut text = base.as_os_str().to_owned();
                    text.push(ext);
                    PathBuf::from(text)
                })
                .find(|p| is_file(p))
        };
        if !specifier.ends_with('/')
            && let Some(found) = with_extension(&target)
        {
            return Some(found);
        }
        with_extension(&target.join("index"))
    }

    /// The first `node_modules/<name>` directory found walking up from `dir`.
    fn nearest_package_dir(&self, dir: &Path, name: &str) -> Option<PathBuf> {
        dir.ancestors()
            .filter(|d| d.file_name().is_none_or(|n| n != "node_modules"))
            .map(|d| d.join("node_modules").join(name))
            .find(|candidate| self.fs.metadata(candidate).is_ok_and(|m| m.kind == FileKind::Dir))
    }

    /// The `package.json` files that decided where `specifier` went: the
    /// package's own for a bare specifier, and the one of a directory resolved
    /// through its `main` (`require('./dir')`, `require('pkg/sub/dir')`), which Node
    /// reads at run time.
    fn deciding_package_jsons(
        &self,
        dir: &Path,
        specifier: &str,
        file: &Path,
        bare: bool,
    ) -> Vec<PathBuf> {
        let mut candidates = Vec::new();
        let request = if bare {
            let Some(name) = package_name(specifier) else { return candidates };
            let Some(root) = package_root_in(file, name) else { return candidates };
            candidates.push(root.join("package.json"));
            let subpath = specifier[name.len()..].trim_matches('/');
            if subpath.is_empty() {
                return self.existing(candidates);
            }
            root.join(subpath)
        } else if is_relative(specifier) {
            paths::absolutize(dir, Path::new(specifier.trim_end_matches('/')))
        } else {
            return candidates;
        };
        // A `main` may point anywhere (`"main": "../../cjs/x.cjs"`): what matters is
        // that the request named a directory.
        let via_directory =
            file != request && self.fs.metadata(&request).is_ok_and(|m| m.kind == FileKind::Dir);
        // `dir/index.js` needs no package.json; `dir/index.cjs` (a `main`) does.
        let plain_index = file.parent() == Some(request.as_path())
            && file.file_stem().is_some_and(|s| s == "index")
            && matches!(paths::extension(file), ".js" | ".json" | ".node" | ".ts" | ".tsx");
        if via_directory && !plain_index {
            candidates.push(request.join("package.json"));
        }
        self.existing(candidates)
    }

    fn existing(&self, candidates: Vec<PathBuf>) -> Vec<PathBuf> {
        candidates
            .into_iter()
            .filter(|c| self.fs.metadata(c).is_ok_and(|m| m.kind == FileKind::File))
            .collect()
    }
}

fn push_unique(files: &mut Vec<PathBuf>, file: PathBuf) {
    if !files.contains(&file) {
        files.push(file);
    }
}

/// `./x`, `../x`, `.`, `..` and absolute paths.
pub(crate) fn is_relative(specifier: &str) -> bool {
    specifier == "."
        || specifier == ".."
        || specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier.starts_with('/')
}

/// `@scope/name` or `name` of a bare specifier.
pub(crate) fn package_name(specifier: &str) -> Option<&str> {
    let mut parts = specifier.splitn(3, '/');
    let first = parts.next()?;
    if first.starts_with('@') {
        let second = parts.next()?;
        Some(&specifier[..first.len() + 1 + second.len()])
    } else {
        Some(first)
    }
}

/// The deepest `.../node_modules/<name>` directory that `file` lies in.
fn package_root_in(file: &Path, name: &str) -> Option<PathBuf> {
    let text = file.to_str()?;
    let needle = format!("/node_modules/{name}/");
    let at = text.rfind(&needle)?;
    Some(PathBuf::from(&text[..at + needle.len() - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(package_name("a/b/c"), Some("a"));
        assert_eq!(package_name("@s/a/b"), Some("@s/a"));
        assert_eq!(package_name("@s"), None);
    }

    #[test]
    fn package_roots() {
        assert_eq!(
            package_root_in(Path::new("/p/node_modules/@s/a/lib/x.js"), "@s/a"),
            Some(PathBuf::from("/p/node_modules/@s/a"))
        );
    }
}
