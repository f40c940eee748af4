# A minimal stand-in for nixpkgs, for evaluating flake.nix, the overlay and the hook
# without nixpkgs (tests/it/nix.rs). It is NOT a nixpkgs: only the functions our Nix
# files call, each checking the arguments it is given the way the real one would fail
# on them (a missing or misspelt attribute throws), and returning a derivation-shaped
# attribute set that records its arguments. `lib` is nixpkgs' own lib/ (passed in).
#
#   lib.genAttrs, lib.getExe, lib.importTOML, lib.fileset, …   nixpkgs' lib, unchanged
#   legacyPackages.<system>.extend / callPackage              fixed point + overlays
#   rustPlatform.buildRustPackage                             pname, version, src, cargoLock.lockFile
#   makeSetupHook                                             every @var@ of the script substituted, no unused substitution
#   buildNpmPackage                                           src, npmDepsHash, pname, version
#   nodejs                                                    a package with bin/node
{ lib }:

let
  fakeDrv = name: attrs: attrs // {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/00000000000000000000000000000000-${name}";
    drvPath = "/nix/store/00000000000000000000000000000000-${name}.drv";
  };

  require = fn: names: args:
    let missing = lib.filter (n: !(args ? ${n})) names;
    in if missing != [ ] then throw "stub ${fn}: missing argument(s) ${toString missing}" else args;

  allowOnly = fn: names: args:
    let unknown = lib.filter (n: !(lib.elem n names)) (lib.attrNames args);
    in if unknown != [ ] then throw "stub ${fn}: unknown argument(s) ${toString unknown}" else args;

  # @name@ placeholders of a setup hook script.
  placeholders = text:
    lib.unique (lib.concatMap (m: if lib.isList m then m else [ ])
      (builtins.split "@([a-zA-Z_][a-zA-Z0-9_]*)@" text));

  pkgsWith = overlays:
    lib.fix (lib.foldl' (acc: overlay: lib.extends overlay acc) (base overlays) overlays);

  base = overlays: self: {
    inherit lib;
    extend = overlay: pkgsWith (overlays ++ [ overlay ]);

    callPackage = fn: overrides:
      let
        f = if lib.isFunction fn then fn else import fn;
        wanted = builtins.functionArgs f;
        given = builtins.intersectAttrs wanted self // overrides;
        missing = lib.filter (n: !(wanted.${n}) && !(given ? ${n})) (lib.attrNames wanted);
      in
      if missing != [ ] then throw "stub callPackage: nothing provides ${toString missing}" else f given;

    nodejs = fakeDrv "nodejs-22.0.0" {
      pname = "nodejs";
      version = "22.0.0";
      meta = { mainProgram = "node"; platforms = lib.platforms.linux; };
    };

    rustPlatform.buildRustPackage = args:
      let
        a = allowOnly "buildRustPackage" [ "pname" "version" "src" "cargoLock" "doCheck" "meta" "buildFeatures" "nativeBuildInputs" ]
          (require "buildRustPackage" [ "pname" "version" "src" "cargoLock" ] args);
      in
      assert lib.assertMsg (builtins.pathExists a.cargoLock.lockFile) "stub buildRustPackage: cargoLock.lockFile does not exist";
      assert lib.assertMsg (builtins.pathExists (a.src + "/Cargo.toml")) "stub buildRustPackage: src has no Cargo.toml";
      fakeDrv "${a.pname}-${a.version}" (a // { passthru.args = a; });

    makeSetupHook = args: script:
      let
        a = allowOnly "makeSetupHook" [ "name" "propagatedBuildInputs" "substitutions" "meta" "passthru" ]
          (require "makeSetupHook" [ "name" ] args);
        text = builtins.readFile script;
        subs = a.substitutions or { };
        used = placeholders text;
        unsubstituted = lib.filter (p: !(subs ? ${p})) used;
        unused = lib.filter (s: !(lib.elem s used)) (lib.attrNames subs);
      in
      if unsubstituted != [ ] then throw "stub makeSetupHook: ${toString script} uses @${toString unsubstituted}@ with no substitution"
      else if unused != [ ] then throw "stub makeSetupHook: substitution(s) ${toString unused} not used by ${toString script}"
      else fakeDrv a.name (a // {
        text = builtins.replaceStrings (map (p: "@${p}@") used) (map (p: toString subs.${p}) used) text;
      });

    buildNpmPackage = args:
      let a = require "buildNpmPackage" [ "pname" "version" "src" "npmDepsHash" ] args;
      in fakeDrv "${a.pname}-${a.version}" (a // { passthru.args = a; });
  };

  pkgs = pkgsWith [ ];
in
{
  inherit lib;
  legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ] (_: pkgs);
  outPath = "/nix/store/00000000000000000000000000000000-stub-nixpkgs";
}
