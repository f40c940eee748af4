//! Calls from the tracer's worker threads into JavaScript hooks.
//!
//! A worker asks a question (`readFile`, `stat`, `readlink`, `resolve`, the
//! `ignore` function) by queueing `dispatch(kind, id, path, extra)` on the JS
//! thread through a threadsafe function, then blocks until JavaScript answers
//! with one of the `hookDone*` functions carrying the same `id`. JavaScript awaits
//! the hook first, so hooks may be synchronous or return a Promise. The trace
//! itself runs on the libuv pool, so the JS thread is free to answer.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, LazyLock};

use dashmap::DashMap;
use napi::Status;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use nft_rs::{FileKind, FileSystem, Metadata, OsFs, ResolveHook};
use rustc_hash::FxBuildHasher;

/// What a hook answered.
#[derive(Debug)]
pub(crate) enum Answer {
    /// `readFile`: the bytes, or `None` for a missing file.
    Bytes(Option<Vec<u8>>),
    /// `stat`: (kind, size), or `None` for a missing path.
    Stat(Option<(u32, f64)>),
    /// `readlink`: the link's target, or `None` when the path is no link.
    Text(Option<String>),
    /// `resolve`: the files, or why not.
    List(Result<Vec<String>, String>),
    /// `ignore`: whether to leave the path out.
    Bool(bool),
    /// The hook threw (or rejected) with this message.
    Thrown(String),
}

/// The question kinds, as `dispatch` receives them.
pub(crate) mod kind {
    pub(crate) const READ_FILE: u32 = 0;
    pub(crate) const STAT: u32 = 1;
    pub(crate) const READLINK: u32 = 2;
    pub(crate) const RESOLVE_CJS: u32 = 3;
    pub(crate) const RESOLVE_ESM: u32 = 4;
    pub(crate) const IGNORE: u32 = 5;
}

/// `dispatch(kind, id, path, extra)`: weak, so that a tracer kept in a `cache`
/// object does not keep the process alive.
pub(crate) type Dispatch = ThreadsafeFunction<
    (u32, u32, String, String),
    (),
    (u32, u32, String, String),
    Status,
    false,
    true,
>;

static PENDING: LazyLock<DashMap<u32, Sender<Answer>, FxBuildHasher>> =
    LazyLock::new(DashMap::default);
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// Delivers an answer from JavaScript to the waiting worker (unknown ids are
/// dropped: their worker is gone).
pub(crate) fn deliver(id: u32, answer: Answer) {
    if let Some((_, sender)) = PENDING.remove(&id) {
        let _ = sender.send(answer);
    }
}

/// Which hooks JavaScript supplied (the others are served by the OS).
#[derive(Debug, Clone, Copy, Default)]
#[expect(clippy::struct_excessive_bools, reason = "one flag per optional hook")]
pub(crate) struct HookSet {
    pub(crate) read_file: bool,
    pub(crate) stat: bool,
    pub(crate) readlink: bool,
    pub(crate) resolve: bool,
    pub(crate) ignore: bool,
}

/// The threadsafe `dispatch` function and which hooks it serves.
pub(crate) struct Bridge {
    dispatch: Dispatch,
    pub(crate) hooks: HookSet,
}

impl std::fmt::Debug for Bridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bridge").field("hooks", &self.hooks).finish_non_exhaustive()
    }
}

impl Bridge {
    pub(crate) fn new(dispatch: Dispatch, hooks: HookSet) -> Self {
        Self { dispatch, hooks }
    }

    /// Asks JavaScript and waits for the answer.
    fn ask(&self, kind: u32, path: &str, extra: &str) -> Answer {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = channel();
        PENDING.insert(id, sender);
        let status = self.dispatch.call(
            (kind, id, path.to_owned(), extra.to_owned()),
            ThreadsafeFunctionCallMode::Blocking,
        );
        if status != Status::Ok {
            PENDING.remove(&id);
            return Answer::Thrown(format!("the JavaScript hook could not be called ({status})"));
        }
        receiver.recv().unwrap_or_else(|_| Answer::Thrown("the JavaScript hook went away".into()))
    }
}

fn thrown(hook: &str, path: &Path, message: &str) -> io::Error {
    io::Error::other(format!("{hook} hook failed for {}: {message}", path.display()))
}

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

fn unexpected(hook: &str, path: &Path) -> io::Error {
    thrown(hook, path, "unexpected answer")
}

/// A [`FileSystem`] that asks the JavaScript `readFile`/`stat`/`readlink` hooks
/// where they were given, and the OS otherwise (directory listings always come
/// from the OS: `@vercel/nft` has no hook for them either).
#[derive(Debug)]
pub(crate) struct JsFs {
    bridge: Arc<Bridge>,
    /// The trace's base: @vercel/nft never asks about the folders above it.
    base: PathBuf,
    links: DashMap<PathBuf, Option<PathBuf>, FxBuildHasher>,
    /// `stat` answers (`None`: missing): the tracer's own cache sits above this
    /// file system, and `symlink_metadata` and `read` ask `stat` from inside it.
    stats: DashMap<PathBuf, Option<Metadata>, FxBuildHasher>,
    /// The bytes of each `package.json` read (the resolver and the walk both
    /// read them).
    manifests: DashMap<PathBuf, Vec<u8>, FxBuildHasher>,
}

impl JsFs {
    pub(crate) fn new(bridge: Arc<Bridge>, base: PathBuf) -> Self {
        Self {
            bridge,
            base,
            links: DashMap::default(),
            stats: DashMap::default(),
            manifests: DashMap::default(),
        }
    }

    /// A folder above the base (`/`, `/srv` for a base `/srv/app`).
    fn above_base(&self, path: &Path) -> bool {
        self.base.starts_with(path) && self.base != path
    }

    fn link(&self, path: &Path) -> io::Result<Option<PathBuf>> {
        if let Some(hit) = self.links.get(path) {
            return Ok(hit.clone());
        }
        let answer = match self.bridge.ask(kind::READLINK, &path.to_string_lossy(), "") {
            Answer::Text(target) => target.map(PathBuf::from),
            Answer::Thrown(message) => return Err(thrown("readlink", path, &message)),
            _ => return Err(unexpected("readlink", path)),
        };
        self.links.insert(path.to_path_buf(), answer.clone());
        Ok(answer)
    }
}

fn stat_kind(kind: u32) -> FileKind {
    match kind {
        1 => FileKind::File,
        2 => FileKind::Dir,
        3 => FileKind::Symlink,
        _ => FileKind::Other,
    }
}

impl FileSystem for JsFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if !self.bridge.hooks.read_file {
            return OsFs.read(path);
        }
        // Resolution probes a `package.json` in every folder it passes: stat it
        // first and read only the ones that exist, so that `readFile` is asked
        // about files only.
        let manifest = path.file_name().is_some_and(|n| n == "package.json");
        if manifest {
            if let Some(hit) = self.manifests.get(path) {
                return Ok(hit.clone());
            }
            if !self.metadata(path).is_ok_and(|m| m.kind == FileKind::File) {
                return Err(not_found());
            }
        }
        match self.bridge.ask(kind::READ_FILE, &path.to_string_lossy(), "") {
            Answer::Bytes(Some(bytes)) => {
                if manifest {
                    self.manifests.insert(path.to_path_buf(), bytes.clone());
                }
                Ok(bytes)
            }
            Answer::Bytes(None) => Err(not_found()),
            Answer::Thrown(message) => Err(thrown("readFile", path, &message)),
            _ => Err(unexpected("readFile", path)),
        }
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        if !self.bridge.hooks.stat {
            return OsFs.metadata(path);
        }
        if let Some(hit) = self.stats.get(path) {
            return (*hit).ok_or_else(not_found);
        }
        let answer = match self.bridge.ask(kind::STAT, &path.to_string_lossy(), "") {
            Answer::Stat(Some((kind, size))) => {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a JavaScript size is a non-negative integer below 2^53"
                )]
                let len = size.max(0.0) as u64;
                Some(Metadata { kind: stat_kind(kind), len })
            }
            Answer::Stat(None) => None,
            // Not remembered: a hook that failed may answer next time.
            Answer::Thrown(message) => return Err(thrown("stat", path, &message)),
            _ => return Err(unexpected("stat", path)),
        };
        self.stats.insert(path.to_path_buf(), answer);
        answer.ok_or_else(not_found)
    }

    fn symlink_metadata(&self, path: &Path) -> io::Result<Metadata> {
        // Resolving a path's links walks it from `/`; @vercel/nft stops at the
        // base, so the folders above it are the OS's to answer.
        if self.above_base(path)
            && let Ok(meta) = OsFs.symlink_metadata(path)
        {
            return Ok(meta);
        }
        if self.bridge.hooks.readlink {
            // Like @vercel/nft's probes (`stat` for `x.js`, `x.json`, ...), a
            // path that does not exist is a `stat` question; `readlink` is
            // asked about paths that exist.
            let meta = if self.bridge.hooks.stat { Some(self.metadata(path)?) } else { None };
            return match self.link(path)? {
                Some(target) => {
                    Ok(Metadata { kind: FileKind::Symlink, len: target.as_os_str().len() as u64 })
                }
                None => meta.map_or_else(|| self.metadata(path), Ok),
            };
        }
        let meta = OsFs.symlink_metadata(path);
        match meta {
            Ok(m) if m.kind == FileKind::Symlink => Ok(m),
            _ if self.bridge.hooks.stat => self.metadata(path),
            other => other,
        }
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        if !self.bridge.hooks.readlink {
            return OsFs.read_link(path);
        }
        self.link(path)?.ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        OsFs.read_dir(path)
    }
}

/// The `resolve` hook as the library's [`ResolveHook`].
#[derive(Debug)]
pub(crate) struct JsResolve(pub(crate) Arc<Bridge>);

impl ResolveHook for JsResolve {
    fn resolve(&self, specifier: &str, importer: &Path, cjs: bool) -> Result<Vec<String>, String> {
        let kind = if cjs { kind::RESOLVE_CJS } else { kind::RESOLVE_ESM };
        match self.0.ask(kind, specifier, &importer.to_string_lossy()) {
            Answer::List(answer) => answer,
            Answer::Thrown(message) => Err(message),
            _ => Err("the resolve hook gave an unexpected answer".to_owned()),
        }
    }
}

/// The `ignore` function, asked once per path.
pub(crate) fn ignore_fn(bridge: Arc<Bridge>) -> impl Fn(&str) -> bool + Send + Sync {
    let seen: DashMap<String, bool, FxBuildHasher> = DashMap::default();
    move |rel: &str| {
        if let Some(hit) = seen.get(rel) {
            return *hit;
        }
        let ignored = matches!(bridge.ask(kind::IGNORE, rel, ""), Answer::Bool(true));
        seen.insert(rel.to_owned(), ignored);
        ignored
    }
}
