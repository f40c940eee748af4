//! What the graph does with a file's [`Reference`]s: checks that a referenced path
//! exists, expands directories and patterns into files (through the
//! [`FileSystem`](crate::FileSystem), never below `node_modules`), applies the
//! guards, and emits each file as an asset, or follows it as a module when it is
//! code.
//!
//! Guards (after `@vercel/nft`, tightened where noted):
//! - a directory is never expanded when it is the file's own directory, the
//!   `process.cwd()` directory, the trace base, `/`, a `node_modules` folder, or an
//!   ancestor of the file's directory;
//! - a file inside `node_modules` may reference files anywhere in that
//!   `node_modules` tree (a package reading its dependency's data), but may only
//!   expand directories and patterns inside its own package (nft allows the whole
//!   tree, which pulls in unrelated packages);
//! - nothing outside the base is emitted, not even as ignored;
//! - one pattern emits at most `max_glob_files` files, with a warning when cut.

use std::path::{Path, PathBuf};

use crate::analyze::{PathPattern, Reference};
use crate::error::Problem;
use crate::fs::FileKind;
use crate::glob::{Glob, GlobOptions};
use crate::paths;
use crate::resolve::Resolution;

use super::ids::PathId;
use super::reasons::ReasonType;
use super::walk::Walk;

/// Files never taken from an expanded directory (sources and changelogs).
const EXCLUDED_EXTENSIONS: &[&str] = &[
    ".h", ".cmake", ".c", ".cpp",
    // What only the compiler of a native addon needs (issue 22): sources, objects,
    // static libraries, node-gyp's makefiles and build logs. Node loads the built
    // `.node` (and the shared libraries beside it), never these.
    ".hh", ".hpp", ".hxx", ".cc", ".cxx", ".o", ".obj", ".a", ".lib", ".mk", ".gyp", ".gypi",
    ".tlog", ".pdb", ".ilk", ".exp", ".vcxproj", ".sln",
];
const EXCLUDED_FILES: &[&str] = &[
    "CHANGELOG.md",
    "README.md",
    "readme.md",
    "changelog.md",
    // node-gyp's build files (with the extensions above).
    "Makefile",
    "config.gypi",
];
/// Folders of compiler output inside a native addon's `build/`: not entered when a
/// pattern expands a folder.
const EXCLUDED_DIRS: &[&str] = &["obj.target", ".deps", "obj"];

/// Whether `dir` is (inside) a native addon's build output: a `build` folder or
/// one below it (`build/Release`, `build/Debug`).
fn in_build_dir(dir: &Path) -> bool {
    dir.components().rev().take(3).any(|c| c.as_os_str() == "build")
}

/// Extensions that make a referenced file a module to follow. An extensionless
/// file is code when named exactly (`bin/cli`), data when found by expanding a
/// directory (`LICENSE`).
fn is_code(base: &Path, path: &Path, named: bool) -> bool {
    match paths::extension(path) {
        ".js" | ".mjs" | ".cjs" | ".node" => true,
        "" => named,
        ".ts" | ".tsx" | ".mts" | ".cts" => {
            path.starts_with(base) && !paths::in_node_modules(base, path)
        }
        _ => false,
    }
}

/// Whether `file`'s real path lies outside the base (through a link to `/etc`).
fn leaves_base(inner: &super::Inner, file: &Path) -> bool {
    inner.realpath_of(file).as_ref().is_ok_and(|rp| paths::escapes_base(inner.paths.rel(rp.real)))
}

/// The context of the file whose references are being emitted.
pub(super) struct Owner<'p> {
    pub(super) id: PathId,
    pub(super) file: &'p Path,
    pub(super) remaining: u32,
}

impl Owner<'_> {
    fn dir(&self) -> &Path {
        self.file.parent().unwrap_or(self.file)
    }

    /// `<...>/node_modules/` of the first `node_modules` in the file's path.
    fn node_modules_base(&self) -> Option<&str> {
        let text = self.file.to_str()?;
        let at = text.find("/node_modules/")?;
        Some(&text[..at + "/node_modules/".len()])
    }

    /// The root of the package the file is in, when it is inside `node_modules`.
    fn package_root(&self) -> Option<PathBuf> {
        paths::package_root(self.file)
    }
}

impl Walk<'_> {
    pub(super) fn emit_references<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        owner: &Owner<'_>,
        references: &std::collections::BTreeSet<Reference>,
    ) {
        for reference in references {
            match reference {
                Reference::Asset(path) => self.asset_path(scope, owner, path),
                Reference::AssetDir(dir) => {
                    self.expand(scope, owner, &dir.below(), Expansion::Assets);
                }
                Reference::RequireGlob(pattern) => {
                    self.expand(scope, owner, pattern, Expansion::Modules);
                }
                Reference::Native { how, optional } => {
                    self.emit_native(scope, owner, how, *optional);
                }
                Reference::OwnPackageJson => {
                    if let Some(pkg) = self.inner().package_of_id(owner.id) {
                        self.emit_file(&pkg.path, ReasonType::Asset, Some(owner.id));
                    }
                }
                Reference::OptionalDependencies { package_json, nested } => {
                    self.emit_optional_dependencies(scope, owner, Path::new(package_json), *nested);
                }
                Reference::PackagePattern(pattern) => {
                    self.emit_package_pattern(scope, owner, pattern);
                }
                Reference::ResolvedAsset { specifier, tail } => {
                    if let Resolution::Files { files, .. } =
                        self.inner().resolver.resolve(owner.file, specifier, false)
                        && let Some(file) = files.first()
                    {
                        let path = format!("{}/{tail}", file.to_string_lossy());
                        let path = crate::eval::well_known::normalize(&path);
                        self.asset_path(scope, owner, &PathPattern::new(&path));
                    }
                }
            }
        }
    }

    /// nft's `emitAssetPath`: a file is emitted; a directory or a pattern is
    /// expanded when the guards allow it.
    fn asset_path<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        owner: &Owner<'_>,
        pattern: &PathPattern,
    ) {
        // A literal path, or the folder a pattern starts from.
        let base_path = pattern.dir.as_str();
        let Ok(meta) =
            self.inner().fs.metadata(Path::new(if base_path.is_empty() { "/" } else { base_path }))
        else {
            return;
        };
        if pattern.is_pattern() && meta.kind == FileKind::File {
            return;
        }
        if let Some(nm_base) = owner.node_modules_base() {
            // A pattern's text goes on with `/` after its folder.
            let inside = base_path.starts_with(nm_base)
                || (pattern.is_pattern() && Some(base_path) == nm_base.strip_suffix('/'));
            if !inside {
                return;
            }
        }
        match meta.kind {
            FileKind::File => {
                let file = Path::new(base_path);
                if self.inner().is_ignored_path(file) {
                    return;
                }
                self.emit_asset(scope, owner, file, true);
            }
            FileKind::Dir => {
                if self.inner().is_ignored_path(Path::new(base_path)) {
                    return;
                }
                if self.may_expand(owner, pattern) {
                    self.expand(scope, owner, pattern, Expansion::Assets);
                }
            }
            _ => {}
        }
    }

    /// nft's `validWildcard`, with the extra guards listed in the module docs.
    fn may_expand(&self, owner: &Owner<'_>, pattern: &PathPattern) -> bool {
        let base = match pattern.guard_base() {
            Ok(base) => base,
            // A folder with an unknown part is no real folder: only its name's
            // end and the package it starts in are judged.
            Err(end) => {
                return !end.ends_with("/node_modules")
                    && owner
                        .package_root()
                        .is_none_or(|root| Path::new(&pattern.dir).starts_with(root));
            }
        };
        let base = base.as_str();
        let base_path = Path::new(base);
        let inner = self.inner();
        let cwd = Path::new(&inner.analyze_options.cwd);
        if base.is_empty()
            || base == "/"
            || base_path == owner.dir()
            || base_path == cwd
            || base_path == inner.base
        {
            return false;
        }
        if base.ends_with("/node_modules") {
            return false;
        }
        if owner.dir().starts_with(base_path) {
            return false; // an ancestor of the file's directory
        }
        if let Some(root) = owner.package_root()
            && !base_path.starts_with(&root)
        {
            return false;
        }
        true
    }

    /// Emits a referenced file: followed as a module when it is code, else an asset.
    pub(super) fn emit_asset<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        owner: &Owner<'_>,
        file: &Path,
        named: bool,
    ) {
        // A file reached by reference whose real path leaves the base (through a
        // link to `/etc`) is not recorded at all, as a code or as an asset.
        let inner = self.inner();
        if leaves_base(inner, file) {
            return;
        }
        let id = self.ids().intern(file);
        if is_code(&inner.base, file, named) {
            let parent = owner.id;
            let remaining = owner.remaining.saturating_sub(1);
            scope.spawn(move |s| self.dependency(s, id, Some(parent), remaining));
        } else {
            self.emit_id(id, ReasonType::Asset, Some(owner.id));
        }
    }

    /// Expands a path pattern (a plain folder: everything below it) into files.
    pub(super) fn expand<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        owner: &Owner<'_>,
        pattern: &PathPattern,
        kind: Expansion,
    ) {
        let inner = self.inner();
        if kind == Expansion::Assets && !inner.analyze_options.analysis.emit_globs {
            return;
        }
        let (dir, mut glob) = pattern.folder_and_glob();
        if kind == Expansion::Modules && !glob.ends_with('*') {
            glob.push_str("?(.ts|.tsx|.js|.json|.node)");
        }
        let dir_path = Path::new(dir);
        if inner.is_ignored_path(dir_path) {
            return;
        }
        if kind == Expansion::Modules && !self.may_glob_modules(owner, dir_path) {
            return;
        }
        let relative_glob = glob.trim_start_matches('/');
        let matcher = Glob::new(
            relative_glob,
            GlobOptions { dot: kind == Expansion::Assets, contains: false },
        );
        let max_depth = if relative_glob.contains("**") {
            usize::MAX
        } else {
            relative_glob.split('/').count()
        };
        let cap = inner.options.max_glob_files;
        let mut found = Vec::new();
        let truncated = self.walk_dir(dir_path, "", &matcher, max_depth, cap, &mut found);
        let bytes: u64 =
            found.iter().filter_map(|f| inner.fs.metadata(f).ok()).map(|m| m.len).sum();
        if found.len() > crate::options::LARGE_EXPANSION_FILES
            || bytes > crate::options::LARGE_EXPANSION_BYTES
        {
            self.warn(
                owner.file,
                Problem::LargeExpansion {
                    pattern: format!("{}{glob}", paths::relative(&inner.base, dir_path)),
                    files: found.len(),
                    bytes,
                },
            );
        }
        if truncated {
            self.warn(
                owner.file,
                Problem::GlobLimit {
                    pattern: format!("{}{glob}", paths::relative(&inner.base, dir_path)),
                    limit: cap,
                },
            );
        }
        for file in found {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if EXCLUDED_FILES.contains(&name)
                || EXCLUDED_EXTENSIONS.contains(&paths::extension(&file))
            {
                continue;
            }
            if inner.is_ignored_path(&file) {
                continue;
            }
            match kind {
                Expansion::Assets => self.emit_asset(scope, owner, &file, false),
                // `require('./langs/' + lang + '.json')` loads JSON: a dependency,
                // as in @vercel/nft (the walk does not parse it).
                Expansion::Modules if paths::extension(&file) == ".json" => {
                    if leaves_base(inner, &file) {
                        continue;
                    }
                    let (id, parent) = (self.ids().intern(&file), owner.id);
                    let remaining = owner.remaining.saturating_sub(1);
                    scope.spawn(move |s| self.dependency(s, id, Some(parent), remaining));
                }
                // A pattern like `'./x.' + y` also matches `x.js.map`: kept, not parsed.
                Expansion::Modules => self.emit_asset(scope, owner, &file, true),
            }
        }
    }

    /// A computed `require` may glob its own package (or, outside `node_modules`,
    /// anything below the base), never a `node_modules` folder itself.
    fn may_glob_modules(&self, owner: &Owner<'_>, dir: &Path) -> bool {
        if dir.file_name().is_some_and(|n| n == "node_modules") || dir == Path::new("/") {
            return false;
        }
        match owner.package_root() {
            Some(root) => dir.starts_with(root),
            None => dir.starts_with(&self.inner().base),
        }
    }

    /// Lists files below `dir` whose relative path matches, in sorted order, not
    /// entering `node_modules` or symlinked directories. Returns whether it stopped
    /// at `cap`.
    pub(super) fn walk_dir(
        &self,
        dir: &Path,
        prefix: &str,
        matcher: &Glob,
        depth_left: usize,
        cap: usize,
        found: &mut Vec<PathBuf>,
    ) -> bool {
        if depth_left == 0 {
            return false;
        }
        let fs = &self.inner().fs;
        let Ok(names) = fs.read_dir(dir) else { return false };
        for name in names {
            let path = dir.join(&name);
            let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
            let Ok(lmeta) = fs.symlink_metadata(&path) else { continue };
            let kind = if lmeta.kind == FileKind::Symlink {
                match fs.metadata(&path) {
                    Ok(m) if m.kind == FileKind::File => FileKind::File,
                    _ => continue, // dangling links and linked directories are not entered
                }
            } else {
                lmeta.kind
            };
            match kind {
                FileKind::File if matcher.is_match(&rel) => {
                    if found.len() >= cap {
                        return true;
                    }
                    found.push(path);
                }
                FileKind::Dir if EXCLUDED_DIRS.contains(&name.as_str()) && in_build_dir(dir) => {}
                FileKind::Dir
                    if name != "node_modules"
                        && self.walk_dir(&path, &rel, matcher, depth_left - 1, cap, found) =>
                {
                    return true;
                }
                _ => {}
            }
        }
        false
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expansion {
    /// Files read at run time (dot-files included).
    Assets,
    /// Modules of a computed `require` (module extensions appended).
    Modules,
}
