#!/usr/bin/env bash
# Installs the npm packages the tests need, each set pinned by its lockfile, into
# a cache folder ($NFT_RS_CACHE, default ~/.cache/nft-rs). A set whose lockfile
# has not changed since the last install is reused as it is.
#
# usage: scripts/install-test-deps.sh [SET...]   (default: every set under tests/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${NFT_RS_CACHE:-$HOME/.cache/nft-rs}
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
  sets=(ref packages)
fi
for set in "${sets[@]}"; do
  src="$root/tests/$set"
  dest="$cache/$set"
  stamp="$dest/.lock-sha256"
  want=$(sha256sum "$src/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dest/node_modules" ]; then
    continue
  fi
  echo "install-test-deps: installing $set into $dest" >&2
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$src/package.json" "$src/package-lock.json" "$dest/"
  (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$want" > "$stamp"
done
