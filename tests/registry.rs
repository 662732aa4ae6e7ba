//! Registries and credentials against real registries: 127.0.0.1:5000 (htpasswd, testuser/testpassword)
//! and 127.0.0.1:5001 (no auth), started by scripts/test-env.sh.

mod common;

use std::path::{Path, PathBuf};

use docker_sdk::config::{AuthConfig, ConfigFile, CredentialStore};
use docker_sdk::{Docker, Error};

const AUTH_REGISTRY: &str = "127.0.0.1:5000";
const OPEN_REGISTRY: &str = "127.0.0.1:5001";
const USER: &str = "testuser";
const PASSWORD: &str = "testpassword";

fn good_auth() -> AuthConfig {
    AuthConfig::basic(USER, PASSWORD).with_server_address(AUTH_REGISTRY)
}

/// Removes a local image tag at the end of the scope, even when the test fails.
fn remove_image_on_drop(docker: &Docker, name: &str) -> common::Cleanup<impl FnOnce()> {
    let docker = docker.clone();
    let path = format!("/images/{name}");
    common::on_drop(move || common::remove_raw(&docker, path))
}

/// Tags the fixture image as `<registry>/<unique>:v1` and returns that name.
async fn tag_fixture(docker: &Docker, registry: &str, what: &str) -> String {
    let repo = format!("{registry}/{}", common::unique_name(what));
    docker
        .images()
        .get(common::IMAGE)
        .await
        .unwrap()
        .tag(&repo, Some("v1"))
        .await
        .unwrap();
    format!("{repo}:v1")
}

/// A store over `dir`'s config.json that finds helpers only in `dir`.
fn store_in(dir: &Path) -> CredentialStore {
    CredentialStore::new(ConfigFile::load(dir).unwrap()).with_search_path(dir.as_os_str())
}

/// Writes `docker-credential-test` into `dir`: it logs each call (`verb server`) to `calls.log` and
/// answers `get` with the test registry's credentials.
fn fake_helper(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let log = dir.join("calls.log");
    let script = format!(
        r#"#!/bin/sh
input=$(cat)
case "$1" in
  get)
    echo "get $input" >> '{log}'
    if [ "$input" = "{AUTH_REGISTRY}" ]; then
      printf '{{"ServerURL":"%s","Username":"{USER}","Secret":"{PASSWORD}"}}' "$input"
    else
      echo "credentials not found in native keychain"; exit 1
    fi ;;
  store)
    server=$(printf '%s' "$input" | sed 's/.*"ServerURL":"\([^"]*\)".*/\1/')
    echo "store $server" >> '{log}' ;;
  erase) echo "erase $input" >> '{log}' ;;
  list) echo "list" >> '{log}'; echo '{{}}' ;;
  *) exit 2 ;;
esac
"#,
        log = log.display()
    );
    let path = dir.join("docker-credential-test");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    log
}

fn calls(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn login_succeeds_and_a_wrong_password_is_a_typed_error() {
    let docker = common::docker();
    let ok = docker
        .login(USER, PASSWORD)
        .registry(AUTH_REGISTRY)
        .await
        .unwrap();
    assert_eq!(ok.status.as_deref(), Some("Login Succeeded"));

    let err = docker
        .login(USER, "wrong-password-SECRET")
        .registry(AUTH_REGISTRY)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("wrong-password-SECRET"));
}

#[tokio::test]
async fn login_saves_credentials_then_push_remove_and_pull_back_use_them() {
    let docker = common::docker();
    let dir = tempfile::tempdir().unwrap();
    let name = tag_fixture(&docker, AUTH_REGISTRY, "login-push").await;
    let _guard = remove_image_on_drop(&docker, &name);

    docker
        .login(USER, PASSWORD)
        .registry(AUTH_REGISTRY)
        .save(true)
        .credentials(store_in(dir.path()))
        .await
        .unwrap();
    let saved = ConfigFile::load(dir.path()).unwrap();
    let entry = &saved.auths[AUTH_REGISTRY];
    assert_eq!(
        entry.credentials().unwrap(),
        Some((USER.to_string(), PASSWORD.to_string()))
    );

    let images = docker.images().with_credentials(store_in(dir.path()));
    let pushed = images.push(&name).await.unwrap();
    let fixture_id = pushed.id().to_string();
    assert!(
        pushed
            .attrs()
            .repo_digests
            .iter()
            .flatten()
            .any(|d| d.starts_with(AUTH_REGISTRY)),
        "the pushed digest is recorded"
    );
    images.remove(&name).await.unwrap();
    assert!(images.get(&name).await.unwrap_err().is_not_found());
    let pulled = images.pull(&name).await.unwrap();
    assert_eq!(pulled.id(), fixture_id);
}

#[tokio::test]
async fn credentials_come_from_a_config_json_in_another_directory() {
    let docker = common::docker();
    let dir = tempfile::tempdir().unwrap();
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    std::fs::write(
        dir.path().join("config.json"),
        format!(r#"{{"auths":{{"{AUTH_REGISTRY}":{{"auth":"{basic}"}}}}}}"#),
    )
    .unwrap();
    let name = tag_fixture(&docker, AUTH_REGISTRY, "config-json").await;
    let _guard = remove_image_on_drop(&docker, &name);

    // Without credentials the registry refuses, inside the 200 stream: an Err, not a silent success.
    let err = docker.images().anonymous().push(&name).await.unwrap_err();
    assert!(matches!(err, Error::Stream { .. }), "{err:?}");

    docker
        .images()
        .push(&name)
        .credentials(store_in(dir.path()))
        .await
        .unwrap();
    let data = docker
        .images()
        .get_registry_data(&name)
        .credentials(store_in(dir.path()))
        .await
        .unwrap();
    assert!(data.id().starts_with("sha256:"), "{}", data.id());
    assert_eq!(data.short_id().len(), 19);
    assert!(data.has_platform("linux").await.unwrap());
    assert!(!data.has_platform("windows/amd64").await.unwrap());
    assert!(matches!(
        data.has_platform("a/b/c/d").await.unwrap_err(),
        Error::InvalidArgument(_)
    ));

    docker.images().remove(&name).await.unwrap();
    let pulled = data.pull(None).await.unwrap();
    assert_eq!(
        pulled.id(),
        docker.images().get(common::IMAGE).await.unwrap().id()
    );
    let by_digest = format!("{}@{}", name.rsplit_once(':').unwrap().0, data.id());
    let _digest_guard = remove_image_on_drop(&docker, &by_digest);
}

#[tokio::test]
async fn a_credential_helper_found_on_an_explicit_path_is_called_with_the_right_verbs() {
    let docker = common::docker();
    let dir = tempfile::tempdir().unwrap();
    let log = fake_helper(dir.path());
    std::fs::write(
        dir.path().join("config.json"),
        format!(r#"{{"credHelpers":{{"{AUTH_REGISTRY}":"test"}}}}"#),
    )
    .unwrap();
    let name = tag_fixture(&docker, AUTH_REGISTRY, "helper").await;
    let _guard = remove_image_on_drop(&docker, &name);

    docker
        .images()
        .push(&name)
        .credentials(store_in(dir.path()))
        .await
        .unwrap();
    assert_eq!(calls(&log), [format!("get {AUTH_REGISTRY}")]);

    docker
        .login(USER, PASSWORD)
        .registry(AUTH_REGISTRY)
        .save(true)
        .credentials(store_in(dir.path()))
        .await
        .unwrap();
    assert_eq!(
        calls(&log),
        [
            format!("get {AUTH_REGISTRY}"),
            format!("store {AUTH_REGISTRY}")
        ]
    );
    // The secret went to the helper, not into the file.
    let text = std::fs::read_to_string(dir.path().join("config.json")).unwrap();
    assert!(!text.contains(PASSWORD), "{text}");
    // Only the registry asked about was looked up: no `list`, no other registry.
    assert!(!calls(&log).iter().any(|c| c == "list"));
}

#[tokio::test]
async fn a_missing_helper_never_blocks_an_anonymous_pull_but_fails_a_push() {
    let docker = common::docker();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"credsStore":"nosuchhelper"}"#,
    )
    .unwrap();
    let name = tag_fixture(&docker, OPEN_REGISTRY, "no-helper").await;
    let _guard = remove_image_on_drop(&docker, &name);
    docker.images().anonymous().push(&name).await.unwrap();
    docker.images().remove(&name).await.unwrap();

    let images = docker.images().with_credentials(store_in(dir.path()));
    images.pull(&name).await.unwrap();
    let err = images.push(&name).await.unwrap_err();
    assert!(
        matches!(err, Error::Credentials { ref helper, .. } if helper == "nosuchhelper"),
        "{err:?}"
    );
}

#[tokio::test]
async fn pushing_a_missing_tag_is_an_error() {
    let docker = common::docker();
    let name = tag_fixture(&docker, OPEN_REGISTRY, "missing-tag").await;
    let _guard = remove_image_on_drop(&docker, &name);
    let repo = name.rsplit_once(':').unwrap().0;
    let err = docker
        .images()
        .push(repo)
        .tag("no-such-tag")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Stream { ref message, .. } if message.contains("does not exist")),
        "{err:?}"
    );
}

#[tokio::test]
async fn pulling_a_missing_repository_is_an_error() {
    let docker = common::docker();
    let name = format!("{OPEN_REGISTRY}/{}:v1", common::unique_name("never-pushed"));
    let err = docker.images().pull(&name).await.unwrap_err();
    assert!(
        matches!(err, Error::ImageNotFound { .. }),
        "a missing repository must fail the pull: {err:?}"
    );
    let err = docker.images().get_registry_data(&name).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn push_and_pull_with_explicit_credentials() {
    let docker = common::docker();
    let name = tag_fixture(&docker, AUTH_REGISTRY, "explicit").await;
    let _guard = remove_image_on_drop(&docker, &name);
    docker.images().push(&name).auth(good_auth()).await.unwrap();
    docker.images().remove(&name).await.unwrap();
    let image = docker
        .images()
        .pull(&name)
        .auth(good_auth())
        .platform("linux")
        .await
        .unwrap();
    assert!(image.tags().contains(&name));
}

#[tokio::test]
async fn a_client_with_its_own_config_dir_saves_a_login_and_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    // A client whose Docker CLI configuration lives in a temporary directory (no environment change).
    let docker = Docker::builder().config_dir(dir.path()).build().unwrap();
    common::docker(); // checks that the daemon answers
    let name = tag_fixture(&docker, AUTH_REGISTRY, "config-dir").await;
    let _guard = remove_image_on_drop(&docker, &name);

    // Nothing saved yet: the push is refused by the registry.
    assert!(docker.images().push(&name).await.is_err());
    docker
        .login(USER, PASSWORD)
        .registry(AUTH_REGISTRY)
        .save(true)
        .await
        .unwrap();
    assert!(ConfigFile::load(dir.path())
        .unwrap()
        .auths
        .contains_key(AUTH_REGISTRY));
    // The same client now finds the saved credentials.
    docker.images().push(&name).await.unwrap();
    docker.images().remove(&name).await.unwrap();
    docker.images().pull(&name).await.unwrap();
}

#[tokio::test]
async fn run_pulls_a_missing_image() {
    let docker = common::docker();
    let name = tag_fixture(&docker, OPEN_REGISTRY, "run-pull").await;
    let _guard = remove_image_on_drop(&docker, &name);
    docker.images().push(&name).await.unwrap();
    docker.images().remove(&name).await.unwrap();
    assert!(docker.images().get(&name).await.unwrap_err().is_not_found());

    let out = docker
        .containers()
        .run(&name)
        .command(["echo", "pulled-and-ran"])
        .remove(true)
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout()).trim(),
        "pulled-and-ran"
    );
    docker.images().get(&name).await.unwrap();

    let missing = format!("{OPEN_REGISTRY}/{}:v1", common::unique_name("never-there"));
    let err = docker.containers().run(&missing).await.unwrap_err();
    assert!(matches!(err, Error::ImageNotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn pull_all_tags_of_a_repository() {
    let docker = common::docker();
    let repo = format!("{OPEN_REGISTRY}/{}", common::unique_name("all-tags"));
    let fixture = docker.images().get(common::IMAGE).await.unwrap();
    let mut guards = Vec::new();
    for tag in ["a", "b"] {
        let name = format!("{repo}:{tag}");
        guards.push(remove_image_on_drop(&docker, &name));
        fixture.tag(&repo, Some(tag)).await.unwrap();
    }
    // Without a tag, every tag of the repository is pushed.
    docker.images().push(&repo).await.unwrap();
    for tag in ["a", "b"] {
        docker
            .images()
            .remove(format!("{repo}:{tag}"))
            .await
            .unwrap();
    }
    let pulled = docker.images().pull(&repo).all_tags().await.unwrap();
    let mut tags: Vec<String> = pulled.iter().flat_map(|i| i.tags()).collect();
    tags.sort();
    assert_eq!(tags, [format!("{repo}:a"), format!("{repo}:b")]);
}
