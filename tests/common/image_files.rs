//! The files an image holds, read from `docker save` output (every layer's tar), without running it.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;

use docker_sdk::Docker;

/// Every path that is not a directory (files, links) found in the image's layers, whiteouts left out.
///
/// The layers are the ones `manifest.json` lists. Docker 20.10 stores each as `<id>/layer.tar`; Podman
/// stores `<digest>.tar` and makes `<id>/layer.tar` a symlink to it: both layouts are read.
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
    let mut contents = HashMap::new();
    let mut links = HashMap::new();
    for entry in outer.entries().expect("a tar archive") {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().display().to_string();
        if entry.header().entry_type().is_symlink() {
            let target = entry.link_name().unwrap().unwrap().display().to_string();
            links.insert(path, target);
        } else if entry.header().entry_type().is_file() {
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            contents.insert(path, data);
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&contents["manifest.json"]).expect("manifest.json");
    let mut files = BTreeSet::new();
    for layer in manifest[0]["Layers"].as_array().expect("Layers") {
        let mut path = layer.as_str().unwrap().to_string();
        if let Some(target) = links.get(&path) {
            // Relative to the link's directory: `<id>/layer.tar -> ../<digest>.tar`.
            path = target.trim_start_matches("../").to_string();
        }
        let layer = contents
            .get(&path)
            .unwrap_or_else(|| panic!("layer {path} in the archive"));
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
