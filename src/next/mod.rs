//! `nft-rs trace`: the Next.js command, as a library (NEXT.md). After `next build`,
//! [`trace_app`] writes every `.nft.json` Next.js writes and assembles
//! `.next/standalone`. The core tracer knows nothing of Next.js; everything
//! Next-specific lives here.
//!
//! ```no_run
//! use nft_rs::next::{NextOptions, trace_app};
//!
//! let summary = trace_app("/srv/shop", &NextOptions::default())?;
//! println!("{} traces, {} files", summary.traces.len(), summary.standalone.unwrap().files);
//! # Ok::<(), nft_rs::Error>(())
//! ```

mod build;
mod graph;
mod manifests;
mod rules;
mod standalone;
mod traces;
mod turbopack;
mod warnings;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::options::{NodeVersion, Target, TraceOptions};
use crate::paths;

pub use build::BundlerMode;
pub use standalone::StandaloneReport;
pub use warnings::NextWarning;

/// Options of [`trace_app`] (the flags of `nft-rs trace`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "one field per CLI switch")]
pub struct NextOptions {
    /// Overrides `outputFileTracingRoot` (`--root`; a relative path is taken from
    /// the app directory).
    pub root: Option<PathBuf>,
    /// `(route glob, file glob)` pairs added to `outputFileTracingIncludes`.
    pub includes: Vec<(String, String)>,
    /// `(route glob, file glob)` pairs added to `outputFileTracingExcludes`.
    pub excludes: Vec<(String, String)>,
    /// Assemble `.next/standalone` (`--no-standalone` turns it off).
    pub standalone: bool,
    /// Also copy `public/` and `.next/static` into the standalone folder.
    pub with_static: bool,
    /// Keep absolute build paths out of `server.js` and `required-server-files.json`.
    pub relocatable: bool,
    /// Copy symlink targets instead of recreating links.
    pub dereference: bool,
    /// The Node.js version the server will run on.
    pub node_version: NodeVersion,
    /// The platform native addons are chosen for.
    pub target: Target,
    /// Worker threads; `None` means all cores. The output never depends on it.
    pub threads: Option<usize>,
    /// Strict mode (`--strict`, see [`crate::TraceOptions::strict`]): a problem
    /// that breaks the server at run time fails the run before anything is written.
    pub strict: bool,
    /// The size budget (`--max-bytes`): a route's trace or the standalone folder
    /// over it fails the run before anything is written.
    pub max_bytes: Option<u64>,
    /// The persistent analysis cache folder (see [`crate::TraceOptions::cache_dir`];
    /// a relative path is taken from the tracing root).
    pub cache_dir: Option<PathBuf>,
}

impl Default for NextOptions {
    fn default() -> Self {
        Self {
            root: None,
            includes: Vec::new(),
            excludes: Vec::new(),
            standalone: true,
            with_static: false,
            relocatable: false,
            dereference: false,
            node_version: NodeVersion::major(22),
            target: Target::default(),
            threads: None,
            cache_dir: None,
            strict: false,
            max_bytes: None,
        }
    }
}

/// One `.nft.json` written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenTrace {
    /// Its path relative to the app directory (`.next/server/pages/index.js.nft.json`).
    pub path: String,
    /// How many files it lists.
    pub files: usize,
}

/// What [`trace_app`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextSummary {
    /// The bundler that produced the build.
    pub mode: BundlerMode,
    /// The tracing root used, relative to the app directory (`.` or `../..`).
    pub root: String,
    /// The traces written, sorted by path.
    pub traces: Vec<WrittenTrace>,
    /// The standalone folder, unless it was turned off.
    pub standalone: Option<StandaloneReport>,
    /// Problems that did not stop the work: unresolved modules, files outside the
    /// root, links that had to be copied; sorted by their text, each once.
    pub warnings: Vec<NextWarning>,
}

/// Writes the `.nft.json` files of the `next build` output in `app_dir` and, unless
/// turned off, assembles `.next/standalone`.
///
/// `app_dir` must be absolute: the library never reads the working directory.
///
/// # Errors
/// [`Error::InvalidOption`] when `app_dir` is relative or holds no `next build`
/// output, or the root
/// does not contain it, [`Error::Io`] and [`Error::Output`] when a manifest cannot be
/// read or an output cannot be written.
pub fn trace_app(app_dir: impl AsRef<Path>, options: &NextOptions) -> Result<NextSummary, Error> {
    let build = build::NextBuild::read(app_dir.as_ref(), options.root.as_deref())?;
    let mut trace_options = TraceOptions::new(&build.root);
    trace_options.node_version = options.node_version;
    trace_options.target = options.target.clone();
    trace_options.threads = options.threads;
    trace_options.cache_dir.clone_from(&options.cache_dir);
    trace_options.optional_packages = NEXT_OPTIONAL.iter().map(|&name| name.to_owned()).collect();
    let mut warnings = Vec::new();
    let rules = traces::RouteRules { includes: &options.includes, excludes: &options.excludes };
    let mut diagnostics = Vec::new();
    let computed =
        traces::compute(&build, &trace_options, &rules, &mut warnings, &mut diagnostics)?;
    if options.strict {
        check_strict(&build, &computed, diagnostics)?;
    }
    if let Some(max) = options.max_bytes {
        check_budgets(&build, &computed, max)?;
    }
    for trace in &computed {
        crate::emit::nft_json::write_nft_json(&trace.path, &trace.files)?;
    }
    let standalone = if options.standalone {
        let how = standalone::Assembly {
            with_static: options.with_static,
            relocatable: options.relocatable,
            dereference: options.dereference,
        };
        Some(standalone::assemble(&build, &computed, &how, &mut warnings)?)
    } else {
        None
    };
    warnings::sort_and_dedup(&mut warnings);
    let root = paths::relative(&build.app_dir, &build.root);
    Ok(NextSummary {
        mode: build.mode,
        root: if root.is_empty() { ".".to_owned() } else { root },
        traces: computed
            .iter()
            .map(|t| WrittenTrace {
                path: paths::relative(&build.app_dir, &t.path),
                files: t.files.len(),
            })
            .collect(),
        standalone,
        warnings,
    })
}

/// Modules Next.js's compiled server names but never loads from `node_modules`:
/// its require hook (`next/dist/server/require-hook`) maps them to the copies
/// vendored in `next/dist/compiled`, or they serve features off by default
/// (`critters` for `experimental.optimizeCss`) or only in development.
const NEXT_OPTIONAL: &[&str] = &[
    "react-server-dom-webpack",
    "react-server-dom-turbopack",
    "critters",
    "@vercel/turbopack-ecmascript-runtime",
    // The require hook maps `webpack` to `next/dist/compiled/webpack`.
    "webpack",
    // Names only Next's bundler resolves: the placeholders of its build-time entry
    // templates (`next/dist/build/templates/*`, listed in Next's own server trace
    // but never loaded by the server) and the aliases of its webpack config.
    "VAR_USERLAND",
    "VAR_MODULE_APP",
    "VAR_MODULE_DOCUMENT",
    "VAR_MODULE_GLOBAL_ERROR",
    "MODULE",
    "private-next-instrumentation-client",
    "server-only",
];

/// `--strict` on a Next.js build: the problems of the files the written traces
/// list (the walk also reaches files no trace keeps, such as Next's build-time
/// templates, whose placeholders never resolve).
fn check_strict(
    build: &build::NextBuild,
    computed: &[traces::TraceFile],
    diagnostics: Vec<crate::Diagnostic>,
) -> Result<(), Error> {
    let mut traced = std::collections::BTreeSet::new();
    for trace in computed {
        for file in &trace.absolute {
            traced.insert(paths::relative(&build.root, file));
        }
    }
    let relevant: Vec<crate::Diagnostic> =
        diagnostics.into_iter().filter(|d| traced.contains(d.file())).collect();
    if relevant.iter().any(|d| d.severity() == crate::Severity::Error) {
        return Err(Error::Strict { diagnostics: relevant });
    }
    Ok(())
}

/// `--max-bytes` on a Next.js build: every trace, and the files the standalone
/// folder copies (the union of the copied traces, relative to the root).
fn check_budgets(
    build: &build::NextBuild,
    computed: &[traces::TraceFile],
    max: u64,
) -> Result<(), Error> {
    let fs = crate::fs::OsFs;
    let mut standalone = std::collections::BTreeSet::new();
    for trace in computed {
        let dir = trace.path.parent().unwrap_or(&build.root);
        crate::emit::budget::check_files(trace.files.iter().map(String::as_str), dir, &fs, max)?;
        if trace.copied {
            for file in &trace.absolute {
                let rel = paths::relative(&build.root, file);
                if !paths::escapes_base(&rel) {
                    standalone.insert(rel);
                }
            }
        }
    }
    crate::emit::budget::check_files(standalone.iter().map(String::as_str), &build.root, &fs, max)
        .map(|_| ())
}
