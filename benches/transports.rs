//! 2000 sequential pings over each transport, pooled (so TLS handshakes and ssh processes are paid once),
//! against the same over the Unix socket in the same run.
//!
//! Run: `bash scripts/test-env.sh && cargo bench --bench transports` (uses target/test-env/{tls,ssh}.env).

use std::time::{Duration, Instant};

use docker_sdk::config::Env;
use docker_sdk::{Docker, DockerBuilder};

fn from_env_file(name: &str) -> Docker {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("target/test-env/{name}.env"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/test-env.sh", path.display()));
    let mut pairs: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    pairs.push(("DOCKER_CONFIG".into(), dir.path().display().to_string()));
    for var in ["HOME", "PATH"] {
        pairs.push((var.into(), std::env::var(var).unwrap_or_default()));
    }
    DockerBuilder::from_env(&Env::from_pairs(pairs))
        .unwrap()
        .build()
        .unwrap()
}

async fn pings(docker: &Docker, n: u32) -> Duration {
    docker.ping().await.unwrap();
    let start = Instant::now();
    for _ in 0..n {
        docker.ping().await.unwrap();
    }
    start.elapsed()
}

fn main() {
    let n: u32 = std::env::var("PING_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let unix = Docker::builder()
        .host("unix:///var/run/docker.sock")
        .build()
        .unwrap();
    let tls = from_env_file("tls");
    let ssh = from_env_file("ssh");
    rt.block_on(async {
        let (mut u, mut t, mut s) = (Duration::MAX, Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            u = u.min(pings(&unix, n).await);
            t = t.min(pings(&tls, n).await);
            s = s.min(pings(&ssh, n).await);
        }
        let per = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(n);
        println!("transports bench: {n} sequential pings, best of 3");
        println!("  unix socket  {:8.1} µs/ping", per(u));
        println!(
            "  TLS          {:8.1} µs/ping   ratio {:.2}x",
            per(t),
            per(t) / per(u)
        );
        println!(
            "  ssh          {:8.1} µs/ping   ratio {:.2}x",
            per(s),
            per(s) / per(u)
        );
    });
}
