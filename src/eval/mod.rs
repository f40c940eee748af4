//! The static evaluator's values: a small value lattice ([`value::Value`]) and the
//! well-known modules and functions ([`well_known::WellKnown`]). No syntax and no
//! file system here: `analyze/expr.rs` evaluates each expression node once,
//! bottom-up, with these values (so the cost is linear in the size of the file),
//! driven by the walk in `analyze/visit.rs`.

pub(crate) mod value;
pub(crate) mod well_known;

pub(crate) use value::{Value, WILDCARD};
pub(crate) use well_known::{CallContext, WellKnown};
