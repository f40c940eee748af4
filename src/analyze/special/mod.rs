//! Package special cases: files that no expression in a package names, but that
//! the package is known to need at run time. Each case is keyed by the package
//! name and the file within it, and adds [`Reference`]s or specifiers to the
//! facts of that file. One small function per package.

use super::{FileFacts, Reference};

/// `(package name, path inside the package)` of a file in `node_modules`.
pub(crate) fn package_file(file: &str) -> Option<(&str, &str)> {
    let at = file.rfind("/node_modules/")? + "/node_modules/".len();
    let rest = &file[at..];
    let name_end = if rest.starts_with('@') {
        let slash = rest.find('/')?;
        slash + 1 + rest[slash + 1..].find('/')?
    } else {
        rest.find('/')?
    };
    Some((&rest[..name_end], &rest[name_end + 1..]))
}

/// Adds what the package of `file` is known to load.
pub(crate) fn apply(file: &str, facts: &mut FileFacts) {
    let Some((package, inner)) = package_file(file) else { return };
    if let ("swagger-ui-dist", "absolute-path.js") = (package, inner) {
        swagger_ui_dist(file, facts);
    }
}

/// `getAbsoluteFSPath()` hands the package folder to the app, which serves the
/// files in it (`swagger-ui.css`, `swagger-ui-bundle.js`, ...) by name.
fn swagger_ui_dist(file: &str, facts: &mut FileFacts) {
    if let Some((dir, _)) = file.rsplit_once('/') {
        facts.references.insert(Reference::AssetDir(dir.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::package_file;

    #[test]
    fn package_files() {
        assert_eq!(package_file("/a/node_modules/x/lib/y.js"), Some(("x", "lib/y.js")));
        assert_eq!(package_file("/a/node_modules/@s/x/y.js"), Some(("@s/x", "y.js")));
        assert_eq!(
            package_file("/a/node_modules/.pnpm/x@1/node_modules/x/y.js"),
            Some(("x", "y.js"))
        );
        assert_eq!(package_file("/a/src/y.js"), None);
    }
}
