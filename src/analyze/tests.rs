use std::path::Path;

use super::*;

fn deps(path: &str, source: &str) -> Vec<(DepKind, String)> {
    let facts = analyze_source(
        Path::new(path),
        source,
        ModuleHint::Detect,
        AnalyzeOptions { mixed_modules: true },
    );
    assert_eq!(facts.parse_error, None);
    facts.deps.into_iter().map(|d| (d.kind, d.specifier)).collect()
}

#[test]
fn commonjs_forms() {
    let found = deps(
        "/a.js",
        "require('a'); require.resolve(`b`); module.require('c'); require(x ? 'd' : 'e');",
    );
    let names: Vec<&str> = found.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert!(found.iter().all(|(k, _)| *k == DepKind::Require));
}

#[test]
fn esm_forms_and_type_only_imports() {
    let facts = analyze_source(
        Path::new("/a.ts"),
        "import type { T } from 't'; import a from 'a' with { type: 'json' }; export * from 'b'; export { c } from 'c'; export type { D } from 'd'; const x = await import('e');",
        ModuleHint::Detect,
        AnalyzeOptions { mixed_modules: true },
    );
    assert!(facts.is_esm);
    let names: Vec<String> = facts.deps.into_iter().map(|d| d.specifier).collect();
    assert_eq!(names, ["a", "b", "c", "e"]);
}

#[test]
fn shadowed_require_is_not_followed() {
    assert_eq!(deps("/a.js", "(function (require) { require('x') })(f)"), []);
    assert_eq!(deps("/a.js", "function f() { var require = g; require('x') }"), []);
    assert_eq!(
        deps("/a.mjs", "import { createRequire } from 'module'; const require = createRequire(import.meta.url); require('x')")
            .into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>(),
        ["x", "module"]
    );
}

#[test]
fn syntax_error_is_reported_with_position() {
    let facts = analyze_source(
        Path::new("/bad.js"),
        "const a = ;\n",
        ModuleHint::Detect,
        AnalyzeOptions { mixed_modules: true },
    );
    let message = facts.parse_error.unwrap();
    assert!(message.contains("line 1"), "{message}");
}

#[test]
fn hashbang_bom_and_jsx_parse() {
    assert_eq!(deps("/bin", "#!/usr/bin/env node\nrequire('a')").len(), 1);
    assert_eq!(deps("/b.js", "\u{feff}require('a')").len(), 1);
    assert_eq!(deps("/c.js", "const React = require('react'); const x = <div/>;").len(), 1);
}

#[test]
fn require_in_esm_follows_mixed_modules_option() {
    let source = "import 'a'; require('b');";
    let off = analyze_source(
        Path::new("/a.mjs"),
        source,
        ModuleHint::Esm,
        AnalyzeOptions { mixed_modules: false },
    );
    assert_eq!(off.deps.len(), 1);
    let on = analyze_source(
        Path::new("/a.mjs"),
        source,
        ModuleHint::Esm,
        AnalyzeOptions { mixed_modules: true },
    );
    assert_eq!(on.deps.len(), 2);
}
