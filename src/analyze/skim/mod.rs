//! Leaves out of the parse the function bodies that cannot change a file's facts
//! (issue 23: most of `typescript.js`'s 9 MB is compiler code that never loads a
//! file, and parsing it was most of its trace).
//!
//! A text pass over the file finds every function body and blanks (turns to spaces,
//! so every position stays) the outermost ones that
//!
//! - name none of the globals the analysis reacts to ([`is_trigger`]), hold no string
//!   starting with `/` or `\` (an absolute path the walk would emit), and
//! - assign no name they do not declare themselves: an assignment to an outer name
//!   leaks a value out of the function (the walk binds `x = value` where `x` was
//!   never bound), so the function is kept. Declarations are resolved with their
//!   scopes (`var` to the function, `let`/`const`/`class`/`function` to the block,
//!   parameters to the function); whatever the pass cannot place (destructuring,
//!   `catch` parameters, `for (let ..)` heads) counts as not declared.
//! - are not `async`, generators, or use `super` or `new.target` themselves (they
//!   could not be parsed alone), and are not called in place (`})(`, `}(`,
//!   `}).call(`: the walk binds their parameters and would parse them back whole;
//!   their inner functions are judged instead).
//!
//! What the text cannot know is decided during the walk, where the scopes are
//! exact (`Scanner::unskim`): a blanked body that names a binding whose value may
//! matter (a module, a function like `path.join`, an absolute path, an object),
//! or whose parameters the walk binds (wrapper and bundle functions, functions
//! called in place with known arguments), is parsed from the original text then and
//! walked as if it had never been left out.
//!
//! Any doubt gives the file's full parse: a file that has the marks of a bundle's
//! runtime (whose module functions take their meaning from outside), HTML-like
//! comments, text the pass cannot follow, a blanked range the parse does not see as
//! a function body, a body that does not parse alone, or a wrapper found in the
//! skimmed tree (`analyze_on_this_stack` then parses the file whole).

use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::FxHasher;

mod lex;
mod pass;
#[cfg(test)]
mod tests;

use pass::Pass;

/// Whether `word` is one of the globals whose mention keeps a function body
/// (`import` covers `import()` and `import.meta`). A `match`, so a word is
/// compared by its length first.
fn is_trigger(word: &[u8]) -> bool {
    matches!(
        word,
        b"require"
            | b"module"
            | b"exports"
            | b"import"
            | b"__dirname"
            | b"__filename"
            | b"process"
            | b"define"
            | b"URL"
            | b"global"
            | b"globalThis"
            | b"__webpack_require__"
            | b"__non_webpack_require__"
            | b"__nccwpck_require__"
            | b"eval"
    )
}

/// Marks of a webpack or ncc bundle: its module functions (values of an object or
/// elements of an array) get their `require` and exports from the bundle, and the
/// wrapper pass reads their bodies, so they are never left out themselves (the
/// functions inside them may be).
const TABLE_MARKS: [&str; 7] = [
    "__webpack_require__",
    "__nccwpck_require__",
    "webpackChunk",
    "webpackJsonp",
    "exports.modules",
    "exports:{}",
    "exports: {}",
];

/// Marks of bundles whose wrappers the pass does not judge: parsed whole.
const WHOLE_MARKS: [&str; 2] = ["parcelRequire", "\"function\"==typeof require"];

/// Whether a file's function bodies may be left out of its parse.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Skimming {
    /// Every body is parsed (the checks that skimming changes nothing).
    #[cfg(any(test, feature = "fuzzing"))]
    Off,
    /// Files from [`MIN_SKIM_LEN`] on, when at least 1/[`MIN_SKIM_SHARE`] of them
    /// is left out (the tracer's setting).
    Large,
    /// Any file, any share (tests).
    #[cfg(test)]
    Always,
}

/// Files from this size on are skimmed: below it the text pass costs more than
/// the parse it saves.
pub(crate) const MIN_SKIM_LEN: usize = 32 * 1024;

/// A skim is kept when it leaves out at least 1/`MIN_SKIM_SHARE` of the file.
pub(crate) const MIN_SKIM_SHARE: usize = 8;

/// Bodies shorter than this stay: the walk of a small body costs less than the
/// check that would skip it.
const MIN_BODY: usize = 24;

/// The hash of an identifier, as the walk computes it for a bound name.
pub(crate) fn word_hash(word: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(word);
    h.finish()
}

/// A blanked body: the byte range of its braces (`{` to `}` inclusive) and the
/// hashes of the identifiers it mentions (outside member names): a range of the
/// words of the pass that read it (`part`).
pub(super) struct Body {
    pub(super) lo: u32,
    pub(super) hi: u32,
    pub(super) part: u32,
    pub(super) words: (u32, u32),
}

/// A file with some function bodies left out.
pub(crate) struct Skim {
    /// The source with the blanked bodies' insides turned to spaces.
    pub(crate) text: String,
    bodies: Vec<Body>,
    /// The words of each pass, in the order of `Body::part`.
    words: Vec<Vec<u64>>,
}

impl Skim {
    /// The blanked body whose braces span `lo..hi` (byte offsets), if any.
    pub(crate) fn body_at(&self, lo: usize, hi: usize) -> Option<usize> {
        let at = self.bodies.partition_point(|b| (b.lo as usize) < lo);
        self.bodies.get(at).filter(|b| b.lo as usize == lo && b.hi as usize == hi).map(|_| at)
    }

    pub(crate) fn len(&self) -> usize {
        self.bodies.len()
    }

    /// The hashes of the words of body `i`.
    pub(crate) fn words(&self, i: usize) -> &[u64] {
        let body = &self.bodies[i];
        let (a, b) = body.words;
        &self.words[body.part as usize][a as usize..b as usize]
    }
}

/// Finds the bodies to leave out of `source`; `None` when there are none worth it
/// or the file is not one the pass may judge.
pub(crate) fn skim(source: &str, skimming: Skimming) -> Option<Skim> {
    let min_share = match skimming {
        #[cfg(any(test, feature = "fuzzing"))]
        Skimming::Off => return None,
        Skimming::Large if source.len() < MIN_SKIM_LEN => return None,
        Skimming::Large => MIN_SKIM_SHARE,
        #[cfg(test)]
        Skimming::Always => 0,
    };
    let has = |mark: &str| memchr::memmem::find(source.as_bytes(), mark.as_bytes()).is_some();
    if WHOLE_MARKS.iter().any(|m| has(m)) || super::split::has_html_comment(source) {
        return None;
    }
    let tables = TABLE_MARKS.iter().any(|m| has(m));
    let (bodies, words) = read_in_pieces(source, tables).or_else(|| read_whole(source, tables))?;
    let blank: usize = bodies.iter().map(|b| (b.hi - b.lo) as usize).sum();
    if bodies.is_empty()
        || blank.saturating_mul(min_share) < source.len() * usize::from(min_share > 0)
    {
        return None;
    }
    let text = blanked(source, &bodies)?;
    Some(Skim { text, bodies, words })
}

/// The bodies to leave out and their words, from one pass over the file.
fn read_whole(source: &str, tables: bool) -> Option<(Vec<Body>, Vec<Vec<u64>>)> {
    let mut pass = Pass::new(source.as_bytes());
    pass.tables = tables;
    pass.run()?;
    Some((pass.out, vec![pass.out_words]))
}

/// The same from several passes side by side, for a large file whose statements
/// start at column 0 (the split parse's cuts, `split::cuts_of`): one pass per
/// piece between two cuts, each starting as after a statement, and one over the
/// rest, the frame, that must reach the first cut between two tokens and goes on
/// at the last. A piece must end at its cut between two tokens with every
/// bracket it opened closed, so by induction each cut is a statement boundary of
/// the frame's innermost body, where a pass reads the same tokens as one from
/// the start of the file. The functions open around the pieces stay (their text
/// is read by other passes); every function inside a piece is judged by its own
/// text alone, as the single pass judges it. `None` when the file has no such
/// cuts or a pass fails: the single pass then decides.
fn read_in_pieces(source: &str, tables: bool) -> Option<(Vec<Body>, Vec<Vec<u64>>)> {
    let threads = rayon::current_num_threads();
    if threads < 2 || source.len() < super::split::MIN_SPLIT_LEN {
        return None;
    }
    let cuts = super::split::cuts_of(source, 4 * threads)?;
    let (first, last) = (*cuts.first()?, *cuts.last()?);
    let src = source.as_bytes();
    let passes: Vec<(Vec<Body>, Vec<u64>)> = (0..cuts.len())
        .into_par_iter()
        .with_max_len(1)
        .map(|k| {
            let mut pass = Pass::new(src);
            pass.tables = tables;
            if k == 0 {
                pass.hole = (first, last);
            } else {
                pass.i = cuts[k - 1];
                pass.end = cuts[k];
                pass.push_tok(pass::Tok::Punct, b";");
            }
            pass.run()?;
            Some((pass.out, pass.out_words))
        })
        .collect::<Option<_>>()?;
    // The frame's bodies before the pieces, the pieces', the frame's after them;
    // each keeps its pass's words.
    let mut bodies = Vec::new();
    let mut words = Vec::with_capacity(passes.len());
    let mut frame_after = Vec::new();
    for (part, (out, out_words)) in passes.into_iter().enumerate() {
        for mut body in out {
            body.part = to_u32(part);
            if part == 0 && body.lo as usize >= last {
                frame_after.push(body);
            } else {
                bodies.push(body);
            }
        }
        words.push(out_words);
    }
    bodies.append(&mut frame_after);
    Some((bodies, words))
}

/// A text offset or count as a `Body` stores it (the parser's positions are 32-bit
/// too).
pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `source` with the insides of `bodies` (sorted, apart) turned to spaces.
fn blanked(source: &str, bodies: &[Body]) -> Option<String> {
    const SPACES: &str = "                                                                ";
    let mut text = String::with_capacity(source.len());
    let mut at = 0;
    for b in bodies {
        // Both ends are next to a brace: character boundaries.
        let (lo, hi) = (b.lo as usize + 1, b.hi as usize - 1);
        text.push_str(source.get(at..lo)?);
        let mut n = hi.checked_sub(lo)?;
        while n > 0 {
            let chunk = n.min(SPACES.len());
            text.push_str(&SPACES[..chunk]);
            n -= chunk;
        }
        at = hi;
    }
    text.push_str(source.get(at..)?);
    Some(text)
}
