//! exec and attach against the real daemon: the output matrix, stdin with half-close, exit codes.

mod common;

use std::time::Duration;

use docker_sdk::stream::LogOutput;
use docker_sdk::Error;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SCRIPT: &str = "echo out1; echo err1 >&2; echo out2; exit 4";

#[tokio::test]
async fn exec_matrix_buffered_and_streamed_with_and_without_tty() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "execmatrix", "sleep 60").await;

    // buffered, demuxed
    let out = c.exec_run(["sh", "-c", SCRIPT]).await.unwrap();
    assert_eq!(
        (out.exit_code, out.stdout_str(), out.stderr_str()),
        (4, "out1\nout2\n".into(), "err1\n".into())
    );
    // buffered, one interleaved stream
    assert_eq!(String::from_utf8(out.output()).unwrap().lines().count(), 3);

    // buffered with a TTY: one console stream, CRLF line ends, nothing on stderr
    let tty = c.exec_run(["sh", "-c", SCRIPT]).tty(true).await.unwrap();
    assert_eq!(tty.exit_code, 4);
    assert!(tty.chunks.iter().all(LogOutput::is_console));
    assert_eq!(tty.stdout_str(), "out1\r\nerr1\r\nout2\r\n");
    assert!(tty.stderr().is_empty());

    // streamed and demuxed, exit code afterwards
    let mut stream = c.exec_run(["sh", "-c", SCRIPT]).stream().await.unwrap();
    let (mut so, mut se) = (Vec::new(), Vec::new());
    while let Some(chunk) = stream.next().await {
        match chunk.unwrap() {
            LogOutput::StdOut(b) => so.extend_from_slice(&b),
            LogOutput::StdErr(b) => se.extend_from_slice(&b),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        (so.as_slice(), se.as_slice()),
        (&b"out1\nout2\n"[..], &b"err1\n"[..])
    );
    assert_eq!(stream.exit_code().await.unwrap(), 4);

    // streamed with a TTY
    let mut stream = c
        .exec_run(["sh", "-c", SCRIPT])
        .tty(true)
        .stream()
        .await
        .unwrap();
    let mut all = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        assert!(chunk.is_console());
        all.extend_from_slice(chunk.as_bytes());
    }
    assert_eq!(all, b"out1\r\nerr1\r\nout2\r\n");
    assert_eq!(stream.exit_code().await.unwrap(), 4);
}

#[tokio::test]
async fn exec_options_env_workdir_user_privileged_detach() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "execopts", "sleep 60").await;
    let out = c
        .exec_run(["sh", "-c", "echo $FOO $BAR; pwd; id -u"])
        .env("FOO", "foo")
        .environment([("BAR", "bar")])
        .workdir("/tmp")
        .user("65534")
        .await
        .unwrap();
    assert_eq!(out.stdout_str(), "foo bar\n/tmp\n65534\n");
    // A privileged exec gets every capability. This sandbox refuses to grant them all, and the daemon says
    // so: either outcome shows that the flag reached it (an unprivileged exec starts fine, see above).
    match c
        .exec_run(["sh", "-c", "grep CapEff /proc/self/status"])
        .privileged(true)
        .detach()
        .await
    {
        Ok(exec) => assert_eq!(
            exec.inspect()
                .await
                .unwrap()
                .process_config
                .unwrap()
                .privileged,
            Some(true)
        ),
        Err(e) => assert!(
            e.to_string().contains("caps"),
            "unexpected error for a privileged exec: {e}"
        ),
    }
    let exec = c
        .exec_run(["sh", "-c", "sleep 0.5; touch /tmp/detached-done"])
        .detach()
        .await
        .unwrap();
    assert_eq!(exec.inspect().await.unwrap().running, Some(true));
    if common::is_podman() {
        // Wait until the exec has done its work (a loaded machine may take longer than its 0.5 s).
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !c
            .exec_run(["test", "-f", "/tmp/detached-done"])
            .await
            .unwrap()
            .success()
        {
            assert!(
                std::time::Instant::now() < deadline,
                "the detached exec never ran"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Podman 4 learns that a detached exec ended only when conmon runs the session's cleanup
        // command, which it delays by five minutes (`--exit-delay 300`) and which then removes the
        // session: until then the finished exec inspects as running, without an exit code.
        assert_eq!(exec.exit_code().await.unwrap(), None);
        assert_eq!(exec.inspect().await.unwrap().running, Some(true));
    } else {
        // The exec ends 0.5 s after it started; a loaded machine may take longer to say so.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let code = loop {
            match exec.exit_code().await.unwrap() {
                Some(code) => break Some(code),
                None if std::time::Instant::now() > deadline => break None,
                None => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        assert_eq!(code, Some(0));
    }
    assert!(c
        .exec_run(["test", "-f", "/tmp/detached-done"])
        .await
        .unwrap()
        .success());
}

#[tokio::test]
async fn exec_stdin_round_trip_through_cat_with_half_close() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "execstdin", "sleep 60").await;
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let out = c.exec_run(["cat"]).stdin(payload.clone()).await.unwrap();
    assert_eq!(out.exit_code, 0, "cat saw end-of-file and exited");
    assert_eq!(out.stdout(), payload);
    // Interactive: write, half-close, read everything back.
    let (exec, mut conn) = c
        .exec_run(["sh", "-c", "tr a-z A-Z; echo done"])
        .start()
        .await
        .unwrap();
    conn.write_all(b"hello\nworld\n").await.unwrap();
    conn.shutdown().await.unwrap();
    let mut back = String::new();
    conn.read_to_string(&mut back).await.unwrap();
    assert_eq!(back, "HELLO\nWORLD\ndone\n");
    assert_eq!(exec.exit_code().await.unwrap(), Some(0));
}

#[tokio::test]
async fn attach_duplex_with_half_close_and_replayed_logs() {
    let docker = common::docker();
    let name = common::unique_name("attach");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let c = docker
        .containers()
        .create(common::IMAGE)
        .name(&name)
        .shell_command("echo ready; cat; echo bye >&2")
        .stdin_open(true)
        .stdin_once(true)
        .await
        .unwrap();
    let conn = c.attach().stdin(true).await.unwrap();
    c.start().await.unwrap();
    let (mut output, mut stdin) = conn.split();
    stdin.write_stdin(b"ping\n").await.unwrap();
    stdin.close_stdin().await.unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    while let Some(chunk) = output.next().await {
        match chunk.unwrap() {
            LogOutput::StdErr(b) => err.extend_from_slice(&b),
            other => out.extend_from_slice(other.as_bytes()),
        }
    }
    assert_eq!(String::from_utf8(out).unwrap(), "ready\nping\n");
    assert_eq!(err, b"bye\n");
    assert_eq!(
        c.wait()
            .timeout(Duration::from_secs(10))
            .await
            .unwrap()
            .code,
        0
    );
    // logs=true replays what was printed before.
    let replay = c
        .attach()
        .logs(true)
        .stream(false)
        .await
        .unwrap()
        .into_output()
        .collect_demuxed()
        .await
        .unwrap();
    assert_eq!(replay, (b"ready\nping\n".to_vec(), b"bye\n".to_vec()));
}

#[tokio::test]
async fn attach_tty_resize_and_detach_keys() {
    let docker = common::docker();
    let name = common::unique_name("attachtty");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let c = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("while true; do stty size; sleep 0.2; done")
        .tty(true)
        .stdin_open(true)
        .detach()
        .await
        .unwrap();
    c.resize(33, 97).await.unwrap();
    let mut conn = c
        .attach()
        .stdin(true)
        .detach_keys("ctrl-x,x")
        .await
        .unwrap();
    assert!(conn.is_tty());
    let mut seen = String::new();
    let mut buf = [0u8; 256];
    while !seen.contains("33 97") {
        let n = tokio::time::timeout(Duration::from_secs(10), conn.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(
            n > 0,
            "stream ended before the new size showed up: {seen:?}"
        );
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    // The detach sequence ends the attach session but leaves the container running.
    conn.write_all(&[0x18, b'x']).await.unwrap();
    if common::is_podman() {
        // Podman's Docker-compatible attach does not act on detach keys (neither `detachKeys` nor the
        // default ctrl-p,ctrl-q): they reach the container's terminal, which echoes them, and the session
        // stays open until the client closes it.
        let mut echoed = String::new();
        while !echoed.contains("^Xx") {
            let n = tokio::time::timeout(Duration::from_secs(10), conn.read(&mut buf))
                .await
                .expect("the terminal echoes the keys")
                .unwrap();
            assert!(n > 0, "the session ended: {echoed:?}");
            echoed.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        drop(conn);
    } else {
        let drained = tokio::time::timeout(Duration::from_secs(10), async {
            let mut rest = Vec::new();
            conn.read_to_end(&mut rest).await.map(|_| rest)
        })
        .await;
        assert!(drained.is_ok(), "detach keys closed the session");
    }
    let mut c = c;
    c.reload().await.unwrap();
    assert_eq!(c.status().as_deref(), Some("running"));
}

#[tokio::test]
async fn attach_over_websocket() {
    let docker = common::docker();
    let name = common::unique_name("attachws");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let c = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("read line; echo got:$line")
        .stdin_open(true)
        .detach()
        .await
        .unwrap();
    if common::is_podman() {
        // Podman 4 has no websocket attach endpoint: the route itself is missing.
        let err = c.attach_websocket().await.unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedEndpoint { endpoint, .. } if endpoint.ends_with("/attach/ws")),
            "{err:?}"
        );
        return;
    }
    let mut ws = c.attach_websocket().await.unwrap();
    ws.send("hello\n").await.unwrap();
    let mut text = Vec::new();
    while let Some(chunk) = tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .unwrap()
    {
        text.extend_from_slice(&chunk.unwrap());
        if text.ends_with(b"\n") && String::from_utf8_lossy(&text).contains("got:") {
            break;
        }
    }
    assert!(
        String::from_utf8_lossy(&text).contains("got:hello"),
        "{}",
        String::from_utf8_lossy(&text)
    );
}

#[tokio::test]
async fn exec_stdin_with_a_tty_is_refused_and_the_manual_ctrl_d_works() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "exectty", "sleep 60").await;
    let err = c
        .exec_run(["cat"])
        .tty(true)
        .stdin("hello\n")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert!(err.to_string().contains("start()"), "{err}");
    let err = c
        .exec_run(["cat"])
        .stdin("hello\n")
        .tty(true)
        .stream()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    // The documented way: an interactive TTY exec, the input, then Ctrl-D for end-of-file.
    let (exec, mut conn) = c.exec_run(["cat"]).tty(true).start().await.unwrap();
    conn.write_all(b"hello\n\x04").await.unwrap();
    let mut back = Vec::new();
    conn.read_to_end(&mut back).await.unwrap();
    let back = String::from_utf8_lossy(&back);
    // The terminal echoes the input, then cat prints it again.
    assert_eq!(back.matches("hello").count(), 2, "{back:?}");
    assert_eq!(exec.wait(Duration::from_secs(10)).await.unwrap(), 0);
}

#[tokio::test]
async fn exec_exit_code_waits_for_a_process_that_closed_its_output() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "execclosed", "sleep 60").await;
    const CLOSES_EARLY: &str = "echo before; exec >&- 2>&-; sleep 2; exit 3";
    let out = c.exec_run(["sh", "-c", CLOSES_EARLY]).await.unwrap();
    assert_eq!(
        (out.exit_code, out.stdout_str()),
        (3, "before\n".to_string())
    );
    let mut stream = c
        .exec_run(["sh", "-c", CLOSES_EARLY])
        .stream()
        .await
        .unwrap();
    while let Some(chunk) = stream.next().await {
        chunk.unwrap();
    }
    assert_eq!(stream.exit_code().await.unwrap(), 3);
    // A deadline that passes is a timeout, not a made-up exit code.
    let exec = c.exec_run(["sleep", "5"]).detach().await.unwrap();
    let err = exec.wait(Duration::from_millis(300)).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn attach_websocket_with_options() {
    use docker_sdk::api::ContainerAttachOptions;
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "attachwsopt", "echo early; sleep 30").await;
    c.wait_for_log("early", Duration::from_secs(10))
        .await
        .unwrap();
    // Choosing streams needs API 1.42: refused before anything is sent on this 1.41 daemon.
    let err = c
        .attach_websocket_with(&ContainerAttachOptions::default().stream(true).stdout(true))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { .. }),
        "{err:?}"
    );
    if common::is_podman() {
        let err = c
            .attach_websocket_with(&ContainerAttachOptions::default().logs(true))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::UnsupportedEndpoint { .. }), "{err:?}");
        return;
    }
    // logs=true replays what was printed before the attach.
    let mut ws = c
        .attach_websocket_with(
            &ContainerAttachOptions::default()
                .logs(true)
                .stream(true)
                .detach_keys("ctrl-x,x"),
        )
        .await
        .unwrap();
    let first = tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(&first[..], b"early\n");
}

#[tokio::test]
async fn exec_resize_changes_the_tty_size() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "execresize", "sleep 60").await;
    let (exec, mut conn) = c
        .exec_run(["sh", "-c", "read x; stty size"])
        .tty(true)
        .start()
        .await
        .unwrap();
    exec.resize(41, 103).await.unwrap();
    conn.write_all(b"\n").await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), conn.read_to_end(&mut out))
        .await
        .unwrap()
        .unwrap();
    let out = String::from_utf8_lossy(&out);
    assert!(out.contains("41 103"), "{out:?}");
    assert_eq!(exec.wait(Duration::from_secs(10)).await.unwrap(), 0);
    let err = exec.resize(0, 10).await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}
