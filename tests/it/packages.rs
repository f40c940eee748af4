//! Real npm packages (tests/packages, installed by scripts/install-test-deps.sh):
//! `nft-rs print` on a one-line entry that requires the package lists the same
//! files as `@vercel/nft` 1.11.5 with the same options, apart from the documented
//! differences in tests/packages/known-differences.json.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::support::{run, stderr, stdout};

pub fn cache_dir() -> PathBuf {
    std::env::var_os("NFT_RS_CACHE").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/nft-rs"),
        PathBuf::from,
    )
}

/// The installed set `name`, or `None` when it is not installed: the test is then
/// skipped with a line on stderr saying so. `scripts/test.sh` (what CI runs) sets
/// `NFT_RS_REQUIRE_DEPS=1`, which turns a missing set into a failure, so nothing
/// is skipped there.
pub fn installed(name: &str) -> Option<PathBuf> {
    let dir = cache_dir().join(name);
    if dir.join("node_modules").is_dir() {
        return Some(dir);
    }
    let hint = "run scripts/install-test-deps.sh";
    assert!(
        std::env::var_os("NFT_RS_REQUIRE_DEPS").is_none_or(|v| v.is_empty() || v == "0"),
        "{} is not installed and NFT_RS_REQUIRE_DEPS is set: {hint}",
        dir.display()
    );
    // Written to the process's stderr directly, not through `eprintln!`, which the
    // test harness captures and hides for a passing test.
    let _ = writeln!(std::io::stderr(), "skipped: {} is not installed ({hint})", dir.display());
    None
}

fn file_list(doc: &Value) -> BTreeSet<String> {
    doc["fileList"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

fn compare_with_reference(package: &str) {
    let (Some(dir), Some(_)) = (installed("packages"), installed("ref")) else { return };
    let entry = format!("entry-{package}.js");
    std::fs::write(dir.join(&entry), format!("require('{package}');\n")).unwrap();
    let ours = run(&dir, &["print", "--json", "--node-version", "20.18", &entry]);
    assert_eq!(ours.status.code(), Some(0), "{}", stderr(&ours));
    let ours: Value = serde_json::from_str(&stdout(&ours)).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/nft-ref.js");
    let reference =
        Command::new("node").arg(script).arg(&entry).current_dir(&dir).output().unwrap();
    assert!(reference.status.success(), "reference failed: {}", stderr(&reference));
    let reference: Value = serde_json::from_str(&stdout(&reference)).unwrap();
    let (ours, reference) = (file_list(&ours), file_list(&reference));
    let known: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/packages/known-differences.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let expect = |key: &str| -> Vec<String> {
        known[package][key]
            .as_array()
            .map_or_else(Vec::new, |a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
    };
    let only_ours: Vec<String> = ours.difference(&reference).cloned().collect();
    let only_reference: Vec<String> = reference.difference(&ours).cloned().collect();
    assert_eq!(only_ours, expect("only_nft_rs"), "{package}: files only nft-rs lists");
    assert_eq!(only_reference, expect("only_reference"), "{package}: files only @vercel/nft lists");
}

macro_rules! packages {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                compare_with_reference($name);
            }
        )*
    };
}

packages! {
    express => "express",
    koa => "koa",
    fastify => "fastify",
    pg => "pg",
    ws => "ws",
    ioredis => "ioredis",
    jsonwebtoken => "jsonwebtoken",
    uuid => "uuid",
    zod => "zod",
    graphql => "graphql",
}
