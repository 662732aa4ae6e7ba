//! Peak memory while saving a large image: `cargo bench --bench image_save`.
//!
//! Makes a 520 MB image by importing a tar of pseudo-random data (generated and streamed as it is sent,
//! never held in memory), then saves it with `image.save()` into /dev/null, chunk by chunk, and prints
//! the archive size, the time, and this process's peak resident memory (`VmHWM` in /proc/self/status)
//! after each step. The target is a peak of at most 32 MB: memory must not grow with the image.
//!
//! It then checks the other directions the same way: the image is saved to a file in the temporary
//! directory, removed, and loaded back from that file (streamed as the request body), and a container
//! made from it is exported into /dev/null.
//!
//! Run without `--bench` (as `cargo test --all-targets` does), it does the same with a 16 MB image.

use std::time::Instant;

use bytes::{Bytes, BytesMut};
use docker_sdk::api::RequestBody;
use docker_sdk::Docker;
use futures_util::StreamExt;

const CHUNK: usize = 256 * 1024;

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let size: u64 = if bench { 520 << 20 } else { 16 << 20 };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(run(size, bench));
}

async fn run(size: u64, bench: bool) {
    let docker = Docker::from_env().expect("DOCKER_HOST is valid");
    let repo = format!("docker-sdk-bench/save-{}", std::process::id());
    let name = format!("{repo}:latest");

    let before_import = peak_rss_kb();
    let started = Instant::now();
    let image = docker
        .images()
        .import(RequestBody::from_stream(random_tar(size)))
        .repository(&repo)
        .tag("latest")
        .await
        .expect("import the bench image");
    let import_time = started.elapsed();
    let after_import = peak_rss_kb();

    let started = Instant::now();
    let mut archive = image.save().await.expect("start the save");
    let mut sink = tokio::fs::OpenOptions::new()
        .write(true)
        .open("/dev/null")
        .await
        .expect("open /dev/null");
    let mut saved: u64 = 0;
    while let Some(chunk) = archive.next().await {
        let chunk = chunk.expect("read the archive");
        saved += chunk.len() as u64;
        tokio::io::AsyncWriteExt::write_all(&mut sink, &chunk)
            .await
            .expect("write to /dev/null");
    }
    let save_time = started.elapsed();
    let after_save = peak_rss_kb();

    // Load: save to a file, remove the image, stream the file back.
    let file_path =
        std::env::temp_dir().join(format!("docker-sdk-bench-{}.tar", std::process::id()));
    let mut file = tokio::fs::File::create(&file_path)
        .await
        .expect("create the archive file");
    image
        .save()
        .named(true)
        .await
        .expect("start the save")
        .copy_to(&mut file)
        .await
        .expect("save to a file");
    drop(file);
    docker
        .images()
        .remove(&name)
        .force(true)
        .await
        .expect("remove the image");
    let started = Instant::now();
    let file = tokio::fs::File::open(&file_path)
        .await
        .expect("open the archive");
    let loaded = docker
        .images()
        .load(RequestBody::from_reader(file))
        .await
        .expect("load the archive");
    let load_time = started.elapsed();
    let _ = std::fs::remove_file(&file_path);
    assert_eq!(loaded.len(), 1);
    let after_load = peak_rss_kb();

    // Export: a container's filesystem into /dev/null.
    let container = docker
        .containers()
        .create(&name)
        .command(["/random.bin"])
        .await
        .expect("create a container");
    let started = Instant::now();
    let mut export = container.export().await.expect("start the export");
    let mut exported: u64 = 0;
    while let Some(chunk) = export.next().await {
        exported += chunk.expect("read the export").len() as u64;
    }
    let export_time = started.elapsed();
    let after_export = peak_rss_kb();
    let _ = container.remove().force(true).await;
    let _ = docker.images().remove(&name).force(true).await;

    assert!(
        saved >= size,
        "the archive ({saved} bytes) holds the layer ({size} bytes)"
    );
    assert!(
        exported >= size,
        "the export ({exported} bytes) holds the file"
    );
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "import: {:.1} MB streamed in {:.2?} ({:.0} MB/s); peak RSS {} -> {} MB",
        mb(size),
        import_time,
        mb(size) / import_time.as_secs_f64(),
        before_import / 1024,
        after_import / 1024
    );
    println!(
        "save:   {:.1} MB to /dev/null in {:.2?} ({:.0} MB/s); peak RSS after save {} MB (target <= 32 MB)",
        mb(saved),
        save_time,
        mb(saved) / save_time.as_secs_f64(),
        after_save / 1024
    );
    println!(
        "load:   {:.1} MB from a file in {:.2?} ({:.0} MB/s); peak RSS after load {} MB",
        mb(saved),
        load_time,
        mb(saved) / load_time.as_secs_f64(),
        after_load / 1024
    );
    println!(
        "export: {:.1} MB to /dev/null in {:.2?} ({:.0} MB/s); peak RSS after export {} MB",
        mb(exported),
        export_time,
        mb(exported) / export_time.as_secs_f64(),
        after_export / 1024
    );
    if bench {
        println!(
            "peak RSS of the whole run: {:.1} MB for a {:.0} MB image",
            after_export as f64 / 1024.0,
            mb(saved)
        );
    }
}

/// This process's peak resident set size in KiB (`VmHWM`).
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A tar holding one file of `size` pseudo-random bytes, produced chunk by chunk.
fn random_tar(
    size: u64,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    let mut header = tar::Header::new_gnu();
    header.set_path("random.bin").unwrap();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_cksum();
    let head = Bytes::copy_from_slice(header.as_bytes());
    let padding = (512 - (size % 512) as usize) % 512;
    let tail = Bytes::from(vec![0u8; padding + 1024]);
    let body = futures_util::stream::unfold(
        (size, 0x9E37_79B9_7F4A_7C15u64),
        |(left, mut seed)| async move {
            if left == 0 {
                return None;
            }
            let n = left.min(CHUNK as u64) as usize;
            let mut chunk = BytesMut::with_capacity(n);
            while chunk.len() < n {
                // xorshift64*: fast and incompressible enough for a layer.
                seed ^= seed >> 12;
                seed ^= seed << 25;
                seed ^= seed >> 27;
                let word = seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
                let take = (n - chunk.len()).min(8);
                chunk.extend_from_slice(&word[..take]);
            }
            Some((Ok(chunk.freeze()), (left - n as u64, seed)))
        },
    );
    futures_util::stream::once(async move { Ok(head) })
        .chain(body)
        .chain(futures_util::stream::once(async move { Ok(tail) }))
}
