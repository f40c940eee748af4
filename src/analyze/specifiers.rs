//! Specifier arguments, shared by `require` (`cjs.rs`), `import()` (`esm.rs`) and
//! the libraries that load modules by name (`libraries.rs`): every value a
//! specifier expression may take (`require_arg`), recorded as dependencies, or as
//! globs when a part is computed (`require('./drivers/' + name)` is a glob over the
//! module extensions; `require('@scope/pkg-' + platform)` a package pattern).

use swc_ecma_ast::{BinaryOp, Expr};

use super::expr::eval;
use super::scanner::Scanner;
use super::{DepKind, PathPattern, Reference};
use crate::eval::{Value, WILDCARD, well_known};

/// The possible values of a specifier argument: every branch of `?:`, `||`, `&&`
/// and `??` separately, as `@vercel/nft` does.
pub(super) fn require_arg(s: &mut Scanner<'_>, expr: &mut Expr) -> Vec<Value> {
    match expr {
        Expr::Paren(p) => require_arg(s, &mut p.expr),
        Expr::Cond(c) => {
            let test = eval(s, &mut c.test);
            s.settle(test);
            let mut out = require_arg(s, &mut c.cons);
            out.extend(require_arg(s, &mut c.alt));
            out
        }
        Expr::Bin(b)
            if matches!(
                b.op,
                BinaryOp::LogicalOr | BinaryOp::LogicalAnd | BinaryOp::NullishCoalescing
            ) =>
        {
            let mut out = require_arg(s, &mut b.left);
            out.extend(require_arg(s, &mut b.right));
            out
        }
        _ => {
            let result = eval(s, expr);
            if let Some(v) = result.value {
                v.each().to_vec()
            } else {
                s.settle(result);
                Vec::new()
            }
        }
    }
}

/// `@scope/name-<unknown>` or `name-<unknown>`: a package chosen at run time
/// (a platform package), with a known name before the unknown part.
fn is_package_pattern(spec: &str) -> bool {
    let Some(at) = spec.find(WILDCARD) else { return false };
    let known = &spec[..at];
    let name =
        known.strip_prefix('@').map_or(known, |rest| rest.split_once('/').map_or("", |(_, n)| n));
    name.len() >= 2
        && !known.starts_with('.')
        && !known.starts_with('/')
        && !spec[at..].contains('/')
        && known.chars().all(|c| c.is_ascii_alphanumeric() || "@/-_.".contains(c))
}

/// Records specifiers: exact strings as dependencies, relative ones with unknown
/// parts as module globs.
pub(super) fn add_specifiers(s: &mut Scanner<'_>, kind: DepKind, values: &[Value]) {
    for value in values {
        let Some(spec) = value.as_str() else { continue };
        if !spec.contains(WILDCARD) {
            s.add_dep(kind, spec.to_owned());
        } else if s.emits_globs() && (spec.starts_with("./") || spec.starts_with("../")) {
            let pattern = well_known::normalize(&format!("{}/{spec}", s.dir()));
            s.add_reference(Reference::RequireGlob(PathPattern::new(&pattern)));
        } else if s.emits_globs() && is_package_pattern(spec) {
            s.add_reference(Reference::PackagePattern(spec.to_owned()));
        }
    }
}
