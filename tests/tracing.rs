//! Every request gets a tracing span (method, path, status, duration), and no secret ever reaches the
//! traces: registry passwords, secret payloads.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn spans_name_the_request_and_never_carry_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let docker = common::docker();
    tracing::subscriber::with_default(subscriber, || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            docker.version().await.unwrap();
            let registry = std::env::var("DOCKER_SDK_TEST_REGISTRY")
                .unwrap_or_else(|_| "127.0.0.1:5000".into());
            docker
                .login("testuser", "testpassword")
                .registry(&registry)
                .await
                .unwrap();
            let _ = docker
                .login("testuser", "not-the-password-xyzzy")
                .registry(&registry)
                .await
                .unwrap_err();
        });
    });
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("docker.request"), "{text}");
    assert!(
        text.contains("path=/version") && text.contains("status=200"),
        "{text}"
    );
    assert!(text.contains("path=/auth"), "{text}");
    assert!(
        !text.contains("testpassword"),
        "a password reached the traces:\n{text}"
    );
    assert!(
        !text.contains("xyzzy"),
        "a password reached the traces:\n{text}"
    );
}
