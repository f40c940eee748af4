//! Arbitrary bytes as a JS/TS/JSX file: parse, walk and evaluate must not panic,
//! hang or overflow the stack. The first byte picks the extension.
//!
//! swc_ecma_parser 47 has a known panic (`unreachable!` on `<a:b.c>` in JSX) that
//! nft-rs catches per file; libFuzzer's own panic hook would abort on it even when
//! caught, so this target installs a hook that aborts on every other panic only.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let upstream = info.location().is_some_and(|l| l.file().contains("swc_ecma_parser"));
            if !upstream {
                fuzzer_hook(info);
            }
        }));
    });
    let (ext, body) = match data.split_first() {
        Some((b, rest)) => {
            ([".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx"][usize::from(*b) % 6], rest)
        }
        None => (".js", data),
    };
    let source = String::from_utf8_lossy(body);
    let _ = nft_rs::fuzzing::analyze(&format!("/app/node_modules/pkg/lib/file{ext}"), &source);
});
