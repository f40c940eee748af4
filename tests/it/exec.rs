//! Execution tests: run an entry in place, copy only its traced files with
//! `nft-rs build`, run the copy, and compare the output.

use std::path::Path;
use std::process::Command;

use crate::packages::installed;
use crate::support::{fixtures, run, stderr, stdout};

/// Runs `script` (a file under fixtures/exec) inside the installed set `set`, then
/// from a `nft-rs build` copy; both must succeed with the same stdout.
fn build_and_run(set: &str, script: &str) -> std::path::PathBuf {
    let dir = installed(set);
    let entry = format!("exec-{script}");
    std::fs::copy(fixtures().join("exec").join(script), dir.join(&entry)).unwrap();
    let in_place = node(&dir, &entry);
    let out = tempfile::tempdir().unwrap().keep();
    let output = run(&dir, &["build", "--out", out.to_str().unwrap(), &entry]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let copied = node(&out, &entry);
    assert_eq!(copied, in_place, "{script}: the copy prints something else");
    assert!(!out.join("node_modules/.package-lock.json").exists(), "only traced files are copied");
    out
}

fn node(dir: &Path, entry: &str) -> String {
    let output = Command::new("node").arg(entry).current_dir(dir).output().unwrap();
    assert!(output.status.success(), "node {entry} in {}: {}", dir.display(), stderr(&output));
    stdout(&output)
}

#[test]
fn express_app_runs_from_its_copy() {
    let out = build_and_run("packages", "express-app.js");
    std::fs::remove_dir_all(out).unwrap();
}

#[cfg(unix)]
#[test]
fn pnpm_tree_runs_from_its_copy_with_links() {
    let out = build_and_run("pnpm-app", "express-app.js");
    let link = out.join("node_modules/express");
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "pnpm links are kept as links"
    );
    assert!(std::fs::read_link(&link).unwrap().is_relative());
    std::fs::remove_dir_all(out).unwrap();
}
