//! Waiting for containers: the daemon's wait with a real deadline, and waits the daemon has no endpoint for
//! (healthy, a log line, exit).

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use super::handle::Container;
use crate::api::{
    ContainerInspectOptions, ContainerLogsOptions, ContainerWaitOptions, WaitCondition,
};
use crate::error::{Error, Result};
use crate::system::BoxFuture;

/// How a container exited.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExitStatus {
    /// The exit code.
    pub code: i64,
    /// An error the daemon reported about the wait, if any.
    pub error: Option<String>,
}

impl ExitStatus {
    /// Whether the exit code is 0.
    pub fn success(&self) -> bool {
        self.code == 0
    }
}

/// How often the polling waits look at the container.
const POLL: Duration = Duration::from_millis(100);

impl Container {
    /// Waits for the container to stop (or another [`WaitCondition`]) and returns its exit status.
    ///
    /// ```no_run
    /// # async fn demo(c: docker_sdk::containers::Container) -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// let status = c.wait().timeout(Duration::from_secs(30)).await?;
    /// println!("exited with {}", status.code);
    /// # Ok(()) }
    /// ```
    pub fn wait(&self) -> Wait {
        Wait {
            container: self.clone(),
            opts: ContainerWaitOptions::default(),
            timeout: None,
        }
    }

    /// Waits until the container's health check reports `healthy`.
    ///
    /// # Errors
    /// [`Error::Timeout`] after `timeout`; [`Error::InvalidArgument`] when the container has no health
    /// check; [`Error::ContainerFailed`] when it stops first.
    pub async fn wait_for_healthy(&self, timeout: Duration) -> Result<()> {
        let what = format!("container {} to become healthy", self.short_id());
        deadline(timeout, &what, async {
            loop {
                let attrs = self
                    .docker()
                    .api()
                    .container_inspect(self.id(), &ContainerInspectOptions::default())
                    .await?;
                let state = attrs.state.unwrap_or_default();
                let health = state.health.and_then(|h| h.status).map(|s| s.to_string());
                match health.as_deref() {
                    Some("healthy") => return Ok(()),
                    None | Some("none") => {
                        return Err(Error::invalid(format!(
                            "container {} has no health check",
                            self.short_id()
                        )))
                    }
                    _ => {}
                }
                if state.running == Some(false) && state.restarting != Some(true) {
                    return Err(self.failed(state.exit_code.unwrap_or(-1)).await);
                }
                tokio::time::sleep(POLL).await;
            }
        })
        .await
    }

    /// Waits until the container prints `needle` on stdout or stderr (its earlier output included).
    ///
    /// # Errors
    /// [`Error::Timeout`] after `timeout`; [`Error::ContainerFailed`] (or a clean exit reported as
    /// [`Error::Stream`]) when the container stops without printing it.
    pub async fn wait_for_log(&self, needle: &str, timeout: Duration) -> Result<()> {
        if needle.is_empty() {
            return Err(Error::invalid(
                "wait_for_log: the text to wait for is empty",
            ));
        }
        let what = format!("container {} to print {needle:?}", self.short_id());
        deadline(timeout, &what, async {
            let opts = ContainerLogsOptions::default().follow(true);
            let opts = match self.tty() {
                Some(tty) => opts.tty(tty),
                None => opts,
            };
            let mut logs = self.docker().api().container_logs(self.id(), &opts).await?;
            // Keep the tail of what was seen so a match split across chunks is found.
            let (mut out_tail, mut err_tail) = (Vec::new(), Vec::new());
            let needle = needle.as_bytes();
            while let Some(chunk) = logs.next().await {
                let chunk = chunk?;
                let tail = if chunk.is_stderr() {
                    &mut err_tail
                } else {
                    &mut out_tail
                };
                tail.extend_from_slice(chunk.as_bytes());
                if tail.windows(needle.len()).any(|w| w == needle) {
                    return Ok(());
                }
                let keep = needle.len().saturating_sub(1);
                if tail.len() > keep {
                    tail.drain(..tail.len() - keep);
                }
            }
            let attrs = self
                .docker()
                .api()
                .container_inspect(self.id(), &ContainerInspectOptions::default())
                .await?;
            let code = attrs.state.and_then(|s| s.exit_code).unwrap_or(0);
            if code != 0 {
                return Err(self.failed(code).await);
            }
            Err(Error::Stream {
                message: format!(
                    "container {} exited (code 0) without printing {:?}",
                    self.short_id(),
                    String::from_utf8_lossy(needle)
                ),
                code: None,
            })
        })
        .await
    }

    /// Waits for the container to exit and returns its exit code (0 or not: no error for a failure).
    ///
    /// # Errors
    /// [`Error::Timeout`] after `timeout`.
    pub async fn wait_for_exit(&self, timeout: Duration) -> Result<i64> {
        Ok(self.wait().timeout(timeout).await?.code)
    }

    async fn failed(&self, exit_code: i64) -> Error {
        let opts = ContainerLogsOptions::default().stdout(false).tail(100);
        let stderr = match self.docker().api().container_logs(self.id(), &opts).await {
            Ok(logs) => logs.collect_interleaved().await.unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        Error::ContainerFailed {
            container: self.id().to_string(),
            exit_code,
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }
}

async fn deadline<T>(
    timeout: Duration,
    what: &str,
    fut: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    let started = Instant::now();
    tokio::time::timeout(timeout, fut)
        .await
        .unwrap_or_else(|_| {
            Err(Error::Timeout {
                what: what.to_string(),
                after: started.elapsed(),
            })
        })
}

/// Builder of [`Container::wait`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Wait {
    container: Container,
    opts: ContainerWaitOptions,
    timeout: Option<Duration>,
}

impl Wait {
    /// What to wait for (default: not running).
    pub fn condition(mut self, condition: WaitCondition) -> Self {
        self.opts.condition = Some(condition);
        self
    }

    /// Gives up after this long with [`Error::Timeout`] (the connection is closed, nothing hangs).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

impl IntoFuture for Wait {
    type Output = Result<ExitStatus>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let c = &self.container;
            let wait = async {
                let r = c.docker().api().container_wait(c.id(), &self.opts).await?;
                Ok(ExitStatus {
                    code: r.status_code.unwrap_or(0),
                    error: r.error.and_then(|e| e.message).filter(|m| !m.is_empty()),
                })
            };
            match self.timeout {
                Some(t) => {
                    let condition = self
                        .opts
                        .condition
                        .unwrap_or(WaitCondition::NotRunning)
                        .as_str();
                    deadline(
                        t,
                        &format!("container {} ({condition})", c.short_id()),
                        wait,
                    )
                    .await
                }
                None => wait.await,
            }
        })
    }
}
