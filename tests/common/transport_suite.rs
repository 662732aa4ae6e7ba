//! The representative set of calls every transport must carry (TLS, ssh, …): ping, list, run with its
//! output, a container's logs (GET /containers/{id}/logs), exec with stdin and demux, an exec and an attach with stdin half-close, a small build, events.

use std::time::{Duration, SystemTime};

use docker_sdk::Docker;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub async fn representative_calls(docker: &Docker, label: &str) {
    assert!(
        docker.ping().await.unwrap().api_version.is_some(),
        "{label}: ping"
    );
    assert!(
        docker.version().await.unwrap().version.is_some(),
        "{label}: version"
    );

    let out = docker
        .containers()
        .run(super::IMAGE)
        .shell_command(format!("echo over-{label}; echo e >&2"))
        .remove(true)
        .await
        .unwrap();
    assert_eq!(
        (out.stdout_str(), out.stderr_str()),
        (format!("over-{label}\n"), "e\n".to_string())
    );

    // The logs endpoint, not just run's attached output: one snapshot after the container exited, then a
    // follow from the start, which ends by itself because the container has stopped.
    let (logged, _logged_guard) = super::start(
        docker,
        &format!("{label}-logs"),
        &format!("echo out-{label}; echo err-{label} >&2; echo more-{label}"),
    )
    .await;
    assert_eq!(
        logged
            .wait()
            .timeout(Duration::from_secs(60))
            .await
            .unwrap()
            .code,
        0,
        "{label}: logs container"
    );
    let (so, se) = logged
        .logs()
        .await
        .unwrap()
        .collect_demuxed()
        .await
        .unwrap();
    assert_eq!(
        (
            String::from_utf8(so).unwrap(),
            String::from_utf8(se).unwrap()
        ),
        (
            format!("out-{label}\nmore-{label}\n"),
            format!("err-{label}\n")
        ),
        "{label}: logs"
    );
    // `tail` counts lines of both streams before `stderr(false)` drops some, and the order of the stderr
    // line among the stdout ones is up to the kernel's pipes: the last 3 lines hold both stdout lines.
    let followed = logged
        .logs()
        .follow(true)
        .stderr(false)
        .tail(3)
        .await
        .unwrap()
        .collect_interleaved()
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(followed).unwrap(),
        format!("out-{label}\nmore-{label}\n"),
        "{label}: logs follow + tail"
    );

    let since = SystemTime::now();
    let (c, _guard) = super::start(docker, label, "sleep 60").await;
    let listed = docker
        .containers()
        .list()
        .filter("id", c.id())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "{label}: list");

    let echoed = c
        .exec_run(["sh", "-c", "cat; echo err >&2"])
        .stdin(format!("via {label}"))
        .await
        .unwrap();
    assert_eq!(
        (echoed.stdout_str(), echoed.stderr_str()),
        (format!("via {label}"), "err\n".to_string())
    );

    let (_, mut conn) = c.exec_run(["tr", "a-z", "A-Z"]).start().await.unwrap();
    conn.write_all(b"half-close\n").await.unwrap();
    conn.shutdown().await.unwrap();
    let mut back = String::new();
    conn.read_to_string(&mut back).await.unwrap();
    assert_eq!(back, "HALF-CLOSE\n", "{label}: exec half-close");

    // attach with stdin: the container sees end-of-file when we half-close.
    let name = super::unique_name(&format!("{label}-attach"));
    let _attach_guard = super::remove_container_on_drop(docker, &name);
    let cat = docker
        .containers()
        .create(super::IMAGE)
        .name(&name)
        .shell_command("cat; echo done")
        .stdin_open(true)
        .stdin_once(true)
        .await
        .unwrap();
    let attached = cat.attach().stdin(true).await.unwrap();
    cat.start().await.unwrap();
    let (output, mut stdin) = attached.split();
    stdin.write_stdin(b"attached\n").await.unwrap();
    stdin.close_stdin().await.unwrap();
    let (so, _) = output.collect_demuxed().await.unwrap();
    assert_eq!(
        String::from_utf8(so).unwrap(),
        "attached\ndone\n",
        "{label}: attach half-close"
    );

    // a small build
    let tag = format!("{}:v1", super::unique_name(&format!("{label}-build")));
    let _image_guard = {
        let (docker, tag) = (docker.clone(), tag.clone());
        super::on_drop(move || super::remove_raw(&docker, format!("/images/{tag}")))
    };
    let built = docker
        .images()
        .build_from_dockerfile(format!(
            "FROM {}\nRUN echo built-over-{label} > /built\n",
            super::IMAGE
        ))
        .tag(&tag)
        .await
        .unwrap();
    assert!(built.image.tags().contains(&tag), "{label}: build tags");
    let out = docker
        .containers()
        .run(&tag)
        .command(["cat", "/built"])
        .remove(true)
        .await
        .unwrap();
    assert_eq!(out.stdout_str(), format!("built-over-{label}\n"));

    let events: Vec<_> = docker
        .events()
        .since(since)
        .until_in(Duration::from_millis(300))
        .filter("container", c.id())
        .await
        .unwrap()
        .collect()
        .await;
    assert!(
        events
            .iter()
            .any(|e| e.as_ref().unwrap().action.as_deref() == Some("start")),
        "{label}: events"
    );
}
