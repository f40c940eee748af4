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
    /// Strict mode (`TraceOptions::strict`): the trace has problems that break the
    /// program at run time ([`Severity::Error`] diagnostics). `diagnostics` holds
    /// every diagnostic of the trace, errors and warnings, for the caller to list.
    #[error("strict mode: {} problem(s) would break the program at run time", count_errors(.diagnostics))]
    Strict {
        /// Every diagnostic of the trace.
        diagnostics: Vec<Diagnostic>,
    },
    /// The size budget (`--max-bytes`) is exceeded.
    #[error(
        "the trace is {total} bytes, over the budget of {max_bytes} bytes; largest packages: {}; files whose expressions pulled in the most assets: {}",
        shares(.packages),
        shares(.pullers)
    )]
    OverBudget {
        /// The trace's bytes.
        total: u64,
        /// The budget.
        max_bytes: u64,
        /// The largest packages, largest first.
        packages: Vec<SizeShare>,
        /// The files whose references pulled in the most asset bytes.
        pullers: Vec<SizeShare>,
    },
}

/// One package's or one file's part of a trace's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeShare {
    /// A package name (`(app)` for the app's own files) or a base-relative file.
    pub name: String,
    /// Its bytes.
    pub bytes: u64,
}

/// `name (1.2 MB), name (300 kB)`.
fn shares(list: &[SizeShare]) -> String {
    let parts: Vec<String> =
        list.iter().map(|s| format!("{} ({})", s.name, human_bytes(s.bytes))).collect();
    if parts.is_empty() { "none".to_owned() } else { parts.join(", ") }
}

/// Bytes in decimal units, one decimal: `1.2 MB`.
#[expect(clippy::cast_precision_loss, reason = "a rounded figure for people")]
pub(crate) fn human_bytes(bytes: u64) -> String {
    let units = [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)];
    for (unit, size) in units {
        if bytes as f64 >= size {
            return format!("{:.1} {unit}", bytes as f64 / size);
        }
    }
    format!("{bytes} B")
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
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
            (Self::Strict { diagnostics: a }, Self::Strict { diagnostics: b }) => a == b,
            (
                Self::OverBudget { total: a, max_bytes: m, packages: p, pullers: q },
                Self::OverBudget { total: b, max_bytes: n, packages: r, pullers: s },
            ) => a == b && m == n && p == r && q == s,
            _ => false,
        }
    }
}

/// How bad a [`Diagnostic`] is. Every diagnostic lets the trace go on; strict
/// mode fails a trace that has an [`Severity::Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// Something Node tolerates at run time (a `require` inside `try`, a
    /// `require.resolve` probe, an optional peer dependency, a fallback around a
    /// native addon), or a cost rather than a failure (a malformed `package.json`).
    Warning,
    /// Something that breaks the program at run time when its code runs: a module
    /// that does not resolve, a file that cannot be read or parsed, a native addon
    /// with no binary for the target, a pattern cut at its limit.
    Error,
}

/// What kind of problem a [`Diagnostic`] reports: the category of its
/// [`Problem`], for callers that only sort or count.
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
    /// A `package.json` could not be read or parsed.
    PackageJson,
    /// A pattern matched more files than `max_glob_files`; the rest were left out.
    GlobLimit,
    /// A native addon loader found no binary for the target.
    NativeNotFound,
    /// One pattern brought many files or bytes into the trace.
    LargeExpansion,
}

/// A place in a source file: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, in characters.
    pub column: u32,
}

/// Why a specifier did not resolve.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum UnresolvedReason {
    /// No file or package matched (Node's `MODULE_NOT_FOUND`).
    NotFound,
    /// The resolver refused it for another reason (an `exports` target not
    /// exported, a malformed `package.json`, ...), in the resolver's words.
    Resolver(String),
}

/// What went wrong, with its data: one variant per event. Paths are relative to
/// the trace base, `/`-separated. Formatted into prose only by `Display`, at the
/// edge (the CLI, the JSON `warnings`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Problem {
    /// `specifier`, required or imported by the diagnostic's file, did not resolve.
    Unresolved {
        /// The specifier as written (or as evaluated).
        specifier: String,
        /// Why.
        reason: UnresolvedReason,
    },
    /// The file is not valid JavaScript or TypeScript (or too deeply nested to
    /// parse); it stays in the trace without analysis.
    Parse {
        /// The parser's message.
        message: String,
        /// Where, when the parser said.
        position: Option<Position>,
    },
    /// The file could not be read.
    Read {
        /// The operating system's error, as text.
        error: String,
    },
    /// A chain of symlinks at `link` loops, or is too long to follow.
    SymlinkLoop {
        /// The link where the walk gave up.
        link: String,
    },
    /// The file, a `package.json`, could not be read or is not valid JSON. The
    /// trace goes on as if it had no fields.
    PackageJson {
        /// What is wrong with it.
        error: String,
    },
    /// A native addon loader (`node-gyp-build`, `bindings`, node-pre-gyp, nbind)
    /// found no binary for the target platform in `location`.
    NativeNotFound {
        /// The loader.
        loader: String,
        /// Where it looked (a folder or `package.json`, relative to the base).
        location: String,
    },
    /// One expression of the file, evaluated to `pattern`, brought `files` files
    /// and `bytes` bytes into the trace: more than a deployment usually wants
    /// (over 1,000 files or 32 MiB). A cost, not a failure.
    LargeExpansion {
        /// The pattern, relative to the base.
        pattern: String,
        /// How many files it matched.
        files: usize,
        /// Their bytes.
        bytes: u64,
    },
    /// `pattern` matched more than `limit` files; only the first `limit` are traced.
    GlobLimit {
        /// The pattern, relative to the base.
        pattern: String,
        /// The limit (`max_glob_files`).
        limit: usize,
    },
}

impl Problem {
    /// The category of this problem.
    #[must_use]
    pub fn kind(&self) -> DiagnosticKind {
        match self {
            Self::Unresolved { .. } => DiagnosticKind::Unresolved,
            Self::Parse { .. } => DiagnosticKind::Parse,
            Self::Read { .. } => DiagnosticKind::Read,
            Self::SymlinkLoop { .. } => DiagnosticKind::SymlinkLoop,
            Self::PackageJson { .. } => DiagnosticKind::PackageJson,
            Self::GlobLimit { .. } => DiagnosticKind::GlobLimit,
            Self::NativeNotFound { .. } => DiagnosticKind::NativeNotFound,
            Self::LargeExpansion { .. } => DiagnosticKind::LargeExpansion,
        }
    }
}

/// A non-fatal problem with one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub(crate) file: String,
    pub(crate) severity: Severity,
    pub(crate) problem: Problem,
}

impl Diagnostic {
    pub(crate) fn new(file: String, severity: Severity, problem: Problem) -> Self {
        Self { file, severity, problem }
    }
    /// The file the problem is in (for an unresolved specifier, the importer),
    /// relative to the trace base.
    #[must_use]
    pub fn file(&self) -> &str {
        &self.file
    }
    /// The kind of problem.
    #[must_use]
    pub fn kind(&self) -> DiagnosticKind {
        self.problem.kind()
    }
    /// What happened, with its data.
    #[must_use]
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
    /// Where in the file, when known.
    #[must_use]
    pub fn position(&self) -> Option<Position> {
        match &self.problem {
            Problem::Parse { position, .. } => *position,
            _ => None,
        }
    }
    /// How bad it is.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }
    /// A human-readable message naming the file (the `Display` form).
    #[must_use]
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = &self.file;
        match &self.problem {
            Problem::Unresolved { specifier, reason } => {
                write!(f, "Failed to resolve dependency \"{specifier}\" from {file}: ")?;
                match reason {
                    UnresolvedReason::NotFound => write!(f, "Cannot find module '{specifier}'"),
                    UnresolvedReason::Resolver(words) => f.write_str(words),
                }
            }
            Problem::Parse { message, position: Some(Position { line, column }) } => {
                write!(f, "Failed to parse {file}: {message} at line {line}, column {column}")
            }
            Problem::Parse { message, position: None } => {
                write!(f, "Failed to parse {file}: {message}")
            }
            Problem::Read { error } => write!(f, "Failed to read {file}: {error}"),
            Problem::SymlinkLoop { link } => {
                write!(f, "{file}: symlink loop at {link}")
            }
            Problem::PackageJson { error } => write!(f, "Invalid package.json {file}: {error}"),
            Problem::NativeNotFound { loader, location } => {
                write!(f, "{file}: {loader} finds no native binary for the target in {location}")
            }
            Problem::LargeExpansion { pattern, files, bytes } => write!(
                f,
                "{file}: the pattern {pattern} brings {files} files ({}) into the trace",
                human_bytes(*bytes)
            ),
            Problem::GlobLimit { pattern, limit } => write!(
                f,
                "{file}: the pattern {pattern} matched more than {limit} files; only the first {limit} are traced"
            ),
        }
    }
}
