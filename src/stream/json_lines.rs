//! Decoding a body that is a sequence of JSON values: pull, push, build, import, events, stats.
//!
//! The daemon ends each message with `\n` or `\r\n`, the events endpoint may prefix each one with an ASCII
//! record separator (RS, `0x1E`, for `application/json-seq`), and older daemons sometimes wrote values back
//! to back. [`JsonStreamDecoder`] therefore does not split on lines: it finds where each JSON value ends by
//! tracking nesting depth and string/escape state, and skips whitespace and RS between values.
//!
//! The scan position is kept between calls, so bytes are looked at once however the body is chunked,
//! and a stream is decoded in time linear in its length.
//!
//! Messages such as `{"errorDetail":{"message":"…","code":N},"error":"…"}` report a failure inside a
//! 200 response; they become [`Error::Stream`] instead of an item.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use futures_core::stream::BoxStream;
use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tokio_util::codec::Decoder;

use super::decode::{BodyStream, DecodedStream};
use crate::error::{Error, Result};

/// ASCII record separator, written before each record of an `application/json-seq` body.
const RS: u8 = 0x1E;

/// How much of an undecodable value is quoted in the error message.
const SNIPPET_CHARS: usize = 120;

/// Bytes allowed between two values.
fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | RS)
}

/// Bytes that end a bare scalar (`true`, `42` …) at the top level.
fn ends_scalar(b: u8) -> bool {
    is_separator(b) || matches!(b, b'{' | b'[' | b'"' | b'}' | b']' | b',')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An object, array or string: ends when depth returns to zero outside a string.
    Nested,
    /// A number or literal: ends at the next separator or structural byte (or at EOF).
    Scalar,
}

/// Where the scan of the current value stands. `pos` is relative to the start of the buffer, which is
/// always the first byte of the value being scanned.
#[derive(Debug, Clone, Copy)]
struct Scan {
    active: bool,
    kind: Kind,
    pos: usize,
    depth: usize,
    in_string: bool,
    escape: bool,
}

impl Scan {
    const IDLE: Scan = Scan {
        active: false,
        kind: Kind::Nested,
        pos: 0,
        depth: 0,
        in_string: false,
        escape: false,
    };
}

/// A [`Decoder`] that yields each JSON value of a byte stream as a `T`.
///
/// - Values may be split across chunks at any byte, several may share a chunk, and they may be separated
///   by any JSON whitespace, by RS (`0x1E`) prefixes, or by nothing at all.
/// - An in-band error message (an object with an `error` or `errorDetail` key that is not `null`) gives
///   [`Error::Stream`] with `errorDetail.message` (or `error` when there is no detail message) and
///   `errorDetail.code`. Turn this off with [`detect_errors(false)`](Self::detect_errors).
/// - A value that is valid JSON but does not fit `T` gives [`Error::Decode`]; the value is consumed and
///   decoding can continue with the next one.
/// - At end of input, trailing whitespace is fine; an incomplete value gives [`Error::Protocol`].
///
/// Use `JsonStreamDecoder<serde_json::Value>` ([`ValueStreamDecoder`]) for untyped messages.
///
/// ```
/// use bytes::BytesMut;
/// use tokio_util::codec::Decoder;
/// use docker_sdk::stream::JsonStreamDecoder;
///
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Progress { status: String }
///
/// let mut decoder = JsonStreamDecoder::<Progress>::new();
/// let mut buf = BytesMut::from(&b"{\"status\":\"Pulling\"}\r\n{\"sta"[..]);
/// assert_eq!(decoder.decode(&mut buf)?, Some(Progress { status: "Pulling".into() }));
/// assert_eq!(decoder.decode(&mut buf)?, None); // waits for the rest
/// buf.extend_from_slice(b"tus\":\"Done\"}\r\n{\"error\":\"denied\"}");
/// assert_eq!(decoder.decode(&mut buf)?, Some(Progress { status: "Done".into() }));
/// let err = decoder.decode(&mut buf).unwrap_err();
/// assert_eq!(err.daemon_message(), Some("denied"));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
pub struct JsonStreamDecoder<T> {
    scan: Scan,
    detect_errors: bool,
    what: Cow<'static, str>,
    _marker: PhantomData<fn() -> T>,
}

/// A [`JsonStreamDecoder`] that yields untyped [`serde_json::Value`]s.
pub type ValueStreamDecoder = JsonStreamDecoder<serde_json::Value>;

impl<T> JsonStreamDecoder<T> {
    /// A decoder that turns in-band error messages into [`Error::Stream`].
    pub fn new() -> Self {
        JsonStreamDecoder {
            scan: Scan::IDLE,
            detect_errors: true,
            what: Cow::Borrowed("a message of a JSON stream"),
            _marker: PhantomData,
        }
    }

    /// Whether objects with an `error` or `errorDetail` key become [`Error::Stream`] (the default) or are
    /// decoded as `T` like any other value.
    #[must_use]
    pub fn detect_errors(mut self, detect: bool) -> Self {
        self.detect_errors = detect;
        self
    }

    /// Names what the stream carries (e.g. `"an image pull progress message"`), for [`Error::Decode`]
    /// messages.
    #[must_use]
    pub fn what(mut self, what: impl Into<Cow<'static, str>>) -> Self {
        self.what = what.into();
        self
    }

    /// Finds the end of the next value in `buf`, dropping separators before it. With `eof`, a bare
    /// scalar may end at the end of the buffer.
    fn find_value(&mut self, buf: &mut BytesMut, eof: bool) -> Option<usize> {
        if !self.scan.active {
            let skip = buf
                .iter()
                .position(|&b| !is_separator(b))
                .unwrap_or(buf.len());
            buf.advance(skip);
            let first = *buf.first()?;
            self.scan = Scan {
                active: true,
                kind: if matches!(first, b'{' | b'[' | b'"') {
                    Kind::Nested
                } else {
                    Kind::Scalar
                },
                pos: 0,
                ..Scan::IDLE
            };
        }
        let bytes = &buf[..];
        let mut s = self.scan;
        match s.kind {
            Kind::Scalar => {
                // The first byte belongs to the scalar even if it is a stray `}` or `,`: serde then
                // reports it.
                let from = s.pos.max(1);
                if let Some(i) = bytes[from.min(bytes.len())..]
                    .iter()
                    .position(|&b| ends_scalar(b))
                {
                    return Some(from + i);
                }
                s.pos = bytes.len();
                self.scan = s;
                if eof {
                    return Some(bytes.len());
                }
                None
            }
            Kind::Nested => {
                for (i, &b) in bytes.iter().enumerate().skip(s.pos) {
                    if s.in_string {
                        if s.escape {
                            s.escape = false;
                        } else if b == b'\\' {
                            s.escape = true;
                        } else if b == b'"' {
                            s.in_string = false;
                            if s.depth == 0 {
                                return Some(i + 1);
                            }
                        }
                    } else {
                        match b {
                            b'"' => s.in_string = true,
                            b'{' | b'[' => s.depth += 1,
                            b'}' | b']' => {
                                s.depth = s.depth.saturating_sub(1);
                                if s.depth == 0 {
                                    return Some(i + 1);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                s.pos = bytes.len();
                self.scan = s;
                None
            }
        }
    }

    fn describe(&self, raw: &[u8]) -> String {
        let head = &raw[..raw.len().min(SNIPPET_CHARS * 4)];
        let text = String::from_utf8_lossy(head);
        let mut snippet: String = text.chars().take(SNIPPET_CHARS).collect();
        if head.len() < raw.len() || text.chars().nth(SNIPPET_CHARS).is_some() {
            snippet.push('…');
        }
        format!("{} `{}`", self.what, snippet)
    }
}

impl<T: DeserializeOwned> JsonStreamDecoder<T> {
    fn take_value(&mut self, buf: &mut BytesMut, end: usize) -> Result<T> {
        let raw = buf.split_to(end);
        self.scan = Scan::IDLE;
        if self.detect_errors {
            if let Some(err) = in_band_error(&raw) {
                return Err(err);
            }
        }
        serde_json::from_slice(&raw).map_err(|e| Error::decode(self.describe(&raw), e))
    }
}

impl<T> Default for JsonStreamDecoder<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for JsonStreamDecoder<T> {
    /// A decoder with the same settings and a fresh scan state.
    fn clone(&self) -> Self {
        JsonStreamDecoder {
            scan: Scan::IDLE,
            detect_errors: self.detect_errors,
            what: self.what.clone(),
            _marker: PhantomData,
        }
    }
}

impl<T> fmt::Debug for JsonStreamDecoder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonStreamDecoder")
            .field("item", &std::any::type_name::<T>())
            .field("detect_errors", &self.detect_errors)
            .field("what", &self.what)
            .finish()
    }
}

impl<T: DeserializeOwned> Decoder for JsonStreamDecoder<T> {
    type Item = T;
    type Error = Error;

    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<T>> {
        match self.find_value(buf, false) {
            Some(end) => self.take_value(buf, end).map(Some),
            None => Ok(None),
        }
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<T>> {
        match self.find_value(buf, true) {
            Some(end) => self.take_value(buf, end).map(Some),
            None if !self.scan.active => Ok(None),
            None => {
                let dropped = buf.len();
                buf.clear();
                self.scan = Scan::IDLE;
                Err(Error::Protocol(format!(
                    "the JSON stream ended inside a value ({dropped} bytes of an incomplete value were dropped); \
                     the connection to the daemon was probably cut"
                )))
            }
        }
    }
}

/// The keys of an in-band error message; every other key is ignored.
#[derive(Deserialize)]
struct ErrorProbe {
    error: Option<serde_json::Value>,
    #[serde(rename = "errorDetail")]
    error_detail: Option<ErrorDetail>,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: Option<String>,
    code: Option<i64>,
}

/// The [`Error::Stream`] for `raw` if it is an in-band error message.
fn in_band_error(raw: &[u8]) -> Option<Error> {
    // Cheap filter: only values that mention a key starting with `"error` are parsed a second time.
    if !raw.windows(6).any(|w| w == b"\"error") {
        return None;
    }
    let probe: ErrorProbe = serde_json::from_slice(raw).ok()?;
    if probe.error.is_none() && probe.error_detail.is_none() {
        return None;
    }
    let top = match probe.error {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
        None => None,
    };
    let (detail_message, code) = match probe.error_detail {
        Some(d) => (d.message, d.code),
        None => (None, None),
    };
    let message = detail_message
        .filter(|m| !m.is_empty())
        .or(top.filter(|m| !m.is_empty()))
        .unwrap_or_else(|| "the daemon reported an error without a message".to_owned());
    Some(Error::Stream { message, code })
}

/// A stream of JSON messages decoded from a response body: `Stream<Item = Result<T>>`, `Send`, `Unpin`
/// and `'static`.
///
/// Made by [`json_stream`], [`json_value_stream`] or [`JsonStream::with_decoder`].
#[must_use = "streams do nothing unless polled"]
pub struct JsonStream<T> {
    inner: BoxStream<'static, Result<T>>,
}

impl<T: 'static> JsonStream<T> {
    /// Wraps any stream of results.
    pub fn new(stream: impl Stream<Item = Result<T>> + Send + 'static) -> Self {
        JsonStream {
            inner: Box::pin(stream),
        }
    }

    /// Decodes `body` with a configured decoder (see [`JsonStreamDecoder::detect_errors`] and
    /// [`JsonStreamDecoder::what`]).
    pub fn with_decoder(body: impl BodyStream, decoder: JsonStreamDecoder<T>) -> Self
    where
        T: DeserializeOwned,
    {
        JsonStream::new(DecodedStream::new(body, decoder))
    }
}

impl<T> Stream for JsonStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> fmt::Debug for JsonStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonStream")
            .field("item", &std::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}

/// Decodes a response body of JSON messages into `T`s, turning in-band error messages into
/// [`Error::Stream`].
///
/// `body` is any stream of byte chunks whose error converts into [`Error`] (see [`BodyStream`]). The stream ends after the first error
/// from `body` or after an in-band error; a value that does not fit `T` yields [`Error::Decode`] and the
/// stream goes on.
///
/// ```
/// use bytes::Bytes;
/// use futures_util::{stream, StreamExt};
/// use docker_sdk::stream::json_stream;
///
/// #[derive(serde::Deserialize, Debug)]
/// struct Msg { status: String }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let chunks = ["{\"status\":\"Pull", "ing\"}\r\n{\"status\":\"Done\"}\r\n", "{\"error\":\"disk full\"}\r\n"];
/// let body = stream::iter(chunks.map(|c| Ok::<_, std::io::Error>(Bytes::from(c))));
/// let mut msgs = json_stream::<Msg>(body);
/// assert_eq!(msgs.next().await.unwrap()?.status, "Pulling");
/// assert_eq!(msgs.next().await.unwrap()?.status, "Done");
/// let err = msgs.next().await.unwrap().unwrap_err();
/// assert!(matches!(err, docker_sdk::Error::Stream { ref message, .. } if message == "disk full"));
/// assert!(msgs.next().await.is_none());
/// # Ok::<(), docker_sdk::Error>(())
/// # }).unwrap();
/// ```
pub fn json_stream<T>(body: impl BodyStream) -> JsonStream<T>
where
    T: DeserializeOwned + 'static,
{
    JsonStream::with_decoder(body, JsonStreamDecoder::new())
}

/// Like [`json_stream`], yielding untyped [`serde_json::Value`]s.
///
/// ```
/// use bytes::Bytes;
/// use futures_util::{stream, TryStreamExt};
/// use docker_sdk::stream::json_value_stream;
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let body = stream::iter([Ok::<_, std::io::Error>(Bytes::from("\x1e{\"Type\":\"container\"}\n\x1e{\"Type\":\"image\"}\n"))]);
/// let events: Vec<serde_json::Value> = json_value_stream(body).try_collect().await?;
/// assert_eq!(events[1]["Type"], "image");
/// # Ok::<(), docker_sdk::Error>(())
/// # }).unwrap();
/// ```
pub fn json_value_stream(body: impl BodyStream) -> JsonStream<serde_json::Value> {
    json_stream(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use futures_util::{stream, StreamExt};
    use serde_json::{json, Value};

    /// Runs a fresh decoder over `chunks` with `Decoder::decode` / `decode_eof`, like a framed reader.
    fn run_decoder<T: DeserializeOwned>(chunks: &[&[u8]]) -> Vec<Result<T>> {
        let mut decoder = JsonStreamDecoder::<T>::new();
        let mut buf = BytesMut::new();
        let mut out = Vec::new();
        for chunk in chunks {
            buf.extend_from_slice(chunk);
            loop {
                match decoder.decode(&mut buf) {
                    Ok(Some(v)) => out.push(Ok(v)),
                    Ok(None) => break,
                    Err(e) => out.push(Err(e)),
                }
            }
        }
        loop {
            match decoder.decode_eof(&mut buf) {
                Ok(Some(v)) => out.push(Ok(v)),
                Ok(None) => break,
                Err(e) => {
                    let fatal = !matches!(e, Error::Decode { .. });
                    out.push(Err(e));
                    if fatal {
                        break;
                    }
                }
            }
        }
        out
    }

    /// Runs the public stream over `chunks`.
    async fn run_stream(chunks: Vec<Vec<u8>>) -> Vec<Result<Value>> {
        let body = stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<_, std::io::Error>(Bytes::from(c))),
        );
        json_value_stream(body).collect().await
    }

    fn values(results: Vec<Result<Value>>) -> Vec<Value> {
        results
            .into_iter()
            .map(|r| r.expect("no error expected"))
            .collect()
    }

    /// Tricky input: strings with braces, escaped quotes and backslashes, nested arrays, mixed separators.
    const TRICKY: &[u8] =
        b"\x1e{\"a\":\"}{\",\"b\":\"say \\\"hi\\\" \\\\\",\"c\":[1,{\"d\":\"]\"}]}\r\n\
        {\"s\":\"line\\nbreak\\\\\"}{\"t\":true}  \t\n[1,2]\"str\\\"ing\"\n42 null\n";

    fn tricky_expected() -> Vec<Value> {
        vec![
            json!({"a": "}{", "b": "say \"hi\" \\", "c": [1, {"d": "]"}]}),
            json!({"s": "line\nbreak\\"}),
            json!({"t": true}),
            json!([1, 2]),
            json!("str\"ing"),
            json!(42),
            Value::Null,
        ]
    }

    #[test]
    fn whole_input_in_one_chunk() {
        let got = values(run_decoder::<Value>(&[TRICKY]));
        assert_eq!(got, tricky_expected());
    }

    #[test]
    fn every_two_piece_split() {
        for split in 0..=TRICKY.len() {
            let (a, b) = TRICKY.split_at(split);
            let got = values(run_decoder::<Value>(&[a, b]));
            assert_eq!(got, tricky_expected(), "split at {split}");
        }
    }

    #[test]
    fn one_byte_at_a_time_with_empty_chunks() {
        let mut chunks: Vec<&[u8]> = Vec::new();
        for i in 0..TRICKY.len() {
            chunks.push(&[]);
            chunks.push(&TRICKY[i..i + 1]);
        }
        chunks.push(&[]);
        let got = values(run_decoder::<Value>(&chunks));
        assert_eq!(got, tricky_expected());
    }

    #[tokio::test]
    async fn stream_adapter_matches_decoder_for_every_split() {
        for split in 0..=TRICKY.len() {
            let (a, b) = TRICKY.split_at(split);
            let got = values(run_stream(vec![a.to_vec(), Vec::new(), b.to_vec()]).await);
            assert_eq!(got, tricky_expected(), "split at {split}");
        }
    }

    #[tokio::test]
    async fn works_with_framed_read_and_stream_reader() {
        use tokio_util::codec::FramedRead;
        use tokio_util::io::StreamReader;
        let chunks: Vec<std::io::Result<Bytes>> = TRICKY
            .chunks(3)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let reader = StreamReader::new(stream::iter(chunks));
        let framed = FramedRead::new(reader, ValueStreamDecoder::new());
        let got: Vec<Value> = framed.map(|r| r.unwrap()).collect().await;
        assert_eq!(got, tricky_expected());
    }

    #[test]
    fn no_separator_between_values() {
        let got = values(run_decoder::<Value>(&[b"{\"a\":1}{\"a\":2}[3]\"x\"{}"]));
        assert_eq!(
            got,
            vec![
                json!({"a":1}),
                json!({"a":2}),
                json!([3]),
                json!("x"),
                json!({})
            ]
        );
    }

    #[test]
    fn typed_items() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Msg {
            status: String,
            id: Option<String>,
        }
        let got: Vec<Msg> = run_decoder::<Msg>(&[
            b"{\"status\":\"Waiting\",\"id\":\"abc\",\"extra\":{\"x\":[1]}}\r\n{\"stat",
            b"us\":\"Done\"}",
        ])
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
        assert_eq!(
            got,
            vec![
                Msg {
                    status: "Waiting".into(),
                    id: Some("abc".into())
                },
                Msg {
                    status: "Done".into(),
                    id: None
                },
            ]
        );
    }

    #[test]
    fn in_band_error_prefers_error_detail_message() {
        let input: &[u8] = b"{\"status\":\"Pushing\"}\r\n\
            {\"errorDetail\":{\"message\":\"denied: access forbidden\",\"code\":403},\"error\":\"short\"}\r\n";
        let out = run_decoder::<Value>(&[input]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].as_ref().unwrap(), &json!({"status": "Pushing"}));
        match &out[1] {
            Err(Error::Stream { message, code }) => {
                assert_eq!(message, "denied: access forbidden");
                assert_eq!(*code, Some(403));
            }
            other => panic!("expected Error::Stream, got {other:?}"),
        }
    }

    #[test]
    fn in_band_error_shapes() {
        type Case = (&'static [u8], Option<(&'static str, Option<i64>)>);
        let cases: &[Case] = &[
            (b"{\"error\":\"boom\"}", Some(("boom", None))),
            (
                b"{\"errorDetail\":{\"message\":\"detail\"}}",
                Some(("detail", None)),
            ),
            (
                b"{\"errorDetail\":{\"code\":7},\"error\":\"fallback\"}",
                Some(("fallback", Some(7))),
            ),
            (
                b"{\"errorDetail\":{\"message\":\"\"},\"error\":\"fallback\"}",
                Some(("fallback", None)),
            ),
            (
                b"{\"errorDetail\":{}}",
                Some(("the daemon reported an error without a message", None)),
            ),
            (
                b"{\"error\":{\"nested\":1}}",
                Some(("{\"nested\":1}", None)),
            ),
            // Not errors: null error, the word inside a string, a capitalised key, a non-object.
            (b"{\"error\":null,\"status\":\"ok\"}", None),
            (b"{\"stream\":\"the \\\"error\\\" word\"}", None),
            (b"{\"stream\":\"\\\"error\\\": \\\"x\\\"\"}", None),
            (b"{\"StatusCode\":0,\"Error\":{\"Message\":\"x\"}}", None),
            (b"[\"error\"]", None),
        ];
        for (input, expected) in cases {
            let out = run_decoder::<Value>(&[input]);
            assert_eq!(out.len(), 1, "{}", String::from_utf8_lossy(input));
            match (&out[0], expected) {
                (Err(Error::Stream { message, code }), Some((m, c))) => {
                    assert_eq!(message, m);
                    assert_eq!(code, c);
                }
                (Ok(_), None) => {}
                (got, want) => panic!(
                    "{}: got {got:?}, want {want:?}",
                    String::from_utf8_lossy(input)
                ),
            }
        }
    }

    #[test]
    fn error_detection_can_be_turned_off() {
        let mut decoder = ValueStreamDecoder::new().detect_errors(false);
        let mut buf = BytesMut::from(&b"{\"error\":\"x\"}"[..]);
        assert_eq!(
            decoder.decode(&mut buf).unwrap(),
            Some(json!({"error": "x"}))
        );
    }

    #[tokio::test]
    async fn in_band_error_mid_stream_ends_the_stream() {
        let input = b"{\"n\":1}\n{\"error\":\"pull access denied\"}\n{\"n\":2}\n".to_vec();
        for split in 0..=input.len() {
            let (a, b) = input.split_at(split);
            let out = run_stream(vec![a.to_vec(), b.to_vec()]).await;
            assert_eq!(out.len(), 2, "split at {split}: {out:?}");
            assert_eq!(out[0].as_ref().unwrap(), &json!({"n": 1}));
            assert_eq!(
                out[1].as_ref().unwrap_err().daemon_message(),
                Some("pull access denied")
            );
        }
    }

    #[tokio::test]
    async fn decode_error_is_reported_and_the_stream_goes_on() {
        #[derive(Deserialize, Debug)]
        struct Stat {
            #[allow(dead_code)]
            read: String,
        }
        let body = stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(
            b"{\"read\":\"t1\"}\n{\"read\":5}\n{\"read\":\"t3\"}\n",
        ))]);
        let decoder = JsonStreamDecoder::<Stat>::new().what("a stats sample");
        let out: Vec<_> = JsonStream::with_decoder(body, decoder).collect().await;
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok() && out[2].is_ok());
        let err = out[1].as_ref().unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("a stats sample `{\"read\":5}`"), "{text}");
    }

    #[test]
    fn malformed_json_is_a_decode_error() {
        let out = run_decoder::<Value>(&[b"{\"a\":}\n{\"b\":1}"]);
        assert!(matches!(out[0], Err(Error::Decode { .. })));
        assert_eq!(out[1].as_ref().unwrap(), &json!({"b": 1}));
    }

    #[test]
    fn truncated_input_is_a_protocol_error() {
        for input in [
            &b"{\"a\":1}\n{\"b\":"[..],
            b"{\"a\":1}\n{\"s\":\"unterminated",
            b"[1,[2]",
            b"\"open",
        ] {
            let out = run_decoder::<Value>(&[input]);
            let last = out.last().unwrap();
            assert!(
                matches!(last, Err(Error::Protocol(m)) if m.contains("ended inside a value")),
                "{}: {out:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn trailing_whitespace_and_separators_at_eof_are_fine() {
        let got = values(run_decoder::<Value>(&[
            b"{\"a\":1}\r\n\r\n \t\x1e",
            b"\n",
            b"",
        ]));
        assert_eq!(got, vec![json!({"a": 1})]);
        assert!(run_decoder::<Value>(&[b"", b" \n"]).is_empty());
    }

    #[test]
    fn bare_scalar_at_eof_is_complete() {
        let got = values(run_decoder::<Value>(&[b"1 2", b"3"]));
        assert_eq!(got, vec![json!(1), json!(23)]);
    }

    #[test]
    fn scan_is_incremental() {
        // A value fed in many chunks: the scan offset must advance so earlier bytes are not rescanned.
        let mut decoder = ValueStreamDecoder::new();
        let mut buf = BytesMut::new();
        buf.extend_from_slice(b"{\"k\":\"");
        assert!(decoder.decode(&mut buf).unwrap().is_none());
        for _ in 0..1000 {
            buf.extend_from_slice(b"abc}{\\\"");
            assert!(decoder.decode(&mut buf).unwrap().is_none());
            assert_eq!(decoder.scan.pos, buf.len());
        }
        buf.extend_from_slice(b"\"}");
        let v = decoder.decode(&mut buf).unwrap().unwrap();
        // Each piece is 7 raw bytes, 6 decoded characters (`\"` is one quote).
        assert_eq!(v["k"].as_str().unwrap().len(), 6000);
        assert!(buf.is_empty());
    }

    #[tokio::test]
    async fn large_stream_in_odd_chunks() {
        let mut input = Vec::new();
        for i in 0..2000 {
            input.extend_from_slice(
                format!("{{\"i\":{i},\"pad\":\"{}\"}}\r\n", "x}\\\"".repeat(i % 50)).as_bytes(),
            );
        }
        let chunks: Vec<Vec<u8>> = input.chunks(977).map(<[u8]>::to_vec).collect();
        let got = values(run_stream(chunks).await);
        assert_eq!(got.len(), 2000);
        for (i, v) in got.iter().enumerate() {
            assert_eq!(v["i"], json!(i));
            assert_eq!(v["pad"].as_str().unwrap(), "x}\"".repeat(i % 50));
        }
    }

    #[tokio::test]
    async fn body_error_is_yielded_and_ends_the_stream() {
        let body = stream::iter([
            Ok(Bytes::from_static(b"{\"a\":1}\n{\"b\"")),
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "reset",
            )),
            Ok(Bytes::from_static(b":2}")),
        ]);
        let out: Vec<_> = json_value_stream(body).collect().await;
        assert_eq!(out.len(), 2);
        assert!(
            matches!(out[1], Err(Error::Io(ref e)) if e.kind() == std::io::ErrorKind::ConnectionReset)
        );
    }

    /// A classic-builder body captured from dockerd 20.10 for `RUN echo building && exit 3`.
    #[tokio::test]
    async fn real_daemon_build_error() {
        #[derive(Deserialize, Debug)]
        struct BuildMsg {
            stream: Option<String>,
        }
        let body: &[u8] = include_bytes!("testdata/build-error.bin");
        for size in [1, 7, 64, body.len()] {
            let chunks: Vec<_> = body
                .chunks(size)
                .map(|c| Ok::<_, Error>(Bytes::copy_from_slice(c)))
                .collect();
            let out: Vec<Result<BuildMsg>> = json_stream(stream::iter(chunks)).collect().await;
            assert_eq!(out.len(), 9, "chunk size {size}");
            let text: String = out[..8]
                .iter()
                .map(|m| m.as_ref().unwrap().stream.clone().unwrap())
                .collect();
            assert!(
                text.contains("Step 2/2 : RUN echo building && exit 3\n"),
                "{text}"
            );
            assert!(text.contains("building\n"));
            match &out[8] {
                Err(Error::Stream { message, code }) => {
                    assert_eq!(
                        message,
                        "The command '/bin/sh -c echo building && exit 3' returned a non-zero code: 3"
                    );
                    assert_eq!(*code, Some(3));
                }
                other => panic!("chunk size {size}: {other:?}"),
            }
        }
    }

    /// `GET /containers/{id}/stats?stream=1` captured from dockerd 20.10: one object per line.
    #[tokio::test]
    async fn real_daemon_stats_stream() {
        let body: &[u8] = include_bytes!("testdata/stats.bin");
        let chunks: Vec<_> = body
            .chunks(1000)
            .map(|c| Ok::<_, Error>(Bytes::copy_from_slice(c)))
            .collect();
        let samples = values(json_value_stream(stream::iter(chunks)).collect().await);
        assert!(samples.len() >= 2, "{} samples", samples.len());
        for s in &samples {
            assert!(s["read"].is_string());
            assert!(s["cpu_stats"]["cpu_usage"]["total_usage"].is_u64());
        }
    }

    #[test]
    fn stream_is_send_and_unpin() {
        fn check<S: Send + Unpin + 'static>(_: &S) {}
        let body = stream::iter(Vec::<std::result::Result<Bytes, Error>>::new());
        check(&json_value_stream(body));
    }
}
