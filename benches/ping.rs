//! Ping throughput of the client against a raw-socket floor measured in the same run.
//!
//! The floor is hand-written HTTP/1.1 over one keep-alive Unix socket connection per worker: the least work a
//! client can do per request. Run with `cargo bench --bench ping` (DOCKER_HOST may point at another unix
//! socket; default /var/run/docker.sock). Set PING_N to change the number of pings (default 5000).

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 8;

fn socket_path() -> String {
    let host =
        std::env::var("DOCKER_HOST").unwrap_or_else(|_| "unix:///var/run/docker.sock".into());
    host.strip_prefix("unix://")
        .unwrap_or_else(|| panic!("the ping bench needs a unix:// DOCKER_HOST, got {host}"))
        .to_string()
}

/// One keep-alive connection speaking the minimum of HTTP/1.1 needed for `/_ping`.
struct RawConn {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
    line: String,
}

impl RawConn {
    fn open(path: &str) -> RawConn {
        let stream = UnixStream::connect(path).expect("connect to the daemon socket");
        RawConn {
            writer: stream.try_clone().unwrap(),
            reader: BufReader::new(stream),
            line: String::new(),
        }
    }

    fn ping(&mut self) {
        self.writer
            .write_all(b"GET /v1.41/_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n")
            .unwrap();
        let mut length = 0usize;
        loop {
            self.line.clear();
            self.reader.read_line(&mut self.line).unwrap();
            if self.line == "\r\n" {
                break;
            }
            if let Some(v) = self
                .line
                .to_ascii_lowercase()
                .strip_prefix("content-length:")
            {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = [0u8; 16];
        self.reader.read_exact(&mut body[..length]).unwrap();
        assert_eq!(&body[..length], b"OK");
    }
}

fn raw_sequential(path: &str, n: usize) -> Duration {
    let mut conn = RawConn::open(path);
    conn.ping();
    let start = Instant::now();
    for _ in 0..n {
        conn.ping();
    }
    start.elapsed()
}

fn raw_concurrent(path: &str, n: usize) -> Duration {
    let mut conns: Vec<RawConn> = (0..CONCURRENCY).map(|_| RawConn::open(path)).collect();
    conns.iter_mut().for_each(RawConn::ping);
    let start = Instant::now();
    std::thread::scope(|s| {
        for mut conn in conns {
            s.spawn(move || (0..n / CONCURRENCY).for_each(|_| conn.ping()));
        }
    });
    start.elapsed()
}

/// The same minimal HTTP/1.1 exchange, on a tokio socket in the bench's runtime: the floor for async code.
fn raw_async_sequential(rt: &tokio::runtime::Runtime, path: &str, n: usize) -> Duration {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    rt.block_on(async {
        let stream = tokio::net::UnixStream::connect(path).await.unwrap();
        let (r, mut w) = stream.into_split();
        let mut reader = tokio::io::BufReader::new(r);
        let mut line = String::new();
        let mut ping =
            async |reader: &mut tokio::io::BufReader<tokio::net::unix::OwnedReadHalf>| {
                w.write_all(b"GET /v1.41/_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n")
                    .await
                    .unwrap();
                let mut length = 0usize;
                loop {
                    line.clear();
                    reader.read_line(&mut line).await.unwrap();
                    if line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                }
                let mut body = [0u8; 16];
                reader.read_exact(&mut body[..length]).await.unwrap();
                assert_eq!(&body[..length], b"OK");
            };
        ping(&mut reader).await;
        let start = Instant::now();
        for _ in 0..n {
            ping(&mut reader).await;
        }
        start.elapsed()
    })
}

fn client_sequential(
    rt: &tokio::runtime::Runtime,
    docker: &docker_sdk::Docker,
    n: usize,
) -> Duration {
    rt.block_on(async {
        docker.api().system_ping().await.unwrap();
        let start = Instant::now();
        for _ in 0..n {
            docker.api().system_ping().await.unwrap();
        }
        start.elapsed()
    })
}

fn client_concurrent(
    rt: &tokio::runtime::Runtime,
    docker: &docker_sdk::Docker,
    n: usize,
) -> Duration {
    rt.block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = (0..CONCURRENCY)
            .map(|_| {
                let docker = docker.clone();
                tokio::spawn(async move {
                    for _ in 0..n / CONCURRENCY {
                        docker.api().system_ping().await.unwrap();
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        start.elapsed()
    })
}

fn per(d: Duration, n: usize) -> f64 {
    d.as_secs_f64() * 1e6 / n as f64
}

fn main() {
    let n: usize = std::env::var("PING_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let path = socket_path();
    let docker = docker_sdk::Docker::builder()
        .host(format!("unix://{path}"))
        .api_version(docker_sdk::ApiVersion::V1_41)
        .build()
        .unwrap();
    let rt = if std::env::var("PING_CURRENT_THREAD").is_ok() {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
    };

    // Warm up both sides, then interleave the measurements so drift affects them alike.
    raw_sequential(&path, n / 10);
    client_sequential(&rt, &docker, n / 10);
    let (mut raw_seq, mut cli_seq, mut raw_con, mut cli_con) =
        (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    let mut async_seq = f64::MAX;
    for _ in 0..3 {
        raw_seq = raw_seq.min(per(raw_sequential(&path, n), n));
        async_seq = async_seq.min(per(raw_async_sequential(&rt, &path, n), n));
        cli_seq = cli_seq.min(per(client_sequential(&rt, &docker, n), n));
        raw_con = raw_con.min(per(raw_concurrent(&path, n), n));
        cli_con = cli_con.min(per(client_concurrent(&rt, &docker, n), n));
    }
    println!(
        "ping bench: {n} pings, best of 3 rounds, {CONCURRENCY} workers for the concurrent case"
    );
    println!("  sequential  raw floor {raw_seq:8.1} µs/ping   docker-sdk {cli_seq:8.1} µs/ping   ratio {:.2}x", cli_seq / raw_seq);
    println!(
        "  sequential  async raw floor {async_seq:8.1} µs/ping   docker-sdk ratio {:.2}x",
        cli_seq / async_seq
    );
    println!("  concurrent  raw floor {raw_con:8.1} µs/ping   docker-sdk {cli_con:8.1} µs/ping   ratio {:.2}x", cli_con / raw_con);
}
