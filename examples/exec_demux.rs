//! `exec_run` in its four shapes: buffered or streamed, separate stdout/stderr or a TTY — and stdin fed to
//! the process with end-of-file.
//!
//! ```text
//! bash scripts/test-env.sh && cargo run --example exec_demux
//! ```

use docker_sdk::Docker;
use futures_util::StreamExt;

const SCRIPT: &str = "echo to stdout; echo to stderr >&2; exit 3";

#[tokio::main]
async fn main() -> docker_sdk::Result<()> {
    let image = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docker-sdk-test/busybox:latest".to_string());
    let docker = Docker::from_env()?;
    let box_ = docker
        .containers()
        .run(&image)
        .command(["sleep", "60"])
        .detach()
        .await?;

    // 1. Buffered, demultiplexed.
    let out = box_.exec_run(["sh", "-c", SCRIPT]).await?;
    println!(
        "buffered: exit {} stdout {:?} stderr {:?}",
        out.exit_code,
        out.stdout_str(),
        out.stderr_str()
    );

    // 2. Buffered with a TTY: one stream.
    let tty = box_.exec_run(["sh", "-c", SCRIPT]).tty(true).await?;
    println!("tty: exit {} output {:?}", tty.exit_code, tty.stdout_str());

    // 3. Streamed, demultiplexed; the exit code is there after the stream ends.
    let mut stream = box_.exec_run(["sh", "-c", SCRIPT]).stream().await?;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        println!(
            "streamed {}: {:?}",
            if chunk.is_stderr() {
                "stderr"
            } else {
                "stdout"
            },
            chunk.to_string()
        );
    }
    println!("streamed exit code: {}", stream.exit_code().await?);

    // 4. Streamed with a TTY.
    let mut stream = box_
        .exec_run(["sh", "-c", SCRIPT])
        .tty(true)
        .stream()
        .await?;
    while let Some(chunk) = stream.next().await {
        print!("tty stream: {}", chunk?);
    }

    // stdin: fed to the process, then closed, so `wc` sees end-of-file.
    let counted = box_.exec_run(["wc", "-c"]).stdin("twelve bytes").await?;
    println!("wc -c of stdin: {}", counted.stdout_str().trim());

    box_.remove().force(true).await?;
    Ok(())
}
