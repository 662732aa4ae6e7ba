//! Connects to the daemon, prints its version and a summary of `docker info`, then shows the live events
//! while it runs a container from the test fixture image and removes it.
//!
//! ```text
//! bash scripts/test-env.sh && cargo run --example quickstart
//! ```
//! Set DOCKER_HOST (or source one of target/test-env/*.env) to talk to another daemon; pass an image name
//! as the first argument to use another image.

use std::time::Duration;

use docker_sdk::Docker;
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> docker_sdk::Result<()> {
    let image = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docker-sdk-test/busybox:latest".to_string());
    let docker = Docker::from_env()?;

    let version = docker.version().await?;
    println!(
        "Docker {} (API {}, negotiated {}) on {}/{}",
        version.version.unwrap_or_default(),
        version.api_version.unwrap_or_default(),
        docker.api_version().await?,
        version.os.unwrap_or_default(),
        version.arch.unwrap_or_default(),
    );
    let info = docker.info().await?;
    println!(
        "{} containers ({} running), {} images, storage driver {}, {} CPUs, {} MiB of memory",
        info.containers.unwrap_or(0),
        info.containers_running.unwrap_or(0),
        info.images.unwrap_or(0),
        info.driver.unwrap_or_default(),
        info.ncpu.unwrap_or(0),
        info.mem_total.unwrap_or(0) / (1024 * 1024),
    );

    // Watch container events while we run one.
    let mut events = docker
        .events()
        .filter("type", "container")
        .until_in(Duration::from_secs(30))
        .await?;
    let name = format!("quickstart-{}", std::process::id());
    let output = docker
        .containers()
        .run(&image)
        .name(&name)
        .command(["echo", "hello from docker-sdk"])
        .remove(true)
        .await?;
    print!("container said: {}", output.stdout_str());

    // A background container: exec into it, read its logs, stop and remove it.
    let worker = docker
        .containers()
        .run(&image)
        .name(format!("{name}-worker"))
        .shell_command("echo working; sleep 60")
        .detach()
        .await?;
    let uname = worker.exec_run(["uname", "-sm"]).await?;
    println!(
        "exec in {}: {}",
        worker.short_id(),
        uname.stdout_str().trim()
    );
    worker
        .wait_for_log("working", Duration::from_secs(10))
        .await?;
    worker.stop().timeout(Duration::from_secs(1)).await?;
    worker.remove().await?;

    while let Some(event) = events.next().await {
        let event = event?;
        let actor = event.actor.unwrap_or_default();
        let who = actor
            .attributes
            .unwrap_or_default()
            .get("name")
            .cloned()
            .unwrap_or_default();
        if !who.starts_with(&name) {
            continue;
        }
        println!("event: {} {}", event.action.as_deref().unwrap_or("?"), who);
        if event.action.as_deref() == Some("destroy") && who.ends_with("-worker") {
            break;
        }
    }
    Ok(())
}
