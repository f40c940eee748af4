//! ES module forms: `import` declarations (with attributes) and the bindings they
//! make for well-known modules, `export ... from`, `import()`,
//! `import.meta.resolve()` and `module.register()`. Type-only imports and exports
//! are erased by TypeScript and load nothing.

use swc_ecma_ast::{
    CallExpr, ExportAll, Expr, ImportDecl, ImportSpecifier, MemberProp, MetaPropKind,
    ModuleExportName, NamedExport,
};
use swc_ecma_visit::VisitMutWith;

use super::DepKind;
use super::expr::eval_args;
use super::scanner::Scanner;
use super::specifiers::{add_specifiers, require_arg};
use crate::eval::{Value, WellKnown, well_known};

pub(super) fn import_decl(s: &mut Scanner<'_>, node: &ImportDecl) {
    if node.type_only {
        return;
    }
    let Some(src) = node.src.value.as_str() else { return };
    s.add_dep(DepKind::Import, src.to_owned());
    let Some(module) = WellKnown::module(src) else { return };
    for spec in &node.specifiers {
        match spec {
            ImportSpecifier::Default(d) => {
                s.bind(&d.local.sym, Value::WellKnown(module.clone()));
            }
            ImportSpecifier::Namespace(n) => {
                s.bind(&n.local.sym, Value::WellKnown(module.clone()));
            }
            ImportSpecifier::Named(n) if !n.is_type_only => {
                let imported = match &n.imported {
                    Some(ModuleExportName::Ident(id)) => id.sym.to_string(),
                    Some(ModuleExportName::Str(st)) => {
                        st.value.as_str().unwrap_or_default().to_owned()
                    }
                    None => n.local.sym.to_string(),
                };
                if let Some(member) = module.member(&imported) {
                    s.bind(&n.local.sym, member);
                }
            }
            ImportSpecifier::Named(_) => {}
        }
    }
}

pub(super) fn named_export(s: &mut Scanner<'_>, node: &NamedExport) {
    if node.type_only {
        return;
    }
    if let Some(src) = node.src.as_ref().and_then(|src| src.value.as_str()) {
        s.add_dep(DepKind::Import, src.to_owned());
    }
}

pub(super) fn export_all(s: &mut Scanner<'_>, node: &ExportAll) {
    if !node.type_only
        && let Some(src) = node.src.value.as_str()
    {
        s.add_dep(DepKind::Import, src.to_owned());
    }
}

/// `import(x)` and `import.meta.resolve(x)`.
pub(super) fn dynamic_import(s: &mut Scanner<'_>, node: &mut CallExpr) {
    let mut args = node.args.iter_mut();
    if let Some(first) = args.next() {
        let values = require_arg(s, &mut first.expr);
        add_specifiers(s, DepKind::Import, &values);
    }
    for arg in args {
        arg.visit_mut_with(s);
    }
}

pub(super) fn is_import_meta_resolve(callee: &Expr) -> bool {
    let Expr::Member(member) = callee else { return false };
    let Expr::MetaProp(meta) = member.obj.as_ref() else { return false };
    meta.kind == MetaPropKind::ImportMeta
        && matches!(&member.prop, MemberProp::Ident(id) if id.sym == "resolve")
}

/// `module.register(specifier, parentURL)`: the hooks module is loaded like an import.
pub(super) fn module_register(s: &mut Scanner<'_>, node: &mut CallExpr) {
    let args = eval_args(s, &mut node.args);
    let specifier =
        args.first().and_then(|a| a.value.as_ref()).and_then(Value::as_str).map(str::to_owned);
    if let Some(specifier) = specifier {
        if specifier.starts_with('.') {
            let parent = match args.get(1).and_then(|a| a.value.as_ref()) {
                Some(Value::Url(href) | Value::Str(href)) => Some(href.to_string()),
                Some(obj @ Value::Object { .. }) => {
                    obj.member("parentURL").and_then(|v| v.as_str().map(str::to_owned))
                }
                _ => None,
            };
            let url = parent.and_then(|p| {
                well_known::new_url(&[Some(Value::str(specifier)), Some(Value::str(p))])
            });
            if let Some(Value::Url(href)) = url
                && let Some(path) = well_known::file_url_to_path(&href)
            {
                s.add_dep(DepKind::Import, path);
            }
        } else {
            s.add_dep(DepKind::Import, specifier);
        }
    }
    for arg in args {
        s.settle(arg);
    }
}
