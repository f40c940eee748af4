//! The integration tests: one binary, one module per area.

mod cli;
mod exec;
mod packages;
mod support;
mod trace;
