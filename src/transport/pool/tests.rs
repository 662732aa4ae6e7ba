use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{upgraded, Pool, PooledBody};
use crate::api::Body;
use crate::transport::test_server::{Behaviour, TestServer};
use crate::transport::unix::UnixDialer;

fn pool(server: &TestServer, max_idle: usize) -> Arc<Pool> {
    let dialer = Arc::new(UnixDialer::new(server.path(), "unix://test".into()));
    Arc::new(Pool::new(
        dialer,
        tokio::runtime::Handle::current(),
        None,
        max_idle,
    ))
}

fn request(method: &str, path: &str) -> http::Request<Body> {
    let body = http_body_util::Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed_unsync();
    http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "api.moby.localhost")
        .body(body)
        .unwrap()
}

async fn fetch(pool: &Arc<Pool>, path: &str) -> Bytes {
    let resp = pool.send(request("GET", path), false).await.unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    resp.into_body().collect().await.unwrap().to_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequential_requests_share_one_connection() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 4);
    for _ in 0..20 {
        assert_eq!(fetch(&pool, "/ok").await, "OK");
        assert_eq!(fetch(&pool, "/chunks/40").await.len(), 40 * 1024);
    }
    assert_eq!(server.requests(), 40);
    assert_eq!(server.accepted(), 1);
    assert_eq!(pool.opened(), 1);
    assert_eq!(pool.idle_count(), 1);
}

#[tokio::test]
async fn unread_complete_bodies_and_head_responses_keep_their_connection() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 4);
    for _ in 0..5 {
        // Dropped without reading: a HEAD, an empty body, and a short body that already arrived.
        let head = pool.send(request("HEAD", "/ok"), false).await.unwrap();
        assert_eq!(head.headers()["content-length"], "2");
        drop(head);
        drop(pool.send(request("GET", "/empty"), false).await.unwrap());
        drop(pool.send(request("GET", "/ok"), false).await.unwrap());
    }
    assert_eq!(fetch(&pool, "/ok").await, "OK");
    assert_eq!(server.requests(), 16);
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn pool_max_idle_zero_opens_a_connection_per_request() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 0);
    for _ in 0..5 {
        assert_eq!(fetch(&pool, "/ok").await, "OK");
    }
    assert_eq!(server.accepted(), 5);
    assert_eq!(pool.idle_count(), 0);
}

#[tokio::test]
async fn concurrent_requests_use_several_connections_and_keep_at_most_max_idle() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 2);
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                // Hold the response open so that the six requests overlap.
                let resp = pool.send(request("GET", "/chunks/4"), false).await.unwrap();
                tokio::time::sleep(Duration::from_millis(50)).await;
                resp.into_body().collect().await.unwrap().to_bytes().len()
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 4096);
    }
    assert_eq!(server.accepted(), 6);
    assert_eq!(pool.idle_count(), 2);
}

#[tokio::test]
async fn dropping_a_streaming_body_closes_its_connection_and_poisons_nothing() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 4);
    let resp = pool.send(request("GET", "/forever"), false).await.unwrap();
    let mut body = resp.into_body();
    for _ in 0..3 {
        let frame = body.frame().await.unwrap().unwrap();
        assert!(frame.into_data().unwrap().iter().all(|b| *b == b'y'));
    }
    drop(body);
    assert_eq!(pool.idle_count(), 0);
    // The next request gets a new connection, and the old one is closed.
    assert_eq!(fetch(&pool, "/ok").await, "OK");
    assert_eq!(server.accepted(), 2);
    for _ in 0..100 {
        if server.closed() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(server.closed(), 1);
    assert_eq!(pool.idle_count(), 1);
}

#[tokio::test]
async fn dropping_a_response_future_before_the_head_poisons_nothing() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 4);
    assert_eq!(fetch(&pool, "/ok").await, "OK");
    // Cancelled mid-flight: the idle connection it took must not come back.
    let timed_out = tokio::time::timeout(
        Duration::from_micros(1),
        pool.send(request("GET", "/chunks/1"), false),
    )
    .await;
    drop(timed_out);
    for _ in 0..3 {
        assert_eq!(fetch(&pool, "/chunks/2").await.len(), 2048);
    }
}

#[tokio::test]
async fn a_connection_closed_while_idle_is_replaced() {
    let server = TestServer::start(Behaviour {
        idle_close: Some(Duration::from_millis(30)),
        ..Behaviour::default()
    });
    let pool = pool(&server, 4);
    for _ in 0..3 {
        assert_eq!(fetch(&pool, "/ok").await, "OK");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // A POST is not safe to repeat, but a connection known to be closed is never used for it.
    let resp = pool.send(request("POST", "/ok"), false).await.unwrap();
    assert_eq!(resp.into_body().collect().await.unwrap().to_bytes(), "OK");
    assert_eq!(server.accepted(), 4);
}

#[tokio::test(flavor = "current_thread")]
async fn a_get_on_a_connection_closed_an_instant_ago_is_sent_again() {
    // The server closes each connection 10 ms after answering, while the headers promised keep-alive. The
    // client blocks its (current-thread) runtime meanwhile, so its reactor cannot learn of the close before
    // the next request is written on that connection.
    let server = TestServer::start(Behaviour {
        close_after_response: Some(Duration::from_millis(10)),
        ..Behaviour::default()
    });
    let pool = pool(&server, 4);
    for _ in 0..5 {
        assert_eq!(fetch(&pool, "/ok").await, "OK");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.requests(), 5);
    assert_eq!(server.accepted(), 5);
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_idle_timeout() {
    let server = TestServer::start(Behaviour::default());
    let dialer = Arc::new(UnixDialer::new(server.path(), "unix://test".into()));
    let pool = Arc::new(
        Pool::new(dialer, tokio::runtime::Handle::current(), None, 4)
            .with_idle_timeout(Duration::from_millis(100)),
    );
    assert_eq!(fetch(&pool, "/ok").await, "OK");
    assert_eq!(pool.idle_count(), 1);
    for _ in 0..100 {
        if server.closed() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(pool.idle_count(), 0);
    assert_eq!(server.closed(), 1);
    // And the pool still works afterwards, with the reaper restarted.
    assert_eq!(fetch(&pool, "/ok").await, "OK");
    assert_eq!(pool.idle_count(), 1);
}

#[tokio::test]
async fn upgraded_connections_are_raw_duplex_streams_and_never_pooled() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 4);
    assert_eq!(fetch(&pool, "/ok").await, "OK");
    let mut req = request("POST", "/upgrade");
    req.headers_mut()
        .insert("connection", "Upgrade".parse().unwrap());
    req.headers_mut().insert("upgrade", "tcp".parse().unwrap());
    let resp = pool.send(req, true).await.unwrap();
    assert_eq!(resp.status(), 101);
    let io = upgraded(resp).await.unwrap();
    let mut io = hyper_util::rt::TokioIo::new(io);
    io.write_all(b"hello").await.unwrap();
    io.shutdown().await.unwrap();
    let mut echoed = Vec::new();
    io.read_to_end(&mut echoed).await.unwrap();
    assert_eq!(echoed, b"hello");
    // The upgrade reused the idle connection, which is gone from the pool now.
    assert_eq!(server.accepted(), 1);
    assert_eq!(pool.idle_count(), 0);
    assert_eq!(fetch(&pool, "/ok").await, "OK");
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn error_responses_and_dial_failures() {
    let server = TestServer::start(Behaviour::default());
    let pool = pool(&server, 4);
    let resp = pool.send(request("GET", "/nope"), false).await.unwrap();
    assert_eq!(resp.status(), 404);
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    assert!(body.starts_with(b"{\"message\""));
    assert_eq!(pool.idle_count(), 1);

    let missing = Arc::new(UnixDialer::new(
        server.path().with_file_name("missing.sock"),
        "unix://missing".into(),
    ));
    let broken = Arc::new(Pool::new(
        missing,
        tokio::runtime::Handle::current(),
        None,
        4,
    ));
    let err = crate::Error::from(broken.send(request("GET", "/ok"), false).await.unwrap_err());
    assert!(err.is_connect(), "{err:?}");
}

#[test]
fn futures_and_bodies_are_send() {
    fn send<T: Send>(_: &T) {}
    fn sync<T: Send + Sync>() {}
    sync::<Pool>();
    sync::<crate::api::ApiClient>();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let server = TestServer::start(Behaviour::default());
        let pool = pool(&server, 4);
        let fut = pool.send(request("GET", "/ok"), false);
        send(&fut);
        let resp = fut.await.unwrap();
        let body: &PooledBody = resp.body();
        send(body);
    });
}
