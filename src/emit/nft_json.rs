//! The `.nft.json` files `nft-rs trace` writes: `{"version":1,"files":[..]}` with
//! a `symlinks` list (`[index, target]`) when a listed path is a link, written
//! through a temporary sibling renamed into place.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Serialize;

use crate::error::Error;
use crate::paths;

/// The document, in Next.js's key order.
#[derive(Serialize)]
struct NftJson<'a> {
    version: u32,
    files: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    symlinks: Vec<(usize, String)>,
}

/// Writes one `.nft.json` (with `symlinks` when a listed path is a link),
/// through a temporary file renamed into place.
pub(crate) fn write_nft_json(path: &Path, files: &[String]) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("/"));
    let mut symlinks: BTreeMap<usize, String> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        let path = paths::normalize(&dir.join(file));
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && let Ok(target) = fs::canonicalize(&path) {
            symlinks.insert(index, paths::relative(dir, &target));
        }
    }
    let doc = NftJson { version: 1, files, symlinks: symlinks.into_iter().collect() };
    let text = serde_json::to_string(&doc).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: format!("cannot be serialised: {e}"),
    })?;
    write_atomic(path, text.as_bytes())
}

/// Writes `bytes` to `path` through a temporary sibling and a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.nft-rs-tmp-{}", std::process::id()));
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::write_nft_json;

    #[cfg(unix)]
    #[test]
    fn writes_version_files_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.js"), "").unwrap();
        std::os::unix::fs::symlink("a.js", dir.path().join("link.js")).unwrap();
        let out = dir.path().join("x.js.nft.json");
        write_nft_json(&out, &["a.js".to_owned(), "link.js".to_owned()]).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text, r#"{"version":1,"files":["a.js","link.js"],"symlinks":[[1,"a.js"]]}"#);
        write_nft_json(&out, &["a.js".to_owned()]).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text, r#"{"version":1,"files":["a.js"]}"#);
    }
}
