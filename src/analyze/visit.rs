//! The AST walk: the `VisitMut` of the [`Scanner`] (`scanner.rs`, the walk's
//! state). Dispatch only: statements open scopes (their names from `bindings.rs`),
//! `try` blocks mark what they load as optional, declarations that load modules go
//! to `esm.rs` (`import`, `export … from`) and `cjs.rs` (`import x = require()`,
//! require wrappers), and every expression goes to `expr.rs`, whose calls dispatch
//! to `cjs.rs`, `esm.rs`, `fs_calls.rs`, `native.rs` and `libraries.rs`. Wrappers
//! (`wrappers.rs`) are found before the walk. Every node is visited once, and each
//! statement is freed as soon as it has been visited.

use swc_atoms::Atom;
use swc_ecma_ast::{
    ArrowExpr, ArrowFunctionBody, BlockStmt, CatchClause, Constructor, ExportAll, Expr, FnDecl,
    ForHead, ForInStmt, ForOfStmt, ForStmt, Function, FunctionBody, ImportDecl, ModuleItem,
    NamedExport, Stmt, TsImportEqualsDecl, VarDeclKind, VarDeclOrExpr, VarDeclarator,
};
use swc_ecma_visit::{VisitMut, VisitMutWith};

use super::bindings;
use super::scanner::Scanner;
use super::{cjs, esm, expr};
use crate::eval::{Value, ops};

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
                && value.each().iter().all(|v| ops::absolute_path(v).is_some())
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
        if let Some(body) = &mut node.function.body {
            self.unskim(node.function.span.lo, body);
        }
        cjs::detect_require_wrapper(self, &node.ident.sym, &node.function);
        node.function.visit_mut_with(self);
    }

    fn visit_mut_function(&mut self, node: &mut Function) {
        if let Some(body) = &mut node.body {
            self.unskim(node.span.lo, body);
        }
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
        if let ArrowFunctionBody::FunctionBody(body) = node.body.as_mut() {
            self.unskim(node.span.lo, body);
        }
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
        if let Some(body) = &mut node.body {
            self.unskim(node.span.lo, body);
        }
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
