//! [`PathPattern`]: a path the analysed program reads, as the evaluator found it,
//! typed for the graph: the literal folder it starts from and what follows, with
//! its unknown parts as parts of their own. The evaluator's strings mark an
//! unknown part with [`WILDCARD`]; they are split here, once, when the fact is
//! recorded, and the graph never looks for the marker.

use std::fmt::Write as _;

use crate::eval::WILDCARD;

/// One piece of what follows a pattern's folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Part {
    /// Known text (may hold `/`).
    Text(String),
    /// An unknown part (`'./locale/' + lang`).
    Any,
}

/// A path or a pattern of paths, absolute and `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PathPattern {
    /// A literal path: the whole path. A pattern: the literal text up to the last
    /// `/` before its first unknown part (`""` when that `/` is the root's).
    pub(crate) dir: String,
    /// What follows `dir` (starting with `/`); empty for a literal path.
    pub(crate) rest: Vec<Part>,
}

impl PathPattern {
    /// Splits an evaluator string (unknown parts marked with [`WILDCARD`]).
    pub(crate) fn new(text: &str) -> Self {
        let Some(first) = text.find(WILDCARD) else {
            return Self { dir: text.to_owned(), rest: Vec::new() };
        };
        let dir_end = text[..first].rfind('/').unwrap_or(0);
        let mut rest = Vec::new();
        for (i, piece) in text[dir_end..].split(WILDCARD).enumerate() {
            if i > 0 {
                rest.push(Part::Any);
            }
            if !piece.is_empty() {
                rest.push(Part::Text(piece.to_owned()));
            }
        }
        Self { dir: text[..dir_end].to_owned(), rest }
    }

    /// Every file below this folder (`dir/` and an unknown part).
    pub(crate) fn below(&self) -> Self {
        let mut pattern = self.clone();
        match pattern.rest.last_mut() {
            Some(Part::Text(text)) => text.push('/'),
            _ => pattern.rest.push(Part::Text("/".to_owned())),
        }
        pattern.rest.push(Part::Any);
        pattern
    }

    /// Whether it has an unknown part.
    pub(crate) fn is_pattern(&self) -> bool {
        !self.rest.is_empty()
    }

    /// The evaluator's text again (the analysis cache stores it).
    pub(crate) fn to_text(&self) -> String {
        let mut out = self.dir.clone();
        for part in &self.rest {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Any => out.push(WILDCARD),
            }
        }
        out
    }

    /// Where expanding it starts, and the picomatch glob (starting with `/`) of
    /// the files below that folder it stands for: an unknown part right after a
    /// `/` may span folders (`**/*`), elsewhere it stays in its name (`*`). A
    /// literal path stands for everything below it.
    pub(crate) fn folder_and_glob(&self) -> (&str, String) {
        let (dir, mut glob) = if self.is_pattern() {
            let mut glob = String::new();
            let mut after_slash = false;
            for part in &self.rest {
                match part {
                    Part::Text(text) => {
                        glob.push_str(text);
                        after_slash = text.ends_with('/');
                    }
                    Part::Any => {
                        glob.push_str(if after_slash { "**/*" } else { "*" });
                        after_slash = false;
                    }
                }
            }
            (self.dir.as_str(), glob)
        } else {
            let dir = self.dir.trim_end_matches('/');
            (dir, self.dir[dir.len()..].to_owned())
        };
        while glob.contains("/**/*/**/*") {
            glob = glob.replace("/**/*/**/*", "/**/*");
        }
        if glob.is_empty() {
            glob.push_str("/**/*");
        }
        (if dir.is_empty() { "/" } else { dir }, glob)
    }

    /// The folder the expansion guards judge (`@vercel/nft`'s `validWildcard`
    /// base): the path without a final unknown part (and the `/` before it),
    /// or without a final `/`. `Err` holds its known end when an unknown part
    /// remains in it (it then names no real folder).
    pub(crate) fn guard_base(&self) -> Result<String, String> {
        let (rest, tail): (&[Part], &str) = match self.rest.as_slice() {
            [] => return Ok(self.dir.strip_suffix('/').unwrap_or(&self.dir).to_owned()),
            [before @ .., Part::Text(text), Part::Any] if text.ends_with('/') => {
                (before, &text[..text.len() - 1])
            }
            [before @ .., Part::Any] => (before, ""),
            [before @ .., Part::Text(text)] if text.ends_with('/') => {
                (before, &text[..text.len() - 1])
            }
            rest => (rest, ""),
        };
        let mut base = self.dir.clone();
        let mut known = true;
        for part in rest {
            match part {
                Part::Text(text) => base.push_str(text),
                Part::Any => {
                    known = false;
                    base.clear();
                }
            }
        }
        base.push_str(tail);
        if known { Ok(base) } else { Err(base) }
    }
}

impl std::fmt::Display for PathPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.dir)?;
        for part in &self.rest {
            match part {
                Part::Text(text) => f.write_str(text)?,
                Part::Any => f.write_char('*')?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> PathPattern {
        PathPattern::new(&text.replace('*', &WILDCARD.to_string()))
    }

    #[test]
    fn splits_at_the_folder_of_the_first_unknown_part() {
        let pattern = p("/a/b/x*.js");
        assert_eq!(pattern.dir, "/a/b");
        assert_eq!(
            pattern.rest,
            [Part::Text("/x".to_owned()), Part::Any, Part::Text(".js".to_owned())]
        );
        assert_eq!(pattern.to_text(), "/a/b/x\u{1a}.js");
        assert_eq!(p("/x*").dir, "");
        assert!(!p("/a/b.js").is_pattern());
    }

    #[test]
    fn globs_as_the_graph_expands_them() {
        assert_eq!(p("/a/b/x*.js").folder_and_glob(), ("/a/b", "/x*.js".to_owned()));
        assert_eq!(p("/a/*").folder_and_glob(), ("/a", "/**/*".to_owned()));
        assert_eq!(p("/a/*/*").folder_and_glob(), ("/a", "/**/*".to_owned()));
        assert_eq!(p("/a/*/c.json").folder_and_glob(), ("/a", "/**/*/c.json".to_owned()));
        assert_eq!(p("/x*").folder_and_glob(), ("/", "/x*".to_owned()));
        assert_eq!(p("/a/b").folder_and_glob(), ("/a/b", "/**/*".to_owned()));
        assert_eq!(p("/a").below().folder_and_glob(), ("/a", "/**/*".to_owned()));
    }

    #[test]
    fn guard_bases() {
        assert_eq!(p("/a/b/").guard_base(), Ok("/a/b".to_owned()));
        assert_eq!(p("/a/b/*").guard_base(), Ok("/a/b".to_owned()));
        assert_eq!(p("/a/b/x*").guard_base(), Ok("/a/b/x".to_owned()));
        assert_eq!(p("/a/b/*/*").guard_base(), Err(String::new()));
        assert_eq!(p("/a/*/node_modules/").guard_base(), Err("/node_modules".to_owned()));
        assert_eq!(p("/a").below(), p("/a/*"));
        assert_eq!(p("/a/x*").below(), p("/a/x*/*"));
        assert_eq!(p("/a/*/c.json").guard_base(), Err("/c.json".to_owned()));
    }
}
