//! Fault injection against a small misbehaving HTTP server of our own — what a real daemon cannot be made
//! to do on demand: never answer, answer slowly, send malformed or truncated bodies, huge errors, no
//! version header.

use std::time::{Duration, Instant};

use docker_sdk::{ApiVersion, Docker, Error};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves every connection with `respond(request_head) -> raw response bytes (None: never answer)`.
async fn fake_daemon<F>(respond: F) -> String
where
    F: Fn(&str) -> Option<Vec<u8>> + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let respond = std::sync::Arc::new(respond);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let respond = respond.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16384];
                let mut head = String::new();
                loop {
                    let n = match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    head.push_str(&String::from_utf8_lossy(&buf[..n]));
                    while let Some(end) = head.find("\r\n\r\n") {
                        let request: String = head.drain(..end + 4).collect();
                        match respond(&request) {
                            Some(bytes) => {
                                if sock.write_all(&bytes).await.is_err() {
                                    return;
                                }
                            }
                            None => {
                                // Hold the connection open without answering.
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    format!("tcp://{addr}")
}

fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nApi-Version: 1.41\r\nContent-Length: {}\r\n",
        body.len()
    );
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn client(host: &str, timeout: Duration) -> Docker {
    Docker::builder()
        .host(host)
        .api_version(ApiVersion::V1_41)
        .timeout(timeout)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daemon_that_never_answers_times_out_and_a_per_call_override_waits_longer() {
    let host = fake_daemon(|req| {
        if req.starts_with("GET /v1.41/info") {
            None
        } else {
            // /version answers after 400 ms.
            std::thread::sleep(Duration::from_millis(400));
            Some(http(
                "200 OK",
                &["Content-Type: application/json"],
                br#"{"Version":"fake"}"#,
            ))
        }
    })
    .await;
    let docker = client(&host, Duration::from_millis(200));
    let started = Instant::now();
    let err = docker.info().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        err.to_string().contains("/info"),
        "the error says what timed out: {err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let err = docker.version().await.unwrap_err();
    assert!(
        err.is_timeout(),
        "400 ms is over the 200 ms client timeout: {err:?}"
    );
    let patient = docker.with_timeout(Some(Duration::from_secs(5)));
    assert_eq!(
        patient.version().await.unwrap().version.as_deref(),
        Some("fake")
    );
}

#[tokio::test]
async fn malformed_and_truncated_responses_are_typed_errors() {
    let host = fake_daemon(|req| {
        if req.starts_with("GET /v1.41/version") {
            Some(http("200 OK", &["Content-Type: application/json"], b"{\"Version\": 12, oops"))
        } else if req.starts_with("GET /v1.41/events") {
            // A chunked JSON stream cut off inside the second message.
            let body = "2e\r\n{\"Type\":\"container\",\"Action\":\"start\",\"id\":\"a\"}\r\n12\r\n{\"Type\":\"containe\r\n";
            let mut out = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
            out.extend_from_slice(body.as_bytes());
            Some(out)
        } else if req.starts_with("GET /v1.41/info") {
            let big = vec![b'x'; 3 << 20];
            Some(http("500 Internal Server Error", &["Content-Type: text/plain"], &big))
        } else {
            Some(http("418 I'm a teapot", &["Content-Type: application/json"], br#"{"message":"short and stout"}"#))
        }
    })
    .await;
    let docker = client(&host, Duration::from_secs(10));
    let err = docker.version().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");

    let mut events = docker.events().await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(first.action.as_deref(), Some("start"));
    let second = events.next().await.unwrap();
    assert!(
        second.is_err(),
        "a truncated message is an error, not silence: {second:?}"
    );

    let err = docker.info().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(
        err.to_string().len() <= (1 << 20) + 200,
        "error bodies are capped at 1 MiB"
    );

    let err = docker.df().await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 418, message } if message == "short and stout"),
        "{err:?}"
    );
}

#[tokio::test]
async fn negotiation_without_a_version_header_falls_back_to_the_oldest_supported() {
    let host = fake_daemon(|req| {
        if req.contains("/_ping") {
            Some(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK".to_vec())
        } else if req.starts_with("GET /v1.41/version") {
            Some(http(
                "200 OK",
                &["Content-Type: application/json"],
                br#"{"Version":"old"}"#,
            ))
        } else {
            Some(http("404 Not Found", &[], b"page not found"))
        }
    })
    .await;
    let docker = Docker::builder().host(&host).build().unwrap();
    assert_eq!(docker.api_version().await.unwrap(), ApiVersion::MIN);
    assert_eq!(
        docker.version().await.unwrap().version.as_deref(),
        Some("old")
    );
}

#[tokio::test]
async fn a_daemon_too_old_for_us_is_refused_with_a_clear_error() {
    let host = fake_daemon(|req| {
        if req.contains("/_ping") {
            Some(b"HTTP/1.1 200 OK\r\nApi-Version: 1.24\r\nContent-Length: 2\r\n\r\nOK".to_vec())
        } else {
            Some(http(
                "500 Internal Server Error",
                &[],
                b"should not be asked",
            ))
        }
    })
    .await;
    let docker = Docker::builder().host(&host).build().unwrap();
    let err = docker.version().await.unwrap_err();
    match err {
        Error::UnsupportedApiVersion {
            required, actual, ..
        } => {
            assert_eq!(
                (required, actual),
                (ApiVersion::MIN, ApiVersion::new(1, 24))
            );
        }
        other => panic!("expected UnsupportedApiVersion, got {other:?}"),
    }
}

#[tokio::test]
async fn half_an_answer_is_an_error_and_the_next_call_uses_a_fresh_connection() {
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = calls.clone();
    let host = fake_daemon(move |_| {
        let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if n == 0 {
            // Half an answer, then silence.
            Some(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"Vers".to_vec())
        } else {
            Some(http(
                "200 OK",
                &["Content-Type: application/json"],
                br#"{"Version":"second"}"#,
            ))
        }
    })
    .await;
    let docker = client(&host, Duration::from_millis(500));
    let err = docker.version().await.unwrap_err();
    assert!(
        err.is_timeout() || matches!(err, Error::Http(_) | Error::Io(_)),
        "{err:?}"
    );
    assert_eq!(
        docker
            .with_timeout(Some(Duration::from_secs(5)))
            .version()
            .await
            .unwrap()
            .version
            .as_deref(),
        Some("second")
    );
}

/// A TLS daemon address whose handshake never completes (the kernel accepts the TCP connection into the
/// backlog; nobody ever reads it): even a stream call, which the client timeout never cuts, fails with a
/// connect error naming the address once the connect timeout passes.
#[tokio::test]
async fn a_connection_that_never_completes_is_a_connect_error_even_for_streams() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let docker = Docker::builder()
        .host(format!("tcp://{addr}"))
        .tls(docker_sdk::transport::TlsConfig::new().verify(false))
        .api_version(ApiVersion::V1_41)
        .no_timeout()
        .connect_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let err = match docker.events().await {
        Ok(_) => panic!("events over a handshake that never completes should fail"),
        Err(err) => err,
    };
    assert!(err.is_connect(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains(&addr.to_string()) && text.contains("connect timeout"),
        "{text}"
    );
    drop(listener);
}

/// Podman 4 fails a whole image listing with a 500 when an image is removed while it lists. The listing is
/// asked for again, up to six times in all; the sixth failure comes back as it is.
#[tokio::test]
async fn an_image_listing_that_lost_an_image_is_asked_again() {
    let lost = br#"{"cause":"image not known","message":"reading image \"d80f\": image not known","response":500}"#;
    let listings = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = listings.clone();
    let host = fake_daemon(move |head| {
        if !head.starts_with("GET /v1.41/images/json") {
            return Some(http(
                "404 Not Found",
                &[],
                b"{\"message\":\"no such route\"}",
            ));
        }
        let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Some(
            if head.contains("flaky") && n < 2 || head.contains("broken") {
                http("500 Internal Server Error", &[], lost)
            } else {
                http(
                    "200 OK",
                    &[],
                    br#"[{"Id":"sha256:abc","RepoTags":["a:b"]}]"#,
                )
            },
        )
    })
    .await;
    let docker = client(&host, Duration::from_secs(10));

    let list = docker.images().list().name("flaky").await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(listings.load(std::sync::atomic::Ordering::SeqCst), 3);

    listings.store(0, std::sync::atomic::Ordering::SeqCst);
    let err = docker.images().list().name("broken").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 500, message } if message.contains("image not known")),
        "{err:?}"
    );
    assert_eq!(listings.load(std::sync::atomic::Ordering::SeqCst), 6);
}
