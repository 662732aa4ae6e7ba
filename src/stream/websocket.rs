//! Attach over a WebSocket (`GET /containers/{id}/attach/ws`).

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::SinkExt;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use crate::error::{Error, Result};

/// A container attached over a WebSocket: a `Stream` of output chunks, and [`send`](Self::send) for stdin.
///
/// The daemon sends raw output (stdout and stderr together, as binary messages); control frames are
/// handled here and never show up in the stream.
pub struct WebSocketAttach {
    ws: WebSocketStream<TokioIo<Upgraded>>,
}

impl WebSocketAttach {
    pub(crate) async fn new(io: TokioIo<Upgraded>) -> Self {
        let ws = WebSocketStream::from_raw_socket(
            io,
            tokio_tungstenite::tungstenite::protocol::Role::Client,
            None,
        )
        .await;
        WebSocketAttach { ws }
    }

    /// Sends bytes to the container's stdin.
    ///
    /// # Errors
    /// [`Error::Io`] when the connection is gone.
    pub async fn send(&mut self, data: impl Into<Bytes>) -> Result<()> {
        self.ws
            .send(Message::Binary(data.into()))
            .await
            .map_err(ws_error)
    }

    /// Closes the WebSocket (a clean close handshake).
    ///
    /// # Errors
    /// [`Error::Io`] when the connection is already gone.
    pub async fn close(&mut self) -> Result<()> {
        self.ws.close(None).await.map_err(ws_error)
    }
}

fn ws_error(e: tokio_tungstenite::tungstenite::Error) -> Error {
    use tokio_tungstenite::tungstenite::Error as WsError;
    match e {
        WsError::Io(io) => Error::Io(io),
        other => Error::Protocol(format!("websocket: {other}")),
    }
}

impl fmt::Debug for WebSocketAttach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebSocketAttach")
    }
}

impl Stream for WebSocketAttach {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match ready!(Pin::new(&mut self.ws).poll_next(cx)) {
                Some(Ok(Message::Binary(b))) => return Poll::Ready(Some(Ok(b))),
                Some(Ok(Message::Text(t))) => return Poll::Ready(Some(Ok(Bytes::from(t)))),
                Some(Ok(Message::Close(_))) | None => return Poll::Ready(None),
                Some(Ok(_)) => continue,
                Some(Err(tokio_tungstenite::tungstenite::Error::ConnectionClosed)) => {
                    return Poll::Ready(None)
                }
                Some(Err(e)) => return Poll::Ready(Some(Err(ws_error(e)))),
            }
        }
    }
}
