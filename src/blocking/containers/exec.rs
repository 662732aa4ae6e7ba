//! Blocking `exec_run` and the [`Exec`] handle.

use std::future::IntoFuture;

use bytes::Bytes;

use super::{forward_setters, Container};
use crate::blocking::{Docker, Hijacked};
use crate::containers::ExecOutput;
use crate::error::Result;
use crate::models::ExecInspectResponse;
use crate::stream::LogOutput;

impl Container {
    /// Runs a command in the container; see [`crate::containers::Container::exec_run`].
    ///
    /// [`send`](ExecRun::send) returns the exit code and the whole output; [`stream`](ExecRun::stream)
    /// gives the output as an iterator (and the exit code afterwards), [`detach`](ExecRun::detach) leaves
    /// the command running, and [`start`](ExecRun::start) returns an interactive `Read + Write` connection.
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// let out = c.exec_run(["sh", "-c", "echo out; echo err >&2; exit 3"]).send()?;
    /// assert_eq!((out.exit_code, out.stdout_str(), out.stderr_str()), (3, "out\n".into(), "err\n".into()));
    ///
    /// let upper = c.exec_run(["tr", "a-z", "A-Z"]).stdin("hello").send()?;
    /// assert_eq!(upper.stdout_str(), "HELLO");
    ///
    /// let mut lines = c.exec_run(["sh", "-c", "for i in 1 2 3; do echo $i; sleep 1; done"]).stream()?;
    /// for chunk in &mut lines {
    ///     print!("{}", chunk?);
    /// }
    /// assert_eq!(lines.exit_code()?, 0);
    /// # Ok(()) }
    /// ```
    pub fn exec_run<I, S>(&self, command: I) -> ExecRun
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ExecRun {
            docker: self.docker().clone(),
            inner: self.as_async().exec_run(command),
        }
    }
}

/// Blocking builder of [`Container::exec_run`]; see [`crate::containers::ExecRun`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct ExecRun {
    docker: Docker,
    inner: crate::containers::ExecRun,
}

impl ExecRun {
    forward_setters! {
        "crate::containers::ExecRun";
        fn stdout(stdout: bool);
        fn stderr(stderr: bool);
        fn tty(tty: bool);
        fn privileged(privileged: bool);
        fn user(user: impl Into<String>);
        fn workdir(dir: impl Into<String>);
        fn env(key: impl Into<String>, value: impl Into<String>);
        fn detach_keys(keys: impl Into<String>);
        fn console_size(height: u32, width: u32);
        fn stdin(data: impl Into<Bytes>);
    }

    /// See [`crate::containers::ExecRun::environment`].
    pub fn environment<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.inner = self.inner.environment(vars);
        self
    }

    /// See [`crate::containers::ExecRun::environment_list`].
    pub fn environment_list<I, S>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.inner = self.inner.environment_list(vars);
        self
    }

    /// Runs the command to its end and returns its exit code and output (a non-zero exit is not an
    /// error here: look at [`ExecOutput::exit_code`]).
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not running; [`crate::Error::InvalidArgument`]
    /// for a bad environment variable.
    pub fn send(self) -> Result<ExecOutput> {
        self.docker.block_on(self.inner.into_future())?
    }

    /// Starts the command and returns its output as an iterator; [`ExecStream::exit_code`] gives the
    /// exit code once the iterator ended.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not running.
    pub fn stream(self) -> Result<ExecStream> {
        let inner = self.docker.block_on(self.inner.stream())??;
        Ok(ExecStream {
            exec: Exec::new(self.docker.clone(), inner.exec().clone()),
            docker: self.docker,
            inner,
        })
    }

    /// Starts the command in the background and returns its handle.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not running.
    pub fn detach(self) -> Result<Exec> {
        let inner = self.docker.block_on(self.inner.detach())??;
        Ok(Exec::new(self.docker, inner))
    }

    /// Starts the command with stdin attached and returns an interactive connection: `Read` gives its
    /// output, `Write` feeds its stdin, [`Hijacked::close_stdin`] sends end-of-file (without a TTY; with
    /// one, write `"\x04"` instead: see [the half-close table](crate::stream::Hijacked#half-close)).
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// use std::io::{Read, Write};
    /// let (exec, mut conn) = c.exec_run(["sort"]).start()?;
    /// conn.write_all(b"b\na\n")?;
    /// conn.close_stdin()?;
    /// let mut sorted = String::new();
    /// conn.read_to_string(&mut sorted)?;
    /// assert_eq!((sorted.as_str(), exec.exit_code()?), ("a\nb\n", Some(0)));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the container is not running.
    pub fn start(self) -> Result<(Exec, Hijacked)> {
        let (exec, conn) = self.docker.block_on(self.inner.start())??;
        Ok((
            Exec::new(self.docker.clone(), exec),
            Hijacked::new(self.docker.inner.clone(), conn),
        ))
    }
}

/// An exec instance, the blocking [`crate::containers::Exec`].
#[derive(Debug, Clone)]
pub struct Exec {
    docker: Docker,
    inner: crate::containers::Exec,
}

impl Exec {
    fn new(docker: Docker, inner: crate::containers::Exec) -> Self {
        Exec { docker, inner }
    }

    /// The exec's ID.
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// The async handle inside.
    pub fn as_async(&self) -> &crate::containers::Exec {
        &self.inner
    }

    /// Low-level information, including `ExitCode` once it ended.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the exec is gone (with its container).
    pub fn inspect(&self) -> Result<ExecInspectResponse> {
        self.docker.block_on(self.inner.inspect())?
    }

    /// Resizes the exec's TTY.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for a zero size.
    pub fn resize(&self, height: u32, width: u32) -> Result<()> {
        self.docker.block_on(self.inner.resize(height, width))?
    }

    /// The exit code once the process ended (waits briefly for the daemon to record it); `None` if it is
    /// still running.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the exec is gone.
    pub fn exit_code(&self) -> Result<Option<i64>> {
        self.docker.block_on(self.inner.exit_code())?
    }

    /// Waits until the process ended and returns its exit code; see [`crate::containers::Exec::wait`].
    ///
    /// # Errors
    /// [`crate::Error::Timeout`] when it is still running after `timeout`; [`crate::Error::NotFound`]
    /// when the exec is gone.
    pub fn wait(&self, timeout: std::time::Duration) -> Result<i64> {
        self.docker.block_on(self.inner.wait(timeout))?
    }
}

/// The output of [`ExecRun::stream`]: an iterator of [`LogOutput`] chunks, then the exit code.
#[derive(Debug)]
pub struct ExecStream {
    docker: Docker,
    exec: Exec,
    inner: crate::containers::ExecStream,
}

impl ExecStream {
    /// The exec instance.
    pub fn exec(&self) -> &Exec {
        &self.exec
    }

    /// The exit code: call it after the iterator ended. The process may still run then (it can close its
    /// output early), so this waits for it to exit, bounded by the client timeout.
    ///
    /// # Errors
    /// [`crate::Error::Timeout`] when it is still running at the client timeout;
    /// [`crate::Error::NotFound`] when the exec is gone.
    pub fn exit_code(&self) -> Result<i64> {
        self.docker.block_on(self.inner.exit_code())?
    }

    /// The async stream inside.
    pub fn into_async(self) -> crate::containers::ExecStream {
        self.inner
    }
}

impl Iterator for ExecStream {
    type Item = Result<LogOutput>;

    fn next(&mut self) -> Option<Result<LogOutput>> {
        use futures_util::StreamExt;
        match self.docker.block_on(self.inner.next()) {
            Ok(item) => item,
            Err(e) => Some(Err(e)),
        }
    }
}
