//! The walk's state, and the only code that touches it: the facts found so far
//! (dependencies, references, whether inside a `try`), the scopes and their
//! bindings, the wrappers found before the walk, and the evaluator's core:
//! `settle` and `emit_value` turn the path expressions nothing consumes into
//! [`Reference`]s, `bind_pattern` binds what `const x = v` and `const { a } = v`
//! declare. The walk itself (`VisitMut`) is in `visit.rs`; the forms it
//! recognises call the methods here.

use std::collections::BTreeSet;

use swc_atoms::Atom;
use swc_ecma_ast::{Expr, ModuleItem, ObjectPatProp, Pat, Program, Stmt, VarDeclKind};
use swc_ecma_visit::VisitMutWith;

use super::PathPattern;
use super::bindings::{self, Bindings};
use super::expr::Eval;
use super::wrappers::Wrappers;
use super::{AnalyzeOptions, Dep, DepKind, NativeRef, Reference};
use crate::eval::{Value, WellKnown, ops};

/// Deeply nested code grows the stack on the heap instead of overflowing it.
pub(super) const STACK_RED_ZONE: usize = 128 * 1024;
pub(super) const STACK_GROWTH: usize = 2 * 1024 * 1024;

/// Walks one program and collects its facts.
pub(crate) struct Scanner<'a> {
    is_esm: bool,
    options: &'a AnalyzeOptions,
    /// The file's own path and directory, `/`-separated and absolute.
    file: String,
    dir: String,
    bindings: Bindings,
    deps: BTreeSet<Dep>,
    references: BTreeSet<Reference>,
    /// `app.engine(...)` was seen: express view engines are the app's own.
    express_engines_defined: bool,
    /// How many `try` blocks (or `require.resolve` probes) enclose the walk: a
    /// specifier found there is optional (Node tolerates its absence).
    optional_depth: u32,
    /// Bundler and module-system wrappers found before the walk.
    wrappers: Wrappers,
    /// The arguments of a function called where it is written
    /// (`(function (__dirname) {..}).call(this, dir)`), by the function's start:
    /// its parameters are bound to the known ones.
    iife_args: Option<(swc_common::BytePos, Vec<Option<Value>>)>,
    /// The function bodies left out of the parse, if the file was skimmed.
    skimmed: Option<Skimmed<'a>>,
}

/// The statements of the function body `text` (its braces included) found at byte
/// `lo` of the file, parsed alone: as a block, or, for the bodies of `async`
/// functions and generators (whose `await` and `yield` read differently), as the
/// body of an `async function*`.
fn parse_body(text: &str, lo: usize, syntax: swc_ecma_parser::Syntax) -> Option<Vec<Stmt>> {
    const PREFIX: &str = "(async function*()";
    if let Some(Stmt::Block(block)) = super::split::parse_script_at(text, lo, syntax, None)
        .and_then(|s| <[Stmt; 1]>::try_from(s.body).ok())
        .map(|[stmt]| stmt)
    {
        return Some(block.stmts);
    }
    let start = lo.checked_sub(PREFIX.len())?;
    let wrapped = format!("{PREFIX}{text})");
    let script = super::split::parse_script_at(&wrapped, start, syntax, None)?;
    let [Stmt::Expr(stmt)] = <[Stmt; 1]>::try_from(script.body).ok()? else { return None };
    let Expr::Paren(paren) = *stmt.expr else { return None };
    let Expr::Fn(f) = *paren.expr else { return None };
    f.function.body.map(|b| b.stmts)
}

/// What the walk needs to bring back a body the skim left out (`skim.rs`).
pub(crate) struct Skimmed<'a> {
    pub(crate) skim: super::skim::Skim,
    /// The file's text (without its byte order mark) and how it was parsed.
    pub(crate) source: &'a str,
    pub(crate) syntax: swc_ecma_parser::Syntax,
    /// The bodies the walk met, by index.
    met: Vec<bool>,
    /// Something the skim cannot stand behind was found: the file must be parsed
    /// whole.
    failed: bool,
}

impl<'a> Skimmed<'a> {
    pub(crate) fn new(
        skim: super::skim::Skim,
        source: &'a str,
        syntax: swc_ecma_parser::Syntax,
    ) -> Self {
        let met = vec![false; skim.len()];
        Self { skim, source, syntax, met, failed: false }
    }
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(file: &str, is_esm: bool, options: &'a AnalyzeOptions) -> Self {
        let dir = crate::eval::well_known::dirname(file);
        let mut bindings = Bindings::default();
        bindings.set("__dirname", Value::str(dir.as_str()));
        bindings.set("__filename", Value::str(file));
        bindings.set("process", Value::WellKnown(WellKnown::Process));
        if !is_esm || options.mixed_modules {
            bindings.set("require", Value::WellKnown(WellKnown::Require));
        }
        Self {
            is_esm,
            options,
            file: file.to_owned(),
            dir,
            bindings,
            deps: BTreeSet::new(),
            references: BTreeSet::new(),
            express_engines_defined: false,
            optional_depth: 0,
            wrappers: Wrappers::default(),
            iife_args: None,
            skimmed: None,
        }
    }

    /// The walk is of a skimmed tree: bodies left out are brought back as needed.
    pub(crate) fn with_skim(mut self, skimmed: Option<Skimmed<'a>>) -> Self {
        self.skimmed = skimmed;
        self
    }

    /// Whether the facts of a skimmed walk stand: every left-out body was met as
    /// a function body, and each one needed came back.
    pub(crate) fn skim_held(&self) -> bool {
        self.skimmed.as_ref().is_none_or(|s| !s.failed && s.met.iter().all(|&m| m))
    }

    /// A function body the skim left out (empty in the tree) is parsed from the
    /// file's text if the walk may find something in it: it names a binding whose
    /// value may matter, or the walk binds its function's parameters (wrappers,
    /// functions called in place). `start` is the function's.
    pub(super) fn unskim(
        &mut self,
        start: swc_common::BytePos,
        body: &mut swc_ecma_ast::FunctionBody,
    ) {
        let Some(skimmed) = &self.skimmed else { return };
        let lo = body.span.lo.0.saturating_sub(1) as usize;
        let hi = body.span.hi.0.saturating_sub(1) as usize;
        let Some(i) = skimmed.skim.body_at(lo, hi) else { return };
        if skimmed.met[i] {
            return;
        }
        let binds_params = self.iife_args.as_ref().is_some_and(|(at, _)| *at == start)
            || self.wrappers.binds_params_of(start);
        let needed =
            binds_params || skimmed.skim.words(i).iter().any(|&w| self.bindings.matters_now(w));
        let Some(skimmed) = &mut self.skimmed else { return };
        skimmed.met[i] = true;
        if !needed {
            return;
        }
        // Parsed deep inside the walk: the stack it needs is made room for first.
        let parsed = skimmed.source.get(lo..hi).and_then(|text| {
            let nesting = super::nesting_estimate(text);
            let need = nesting.reserve() + STACK_RED_ZONE;
            match nesting.too_deep() {
                Some(_) => None,
                None => stacker::maybe_grow(need, need + STACK_GROWTH, || {
                    parse_body(text, lo, skimmed.syntax)
                }),
            }
        });
        match parsed {
            Some(stmts) => body.stmts = stmts,
            None => skimmed.failed = true,
        }
    }

    /// Walks `program` and collects its facts. Statements are freed as they are
    /// walked (see `visit_mut_stmts`): the program is left without a body.
    pub(crate) fn scan(&mut self, program: &mut Program) {
        let mut declared = Vec::new();
        match program {
            Program::Module(m) => bindings::program_names(&m.body, &mut declared),
            Program::Script(s) => bindings::script_names(&s.body, &mut declared),
        }
        self.wrappers = Wrappers::detect(program);
        for external in std::mem::take(&mut self.wrappers.externals) {
            self.add_dep(DepKind::Require, external);
        }
        self.bindings.enter(&declared);
        match program {
            Program::Module(m) => {
                let stmts: Vec<&Stmt> = m
                    .body
                    .iter()
                    .filter_map(|item| match item {
                        ModuleItem::Stmt(s) => Some(s),
                        ModuleItem::ModuleDecl(_) => None,
                    })
                    .collect();
                self.prebind_modules(stmts);
            }
            Program::Script(s) => self.prebind_modules(&s.body),
        }
        if !self.wrappers.webpack_modules.is_empty() {
            // webpack 5 and ncc declare the bundle's require at the top level.
            let table = Value::WellKnown(WellKnown::WebpackRequire(std::rc::Rc::clone(
                &self.wrappers.webpack_builtins,
            )));
            for name in ["__webpack_require__", "__nccwpck_require__"] {
                if declared.iter().any(|d| d == name) {
                    self.bindings.set(name, table.clone());
                }
            }
        }
        program.visit_mut_children_with(self);
        self.bindings.leave(&declared);
    }

    /// Parameters of a function, adjusted for wrappers: a UMD/AMD factory's
    /// `require` is Node's, so it does not shadow it.
    pub(super) fn wrapper_params(
        &self,
        start: swc_common::BytePos,
        mut params: Vec<Atom>,
    ) -> Vec<Atom> {
        if self.wrappers.passthrough.contains(&start) {
            params.retain(|p| p != "require");
        }
        params
    }

    /// Inside a webpack module function, its third parameter is the bundle's require;
    /// inside a webpack 5 wrapper, the require function it declares.
    pub(super) fn bind_webpack_require(&mut self, start: swc_common::BytePos, params: &[Atom]) {
        if let Some((at, values)) = self.iife_args.take_if(|(at, _)| *at == start) {
            debug_assert_eq!(at, start);
            for (name, value) in params.iter().zip(values) {
                if let Some(value) = value {
                    self.bindings.set(name, value);
                }
            }
        }
        if self.wrappers.browserify_modules.contains(&start)
            && let Some(name) = params.first()
        {
            let table = std::rc::Rc::clone(&self.wrappers.browserify_builtins);
            self.bindings.set(name, Value::WellKnown(WellKnown::BrowserifyRequire(table)));
        }
        let declared: Vec<Atom> = self
            .wrappers
            .webpack_require_in
            .iter()
            .filter(|(at, _)| *at == start)
            .map(|(_, n)| n.clone())
            .collect();
        for name in declared {
            let table = std::rc::Rc::clone(&self.wrappers.webpack_builtins);
            self.bindings.set(&name, Value::WellKnown(WellKnown::WebpackRequire(table)));
        }
        if self.wrappers.webpack_modules.contains(&start)
            && let Some(name) = params.get(2)
        {
            let table = std::rc::Rc::clone(&self.wrappers.webpack_builtins);
            self.bindings.set(name, Value::WellKnown(WellKnown::WebpackRequire(table)));
        }
    }

    /// `var fs = require('fs')` declared after a function that uses `fs` (minified
    /// code puts them anywhere): the names a scope binds to well-known modules are
    /// bound before its statements are walked. Only `var`s, which are hoisted.
    pub(super) fn prebind_modules<'s>(&mut self, stmts: impl IntoIterator<Item = &'s Stmt>) {
        if !self.evaluates() {
            return;
        }
        for stmt in stmts {
            let Stmt::Decl(swc_ecma_ast::Decl::Var(var)) = stmt else { continue };
            if var.kind != VarDeclKind::Var {
                continue;
            }
            for d in &var.decls {
                let (swc_ecma_ast::Pat::Ident(name), Some(init)) = (&d.name, d.init.as_deref())
                else {
                    continue;
                };
                if self.bindings.get(&name.id.sym).is_none()
                    && let Some(module) = self.static_module(init, 0)
                {
                    self.bindings.set(&name.id.sym, module);
                }
            }
        }
    }

    /// `require('fs')` (by a require the walk knows), or a call wrapping one.
    fn static_module(&self, expr: &Expr, depth: u32) -> Option<Value> {
        let Expr::Call(call) = expr else {
            return match expr {
                Expr::Paren(p) if depth < 4 => self.static_module(&p.expr, depth + 1),
                _ => None,
            };
        };
        let swc_ecma_ast::Callee::Expr(callee) = &call.callee else { return None };
        let first = call.args.first()?;
        if let (Expr::Ident(id), Expr::Lit(swc_ecma_ast::Lit::Str(spec))) =
            (callee.as_ref(), first.expr.as_ref())
        {
            let spec = spec.value.as_str()?;
            return match self.bindings.get(&id.sym)? {
                Value::WellKnown(WellKnown::Require | WellKnown::BoundRequire) => {
                    WellKnown::module(spec).map(Value::WellKnown)
                }
                Value::WellKnown(
                    WellKnown::WebpackRequire(table) | WellKnown::BrowserifyRequire(table),
                ) => table.get(spec).cloned(),
                _ => None,
            };
        }
        if depth < 4 && self.sees_through(&call.callee) {
            // An interop helper around it.
            return self.static_module(&first.expr, depth + 1);
        }
        None
    }

    /// Whether the file is inside `node_modules`.
    pub(super) fn in_node_modules(&self) -> bool {
        self.file.contains("/node_modules/")
    }

    /// Whether a call of `callee` around a module is taken to be an interop helper
    /// (the module itself). Outside `node_modules` (the program's own compiled
    /// output) any such call is; inside, only the helpers `@vercel/nft` knows
    /// (tsc's `__importDefault`/`__importStar`, Babel's `_interopRequireDefault`/
    /// `_interopRequireWildcard`), so that packages, and Next.js's own traces, are
    /// traced as nft traces them.
    pub(super) fn sees_through(&self, callee: &swc_ecma_ast::Callee) -> bool {
        if !self.in_node_modules() {
            return true;
        }
        let swc_ecma_ast::Callee::Expr(callee) = callee else { return false };
        let name = match callee.as_ref() {
            Expr::Ident(id) => &id.sym,
            Expr::Member(m) => match &m.prop {
                swc_ecma_ast::MemberProp::Ident(p) => &p.sym,
                _ => return false,
            },
            _ => return false,
        };
        matches!(
            &**name,
            "__importDefault"
                | "__importStar"
                | "_interopRequireDefault"
                | "_interopRequireWildcard"
        )
    }

    pub(super) fn add_dep(&mut self, kind: DepKind, specifier: String) {
        self.deps.insert(Dep { kind, specifier, optional: self.optional_depth > 0 });
    }

    pub(super) fn add_native(&mut self, how: NativeRef) {
        let optional = self.optional_depth > 0;
        self.references.insert(Reference::Native { how, optional });
    }

    pub(super) fn add_reference(&mut self, reference: Reference) {
        self.references.insert(reference);
    }

    /// Runs `f` with what it finds marked optional.
    pub(super) fn optionally<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.optional_depth += 1;
        let value = f(self);
        self.optional_depth -= 1;
        value
    }

    /// The references found.
    pub(crate) fn take_references(&mut self) -> BTreeSet<Reference> {
        std::mem::take(&mut self.references)
    }

    /// The dependencies found, each specifier once: one found both in and out of
    /// a `try` counts as not optional.
    pub(crate) fn take_deps(&mut self) -> BTreeSet<Dep> {
        let deps = std::mem::take(&mut self.deps);
        let required: BTreeSet<(DepKind, &str)> =
            deps.iter().filter(|d| !d.optional).map(|d| (d.kind, d.specifier.as_str())).collect();
        deps.iter()
            .filter(|d| !d.optional || !required.contains(&(d.kind, d.specifier.as_str())))
            .cloned()
            .collect()
    }

    /// Whether static evaluation of bindings is on (`evaluatePureExpressions`).
    pub(super) fn evaluates(&self) -> bool {
        self.options.analysis.evaluate_pure_expressions
    }

    /// Whether path expressions become file references (`computeFileReferences`).
    pub(super) fn computes_references(&self) -> bool {
        self.options.analysis.compute_file_references
    }

    /// Whether computed specifiers become globs (`emitGlobs`).
    pub(super) fn emits_globs(&self) -> bool {
        self.options.analysis.emit_globs
    }

    /// What `process.cwd()` returns.
    pub(super) fn cwd(&self) -> &str {
        &self.options.cwd
    }

    /// The file's own path, `/`-separated and absolute.
    pub(super) fn file(&self) -> &str {
        &self.file
    }

    /// The file's directory, `/`-separated and absolute.
    pub(super) fn dir(&self) -> &str {
        &self.dir
    }

    /// Whether `require` calls are followed here: in `CommonJS`, or in an ES
    /// module with mixed modules on.
    pub(super) fn follows_require(&self) -> bool {
        !self.is_esm || self.options.mixed_modules
    }

    /// The value `name` is bound to in the innermost scope that declares it.
    pub(super) fn binding(&self, name: &str) -> Option<&Value> {
        self.bindings.get(name)
    }

    /// Whether a scope declares `name` (bound to a known value or not).
    pub(super) fn is_declared(&self, name: &str) -> bool {
        self.bindings.contains(name)
    }

    pub(super) fn bind(&mut self, name: &str, value: Value) {
        self.bindings.set(name, value);
    }

    /// `app.engine(...)` was seen: express view engines are the app's own.
    pub(super) fn express_engines_defined(&self) -> bool {
        self.express_engines_defined
    }

    pub(super) fn define_express_engines(&mut self) {
        self.express_engines_defined = true;
    }

    /// Runs `f` with `values` as the arguments of the function expression
    /// starting at `start`, called where it is written.
    pub(super) fn with_iife_args<T>(
        &mut self,
        start: swc_common::BytePos,
        values: Vec<Option<Value>>,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let previous = self.iife_args.replace((start, values));
        let result = f(self);
        self.iife_args = previous;
        result
    }

    pub(super) fn with_scope(&mut self, declared: &[Atom], f: impl FnOnce(&mut Self)) {
        self.bindings.enter(declared);
        f(self);
        self.bindings.leave(declared);
    }

    /// Enters a function's scope (`declared`, from [`function_names`]) for `f`.
    pub(super) fn function_scope(&mut self, declared: &[Atom], f: impl FnOnce(&mut Self)) {
        self.with_scope(declared, |s| stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || f(s)));
    }

    /// Emits every absolute path `value` names (each alternative, each array item).
    pub(super) fn emit_value(&mut self, value: &Value) {
        if !self.computes_references() {
            return;
        }
        for v in value.each() {
            if let Value::Array(items) = v {
                for item in items.iter() {
                    if let Some(path) = ops::absolute_path(item) {
                        self.references.insert(Reference::Asset(PathPattern::new(&path)));
                    }
                }
            } else if let Some(path) = ops::absolute_path(v) {
                self.references.insert(Reference::Asset(PathPattern::new(&path)));
            } else if let Value::Resolved { specifier, tail } = v
                && !tail.is_empty()
            {
                self.references.insert(Reference::ResolvedAsset {
                    specifier: specifier.to_string(),
                    tail: tail.to_string(),
                });
            }
        }
    }

    /// A finished evaluation nothing above consumes: a path expression is emitted.
    #[expect(clippy::needless_pass_by_value, reason = "settling consumes the result by design")]
    pub(super) fn settle(&mut self, result: Eval) {
        if result.trigger
            && let Some(value) = &result.value
            && value.is_data()
        {
            self.emit_value(value);
        }
    }

    /// `const x = value`, `const { a, b: c } = value`.
    pub(super) fn bind_pattern(&mut self, pat: &Pat, value: &Value) {
        match pat {
            Pat::Ident(id) => {
                let is_require_name = id.id.sym == "require";
                // `require` may only be rebound to another require (createRequire).
                if !is_require_name
                    || matches!(
                        value,
                        Value::WellKnown(
                            WellKnown::BoundRequire
                                | WellKnown::Require
                                | WellKnown::RequireFrom(_)
                        )
                    )
                {
                    self.bindings.set(&id.id.sym, value.clone());
                }
            }
            Pat::Object(obj) => {
                for prop in &obj.props {
                    match prop {
                        ObjectPatProp::KeyValue(kv) => {
                            let key = match &kv.key {
                                swc_ecma_ast::PropName::Ident(k) => Some(k.sym.to_string()),
                                swc_ecma_ast::PropName::Str(k) => {
                                    k.value.as_str().map(str::to_owned)
                                }
                                _ => None,
                            };
                            if let (Some(key), Pat::Ident(_)) = (key, kv.value.as_ref())
                                && let Some(member) = value.member(&key)
                            {
                                self.bind_pattern(&kv.value, &member);
                            }
                        }
                        ObjectPatProp::Assign(a) if a.value.is_none() => {
                            if let Some(member) = value.member(&a.key.id.sym) {
                                self.bindings.set(&a.key.id.sym, member);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}
