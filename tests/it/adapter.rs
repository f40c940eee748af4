//! `nft-rs/adapter`, the Next.js adapter (issue 20): its JavaScript unit tests
//! (`npm/test/adapter.test.js`: options, versions, the check of Next's outputs),
//! and `scripts/adapter-e2e.js`, which builds the installed app-router fixture
//! app with the adapter in both bundler modes and serves its standalone folder,
//! in place and relocated read-only.
//!
//! Two `next build`s are heavy, so the test runs only when `NFT_RS_ADAPTER_TESTS=1`
//! and `NFT_RS_NATIVE` names a built Node-API addon (release: the redirect traces
//! through it), and the app is installed; it says why it skipped otherwise.

use std::path::Path;
use std::process::Command;

use crate::packages::installed;
use crate::support::{stderr, stdout};

#[test]
#[expect(clippy::print_stderr, reason = "says when the JS tests were skipped")]
fn the_adapter_passes_its_javascript_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(output) = Command::new("node")
        .arg("--test")
        .arg(root.join("npm").join("test").join("adapter.test.js"))
        .output()
    else {
        eprintln!("adapter: SKIPPED: node is not installed");
        return;
    };
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    assert!(out.contains("# fail 0"), "{out}");
}

#[test]
#[expect(clippy::print_stderr, reason = "says when and why the adapter test was skipped")]
fn the_adapter_builds_and_serves_the_app_router_app() {
    if std::env::var("NFT_RS_ADAPTER_TESTS").as_deref() != Ok("1") {
        eprintln!(
            "adapter: SKIPPED: set NFT_RS_ADAPTER_TESTS=1 and NFT_RS_NATIVE=<addon> (two next builds)"
        );
        return;
    }
    let Some(native) = std::env::var_os("NFT_RS_NATIVE").filter(|p| !p.is_empty()) else {
        eprintln!(
            "adapter: SKIPPED: NFT_RS_NATIVE does not name the Node-API addon (cargo build --release -p nft-rs-node)"
        );
        return;
    };
    assert!(Path::new(&native).is_file(), "NFT_RS_NATIVE={} is not a file", native.display());
    let _apps = crate::support::NEXT_APPS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if installed("next/app-router").is_none() {
        eprintln!(
            "adapter: SKIPPED: next/app-router is not installed (scripts/install-test-deps.sh)"
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg(root.join("scripts").join("adapter-e2e.js"))
        .args(["--app", "app-router", "--nft-rs", env!("CARGO_BIN_EXE_nft-rs")])
        .arg("--native")
        .arg(&native)
        .output()
        .expect("node runs");
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    assert!(out.contains("adapter-e2e: ok"), "{out}");
    assert!(out.contains("| app-router | webpack |"), "{out}");
}
