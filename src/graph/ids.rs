//! Path identity: every path the tracer meets is interned once in a
//! [`PathTable`] and named by a [`PathId`] (a `u32`, `Copy`, cheap to hash), and
//! what is computed about a path is remembered on it: its real path and the
//! links passed on the way, its base-relative form, whether the ignore rules
//! leave it out, its nearest `package.json`, its analysis. The walk and the
//! [`Trace`](super::Trace) work with ids; a path becomes text again only when
//! output is written.
//!
//! Ids depend on the order threads reach paths: they are identities, never an
//! order. Output is sorted by the base-relative path.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use crate::analyze::FileFacts;
use crate::paths;

use super::realpath::{RealPath, SymlinkLoop};
use super::{FxDashMap, PackageInfo};

/// An interned path of one [`PathTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct PathId(u32);

/// One interned path and what is known about it.
pub(crate) struct PathNode {
    pub(crate) path: PathBuf,
    rel: OnceLock<Box<str>>,
    pub(super) real: OnceLock<Result<RealPath, SymlinkLoop>>,
    pub(super) ignored: OnceLock<bool>,
    pub(super) package: OnceLock<Option<Arc<PackageInfo>>>,
    pub(super) facts: OnceLock<Arc<FileFacts>>,
}

/// Ids in chunk `k` start at `FIRST_CHUNK * (2^k - 1)`; chunk `k` holds
/// `FIRST_CHUNK << k` nodes, so 23 chunks cover every `u32`.
const FIRST_CHUNK: usize = 1024;
const CHUNKS: usize = 23;

type Chunk = Box<[OnceLock<PathNode>]>;

/// The paths of one tracer (kept between its traces), by id and by text.
/// Reading a node is lock-free; interning takes one shard lock of the map.
pub(crate) struct PathTable {
    base: PathBuf,
    /// Path bytes → id (bytes: `Path`'s hash walks components).
    ids: FxDashMap<Box<[u8]>, PathId>,
    chunks: [OnceLock<Chunk>; CHUNKS],
    next: AtomicU32,
}

impl Default for PathTable {
    fn default() -> Self {
        Self::new(PathBuf::from("/"))
    }
}

impl std::fmt::Debug for PathTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PathTable").field("base", &self.base).finish_non_exhaustive()
    }
}

/// The chunk and the slot in it of an id.
fn locate(id: PathId) -> (usize, usize) {
    let i = id.0 as usize + FIRST_CHUNK;
    let chunk =
        (usize::BITS - 1 - i.leading_zeros()) as usize - FIRST_CHUNK.trailing_zeros() as usize;
    (chunk, i - (FIRST_CHUNK << chunk))
}

impl PathTable {
    /// A table whose relative paths are taken from `base` (absolute, normalised).
    pub(crate) fn new(base: PathBuf) -> Self {
        Self {
            base,
            ids: FxDashMap::default(),
            chunks: std::array::from_fn(|_| OnceLock::new()),
            next: AtomicU32::new(0),
        }
    }

    /// The id of an absolute, normalised path, interning it when new.
    pub(crate) fn intern(&self, path: &Path) -> PathId {
        let key = path.as_os_str().as_encoded_bytes();
        if let Some(id) = self.ids.get(key) {
            return *id;
        }
        match self.ids.entry(key.into()) {
            dashmap::Entry::Occupied(hit) => *hit.get(),
            dashmap::Entry::Vacant(slot) => {
                // The id is published (inserted in the map) only once its node is set.
                let id = PathId(self.next.fetch_add(1, Ordering::Relaxed));
                let (chunk, index) = locate(id);
                let chunk = self.chunks[chunk]
                    .get_or_init(|| (0..FIRST_CHUNK << chunk).map(|_| OnceLock::new()).collect());
                let node = PathNode {
                    path: path.to_path_buf(),
                    rel: OnceLock::new(),
                    real: OnceLock::new(),
                    ignored: OnceLock::new(),
                    package: OnceLock::new(),
                    facts: OnceLock::new(),
                };
                // A fresh id's slot is empty: nothing else sets it.
                let _ = chunk[index].set(node);
                slot.insert(id);
                id
            }
        }
    }

    /// The id of a path already interned.
    pub(crate) fn lookup(&self, path: &Path) -> Option<PathId> {
        self.ids.get(path.as_os_str().as_encoded_bytes()).map(|id| *id)
    }

    pub(crate) fn node(&self, id: PathId) -> &PathNode {
        let (chunk, index) = locate(id);
        self.chunks[chunk]
            .get()
            .and_then(|c| c[index].get())
            .expect("a PathId comes from its table's intern, which sets its node first")
    }

    /// The absolute path of `id`.
    pub(crate) fn path(&self, id: PathId) -> &Path {
        &self.node(id).path
    }

    /// The path of `id` relative to the base, `/`-separated (computed once).
    pub(crate) fn rel(&self, id: PathId) -> &str {
        let node = self.node(id);
        node.rel.get_or_init(|| paths::relative(&self.base, &node.path).into_boxed_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_chunks_are_contiguous() {
        assert_eq!(locate(PathId(0)), (0, 0));
        assert_eq!(locate(PathId(1023)), (0, 1023));
        assert_eq!(locate(PathId(1024)), (1, 0));
        assert_eq!(locate(PathId(3071)), (1, 2047));
        assert_eq!(locate(PathId(3072)), (2, 0));
        assert_eq!(locate(PathId(u32::MAX)).0, CHUNKS - 1);
        let table = PathTable::new(PathBuf::from("/app"));
        let ids: Vec<PathId> =
            (0..3000).map(|i| table.intern(Path::new(&format!("/app/f{i}.js")))).collect();
        assert_eq!(table.intern(Path::new("/app/f7.js")), ids[7]);
        assert_eq!(table.path(ids[2500]), Path::new("/app/f2500.js"));
        assert_eq!(table.rel(ids[2500]), "f2500.js");
        assert_eq!(table.rel(table.intern(Path::new("/etc/x"))), "../etc/x");
        assert_eq!(table.lookup(Path::new("/app/none.js")), None);
    }
}
