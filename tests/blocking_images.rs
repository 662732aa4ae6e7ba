//! The blocking images API against the real daemon and the registry without auth.

mod common;

use docker_sdk::api::RequestBody;
use docker_sdk::Error;

fn blocking() -> docker_sdk::blocking::Docker {
    docker_sdk::blocking::Docker::from(common::docker())
}

#[test]
fn pull_push_list_save_load_and_build_without_a_runtime() {
    let docker = blocking();
    let repo = format!("127.0.0.1:5001/{}", common::unique_name("blocking"));
    let name = format!("{repo}:v1");
    let _guard = common::remove_image_on_drop(&common::docker(), &name);
    let fixture = docker.images().get(common::IMAGE).unwrap();
    fixture.tag(&repo, Some("v1")).unwrap();
    let pushed = docker.images().push(&name).send().unwrap();
    assert_eq!(pushed.id(), fixture.id());
    assert_eq!(docker.images().list().name(&repo).send().unwrap().len(), 1);

    // Save to a file through the Read adapter, remove, load it back from the file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.tar");
    let mut reader = pushed.save().tag(&name).send().unwrap();
    let mut file = std::fs::File::create(&path).unwrap();
    let written = std::io::copy(&mut reader, &mut file).unwrap();
    assert!(written > 1_000_000);
    docker.images().remove(&name).send().unwrap();
    let loaded = docker
        .images()
        .load(RequestBody::from_sync_reader(
            std::fs::File::open(&path).unwrap(),
        ))
        .unwrap();
    assert!(loaded[0].tags().contains(&name));

    // Pull back with progress as an iterator.
    docker.images().remove(&name).send().unwrap();
    let progress: Vec<_> = docker
        .images()
        .pull(&name)
        .stream()
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!progress.is_empty());
    assert_eq!(docker.images().get(&name).unwrap().id(), fixture.id());

    // A build from a blocking reader; a failing one is Error::Build.
    let dockerfile = format!("FROM {}\nLABEL blocking=1\n", common::IMAGE);
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(dockerfile.len() as u64);
    header.set_mode(0o644);
    tar.append_data(&mut header, "Dockerfile", dockerfile.as_bytes())
        .unwrap();
    let tar = tar.into_inner().unwrap();
    let built = docker
        .images()
        .build_from_tar(std::io::Cursor::new(tar))
        .tag(&name)
        .send()
        .unwrap();
    assert_eq!(built.image.labels()["blocking"], "1");
    let err = docker
        .images()
        .build_from_dockerfile(format!("FROM {}\nRUN exit 4\n", common::IMAGE))
        .forcerm(true)
        .send()
        .unwrap_err();
    assert!(matches!(err, Error::Build { .. }), "{err:?}");
}

#[tokio::test]
async fn blocking_calls_inside_a_runtime_are_refused() {
    let docker = blocking();
    let err = docker.images().get(common::IMAGE).unwrap_err();
    assert!(matches!(err, Error::BlockingInAsyncContext), "{err:?}");
}
