//! Strict mode (issue 22): each directory under `fixtures/strict/` is one case, a
//! problem that breaks the program at run time (exit 1 with `--strict`) or one
//! that Node tolerates (exit 0), with its `case.json` (`entries`, `args`, `exit`,
//! and the texts `stderr` must hold). Without `--strict` every case exits 0 with
//! the same warnings.

use std::path::Path;

use serde_json::Value;

use crate::support::{fixtures, run, stderr, stdout};

fn check_case(name: &str) {
    let dir = fixtures().join("strict").join(name);
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
    let strings = |key: &str| -> Vec<String> {
        spec.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    let entries = match strings("entries") {
        e if e.is_empty() => vec!["entry.js".to_owned()],
        e => e,
    };
    let mut args: Vec<String> = vec!["--node-version".into(), "22".into()];
    args.extend(strings("args"));
    args.push("--".into());
    args.extend(entries);
    let expected_exit = spec["exit"].as_i64().unwrap();
    for command in ["print", "size", "why"] {
        let mut full = vec![command.to_owned(), "--strict".to_owned()];
        if command == "why" {
            full.push("entry.js".to_owned());
        }
        full.extend(args.iter().cloned());
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        let output = run(&dir, &full);
        let err = stderr(&output);
        assert_eq!(
            i64::from(output.status.code().unwrap()),
            expected_exit,
            "{name} {command}: {err}"
        );
        for text in strings("stderr") {
            assert!(err.contains(&text), "{name} {command}: stderr lacks {text:?}:\n{err}");
        }
        if expected_exit == 1 {
            assert!(stdout(&output).is_empty(), "{name} {command}: stdout is empty on failure");
            let last = err.lines().last().unwrap_or("");
            assert!(last.starts_with("nft-rs: error: strict mode: "), "{name}: {err}");
            assert!(err.lines().rev().skip(1).all(|l| l.starts_with("nft-rs: warning: ")), "{err}");
        }
    }
    // Without --strict the same problems are warnings and the run succeeds.
    let mut plain = vec!["print"];
    plain.extend(args.iter().map(String::as_str));
    let output = run(&dir, &plain);
    assert_eq!(output.status.code(), Some(0), "{name} without --strict: {}", stderr(&output));
    for text in strings("stderr") {
        assert!(stderr(&output).contains(&text), "{name} without --strict lacks {text:?}");
    }
}

macro_rules! strict_cases {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_case($name);
            }
        )*

        /// Every case directory has its test.
        #[test]
        fn every_case_has_a_test() {
            let mut dirs: Vec<String> = std::fs::read_dir(fixtures().join("strict"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            dirs.sort();
            let mut listed = vec![$($name),*];
            listed.sort_unstable();
            assert_eq!(dirs, listed);
        }
    };
}

strict_cases! {
    unresolved_relative => "unresolved-relative",
    unresolved_package => "unresolved-package",
    unresolved_import => "unresolved-import",
    unresolved_dynamic_import => "unresolved-dynamic-import",
    parse_error => "parse-error",
    native_missing => "native-missing",
    glob_cut => "glob-cut",
    tolerated_try_catch => "tolerated-try-catch",
    tolerated_resolve_probe => "tolerated-resolve-probe",
    tolerated_optional_peer => "tolerated-optional-peer",
    tolerated_known_optional => "tolerated-known-optional",
    tolerated_native_fallback => "tolerated-native-fallback",
}

/// `build --strict` writes nothing when it fails: an existing output stays as it was.
#[test]
fn a_failed_strict_build_leaves_the_output_alone() {
    let dir = fixtures().join("strict/unresolved-relative");
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("previous.txt"), "kept").unwrap();
    let output = run(&dir, &["build", "--strict", "--out", out.to_str().unwrap(), "entry.js"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(out.join("previous.txt")).unwrap(), "kept");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

/// The library's strict option gives the diagnostics as data.
#[test]
fn the_library_strict_option_returns_every_diagnostic() {
    let base = fixtures().join("strict/tolerated-try-catch");
    let mut options = nft_rs::TraceOptions::new(&base);
    options.strict = true;
    let trace = nft_rs::Tracer::new(options.clone()).unwrap().trace(&["entry.js"]).unwrap();
    assert_eq!(trace.diagnostics()[0].severity(), nft_rs::Severity::Warning);
    options.base = fixtures().join("strict/unresolved-package");
    let err = nft_rs::Tracer::new(options).unwrap().trace(&["entry.js"]).unwrap_err();
    let nft_rs::Error::Strict { diagnostics } = err else { panic!("{err}") };
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity(), nft_rs::Severity::Error);
    assert!(Path::new(diagnostics[0].file()).ends_with("entry.js"));
}

/// `--max-bytes` fails a trace over the budget, naming the largest packages and the
/// files that pulled in the most bytes; at or above the total it passes.
#[test]
fn max_bytes_names_the_largest_packages() {
    let dir = fixtures().join("trace/asset-directory");
    let size = stdout(&run(&dir, &["size", "entry.js"]));
    let total: u64 = size.split_whitespace().next().unwrap().parse().unwrap();
    let ok = run(&dir, &["print", "--max-bytes", &total.to_string(), "entry.js"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let over = run(&dir, &["print", "--max-bytes", &(total - 1).to_string(), "entry.js"]);
    assert_eq!(over.status.code(), Some(1));
    assert!(stdout(&over).is_empty());
    let err = stderr(&over);
    assert!(err.contains("over the budget"), "{err}");
    assert!(err.contains("largest packages: "), "{err}");
    assert!(err.contains("pulled in the most assets: entry.js"), "{err}");
    let usage = run(&dir, &["print", "--max-bytes", "12X", "entry.js"]);
    assert_eq!(usage.status.code(), Some(2));
    let big = run(&dir, &["print", "--max-bytes", "1G", "entry.js"]);
    assert_eq!(big.status.code(), Some(0));
}

/// Every entry of the differential corpus traces under `--strict`, except those
/// `tests/corpus/strict-failures.json` names with the reason.
#[test]
fn the_corpus_passes_strict_mode_but_the_named_entries() {
    let Some(corpus) = crate::packages::installed("corpus") else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let known: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/corpus/strict-failures.json")).unwrap(),
    )
    .unwrap();
    // A folder of this test's own inside the corpus (the corpus script replaces
    // `entries/` while it runs).
    let entries = corpus.join("strict-entries");
    let _ = std::fs::remove_dir_all(&entries);
    std::fs::create_dir(&entries).unwrap();
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/corpus/entries")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), entries.join(entry.file_name())).unwrap();
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    let mut failing = Vec::new();
    for name in &names {
        let rel = format!("strict-entries/{name}");
        let output = run(&corpus, &["print", "--strict", "--node-version", "20.20", &rel]);
        match output.status.code() {
            Some(0) => {}
            Some(1) => failing.push(name.clone()),
            _ => panic!("{name}: {}", stderr(&output)),
        }
    }
    let expected: Vec<String> =
        known.as_object().unwrap().keys().filter(|k| !k.starts_with('_')).cloned().collect();
    assert_eq!(failing, expected);
}

/// One expression that brings more than 1,000 files into the trace gets a warning
/// naming the file, the pattern, the count and the bytes; it is a cost, so
/// `--strict` still passes, and `--max-bytes` is the budget that fails.
#[test]
fn one_expression_pulling_in_a_large_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("entry.js"),
        "const fs = require('fs'); const path = require('path');\n\
         module.exports = (id) => fs.readFileSync(path.join(__dirname, 'tiles', id + '.png'));\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("tiles")).unwrap();
    for i in 0..1_001 {
        std::fs::write(root.join(format!("tiles/{i}.png")), [0u8; 100]).unwrap();
    }
    let output = run(root, &["print", "--strict", "entry.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1_002);
    let err = stderr(&output);
    assert!(
        err.contains(
            "entry.js: the pattern tiles/**/*.png brings 1001 files (100.1 kB) into the trace"
        ),
        "{err}"
    );
    let over = run(root, &["print", "--max-bytes", "50k", "entry.js"]);
    assert_eq!(over.status.code(), Some(1));
    assert!(stderr(&over).contains("largest packages: (app) (100."), "{}", stderr(&over));
}
