//! webpack modules in namespace form: an ES module compiled by webpack declares
//! its exports with getters (`__webpack_require__.d(exports, { join: () =>
//! path.join, fsx: () => fs })`) over modules it requires (`var path =
//! __webpack_require__("path")`). When those are modules of the bundle's table
//! that stand for builtins, the namespace is known: `m.join(__dirname, 'x')`
//! through it is `path.join`.

use std::collections::BTreeMap;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use swc_ecma_ast::{
    ArrowFunctionBody, Callee, Decl, Expr, Lit, MemberProp, Pat, Prop, PropName, PropOrSpread, Stmt,
};

use crate::eval::{Value, WellKnown};

/// One getter of a namespace: export name, the module id it reads, and the
/// member of that module (`None`: the whole module).
pub(super) type Getter = (String, String, Option<String>);

fn unparen(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => unparen(&p.expr),
        Expr::Seq(s) => s.exprs.last().map_or(expr, |e| unparen(e)),
        _ => expr,
    }
}

fn module_id(expr: &Expr) -> Option<String> {
    match unparen(expr) {
        Expr::Lit(Lit::Num(n)) => Some(crate::eval::value::number_to_string(n.value)),
        Expr::Lit(Lit::Str(s)) => s.value.as_str().map(str::to_owned),
        _ => None,
    }
}

/// The getters of a module function `(module, exports, require) => {..}`.
pub(super) fn getters(exports: &str, require: &str, body: &[Stmt]) -> Vec<Getter> {
    // `var o = require(ID)`.
    let mut locals: FxHashMap<&str, String> = FxHashMap::default();
    let mut definitions = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::Decl(Decl::Var(v)) => {
                for d in &v.decls {
                    let (Pat::Ident(name), Some(Expr::Call(call))) =
                        (&d.name, d.init.as_deref().map(unparen))
                    else {
                        continue;
                    };
                    let Callee::Expr(callee) = &call.callee else { continue };
                    if matches!(unparen(callee), Expr::Ident(id) if id.sym == require)
                        && let Some(id) = call.args.first().and_then(|a| module_id(&a.expr))
                    {
                        locals.insert(&name.id.sym, id);
                    }
                }
            }
            Stmt::Expr(e) => {
                let exprs: Vec<&Expr> = match e.expr.as_ref() {
                    Expr::Seq(seq) => seq.exprs.iter().map(AsRef::as_ref).collect(),
                    other => vec![other],
                };
                definitions
                    .extend(exprs.into_iter().filter_map(|x| definition(x, exports, require)));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for object in definitions {
        for prop in &object.props {
            let PropOrSpread::Prop(prop) = prop else { continue };
            let Prop::KeyValue(kv) = prop.as_ref() else { continue };
            let key = match &kv.key {
                PropName::Ident(id) => id.sym.to_string(),
                PropName::Str(s) => match s.value.as_str() {
                    Some(k) => k.to_owned(),
                    None => continue,
                },
                _ => continue,
            };
            let Expr::Arrow(arrow) = unparen(&kv.value) else { continue };
            let ArrowFunctionBody::Expr(body) = arrow.body.as_ref() else { continue };
            match unparen(body) {
                Expr::Ident(id) => {
                    if let Some(m) = locals.get(&*id.sym) {
                        out.push((key, m.clone(), None));
                    }
                }
                Expr::Member(m) => {
                    if let (Expr::Ident(obj), MemberProp::Ident(p)) = (unparen(&m.obj), &m.prop)
                        && let Some(id) = locals.get(&*obj.sym)
                    {
                        out.push((key, id.clone(), Some(p.sym.to_string())));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// `require.d(exports, { .. })`.
fn definition<'a>(
    expr: &'a Expr,
    exports: &str,
    require: &str,
) -> Option<&'a swc_ecma_ast::ObjectLit> {
    let Expr::Call(call) = unparen(expr) else { return None };
    let Callee::Expr(callee) = &call.callee else { return None };
    let Expr::Member(m) = unparen(callee) else { return None };
    let is_d = matches!(unparen(&m.obj), Expr::Ident(id) if id.sym == require)
        && matches!(&m.prop, MemberProp::Ident(p) if p.sym == "d");
    let [target, object] = call.args.as_slice() else { return None };
    let is_exports = matches!(unparen(&target.expr), Expr::Ident(id) if id.sym == exports);
    match unparen(&object.expr) {
        Expr::Object(o) if is_d && is_exports => Some(o),
        _ => None,
    }
}

/// The values of a bundle's modules: builtins (`"17"` → `path`) and the
/// namespaces whose getters read them.
pub(super) fn table(
    builtins: &BTreeMap<String, String>,
    namespaces: &BTreeMap<String, Vec<Getter>>,
) -> BTreeMap<String, Value> {
    let mut out: BTreeMap<String, Value> = builtins
        .iter()
        .filter_map(|(id, name)| Some((id.clone(), Value::WellKnown(WellKnown::module(name)?))))
        .collect();
    for (id, getters) in namespaces {
        let mut props = BTreeMap::new();
        for (key, source, member) in getters {
            let Some(module) = out.get(source) else { continue };
            let value = match member {
                Some(m) => module.member(m),
                None => Some(module.clone()),
            };
            if let Some(value) = value {
                props.insert(key.clone(), value);
            }
        }
        if !props.is_empty() && !out.contains_key(id) {
            out.insert(id.clone(), Value::Object { props: Rc::new(props), open: true });
        }
    }
    out
}
