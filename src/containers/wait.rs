//! Waiting for containers: the daemon's wait with a real deadline, and waits the daemon has no endpoint for
//! (healthy, a log line, exit).

use std::fmt;
use std::future::IntoFuture;
use std::sync::Arc;
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
                    // Docker leaves `Health` out without a check; Podman sends an empty status.
                    None | Some("none") | Some("") => {
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
            Err(self
                .ended_without(&format!("{:?}", String::from_utf8_lossy(needle)))
                .await)
        })
        .await
    }

    /// The error for a log stream that ended before the awaited output: the container stopped.
    async fn ended_without(&self, what: &str) -> Error {
        let attrs = match self
            .docker()
            .api()
            .container_inspect(self.id(), &ContainerInspectOptions::default())
            .await
        {
            Ok(a) => a,
            Err(e) => return e,
        };
        let code = attrs.state.and_then(|s| s.exit_code).unwrap_or(0);
        if code != 0 {
            return self.failed(code).await;
        }
        Error::Stream {
            message: format!(
                "container {} stopped (exit code 0) without printing {what}",
                self.short_id()
            ),
            code: None,
        }
    }

    /// Follows the logs until `times` lines were accepted; returns the last accepted line.
    async fn follow_matching(
        &self,
        predicate: &(dyn Fn(&str) -> bool + Send + Sync),
        times: usize,
    ) -> Result<String> {
        let opts = ContainerLogsOptions::default().follow(true);
        let opts = match self.tty() {
            Some(tty) => opts.tty(tty),
            None => opts,
        };
        let mut logs = self.docker().api().container_logs(self.id(), &opts).await?;
        let mut lines = [LineSplitter::default(), LineSplitter::default()];
        let mut seen = 0;
        let mut check = |line: &[u8]| -> Option<String> {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let text = String::from_utf8_lossy(line);
            if predicate(&text) {
                seen += 1;
                if seen >= times {
                    return Some(text.into_owned());
                }
            }
            None
        };
        while let Some(chunk) = logs.next().await {
            let chunk = chunk?;
            let splitter = &mut lines[usize::from(chunk.is_stderr())];
            if let Some(found) = splitter.push(chunk.as_bytes(), &mut check) {
                return Ok(found);
            }
        }
        // A last line without a line end still counts.
        for splitter in &mut lines {
            if let Some(found) = splitter.finish(&mut check) {
                return Ok(found);
            }
        }
        let what = if times == 1 {
            "a matching line".to_string()
        } else {
            format!("{times} matching lines (saw {seen})")
        };
        Err(self.ended_without(&what).await)
    }

    /// Waits until `predicate` accepts a line the container printed on stdout or stderr (its earlier output
    /// included), and returns that line. The predicate sees each line without its line end (`\n` or
    /// `\r\n`); plug in a regex, a parser or anything else. [`WaitForLog::times`] waits for the n-th
    /// accepted line instead of the first.
    ///
    /// ```no_run
    /// # async fn demo(c: docker_sdk::containers::Container) -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// // The second time the server reports it is ready (e.g. after an init restart):
    /// let line = c
    ///     .wait_for_log_matching(|l| l.contains("ready to accept connections"), Duration::from_secs(60))
    ///     .times(2)
    ///     .await?;
    /// println!("{line}");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors (when awaited)
    /// [`Error::Timeout`] after `timeout`; [`Error::ContainerFailed`] (or a clean exit reported as
    /// [`Error::Stream`]) when the container stops before enough lines matched; [`Error::InvalidArgument`]
    /// for `times(0)`.
    pub fn wait_for_log_matching<F>(&self, predicate: F, timeout: Duration) -> WaitForLog
    where
        F: Fn(&str) -> bool + Send + Sync + 'static,
    {
        WaitForLog {
            container: self.clone(),
            predicate: Arc::new(predicate),
            times: 1,
            timeout,
        }
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

/// Splits one output stream into lines across chunk boundaries.
#[derive(Default)]
struct LineSplitter {
    partial: Vec<u8>,
}

/// A line longer than this is checked as it is and not kept growing.
const MAX_LINE: usize = 1 << 20;

impl LineSplitter {
    /// Feeds a chunk; calls `check` on each complete line and stops at the first `Some`.
    fn push(
        &mut self,
        mut data: &[u8],
        check: &mut impl FnMut(&[u8]) -> Option<String>,
    ) -> Option<String> {
        while let Some(pos) = data.iter().position(|&b| b == b'\n') {
            let found = if self.partial.is_empty() {
                check(&data[..pos])
            } else {
                self.partial.extend_from_slice(&data[..pos]);
                let line = std::mem::take(&mut self.partial);
                check(&line)
            };
            data = &data[pos + 1..];
            if found.is_some() {
                return found;
            }
        }
        self.partial.extend_from_slice(data);
        if self.partial.len() > MAX_LINE {
            let line = std::mem::take(&mut self.partial);
            return check(&line);
        }
        None
    }

    /// Checks what is left after the stream ended.
    fn finish(&mut self, check: &mut impl FnMut(&[u8]) -> Option<String>) -> Option<String> {
        if self.partial.is_empty() {
            return None;
        }
        let line = std::mem::take(&mut self.partial);
        check(&line)
    }
}

/// Builder of [`Container::wait_for_log_matching`]: await it for the accepted line.
#[must_use = "does nothing until awaited"]
#[derive(Clone)]
pub struct WaitForLog {
    container: Container,
    predicate: Arc<dyn Fn(&str) -> bool + Send + Sync>,
    times: usize,
    timeout: Duration,
}

impl WaitForLog {
    /// Waits for the n-th accepted line instead of the first (lines printed before the wait started
    /// count too).
    pub fn times(mut self, n: usize) -> Self {
        self.times = n;
        self
    }
}

impl fmt::Debug for WaitForLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitForLog")
            .field("container", &self.container.id())
            .field("times", &self.times)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl IntoFuture for WaitForLog {
    type Output = Result<String>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            if self.times == 0 {
                return Err(Error::invalid(
                    "wait_for_log_matching: times(0) waits for nothing; use 1 or more",
                ));
            }
            let c = &self.container;
            let what = format!(
                "container {} to print a matching line{}",
                c.short_id(),
                if self.times > 1 {
                    format!(" {} times", self.times)
                } else {
                    String::new()
                }
            );
            deadline(
                self.timeout,
                &what,
                c.follow_matching(&*self.predicate, self.times),
            )
            .await
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(chunks: &[&[u8]], max: usize) -> (Vec<String>, Option<String>) {
        let mut all = Vec::new();
        let mut splitter = LineSplitter::default();
        let mut check = |line: &[u8]| {
            all.push(String::from_utf8_lossy(line).into_owned());
            (all.len() == max).then(|| all.last().unwrap().clone())
        };
        let mut found = None;
        for c in chunks {
            if let Some(f) = splitter.push(c, &mut check) {
                found = Some(f);
                break;
            }
        }
        if found.is_none() {
            found = splitter.finish(&mut check);
        }
        (all, found)
    }

    #[test]
    fn lines_are_split_across_chunks() {
        let (all, found) = lines_of(&[b"one\ntw", b"o\n", b"", b"thr", b"ee"], 10);
        assert_eq!(all, ["one", "two", "three"]);
        assert_eq!(found, None);
        let (all, found) = lines_of(&[b"a\nb\nc\n"], 2);
        assert_eq!(all, ["a", "b"]);
        assert_eq!(found.as_deref(), Some("b"));
    }
}
