use std::fmt::Write as _;
use std::path::Path;

use super::*;

fn opts(mixed_modules: bool) -> AnalyzeOptions {
    AnalyzeOptions { mixed_modules, analysis: AnalysisOptions::default(), cwd: "/cwd".to_owned() }
}

fn facts(path: &str, source: &str) -> FileFacts {
    let facts = analyze_source(Path::new(path), source, ModuleHint::Detect, &opts(true));
    assert_eq!(facts.parse_error, None);
    facts
}

fn deps(path: &str, source: &str) -> Vec<(DepKind, String)> {
    facts(path, source).deps.into_iter().map(|d| (d.kind, d.specifier)).collect()
}

fn specifiers(path: &str, source: &str) -> Vec<String> {
    facts(path, source).deps.into_iter().map(|d| d.specifier).collect()
}

fn assets(path: &str, source: &str) -> Vec<String> {
    facts(path, source)
        .references
        .into_iter()
        .map(|r| match r {
            Reference::Asset(p) => p.to_string(),
            Reference::AssetDir(p) => format!("dir:{p}"),
            Reference::RequireGlob(p) => format!("require:{p}"),
            other => format!("{other:?}"),
        })
        .collect()
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
    let facts = facts(
        "/a.ts",
        "import type { T } from 't'; import a from 'a' with { type: 'json' }; export * from 'b'; export { c } from 'c'; export type { D } from 'd'; const x = await import('e');",
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
        specifiers(
            "/a.mjs",
            "import { createRequire } from 'module'; const require = createRequire(import.meta.url); require('x')"
        ),
        ["x", "module"]
    );
    assert_eq!(specifiers("/a.js", "{ let require = f; } require('y')"), ["y"]);
}

#[test]
fn syntax_error_is_reported_with_position() {
    let facts =
        analyze_source(Path::new("/bad.js"), "const a = ;\n", ModuleHint::Detect, &opts(true));
    let error = facts.parse_error.unwrap();
    assert_eq!(error.position, Some(crate::error::Position { line: 1, column: 11 }), "{error:?}");
    assert!(!error.message.contains("line"), "the position is data, not prose: {error:?}");
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
    let off = analyze_source(Path::new("/a.mjs"), source, ModuleHint::Esm, &opts(false));
    assert_eq!(off.deps.len(), 1);
    let on = analyze_source(Path::new("/a.mjs"), source, ModuleHint::Esm, &opts(true));
    assert_eq!(on.deps.len(), 2);
}

#[test]
fn path_expressions_become_assets() {
    assert_eq!(
        assets(
            "/p/lib/a.js",
            "const path = require('path'); fs.readFileSync(path.join(__dirname, '..', 'data', 'x.json'));"
        ),
        ["/p/data/x.json"]
    );
    assert_eq!(assets("/p/a.js", "const p = __dirname + '/views';"), ["/p/views"]);
    assert_eq!(assets("/p/a.js", "console.log(__dirname)"), ["/p"]);
    assert_eq!(
        assets(
            "/p/a.mjs",
            "import { readFile } from 'fs/promises'; await readFile(new URL('./t.txt', import.meta.url));"
        ),
        ["/p/t.txt"]
    );
    assert_eq!(
        assets(
            "/p/a.mjs",
            "import { fileURLToPath } from 'url'; import { dirname, join } from 'path'; const __dirname = dirname(fileURLToPath(import.meta.url)); const f = join(__dirname, 'x.wasm');"
        ),
        ["/p", "/p/x.wasm"]
    );
    assert_eq!(
        assets("/p/a.js", "fs.readFileSync(process.cwd() + '/data.json')"),
        Vec::<String>::new()
    );
    assert_eq!(
        assets(
            "/p/a.js",
            "const fs = require('fs'); fs.readFileSync(process.cwd() + '/data.json')"
        ),
        ["/cwd/data.json"]
    );
}

#[test]
fn unknown_parts_become_wildcards() {
    assert_eq!(
        assets(
            "/p/a.js",
            "const path = require('path'); const f = path.join(__dirname, 'locales', lang + '.json');"
        ),
        ["/p/locales/*.json"]
    );
    assert_eq!(assets("/p/a.js", "require('./drivers/' + name)"), ["require:/p/drivers/*"]);
    assert_eq!(assets("/p/a.js", "import(`./pages/${page}.js`)"), ["require:/p/pages/*.js"]);
    assert_eq!(specifiers("/p/a.js", "require('./a' + '.js')"), ["./a.js"]);
}

#[test]
fn fs_forms_and_shadowing() {
    assert_eq!(
        assets(
            "/p/a.js",
            "const { readFileSync } = require('fs'); readFileSync(__dirname + '/a.txt')"
        ),
        ["/p/a.txt"]
    );
    assert_eq!(
        assets(
            "/p/a.js",
            "const fse = require('fs-extra'); fse.readJsonSync(`${__dirname}/c.json`)"
        ),
        ["/p/c.json"]
    );
    assert_eq!(
        assets("/p/a.js", "require('fs').promises.readFile(__dirname + '/b.txt')"),
        ["/p/b.txt"]
    );
    assert_eq!(
        assets("/p/a.js", "const fs = require('fs'); fs.readdirSync(__dirname)"),
        ["dir:/p"]
    );
    // A local `path` is not the path module.
    assert_eq!(
        assets("/p/a.js", "function f(path) { return path.join('a', 'b'); }"),
        Vec::<String>::new()
    );
}

#[test]
fn conditional_paths_give_both_branches() {
    assert_eq!(
        assets("/p/a.js", "const f = process.env.X ? __dirname + '/a.txt' : __dirname + '/b.txt';"),
        ["/p/a.txt", "/p/b.txt"]
    );
}

#[test]
fn require_wrappers_and_create_require() {
    assert_eq!(
        specifiers("/p/a.js", "function load(m) { var mod = require(m); return mod; } load('x');"),
        ["x"]
    );
    assert_eq!(
        specifiers(
            "/p/a.mjs",
            "import module from 'module'; const r = module.createRequire(import.meta.url); r('y');"
        ),
        ["y", "module"]
    );
    assert_eq!(
        specifiers(
            "/p/a.mjs",
            "import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);"
        ),
        ["/p/hooks.mjs", "node:module"]
    );
}

/// Runs `f` and returns its result with the number of expression evaluations it
/// took (the evaluator's work, counted instead of timed).
fn counting<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = expr::EVALUATIONS.with(std::cell::Cell::get);
    let value = f();
    (value, expr::EVALUATIONS.with(std::cell::Cell::get) - before)
}

#[test]
fn chained_concat_and_nested_conditionals_are_linear() {
    let chain = |n: usize| -> String {
        let links: Vec<String> = (0..n).map(|i| format!(".concat('/{i}')")).collect();
        let links = links.concat();
        format!("const f = __dirname{links};")
    };
    let nested = |n: usize| -> String {
        let mut nested = "'/x'".to_owned();
        for i in 0..n {
            nested = format!("(c{i} ? {nested} : '/y{i}')");
        }
        format!("const f = __dirname + {nested};")
    };
    let sum = |n: usize| -> String {
        let terms: Vec<String> = (0..n).map(|i| format!("(c{i} ? 'a' : 'b')")).collect();
        format!("const f = __dirname + '/' + {};", terms.join(" + "))
    };
    for (name, source, found) in [
        ("concat chain", &chain as &dyn Fn(usize) -> String, None),
        ("nested conditionals", &nested, Some(31)),
        ("sum of conditionals", &sum, Some(1)),
    ] {
        let (short, small) = counting(|| assets("/p/a.js", &source(30)));
        let (_, large) = counting(|| assets("/p/a.js", &source(60)));
        assert_eq!(short.len(), found.unwrap_or(1), "{name}: {short:?}");
        // Twice the expression, at most about twice the evaluations: each node is
        // evaluated once (an exponential evaluator would need 2^30 times more).
        assert!(large <= 2 * small + 8, "{name}: {small} evaluations for 30, {large} for 60");
        assert!(small <= 30 * 8, "{name}: {small} evaluations for 30 terms");
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    // Run as the tracer does: on a worker with its stack, not the test thread's.
    let handle = std::thread::Builder::new().stack_size(32 << 20).spawn(deep_nesting).unwrap();
    handle.join().unwrap();
}

fn deep_nesting() {
    let depth = 10_000;
    let source = format!("const x = {}1{};\nrequire('a');", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(specifiers("/p/a.js", &source), ["a"]);
    let source = format!("{}require('b'){};", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(specifiers("/p/a.js", &source), ["b"]);
    let too_deep = format!("{}1{};", "(".repeat(MAX_NESTING + 1), ")".repeat(MAX_NESTING + 1));
    let facts = analyze_source(Path::new("/p/a.js"), &too_deep, ModuleHint::Detect, &opts(true));
    assert!(facts.parse_error.unwrap().message.contains("levels deep"));
}

#[test]
fn nesting_estimates() {
    let brackets = |s: &str| nesting_estimate(s).brackets;
    let chain = |s: &str| nesting_estimate(s).chain;
    assert_eq!(brackets(""), 0);
    assert_eq!(brackets("f(a[b{c}]) + g()"), 3);
    // Stray closers never make the depth negative (that would hide real nesting).
    assert_eq!(brackets("}}}}((("), 3);
    assert_eq!(brackets("'(' + \"[\""), 2); // brackets in strings count: an upper bound
    assert_eq!(chain(""), 0);
    assert_eq!(chain("!!!!a"), 4);
    assert_eq!(chain("a=b=c"), 2);
    assert_eq!(chain("x=>y=>1"), 2);
    assert_eq!(chain("typeof typeof a"), 2);
    assert_eq!(chain("a.b.c;d"), 2);
    // `;`, `,` and braces end a chain.
    assert_eq!(chain("!a;!a,!a{!a}!!a"), 2);
    // Brackets and chains nest together: a file with some of each may need its own stack.
    let fits = |brackets, chain| Nesting { brackets, chain }.fits_worker_stack();
    assert!(fits(256, 0));
    assert!(fits(0, WORKER_STACK_BUDGET / STACK_PER_LINK));
    assert!(!fits(128, WORKER_STACK_BUDGET / STACK_PER_LINK));
}

/// Nesting without brackets (issue 8, found in session 4): prefix operators,
/// right-nested `=`, `?:` and `=>`, labels and keyword prefixes overflowed the
/// parser's stack at 20,000-100,000 levels and aborted the process.
#[test]
fn deep_chains_without_brackets() {
    let n = 20_000;
    let chains = [
        format!("x = {}a;", "!".repeat(n)),
        format!("x = {}a;", "- ".repeat(n)),
        format!("x = {}a;", "typeof ".repeat(n)),
        format!("x = {}A;", "new ".repeat(n)),
        format!("a{};", " = a".repeat(n)),
        format!("x = {}c;", "a ? b : ".repeat(n)),
        format!("g = {}1;", "x => ".repeat(n)),
        (0..n).fold(String::new(), |labels, i| labels + &format!("l{i}: ")) + "x;",
        format!("x = a{};", ".b".repeat(n)),
        format!("x = f{};", "()".repeat(n)),
    ];
    for chain in chains {
        let source = format!("{chain}\nrequire('dep');");
        assert_eq!(specifiers("/p/a.js", &source), ["dep"], "{}", &chain[..20]);
    }
    let too_long = format!("x = {}a;", "!".repeat(MAX_CHAIN + 1));
    let facts = analyze_source(Path::new("/p/a.js"), &too_long, ModuleHint::Detect, &opts(true));
    assert!(facts.parse_error.unwrap().message.contains("operators"));
}

#[test]
fn umd_factory_require_is_nodes() {
    let source = r#"(function (factory) {
        if (typeof module === "object" && typeof module.exports === "object") {
            var v = factory(require, exports);
            if (v !== undefined) module.exports = v;
        } else if (typeof define === "function" && define.amd) {
            define(["require", "exports", "./impl"], factory);
        }
    })(function (require, exports) { var impl = require("./impl"); });"#;
    assert_eq!(specifiers("/p/umd.js", source), ["./impl"]);
}

#[test]
fn when_js_amd_factory_require_is_nodes() {
    let source = r"(function (define) { 'use strict';
        define(function (require) { var a = require('./lib/a'); });
    })(typeof define === 'function' && define.amd ? define : function (factory) { module.exports = factory(require); });";
    assert_eq!(specifiers("/p/when.js", source), ["./lib/a"]);
}

#[test]
fn browserify_externals_are_required_and_internals_are_not() {
    let source = r#"(function(){function r(e,n,t){return e}return r})()({1:[function(require,module,exports){
        var ext = require('external-pkg'); var local = require('./local');
    },{"./local":2,"external-pkg":undefined}],2:[function(require,module,exports){
        module.exports = 1;
    },{}]},{},[1]);"#;
    assert_eq!(specifiers("/p/bundle.js", source), ["external-pkg"]);
}

#[test]
fn webpack_builtin_modules_are_understood() {
    let source = r#"module.exports = (function(modules) { function __webpack_require__(id) {} return __webpack_require__(1); })([
        function (e, t) { e.exports = require("path"); },
        function (e, t, n) { const p = n(0); const fs = n(2); fs.readFileSync(p.join(__dirname, "data.json")); },
        function (e) { e.exports = require("fs"); }
    ]);"#;
    let found = facts("/p/dist/server.js", source);
    let names: Vec<String> = found.deps.iter().map(|d| d.specifier.clone()).collect();
    assert_eq!(names, ["fs", "path"]);
    assert!(
        found.references.contains(&Reference::Asset(PathPattern::new("/p/dist/data.json"))),
        "{:?}",
        found.references
    );
    let webpack5 = r#"var __webpack_modules__ = ({ "path": ((module) => { module.exports = require("path"); }) });
        function __webpack_require__(moduleId) { return __webpack_modules__[moduleId](); }
        const path = __webpack_require__("path");
        const x = path.join(__dirname, "assets");"#;
    assert_eq!(assets("/p/dist/main.js", webpack5), ["/p/dist/assets"]);
}

/// webpack 5's minified runtime among hundreds of other small functions and more
/// than one table-like object (the TypeScript compiler's shape, where candidates are
/// looked at in parallel): the require function is found by the table it indexes,
/// whichever table that is, and the builtin it returns is understood.
#[test]
fn webpack5_require_among_many_functions_and_tables() {
    let mut source = String::from("(() => {\nvar a = { x: (e) => e };\n");
    source.push_str("var m = { 17: (e) => { e.exports = require(\"path\"); } };\n");
    for i in 0..300 {
        let _ = writeln!(source, "function f{i}(n) {{ return a.x(n) + {i}; }}");
    }
    source.push_str("function r(s) { var e = { exports: {} }; m[s](e); return e.exports; }\n");
    source.push_str("const p = r(17);\nmodule.exports = p.join(__dirname, \"assets\");\n})();\n");
    let found = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| assets("/p/dist/main.js", &source));
    assert_eq!(found, ["/p/dist/assets"]);
}
