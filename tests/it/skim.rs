//! Skimming (issue 23, `src/analyze/skim/`) changes no file's facts: large scripts
//! of the installed corpus analysed with every function body parsed and skimmed.
//! This test takes every eighth file of at least 32 KiB (the debug build parses
//! slowly); `examples/skim_check.rs` checks all of them, and every other installed
//! set, in a release build (see NOTES.md).

#![cfg(feature = "fuzzing")]

use std::path::{Path, PathBuf};

use crate::packages::installed;

fn scripts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            scripts(&path, out);
        } else if kind.is_file()
            && path.extension().is_some_and(|e| e == "js" || e == "cjs" || e == "mjs")
            && entry.metadata().is_ok_and(|m| m.len() >= 32 * 1024)
        {
            out.push(path);
        }
    }
}

#[test]
fn skimming_changes_no_facts_of_large_corpus_scripts() {
    let Some(corpus) = installed("corpus") else { return };
    let mut files = Vec::new();
    scripts(&corpus.join("node_modules"), &mut files);
    files.sort();
    let mut checked = 0;
    for path in files.iter().step_by(8) {
        let Ok(source) = std::fs::read_to_string(path) else { continue };
        let name = path.to_string_lossy();
        let whole = nft_rs::fuzzing::facts(&name, &source, false);
        let skimmed = nft_rs::fuzzing::facts(&name, &source, true);
        assert_eq!(whole, skimmed, "skimming changed the facts of {name}");
        checked += 1;
    }
    assert!(checked > 50, "only {checked} files");
}
