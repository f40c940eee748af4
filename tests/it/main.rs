//! The integration tests: one binary, one module per area.

mod adapter;
mod cache;
mod cli;
mod corpus;
mod cross;
mod determinism;
mod exec;
mod hooks;
mod hostile;
mod library;
mod matrix;
mod next;
mod nix;
mod npm;
mod packages;
mod skim;
mod strict;
mod support;
mod trace;
