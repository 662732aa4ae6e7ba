//! Streaming throughput: 1 GiB of container output through `exec_run(..).stream()` (demultiplexed) and
//! through `logs()`, against a raw-socket floor measured in the same run (hand-written HTTP on the Unix
//! socket, reading the same bytes with a 64 KiB buffer and parsing frames / chunked encoding by hand).
//!
//! Run: `bash scripts/test-env.sh && cargo bench --bench stream`. STREAM_BYTES changes the size; STREAM_ROUNDS
//! the number of rounds (default 2), of which each side keeps its best. The log part writes about STREAM_BYTES
//! of json-file logs to the daemon's disk, removed afterwards.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use docker_sdk::Docker;
use futures_util::StreamExt;

const SOCKET: &str = "/var/run/docker.sock";
const IMAGE: &str = "docker-sdk-test/busybox:latest";

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn mib_per_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

/// Sends one HTTP/1.1 request on a fresh connection; returns the reader positioned after the headers.
fn raw_request(
    method: &str,
    path: &str,
    body: Option<&str>,
    upgrade: bool,
) -> (BufReader<UnixStream>, Vec<String>) {
    let mut sock = UnixStream::connect(SOCKET).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: api.moby.localhost\r\n");
    if upgrade {
        req.push_str("Connection: Upgrade\r\nUpgrade: tcp\r\n");
    }
    if let Some(b) = body {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    req.push_str("\r\n");
    if let Some(b) = body {
        req.push_str(b);
    }
    sock.write_all(req.as_bytes()).unwrap();
    let mut reader = BufReader::with_capacity(64 * 1024, sock);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        headers.push(line.trim_end().to_ascii_lowercase());
    }
    (reader, headers)
}

/// Reads multiplexed frames from `r` until EOF, returning the payload bytes.
fn count_frames(r: &mut impl Read) -> u64 {
    let mut header = [0u8; 8];
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    while r.read_exact(&mut header).is_ok() {
        let mut left = u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize;
        while left > 0 {
            let want = left.min(buf.len());
            let n = r.read(&mut buf[..want]).unwrap();
            assert!(n > 0, "EOF inside a frame");
            left -= n;
            total += n as u64;
        }
    }
    total
}

/// A reader over an HTTP chunked body.
struct Chunked<R: BufRead> {
    inner: R,
    left: usize,
    done: bool,
}

impl<R: BufRead> Read for Chunked<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        if self.left == 0 {
            let mut line = String::new();
            self.inner.read_line(&mut line)?;
            if line == "\r\n" {
                line.clear();
                self.inner.read_line(&mut line)?;
            }
            self.left = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
            if self.left == 0 {
                self.done = true;
                return Ok(0);
            }
        }
        let want = self.left.min(out.len());
        let n = self.inner.read(&mut out[..want])?;
        self.left -= n;
        Ok(n)
    }
}

fn raw_exec(container: &str, bytes: u64) -> (u64, Duration) {
    let body = format!(
        r#"{{"AttachStdout":true,"AttachStderr":true,"Cmd":["head","-c","{bytes}","/dev/zero"]}}"#
    );
    let (mut r, _) = raw_request(
        "POST",
        &format!("/v1.41/containers/{container}/exec"),
        Some(&body),
        false,
    );
    let mut created = String::new();
    // Content-Length bodies here are small; read what is there.
    r.read_line(&mut created).unwrap();
    let id = created.split('"').nth(3).unwrap().to_string();
    let start = Instant::now();
    let (mut r, headers) = raw_request(
        "POST",
        &format!("/v1.41/exec/{id}/start"),
        Some(r#"{"Detach":false,"Tty":false}"#),
        true,
    );
    assert!(headers[0].contains("101"), "{headers:?}");
    let n = count_frames(&mut r);
    (n, start.elapsed())
}

fn raw_logs(container: &str) -> (u64, Duration) {
    let start = Instant::now();
    let (r, headers) = raw_request(
        "GET",
        &format!("/v1.41/containers/{container}/logs?stdout=1"),
        None,
        false,
    );
    assert!(headers[0].contains("200"), "{headers:?}");
    let mut chunked = Chunked {
        inner: r,
        left: 0,
        done: false,
    };
    let n = count_frames(&mut chunked);
    (n, start.elapsed())
}

/// The async floor: the same hand-written exchange on a tokio socket in the bench's runtime, reading 64 KiB at
/// a time. On a multi-thread runtime, `block_on` code is woken by a worker thread for every read that would
/// block, which a blocking reader does not pay; the client cannot do better than this.
async fn async_raw_request(
    method: &str,
    path: &str,
    body: Option<&str>,
    upgrade: bool,
) -> tokio::io::BufReader<tokio::net::UnixStream> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let mut sock = tokio::net::UnixStream::connect(SOCKET).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: api.moby.localhost\r\n");
    if upgrade {
        req.push_str("Connection: Upgrade\r\nUpgrade: tcp\r\n");
    }
    if let Some(b) = body {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{b}",
            b.len()
        ));
    } else {
        req.push_str("\r\n");
    }
    sock.write_all(req.as_bytes()).await.unwrap();
    let mut reader = tokio::io::BufReader::with_capacity(64 * 1024, sock);
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).await.unwrap();
        if line == "\r\n" || line.is_empty() {
            return reader;
        }
    }
}

/// Payload bytes of the multiplexed frames in `body` (already de-chunked if it was chunked).
fn frame_payload(pending: &mut Vec<u8>, total: &mut u64) {
    let mut at = 0;
    while pending.len() - at >= 8 {
        let size = u32::from_be_bytes(pending[at + 4..at + 8].try_into().unwrap()) as usize;
        if pending.len() - at - 8 < size {
            break;
        }
        *total += size as u64;
        at += 8 + size;
    }
    pending.drain(..at);
}

async fn async_raw_exec(container: &str, bytes: u64) -> (u64, Duration) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt};
    let body = format!(
        r#"{{"AttachStdout":true,"AttachStderr":true,"Cmd":["head","-c","{bytes}","/dev/zero"]}}"#
    );
    let mut r = async_raw_request(
        "POST",
        &format!("/v1.41/containers/{container}/exec"),
        Some(&body),
        false,
    )
    .await;
    let mut created = String::new();
    r.read_line(&mut created).await.unwrap();
    let id = created.split('"').nth(3).unwrap().to_string();
    let start = Instant::now();
    let mut r = async_raw_request(
        "POST",
        &format!("/v1.41/exec/{id}/start"),
        Some(r#"{"Detach":false,"Tty":false}"#),
        true,
    )
    .await;
    let (mut pending, mut total, mut buf) = (Vec::new(), 0u64, vec![0u8; 64 * 1024]);
    loop {
        let n = r.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        pending.extend_from_slice(&buf[..n]);
        frame_payload(&mut pending, &mut total);
    }
    (total, start.elapsed())
}

async fn async_raw_logs(container: &str) -> (u64, Duration) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt};
    let start = Instant::now();
    let mut r = async_raw_request(
        "GET",
        &format!("/v1.41/containers/{container}/logs?stdout=1"),
        None,
        false,
    )
    .await;
    let (mut pending, mut total, mut line) = (Vec::new(), 0u64, String::new());
    loop {
        line.clear();
        r.read_line(&mut line).await.unwrap();
        let size = usize::from_str_radix(line.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        let at = pending.len();
        pending.resize(at + size, 0);
        r.read_exact(&mut pending[at..]).await.unwrap();
        let mut crlf = [0u8; 2];
        r.read_exact(&mut crlf).await.unwrap();
        frame_payload(&mut pending, &mut total);
    }
    (total, start.elapsed())
}

fn main() {
    let bytes: u64 = std::env::var("STREAM_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1 << 30);
    let rt = if std::env::var("BENCH_CURRENT_THREAD").is_ok() {
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
    let docker = Docker::builder()
        .host(format!("unix://{SOCKET}"))
        .build()
        .unwrap();
    let name = format!("dsdk-bench-stream-{}", std::process::id());
    let logger = format!("{name}-logs");

    let rounds: usize = std::env::var("STREAM_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2)
        .max(1);

    rt.block_on(async {
        let c = docker.containers().run(IMAGE).name(&name).command(["sleep", "3600"]).detach().await.unwrap();
        let rss_before = peak_rss_kib();

        // exec: warm up, then `rounds` rounds of raw / ours / async raw, keeping each side's best, so that a
        // slow moment of the daemon or the machine hits whichever side it falls on only once.
        raw_exec(c.id(), 1 << 20);
        let (mut raw, mut ours, mut asy) = (0f64, 0f64, 0f64);
        for _ in 0..rounds {
            let (raw_n, raw_t) = raw_exec(c.id(), bytes);
            let start = Instant::now();
            let mut stream = c.exec_run(["head", "-c", &bytes.to_string(), "/dev/zero"]).stream().await.unwrap();
            let mut n = 0u64;
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.unwrap();
                assert!(chunk.is_stdout());
                n += chunk.len() as u64;
            }
            let ours_t = start.elapsed();
            assert_eq!((raw_n, n), (bytes, bytes));
            let (async_n, async_t) = async_raw_exec(c.id(), bytes).await;
            assert_eq!(async_n, bytes);
            raw = raw.max(mib_per_s(raw_n, raw_t));
            ours = ours.max(mib_per_s(n, ours_t));
            asy = asy.max(mib_per_s(async_n, async_t));
        }
        let exec_rss = peak_rss_kib();

        // logs: a container that printed `bytes` of 1000-character lines
        let lines = bytes / 1001;
        let script = format!("tr '\\0' x < /dev/zero | fold -w 1000 | head -n {lines}");
        let writer = docker.containers().run(IMAGE).name(&logger).shell_command(&script).detach().await.unwrap();
        assert_eq!(writer.wait().await.unwrap().code, 0);
        let logged = lines * 1001;
        let lc = docker.containers().get(&logger).await.unwrap();
        let (mut raw_l, mut ours_l, mut asy_l) = (0f64, 0f64, 0f64);
        for _ in 0..rounds {
            let (raw_ln, raw_lt) = raw_logs(&logger);
            let start = Instant::now();
            let mut logs = lc.logs().stderr(false).await.unwrap();
            let mut n = 0u64;
            while let Some(chunk) = logs.next().await {
                n += chunk.unwrap().len() as u64;
            }
            let ours_lt = start.elapsed();
            assert_eq!((raw_ln, n), (logged, logged));
            let (async_ln, async_lt) = async_raw_logs(&logger).await;
            assert_eq!(async_ln, logged);
            raw_l = raw_l.max(mib_per_s(raw_ln, raw_lt));
            ours_l = ours_l.max(mib_per_s(n, ours_lt));
            asy_l = asy_l.max(mib_per_s(async_ln, async_lt));
        }
        let logs_rss = peak_rss_kib();

        for id in [c.id().to_string(), lc.id().to_string()] {
            let _ = docker.containers().get(&id).await.unwrap().remove().force(true).await;
        }

        println!("stream bench: {} MiB, best of {rounds} rounds each", bytes >> 20);
        let (r, o, a) = (raw, ours, asy);
        println!("  exec_run demuxed  raw floor {r:7.1} MiB/s   docker-sdk {o:7.1} MiB/s   ratio {:.2}x", o / r);
        println!("  exec_run demuxed  async raw floor {a:7.1} MiB/s   docker-sdk ratio {:.2}x", o / a);
        let (r, o, a) = (raw_l, ours_l, asy_l);
        println!("  logs              raw floor {r:7.1} MiB/s   docker-sdk {o:7.1} MiB/s   ratio {:.2}x", o / r);
        println!("  logs              async raw floor {a:7.1} MiB/s   docker-sdk ratio {:.2}x", o / a);
        println!(
            "  peak RSS: {} KiB before, {} KiB after exec, {} KiB after logs (flat = independent of size)",
            rss_before, exec_rss, logs_rss
        );
    });
}
