//! The Docker CLI's `config.json`: credentials, credential helpers, proxies, the current context and
//! everything else the file holds, read and written in the CLI's format.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::auth::{describe_json_error, find_by_registry, Redacted};
use super::dirs::{config_dir, config_file_path, ensure_private_dir};
use super::{AuthConfig, Env, ProxyConfig};
use crate::{Error, Result};

/// Standard base64 that accepts the `auth` string with or without its `=` padding.
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// One entry of `config.json`'s `auths` map.
///
/// When a credential helper holds the secret, the CLI leaves an empty entry here. `Debug` shows which fields
/// are set, never their values.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthEntry {
    /// `base64(username:password)` with the standard alphabet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    /// A refresh token used instead of the password.
    #[serde(
        default,
        rename = "identitytoken",
        skip_serializing_if = "Option::is_none"
    )]
    pub identity_token: Option<String>,
    /// A bearer token for the registry.
    #[serde(
        default,
        rename = "registrytoken",
        skip_serializing_if = "Option::is_none"
    )]
    pub registry_token: Option<String>,
    /// Any other fields (`email`, …), kept so that saving preserves them.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl fmt::Debug for AuthEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthEntry")
            .field("auth", &Redacted(&self.auth))
            .field("identity_token", &Redacted(&self.identity_token))
            .field("registry_token", &Redacted(&self.registry_token))
            .field("other", &self.other.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl AuthEntry {
    /// An entry holding `base64(username:password)`, as `docker login` writes it without a helper.
    pub fn from_basic(username: &str, password: &str) -> Self {
        AuthEntry {
            auth: Some(STANDARD.encode(format!("{username}:{password}"))),
            ..Default::default()
        }
    }

    /// The user name and password held in [`auth`](Self::auth), or `None` when it is unset or empty.
    ///
    /// The string is split at the first `:` and NUL bytes are trimmed from both ends of the password, like
    /// the CLI does.
    ///
    /// ```
    /// use docker_sdk::config::AuthEntry;
    ///
    /// let entry = AuthEntry::from_basic("me", "pa:ss");
    /// assert_eq!(entry.credentials()?, Some(("me".to_string(), "pa:ss".to_string())));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `auth` is not base64, has no `:`, or has an empty user name. The message never
    /// contains the string itself.
    pub fn credentials(&self) -> Result<Option<(String, String)>> {
        let Some(encoded) = self
            .auth
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return Ok(None);
        };
        let bad = |why: &str| Error::Config {
            message: format!(
                "invalid auth configuration: the \"auth\" value {why}; log in again to rewrite it"
            ),
        };
        let decoded = LENIENT_STANDARD
            .decode(encoded)
            .map_err(|_| bad("is not base64"))?;
        let decoded = String::from_utf8(decoded).map_err(|_| bad("is not UTF-8 text"))?;
        let (user, password) = decoded
            .split_once(':')
            .ok_or_else(|| bad("has no ':' separator"))?;
        if user.is_empty() {
            return Err(bad("has an empty user name"));
        }
        Ok(Some((
            user.to_string(),
            password.trim_matches('\0').to_string(),
        )))
    }

    /// The entry as an [`AuthConfig`] for `server_address`, or `None` when it holds no credentials.
    ///
    /// # Errors
    ///
    /// As [`credentials`](Self::credentials), with the registry named in the message.
    pub fn to_auth_config(&self, server_address: &str) -> Result<Option<AuthConfig>> {
        let basic = self.credentials().map_err(|e| match e {
            Error::Config { message } => Error::Config {
                message: format!("registry {server_address}: {message}"),
            },
            other => other,
        })?;
        let mut auth = AuthConfig::default();
        if let Some((user, password)) = basic {
            auth.username = Some(user);
            auth.password = Some(password);
        }
        auth.identity_token = self.identity_token.clone().filter(|t| !t.is_empty());
        auth.registry_token = self.registry_token.clone().filter(|t| !t.is_empty());
        if auth.is_empty() {
            return Ok(None);
        }
        auth.server_address = Some(server_address.to_string());
        Ok(Some(auth))
    }

    /// True when no credential field is set (the marker entry left when a helper stores the secret).
    pub fn is_empty(&self) -> bool {
        [&self.auth, &self.identity_token, &self.registry_token]
            .iter()
            .all(|v| v.as_deref().is_none_or(str::is_empty))
    }
}

/// The Docker CLI's `config.json`.
///
/// The fields this crate uses are typed; every other field lands in [`other`](Self::other), so that
/// [`save`](Self::save) writes back everything that was read. A missing file loads as an empty config.
///
/// ```
/// use docker_sdk::config::ConfigFile;
///
/// let dir = tempfile::tempdir()?;
/// let mut config = ConfigFile::load(dir.path())?; // no file yet: empty
/// assert!(config.auths.is_empty());
/// config.current_context = Some("remote".into());
/// config.save()?;
///
/// let again = ConfigFile::load(dir.path())?;
/// assert_eq!(again.current_context.as_deref(), Some("remote"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `Debug` shows registries and header names, never credentials or header values.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigFile {
    /// Registry → stored credentials. Docker Hub's key is [`DOCKER_HUB_AUTH_KEY`](super::DOCKER_HUB_AUTH_KEY).
    #[serde(default, deserialize_with = "null_as_default")]
    pub auths: BTreeMap<String, AuthEntry>,
    /// HTTP headers the CLI adds to every API request.
    #[serde(
        rename = "HttpHeaders",
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub http_headers: BTreeMap<String, String>,
    /// The default credential helper suffix (`desktop`, `pass`, `osxkeychain` …).
    #[serde(rename = "credsStore", default, skip_serializing_if = "is_blank")]
    pub creds_store: Option<String>,
    /// Registry host → credential helper suffix; wins over [`creds_store`](Self::creds_store).
    #[serde(
        rename = "credHelpers",
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub cred_helpers: BTreeMap<String, String>,
    /// Daemon host (or `"default"`) → proxy settings injected into containers and builds.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub proxies: BTreeMap<String, ProxyConfig>,
    /// The context selected by `docker context use`.
    #[serde(rename = "currentContext", default, skip_serializing_if = "is_blank")]
    pub current_context: Option<String>,
    /// The key sequence that detaches from an attached container.
    #[serde(rename = "detachKeys", default, skip_serializing_if = "is_blank")]
    pub detach_keys: Option<String>,
    /// Every other top-level field (`psFormat`, `plugins`, `aliases`, `features` …), kept as is.
    #[serde(flatten)]
    pub other: Map<String, Value>,
    #[serde(skip)]
    path: Option<PathBuf>,
}

fn is_blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(str::is_empty)
}

fn null_as_default<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

impl fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigFile")
            .field("path", &self.path)
            .field("auths", &self.auths)
            .field(
                "http_headers",
                &self.http_headers.keys().collect::<Vec<_>>(),
            )
            .field("creds_store", &self.creds_store)
            .field("cred_helpers", &self.cred_helpers)
            .field("proxies", &self.proxies)
            .field("current_context", &self.current_context)
            .field("detach_keys", &self.detach_keys)
            .field("other", &self.other.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ConfigFile {
    /// Loads `config.json` from the config directory `dir`. A missing file gives an empty config that will
    /// be saved to that path.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the file when it cannot be read or is not valid JSON of the expected shape.
    pub fn load(dir: impl AsRef<Path>) -> Result<Self> {
        Self::load_file(config_file_path(dir))
    }

    /// Loads the config of the directory chosen by `env` (`DOCKER_CONFIG`, else `$HOME/.docker`).
    ///
    /// # Errors
    ///
    /// As [`config_dir`] and [`load`](Self::load).
    pub fn from_env(env: &Env) -> Result<Self> {
        Self::load(config_dir(env)?)
    }

    /// Loads a config file at an explicit path (which need not be called `config.json`).
    ///
    /// # Errors
    ///
    /// As [`load`](Self::load).
    pub fn load_file(path: impl Into<PathBuf>) -> Result<Self> {
        let path = path.into();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile {
                    path: Some(path),
                    ..Default::default()
                })
            }
            Err(e) => {
                return Err(Error::Config {
                    message: format!("cannot read {}: {e}", path.display()),
                })
            }
        };
        let mut config = Self::parse_named(&text, &path.display().to_string())?;
        config.path = Some(path);
        Ok(config)
    }

    /// Parses config JSON held in memory. The result has no [`path`](Self::path) until
    /// [`set_path`](Self::set_path) is called.
    ///
    /// ```
    /// use docker_sdk::config::ConfigFile;
    ///
    /// let config = ConfigFile::parse(r#"{"credsStore":"desktop","psFormat":"table {{.ID}}"}"#)?;
    /// assert_eq!(config.creds_store.as_deref(), Some("desktop"));
    /// assert_eq!(config.other["psFormat"], "table {{.ID}}");
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the text is not a JSON object of the expected shape.
    pub fn parse(json: &str) -> Result<Self> {
        Self::parse_named(json, "config.json")
    }

    fn parse_named(json: &str, name: &str) -> Result<Self> {
        if json.trim().is_empty() {
            return Ok(ConfigFile::default());
        }
        serde_json::from_str(json).map_err(|e| Error::Config {
            message: format!(
                "{name} is not valid Docker CLI config JSON: {}; fix or remove the file",
                describe_json_error(&e)
            ),
        })
    }

    /// The file this config was loaded from and is saved to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Sets the file [`save`](Self::save) writes to.
    pub fn set_path(&mut self, path: impl Into<PathBuf>) {
        self.path = Some(path.into());
    }

    /// The credential helper suffix configured for `registry`: its `credHelpers` entry, else `credsStore`.
    ///
    /// An empty `credHelpers` entry means "no helper for this registry" (credentials live in `auths`),
    /// as in the CLI.
    ///
    /// ```
    /// use docker_sdk::config::ConfigFile;
    ///
    /// let config = ConfigFile::parse(r#"{"credsStore":"pass","credHelpers":{"gcr.io":"gcloud","plain.io":""}}"#)?;
    /// assert_eq!(config.credential_helper_for("gcr.io"), Some("gcloud"));
    /// assert_eq!(config.credential_helper_for("docker.io"), Some("pass"));
    /// assert_eq!(config.credential_helper_for("plain.io"), None);
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn credential_helper_for(&self, registry: &str) -> Option<&str> {
        match find_by_registry(&self.cred_helpers, registry) {
            Some((_, helper)) => Some(helper.trim()).filter(|h| !h.is_empty()),
            None => self
                .creds_store
                .as_deref()
                .map(str::trim)
                .filter(|h| !h.is_empty()),
        }
    }

    /// The `auths` entry for `registry`, with its key; legacy keys (`https://host/v1/`) match by host name.
    pub fn auth_entry(&self, registry: &str) -> Option<(&str, &AuthEntry)> {
        find_by_registry(&self.auths, registry)
    }

    /// The config as the CLI writes it: JSON indented with tabs. `User-Agent` is left out of `HttpHeaders`.
    pub fn to_json_string(&self) -> String {
        let mut copy = self.clone();
        copy.http_headers
            .retain(|name, _| !name.eq_ignore_ascii_case("User-Agent"));
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        // Maps with string keys and JSON values always serialize.
        if copy.serialize(&mut ser).is_err() {
            return "{}".to_string();
        }
        String::from_utf8(out).unwrap_or_else(|_| "{}".to_string())
    }

    /// Writes the config back to [`path`](Self::path).
    ///
    /// The write is atomic (a temporary file in the same directory, then a rename). A symlinked config file
    /// is followed, the existing file's permissions (and, when allowed, owner) are kept, a new file gets
    /// mode 0600, and a missing directory is created with mode 0700.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the config has no path or the file cannot be written.
    pub fn save(&self) -> Result<()> {
        let Some(path) = self.path.as_deref() else {
            return Err(Error::Config {
                message: "this config was not loaded from a file; call set_path before save".into(),
            });
        };
        self.save_to(path)
    }

    /// Writes the config to `path` (see [`save`](Self::save)) without changing [`path`](Self::path).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the file cannot be written.
    pub fn save_to(&self, path: impl AsRef<Path>) -> Result<()> {
        let mut text = self.to_json_string();
        text.push('\n');
        write_atomic(path.as_ref(), text.as_bytes(), 0o600)
    }
}

/// The credentials held in `DOCKER_AUTH_CONFIG`: JSON `{"auths": {"<registry>": {"auth": "…"}}}`.
///
/// As in the CLI, unknown fields are rejected and every entry must have a non-empty, decodable `auth`.
///
/// ```
/// use docker_sdk::config::parse_docker_auth_config;
///
/// let auths = parse_docker_auth_config(r#"{"auths":{"ghcr.io":{"auth":"bWU6cGF0"}}}"#)?;
/// assert_eq!(auths["ghcr.io"].credentials()?, Some(("me".into(), "pat".into())));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Config`] describing what is wrong, without echoing any value.
pub fn parse_docker_auth_config(value: &str) -> Result<BTreeMap<String, AuthEntry>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        auths: BTreeMap<String, Entry>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // fields that exist only to be accepted
    struct Entry {
        #[serde(default)]
        auth: Option<String>,
        #[serde(default)]
        identitytoken: Option<String>,
        #[serde(default)]
        registrytoken: Option<String>,
        #[serde(default)]
        email: Option<String>,
        #[serde(default)]
        serveraddress: Option<String>,
    }
    let doc: Doc = serde_json::from_str(value).map_err(|e| Error::Config {
        message: format!(
            "DOCKER_AUTH_CONFIG is not valid: {}; expected {{\"auths\":{{\"<registry>\":{{\"auth\":\"<base64 user:password>\"}}}}}}",
            describe_json_error(&e)
        ),
    })?;
    let mut out = BTreeMap::new();
    for (registry, entry) in doc.auths {
        if entry.auth.as_deref().is_none_or(|a| a.trim().is_empty()) {
            return Err(Error::Config {
                message: format!(
                    "DOCKER_AUTH_CONFIG: the entry for {registry} has no \"auth\" value"
                ),
            });
        }
        let parsed = AuthEntry {
            auth: entry.auth,
            identity_token: entry.identitytoken,
            registry_token: entry.registrytoken,
            other: Map::new(),
        };
        parsed.credentials().map_err(|e| Error::Config {
            message: format!(
                "DOCKER_AUTH_CONFIG: the entry for {registry}: {}",
                config_message(e)
            ),
        })?;
        out.insert(registry, parsed);
    }
    Ok(out)
}

fn config_message(err: Error) -> String {
    match err {
        Error::Config { message } => message,
        other => other.to_string(),
    }
}

/// Writes `data` to `path` atomically: a temporary file in the same directory, then a rename over `path`.
///
/// A symlink at `path` is followed. An existing file's permissions (and owner, when the process may set it)
/// carry over; otherwise the file gets `new_mode` on Unix. The parent directory is created with 0700.
pub(crate) fn write_atomic(path: &Path, data: &[u8], new_mode: u32) -> Result<()> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    ensure_private_dir(&dir)?;
    let existing = std::fs::metadata(&target).ok();
    let fail = |what: &str, e: std::io::Error| Error::Config {
        message: format!("cannot {what} {}: {e}", target.display()),
    };

    let (tmp_path, mut file) =
        create_temp_beside(&target, new_mode).map_err(|e| fail("write", e))?;
    let result = (|| -> std::io::Result<()> {
        file.write_all(data)?;
        if let Some(meta) = &existing {
            std::fs::set_permissions(&tmp_path, meta.permissions())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Keeping the owner only works for root or the owner itself; ignore refusals like the CLI.
                let _ = std::os::unix::fs::chown(&tmp_path, Some(meta.uid()), Some(meta.gid()));
            }
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp_path, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp_path);
        return Err(fail("write", e));
    }
    Ok(())
}

fn create_temp_beside(target: &Path, mode: u32) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = target.parent().unwrap_or(Path::new("."));
    let base = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut last_err = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{base}.tmp-{}-{nanos}-{n}", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode);
        }
        #[cfg(not(unix))]
        let _ = mode;
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_err.unwrap_or_else(|| std::io::Error::other("cannot create a temporary file")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DOCKER_HUB_AUTH_KEY;

    const SAMPLE: &str = r#"{
        "auths": {
            "https://index.docker.io/v1/": {"auth": "aHViOnB3"},
            "ghcr.io": {"auth": "Z2g6dG9rZW4=", "email": "x@example.com"},
            "helper.example.com": {}
        },
        "credsStore": "desktop",
        "credHelpers": {"gcr.io": "gcloud"},
        "proxies": {"default": {"httpProxy": "http://proxy:3128", "noProxy": "localhost"}},
        "currentContext": "remote",
        "detachKeys": "ctrl-x,x",
        "HttpHeaders": {"X-Meta": "1", "User-Agent": "mine"},
        "psFormat": "table {{.ID}}",
        "plugins": {"buildx": {"hooks": "build"}}
    }"#;

    #[test]
    fn typed_fields_are_read() {
        let config = ConfigFile::parse(SAMPLE).unwrap();
        assert_eq!(config.auths.len(), 3);
        assert_eq!(
            config.auths[DOCKER_HUB_AUTH_KEY].credentials().unwrap(),
            Some(("hub".to_string(), "pw".to_string()))
        );
        assert_eq!(config.auths["ghcr.io"].other["email"], "x@example.com");
        assert!(config.auths["helper.example.com"].is_empty());
        assert_eq!(config.creds_store.as_deref(), Some("desktop"));
        assert_eq!(config.cred_helpers["gcr.io"], "gcloud");
        assert_eq!(
            config.proxies["default"].http_proxy.as_deref(),
            Some("http://proxy:3128")
        );
        assert_eq!(config.current_context.as_deref(), Some("remote"));
        assert_eq!(config.detach_keys.as_deref(), Some("ctrl-x,x"));
        assert_eq!(config.http_headers["X-Meta"], "1");
        assert_eq!(config.other["plugins"]["buildx"]["hooks"], "build");
    }

    #[test]
    fn missing_file_is_empty_and_keeps_its_path() {
        let tmp = tempfile::tempdir().unwrap();
        let config = ConfigFile::load(tmp.path()).unwrap();
        assert_eq!(config, {
            let mut c = ConfigFile::default();
            c.set_path(tmp.path().join("config.json"));
            c
        });
    }

    #[test]
    fn nulls_and_empty_file_are_tolerated() {
        let config =
            ConfigFile::parse(r#"{"auths": null, "credHelpers": null, "HttpHeaders": null}"#)
                .unwrap();
        assert!(config.auths.is_empty() && config.cred_helpers.is_empty());
        assert_eq!(ConfigFile::parse("  \n").unwrap(), ConfigFile::default());
    }

    #[test]
    fn malformed_file_names_the_file_and_the_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config.json");
        std::fs::write(&path, "{\"auths\": {").unwrap();
        let err = ConfigFile::load(tmp.path()).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, Error::Config { .. }));
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains("line 1"), "{text}");
    }

    #[test]
    fn malformed_value_error_hides_the_value() {
        let err = ConfigFile::parse(r#"{"auths": {"r": "c2VjcmV0OnNlY3JldA=="}}"#).unwrap_err();
        assert!(!err.to_string().contains("c2VjcmV0"), "{err}");
    }

    #[test]
    fn auth_decoding_rules() {
        let entry = |raw: &str| AuthEntry {
            auth: Some(STANDARD.encode(raw)),
            ..Default::default()
        };
        assert_eq!(
            entry("user:pa:ss\0\0").credentials().unwrap(),
            Some(("user".into(), "pa:ss".into()))
        );
        assert_eq!(
            entry("user:").credentials().unwrap(),
            Some(("user".into(), String::new()))
        );
        assert!(entry(":pw").credentials().is_err());
        assert!(entry("nocolon").credentials().is_err());
        let unpadded = AuthEntry {
            auth: Some("dTpw".into()),
            ..Default::default()
        };
        assert_eq!(
            unpadded.credentials().unwrap(),
            Some(("u".into(), "p".into()))
        );
        let no_pad = AuthEntry {
            auth: Some(STANDARD.encode("ab:cd").trim_end_matches('=').to_string()),
            ..Default::default()
        };
        assert_eq!(
            no_pad.credentials().unwrap(),
            Some(("ab".into(), "cd".into()))
        );
        let garbage = AuthEntry {
            auth: Some("!!!not base64 SECRET".into()),
            ..Default::default()
        };
        let err = garbage
            .to_auth_config("reg.example.com")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("reg.example.com") && !err.contains("SECRET"),
            "{err}"
        );
        assert_eq!(AuthEntry::default().credentials().unwrap(), None);
    }

    #[test]
    fn entry_to_auth_config() {
        let entry = AuthEntry {
            auth: Some(STANDARD.encode("me:pw")),
            identity_token: Some("idt".into()),
            ..Default::default()
        };
        let auth = entry.to_auth_config("ghcr.io").unwrap().unwrap();
        assert_eq!(auth.username.as_deref(), Some("me"));
        assert_eq!(auth.password.as_deref(), Some("pw"));
        assert_eq!(auth.identity_token.as_deref(), Some("idt"));
        assert_eq!(auth.server_address.as_deref(), Some("ghcr.io"));
        assert_eq!(AuthEntry::default().to_auth_config("x").unwrap(), None);
    }

    #[test]
    fn save_round_trips_everything_with_tabs() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested").join(".docker");
        let mut config = ConfigFile::parse(SAMPLE).unwrap();
        config.set_path(config_file_path(&dir));
        config.save().unwrap();

        let text = std::fs::read_to_string(config_file_path(&dir)).unwrap();
        assert!(text.contains("\n\t\"auths\": {\n\t\t\""), "{text}");
        assert!(!text.contains("User-Agent"), "{text}");
        let reread = ConfigFile::load(&dir).unwrap();
        assert_eq!(reread.other, config.other);
        assert_eq!(reread.auths, config.auths);
        assert_eq!(reread.proxies, config.proxies);
        assert_eq!(reread.cred_helpers, config.cred_helpers);
        assert_eq!(reread.http_headers.len(), 1);

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file_mode = std::fs::metadata(config_file_path(&dir))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(file_mode, 0o600);
            let dir_mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(dir_mode, 0o700);
        }
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("config.json")]);
    }

    #[test]
    fn empty_config_writes_auths_only() {
        let text = ConfigFile::default().to_json_string();
        assert_eq!(text, "{\n\t\"auths\": {}\n}");
    }

    #[cfg(unix)]
    #[test]
    fn save_keeps_permissions_and_follows_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let real_dir = tmp.path().join("real");
        std::fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("docker-config.json");
        std::fs::write(&real, "{\"psFormat\": \"x\"}").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link_dir = tmp.path().join("link");
        std::fs::create_dir(&link_dir).unwrap();
        std::os::unix::fs::symlink(&real, link_dir.join("config.json")).unwrap();

        let mut config = ConfigFile::load(&link_dir).unwrap();
        config.creds_store = Some("pass".into());
        config.save().unwrap();

        assert!(std::fs::symlink_metadata(link_dir.join("config.json"))
            .unwrap()
            .file_type()
            .is_symlink());
        let text = std::fs::read_to_string(&real).unwrap();
        assert!(
            text.contains("\"credsStore\": \"pass\"") && text.contains("psFormat"),
            "{text}"
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn save_without_path_is_an_error() {
        assert!(matches!(
            ConfigFile::default().save(),
            Err(Error::Config { .. })
        ));
    }

    #[test]
    fn debug_hides_credentials_and_header_values() {
        let mut config = ConfigFile::parse(SAMPLE).unwrap();
        config
            .http_headers
            .insert("Authorization".into(), "Bearer SECRET-HEADER".into());
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("aHViOnB3") && !shown.contains("Z2g6dG9rZW4"),
            "{shown}"
        );
        assert!(!shown.contains("SECRET-HEADER"), "{shown}");
        assert!(shown.contains("ghcr.io") && shown.contains("Authorization"));
    }

    #[test]
    fn helper_choice() {
        let config =
            ConfigFile::parse(r#"{"credsStore":"desktop","credHelpers":{"gcr.io":"gcloud","https://legacy.io":"old","nohelper.io":""}}"#)
                .unwrap();
        assert_eq!(config.credential_helper_for("gcr.io"), Some("gcloud"));
        assert_eq!(config.credential_helper_for("legacy.io"), Some("old"));
        assert_eq!(config.credential_helper_for("nohelper.io"), None);
        assert_eq!(config.credential_helper_for("other.io"), Some("desktop"));
        assert_eq!(
            ConfigFile::default().credential_helper_for("other.io"),
            None
        );
    }

    #[test]
    fn docker_auth_config_env_rules() {
        let ok = parse_docker_auth_config(r#"{"auths":{"r.io":{"auth":"dTpw"}}}"#).unwrap();
        assert_eq!(
            ok["r.io"].credentials().unwrap(),
            Some(("u".into(), "p".into()))
        );
        for bad in [
            r#"{"auths":{"r.io":{"auth":"dTpw"}}, "credsStore": "x"}"#,
            r#"{"auths":{"r.io":{"auth":"dTpw", "bogus": 1}}}"#,
            r#"{"auths":{"r.io":{}}}"#,
            r#"{"auths":{"r.io":{"auth":"OnNlY3JldA=="}}}"#,
            r#"not json SECRET"#,
        ] {
            let err = parse_docker_auth_config(bad).unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}");
            assert!(err.to_string().contains("DOCKER_AUTH_CONFIG"), "{err}");
            assert!(
                !err.to_string().contains("SECRET") && !err.to_string().contains("OnNl"),
                "{err}"
            );
        }
    }
}
