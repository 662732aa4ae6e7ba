//! Interoperability with the real `docker` CLI: contexts written by one side are read by the other.
//! `DOCKER_CONFIG` is set on the child process only, never on this one.

use std::path::Path;

use super::*;

fn store(dir: &Path) -> ContextStore {
    ContextStore::new(dir).with_env(Env::empty())
}

/// A throwaway self-signed CA certificate (no key kept): the CLI checks that `ca.pem` parses.
const TEST_CA: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBkjCCATegAwIBAgIUf1WQnjWwUqtFAk9e5DjsPZk0I5gwCgYIKoZIzj0EAwIw\n\
HTEbMBkGA1UEAwwSZG9ja2VyLXNkayB0ZXN0IENBMCAXDTI2MTEyNzExMDc0NFoY\n\
DzIxMjYxMTAzMTEwNzQ0WjAdMRswGQYDVQQDDBJkb2NrZXItc2RrIHRlc3QgQ0Ew\n\
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQjuDyOAeys/ftnVZZjQEFUwxoEZ+pW\n\
QvrnNClthaX1kEgMvvXEtVFyDCzlgM6xKhX7QdPTYAaL2ph6n985VVomo1MwUTAd\n\
BgNVHQ4EFgQUazqZ8G1EMy9ywH+EH3OdZCLgWJEwHwYDVR0jBBgwFoAUazqZ8G1E\n\
My9ywH+EH3OdZCLgWJEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBG\n\
AiEAluqpqHC9gJGixtRT8F3MYl2KOVJV/sEGvTWg2fKgd4sCIQCR+cKYDD/M6Six\n\
xjv/1LpRLmI2fIUpJA4DbX+8A/26xQ==\n\
-----END CERTIFICATE-----\n\
";

/// Runs the real `docker` CLI with `DOCKER_CONFIG` set on the child only.
fn docker_cli(config_dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("docker")
        .args(args)
        .env("DOCKER_CONFIG", config_dir)
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_CONTEXT")
        .output()
        .expect("the docker CLI must be installed to run these tests")
}

#[test]
fn the_docker_cli_uses_contexts_we_create() {
    let tmp = tempfile::tempdir().unwrap();
    let s = store(tmp.path());
    s.create(
        "sdk-made",
        ContextEndpointSpec::new("unix:///var/run/docker.sock").description("made by docker-sdk"),
    )
    .unwrap();
    let ls = docker_cli(
        tmp.path(),
        &[
            "context",
            "ls",
            "--format",
            "{{.Name}}|{{.DockerEndpoint}}|{{.Description}}",
        ],
    );
    let ls = String::from_utf8_lossy(&ls.stdout);
    assert!(
        ls.lines()
            .any(|l| l == "sdk-made|unix:///var/run/docker.sock|made by docker-sdk"),
        "{ls}"
    );
    let version = docker_cli(
        tmp.path(),
        &[
            "--context",
            "sdk-made",
            "version",
            "--format",
            "{{.Server.APIVersion}}",
        ],
    );
    assert!(
        version.status.success(),
        "docker --context sdk-made version failed: {}",
        String::from_utf8_lossy(&version.stderr)
    );
    assert!(!String::from_utf8_lossy(&version.stdout).trim().is_empty());

    s.set_current("sdk-made").unwrap();
    let show = docker_cli(tmp.path(), &["context", "show"]);
    assert_eq!(String::from_utf8_lossy(&show.stdout).trim(), "sdk-made");
}

#[test]
fn we_read_contexts_the_docker_cli_creates() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = tmp.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    std::fs::write(certs.join("ca.pem"), TEST_CA).unwrap();
    let out = docker_cli(
        tmp.path(),
        &[
            "context",
            "create",
            "cli-made",
            "--description",
            "from the CLI",
            "--docker",
            &format!(
                "host=tcp://192.0.2.10:2376,ca={}",
                certs.join("ca.pem").display()
            ),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = docker_cli(tmp.path(), &["context", "use", "cli-made"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let s = store(tmp.path());
    let info = s.inspect("cli-made").unwrap();
    assert_eq!(info.description.as_deref(), Some("from the CLI"));
    assert_eq!(info.host.as_deref(), Some("tcp://192.0.2.10:2376"));
    assert_eq!(info.tls_files, ["ca.pem"]);
    assert!(info.current);
    let endpoint = s.resolve().unwrap();
    assert_eq!(endpoint.context, "cli-made");
    assert_eq!(endpoint.host, "tcp://192.0.2.10:2376");
    let tls = endpoint.tls.expect("the CLI stored a CA");
    assert_eq!(tls.ca.as_deref(), Some(TEST_CA.as_bytes()));

    // And removing it with our code is seen by the CLI.
    s.remove("cli-made").unwrap();
    let ls = docker_cli(tmp.path(), &["context", "ls", "--format", "{{.Name}}"]);
    assert_eq!(String::from_utf8_lossy(&ls.stdout).trim(), "default");
}

#[test]
fn the_docker_cli_sees_tls_files_we_store() {
    let tmp = tempfile::tempdir().unwrap();
    let tls = TlsMaterial {
        ca: Some(TEST_CA.as_bytes().to_vec()),
        ..Default::default()
    };
    store(tmp.path())
        .create(
            "sdk-tls",
            ContextEndpointSpec::new("tcp://192.0.2.20:2376").tls(tls),
        )
        .unwrap();
    let out = docker_cli(
        tmp.path(),
        &[
            "context",
            "inspect",
            "sdk-tls",
            "--format",
            "{{json .TLSMaterial}} {{json .Endpoints}}",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"docker":["ca.pem"]} {"docker":{"Host":"tcp://192.0.2.20:2376","SkipTLSVerify":false}}"#
    );
}
