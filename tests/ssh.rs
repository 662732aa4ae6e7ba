//! The ssh:// transport against sshd on 127.0.0.1:2222 running `docker system dial-stdio` (scripts/test-env.sh).

mod common;

use docker_sdk::{Docker, Error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn representative_calls_over_ssh() {
    let docker = common::docker_from_env_file("ssh");
    common::transport_suite::representative_calls(&docker, "ssh").await;
    // Many concurrent requests are queued below sshd's limits instead of failing.
    let pings = (0..30).map(|_| docker.ping());
    for r in futures_util::future::join_all(pings).await {
        r.unwrap();
    }
}

#[tokio::test]
async fn ssh_failures_carry_ssh_s_own_message() {
    // No such remote socket: the remote docker complains.
    let docker = Docker::builder()
        .host("ssh://dockersdk-test/nonexistent/docker.sock")
        .build()
        .unwrap();
    let err = docker.ping().await.unwrap_err();
    assert!(
        matches!(&err, Error::Ssh { message } if message.contains("nonexistent")),
        "{err:?}"
    );
    // A user without an authorized key.
    let docker = Docker::builder()
        .host("ssh://nobody@dockersdk-test")
        .build()
        .unwrap();
    let err = docker.ping().await.unwrap_err();
    assert!(
        matches!(&err, Error::Ssh { message } if message.contains("Permission denied")),
        "{err:?}"
    );
    // A host whose key is not known (this address has no known_hosts entry and no config block).
    let docker = Docker::builder()
        .host("ssh://root@[::ffff:127.0.0.1]:2222")
        .build()
        .unwrap();
    let err = docker.ping().await.unwrap_err();
    assert!(
        matches!(&err, Error::Ssh { message } if message.contains("ost key")),
        "{err:?}"
    );
}

#[tokio::test]
async fn docker_missing_on_the_remote_is_named() {
    // scripts/test-env.sh makes the user behind this alias: its login shell's PATH has no docker.
    let docker = Docker::builder()
        .host("ssh://dsdk-nodocker")
        .build()
        .unwrap();
    let err = docker.ping().await.unwrap_err();
    // The remote shell's own complaint, e.g. "/bin/sh: 1: docker: not found".
    assert!(
        matches!(&err, Error::Ssh { message } if message.contains("docker: not found")),
        "{err:?}"
    );
}

#[test]
fn docker_missing_on_the_remote_is_named_blocking() {
    let docker = docker_sdk::blocking::Docker::from(
        Docker::builder()
            .host("ssh://dsdk-nodocker")
            .build()
            .unwrap(),
    );
    let err = docker.ping().unwrap_err();
    assert!(
        matches!(&err, Error::Ssh { message } if message.contains("docker: not found")),
        "{err:?}"
    );
}

#[test]
fn blocking_client_over_ssh() {
    let docker = docker_sdk::blocking::Docker::from(common::docker_from_env_file("ssh"));
    let out = docker
        .containers()
        .run(common::IMAGE)
        .command(["echo", "blocking ssh"])
        .remove(true)
        .send()
        .unwrap();
    assert_eq!(out.stdout_str(), "blocking ssh\n");
}
