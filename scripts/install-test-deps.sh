#!/usr/bin/env bash
# Installs the npm packages the tests need, each set pinned by its lockfile, into
# a cache folder ($NFT_RS_CACHE, default ~/.cache/nft-rs). A set whose lockfile
# has not changed since the last install is reused as it is.
#
# usage: scripts/install-test-deps.sh [SET...]   (default: every set under tests/
#        and every Next.js app under fixtures/next/, named next/<app>)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${NFT_RS_CACHE:-$HOME/.cache/nft-rs}
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
  sets=(ref packages pnpm-app runtime native bundles corpus cross matrix consumers)
  for app in "$root"/fixtures/next/*/; do
    sets+=("next/$(basename "$app")")
  done
fi
for set in "${sets[@]}"; do
  if [[ $set == next/* ]]; then
    # A Next.js app: its whole source is copied, then installed from its lockfile.
    # Reference builds made by scripts/next-e2e.js live inside and go with it.
    # An app whose e2e.json names a "base" takes that app's sources and its own
    # package.json and lockfile (the same app on another Next.js version).
    src="$root/fixtures/$set"
    dest="$cache/$set"
    stamp="$dest/.lock-sha256"
    base=$(node -p "require('$src/e2e.json').base || ''")
    [ -z "$base" ] || base=$(cd "$src/$base" && pwd)
    want=$(for dir in $base "$src"; do (cd "$dir" && find . -type f -not -path './node_modules/*' -not -path '*/.next/*' -not -name e2e.json | LC_ALL=C sort | xargs -d '\n' sha256sum); done | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dest/node_modules" ]; then
      continue
    fi
    echo "install-test-deps: installing $set into $dest" >&2
    rm -rf "$dest"
    mkdir -p "$dest"
    [ -z "$base" ] || cp -r "$base/." "$dest/"
    cp -r "$src/." "$dest/"
    (cd "$dest" && { npm ci --no-audit --no-fund --loglevel=error >&2 ||
      npm install --no-audit --no-fund --loglevel=error >&2; })
    echo "$want" > "$stamp"
    continue
  fi
  src="$root/tests/$set"
  dest="$cache/$set"
  stamp="$dest/.lock-sha256"
  lock="$src/package-lock.json"
  [ -f "$lock" ] || lock="$src/pnpm-lock.yaml"
  # A set with build.js also builds from its src/ after installing.
  want=$(cat "$src/package.json" "$lock" $( [ -f "$src/build.js" ] && find "$src/build.js" "$src/src" -type f | sort) | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dest/node_modules" ]; then
    continue
  fi
  echo "install-test-deps: installing $set into $dest" >&2
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$src/package.json" "$lock" "$dest/"
  if [ "$(basename "$lock")" = pnpm-lock.yaml ]; then
    # pnpm's symlinked layout (node_modules/.pnpm), with the pnpm the set pins.
    pm=$(node -p "require('$src/package.json').packageManager")
    (cd "$dest" && npx --yes "$pm" install --frozen-lockfile --store-dir "$cache/pnpm-store" --reporter=silent >&2)
  else
    # `npm ci` refuses a lockfile that lacks optional platform packages the
    # registry does not serve (next's @next/swc-darwin-*); `npm install` still
    # installs the locked versions. A set may add npm flags in its package.json
    # (`"nftRs": {"npmFlags": "--force"}`: packages built for another platform).
    flags=$(node -p "(require('$src/package.json').nftRs || {}).npmFlags || ''")
    (cd "$dest" && { npm ci $flags --no-audit --no-fund --loglevel=error >&2 ||
      npm install $flags --no-audit --no-fund --loglevel=error >&2; })
  fi
  if [ -f "$src/build.js" ]; then
    cp -r "$src/build.js" "$src/src" "$dest/"
    (cd "$dest" && node build.js >&2)
  fi
  echo "$want" > "$stamp"
done
