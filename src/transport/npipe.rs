//! Windows named pipes (`npipe:////./pipe/docker_engine`), with the same shape as the Unix socket dialer.
//!
//! Not compiled or tested on this project's Linux CI (no Windows target is available there); see the
//! README's status table.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::net::windows::named_pipe::ClientOptions;

use super::{Conn, Dial};
use crate::error::Error;

/// `ERROR_PIPE_BUSY`: every instance of the pipe is in use; try again shortly.
const ERROR_PIPE_BUSY: i32 = 231;

pub(crate) struct NamedPipeDialer {
    path: String,
    label: String,
}

impl NamedPipeDialer {
    pub(crate) fn new(path: String, label: String) -> Self {
        NamedPipeDialer { path, label }
    }
}

impl Dial for NamedPipeDialer {
    fn dial(&self) -> Pin<Box<dyn Future<Output = Result<Conn, Error>> + Send>> {
        let (path, label) = (self.path.clone(), self.label.clone());
        Box::pin(async move {
            for _ in 0..50 {
                match ClientOptions::new().open(&path) {
                    Ok(pipe) => return Ok(Conn::new(pipe)),
                    Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    Err(source) => {
                        return Err(Error::Connect {
                            host: label,
                            source,
                        })
                    }
                }
            }
            Err(Error::Connect {
                host: label,
                source: std::io::Error::other("the named pipe stayed busy for 2.5 s"),
            })
        })
    }
}
