//! The differential corpus (issue 5): `scripts/corpus.js` traces every entry of
//! tests/corpus/entries with nft-rs and @vercel/nft, runs each nft-rs copy, and
//! fails on a copy that does not run, on overall parity below
//! tests/corpus/threshold.json, or on an unexplained difference.

use crate::packages::installed;
use crate::support::node_script_passes;

#[test]
fn every_corpus_copy_runs_and_parity_holds() {
    let (Some(_), Some(_)) = (installed("corpus"), installed("ref")) else { return };
    node_script_passes("corpus.js");
}
