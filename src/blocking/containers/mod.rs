//! Blocking mirror of the high-level containers API ([`crate::containers`]).
//!
//! The same collection, handle and builders as the async API, with the same names: where the async API
//! awaits a builder, the blocking one calls `.send()`; streams (logs, stats, exec output) are iterators;
//! attach and interactive exec give a [`Hijacked`](super::Hijacked) connection that is
//! `std::io::Read + Write`; archives are read through a [`ByteReader`](super::ByteReader).
//!
//! Every call runs the async implementation on the client's I/O runtime; nothing here re-implements a
//! flow, so the blocking API behaves exactly like the async one (attach before start, pull on a missing
//! image, deadlines that yield [`Error::Timeout`](crate::Error::Timeout) …).
//!
//! ```no_run
//! # fn demo() -> docker_sdk::Result<()> {
//! let docker = docker_sdk::blocking::Docker::from_env()?;
//!
//! // Run to completion and get the output (a non-zero exit is Error::ContainerFailed).
//! let out = docker.containers().run("busybox").command(["echo", "hello"]).remove(true).send()?;
//! assert_eq!(out.stdout_str(), "hello\n");
//!
//! // Run in the background, follow the output, stop it.
//! let c = docker.containers().run("busybox").shell_command("while true; do date; sleep 1; done").detach().send()?;
//! for chunk in c.logs().follow(true).send()?.take(3) {
//!     print!("{}", chunk?);
//! }
//! c.stop().send()?;
//! c.remove().force(true).send()?;
//! # Ok(()) }
//! ```

mod archive;
mod exec;
mod handle;
mod run;

pub use archive::{CopyFrom, CopyTo};
pub use exec::{Exec, ExecRun, ExecStream};
pub use handle::{
    Attach, Container, Kill, LogIter, Logs, Remove, Restart, StatsIter, Stop, Top, Update, Wait,
    WaitForLog,
};
pub use run::{CreateContainer, DetachedRun, Run, RunStream};

use super::Docker;
use crate::error::Result;
use crate::models::ContainerPruneResponse;
use crate::utils::filters::Filters;

/// Generates setters of a blocking builder that forward to the async builder in its `inner` field.
///
/// `$base` is the path of the async builder, used to link each setter's documentation to the async one.
macro_rules! forward_setters {
    ($base:literal; $( fn $name:ident($($arg:ident : $ty:ty),* $(,)?); )*) => {
        $(
            #[doc = concat!("See [`", $base, "::", stringify!($name), "`].")]
            pub fn $name(mut self, $($arg: $ty),*) -> Self {
                self.inner = self.inner.$name($($arg),*);
                self
            }
        )*
    };
}
pub(crate) use forward_setters;

/// The containers of a daemon: `docker.containers()`, the blocking [`crate::containers::Containers`].
#[derive(Debug, Clone)]
pub struct Containers {
    docker: Docker,
}

impl Docker {
    /// The containers of this daemon: run, create, get, list and prune them; see
    /// [`crate::Docker::containers`].
    pub fn containers(&self) -> Containers {
        Containers {
            docker: self.clone(),
        }
    }
}

impl Containers {
    /// Runs a container from `image`: `.send()` creates it, attaches to its output before starting it,
    /// waits for the exit and returns the output; [`Run::detach`] returns the running [`Container`]
    /// instead. See [`crate::containers::Containers::run`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let out = docker.containers().run("busybox").shell_command("echo hi; echo oops >&2").send()?;
    /// assert_eq!((out.stdout_str(), out.stderr_str()), ("hi\n".into(), "oops\n".into()));
    /// # Ok(()) }
    /// ```
    pub fn run(&self, image: impl Into<String>) -> Run {
        Run::new(
            self.docker.clone(),
            self.docker.inner.containers().run(image),
        )
    }

    /// Creates a container without starting it; see [`crate::containers::Containers::create`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let c = docker.containers().create("busybox").name("worker").command(["sleep", "60"]).send()?;
    /// c.start()?;
    /// # Ok(()) }
    /// ```
    pub fn create(&self, image: impl Into<String>) -> CreateContainer {
        CreateContainer::new(
            self.docker.clone(),
            self.docker.inner.containers().create(image),
        )
    }

    /// A container by ID or name (one inspect).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such container.
    pub fn get(&self, id_or_name: &str) -> Result<Container> {
        let inner = self
            .docker
            .block_on(self.docker.inner.containers().get(id_or_name))??;
        Ok(Container::new(self.docker.clone(), inner))
    }

    /// Lists containers (running ones unless [`ListContainers::all`]).
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// for c in docker.containers().list().all(true).filter("label", "app=web").send()? {
    ///     println!("{} {:?} {:?}", c.short_id(), c.name(), c.status());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListContainers {
        ListContainers {
            docker: self.docker.clone(),
            inner: self.docker.inner.containers().list(),
        }
    }

    /// Removes stopped containers.
    pub fn prune(&self) -> PruneContainers {
        PruneContainers {
            docker: self.docker.clone(),
            inner: self.docker.inner.containers().prune(),
        }
    }
}

/// Blocking builder of [`Containers::list`]; see [`crate::containers::ListContainers`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct ListContainers {
    docker: Docker,
    inner: crate::containers::ListContainers,
}

impl ListContainers {
    forward_setters! {
        "crate::containers::ListContainers";
        fn all(all: bool);
        fn limit(limit: i64);
        fn since(container: impl Into<String>);
        fn before(container: impl Into<String>);
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
        fn sparse(sparse: bool);
        fn size(size: bool);
    }

    /// Lists the containers.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn send(self) -> Result<Vec<Container>> {
        let list = self
            .docker
            .block_on(std::future::IntoFuture::into_future(self.inner))??;
        Ok(list
            .into_iter()
            .map(|c| Container::new(self.docker.clone(), c))
            .collect())
    }
}

/// Blocking builder of [`Containers::prune`]; see [`crate::containers::PruneContainers`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct PruneContainers {
    docker: Docker,
    inner: crate::containers::PruneContainers,
}

impl PruneContainers {
    forward_setters! {
        "crate::containers::PruneContainers";
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
    }

    /// Removes the stopped containers that match the filters.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when another prune is running.
    pub fn send(self) -> Result<ContainerPruneResponse> {
        self.docker
            .block_on(std::future::IntoFuture::into_future(self.inner))?
    }
}
