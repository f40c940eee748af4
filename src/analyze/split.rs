//! Parses one large script on several threads (issue 7: `typescript.js` is one 9 MB
//! file, and its parse on one thread was most of its trace).
//!
//! esbuild and rollup write a bundle's code as one function body (or the top level)
//! of declarations that start at column 0. Such a file is cut at those lines: the
//! *region* from the first cut to the last is left out and the rest, the *frame*,
//! is parsed first (its positions after the region moved back to the file's: only
//! whitespace differs, as if the region were blanked); then the region's *pieces*,
//! between consecutive cuts, are parsed in parallel, each alone as a statement
//! list, and their statements are spliced into the frame where the region was. The
//! result is the tree a single parse gives, or nothing (the caller then parses the
//! file whole), because:
//!
//! - The frame must parse with the region between two statements of a function
//!   body (not async, not a generator: `await`/`yield` read differently there) or
//!   of the script, and not inside a comment: so the text before the first piece
//!   ends at a statement boundary, in code.
//! - A piece ends where the next begins, and each must parse alone as a complete
//!   statement list: a cut inside a string, template, comment or bracket opened in
//!   the piece before it makes that piece fail. By induction every piece starts at
//!   a statement boundary of the same list.
//! - Every cut is a line that starts with `var`, `let`, `const`, `function` or
//!   `class`, which cannot continue the statement before it, so automatic semicolon
//!   insertion ends that statement the same way whether the file is whole or not.
//! - Every part must parse as a script (no module syntax): a part that would make
//!   the file a module sends it back to the single parse. Files with HTML-like
//!   comments are parsed whole (see `has_html_comment`).
//!
//! The one difference left is on files that do not parse at all: a piece that
//! breaks a strict-mode rule under a `"use strict"` of the frame parses alone (it
//! is retried as a sloppy script), where the whole file is a syntax error. Node
//! cannot load such a file either; its facts are then extra files, not missing ones.

use rayon::prelude::*;
use swc_common::comments::{Comment, SingleThreadedComments};
use swc_common::{BytePos, Spanned};
use swc_ecma_ast::{ArrowExpr, ArrowFunctionBody, Function, Program, Script, Stmt};
use swc_ecma_parser::{Parser, StringInput, Syntax};
use swc_ecma_visit::{VisitMut, VisitMutWith};

/// Files smaller than this parse whole: smaller files come many to a trace and
/// keep the workers busy side by side; one large file is what leaves a worker idle
/// (typescript.js, 9 MB). A 256 KiB threshold, which also splits @aws-sdk/client-s3's
/// 469 KB index and firebase's 738 KB database bundle, timed the same on those traces
/// (21-31 alternating runs): the other worker has files of its own by then.
pub(super) const MIN_SPLIT_LEN: usize = 1 << 20;

/// The line starts a cut may be made at.
const CUT_KEYWORDS: [&[u8]; 6] =
    [b"var ", b"let ", b"const ", b"function ", b"function*", b"class "];

/// Parses `source` as a frame and then `pieces` pieces in parallel, if the file has
/// the shape described in the module documentation; `None` otherwise.
pub(super) fn parse_split(source: &str, syntax: Syntax, pieces: usize) -> Option<Program> {
    if has_html_comment(source) {
        return None;
    }
    let (region, mut frame) = find_region(source, syntax)?;
    let cuts = inner_cuts(source, region, pieces);
    if cuts.len() < 3 {
        return None;
    }
    let jobs: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let parsed: Vec<Option<Script>> = jobs
        .into_par_iter()
        .with_max_len(1)
        .map(|(start, end)| parse_script_at(&source[start..end], start, syntax, None))
        .collect();
    let mut stmts = Vec::new();
    for piece in parsed {
        let piece = piece?;
        // The script starts at its first token, which may be in the first piece.
        frame.span.lo = frame.span.lo.min(piece.span.lo);
        stmts.extend(piece.body);
    }
    Splicer::new(region, stmts).splice(&mut frame).then_some(Program::Script(frame))
}

/// The cuts `parse_split` would try for `pieces` pieces, without parsing: the
/// first cut line that follows a statement's end and opens no parenthesis, the
/// cuts between, and the last (the skim reads the pieces side by side and checks
/// each cut itself). `None` with fewer than two pieces.
pub(super) fn cuts_of(source: &str, pieces: usize) -> Option<Vec<usize>> {
    let (mut firsts, last) = region_ends(source)?;
    let cuts = inner_cuts(source, (firsts.next()?, last), pieces);
    (cuts.len() >= 3).then_some(cuts)
}

/// How many first cuts are tried before giving up: a line that opens the wrapper
/// fails the frame in a few milliseconds, and the next one is usually inside.
const FIRST_CUT_TRIES: usize = 3;

/// The region (from the first cut to the last) and its parsed frame: the first cut
/// line whose frame parses with the region between two statements of a function
/// body or of the script.
fn find_region(source: &str, syntax: Syntax) -> Option<((usize, usize), Script)> {
    let (firsts, last) = region_ends(source)?;
    firsts.take(FIRST_CUT_TRIES).find_map(|first| {
        let region = (first, last);
        let mut frame = parse_frame(source, region, syntax)?;
        Splicer::new(region, Vec::new()).splice(&mut frame).then_some((region, frame))
    })
}

/// Where a region may start (cut lines that follow a statement's end and open no
/// parenthesis, in order) and where it ends (the last cut line).
fn region_ends(source: &str) -> Option<(impl Iterator<Item = usize> + '_, usize)> {
    let bytes = source.as_bytes();
    let last = line_starts_back(source).find(|&at| is_cut(bytes, at))?;
    let firsts = line_starts(source, 0)
        .filter(move |&at| {
            is_cut(bytes, at) && follows_statement_end(bytes, at) && !opens_parentheses(bytes, at)
        })
        .take_while(move |&at| at < last);
    Some((firsts, last))
}

/// Whether the file may have an HTML-like comment of scripts (`<!--`, or `-->` at
/// the start of a line): SWC gives the statement after one a span that starts at
/// the comment, which a piece starting after it cannot reproduce.
pub(super) fn has_html_comment(source: &str) -> bool {
    // Back from each `-->` only while the bytes may be indentation or a comment's
    // ends: a minified line of `i-->0` costs a byte or two per match, not the line.
    let bytes = source.as_bytes();
    memchr::memmem::find(bytes, b"<!--").is_some()
        || memchr::memmem::find_iter(bytes, b"-->").any(|at| {
            bytes[..at]
                .iter()
                .rev()
                .take_while(|&&b| b != b'\n')
                .all(|b| matches!(b, b' ' | b'\t' | b'/' | b'*'))
        })
}

/// `BytePos` of a byte offset (files start at position 1).
fn pos(offset: usize) -> BytePos {
    BytePos(1 + u32::try_from(offset).unwrap_or(u32::MAX - 1))
}

/// Whether a cut may be made at the line starting at `at`.
fn is_cut(bytes: &[u8], at: usize) -> bool {
    CUT_KEYWORDS.iter().any(|k| bytes[at..].starts_with(k))
}

/// The cuts that divide the region into `pieces` pieces of about equal length: its
/// ends, and the first cut line at or after each even division between them.
fn inner_cuts(source: &str, (first, last): (usize, usize), pieces: usize) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut cuts = vec![first];
    for k in 1..pieces {
        let target = first + (last - first) * k / pieces;
        // `target` may fall inside a character: look for the line start in bytes.
        let line = bytes[..target].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let Some(at) = line_starts(source, line).find(|&at| at >= target && is_cut(bytes, at))
        else {
            break;
        };
        if at >= last {
            break;
        }
        if cuts.last().is_some_and(|&prev| at > prev) {
            cuts.push(at);
        }
    }
    cuts.push(last);
    cuts
}

/// Whether the last non-blank line before `at` ends with `;`, `{` or `}`, or there
/// is none.
fn follows_statement_end(bytes: &[u8], at: usize) -> bool {
    bytes[..at]
        .iter()
        .rev()
        .find(|b| !b.is_ascii_whitespace())
        .is_none_or(|b| matches!(b, b';' | b'{' | b'}'))
}

/// Whether the line starting at `at` opens more parentheses and brackets than it
/// closes.
fn opens_parentheses(bytes: &[u8], at: usize) -> bool {
    let line = bytes[at..].split(|&b| b == b'\n').next().unwrap_or_default();
    let depth: i64 = line
        .iter()
        .map(|b| match b {
            b'(' | b'[' => 1,
            b')' | b']' => -1,
            _ => 0,
        })
        .sum();
    depth > 0
}

/// Starts of the lines from the one starting at `from` on.
fn line_starts(source: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    std::iter::successors(Some(from), |&at| source[at..].find('\n').map(|i| at + i + 1))
        .take_while(|&at| at < source.len())
}

/// Starts of the lines, last first (the first line excluded).
fn line_starts_back(source: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::successors(source.rfind('\n'), |&nl| source[..nl].rfind('\n')).map(|nl| nl + 1)
}

/// Parses the file without its region, unless a comment covers the region (a block
/// comment around the region would put the pieces in it, where they are not code).
/// The region starts and ends at line starts, so the newline before it stays and
/// ends the statement before it as it did; the frame's positions from the region's
/// start on are then moved back by its length. The file is not copied with the
/// region blanked: for typescript.js that was 9 MB written and faulted in per try.
fn parse_frame(source: &str, (start, end): (usize, usize), syntax: Syntax) -> Option<Script> {
    let mut text = String::with_capacity(source.len() - (end - start));
    text.push_str(&source[..start]);
    text.push_str(&source[end..]);
    let comments = SingleThreadedComments::default();
    let mut script = parse_script_at(&text, 0, syntax, Some(&comments))?;
    let (leading, trailing) = comments.take_all();
    let region = pos(start);
    let covers = |c: &Comment| c.span.lo < region && region < c.span.hi;
    let in_comment =
        [leading, trailing].iter().any(|map| map.borrow().values().flatten().any(covers));
    if in_comment {
        return None;
    }
    let by = u32::try_from(end - start).ok()?;
    script.visit_mut_with(&mut Shift { from: region, by });
    Some(script)
}

/// Moves every position from `from` on by `by` bytes.
struct Shift {
    from: BytePos,
    by: u32,
}

impl VisitMut for Shift {
    fn visit_mut_span(&mut self, span: &mut swc_common::Span) {
        for at in [&mut span.lo, &mut span.hi] {
            if *at >= self.from {
                at.0 = at.0.saturating_add(self.by);
            }
        }
    }
}

/// Parses `text`, which starts at byte `offset` of the file, as a script.
pub(super) fn parse_script_at(
    text: &str,
    offset: usize,
    syntax: Syntax,
    comments: Option<&SingleThreadedComments>,
) -> Option<Script> {
    let end = pos(offset.checked_add(text.len())?);
    let input = StringInput::new(text, pos(offset), end);
    let comments = comments.map(|c| c as &dyn swc_common::comments::Comments);
    match Parser::new(syntax, input, comments).parse_program().ok()? {
        Program::Script(script) => Some(script),
        Program::Module(_) => None,
    }
}

/// Puts the pieces' statements into the statement list that has the region between
/// two of its statements, if that list is a function body or the script's.
struct Splicer {
    lo: BytePos,
    hi: BytePos,
    /// Taken when spliced.
    stmts: Option<Vec<Stmt>>,
}

impl Splicer {
    fn new((start, end): (usize, usize), stmts: Vec<Stmt>) -> Self {
        Self { lo: pos(start), hi: pos(end), stmts: Some(stmts) }
    }

    /// Splices into `frame`; false if the region is not between two statements of
    /// the script or of a function body.
    fn splice(mut self, frame: &mut Script) -> bool {
        if !self.splice_into(&mut frame.body) {
            frame.visit_mut_children_with(&mut self);
        }
        self.stmts.is_none()
    }

    /// Splices into `list` if the region lies between two of its statements.
    fn splice_into(&mut self, list: &mut Vec<Stmt>) -> bool {
        let at = list.partition_point(|s| s.span().hi <= self.lo);
        if list.get(at).is_some_and(|s| s.span().lo < self.hi) {
            return false;
        }
        let Some(stmts) = self.stmts.take() else { return false };
        list.splice(at..at, stmts);
        true
    }

    fn contains_region(&self, span: swc_common::Span) -> bool {
        span.lo < self.lo && self.hi <= span.hi
    }
}

impl VisitMut for Splicer {
    fn visit_mut_function(&mut self, f: &mut Function) {
        if self.stmts.is_none() || !self.contains_region(f.span) {
            return;
        }
        if let Some(body) = &mut f.body
            && !f.is_async
            && !f.is_generator
            && self.contains_region(body.span)
            && self.splice_into(&mut body.stmts)
        {
            return;
        }
        f.visit_mut_children_with(self);
    }

    fn visit_mut_arrow_expr(&mut self, f: &mut ArrowExpr) {
        if self.stmts.is_none() || !self.contains_region(f.span) {
            return;
        }
        if let ArrowFunctionBody::FunctionBody(body) = &mut *f.body
            && !f.is_async
            && !f.is_generator
            && self.contains_region(body.span)
            && self.splice_into(&mut body.stmts)
        {
            return;
        }
        f.visit_mut_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use swc_ecma_parser::EsSyntax;

    use super::*;

    fn syntax() -> Syntax {
        Syntax::Es(EsSyntax { allow_return_outside_function: true, ..EsSyntax::default() })
    }

    /// `n` lines of text.
    fn numbered(n: usize, line: impl Fn(usize) -> String) -> String {
        (0..n).map(line).collect::<Vec<_>>().concat()
    }

    fn whole(source: &str) -> Option<Program> {
        let input = StringInput::new(source, pos(0), pos(source.len()));
        Parser::new(syntax(), input, None).parse_program().ok()
    }

    /// Splits `source` into 2 to 6 pieces: each split that succeeds must give the
    /// single parse's tree. Returns how many did.
    fn splits(source: &str) -> usize {
        let expected = whole(source);
        (2..=6)
            .filter(|&pieces| {
                let Some(split) = parse_split(source, syntax(), pieces) else { return false };
                assert_eq!(Some(&split), expected.as_ref(), "{pieces} pieces of:\n{source}");
                true
            })
            .count()
    }

    const WRAPPERS: [(&str, &str); 4] = [
        ("((module) => {", "})(module);"),
        ("(function (module) {", "})(module);"),
        ("!function (module) {", "}(module);"),
        ("var api = (function () {", "})();"),
    ];

    /// The shape esbuild writes: a wrapper function whose body is declarations at
    /// column 0, with code that could fool a line-based cut inside them.
    fn bundle((open, close): (&str, &str), strict: bool) -> String {
        let mut text = format!("var ns = {{}}; {open}\n");
        if strict {
            text.push_str("\"use strict\";\n");
        }
        for i in 0..30 {
            let _ = match i % 6 {
                0 => writeln!(text, "var v{i} = require(\"./m{i}\")"),
                1 => writeln!(text, "function f{i}(a) {{\n  return `t${{a}}\n`;\n}}"),
                2 => writeln!(text, "class C{i} extends Object {{\n  m() {{ return /}}/g; }}\n}}"),
                3 => writeln!(text, "const c{i} = {{\n  a: 1,\n}};"),
                4 => writeln!(text, "let l{i} = (x) => x\n  / 2 / 1;"),
                _ => writeln!(text, "function* g{i}() {{ yield 1; /* {{ */ }}"),
            };
        }
        let _ = writeln!(text, "module.exports = ns;\n{close}");
        text
    }

    #[test]
    fn bundles_split_into_the_same_tree() {
        for wrapper in WRAPPERS {
            for strict in [false, true] {
                let source = bundle(wrapper, strict);
                assert_eq!(splits(&source), 5, "{source}");
            }
        }
        // A script whose declarations are its top level.
        let top: String = numbered(20, |i| format!("var a{i} = require('./x{i}');\n"));
        assert_eq!(splits(&top), 5);
    }

    #[test]
    fn odd_but_valid_scripts_split_into_the_same_tree_or_not_at_all() {
        let sources = [
            // Automatic semicolon insertion before every cut.
            "var a = b\nvar c = d\nfunction e() {}\nclass F {}\nconst g = h\nlet i = j\nvar k = 1\n",
            // `let` as an identifier (sloppy scripts), `async` as one.
            "var a = 1\nlet = 2\nvar async = 3\nvar b = async\nfunction c() {}\nvar d = 4\n",
            // A cut line continuing an expression.
            "var a = 1 +\nfunction b() {}.length\nvar c = 2 ||\nclass D {}\nvar e = 3\nvar f = 4\n",
            // Cut lines inside strings, templates, regexes and brackets.
            "var a = 'x\\\nvar b = 1';\nvar c = `\nvar d = 2\n`;\nvar e = [\nfunction f() {}\n];\nvar g = /\n/;\nvar h = 1\n",
            // Inside an `if` block and a class body.
            "if (x) {\nvar a = 1\nvar b = 2\nvar c = 3\n}\nclass D {\nstatic {\nvar e = 1\n}\n}\nvar f = 1\n",
            // `await` and `yield` as names.
            "var a = 1\nvar await = 2\nvar yield = 3\nvar b = await\nvar c = yield\n",
            // `return` and `arguments` in the wrapper's body.
            "(function () {\nvar a = arguments\nvar b = 1\nreturn a\nvar c = 2\nvar d = 3\n})()\n",
        ];
        for source in sources {
            splits(source);
        }
    }

    #[test]
    fn a_commented_out_head_is_not_a_cut() {
        let source = format!("/* license\nvar not_code = 1;\n*/\n{}", bundle(WRAPPERS[0], true));
        assert_eq!(splits(&source), 5);
    }

    #[test]
    fn files_that_cannot_be_split_are_parsed_whole() {
        let whole_only = [
            // Every cut but the first and last is inside a template: the piece
            // before it does not parse.
            "var a = 1;\nvar s = `\nvar x = require('x');\nfunction g() {}\n`;\n",
            // The region is inside a block comment: the frame parses, the pieces
            // parse (they are commented-out code), and the comment check refuses.
            "/* ;\nvar x = require('x');\nvar y = 2;\nvar z = 3;\nfunction w() {}\n*/\n",
            // Inside a block, not a function body.
            "if (x) {\nvar a = 1;\nvar b = 2;\nvar c = 3;\nvar d = 4;\n}\n",
            // `await (x)` and `yield (x)` would be calls in a piece.
            "(async () => {\nvar a = 1;\nvar b = await (x);\nvar c = 2;\nvar d = 3;\n})();\n",
            "(function* () {\nvar a = 1;\nvar b = yield (x);\nvar c = 2;\nvar d = 3;\n})();\n",
            // HTML-like comments: SWC starts the next statement's span at `-->`.
            "var a = 1 <!-- x\nvar b = 2\nvar c = 3\nvar d = 4\n",
            "var a = 1\nvar b = 2\n--> y\nvar c = 3\nvar d = 4\n",
            // Modules.
            "var a = 1;\nvar b = 2;\nexport const c = 3;\nvar d = 4;\nvar e = 5;\n",
            "var a = 1;\nvar b = import.meta.url;\nvar c = 3;\nvar d = 4;\n",
        ];
        for source in whole_only {
            assert_eq!(splits(source), 0, "{source}");
        }
    }

    #[test]
    fn cuts_divide_the_region_evenly() {
        let source = numbered(100, |i| format!("var a{i:02} = {i};\n"));
        let line = |i: usize| source.find(&format!("var a{i:02} ")).unwrap();
        // Each inner cut is the first cut line at or after an even division.
        let region = (0, line(99));
        assert_eq!(inner_cuts(&source, region, 4), [0, line(26), line(50), line(75), line(99)]);
        assert_eq!(inner_cuts(&source, (0, line(1)), 4), [0, line(1)]);
        // Even divisions inside a character.
        let wide = numbered(50, |i| format!("var a{i} = 'لللل';\n"));
        let last = wide.rfind("var").unwrap();
        assert_eq!(inner_cuts(&wide, (0, last), 7).len(), 8);
        // No cut line, or one only.
        assert!(find_region("x = 1;\ny = 2;\n", syntax()).is_none());
        assert!(find_region("var a = 1;\n", syntax()).is_none());
    }

    #[test]
    fn html_comments_are_noticed() {
        assert!(has_html_comment("var a = 1 <!-- x\n"));
        assert!(has_html_comment("x;\n  --> y\n"));
        assert!(has_html_comment("x;\n/* */ --> y\n"));
        assert!(!has_html_comment("while (i --> 0) {}\n"));
    }

    /// Real files: every tenth script of 2-64 KB in the installed corpus
    /// (scripts/install-test-deps.sh; skipped when it is not there) splits into the
    /// single parse's tree or not at all.
    #[test]
    fn corpus_scripts_split_into_the_same_tree() {
        let cache = std::env::var_os("NFT_RS_CACHE").map_or_else(
            || {
                std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                    .join(".cache/nft-rs")
            },
            std::path::PathBuf::from,
        );
        let root = cache.join("corpus/node_modules");
        if !root.is_dir() {
            return; // Not installed: the trace tests of tests/it say so.
        }
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "js" || e == "cjs") {
                    files.push(path);
                }
            }
        }
        files.sort();
        let (mut tried, mut split) = (0, 0);
        for path in files.iter().step_by(10) {
            let Ok(source) = std::fs::read_to_string(path) else { continue };
            if !(2048..65536).contains(&source.len()) {
                continue;
            }
            let Some(expected) = whole(&source) else { continue };
            tried += 1;
            if let Some(got) = parse_split(&source, syntax(), 3) {
                assert_eq!(got, expected, "{}", path.display());
                split += 1;
            }
        }
        assert!(split > tried / 4, "only {split} of {tried} corpus scripts split");
    }
}
