//! System endpoints against the real daemon: ping, version, info, df, events, auth, version negotiation.

mod common;

use std::time::{Duration, SystemTime};

use docker_sdk::api::Method;
use docker_sdk::{ApiVersion, Docker, Error};
use futures_util::StreamExt;

#[tokio::test]
async fn ping_get_and_head_read_headers() {
    let docker = common::docker();
    let get = docker.api().system_ping().await.unwrap();
    let head = docker.api().system_ping_head().await.unwrap();
    let daemon = get.api_version.expect("the daemon reports Api-Version");
    assert!(daemon >= ApiVersion::MIN, "daemon API {daemon}");
    assert_eq!(get.os_type.as_deref(), Some("linux"));
    assert_eq!(head.api_version, get.api_version);
    assert!(get.server.unwrap_or_default().starts_with("Docker/"));
    assert_eq!(docker.ping().await.unwrap().api_version, Some(daemon));
}

#[tokio::test]
async fn version_and_info_decode() {
    let docker = common::docker();
    let version = docker.version().await.unwrap();
    let api: ApiVersion = version.api_version.as_deref().unwrap().parse().unwrap();
    assert_eq!(
        docker.api_version().await.unwrap(),
        api.min(ApiVersion::MAX)
    );
    assert!(version
        .components
        .unwrap_or_default()
        .iter()
        .any(|c| c.name.as_deref() == Some("Engine")));
    let info = docker.info().await.unwrap();
    assert!(info.id.is_some_and(|id| !id.is_empty()));
    assert!(info.images.unwrap() >= 1, "the fixture image exists");
    assert_eq!(info.os_type.as_deref(), Some("linux"));
}

#[tokio::test]
async fn df_lists_the_fixture_image() {
    let docker = common::docker();
    let df = docker.df().await.unwrap();
    let images = df.images.unwrap_or_default();
    assert!(
        images
            .iter()
            .any(|i| i.repo_tags.iter().flatten().any(|t| t == common::IMAGE)),
        "{} not in df output",
        common::IMAGE
    );
}

#[tokio::test]
async fn options_newer_than_the_daemon_fail_before_sending() {
    let docker = common::docker();
    if docker.api_version().await.unwrap() >= ApiVersion::V1_42 {
        panic!("this test expects the 1.41 daemon of scripts/test-env.sh");
    }
    let opts = docker_sdk::api::SystemDataUsageOptions::default().kind("image");
    let err = docker.api().system_data_usage(&opts).await.unwrap_err();
    match err {
        Error::UnsupportedApiVersion {
            required, actual, ..
        } => {
            assert_eq!(required, ApiVersion::V1_42);
            assert_eq!(actual, ApiVersion::V1_41);
        }
        other => panic!("expected UnsupportedApiVersion, got {other:?}"),
    }
}

#[tokio::test]
async fn a_version_newer_than_the_daemon_is_refused_by_it() {
    let host = common::docker().host().to_string();
    let docker = Docker::builder()
        .host(host)
        .api_version(ApiVersion::MAX)
        .build()
        .unwrap();
    let err = docker.version().await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    assert!(err.to_string().contains("too new"), "{err}");
}

#[tokio::test]
async fn unreachable_daemon_names_the_address_and_how_to_start_one() {
    let docker = Docker::builder()
        .host("unix:///nonexistent/docker.sock")
        .build()
        .unwrap();
    let err = docker.ping().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("unix:///nonexistent/docker.sock"), "{text}");
    assert!(text.contains("dockerd"), "{text}");
}

/// Creates and removes a volume through the raw API, returning its name.
async fn volume_churn(docker: &Docker) -> String {
    let name = common::unique_name("events");
    let body = serde_json::json!({ "Name": name, "Labels": { "dsdk-test": "events" } });
    docker
        .api()
        .request_json(Method::POST, "/volumes/create", &[], Some(&body))
        .await
        .unwrap();
    docker
        .api()
        .request_json(Method::DELETE, &format!("/volumes/{name}"), &[], None)
        .await
        .unwrap();
    name
}

#[tokio::test]
async fn events_in_a_past_window_end_by_themselves() {
    let docker = common::docker();
    let since = SystemTime::now() - Duration::from_secs(1);
    let name = volume_churn(&docker).await;
    let until = SystemTime::now() + Duration::from_secs(1);
    let events = docker
        .events()
        .since(since)
        .until(until)
        .filter("type", "volume")
        .filter("volume", &name)
        .await
        .unwrap();
    let actions: Vec<String> =
        tokio::time::timeout(Duration::from_secs(20), events.collect::<Vec<_>>())
            .await
            .expect("the stream ends when `until` passes")
            .into_iter()
            .map(|e| e.unwrap().action.unwrap_or_default())
            .collect();
    assert_eq!(actions, ["create", "destroy"], "events of volume {name}");
}

#[tokio::test]
async fn live_events_are_not_cut_by_the_client_timeout() {
    let docker = common::docker().with_timeout(Some(Duration::from_millis(300)));
    let started = std::time::Instant::now();
    let mut events = docker
        .events()
        .filter("type", "volume")
        .until_in(Duration::from_millis(1500))
        .await
        .unwrap();
    let churn = {
        let docker = docker.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            volume_churn(&docker).await
        })
    };
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        let event = event.unwrap();
        seen.push(event.actor.and_then(|a| a.id).unwrap_or_default());
    }
    let name = churn.await.unwrap();
    assert!(seen.contains(&name), "the live stream saw {name}: {seen:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(1200),
        "the stream outlived the 300 ms client timeout"
    );
}

#[tokio::test]
async fn events_reject_an_inverted_window() {
    let docker = common::docker();
    let now = SystemTime::now();
    let err = docker
        .events()
        .since(now)
        .until(now - Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

fn registry() -> (String, String, String) {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    (
        var("DOCKER_SDK_TEST_REGISTRY", "127.0.0.1:5000"),
        var("DOCKER_SDK_TEST_REGISTRY_USER", "testuser"),
        var("DOCKER_SDK_TEST_REGISTRY_PASSWORD", "testpassword"),
    )
}

#[tokio::test]
async fn login_checks_credentials_with_the_registry() {
    let docker = common::docker();
    let (registry, user, password) = registry();
    let ok = docker
        .login(&user, &password)
        .registry(&registry)
        .await
        .unwrap();
    assert_eq!(ok.status.as_deref(), Some("Login Succeeded"));
    let err = docker
        .login(&user, "wrong-password")
        .registry(&registry)
        .await
        .unwrap_err();
    assert!(matches!(err.status(), Some(401) | Some(500)), "{err:?}");
    assert!(
        !format!("{err:?}{err}").contains("wrong-password"),
        "no secret in the error"
    );
}

#[test]
fn one_client_serves_several_runtimes_in_turn() {
    let docker = common::docker();
    for _ in 0..3 {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            for _ in 0..3 {
                let ping = docker.ping().await.unwrap();
                assert!(ping.api_version.is_some(), "{ping:?}");
            }
        });
        drop(rt);
    }
    // Two runtimes alive at once, sharing the client, with one shutting down in the middle.
    let a = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let b = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let da = docker.clone();
    let busy = a.spawn(async move {
        for _ in 0..50 {
            let ping = da.ping().await.unwrap();
            assert!(ping.api_version.is_some(), "{ping:?}");
        }
    });
    b.block_on(async {
        for _ in 0..50 {
            docker.version().await.unwrap();
        }
    });
    a.block_on(busy).unwrap();
    drop(a);
    b.block_on(async {
        for _ in 0..20 {
            let info = docker.info().await.unwrap();
            assert!(
                info.id.is_some(),
                "info without an ID after runtime a shut down"
            );
        }
    });
}

#[test]
fn blocking_mirror_covers_the_system_calls() {
    let docker = docker_sdk::blocking::Docker::from(common::docker());
    assert!(docker.ping().unwrap().api_version.is_some());
    assert!(docker.version().unwrap().version.is_some());
    assert!(docker.info().unwrap().containers.is_some());
    assert!(docker.df().unwrap().images.is_some());
    let head = docker.ping_head().unwrap();
    assert_eq!(head.api_version, docker.ping().unwrap().api_version);
    // `types` needs API 1.42: refused before sending on the 1.41 daemon, sent on newer ones.
    let only_volumes = docker_sdk::api::SystemDataUsageOptions::default().kind("volume");
    match docker.df_with(&only_volumes) {
        Err(docker_sdk::Error::UnsupportedApiVersion { required, .. }) => {
            assert_eq!(required, docker_sdk::ApiVersion::V1_42);
            assert!(docker.api_version().unwrap() < docker_sdk::ApiVersion::V1_42);
        }
        Ok(usage) => {
            assert!(docker.api_version().unwrap() >= docker_sdk::ApiVersion::V1_42);
            assert!(usage.volumes.is_some());
        }
        Err(other) => panic!("df_with(types): {other:?}"),
    }
    let since = SystemTime::now() - Duration::from_millis(100);
    let name = {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(volume_churn(docker.async_client()))
    };
    let events: Vec<_> = docker
        .events()
        .since(since)
        .until_in(Duration::from_millis(500))
        .filter("volume", &name)
        .send()
        .unwrap()
        .map(|e| e.unwrap().action.unwrap_or_default())
        .collect();
    assert_eq!(events, ["create", "destroy"]);
    let (registry, user, password) = registry();
    assert_eq!(
        docker
            .login(user, password)
            .registry(registry)
            .send()
            .unwrap()
            .status
            .as_deref(),
        Some("Login Succeeded")
    );
}

#[tokio::test]
async fn blocking_inside_a_runtime_is_an_error_not_a_panic() {
    let docker = docker_sdk::blocking::Docker::from(common::docker());
    let err = docker.ping().unwrap_err();
    assert!(matches!(err, Error::BlockingInAsyncContext), "{err:?}");
}

#[tokio::test]
async fn session_switches_to_http2_with_the_daemon_calling_us() {
    use tokio::io::AsyncReadExt;
    let docker = common::docker();
    let opts = docker_sdk::api::SessionOptions::new(common::unique_name("session"))
        .name("docker-sdk test")
        .grpc_method("/moby.filesync.v1.FileSync/DiffCopy");
    let mut conn = docker.api().session(&opts).await.unwrap();
    // The daemon is the HTTP/2 client on a session: it opens with the connection preface.
    let mut preface = [0u8; 24];
    tokio::time::timeout(Duration::from_secs(10), conn.read_exact(&mut preface))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&preface, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    let err = docker
        .api()
        .session(&docker_sdk::api::SessionOptions::new(" "))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)));
}
