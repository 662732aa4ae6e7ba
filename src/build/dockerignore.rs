//! `.dockerignore` rules with the Docker CLI's semantics.
//!
//! [`DockerIgnore::parse`] reads a file's text the way the CLI does; [`DockerIgnore::from_patterns`] takes
//! patterns that are already one per item. Matching follows the CLI exactly:
//!
//! - Patterns are anchored at the context root (`foo` is not `**/foo`). `*` and `?` never cross `/`;
//!   `**` spans directories; `[...]` and `[^...]` are character classes (`[!...]` is *not* a negation:
//!   `!` is an ordinary member, as in Go); `\` escapes the next character.
//! - The last matching pattern wins; a `!` pattern re-includes what earlier patterns excluded.
//! - A pattern that matches a directory also matches everything below it.
//!
//! Patterns are interpreted with Unix rules on every platform (the CLI on Windows treats `\` as a path
//! separator instead of an escape).

use std::fmt;

use super::pattern::{self, Pattern, PatternError};
use crate::{Error, Result};

/// A compiled, ordered list of `.dockerignore` patterns.
///
/// ```
/// use docker_sdk::build::DockerIgnore;
///
/// let ignore = DockerIgnore::parse("# build output\ntarget\n*.log\n!keep.log\n")?;
/// assert!(ignore.matches_or_parent_matches("target/debug/app"));
/// assert!(ignore.matches_or_parent_matches("error.log"));
/// assert!(!ignore.matches_or_parent_matches("keep.log"));
/// assert!(!ignore.matches_or_parent_matches("logs/error.log")); // `*` does not cross `/`
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct DockerIgnore {
    patterns: Vec<Pattern>,
}

/// The per-pattern results for a directory, handed down to its entries.
///
/// Returned by [`DockerIgnore::matches_using_parent`]. The default value means "no information about
/// the parent" and makes the next call test every parent directory itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParentMatches {
    matched: Vec<bool>,
}

impl ParentMatches {
    pub(crate) fn from_vec(matched: Vec<bool>) -> Self {
        ParentMatches { matched }
    }
}

impl DockerIgnore {
    /// Reads `.dockerignore` text and compiles its patterns.
    ///
    /// Lines are read like the CLI reads them: a UTF-8 byte-order mark is dropped; a line starting with
    /// `#` (in the very first column) is a comment; lines are trimmed and blank ones skipped; a leading
    /// `!` (an exception) may be followed by spaces; each pattern is cleaned like a path (`a//b/../c` is
    /// `a/c`) and loses one leading `/` (`/foo` is `foo`).
    ///
    /// ```
    /// use docker_sdk::build::DockerIgnore;
    ///
    /// let ignore = DockerIgnore::parse("  # not a comment\n! /keep/../keep \n/tmp\n")?;
    /// assert_eq!(ignore.patterns().collect::<Vec<_>>(), ["# not a comment", "!keep", "tmp"]);
    /// assert!(DockerIgnore::parse("!").is_err());
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming the pattern if one is malformed: an unclosed or empty `[...]`
    /// class, a trailing `\`, or a line that is only `!`.
    pub fn parse(text: &str) -> Result<DockerIgnore> {
        DockerIgnore::from_patterns(DockerIgnore::read_lines(text))
    }

    /// Splits `.dockerignore` text into patterns without compiling them (the CLI's reading step; see
    /// [`DockerIgnore::parse`] for the rules).
    ///
    /// ```
    /// use docker_sdk::build::DockerIgnore;
    ///
    /// let lines = DockerIgnore::read_lines("\u{feff}#c\n\n  a/./b/ \n!  /x\n");
    /// assert_eq!(lines, ["a/b", "!x"]);
    /// ```
    pub fn read_lines(text: &str) -> Vec<String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        text.split('\n')
            .filter(|line| !line.starts_with('#'))
            .filter_map(normalize_line)
            .collect()
    }

    /// Compiles patterns given one per item, in order (the CLI's matcher constructor).
    ///
    /// Each pattern is trimmed, skipped if blank, and cleaned like a path; unlike
    /// [`DockerIgnore::parse`], a leading `/` is kept (and then matches nothing, since paths are
    /// relative).
    ///
    /// ```
    /// use docker_sdk::build::DockerIgnore;
    ///
    /// let ignore = DockerIgnore::from_patterns(["**/*.pyc", "!keep/**"])?;
    /// assert!(ignore.matches_or_parent_matches("a/b/c.pyc"));
    /// assert!(!ignore.matches_or_parent_matches("keep/c.pyc"));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming the first malformed pattern.
    pub fn from_patterns<I, S>(patterns: I) -> Result<DockerIgnore>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = DockerIgnore::default();
        for p in patterns {
            out.push(p.as_ref())?;
        }
        Ok(out)
    }

    /// Appends one pattern (compiled like [`DockerIgnore::from_patterns`]); it takes precedence over the
    /// patterns before it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if the pattern is malformed; the list is then unchanged.
    pub fn push(&mut self, pattern: &str) -> Result<()> {
        match Pattern::new(pattern) {
            Ok(Some(p)) => {
                self.patterns.push(p);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(pattern_error(pattern, e)),
        }
    }

    /// The patterns in order, as compiled (cleaned, with `!` on exceptions).
    pub fn patterns(&self) -> impl Iterator<Item = String> + '_ {
        self.patterns.iter().map(|p| {
            if p.is_exclusion() {
                format!("!{}", p.text())
            } else {
                p.text().to_string()
            }
        })
    }

    /// The number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True if there are no patterns (nothing is excluded).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// True if any pattern is a `!` exception.
    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(Pattern::is_exclusion)
    }

    /// Whether `path` (relative to the context root, `/`-separated, already clean) is excluded.
    ///
    /// Patterns are tried in order and the last one that matches decides; an ordinary pattern is only
    /// tried while the path is included and a `!` pattern only while it is excluded. A pattern that
    /// does not match the path itself is tried against each of its parent directories (`a`, `a/b`, …),
    /// so excluding a directory excludes everything in it.
    ///
    /// ```
    /// use docker_sdk::build::DockerIgnore;
    ///
    /// let ignore = DockerIgnore::from_patterns(["docs", "!docs/keep"])?;
    /// assert!(ignore.matches_or_parent_matches("docs/a/b.md"));
    /// assert!(!ignore.matches_or_parent_matches("docs/keep/b.md"));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn matches_or_parent_matches(&self, path: &str) -> bool {
        let parent = pattern::dir(path);
        let mut matched = false;
        for p in &self.patterns {
            if p.is_exclusion() != matched {
                continue;
            }
            let hit = p.matches(path) || (parent != "." && any_prefix(&parent, |d| p.matches(d)));
            if hit {
                matched = !p.is_exclusion();
            }
        }
        matched
    }

    /// Like [`DockerIgnore::matches_or_parent_matches`], but cleans `path` first and never excludes the
    /// context root itself (`.`), as the CLI does when it checks a context before sending it.
    ///
    /// ```
    /// use docker_sdk::build::DockerIgnore;
    ///
    /// let ignore = DockerIgnore::from_patterns(["*"])?;
    /// assert!(!ignore.is_excluded("."));
    /// assert!(ignore.is_excluded("./src/../Cargo.toml"));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn is_excluded(&self, path: &str) -> bool {
        let path = pattern::clean(path);
        path != "." && self.matches_or_parent_matches(&path)
    }

    /// The matching step used while walking a tree: the same rules as
    /// [`DockerIgnore::matches_or_parent_matches`], but parent directories are not re-tested; their
    /// results come from `parent`, the value returned for the directory that holds `path`. Pass
    /// `ParentMatches::default()` for entries at the root (or when the parent's result is unknown).
    ///
    /// This is what decides the contents of a build context. It differs from
    /// `matches_or_parent_matches` in one corner: a pattern skipped for a directory (because of the
    /// evaluation order) is later tried only against the entry's own path, not against the directory.
    ///
    /// ```
    /// use docker_sdk::build::{DockerIgnore, ParentMatches};
    ///
    /// let ignore = DockerIgnore::from_patterns(["build", "!build/keep"])?;
    /// let (dir_excluded, info) = ignore.matches_using_parent("build", &ParentMatches::default());
    /// assert!(dir_excluded);
    /// assert!(ignore.matches_using_parent("build/x", &info).0);
    /// assert!(!ignore.matches_using_parent("build/keep", &info).0);
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn matches_using_parent(
        &self,
        path: &str,
        parent: &ParentMatches,
    ) -> (bool, ParentMatches) {
        let mut info = ParentMatches {
            matched: vec![false; self.patterns.len()],
        };
        let excluded = self.match_with_parent(path, parent, Some(&mut info.matched));
        (excluded, info)
    }

    /// [`DockerIgnore::matches_using_parent`] without building the result for children.
    pub(crate) fn match_with_parent(
        &self,
        path: &str,
        parent: &ParentMatches,
        mut out: Option<&mut Vec<bool>>,
    ) -> bool {
        let known = parent.matched.len() == self.patterns.len() && !parent.matched.is_empty();
        let mut parent_dir: Option<String> = None;
        let mut matched = false;
        for (i, p) in self.patterns.iter().enumerate() {
            let mut hit = known && parent.matched[i];
            if !hit {
                if p.is_exclusion() != matched {
                    continue;
                }
                hit = p.matches(path);
                if !hit && !known {
                    let dir = parent_dir.get_or_insert_with(|| pattern::dir(path));
                    if dir != "." {
                        hit = any_prefix(dir, |d| p.matches(d));
                    }
                }
            }
            if let Some(out) = out.as_deref_mut() {
                out[i] = hit;
            }
            if hit {
                matched = !p.is_exclusion();
            }
        }
        matched
    }

    /// Whether an excluded directory must still be walked because some `!` pattern may re-include
    /// something inside it.
    ///
    /// This is the CLI's literal test: some exception's text followed by `/` starts with `dir/`. It
    /// looks at text only, so `!*/keep` does *not* keep `foo/` from being skipped.
    ///
    /// ```
    /// use docker_sdk::build::DockerIgnore;
    ///
    /// let ignore = DockerIgnore::from_patterns(["*", "!foo/keep", "!*/other"])?;
    /// assert!(ignore.must_descend("foo"));
    /// assert!(!ignore.must_descend("bar"));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn must_descend(&self, dir: &str) -> bool {
        let dir_slash = format!("{dir}/");
        self.patterns
            .iter()
            .filter(|p| p.is_exclusion())
            .any(|p| format!("{}/", p.text()).starts_with(dir_slash.as_str()))
    }

    /// The CLI's older matching function, still used to decide whether the Dockerfile and
    /// `.dockerignore` need a `!` rule: only the parent whose depth equals the pattern's is tried.
    pub(crate) fn legacy_matches(&self, file: &str) -> bool {
        let file = pattern::clean(file);
        if file == "." {
            return false;
        }
        let parent = pattern::dir(&file);
        let parent_parts: Vec<&str> = parent.split('/').collect();
        let mut matched = false;
        for p in &self.patterns {
            if p.is_exclusion() != matched {
                continue;
            }
            let mut hit = p.matches(&file);
            if !hit && parent != "." && p.depth() <= parent_parts.len() {
                hit = p.matches(&parent_parts[..p.depth()].join("/"));
            }
            if hit {
                matched = !p.is_exclusion();
            }
        }
        matched
    }
}

/// One `.dockerignore` line as the CLI reads it (without the comment rule): trimmed, `!` split off and
/// re-trimmed, cleaned, one leading `/` dropped. `None` for a blank line.
pub(crate) fn normalize_line(line: &str) -> Option<String> {
    let mut pattern = line.trim();
    if pattern.is_empty() {
        return None;
    }
    let exception = pattern.starts_with('!');
    if exception {
        pattern = pattern[1..].trim();
    }
    let mut cleaned = String::new();
    if !pattern.is_empty() {
        cleaned = pattern::clean(pattern);
        if cleaned.len() > 1 && cleaned.starts_with('/') {
            cleaned.remove(0);
        }
    }
    if exception {
        cleaned.insert(0, '!');
    }
    Some(cleaned)
}

/// Calls `f` with each `/`-prefix of `dir` (`a`, `a/b`, …, `dir`) until it returns true.
fn any_prefix(dir: &str, f: impl FnMut(&str) -> bool) -> bool {
    dir.match_indices('/')
        .map(|(i, _)| &dir[..i])
        .chain(std::iter::once(dir))
        .any(f)
}

fn pattern_error(pattern: &str, e: PatternError) -> Error {
    match e {
        PatternError::BareExclamation => Error::invalid(format!(
            "illegal exclusion pattern: \"!\" (in .dockerignore pattern {pattern:?}): an exception needs a path after the `!`"
        )),
        PatternError::BadGlob => Error::invalid(format!(
            "invalid .dockerignore pattern {pattern:?}: syntax error in pattern (check that every `[` class is closed and not empty, and that a trailing `\\` escapes something; write `\\[` for a literal `[`)"
        )),
        PatternError::BadRegex(why) => Error::invalid(format!(
            "invalid .dockerignore pattern {pattern:?}: the Docker CLI rejects it ({why}); escape the character after `\\` only if it is punctuation"
        )),
    }
}

impl fmt::Debug for DockerIgnore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.patterns()).finish()
    }
}

impl fmt::Display for DockerIgnore {
    /// One pattern per line, as they would appear in a `.dockerignore` file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.patterns() {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for DockerIgnore {
    type Err = Error;

    /// Same as [`DockerIgnore::parse`].
    fn from_str(s: &str) -> Result<Self> {
        DockerIgnore::parse(s)
    }
}

#[cfg(test)]
mod tests;
