//! Running commands inside a running container: `exec_run` and the [`Exec`] handle.

use std::future::IntoFuture;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;

use super::handle::Container;
use crate::error::{Error, Result};
use crate::models::{ContainerExecBody, ExecInspectResponse, ExecStartBody};
use crate::stream::{Hijacked, LogOutput, LogStream};
use crate::system::BoxFuture;
use crate::utils::env::check_env_entry;
use crate::Docker;

/// The result of [`Container::exec_run`]: exit code and output.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExecOutput {
    /// The process's exit code.
    pub exit_code: i64,
    /// Everything it printed, in order, tagged stdout / stderr (console for a TTY).
    pub chunks: Vec<LogOutput>,
}

impl ExecOutput {
    /// Standard output (with a TTY: everything).
    pub fn stdout(&self) -> Vec<u8> {
        self.collect(|c| !c.is_stderr())
    }

    /// Standard error (empty with a TTY).
    pub fn stderr(&self) -> Vec<u8> {
        self.collect(LogOutput::is_stderr)
    }

    /// Both, interleaved as they arrived.
    pub fn output(&self) -> Vec<u8> {
        self.collect(|_| true)
    }

    /// Standard output as text.
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout()).into_owned()
    }

    /// Standard error as text.
    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr()).into_owned()
    }

    /// Whether the exit code is 0.
    pub fn success(&self) -> bool {
        self.exit_code == 0
    }

    fn collect(&self, keep: impl Fn(&LogOutput) -> bool) -> Vec<u8> {
        crate::stream::frames::join_chunks(&self.chunks, keep)
    }
}

impl Container {
    /// Runs a command in the container.
    ///
    /// Await the builder for the exit code and the whole output; or call [`ExecRun::stream`] for the
    /// output as it comes (and the exit code afterwards), [`ExecRun::detach`] to leave it running, or
    /// [`ExecRun::start`] for an interactive duplex connection.
    ///
    /// ```no_run
    /// # async fn demo(c: docker_sdk::containers::Container) -> docker_sdk::Result<()> {
    /// let out = c.exec_run(["sh", "-c", "echo out; echo err >&2; exit 3"]).await?;
    /// assert_eq!((out.exit_code, out.stdout_str(), out.stderr_str()), (3, "out\n".into(), "err\n".into()));
    /// let upper = c.exec_run(["tr", "a-z", "A-Z"]).stdin("hello").await?;
    /// assert_eq!(upper.stdout_str(), "HELLO");
    /// # Ok(()) }
    /// ```
    pub fn exec_run<I, S>(&self, command: I) -> ExecRun
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ExecRun {
            container: self.clone(),
            body: ContainerExecBody {
                cmd: Some(command.into_iter().map(Into::into).collect()),
                attach_stdout: Some(true),
                attach_stderr: Some(true),
                ..Default::default()
            },
            stdin: None,
            env_error: None,
        }
    }
}

/// Builder of [`Container::exec_run`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ExecRun {
    container: Container,
    body: ContainerExecBody,
    stdin: Option<Bytes>,
    env_error: Option<String>,
}

impl ExecRun {
    /// Attach stdout (default true).
    pub fn stdout(mut self, stdout: bool) -> Self {
        self.body.attach_stdout = Some(stdout);
        self
    }

    /// Attach stderr (default true).
    pub fn stderr(mut self, stderr: bool) -> Self {
        self.body.attach_stderr = Some(stderr);
        self
    }

    /// Allocate a TTY (output is then one raw stream).
    pub fn tty(mut self, tty: bool) -> Self {
        self.body.tty = Some(tty);
        self
    }

    /// Run with extended privileges.
    pub fn privileged(mut self, privileged: bool) -> Self {
        self.body.privileged = Some(privileged);
        self
    }

    /// Run as this user (`name`, `uid`, `uid:gid`).
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.body.user = Some(user.into());
        self
    }

    /// The working directory.
    pub fn workdir(mut self, dir: impl Into<String>) -> Self {
        self.body.working_dir = Some(dir.into());
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        if key.is_empty() || key.contains('=') {
            self.env_error = Some(format!(
                "environment variable name {key:?} is empty or contains '='"
            ));
        }
        self.body
            .env
            .get_or_insert_with(Vec::new)
            .push(format!("{key}={}", value.into()));
        self
    }

    /// Sets environment variables from pairs.
    pub fn environment<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        for (k, v) in vars {
            self = self.env(k, v);
        }
        self
    }

    /// Sets environment variables from `KEY=VALUE` strings (docker-py's list form).
    pub fn environment_list<I, S>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for entry in vars {
            let entry = entry.into();
            if let Err(Error::InvalidArgument(message)) = check_env_entry(&entry) {
                self.env_error = Some(message);
            }
            self.body.env.get_or_insert_with(Vec::new).push(entry);
        }
        self
    }

    /// The key sequence that detaches from a TTY exec.
    pub fn detach_keys(mut self, keys: impl Into<String>) -> Self {
        self.body.detach_keys = Some(keys.into());
        self
    }

    /// The initial TTY size (API 1.42+).
    pub fn console_size(mut self, height: u32, width: u32) -> Self {
        self.body.console_size = Some(vec![i64::from(height), i64::from(width)]);
        self
    }

    /// Feeds these bytes to the process's stdin, then closes it (the process sees end-of-file).
    ///
    /// Not with [`tty(true)`](Self::tty): closing stdin of a TTY exec makes the daemon end the whole
    /// session, so the output after it and the exit code would be lost; awaiting or streaming such a
    /// builder fails with [`Error::InvalidArgument`]. For a TTY, use [`start`](Self::start), write the
    /// input followed by `"\x04"` (Ctrl-D: end-of-file for a terminal in canonical mode) and read the output
    /// until it ends.
    pub fn stdin(mut self, data: impl Into<Bytes>) -> Self {
        self.stdin = Some(data.into());
        self.body.attach_stdin = Some(true);
        self
    }

    /// Refuses stdin data with a TTY (see [`stdin`](Self::stdin)).
    fn check_stdin_without_tty(&self) -> Result<()> {
        if self.stdin.is_some() && self.body.tty == Some(true) {
            return Err(Error::invalid(
                "exec_run: `stdin` data cannot be combined with `tty(true)`: with a TTY the daemon ends the \
                 exec session when stdin is closed, losing later output and the exit code. Use \
                 `ExecRun::start()` and write the input followed by \"\\x04\" (Ctrl-D) yourself, or drop \
                 `tty(true)`",
            ));
        }
        Ok(())
    }

    async fn create(&self) -> Result<Exec> {
        if let Some(e) = &self.env_error {
            return Err(Error::invalid(e.clone()));
        }
        let created = self
            .container
            .docker()
            .api()
            .container_exec(self.container.id(), &self.body)
            .await?;
        let id = created
            .id
            .ok_or_else(|| Error::Protocol("the daemon created an exec without an ID".into()))?;
        Ok(Exec {
            docker: self.container.docker().clone(),
            id,
            tty: self.body.tty.unwrap_or(false),
        })
    }

    /// Starts the command and returns its output as a stream; the exit code is available from
    /// [`ExecStream::exit_code`] once the stream ended.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the container is not running; [`Error::InvalidArgument`] for
    /// [`stdin`](Self::stdin) data with a TTY.
    pub async fn stream(self) -> Result<ExecStream> {
        self.check_stdin_without_tty()?;
        let stdin = self.stdin.clone();
        let exec = self.create().await?;
        let hijacked = exec.start_attached().await?;
        let (output, mut writer) = hijacked.split();
        if let Some(data) = stdin {
            // Feed stdin from a task so a process that writes before it reads cannot deadlock us.
            tokio::spawn(async move {
                if writer.write_stdin(&data).await.is_ok() {
                    let _ = writer.close_stdin().await;
                }
            });
        }
        Ok(ExecStream { exec, output })
    }

    /// Starts the command in the background and returns its handle.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the container is not running.
    pub async fn detach(self) -> Result<Exec> {
        let exec = self.create().await?;
        let body = ExecStartBody {
            detach: Some(true),
            tty: Some(exec.tty),
            console_size: None,
        };
        exec.docker.api().exec_start(&exec.id, &body).await?;
        Ok(exec)
    }

    /// Starts the command with an interactive duplex connection (stdin is attached). Without a TTY,
    /// [`Hijacked::close_stdin`] gives the process end-of-file and its output keeps flowing; with a TTY
    /// write `"\x04"` (Ctrl-D) instead, see [the half-close table](Hijacked#half-close).
    ///
    /// # Errors
    /// [`Error::Conflict`] when the container is not running.
    pub async fn start(mut self) -> Result<(Exec, Hijacked)> {
        self.body.attach_stdin = Some(true);
        let exec = self.create().await?;
        let hijacked = exec.start_attached().await?;
        Ok((exec, hijacked))
    }
}

impl IntoFuture for ExecRun {
    type Output = Result<ExecOutput>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.check_stdin_without_tty()?;
            let stdin = self.stdin.clone();
            let exec = self.create().await?;
            let hijacked = exec.start_attached().await?;
            let (mut output, mut writer) = hijacked.split();
            let feed = async {
                if let Some(data) = stdin {
                    writer.write_stdin(&data).await?;
                    writer.close_stdin().await?;
                }
                Ok::<_, Error>(())
            };
            let read = async {
                let mut chunks = Vec::new();
                while let Some(chunk) = output.next().await {
                    chunks.push(chunk?);
                }
                Ok::<_, Error>(chunks)
            };
            let (fed, chunks) = futures_util::future::join(feed, read).await;
            let chunks = chunks?;
            // A process may exit without reading its stdin: that write failing is not an error.
            drop(fed);
            // The output ends when the process closed its stdout and stderr, which may be before it exits.
            let exit_code = exec.wait_client_timeout().await?;
            Ok(ExecOutput { exit_code, chunks })
        })
    }
}

/// An exec instance.
#[derive(Debug, Clone)]
pub struct Exec {
    docker: Docker,
    id: String,
    tty: bool,
}

impl Exec {
    /// The exec's ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Low-level information, including `ExitCode` once it ended.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the exec is gone (with its container).
    pub async fn inspect(&self) -> Result<ExecInspectResponse> {
        self.docker.api().exec_inspect(&self.id).await
    }

    /// Resizes the exec's TTY.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a zero size.
    pub async fn resize(&self, height: u32, width: u32) -> Result<()> {
        self.docker.api().exec_resize(&self.id, height, width).await
    }

    /// The exit code once the process ended: waits (about a second) for the daemon to record it; `None` if
    /// it is still running after that. To wait for a process that may run on, use [`wait`](Self::wait).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the exec is gone.
    pub async fn exit_code(&self) -> Result<Option<i64>> {
        for _ in 0..50 {
            let info = self.inspect().await?;
            if info.running != Some(true) {
                return Ok(info.exit_code);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(None)
    }

    /// Waits until the process ended and returns its exit code, inspecting the exec with a short backoff.
    /// Useful after its output ended: a process can close stdout and stderr and keep running.
    ///
    /// # Errors
    /// [`Error::Timeout`] when it is still running after `timeout`; [`Error::NotFound`] when the exec is
    /// gone; [`Error::Protocol`] when the daemon reports it ended without an exit code.
    pub async fn wait(&self, timeout: Duration) -> Result<i64> {
        self.wait_until(Some(timeout)).await
    }

    /// [`wait`](Self::wait) bounded by the client timeout (unbounded without one).
    pub(crate) async fn wait_client_timeout(&self) -> Result<i64> {
        self.wait_until(self.docker.api().timeout()).await
    }

    async fn wait_until(&self, timeout: Option<Duration>) -> Result<i64> {
        let started = tokio::time::Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            let info = self.inspect().await?;
            if info.running != Some(true) {
                return info.exit_code.ok_or_else(|| {
                    Error::Protocol(format!(
                        "exec {} is no longer running but the daemon reports no exit code",
                        self.id
                    ))
                });
            }
            let elapsed = started.elapsed();
            if let Some(limit) = timeout {
                if elapsed >= limit {
                    return Err(Error::Timeout {
                        what: format!("exec {} to exit (it is still running)", self.id),
                        after: limit,
                    });
                }
                pause = pause.min(limit - elapsed);
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(250));
        }
    }

    async fn start_attached(&self) -> Result<Hijacked> {
        let body = ExecStartBody {
            detach: Some(false),
            tty: Some(self.tty),
            console_size: None,
        };
        self.docker
            .api()
            .exec_start(&self.id, &body)
            .await?
            .ok_or_else(|| Error::Protocol("exec start returned no stream".into()))
    }
}

/// The output of a streamed [`ExecRun`]: a `Stream` of [`LogOutput`] chunks, then the exit code.
#[derive(Debug)]
pub struct ExecStream {
    exec: Exec,
    output: LogStream,
}

impl ExecStream {
    /// The exec instance.
    pub fn exec(&self) -> &Exec {
        &self.exec
    }

    /// The exit code: call it after the stream ended. The process may still run then (it can close its
    /// output early), so this waits for it to exit, bounded by the client timeout.
    ///
    /// # Errors
    /// [`Error::Timeout`] when it is still running at the client timeout; [`Error::NotFound`] when the
    /// exec is gone.
    pub async fn exit_code(&self) -> Result<i64> {
        self.exec.wait_client_timeout().await
    }
}

impl Stream for ExecStream {
    type Item = Result<LogOutput>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.output).poll_next(cx)
    }
}
