//! Calls that are not a well-known function's: bundlers' own requires (webpack's
//! table, Browserify's), functions called where they are written (their
//! parameters take the arguments), interop helpers around a module, and
//! `require('module')` in an ES module whose requires are not followed.

use std::collections::BTreeMap;
use std::rc::Rc;

use swc_ecma_ast::{CallExpr, Callee, Expr, Lit, MemberProp};
use swc_ecma_visit::VisitMutWith;

use super::expr::{Eval, eval, eval_args};
use super::scanner::Scanner;
use super::{DepKind, specifiers};
use crate::eval::value::number_to_string;
use crate::eval::{Value, WILDCARD, WellKnown};

/// `__webpack_require__(id)`: the value of the module the bundle's table maps `id` to.
pub(super) fn webpack_require(
    s: &mut Scanner<'_>,
    c: &mut CallExpr,
    table: &Rc<BTreeMap<String, Value>>,
) -> Eval {
    let args = eval_args(s, &mut c.args);
    let key = match args.first().and_then(|a| a.value.as_ref()) {
        Some(Value::Str(k)) => Some(k.to_string()),
        Some(Value::Num(n)) => Some(number_to_string(*n)),
        _ => None,
    };
    let module = key.and_then(|k| table.get(&k).cloned());
    for arg in args {
        s.settle(arg);
    }
    Eval::maybe(module, false)
}

/// A Browserify module's `require(name)`.
pub(super) fn browserify_require(
    s: &mut Scanner<'_>,
    c: &mut CallExpr,
    table: &Rc<BTreeMap<String, Value>>,
) -> Eval {
    let Some(first) = c.args.first_mut() else { return Eval::unknown() };
    let values = specifiers::require_arg(s, &mut first.expr);
    // Only patterns: a literal name is the bundle's or an external (listed
    // by the wrapper pass).
    let patterns: Vec<Value> = values.iter().filter(|v| v.has_wildcard()).cloned().collect();
    specifiers::add_specifiers(s, DepKind::Require, &patterns);
    for arg in c.args.iter_mut().skip(1) {
        arg.visit_mut_with(s);
    }
    match values.as_slice() {
        [Value::Str(spec)] => Eval::maybe(table.get(&**spec).cloned(), false),
        _ => Eval::unknown(),
    }
}

/// A call of something that is not a well-known function. An interop helper
/// around a module (`__importDefault(require('path'))`, `_interopRequireWildcard(..)`,
/// esbuild's `__toESM(..)`, SWC's `_interop_require_default(..)`, tslib's) is the
/// module itself, whose `default` is the module again.
pub(super) fn other_call(s: &mut Scanner<'_>, callee: Eval, c: &mut CallExpr) -> Eval {
    let unknown_callee = callee.value.is_none() && s.sees_through(&c.callee);
    s.settle(callee);
    let mut args = eval_args(s, &mut c.args).into_iter();
    let first = args.next();
    for arg in args {
        s.settle(arg);
    }
    if let Some(first) = first {
        match &first.value {
            Some(Value::WellKnown(m)) if unknown_callee && m.is_module() => {
                return Eval::known(Value::WellKnown(m.clone()), false);
            }
            _ => s.settle(first),
        }
    }
    Eval::unknown()
}

/// `(function (__dirname) {..}).call(this, dir)`: the call of the function
/// expression starting at `start`, whose parameters take the arguments from `skip` on.
pub(super) fn iife_call(
    s: &mut Scanner<'_>,
    c: &mut CallExpr,
    start: swc_common::BytePos,
    skip: usize,
) -> Eval {
    // `(function (__dirname) {..}).call(this, dir)`: the parameters are bound to
    // the arguments that are paths or modules.
    let args = eval_args(s, &mut c.args);
    let mut values = Vec::new();
    for (i, arg) in args.into_iter().enumerate() {
        let bindable = i >= skip
            && s.evaluates()
            && arg.value.as_ref().is_some_and(|v| match v {
                Value::Str(p) => p.starts_with('/') && !p.contains(WILDCARD),
                Value::WellKnown(m) => m.is_module(),
                _ => false,
            });
        if bindable {
            values.push(arg.value);
        } else {
            if i >= skip {
                values.push(None);
            }
            s.settle(arg);
        }
    }
    // An interop helper written inline (`function (e) {..}(require('path'))`).
    let module = match values.first() {
        Some(Some(Value::WellKnown(m))) if m.is_module() && !s.in_node_modules() => {
            Some(Value::WellKnown(m.clone()))
        }
        _ => None,
    };
    let Callee::Expr(callee_expr) = &mut c.callee else { return Eval::unknown() };
    let callee = s.with_iife_args(start, values, |s| eval(s, callee_expr));
    s.settle(callee);
    Eval::maybe(module, false)
}

/// A function expression called where it is written: `(function (a) {..})(x)`,
/// `((a) => ..)(x)`, `(function (a) {..}).call(self, x)`. Its start, and how many
/// arguments come before the first parameter's.
pub(super) fn immediately_invoked(callee: &Expr) -> Option<(swc_common::BytePos, usize)> {
    fn function_start(e: &Expr) -> Option<swc_common::BytePos> {
        match e {
            Expr::Paren(p) => function_start(&p.expr),
            Expr::Fn(f) => Some(f.function.span.lo),
            Expr::Arrow(a) => Some(a.span.lo),
            _ => None,
        }
    }
    if let Some(start) = function_start(callee) {
        return Some((start, 0));
    }
    let Expr::Member(m) = callee else { return None };
    let MemberProp::Ident(prop) = &m.prop else { return None };
    (prop.sym == "call").then_some(())?;
    function_start(&m.obj).map(|start| (start, 1))
}

/// `require('module')` (a builtin the evaluator knows) in an ES module whose
/// `require`s are not followed (`--no-mixed-modules`): still the module, so that
/// `require('module').createRequire(import.meta.url)` is a require.
pub(super) fn unfollowed_builtin_require(
    s: &Scanner<'_>,
    callee: &Expr,
    args: &[swc_ecma_ast::ExprOrSpread],
) -> Option<WellKnown> {
    if s.follows_require() || s.is_declared("require") {
        return None;
    }
    let Expr::Ident(id) = callee else { return None };
    let [arg] = args else { return None };
    let Expr::Lit(Lit::Str(spec)) = arg.expr.as_ref() else { return None };
    let spec = spec.value.as_str()?;
    let name = spec.strip_prefix("node:").unwrap_or(spec);
    let builtin = matches!(name, "module" | "path" | "fs" | "fs/promises" | "url" | "process");
    (id.sym == "require" && arg.spread.is_none() && builtin)
        .then(|| WellKnown::module(spec))
        .flatten()
}
