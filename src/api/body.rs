//! [`RequestBody`]: a request body for the endpoints that take one as a stream (image import and load,
//! build contexts, archive uploads).

use std::fmt;
use std::io;

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::AsyncRead;

use super::request::{empty_body, full_body, stream_body, Body};

/// Bytes sent as a request body: in memory, or streamed chunk by chunk from any source so that a large
/// tar archive is never held in memory as a whole.
///
/// ```
/// use docker_sdk::api::RequestBody;
///
/// let small = RequestBody::from_bytes(&b"tar bytes"[..]);
/// assert_eq!(small.size_hint(), Some(9));
/// let file = RequestBody::from_reader(tokio::io::empty());
/// assert_eq!(file.size_hint(), None);
/// ```
pub struct RequestBody {
    body: Body,
    len: Option<u64>,
}

impl RequestBody {
    /// No body at all.
    pub fn empty() -> Self {
        RequestBody {
            body: empty_body(),
            len: Some(0),
        }
    }

    /// A body held in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes: Bytes = bytes.into();
        let len = bytes.len() as u64;
        RequestBody {
            body: full_body(bytes),
            len: Some(len),
        }
    }

    /// A body streamed from chunks; an `Err` chunk aborts the request.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: Stream<Item = io::Result<Bytes>> + Send + 'static,
    {
        RequestBody {
            body: stream_body(stream),
            len: None,
        }
    }

    /// A body streamed from a reader (a `tokio::fs::File`, a pipe …), read in 64 KiB chunks.
    pub fn from_reader<R>(reader: R) -> Self
    where
        R: AsyncRead + Send + 'static,
    {
        let stream = tokio_util::io::ReaderStream::with_capacity(Box::pin(reader), 64 * 1024);
        RequestBody::from_stream(stream)
    }

    /// A body streamed from a blocking reader (a `std::fs::File`, a child's stdout …), read in 64 KiB
    /// chunks on a thread of its own, at most a few chunks ahead of the request.
    pub fn from_sync_reader<R>(reader: R) -> Self
    where
        R: std::io::Read + Send + 'static,
    {
        RequestBody::from_stream(sync_read_stream(reader))
    }

    /// The body's length when it is known in advance.
    pub fn size_hint(&self) -> Option<u64> {
        self.len
    }

    pub(crate) fn into_body(self) -> Body {
        self.body
    }
}

impl Default for RequestBody {
    fn default() -> Self {
        RequestBody::empty()
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBody")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl From<Bytes> for RequestBody {
    fn from(bytes: Bytes) -> Self {
        RequestBody::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for RequestBody {
    fn from(bytes: Vec<u8>) -> Self {
        RequestBody::from_bytes(bytes)
    }
}

/// Reads `reader` on a thread of its own and hands the chunks over through a small bounded channel.
pub(crate) fn sync_read_stream<R>(
    mut reader: R,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static
where
    R: std::io::Read + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(4);
    std::thread::spawn(move || loop {
        let mut buf = vec![0u8; 64 * 1024];
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                buf.truncate(n);
                if tx.blocking_send(Ok(Bytes::from(buf))).is_err() {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                break;
            }
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    #[tokio::test]
    async fn sync_readers_are_streamed_in_chunks() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let chunks: Vec<Bytes> = sync_read_stream(std::io::Cursor::new(data.clone()))
            .try_collect()
            .await
            .unwrap();
        assert!(chunks.len() >= 4, "{} chunks", chunks.len());
        assert!(chunks.iter().all(|c| c.len() <= 64 * 1024));
        assert_eq!(chunks.concat(), data);
    }

    #[tokio::test]
    async fn a_read_error_ends_the_stream_with_it() {
        struct Failing;
        impl std::io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let items: Vec<io::Result<Bytes>> =
            futures_util::StreamExt::collect(sync_read_stream(Failing)).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap_err().to_string(), "disk on fire");
    }
}
