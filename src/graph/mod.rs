//! The tracer: options normalised once, the caches a [`Tracer`] keeps between
//! traces, and the parallel walk (`walk.rs`) that turns entries into a [`Trace`].

mod assets;
mod cache;
mod ids;
mod native;
mod realpath;
mod reasons;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;
use rustc_hash::FxBuildHasher;

use crate::analyze::AnalyzeOptions;
use crate::error::Error;
use crate::fs::{FileKind, FileSystem, OsFs, StatCache};
use crate::glob::GlobSet;
use crate::hooks::Hooks;
use crate::options::TraceOptions;
use crate::paths;
use crate::resolve::{Resolution, Resolver};

pub(crate) use ids::PathId;
pub use reasons::{Reason, ReasonType, Trace};

type FxDashMap<K, V> = DashMap<K, V, FxBuildHasher>;

/// Stack of each worker thread.
const WORKER_STACK: usize = 32 << 20;

/// What the tracer knows about one `package.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackageInfo {
    pub(crate) path: PathBuf,
    pub(crate) is_module: bool,
    /// A string `main` field.
    pub(crate) main: Option<String>,
    /// `./from` → `./to` pairs of an object `browser` field.
    pub(crate) browser: Vec<(String, String)>,
    /// Dependencies it declares optional (see `walk::optional_names`).
    pub(crate) optional: std::collections::BTreeSet<String>,
    /// Why it could not be read or parsed (the trace treats it as empty).
    pub(crate) problem: Option<crate::error::Problem>,
}

/// State shared by every trace of one [`Tracer`].
pub(crate) struct Inner {
    pub(crate) options: TraceOptions,
    pub(crate) base: PathBuf,
    pub(crate) fs: Arc<dyn FileSystem>,
    pub(crate) resolver: Resolver,
    pub(crate) ignore: GlobSet,
    /// The caller's ignore predicate ([`Hooks::ignore`]).
    pub(crate) ignore_hook: Option<Arc<crate::hooks::IgnoreFn>>,
    pub(crate) analyze_options: AnalyzeOptions,
    /// Every path met, with what is known about it (real path, analysis, ...).
    pub(crate) paths: Arc<ids::PathTable>,
    /// The persistent analysis cache, when asked for.
    pub(crate) cache: Option<cache::AnalysisCache>,
    /// `package.json` by directory (`None`: the directory has none).
    pub(crate) packages: FxDashMap<PathBuf, Option<Arc<PackageInfo>>>,
    pool: rayon::ThreadPool,
}

/// Traces Node.js programs. Reusable: it keeps its caches (analyses, symlinks,
/// `package.json` files, resolutions) between traces, so tracing many entries over
/// the same `node_modules` costs little more than tracing one. It assumes the
/// files do not change while it lives.
///
/// ```no_run
/// use nft_rs::{TraceOptions, Tracer};
///
/// let tracer = Tracer::new(TraceOptions::new("/srv/app"))?;
/// let trace = tracer.trace(&["/srv/app/server.js"])?;
/// for (path, _reason) in trace.files() {
///     println!("{path}");
/// }
/// # Ok::<(), nft_rs::Error>(())
/// ```
pub struct Tracer {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Tracer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracer").field("options", &self.inner.options).finish_non_exhaustive()
    }
}

impl Tracer {
    /// A tracer over the operating system's file system.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] when `base` or `process_cwd` is not a directory.
    pub fn new(options: TraceOptions) -> Result<Self, Error> {
        Self::with_file_system(options, Arc::new(OsFs))
    }

    /// A tracer over any [`FileSystem`].
    ///
    /// The library never reads the process's working directory: `base` must be
    /// absolute, and a relative `process_cwd` or `cache_dir` is taken from `base`.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] when `base` is relative, or `base` or
    /// `process_cwd` is not a directory.
    pub fn with_file_system(options: TraceOptions, fs: Arc<dyn FileSystem>) -> Result<Self, Error> {
        Self::with_hooks(options, fs, Hooks::default())
    }

    /// A tracer over any [`FileSystem`] that defers to the caller's [`Hooks`]
    /// (an ignore predicate, a resolver).
    ///
    /// # Errors
    /// As [`Tracer::with_file_system`].
    pub fn with_hooks(
        mut options: TraceOptions,
        fs: Arc<dyn FileSystem>,
        hooks: Hooks,
    ) -> Result<Self, Error> {
        if !options.base.is_absolute() {
            return Err(Error::InvalidOption(format!(
                "--base must be an absolute path: {}",
                options.base.display()
            )));
        }
        options.base = paths::normalize(&options.base);
        require_dir(fs.as_ref(), &options.base, "--base")?;
        let cwd = options.base.clone();
        if let Some(dir) = &options.process_cwd {
            let dir = paths::absolutize(&cwd, dir);
            require_dir(fs.as_ref(), &dir, "--cwd")?;
            options.process_cwd = Some(dir);
        }
        let fs: Arc<dyn FileSystem> = Arc::new(StatCache::new(fs));
        let base = options.base.clone();
        let ignore_patterns: Vec<String> = options
            .ignore
            .iter()
            .map(|glob| {
                // Ignores are written relative to the base (or absolute).
                let abs = paths::absolutize(&base, Path::new(glob));
                paths::relative(&base, &abs)
            })
            .collect();
        let ignore = GlobSet::new(&ignore_patterns, options.ignore_options);
        let resolver = Resolver::new(Arc::clone(&fs), &options, &base).with_hook(hooks.resolve);
        let analyze_options = AnalyzeOptions {
            mixed_modules: options.mixed_modules,
            analysis: options.analysis,
            cwd: options.process_cwd.as_ref().unwrap_or(&base).to_string_lossy().into_owned(),
        };
        let cache = options
            .cache_dir
            .as_ref()
            .map(|dir| cache::AnalysisCache::new(paths::absolutize(&cwd, dir), &analyze_options));
        // Worker stacks are virtual memory: room for the parser's recursion on
        // ordinary files (deep ones get a stack of their own in analyze).
        let mut pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("nft-rs-{i}"))
            .stack_size(WORKER_STACK);
        if let Some(n) = options.threads {
            if n == 0 {
                return Err(Error::InvalidOption("--threads must be at least 1".to_owned()));
            }
            pool = pool.num_threads(n);
        }
        let pool = pool.build().map_err(|e| Error::InvalidOption(format!("thread pool: {e}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                paths: Arc::new(ids::PathTable::new(base.clone())),
                options,
                base,
                fs,
                resolver,
                ignore,
                ignore_hook: hooks.ignore,
                cache,
                analyze_options,
                packages: FxDashMap::default(),
                pool,
            }),
        })
    }

    /// The options, normalised (absolute `base` and `process_cwd`).
    #[must_use]
    pub fn options(&self) -> &TraceOptions {
        &self.inner.options
    }

    /// Traces `entries` (relative ones are taken from the base).
    ///
    /// # Errors
    /// [`Error::EntryNotFound`] / [`Error::EntryNotFile`] for a bad entry. Problems
    /// with the files reached are diagnostics in the [`Trace`], not errors, except
    /// in strict mode, where an [`crate::Severity::Error`] diagnostic makes the
    /// trace an [`Error::Strict`].
    pub fn trace<P: AsRef<Path>>(&self, entries: &[P]) -> Result<Trace, Error> {
        let mut abs_entries = Vec::with_capacity(entries.len());
        for entry in entries {
            let path = paths::absolutize(&self.inner.base, entry.as_ref());
            match self.inner.fs.metadata(&path) {
                Ok(meta) if meta.kind == FileKind::File => abs_entries.push(path),
                Ok(_) => return Err(Error::EntryNotFile(path)),
                // An entry that exists only for the file system's `read` (a module
                // a bundler holds in memory, handed over through a `readFile` hook,
                // as Next.js does with @vercel/nft) is traced like a file.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if self.inner.fs.read(&path).is_err() {
                        return Err(Error::EntryNotFound(path));
                    }
                    abs_entries.push(path);
                }
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        let inner = &self.inner;
        let trace = inner.pool.install(|| walk::Walk::new(inner).run(&abs_entries));
        if inner.options.strict && trace.has_errors() {
            return Err(Error::Strict { diagnostics: trace.diagnostics().to_vec() });
        }
        Ok(trace)
    }
}

impl Tracer {
    /// What `specifier`, loaded by the file `importer` (`require` when `cjs`,
    /// `import` otherwise), resolves to under this tracer's options and nft-rs's
    /// own rules (never a [`Hooks::resolve`] hook, so that a hook can fall back
    /// to it): absolute paths (several for `exports` plus a legacy `main`, or
    /// `module-sync` and its fallback), or `node:<name>` for a builtin.
    ///
    /// # Errors
    /// Why the specifier could not be resolved.
    pub fn resolve(
        &self,
        importer: &Path,
        specifier: &str,
        cjs: bool,
    ) -> Result<Vec<String>, String> {
        match self.inner.resolver.resolve_default(importer, specifier, !cjs) {
            Resolution::Builtin => {
                Ok(vec![format!("node:{}", specifier.trim_start_matches("node:"))])
            }
            Resolution::Files { files, .. } => {
                Ok(files.iter().map(|f| f.to_string_lossy().into_owned()).collect())
            }
            Resolution::NotFound(crate::error::UnresolvedReason::NotFound) => {
                Err(format!("Cannot find module '{specifier}'"))
            }
            Resolution::NotFound(crate::error::UnresolvedReason::Resolver(words)) => Err(words),
        }
    }

    /// The files `specifier` resolves to when `importer` (an absolute path; only
    /// its folder matters for a bare specifier) `require`s or `import`s it, with
    /// the tracer's resolution rules. For callers that know of a load the
    /// analysis cannot see (Turbopack's external `import()` helper).
    pub(crate) fn resolve_specifier(&self, importer: &Path, specifier: &str) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for esm in [false, true] {
            if let Resolution::Files { files: found, .. } =
                self.inner.resolver.resolve(importer, specifier, esm)
            {
                files.extend(found);
            }
        }
        files.sort();
        files.dedup();
        files
    }
}

fn require_dir(fs: &dyn FileSystem, dir: &Path, what: &str) -> Result<(), Error> {
    match fs.metadata(dir) {
        Ok(meta) if meta.kind == FileKind::Dir => Ok(()),
        _ => Err(Error::InvalidOption(format!("{what} is not a directory: {}", dir.display()))),
    }
}
