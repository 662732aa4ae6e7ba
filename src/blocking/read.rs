//! [`ByteReader`]: an opaque response body (export, archive …) as `std::io::Read`.

use std::fmt;
use std::io::{self, BufRead, Read};

use tokio::io::{AsyncBufReadExt, AsyncReadExt};

use super::block_on;
use crate::stream::bytes::into_io_error;
use crate::stream::{ByteStream, ByteStreamReader};

/// A streamed body read with `std::io::Read` / `BufRead`: the bytes are fetched from the daemon as they are
/// read, so memory stays flat whatever the size. The blocking counterpart of
/// [`ByteStream::into_async_read`].
///
/// Errors of the stream reach the reader as `std::io::Error`s; one that is not an I/O error has kind
/// `Other` and the crate's [`Error`](crate::Error) inside.
pub struct ByteReader {
    docker: crate::Docker,
    inner: ByteStreamReader,
}

impl ByteReader {
    pub(crate) fn new(docker: crate::Docker, stream: ByteStream) -> Self {
        ByteReader {
            docker,
            inner: stream.into_async_read(),
        }
    }

    /// The async reader inside.
    pub fn into_async(self) -> ByteStreamReader {
        self.inner
    }
}

impl fmt::Debug for ByteReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteReader").finish_non_exhaustive()
    }
}

impl Read for ByteReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        block_on(&self.docker, self.inner.read(buf)).map_err(into_io_error)?
    }
}

impl BufRead for ByteReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        block_on(&self.docker, self.inner.fill_buf()).map_err(into_io_error)?
    }

    fn consume(&mut self, amt: usize) {
        std::pin::Pin::new(&mut self.inner).consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> crate::Docker {
        crate::Docker::builder()
            .host("unix:///nonexistent/docker.sock")
            .build()
            .unwrap()
    }

    #[test]
    fn reads_and_buf_reads_the_stream_and_surfaces_errors() {
        let body = futures_util::stream::iter([
            Ok(bytes::Bytes::from_static(b"line one\nline")),
            Ok(bytes::Bytes::from_static(b" two\n")),
            Err(crate::Error::Protocol("cut short".into())),
        ]);
        let mut reader = ByteReader::new(client(), ByteStream::new(body));
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert_eq!(first, "line one\n");
        let mut rest = Vec::new();
        let err = reader.read_to_end(&mut rest).unwrap_err();
        assert_eq!(rest, b"line two\n");
        let inner = err
            .into_inner()
            .unwrap()
            .downcast::<crate::Error>()
            .unwrap();
        assert!(matches!(*inner, crate::Error::Protocol(_)));
    }

    #[test]
    fn refuses_to_block_inside_a_runtime() {
        let mut reader = ByteReader::new(client(), ByteStream::from_bytes("abc"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let err = rt
            .block_on(async { reader.read(&mut [0u8; 8]) })
            .unwrap_err();
        let inner = err
            .into_inner()
            .unwrap()
            .downcast::<crate::Error>()
            .unwrap();
        assert!(matches!(*inner, crate::Error::BlockingInAsyncContext));
        // Outside the runtime the same reader works.
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, "abc");
    }
}
