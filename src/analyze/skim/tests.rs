//! Skimming changes no facts: each form the text pass must judge, compared with
//! the whole parse, and every script under `fixtures/`.

use std::path::Path;

use super::{Skimming, skim};
use crate::analyze::{AnalyzeOptions, FileFacts, ModuleHint, Reference, analyze_source_as};
use crate::options::AnalysisOptions;

const FILE: &str = "/app/index.js";

fn analyze(path: &str, source: &str, skimming: Skimming) -> FileFacts {
    let options = AnalyzeOptions {
        mixed_modules: true,
        analysis: AnalysisOptions::default(),
        cwd: "/app".to_owned(),
    };
    analyze_source_as(Path::new(path), source, ModuleHint::Detect, &options, skimming)
}

/// The facts of `source`, the same skimmed or not.
fn both(source: &str) -> FileFacts {
    let whole = analyze(FILE, source, Skimming::Off);
    let skimmed = analyze(FILE, source, Skimming::Always);
    assert_eq!(whole, skimmed, "skimming changed the facts of:\n{source}");
    assert_eq!(whole.parse_error, None);
    skimmed
}

/// How many bodies the text pass leaves out.
fn left_out(source: &str) -> usize {
    skim(source, Skimming::Always).map_or(0, |s| s.len())
}

fn assets(facts: &FileFacts) -> Vec<String> {
    facts
        .references
        .iter()
        .filter_map(|r| match r {
            Reference::Asset(p) => Some(p.to_string()),
            _ => None,
        })
        .collect()
}

fn specifiers(facts: &FileFacts) -> Vec<&str> {
    facts.deps.iter().map(|d| d.specifier.as_str()).collect()
}

#[test]
fn bodies_that_name_no_trigger_are_left_out() {
    let source = "require('./a');
function add(a, b) { const c = a + b; return c * 2 + add(c, 1); }
const twice = (x) => { let y = x; y = y * 2; return y; };
class Point { constructor(x) { this.x = x; this.y = x * 2; } norm() { return Math.abs(this.x) + 1; } }
module.exports = { add, twice, Point };
";
    assert_eq!(left_out(source), 4);
    assert_eq!(specifiers(&both(source)), ["./a"]);
}

#[test]
fn bodies_naming_a_trigger_stay() {
    for body in [
        "return require('./b');",
        "return import('./b');",
        "return __dirname + 'x';",
        "return process.cwd();",
        "return new URL('./b', import.meta.url);",
        "return module.require('./b');",
        "return '/etc/passwd';",
        "return eval('1');",
    ] {
        let source = format!("function f() {{ {body} /* padding padding */ }}\n");
        assert_eq!(left_out(&source), 0, "{body}");
    }
}

#[test]
fn a_name_bound_outside_brings_the_body_back() {
    let source = "const { readFileSync } = require('fs');
const path = require('path');
const dir = path.join(__dirname, 'data');
function load() { return readFileSync(path.join(dir, 'table.json'), 'utf8'); }
";
    assert_eq!(left_out(source), 1);
    assert!(assets(&both(source)).iter().any(|a| a == "/app/data/table.json"));
}

#[test]
fn a_name_assigned_in_one_function_and_used_in_another() {
    let source = "let fsx, base;
function init() { fsx = require('fs'); base = __dirname; }
init();
function read() { return fsx.readFileSync(base + '/blob.bin'); }
function other() { return fsx.readFileSync(base + String(1)); }
";
    // `read` names a string starting with `/`; `other` is left out, then brought
    // back by the walk: `fsx` and `base` were bound in `init`.
    assert_eq!(left_out(source), 1);
    let facts = both(source);
    assert!(assets(&facts).iter().any(|a| a == "/app/blob.bin"), "{facts:?}");
}

#[test]
fn an_assignment_to_an_outer_name_keeps_the_body() {
    let source = "let name;
function setup() { name = 'conf.json'; return name.length + 1; }
setup();
require('fs').readFileSync(require('path').join(__dirname, name));
";
    assert_eq!(left_out(source), 0);
    assert_eq!(assets(&both(source)), ["/app/conf.json"]);
    // The same name declared in the body (by `var`, a parameter, `let` in the
    // body's block) or in a nested block stays inside.
    for local in [
        "var name; name = 'x';",
        "let name; { name = 'x'; }",
        "{ let other = 1; other = 2; } var name = 'y'; name = 'x';",
    ] {
        let source = format!("function setup(a) {{ {local} a = 1; return a; }}\n");
        assert_eq!(left_out(&source), 1, "{local}");
    }
    // Declared only in a nested block or function: the assignment outside it is
    // to the outer name.
    for leak in [
        "{ let name; } name = 'x';",
        "function inner(name) { return name; } name = 'x';",
        "for (let name of []) {} name = 'x';",
        "try {} catch (name) {} name = 'x';",
        "[name] = ['x'];",
        "({ name } = { name: 'x' });",
    ] {
        let source = format!("function setup() {{ {leak} return 1; }}\n");
        assert_eq!(left_out(&source), 0, "{leak}");
        both(&source);
    }
}

/// A function called in place (`})(`, `}(`, `}).call(`) is not left out: the walk
/// binds its parameters and would parse it back whole; its inner functions are
/// judged one by one (TypeScript 4's namespaces, enums compiled to such calls).
#[test]
fn a_function_called_in_place_stays_and_its_inner_functions_go() {
    let source = "var ns;
(function (ns) {
  function add(a, b) { const c = a + b; return c * 2 + 1; }
  ns.add = add;
  ns.twice = (x) => { let y = x; return y * 2 + y; };
})(ns || (ns = {}));
var Kind = /* @__PURE__ */ ((Kind) => {
  Kind[Kind[\"A\"] = 0] = \"A\";
  Kind[Kind[\"B\"] = 1] = \"B\";
  return Kind;
})(Kind || {});
!function (m) { m.size = function () { return 1 + 1 + 1 + 1; }; }({});
(function () { this.name = 'x'; return 1 + 1 + 1 + 1 + 1; }).call(this);
module.exports = { ns, Kind };
";
    assert_eq!(left_out(source), 3, "add, twice and size");
    both(source);
}

/// A function called in place that the text pass does not see as such (here a
/// comment before the call) is left out, and the walk parses it back to bind its
/// parameters.
#[test]
fn a_function_called_in_place_gets_its_arguments() {
    let source = "(function (d, read) { return read(d + '.txt', 'utf8'); } /* in place */)(
  __dirname + '/asset', require('fs').readFileSync);
";
    assert_eq!(left_out(source), 1);
    assert!(assets(&both(source)).iter().any(|a| a == "/app/asset.txt"));
}

#[test]
fn syntax_the_pass_follows() {
    let source = r#"require('./top');
function regexes(s) { return s.replace(/}{'"`/g, '').split(/[/}]/).length / 2; }
function templates(a) { return `}${ { a: `{${a}}` }.a }'"` + '}' + "{"; }
function comments() { /* } { ' */ return 1; // } {
}
const object = { get value() { return 1 + 1; }, set value(v) { this.v = v; }, method(a = 1, { b } = {}) { return a + b; } };
class Base extends Object { static make() { return new this(); } }
class Mixed extends mixin(Base) { method() { return super.method(); } }
async function later() { await null; return 1 + 1 + 1 + 1; }
function* numbers() { yield 1; yield 2; yield 3; yield 4; }
const computed = { async [Symbol.iterator]() { await null; return 1; }, *gen() { yield 1 + 1 + 1; } };
const arrows = [1, 2].map((x, i = 0) => { return x * i + 1; }).filter(x => { return x > 0 || x < 0; });
label: for (const k of [1]) { if (k) { continue label; } }
x = a ++ / 2 / 3; y = b-- / 2;
module.exports = { regexes, templates, comments, object, Base, Mixed, later, numbers, computed, arrows };
"#;
    assert!(left_out(source) >= 5, "{}", left_out(source));
    assert_eq!(specifiers(&both(source)), ["./top"]);
}

/// After the head of `if`, `for`, `while` or `with` a statement starts, so a `/`
/// there opens a regular expression (a dev build of Next's runtime has
/// `for (const p of ps) /[/\\]next[/\\]/.test(p) || ...`); after a call's or a
/// group's `)` it divides, also when the callee is a member named like a keyword.
/// Misread, such a regex can hide a `require` in what the pass takes for a string.
#[test]
fn a_regex_right_after_a_statement_head() {
    let source = r"require('./top');
function loaders(ps, lines) { for (const p of ps) /[/\\]next[/\\]dist[/\\]/.test(p) || lines.push(`(${p})`); return lines.length + 1; }
function guard(s) { if (s) /}[{]/g.test(s); while (s.length > 9) /x\/}/.exec(s) && (s = s.slice(1)); return s; }
function divide(a, b) { const q = (a + b) / 2 / 3; return o.if(a) / 2 + f(b) / 2 + q; }
function later() { do a(); while (b) /[/}]/.test(c); return 1 + 1 + 1; }
const each = async (xs) => { for await (const x of xs) /[/}]/.test(x); return 1 + 1; };
function hidden(x, y) { if (x) /a'b/.test(x), require('./hidden'), /a'b/.test(y); return 1; }
module.exports = { loaders, guard, divide, later, each, hidden };
";
    assert_eq!(left_out(source), 4);
    // Read as a division, the first `/` made `'b/.test(x), require('` a string: the
    // pass still balanced, missed the trigger, and left out a body that loads a file.
    assert_eq!(specifiers(&both(source)), ["./hidden", "./top"]);
}

#[test]
fn bundle_module_functions_stay() {
    // A webpack runtime's module table: the module functions get their `require`
    // from the bundle; the helpers inside them may still be left out.
    let source = "var modules = {
  17: (e, t, n) => { 'use strict'; const p = n(42); function helper(a) { return a + 1 + 2 + 3 + 4; } e.exports = helper(p); },
  42: (e) => { e.exports = require('path'); },
};
var cache = {};
function load(id) { var m = cache[id] = { exports: {} }; modules[id](m, m.exports, load); return m.exports; }
load(17);
";
    let skimmed = skim(source, Skimming::Always).expect("skimmed");
    assert_eq!(skimmed.len(), 1); // `helper`
    both(source);
}

/// Every script of the repository's fixtures gives the same facts skimmed.
#[test]
fn every_fixture_script() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut stack = vec![root];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let is_script = path.extension().is_some_and(|e| e == "js" || e == "cjs" || e == "mjs");
            let Ok(source) = std::fs::read_to_string(&path) else { continue };
            if !is_script {
                continue;
            }
            let name = path.to_string_lossy();
            let whole = analyze(&name, &source, Skimming::Off);
            if whole.parse_error.is_some() {
                continue; // a syntax error inside a left-out body goes unseen
            }
            assert_eq!(whole, analyze(&name, &source, Skimming::Always), "{name}");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn a_deep_body_brought_back_inside_the_walk_has_the_stack_it_needs() {
    let depth = 3000;
    let source = format!(
        "const d = __dirname;\nfunction deep() {{ return {}d{}; }}\nmodule.exports = deep;\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert_eq!(left_out(&source), 1);
    both(&source);
}

/// Cut anywhere, a file gives the pass no panic: it skims it or gives up.
#[test]
fn every_prefix_of_a_file_is_skimmed_or_refused() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/trace/bundle-webpack5-chunks/dev/main.js"),
    )
    .unwrap();
    let tricky = "function f(a = `x${ {b: /}/g} }`) { return a /* } */ + '{'; }\nclass C extends g() { m() { return 1 + 1 + 1 + 1 + 1; } }\n";
    for text in [source.as_str(), tricky] {
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let _ = skim(&text[..end], Skimming::Always);
        }
    }
}

/// A bundle of `blocks` statements at column 0 inside a wrapper function, over
/// `MIN_SPLIT_LEN` long: the shape read in pieces. Each block varies what the
/// pass must follow (regexes, templates, comments, nested functions, triggers,
/// names assigned outside).
fn bundle(blocks: usize, block: impl Fn(usize) -> String) -> String {
    let mut source =
        String::from("var lib = {}; ((module) => {\n\"use strict\";\nvar start = 0;\n");
    for i in 0..blocks {
        source.push_str(&block(i));
    }
    source.push_str("var done = true;\nmodule.exports = lib;\n})(typeof module !== 'undefined' ? module : {});\n");
    assert!(source.len() >= crate::analyze::split::MIN_SPLIT_LEN);
    source
}

fn varied_block(i: usize) -> String {
    format!(
        "var v{i} = {i};
function f{i}(a, b) {{ const s = `{{${{a}}}}` + '}}'; return s.replace(/[}}{{]/g, '') + inner(b) / 2; function inner(x) {{ return x * {i}; }} }}
const g{i} = (x) => {{ /* }} {{ */ if (x) /[/\\\\]/.test(x); return x; }};
function h{i}() {{ v{i} = 2; return v{i}; }}
function r{i}() {{ return require('./dep{i}'); }}
class C{i} {{ m() {{ return {i} + 1 + 1 + 1 + 1 + 1 + 1; }} }}
"
    )
}

/// The bodies and words each reading gives, comparable.
fn bodies_of(read: (Vec<super::Body>, Vec<Vec<u64>>)) -> Vec<(u32, u32, Vec<u64>)> {
    let (bodies, words) = read;
    bodies
        .iter()
        .map(|b| {
            (b.lo, b.hi, words[b.part as usize][b.words.0 as usize..b.words.1 as usize].to_vec())
        })
        .collect()
}

fn on_two_threads<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap().install(f)
}

/// Read in pieces on several threads, a bundle gives the bodies and words of
/// one pass, and the same facts as the whole parse.
#[test]
fn pieces_read_what_one_pass_reads() {
    let source = bundle(3_000, varied_block);
    let pieces = on_two_threads(|| super::read_in_pieces(&source, false))
        .expect("the bundle is read in pieces");
    let whole = super::read_whole(&source, false).unwrap();
    assert_eq!(bodies_of(pieces), bodies_of(whole));
    let facts = on_two_threads(|| both(&source));
    assert_eq!(specifiers(&facts).len(), 3_000);
}

/// A line that looks like a cut inside a template (or anywhere a piece cannot
/// end between two tokens with its brackets closed) refuses the pieces; the
/// single pass then reads the file.
#[test]
fn a_cut_inside_a_template_refuses_the_pieces() {
    let source = bundle(3_000, |i| {
        let indented = varied_block(i).replace('\n', "\n  ");
        format!("  {indented}const t{i} = `\nvar inside{i} = 1;\n`;\n")
    });
    let cuts = crate::analyze::split::cuts_of(&source, 8).unwrap();
    assert!(cuts[1..cuts.len() - 1].iter().all(|&c| source[c..].starts_with("var inside")));
    assert!(on_two_threads(|| super::read_in_pieces(&source, false)).is_none());
    let facts = on_two_threads(|| both(&source));
    assert_eq!(specifiers(&facts).len(), 3_000);
}

/// A cut inside a function nested in the frame's body: the piece before it ends
/// with that function open, so the pieces are refused.
#[test]
fn a_cut_inside_a_nested_function_refuses_the_pieces() {
    let source =
        bundle(30_000, |i| format!("  function n{i}(a) {{\nvar x{i} = a;\nreturn x{i};\n  }}\n"));
    let cuts = crate::analyze::split::cuts_of(&source, 8).unwrap();
    assert!(cuts[1..cuts.len() - 1].iter().all(|&c| source[c..].starts_with("var x")));
    assert!(on_two_threads(|| super::read_in_pieces(&source, false)).is_none());
    on_two_threads(|| both(&source));
}
