//! The reasons graph of a walk, by [`PathId`]: children of each file, what an
//! entry reaches, what Next.js's ignore rules keep. A file's absolute and
//! root-relative paths come from the [`Trace`], never from parsing text.

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{PathId, Reason, ReasonType, Trace};
use crate::paths;

/// The reasons graph of a walk, navigable both ways, by [`PathId`]: a file's
/// absolute and root-relative paths come from the trace, never from text.
pub(super) struct Graph<'t> {
    trace: &'t Trace,
    children: FxHashMap<PathId, Vec<PathId>>,
    /// The traced (not ignored) files' reasons.
    reasons: FxHashMap<PathId, &'t Reason>,
}

impl<'t> Graph<'t> {
    pub(super) fn new(trace: &'t Trace) -> Self {
        let mut children: FxHashMap<PathId, Vec<PathId>> = FxHashMap::default();
        let mut reasons = FxHashMap::default();
        for (_, reason) in trace.files() {
            reasons.insert(reason.id(), reason);
            for &parent in reason.parent_ids() {
                children.entry(parent).or_default().push(reason.id());
            }
        }
        Self { trace, children, reasons }
    }

    /// The id of an absolute path the walk reached.
    pub(super) fn id(&self, path: &Path) -> Option<PathId> {
        self.trace.id_of(&paths::normalize(path))
    }

    /// The reason of a traced file.
    pub(super) fn reason(&self, id: PathId) -> Option<&'t Reason> {
        self.reasons.get(&id).copied()
    }

    /// The root-relative path of a file of the graph.
    pub(super) fn rel(&self, id: PathId) -> &'t str {
        self.trace.rel(id)
    }

    /// The absolute path of a file of the graph.
    pub(super) fn path(&self, id: PathId) -> &'t Path {
        self.trace.path(id)
    }

    /// Every traced file below `root` (not `root` itself unless it is its own
    /// descendant).
    pub(super) fn descendants(&self, root: Option<PathId>) -> FxHashSet<PathId> {
        self.descendants_without(root, &|_| false)
    }

    /// Every traced file below `root` reached through files `skip` does not
    /// match (which are left out themselves).
    pub(super) fn descendants_without(
        &self,
        root: Option<PathId>,
        skip: &dyn Fn(PathId) -> bool,
    ) -> FxHashSet<PathId> {
        let mut seen: FxHashSet<PathId> = FxHashSet::default();
        let mut stack: Vec<PathId> =
            root.and_then(|r| self.children.get(&r)).cloned().unwrap_or_default();
        while let Some(file) = stack.pop() {
            if !skip(file)
                && seen.insert(file)
                && let Some(next) = self.children.get(&file)
            {
                stack.extend(next.iter().copied());
            }
        }
        seen
    }

    /// The files Next.js's `shouldIgnore` keeps: reachable from an entry (or a
    /// parentless file) through files none of which `ignore` matches. Next.js
    /// computes this with a per-file recursion whose cache depends on the visiting
    /// order in cycles; reachability is what it means, in any order.
    pub(super) fn kept(&self, ignore: &dyn Fn(&str) -> bool) -> FxHashSet<PathId> {
        // A file is reached through each of its parents: match the ignore globs
        // (dozens of `contains` patterns) once per file.
        let mut ignored: FxHashMap<PathId, bool> = FxHashMap::default();
        let mut is_ignored =
            |f: PathId| *ignored.entry(f).or_insert_with(|| ignore(self.trace.rel(f)));
        let mut kept: FxHashSet<PathId> = FxHashSet::default();
        let mut stack: Vec<PathId> = self
            .trace
            .files()
            .filter(|(_, r)| r.parents().is_empty() || r.types().contains(&ReasonType::Initial))
            .map(|(_, r)| r.id())
            .filter(|&f| !is_ignored(f))
            .collect();
        while let Some(file) = stack.pop() {
            if kept.insert(file)
                && let Some(next) = self.children.get(&file)
            {
                stack.extend(next.iter().copied().filter(|&f| !is_ignored(f)));
            }
        }
        kept
    }
}
