//! Registry credentials as the daemon expects them: [`AuthConfig`], the `X-Registry-Auth` and
//! `X-Registry-Config` headers, and the mapping from an image reference to the key its credentials are
//! stored under.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;

use base64::engine::general_purpose::URL_SAFE;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The key Docker Hub's credentials are stored under, in `config.json` and in `X-Registry-Config`.
pub const DOCKER_HUB_AUTH_KEY: &str = "https://index.docker.io/v1/";

/// Host names that all mean Docker Hub.
const DOCKER_HUB_HOSTS: [&str; 3] = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/// What [`fmt::Debug`] shows instead of a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// Credentials for one registry, in the form the Engine API takes them (Engine API: `AuthConfig`).
///
/// Unset fields are left out of the JSON. To authenticate with a token from `POST /auth` set only
/// [`identity_token`](Self::identity_token).
///
/// `Debug` never shows the password, the `auth` string or the tokens:
///
/// ```
/// use docker_sdk::config::AuthConfig;
///
/// let auth = AuthConfig::basic("me", "hunter2").with_server_address("registry.example.com");
/// let shown = format!("{auth:?}");
/// assert!(shown.contains("me") && shown.contains("<redacted>"));
/// assert!(!shown.contains("hunter2"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthConfig {
    /// The user name.
    #[serde(default, alias = "Username", skip_serializing_if = "is_blank")]
    pub username: Option<String>,
    /// The password (or a personal access token used as one).
    #[serde(default, alias = "Password", skip_serializing_if = "is_blank")]
    pub password: Option<String>,
    /// `base64(username:password)`, as found in `config.json`; usually left unset.
    #[serde(default, alias = "Auth", skip_serializing_if = "is_blank")]
    pub auth: Option<String>,
    /// The registry, as a host name without scheme (Docker Hub: [`DOCKER_HUB_AUTH_KEY`]).
    #[serde(
        default,
        rename = "serveraddress",
        alias = "ServerAddress",
        skip_serializing_if = "is_blank"
    )]
    pub server_address: Option<String>,
    /// A refresh token from `POST /auth` (or a credential helper), used instead of a password.
    #[serde(
        default,
        rename = "identitytoken",
        alias = "IdentityToken",
        skip_serializing_if = "is_blank"
    )]
    pub identity_token: Option<String>,
    /// A bearer token sent to the registry as is.
    #[serde(
        default,
        rename = "registrytoken",
        alias = "RegistryToken",
        skip_serializing_if = "is_blank"
    )]
    pub registry_token: Option<String>,
}

fn is_blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(str::is_empty)
}

/// Formats `Some(secret)` as `Some("<redacted>")`.
pub(crate) struct Redacted<'a, T>(pub &'a Option<T>);

impl<T> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(_) => write!(f, "Some({REDACTED:?})"),
            None => f.write_str("None"),
        }
    }
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthConfig")
            .field("username", &self.username)
            .field("password", &Redacted(&self.password))
            .field("auth", &Redacted(&self.auth))
            .field("server_address", &self.server_address)
            .field("identity_token", &Redacted(&self.identity_token))
            .field("registry_token", &Redacted(&self.registry_token))
            .finish()
    }
}

impl AuthConfig {
    /// User name and password.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        AuthConfig {
            username: Some(username.into()),
            password: Some(password.into()),
            ..Default::default()
        }
    }

    /// Only an identity token (the `IdentityToken` returned by `POST /auth`).
    pub fn from_identity_token(token: impl Into<String>) -> Self {
        AuthConfig {
            identity_token: Some(token.into()),
            ..Default::default()
        }
    }

    /// Sets the registry these credentials are for.
    #[must_use]
    pub fn with_server_address(mut self, server_address: impl Into<String>) -> Self {
        self.server_address = Some(server_address.into());
        self
    }

    /// True when no credential field is set (the server address does not count).
    pub fn is_empty(&self) -> bool {
        is_blank(&self.username)
            && is_blank(&self.password)
            && is_blank(&self.auth)
            && is_blank(&self.identity_token)
            && is_blank(&self.registry_token)
    }

    /// The value of the `X-Registry-Auth` header: URL-safe base64, with `=` padding, of the JSON form.
    ///
    /// ```
    /// use docker_sdk::config::AuthConfig;
    ///
    /// let header = AuthConfig::from_identity_token("tok").encode_header();
    /// // base64url of {"identitytoken":"tok"}
    /// assert_eq!(header, "eyJpZGVudGl0eXRva2VuIjoidG9rIn0=");
    /// assert_eq!(AuthConfig::decode_header(&header)?, AuthConfig::from_identity_token("tok"));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn encode_header(&self) -> String {
        URL_SAFE.encode(self.to_json())
    }

    /// Decodes an `X-Registry-Auth` value. Like the daemon, an empty value or `{}` gives empty credentials.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the value is not padded base64url or not an `AuthConfig` object. The
    /// message never contains the decoded content.
    pub fn decode_header(value: &str) -> Result<Self> {
        let value = value.trim();
        if value.is_empty() || value == "{}" {
            return Ok(AuthConfig::default());
        }
        let bytes = URL_SAFE.decode(value).map_err(|e| {
            Error::invalid(format!(
                "X-Registry-Auth is not padded URL-safe base64: {e}"
            ))
        })?;
        let not_auth = |why: String| {
            Error::invalid(format!(
                "X-Registry-Auth does not hold an AuthConfig JSON object ({why})"
            ))
        };
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| not_auth(describe_json_error(&e)))?;
        if !value.is_object() {
            return Err(not_auth("not an object".into()));
        }
        serde_json::from_value(value).map_err(|e| not_auth(describe_json_error(&e)))
    }

    fn to_json(&self) -> Vec<u8> {
        // Serializing a struct of strings into memory cannot fail.
        serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec())
    }
}

/// The value of the `X-Registry-Config` header sent with a build: URL-safe base64 (padded) of the JSON map
/// registry → [`AuthConfig`].
///
/// Keys are normalized with [`registry_key`], so every spelling of Docker Hub becomes
/// [`DOCKER_HUB_AUTH_KEY`], as the daemon requires. Later entries win when two keys normalize alike.
///
/// ```
/// use docker_sdk::config::{encode_registry_config, AuthConfig};
/// use base64::Engine as _;
///
/// let header = encode_registry_config([("docker.io", AuthConfig::basic("me", "pw"))]);
/// let json = base64::engine::general_purpose::URL_SAFE.decode(&header).unwrap();
/// let map: serde_json::Value = serde_json::from_slice(&json).unwrap();
/// assert_eq!(map["https://index.docker.io/v1/"]["username"], "me");
/// ```
pub fn encode_registry_config<I, K, V>(auths: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: Borrow<AuthConfig>,
{
    let map: BTreeMap<String, V> = auths
        .into_iter()
        .map(|(k, v)| (registry_key(k.as_ref()), v))
        .collect();
    let map: BTreeMap<&str, &AuthConfig> =
        map.iter().map(|(k, v)| (k.as_str(), v.borrow())).collect();
    let json = serde_json::to_vec(&map).unwrap_or_else(|_| b"{}".to_vec());
    URL_SAFE.encode(json)
}

/// Strips a leading `http://` or `https://` and everything from the first `/` on: the CLI's
/// `ConvertToHostname`, used to match legacy `config.json` keys.
///
/// ```
/// use docker_sdk::config::convert_to_hostname;
///
/// assert_eq!(convert_to_hostname("https://index.docker.io/v1/"), "index.docker.io");
/// assert_eq!(convert_to_hostname("registry.example.com:5000"), "registry.example.com:5000");
/// ```
pub fn convert_to_hostname(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    rest.split('/').next().unwrap_or(rest)
}

/// True when `registry` (a host, or a URL) names Docker Hub.
pub fn is_docker_hub(registry: &str) -> bool {
    let host = convert_to_hostname(registry.trim());
    host.is_empty() || DOCKER_HUB_HOSTS.contains(&host)
}

/// The key credentials for `registry` are stored under: [`DOCKER_HUB_AUTH_KEY`] for Docker Hub (including
/// the empty string), else the bare `host[:port]`.
///
/// ```
/// use docker_sdk::config::registry_key;
///
/// assert_eq!(registry_key("docker.io"), "https://index.docker.io/v1/");
/// assert_eq!(registry_key("https://ghcr.io/v2/"), "ghcr.io");
/// assert_eq!(registry_key("localhost:5000"), "localhost:5000");
/// ```
pub fn registry_key(registry: &str) -> String {
    if is_docker_hub(registry) {
        DOCKER_HUB_AUTH_KEY.to_string()
    } else {
        convert_to_hostname(registry.trim()).to_string()
    }
}

/// The key whose credentials a pull or push of `image` needs: the registry part of the reference, or
/// [`DOCKER_HUB_AUTH_KEY`] when there is none.
///
/// The first path component is a registry when it contains `.` or `:`, is `localhost`, or has upper-case
/// letters (the rules of Docker's reference parser).
///
/// ```
/// use docker_sdk::config::registry_key_for_image;
///
/// assert_eq!(registry_key_for_image("busybox:latest"), "https://index.docker.io/v1/");
/// assert_eq!(registry_key_for_image("docker.io/library/alpine"), "https://index.docker.io/v1/");
/// assert_eq!(registry_key_for_image("ghcr.io/owner/app:1.0"), "ghcr.io");
/// assert_eq!(registry_key_for_image("localhost:5000/app@sha256:abcd"), "localhost:5000");
/// assert_eq!(registry_key_for_image("myorg/app"), "https://index.docker.io/v1/");
/// ```
pub fn registry_key_for_image(image: &str) -> String {
    match image_domain(image) {
        Some(domain) => registry_key(domain),
        None => DOCKER_HUB_AUTH_KEY.to_string(),
    }
}

/// The registry component of an image reference, if it has one.
///
/// A small local copy of the reference grammar's domain rule; `crate::utils` may grow a full parser.
fn image_domain(image: &str) -> Option<&str> {
    let image = image.trim();
    let (first, _) = image.split_once('/')?;
    let looks_like_host = first.contains(['.', ':'])
        || first == "localhost"
        || first.chars().any(|c| c.is_ascii_uppercase());
    looks_like_host.then_some(first)
}

/// Finds the entry for `registry` in a map keyed by registry: the exact key first, then any key that
/// normalizes (with [`registry_key`]) to the same registry, which covers legacy keys such as
/// `https://registry.example.com/v1/` and the several spellings of Docker Hub.
pub(crate) fn find_by_registry<'a, V>(
    map: &'a BTreeMap<String, V>,
    registry: &str,
) -> Option<(&'a str, &'a V)> {
    if let Some((k, v)) = map.get_key_value(registry) {
        return Some((k.as_str(), v));
    }
    let wanted = registry_key(registry);
    if let Some((k, v)) = map.get_key_value(&wanted) {
        return Some((k.as_str(), v));
    }
    map.iter()
        .find(|(k, _)| registry_key(k) == wanted)
        .map(|(k, v)| (k.as_str(), v))
}

/// A serde_json error as text that cannot leak the document's content: data errors may quote the
/// offending value (which could be a secret), so anything quoted is replaced.
pub(crate) fn describe_json_error(err: &serde_json::Error) -> String {
    let text = err.to_string();
    if err.classify() != serde_json::error::Category::Data {
        return text;
    }
    // serde quotes unexpected string values in double quotes; drop them.
    let mut out = String::with_capacity(text.len());
    let mut in_quotes = false;
    for c in text.chars() {
        if c == '"' {
            if !in_quotes {
                out.push_str(REDACTED);
            }
            in_quotes = !in_quotes;
        } else if !in_quotes {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn header_json_uses_wire_names_and_omits_empty() {
        let auth = AuthConfig {
            username: Some("u".into()),
            password: Some("p".into()),
            auth: Some(String::new()),
            server_address: Some("reg.example.com".into()),
            identity_token: None,
            registry_token: Some("rt".into()),
        };
        let json: serde_json::Value = serde_json::from_slice(&auth.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"username":"u","password":"p","serveraddress":"reg.example.com","registrytoken":"rt"})
        );
    }

    #[test]
    fn header_is_padded_url_safe_base64() {
        // A password chosen so that standard base64 would contain '+' or '/'.
        let auth = AuthConfig::basic("user", "?>?>?>~~~ÿÿÿ");
        let header = auth.encode_header();
        assert!(!header.contains('+') && !header.contains('/'), "{header}");
        let json = serde_json::to_vec(&auth).unwrap();
        let standard = base64::engine::general_purpose::STANDARD.encode(&json);
        assert!(
            standard.contains(['+', '/']),
            "pick a password whose standard base64 differs"
        );
        if json.len() % 3 != 0 {
            assert!(header.ends_with('='), "{header}");
        }
        assert_eq!(URL_SAFE.decode(&header).unwrap(), json);
        assert_eq!(AuthConfig::decode_header(&header).unwrap(), auth);
    }

    #[test]
    fn decode_header_accepts_empty_and_rejects_unpadded() {
        assert!(AuthConfig::decode_header("").unwrap().is_empty());
        assert!(AuthConfig::decode_header("{}").unwrap().is_empty());
        let json = br#"{"username":"u","password":"p"}"#;
        assert_ne!(
            json.len() % 3,
            0,
            "needs padding for the test to mean something"
        );
        let unpadded = URL_SAFE_NO_PAD.encode(json);
        let err = AuthConfig::decode_header(&unpadded).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)));
    }

    #[test]
    fn decode_header_error_does_not_echo_secrets() {
        let header = URL_SAFE.encode(br#"{"password": 12, "username": ["topsecret"]}"#);
        let err = AuthConfig::decode_header(&header).unwrap_err().to_string();
        assert!(!err.contains("topsecret"), "{err}");
        let header = URL_SAFE.encode(br#"["topsecret"]"#);
        let err = AuthConfig::decode_header(&header).unwrap_err().to_string();
        assert!(!err.contains("topsecret"), "{err}");
    }

    #[test]
    fn debug_redacts_every_secret() {
        let auth = AuthConfig {
            username: Some("alice".into()),
            password: Some("pw-SECRET".into()),
            auth: Some("auth-SECRET".into()),
            server_address: Some("reg".into()),
            identity_token: Some("id-SECRET".into()),
            registry_token: Some("rt-SECRET".into()),
        };
        let shown = format!("{auth:?} {auth:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("alice") && shown.contains("reg"));
        assert_eq!(shown.matches(REDACTED).count(), 8);
    }

    #[test]
    fn registry_config_normalizes_hub_keys() {
        let mut map = BTreeMap::new();
        map.insert("index.docker.io".to_string(), AuthConfig::basic("hub", "x"));
        map.insert(
            "https://ghcr.io".to_string(),
            AuthConfig::from_identity_token("t"),
        );
        let header = encode_registry_config(&map);
        let decoded: serde_json::Value =
            serde_json::from_slice(&URL_SAFE.decode(header).unwrap()).unwrap();
        let obj = decoded.as_object().unwrap();
        assert_eq!(obj.len(), 2);
        assert_eq!(decoded[DOCKER_HUB_AUTH_KEY]["username"], "hub");
        assert_eq!(decoded["ghcr.io"]["identitytoken"], "t");
        let empty: [(&str, AuthConfig); 0] = [];
        assert_eq!(encode_registry_config(empty), URL_SAFE.encode("{}"));
    }

    #[test]
    fn registry_keys_for_images() {
        let cases = [
            ("busybox", DOCKER_HUB_AUTH_KEY),
            ("library/busybox:1.36", DOCKER_HUB_AUTH_KEY),
            ("index.docker.io/library/busybox", DOCKER_HUB_AUTH_KEY),
            ("registry-1.docker.io/x/y", DOCKER_HUB_AUTH_KEY),
            ("quay.io/coreos/etcd:v3", "quay.io"),
            (
                "registry.example.com:5000/team/app",
                "registry.example.com:5000",
            ),
            ("localhost/app", "localhost"),
            ("localhost:5000/app", "localhost:5000"),
            ("Registry/app", "Registry"),
            ("user/app@sha256:0123", DOCKER_HUB_AUTH_KEY),
            ("[::1]:5000/app", "[::1]:5000"),
        ];
        for (image, key) in cases {
            assert_eq!(registry_key_for_image(image), key, "{image}");
        }
    }

    #[test]
    fn legacy_keys_are_found_by_hostname() {
        let mut map = BTreeMap::new();
        map.insert("https://registry.example.com/v1/".to_string(), 1);
        map.insert("http://docker.io".to_string(), 2);
        map.insert("exact.example.com".to_string(), 3);
        assert_eq!(
            find_by_registry(&map, "registry.example.com").unwrap().1,
            &1
        );
        assert_eq!(find_by_registry(&map, DOCKER_HUB_AUTH_KEY).unwrap().1, &2);
        assert_eq!(find_by_registry(&map, "index.docker.io").unwrap().1, &2);
        assert_eq!(find_by_registry(&map, "exact.example.com").unwrap().1, &3);
        assert!(find_by_registry(&map, "other.example.com").is_none());
    }

    #[test]
    fn json_error_description_drops_quoted_values() {
        let err = serde_json::from_str::<BTreeMap<String, u32>>(r#"{"k": "hunter2"}"#).unwrap_err();
        let text = describe_json_error(&err);
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("line 1"), "{text}");
        let syntax = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        assert_eq!(describe_json_error(&syntax), syntax.to_string());
    }
}
