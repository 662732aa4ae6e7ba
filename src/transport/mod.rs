//! How bytes reach the daemon.
//!
//! Each transport (`unix`, `tcp`, and later TLS, SSH and named pipes) only has to open a duplex byte stream
//! (a [`Conn`]); the crate's connection pool turns those into HTTP/1.1 connections, driven by the tasks
//! that use them. There is one pool per tokio runtime, so one client keeps working when it is used from
//! several tokio runtimes in turn.

mod host;
#[cfg(windows)]
mod npipe;
pub(crate) mod pool;
pub(crate) mod runtime;
#[cfg(unix)]
mod ssh;
mod tcp;
#[cfg(test)]
pub(crate) mod test_server;
pub(crate) mod tls;
pub(crate) mod unix;

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub use host::{DaemonHost, DEFAULT_NAMED_PIPE, DEFAULT_UNIX_SOCKET};
#[cfg(unix)]
pub(crate) use ssh::{SshFailure, MAX_SSH_CONNECTIONS};
pub(crate) use tls::explain_tls_io;
pub use tls::TlsConfig;

use crate::error::Error;

/// A duplex byte stream to the daemon, as every transport provides it.
pub(crate) trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

/// One open connection to the daemon, whatever the transport.
pub struct Conn {
    io: Box<dyn Io>,
}

impl Conn {
    pub(crate) fn new(io: impl Io) -> Self {
        Conn { io: Box::new(io) }
    }
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Conn")
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.io).poll_flush(cx)
    }

    /// Closes the write side only (half-close): the daemon sees EOF on stdin and keeps sending output.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.io).poll_shutdown(cx)
    }
}

/// Opens connections to one daemon. Implemented once per transport.
pub(crate) trait Dial: Send + Sync + 'static {
    /// Opens one new connection. Runs on the client's I/O runtime.
    fn dial(&self) -> Pin<Box<dyn Future<Output = Result<Conn, Error>> + Send>>;
}

/// Builds the dialer for an address; `tls` applies to `tcp://` addresses.
/// A dialer that gives up after `timeout`: a host that never answers (a dropped SYN, an ssh that hangs
/// before its tunnel is up) is an [`Error::Connect`] naming the address, not a call stuck until the system
/// gives up. The deadline runs on the client's own I/O runtime, so it works in runtimes without timers.
pub(crate) struct TimedDialer {
    inner: Arc<dyn Dial>,
    timeout: std::time::Duration,
    clock: tokio::runtime::Handle,
    label: String,
}

impl TimedDialer {
    pub(crate) fn new(
        inner: Arc<dyn Dial>,
        timeout: std::time::Duration,
        clock: tokio::runtime::Handle,
        label: String,
    ) -> TimedDialer {
        TimedDialer {
            inner,
            timeout,
            clock,
            label,
        }
    }
}

impl Dial for TimedDialer {
    fn dial(&self) -> Pin<Box<dyn Future<Output = Result<Conn, Error>> + Send>> {
        let dial = self.inner.dial();
        let sleep = {
            let _clock = self.clock.enter();
            tokio::time::sleep(self.timeout)
        };
        let (timeout, host) = (self.timeout, self.label.clone());
        Box::pin(async move {
            tokio::select! {
                conn = dial => conn,
                () = sleep => Err(Error::Connect {
                    host,
                    source: io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!("no connection within {timeout:?} (the connect timeout)"),
                    ),
                }),
            }
        })
    }
}

pub(crate) fn dialer_for(
    host: &DaemonHost,
    tls: Option<&TlsConfig>,
) -> Result<Arc<dyn Dial>, Error> {
    let label = host.to_string();
    match host {
        DaemonHost::Unix(path) => Ok(Arc::new(unix::UnixDialer::new(path.clone(), label))),
        DaemonHost::Tcp {
            host: h,
            port,
            tls: wants_tls,
        } => match (tls, wants_tls) {
            (Some(config), _) => Ok(Arc::new(tls::TlsDialer::new(
                h.clone(),
                *port,
                label,
                config,
            )?)),
            (None, true) => Ok(Arc::new(tls::TlsDialer::new(
                h.clone(),
                *port,
                label,
                &TlsConfig::new(),
            )?)),
            (None, false) => Ok(Arc::new(tcp::TcpDialer::new(h.clone(), *port, label))),
        },
        #[cfg(unix)]
        DaemonHost::Ssh {
            user,
            host: h,
            port,
            socket,
        } => {
            if socket.as_deref().is_some_and(|s| s.contains('\'')) {
                return Err(Error::invalid(format!(
                    "{host}: the socket path may not contain a quote"
                )));
            }
            Ok(Arc::new(ssh::SshDialer::new(
                user.as_deref(),
                h,
                *port,
                socket.as_deref(),
                label,
            )))
        }
        #[cfg(not(unix))]
        DaemonHost::Ssh { .. } => Err(Error::invalid(format!(
            "{host}: ssh:// is only supported on Unix here"
        ))),
        #[cfg(windows)]
        DaemonHost::NamedPipe(pipe) => {
            Ok(Arc::new(npipe::NamedPipeDialer::new(pipe.clone(), label)))
        }
        #[cfg(not(windows))]
        DaemonHost::NamedPipe(_) => Err(Error::invalid(format!(
            "{host}: named pipes are only available on Windows"
        ))),
    }
}
