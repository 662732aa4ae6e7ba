//! Decoders for the daemon's streamed responses and the hijacked (upgraded) connection type.
//!
//! - [`json_stream`] / [`JsonStream`]: a body of JSON messages (pull, push, build, events, stats), with
//!   in-band errors turned into [`Error::Stream`](crate::Error::Stream).
//! - [`log_stream`] / [`LogStream`]: container output (logs, attach, exec), multiplexed or TTY, as
//!   [`LogOutput`]; [`collect_demuxed`] and [`collect_interleaved`] read it to the end.
//! - [`ByteStream`]: an opaque body (export, save, archive), also readable as `AsyncRead`.
//!
//! The decoders ([`JsonStreamDecoder`], [`FrameDecoder`], [`RawDecoder`]) are `tokio_util` codecs, usable
//! with `FramedRead` as well as with [`DecodedStream`].

pub mod bytes;
pub mod decode;
pub mod demux;
pub mod frames;
pub mod hijack;
pub mod json_lines;
pub mod websocket;
pub(crate) mod writer;

pub use self::bytes::{ByteStream, ByteStreamReader};
pub use self::decode::{BodyStream, DecodedStream};
pub use self::demux::{collect_demuxed, collect_interleaved};
pub use self::frames::{log_stream, FrameDecoder, LogOutput, LogStream, RawDecoder};
pub use self::hijack::{Hijacked, HijackedWriter, Upgraded};
pub use self::json_lines::{
    json_stream, json_value_stream, JsonStream, JsonStreamDecoder, ValueStreamDecoder,
};
pub use self::websocket::WebSocketAttach;
