//! What `nft-rs trace` reports without stopping: [`NextWarning`], one variant per
//! event with its data. `Display` is the only place a warning becomes prose (the
//! CLI prints it, `--json` lists it, bindings forward it); the core's own
//! diagnostics travel inside as [`Diagnostic`]s, the standalone copy's as
//! [`CopyWarning`]s.

use std::fmt;
use std::path::PathBuf;

use crate::emit::CopyWarning;
use crate::error::{Diagnostic, human_bytes};

/// A problem that did not stop [`super::trace_app`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NextWarning {
    /// A problem the trace of the server's files found (an unresolved module, a
    /// file that does not parse, …).
    Trace(Diagnostic),
    /// An `outputFileTracingIncludes` glob (or `--include`) that brings many files
    /// into the traces of the routes it matches.
    LargeInclude {
        /// The file glob, as configured.
        glob: String,
        /// How many files it matches.
        files: usize,
        /// Their size in bytes.
        bytes: u64,
    },
    /// A traced file outside the tracing root: not copied into `.next/standalone`.
    OutsideRoot {
        /// The file, absolute.
        file: PathBuf,
        /// The tracing root.
        root: PathBuf,
    },
    /// A file the standalone copy left out or dereferenced.
    Copy(CopyWarning),
}

impl fmt::Display for NextWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Trace(diagnostic) => fmt::Display::fmt(diagnostic, f),
            Self::LargeInclude { glob, files, bytes } => write!(
                f,
                "the outputFileTracingIncludes glob {glob} brings {files} files ({}) into the traces of the routes it matches",
                human_bytes(*bytes)
            ),
            Self::OutsideRoot { file, root } => write!(
                f,
                "{}: lies outside the tracing root {}, not copied",
                file.display(),
                root.display()
            ),
            Self::Copy(warning) => fmt::Display::fmt(warning, f),
        }
    }
}

/// Sorts `warnings` by their text and drops repeated ones (the same include glob
/// applies to many routes; the same diagnostic comes from several traces).
pub(crate) fn sort_and_dedup(warnings: &mut Vec<NextWarning>) {
    let mut keyed: Vec<(String, NextWarning)> =
        warnings.drain(..).map(|w| (w.to_string(), w)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    warnings.extend(keyed.into_iter().map(|(_, w)| w));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_read_as_before_sorted_by_text_each_once() {
        let large =
            NextWarning::LargeInclude { glob: "data/**".to_owned(), files: 2_000, bytes: 0 };
        let outside =
            NextWarning::OutsideRoot { file: PathBuf::from("/a/x.js"), root: PathBuf::from("/b") };
        let copy = NextWarning::Copy(CopyWarning::OutsideBase { path: "../y".to_owned() });
        let mut warnings = vec![large.clone(), outside.clone(), large.clone(), copy.clone()];
        sort_and_dedup(&mut warnings);
        assert_eq!(warnings, vec![copy, outside, large]);
        let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "../y: outside the base, not copied",
                "/a/x.js: lies outside the tracing root /b, not copied",
                "the outputFileTracingIncludes glob data/** brings 2000 files (0 B) into the traces of the routes it matches",
            ]
        );
    }
}
