//! `CommonJS` forms: `require(x)` (and `require`s made by `createRequire` or by a
//! wrapper function), `require.resolve(x)`, `module.require(x)`, TypeScript's
//! `import x = require(x)`. The specifiers are read by `specifiers.rs`.

use swc_ecma_ast::{
    ArrowFunctionBody, CallExpr, Callee, Decl, Expr, Function, MemberProp, Pat, Stmt,
    TsImportEqualsDecl, TsModuleRef,
};
use swc_ecma_visit::VisitMutWith;

use super::DepKind;
use super::scanner::Scanner;
use super::specifiers::{add_specifiers, require_arg};
use crate::eval::{Value, WellKnown, well_known};

pub(super) fn ts_import_equals(s: &mut Scanner<'_>, node: &TsImportEqualsDecl) {
    if node.is_type_only {
        return;
    }
    if let TsModuleRef::TsExternalModuleRef(ext) = &node.module_ref
        && let Some(src) = ext.expr.value.as_str()
    {
        s.add_dep(DepKind::Require, src.to_owned());
        if let Some(module) = WellKnown::module(src) {
            s.bind(&node.id.sym, Value::WellKnown(module));
        }
    }
}

/// `module.require(x)` when `module` is Node's.
pub(super) fn is_module_require(s: &Scanner<'_>, callee: &Expr) -> bool {
    let Expr::Member(member) = callee else { return false };
    matches!(member.obj.as_ref(), Expr::Ident(obj) if obj.sym == "module")
        && matches!(&member.prop, MemberProp::Ident(p) if p.sym == "require")
        && !s.is_declared("module")
        && s.follows_require()
}

/// `require(x)` / `require.resolve(x)`: records the specifiers and returns the
/// value of the call when it is a well-known module.
pub(super) fn require_call(s: &mut Scanner<'_>, c: &mut CallExpr) -> Option<Value> {
    required(s, c, None)
}

/// `req(x)` for a `req = createRequire(dir)`: relative specifiers start from `dir`.
pub(super) fn require_call_from(s: &mut Scanner<'_>, c: &mut CallExpr, dir: &str) -> Option<Value> {
    required(s, c, Some(dir))
}

/// The specifiers of a require-like call (relative ones from `dir` when given), and
/// the well-known module it returns, if any.
fn required(s: &mut Scanner<'_>, c: &mut CallExpr, dir: Option<&str>) -> Option<Value> {
    let mut args = c.args.iter_mut();
    let first = args.next()?;
    let mut values = require_arg(s, &mut first.expr);
    if let Some(dir) = dir {
        for v in &mut values {
            if let Some(spec) = v.as_str().filter(|p| p.starts_with("./") || p.starts_with("../")) {
                *v = Value::str(well_known::normalize(&format!("{dir}/{spec}")));
            }
        }
    }
    add_specifiers(s, DepKind::Require, &values);
    for arg in args {
        arg.visit_mut_with(s);
    }
    match values.as_slice() {
        [Value::Str(spec)] => WellKnown::module(spec).map(Value::WellKnown),
        _ => None,
    }
}

/// `function load(x) { ...; const m = require(x); ...; return m; }` makes `load`
/// a require.
pub(super) fn detect_require_wrapper(
    s: &mut Scanner<'_>,
    name: &swc_atoms::Atom,
    function: &Function,
) {
    let Some(body) = &function.body else { return };
    let Some(Pat::Ident(param)) = function.params.first().map(|p| &p.pat) else { return };
    if wraps_require(s, &param.id.sym, &body.stmts) {
        s.bind(name, Value::WellKnown(WellKnown::BoundRequire));
    }
}

/// The same for `const load = (x) => { ... }` and `const load = function (x) { ... }`.
pub(super) fn detect_require_wrapper_expr(
    s: &mut Scanner<'_>,
    name: &swc_atoms::Atom,
    init: &Expr,
) {
    match init {
        Expr::Fn(f) => detect_require_wrapper(s, name, &f.function),
        Expr::Arrow(a) => {
            let (Some(Pat::Ident(param)), ArrowFunctionBody::FunctionBody(body)) =
                (a.params.first(), a.body.as_ref())
            else {
                return;
            };
            if wraps_require(s, &param.id.sym, &body.stmts) {
                s.bind(name, Value::WellKnown(WellKnown::BoundRequire));
            }
        }
        _ => {}
    }
}

/// `require(param)`.
fn requires_param(expr: &Expr, param: &str) -> bool {
    let Expr::Call(call) = expr else { return false };
    let Callee::Expr(callee) = &call.callee else { return false };
    matches!(callee.as_ref(), Expr::Ident(c) if c.sym == "require")
        && call.args.len() == 1
        && matches!(call.args[0].expr.as_ref(), Expr::Ident(a) if a.sym == param)
}

fn wraps_require(s: &Scanner<'_>, param: &str, stmts: &[Stmt]) -> bool {
    if !matches!(s.binding("require"), Some(Value::WellKnown(WellKnown::Require))) {
        return false;
    }
    let mut required: Option<&str> = None;
    for stmt in stmts {
        match stmt {
            Stmt::Decl(Decl::Var(var)) if required.is_none() => {
                required = var.decls.iter().find_map(|d| {
                    let Pat::Ident(id) = &d.name else { return None };
                    let Expr::Call(call) = d.init.as_deref()? else { return None };
                    let Callee::Expr(callee) = &call.callee else { return None };
                    let is_require = matches!(callee.as_ref(), Expr::Ident(c) if c.sym == "require");
                    let passes_param = matches!(call.args.first().map(|a| a.expr.as_ref()), Some(Expr::Ident(a)) if a.sym == param);
                    (is_require && passes_param).then_some(&*id.id.sym)
                });
            }
            Stmt::Return(ret) => {
                if let (Some(name), Some(Expr::Ident(arg))) = (required, ret.arg.as_deref())
                    && arg.sym == name
                {
                    return true;
                }
                if ret.arg.as_deref().is_some_and(|arg| requires_param(arg, param)) {
                    return true;
                }
            }
            // `try { return require(id); } catch (e) { throw friendlier(e); }`
            Stmt::Try(t) if wraps_require(s, param, &t.block.stmts) => return true,
            _ => {}
        }
    }
    false
}
