#!/usr/bin/env bash
# Installs what the tests need (pinned npm packages, cached) and runs every check
# CI runs: formatting, clippy, the tests, and the docs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
scripts/install-nix.sh >/dev/null
export NFT_RS_REQUIRE_NIX=1
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --all-features -- -D warnings
NFT_RS_REQUIRE_DEPS=1 cargo test --all-features
# The npm package from its packed tarballs (JS API, npx nft-rs, the corpus against
# @vercel/nft, nft-rs trace through its bin), then two real consumers of @vercel/nft
# switched to it.
npm_out=$(mktemp -d)
NFT_RS_REQUIRE_DEPS=1 scripts/npm-test.sh "$npm_out"
node scripts/consumers.js --tarballs "$npm_out"
# The Next.js adapter inside `next build` (both bundler modes), through the addon
# npm-test.sh just built.
NFT_RS_ADAPTER_TESTS=1 NFT_RS_NATIVE="$PWD/target/release/libnft_rs_node.so" \
  cargo test --all-features --test it adapter::
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features
