//! Turns a [`Trace`](crate::Trace) into outputs: the JSON document of
//! `print --json`, `.nft.json` files, and copies of the traced files.

pub(crate) mod budget;
pub(crate) mod copy;
mod json;
pub(crate) mod nft_json;

pub use budget::check_budget;
pub use copy::{BuildReport, CopyWarning, build};
pub use json::{print_json, trace_size};
