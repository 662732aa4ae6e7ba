//! Blocking mirror of [`crate::networks`].

use std::collections::HashMap;

use super::mirror::blocking_builder;
use super::Docker;
use crate::error::Result;
use crate::models::{EndpointResource, NetworkInspect, NetworkPruneResponse};
use crate::types::{EndpointConfig, IPAMConfig};
use crate::utils::filters::Filters;

impl Docker {
    /// The networks of the daemon; see [`crate::Docker::networks`].
    pub fn networks(&self) -> Networks {
        Networks {
            docker: self.clone(),
            inner: self.inner.networks(),
        }
    }
}

/// Blocking mirror of [`crate::networks::Networks`].
#[derive(Debug, Clone)]
pub struct Networks {
    docker: Docker,
    inner: crate::networks::Networks,
}

impl Networks {
    /// Creates a network; see [`crate::networks::Networks::create`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let net = docker.networks().create("backend").internal(true).send()?;
    /// net.remove()?;
    /// # Ok(()) }
    /// ```
    pub fn create(&self, name: impl Into<String>) -> BlockingCreateNetwork {
        BlockingCreateNetwork::new(self.docker.clone(), self.inner.create(name))
    }

    /// Gets a network; see [`crate::networks::Networks::get`].
    pub fn get(&self, id: impl Into<String>) -> BlockingGetNetwork {
        BlockingGetNetwork::new(self.docker.clone(), self.inner.get(id))
    }

    /// Lists networks; see [`crate::networks::Networks::list`].
    pub fn list(&self) -> BlockingListNetworks {
        BlockingListNetworks::new(self.docker.clone(), self.inner.list())
    }

    /// Removes unused networks; see [`crate::networks::Networks::prune`].
    pub fn prune(&self) -> BlockingPruneNetworks {
        BlockingPruneNetworks::new(self.docker.clone(), self.inner.prune())
    }
}

/// Blocking mirror of [`crate::networks::Network`].
#[derive(Debug, Clone)]
pub struct Network {
    docker: Docker,
    inner: crate::networks::Network,
}

impl Network {
    fn wrap(docker: Docker, inner: crate::networks::Network) -> Network {
        Network { docker, inner }
    }

    /// The async handle inside.
    pub fn as_async(&self) -> &crate::networks::Network {
        &self.inner
    }

    /// See [`crate::networks::Network::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::networks::Network::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::networks::Network::name`].
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// See [`crate::networks::Network::attrs`].
    pub fn attrs(&self) -> &NetworkInspect {
        self.inner.attrs()
    }

    /// See [`crate::networks::Network::containers`].
    pub fn containers(&self) -> &HashMap<String, EndpointResource> {
        self.inner.containers()
    }

    /// See [`crate::networks::Network::container_ids`].
    pub fn container_ids(&self) -> Vec<String> {
        self.inner.container_ids()
    }

    /// See [`crate::networks::Network::reload`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the network was removed.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::networks::Network::connect`].
    pub fn connect(&self, container: impl Into<String>) -> BlockingConnectNetwork {
        BlockingConnectNetwork::new(self.docker.clone(), self.inner.connect(container))
    }

    /// See [`crate::networks::Network::disconnect`].
    pub fn disconnect(&self, container: impl Into<String>) -> BlockingDisconnectNetwork {
        BlockingDisconnectNetwork::new(self.docker.clone(), self.inner.disconnect(container))
    }

    /// See [`crate::networks::Network::remove`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when it is already gone.
    pub fn remove(&self) -> Result<()> {
        self.docker.block_on(self.inner.remove())?
    }
}

blocking_builder! {
    /// Blocking builder of [`Networks::create`].
    BlockingCreateNetwork wraps crate::networks::CreateNetwork => Network, |docker, net| Network::wrap(docker, net);
    {
        fn driver(driver: impl Into<String>);
        fn option(key: impl Into<String>, value: impl Into<String>);
        fn options(options: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>);
        fn ipam(ipam: IPAMConfig);
        fn internal(internal: bool);
        fn attachable(attachable: bool);
        fn ingress(ingress: bool);
        fn label(key: impl Into<String>, value: impl Into<String>);
        fn labels(labels: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>);
        fn enable_ipv6(enable: bool);
        fn enable_ipv4(enable: bool);
        fn scope(scope: impl Into<String>);
        fn config_only(config_only: bool);
        fn config_from(network: impl Into<String>);
        fn check_duplicate(check: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Networks::get`].
    BlockingGetNetwork wraps crate::networks::GetNetwork => Network, |docker, net| Network::wrap(docker, net);
    {
        fn verbose(verbose: bool);
        fn scope(scope: impl Into<String>);
    }
}

blocking_builder! {
    /// Blocking builder of [`Networks::list`].
    BlockingListNetworks wraps crate::networks::ListNetworks => Vec<Network>,
        |docker, list| list.into_iter().map(|n| Network::wrap(docker.clone(), n)).collect();
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
        fn names(names: impl IntoIterator<Item = impl std::fmt::Display>);
        fn ids(ids: impl IntoIterator<Item = impl std::fmt::Display>);
        fn greedy(greedy: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Networks::prune`].
    BlockingPruneNetworks wraps crate::networks::PruneNetworks => NetworkPruneResponse, |_docker, report| report;
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
    }
}

blocking_builder! {
    /// Blocking builder of [`Network::connect`].
    BlockingConnectNetwork wraps crate::networks::ConnectNetwork => (), |_docker, done| done;
    {
        fn alias(alias: impl Into<String>);
        fn aliases(aliases: impl IntoIterator<Item = impl Into<String>>);
        fn link(container: impl Into<String>, alias: impl Into<String>);
        fn ipv4_address(ip: impl Into<String>);
        fn ipv6_address(ip: impl Into<String>);
        fn link_local_ip(ip: impl Into<String>);
        fn driver_opt(key: impl Into<String>, value: impl Into<String>);
        fn mac_address(mac: impl Into<String>);
        fn gw_priority(priority: i64);
        fn endpoint_config(endpoint: EndpointConfig);
    }
}

blocking_builder! {
    /// Blocking builder of [`Network::disconnect`].
    BlockingDisconnectNetwork wraps crate::networks::DisconnectNetwork => (), |_docker, done| done;
    {
        fn force(force: bool);
    }
}
