//! The TLS transport against the real dockerd listening with --tlsverify on 127.0.0.1:2376.

mod common;

use docker_sdk::transport::TlsConfig;
use docker_sdk::{Docker, Error};

const ADDR: &str = "tcp://127.0.0.1:2376";

fn tls_dir() -> std::path::PathBuf {
    common::test_env_dir().join("tls")
}

fn client(tls: TlsConfig) -> Docker {
    Docker::builder().host(ADDR).tls(tls).build().unwrap()
}

#[tokio::test]
async fn representative_calls_over_tls() {
    let docker = common::docker_from_env_file("tls");
    common::transport_suite::representative_calls(&docker, "tls").await;
}

#[tokio::test]
async fn every_client_key_format_works() {
    for sub in ["pkcs1", "ec", "ec-pkcs8"] {
        let dir = tls_dir().join(sub);
        let docker = client(TlsConfig::from_cert_dir(&dir));
        docker.ping().await.unwrap_or_else(|e| panic!("{sub}: {e}"));
    }
    let dir = tls_dir();
    let pem = TlsConfig::new()
        .ca_pem(std::fs::read(dir.join("ca.pem")).unwrap())
        .client_cert_pem(
            std::fs::read(dir.join("cert.pem")).unwrap(),
            std::fs::read(dir.join("key-pkcs1.pem")).unwrap(),
        );
    client(pem).ping().await.unwrap();
}

#[tokio::test]
async fn failures_say_what_failed() {
    let dir = tls_dir();
    let with_client =
        |tls: TlsConfig| tls.client_cert_files(dir.join("cert.pem"), dir.join("key.pem"));

    let missing = Docker::builder()
        .host(ADDR)
        .tls(TlsConfig::new().ca_file("/nonexistent/ca.pem"))
        .build()
        .unwrap_err();
    assert!(
        matches!(&missing, Error::Tls { message, .. } if message.contains("/nonexistent/ca.pem")),
        "{missing}"
    );

    let bad_key = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad_key.path(), "not a key").unwrap();
    let err = Docker::builder()
        .host(ADDR)
        .tls(TlsConfig::from_cert_dir(&dir).client_cert_files(dir.join("cert.pem"), bad_key.path()))
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains(&bad_key.path().display().to_string()),
        "{err}"
    );

    let encrypted = Docker::builder()
        .host(ADDR)
        .tls(
            TlsConfig::new()
                .ca_file(dir.join("ca.pem"))
                .client_cert_files(dir.join("cert.pem"), dir.join("key-encrypted.pem")),
        )
        .build()
        .unwrap_err();
    assert!(encrypted.to_string().contains("encrypted"), "{encrypted}");

    let unknown_ca = client(with_client(TlsConfig::new()))
        .ping()
        .await
        .unwrap_err();
    assert!(
        matches!(&unknown_ca, Error::Tls { message, .. } if message.contains("not signed by a trusted CA")),
        "{unknown_ca}"
    );

    let wrong_name = client(with_client(
        TlsConfig::new()
            .ca_file(dir.join("ca.pem"))
            .server_name("docker.example.org"),
    ))
    .ping()
    .await
    .unwrap_err();
    assert!(
        matches!(&wrong_name, Error::Tls { message, .. } if message.contains("not valid for the name")),
        "{wrong_name}"
    );

    let no_client_cert = client(TlsConfig::new().ca_file(dir.join("ca.pem")))
        .ping()
        .await
        .unwrap_err();
    assert!(
        matches!(&no_client_cert, Error::Tls { message, .. } if message.contains("requires a client certificate")),
        "{no_client_cert}"
    );
    assert!(!format!("{no_client_cert:?}").contains("PRIVATE KEY"));

    // Verification off accepts the certificate whatever signs it (the daemon still wants our client cert).
    client(with_client(TlsConfig::new().verify(false)))
        .ping()
        .await
        .unwrap();
    // Using the right name explicitly works too.
    client(with_client(
        TlsConfig::new()
            .ca_file(dir.join("ca.pem"))
            .server_name("localhost"),
    ))
    .ping()
    .await
    .unwrap();
}

#[test]
fn blocking_client_over_tls() {
    let docker = docker_sdk::blocking::Docker::from(common::docker_from_env_file("tls"));
    assert!(docker.version().unwrap().api_version.is_some());
    let out = docker
        .containers()
        .run(common::IMAGE)
        .command(["echo", "blocking tls"])
        .remove(true)
        .send()
        .unwrap();
    assert_eq!(out.stdout_str(), "blocking tls\n");
}
