//! [`Container`]: a handle on one container, caching its inspect data.

use std::collections::HashMap;
use std::future::IntoFuture;
use std::time::Duration;

use crate::api::{
    ContainerAttachOptions, ContainerDeleteOptions, ContainerInspectOptions, ContainerKillOptions,
    ContainerLogsOptions, ContainerStartOptions, ContainerStatsOptions, ContainerStopOptions,
    ContainerTopOptions,
};
use crate::error::{Error, Result};
use crate::models::{
    ContainerInspectResponse, ContainerStatsResponse, ContainerSummary, ContainerTopResponse,
    ContainerUpdateBody, ContainerUpdateResponse, FilesystemChange, PortMap,
};
use crate::stream::{ByteStream, Hijacked, JsonStream, LogStream, WebSocketAttach};
use crate::system::BoxFuture;
use crate::utils::bytes_size::IntoByteSize;
use crate::utils::duration::Timestamp;
use crate::Docker;

/// One container. Holds the data of its last inspect (see [`attrs`](Self::attrs) and
/// [`reload`](Self::reload)); every method talks to the daemon.
#[derive(Debug, Clone)]
pub struct Container {
    docker: Docker,
    id: String,
    attrs: Option<ContainerInspectResponse>,
    summary: Option<ContainerSummary>,
}

impl Container {
    pub(crate) fn from_inspect(docker: Docker, attrs: ContainerInspectResponse) -> Container {
        Container {
            docker,
            id: attrs.id.clone().unwrap_or_default(),
            attrs: Some(attrs),
            summary: None,
        }
    }

    pub(crate) fn from_summary(docker: Docker, summary: ContainerSummary) -> Container {
        Container {
            docker,
            id: summary.id.clone().unwrap_or_default(),
            attrs: None,
            summary: Some(summary),
        }
    }

    /// The client this handle uses.
    pub fn docker(&self) -> &Docker {
        &self.docker
    }

    /// The full ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The first 12 characters of the ID, as the CLI shows it.
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(12)]
    }

    /// The inspect data from when the handle was made or last reloaded (`None` for a sparse list entry:
    /// call [`reload`](Self::reload)).
    pub fn attrs(&self) -> Option<&ContainerInspectResponse> {
        self.attrs.as_ref()
    }

    /// The list entry, for handles from a sparse list.
    pub fn summary(&self) -> Option<&ContainerSummary> {
        self.summary.as_ref()
    }

    /// The name, without the leading `/`.
    pub fn name(&self) -> Option<&str> {
        let name = match (&self.attrs, &self.summary) {
            (Some(a), _) => a.name.as_deref(),
            (None, Some(s)) => s.names.as_ref().and_then(|n| n.first()).map(String::as_str),
            _ => None,
        };
        name.map(|n| n.trim_start_matches('/'))
    }

    /// The status as of the last inspect: `created`, `running`, `paused`, `restarting`, `removing`,
    /// `exited` or `dead`.
    pub fn status(&self) -> Option<String> {
        match (&self.attrs, &self.summary) {
            (Some(a), _) => a
                .state
                .as_ref()
                .and_then(|s| s.status.as_ref())
                .map(|s| s.to_string()),
            (None, Some(s)) => s.state.as_ref().map(|s| s.to_string()),
            _ => None,
        }
    }

    /// The labels.
    pub fn labels(&self) -> HashMap<String, String> {
        match (&self.attrs, &self.summary) {
            (Some(a), _) => a
                .config
                .as_ref()
                .and_then(|c| c.labels.clone())
                .unwrap_or_default(),
            (None, Some(s)) => s.labels.clone().unwrap_or_default(),
            _ => HashMap::new(),
        }
    }

    /// The image as given at creation (name or ID).
    pub fn image(&self) -> Option<&str> {
        match (&self.attrs, &self.summary) {
            (Some(a), _) => a.config.as_ref().and_then(|c| c.image.as_deref()),
            (None, Some(s)) => s.image.as_deref(),
            _ => None,
        }
    }

    /// The ID of the image the container runs.
    pub fn image_id(&self) -> Option<&str> {
        match (&self.attrs, &self.summary) {
            (Some(a), _) => a.image.as_deref(),
            (None, Some(s)) => s.image_id.as_deref(),
            _ => None,
        }
    }

    /// Published ports, as of the last inspect.
    pub fn ports(&self) -> PortMap {
        self.attrs
            .as_ref()
            .and_then(|a| a.network_settings.as_ref())
            .and_then(|n| n.ports.clone())
            .unwrap_or_default()
    }

    /// The host port a container port is published on (`"80/tcp"` or `80`), as of the last inspect.
    pub fn host_port(&self, container_port: impl std::fmt::Display) -> Option<u16> {
        let mut key = container_port.to_string();
        if !key.contains('/') {
            key.push_str("/tcp");
        }
        self.ports()
            .get(&key)?
            .as_ref()?
            .iter()
            .find_map(|b| b.host_port.as_deref().and_then(|p| p.parse().ok()))
    }

    /// The health status (`starting`, `healthy`, `unhealthy`), or `unknown` without a health check.
    ///
    /// Docker leaves `State.Health` out when there is no health check; Podman sends it with an empty
    /// status. Both read as `unknown`.
    pub fn health(&self) -> String {
        self.attrs
            .as_ref()
            .and_then(|a| a.state.as_ref())
            .and_then(|s| s.health.as_ref())
            .and_then(|h| h.status.as_ref())
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }

    /// Whether the container has a TTY (output is then raw rather than multiplexed), if known.
    pub fn tty(&self) -> Option<bool> {
        self.attrs
            .as_ref()
            .and_then(|a| a.config.as_ref())
            .and_then(|c| c.tty)
    }

    /// Re-inspects the container and refreshes the cached data.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn reload(&mut self) -> Result<()> {
        let attrs = self
            .docker
            .api()
            .container_inspect(&self.id, &ContainerInspectOptions::default())
            .await?;
        self.attrs = Some(attrs);
        self.summary = None;
        Ok(())
    }

    /// Re-inspects the container with its sizes (`SizeRw`, `SizeRootFs` in [`attrs`](Self::attrs); the
    /// daemon takes longer to answer).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn reload_with_size(&mut self) -> Result<()> {
        let attrs = self
            .docker
            .api()
            .container_inspect(&self.id, &ContainerInspectOptions::default().size(true))
            .await?;
        self.attrs = Some(attrs);
        self.summary = None;
        Ok(())
    }

    /// Starts the container with options (`detach_keys`, the key sequence that detaches later attach
    /// sessions).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone; [`Error::Api`] when the process cannot start.
    pub async fn start_with(&self, opts: &ContainerStartOptions) -> Result<()> {
        self.docker.api().container_start(&self.id, opts).await
    }

    /// Starts the container (a running container is left as it is).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone; [`Error::Api`] when the process cannot start.
    pub async fn start(&self) -> Result<()> {
        self.docker
            .api()
            .container_start(&self.id, &ContainerStartOptions::default())
            .await
    }

    /// Stops the container: await it, or set a timeout or signal first.
    pub fn stop(&self) -> Stop {
        Stop {
            container: self.clone(),
            opts: ContainerStopOptions::default(),
        }
    }

    /// Restarts the container.
    pub fn restart(&self) -> Restart {
        Restart {
            container: self.clone(),
            opts: ContainerStopOptions::default(),
        }
    }

    /// Kills the container (SIGKILL unless another signal is set).
    pub fn kill(&self) -> Kill {
        Kill {
            container: self.clone(),
            opts: ContainerKillOptions::default(),
        }
    }

    /// Pauses all processes.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the container is not running.
    pub async fn pause(&self) -> Result<()> {
        self.docker.api().container_pause(&self.id).await
    }

    /// Resumes a paused container.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the container is not paused.
    pub async fn unpause(&self) -> Result<()> {
        self.docker.api().container_unpause(&self.id).await
    }

    /// Renames the container.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the name is taken.
    pub async fn rename(&self, name: &str) -> Result<()> {
        self.docker.api().container_rename(&self.id, name).await
    }

    /// Resizes the container's TTY.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a zero size.
    pub async fn resize(&self, height: u32, width: u32) -> Result<()> {
        self.docker
            .api()
            .container_resize(&self.id, height, width)
            .await
    }

    /// Removes the container.
    pub fn remove(&self) -> Remove {
        Remove {
            container: self.clone(),
            opts: ContainerDeleteOptions::default(),
        }
    }

    /// Changes resources or the restart policy of the container.
    pub fn update(&self) -> Update {
        Update {
            container: self.clone(),
            body: ContainerUpdateBody::default(),
            error: None,
        }
    }

    /// The processes running in the container.
    pub fn top(&self) -> Top {
        Top {
            container: self.clone(),
            opts: ContainerTopOptions::default(),
        }
    }

    /// Makes an image from the container's current filesystem (`docker commit`); set the repository, tag,
    /// message … on the returned builder, then await it.
    ///
    /// ```no_run
    /// # async fn demo(c: docker_sdk::containers::Container) -> docker_sdk::Result<()> {
    /// let image = c.commit().repository("snapshots/web").tag("v2").message("after migration").await?;
    /// # Ok(()) }
    /// ```
    pub fn commit(&self) -> crate::images::CommitImage {
        self.docker.images().commit(self.id.clone())
    }

    /// Changes to the filesystem since the container was created (`docker diff`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn diff(&self) -> Result<Vec<FilesystemChange>> {
        self.docker.api().container_changes(&self.id).await
    }

    /// The container's filesystem as a tar stream (`docker export`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn export(&self) -> Result<ByteStream> {
        self.docker.api().container_export(&self.id).await
    }

    /// The container's output.
    ///
    /// ```no_run
    /// # async fn demo(c: docker_sdk::containers::Container) -> docker_sdk::Result<()> {
    /// let (out, err) = c.logs().tail(100).await?.collect_demuxed().await?;
    /// # Ok(()) }
    /// ```
    pub fn logs(&self) -> Logs {
        Logs {
            container: self.clone(),
            opts: ContainerLogsOptions {
                tty: self.tty(),
                ..Default::default()
            },
        }
    }

    /// Attaches to the container's standard streams (a duplex [`Hijacked`] connection).
    pub fn attach(&self) -> Attach {
        Attach {
            container: self.clone(),
            opts: ContainerAttachOptions {
                stream: true,
                stdout: true,
                stderr: true,
                tty: self.tty(),
                ..Default::default()
            },
        }
    }

    /// Attaches over a WebSocket (stdin, stdout and stderr, streamed).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn attach_websocket(&self) -> Result<WebSocketAttach> {
        let opts = ContainerAttachOptions::default().stream(true);
        self.docker
            .api()
            .container_attach_websocket(&self.id, &opts)
            .await
    }

    /// Attaches over a WebSocket with options: `logs` (replay earlier output first), `stream`,
    /// `detach_keys`, and the selection of stdin / stdout / stderr (API 1.42+; before it the daemon
    /// attaches all three).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone; [`Error::UnsupportedApiVersion`] for a stream
    /// selection before API 1.42.
    pub async fn attach_websocket_with(
        &self,
        opts: &ContainerAttachOptions,
    ) -> Result<WebSocketAttach> {
        self.docker
            .api()
            .container_attach_websocket(&self.id, opts)
            .await
    }

    /// One sample of resource usage, with `precpu_stats` filled so that
    /// [`ContainerStatsResponse::cpu_percent`] works (the daemon takes about a second to answer).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn stats(&self) -> Result<ContainerStatsResponse> {
        use futures_util::StreamExt;
        let opts = ContainerStatsOptions::default().stream(false);
        let mut stream = self.docker.api().container_stats(&self.id, &opts).await?;
        stream
            .next()
            .await
            .unwrap_or_else(|| Err(Error::Protocol("the daemon sent no stats sample".into())))
    }

    /// One sample at once, without the previous reading (`one-shot`; CPU % cannot be computed from it).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn stats_one_shot(&self) -> Result<ContainerStatsResponse> {
        use futures_util::StreamExt;
        let opts = ContainerStatsOptions::default()
            .stream(false)
            .one_shot(true);
        let mut stream = self.docker.api().container_stats(&self.id, &opts).await?;
        stream
            .next()
            .await
            .unwrap_or_else(|| Err(Error::Protocol("the daemon sent no stats sample".into())))
    }

    /// A live stream of resource usage samples, about one per second, until the container stops.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the container is gone.
    pub async fn stats_stream(&self) -> Result<JsonStream<ContainerStatsResponse>> {
        self.docker
            .api()
            .container_stats(&self.id, &ContainerStatsOptions::default())
            .await
    }
}

macro_rules! into_future {
    ($builder:ty => $out:ty, |$this:ident| $body:expr) => {
        impl IntoFuture for $builder {
            type Output = Result<$out>;
            type IntoFuture = BoxFuture<Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                let $this = self;
                Box::pin(async move { $body })
            }
        }
    };
}

/// Builder of [`Container::stop`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Stop {
    container: Container,
    opts: ContainerStopOptions,
}

impl Stop {
    /// How long to wait after the stop signal before killing (default: the container's stop timeout, 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.opts.timeout = Some(crate::utils::duration::whole_seconds_rounding_up(timeout));
        self
    }

    /// The signal to send instead of the container's stop signal (API 1.42+).
    pub fn signal(mut self, signal: impl Into<String>) -> Self {
        self.opts.signal = Some(signal.into());
        self
    }
}

into_future!(Stop => (), |b| b.container.docker.api().container_stop(&b.container.id, &b.opts).await);

/// Builder of [`Container::restart`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Restart {
    container: Container,
    opts: ContainerStopOptions,
}

impl Restart {
    /// How long to wait for the stop before killing.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.opts.timeout = Some(crate::utils::duration::whole_seconds_rounding_up(timeout));
        self
    }

    /// The signal to stop with (API 1.42+).
    pub fn signal(mut self, signal: impl Into<String>) -> Self {
        self.opts.signal = Some(signal.into());
        self
    }
}

into_future!(Restart => (), |b| b.container.docker.api().container_restart(&b.container.id, &b.opts).await);

/// Builder of [`Container::kill`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Kill {
    container: Container,
    opts: ContainerKillOptions,
}

impl Kill {
    /// The signal, by name (`SIGHUP`) or number (`1`).
    pub fn signal(mut self, signal: impl Into<String>) -> Self {
        self.opts.signal = Some(signal.into());
        self
    }
}

into_future!(Kill => (), |b| b.container.docker.api().container_kill(&b.container.id, &b.opts).await);

/// Builder of [`Container::remove`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Remove {
    container: Container,
    opts: ContainerDeleteOptions,
}

impl Remove {
    /// Kill the container first if it is running.
    pub fn force(mut self, force: bool) -> Self {
        self.opts.force = force;
        self
    }

    /// Also remove its anonymous volumes.
    pub fn v(mut self, volumes: bool) -> Self {
        self.opts.volumes = volumes;
        self
    }

    /// Remove a legacy link instead.
    pub fn link(mut self, link: bool) -> Self {
        self.opts.link = link;
        self
    }
}

into_future!(Remove => (), |b| b.container.docker.api().container_delete(&b.container.id, &b.opts).await);

/// Builder of [`Container::update`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Update {
    container: Container,
    body: ContainerUpdateBody,
    error: Option<String>,
}

impl Update {
    fn bytes(&mut self, what: &str, v: impl IntoByteSize) -> Option<i64> {
        match v.into_byte_size() {
            Ok(b) => Some(b.bytes()),
            Err(e) => {
                self.error = Some(format!("{what}: {e}"));
                None
            }
        }
    }

    /// Block IO weight, 10–1000.
    pub fn blkio_weight(mut self, weight: i64) -> Self {
        self.body.blkio_weight = Some(weight);
        self
    }

    /// CFS period in microseconds.
    pub fn cpu_period(mut self, period: i64) -> Self {
        self.body.cpu_period = Some(period);
        self
    }

    /// CFS quota in microseconds.
    pub fn cpu_quota(mut self, quota: i64) -> Self {
        self.body.cpu_quota = Some(quota);
        self
    }

    /// Relative CPU weight.
    pub fn cpu_shares(mut self, shares: i64) -> Self {
        self.body.cpu_shares = Some(shares);
        self
    }

    /// CPU limit in 10⁻⁹ CPUs.
    pub fn nano_cpus(mut self, nano_cpus: i64) -> Self {
        self.body.nano_cpus = Some(nano_cpus);
        self
    }

    /// CPUs the container may use.
    pub fn cpuset_cpus(mut self, cpus: impl Into<String>) -> Self {
        self.body.cpuset_cpus = Some(cpus.into());
        self
    }

    /// Memory nodes the container may use.
    pub fn cpuset_mems(mut self, mems: impl Into<String>) -> Self {
        self.body.cpuset_mems = Some(mems.into());
        self
    }

    /// Memory limit (bytes or `"512m"`).
    pub fn mem_limit(mut self, size: impl IntoByteSize) -> Self {
        self.body.memory = self.bytes("mem_limit", size);
        self
    }

    /// Soft memory limit.
    pub fn mem_reservation(mut self, size: impl IntoByteSize) -> Self {
        self.body.memory_reservation = self.bytes("mem_reservation", size);
        self
    }

    /// Memory plus swap limit.
    pub fn memswap_limit(mut self, size: impl IntoByteSize) -> Self {
        self.body.memory_swap = self.bytes("memswap_limit", size);
        self
    }

    /// Kernel memory limit.
    pub fn kernel_memory(mut self, size: impl IntoByteSize) -> Self {
        self.body.kernel_memory = self.bytes("kernel_memory", size);
        self
    }

    /// Maximum number of processes.
    pub fn pids_limit(mut self, limit: i64) -> Self {
        self.body.pids_limit = Some(limit);
        self
    }

    /// Restart policy.
    pub fn restart_policy(mut self, policy: crate::types::RestartPolicy) -> Self {
        self.body.restart_policy = Some(policy.to_model());
        self
    }
}

into_future!(Update => ContainerUpdateResponse, |b| {
    if let Some(e) = b.error {
        return Err(Error::invalid(e));
    }
    b.container.docker.api().container_update(&b.container.id, &b.body).await
});

/// Builder of [`Container::top`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Top {
    container: Container,
    opts: ContainerTopOptions,
}

impl Top {
    /// Arguments to `ps` (default `-ef`).
    pub fn ps_args(mut self, args: impl Into<String>) -> Self {
        self.opts.ps_args = Some(args.into());
        self
    }
}

into_future!(Top => ContainerTopResponse, |b| b.container.docker.api().container_top(&b.container.id, &b.opts).await);

/// Builder of [`Container::logs`]; awaiting it gives a [`LogStream`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Logs {
    container: Container,
    opts: ContainerLogsOptions,
}

impl Logs {
    /// Include stdout (default true).
    pub fn stdout(mut self, stdout: bool) -> Self {
        self.opts.stdout = stdout;
        self
    }

    /// Include stderr (default true).
    pub fn stderr(mut self, stderr: bool) -> Self {
        self.opts.stderr = stderr;
        self
    }

    /// Keep streaming new output until the container stops.
    pub fn follow(mut self, follow: bool) -> Self {
        self.opts.follow = follow;
        self
    }

    /// Only output since a time: a `SystemTime`, or a `Duration` meaning "that long ago".
    pub fn since(mut self, since: impl Into<Timestamp>) -> Self {
        self.opts.since = Some(since.into());
        self
    }

    /// Only output before a time: a `SystemTime`, or a `Duration` meaning "that long ago".
    pub fn until(mut self, until: impl Into<Timestamp>) -> Self {
        self.opts.until = Some(until.into());
        self
    }

    /// Only the last `n` lines.
    pub fn tail(mut self, n: u64) -> Self {
        self.opts.tail = Some(n.to_string());
        self
    }

    /// Prefix each line with its timestamp.
    pub fn timestamps(mut self, timestamps: bool) -> Self {
        self.opts.timestamps = timestamps;
        self
    }
}

into_future!(Logs => LogStream, |b| b.container.docker.api().container_logs(&b.container.id, &b.opts).await);

/// Builder of [`Container::attach`]; awaiting it gives a [`Hijacked`] duplex connection.
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Attach {
    container: Container,
    opts: ContainerAttachOptions,
}

impl Attach {
    /// Also attach stdin (the container needs `stdin_open`).
    ///
    /// Closing stdin on the connection ([`Hijacked::close_stdin`]) gives the process end-of-file only
    /// without a TTY and, on dockerd, only when the container was created with `stdin_once(true)`;
    /// otherwise dockerd ends the attach session at once and the process keeps waiting for input. With a
    /// TTY write `"\x04"` (Ctrl-D) instead. See [`Hijacked`'s half-close table](Hijacked#half-close).
    pub fn stdin(mut self, stdin: bool) -> Self {
        self.opts.stdin = stdin;
        self
    }

    /// Attach stdout (default true).
    pub fn stdout(mut self, stdout: bool) -> Self {
        self.opts.stdout = stdout;
        self
    }

    /// Attach stderr (default true).
    pub fn stderr(mut self, stderr: bool) -> Self {
        self.opts.stderr = stderr;
        self
    }

    /// Replay the output produced so far first.
    pub fn logs(mut self, logs: bool) -> Self {
        self.opts.logs = logs;
        self
    }

    /// Stream live output (default true).
    pub fn stream(mut self, stream: bool) -> Self {
        self.opts.stream = stream;
        self
    }

    /// The key sequence that detaches (TTY only), e.g. `ctrl-x,x`.
    pub fn detach_keys(mut self, keys: impl Into<String>) -> Self {
        self.opts.detach_keys = Some(keys.into());
        self
    }
}

into_future!(Attach => Hijacked, |b| b.container.docker.api().container_attach(&b.container.id, &b.opts).await);

#[cfg(test)]
mod tests {
    use super::*;

    fn container(inspect: &str) -> Container {
        let attrs: ContainerInspectResponse = serde_json::from_str(inspect).unwrap();
        Container::from_inspect(Docker::builder().build().unwrap(), attrs)
    }

    #[test]
    fn health_without_a_check_is_unknown_from_docker_and_podman() {
        // Docker leaves Health out; Podman sends it with an empty status.
        let docker = container(r#"{"Id":"c1","State":{"Status":"running"}}"#);
        let podman = container(
            r#"{"Id":"c1","State":{"Status":"running","Health":{"Status":"","FailingStreak":0,"Log":null}}}"#,
        );
        assert_eq!(docker.health(), "unknown");
        assert_eq!(podman.health(), "unknown");
        let checked = container(r#"{"Id":"c1","State":{"Health":{"Status":"healthy"}}}"#);
        assert_eq!(checked.health(), "healthy");
    }
}
