//! Swarm services and tasks: `docker.services()` ([`Services`]), the [`Service`] handle, and
//! `docker.tasks()` ([`Tasks`]).
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! let web = docker
//!     .services()
//!     .create("busybox:latest")
//!     .name("web")
//!     .command(["httpd", "-f", "-p", "8080"])
//!     .label("team", "blue")
//!     .replicas(2)
//!     .await?;
//! web.scale(4).await?;
//! // Only the image changes; name, labels, networks, replicas … are kept.
//! web.update().image("busybox:1.36").await?;
//! web.rollback().await?;
//! let logs = web.logs().tail(10).await?.collect_interleaved().await?;
//! println!("{}", String::from_utf8_lossy(&logs));
//! web.remove().await?;
//! # Ok(()) }
//! ```

mod create;
mod logs;
pub(crate) mod setters;
mod update;

use std::future::IntoFuture;

pub use create::CreateService;
pub use logs::{ListTasks, ServiceLogs, TaskLogs, Tasks};
pub use update::UpdateService;

use crate::api::{ServiceInspectOptions, ServiceListOptions, ServiceLogsOptions, TaskListOptions};
use crate::error::{Error, Result};
use crate::models::{Service as ServiceModel, ServiceSpec as ServiceSpecModel};
use crate::networks::short_id;
use crate::system::BoxFuture;
use crate::types::{ServiceMode, ServiceSpec};
use crate::utils::filters::Filters;
use crate::Docker;

impl Docker {
    /// The services of the swarm this daemon manages.
    pub fn services(&self) -> Services {
        Services {
            docker: self.clone(),
        }
    }
}

/// The collection of swarm services, from [`Docker::services`].
#[derive(Debug, Clone)]
pub struct Services {
    docker: Docker,
}

impl Services {
    /// Creates a service running `image`; set the rest on the builder and await it for the [`Service`]
    /// (created, then inspected).
    pub fn create(&self, image: impl Into<String>) -> CreateService {
        CreateService::new(
            self.docker.clone(),
            ServiceSpec::default().with_container_spec(|c| c.image(image)),
        )
    }

    /// Creates a service from a complete spec; await the builder.
    pub fn create_from_spec(&self, spec: ServiceSpec) -> CreateService {
        CreateService::new(self.docker.clone(), spec)
    }

    /// Gets a service by ID or name; await the builder.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown service, [`Error::Api`] (503) outside a swarm.
    pub fn get(&self, id: impl Into<String>) -> GetService {
        GetService {
            docker: self.docker.clone(),
            id: id.into(),
            opts: ServiceInspectOptions::default(),
        }
    }

    /// Lists services; await the builder.
    pub fn list(&self) -> ListServices {
        ListServices {
            docker: self.docker.clone(),
            opts: ServiceListOptions::default(),
        }
    }
}

/// A swarm service, with the data it was fetched with.
#[derive(Debug, Clone)]
pub struct Service {
    docker: Docker,
    attrs: ServiceModel,
    warnings: Vec<String>,
}

impl Service {
    pub(crate) fn from_attrs(docker: Docker, attrs: ServiceModel) -> Service {
        Service {
            docker,
            attrs,
            warnings: Vec::new(),
        }
    }

    /// The service's ID.
    pub fn id(&self) -> &str {
        self.attrs.id.as_deref().unwrap_or_default()
    }

    /// The first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        short_id(self.id())
    }

    /// The service's name.
    pub fn name(&self) -> &str {
        self.spec()
            .and_then(|s| s.name.as_deref())
            .unwrap_or_default()
    }

    /// The service object's version as of the last fetch.
    pub fn version(&self) -> Option<u64> {
        self.attrs.version.as_ref().and_then(|v| v.index)
    }

    /// The spec as of the last fetch.
    pub fn spec(&self) -> Option<&ServiceSpecModel> {
        self.attrs.spec.as_ref()
    }

    /// The data as of the last fetch.
    pub fn attrs(&self) -> &ServiceModel {
        &self.attrs
    }

    /// The data, consuming the handle.
    pub fn into_attrs(self) -> ServiceModel {
        self.attrs
    }

    /// What the daemon warned about when this handle's service was created (e.g. an image it could not
    /// resolve on a registry).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Whether the tasks run with a TTY, as of the last fetch.
    pub fn tty(&self) -> bool {
        crate::api::task_spec_tty(self.spec().and_then(|s| s.task_template.as_ref()))
    }

    /// Fetches the data again.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the service was removed.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self
            .docker
            .api()
            .service_inspect(self.id(), &ServiceInspectOptions::default())
            .await?;
        Ok(())
    }

    /// Lists the service's tasks; await the builder (more filters can be added).
    pub fn tasks(&self) -> ListTasks {
        ListTasks::new(
            self.docker.clone(),
            TaskListOptions::default().filters(Filters::new().add("service", self.id())),
        )
    }

    /// The logs of all the service's tasks; await the builder for a
    /// [`LogStream`](crate::stream::LogStream). Stdout and stderr by default; TTY or not comes from
    /// the handle's data.
    pub fn logs(&self) -> ServiceLogs {
        let mut opts = ServiceLogsOptions::all_output();
        opts.tty = Some(self.tty());
        ServiceLogs::new(self.docker.clone(), self.id().to_string(), opts)
    }

    /// Changes the service; await the builder. The current spec and version are read from the daemon
    /// first and only what is set on the builder changes (see [`UpdateService`]). The handle's data is
    /// not refreshed: call [`reload`](Self::reload).
    pub fn update(&self) -> UpdateService {
        UpdateService::new(self.docker.clone(), self.id().to_string())
    }

    /// Sets the number of replicas, keeping the rest of the spec.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the service is not in replicated mode (global or a job).
    pub async fn scale(&self, replicas: u64) -> Result<Vec<String>> {
        let current = self
            .docker
            .api()
            .service_inspect(self.id(), &ServiceInspectOptions::default())
            .await?;
        let mode = current.spec.as_ref().and_then(|s| s.mode.as_ref());
        let replicated = mode.is_none_or(|m| {
            m.global.is_none() && m.replicated_job.is_none() && m.global_job.is_none()
        });
        if !replicated {
            return Err(Error::invalid(format!(
                "service {} is not in replicated mode, so it cannot be scaled",
                self.name()
            )));
        }
        self.update().mode(ServiceMode::replicated(replicas)).await
    }

    /// Redeploys every task without changing the spec (bumps `ForceUpdate`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the service was removed.
    pub async fn force_update(&self) -> Result<Vec<String>> {
        self.update().force_update(true).await
    }

    /// Rolls the service back to its previous spec (the daemon keeps it).
    ///
    /// # Errors
    /// [`Error::Api`] when there is no previous spec to roll back to.
    pub async fn rollback(&self) -> Result<Vec<String>> {
        self.update().rollback(true).await
    }

    /// Removes the service (its tasks are stopped).
    ///
    /// # Errors
    /// [`Error::NotFound`] when it is already gone.
    pub async fn remove(&self) -> Result<()> {
        self.docker.api().service_delete(self.id()).await
    }
}

/// Builder of [`Services::get`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct GetService {
    docker: Docker,
    id: String,
    opts: ServiceInspectOptions,
}

impl GetService {
    /// Fill in the defaults of unset spec fields.
    pub fn insert_defaults(mut self, insert: bool) -> Self {
        self.opts.insert_defaults = insert;
        self
    }
}

impl IntoFuture for GetService {
    type Output = Result<Service>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let attrs = self
                .docker
                .api()
                .service_inspect(&self.id, &self.opts)
                .await?;
            Ok(Service::from_attrs(self.docker, attrs))
        })
    }
}

/// Builder of [`Services::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListServices {
    docker: Docker,
    opts: ServiceListOptions,
}

impl ListServices {
    /// Adds a filter: `id`, `label`, `mode`, `name`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces the filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }

    /// Include running/desired/completed task counts (`ServiceStatus`).
    pub fn status(mut self, status: bool) -> Self {
        self.opts.status = Some(status);
        self
    }
}

impl IntoFuture for ListServices {
    type Output = Result<Vec<Service>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let list = self.docker.api().service_list(&self.opts).await?;
            Ok(list
                .into_iter()
                .map(|attrs| Service::from_attrs(self.docker.clone(), attrs))
                .collect())
        })
    }
}
