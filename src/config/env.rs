//! Where configuration reads environment variables from.
//!
//! Everything in [`crate::config`] that looks at `DOCKER_HOST`, `DOCKER_CONFIG`, `PATH` and friends does so
//! through an [`Env`] value instead of calling [`std::env::var`] directly. Production code uses
//! [`Env::process`]; tests and embedders pass [`Env::from_pairs`] or [`Env::from_fn`] so that nothing ever has
//! to change the real process environment.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// A source of environment variables: the real process environment, a fixed map, or any lookup function.
///
/// Cloning is cheap (the lookup is shared). `Debug` never prints values, since variables such as
/// `DOCKER_AUTH_CONFIG` hold secrets.
///
/// ```
/// use docker_sdk::config::Env;
///
/// let env = Env::from_pairs([("DOCKER_HOST", "tcp://10.0.0.5:2375")]);
/// assert_eq!(env.var("DOCKER_HOST").as_deref(), Some("tcp://10.0.0.5:2375"));
/// assert_eq!(env.var("DOCKER_CONTEXT"), None);
/// ```
#[derive(Clone)]
pub struct Env {
    lookup: Arc<Lookup>,
    kind: &'static str,
}

impl Env {
    /// The environment of the current process ([`std::env::var_os`]); values that are not valid UTF-8 are
    /// converted lossily.
    pub fn process() -> Self {
        Env {
            lookup: Arc::new(|name| {
                std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
            }),
            kind: "process",
        }
    }

    /// A fixed set of variables; every other name is unset.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Env {
            lookup: Arc::new(move |name| map.get(name).cloned()),
            kind: "fixed",
        }
    }

    /// Any lookup function.
    ///
    /// ```
    /// use docker_sdk::config::Env;
    ///
    /// let env = Env::from_fn(|name| (name == "HOME").then(|| "/home/me".to_string()));
    /// assert_eq!(env.var("HOME").as_deref(), Some("/home/me"));
    /// ```
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Env {
            lookup: Arc::new(lookup),
            kind: "custom",
        }
    }

    /// An environment in which nothing is set.
    pub fn empty() -> Self {
        Env {
            lookup: Arc::new(|_| None),
            kind: "empty",
        }
    }

    /// The value of `name`, if it is set (possibly to the empty string).
    pub fn var(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
    }

    /// The value of `name` if it is set to something other than the empty string.
    ///
    /// ```
    /// use docker_sdk::config::Env;
    ///
    /// let env = Env::from_pairs([("DOCKER_HOST", "")]);
    /// assert_eq!(env.var("DOCKER_HOST").as_deref(), Some(""));
    /// assert_eq!(env.non_empty("DOCKER_HOST"), None);
    /// ```
    pub fn non_empty(&self, name: &str) -> Option<String> {
        self.var(name).filter(|v| !v.is_empty())
    }
}

impl Default for Env {
    /// The process environment.
    fn default() -> Self {
        Env::process()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("source", &self.kind)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_env_answers_only_its_names() {
        let env = Env::from_pairs([("A", "1"), ("B", "")]);
        assert_eq!(env.var("A").as_deref(), Some("1"));
        assert_eq!(env.var("B").as_deref(), Some(""));
        assert_eq!(env.non_empty("B"), None);
        assert_eq!(env.var("C"), None);
        assert_eq!(Env::empty().var("PATH"), None);
    }

    #[test]
    fn debug_hides_values() {
        let env = Env::from_pairs([("DOCKER_AUTH_CONFIG", "s3cr3t")]);
        let shown = format!("{env:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("fixed"));
    }

    #[test]
    fn process_env_sees_path() {
        // Reading (never writing) the real environment is safe in parallel tests.
        assert_eq!(Env::process().var("PATH"), std::env::var("PATH").ok());
    }
}
