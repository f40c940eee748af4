//! Same input, same bytes out: a generated tree with hundreds of modules,
//! pnpm-style links and a workspace link is traced with 1, 2 and 4 threads, twice
//! each; a 1.2 MB esbuild-shaped bundle (parsed in pieces when there are several
//! threads) traces the same on 1 to 4 threads.

use std::fmt::Write as _;
use std::path::Path;

use crate::support::{run, stderr, stdout};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// 40 packages in a `.pnpm` store, each with 12 modules that require each other
/// and the next two packages through links; an app requiring all of them.
#[cfg(unix)]
fn generate(root: &Path) {
    let packages = 40;
    let mut entry = String::new();
    for p in 0..packages {
        let name = format!("pkg{p}");
        let real = root.join(format!("node_modules/.pnpm/{name}@1.0.0/node_modules/{name}"));
        write(
            &real.join("package.json"),
            &format!("{{\"name\":\"{name}\",\"main\":\"lib/m0.js\"}}"),
        );
        for m in 0..12 {
            let mut text = String::new();
            if m + 1 < 12 {
                let _ = writeln!(text, "require('./m{}');", m + 1);
            }
            if m == 0 {
                for dep in [p + 1, p + 2].into_iter().filter(|d| *d < packages) {
                    let _ = writeln!(text, "require('pkg{dep}');");
                    let link =
                        root.join(format!("node_modules/.pnpm/{name}@1.0.0/node_modules/pkg{dep}"));
                    if std::fs::symlink_metadata(&link).is_err() {
                        std::os::unix::fs::symlink(
                            format!("../../pkg{dep}@1.0.0/node_modules/pkg{dep}"),
                            &link,
                        )
                        .unwrap();
                    }
                }
                text.push_str("require('./data.json');\n");
                write(&real.join("lib/data.json"), "{}");
            }
            write(&real.join(format!("lib/m{m}.js")), &text);
        }
        std::os::unix::fs::symlink(
            format!(".pnpm/{name}@1.0.0/node_modules/{name}"),
            root.join(format!("node_modules/{name}")),
        )
        .unwrap();
        let _ = writeln!(entry, "require('{name}');");
    }
    entry.push_str("require('@ws/shared');\nrequire('./missing-on-purpose');\n");
    write(
        &root.join("packages/shared/package.json"),
        "{\"name\":\"@ws/shared\",\"type\":\"module\",\"exports\":\"./index.js\"}",
    );
    write(&root.join("packages/shared/index.js"), "import './a.js';\nexport default 1;\n");
    write(&root.join("packages/shared/a.js"), "export const a = 1;\n");
    std::fs::create_dir_all(root.join("node_modules/@ws")).unwrap();
    std::os::unix::fs::symlink("../../packages/shared", root.join("node_modules/@ws/shared"))
        .unwrap();
    write(&root.join("entry.js"), &entry);
}

#[cfg(unix)]
#[test]
fn output_does_not_depend_on_threads_or_runs() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
    let mut outputs = Vec::new();
    for threads in ["1", "2", "4", "1", "2", "4"] {
        let output = run(
            dir.path(),
            &["print", "--json", "--threads", threads, "--node-version", "22", "entry.js"],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        outputs.push(stdout(&output));
    }
    for (i, out) in outputs.iter().enumerate().skip(1) {
        assert!(*out == outputs[0], "run {i} differs from run 0");
    }
    let doc: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    let files = doc["fileList"].as_array().unwrap();
    // 40 packages × (12 modules + data.json + package.json) + 40 top links +
    // 77 inner links (38 × 2 + 1) + entry + the workspace link, package.json and 2 modules.
    assert_eq!(files.len(), 40 * 14 + 40 + 77 + 1 + 4);
    assert_eq!(doc["esmFileList"].as_array().unwrap().len(), 2);
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 1);
    // The text output is the same list.
    let text =
        stdout(&run(dir.path(), &["print", "--threads", "3", "--node-version", "22", "entry.js"]));
    let listed: Vec<&str> = text.lines().collect();
    let from_json: Vec<&str> = files.iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(listed, from_json);
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(listed, sorted, "sorted bytewise, no duplicates");
}

/// A 1.2 MB script shaped like an esbuild bundle (one wrapper function, declarations
/// at column 0) is parsed on several threads when there are several: bindings made
/// in its first part are used in its last, and every thread count finds the same.
#[test]
fn a_large_bundle_traces_the_same_on_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("var lib = {}; ((module) => {\n\"use strict\";\n");
    text.push_str("var fs = require(\"fs\");\nvar path = require(\"path\");\n");
    text.push_str("var first = require(\"./first\");\n");
    for i in 0..6000 {
        let _ = writeln!(
            text,
            "function helper{i}(node, flags) {{\n  if (node.kind === {i} && flags & 4) {{\n    return `h{i}${{node.name}}` + /[a-z]+/g.source;\n  }}\n  return helper{}(node.parent, flags >> 1);\n}}",
            (i + 1) % 6000
        );
    }
    text.push_str("var data = fs.readFileSync(path.join(__dirname, \"data.txt\"), \"utf8\");\n");
    text.push_str("var last = require(\"./last\");\nmodule.exports = lib;\n})(module);\n");
    assert!(text.len() > 1 << 20);
    write(&dir.path().join("bundle.js"), &text);
    for name in ["first.js", "last.js", "data.txt"] {
        write(&dir.path().join(name), "\n");
    }
    let mut outputs = Vec::new();
    for threads in ["1", "2", "3", "4"] {
        let output = run(dir.path(), &["print", "--json", "--threads", threads, "bundle.js"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        outputs.push(stdout(&output));
    }
    for (i, out) in outputs.iter().enumerate().skip(1) {
        assert!(*out == outputs[0], "thread count {} differs from 1", i + 1);
    }
    let doc: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    let files: Vec<&str> =
        doc["fileList"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(files, ["bundle.js", "data.txt", "first.js", "last.js"]);
}
