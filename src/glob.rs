//! A glob matcher with picomatch's default semantics, for `--ignore` and Next.js's
//! include/exclude lists.
//!
//! Supported: `*`, `?`, `**` as a whole segment, `[...]`/`[!...]` classes, `{a,b}`
//! and `{1..3}` braces, the `@(a|b)` and `?(a|b)` extglobs, a leading `!` to negate,
//! and a leading `./`. Without `dot`, wildcards never match a segment starting with
//! `.`; `.` and `..` segments are never matched by a wildcard.
//!
//! Patterns are brace-expanded up front, then each alternative is matched segment by
//! segment; `**` backtracking is memoised, so a match costs at most
//! O(pattern segments × path segments) segment comparisons.

/// How a [`Glob`] matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GlobOptions {
    /// Let wildcards match segments that start with `.` (picomatch `dot`).
    pub dot: bool,
    /// Match when the pattern matches any run of whole segments of the path
    /// (picomatch `contains`, as Next.js uses it).
    pub contains: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    Star,
    Question,
    Class { negated: bool, items: Vec<(char, char)> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Globstar,
    /// Zero or more segments of any kind: the ends of a `contains` pattern.
    AnySegments,
    Tokens(Vec<Token>),
}

/// One compiled glob pattern.
#[derive(Debug, Clone)]
pub struct Glob {
    alternatives: Vec<Vec<Segment>>,
    negated: bool,
    options: GlobOptions,
}

/// Upper bound on brace-expanded alternatives of one pattern.
const MAX_ALTERNATIVES: usize = 512;
/// Upper bound on the total length of the expanded alternatives.
const MAX_EXPANDED_BYTES: usize = 64 << 10;

impl Glob {
    /// Compiles `pattern`.
    #[must_use]
    pub fn new(pattern: &str, options: GlobOptions) -> Self {
        let mut pattern = pattern;
        let mut negated = false;
        while let Some(rest) = pattern.strip_prefix('!') {
            if rest.starts_with('(') {
                break;
            }
            negated = !negated;
            pattern = rest;
        }
        let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
        let mut expanded = Vec::new();
        expand_braces(pattern, &mut expanded);
        let alternatives = expanded
            .iter()
            .map(|p| {
                let mut segments = compile(p);
                if options.contains {
                    // Any run of whole segments: one pass instead of every sub-range.
                    segments.insert(0, Segment::AnySegments);
                    segments.push(Segment::AnySegments);
                }
                segments
            })
            .collect();
        Self { alternatives, negated, options }
    }

    /// Whether `path` (`/`-separated, relative) matches.
    #[must_use]
    pub fn is_match(&self, path: &str) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        let hit =
            self.alternatives.iter().any(|alt| match_segments(alt, &segments, self.options.dot));
        hit != self.negated
    }
}

/// A list of patterns: a path matches when any pattern matches (picomatch's
/// `isMatch(path, [patterns])`).
#[derive(Debug, Clone, Default)]
pub struct GlobSet {
    globs: Vec<Glob>,
}

impl GlobSet {
    /// Compiles every pattern with the same options.
    #[must_use]
    pub fn new<S: AsRef<str>>(patterns: &[S], options: GlobOptions) -> Self {
        Self { globs: patterns.iter().map(|p| Glob::new(p.as_ref(), options)).collect() }
    }
    /// Whether no pattern was given.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }
    /// Whether any pattern matches `path`.
    #[must_use]
    pub fn is_match(&self, path: &str) -> bool {
        self.globs.iter().any(|g| g.is_match(path))
    }
}

fn find_closing(chars: &[char], open: usize, open_c: char, close_c: char) -> Option<usize> {
    let mut depth = 0;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            c if c == open_c => depth += 1,
            c if c == close_c => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn split_top_level(chars: &[char], sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                let last = parts.last_mut().expect("parts is never empty");
                last.push(c);
                last.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(String::new());
        } else {
            parts.last_mut().expect("parts is never empty").push(c);
        }
        i += 1;
    }
    parts
}

/// Expands `{a,b}`, `{1..3}`, `@(a|b)` and `?(a|b)` into plain patterns.
fn expand_braces(pattern: &str, out: &mut Vec<String>) {
    if out.len() >= MAX_ALTERNATIVES
        || out.iter().map(String::len).sum::<usize>() > MAX_EXPANDED_BYTES
    {
        return;
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '{' => {
                if let Some(close) = find_closing(&chars, i, '{', '}') {
                    let inner: Vec<char> = chars[i + 1..close].to_vec();
                    let prefix: String = chars[..i].iter().collect();
                    let suffix: String = chars[close + 1..].iter().collect();
                    let options = brace_options(&inner);
                    if let Some(options) = options {
                        for option in options {
                            expand_braces(&format!("{prefix}{option}{suffix}"), out);
                        }
                        return;
                    }
                }
            }
            '@' | '?' if chars.get(i + 1) == Some(&'(') => {
                if let Some(close) = find_closing(&chars, i + 1, '(', ')') {
                    let inner: Vec<char> = chars[i + 2..close].to_vec();
                    let prefix: String = chars[..i].iter().collect();
                    let suffix: String = chars[close + 1..].iter().collect();
                    let mut options = split_top_level(&inner, '|');
                    if chars[i] == '?' {
                        options.insert(0, String::new());
                    }
                    for option in options {
                        expand_braces(&format!("{prefix}{option}{suffix}"), out);
                    }
                    return;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push(pattern.to_owned());
}

fn brace_options(inner: &[char]) -> Option<Vec<String>> {
    let parts = split_top_level(inner, ',');
    if parts.len() > 1 {
        return Some(parts);
    }
    let text: String = inner.iter().collect();
    let (a, b) = text.split_once("..")?;
    if let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) {
        if a.abs_diff(b) > MAX_ALTERNATIVES as u64 {
            return None;
        }
        let range: Vec<String> = if a <= b {
            (a..=b).map(|n| n.to_string()).collect()
        } else {
            (b..=a).rev().map(|n| n.to_string()).collect()
        };
        return Some(range);
    }
    let (mut ac, mut bc) = (a.chars(), b.chars());
    if let (Some(x), None, Some(y), None) = (ac.next(), ac.next(), bc.next(), bc.next()) {
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        if (hi as usize) - (lo as usize) > MAX_ALTERNATIVES {
            return None;
        }
        return Some((lo..=hi).map(String::from).collect());
    }
    None
}

fn compile(pattern: &str) -> Vec<Segment> {
    pattern
        .split('/')
        .map(|segment| if segment == "**" { Segment::Globstar } else { compile_segment(segment) })
        .collect()
}

fn compile_segment(segment: &str) -> Segment {
    let chars: Vec<char> = segment.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                tokens.push(Token::Literal(chars[i + 1]));
                i += 1;
            }
            '*' => {
                if tokens.last() != Some(&Token::Star) {
                    tokens.push(Token::Star);
                }
            }
            '?' => tokens.push(Token::Question),
            '[' => {
                if let Some((token, end)) = compile_class(&chars, i) {
                    tokens.push(token);
                    i = end;
                } else {
                    tokens.push(Token::Literal('['));
                }
            }
            c => tokens.push(Token::Literal(c)),
        }
        i += 1;
    }
    Segment::Tokens(tokens)
}

fn compile_class(chars: &[char], open: usize) -> Option<(Token, usize)> {
    let mut i = open + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    while i < chars.len() {
        let c = chars[i];
        if c == ']' && !first {
            return Some((Token::Class { negated, items }, i));
        }
        first = false;
        let c = if c == '\\' && i + 1 < chars.len() {
            i += 1;
            chars[i]
        } else {
            c
        };
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']') {
            items.push((c, chars[i + 2]));
            i += 3;
        } else {
            items.push((c, c));
            i += 1;
        }
    }
    None
}

fn match_segments(pattern: &[Segment], path: &[&str], dot: bool) -> bool {
    if !pattern.iter().any(|seg| matches!(seg, Segment::Globstar | Segment::AnySegments)) {
        // One segment for one segment: no backtracking, no memo.
        return pattern.len() == path.len()
            && pattern.iter().zip(path).all(|(seg, part)| match seg {
                Segment::Tokens(tokens) => match_segment(tokens, part, dot),
                Segment::Globstar | Segment::AnySegments => true,
            });
    }
    // (p, s) pairs known to fail: pattern[p..] against path[s..], one bit each,
    // so a pattern with `**` stays polynomial. Ignore lists match every path of a
    // trace against dozens of such patterns: a bit set costs one allocation where
    // a hash set grew and rehashed.
    let width = path.len() + 1;
    let mut failed = vec![0u64; ((pattern.len() + 1) * width).div_ceil(64)];
    match_from(pattern, path, 0, 0, dot, &mut failed, width)
}

fn match_from(
    pattern: &[Segment],
    path: &[&str],
    p: usize,
    s: usize,
    dot: bool,
    failed: &mut [u64],
    width: usize,
) -> bool {
    let bit = p * width + s;
    if failed[bit / 64] & (1 << (bit % 64)) != 0 {
        return false;
    }
    let ok = match pattern.get(p) {
        None => s == path.len(),
        Some(Segment::AnySegments) => {
            match_from(pattern, path, p + 1, s, dot, failed, width)
                || (s < path.len() && match_from(pattern, path, p, s + 1, dot, failed, width))
        }
        Some(Segment::Globstar) => {
            // `a/**` also matches `a` itself, as picomatch does.
            match_from(pattern, path, p + 1, s, dot, failed, width)
                || (s < path.len()
                    && globstar_may_cross(path[s], dot)
                    && match_from(pattern, path, p, s + 1, dot, failed, width))
        }
        Some(Segment::Tokens(tokens)) => {
            s < path.len()
                && match_segment(tokens, path[s], dot)
                && match_from(pattern, path, p + 1, s + 1, dot, failed, width)
        }
    };
    if !ok {
        failed[bit / 64] |= 1 << (bit % 64);
    }
    ok
}

fn globstar_may_cross(segment: &str, dot: bool) -> bool {
    if segment == "." || segment == ".." {
        return false;
    }
    dot || !segment.starts_with('.')
}

fn match_segment(tokens: &[Token], segment: &str, dot: bool) -> bool {
    if segment.starts_with('.') {
        let explicit = tokens.first() == Some(&Token::Literal('.'));
        if !explicit && (!dot || segment == "." || segment == "..") {
            // Only a pattern that spells the leading dot matches a dot segment.
            return false;
        }
    }
    if segment.is_ascii() {
        // Most paths: bytes are characters, and nothing is allocated.
        wildcard_match(tokens, segment.as_bytes())
    } else {
        let chars: Vec<char> = segment.chars().collect();
        wildcard_match(tokens, &chars)
    }
}

/// Classic iterative wildcard matching with one backtrack point per `*`:
/// O(tokens × chars) in the worst case. `C` is a `char`, or an ASCII byte.
fn wildcard_match<C: Copy + Into<char>>(tokens: &[Token], chars: &[C]) -> bool {
    let (mut t, mut c) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while c < chars.len() {
        match tokens.get(t) {
            Some(Token::Star) => {
                star = Some((t, c));
                t += 1;
                continue;
            }
            Some(token) if token_matches(token, chars[c].into()) => {
                t += 1;
                c += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((st, sc)) => {
                t = st + 1;
                c = sc + 1;
                star = Some((st, sc + 1));
            }
            None => return false,
        }
    }
    tokens[t..].iter().all(|tok| *tok == Token::Star)
}

fn token_matches(token: &Token, c: char) -> bool {
    match token {
        Token::Literal(l) => *l == c,
        Token::Question => c != '/',
        Token::Class { negated, items } => {
            items.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
        }
        Token::Star => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        Glob::new(pattern, GlobOptions::default()).is_match(path)
    }

    fn dot(pattern: &str, path: &str) -> bool {
        Glob::new(pattern, GlobOptions { dot: true, contains: false }).is_match(path)
    }

    #[test]
    fn star_stays_in_segment() {
        assert!(m("*.js", "a.js"));
        assert!(!m("*.js", "a/b.js"));
        assert!(!m("*.js", ".a.js"));
        assert!(!m("*.js", ".js"));
        assert!(m(".*.js", ".a.js"));
    }

    #[test]
    fn globstar_spans_segments_but_not_dot_dirs() {
        assert!(m("**/*.js", "a/b/c.js"));
        assert!(m("**/*.js", "c.js"));
        assert!(!m("**/*.js", "a/.b/c.js"));
        assert!(dot("**/*.js", "a/.b/c.js"));
        assert!(m("node_modules/**", "node_modules/a/b.js"));
        assert!(m("a/**", "a"));
        assert!(!dot("**", "a/../b"));
    }

    #[test]
    fn braces_ranges_and_extglobs() {
        assert!(m(
            "**/react{,-dom}/**/*.development.js",
            "node_modules/react-dom/cjs/x.development.js"
        ));
        assert!(m(
            "**/react{,-dom}/**/*.development.js",
            "node_modules/react/cjs/x.development.js"
        ));
        assert!(m("f{1..3}.js", "f2.js"));
        assert!(!m("f{1..3}.js", "f4.js"));
        assert!(m("x?(.ts|.js)", "x"));
        assert!(m("x?(.ts|.js)", "x.js"));
        assert!(m("x@(.ts|.js)", "x.ts"));
        assert!(!m("x@(.ts|.js)", "x"));
    }

    #[test]
    fn classes_questions_and_negation() {
        assert!(m("[a-c]?.js", "bx.js"));
        assert!(!m("[!a-c]?.js", "bx.js"));
        assert!(m("!*.js", "a.ts"));
        assert!(!m("!*.js", "a.js"));
        assert!(m("./dist/*", "dist/a"));
    }

    #[test]
    fn contains_matches_inner_runs() {
        let g =
            Glob::new("next/dist/compiled/webpack/*", GlobOptions { dot: true, contains: true });
        assert!(g.is_match("node_modules/next/dist/compiled/webpack/bundle5.js"));
        assert!(!g.is_match("node_modules/next/dist/compiled/other/bundle5.js"));
    }

    #[test]
    fn globstar_backtracking_stays_cheap() {
        let pattern = "**/a/**/a/**/a/**/a/**/a/**/b";
        let path = vec!["a"; 60].join("/");
        assert!(!m(pattern, &path));
    }
}
