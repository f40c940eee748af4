#!/usr/bin/env bash
# The npm package end to end, as CI runs it: packs the tarballs
# (scripts/npm-pack.sh), installs them into a fresh project (offline: only the
# local tarballs), and runs npm/test/*.test.js against that installed package:
# the API tests, the hooks' questions and reasons against @vercel/nft, the
# differential corpus against @vercel/nft in all four fields (needs
# scripts/install-test-deps.sh), and the install test (npx nft-rs).
#
# usage: scripts/npm-test.sh [--no-build] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build=()
out=""
for arg in "$@"; do
  case "$arg" in
    --no-build) build=(--no-build) ;;
    *) out="$arg" ;;
  esac
done
out="${out:-$(mktemp -d)}"
"$root/scripts/npm-pack.sh" "${build[@]}" "$out"
project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
echo '{"name":"nft-rs-npm-test","private":true}' > "$project/package.json"
(cd "$project" && npm install --offline --no-audit --no-fund "$out"/nft-rs-*.tgz >/dev/null)
NFT_RS_PACKAGE="$project/node_modules/nft-rs" NFT_RS_NPM_TARBALLS="$out" \
  node --test "$root/npm/test/api.test.js" "$root/npm/test/hooks.test.js" "$root/npm/test/reasons.test.js" \
  "$root/npm/test/corpus.test.js" "$root/npm/test/install.test.js"
