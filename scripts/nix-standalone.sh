#!/usr/bin/env bash
# Builds a Next.js app that `next build` already built into a Nix store path, offline,
# with nft-rs's setup hook logic (nix/hook.sh through the plain derivation
# nix/standalone.nix: the host's bash, coreutils, node and an nft-rs binary; sandbox off,
# no substituters). Prints the store path as its last line:
#   <store path>/bin/<name>         starts the server (PORT, HOSTNAME, NFT_RS_CACHE_DIR)
#   <store path>/share/<name>/…     the relocatable standalone folder (read-only)
# The app folder itself is not modified.
#
# usage: scripts/nix-standalone.sh APP_DIR [NAME]
#   NFT_RS_BIN: the nft-rs binary (default: target/release/nft-rs, else target/debug/nft-rs)
#   Nix: scripts/install-nix.sh installs it when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: scripts/nix-standalone.sh APP_DIR [NAME]" >&2; exit 2; }
app=$(cd "$1" && pwd) || { echo "nix-standalone: $1 is not a directory" >&2; exit 2; }
[ -f "$app/.next/required-server-files.json" ] || {
  echo "nix-standalone: $app/.next/required-server-files.json is missing: run \`next build\` first" >&2; exit 1; }
command -v nix-build >/dev/null 2>&1 || {
  echo "nix-standalone: nix-build not found: run scripts/install-nix.sh" >&2; exit 1; }

nft=${NFT_RS_BIN:-}
if [ -z "$nft" ]; then
  for candidate in "$root/target/release/nft-rs" "$root/target/debug/nft-rs"; do
    if [ -x "$candidate" ]; then nft=$candidate; break; fi
  done
fi
[ -n "$nft" ] && [ -x "$nft" ] || { echo "nix-standalone: no nft-rs binary: cargo build, or set NFT_RS_BIN" >&2; exit 1; }
nft=$(readlink -f "$nft")
node=$(readlink -f "$(command -v node)")

name=${2:-$(node -p "String(require('$app/package.json').name || 'next-app').replace(/^@/, '').replace(/[^A-Za-z0-9+._?=-]/g, '-')")}
# A new nft-rs, a new build, changed public files or another host node make a new
# derivation (the app folder is read by path, outside the store).
fingerprint=$({
  sha256sum "$nft" "$node" "$root/nix/hook.sh" "$root/nix/standalone-builder.sh" | cut -d' ' -f1
  cat "$app/.next/BUILD_ID" 2>/dev/null || true
  sha256sum "$app/.next/required-server-files.json" | cut -d' ' -f1
  # What the standalone folder takes from the app folder itself.
  for f in public package.json .env .env.production; do
    if [ -e "$app/$f" ]; then
      (cd "$app" && find "$f" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    fi
  done
} | sha256sum | cut -d' ' -f1)

export NIX_CONFIG="sandbox = false
substituters =
build-users-group =
experimental-features = nix-command flakes"
out=$(nix-build --no-out-link "$root/nix/standalone.nix" \
  --argstr appDir "$app" --argstr name "$name" --argstr nftRs "$nft" \
  --argstr node "$node" --argstr fingerprint "$fingerprint")
echo "$out"
