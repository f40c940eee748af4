//! `.next/standalone` (NEXT.md "Assembling"): the traced files at their paths
//! relative to the tracing root, the runtime manifests, the compiled pages, edge
//! functions and a `server.js` of our own, assembled beside the final folder and
//! renamed into place.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::emit::copy::{copy_into, remove_if_exists, replace_atomically};
use crate::error::Error;
use crate::paths;

use super::build::{EntryKind, NextBuild};
use super::traces::TraceFile;
use super::warnings::NextWarning;

/// What the standalone folder got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StandaloneReport {
    /// Regular files written.
    pub files: usize,
    /// Symlinks recreated (relative, never dangling).
    pub symlinks: usize,
    /// Bytes of the regular files.
    pub bytes: u64,
}

/// How to assemble.
pub(crate) struct Assembly {
    pub with_static: bool,
    pub relocatable: bool,
    pub dereference: bool,
}

/// The placeholder `server.js` replaces with the standalone root at start-up.
const ROOT_MARK: &str = "@@nft-rs-standalone-root@@";

pub(crate) fn assemble(
    build: &NextBuild,
    traces: &[TraceFile],
    how: &Assembly,
    warnings: &mut Vec<NextWarning>,
) -> Result<StandaloneReport, Error> {
    let root = &build.root;
    let mut files: BTreeSet<String> = BTreeSet::new();
    for trace in traces.iter().filter(|t| t.copied) {
        for file in &trace.absolute {
            let rel = paths::relative(root, file);
            if paths::escapes_base(&rel) {
                warnings.push(NextWarning::OutsideRoot { file: file.clone(), root: root.clone() });
            } else {
                files.insert(rel);
            }
        }
    }
    let dist = &build.dist_dir;
    // A Node proxy and the instrumentation hook live outside server/pages and
    // server/app, and their own traces leave them out.
    for entry in &build.entries {
        if matches!(entry.kind, EntryKind::Proxy | EntryKind::Instrumentation) {
            files.insert(paths::relative(root, &entry.file));
        }
    }
    for edge in &build.edge_files {
        files.insert(paths::relative(root, &paths::normalize(&dist.join(edge))));
    }
    for runtime in &build.runtime_files {
        let path = paths::normalize(&build.app_dir.join(runtime));
        if path.exists() {
            files.insert(paths::relative(root, &path));
        }
    }
    for env in [".env", ".env.production"] {
        let path = build.app_dir.join(env);
        if path.is_file() {
            files.insert(paths::relative(root, &path));
        }
    }
    let mut trees =
        vec![dist.join("server/pages"), dist.join("server/route-cache"), dist.join("server/app")];
    if how.with_static {
        trees.push(build.app_dir.join("public"));
        trees.push(dist.join("static"));
    }
    for tree in trees {
        for file in walk_files(&tree)? {
            files.insert(paths::relative(root, &file));
        }
    }
    // A trace of an earlier run must not bring the standalone folder into itself.
    let standalone = dist.join("standalone");
    let own = paths::relative(root, &standalone);
    files.retain(|f| f != &own && !f.starts_with(&format!("{own}/")));

    let app_rel = build.relative_app_dir();
    let app_in =
        |out: &Path| if app_rel.is_empty() { out.to_path_buf() } else { out.join(&app_rel) };
    let package_json = fs::read(build.app_dir.join("package.json")).ok();
    let built_root = build
        .config
        .get("outputFileTracingRoot")
        .and_then(Value::as_str)
        .map_or_else(|| build.root.to_string_lossy().into_owned(), str::to_owned);

    replace_atomically(root, &standalone, |tmp| {
        let copied = copy_into(files.iter().map(String::as_str), root, tmp, Some(&standalone))?;
        warnings.extend(copied.warnings.iter().cloned().map(NextWarning::Copy));
        let app_out = app_in(tmp);
        fs::create_dir_all(&app_out).map_err(|e| Error::io(&app_out, e))?;
        let module_type = if let Some(bytes) = &package_json {
            let target = app_out.join("package.json");
            remove_if_exists(&target)?;
            fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
            serde_json::from_slice::<Value>(bytes)
                .ok()
                .and_then(|v| v.get("type").and_then(Value::as_str).map(|t| t == "module"))
                .unwrap_or(false)
        } else {
            false
        };
        let server_js = server_js(build, &built_root, &app_rel, module_type, how.relocatable);
        write_new(&app_out.join("server.js"), server_js.as_bytes())?;
        write_cache_handler(&app_out)?;
        if how.relocatable {
            relocate_manifests(&app_out, &built_root, &app_rel)?;
            neutralise_build_paths(&app_out.join(".next"), &built_root)?;
        }
        if how.dereference {
            dereference_links(tmp)?;
        }
        measure(tmp)
    })
}

/// Writes `bytes` to a new file at `path`: a file copied there may be a link to
/// the previous output's (see `copy_into`), which must not change.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    remove_if_exists(path)?;
    fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// Regular files under `dir` (following links), sorted; nothing when it is missing.
fn walk_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    let mut depth_guard = 0usize;
    while let Some(path) = stack.pop() {
        depth_guard += 1;
        if depth_guard > 1_000_000 {
            break;
        }
        let read = fs::read_dir(&path).map_err(|e| Error::io(&path, e))?;
        for entry in read.flatten() {
            let p = entry.path();
            match fs::metadata(&p) {
                Ok(m) if m.is_dir() => stack.push(p),
                Ok(_) => out.push(p),
                Err(_) => {}
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `server.js`: embeds the runtime config (with `distDir: './.next'`), moves to
/// its own folder and starts Next.js's production server the way `next start`
/// does, honouring `PORT`, `HOSTNAME` and `KEEP_ALIVE_TIMEOUT`.
fn server_js(
    build: &NextBuild,
    built_root: &str,
    app_rel: &str,
    module_type: bool,
    relocatable: bool,
) -> String {
    let mut config = build.config.clone();
    config.insert("distDir".to_owned(), Value::String("./.next".to_owned()));
    let mut config = Value::Object(config);
    let root_expr = if relocatable {
        replace_root(&mut config, built_root, ROOT_MARK);
        let up = if app_rel.is_empty() {
            ".".to_owned()
        } else {
            app_rel.split('/').map(|_| "..").collect::<Vec<_>>().join("/")
        };
        format!("path.resolve(__dirname, {})", Value::String(up))
    } else {
        String::new()
    };
    let config_text = serde_json::to_string(&config).unwrap_or_else(|_| "{}".to_owned());
    let header = if module_type {
        "import path from 'node:path';\nimport { fileURLToPath } from 'node:url';\nimport { createRequire } from 'node:module';\n\nconst require = createRequire(import.meta.url);\nconst __dirname = path.dirname(fileURLToPath(import.meta.url));\n"
    } else {
        "const path = require('node:path');\n"
    };
    let config_line = if relocatable {
        format!(
            "// Absolute build paths were replaced by a marker: this folder can move.\nconst standaloneRoot = JSON.stringify({root_expr}).slice(1, -1);\nconst nextConfig = JSON.parse({}.split({}).join(standaloneRoot));\n",
            Value::String(config_text),
            Value::String(ROOT_MARK.to_owned()),
        )
    } else {
        format!("const nextConfig = {config_text};\n")
    };
    format!(
        "// Written by nft-rs: starts the Next.js production server of this folder.\n{header}
process.env.NODE_ENV = 'production';
process.chdir(__dirname);

const port = parseInt(process.env.PORT, 10) || 3000;
const hostname = process.env.HOSTNAME || '0.0.0.0';
let keepAliveTimeout = parseInt(process.env.KEEP_ALIVE_TIMEOUT, 10);
if (!Number.isFinite(keepAliveTimeout) || keepAliveTimeout < 0) {{
  keepAliveTimeout = undefined;
}}

{config_line}{WRITABLE_CACHES_JS}process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(nextConfig);

require('next');
const {{ startServer }} = require('next/dist/server/lib/start-server');

startServer({{
  dir: __dirname,
  isDev: false,
  config: nextConfig,
  hostname,
  port,
  allowRetry: false,
  keepAliveTimeout,
}}).catch((err) => {{
  console.error(err);
  process.exit(1);
}});
"
    )
}

// --- Writable caches (issue 21) -------------------------------------------------
// A standalone folder in a read-only place (a Nix store path) keeps ISR pages, the
// fetch cache and optimised images in `NFT_RS_CACHE_DIR` instead of under `.next`:
// `server.js` selects nft-rs's cache handler (Next's documented `cacheHandler`, plus
// `images.customCacheHandler` for Next 16's image cache) unless the app set its own.

/// The cache handler module written beside `server.js`.
const CACHE_HANDLER_FILE: &str = "nft-rs-cache-handler.cjs";

/// Its source: two layers of Next's own `FileSystemCache` (see the file).
const CACHE_HANDLER_JS: &str = include_str!("cache-handler.cjs");

/// The `server.js` lines that turn the handler on when `NFT_RS_CACHE_DIR` is set.
const WRITABLE_CACHES_JS: &str =
    "// NFT_RS_CACHE_DIR: ISR pages, fetch data and optimised images are written there,
// so this folder itself may be read-only (nft-rs-cache-handler.cjs).
if (process.env.NFT_RS_CACHE_DIR && !nextConfig.cacheHandler) {
  nextConfig.cacheHandler = path.join(__dirname, 'nft-rs-cache-handler.cjs');
  nextConfig.images = { ...nextConfig.images, customCacheHandler: true };
  require(nextConfig.cacheHandler).redirectImageCache();
}
";

fn write_cache_handler(app_out: &Path) -> Result<(), Error> {
    let target = app_out.join(CACHE_HANDLER_FILE);
    remove_if_exists(&target)?;
    write_new(&target, CACHE_HANDLER_JS.as_bytes())
}
// --- end of writable caches -------------------------------------------------------

/// Replaces `root` (and paths below it) in every string of `value` by `mark`.
fn replace_root(value: &mut Value, root: &str, mark: &str) {
    match value {
        Value::String(s) => {
            if s == root {
                mark.clone_into(s);
            } else if let Some(rest) = s.strip_prefix(root).filter(|r| r.starts_with('/')) {
                *s = format!("{mark}{rest}");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_root(v, root, mark)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_root(v, root, mark)),
        _ => {}
    }
}

/// In `required-server-files.json` (and its `.js` twin), absolute build paths
/// become paths relative to the app folder.
fn relocate_manifests(app_out: &Path, built_root: &str, app_rel: &str) -> Result<(), Error> {
    let up = if app_rel.is_empty() {
        ".".to_owned()
    } else {
        app_rel.split('/').map(|_| "..").collect::<Vec<_>>().join("/")
    };
    let json_path = app_out.join(".next/required-server-files.json");
    if let Ok(text) = fs::read_to_string(&json_path)
        && let Ok(mut value) = serde_json::from_str::<Value>(&text)
    {
        replace_root(&mut value, built_root, &up);
        let text = serde_json::to_string(&value).unwrap_or(text);
        remove_if_exists(&json_path)?;
        write_new(&json_path, text.as_bytes())?;
        let js_path = app_out.join(".next/required-server-files.js");
        if js_path.exists() {
            remove_if_exists(&js_path)?;
            let js = format!("self.__SERVER_FILES_MANIFEST={text}");
            write_new(&js_path, js.as_bytes())?;
        }
    }
    Ok(())
}

/// Webpack builds name modules by absolute path (client reference manifests, the
/// loader tree of app pages). In a relocatable output every such name is
/// rewritten to Turbopack's `[project]` prefix, in every compiled file at once, so
/// names still match each other and no file holds the build directory. Files are
/// replaced, never edited in place (they may be hard links or read-only).
fn neutralise_build_paths(dist_out: &Path, built_root: &str) -> Result<(), Error> {
    if built_root.len() < 2 {
        return Ok(());
    }
    let needle = built_root.as_bytes();
    let mut stack = vec![dist_out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = fs::read_dir(&dir) else { continue };
        for entry in read.flatten() {
            let p = entry.path();
            let Ok(meta) = fs::symlink_metadata(&p) else { continue };
            if meta.is_dir() {
                stack.push(p);
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            let bytes = fs::read(&p).map_err(|e| Error::io(&p, e))?;
            if !bytes.windows(needle.len()).any(|w| w == needle) {
                continue;
            }
            let Ok(text) = String::from_utf8(bytes) else { continue };
            let replaced = text.replace(built_root, "[project]");
            remove_if_exists(&p)?;
            write_new(&p, replaced.as_bytes())?;
        }
    }
    Ok(())
}

/// Replaces every symlink under `dir` by a copy of what it points to.
fn dereference_links(dir: &Path) -> Result<(), Error> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let read = fs::read_dir(&path).map_err(|e| Error::io(&path, e))?;
        let mut entries: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let meta = fs::symlink_metadata(&p).map_err(|e| Error::io(&p, e))?;
            if meta.file_type().is_symlink() {
                let target = fs::canonicalize(&p).map_err(|e| Error::io(&p, e))?;
                fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
                copy_resolved(&target, &p, 0)?;
                if p.is_dir() {
                    stack.push(p);
                }
            } else if meta.is_dir() {
                stack.push(p);
            }
        }
    }
    Ok(())
}

fn copy_resolved(src: &Path, dst: &Path, depth: usize) -> Result<(), Error> {
    if depth > 64 {
        return Err(Error::Output {
            path: dst.to_path_buf(),
            message: "symlinked folders nest too deeply to dereference".to_owned(),
        });
    }
    let meta = fs::metadata(src).map_err(|e| Error::io(src, e))?;
    if meta.is_dir() {
        fs::create_dir_all(dst).map_err(|e| Error::io(dst, e))?;
        let read = fs::read_dir(src).map_err(|e| Error::io(src, e))?;
        for entry in read.flatten() {
            copy_resolved(&entry.path(), &dst.join(entry.file_name()), depth + 1)?;
        }
        Ok(())
    } else {
        fs::copy(src, dst).map(|_| ()).map_err(|e| Error::io(src, e))
    }
}

fn measure(dir: &Path) -> Result<StandaloneReport, Error> {
    let mut report = StandaloneReport::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let read = fs::read_dir(&path).map_err(|e| Error::io(&path, e))?;
        for entry in read.flatten() {
            let p = entry.path();
            let meta = fs::symlink_metadata(&p).map_err(|e| Error::io(&p, e))?;
            if meta.file_type().is_symlink() {
                report.symlinks += 1;
            } else if meta.is_dir() {
                stack.push(p);
            } else {
                report.files += 1;
                report.bytes += meta.len();
            }
        }
    }
    Ok(report)
}
