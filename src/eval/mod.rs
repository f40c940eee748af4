//! The static evaluator behind the analysis: a small value lattice
//! ([`value::Value`]) and the well-known modules and functions
//! ([`well_known::WellKnown`]). The walk that drives it lives in
//! `analyze/visit.rs`, which evaluates each expression node once, bottom-up, so
//! the cost is linear in the size of the file.

pub(crate) mod value;
pub(crate) mod well_known;

pub(crate) use value::{Value, WILDCARD};
pub(crate) use well_known::{CallContext, WellKnown};
