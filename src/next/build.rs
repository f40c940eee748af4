//! What `next build` left in `.next`: the runtime config, the bundler mode and the
//! server entries, read from the manifests (NEXT.md "Inputs").

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::manifests::{
    self, FunctionsConfigManifest, MiddlewareManifest, PathsManifest, RequiredServerFiles,
    TracingConfig,
};
use crate::error::Error;
use crate::fs::OsFs;
use crate::paths;

/// Which bundler produced the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum BundlerMode {
    /// `next build --webpack` (and every Next.js 15 build).
    Webpack,
    /// Turbopack, the default of Next.js 16 (`.next/turbopack` exists).
    Turbopack,
}

impl BundlerMode {
    /// `"webpack"` or `"turbopack"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webpack => "webpack",
            Self::Turbopack => "turbopack",
        }
    }
}

/// What kind of server entry a trace belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Pages,
    App,
    Proxy,
    Instrumentation,
}

/// One Node-runtime entry that gets a `.nft.json`.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub kind: EntryKind,
    /// Webpack's entry name: `pages/api/data`, `app/files/page`, `middleware`.
    pub name: String,
    /// The compiled entry file, absolute.
    pub file: PathBuf,
    /// A statically optimised pages entry: traced, but neither copied into the
    /// standalone folder nor given includes/excludes (as Next.js does).
    pub is_static: bool,
}

/// A `next build` output, read.
#[derive(Debug)]
pub(crate) struct NextBuild {
    pub app_dir: PathBuf,
    pub dist_dir: PathBuf,
    /// `outputFileTracingRoot` (or `--root`), absolute.
    pub root: PathBuf,
    pub mode: BundlerMode,
    /// The runtime config from `required-server-files.json`.
    pub config: serde_json::Map<String, Value>,
    /// Its tracing options.
    pub tracing: TracingConfig,
    /// `required-server-files.json#files`, relative to the app dir.
    pub runtime_files: Vec<String>,
    pub entries: Vec<Entry>,
    /// Edge functions and edge middleware: files relative to `.next` to copy.
    pub edge_files: Vec<String>,
}

impl NextBuild {
    pub fn read(app_dir: &Path, root_override: Option<&Path>) -> Result<Self, Error> {
        let app_dir = paths::require_absolute(app_dir, "the app directory")?;
        if !app_dir.is_dir() {
            return Err(Error::InvalidOption(format!(
                "app directory not found: {}",
                app_dir.display()
            )));
        }
        let dist_dir = app_dir.join(".next");
        let rsf_path = dist_dir.join("required-server-files.json");
        if !rsf_path.is_file() {
            return Err(Error::InvalidOption(format!(
                "{} is missing: run `next build` in {} first",
                rsf_path.display(),
                app_dir.display()
            )));
        }
        let fs = OsFs;
        let rsf: RequiredServerFiles = manifests::read(&fs, &rsf_path)?;
        let tracing = TracingConfig::from_config(&rsf_path, &rsf.config)?;
        let relative_app_dir = rsf.relative_app_dir.as_str();
        let root = match root_override {
            Some(root) => paths::absolutize(&app_dir, root),
            None => root_from_relative(&app_dir, relative_app_dir),
        };
        if !app_dir.starts_with(&root) {
            return Err(Error::InvalidOption(format!(
                "the tracing root {} does not contain the app {}",
                root.display(),
                app_dir.display()
            )));
        }
        let mode = if dist_dir.join("turbopack").exists() {
            BundlerMode::Turbopack
        } else {
            BundlerMode::Webpack
        };
        let server = dist_dir.join("server");
        let middleware_manifest: MiddlewareManifest =
            manifests::read_optional(&fs, &server.join("middleware-manifest.json"))?;
        let functions_config: FunctionsConfigManifest =
            manifests::read_optional(&fs, &server.join("functions-config-manifest.json"))?;
        let is_edge = |page: &str| middleware_manifest.functions.contains_key(page);

        let mut entries = Vec::new();
        let pages_manifest: PathsManifest =
            manifests::read_optional(&fs, &server.join("pages-manifest.json"))?;
        {
            for (page, file) in &pages_manifest {
                if page == "/404" || page == "/500" || is_edge(page) {
                    continue;
                }
                let (js, is_static) = match file.strip_suffix(".html") {
                    Some(stem) => (format!("{stem}.js"), true),
                    None => (file.to_owned(), false),
                };
                let Some(name) = js.strip_suffix(".js") else { continue };
                let path = server.join(&js);
                // Next.js deletes a prerendered page's compiled file but still
                // writes its trace.
                if path.is_file() || is_static {
                    entries.push(Entry {
                        kind: EntryKind::Pages,
                        name: name.to_owned(),
                        file: path,
                        is_static,
                    });
                }
            }
        }
        let app_manifest: PathsManifest =
            manifests::read_optional(&fs, &server.join("app-paths-manifest.json"))?;
        {
            for (page, file) in &app_manifest {
                if is_edge(page) {
                    continue;
                }
                let Some(name) = file.strip_suffix(".js") else { continue };
                let path = server.join(file);
                if path.is_file() {
                    entries.push(Entry {
                        kind: EntryKind::App,
                        name: name.to_owned(),
                        file: path,
                        is_static: false,
                    });
                }
            }
        }
        let node_proxy =
            functions_config.functions.get("/_middleware").and_then(|m| m.runtime.as_deref())
                == Some("nodejs");
        if node_proxy && server.join("middleware.js").is_file() {
            entries.push(Entry {
                kind: EntryKind::Proxy,
                name: "middleware".to_owned(),
                file: server.join("middleware.js"),
                is_static: false,
            });
        }
        let edge_instrumentation =
            middleware_manifest.instrumentation.as_ref().is_some_and(|v| !v.is_null());
        if server.join("instrumentation.js").is_file() && !edge_instrumentation {
            entries.push(Entry {
                kind: EntryKind::Instrumentation,
                name: "instrumentation".to_owned(),
                file: server.join("instrumentation.js"),
                is_static: false,
            });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));

        let mut edge_files = Vec::new();
        for function in
            middleware_manifest.middleware.values().chain(middleware_manifest.functions.values())
        {
            edge_files.extend(function.files.iter().cloned());
            let assets = function.wasm.iter().chain(&function.assets);
            edge_files.extend(assets.map(|a| a.file_path.clone()));
        }
        edge_files.sort();
        edge_files.dedup();

        Ok(Self {
            app_dir,
            dist_dir,
            root,
            mode,
            config: rsf.config,
            tracing,
            runtime_files: rsf.files,
            entries,
            edge_files,
        })
    }

    /// The app directory relative to the tracing root (`""` when they are the same).
    pub fn relative_app_dir(&self) -> String {
        paths::relative(&self.root, &self.app_dir)
    }
}

/// The tracing root of an app whose `relativeAppDir` is `relative`: the app dir
/// with that many trailing segments removed (robust to a moved checkout).
fn root_from_relative(app_dir: &Path, relative: &str) -> PathBuf {
    let depth = relative.split('/').filter(|s| !s.is_empty() && *s != ".").count();
    let mut root = app_dir.to_path_buf();
    for _ in 0..depth {
        root.pop();
    }
    root
}
