//! `build`: copies the traced files into a folder, recreating symlinks as relative
//! links. The copy is assembled in a temporary sibling of the output and renamed
//! into place, so a failed run leaves the previous output (or none), never half of
//! one. Besides the output, only the temporary siblings a killed run on the same
//! output left (`.NAME.nft-rs-tmp-PID`, `.NAME.nft-rs-old-PID`) are ever deleted.
//! `next/standalone.rs` assembles `.next/standalone` with the same helpers.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::graph::Trace;
use crate::paths;

/// What [`build`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Regular files copied.
    pub files: usize,
    /// Symlinks recreated.
    pub symlinks: usize,
    /// Problems that did not stop the copy (a path or a link target outside the
    /// base, left out; a link dereferenced because its target would be missing).
    pub warnings: Vec<CopyWarning>,
}

/// A path [`build`] did not copy as it is. Paths are relative to the base.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CopyWarning {
    /// The path lies outside the base: not copied.
    OutsideBase {
        /// The path (`../…`).
        path: String,
    },
    /// A symlink whose target lies outside the base: not copied, so the output
    /// holds neither a dangling link nor a file from outside.
    LinkOutsideBase {
        /// The link.
        path: String,
    },
    /// A symlink whose target is not in the trace: copied as a file, so that it
    /// does not dangle.
    LinkDereferenced {
        /// The link.
        path: String,
    },
}

impl std::fmt::Display for CopyWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::OutsideBase { path } => write!(f, "{path}: outside the base, not copied"),
            Self::LinkOutsideBase { path } => {
                write!(f, "{path}: links outside the base, not copied")
            }
            Self::LinkDereferenced { path } => {
                write!(f, "{path}: link target not in the trace, copied as a file")
            }
        }
    }
}

/// Copies the files of `trace` (relative to `base`) into `out`, replacing `out`
/// atomically.
///
/// # Errors
/// [`Error::InvalidOption`] when `base` or `out` is not absolute (the library never
/// reads the working directory), [`Error::Output`] when `out` would contain `base`
/// or is not a directory, and [`Error::Io`] when a file cannot be copied.
pub fn build(trace: &Trace, base: &Path, out: &Path) -> Result<BuildReport, Error> {
    let base = paths::require_absolute(base, "the trace base")?;
    // `replace_atomically` checks `out` is absolute before `fill` runs.
    replace_atomically(&base, out, |tmp| copy_into(trace.file_list(), &base, tmp, Some(out)))
}

/// Fills a temporary sibling of `out` with `fill` and renames it into place, so
/// that `out` holds either its previous content or the complete new one. Refuses
/// an `out` that would contain `protected` (the input).
pub(crate) fn replace_atomically<T>(
    protected: &Path,
    out: &Path,
    fill: impl FnOnce(&Path) -> Result<T, Error>,
) -> Result<T, Error> {
    let out = paths::require_absolute(out, "the output folder")?;
    if protected.starts_with(&out) {
        return Err(Error::Output {
            path: out,
            message: "the output would contain the trace base".to_owned(),
        });
    }
    if out.exists() && !out.is_dir() {
        return Err(Error::Output {
            path: out,
            message: "exists and is not a directory".to_owned(),
        });
    }
    let parent = out
        .parent()
        .ok_or_else(|| Error::Output { path: out.clone(), message: "has no parent".to_owned() })?;
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = out.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    remove_stale_siblings(parent, &name)?;
    let tmp = parent.join(format!(".{name}.nft-rs-tmp-{}", std::process::id()));
    remove_if_exists(&tmp)?;
    fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
    match fill(&tmp) {
        Ok(value) => {
            replace_dir(&tmp, &out)?;
            Ok(value)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// Removes the temporary folders of an earlier run on the same output that was
/// killed (`.NAME.nft-rs-tmp-PID`, `.NAME.nft-rs-old-PID`): they belong to this
/// output, and nothing else is touched.
fn remove_stale_siblings(parent: &Path, name: &str) -> Result<(), Error> {
    let prefixes = [format!(".{name}.nft-rs-tmp-"), format!(".{name}.nft-rs-old-")];
    let Ok(entries) = fs::read_dir(parent) else { return Ok(()) };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let ours = prefixes.iter().any(|p| {
            file_name
                .strip_prefix(p.as_str())
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if ours {
            remove_if_exists(&entry.path())?;
        }
    }
    Ok(())
}

pub(crate) fn remove_if_exists(path: &Path) -> Result<(), Error> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path).map_err(|e| Error::io(path, e)),
        Ok(_) => fs::remove_file(path).map_err(|e| Error::io(path, e)),
        Err(_) => Ok(()),
    }
}

/// Swaps `tmp` into `out`: the old output is moved aside first and removed last.
fn replace_dir(tmp: &Path, out: &Path) -> Result<(), Error> {
    if out.exists() {
        let old = out.with_file_name(format!(
            ".{}.nft-rs-old-{}",
            out.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        remove_if_exists(&old)?;
        fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        fs::rename(tmp, out).map_err(|e| Error::io(out, e))?;
        remove_if_exists(&old)
    } else {
        fs::rename(tmp, out).map_err(|e| Error::io(out, e))
    }
}

/// One traced path, as the copy will write it.
enum Item {
    /// `old` is the same path in the previous output, if there is one.
    File {
        src: PathBuf,
        dst: PathBuf,
        meta: fs::Metadata,
        old: Option<PathBuf>,
    },
    Link {
        src: PathBuf,
        dst: PathBuf,
        target: PathBuf,
    },
    Dir {
        dst: PathBuf,
    },
    Skipped(CopyWarning),
}

/// Copies the base-relative paths `files` from `base` into `root` (same relative
/// paths): files as files, symlinks as relative links when their target lies inside
/// the base. A link whose target did not get copied is replaced by the target's
/// content, so no link ever dangles.
///
/// The paths are looked at and the files copied on all cores (the kernel copies:
/// `copy_file_range`, a reflink where the file system has them), and each folder
/// is created once, parents first. A copy keeps its source's modification time, so
/// that a file of the `previous` output (the folder being replaced) with the
/// source's size and time is linked into the new one instead of copied again: on
/// a second run only what changed is written. The result does not depend on the
/// order the copies finish in.
pub(crate) fn copy_into<'a>(
    files: impl IntoIterator<Item = &'a str>,
    base: &Path,
    root: &Path,
    previous: Option<&Path>,
) -> Result<BuildReport, Error> {
    use rayon::prelude::*;
    let files: Vec<&str> = files.into_iter().collect();
    let previous = previous.filter(|p| p.is_dir());
    let items: Vec<Item> = files
        .par_iter()
        .map(|rel| classify(rel, base, root, previous))
        .collect::<Result<_, Error>>()?;
    let mut report = BuildReport::default();
    let mut dirs: BTreeSet<&Path> = BTreeSet::new();
    for item in &items {
        let (dst, own) = match item {
            Item::File { dst, .. } | Item::Link { dst, .. } => (dst.as_path(), false),
            Item::Dir { dst } => (dst.as_path(), true),
            Item::Skipped(_) => continue,
        };
        let start = if own { Some(dst) } else { dst.parent() };
        for dir in start.into_iter().flat_map(Path::ancestors) {
            if dir == root || !dirs.insert(dir) {
                break;
            }
        }
    }
    for dir in dirs {
        match fs::create_dir(dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(Error::io(dir, e)),
            _ => {}
        }
    }
    items.par_iter().try_for_each(|item| match item {
        Item::File { src, dst, meta, old } => {
            copy_file(src, dst, meta, old.as_deref()).map_err(|e| Error::io(src, e))
        }
        _ => Ok(()),
    })?;
    let mut links: Vec<(&Path, &Path)> = Vec::new();
    for item in &items {
        match item {
            Item::File { .. } => report.files += 1,
            Item::Link { src, dst, target } => {
                symlink(target, dst).map_err(|e| Error::io(dst, e))?;
                links.push((src, dst));
                report.symlinks += 1;
            }
            Item::Skipped(warning) => report.warnings.push(warning.clone()),
            Item::Dir { .. } => {}
        }
    }
    // A link whose target was not traced would dangle: copy what it points to.
    for (src, dst) in links {
        if fs::metadata(dst).is_err() {
            fs::remove_file(dst).map_err(|e| Error::io(dst, e))?;
            copy_target(src, dst)?;
            report.symlinks -= 1;
            report.files += 1;
            report
                .warnings
                .push(CopyWarning::LinkDereferenced { path: paths::relative(base, src) });
        }
    }
    Ok(report)
}

/// What copying `rel` means: a file, a link kept relative, a folder, or nothing
/// (outside the base, or a link out of it).
fn classify(rel: &str, base: &Path, root: &Path, previous: Option<&Path>) -> Result<Item, Error> {
    if paths::escapes_base(rel) {
        return Ok(Item::Skipped(CopyWarning::OutsideBase { path: rel.to_owned() }));
    }
    let src = base.join(rel);
    let dst = root.join(rel);
    let meta = fs::symlink_metadata(&src).map_err(|e| Error::io(&src, e))?;
    if meta.file_type().is_symlink() {
        let target = fs::read_link(&src).map_err(|e| Error::io(&src, e))?;
        let link_dir = src.parent().unwrap_or(base);
        let abs_target = paths::absolutize(link_dir, &target);
        if !abs_target.starts_with(base) {
            // Neither a dangling link nor the content of a file outside the base.
            return Ok(Item::Skipped(CopyWarning::LinkOutsideBase { path: rel.to_owned() }));
        }
        let target = relative_link(link_dir, &abs_target);
        Ok(Item::Link { src, dst, target })
    } else if meta.is_dir() {
        Ok(Item::Dir { dst })
    } else {
        Ok(Item::File { src, dst, meta, old: previous.map(|p| p.join(rel)) })
    }
}

/// Copies `src` (whose metadata is `meta`) to the new file `dst` with its
/// permissions and modification time, or links `old` there when it is a copy of
/// it: same size and mode, and the same time (a copy of ours) or the same bytes
/// (another tool's copy, such as the standalone folder `next build` wrote).
fn copy_file(src: &Path, dst: &Path, meta: &fs::Metadata, old: Option<&Path>) -> io::Result<()> {
    let modified = meta.modified().ok();
    if let Some(old) = old
        && let Ok(previous) = fs::symlink_metadata(old)
        && previous.is_file()
        && previous.len() == meta.len()
        && previous.permissions() == meta.permissions()
    {
        let same_time = modified.is_some() && previous.modified().ok() == modified;
        if (same_time || same_bytes(src, old).unwrap_or(false)) && fs::hard_link(old, dst).is_ok() {
            if !same_time && let Some(time) = modified {
                // Now a copy of ours: the next run knows it by its time.
                let _ = fs::File::open(dst).and_then(|f| f.set_modified(time));
            }
            return Ok(());
        }
    }
    let mut from = fs::File::open(src)?;
    let mut to = fs::OpenOptions::new().write(true).create_new(true).open(dst)?;
    io::copy(&mut from, &mut to)?;
    to.set_permissions(meta.permissions())?;
    if let Some(time) = modified {
        to.set_modified(time)?;
    }
    Ok(())
}

/// Whether two files of the same length hold the same bytes.
fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(b.read(&mut y[..1])? == 0);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

fn copy_target(src: &Path, dst: &Path) -> Result<(), Error> {
    let meta = fs::metadata(src).map_err(|e| Error::io(src, e))?;
    if meta.is_dir() {
        fs::create_dir_all(dst).map_err(|e| Error::io(dst, e))
    } else {
        fs::copy(src, dst).map(|_| ()).map_err(|e| Error::io(src, e))
    }
}

/// `target` relative to the directory `from`, as a link would store it.
pub(crate) fn relative_link(from: &Path, target: &Path) -> PathBuf {
    let rel = paths::relative(from, target);
    if rel.is_empty() { PathBuf::from(".") } else { PathBuf::from(rel) }
}

#[cfg(unix)]
pub(crate) fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
pub(crate) fn symlink(_target: &Path, _link: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "symlinks are only recreated on Unix"))
}
