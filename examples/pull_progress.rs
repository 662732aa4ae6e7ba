//! Pulls an image and draws one progress bar per layer with `indicatif`.
//!
//! ```text
//! cargo run --example pull_progress -- 127.0.0.1:5001/team/app:1.0
//! cargo run --example pull_progress            # pushes the test fixture to 127.0.0.1:5001 first
//! ```
//!
//! Without an argument, the test fixture image (`docker-sdk-test/busybox:latest`, made by
//! scripts/test-env.sh) is pushed to the local registry without auth at 127.0.0.1:5001, its local tag is
//! removed, and it is pulled back. Credentials for the image's registry come from the Docker CLI's
//! configuration, as with `docker pull`. A failed pull ends with an error, never with a silent success.

use std::collections::HashMap;

use docker_sdk::Docker;
use futures_util::StreamExt;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

const FIXTURE: &str = "docker-sdk-test/busybox:latest";
const LOCAL_COPY: &str = "127.0.0.1:5001/docker-sdk-example/busybox";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let docker = Docker::from_env()?;
    let image = match std::env::args().nth(1) {
        Some(image) => image,
        None => prepare_local_copy(&docker).await?,
    };

    let bars = MultiProgress::new();
    let style =
        ProgressStyle::with_template("{prefix:>12} {msg:<20} [{bar:30}] {bytes}/{total_bytes}")?
            .progress_chars("=> ");
    let header = bars.add(ProgressBar::new_spinner());
    header.set_message(format!("pulling {image}"));
    let mut layers: HashMap<String, ProgressBar> = HashMap::new();

    let mut progress = docker.images().pull(&image).stream().await?;
    while let Some(msg) = progress.next().await {
        let msg = msg?; // an error reported by the daemon mid-pull ends the loop here
        let status = msg.status.clone().unwrap_or_default();
        let Some(id) = msg
            .id
            .clone()
            .filter(|_| msg.progress_detail.is_some() || is_layer_status(&status))
        else {
            header.set_message(status);
            continue;
        };
        let bar = layers.entry(id.clone()).or_insert_with(|| {
            let bar = bars.add(ProgressBar::new(0));
            bar.set_style(style.clone());
            bar.set_prefix(id);
            bar
        });
        if let Some(detail) = &msg.progress_detail {
            if let (Some(current), Some(total)) = (detail.current, detail.total) {
                bar.set_length(total.max(0) as u64);
                bar.set_position(current.max(0) as u64);
            }
        }
        bar.set_message(status.clone());
        if matches!(status.as_str(), "Pull complete" | "Already exists") {
            bar.finish();
        }
    }
    for bar in layers.values() {
        bar.finish();
    }
    header.finish();

    let pulled = docker.images().get(&image).await?;
    println!("pulled {} as {}", image, pulled.short_id());
    Ok(())
}

fn is_layer_status(status: &str) -> bool {
    matches!(
        status,
        "Pulling fs layer"
            | "Waiting"
            | "Downloading"
            | "Verifying Checksum"
            | "Download complete"
            | "Extracting"
            | "Pull complete"
            | "Already exists"
    )
}

/// Pushes the fixture image to the local registry and removes the local tag, so that there is something
/// to pull.
async fn prepare_local_copy(docker: &Docker) -> docker_sdk::Result<String> {
    let fixture = docker.images().get(FIXTURE).await?;
    fixture.tag(LOCAL_COPY, Some("latest")).await?;
    let name = format!("{LOCAL_COPY}:latest");
    docker.images().push(&name).await?;
    docker.images().remove(&name).await?;
    Ok(name)
}
