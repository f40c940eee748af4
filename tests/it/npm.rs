//! The npm package (`npm/`): runs its JavaScript tests (node's built-in test
//! runner) against the Node binding (`node/`).
//!
//! Building the binding is kept out of the default `cargo test`: this test runs
//! when `NFT_RS_NODE_TESTS=1` (it then builds `nft-rs-node` with cargo) or when
//! `NFT_RS_NATIVE` names an already built addon, and says that it skipped
//! otherwise. `npm/test/api.test.js` always runs then; the hooks, reasons,
//! corpus and install tests need the reference tracer, the installed corpus
//! and packed tarballs (`scripts/npm-test.sh`
//! runs all of them from the packed tarballs, as CI does).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn node_version() -> Option<String> {
    let out = Command::new("node").arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The addon to test, building it when asked to; `Err` says why the test skips.
fn addon() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("NFT_RS_NATIVE").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    if std::env::var("NFT_RS_NODE_TESTS").as_deref() != Ok("1") {
        return Err("set NFT_RS_NODE_TESTS=1 (builds the binding) or NFT_RS_NATIVE=<addon>".into());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "-p", "nft-rs-node"])
        .current_dir(root())
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    assert!(status.success(), "cargo build -p nft-rs-node failed");
    let dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    Ok(dir.join("debug").join(format!(
        "{}nft_rs_node{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )))
}

#[test]
#[expect(clippy::print_stderr, reason = "says when and why the JS tests were skipped")]
fn the_npm_package_passes_its_javascript_tests() {
    let Some(node) = node_version() else {
        eprintln!("npm: SKIPPED: node is not installed");
        return;
    };
    let addon = match addon() {
        Ok(addon) => addon,
        Err(why) => {
            eprintln!("npm: SKIPPED (node {node} found): {why}");
            return;
        }
    };
    assert!(Path::new(&addon).is_file(), "no addon at {}", addon.display());
    let tests = root().join("npm").join("test");
    let out = Command::new("node")
        .arg("--test")
        .arg(tests.join("api.test.js"))
        .arg(tests.join("hooks.test.js"))
        .arg(tests.join("reasons.test.js"))
        .arg(tests.join("corpus.test.js"))
        .arg(tests.join("install.test.js"))
        .env("NFT_RS_NATIVE", &addon)
        .current_dir(root())
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    for line in report.lines().filter(|l| l.starts_with("# ") || l.contains("SKIP")) {
        eprintln!("npm: {line}");
    }
    assert!(
        out.status.success(),
        "npm/test failed:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("# fail 0"), "{report}");
}
