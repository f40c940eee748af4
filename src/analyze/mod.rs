//! One file in, facts out. `analyze_source` parses a JS/TS file with SWC and
//! returns what it refers to: module specifiers (`require`, `import`, `import()`,
//! `require.resolve`, ...), and whether it is an ES module.
//!
//! Pure: no file system, no resolution, no shared state. The graph decides what
//! the facts mean.

mod cjs;
mod esm;
mod parse;
mod visit;

use std::collections::BTreeSet;
use std::path::Path;

pub(crate) use parse::ModuleHint;

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
}

/// What a file refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FileFacts {
    /// Parsed as an ES module.
    pub(crate) is_esm: bool,
    /// Specifiers to resolve, sorted and deduplicated.
    pub(crate) deps: BTreeSet<Dep>,
    /// Why the file could not be analysed (a syntax error), if it could not.
    pub(crate) parse_error: Option<String>,
}

/// Which analyses run on a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AnalyzeOptions {
    /// Follow `require()` inside ES modules.
    pub(crate) mixed_modules: bool,
}

/// Parses `source` (the text of `path`) and extracts its facts.
pub(crate) fn analyze_source(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    options: AnalyzeOptions,
) -> FileFacts {
    let parsed = match parse::parse(path, source, hint) {
        Ok(parsed) => parsed,
        Err(message) => {
            return FileFacts { parse_error: Some(message), ..FileFacts::default() };
        }
    };
    let mut scanner = visit::Scanner::new(parsed.is_esm, options);
    scanner.scan(&parsed.program);
    FileFacts { is_esm: parsed.is_esm, deps: scanner.into_deps(), parse_error: None }
}

#[cfg(test)]
mod tests;
