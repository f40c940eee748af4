//! Why each file is in the trace: the [`Trace`] a walk produces, with its
//! [`Reason`]s, ESM files and diagnostics, in sorted, base-relative form. Each
//! reason also carries the [`PathId`]s of its path and parents, so that callers
//! inside the crate (`next/`) navigate the graph and get absolute paths from the
//! tracer's [`PathTable`] without parsing text back into paths.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::error::Diagnostic;

use super::ids::{PathId, PathTable};

/// How a path was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ReasonType {
    /// An entry file.
    Initial,
    /// A `package.json` consulted, or a symlink passed through.
    Resolve,
    /// A module loaded by another file.
    Dependency,
    /// A file read at run time.
    Asset,
    /// A shared library shipped beside a native addon.
    Sharedlib,
}

impl ReasonType {
    /// The name used in JSON output (`"initial"`, `"resolve"`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initial => "initial",
            Self::Resolve => "resolve",
            Self::Dependency => "dependency",
            Self::Asset => "asset",
            Self::Sharedlib => "sharedlib",
        }
    }

    pub(crate) const ALL: [Self; 5] =
        [Self::Initial, Self::Resolve, Self::Dependency, Self::Asset, Self::Sharedlib];

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Why one path is in the trace (or was reached and left out).
#[derive(Debug, Clone)]
pub struct Reason {
    pub(crate) types: Vec<ReasonType>,
    pub(crate) ignored: bool,
    pub(crate) parents: Vec<String>,
    /// The path's id in the trace's table.
    pub(crate) id: PathId,
    /// The parents' ids (in no meaningful order).
    pub(crate) parent_ids: Vec<PathId>,
}

/// Ids depend on thread timing: equality is the paths'.
impl PartialEq for Reason {
    fn eq(&self, other: &Self) -> bool {
        self.types == other.types && self.ignored == other.ignored && self.parents == other.parents
    }
}

impl Eq for Reason {}

impl Reason {
    /// The distinct ways the path was reached, in the order of [`ReasonType`].
    #[must_use]
    pub fn types(&self) -> &[ReasonType] {
        &self.types
    }
    /// Reached but left out: by an ignore glob, or because it lies outside the base.
    #[must_use]
    pub fn ignored(&self) -> bool {
        self.ignored
    }
    /// The files that pulled this path in, base-relative and sorted. Empty for an entry.
    #[must_use]
    pub fn parents(&self) -> &[String] {
        &self.parents
    }
    /// The path's id in its trace ([`Trace::path`], [`Trace::rel`]).
    pub(crate) fn id(&self) -> PathId {
        self.id
    }
    /// The ids of [`Reason::parents`], in no meaningful order.
    pub(crate) fn parent_ids(&self) -> &[PathId] {
        &self.parent_ids
    }
}

/// The result of a trace: every reached path with its reason, sorted bytewise.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The tracer's paths (shared; ids of `reasons` index it).
    pub(crate) paths: Arc<PathTable>,
    pub(crate) reasons: BTreeMap<String, Reason>,
    pub(crate) esm: BTreeSet<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        self.reasons == other.reasons
            && self.esm == other.esm
            && self.diagnostics == other.diagnostics
    }
}

impl Eq for Trace {}

impl Trace {
    pub(crate) fn new(paths: Arc<PathTable>) -> Self {
        Self { paths, reasons: BTreeMap::new(), esm: BTreeSet::new(), diagnostics: Vec::new() }
    }

    /// The absolute path of an id of this trace.
    pub(crate) fn path(&self, id: PathId) -> &Path {
        self.paths.path(id)
    }

    /// The base-relative path of an id of this trace.
    pub(crate) fn rel(&self, id: PathId) -> &str {
        self.paths.rel(id)
    }

    /// The id of an absolute, normalised path the tracer has met.
    pub(crate) fn id_of(&self, path: &Path) -> Option<PathId> {
        self.paths.lookup(path)
    }

    /// The traced files (not ignored), base-relative, `/`-separated, sorted.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Reason)> {
        self.reasons.iter().filter(|(_, r)| !r.ignored).map(|(p, r)| (p.as_str(), r))
    }
    /// The paths of [`Trace::files`].
    #[must_use]
    pub fn file_list(&self) -> Vec<&str> {
        self.files().map(|(p, _)| p).collect()
    }
    /// The traced files that were parsed as ES modules, sorted.
    #[must_use]
    pub fn esm_file_list(&self) -> Vec<&str> {
        self.esm
            .iter()
            .filter(|p| self.reasons.get(*p).is_some_and(|r| !r.ignored))
            .map(String::as_str)
            .collect()
    }
    /// Every reached path, ignored ones included, with its reason.
    #[must_use]
    pub fn reasons(&self) -> &BTreeMap<String, Reason> {
        &self.reasons
    }
    /// Non-fatal problems, sorted.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
    /// Whether a problem breaks the program at run time (what strict mode fails on).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity() == crate::Severity::Error)
    }
}
