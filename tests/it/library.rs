//! The library API over an in-memory file system: no disk, same semantics.

use std::sync::Arc;

use nft_rs::{DiagnosticKind, MemoryFs, Problem, ReasonType, TraceOptions, Tracer};

fn app() -> Arc<MemoryFs> {
    let fs = MemoryFs::new();
    fs.add_file("/app/package.json", r#"{"name":"app","type":"module"}"#);
    fs.add_file(
        "/app/server.js",
        "import lib from 'lib';\nimport './routes/index.js';\nimport('missing');\n",
    );
    fs.add_file("/app/routes/index.js", "export default 1;\n");
    fs.add_file(
        "/app/node_modules/.pnpm/lib@1/node_modules/lib/package.json",
        r#"{"name":"lib","main":"main.cjs"}"#,
    );
    fs.add_file(
        "/app/node_modules/.pnpm/lib@1/node_modules/lib/main.cjs",
        "module.exports = require('./util.json');\n",
    );
    fs.add_file("/app/node_modules/.pnpm/lib@1/node_modules/lib/util.json", "{}");
    fs.add_symlink("/app/node_modules/lib", ".pnpm/lib@1/node_modules/lib");
    Arc::new(fs)
}

#[test]
fn traces_a_memory_fs() {
    let tracer = Tracer::with_file_system(TraceOptions::new("/app"), app()).unwrap();
    let trace = tracer.trace(&["/app/server.js"]).unwrap();
    assert_eq!(
        trace.file_list(),
        [
            "node_modules/.pnpm/lib@1/node_modules/lib/main.cjs",
            "node_modules/.pnpm/lib@1/node_modules/lib/package.json",
            "node_modules/.pnpm/lib@1/node_modules/lib/util.json",
            "node_modules/lib",
            "package.json",
            "routes/index.js",
            "server.js",
        ]
    );
    assert_eq!(trace.esm_file_list(), ["routes/index.js", "server.js"]);
    let link = &trace.reasons()["node_modules/lib"];
    assert_eq!(link.types(), [ReasonType::Resolve]);
    assert_eq!(link.parents(), ["server.js"]);
    let kinds: Vec<DiagnosticKind> =
        trace.diagnostics().iter().map(nft_rs::Diagnostic::kind).collect();
    assert_eq!(kinds, [DiagnosticKind::Unresolved]);
    let diagnostic = &trace.diagnostics()[0];
    assert_eq!(diagnostic.file(), "server.js");
    assert_eq!(
        diagnostic.problem(),
        &Problem::Unresolved {
            specifier: "missing".to_owned(),
            reason: nft_rs::UnresolvedReason::NotFound
        }
    );
    assert_eq!(
        diagnostic.to_string(),
        "Failed to resolve dependency \"missing\" from server.js: Cannot find module 'missing'"
    );
}

/// Problems are data: a syntax error carries its position, and the trace goes on.
#[test]
fn diagnostics_carry_their_data() {
    let fs = MemoryFs::new();
    fs.add_file("/app/server.js", "require('./ok');\nrequire('./bad');\n");
    fs.add_file("/app/ok.js", "");
    fs.add_file("/app/bad.js", "\nconst x = ;\n");
    let tracer = Tracer::with_file_system(TraceOptions::new("/app"), Arc::new(fs)).unwrap();
    let trace = tracer.trace(&["/app/server.js"]).unwrap();
    assert_eq!(trace.file_list(), ["bad.js", "ok.js", "server.js"]);
    let parse = trace.diagnostics().iter().find(|d| d.kind() == DiagnosticKind::Parse).unwrap();
    assert_eq!(parse.file(), "bad.js");
    assert_eq!(parse.position(), Some(nft_rs::Position { line: 2, column: 11 }));
    assert_eq!(
        parse.problem(),
        &Problem::Parse {
            message: "Expression expected".to_owned(),
            position: Some(nft_rs::Position { line: 2, column: 11 })
        }
    );
}

/// The library never reads the process's working directory: a relative base is
/// refused, and relative entries are taken from the base.
#[test]
fn paths_are_taken_from_the_base_not_the_working_directory() {
    let err = Tracer::with_file_system(TraceOptions::new("app"), app()).unwrap_err();
    assert_eq!(
        err,
        nft_rs::Error::InvalidOption("--base must be an absolute path: app".to_owned())
    );
    let tracer = Tracer::with_file_system(TraceOptions::new("/app"), app()).unwrap();
    let trace = tracer.trace(&["routes/index.js"]).unwrap();
    assert_eq!(trace.file_list(), ["package.json", "routes/index.js"]);
    let out = nft_rs::build(&trace, std::path::Path::new("/app"), std::path::Path::new("out"));
    assert!(matches!(out, Err(nft_rs::Error::InvalidOption(_))), "{out:?}");
}

#[test]
fn a_tracer_is_reusable_and_keeps_answers() {
    let tracer = Tracer::with_file_system(TraceOptions::new("/app"), app()).unwrap();
    let first = tracer.trace(&["/app/server.js"]).unwrap();
    let second = tracer.trace(&["/app/server.js"]).unwrap();
    assert_eq!(first, second);
    let routes = tracer.trace(&["/app/routes/index.js"]).unwrap();
    assert_eq!(routes.file_list(), ["package.json", "routes/index.js"]);
}

#[test]
fn bad_entries_and_options_are_errors() {
    let fs = app();
    let tracer = Tracer::with_file_system(TraceOptions::new("/app"), Arc::clone(&fs) as _).unwrap();
    assert_eq!(
        tracer.trace(&["/app/nope.js"]).unwrap_err(),
        nft_rs::Error::EntryNotFound("/app/nope.js".into())
    );
    assert_eq!(
        tracer.trace(&["/app/routes"]).unwrap_err(),
        nft_rs::Error::EntryNotFile("/app/routes".into())
    );
    let err = Tracer::with_file_system(TraceOptions::new("/nowhere"), fs).unwrap_err();
    assert_eq!(err, nft_rs::Error::InvalidOption("--base is not a directory: /nowhere".to_owned()));
}

/// A file system that can read a file it cannot stat: a bundler's in-memory
/// module handed to the tracer through a `readFile` hook.
#[derive(Debug)]
struct InMemoryEntry(Arc<MemoryFs>);

impl nft_rs::FileSystem for InMemoryEntry {
    fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        if path == std::path::Path::new("/app/virtual-entry.js") {
            return Ok(b"require('./routes/index.js');\n".to_vec());
        }
        self.0.read(path)
    }
    fn metadata(&self, path: &std::path::Path) -> std::io::Result<nft_rs::Metadata> {
        self.0.metadata(path)
    }
    fn symlink_metadata(&self, path: &std::path::Path) -> std::io::Result<nft_rs::Metadata> {
        self.0.symlink_metadata(path)
    }
    fn read_link(&self, path: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
        self.0.read_link(path)
    }
    fn read_dir(&self, path: &std::path::Path) -> std::io::Result<Vec<String>> {
        self.0.read_dir(path)
    }
}

/// An entry the file system can read but not stat is traced (as `@vercel/nft`
/// does through its `readFile` hook); one it cannot read either is still missing.
#[test]
fn an_entry_that_only_reads_is_traced() {
    let fs = Arc::new(InMemoryEntry(app()));
    let tracer = Tracer::with_file_system(TraceOptions::new("/app"), fs).unwrap();
    let trace = tracer.trace(&["/app/virtual-entry.js"]).unwrap();
    assert_eq!(trace.file_list(), ["package.json", "routes/index.js", "virtual-entry.js"]);
    assert_eq!(
        tracer.trace(&["/app/nowhere.js"]).unwrap_err(),
        nft_rs::Error::EntryNotFound("/app/nowhere.js".into())
    );
}

/// With `--depth`, a file reached first by a long way and then by a shorter one
/// is walked again with the depth it now has left: what the long way could not
/// reach is traced.
#[test]
fn a_shorter_way_walks_deeper_under_a_depth_limit() {
    for threads in [1, 2] {
        let fs = MemoryFs::new();
        fs.add_file("/app/server.js", "require('./long1.js');\nrequire('./shared.js');\n");
        fs.add_file("/app/long1.js", "require('./shared.js');\n");
        fs.add_file("/app/shared.js", "require('./leaf.js');\n");
        fs.add_file("/app/leaf.js", "module.exports = 1;\n");
        let mut options = TraceOptions::new("/app");
        options.depth = Some(2);
        options.threads = Some(threads);
        let tracer = Tracer::with_file_system(options, Arc::new(fs)).unwrap();
        let trace = tracer.trace(&["/app/server.js"]).unwrap();
        assert!(trace.file_list().contains(&"leaf.js"), "{threads} threads");
    }
}
