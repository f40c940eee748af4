//! Native addon loaders the evaluator knows: `bindings`, `node-gyp-build` (and its
//! forks), node-pre-gyp's `find`, `nbind` and Node's `process.dlopen`. Their names
//! and members are here; what a call of one records is `analyze/native.rs`.

/// A native addon loader, or one of its functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NativeLoader {
    /// `require('bindings')`: `bindings('name')` loads `name.node` from a build folder.
    Bindings,
    /// `require('node-gyp-build')`: `(dir)` loads the prebuild or build of `dir`.
    NodeGypBuild,
    /// `require('@mapbox/node-pre-gyp')`.
    NodePreGyp,
    /// `binary.find(package_json_path)`.
    NodePreGypFind,
    /// `require('nbind')`.
    Nbind,
    NbindInit,
    /// `process.dlopen(module, filename)`.
    ProcessDlopen,
}

impl NativeLoader {
    /// The loader a module specifier (without `node:`) names.
    pub(crate) fn module(name: &str) -> Option<Self> {
        Some(match name {
            "bindings" => Self::Bindings,
            "node-gyp-build" | "@aminya/node-gyp-build" | "node-gyp-build-optional-packages" => {
                Self::NodeGypBuild
            }
            "@mapbox/node-pre-gyp"
            | "node-pre-gyp"
            | "node-pre-gyp/lib/pre-binding"
            | "node-pre-gyp/lib/pre-binding.js" => Self::NodePreGyp,
            "nbind" => Self::Nbind,
            _ => return None,
        })
    }

    /// Whether this is a module's value (what [`Self::module`] returns).
    pub(crate) fn is_module(self) -> bool {
        matches!(self, Self::Bindings | Self::NodeGypBuild | Self::NodePreGyp | Self::Nbind)
    }

    /// A member other than `default` (which every module has, see
    /// `WellKnown::member`).
    pub(crate) fn member(self, name: &str) -> Option<Self> {
        match (self, name) {
            (Self::NodePreGyp, "find") => Some(Self::NodePreGypFind),
            (Self::Nbind, "init") => Some(Self::NbindInit),
            _ => None,
        }
    }
}
