//! Blocking mirror of [`crate::volumes`].

use super::mirror::blocking_builder;
use super::Docker;
use crate::error::Result;
use crate::models::{ClusterVolumeSpec, Volume as VolumeModel, VolumePruneResponse};
use crate::utils::filters::Filters;

impl Docker {
    /// The volumes of the daemon; see [`crate::Docker::volumes`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let vol = docker.volumes().create().name("data").label("app", "db").send()?;
    /// vol.remove().force(true).send()?;
    /// # Ok(()) }
    /// ```
    pub fn volumes(&self) -> Volumes {
        Volumes {
            docker: self.clone(),
            inner: self.inner.volumes(),
        }
    }
}

/// Blocking mirror of [`crate::volumes::Volumes`].
#[derive(Debug, Clone)]
pub struct Volumes {
    docker: Docker,
    inner: crate::volumes::Volumes,
}

impl Volumes {
    /// See [`crate::volumes::Volumes::create`].
    pub fn create(&self) -> BlockingCreateVolume {
        BlockingCreateVolume::new(self.docker.clone(), self.inner.create())
    }

    /// See [`crate::volumes::Volumes::get`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when there is no such volume.
    pub fn get(&self, name: &str) -> Result<Volume> {
        let inner = self.docker.block_on(self.inner.get(name))??;
        Ok(Volume {
            docker: self.docker.clone(),
            inner,
        })
    }

    /// See [`crate::volumes::Volumes::list`].
    pub fn list(&self) -> BlockingListVolumes {
        BlockingListVolumes::new(self.docker.clone(), self.inner.list())
    }

    /// See [`crate::volumes::Volumes::prune`].
    pub fn prune(&self) -> BlockingPruneVolumes {
        BlockingPruneVolumes::new(self.docker.clone(), self.inner.prune())
    }
}

/// Blocking mirror of [`crate::volumes::Volume`].
#[derive(Debug, Clone)]
pub struct Volume {
    docker: Docker,
    inner: crate::volumes::Volume,
}

impl Volume {
    /// The async handle inside.
    pub fn as_async(&self) -> &crate::volumes::Volume {
        &self.inner
    }

    /// See [`crate::volumes::Volume::name`].
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// See [`crate::volumes::Volume::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::volumes::Volume::attrs`].
    pub fn attrs(&self) -> &VolumeModel {
        self.inner.attrs()
    }

    /// See [`crate::volumes::Volume::reload`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the volume was removed.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::volumes::Volume::remove`].
    pub fn remove(&self) -> BlockingRemoveVolume {
        BlockingRemoveVolume::new(self.docker.clone(), self.inner.remove())
    }

    /// See [`crate::volumes::Volume::update`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for a local volume.
    pub fn update(&mut self, spec: ClusterVolumeSpec) -> Result<()> {
        self.docker.block_on(self.inner.update(spec))?
    }
}

blocking_builder! {
    /// Blocking builder of [`Volumes::create`].
    BlockingCreateVolume wraps crate::volumes::CreateVolume => Volume, |docker, inner| Volume { docker, inner };
    {
        fn name(name: impl Into<String>);
        fn driver(driver: impl Into<String>);
        fn driver_opt(key: impl Into<String>, value: impl Into<String>);
        fn driver_opts(opts: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>);
        fn label(key: impl Into<String>, value: impl Into<String>);
        fn labels(labels: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>);
        fn cluster_volume_spec(spec: ClusterVolumeSpec);
    }
}

blocking_builder! {
    /// Blocking builder of [`Volumes::list`].
    BlockingListVolumes wraps crate::volumes::ListVolumes => Vec<Volume>,
        |docker, list| list.into_iter().map(|inner| Volume { docker: docker.clone(), inner }).collect();
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
    }
}

blocking_builder! {
    /// Blocking builder of [`Volumes::prune`].
    BlockingPruneVolumes wraps crate::volumes::PruneVolumes => VolumePruneResponse, |_docker, report| report;
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
        fn all(all: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Volume::remove`].
    BlockingRemoveVolume wraps crate::volumes::RemoveVolume => (), |_docker, done| done;
    {
        fn force(force: bool);
    }
}
