//! Docker contexts in the CLI's on-disk format, and the choice of daemon endpoint from the environment,
//! the current context and the default.
//!
//! Layout under the config directory:
//!
//! ```text
//! contexts/meta/<sha256(name)>/meta.json
//! contexts/tls/<sha256(name)>/docker/{ca.pem,cert.pem,key.pem}
//! ```

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::config_file::write_atomic;
use super::dirs::{config_dir, config_file_path, create_dir_with_mode};
use super::{ConfigFile, Env};
use crate::{Error, Result};

mod meta;
mod tls;

pub use meta::{context_dir_id, validate_context_name};
use meta::{docker_endpoint, read_meta, DockerEndpointMeta, MetaFile, DOCKER_ENDPOINT};
pub use tls::TlsMaterial;

/// The name of the context that is built from the environment and never stored.
pub const DEFAULT_CONTEXT: &str = "default";

/// The daemon address used when nothing else is configured.
#[cfg(not(windows))]
pub const DEFAULT_DOCKER_HOST: &str = "unix:///var/run/docker.sock";
/// The daemon address used when nothing else is configured.
#[cfg(windows)]
pub const DEFAULT_DOCKER_HOST: &str = "npipe:////./pipe/docker_engine";

const DEFAULT_DESCRIPTION: &str = "Built from DOCKER_HOST and the DOCKER_TLS* variables";

/// Where to connect: the outcome of [`ContextStore::resolve`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The daemon address (`unix://…`, `tcp://…`, `ssh://…`, `npipe://…`), as configured.
    pub host: String,
    /// `Some` when the connection must use TLS, with whatever PEM files were found.
    pub tls: Option<TlsMaterial>,
    /// True when the daemon's certificate must not be verified (only meaningful with `tls`).
    pub skip_tls_verify: bool,
    /// The context this came from (`default` for the environment-built one).
    pub context: String,
    /// The directory the TLS files were read from (for error messages naming them).
    pub tls_dir: Option<PathBuf>,
}

/// What a context holds, as listed by [`ContextStore::list`].
#[derive(Clone, Debug, PartialEq)]
pub struct ContextInfo {
    /// The context's name.
    pub name: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// The Docker endpoint's host.
    pub host: Option<String>,
    /// Whether the Docker endpoint skips TLS verification.
    pub skip_tls_verify: bool,
    /// Which TLS files are stored for the Docker endpoint (`ca.pem`, `cert.pem`, `key.pem`).
    pub tls_files: Vec<String>,
    /// True for the context that [`ContextStore::resolve`] would use.
    pub current: bool,
    /// Other metadata fields the context carries.
    pub metadata: Map<String, Value>,
    /// The directory holding `meta.json` (`None` for `default`).
    pub storage: Option<PathBuf>,
}

/// What [`ContextStore::create`] stores for a context's Docker endpoint.
///
/// ```
/// use docker_sdk::config::ContextEndpointSpec;
///
/// let spec = ContextEndpointSpec::new("ssh://me@build-box").description("shared build machine");
/// assert_eq!(spec.host, "ssh://me@build-box");
/// ```
#[derive(Clone, Debug, Default)]
pub struct ContextEndpointSpec {
    /// The daemon address (`unix://`, `tcp://`, `ssh://`, `npipe://` or `fd://`).
    pub host: String,
    /// A description shown by `docker context ls`.
    pub description: Option<String>,
    /// TLS files to store with the context.
    pub tls: Option<TlsMaterial>,
    /// Do not verify the daemon's certificate.
    pub skip_tls_verify: bool,
}

impl ContextEndpointSpec {
    /// An endpoint at `host`.
    pub fn new(host: impl Into<String>) -> Self {
        ContextEndpointSpec {
            host: host.into(),
            ..Default::default()
        }
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the TLS files.
    #[must_use]
    pub fn tls(mut self, tls: TlsMaterial) -> Self {
        self.tls = Some(tls);
        self
    }

    /// Sets whether to skip verifying the daemon's certificate.
    #[must_use]
    pub fn skip_tls_verify(mut self, skip: bool) -> Self {
        self.skip_tls_verify = skip;
        self
    }
}

/// True for hosts whose transport can carry TLS.
fn host_uses_tls(host: &str) -> bool {
    !["unix://", "npipe://", "fd://", "ssh://"]
        .iter()
        .any(|scheme| host.starts_with(scheme))
}

/// Which context to use, and why.
enum Selection {
    /// DOCKER_HOST is set.
    DockerHost,
    /// DOCKER_CONTEXT names it.
    EnvContext(String),
    /// config.json's currentContext names it.
    ConfigContext(String),
    /// Nothing is configured.
    Default,
}

/// The context store under a Docker config directory, plus the environment used for the `default` context
/// and for choosing the active one.
///
/// ```
/// use docker_sdk::config::{ContextEndpointSpec, ContextStore, Env};
///
/// let dir = tempfile::tempdir()?;
/// let store = ContextStore::new(dir.path()).with_env(Env::empty());
/// store.create("remote", ContextEndpointSpec::new("tcp://10.0.0.5:2375"))?;
/// store.set_current("remote")?;
///
/// let endpoint = store.resolve()?;
/// assert_eq!((endpoint.context.as_str(), endpoint.host.as_str()), ("remote", "tcp://10.0.0.5:2375"));
///
/// // DOCKER_HOST wins over the current context.
/// let env = Env::from_pairs([("DOCKER_HOST", "unix:///run/other.sock")]);
/// let endpoint = store.clone().with_env(env).resolve()?;
/// assert_eq!((endpoint.context.as_str(), endpoint.host.as_str()), ("default", "unix:///run/other.sock"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ContextStore {
    config_dir: PathBuf,
    env: Env,
}

impl ContextStore {
    /// The store under the config directory `config_dir`, using the process environment.
    pub fn new(config_dir: impl Into<PathBuf>) -> Self {
        ContextStore {
            config_dir: config_dir.into(),
            env: Env::process(),
        }
    }

    /// The store under the config directory chosen by `env`, using `env`.
    ///
    /// # Errors
    ///
    /// As [`config_dir`].
    pub fn from_env(env: Env) -> Result<Self> {
        Ok(ContextStore {
            config_dir: config_dir(&env)?,
            env,
        })
    }

    /// Uses `env` for the default context and for `DOCKER_HOST` / `DOCKER_CONTEXT`.
    #[must_use]
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The config directory.
    pub fn config_dir(&self) -> &Path {
        &self.config_dir
    }

    /// `<config dir>/contexts`.
    pub fn root(&self) -> PathBuf {
        self.config_dir.join("contexts")
    }

    fn meta_dir(&self, name: &str) -> PathBuf {
        self.root().join("meta").join(context_dir_id(name))
    }

    fn tls_dir(&self, name: &str) -> PathBuf {
        self.root().join("tls").join(context_dir_id(name))
    }

    /// Every context, `default` first, then the stored ones by name.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the file when a `meta.json` is unreadable or malformed.
    pub fn list(&self) -> Result<Vec<ContextInfo>> {
        let active = self.active_name().ok();
        let mut stored = self.stored_infos()?;
        stored.sort_by(|a, b| a.name.cmp(&b.name));
        let mut out = Vec::with_capacity(stored.len() + 1);
        out.push(self.default_info());
        out.extend(stored);
        for info in &mut out {
            info.current = active.as_deref() == Some(info.name.as_str());
        }
        Ok(out)
    }

    /// The names of every context, `default` first.
    ///
    /// # Errors
    ///
    /// As [`list`](Self::list).
    pub fn names(&self) -> Result<Vec<String>> {
        Ok(self.list()?.into_iter().map(|c| c.name).collect())
    }

    fn stored_infos(&self) -> Result<Vec<ContextInfo>> {
        let meta_root = self.root().join("meta");
        let entries = match std::fs::read_dir(&meta_root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(Error::Config {
                    message: format!("cannot read the context store {}: {e}", meta_root.display()),
                })
            }
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::Config {
                message: format!("cannot read the context store {}: {e}", meta_root.display()),
            })?;
            let file = entry.path().join("meta.json");
            if file.is_file() {
                let meta = read_meta(&file)?;
                out.push(self.info_from_meta(meta, entry.path()));
            }
        }
        Ok(out)
    }

    fn info_from_meta(&self, meta: MetaFile, storage: PathBuf) -> ContextInfo {
        let mut metadata = meta.metadata.unwrap_or_default();
        let description = match metadata.remove("Description") {
            Some(Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        };
        let docker = docker_endpoint(meta.endpoints.as_ref());
        let tls_dir = self.tls_dir(&meta.name).join(DOCKER_ENDPOINT);
        let tls_files = ["ca.pem", "cert.pem", "key.pem"]
            .iter()
            .filter(|f| tls_dir.join(f).is_file())
            .map(|f| f.to_string())
            .collect();
        ContextInfo {
            name: meta.name,
            description,
            host: docker.host,
            skip_tls_verify: docker.skip_tls_verify,
            tls_files,
            current: false,
            metadata,
            storage: Some(storage),
        }
    }

    fn default_info(&self) -> ContextInfo {
        let (host, skip) = match self.default_endpoint() {
            Ok(e) => (e.host, e.skip_tls_verify),
            Err(_) => (self.default_host(), false),
        };
        ContextInfo {
            name: DEFAULT_CONTEXT.to_string(),
            description: Some(DEFAULT_DESCRIPTION.to_string()),
            host: Some(host),
            skip_tls_verify: skip,
            tls_files: Vec::new(),
            current: false,
            metadata: Map::new(),
            storage: None,
        }
    }

    /// The context called `name`, including `default`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing the known contexts when there is no such context, or naming the file when
    /// its `meta.json` is malformed.
    pub fn inspect(&self, name: &str) -> Result<ContextInfo> {
        if name == DEFAULT_CONTEXT {
            let mut info = self.default_info();
            info.current = self.active_name().ok().as_deref() == Some(DEFAULT_CONTEXT);
            return Ok(info);
        }
        let meta = self.load_meta(name, None)?;
        let mut info = self.info_from_meta(meta, self.meta_dir(name));
        info.current = self.active_name().ok().as_deref() == Some(name);
        Ok(info)
    }

    /// True when a context called `name` exists (`default` always does).
    pub fn exists(&self, name: &str) -> bool {
        name == DEFAULT_CONTEXT || self.meta_dir(name).join("meta.json").is_file()
    }

    fn load_meta(&self, name: &str, source: Option<&str>) -> Result<MetaFile> {
        let file = self.meta_dir(name).join("meta.json");
        if !file.is_file() {
            return Err(self.unknown_context(name, source));
        }
        read_meta(&file)
    }

    fn unknown_context(&self, name: &str, source: Option<&str>) -> Error {
        let known = match self.stored_infos() {
            Ok(mut infos) => {
                infos.sort_by(|a, b| a.name.cmp(&b.name));
                std::iter::once(DEFAULT_CONTEXT.to_string())
                    .chain(infos.into_iter().map(|i| i.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            Err(_) => DEFAULT_CONTEXT.to_string(),
        };
        let from = source
            .map(|s| format!(" (selected by {s})"))
            .unwrap_or_default();
        Error::Config {
            message: format!(
                "context {name:?}{from} does not exist in {}; known contexts: {known}. Create it with \
                 `docker context create` or choose one of these",
                self.root().display()
            ),
        }
    }

    /// Stores a new context.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the name is invalid or `default`, the context already exists, the
    /// host has no supported scheme, or the TLS key is encrypted; [`Error::Config`] when files cannot be
    /// written.
    pub fn create(&self, name: &str, spec: ContextEndpointSpec) -> Result<ContextInfo> {
        if name == DEFAULT_CONTEXT {
            return Err(Error::invalid(
                "\"default\" is a reserved context name; choose another name",
            ));
        }
        validate_context_name(name)?;
        if self.exists(name) {
            return Err(Error::invalid(format!(
                "context {name:?} already exists; remove it first or choose another name"
            )));
        }
        let host = spec.host.trim();
        let known = ["unix://", "tcp://", "ssh://", "npipe://", "fd://"];
        if !known
            .iter()
            .any(|s| host.starts_with(s) && host.len() > s.len())
        {
            return Err(Error::invalid(format!(
                "context host {host:?} is not a daemon address: use unix://PATH, tcp://HOST:PORT, ssh://[USER@]HOST, npipe://PATH or fd://"
            )));
        }
        if let Some(tls) = &spec.tls {
            tls.check_key(Path::new("key.pem"))
                .map_err(|e| Error::invalid(e.to_string()))?;
        }

        let mut metadata = Map::new();
        if let Some(d) = spec.description.as_deref().filter(|d| !d.is_empty()) {
            metadata.insert("Description".into(), Value::String(d.to_string()));
        }
        let endpoint = DockerEndpointMeta {
            host: Some(host.to_string()),
            skip_tls_verify: spec.skip_tls_verify,
        };
        let mut endpoints = Map::new();
        endpoints.insert(
            DOCKER_ENDPOINT.into(),
            serde_json::to_value(&endpoint).unwrap_or(Value::Null),
        );
        let meta = MetaFile {
            name: name.to_string(),
            metadata: Some(metadata),
            endpoints: Some(endpoints),
        };
        let json = serde_json::to_vec(&meta).map_err(|e| Error::Config {
            message: format!("cannot encode the metadata of context {name:?}: {e}"),
        })?;

        if let Some(tls) = spec.tls.as_ref().filter(|t| !t.is_empty()) {
            let dir = self.tls_dir(name).join(DOCKER_ENDPOINT);
            create_dir_with_mode(&dir, 0o700)?;
            for (file, data) in [
                ("ca.pem", &tls.ca),
                ("cert.pem", &tls.cert),
                ("key.pem", &tls.key),
            ] {
                if let Some(data) = data {
                    write_atomic(&dir.join(file), data, 0o600)?;
                }
            }
        }
        let meta_dir = self.meta_dir(name);
        create_dir_with_mode(&meta_dir, 0o755)?;
        write_atomic(&meta_dir.join("meta.json"), &json, 0o644)?;
        self.inspect(name)
    }

    /// Deletes a stored context and its TLS files. If it was `currentContext` in `config.json`, that is
    /// cleared so the CLI falls back to `default`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for `default`, [`Error::Config`] listing the known contexts when there is
    /// no such context, or when files cannot be removed.
    pub fn remove(&self, name: &str) -> Result<()> {
        if name == DEFAULT_CONTEXT {
            return Err(Error::invalid("the \"default\" context cannot be removed"));
        }
        if !self.exists(name) {
            return Err(self.unknown_context(name, None));
        }
        for dir in [self.meta_dir(name), self.tls_dir(name)] {
            match std::fs::remove_dir_all(&dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::Config {
                        message: format!("cannot remove {}: {e}", dir.display()),
                    })
                }
            }
        }
        let mut config = self.config()?;
        if config.current_context.as_deref() == Some(name) {
            config.current_context = None;
            config.save()?;
        }
        Ok(())
    }

    fn config(&self) -> Result<ConfigFile> {
        ConfigFile::load(&self.config_dir)
    }

    /// `currentContext` from `config.json`, or `default` when it is unset. Ignores the environment; see
    /// [`active_name`](Self::active_name) for the context actually used.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `config.json` is malformed.
    pub fn current(&self) -> Result<String> {
        Ok(self
            .config()?
            .current_context
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| DEFAULT_CONTEXT.to_string()))
    }

    /// Makes `name` the current context in `config.json` (`docker context use`); `default` clears the
    /// setting.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing the known contexts when there is no such context, or when `config.json`
    /// cannot be read or written.
    pub fn set_current(&self, name: &str) -> Result<()> {
        if !self.exists(name) {
            return Err(self.unknown_context(name, None));
        }
        let mut config = self.config()?;
        config.current_context = (name != DEFAULT_CONTEXT).then(|| name.to_string());
        config.save()
    }

    fn selection(&self) -> Result<Selection> {
        if self.env.non_empty("DOCKER_HOST").is_some() {
            return Ok(Selection::DockerHost);
        }
        if let Some(name) = self.env.non_empty("DOCKER_CONTEXT") {
            return Ok(Selection::EnvContext(name));
        }
        match self.config()?.current_context.filter(|c| !c.is_empty()) {
            Some(name) => Ok(Selection::ConfigContext(name)),
            None => Ok(Selection::Default),
        }
    }

    /// The name of the context in effect: `default` when `DOCKER_HOST` is set, else `DOCKER_CONTEXT`, else
    /// `currentContext`, else `default`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `config.json` is malformed.
    pub fn active_name(&self) -> Result<String> {
        Ok(match self.selection()? {
            Selection::DockerHost | Selection::Default => DEFAULT_CONTEXT.to_string(),
            Selection::EnvContext(name) | Selection::ConfigContext(name) => name,
        })
    }

    /// The endpoint of the context in effect (see [`active_name`](Self::active_name)).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing the known contexts when the selected context does not exist (saying
    /// whether `DOCKER_CONTEXT` or `config.json` selected it); [`Error::Tls`] when its TLS files cannot be
    /// read.
    pub fn resolve(&self) -> Result<Endpoint> {
        match self.selection()? {
            Selection::DockerHost | Selection::Default => self.default_endpoint(),
            Selection::EnvContext(name) => self.endpoint_from(&name, Some("DOCKER_CONTEXT")),
            Selection::ConfigContext(name) => {
                let source = format!(
                    "currentContext in {}",
                    config_file_path(&self.config_dir).display()
                );
                self.endpoint_from(&name, Some(&source))
            }
        }
    }

    /// The endpoint of the context called `name` (`default` is built from the environment).
    ///
    /// # Errors
    ///
    /// As [`resolve`](Self::resolve).
    pub fn endpoint(&self, name: &str) -> Result<Endpoint> {
        self.endpoint_from(name, None)
    }

    fn endpoint_from(&self, name: &str, source: Option<&str>) -> Result<Endpoint> {
        if name == DEFAULT_CONTEXT {
            return self.default_endpoint();
        }
        let meta = self.load_meta(name, source)?;
        let docker = docker_endpoint(meta.endpoints.as_ref());
        let host = docker
            .host
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| self.default_host());
        let mut tls = None;
        let mut skip = false;
        let dir = self.tls_dir(name).join(DOCKER_ENDPOINT);
        if host_uses_tls(&host) {
            let material = TlsMaterial::load_dir(&dir)?;
            if !material.is_empty() || docker.skip_tls_verify {
                tls = Some(material);
                skip = docker.skip_tls_verify;
            }
        }
        Ok(Endpoint {
            host,
            tls_dir: tls.is_some().then_some(dir),
            tls,
            skip_tls_verify: skip,
            context: name.to_string(),
        })
    }

    fn default_host(&self) -> String {
        self.env
            .non_empty("DOCKER_HOST")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|| DEFAULT_DOCKER_HOST.to_string())
    }

    /// The `default` context: `DOCKER_HOST` (else the local socket); TLS on when `DOCKER_TLS_VERIFY` is
    /// non-empty (with verification) or `DOCKER_TLS` is (without); PEM files from `DOCKER_CERT_PATH` (a
    /// leading `~/` is the home directory), else the config directory, checked by the rules of
    /// [`TlsConfig::from_cert_dir`](crate::transport::TlsConfig::from_cert_dir).
    fn default_endpoint(&self) -> Result<Endpoint> {
        let host = self.default_host();
        let verify = self.env.non_empty("DOCKER_TLS_VERIFY").is_some();
        let tls_on = verify || self.env.non_empty("DOCKER_TLS").is_some();
        let (tls, skip, tls_dir) = if tls_on && host_uses_tls(&host) {
            let cert_dir = match self.env.non_empty("DOCKER_CERT_PATH") {
                Some(path) => crate::config::expand_home(path, &self.env),
                None => self.config_dir.clone(),
            };
            let variable = if verify {
                "DOCKER_TLS_VERIFY"
            } else {
                "DOCKER_TLS"
            };
            crate::transport::tls::check_cert_dir(&cert_dir, verify).map_err(|e| match e {
                Error::Tls { message, source } => Error::Tls {
                    message: format!("{variable} is set but {message}"),
                    source,
                },
                other => other,
            })?;
            let material = TlsMaterial::load_dir(&cert_dir)?;
            (Some(material), !verify, Some(cert_dir))
        } else {
            (None, false, None)
        };
        Ok(Endpoint {
            host,
            tls_dir,
            tls,
            skip_tls_verify: skip,
            context: DEFAULT_CONTEXT.to_string(),
        })
    }
}

/// The endpoint to connect to according to `env`: the config directory it names, `DOCKER_HOST`,
/// `DOCKER_CONTEXT`, `currentContext` and the default, in the Docker CLI's order of precedence.
///
/// ```
/// use docker_sdk::config::{resolve_endpoint, Env};
///
/// let dir = tempfile::tempdir()?;
/// let env = Env::from_pairs([("DOCKER_CONFIG", dir.path().to_str().unwrap())]);
/// let endpoint = resolve_endpoint(&env)?;
/// assert_eq!(endpoint.context, "default");
/// assert!(endpoint.tls.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`config_dir`] and [`ContextStore::resolve`].
pub fn resolve_endpoint(env: &Env) -> Result<Endpoint> {
    ContextStore::from_env(env.clone())?.resolve()
}

#[cfg(test)]
mod cli_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> ContextStore {
        ContextStore::new(dir).with_env(Env::empty())
    }

    fn mode(path: &Path) -> u32 {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(path).unwrap().permissions().mode() & 0o777
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            0
        }
    }

    const KEY: &[u8] = b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";

    #[test]
    fn names_are_validated() {
        for ok in ["ab", "a1", "my-ctx", "x.y+z_w", "0a"] {
            assert!(validate_context_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a", "-a", ".a", "a/b", "a b", "é1", "a\\b"] {
            assert!(validate_context_name(bad).is_err(), "{bad}");
        }
        let tmp = tempfile::tempdir().unwrap();
        let err = store(tmp.path())
            .create("default", ContextEndpointSpec::new("tcp://x:1"))
            .unwrap_err();
        assert!(err.to_string().contains("reserved"), "{err}");
        assert!(store(tmp.path())
            .create("a/b", ContextEndpointSpec::new("tcp://x:1"))
            .is_err());
    }

    #[test]
    fn create_writes_the_cli_layout() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let tls = TlsMaterial {
            ca: Some(b"CA".to_vec()),
            cert: None,
            key: Some(KEY.to_vec()),
        };
        let info = s
            .create(
                "remote",
                ContextEndpointSpec::new("tcp://10.1.2.3:2376")
                    .description("lab")
                    .tls(tls.clone()),
            )
            .unwrap();
        assert_eq!(info.description.as_deref(), Some("lab"));
        assert_eq!(info.tls_files, ["ca.pem", "key.pem"]);

        let id = context_dir_id("remote");
        let meta_file = tmp.path().join("contexts/meta").join(&id).join("meta.json");
        let meta: Value =
            serde_json::from_str(&std::fs::read_to_string(&meta_file).unwrap()).unwrap();
        assert_eq!(
            meta,
            serde_json::json!({"Name":"remote","Metadata":{"Description":"lab"},
                "Endpoints":{"docker":{"Host":"tcp://10.1.2.3:2376","SkipTLSVerify":false}}})
        );
        let tls_dir = tmp.path().join("contexts/tls").join(&id).join("docker");
        assert_eq!(std::fs::read(tls_dir.join("key.pem")).unwrap(), KEY);
        assert!(!tls_dir.join("cert.pem").exists());
        if cfg!(unix) {
            assert_eq!(mode(&tls_dir), 0o700);
            assert_eq!(mode(&tls_dir.join("key.pem")), 0o600);
            assert_eq!(mode(&meta_file), 0o644);
            assert_eq!(mode(meta_file.parent().unwrap()), 0o755);
        }

        let endpoint = s.endpoint("remote").unwrap();
        assert_eq!(endpoint.host, "tcp://10.1.2.3:2376");
        assert_eq!(endpoint.tls, Some(tls));
        assert!(!endpoint.skip_tls_verify);

        let again = s
            .create("remote", ContextEndpointSpec::new("tcp://x:1"))
            .unwrap_err();
        assert!(again.to_string().contains("already exists"), "{again}");
    }

    #[test]
    fn create_rejects_bad_hosts_and_encrypted_keys() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        for host in ["", "10.0.0.1:2375", "http://x", "tcp://"] {
            assert!(matches!(
                s.create("ctx", ContextEndpointSpec::new(host)),
                Err(Error::InvalidArgument(_))
            ));
        }
        let encrypted = TlsMaterial {
            key: Some(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n".to_vec()),
            ..Default::default()
        };
        assert!(s
            .create("ctx", ContextEndpointSpec::new("tcp://x:1").tls(encrypted))
            .is_err());
        assert!(!s.exists("ctx"));
    }

    #[test]
    fn list_has_default_first_then_sorted_and_marks_current() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        s.create("zeta", ContextEndpointSpec::new("ssh://me@zeta"))
            .unwrap();
        s.create("alpha", ContextEndpointSpec::new("unix:///tmp/a.sock"))
            .unwrap();
        let list = s.list().unwrap();
        let names: Vec<_> = list.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["default", "alpha", "zeta"]);
        assert!(list[0].current);
        assert_eq!(list[0].host.as_deref(), Some(DEFAULT_DOCKER_HOST));
        assert_eq!(list[0].storage, None);

        s.set_current("zeta").unwrap();
        let list = s.list().unwrap();
        assert!(!list[0].current && list[2].current);
        assert_eq!(s.current().unwrap(), "zeta");
        let config = std::fs::read_to_string(tmp.path().join("config.json")).unwrap();
        assert!(config.contains("\"currentContext\": \"zeta\""), "{config}");

        s.set_current("default").unwrap();
        assert_eq!(s.current().unwrap(), "default");
        let config = ConfigFile::load(tmp.path()).unwrap();
        assert_eq!(config.current_context, None);
    }

    #[test]
    fn unknown_contexts_list_the_known_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        s.create("prod", ContextEndpointSpec::new("tcp://p:2376"))
            .unwrap();
        for err in [
            s.inspect("nope").unwrap_err(),
            s.set_current("nope").unwrap_err(),
            s.remove("nope").unwrap_err(),
            s.clone()
                .with_env(Env::from_pairs([("DOCKER_CONTEXT", "nope")]))
                .resolve()
                .unwrap_err(),
        ] {
            let text = err.to_string();
            assert!(matches!(err, Error::Config { .. }), "{text}");
            assert!(
                text.contains("\"nope\"") && text.contains("known contexts: default, prod"),
                "{text}"
            );
        }
        let err = s
            .clone()
            .with_env(Env::from_pairs([("DOCKER_CONTEXT", "nope")]))
            .resolve()
            .unwrap_err();
        assert!(err.to_string().contains("DOCKER_CONTEXT"), "{err}");
    }

    #[test]
    fn resolution_precedence() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        s.create("from-config", ContextEndpointSpec::new("tcp://config:2375"))
            .unwrap();
        s.create("from-env", ContextEndpointSpec::new("tcp://env:2375"))
            .unwrap();
        s.set_current("from-config").unwrap();

        let with = |pairs: &[(&str, &str)]| {
            let env = Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            let e = s.clone().with_env(env).resolve().unwrap();
            (e.context, e.host)
        };
        assert_eq!(
            with(&[]),
            ("from-config".into(), "tcp://config:2375".into())
        );
        assert_eq!(
            with(&[("DOCKER_CONTEXT", "from-env")]),
            ("from-env".into(), "tcp://env:2375".into())
        );
        assert_eq!(
            with(&[("DOCKER_CONTEXT", "from-env"), ("DOCKER_HOST", "tcp://h:1")]),
            ("default".into(), "tcp://h:1".into())
        );
        // Empty values do not count.
        assert_eq!(
            with(&[("DOCKER_CONTEXT", ""), ("DOCKER_HOST", "")]),
            ("from-config".into(), "tcp://config:2375".into())
        );
        assert_eq!(
            with(&[("DOCKER_CONTEXT", "default")]),
            ("default".into(), DEFAULT_DOCKER_HOST.into())
        );
    }

    #[test]
    fn default_context_tls_from_env() {
        let tmp = tempfile::tempdir().unwrap();
        let certs = tmp.path().join("certs");
        std::fs::create_dir(&certs).unwrap();
        std::fs::write(certs.join("ca.pem"), b"CA").unwrap();
        std::fs::write(certs.join("cert.pem"), b"CERT").unwrap();
        std::fs::write(certs.join("key.pem"), KEY).unwrap();
        let certs_str = certs.to_string_lossy().into_owned();
        let resolve = |pairs: Vec<(&str, &str)>| {
            store(tmp.path())
                .with_env(Env::from_pairs(pairs))
                .resolve()
                .unwrap()
        };

        // Any non-empty DOCKER_TLS_VERIFY, even "0", means TLS with verification.
        let e = resolve(vec![
            ("DOCKER_HOST", "tcp://d:2376"),
            ("DOCKER_TLS_VERIFY", "0"),
            ("DOCKER_CERT_PATH", &certs_str),
        ]);
        let tls = e.tls.unwrap();
        assert_eq!(tls.ca.as_deref(), Some(&b"CA"[..]));
        assert_eq!(tls.cert.as_deref(), Some(&b"CERT"[..]));
        assert_eq!(tls.key.as_deref(), Some(KEY));
        assert!(!e.skip_tls_verify);

        // DOCKER_TLS alone: TLS without verification.
        let e = resolve(vec![
            ("DOCKER_HOST", "tcp://d:2376"),
            ("DOCKER_TLS", "1"),
            ("DOCKER_CERT_PATH", &certs_str),
        ]);
        assert!(e.tls.is_some() && e.skip_tls_verify);

        // The cert path defaults to the config directory, where there is no ca.pem: verification
        // cannot work, and the error names the missing file.
        let err = store(tmp.path())
            .with_env(Env::from_pairs([
                ("DOCKER_HOST", "tcp://d:2376"),
                ("DOCKER_TLS_VERIFY", "1"),
            ]))
            .resolve()
            .unwrap_err();
        assert!(
            err.to_string()
                .contains(&tmp.path().join("ca.pem").display().to_string()),
            "{err}"
        );

        // No TLS variables, or a unix socket: no TLS.
        assert_eq!(resolve(vec![("DOCKER_HOST", "tcp://d:2375")]).tls, None);
        let e = resolve(vec![
            ("DOCKER_TLS_VERIFY", "1"),
            ("DOCKER_CERT_PATH", &certs_str),
        ]);
        assert_eq!((e.host.as_str(), e.tls), (DEFAULT_DOCKER_HOST, None));
    }

    #[test]
    fn default_context_cert_dir_rules() {
        let home = tempfile::tempdir().unwrap();
        let certs = home.path().join("certs");
        std::fs::create_dir(&certs).unwrap();
        let resolve = |pairs: &[(&str, &str)]| {
            let mut all = vec![
                ("HOME", home.path().to_str().unwrap()),
                ("DOCKER_HOST", "tcp://d:2376"),
            ];
            all.extend_from_slice(pairs);
            store(home.path()).with_env(Env::from_pairs(all)).resolve()
        };
        let message = |pairs: &[(&str, &str)]| resolve(pairs).unwrap_err().to_string();
        let named = |file: &str| certs.join(file).display().to_string();

        // A missing directory is named, after expanding `~/`.
        let err = message(&[("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "~/nope")]);
        let missing = home.path().join("nope").display().to_string();
        assert!(
            err.contains(&missing) && err.contains("does not exist"),
            "{err}"
        );
        assert!(err.contains("DOCKER_TLS_VERIFY"), "{err}");
        let err = message(&[("DOCKER_TLS", "1"), ("DOCKER_CERT_PATH", "~/nope")]);
        assert!(err.contains(&missing), "{err}");

        // An empty directory: no ca.pem is an error only when verifying.
        let err = message(&[("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "~/certs")]);
        assert!(err.contains(&named("ca.pem")), "{err}");
        let e = resolve(&[("DOCKER_TLS", "1"), ("DOCKER_CERT_PATH", "~/certs")]).unwrap();
        assert_eq!(e.tls, Some(TlsMaterial::default()));
        assert_eq!(e.tls_dir.as_deref(), Some(certs.as_path()));

        // Half a client certificate names the missing half.
        std::fs::write(certs.join("ca.pem"), b"CA").unwrap();
        std::fs::write(certs.join("cert.pem"), b"CERT").unwrap();
        let err = message(&[("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "~/certs")]);
        assert!(err.contains(&named("key.pem")), "{err}");
        std::fs::remove_file(certs.join("cert.pem")).unwrap();
        std::fs::write(certs.join("key.pem"), KEY).unwrap();
        let err = message(&[("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "~/certs")]);
        assert!(err.contains(&named("cert.pem")), "{err}");

        // CA alone: verification, no client certificate.
        std::fs::remove_file(certs.join("key.pem")).unwrap();
        let e = resolve(&[("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "~/certs")]).unwrap();
        let tls = e.tls.unwrap();
        assert_eq!((tls.ca.is_some(), tls.cert, tls.key), (true, None, None));
    }

    #[test]
    fn stored_context_tls_rules() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        s.create(
            "skip",
            ContextEndpointSpec::new("tcp://s:2376").skip_tls_verify(true),
        )
        .unwrap();
        s.create("plain", ContextEndpointSpec::new("tcp://p:2375"))
            .unwrap();
        let tls = TlsMaterial {
            ca: Some(b"CA".to_vec()),
            ..Default::default()
        };
        s.create(
            "sock",
            ContextEndpointSpec::new("unix:///tmp/d.sock").tls(tls),
        )
        .unwrap();

        let skip = s.endpoint("skip").unwrap();
        assert_eq!(skip.tls, Some(TlsMaterial::default()));
        assert!(skip.skip_tls_verify);
        assert_eq!(s.endpoint("plain").unwrap().tls, None);
        assert_eq!(s.endpoint("sock").unwrap().tls, None);
    }

    #[test]
    fn encrypted_stored_key_is_rejected_on_load() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        s.create("enc", ContextEndpointSpec::new("tcp://e:2376"))
            .unwrap();
        let dir = s.tls_dir("enc").join("docker");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("key.pem"),
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n-----END RSA PRIVATE KEY-----\n",
        )
        .unwrap();
        let err = s.endpoint("enc").unwrap_err();
        assert!(matches!(err, Error::Tls { .. }), "{err}");
    }

    #[test]
    fn remove_deletes_files_and_clears_current() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let tls = TlsMaterial {
            key: Some(KEY.to_vec()),
            ..Default::default()
        };
        s.create("gone", ContextEndpointSpec::new("tcp://g:2376").tls(tls))
            .unwrap();
        s.set_current("gone").unwrap();
        s.remove("gone").unwrap();
        assert!(!s.meta_dir("gone").exists() && !s.tls_dir("gone").exists());
        assert_eq!(s.current().unwrap(), "default");
        assert!(s.remove("default").is_err());
    }

    #[test]
    fn malformed_meta_names_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let dir = s.meta_dir("broken");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("meta.json"), "{nope").unwrap();
        let err = s.list().unwrap_err();
        assert!(err.to_string().contains("meta.json"), "{err}");
    }
}
