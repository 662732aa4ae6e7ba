//! Proxy settings from `config.json`'s `proxies`, turned into container environment variables and build
//! arguments the way the Docker CLI injects them.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ConfigFile;

/// The key in `proxies` used when there is no entry for the daemon's host.
pub const DEFAULT_PROXY_KEY: &str = "default";

/// One entry of `config.json`'s `proxies` map.
///
/// `Debug` hides any `user:password@` part of the proxy URLs.
///
/// ```
/// use docker_sdk::config::ProxyConfig;
///
/// let proxy = ProxyConfig {
///     http_proxy: Some("http://proxy:3128".into()),
///     no_proxy: Some("localhost".into()),
///     ..Default::default()
/// };
/// assert_eq!(
///     proxy.to_env(),
///     ["HTTP_PROXY=http://proxy:3128", "http_proxy=http://proxy:3128", "NO_PROXY=localhost", "no_proxy=localhost"]
/// );
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyConfig {
    /// `httpProxy`: proxy for plain HTTP.
    #[serde(rename = "httpProxy", default, skip_serializing_if = "Option::is_none")]
    pub http_proxy: Option<String>,
    /// `httpsProxy`: proxy for HTTPS.
    #[serde(
        rename = "httpsProxy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub https_proxy: Option<String>,
    /// `noProxy`: hosts that bypass the proxy.
    #[serde(rename = "noProxy", default, skip_serializing_if = "Option::is_none")]
    pub no_proxy: Option<String>,
    /// `ftpProxy`: proxy for FTP.
    #[serde(rename = "ftpProxy", default, skip_serializing_if = "Option::is_none")]
    pub ftp_proxy: Option<String>,
    /// `allProxy`: proxy for every protocol.
    #[serde(rename = "allProxy", default, skip_serializing_if = "Option::is_none")]
    pub all_proxy: Option<String>,
    /// Other fields, kept so that saving preserves them.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.as_deref().map(redact_userinfo);
        f.debug_struct("ProxyConfig")
            .field("http_proxy", &show(&self.http_proxy))
            .field("https_proxy", &show(&self.https_proxy))
            .field("no_proxy", &self.no_proxy)
            .field("ftp_proxy", &show(&self.ftp_proxy))
            .field("all_proxy", &show(&self.all_proxy))
            .finish_non_exhaustive()
    }
}

/// Replaces the `user:password@` part of a URL with `<redacted>@`.
fn redact_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}<redacted>{}", &url[..scheme_end + 3], &rest[at..]),
        None => url.to_string(),
    }
}

impl ProxyConfig {
    /// True when no proxy variable would be set.
    pub fn is_empty(&self) -> bool {
        self.vars().next().is_none()
    }

    /// The variables to set, upper-case then lower-case name for each setting, in the order
    /// HTTP, HTTPS, NO, FTP, ALL. Empty settings are skipped.
    pub fn vars(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        let settings = [
            (&self.http_proxy, ["HTTP_PROXY", "http_proxy"]),
            (&self.https_proxy, ["HTTPS_PROXY", "https_proxy"]),
            (&self.no_proxy, ["NO_PROXY", "no_proxy"]),
            (&self.ftp_proxy, ["FTP_PROXY", "ftp_proxy"]),
            (&self.all_proxy, ["ALL_PROXY", "all_proxy"]),
        ];
        settings.into_iter().flat_map(|(value, names)| {
            let value = value.as_deref().filter(|v| !v.is_empty());
            names
                .into_iter()
                .filter_map(move |name| value.map(|v| (name, v)))
        })
    }

    /// The variables as `NAME=value` strings for a container's `Env`.
    pub fn to_env(&self) -> Vec<String> {
        self.vars().map(|(k, v)| format!("{k}={v}")).collect()
    }

    /// The variables as build arguments.
    pub fn build_args(&self) -> BTreeMap<String, String> {
        self.vars()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// A container environment with the proxy variables added; a variable the user already set (as
    /// `NAME=value` or a bare `NAME`) is not overridden. Proxy variables come first.
    ///
    /// ```
    /// use docker_sdk::config::ProxyConfig;
    ///
    /// let proxy = ProxyConfig { http_proxy: Some("http://p:1".into()), ..Default::default() };
    /// let env = proxy.merge_env(["http_proxy=http://mine:2", "A=b"]);
    /// assert_eq!(env, ["HTTP_PROXY=http://p:1", "http_proxy=http://mine:2", "A=b"]);
    /// ```
    pub fn merge_env<I, S>(&self, user_env: I) -> Vec<String>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let user: Vec<String> = user_env.into_iter().map(Into::into).collect();
        let taken: HashSet<&str> = user
            .iter()
            .map(|entry| entry.split_once('=').map_or(entry.as_str(), |(k, _)| k))
            .collect();
        let mut out: Vec<String> = self
            .vars()
            .filter(|(k, _)| !taken.contains(k))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        out.extend(user.iter().cloned());
        out
    }

    /// Build arguments with the proxy variables added; arguments the user set win.
    ///
    /// ```
    /// use docker_sdk::config::ProxyConfig;
    ///
    /// let proxy = ProxyConfig { no_proxy: Some("corp".into()), ..Default::default() };
    /// let args = proxy.merge_build_args([("NO_PROXY".to_string(), "mine".to_string())]);
    /// assert_eq!(args["NO_PROXY"], "mine");
    /// assert_eq!(args["no_proxy"], "corp");
    /// ```
    pub fn merge_build_args<I>(&self, user_args: I) -> BTreeMap<String, String>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let mut args = self.build_args();
        args.extend(user_args);
        args
    }
}

impl ConfigFile {
    /// The proxy settings for the daemon at `daemon_host` (the exact host string, e.g.
    /// `tcp://docker.example.com:2376`), else the `default` entry. `None` when neither exists.
    ///
    /// ```
    /// use docker_sdk::config::ConfigFile;
    ///
    /// let config = ConfigFile::parse(r#"{"proxies":{
    ///     "default": {"httpProxy": "http://corp:3128"},
    ///     "tcp://lab:2375": {"httpProxy": "http://lab-proxy:8080"}}}"#)?;
    /// let lab = config.proxy_for("tcp://lab:2375").unwrap();
    /// assert_eq!(lab.http_proxy.as_deref(), Some("http://lab-proxy:8080"));
    /// let other = config.proxy_for("unix:///var/run/docker.sock").unwrap();
    /// assert_eq!(other.http_proxy.as_deref(), Some("http://corp:3128"));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn proxy_for(&self, daemon_host: &str) -> Option<&ProxyConfig> {
        self.proxies
            .get(daemon_host)
            .or_else(|| self.proxies.get(DEFAULT_PROXY_KEY))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> ProxyConfig {
        ProxyConfig {
            http_proxy: Some("http://h".into()),
            https_proxy: Some("http://s".into()),
            no_proxy: Some("n".into()),
            ftp_proxy: Some("ftp://f".into()),
            all_proxy: Some("socks5://a".into()),
            other: Map::new(),
        }
    }

    #[test]
    fn env_order_and_names() {
        assert_eq!(
            full().to_env(),
            [
                "HTTP_PROXY=http://h",
                "http_proxy=http://h",
                "HTTPS_PROXY=http://s",
                "https_proxy=http://s",
                "NO_PROXY=n",
                "no_proxy=n",
                "FTP_PROXY=ftp://f",
                "ftp_proxy=ftp://f",
                "ALL_PROXY=socks5://a",
                "all_proxy=socks5://a",
            ]
        );
        assert_eq!(full().build_args().len(), 10);
    }

    #[test]
    fn empty_values_are_skipped() {
        let proxy = ProxyConfig {
            http_proxy: Some(String::new()),
            ..Default::default()
        };
        assert!(proxy.is_empty());
        assert!(proxy.to_env().is_empty());
        assert_eq!(proxy.merge_env(["A=1"]), ["A=1"]);
    }

    #[test]
    fn user_env_wins_including_bare_names() {
        let env = full().merge_env(["HTTPS_PROXY=mine", "no_proxy", "X=1"]);
        assert!(env.contains(&"HTTPS_PROXY=mine".to_string()));
        assert!(!env.contains(&"HTTPS_PROXY=http://s".to_string()));
        assert!(!env.iter().any(|e| e == "no_proxy=n"));
        assert!(env.contains(&"NO_PROXY=n".to_string()));
        assert_eq!(env.len(), 10 - 2 + 3);
        assert_eq!(env.last().unwrap(), "X=1");
    }

    #[test]
    fn user_build_args_win() {
        let args = full().merge_build_args([("http_proxy".to_string(), "mine".to_string())]);
        assert_eq!(args["http_proxy"], "mine");
        assert_eq!(args["HTTP_PROXY"], "http://h");
    }

    #[test]
    fn per_host_then_default() {
        let config = ConfigFile::parse(r#"{"proxies":{"tcp://a:1":{"noProxy":"x"}}}"#).unwrap();
        assert!(config.proxy_for("tcp://a:1").is_some());
        assert!(config.proxy_for("tcp://b:1").is_none());
    }

    #[test]
    fn debug_hides_proxy_passwords() {
        let proxy = ProxyConfig {
            http_proxy: Some("http://bob:hunter2@proxy:3128/path".into()),
            https_proxy: Some("http://proxy:3128".into()),
            ..Default::default()
        };
        let shown = format!("{proxy:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("bob"),
            "{shown}"
        );
        assert!(
            shown.contains("<redacted>@proxy:3128/path") && shown.contains("http://proxy:3128")
        );
        assert_eq!(redact_userinfo("no-scheme@x"), "no-scheme@x");
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let proxy: ProxyConfig =
            serde_json::from_str(r#"{"httpProxy":"h","future":true}"#).unwrap();
        assert_eq!(proxy.other["future"], true);
        let back = serde_json::to_value(&proxy).unwrap();
        assert_eq!(back, serde_json::json!({"httpProxy":"h","future":true}));
    }
}
