//! The text pass of the skim: a tokenizer just good enough to follow strings,
//! templates, regular expressions, comments and brackets, that tracks function
//! bodies, their scopes' declarations and assignments, and the words they mention.
//! Where it cannot follow the text it gives up (`None`), and the file is parsed
//! whole; where it misreads, the parse of the skimmed text disagrees and the walk
//! finds a left-out range that is not a function body (see `Scanner::skim_held`).

use super::{Body, MIN_BODY, is_trigger, to_u32, word_hash};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tok {
    /// Start of input, or a punctuator after which `/` starts a regex.
    Punct,
    /// An identifier (not a keyword that precedes an expression).
    Word,
    /// A keyword after which `/` starts a regex (`return`, `typeof`, ...).
    OpWord,
    /// A name just declared (`var x`): its `=` is an initializer.
    Declared,
    /// A number, string, template or regex.
    Value,
    /// `)`, `]` (word `)`, `]` for an array or pattern, `]m` for a member access).
    Close,
    /// `}`.
    CloseBrace,
    /// `=>`.
    Arrow,
    /// `.` or `?.`.
    Dot,
    /// `,`.
    Comma,
    /// `*`.
    Star,
}

/// An open bracket. `pattern`: it opens a declaration's destructuring pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Open {
    Paren,
    /// `member`: a member access (`a[..]`), not an array.
    Bracket {
        member: bool,
        pattern: bool,
    },
    /// A `{`: its scope is the top of `scopes`.
    Brace {
        pattern: bool,
    },
    /// `${` inside a template.
    TemplateExpr,
}

pub(super) struct Scope<'a> {
    is_function: bool,
    /// Names declared in this scope.
    names: Vec<&'a [u8]>,
    /// Assignments not yet placed (from this scope or inner ones).
    pending: Vec<&'a [u8]>,
}

pub(super) struct FnFrame {
    /// Index of its body's scope.
    scope: usize,
    lo: usize,
    words_start: usize,
    cands_start: usize,
    /// Mentions a trigger (itself or nested functions).
    trigger: bool,
    /// An assignment leaves it.
    leaky: bool,
    /// It cannot be parsed alone (async, generator, `super`, `new.target`), or
    /// it spans text another pass reads (`skip_hole`): it stays.
    own_bad: bool,
}

/// The most recently closed parenthesis group.
#[derive(Default)]
pub(super) struct ParenGroup<'a> {
    pub(super) kind: GroupKind,
    pub(super) in_table: bool,
    /// `async` or `*` in the header.
    pub(super) special: bool,
    /// The function's own name (`function name(`), visible in its body.
    pub(super) name: &'a [u8],
    pub(super) params: Vec<&'a [u8]>,
    /// `name = ...` at parameter positions: defaults if this is a parameter list,
    /// assignments otherwise.
    pub(super) assigns: Vec<&'a [u8]>,
}

pub(super) struct ParenFrame<'a> {
    kind: GroupKind,
    /// Whether the function this group may head is a value in an object or
    /// array literal, or in parentheses (a bundle's module function).
    in_table: bool,
    special: bool,
    name: &'a [u8],
    params_start: usize,
    assigns_start: usize,
}

/// What a `{` right after a group's `)` opens.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum GroupKind {
    /// `function (..)`, `function name(..)`, `name(..)` (a method), `[key](..)`.
    #[default]
    Header,
    /// `switch (..)`, `catch (..)`, a call's arguments: a block.
    Control,
    /// `if (..)`, `for (..)`, `while (..)`, `with (..)`: a statement follows, so a
    /// `/` right after the `)` starts a regular expression
    /// (`for (const p of ps) /[/\\]x/.test(p)`).
    Statement,
}

#[derive(Clone, Copy)]
pub(super) struct Decl {
    pub(super) depth: usize,
    pub(super) var: bool,
    pub(super) expect_name: bool,
}

#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags of a tokenizer's state, each read in one place"
)]
pub(super) struct Pass<'a> {
    pub(super) src: &'a [u8],
    pub(super) i: usize,
    /// Where the pass stops: the end of the file, or of its piece.
    pub(super) end: usize,
    /// A range of whole statements another pass reads (`MAX..MAX` if none): the
    /// pass must reach its start between two tokens, and goes on at its end.
    pub(super) hole: (usize, usize),
    pub(super) prev: Tok,
    pub(super) prev_word: &'a [u8],
    /// The token before `prev`.
    pub(super) prev2: Tok,
    pub(super) prev2_word: &'a [u8],
    pub(super) opens: Vec<Open>,
    pub(super) scopes: Vec<Scope<'a>>,
    pub(super) fns: Vec<FnFrame>,
    pub(super) parens: Vec<ParenFrame<'a>>,
    pub(super) param_buf: Vec<&'a [u8]>,
    pub(super) assign_buf: Vec<&'a [u8]>,
    pub(super) last_group: ParenGroup<'a>,
    /// `last_group.assigns` wait for the token after `)`.
    pub(super) group_pending: bool,
    pub(super) decl: Option<Decl>,
    pub(super) in_pattern: usize,
    pub(super) words: Vec<u64>,
    /// Candidate bodies: (lo, hi, words start, words end).
    pub(super) cands: Vec<(usize, usize, usize, usize)>,
    pub(super) out: Vec<Body>,
    pub(super) out_words: Vec<u64>,
    /// The token before `prev2`.
    pub(super) prev3: Tok,
    pub(super) prev3_word: &'a [u8],
    /// `new.` was just read (`new.target`).
    pub(super) new_dot: bool,
    /// `function`/`class` at a statement's start: the next name is declared.
    pub(super) decl_name_next: bool,
    /// The file is a bundle: module functions stay (see `TABLE_MARKS`).
    pub(super) tables: bool,
    /// The depth at which a `class` waits for its body's `{`.
    pub(super) class_at: Option<usize>,
}

pub(super) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80 || b == b'\\' || b == b'#'
}

pub(super) fn is_ident_part(b: u8) -> bool {
    IDENT_PART[usize::from(b)]
}

/// [`is_ident_part`] by byte: one load where the test was five comparisons
/// (identifiers are a third of the bytes the pass reads).
static IDENT_PART: [bool; 256] = {
    let mut table = [false; 256];
    let mut c: u8 = 0;
    loop {
        table[c as usize] =
            c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 || c == b'\\';
        if c == u8::MAX {
            break table;
        }
        c += 1;
    }
};

/// Whether the text after a function's `}` calls it in place: `})(`, `}(`,
/// `}).call(`, `}).apply(` (blanks between). The walk binds such a function's
/// parameters and would parse its body back whole; kept, only its inner
/// functions are left out.
fn called_in_place(after: &[u8]) -> bool {
    let next = after.trim_ascii_start();
    next.starts_with(b"(")
        || next.strip_prefix(b")").map(<[u8]>::trim_ascii_start).is_some_and(|next| {
            next.starts_with(b"(") || next.starts_with(b".call(") || next.starts_with(b".apply(")
        })
}

/// Keywords after which `/` starts a regular expression.
fn regex_after(word: &[u8]) -> bool {
    matches!(
        word,
        b"return"
            | b"typeof"
            | b"instanceof"
            | b"in"
            | b"of"
            | b"new"
            | b"delete"
            | b"void"
            | b"throw"
            | b"case"
            | b"do"
            | b"else"
            | b"yield"
            | b"await"
    )
}

/// Words before `(` that make the `{` after `)` a block, not a method body.
fn is_control(word: &[u8]) -> bool {
    matches!(word, b"if" | b"for" | b"while" | b"switch" | b"catch" | b"with")
}

fn is_keyword(word: &[u8]) -> bool {
    regex_after(word)
        || is_control(word)
        || matches!(
            word,
            b"var"
                | b"let"
                | b"const"
                | b"function"
                | b"class"
                | b"this"
                | b"null"
                | b"true"
                | b"false"
                | b"super"
                | b"break"
                | b"continue"
                | b"debugger"
                | b"default"
                | b"export"
                | b"extends"
                | b"finally"
                | b"try"
                | b"async"
                | b"static"
                | b"get"
                | b"set"
        )
}

impl<'a> Pass<'a> {
    pub(super) fn new(src: &'a [u8]) -> Self {
        Self {
            src,
            i: 0,
            end: src.len(),
            hole: (usize::MAX, usize::MAX),
            prev: Tok::Punct,
            prev_word: b"",
            prev2: Tok::Punct,
            prev2_word: b"",
            prev3: Tok::Punct,
            prev3_word: b"",
            opens: Vec::new(),
            scopes: vec![Scope { is_function: true, names: Vec::new(), pending: Vec::new() }],
            fns: Vec::new(),
            parens: Vec::new(),
            param_buf: Vec::new(),
            assign_buf: Vec::new(),
            last_group: ParenGroup::default(),
            group_pending: false,
            decl: None,
            in_pattern: 0,
            words: Vec::new(),
            cands: Vec::new(),
            out: Vec::new(),
            out_words: Vec::new(),
            new_dot: false,
            decl_name_next: false,
            tables: false,
            class_at: None,
        }
    }

    pub(super) fn push_tok(&mut self, tok: Tok, word: &'a [u8]) {
        if self.group_pending && tok != Tok::Arrow {
            self.commit_group_assigns();
        }
        self.prev3 = self.prev2;
        self.prev3_word = self.prev2_word;
        self.prev2 = self.prev;
        self.prev2_word = self.prev_word;
        self.prev = tok;
        self.prev_word = word;
    }

    /// The last group was not a parameter list: its `x = ..` were assignments.
    pub(super) fn commit_group_assigns(&mut self) {
        self.group_pending = false;
        let assigns = std::mem::take(&mut self.last_group.assigns);
        for name in &assigns {
            self.assign(name);
        }
        self.last_group.assigns = assigns;
        self.last_group.assigns.clear();
    }

    pub(super) fn word(&mut self) {
        let src = self.src;
        let start = self.i;
        let mut i = start + 1;
        while i < src.len() && is_ident_part(src[i]) {
            i += 1;
        }
        self.i = i;
        let word = &src[start..i];
        if self.prev == Tok::Dot {
            if self.new_dot && word == b"target" {
                self.own_bad();
            }
            self.new_dot = false;
            self.push_tok(Tok::Word, word);
            return;
        }
        if is_trigger(word) {
            self.trigger();
        }
        if !self.fns.is_empty() {
            self.words.push(word_hash(word));
        }
        if word == b"super" {
            self.own_bad();
        }
        if matches!(word, b"var" | b"let" | b"const") {
            self.decl =
                Some(Decl { depth: self.opens.len(), var: word == b"var", expect_name: true });
            self.decl_name_next = false;
            self.push_tok(Tok::OpWord, word);
            return;
        }
        if let Some(d) = &mut self.decl
            && d.expect_name
            && d.depth == self.opens.len()
            && !is_keyword(word)
        {
            d.expect_name = false;
            let var = d.var;
            self.declare(word, var);
            self.push_tok(Tok::Declared, word);
            return;
        }
        if word == b"class" {
            self.class_at = Some(self.opens.len());
        }
        if matches!(word, b"function" | b"class") {
            self.decl_name_next = self.statement_start();
        } else if self.decl_name_next && !is_keyword(word) {
            self.decl_name_next = false;
            self.declare(word, false);
        }
        if self.in_param_position() && !is_keyword(word) {
            self.param_buf.push(word);
        }
        let tok = if regex_after(word) { Tok::OpWord } else { Tok::Word };
        self.push_tok(tok, word);
    }

    /// Right after `(`, `,` or `...` directly inside a parenthesis.
    pub(super) fn in_param_position(&self) -> bool {
        self.opens.last() == Some(&Open::Paren)
            && match self.prev {
                Tok::Comma => true,
                Tok::Punct => matches!(self.prev_word, b"(" | b"..."),
                _ => false,
            }
    }

    /// Whether the next token starts a statement (for `function`/`class` names).
    pub(super) fn statement_start(&self) -> bool {
        match self.prev {
            Tok::CloseBrace => true,
            Tok::Punct => matches!(self.prev_word, b";" | b"{") || self.i <= 9,
            _ => false,
        }
    }

    /// Declares `name`: `var` in the function, the rest in the block (not in a
    /// `for (let ..)` head, which the pass does not place).
    pub(super) fn declare(&mut self, name: &'a [u8], var: bool) {
        if var {
            if let Some(scope) = self.scopes.iter_mut().rev().find(|s| s.is_function) {
                scope.names.push(name);
            }
        } else if self.opens.last() != Some(&Open::Paren)
            && let Some(scope) = self.scopes.last_mut()
        {
            scope.names.push(name);
        }
    }

    pub(super) fn assign(&mut self, name: &'a [u8]) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.pending.push(name);
        }
    }

    /// A plain `=`: binds the name before it, unless it is a member, a declared
    /// name's initializer or a default inside a declaration's pattern.
    pub(super) fn assignment_sign(&mut self) {
        if self.in_pattern > 0 {
            return;
        }
        match self.prev {
            Tok::Word if self.prev2 != Tok::Dot && !is_keyword(self.prev_word) => {
                let name = self.prev_word;
                let at_param = self.opens.last() == Some(&Open::Paren)
                    && match self.prev2 {
                        Tok::Comma => true,
                        Tok::Punct => matches!(self.prev2_word, b"(" | b"..."),
                        _ => false,
                    };
                if at_param {
                    self.assign_buf.push(name);
                } else {
                    self.assign(name);
                }
            }
            Tok::Close if self.prev_word == b"]m" => {}
            Tok::Close | Tok::CloseBrace => {
                // A destructuring assignment (or `(x) = ..`): its names are unknown.
                for f in &mut self.fns {
                    f.leaky = true;
                }
            }
            _ => {}
        }
    }

    /// `{` or `[` where a declaration expects its name: a destructuring pattern.
    pub(super) fn pattern_start(&mut self) -> bool {
        match &mut self.decl {
            Some(d) if d.expect_name && d.depth == self.opens.len() => {
                d.expect_name = false;
                self.in_pattern += 1;
                true
            }
            _ => false,
        }
    }

    /// Closing a bracket ends a declaration opened inside it.
    pub(super) fn end_decl_below(&mut self) {
        if self.decl.is_some_and(|d| d.depth > self.opens.len()) {
            self.decl = None;
        }
    }

    pub(super) fn trigger(&mut self) {
        if let Some(f) = self.fns.last_mut() {
            f.trigger = true;
        }
    }

    pub(super) fn own_bad(&mut self) {
        if let Some(f) = self.fns.last_mut() {
            f.own_bad = true;
        }
    }

    pub(super) fn open_paren(&mut self) {
        // `a.b(..)` is a call (a block may follow it after a line break).
        let kind = if (self.prev == Tok::Word
            && self.prev2 != Tok::Dot
            && matches!(self.prev_word, b"if" | b"for" | b"while" | b"with"))
            || (self.prev_word == b"await" && self.prev2_word == b"for")
        {
            GroupKind::Statement
        } else if self.prev == Tok::Word && is_control(self.prev_word)
            || self.prev == Tok::OpWord
            || self.prev == Tok::Word && self.prev2 == Tok::Dot
        {
            GroupKind::Control
        } else {
            GroupKind::Header
        };
        // The token before the function: before `function`, before
        // `function name`, or before an arrow's parameters.
        let before = if self.prev_word == b"function" {
            (self.prev2, self.prev2_word)
        } else if self.prev == Tok::Word && self.prev2_word == b"function" {
            (self.prev3, self.prev3_word)
        } else {
            (self.prev, self.prev_word)
        };
        let in_table = self.tables
            && match before.0 {
                Tok::Comma => true,
                Tok::Punct => matches!(before.1, b":" | b"[" | b"(" | b"{"),
                _ => false,
            };
        let header = [
            (self.prev, self.prev_word),
            (self.prev2, self.prev2_word),
            (self.prev3, self.prev3_word),
        ];
        let special = header.iter().any(|&(t, w)| t == Tok::Star || w == b"async");
        let name = if self.prev == Tok::Word
            && (self.prev2_word == b"function" || self.prev2 == Tok::Star)
        {
            self.prev_word
        } else {
            b""
        };
        self.opens.push(Open::Paren);
        self.parens.push(ParenFrame {
            kind,
            in_table,
            special,
            name,
            params_start: self.param_buf.len(),
            assigns_start: self.assign_buf.len(),
        });
        self.push_tok(Tok::Punct, b"(");
    }

    pub(super) fn close_paren(&mut self) -> Option<()> {
        if self.opens.pop()? != Open::Paren {
            return None;
        }
        let frame = self.parens.pop()?;
        self.end_decl_below();
        self.push_tok(Tok::Close, b")");
        let group = &mut self.last_group;
        group.kind = frame.kind;
        group.in_table = frame.in_table;
        group.special = frame.special;
        group.name = frame.name;
        group.params.clear();
        group.params.extend(self.param_buf.drain(frame.params_start..));
        group.assigns.clear();
        group.assigns.extend(self.assign_buf.drain(frame.assigns_start..));
        self.group_pending = !group.assigns.is_empty();
        Some(())
    }

    pub(super) fn open_brace(&mut self) {
        let lo = self.i - 1;
        let function = match self.prev {
            Tok::Arrow => {
                let params: Vec<&'a [u8]> = match self.prev2 {
                    Tok::Close if self.prev2_word == b")" => self.last_group.params.clone(),
                    Tok::Word => vec![self.prev2_word],
                    _ => Vec::new(),
                };
                let special = (self.prev2 == Tok::Close
                    && (self.last_group.special || self.last_group.in_table))
                    || self.prev3_word == b"async"
                    || (self.tables && self.prev2 == Tok::Word && matches!(self.prev3, Tok::Comma));
                Some((params, special, &b""[..]))
            }
            Tok::Close
                if self.prev_word == b")"
                    && self.last_group.kind == GroupKind::Header
                    && self.class_at != Some(self.opens.len()) =>
            {
                self.group_pending = false;
                self.last_group.assigns.clear();
                let g = &self.last_group;
                Some((g.params.clone(), g.special || g.in_table, g.name))
            }
            _ => None,
        };
        if self.class_at == Some(self.opens.len()) {
            self.class_at = None; // the class's body
        }
        let pattern = function.is_none() && self.pattern_start();
        self.opens.push(Open::Brace { pattern });
        match function {
            Some((mut names, special, name)) => {
                if !name.is_empty() {
                    names.push(name);
                }
                self.scopes.push(Scope { is_function: true, names, pending: Vec::new() });
                self.fns.push(FnFrame {
                    scope: self.scopes.len() - 1,
                    lo,
                    words_start: self.words.len(),
                    cands_start: self.cands.len(),
                    trigger: false,
                    leaky: false,
                    own_bad: special,
                });
            }
            None => self.scopes.push(Scope {
                is_function: false,
                names: Vec::new(),
                pending: Vec::new(),
            }),
        }
        self.push_tok(Tok::Punct, b"{");
    }

    pub(super) fn close_brace(&mut self) -> Option<()> {
        let pattern = match self.opens.pop()? {
            Open::TemplateExpr => return self.template(),
            Open::Brace { pattern } => pattern,
            Open::Paren | Open::Bracket { .. } => return None,
        };
        self.end_decl_below();
        if pattern {
            self.in_pattern -= 1;
        }
        let scope = self.scopes.pop()?;
        let mut escaped = false;
        for name in scope.pending {
            if !scope.names.contains(&name) {
                escaped = true;
                self.scopes.last_mut()?.pending.push(name);
            }
        }
        if self.fns.last().is_some_and(|f| f.scope == self.scopes.len()) {
            let f = self.fns.pop()?;
            let hi = self.i;
            if f.trigger
                && let Some(parent) = self.fns.last_mut()
            {
                parent.trigger = true;
            }
            if !f.trigger
                && !f.leaky
                && !escaped
                && !f.own_bad
                && hi - f.lo >= MIN_BODY
                && !called_in_place(&self.src[hi..])
            {
                self.cands.truncate(f.cands_start);
                self.cands.push((f.lo, hi, f.words_start, self.words.len()));
            }
            if self.fns.is_empty() {
                self.finish();
            }
        }
        self.push_tok(if pattern { Tok::Declared } else { Tok::CloseBrace }, b"}");
        Some(())
    }

    /// At the start of the hole (never inside a token that crosses it): the
    /// functions open around it span text this pass does not read, so they stay;
    /// the pass goes on after it as after a statement.
    pub(super) fn skip_hole(&mut self) -> Option<()> {
        if self.i != self.hole.0 {
            return None;
        }
        for f in &mut self.fns {
            f.own_bad = true;
        }
        self.i = self.hole.1;
        self.hole = (usize::MAX, usize::MAX);
        self.push_tok(Tok::Punct, b";");
        Some(())
    }

    /// The outermost function closed: its candidates are final.
    pub(super) fn finish(&mut self) {
        for (lo, hi, a, b) in self.cands.drain(..) {
            // Repeats next to each other are dropped; the rest is checked as is
            // (sorting cost more than the checks it saves).
            let start = self.out_words.len();
            let mut last = None;
            for &w in &self.words[a..b] {
                if last != Some(w) {
                    self.out_words.push(w);
                    last = Some(w);
                }
            }
            self.out.push(Body {
                lo: to_u32(lo),
                hi: to_u32(hi),
                part: 0,
                words: (to_u32(start), to_u32(self.out_words.len())),
            });
        }
        self.words.clear();
    }
}
