//! Whole traces of the fixtures: OS file system with 1 and 2 threads, the same
//! tree from memory, and a cold run that builds the tracer inside the timed
//! closure. Larger real inputs come with the performance work (issue 7).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use nft_rs::{MemoryFs, TraceOptions, Tracer};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")
}

fn options(base: &Path, threads: usize) -> TraceOptions {
    let mut options = TraceOptions::node_server(base);
    options.threads = Some(threads);
    options
}

/// Loads a directory tree into a `MemoryFs` (symlinks kept).
fn load(fs: &MemoryFs, dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.file_type().is_symlink() {
            fs.add_symlink(&path, std::fs::read_link(&path).unwrap());
        } else if meta.is_dir() {
            fs.add_dir(&path);
            load(fs, &path);
        } else {
            fs.add_file(&path, std::fs::read(&path).unwrap());
        }
    }
}

fn bench(c: &mut Criterion) {
    let base = demo();
    let entry = base.join("server.js");
    let expected = Tracer::new(options(&base, 1)).unwrap().trace(&[&entry]).unwrap();
    assert_eq!(expected.file_list().len(), 8, "the demo traces cleanly before timing");
    assert!(expected.diagnostics().is_empty());
    for threads in [1, 2] {
        let tracer = Tracer::new(options(&base, threads)).unwrap();
        c.bench_function(&format!("demo/os/warm/{threads}t"), |b| {
            b.iter(|| tracer.trace(&[&entry]).unwrap());
        });
        c.bench_function(&format!("demo/os/cold/{threads}t"), |b| {
            b.iter(|| Tracer::new(options(&base, threads)).unwrap().trace(&[&entry]).unwrap());
        });
    }
    let memory = Arc::new(MemoryFs::new());
    load(&memory, &base);
    let tracer = Tracer::with_file_system(options(&base, 1), Arc::clone(&memory) as _).unwrap();
    assert_eq!(tracer.trace(&[&entry]).unwrap(), expected);
    c.bench_function("demo/memory/cold/1t", |b| {
        b.iter(|| {
            Tracer::with_file_system(options(&base, 1), Arc::clone(&memory) as _)
                .unwrap()
                .trace(&[&entry])
                .unwrap()
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
