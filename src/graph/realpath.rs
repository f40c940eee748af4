//! Symlink resolution with hop recording: which links a path passes through
//! inside the base, so that a copy of the trace still resolves (pnpm and
//! workspace layouts only work when the links are copied too).
//!
//! Like `@vercel/nft`, only links below the base are followed; the base's own
//! ancestors are taken as they are, and a link that leaves the base is resolved
//! lexically from there on.

use std::path::{Component, Path, PathBuf};

use crate::fs::FileKind;
use crate::paths;

use super::Inner;
use super::ids::PathId;

/// How many links one path may pass through before it counts as a loop.
const MAX_HOPS: usize = 40;

/// A path with its links resolved, and the links passed on the way.
#[derive(Clone)]
pub(crate) struct RealPath {
    pub(crate) real: PathId,
    pub(crate) hops: Vec<PathId>,
}

/// A path whose links loop (or pass more than [`MAX_HOPS`] links): the link where
/// the walk gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SymlinkLoop(pub(crate) PathBuf);

impl Inner {
    /// The symlink target stored at `path`, if `path` is a symlink (the tracer's
    /// file system remembers both questions).
    fn link_target(&self, path: &Path) -> Option<PathBuf> {
        match self.fs.symlink_metadata(path) {
            Ok(meta) if meta.kind == FileKind::Symlink => self.fs.read_link(path).ok(),
            _ => None,
        }
    }

    /// Resolves the links of `path` below the base. `Err` names the loop.
    /// Remembered on the path: a module is reached once per file that requires it.
    pub(crate) fn realpath(&self, id: PathId) -> &Result<RealPath, SymlinkLoop> {
        let node = self.paths.node(id);
        if let Some(hit) = node.real.get() {
            return hit;
        }
        let answer = match self.realpath_uncached(&node.path) {
            Ok((real, hops)) => Ok(RealPath {
                real: self.paths.intern(&real),
                hops: hops.iter().map(|hop| self.paths.intern(hop)).collect(),
            }),
            Err(e) => Err(e),
        };
        node.real.get_or_init(|| answer)
    }

    /// [`Inner::realpath`] of a path not yet interned.
    pub(crate) fn realpath_of(&self, path: &Path) -> &Result<RealPath, SymlinkLoop> {
        self.realpath(self.paths.intern(path))
    }

    fn realpath_uncached(&self, path: &Path) -> Result<(PathBuf, Vec<PathBuf>), SymlinkLoop> {
        let base = &self.base;
        let path = paths::normalize(path);
        let mut hops = Vec::new();
        let Ok(rest) = path.strip_prefix(base) else {
            return Ok((path, hops));
        };
        let mut pending: Vec<PathBuf> = components_rev(rest);
        let mut current = base.clone();
        let mut count = 0;
        while let Some(name) = pending.pop() {
            let candidate = current.join(&name);
            let Some(target) = self.link_target(&candidate) else {
                current = candidate;
                continue;
            };
            count += 1;
            if count > MAX_HOPS {
                return Err(SymlinkLoop(candidate));
            }
            hops.push(candidate);
            let next = paths::absolutize(&current, &target);
            if let Ok(inner) = next.strip_prefix(base) {
                pending.extend(components_rev(inner));
                current.clone_from(base);
            } else {
                let mut out = next;
                while let Some(name) = pending.pop() {
                    out.push(name);
                }
                return Ok((paths::normalize(&out), hops));
            }
        }
        Ok((current, hops))
    }
}

/// The normal components of `path`, last first (a stack to pop from).
fn components_rev(path: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(PathBuf::from(n)),
            _ => None,
        })
        .collect();
    out.reverse();
    out
}
