//! Blocking mirror of [`crate::services`].

use super::mirror::blocking_builder;
use super::{BlockingStream, Docker};
use crate::config::AuthConfig;
use crate::error::Result;
use crate::models::{Service as ServiceModel, ServiceSpec as ServiceSpecModel, Task};
use crate::services::setters::{blocking_spec_setter, service_spec_setters};
use crate::stream::LogStream;
use crate::types::ServiceSpec;
use crate::utils::duration::Timestamp;
use crate::utils::filters::Filters;

impl Docker {
    /// The services of the swarm; see [`crate::Docker::services`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let svc = docker.services().create("busybox").name("sleeper").command(["sleep", "1d"]).replicas(2).send()?;
    /// svc.scale(3)?;
    /// svc.update().env_var("MODE", "prod").send()?;
    /// for chunk in svc.logs().tail(10).send()? {
    ///     print!("{}", String::from_utf8_lossy(chunk?.as_bytes()));
    /// }
    /// svc.remove()?;
    /// # Ok(()) }
    /// ```
    pub fn services(&self) -> Services {
        Services {
            docker: self.clone(),
            inner: self.inner.services(),
        }
    }

    /// The tasks of the swarm; see [`crate::Docker::tasks`].
    pub fn tasks(&self) -> Tasks {
        Tasks {
            docker: self.clone(),
            inner: self.inner.tasks(),
        }
    }
}

/// Blocking mirror of [`crate::services::Services`].
#[derive(Debug, Clone)]
pub struct Services {
    docker: Docker,
    inner: crate::services::Services,
}

impl Services {
    /// See [`crate::services::Services::create`].
    pub fn create(&self, image: impl Into<String>) -> BlockingCreateService {
        BlockingCreateService::new(self.docker.clone(), self.inner.create(image))
    }

    /// See [`crate::services::Services::create_from_spec`].
    pub fn create_from_spec(&self, spec: ServiceSpec) -> BlockingCreateService {
        BlockingCreateService::new(self.docker.clone(), self.inner.create_from_spec(spec))
    }

    /// See [`crate::services::Services::get`].
    pub fn get(&self, id: impl Into<String>) -> BlockingGetService {
        BlockingGetService::new(self.docker.clone(), self.inner.get(id))
    }

    /// See [`crate::services::Services::list`].
    pub fn list(&self) -> BlockingListServices {
        BlockingListServices::new(self.docker.clone(), self.inner.list())
    }
}

/// Blocking mirror of [`crate::services::Service`].
#[derive(Debug, Clone)]
pub struct Service {
    docker: Docker,
    inner: crate::services::Service,
}

impl Service {
    fn wrap(docker: Docker, inner: crate::services::Service) -> Service {
        Service { docker, inner }
    }

    /// The async handle inside.
    pub fn as_async(&self) -> &crate::services::Service {
        &self.inner
    }

    /// See [`crate::services::Service::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::services::Service::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::services::Service::name`].
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// See [`crate::services::Service::version`].
    pub fn version(&self) -> Option<u64> {
        self.inner.version()
    }

    /// See [`crate::services::Service::spec`].
    pub fn spec(&self) -> Option<&ServiceSpecModel> {
        self.inner.spec()
    }

    /// See [`crate::services::Service::attrs`].
    pub fn attrs(&self) -> &ServiceModel {
        self.inner.attrs()
    }

    /// See [`crate::services::Service::warnings`].
    pub fn warnings(&self) -> &[String] {
        self.inner.warnings()
    }

    /// See [`crate::services::Service::tty`].
    pub fn tty(&self) -> bool {
        self.inner.tty()
    }

    /// See [`crate::services::Service::reload`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the service was removed.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::services::Service::tasks`].
    pub fn tasks(&self) -> BlockingListTasks {
        BlockingListTasks::new(self.docker.clone(), self.inner.tasks())
    }

    /// See [`crate::services::Service::logs`].
    pub fn logs(&self) -> BlockingServiceLogs {
        BlockingServiceLogs::new(self.docker.clone(), self.inner.logs())
    }

    /// See [`crate::services::Service::update`].
    pub fn update(&self) -> BlockingUpdateService {
        BlockingUpdateService::new(self.docker.clone(), self.inner.update())
    }

    /// See [`crate::services::Service::scale`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when the service is not replicated.
    pub fn scale(&self, replicas: u64) -> Result<Vec<String>> {
        self.docker.block_on(self.inner.scale(replicas))?
    }

    /// See [`crate::services::Service::force_update`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the service was removed.
    pub fn force_update(&self) -> Result<Vec<String>> {
        self.docker.block_on(self.inner.force_update())?
    }

    /// See [`crate::services::Service::rollback`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] when there is no previous spec.
    pub fn rollback(&self) -> Result<Vec<String>> {
        self.docker.block_on(self.inner.rollback())?
    }

    /// See [`crate::services::Service::remove`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when it is already gone.
    pub fn remove(&self) -> Result<()> {
        self.docker.block_on(self.inner.remove())?
    }
}

blocking_builder! {
    /// Blocking builder of [`Services::create`].
    BlockingCreateService wraps crate::services::CreateService => Service, |docker, inner| Service::wrap(docker, inner);
    {
        fn auth(auth: AuthConfig);
    }
}

impl BlockingCreateService {
    service_spec_setters!(blocking_spec_setter);
}

blocking_builder! {
    /// Blocking builder of [`Service::update`]; `.send()` returns the daemon's warnings.
    BlockingUpdateService wraps crate::services::UpdateService => Vec<String>, |_docker, warnings| warnings;
    {
        fn force_update(force: bool);
        fn rollback(rollback: bool);
        fn auth(auth: AuthConfig);
        fn registry_auth_from(from: impl Into<String>);
    }
}

impl BlockingUpdateService {
    service_spec_setters!(blocking_spec_setter);
}

blocking_builder! {
    /// Blocking builder of [`Services::get`].
    BlockingGetService wraps crate::services::GetService => Service, |docker, inner| Service::wrap(docker, inner);
    {
        fn insert_defaults(insert: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Services::list`].
    BlockingListServices wraps crate::services::ListServices => Vec<Service>,
        |docker, list| list.into_iter().map(|s| Service::wrap(docker.clone(), s)).collect();
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
        fn status(status: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Service::logs`]; `.send()` returns the output as an iterator.
    BlockingServiceLogs wraps crate::services::ServiceLogs => BlockingStream<LogStream>,
        |docker, stream| BlockingStream::new(docker.inner.clone(), stream);
    {
        fn details(details: bool);
        fn follow(follow: bool);
        fn stdout(stdout: bool);
        fn stderr(stderr: bool);
        fn since(since: impl Into<Timestamp>);
        fn timestamps(timestamps: bool);
        fn tail(lines: u64);
        fn tty(tty: bool);
    }
}

/// Blocking mirror of [`crate::services::Tasks`].
#[derive(Debug, Clone)]
pub struct Tasks {
    docker: Docker,
    inner: crate::services::Tasks,
}

impl Tasks {
    /// See [`crate::services::Tasks::list`].
    pub fn list(&self) -> BlockingListTasks {
        BlockingListTasks::new(self.docker.clone(), self.inner.list())
    }

    /// See [`crate::services::Tasks::get`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown task.
    pub fn get(&self, id: &str) -> Result<Task> {
        self.docker.block_on(self.inner.get(id))?
    }

    /// See [`crate::services::Tasks::logs`].
    pub fn logs(&self, id: impl Into<String>) -> BlockingTaskLogs {
        BlockingTaskLogs::new(self.docker.clone(), self.inner.logs(id))
    }
}

blocking_builder! {
    /// Blocking builder of [`Tasks::list`] and [`Service::tasks`].
    BlockingListTasks wraps crate::services::ListTasks => Vec<Task>, |_docker, tasks| tasks;
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
        fn desired_state(state: impl std::fmt::Display);
    }
}

blocking_builder! {
    /// Blocking builder of [`Tasks::logs`]; `.send()` returns the output as an iterator.
    BlockingTaskLogs wraps crate::services::TaskLogs => BlockingStream<LogStream>,
        |docker, stream| BlockingStream::new(docker.inner.clone(), stream);
    {
        fn details(details: bool);
        fn follow(follow: bool);
        fn stdout(stdout: bool);
        fn stderr(stderr: bool);
        fn since(since: impl Into<Timestamp>);
        fn timestamps(timestamps: bool);
        fn tail(lines: u64);
        fn tty(tty: bool);
    }
}
