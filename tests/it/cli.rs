//! The CLI contract (README "CLI"): outputs, exit codes and one-line errors.

use std::path::Path;

use crate::support::{fixtures, run, run_unprivileged, stderr, stdout};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

#[track_caller]
fn assert_error(output: &std::process::Output, code: i32, needle: &str) {
    assert_eq!(output.status.code(), Some(code), "stderr: {}", stderr(output));
    assert_eq!(stdout(output), "", "nothing on stdout after an error");
    let err = stderr(output);
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err}");
    assert!(err.starts_with("nft-rs: error: "), "{err}");
    assert!(err.contains(needle), "{err} should mention {needle}");
}

#[test]
fn missing_entry_exits_1_naming_it() {
    let dir = tmp();
    let output = run(dir.path(), &["print", "nope.js"]);
    assert_error(&output, 1, "nope.js");
}

#[test]
fn directory_entry_exits_1() {
    let dir = tmp();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let output = run(dir.path(), &["print", "sub"]);
    assert_error(&output, 1, "not a file");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tmp();
    assert_error(&run(dir.path(), &["frobnicate", "a.js"]), 2, "frobnicate");
    assert_error(&run(dir.path(), &["print", "--no-such-option", "a.js"]), 2, "--no-such-option");
    assert_error(&run(dir.path(), &["print"]), 2, "ENTRY");
    assert_error(&run(dir.path(), &["print", "--depth", "x", "a.js"]), 2, "--depth");
    assert_error(&run(dir.path(), &["print", "--threads", "0", "a.js"]), 2, "--threads");
    assert_error(&run(dir.path(), &["print", "--paths", "nonsense", "a.js"]), 2, "SPEC=TARGET");
    assert_error(&run(dir.path(), &["print", "--base", "missing-dir", "a.js"]), 2, "--base");
    assert_error(&run(dir.path(), &["print", "--cwd", "missing-dir", "a.js"]), 2, "--cwd");
}

#[test]
fn help_and_version_exit_0() {
    let dir = tmp();
    let output = run(dir.path(), &["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("print"));
    let output = run(dir.path(), &["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("nft-rs "));
}

#[test]
fn options_take_equals_form_and_double_dash() {
    let dir = fixtures().join("trace/ignore-glob");
    let output = run(
        &dir,
        &["print", "--ignore=node_modules/big/**", "--ignore=**/*.test.js", "--", "entry.js"],
    );
    assert_eq!(stdout(&output), std::fs::read_to_string(dir.join("expected.txt")).unwrap());
}

#[test]
fn syntax_error_is_a_warning_and_the_file_stays() {
    let dir = fixtures().join("trace/syntax-error");
    let output = run(&dir, &["print", "entry.js"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("bad.js\n"));
    assert!(
        stderr(&output).contains("nft-rs: warning: Failed to parse bad.js"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_a_warning_not_a_hang() {
    let dir = tmp();
    let root = dir.path();
    std::fs::write(root.join("entry.js"), "require('./loop/x'); require('./ok');\n").unwrap();
    std::fs::write(root.join("ok.js"), "").unwrap();
    std::os::unix::fs::symlink("loop2", root.join("loop")).unwrap();
    std::os::unix::fs::symlink("loop", root.join("loop2")).unwrap();
    let output = run(root, &["print", "entry.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "entry.js\nok.js\n");
    assert!(stderr(&output).contains("./loop/x"), "{}", stderr(&output));
    // An entry that is itself a loop is a missing entry.
    let output = run(root, &["print", "loop"]);
    assert_error(&output, 1, "loop");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let root = dir.path();
    std::fs::write(root.join("entry.js"), "require('./secret');\n").unwrap();
    std::fs::write(root.join("secret.js"), "require('./never');\n").unwrap();
    std::fs::set_permissions(root.join("secret.js"), std::fs::Permissions::from_mode(0o000))
        .unwrap();
    let output = run_unprivileged(root, &["print", "entry.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "entry.js\nsecret.js\n");
    assert!(stderr(&output).contains("secret.js"), "{}", stderr(&output));
    assert!(stderr(&output).contains("ermission denied"), "{}", stderr(&output));
    // An unreadable entry is still traced (it exists) with a warning.
    std::fs::set_permissions(root.join("secret.js"), std::fs::Permissions::from_mode(0o644))
        .unwrap();
}

#[test]
fn size_sums_the_traced_bytes() {
    let dir = fixtures().join("trace/cycle");
    let output = run(&dir, &["size", "entry.js"]);
    let expected: u64 = ["entry.js", "a.js", "b.js"]
        .iter()
        .map(|f| std::fs::metadata(dir.join(f)).unwrap().len())
        .sum();
    assert_eq!(stdout(&output), format!("{expected} bytes total\n"));
}

#[test]
fn why_prints_chains_from_an_entry() {
    let dir = fixtures().join("trace/pnpm-layout");
    let output =
        run(&dir, &["why", "node_modules/.pnpm/b@1.0.0/node_modules/b/index.js", "entry.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "entry.js -> node_modules/.pnpm/a@1.0.0/node_modules/a/index.js -> node_modules/.pnpm/b@1.0.0/node_modules/b/index.js\n"
    );
    let output = run(&dir, &["why", "not-there.js", "entry.js"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn build_copies_files_and_recreates_links() {
    let out = tmp();
    let dest = out.path().join("dist");
    let dir = fixtures().join("trace/pnpm-layout");
    let output = run(&dir, &["build", "--out", dest.to_str().unwrap(), "entry.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let link = dest.join("node_modules/a");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new(".pnpm/a@1.0.0/node_modules/a"));
    assert!(dest.join("node_modules/a/index.js").is_file());
    assert!(dest.join("node_modules/.pnpm/a@1.0.0/node_modules/b/index.js").is_file());
    // A second build replaces the first as a whole.
    std::fs::write(dest.join("stale.txt"), "old").unwrap();
    let output = run(&dir, &["build", "--out", dest.to_str().unwrap(), "entry.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!dest.join("stale.txt").exists());
    let leftovers: Vec<_> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("dist")], "no temporary folders left");
}

#[test]
fn a_second_build_reuses_the_unchanged_files_of_the_first() {
    use std::os::unix::fs::MetadataExt;
    let src = tmp();
    let out = tmp();
    let dest = out.path().join("dist");
    std::fs::write(src.path().join("entry.js"), "require('./a'); require('./b');").unwrap();
    std::fs::write(src.path().join("a.js"), "module.exports = 1;").unwrap();
    std::fs::write(src.path().join("b.js"), "module.exports = 2;").unwrap();
    let build = || {
        let output = run(src.path(), &["build", "--out", dest.to_str().unwrap(), "entry.js"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    };
    let inode = |name: &str| std::fs::metadata(dest.join(name)).unwrap().ino();
    build();
    let (a, b) = (inode("a.js"), inode("b.js"));
    // A copy keeps its source's time; the next build links it instead of copying.
    let modified = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    assert_eq!(modified(&dest.join("a.js")), modified(&src.path().join("a.js")));
    std::fs::write(src.path().join("b.js"), "module.exports = 22;").unwrap();
    build();
    assert_eq!(inode("a.js"), a, "unchanged: reused");
    assert_ne!(inode("b.js"), b, "changed: copied again");
    assert_eq!(std::fs::read_to_string(dest.join("b.js")).unwrap(), "module.exports = 22;");
    assert_eq!(std::fs::metadata(dest.join("a.js")).unwrap().nlink(), 1, "the old output is gone");
    // Another tool's copy (a new time) with the same bytes is reused too; one with
    // other bytes of the same length is not.
    let a_copy = dest.join("a.js");
    std::fs::remove_file(&a_copy).unwrap();
    std::fs::write(&a_copy, "module.exports = 1;").unwrap();
    std::fs::remove_file(dest.join("entry.js")).unwrap();
    std::fs::write(dest.join("entry.js"), "require('./a'); require('./c');").unwrap();
    let (a, entry) = (inode("a.js"), inode("entry.js"));
    build();
    assert_eq!(inode("a.js"), a, "same bytes: reused");
    assert_ne!(inode("entry.js"), entry, "other bytes: copied");
    assert_eq!(
        std::fs::read_to_string(dest.join("entry.js")).unwrap(),
        "require('./a'); require('./b');"
    );
}

#[test]
fn build_refuses_an_output_that_contains_the_base() {
    let dir = tmp();
    std::fs::write(dir.path().join("entry.js"), "").unwrap();
    let output = run(dir.path(), &["build", "--out", ".", "entry.js"]);
    assert_error(&output, 1, "would contain the trace base");
    assert!(dir.path().join("entry.js").exists());
}
