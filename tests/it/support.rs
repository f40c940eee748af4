//! Helpers shared by the integration tests: running the built binary and reading
//! fixtures.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Held by the tests that build or serve the fixture Next.js apps (`next.rs`,
/// `nix.rs`): they share the reference builds beside the installed apps.
pub static NEXT_APPS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The `nft-rs` binary cargo built for these tests.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nft-rs"))
}

/// The repository's `fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Runs `nft-rs` in `dir` with `args`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().expect("the nft-rs binary runs")
}

/// Runs `nft-rs` in `dir` with `args`, without the capabilities that let root
/// read files whatever their permissions (CI runs as root): through `setpriv`,
/// which every Debian-like system has. Tests of unreadable files use it, so that
/// they check the warning as any other user would see it.
pub fn run_unprivileged(dir: &Path, args: &[&str]) -> Output {
    let setpriv = Path::new("/usr/bin/setpriv");
    assert!(setpriv.exists(), "/usr/bin/setpriv (util-linux) is needed by this test");
    Command::new(setpriv)
        .args([
            "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search",
            "--",
        ])
        .arg(env!("CARGO_BIN_EXE_nft-rs"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("setpriv runs nft-rs")
}

/// Runs `node scripts/<script> --nft-rs <the built binary>` from the repository and
/// asserts it succeeds (the corpus and Next.js end-to-end drivers).
#[track_caller]
pub fn node_script_passes(script: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg(root.join("scripts").join(script))
        .args(["--nft-rs", env!("CARGO_BIN_EXE_nft-rs")])
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{}\n{}", stdout(&output), stderr(&output));
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts two texts are equal, printing a line diff when they are not.
#[track_caller]
pub fn assert_same_text(context: &str, expected: &str, actual: &str) {
    if expected == actual {
        return;
    }
    let mut diff = String::new();
    let exp: Vec<&str> = expected.lines().collect();
    let act: Vec<&str> = actual.lines().collect();
    for line in &exp {
        if !act.contains(line) {
            let _ = writeln!(diff, "- {line}");
        }
    }
    for line in &act {
        if !exp.contains(line) {
            let _ = writeln!(diff, "+ {line}");
        }
    }
    panic!("{context}: output differs (- expected, + actual)\n{diff}\n--- actual ---\n{actual}");
}
