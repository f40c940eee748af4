//! Checks that skimming (`src/analyze/skim/`) changes no file's facts: reads file
//! paths from standard input, analyses each one twice, every function body parsed
//! and skimmed, and prints the files whose facts differ, then a summary with both
//! times. Exit status 1 if any differs.
//!
//! usage: `find DIR -name '*.js' -size +32k | cargo run --release --features fuzzing --example skim_check`

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

fn main() {
    let mut out = std::io::stdout().lock();
    let mut files = 0usize;
    let mut differ = 0usize;
    let (mut whole, mut skimmed) = (Duration::ZERO, Duration::ZERO);
    for line in std::io::stdin().lock().lines() {
        let Ok(path) = line else { break };
        let Ok(source) = std::fs::read_to_string(&path) else { continue };
        files += 1;
        let start = Instant::now();
        let a = nft_rs::fuzzing::facts(&path, &source, false);
        let middle = Instant::now();
        let b = nft_rs::fuzzing::facts(&path, &source, true);
        whole += middle - start;
        skimmed += middle.elapsed();
        if std::env::var_os("SKIM_TIMES").is_some() {
            let _ = writeln!(
                out,
                "T {:.1} {:.1} {path}",
                (middle - start).as_secs_f64() * 1e3,
                middle.elapsed().as_secs_f64() * 1e3
            );
        }
        if a != b {
            differ += 1;
            let _ = writeln!(out, "DIFFERS {path}\n  whole:   {a}\n  skimmed: {b}");
        }
    }
    let _ = writeln!(
        out,
        "{files} files, {differ} differ; analysis {:.2} s whole, {:.2} s skimmed",
        whole.as_secs_f64(),
        skimmed.as_secs_f64()
    );
    std::process::exit(i32::from(differ > 0));
}
