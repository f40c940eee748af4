//! Expression evaluation inside the walk. Each expression node is evaluated once,
//! bottom-up: a node's value is computed from its children's, and when a parent
//! cannot be evaluated, the children that are path expressions (built from
//! `__dirname`, `import.meta.url`, `path.*`, ...) are emitted as file references.
//! This is `@vercel/nft`'s "backtracking" without re-evaluating every ancestor, so
//! the cost is linear in the size of the file. Nodes come `&mut` only because the
//! walk frees statement lists (function bodies inside expressions too) as it goes,
//! see `visit.rs`; nothing here changes them.

use std::collections::BTreeMap;
use std::rc::Rc;

use swc_ecma_ast::{
    ArrayLit, AssignExpr, AssignTarget, BinExpr, BinaryOp, CallExpr, Callee, CondExpr, Expr, Ident,
    Lit, MemberExpr, MemberProp, MetaPropKind, NewExpr, ObjectLit, Prop, PropName, PropOrSpread,
    SeqExpr, SimpleAssignTarget, Tpl, UnaryExpr, UnaryOp,
};
use swc_ecma_visit::VisitMutWith;

use super::visit::{STACK_GROWTH, STACK_RED_ZONE, Scanner};
use super::{cjs, esm, fs_calls, libraries, native};
use crate::eval::value::{MAX_ALTERNATIVES, number_to_string};
use crate::eval::{CallContext, Value, WILDCARD, WellKnown, well_known};

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
    fn maybe(value: Option<Value>, trigger: bool) -> Self {
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
                let strings: Option<Vec<String>> =
                    v.each().iter().map(Value::to_js_string).collect();
                match strings {
                    Some(strings) if acc.len() * strings.len() <= MAX_ALTERNATIVES => {
                        acc = acc
                            .iter()
                            .flat_map(|a| strings.iter().map(move |s| format!("{a}{s}")))
                            .collect();
                    }
                    _ => {
                        ok = false;
                        s.settle(part);
                    }
                }
            }
        }
    }
    if !ok {
        return Eval::unknown();
    }
    Eval::maybe(Value::alternatives(acc.into_iter().map(Value::str).collect()), trigger)
}

fn is_absolute_path(value: &Value) -> bool {
    value.as_str().is_some_and(|p| p.len() > 1 && p.starts_with('/') && !p[1..].starts_with('/'))
}

fn ident(s: &mut Scanner<'_>, id: &Ident) -> Eval {
    let name = &*id.sym;
    if let Some(value) = s.bindings.get(name) {
        let trigger = s.options.analysis.compute_file_references
            && (is_absolute_path(value) || matches!(value, Value::WellKnown(w) if w.is_trigger()));
        return Eval::known(value.clone(), trigger);
    }
    if s.bindings.contains(name) {
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
        let refs = s.options.analysis.compute_file_references;
        let value = match key.as_deref() {
            Some("url") => Value::Url(well_known::path_to_file_url(&s.file).into()),
            Some("dirname") => Value::str(s.dir.as_str()),
            Some("filename") => Value::str(s.file.as_str()),
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
    if let Some((start, skip)) = immediately_invoked(callee_expr) {
        return iife_call(s, c, start, skip);
    }
    if let Some(module) = unfollowed_builtin_require(s, callee_expr, &c.args) {
        return Eval::known(Value::WellKnown(module), false);
    }
    let callee = eval(s, callee_expr);
    let Some(Value::WellKnown(known)) = &callee.value else {
        return other_call(s, callee, c);
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
            let dir = args.first().and_then(|a| a.value.as_ref()).and_then(require_base);
            for arg in args {
                s.settle(arg);
            }
            let bound = match dir {
                Some(dir) if dir != s.dir => WellKnown::RequireFrom(dir.into()),
                _ => WellKnown::BoundRequire,
            };
            Eval::known(Value::WellKnown(bound), false)
        }
        WellKnown::ModuleRegister => {
            esm::module_register(s, c);
            Eval::unknown()
        }
        WellKnown::Bindings
        | WellKnown::NodeGypBuild
        | WellKnown::NodePreGypFind
        | WellKnown::NbindInit
        | WellKnown::ProcessDlopen => {
            let known = known.clone();
            native::call(s, &known, c);
            Eval::unknown()
        }
        WellKnown::WebpackRequire(table) => {
            let table = std::rc::Rc::clone(table);
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
        WellKnown::ResolveFrom { cwd, import } => {
            let (cwd, import) = (*cwd, *import);
            let args = eval_args(s, &mut c.args);
            let result = libraries::resolve_from(s, cwd, import, &args);
            for arg in args {
                s.settle(arg);
            }
            Eval::maybe(result, false)
        }
        WellKnown::Express => {
            for arg in eval_args(s, &mut c.args) {
                s.settle(arg);
            }
            Eval::known(Value::WellKnown(WellKnown::ExpressApp), false)
        }
        WellKnown::PkgInfo => {
            s.references.insert(super::Reference::OwnPackageJson);
            for arg in eval_args(s, &mut c.args) {
                s.settle(arg);
            }
            Eval::unknown()
        }
        WellKnown::SetRootDir => {
            let args = eval_args(s, &mut c.args);
            if let Some(dir) =
                args.first().and_then(|a| a.value.as_ref()).and_then(fs_calls::absolute_path)
            {
                s.references.insert(super::Reference::AssetDir(format!("{dir}/intl")));
            }
            for arg in args {
                s.settle(arg);
            }
            Eval::unknown()
        }
        WellKnown::ExpressSet
        | WellKnown::ExpressEngine
        | WellKnown::Pino
        | WellKnown::PinoTransport
        | WellKnown::Fastify => {
            let known = known.clone();
            libraries::call(s, &known, c);
            Eval::unknown()
        }
        other => {
            let other = other.clone();
            let args = eval_args(s, &mut c.args);
            let values: Vec<Option<Value>> = args.iter().map(|a| a.value.clone()).collect();
            let ctx = CallContext { cwd: &s.options.cwd };
            if let Some(result) = well_known::call(&other, &values, &ctx) {
                let trigger = s.options.analysis.compute_file_references
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

/// `(function (__dirname) {..}).call(this, dir)`: the call of the function
/// expression starting at `start`, whose parameters take the arguments from `skip` on.
fn iife_call(
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
        Some(Some(Value::WellKnown(m))) if m.is_module() => Some(Value::WellKnown(m.clone())),
        _ => None,
    };
    let Callee::Expr(callee_expr) = &mut c.callee else { return Eval::unknown() };
    let previous = s.iife_args.replace((start, values));
    let callee = eval(s, callee_expr);
    s.iife_args = previous;
    s.settle(callee);
    Eval::maybe(module, false)
}

/// A function expression called where it is written: `(function (a) {..})(x)`,
/// `((a) => ..)(x)`, `(function (a) {..}).call(self, x)`. Its start, and how many
/// arguments come before the first parameter's.
fn immediately_invoked(callee: &Expr) -> Option<(swc_common::BytePos, usize)> {
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
fn unfollowed_builtin_require(
    s: &Scanner<'_>,
    callee: &Expr,
    args: &[swc_ecma_ast::ExprOrSpread],
) -> Option<WellKnown> {
    if !s.is_esm || s.options.mixed_modules || s.bindings.contains("require") {
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

/// The directory a `createRequire(x)` require starts from: `x` a file URL or an
/// absolute path, of a file (its directory) or of a directory (ending in `/`).
fn require_base(value: &Value) -> Option<String> {
    let path = match value {
        Value::Url(href) => well_known::file_url_to_path(href)?,
        Value::Str(p) if p.starts_with("file:") => well_known::file_url_to_path(p)?,
        Value::Str(p) => p.to_string(),
        _ => return None,
    };
    if !path.starts_with('/') || path.contains(WILDCARD) {
        return None;
    }
    Some(if path.ends_with('/') {
        well_known::normalize(&path)
    } else {
        well_known::dirname(&path)
    })
}

/// A call of something that is not a well-known function. An interop helper
/// around a module (`__importDefault(require('path'))`, `_interopRequireWildcard(..)`,
/// esbuild's `__toESM(..)`, SWC's `_interop_require_default(..)`, tslib's) is the
/// module itself, whose `default` is the module again.
fn other_call(s: &mut Scanner<'_>, callee: Eval, c: &mut CallExpr) -> Eval {
    let unknown_callee = callee.value.is_none();
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
    if let Some(v) = binop(b.op, l.value.as_ref(), r.value.as_ref()) {
        Eval::known(v, trigger)
    } else {
        s.settle(l);
        s.settle(r);
        Eval::unknown()
    }
}

fn all_strings(v: &Value) -> bool {
    v.each().iter().all(|x| matches!(x, Value::Str(_)))
}

/// The longest prefix shared by every alternative of a string value.
fn common_prefix(value: &Value) -> String {
    let mut strings = value.each().iter().filter_map(Value::as_str);
    let Some(first) = strings.next() else { return String::new() };
    let mut len = first.len();
    for s in strings {
        len = first.bytes().zip(s.bytes()).take(len).take_while(|(a, b)| a == b).count();
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_owned()
}

fn cross(a: &Value, b: &Value, f: impl Fn(&Value, &Value) -> Option<Value>) -> Option<Value> {
    let (xs, ys) = (a.each(), b.each());
    if xs.len() * ys.len() > MAX_ALTERNATIVES {
        return None;
    }
    let mut out = Vec::with_capacity(xs.len() * ys.len());
    for x in xs {
        for y in ys {
            out.push(f(x, y)?);
        }
    }
    Value::alternatives(out)
}

fn add(x: &Value, y: &Value) -> Option<Value> {
    match (x, y) {
        (Value::Num(a), Value::Num(b)) => Some(Value::Num(a + b)),
        (Value::Str(_) | Value::Url(_), _) | (_, Value::Str(_) | Value::Url(_)) => {
            Some(Value::str(format!("{}{}", x.to_js_string()?, y.to_js_string()?)))
        }
        _ => None,
    }
}

fn strict_equal(x: &Value, y: &Value) -> Option<bool> {
    if x.has_wildcard() || y.has_wildcard() || !x.is_data() || !y.is_data() {
        return None;
    }
    match (x, y) {
        (Value::Array(_) | Value::Object { .. }, _)
        | (_, Value::Array(_) | Value::Object { .. }) => None,
        _ => Some(x == y),
    }
}

fn binop(op: BinaryOp, l: Option<&Value>, r: Option<&Value>) -> Option<Value> {
    match op {
        BinaryOp::Add => match (l, r) {
            // Too many combinations: keep what they share, then a wildcard.
            (Some(a), Some(b)) => cross(a, b, add).or_else(|| {
                (all_strings(a) && all_strings(b))
                    .then(|| Value::str(format!("{}{WILDCARD}", common_prefix(a))))
            }),
            (None, Some(b)) if all_strings(b) => cross(&Value::str(WILDCARD.to_string()), b, add),
            (Some(a), None) if all_strings(a) => cross(a, &Value::str(WILDCARD.to_string()), add),
            _ => None,
        },
        // `unknown || './dir'`: something unknown, or the literal fallback
        // (`global.DRIVER_PATH || './drivers/native'`): `require(x + '/connection')`
        // follows the fallback, `x + '.json'` stays a pattern.
        BinaryOp::LogicalOr | BinaryOp::NullishCoalescing
            if l.is_none() && r.is_some_and(|r| all_strings(r) && !r.has_wildcard()) =>
        {
            let mut alternatives = vec![Value::str(WILDCARD.to_string())];
            alternatives.extend(r.map(|r| r.each().to_vec()).unwrap_or_default());
            Value::alternatives(alternatives)
        }
        BinaryOp::LogicalOr => {
            let l = l?;
            let picked: Option<Vec<Value>> = l
                .each()
                .iter()
                .map(|x| if x.truthy()? { Some(x.clone()) } else { r.cloned() })
                .collect();
            Value::alternatives(picked?)
        }
        BinaryOp::LogicalAnd => {
            let l = l?;
            let picked: Option<Vec<Value>> = l
                .each()
                .iter()
                .map(|x| if x.truthy()? { r.cloned() } else { Some(x.clone()) })
                .collect();
            Value::alternatives(picked?)
        }
        BinaryOp::NullishCoalescing => {
            let l = l?;
            let picked: Option<Vec<Value>> = l
                .each()
                .iter()
                .map(|x| match x {
                    Value::Null | Value::Undefined => r.cloned(),
                    x => Some(x.clone()),
                })
                .collect();
            Value::alternatives(picked?)
        }
        BinaryOp::EqEq | BinaryOp::EqEqEq => {
            cross(l?, r?, |x, y| strict_equal(x, y).map(Value::Bool))
        }
        BinaryOp::NotEq | BinaryOp::NotEqEq => {
            cross(l?, r?, |x, y| strict_equal(x, y).map(|b| Value::Bool(!b)))
        }
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
            cross(l?, r?, |x, y| match (x, y) {
                (Value::Num(a), Value::Num(b)) => Some(Value::Num(match op {
                    BinaryOp::Sub => a - b,
                    BinaryOp::Mul => a * b,
                    BinaryOp::Div => a / b,
                    _ => a % b,
                })),
                _ => None,
            })
        }
        _ => None,
    }
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
    let value = match (u.op, &arg.value) {
        (UnaryOp::Void, _) => Some(Value::Undefined),
        (UnaryOp::Bang, Some(v)) => v.truthy().map(|t| Value::Bool(!t)),
        (UnaryOp::Minus, Some(Value::Num(n))) => Some(Value::Num(-n)),
        (UnaryOp::Plus, Some(Value::Num(n))) => Some(Value::Num(*n)),
        _ => None,
    };
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
            Prop::Shorthand(id) => match s.bindings.get(&id.sym) {
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
        && !s.bindings.contains(&id.id.sym)
        && a.op == swc_ecma_ast::AssignOp::Assign
    {
        s.bindings.set(&id.id.sym, value.clone());
    }
    if let Some(value) = &right.value
        && fs_calls::absolute_path(value).is_some()
    {
        s.emit_value(value);
    }
    s.settle(right);
    Eval::unknown()
}
