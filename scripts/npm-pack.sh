#!/usr/bin/env bash
# Builds the npm packages of nft-rs and writes their installable tarballs into
# OUT_DIR: the platform package (`@nft-rs/<key>`, e.g. linux-x64-gnu, holding the
# Node-API addon `nft-rs.node` and the `nft-rs` executable) and the main package
# `nft-rs` (JS API, types, `bin`), whose optionalDependencies name every platform
# package found in OUT_DIR.
#
# usage: scripts/npm-pack.sh [--target KEY] [--no-build] [--main-only] OUT_DIR
#   --target KEY  a key of npm/platforms.json (default: this machine's); cross
#                 builds use cargo's --target with the row's Rust triple
#   --no-build    package what target/ already holds
#   --main-only   pack only the main package (CI: after collecting every
#                 platform tarball into OUT_DIR)
# Cargo runs under the shared lock /tmp/nft-cargo.lock when flock exists.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
key="" build=1 main_only=0 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target) key="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --main-only) main_only=1; shift ;;
    -*) echo "npm-pack: unknown flag $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
[ -n "$out" ] || { echo "usage: scripts/npm-pack.sh [--target KEY] [--no-build] [--main-only] OUT_DIR" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
host="$(node -p "require('$root/npm/nft-rs/native.js').platformKey()")"
key="${key:-$host}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
lock() { if command -v flock >/dev/null; then flock /tmp/nft-cargo.lock "$@"; else "$@"; fi; }

if [ "$main_only" = 0 ]; then
  row="$(node -e "const p=require('$root/npm/platforms.json')['$key']; if(!p){process.exit(1)} console.log([p.rust,p.exe,p.lib].join(' '))")" \
    || { echo "npm-pack: no platform '$key' in npm/platforms.json" >&2; exit 2; }
  read -r triple exe lib <<<"$row"
  release="$root/target/release"
  cross=()
  if [ "$key" != "$host" ]; then cross=(--target "$triple"); release="$root/target/$triple/release"; fi
  if [ "$build" = 1 ]; then
    (cd "$root" && lock cargo build --release --locked "${cross[@]}" -p nft-rs-node -p nft-rs --lib --bin nft-rs)
  fi
  pkg="$stage/$key"
  mkdir -p "$pkg"
  cp "$release/$lib" "$pkg/nft-rs.node"
  cp "$release/$exe" "$pkg/$exe"
  # Debug line tables make the binaries ~7x larger; the packages ship without.
  if [ "$key" = "$host" ] && [ "${key%%-*}" = linux ] && command -v strip >/dev/null; then
    strip "$pkg/nft-rs.node" "$pkg/$exe"
  fi
  node - "$root" "$key" "$version" "$exe" "$pkg" <<'JS'
const [root, key, version, exe, dir] = process.argv.slice(2);
const fs = require('fs');
const p = require(`${root}/npm/platforms.json`)[key];
const pkg = {
  name: `@nft-rs/${key}`,
  version,
  description: `The native code of nft-rs for ${key}: the Node-API addon and the nft-rs executable`,
  license: 'MIT',
  main: 'nft-rs.node',
  files: ['nft-rs.node', exe],
  os: [p.os],
  cpu: [p.cpu],
};
if (p.libc) pkg.libc = [p.libc];
fs.writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
fs.writeFileSync(`${dir}/README.md`, `# @nft-rs/${key}\n\nThe native code of [nft-rs](https://www.npmjs.com/package/nft-rs) for ${key}. Install \`nft-rs\`, not this.\n`);
JS
  (cd "$pkg" && npm pack --silent --pack-destination "$out" >/dev/null)
  echo "npm-pack: $out/nft-rs-$key-$version.tgz"
fi

main="$stage/nft-rs"
cp -r "$root/npm/nft-rs" "$main"

node - "$main" "$version" "$out" <<'JS'
const [dir, version, out] = process.argv.slice(2);
const fs = require('fs');
const file = `${dir}/package.json`;
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.version = version;
// Only the platform packages packed beside it: an install from these tarballs
// must not look for packages that were never built.
const optional = {};
for (const key of Object.keys(pkg.optionalDependencies || {})) {
  if (fs.existsSync(`${out}/nft-rs-${key.replace('@nft-rs/', '')}-${version}.tgz`)) optional[key] = version;
}
pkg.optionalDependencies = optional;
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
JS
(cd "$main" && npm pack --silent --pack-destination "$out" >/dev/null)
echo "npm-pack: $out/nft-rs-$version.tgz"
