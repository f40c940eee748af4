//! Arbitrary bytes as a JS/TS/JSX file: parse, walk and evaluate must not panic,
//! hang or overflow the stack. The first byte picks the extension.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (ext, body) = match data.split_first() {
        Some((b, rest)) => {
            ([".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx"][usize::from(*b) % 6], rest)
        }
        None => (".js", data),
    };
    let source = String::from_utf8_lossy(body);
    let _ = nft_rs::fuzzing::analyze(&format!("/app/node_modules/pkg/lib/file{ext}"), &source);
});
