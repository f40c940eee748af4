# For users without flakes:
#   nft-rs = (import ./path/to/nft-rs { inherit pkgs; }).nft-rs;
#   app = (import ./path/to/nft-rs { inherit pkgs; }).buildNextStandalone { src = ./.; npmDepsHash = "…"; };
#   imports = [ (import ./path/to/nft-rs { }).nixosModule ];
# The same outputs as flake.nix, from a nixpkgs you pass (default: <nixpkgs>).
{ pkgs ? import <nixpkgs> { } }:

let
  ours = pkgs.extend (import ./nix/overlay.nix);
in
{
  inherit (ours) nft-rs nftRsNextHook buildNextStandalone;
  default = ours.nft-rs;
  overlay = import ./nix/overlay.nix;
  nixosModule = import ./nix/module.nix;
}
