//! The persistent analysis cache (issue 7): the same output with and without it,
//! cold and warm, and damaged entries ignored (and rewritten), never trusted.

use std::path::{Path, PathBuf};

use nft_rs::{Trace, TraceOptions, Tracer};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/trace")
}

/// Every fixture entry of fixtures/trace, traced in one run.
fn trace(cache: Option<&Path>) -> Trace {
    let base = fixtures();
    let mut entries = Vec::new();
    for dir in std::fs::read_dir(&base).unwrap() {
        let dir = dir.unwrap().path();
        let Ok(case) = std::fs::read_to_string(dir.join("case.json")) else { continue };
        let case: serde_json::Value = serde_json::from_str(&case).unwrap();
        for entry in case["entries"].as_array().into_iter().flatten() {
            entries.push(dir.join(entry.as_str().unwrap()));
        }
    }
    entries.sort();
    let mut options = TraceOptions::new(&base);
    options.cache_dir = cache.map(Path::to_path_buf);
    Tracer::new(options).unwrap().trace(&entries).unwrap()
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for shard in std::fs::read_dir(dir).unwrap() {
        for entry in std::fs::read_dir(shard.unwrap().path()).unwrap() {
            out.push(entry.unwrap().path());
        }
    }
    out.sort();
    out
}

#[test]
fn the_cache_never_changes_the_output() {
    let plain = trace(None);
    assert!(plain.file_list().len() > 100, "the fixtures trace");
    let dir = tempfile::tempdir().unwrap();
    let cold = trace(Some(dir.path()));
    assert_eq!(cold, plain);
    let written = entries(dir.path());
    assert!(written.len() > 50, "one entry per analysed file: {}", written.len());
    let warm = trace(Some(dir.path()));
    assert_eq!(warm, plain);
    assert_eq!(entries(dir.path()), written, "a warm run adds nothing");
}

#[test]
fn damaged_entries_are_ignored_and_rewritten() {
    let plain = trace(None);
    let dir = tempfile::tempdir().unwrap();
    trace(Some(dir.path()));
    let written = entries(dir.path());
    // Garble every entry in a different way: junk, truncation, a changed fact.
    for (i, entry) in written.iter().enumerate() {
        let text = std::fs::read_to_string(entry).unwrap();
        let damaged = match i % 3 {
            0 => "not a cache entry\n".to_owned(),
            1 => text[..text.len() / 2].to_owned(),
            _ => text.replace("dep require", "dep import"),
        };
        std::fs::write(entry, damaged).unwrap();
    }
    assert_eq!(trace(Some(dir.path())), plain);
    let again = trace(Some(dir.path()));
    assert_eq!(again, plain);
    for entry in entries(dir.path()) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(text.starts_with("nft-rs-analysis-cache 5\n"), "{} rewritten", entry.display());
    }
}
