//! The blocking [`Container`] handle and its small builders.

use std::collections::HashMap;
use std::future::IntoFuture;
use std::time::Duration;

use super::forward_setters;
use crate::api::WaitCondition;
use crate::blocking::{BlockingStream, ByteReader, Docker, Hijacked, WebSocketAttach};
use crate::containers::ExitStatus;
use crate::error::Result;
use crate::models::{
    ContainerInspectResponse, ContainerStatsResponse, ContainerSummary, ContainerTopResponse,
    ContainerUpdateResponse, FilesystemChange, PortMap,
};
use crate::stream::{Hijacked as AsyncHijacked, JsonStream, LogOutput, LogStream};
use crate::utils::bytes_size::IntoByteSize;
use crate::utils::duration::Timestamp;

/// Container output as a blocking iterator of [`LogOutput`] chunks (logs, attach output).
pub type LogIter = BlockingStream<LogStream>;

/// Resource usage samples as a blocking iterator.
pub type StatsIter = BlockingStream<JsonStream<ContainerStatsResponse>>;

/// One container, the blocking [`crate::containers::Container`]: it holds the data of its last inspect
/// ([`attrs`](Self::attrs), [`reload`](Self::reload)) and every method talks to the daemon.
///
/// ```no_run
/// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
/// use std::time::Duration;
/// let mut c = docker.containers().get("web")?;
/// println!("{} is {:?}", c.short_id(), c.status());
/// c.restart().timeout(Duration::from_secs(5)).send()?;
/// c.reload()?;
/// let out = c.exec_run(["cat", "/etc/hostname"]).send()?;
/// print!("{}", out.stdout_str());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Container {
    docker: Docker,
    inner: crate::containers::Container,
}

impl Container {
    /// Makes an image from the container's filesystem; see [`crate::containers::Container::commit`].
    pub fn commit(&self) -> crate::blocking::images::CommitImage {
        self.docker().images().commit(self.id())
    }

    pub(crate) fn new(docker: Docker, inner: crate::containers::Container) -> Self {
        Container { docker, inner }
    }

    /// The client this handle uses.
    pub fn docker(&self) -> &Docker {
        &self.docker
    }

    /// The async handle inside.
    pub fn as_async(&self) -> &crate::containers::Container {
        &self.inner
    }

    /// Turns this into the async handle.
    pub fn into_async(self) -> crate::containers::Container {
        self.inner
    }

    /// The full ID.
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// The first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// The inspect data from when the handle was made or last reloaded; see
    /// [`crate::containers::Container::attrs`].
    pub fn attrs(&self) -> Option<&ContainerInspectResponse> {
        self.inner.attrs()
    }

    /// The list entry, for handles from a sparse list.
    pub fn summary(&self) -> Option<&ContainerSummary> {
        self.inner.summary()
    }

    /// The name, without the leading `/`.
    pub fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// The status as of the last inspect (`running`, `exited` …).
    pub fn status(&self) -> Option<String> {
        self.inner.status()
    }

    /// The labels.
    pub fn labels(&self) -> HashMap<String, String> {
        self.inner.labels()
    }

    /// The image as given at creation (name or ID).
    pub fn image(&self) -> Option<&str> {
        self.inner.image()
    }

    /// The ID of the image the container runs.
    pub fn image_id(&self) -> Option<&str> {
        self.inner.image_id()
    }

    /// Published ports, as of the last inspect.
    pub fn ports(&self) -> PortMap {
        self.inner.ports()
    }

    /// The host port a container port (`"80/tcp"` or `80`) is published on, as of the last inspect.
    pub fn host_port(&self, container_port: impl std::fmt::Display) -> Option<u16> {
        self.inner.host_port(container_port)
    }

    /// The health status (`starting`, `healthy`, `unhealthy`), or `unknown` without a health check.
    pub fn health(&self) -> String {
        self.inner.health()
    }

    /// Whether the container has a TTY, if known.
    pub fn tty(&self) -> Option<bool> {
        self.inner.tty()
    }

    /// Re-inspects the container and refreshes the cached data.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn reload(&mut self) -> Result<()> {
        let docker = &self.docker;
        docker.block_on(self.inner.reload())?
    }

    /// Re-inspects the container with its sizes; see
    /// [`crate::containers::Container::reload_with_size`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn reload_with_size(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload_with_size())?
    }

    /// Starts the container with options (`detach_keys`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone; [`crate::Error::Api`] when the process
    /// cannot start.
    pub fn start_with(&self, opts: &crate::api::ContainerStartOptions) -> Result<()> {
        self.docker.block_on(self.inner.start_with(opts))?
    }

    /// Starts the container.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone; [`crate::Error::Api`] when the process cannot
    /// start.
    pub fn start(&self) -> Result<()> {
        self.docker.block_on(self.inner.start())?
    }

    /// Stops the container: `.send()`, or set a timeout or signal first.
    pub fn stop(&self) -> Stop {
        Stop {
            docker: self.docker.clone(),
            inner: self.inner.stop(),
        }
    }

    /// Restarts the container.
    pub fn restart(&self) -> Restart {
        Restart {
            docker: self.docker.clone(),
            inner: self.inner.restart(),
        }
    }

    /// Kills the container (SIGKILL unless another signal is set).
    pub fn kill(&self) -> Kill {
        Kill {
            docker: self.docker.clone(),
            inner: self.inner.kill(),
        }
    }

    /// Pauses all processes.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not running.
    pub fn pause(&self) -> Result<()> {
        self.docker.block_on(self.inner.pause())?
    }

    /// Resumes a paused container.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not paused.
    pub fn unpause(&self) -> Result<()> {
        self.docker.block_on(self.inner.unpause())?
    }

    /// Renames the container.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the name is taken.
    pub fn rename(&self, name: &str) -> Result<()> {
        self.docker.block_on(self.inner.rename(name))?
    }

    /// Resizes the container's TTY.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for a zero size.
    pub fn resize(&self, height: u32, width: u32) -> Result<()> {
        self.docker.block_on(self.inner.resize(height, width))?
    }

    /// Removes the container.
    pub fn remove(&self) -> Remove {
        Remove {
            docker: self.docker.clone(),
            inner: self.inner.remove(),
        }
    }

    /// Changes resources or the restart policy of the container.
    pub fn update(&self) -> Update {
        Update {
            docker: self.docker.clone(),
            inner: self.inner.update(),
        }
    }

    /// The processes running in the container.
    pub fn top(&self) -> Top {
        Top {
            docker: self.docker.clone(),
            inner: self.inner.top(),
        }
    }

    /// Changes to the filesystem since the container was created (`docker diff`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn diff(&self) -> Result<Vec<FilesystemChange>> {
        self.docker.block_on(self.inner.diff())?
    }

    /// The container's filesystem as a tar archive, read as it streams in (`docker export`).
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// let mut file = std::fs::File::create("rootfs.tar")?;
    /// std::io::copy(&mut c.export()?, &mut file)?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn export(&self) -> Result<ByteReader> {
        let stream = self.docker.block_on(self.inner.export())??;
        Ok(ByteReader::new(self.docker.inner.clone(), stream))
    }

    /// The container's output: `.send()` returns an iterator of chunks.
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// let (out, err) = c.logs().tail(100).send()?.collect_demuxed()?;
    /// for chunk in c.logs().follow(true).send()? {
    ///     print!("{}", chunk?);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn logs(&self) -> Logs {
        Logs {
            docker: self.docker.clone(),
            inner: self.inner.logs(),
        }
    }

    /// Attaches to the container's standard streams: `.send()` returns a [`Hijacked`] connection that is
    /// `Read + Write`, with [`Hijacked::close_stdin`] to half-close stdin. The process sees end-of-file
    /// only without a TTY and, on dockerd, when the container was created with `stdin_once(true)`; see
    /// [the half-close table](crate::stream::Hijacked#half-close).
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// use std::io::{Read, Write};
    /// let mut conn = c.attach().stdin(true).send()?;
    /// conn.write_all(b"some input\n")?;
    /// conn.close_stdin()?; // end-of-file for a non-TTY container created with stdin_once(true)
    /// let mut output = String::new();
    /// conn.read_to_string(&mut output)?;
    /// # Ok(()) }
    /// ```
    pub fn attach(&self) -> Attach {
        Attach {
            docker: self.docker.clone(),
            inner: self.inner.attach(),
        }
    }

    /// Attaches over a WebSocket (stdin, stdout and stderr): an iterator of output chunks with
    /// [`WebSocketAttach::send`] for stdin.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn attach_websocket(&self) -> Result<WebSocketAttach> {
        let ws = self.docker.block_on(self.inner.attach_websocket())??;
        Ok(WebSocketAttach::new(self.docker.inner.clone(), ws))
    }

    /// Attaches over a WebSocket with options; see
    /// [`crate::containers::Container::attach_websocket_with`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone; [`crate::Error::UnsupportedApiVersion`]
    /// for a stream selection before API 1.42.
    pub fn attach_websocket_with(
        &self,
        opts: &crate::api::ContainerAttachOptions,
    ) -> Result<WebSocketAttach> {
        let ws = self
            .docker
            .block_on(self.inner.attach_websocket_with(opts))??;
        Ok(WebSocketAttach::new(self.docker.inner.clone(), ws))
    }

    /// One sample of resource usage, with the previous reading filled in so CPU % can be computed
    /// (takes about a second).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn stats(&self) -> Result<ContainerStatsResponse> {
        self.docker.block_on(self.inner.stats())?
    }

    /// One sample at once, without the previous reading.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn stats_one_shot(&self) -> Result<ContainerStatsResponse> {
        self.docker.block_on(self.inner.stats_one_shot())?
    }

    /// Live resource usage samples, about one per second until the container stops, as an iterator.
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// for sample in c.stats_stream()?.take(5) {
    ///     println!("{:.1}% CPU", sample?.cpu_percent());
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn stats_stream(&self) -> Result<StatsIter> {
        let stream = self.docker.block_on(self.inner.stats_stream())??;
        Ok(BlockingStream::new(self.docker.inner.clone(), stream))
    }

    /// Waits for the container to stop (or another [`WaitCondition`]); `.send()` returns its exit status.
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// let status = c.wait().timeout(Duration::from_secs(30)).send()?;
    /// println!("exited with {}", status.code);
    /// # Ok(()) }
    /// ```
    pub fn wait(&self) -> Wait {
        Wait {
            docker: self.docker.clone(),
            inner: self.inner.wait(),
        }
    }

    /// Waits until the health check reports `healthy`; see
    /// [`crate::containers::Container::wait_for_healthy`].
    ///
    /// # Errors
    /// [`crate::Error::Timeout`] after `timeout`; [`crate::Error::InvalidArgument`] without a health check;
    /// [`crate::Error::ContainerFailed`] when the container stops first.
    pub fn wait_for_healthy(&self, timeout: Duration) -> Result<()> {
        self.docker.block_on(self.inner.wait_for_healthy(timeout))?
    }

    /// Waits until the container prints `needle`; see [`crate::containers::Container::wait_for_log`].
    ///
    /// # Errors
    /// [`crate::Error::Timeout`] after `timeout`; [`crate::Error::ContainerFailed`] (or
    /// [`crate::Error::Stream`] for a clean exit) when the container stops without printing it.
    pub fn wait_for_log(&self, needle: &str, timeout: Duration) -> Result<()> {
        self.docker
            .block_on(self.inner.wait_for_log(needle, timeout))?
    }

    /// Waits until `predicate` accepts a line the container printed, and returns that line; see
    /// [`crate::containers::Container::wait_for_log_matching`]. `.times(n)` waits for the n-th accepted
    /// line; `.send()` runs the wait.
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// let line = c
    ///     .wait_for_log_matching(|l| l.starts_with("listening on"), Duration::from_secs(30))
    ///     .send()?;
    /// # Ok(()) }
    /// ```
    pub fn wait_for_log_matching<F>(&self, predicate: F, timeout: Duration) -> WaitForLog
    where
        F: Fn(&str) -> bool + Send + Sync + 'static,
    {
        WaitForLog {
            docker: self.docker.clone(),
            inner: self.inner.wait_for_log_matching(predicate, timeout),
        }
    }

    /// Waits for the container to exit and returns its exit code.
    ///
    /// # Errors
    /// [`crate::Error::Timeout`] after `timeout`.
    pub fn wait_for_exit(&self, timeout: Duration) -> Result<i64> {
        self.docker.block_on(self.inner.wait_for_exit(timeout))?
    }
}

/// Blocking builder of [`Container::wait_for_log_matching`]; see [`crate::containers::WaitForLog`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct WaitForLog {
    docker: Docker,
    inner: crate::containers::WaitForLog,
}

impl WaitForLog {
    /// Waits for the n-th accepted line instead of the first.
    pub fn times(mut self, n: usize) -> Self {
        self.inner = self.inner.times(n);
        self
    }

    /// Runs the wait and returns the accepted line.
    ///
    /// # Errors
    /// [`crate::Error::Timeout`] after the timeout; [`crate::Error::ContainerFailed`] (or
    /// [`crate::Error::Stream`] for a clean exit) when the container stops before enough lines matched.
    pub fn send(self) -> Result<String> {
        self.docker.block_on(self.inner.into_future())?
    }
}

impl From<crate::containers::Container> for Container {
    fn from(inner: crate::containers::Container) -> Self {
        Container {
            docker: Docker::from(inner.docker().clone()),
            inner,
        }
    }
}

/// Output of [`Container::logs`] and of attach: the same helpers as [`LogStream`].
impl BlockingStream<LogStream> {
    /// Reads to the end and returns stdout and stderr separately (a TTY's output counts as stdout).
    ///
    /// # Errors
    /// The first error of the stream.
    pub fn collect_demuxed(self) -> Result<(Vec<u8>, Vec<u8>)> {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        for chunk in self {
            match chunk? {
                LogOutput::StdErr(b) => err.extend_from_slice(&b),
                other => out.extend_from_slice(other.as_bytes()),
            }
        }
        Ok((out, err))
    }

    /// Reads to the end and returns all output interleaved as it arrived.
    ///
    /// # Errors
    /// The first error of the stream.
    pub fn collect_interleaved(self) -> Result<Vec<u8>> {
        let mut all = Vec::new();
        for chunk in self {
            all.extend_from_slice(chunk?.as_bytes());
        }
        Ok(all)
    }
}

/// Blocking builder of [`Container::stop`]; see [`crate::containers::Stop`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Stop {
    docker: Docker,
    inner: crate::containers::Stop,
}

impl Stop {
    forward_setters! {
        "crate::containers::Stop";
        fn timeout(timeout: Duration);
        fn signal(signal: impl Into<String>);
    }

    /// Stops the container (a stopped one is left as it is).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone; [`crate::Error::UnsupportedApiVersion`] for
    /// `signal` below API 1.42.
    pub fn send(self) -> Result<()> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Container::restart`]; see [`crate::containers::Restart`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Restart {
    docker: Docker,
    inner: crate::containers::Restart,
}

impl Restart {
    forward_setters! {
        "crate::containers::Restart";
        fn timeout(timeout: Duration);
        fn signal(signal: impl Into<String>);
    }

    /// Restarts the container.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn send(self) -> Result<()> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Container::kill`]; see [`crate::containers::Kill`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Kill {
    docker: Docker,
    inner: crate::containers::Kill,
}

impl Kill {
    forward_setters! {
        "crate::containers::Kill";
        fn signal(signal: impl Into<String>);
    }

    /// Sends the signal.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not running.
    pub fn send(self) -> Result<()> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Container::remove`]; see [`crate::containers::Remove`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Remove {
    docker: Docker,
    inner: crate::containers::Remove,
}

impl Remove {
    forward_setters! {
        "crate::containers::Remove";
        fn force(force: bool);
        fn v(volumes: bool);
        fn link(link: bool);
    }

    /// Removes the container.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when it is running and `force` is not set; [`crate::Error::NotFound`]
    /// when it is gone.
    pub fn send(self) -> Result<()> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Container::update`]; see [`crate::containers::Update`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Update {
    docker: Docker,
    inner: crate::containers::Update,
}

impl Update {
    forward_setters! {
        "crate::containers::Update";
        fn blkio_weight(weight: i64);
        fn cpu_period(period: i64);
        fn cpu_quota(quota: i64);
        fn cpu_shares(shares: i64);
        fn nano_cpus(nano_cpus: i64);
        fn cpuset_cpus(cpus: impl Into<String>);
        fn cpuset_mems(mems: impl Into<String>);
        fn mem_limit(size: impl IntoByteSize);
        fn mem_reservation(size: impl IntoByteSize);
        fn memswap_limit(size: impl IntoByteSize);
        fn kernel_memory(size: impl IntoByteSize);
        fn pids_limit(limit: i64);
        fn restart_policy(policy: crate::types::RestartPolicy);
    }

    /// Applies the changes.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for an invalid size; [`crate::Error::Api`] when the daemon refuses
    /// the change.
    pub fn send(self) -> Result<ContainerUpdateResponse> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Container::top`]; see [`crate::containers::Top`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Top {
    docker: Docker,
    inner: crate::containers::Top,
}

impl Top {
    forward_setters! {
        "crate::containers::Top";
        fn ps_args(args: impl Into<String>);
    }

    /// Lists the processes.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not running.
    pub fn send(self) -> Result<ContainerTopResponse> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Container::logs`]; see [`crate::containers::Logs`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Logs {
    docker: Docker,
    inner: crate::containers::Logs,
}

impl Logs {
    forward_setters! {
        "crate::containers::Logs";
        fn stdout(stdout: bool);
        fn stderr(stderr: bool);
        fn follow(follow: bool);
        fn since(since: impl Into<Timestamp>);
        fn until(until: impl Into<Timestamp>);
        fn tail(n: u64);
        fn timestamps(timestamps: bool);
    }

    /// Requests the output and returns it as an iterator of chunks (with `follow`, the iterator ends when
    /// the container stops).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn send(self) -> Result<LogIter> {
        let stream = self.docker.block_on(self.inner.into_future())??;
        Ok(BlockingStream::new(self.docker.inner.clone(), stream))
    }
}

/// Blocking builder of [`Container::attach`]; see [`crate::containers::Attach`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Attach {
    docker: Docker,
    inner: crate::containers::Attach,
}

impl Attach {
    forward_setters! {
        "crate::containers::Attach";
        fn stdin(stdin: bool);
        fn stdout(stdout: bool);
        fn stderr(stderr: bool);
        fn logs(logs: bool);
        fn stream(stream: bool);
        fn detach_keys(keys: impl Into<String>);
    }

    /// Attaches and returns the duplex connection.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn send(self) -> Result<Hijacked> {
        let conn: AsyncHijacked = self.docker.block_on(self.inner.into_future())??;
        Ok(Hijacked::new(self.docker.inner.clone(), conn))
    }
}

/// Blocking builder of [`Container::wait`]; see [`crate::containers::Wait`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct Wait {
    docker: Docker,
    inner: crate::containers::Wait,
}

impl Wait {
    forward_setters! {
        "crate::containers::Wait";
        fn condition(condition: WaitCondition);
        fn timeout(timeout: Duration);
    }

    /// Waits and returns the exit status.
    ///
    /// # Errors
    /// [`crate::Error::Timeout`] when the timeout passes first (the connection is closed, nothing hangs);
    /// [`crate::Error::NotFound`] when the container is gone.
    pub fn send(self) -> Result<ExitStatus> {
        self.docker.block_on(self.inner.into_future())?
    }
}
