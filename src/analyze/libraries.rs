//! Libraries that load modules by a name given in their configuration: express
//! view engines (`app.set('view engine', 'ejs')` requires `ejs`), and pino or
//! fastify logger transports (`{ transport: { target: 'pino-pretty' } }` runs
//! `pino-pretty` in a worker). The names become `require` specifiers of the file
//! that configures them. Resolver packages (`resolve-from`, `import-from`,
//! `resolve-cwd`, `import-cwd`) name a module relative to a directory; `pkginfo`
//! reads the package's `package.json`, strong-globalize's `SetRootDir(dir)` the
//! folder `dir/intl`. The libraries' names and members are `eval/libraries.rs`;
//! each one's call is an arm of [`call`].

use swc_ecma_ast::{CallExpr, Expr, Lit, ObjectLit, Prop, PropName, PropOrSpread};
use swc_ecma_visit::VisitMutWith;

use super::PathPattern;
use super::expr::{Eval, eval_args};
use super::scanner::Scanner;
use super::specifiers::{add_specifiers, require_arg};
use super::{DepKind, Reference};
use crate::eval::{Library, Value, WILDCARD, WellKnown, ops, well_known};

/// A call of a library's function: what it loads or reads, and its value.
pub(super) fn call(s: &mut Scanner<'_>, callee: Library, c: &mut CallExpr) -> Eval {
    match callee {
        Library::ResolveFrom { cwd, import } => {
            let args = eval_args(s, &mut c.args);
            let result = resolve_from(s, cwd, import, &args);
            for arg in args {
                s.settle(arg);
            }
            Eval::maybe(result, false)
        }
        Library::Express => {
            for arg in eval_args(s, &mut c.args) {
                s.settle(arg);
            }
            Eval::known(Value::WellKnown(WellKnown::Library(Library::ExpressApp)), false)
        }
        Library::PkgInfo => {
            s.add_reference(Reference::OwnPackageJson);
            for arg in eval_args(s, &mut c.args) {
                s.settle(arg);
            }
            Eval::unknown()
        }
        Library::SetRootDir => {
            let args = eval_args(s, &mut c.args);
            if let Some(dir) =
                args.first().and_then(|a| a.value.as_ref()).and_then(ops::absolute_path)
            {
                s.add_reference(Reference::AssetDir(PathPattern::new(&format!("{dir}/intl"))));
            }
            for arg in args {
                s.settle(arg);
            }
            Eval::unknown()
        }
        Library::ExpressSet
        | Library::ExpressEngine
        | Library::Pino
        | Library::PinoTransport
        | Library::Fastify => {
            configured(s, callee, c);
            Eval::unknown()
        }
        Library::ExpressApp | Library::StrongGlobalize => {
            for arg in eval_args(s, &mut c.args) {
                s.settle(arg);
            }
            Eval::unknown()
        }
    }
}

/// `resolveFrom(dir, specifier)` (or `resolveCwd(specifier)`): the module is a
/// dependency of the file; a relative one evaluates to its absolute path, which a
/// later `require(x)` follows. `import` (import-from) loads it too: no value.
fn resolve_from(s: &mut Scanner<'_>, cwd: bool, import: bool, args: &[Eval]) -> Option<Value> {
    let value = |i: usize| args.get(i).and_then(|a| a.value.as_ref()).and_then(Value::as_str);
    let (dir, specifier) = if cwd {
        (Some(s.cwd().to_owned()), value(0))
    } else {
        (value(0).map(str::to_owned), value(1))
    };
    let (dir, specifier) = (dir?, specifier?);
    if dir.contains(WILDCARD) || specifier.contains(WILDCARD) || !dir.starts_with('/') {
        return None;
    }
    if crate::resolve::is_relative(specifier) {
        let path = if specifier.starts_with('/') {
            well_known::normalize(specifier)
        } else {
            well_known::normalize(&format!("{dir}/{specifier}"))
        };
        s.add_dep(DepKind::Require, path.clone());
        return (!import).then(|| Value::str(path));
    }
    if well_known::normalize(&dir) == s.dir() {
        // A package seen from the file's own directory.
        s.add_dep(DepKind::Require, specifier.to_owned());
    }
    None
}

/// A call that names modules in its arguments: express's view engine, logger
/// transports.
fn configured(s: &mut Scanner<'_>, callee: Library, c: &mut CallExpr) {
    let first = c.args.first().filter(|a| a.spread.is_none()).map(|a| a.expr.as_ref());
    match callee {
        Library::ExpressSet => {
            let is_view_engine = matches!(first, Some(Expr::Lit(Lit::Str(k))) if k.value.as_str() == Some("view engine"));
            if is_view_engine && !s.express_engines_defined() && c.args.len() == 2 {
                let values = require_arg(s, &mut c.args[1].expr);
                add_specifiers(s, DepKind::Require, &values);
                return;
            }
        }
        Library::ExpressEngine => s.define_express_engines(),
        Library::Pino => {
            if let Some(Expr::Object(options)) = first
                && let Some(Expr::Object(transport)) = prop(options, "transport")
            {
                transport_targets(s, transport);
            }
        }
        Library::PinoTransport => {
            if let Some(Expr::Object(transport)) = first {
                transport_targets(s, transport);
            }
        }
        Library::Fastify => {
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
