//! The integration tests: one binary, one module per area.

mod cache;
mod cli;
mod corpus;
mod determinism;
mod exec;
mod hostile;
mod library;
mod matrix;
mod next;
mod packages;
mod support;
mod trace;
