//! Image references: `alpine`, `alpine:3.20`, `localhost:5000/team/app:v1`, `app@sha256:…`.
//!
//! Two views are offered:
//!
//! - [`parse_repository_tag`] splits a reference exactly as docker-py does, without validating it;
//! - [`ImageReference`] parses and validates with the Docker CLI's grammar, and
//!   [`normalize`](ImageReference::normalize) applies the CLI's defaults (registry `docker.io`,
//!   `library/` for official images, tag `latest`).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// The registry that references without a registry part point to.
pub const DEFAULT_REGISTRY: &str = "docker.io";

/// The key under which `config.json` stores credentials for Docker Hub.
pub const DOCKER_HUB_AUTH_KEY: &str = "https://index.docker.io/v1/";

/// The tag used when a reference has neither a tag nor a digest.
pub const DEFAULT_TAG: &str = "latest";

/// Longest repository name (registry and path) the CLI accepts.
const MAX_NAME_LEN: usize = 255;

/// Longest tag the CLI accepts.
const MAX_TAG_LEN: usize = 128;

/// Splits a reference into repository and tag-or-digest with docker-py's rules, without validating it.
///
/// - If there is an `@`, everything after the last one is the digest and everything before it the
///   repository (which may then still carry a tag: `repo:tag@sha256:…` gives `("repo:tag", "sha256:…")`,
///   which the daemon's pull endpoint accepts).
/// - Otherwise, a `:` after the last `/` starts the tag (so a registry port is not mistaken for one).
/// - Otherwise there is no tag.
///
/// ```
/// use docker_sdk::utils::reference::parse_repository_tag;
///
/// assert_eq!(parse_repository_tag("alpine"), ("alpine", None));
/// assert_eq!(parse_repository_tag("alpine:3.20"), ("alpine", Some("3.20")));
/// assert_eq!(parse_repository_tag("localhost:5000/app"), ("localhost:5000/app", None));
/// assert_eq!(parse_repository_tag("localhost:5000/app:v1"), ("localhost:5000/app", Some("v1")));
/// assert_eq!(parse_repository_tag("app@sha256:abc"), ("app", Some("sha256:abc")));
/// ```
pub fn parse_repository_tag(name: &str) -> (&str, Option<&str>) {
    if let Some((repo, digest)) = name.rsplit_once('@') {
        return (repo, Some(digest));
    }
    match name.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => (repo, Some(tag)),
        _ => (name, None),
    }
}

/// A parsed and validated image reference: `[REGISTRY/]REPOSITORY[:TAG][@DIGEST]`.
///
/// [`parse`](Self::parse) keeps the parts as written; [`normalize`](Self::normalize) fills in the
/// defaults the Docker CLI applies.
///
/// ```
/// use docker_sdk::utils::reference::ImageReference;
///
/// let r = ImageReference::parse("localhost:5000/team/app:v1")?;
/// assert_eq!(r.registry(), Some("localhost:5000"));
/// assert_eq!(r.repository(), "team/app");
/// assert_eq!(r.tag(), Some("v1"));
/// assert_eq!(r.credentials_key(), "localhost:5000");
///
/// let hub = ImageReference::parse("alpine")?.normalize();
/// assert_eq!(hub.to_string(), "docker.io/library/alpine:latest");
/// assert_eq!(hub.credentials_key(), "https://index.docker.io/v1/");
/// assert_eq!(hub.familiar_name(), "alpine");
///
/// assert!(ImageReference::parse("Alpine").is_err()); // repositories are lowercase
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageReference {
    registry: Option<String>,
    repository: String,
    tag: Option<String>,
    digest: Option<String>,
}

impl ImageReference {
    /// Parses and validates a reference.
    ///
    /// The first path component is a registry when it contains a `.` or a `:`, is `localhost`, or has an
    /// uppercase letter (the CLI's rule); otherwise the whole name is a repository on Docker Hub.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming the part that is wrong: an empty reference, a repository that is
    /// not lowercase or has characters outside `a-z 0-9 . _ -` and `/`, a malformed registry, tag or
    /// digest, a name over 255 characters, or a bare 64-hex-digit string (an image ID, not a name).
    pub fn parse(reference: &str) -> Result<Self> {
        let bad =
            |why: String| Error::invalid(format!("invalid image reference {reference:?}: {why}"));
        if reference.is_empty() {
            return Err(bad("it is empty".into()));
        }
        if reference.len() == 64
            && reference
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(bad(
                "a 64-digit hex string is an image ID, not a repository name; pass IDs to the image methods directly"
                    .into(),
            ));
        }

        let (name_tag, digest) = match reference.split_once('@') {
            Some((n, d)) => {
                validate_digest(d).map_err(bad)?;
                (n, Some(d.to_owned()))
            }
            None => (reference, None),
        };
        let (name, tag) = match name_tag.rsplit_once(':') {
            Some((n, t)) if !t.contains('/') => {
                validate_tag(t).map_err(bad)?;
                (n, Some(t.to_owned()))
            }
            _ => (name_tag, None),
        };
        if name.is_empty() {
            return Err(bad("the repository name is empty".into()));
        }
        if name.len() > MAX_NAME_LEN {
            return Err(bad(format!(
                "the repository name is {} characters long; at most {MAX_NAME_LEN} are allowed",
                name.len()
            )));
        }

        let (registry, path) = match name.split_once('/') {
            Some((first, rest))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.bytes().any(|b| b.is_ascii_uppercase()) =>
            {
                validate_registry(first).map_err(bad)?;
                (Some(first.to_owned()), rest)
            }
            _ => (None, name),
        };
        validate_path(path).map_err(bad)?;

        Ok(ImageReference {
            registry,
            repository: path.to_owned(),
            tag,
            digest,
        })
    }

    /// The reference with the Docker CLI's defaults applied:
    ///
    /// - no registry → `docker.io`; `index.docker.io` and `registry-1.docker.io` → `docker.io`;
    /// - a one-component repository on `docker.io` → `library/NAME`;
    /// - neither tag nor digest → tag `latest` (a reference with a digest gets no tag added).
    ///
    /// ```
    /// use docker_sdk::utils::reference::ImageReference;
    ///
    /// let norm = |s: &str| ImageReference::parse(s).unwrap().normalize().to_string();
    /// assert_eq!(norm("alpine"), "docker.io/library/alpine:latest");
    /// assert_eq!(norm("user/app:1"), "docker.io/user/app:1");
    /// assert_eq!(norm("index.docker.io/nginx"), "docker.io/library/nginx:latest");
    /// assert_eq!(norm("ghcr.io/o/r"), "ghcr.io/o/r:latest");
    /// assert_eq!(norm("localhost/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
    ///            "localhost/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    /// ```
    #[must_use]
    pub fn normalize(&self) -> ImageReference {
        let registry = self.registry_host().to_owned();
        let repository = if registry == DEFAULT_REGISTRY && !self.repository.contains('/') {
            format!("library/{}", self.repository)
        } else {
            self.repository.clone()
        };
        let tag = match (&self.tag, &self.digest) {
            (None, None) => Some(DEFAULT_TAG.to_owned()),
            (tag, _) => tag.clone(),
        };
        ImageReference {
            registry: Some(registry),
            repository,
            tag,
            digest: self.digest.clone(),
        }
    }

    /// The registry as written, if any.
    pub fn registry(&self) -> Option<&str> {
        self.registry.as_deref()
    }

    /// The repository path as written (without registry, tag or digest), e.g. `team/app` or `alpine`.
    pub fn repository(&self) -> &str {
        &self.repository
    }

    /// The tag, if any.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The digest (`sha256:…`), if any.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// The registry host the image lives on: `docker.io` when none is written (or for Docker Hub's
    /// aliases `index.docker.io` and `registry-1.docker.io`), the written registry otherwise.
    pub fn registry_host(&self) -> &str {
        match self.registry.as_deref() {
            None | Some("index.docker.io") | Some("registry-1.docker.io") => DEFAULT_REGISTRY,
            Some(other) => other,
        }
    }

    /// The key under which `config.json` and credential helpers store this registry's credentials:
    /// [`DOCKER_HUB_AUTH_KEY`] (`https://index.docker.io/v1/`) for Docker Hub, the registry host otherwise.
    pub fn credentials_key(&self) -> &str {
        match self.registry_host() {
            DEFAULT_REGISTRY => DOCKER_HUB_AUTH_KEY,
            other => other,
        }
    }

    /// `REGISTRY/REPOSITORY` as written (just the repository when no registry is written), without tag
    /// or digest.
    pub fn name(&self) -> String {
        match &self.registry {
            Some(registry) => format!("{registry}/{}", self.repository),
            None => self.repository.clone(),
        }
    }

    /// The short name the Docker CLI displays: Docker Hub's registry and `library/` are left out.
    ///
    /// ```
    /// use docker_sdk::utils::reference::ImageReference;
    ///
    /// let short = |s: &str| ImageReference::parse(s).unwrap().familiar_name();
    /// assert_eq!(short("docker.io/library/redis:7"), "redis");
    /// assert_eq!(short("docker.io/bitnami/redis"), "bitnami/redis");
    /// assert_eq!(short("quay.io/library/x"), "quay.io/library/x");
    /// ```
    pub fn familiar_name(&self) -> String {
        if self.registry_host() == DEFAULT_REGISTRY {
            self.repository
                .strip_prefix("library/")
                .filter(|rest| !rest.contains('/'))
                .unwrap_or(&self.repository)
                .to_owned()
        } else {
            self.name()
        }
    }
}

impl fmt::Display for ImageReference {
    /// `[REGISTRY/]REPOSITORY[:TAG][@DIGEST]`, as parsed (or as normalized).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(registry) = &self.registry {
            write!(f, "{registry}/")?;
        }
        f.write_str(&self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

impl FromStr for ImageReference {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        ImageReference::parse(s)
    }
}

impl TryFrom<&str> for ImageReference {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self> {
        ImageReference::parse(s)
    }
}

/// `HOST[:PORT]` where HOST is a DNS name (letters, digits, inner hyphens, dot-separated) or a
/// bracketed IPv6 address.
fn validate_registry(registry: &str) -> std::result::Result<(), String> {
    let bad = || {
        format!("{registry:?} is not a valid registry host (expected HOST or HOST:PORT, e.g. localhost:5000)")
    };
    let (host, port) = if let Some(rest) = registry.strip_prefix('[') {
        let (v6, after) = rest.split_once(']').ok_or_else(bad)?;
        if v6.is_empty() || !v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Err(bad());
        }
        match after {
            "" => (None, None),
            _ => (None, Some(after.strip_prefix(':').ok_or_else(bad)?)),
        }
    } else {
        match registry.split_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(registry), None),
        }
    };
    if let Some(host) = host {
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if !host.split('.').all(label_ok) {
            return Err(bad());
        }
    }
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
    }
    Ok(())
}

/// Path components of lowercase letters and digits, joined by `.`, `_`, `__` or runs of `-`.
fn validate_path(path: &str) -> std::result::Result<(), String> {
    if path.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!("the repository name {path:?} must be lowercase"));
    }
    for component in path.split('/') {
        if !component_ok(component.as_bytes()) {
            return Err(format!(
                "{component:?} is not a valid repository path component \
                 (lowercase letters and digits, separated by '.', '_', '__' or '-')"
            ));
        }
    }
    Ok(())
}

fn component_ok(c: &[u8]) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(&first), Some(&last)) = (c.first(), c.last()) else {
        return false;
    };
    if !alnum(first) || !alnum(last) {
        return false;
    }
    let mut i = 0;
    while i < c.len() {
        if alnum(c[i]) {
            i += 1;
            continue;
        }
        // A separator run: '.', '_', '__', or one or more '-'.
        let start = i;
        while i < c.len() && !alnum(c[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == b"." || sep == b"_" || sep == b"__" || sep.iter().all(|&b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn validate_tag(tag: &str) -> std::result::Result<(), String> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    let ok = !bytes.is_empty()
        && bytes.len() <= MAX_TAG_LEN
        && word(bytes[0])
        && bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the tag {tag:?} is invalid (up to {MAX_TAG_LEN} letters, digits, '_', '.' and '-', not starting \
             with '.' or '-')"
        ))
    }
}

/// `ALGORITHM:HEX`, with the exact length for the well-known algorithms.
fn validate_digest(digest: &str) -> std::result::Result<(), String> {
    let bad = |why: &str| format!("the digest {digest:?} is invalid: {why}");
    let (algorithm, hex) = digest
        .split_once(':')
        .ok_or_else(|| bad("expected ALGORITHM:HEX, e.g. sha256:<64 hex digits>"))?;
    let algorithm_ok = algorithm.split(['+', '.', '_', '-']).all(|part| {
        part.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
            && part.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if !algorithm_ok {
        return Err(bad("the algorithm name is malformed"));
    }
    let expected_len = match algorithm {
        "sha256" => Some(64),
        "sha384" => Some(96),
        "sha512" => Some(128),
        _ => None,
    };
    match expected_len {
        Some(len) => {
            if hex.len() != len || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(bad(&format!(
                    "{algorithm} needs exactly {len} lowercase hex digits"
                )));
            }
        }
        None => {
            if hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad("expected at least 32 hex digits"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn docker_py_split() {
        let at_digest = format!("localhost:5000/foo/bar:tag@{SHA}");
        let cases: Vec<(&str, (&str, Option<&str>))> = vec![
            ("root", ("root", None)),
            ("root:tag", ("root", Some("tag"))),
            ("user/repo", ("user/repo", None)),
            ("user/repo:tag", ("user/repo", Some("tag"))),
            ("url:5000/repo", ("url:5000/repo", None)),
            ("url:5000/repo:tag", ("url:5000/repo", Some("tag"))),
            ("root@sha256:abc", ("root", Some("sha256:abc"))),
            (
                "url:5000/repo@sha256:abc",
                ("url:5000/repo", Some("sha256:abc")),
            ),
            (&at_digest, ("localhost:5000/foo/bar:tag", Some(SHA))),
            ("", ("", None)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_repository_tag(input), want, "{input}");
        }
    }

    type Parts<'a> = (Option<&'a str>, &'a str, Option<&'a str>, Option<&'a str>);

    fn parts(r: &ImageReference) -> Parts<'_> {
        (r.registry(), r.repository(), r.tag(), r.digest())
    }

    #[test]
    fn parse_valid() {
        let with_digest = format!("app@{SHA}");
        let full = format!("localhost:5000/foo/bar:tag@{SHA}");
        let cases: Vec<(&str, Parts<'_>)> = vec![
            ("alpine", (None, "alpine", None, None)),
            ("alpine:3.20", (None, "alpine", Some("3.20"), None)),
            ("Alpine/x", (Some("Alpine"), "x", None, None)), // uppercase first component = registry
            (
                "user/app:V1_x-y.z",
                (None, "user/app", Some("V1_x-y.z"), None),
            ),
            ("a/b/c/d", (None, "a/b/c/d", None, None)),
            ("localhost/app", (Some("localhost"), "app", None, None)),
            (
                "localhost:5000/app",
                (Some("localhost:5000"), "app", None, None),
            ),
            (
                "my.registry.example.com/team/app:1",
                (Some("my.registry.example.com"), "team/app", Some("1"), None),
            ),
            ("[::1]:5000/app", (Some("[::1]:5000"), "app", None, None)),
            ("[fe80::1]/app", (Some("[fe80::1]"), "app", None, None)),
            (
                "reg-1.example:443/a__b/c--d/e.f_g",
                (Some("reg-1.example:443"), "a__b/c--d/e.f_g", None, None),
            ),
            (&with_digest, (None, "app", None, Some(SHA))),
            (
                &full,
                (Some("localhost:5000"), "foo/bar", Some("tag"), Some(SHA)),
            ),
            (
                "x@md5:0123456789abcdef0123456789abcdef",
                (
                    None,
                    "x",
                    None,
                    Some("md5:0123456789abcdef0123456789abcdef"),
                ),
            ),
        ];
        for (input, want) in cases {
            let r = ImageReference::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(parts(&r), want, "{input}");
            assert_eq!(r.to_string(), input, "display round-trips");
        }
    }

    #[test]
    fn parse_invalid() {
        let hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let long = "a".repeat(256);
        let long_tag = format!("a:{}", "t".repeat(129));
        let cases: Vec<(&str, &str)> = vec![
            ("", "empty"),
            (":tag", "repository name is empty"),
            ("alpine:", "tag \"\" is invalid"),
            ("alpine:-x", "tag"),
            // A ':' before the last '/' is not a tag, so "alpine:a" is read as a registry host.
            ("alpine:a/b", "not a valid registry host"),
            ("user/Repo", "must be lowercase"),
            ("docker.io/Library/x", "must be lowercase"),
            ("a..b", "not a valid repository path component"),
            ("a___b", "not a valid repository path component"),
            ("-a", "not a valid repository path component"),
            ("a-", "not a valid repository path component"),
            ("a//b", "not a valid repository path component"),
            ("a/", "not a valid repository path component"),
            ("a b", "not a valid repository path component"),
            ("bad_host.com/x", "not a valid registry host"),
            ("host:port/x", "not a valid registry host"),
            ("[zz::1]/x", "not a valid registry host"),
            ("-host.com/x", "not a valid registry host"),
            ("app@sha256:abc", "exactly 64"),
            (
                "app@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                "exactly 64",
            ),
            ("app@nocolon", "ALGORITHM:HEX"),
            ("app@1sha:0123456789abcdef0123456789abcdef", "algorithm"),
            ("app@foo:0123", "at least 32"),
            (hex64, "image ID"),
            (&long, "at most 255"),
            (&long_tag, "tag"),
        ];
        for (input, why) in cases {
            match ImageReference::parse(input) {
                Err(Error::InvalidArgument(msg)) => assert!(msg.contains(why), "{input}: {msg}"),
                other => panic!("{input}: expected InvalidArgument, got {other:?}"),
            }
        }
    }

    #[test]
    fn normalize_and_hosts() {
        let cases: Vec<(&str, &str, &str, &str)> = vec![
            // input, normalized, registry_host, credentials_key
            (
                "alpine",
                "docker.io/library/alpine:latest",
                "docker.io",
                DOCKER_HUB_AUTH_KEY,
            ),
            (
                "library/alpine:3",
                "docker.io/library/alpine:3",
                "docker.io",
                DOCKER_HUB_AUTH_KEY,
            ),
            (
                "docker.io/alpine",
                "docker.io/library/alpine:latest",
                "docker.io",
                DOCKER_HUB_AUTH_KEY,
            ),
            (
                "index.docker.io/u/app",
                "docker.io/u/app:latest",
                "docker.io",
                DOCKER_HUB_AUTH_KEY,
            ),
            (
                "registry-1.docker.io/redis",
                "docker.io/library/redis:latest",
                "docker.io",
                DOCKER_HUB_AUTH_KEY,
            ),
            (
                "localhost:5000/app",
                "localhost:5000/app:latest",
                "localhost:5000",
                "localhost:5000",
            ),
            (
                "ghcr.io/owner/img:v2",
                "ghcr.io/owner/img:v2",
                "ghcr.io",
                "ghcr.io",
            ),
            (
                "quay.io/single",
                "quay.io/single:latest",
                "quay.io",
                "quay.io",
            ),
        ];
        for (input, normalized, host, key) in cases {
            let r = ImageReference::parse(input).unwrap();
            assert_eq!(r.registry_host(), host, "{input}");
            assert_eq!(r.credentials_key(), key, "{input}");
            let n = r.normalize();
            assert_eq!(n.to_string(), normalized, "{input}");
            assert_eq!(n.normalize(), n, "normalize is idempotent for {input}");
        }
        let pinned = ImageReference::parse(&format!("alpine@{SHA}"))
            .unwrap()
            .normalize();
        assert_eq!(pinned.tag(), None);
        assert_eq!(
            pinned.to_string(),
            format!("docker.io/library/alpine@{SHA}")
        );
        let both = ImageReference::parse(&format!("alpine:3@{SHA}"))
            .unwrap()
            .normalize();
        assert_eq!(both.tag(), Some("3"));
    }

    #[test]
    fn names() {
        let r = ImageReference::parse("localhost:5000/a/b:1").unwrap();
        assert_eq!(r.name(), "localhost:5000/a/b");
        assert_eq!(r.familiar_name(), "localhost:5000/a/b");
        let hub = ImageReference::parse("alpine:1").unwrap().normalize();
        assert_eq!(hub.name(), "docker.io/library/alpine");
        assert_eq!(hub.familiar_name(), "alpine");
        let nested = ImageReference::parse("library/a/b").unwrap();
        assert_eq!(nested.familiar_name(), "library/a/b");
        assert_eq!("x:y".parse::<ImageReference>().unwrap().tag(), Some("y"));
        assert!(ImageReference::try_from("X").is_err());
    }
}
