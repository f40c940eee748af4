//! The `print --json` document and the `size` figure.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::fs::FileSystem;
use crate::graph::Trace;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReason<'a> {
    #[serde(rename = "type")]
    types: Vec<&'static str>,
    ignored: bool,
    parents: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonTrace<'a> {
    file_list: Vec<&'a str>,
    esm_file_list: Vec<&'a str>,
    reasons: BTreeMap<&'a str, JsonReason<'a>>,
    warnings: Vec<String>,
}

/// The JSON document of `nft-rs print --json`, with a final newline:
/// `{"fileList":[..],"esmFileList":[..],"reasons":{..},"warnings":[..]}`.
#[must_use]
pub fn print_json(trace: &Trace) -> String {
    let doc = JsonTrace {
        file_list: trace.file_list(),
        esm_file_list: trace.esm_file_list(),
        reasons: trace
            .reasons()
            .iter()
            .map(|(path, r)| {
                let reason = JsonReason {
                    types: r.types().iter().map(|t| t.as_str()).collect(),
                    ignored: r.ignored(),
                    parents: r.parents(),
                };
                (path.as_str(), reason)
            })
            .collect(),
        warnings: trace.diagnostics().iter().map(crate::Diagnostic::message).collect(),
    };
    let mut out = serde_json::to_string(&doc).expect("serialising strings and bools cannot fail");
    out.push('\n');
    out
}

/// Total bytes of the traced files below `base`: a symlink counts as the link
/// itself, as `@vercel/nft`'s `size` does. Unreadable files count as zero.
#[must_use]
pub fn trace_size(trace: &Trace, base: &Path, fs: &dyn FileSystem) -> u64 {
    trace.file_list().into_iter().map(|rel| super::budget::file_bytes(fs, base, rel)).sum()
}
