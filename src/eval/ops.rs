//! Operations on values that need no syntax: JavaScript's binary and unary
//! operators over [`Value`]s (alternatives cross, at most [`MAX_ALTERNATIVES`]),
//! a template literal's concatenation, and the paths a value names (an absolute
//! path, a `file:` URL, the directory a `createRequire(x)` starts from).
//! `analyze/expr.rs` maps the syntax's operators to [`BinaryOp`] and [`UnaryOp`].

use super::value::{MAX_ALTERNATIVES, Value, WILDCARD};
use super::well_known;

/// A binary operator the evaluator computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    /// `||`
    Or,
    /// `&&`
    And,
    /// `??`
    Nullish,
    /// `==` and `===` (only values whose equality does not depend on coercion).
    Equal,
    /// `!=` and `!==`.
    NotEqual,
}

/// A unary operator the evaluator computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    Void,
    Not,
    Minus,
    Plus,
}

fn all_strings(v: &Value) -> bool {
    v.each().iter().all(|x| matches!(x, Value::Str(_)))
}

/// The longest prefix shared by every alternative of a string value.
fn common_prefix(value: &Value) -> String {
    let mut strings = value.each().iter().filter_map(Value::as_str);
    let Some(first) = strings.next() else { return String::new() };
    let mut len = first.len();
    for s in strings {
        len = first.bytes().zip(s.bytes()).take(len).take_while(|(a, b)| a == b).count();
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_owned()
}

fn cross(a: &Value, b: &Value, f: impl Fn(&Value, &Value) -> Option<Value>) -> Option<Value> {
    let (xs, ys) = (a.each(), b.each());
    if xs.len() * ys.len() > MAX_ALTERNATIVES {
        return None;
    }
    let mut out = Vec::with_capacity(xs.len() * ys.len());
    for x in xs {
        for y in ys {
            out.push(f(x, y)?);
        }
    }
    Value::alternatives(out)
}

fn add(x: &Value, y: &Value) -> Option<Value> {
    match (x, y) {
        (Value::Num(a), Value::Num(b)) => Some(Value::Num(a + b)),
        (Value::Str(_) | Value::Url(_), _) | (_, Value::Str(_) | Value::Url(_)) => {
            Some(Value::str(format!("{}{}", x.to_js_string()?, y.to_js_string()?)))
        }
        _ => None,
    }
}

fn strict_equal(x: &Value, y: &Value) -> Option<bool> {
    if x.has_wildcard() || y.has_wildcard() || !x.is_data() || !y.is_data() {
        return None;
    }
    match (x, y) {
        (Value::Array(_) | Value::Object { .. }, _)
        | (_, Value::Array(_) | Value::Object { .. }) => None,
        _ => Some(x == y),
    }
}

/// `l op r`; `None` for an operand stands for an unknown value.
pub(crate) fn binary(op: BinaryOp, l: Option<&Value>, r: Option<&Value>) -> Option<Value> {
    match op {
        BinaryOp::Add => match (l, r) {
            // Too many combinations: keep what they share, then a wildcard.
            (Some(a), Some(b)) => cross(a, b, add).or_else(|| {
                (all_strings(a) && all_strings(b))
                    .then(|| Value::str(format!("{}{WILDCARD}", common_prefix(a))))
            }),
            (None, Some(b)) if all_strings(b) => cross(&Value::str(WILDCARD.to_string()), b, add),
            (Some(a), None) if all_strings(a) => cross(a, &Value::str(WILDCARD.to_string()), add),
            _ => None,
        },
        // `unknown || './dir'`: something unknown, or the literal fallback
        // (`global.DRIVER_PATH || './drivers/native'`): `require(x + '/connection')`
        // follows the fallback, `x + '.json'` stays a pattern.
        BinaryOp::Or | BinaryOp::Nullish
            if l.is_none() && r.is_some_and(|r| all_strings(r) && !r.has_wildcard()) =>
        {
            let mut alternatives = vec![Value::str(WILDCARD.to_string())];
            alternatives.extend(r.map(|r| r.each().to_vec()).unwrap_or_default());
            Value::alternatives(alternatives)
        }
        BinaryOp::Or => {
            let l = l?;
            let picked: Option<Vec<Value>> = l
                .each()
                .iter()
                .map(|x| if x.truthy()? { Some(x.clone()) } else { r.cloned() })
                .collect();
            Value::alternatives(picked?)
        }
        BinaryOp::And => {
            let l = l?;
            let picked: Option<Vec<Value>> = l
                .each()
                .iter()
                .map(|x| if x.truthy()? { r.cloned() } else { Some(x.clone()) })
                .collect();
            Value::alternatives(picked?)
        }
        BinaryOp::Nullish => {
            let l = l?;
            let picked: Option<Vec<Value>> = l
                .each()
                .iter()
                .map(|x| match x {
                    Value::Null | Value::Undefined => r.cloned(),
                    x => Some(x.clone()),
                })
                .collect();
            Value::alternatives(picked?)
        }
        BinaryOp::Equal => cross(l?, r?, |x, y| strict_equal(x, y).map(Value::Bool)),
        BinaryOp::NotEqual => cross(l?, r?, |x, y| strict_equal(x, y).map(|b| Value::Bool(!b))),
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
            cross(l?, r?, |x, y| match (x, y) {
                (Value::Num(a), Value::Num(b)) => Some(Value::Num(match op {
                    BinaryOp::Sub => a - b,
                    BinaryOp::Mul => a * b,
                    BinaryOp::Div => a / b,
                    _ => a % b,
                })),
                _ => None,
            })
        }
    }
}

/// `op arg`; `None` for an unknown argument.
pub(crate) fn unary(op: UnaryOp, arg: Option<&Value>) -> Option<Value> {
    match (op, arg) {
        (UnaryOp::Void, _) => Some(Value::Undefined),
        (UnaryOp::Not, Some(v)) => v.truthy().map(|t| Value::Bool(!t)),
        (UnaryOp::Minus, Some(Value::Num(n))) => Some(Value::Num(-n)),
        (UnaryOp::Plus, Some(Value::Num(n))) => Some(Value::Num(*n)),
        _ => None,
    }
}

/// A template literal's text so far (`acc`, one string per alternative) followed by
/// the value of its next expression: every combination, or `None` when a part is
/// not a string or there would be more than [`MAX_ALTERNATIVES`].
pub(crate) fn concat_each(acc: &[String], part: &Value) -> Option<Vec<String>> {
    let strings: Vec<String> =
        part.each().iter().map(Value::to_js_string).collect::<Option<_>>()?;
    if acc.len() * strings.len() > MAX_ALTERNATIVES {
        return None;
    }
    Some(acc.iter().flat_map(|a| strings.iter().map(move |s| format!("{a}{s}"))).collect())
}

/// Whether a value is an absolute path string (nft's test: a slash followed by a
/// name, so "/" alone and "//x" are not paths).
pub(crate) fn is_absolute_path(value: &Value) -> bool {
    value.as_str().is_some_and(|p| p.len() > 1 && p.starts_with('/') && !p[1..].starts_with('/'))
}

/// The absolute path a value names: an absolute path string, a `file:` URL
/// string, or a `URL` object with a `file:` href.
pub(crate) fn absolute_path(value: &Value) -> Option<String> {
    let path = match value {
        Value::Str(s) if s.starts_with("file:") => well_known::file_url_to_path(s)?,
        Value::Str(s) => s.to_string(),
        Value::Url(href) => well_known::file_url_to_path(href)?,
        _ => return None,
    };
    // nft's test: a slash followed by a name (so "/" alone and "//x" are not paths).
    if path.len() > 1 && path.starts_with('/') && !path[1..].starts_with('/') {
        Some(well_known::normalize(&path))
    } else {
        None
    }
}

/// The directory a `createRequire(x)` require starts from: `x` a file URL or an
/// absolute path, of a file (its directory) or of a directory (ending in `/`).
pub(crate) fn require_base(value: &Value) -> Option<String> {
    let path = match value {
        Value::Url(href) => well_known::file_url_to_path(href)?,
        Value::Str(p) if p.starts_with("file:") => well_known::file_url_to_path(p)?,
        Value::Str(p) => p.to_string(),
        _ => return None,
    };
    if !path.starts_with('/') || path.contains(WILDCARD) {
        return None;
    }
    Some(if path.ends_with('/') {
        well_known::normalize(&path)
    } else {
        well_known::dirname(&path)
    })
}
