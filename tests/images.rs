//! Images against the real daemon: list, get, tag, history, save → remove → load, import, commit, version
//! gates and errors.

mod common;

use std::io::Write;

use docker_sdk::api::{ImageAttestationsOptions, ImageCreateOptions, RequestBody};
use docker_sdk::{ApiVersion, Error};
use futures_util::StreamExt;

/// Held by every test that adds or removes a name of the fixture image, for the whole test.
///
/// Podman 4.3 rewrites an image's whole name list on each tag, untag or load, from a copy it read when the
/// request began: of twelve concurrent tags of one image, four survived here. Docker has no such race, but
/// the tests take the lock against either daemon so that they stay the same code.
async fn fixture_names_lock() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

#[tokio::test]
async fn get_list_tag_history_and_remove() {
    // Declared first, so it is released after the image guard below has removed its name.
    let _names = fixture_names_lock().await;
    let docker = common::docker();
    let repo = common::unique_name("tag");
    let _guard = common::remove_image_on_drop(&docker, &format!("{repo}:t1"));

    let fixture = docker.images().get(common::IMAGE).await.unwrap();
    assert!(fixture.id().starts_with("sha256:"));
    assert_eq!(fixture.short_id().len(), 19);
    // Podman names the image it imported under its `localhost/` registry.
    assert!(fixture.tags().contains(&common::fixture_name()));

    fixture.tag(&repo, Some("t1")).await.unwrap();
    let listed = docker.images().list().name(&repo).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id(), fixture.id());
    if common::is_podman() {
        // Podman's `reference` filter picks the image but lists every name it has; Docker lists only the
        // names that match.
        let tags = listed[0].tags();
        assert!(
            tags.contains(&format!("{repo}:t1")) && tags.contains(&common::fixture_name()),
            "{tags:?}"
        );
    } else {
        assert_eq!(listed[0].tags(), [format!("{repo}:t1")]);
    }

    let mut tagged = docker.images().get(&format!("{repo}:t1")).await.unwrap();
    tagged.reload().await.unwrap();
    assert!(tagged.tags().contains(&format!("{repo}:t1")));
    let history = tagged.history().await.unwrap();
    assert!(!history.is_empty());

    let removed = docker.images().remove(format!("{repo}:t1")).await.unwrap();
    assert!(removed
        .iter()
        .any(|r| r.untagged.as_deref() == Some(&format!("{repo}:t1"))));
    let err = docker
        .images()
        .get(&format!("{repo}:t1"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ImageNotFound { ref image, .. } if image == &format!("{repo}:t1")),
        "{err:?}"
    );
    // The fixture is untouched.
    docker.images().get(common::IMAGE).await.unwrap();
}

#[tokio::test]
async fn save_remove_load_round_trip() {
    // Declared first, so it is released after the image guard below has removed its name.
    let _names = fixture_names_lock().await;
    let docker = common::docker();
    let repo = common::unique_name("save");
    let name = format!("{repo}:v1");
    let _guard = common::remove_image_on_drop(&docker, &name);
    let fixture = docker.images().get(common::IMAGE).await.unwrap();
    fixture.tag(&repo, Some("v1")).await.unwrap();

    let image = docker.images().get(&name).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.tar");
    let mut file = tokio::fs::File::create(&path).await.unwrap();
    let written = image
        .save()
        .tag(&name)
        .await
        .unwrap()
        .copy_to(&mut file)
        .await
        .unwrap();
    drop(file);
    assert!(
        written > 1_000_000,
        "a busybox image is over 1 MB: {written}"
    );

    docker.images().remove(&name).await.unwrap();
    assert!(docker.images().get(&name).await.unwrap_err().is_not_found());

    let file = tokio::fs::File::open(&path).await.unwrap();
    let loaded = docker
        .images()
        .load(RequestBody::from_reader(file))
        .await
        .unwrap();
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].id(), fixture.id());
    assert!(loaded[0].tags().contains(&name));

    // A tag the image does not have is refused before anything is sent.
    let err = loaded[0].save().tag("not:mine").await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

#[tokio::test]
async fn saving_several_images_streams_one_archive() {
    let docker = common::docker();
    let saved = docker
        .images()
        .save([common::IMAGE])
        .await
        .unwrap()
        .collect_bytes()
        .await
        .unwrap();
    let mut archive = tar::Archive::new(&saved[..]);
    let names: Vec<String> = archive
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect();
    assert!(names.iter().any(|n| n == "manifest.json"), "{names:?}");
    let err = docker
        .images()
        .save(Vec::<String>::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)));
}

/// A tiny root filesystem. `marker` makes its layer unique to one test: Podman 4.3 races when one test removes
/// an image while another imports a byte-identical layer ("layer not known").
fn rootfs_tar(marker: &str) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, text) in [
        ("hello.txt", "hello from a test\n"),
        ("etc/motd", "motd\n"),
        ("marker", marker),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(1_700_000_000);
        builder
            .append_data(&mut header, name, text.as_bytes())
            .unwrap();
    }
    builder.into_inner().unwrap()
}

#[tokio::test]
async fn import_from_a_tar_made_here() {
    let docker = common::docker();
    let repo = common::unique_name("import");
    let _guard = common::remove_image_on_drop(&docker, &format!("{repo}:v1"));

    // Streamed in small chunks, as a file or a pipe would be.
    let tar = rootfs_tar(&repo);
    let chunks: Vec<std::io::Result<bytes::Bytes>> = tar
        .chunks(700)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    let image = docker
        .images()
        .import(RequestBody::from_stream(futures_util::stream::iter(chunks)))
        .repository(&repo)
        .tag("v1")
        .change("ENV IMPORTED=yes")
        .change("CMD [\"/hello.txt\"]")
        .message("imported by a test")
        .await
        .unwrap();
    assert!(image.tags().contains(&format!("{repo}:v1")));
    let config = image.attrs().config.clone().unwrap();
    assert!(config
        .env
        .unwrap_or_default()
        .contains(&"IMPORTED=yes".to_string()));
    assert_eq!(config.cmd.unwrap_or_default(), ["/hello.txt"]);
    assert_eq!(image.attrs().comment.as_deref(), Some("imported by a test"));
    let files = common::image_files::image_files(&docker, image.id()).await;
    assert!(
        files.contains("hello.txt") && files.contains("etc/motd"),
        "{files:?}"
    );
}

#[tokio::test]
async fn import_without_source_is_refused_locally() {
    let docker = common::docker();
    let err = docker
        .api()
        .image_create(&ImageCreateOptions::default(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    let both = ImageCreateOptions::default().from_image("a").from_src("-");
    let err = docker.api().image_create(&both, None).await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

#[tokio::test]
async fn commit_a_changed_container() {
    let docker = common::docker();
    let name = common::unique_name("commit");
    let repo = common::unique_name("committed");
    let _image_guard = common::remove_image_on_drop(&docker, &format!("{repo}:v1"));
    let _container_guard = common::remove_container_on_drop(&docker, &name);
    let run = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("echo changed > /marker.txt")
        .await
        .unwrap();
    let id = run.container_id;

    let image = docker
        .images()
        .commit(&id)
        .repository(&repo)
        .tag("v1")
        .message("with a marker")
        .author("docker-sdk tests")
        .change("ENV COMMITTED=1")
        .await
        .unwrap();
    assert!(image.tags().contains(&format!("{repo}:v1")));
    assert_eq!(image.attrs().author.as_deref(), Some("docker-sdk tests"));
    let env = image
        .attrs()
        .config
        .clone()
        .unwrap()
        .env
        .unwrap_or_default();
    assert!(env.contains(&"COMMITTED=1".to_string()), "{env:?}");
    let files = common::image_files::image_files(&docker, image.id()).await;
    assert!(
        files.contains("marker.txt"),
        "the container's change is in the image"
    );

    let err = docker.images().commit("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn attestations_need_api_1_55() {
    let docker = common::docker();
    let fixture = docker.images().get(common::IMAGE).await.unwrap();
    let gated = |err: &Error| matches!(err, Error::UnsupportedApiVersion { required, .. } if *required == ApiVersion::V1_55);
    // A malformed platform is refused locally, whatever the daemon.
    let err = docker
        .images()
        .attestations(common::IMAGE)
        .platform("linux//")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");

    let low = docker
        .api()
        .image_attestations(common::IMAGE, &ImageAttestationsOptions::default())
        .await;
    let high = fixture.attestations().await;
    let built = docker
        .images()
        .attestations(common::IMAGE)
        .platform("linux/amd64")
        .predicate_type("https://spdx.dev/Document")
        .statement(false)
        .await;
    let blocking = docker_sdk::blocking::Docker::from(docker.clone());
    let blocking_result = std::thread::spawn(move || {
        let image = blocking.images().get(common::IMAGE).unwrap();
        (
            image.attestations(),
            blocking
                .images()
                .attestations(common::IMAGE)
                .predicate_type("x")
                .send(),
        )
    })
    .join()
    .unwrap();
    let results = [low, high, built, blocking_result.0, blocking_result.1];
    if docker.api_version().await.unwrap() >= ApiVersion::V1_55 {
        // A newer daemon serves the endpoint: no gate error (an image store without attestations
        // answers 501).
        for r in &results {
            assert!(!matches!(r, Err(e) if gated(e)), "{r:?}");
        }
    } else {
        for r in &results {
            assert!(matches!(r, Err(e) if gated(e)), "{r:?}");
        }
    }
}

#[test]
fn blocking_code_reaches_every_low_level_call() {
    use docker_sdk::api::ImageHistoryOptions;
    let docker = docker_sdk::blocking::Docker::from(common::docker());
    let history = docker
        .block_on(
            docker
                .api()
                .image_history(common::IMAGE, &ImageHistoryOptions::default()),
        )
        .unwrap()
        .unwrap();
    assert!(!history.is_empty());
    // The async client is reachable too, for the high-level API.
    let image = docker
        .block_on(docker.async_client().images().get(common::IMAGE))
        .unwrap()
        .unwrap();
    assert_eq!(image.id(), docker.images().get(common::IMAGE).unwrap().id());
    // Inside a runtime it refuses instead of deadlocking.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let err = rt
        .block_on(async { docker.block_on(async { 1 }) })
        .unwrap_err();
    assert!(matches!(err, Error::BlockingInAsyncContext), "{err:?}");
}

#[tokio::test]
async fn prune_with_a_label_filter_only_touches_our_images() {
    let docker = common::docker();
    let label = common::unique_name("prune");
    // An untagged (dangling) image carrying our label: import one without a repository.
    let image = docker
        .images()
        .import(RequestBody::from_bytes(rootfs_tar(&label)))
        .change(format!("LABEL {label}=1"))
        .await
        .unwrap();
    let _guard = common::remove_image_on_drop(&docker, image.id());
    assert!(image.tags().is_empty());
    let pruned = docker
        .images()
        .prune()
        .filter("label", &label)
        .await
        .unwrap();
    let deleted: Vec<String> = pruned
        .images_deleted
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| d.deleted)
        .collect();
    assert!(deleted.contains(&image.id().to_string()), "{deleted:?}");
    assert!(docker
        .images()
        .get(image.id())
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn load_of_garbage_is_an_error() {
    let docker = common::docker();
    let mut junk = Vec::new();
    junk.write_all(&[7u8; 4096]).unwrap();
    let err = docker
        .images()
        .load(RequestBody::from_bytes(junk))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api { .. } | Error::Stream { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn pull_progress_stream_of_a_local_registry_image() {
    // Declared first, so it is released after the image guard below has removed its name.
    let _names = fixture_names_lock().await;
    let docker = common::docker();
    let repo = format!("127.0.0.1:5001/{}", common::unique_name("progress"));
    let name = format!("{repo}:v1");
    let _guard = common::remove_image_on_drop(&docker, &name);
    let fixture = docker.images().get(common::IMAGE).await.unwrap();
    fixture.tag(&repo, Some("v1")).await.unwrap();
    docker.images().push(&name).await.unwrap();
    docker.images().remove(&name).await.unwrap();

    let mut stream = docker.images().pull(&name).stream().await.unwrap();
    let mut statuses = Vec::new();
    while let Some(msg) = stream.next().await {
        statuses.push(msg.unwrap().status.unwrap_or_default());
    }
    if common::is_podman() {
        // Podman reports the layers (`Pulling fs layer`, `Download complete`, `Already exists`) but not
        // Docker's closing `Status: Downloaded newer image for …` line.
        assert!(
            statuses.iter().any(|s| s == "Download complete")
                && !statuses.iter().any(|s| s.starts_with("Status:")),
            "{statuses:?}"
        );
    } else {
        assert!(
            statuses.iter().any(|s| s.starts_with("Status:")),
            "{statuses:?}"
        );
    }
    assert_eq!(docker.images().get(&name).await.unwrap().id(), fixture.id());
}

#[tokio::test]
async fn options_newer_than_the_daemon_fail_before_sending() {
    use docker_sdk::api::{ImageListOptions, ImagePushOptions};
    use docker_sdk::models::OCIPlatform;
    let docker = common::docker();
    let version = docker.api_version().await.unwrap();
    if version >= ApiVersion::V1_47 {
        return; // the daemon speaks these; the gates are what is under test
    }
    let err = docker
        .api()
        .image_list(&ImageListOptions::default().manifests(true))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { required, .. } if required == ApiVersion::V1_47),
        "{err:?}"
    );
    let platform = OCIPlatform {
        os: Some("linux".into()),
        architecture: Some("amd64".into()),
        ..Default::default()
    };
    let err = docker
        .api()
        .image_push(
            common::IMAGE,
            &ImagePushOptions::default().platform(platform),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { .. }),
        "{err:?}"
    );
    // Options the daemon knows still work.
    let list = docker
        .api()
        .image_list(&ImageListOptions::default().digests(true))
        .await
        .unwrap();
    assert!(!list.is_empty());
}

#[tokio::test]
async fn search_reaches_the_registry_and_reports_its_refusal() {
    let docker = common::docker();
    let err = docker.images().search("  ").await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    if common::is_podman() {
        // The registry here has no search API. Podman then searches the registry's catalog
        // (`/v2/_catalog`) for repositories whose name contains the term.
        let _names = fixture_names_lock().await;
        let repo = format!("127.0.0.1:5001/{}", common::unique_name("searched"));
        let name = format!("{repo}:v1");
        let _guard = common::remove_image_on_drop(&docker, &name);
        let fixture = docker.images().get(common::IMAGE).await.unwrap();
        fixture.tag(&repo, Some("v1")).await.unwrap();
        docker.images().push(&name).await.unwrap();
        let found = docker.images().search(&repo).limit(5).await.unwrap();
        let names: Vec<_> = found.iter().filter_map(|r| r.name.as_deref()).collect();
        assert_eq!(names, [repo.as_str()]);
        assert_eq!(found[0].is_official, Some(false));
        return;
    }
    // The registry here has no search API: the daemon's error comes back typed.
    let err = docker
        .images()
        .search("127.0.0.1:5001/busybox")
        .limit(5)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
}
