//! Expression evaluation inside the walk. Each expression node is evaluated once,
//! bottom-up: a node's value is computed from its children's, and when a parent
//! cannot be evaluated, the children that are path expressions (built from
//! `__dirname`, `import.meta.url`, `path.*`, ...) are emitted as file references.
//! This is `@vercel/nft`'s "backtracking" without re-evaluating every ancestor, so
//! the cost is linear in the size of the file. The operators' arithmetic is
//! `eval/ops.rs`; emitting is `Scanner::settle` (`scanner.rs`). Nodes come `&mut`
//! only because the walk frees statement lists (function bodies inside expressions
//! too) as it goes, see `visit.rs`; nothing here changes them.

use std::collections::BTreeMap;
use std::rc::Rc;

use swc_ecma_ast::{
    ArrayLit, AssignExpr, AssignTarget, BinExpr, BinaryOp, CallExpr, Callee, CondExpr, Expr, Ident,
    Lit, MemberExpr, MemberProp, MetaPropKind, NewExpr, ObjectLit, Prop, PropName, PropOrSpread,
    SeqExpr, SimpleAssignTarget, Tpl, UnaryExpr, UnaryOp,
};
use swc_ecma_visit::VisitMutWith;

use super::scanner::{STACK_GROWTH, STACK_RED_ZONE, Scanner};
use super::{calls, cjs, esm, fs_calls, libraries, native};
use crate::eval::value::number_to_string;
use crate::eval::{CallContext, Value, WILDCARD, WellKnown, ops, well_known};

/// The outcome of evaluating one expression.
pub(super) struct Eval {
    pub(super) value: Option<Value>,
    /// The value is a path expression worth emitting if nothing above it evaluates.
    pub(super) trigger: bool,
}

impl Eval {
    pub(super) fn unknown() -> Self {
        Self { value: None, trigger: false }
    }
    pub(super) fn known(value: Value, trigger: bool) -> Self {
        Self { value: Some(value), trigger }
    }
    pub(super) fn maybe(value: Option<Value>, trigger: bool) -> Self {
        Self { value, trigger }
    }
}

#[cfg(test)]
thread_local! {
    /// How many times [`eval`] ran on this thread: the tests bound the evaluator's
    /// work by counting, not by timing it.
    pub(super) static EVALUATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

pub(super) fn eval(s: &mut Scanner<'_>, e: &mut Expr) -> Eval {
    #[cfg(test)]
    EVALUATIONS.with(|n| n.set(n.get() + 1));
    stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || eval_inner(s, e))
}

fn eval_inner(s: &mut Scanner<'_>, e: &mut Expr) -> Eval {
    match e {
        Expr::Lit(lit) => literal(lit),
        Expr::Tpl(tpl) => template(s, tpl),
        Expr::Ident(id) => ident(s, id),
        Expr::Paren(p) => eval(s, &mut p.expr),
        Expr::TsAs(x) => eval(s, &mut x.expr),
        Expr::TsNonNull(x) => eval(s, &mut x.expr),
        Expr::TsTypeAssertion(x) => eval(s, &mut x.expr),
        Expr::TsConstAssertion(x) => eval(s, &mut x.expr),
        Expr::TsSatisfies(x) => eval(s, &mut x.expr),
        Expr::Member(m) => member(s, m),
        Expr::Call(c) => call(s, c),
        Expr::New(n) => new(s, n),
        Expr::Bin(b) => binary(s, b),
        Expr::Cond(c) => conditional(s, c),
        Expr::Unary(u) => unary(s, u),
        Expr::Array(a) => array(s, a),
        Expr::Object(o) => object(s, o),
        Expr::Seq(seq) => sequence(s, seq),
        Expr::Assign(a) => assign(s, a),
        _ => {
            e.visit_mut_children_with(s);
            Eval::unknown()
        }
    }
}

fn literal(lit: &Lit) -> Eval {
    let value = match lit {
        Lit::Str(s) => s.value.as_str().map(Value::str),
        Lit::Num(n) => Some(Value::Num(n.value)),
        Lit::Bool(b) => Some(Value::Bool(b.value)),
        Lit::Null(_) => Some(Value::Null),
        _ => None,
    };
    Eval::maybe(value, false)
}

fn template(s: &mut Scanner<'_>, tpl: &mut Tpl) -> Eval {
    let mut acc: Vec<String> = vec![String::new()];
    let mut trigger = false;
    let mut ok = true;
    for (i, quasi) in tpl.quasis.iter().enumerate() {
        match quasi.cooked.as_ref().and_then(|c| c.as_str()) {
            Some(text) => acc.iter_mut().for_each(|a| a.push_str(text)),
            None => ok = false,
        }
        let Some(expr) = tpl.exprs.get_mut(i) else { continue };
        let part = eval(s, expr);
        trigger |= part.trigger;
        match &part.value {
            None => acc.iter_mut().for_each(|a| a.push(WILDCARD)),
            Some(v) => {
                if let Some(next) = ops::concat_each(&acc, v) {
                    acc = next;
                } else {
                    ok = false;
                    s.settle(part);
                }
            }
        }
    }
    if !ok {
        return Eval::unknown();
    }
    Eval::maybe(Value::alternatives(acc.into_iter().map(Value::str).collect()), trigger)
}

fn ident(s: &mut Scanner<'_>, id: &Ident) -> Eval {
    let name = &*id.sym;
    if let Some(value) = s.binding(name) {
        let trigger = s.computes_references()
            && (ops::is_absolute_path(value)
                || matches!(value, Value::WellKnown(w) if w.is_trigger()));
        return Eval::known(value.clone(), trigger);
    }
    if s.is_declared(name) {
        return Eval::unknown(); // shadowed
    }
    match name {
        "undefined" => Eval::known(Value::Undefined, false),
        "URL" => Eval::known(Value::WellKnown(WellKnown::UrlClass), false),
        "Object" => {
            let mut props = BTreeMap::new();
            props.insert("assign".to_owned(), Value::WellKnown(WellKnown::ObjectAssign));
            Eval::known(Value::Object { props: Rc::new(props), open: true }, false)
        }
        _ => Eval::unknown(),
    }
}

fn member_key(s: &mut Scanner<'_>, prop: &mut MemberProp) -> Option<String> {
    match prop {
        MemberProp::Ident(id) => Some(id.sym.to_string()),
        MemberProp::PrivateName(_) => None,
        MemberProp::Computed(c) => {
            let key = eval(s, &mut c.expr);
            match &key.value {
                Some(Value::Str(k)) if !k.contains(WILDCARD) => Some(k.to_string()),
                Some(Value::Num(n)) => Some(number_to_string(*n)),
                _ => {
                    s.settle(key);
                    None
                }
            }
        }
    }
}

fn member(s: &mut Scanner<'_>, m: &mut MemberExpr) -> Eval {
    if let Expr::MetaProp(meta) = m.obj.as_ref()
        && meta.kind == MetaPropKind::ImportMeta
    {
        let key = member_key(s, &mut m.prop);
        let refs = s.computes_references();
        let value = match key.as_deref() {
            Some("url") => Value::Url(well_known::path_to_file_url(s.file()).into()),
            Some("dirname") => Value::str(s.dir()),
            Some("filename") => Value::str(s.file()),
            _ => return Eval::unknown(),
        };
        return Eval::known(value, refs);
    }
    let obj = eval(s, &mut m.obj);
    let key = member_key(s, &mut m.prop);
    if let (Some(v), Some(k)) = (&obj.value, key) {
        if let Some(result) = v.member(&k) {
            // A bound method (`__dirname.concat`) carries the trigger to its call.
            let bound = matches!(
                result,
                Value::WellKnown(WellKnown::StringConcat(_) | WellKnown::ArrayJoin(_))
            );
            let trigger = obj.trigger && (result.is_data() || bound);
            Eval::known(result, trigger)
        } else {
            s.settle(obj);
            Eval::unknown()
        }
    } else {
        s.settle(obj);
        Eval::unknown()
    }
}

/// Evaluates call arguments; spread arguments are unknown.
pub(super) fn eval_args(s: &mut Scanner<'_>, args: &mut [swc_ecma_ast::ExprOrSpread]) -> Vec<Eval> {
    args.iter_mut()
        .map(|arg| {
            let result = eval(s, &mut arg.expr);
            if arg.spread.is_some() {
                s.settle(result);
                Eval::unknown()
            } else {
                result
            }
        })
        .collect()
}

fn call(s: &mut Scanner<'_>, c: &mut CallExpr) -> Eval {
    let callee_expr = match &mut c.callee {
        Callee::Import(_) => {
            esm::dynamic_import(s, c);
            return Eval::unknown();
        }
        Callee::Super(_) => {
            c.visit_mut_children_with(s);
            return Eval::unknown();
        }
        Callee::Expr(e) => e,
    };
    if esm::is_import_meta_resolve(callee_expr) {
        s.optionally(|s| esm::dynamic_import(s, c));
        return Eval::unknown();
    }
    if cjs::is_module_require(s, callee_expr) {
        cjs::require_call(s, c);
        return Eval::unknown();
    }
    if let Some((start, skip)) = calls::immediately_invoked(callee_expr) {
        return calls::iife_call(s, c, start, skip);
    }
    if let Some(module) = calls::unfollowed_builtin_require(s, callee_expr, &c.args) {
        return Eval::known(Value::WellKnown(module), false);
    }
    let callee = eval(s, callee_expr);
    let Some(Value::WellKnown(known)) = &callee.value else {
        return calls::other_call(s, callee, c);
    };
    match known {
        WellKnown::Require | WellKnown::BoundRequire => Eval::maybe(cjs::require_call(s, c), false),
        WellKnown::RequireResolve => {
            let specifier = match c.args.first().map(|a| a.expr.as_ref()) {
                Some(Expr::Lit(Lit::Str(spec))) => spec.value.as_str().map(Rc::<str>::from),
                _ => None,
            };
            s.optionally(|s| cjs::require_call(s, c));
            let resolved =
                specifier.map(|specifier| Value::Resolved { specifier, tail: Rc::from("") });
            Eval::maybe(resolved, false)
        }
        WellKnown::FsRead { dir } => {
            fs_calls::fs_read(s, c, *dir);
            Eval::unknown()
        }
        WellKnown::RequireFrom(dir) => {
            let dir = Rc::clone(dir);
            Eval::maybe(cjs::require_call_from(s, c, &dir), false)
        }
        WellKnown::CreateRequire => {
            let args = eval_args(s, &mut c.args);
            let dir = args.first().and_then(|a| a.value.as_ref()).and_then(ops::require_base);
            for arg in args {
                s.settle(arg);
            }
            let bound = match dir {
                Some(dir) if dir != s.dir() => WellKnown::RequireFrom(dir.into()),
                _ => WellKnown::BoundRequire,
            };
            Eval::known(Value::WellKnown(bound), false)
        }
        WellKnown::ModuleRegister => {
            esm::module_register(s, c);
            Eval::unknown()
        }
        WellKnown::Native(loader) => {
            let loader = *loader;
            native::call(s, loader, c);
            Eval::unknown()
        }
        WellKnown::Library(library) => {
            let library = *library;
            libraries::call(s, library, c)
        }
        WellKnown::WebpackRequire(table) => calls::webpack_require(s, c, &Rc::clone(table)),
        WellKnown::BrowserifyRequire(table) => calls::browserify_require(s, c, &Rc::clone(table)),
        other => {
            let other = other.clone();
            let args = eval_args(s, &mut c.args);
            let values: Vec<Option<Value>> = args.iter().map(|a| a.value.clone()).collect();
            let ctx = CallContext { cwd: s.cwd() };
            if let Some(result) = well_known::call(&other, &values, &ctx) {
                let trigger = s.computes_references()
                    && (callee.trigger || other.is_trigger() || args.iter().any(|a| a.trigger));
                Eval::known(result, trigger)
            } else {
                for arg in args {
                    s.settle(arg);
                }
                Eval::unknown()
            }
        }
    }
}

fn new(s: &mut Scanner<'_>, n: &mut NewExpr) -> Eval {
    let callee = eval(s, &mut n.callee);
    let args = n.args.as_deref_mut().map(|a| eval_args(s, a)).unwrap_or_default();
    if let Some(Value::WellKnown(WellKnown::UrlClass)) = &callee.value {
        let values: Vec<Option<Value>> = args.iter().map(|a| a.value.clone()).collect();
        if let Some(url) = well_known::new_url(&values) {
            return Eval::known(url, args.iter().any(|a| a.trigger));
        }
    }
    s.settle(callee);
    for arg in args {
        s.settle(arg);
    }
    Eval::unknown()
}

fn binary(s: &mut Scanner<'_>, b: &mut BinExpr) -> Eval {
    let l = eval(s, &mut b.left);
    let r = eval(s, &mut b.right);
    let trigger = l.trigger || r.trigger;
    let value = binary_op(b.op).and_then(|op| ops::binary(op, l.value.as_ref(), r.value.as_ref()));
    if let Some(v) = value {
        Eval::known(v, trigger)
    } else {
        s.settle(l);
        s.settle(r);
        Eval::unknown()
    }
}

/// The evaluator's operator for a syntax one, if it computes it.
fn binary_op(op: BinaryOp) -> Option<ops::BinaryOp> {
    Some(match op {
        BinaryOp::Add => ops::BinaryOp::Add,
        BinaryOp::Sub => ops::BinaryOp::Sub,
        BinaryOp::Mul => ops::BinaryOp::Mul,
        BinaryOp::Div => ops::BinaryOp::Div,
        BinaryOp::Mod => ops::BinaryOp::Mod,
        BinaryOp::LogicalOr => ops::BinaryOp::Or,
        BinaryOp::LogicalAnd => ops::BinaryOp::And,
        BinaryOp::NullishCoalescing => ops::BinaryOp::Nullish,
        BinaryOp::EqEq | BinaryOp::EqEqEq => ops::BinaryOp::Equal,
        BinaryOp::NotEq | BinaryOp::NotEqEq => ops::BinaryOp::NotEqual,
        _ => return None,
    })
}

fn conditional(s: &mut Scanner<'_>, c: &mut CondExpr) -> Eval {
    let test = eval(s, &mut c.test);
    let known = test.value.as_ref().and_then(Value::truthy);
    s.settle(test);
    let cons = eval(s, &mut c.cons);
    let alt = eval(s, &mut c.alt);
    match known {
        Some(true) => {
            s.settle(alt);
            cons
        }
        Some(false) => {
            s.settle(cons);
            alt
        }
        None => match (&cons.value, &alt.value) {
            (Some(a), Some(b)) if !a.has_wildcard() && !b.has_wildcard() => {
                if let Some(v) = Value::alternatives(vec![a.clone(), b.clone()]) {
                    Eval::known(v, cons.trigger || alt.trigger)
                } else {
                    s.settle(cons);
                    s.settle(alt);
                    Eval::unknown()
                }
            }
            _ => {
                s.settle(cons);
                s.settle(alt);
                Eval::unknown()
            }
        },
    }
}

fn unary(s: &mut Scanner<'_>, u: &mut UnaryExpr) -> Eval {
    let arg = eval(s, &mut u.arg);
    let op = match u.op {
        UnaryOp::Void => Some(ops::UnaryOp::Void),
        UnaryOp::Bang => Some(ops::UnaryOp::Not),
        UnaryOp::Minus => Some(ops::UnaryOp::Minus),
        UnaryOp::Plus => Some(ops::UnaryOp::Plus),
        _ => None,
    };
    let value = op.and_then(|op| ops::unary(op, arg.value.as_ref()));
    s.settle(arg);
    Eval::maybe(value, false)
}

fn array(s: &mut Scanner<'_>, a: &mut ArrayLit) -> Eval {
    let mut items = Vec::with_capacity(a.elems.len());
    let mut results = Vec::with_capacity(a.elems.len());
    let mut ok = true;
    let mut trigger = false;
    for elem in &mut a.elems {
        match elem {
            None => items.push(Value::Undefined),
            Some(e) => {
                let r = eval(s, &mut e.expr);
                trigger |= r.trigger;
                match (&r.value, e.spread) {
                    (Some(v), None) => items.push(v.clone()),
                    _ => ok = false,
                }
                results.push(r);
            }
        }
    }
    if ok {
        return Eval::known(Value::Array(Rc::new(items)), trigger);
    }
    for r in results {
        s.settle(r);
    }
    Eval::unknown()
}

fn object(s: &mut Scanner<'_>, o: &mut ObjectLit) -> Eval {
    let mut props = BTreeMap::new();
    let mut ok = true;
    for prop in &mut o.props {
        let PropOrSpread::Prop(prop) = prop else {
            prop.visit_mut_children_with(s);
            ok = false;
            continue;
        };
        match prop.as_mut() {
            Prop::KeyValue(kv) => {
                let key = match &mut kv.key {
                    PropName::Ident(id) => Some(id.sym.to_string()),
                    PropName::Str(st) => st.value.as_str().map(str::to_owned),
                    PropName::Num(n) => Some(number_to_string(n.value)),
                    PropName::Computed(c) => {
                        let k = eval(s, &mut c.expr);
                        let key = k.value.as_ref().and_then(|v| v.as_str().map(str::to_owned));
                        s.settle(k);
                        key
                    }
                    PropName::BigInt(_) => None,
                };
                let value = eval(s, &mut kv.value);
                match (key, &value.value) {
                    (Some(k), Some(v)) if v.is_data() => {
                        props.insert(k, v.clone());
                    }
                    _ => ok = false,
                }
                s.settle(value);
            }
            Prop::Shorthand(id) => match s.binding(&id.sym) {
                Some(v) if v.is_data() => {
                    props.insert(id.sym.to_string(), v.clone());
                }
                _ => ok = false,
            },
            other => {
                other.visit_mut_children_with(s);
                ok = false;
            }
        }
    }
    if ok {
        Eval::known(Value::Object { props: Rc::new(props), open: false }, false)
    } else {
        Eval::unknown()
    }
}

fn sequence(s: &mut Scanner<'_>, seq: &mut SeqExpr) -> Eval {
    let mut last = Eval::unknown();
    let count = seq.exprs.len();
    for (i, e) in seq.exprs.iter_mut().enumerate() {
        let r = eval(s, e);
        if i + 1 == count {
            last = r;
        } else {
            s.settle(r);
        }
    }
    last
}

fn assign(s: &mut Scanner<'_>, a: &mut AssignExpr) -> Eval {
    a.left.visit_mut_with(s);
    let right = eval(s, &mut a.right);
    if let (AssignTarget::Simple(SimpleAssignTarget::Ident(id)), Some(value)) =
        (&a.left, &right.value)
        && s.evaluates()
        && !s.is_declared(&id.id.sym)
        && a.op == swc_ecma_ast::AssignOp::Assign
    {
        s.bind(&id.id.sym, value.clone());
    }
    if let Some(value) = &right.value
        && ops::absolute_path(value).is_some()
    {
        s.emit_value(value);
    }
    s.settle(right);
    Eval::unknown()
}
