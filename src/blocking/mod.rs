//! A blocking mirror of the high-level API, for code without an async runtime.
//!
//! [`Docker`] has the same methods as [`crate::Docker`], returning `Result<T>` instead of futures and
//! `Iterator`s instead of streams; builders end in `.send()`. Every call runs the async implementation on
//! the client's own I/O runtime, so connections stay pooled between calls and nothing is implemented twice.
//!
//! Calling it from inside an async runtime returns [`Error::BlockingInAsyncContext`]: use the async API
//! there (or `tokio::task::spawn_blocking`).
//!
//! ```no_run
//! # fn demo() -> docker_sdk::Result<()> {
//! let docker = docker_sdk::blocking::Docker::from_env()?;
//! println!("{:?}", docker.version()?.version);
//! # Ok(()) }
//! ```

mod configs;
pub mod containers;
mod hijack;
pub mod images;
mod mirror;
mod networks;
mod nodes;
mod plugins;
mod read;
mod secrets;
mod services;
mod swarm;
mod system;
mod volumes;

use std::future::Future;
use std::time::Duration;

use futures_core::Stream;
use futures_util::StreamExt;

use crate::error::{Error, Result};
use crate::transport::DaemonHost;
use crate::utils::version::ApiVersion;

pub use configs::{BlockingCreateConfig, BlockingListConfigs, Config, Configs};
pub use containers::{Container, Containers, CreateContainer, DetachedRun, Run};
pub use hijack::{Hijacked, HijackedWriter, WebSocketAttach};
pub use networks::{
    BlockingConnectNetwork, BlockingCreateNetwork, BlockingDisconnectNetwork, BlockingGetNetwork,
    BlockingListNetworks, BlockingPruneNetworks, Network, Networks,
};
pub use nodes::{BlockingListNodes, BlockingRemoveNode, BlockingUpdateNode, Node, Nodes};
pub use plugins::{
    BlockingCreatePlugin, BlockingCreatePluginFrom, BlockingDisablePlugin, BlockingEnablePlugin,
    BlockingInstallPlugin, BlockingListPlugins, BlockingPushPlugin, BlockingRemovePlugin,
    BlockingUpgradePlugin, Plugin, Plugins,
};
pub use read::ByteReader;
pub use secrets::{BlockingCreateSecret, BlockingListSecrets, Secret, Secrets};
pub use services::{
    BlockingCreateService, BlockingGetService, BlockingListServices, BlockingListTasks,
    BlockingServiceLogs, BlockingTaskLogs, BlockingUpdateService, Service, Services, Tasks,
};
pub use swarm::{
    BlockingInitSwarm, BlockingJoinSwarm, BlockingLeaveSwarm, BlockingUpdateSwarm, Swarm,
};
pub use system::{BlockingEvents, BlockingLogin, Events};
pub use volumes::{
    BlockingCreateVolume, BlockingListVolumes, BlockingPruneVolumes, BlockingRemoveVolume, Volume,
    Volumes,
};

/// A blocking Docker client. Cheap to clone; clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Docker {
    inner: crate::Docker,
}

impl Docker {
    /// A client configured from the environment, like [`crate::Docker::from_env`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a malformed `DOCKER_HOST` or `DOCKER_API_VERSION`.
    pub fn from_env() -> Result<Docker> {
        crate::Docker::from_env().map(Docker::from)
    }

    /// A client for the Docker context `name`, like [`crate::Docker::from_context`] (`"default"` is built
    /// from `DOCKER_HOST` and the TLS variables, as `docker --context default`).
    ///
    /// ```no_run
    /// # fn demo() -> docker_sdk::Result<()> {
    /// let docker = docker_sdk::blocking::Docker::from_context("remote")?;
    /// docker.ping()?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] when there is no such context (the message lists the known ones);
    /// [`Error::Tls`] for missing or unusable certificate files.
    pub fn from_context(name: &str) -> Result<Docker> {
        crate::Docker::from_context(name).map(Docker::from)
    }

    /// The async client this one wraps.
    pub fn async_client(&self) -> &crate::Docker {
        &self.inner
    }

    /// A clone whose ordinary calls use another timeout (`None`: none).
    pub fn with_timeout(&self, timeout: Option<Duration>) -> Docker {
        Docker {
            inner: self.inner.with_timeout(timeout),
        }
    }

    /// The daemon address this client talks to.
    pub fn host(&self) -> &DaemonHost {
        self.inner.host()
    }

    /// The API version in use, negotiating it first when needed.
    ///
    /// # Errors
    /// [`Error::Connect`] when the daemon cannot be reached.
    pub fn api_version(&self) -> Result<ApiVersion> {
        self.block_on(self.inner.api_version())?
    }

    /// The low-level client (one method per Engine API endpoint) of the async client this one wraps;
    /// run its calls with [`block_on`](Self::block_on).
    pub fn api(&self) -> &crate::api::ApiClient {
        self.inner.api()
    }

    /// Runs a future to completion on this client's I/O runtime: the way to make any call of the async
    /// API, including every low-level one through [`api`](Self::api), from blocking code. Connections
    /// stay pooled between calls, as for the blocking methods.
    ///
    /// ```no_run
    /// # fn demo() -> docker_sdk::Result<()> {
    /// use docker_sdk::api::ImageHistoryOptions;
    /// let docker = docker_sdk::blocking::Docker::from_env()?;
    /// let api = docker.api();
    /// let history = docker.block_on(api.image_history("busybox:latest", &ImageHistoryOptions::default()))??;
    /// println!("{} layers", history.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::BlockingInAsyncContext`] when called from inside an async runtime (the future is dropped
    /// without being polled); use the async API there. The future's own result is the `Ok` value.
    pub fn block_on<F: Future>(&self, fut: F) -> Result<F::Output> {
        block_on(&self.inner, fut)
    }
}

impl From<crate::Docker> for Docker {
    fn from(inner: crate::Docker) -> Docker {
        Docker { inner }
    }
}

impl crate::DockerBuilder {
    /// Builds a blocking client instead of an async one.
    ///
    /// # Errors
    /// As [`crate::DockerBuilder::build`].
    pub fn build_blocking(self) -> Result<Docker> {
        self.build().map(Docker::from)
    }
}

pub(crate) fn block_on<F: Future>(docker: &crate::Docker, fut: F) -> Result<F::Output> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::BlockingInAsyncContext);
    }
    Ok(docker.api().io_handle().block_on(fut))
}

/// A stream of the async API as a blocking iterator (events, logs, progress …).
pub struct BlockingStream<S> {
    docker: crate::Docker,
    stream: S,
}

impl<S> BlockingStream<S> {
    pub(crate) fn new(docker: crate::Docker, stream: S) -> Self {
        BlockingStream { docker, stream }
    }
}

impl<S> std::fmt::Debug for BlockingStream<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockingStream")
    }
}

impl<S> BlockingStream<S> {
    /// The async stream inside.
    pub fn into_inner(self) -> S {
        self.stream
    }
}

impl<S, T> Iterator for BlockingStream<S>
where
    S: Stream<Item = Result<T>> + Unpin,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match block_on(&self.docker, self.stream.next()) {
            Ok(item) => item,
            Err(e) => Some(Err(e)),
        }
    }
}
