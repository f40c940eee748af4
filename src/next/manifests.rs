//! The manifests of a `next build` output as typed documents, read through the
//! library's [`FileSystem`] (NEXT.md "Inputs"). Fields nft-rs does not use are
//! not declared; a missing optional manifest reads as empty.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;
use crate::fs::FileSystem;

/// `.next/required-server-files.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequiredServerFiles {
    /// The runtime config, embedded as it is in the standalone `server.js`.
    #[serde(default)]
    pub config: serde_json::Map<String, Value>,
    /// The app directory relative to `outputFileTracingRoot`.
    #[serde(default)]
    pub relative_app_dir: String,
    /// Runtime manifests, relative to the app directory.
    #[serde(default)]
    pub files: Vec<String>,
}

/// The parts of the runtime config that decide what is traced.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TracingConfig {
    /// `outputFileTracingIncludes`: route key → file globs.
    #[serde(default)]
    pub output_file_tracing_includes: BTreeMap<String, Vec<String>>,
    /// `outputFileTracingExcludes`: route key → file globs.
    #[serde(default)]
    pub output_file_tracing_excludes: BTreeMap<String, Vec<String>>,
    /// `cacheHandler`: a module the server loads.
    #[serde(default)]
    pub cache_handler: Option<String>,
    /// `cacheHandlers`: kind → module (or nothing).
    #[serde(default)]
    pub cache_handlers: BTreeMap<String, Option<String>>,
}

impl TracingConfig {
    /// Reads the tracing fields of `config`; `path` names the file in errors.
    pub(crate) fn from_config(
        path: &Path,
        config: &serde_json::Map<String, Value>,
    ) -> Result<Self, Error> {
        serde_json::from_value(Value::Object(config.clone())).map_err(|e| Error::Output {
            path: path.to_path_buf(),
            message: format!("has an unexpected tracing option: {e}"),
        })
    }
}

/// `pages-manifest.json` and `app-paths-manifest.json`: page → compiled file
/// relative to `.next/server` (`pages/about.html` for a prerendered page).
pub(crate) type PathsManifest = BTreeMap<String, String>;

/// `middleware-manifest.json`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MiddlewareManifest {
    /// Edge middleware, by matcher key.
    #[serde(default)]
    pub middleware: BTreeMap<String, EdgeFunction>,
    /// Edge routes, by page.
    #[serde(default)]
    pub functions: BTreeMap<String, EdgeFunction>,
    /// An edge instrumentation hook, when there is one.
    #[serde(default)]
    pub instrumentation: Option<Value>,
}

/// One edge function: the files the edge runtime loads, relative to `.next`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct EdgeFunction {
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(default)]
    pub wasm: Vec<EdgeAsset>,
    #[serde(default)]
    pub assets: Vec<EdgeAsset>,
}

/// A wasm module or asset of an edge function.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EdgeAsset {
    pub file_path: String,
}

/// `functions-config-manifest.json`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FunctionsConfigManifest {
    /// Per function (`/_middleware` for the proxy) its config.
    #[serde(default)]
    pub functions: BTreeMap<String, FunctionConfig>,
}

/// The config of one function.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FunctionConfig {
    /// `nodejs` or `edge`.
    #[serde(default)]
    pub runtime: Option<String>,
}

/// Reads and parses the JSON document at `path`.
pub(crate) fn read<T: DeserializeOwned>(fs: &dyn FileSystem, path: &Path) -> Result<T, Error> {
    let bytes = fs.read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: format!("is not a valid manifest: {e}"),
    })
}

/// Like [`read`], with the default document when the file does not exist.
pub(crate) fn read_optional<T: DeserializeOwned + Default>(
    fs: &dyn FileSystem,
    path: &Path,
) -> Result<T, Error> {
    match fs.metadata(path) {
        Ok(_) => read(fs, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(Error::io(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::{MiddlewareManifest, RequiredServerFiles, TracingConfig, read, read_optional};
    use crate::fs::MemoryFs;
    use std::path::Path;

    #[test]
    fn reads_typed_manifests_and_reports_bad_ones() {
        let fs = MemoryFs::new();
        fs.add_file(
            "/a/.next/required-server-files.json",
            r#"{"config":{"outputFileTracingIncludes":{"/*":["./x/**"]},"cacheHandlers":{"default":null}},"relativeAppDir":"apps/web","files":[".next/BUILD_ID"]}"#,
        );
        fs.add_file(
            "/a/.next/server/middleware-manifest.json",
            r#"{"middleware":{},"functions":{"/edge":{"files":["server/edge.js"],"wasm":[{"filePath":"server/a.wasm","name":"a"}]}}}"#,
        );
        fs.add_file("/a/.next/server/pages-manifest.json", "not json");
        let rsf: RequiredServerFiles =
            read(&fs, Path::new("/a/.next/required-server-files.json")).unwrap();
        assert_eq!(rsf.relative_app_dir, "apps/web");
        assert_eq!(rsf.files, [".next/BUILD_ID"]);
        let tracing = TracingConfig::from_config(Path::new("rsf"), &rsf.config).unwrap();
        assert_eq!(tracing.output_file_tracing_includes["/*"], ["./x/**"]);
        assert_eq!(tracing.cache_handlers["default"], None);
        let edge: MiddlewareManifest =
            read(&fs, Path::new("/a/.next/server/middleware-manifest.json")).unwrap();
        assert_eq!(edge.functions["/edge"].wasm[0].file_path, "server/a.wasm");
        let missing: MiddlewareManifest =
            read_optional(&fs, Path::new("/a/.next/server/nothing.json")).unwrap();
        assert!(missing.functions.is_empty());
        let err =
            read::<super::PathsManifest>(&fs, Path::new("/a/.next/server/pages-manifest.json"))
                .unwrap_err()
                .to_string();
        assert!(err.contains("pages-manifest.json"), "{err}");
    }
}
