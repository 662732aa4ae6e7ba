//! [`Docker`], the entry point, and [`DockerBuilder`], which says where and how to connect.

use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use http::HeaderMap;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::api::{ApiClient, Settings};
use crate::config::{ConfigFile, Env, ProxyConfig};
use crate::error::{Error, Result};
use crate::transport::{DaemonHost, DEFAULT_NAMED_PIPE, DEFAULT_UNIX_SOCKET};
use crate::utils::version::ApiVersion;

/// The default client timeout for ordinary calls (streams and waits are not cut by it).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How many idle connections the pool keeps by default.
pub const DEFAULT_POOL_MAX_IDLE: usize = 16;

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
#[derive(Debug, Default)]
struct ClientConfig {
    dir: Option<PathBuf>,
    file: OnceLock<Option<ConfigFile>>,
}

impl Docker {
    /// A client configured from the environment, like the Docker CLI: `DOCKER_HOST` (default
    /// `unix:///var/run/docker.sock`), `DOCKER_API_VERSION` (default: negotiated), `DOCKER_TLS_VERIFY` and
    /// `DOCKER_CERT_PATH`.
    ///
    /// No connection is made until the first call.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a malformed `DOCKER_HOST` or `DOCKER_API_VERSION`.
    pub fn from_env() -> Result<Docker> {
        DockerBuilder::from_env_vars(|name| std::env::var(name).ok())?.build()
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
    /// or ~/.docker), loaded once. A missing file is an empty configuration; a malformed one is reported
    /// with a warning and ignored.
    pub fn config_file(&self) -> Option<&ConfigFile> {
        self.config
            .file
            .get_or_init(|| {
                let loaded = match &self.config.dir {
                    Some(dir) => ConfigFile::load(dir),
                    None => ConfigFile::from_env(&Env::process()),
                };
                match loaded {
                    Ok(file) => Some(file),
                    Err(e) => {
                        tracing::warn!("ignoring the Docker CLI configuration: {e}");
                        None
                    }
                }
            })
            .as_ref()
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

/// Configures a [`Docker`] client.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until .build() is called"]
pub struct DockerBuilder {
    host: Option<String>,
    tls_verify: bool,
    version: Option<ApiVersion>,
    timeout: Option<Duration>,
    pool_max_idle: usize,
    user_agent: String,
    headers: HeaderMap,
    config_dir: Option<PathBuf>,
    error: Option<String>,
}

impl Default for DockerBuilder {
    fn default() -> Self {
        DockerBuilder {
            host: None,
            tls_verify: false,
            version: None,
            timeout: Some(DEFAULT_TIMEOUT),
            pool_max_idle: DEFAULT_POOL_MAX_IDLE,
            user_agent: format!("docker-sdk-rust/{}", env!("CARGO_PKG_VERSION")),
            headers: HeaderMap::new(),
            config_dir: None,
            error: None,
        }
    }
}

impl DockerBuilder {
    /// A builder preset from environment variables read through `var` (for tests and custom sources).
    pub(crate) fn from_env_vars(var: impl Fn(&str) -> Option<String>) -> Result<DockerBuilder> {
        let non_empty = |name: &str| var(name).filter(|v| !v.is_empty());
        let mut builder = DockerBuilder::default();
        if let Some(host) = non_empty("DOCKER_HOST") {
            builder = builder.host(host);
        }
        if let Some(v) = non_empty("DOCKER_API_VERSION") {
            let version: ApiVersion = v.parse().map_err(|_| {
                Error::invalid(format!("DOCKER_API_VERSION={v:?} is not of the form 1.41"))
            })?;
            builder = builder.api_version(version);
        }
        // The Docker CLI's rule: any non-empty value turns TLS and verification on.
        builder.tls_verify = non_empty("DOCKER_TLS_VERIFY").is_some();
        Ok(builder)
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
            (Ok(n), Ok(v)) => {
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
        let host = DaemonHost::parse_with_tls(host_text, self.tls_verify)?;
        let host = match host {
            DaemonHost::Tcp { host, port, tls } => DaemonHost::Tcp {
                host,
                port,
                tls: tls || self.tls_verify,
            },
            other => other,
        };
        let api = ApiClient::new(Settings {
            host,
            version: self.version,
            timeout: self.timeout,
            pool_max_idle: self.pool_max_idle,
            user_agent: self.user_agent,
            headers: self.headers,
        })?;
        Ok(Docker {
            api,
            config: Arc::new(ClientConfig {
                dir: self.config_dir,
                file: OnceLock::new(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn env_defaults_to_the_unix_socket() {
        let docker = DockerBuilder::from_env_vars(env(&[]))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(docker.host().to_string(), "unix:///var/run/docker.sock");
        assert_eq!(docker.api().timeout(), Some(DEFAULT_TIMEOUT));
        assert_eq!(docker.api().api_version_if_known(), None);
    }

    #[test]
    fn env_reads_host_and_version() {
        let docker = DockerBuilder::from_env_vars(env(&[
            ("DOCKER_HOST", "tcp://127.0.0.1:2375"),
            ("DOCKER_API_VERSION", "1.43"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(docker.host().to_string(), "tcp://127.0.0.1:2375");
        assert_eq!(docker.api().api_version_if_known(), Some(ApiVersion::V1_43));
    }

    #[test]
    fn env_rejects_bad_values() {
        assert!(DockerBuilder::from_env_vars(env(&[("DOCKER_API_VERSION", "latest")])).is_err());
        let err = DockerBuilder::from_env_vars(env(&[("DOCKER_HOST", "gopher://x")]))
            .unwrap()
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("unsupported scheme"), "{err}");
    }

    #[test]
    fn builder_rejects_bad_headers() {
        let err = Docker::builder()
            .header("bad header", "x")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)));
    }
}
