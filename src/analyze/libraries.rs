//! Libraries that load modules by a name given in their configuration: express
//! view engines (`app.set('view engine', 'ejs')` requires `ejs`), and pino or
//! fastify logger transports (`{ transport: { target: 'pino-pretty' } }` runs
//! `pino-pretty` in a worker). The names become `require` specifiers of the file
//! that configures them.

use swc_ecma_ast::{CallExpr, Expr, Lit, ObjectLit, Prop, PropName, PropOrSpread};
use swc_ecma_visit::VisitMutWith;

use super::DepKind;
use super::cjs::{add_specifiers, require_arg};
use super::visit::Scanner;
use crate::eval::WellKnown;

pub(super) fn call(s: &mut Scanner<'_>, callee: &WellKnown, c: &mut CallExpr) {
    let first = c.args.first().filter(|a| a.spread.is_none()).map(|a| a.expr.as_ref());
    match callee {
        WellKnown::ExpressSet => {
            let is_view_engine = matches!(first, Some(Expr::Lit(Lit::Str(k))) if k.value.as_str() == Some("view engine"));
            if is_view_engine && !s.express_engines_defined && c.args.len() == 2 {
                let values = require_arg(s, &mut c.args[1].expr);
                add_specifiers(s, DepKind::Require, &values);
                return;
            }
        }
        WellKnown::ExpressEngine => s.express_engines_defined = true,
        WellKnown::Pino => {
            if let Some(Expr::Object(options)) = first
                && let Some(Expr::Object(transport)) = prop(options, "transport")
            {
                transport_targets(s, transport);
            }
        }
        WellKnown::PinoTransport => {
            if let Some(Expr::Object(transport)) = first {
                transport_targets(s, transport);
            }
        }
        WellKnown::Fastify => {
            if let Some(Expr::Object(options)) = first
                && let Some(Expr::Object(logger)) = prop(options, "logger")
                && let Some(Expr::Object(transport)) = prop(logger, "transport")
            {
                transport_targets(s, transport);
            }
        }
        _ => {}
    }
    c.args.visit_mut_with(s);
}

/// The value of a non-computed property `name` of an object literal.
fn prop<'o>(object: &'o ObjectLit, name: &str) -> Option<&'o Expr> {
    object.props.iter().find_map(|p| {
        let PropOrSpread::Prop(p) = p else { return None };
        let Prop::KeyValue(kv) = p.as_ref() else { return None };
        let key = match &kv.key {
            PropName::Ident(id) => id.sym.as_str(),
            PropName::Str(st) => st.value.as_str()?,
            _ => return None,
        };
        (key == name).then_some(kv.value.as_ref())
    })
}

/// `{ target }`, `{ targets: [{ target }] }`, `{ pipeline: [{ target }] }`.
fn transport_targets(s: &mut Scanner<'_>, transport: &ObjectLit) {
    let mut targets = Vec::new();
    if let Some(target) = prop(transport, "target") {
        targets.push(target);
    }
    for list in ["targets", "pipeline"] {
        if let Some(Expr::Array(items)) = prop(transport, list) {
            for item in items.elems.iter().flatten() {
                if let Expr::Object(entry) = item.expr.as_ref()
                    && let Some(target) = prop(entry, "target")
                {
                    targets.push(target);
                }
            }
        }
    }
    for target in targets {
        if let Expr::Lit(Lit::Str(name)) = target
            && let Some(name) = name.value.as_str()
        {
            s.add_dep(DepKind::Require, name.to_owned());
        }
    }
}
