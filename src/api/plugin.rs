//! Endpoints tagged `Plugin` in the spec: list, privileges, pull, inspect, remove, enable, disable,
//! upgrade, create, push and set.

use bytes::Bytes;
use futures_core::Stream;

use super::gates::{filters_query, non_empty};
use super::service::with_auth;
use super::{path, stream_body, ApiClient, Query, Request};
use crate::config::AuthConfig;
use crate::error::{Error, Result};
use crate::models::{CreateImageInfo, Plugin, PluginPrivilege, PushImageInfo};
use crate::stream::{json_stream, JsonStream};
use crate::utils::filters::Filters;

impl ApiClient {
    /// Lists installed plugins.
    ///
    /// Engine API `PluginList` (`GET /plugins`).
    ///
    /// # Errors
    /// [`Error::Api`] for a filter the daemon rejects.
    pub async fn plugin_list(&self, opts: &PluginListOptions) -> Result<Vec<Plugin>> {
        self.send_json(Request::get(path("/plugins", &[])).query(opts.query()))
            .await
    }

    /// The privileges a plugin asks for, read from its registry before installing it.
    ///
    /// Engine API `GetPluginPrivileges` (`GET /plugins/privileges`). `auth` is sent as
    /// `X-Registry-Auth` for a private registry (the daemon reads it although the spec does not list it).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty reference, [`Error::Api`] when the registry cannot be
    /// reached or the plugin does not exist.
    pub async fn get_plugin_privileges(
        &self,
        remote: &str,
        auth: Option<&AuthConfig>,
    ) -> Result<Vec<PluginPrivilege>> {
        non_empty("plugin reference", remote)?;
        let mut query = Query::new();
        query.push("remote", remote);
        let req = with_auth(
            Request::get(path("/plugins/privileges", &[])).query(query),
            auth,
        )?;
        self.send_json(req).await
    }

    /// Pulls and installs a plugin, granting the given privileges; the progress is streamed.
    ///
    /// Engine API `PluginPull` (`POST /plugins/pull`). The stream ends when the plugin is installed
    /// (disabled); errors reported inside the stream become [`Error::Stream`]. Not cut by the client
    /// timeout.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a remote reference; the daemon refuses the pull when the
    /// privileges granted are not the ones the plugin asks for.
    pub async fn plugin_pull(
        &self,
        opts: &PluginPullOptions,
    ) -> Result<JsonStream<CreateImageInfo>> {
        non_empty("plugin reference", &opts.remote)?;
        let mut query = Query::new();
        query
            .push("remote", &opts.remote)
            .opt("name", opts.name.as_deref());
        let req = Request::post(path("/plugins/pull", &[]))
            .query(query)
            .json(&opts.privileges)?
            .unbounded();
        let (_, body) = self
            .send_stream(with_auth(req, opts.auth.as_ref())?)
            .await?;
        Ok(json_stream(body))
    }

    /// Inspects an installed plugin.
    ///
    /// Engine API `PluginInspect` (`GET /plugins/{name}/json`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when no plugin has this name or ID.
    pub async fn plugin_inspect(&self, name: &str) -> Result<Plugin> {
        non_empty("plugin name", name)?;
        self.send_json(Request::get(path("/plugins/{name}/json", &[name])))
            .await
    }

    /// Removes a plugin and returns what it was.
    ///
    /// Engine API `PluginDelete` (`DELETE /plugins/{name}`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown plugin, [`Error::Api`] while it is enabled and `force` is not set.
    pub async fn plugin_delete(&self, name: &str, opts: &PluginDeleteOptions) -> Result<Plugin> {
        non_empty("plugin name", name)?;
        let bytes = self
            .send_bytes(Request::delete(path("/plugins/{name}", &[name])).query(opts.query()))
            .await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Plugin::default());
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::decode("DELETE /plugins/{name}", e))
    }

    /// Enables (starts) a plugin.
    ///
    /// Engine API `PluginEnable` (`POST /plugins/{name}/enable`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown plugin, [`Error::Api`] when it is already enabled or does not
    /// come up (its socket never answers).
    pub async fn plugin_enable(&self, name: &str, opts: &PluginEnableOptions) -> Result<()> {
        non_empty("plugin name", name)?;
        self.send_empty(Request::post(path("/plugins/{name}/enable", &[name])).query(opts.query()))
            .await
    }

    /// Disables (stops) a plugin.
    ///
    /// Engine API `PluginDisable` (`POST /plugins/{name}/disable`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown plugin, [`Error::Api`] when it is not enabled, or in use and
    /// `force` is not set.
    pub async fn plugin_disable(&self, name: &str, opts: &PluginDisableOptions) -> Result<()> {
        non_empty("plugin name", name)?;
        self.send_empty(Request::post(path("/plugins/{name}/disable", &[name])).query(opts.query()))
            .await
    }

    /// Upgrades a disabled plugin to another remote reference; the progress is streamed.
    ///
    /// Engine API `PluginUpgrade` (`POST /plugins/{name}/upgrade`). Not cut by the client timeout.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a remote reference, [`Error::NotFound`] for an unknown plugin,
    /// [`Error::Api`] when it is enabled; errors inside the stream become [`Error::Stream`].
    pub async fn plugin_upgrade(
        &self,
        name: &str,
        opts: &PluginUpgradeOptions,
    ) -> Result<JsonStream<CreateImageInfo>> {
        non_empty("plugin name", name)?;
        non_empty("plugin reference", &opts.remote)?;
        let mut query = Query::new();
        query.push("remote", &opts.remote);
        let req = Request::post(path("/plugins/{name}/upgrade", &[name]))
            .query(query)
            .json(&opts.privileges)?
            .unbounded();
        let (_, body) = self
            .send_stream(with_auth(req, opts.auth.as_ref())?)
            .await?;
        Ok(json_stream(body))
    }

    /// Creates a plugin from a tar archive holding `config.json` and the `rootfs/` directory.
    ///
    /// Engine API `PluginCreate` (`POST /plugins/create`). The archive is streamed, never held in memory;
    /// the upload is not cut by the client timeout.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a name, [`Error::Api`] when the archive has no valid
    /// `config.json`, [`Error::Conflict`] when the name is taken.
    pub async fn plugin_create<S>(&self, name: &str, tar: S) -> Result<()>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + 'static,
    {
        non_empty("plugin name", name)?;
        let mut query = Query::new();
        query.push("name", name);
        let req = Request::post(path("/plugins/create", &[]))
            .query(query)
            .body("application/x-tar", stream_body(tar))
            .unbounded();
        self.send_empty(req).await
    }

    /// Pushes a plugin to its registry; the progress is streamed.
    ///
    /// Engine API `PluginPush` (`POST /plugins/{name}/push`). `auth` is sent as `X-Registry-Auth` (the
    /// daemon reads it although the spec does not list it). Not cut by the client timeout.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown plugin; registry errors arrive in the stream as
    /// [`Error::Stream`].
    pub async fn plugin_push(
        &self,
        name: &str,
        auth: Option<&AuthConfig>,
    ) -> Result<JsonStream<PushImageInfo>> {
        non_empty("plugin name", name)?;
        let req = Request::post(path("/plugins/{name}/push", &[name])).unbounded();
        let (_, body) = self.send_stream(with_auth(req, auth)?).await?;
        Ok(json_stream(body))
    }

    /// Changes a disabled plugin's settings: `KEY=value` for an env variable, `mount.source=/path`,
    /// `device.path=/dev/x`, or `args=a b`.
    ///
    /// Engine API `PluginSet` (`POST /plugins/{name}/set`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a setting without `=`, [`Error::NotFound`] for an unknown plugin,
    /// [`Error::Api`] when the plugin is enabled or the setting is not settable.
    pub async fn plugin_set(&self, name: &str, settings: &[String]) -> Result<()> {
        non_empty("plugin name", name)?;
        if let Some(bad) = settings.iter().find(|s| !s.contains('=')) {
            return Err(Error::invalid(format!(
                "plugin setting {bad:?} is not of the form KEY=value"
            )));
        }
        self.send_empty(Request::post(path("/plugins/{name}/set", &[name])).json(settings)?)
            .await
    }
}

/// Options of `GET /plugins` ([`ApiClient::plugin_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PluginListOptions {
    /// Filters: `capability` (e.g. `volumedriver`), `enabled` (`true`/`false`; the spec calls it
    /// `enable`, but the daemon only accepts `enabled`).
    pub filters: Filters,
}

impl PluginListOptions {
    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        filters_query(&mut q, &self.filters);
        q
    }
}

/// Options of `POST /plugins/pull` ([`ApiClient::plugin_pull`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct PluginPullOptions {
    /// The plugin to pull, e.g. `vieux/sshfs:latest`.
    pub remote: String,
    /// The local name to install it under (default: the remote reference).
    pub name: Option<String>,
    /// The privileges granted; must match what [`ApiClient::get_plugin_privileges`] reports.
    pub privileges: Vec<PluginPrivilege>,
    /// Registry credentials, sent as `X-Registry-Auth` (never logged).
    pub auth: Option<AuthConfig>,
}

impl PluginPullOptions {
    /// Pull `remote`.
    pub fn new(remote: impl Into<String>) -> Self {
        PluginPullOptions {
            remote: remote.into(),
            ..Default::default()
        }
    }

    /// Install it under this local name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Grant these privileges.
    pub fn privileges(mut self, privileges: Vec<PluginPrivilege>) -> Self {
        self.privileges = privileges;
        self
    }

    /// Send these registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}

/// Options of `POST /plugins/{name}/upgrade` ([`ApiClient::plugin_upgrade`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct PluginUpgradeOptions {
    /// The reference to upgrade to.
    pub remote: String,
    /// The privileges granted to the new version.
    pub privileges: Vec<PluginPrivilege>,
    /// Registry credentials, sent as `X-Registry-Auth` (never logged).
    pub auth: Option<AuthConfig>,
}

impl PluginUpgradeOptions {
    /// Upgrade to `remote`.
    pub fn new(remote: impl Into<String>) -> Self {
        PluginUpgradeOptions {
            remote: remote.into(),
            ..Default::default()
        }
    }

    /// Grant these privileges.
    pub fn privileges(mut self, privileges: Vec<PluginPrivilege>) -> Self {
        self.privileges = privileges;
        self
    }

    /// Send these registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}

/// Options of `DELETE /plugins/{name}` ([`ApiClient::plugin_delete`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PluginDeleteOptions {
    /// Remove the plugin even while it is enabled.
    pub force: bool,
}

impl PluginDeleteOptions {
    /// Force the removal.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.flag("force", self.force);
        q
    }
}

/// Options of `POST /plugins/{name}/enable` ([`ApiClient::plugin_enable`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PluginEnableOptions {
    /// Seconds the daemon waits for the plugin's calls (its HTTP client timeout); 0 or unset: the default.
    pub timeout: Option<u64>,
}

impl PluginEnableOptions {
    /// The daemon-side timeout in seconds.
    pub fn timeout(mut self, seconds: u64) -> Self {
        self.timeout = Some(seconds);
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.opt("timeout", self.timeout);
        q
    }
}

/// Options of `POST /plugins/{name}/disable` ([`ApiClient::plugin_disable`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PluginDisableOptions {
    /// Disable even while the plugin is in use.
    pub force: Option<bool>,
}

impl PluginDisableOptions {
    /// Force disabling.
    pub fn force(mut self, force: bool) -> Self {
        self.force = Some(force);
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.opt_bool("force", self.force);
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_to_query() {
        let cases: Vec<(Query, &str)> = vec![
            (PluginListOptions::default().query(), ""),
            (
                PluginListOptions::default()
                    .filters(Filters::new().add("enabled", true))
                    .query(),
                "filters=%7B%22enabled%22%3A%5B%22true%22%5D%7D",
            ),
            (
                PluginDeleteOptions::default().force(true).query(),
                "force=true",
            ),
            (PluginEnableOptions::default().query(), ""),
            (
                PluginEnableOptions::default().timeout(5).query(),
                "timeout=5",
            ),
            (PluginDisableOptions::default().query(), ""),
            (
                PluginDisableOptions::default().force(false).query(),
                "force=false",
            ),
        ];
        for (query, want) in cases {
            assert_eq!(query.encode(), want);
        }
    }
}
