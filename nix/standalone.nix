# A plain derivation (no nixpkgs: the host's bash, coreutils, find, grep, tar and node,
# and an nft-rs binary) that runs nftRsNextHook's logic (./hook.sh) on a Next.js app
# already built in `appDir`, outside the store. scripts/nix-standalone.sh builds it with
# the sandbox off; the result has the layout lib.buildNextStandalone gives:
# $out/share/<name> (the relocatable standalone folder) and $out/bin/<name>.
#
# `appDir`, `nftRs` and `node` are host paths given as strings (nothing of the app is
# copied into the store but the result); `fingerprint` (a hash of the binary and the
# build, computed by the script) makes a new build a new derivation.
{ appDir
, name
, nftRs
, node
, fingerprint
, bash ? "/bin/bash"
, path ? "/usr/local/bin:/usr/bin:/bin"
, system ? builtins.currentSystem
}:

derivation {
  inherit name system appDir nftRs node fingerprint;
  builder = bash;
  args = [ ./standalone-builder.sh ];
  hookSource = ./hook.sh;
  PATH = path;
}
