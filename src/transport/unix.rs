//! Unix domain sockets (`unix://`).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use super::{Conn, Dial};
use crate::error::Error;

pub(crate) struct UnixDialer {
    path: PathBuf,
    label: String,
}

impl UnixDialer {
    pub(crate) fn new(path: PathBuf, label: String) -> Self {
        UnixDialer { path, label }
    }
}

impl Dial for UnixDialer {
    fn dial(&self) -> Pin<Box<dyn Future<Output = Result<Conn, Error>> + Send>> {
        let path = self.path.clone();
        let label = self.label.clone();
        Box::pin(async move {
            #[cfg(unix)]
            {
                match tokio::net::UnixStream::connect(&path).await {
                    Ok(s) => Ok(Conn::new(s)),
                    Err(source) => Err(Error::Connect {
                        host: label,
                        source,
                    }),
                }
            }
            #[cfg(not(unix))]
            {
                let _ = path;
                Err(Error::Connect {
                    host: label,
                    source: std::io::Error::new(
                        std::io::ErrorKind::Unsupported,
                        "unix sockets are not available on this platform",
                    ),
                })
            }
        })
    }
}
