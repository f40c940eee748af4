//! What identifiers are bound to while the walk goes through a file.
//!
//! Like `@vercel/nft`, entering a scope that declares a known name shadows it (a
//! counter) and leaving the scope un-shadows it; unlike nft's flat table, a binding
//! made inside a scope is stacked on the outer one and dropped when the scope
//! ends, so the outer binding comes back (webpack module functions rebind the
//! bundle's `r`). This covers `function f(require) {..}`, `const path =
//! require('path')`, and ESM's `const __dirname = dirname(fileURLToPath(..))`.

use rustc_hash::FxHashMap;
use swc_atoms::Atom;
use swc_ecma_ast::{
    ClassDecl, Decl, ForHead, ModuleDecl, ModuleItem, ObjectPatProp, Pat, Stmt, VarDecl,
    VarDeclKind, VarDeclOrExpr,
};

use crate::eval::Value;

struct Binding {
    value: Value,
    shadow: u32,
    /// The scope depth the binding was made at.
    depth: u32,
}

/// Bindings by name: a stack per name, so that a binding made inside a scope
/// (a parameter the walk knows, `const path = ...` in a function) gives way to the
/// outer one again when the scope ends.
#[derive(Default)]
pub(crate) struct Bindings {
    map: FxHashMap<Box<str>, Vec<Binding>>,
    depth: u32,
    /// Hashes (`skim::word_hash`) of the names ever bound to a value that may
    /// matter (see [`may_matter`]): a skipped function body naming none of them
    /// cannot change the facts.
    mattered: rustc_hash::FxHashSet<u64>,
    /// The same as a 4096-bit filter: most words of a skipped body miss it.
    mattered_bits: [u128; 32],
}

impl Bindings {
    /// The value of `name`, when it is bound and not shadowed.
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.map
            .get(name)
            .and_then(|stack| stack.last())
            .filter(|b| b.shadow == 0)
            .map(|b| &b.value)
    }

    pub(crate) fn set(&mut self, name: &str, value: Value) {
        if may_matter(&value) {
            let hash = super::skim::word_hash(name.as_bytes());
            self.mattered_bits[(hash >> 7) as usize & 31] |= 1 << (hash & 127);
            self.mattered.insert(hash);
        }
        let depth = self.depth;
        let stack = self.map.entry(name.into()).or_default();
        match stack.last_mut() {
            Some(top) if top.depth == depth => {
                top.value = value;
                top.shadow = 0;
            }
            _ => stack.push(Binding { value, shadow: 0, depth }),
        }
    }

    /// Whether a name with this hash was ever bound to a value that may matter.
    pub(crate) fn ever_mattered(&self, hash: u64) -> bool {
        self.mattered_bits[(hash >> 7) as usize & 31] & (1 << (hash & 127)) != 0
            && self.mattered.contains(&hash)
    }

    /// Whether `name` is bound at all (even shadowed).
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Enters a scope declaring `declared`: outer bindings of those names are shadowed.
    pub(crate) fn enter(&mut self, declared: &[Atom]) {
        self.depth += 1;
        for name in declared {
            if let Some(top) = self.map.get_mut(&**name).and_then(|s| s.last_mut()) {
                top.shadow += 1;
            }
        }
    }

    /// Leaves the scope entered with the same `declared`: bindings made in it go,
    /// the outer ones come back.
    pub(crate) fn leave(&mut self, declared: &[Atom]) {
        let depth = self.depth;
        for name in declared {
            let Some(stack) = self.map.get_mut(&**name) else { continue };
            if stack.last().is_some_and(|top| top.depth == depth && top.shadow == 0) {
                stack.pop();
            }
            if let Some(top) = stack.last_mut() {
                if top.shadow > 0 {
                    top.shadow -= 1;
                } else if top.depth >= depth {
                    stack.pop();
                }
            }
            if stack.is_empty() {
                self.map.remove(&**name);
            }
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

/// Whether code that mentions a name bound to `value`, and no trigger, could make
/// a fact: modules and functions, absolute paths, `URL`s, and what holds them.
/// Numbers and relative strings only matter next to one of those, or a trigger.
fn may_matter(value: &Value) -> bool {
    match value {
        Value::Num(_) | Value::Bool(_) | Value::Null | Value::Undefined => false,
        Value::Str(s) => s.starts_with('/'),
        Value::Array(items) | Value::Alternatives(items) => items.iter().any(may_matter),
        Value::Object { props, open } => *open || props.values().any(may_matter),
        Value::Url(_) | Value::WellKnown(_) | Value::Resolved { .. } => true,
    }
}

/// Names bound by a pattern.
pub(crate) fn pat_names(pat: &Pat, out: &mut Vec<Atom>) {
    match pat {
        Pat::Ident(id) => out.push(id.id.sym.clone()),
        Pat::Array(arr) => arr.elems.iter().flatten().for_each(|p| pat_names(p, out)),
        Pat::Rest(rest) => pat_names(&rest.arg, out),
        Pat::Object(obj) => {
            for prop in &obj.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => pat_names(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(a.key.id.sym.clone()),
                    ObjectPatProp::Rest(r) => pat_names(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => pat_names(&a.left, out),
        Pat::Expr(_) | Pat::Invalid(_) => {}
    }
}

fn var_names(var: &VarDecl, out: &mut Vec<Atom>) {
    for d in &var.decls {
        pat_names(&d.name, out);
    }
}

fn decl_names(decl: &Decl, lexical: bool, out: &mut Vec<Atom>) {
    match decl {
        Decl::Var(var) if lexical == (var.kind != VarDeclKind::Var) => var_names(var, out),
        Decl::Fn(f) if lexical => out.push(f.ident.sym.clone()),
        Decl::Class(ClassDecl { ident, .. }) if lexical => out.push(ident.sym.clone()),
        _ => {}
    }
}

/// `var` declarations hoisted to the enclosing function, not entering nested functions.
pub(crate) fn hoisted_vars<'a>(stmts: impl IntoIterator<Item = &'a Stmt>, out: &mut Vec<Atom>) {
    for stmt in stmts {
        hoisted_in_stmt(stmt, out);
    }
}

fn hoisted_in_stmt(stmt: &Stmt, out: &mut Vec<Atom>) {
    match stmt {
        Stmt::Decl(Decl::Var(var)) if var.kind == VarDeclKind::Var => var_names(var, out),
        Stmt::Block(b) => hoisted_vars(&b.stmts, out),
        Stmt::If(s) => {
            hoisted_in_stmt(&s.cons, out);
            if let Some(alt) = &s.alt {
                hoisted_in_stmt(alt, out);
            }
        }
        Stmt::For(s) => {
            if let Some(VarDeclOrExpr::VarDecl(v)) = &s.init
                && v.kind == VarDeclKind::Var
            {
                var_names(v, out);
            }
            hoisted_in_stmt(&s.body, out);
        }
        Stmt::ForIn(s) => {
            for_head_vars(&s.left, out);
            hoisted_in_stmt(&s.body, out);
        }
        Stmt::ForOf(s) => {
            for_head_vars(&s.left, out);
            hoisted_in_stmt(&s.body, out);
        }
        Stmt::While(s) => hoisted_in_stmt(&s.body, out),
        Stmt::DoWhile(s) => hoisted_in_stmt(&s.body, out),
        Stmt::Labeled(s) => hoisted_in_stmt(&s.body, out),
        Stmt::Try(s) => {
            hoisted_vars(&s.block.stmts, out);
            if let Some(h) = &s.handler {
                hoisted_vars(&h.body.stmts, out);
            }
            if let Some(f) = &s.finalizer {
                hoisted_vars(&f.stmts, out);
            }
        }
        Stmt::Switch(s) => {
            for case in &s.cases {
                hoisted_vars(&case.cons, out);
            }
        }
        _ => {}
    }
}

fn for_head_vars(head: &ForHead, out: &mut Vec<Atom>) {
    if let ForHead::VarDecl(v) = head
        && v.kind == VarDeclKind::Var
    {
        var_names(v, out);
    }
}

/// `let`/`const`/`class`/`function` declared directly in a block.
pub(crate) fn lexical_names<'a>(stmts: impl IntoIterator<Item = &'a Stmt>, out: &mut Vec<Atom>) {
    for stmt in stmts {
        if let Stmt::Decl(decl) = stmt {
            decl_names(decl, true, out);
        }
    }
}

/// Everything a module or script declares at its top level.
pub(crate) fn program_names(items: &[ModuleItem], out: &mut Vec<Atom>) {
    let stmts = items.iter().filter_map(|item| match item {
        ModuleItem::Stmt(s) => Some(s),
        ModuleItem::ModuleDecl(_) => None,
    });
    hoisted_vars(stmts.clone(), out);
    lexical_names(stmts, out);
    for item in items {
        if let ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(e)) = item {
            decl_names(&e.decl, true, out);
            decl_names(&e.decl, false, out);
        }
    }
}

/// Everything a script declares at its top level.
pub(crate) fn script_names(stmts: &[Stmt], out: &mut Vec<Atom>) {
    hoisted_vars(stmts, out);
    lexical_names(stmts, out);
}
