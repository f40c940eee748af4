//! Libraries that load modules (or read files) by a name given at run time: express
//! view engines, pino and fastify logger transports, `pkginfo`, `strong-globalize`,
//! and the resolver packages (`resolve-from`, `import-from`, `resolve-cwd`,
//! `import-cwd`). Their names and members are here; what a call of one records is
//! `analyze/libraries.rs`. A new library-aware case is a variant here (with its
//! `module` name and members) and its arm in `analyze/libraries.rs`.

/// A library, or one of its functions or objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Library {
    /// `require('express')`, the app it makes, and `app.set` / `app.engine`.
    Express,
    ExpressApp,
    ExpressSet,
    ExpressEngine,
    /// `require('pino')` (callable) and `pino.transport`.
    Pino,
    PinoTransport,
    /// `require('fastify')` (callable, `{ logger: { transport } }`).
    Fastify,
    /// `require('pkginfo')(module)` reads the nearest `package.json`.
    PkgInfo,
    /// `require('strong-globalize')` and its `SetRootDir(dir)` (reads `dir/intl`).
    StrongGlobalize,
    SetRootDir,
    /// `resolve-from` / `import-from` (`(dir, specifier)`; `import` requires it
    /// too) and `resolve-cwd` / `import-cwd` (`(specifier)`, from `process.cwd()`).
    ResolveFrom {
        cwd: bool,
        import: bool,
    },
}

impl Library {
    /// The library a module specifier (without `node:`) names.
    pub(crate) fn module(name: &str) -> Option<Self> {
        Some(match name {
            "express" => Self::Express,
            "pino" => Self::Pino,
            "fastify" => Self::Fastify,
            "pkginfo" => Self::PkgInfo,
            "strong-globalize" => Self::StrongGlobalize,
            "resolve-from" => Self::ResolveFrom { cwd: false, import: false },
            "import-from" => Self::ResolveFrom { cwd: false, import: true },
            "resolve-cwd" => Self::ResolveFrom { cwd: true, import: false },
            "import-cwd" => Self::ResolveFrom { cwd: true, import: true },
            _ => return None,
        })
    }

    /// Whether this is a module's value (what [`Self::module`] returns).
    pub(crate) fn is_module(self) -> bool {
        matches!(
            self,
            Self::Express
                | Self::Pino
                | Self::Fastify
                | Self::PkgInfo
                | Self::StrongGlobalize
                | Self::ResolveFrom { .. }
        )
    }

    /// A member other than `default` (which every module has, see
    /// `WellKnown::member`).
    pub(crate) fn member(self, name: &str) -> Option<Self> {
        match (self, name) {
            (Self::ExpressApp, "set") => Some(Self::ExpressSet),
            (Self::ExpressApp, "engine") => Some(Self::ExpressEngine),
            (Self::Pino, "transport") => Some(Self::PinoTransport),
            (Self::StrongGlobalize, "SetRootDir") => Some(Self::SetRootDir),
            // `.silent(..)` returns `undefined` instead of throwing.
            (Self::ResolveFrom { .. }, "silent") => Some(self),
            _ => None,
        }
    }
}
