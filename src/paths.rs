//! Path helpers: lexical normalisation of absolute paths, and the `/`-separated
//! relative strings nft-rs prints, writes and matches ignore globs against.
//!
//! Everything inside the tracer works on absolute, lexically normalised `PathBuf`s;
//! [`relative`] makes the base-relative strings of the output and of ignore matching,
//! the outside-the-base check ([`escapes_base`]), relative symlink targets, and
//! `next/`'s paths. Nothing here touches the file system or the working directory.

use std::path::{Component, Path, PathBuf};

/// Lexically normalises an absolute path: removes `.` and resolves `..` without
/// touching the file system (like Node's `path.resolve`).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Prefix(p) => out.push(p.as_os_str()),
            Component::RootDir => out.push(Component::RootDir.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(Component::RootDir.as_os_str());
                }
            }
            Component::Normal(name) => out.push(name),
        }
    }
    out
}

/// Resolves `path` against `dir` (when relative) and normalises the result.
pub(crate) fn absolutize(dir: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() { normalize(path) } else { normalize(&dir.join(path)) }
}

/// `path`, normalised, when it is absolute; otherwise an invalid-option error
/// naming `what` (the library takes no path from the working directory).
pub(crate) fn require_absolute(path: &Path, what: &str) -> Result<PathBuf, crate::Error> {
    if path.is_absolute() {
        Ok(normalize(path))
    } else {
        Err(crate::Error::InvalidOption(format!(
            "{what} must be an absolute path: {}",
            path.display()
        )))
    }
}

/// `path` relative to `base`, `/`-separated, with `../` segments when it lies
/// outside. Both paths must be absolute and normalised.
pub(crate) fn relative(base: &Path, path: &Path) -> String {
    let base_parts: Vec<Component<'_>> = base.components().collect();
    let path_parts: Vec<Component<'_>> = path.components().collect();
    let common = base_parts.iter().zip(&path_parts).take_while(|(a, b)| a == b).count();
    let mut out = String::new();
    for _ in common..base_parts.len() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("..");
    }
    for part in &path_parts[common..] {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    out
}

/// Whether a base-relative path leaves the base (`..` or `../x`).
pub(crate) fn escapes_base(rel: &str) -> bool {
    rel == ".." || rel.starts_with("../")
}

/// Whether `path` has a `node_modules` segment below `base`.
pub(crate) fn in_node_modules(base: &Path, path: &Path) -> bool {
    match path.strip_prefix(base) {
        Ok(rest) => rest.components().any(|c| c.as_os_str() == "node_modules"),
        Err(_) => path.components().any(|c| c.as_os_str() == "node_modules"),
    }
}

/// The extension of `path` with its dot (`".js"`), or `""`.
pub(crate) fn extension(path: &Path) -> &str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name.rfind('.') {
        Some(0) | None => "",
        Some(i) => &name[i..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
    }

    #[test]
    fn relative_inside_and_outside() {
        let base = Path::new("/w/app");
        assert_eq!(relative(base, Path::new("/w/app/a/b.js")), "a/b.js");
        assert_eq!(relative(base, Path::new("/w/lib/x.js")), "../lib/x.js");
        assert_eq!(relative(base, Path::new("/w/app")), "");
        assert!(escapes_base(&relative(base, Path::new("/w/lib/x.js"))));
    }

    #[test]
    fn extension_of_dotfiles_and_plain_names() {
        assert_eq!(extension(Path::new("/a/b.test.js")), ".js");
        assert_eq!(extension(Path::new("/a/.npmrc")), "");
        assert_eq!(extension(Path::new("/a/LICENSE")), "");
    }

    #[test]
    fn node_modules_detection_is_below_base() {
        let base = Path::new("/node_modules/app");
        assert!(!in_node_modules(base, Path::new("/node_modules/app/src/a.ts")));
        assert!(in_node_modules(base, Path::new("/node_modules/app/node_modules/x/a.ts")));
    }
}
