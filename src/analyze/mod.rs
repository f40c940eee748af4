//! One file in, facts out. `analyze_source` parses a JS/TS file with SWC and
//! returns what it refers to: module specifiers (`require`, `import`, `import()`,
//! `require.resolve`, ...), files it reads (`fs.*`, `path.*`, `__dirname`,
//! `import.meta.url` expressions), globs for computed specifiers, and whether it
//! is an ES module.
//!
//! Pure: no file system, no resolution, no shared state. The graph decides what
//! the facts mean (existence, globs, guards).

mod bindings;
mod calls;
mod cjs;
mod esm;
mod expr;
mod fs_calls;
mod libraries;
mod native;
mod parse;
mod pattern;
mod scanner;
mod skim;
mod special;
mod specifiers;
pub(crate) use skim::Skimming;
mod split;
mod visit;
mod webpack_exports;
mod wrappers;

use std::collections::BTreeSet;
use std::path::Path;

pub(crate) use parse::ModuleHint;
pub(crate) use pattern::PathPattern;

use crate::options::AnalysisOptions;

/// How a specifier must be resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum DepKind {
    /// `require()`-like: `CommonJS` conditions in a `CommonJS` file, ESM ones in an ES module.
    Require,
    /// `import`-like: always the `import` condition.
    Import,
}

/// One specifier found in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Dep {
    pub(crate) kind: DepKind,
    pub(crate) specifier: String,
    /// Node tolerates its absence: it is loaded inside a `try` block, or only
    /// probed (`require.resolve`, `import.meta.resolve`). A specifier found both
    /// ways is recorded once, as not optional.
    pub(crate) optional: bool,
}

/// A file-system reference found in a file. Paths are absolute and
/// `/`-separated; a [`PathPattern`] may have unknown parts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Reference {
    /// A path the file reads: a file, or a directory (meaning its files), or a
    /// pattern.
    Asset(PathPattern),
    /// A directory whose files are listed (`fs.readdirSync(__dirname)`).
    AssetDir(PathPattern),
    /// A pattern of modules (`require('./drivers/' + name)`).
    RequireGlob(PathPattern),
    /// A native addon located at run time: the graph finds its `.node` file(s).
    /// `optional`: the lookup sits in a `try` block (a fallback exists).
    Native { how: NativeRef, optional: bool },
    /// Every optional dependency of a `package.json` that fits the target platform
    /// (with theirs too when `nested`), as whole folders: platform binary packages.
    OptionalDependencies { package_json: String, nested: bool },
    /// The nearest `package.json` above this file (`require('pkginfo')(module)`).
    OwnPackageJson,
    /// A package named at run time (`require("@rollup/rollup-" + base)`): the
    /// optional dependencies of the file's package that match the pattern (with
    /// [`crate::eval::WILDCARD`] for its unknown parts) and fit the target.
    PackagePattern(String),
    /// A path relative to the file `specifier` resolves to from this file
    /// (`path.join(require.resolve('pkg'), '../x.wasm')`).
    ResolvedAsset { specifier: String, tail: String },
}

/// How a native addon is located.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum NativeRef {
    /// `require('node-gyp-build')(dir)`: `build/Release`, `build/Debug`, `prebuilds/<platform>-<arch>`.
    NodeGypBuild { dir: String },
    /// `require('bindings')(name)` from `file`: the bindings search list of its package.
    Bindings { file: String, name: String },
    /// `binary.find(package_json)`: `package.json#binary` of node-pre-gyp.
    NodePreGyp { package_json: String },
    /// `nbind.init(dir)`.
    Nbind { dir: String },
}

/// What a file refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FileFacts {
    /// Parsed as an ES module.
    pub(crate) is_esm: bool,
    /// Specifiers to resolve, sorted and deduplicated.
    pub(crate) deps: BTreeSet<Dep>,
    /// Files and patterns read at run time, sorted and deduplicated.
    pub(crate) references: BTreeSet<Reference>,
    /// Why the file could not be analysed (a syntax error), if it could not.
    pub(crate) parse_error: Option<ParseError>,
}

/// Why a file could not be parsed: the parser's message and, when it said, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) message: String,
    pub(crate) position: Option<crate::error::Position>,
}

impl ParseError {
    pub(crate) fn without_position(message: String) -> Self {
        Self { message, position: None }
    }
}

/// Which analyses run on a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnalyzeOptions {
    /// Follow `require()` inside ES modules.
    pub(crate) mixed_modules: bool,
    /// The analysis toggles.
    pub(crate) analysis: AnalysisOptions,
    /// What `process.cwd()` returns, `/`-separated.
    pub(crate) cwd: String,
}

/// Files nested deeper than this are not parsed (a diagnostic says so).
const MAX_NESTING: usize = 20_000;
/// Files whose nesting needs at most this much stack (see [`Nesting::reserve`])
/// parse on the worker's own 32 MiB stack: 256 bracket levels, or 8,192 chain links
/// in a release build.
const WORKER_STACK_BUDGET: usize = 8 << 20;
/// Stack reserved per level of nesting for deep files (debug builds use ~25 KiB).
const STACK_PER_LEVEL: usize = 32 * 1024;
/// Longer operator chains than this (see [`Nesting::chain`]) are not parsed.
const MAX_CHAIN: usize = 1 << 20;
/// Stack reserved per link of a chain. SWC's parser takes up to ~530 bytes per
/// link in release builds (`x => x => ...`: ~1.6 KiB per arrow, three links),
/// freeing a tree less; debug builds take up to ~20 times as much.
const STACK_PER_LINK: usize = if cfg!(debug_assertions) { 32 * 1024 } else { 1024 };

/// +1 for an opening bracket, -1 for a closing one.
const BRACKET_DELTA: [i8; 256] = {
    let mut table = [0i8; 256];
    table[b'(' as usize] = 1;
    table[b'[' as usize] = 1;
    table[b'{' as usize] = 1;
    table[b')' as usize] = -1;
    table[b']' as usize] = -1;
    table[b'}' as usize] = -1;
    table
};

/// Bytes that can add a level of nesting without a bracket, counted by the chain:
/// prefix operators (`!!!!a`, `- - a`), `?:`, `=` and `=>` (right-nested), labels,
/// member and call chains (`a.b.c`, `f()()`), and the spaces between keyword
/// prefixes (`typeof typeof a`, `new new A`).
const CHAIN_LINK: [u8; 256] = {
    let mut table = [0u8; 256];
    let links = b"!~?:=+-.)] \t\r\n";
    let mut i = 0;
    while i < links.len() {
        table[links[i] as usize] = 1;
        i += 1;
    }
    table
};

/// 0 for the bytes that end a chain (`;`, `,`, a block), 1 for the others.
const CHAIN_KEEP: [u8; 256] = {
    let mut table = [1u8; 256];
    table[b';' as usize] = 0;
    table[b',' as usize] = 0;
    table[b'{' as usize] = 0;
    table[b'}' as usize] = 0;
    table
};

/// Upper-bound estimates of how deeply a file nests, to size the stack for parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Nesting {
    /// Bracket depth.
    brackets: usize,
    /// The longest run of [`CHAIN_LINK`] bytes between two `;`, `,` or braces:
    /// nesting that needs no bracket (`!!!!!a`, `a = b = c`, `x => y => z`).
    chain: usize,
}

impl Nesting {
    /// The stack reserved for the nesting itself: both kinds can stack up.
    pub(crate) fn reserve(self) -> usize {
        self.brackets
            .saturating_mul(STACK_PER_LEVEL)
            .saturating_add(self.chain.saturating_mul(STACK_PER_LINK))
    }

    fn fits_worker_stack(self) -> bool {
        self.reserve() <= WORKER_STACK_BUDGET
    }

    /// A stack for a file that does not fit the worker's (checked by [`Self::too_deep`]
    /// first, so this stays below ~1.7 GiB in a release build).
    fn stack_size(self) -> usize {
        self.reserve() + (8 << 20)
    }

    /// Why the file is too deep to parse, if it is.
    pub(crate) fn too_deep(self) -> Option<String> {
        if self.brackets > MAX_NESTING {
            Some(format!(
                "nested {} levels deep, more than the {MAX_NESTING} nft-rs parses",
                self.brackets
            ))
        } else if self.chain > MAX_CHAIN {
            Some(format!(
                "an expression chains {} operators, more than the {MAX_CHAIN} nft-rs parses",
                self.chain
            ))
        } else {
            None
        }
    }
}

/// Measures a file's [`Nesting`] in one pass. Branch-free (tables, arithmetic and
/// `max`es per byte): it reads every byte of every file, and a branchy version cost
/// 4-5% of a trace.
pub(crate) fn nesting_estimate(source: &str) -> Nesting {
    let (mut depth, mut max_depth) = (0i64, 0i64);
    let (mut run, mut max_run) = (0u64, 0u64);
    for &b in source.as_bytes() {
        let i = usize::from(b);
        depth = (depth + i64::from(BRACKET_DELTA[i])).max(0);
        max_depth = max_depth.max(depth);
        run = (run + u64::from(CHAIN_LINK[i])) * u64::from(CHAIN_KEEP[i]);
        max_run = max_run.max(run);
    }
    Nesting {
        brackets: usize::try_from(max_depth).unwrap_or(usize::MAX),
        chain: usize::try_from(max_run).unwrap_or(usize::MAX),
    }
}

/// Parses `source` (the text of `path`) and extracts its facts. Deeply nested
/// files run on a stack sized for them (the parser recurses per level), and past
/// [`MAX_NESTING`] levels or a [`MAX_CHAIN`] chain a file is reported instead of parsed.
pub(crate) fn analyze_source(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    options: &AnalyzeOptions,
) -> FileFacts {
    analyze_source_as(path, source, hint, options, Skimming::Large)
}

/// [`analyze_source`] with the given skimming (the check that skimming changes no
/// facts compares `Off` with the others).
pub(crate) fn analyze_source_as(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    options: &AnalyzeOptions,
    skimming: Skimming,
) -> FileFacts {
    // Two passes over the text, side by side for a large file.
    let (nesting, skim) = if source.len() >= split::MIN_SPLIT_LEN {
        rayon::join(|| nesting_estimate(source), || parse::skim_of(path, source, skimming))
    } else {
        (nesting_estimate(source), parse::skim_of(path, source, skimming))
    };
    if nesting.fits_worker_stack() {
        // Only a file that fits a worker's own stack may be parsed on other workers.
        return analyze_on_this_stack(path, source, hint, options, true, skim);
    }
    if let Some(message) = nesting.too_deep() {
        return FileFacts {
            parse_error: Some(ParseError::without_position(message)),
            ..FileFacts::default()
        };
    }
    stacker::grow(nesting.stack_size(), || {
        analyze_on_this_stack(path, source, hint, options, false, skim)
    })
}

fn analyze_on_this_stack(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    options: &AnalyzeOptions,
    may_split: bool,
    skim: Option<skim::Skim>,
) -> FileFacts {
    if skim.is_some()
        && let Some(facts) = analyze_parsed(path, source, hint, options, may_split, skim)
    {
        return facts;
    }
    analyze_parsed(path, source, hint, options, may_split, None).unwrap_or_default()
}

/// Parses and walks the file; when skimming, some function bodies may be left
/// out of the parse (`skim/`), and `None` says the skim did not hold.
fn analyze_parsed(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    options: &AnalyzeOptions,
    may_split: bool,
    skim: Option<skim::Skim>,
) -> Option<FileFacts> {
    let mut parsed = match parse::parse(path, source, hint, may_split, skim) {
        Ok(parsed) => parsed,
        Err(error) => {
            return Some(FileFacts { parse_error: Some(error), ..FileFacts::default() });
        }
    };
    let file = path.to_string_lossy();
    let skimmed = parsed
        .skim
        .take()
        .map(|(skim, syntax)| scanner::Skimmed::new(skim, parse::strip_bom(source), syntax));
    let mut scanner = scanner::Scanner::new(&file, parsed.is_esm, options).with_skim(skimmed);
    scanner.scan(&mut parsed.program);
    if !scanner.skim_held() {
        return None;
    }
    let mut facts = FileFacts {
        is_esm: parsed.is_esm,
        deps: scanner.take_deps(),
        references: scanner.take_references(),
        parse_error: None,
    };
    special::apply(&file, &mut facts);
    Some(facts)
}

/// Whether SWC parses `source` (used by the fuzz entry point).
#[cfg(feature = "fuzzing")]
pub(crate) fn parses(path: &Path, source: &str, hint: ModuleHint) -> bool {
    let nesting = nesting_estimate(source);
    if nesting.too_deep().is_some() {
        return true;
    }
    stacker::grow(nesting.stack_size(), || parse::parse(path, source, hint, false, None).is_ok())
}

#[cfg(test)]
mod tests;
