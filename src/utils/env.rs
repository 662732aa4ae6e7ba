//! Environment variables: reading env files (`--env-file`) and writing `KEY=VALUE` lists.
//!
//! Env files follow the Docker CLI's rules, which are simpler than a shell's:
//!
//! - one variable per line; leading whitespace is ignored; blank lines and lines starting with `#` are
//!   skipped (a `#` later in a line is part of the value);
//! - `KEY=VALUE` sets `KEY` to everything after the first `=`, verbatim: no quote removal, no escapes,
//!   no variable expansion, trailing spaces kept (a trailing `\r` from CRLF files is dropped);
//! - a line with just `KEY` takes the value of `KEY` from the process environment, and is left out when
//!   `KEY` is not set there;
//! - a key may not be empty or contain spaces or tabs; the file must be UTF-8 (a leading BOM is ignored).
//!
//! docker-py's `parse_env_file` differs: it rejects a line without `=` and does not strip leading
//! whitespace.

use std::path::Path;

use crate::error::{Error, Result};

/// Reads an env file; see the [module documentation](self) for the format.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("app.env");
/// std::fs::write(&path, "# settings\nMODE=prod\nGREETING=hello world\n")?;
/// let vars = docker_sdk::utils::env::parse_env_file(&path)?;
/// assert_eq!(vars, [("MODE".to_owned(), "prod".to_owned()), ("GREETING".to_owned(), "hello world".to_owned())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] naming the file when it cannot be read, is not UTF-8, or has an invalid
/// line (with its number).
pub fn parse_env_file(path: impl AsRef<Path>) -> Result<Vec<(String, String)>> {
    let path = path.as_ref();
    let bytes = std::fs::read(path)
        .map_err(|e| Error::invalid(format!("cannot read env file {}: {e}", path.display())))?;
    parse_env_bytes(&bytes, &path.display().to_string(), |key| {
        std::env::var(key).ok()
    })
}

/// Parses env-file text, taking values for bare `KEY` lines from the process environment.
///
/// ```
/// use docker_sdk::utils::env::parse_env;
///
/// let vars = parse_env("  A=1\n# comment\n\nB= spaced = value \nC=x#not-a-comment\r\n")?;
/// assert_eq!(vars[0], ("A".into(), "1".into()));
/// assert_eq!(vars[1], ("B".into(), " spaced = value ".into()));
/// assert_eq!(vars[2], ("C".into(), "x#not-a-comment".into()));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for an empty key or a key with whitespace, naming the line.
pub fn parse_env(content: &str) -> Result<Vec<(String, String)>> {
    parse_env_with(content, |key| std::env::var(key).ok())
}

/// Parses env-file text, taking values for bare `KEY` lines from `lookup` (return `None` to leave the
/// variable out).
///
/// ```
/// use docker_sdk::utils::env::parse_env_with;
///
/// let vars = parse_env_with("TOKEN\nMISSING\nX=1", |k| (k == "TOKEN").then(|| "from-env".to_owned()))?;
/// assert_eq!(vars, [("TOKEN".into(), "from-env".into()), ("X".into(), "1".into())]);
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// As [`parse_env`].
pub fn parse_env_with(
    content: &str,
    lookup: impl FnMut(&str) -> Option<String>,
) -> Result<Vec<(String, String)>> {
    parse_env_bytes(content.as_bytes(), "env text", lookup)
}

fn parse_env_bytes(
    content: &[u8],
    source: &str,
    mut lookup: impl FnMut(&str) -> Option<String>,
) -> Result<Vec<(String, String)>> {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let mut vars = Vec::new();
    for (index, raw) in content.split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = std::str::from_utf8(raw).map_err(|_| {
            Error::invalid(format!(
                "{source} is not valid UTF-8 at line {number}; save it as UTF-8"
            ))
        })?;
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (line, None),
        };
        if key.is_empty() {
            return Err(Error::invalid(format!(
                "{source}, line {number}: no variable name before '=' in {line:?}"
            )));
        }
        if key.contains([' ', '\t']) {
            return Err(Error::invalid(format!(
                "{source}, line {number}: the variable name {key:?} contains whitespace"
            )));
        }
        match value {
            Some(v) => vars.push((key.to_owned(), v.to_owned())),
            None => {
                if let Some(v) = lookup(key) {
                    vars.push((key.to_owned(), v));
                }
            }
        }
    }
    Ok(vars)
}

/// Checks one entry of an `Env` list given as `KEY=VALUE` text (docker-py's list form): it needs a
/// variable name before any `=`. A bare `KEY` is allowed (the daemon then takes the variable from the
/// image, or drops it).
///
/// ```
/// use docker_sdk::utils::env::check_env_entry;
///
/// assert!(check_env_entry("A=1").is_ok());
/// assert!(check_env_entry("=1").is_err());
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] naming the entry when it is empty or starts with `=`.
pub fn check_env_entry(entry: &str) -> Result<()> {
    if entry.is_empty() || entry.starts_with('=') {
        return Err(Error::invalid(format!(
            "environment entry {entry:?} is not of the form KEY=VALUE"
        )));
    }
    Ok(())
}

/// Formats variables as the Engine API's `Env` list, `["KEY=VALUE", …]`, sorted by key so the request
/// is the same whatever map the variables came from (the sort is stable: repeated keys keep their
/// order, and the daemon lets the last one win).
///
/// ```
/// use std::collections::HashMap;
/// use docker_sdk::utils::env::format_env;
///
/// let vars = HashMap::from([("B", "2"), ("A", "x=y")]);
/// assert_eq!(format_env(vars)?, ["A=x=y", "B=2"]);
/// assert!(format_env([("", "v")]).is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for an empty key or a key containing `=`.
pub fn format_env<I, K, V>(vars: I) -> Result<Vec<String>>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut pairs: Vec<(K, V)> = vars.into_iter().collect();
    for (key, _) in &pairs {
        let key = key.as_ref();
        if key.is_empty() {
            return Err(Error::invalid(
                "an environment variable name is empty; give every variable a name",
            ));
        }
        if key.contains('=') {
            return Err(Error::invalid(format!(
                "the environment variable name {key:?} contains '='; put the value after the name instead"
            )));
        }
    }
    pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    Ok(pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", k.as_ref(), v.as_ref()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(key: &str) -> Option<String> {
        match key {
            "HOME_DIR" => Some("/home/me".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn env_file_lines() {
        let cases: Vec<(&str, Vec<(String, String)>)> = vec![
            ("", vec![]),
            ("\n\n  \n\t\n", vec![]),
            ("A=1", pairs(&[("A", "1")])),
            ("A=1\nB=2\n", pairs(&[("A", "1"), ("B", "2")])),
            ("A=1\r\nB=2\r\n", pairs(&[("A", "1"), ("B", "2")])),
            ("\u{feff}A=1", pairs(&[("A", "1")])),
            ("   A=1", pairs(&[("A", "1")])),
            ("A=  1  ", pairs(&[("A", "  1  ")])),
            ("A=", pairs(&[("A", "")])),
            ("A=b=c", pairs(&[("A", "b=c")])),
            ("A=\"quoted\"", pairs(&[("A", "\"quoted\"")])),
            ("A=$HOME", pairs(&[("A", "$HOME")])),
            (
                "# c\n  # indented comment\nA=1 # not a comment",
                pairs(&[("A", "1 # not a comment")]),
            ),
            ("HOME_DIR", pairs(&[("HOME_DIR", "/home/me")])),
            ("  HOME_DIR", pairs(&[("HOME_DIR", "/home/me")])),
            ("EMPTY", pairs(&[("EMPTY", "")])),
            ("UNSET\nA=1", pairs(&[("A", "1")])),
            ("A=1\nA=2", pairs(&[("A", "1"), ("A", "2")])),
            ("ünïcode=ok", pairs(&[("ünïcode", "ok")])),
        ];
        for (content, want) in cases {
            assert_eq!(
                parse_env_with(content, lookup).unwrap(),
                want,
                "{content:?}"
            );
        }
    }

    #[test]
    fn env_file_errors() {
        let cases = [
            ("=value", "line 1: no variable name"),
            ("A=1\n  =x", "line 2: no variable name"),
            ("MY VAR=1", "contains whitespace"),
            ("A\t=1", "contains whitespace"),
            ("A =1", "contains whitespace"),
            ("SPACED KEY", "contains whitespace"),
        ];
        for (content, why) in cases {
            let err = parse_env_with(content, lookup).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)));
            assert!(err.to_string().contains(why), "{content:?}: {err}");
        }
    }

    #[test]
    fn env_file_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.env");
        std::fs::write(&path, b"A=1\nB=\xff\n").unwrap();
        let err = parse_env_file(&path).unwrap_err().to_string();
        assert!(err.contains("x.env is not valid UTF-8 at line 2"), "{err}");

        let missing = dir.path().join("missing.env");
        let err = parse_env_file(&missing).unwrap_err().to_string();
        assert!(
            err.contains("cannot read env file") && err.contains("missing.env"),
            "{err}"
        );

        std::fs::write(&path, "PATH\nA=b\n").unwrap();
        let vars = parse_env_file(&path).unwrap();
        assert_eq!(vars[0].0, "PATH");
        assert_eq!(vars[0].1, std::env::var("PATH").unwrap());
        assert_eq!(vars[1], ("A".into(), "b".into()));
    }

    #[test]
    fn format_env_sorts_and_validates() {
        assert_eq!(
            format_env(Vec::<(String, String)>::new()).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            format_env([("Z", "1"), ("A", ""), ("M", "a b"), ("A", "again")]).unwrap(),
            ["A=", "A=again", "M=a b", "Z=1"]
        );
        let map: std::collections::BTreeMap<String, String> =
            [("K".to_owned(), "v".to_owned())].into();
        assert_eq!(format_env(&map).unwrap(), ["K=v"]);
        assert!(format_env([("A=B", "c")])
            .unwrap_err()
            .to_string()
            .contains("contains '='"));
        assert!(format_env([("", "c")]).is_err());
    }
}
