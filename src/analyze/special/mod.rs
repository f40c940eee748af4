//! Package special cases: files that no expression in a package names, but that
//! the package is known to need at run time. Each case is keyed by the package
//! name and the file within it, and adds [`Reference`]s or specifiers to that
//! file's facts. The cases of `@vercel/nft` 1.11.5 are here, plus
//! `swagger-ui-dist`, `typescript`'s API (its `lib.*.d.ts`) and Prisma's generated
//! client. Cases that need a `package.json` (sharp, esbuild) record a reference the
//! graph resolves with the file system.

use super::{Dep, DepKind, FileFacts, PathPattern, Reference};
use crate::eval::WILDCARD;
use crate::eval::well_known::normalize;

/// `(package name, path inside the package)` of a file in `node_modules`.
pub(crate) fn package_file(file: &str) -> Option<(&str, &str)> {
    let (start, end) = crate::paths::package_span(file)?;
    Some((&file[start..end], file.get(end + 1..).filter(|inner| !inner.is_empty())?))
}

/// Collects what one special case adds.
struct Case<'f> {
    root: &'f str,
    facts: &'f mut FileFacts,
}

impl Case<'_> {
    fn path(&self, relative: &str) -> String {
        normalize(&format!("{}/{relative}", self.root))
    }
    /// A file (or a pattern with `*` for unknown parts) the package reads.
    fn asset(&mut self, relative: &str) {
        let path = self.path(relative).replace('*', &WILDCARD.to_string());
        self.facts.references.insert(Reference::Asset(PathPattern::new(&path)));
    }
    /// Every file below a folder of the package (no guards: the package says so).
    fn dir(&mut self, relative: &str) {
        let path = self.path(relative);
        self.facts.references.insert(Reference::AssetDir(PathPattern::new(&path)));
    }
    /// A module the package may load. Optional: a special case names what some
    /// versions of the package load, so its absence is not a failure of the program.
    fn dependency(&mut self, specifier: String) {
        let required = Dep { kind: DepKind::Require, specifier, optional: false };
        if !self.facts.deps.contains(&required) {
            self.facts.deps.insert(Dep { optional: true, ..required });
        }
    }
    fn optional_dependencies(&mut self, nested: bool) {
        let package_json = self.path("package.json");
        self.facts.references.insert(Reference::OptionalDependencies { package_json, nested });
    }
}

/// Adds what the package of `file` is known to load.
pub(crate) fn apply(file: &str, facts: &mut FileFacts) {
    let Some((package, inner)) = package_file(file) else { return };
    let root = &file[..file.len() - inner.len() - 1];
    let mut case = Case { root, facts };
    match (package, inner) {
        ("@generated/photon", "index.js") => case.dir("runtime"),
        ("@serialport/bindings-cpp", "dist/index.js") => {
            case.dir("build/Release");
            case.dir("prebuilds");
        }
        ("argon2", "argon2.js" | "argon2.cjs") => {
            case.dir("build/Release");
            case.dir("prebuilds");
            case.dir("lib/binding");
        }
        ("bull", "lib/commands/index.js") => case.dir("lib/commands"),
        ("camaro", "dist/camaro.js") => case.asset("dist/camaro.wasm"),
        ("esbuild", "lib/main.js") => case.optional_dependencies(false),
        ("sharp", "lib/index.js" | "lib/sharp.js") => case.optional_dependencies(true),
        ("ffmpeg-static", "index.js") => {
            case.asset("ffmpeg");
            case.asset("bin/*/*/ffmpeg");
        }
        ("google-gax", "build/src/grpc.js") => case.dir("../google-proto-files"),
        ("oracledb", "lib/oracledb.js") => case.asset("build/Release/oracledb-*.node"),
        ("phantomjs-prebuilt", "lib/phantomjs.js") => case.dir("bin"),
        ("remark-prism", "src/highlight.js") => case.dir("../prismjs/components"),
        ("semver", "index.js") => case.asset("preload.js"),
        ("shiki", "dist/index.js") => {
            case.dir("languages");
            case.dir("themes");
        }
        ("socket.io", "lib/index.js" | "dist/index.js") => {
            // `serveClient` reads the client bundles of socket.io-client by path.
            for file in [
                "socket.io.js",
                "socket.io.js.map",
                "socket.io.min.js",
                "socket.io.min.js.map",
                "socket.io.esm.min.js",
                "socket.io.esm.min.js.map",
            ] {
                case.dependency(format!("socket.io-client/dist/{file}"));
            }
        }
        ("typescript", "lib/tsc.js") => case.dir("lib"),
        ("typescript", "lib/typescript.js") => case.asset("lib/lib.*.d.ts"),
        ("uglify-es", "tools/node.js") => {
            for lib in [
                "utils",
                "ast",
                "parse",
                "transform",
                "scope",
                "output",
                "compress",
                "sourcemap",
                "mozilla-ast",
                "propmangle",
                "minify",
            ] {
                case.asset(&format!("lib/{lib}.js"));
            }
            case.asset("tools/exports.js");
        }
        ("uglify-js", "tools/node.js") => {
            case.dir("lib");
            case.asset("tools/exports.js");
        }
        ("playwright-core", "index.js") => case.asset("browsers.json"),
        ("geo-tz", "dist/geo-tz.js") => case.asset("data/geo.dat"),
        ("pixelmatch", "index.js") => case.dependency(format!("{root}/bin/pixelmatch")),
        ("geoip-lite", "lib/geoip.js") => {
            for data in [
                "geoip-city.dat",
                "geoip-city6.dat",
                "geoip-city-names.dat",
                "geoip-country.dat",
                "geoip-country6.dat",
            ] {
                case.asset(&format!("data/{data}"));
            }
        }
        ("swagger-ui-dist", "absolute-path.js") => case.dir(""),
        // Prisma's generated client loads its query engine and schema from its folder.
        (".prisma", "client/index.js" | "client/default.js") => case.dir("client"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn semver_preload_and_sharp_platform_packages() {
        let mut facts = FileFacts::default();
        apply("/a/node_modules/semver/index.js", &mut facts);
        assert!(
            facts
                .references
                .contains(&Reference::Asset(PathPattern::new("/a/node_modules/semver/preload.js")))
        );
        let mut facts = FileFacts::default();
        apply("/a/node_modules/sharp/lib/index.js", &mut facts);
        assert!(facts.references.contains(&Reference::OptionalDependencies {
            package_json: "/a/node_modules/sharp/package.json".to_owned(),
            nested: true
        }));
    }
}
