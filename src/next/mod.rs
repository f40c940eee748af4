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
mod manifests;
mod rules;
mod standalone;
mod traces;
mod turbopack;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::options::{NodeVersion, Target, TraceOptions};
use crate::paths;

pub use build::BundlerMode;
pub use standalone::StandaloneReport;

/// Options of [`trace_app`] (the flags of `nft-rs trace`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "one field per CLI switch")]
pub struct NextOptions {
    /// Overrides `outputFileTracingRoot` (`--root`).
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
    /// The persistent analysis cache folder (see [`crate::TraceOptions::cache_dir`]).
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
    /// root, links that had to be copied.
    pub warnings: Vec<String>,
}

/// Writes the `.nft.json` files of the `next build` output in `app_dir` and, unless
/// turned off, assembles `.next/standalone`.
///
/// # Errors
/// [`Error::InvalidOption`] when `app_dir` holds no `next build` output or the root
/// does not contain it, [`Error::Io`] and [`Error::Output`] when a manifest cannot be
/// read or an output cannot be written.
pub fn trace_app(app_dir: impl AsRef<Path>, options: &NextOptions) -> Result<NextSummary, Error> {
    let build = build::NextBuild::read(app_dir.as_ref(), options.root.as_deref())?;
    let mut trace_options = TraceOptions::new(&build.root);
    trace_options.node_version = options.node_version;
    trace_options.target = options.target.clone();
    trace_options.threads = options.threads;
    trace_options.cache_dir.clone_from(&options.cache_dir);
    let mut warnings = Vec::new();
    let rules = traces::RouteRules { includes: &options.includes, excludes: &options.excludes };
    let computed = traces::compute(&build, &trace_options, &rules, &mut warnings)?;
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
    warnings.sort();
    warnings.dedup();
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
