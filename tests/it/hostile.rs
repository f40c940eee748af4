//! Hostile conditions (issue 8): `build` killed mid-copy leaves a whole output or
//! none, and never copies through a link out of the base; hostile inputs (empty,
//! binary and non-UTF-8 files, broken `package.json`s, import loops, a large
//! minified file, deep nesting with and without brackets, long chains, 100,000
//! failing requires, a dynamic require over 20,000 files, link loops and links out
//! of the base, escaping paths, unreadable files and folders, CLI misuse, a parser
//! panic, the fuzz regressions) end in a whole trace with warnings, never a crash
//! or a hang.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::packages::installed;
use crate::support::bin;

fn tree(dir: &Path) -> Vec<(PathBuf, Option<PathBuf>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if meta.file_type().is_symlink() {
                out.push((rel, Some(std::fs::read_link(&path).unwrap())));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                out.push((rel, None));
            }
        }
    }
    out.sort();
    out
}

/// `nft-rs build` killed with SIGKILL at many moments leaves either the previous
/// output, whole, or none; the next run cleans what the killed one left.
#[cfg(unix)]
#[test]
fn build_killed_at_random_moments_leaves_a_whole_output_or_none() {
    let Some(dir) = installed("pnpm-app") else { return };
    let entry = "exec-kill-entry.js";
    std::fs::write(dir.join(entry), "require('express'); require('uuid');\n").unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let build = |out: &Path| {
        let mut cmd = bin();
        cmd.current_dir(&dir).args([
            "build",
            "--threads",
            "2",
            "--out",
            out.to_str().unwrap(),
            entry,
        ]);
        cmd
    };
    assert!(build(&out).status().unwrap().success());
    let expected = tree(&out);
    assert!(expected.len() > 100, "a trace big enough to be interrupted");
    // Kill each run once its temporary folder holds `target` files: a kill that
    // lands mid-copy by construction, at a different point of the copy each time,
    // with no timing involved. A run that finishes before the poll sees that many
    // files just counts as not killed.
    let mut killed_mid_run = 0;
    for i in 0..40 {
        let target = 1 + i * expected.len() / 40;
        let mut child = build(&out).spawn().unwrap();
        let tmp = work.path().join(format!(".out.nft-rs-tmp-{}", child.id()));
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if count_files(&tmp) >= target {
                child.kill().unwrap();
                killed_mid_run += 1;
                break;
            }
            std::thread::yield_now();
        }
        let _ = child.wait();
        if out.exists() {
            assert_eq!(tree(&out), expected, "kill at {target} files: the output is whole");
        }
    }
    assert!(killed_mid_run > 0, "some kills landed while the build ran");
    assert!(build(&out).status().unwrap().success());
    assert_eq!(tree(&out), expected);
    let leftovers: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["out"], "the last run removed what killed runs left");
}

/// A traced link that points outside `--base` is not copied: the output holds
/// neither a dangling link nor the outside file's content.
#[cfg(unix)]
#[test]
fn build_never_copies_through_a_link_outside_the_base() {
    let work = tempfile::tempdir().unwrap();
    let app = work.path().join("app");
    std::fs::create_dir_all(app.join("node_modules")).unwrap();
    std::fs::write(work.path().join("secret.js"), "module.exports = 'secret';\n").unwrap();
    std::os::unix::fs::symlink("../../secret.js", app.join("node_modules/secret.js")).unwrap();
    std::fs::write(app.join("entry.js"), "require('./node_modules/secret.js');\n").unwrap();
    let out = work.path().join("out");
    let output = crate::support::run(&app, &["build", "--out", out.to_str().unwrap(), "entry.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::support::stderr(&output));
    assert!(crate::support::stderr(&output).contains("links outside the base, not copied"));
    assert_eq!(tree(&out), [(PathBuf::from("entry.js"), None)]);
}

/// Runs `nft-rs` with a watchdog: a run over 5 minutes (debug build, loaded CI
/// machine) is a hang and fails the test
/// (no timing is asserted otherwise).
fn run_watched(dir: &Path, args: &[&str]) -> std::process::Output {
    let child = bin()
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Reading the pipes while waiting: a child writing more than a pipe holds must
    // not look like a hang.
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    let Ok(output) = result.recv_timeout(Duration::from_mins(5)) else {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        panic!("nft-rs {args:?} hung");
    };
    output.unwrap()
}

/// Files and links below `dir` (0 when it does not exist, or vanishes meanwhile).
fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => count_files(&e.path()),
            _ => 1,
        })
        .sum()
}

fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// One bad-input case: files, the command, and what must come out.
struct Case<'a> {
    files: &'a [(&'a str, &'a [u8])],
    args: &'a [&'a str],
    code: i32,
    listed: &'a [&'a str],
    not_listed: &'a [&'a str],
    stderr_has: &'a [&'a str],
}

impl Case<'_> {
    fn check(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, contents) in self.files {
            write(dir.path(), rel, contents);
        }
        self.check_in(dir.path());
        dir
    }

    fn check_in(&self, dir: &Path) {
        let output = run_watched(dir, self.args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(self.code),
            "{:?}\nstdout: {stdout}\nstderr: {stderr}",
            self.args
        );
        assert!(!stderr.contains("panicked"), "no panic: {stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        for want in self.listed {
            assert!(lines.contains(want), "{want} listed in:\n{stdout}");
        }
        for unwanted in self.not_listed {
            assert!(!stdout.contains(unwanted), "{unwanted} not in:\n{stdout}");
        }
        for needle in self.stderr_has {
            assert!(stderr.contains(needle), "stderr has {needle:?}:\n{stderr}");
        }
        if self.code != 0 {
            assert_eq!(stdout, "", "nothing on stdout after an error");
            assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
        }
    }
}

const PRINT: &[&str] = &["print", "entry.js"];

#[test]
fn empty_entry_is_traced() {
    Case {
        files: &[("entry.js", b"")],
        args: PRINT,
        code: 0,
        listed: &["entry.js"],
        not_listed: &[],
        stderr_has: &[],
    }
    .check();
}

#[test]
fn binary_file_reached_as_code_is_not_parsed() {
    Case {
        files: &[("entry.js", b"require('./blob')"), ("blob", b"\x7fELF\x00\x01\x02\xff\xfe")],
        args: PRINT,
        code: 0,
        listed: &["blob"],
        not_listed: &[],
        stderr_has: &[],
    }
    .check();
}

#[test]
fn non_utf8_source_is_read_lossily() {
    Case {
        files: &[("entry.js", b"// caf\xe9 \xff\xfe\nrequire('./next');\n"), ("next.js", b"")],
        args: PRINT,
        code: 0,
        listed: &["entry.js", "next.js"],
        not_listed: &[],
        stderr_has: &[],
    }
    .check();
}

#[test]
fn broken_package_json_files_are_warnings() {
    Case {
        files: &[
            ("entry.js", b"for (const m of ['a','b','c','d','e','f','g']) {}\nrequire('a'); require('b'); require('c'); require('d'); require('e'); require('f'); require('g/x');\n"),
            ("node_modules/a/package.json", b"{ not json"),
            ("node_modules/a/index.js", b""),
            ("node_modules/b/package.json", b""),
            ("node_modules/c/package.json", b"[1, 2, 3]"),
            ("node_modules/c/index.js", b""),
            ("node_modules/d/package.json", br#"{"main": 5, "exports": 7, "imports": null, "browser": [1]}"#),
            ("node_modules/d/index.js", b""),
            ("node_modules/e/package.json", br#"{"exports": {".": [null, 3, {"node": ["./x.js", false]}], "./y": {"default": {"default": null}}}}"#),
            ("node_modules/e/x.js", b""),
            ("node_modules/f/package.json", br#"{"exports": {"./": "./", ".": "./../../../etc/passwd"}}"#),
            ("node_modules/g/package.json", br#"{"type": 42, "exports": {"./*": "./lib/*.js", "./x": {"require": "./lib/x.js"}}}"#),
            ("node_modules/g/lib/x.js", b""),
        ],
        args: PRINT,
        code: 0,
        listed: &["entry.js", "node_modules/g/lib/x.js"],
        not_listed: &["etc/passwd"],
        stderr_has: &[],
    }
    .check();
}

#[test]
fn imports_that_map_to_each_other_end() {
    Case {
        files: &[
            ("package.json", br##"{"imports": {"#a": "#b", "#b": "#a", "#self": "./entry.js"}}"##),
            ("entry.js", b"require('#a'); require('#self');"),
        ],
        args: PRINT,
        code: 0,
        listed: &["entry.js", "package.json"],
        not_listed: &[],
        stderr_has: &["\"#a\""],
    }
    .check();
}

#[test]
fn a_large_minified_file_is_traced() {
    let mut source = String::with_capacity(52 << 20);
    while source.len() < 50 << 20 {
        source.push_str("var a=function(b){return b+1},c=a(2);");
    }
    source.push_str("require('./tail');");
    Case {
        files: &[("entry.js", source.as_bytes()), ("tail.js", b"")],
        args: PRINT,
        code: 0,
        listed: &["tail.js"],
        not_listed: &[],
        stderr_has: &[],
    }
    .check();
}

#[test]
fn ten_thousand_levels_of_nesting_are_traced() {
    let depth = 10_000;
    let source = format!("{}require('./deep'){};", "(".repeat(depth), ")".repeat(depth));
    Case {
        files: &[("entry.js", source.as_bytes()), ("deep.js", b"")],
        args: PRINT,
        code: 0,
        listed: &["deep.js"],
        not_listed: &[],
        stderr_has: &[],
    }
    .check();
}

#[test]
fn thirty_chained_concats_and_conditionals_are_quick() {
    let chain: String = (0..30).map(|_| ".concat('')").collect::<Vec<_>>().concat();
    let mut nested = "'./x.txt'".to_owned();
    for i in 0..30 {
        nested = format!("(c{i} ? {nested} : './y{i}.txt')");
    }
    let source = format!(
        "const fs = require('fs');\nfs.readFileSync(__dirname + '/x.txt'{chain});\nconst p = {nested};\n"
    );
    Case {
        files: &[("entry.js", source.as_bytes()), ("x.txt", b"x")],
        args: PRINT,
        code: 0,
        listed: &["x.txt"],
        not_listed: &[],
        stderr_has: &[],
    }
    .check();
}

#[test]
fn a_hundred_thousand_requires_of_a_missing_module_give_one_warning() {
    let source = "require('missing-module');\n".repeat(100_000);
    let dir = Case {
        files: &[("entry.js", source.as_bytes())],
        args: PRINT,
        code: 0,
        listed: &["entry.js"],
        not_listed: &[],
        stderr_has: &["missing-module"],
    }
    .check();
    let output = run_watched(dir.path(), PRINT);
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn a_dynamic_require_over_twenty_thousand_files_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "entry.js", "require('./many/' + name);\n");
    for i in 0..20_000 {
        write(dir.path(), &format!("many/m{i}.js"), "");
    }
    let case = Case {
        files: &[],
        args: PRINT,
        code: 0,
        listed: &["entry.js", "many/m0.js"],
        not_listed: &[],
        stderr_has: &["matched more than 10000 files"],
    };
    case.check_in(dir.path());
}

#[cfg(unix)]
#[test]
fn links_loops_dangling_links_and_links_to_etc_stay_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "entry.js",
        "require('./loop/x'); require('./dangling'); require('etc-link/passwd'); require('./inside/ok');\nrequire('fs').readFileSync(__dirname + '/to-etc/hostname');\n",
    );
    std::os::unix::fs::symlink("loop", root.join("loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.js", root.join("dangling.js")).unwrap();
    std::fs::create_dir_all(root.join("node_modules")).unwrap();
    std::os::unix::fs::symlink("/etc", root.join("node_modules/etc-link")).unwrap();
    std::os::unix::fs::symlink("/etc", root.join("to-etc")).unwrap();
    std::fs::create_dir_all(root.join("real")).unwrap();
    write(root, "real/ok.js", "");
    std::os::unix::fs::symlink("real", root.join("inside")).unwrap();
    let case = Case {
        files: &[],
        args: PRINT,
        code: 0,
        listed: &["entry.js", "inside", "real/ok.js"],
        not_listed: &["passwd", "hostname"],
        stderr_has: &["./loop/x", "./dangling"],
    };
    case.check_in(root);
    let output = run_watched(root, &["print", "--json", "entry.js"]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (key, reason) in doc["reasons"].as_object().unwrap() {
        assert!(!key.contains("hostname"), "{key}: an asset outside the base is not recorded");
        if key.starts_with("../") {
            assert_eq!(
                reason["ignored"], true,
                "{key}: a module outside the base is only reported as ignored"
            );
        }
    }
}

#[test]
fn absolute_and_escaping_paths_never_reach_the_output() {
    Case {
        files: &[(
            "entry.js",
            b"require('/etc/passwd'); require('../../../../../../../../etc/passwd');\nconst fs = require('fs');\nfs.readFileSync('/etc/shadow'); fs.readFileSync('/nix/store/abc-x/share/y'); fs.readFileSync(__dirname + '/../../../../../../etc/group');\n",
        )],
        args: PRINT,
        code: 0,
        listed: &["entry.js"],
        not_listed: &["etc", "nix"],
        stderr_has: &[],
    }
    .check();
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_warnings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "entry.js", "require('./locked/a'); require('./secret'); require('./ok');\n");
    write(root, "locked/a.js", "");
    write(root, "secret.js", "require('./never');");
    write(root, "ok.js", "");
    std::fs::set_permissions(root.join("secret.js"), std::fs::Permissions::from_mode(0o000))
        .unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = crate::support::run_unprivileged(root, PRINT);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(root.join("secret.js"), std::fs::Permissions::from_mode(0o644))
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stdout.lines().any(|l| l == "ok.js"), "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Both problems are named: the file that cannot be read, the folder that
    // cannot be searched.
    assert!(stderr.contains("secret.js") && stderr.contains("ermission denied"), "{stderr}");
    assert!(stderr.contains("locked/a"), "{stderr}");
}

#[test]
fn cli_misuse_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "entry.js", "");
    write(dir.path(), "file.txt", "");
    for args in [
        &[][..],
        &["print"][..],
        &["print", "--threads"][..],
        &["print", "--threads", "-1", "entry.js"][..],
        &["print", "--depth", "-1", "entry.js"][..],
        &["print", "--base", "file.txt", "entry.js"][..],
        &["print", "--node-version", "v", "entry.js"][..],
        &["print", "--libc", "bionic", "entry.js"][..],
        &["build", "entry.js"][..],
        &["why", "entry.js"][..],
        &["print", "--json", "--bogus", "entry.js"][..],
    ] {
        let output = run_watched(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.stdout, b"", "{args:?}");
    }
    let output = run_watched(dir.path(), &["build", "--out", "file.txt", "entry.js"]);
    assert_eq!(output.status.code(), Some(1), "an output that is a file");
    assert!(dir.path().join("file.txt").is_file(), "and it is left alone");
}

/// Found by the `analyze` fuzz target: `swc_ecma_parser` 47 panics (`unreachable!`)
/// on a namespaced JSX name followed by a member access. The file is reported and
/// the trace goes on.
#[test]
fn a_parser_panic_on_one_file_is_a_warning() {
    Case {
        files: &[
            ("entry.js", b"require('./bad.jsx'); require('./after');"),
            ("bad.jsx", b"const x = <a:b.c></a:b.c>;\nrequire('./never');"),
            ("after.js", b""),
        ],
        args: PRINT,
        code: 0,
        listed: &["entry.js", "bad.jsx", "after.js"],
        not_listed: &["never"],
        stderr_has: &["Failed to parse bad.jsx: the parser failed internally"],
    }
    .check();
}

/// Every crashing input the fuzzers found (fixtures/fuzz) traces without a panic.
#[test]
fn fuzz_regressions_trace_cleanly() {
    let dir = crate::support::fixtures().join("fuzz/analyze");
    for entry in std::fs::read_dir(dir).unwrap() {
        let input = std::fs::read(entry.unwrap().path()).unwrap();
        let (_, body) = input.split_first().unwrap();
        for name in ["bad.js", "bad.jsx", "bad.ts", "bad.tsx"] {
            let work = tempfile::tempdir().unwrap();
            write(work.path(), name, body);
            let output = run_watched(work.path(), &["print", name]);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{name}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

/// Nesting without brackets (`x => x => ...`, `l0: l1: ...`, `!!!!a`) deep enough
/// to overflow the parser's stack used to abort the whole trace; now every file of
/// the trace is listed, and what they require too. (The depths overflow a debug
/// build's worker stack; `deep_chains_without_brackets` goes deeper in-process.)
#[test]
fn bracket_free_nesting_does_not_abort_the_trace() {
    let arrows = format!("g = {}1;\nrequire('./labels');\n", "x => ".repeat(3_000));
    let labels = (0..3_000).fold(String::new(), |labels, i| labels + &format!("l{i}: "));
    let labels = format!("{labels}x;\nrequire('./bangs');\n");
    let bangs = format!("x = {}a;\nrequire('./last');\n", "!".repeat(30_000));
    Case {
        files: &[
            ("entry.js", arrows.as_bytes()),
            ("labels.js", labels.as_bytes()),
            ("bangs.js", bangs.as_bytes()),
            ("last.js", b""),
        ],
        args: PRINT,
        code: 0,
        listed: &["entry.js", "labels.js", "bangs.js", "last.js"],
        not_listed: &[],
        stderr_has: &[],
    }
    .check();
}
