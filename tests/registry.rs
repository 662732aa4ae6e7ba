//! Registries and credentials against real registries: 127.0.0.1:5000 (htpasswd, testuser/testpassword)
//! and 127.0.0.1:5001 (no auth), started by scripts/test-env.sh.

mod common;

use std::future::IntoFuture;
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

/// A directory holding a config.json with the good credentials for the auth registry, as `docker login`
/// writes them (base64 of `user:password`).
fn config_dir_with_good_auth() -> tempfile::TempDir {
    use base64::Engine as _;
    let dir = tempfile::tempdir().unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    std::fs::write(
        dir.path().join("config.json"),
        format!(r#"{{"auths":{{"{AUTH_REGISTRY}":{{"auth":"{basic}"}}}}}}"#),
    )
    .unwrap();
    dir
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
    let name = common::tag_fixture(&docker, AUTH_REGISTRY, "login-push").await;
    let _guard = common::remove_image_on_drop(&docker, &name);

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
    let dir = config_dir_with_good_auth();
    let name = common::tag_fixture(&docker, AUTH_REGISTRY, "config-json").await;
    let _guard = common::remove_image_on_drop(&docker, &name);

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
    let _digest_guard = common::remove_image_on_drop(&docker, &by_digest);
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
    let name = common::tag_fixture(&docker, AUTH_REGISTRY, "helper").await;
    let _guard = common::remove_image_on_drop(&docker, &name);

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
    let name = common::tag_fixture(&docker, OPEN_REGISTRY, "no-helper").await;
    let _guard = common::remove_image_on_drop(&docker, &name);
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
    let name = common::tag_fixture(&docker, OPEN_REGISTRY, "missing-tag").await;
    let _guard = common::remove_image_on_drop(&docker, &name);
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
    let name = common::tag_fixture(&docker, AUTH_REGISTRY, "explicit").await;
    let _guard = common::remove_image_on_drop(&docker, &name);
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
    let name = common::tag_fixture(&docker, AUTH_REGISTRY, "config-dir").await;
    let _guard = common::remove_image_on_drop(&docker, &name);

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
    let name = common::tag_fixture(&docker, OPEN_REGISTRY, "run-pull").await;
    let _guard = common::remove_image_on_drop(&docker, &name);
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
        guards.push(common::remove_image_on_drop(&docker, &name));
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

/// Writes `docker-credential-<name>` into `dir`: every call fails with a message.
fn broken_helper(dir: &Path, name: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(format!("docker-credential-{name}"));
    std::fs::write(
        &path,
        "#!/bin/sh\ncat >/dev/null\necho 'keychain is locked'\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Pushes the fixture to `registry` under a unique name (with credentials), removes it locally and returns
/// the name, with a guard that removes whatever is pulled back.
async fn pushed_fixture(
    docker: &Docker,
    registry: &str,
    what: &str,
) -> (String, common::Cleanup<impl FnOnce()>) {
    let name = common::tag_fixture(docker, registry, what).await;
    let guard = common::remove_image_on_drop(docker, &name);
    docker.images().push(&name).auth(good_auth()).await.unwrap();
    docker.images().remove(&name).await.unwrap();
    (name, guard)
}

#[tokio::test]
async fn a_failing_helper_is_named_when_the_registry_then_refuses() {
    let docker = common::docker();
    let dir = tempfile::tempdir().unwrap();
    broken_helper(dir.path(), "broken");
    std::fs::write(
        dir.path().join("config.json"),
        format!(r#"{{"credHelpers":{{"{AUTH_REGISTRY}":"broken","{OPEN_REGISTRY}":"broken"}}}}"#),
    )
    .unwrap();
    let images = docker.images().with_credentials(store_in(dir.path()));
    let named = |err: &Error| {
        let text = err.to_string();
        assert!(
            text.contains(
                "credentials from docker-credential-broken could not be read: `get` exited with exit status: 1: keychain is locked"
            ),
            "{text}"
        );
        assert!(!format!("{text} {err:?}").contains(PASSWORD));
    };

    // The anonymous fallback still pulls from a registry that needs no credentials.
    let (open, _open_guard) = pushed_fixture(&docker, OPEN_REGISTRY, "broken-open").await;
    images.pull(&open).await.unwrap();

    // The registry with auth refuses the anonymous pull: the error says why nothing was sent.
    let (private, _guard) = pushed_fixture(&docker, AUTH_REGISTRY, "broken-private").await;
    let err = images.pull(&private).await.unwrap_err();
    assert!(err.daemon_message().is_some(), "{err:?}");
    named(&err);
    let err = images.get_registry_data(&private).await.unwrap_err();
    named(&err);
    let err = images
        .build_from_dockerfile(format!("FROM {private}\n"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build { .. }), "{err:?}");
    named(&err);
    // The stream form carries the note in its error too.
    let err = match images.pull(&private).stream().await {
        Err(e) => e,
        Ok(mut stream) => {
            use futures_util::StreamExt;
            let mut last = None;
            while let Some(item) = stream.next().await {
                if let Err(e) = item {
                    last = Some(e);
                    break;
                }
            }
            last.expect("the pull must fail")
        }
    };
    named(&err);
}

#[tokio::test]
async fn a_malformed_config_json_fails_a_push_but_not_an_anonymous_pull() {
    let docker = common::docker();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.json");
    std::fs::write(&file, "{\"auths\": {not json").unwrap();
    let client = Docker::builder().config_dir(dir.path()).build().unwrap();

    let (open, _open_guard) = pushed_fixture(&docker, OPEN_REGISTRY, "malformed-open").await;
    client.images().pull(&open).await.unwrap();
    let err = client.images().push(&open).await.unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&file.display().to_string()),
        "{err}"
    );

    let (private, _guard) = pushed_fixture(&docker, AUTH_REGISTRY, "malformed-private").await;
    let err = client.images().pull(&private).await.unwrap_err();
    assert!(
        err.to_string().contains(&file.display().to_string()),
        "the refusal names the unreadable file: {err}"
    );
}

/// An environment for a client: the default daemon socket, and the given variables.
fn client_env(pairs: &[(&str, String)]) -> docker_sdk::config::Env {
    docker_sdk::config::Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())))
}

#[tokio::test]
async fn credentials_are_read_through_docker_config_of_an_injected_environment() {
    let docker = common::docker();
    let dir = config_dir_with_good_auth();
    // DOCKER_CONFIG is given to the client, not set in the process.
    let env = client_env(&[("DOCKER_CONFIG", dir.path().display().to_string())]);
    let client = docker_sdk::DockerBuilder::from_env(&env)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(
        client.config_file().and_then(|c| c.path()),
        Some(dir.path().join("config.json").as_path())
    );
    let name = common::tag_fixture(&docker, AUTH_REGISTRY, "docker-config-env").await;
    let _guard = common::remove_image_on_drop(&docker, &name);
    assert!(docker.images().anonymous().push(&name).await.is_err());
    client.images().push(&name).await.unwrap();
    client.images().remove(&name).await.unwrap();
    client.images().pull(&name).await.unwrap();
}

#[tokio::test]
async fn a_helper_found_on_the_injected_path_gets_get_store_erase_and_list() {
    let docker = common::docker();
    let config_dir = tempfile::tempdir().unwrap();
    let bin_dir = tempfile::tempdir().unwrap();
    let log = fake_helper(bin_dir.path());
    std::fs::write(
        config_dir.path().join("config.json"),
        r#"{"credsStore":"test"}"#,
    )
    .unwrap();
    let env = client_env(&[
        ("DOCKER_CONFIG", config_dir.path().display().to_string()),
        ("PATH", format!("/nonexistent:{}", bin_dir.path().display())),
    ]);
    let client = docker_sdk::DockerBuilder::from_env(&env)
        .unwrap()
        .build()
        .unwrap();
    let name = common::tag_fixture(&docker, AUTH_REGISTRY, "helper-on-path").await;
    let _guard = common::remove_image_on_drop(&docker, &name);

    // get: the push finds the helper through the injected PATH.
    client.images().push(&name).await.unwrap();
    // store: a saved login goes to the helper.
    client
        .login(USER, PASSWORD)
        .registry(AUTH_REGISTRY)
        .save(true)
        .await
        .unwrap();
    let store = CredentialStore::from_env(&env).unwrap();
    let helper = store.helper_for(AUTH_REGISTRY).unwrap().unwrap();
    assert_eq!(
        helper.program(),
        bin_dir.path().join("docker-credential-test")
    );
    // list and erase.
    assert!(helper.list().await.unwrap().is_empty());
    let mut store = store;
    store.erase(AUTH_REGISTRY).await.unwrap();
    assert_eq!(
        calls(&log),
        [
            format!("get {AUTH_REGISTRY}"),
            format!("store {AUTH_REGISTRY}"),
            "list".to_string(),
            format!("erase {AUTH_REGISTRY}"),
        ]
    );
    let text = std::fs::read_to_string(config_dir.path().join("config.json")).unwrap();
    assert!(!text.contains(PASSWORD), "{text}");
}

/// The storage directory of the registry without auth (scripts/test-env.sh reads it from the running
/// registry's config: another checkout may have started it).
fn open_registry_storage() -> PathBuf {
    let root = common::env_file("registry")
        .into_iter()
        .find_map(|(k, v)| (k == "DOCKER_SDK_TEST_REGISTRY_NOAUTH_ROOT").then_some(v))
        .unwrap_or_else(|| {
            panic!(
                "registry.env has no DOCKER_SDK_TEST_REGISTRY_NOAUTH_ROOT: {}",
                common::HOW_TO_START
            )
        });
    PathBuf::from(root).join("docker/registry/v2")
}

fn blob_path(storage: &Path, digest: &str) -> PathBuf {
    let hex = digest.strip_prefix("sha256:").unwrap();
    storage.join(format!("blobs/sha256/{}/{hex}/data", &hex[..2]))
}

#[tokio::test]
async fn a_pull_that_fails_inside_the_stream_is_an_err() {
    use docker_sdk::api::RequestBody;
    let docker = common::docker();
    // An image of our own, so that its blobs are shared with nothing else in the registry.
    let repo_path = common::unique_name("broken-blob");
    let repo = format!("{OPEN_REGISTRY}/{repo_path}");
    let name = format!("{repo}:v1");
    let _guard = common::remove_image_on_drop(&docker, &name);
    let mut builder = tar::Builder::new(Vec::new());
    let text = format!("unique content {repo_path}\n");
    let mut header = tar::Header::new_gnu();
    header.set_size(text.len() as u64);
    header.set_mode(0o644);
    builder
        .append_data(&mut header, "unique.txt", text.as_bytes())
        .unwrap();
    docker
        .images()
        .import(RequestBody::from_bytes(builder.into_inner().unwrap()))
        .repository(&repo)
        .tag("v1")
        .await
        .unwrap();
    docker.images().push(&name).await.unwrap();

    // Delete the image config's blob from the registry's storage: the manifest is still served, so the
    // daemon starts the 200 stream, then cannot fetch the config (which, unlike a layer, it does not retry).
    let storage = open_registry_storage();
    let link = storage.join(format!(
        "repositories/{repo_path}/_manifests/tags/v1/current/link"
    ));
    let manifest_digest = std::fs::read_to_string(&link).unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(blob_path(&storage, manifest_digest.trim())).unwrap(),
    )
    .unwrap();
    let config = manifest["config"]["digest"].as_str().unwrap();
    std::fs::remove_file(blob_path(&storage, config)).unwrap();

    docker.images().remove(&name).await.unwrap();
    let err = docker.images().pull(&name).await.unwrap_err();
    assert!(matches!(err, Error::Stream { .. }), "{err:?}");
    assert!(docker.images().get(&name).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn push_of_one_platform_is_gated_at_api_1_47() {
    use docker_sdk::ApiVersion;
    let docker = common::docker();
    let version = docker.api_version().await.unwrap();
    let name = common::tag_fixture(&docker, OPEN_REGISTRY, "push-platform").await;
    let _guard = common::remove_image_on_drop(&docker, &name);
    // A malformed platform is refused locally.
    let err = docker
        .images()
        .push(&name)
        .platform("linux/")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    let pushed = docker.images().push(&name).platform("linux/amd64").await;
    if version < ApiVersion::V1_47 {
        let err = pushed.unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedApiVersion { feature, required, .. }
                if feature.contains("platform") && *required == ApiVersion::V1_47),
            "{err:?}"
        );
        // Nothing was pushed.
        let missing = docker.images().get_registry_data(&name).await.unwrap_err();
        assert!(missing.is_not_found(), "{missing:?}");
        // The blocking mirror has the option too.
        let blocking = docker_sdk::blocking::Docker::from(docker.clone());
        let name2 = name.clone();
        let err = std::thread::spawn(move || {
            blocking.images().push(name2).platform("linux/amd64").send()
        })
        .join()
        .unwrap()
        .unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedApiVersion { .. }),
            "{err:?}"
        );
    } else {
        pushed.unwrap();
    }
}

#[test]
fn blocking_registry_data_knows_its_name() {
    let docker = common::docker();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let name = rt.block_on(common::tag_fixture(
        &docker,
        OPEN_REGISTRY,
        "blocking-registry-data",
    ));
    let _guard = common::remove_image_on_drop(&docker, &name);
    rt.block_on(docker.images().push(&name).into_future())
        .unwrap();
    drop(rt);
    let blocking = docker_sdk::blocking::Docker::from(docker);
    let data = blocking.images().get_registry_data(&name).send().unwrap();
    assert_eq!(data.name(), name);
    assert!(data.id().starts_with("sha256:"), "{}", data.id());
}
