//! File references: the arguments of `fs` reads (`fs_read`), and path expressions
//! that nothing above them consumes (`Scanner::settle`, `Scanner::emit_value`).
//! They become [`Reference`]s that the graph checks against the file system
//! (existence, directories, globs and their guards). Also `Scanner::bind_pattern`:
//! what `const x = v` and `const { a } = v` bind.

use swc_ecma_ast::{CallExpr, Expr, ObjectPatProp, Pat};

use super::Reference;
use super::expr::{Eval, eval_args};
use super::visit::Scanner;
use crate::eval::{Value, WellKnown, well_known};

/// The absolute path a value names: an absolute path string, a `file:` URL
/// string, or a `URL` object with a `file:` href.
pub(crate) fn absolute_path(value: &Value) -> Option<String> {
    let path = match value {
        Value::Str(s) if s.starts_with("file:") => well_known::file_url_to_path(s)?,
        Value::Str(s) => s.to_string(),
        Value::Url(href) => well_known::file_url_to_path(href)?,
        _ => return None,
    };
    // nft's test: a slash followed by a name (so "/" alone and "//x" are not paths).
    if path.len() > 1 && path.starts_with('/') && !path[1..].starts_with('/') {
        Some(well_known::normalize(&path))
    } else {
        None
    }
}

/// `fs.readFileSync(x)`, `fs.readdir(x)`, ...: the first argument is a file (or
/// directory) the program reads.
pub(super) fn fs_read(s: &mut Scanner<'_>, c: &mut CallExpr, dir: bool) {
    let mut args = eval_args(s, &mut c.args).into_iter();
    if let Some(first) = args.next() {
        if s.options.analysis.compute_file_references {
            let is_dirname = matches!(c.args.first().map(|a| a.expr.as_ref()), Some(Expr::Ident(id)) if id.sym == "__dirname")
                && first.value.as_ref().and_then(Value::as_str) == Some(s.dir.as_str());
            if dir && is_dirname {
                s.references.insert(Reference::AssetDir(s.dir.clone()));
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

impl Scanner<'_> {
    /// Emits every absolute path `value` names (each alternative, each array item).
    pub(super) fn emit_value(&mut self, value: &Value) {
        if !self.options.analysis.compute_file_references {
            return;
        }
        for v in value.each() {
            if let Value::Array(items) = v {
                for item in items.iter() {
                    if let Some(path) = absolute_path(item) {
                        self.references.insert(Reference::Asset(path));
                    }
                }
            } else if let Some(path) = absolute_path(v) {
                self.references.insert(Reference::Asset(path));
            } else if let Value::Resolved { specifier, tail } = v
                && !tail.is_empty()
            {
                self.references.insert(Reference::ResolvedAsset {
                    specifier: specifier.to_string(),
                    tail: tail.to_string(),
                });
            }
        }
    }

    /// A finished evaluation nothing above consumes: a path expression is emitted.
    #[expect(clippy::needless_pass_by_value, reason = "settling consumes the result by design")]
    pub(super) fn settle(&mut self, result: Eval) {
        if result.trigger
            && let Some(value) = &result.value
            && value.is_data()
        {
            self.emit_value(value);
        }
    }

    /// `const x = value`, `const { a, b: c } = value`.
    pub(super) fn bind_pattern(&mut self, pat: &Pat, value: &Value) {
        match pat {
            Pat::Ident(id) => {
                let is_require_name = id.id.sym == "require";
                // `require` may only be rebound to another require (createRequire).
                if !is_require_name
                    || matches!(
                        value,
                        Value::WellKnown(
                            WellKnown::BoundRequire
                                | WellKnown::Require
                                | WellKnown::RequireFrom(_)
                        )
                    )
                {
                    self.bindings.set(&id.id.sym, value.clone());
                }
            }
            Pat::Object(obj) => {
                for prop in &obj.props {
                    match prop {
                        ObjectPatProp::KeyValue(kv) => {
                            let key = match &kv.key {
                                swc_ecma_ast::PropName::Ident(k) => Some(k.sym.to_string()),
                                swc_ecma_ast::PropName::Str(k) => {
                                    k.value.as_str().map(str::to_owned)
                                }
                                _ => None,
                            };
                            if let (Some(key), Pat::Ident(_)) = (key, kv.value.as_ref())
                                && let Some(member) = value.member(&key)
                            {
                                self.bind_pattern(&kv.value, &member);
                            }
                        }
                        ObjectPatProp::Assign(a) if a.value.is_none() => {
                            if let Some(member) = value.member(&a.key.id.sym) {
                                self.bindings.set(&a.key.id.sym, member);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}
