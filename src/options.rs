//! What a trace is asked to do. [`TraceOptions`] is built by the CLI, the tests and
//! the benches alike (through [`TraceOptions::new`] and the presets), normalised
//! once in `Tracer::new`.

use std::path::PathBuf;

/// Which parts of the static analysis run (the `analysis` option of `@vercel/nft`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "mirrors @vercel/nft's analysis toggles")]
pub struct AnalysisOptions {
    /// Analyse anything beyond literal specifiers at all (`--no-analysis` turns it off).
    pub enabled: bool,
    /// Turn partly known paths (`__dirname + '/x/' + y`) into globs.
    pub emit_globs: bool,
    /// Treat `__dirname`/`__filename`/`import.meta.url` expressions as file references.
    pub compute_file_references: bool,
    /// Evaluate known bindings (`path.join`, constants) to find paths.
    pub evaluate_pure_expressions: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            enabled: true,
            emit_globs: true,
            compute_file_references: true,
            evaluate_pure_expressions: true,
        }
    }
}

impl AnalysisOptions {
    /// Literal specifiers only.
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            enabled: false,
            emit_globs: false,
            compute_file_references: false,
            evaluate_pure_expressions: false,
        }
    }
}

/// Options of a trace. Paths may be relative; `Tracer::new` resolves them against
/// the process's working directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceOptions {
    /// The trace root: outputs are relative to it; files outside it are excluded.
    pub base: PathBuf,
    /// What the traced code sees as `process.cwd()`; `None` means `base`.
    pub process_cwd: Option<PathBuf>,
    /// Export conditions besides `default` and `require`/`import`. Default `["node"]`.
    pub conditions: Vec<String>,
    /// Globs (picomatch semantics, relative to `base`) of files to leave out.
    pub ignore: Vec<String>,
    /// Resolve a package with `exports` through `exports` only.
    pub exports_only: bool,
    /// Trace both the `module-sync` target and its fallback, on any Node version.
    pub module_sync_catchall: bool,
    /// Which analyses run.
    pub analysis: AnalysisOptions,
    /// Follow `require()` inside ES modules.
    pub mixed_modules: bool,
    /// The `paths` map: a bare specifier (or a prefix ending in `/`) to a target.
    pub paths: Vec<(String, String)>,
    /// Files this many edges from an entry are emitted but not analysed.
    pub depth: Option<u32>,
    /// The Node.js major version whose resolution to reproduce.
    pub node_version: u32,
    /// Worker threads; `None` means all cores. The output never depends on it.
    pub threads: Option<usize>,
}

impl TraceOptions {
    /// The defaults of the `nft-rs` CLI for a trace rooted at `base`.
    #[must_use]
    pub fn new(base: impl Into<PathBuf>) -> Self {
        Self {
            base: base.into(),
            process_cwd: None,
            conditions: vec!["node".to_owned()],
            ignore: Vec::new(),
            exports_only: false,
            module_sync_catchall: false,
            analysis: AnalysisOptions::default(),
            mixed_modules: true,
            paths: Vec::new(),
            depth: None,
            node_version: 22,
            threads: None,
        }
    }

    /// A plain Node.js server: the CLI defaults.
    #[must_use]
    pub fn node_server(base: impl Into<PathBuf>) -> Self {
        Self::new(base)
    }
}
