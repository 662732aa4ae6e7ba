//! [`ByteStream`]: an opaque body (image save, container export, archive download …) as a stream of
//! chunks, and [`ByteStreamReader`], the same body as [`AsyncRead`].

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use futures_core::stream::BoxStream;
use futures_core::Stream;
use pin_project_lite::pin_project;
use tokio::io::{AsyncBufRead, AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio_util::io::StreamReader;

use super::decode::BodyStream;
use crate::error::{Error, Result};

pin_project! {
    /// Maps chunks to `Bytes` (without copying when they already are `Bytes`), drops empty chunks and ends
    /// after the first error.
    struct Chunks<S> {
        #[pin]
        body: S,
        done: bool,
    }
}

impl<S, B, E> Stream for Chunks<S>
where
    S: Stream<Item = std::result::Result<B, E>>,
    B: Buf,
    E: Into<Error>,
{
    type Item = Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut this = self.project();
        loop {
            if *this.done {
                return Poll::Ready(None);
            }
            match ready!(this.body.as_mut().poll_next(cx)) {
                Some(Ok(mut chunk)) => {
                    let len = chunk.remaining();
                    if len > 0 {
                        return Poll::Ready(Some(Ok(chunk.copy_to_bytes(len))));
                    }
                }
                Some(Err(err)) => {
                    *this.done = true;
                    return Poll::Ready(Some(Err(err.into())));
                }
                None => {
                    *this.done = true;
                    return Poll::Ready(None);
                }
            }
        }
    }
}

/// A response body of raw bytes: `Stream<Item = Result<Bytes>>`, `Send`, `Unpin` and `'static`.
///
/// Empty chunks are dropped and the stream ends after its first error. Read it chunk by chunk with
/// `StreamExt::next`, as [`AsyncRead`] with [`into_async_read`](Self::into_async_read), or all at once
/// with [`collect_bytes`](Self::collect_bytes) / [`copy_to`](Self::copy_to).
///
/// ```
/// use tokio::io::AsyncReadExt;
/// use docker_sdk::stream::ByteStream;
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let body = futures_util::stream::iter(["tar ", "", "bytes"].map(|s| Ok::<_, std::io::Error>(bytes::Bytes::from(s))));
/// let mut text = String::new();
/// ByteStream::new(body).into_async_read().read_to_string(&mut text).await?;
/// assert_eq!(text, "tar bytes");
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct ByteStream {
    inner: BoxStream<'static, Result<Bytes>>,
}

impl ByteStream {
    /// Wraps a stream of chunks (see [`BodyStream`]); `Bytes` chunks pass through without copying.
    pub fn new(body: impl BodyStream) -> Self {
        ByteStream {
            inner: Box::pin(Chunks { body, done: false }),
        }
    }

    /// A stream that yields `bytes` as one chunk (nothing if it is empty).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let all = docker_sdk::stream::ByteStream::from_bytes("abc").collect_bytes().await?;
    /// assert_eq!(all, "abc");
    /// # Ok::<(), docker_sdk::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let chunk: Bytes = bytes.into();
        ByteStream::new(futures_util::stream::iter([Ok::<_, Error>(chunk)]))
    }

    /// The body as [`AsyncRead`] + [`AsyncBufRead`]. Errors other than [`Error::Io`] reach the reader as
    /// an `std::io::Error` of kind `Other` whose inner error is the original [`Error`].
    pub fn into_async_read(self) -> ByteStreamReader {
        ByteStreamReader {
            inner: StreamReader::new(IoChunks { inner: self }),
        }
    }

    /// Reads the whole body into memory. For large bodies prefer [`copy_to`](Self::copy_to) or reading
    /// chunk by chunk.
    ///
    /// # Errors
    ///
    /// The first error of the stream.
    pub async fn collect_bytes(mut self) -> Result<Bytes> {
        use futures_util::StreamExt;
        let first = match self.next().await {
            None => return Ok(Bytes::new()),
            Some(chunk) => chunk?,
        };
        let Some(second) = self.next().await else {
            return Ok(first);
        };
        let mut all = BytesMut::from(&first[..]);
        all.extend_from_slice(&second?);
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }

    /// Writes the whole body to `writer` (a file, a pipe …) chunk by chunk, flushes it and returns the
    /// number of bytes written.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let mut out = Vec::new();
    /// let n = docker_sdk::stream::ByteStream::from_bytes("layer").copy_to(&mut out).await?;
    /// assert_eq!((n, &out[..]), (5, &b"layer"[..]));
    /// # Ok::<(), docker_sdk::Error>(())
    /// # }).unwrap();
    /// ```
    ///
    /// # Errors
    ///
    /// The first error of the stream, or [`Error::Io`] when writing fails.
    pub async fn copy_to<W>(mut self, writer: &mut W) -> Result<u64>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        use futures_util::StreamExt;
        let mut written = 0u64;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

/// Turns this crate's error into an `io::Error`, unwrapping [`Error::Io`].
pub(crate) fn into_io_error(err: Error) -> io::Error {
    match err {
        Error::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// A [`ByteStream`] whose errors are `io::Error`s, as [`StreamReader`] needs.
struct IoChunks {
    inner: ByteStream,
}

impl Stream for IoChunks {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner)
            .poll_next(cx)
            .map(|item| item.map(|r| r.map_err(into_io_error)))
    }
}

/// A [`ByteStream`] read through [`AsyncRead`] / [`AsyncBufRead`]; made by
/// [`ByteStream::into_async_read`].
pub struct ByteStreamReader {
    inner: StreamReader<IoChunks, Bytes>,
}

impl fmt::Debug for ByteStreamReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStreamReader").finish_non_exhaustive()
    }
}

impl AsyncRead for ByteStreamReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncBufRead for ByteStreamReader {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        Pin::new(&mut self.get_mut().inner).poll_fill_buf(cx)
    }

    fn consume(mut self: Pin<&mut Self>, amt: usize) {
        Pin::new(&mut self.inner).consume(amt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{stream, StreamExt};
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn empty_chunks_are_dropped_and_bytes_are_not_copied() {
        let shared = Bytes::from_static(b"static data");
        let ptr = shared.as_ptr();
        let body = stream::iter([Ok::<_, Error>(Bytes::new()), Ok(shared), Ok(Bytes::new())]);
        let chunks: Vec<Bytes> = ByteStream::new(body).map(|r| r.unwrap()).collect().await;
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].as_ptr(), ptr);
    }

    #[tokio::test]
    async fn accepts_other_buf_types() {
        let body = stream::iter([Ok::<_, io::Error>(&[1u8, 2][..]), Ok(&[3u8][..])]);
        assert_eq!(
            ByteStream::new(body).collect_bytes().await.unwrap(),
            &[1u8, 2, 3][..]
        );
    }

    #[tokio::test]
    async fn ends_after_first_error() {
        let body = stream::iter([
            Ok(Bytes::from_static(b"a")),
            Err(Error::Protocol("cut".into())),
            Ok(Bytes::from_static(b"b")),
        ]);
        let out: Vec<_> = ByteStream::new(body).collect().await;
        assert_eq!(out.len(), 2);
        assert!(matches!(out[1], Err(Error::Protocol(_))));
    }

    #[tokio::test]
    async fn reader_surfaces_errors_as_io_errors() {
        let body = stream::iter([
            Ok(Bytes::from_static(b"abc")),
            Err(Error::Protocol("cut".into())),
        ]);
        let mut reader = ByteStream::new(body).into_async_read();
        let mut out = Vec::new();
        let err = reader.read_to_end(&mut out).await.unwrap_err();
        assert_eq!(out, b"abc");
        assert_eq!(err.kind(), io::ErrorKind::Other);
        let inner = err.into_inner().unwrap().downcast::<Error>().unwrap();
        assert!(matches!(*inner, Error::Protocol(_)));

        let body = stream::iter([Err::<Bytes, _>(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "eof",
        ))]);
        let err = ByteStream::new(body)
            .into_async_read()
            .read_to_end(&mut Vec::new())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[tokio::test]
    async fn collect_and_copy() {
        let parts = ["a", "bc", "", "def"];
        let make = || ByteStream::new(stream::iter(parts.map(|p| Ok::<_, Error>(Bytes::from(p)))));
        assert_eq!(make().collect_bytes().await.unwrap(), "abcdef");
        let mut out = Vec::new();
        assert_eq!(make().copy_to(&mut out).await.unwrap(), 6);
        assert_eq!(out, b"abcdef");
        assert_eq!(
            ByteStream::from_bytes(Bytes::new())
                .collect_bytes()
                .await
                .unwrap(),
            ""
        );
    }
}
