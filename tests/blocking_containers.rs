//! The blocking containers API against the real daemon, from plain threads (no tokio runtime in the tests).

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use docker_sdk::api::WaitCondition;
use docker_sdk::blocking::{Container, Docker};
use docker_sdk::stream::LogOutput;
use docker_sdk::Error;

const SCRIPT: &str = "echo out1; echo err1 >&2; echo out2; exit 4";

fn docker() -> Docker {
    Docker::from(common::docker())
}

/// A detached container running `sh -c script`, with a unique name and a guard that removes it.
fn start(docker: &Docker, what: &str, script: &str) -> (Container, common::Cleanup<impl FnOnce()>) {
    let name = common::unique_name(what);
    let guard = common::remove_container_on_drop(docker.async_client(), &name);
    let c = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command(script)
        .label("dsdk-test", what)
        .detach()
        .send()
        .expect("start a test container");
    (c, guard)
}

#[test]
fn run_echo_returns_the_output_and_removes_the_container() {
    let docker = docker();
    let name = common::unique_name("b-echo");
    let _guard = common::remove_container_on_drop(docker.async_client(), &name);
    let out = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .command(["echo", "hello world"])
        .remove(true)
        .send()
        .unwrap();
    assert_eq!(
        (out.stdout_str().as_str(), out.exit_code),
        ("hello world\n", 0)
    );
    let gone = docker.containers().get(&name).unwrap_err();
    assert!(gone.is_not_found(), "remove(true) removed it: {gone:?}");
}

#[test]
fn run_failure_is_container_failed_with_stderr() {
    let docker = docker();
    let err = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("echo out; echo broken >&2; exit 3")
        .remove(true)
        .send()
        .unwrap_err();
    match err {
        Error::ContainerFailed {
            exit_code, stderr, ..
        } => assert_eq!((exit_code, stderr.as_str()), (3, "broken\n")),
        other => panic!("expected ContainerFailed, got {other:?}"),
    }
    let allowed = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("exit 5")
        .auto_remove(true)
        .allow_failure(true)
        .send()
        .unwrap();
    assert_eq!(allowed.exit_code, 5);
}

#[test]
fn detach_logs_iterator_and_stop() {
    let docker = docker();
    let (c, _guard) = start(
        &docker,
        "b-detach",
        "echo started; trap 'exit 0' TERM; while true; do sleep 0.1; done",
    );
    assert_eq!(c.status().as_deref(), Some("running"));
    let mut follow = c.logs().follow(true).send().unwrap();
    let first = follow.next().unwrap().unwrap();
    assert_eq!(first, LogOutput::StdOut("started\n".into()));
    c.stop().timeout(Duration::from_secs(5)).send().unwrap();
    // A followed log ends when the container stops.
    let rest: Vec<_> = follow.collect::<Result<_, _>>().unwrap();
    assert!(rest.is_empty(), "{rest:?}");
    let mut c = c;
    c.reload().unwrap();
    assert_eq!(c.status().as_deref(), Some("exited"));
    let all = c.logs().send().unwrap().collect_interleaved().unwrap();
    assert_eq!(all, b"started\n");
    let status = c.wait().timeout(Duration::from_secs(5)).send().unwrap();
    assert_eq!(status.code, 0, "the TERM trap exited cleanly");
}

#[test]
fn list_get_and_attrs() {
    let docker = docker();
    let (c, _guard) = start(&docker, "b-list", "sleep 30");
    let listed = docker
        .containers()
        .list()
        .filter("label", "dsdk-test=b-list")
        .filter("id", c.id())
        .send()
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id(), c.id());
    assert!(listed[0].attrs().is_some(), "non-sparse list inspects");
    let sparse = docker
        .containers()
        .list()
        .all(true)
        .sparse(true)
        .filter("id", c.id())
        .send()
        .unwrap();
    assert!(sparse[0].attrs().is_none() && sparse[0].summary().is_some());
    assert_eq!(sparse[0].name(), c.name());
    let got = docker.containers().get(c.name().unwrap()).unwrap();
    assert_eq!(got.id(), c.id());
    assert_eq!(got.short_id().len(), 12);
    assert_eq!(
        got.labels().get("dsdk-test").map(String::as_str),
        Some("b-list")
    );
    // Podman records the name it resolved the image to (`localhost/…` for the imported fixture).
    assert_eq!(got.image(), Some(common::fixture_name().as_str()));
    assert_eq!(got.health(), "unknown");
    // The handle converts to the async one and back.
    let back = Container::from(got.clone().into_async());
    assert_eq!(back.id(), got.id());
    let busy = got.remove().send().unwrap_err();
    assert!(busy.is_conflict(), "removing a running container: {busy:?}");
}

#[test]
fn exec_run_demuxed_streamed_and_stdin_through_cat() {
    let docker = docker();
    let (c, _guard) = start(&docker, "b-exec", "sleep 60");

    let out = c.exec_run(["sh", "-c", SCRIPT]).send().unwrap();
    assert_eq!(
        (out.exit_code, out.stdout_str(), out.stderr_str()),
        (4, "out1\nout2\n".into(), "err1\n".into())
    );

    let mut stream = c.exec_run(["sh", "-c", SCRIPT]).stream().unwrap();
    let (mut so, mut se) = (Vec::new(), Vec::new());
    for chunk in &mut stream {
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
    assert_eq!(stream.exit_code().unwrap(), 4);

    let tty = c.exec_run(["sh", "-c", SCRIPT]).tty(true).send().unwrap();
    assert!(tty.chunks.iter().all(LogOutput::is_console));
    assert_eq!(tty.stdout_str(), "out1\r\nerr1\r\nout2\r\n");

    // stdin fed from memory, then closed: cat sees end-of-file and exits.
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let out = c.exec_run(["cat"]).stdin(payload.clone()).send().unwrap();
    assert_eq!(out.exit_code, 0, "cat saw end-of-file and exited");
    assert_eq!(out.stdout(), payload);

    // Streamed with stdin: the feeding runs on the client's runtime while the caller iterates.
    let mut streamed = c.exec_run(["cat"]).stdin(payload.clone()).stream().unwrap();
    let mut echoed = Vec::new();
    for chunk in &mut streamed {
        echoed.extend_from_slice(chunk.unwrap().as_bytes());
    }
    assert_eq!(echoed, payload);
    assert_eq!(streamed.exit_code().unwrap(), 0);

    // Interactive: Write, half-close, Read everything back.
    let (exec, mut conn) = c
        .exec_run(["sh", "-c", "tr a-z A-Z; echo done"])
        .env("UNUSED", "x")
        .start()
        .unwrap();
    assert!(!conn.is_tty());
    conn.write_all(b"hello\nworld\n").unwrap();
    conn.flush().unwrap();
    conn.close_stdin().unwrap();
    let mut back = String::new();
    conn.read_to_string(&mut back).unwrap();
    assert_eq!(back, "HELLO\nWORLD\ndone\n");
    assert_eq!(exec.exit_code().unwrap(), Some(0));
    assert_eq!(exec.inspect().unwrap().running, Some(false));

    // A large round trip through cat with the writer on its own thread.
    let (_exec, conn) = c.exec_run(["cat"]).start().unwrap();
    let (output, mut stdin) = conn.split();
    let sent = payload.clone();
    let writer = std::thread::spawn(move || {
        stdin.write_all(&sent).unwrap();
        stdin.close_stdin().unwrap();
    });
    let (echoed, err) = output.collect_demuxed().unwrap();
    writer.join().unwrap();
    assert!(err.is_empty());
    assert_eq!(echoed, payload);

    let detached = c
        .exec_run(["sh", "-c", "sleep 0.3; exit 7"])
        .detach()
        .unwrap();
    assert!(!detached.id().is_empty());
    if common::is_podman() {
        // Podman 4 learns that a detached exec ended only when conmon runs the session's cleanup
        // command, five minutes later (`--exit-delay 300`): until then it reports no exit code.
        std::thread::sleep(Duration::from_millis(1000));
        assert_eq!(detached.exit_code().unwrap(), None);
        assert_eq!(detached.inspect().unwrap().running, Some(true));
    } else {
        // The exec ends 0.3 s after it started; a loaded machine may take longer to say so.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let code = loop {
            match detached.exit_code().unwrap() {
                Some(code) => break Some(code),
                None if std::time::Instant::now() > deadline => break None,
                None => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        assert_eq!(code, Some(7));
    }
}

#[test]
fn attach_duplex_read_write_and_half_close() {
    let docker = docker();
    let name = common::unique_name("b-attach");
    let _guard = common::remove_container_on_drop(docker.async_client(), &name);
    let c = docker
        .containers()
        .create(common::IMAGE)
        .name(&name)
        .shell_command("echo ready; cat; echo bye >&2")
        .stdin_open(true)
        .stdin_once(true)
        .send()
        .unwrap();
    let mut conn = c.attach().stdin(true).send().unwrap();
    c.start().unwrap();
    conn.write_all(b"ping\n").unwrap();
    conn.close_stdin().unwrap();
    conn.close_stdin().unwrap(); // twice is harmless
    let mut text = String::new();
    conn.read_to_string(&mut text).unwrap();
    // "bye" is printed only after cat saw end-of-file on its stdin.
    assert_eq!(text, "ready\nping\nbye\n");
    let status = c.wait().timeout(Duration::from_secs(10)).send().unwrap();
    assert!(status.success(), "{status:?}");
    // logs=true replays the earlier output, demuxed.
    let replay = c
        .attach()
        .logs(true)
        .stream(false)
        .send()
        .unwrap()
        .into_output()
        .collect_demuxed()
        .unwrap();
    assert_eq!(replay, (b"ready\nping\n".to_vec(), b"bye\n".to_vec()));
}

#[test]
fn attach_over_websocket() {
    let docker = docker();
    let name = common::unique_name("b-ws");
    let _guard = common::remove_container_on_drop(docker.async_client(), &name);
    let c = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("read line; echo got:$line")
        .stdin_open(true)
        .detach()
        .send()
        .unwrap();
    if common::is_podman() {
        // Podman 4 has no websocket attach endpoint: the route itself is missing.
        let err = c.attach_websocket().unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedEndpoint { endpoint, .. } if endpoint.ends_with("/attach/ws")),
            "{err:?}"
        );
        return;
    }
    let mut ws = c.attach_websocket().unwrap();
    ws.send("hello\n").unwrap();
    let mut text = Vec::new();
    for chunk in &mut ws {
        text.extend_from_slice(&chunk.unwrap());
        if String::from_utf8_lossy(&text).contains("got:hello\n") {
            break;
        }
    }
    assert!(
        String::from_utf8_lossy(&text).contains("got:hello"),
        "{}",
        String::from_utf8_lossy(&text)
    );
    assert_eq!(c.wait_for_exit(Duration::from_secs(10)).unwrap(), 0);
}

#[test]
fn wait_with_timeout_is_a_timeout_error() {
    let docker = docker();
    let (c, _guard) = start(&docker, "b-wait", "sleep 30");
    let err = c
        .wait()
        .timeout(Duration::from_millis(500))
        .send()
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let err = c
        .wait_for_log("never printed", Duration::from_millis(300))
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let err = c
        .wait_for_log_matching(|l| l == "never printed", Duration::from_millis(300))
        .send()
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    c.kill().signal("SIGKILL").send().unwrap();
    let status = c.wait().timeout(Duration::from_secs(10)).send().unwrap();
    assert_eq!(status.code, 137);
    let next = c
        .wait()
        .condition(WaitCondition::NextExit)
        .timeout(Duration::from_millis(300))
        .send()
        .unwrap_err();
    assert!(next.is_timeout(), "{next:?}");
}

#[test]
fn archive_round_trip_with_copy_to_and_copy_from() {
    let docker = docker();
    let (c, _guard) = start(&docker, "b-archive", "sleep 30");
    let host = tempfile::tempdir().unwrap();
    let src = host.path().join("payload");
    std::fs::create_dir_all(src.join("sub/deeper")).unwrap();
    std::fs::write(src.join("a.txt"), "alpha").unwrap();
    std::fs::write(src.join("sub/deeper/b.bin"), vec![7u8; 300_000]).unwrap();
    c.copy_to(&src, "/tmp").send().unwrap();
    let check = c
        .exec_run([
            "sh",
            "-c",
            "cat /tmp/payload/a.txt; wc -c < /tmp/payload/sub/deeper/b.bin",
        ])
        .send()
        .unwrap();
    assert_eq!(check.stdout_str(), "alpha300000\n");

    let back = tempfile::tempdir().unwrap();
    let stat = c.copy_from("/tmp/payload", back.path()).send().unwrap();
    assert!(stat.is_dir());
    assert_eq!(stat.name, "payload");
    assert_eq!(
        std::fs::read_to_string(back.path().join("payload/a.txt")).unwrap(),
        "alpha"
    );
    assert_eq!(
        std::fs::read(back.path().join("payload/sub/deeper/b.bin")).unwrap(),
        vec![7u8; 300_000]
    );

    // get_archive is a std::io::Read of the tar bytes.
    let (stat, reader) = c.get_archive("/tmp/payload/a.txt").unwrap();
    assert_eq!((stat.name.as_str(), stat.size), ("a.txt", 5));
    let mut archive = tar::Archive::new(reader);
    let mut entries = archive.entries().unwrap();
    let mut entry = entries.next().unwrap().unwrap();
    assert_eq!(entry.path().unwrap().to_str(), Some("a.txt"));
    let mut content = String::new();
    entry.read_to_string(&mut content).unwrap();
    assert_eq!(content, "alpha");

    // put_archive streams from any reader.
    let mut tar_bytes = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(6);
    header.set_mode(0o640);
    header.set_entry_type(tar::EntryType::Regular);
    tar_bytes
        .append_data(&mut header, "from-reader.txt", &b"reader"[..])
        .unwrap();
    let tar_bytes = tar_bytes.into_inner().unwrap();
    c.put_archive("/tmp", std::io::Cursor::new(tar_bytes))
        .unwrap();
    let stat = c.stat_path("/tmp/from-reader.txt").unwrap();
    assert_eq!((stat.size, stat.permissions()), (6, 0o640));
    let missing = c.stat_path("/nope").unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    // A reader that fails makes the upload fail.
    let err = c.put_archive("/tmp", FailingReader).unwrap_err();
    assert!(format!("{err:?}").contains("disk on fire"), "{err:?}");

    // export() reads the whole filesystem as tar.
    let mut export = tar::Archive::new(c.export().unwrap());
    let found = export.entries().unwrap().filter_map(|e| e.ok()).any(|e| {
        e.path()
            .is_ok_and(|p| p.to_str() == Some("tmp/from-reader.txt"))
    });
    assert!(found, "the exported filesystem has the uploaded file");
}

/// A reader that fails at once.
struct FailingReader;

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("disk on fire"))
    }
}

#[test]
fn stats_top_diff_pause_rename_update_restart() {
    let docker = docker();
    let (c, _guard) = start(&docker, "b-misc", "touch /tmp/changed; sleep 30");
    let sample = c.stats().unwrap();
    assert!(sample.memory_usage() > 0);
    assert!(sample.pids() >= 1);
    let one = c.stats_one_shot().unwrap();
    assert!(one.read.is_some());
    let mut samples = c.stats_stream().unwrap();
    let first = samples.next().unwrap().unwrap();
    assert!(first.read.is_some());
    drop(samples);
    let top = c.top().send().unwrap();
    assert!(top
        .processes
        .unwrap()
        .iter()
        .any(|p| p.iter().any(|f| f.contains("sleep"))));
    c.wait_for_log("", Duration::from_secs(1)).unwrap_err();
    std::thread::sleep(Duration::from_millis(300));
    let diff = c.diff().unwrap();
    assert!(
        diff.iter()
            .any(|d| d.path.as_deref() == Some("/tmp/changed")),
        "{diff:?}"
    );
    c.pause().unwrap();
    let mut seen = docker.containers().get(c.id()).unwrap();
    assert_eq!(seen.status().as_deref(), Some("paused"));
    c.unpause().unwrap();
    seen.reload().unwrap();
    assert_eq!(seen.status().as_deref(), Some("running"));
    let new_name = common::unique_name("b-renamed");
    let _guard2 = common::remove_container_on_drop(docker.async_client(), &new_name);
    c.rename(&new_name).unwrap();
    assert_eq!(docker.containers().get(&new_name).unwrap().id(), c.id());
    let update = c.update().mem_limit("64m").memswap_limit(-1).send();
    if common::is_podman() {
        // Podman 4's Docker-compatible API has no container update endpoint.
        let err = update.unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedEndpoint { endpoint, .. }
                if endpoint == &format!("POST /containers/{}/update", c.id())),
            "{err:?}"
        );
    } else {
        update.unwrap();
        seen.reload().unwrap();
        assert_eq!(
            seen.attrs().unwrap().host_config.as_ref().unwrap().memory,
            Some(64 << 20)
        );
    }
    c.restart().timeout(Duration::from_secs(1)).send().unwrap();
    let pruned = docker
        .containers()
        .prune()
        .filter("label", format!("dsdk-test-none-{}", new_name))
        .send()
        .unwrap();
    assert!(pruned.containers_deleted.unwrap_or_default().is_empty());
}

#[test]
fn blocking_inside_a_runtime_is_an_error_not_a_deadlock() {
    let docker = docker();
    let (c, _guard) = start(&docker, "b-inrt", "sleep 30");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let err = docker.containers().get(c.id()).unwrap_err();
        assert!(matches!(err, Error::BlockingInAsyncContext), "{err:?}");
        let err = docker
            .containers()
            .run(common::IMAGE)
            .command(["true"])
            .send()
            .unwrap_err();
        assert!(matches!(err, Error::BlockingInAsyncContext), "{err:?}");
        let err = c.exec_run(["true"]).send().unwrap_err();
        assert!(matches!(err, Error::BlockingInAsyncContext), "{err:?}");
    });
    // The same handle works again outside the runtime.
    assert!(c.exec_run(["true"]).send().unwrap().success());
    // Iterators and readers made outside refuse too when used inside.
    let mut logs = c.logs().send().unwrap();
    let (_, reader) = c.get_archive("/etc/hostname").unwrap();
    rt.block_on(async {
        let item = logs.next().unwrap();
        assert!(
            matches!(item, Err(Error::BlockingInAsyncContext)),
            "{item:?}"
        );
        let mut reader = reader;
        let err = reader.read(&mut [0u8; 16]).unwrap_err();
        let inner = err.into_inner().unwrap().downcast::<Error>().unwrap();
        assert!(matches!(*inner, Error::BlockingInAsyncContext));
    });
}

#[test]
fn wait_for_log_matching_blocking() {
    let docker = docker();
    let (c, _guard) = start(
        &docker,
        "b-logmatch",
        "for i in 1 2 3; do echo line $i; done; sleep 0.3",
    );
    let line = c
        .wait_for_log_matching(|l| l.starts_with("line"), Duration::from_secs(20))
        .times(2)
        .send()
        .unwrap();
    assert_eq!(line, "line 2");
    let err = c
        .wait_for_log_matching(|l| l.starts_with("line"), Duration::from_secs(20))
        .times(4)
        .send()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Stream { message, .. } if message.contains("saw 3")),
        "{err:?}"
    );
}

#[test]
fn run_stream_blocking_iterates_and_reports_the_exit() {
    let docker = docker();
    let name = common::unique_name("b-runstream");
    let _guard = common::remove_container_on_drop(docker.async_client(), &name);
    let mut run = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("echo a; echo b; exit 2")
        .remove(true)
        .allow_failure(true)
        .stream()
        .unwrap();
    let mut out = Vec::new();
    for chunk in &mut run {
        out.extend_from_slice(chunk.unwrap().as_bytes());
    }
    assert_eq!(out, b"a\nb\n");
    assert_eq!(run.exit_code(), Some(2));
    assert!(docker.containers().get(&name).unwrap_err().is_not_found());
}

#[test]
fn blocking_sizes_start_options_archive_options_and_exec_env_list() {
    use docker_sdk::api::{ContainerStartOptions, PutContainerArchiveOptions};
    let docker = docker();
    let name = common::unique_name("b-sizes");
    let _guard = common::remove_container_on_drop(docker.async_client(), &name);
    let mut c = docker
        .containers()
        .create(common::IMAGE)
        .name(&name)
        .command(["sleep", "30"])
        .send()
        .unwrap();
    c.start_with(&ContainerStartOptions::default().detach_keys("ctrl-x,x"))
        .unwrap();
    c.reload_with_size().unwrap();
    assert!(c.attrs().unwrap().size_root_fs.is_some());
    let listed = docker
        .containers()
        .list()
        .filter("name", &name)
        .size(true)
        .sparse(true)
        .send()
        .unwrap();
    assert!(listed[0].summary().unwrap().size_root_fs.is_some());
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(2);
    header.set_mode(0o644);
    tar.append_data(&mut header, "x.txt", &b"hi"[..]).unwrap();
    let data = tar.into_inner().unwrap();
    c.put_archive_with(
        &PutContainerArchiveOptions::new("/tmp").no_overwrite_dir_non_dir(true),
        std::io::Cursor::new(data),
    )
    .unwrap();
    let out = c
        .exec_run(["sh", "-c", "cat /tmp/x.txt; echo \" $K\""])
        .environment_list(["K=v"])
        .send()
        .unwrap();
    assert_eq!(out.stdout_str(), "hi v\n");
}
