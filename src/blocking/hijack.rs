//! Blocking duplex connections: attach and interactive exec ([`Hijacked`]), and attach over a WebSocket
//! ([`WebSocketAttach`]).

use std::fmt;
use std::io::{self, Read, Write};

use bytes::Bytes;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{block_on, BlockingStream};
use crate::error::Result;
use crate::stream::bytes::into_io_error;
use crate::stream::LogStream;

/// Runs `fut` on the client's I/O runtime for an `std::io` method: being inside an async runtime becomes
/// an `io::Error` whose inner error is [`crate::Error::BlockingInAsyncContext`].
fn block_on_io<F, T>(docker: &crate::Docker, fut: F) -> io::Result<T>
where
    F: std::future::Future<Output = io::Result<T>>,
{
    block_on(docker, fut).map_err(into_io_error)?
}

/// A live connection to a container's (or exec's) standard streams, the blocking
/// [`crate::stream::Hijacked`].
///
/// - `Read` gives the output with the stream framing removed (stdout and stderr interleaved as they
///   arrived); [`split`](Self::split) or [`into_output`](Self::into_output) give the output as an iterator
///   of [`LogOutput`](crate::stream::LogOutput) chunks instead, telling stdout from stderr.
/// - `Write` feeds stdin. [`close_stdin`](Self::close_stdin) half-closes the connection: without a TTY, in
///   an exec or an attach to a container created with `stdin_once`, the process sees end-of-file on stdin
///   and its output keeps coming until it exits; in other sessions the daemon may end the session instead
///   (see [the async `Hijacked`](crate::stream::Hijacked#half-close)).
///
/// To write and read at the same time from two threads (a process that reads a lot of input while it
/// prints), [`split`](Self::split) the connection.
///
/// ```no_run
/// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
/// use std::io::Write;
/// let conn = c.attach().stdin(true).send()?;
/// let (output, mut stdin) = conn.split();
/// let writer = std::thread::spawn(move || -> docker_sdk::Result<()> {
///     stdin.write_all(b"lots of input\n")?;
///     stdin.close_stdin()
/// });
/// let (out, err) = output.collect_demuxed()?;
/// writer.join().unwrap()?;
/// # Ok(()) }
/// ```
pub struct Hijacked {
    docker: crate::Docker,
    inner: crate::stream::Hijacked,
}

impl Hijacked {
    pub(crate) fn new(docker: crate::Docker, inner: crate::stream::Hijacked) -> Self {
        Hijacked { docker, inner }
    }

    /// Whether the container (or exec) has a TTY, i.e. the output is raw rather than multiplexed.
    pub fn is_tty(&self) -> bool {
        self.inner.is_tty()
    }

    /// Writes all of `data` to stdin.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub fn write_stdin(&mut self, data: &[u8]) -> Result<()> {
        block_on(&self.docker, self.inner.write_stdin(data))?
    }

    /// Half-closes the connection (end-of-file on stdin in the sessions listed under
    /// [half-close](crate::stream::Hijacked#half-close)). Calling it twice is
    /// harmless.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub fn close_stdin(&mut self) -> Result<()> {
        block_on(&self.docker, self.inner.close_stdin())?
    }

    /// Splits into the output (an iterator of chunks) and the stdin writer, to use them from different
    /// threads. Output already buffered by `Read` calls is not part of the iterator: split before reading.
    pub fn split(self) -> (BlockingStream<LogStream>, HijackedWriter) {
        let (output, writer) = self.inner.split();
        (
            BlockingStream::new(self.docker.clone(), output),
            HijackedWriter {
                docker: self.docker,
                inner: writer,
            },
        )
    }

    /// Drops the stdin side and returns the output as an iterator of chunks.
    pub fn into_output(self) -> BlockingStream<LogStream> {
        BlockingStream::new(self.docker, self.inner.into_output())
    }

    /// The async connection inside.
    pub fn into_async(self) -> crate::stream::Hijacked {
        self.inner
    }
}

impl fmt::Debug for Hijacked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hijacked")
            .field("tty", &self.is_tty())
            .finish_non_exhaustive()
    }
}

impl Read for Hijacked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        block_on_io(&self.docker, self.inner.read(buf))
    }
}

impl Write for Hijacked {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        block_on_io(&self.docker, self.inner.write(data))
    }

    fn flush(&mut self) -> io::Result<()> {
        block_on_io(&self.docker, self.inner.flush())
    }
}

/// The stdin side of a split [`Hijacked`] connection: `Write`, and [`close_stdin`](Self::close_stdin)
/// to half-close.
pub struct HijackedWriter {
    docker: crate::Docker,
    inner: crate::stream::HijackedWriter,
}

impl HijackedWriter {
    /// Writes all of `data` to stdin.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub fn write_stdin(&mut self, data: &[u8]) -> Result<()> {
        block_on(&self.docker, self.inner.write_stdin(data))?
    }

    /// Half-closes the connection (end-of-file on stdin in the sessions listed under
    /// [half-close](crate::stream::Hijacked#half-close)). Calling it twice is harmless.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub fn close_stdin(&mut self) -> Result<()> {
        block_on(&self.docker, self.inner.close_stdin())?
    }
}

impl fmt::Debug for HijackedWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HijackedWriter").finish_non_exhaustive()
    }
}

impl Write for HijackedWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        block_on_io(&self.docker, self.inner.write(data))
    }

    fn flush(&mut self) -> io::Result<()> {
        block_on_io(&self.docker, self.inner.flush())
    }
}

/// A container attached over a WebSocket, the blocking [`crate::stream::WebSocketAttach`]: an iterator
/// of output chunks, and [`send`](Self::send) for stdin.
pub struct WebSocketAttach {
    docker: crate::Docker,
    inner: crate::stream::WebSocketAttach,
}

impl WebSocketAttach {
    pub(crate) fn new(docker: crate::Docker, inner: crate::stream::WebSocketAttach) -> Self {
        WebSocketAttach { docker, inner }
    }

    /// Sends bytes to the container's stdin.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is gone.
    pub fn send(&mut self, data: impl Into<Bytes>) -> Result<()> {
        block_on(&self.docker, self.inner.send(data))?
    }

    /// Closes the WebSocket (a clean close handshake).
    ///
    /// # Errors
    /// [`crate::Error::Io`] when the connection is already gone.
    pub fn close(&mut self) -> Result<()> {
        block_on(&self.docker, self.inner.close())?
    }

    /// The async connection inside.
    pub fn into_async(self) -> crate::stream::WebSocketAttach {
        self.inner
    }
}

impl fmt::Debug for WebSocketAttach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebSocketAttach")
    }
}

impl Iterator for WebSocketAttach {
    type Item = Result<Bytes>;

    fn next(&mut self) -> Option<Result<Bytes>> {
        match block_on(&self.docker, self.inner.next()) {
            Ok(item) => item,
            Err(e) => Some(Err(e)),
        }
    }
}
