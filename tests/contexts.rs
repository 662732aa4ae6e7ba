//! Docker contexts end to end: contexts made here are used by the Docker CLI and the other way round, over
//! the TLS daemon and ssh; the CLI's precedence; unknown names.

mod common;

use std::process::Command;

use docker_sdk::config::{ContextEndpointSpec, ContextStore, Env, TlsMaterial};
use docker_sdk::{DockerBuilder, Error};

struct ConfigDir(tempfile::TempDir);

impl ConfigDir {
    fn new() -> Self {
        ConfigDir(tempfile::tempdir().unwrap())
    }

    fn path(&self) -> String {
        self.0.path().display().to_string()
    }

    /// An environment with this config directory and the given variables (never the process's own).
    fn env(&self, pairs: &[(&str, &str)]) -> Env {
        let mut all = vec![("DOCKER_CONFIG".to_string(), self.path())];
        all.push(("HOME".into(), std::env::var("HOME").unwrap_or_default()));
        all.push(("PATH".into(), std::env::var("PATH").unwrap_or_default()));
        all.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_pairs(all)
    }

    fn store(&self) -> ContextStore {
        ContextStore::from_env(self.env(&[])).unwrap()
    }

    /// Runs the docker CLI with this config directory (set on the child only) and no DOCKER_HOST.
    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new("docker")
            .args(args)
            .env("DOCKER_CONFIG", self.path())
            .env_remove("DOCKER_HOST")
            .env_remove("DOCKER_CONTEXT")
            .output()
            .expect("the docker CLI is installed by scripts/test-env.sh");
        assert!(
            out.status.success(),
            "docker {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

fn tls_material() -> TlsMaterial {
    let dir = common::test_env_dir().join("tls");
    let read = |f: &str| Some(std::fs::read(dir.join(f)).unwrap());
    TlsMaterial {
        ca: read("ca.pem"),
        cert: read("cert.pem"),
        key: read("key.pem"),
    }
}

#[tokio::test]
async fn a_tls_context_made_here_works_for_us_and_for_the_cli() {
    let cfg = ConfigDir::new();
    let name = format!("sdk-tls-{}", std::process::id());
    cfg.store()
        .create(
            &name,
            ContextEndpointSpec::new("tcp://127.0.0.1:2376")
                .description("made by docker-sdk")
                .tls(tls_material()),
        )
        .unwrap();
    let docker = DockerBuilder::from_env(&cfg.env(&[("DOCKER_CONTEXT", &name)]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(docker.host().to_string(), "tcp://127.0.0.1:2376");
    let ours = docker.version().await.unwrap().version.unwrap();
    let theirs = cfg.cli(&[
        "--context",
        &name,
        "version",
        "--format",
        "{{.Server.Version}}",
    ]);
    assert_eq!(theirs.trim(), ours);
    assert!(cfg
        .cli(&["context", "ls", "--format", "{{.Name}}"])
        .lines()
        .any(|l| l.trim() == name));
}

#[tokio::test]
async fn a_context_made_by_the_cli_works_here() {
    let cfg = ConfigDir::new();
    let name = format!("cli-tls-{}", std::process::id());
    let tls = common::test_env_dir().join("tls");
    let docker_arg = format!(
        "host=tcp://127.0.0.1:2376,ca={},cert={},key={}",
        tls.join("ca.pem").display(),
        tls.join("cert.pem").display(),
        tls.join("key.pem").display()
    );
    cfg.cli(&["context", "create", &name, "--docker", &docker_arg]);
    cfg.cli(&["context", "use", &name]);
    // No DOCKER_HOST or DOCKER_CONTEXT: config.json's currentContext decides.
    let docker = DockerBuilder::from_env(&cfg.env(&[]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(docker.host().to_string(), "tcp://127.0.0.1:2376");
    assert!(docker.ping().await.unwrap().api_version.is_some());
    let info = cfg.store().inspect(&name).unwrap();
    assert_eq!(info.name, name);
}

#[tokio::test]
async fn an_ssh_context_works() {
    let cfg = ConfigDir::new();
    cfg.store()
        .create("over-ssh", ContextEndpointSpec::new("ssh://dockersdk-test"))
        .unwrap();
    cfg.store().set_current("over-ssh").unwrap();
    let docker = DockerBuilder::from_env(&cfg.env(&[]))
        .unwrap()
        .build()
        .unwrap();
    assert!(docker.host().to_string().starts_with("ssh://"));
    assert!(docker.ping().await.unwrap().api_version.is_some());
}

#[tokio::test]
async fn precedence_and_unknown_names() {
    let cfg = ConfigDir::new();
    cfg.store()
        .create("elsewhere", ContextEndpointSpec::new("tcp://127.0.0.1:1"))
        .unwrap();
    cfg.store().set_current("elsewhere").unwrap();
    // DOCKER_HOST beats DOCKER_CONTEXT, which beats currentContext.
    let host = DockerBuilder::from_env(&cfg.env(&[
        ("DOCKER_HOST", "unix:///var/run/docker.sock"),
        ("DOCKER_CONTEXT", "nope"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    host.ping().await.unwrap();
    let by_env = DockerBuilder::from_env(&cfg.env(&[("DOCKER_CONTEXT", "default")]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(by_env.host().to_string(), "unix:///var/run/docker.sock");
    let current = DockerBuilder::from_env(&cfg.env(&[]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(current.host().to_string(), "tcp://127.0.0.1:1");
    let err = current.ping().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    // An unknown context is an error listing the known ones (docker-py silently uses the default socket).
    let err = DockerBuilder::from_env(&cfg.env(&[("DOCKER_CONTEXT", "nope")])).unwrap_err();
    match err {
        Error::Config { message } => assert!(
            message.contains("nope")
                && message.contains("elsewhere")
                && message.contains("default"),
            "{message}"
        ),
        other => panic!("expected Error::Config, got {other:?}"),
    }
    cfg.store().remove("elsewhere").unwrap();
    assert_eq!(cfg.store().current().unwrap(), "default");
}
