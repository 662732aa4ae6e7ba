//! Endpoints tagged `Network` in the spec: list, inspect, create, connect, disconnect, remove and prune.

use super::gates::{filters_query, non_empty, Gates};
use super::{path, ApiClient, Query, Request};
use crate::error::Result;
use crate::models::{
    NetworkConnectRequest, NetworkCreateBody, NetworkCreateResponse, NetworkDisconnectRequest,
    NetworkInspect, NetworkPruneResponse, NetworkSummary,
};
use crate::utils::filters::Filters;
use crate::utils::version::ApiVersion;

impl ApiClient {
    /// Lists networks.
    ///
    /// Engine API `NetworkList` (`GET /networks`).
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers, [`crate::Error::Api`] for a filter the daemon rejects.
    pub async fn network_list(&self, opts: &NetworkListOptions) -> Result<Vec<NetworkSummary>> {
        self.send_json(Request::get(path("/networks", &[])).query(opts.query()))
            .await
    }

    /// Inspects one network.
    ///
    /// Engine API `NetworkInspect` (`GET /networks/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when no network has this ID or name, [`crate::Error::InvalidArgument`] for an empty ID.
    pub async fn network_inspect(
        &self,
        id: &str,
        opts: &NetworkInspectOptions,
    ) -> Result<NetworkInspect> {
        non_empty("network id", id)?;
        self.send_json(Request::get(path("/networks/{id}", &[id])).query(opts.query()))
            .await
    }

    /// Removes a network.
    ///
    /// Engine API `NetworkDelete` (`DELETE /networks/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when it does not exist, [`crate::Error::Api`] (403) for a built-in network, and an
    /// error while containers are still connected.
    pub async fn network_delete(&self, id: &str) -> Result<()> {
        non_empty("network id", id)?;
        self.send_empty(Request::delete(path("/networks/{id}", &[id])))
            .await
    }

    /// Creates a network.
    ///
    /// Engine API `NetworkCreate` (`POST /networks/create`).
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] without a name, [`crate::Error::UnsupportedApiVersion`] for `EnableIPv4` before
    /// API 1.47, [`crate::Error::Conflict`] when the name is taken, [`crate::Error::NotFound`] for an unknown driver.
    pub async fn network_create(&self, body: &NetworkCreateBody) -> Result<NetworkCreateResponse> {
        non_empty("network name", body.name.as_deref().unwrap_or(""))?;
        let mut gates = Gates::new();
        gates.check(
            body.enable_ipv4.is_some(),
            ApiVersion::V1_47,
            "network_create field `EnableIPv4`",
        );
        self.require_gates(&gates).await?;
        self.send_json(Request::post(path("/networks/create", &[])).json(body)?)
            .await
    }

    /// Connects a container to a network.
    ///
    /// Engine API `NetworkConnect` (`POST /networks/{id}/connect`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown network or container, [`crate::Error::InvalidArgument`] without a
    /// container, [`crate::Error::UnsupportedApiVersion`] for `GwPriority` before API 1.55, [`crate::Error::Api`] (403)
    /// when the network does not accept the container (e.g. a swarm network that is not attachable).
    pub async fn network_connect(&self, id: &str, body: &NetworkConnectRequest) -> Result<()> {
        non_empty("network id", id)?;
        non_empty("container", body.container.as_deref().unwrap_or(""))?;
        let mut gates = Gates::new();
        gates.check(
            body.endpoint_config
                .as_ref()
                .is_some_and(|e| e.gw_priority.is_some()),
            ApiVersion::V1_55,
            "network_connect field `EndpointConfig.GwPriority`",
        );
        self.require_gates(&gates).await?;
        self.send_empty(Request::post(path("/networks/{id}/connect", &[id])).json(body)?)
            .await
    }

    /// Disconnects a container from a network.
    ///
    /// Engine API `NetworkDisconnect` (`POST /networks/{id}/disconnect`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown network or container, [`crate::Error::InvalidArgument`] without a
    /// container.
    pub async fn network_disconnect(
        &self,
        id: &str,
        body: &NetworkDisconnectRequest,
    ) -> Result<()> {
        non_empty("network id", id)?;
        non_empty("container", body.container.as_deref().unwrap_or(""))?;
        self.send_empty(Request::post(path("/networks/{id}/disconnect", &[id])).json(body)?)
            .await
    }

    /// Removes unused networks.
    ///
    /// Engine API `NetworkPrune` (`POST /networks/prune`).
    ///
    /// # Errors
    /// [`crate::Error::Api`] for a filter the daemon rejects; [`crate::Error::Conflict`] while another prune runs.
    pub async fn network_prune(&self, opts: &NetworkPruneOptions) -> Result<NetworkPruneResponse> {
        self.send_json(Request::post(path("/networks/prune", &[])).query(opts.query()))
            .await
    }
}

/// Options of `GET /networks` ([`ApiClient::network_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NetworkListOptions {
    /// Filters: `dangling`, `driver`, `id`, `label`, `name`, `scope`, `type` (`custom` or `builtin`).
    pub filters: Filters,
}

impl NetworkListOptions {
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

/// Options of `GET /networks/{id}` ([`ApiClient::network_inspect`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NetworkInspectOptions {
    /// For swarm networks: include the services and tasks of the whole cluster.
    pub verbose: bool,
    /// Only match a network of this scope: `swarm`, `global` or `local`.
    pub scope: Option<String>,
}

impl NetworkInspectOptions {
    /// Include cluster-wide detail (swarm networks).
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Only match a network of this scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.flag("verbose", self.verbose)
            .opt("scope", self.scope.as_deref());
        q
    }
}

/// Options of `POST /networks/prune` ([`ApiClient::network_prune`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NetworkPruneOptions {
    /// Filters: `until` (timestamp or Go duration), `label` / `label!` (`key` or `key=value`).
    pub filters: Filters,
}

impl NetworkPruneOptions {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_to_query() {
        let cases: Vec<(Query, &str)> = vec![
            (NetworkListOptions::default().query(), ""),
            (
                NetworkListOptions::default()
                    .filters(Filters::new().add("driver", "bridge").add("type", "custom"))
                    .query(),
                "filters=%7B%22driver%22%3A%5B%22bridge%22%5D%2C%22type%22%3A%5B%22custom%22%5D%7D",
            ),
            (NetworkInspectOptions::default().query(), ""),
            (
                NetworkInspectOptions::default()
                    .verbose(true)
                    .scope("swarm")
                    .query(),
                "verbose=true&scope=swarm",
            ),
            (
                NetworkPruneOptions::default()
                    .filters(Filters::new().add("until", "10m"))
                    .query(),
                "filters=%7B%22until%22%3A%5B%2210m%22%5D%7D",
            ),
        ];
        for (query, want) in cases {
            assert_eq!(query.encode(), want);
        }
    }
}
