//! The differential corpus (issue 5): `scripts/corpus.js` traces every entry of
//! tests/corpus/entries with nft-rs and @vercel/nft, runs each nft-rs copy, and
//! fails on a copy that does not run, on overall parity below
//! tests/corpus/threshold.json, or on an unexplained difference.

use std::path::Path;
use std::process::Command;

use crate::packages::installed;
use crate::support::{stderr, stdout};

#[test]
fn every_corpus_copy_runs_and_parity_holds() {
    installed("corpus");
    installed("ref");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg(root.join("scripts/corpus.js"))
        .args(["--nft-rs", env!("CARGO_BIN_EXE_nft-rs")])
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{}\n{}", stdout(&output), stderr(&output));
}
