//! The integration tests: one binary, one module per area.

mod cache;
mod cli;
mod corpus;
mod determinism;
mod exec;
mod hooks;
mod hostile;
mod library;
mod next;
mod npm;
mod packages;
mod support;
mod trace;
