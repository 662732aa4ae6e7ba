//! One `.dockerignore` pattern: syntax check, classification and matching.
//!
//! The Docker CLI turns each glob into a Go regular expression and, for the common shapes, skips the
//! regular expression and compares strings instead (exact, prefix or suffix). Both steps are reproduced
//! here, because the fast paths are not always equivalent to the regular expression they stand for
//! (`**file` is a plain suffix test, so it also matches `xfile`). The Go expression text is built first,
//! then translated into an equivalent Rust [`regex::Regex`] by [`super::goregex`].

use regex::Regex;

use super::goregex;

/// How a pattern is tested against a path.
#[derive(Debug, Clone)]
enum Matcher {
    /// The path must equal the pattern text.
    Exact,
    /// The path must start with this text (a pattern ending in `**` with no earlier wildcard).
    Prefix(String),
    /// The path must end with this text, or equal it without its leading `/` (a pattern starting with `**`).
    Suffix(String),
    /// Anything else: an anchored regular expression.
    Regex(Regex),
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// The cleaned pattern text without its leading `!`.
    text: String,
    /// True for a `!` pattern, which re-includes what earlier patterns excluded.
    exclusion: bool,
    matcher: Matcher,
}

/// Why a pattern was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    /// A pattern that is only `!`.
    BareExclamation,
    /// A glob syntax error (an unclosed or malformed `[...]` class, a trailing `\`).
    BadGlob,
    /// The glob is valid, but the regular expression the CLI derives from it is not.
    BadRegex(String),
}

impl Pattern {
    /// Compiles one pattern the way the CLI's matcher does: the text is trimmed and cleaned first.
    /// Returns `Ok(None)` for a blank pattern.
    pub(crate) fn new(raw: &str) -> Result<Option<Pattern>, PatternError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let cleaned = clean(trimmed);
        let (exclusion, text) = match cleaned.strip_prefix('!') {
            Some("") => return Err(PatternError::BareExclamation),
            Some(rest) => (true, rest.to_string()),
            None => (false, cleaned),
        };
        if !glob_syntax_ok(&text) {
            return Err(PatternError::BadGlob);
        }
        let matcher = classify(&text)?;
        Ok(Some(Pattern {
            text,
            exclusion,
            matcher,
        }))
    }

    /// The cleaned text, without the leading `!` of an exclusion.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// True for a `!` pattern.
    pub(crate) fn is_exclusion(&self) -> bool {
        self.exclusion
    }

    /// The number of `/`-separated parts of the text (used by the CLI's older matching function).
    pub(crate) fn depth(&self) -> usize {
        self.text.split('/').count()
    }

    /// Tests the pattern against one path (no parent directories).
    pub(crate) fn matches(&self, path: &str) -> bool {
        match &self.matcher {
            Matcher::Exact => path == self.text,
            Matcher::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Matcher::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|bare| path == bare)
            }
            Matcher::Regex(re) => re.is_match(path),
        }
    }
}

/// Go's `path/filepath.Clean` for `/`-separated paths: collapses repeated slashes, drops `.` elements,
/// resolves `..` against the element before it (and drops it at the root), strips a trailing slash, and
/// turns an empty result into `.`.
pub(crate) fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(last) if *last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let body = parts.join("/");
    if rooted {
        format!("/{body}")
    } else if body.is_empty() {
        ".".to_string()
    } else {
        body
    }
}

/// Go's `path/filepath.Dir` for `/`-separated paths.
pub(crate) fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => clean(&path[..=i]),
        None => ".".to_string(),
    }
}

/// Characters that have a meaning in a regular expression but not in a glob; the CLI escapes them.
fn is_regex_only_meta(c: char) -> bool {
    matches!(c, '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$')
}

/// The CLI's conversion of a glob into (a) Go regular-expression text and (b) a fast-path class.
fn classify(text: &str) -> Result<Matcher, PatternError> {
    #[derive(PartialEq)]
    enum Kind {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }
    let chars: Vec<char> = text.chars().collect();
    let mut expr = String::from("^");
    let mut kind = Kind::Exact;
    let mut k = 0;
    let mut step = 0;
    while k < chars.len() {
        let c = chars[k];
        k += 1;
        match c {
            '*' if chars.get(k) == Some(&'*') => {
                k += 1;
                // `**/` is treated as `**`.
                if chars.get(k) == Some(&'/') {
                    k += 1;
                }
                if k == chars.len() {
                    if kind == Kind::Exact {
                        kind = Kind::Prefix;
                    } else {
                        expr.push_str(".*");
                        kind = Kind::Regex;
                    }
                } else {
                    expr.push_str("(.*/)?");
                    kind = Kind::Regex;
                }
                if step == 0 {
                    kind = Kind::Suffix;
                }
            }
            '*' => {
                expr.push_str("[^/]*");
                kind = Kind::Regex;
            }
            '?' => {
                expr.push_str("[^/]");
                kind = Kind::Regex;
            }
            c if is_regex_only_meta(c) => {
                expr.push('\\');
                expr.push(c);
            }
            '\\' => {
                if k < chars.len() {
                    expr.push('\\');
                    expr.push(chars[k]);
                    k += 1;
                    kind = Kind::Regex;
                } else {
                    expr.push('\\');
                }
            }
            '[' | ']' => {
                expr.push(c);
                kind = Kind::Regex;
            }
            c => expr.push(c),
        }
        step += 1;
    }
    Ok(match kind {
        Kind::Exact => Matcher::Exact,
        Kind::Prefix => Matcher::Prefix(text[..text.len() - 2].to_string()),
        Kind::Suffix => Matcher::Suffix(text[2..].to_string()),
        Kind::Regex => {
            expr.push('$');
            let rust = goregex::translate(&expr).map_err(PatternError::BadRegex)?;
            let re = Regex::new(&rust).map_err(|e| PatternError::BadRegex(e.to_string()))?;
            Matcher::Regex(re)
        }
    })
}

/// The syntax check the CLI runs on every pattern (Go's `filepath.Match(pattern, ".")` error cases):
/// every `[...]` class must be closed and hold at least one item, a range end may not be `-` or `]`
/// unescaped, and a `\` must escape something.
fn glob_syntax_ok(pattern: &str) -> bool {
    let mut rest = pattern;
    while !rest.is_empty() {
        rest = rest.trim_start_matches('*');
        let end = chunk_end(rest.as_bytes());
        if !chunk_ok(&rest[..end]) {
            return false;
        }
        rest = &rest[end..];
    }
    true
}

/// Where the next run of non-`*` glob text ends (a `*` inside a class does not end it).
fn chunk_end(bytes: &[u8]) -> usize {
    let mut in_class = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'*' if !in_class => return i,
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes end a chunk early, so the index is always a character boundary.
    bytes.len()
}

fn chunk_ok(chunk: &str) -> bool {
    let mut rest = chunk;
    while let Some(c) = rest.chars().next() {
        match c {
            '[' => {
                rest = &rest[1..];
                if let Some(r) = rest.strip_prefix('^') {
                    rest = r;
                }
                let mut items = 0;
                loop {
                    if items > 0 {
                        if let Some(r) = rest.strip_prefix(']') {
                            rest = r;
                            break;
                        }
                    }
                    match class_char(rest) {
                        Some(r) => rest = r,
                        None => return false,
                    }
                    if let Some(r) = rest.strip_prefix('-') {
                        match class_char(r) {
                            Some(r) => rest = r,
                            None => return false,
                        }
                    }
                    items += 1;
                }
            }
            '\\' => {
                rest = &rest[1..];
                match rest.chars().next() {
                    Some(e) => rest = &rest[e.len_utf8()..],
                    None => return false,
                }
            }
            other => rest = &rest[other.len_utf8()..],
        }
    }
    true
}

/// One class character (possibly escaped); `None` if it is missing, an unescaped `-` or `]`, or if
/// nothing follows it (the class is then unclosed).
fn class_char(s: &str) -> Option<&str> {
    let mut rest = s;
    match rest.chars().next()? {
        '-' | ']' => return None,
        '\\' => rest = &rest[1..],
        _ => {}
    }
    let c = rest.chars().next()?;
    let rest = &rest[c.len_utf8()..];
    if rest.is_empty() {
        None
    } else {
        Some(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        Pattern::new(pattern).unwrap().unwrap().matches(path)
    }

    #[test]
    fn clean_follows_go() {
        for (input, want) in [
            ("", "."),
            (".", "."),
            ("./", "."),
            ("a//b", "a/b"),
            ("a/./b/", "a/b"),
            ("a/../b", "b"),
            ("a/b/../../..", ".."),
            ("../../a", "../../a"),
            ("/..", "/"),
            ("/../a", "/a"),
            ("/", "/"),
            ("//", "/"),
            ("a/..", "."),
            ("!foo/../bar", "bar"),
            ("foo/", "foo"),
            ("..//./x/../y", "../y"),
        ] {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn dir_follows_go() {
        assert_eq!(dir("a"), ".");
        assert_eq!(dir("a/b"), "a");
        assert_eq!(dir("a/b/c"), "a/b");
        assert_eq!(dir("/a"), "/");
        assert_eq!(dir("a/"), "a");
    }

    #[test]
    fn glob_syntax_errors() {
        for bad in [
            "[", "a[", "[]", "[]a]", "[^]", "[a-]", "[-a]", "[a", "[a-b", "\\", "a\\", "[\\", "*[",
            "x*[a-", "[a-b-c]",
        ] {
            assert!(!glob_syntax_ok(bad), "{bad:?} should be rejected");
        }
        for good in [
            "a", "*", "**", "[a]", "[^a]", "[a-z]", "[\\]]", "[\\-]", "[*]", "a]", "[[]", "[a*]",
            "\\*", "[!a]", "[a-z0-9]", "é[é]",
        ] {
            assert!(glob_syntax_ok(good), "{good:?} should be accepted");
        }
    }

    #[test]
    fn fast_paths_and_regexes() {
        assert!(matches!(
            Pattern::new("a.b").unwrap().unwrap().matcher,
            Matcher::Exact
        ));
        assert!(
            matches!(Pattern::new("dir/**").unwrap().unwrap().matcher, Matcher::Prefix(ref p) if p == "dir/")
        );
        assert!(
            matches!(Pattern::new("**/foo").unwrap().unwrap().matcher, Matcher::Suffix(ref s) if s == "/foo")
        );
        assert!(matches!(
            Pattern::new("**/*.go").unwrap().unwrap().matcher,
            Matcher::Regex(_)
        ));
        assert!(matches!(
            Pattern::new("a\\b").unwrap().unwrap().matcher,
            Matcher::Regex(_)
        ));
        assert!(m("**file", "xfile"));
        assert!(m("**file", "a/b/file"));
        assert!(m("**", ""));
        assert!(m("dir**", "dirx/y"));
        assert!(!m("a**b", "axb"));
        assert!(m("a**b", "ab"));
        assert!(m("a**b", "ax/b"));
        assert!(m("a.b", "a.b"));
        assert!(!m("a.b", "axb"));
        assert!(m("a+b(c)|{d}$", "a+b(c)|{d}$"));
        assert!(m("*.c+", "x.c+"));
        assert!(!m("*.c+", "x.cc"));
    }

    #[test]
    fn bare_exclamation_is_rejected() {
        assert_eq!(
            Pattern::new("!").unwrap_err(),
            PatternError::BareExclamation
        );
        assert_eq!(
            Pattern::new(" !/ ").unwrap_err(),
            PatternError::BareExclamation
        );
        assert!(Pattern::new("   ").unwrap().is_none());
    }
}
