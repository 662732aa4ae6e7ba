//! Networks: `docker.networks()` ([`Networks`]) and the [`Network`] handle.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! use docker_sdk::types::{EndpointConfig, IPAMConfig, IPAMPool};
//!
//! let net = docker
//!     .networks()
//!     .create("backend")
//!     .ipam(IPAMConfig::new().pool(IPAMPool::new("10.42.0.0/24")))
//!     .label("app", "shop")
//!     .await?;
//! net.connect("db-container").alias("db").ipv4_address("10.42.0.10").await?;
//! net.disconnect("db-container").await?;
//! net.remove().await?;
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::future::IntoFuture;

use crate::api::{NetworkInspectOptions, NetworkListOptions, NetworkPruneOptions};
use crate::error::{Error, Result};
use crate::models::{
    ConfigReference as NetworkConfigFrom, EndpointResource, NetworkConnectRequest,
    NetworkCreateBody, NetworkDisconnectRequest, NetworkInspect, NetworkPruneResponse,
};
use crate::system::BoxFuture;
use crate::types::{EndpointConfig, IPAMConfig};
use crate::utils::filters::Filters;
use crate::Docker;

/// The first 12 characters of an ID, as the CLI shows it.
pub(crate) fn short_id(id: &str) -> &str {
    let id = id.strip_prefix("sha256:").unwrap_or(id);
    id.get(..12).unwrap_or(id)
}

impl Docker {
    /// The networks of the daemon: create, get, list and prune.
    pub fn networks(&self) -> Networks {
        Networks {
            docker: self.clone(),
        }
    }
}

/// The collection of networks, from [`Docker::networks`].
#[derive(Debug, Clone)]
pub struct Networks {
    docker: Docker,
}

impl Networks {
    /// Creates a network; await the builder to get its [`Network`] handle (created, then inspected).
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// let net = docker.networks().create("isolated").internal(true).attachable(true).await?;
    /// println!("{} {}", net.short_id(), net.name());
    /// # Ok(()) }
    /// ```
    pub fn create(&self, name: impl Into<String>) -> CreateNetwork {
        CreateNetwork {
            docker: self.docker.clone(),
            body: NetworkCreateBody {
                name: Some(name.into()),
                ..Default::default()
            },
            ipam: None,
        }
    }

    /// Gets a network by ID or name; await the builder.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such network.
    pub fn get(&self, id: impl Into<String>) -> GetNetwork {
        GetNetwork {
            docker: self.docker.clone(),
            id: id.into(),
            opts: NetworkInspectOptions::default(),
        }
    }

    /// Lists networks; await the builder.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// for net in docker.networks().list().filter("driver", "bridge").await? {
    ///     println!("{} {}", net.short_id(), net.name());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListNetworks {
        ListNetworks {
            docker: self.docker.clone(),
            opts: NetworkListOptions::default(),
            greedy: false,
        }
    }

    /// Removes unused networks; await the builder. Use a label filter to limit it to your own.
    pub fn prune(&self) -> PruneNetworks {
        PruneNetworks {
            docker: self.docker.clone(),
            opts: NetworkPruneOptions::default(),
        }
    }
}

/// A network, with the inspect data it was fetched with.
#[derive(Debug, Clone)]
pub struct Network {
    docker: Docker,
    attrs: NetworkInspect,
}

impl Network {
    pub(crate) fn from_attrs(docker: Docker, attrs: NetworkInspect) -> Network {
        Network { docker, attrs }
    }

    /// The network's full ID.
    pub fn id(&self) -> &str {
        self.attrs.id.as_deref().unwrap_or_default()
    }

    /// The first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        short_id(self.id())
    }

    /// The network's name.
    pub fn name(&self) -> &str {
        self.attrs.name.as_deref().unwrap_or_default()
    }

    /// The inspect data, as of the last fetch.
    pub fn attrs(&self) -> &NetworkInspect {
        &self.attrs
    }

    /// The inspect data, consuming the handle.
    pub fn into_attrs(self) -> NetworkInspect {
        self.attrs
    }

    /// The containers attached when the data was fetched, by container ID (the data of a listed
    /// network may leave them out; [`reload`](Self::reload) fills them in).
    pub fn containers(&self) -> &HashMap<String, EndpointResource> {
        static EMPTY: std::sync::OnceLock<HashMap<String, EndpointResource>> =
            std::sync::OnceLock::new();
        self.attrs
            .containers
            .as_ref()
            .unwrap_or_else(|| EMPTY.get_or_init(HashMap::new))
    }

    /// The IDs of the attached containers (see [`containers`](Self::containers)).
    pub fn container_ids(&self) -> Vec<String> {
        self.containers().keys().cloned().collect()
    }

    /// Fetches the inspect data again.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the network was removed.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self
            .docker
            .api()
            .network_inspect(self.id(), &NetworkInspectOptions::default())
            .await?;
        Ok(())
    }

    /// Connects a container (ID or name); await the builder.
    ///
    /// ```no_run
    /// # async fn demo(net: docker_sdk::networks::Network) -> docker_sdk::Result<()> {
    /// net.connect("web").aliases(["web", "frontend"]).await?;
    /// # Ok(()) }
    /// ```
    pub fn connect(&self, container: impl Into<String>) -> ConnectNetwork {
        ConnectNetwork {
            docker: self.docker.clone(),
            network: self.id().to_string(),
            container: container.into(),
            endpoint: EndpointConfig::new(),
        }
    }

    /// Disconnects a container; await the builder.
    pub fn disconnect(&self, container: impl Into<String>) -> DisconnectNetwork {
        DisconnectNetwork {
            docker: self.docker.clone(),
            network: self.id().to_string(),
            body: NetworkDisconnectRequest {
                container: Some(container.into()),
                force: None,
            },
        }
    }

    /// Removes the network.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it is already gone; an error while containers are attached.
    pub async fn remove(&self) -> Result<()> {
        self.docker.api().network_delete(self.id()).await
    }
}

/// Builder of [`Networks::create`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct CreateNetwork {
    docker: Docker,
    body: NetworkCreateBody,
    ipam: Option<IPAMConfig>,
}

impl CreateNetwork {
    /// The driver: `bridge` (default), `overlay`, `macvlan`, `ipvlan` or a plugin.
    pub fn driver(mut self, driver: impl Into<String>) -> Self {
        self.body.driver = Some(driver.into());
        self
    }

    /// Adds a driver option (e.g. `com.docker.network.bridge.name`).
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.body
            .options
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Replaces the driver options.
    pub fn options<I, K, V>(mut self, options: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.body.options = Some(
            options
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Address management: subnets, ranges, gateways.
    pub fn ipam(mut self, ipam: IPAMConfig) -> Self {
        self.ipam = Some(ipam);
        self
    }

    /// No route to the outside world.
    pub fn internal(mut self, internal: bool) -> Self {
        self.body.internal = Some(internal);
        self
    }

    /// Swarm networks: standalone containers may attach too.
    pub fn attachable(mut self, attachable: bool) -> Self {
        self.body.attachable = Some(attachable);
        self
    }

    /// Swarm: make this the ingress (routing mesh) network.
    pub fn ingress(mut self, ingress: bool) -> Self {
        self.body.ingress = Some(ingress);
        self
    }

    /// Adds a label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.body
            .labels
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Replaces the labels.
    pub fn labels<I, K, V>(mut self, labels: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.body.labels = Some(
            labels
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Enable IPv6.
    pub fn enable_ipv6(mut self, enable: bool) -> Self {
        self.body.enable_ipv6 = Some(enable);
        self
    }

    /// Enable (or disable) IPv4 (API 1.47+).
    pub fn enable_ipv4(mut self, enable: bool) -> Self {
        self.body.enable_ipv4 = Some(enable);
        self
    }

    /// `local`, `swarm` or `global`.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.body.scope = Some(scope.into());
        self
    }

    /// Only a configuration for other networks to use ([`config_from`](Self::config_from)).
    pub fn config_only(mut self, config_only: bool) -> Self {
        self.body.config_only = Some(config_only);
        self
    }

    /// Take the configuration of this config-only network.
    pub fn config_from(mut self, network: impl Into<String>) -> Self {
        self.body.config_from = Some(NetworkConfigFrom {
            network: Some(network.into()),
        });
        self
    }

    /// Older daemons: refuse a name that exists (newer daemons always do).
    pub fn check_duplicate(mut self, check: bool) -> Self {
        self.body.check_duplicate = Some(check);
        self
    }

    async fn run(mut self) -> Result<Network> {
        if let Some(ipam) = &self.ipam {
            self.body.ipam = Some(ipam.build()?);
        }
        let api = self.docker.api();
        let created = api.network_create(&self.body).await?;
        let id = crate::api::created_id(created.id, "network")?;
        let attrs = api
            .network_inspect(&id, &NetworkInspectOptions::default())
            .await?;
        Ok(Network::from_attrs(self.docker, attrs))
    }
}

impl IntoFuture for CreateNetwork {
    type Output = Result<Network>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Builder of [`Networks::get`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct GetNetwork {
    docker: Docker,
    id: String,
    opts: NetworkInspectOptions,
}

impl GetNetwork {
    /// Swarm networks: include the services and tasks of the whole cluster.
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.opts.verbose = verbose;
        self
    }

    /// Only match a network of this scope (`local`, `swarm`, `global`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.opts.scope = Some(scope.into());
        self
    }
}

impl IntoFuture for GetNetwork {
    type Output = Result<Network>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let attrs = self
                .docker
                .api()
                .network_inspect(&self.id, &self.opts)
                .await?;
            Ok(Network::from_attrs(self.docker, attrs))
        })
    }
}

/// Builder of [`Networks::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListNetworks {
    docker: Docker,
    opts: NetworkListOptions,
    greedy: bool,
}

impl ListNetworks {
    /// Adds a filter: `dangling`, `driver`, `id`, `label`, `name`, `scope`, `type`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces the filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }

    /// Only networks whose name contains one of these.
    pub fn names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: std::fmt::Display,
    {
        for n in names {
            self.opts.filters.insert("name", n);
        }
        self
    }

    /// Only networks whose ID starts with one of these.
    pub fn ids<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: std::fmt::Display,
    {
        for i in ids {
            self.opts.filters.insert("id", i);
        }
        self
    }

    /// Inspect every network too, so [`Network::containers`] is complete (one request per network).
    pub fn greedy(mut self, greedy: bool) -> Self {
        self.greedy = greedy;
        self
    }

    async fn run(self) -> Result<Vec<Network>> {
        let api = self.docker.api();
        let summaries = api.network_list(&self.opts).await?;
        let mut out = Vec::with_capacity(summaries.len());
        for summary in summaries {
            let attrs = if self.greedy {
                let id = summary.id.clone().unwrap_or_default();
                match api
                    .network_inspect(&id, &NetworkInspectOptions::default())
                    .await
                {
                    Ok(a) => a,
                    // Removed between the list and the inspect: leave it out.
                    Err(Error::NotFound { .. }) => continue,
                    Err(e) => return Err(e),
                }
            } else {
                summary_to_inspect(summary)?
            };
            out.push(Network::from_attrs(self.docker.clone(), attrs));
        }
        Ok(out)
    }
}

/// A list entry has the same fields as an inspect result, minus the cluster-wide ones.
fn summary_to_inspect(summary: crate::models::NetworkSummary) -> Result<NetworkInspect> {
    let value = serde_json::to_value(summary).map_err(|e| Error::decode("/networks", e))?;
    serde_json::from_value(value).map_err(|e| Error::decode("/networks", e))
}

impl IntoFuture for ListNetworks {
    type Output = Result<Vec<Network>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Builder of [`Networks::prune`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PruneNetworks {
    docker: Docker,
    opts: NetworkPruneOptions,
}

impl PruneNetworks {
    /// Adds a filter: `until` (timestamp or duration such as `24h`), `label`, `label!`.
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

impl IntoFuture for PruneNetworks {
    type Output = Result<NetworkPruneResponse>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().network_prune(&self.opts).await })
    }
}

/// Builder of [`Network::connect`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ConnectNetwork {
    docker: Docker,
    network: String,
    container: String,
    endpoint: EndpointConfig,
}

impl ConnectNetwork {
    /// Adds an alias other containers on the network can resolve.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.alias(alias);
        self
    }

    /// Adds several aliases.
    pub fn aliases<I, S>(mut self, aliases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.endpoint = self.endpoint.aliases(aliases);
        self
    }

    /// Adds a legacy link (`container:alias`).
    pub fn link(mut self, container: impl Into<String>, alias: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.link(container, alias);
        self
    }

    /// A static IPv4 address in the network's subnet.
    pub fn ipv4_address(mut self, ip: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.ipv4_address(ip);
        self
    }

    /// A static IPv6 address.
    pub fn ipv6_address(mut self, ip: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.ipv6_address(ip);
        self
    }

    /// Adds a link-local address.
    pub fn link_local_ip(mut self, ip: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.link_local_ip(ip);
        self
    }

    /// Adds a driver option for the endpoint.
    pub fn driver_opt(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.driver_opt(key, value);
        self
    }

    /// The endpoint's MAC address.
    pub fn mac_address(mut self, mac: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.mac_address(mac);
        self
    }

    /// Default-route priority among the container's networks (API 1.55+ here).
    pub fn gw_priority(mut self, priority: i64) -> Self {
        self.endpoint = self.endpoint.gw_priority(priority);
        self
    }

    /// Replaces all endpoint settings at once.
    pub fn endpoint_config(mut self, endpoint: EndpointConfig) -> Self {
        self.endpoint = endpoint;
        self
    }
}

impl IntoFuture for ConnectNetwork {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let endpoint = self.endpoint.build()?;
            let body = NetworkConnectRequest {
                container: Some(self.container),
                endpoint_config: Some(endpoint),
            };
            self.docker
                .api()
                .network_connect(&self.network, &body)
                .await
        })
    }
}

/// Builder of [`Network::disconnect`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct DisconnectNetwork {
    docker: Docker,
    network: String,
    body: NetworkDisconnectRequest,
}

impl DisconnectNetwork {
    /// Disconnect even a container that is not running or whose endpoint is broken.
    pub fn force(mut self, force: bool) -> Self {
        self.body.force = Some(force);
        self
    }
}

impl IntoFuture for DisconnectNetwork {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.docker
                .api()
                .network_disconnect(&self.network, &self.body)
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids() {
        assert_eq!(short_id("0123456789abcdef"), "0123456789ab");
        assert_eq!(short_id("sha256:0123456789abcdef"), "0123456789ab");
        assert_eq!(short_id("abc"), "abc");
    }

    #[test]
    fn list_entries_become_inspect_data() {
        let summary: crate::models::NetworkSummary = serde_json::from_value(serde_json::json!({
            "Name": "n", "Id": "abc", "Driver": "bridge", "Labels": {"a": "b"}
        }))
        .unwrap();
        let attrs = summary_to_inspect(summary).unwrap();
        assert_eq!(attrs.name.as_deref(), Some("n"));
        assert_eq!(attrs.labels.unwrap()["a"], "b");
    }
}
