//! The hijacked connection of attach and exec: the container's stdin one way, its output the other.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, Bytes};
use futures_core::Stream;
use hyper::upgrade::Upgraded as HyperUpgraded;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf, WriteHalf};
use tokio_util::io::ReaderStream;

use super::frames::{log_stream, LogOutput, LogStream};
use crate::error::Result;

type Io = TokioIo<HyperUpgraded>;

/// How much is read from the connection at once: output comes in frames of up to 32 KiB, and a small
/// buffer would cost one system call (and often one wake-up) per few KiB.
const READ_CHUNK: usize = 64 * 1024;

/// A live connection to a container's standard streams, as returned by attach and by exec with stdin.
///
/// - Reading (`AsyncRead`) gives the container's output with the stream framing removed (stdout and stderr
///   interleaved in the order they arrived); use [`split`](Self::split) or [`into_output`](Self::into_output)
///   to tell stdout from stderr.
/// - Writing (`AsyncWrite`) feeds the container's stdin. [`close_stdin`](Self::close_stdin) (or
///   `AsyncWriteExt::shutdown`) half-closes the connection. What the daemon makes of that depends on the
///   session, see below.
///
/// # Half-close
///
/// The process sees end-of-file on stdin, and its output keeps coming until it exits, only **without a
/// TTY** and when the daemon closes the process's stdin at the end of the session:
///
/// | session | dockerd | Podman |
/// |---|---|---|
/// | exec, no TTY | EOF, output flows | EOF, output flows |
/// | attach, no TTY, container created with `stdin_once(true)` | EOF, output flows | EOF, output flows |
/// | attach, no TTY, without `stdin_once` | the session ends at once, stdin stays open | EOF, output flows |
/// | exec or attach with a TTY | the session ends at once, stdin stays open | no EOF; the session stays open |
///
/// "The session ends at once" means the output stream ends right away: later output is lost and the
/// process keeps running, still waiting for input. With a TTY, send the terminal's end-of-file yourself
/// instead of half-closing: write `"\x04"` (Ctrl-D, at the start of a line), then read until the output
/// ends. (Observed with dockerd 20.10 and Podman 4.3.)
///
/// Whether the output is multiplexed is known from the container's (or exec's) TTY setting, never guessed
/// from the bytes.
pub struct Hijacked {
    output: LogStream,
    writer: HijackedWriter,
    pending: Bytes,
    tty: bool,
}

impl Hijacked {
    #[allow(dead_code)]
    pub(crate) fn new(io: Io, tty: bool) -> Hijacked {
        let (read, write) = tokio::io::split(io);
        Hijacked {
            output: log_stream(ReaderStream::with_capacity(read, READ_CHUNK), tty),
            writer: HijackedWriter {
                inner: write,
                closed: false,
            },
            pending: Bytes::new(),
            tty,
        }
    }

    /// Whether the container (or exec) has a TTY, i.e. the output is raw rather than multiplexed.
    pub fn is_tty(&self) -> bool {
        self.tty
    }

    /// Splits into the output stream and the stdin writer, to use them from different tasks.
    pub fn split(self) -> (LogStream, HijackedWriter) {
        (self.output, self.writer)
    }

    /// Drops the stdin side and returns the output stream.
    pub fn into_output(self) -> LogStream {
        self.output
    }

    /// Writes all of `data` to the container's stdin.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub async fn write_stdin(&mut self, data: &[u8]) -> Result<()> {
        self.writer.write_stdin(data).await
    }

    /// Half-closes the connection. Without a TTY, in an exec or an attach to a container created with
    /// `stdin_once`, the process sees end-of-file on stdin and its output keeps flowing; in other sessions
    /// the daemon may end the whole session instead (see [Half-close](Self#half-close)).
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub async fn close_stdin(&mut self) -> Result<()> {
        self.writer.close_stdin().await
    }
}

impl fmt::Debug for Hijacked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hijacked")
            .field("tty", &self.tty)
            .finish_non_exhaustive()
    }
}

impl Stream for Hijacked {
    type Item = Result<LogOutput>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.output).poll_next(cx)
    }
}

impl AsyncRead for Hijacked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while this.pending.is_empty() {
            match ready!(Pin::new(&mut this.output).poll_next(cx)) {
                Some(Ok(chunk)) => this.pending = chunk.into_bytes(),
                Some(Err(e)) => return Poll::Ready(Err(io::Error::other(e))),
                None => return Poll::Ready(Ok(())),
            }
        }
        let n = this.pending.len().min(buf.remaining());
        buf.put_slice(&this.pending[..n]);
        this.pending.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Hijacked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.writer).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.writer).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.writer).poll_shutdown(cx)
    }
}

/// The stdin side of a [`Hijacked`] connection. Shutting it down half-closes the connection.
pub struct HijackedWriter {
    inner: WriteHalf<Io>,
    closed: bool,
}

impl HijackedWriter {
    /// Writes all of `data` to the container's stdin.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub async fn write_stdin(&mut self, data: &[u8]) -> Result<()> {
        self.inner.write_all(data).await?;
        self.inner.flush().await?;
        Ok(())
    }

    /// Half-closes the connection; calling it twice is harmless. Whether the process sees end-of-file
    /// depends on the session: see [`Hijacked`'s half-close table](Hijacked#half-close).
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub async fn close_stdin(&mut self) -> Result<()> {
        if !self.closed {
            self.inner.shutdown().await?;
            self.closed = true;
        }
        Ok(())
    }
}

impl fmt::Debug for HijackedWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HijackedWriter")
            .field("closed", &self.closed)
            .finish()
    }
}

impl AsyncWrite for HijackedWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let res = ready!(Pin::new(&mut self.inner).poll_shutdown(cx));
        if res.is_ok() {
            self.closed = true;
        }
        Poll::Ready(res)
    }
}

/// A connection the daemon switched to another protocol (`POST /session` → HTTP/2), as raw bytes both
/// ways. Whoever holds it speaks that protocol.
pub struct Upgraded {
    io: Io,
}

impl Upgraded {
    pub(crate) fn new(io: Io) -> Upgraded {
        Upgraded { io }
    }
}

impl fmt::Debug for Upgraded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Upgraded")
    }
}

impl AsyncRead for Upgraded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Upgraded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
