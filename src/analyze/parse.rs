//! Chooses the SWC syntax from the file's extension and parses it the way Node
//! would read it: an ES module when the graph's `ModuleHint` says so (`.mjs`,
//! `.mts`, or `"type": "module"`), otherwise a script unless it has module syntax.
//! A `.js` file that fails is retried with JSX, and a large script may be parsed on
//! several threads (`split.rs`). A failure is a `ParseError` with its position.

use std::path::Path;

use swc_common::{BytePos, Spanned};
use swc_ecma_ast::{ModuleDecl, ModuleItem, Program};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax, TsSyntax};

use crate::error::Position;
use crate::paths;

use super::ParseError;
use super::skim::Skimming;

/// What the graph knows about a file's module format before parsing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ModuleHint {
    /// `.mjs`/`.mts`, or `.js`/`.ts` under `"type": "module"`.
    Esm,
    /// Anything else: detect from the syntax.
    Detect,
}

pub(crate) struct Parsed {
    pub(crate) program: Program,
    pub(crate) is_esm: bool,
    /// The bodies left out of the tree (`skim.rs`) and the syntax to parse them
    /// with, if the file was skimmed.
    pub(crate) skim: Option<(super::skim::Skim, Syntax)>,
}

/// The text positions are counted in: the file without its byte order mark.
pub(crate) fn strip_bom(source: &str) -> &str {
    source.strip_prefix('\u{feff}').unwrap_or(source)
}

fn syntax_for(path: &Path, jsx: bool) -> Syntax {
    match paths::extension(path) {
        ".ts" | ".mts" | ".cts" => {
            Syntax::Typescript(TsSyntax { decorators: true, ..TsSyntax::default() })
        }
        ".tsx" => {
            Syntax::Typescript(TsSyntax { tsx: true, decorators: true, ..TsSyntax::default() })
        }
        ext => Syntax::Es(EsSyntax {
            jsx: jsx || ext == ".jsx",
            decorators: true,
            import_attributes: true,
            allow_return_outside_function: true,
            explicit_resource_management: true,
            ..EsSyntax::default()
        }),
    }
}

fn parse_with(source: &str, syntax: Syntax, hint: ModuleHint) -> Result<Program, ParseError> {
    let len = u32::try_from(source.len())
        .map_err(|_| ParseError::without_position("file too large".to_owned()))?;
    let end = BytePos(1 + len);
    let input = StringInput::new(source, BytePos(1), end);
    let mut parser = Parser::new(syntax, input, None);
    let result = match hint {
        ModuleHint::Esm => parser.parse_module().map(Program::Module),
        ModuleHint::Detect => parser.parse_program(),
    };
    result.map_err(|err| {
        let offset = (err.span().lo.0.saturating_sub(1)) as usize;
        ParseError {
            message: err.kind().msg().into_owned(),
            position: Some(position(source, offset)),
        }
    })
}

fn position(source: &str, offset: usize) -> Position {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let column =
        before.rfind('\n').map_or(before.chars().count(), |i| before[i + 1..].chars().count()) + 1;
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position { line: clamp(line), column: clamp(column) }
}

/// Whether a parsed program is an ES module: module syntax beyond TypeScript's
/// `CommonJS` forms (`import x = require()`, `export =`).
fn has_esm_syntax(program: &Program) -> bool {
    match program {
        Program::Script(_) => false,
        Program::Module(module) => {
            module.body.iter().any(|item| match item {
                ModuleItem::ModuleDecl(decl) => !matches!(
                    decl,
                    ModuleDecl::TsImportEquals(_)
                        | ModuleDecl::TsExportAssignment(_)
                        | ModuleDecl::TsNamespaceExport(_)
                ),
                ModuleItem::Stmt(_) => false,
            }) || module.body.iter().all(|item| matches!(item, ModuleItem::Stmt(_)))
        }
    }
}

/// Parses a file. With `may_split`, a large script may be parsed on several
/// threads (see `split`: the tree is the same); it is only set for files whose
/// nesting fits a worker thread's own stack.
pub(crate) fn parse(
    path: &Path,
    source: &str,
    hint: ModuleHint,
    may_split: bool,
    skimming: Skimming,
) -> Result<Parsed, ParseError> {
    let source = strip_bom(source);
    let syntax = syntax_for(path, false);
    if matches!(syntax, Syntax::Es(es) if !es.jsx)
        && let Some(skim) = super::skim::skim(source, skimming)
    {
        // Anything but a clean parse of the skimmed text: the file is parsed whole.
        if let Ok(mut parsed) = parse_text(&skim.text, syntax, None, hint, may_split) {
            parsed.skim = Some((skim, syntax));
            return Ok(parsed);
        }
    }
    parse_text(source, syntax, Some(path), hint, may_split)
}

/// Parses `source` with `syntax`; `jsx_retry` is the path whose `.js` may be
/// retried with JSX.
fn parse_text(
    source: &str,
    syntax: Syntax,
    jsx_retry: Option<&Path>,
    hint: ModuleHint,
    may_split: bool,
) -> Result<Parsed, ParseError> {
    if may_split
        && source.len() >= super::split::MIN_SPLIT_LEN
        && hint == ModuleHint::Detect
        && matches!(syntax, Syntax::Es(es) if !es.jsx)
        && let threads = rayon::current_num_threads()
        && threads > 1
        && let Some(program) = super::split::parse_split(source, syntax, 2 * threads)
    {
        return Ok(Parsed { program, is_esm: false, skim: None });
    }
    let program = match (parse_with(source, syntax, hint), jsx_retry) {
        (Ok(program), _) => program,
        (Err(first), Some(path)) if matches!(syntax, Syntax::Es(es) if !es.jsx) => {
            // Plain `.js` with JSX in it (application sources often have it).
            parse_with(source, syntax_for(path, true), hint).map_err(|_| first)?
        }
        (Err(err), _) => return Err(err),
    };
    let is_esm = hint == ModuleHint::Esm || has_esm_syntax(&program);
    Ok(Parsed { program, is_esm, skim: None })
}
