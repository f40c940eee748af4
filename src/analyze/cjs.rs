//! `CommonJS` forms: `require(x)`, `require.resolve(x)`, `module.require(x)`,
//! TypeScript's `import x = require(x)`, and which scopes rebind `require`.
//!
//! A `require` bound by a function parameter or a local declaration is not Node's
//! (bundlers pass their own); `const require = createRequire(...)` still is.

use swc_ecma_ast::{
    ArrowExpr, ArrowFunctionBody, CallExpr, Callee, Decl, Expr, Function, MemberProp, ModuleItem,
    Pat, Program, Stmt, TsImportEqualsDecl, TsModuleRef, VarDecl,
};

use super::DepKind;
use super::visit::Scanner;

pub(super) fn ts_import_equals(scanner: &mut Scanner, node: &TsImportEqualsDecl) {
    if node.is_type_only {
        return;
    }
    if let TsModuleRef::TsExternalModuleRef(ext) = &node.module_ref
        && let Some(s) = ext.expr.value.as_str()
    {
        scanner.add(DepKind::Require, s.to_owned());
    }
}

/// `require(x)`, `require.resolve(x)`, `module.require(x)`.
pub(super) fn call(scanner: &mut Scanner, node: &CallExpr) {
    let Callee::Expr(callee) = &node.callee else { return };
    let is_require_call = match callee.as_ref() {
        Expr::Ident(id) => id.sym == "require" && scanner.require_is_known(),
        Expr::Member(member) => match (member.obj.as_ref(), &member.prop) {
            (Expr::Ident(obj), MemberProp::Ident(prop)) => {
                (obj.sym == "require" && prop.sym == "resolve" && scanner.require_is_known())
                    || (obj.sym == "module"
                        && prop.sym == "require"
                        && (!scanner.is_esm || scanner.options.mixed_modules))
            }
            _ => false,
        },
        _ => false,
    };
    if is_require_call {
        for specifier in string_arguments(node) {
            scanner.add(DepKind::Require, specifier);
        }
    }
}

/// The possible string values of a call's first argument: a literal, a template
/// without expressions, or every branch of `?:`, `||`, `&&` and `??` over those.
pub(super) fn string_arguments(node: &CallExpr) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(arg) = node.args.first()
        && arg.spread.is_none()
    {
        collect_strings(&arg.expr, &mut out);
    }
    out
}

fn collect_strings(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Lit(swc_ecma_ast::Lit::Str(s)) => {
            if let Some(s) = s.value.as_str() {
                out.push(s.to_owned());
            }
        }
        Expr::Tpl(tpl) if tpl.exprs.is_empty() => {
            if let Some(s) =
                tpl.quasis.first().and_then(|q| q.cooked.as_ref()).and_then(|c| c.as_str())
            {
                out.push(s.to_owned());
            }
        }
        Expr::Cond(cond) => {
            collect_strings(&cond.cons, out);
            collect_strings(&cond.alt, out);
        }
        Expr::Bin(bin)
            if matches!(
                bin.op,
                swc_ecma_ast::BinaryOp::LogicalOr
                    | swc_ecma_ast::BinaryOp::LogicalAnd
                    | swc_ecma_ast::BinaryOp::NullishCoalescing
            ) =>
        {
            collect_strings(&bin.left, out);
            collect_strings(&bin.right, out);
        }
        Expr::Paren(p) => collect_strings(&p.expr, out),
        _ => {}
    }
}

fn pat_is_require(pat: &Pat) -> bool {
    match pat {
        Pat::Ident(id) => id.id.sym == "require",
        Pat::Assign(assign) => pat_is_require(&assign.left),
        _ => false,
    }
}

/// Whether a declaration binds `require` to something other than a require
/// (`createRequire(...)` and `module.createRequire(...)` keep it a require).
fn var_rebinds_require(var: &VarDecl) -> bool {
    var.decls
        .iter()
        .any(|d| pat_is_require(&d.name) && !d.init.as_deref().is_some_and(is_create_require_call))
}

fn is_create_require_call(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    let Callee::Expr(callee) = &call.callee else { return false };
    match callee.as_ref() {
        Expr::Ident(id) => id.sym == "createRequire" || id.sym == "createRequireFromPath",
        Expr::Member(m) => {
            matches!(&m.prop, MemberProp::Ident(p) if p.sym == "createRequire" || p.sym == "createRequireFromPath")
        }
        _ => false,
    }
}

fn stmts_rebind_require<'a>(stmts: impl Iterator<Item = &'a Stmt>) -> bool {
    stmts.into_iter().any(|stmt| match stmt {
        Stmt::Decl(Decl::Var(var)) => var_rebinds_require(var),
        Stmt::Decl(Decl::Fn(f)) => f.ident.sym == "require",
        _ => false,
    })
}

pub(super) fn top_level_rebinds_require(program: &Program) -> bool {
    match program {
        Program::Script(script) => stmts_rebind_require(script.body.iter()),
        Program::Module(module) => {
            stmts_rebind_require(module.body.iter().filter_map(|item| match item {
                ModuleItem::Stmt(stmt) => Some(stmt),
                ModuleItem::ModuleDecl(_) => None,
            }))
        }
    }
}

pub(super) fn function_binds_require(node: &Function) -> bool {
    node.params.iter().any(|p| pat_is_require(&p.pat))
        || node.body.as_ref().is_some_and(|body| stmts_rebind_require(body.stmts.iter()))
}

pub(super) fn arrow_binds_require(node: &ArrowExpr) -> bool {
    node.params.iter().any(pat_is_require)
        || match node.body.as_ref() {
            ArrowFunctionBody::FunctionBody(body) => stmts_rebind_require(body.stmts.iter()),
            ArrowFunctionBody::Expr(_) => false,
        }
}
