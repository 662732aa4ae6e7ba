//! How bytes reach the daemon.
//!
//! Each transport (`unix`, `tcp`, and later TLS, SSH and named pipes) only has to open a duplex byte stream
//! (a [`Conn`]); the crate's connection pool turns those into HTTP/1.1 connections, driven by the tasks
//! that use them. There is one pool per tokio runtime, so one client keeps working when it is used from
//! several tokio runtimes in turn.

mod host;
pub(crate) mod pool;
pub(crate) mod runtime;
mod tcp;
#[cfg(test)]
pub(crate) mod test_server;
pub(crate) mod unix;

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub use host::{DaemonHost, DEFAULT_NAMED_PIPE, DEFAULT_UNIX_SOCKET};

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

/// Builds the dialer for an address.
pub(crate) fn dialer_for(host: &DaemonHost) -> Result<Arc<dyn Dial>, Error> {
    match host {
        DaemonHost::Unix(path) => Ok(Arc::new(unix::UnixDialer::new(
            path.clone(),
            host.to_string(),
        ))),
        DaemonHost::Tcp {
            host: h,
            port,
            tls: false,
        } => Ok(Arc::new(tcp::TcpDialer::new(
            h.clone(),
            *port,
            host.to_string(),
        ))),
        DaemonHost::Tcp { tls: true, .. } => Err(Error::Tls {
            message: format!("{host}: TLS transport is not available in this build yet"),
            source: None,
        }),
        DaemonHost::Ssh { .. } => Err(Error::invalid(format!(
            "{host}: the ssh:// transport is not available in this build yet"
        ))),
        DaemonHost::NamedPipe(_) => Err(Error::invalid(format!(
            "{host}: named pipes are only available on Windows"
        ))),
    }
}
