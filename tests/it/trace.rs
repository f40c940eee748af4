//! Fixture tests: each directory under `fixtures/trace/` is one case, traced by the
//! CLI with its `case.json` (`entries`, `args`, expected `warnings`), compared with
//! its `expected.txt`, and traced again with 1 and 2 threads to prove the output
//! does not depend on the thread count. `UPDATE_EXPECT=1` rewrites `expected.txt`.

use std::path::Path;

use serde_json::Value;

use crate::support::{assert_same_text, fixtures, run, stderr, stdout};

fn case_args(spec: &Value) -> Vec<String> {
    let mut args = vec!["--node-version".to_owned(), "22".to_owned()];
    if let Some(extra) = spec.get("args").and_then(Value::as_array) {
        args.extend(extra.iter().map(|a| a.as_str().expect("args are strings").to_owned()));
    }
    args.push("--".to_owned());
    let entries = spec["entries"].as_array().expect("case.json lists entries");
    args.extend(entries.iter().map(|e| e.as_str().expect("entries are strings").to_owned()));
    args
}

fn check_fixture(name: &str) {
    let dir = fixtures().join("trace").join(name);
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
    let args = case_args(&spec);
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let mut full: Vec<&str> = vec!["print", "--threads", threads];
        full.extend(args.iter().map(String::as_str));
        let output = run(&dir, &full);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        outputs.push((stdout(&output), stderr(&output)));
    }
    assert_eq!(outputs[0], outputs[1], "{name}: 1 and 2 threads differ");
    let (listed, warnings) = &outputs[0];
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, listed).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert_same_text(name, &expected, listed);
    for needle in spec.get("warnings").and_then(Value::as_array).into_iter().flatten() {
        let needle = needle.as_str().unwrap();
        assert!(
            warnings.contains(needle),
            "{name}: no warning containing {needle:?} in:\n{warnings}"
        );
    }
    if spec.get("warnings").is_none() {
        assert_eq!(warnings, "", "{name}: unexpected warnings");
    }
}

macro_rules! fixtures {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($dir);
            }
        )*

        /// Every fixture directory has a test above.
        #[test]
        fn every_fixture_is_listed() {
            let listed = [$($dir),*];
            let mut missing = Vec::new();
            for entry in std::fs::read_dir(fixtures().join("trace")).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                if !listed.contains(&name.as_str()) {
                    missing.push(name);
                }
            }
            assert_eq!(missing, Vec::<String>::new(), "fixtures without a test");
        }
    };
}

fixtures! {
    asset_aliased_join => "asset-aliased-join",
    asset_array => "asset-array",
    asset_binary_extensionless => "asset-binary-extensionless",
    asset_conditional => "asset-conditional",
    asset_destructured_fs => "asset-destructured-fs",
    asset_directory => "asset-directory",
    asset_dirname_concat => "asset-dirname-concat",
    asset_esm_dirname_shim => "asset-esm-dirname-shim",
    asset_file_url_to_path => "asset-file-url-to-path",
    asset_filename => "asset-filename",
    asset_fs_extra => "asset-fs-extra",
    asset_fs_promises => "asset-fs-promises",
    asset_graceful_fs => "asset-graceful-fs",
    asset_import_meta_dirname => "asset-import-meta-dirname",
    asset_import_meta_url => "asset-import-meta-url",
    asset_js_followed => "asset-js-followed",
    asset_new_worker => "asset-new-worker",
    asset_os_platform => "asset-os-platform",
    asset_path_join => "asset-path-join",
    asset_path_resolve => "asset-path-resolve",
    asset_process_cwd => "asset-process-cwd",
    asset_readdir => "asset-readdir",
    asset_require_resolve => "asset-require-resolve",
    asset_readdir_dirname => "asset-readdir-dirname",
    asset_template => "asset-template",
    asset_ts_followed => "asset-ts-followed",
    asset_wildcard_json => "asset-wildcard-json",
    asset_wildcard_template => "asset-wildcard-template",
    base_boundary => "base-boundary",
    broken_package_json_empty => "broken-package-json-empty",
    broken_package_json_truncated => "broken-package-json-truncated",
    browser_exports => "browser-exports",
    browser_field => "browser-field",
    builtins => "builtins",
    bundle_amd_deps => "bundle-amd-deps",
    bundle_browserify => "bundle-browserify",
    bundle_browserify_minified => "bundle-browserify-minified",
    bundle_uglify_wrapper => "bundle-uglify-wrapper",
    bundle_umd => "bundle-umd",
    bundle_webpack4 => "bundle-webpack4",
    bundle_webpack5 => "bundle-webpack5",
    bundle_webpack5_chunks => "bundle-webpack5-chunks",
    bundle_when_amd => "bundle-when-amd",
    cjs_basic => "cjs-basic",
    create_require => "create-require",
    create_require_native => "create-require-native",
    create_require_native_no_mixed => "create-require-native-no-mixed",
    custom_conditions => "custom-conditions",
    cycle => "cycle",
    depth => "depth",
    esm_forms => "esm-forms",
    exports_conditions => "exports-conditions",
    exports_only => "exports-only",
    guard_above_dir => "guard-above-dir",
    guard_cwd => "guard-cwd",
    guard_glob_cap => "guard-glob-cap",
    guard_glob_nested_node_modules => "guard-glob-nested-node-modules",
    guard_node_modules => "guard-node-modules",
    guard_outside_base => "guard-outside-base",
    guard_own_dir => "guard-own-dir",
    guard_package_boundary => "guard-package-boundary",
    hashbang_bom => "hashbang-bom",
    interop_helpers => "interop-helpers",
    ignore_glob => "ignore-glob",
    imports_field => "imports-field",
    library_express_engine_opt_out => "library-express-engine-opt-out",
    library_express_view_engine => "library-express-view-engine",
    library_pino_transports => "library-pino-transports",
    library_pkginfo => "library-pkginfo",
    library_resolve_from => "library-resolve-from",
    library_strong_globalize => "library-strong-globalize",
    module_register => "module-register",
    module_register_cwd => "module-register-cwd",
    module_sync_catchall => "module-sync-catchall",
    module_sync_node20 => "module-sync-node20",
    module_sync_node22 => "module-sync-node22",
    native_bindings => "native-bindings",
    native_dlopen => "native-dlopen",
    native_musl_target => "native-musl-target",
    native_nbind => "native-nbind",
    native_node_gyp_build => "native-node-gyp-build",
    native_node_gyp_build_release => "native-node-gyp-build-release",
    native_node_pre_gyp => "native-node-pre-gyp",
    native_platform_packages => "native-platform-packages",
    native_sharedlib => "native-sharedlib",
    native_lean => "native-lean",
    nested_node_modules => "nested-node-modules",
    no_analysis => "no-analysis",
    no_mixed_modules => "no-mixed-modules",
    paths_map => "paths-map",
    pnpm_layout => "pnpm-layout",
    require_computed => "require-computed",
    require_concat => "require-concat",
    require_global_fallback => "require-global-fallback",
    require_logical => "require-logical",
    require_template_import => "require-template-import",
    require_wrapper => "require-wrapper",
    self_reference => "self-reference",
    shadowed_path => "shadowed-path",
    shadowed_require => "shadowed-require",
    special_cases => "special-cases",
    special_sharp => "special-sharp",
    subpath_directory_main => "subpath-directory-main",
    syntax_error => "syntax-error",
    type_module => "type-module",
    typescript => "typescript",
    unresolved => "unresolved",
    workspace_layout => "workspace-layout",
    workspace_ts_main => "workspace-ts-main",
}

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let mut full = vec!["print", "--json", "--node-version", "22"];
    full.extend_from_slice(args);
    let output = run(dir, &full);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("print --json writes JSON")
}

#[test]
fn json_reasons_record_types_parents_and_links() {
    let dir = fixtures().join("trace/pnpm-layout");
    let doc = json_of(&dir, &["entry.js"]);
    let reasons = &doc["reasons"];
    assert_eq!(reasons["entry.js"]["type"], serde_json::json!(["initial", "dependency"]));
    assert_eq!(reasons["entry.js"]["parents"], serde_json::json!([]));
    assert_eq!(reasons["node_modules/a"]["type"], serde_json::json!(["resolve"]));
    assert_eq!(reasons["node_modules/a"]["parents"], serde_json::json!(["entry.js"]));
    let b = "node_modules/.pnpm/b@1.0.0/node_modules/b/index.js";
    assert_eq!(
        reasons[b]["parents"],
        serde_json::json!(["node_modules/.pnpm/a@1.0.0/node_modules/a/index.js"])
    );
    assert_eq!(doc["esmFileList"], serde_json::json!([]));
    assert_eq!(doc["warnings"], serde_json::json!([]));
}

#[test]
fn json_marks_ignored_and_outside_base_paths() {
    let dir = fixtures().join("trace/ignore-glob");
    let doc =
        json_of(&dir, &["--ignore", "node_modules/big/**", "--ignore", "**/*.test.js", "entry.js"]);
    assert_eq!(doc["reasons"]["node_modules/big/index.js"]["ignored"], Value::Bool(true));
    assert_eq!(doc["reasons"]["src/skip.test.js"]["ignored"], Value::Bool(true));
    assert!(
        doc["reasons"].get("src/only-from-test.js").is_none(),
        "ignored files are not analysed"
    );
    let dir = fixtures().join("trace/base-boundary");
    let doc = json_of(&dir, &["--base", "app", "app/entry.js"]);
    assert_eq!(doc["reasons"]["../shared/util.js"]["ignored"], Value::Bool(true));
    assert_eq!(doc["fileList"], serde_json::json!(["entry.js", "local.js"]));
}

#[test]
fn json_lists_esm_files() {
    let dir = fixtures().join("trace/type-module");
    let doc = json_of(&dir, &["entry.js", "uses-cjs.js"]);
    assert_eq!(doc["esmFileList"], serde_json::json!(["entry.js", "lib.js", "uses-cjs.js"]));
}

#[test]
fn entry_outside_base_is_listed_with_dotdot() {
    let dir = fixtures().join("trace/base-boundary");
    let output = run(&dir, &["print", "--base", "app", "shared/util.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "../shared/util.js\n");
}

/// Paths outside the base named by absolute literals (`/etc/...`, `/nix/store/...`)
/// are not emitted at all, not even as ignored reasons.
#[test]
fn absolute_paths_outside_the_base_are_never_emitted() {
    let dir = fixtures().join("trace/guard-outside-base");
    let doc = json_of(&dir, &["entry.js"]);
    let keys: Vec<&String> = doc["reasons"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["entry.js"]);
}
