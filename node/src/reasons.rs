//! `reasons` as `@vercel/nft` hands them out, built from a [`Trace`].
//!
//! Two things differ from the library's [`Trace::reasons`] on purpose:
//!
//! - **Parent order.** A `Set`'s order is part of what JavaScript sees, and
//!   Next.js's `collect-build-traces` depends on it: its "every parent ignored"
//!   check walks parents depth first, stops at the first kept one, and remembers
//!   answers it reached inside a cycle, so a parent list that starts deep in a
//!   cycle drops files the server loads (on `next-server.js` with Next's server
//!   ignores: 25 files, with parents sorted by name). `@vercel/nft`'s parents come
//!   in the order its walk met them, nearest the entries first; here they come in
//!   breadth-first order from the entries (the parent's distance, then its
//!   name), which is that order made deterministic.
//! - **Ignored paths have no parents**, as in `@vercel/nft`, which records a
//!   parent only for paths it keeps. (`nft-rs print --json` keeps them: there
//!   they say who reached an ignored file.)

use rustc_hash::FxHashMap;

use nft_rs::{ReasonType, Trace};

use crate::NativeReason;

/// The reasons of `trace`, in path order, with nft's parents.
pub(crate) fn nft_reasons(trace: &Trace) -> Vec<NativeReason> {
    let all = trace.reasons();
    let index: FxHashMap<&str, usize> =
        all.keys().enumerate().map(|(i, path)| (path.as_str(), i)).collect();
    let depth = distances(trace, &index);
    all.iter()
        .map(|(path, reason)| {
            let mut parents: Vec<String> =
                if reason.ignored() { Vec::new() } else { reason.parents().to_vec() };
            // Parents are sorted by name already: a stable sort keeps that order
            // among parents at the same distance.
            parents.sort_by_key(|p| index.get(p.as_str()).map_or(u32::MAX, |&i| depth[i]));
            NativeReason {
                path: path.clone(),
                types: reason.types().iter().map(|t| t.as_str().to_owned()).collect(),
                ignored: reason.ignored(),
                parents,
            }
        })
        .collect()
}

/// Each path's distance from the nearest entry along parent edges
/// (`u32::MAX` for a path no entry reaches).
fn distances(trace: &Trace, index: &FxHashMap<&str, usize>) -> Vec<u32> {
    let all = trace.reasons();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); all.len()];
    let mut depth = vec![u32::MAX; all.len()];
    let mut frontier = Vec::new();
    for (i, reason) in all.values().enumerate() {
        if reason.types().contains(&ReasonType::Initial) {
            depth[i] = 0;
            frontier.push(i);
        }
        for parent in reason.parents() {
            if let Some(&p) = index.get(parent.as_str()) {
                children[p].push(i);
            }
        }
    }
    let mut level = 0;
    while !frontier.is_empty() {
        level += 1;
        let mut next = Vec::new();
        for &node in &frontier {
            for &child in &children[node] {
                if depth[child] == u32::MAX {
                    depth[child] = level;
                    next.push(child);
                }
            }
        }
        frontier = next;
    }
    depth
}
