//! Hostile conditions (issue 8): outputs must stay whole when nft-rs is killed.

use std::path::{Path, PathBuf};
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
    let dir = installed("pnpm-app");
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
    let mut killed_mid_run = 0;
    for i in 0..40u64 {
        let mut child = build(&out).spawn().unwrap();
        // Spread the kills over the run (a build of this tree takes tens of ms).
        std::thread::sleep(Duration::from_micros((i * 7919) % 60_000));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            assert_eq!(tree(&out), expected, "kill {i}: the output is whole");
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
