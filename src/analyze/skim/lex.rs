//! The tokenizer half of the text pass: whitespace, comments, strings, templates,
//! regular expressions (told from division by the token before), numbers and
//! punctuators; words and brackets go to the scope half (`pass.rs`).

use super::pass::{GroupKind, Open, Pass, Tok, is_ident_part, is_ident_start};

impl Pass<'_> {
    pub(super) fn run(&mut self) -> Option<()> {
        let src = self.src;
        if self.i == 0 && src.starts_with(b"#!") {
            self.i = memchr::memchr(b'\n', src).unwrap_or(src.len());
        }
        while self.i < self.end {
            if self.i >= self.hole.0 {
                self.skip_hole()?;
                continue;
            }
            let b = src[self.i];
            match b {
                b'\n' | b'\r' => {
                    self.i = skip_blanks(src, self.i + 1);
                    self.newline();
                }
                // A run at once: indentation is a large share of some files. A
                // run never passes a cut or the hole, which start with a word.
                b' ' | b'\t' | 0x0b | 0x0c => self.i = skip_blanks(src, self.i + 1),
                b'/' => self.slash()?,
                b'\'' | b'"' => self.string(b)?,
                b'`' => {
                    self.i += 1;
                    if matches!(src.get(self.i), Some(b'/' | b'\\')) {
                        self.trigger();
                    }
                    self.template()?;
                }
                b'0'..=b'9' => self.number(),
                b'.' if src.get(self.i + 1).is_some_and(u8::is_ascii_digit) => self.number(),
                b'.' => {
                    if src[self.i..].starts_with(b"...") {
                        self.i += 3;
                        self.push_tok(Tok::Punct, b"...");
                    } else {
                        self.i += 1;
                        self.new_dot = self.prev_word == b"new";
                        self.push_tok(Tok::Dot, b"");
                    }
                }
                b'?' if src.get(self.i + 1) == Some(&b'.')
                    && !src.get(self.i + 2).is_some_and(u8::is_ascii_digit) =>
                {
                    self.i += 2;
                    self.push_tok(Tok::Dot, b"");
                }
                b'(' => {
                    self.i += 1;
                    self.open_paren();
                }
                b')' => {
                    self.i += 1;
                    self.close_paren()?;
                }
                b'[' => self.open_bracket(),
                b']' => self.close_bracket()?,
                b'{' => {
                    self.i += 1;
                    self.open_brace();
                }
                b'}' => {
                    self.i += 1;
                    self.close_brace()?;
                }
                b'=' => self.equals(),
                b';' => {
                    self.i += 1;
                    if self.decl.is_some_and(|d| d.depth == self.opens.len()) {
                        self.decl = None;
                    }
                    self.push_tok(Tok::Punct, b";");
                }
                b',' => {
                    self.i += 1;
                    if let Some(d) = &mut self.decl
                        && d.depth == self.opens.len()
                    {
                        d.expect_name = true;
                    }
                    self.push_tok(Tok::Comma, b"");
                }
                b'*' => {
                    self.i += 1;
                    if matches!(src.get(self.i), Some(b'=' | b'*')) {
                        self.i += 1;
                        self.push_tok(Tok::Punct, b"");
                    } else {
                        self.push_tok(Tok::Star, b"");
                    }
                }
                b'+' | b'-' if src.get(self.i + 1) == Some(&b) => {
                    // `x++ / 2` divides.
                    self.i += 2;
                    let tok = if matches!(self.prev, Tok::Word | Tok::Close | Tok::Value) {
                        Tok::Value
                    } else {
                        Tok::Punct
                    };
                    self.push_tok(tok, b"");
                }
                b'<' if src[self.i..].starts_with(b"<!--") => return None,
                b':' => {
                    self.i += 1;
                    self.push_tok(Tok::Punct, b":");
                }
                b'+' | b'-' | b'<' | b'>' | b'!' | b'%' | b'&' | b'|' | b'^' | b'~' | b'?'
                | b'@' => {
                    self.i += 1;
                    // Compound operators: their `=` is theirs.
                    while self.i < src.len()
                        && matches!(src[self.i], b'=' | b'<' | b'>' | b'&' | b'|' | b'?')
                        && !src[self.i..].starts_with(b"=>")
                    {
                        self.i += 1;
                    }
                    self.push_tok(Tok::Punct, b"");
                }
                _ if is_ident_start(b) => self.word(),
                _ => return None,
            }
        }
        // A piece ends between two tokens, every bracket it opened closed.
        if self.i != self.end || !self.opens.is_empty() || !self.fns.is_empty() {
            return None;
        }
        Some(())
    }

    pub(super) fn newline(&mut self) {
        if let Some(d) = self.decl
            && d.depth == self.opens.len()
            && self.prev != Tok::Comma
        {
            self.decl = None;
        }
    }

    pub(super) fn slash(&mut self) -> Option<()> {
        let src = self.src;
        match src.get(self.i + 1) {
            Some(b'/') => {
                self.i = memchr::memchr(b'\n', &src[self.i..]).map_or(src.len(), |p| self.i + p);
            }
            Some(b'*') => {
                let rest = &src[self.i + 2..];
                let end = comment_end(rest)?;
                if memchr::memchr2(b'\n', b'\r', &rest[..end]).is_some() {
                    self.newline();
                }
                self.i += 2 + end + 2;
            }
            next => {
                if self.regex_allowed() {
                    self.regex()?;
                    self.push_tok(Tok::Value, b"");
                } else {
                    self.i += if next == Some(&b'=') { 2 } else { 1 };
                    self.push_tok(Tok::Punct, b"");
                }
            }
        }
        Some(())
    }

    pub(super) fn regex_allowed(&self) -> bool {
        match self.prev {
            Tok::Punct | Tok::OpWord | Tok::Arrow | Tok::Comma | Tok::Star | Tok::CloseBrace => {
                true
            }
            // After the head of `if`, `for`, `while`, `with`, a statement starts.
            Tok::Close => self.prev_word == b")" && self.last_group.kind == GroupKind::Statement,
            Tok::Word | Tok::Declared | Tok::Value | Tok::Dot => false,
        }
    }

    pub(super) fn regex(&mut self) -> Option<()> {
        let src = self.src;
        let mut i = self.i + 1;
        let mut class = false;
        loop {
            match *src.get(i)? {
                b'\\' => i += 1,
                b'\n' | b'\r' => return None,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => break,
                _ => {}
            }
            i += 1;
        }
        i += 1;
        while i < src.len() && is_ident_part(src[i]) {
            i += 1;
        }
        self.i = i;
        Some(())
    }

    pub(super) fn string(&mut self, quote: u8) -> Option<()> {
        let src = self.src;
        let mut i = self.i + 1;
        if matches!(src.get(i), Some(b'/' | b'\\')) {
            self.trigger();
        }
        loop {
            i += memchr::memchr3(quote, b'\\', b'\n', src.get(i..)?)?;
            match src[i] {
                b'\\' => i += 2,
                b'\n' => return None,
                _ => break,
            }
        }
        self.i = i + 1;
        self.push_tok(Tok::Value, b"");
        Some(())
    }

    /// From inside a template (after `` ` `` or the `}` closing a `${`) to its end
    /// or its next `${`.
    pub(super) fn template(&mut self) -> Option<()> {
        let src = self.src;
        let mut i = self.i;
        loop {
            i += memchr::memchr3(b'`', b'\\', b'$', src.get(i..)?)?;
            match src[i] {
                b'\\' => i += 2,
                b'$' if src.get(i + 1) == Some(&b'{') => {
                    self.i = i + 2;
                    self.opens.push(Open::TemplateExpr);
                    self.push_tok(Tok::Punct, b"${");
                    return Some(());
                }
                b'$' => i += 1,
                _ => {
                    self.i = i + 1;
                    self.push_tok(Tok::Value, b"");
                    return Some(());
                }
            }
        }
    }

    pub(super) fn number(&mut self) {
        let src = self.src;
        let start = self.i;
        let hex = src[start..].starts_with(b"0x") || src[start..].starts_with(b"0X");
        let mut i = start + 1;
        while i < src.len() {
            let b = src[i];
            let exponent_sign =
                matches!(b, b'+' | b'-') && !hex && matches!(src[i - 1], b'e' | b'E');
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
                i += 1;
            } else {
                break;
            }
        }
        self.i = i;
        self.push_tok(Tok::Value, b"");
    }

    fn open_bracket(&mut self) {
        self.i += 1;
        let member = matches!(self.prev, Tok::Word | Tok::Close | Tok::Value | Tok::Declared)
            && self.decl.is_none_or(|d| !d.expect_name);
        let pattern = !member && self.pattern_start();
        self.opens.push(Open::Bracket { member, pattern });
        self.push_tok(Tok::Punct, if member { b"[m" } else { b"[" });
    }

    fn close_bracket(&mut self) -> Option<()> {
        self.i += 1;
        let Open::Bracket { member, pattern } = self.opens.pop()? else { return None };
        self.end_decl_below();
        if pattern {
            self.in_pattern -= 1;
            self.push_tok(Tok::Declared, b"");
        } else {
            self.push_tok(Tok::Close, if member { b"]m" } else { b"]" });
        }
        Some(())
    }

    /// `=>`, `==`, `===` or an assignment's `=`.
    fn equals(&mut self) {
        let rest = &self.src[self.i..];
        if rest.starts_with(b"=>") {
            self.i += 2;
            self.push_tok(Tok::Arrow, b"");
            // Defaults of the arrow's parameters, not assignments.
            self.group_pending = false;
            self.last_group.assigns.clear();
        } else if rest.starts_with(b"===") {
            self.i += 3;
            self.push_tok(Tok::Punct, b"");
        } else if rest.starts_with(b"==") {
            self.i += 2;
            self.push_tok(Tok::Punct, b"");
        } else {
            self.i += 1;
            self.assignment_sign();
            self.push_tok(Tok::Punct, b"=");
        }
    }
}

/// The first byte from `i` that is not a space or a tab.
fn skip_blanks(src: &[u8], mut i: usize) -> usize {
    while i < src.len() && matches!(src[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// Where `*/` starts in `rest` (a block comment's text): a search for `*` (a
/// searcher built for each of thousands of comments cost more).
fn comment_end(rest: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        at += memchr::memchr(b'*', &rest[at..])?;
        if rest.get(at + 1) == Some(&b'/') {
            return Some(at);
        }
        at += 1;
    }
}
