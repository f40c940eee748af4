//! `Tracer::with_hooks`: a caller's ignore predicate and resolver (what the Node
//! binding passes `@vercel/nft`'s `ignore` function and `resolve` option through).

use std::path::Path;
use std::sync::{Arc, Mutex};

use nft_rs::{DiagnosticKind, Hooks, MemoryFs, ResolveHook, TraceOptions, Tracer};

fn app() -> Arc<MemoryFs> {
    let fs = MemoryFs::new();
    fs.add_file("/app/server.js", "require('./a.js');\nrequire('virtual');\nrequire('gone');\n");
    fs.add_file("/app/a.js", "require('./b.js');\n");
    fs.add_file("/app/b.js", "module.exports = 1;\n");
    fs.add_file("/app/mapped/virtual.js", "module.exports = 2;\n");
    Arc::new(fs)
}

#[derive(Default)]
struct Mapping {
    asked: Mutex<Vec<(String, String, bool)>>,
}

impl ResolveHook for Mapping {
    fn resolve(&self, specifier: &str, importer: &Path, cjs: bool) -> Result<Vec<String>, String> {
        let importer = importer.to_string_lossy().into_owned();
        self.asked.lock().unwrap().push((specifier.to_owned(), importer, cjs));
        match specifier {
            "virtual" => Ok(vec!["/app/mapped/virtual.js".to_owned(), "node:fs".to_owned()]),
            "./a.js" => Ok(vec!["/app/a.js".to_owned()]),
            "./b.js" => Ok(vec!["/app/b.js".to_owned()]),
            other => Err(format!("no such module {other}")),
        }
    }
}

#[test]
fn the_resolve_hook_replaces_resolution() {
    let mapping = Arc::new(Mapping::default());
    let hooks =
        Hooks { resolve: Some(Arc::clone(&mapping) as Arc<dyn ResolveHook>), ..Hooks::default() };
    let tracer = Tracer::with_hooks(TraceOptions::new("/app"), app(), hooks).unwrap();
    let trace = tracer.trace(&["/app/server.js"]).unwrap();
    assert_eq!(trace.file_list(), ["a.js", "b.js", "mapped/virtual.js", "server.js"]);
    let unresolved: Vec<_> = trace
        .diagnostics()
        .iter()
        .filter(|d| d.kind() == DiagnosticKind::Unresolved)
        .map(|d| d.file().to_owned())
        .collect();
    assert_eq!(unresolved, ["server.js"]);
    assert!(trace.diagnostics()[0].message().contains("no such module gone"));
    let mut asked = mapping.asked.lock().unwrap().clone();
    asked.sort();
    assert_eq!(
        asked,
        [
            ("./a.js".to_owned(), "/app/server.js".to_owned(), true),
            ("./b.js".to_owned(), "/app/a.js".to_owned(), true),
            ("gone".to_owned(), "/app/server.js".to_owned(), true),
            ("virtual".to_owned(), "/app/server.js".to_owned(), true),
        ]
    );
}

#[test]
fn the_ignore_hook_leaves_paths_out_as_a_glob_would() {
    let by_fn = Hooks { ignore: Some(Arc::new(|rel: &str| rel == "a.js")), ..Hooks::default() };
    let tracer = Tracer::with_hooks(TraceOptions::new("/app"), app(), by_fn).unwrap();
    let with_fn = tracer.trace(&["/app/server.js"]).unwrap();
    let mut options = TraceOptions::new("/app");
    options.ignore.push("a.js".to_owned());
    let with_glob = Tracer::with_file_system(options, app()).unwrap().trace(&["/app/server.js"]);
    let with_glob = with_glob.unwrap();
    assert_eq!(with_fn.file_list(), ["server.js"]);
    assert_eq!(with_fn.file_list(), with_glob.file_list());
    assert!(with_fn.reasons()["a.js"].ignored());
    // An entry is never asked about.
    let entry =
        Hooks { ignore: Some(Arc::new(|rel: &str| rel == "server.js")), ..Hooks::default() };
    let tracer = Tracer::with_hooks(TraceOptions::new("/app"), app(), entry).unwrap();
    assert_eq!(
        tracer.trace(&["/app/server.js"]).unwrap().file_list(),
        ["a.js", "b.js", "server.js"]
    );
}
