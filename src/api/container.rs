//! Endpoints tagged `Container` in the spec (25 operations).

use bytes::Bytes;
use futures_core::Stream;
use http::header::CONTENT_TYPE;
use http::HeaderMap;

use super::{path, stream_body, ApiClient, Query, Request};
use crate::error::{Error, Result};
use crate::models::{
    ContainerCreateBody, ContainerCreateResponse, ContainerInspectResponse, ContainerPruneResponse,
    ContainerStatsResponse, ContainerSummary, ContainerTopResponse, ContainerUpdateBody,
    ContainerUpdateResponse, ContainerWaitResponse, FilesystemChange,
};
use crate::stream::{
    json_stream, log_stream, ByteStream, Hijacked, JsonStream, LogStream, WebSocketAttach,
};
use crate::utils::duration::Timestamp;
use crate::utils::filters::Filters;
use crate::utils::version::ApiVersion;

/// The media type the daemon uses for multiplexed output (API 1.42+).
const MULTIPLEXED: &str = "application/vnd.docker.multiplexed-stream";
/// The media type the daemon uses for raw (TTY) output — and, before API 1.42, for everything.
const RAW: &str = "application/vnd.docker.raw-stream";

fn require_id(kind: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::invalid(format!("{kind} ID or name is empty")));
    }
    Ok(())
}

/// The query of `ContainerAttach`. `stream` is always sent: Docker defaults it to false, Podman to true
/// (an attach for the logs alone would then never end).
fn attach_query(opts: &ContainerAttachOptions) -> Query {
    let mut q = Query::new();
    q.opt("detachKeys", opts.detach_keys.as_deref())
        .flag("logs", opts.logs)
        .push("stream", opts.stream)
        .flag("stdin", opts.stdin)
        .flag("stdout", opts.stdout)
        .flag("stderr", opts.stderr);
    q
}

impl ApiClient {
    /// Lists containers. Engine API `ContainerList` (`GET /containers/json`).
    ///
    /// # Errors
    /// [`Error::Api`] (400) for an unknown filter.
    pub async fn container_list(
        &self,
        opts: &ContainerListOptions,
    ) -> Result<Vec<ContainerSummary>> {
        let mut q = Query::new();
        q.flag("all", opts.all)
            .opt("limit", opts.limit)
            .flag("size", opts.size);
        if !opts.filters.is_empty() {
            q.push("filters", opts.filters.to_query_value());
        }
        self.send_json(Request::get(path("/containers/json", &[])).query(q))
            .await
    }

    /// Creates a container. Engine API `ContainerCreate` (`POST /containers/create`).
    ///
    /// Fields newer than API 1.41 (mount options such as `VolumeOptions.Subpath`, `HostConfig.Annotations`,
    /// `EndpointSettings.DNSNames`/`GwPriority`, a healthcheck's `StartInterval` …) are checked against the
    /// API version in use before anything is sent.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when the image is not present locally, [`Error::Conflict`] when the name is
    /// taken, [`Error::UnsupportedApiVersion`] for a field newer than the API in use.
    pub async fn container_create(
        &self,
        opts: &ContainerCreateOptions,
        body: &ContainerCreateBody,
    ) -> Result<ContainerCreateResponse> {
        let image = body.image.clone().unwrap_or_default();
        if image.trim().is_empty() {
            return Err(Error::invalid("a container needs an image"));
        }
        self.require_gates(&super::gates::container_create_gates(body))
            .await?;
        let mut q = Query::new();
        q.opt("name", opts.name.as_deref())
            .opt("platform", opts.platform.as_deref());
        let req = Request::post(path("/containers/create", &[]))
            .query(q)
            .json(body)?;
        self.send_json(req).await.map_err(|e| match e {
            Error::NotFound { message } if message.contains("image") => {
                Error::ImageNotFound { image, message }
            }
            other => other,
        })
    }

    /// Low-level information about a container. Engine API `ContainerInspect` (`GET /containers/{id}/json`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container.
    pub async fn container_inspect(
        &self,
        id: &str,
        opts: &ContainerInspectOptions,
    ) -> Result<ContainerInspectResponse> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.flag("size", opts.size);
        self.send_json(Request::get(path("/containers/{id}/json", &[id])).query(q))
            .await
    }

    /// The processes running in a container. Engine API `ContainerTop` (`GET /containers/{id}/top`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Conflict`] when it is not running.
    pub async fn container_top(
        &self,
        id: &str,
        opts: &ContainerTopOptions,
    ) -> Result<ContainerTopResponse> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.opt("ps_args", opts.ps_args.as_deref());
        self.send_json(Request::get(path("/containers/{id}/top", &[id])).query(q))
            .await
    }

    /// A container's logs, as a stream of stdout/stderr chunks. Engine API `ContainerLogs`
    /// (`GET /containers/{id}/logs`).
    ///
    /// Whether the output is multiplexed depends on the container's TTY: give it with
    /// [`ContainerLogsOptions::tty`] when known; otherwise the response's media type tells (API 1.42+) or the
    /// container is inspected once. With `follow`, the stream ends when the container stops.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::InvalidArgument`] when neither stdout
    /// nor stderr is selected.
    pub async fn container_logs(&self, id: &str, opts: &ContainerLogsOptions) -> Result<LogStream> {
        require_id("container", id)?;
        if !opts.stdout && !opts.stderr {
            return Err(Error::invalid("logs: select stdout, stderr or both"));
        }
        let mut q = Query::new();
        q.flag("follow", opts.follow)
            .flag("stdout", opts.stdout)
            .flag("stderr", opts.stderr)
            .opt("since", opts.since.as_ref().map(Timestamp::to_query_value))
            .opt("until", opts.until.as_ref().map(Timestamp::to_query_value))
            .flag("timestamps", opts.timestamps)
            .opt("tail", opts.tail.as_deref());
        let mut req = Request::get(path("/containers/{id}/logs", &[id])).query(q);
        if opts.follow {
            req = req.unbounded();
        }
        let (headers, body) = self.send_stream(req).await?;
        let tty = self.output_is_tty(id, opts.tty, &headers).await?;
        Ok(log_stream(body, tty))
    }

    /// Decides whether a container's output stream is raw (TTY): from the caller, from the media type
    /// (reliable from API 1.42), or by inspecting the container.
    async fn output_is_tty(
        &self,
        id: &str,
        known: Option<bool>,
        headers: &HeaderMap,
    ) -> Result<bool> {
        if let Some(tty) = known {
            return Ok(tty);
        }
        let media = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if media.starts_with(MULTIPLEXED) {
            return Ok(false);
        }
        if media.starts_with(RAW) && self.api_version().await? >= ApiVersion::V1_42 {
            return Ok(true);
        }
        let info = self
            .container_inspect(id, &ContainerInspectOptions::default())
            .await?;
        Ok(info.config.and_then(|c| c.tty).unwrap_or(false))
    }

    /// Changes to a container's filesystem since it was created. Engine API `ContainerChanges`
    /// (`GET /containers/{id}/changes`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container.
    pub async fn container_changes(&self, id: &str) -> Result<Vec<FilesystemChange>> {
        require_id("container", id)?;
        let bytes = self
            .send_bytes(Request::get(path("/containers/{id}/changes", &[id])))
            .await?;
        // The daemon answers `null` when nothing changed.
        let changes: Option<Vec<FilesystemChange>> = serde_json::from_slice(&bytes)
            .map_err(|e| Error::decode("/containers/{id}/changes", e))?;
        Ok(changes.unwrap_or_default())
    }

    /// A container's filesystem as a tar stream. Engine API `ContainerExport` (`GET /containers/{id}/export`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container.
    pub async fn container_export(&self, id: &str) -> Result<ByteStream> {
        require_id("container", id)?;
        let (_, body) = self
            .send_stream(Request::get(path("/containers/{id}/export", &[id])).unbounded())
            .await?;
        Ok(ByteStream::new(body))
    }

    /// Resource usage statistics: one sample or a live stream (about one per second). Engine API
    /// `ContainerStats` (`GET /containers/{id}/stats`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::InvalidArgument`] for `one_shot` with
    /// `stream`.
    pub async fn container_stats(
        &self,
        id: &str,
        opts: &ContainerStatsOptions,
    ) -> Result<JsonStream<ContainerStatsResponse>> {
        require_id("container", id)?;
        if opts.one_shot && opts.stream {
            return Err(Error::invalid("stats: one_shot needs stream = false"));
        }
        let mut q = Query::new();
        q.push("stream", opts.stream);
        if opts.one_shot {
            q.push("one-shot", true);
        }
        let mut req = Request::get(path("/containers/{id}/stats", &[id])).query(q);
        if opts.stream {
            req = req.unbounded();
        }
        let (_, body) = self.send_stream(req).await?;
        Ok(json_stream(body))
    }

    /// Resizes a container's TTY. Engine API `ContainerResize` (`POST /containers/{id}/resize`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::InvalidArgument`] for a zero size.
    pub async fn container_resize(&self, id: &str, height: u32, width: u32) -> Result<()> {
        require_id("container", id)?;
        if height == 0 || width == 0 {
            return Err(Error::invalid(
                "resize: height and width must be at least 1",
            ));
        }
        let mut q = Query::new();
        q.push("h", height).push("w", width);
        self.send_empty(Request::post(path("/containers/{id}/resize", &[id])).query(q))
            .await
    }

    /// Starts a container (a running one is left as it is). Engine API `ContainerStart`
    /// (`POST /containers/{id}/start`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Api`] when the process cannot start.
    pub async fn container_start(&self, id: &str, opts: &ContainerStartOptions) -> Result<()> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.opt("detachKeys", opts.detach_keys.as_deref());
        self.send_empty(Request::post(path("/containers/{id}/start", &[id])).query(q))
            .await
    }

    /// Stops a container: its stop signal, then SIGKILL after the timeout. Engine API `ContainerStop`
    /// (`POST /containers/{id}/stop`).
    ///
    /// The client timeout is extended by the stop timeout, so the call is not cut while the daemon waits.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container.
    pub async fn container_stop(&self, id: &str, opts: &ContainerStopOptions) -> Result<()> {
        require_id("container", id)?;
        let req = self
            .stop_like(path("/containers/{id}/stop", &[id]), opts, "container_stop")
            .await?;
        self.send_empty(req).await
    }

    /// Restarts a container. Engine API `ContainerRestart` (`POST /containers/{id}/restart`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container.
    pub async fn container_restart(&self, id: &str, opts: &ContainerStopOptions) -> Result<()> {
        require_id("container", id)?;
        let req = self
            .stop_like(
                path("/containers/{id}/restart", &[id]),
                opts,
                "container_restart",
            )
            .await?;
        self.send_empty(req).await
    }

    async fn stop_like(
        &self,
        path: String,
        opts: &ContainerStopOptions,
        what: &str,
    ) -> Result<Request> {
        let mut q = Query::new();
        if let Some(signal) = &opts.signal {
            self.require(ApiVersion::V1_42, &format!("{what} option `signal`"))
                .await?;
            q.push("signal", signal);
        }
        q.opt("t", opts.timeout);
        let mut req = Request::post(path).query(q);
        // The daemon answers only after the grace period (default 10 s, or the container's StopTimeout).
        let grace = std::time::Duration::from_secs(opts.timeout.map_or(10, |t| t.max(0) as u64));
        req.timeout = self.timeout().map(|t| t + grace);
        if opts.timeout.is_some_and(|t| t < 0) {
            // -1 waits forever.
            req = req.unbounded();
            req.timeout = None;
        }
        Ok(req)
    }

    /// Sends a signal to a container. Engine API `ContainerKill` (`POST /containers/{id}/kill`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Conflict`] when it is not running.
    pub async fn container_kill(&self, id: &str, opts: &ContainerKillOptions) -> Result<()> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.opt("signal", opts.signal.as_deref());
        self.send_empty(Request::post(path("/containers/{id}/kill", &[id])).query(q))
            .await
    }

    /// Changes a container's resources and restart policy. Engine API `ContainerUpdate`
    /// (`POST /containers/{id}/update`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Api`] for values the kernel refuses.
    pub async fn container_update(
        &self,
        id: &str,
        body: &ContainerUpdateBody,
    ) -> Result<ContainerUpdateResponse> {
        require_id("container", id)?;
        self.send_json(Request::post(path("/containers/{id}/update", &[id])).json(body)?)
            .await
    }

    /// Renames a container. Engine API `ContainerRename` (`POST /containers/{id}/rename`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Conflict`] when the name is taken.
    pub async fn container_rename(&self, id: &str, name: &str) -> Result<()> {
        require_id("container", id)?;
        if name.trim().is_empty() {
            return Err(Error::invalid("rename: the new name is empty"));
        }
        let mut q = Query::new();
        q.push("name", name);
        self.send_empty(Request::post(path("/containers/{id}/rename", &[id])).query(q))
            .await
    }

    /// Pauses all processes of a container. Engine API `ContainerPause` (`POST /containers/{id}/pause`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Conflict`] when it is not running.
    pub async fn container_pause(&self, id: &str) -> Result<()> {
        require_id("container", id)?;
        self.send_empty(Request::post(path("/containers/{id}/pause", &[id])))
            .await
    }

    /// Resumes a paused container. Engine API `ContainerUnpause` (`POST /containers/{id}/unpause`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Conflict`] when it is not paused.
    pub async fn container_unpause(&self, id: &str) -> Result<()> {
        require_id("container", id)?;
        self.send_empty(Request::post(path("/containers/{id}/unpause", &[id])))
            .await
    }

    /// Attaches to a container's standard streams over a hijacked connection. Engine API
    /// `ContainerAttach` (`POST /containers/{id}/attach`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container.
    pub async fn container_attach(
        &self,
        id: &str,
        opts: &ContainerAttachOptions,
    ) -> Result<Hijacked> {
        require_id("container", id)?;
        let req = Request::post(path("/containers/{id}/attach", &[id]))
            .query(attach_query(opts))
            .header("content-type", http::HeaderValue::from_static("text/plain"))
            .unbounded();
        let (headers, io) = self.upgrade(req).await?;
        let tty = self.output_is_tty(id, opts.tty, &headers).await?;
        Ok(Hijacked::new(io, tty))
    }

    /// Attaches to a container over a WebSocket. Engine API `ContainerAttachWebsocket`
    /// (`GET /containers/{id}/attach/ws`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::UnsupportedApiVersion`] when choosing
    /// streams before API 1.42 (older daemons always attach all three).
    pub async fn container_attach_websocket(
        &self,
        id: &str,
        opts: &ContainerAttachOptions,
    ) -> Result<WebSocketAttach> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.opt("detachKeys", opts.detach_keys.as_deref())
            .flag("logs", opts.logs)
            .flag("stream", opts.stream);
        if opts.stdin || opts.stdout || opts.stderr {
            self.require(ApiVersion::V1_42, "attach_websocket stream selection")
                .await?;
            q.flag("stdin", opts.stdin)
                .flag("stdout", opts.stdout)
                .flag("stderr", opts.stderr);
        }
        let key = tokio_tungstenite::tungstenite::handshake::client::generate_key();
        let req = Request::get(path("/containers/{id}/attach/ws", &[id]))
            .query(q)
            .header(
                "sec-websocket-version",
                http::HeaderValue::from_static("13"),
            )
            .header(
                "sec-websocket-key",
                http::HeaderValue::from_str(&key).map_err(|e| Error::Protocol(e.to_string()))?,
            )
            .unbounded();
        let (_, io) = self.upgrade_to(req, "websocket").await?;
        Ok(WebSocketAttach::new(io).await)
    }

    /// Waits for a container to reach a condition and returns its exit status. Engine API `ContainerWait`
    /// (`POST /containers/{id}/wait`). Never cut by the client timeout: put your own deadline around it
    /// (the high-level `Container::wait` takes one).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container.
    pub async fn container_wait(
        &self,
        id: &str,
        opts: &ContainerWaitOptions,
    ) -> Result<ContainerWaitResponse> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.opt("condition", opts.condition.map(WaitCondition::as_str));
        self.send_json(
            Request::post(path("/containers/{id}/wait", &[id]))
                .query(q)
                .unbounded(),
        )
        .await
    }

    /// Sends a wait request and returns once the daemon has registered it (it answers with headers at once),
    /// leaving the exit status to be read later: lets a caller start a container knowing the exit cannot
    /// be missed.
    pub(crate) async fn container_wait_registered(
        &self,
        id: &str,
        opts: &ContainerWaitOptions,
    ) -> Result<crate::system::BoxFuture<Result<ContainerWaitResponse>>> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.opt("condition", opts.condition.map(WaitCondition::as_str));
        let what = "/containers/{id}/wait";
        let (_, body) = self
            .send_stream(
                Request::post(path("/containers/{id}/wait", &[id]))
                    .query(q)
                    .unbounded(),
            )
            .await?;
        Ok(Box::pin(async move {
            let bytes = crate::stream::ByteStream::new(body).collect_bytes().await?;
            serde_json::from_slice(&bytes).map_err(|e| Error::decode(what, e))
        }))
    }

    /// Removes a container. Engine API `ContainerDelete` (`DELETE /containers/{id}`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Conflict`] when it is running and
    /// `force` is not set.
    pub async fn container_delete(&self, id: &str, opts: &ContainerDeleteOptions) -> Result<()> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.flag("v", opts.volumes)
            .flag("force", opts.force)
            .flag("link", opts.link);
        self.send_empty(Request::delete(path("/containers/{id}", &[id])).query(q))
            .await
    }

    /// Information about a path inside a container. Engine API `ContainerArchiveInfo`
    /// (`HEAD /containers/{id}/archive`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container or the path does not exist.
    pub async fn container_archive_info(
        &self,
        id: &str,
        path_in_container: &str,
    ) -> Result<PathStat> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.push("path", path_in_container);
        let resp = self
            .send(Request::head(path("/containers/{id}/archive", &[id])).query(q))
            .await?;
        PathStat::from_headers(resp.headers())
    }

    /// A tar archive of a path inside a container, streamed, with the path's information. Engine API
    /// `ContainerArchive` (`GET /containers/{id}/archive`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container or the path does not exist.
    pub async fn container_archive(
        &self,
        id: &str,
        path_in_container: &str,
    ) -> Result<(PathStat, ByteStream)> {
        require_id("container", id)?;
        let mut q = Query::new();
        q.push("path", path_in_container);
        let (headers, body) = self
            .send_stream(
                Request::get(path("/containers/{id}/archive", &[id]))
                    .query(q)
                    .unbounded(),
            )
            .await?;
        Ok((PathStat::from_headers(&headers)?, ByteStream::new(body)))
    }

    /// Extracts a tar archive, streamed from any source, into a directory of a container. Engine API
    /// `PutContainerArchive` (`PUT /containers/{id}/archive`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container or the directory does not exist; [`Error::Api`] (403) when
    /// the destination is read-only.
    pub async fn put_container_archive<S>(
        &self,
        id: &str,
        opts: &PutContainerArchiveOptions,
        tar: S,
    ) -> Result<()>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + 'static,
    {
        require_id("container", id)?;
        if opts.path.is_empty() {
            return Err(Error::invalid("put_archive: the destination path is empty"));
        }
        let mut q = Query::new();
        q.push("path", &opts.path);
        if opts.no_overwrite_dir_non_dir {
            q.push("noOverwriteDirNonDir", true);
        }
        if opts.copy_uid_gid {
            q.push("copyUIDGID", true);
        }
        let req = Request::put(path("/containers/{id}/archive", &[id]))
            .query(q)
            .body("application/x-tar", stream_body(tar))
            .unbounded();
        self.send_empty(req).await
    }

    /// Removes stopped containers. Engine API `ContainerPrune` (`POST /containers/prune`).
    ///
    /// # Errors
    /// [`Error::Api`] for an unknown filter, or [`Error::Conflict`] when a prune is already running.
    pub async fn container_prune(&self, filters: &Filters) -> Result<ContainerPruneResponse> {
        let mut q = Query::new();
        if !filters.is_empty() {
            q.push("filters", filters.to_query_value());
        }
        self.send_json(
            Request::post(path("/containers/prune", &[]))
                .query(q)
                .unbounded(),
        )
        .await
    }
}

/// Options of [`ApiClient::container_list`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerListOptions {
    /// Include stopped containers.
    pub all: bool,
    /// At most this many, most recently created first (includes stopped ones).
    pub limit: Option<i64>,
    /// Include `SizeRw` and `SizeRootFs`.
    pub size: bool,
    /// Filters: `ancestor`, `before`, `expose`, `exited`, `health`, `id`, `isolation`, `is-task`, `label`,
    /// `name`, `network`, `publish`, `since`, `status`, `volume`.
    pub filters: Filters,
}

impl ContainerListOptions {
    /// Include stopped containers.
    pub fn all(mut self, all: bool) -> Self {
        self.all = all;
        self
    }

    /// At most this many.
    pub fn limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Include sizes.
    pub fn size(mut self, size: bool) -> Self {
        self.size = size;
        self
    }

    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }
}

/// Options of [`ApiClient::container_create`] (the body is a [`ContainerCreateBody`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerCreateOptions {
    /// The container's name (`/?[a-zA-Z0-9][a-zA-Z0-9_.-]+`).
    pub name: Option<String>,
    /// The platform of the image, `os[/arch[/variant]]`.
    pub platform: Option<String>,
}

impl ContainerCreateOptions {
    /// Name the container.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Choose the image platform.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }
}

/// Options of [`ApiClient::container_inspect`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerInspectOptions {
    /// Include `SizeRw` and `SizeRootFs`.
    pub size: bool,
}

impl ContainerInspectOptions {
    /// Include sizes.
    pub fn size(mut self, size: bool) -> Self {
        self.size = size;
        self
    }
}

/// Options of [`ApiClient::container_top`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerTopOptions {
    /// Arguments to `ps` (default `-ef`).
    pub ps_args: Option<String>,
}

impl ContainerTopOptions {
    /// Arguments to `ps`.
    pub fn ps_args(mut self, args: impl Into<String>) -> Self {
        self.ps_args = Some(args.into());
        self
    }
}

/// Options of [`ApiClient::container_logs`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerLogsOptions {
    /// Keep the stream open for new output until the container stops.
    pub follow: bool,
    /// Include stdout (default true).
    pub stdout: bool,
    /// Include stderr (default true).
    pub stderr: bool,
    /// Only output since this time.
    pub since: Option<Timestamp>,
    /// Only output before this time.
    pub until: Option<Timestamp>,
    /// Prefix each line with its RFC 3339 timestamp.
    pub timestamps: bool,
    /// Only the last N lines (`"all"` for everything).
    pub tail: Option<String>,
    /// Whether the container has a TTY, if known (saves an inspect on daemons before API 1.42).
    pub tty: Option<bool>,
}

impl Default for ContainerLogsOptions {
    fn default() -> Self {
        ContainerLogsOptions {
            follow: false,
            stdout: true,
            stderr: true,
            since: None,
            until: None,
            timestamps: false,
            tail: None,
            tty: None,
        }
    }
}

impl ContainerLogsOptions {
    /// Follow new output.
    pub fn follow(mut self, follow: bool) -> Self {
        self.follow = follow;
        self
    }

    /// Include stdout.
    pub fn stdout(mut self, stdout: bool) -> Self {
        self.stdout = stdout;
        self
    }

    /// Include stderr.
    pub fn stderr(mut self, stderr: bool) -> Self {
        self.stderr = stderr;
        self
    }

    /// Only output since this time.
    pub fn since(mut self, since: impl Into<Timestamp>) -> Self {
        self.since = Some(since.into());
        self
    }

    /// Only output before this time.
    pub fn until(mut self, until: impl Into<Timestamp>) -> Self {
        self.until = Some(until.into());
        self
    }

    /// Prefix lines with timestamps.
    pub fn timestamps(mut self, timestamps: bool) -> Self {
        self.timestamps = timestamps;
        self
    }

    /// Only the last `n` lines.
    pub fn tail(mut self, n: u64) -> Self {
        self.tail = Some(n.to_string());
        self
    }

    /// Whether the container has a TTY.
    pub fn tty(mut self, tty: bool) -> Self {
        self.tty = Some(tty);
        self
    }
}

/// Options of [`ApiClient::container_stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerStatsOptions {
    /// Keep sending samples (default true).
    pub stream: bool,
    /// With `stream = false`: answer at once with one sample, without waiting for a second one (so
    /// `precpu_stats` is empty).
    pub one_shot: bool,
}

impl Default for ContainerStatsOptions {
    fn default() -> Self {
        ContainerStatsOptions {
            stream: true,
            one_shot: false,
        }
    }
}

impl ContainerStatsOptions {
    /// Stream samples.
    pub fn stream(mut self, stream: bool) -> Self {
        self.stream = stream;
        self
    }

    /// One sample at once.
    pub fn one_shot(mut self, one_shot: bool) -> Self {
        self.one_shot = one_shot;
        self
    }
}

/// Options of [`ApiClient::container_start`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerStartOptions {
    /// Key sequence to detach from the container (e.g. `ctrl-p,ctrl-q`).
    pub detach_keys: Option<String>,
}

impl ContainerStartOptions {
    /// Detach keys.
    pub fn detach_keys(mut self, keys: impl Into<String>) -> Self {
        self.detach_keys = Some(keys.into());
        self
    }
}

/// Options of [`ApiClient::container_stop`] and [`ApiClient::container_restart`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerStopOptions {
    /// Signal to send instead of the container's stop signal (API 1.42+).
    pub signal: Option<String>,
    /// Seconds to wait before killing (`-1`: wait forever).
    pub timeout: Option<i64>,
}

impl ContainerStopOptions {
    /// Signal to send.
    pub fn signal(mut self, signal: impl Into<String>) -> Self {
        self.signal = Some(signal.into());
        self
    }

    /// Seconds to wait before killing.
    pub fn timeout(mut self, seconds: i64) -> Self {
        self.timeout = Some(seconds);
        self
    }
}

/// Options of [`ApiClient::container_kill`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerKillOptions {
    /// Signal name or number (default `SIGKILL`).
    pub signal: Option<String>,
}

impl ContainerKillOptions {
    /// Signal to send.
    pub fn signal(mut self, signal: impl Into<String>) -> Self {
        self.signal = Some(signal.into());
        self
    }
}

/// Options of [`ApiClient::container_attach`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerAttachOptions {
    /// Key sequence to detach (TTY only).
    pub detach_keys: Option<String>,
    /// Replay earlier output first.
    pub logs: bool,
    /// Stream output as it happens.
    pub stream: bool,
    /// Attach stdin.
    pub stdin: bool,
    /// Attach stdout.
    pub stdout: bool,
    /// Attach stderr.
    pub stderr: bool,
    /// Whether the container has a TTY, if known (saves an inspect on daemons before API 1.42).
    pub tty: Option<bool>,
}

impl ContainerAttachOptions {
    /// Detach keys.
    pub fn detach_keys(mut self, keys: impl Into<String>) -> Self {
        self.detach_keys = Some(keys.into());
        self
    }

    /// Replay earlier output.
    pub fn logs(mut self, logs: bool) -> Self {
        self.logs = logs;
        self
    }

    /// Stream live output.
    pub fn stream(mut self, stream: bool) -> Self {
        self.stream = stream;
        self
    }

    /// Attach stdin.
    pub fn stdin(mut self, stdin: bool) -> Self {
        self.stdin = stdin;
        self
    }

    /// Attach stdout.
    pub fn stdout(mut self, stdout: bool) -> Self {
        self.stdout = stdout;
        self
    }

    /// Attach stderr.
    pub fn stderr(mut self, stderr: bool) -> Self {
        self.stderr = stderr;
        self
    }

    /// Whether the container has a TTY.
    pub fn tty(mut self, tty: bool) -> Self {
        self.tty = Some(tty);
        self
    }
}

/// What [`ApiClient::container_wait`] waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WaitCondition {
    /// The container is not running (returns at once if it is stopped) — the default.
    NotRunning,
    /// The container's next exit (waits even if it is stopped now).
    NextExit,
    /// The container has been removed.
    Removed,
}

impl WaitCondition {
    /// The value on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitCondition::NotRunning => "not-running",
            WaitCondition::NextExit => "next-exit",
            WaitCondition::Removed => "removed",
        }
    }
}

/// Options of [`ApiClient::container_wait`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerWaitOptions {
    /// What to wait for (default: not running).
    pub condition: Option<WaitCondition>,
}

impl ContainerWaitOptions {
    /// What to wait for.
    pub fn condition(mut self, condition: WaitCondition) -> Self {
        self.condition = Some(condition);
        self
    }
}

/// Options of [`ApiClient::container_delete`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerDeleteOptions {
    /// Also remove anonymous volumes (`v`).
    pub volumes: bool,
    /// Kill a running container first.
    pub force: bool,
    /// Remove a legacy link instead of the container.
    pub link: bool,
}

impl ContainerDeleteOptions {
    /// Remove anonymous volumes too.
    pub fn volumes(mut self, volumes: bool) -> Self {
        self.volumes = volumes;
        self
    }

    /// Kill it first if running.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Remove a link.
    pub fn link(mut self, link: bool) -> Self {
        self.link = link;
        self
    }
}

/// Options of [`ApiClient::put_container_archive`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PutContainerArchiveOptions {
    /// The directory to extract into (must exist).
    pub path: String,
    /// Fail rather than replace a directory with a non-directory or the reverse.
    pub no_overwrite_dir_non_dir: bool,
    /// Keep the archive's UID/GID instead of the container user's.
    pub copy_uid_gid: bool,
}

impl PutContainerArchiveOptions {
    /// Extract into `path`.
    pub fn new(path: impl Into<String>) -> Self {
        PutContainerArchiveOptions {
            path: path.into(),
            ..Default::default()
        }
    }

    /// Refuse to replace a directory with a file or the reverse.
    pub fn no_overwrite_dir_non_dir(mut self, value: bool) -> Self {
        self.no_overwrite_dir_non_dir = value;
        self
    }

    /// Keep the archive's ownership.
    pub fn copy_uid_gid(mut self, value: bool) -> Self {
        self.copy_uid_gid = value;
        self
    }
}

/// Information about a path in a container, from the `X-Docker-Container-Path-Stat` header.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct PathStat {
    /// The file's base name.
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// Go `os.FileMode` bits (the permission bits plus type flags such as 1<<31 for directories).
    pub mode: u32,
    /// Modification time, RFC 3339.
    pub mtime: String,
    /// The target, for a symbolic link.
    #[serde(rename = "linkTarget", default)]
    pub link_target: String,
}

impl PathStat {
    /// Whether the path is a directory.
    pub fn is_dir(&self) -> bool {
        self.mode & (1 << 31) != 0
    }

    /// Whether the path is a symbolic link.
    pub fn is_symlink(&self) -> bool {
        self.mode & (1 << 27) != 0
    }

    /// The Unix permission bits.
    pub fn permissions(&self) -> u32 {
        self.mode & 0o7777
    }

    pub(crate) fn from_headers(headers: &HeaderMap) -> Result<PathStat> {
        use base64::Engine;
        let raw = headers.get("x-docker-container-path-stat").ok_or_else(|| {
            Error::Protocol("the daemon sent no X-Docker-Container-Path-Stat header".into())
        })?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(raw.as_bytes())
            .map_err(|e| {
                Error::Protocol(format!("X-Docker-Container-Path-Stat is not base64: {e}"))
            })?;
        serde_json::from_slice(&bytes).map_err(|e| Error::decode("X-Docker-Container-Path-Stat", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_stat_decodes_from_the_header() {
        use base64::Engine;
        let json = r#"{"name":"etc","size":4096,"mode":2147484141,"mtime":"2024-01-01T00:00:00Z","linkTarget":""}"#;
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-docker-container-path-stat",
            base64::engine::general_purpose::STANDARD
                .encode(json)
                .parse()
                .unwrap(),
        );
        let stat = PathStat::from_headers(&headers).unwrap();
        assert_eq!(stat.name, "etc");
        assert!(stat.is_dir());
        assert_eq!(stat.permissions(), 0o755);
        assert!(PathStat::from_headers(&HeaderMap::new()).is_err());
    }

    #[test]
    fn attach_always_says_whether_to_stream() {
        let logs_only = ContainerAttachOptions::default()
            .logs(true)
            .stdout(true)
            .stream(false);
        let q = attach_query(&logs_only);
        assert_eq!(q.encode(), "logs=true&stream=false&stdout=true");
        let live = ContainerAttachOptions::default().stream(true).stdin(true);
        assert_eq!(attach_query(&live).get("stream"), Some("true"));
        assert_eq!(
            attach_query(&ContainerAttachOptions::default()).encode(),
            "stream=false"
        );
    }

    #[test]
    fn defaults_match_the_daemon() {
        let logs = ContainerLogsOptions::default();
        assert!(logs.stdout && logs.stderr && !logs.follow);
        assert!(ContainerStatsOptions::default().stream);
        assert_eq!(WaitCondition::NextExit.as_str(), "next-exit");
    }
}
