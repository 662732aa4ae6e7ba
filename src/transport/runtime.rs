//! The client's own I/O runtime.
//!
//! hyper's pooled client keeps a background task per connection. If those tasks lived on the caller's
//! runtime, a pooled connection would die with that runtime, and the next caller (another `#[tokio::test]`,
//! the blocking API …) would pick up a dead connection. So every connection is opened and driven on a small
//! runtime owned by the client, and callers on any runtime talk to it through channels.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A one-thread multi-thread runtime that shuts down without blocking when the last client is dropped.
pub(crate) struct IoRuntime {
    rt: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
}

impl IoRuntime {
    pub(crate) fn new() -> std::io::Result<Arc<IoRuntime>> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("docker-sdk-io")
            .enable_all()
            .build()?;
        let handle = rt.handle().clone();
        Ok(Arc::new(IoRuntime {
            rt: Some(rt),
            handle,
        }))
    }

    pub(crate) fn handle(&self) -> &tokio::runtime::Handle {
        &self.handle
    }
}

impl Drop for IoRuntime {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside async code: shut it down in the background instead.
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// hyper executor that spawns connection tasks onto the I/O runtime.
#[derive(Clone)]
pub(crate) struct IoExecutor(pub(crate) tokio::runtime::Handle);

impl<F> hyper::rt::Executor<F> for IoExecutor
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, fut: F) {
        self.0.spawn(fut);
    }
}

#[allow(dead_code)]
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
