//! Plain TCP (`tcp://`, `http://`).

use std::future::Future;
use std::pin::Pin;

use super::{Conn, Dial};
use crate::error::Error;

pub(crate) struct TcpDialer {
    host: String,
    port: u16,
    label: String,
}

impl TcpDialer {
    pub(crate) fn new(host: String, port: u16, label: String) -> Self {
        TcpDialer { host, port, label }
    }
}

/// Opens a TCP connection with Nagle off (requests are small and latency-bound).
pub(crate) async fn connect_tcp(
    host: &str,
    port: u16,
    label: &str,
) -> Result<tokio::net::TcpStream, Error> {
    let stream = tokio::net::TcpStream::connect((host, port))
        .await
        .map_err(|source| Error::Connect {
            host: label.to_string(),
            source,
        })?;
    stream.set_nodelay(true).map_err(Error::Io)?;
    Ok(stream)
}

impl Dial for TcpDialer {
    fn dial(&self) -> Pin<Box<dyn Future<Output = Result<Conn, Error>> + Send>> {
        let (host, port, label) = (self.host.clone(), self.port, self.label.clone());
        Box::pin(async move { Ok(Conn::new(connect_tcp(&host, port, &label).await?)) })
    }
}
