//! The size budget (`--max-bytes`): a trace over it is an error that names where
//! the bytes come from, the largest packages and the files whose expressions
//! pulled in the most assets, so that an over-broad `fs` pattern or include glob
//! is found before it ships.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, SizeShare};
use crate::fs::{FileKind, FileSystem};
use crate::graph::{ReasonType, Trace};

/// How many packages and files an over-budget error names.
const NAMED: usize = 5;

/// The bytes of one traced file below `base` (a symlink counts as itself, as in
/// [`crate::trace_size`]); unreadable files count as zero.
pub(crate) fn file_bytes(fs: &dyn FileSystem, base: &Path, rel: &str) -> u64 {
    let path = base.join(rel);
    match fs.symlink_metadata(&path) {
        Ok(meta) if meta.kind == FileKind::Symlink => meta.len,
        Ok(_) => fs.metadata(&path).map_or(0, |m| m.len),
        Err(_) => 0,
    }
}

/// The package a base-relative path belongs to: the name after its last
/// `node_modules/` (with its scope), or `(app)` for the app's own files.
fn package_of(rel: &str) -> &str {
    crate::paths::package_span(rel).map_or("(app)", |(start, end)| &rel[start..end])
}

/// The total bytes of `trace`'s files when at most `max_bytes`.
///
/// # Errors
/// [`Error::OverBudget`] naming the largest packages and the files that pulled in
/// the most asset bytes (each asset counted for its first parent).
pub fn check_budget(
    trace: &Trace,
    base: &Path,
    fs: &dyn FileSystem,
    max_bytes: u64,
) -> Result<u64, Error> {
    let files = trace.files().map(|(rel, reason)| {
        let puller =
            reason.parents().first().filter(|_| reason.types().contains(&ReasonType::Asset));
        (rel, puller.map(String::as_str))
    });
    tally(files, base, fs, max_bytes)
}

/// The total bytes of `files` (paths relative to `base`) when at most
/// `max_bytes`; for outputs without reasons (a Next.js trace, a standalone
/// folder), so the error names packages only.
///
/// # Errors
/// [`Error::OverBudget`] naming the largest packages.
pub(crate) fn check_files<'a>(
    files: impl IntoIterator<Item = &'a str>,
    base: &Path,
    fs: &dyn FileSystem,
    max_bytes: u64,
) -> Result<u64, Error> {
    tally(files.into_iter().map(|rel| (rel, None)), base, fs, max_bytes)
}

/// Sums the bytes of `(file, the file that pulled it in as an asset)` pairs by
/// package and by puller; over `max_bytes`, the error names the largest of each.
fn tally<'a>(
    files: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    base: &Path,
    fs: &dyn FileSystem,
    max_bytes: u64,
) -> Result<u64, Error> {
    let mut total = 0;
    let mut packages: BTreeMap<&str, u64> = BTreeMap::new();
    let mut pullers: BTreeMap<&str, u64> = BTreeMap::new();
    for (rel, puller) in files {
        let bytes = file_bytes(fs, base, rel);
        total += bytes;
        *packages.entry(package_of(rel)).or_default() += bytes;
        if let Some(puller) = puller {
            *pullers.entry(puller).or_default() += bytes;
        }
    }
    if total <= max_bytes {
        return Ok(total);
    }
    Err(Error::OverBudget {
        total,
        max_bytes,
        packages: largest(packages),
        pullers: largest(pullers),
    })
}

/// The [`NAMED`] largest shares, largest first (ties by name).
fn largest(shares: BTreeMap<&str, u64>) -> Vec<SizeShare> {
    let mut shares: Vec<SizeShare> = shares
        .into_iter()
        .map(|(name, bytes)| SizeShare { name: name.to_owned(), bytes })
        .collect();
    shares.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    shares.truncate(NAMED);
    shares
}

#[cfg(test)]
mod tests {
    use super::package_of;

    #[test]
    fn packages_of_paths() {
        assert_eq!(package_of("server.js"), "(app)");
        assert_eq!(package_of("node_modules/next/dist/a.js"), "next");
        assert_eq!(
            package_of("node_modules/@img/sharp-linux-x64/lib/x.node"),
            "@img/sharp-linux-x64"
        );
        assert_eq!(package_of("node_modules/a/node_modules/b/index.js"), "b");
        assert_eq!(package_of("node_modules/.pnpm/x@1/node_modules/x/i.js"), "x");
    }
}
