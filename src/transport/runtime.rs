//! Runtimes that drive connections.
//!
//! A connection's socket is registered with the reactor of the runtime it was opened on, and only works
//! while that runtime lives. If a connection opened on runtime A were handed to a caller on runtime B, it
//! would die with A (bollard's "dispatch task is gone" race). So the client keeps **one pool per tokio
//! runtime** ([`RuntimePools`]): a connection is only ever used by tasks of the runtime it belongs to.
//! Callers outside any tokio runtime use a small runtime owned by the client ([`IoRuntime`]).

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

/// How many per-runtime pools are kept; the least recently used one is dropped beyond this. A pool of a
/// runtime that has shut down holds only closed connections, so dropping it loses nothing.
const MAX_RUNTIME_POOLS: usize = 16;

/// One value per tokio runtime, created on first use from that runtime.
pub(crate) struct RuntimePools<T: Clone> {
    pools: std::sync::Mutex<Vec<(tokio::runtime::Id, T)>>,
}

impl<T: Clone> RuntimePools<T> {
    pub(crate) fn new() -> Self {
        RuntimePools {
            pools: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The value for `handle`'s runtime, creating it with `make` if needed.
    pub(crate) fn get_or_insert(
        &self,
        handle: &tokio::runtime::Handle,
        make: impl FnOnce() -> T,
    ) -> T {
        let id = handle.id();
        let mut pools = self
            .pools
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(pos) = pools.iter().position(|(i, _)| *i == id) {
            // Most recently used first: the common case (one runtime) is found at once.
            if pos != 0 {
                let entry = pools.remove(pos);
                pools.insert(0, entry);
            }
            return pools[0].1.clone();
        }
        let value = make();
        pools.insert(0, (id, value.clone()));
        pools.truncate(MAX_RUNTIME_POOLS);
        value
    }
}

#[allow(dead_code)]
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
