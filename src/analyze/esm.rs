//! ES module forms: `import` declarations (with attributes), `export ... from`,
//! `import()` and `import.meta.resolve()`. Type-only imports and exports are
//! erased by TypeScript and load nothing.

use swc_ecma_ast::{
    CallExpr, Callee, ExportAll, Expr, ImportDecl, MemberProp, MetaPropKind, NamedExport,
};

use super::DepKind;
use super::cjs::string_arguments;
use super::visit::Scanner;

pub(super) fn import_decl(scanner: &mut Scanner, node: &ImportDecl) {
    if !node.type_only
        && let Some(s) = node.src.value.as_str()
    {
        scanner.add(DepKind::Import, s.to_owned());
    }
}

pub(super) fn named_export(scanner: &mut Scanner, node: &NamedExport) {
    if node.type_only {
        return;
    }
    if let Some(src) = &node.src
        && let Some(s) = src.value.as_str()
    {
        scanner.add(DepKind::Import, s.to_owned());
    }
}

pub(super) fn export_all(scanner: &mut Scanner, node: &ExportAll) {
    if !node.type_only
        && let Some(s) = node.src.value.as_str()
    {
        scanner.add(DepKind::Import, s.to_owned());
    }
}

/// `import(x)` and `import.meta.resolve(x)`; returns whether `node` was one.
pub(super) fn dynamic_import(scanner: &mut Scanner, node: &CallExpr) -> bool {
    let is_import = match &node.callee {
        Callee::Import(_) => true,
        Callee::Expr(callee) => is_import_meta_resolve(callee),
        Callee::Super(_) => false,
    };
    if is_import {
        for specifier in string_arguments(node) {
            scanner.add(DepKind::Import, specifier);
        }
    }
    is_import
}

fn is_import_meta_resolve(callee: &Expr) -> bool {
    let Expr::Member(member) = callee else { return false };
    let Expr::MetaProp(meta) = member.obj.as_ref() else { return false };
    meta.kind == MetaPropKind::ImportMeta
        && matches!(&member.prop, MemberProp::Ident(id) if id.sym == "resolve")
}
