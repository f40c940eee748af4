//! The static evaluator's values: a small value lattice ([`value::Value`]), the
//! operators over it ([`ops`]), and the well-known modules and functions
//! ([`well_known::WellKnown`]: Node's own, the native addon loaders of
//! [`native`], the libraries of [`libraries`]). No syntax and no file system
//! here: `analyze/expr.rs` evaluates each expression node once, bottom-up, with
//! these values (so the cost is linear in the size of the file), driven by the
//! walk in `analyze/visit.rs`.

pub(crate) mod libraries;
pub(crate) mod native;
pub(crate) mod ops;
pub(crate) mod value;
pub(crate) mod well_known;

pub(crate) use libraries::Library;
pub(crate) use native::NativeLoader;
pub(crate) use value::{Value, WILDCARD};
pub(crate) use well_known::{CallContext, WellKnown};
