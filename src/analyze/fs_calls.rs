//! `fs` reads (`fs_read`): the first argument of `fs.readFileSync(x)`,
//! `fs.readdir(x)`, ... is a file or directory the program reads, recorded as a
//! [`Reference`] that the graph checks against the file system. Path expressions
//! that nothing consumes are emitted by `Scanner::settle` (`scanner.rs`).

use swc_ecma_ast::{CallExpr, Expr};

use super::expr::eval_args;
use super::scanner::Scanner;
use super::{PathPattern, Reference};
use crate::eval::Value;

/// `fs.readFileSync(x)`, `fs.readdir(x)`, ...: the first argument is a file (or
/// directory) the program reads.
pub(super) fn fs_read(s: &mut Scanner<'_>, c: &mut CallExpr, dir: bool) {
    let mut args = eval_args(s, &mut c.args).into_iter();
    if let Some(first) = args.next() {
        if s.computes_references() {
            let is_dirname = matches!(c.args.first().map(|a| a.expr.as_ref()), Some(Expr::Ident(id)) if id.sym == "__dirname")
                && first.value.as_ref().and_then(Value::as_str) == Some(s.dir());
            if dir && is_dirname {
                s.add_reference(Reference::AssetDir(PathPattern::new(s.dir())));
                // `__dirname` itself is not a file reference here.
                for arg in args {
                    s.settle(arg);
                }
                return;
            }
            if let Some(value) = &first.value {
                s.emit_value(value);
            }
        }
        s.settle(first);
    }
    for arg in args {
        s.settle(arg);
    }
}
