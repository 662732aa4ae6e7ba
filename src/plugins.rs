//! Managed plugins: `docker.plugins()` ([`Plugins`]) and the [`Plugin`] handle.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! // Build a plugin from a directory holding config.json and rootfs/:
//! let plugin = docker.plugins().create("my/plugin:latest").from_dir("./plugin-dir").await?;
//! plugin.configure(["DEBUG=1"]).await?;
//! plugin.enable().timeout(10).await?;
//! plugin.disable().await?;
//! plugin.remove().await?;
//! // Or install one from a registry, granting the privileges it asks for:
//! let sshfs = docker.plugins().install("vieux/sshfs:latest").await?;
//! println!("{} enabled: {}", sshfs.name(), sshfs.enabled());
//! # Ok(()) }
//! ```

use std::future::IntoFuture;
use std::io::{self, Write};
use std::path::PathBuf;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt;

use crate::api::{
    PluginDeleteOptions, PluginDisableOptions, PluginEnableOptions, PluginListOptions,
    PluginPullOptions, PluginUpgradeOptions,
};
use crate::config::AuthConfig;
use crate::error::{Error, Result};
use crate::models::{
    CreateImageInfo, Plugin as PluginModel, PluginPrivilege, PluginSettings, PushImageInfo,
};
use crate::networks::short_id;
use crate::stream::JsonStream;
use crate::system::BoxFuture;
use crate::utils::filters::Filters;
use crate::Docker;

impl Docker {
    /// The managed plugins of the daemon: install, create, get and list.
    pub fn plugins(&self) -> Plugins {
        Plugins {
            docker: self.clone(),
        }
    }
}

/// The collection of plugins, from [`Docker::plugins`].
#[derive(Debug, Clone)]
pub struct Plugins {
    docker: Docker,
}

impl Plugins {
    /// Installs a plugin from a registry; await the builder for the (disabled unless
    /// [`InstallPlugin::enable`]d) [`Plugin`]. Unless [`InstallPlugin::privileges`] is set, every
    /// privilege the plugin asks for is granted, as `docker plugin install --grant-all-permissions`
    /// does.
    pub fn install(&self, remote: impl Into<String>) -> InstallPlugin {
        InstallPlugin {
            docker: self.docker.clone(),
            opts: PluginPullOptions::new(remote),
            privileges: None,
            enable: false,
        }
    }

    /// Creates a plugin called `name` from a `config.json` and a `rootfs/` directory; choose the source
    /// on the builder ([`CreatePlugin::from_dir`], [`CreatePlugin::from_tar`]) and await it.
    pub fn create(&self, name: impl Into<String>) -> CreatePlugin {
        CreatePlugin {
            docker: self.docker.clone(),
            name: name.into(),
        }
    }

    /// Gets an installed plugin by name or ID.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such plugin.
    pub async fn get(&self, name: &str) -> Result<Plugin> {
        let attrs = self.docker.api().plugin_inspect(name).await?;
        Ok(Plugin {
            docker: self.docker.clone(),
            attrs,
        })
    }

    /// Lists installed plugins; await the builder.
    pub fn list(&self) -> ListPlugins {
        ListPlugins {
            docker: self.docker.clone(),
            opts: PluginListOptions::default(),
        }
    }

    /// The privileges a plugin on a registry asks for.
    ///
    /// # Errors
    /// [`Error::Api`] when the registry cannot be reached or has no such plugin.
    pub async fn privileges(
        &self,
        remote: &str,
        auth: Option<&AuthConfig>,
    ) -> Result<Vec<PluginPrivilege>> {
        self.docker.api().get_plugin_privileges(remote, auth).await
    }
}

/// An installed plugin, with the data it was fetched with. Calls that change the plugin do not refresh
/// this data: call [`reload`](Self::reload).
#[derive(Debug, Clone)]
pub struct Plugin {
    docker: Docker,
    attrs: PluginModel,
}

impl Plugin {
    /// The plugin's ID.
    pub fn id(&self) -> &str {
        self.attrs.id.as_deref().unwrap_or_default()
    }

    /// The first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        short_id(self.id())
    }

    /// The plugin's name (`user/name:tag`).
    pub fn name(&self) -> &str {
        self.attrs.name.as_deref().unwrap_or_default()
    }

    /// Whether it was enabled at the last fetch.
    pub fn enabled(&self) -> bool {
        self.attrs.enabled.unwrap_or(false)
    }

    /// Its settings (env, args, mounts, devices) at the last fetch.
    pub fn settings(&self) -> Option<&PluginSettings> {
        self.attrs.settings.as_ref()
    }

    /// The data as of the last fetch.
    pub fn attrs(&self) -> &PluginModel {
        &self.attrs
    }

    /// Fetches the data again.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the plugin was removed.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self.docker.api().plugin_inspect(self.id()).await?;
        Ok(())
    }

    /// Changes settings of the disabled plugin: `KEY=value` for env variables, `mount.source=/path`,
    /// `device.path=/dev/x`, `args=a b`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a setting without `=`, [`Error::Api`] while the plugin is enabled
    /// or when the setting is not settable.
    pub async fn configure<I, S>(&self, settings: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let settings: Vec<String> = settings.into_iter().map(Into::into).collect();
        self.docker.api().plugin_set(self.id(), &settings).await
    }

    /// Enables (starts) the plugin; await the builder.
    pub fn enable(&self) -> EnablePlugin {
        EnablePlugin {
            docker: self.docker.clone(),
            name: self.id().to_string(),
            opts: PluginEnableOptions::default(),
        }
    }

    /// Disables (stops) the plugin; await the builder.
    pub fn disable(&self) -> DisablePlugin {
        DisablePlugin {
            docker: self.docker.clone(),
            name: self.id().to_string(),
            opts: PluginDisableOptions::default(),
        }
    }

    /// Pushes the plugin to its registry; await the builder for the progress stream.
    pub fn push(&self) -> PushPlugin {
        PushPlugin {
            docker: self.docker.clone(),
            name: self.name().to_string(),
            auth: None,
        }
    }

    /// Upgrades the disabled plugin to `remote`; await the builder for the progress stream. Unless
    /// [`UpgradePlugin::privileges`] is set, the privileges the new version asks for are granted.
    pub fn upgrade(&self, remote: impl Into<String>) -> UpgradePlugin {
        UpgradePlugin {
            docker: self.docker.clone(),
            name: self.name().to_string(),
            opts: PluginUpgradeOptions::new(remote),
            privileges: None,
        }
    }

    /// Removes the plugin; await the builder.
    pub fn remove(&self) -> RemovePlugin {
        RemovePlugin {
            docker: self.docker.clone(),
            name: self.id().to_string(),
            opts: PluginDeleteOptions::default(),
        }
    }
}

/// Builder of [`Plugins::install`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct InstallPlugin {
    docker: Docker,
    opts: PluginPullOptions,
    privileges: Option<Vec<PluginPrivilege>>,
    enable: bool,
}

impl InstallPlugin {
    /// Install under this local name instead of the remote reference.
    pub fn alias(mut self, name: impl Into<String>) -> Self {
        self.opts.name = Some(name.into());
        self
    }

    /// Grant exactly these privileges (the daemon refuses if they differ from what the plugin asks).
    pub fn privileges(mut self, privileges: Vec<PluginPrivilege>) -> Self {
        self.privileges = Some(privileges);
        self
    }

    /// Registry credentials, sent as `X-Registry-Auth` (never logged).
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.opts.auth = Some(auth);
        self
    }

    /// Enable the plugin once installed.
    pub fn enable(mut self, enable: bool) -> Self {
        self.enable = enable;
        self
    }

    async fn run(mut self) -> Result<Plugin> {
        let api = self.docker.api();
        self.opts.privileges = match self.privileges.take() {
            Some(p) => p,
            None => {
                api.get_plugin_privileges(&self.opts.remote, self.opts.auth.as_ref())
                    .await?
            }
        };
        drain(api.plugin_pull(&self.opts).await?).await?;
        let name = self.opts.name.as_deref().unwrap_or(&self.opts.remote);
        let attrs = api.plugin_inspect(name).await?;
        let plugin = Plugin {
            docker: self.docker.clone(),
            attrs,
        };
        if self.enable {
            api.plugin_enable(plugin.id(), &PluginEnableOptions::default())
                .await?;
            let attrs = api.plugin_inspect(plugin.id()).await?;
            return Ok(Plugin {
                docker: self.docker,
                attrs,
            });
        }
        Ok(plugin)
    }
}

/// Reads a progress stream to its end, failing on the first in-band error.
async fn drain<T>(mut stream: JsonStream<T>) -> Result<()> {
    while let Some(item) = stream.next().await {
        item?;
    }
    Ok(())
}

impl IntoFuture for InstallPlugin {
    type Output = Result<Plugin>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Builder of [`Plugins::create`]: pick where the plugin comes from.
#[derive(Debug, Clone)]
#[must_use = "pick a source with from_dir or from_tar, then await"]
pub struct CreatePlugin {
    docker: Docker,
    name: String,
}

impl CreatePlugin {
    /// From a directory holding `config.json` and `rootfs/`, archived on the fly (streamed, never held
    /// in memory). Symlinks are archived as links.
    pub fn from_dir(self, dir: impl Into<PathBuf>) -> CreatePluginFrom {
        CreatePluginFrom {
            docker: self.docker,
            name: self.name,
            source: Source::Dir(dir.into()),
        }
    }

    /// From a tar archive already in memory.
    pub fn from_tar_bytes(self, tar: impl Into<Bytes>) -> CreatePluginFrom {
        CreatePluginFrom {
            docker: self.docker,
            name: self.name,
            source: Source::Bytes(tar.into()),
        }
    }

    /// From a tar archive streamed from anywhere.
    pub fn from_tar<S>(self, tar: S) -> CreatePluginFrom
    where
        S: Stream<Item = io::Result<Bytes>> + Send + 'static,
    {
        CreatePluginFrom {
            docker: self.docker,
            name: self.name,
            source: Source::Stream(Box::pin(tar)),
        }
    }
}

enum Source {
    Dir(PathBuf),
    Bytes(Bytes),
    Stream(std::pin::Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>),
}

/// [`CreatePlugin`] with its source; await it for the new (disabled) [`Plugin`].
#[must_use = "does nothing until awaited"]
pub struct CreatePluginFrom {
    docker: Docker,
    name: String,
    source: Source,
}

impl std::fmt::Debug for CreatePluginFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            Source::Dir(d) => format!("dir {}", d.display()),
            Source::Bytes(b) => format!("{} bytes", b.len()),
            Source::Stream(_) => "stream".to_string(),
        };
        f.debug_struct("CreatePluginFrom")
            .field("name", &self.name)
            .field("source", &source)
            .finish()
    }
}

impl CreatePluginFrom {
    async fn run(self) -> Result<Plugin> {
        let api = self.docker.api();
        match self.source {
            Source::Dir(dir) => {
                for needed in ["config.json", "rootfs"] {
                    if !dir.join(needed).exists() {
                        return Err(Error::invalid(format!(
                            "plugin directory {} has no {needed}; it needs config.json and rootfs/",
                            dir.display()
                        )));
                    }
                }
                api.plugin_create(&self.name, tar_dir(dir)).await?
            }
            Source::Bytes(b) => {
                api.plugin_create(&self.name, futures_util::stream::iter([Ok(b)]))
                    .await?
            }
            Source::Stream(s) => api.plugin_create(&self.name, s).await?,
        }
        let attrs = api.plugin_inspect(&self.name).await?;
        Ok(Plugin {
            docker: self.docker,
            attrs,
        })
    }
}

impl IntoFuture for CreatePluginFrom {
    type Output = Result<Plugin>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// How many bytes a tar chunk holds before it is handed over.
const CHUNK: usize = 64 * 1024;

/// A `Write` that hands full chunks to an async receiver, blocking while it is behind.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<io::Result<Bytes>>,
    buf: BytesMut,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = self.buf.split().freeze();
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the upload was abandoned"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// Archives `dir` on a blocking thread and streams the tar in chunks.
fn tar_dir(dir: PathBuf) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(16);
    let errors = tx.clone();
    tokio::task::spawn_blocking(move || {
        let writer = ChannelWriter {
            tx,
            buf: BytesMut::with_capacity(CHUNK),
        };
        let mut builder = tar::Builder::new(writer);
        builder.follow_symlinks(false);
        let result = builder
            .append_dir_all("", &dir)
            .and_then(|()| builder.into_inner())
            .and_then(|mut w| w.flush());
        if let Err(e) = result {
            let _ = errors.blocking_send(Err(io::Error::new(
                e.kind(),
                format!("archiving plugin directory {}: {e}", dir.display()),
            )));
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

/// Builder of [`Plugins::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListPlugins {
    docker: Docker,
    opts: PluginListOptions,
}

impl ListPlugins {
    /// Adds a filter: `capability`, `enabled` (`true`/`false`).
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces the filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }
}

impl IntoFuture for ListPlugins {
    type Output = Result<Vec<Plugin>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let list = self.docker.api().plugin_list(&self.opts).await?;
            Ok(list
                .into_iter()
                .map(|attrs| Plugin {
                    docker: self.docker.clone(),
                    attrs,
                })
                .collect())
        })
    }
}

/// Builder of [`Plugin::enable`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct EnablePlugin {
    docker: Docker,
    name: String,
    opts: PluginEnableOptions,
}

impl EnablePlugin {
    /// Seconds the daemon waits for the plugin's calls (its HTTP client timeout).
    pub fn timeout(mut self, seconds: u64) -> Self {
        self.opts.timeout = Some(seconds);
        self
    }
}

impl IntoFuture for EnablePlugin {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.docker
                .api()
                .plugin_enable(&self.name, &self.opts)
                .await
        })
    }
}

/// Builder of [`Plugin::disable`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct DisablePlugin {
    docker: Docker,
    name: String,
    opts: PluginDisableOptions,
}

impl DisablePlugin {
    /// Disable even while the plugin is in use.
    pub fn force(mut self, force: bool) -> Self {
        self.opts.force = Some(force);
        self
    }
}

impl IntoFuture for DisablePlugin {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.docker
                .api()
                .plugin_disable(&self.name, &self.opts)
                .await
        })
    }
}

/// Builder of [`Plugin::remove`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct RemovePlugin {
    docker: Docker,
    name: String,
    opts: PluginDeleteOptions,
}

impl RemovePlugin {
    /// Remove even while enabled.
    pub fn force(mut self, force: bool) -> Self {
        self.opts.force = force;
        self
    }
}

impl IntoFuture for RemovePlugin {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.docker
                .api()
                .plugin_delete(&self.name, &self.opts)
                .await
                .map(|_| ())
        })
    }
}

/// Builder of [`Plugin::push`]; await it for the progress stream.
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PushPlugin {
    docker: Docker,
    name: String,
    auth: Option<AuthConfig>,
}

impl PushPlugin {
    /// Registry credentials, sent as `X-Registry-Auth` (never logged).
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}

impl IntoFuture for PushPlugin {
    type Output = Result<JsonStream<PushImageInfo>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.docker
                .api()
                .plugin_push(&self.name, self.auth.as_ref())
                .await
        })
    }
}

/// Builder of [`Plugin::upgrade`]; await it for the progress stream.
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct UpgradePlugin {
    docker: Docker,
    name: String,
    opts: PluginUpgradeOptions,
    privileges: Option<Vec<PluginPrivilege>>,
}

impl UpgradePlugin {
    /// Grant exactly these privileges to the new version.
    pub fn privileges(mut self, privileges: Vec<PluginPrivilege>) -> Self {
        self.privileges = Some(privileges);
        self
    }

    /// Registry credentials, sent as `X-Registry-Auth` (never logged).
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.opts.auth = Some(auth);
        self
    }
}

impl IntoFuture for UpgradePlugin {
    type Output = Result<JsonStream<CreateImageInfo>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(mut self) -> Self::IntoFuture {
        Box::pin(async move {
            let api = self.docker.api();
            self.opts.privileges = match self.privileges.take() {
                Some(p) => p,
                None => {
                    api.get_plugin_privileges(&self.opts.remote, self.opts.auth.as_ref())
                        .await?
                }
            };
            api.plugin_upgrade(&self.name, &self.opts).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn tar_dir_streams_an_archive() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), b"{}").unwrap();
        std::fs::create_dir_all(dir.path().join("rootfs/bin")).unwrap();
        std::fs::write(dir.path().join("rootfs/bin/tool"), vec![7u8; 200_000]).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/bin/tool", dir.path().join("rootfs/bin/alias")).unwrap();
        let chunks: Vec<Bytes> = tar_dir(dir.path().to_path_buf())
            .map(|c| c.unwrap())
            .collect()
            .await;
        assert!(chunks.len() > 1, "streamed in several chunks");
        let all: Vec<u8> = chunks.concat();
        let mut archive = tar::Archive::new(&all[..]);
        let mut names = Vec::new();
        for entry in archive.entries().unwrap() {
            let entry = entry.unwrap();
            let path = entry.path().unwrap().to_string_lossy().into_owned();
            if path == "rootfs/bin/alias" {
                assert_eq!(
                    entry.link_name().unwrap().unwrap().to_string_lossy(),
                    "/bin/tool"
                );
            }
            names.push(path);
        }
        names.sort();
        for want in ["config.json", "rootfs", "rootfs/bin", "rootfs/bin/tool"] {
            assert!(
                names.iter().any(|n| n.trim_end_matches('/') == want),
                "{want} in {names:?}"
            );
        }
    }

    #[tokio::test]
    async fn tar_dir_reports_a_missing_dir() {
        let items: Vec<io::Result<Bytes>> = tar_dir(PathBuf::from("/nonexistent/plugin"))
            .collect()
            .await;
        assert!(items.iter().any(|i| i.is_err()));
    }
}
