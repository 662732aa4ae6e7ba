//! Shared fixtures of the integration tests: the client, unique names, and cleanup that runs even when a
//! test fails.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use docker_sdk::Docker;

pub mod image_files;
pub mod raw_containers;
pub mod transport_suite;

/// The fixture image made by scripts/test-env.sh from the host's static busybox.
pub const IMAGE: &str = "docker-sdk-test/busybox:latest";

/// How to bring the test environment up.
pub const HOW_TO_START: &str = "start the test environment with `bash scripts/test-env.sh` (it installs and starts dockerd, the registry and the fixture image)";

/// A client from the environment, after checking (once per test binary) that a daemon answers.
pub fn docker() -> Docker {
    let docker = Docker::from_env().expect("DOCKER_HOST / DOCKER_API_VERSION are valid");
    static CHECKED: OnceLock<()> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let probe = docker.clone();
        let result = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(probe.ping())
        })
        .join()
        .unwrap();
        if let Err(e) = result {
            panic!(
                "no Docker daemon answers at {}: {e}\n=> {HOW_TO_START}",
                docker.host()
            );
        }
    });
    docker
}

/// The engine behind the client: Docker's dockerd or Podman's Docker-compatible service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// dockerd (Moby).
    Docker,
    /// `podman system service`.
    Podman,
}

/// Which engine [`docker()`] talks to, asked once per test binary from the daemon itself: Podman lists a
/// `Podman Engine` component in `/version` (and no environment variable is consulted).
pub fn engine() -> Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    *ENGINE.get_or_init(|| {
        let docker = docker();
        let version = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(docker.version())
        })
        .join()
        .unwrap()
        .expect("GET /version");
        let podman = version
            .components
            .iter()
            .flatten()
            .any(|c| c.name.as_deref() == Some("Podman Engine"));
        if podman {
            Engine::Podman
        } else {
            Engine::Docker
        }
    })
}

/// True when the tests run against Podman.
pub fn is_podman() -> bool {
    engine() == Engine::Podman
}

/// The name the engine reports for the fixture image: Podman qualifies a name without a registry that
/// `podman import` stored with its `localhost/` registry.
pub fn fixture_name() -> String {
    match engine() {
        Engine::Docker => IMAGE.to_string(),
        Engine::Podman => format!("localhost/{IMAGE}"),
    }
}

/// A name no other test (or test run) uses: `dsdk-<what>-<pid>-<n>`.
pub fn unique_name(what: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("dsdk-{what}-{}-{n}-{nanos:x}", std::process::id())
}

/// Runs `cleanup` when dropped — also when the test panics.
pub struct Cleanup<F: FnOnce()>(Option<F>);

impl<F: FnOnce()> Drop for Cleanup<F> {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}

/// Registers a cleanup action for the end of the scope.
pub fn on_drop<F: FnOnce()>(f: F) -> Cleanup<F> {
    Cleanup(Some(f))
}

/// Removes a daemon object with the docker CLI-free raw API, from a plain thread so it works inside or
/// outside a runtime and even while a test is unwinding.
pub fn remove_raw(docker: &Docker, path: String) {
    remove_raw_with(docker, path, &[("force", "true")]);
}

/// [`remove_raw`] with the given query.
pub fn remove_raw_with(
    docker: &Docker,
    path: String,
    query: &'static [(&'static str, &'static str)],
) {
    let docker = docker.clone();
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(
            docker
                .api()
                .request_json(docker_sdk::api::Method::DELETE, &path, query, None),
        )
    })
    .join();
}

/// Starts a detached container from the fixture image running `sh -c <script>`, with a unique name and a
/// guard that force-removes it at the end of the test.
pub async fn start(
    docker: &Docker,
    what: &str,
    script: &str,
) -> (docker_sdk::containers::Container, Cleanup<impl FnOnce()>) {
    let name = unique_name(what);
    let guard = {
        let (docker, name) = (docker.clone(), name.clone());
        // `v`: anonymous volumes go with the container.
        on_drop(move || {
            remove_raw_with(
                &docker,
                format!("/containers/{name}"),
                &[("force", "true"), ("v", "true")],
            )
        })
    };
    let container = docker
        .containers()
        .run(IMAGE)
        .name(&name)
        .shell_command(script)
        .label("dsdk-test", what)
        .detach()
        .await
        .expect("start a test container");
    (container, guard)
}

/// A guard that force-removes the container called `name` at the end of the test.
pub fn remove_container_on_drop(docker: &Docker, name: &str) -> Cleanup<impl FnOnce()> {
    let (docker, name) = (docker.clone(), name.to_string());
    // `v`: anonymous volumes go with the container.
    on_drop(move || {
        remove_raw_with(
            &docker,
            format!("/containers/{name}"),
            &[("force", "true"), ("v", "true")],
        )
    })
}

/// A guard that removes the image (name, tag or ID) at the end of the test, even when it fails.
pub fn remove_image_on_drop(docker: &Docker, name: &str) -> Cleanup<impl FnOnce()> {
    let docker = docker.clone();
    let path = format!("/images/{name}");
    on_drop(move || remove_raw(&docker, path))
}

/// Tags the fixture image as `<registry>/<unique>:v1` and returns that name.
pub async fn tag_fixture(docker: &Docker, registry: &str, what: &str) -> String {
    let repo = format!("{registry}/{}", unique_name(what));
    docker
        .images()
        .get(IMAGE)
        .await
        .unwrap()
        .tag(&repo, Some("v1"))
        .await
        .unwrap();
    format!("{repo}:v1")
}

/// Where scripts/test-env.sh writes its files (certificates, env files).
pub fn test_env_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-env");
    assert!(
        dir.join("tls/ca.pem").exists(),
        "{} is missing: {HOW_TO_START}",
        dir.display()
    );
    dir
}

/// The key=value pairs of one of the env files scripts/test-env.sh writes (`tls`, `ssh`, `podman`).
pub fn env_file(name: &str) -> Vec<(String, String)> {
    let path = test_env_dir().join(format!("{name}.env"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}\n=> {HOW_TO_START}", path.display()));
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A client configured like `env $(cat target/test-env/<name>.env)` would, without touching this process's
/// environment (tests run in parallel).
pub fn docker_from_env_file(name: &str) -> Docker {
    let dir = tempfile::tempdir().unwrap();
    let mut pairs = env_file(name);
    pairs.push(("DOCKER_CONFIG".into(), dir.path().display().to_string()));
    pairs.push(("HOME".into(), std::env::var("HOME").unwrap_or_default()));
    pairs.push(("PATH".into(), std::env::var("PATH").unwrap_or_default()));
    let env = docker_sdk::config::Env::from_pairs(pairs);
    let docker = docker_sdk::DockerBuilder::from_env(&env)
        .and_then(|b| b.build())
        .expect("client from env file");
    std::mem::forget(dir);
    docker
}
