//! File access. Every read, stat and readlink the tracer makes goes through the
//! [`FileSystem`] trait, so a caller (a Nix builder, a test, a bench) can supply a
//! virtual file system. [`OsFs`] is the real one, [`MemoryFs`] an in-memory one.
//!
//! This module also adapts a [`FileSystem`] to `oxc_resolver`'s own trait, so that
//! resolution sees the same files as the rest of the trace.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::paths;

/// What kind of entry a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link (only reported by [`FileSystem::symlink_metadata`]).
    Symlink,
    /// Anything else (socket, device, fifo).
    Other,
}

/// The facts about a path that the tracer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metadata {
    /// The kind of entry.
    pub kind: FileKind,
    /// Its size in bytes (for a symlink: the length of its target).
    pub len: u64,
}

/// File access used by the tracer. Implementations must be thread-safe.
pub trait FileSystem: Send + Sync + fmt::Debug {
    /// Reads a whole file.
    ///
    /// # Errors
    /// Any I/O error, as [`std::fs::read`].
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Metadata of `path`, following symlinks.
    ///
    /// # Errors
    /// Any I/O error, as [`std::fs::metadata`].
    fn metadata(&self, path: &Path) -> io::Result<Metadata>;
    /// Metadata of `path` itself, not following a final symlink.
    ///
    /// # Errors
    /// Any I/O error, as [`std::fs::symlink_metadata`].
    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata>;
    /// The target of the symlink at `path`, as stored in the link.
    ///
    /// # Errors
    /// Any I/O error, as [`std::fs::read_link`].
    fn read_link(&self, path: &Path) -> io::Result<PathBuf>;
    /// The names of the entries of a directory, sorted.
    ///
    /// # Errors
    /// Any I/O error, as [`std::fs::read_dir`].
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>>;
}

/// The operating system's file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsFs;

fn os_metadata(meta: &std::fs::Metadata) -> Metadata {
    let ft = meta.file_type();
    let kind = if ft.is_symlink() {
        FileKind::Symlink
    } else if ft.is_file() {
        FileKind::File
    } else if ft.is_dir() {
        FileKind::Dir
    } else {
        FileKind::Other
    };
    Metadata { kind, len: meta.len() }
}

impl FileSystem for OsFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        std::fs::metadata(path).map(|m| os_metadata(&m))
    }
    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata> {
        std::fs::symlink_metadata(path).map(|m| os_metadata(&m))
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::read_link(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(path)? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    }
}

/// An I/O error kept in [`StatCache`]: OS errors come back as the same errno
/// (so the same message), others with their kind and text.
#[derive(Debug, Clone)]
struct KeptError {
    kind: io::ErrorKind,
    os: Option<i32>,
    text: Arc<str>,
}

impl KeptError {
    fn keep(e: &io::Error) -> Self {
        Self { kind: e.kind(), os: e.raw_os_error(), text: e.to_string().into() }
    }
    fn get(&self) -> io::Error {
        match self.os {
            Some(code) => io::Error::from_raw_os_error(code),
            None => io::Error::new(self.kind, self.text.to_string()),
        }
    }
}

type Kept<T> = Result<T, KeptError>;
type StatMap<T> = dashmap::DashMap<std::ffi::OsString, Kept<T>, rustc_hash::FxBuildHasher>;

/// Remembers every stat and readlink of the file system under it, for the life of
/// a [`crate::Tracer`] (which already assumes files do not change while it lives).
/// Resolution asks the same questions many times over (each `require('./x')`
/// probes `x`, `x.js`, ... and the directory's `package.json`): one trace of
/// `firebase-admin` made 12,000 stats of 3,800 paths before this.
/// Keys are the paths' bytes: `Path`'s own hash walks its components.
#[derive(Debug)]
pub(crate) struct StatCache {
    inner: Arc<dyn FileSystem>,
    meta: StatMap<Metadata>,
    link_meta: StatMap<Metadata>,
    links: StatMap<PathBuf>,
}

impl StatCache {
    pub(crate) fn new(inner: Arc<dyn FileSystem>) -> Self {
        Self {
            inner,
            meta: StatMap::default(),
            link_meta: StatMap::default(),
            links: StatMap::default(),
        }
    }
}

fn remembered<T: Clone>(
    map: &StatMap<T>,
    path: &Path,
    ask: impl FnOnce() -> io::Result<T>,
) -> io::Result<T> {
    if let Some(hit) = map.get(path.as_os_str()) {
        return hit.clone().map_err(|e| e.get());
    }
    let answer = ask();
    let kept = match &answer {
        Ok(value) => Ok(value.clone()),
        Err(e) => Err(KeptError::keep(e)),
    };
    map.insert(path.as_os_str().to_owned(), kept);
    answer
}

impl FileSystem for StatCache {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.inner.read(path)
    }
    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        remembered(&self.meta, path, || self.inner.metadata(path))
    }
    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata> {
        remembered(&self.link_meta, path, || self.inner.symlink_metadata(path))
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        remembered(&self.links, path, || self.inner.read_link(path))
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        self.inner.read_dir(path)
    }
}

#[derive(Debug, Clone)]
enum MemNode {
    File(Arc<[u8]>),
    Dir,
    Symlink(PathBuf),
}

/// An in-memory file system for tests and benches. Paths are absolute; parent
/// directories are created implicitly.
#[derive(Debug, Default)]
pub struct MemoryFs {
    nodes: RwLock<BTreeMap<PathBuf, MemNode>>,
}

const MAX_LINK_HOPS: usize = 40;

impl MemoryFs {
    /// An empty file system (only `/` exists).
    #[must_use]
    pub fn new() -> Self {
        let fs = Self::default();
        fs.write_nodes().insert(PathBuf::from("/"), MemNode::Dir);
        fs
    }

    fn write_nodes(&self) -> std::sync::RwLockWriteGuard<'_, BTreeMap<PathBuf, MemNode>> {
        self.nodes.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read_nodes(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<PathBuf, MemNode>> {
        self.nodes.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn add_parents(nodes: &mut BTreeMap<PathBuf, MemNode>, path: &Path) {
        let mut dir = path.parent();
        while let Some(d) = dir {
            nodes.entry(d.to_path_buf()).or_insert(MemNode::Dir);
            dir = d.parent();
        }
    }

    /// Adds (or replaces) a file.
    pub fn add_file(&self, path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
        let path = paths::normalize(path.as_ref());
        let mut nodes = self.write_nodes();
        Self::add_parents(&mut nodes, &path);
        nodes.insert(path, MemNode::File(Arc::from(contents.as_ref())));
    }

    /// Adds a directory.
    pub fn add_dir(&self, path: impl AsRef<Path>) {
        let path = paths::normalize(path.as_ref());
        let mut nodes = self.write_nodes();
        Self::add_parents(&mut nodes, &path);
        nodes.insert(path, MemNode::Dir);
    }

    /// Adds a symlink at `path` whose stored target is `target`.
    pub fn add_symlink(&self, path: impl AsRef<Path>, target: impl AsRef<Path>) {
        let path = paths::normalize(path.as_ref());
        let mut nodes = self.write_nodes();
        Self::add_parents(&mut nodes, &path);
        nodes.insert(path, MemNode::Symlink(target.as_ref().to_path_buf()));
    }

    /// Follows symlinks in every component of `path`.
    fn lookup(&self, path: &Path, follow_last: bool) -> io::Result<(PathBuf, MemNode)> {
        let nodes = self.read_nodes();
        let real = follow_links(path, follow_last, |candidate| {
            match nodes.get(candidate).ok_or_else(|| not_found(candidate))? {
                MemNode::Symlink(target) => Ok(Some(target.clone())),
                _ => Ok(None),
            }
        })?;
        let node = nodes.get(&real).cloned().ok_or_else(|| not_found(&real))?;
        Ok((real, node))
    }
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("no such file: {}", path.display()))
}

fn mem_metadata(node: &MemNode) -> Metadata {
    match node {
        MemNode::File(data) => Metadata { kind: FileKind::File, len: data.len() as u64 },
        MemNode::Dir => Metadata { kind: FileKind::Dir, len: 0 },
        MemNode::Symlink(t) => {
            Metadata { kind: FileKind::Symlink, len: t.as_os_str().len() as u64 }
        }
    }
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.lookup(path, true)?.1 {
            MemNode::File(data) => Ok(data.to_vec()),
            _ => Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory")),
        }
    }
    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        self.lookup(path, true).map(|(_, n)| mem_metadata(&n))
    }
    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata> {
        self.lookup(path, false).map(|(_, n)| mem_metadata(&n))
    }
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        match self.lookup(path, false)?.1 {
            MemNode::Symlink(t) => Ok(t),
            _ => Err(io::Error::new(io::ErrorKind::InvalidInput, "not a symlink")),
        }
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let (dir, node) = self.lookup(path, true)?;
        if !matches!(node, MemNode::Dir) {
            return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a directory"));
        }
        let nodes = self.read_nodes();
        let names = nodes
            .range(dir.clone()..)
            .skip(1)
            .take_while(|(p, _)| p.starts_with(&dir))
            .filter(|(p, _)| p.parent() == Some(dir.as_path()))
            .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        Ok(names)
    }
}

/// Resolves every symlink in `path`, like `realpath(3)`, through `fs`.
pub(crate) fn canonicalize(fs: &dyn FileSystem, path: &Path) -> io::Result<PathBuf> {
    follow_links(path, true, |candidate| {
        if fs.symlink_metadata(candidate)?.kind == FileKind::Symlink {
            fs.read_link(candidate).map(Some)
        } else {
            Ok(None)
        }
    })
}

/// The one symlink walk of the file systems: resolves `path` component by
/// component, asking `link_of` whether each prefix is a link (and its target),
/// until no link is left (the last component too when `follow_last`). More than
/// [`MAX_LINK_HOPS`] links is a loop (`ELOOP`'s words).
fn follow_links(
    path: &Path,
    follow_last: bool,
    mut link_of: impl FnMut(&Path) -> io::Result<Option<PathBuf>>,
) -> io::Result<PathBuf> {
    let mut current = PathBuf::from("/");
    let mut pending: Vec<std::ffi::OsString> =
        paths::normalize(path).components().skip(1).map(|c| c.as_os_str().to_owned()).collect();
    pending.reverse();
    let mut hops = 0;
    while let Some(name) = pending.pop() {
        if name == ".." {
            current.pop();
            continue;
        }
        let candidate = current.join(&name);
        let link = if follow_last || !pending.is_empty() { link_of(&candidate)? } else { None };
        let Some(target) = link else {
            current = candidate;
            continue;
        };
        hops += 1;
        if hops > MAX_LINK_HOPS {
            return Err(io::Error::other("too many levels of symbolic links"));
        }
        if target.is_absolute() {
            current = PathBuf::from("/");
        }
        let mut parts: Vec<std::ffi::OsString> = target
            .components()
            .filter(|c| !matches!(c, std::path::Component::RootDir))
            .map(|c| c.as_os_str().to_owned())
            .collect();
        parts.reverse();
        pending.extend(parts);
    }
    Ok(current)
}

/// Adapts a [`FileSystem`] to `oxc_resolver`'s file system trait.
#[derive(Debug, Clone)]
pub(crate) struct ResolverFs(pub(crate) Arc<dyn FileSystem>);

fn to_oxc(meta: Metadata) -> oxc_resolver::FileMetadata {
    oxc_resolver::FileMetadata::new(
        meta.kind == FileKind::File,
        meta.kind == FileKind::Dir,
        meta.kind == FileKind::Symlink,
    )
}

impl oxc_resolver::FileSystem for ResolverFs {
    fn new() -> Self {
        Self(Arc::new(OsFs))
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.0.read(path)
    }
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        String::from_utf8(self.0.read(path)?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
    fn metadata(&self, path: &Path) -> io::Result<oxc_resolver::FileMetadata> {
        self.0.metadata(path).map(to_oxc)
    }
    fn symlink_metadata(&self, path: &Path) -> io::Result<oxc_resolver::FileMetadata> {
        self.0.symlink_metadata(path).map(to_oxc)
    }
    fn read_link(&self, path: &Path) -> Result<PathBuf, oxc_resolver::ResolveError> {
        Ok(self.0.read_link(path)?)
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        canonicalize(self.0.as_ref(), path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_fs_follows_relative_links() {
        let fs = MemoryFs::new();
        fs.add_file("/p/.pnpm/a@1/node_modules/a/index.js", "x");
        fs.add_symlink("/p/node_modules/a", "../.pnpm/a@1/node_modules/a");
        assert_eq!(fs.read(Path::new("/p/node_modules/a/index.js")).unwrap(), b"x");
        assert_eq!(
            fs.symlink_metadata(Path::new("/p/node_modules/a")).unwrap().kind,
            FileKind::Symlink
        );
        assert_eq!(
            canonicalize(&fs, Path::new("/p/node_modules/a/index.js")).unwrap(),
            PathBuf::from("/p/.pnpm/a@1/node_modules/a/index.js")
        );
        assert_eq!(fs.read_dir(Path::new("/p")).unwrap(), vec![".pnpm", "node_modules"]);
    }

    #[test]
    fn stat_cache_remembers_answers_and_errors() {
        let mem = Arc::new(MemoryFs::new());
        mem.add_file("/p/a.js", "x");
        mem.add_symlink("/p/l", "a.js");
        let cached = StatCache::new(Arc::clone(&mem) as Arc<dyn FileSystem>);
        assert_eq!(cached.metadata(Path::new("/p/a.js")).unwrap().kind, FileKind::File);
        let missing = cached.metadata(Path::new("/p/b.js")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        assert_eq!(cached.symlink_metadata(Path::new("/p/l")).unwrap().kind, FileKind::Symlink);
        assert_eq!(cached.read_link(Path::new("/p/l")).unwrap(), PathBuf::from("a.js"));
        // Later changes are not seen: a tracer assumes files do not change while it lives.
        mem.add_file("/p/b.js", "y");
        let again = cached.metadata(Path::new("/p/b.js")).unwrap_err();
        assert_eq!((again.kind(), again.to_string()), (missing.kind(), missing.to_string()));
        // Reads are not cached.
        assert_eq!(cached.read(Path::new("/p/b.js")).unwrap(), b"y");
        let os = io::Error::from_raw_os_error(2);
        assert_eq!(KeptError::keep(&os).get().raw_os_error(), Some(2));
    }

    #[test]
    fn memory_fs_detects_loops() {
        let fs = MemoryFs::new();
        fs.add_symlink("/a", "/b");
        fs.add_symlink("/b", "/a");
        fs.metadata(Path::new("/a")).unwrap_err();
    }
}
