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
