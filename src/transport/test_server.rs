//! A tiny HTTP/1.1 server on a Unix socket, for tests that need what the real daemon does not do on demand:
//! closing idle connections, counting connections, endless bodies.
//!
//! Routes: `/ok` (body `OK`), `/empty` (no body), `/chunks/N` (N chunks of 1 KiB, chunked encoding),
//! `/forever` (1 KiB chunks until the client goes away, at most 10 000), `/upgrade` (101, then echo), and any
//! path ending in `/_ping` (body `OK` with an `Api-Version` header).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

/// How the server treats its connections.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Behaviour {
    /// Close every connection this long after its first response, without saying so in the headers.
    pub(crate) close_after_response: Option<Duration>,
    /// Close a connection when no request came for this long.
    pub(crate) idle_close: Option<Duration>,
}

#[derive(Default)]
struct Counters {
    accepted: AtomicUsize,
    closed: AtomicUsize,
    requests: AtomicUsize,
}

/// A running server; stops when dropped.
pub(crate) struct TestServer {
    path: PathBuf,
    counters: Arc<Counters>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub(crate) fn start(behaviour: Behaviour) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.sock");
        let counters = Arc::new(Counters::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = {
            let path = path.clone();
            let counters = counters.clone();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    let listener = UnixListener::bind(&path).unwrap();
                    ready_tx.send(()).unwrap();
                    let accept = async {
                        loop {
                            let (stream, _) = listener.accept().await.unwrap();
                            counters.accepted.fetch_add(1, Ordering::SeqCst);
                            let counters = counters.clone();
                            tokio::spawn(async move {
                                let _ = serve(stream, behaviour, &counters).await;
                                counters.closed.fetch_add(1, Ordering::SeqCst);
                            });
                        }
                    };
                    tokio::select! {
                        _ = accept => {}
                        _ = stopped => {}
                    }
                });
            })
        };
        ready_rx.recv().unwrap();
        TestServer {
            path,
            counters,
            stop: Some(stop),
            thread: Some(thread),
            _dir: dir,
        }
    }

    pub(crate) fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// Connections accepted so far.
    pub(crate) fn accepted(&self) -> usize {
        self.counters.accepted.load(Ordering::SeqCst)
    }

    /// Connections that ended so far (closed by either side).
    pub(crate) fn closed(&self) -> usize {
        self.counters.closed.load(Ordering::SeqCst)
    }

    /// Requests served so far.
    pub(crate) fn requests(&self) -> usize {
        self.counters.requests.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(
    stream: UnixStream,
    behaviour: Behaviour,
    counters: &Counters,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let mut line = String::new();
        let n = match behaviour.idle_close {
            Some(after) => match tokio::time::timeout(after, reader.read_line(&mut line)).await {
                Ok(r) => r?,
                Err(_) => return Ok(()),
            },
            None => reader.read_line(&mut line).await?,
        };
        if n == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let path = parts.next().unwrap_or_default().to_string();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await? == 0 {
                return Ok(());
            }
            if header == "\r\n" {
                break;
            }
            if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).await?;
        counters.requests.fetch_add(1, Ordering::SeqCst);

        let head_only = method == "HEAD";
        if path == "/ok" || path.ends_with("/_ping") {
            let mut resp =
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.41\r\n\r\n".to_string();
            if !head_only {
                resp.push_str("OK");
            }
            write.write_all(resp.as_bytes()).await?;
        } else if path == "/empty" {
            write
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .await?;
        } else if let Some(n) = path.strip_prefix("/chunks/") {
            let n: usize = n.parse().unwrap();
            let mut resp = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
            for _ in 0..n {
                resp.extend_from_slice(b"400\r\n");
                resp.extend_from_slice(&[b'x'; 1024]);
                resp.extend_from_slice(b"\r\n");
            }
            resp.extend_from_slice(b"0\r\n\r\n");
            write.write_all(&resp).await?;
        } else if path == "/forever" {
            write
                .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                .await?;
            let mut chunk = b"400\r\n".to_vec();
            chunk.extend_from_slice(&[b'y'; 1024]);
            chunk.extend_from_slice(b"\r\n");
            for _ in 0..10_000 {
                write.write_all(&chunk).await?;
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            return Ok(());
        } else if path == "/upgrade" {
            write
                .write_all(b"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
                .await?;
            let mut buf = [0u8; 1024];
            loop {
                let n = reader.read(&mut buf).await?;
                if n == 0 {
                    write.shutdown().await?;
                    return Ok(());
                }
                write.write_all(&buf[..n]).await?;
            }
        } else {
            write
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 23\r\n\r\n{\"message\":\"no route\"}\n",
                )
                .await?;
        }
        if let Some(after) = behaviour.close_after_response {
            tokio::time::sleep(after).await;
            return Ok(());
        }
    }
}
