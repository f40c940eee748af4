//! Execution tests: run an entry in place, copy only its traced files with
//! `nft-rs build`, run the copy, and compare the output.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::packages::installed;
use crate::support::{fixtures, run, stderr, stdout};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies `fixtures/exec/<name>/` into the installed set `set`, runs its `main.js`
/// (or `main.mjs`) there, then from a `nft-rs build` copy: both must succeed with
/// the same stdout. Returns the copy's folder.
fn build_and_run(set: &str, name: &str) -> Option<PathBuf> {
    let dir = installed(set)?;
    let app = format!("exec-{name}");
    let _ = std::fs::remove_dir_all(dir.join(&app));
    copy_dir(&fixtures().join("exec").join(name), &dir.join(&app));
    let main = if dir.join(&app).join("main.mjs").exists() { "main.mjs" } else { "main.js" };
    Some(check_copy_runs(&dir, &format!("{app}/{main}")))
}

/// Runs `entry` in `dir`, then from a `nft-rs build` copy of its trace; both must
/// succeed with the same stdout. Returns the copy's folder.
fn check_copy_runs(dir: &Path, entry: &str) -> PathBuf {
    let name = entry;
    let in_place = node(dir, entry);
    let out = tempfile::tempdir().unwrap().keep();
    let output = run(dir, &["build", "--out", out.to_str().unwrap(), entry]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let copied = node(&out, entry);
    assert_eq!(copied, in_place, "{name}: the copy prints something else");
    assert!(!out.join("node_modules/.package-lock.json").exists(), "only traced files are copied");
    out
}

fn node(dir: &Path, entry: &str) -> String {
    let output = Command::new("node").arg(entry).current_dir(dir).output().unwrap();
    assert!(output.status.success(), "node {entry} in {}: {}", dir.display(), stderr(&output));
    stdout(&output)
}

#[test]
fn express_app_runs_from_its_copy() {
    let Some(out) = build_and_run("packages", "express-app") else { return };
    std::fs::remove_dir_all(out).unwrap();
}

#[cfg(unix)]
#[test]
fn pnpm_tree_runs_from_its_copy_with_links() {
    let Some(out) = build_and_run("pnpm-app", "express-app") else { return };
    let link = out.join("node_modules/express");
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "pnpm links are kept as links"
    );
    assert!(std::fs::read_link(&link).unwrap().is_relative());
    std::fs::remove_dir_all(out).unwrap();
}

/// One test per fixture of `fixtures/exec`, run inside the installed set `$set`.
macro_rules! exec_tests {
    ($set:literal: $($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                if let Some(out) = build_and_run($set, $name) {
                    std::fs::remove_dir_all(out).unwrap();
                }
            }
        )*
    };
}

// Packages that read files at run time (tests/runtime).
exec_tests! {
    "runtime":
    pdfkit_fonts => "runtime-pdfkit",
    ejs_templates => "runtime-ejs",
    pug_templates => "runtime-pug",
    handlebars_templates => "runtime-handlebars",
    moment_locales => "runtime-moment",
    figlet_fonts => "runtime-figlet",
    tiktoken_wasm => "runtime-tiktoken",
    word_list_import_meta_url => "runtime-word-list",
    swagger_ui_static_files => "runtime-swagger-ui",
}

// Native addons, platform binaries and name-loaded libraries (tests/native).
exec_tests! {
    "native":
    sharp_resizes_an_image => "native-sharp",
    bcrypt_prebuilds => "native-bcrypt",
    argon2_prebuilds => "native-argon2",
    better_sqlite3_build_release => "native-better-sqlite3",
    bufferutil_node_gyp_build => "native-bufferutil",
    msgpackr_extract_platform_package => "native-msgpackr",
    esbuild_platform_binary => "native-esbuild",
    shiki_languages_and_themes => "native-shiki",
    pino_transport_target => "native-pino-transport",
    express_view_engine => "native-express-views",
}

/// A server bundled by webpack 5 (production, minified): express is external,
/// `path`/`fs` are in the module table, and the bundle reads `config.json`
/// beside itself.
#[test]
fn webpack_bundled_server_runs_from_its_copy() {
    let Some(dir) = installed("bundles") else { return };
    let out = check_copy_runs(&dir, "dist/server.js");
    assert!(out.join("dist/config.json").is_file(), "the bundle's asset is traced");
    std::fs::remove_dir_all(out).unwrap();
}

/// A Browserify bundle with `ms` left external.
#[test]
fn browserify_bundle_runs_from_its_copy() {
    let Some(dir) = installed("bundles") else { return };
    let out = check_copy_runs(&dir, "dist/cli.js");
    assert!(out.join("node_modules/ms/index.js").is_file(), "the external is traced");
    std::fs::remove_dir_all(out).unwrap();
}
