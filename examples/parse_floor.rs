//! The parse floor (issue 7): reads and parses every given JavaScript file once
//! with `swc_ecma_parser` on N threads, and prints the wall time in milliseconds.
//! A tracer that parses every file cannot be faster than this on the same input.
//!
//! usage: `cargo run --release --example parse_floor -- --threads N FILE...`
//! (`scripts/bench.js` feeds it the JavaScript files of nft-rs's own trace.)

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use swc_common::BytePos;
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};

// The same allocator as the `nft-rs` binary, so the floor is comparable.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse(path: &PathBuf) -> bool {
    let Ok(source) = std::fs::read_to_string(path) else { return false };
    let Ok(len) = u32::try_from(source.len()) else { return false };
    let syntax = Syntax::Es(EsSyntax {
        jsx: false,
        import_attributes: true,
        allow_return_outside_function: true,
        explicit_resource_management: true,
        ..EsSyntax::default()
    });
    let input = StringInput::new(&source, BytePos(1), BytePos(1 + len));
    Parser::new(syntax, input, None).parse_program().is_ok()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut threads = 1usize;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args.next().and_then(|n| n.parse().ok()).expect("--threads N");
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(32 << 20)
        .build()
        .expect("thread pool");
    let start = Instant::now();
    let parsed = pool.install(|| files.par_iter().filter(|f| parse(f)).count());
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut out = std::io::stdout().lock();
    let _ = std::io::Write::write_fmt(
        &mut out,
        format_args!("{{\"files\":{},\"parsed\":{parsed},\"ms\":{ms:.1}}}\n", files.len()),
    );
}
