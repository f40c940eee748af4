# overlays.default: nft-rs, its Next.js setup hook and buildNextStandalone.
final: prev: {
  nft-rs = final.callPackage ./package.nix { };
  nftRsNextHook = final.callPackage ./hook.nix { };
  buildNextStandalone = final.callPackage ./build-next-standalone.nix { };
}
