//! Decoders for the daemon's streamed responses and the hijacked (upgraded) connection type.
