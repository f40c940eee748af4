//! Arbitrary glob patterns and paths: compiling and matching must not panic and
//! stays polynomial (brace expansion and `**` are bounded).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nft_rs::{Glob, GlobOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (pattern, path) = text.split_once('\n').unwrap_or((&text, "a/b/c.js"));
    for dot in [false, true] {
        for contains in [false, true] {
            let glob = Glob::new(pattern, GlobOptions { dot, contains });
            let _ = glob.is_match(path);
        }
    }
});
