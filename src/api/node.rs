//! Endpoints tagged `Node` in the spec: list, inspect, update and remove swarm nodes.

use super::gates::{filters_query, non_empty};
use super::{path, ApiClient, Query, Request};
use crate::error::Result;
use crate::models::{Node, NodeSpec};
use crate::utils::filters::Filters;

impl ApiClient {
    /// Lists the nodes of the swarm.
    ///
    /// Engine API `NodeList` (`GET /nodes`).
    ///
    /// # Errors
    /// [`crate::Error::Api`] with status 503 when this node is not a swarm manager.
    pub async fn node_list(&self, opts: &NodeListOptions) -> Result<Vec<Node>> {
        self.send_json(Request::get(path("/nodes", &[])).query(opts.query()))
            .await
    }

    /// Inspects a node.
    ///
    /// Engine API `NodeInspect` (`GET /nodes/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown node, [`crate::Error::Api`] (503) outside a swarm.
    pub async fn node_inspect(&self, id: &str) -> Result<Node> {
        non_empty("node id", id)?;
        self.send_json(Request::get(path("/nodes/{id}", &[id])))
            .await
    }

    /// Removes a node from the swarm.
    ///
    /// Engine API `NodeDelete` (`DELETE /nodes/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown node, [`crate::Error::Api`] when the node is still up
    /// and `force` is not set.
    pub async fn node_delete(&self, id: &str, opts: &NodeDeleteOptions) -> Result<()> {
        non_empty("node id", id)?;
        self.send_empty(Request::delete(path("/nodes/{id}", &[id])).query(opts.query()))
            .await
    }

    /// Replaces a node's spec. `version` is the node's current `Version.Index`.
    ///
    /// Engine API `NodeUpdate` (`POST /nodes/{id}/update`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown node, [`crate::Error::Api`] (500, "update out of
    /// sequence") when `version` is not the current one.
    pub async fn node_update(&self, id: &str, version: u64, spec: &NodeSpec) -> Result<()> {
        non_empty("node id", id)?;
        let mut query = Query::new();
        query.push("version", version);
        self.send_empty(
            Request::post(path("/nodes/{id}/update", &[id]))
                .query(query)
                .json(spec)?,
        )
        .await
    }
}

/// Options of `GET /nodes` ([`ApiClient::node_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NodeListOptions {
    /// Filters: `id`, `label` (engine label), `membership` (`accepted`/`pending`), `name`, `node.label`,
    /// `role` (`manager`/`worker`).
    pub filters: Filters,
}

impl NodeListOptions {
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

/// Options of `DELETE /nodes/{id}` ([`ApiClient::node_delete`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NodeDeleteOptions {
    /// Remove the node even if it is still reachable.
    pub force: bool,
}

impl NodeDeleteOptions {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_to_query() {
        let cases: Vec<(Query, &str)> = vec![
            (NodeListOptions::default().query(), ""),
            (
                NodeListOptions::default()
                    .filters(Filters::new().add("role", "manager"))
                    .query(),
                "filters=%7B%22role%22%3A%5B%22manager%22%5D%7D",
            ),
            (
                NodeDeleteOptions::default().force(true).query(),
                "force=true",
            ),
        ];
        for (query, want) in cases {
            assert_eq!(query.encode(), want);
        }
    }
}
