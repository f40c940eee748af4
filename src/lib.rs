//! # nft-rs
//!
//! A fast, deterministic output file tracer for Node.js programs: given entry
//! files, it finds every file the program can load at run time (modules reached
//! through `import`, `require` and `import()`, JSON, native addons, assets) and
//! lists them relative to a base directory, or copies them into a self-contained
//! folder. Its behaviour follows `@vercel/nft`, and its output is the same bytes for
//! any thread count.
//!
//! ```no_run
//! use nft_rs::{TraceOptions, Tracer};
//!
//! let mut options = TraceOptions::new("/srv/app");
//! options.ignore.push("**/*.d.ts".to_owned());
//! let tracer = Tracer::new(options)?;
//! let trace = tracer.trace(&["/srv/app/server.js"])?;
//! assert!(trace.file_list().contains(&"server.js"));
//! for warning in trace.diagnostics() {
//!     eprintln!("{warning}");
//! }
//! # Ok::<(), nft_rs::Error>(())
//! ```
//!
//! Modules: `options` (what to trace), `graph` (the tracer and its parallel walk),
//! `analyze` (one file in, facts out), `eval` (the evaluator's values and
//! well-known functions), `resolve` (`oxc_resolver` with nft's semantics), `fs`
//! (file access behind a trait), `emit` (outputs: JSON, size, the budget,
//! copies), `next` (the Next.js command), `error` (fatal errors, and diagnostics
//! as data), `glob` (picomatch semantics), `paths` (lexical path helpers). The
//! library never reads the process's working directory.

#![deny(missing_docs)]

mod analyze;
mod emit;
mod error;
mod eval;
mod fs;
mod glob;
mod graph;
mod hooks;
pub mod next;
mod options;
mod paths;
mod resolve;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    //! Entry points for the fuzz targets (`fuzz/`). Not a public API.

    use std::path::Path;

    /// The facts of `source` as the file `path` (CLI defaults), as text, with or
    /// without skimming (`examples/skim_check.rs` compares both).
    #[must_use]
    pub fn facts(path: &str, source: &str, skim: bool) -> String {
        let options = crate::analyze::AnalyzeOptions {
            mixed_modules: true,
            analysis: crate::options::AnalysisOptions::default(),
            cwd: "/app".to_owned(),
        };
        let hint = crate::analyze::ModuleHint::Detect;
        let skimming =
            if skim { crate::analyze::Skimming::Large } else { crate::analyze::Skimming::Off };
        let facts =
            crate::analyze::analyze_source_as(Path::new(path), source, hint, &options, skimming);
        format!("{facts:?}")
    }

    /// Analyses `source` as the file `path` with the CLI's default options;
    /// returns how many specifiers and references it found. Inputs on which the
    /// SWC parser itself panics (an upstream bug the tracer catches per file) are
    /// skipped, so that the fuzzer keeps finding bugs in nft-rs's own code.
    #[must_use]
    pub fn analyze(path: &str, source: &str) -> usize {
        let hint = crate::analyze::ModuleHint::Detect;
        let parses =
            std::panic::catch_unwind(|| crate::analyze::parses(Path::new(path), source, hint));
        if parses.is_err() {
            return 0;
        }
        let options = crate::analyze::AnalyzeOptions {
            mixed_modules: true,
            analysis: crate::options::AnalysisOptions::default(),
            cwd: "/app".to_owned(),
        };
        let facts = crate::analyze::analyze_source(
            Path::new(path),
            source,
            crate::analyze::ModuleHint::Detect,
            &options,
        );
        facts.deps.len() + facts.references.len()
    }
}

pub use emit::{BuildReport, CopyWarning, build, check_budget, print_json, trace_size};
pub use error::{
    Diagnostic, DiagnosticKind, Error, Position, Problem, Severity, SizeShare, UnresolvedReason,
};
pub use fs::{FileKind, FileSystem, MemoryFs, Metadata, OsFs};
pub use glob::{Glob, GlobOptions, GlobSet};
pub use graph::{Reason, ReasonType, Trace, Tracer};
pub use hooks::{Hooks, IgnoreFn, ResolveHook};
pub use options::{AnalysisOptions, Libc, NodeVersion, Target, TraceOptions};
pub use paths::relative_path;
