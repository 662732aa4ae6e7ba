//! Volumes against the real daemon: labels, mount and read back, removal while in use, prune by label.

mod common;
use common::raw_containers;

use docker_sdk::{ApiVersion, Error};
use serde_json::json;

fn volume_guard(docker: &docker_sdk::Docker, name: &str) -> common::Cleanup<impl FnOnce()> {
    let docker = docker.clone();
    let name = name.to_string();
    common::on_drop(move || common::remove_raw(&docker, format!("/volumes/{name}")))
}

fn container_guard(docker: &docker_sdk::Docker, id: &str) -> common::Cleanup<impl FnOnce()> {
    let docker = docker.clone();
    let id = id.to_string();
    common::on_drop(move || common::remove_raw(&docker, format!("/containers/{id}")))
}

#[tokio::test]
async fn create_with_labels_get_and_list() {
    let docker = common::docker();
    let name = common::unique_name("vol");
    let vol = docker
        .volumes()
        .create()
        .name(&name)
        .label("dsdk.test", &name)
        .labels([("dsdk.other", "x")])
        .label("dsdk.test", &name)
        .driver("local")
        .await
        .unwrap();
    let _guard = volume_guard(&docker, &name);
    assert_eq!(vol.name(), name);
    assert_eq!(vol.id(), name);
    assert_eq!(vol.attrs().driver.as_deref(), Some("local"));
    let labels = vol.attrs().labels.clone().unwrap();
    assert_eq!(labels["dsdk.test"], name);
    assert_eq!(labels["dsdk.other"], "x");

    let mut got = docker.volumes().get(&name).await.unwrap();
    assert!(got.attrs().mountpoint.as_deref().unwrap().contains(&name));
    got.reload().await.unwrap();

    let listed = docker
        .volumes()
        .list()
        .filter("label", format!("dsdk.test={name}"))
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|v| v.name()).collect::<Vec<_>>(),
        [name.as_str()]
    );
    let err = docker
        .volumes()
        .get("dsdk-no-such-volume")
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn mount_write_read_back_and_remove_in_use() {
    let docker = common::docker();
    let name = common::unique_name("vol-data");
    let vol = docker.volumes().create().name(&name).await.unwrap();
    let _vol_guard = volume_guard(&docker, &name);
    let mount = json!({ "HostConfig": { "Mounts": [{ "Type": "volume", "Source": name, "Target": "/data" }] } });

    let writer_name = common::unique_name("vol-writer");
    let writer_guard = container_guard(&docker, &writer_name);
    let (_, code) = raw_containers::run(
        &docker,
        &writer_name,
        raw_containers::body(&["sh", "-c", "echo hello-volume > /data/f"], mount.clone()),
    )
    .await
    .unwrap();
    assert_eq!(code, 0);
    drop(writer_guard);

    let reader_name = common::unique_name("vol-reader");
    let _reader_guard = container_guard(&docker, &reader_name);
    let (reader, code) = raw_containers::run(
        &docker,
        &reader_name,
        raw_containers::body(
            &["sh", "-c", "test \"$(cat /data/f)\" = hello-volume"],
            mount,
        ),
    )
    .await
    .unwrap();
    assert_eq!(code, 0, "the second container reads what the first wrote");

    // The reader container still references the volume: removing it is a conflict, even forced.
    let err = vol.remove().await.unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    let err = vol.remove().force(true).await.unwrap_err();
    assert!(err.is_conflict(), "{err:?}");

    raw_containers::remove(&docker, &reader).await.unwrap();
    vol.remove().await.unwrap();
    assert!(docker
        .volumes()
        .get(&name)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn prune_only_touches_labelled_volumes() {
    let docker = common::docker();
    let label = common::unique_name("vol-prune");
    let keep = docker
        .volumes()
        .create()
        .name(format!("{label}-keep"))
        .label("dsdk.keep", &label)
        .await
        .unwrap();
    let _keep_guard = volume_guard(&docker, keep.name());
    let mut names = Vec::new();
    let mut guards = Vec::new();
    for i in 0..2 {
        let v = docker
            .volumes()
            .create()
            .name(format!("{label}-{i}"))
            .label("dsdk.prune", &label)
            .await
            .unwrap();
        guards.push(volume_guard(&docker, v.name()));
        names.push(v.name().to_string());
    }

    let mut prune = docker
        .volumes()
        .prune()
        .filter("label", format!("dsdk.prune={label}"));
    // From API 1.42 on, prune only removes anonymous volumes unless `all` is set.
    if docker.api_version().await.unwrap() >= ApiVersion::V1_42 {
        prune = prune.all(true);
    }
    let report = prune.await.unwrap();
    let mut deleted = report.volumes_deleted.unwrap_or_default();
    deleted.sort();
    assert_eq!(deleted, names);
    assert!(docker.volumes().get(keep.name()).await.is_ok());
    for n in &names {
        assert!(docker.volumes().get(n).await.unwrap_err().is_not_found());
    }
}

#[tokio::test]
async fn newer_options_are_refused_on_api_1_41_before_sending() {
    // A client pinned to 1.41 refuses 1.42 features without asking the daemon.
    let pinned = docker_sdk::Docker::builder()
        .api_version(ApiVersion::V1_41)
        .build()
        .unwrap();
    let err = pinned.volumes().prune().all(true).await.unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { .. }),
        "{err:?}"
    );
    let err = pinned
        .api()
        .volume_update("x", 1, &Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { required, .. } if required == ApiVersion::V1_42),
        "{err:?}"
    );
    let err = pinned
        .volumes()
        .create()
        .cluster_volume_spec(Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { .. }),
        "{err:?}"
    );
}

#[test]
fn blocking_create_list_prune_and_remove() {
    let docker = docker_sdk::blocking::Docker::from(common::docker());
    let label = common::unique_name("vol-blocking");
    let vol = docker
        .volumes()
        .create()
        .name(format!("{label}-a"))
        .label("dsdk.blocking", &label)
        .send()
        .unwrap();
    let _guard = volume_guard(docker.async_client(), vol.name());
    let mut got = docker.volumes().get(vol.name()).unwrap();
    got.reload().unwrap();
    assert_eq!(got.attrs().labels.as_ref().unwrap()["dsdk.blocking"], label);
    let listed = docker
        .volumes()
        .list()
        .filter("label", format!("dsdk.blocking={label}"))
        .send()
        .unwrap();
    assert_eq!(listed.len(), 1);
    vol.remove().force(true).send().unwrap();
    assert!(docker.volumes().get(vol.name()).unwrap_err().is_not_found());
    let report = docker
        .volumes()
        .prune()
        .filter("label", format!("dsdk.blocking={label}"))
        .send()
        .unwrap();
    assert!(report.volumes_deleted.unwrap_or_default().is_empty());
}
