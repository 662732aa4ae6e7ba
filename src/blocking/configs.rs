//! Blocking mirror of [`crate::configs`].

use super::mirror::blocking_builder;
use super::Docker;
use crate::error::Result;
use crate::models::Config as ConfigModel;
use crate::types::services::{ConfigReference, DriverConfig};
use crate::utils::filters::Filters;

impl Docker {
    /// The configs of the swarm; see [`crate::Docker::configs`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let config = docker.configs().create("app.conf", b"x = 1".to_vec()).send()?;
    /// assert_eq!(config.data()?, b"x = 1");
    /// config.remove()?;
    /// # Ok(()) }
    /// ```
    pub fn configs(&self) -> Configs {
        Configs {
            docker: self.clone(),
            inner: self.inner.configs(),
        }
    }
}

/// Blocking mirror of [`crate::configs::Configs`].
#[derive(Debug, Clone)]
pub struct Configs {
    docker: Docker,
    inner: crate::configs::Configs,
}

impl Configs {
    /// See [`crate::configs::Configs::create`].
    pub fn create(
        &self,
        name: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> BlockingCreateConfig {
        BlockingCreateConfig::new(self.docker.clone(), self.inner.create(name, data))
    }

    /// See [`crate::configs::Configs::get`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown config.
    pub fn get(&self, id: &str) -> Result<Config> {
        let inner = self.docker.block_on(self.inner.get(id))??;
        Ok(Config {
            docker: self.docker.clone(),
            inner,
        })
    }

    /// See [`crate::configs::Configs::list`].
    pub fn list(&self) -> BlockingListConfigs {
        BlockingListConfigs::new(self.docker.clone(), self.inner.list())
    }
}

/// Blocking mirror of [`crate::configs::Config`].
#[derive(Debug, Clone)]
pub struct Config {
    docker: Docker,
    inner: crate::configs::Config,
}

impl Config {
    /// The async handle inside.
    pub fn as_async(&self) -> &crate::configs::Config {
        &self.inner
    }

    /// See [`crate::configs::Config::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::configs::Config::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::configs::Config::name`].
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// See [`crate::configs::Config::version`].
    pub fn version(&self) -> Option<u64> {
        self.inner.version()
    }

    /// See [`crate::configs::Config::attrs`].
    pub fn attrs(&self) -> &ConfigModel {
        self.inner.attrs()
    }

    /// See [`crate::configs::Config::data`].
    ///
    /// # Errors
    /// [`crate::Error::Protocol`] when the daemon's data is not base64.
    pub fn data(&self) -> Result<Vec<u8>> {
        self.inner.data()
    }

    /// See [`crate::configs::Config::reference`].
    pub fn reference(&self) -> ConfigReference {
        self.inner.reference()
    }

    /// See [`crate::configs::Config::reload`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the config was removed.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::configs::Config::set_labels`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the config was removed.
    pub fn set_labels(
        &mut self,
        labels: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
    ) -> Result<()> {
        self.docker.block_on(self.inner.set_labels(labels))?
    }

    /// See [`crate::configs::Config::remove`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when it is already gone.
    pub fn remove(&self) -> Result<()> {
        self.docker.block_on(self.inner.remove())?
    }
}

blocking_builder! {
    /// Blocking builder of [`Configs::create`].
    BlockingCreateConfig wraps crate::configs::CreateConfig => Config, |docker, inner| Config { docker, inner };
    {
        fn label(key: impl Into<String>, value: impl Into<String>);
        fn labels(labels: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>);
        fn templating(driver: DriverConfig);
    }
}

blocking_builder! {
    /// Blocking builder of [`Configs::list`].
    BlockingListConfigs wraps crate::configs::ListConfigs => Vec<Config>,
        |docker, list| list.into_iter().map(|inner| Config { docker: docker.clone(), inner }).collect();
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
    }
}
