//! [`Docker`], the entry point, and [`DockerBuilder`], which says where and how to connect.

use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use http::HeaderMap;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::api::{ApiClient, Settings};
use crate::config::{ConfigFile, ContextStore, Endpoint, Env, ProxyConfig};
use crate::error::{Error, Result};
use crate::transport::TlsConfig;
use crate::transport::{DaemonHost, DEFAULT_NAMED_PIPE, DEFAULT_UNIX_SOCKET};
use crate::utils::version::ApiVersion;

/// The default client timeout for ordinary calls (streams and waits are not cut by it).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How many idle connections the pool keeps by default.
pub const DEFAULT_POOL_MAX_IDLE: usize = 16;

/// How long opening one connection may take by default (TCP connect, TLS handshake, ssh start), for every
/// call including streams and waits: 30 s, like the Docker CLI's dialer.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// A Docker client: the high-level API, and the low-level one through [`Docker::api`].
///
/// `Docker` is cheap to clone (clones share one connection pool) and is `Send + Sync`. One client may be
/// used from any number of tasks and from several tokio runtimes in turn.
///
/// ```no_run
/// # async fn demo() -> docker_sdk::Result<()> {
/// let docker = docker_sdk::Docker::from_env()?;
/// let version = docker.version().await?;
/// println!("connected to Docker {}", version.version.unwrap_or_default());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Docker {
    api: ApiClient,
    config: Arc<ClientConfig>,
}

/// The Docker CLI configuration (config.json) as this client sees it, loaded on first use.
#[derive(Debug)]
struct ClientConfig {
    dir: Option<PathBuf>,
    /// The environment the client was configured from (`DockerBuilder::from_env`); credential lookups
    /// read `DOCKER_AUTH_CONFIG` and search helpers on `PATH` through it. `None`: the process's.
    env: Option<Env>,
    /// The limit on each credential helper call.
    helper_timeout: Duration,
    file: OnceLock<Option<ConfigFile>>,
}

impl Docker {
    /// A client configured from the environment, like the Docker CLI: `DOCKER_HOST` (default
    /// `unix:///var/run/docker.sock`), else the context named by `DOCKER_CONTEXT`, else config.json's
    /// `currentContext`; `DOCKER_API_VERSION` (default: negotiated); and for TLS `DOCKER_TLS_VERIFY` (any
    /// non-empty value turns TLS and verification on, as in the CLI — even `0`), `DOCKER_TLS` (TLS without
    /// verification) and `DOCKER_CERT_PATH` (default: the config directory; a leading `~/` is the home
    /// directory; its files are checked as [`TlsConfig::from_cert_dir`] says).
    ///
    /// No connection is made until the first call.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a malformed `DOCKER_HOST` or `DOCKER_API_VERSION`;
    /// [`Error::Config`] for an unknown context (the message lists the known ones) or a malformed
    /// config.json; [`Error::Tls`] for missing or unusable certificate files.
    pub fn from_env() -> Result<Docker> {
        DockerBuilder::from_env(&Env::process())?.build()
    }

    /// A client for the Docker context `name`, as `docker --context name`: the context is `name` whatever
    /// `DOCKER_HOST`, `DOCKER_CONTEXT` and config.json's `currentContext` say. The context store is the
    /// one under `DOCKER_CONFIG` (default `~/.docker`), and `DOCKER_API_VERSION` applies.
    ///
    /// `"default"` is the context the CLI builds from the environment, so, as with
    /// `docker --context default`, it is `DOCKER_HOST` when that is set (with `DOCKER_TLS_VERIFY`,
    /// `DOCKER_TLS` and `DOCKER_CERT_PATH`), else `unix:///var/run/docker.sock`. A stored context
    /// ignores all of these.
    ///
    /// No connection is made until the first call.
    ///
    /// ```no_run
    /// # async fn demo() -> docker_sdk::Result<()> {
    /// let docker = docker_sdk::Docker::from_context("remote")?;
    /// docker.ping().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] when there is no such context (the message lists the known ones) or the
    /// config directory cannot be found; [`Error::Tls`] for missing or unusable certificate files.
    pub fn from_context(name: &str) -> Result<Docker> {
        let env = Env::process();
        let store = ContextStore::from_env(env.clone())?;
        let endpoint = store.endpoint(name)?;
        let dir = store.config_dir().to_path_buf();
        DockerBuilder::from_endpoint(endpoint, &env)?
            .config_dir(dir)
            .build()
    }

    /// A builder to choose the host, API version, timeout and pool size explicitly.
    ///
    /// ```no_run
    /// # fn demo() -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// let docker = docker_sdk::Docker::builder()
    ///     .host("unix:///var/run/docker.sock")
    ///     .timeout(Duration::from_secs(30))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn builder() -> DockerBuilder {
        DockerBuilder::default()
    }

    /// The low-level client: one method per Engine API endpoint.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// A clone of this client whose ordinary calls use another timeout (`None`: none). The pool is shared.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// let usage = docker.with_timeout(Some(Duration::from_secs(300))).df().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_timeout(&self, timeout: Option<Duration>) -> Docker {
        Docker {
            api: self.api.with_timeout(timeout),
            config: self.config.clone(),
        }
    }

    /// The Docker CLI configuration (config.json from the builder's config directory, else DOCKER_CONFIG
    /// or ~/.docker), loaded once. A missing file is an empty configuration; a malformed one gives `None`
    /// here (with a warning). Registry calls read the file afresh: with a malformed file a push fails with
    /// [`Error::Config`] naming it, and a pull goes ahead anonymously.
    pub fn config_file(&self) -> Option<&ConfigFile> {
        self.config
            .file
            .get_or_init(|| match self.load_config_file() {
                Ok(file) => Some(file),
                Err(e) => {
                    tracing::warn!("ignoring the Docker CLI configuration: {e}");
                    None
                }
            })
            .as_ref()
    }

    /// The Docker CLI configuration as it is on disk now, read afresh (so a login since the client was
    /// made is seen). A missing file is an empty configuration.
    ///
    /// # Errors
    /// [`Error::Config`] naming the file when it cannot be read or is malformed.
    pub(crate) fn load_config_file(&self) -> Result<ConfigFile> {
        match &self.config.dir {
            Some(dir) => ConfigFile::load(dir),
            None => ConfigFile::from_env(&self.env()),
        }
    }

    /// The environment credential lookups use: the one given to [`DockerBuilder::from_env`], else the
    /// process's.
    pub(crate) fn env(&self) -> Env {
        self.config.env.clone().unwrap_or_else(Env::process)
    }

    /// The limit on each credential helper call ([`DockerBuilder::credential_helper_timeout`]).
    pub fn credential_helper_timeout(&self) -> Duration {
        self.config.helper_timeout
    }

    /// The proxy settings config.json gives for this daemon (its `proxies` entry for this host, else
    /// `default`).
    pub fn proxy_config(&self) -> Option<ProxyConfig> {
        self.config_file()?
            .proxy_for(&self.host().to_string())
            .cloned()
    }

    /// The daemon address this client talks to.
    pub fn host(&self) -> &DaemonHost {
        self.api.host()
    }

    /// The API version in use, negotiating it first when needed.
    ///
    /// # Errors
    /// [`Error::Connect`] when the daemon cannot be reached.
    pub async fn api_version(&self) -> Result<ApiVersion> {
        self.api.api_version().await
    }
}

/// Whether a header's value is likely a credential (by its name), to be hidden from Debug output.
fn is_sensitive_header(name: &str) -> bool {
    ["auth", "token", "secret", "cookie", "key", "password"]
        .iter()
        .any(|word| name.contains(word))
}

/// Configures a [`Docker`] client.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until .build() is called"]
pub struct DockerBuilder {
    host: Option<String>,
    tls: Option<TlsConfig>,
    context: Option<String>,
    version: Option<ApiVersion>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    pool_max_idle: usize,
    user_agent: String,
    headers: HeaderMap,
    config_dir: Option<PathBuf>,
    env: Option<Env>,
    helper_timeout: Duration,
    error: Option<String>,
}

impl Default for DockerBuilder {
    fn default() -> Self {
        DockerBuilder {
            host: None,
            tls: None,
            context: None,
            version: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            pool_max_idle: DEFAULT_POOL_MAX_IDLE,
            user_agent: format!("docker-sdk-rust/{}", env!("CARGO_PKG_VERSION")),
            headers: HeaderMap::new(),
            config_dir: None,
            env: None,
            helper_timeout: crate::config::DEFAULT_HELPER_TIMEOUT,
            error: None,
        }
    }
}

impl DockerBuilder {
    /// A builder preset like [`Docker::from_env`], reading variables and files through `env`.
    ///
    /// The client keeps `env` for registry credentials too: config.json comes from its `DOCKER_CONFIG`
    /// (else `$HOME/.docker`), `DOCKER_AUTH_CONFIG` is read from it, and `docker-credential-*` helpers are
    /// searched on its `PATH`, so a program (or a test) can point a client at other credentials without
    /// changing the process's environment.
    ///
    /// ```no_run
    /// # fn demo() -> docker_sdk::Result<()> {
    /// use docker_sdk::config::Env;
    /// let env = Env::from_pairs([
    ///     ("DOCKER_CONFIG", "/tmp/ci-docker-config"),
    ///     ("PATH", "/opt/ci/bin:/usr/bin"),
    /// ]);
    /// let docker = docker_sdk::DockerBuilder::from_env(&env)?.build()?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`Docker::from_env`].
    pub fn from_env(env: &Env) -> Result<DockerBuilder> {
        let endpoint = crate::config::resolve_endpoint(env)?;
        let dir = crate::config::config_dir(env).ok();
        let mut builder = DockerBuilder::from_endpoint(endpoint, env)?;
        builder.env = Some(env.clone());
        Ok(match dir {
            Some(d) => builder.config_dir(d),
            None => builder,
        })
    }

    /// A builder for a resolved endpoint (a context), plus `DOCKER_API_VERSION` from `env`.
    pub(crate) fn from_endpoint(endpoint: Endpoint, env: &Env) -> Result<DockerBuilder> {
        let mut builder = DockerBuilder::default().host(endpoint.host.clone());
        builder.context = Some(endpoint.context.clone());
        if let Some(material) = &endpoint.tls {
            let mut tls = match &endpoint.tls_dir {
                // Files are named in errors when we know where they are. The default context follows
                // DOCKER_CERT_PATH's rules; a stored context's files are each optional (no CA: the
                // system roots), as in the CLI.
                Some(dir) if endpoint.context == crate::config::DEFAULT_CONTEXT => {
                    TlsConfig::from_cert_dir(dir)
                }
                Some(dir) => {
                    let mut tls = TlsConfig::new();
                    if material.ca.is_some() {
                        tls = tls.ca_file(dir.join("ca.pem"));
                    }
                    if material.cert.is_some() && material.key.is_some() {
                        tls = tls.client_cert_files(dir.join("cert.pem"), dir.join("key.pem"));
                    }
                    tls
                }
                None => {
                    let mut tls = TlsConfig::new();
                    if let Some(ca) = &material.ca {
                        tls = tls.ca_pem(ca.clone());
                    }
                    if let (Some(cert), Some(key)) = (&material.cert, &material.key) {
                        tls = tls.client_cert_pem(cert.clone(), key.clone());
                    }
                    tls
                }
            };
            tls = tls.verify(!endpoint.skip_tls_verify);
            builder = builder.tls(tls);
        }
        if let Some(v) = env.non_empty("DOCKER_API_VERSION") {
            let version: ApiVersion = v.parse().map_err(|_| {
                Error::invalid(format!("DOCKER_API_VERSION={v:?} is not of the form 1.41"))
            })?;
            builder = builder.api_version(version);
        }
        Ok(builder)
    }

    /// Uses TLS with these settings (for `tcp://` addresses).
    ///
    /// ```no_run
    /// # fn demo() -> docker_sdk::Result<()> {
    /// use docker_sdk::transport::TlsConfig;
    /// let docker = docker_sdk::Docker::builder()
    ///     .host("tcp://127.0.0.1:2376")
    ///     .tls(TlsConfig::from_cert_dir("/etc/docker/client"))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn tls(mut self, tls: TlsConfig) -> Self {
        self.tls = Some(tls);
        self
    }

    /// The daemon address: `unix:///path`, `tcp://host:port`, `http://host:port`, or a bare `host:port`.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Uses this API version instead of negotiating one with the daemon.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.version = Some(version);
        self
    }

    /// Negotiates the API version with the daemon on first use (the default): one ping, then the older of
    /// the daemon's newest version and [`ApiVersion::MAX`].
    pub fn negotiate_api_version(mut self) -> Self {
        self.version = None;
        self
    }

    /// The timeout of ordinary calls (default 60 s). Streams, waits and attach are not cut by it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No client timeout at all.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// How long opening a connection may take (default [`DEFAULT_CONNECT_TIMEOUT`], 30 s; `None`: as long
    /// as the system allows). Unlike [`timeout`](Self::timeout) it also bounds streams, waits and attach,
    /// which are otherwise never cut: a daemon address that never answers fails with [`Error::Connect`]
    /// naming the address instead of hanging.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many idle connections to keep open for reuse (default 16; 0 disables keep-alive reuse).
    pub fn pool_max_idle(mut self, max: usize) -> Self {
        self.pool_max_idle = max;
        self
    }

    /// The `User-Agent` header (default `docker-sdk-rust/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// A header added to every request (like config.json's `HttpHeaders`).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(n), Ok(mut v)) => {
                // Keep credentials out of Debug output (the builder's, and http's own).
                v.set_sensitive(is_sensitive_header(n.as_str()));
                self.headers.insert(n, v);
            }
            _ => self.error = Some(format!("header {name:?} is not a valid HTTP header")),
        }
        self
    }

    /// The Docker CLI configuration directory (holding config.json) to use instead of DOCKER_CONFIG or
    /// ~/.docker.
    pub fn config_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.config_dir = Some(dir.into());
        self
    }

    /// How long a `docker-credential-*` helper may take to answer one call before it is killed and the
    /// lookup fails with [`Error::Credentials`] saying it timed out (default
    /// [`DEFAULT_HELPER_TIMEOUT`](crate::config::DEFAULT_HELPER_TIMEOUT), 30 s). Applies to the lookups
    /// of this client's pulls, pushes, builds and saved logins; a
    /// [`CredentialStore`](crate::config::CredentialStore) passed with `.credentials(store)` keeps its own
    /// ([`CredentialStore::with_helper_timeout`](crate::config::CredentialStore::with_helper_timeout)).
    pub fn credential_helper_timeout(mut self, timeout: Duration) -> Self {
        self.helper_timeout = timeout;
        self
    }

    /// Builds the client. No connection is made until the first call.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a malformed address or header.
    pub fn build(self) -> Result<Docker> {
        if let Some(e) = self.error {
            return Err(Error::invalid(e));
        }
        let default_host = if cfg!(windows) {
            DEFAULT_NAMED_PIPE
        } else {
            DEFAULT_UNIX_SOCKET
        };
        let host_text = self.host.as_deref().unwrap_or(default_host);
        let host = DaemonHost::parse_with_tls(host_text, self.tls.is_some())?;
        // TLS only means something for TCP; a context may carry files for another kind of host.
        let tls = match &host {
            DaemonHost::Tcp { .. } => self.tls,
            _ => None,
        };
        let api = ApiClient::new(Settings {
            host,
            tls,
            version: self.version,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            pool_max_idle: self.pool_max_idle,
            user_agent: self.user_agent,
            headers: self.headers,
        })?;
        Ok(Docker {
            api,
            config: Arc::new(ClientConfig {
                dir: self.config_dir,
                env: self.env,
                helper_timeout: self.helper_timeout,
                file: OnceLock::new(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder(pairs: &[(&str, &str)]) -> Result<DockerBuilder> {
        let dir = tempfile::tempdir().unwrap();
        let mut all: Vec<(String, String)> =
            vec![("DOCKER_CONFIG".into(), dir.path().display().to_string())];
        all.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        DockerBuilder::from_env(&Env::from_pairs(all))
    }

    #[test]
    fn env_defaults_to_the_unix_socket() {
        let docker = builder(&[]).unwrap().build().unwrap();
        assert_eq!(docker.host().to_string(), "unix:///var/run/docker.sock");
        assert_eq!(docker.api().timeout(), Some(DEFAULT_TIMEOUT));
        assert_eq!(docker.api().api_version_if_known(), None);
    }

    #[test]
    fn env_reads_host_and_version() {
        let docker = builder(&[
            ("DOCKER_HOST", "tcp://127.0.0.1:2375"),
            ("DOCKER_API_VERSION", "1.43"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(docker.host().to_string(), "tcp://127.0.0.1:2375");
        assert_eq!(docker.api().api_version_if_known(), Some(ApiVersion::V1_43));
    }

    #[test]
    fn env_rejects_bad_values() {
        assert!(builder(&[("DOCKER_API_VERSION", "latest")]).is_err());
        let err = builder(&[("DOCKER_HOST", "gopher://x")])
            .unwrap()
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("unsupported scheme"), "{err}");
    }

    #[test]
    fn tls_verify_any_value_means_on_and_missing_ca_is_named() {
        for value in ["1", "0", "true"] {
            let err = builder(&[
                ("DOCKER_HOST", "tcp://127.0.0.1:2376"),
                ("DOCKER_TLS_VERIFY", value),
                ("DOCKER_CERT_PATH", "/nonexistent/certs"),
            ])
            .unwrap_err();
            assert!(
                err.to_string().contains("/nonexistent/certs/ca.pem"),
                "{value}: {err}"
            );
        }
    }

    #[test]
    fn unknown_context_lists_the_known_ones() {
        let err = builder(&[("DOCKER_CONTEXT", "nope")]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("nope") && text.contains("default"), "{text}");
    }

    #[cfg(not(windows))]
    #[test]
    fn named_pipes_are_refused_off_windows() {
        let err = Docker::builder()
            .host("npipe:////./pipe/docker_engine")
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument(m) if m.contains("only available on Windows")),
            "{err:?}"
        );
    }

    #[test]
    fn builder_rejects_bad_headers() {
        let err = Docker::builder()
            .header("bad header", "x")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)));
    }

    #[test]
    fn credential_headers_stay_out_of_debug_output() {
        let builder = Docker::builder()
            .header("Authorization", "Bearer s3cret-token")
            .header("X-Registry-Auth", "c2VjcmV0")
            .header("X-Trace", "visible-value");
        let text = format!("{builder:?}");
        assert!(
            !text.contains("s3cret-token") && !text.contains("c2VjcmV0"),
            "{text}"
        );
        assert!(text.contains("visible-value"), "{text}");
        let docker = builder.build().unwrap();
        let text = format!("{docker:?}");
        assert!(!text.contains("s3cret-token"), "{text}");
    }
}
