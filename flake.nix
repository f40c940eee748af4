{
  description = "nft-rs: a fast, deterministic output file tracer for Node.js, and Next.js apps as Nix store paths";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      pkgsFor = system: nixpkgs.legacyPackages.${system}.extend self.overlays.default;
      forAllSystems = f: lib.genAttrs systems (system: f (pkgsFor system));
    in
    {
      overlays.default = import ./nix/overlay.nix;

      packages = forAllSystems (pkgs: {
        default = pkgs.nft-rs;
        nft-rs = pkgs.nft-rs;
        nftRsNextHook = pkgs.nftRsNextHook;
      });

      # lib.buildNextStandalone { system = "x86_64-linux"; src = ./.; npmDepsHash = "sha256-…"; }
      # (or pkgs = a nixpkgs of your own; the other arguments go to buildNpmPackage).
      lib.buildNextStandalone =
        { system ? null
        , pkgs ? if system == null then throw "nft-rs.lib.buildNextStandalone: pass `system` or `pkgs`" else nixpkgs.legacyPackages.${system}
        , ...
        }@args:
        (pkgs.extend self.overlays.default).buildNextStandalone (removeAttrs args [ "system" "pkgs" ]);

      nixosModules.default = import ./nix/module.nix;

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = lib.getExe pkgs.nft-rs;
        };
      });
    };
}
