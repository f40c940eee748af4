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

/// Where the package that holds `path` (a `/`-separated path, absolute or
/// base-relative) starts and ends: the name after its last `node_modules/` (with
/// its `@scope/`), as `(start of the name, end of the package root)` byte offsets,
/// so that `&path[..end]` is the package root, `&path[start..end]` its name and
/// `&path[end + 1..]` the file inside it. `None` outside `node_modules`, or for the
/// `node_modules` folder itself.
pub(crate) fn package_span(path: &str) -> Option<(usize, usize)> {
    const DIR: &str = "node_modules/";
    let start = match path.rfind(&format!("/{DIR}")) {
        Some(at) => at + 1 + DIR.len(),
        None if path.starts_with(DIR) => DIR.len(),
        None => return None,
    };
    let rest = &path[start..];
    let mut parts = rest.split('/');
    let first = parts.next().filter(|p| !p.is_empty())?;
    let len = if first.starts_with('@') {
        first.len() + 1 + parts.next().filter(|p| !p.is_empty())?.len()
    } else {
        first.len()
    };
    Some((start, start + len))
}

/// The root folder of the package that holds `file`, when it is in `node_modules`.
pub(crate) fn package_root(file: &Path) -> Option<PathBuf> {
    let text = file.to_str()?;
    let (_, end) = package_span(text)?;
    Some(PathBuf::from(&text[..end]))
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
/// outside: how nft-rs names a file in its outputs. Both paths must be absolute;
/// they are normalised lexically first (`.` and `..` resolved).
#[must_use]
pub fn relative_path(base: &Path, path: &Path) -> String {
    relative(&normalize(base), &normalize(path))
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
    fn package_spans() {
        fn name(p: &str) -> Option<&str> {
            package_span(p).map(|(s, e)| &p[s..e])
        }
        assert_eq!(name("/a/node_modules/x/lib/y.js"), Some("x"));
        assert_eq!(name("/a/node_modules/@s/x/y.js"), Some("@s/x"));
        assert_eq!(name("/a/node_modules/.pnpm/x@1/node_modules/x/y.js"), Some("x"));
        assert_eq!(name("node_modules/next/dist/a.js"), Some("next"));
        assert_eq!(name("node_modules/a/node_modules/b"), Some("b"));
        assert_eq!(name("server.js"), None);
        assert_eq!(name("/a/node_modules/"), None);
        assert_eq!(name("/a/node_modules/@s"), None);
        assert_eq!(
            package_root(Path::new("/a/node_modules/@s/x/y.js")),
            Some("/a/node_modules/@s/x".into())
        );
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
