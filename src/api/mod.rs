//! The low-level client: one method per Engine API endpoint.
//!
//! [`ApiClient`] methods are named after the spec's operation IDs in snake_case (`ContainerList` →
//! [`container_list`](ApiClient::container_list)), take a typed options struct, and return typed models from
//! [`crate::models`] or typed streams. Use it when the high-level API does not cover what you need:
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! let version = docker.api().system_version().await?;
//! println!("daemon {}", version.version.unwrap_or_default());
//! # Ok(()) }
//! ```

mod body;
mod config;
mod container;
mod distribution;
mod exec;
pub(crate) mod gates;
mod image;
mod network;
mod node;
mod plugin;
mod raw;
#[allow(dead_code)]
// request helpers are shared by every endpoint group; some are not used by all yet
mod request;
mod secret;
mod service;
mod session;
mod swarm;
mod system;
mod task;
mod volume;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::TryStreamExt;
use http::header::{HeaderValue, CONNECTION, CONTENT_TYPE, HOST, UPGRADE, USER_AGENT};
use http::{HeaderMap, Response, StatusCode};
use http_body_util::{BodyDataStream, BodyExt};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use tokio::sync::OnceCell;
use tracing::Instrument;

pub(crate) use body::sync_read_stream;
pub use body::RequestBody;
pub use config::ConfigListOptions;
pub use container::{
    ContainerAttachOptions, ContainerCreateOptions, ContainerDeleteOptions,
    ContainerInspectOptions, ContainerKillOptions, ContainerListOptions, ContainerLogsOptions,
    ContainerStartOptions, ContainerStatsOptions, ContainerStopOptions, ContainerTopOptions,
    ContainerWaitOptions, PathStat, PutContainerArchiveOptions, WaitCondition,
};
pub use distribution::DistributionInspectOptions;
pub(crate) use gates::{created_id, is_out_of_sequence, UPDATE_ATTEMPTS};
pub use http::Method;
pub use image::{
    BuildPruneOptions, ImageAttestationsOptions, ImageBuildOptions, ImageCommitOptions,
    ImageCreateOptions, ImageDeleteOptions, ImageGetAllOptions, ImageGetOptions,
    ImageHistoryOptions, ImageInspectOptions, ImageListOptions, ImageLoadOptions,
    ImagePruneOptions, ImagePushOptions, ImageSearchOptions, ImageTagOptions, PushProgress,
};
pub use network::{NetworkInspectOptions, NetworkListOptions, NetworkPruneOptions};
pub use node::{NodeDeleteOptions, NodeListOptions};
pub use plugin::{
    PluginDeleteOptions, PluginDisableOptions, PluginEnableOptions, PluginListOptions,
    PluginPullOptions, PluginUpgradeOptions,
};
#[allow(unused_imports)]
pub(crate) use request::{path, stream_body, Body, Deadline, Query, Request};
pub use secret::SecretListOptions;
pub(crate) use service::task_spec_tty;
pub use service::{
    ServiceCreateOptions, ServiceInspectOptions, ServiceListOptions, ServiceLogsOptions,
    ServiceUpdateOptions,
};
pub use session::SessionOptions;
pub use swarm::{SwarmLeaveOptions, SwarmUpdateOptions};
pub use system::{PingInfo, SwarmStatus, SystemDataUsageOptions, SystemEventsOptions};
pub use task::{TaskListOptions, TaskLogsOptions};
pub use volume::{VolumeDeleteOptions, VolumeListOptions, VolumePruneOptions};

use crate::error::{Error, Result};
use crate::transport::pool::{Pool, PoolError, PooledBody};
use crate::transport::runtime::{IoRuntime, RuntimePools};
use crate::transport::DaemonHost;
use crate::utils::version::ApiVersion;

/// The most bytes of an error response we read; the rest is dropped.
const MAX_ERROR_BODY: usize = 1 << 20;

/// A raw body stream, as the daemon sends it.
pub(crate) type BodyStream = std::pin::Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// How the API version is chosen.
#[derive(Debug)]
enum VersionState {
    /// Fixed by the builder or `DOCKER_API_VERSION`.
    Fixed(ApiVersion),
    /// Negotiated lazily with one ping, then cached.
    Auto(OnceCell<ApiVersion>),
}

pub(crate) struct Settings {
    pub(crate) host: DaemonHost,
    pub(crate) tls: Option<crate::transport::TlsConfig>,
    pub(crate) version: Option<ApiVersion>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) pool_max_idle: usize,
    pub(crate) user_agent: String,
    pub(crate) headers: HeaderMap,
}

struct Inner {
    pools: RuntimePools<Arc<Pool>>,
    dialer: Arc<dyn crate::transport::Dial>,
    pool_max_idle: usize,
    host: DaemonHost,
    /// The `Host` header sent with every request.
    authority: HeaderValue,
    version: VersionState,
    /// Whether the daemon is Podman's Docker-compatible service, learnt from a ping's `Server` header
    /// (with the version negotiation's ping, or one of its own when the version is fixed).
    podman: OnceCell<bool>,
    user_agent: HeaderValue,
    headers: HeaderMap,
    io: Arc<IoRuntime>,
}

/// The low-level Engine API client. Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct ApiClient {
    inner: Arc<Inner>,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("host", &self.inner.host.to_string())
            .field("version", &self.inner.version)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl ApiClient {
    pub(crate) fn new(settings: Settings) -> Result<ApiClient> {
        let io = IoRuntime::new().map_err(Error::Io)?;
        let mut dialer = crate::transport::dialer_for(&settings.host, settings.tls.as_ref())?;
        if let Some(limit) = settings.connect_timeout {
            dialer = Arc::new(crate::transport::TimedDialer::new(
                dialer,
                limit,
                io.handle().clone(),
                settings.host.to_string(),
            ));
        }
        let authority = match &settings.host {
            DaemonHost::Tcp { host, port, .. } if host.contains(':') => format!("[{host}]:{port}"),
            DaemonHost::Tcp { host, port, .. } => format!("{host}:{port}"),
            // Local sockets and tunnels have no host name; this is the name the Docker CLI uses.
            _ => "api.moby.localhost".to_string(),
        };
        let authority = HeaderValue::from_str(&authority)
            .map_err(|_| Error::invalid(format!("{authority:?} is not a valid host name")))?;
        let user_agent = HeaderValue::from_str(&settings.user_agent).map_err(|_| {
            Error::invalid(format!(
                "user agent {:?} is not a valid header value",
                settings.user_agent
            ))
        })?;
        let version = match settings.version {
            Some(v) => VersionState::Fixed(v),
            None => VersionState::Auto(OnceCell::new()),
        };
        let pool_max_idle = match settings.host {
            // Every ssh connection is a process and an ssh session: keep few.
            #[cfg(unix)]
            DaemonHost::Ssh { .. } => settings
                .pool_max_idle
                .min(crate::transport::MAX_SSH_CONNECTIONS),
            _ => settings.pool_max_idle,
        };
        Ok(ApiClient {
            inner: Arc::new(Inner {
                pools: RuntimePools::new(),
                dialer,
                pool_max_idle,
                host: settings.host,
                authority,
                version,
                podman: OnceCell::new(),
                user_agent,
                headers: settings.headers,
                io,
            }),
            timeout: settings.timeout,
        })
    }

    /// The daemon address this client talks to.
    pub fn host(&self) -> &DaemonHost {
        &self.inner.host
    }

    /// The client timeout applied to ordinary calls (`None`: no timeout).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// A clone of this client with another timeout; the pool is shared.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// let patient = docker.api().with_timeout(Some(Duration::from_secs(600)));
    /// patient.system_data_usage(&Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub fn with_timeout(&self, timeout: Option<Duration>) -> ApiClient {
        ApiClient {
            inner: self.inner.clone(),
            timeout,
        }
    }

    pub(crate) fn io_handle(&self) -> &tokio::runtime::Handle {
        self.inner.io.handle()
    }

    /// The connection pool of the runtime we are called from (or of the client's own I/O runtime when
    /// called from outside tokio).
    fn pool(&self) -> Arc<Pool> {
        let (handle, on_io) = match tokio::runtime::Handle::try_current() {
            Ok(h) => (h, false),
            Err(_) => (self.inner.io.handle().clone(), true),
        };
        self.inner.pools.get_or_insert(&handle, || {
            Arc::new(Pool::new(
                self.inner.dialer.clone(),
                handle.clone(),
                on_io.then(|| handle.clone()),
                self.inner.pool_max_idle,
            ))
        })
    }

    /// How many connections the pool of the calling runtime has opened (for tests).
    #[cfg(test)]
    pub(crate) fn connections_opened(&self) -> usize {
        self.pool().opened()
    }

    /// The API version requests are sent with, negotiating it first if needed (one ping).
    ///
    /// # Errors
    /// [`Error::Connect`] when the daemon cannot be reached, [`Error::UnsupportedApiVersion`] when the daemon
    /// is older than [`ApiVersion::MIN`].
    pub async fn api_version(&self) -> Result<ApiVersion> {
        match &self.inner.version {
            VersionState::Fixed(v) => Ok(*v),
            VersionState::Auto(cell) => cell.get_or_try_init(|| self.negotiate()).await.copied(),
        }
    }

    /// The API version if it is already known (fixed, or negotiated by an earlier call).
    pub fn api_version_if_known(&self) -> Option<ApiVersion> {
        match &self.inner.version {
            VersionState::Fixed(v) => Some(*v),
            VersionState::Auto(cell) => cell.get().copied(),
        }
    }

    /// Whether the daemon is Podman (its `Server` header says `Libpod/…`), asked once. Used only where
    /// the two engines read a parameter differently.
    pub(crate) async fn is_podman(&self) -> Result<bool> {
        self.inner
            .podman
            .get_or_try_init(|| async { Ok(self.ping_headers().await?.is_podman()) })
            .await
            .copied()
    }

    async fn negotiate(&self) -> Result<ApiVersion> {
        let ping = self.ping_headers().await?;
        let _ = self.inner.podman.set(ping.is_podman());
        let daemon = ping.api_version.unwrap_or(ApiVersion::MIN);
        if daemon < ApiVersion::MIN {
            return Err(Error::UnsupportedApiVersion {
                feature: format!(
                    "docker-sdk (the daemon at {} speaks at most {daemon})",
                    self.inner.host
                ),
                required: ApiVersion::MIN,
                actual: daemon,
            });
        }
        let chosen = daemon.min(ApiVersion::MAX);
        tracing::debug!(daemon = %daemon, chosen = %chosen, "negotiated Engine API version");
        Ok(chosen)
    }

    /// Checks that the API version in use is at least `required`, before anything is sent.
    pub(crate) async fn require(&self, required: ApiVersion, feature: &str) -> Result<()> {
        let actual = self.api_version().await?;
        if actual < required {
            return Err(Error::UnsupportedApiVersion {
                feature: feature.to_string(),
                required,
                actual,
            });
        }
        Ok(())
    }

    /// Sends a request and returns the response once its headers arrived with a success status.
    pub(crate) async fn send(&self, req: Request) -> Result<Response<PooledBody>> {
        let timeout = self.effective_timeout(&req);
        let what = What::of(&req);
        with_deadline(self.deadline(timeout), what, self.exchange(req)).await
    }

    /// Sends an unversioned request without negotiating first (for `/_ping` during negotiation).
    pub(crate) async fn send_unversioned(&self, req: Request) -> Result<Response<PooledBody>> {
        let timeout = self.effective_timeout(&req);
        let what = What::of(&req);
        with_deadline(
            self.deadline(timeout),
            what,
            self.dispatch(req.unversioned(), None),
        )
        .await
    }

    /// Checks the API version the request needs, then dispatches it (no deadline: the callers add it).
    async fn exchange(&self, req: Request) -> Result<Response<PooledBody>> {
        let version = if req.versioned || req.requires.is_some() {
            match self.api_version_if_known() {
                Some(v) => Some(v),
                // Boxed: negotiation happens once, and its future is large.
                None => Some(Box::pin(self.api_version()).await?),
            }
        } else {
            None
        };
        if let (Some((required, feature)), Some(actual)) = (&req.requires, version) {
            if actual < *required {
                return Err(Error::UnsupportedApiVersion {
                    feature: feature.to_string(),
                    required: *required,
                    actual,
                });
            }
        }
        self.dispatch(req, version).await
    }

    /// The timer of a deadline. It runs on the client's own I/O runtime, whose thread keeps time even when
    /// every worker of the caller's runtime is busy or blocked (the exchange itself is driven by the
    /// calling task, so nothing else would make that runtime look at its clock), and outside any runtime.
    fn deadline(&self, timeout: Option<Duration>) -> Option<(tokio::time::Sleep, Duration)> {
        timeout.map(|after| {
            let _clock = self.inner.io.handle().enter();
            (tokio::time::sleep(after), after)
        })
    }

    fn effective_timeout(&self, req: &Request) -> Option<Duration> {
        match req.deadline {
            Deadline::Default => req.timeout.or(self.timeout),
            Deadline::Unbounded => req.timeout,
        }
    }

    async fn dispatch(
        &self,
        req: Request,
        version: Option<ApiVersion>,
    ) -> Result<Response<PooledBody>> {
        use std::fmt::Write as _;
        // Origin form (`/v1.41/containers/json?all=true`), with the authority in the `Host` header. Built at
        // its exact size, so that the URI takes the buffer over without another allocation.
        let mut prefix = String::new();
        if let (true, Some(v)) = (req.versioned, version) {
            let _ = write!(prefix, "/v{}.{}", v.major(), v.minor());
        }
        let query = if req.query.is_empty() {
            String::new()
        } else {
            req.query.encode()
        };
        let mut uri = String::with_capacity(
            prefix.len() + req.path.len() + usize::from(!query.is_empty()) + query.len(),
        );
        uri.push_str(&prefix);
        uri.push_str(&req.path);
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(&query);
        }
        let uri = http::Uri::try_from(uri)
            .map_err(|e| Error::invalid(format!("cannot build request for {}: {e}", req.path)))?;
        let upgrade = req.headers.contains_key(UPGRADE);
        let mut request = http::Request::new(req.body);
        *request.method_mut() = req.method.clone();
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        if self.inner.headers.is_empty() && req.headers.is_empty() {
            headers.reserve(2);
        }
        headers.insert(HOST, self.inner.authority.clone());
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        for (k, v) in &self.inner.headers {
            headers.insert(k.clone(), v.clone());
        }
        if !req.headers.is_empty() {
            headers.extend(req.headers);
        }

        let span = tracing::debug_span!(
            "docker.request",
            method = %req.method,
            path = %req.path,
            status = tracing::field::Empty,
            duration_us = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .pool()
            .send(request, upgrade)
            .instrument(span.clone())
            .await;
        span.record("duration_us", started.elapsed().as_micros() as u64);
        let response = result.map_err(|e| self.map_pool_error(e))?;
        let status = response.status();
        span.record("status", status.as_u16());
        if status.is_success()
            || status == StatusCode::NOT_MODIFIED
            || status == StatusCode::SWITCHING_PROTOCOLS
        {
            Ok(response)
        } else {
            Err(Box::pin(error_from_response(response, &req.method, &req.path)).await)
        }
    }

    /// Turns a failed exchange into an [`Error`].
    fn map_pool_error(&self, err: PoolError) -> Error {
        let err = match err {
            // The dialer's own error, as it made it.
            PoolError::Dial(e) => return e,
            PoolError::Http(e) => e,
        };
        // A failing request body (a reader of the caller's) or transport is an I/O error, whatever hyper
        // wraps it in.
        let mut source: Option<&(dyn std::error::Error + 'static)> =
            std::error::Error::source(&err);
        while let Some(s) = source {
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                #[cfg(unix)]
                if let Some(ssh) = io
                    .get_ref()
                    .and_then(|i| i.downcast_ref::<crate::transport::SshFailure>())
                {
                    return Error::Ssh {
                        message: format!("{}: {ssh}", self.inner.host),
                    };
                }
                if let Some(tls) =
                    crate::transport::explain_tls_io(&self.inner.host.to_string(), io)
                {
                    return tls;
                }
                return Error::Io(std::io::Error::new(io.kind(), io.to_string()));
            }
            source = s.source();
        }
        Error::http(err)
    }

    /// Sends a request and decodes a JSON response body.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        let what = req.path.clone();
        let bytes = self.send_bytes(req).await?;
        serde_json::from_slice(&bytes).map_err(|e| Error::decode(what, e))
    }

    /// Sends a request and reads the whole response body (the deadline covers both).
    pub(crate) async fn send_bytes(&self, req: Request) -> Result<Bytes> {
        let timeout = self.effective_timeout(&req);
        let what = What::of(&req);
        let exchange = async {
            let response = self.exchange(req).await?;
            read_body(response.into_body()).await
        };
        with_deadline(self.deadline(timeout), what, exchange).await
    }

    /// Sends a request whose response body does not matter, and drains it.
    pub(crate) async fn send_empty(&self, req: Request) -> Result<()> {
        self.send_bytes(req).await.map(|_| ())
    }

    /// Sends a request and returns its body as a byte stream (the deadline covers the headers only).
    pub(crate) async fn send_stream(&self, req: Request) -> Result<(HeaderMap, BodyStream)> {
        let response = self.send(req).await?;
        let (parts, body) = response.into_parts();
        Ok((parts.headers, body_stream(body)))
    }

    /// Sends an upgrade request (attach, exec start) and returns the raw duplex connection.
    pub(crate) async fn upgrade(
        &self,
        req: Request,
    ) -> Result<(HeaderMap, TokioIo<hyper::upgrade::Upgraded>)> {
        self.upgrade_to(req, "tcp").await
    }

    /// Sends a request asking to switch to `protocol` (`tcp` or `websocket`).
    pub(crate) async fn upgrade_to(
        &self,
        req: Request,
        protocol: &'static str,
    ) -> Result<(HeaderMap, TokioIo<hyper::upgrade::Upgraded>)> {
        let req = req
            .header("connection", HeaderValue::from_static("Upgrade"))
            .header("upgrade", HeaderValue::from_static(protocol));
        debug_assert!(req.headers.contains_key(CONNECTION) && req.headers.contains_key(UPGRADE));
        let what = req.path.clone();
        let response = self.send(req).await?;
        if response.status() != StatusCode::SWITCHING_PROTOCOLS {
            return Err(Error::Protocol(format!(
                "{what}: the daemon answered {} instead of switching protocols",
                response.status()
            )));
        }
        let headers = response.headers().clone();
        let upgraded = crate::transport::pool::upgraded(response)
            .await
            .map_err(Error::http)?;
        Ok((headers, TokioIo::new(upgraded)))
    }
}

/// What a timeout error names: the request's method and path, kept aside in case the deadline passes.
struct What(Method, String);

impl What {
    fn of(req: &Request) -> What {
        What(req.method.clone(), req.path.clone())
    }
}

/// Runs `fut` with an optional deadline. A plain future rather than an `async fn`, so that `fut` is stored
/// once (these futures are large, and moving them costs more than the rest of a small request).
fn with_deadline<F: std::future::Future>(
    deadline: Option<(tokio::time::Sleep, Duration)>,
    what: What,
    fut: F,
) -> Deadlined<F> {
    let (sleep, what) = match deadline {
        Some((sleep, after)) => (Some(sleep), Some((what, after))),
        None => (None, None),
    };
    Deadlined {
        inner: fut,
        sleep,
        what,
    }
}

pin_project_lite::pin_project! {
    /// The future of [`with_deadline`].
    struct Deadlined<F> {
        #[pin]
        inner: F,
        #[pin]
        sleep: Option<tokio::time::Sleep>,
        what: Option<(What, Duration)>,
    }
}

impl<F, T> std::future::Future for Deadlined<F>
where
    F: std::future::Future<Output = Result<T>>,
{
    type Output = Result<T>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<T>> {
        let this = self.project();
        if let std::task::Poll::Ready(out) = this.inner.poll(cx) {
            return std::task::Poll::Ready(out);
        }
        if let Some(sleep) = this.sleep.as_pin_mut() {
            if sleep.poll(cx).is_ready() {
                let (what, after) = this.what.take().expect("deadline polled after it passed");
                return std::task::Poll::Ready(Err(Error::Timeout {
                    what: format!("{} {}", what.0, what.1),
                    after,
                }));
            }
        }
        std::task::Poll::Pending
    }
}

/// Reads a whole body; one chunk (the common case for small replies) is returned without copying.
pub(crate) async fn read_body(mut body: PooledBody) -> Result<Bytes> {
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(Error::http)?.into_data() else {
            continue;
        };
        match &first {
            None => first = Some(data),
            Some(f) => {
                if rest.is_empty() {
                    rest.extend_from_slice(f);
                }
                rest.extend_from_slice(&data);
            }
        }
    }
    Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        rest.freeze()
    })
}

pub(crate) fn body_stream(body: PooledBody) -> BodyStream {
    Box::pin(BodyDataStream::new(body).map_err(std::io::Error::other))
}

/// Turns an error response into an [`Error`], reading at most 1 MiB of its body.
async fn error_from_response(
    response: Response<PooledBody>,
    method: &http::Method,
    path: &str,
) -> Error {
    let status = response.status().as_u16();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    let mut body = response.into_body();
    let mut buf = BytesMut::new();
    while buf.len() < MAX_ERROR_BODY {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    buf.extend_from_slice(&data);
                }
            }
            Some(Err(e)) => {
                if buf.is_empty() {
                    return Error::Api {
                        status,
                        message: format!("(the error body could not be read: {e})"),
                    };
                }
                break;
            }
            None => break,
        }
    }
    buf.truncate(MAX_ERROR_BODY);
    error_from_body(status, &buf, is_json, method, path)
}

/// Maps an error status and body to an [`Error`]: by status, except for two cases where the body says
/// more than the status does.
///
/// - A 404 whose body is the router's own "no such route" text (`page not found` from Docker, `Not Found`
///   from Podman) is about the endpoint, not about an object: [`Error::UnsupportedEndpoint`].
/// - Podman answers some conflicts with a 500 whose libpod `cause` is what Docker reports as 409:
///   [`Error::Conflict`], as from Docker.
fn error_from_body(
    status: u16,
    body: &[u8],
    is_json: bool,
    method: &http::Method,
    path: &str,
) -> Error {
    let (message, cause) = error_message(body, is_json, status);
    if status == 404 && is_route_miss(&message) {
        return Error::UnsupportedEndpoint {
            endpoint: format!("{method} {path}"),
            message,
        };
    }
    if status == 500 && cause.as_deref().is_some_and(is_libpod_conflict) {
        return Error::Conflict { message };
    }
    Error::from_status(status, message)
}

/// The texts daemons' routers answer for a path they have no handler for (as opposed to the "No such
/// container" kind of 404 an existing endpoint gives).
fn is_route_miss(message: &str) -> bool {
    matches!(
        message,
        "page not found" | "404 page not found" | "Not Found"
    )
}

/// libpod error causes that mean what Docker's 409 Conflict means.
fn is_libpod_conflict(cause: &str) -> bool {
    matches!(
        cause,
        "container state improper" | "that name is already in use" | "network already exists"
    )
}

/// The message of an error body (JSON `message`, or the text itself) and, from Podman, libpod's `cause`.
fn error_message(body: &[u8], is_json: bool, status: u16) -> (String, Option<String>) {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        message: Option<String>,
        cause: Option<String>,
    }
    if is_json || body.first() == Some(&b'{') {
        if let Ok(ErrorBody {
            message: Some(m),
            cause,
        }) = serde_json::from_slice::<ErrorBody>(body)
        {
            return (m, cause);
        }
    }
    let text = String::from_utf8_lossy(body).trim().to_string();
    if text.is_empty() {
        let message = format!(
            "empty error response with status {status} (does the daemon support this API version?)"
        );
        (message, None)
    } else {
        (text, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_come_from_json_or_text() {
        assert_eq!(
            error_message(br#"{"message":"No such container: x"}"#, true, 404).0,
            "No such container: x"
        );
        assert_eq!(
            error_message(b"page not found\n", false, 404).0,
            "page not found"
        );
        assert!(error_message(b"", false, 500)
            .0
            .contains("empty error response"));
        let podman = br#"{"cause":"no such container","message":"no container with name or ID \"x\" found: no such container","response":404}"#;
        assert_eq!(
            error_message(podman, true, 404),
            (
                r#"no container with name or ID "x" found: no such container"#.to_string(),
                Some("no such container".to_string())
            )
        );
    }

    fn error_for(status: u16, body: &[u8], is_json: bool) -> Error {
        error_from_body(
            status,
            body,
            is_json,
            &http::Method::POST,
            "/containers/c1/update",
        )
    }

    #[test]
    fn a_missing_route_is_an_unsupported_endpoint_not_a_missing_object() {
        // Docker's and Podman's answers for a path without a handler.
        for (body, is_json) in [
            (&br#"{"message":"page not found"}"#[..], true),
            (&b"Not Found\n"[..], false),
            (&b"404 page not found\n"[..], false),
        ] {
            match error_for(404, body, is_json) {
                Error::UnsupportedEndpoint { endpoint, .. } => {
                    assert_eq!(endpoint, "POST /containers/c1/update")
                }
                other => panic!("{other:?}"),
            }
        }
        let err = error_for(404, b"Not Found", false);
        assert!(!err.is_not_found());
        assert_eq!(err.status(), Some(404));
        assert!(err
            .to_string()
            .contains("does not implement POST /containers/c1/update"));
        // An object the endpoint does not find stays NotFound, from either engine.
        assert!(error_for(404, br#"{"message":"No such container: c1"}"#, true).is_not_found());
        let podman = br#"{"cause":"no such container","message":"no container with name or ID \"c1\" found: no such container","response":404}"#;
        assert!(error_for(404, podman, true).is_not_found());
    }

    #[test]
    fn podman_conflicts_reported_as_500_are_conflicts() {
        for cause in [
            "container state improper",
            "that name is already in use",
            "network already exists",
        ] {
            let body =
                format!(r#"{{"cause":"{cause}","message":"it failed: {cause}","response":500}}"#);
            let err = error_for(500, body.as_bytes(), true);
            assert!(err.is_conflict(), "{cause}: {err:?}");
            assert_eq!(
                err.daemon_message(),
                Some(format!("it failed: {cause}").as_str())
            );
        }
        // Other 500s stay what they are, with or without a cause.
        let other = br#"{"cause":"io error","message":"disk full","response":500}"#;
        assert!(matches!(
            error_for(500, other, true),
            Error::Api { status: 500, .. }
        ));
        let docker = br#"{"message":"container state improper"}"#;
        assert!(matches!(
            error_for(500, docker, true),
            Error::Api { status: 500, .. }
        ));
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn each_runtime_reuses_its_own_connections() {
        use crate::transport::test_server::{Behaviour, TestServer};
        let server = TestServer::start(Behaviour::default());
        let docker = crate::Docker::builder()
            .host(format!("unix://{}", server.path().display()))
            .api_version(ApiVersion::V1_41)
            .build()
            .unwrap();
        // Runtimes in turn: each gets one connection of its own, reused for all its requests.
        for round in 1..=3 {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                for _ in 0..5 {
                    docker.api().system_ping().await.unwrap();
                }
                assert_eq!(docker.api().connections_opened(), 1);
            });
            drop(rt);
            assert_eq!(server.accepted(), round);
        }
        // Two runtimes at once, one of them shutting down in the middle.
        let (a, b) = (runtime(), runtime());
        let da = docker.clone();
        let busy = a.spawn(async move {
            for _ in 0..20 {
                da.api().system_ping().await.unwrap();
            }
            da.api().connections_opened()
        });
        b.block_on(async {
            for _ in 0..20 {
                docker.api().system_ping().await.unwrap();
            }
        });
        assert_eq!(a.block_on(busy).unwrap(), 1);
        drop(a);
        b.block_on(async {
            for _ in 0..20 {
                docker.api().system_ping().await.unwrap();
            }
            assert_eq!(docker.api().connections_opened(), 1);
        });
        assert_eq!(server.accepted(), 5);
        assert_eq!(server.requests(), 15 + 60);
    }

    #[test]
    fn pool_max_idle_zero_disables_reuse() {
        use crate::transport::test_server::{Behaviour, TestServer};
        let server = TestServer::start(Behaviour::default());
        let docker = crate::Docker::builder()
            .host(format!("unix://{}", server.path().display()))
            .api_version(ApiVersion::V1_41)
            .pool_max_idle(0)
            .build()
            .unwrap();
        runtime().block_on(async {
            for _ in 0..4 {
                docker.api().system_ping().await.unwrap();
            }
        });
        assert_eq!(server.accepted(), 4);
    }

    #[test]
    fn error_statuses_become_errors_and_keep_the_connection() {
        use crate::transport::test_server::{Behaviour, TestServer};
        let server = TestServer::start(Behaviour::default());
        let docker = crate::Docker::builder()
            .host(format!("unix://{}", server.path().display()))
            .api_version(ApiVersion::V1_41)
            .build()
            .unwrap();
        runtime().block_on(async {
            for _ in 0..3 {
                let err = docker
                    .api()
                    .send_empty(Request::get("/nowhere".to_string()).unversioned())
                    .await
                    .unwrap_err();
                assert!(err.to_string().contains("no route"), "{err}");
                docker.api().system_ping().await.unwrap();
            }
        });
        assert_eq!(server.accepted(), 1);
    }
}
