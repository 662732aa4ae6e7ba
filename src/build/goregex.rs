//! Translation of the Go regular expressions the Docker CLI derives from `.dockerignore` globs into
//! Rust [`regex`] syntax with the same meaning.
//!
//! The CLI's expression text can carry user-controlled pieces whose meaning differs between Go's RE2
//! parser and the `regex` crate: a `[` inside a class is an ordinary character in Go but opens a nested
//! class in Rust, `&&` and `--` are set operators in Rust classes only, `\d`/`\s`/`\w`/`\b` are ASCII in
//! Go but Unicode in Rust, and Go knows `\Q…\E` and octal escapes. So the Go text is parsed with Go's
//! rules and re-emitted with every literal escaped and every class spelled out as explicit ranges.
//!
//! Only the subset of RE2 that the glob conversion can produce is handled: literals, escapes, classes
//! (with POSIX `[:name:]`, Perl and one-letter Unicode classes), `.`, `^`, `$`, groups and the `*`/`?`
//! quantifiers. Anything Go would reject is rejected, with a short reason.

use std::fmt::Write as _;

/// The largest Unicode scalar value.
const MAX_RUNE: u32 = 0x10_FFFF;

/// Translates Go regular-expression text into Rust `regex` syntax.
pub(crate) fn translate(go: &str) -> Result<String, String> {
    let s: Vec<char> = go.chars().collect();
    let mut out = String::with_capacity(go.len() * 2);
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            '\\' => i = escape_outside_class(&s, i, &mut out)?,
            '[' => {
                let (class, next) = parse_class(&s, i)?;
                out.push_str(&class);
                i = next;
            }
            c @ ('^' | '$' | '.' | '(' | ')' | '*' | '?' | '+' | '|') => {
                out.push(c);
                i += 1;
            }
            c => {
                push_literal(&mut out, c);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn push_literal(out: &mut String, c: char) {
    let mut buf = [0u8; 4];
    out.push_str(&regex::escape(c.encode_utf8(&mut buf)));
}

fn push_rune(out: &mut String, r: u32) {
    let _ = write!(out, "\\x{{{r:X}}}");
}

/// Handles a `\` outside a class starting at `s[i]`; returns the index after it.
fn escape_outside_class(s: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    if let Some(&next) = s.get(i + 1) {
        match next {
            'A' => {
                out.push_str("\\A");
                return Ok(i + 2);
            }
            'z' => {
                out.push_str("\\z");
                return Ok(i + 2);
            }
            'b' => {
                out.push_str("(?-u:\\b)");
                return Ok(i + 2);
            }
            'B' => {
                out.push_str("(?-u:\\B)");
                return Ok(i + 2);
            }
            'C' => return Err("invalid escape sequence: `\\C`".into()),
            'Q' => {
                // Everything up to `\E` (or the end) is literal text.
                let mut j = i + 2;
                while j < s.len() {
                    if s[j] == '\\' && s.get(j + 1) == Some(&'E') {
                        return Ok(j + 2);
                    }
                    push_literal(out, s[j]);
                    j += 1;
                }
                return Ok(j);
            }
            'p' | 'P' => {
                let (class, next) = unicode_class(s, i)?;
                out.push_str(&class);
                return Ok(next);
            }
            _ => {}
        }
        if let Some(ranges) = perl_class(next) {
            out.push('[');
            push_ranges(out, &ranges);
            out.push(']');
            return Ok(i + 2);
        }
    }
    let (r, next) = parse_escape(s, i)?;
    push_rune(out, r);
    Ok(next)
}

/// A Go escape that stands for one character (`\.`, `\n`, `\x41`, `\101` …), starting at `s[i] == '\\'`.
fn parse_escape(s: &[char], i: usize) -> Result<(u32, usize), String> {
    let Some(&c) = s.get(i + 1) else {
        return Err("trailing backslash at end of expression".into());
    };
    let mut t = i + 2;
    if c.is_ascii() && !c.is_ascii_alphanumeric() {
        return Ok((c as u32, t));
    }
    let octal = |c: Option<&char>| c.is_some_and(|c| ('0'..='7').contains(c));
    match c {
        '1'..='7' if !octal(s.get(t)) => {}
        '0'..='7' => {
            let mut r = c as u32 - '0' as u32;
            for _ in 1..3 {
                if !octal(s.get(t)) {
                    break;
                }
                r = r * 8 + (s[t] as u32 - '0' as u32);
                t += 1;
            }
            return Ok((r, t));
        }
        'x' => {
            if s.get(t) == Some(&'{') {
                let start = t + 1;
                let mut end = start;
                while end < s.len() && s[end] != '}' {
                    end += 1;
                }
                if end < s.len() && end > start {
                    let digits: String = s[start..end].iter().collect();
                    if let Ok(r) = u32::from_str_radix(&digits, 16) {
                        if r <= MAX_RUNE {
                            return Ok((r, end + 1));
                        }
                    }
                }
            } else if let (Some(hi), Some(lo)) = (
                s.get(t).and_then(|c| c.to_digit(16)),
                s.get(t + 1).and_then(|c| c.to_digit(16)),
            ) {
                return Ok((hi * 16 + lo, t + 2));
            }
        }
        'a' => return Ok((0x07, t)),
        'f' => return Ok((0x0C, t)),
        'n' => return Ok((0x0A, t)),
        'r' => return Ok((0x0D, t)),
        't' => return Ok((0x09, t)),
        'v' => return Ok((0x0B, t)),
        _ => {}
    }
    Err(format!("invalid escape sequence: `\\{c}`"))
}

/// `\d \D \s \S \w \W` with Go's ASCII meaning, as ranges.
fn perl_class(c: char) -> Option<Vec<(u32, u32)>> {
    let (ranges, negated): (&[(u32, u32)], bool) = match c {
        'd' => (DIGIT, false),
        'D' => (DIGIT, true),
        's' => (PERL_SPACE, false),
        'S' => (PERL_SPACE, true),
        'w' => (WORD, false),
        'W' => (WORD, true),
        _ => return None,
    };
    Some(if negated {
        complement(ranges)
    } else {
        ranges.to_vec()
    })
}

const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
const PERL_SPACE: &[(u32, u32)] = &[(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];

/// POSIX `[:name:]` classes (ASCII).
fn posix_class(name: &str) -> Option<Vec<(u32, u32)>> {
    let (name, negated) = match name.strip_prefix('^') {
        Some(n) => (n, true),
        None => (name, false),
    };
    let ranges: &[(u32, u32)] = match name {
        "alnum" => &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
        "alpha" => &[(0x41, 0x5A), (0x61, 0x7A)],
        "ascii" => &[(0x00, 0x7F)],
        "blank" => &[(0x09, 0x09), (0x20, 0x20)],
        "cntrl" => &[(0x00, 0x1F), (0x7F, 0x7F)],
        "digit" => DIGIT,
        "graph" => &[(0x21, 0x7E)],
        "lower" => &[(0x61, 0x7A)],
        "print" => &[(0x20, 0x7E)],
        "punct" => &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
        "space" => &[(0x09, 0x0D), (0x20, 0x20)],
        "upper" => &[(0x41, 0x5A)],
        "word" => WORD,
        "xdigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        _ => return None,
    };
    Some(if negated {
        complement(ranges)
    } else {
        ranges.to_vec()
    })
}

/// The complement of sorted, non-overlapping ranges within `0..=MAX_RUNE`.
fn complement(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = 0;
    for &(lo, hi) in ranges {
        if lo > next {
            out.push((next, lo - 1));
        }
        next = hi + 1;
    }
    if next <= MAX_RUNE {
        out.push((next, MAX_RUNE));
    }
    out
}

fn push_ranges(out: &mut String, ranges: &[(u32, u32)]) {
    for &(lo, hi) in ranges {
        push_rune(out, lo);
        if hi != lo {
            out.push('-');
            push_rune(out, hi);
        }
    }
}

/// `\pX`, `\PX`, `\p{Name}`, `\P{^Name}` starting at `s[i] == '\\'`. Go accepts the one-letter general
/// categories and the longer names of its Unicode tables; one-letter names are all a glob can produce.
fn unicode_class(s: &[char], i: usize) -> Result<(String, usize), String> {
    let mut negated = s[i + 1] == 'P';
    let Some(&c) = s.get(i + 2) else {
        return Err("invalid character class range: `\\p`".into());
    };
    let (mut name, next) = if c == '{' {
        let start = i + 3;
        let mut end = start;
        while end < s.len() && s[end] != '}' {
            end += 1;
        }
        if end == s.len() {
            return Err("missing closing } of a Unicode class".into());
        }
        (s[start..end].iter().collect::<String>(), end + 1)
    } else {
        (c.to_string(), i + 3)
    };
    if let Some(rest) = name.strip_prefix('^') {
        negated = !negated;
        name = rest.to_string();
    }
    let known = matches!(name.as_str(), "C" | "L" | "M" | "N" | "P" | "S" | "Z")
        || (name.len() > 1 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if !known {
        return Err(format!("invalid character class range: `\\p{name}`"));
    }
    let letter = if negated { 'P' } else { 'p' };
    Ok((format!("\\{letter}{{{name}}}"), next))
}

/// Parses a Go class starting at `s[i] == '['`; returns the Rust class text and the index after `]`.
fn parse_class(s: &[char], i: usize) -> Result<(String, usize), String> {
    let mut t = i + 1;
    let mut body = String::new();
    let negated = s.get(t) == Some(&'^');
    if negated {
        t += 1;
    }
    let mut first = true;
    loop {
        let Some(&c) = s.get(t) else {
            return Err("missing closing ] of a character class".into());
        };
        if c == ']' && !first {
            t += 1;
            break;
        }
        first = false;

        // POSIX class such as [:alpha:]; the closing `:]` is searched in the rest of the text.
        if c == '[' && s.get(t + 1) == Some(&':') && t + 2 < s.len() {
            if let Some(end) = find_colon_bracket(s, t + 2) {
                let name: String = s[t + 2..end].iter().collect();
                let Some(ranges) = posix_class(&name) else {
                    return Err(format!("invalid character class range: `[:{name}:]`"));
                };
                push_ranges(&mut body, &ranges);
                t = end + 2;
                continue;
            }
        }
        if c == '\\' {
            match s.get(t + 1) {
                Some('p' | 'P') => {
                    let (class, next) = unicode_class(s, t)?;
                    body.push_str(&class);
                    t = next;
                    continue;
                }
                Some(&e) => {
                    if let Some(ranges) = perl_class(e) {
                        push_ranges(&mut body, &ranges);
                        t += 2;
                        continue;
                    }
                }
                None => {}
            }
        }

        let (lo, next) = class_char(s, t)?;
        t = next;
        let mut hi = lo;
        if s.get(t) == Some(&'-') && s.get(t + 1).is_some_and(|&c| c != ']') {
            let (h, next) = class_char(s, t + 1)?;
            if h < lo {
                return Err("invalid character class range (its end is before its start)".into());
            }
            hi = h;
            t = next;
        }
        push_ranges(&mut body, &[(lo, hi)]);
    }
    let hat = if negated { "^" } else { "" };
    Ok((format!("[{hat}{body}]"), t))
}

fn find_colon_bracket(s: &[char], from: usize) -> Option<usize> {
    (from..s.len().saturating_sub(1)).find(|&j| s[j] == ':' && s[j + 1] == ']')
}

fn class_char(s: &[char], t: usize) -> Result<(u32, usize), String> {
    match s.get(t) {
        None => Err("missing closing ] of a character class".into()),
        Some('\\') => parse_escape(s, t),
        Some(&c) => Ok((c as u32, t + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn re(go: &str) -> Regex {
        Regex::new(&translate(go).unwrap()).unwrap()
    }

    #[test]
    fn nested_bracket_is_a_plain_character_in_go() {
        // `[*]` becomes `[[^/]*]` in the CLI: a class of `[`, `^`, `/`, repeated, then a literal `]`.
        let r = re("^[[^/]*]$");
        assert!(r.is_match("]"));
        assert!(r.is_match("[^/]"));
        assert!(!r.is_match("a]"));
        let r = re("^[[]$");
        assert!(r.is_match("["));
    }

    #[test]
    fn set_operators_are_literal() {
        let r = re("^[a&&b]$");
        assert!(r.is_match("&"));
        assert!(r.is_match("a"));
        let r = re("^[a-]$");
        assert!(r.is_match("-"));
        let r = re("^[+--]$");
        assert!(r.is_match(","));
        assert!(translate("^[a--]$").is_err(), "a reversed range, as in Go");
    }

    #[test]
    fn perl_classes_are_ascii() {
        let r = re("^\\d\\w$");
        assert!(r.is_match("1a"));
        assert!(!r.is_match("١a"), "Arabic-Indic digit is not \\d in Go");
        let r = re("^[\\D]$");
        assert!(r.is_match("x"));
        assert!(!r.is_match("5"));
    }

    #[test]
    fn escapes() {
        assert!(re("^\\x41\\101\\0$").is_match("AA\0"));
        assert!(re("^\\Qa.b$").is_match("a.b$"));
        assert!(re("^\\Qa.b\\E$").is_match("a.b"));
        assert!(re("^\\pL$").is_match("é"));
        assert!(re("^[[:alpha:]]$").is_match("q"));
        assert!(re("^[[:^alpha:]]$").is_match("1"));
        for bad in [
            "\\y",
            "\\1",
            "\\é",
            "\\C",
            "\\p\\{",
            "[z-a]",
            "[[:nope:]]",
            "[a",
            "\\x\\{41\\}",
        ] {
            assert!(translate(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn complement_covers_the_rest() {
        assert_eq!(
            complement(&[(0x30, 0x39)]),
            vec![(0, 0x2F), (0x3A, MAX_RUNE)]
        );
        assert_eq!(complement(&[(0, 5)]), vec![(6, MAX_RUNE)]);
    }
}
