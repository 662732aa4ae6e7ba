//! Containers against the real daemon: run, create, list, logs, wait, archive, stats, errors.

mod common;

use std::time::Duration;

use docker_sdk::api::WaitCondition;
use docker_sdk::containers::ArchiveEntry;
use docker_sdk::Error;
use futures_util::StreamExt;

#[tokio::test]
async fn run_echo_returns_the_output() {
    let docker = common::docker();
    let name = common::unique_name("echo");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let out = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .command(["echo", "hello world"])
        .remove(true)
        .await
        .unwrap();
    assert_eq!(out.stdout_str(), "hello world\n");
    assert_eq!(out.exit_code, 0);
    let gone = docker.containers().get(&name).await.unwrap_err();
    assert!(gone.is_not_found(), "remove(true) removed it: {gone:?}");
}

#[tokio::test]
async fn run_separates_stdout_and_stderr() {
    let docker = common::docker();
    let out = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("echo to-out; echo to-err >&2; echo again")
        .remove(true)
        .await
        .unwrap();
    assert_eq!(out.stdout_str(), "to-out\nagain\n");
    assert_eq!(out.stderr_str(), "to-err\n");
    assert_eq!(String::from_utf8(out.output()).unwrap().lines().count(), 3);
}

#[tokio::test]
async fn run_failure_is_a_typed_error_with_stderr() {
    let docker = common::docker();
    let err = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("echo broken >&2; exit 3")
        .remove(true)
        .await
        .unwrap_err();
    match err {
        Error::ContainerFailed {
            exit_code, stderr, ..
        } => {
            assert_eq!(exit_code, 3);
            assert_eq!(stderr, "broken\n");
        }
        other => panic!("expected ContainerFailed, got {other:?}"),
    }
    let allowed = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("exit 5")
        .remove(true)
        .allow_failure(true)
        .await
        .unwrap();
    assert_eq!(allowed.exit_code, 5);
}

#[tokio::test]
async fn fifty_quick_runs_lose_no_output() {
    let docker = common::docker();
    let runs = (0..50).map(|i| {
        let docker = docker.clone();
        async move {
            let out = docker
                .containers()
                .run(common::IMAGE)
                .command(["echo", &format!("run-{i}")])
                .auto_remove(true)
                .await
                .unwrap();
            assert_eq!(
                out.stdout_str(),
                format!("run-{i}\n"),
                "run {i} lost its output"
            );
        }
    });
    futures_util::stream::iter(runs)
        .buffer_unordered(6)
        .collect::<Vec<()>>()
        .await;
}

#[tokio::test]
async fn detach_logs_and_stop() {
    let docker = common::docker();
    let (c, _guard) = common::start(
        &docker,
        "detach",
        "echo started; trap 'exit 0' TERM; while true; do sleep 0.1; done",
    )
    .await;
    assert_eq!(c.status().as_deref(), Some("running"));
    c.wait_for_log("started", Duration::from_secs(10))
        .await
        .unwrap();
    let logs = c.logs().await.unwrap().collect_interleaved().await.unwrap();
    assert_eq!(logs, b"started\n");
    c.stop().timeout(Duration::from_secs(5)).await.unwrap();
    let mut c = c;
    c.reload().await.unwrap();
    assert_eq!(c.status().as_deref(), Some("exited"));
}

#[tokio::test]
async fn list_get_and_attrs() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "list", "sleep 30").await;
    let label = "dsdk-test=list";
    let listed = docker
        .containers()
        .list()
        .filter("label", label)
        .filter("id", c.id())
        .await
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
        .await
        .unwrap();
    assert!(sparse[0].attrs().is_none() && sparse[0].summary().is_some());
    assert_eq!(sparse[0].name(), c.name());
    let got = docker.containers().get(c.name().unwrap()).await.unwrap();
    assert_eq!(got.id(), c.id());
    assert_eq!(got.short_id().len(), 12);
    assert_eq!(
        got.labels().get("dsdk-test").map(String::as_str),
        Some("list")
    );
    // Podman records the name it resolved the image to (`localhost/…` for the imported fixture).
    assert_eq!(got.image(), Some(common::fixture_name().as_str()));
    assert_eq!(got.health(), "unknown");
}

#[tokio::test]
async fn error_kinds() {
    let docker = common::docker();
    let missing = docker
        .containers()
        .get("dsdk-no-such-container")
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");
    let (c, _guard) = common::start(&docker, "conflict", "sleep 30").await;
    let busy = c.remove().await.unwrap_err();
    assert!(
        matches!(busy, Error::Conflict { .. }),
        "removing a running container: {busy:?}"
    );
    let taken = docker
        .containers()
        .create(common::IMAGE)
        .name(c.name().unwrap())
        .await
        .unwrap_err();
    assert!(taken.is_conflict(), "{taken:?}");
    let no_image = docker
        .containers()
        .create("dsdk-no-such-image:1")
        .pull_missing(false)
        .await
        .unwrap_err();
    assert!(
        matches!(no_image, Error::ImageNotFound { .. }),
        "{no_image:?}"
    );
    let bad = docker
        .containers()
        .run(common::IMAGE)
        .mem_limit("lots")
        .await
        .unwrap_err();
    assert!(matches!(bad, Error::InvalidArgument(_)), "{bad:?}");
}

#[tokio::test]
async fn options_newer_than_the_daemon_are_refused_locally() {
    let docker = common::docker();
    // dockerd 20.10 and Podman 4.3 (its Docker-compatible service) both speak API 1.41.
    assert_eq!(
        docker.api_version().await.unwrap(),
        docker_sdk::ApiVersion::V1_41,
        "expects a 1.41 daemon ({:?})",
        common::engine()
    );
    let (c, _guard) = common::start(&docker, "gate", "sleep 30").await;
    let err = c.stop().signal("SIGTERM").await.unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { .. }),
        "{err:?}"
    );
    let hc = docker_sdk::types::Healthcheck::cmd(["true"]).start_interval(Duration::from_secs(1));
    let err = docker
        .containers()
        .create(common::IMAGE)
        .healthcheck(hc)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn create_fields_newer_than_the_daemon_are_refused_at_both_levels() {
    use docker_sdk::api::ContainerCreateOptions;
    use docker_sdk::models::{ContainerCreateBody, EndpointSettings, HostConfig, NetworkingConfig};
    use docker_sdk::types::Mount;
    let docker = common::docker();
    assert_eq!(
        docker.api_version().await.unwrap(),
        docker_sdk::ApiVersion::V1_41
    );
    let name = common::unique_name("gated");
    let _guard = common::remove_container_on_drop(&docker, &name);
    // High level: a sub-path of a volume needs API 1.45.
    let err = docker
        .containers()
        .create(common::IMAGE)
        .name(&name)
        .mount(Mount::volume(&name, "/data").subpath("sub"))
        .await
        .unwrap_err();
    match &err {
        Error::UnsupportedApiVersion {
            feature, required, ..
        } => {
            assert_eq!(*required, docker_sdk::ApiVersion::V1_45);
            assert!(feature.contains("Subpath"), "{feature}");
        }
        other => panic!("expected UnsupportedApiVersion, got {other:?}"),
    }
    // Low level: the same check runs in `container_create` itself.
    let bodies = [
        (
            ContainerCreateBody {
                image: Some(common::IMAGE.into()),
                host_config: Some(HostConfig {
                    annotations: Some([("a".to_string(), "b".to_string())].into_iter().collect()),
                    ..Default::default()
                }),
                ..Default::default()
            },
            docker_sdk::ApiVersion::V1_43,
        ),
        (
            ContainerCreateBody {
                image: Some(common::IMAGE.into()),
                host_config: Some(HostConfig {
                    mounts: Some(
                        vec![Mount::tmpfs("/t").to_model()]
                            .into_iter()
                            .map(|mut m| {
                                m.tmpfs_options = Some(docker_sdk::models::MountTmpfsOptions {
                                    options: Some(vec![vec!["noexec".into()]]),
                                    ..Default::default()
                                });
                                m
                            })
                            .collect(),
                    ),
                    ..Default::default()
                }),
                ..Default::default()
            },
            docker_sdk::ApiVersion::V1_47,
        ),
        (
            ContainerCreateBody {
                image: Some(common::IMAGE.into()),
                networking_config: Some(NetworkingConfig {
                    endpoints_config: Some(
                        [(
                            "bridge".to_string(),
                            EndpointSettings {
                                dns_names: Some(vec!["x".into()]),
                                ..Default::default()
                            },
                        )]
                        .into_iter()
                        .collect(),
                    ),
                }),
                ..Default::default()
            },
            docker_sdk::ApiVersion::V1_44,
        ),
    ];
    let opts = ContainerCreateOptions::default().name(&name);
    for (body, version) in bodies {
        let err = docker
            .api()
            .container_create(&opts, &body)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedApiVersion { required, .. } if required == version),
            "{err:?}"
        );
    }
    // Nothing was created.
    assert!(docker
        .containers()
        .get(&name)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn bad_mounts_and_healthchecks_fail_before_sending() {
    use docker_sdk::types::{Healthcheck, Mount};
    let docker = common::docker();
    let name = common::unique_name("badmount");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let cases = [
        (
            docker
                .containers()
                .create(common::IMAGE)
                .name(&name)
                .mount(Mount::bind("relative/dir", "/data")),
            "not an absolute host path",
        ),
        (
            docker
                .containers()
                .create(common::IMAGE)
                .name(&name)
                .mount(Mount::tmpfs("scratch")),
            "absolute path in the container",
        ),
        (
            docker
                .containers()
                .create(common::IMAGE)
                .name(&name)
                .healthcheck(Healthcheck::cmd(["true"]).interval(Duration::from_micros(5))),
            "at least 1ms",
        ),
    ];
    for (create, needle) in cases {
        let err = create.await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
        assert!(
            err.to_string().contains(needle),
            "{err} should mention {needle}"
        );
    }
    assert!(docker
        .containers()
        .get(&name)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn wait_has_a_real_deadline() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "waitto", "sleep 30").await;
    let err = c
        .wait()
        .timeout(Duration::from_millis(500))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    c.kill().await.unwrap();
    let status = c.wait().timeout(Duration::from_secs(10)).await.unwrap();
    assert_eq!(status.code, 137);
    let next = c
        .wait()
        .condition(WaitCondition::NextExit)
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(next.is_timeout());
}

#[tokio::test]
async fn wait_for_healthy_and_exit() {
    let docker = common::docker();
    let name = common::unique_name("healthy");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let hc = docker_sdk::types::Healthcheck::shell("test -f /tmp/ready")
        .interval(Duration::from_millis(200))
        .retries(50);
    let c = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("sleep 1; touch /tmp/ready; sleep 30")
        .healthcheck(hc)
        .detach()
        .await
        .unwrap();
    if common::is_podman() {
        // Podman schedules health checks with systemd timers; without systemd (as in this test
        // environment) no check runs by itself and the container stays `starting`. A check run on demand
        // (`podman healthcheck run`, libpod's healthcheck endpoint) updates the state the crate reads.
        let err = c
            .wait_for_healthy(Duration::from_secs(3))
            .await
            .unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        let mut starting = docker.containers().get(c.id()).await.unwrap();
        starting.reload().await.unwrap();
        assert_eq!(starting.health(), "starting");
        let check = docker
            .api()
            .request_json(
                docker_sdk::api::Method::GET,
                &format!("/libpod/containers/{}/healthcheck", c.id()),
                &[],
                None,
            )
            .await
            .unwrap();
        assert_eq!(check["Status"], "healthy", "{check}");
    }
    c.wait_for_healthy(Duration::from_secs(20)).await.unwrap();
    let mut c = c;
    c.reload().await.unwrap();
    assert_eq!(c.health(), "healthy");
    c.kill().signal("SIGKILL").await.unwrap();
    assert_eq!(c.wait_for_exit(Duration::from_secs(10)).await.unwrap(), 137);
}

#[tokio::test]
async fn logs_options_and_follow_ends_when_the_container_stops() {
    let docker = common::docker();
    let (c, _guard) = common::start(
        &docker,
        "logs",
        "echo err1 >&2; sleep 0.3; for i in 1 2 3 4 5; do echo line$i; done; sleep 1",
    )
    .await;
    let mut follow = c.logs().follow(true).stderr(false).await.unwrap();
    let mut seen = Vec::new();
    while let Some(chunk) = follow.next().await {
        seen.extend_from_slice(chunk.unwrap().as_bytes());
    }
    assert_eq!(
        String::from_utf8(seen).unwrap(),
        "line1\nline2\nline3\nline4\nline5\n"
    );
    let (out, err) = c
        .logs()
        .tail(2)
        .await
        .unwrap()
        .collect_demuxed()
        .await
        .unwrap();
    assert_eq!(
        (out.as_slice(), err.as_slice()),
        (&b"line4\nline5\n"[..], &b""[..])
    );
    let (_, err) = c
        .logs()
        .stdout(false)
        .await
        .unwrap()
        .collect_demuxed()
        .await
        .unwrap();
    assert_eq!(err, b"err1\n");
    let stamped = c
        .logs()
        .stderr(false)
        .timestamps(true)
        .tail(1)
        .await
        .unwrap()
        .collect_interleaved()
        .await
        .unwrap();
    let text = String::from_utf8(stamped).unwrap();
    assert!(text.ends_with(" line5\n") && text.contains('T'), "{text}");
    let future = c
        .logs()
        .since(std::time::SystemTime::now() + Duration::from_secs(3600))
        .await
        .unwrap();
    assert!(future.collect_interleaved().await.unwrap().is_empty());
}

#[tokio::test]
async fn archive_round_trip_of_a_directory() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "archive", "sleep 30").await;
    let host = tempfile::tempdir().unwrap();
    let src = host.path().join("payload");
    std::fs::create_dir_all(src.join("sub/deeper")).unwrap();
    std::fs::write(src.join("a.txt"), "alpha").unwrap();
    std::fs::write(src.join("sub/deeper/b.bin"), vec![7u8; 300_000]).unwrap();
    c.copy_to(&src, "/tmp").await.unwrap();
    let check = c
        .exec_run([
            "sh",
            "-c",
            "cat /tmp/payload/a.txt; wc -c < /tmp/payload/sub/deeper/b.bin",
        ])
        .await
        .unwrap();
    assert_eq!(check.stdout_str(), "alpha300000\n");
    let back = tempfile::tempdir().unwrap();
    let stat = c.copy_from("/tmp/payload", back.path()).await.unwrap();
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
    c.put_files(
        "/tmp",
        vec![ArchiveEntry::file("note.txt", "hi").mode(0o600)],
    )
    .await
    .unwrap();
    let stat = c.stat_path("/tmp/note.txt").await.unwrap();
    assert_eq!((stat.size, stat.permissions()), (2, 0o600));
    let missing = c.stat_path("/nope").await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}

#[tokio::test]
async fn stats_top_diff_pause_rename_update() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "misc", "touch /tmp/changed; sleep 30").await;
    let sample = c.stats().await.unwrap();
    assert!(sample.memory_usage() > 0);
    assert!(sample.pids() >= 1);
    assert!(sample.cpu_percent() >= 0.0);
    let mut stream = c.stats_stream().await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert!(first.read.is_some());
    drop(stream);
    let top = c.top().await.unwrap();
    assert!(top
        .processes
        .unwrap()
        .iter()
        .any(|p| p.iter().any(|f| f.contains("sleep"))));
    c.wait_for_log("", Duration::from_secs(1))
        .await
        .unwrap_err();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let diff = c.diff().await.unwrap();
    assert!(
        diff.iter()
            .any(|d| d.path.as_deref() == Some("/tmp/changed")),
        "{diff:?}"
    );
    c.pause().await.unwrap();
    let mut paused = docker.containers().get(c.id()).await.unwrap();
    assert_eq!(paused.status().as_deref(), Some("paused"));
    c.unpause().await.unwrap();
    paused.reload().await.unwrap();
    assert_eq!(paused.status().as_deref(), Some("running"));
    let new_name = common::unique_name("renamed");
    // The guard of `start` removes the container by its old name: this one covers the new name.
    let _renamed_guard = common::remove_container_on_drop(&docker, &new_name);
    c.rename(&new_name).await.unwrap();
    assert_eq!(
        docker.containers().get(&new_name).await.unwrap().id(),
        c.id()
    );
    let update = c.update().mem_limit("64m").memswap_limit(-1).await;
    if common::is_podman() {
        // Podman 4's Docker-compatible API has no container update endpoint (libpod's own one takes an
        // OCI resources document instead): the route itself is missing.
        let err = update.unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedEndpoint { endpoint, .. }
                if endpoint == &format!("POST /containers/{}/update", c.id())),
            "{err:?}"
        );
    } else {
        update.unwrap();
        let updated = docker.containers().get(c.id()).await.unwrap();
        assert_eq!(
            updated
                .attrs()
                .unwrap()
                .host_config
                .as_ref()
                .unwrap()
                .memory,
            Some(64 << 20)
        );
    }
    c.restart().timeout(Duration::from_secs(1)).await.unwrap();
}

#[tokio::test]
async fn ports_volumes_env_and_labels_reach_the_daemon() {
    let docker = common::docker();
    let name = common::unique_name("ports");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let c = docker
        .containers()
        .create(common::IMAGE)
        .name(&name)
        .command(["sleep", "30"])
        .port(80, ("127.0.0.1", 0u16))
        .port("53/udp", docker_sdk::utils::ports::HostBinding::random())
        .env("GREETING", "hi")
        .environment([("A", "1")])
        .volume("/data")
        .mount(docker_sdk::types::Mount::tmpfs("/scratch").size(1 << 20))
        .restart_policy(docker_sdk::types::RestartPolicy::OnFailure { max_retries: 2 })
        .stop_timeout(Duration::from_secs(7))
        .await
        .unwrap();
    let attrs = c.attrs().unwrap();
    let config = attrs.config.as_ref().unwrap();
    assert!(config
        .env
        .as_ref()
        .unwrap()
        .contains(&"GREETING=hi".to_string()));
    assert_eq!(config.stop_timeout, Some(7));
    assert!(config
        .exposed_ports
        .as_ref()
        .unwrap()
        .contains_key("53/udp"));
    let host = attrs.host_config.as_ref().unwrap();
    assert_eq!(
        host.restart_policy.as_ref().unwrap().maximum_retry_count,
        Some(2)
    );
    assert_eq!(
        host.port_bindings.as_ref().unwrap()["80/tcp"]
            .as_ref()
            .unwrap()[0]
            .host_ip
            .as_deref(),
        Some("127.0.0.1")
    );
    c.start().await.unwrap();
    let mut c = c;
    c.reload().await.unwrap();
    assert!(c.host_port(80).is_some_and(|p| p > 0), "{:?}", c.ports());
    let out = c
        .exec_run(["sh", "-c", "echo $GREETING$A; mount | grep -c /scratch"])
        .await
        .unwrap();
    assert_eq!(out.stdout_str(), "hi1\n1\n");
}

#[tokio::test]
async fn commit_makes_an_image_of_the_container() {
    let docker = common::docker();
    let (c, _guard) = common::start(
        &docker,
        "commit",
        "echo snapshot > /marker; echo ready; sleep 30",
    )
    .await;
    c.wait_for_log("ready", Duration::from_secs(10))
        .await
        .unwrap();
    let repo = common::unique_name("snap");
    let _image_guard = {
        let (docker, repo) = (docker.clone(), repo.clone());
        common::on_drop(move || common::remove_raw(&docker, format!("/images/{repo}:v1")))
    };
    let image = c.commit().repository(&repo).tag("v1").await.unwrap();
    assert!(
        image.tags().iter().any(|t| t == &format!("{repo}:v1")),
        "{:?}",
        image.tags()
    );
    let out = docker
        .containers()
        .run(format!("{repo}:v1"))
        .command(["cat", "/marker"])
        .remove(true)
        .await
        .unwrap();
    assert_eq!(out.stdout_str(), "snapshot\n");
}

#[tokio::test]
async fn config_json_proxies_reach_the_container_environment_and_user_values_win() {
    let dir = tempfile::tempdir().unwrap();
    let config = serde_json::json!({
        "proxies": { "default": { "httpProxy": "http://proxy.example:3128", "noProxy": "localhost" } }
    });
    std::fs::write(dir.path().join("config.json"), config.to_string()).unwrap();
    let base = common::docker();
    let docker = docker_sdk::Docker::builder()
        .host(base.host().to_string())
        .config_dir(dir.path())
        .build()
        .unwrap();
    let out = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("echo $HTTP_PROXY $http_proxy $NO_PROXY")
        .env("http_proxy", "http://mine:1")
        .remove(true)
        .await
        .unwrap();
    assert_eq!(
        out.stdout_str(),
        "http://proxy.example:3128 http://mine:1 localhost\n"
    );
    let off = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("echo ${HTTP_PROXY:-none}")
        .use_config_proxy(false)
        .remove(true)
        .await
        .unwrap();
    assert_eq!(off.stdout_str(), "none\n");
}

#[tokio::test]
async fn wait_for_log_matching_counts_lines_and_fails_clearly_when_the_container_exits() {
    let docker = common::docker();
    let (c, _guard) = common::start(
        &docker,
        "logmatch",
        "for i in 1 2 3 4; do echo tick $i; echo noise >&2; sleep 0.2; done; sleep 30",
    )
    .await;
    let line = c
        .wait_for_log_matching(|l| l.starts_with("tick "), Duration::from_secs(20))
        .times(3)
        .await
        .unwrap();
    assert_eq!(line, "tick 3");
    // stderr lines count too; a predicate can parse.
    let line = c
        .wait_for_log_matching(
            |l| l.strip_prefix("tick ").and_then(|n| n.parse::<u32>().ok()) == Some(4),
            Duration::from_secs(20),
        )
        .await
        .unwrap();
    assert_eq!(line, "tick 4");
    let err = c
        .wait_for_log_matching(|l| l == "never", Duration::from_millis(500))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let err = c
        .wait_for_log_matching(|_| true, Duration::from_secs(5))
        .times(0)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");

    // A container that exits without printing it: a clear error as soon as it stopped, not a hang.
    let (quiet, _guard2) =
        common::start(&docker, "logquiet", "echo something else; sleep 0.5").await;
    let err = quiet
        .wait_for_log_matching(|l| l.contains("ready"), Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Stream { message, .. } if message.contains("without printing")),
        "{err:?}"
    );
    let err = quiet
        .wait_for_log("ready", Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Stream { .. }), "{err:?}");
    let (failing, _guard3) = common::start(&docker, "logfail", "echo oops >&2; exit 2").await;
    let err = failing
        .wait_for_log_matching(|l| l.contains("ready"), Duration::from_secs(60))
        .times(2)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ContainerFailed { exit_code: 2, stderr, .. } if stderr.contains("oops")),
        "{err:?}"
    );
}

#[tokio::test]
async fn wait_for_healthy_without_a_health_check_is_an_invalid_argument() {
    let docker = common::docker();
    let (c, _guard) = common::start(&docker, "nohealth", "sleep 30").await;
    let err = c
        .wait_for_healthy(Duration::from_secs(10))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument(m) if m.contains("no health check")),
        "{err:?}"
    );
}

#[tokio::test]
async fn run_stream_yields_output_then_the_exit_and_removes() {
    use docker_sdk::stream::LogOutput;
    let docker = common::docker();
    let name = common::unique_name("runstream");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let mut run = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three")
        .remove(true)
        .stream()
        .await
        .unwrap();
    assert!(!run.container_id().is_empty());
    let mut seen = Vec::new();
    while let Some(chunk) = run.next().await {
        match chunk.unwrap() {
            LogOutput::StdOut(b) => seen.push(format!("out:{}", String::from_utf8_lossy(&b))),
            LogOutput::StdErr(b) => seen.push(format!("err:{}", String::from_utf8_lossy(&b))),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(seen, ["out:one\n", "err:two\n", "out:three\n"]);
    assert_eq!(run.exit_code(), Some(0));
    assert!(docker
        .containers()
        .get(&name)
        .await
        .unwrap_err()
        .is_not_found());

    // A failure is the last item; the container is removed all the same.
    let name2 = common::unique_name("runstreamfail");
    let _guard2 = common::remove_container_on_drop(&docker, &name2);
    let mut run = docker
        .containers()
        .run(common::IMAGE)
        .name(&name2)
        .shell_command("echo partial; echo bad >&2; exit 3")
        .remove(true)
        .stream()
        .await
        .unwrap();
    let mut items = Vec::new();
    while let Some(item) = run.next().await {
        items.push(item);
    }
    let last = items.pop().unwrap().unwrap_err();
    assert!(
        matches!(&last, Error::ContainerFailed { exit_code: 3, stderr, .. } if stderr == "bad\n"),
        "{last:?}"
    );
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(run.exit_code(), Some(3));
    assert!(docker
        .containers()
        .get(&name2)
        .await
        .unwrap_err()
        .is_not_found());

    // allow_failure: no error item, the code is there.
    let mut run = docker
        .containers()
        .run(common::IMAGE)
        .shell_command("exit 5")
        .remove(true)
        .allow_failure(true)
        .stream()
        .await
        .unwrap();
    while let Some(item) = run.next().await {
        item.unwrap();
    }
    assert_eq!(run.exit_code(), Some(5));

    // Dropped early with remove(true): removed in the background.
    let name3 = common::unique_name("runstreamdrop");
    let _guard3 = common::remove_container_on_drop(&docker, &name3);
    let mut run = docker
        .containers()
        .run(common::IMAGE)
        .name(&name3)
        .shell_command("echo first; sleep 60")
        .remove(true)
        .stream()
        .await
        .unwrap();
    assert_eq!(run.next().await.unwrap().unwrap().as_bytes(), b"first\n");
    drop(run);
    let mut gone = false;
    for _ in 0..100 {
        if docker
            .containers()
            .get(&name3)
            .await
            .is_err_and(|e| e.is_not_found())
        {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "the dropped run's container was removed");
}

#[tokio::test]
async fn sizes_start_options_archive_options_and_typed_devices() {
    use docker_sdk::api::{ContainerStartOptions, PutContainerArchiveOptions};
    let docker = common::docker();
    let name = common::unique_name("sizes");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let mut c = docker
        .containers()
        .create(common::IMAGE)
        .name(&name)
        .shell_command("echo hi > /tmp/f; sleep 30")
        .device(docker_sdk::types::Device::new("/dev/null").container_path("/dev/mynull"))
        .await
        .unwrap();
    let devices = c
        .attrs()
        .and_then(|a| a.host_config.as_ref())
        .and_then(|h| h.devices.clone())
        .unwrap();
    assert_eq!(devices[0].path_in_container.as_deref(), Some("/dev/mynull"));
    c.start_with(&ContainerStartOptions::default().detach_keys("ctrl-x,x"))
        .await
        .unwrap();
    c.reload_with_size().await.unwrap();
    assert!(c.attrs().unwrap().size_root_fs.is_some());
    let listed = docker
        .containers()
        .list()
        .filter("name", &name)
        .size(true)
        .sparse(true)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].summary().unwrap().size_root_fs.is_some());
    // put_archive_with: a file named like an existing directory. With no_overwrite_dir_non_dir the
    // daemon refuses to replace the directory; without it, the file replaces it.
    let file_named_d = || {
        let mut tar = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(3);
        header.set_mode(0o644);
        tar.append_data(&mut header, "d", &b"abc"[..]).unwrap();
        let bytes = bytes::Bytes::from(tar.into_inner().unwrap());
        futures_util::stream::iter([Ok::<_, std::io::Error>(bytes)])
    };
    c.exec_run(["mkdir", "/tmp/d"]).await.unwrap();
    let refused = c
        .put_archive_with(
            &PutContainerArchiveOptions::new("/tmp").no_overwrite_dir_non_dir(true),
            file_named_d(),
        )
        .await;
    let err = refused.unwrap_err();
    assert!(err.status().is_some(), "the daemon refused it: {err:?}");
    assert!(c
        .exec_run(["test", "-d", "/tmp/d"])
        .await
        .unwrap()
        .success());
    if !common::is_podman() {
        // (Podman 4.3 never replaces a directory by a file, with or without the option.)
        c.put_archive_with(&PutContainerArchiveOptions::new("/tmp"), file_named_d())
            .await
            .unwrap();
        assert!(c
            .exec_run(["test", "-f", "/tmp/d"])
            .await
            .unwrap()
            .success());
    }
    // exec env as a KEY=VALUE list; a bad entry fails before sending.
    let out = c
        .exec_run(["sh", "-c", "echo $A-$B"])
        .environment_list(["A=1", "B=two"])
        .await
        .unwrap();
    assert_eq!(out.stdout_str(), "1-two\n");
    let err = c
        .exec_run(["true"])
        .environment_list(["=x"])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    for err in [
        docker.api().exec_inspect("").await.unwrap_err(),
        docker.api().exec_resize(" ", 10, 10).await.unwrap_err(),
    ] {
        assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    }
}

#[tokio::test]
async fn logs_since_and_until_split_the_output_at_a_moment() {
    let docker = common::docker();
    let (c, _guard) = common::start(
        &docker,
        "logsince",
        "echo early; while [ ! -f /tmp/go ]; do sleep 0.05; done; echo late; sleep 30",
    )
    .await;
    c.wait_for_log("early", Duration::from_secs(10))
        .await
        .unwrap();
    // A moment well after "early" and well before "late" (the daemon stamps lines with its own clock,
    // which is this machine's).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let mark = std::time::SystemTime::now();
    let mark_instant = std::time::Instant::now();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(c.exec_run(["touch", "/tmp/go"]).await.unwrap().success());
    c.wait_for_log("late", Duration::from_secs(10))
        .await
        .unwrap();
    let text = |logs: docker_sdk::stream::LogStream| async move {
        String::from_utf8(logs.collect_interleaved().await.unwrap()).unwrap()
    };
    assert_eq!(text(c.logs().until(mark).await.unwrap()).await, "early\n");
    assert_eq!(text(c.logs().since(mark).await.unwrap()).await, "late\n");
    // The same moment as a duration ago.
    let ago = mark_instant.elapsed();
    assert_eq!(text(c.logs().since(ago).await.unwrap()).await, "late\n");
    let ago = mark_instant.elapsed();
    assert_eq!(text(c.logs().until(ago).await.unwrap()).await, "early\n");
    assert_eq!(
        text(c.logs().since(Duration::from_secs(3600)).await.unwrap()).await,
        "early\nlate\n"
    );
}

#[tokio::test]
async fn wait_condition_removed_returns_once_the_container_is_gone() {
    let docker = common::docker();
    let name = common::unique_name("waitremoved");
    let _guard = common::remove_container_on_drop(&docker, &name);
    let c = docker
        .containers()
        .run(common::IMAGE)
        .name(&name)
        .shell_command("sleep 2; exit 3")
        .auto_remove(true)
        .detach()
        .await
        .unwrap();
    let status = c
        .wait()
        .condition(WaitCondition::Removed)
        .timeout(Duration::from_secs(30))
        .await
        .unwrap();
    if !common::is_podman() {
        // (Podman answers a `removed` wait with 0 whatever the exit code was.)
        assert_eq!(status.code, 3);
    }
    let err = docker.containers().get(&name).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}
