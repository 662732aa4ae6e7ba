//! `Docker::from_context` and `blocking::Docker::from_context`, which read the process's environment
//! (DOCKER_CONFIG, DOCKER_HOST, ...). Changing the environment is only sound while no other thread reads
//! it, so this binary holds a single test that does everything in turn.

mod common;

use docker_sdk::config::{ContextEndpointSpec, ContextStore, Env, TlsMaterial};
use docker_sdk::Error;

fn tls_material() -> TlsMaterial {
    let dir = common::test_env_dir().join("tls");
    let read = |f: &str| Some(std::fs::read(dir.join(f)).unwrap());
    TlsMaterial {
        ca: read("ca.pem"),
        cert: read("cert.pem"),
        key: read("key.pem"),
    }
}

fn assert_lists_known(err: Error, unknown: &str, known: &[&str]) {
    match err {
        Error::Config { message } => {
            assert!(message.contains(unknown), "{message}");
            for name in known {
                assert!(message.contains(name), "{name} not listed: {message}");
            }
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[test]
fn from_context_async_and_blocking() {
    let config = tempfile::tempdir().unwrap();
    let pid = std::process::id();
    let (tls_name, unix_name) = (format!("fc-tls-{pid}"), format!("fc-unix-{pid}"));
    let store = ContextStore::from_env(Env::from_pairs([(
        "DOCKER_CONFIG",
        config.path().to_str().unwrap(),
    )]))
    .unwrap();
    store
        .create(
            &tls_name,
            ContextEndpointSpec::new("tcp://127.0.0.1:2376").tls(tls_material()),
        )
        .unwrap();
    store
        .create(
            &unix_name,
            ContextEndpointSpec::new("unix:///var/run/docker.sock"),
        )
        .unwrap();
    // The only test of this binary: nothing else reads the environment while it changes, and every
    // client is made before any runtime or connection exists. The variables that pick a context, and a
    // default context that cannot work, must not matter to a stored context.
    std::env::set_var("DOCKER_CONFIG", config.path());
    std::env::set_var("DOCKER_HOST", "tcp://127.0.0.1:1");
    std::env::set_var("DOCKER_CONTEXT", "no-such-context");
    std::env::set_var("DOCKER_TLS_VERIFY", "1");
    std::env::set_var("DOCKER_CERT_PATH", config.path().join("absent"));

    let stored = [
        (&tls_name, "tcp://127.0.0.1:2376"),
        (&unix_name, "unix:///var/run/docker.sock"),
    ];
    let clients: Vec<_> = stored
        .iter()
        .map(|(name, _)| docker_sdk::Docker::from_context(name).unwrap())
        .collect();
    let blocking: Vec<_> = stored
        .iter()
        .map(|(name, _)| docker_sdk::blocking::Docker::from_context(name).unwrap())
        .collect();
    let err = docker_sdk::Docker::from_context("nope-x").unwrap_err();
    assert_lists_known(err, "nope-x", &["default", &tls_name, &unix_name]);
    let err = docker_sdk::blocking::Docker::from_context("nope-y").unwrap_err();
    assert_lists_known(err, "nope-y", &["default", &tls_name, &unix_name]);

    // "default" is built from the environment, as `docker --context default` does: here DOCKER_HOST with
    // TLS from a certificate directory that does not exist...
    let err = docker_sdk::Docker::from_context("default").unwrap_err();
    let absent = config.path().join("absent").display().to_string();
    assert!(err.to_string().contains(&absent), "{err}");
    let err = docker_sdk::blocking::Docker::from_context("default").unwrap_err();
    assert!(err.to_string().contains(&absent), "{err}");
    // ... then DOCKER_HOST without TLS ...
    std::env::remove_var("DOCKER_TLS_VERIFY");
    let default = docker_sdk::Docker::from_context("default").unwrap();
    assert_eq!(default.host().to_string(), "tcp://127.0.0.1:1");
    // ... and without DOCKER_HOST, the local socket.
    std::env::remove_var("DOCKER_HOST");
    let local = docker_sdk::blocking::Docker::from_context("default").unwrap();
    assert_eq!(local.host().to_string(), "unix:///var/run/docker.sock");

    // Async.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (docker, (name, host)) in clients.iter().zip(stored) {
        assert_eq!(docker.host().to_string(), host);
        let ping = runtime.block_on(docker.ping()).unwrap();
        assert!(ping.api_version.is_some(), "{name}: {ping:?}");
    }
    drop(runtime);

    // Blocking.
    for (docker, (name, host)) in blocking.iter().zip(stored) {
        assert_eq!(docker.host().to_string(), host);
        let ping = docker.ping().unwrap();
        assert!(ping.api_version.is_some(), "{name}: {ping:?}");
    }
    assert!(local.ping().unwrap().api_version.is_some());
}
