//! Arbitrary bytes as the `package.json` of a dependency and of the app (so
//! `exports`, `imports`, `browser`, `main` and `type` take any shape): a trace over
//! an in-memory tree must not panic or hang, and must not list a path outside it.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use nft_rs::{MemoryFs, TraceOptions, Tracer};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (dep, app) = text.split_once('\u{0}').unwrap_or((&text, "{}"));
    let fs = MemoryFs::new();
    fs.add_file("/app/package.json", app);
    fs.add_file(
        "/app/entry.js",
        "require('pkg'); require('pkg/sub'); require('pkg/a/b.js'); require('#internal'); import('pkg');",
    );
    fs.add_file("/app/node_modules/pkg/package.json", dep);
    for file in ["index.js", "main.js", "sub.js", "a/b.js", "lib/x.mjs", "dist/index.cjs"] {
        fs.add_file(format!("/app/node_modules/pkg/{file}"), "module.exports = 1;");
    }
    let mut options = TraceOptions::new("/app");
    options.threads = Some(1);
    options.conditions = vec!["node".to_owned(), "browser".to_owned()];
    let tracer = Tracer::with_file_system(options, Arc::new(fs)).expect("valid options");
    let trace = tracer.trace(&["/app/entry.js"]).expect("the entry exists");
    for path in trace.file_list() {
        assert!(!path.starts_with(".."), "{path} escapes the base");
    }
});
