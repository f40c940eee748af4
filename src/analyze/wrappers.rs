//! Bundler and module-system wrappers, recognised before the walk so that the
//! code inside them is traced as if its modules were separate files:
//!
//! - **UMD** `(function (factory) { ... factory(require, exports) ... })(function (require, exports) { ... })`
//!   and **when.js-style AMD** `(function (define) { define(function (require) { ... }) })(... factory(require) ...)`:
//!   the inner function's `require` parameter receives Node's `require`, so it does
//!   not shadow it.
//! - **Browserify** `{1: [function (require, module, exports) { ... }, {"./a": 2, "ext": undefined}], ...}`:
//!   the inner `require` is the bundle's own, but names mapped to `undefined` are
//!   externals loaded with Node's `require`.
//! - **webpack** module tables (`[function (e, t) { e.exports = require("fs") }, ...]`
//!   or `{ "fs": (module) => { module.exports = require("fs") } }`): calls of the
//!   bundle's require with a module id that stands for a builtin evaluate to that
//!   module, so `const path = __webpack_require__(17); path.join(__dirname, ..)`
//!   is understood. `UglifyJS`'s `!function () {}()` form is looked through.
//!
//! Only the top level of the program (and the bodies of the wrapper functions
//! found there) is inspected: the pass is linear and small.

use std::collections::BTreeMap;
use std::rc::Rc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::eval::{Value, WellKnown};
use swc_common::{BytePos, Spanned};
use swc_ecma_ast::{
    ArrowFunctionBody, Callee, Expr, ExprOrSpread, Function, Lit, ModuleItem, ObjectLit, Pat,
    Program, Prop, PropName, PropOrSpread, Stmt,
};

/// The largest function looked at as webpack's `__webpack_require__` (its source is
/// ~200 bytes minified, ~1 KiB readable).
const MAX_REQUIRE_FN_BYTES: u32 = 8 * 1024;
/// From this many candidate functions on, they are looked at in parallel.
const PARALLEL_CANDIDATES: usize = 256;

/// What the wrapper pass found.
#[derive(Default)]
pub(crate) struct Wrappers {
    /// Start positions of functions whose `require` parameter is Node's `require`.
    pub(crate) passthrough: FxHashSet<BytePos>,
    /// Browserify externals: loaded with Node's `require`.
    pub(crate) externals: Vec<String>,
    /// webpack module id → its value: a builtin module (`"17"` → `path`) or a
    /// namespace re-exporting them (see `webpack_exports`).
    pub(crate) webpack_builtins: Rc<BTreeMap<String, Value>>,
    /// Start positions of Browserify module functions (their first parameter is
    /// the bundle's require).
    pub(crate) browserify_modules: FxHashSet<BytePos>,
    /// The builtin modules Browserify externals stand for (`"path"` → `path`).
    pub(crate) browserify_builtins: Rc<BTreeMap<String, Value>>,
    /// webpack module id → the getters of its namespace.
    namespaces: BTreeMap<String, Vec<super::webpack_exports::Getter>>,
    /// Start positions of webpack module functions (their third parameter is the
    /// bundle's require).
    pub(crate) webpack_modules: FxHashSet<BytePos>,
    /// Start position of a bundle's wrapper function → the name of the require
    /// function it declares (webpack 5's minified `function r(id) {..}`).
    pub(crate) webpack_require_in: Vec<(BytePos, swc_atoms::Atom)>,
}

impl Wrappers {
    /// Whether the walk binds the parameters of the function starting at `start`.
    pub(crate) fn binds_params_of(&self, start: BytePos) -> bool {
        self.passthrough.contains(&start)
            || self.browserify_modules.contains(&start)
            || self.webpack_modules.contains(&start)
            || self.webpack_require_in.iter().any(|(at, _)| *at == start)
    }
}

fn unwrap(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => unwrap(&p.expr),
        Expr::Unary(u) => unwrap(&u.arg),
        Expr::Seq(s) => s.exprs.last().map_or(expr, |e| unwrap(e)),
        Expr::Assign(a) => unwrap(&a.right),
        _ => expr,
    }
}

/// A Browserify map value: a module id, or `undefined` / `void 0` (external).
fn is_module_id(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(Lit::Num(_) | Lit::Str(_)) => true,
        Expr::Ident(id) => id.sym == "undefined",
        Expr::Unary(u) => u.op == swc_ecma_ast::UnaryOp::Void,
        _ => false,
    }
}

fn fn_params(expr: &Expr) -> Option<Vec<&Pat>> {
    match unwrap(expr) {
        Expr::Fn(f) => Some(f.function.params.iter().map(|p| &p.pat).collect()),
        Expr::Arrow(a) => Some(a.params.iter().collect()),
        _ => None,
    }
}

fn param_name(pat: &Pat) -> Option<&str> {
    match pat {
        Pat::Ident(id) => Some(&id.id.sym),
        _ => None,
    }
}

fn fn_body(expr: &Expr) -> Option<&[Stmt]> {
    match unwrap(expr) {
        Expr::Fn(f) => f.function.body.as_ref().map(|b| b.stmts.as_slice()),
        Expr::Arrow(a) => match a.body.as_ref() {
            ArrowFunctionBody::FunctionBody(b) => Some(&b.stmts),
            ArrowFunctionBody::Expr(_) => None,
        },
        _ => None,
    }
}

/// Whether `stmts` contain (anywhere, shallowly through expressions) a call
/// `name(..., require, ...)` or, with `name` `None`, any call passing `require`.
fn calls_with_require(stmts: &[Stmt], name: Option<&str>) -> bool {
    struct Finder<'n> {
        name: Option<&'n str>,
        found: bool,
    }
    impl swc_ecma_visit::Visit for Finder<'_> {
        fn visit_call_expr(&mut self, call: &swc_ecma_ast::CallExpr) {
            let callee_ok = match (&call.callee, self.name) {
                (Callee::Expr(e), Some(n)) => matches!(e.as_ref(), Expr::Ident(id) if id.sym == n),
                (Callee::Expr(_), None) => true,
                _ => false,
            };
            if callee_ok
                && call
                    .args
                    .iter()
                    .any(|a| matches!(a.expr.as_ref(), Expr::Ident(id) if id.sym == "require"))
            {
                self.found = true;
            }
            swc_ecma_visit::VisitWith::visit_children_with(call, self);
        }
        fn visit_function(&mut self, _: &Function) {}
    }
    let mut finder = Finder { name, found: false };
    for stmt in stmts {
        swc_ecma_visit::VisitWith::visit_with(stmt, &mut finder);
    }
    finder.found
}

impl Wrappers {
    pub(crate) fn detect(program: &Program) -> Self {
        let mut found = Self::default();
        let mut builtins = BTreeMap::new();
        let stmts: Vec<&Stmt> = match program {
            Program::Script(s) => s.body.iter().collect(),
            Program::Module(m) => m
                .body
                .iter()
                .filter_map(|i| match i {
                    ModuleItem::Stmt(s) => Some(s),
                    ModuleItem::ModuleDecl(_) => None,
                })
                .collect(),
        };
        for stmt in stmts {
            let exprs: Vec<&Expr> = match stmt {
                Stmt::Expr(e) => vec![&e.expr],
                Stmt::Decl(swc_ecma_ast::Decl::Var(v)) => {
                    v.decls.iter().filter_map(|d| d.init.as_deref()).collect()
                }
                Stmt::Return(r) => r.arg.as_deref().into_iter().collect(),
                _ => Vec::new(),
            };
            for expr in exprs {
                found.inspect(expr, &mut builtins, 0);
            }
        }
        found.webpack_builtins =
            Rc::new(super::webpack_exports::table(&builtins, &found.namespaces));
        found
    }

    fn inspect(&mut self, expr: &Expr, builtins: &mut BTreeMap<String, String>, depth: u32) {
        if depth > 4 {
            return;
        }
        match unwrap(expr) {
            Expr::Call(call) => {
                if let Callee::Expr(callee) = &call.callee {
                    self.umd(callee, &call.args);
                    self.webpack5_body(callee, builtins);
                    // The wrapper's own body may hold the bundle (browserify's
                    // `return (function r(e, n, t) {...})()({...})`).
                    if let Some(body) = fn_body(callee) {
                        for stmt in body {
                            if let Stmt::Return(r) = stmt
                                && let Some(arg) = &r.arg
                            {
                                self.inspect(arg, builtins, depth + 1);
                            }
                        }
                    }
                    self.inspect(callee, builtins, depth + 1);
                }
                for arg in &call.args {
                    self.module_table(&arg.expr, builtins);
                    if let Some(body) = fn_body(&arg.expr) {
                        for stmt in body {
                            if let Stmt::Return(r) = stmt
                                && let Some(arg) = &r.arg
                            {
                                self.inspect(arg, builtins, depth + 1);
                            }
                        }
                    }
                }
            }
            other => self.module_table(other, builtins),
        }
    }

    /// webpack 5 output: `(() => { var e = {<table>}; function r(s) { ... e[s](...) ... } ... })()`.
    fn webpack5_body(&mut self, callee: &Expr, builtins: &mut BTreeMap<String, String>) {
        let Some(body) = fn_body(callee) else { return };
        let mut tables: Vec<&str> = Vec::new();
        for stmt in body {
            if let Stmt::Decl(swc_ecma_ast::Decl::Var(v)) = stmt {
                for d in &v.decls {
                    let (Pat::Ident(name), Some(init)) = (&d.name, d.init.as_deref()) else {
                        continue;
                    };
                    let before = self.webpack_modules.len();
                    self.module_table(init, builtins);
                    if self.webpack_modules.len() > before {
                        tables.push(&name.id.sym);
                    }
                }
            }
        }
        if tables.is_empty() {
            return;
        }
        // webpack's require function is a few hundred bytes; looking inside every
        // function of a large bundle that merely has a table-like object (the
        // TypeScript compiler) would walk most of its AST a second time.
        let candidates: Vec<(&swc_atoms::Atom, &[Stmt], &str)> = body
            .iter()
            .filter_map(|stmt| {
                let Stmt::Decl(swc_ecma_ast::Decl::Fn(f)) = stmt else { return None };
                let function = &f.function;
                if function.span.hi.0.saturating_sub(function.span.lo.0) > MAX_REQUIRE_FN_BYTES {
                    return None;
                }
                let Some(Pat::Ident(param)) = function.params.first().map(|p| &p.pat) else {
                    return None;
                };
                let body = function.body.as_ref()?;
                Some((&f.ident.sym, body.stmts.as_slice(), &*param.id.sym))
            })
            .collect();
        let indexing = |&(name, stmts, param): &(&swc_atoms::Atom, &[Stmt], &str)| {
            indexes(stmts, &tables, param).then(|| name.clone())
        };
        // Thousands of them in the TypeScript compiler, walked while the other
        // threads are idle: its parse has just ended.
        let found: Vec<swc_atoms::Atom> = if candidates.len() >= PARALLEL_CANDIDATES {
            candidates.par_iter().filter_map(indexing).collect()
        } else {
            candidates.iter().filter_map(indexing).collect()
        };
        let at = unwrap(callee).span().lo;
        self.webpack_require_in.extend(found.into_iter().map(|name| (at, name)));
    }

    /// UMD and when.js-style AMD factories.
    fn umd(&mut self, callee: &Expr, args: &[ExprOrSpread]) {
        let (Some(params), Some(body)) = (fn_params(callee), fn_body(callee)) else { return };
        for (i, param) in params.iter().enumerate() {
            let Some(name) = param_name(param) else { continue };
            let Some(arg) = args.get(i) else { continue };
            // UMD: the factory is passed in and called with `require`.
            if fn_params(&arg.expr)
                .is_some_and(|p| p.iter().any(|q| param_name(q) == Some("require")))
                && calls_with_require(body, Some(name))
            {
                self.passthrough.insert(unwrap(&arg.expr).span().lo);
            }
            // when.js: `define` is a CommonJS shim that calls its factory with `require`.
            if name == "define" && arg_calls_factory_with_require(&arg.expr) {
                self.define_factories(body);
            }
        }
    }

    /// `define(function (require) {...})` and `define(['a', './b'], factory)` calls
    /// directly in a wrapper body whose `define` is a `CommonJS` shim.
    fn define_factories(&mut self, body: &[Stmt]) {
        for stmt in body {
            let Stmt::Expr(e) = stmt else { continue };
            let Expr::Call(call) = unwrap(&e.expr) else { continue };
            let Callee::Expr(callee) = &call.callee else { continue };
            if !matches!(callee.as_ref(), Expr::Ident(id) if id.sym == "define") {
                continue;
            }
            for arg in &call.args {
                if fn_params(&arg.expr)
                    .is_some_and(|p| p.first().and_then(|q| param_name(q)) == Some("require"))
                {
                    self.passthrough.insert(unwrap(&arg.expr).span().lo);
                }
                // The shim requires each listed dependency (`deps.map(require)`).
                if let Expr::Array(deps) = arg.expr.as_ref() {
                    for dep in deps.elems.iter().flatten() {
                        let Expr::Lit(Lit::Str(name)) = dep.expr.as_ref() else { continue };
                        let name = name.value.as_str().unwrap_or_default();
                        if !matches!(name, "require" | "exports" | "module" | "")
                            && !self.externals.iter().any(|e| e == name)
                        {
                            self.externals.push(name.to_owned());
                        }
                    }
                }
            }
        }
    }

    /// Browserify module maps and webpack module tables.
    fn module_table(&mut self, expr: &Expr, builtins: &mut BTreeMap<String, String>) {
        match unwrap(expr) {
            Expr::Object(obj) if !self.browserify(obj) => {
                for (key, value) in object_entries(obj) {
                    self.webpack_module(&key, value, builtins);
                }
            }
            Expr::Array(arr) => {
                for (i, elem) in arr.elems.iter().enumerate() {
                    if let Some(elem) = elem {
                        self.webpack_module(&i.to_string(), &elem.expr, builtins);
                    }
                }
            }
            _ => {}
        }
    }

    /// `{1: [function (require, module, exports) {..}, {map}], ...}`.
    fn browserify(&mut self, obj: &ObjectLit) -> bool {
        let entries = object_entries(obj);
        if entries.is_empty() {
            return false;
        }
        let mut maps = Vec::new();
        let mut functions = Vec::new();
        for (_, value) in &entries {
            let Expr::Array(pair) = unwrap(value) else { return false };
            let (Some(Some(func)), Some(Some(map))) = (pair.elems.first(), pair.elems.get(1))
            else {
                return false;
            };
            // A minifier renames the module function's `require` (`function(t,n,r)`):
            // then every value of its map must be a module id or `undefined`.
            let Some(first) = fn_params(&func.expr).and_then(|p| p.first().copied()) else {
                return false;
            };
            let Some(first) = param_name(first) else { return false };
            let Expr::Object(map) = unwrap(&map.expr) else { return false };
            if first != "require" && !object_entries(map).iter().all(|(_, v)| is_module_id(v)) {
                return false;
            }
            maps.push(map);
            functions.push(unwrap(&func.expr).span().lo);
        }
        self.browserify_modules.extend(functions);
        // A name mapped to `undefined`, or to an id the bundle does not contain, is
        // loaded by the outer (Node's) require.
        let ids: FxHashSet<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        for map in maps {
            for (name, target) in object_entries(map) {
                let external = match target {
                    Expr::Ident(id) if id.sym == "undefined" => Some(name),
                    Expr::Unary(u) if u.op == swc_ecma_ast::UnaryOp::Void => Some(name),
                    Expr::Lit(Lit::Str(s)) => {
                        s.value.as_str().filter(|v| !ids.contains(v)).map(str::to_owned)
                    }
                    _ => None,
                };
                if let Some(external) = external {
                    if let Some(module) = WellKnown::module(&external) {
                        Rc::make_mut(&mut self.browserify_builtins)
                            .insert(external.clone(), Value::WellKnown(module));
                    }
                    if !self.externals.contains(&external) {
                        self.externals.push(external);
                    }
                }
            }
        }
        true
    }

    /// One entry of a webpack module table; records builtins it re-exports.
    fn webpack_module(&mut self, key: &str, value: &Expr, builtins: &mut BTreeMap<String, String>) {
        let Some(params) = fn_params(value) else { return };
        if params.len() > 3 || params.first().and_then(|p| param_name(p)) == Some("require") {
            return;
        }
        self.webpack_modules.insert(unwrap(value).span().lo);
        let body = fn_body(value).unwrap_or_default();
        let module = params.first().and_then(|p| param_name(p));
        if let (Some(exports), Some(require)) =
            (params.get(1).and_then(|p| param_name(p)), params.get(2).and_then(|p| param_name(p)))
        {
            let getters = super::webpack_exports::getters(exports, require, body);
            if !getters.is_empty() {
                self.namespaces.insert(key.to_owned(), getters);
            }
        }
        for stmt in body {
            let Stmt::Expr(e) = stmt else { continue };
            let Expr::Assign(assign) = e.expr.as_ref() else { continue };
            let is_exports = matches!(&assign.left, swc_ecma_ast::AssignTarget::Simple(swc_ecma_ast::SimpleAssignTarget::Member(m))
                if matches!(m.obj.as_ref(), Expr::Ident(id) if Some(&*id.sym) == module)
                    && matches!(&m.prop, swc_ecma_ast::MemberProp::Ident(p) if p.sym == "exports"));
            let Expr::Call(call) = unwrap(&assign.right) else { continue };
            let Callee::Expr(callee) = &call.callee else { continue };
            let is_require = matches!(callee.as_ref(), Expr::Ident(id) if id.sym == "require" || id.sym == "__non_webpack_require__");
            if let (true, true, Some(first)) = (is_exports, is_require, call.args.first())
                && let Expr::Lit(Lit::Str(name)) = first.expr.as_ref()
                && let Some(name) = name.value.as_str()
            {
                builtins.insert(key.to_owned(), name.to_owned());
            }
        }
    }
}

fn arg_calls_factory_with_require(expr: &Expr) -> bool {
    match unwrap(expr) {
        Expr::Cond(c) => {
            arg_calls_factory_with_require(&c.cons) || arg_calls_factory_with_require(&c.alt)
        }
        Expr::Bin(b) => {
            arg_calls_factory_with_require(&b.left) || arg_calls_factory_with_require(&b.right)
        }
        e => fn_body(e).is_some_and(|body| calls_with_require(body, None)),
    }
}

fn object_entries(obj: &ObjectLit) -> Vec<(String, &Expr)> {
    obj.props
        .iter()
        .filter_map(|p| {
            let PropOrSpread::Prop(p) = p else { return None };
            match p.as_ref() {
                Prop::KeyValue(kv) => {
                    let key = match &kv.key {
                        PropName::Ident(id) => id.sym.to_string(),
                        PropName::Str(s) => s.value.as_str()?.to_owned(),
                        PropName::Num(n) => crate::eval::value::number_to_string(n.value),
                        _ => return None,
                    };
                    Some((key, kv.value.as_ref()))
                }
                _ => None,
            }
        })
        .collect()
}

/// Whether `stmts` contain `table[param]` for one of `tables` (a module table
/// lookup). One walk for all tables: the TypeScript compiler's wrapper has 15
/// table-like objects and thousands of small functions.
fn indexes(stmts: &[Stmt], tables: &[&str], param: &str) -> bool {
    struct Finder<'a> {
        tables: &'a [&'a str],
        param: &'a str,
        found: bool,
    }
    impl swc_ecma_visit::Visit for Finder<'_> {
        fn visit_member_expr(&mut self, m: &swc_ecma_ast::MemberExpr) {
            if matches!(&m.prop, swc_ecma_ast::MemberProp::Computed(c) if matches!(c.expr.as_ref(), Expr::Ident(p) if p.sym == self.param))
                && matches!(m.obj.as_ref(), Expr::Ident(o) if self.tables.iter().any(|t| o.sym == *t))
            {
                self.found = true;
            }
            swc_ecma_visit::VisitWith::visit_children_with(m, self);
        }
    }
    let mut finder = Finder { tables, param, found: false };
    for stmt in stmts {
        swc_ecma_visit::VisitWith::visit_with(stmt, &mut finder);
    }
    finder.found
}
