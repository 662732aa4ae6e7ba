//! The ssh:// transport against sshd on 127.0.0.1:2222 running `docker system dial-stdio` (scripts/test-env.sh).

mod common;

use std::time::Duration;

use docker_sdk::{Docker, Error};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn representative_calls_over_ssh() {
    let docker = common::docker_from_env_file("ssh");
    assert!(docker.host().to_string().starts_with("ssh://"));
    assert!(docker.ping().await.unwrap().api_version.is_some());
    let out = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("echo over-ssh; echo e >&2")
        .remove(true)
        .await
        .unwrap();
    assert_eq!(
        (out.stdout_str(), out.stderr_str()),
        ("over-ssh\n".into(), "e\n".into())
    );
    let since = std::time::SystemTime::now();
    let (c, _guard) = common::start(&docker, "ssh", "sleep 60").await;
    assert_eq!(
        docker
            .containers()
            .list()
            .filter("id", c.id())
            .await
            .unwrap()
            .len(),
        1
    );
    let echoed = c
        .exec_run(["sh", "-c", "cat; echo err >&2"])
        .stdin("via ssh")
        .await
        .unwrap();
    assert_eq!(
        (echoed.stdout_str(), echoed.stderr_str()),
        ("via ssh".into(), "err\n".into())
    );
    let (_, mut conn) = c.exec_run(["tr", "a-z", "A-Z"]).start().await.unwrap();
    conn.write_all(b"half-close over ssh\n").await.unwrap();
    conn.shutdown().await.unwrap();
    let mut back = String::new();
    conn.read_to_string(&mut back).await.unwrap();
    assert_eq!(back, "HALF-CLOSE OVER SSH\n");
    let events: Vec<_> = docker
        .events()
        .since(since)
        .until_in(Duration::from_millis(300))
        .filter("container", c.id())
        .await
        .unwrap()
        .collect()
        .await;
    assert!(events
        .iter()
        .any(|e| e.as_ref().unwrap().action.as_deref() == Some("start")));
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
