//! The AST walk. It only dispatches: each concern lives in a sibling file
//! (`esm.rs` for import/export forms, `cjs.rs` for `require` forms) and records
//! into the [`Scanner`].

use std::collections::BTreeSet;

use swc_ecma_ast::{
    ArrowExpr, CallExpr, ExportAll, Function, ImportDecl, NamedExport, Program, TsImportEqualsDecl,
};
use swc_ecma_visit::{Visit, VisitWith};

use super::{AnalyzeOptions, Dep, DepKind, cjs, esm};

/// Walks one program and collects its facts.
pub(crate) struct Scanner {
    pub(super) is_esm: bool,
    pub(super) options: AnalyzeOptions,
    /// How many enclosing functions bind their own `require`.
    pub(super) require_shadowed: u32,
    /// The top level rebinds `require` to something that is not a require.
    pub(super) require_rebound: bool,
    deps: BTreeSet<Dep>,
}

impl Scanner {
    pub(crate) fn new(is_esm: bool, options: AnalyzeOptions) -> Self {
        Self { is_esm, options, require_shadowed: 0, require_rebound: false, deps: BTreeSet::new() }
    }

    pub(crate) fn scan(&mut self, program: &Program) {
        self.require_rebound = cjs::top_level_rebinds_require(program);
        program.visit_with(self);
    }

    pub(crate) fn into_deps(self) -> BTreeSet<Dep> {
        self.deps
    }

    pub(super) fn add(&mut self, kind: DepKind, specifier: String) {
        self.deps.insert(Dep { kind, specifier });
    }

    /// Whether a free `require` here is Node's require.
    pub(super) fn require_is_known(&self) -> bool {
        (!self.is_esm || self.options.mixed_modules)
            && self.require_shadowed == 0
            && !self.require_rebound
    }
}

impl Visit for Scanner {
    fn visit_import_decl(&mut self, node: &ImportDecl) {
        esm::import_decl(self, node);
    }

    fn visit_named_export(&mut self, node: &NamedExport) {
        esm::named_export(self, node);
    }

    fn visit_export_all(&mut self, node: &ExportAll) {
        esm::export_all(self, node);
    }

    fn visit_ts_import_equals_decl(&mut self, node: &TsImportEqualsDecl) {
        cjs::ts_import_equals(self, node);
    }

    fn visit_call_expr(&mut self, node: &CallExpr) {
        if !esm::dynamic_import(self, node) {
            cjs::call(self, node);
        }
        node.visit_children_with(self);
    }

    fn visit_function(&mut self, node: &Function) {
        let shadows = cjs::function_binds_require(node);
        self.require_shadowed += u32::from(shadows);
        node.visit_children_with(self);
        self.require_shadowed -= u32::from(shadows);
    }

    fn visit_arrow_expr(&mut self, node: &ArrowExpr) {
        let shadows = cjs::arrow_binds_require(node);
        self.require_shadowed += u32::from(shadows);
        node.visit_children_with(self);
        self.require_shadowed -= u32::from(shadows);
    }
}
