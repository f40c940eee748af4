//! The value lattice of the static evaluator.
//!
//! A value is either fully known data (strings, numbers, booleans, arrays, objects,
//! file URLs), a well-known module or function (`path.join`, `fs.readFileSync`,
//! `require`), or a set of alternatives (every branch of a condition). Anything the
//! evaluator cannot know is `None` at the call site; inside a string it becomes the
//! [`WILDCARD`] character, which the graph turns into a glob.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::well_known::WellKnown;

/// Stands for an unknown part of a string (`'./locale/' + lang`).
pub(crate) const WILDCARD: char = '\u{1a}';

/// At most this many alternatives are tracked; beyond it a value is unknown.
pub(crate) const MAX_ALTERNATIVES: usize = 32;

/// A statically known value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Str(Rc<str>),
    Num(f64),
    Bool(bool),
    Null,
    Undefined,
    Array(Rc<Vec<Value>>),
    /// An object literal; `open` means it may have properties we do not know.
    Object {
        props: Rc<BTreeMap<String, Value>>,
        open: bool,
    },
    /// A `URL` object (only `file:` URLs matter), as its href.
    Url(Rc<str>),
    WellKnown(WellKnown),
    /// One of several values (the branches of `?:`, `||`, `&&`).
    Alternatives(Rc<Vec<Value>>),
    /// The file `require.resolve(specifier)` finds, then the relative path `tail`
    /// from it (`path.join(require.resolve('pkg'), '../x.wasm')`): the graph
    /// resolves it.
    Resolved {
        specifier: Rc<str>,
        tail: Rc<str>,
    },
}

impl Value {
    pub(crate) fn str(s: impl Into<Rc<str>>) -> Self {
        Self::Str(s.into())
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Plain data (what a path expression can evaluate to), as opposed to a
    /// function or module.
    pub(crate) fn is_data(&self) -> bool {
        match self {
            Self::WellKnown(_) => false,
            Self::Alternatives(alts) => alts.iter().all(Self::is_data),
            _ => true,
        }
    }

    pub(crate) fn has_wildcard(&self) -> bool {
        match self {
            Self::Str(s) => s.contains(WILDCARD),
            Self::Alternatives(alts) => alts.iter().any(Self::has_wildcard),
            _ => false,
        }
    }

    /// Builds alternatives, flattening nested ones and collapsing duplicates;
    /// `None` past [`MAX_ALTERNATIVES`].
    pub(crate) fn alternatives(values: Vec<Value>) -> Option<Self> {
        let mut flat: Vec<Value> = Vec::with_capacity(values.len());
        for value in values {
            match value {
                Self::Alternatives(inner) => {
                    for v in inner.iter() {
                        if !flat.contains(v) {
                            flat.push(v.clone());
                        }
                    }
                }
                v => {
                    if !flat.contains(&v) {
                        flat.push(v);
                    }
                }
            }
            if flat.len() > MAX_ALTERNATIVES {
                return None;
            }
        }
        match flat.len() {
            0 => None,
            1 => flat.pop(),
            _ => Some(Self::Alternatives(Rc::new(flat))),
        }
    }

    /// The possible values: itself, or each alternative.
    pub(crate) fn each(&self) -> &[Value] {
        match self {
            Self::Alternatives(alts) => alts,
            other => std::slice::from_ref(other),
        }
    }

    /// JavaScript truthiness, when known.
    pub(crate) fn truthy(&self) -> Option<bool> {
        match self {
            Self::Str(s) => {
                if s.contains(WILDCARD) {
                    (s.chars().any(|c| c != WILDCARD)).then_some(true)
                } else {
                    Some(!s.is_empty())
                }
            }
            Self::Num(n) => Some(*n != 0.0 && !n.is_nan()),
            Self::Bool(b) => Some(*b),
            Self::Null | Self::Undefined => Some(false),
            Self::Array(_)
            | Self::Object { .. }
            | Self::Url(_)
            | Self::WellKnown(_)
            | Self::Resolved { .. } => Some(true),
            Self::Alternatives(alts) => {
                let first = alts.first()?.truthy()?;
                alts.iter().all(|a| a.truthy() == Some(first)).then_some(first)
            }
        }
    }

    /// `String(value)` for the kinds where it is well defined.
    pub(crate) fn to_js_string(&self) -> Option<String> {
        match self {
            Self::Str(s) => Some(s.to_string()),
            Self::Num(n) => Some(number_to_string(*n)),
            Self::Bool(b) => Some(b.to_string()),
            Self::Null => Some("null".to_owned()),
            Self::Undefined => Some("undefined".to_owned()),
            Self::Url(href) => Some(href.to_string()),
            Self::Array(items) => {
                let parts: Option<Vec<String>> = items
                    .iter()
                    .map(|v| match v {
                        Self::Null | Self::Undefined => Some(String::new()),
                        v => v.to_js_string(),
                    })
                    .collect();
                Some(parts?.join(","))
            }
            _ => None,
        }
    }

    /// The member `name` of this value.
    pub(crate) fn member(&self, name: &str) -> Option<Value> {
        match self {
            Self::Object { props, open } => match props.get(name) {
                Some(v) => Some(v.clone()),
                None if *open => None,
                None => Some(Self::Undefined),
            },
            Self::WellKnown(w) => w.member(name),
            Self::Str(s) => match name {
                "length" if !s.contains(WILDCARD) => {
                    u32::try_from(s.chars().count()).ok().map(|n| Self::Num(n.into()))
                }
                "concat" => Some(Self::WellKnown(WellKnown::StringConcat(Rc::clone(s)))),
                _ => None,
            },
            Self::Array(items) => match name {
                "length" => u32::try_from(items.len()).ok().map(|n| Self::Num(n.into())),
                "join" => Some(Self::WellKnown(WellKnown::ArrayJoin(Rc::clone(items)))),
                _ => name
                    .parse::<usize>()
                    .ok()
                    .map(|i| items.get(i).cloned().unwrap_or(Self::Undefined)),
            },
            Self::Url(href) => super::well_known::url_member(href, name),
            _ => None,
        }
    }
}

/// JavaScript's `Number.prototype.toString()` for the common cases.
pub(crate) fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity".to_owned() } else { "-Infinity".to_owned() }
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}
