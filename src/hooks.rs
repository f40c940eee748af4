//! Caller-supplied decisions a trace can defer to: an ignore predicate and a
//! resolver, as `@vercel/nft`'s `ignore` function and `resolve` option let a
//! JavaScript tool decide (the Node binding passes its callbacks through these).
//! File access is already pluggable through [`crate::FileSystem`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Resolves a specifier in place of the tracer's own resolution.
pub trait ResolveHook: Send + Sync {
    /// The files `specifier`, loaded by the file `importer` (`require` when `cjs`,
    /// `import` otherwise), stands for: absolute paths, or `node:`-prefixed names
    /// for builtins (which are skipped). `Err` is reported as an unresolved
    /// dependency with that message.
    ///
    /// # Errors
    /// A message saying why the specifier could not be resolved.
    fn resolve(&self, specifier: &str, importer: &Path, cjs: bool) -> Result<Vec<String>, String>;
}

/// Decides whether a base-relative path (`/`-separated) is left out of the trace.
pub type IgnoreFn = dyn Fn(&str) -> bool + Send + Sync;

/// The hooks of one [`crate::Tracer`] (see [`crate::Tracer::with_hooks`]).
#[derive(Clone, Default)]
pub struct Hooks {
    /// Called for each path reached from another file (never for an entry); `true`
    /// leaves it out, as an `ignore` glob would. Applies on top of the globs.
    pub ignore: Option<Arc<IgnoreFn>>,
    /// Replaces the tracer's resolution of every specifier.
    pub resolve: Option<Arc<dyn ResolveHook>>,
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("ignore", &self.ignore.is_some())
            .field("resolve", &self.resolve.is_some())
            .finish()
    }
}

/// The outcome of a [`ResolveHook`] as the walk uses it.
pub(crate) fn hook_files(answer: Result<Vec<String>, String>) -> Result<Vec<PathBuf>, String> {
    answer.map(|files| {
        files.into_iter().filter(|f| !f.starts_with("node:")).map(PathBuf::from).collect()
    })
}
