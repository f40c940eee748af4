//! `nft-rs trace` (issue 6): the end-to-end run of `scripts/next-e2e.js` over the
//! apps in fixtures/next (both bundler modes: traces compared with Next's, both
//! standalone servers booted and every route compared, a second run on one thread
//! byte-identical, a relocated read-only copy serving every route), and the error
//! cases of the command.

use crate::packages::installed;
use crate::support::{bin, node_script_passes, stderr, stdout};

#[test]
fn every_next_app_serves_from_the_nft_rs_standalone() {
    let _apps = crate::support::NEXT_APPS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for app in ["pages-app", "app-router", "monorepo", "next15-pages"] {
        if installed(&format!("next/{app}")).is_none() {
            return;
        }
    }
    node_script_passes("next-e2e.js");
}

#[test]
fn a_folder_without_a_next_build_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = nft_rs::next::trace_app(dir.path(), &nft_rs::next::NextOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("required-server-files.json is missing"), "{err}");
    assert!(err.contains("next build"), "{err}");

    let output = bin().arg("trace").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).starts_with("nft-rs: error: "), "{}", stderr(&output));
}

#[test]
fn a_missing_app_dir_is_a_usage_error() {
    let output = bin().args(["trace", "/nonexistent/nft-rs-app"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("APP_DIR is not a directory"), "{}", stderr(&output));
}
