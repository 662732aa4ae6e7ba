//! Containers, high level: `docker.containers()` and the [`Container`] handle.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! // Run to completion and get the output (a non-zero exit is Error::ContainerFailed).
//! let out = docker.containers().run("busybox").command(["echo", "hello"]).remove(true).await?;
//! assert_eq!(out.stdout_str(), "hello\n");
//!
//! // Run in the background and work with the handle.
//! let web = docker.containers().run("busybox").command(["httpd", "-f"]).port(80, 8080u16).detach().await?;
//! println!("{} is {:?}", web.short_id(), web.status());
//! web.stop().await?;
//! web.remove().force(true).await?;
//! # Ok(()) }
//! ```

mod archive;
mod exec;
mod handle;
mod list;
mod run;
pub(crate) mod spec;
mod wait;

pub use archive::{ArchiveEntry, CopyFrom, CopyTo};
pub use exec::{Exec, ExecOutput, ExecRun, ExecStream};
pub use handle::{Attach, Container, Kill, Logs, Remove, Restart, Stop, Top, Update};
pub use list::{ListContainers, PruneContainers};
pub use run::{CreateContainer, DetachedRun, Run, RunOutput, RunStream};
pub use spec::ContainerSpec;
pub use wait::{ExitStatus, Wait, WaitForLog};

use crate::api::ContainerInspectOptions;
use crate::error::Result;
use crate::Docker;

/// The containers of a daemon: `docker.containers()`.
#[derive(Debug, Clone)]
pub struct Containers {
    docker: Docker,
}

impl Docker {
    /// The containers of this daemon: run, create, get, list and prune them.
    pub fn containers(&self) -> Containers {
        Containers {
            docker: self.clone(),
        }
    }
}

impl Containers {
    /// Runs a container from `image`. Awaiting the builder creates the container, attaches to its output
    /// **before** starting it (so nothing a short-lived process prints is lost), waits for it to exit and
    /// returns its output; [`Run::detach`] returns the running [`Container`] instead.
    ///
    /// A missing image is pulled once and the create is retried. A non-zero exit code is
    /// [`Error::ContainerFailed`](crate::Error::ContainerFailed) carrying the exit code and stderr.
    pub fn run(&self, image: impl Into<String>) -> Run {
        Run::new(self.docker.clone(), image.into())
    }

    /// Creates a container without starting it.
    pub fn create(&self, image: impl Into<String>) -> CreateContainer {
        CreateContainer::new(self.docker.clone(), image.into())
    }

    /// A container by ID or name (one inspect).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such container.
    pub async fn get(&self, id_or_name: &str) -> Result<Container> {
        let attrs = self
            .docker
            .api()
            .container_inspect(id_or_name, &ContainerInspectOptions::default())
            .await?;
        Ok(Container::from_inspect(self.docker.clone(), attrs))
    }

    /// Lists containers (running ones unless [`ListContainers::all`]).
    pub fn list(&self) -> ListContainers {
        ListContainers::new(self.docker.clone())
    }

    /// Removes stopped containers.
    pub fn prune(&self) -> PruneContainers {
        PruneContainers::new(self.docker.clone())
    }
}
