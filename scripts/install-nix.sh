#!/usr/bin/env bash
# Installs Nix (Debian's `nix-bin`, pinned to bookworm's 2.8.0 build) when no `nix-build`
# is on the PATH, for the Nix tests (tests/it/nix.rs) and scripts/nix-standalone.sh.
# The .deb files are kept in $NFT_RS_CACHE/apt (default ~/.cache/nft-rs/apt), so a CI
# cache restore reinstalls without the network. Needs root (or sudo) for apt and /nix.
#
# Nothing global is configured: the project's scripts pass their settings in NIX_CONFIG
# (scripts/nix-standalone.sh, tests/it/nix.rs): sandbox off, no substituters, no build users, flakes on.
#
# usage: scripts/install-nix.sh        (prints the nix-build path on its last line)
set -euo pipefail
pin=${NFT_RS_NIX_DEB_VERSION:-2.8.0-1.1+b1}
cache=${NFT_RS_CACHE:-$HOME/.cache/nft-rs}

if command -v nix-build >/dev/null 2>&1; then
  command -v nix-build
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-nix: need root or sudo to install nix-bin" >&2; exit 1; }
  sudo=sudo
fi
command -v apt-get >/dev/null 2>&1 || { echo "install-nix: no apt-get: install Nix yourself (any 2.8+)" >&2; exit 1; }

mkdir -p "$cache/apt/partial"
apt_opts=(-o "Dir::Cache::archives=$cache/apt" -o Debug::NoLocking=0)
install() {
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${apt_opts[@]}" "$@" >&2
}
# First from the cached .debs alone, then with a fresh package list.
if ! install "nix-bin=$pin" 2>/dev/null; then
  $sudo apt-get update >&2
  if ! install "nix-bin=$pin"; then
    echo "install-nix: nix-bin $pin is gone from the archive; installing Debian's current nix-bin" >&2
    install nix-bin
  fi
fi
# The store and the state folders a root user builds into (single-user, no daemon).
$sudo mkdir -p /nix/store /nix/var/nix/db /nix/var/nix/gcroots /nix/var/nix/profiles
command -v nix-build
