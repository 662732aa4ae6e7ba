//! Follows a container's output live, stdout and stderr told apart, until the container stops.
//!
//! ```text
//! bash scripts/test-env.sh && cargo run --example logs
//! ```

use std::time::Duration;

use docker_sdk::stream::LogOutput;
use docker_sdk::Docker;
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> docker_sdk::Result<()> {
    let image = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docker-sdk-test/busybox:latest".to_string());
    let docker = Docker::from_env()?;
    let ticker = docker
        .containers()
        .run(&image)
        .shell_command("for i in 1 2 3 4 5; do echo tick $i; echo tock $i >&2; sleep 0.2; done")
        .detach()
        .await?;

    // Follow from the start; the stream ends by itself when the container stops.
    let mut logs = ticker.logs().follow(true).timestamps(true).await?;
    while let Some(chunk) = logs.next().await {
        match chunk? {
            LogOutput::StdErr(bytes) => eprint!("[stderr] {}", String::from_utf8_lossy(&bytes)),
            other => print!("[stdout] {other}"),
        }
    }

    // Only the last two lines, from the past 10 minutes.
    let tail = ticker
        .logs()
        .since(Duration::from_secs(600))
        .tail(2)
        .await?
        .collect_interleaved()
        .await?;
    print!("last two lines:\n{}", String::from_utf8_lossy(&tail));
    ticker.remove().await?;
    Ok(())
}
