//! Blocking mirror of [`crate::plugins`].

use std::io;
use std::path::PathBuf;

use bytes::Bytes;
use futures_core::Stream;

use super::mirror::blocking_builder;
use super::{BlockingStream, Docker};
use crate::config::AuthConfig;
use crate::error::Result;
use crate::models::{
    CreateImageInfo, Plugin as PluginModel, PluginPrivilege, PluginSettings, PushImageInfo,
};
use crate::stream::JsonStream;
use crate::utils::filters::Filters;

impl Docker {
    /// The managed plugins of the daemon; see [`crate::Docker::plugins`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let plugin = docker.plugins().create("my/plugin").from_dir("./plugin-dir").send()?;
    /// plugin.configure(["DEBUG=1"])?;
    /// plugin.remove().send()?;
    /// # Ok(()) }
    /// ```
    pub fn plugins(&self) -> Plugins {
        Plugins {
            docker: self.clone(),
            inner: self.inner.plugins(),
        }
    }
}

/// Blocking mirror of [`crate::plugins::Plugins`].
#[derive(Debug, Clone)]
pub struct Plugins {
    docker: Docker,
    inner: crate::plugins::Plugins,
}

impl Plugins {
    /// See [`crate::plugins::Plugins::install`].
    pub fn install(&self, remote: impl Into<String>) -> BlockingInstallPlugin {
        BlockingInstallPlugin::new(self.docker.clone(), self.inner.install(remote))
    }

    /// See [`crate::plugins::Plugins::create`].
    pub fn create(&self, name: impl Into<String>) -> BlockingCreatePlugin {
        BlockingCreatePlugin {
            docker: self.docker.clone(),
            inner: self.inner.create(name),
        }
    }

    /// See [`crate::plugins::Plugins::get`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when there is no such plugin.
    pub fn get(&self, name: &str) -> Result<Plugin> {
        let inner = self.docker.block_on(self.inner.get(name))??;
        Ok(Plugin {
            docker: self.docker.clone(),
            inner,
        })
    }

    /// See [`crate::plugins::Plugins::list`].
    pub fn list(&self) -> BlockingListPlugins {
        BlockingListPlugins::new(self.docker.clone(), self.inner.list())
    }

    /// See [`crate::plugins::Plugins::privileges`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] when the registry cannot be reached or has no such plugin.
    pub fn privileges(
        &self,
        remote: &str,
        auth: Option<&AuthConfig>,
    ) -> Result<Vec<PluginPrivilege>> {
        self.docker.block_on(self.inner.privileges(remote, auth))?
    }
}

/// Blocking mirror of [`crate::plugins::Plugin`].
#[derive(Debug, Clone)]
pub struct Plugin {
    docker: Docker,
    inner: crate::plugins::Plugin,
}

impl Plugin {
    /// The async handle inside.
    pub fn as_async(&self) -> &crate::plugins::Plugin {
        &self.inner
    }

    /// See [`crate::plugins::Plugin::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::plugins::Plugin::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::plugins::Plugin::name`].
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// See [`crate::plugins::Plugin::enabled`].
    pub fn enabled(&self) -> bool {
        self.inner.enabled()
    }

    /// See [`crate::plugins::Plugin::settings`].
    pub fn settings(&self) -> Option<&PluginSettings> {
        self.inner.settings()
    }

    /// See [`crate::plugins::Plugin::attrs`].
    pub fn attrs(&self) -> &PluginModel {
        self.inner.attrs()
    }

    /// See [`crate::plugins::Plugin::reload`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the plugin was removed.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::plugins::Plugin::configure`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] while the plugin is enabled.
    pub fn configure(&self, settings: impl IntoIterator<Item = impl Into<String>>) -> Result<()> {
        self.docker.block_on(self.inner.configure(settings))?
    }

    /// See [`crate::plugins::Plugin::enable`].
    pub fn enable(&self) -> BlockingEnablePlugin {
        BlockingEnablePlugin::new(self.docker.clone(), self.inner.enable())
    }

    /// See [`crate::plugins::Plugin::disable`].
    pub fn disable(&self) -> BlockingDisablePlugin {
        BlockingDisablePlugin::new(self.docker.clone(), self.inner.disable())
    }

    /// See [`crate::plugins::Plugin::push`].
    pub fn push(&self) -> BlockingPushPlugin {
        BlockingPushPlugin::new(self.docker.clone(), self.inner.push())
    }

    /// See [`crate::plugins::Plugin::upgrade`].
    pub fn upgrade(&self, remote: impl Into<String>) -> BlockingUpgradePlugin {
        BlockingUpgradePlugin::new(self.docker.clone(), self.inner.upgrade(remote))
    }

    /// See [`crate::plugins::Plugin::remove`].
    pub fn remove(&self) -> BlockingRemovePlugin {
        BlockingRemovePlugin::new(self.docker.clone(), self.inner.remove())
    }
}

/// Blocking mirror of [`crate::plugins::CreatePlugin`]: pick the source.
#[derive(Debug, Clone)]
#[must_use = "pick a source with from_dir or from_tar_bytes, then call .send()"]
pub struct BlockingCreatePlugin {
    docker: Docker,
    inner: crate::plugins::CreatePlugin,
}

impl BlockingCreatePlugin {
    /// See [`crate::plugins::CreatePlugin::from_dir`].
    pub fn from_dir(self, dir: impl Into<PathBuf>) -> BlockingCreatePluginFrom {
        BlockingCreatePluginFrom::new(self.docker, self.inner.from_dir(dir))
    }

    /// See [`crate::plugins::CreatePlugin::from_tar_bytes`].
    pub fn from_tar_bytes(self, tar: impl Into<Bytes>) -> BlockingCreatePluginFrom {
        BlockingCreatePluginFrom::new(self.docker, self.inner.from_tar_bytes(tar))
    }

    /// See [`crate::plugins::CreatePlugin::from_tar`].
    pub fn from_tar<S>(self, tar: S) -> BlockingCreatePluginFrom
    where
        S: Stream<Item = io::Result<Bytes>> + Send + 'static,
    {
        BlockingCreatePluginFrom::new(self.docker, self.inner.from_tar(tar))
    }
}

blocking_builder! {
    /// Blocking mirror of [`crate::plugins::CreatePluginFrom`].
    BlockingCreatePluginFrom wraps crate::plugins::CreatePluginFrom => Plugin, |docker, inner| Plugin { docker, inner };
    {}
}

blocking_builder! {
    /// Blocking builder of [`Plugins::install`].
    BlockingInstallPlugin wraps crate::plugins::InstallPlugin => Plugin, |docker, inner| Plugin { docker, inner };
    {
        fn alias(name: impl Into<String>);
        fn privileges(privileges: Vec<PluginPrivilege>);
        fn auth(auth: AuthConfig);
        fn enable(enable: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Plugins::list`].
    BlockingListPlugins wraps crate::plugins::ListPlugins => Vec<Plugin>,
        |docker, list| list.into_iter().map(|inner| Plugin { docker: docker.clone(), inner }).collect();
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
    }
}

blocking_builder! {
    /// Blocking builder of [`Plugin::enable`].
    BlockingEnablePlugin wraps crate::plugins::EnablePlugin => (), |_docker, done| done;
    {
        fn timeout(seconds: u64);
    }
}

blocking_builder! {
    /// Blocking builder of [`Plugin::disable`].
    BlockingDisablePlugin wraps crate::plugins::DisablePlugin => (), |_docker, done| done;
    {
        fn force(force: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Plugin::remove`].
    BlockingRemovePlugin wraps crate::plugins::RemovePlugin => (), |_docker, done| done;
    {
        fn force(force: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Plugin::push`]; `.send()` returns the progress as an iterator.
    BlockingPushPlugin wraps crate::plugins::PushPlugin => BlockingStream<JsonStream<PushImageInfo>>,
        |docker, stream| BlockingStream::new(docker.inner.clone(), stream);
    {
        fn auth(auth: AuthConfig);
    }
}

blocking_builder! {
    /// Blocking builder of [`Plugin::upgrade`]; `.send()` returns the progress as an iterator.
    BlockingUpgradePlugin wraps crate::plugins::UpgradePlugin => BlockingStream<JsonStream<CreateImageInfo>>,
        |docker, stream| BlockingStream::new(docker.inner.clone(), stream);
    {
        fn privileges(privileges: Vec<PluginPrivilege>);
        fn auth(auth: AuthConfig);
    }
}
