//! The files an image holds, read from `docker save` output (every layer's tar), without running it.

use std::collections::BTreeSet;
use std::io::Read;

use docker_sdk::Docker;

/// Every path that is not a directory (files, links) found in the image's layers, whiteouts left out.
pub async fn image_files(docker: &Docker, image: &str) -> BTreeSet<String> {
    let saved = docker
        .images()
        .get(image)
        .await
        .expect("the image exists")
        .save()
        .await
        .expect("save the image")
        .collect_bytes()
        .await
        .expect("read the saved image");
    let mut outer = tar::Archive::new(&saved[..]);
    let mut layers = Vec::new();
    for entry in outer.entries().expect("a tar archive") {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().display().to_string();
        if path.ends_with("layer.tar") {
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            layers.push(data);
        }
    }
    let mut files = BTreeSet::new();
    for layer in layers {
        let mut archive = tar::Archive::new(&layer[..]);
        for entry in archive.entries().unwrap() {
            let entry = entry.unwrap();
            if entry.header().entry_type().is_dir() {
                continue;
            }
            let path = entry.path().unwrap().display().to_string();
            if !path.rsplit('/').next().unwrap_or("").starts_with(".wh.") {
                files.insert(path);
            }
        }
    }
    files
}
