//! `ssh://` hosts, the way the Docker CLI reaches them: run the user's own `ssh` (so `~/.ssh/config`,
//! agents, jump hosts and known hosts all apply) with `docker system dial-stdio` on the remote side, and
//! speak HTTP over the process's stdin and stdout — one process per connection.
//!
//! # How many ssh processes
//!
//! Two sshd limits could refuse our connections:
//!
//! - `MaxSessions` (default 10) limits the sessions multiplexed on *one* ssh connection. That only
//!   happens with `ControlMaster` in the user's ssh configuration, where every `ssh` process is a
//!   session of one shared master connection. Without it, each of our processes is a connection of its
//!   own carrying a single session, and `MaxSessions` never applies. (With `ControlMaster`, more than
//!   `MaxSessions` concurrent requests, streams included, fail with ssh's "administratively prohibited"
//!   message: raise `MaxSessions` or drop `ControlMaster` for that host.)
//! - `MaxStartups` (default `10:30:100`) limits the connections that are not yet authenticated: past
//!   10, sshd drops new ones at random. This is the limit a burst of our processes meets, so at most
//!   [`MAX_SSH_CONNECTIONS`] (8) processes of one client are *starting* at once; the others wait for a
//!   slot, and a process counts as starting until the daemon's first bytes come back through it.
//!
//! Live connections are not capped: once authenticated, a connection no longer counts for
//! `MaxStartups`, and a cap would let long-lived streams (logs or events followed, attach, exec) starve
//! every other call. Idle pooled connections are capped at [`MAX_SSH_CONNECTIONS`] too (fewer if the
//! builder asks), so the processes of a burst do not linger. Every process ends with its connection:
//! when the pool drops it, when a hijacked (attach / exec) connection is finished, and when the client
//! goes away.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::process::{ChildStdin, ChildStdout, Command};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

use super::{Conn, Dial};
use crate::error::Error;

/// At most this many ssh connections of a client may be starting at once (spawned, not yet answering):
/// below the 10 unauthenticated connections sshd's default `MaxStartups` accepts for sure, so a burst of
/// requests queues here instead of being dropped by the server. Also the cap on idle pooled ssh
/// connections. Live connections are not capped (see the module documentation).
pub(crate) const MAX_SSH_CONNECTIONS: usize = 8;

/// How much of ssh's stderr is kept for error messages.
const STDERR_LIMIT: usize = 16 * 1024;

/// ssh failed; its stderr says why. Carried inside an `io::Error` through hyper and turned into
/// [`Error::Ssh`] by the request core.
#[derive(Debug)]
pub(crate) struct SshFailure(pub(crate) String);

impl fmt::Display for SshFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SshFailure {}

pub(crate) struct SshDialer {
    args: Vec<String>,
    label: String,
    limit: Arc<Semaphore>,
}

impl SshDialer {
    pub(crate) fn new(
        user: Option<&str>,
        host: &str,
        port: Option<u16>,
        socket: Option<&str>,
        label: String,
    ) -> Self {
        SshDialer {
            args: ssh_args(user, host, port, socket),
            label,
            limit: Arc::new(Semaphore::new(MAX_SSH_CONNECTIONS)),
        }
    }
}

/// The argument list of `ssh`, as the Docker CLI builds it.
pub(crate) fn ssh_args(
    user: Option<&str>,
    host: &str,
    port: Option<u16>,
    socket: Option<&str>,
) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(u) = user {
        args.extend(["-l".to_string(), u.to_string()]);
    }
    if let Some(p) = port {
        args.extend(["-p".to_string(), p.to_string()]);
    }
    args.extend([
        "-o".to_string(),
        "ConnectTimeout=30".to_string(),
        "-T".to_string(),
        "--".to_string(),
    ]);
    args.push(host.to_string());
    args.push("docker".to_string());
    if let Some(s) = socket {
        // One shell word for the remote shell; the path cannot contain a quote (checked by the caller).
        args.push(format!("'--host=unix://{s}'"));
    }
    args.extend(["system".to_string(), "dial-stdio".to_string()]);
    args
}

impl Dial for SshDialer {
    fn dial(&self) -> Pin<Box<dyn Future<Output = Result<Conn, Error>> + Send>> {
        let args = self.args.clone();
        let label = self.label.clone();
        let limit = self.limit.clone();
        Box::pin(async move {
            let permit = limit.acquire_owned().await.map_err(|_| Error::Ssh {
                message: "the client is shutting down".into(),
            })?;
            SshStream::spawn("ssh", &args, permit)
                .map(Conn::new)
                .map_err(|source| match source.kind() {
                    io::ErrorKind::NotFound => Error::Ssh {
                        message: format!(
                            "cannot reach {label}: the `ssh` program was not found on PATH"
                        ),
                    },
                    _ => Error::Connect {
                        host: label,
                        source,
                    },
                })
        })
    }
}

/// One `ssh … docker system dial-stdio` process, as a duplex byte stream.
struct SshStream {
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    stderr: Arc<Mutex<Vec<u8>>>,
    exit: Option<oneshot::Receiver<io::Result<ExitStatus>>>,
    /// Dropping it kills the process (if still running) and lets the waiter reap it.
    _kill: oneshot::Sender<()>,
    /// Held until the first bytes arrive, i.e. while ssh is still connecting and authenticating.
    starting: Option<OwnedSemaphorePermit>,
}

impl SshStream {
    fn spawn(
        program: &str,
        args: &[String],
        permit: OwnedSemaphorePermit,
    ) -> io::Result<SshStream> {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        #[cfg(unix)]
        {
            // A session of its own (no controlling terminal: ssh never prompts; ProxyCommand works), and on
            // Linux killed with us if we die.
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                cmd.pre_exec(|| {
                    libc::setsid();
                    #[cfg(target_os = "linux")]
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
        }
        let mut child = cmd.spawn()?;
        let stdin = child.stdin.take();
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("ssh has no stdout"))?;
        let mut stderr_pipe = child
            .stderr
            .take()
            .ok_or_else(|| io::Error::other("ssh has no stderr"))?;
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let collected = stderr.clone();
        let (kill_tx, kill_rx) = oneshot::channel::<()>();
        let (exit_tx, exit_rx) = oneshot::channel();
        let stderr_reader = tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            loop {
                match stderr_pipe.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut all = collected.lock().unwrap_or_else(|p| p.into_inner());
                        if all.len() < STDERR_LIMIT {
                            all.extend_from_slice(&buf[..n]);
                        }
                    }
                }
            }
        });
        tokio::spawn(async move {
            let mut kill_rx = kill_rx;
            let (status, dropped) = tokio::select! {
                status = child.wait() => (status, false),
                _ = &mut kill_rx => {
                    let _ = child.start_kill();
                    (child.wait().await, true)
                }
            };
            // The exit is reported only once ssh's stderr has been read to its end (it ends with ssh, which
            // also stops a ProxyCommand it started), so that the error carries ssh's whole complaint. Nobody
            // reads it once the stream was dropped.
            if !dropped {
                tokio::select! {
                    _ = stderr_reader => {}
                    _ = &mut kill_rx => {}
                }
            }
            let _ = exit_tx.send(status);
        });
        Ok(SshStream {
            stdin,
            stdout,
            stderr,
            exit: Some(exit_rx),
            _kill: kill_tx,
            starting: Some(permit),
        })
    }

    fn stderr_text(&self) -> String {
        let bytes = self.stderr.lock().unwrap_or_else(|p| p.into_inner());
        String::from_utf8_lossy(&bytes).trim().to_string()
    }

    /// Waits for ssh to exit (and its stderr to be read), then turns its end into an error, or into `Ok`
    /// when it exited with 0. Once the exit was taken, the error says only what stderr held.
    fn poll_exit(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some(exit) = self.exit.as_mut() else {
            return Poll::Ready(Err(self.failure(None)));
        };
        let status = ready!(Pin::new(exit).poll(cx));
        self.exit = None;
        Poll::Ready(match status {
            Ok(Ok(s)) if s.success() => Ok(()),
            Ok(Ok(s)) => Err(self.failure(Some(&s))),
            _ => Err(self.failure(None)),
        })
    }

    fn failure(&self, status: Option<&ExitStatus>) -> io::Error {
        let stderr = self.stderr_text();
        let message = match (stderr.is_empty(), status) {
            (false, _) => stderr,
            (true, Some(s)) => format!("ssh exited with {s} without a message"),
            (true, None) => "ssh closed the connection without a message".to_string(),
        };
        io::Error::other(SshFailure(message))
    }
}

impl AsyncRead for SshStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.stdout).poll_read(cx, buf))?;
        if buf.filled().len() > before {
            self.starting = None;
            return Poll::Ready(Ok(()));
        }
        // End of output: a clean end if ssh exited with 0, else ssh's complaint.
        if self.exit.is_none() {
            return Poll::Ready(Ok(()));
        }
        self.poll_exit(cx)
    }
}

impl AsyncWrite for SshStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.stdin.as_mut() {
            Some(stdin) => match ready!(Pin::new(stdin).poll_write(cx, data)) {
                // ssh is gone or going: report why, once it has said so.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => match ready!(self.poll_exit(cx))
                {
                    Ok(()) => Poll::Ready(Err(e)),
                    Err(failure) => Poll::Ready(Err(failure)),
                },
                other => Poll::Ready(other),
            },
            None => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "stdin of ssh already closed",
            ))),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.stdin.as_mut() {
            Some(stdin) => Pin::new(stdin).poll_flush(cx),
            None => Poll::Ready(Ok(())),
        }
    }

    /// Half-close: closes ssh's stdin; the remote dial-stdio passes the end-of-file on to the daemon.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(stdin) = self.stdin.as_mut() {
            ready!(Pin::new(stdin).poll_flush(cx))?;
        }
        self.stdin = None;
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_cli_command_line() {
        assert_eq!(
            ssh_args(Some("me"), "box", Some(2222), None),
            [
                "-l",
                "me",
                "-p",
                "2222",
                "-o",
                "ConnectTimeout=30",
                "-T",
                "--",
                "box",
                "docker",
                "system",
                "dial-stdio"
            ]
        );
        assert_eq!(
            ssh_args(None, "box", None, Some("/run/user/1000/docker.sock")),
            [
                "-o",
                "ConnectTimeout=30",
                "-T",
                "--",
                "box",
                "docker",
                "'--host=unix:///run/user/1000/docker.sock'",
                "system",
                "dial-stdio"
            ]
        );
    }

    /// The error of a failed ssh holds all it wrote to stderr, however late that was read: its exit is
    /// reported only once stderr was read to its end. The stand-in for ssh exits at once with 127, and leaves
    /// behind a process (as a ProxyCommand could) that writes the complaint to the same stderr a moment later.
    #[tokio::test]
    async fn failure_waits_for_the_whole_stderr() {
        use tokio::io::AsyncReadExt as _;
        let script = "(sleep 0.3; echo 'the late complaint' >&2) >/dev/null & exit 127";
        let permit = Arc::new(Semaphore::new(1)).acquire_owned().await.unwrap();
        let mut stream =
            SshStream::spawn("sh", &["-c".to_string(), script.to_string()], permit).unwrap();
        let mut out = Vec::new();
        let err = stream.read_to_end(&mut out).await.unwrap_err();
        assert_eq!(err.to_string(), "the late complaint");
    }
}
