//! Container output: the multiplexed ("stdcopy") framing, and raw TTY output.
//!
//! Without a TTY, logs, attach and exec output interleave stdout and stderr in frames:
//!
//! ```text
//! [type: u8][0][0][0][size: u32 big-endian][size bytes of payload]
//! ```
//!
//! with type 0 = stdin, 1 = stdout, 2 = stderr and 3 = an error from the daemon itself. With a TTY the
//! body is the terminal's raw bytes, with no framing at all. The two cannot be told apart reliably by
//! looking at the bytes, so the caller says which it is: [`log_stream`] takes `tty`, which the caller knows
//! from the container's (or exec's) `Tty` setting.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use futures_core::stream::BoxStream;
use futures_core::Stream;
use futures_util::TryStreamExt;
use tokio_util::codec::Decoder;

use super::bytes::ByteStream;
use super::decode::{BodyStream, DecodedStream};
use crate::error::{Error, Result};

/// One piece of container output.
///
/// A multiplexed stream yields [`StdOut`](LogOutput::StdOut) and [`StdErr`](LogOutput::StdErr) (and, rarely,
/// [`StdIn`](LogOutput::StdIn)), normally one per frame the daemon wrote; a TTY stream yields
/// [`Console`](LogOutput::Console) chunks as they arrive.
///
/// ```
/// use docker_sdk::stream::LogOutput;
///
/// let out = LogOutput::StdErr("oops\n".into());
/// assert!(out.is_stderr());
/// assert_eq!(out.as_bytes(), b"oops\n");
/// assert_eq!(out.to_string(), "oops\n");
/// assert_eq!(out.into_bytes(), "oops\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LogOutput {
    /// Stream type 0. The daemon does not normally send it; demultiplexing helpers treat it as stdout,
    /// like the Docker CLI.
    StdIn(Bytes),
    /// Stream type 1: the container's standard output.
    StdOut(Bytes),
    /// Stream type 2: the container's standard error.
    StdErr(Bytes),
    /// Output of a container or exec with a TTY: stdout and stderr merged by the terminal, unframed.
    Console(Bytes),
}

impl LogOutput {
    /// The payload.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            LogOutput::StdIn(b)
            | LogOutput::StdOut(b)
            | LogOutput::StdErr(b)
            | LogOutput::Console(b) => b,
        }
    }

    /// The payload, without copying.
    pub fn into_bytes(self) -> Bytes {
        match self {
            LogOutput::StdIn(b)
            | LogOutput::StdOut(b)
            | LogOutput::StdErr(b)
            | LogOutput::Console(b) => b,
        }
    }

    /// True for [`LogOutput::StdIn`].
    pub fn is_stdin(&self) -> bool {
        matches!(self, LogOutput::StdIn(_))
    }

    /// True for [`LogOutput::StdOut`].
    pub fn is_stdout(&self) -> bool {
        matches!(self, LogOutput::StdOut(_))
    }

    /// True for [`LogOutput::StdErr`].
    pub fn is_stderr(&self) -> bool {
        matches!(self, LogOutput::StdErr(_))
    }

    /// True for [`LogOutput::Console`] (TTY output).
    pub fn is_console(&self) -> bool {
        matches!(self, LogOutput::Console(_))
    }

    /// The payload's length in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// True when the payload is empty.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl AsRef<[u8]> for LogOutput {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl From<LogOutput> for Bytes {
    fn from(out: LogOutput) -> Bytes {
        out.into_bytes()
    }
}

impl fmt::Display for LogOutput {
    /// The payload as text; invalid UTF-8 is replaced by U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.as_bytes()))
    }
}

/// The bytes of the `chunks` that `keep` accepts, concatenated in order (the buffered outputs of run and
/// exec_run split into stdout / stderr this way).
pub(crate) fn join_chunks(chunks: &[LogOutput], keep: impl Fn(&LogOutput) -> bool) -> Vec<u8> {
    let mut out = Vec::new();
    for c in chunks.iter().filter(|c| keep(c)) {
        out.extend_from_slice(c.as_bytes());
    }
    out
}

const HEADER_LEN: usize = 8;

/// The default for [`FrameDecoder::max_chunk`]: 1 MiB.
pub const DEFAULT_MAX_CHUNK: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StreamType {
    StdIn,
    StdOut,
    StdErr,
    SystemErr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameState {
    /// Waiting for the 8 header bytes.
    Header,
    /// Inside a payload; `remaining` bytes of it have not been yielded yet (`total` is the frame's size).
    Payload {
        kind: StreamType,
        remaining: usize,
        total: usize,
    },
    /// A daemon error or a malformed header ended the stream; the rest of the input is ignored.
    Done,
}

/// A [`Decoder`] for the multiplexed ("stdcopy") stream: yields [`LogOutput::StdOut`],
/// [`LogOutput::StdErr`] and [`LogOutput::StdIn`].
///
/// - Frames may be split across chunks anywhere, including inside the header. Zero-length frames are
///   skipped.
/// - A frame is yielded whole, sliced out of the input buffer without copying. A frame larger than
///   [`max_chunk`](Self::max_chunk) (1 MiB by default) is yielded in pieces of at least that size as its
///   bytes arrive, so a frame of any `u32` size is accepted. The frame's declared size is never used to
///   reserve memory: the buffer only grows with the bytes actually received.
/// - A type-3 frame (an error from the daemon) gives [`Error::Stream`] with its text, and the stream
///   ends there.
/// - An unknown stream type gives [`Error::Protocol`] and ends the stream: the body is most likely raw TTY
///   output read as if it were multiplexed.
/// - **End of input inside a frame.** The payload bytes that did arrive are yielded first; then
///   [`Error::Protocol`] ("stream ended inside a frame …") reports the truncation. (Docker's own reader
///   drops a truncated final frame silently; here the caller learns that output was cut off.)
/// - **Podman's short frames.** When an attach replays logs (`logs=true`), Podman 4 declares each frame
///   one byte short and writes the line's `\n` after it, where the next header should start. A single
///   `\n` right after a frame whose payload does not end in one, followed by a valid header or by the end
///   of the input, is therefore yielded as more output of that frame's stream (where a strict reader would
///   fail with "unknown stream type 10"), so the output reads the same as from Docker.
///
/// ```
/// use bytes::BytesMut;
/// use tokio_util::codec::Decoder;
/// use docker_sdk::stream::{FrameDecoder, LogOutput};
///
/// let mut decoder = FrameDecoder::new();
/// let mut buf = BytesMut::from(&b"\x01\0\0\0\0\0\0\x03hi\n\x02\0\0\0\0\0"[..]);
/// assert_eq!(decoder.decode(&mut buf)?, Some(LogOutput::StdOut("hi\n".into())));
/// assert_eq!(decoder.decode(&mut buf)?, None); // half a header: waits for more
/// buf.extend_from_slice(b"\0\x04err\n");
/// assert_eq!(decoder.decode(&mut buf)?, Some(LogOutput::StdErr("err\n".into())));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FrameDecoder {
    state: FrameState,
    max_chunk: usize,
    /// The stream of the last payload yielded, when that payload did not end in `\n` (see Podman's short
    /// frames above).
    unterminated: Option<StreamType>,
}

impl FrameDecoder {
    /// A decoder with the default [`max_chunk`](Self::max_chunk) of 1 MiB.
    pub fn new() -> Self {
        FrameDecoder {
            state: FrameState::Header,
            max_chunk: DEFAULT_MAX_CHUNK,
            unterminated: None,
        }
    }

    /// Frames up to `max_chunk` bytes are yielded whole; larger ones in pieces, so no more than about
    /// `max_chunk` bytes of one frame are held in memory. Values below 1 are treated as 1.
    #[must_use]
    pub fn max_chunk(mut self, max_chunk: usize) -> Self {
        self.max_chunk = max_chunk.max(1);
        self
    }

    /// Yields `payload` of stream `kind`, remembering whether it ended a line.
    fn emit(&mut self, kind: StreamType, payload: Bytes) -> Option<LogOutput> {
        self.unterminated = (payload.last() != Some(&b'\n')).then_some(kind);
        Some(Self::output(kind, payload))
    }

    /// At a header position: the stream whose line a lone `\n` in front of the next header (or of the end
    /// of input, with `at_eof`) finishes, if that is what `buf` holds. `Err(())` when more bytes are needed
    /// to tell.
    fn stray_newline(
        &self,
        buf: &[u8],
        at_eof: bool,
    ) -> std::result::Result<Option<StreamType>, ()> {
        let Some(kind) = self.unterminated else {
            return Ok(None);
        };
        if buf.first() != Some(&b'\n') {
            return Ok(None);
        }
        if at_eof && buf.len() == 1 {
            return Ok(Some(kind));
        }
        if buf.len() < 1 + HEADER_LEN {
            return if at_eof { Ok(None) } else { Err(()) };
        }
        let header = &buf[1..=HEADER_LEN];
        let valid = header[0] <= 3 && header[1..4] == [0, 0, 0];
        Ok(valid.then_some(kind))
    }

    fn output(kind: StreamType, payload: Bytes) -> LogOutput {
        match kind {
            StreamType::StdIn => LogOutput::StdIn(payload),
            StreamType::StdOut => LogOutput::StdOut(payload),
            StreamType::StdErr => LogOutput::StdErr(payload),
            StreamType::SystemErr => unreachable!("system errors are not output"),
        }
    }

    fn finish(&mut self, buf: &mut BytesMut, err: Error) -> Result<Option<LogOutput>> {
        self.state = FrameState::Done;
        buf.clear();
        Err(err)
    }
}

impl Default for FrameDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder for FrameDecoder {
    type Item = LogOutput;
    type Error = Error;

    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<LogOutput>> {
        loop {
            match self.state {
                FrameState::Done => {
                    buf.clear();
                    return Ok(None);
                }
                FrameState::Header => {
                    match self.stray_newline(buf, false) {
                        Ok(Some(kind)) => {
                            let newline = buf.split_to(1).freeze();
                            return Ok(self.emit(kind, newline));
                        }
                        Ok(None) => {}
                        Err(()) => return Ok(None),
                    }
                    if buf.len() < HEADER_LEN {
                        return Ok(None);
                    }
                    let kind = match buf[0] {
                        0 => StreamType::StdIn,
                        1 => StreamType::StdOut,
                        2 => StreamType::StdErr,
                        3 => StreamType::SystemErr,
                        other => {
                            let header = format!("{:02x?}", &buf[..HEADER_LEN]);
                            return self.finish(
                                buf,
                                Error::Protocol(format!(
                                    "unknown stream type {other} in a multiplexed stream (frame header {header}); \
                                     if the container or exec has a TTY, read its output as a raw stream"
                                )),
                            );
                        }
                    };
                    let size = u32::from_be_bytes([buf[4], buf[5], buf[6], buf[7]]) as usize;
                    buf.advance(HEADER_LEN);
                    if size > 0 {
                        self.state = FrameState::Payload {
                            kind,
                            remaining: size,
                            total: size,
                        };
                    }
                }
                FrameState::Payload {
                    kind: StreamType::SystemErr,
                    remaining,
                    ..
                } => {
                    // The message is only reported once whole (or once it reaches max_chunk bytes).
                    let take = remaining.min(self.max_chunk);
                    if buf.len() < take {
                        return Ok(None);
                    }
                    let text = String::from_utf8_lossy(&buf[..take]).trim_end().to_owned();
                    return self.finish(
                        buf,
                        Error::Stream {
                            message: text,
                            code: None,
                        },
                    );
                }
                FrameState::Payload {
                    kind,
                    remaining,
                    total,
                } => {
                    if buf.len() >= remaining {
                        let payload = buf.split_to(remaining).freeze();
                        self.state = FrameState::Header;
                        return Ok(self.emit(kind, payload));
                    }
                    if buf.len() >= self.max_chunk {
                        let payload = buf.split_to(buf.len()).freeze();
                        self.state = FrameState::Payload {
                            kind,
                            remaining: remaining - payload.len(),
                            total,
                        };
                        return Ok(self.emit(kind, payload));
                    }
                    return Ok(None);
                }
            }
        }
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<LogOutput>> {
        if let Some(out) = self.decode(buf)? {
            return Ok(Some(out));
        }
        match self.state {
            FrameState::Done => Ok(None),
            FrameState::Header if buf.is_empty() => Ok(None),
            FrameState::Header => {
                if let Ok(Some(kind)) = self.stray_newline(buf, true) {
                    let newline = buf.split_to(1).freeze();
                    return Ok(self.emit(kind, newline));
                }
                let got = buf.len();
                self.finish(
                    buf,
                    Error::Protocol(format!(
                        "stream ended inside a frame header ({got} of {HEADER_LEN} bytes received)"
                    )),
                )
            }
            FrameState::Payload {
                kind: StreamType::SystemErr,
                ..
            } => {
                // A cut-off daemon error is still worth reporting as what it is.
                let text = String::from_utf8_lossy(buf).trim_end().to_owned();
                self.finish(buf, Error::Stream { message: text, code: None })
            }
            FrameState::Payload { kind, remaining, total } if !buf.is_empty() => {
                let payload = buf.split_to(buf.len()).freeze();
                self.state = FrameState::Payload {
                    kind,
                    remaining: remaining - payload.len(),
                    total,
                };
                Ok(self.emit(kind, payload))
            }
            FrameState::Payload { remaining, total, .. } => self.finish(
                buf,
                Error::Protocol(format!(
                    "stream ended inside a frame: {} of {total} payload bytes received; the output is cut off",
                    total - remaining
                )),
            ),
        }
    }
}

/// A [`Decoder`] for TTY output: yields everything buffered as one [`LogOutput::Console`], without
/// splitting at newlines and without waiting for more.
///
/// ```
/// use bytes::BytesMut;
/// use tokio_util::codec::Decoder;
/// use docker_sdk::stream::{LogOutput, RawDecoder};
///
/// let tty_bytes = b"\x01\0\0\0 looks like a frame header, but a TTY has no frames";
/// let mut buf = BytesMut::from(&tty_bytes[..]);
/// let out = RawDecoder.decode(&mut buf)?.unwrap();
/// assert!(out.is_console());
/// assert_eq!(out.as_bytes(), tty_bytes);
/// assert_eq!(RawDecoder.decode(&mut buf)?, None);
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct RawDecoder;

impl Decoder for RawDecoder {
    type Item = LogOutput;
    type Error = Error;

    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<LogOutput>> {
        if buf.is_empty() {
            Ok(None)
        } else {
            Ok(Some(LogOutput::Console(buf.split().freeze())))
        }
    }
}

/// A stream of container output: `Stream<Item = Result<LogOutput>>`, `Send`, `Unpin` and `'static`.
///
/// Made by [`log_stream`]. [`collect_demuxed`](Self::collect_demuxed) and
/// [`collect_interleaved`](Self::collect_interleaved) read it to the end.
#[must_use = "streams do nothing unless polled"]
pub struct LogStream {
    inner: BoxStream<'static, Result<LogOutput>>,
}

impl LogStream {
    /// Wraps any stream of output.
    pub fn new(stream: impl Stream<Item = Result<LogOutput>> + Send + 'static) -> Self {
        LogStream {
            inner: Box::pin(stream),
        }
    }

    /// Reads the stream to the end: stdout (with stdin and console output) and stderr separately.
    /// See [`collect_demuxed`](super::collect_demuxed).
    ///
    /// # Errors
    ///
    /// The first error in the stream.
    pub async fn collect_demuxed(self) -> Result<(Vec<u8>, Vec<u8>)> {
        super::demux::collect_demuxed(self).await
    }

    /// Reads the stream to the end, all streams in the order they arrived.
    /// See [`collect_interleaved`](super::collect_interleaved).
    ///
    /// # Errors
    ///
    /// The first error in the stream.
    pub async fn collect_interleaved(self) -> Result<Vec<u8>> {
        super::demux::collect_interleaved(self).await
    }
}

impl Stream for LogStream {
    type Item = Result<LogOutput>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl fmt::Debug for LogStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogStream").finish_non_exhaustive()
    }
}

/// Decodes container output (logs, attach, exec): multiplexed frames when `tty` is false, raw
/// [`LogOutput::Console`] chunks when it is true.
///
/// `tty` must come from what the caller knows — the container's `Config.Tty`, or the `Tty` sent to
/// exec start — never from guessing at the bytes: TTY output can begin with a byte that looks like a
/// frame header. Raw chunks are passed through as they arrive, without copying.
///
/// See [`FrameDecoder`] for how errors and truncation are reported.
///
/// ```
/// use bytes::Bytes;
/// use futures_util::{stream, TryStreamExt};
/// use docker_sdk::stream::{log_stream, LogOutput};
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let framed = stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"\x01\0\0\0\0\0\0\x02hi\x02\0\0\0\0\0\0\x01!"))]);
/// let out: Vec<LogOutput> = log_stream(framed, false).try_collect().await?;
/// assert_eq!(out, [LogOutput::StdOut("hi".into()), LogOutput::StdErr("!".into())]);
///
/// let raw = stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"\x01\0\0\0 tty bytes"))]);
/// let out: Vec<LogOutput> = log_stream(raw, true).try_collect().await?;
/// assert_eq!(out, [LogOutput::Console(Bytes::from_static(b"\x01\0\0\0 tty bytes"))]);
/// # Ok::<(), docker_sdk::Error>(())
/// # }).unwrap();
/// ```
pub fn log_stream(body: impl BodyStream, tty: bool) -> LogStream {
    if tty {
        LogStream::new(ByteStream::new(body).map_ok(LogOutput::Console))
    } else {
        LogStream::new(DecodedStream::new(body, FrameDecoder::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{stream, StreamExt};

    fn frame(kind: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![kind, 0, 0, 0];
        out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    /// Runs a decoder over `chunks` via `decode` / `decode_eof`, stopping after a fatal error.
    fn run(decoder: &mut FrameDecoder, chunks: &[&[u8]]) -> Vec<Result<LogOutput>> {
        let mut buf = BytesMut::new();
        let mut out = Vec::new();
        for chunk in chunks {
            buf.extend_from_slice(chunk);
            loop {
                match decoder.decode(&mut buf) {
                    Ok(Some(v)) => out.push(Ok(v)),
                    Ok(None) => break,
                    Err(e) => {
                        out.push(Err(e));
                        return out;
                    }
                }
            }
        }
        loop {
            match decoder.decode_eof(&mut buf) {
                Ok(Some(v)) => out.push(Ok(v)),
                Ok(None) => break,
                Err(e) => {
                    out.push(Err(e));
                    break;
                }
            }
        }
        out
    }

    /// Concatenates consecutive outputs of the same stream, so results compare independently of how a
    /// large frame was cut into pieces.
    fn merged(out: Vec<Result<LogOutput>>) -> Vec<(u8, Vec<u8>)> {
        let mut merged: Vec<(u8, Vec<u8>)> = Vec::new();
        for item in out {
            let item = item.expect("no error expected");
            let tag = match item {
                LogOutput::StdIn(_) => 0,
                LogOutput::StdOut(_) => 1,
                LogOutput::StdErr(_) => 2,
                LogOutput::Console(_) => 9,
            };
            match merged.last_mut() {
                Some((t, data)) if *t == tag => data.extend_from_slice(item.as_bytes()),
                _ => merged.push((tag, item.as_bytes().to_vec())),
            }
        }
        merged
    }

    fn sample() -> Vec<u8> {
        let mut input = frame(1, b"hello\n");
        input.extend(frame(2, b"")); // zero-length: skipped
        input.extend(frame(2, b"warning: x\n"));
        input.extend(frame(1, b""));
        input.extend(frame(0, b"in"));
        input.extend(frame(1, b"bye\n"));
        input
    }

    fn sample_expected() -> Vec<LogOutput> {
        vec![
            LogOutput::StdOut("hello\n".into()),
            LogOutput::StdErr("warning: x\n".into()),
            LogOutput::StdIn("in".into()),
            LogOutput::StdOut("bye\n".into()),
        ]
    }

    fn plain(out: Vec<Result<LogOutput>>) -> Vec<LogOutput> {
        out.into_iter()
            .map(|r| r.expect("no error expected"))
            .collect()
    }

    #[test]
    fn one_chunk() {
        let input = sample();
        assert_eq!(
            plain(run(&mut FrameDecoder::new(), &[&input])),
            sample_expected()
        );
    }

    #[test]
    fn every_two_piece_split_yields_whole_frames() {
        let input = sample();
        for split in 0..=input.len() {
            let (a, b) = input.split_at(split);
            assert_eq!(
                plain(run(&mut FrameDecoder::new(), &[a, b])),
                sample_expected(),
                "split at {split}"
            );
        }
    }

    #[test]
    fn one_byte_at_a_time_with_empty_chunks() {
        let input = sample();
        let mut chunks: Vec<&[u8]> = vec![&[]];
        for i in 0..input.len() {
            chunks.push(&input[i..i + 1]);
            chunks.push(&[]);
        }
        assert_eq!(
            plain(run(&mut FrameDecoder::new(), &chunks)),
            sample_expected()
        );
    }

    #[test]
    fn only_zero_length_frames() {
        let mut input = frame(1, b"");
        input.extend(frame(2, b""));
        assert!(run(&mut FrameDecoder::new(), &[&input]).is_empty());
    }

    fn big_payload(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn one_mib_frame_in_odd_chunks_is_yielded_whole() {
        let payload = big_payload(1 << 20);
        let mut input = frame(1, &payload);
        input.extend(frame(2, b"tail"));
        for chunk_size in [1usize, 7, 4093, 65_537] {
            if chunk_size == 1 {
                // Byte-at-a-time over 1 MiB is slow in debug builds; use a smaller frame for it.
                let small = frame(1, &big_payload(70_001));
                let chunks: Vec<&[u8]> = small.chunks(1).collect();
                let out = plain(run(&mut FrameDecoder::new(), &chunks));
                assert_eq!(out, [LogOutput::StdOut(big_payload(70_001).into())]);
                continue;
            }
            let chunks: Vec<&[u8]> = input.chunks(chunk_size).collect();
            let out = plain(run(&mut FrameDecoder::new(), &chunks));
            assert_eq!(out.len(), 2, "chunk size {chunk_size}");
            assert_eq!(out[0], LogOutput::StdOut(payload.clone().into()));
            assert_eq!(out[1], LogOutput::StdErr("tail".into()));
        }
    }

    #[test]
    fn frame_larger_than_max_chunk_is_yielded_in_pieces() {
        let payload = big_payload(100_003);
        let mut input = frame(2, &payload);
        input.extend(frame(1, b"next"));
        let chunks: Vec<&[u8]> = input.chunks(999).collect();
        let mut decoder = FrameDecoder::new().max_chunk(10_000);
        let out = run(&mut decoder, &chunks);
        assert!(out.len() > 3, "expected several pieces, got {}", out.len());
        for item in &out {
            assert!(item.as_ref().unwrap().len() <= 10_000 + 999);
        }
        assert_eq!(merged(out), vec![(2, payload), (1, b"next".to_vec())]);
    }

    #[test]
    fn huge_declared_size_does_not_preallocate() {
        // A header announcing 4 GiB followed by a few bytes: nothing is reserved for the declared size.
        let mut input = vec![1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff];
        input.extend_from_slice(b"abc");
        let mut decoder = FrameDecoder::new();
        let mut buf = BytesMut::from(&input[..]);
        assert_eq!(decoder.decode(&mut buf).unwrap(), None);
        assert!(buf.capacity() < 1024, "capacity {}", buf.capacity());
        // At EOF the partial payload is yielded, then the truncation is reported.
        assert_eq!(
            decoder.decode_eof(&mut buf).unwrap(),
            Some(LogOutput::StdOut("abc".into()))
        );
        let err = decoder.decode_eof(&mut buf).unwrap_err();
        assert!(
            matches!(&err, Error::Protocol(m) if m.contains("stream ended inside a frame: 3 of 4294967295")),
            "{err}"
        );
        assert_eq!(decoder.decode_eof(&mut buf).unwrap(), None);
    }

    #[test]
    fn system_error_mid_stream_ends_the_stream() {
        let mut input = frame(1, b"before\n");
        input.extend(frame(3, b"Error grabbing logs: log file is corrupt\n"));
        input.extend(frame(1, b"after\n"));
        for split in 0..=input.len() {
            let (a, b) = input.split_at(split);
            let out = run(&mut FrameDecoder::new(), &[a, b]);
            assert_eq!(out.len(), 2, "split at {split}");
            assert_eq!(
                out[0].as_ref().unwrap(),
                &LogOutput::StdOut("before\n".into())
            );
            match &out[1] {
                Err(Error::Stream {
                    message,
                    code: None,
                }) => {
                    assert_eq!(message, "Error grabbing logs: log file is corrupt")
                }
                other => panic!("split at {split}: {other:?}"),
            }
        }
    }

    #[test]
    fn truncated_system_error_is_still_a_stream_error() {
        let input = frame(3, b"daemon went away");
        let out = run(&mut FrameDecoder::new(), &[&input[..input.len() - 4]]);
        assert!(
            matches!(&out[..], [Err(Error::Stream { message, .. })] if message == "daemon went")
        );
    }

    #[test]
    fn unknown_stream_type_is_a_protocol_error() {
        let mut input = frame(1, b"ok");
        input.extend(frame(7, b"?"));
        let out = run(&mut FrameDecoder::new(), &[&input]);
        assert_eq!(out.len(), 2);
        assert!(matches!(&out[1], Err(Error::Protocol(m)) if m.contains("unknown stream type 7")));
    }

    /// A frame declared one byte short, its `\n` written after it (Podman 4's attach log replay).
    fn short_frame(kind: u8, line: &[u8]) -> Vec<u8> {
        let mut out = frame(kind, line);
        out.push(b'\n');
        out
    }

    #[test]
    fn podman_short_frames_read_like_docker_frames() {
        // What Podman 4.3 sends for `attach?logs=1&stream=0` after "ready", "ping" (stdout), "bye" (stderr).
        let mut input = short_frame(1, b"ready");
        input.extend(short_frame(1, b"ping"));
        input.extend(short_frame(2, b"bye"));
        let expected = vec![(1, b"ready\nping\n".to_vec()), (2, b"bye\n".to_vec())];
        assert_eq!(merged(run(&mut FrameDecoder::new(), &[&input])), expected);
        // Split anywhere, including between the stray newline and the next header.
        for cut in 0..=input.len() {
            let out = run(&mut FrameDecoder::new(), &[&input[..cut], &input[cut..]]);
            assert_eq!(merged(out), expected, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(merged(run(&mut FrameDecoder::new(), &bytes)), expected);
    }

    #[test]
    fn a_newline_is_only_a_short_frames_tail_where_nothing_else_fits() {
        // After a payload that already ended its line, a newline is not a frame's tail: still an error.
        let mut input = frame(1, b"whole line\n");
        input.push(b'\n');
        input.extend(frame(1, b"x"));
        let out = run(&mut FrameDecoder::new(), &[&input]);
        assert!(matches!(&out[1], Err(Error::Protocol(m)) if m.contains("unknown stream type 10")));
        // Nor when what follows the newline is not a header.
        let mut input = frame(1, b"partial");
        input.extend_from_slice(b"\nnot a header");
        let out = run(&mut FrameDecoder::new(), &[&input]);
        assert!(matches!(&out[1], Err(Error::Protocol(m)) if m.contains("unknown stream type 10")));
        // Nor at the very start of a stream.
        let out = run(&mut FrameDecoder::new(), &[b"\n"]);
        assert!(matches!(&out[0], Err(Error::Protocol(m)) if m.contains("inside a frame header")));
    }

    #[test]
    fn truncated_header_and_payload() {
        let input = sample();
        // Cut inside the last frame's header.
        let last_frame_start = input.len() - frame(1, b"bye\n").len();
        let out = run(&mut FrameDecoder::new(), &[&input[..last_frame_start + 5]]);
        assert_eq!(out.len(), 4);
        assert!(
            matches!(&out[3], Err(Error::Protocol(m)) if m.contains("inside a frame header (5 of 8"))
        );
        // Cut inside the last frame's payload: the partial payload comes first.
        let out = run(&mut FrameDecoder::new(), &[&input[..input.len() - 1]]);
        assert_eq!(out.len(), 5);
        assert_eq!(out[3].as_ref().unwrap(), &LogOutput::StdOut("bye".into()));
        assert!(matches!(&out[4], Err(Error::Protocol(m)) if m.contains("3 of 4 payload bytes")));
    }

    #[test]
    fn payload_is_zero_copy() {
        let input = frame(1, b"zero copy please");
        let mut buf = BytesMut::from(&input[..]);
        let start = buf.as_ptr() as usize;
        let out = FrameDecoder::new().decode(&mut buf).unwrap().unwrap();
        assert_eq!(out.as_bytes().as_ptr() as usize, start + HEADER_LEN);
    }

    #[tokio::test]
    async fn log_stream_framed_any_chunking() {
        let input = sample();
        for split in 0..=input.len() {
            let (a, b) = input.split_at(split);
            let body = stream::iter(
                [a.to_vec(), Vec::new(), b.to_vec()].map(|c| Ok::<_, Error>(Bytes::from(c))),
            );
            let out: Vec<LogOutput> = log_stream(body, false).map(|r| r.unwrap()).collect().await;
            assert_eq!(out, sample_expected(), "split at {split}");
        }
    }

    #[tokio::test]
    async fn log_stream_tty_passes_chunks_through() {
        let chunks = [
            &b"\x01\x00\x00\x00"[..],
            b"",
            b"\x00\x00\x00\x05abc",
            b"\r\nline2",
        ];
        let body = stream::iter(chunks.map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c))));
        let out: Vec<LogOutput> = log_stream(body, true).map(|r| r.unwrap()).collect().await;
        assert_eq!(
            out,
            [
                LogOutput::Console(Bytes::from_static(b"\x01\x00\x00\x00")),
                LogOutput::Console(Bytes::from_static(b"\x00\x00\x00\x05abc")),
                LogOutput::Console(Bytes::from_static(b"\r\nline2")),
            ]
        );
    }

    #[tokio::test]
    async fn framed_read_compatibility() {
        use tokio_util::codec::FramedRead;
        use tokio_util::io::StreamReader;
        let input = sample();
        let chunks: Vec<std::io::Result<Bytes>> = input
            .chunks(5)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let framed = FramedRead::new(StreamReader::new(stream::iter(chunks)), FrameDecoder::new());
        let out: Vec<LogOutput> = framed.map(|r| r.unwrap()).collect().await;
        assert_eq!(out, sample_expected());

        let chunks: Vec<std::io::Result<Bytes>> =
            vec![Ok(Bytes::from_static(b"ab")), Ok(Bytes::from_static(b"c"))];
        let framed = FramedRead::new(StreamReader::new(stream::iter(chunks)), RawDecoder);
        let out: Vec<u8> = framed
            .map(|r| r.unwrap().into_bytes().to_vec())
            .concat()
            .await;
        assert_eq!(out, b"abc");
    }

    #[tokio::test]
    async fn log_stream_truncated_body_reports_after_partial_payload() {
        let input = frame(2, b"partial line");
        let body = stream::iter([Ok::<_, std::io::Error>(Bytes::copy_from_slice(
            &input[..input.len() - 5],
        ))]);
        let out: Vec<_> = log_stream(body, false).collect().await;
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].as_ref().unwrap(),
            &LogOutput::StdErr("partial".into())
        );
        assert!(matches!(&out[1], Err(Error::Protocol(_))));
    }

    /// Bodies captured from dockerd 20.10 (`GET /containers/{id}/logs`) for a container that ran
    /// `echo out1; echo err1 >&2; printf "\x01\x02 binary\n"; echo err2 >&2`, without and with a TTY.
    #[tokio::test]
    async fn real_daemon_log_bodies() {
        let framed: &[u8] = include_bytes!("testdata/logs-notty.bin");
        for size in [1, 3, 8, 57] {
            let chunks: Vec<_> = framed
                .chunks(size)
                .map(|c| Ok::<_, Error>(Bytes::copy_from_slice(c)))
                .collect();
            let out: Vec<LogOutput> = log_stream(stream::iter(chunks), false)
                .map(|r| r.unwrap())
                .collect()
                .await;
            assert_eq!(
                out,
                [
                    LogOutput::StdOut("out1\n".into()),
                    LogOutput::StdOut(Bytes::from_static(b"\x01\x02 binary\n")),
                    LogOutput::StdErr("err1\n".into()),
                    LogOutput::StdErr("err2\n".into()),
                ],
                "chunk size {size}"
            );
        }
        let tty: &[u8] = include_bytes!("testdata/logs-tty.bin");
        let body = stream::iter([Ok::<_, Error>(Bytes::from_static(tty))]);
        let (stdout, stderr) = log_stream(body, true).collect_demuxed().await.unwrap();
        assert_eq!(stdout, b"out1\r\nerr1\r\n");
        assert!(stderr.is_empty());
    }

    #[test]
    fn log_output_helpers() {
        let out = LogOutput::Console(Bytes::from_static(b"caf\xc3\xa9 \xff"));
        assert!(out.is_console() && !out.is_stdout() && !out.is_stderr() && !out.is_stdin());
        assert_eq!(out.len(), 7);
        assert!(!out.is_empty());
        assert_eq!(out.to_string(), "café \u{fffd}");
        assert!(LogOutput::StdIn(Bytes::new()).is_empty());
        assert_eq!(Bytes::from(LogOutput::StdOut("x".into())), "x");
    }
}
