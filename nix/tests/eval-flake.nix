# Evaluates flake.nix's outputs against the stand-in nixpkgs (./stub-nixpkgs.nix) and
# returns what tests/it/nix.rs asserts: `nix-instantiate --eval --strict --json
# nix/tests/eval-flake.nix --arg lib 'import …/nixpkgs-lib/lib'`.
{ lib }:

let
  nixpkgs = import ./stub-nixpkgs.nix { inherit lib; };
  flake = import ../../flake.nix;
  self = flake.outputs { inherit self nixpkgs; };
  system = "x86_64-linux";
  pkg = self.packages.${system}.default;
  hook = self.packages.${system}.nftRsNextHook;
  app = self.lib.buildNextStandalone {
    inherit system;
    src = ./app;
    npmDepsHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    traceFlags = [ "--dereference" ];
  };
  workspaceApp = self.lib.buildNextStandalone {
    pkgs = nixpkgs.legacyPackages.${system};
    src = ./.;
    appDir = "app";
    pname = "storefront";
    npmDepsHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };
  # default.nix gives the same packages from a nixpkgs passed in.
  classic = import ../../default.nix { pkgs = nixpkgs.legacyPackages.${system}; };
in
{
  description = flake.description;
  outputs = lib.attrNames self;
  systems = lib.attrNames self.packages;
  packages = lib.attrNames self.packages.${system};
  package = {
    inherit (pkg) name pname version;
    lockFile = toString pkg.cargoLock.lockFile;
    mainProgram = pkg.meta.mainProgram;
    doCheck = pkg.doCheck;
    srcHasCargoToml = builtins.pathExists (pkg.src + "/Cargo.toml");
    srcHasFixtures = builtins.pathExists (pkg.src + "/fixtures");
  };
  app = {
    inherit (app) name pname version nftRsNextAppDir nftRsNextName nftRsTraceFlags;
    mainProgram = app.meta.mainProgram;
    telemetry = app.env.NEXT_TELEMETRY_DISABLED;
    hooks = map (d: d.name) app.nativeBuildInputs;
    node = app.nodejs.name;
  };
  workspaceApp = {
    inherit (workspaceApp) pname nftRsNextAppDir;
  };
  hook = {
    inherit (hook) name;
    propagates = map (d: d.name) hook.propagatedBuildInputs;
    runsTrace = lib.hasInfix "/bin/nft-rs trace \"$appDir\" --relocatable --with-static" hook.text;
    nodeSubstituted = lib.hasInfix "-nodejs-22.0.0/bin/node" hook.text;
    placeholdersLeft = lib.hasInfix "@nftRs@" hook.text || lib.hasInfix "@node@" hook.text;
  };
  overlay = lib.attrNames (self.overlays.default { } { });
  module = builtins.isFunction self.nixosModules.default;
  app-program = self.apps.${system}.default.program;
  classic = {
    nft-rs = classic.nft-rs.name;
    buildNextStandalone = builtins.isFunction classic.buildNextStandalone;
    nixosModule = builtins.isFunction classic.nixosModule;
  };
}
