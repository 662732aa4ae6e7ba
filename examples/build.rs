//! Builds an image from a directory with a `.dockerignore` (the Docker CLI's exact rules; the context is
//! streamed while the tree is walked), runs it, and removes it.
//!
//! ```text
//! bash scripts/test-env.sh && cargo run --example build
//! ```

use docker_sdk::Docker;

#[tokio::main]
async fn main() -> docker_sdk::Result<()> {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docker-sdk-test/busybox:latest".to_string());
    let docker = Docker::from_env()?;

    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {base}\nCOPY . /app\nCMD [\"ls\", \"-R\", \"/app\"]\n"),
    )?;
    std::fs::write(
        dir.path().join(".dockerignore"),
        "*.log\nsecrets/\n!secrets/public.txt\n",
    )?;
    std::fs::write(dir.path().join("main.txt"), "kept")?;
    std::fs::write(dir.path().join("debug.log"), "ignored")?;
    std::fs::create_dir(dir.path().join("secrets"))?;
    std::fs::write(dir.path().join("secrets/key.pem"), "ignored")?;
    std::fs::write(dir.path().join("secrets/public.txt"), "re-included")?;

    let tag = format!("docker-sdk-example/build:{}", std::process::id());
    let built = docker.images().build(dir.path()).tag(&tag).await?;
    for line in &built.log {
        print!("{line}");
    }
    println!("built {} ({})", tag, built.image.short_id());

    let listing = docker.containers().run(&tag).remove(true).await?;
    print!("{}", listing.stdout_str());
    docker.images().remove(&tag).await?;
    Ok(())
}
