//! Ping throughput of the client against a raw-socket floor measured in the same run.
//!
//! The floor is hand-written HTTP/1.1 over one keep-alive Unix socket connection per worker: the least work a
//! client can do per request. Run with `cargo bench --bench ping` (DOCKER_HOST may point at another unix
//! socket; default /var/run/docker.sock). Set PING_N to change the number of pings (default 15000) and PING_ROUNDS the rounds they are split into (default 15).

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
        .unwrap_or(15000);
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

    // Warm up both sides. Then measure in many short rounds, each timing the floors and the client back to
    // back, so that a burst of noise on the machine (a shared VM here) hits one round, not one side.
    raw_sequential(&path, n / 10);
    client_sequential(&rt, &docker, n / 10);
    let rounds: usize = std::env::var("PING_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let per_round = (n / rounds).max(CONCURRENCY);
    let (mut raw_seq, mut async_seq, mut cli_seq, mut raw_con, mut cli_con) =
        (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        raw_seq.push(per(raw_sequential(&path, per_round), per_round));
        async_seq.push(per(raw_async_sequential(&rt, &path, per_round), per_round));
        cli_seq.push(per(client_sequential(&rt, &docker, per_round), per_round));
        raw_con.push(per(raw_concurrent(&path, per_round), per_round));
        cli_con.push(per(client_concurrent(&rt, &docker, per_round), per_round));
    }
    println!(
        "ping bench: {rounds} rounds of {per_round} pings; per ping the median over rounds, and the median of \
         the rounds' ratios; {CONCURRENCY} workers for the concurrent case"
    );
    let row = |what: &str, floor: &[f64], client: &[f64]| {
        let ratios: Vec<f64> = floor.iter().zip(client).map(|(f, c)| c / f).collect();
        println!(
            "  {what:<30} floor {:7.1} µs/ping   docker-sdk {:7.1} µs/ping   ratio {:.2}x",
            median(floor),
            median(client),
            median(&ratios)
        );
    };
    row("sequential, blocking floor", &raw_seq, &cli_seq);
    row("sequential, async floor", &async_seq, &cli_seq);
    row("concurrent, blocking floor", &raw_con, &cli_con);
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}
