//! What a trace is asked to do. [`TraceOptions`] is built by the CLI, the tests and
//! the benches alike (through [`TraceOptions::new`] and the presets), normalised
//! once in `Tracer::new`.

use std::path::PathBuf;

use crate::glob::GlobOptions;

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

/// A Node.js version, as `--node-version` takes it (`22`, `20.19`, `v20.11.1`).
/// A version without a minor stands for the newest release of that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NodeVersion {
    /// The major version.
    pub major: u32,
    /// The minor version; `None` means the newest of the major line.
    pub minor: Option<u32>,
}

impl NodeVersion {
    /// The newest release of a major line.
    #[must_use]
    pub fn major(major: u32) -> Self {
        Self { major, minor: None }
    }

    /// Parses `22`, `20.19`, `v20.11.1`.
    ///
    /// # Errors
    /// A message when `text` is not a version.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim().trim_start_matches('v');
        let mut parts = trimmed.split('.');
        let major = parts.next().and_then(|m| m.parse().ok());
        let minor = parts.next().map(str::parse::<u32>);
        match (major, minor) {
            (Some(major), None) => Ok(Self { major, minor: None }),
            (Some(major), Some(Ok(minor))) => Ok(Self { major, minor: Some(minor) }),
            _ => Err(format!("expected a Node.js version like 22 or 20.11.0, got '{text}'")),
        }
    }

    /// Whether `require`/`import` match the `module-sync` export condition: Node
    /// 20.19+, 22.12+ and 23+ (where `require(esm)` is on by default). The
    /// `@vercel/nft` rule (major ≥ 22) misses Node 20.19+, which loads those
    /// targets too.
    #[must_use]
    pub fn supports_module_sync(self) -> bool {
        let minor = self.minor.unwrap_or(u32::MAX);
        match self.major {
            0..=19 | 21 => false,
            20 => minor >= 19,
            22 => minor >= 12,
            _ => true,
        }
    }
}

/// The C library of a Linux target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Libc {
    /// GNU libc (most distributions).
    #[default]
    Glibc,
    /// musl (Alpine).
    Musl,
}

/// The platform native addons are chosen for (Node's `process.platform` and
/// `process.arch` names). Default: Linux x64 with glibc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `linux`, `darwin`, `win32`, ...
    pub platform: String,
    /// `x64`, `arm64`, ...
    pub arch: String,
    /// The C library, on Linux.
    pub libc: Libc,
}

impl Default for Target {
    fn default() -> Self {
        Self { platform: "linux".to_owned(), arch: "x64".to_owned(), libc: Libc::Glibc }
    }
}

/// Options of a trace. `base` must be absolute; the other paths may be relative
/// to it. The library never reads the process's working directory: callers (the
/// CLI, the Node binding) resolve what their users typed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "one field per switch of nft's options")]
pub struct TraceOptions {
    /// The trace root, absolute: outputs are relative to it; files outside it are
    /// excluded.
    pub base: PathBuf,
    /// What the traced code sees as `process.cwd()`; `None` means `base`.
    pub process_cwd: Option<PathBuf>,
    /// Export conditions besides `default` and `require`/`import`. Default `["node"]`.
    pub conditions: Vec<String>,
    /// Globs (picomatch semantics, relative to `base`) of files to leave out.
    pub ignore: Vec<String>,
    /// How the `ignore` globs match: picomatch's defaults, or with `contains` and
    /// `dot` as Next.js matches its trace ignores.
    pub ignore_options: GlobOptions,
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
    /// The Node.js version whose resolution (and native ABI) to reproduce.
    pub node_version: NodeVersion,
    /// The platform native addons are chosen for.
    pub target: Target,
    /// Worker threads; `None` means all cores. The output never depends on it.
    pub threads: Option<usize>,
    /// At most this many files come from one directory or pattern reference; past
    /// it a warning names the pattern.
    pub max_glob_files: usize,
    /// A folder for the persistent analysis cache (`--cache DIR`): each file's
    /// facts keyed by its path, content hash and the options, so that a repeated
    /// trace over an unchanged tree skips parsing. `None`: no cache. The output is
    /// the same with or without it; a damaged or foreign entry is ignored.
    pub cache_dir: Option<PathBuf>,
    /// Strict mode (`--strict`): a trace with a problem that breaks the program at
    /// run time (a [`crate::Severity::Error`] diagnostic) is an
    /// [`crate::Error::Strict`] instead of a warning.
    pub strict: bool,
    /// Packages whose absence strict mode tolerates (`--optional NAME`), besides
    /// those the importing `package.json` declares optional: drivers of features
    /// the app does not use, or modules a runtime aliases (Next.js's vendored React).
    pub optional_packages: Vec<String>,
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
            ignore_options: GlobOptions::default(),
            exports_only: false,
            module_sync_catchall: false,
            analysis: AnalysisOptions::default(),
            mixed_modules: true,
            paths: Vec::new(),
            depth: None,
            node_version: NodeVersion::major(22),
            target: Target::default(),
            threads: None,
            max_glob_files: 10_000,
            cache_dir: None,
            strict: false,
            optional_packages: Vec::new(),
        }
    }

    /// A plain Node.js server: the CLI defaults.
    #[must_use]
    pub fn node_server(base: impl Into<PathBuf>) -> Self {
        Self::new(base)
    }
}

#[cfg(test)]
mod tests {
    use super::NodeVersion;

    #[test]
    fn module_sync_follows_the_release_lines() {
        let v = |s: &str| NodeVersion::parse(s).unwrap().supports_module_sync();
        assert!(!v("18"));
        assert!(!v("20.18.3"));
        assert!(v("v20.19.0"));
        assert!(v("20"));
        assert!(!v("21.7"));
        assert!(!v("22.11"));
        assert!(v("22.12.0"));
        assert!(v("24"));
        assert_eq!(
            NodeVersion::parse("x").unwrap_err(),
            "expected a Node.js version like 22 or 20.11.0, got 'x'"
        );
    }
}
