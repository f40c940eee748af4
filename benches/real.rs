//! Benches on real inputs (issue 7), installed by scripts/install-test-deps.sh
//! into `${NFT_RS_CACHE:-~/.cache/nft-rs}/corpus`; each group is skipped with a
//! note when its input is missing. Every input's output is checked before timing.
//!
//! - `analyze/*`: one file traced with nothing else to follow (its specifiers do
//!   not resolve in the in-memory tree): a small module, a large bundled file
//!   (Next's `app-page.runtime.prod.js`, ~0.5 MB minified) and a TypeScript file.
//! - `resolve/express`: express with the analysis off (literal specifiers only),
//!   so the time is resolution and `package.json` reading over a real `node_modules`.
//! - `trace/*`: whole cold traces of next-server.js, firebase-admin and typescript
//!   on 1 and 2 threads (a new tracer per iteration: no warm caches).
//!
//! The allocator is the `nft-rs` binary's (mimalloc): the parser allocates millions
//! of small nodes, and the system allocator makes two threads contend.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use nft_rs::{AnalysisOptions, MemoryFs, TraceOptions, Tracer};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Option<PathBuf> {
    let cache = std::env::var_os("NFT_RS_CACHE").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/nft-rs"),
        PathBuf::from,
    );
    let dir = cache.join("corpus");
    if dir.join("node_modules").is_dir() {
        Some(dir)
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "skipping: {} is not installed (scripts/install-test-deps.sh)",
            dir.display()
        );
        None
    }
}

/// Traces one in-memory file: parse, evaluate, try to resolve what it names.
fn analyze_one(c: &mut Criterion, name: &str, file: &str, source: &[u8], min_deps: usize) {
    let fs = Arc::new(MemoryFs::new());
    let path = format!("/bench/{file}");
    fs.add_file(&path, source);
    let run = || {
        let mut options = TraceOptions::new("/bench");
        options.threads = Some(1);
        Tracer::with_file_system(options, Arc::clone(&fs) as _).unwrap().trace(&[&path]).unwrap()
    };
    let trace = run();
    assert_eq!(trace.file_list(), [file], "{name}: only the file itself is in the trace");
    assert!(trace.diagnostics().len() >= min_deps, "{name}: its specifiers were found");
    c.bench_function(&format!("analyze/{name}"), |b| b.iter(run));
}

fn analyze(c: &mut Criterion) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/server.js");
    analyze_one(c, "small-module", "server.js", &std::fs::read(demo).unwrap(), 1);
    let mut ts = String::new();
    for i in 0..300 {
        let _ = write!(
            ts,
            "import {{ helper{i} }} from './helpers/h{i}';\n\
             export interface Shape{i} {{ id: number; name?: string }}\n\
             export class Service{i}<T extends Shape{i}> {{\n  \
             constructor(private readonly items: T[] = []) {{}}\n  \
             find(id: number): T | undefined {{ return this.items.find((x) => x.id === id); }}\n  \
             async load(): Promise<void> {{ await import('./lazy/l{i}'); helper{i}(); }}\n}}\n"
        );
    }
    analyze_one(c, "typescript-300-classes", "service.ts", ts.as_bytes(), 600);
    if let Some(dir) = corpus() {
        let bundle =
            dir.join("node_modules/next/dist/compiled/next-server/app-page.runtime.prod.js");
        analyze_one(c, "large-bundle", "bundle.js", &std::fs::read(bundle).unwrap(), 1);
    }
}

fn resolve(c: &mut Criterion) {
    let Some(dir) = corpus() else { return };
    let entry = dir.join("entries/express.js");
    let run = || {
        let mut options = TraceOptions::new(&dir);
        options.analysis = AnalysisOptions::disabled();
        options.threads = Some(1);
        Tracer::new(options).unwrap().trace(&[&entry]).unwrap()
    };
    assert!(run().file_list().len() > 50, "express resolves to its dependency tree");
    c.bench_function("resolve/express", |b| b.iter(run));
}

fn traces(c: &mut Criterion) {
    let Some(dir) = corpus() else { return };
    let mut group = c.benchmark_group("trace");
    group.sample_size(10);
    for (name, entry, min_files) in [
        ("next-server", "node_modules/next/dist/server/next-server.js", 800),
        ("firebase-admin", "entries/firebase-admin.js", 1000),
        // One 9 MB script: on two threads it is parsed in pieces (analyze/split.rs).
        ("typescript", "entries/typescript.js", 50),
    ] {
        let entry = dir.join(entry);
        let run = |threads: usize| {
            let mut options = TraceOptions::new(&dir);
            options.threads = Some(threads);
            Tracer::new(options).unwrap().trace(&[&entry]).unwrap()
        };
        let one = run(1);
        assert!(one.file_list().len() > min_files, "{name}: {} files", one.file_list().len());
        assert_eq!(one, run(2), "{name}: the same trace on 1 and 2 threads");
        for threads in [1, 2] {
            group.bench_function(format!("{name}/{threads}t"), |b| b.iter(|| run(threads)));
        }
    }
    group.finish();
}

criterion_group!(benches, analyze, resolve, traces);
criterion_main!(benches);
