//! [`DecodedStream`]: runs a [`Decoder`] over a stream of byte chunks.
//!
//! The decoders of this module tree ([`JsonStreamDecoder`](super::JsonStreamDecoder),
//! [`FrameDecoder`](super::FrameDecoder), [`RawDecoder`](super::RawDecoder)) are ordinary
//! [`tokio_util::codec::Decoder`]s, so they also work with
//! `FramedRead::new(StreamReader::new(body), decoder)`. This adapter does the same job without the detour
//! through `AsyncRead`: a transport error keeps its own [`Error`] variant instead of being wrapped in an
//! `std::io::Error`, and a value that fails to deserialize does not end the stream.

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, BufMut, BytesMut};
use futures_core::stream::FusedStream;
use futures_core::Stream;
use pin_project_lite::pin_project;
use tokio_util::codec::Decoder;

use crate::error::{Error, Result};

/// A response body as this module's functions take it: any `Stream<Item = Result<B, E>> + Send +
/// 'static` whose chunks `B` are [`Buf`] (`Bytes`, `BytesMut`, `&'static [u8]` …) and whose error `E`
/// converts into [`Error`] (`std::io::Error` and [`Error`] itself both do).
///
/// It is implemented for every such stream; there is nothing to implement by hand. It exists so that
/// [`json_stream::<T>(body)`](super::json_stream) needs no turbofish for the body's types.
pub trait BodyStream:
    Stream<Item = std::result::Result<<Self as BodyStream>::Chunk, <Self as BodyStream>::Error>>
    + Send
    + 'static
{
    /// The chunk type.
    type Chunk: Buf;
    /// The error type.
    type Error: Into<Error>;
}

impl<S, B, E> BodyStream for S
where
    S: Stream<Item = std::result::Result<B, E>> + Send + 'static,
    B: Buf,
    E: Into<Error>,
{
    type Chunk = B;
    type Error = E;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for input. `fresh` is true when bytes arrived since the decoder last said "need more".
    Reading { fresh: bool },
    /// The body ended; `decode_eof` is called until it returns `None`.
    Eof,
    /// Finished: the body and the decoder are exhausted, or an error ended the stream.
    Done,
}

pin_project! {
    /// A stream of decoded items: feeds each chunk of `body` to a [`Decoder`] and yields what it produces.
    ///
    /// - Chunks may split items anywhere; the decoder keeps partial input in a buffer between chunks.
    /// - When the body ends, the decoder's [`decode_eof`](Decoder::decode_eof) runs until it has nothing
    ///   left, so a truncated item surfaces as the decoder's error.
    /// - An error from the body is yielded once and ends the stream.
    /// - [`Error::Decode`] (one value did not match the requested type) is yielded and decoding goes on
    ///   with the next value; any other decoder error ends the stream.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use futures_util::{stream, StreamExt};
    /// use docker_sdk::stream::{DecodedStream, JsonStreamDecoder};
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let body = stream::iter([Ok::<_, std::io::Error>(Bytes::from("{\"n\":1}{\"n\"")), Ok(Bytes::from(":2}\n"))]);
    /// let decoded = DecodedStream::new(body, JsonStreamDecoder::<serde_json::Value>::new());
    /// let items: Vec<_> = decoded.map(|v| v.unwrap()["n"].as_i64().unwrap()).collect().await;
    /// assert_eq!(items, [1, 2]);
    /// # });
    /// ```
    #[must_use = "streams do nothing unless polled"]
    pub struct DecodedStream<S, D> {
        #[pin]
        body: S,
        decoder: D,
        buf: BytesMut,
        state: State,
    }
}

impl<S, D> DecodedStream<S, D> {
    /// Decodes `body` with `decoder`.
    pub fn new(body: S, decoder: D) -> Self {
        DecodedStream {
            body,
            decoder,
            buf: BytesMut::new(),
            state: State::Reading { fresh: false },
        }
    }

    /// The decoder, e.g. to inspect its configuration.
    pub fn decoder(&self) -> &D {
        &self.decoder
    }

    /// How many bytes are buffered, waiting for the rest of an item.
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }
}

impl<S, D> fmt::Debug for DecodedStream<S, D>
where
    D: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedStream")
            .field("decoder", &self.decoder)
            .field("buffered", &self.buf.len())
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// Errors after which the decoder is still in step with the input.
fn recoverable(err: &Error) -> bool {
    matches!(err, Error::Decode { .. })
}

impl<S, B, E, D> Stream for DecodedStream<S, D>
where
    S: Stream<Item = std::result::Result<B, E>>,
    B: Buf,
    E: Into<Error>,
    D: Decoder<Error = Error>,
{
    type Item = Result<D::Item>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut this = self.project();
        loop {
            match *this.state {
                State::Done => return Poll::Ready(None),
                State::Eof => {
                    return match this.decoder.decode_eof(this.buf) {
                        Ok(Some(item)) => Poll::Ready(Some(Ok(item))),
                        Ok(None) => {
                            *this.state = State::Done;
                            Poll::Ready(None)
                        }
                        Err(err) => {
                            if !recoverable(&err) {
                                *this.state = State::Done;
                                this.buf.clear();
                            }
                            Poll::Ready(Some(Err(err)))
                        }
                    };
                }
                State::Reading { fresh } => {
                    if fresh {
                        match this.decoder.decode(this.buf) {
                            Ok(Some(item)) => return Poll::Ready(Some(Ok(item))),
                            Ok(None) => *this.state = State::Reading { fresh: false },
                            Err(err) => {
                                if !recoverable(&err) {
                                    *this.state = State::Done;
                                    this.buf.clear();
                                }
                                return Poll::Ready(Some(Err(err)));
                            }
                        }
                    }
                    match ready!(this.body.as_mut().poll_next(cx)) {
                        Some(Ok(chunk)) => {
                            if chunk.has_remaining() {
                                this.buf.put(chunk);
                                *this.state = State::Reading { fresh: true };
                            }
                        }
                        Some(Err(err)) => {
                            *this.state = State::Done;
                            this.buf.clear();
                            return Poll::Ready(Some(Err(err.into())));
                        }
                        None => *this.state = State::Eof,
                    }
                }
            }
        }
    }
}

impl<S, B, E, D> FusedStream for DecodedStream<S, D>
where
    S: Stream<Item = std::result::Result<B, E>>,
    B: Buf,
    E: Into<Error>,
    D: Decoder<Error = Error>,
{
    fn is_terminated(&self) -> bool {
        self.state == State::Done
    }
}
