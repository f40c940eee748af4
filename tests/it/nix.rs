//! Nix (issue 21): the flake and the setup hook evaluated against the stand-in for
//! nixpkgs (`nix/tests/stub-nixpkgs.nix`), the NixOS module evaluated with nixpkgs'
//! own module system (`nix/tests/eval-module.nix`), the hook's store checks, and real
//! store builds of every fixture Next.js app served read-only (`scripts/nix-e2e.js`).
//!
//! The Nix tests need `nix-instantiate`/`nix-build` (`scripts/install-nix.sh` installs
//! Debian's nix-bin; `scripts/test.sh` runs it) and nixpkgs' `lib/` (`NFT_RS_NIXPKGS_LIB`,
//! default `../shared/nixpkgs-lib/lib`). Without them each test prints `SKIPPED: …`
//! and passes, unless `NFT_RS_REQUIRE_NIX=1` (CI), which makes a missing tool a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::PoisonError;

use serde_json::Value;

use crate::packages::installed;
use crate::support::{NEXT_APPS, node_script_passes, stderr, stdout};

const NIX_CONFIG: &str = "sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command flakes";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[expect(clippy::print_stderr, reason = "a skipped test says so where cargo test shows it")]
fn skip(test: &str, why: &str) {
    assert!(
        std::env::var_os("NFT_RS_REQUIRE_NIX").is_none(),
        "{test}: {why} (NFT_RS_REQUIRE_NIX is set: run scripts/install-nix.sh)"
    );
    eprintln!("SKIPPED: {test}: {why}; run scripts/install-nix.sh to run it");
}

fn has_nix() -> bool {
    Command::new("nix-instantiate").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// nixpkgs' `lib/` folder, when present.
fn nixpkgs_lib() -> Option<PathBuf> {
    let dir = std::env::var_os("NFT_RS_NIXPKGS_LIB")
        .map_or_else(|| repo().join("../shared/nixpkgs-lib/lib"), PathBuf::from);
    dir.join("default.nix").is_file().then(|| dir.canonicalize().unwrap())
}

/// What the Nix tests need, or why they are skipped.
fn nix_and_lib(test: &str) -> Option<PathBuf> {
    if !has_nix() {
        skip(test, "nix-instantiate is not installed");
        return None;
    }
    let lib = nixpkgs_lib();
    if lib.is_none() {
        skip(test, "nixpkgs' lib/ not found (set NFT_RS_NIXPKGS_LIB)");
    }
    lib
}

fn nix_instantiate(args: &[&str], lib: &Path) -> Output {
    Command::new("nix-instantiate")
        .args(args)
        .arg("--arg")
        .arg("lib")
        .arg(format!("import {}", lib.display()))
        .current_dir(repo())
        .env("NIX_CONFIG", NIX_CONFIG)
        .output()
        .expect("nix-instantiate runs")
}

/// `nix-instantiate --eval --strict --json FILE --arg lib …`, parsed.
fn eval_json(file: &str, lib: &Path) -> Value {
    let output = nix_instantiate(&["--eval", "--strict", "--json", "--read-write-mode", file], lib);
    assert!(output.status.success(), "{file}: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("nix-instantiate prints JSON")
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

#[test]
fn the_flake_outputs_evaluate_against_the_nixpkgs_stand_in() {
    let Some(lib) = nix_and_lib("the_flake_outputs_evaluate_against_the_nixpkgs_stand_in") else {
        return;
    };
    let out = eval_json("nix/tests/eval-flake.nix", &lib);
    assert_eq!(strings(&out["outputs"]), ["apps", "lib", "nixosModules", "overlays", "packages"]);
    assert_eq!(
        strings(&out["systems"]),
        ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"]
    );
    assert_eq!(strings(&out["packages"]), ["default", "nft-rs", "nftRsNextHook"]);
    assert_eq!(strings(&out["overlay"]), ["buildNextStandalone", "nft-rs", "nftRsNextHook"]);

    let package = &out["package"];
    assert_eq!(package["pname"], "nft-rs");
    assert_eq!(package["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(package["mainProgram"], "nft-rs");
    assert_eq!(package["lockFile"], repo().join("Cargo.lock").to_str().unwrap());
    assert_eq!(package["srcHasCargoToml"], true);
    assert_eq!(package["srcHasFixtures"], false, "the package source is only what cargo reads");

    let hook = &out["hook"];
    assert_eq!(hook["name"], "nft-rs-next-hook");
    assert_eq!(strings(&hook["propagates"]), [format!("nft-rs-{}", env!("CARGO_PKG_VERSION"))]);
    assert_eq!(hook["runsTrace"], true);
    assert_eq!(hook["nodeSubstituted"], true);
    assert_eq!(hook["placeholdersLeft"], false);

    let app = &out["app"];
    assert_eq!(app["pname"], "acme-shop", "@acme/shop from package.json");
    assert_eq!(app["version"], "1.2.3");
    assert_eq!(app["mainProgram"], "acme-shop");
    assert_eq!(app["nftRsNextAppDir"], ".");
    assert_eq!(app["nftRsNextName"], "acme-shop");
    assert_eq!(app["nftRsTraceFlags"], "--dereference");
    assert_eq!(app["telemetry"], "1");
    assert_eq!(strings(&app["hooks"]), ["nft-rs-next-hook"]);
    assert_eq!(out["workspaceApp"]["pname"], "storefront");
    assert_eq!(out["workspaceApp"]["nftRsNextAppDir"], "app");

    assert_eq!(out["module"], true);
    assert!(out["app-program"].as_str().unwrap().ends_with("-nft-rs-0.1.0/bin/nft-rs"));
    assert_eq!(out["classic"]["nft-rs"], format!("nft-rs-{}", env!("CARGO_PKG_VERSION")));
    assert_eq!(out["classic"]["buildNextStandalone"], true);
    assert_eq!(out["classic"]["nixosModule"], true);
}

#[test]
fn the_stand_in_fails_on_a_misspelt_attribute() {
    let Some(lib) = nix_and_lib("the_stand_in_fails_on_a_misspelt_attribute") else {
        return;
    };
    let stub = "(import ./nix/tests/stub-nixpkgs.nix { inherit lib; }).legacyPackages.x86_64-linux";
    let cases = [
        (
            format!(
                "{stub}.rustPlatform.buildRustPackage {{ pname = \"x\"; version = \"1\"; src = ./.; cargoLock.lockfile = ./Cargo.lock; }}"
            ),
            "lockFile",
        ),
        (
            format!(
                "{stub}.makeSetupHook {{ name = \"h\"; substitutions = {{ nftrs = \"x\"; node = \"y\"; }}; }} ./nix/hook.sh"
            ),
            "@nftRs@",
        ),
        (
            format!(
                "{stub}.buildNpmPackage {{ pname = \"x\"; version = \"1\"; src = ./.; npmDepHash = \"\"; }}"
            ),
            "npmDepsHash",
        ),
        (
            format!("{stub}.callPackage ./nix/hook.nix {{ nodejs = null; nft_rs = null; }}"),
            "nft-rs",
        ),
    ];
    for (expr, says) in cases {
        let expr = format!("{{ lib }}: builtins.deepSeq ({expr}) true");
        let output = nix_instantiate(&["--eval", "--strict", "-E", &expr], &lib);
        assert!(!output.status.success(), "{expr} evaluated");
        assert!(stderr(&output).contains(says), "{expr}: {}", stderr(&output));
    }
}

#[test]
fn the_nixos_module_gives_hardened_systemd_units() {
    let Some(lib) = nix_and_lib("the_nixos_module_gives_hardened_systemd_units") else {
        return;
    };
    let out = eval_json("nix/tests/eval-module.nix", &lib);
    let services = out["services"].as_object().unwrap();
    assert_eq!(services.keys().collect::<Vec<_>>(), ["blog", "shop"], "a disabled app has no unit");

    let shop = &services["shop"];
    let config = &shop["serviceConfig"];
    assert_eq!(config["ExecStart"], "/nix/store/11111111111111111111111111111111-shop/bin/shop");
    assert_eq!(config["DynamicUser"], true);
    assert!(config.get("User").is_none());
    assert_eq!(config["StateDirectory"], "shop");
    assert_eq!(config["CacheDirectory"], "shop");
    assert_eq!(config["ProtectSystem"], "strict");
    assert_eq!(config["NoNewPrivileges"], true);
    assert!(config.get("MemoryDenyWriteExecute").is_none(), "V8's JIT needs W+X pages");
    assert_eq!(strings(&config["CapabilityBoundingSet"]), [""]);
    let env = &shop["environment"];
    assert_eq!(env["PORT"], "3000");
    assert_eq!(env["HOSTNAME"], "127.0.0.1");
    assert_eq!(env["NFT_RS_CACHE_DIR"], "/var/cache/shop");
    assert_eq!(env["HOME"], "/var/lib/shop");
    assert_eq!(env["NODE_ENV"], "production");
    assert_eq!(strings(&shop["wantedBy"]), ["multi-user.target"]);

    let blog = &services["blog"];
    let config = &blog["serviceConfig"];
    assert_eq!(config["ExecStart"], "/nix/store/11111111111111111111111111111111-blog/bin/blog");
    assert_eq!(config["DynamicUser"], false);
    assert_eq!(config["User"], "blog");
    assert_eq!(config["Group"], "blog");
    assert_eq!(config["EnvironmentFile"], "/run/secrets/blog.env");
    assert_eq!(strings(&config["AmbientCapabilities"]), ["CAP_NET_BIND_SERVICE"], "port 80");
    let env = &blog["environment"];
    assert_eq!(env["PORT"], "80");
    assert_eq!(env["HOSTNAME"], "::", "extra environment overrides the defaults");
    assert_eq!(env["NEXT_PUBLIC_SITE"], "https://blog.example");
    assert_eq!(env["NFT_RS_CACHE_DIR"], "/var/cache/blog");

    assert_eq!(strings(&out["users"]), ["blog"]);
    assert_eq!(strings(&out["groups"]), ["blog"]);
    assert_eq!(out["userGroups"]["blog"]["isSystemUser"], true);
    assert_eq!(out["userGroups"]["blog"]["group"], "blog");
}

/// `nftRsNextCheck` (nix/hook.sh) on a folder with each thing Nix rejects or that
/// leaks the build; no Nix needed.
#[test]
fn the_hook_check_rejects_absolute_and_dangling_links_and_build_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("lib")).unwrap();
    std::fs::write(out.join("lib/ok.js"), "module.exports = 1;\n").unwrap();
    std::os::unix::fs::symlink("ok.js", out.join("lib/fine.js")).unwrap();
    let check = |out: &Path| {
        Command::new("bash")
            .arg("-c")
            .arg("source \"$1\"; nftRsNextCheck \"$2\" /build/source-tree")
            .arg("bash")
            .arg(repo().join("nix/hook.sh"))
            .arg(out)
            .output()
            .unwrap()
    };
    let clean = check(&out);
    assert!(clean.status.success(), "{}", stderr(&clean));

    std::os::unix::fs::symlink("/etc/passwd", out.join("lib/abs")).unwrap();
    std::os::unix::fs::symlink("gone.js", out.join("lib/dangling")).unwrap();
    std::fs::write(out.join("lib/leak.js"), "require('/build/source-tree/x');\n").unwrap();
    let bad = check(&out);
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(err.contains("absolute symlink") && err.contains("lib/abs -> /etc/passwd"), "{err}");
    assert!(err.contains("dangling symlink") && err.contains("lib/dangling -> gone.js"), "{err}");
    assert!(err.contains("/build/source-tree is named in") && err.contains("lib/leak.js"), "{err}");
}

#[test]
fn nix_standalone_refuses_a_folder_without_a_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        Command::new(repo().join("scripts/nix-standalone.sh")).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("required-server-files.json is missing"),
        "{}",
        stderr(&output)
    );
}

/// Every fixture app, both bundler modes: a store path from two build directories with
/// the same contents, every route served from it read-only as Next's own standalone
/// serves it, ISR revalidation and optimised images written to `NFT_RS_CACHE_DIR`.
#[test]
fn every_next_app_builds_into_the_nix_store_and_serves_read_only() {
    if !Command::new("nix-build").arg("--version").output().is_ok_and(|o| o.status.success()) {
        skip(
            "every_next_app_builds_into_the_nix_store_and_serves_read_only",
            "nix-build is not installed",
        );
        return;
    }
    let _apps = NEXT_APPS.lock().unwrap_or_else(PoisonError::into_inner);
    for app in ["pages-app", "app-router", "monorepo", "next15-pages"] {
        if installed(&format!("next/{app}")).is_none() {
            return;
        }
    }
    node_script_passes("nix-e2e.js");
}
