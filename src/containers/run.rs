//! `containers().run(…)` and `containers().create(…)`.

use std::fmt;
use std::future::IntoFuture;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;

use super::handle::Container;
use super::spec::{container_setters, ContainerSpec};
use crate::api::{
    ContainerAttachOptions, ContainerCreateOptions, ContainerDeleteOptions,
    ContainerInspectOptions, ContainerStartOptions, ContainerWaitOptions, WaitCondition,
};
use crate::error::{Error, Result};
use crate::models::{ContainerCreateBody, ContainerWaitResponse};
use crate::stream::{LogOutput, LogStream};
use crate::system::BoxFuture;
use crate::Docker;

/// The most stderr kept in [`Error::ContainerFailed`].
const MAX_FAILED_STDERR: usize = 64 * 1024;

/// What a container printed, and how it exited: the result of a foreground [`Run`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunOutput {
    /// The container's ID (already removed if `remove(true)` was set).
    pub container_id: String,
    /// The exit code (0 unless [`Run::allow_failure`] was set).
    pub exit_code: i64,
    /// Everything the container printed, in order, each chunk tagged stdout / stderr (or console for a TTY).
    pub chunks: Vec<LogOutput>,
}

impl RunOutput {
    /// Standard output (with a TTY: everything).
    pub fn stdout(&self) -> Vec<u8> {
        self.collect(|c| !c.is_stderr())
    }

    /// Standard error (empty with a TTY).
    pub fn stderr(&self) -> Vec<u8> {
        self.collect(LogOutput::is_stderr)
    }

    /// stdout and stderr interleaved as they arrived.
    pub fn output(&self) -> Vec<u8> {
        self.collect(|_| true)
    }

    /// Standard output as text (invalid UTF-8 replaced).
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout()).into_owned()
    }

    /// Standard error as text (invalid UTF-8 replaced).
    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr()).into_owned()
    }

    fn collect(&self, keep: impl Fn(&LogOutput) -> bool) -> Vec<u8> {
        crate::stream::frames::join_chunks(&self.chunks, keep)
    }
}

/// Builder of [`Containers::run`](super::Containers::run). Its setters are named after docker-py's keyword
/// arguments; await it to run in the foreground, or call [`detach`](Self::detach).
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Run {
    docker: Docker,
    spec: ContainerSpec,
    remove: bool,
    allow_failure: bool,
    pull: bool,
}

impl Run {
    pub(crate) fn new(docker: Docker, image: String) -> Self {
        Run {
            docker,
            spec: ContainerSpec::new(image),
            remove: false,
            allow_failure: false,
            pull: true,
        }
    }

    pub(crate) fn spec_mut(&mut self) -> &mut ContainerSpec {
        &mut self.spec
    }

    /// The container description built so far.
    pub fn spec(&self) -> &ContainerSpec {
        &self.spec
    }

    container_setters!(spec_mut);

    /// Removes the container after it exited (a detached run uses the daemon's `auto_remove`).
    pub fn remove(mut self, remove: bool) -> Self {
        self.remove = remove;
        self
    }

    /// Returns a non-zero exit as [`RunOutput::exit_code`] instead of [`Error::ContainerFailed`].
    pub fn allow_failure(mut self, allow: bool) -> Self {
        self.allow_failure = allow;
        self
    }

    /// Whether to pull the image when it is missing (default true).
    pub fn pull_missing(mut self, pull: bool) -> Self {
        self.pull = pull;
        self
    }

    /// Starts the container in the background and returns its handle instead of waiting for it.
    pub fn detach(mut self) -> DetachedRun {
        if self.remove {
            self.spec.host().auto_remove = Some(true);
        }
        DetachedRun { run: self }
    }

    /// Runs the container in the foreground and returns its output as a stream, as it is printed
    /// (docker-py's `run(stream=True)`). Like awaiting the builder, it attaches before it starts the
    /// container, so nothing is lost.
    ///
    /// After the last chunk the stream waits for the container to exit and removes it when
    /// [`remove(true)`](Self::remove) was set; then a non-zero exit comes as a last item,
    /// [`Error::ContainerFailed`] (unless [`allow_failure`](Self::allow_failure)), and
    /// [`RunStream::exit_code`] has the code. Dropping the stream earlier leaves the container running,
    /// or force-removes it in the background with `remove(true)`.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use futures_util::StreamExt;
    /// let mut run = docker
    ///     .containers()
    ///     .run("busybox")
    ///     .shell_command("for i in 1 2 3; do echo $i; sleep 1; done")
    ///     .remove(true)
    ///     .stream()
    ///     .await?;
    /// while let Some(chunk) = run.next().await {
    ///     print!("{}", chunk?); // a non-zero exit is the last item, as Error::ContainerFailed
    /// }
    /// assert_eq!(run.exit_code(), Some(0));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an invalid option; [`Error::ImageNotFound`] when the image is missing
    /// and cannot be pulled; [`Error::Api`] when the process cannot start (the container is removed again
    /// with `remove(true)`).
    pub async fn stream(self) -> Result<RunStream> {
        let Run {
            docker,
            spec,
            remove,
            allow_failure,
            pull,
        } = self;
        let api = docker.api();
        let auto_remove = spec
            .body
            .host_config
            .as_ref()
            .and_then(|h| h.auto_remove)
            .unwrap_or(false);
        let tty = spec.body.tty.unwrap_or(false);
        let id = create(&docker, &spec, pull).await?;
        let started = async {
            // Attach and register the wait before starting, so neither output nor the exit is missed.
            let attach_opts = ContainerAttachOptions::default()
                .stream(true)
                .stdout(true)
                .stderr(true)
                .tty(tty);
            let hijacked = api.container_attach(&id, &attach_opts).await?;
            // The exit code comes from a `next-exit` wait even when the daemon removes the container:
            // Podman answers a `removed` wait with status 0 whatever the exit code was. The `removed`
            // wait then only makes sure the container is gone when the run ends.
            let wait = api
                .container_wait_registered(
                    &id,
                    &ContainerWaitOptions::default().condition(WaitCondition::NextExit),
                )
                .await?;
            let removed = if auto_remove {
                let removed = ContainerWaitOptions::default().condition(WaitCondition::Removed);
                Some(api.container_wait_registered(&id, &removed).await?)
            } else {
                None
            };
            api.container_start(&id, &ContainerStartOptions::default())
                .await?;
            Ok::<_, Error>(RunState::Output {
                output: hijacked.into_output(),
                wait,
                removed,
            })
        }
        .await;
        match started {
            Ok(state) => Ok(RunStream {
                docker,
                id,
                state,
                remove: remove && !auto_remove,
                allow_failure,
                stderr_tail: Vec::new(),
                exit_code: None,
            }),
            Err(e) => {
                if remove && !auto_remove {
                    let opts = ContainerDeleteOptions::default().force(true);
                    let _ = api.container_delete(&id, &opts).await;
                }
                Err(e)
            }
        }
    }

    async fn run_foreground(self) -> Result<RunOutput> {
        let mut run = self.stream().await?;
        let mut chunks = Vec::new();
        while let Some(chunk) = run.next().await {
            chunks.push(chunk?);
        }
        Ok(RunOutput {
            container_id: run.id.clone(),
            exit_code: run.exit_code.unwrap_or(0),
            chunks,
        })
    }
}

enum RunState {
    /// Output is flowing; the exit (and, with auto-remove, the removal) waits are registered.
    Output {
        output: LogStream,
        wait: BoxFuture<Result<ContainerWaitResponse>>,
        removed: Option<BoxFuture<Result<ContainerWaitResponse>>>,
    },
    /// The output ended: waiting for the exit code and removing the container.
    Finishing(BoxFuture<Result<i64>>),
    Done,
}

/// The output of a foreground run as it is printed: a `Stream` of [`LogOutput`] chunks, from
/// [`Run::stream`]. After the output, a non-zero exit is one last item, [`Error::ContainerFailed`]
/// (unless the run allows failure); then [`exit_code`](Self::exit_code) has the code.
pub struct RunStream {
    docker: Docker,
    id: String,
    state: RunState,
    remove: bool,
    allow_failure: bool,
    stderr_tail: Vec<u8>,
    exit_code: Option<i64>,
}

impl RunStream {
    /// The container's ID.
    pub fn container_id(&self) -> &str {
        &self.id
    }

    /// The exit code, once the stream ended (`None` before, or when waiting for the exit failed).
    pub fn exit_code(&self) -> Option<i64> {
        self.exit_code
    }

    /// Waits for the exit code and removes the container when asked to.
    fn finish(
        &self,
        wait: BoxFuture<Result<ContainerWaitResponse>>,
        removed: Option<BoxFuture<Result<ContainerWaitResponse>>>,
    ) -> BoxFuture<Result<i64>> {
        let api = self.docker.api().clone();
        let id = self.id.clone();
        let remove = self.remove;
        Box::pin(async move {
            let result = async {
                let status = wait.await?;
                if let Some(removed) = removed {
                    removed.await?;
                }
                if let Some(message) = status
                    .error
                    .and_then(|e| e.message)
                    .filter(|m| !m.is_empty())
                {
                    return Err(Error::Api {
                        status: 500,
                        message,
                    });
                }
                Ok(status.status_code.unwrap_or(0))
            }
            .await;
            if remove {
                let opts = ContainerDeleteOptions::default().force(true);
                let removed = api.container_delete(&id, &opts).await;
                if let (Ok(_), Err(e)) = (&result, removed) {
                    if !e.is_not_found() {
                        return Err(e);
                    }
                }
            }
            result
        })
    }

    fn keep_stderr(&mut self, chunk: &LogOutput) {
        if chunk.is_stderr() {
            self.stderr_tail.extend_from_slice(chunk.as_bytes());
            if self.stderr_tail.len() > 2 * MAX_FAILED_STDERR {
                let cut = self.stderr_tail.len() - MAX_FAILED_STDERR;
                self.stderr_tail.drain(..cut);
            }
        }
    }
}

impl Stream for RunStream {
    type Item = Result<LogOutput>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                RunState::Output { output, .. } => match ready!(Pin::new(output).poll_next(cx)) {
                    Some(Ok(chunk)) => {
                        this.keep_stderr(&chunk);
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                    other => {
                        let RunState::Output { wait, removed, .. } =
                            std::mem::replace(&mut this.state, RunState::Done)
                        else {
                            unreachable!("the state was Output")
                        };
                        this.state = RunState::Finishing(this.finish(wait, removed));
                        if let Some(Err(e)) = other {
                            return Poll::Ready(Some(Err(e)));
                        }
                    }
                },
                RunState::Finishing(fut) => {
                    let result = ready!(fut.as_mut().poll(cx));
                    this.state = RunState::Done;
                    match result {
                        Ok(code) => {
                            this.exit_code = Some(code);
                            if code != 0 && !this.allow_failure {
                                let start =
                                    this.stderr_tail.len().saturating_sub(MAX_FAILED_STDERR);
                                return Poll::Ready(Some(Err(Error::ContainerFailed {
                                    container: this.id.clone(),
                                    exit_code: code,
                                    stderr: String::from_utf8_lossy(&this.stderr_tail[start..])
                                        .into_owned(),
                                })));
                            }
                        }
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    }
                }
                RunState::Done => return Poll::Ready(None),
            }
        }
    }
}

impl Drop for RunStream {
    fn drop(&mut self) {
        if self.remove && !matches!(self.state, RunState::Done) {
            // Dropped before the end: honour `remove(true)` in the background.
            let api = self.docker.api().clone();
            let id = std::mem::take(&mut self.id);
            api.io_handle().clone().spawn(async move {
                let opts = ContainerDeleteOptions::default().force(true);
                let _ = api.container_delete(&id, &opts).await;
            });
        }
    }
}

impl fmt::Debug for RunStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunStream")
            .field("container_id", &self.id)
            .field("exit_code", &self.exit_code)
            .finish_non_exhaustive()
    }
}

impl IntoFuture for Run {
    type Output = Result<RunOutput>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run_foreground())
    }
}

/// A [`Run`] in the background: await it to get the started [`Container`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct DetachedRun {
    run: Run,
}

impl IntoFuture for DetachedRun {
    type Output = Result<Container>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let Run {
                docker, spec, pull, ..
            } = self.run;
            let id = create(&docker, &spec, pull).await?;
            let api = docker.api();
            if let Err(e) = api
                .container_start(&id, &ContainerStartOptions::default())
                .await
            {
                // Don't leave a created-but-never-started container behind.
                let _ = api
                    .container_delete(&id, &ContainerDeleteOptions::default().force(true))
                    .await;
                return Err(e);
            }
            let attrs = api
                .container_inspect(&id, &ContainerInspectOptions::default())
                .await?;
            Ok(Container::from_inspect(docker, attrs))
        })
    }
}

/// Builder of [`Containers::create`](super::Containers::create): the same setters as [`Run`]; await it to get
/// the created (not started) [`Container`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct CreateContainer {
    docker: Docker,
    spec: ContainerSpec,
    pull: bool,
}

impl CreateContainer {
    pub(crate) fn new(docker: Docker, image: String) -> Self {
        CreateContainer {
            docker,
            spec: ContainerSpec::new(image),
            pull: true,
        }
    }

    pub(crate) fn spec_mut(&mut self) -> &mut ContainerSpec {
        &mut self.spec
    }

    /// The container description built so far.
    pub fn spec(&self) -> &ContainerSpec {
        &self.spec
    }

    container_setters!(spec_mut);

    /// Whether to pull the image when it is missing (default true).
    pub fn pull_missing(mut self, pull: bool) -> Self {
        self.pull = pull;
        self
    }

    /// The request this builder would send (for inspection or the low-level API).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for any invalid option.
    pub fn to_request(
        &self,
        version: crate::ApiVersion,
    ) -> Result<(ContainerCreateOptions, ContainerCreateBody)> {
        self.spec.to_request(version)
    }
}

impl IntoFuture for CreateContainer {
    type Output = Result<Container>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let id = create(&self.docker, &self.spec, self.pull).await?;
            let attrs = self
                .docker
                .api()
                .container_inspect(&id, &ContainerInspectOptions::default())
                .await?;
            Ok(Container::from_inspect(self.docker, attrs))
        })
    }
}

/// Creates the container, pulling the image once if the daemon does not have it. Returns the ID.
async fn create(docker: &Docker, spec: &ContainerSpec, pull: bool) -> Result<String> {
    let api = docker.api();
    let version = api.api_version().await?;
    let (opts, mut body) = spec.to_request(version)?;
    if !spec.no_config_proxy {
        apply_config_proxy(docker, &mut body);
    }
    let created = match api.container_create(&opts, &body).await {
        Err(Error::ImageNotFound { image, message }) if pull => {
            pull_for_run(docker, &image, opts.platform.as_deref(), message).await?;
            api.container_create(&opts, &body).await?
        }
        other => other?,
    };
    for warning in created.warnings.iter().flatten() {
        tracing::warn!(container = ?created.id, "{warning}");
    }
    created
        .id
        .ok_or_else(|| Error::Protocol("the daemon created a container without an ID".into()))
}

/// Pulls an image that `create` reported missing.
async fn pull_for_run(
    docker: &Docker,
    image: &str,
    platform: Option<&str>,
    message: String,
) -> Result<()> {
    crate::containers::run::pull_image(docker, image, platform)
        .await
        .map_err(|e| match e {
            Error::NotFound { .. } | Error::ImageNotFound { .. } => Error::ImageNotFound {
                image: image.to_string(),
                message: format!("{message}; pulling it failed too: {e}"),
            },
            other => other,
        })
}

/// The pull used by `run`/`create` for a missing image (`POST /images/create`), driven to the end so an
/// error reported inside the stream fails the run.
pub(crate) async fn pull_image(docker: &Docker, image: &str, platform: Option<&str>) -> Result<()> {
    crate::images::ensure_image(docker, image, platform).await
}

/// Adds config.json's proxy settings to the environment, without overriding variables the user set.
fn apply_config_proxy(docker: &Docker, body: &mut ContainerCreateBody) {
    let Some(proxy) = docker.proxy_config() else {
        return;
    };
    let user: Vec<String> = body.env.take().unwrap_or_default();
    body.env = Some(proxy.merge_env(user));
    if body.env.as_ref().is_some_and(Vec::is_empty) {
        body.env = None;
    }
}

#[allow(dead_code)]
fn _bytes(_: Bytes) {}
