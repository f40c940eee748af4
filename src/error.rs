//! The two outcomes of a trace that went wrong: a fatal [`Error`] (bad options, a
//! missing entry, an unwritable output) returned as `Err`, and a per-file
//! [`Diagnostic`] (a parse failure, an unresolved specifier) collected while the
//! walk carries on.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

/// A fatal error: the trace (or the output) could not be produced.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An entry file does not exist.
    #[error("entry not found: {}", .0.display())]
    EntryNotFound(PathBuf),
    /// An entry exists but is not a regular file.
    #[error("entry is not a file: {}", .0.display())]
    EntryNotFile(PathBuf),
    /// An option has a value that cannot be used.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// A file could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: Arc<io::Error>,
    },
    /// An output could not be written as asked.
    #[error("{}: {message}", .path.display())]
    Output {
        /// The output path.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io { path: path.into(), source: Arc::new(source) }
    }
}

impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::EntryNotFound(a), Self::EntryNotFound(b))
            | (Self::EntryNotFile(a), Self::EntryNotFile(b)) => a == b,
            (Self::InvalidOption(a), Self::InvalidOption(b)) => a == b,
            (Self::Io { path: a, source: x }, Self::Io { path: b, source: y }) => {
                a == b && x.kind() == y.kind()
            }
            (Self::Output { path: a, message: x }, Self::Output { path: b, message: y }) => {
                a == b && x == y
            }
            _ => false,
        }
    }
}

/// How bad a [`Diagnostic`] is. Every diagnostic lets the trace go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// Something nft-rs could not follow; the output may lack a file.
    Warning,
}

/// What kind of problem a [`Diagnostic`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// A specifier could not be resolved.
    Unresolved,
    /// A file could not be parsed; it stays in the trace without analysis.
    Parse,
    /// A file could not be read.
    Read,
    /// A symlink chain loops or is too long.
    SymlinkLoop,
    /// A `package.json` could not be parsed.
    PackageJson,
    /// A pattern matched more files than `max_glob_files`; the rest were left out.
    GlobLimit,
}

/// A non-fatal problem with one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub(crate) file: String,
    pub(crate) kind: DiagnosticKind,
    pub(crate) severity: Severity,
    pub(crate) message: String,
}

impl Diagnostic {
    pub(crate) fn warning(file: String, kind: DiagnosticKind, message: String) -> Self {
        Self { file, kind, severity: Severity::Warning, message }
    }
    /// The file the problem is in, relative to the trace base.
    #[must_use]
    pub fn file(&self) -> &str {
        &self.file
    }
    /// The kind of problem.
    #[must_use]
    pub fn kind(&self) -> DiagnosticKind {
        self.kind
    }
    /// How bad it is.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }
    /// A human-readable message naming the file.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
