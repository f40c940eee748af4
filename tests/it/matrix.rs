//! The compiler and bundler matrix (issue 17): `scripts/matrix.js` traces every
//! output of tests/matrix/build.js (tsc, Babel, SWC, esbuild, Rollup, webpack 5,
//! Browserify, in their modes) and every package entry of tests/matrix/packages
//! with nft-rs and @vercel/nft, runs each nft-rs copy, and fails when nft-rs lists
//! a file fewer than nft or a copy does not run.

use crate::packages::installed;
use crate::support::node_script_passes;

#[test]
fn every_matrix_output_is_traced_like_nft_and_its_copy_runs() {
    installed("matrix");
    installed("ref");
    node_script_passes("matrix.js");
}
