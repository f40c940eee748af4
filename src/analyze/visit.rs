//! The AST walk: the `Scanner` and its `VisitMut`. Statements, scopes and bindings
//! are handled here (with `bindings.rs`), and `try` blocks mark what they load as
//! optional; declarations that load modules go to `esm.rs` (`import`, `export …
//! from`) and `cjs.rs` (`import x = require()`, require wrappers); every expression
//! goes to `expr.rs`, whose calls dispatch to `cjs.rs`, `esm.rs`, `fs_calls.rs`,
//! `native.rs` and `libraries.rs`. Wrappers (`wrappers.rs`) are found before the
//! walk. Every node is visited once, and each statement is freed as soon as it has
//! been visited.

use std::collections::BTreeSet;

use swc_atoms::Atom;
use swc_ecma_ast::{
    ArrowExpr, ArrowFunctionBody, BlockStmt, CatchClause, Constructor, ExportAll, Expr, FnDecl,
    ForHead, ForInStmt, ForOfStmt, ForStmt, Function, FunctionBody, ImportDecl, ModuleItem,
    NamedExport, Program, Stmt, TsImportEqualsDecl, VarDeclKind, VarDeclOrExpr, VarDeclarator,
};
use swc_ecma_visit::{VisitMut, VisitMutWith};

use super::bindings::{self, Bindings};
use super::wrappers::Wrappers;
use super::{AnalyzeOptions, Dep, DepKind, Reference, cjs, esm, expr};
use crate::eval::{Value, WellKnown};

/// Deeply nested code grows the stack on the heap instead of overflowing it.
pub(super) const STACK_RED_ZONE: usize = 128 * 1024;
pub(super) const STACK_GROWTH: usize = 2 * 1024 * 1024;

/// Walks one program and collects its facts.
pub(crate) struct Scanner<'a> {
    pub(super) is_esm: bool,
    pub(super) options: &'a AnalyzeOptions,
    /// The file's own path and directory, `/`-separated and absolute.
    pub(super) file: String,
    pub(super) dir: String,
    pub(super) bindings: Bindings,
    pub(super) deps: BTreeSet<Dep>,
    pub(super) references: BTreeSet<Reference>,
    /// `app.engine(...)` was seen: express view engines are the app's own.
    pub(super) express_engines_defined: bool,
    /// How many `try` blocks (or `require.resolve` probes) enclose the walk: a
    /// specifier found there is optional (Node tolerates its absence).
    pub(super) optional_depth: u32,
    /// Bundler and module-system wrappers found before the walk.
    wrappers: Wrappers,
    /// The arguments of a function called where it is written
    /// (`(function (__dirname) {..}).call(this, dir)`), by the function's start:
    /// its parameters are bound to the known ones.
    pub(super) iife_args: Option<(swc_common::BytePos, Vec<Option<Value>>)>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(file: &str, is_esm: bool, options: &'a AnalyzeOptions) -> Self {
        let dir = crate::eval::well_known::dirname(file);
        let mut bindings = Bindings::default();
        bindings.set("__dirname", Value::str(dir.as_str()));
        bindings.set("__filename", Value::str(file));
        bindings.set("process", Value::WellKnown(WellKnown::Process));
        if !is_esm || options.mixed_modules {
            bindings.set("require", Value::WellKnown(WellKnown::Require));
        }
        Self {
            is_esm,
            options,
            file: file.to_owned(),
            dir,
            bindings,
            deps: BTreeSet::new(),
            references: BTreeSet::new(),
            express_engines_defined: false,
            optional_depth: 0,
            wrappers: Wrappers::default(),
            iife_args: None,
        }
    }

    /// Walks `program` and collects its facts. Statements are freed as they are
    /// walked (see `visit_mut_stmts`): the program is left without a body.
    pub(crate) fn scan(&mut self, program: &mut Program) {
        let mut declared = Vec::new();
        match program {
            Program::Module(m) => bindings::program_names(&m.body, &mut declared),
            Program::Script(s) => bindings::script_names(&s.body, &mut declared),
        }
        self.wrappers = Wrappers::detect(program);
        for external in std::mem::take(&mut self.wrappers.externals) {
            self.add_dep(DepKind::Require, external);
        }
        self.bindings.enter(&declared);
        match program {
            Program::Module(m) => {
                let stmts: Vec<&Stmt> = m
                    .body
                    .iter()
                    .filter_map(|item| match item {
                        ModuleItem::Stmt(s) => Some(s),
                        ModuleItem::ModuleDecl(_) => None,
                    })
                    .collect();
                self.prebind_modules(stmts);
            }
            Program::Script(s) => self.prebind_modules(&s.body),
        }
        if !self.wrappers.webpack_modules.is_empty() {
            // webpack 5 and ncc declare the bundle's require at the top level.
            let table = Value::WellKnown(WellKnown::WebpackRequire(std::rc::Rc::clone(
                &self.wrappers.webpack_builtins,
            )));
            for name in ["__webpack_require__", "__nccwpck_require__"] {
                if declared.iter().any(|d| d == name) {
                    self.bindings.set(name, table.clone());
                }
            }
        }
        program.visit_mut_children_with(self);
        self.bindings.leave(&declared);
    }

    /// Parameters of a function, adjusted for wrappers: a UMD/AMD factory's
    /// `require` is Node's, so it does not shadow it.
    fn wrapper_params(&self, start: swc_common::BytePos, mut params: Vec<Atom>) -> Vec<Atom> {
        if self.wrappers.passthrough.contains(&start) {
            params.retain(|p| p != "require");
        }
        params
    }

    /// Inside a webpack module function, its third parameter is the bundle's require;
    /// inside a webpack 5 wrapper, the require function it declares.
    fn bind_webpack_require(&mut self, start: swc_common::BytePos, params: &[Atom]) {
        if let Some((at, values)) = self.iife_args.take_if(|(at, _)| *at == start) {
            debug_assert_eq!(at, start);
            for (name, value) in params.iter().zip(values) {
                if let Some(value) = value {
                    self.bindings.set(name, value);
                }
            }
        }
        if self.wrappers.browserify_modules.contains(&start)
            && let Some(name) = params.first()
        {
            let table = std::rc::Rc::clone(&self.wrappers.browserify_builtins);
            self.bindings.set(name, Value::WellKnown(WellKnown::WebpackRequire(table)));
        }
        let declared: Vec<Atom> = self
            .wrappers
            .webpack_require_in
            .iter()
            .filter(|(at, _)| *at == start)
            .map(|(_, n)| n.clone())
            .collect();
        for name in declared {
            let table = std::rc::Rc::clone(&self.wrappers.webpack_builtins);
            self.bindings.set(&name, Value::WellKnown(WellKnown::WebpackRequire(table)));
        }
        if self.wrappers.webpack_modules.contains(&start)
            && let Some(name) = params.get(2)
        {
            let table = std::rc::Rc::clone(&self.wrappers.webpack_builtins);
            self.bindings.set(name, Value::WellKnown(WellKnown::WebpackRequire(table)));
        }
    }

    /// `var fs = require('fs')` declared after a function that uses `fs` (minified
    /// code puts them anywhere): the names a scope binds to well-known modules are
    /// bound before its statements are walked. Only `var`s, which are hoisted.
    fn prebind_modules<'s>(&mut self, stmts: impl IntoIterator<Item = &'s Stmt>) {
        if !self.evaluates() {
            return;
        }
        for stmt in stmts {
            let Stmt::Decl(swc_ecma_ast::Decl::Var(var)) = stmt else { continue };
            if var.kind != VarDeclKind::Var {
                continue;
            }
            for d in &var.decls {
                let (swc_ecma_ast::Pat::Ident(name), Some(init)) = (&d.name, d.init.as_deref())
                else {
                    continue;
                };
                if self.bindings.get(&name.id.sym).is_none()
                    && let Some(module) = self.static_module(init, 0)
                {
                    self.bindings.set(&name.id.sym, module);
                }
            }
        }
    }

    /// `require('fs')` (by a require the walk knows), or a call wrapping one.
    fn static_module(&self, expr: &Expr, depth: u32) -> Option<Value> {
        let Expr::Call(call) = expr else {
            return match expr {
                Expr::Paren(p) if depth < 4 => self.static_module(&p.expr, depth + 1),
                _ => None,
            };
        };
        let swc_ecma_ast::Callee::Expr(callee) = &call.callee else { return None };
        let first = call.args.first()?;
        if let (Expr::Ident(id), Expr::Lit(swc_ecma_ast::Lit::Str(spec))) =
            (callee.as_ref(), first.expr.as_ref())
        {
            let spec = spec.value.as_str()?;
            return match self.bindings.get(&id.sym)? {
                Value::WellKnown(WellKnown::Require | WellKnown::BoundRequire) => {
                    WellKnown::module(spec).map(Value::WellKnown)
                }
                Value::WellKnown(WellKnown::WebpackRequire(table)) => table.get(spec).cloned(),
                _ => None,
            };
        }
        if depth < 4 {
            // An interop helper around it.
            return self.static_module(&first.expr, depth + 1);
        }
        None
    }

    pub(super) fn add_dep(&mut self, kind: DepKind, specifier: String) {
        self.deps.insert(Dep { kind, specifier, optional: self.optional_depth > 0 });
    }

    pub(super) fn add_native(&mut self, how: super::NativeRef) {
        let optional = self.optional_depth > 0;
        self.references.insert(super::Reference::Native { how, optional });
    }

    /// Runs `f` with what it finds marked optional.
    pub(super) fn optionally<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.optional_depth += 1;
        let value = f(self);
        self.optional_depth -= 1;
        value
    }

    /// The dependencies found, each specifier once: one found both in and out of
    /// a `try` counts as not optional.
    pub(crate) fn take_deps(&mut self) -> BTreeSet<Dep> {
        let deps = std::mem::take(&mut self.deps);
        let required: BTreeSet<(DepKind, &str)> =
            deps.iter().filter(|d| !d.optional).map(|d| (d.kind, d.specifier.as_str())).collect();
        deps.iter()
            .filter(|d| !d.optional || !required.contains(&(d.kind, d.specifier.as_str())))
            .cloned()
            .collect()
    }

    /// Whether static evaluation of bindings is on (`evaluatePureExpressions`).
    pub(super) fn evaluates(&self) -> bool {
        self.options.analysis.evaluate_pure_expressions
    }

    fn with_scope(&mut self, declared: &[Atom], f: impl FnOnce(&mut Self)) {
        self.bindings.enter(declared);
        f(self);
        self.bindings.leave(declared);
    }

    /// Enters a function's scope (`declared`, from [`function_names`]) for `f`.
    fn function_scope(&mut self, declared: &[Atom], f: impl FnOnce(&mut Self)) {
        self.with_scope(declared, |s| stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || f(s)));
    }
}

/// A function's scope: its parameters, its hoisted `var`s and the
/// `let`/`const`/`function`/`class` of its body.
fn function_names(params: Vec<Atom>, body: Option<&FunctionBody>) -> Vec<Atom> {
    let mut declared = params;
    if let Some(body) = body {
        bindings::hoisted_vars(&body.stmts, &mut declared);
        bindings::lexical_names(&body.stmts, &mut declared);
    }
    declared
}

fn param_names<'p>(pats: impl IntoIterator<Item = &'p swc_ecma_ast::Pat>) -> Vec<Atom> {
    let mut out = Vec::new();
    for p in pats {
        bindings::pat_names(p, &mut out);
    }
    out
}

impl VisitMut for Scanner<'_> {
    // Statement lists are consumed: each statement is freed as soon as it has been
    // walked, while its nodes are still in the CPU cache. Freeing the whole tree
    // after the walk touched every node a second time from main memory (15-20% of
    // a trace). Nothing reads a statement after it was walked: scope names, wrapper
    // detection and `require` wrappers are all computed before.
    fn visit_mut_stmts(&mut self, stmts: &mut Vec<Stmt>) {
        for mut stmt in std::mem::take(stmts) {
            stmt.visit_mut_with(self);
        }
    }

    fn visit_mut_module_items(&mut self, items: &mut Vec<ModuleItem>) {
        for mut item in std::mem::take(items) {
            item.visit_mut_with(self);
        }
    }

    fn visit_mut_try_stmt(&mut self, node: &mut swc_ecma_ast::TryStmt) {
        self.optionally(|s| node.block.visit_mut_with(s));
        node.handler.visit_mut_with(self);
        node.finalizer.visit_mut_with(self);
    }

    fn visit_mut_expr(&mut self, node: &mut Expr) {
        let result = expr::eval(self, node);
        self.settle(result);
    }

    fn visit_mut_var_declarator(&mut self, node: &mut VarDeclarator) {
        node.name.visit_mut_with(self);
        let Some(init) = &mut node.init else { return };
        if let swc_ecma_ast::Pat::Ident(id) = &node.name {
            cjs::detect_require_wrapper_expr(self, &id.id.sym, init);
        }
        let result = expr::eval(self, init);
        if let Some(value) = &result.value {
            if self.evaluates() {
                self.bind_pattern(&node.name, value);
            }
            // Both branches of a condition naming files: emit them (nft does).
            if matches!(value, Value::Alternatives(_))
                && value.each().iter().all(|v| super::fs_calls::absolute_path(v).is_some())
            {
                self.emit_value(value);
            }
        }
        self.settle(result);
    }

    fn visit_mut_import_decl(&mut self, node: &mut ImportDecl) {
        esm::import_decl(self, node);
    }

    fn visit_mut_named_export(&mut self, node: &mut NamedExport) {
        esm::named_export(self, node);
    }

    fn visit_mut_export_all(&mut self, node: &mut ExportAll) {
        esm::export_all(self, node);
    }

    fn visit_mut_ts_import_equals_decl(&mut self, node: &mut TsImportEqualsDecl) {
        cjs::ts_import_equals(self, node);
    }

    fn visit_mut_fn_decl(&mut self, node: &mut FnDecl) {
        cjs::detect_require_wrapper(self, &node.ident.sym, &node.function);
        node.function.visit_mut_with(self);
    }

    fn visit_mut_function(&mut self, node: &mut Function) {
        let params =
            self.wrapper_params(node.span.lo, param_names(node.params.iter().map(|p| &p.pat)));
        let names = params.clone();
        let declared = function_names(params, node.body.as_ref());
        self.function_scope(&declared, |s| {
            s.bind_webpack_require(node.span.lo, &names);
            if let Some(body) = &node.body {
                s.prebind_modules(&body.stmts);
            }
            node.visit_mut_children_with(s);
        });
    }

    fn visit_mut_arrow_expr(&mut self, node: &mut ArrowExpr) {
        let params = self.wrapper_params(node.span.lo, param_names(&node.params));
        let names = params.clone();
        let body = match node.body.as_ref() {
            ArrowFunctionBody::FunctionBody(b) => Some(b),
            ArrowFunctionBody::Expr(_) => None,
        };
        let declared = function_names(params, body);
        self.function_scope(&declared, |s| {
            s.bind_webpack_require(node.span.lo, &names);
            node.visit_mut_children_with(s);
        });
    }

    fn visit_mut_constructor(&mut self, node: &mut Constructor) {
        let mut params = Vec::new();
        for p in &node.params {
            if let swc_ecma_ast::ParamOrTsParamProp::Param(p) = p {
                bindings::pat_names(&p.pat, &mut params);
            }
        }
        let declared = function_names(params, node.body.as_ref());
        self.function_scope(&declared, |s| node.visit_mut_children_with(s));
    }

    fn visit_mut_block_stmt(&mut self, node: &mut BlockStmt) {
        let mut declared = Vec::new();
        bindings::lexical_names(&node.stmts, &mut declared);
        self.with_scope(&declared, |s| node.visit_mut_children_with(s));
    }

    fn visit_mut_catch_clause(&mut self, node: &mut CatchClause) {
        let params = param_names(node.param.iter());
        self.with_scope(&params, |s| node.visit_mut_children_with(s));
    }

    fn visit_mut_for_stmt(&mut self, node: &mut ForStmt) {
        let mut declared = Vec::new();
        if let Some(VarDeclOrExpr::VarDecl(v)) = &node.init
            && v.kind != VarDeclKind::Var
        {
            for d in &v.decls {
                bindings::pat_names(&d.name, &mut declared);
            }
        }
        self.with_scope(&declared, |s| node.visit_mut_children_with(s));
    }

    fn visit_mut_for_in_stmt(&mut self, node: &mut ForInStmt) {
        let declared = lexical_head(&node.left);
        self.with_scope(&declared, |s| node.visit_mut_children_with(s));
    }

    fn visit_mut_for_of_stmt(&mut self, node: &mut ForOfStmt) {
        let declared = lexical_head(&node.left);
        self.with_scope(&declared, |s| node.visit_mut_children_with(s));
    }
}

fn lexical_head(head: &ForHead) -> Vec<Atom> {
    let mut declared = Vec::new();
    if let ForHead::VarDecl(v) = head
        && v.kind != VarDeclKind::Var
    {
        for d in &v.decls {
            bindings::pat_names(&d.name, &mut declared);
        }
    }
    declared
}
