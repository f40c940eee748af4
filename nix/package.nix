# The nft-rs command-line tool, built from this repository with Cargo.lock's pins.
{ lib, rustPlatform }:

let
  root = ../.;
  cargoToml = lib.importTOML (root + "/Cargo.toml");
in
rustPlatform.buildRustPackage {
  pname = "nft-rs";
  inherit (cargoToml.package) version;

  # Only what cargo reads: a change to a fixture or a script does not rebuild nft-rs.
  # (tests/ and benches/ are named by Cargo.toml's [[test]] and [[bench]] targets.)
  # cleanSourceWith rather than lib.fileset: it evaluates on any Nix (fileset needs 2.14).
  src = lib.cleanSourceWith {
    name = "nft-rs-source";
    src = root;
    filter = path: type:
      let rel = lib.removePrefix (toString root + "/") (toString path);
      in lib.elem rel [ "Cargo.toml" "Cargo.lock" ]
        || lib.any (dir: rel == dir || lib.hasPrefix "${dir}/" rel) [ "bin" "src" "benches" "examples" "tests" ];
  };

  cargoLock.lockFile = root + "/Cargo.lock";

  # The test suite drives Node.js and npm packages installed from the network
  # (scripts/install-test-deps.sh); it runs in the project's CI, not in the sandbox.
  doCheck = false;

  meta = {
    description = cargoToml.package.description;
    license = lib.licenses.mit;
    mainProgram = "nft-rs";
    platforms = lib.platforms.unix;
  };
}
