#!/usr/bin/env bash
# The npm package end to end, as CI runs it: packs the tarballs
# (scripts/npm-pack.sh), installs them into a fresh project (offline: only the
# local tarballs), and runs npm/test/*.test.js against that installed package:
# the API tests, the hooks' questions and reasons against @vercel/nft, the
# differential corpus against @vercel/nft in all four fields (needs
# scripts/install-test-deps.sh), the install test (npx nft-rs), and `nft-rs trace`
# run through the installed package's bin on the app-router fixture app, both
# bundlers (scripts/next-e2e.js: its traces, and its standalone folder serving every
# route, moved and read-only too).
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
cache="${NFT_RS_CACHE:-$HOME/.cache/nft-rs}"
if [ -d "$cache/next/app-router/node_modules" ]; then
  node "$root/scripts/next-e2e.js" --nft-rs "$project/node_modules/.bin/nft-rs" --apps app-router
elif [ "${NFT_RS_REQUIRE_DEPS:-0}" = 1 ]; then
  echo "npm-test: $cache/next/app-router is not installed (run scripts/install-test-deps.sh)" >&2
  exit 1
else
  echo "npm-test: skipped nft-rs trace through the package: $cache/next/app-router is not installed" >&2
fi
