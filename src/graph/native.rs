//! Native addons: where the loaders of `bindings`, `node-gyp-build`,
//! node-pre-gyp and `nbind` would find their `.node` file on the target platform
//! (`TraceOptions::target`), and the shared libraries a package ships beside its
//! `.node` files (`*.so`, `*.so.N`), emitted with the `sharedlib` reason.
//!
//! Where the loader would pick one file among several (ABI tags, build flavours),
//! every candidate that fits the target is emitted: a missing addon breaks a
//! server, an extra one costs a few megabytes.

use std::path::{Path, PathBuf};

use crate::analyze::{NativeRef, PathPattern};
use crate::error::Problem;
use crate::fs::FileKind;
use crate::glob::{Glob, GlobOptions};
use crate::options::{Libc, Target};

use super::assets::{Expansion, Owner};
use super::ids::PathId;
use super::reasons::ReasonType;
use super::walk::Walk;

/// Folders `bindings` and `nbind` search for a compiled addon, in their order.
const BUILD_DIRS: &[&str] = &[
    "",
    "build",
    "build/Debug",
    "build/Release",
    "out/Debug",
    "Debug",
    "out/Release",
    "Release",
    "build/default",
];
/// The further folders of `bindings` (node-addon-api's cmake builds).
const ADDON_BUILD_DIRS: &[&str] = &[
    "addon-build/release/install-root",
    "addon-build/debug/install-root",
    "addon-build/default/install-root",
];

/// `process.versions.modules` of each Node.js major line.
fn node_abi(major: u32) -> Option<u32> {
    Some(match major {
        14 => 83,
        16 => 93,
        18 => 108,
        19 => 111,
        20 => 115,
        21 => 120,
        22 => 127,
        23 => 131,
        24 => 137,
        25 => 141,
        _ => return None,
    })
}

impl Walk<'_> {
    fn list_files(&self, dir: &Path, pattern: &str) -> Vec<PathBuf> {
        let matcher = Glob::new(pattern, GlobOptions { dot: true, contains: false });
        let depth = if pattern.contains("**") { usize::MAX } else { pattern.split('/').count() };
        let mut found = Vec::new();
        self.walk_dir(dir, "", &matcher, depth, self.inner().options.max_glob_files, &mut found);
        found
    }

    fn is_file(&self, path: &Path) -> bool {
        self.inner().fs.metadata(path).is_ok_and(|m| m.kind == FileKind::File)
    }

    pub(super) fn emit_native<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        owner: &Owner<'_>,
        native: &NativeRef,
        optional: bool,
    ) {
        let target = &self.inner().options.target;
        let mut platform_package = false;
        if let NativeRef::NodeGypBuild { dir } = native {
            // node-gyp-build-optional-packages loads `<name>-<platform>-<arch>`.
            let package_json = Path::new(dir).join("package.json");
            platform_package = !self.optional_dependency_dirs(Path::new(dir)).is_empty();
            self.emit_optional_dependencies(scope, owner, &package_json, false);
        }
        let files = match native {
            NativeRef::NodeGypBuild { dir } => self.node_gyp_build(Path::new(dir), target),
            NativeRef::Bindings { file, name } => self.bindings(Path::new(file), name, target),
            NativeRef::NodePreGyp { package_json } => {
                self.node_pre_gyp(Path::new(package_json), target)
            }
            NativeRef::Nbind { dir } => self.nbind(Path::new(dir)),
        };
        if files.is_empty() && !platform_package {
            let (loader, location) = match native {
                NativeRef::NodeGypBuild { dir } => ("node-gyp-build", dir),
                NativeRef::Bindings { file, .. } => ("bindings", file),
                NativeRef::NodePreGyp { package_json } => ("node-pre-gyp", package_json),
                NativeRef::Nbind { dir } => ("nbind", dir),
            };
            let location = crate::paths::relative(&self.inner().base, Path::new(location));
            let problem = Problem::NativeNotFound { loader: loader.to_owned(), location };
            self.report(owner.file, problem, optional);
        }
        for file in files {
            if !self.inner().is_ignored_path(&file) {
                self.emit_asset(scope, owner, &file, true);
            }
        }
    }

    /// node-gyp-build: `build/Release`, `build/Debug`, then the
    /// `prebuilds/<platform>-<arch>` flavours that fit the target.
    fn node_gyp_build(&self, dir: &Path, target: &Target) -> Vec<PathBuf> {
        let mut files = self.list_files(&dir.join("build/Release"), "*.node");
        files.extend(self.list_files(&dir.join("build/Debug"), "*.node"));
        let abi = node_abi(self.inner().options.node_version.major);
        let prebuilds = dir.join("prebuilds");
        for tuple in self.inner().fs.read_dir(&prebuilds).unwrap_or_default() {
            let Some((platform, archs)) = tuple.split_once('-') else { continue };
            if platform != target.platform || !archs.split('+').any(|a| a == target.arch) {
                continue;
            }
            for file in self.list_files(&prebuilds.join(&tuple), "*.node") {
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if prebuild_fits(name, target, abi) {
                    files.push(file);
                }
            }
        }
        files
    }

    /// The folders of the optional dependencies of `package_json` that fit the
    /// target (platform binary packages: `@esbuild/linux-x64`,
    /// `@img/sharp-linux-x64`, `@msgpackr-extract/msgpackr-extract-linux-x64`),
    /// emitted whole; with `nested`, their own optional dependencies too.
    pub(super) fn emit_optional_dependencies<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        owner: &Owner<'_>,
        package_json: &Path,
        nested: bool,
    ) {
        let Some(dir) = package_json.parent() else { return };
        for found in self.optional_dependency_dirs(dir) {
            let pattern = PathPattern::new(&found.to_string_lossy()).below();
            self.expand(scope, owner, &pattern, Expansion::Assets);
            if nested {
                let real = match self.inner().realpath_of(&found) {
                    Ok(rp) => self.ids().path(rp.real).to_path_buf(),
                    Err(_) => found,
                };
                for inner in self.optional_dependency_dirs(&real) {
                    let pattern = PathPattern::new(&inner.to_string_lossy()).below();
                    self.expand(scope, owner, &pattern, Expansion::Assets);
                }
            }
        }
    }

    /// `require("@scope/name-" + platform)`: the optional dependencies of the
    /// file's package that match `pattern` and fit the target, whole.
    pub(super) fn emit_package_pattern<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        owner: &Owner<'_>,
        pattern: &str,
    ) {
        let Some(package) = self.inner().package_of_id(owner.id) else { return };
        let Some(dir) = package.path.parent() else { return };
        for found in self.optional_dependency_dirs(dir) {
            let name = found.to_string_lossy();
            let matches =
                name.rsplit_once("/node_modules/").is_some_and(|(_, n)| wildcard_match(pattern, n));
            if matches {
                let pattern = PathPattern::new(&found.to_string_lossy()).below();
                self.expand(scope, owner, &pattern, Expansion::Assets);
            }
        }
    }

    /// Installed optional dependencies of the package in `dir` that fit the target.
    fn optional_dependency_dirs(&self, dir: &Path) -> Vec<PathBuf> {
        let target = &self.inner().options.target;
        let Ok(bytes) = self.inner().fs.read(&dir.join("package.json")) else { return Vec::new() };
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Vec::new();
        };
        let names: Vec<&str> = json
            .get("optionalDependencies")
            .and_then(|d| d.as_object())
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        names
            .iter()
            .filter(|name| fits_target(name, target) && !has_musl_sibling(name, &names, target))
            .filter_map(|name| {
                dir.ancestors()
                    .filter(|a| a.file_name().is_none_or(|n| n != "node_modules"))
                    .map(|a| a.join("node_modules").join(name))
                    .find(|p| self.inner().fs.metadata(p).is_ok_and(|m| m.kind == FileKind::Dir))
            })
            .collect()
    }

    /// The search list of the `bindings` package, from the module root of `file`.
    fn bindings(&self, file: &Path, name: &str, target: &Target) -> Vec<PathBuf> {
        let Some(root) = file.ancestors().skip(1).find(|d| self.is_file(&d.join("package.json")))
        else {
            return Vec::new();
        };
        let mut files = self.existing_in(root, BUILD_DIRS, name);
        files.extend(self.existing_in(root, ADDON_BUILD_DIRS, name));
        let compiled = format!("*/{}/{}/{name}", target.platform, target.arch);
        files.extend(self.list_files(&root.join("compiled"), &compiled));
        files.extend(self.list_files(&root.join("lib/binding"), &format!("*/{name}")));
        files
    }

    /// node-pre-gyp: `package.json#binary.module_path` + `module_name`, with the
    /// target's ABI, platform, arch and libc; unknown placeholders match anything.
    fn node_pre_gyp(&self, package_json: &Path, target: &Target) -> Vec<PathBuf> {
        let Some(dir) = package_json.parent() else { return Vec::new() };
        let Ok(bytes) = self.inner().fs.read(package_json) else { return Vec::new() };
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Vec::new();
        };
        let binary = &json["binary"];
        let (Some(module_name), Some(module_path)) =
            (binary["module_name"].as_str(), binary["module_path"].as_str())
        else {
            return Vec::new();
        };
        let abi = node_abi(self.inner().options.node_version.major)
            .map_or("*".to_owned(), |a| format!("node-v{a}"));
        let version = json["version"].as_str().unwrap_or("*");
        let libc = match target.libc {
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
        };
        let mut pattern = String::new();
        let mut rest = format!("{module_path}/{module_name}.node");
        while let Some(open) = rest.find('{') {
            pattern.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let key = &rest[open + 1..open + close];
            pattern.push_str(match key {
                "module_name" => module_name,
                "version" => version,
                "configuration" => "Release",
                "node_abi" => &abi,
                "platform" => &target.platform,
                "arch" | "target_arch" => &target.arch,
                "libc" => libc,
                _ => "*",
            });
            rest = rest[open + close + 1..].to_owned();
        }
        pattern.push_str(&rest);
        let pattern = crate::eval::well_known::normalize(pattern.trim_start_matches("./"));
        self.list_files(dir, &pattern)
    }

    /// nbind's search list for `nbind.node`.
    fn nbind(&self, dir: &Path) -> Vec<PathBuf> {
        self.existing_in(dir, BUILD_DIRS, "nbind.node")
    }

    /// `root/<dir>/<name>` for each of `dirs` that is a file.
    fn existing_in(&self, root: &Path, dirs: &[&str], name: &str) -> Vec<PathBuf> {
        dirs.iter().map(|d| root.join(d).join(name)).filter(|p| self.is_file(p)).collect()
    }

    /// The shared libraries shipped in the package of a `.node` file.
    pub(super) fn emit_shared_libs(&self, node_file: PathId) {
        let Some(base) = crate::paths::package_root(self.ids().path(node_file)) else { return };
        for lib in self.list_files(&base, "**/*.so?(.*)") {
            self.emit_file(&lib, ReasonType::Sharedlib, Some(node_file));
        }
    }
}

const PLATFORMS: &[&str] =
    &["linux", "darwin", "win32", "freebsd", "openbsd", "netbsd", "sunos", "aix", "android"];
const ARCHS: &[&str] = &[
    "x64", "arm64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64", "mips64el", "wasm32",
    "x32", "armv7",
];

/// Whether `name` matches `pattern`, whose wildcards stand for any text.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split(crate::eval::WILDCARD);
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether a package name that mentions platforms (`@img/sharp-linuxmusl-arm64`,
/// `@rollup/rollup-linux-x64-gnu`) fits the target; names that mention none do.
fn fits_target(name: &str, target: &Target) -> bool {
    for token in name.split(['-', '/', '@', '_', '.']) {
        let (platform, musl) = match token {
            "linuxmusl" => ("linux", true),
            "musl" => ("", true),
            t => (t, false),
        };
        if musl && target.libc == Libc::Glibc
            || (token == "gnu" || token == "glibc") && target.libc == Libc::Musl
        {
            return false;
        }
        if PLATFORMS.contains(&platform) && platform != target.platform {
            return false;
        }
        if ARCHS.contains(&token) && token != target.arch && token != "wasm32" {
            return false;
        }
    }
    true
}

/// For a musl target, whether `name` is the glibc build of a package that also
/// comes as a musl build among `names`: sharp names its glibc packages
/// `@img/sharp-linux-x64` (no libc token) beside `@img/sharp-linuxmusl-x64`.
/// A name without a musl sibling (`@esbuild/linux-x64`, a static binary) fits
/// either libc.
fn has_musl_sibling(name: &str, names: &[&str], target: &Target) -> bool {
    if target.libc != Libc::Musl || name.contains("musl") {
        return false;
    }
    let linux = format!("-{}-", target.platform);
    let Some(at) = name.find(&linux) else { return false };
    let musl = format!("{}-{}musl-{}", &name[..at], target.platform, &name[at + linux.len()..]);
    let suffixed = format!("{name}-musl");
    names.iter().any(|n| *n == musl || *n == suffixed)
}

/// Whether a prebuild file name (`node.napi.glibc.node`, `node.abi115.node`,
/// `electron.abi110.node`) fits the target, as node-gyp-build's tag matching does.
fn prebuild_fits(name: &str, target: &Target, abi: Option<u32>) -> bool {
    let tags: Vec<&str> = name.trim_end_matches(".node").split('.').collect();
    let mut napi = false;
    let mut runtime_ok = true;
    let mut file_abi = None;
    for tag in &tags {
        match *tag {
            "napi" => napi = true,
            "electron" | "node-webkit" => runtime_ok = false,
            "glibc" if target.libc == Libc::Musl => return false,
            "musl" if target.libc == Libc::Glibc => return false,
            t if t.starts_with("abi") => file_abi = t[3..].parse::<u32>().ok(),
            t if t.starts_with("armv") && target.arch != "arm" && target.arch != "arm64" => {
                return false;
            }
            _ => {}
        }
    }
    runtime_ok && (napi || file_abi.is_none() || abi.is_none() || file_abi == abi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prebuild_tags() {
        let linux = Target::default();
        assert!(prebuild_fits("node.napi.glibc.node", &linux, Some(115)));
        assert!(!prebuild_fits("node.napi.musl.node", &linux, Some(115)));
        assert!(prebuild_fits("node.abi115.node", &linux, Some(115)));
        assert!(!prebuild_fits("node.abi108.node", &linux, Some(115)));
        assert!(!prebuild_fits("electron.napi.node", &linux, Some(115)));
        assert!(prebuild_fits("bufferutil.node", &linux, Some(115)));
    }

    #[test]
    fn platform_package_names() {
        let linux = Target::default();
        assert!(fits_target("@img/sharp-linux-x64", &linux));
        assert!(fits_target("@img/sharp-libvips-linux-x64", &linux));
        assert!(!fits_target("@img/sharp-linuxmusl-x64", &linux));
        assert!(!fits_target("@img/sharp-darwin-arm64", &linux));
        assert!(!fits_target("@esbuild/linux-arm64", &linux));
        assert!(fits_target("@rollup/rollup-linux-x64-gnu", &linux));
        assert!(!fits_target("@rollup/rollup-linux-x64-musl", &linux));
        assert!(fits_target("@img/sharp-wasm32", &linux));
        assert!(fits_target("fsevents-helper", &linux));
    }

    #[test]
    fn glibc_builds_with_a_musl_sibling_do_not_fit_musl() {
        let musl = Target { libc: Libc::Musl, ..Target::default() };
        let names = [
            "@img/sharp-linux-x64",
            "@img/sharp-linuxmusl-x64",
            "@img/sharp-libvips-linux-x64",
            "@img/sharp-libvips-linuxmusl-x64",
            "@esbuild/linux-x64",
            "@scope/tool-linux-x64",
            "@scope/tool-linux-x64-musl",
        ];
        let fitting: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| fits_target(n, &musl) && !has_musl_sibling(n, &names, &musl))
            .collect();
        assert_eq!(
            fitting,
            [
                "@img/sharp-linuxmusl-x64",
                "@img/sharp-libvips-linuxmusl-x64",
                "@esbuild/linux-x64",
                "@scope/tool-linux-x64-musl"
            ]
        );
        assert!(!has_musl_sibling("@img/sharp-linux-x64", &names, &Target::default()));
    }
}
