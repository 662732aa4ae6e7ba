//! Swarm nodes: `docker.nodes()` ([`Nodes`]) and the [`Node`] handle.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! for node in docker.nodes().list().filter("role", "manager").await? {
//!     node.update().label("zone", "east").availability("active").await?;
//!     println!("{} was {:?}", node.hostname(), node.attrs().spec);
//! }
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::future::IntoFuture;

use crate::api::{is_out_of_sequence, NodeDeleteOptions, NodeListOptions, UPDATE_ATTEMPTS};
use crate::error::{Error, Result};
use crate::models::{Node as NodeModel, NodeSpec, NodeSpecAvailability, NodeSpecRole};
use crate::networks::short_id;
use crate::system::BoxFuture;
use crate::utils::filters::Filters;
use crate::Docker;

impl Docker {
    /// The nodes of the swarm this daemon manages.
    pub fn nodes(&self) -> Nodes {
        Nodes {
            docker: self.clone(),
        }
    }
}

/// The collection of swarm nodes, from [`Docker::nodes`].
#[derive(Debug, Clone)]
pub struct Nodes {
    docker: Docker,
}

impl Nodes {
    /// Gets a node by ID or hostname.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown node, [`Error::Api`] (503) outside a swarm.
    pub async fn get(&self, id: &str) -> Result<Node> {
        let attrs = self.docker.api().node_inspect(id).await?;
        Ok(Node {
            docker: self.docker.clone(),
            attrs,
        })
    }

    /// Lists nodes; await the builder.
    pub fn list(&self) -> ListNodes {
        ListNodes {
            docker: self.docker.clone(),
            opts: NodeListOptions::default(),
        }
    }
}

/// A swarm node, with the data it was fetched with.
#[derive(Debug, Clone)]
pub struct Node {
    docker: Docker,
    attrs: NodeModel,
}

impl Node {
    /// The node's ID.
    pub fn id(&self) -> &str {
        self.attrs.id.as_deref().unwrap_or_default()
    }

    /// The first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        short_id(self.id())
    }

    /// The node's hostname.
    pub fn hostname(&self) -> &str {
        self.attrs
            .description
            .as_ref()
            .and_then(|d| d.hostname.as_deref())
            .unwrap_or_default()
    }

    /// The node object's version as of the last fetch.
    pub fn version(&self) -> Option<u64> {
        self.attrs.version.as_ref().and_then(|v| v.index)
    }

    /// The data as of the last fetch.
    pub fn attrs(&self) -> &NodeModel {
        &self.attrs
    }

    /// The data, consuming the handle.
    pub fn into_attrs(self) -> NodeModel {
        self.attrs
    }

    /// Fetches the data again.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the node left the swarm.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self.docker.api().node_inspect(self.id()).await?;
        Ok(())
    }

    /// Changes the node's spec; await the builder. The current spec and version are read from the
    /// daemon first and only what is set is changed, so a stale handle never causes an "update out of
    /// sequence" error. The handle's own data is not refreshed: call [`reload`](Self::reload).
    pub fn update(&self) -> UpdateNode {
        UpdateNode {
            docker: self.docker.clone(),
            id: self.id().to_string(),
            name: None,
            labels: None,
            remove_labels: Vec::new(),
            role: None,
            availability: None,
            spec: None,
        }
    }

    /// Removes the node from the swarm; await the builder.
    pub fn remove(&self) -> RemoveNode {
        RemoveNode {
            docker: self.docker.clone(),
            id: self.id().to_string(),
            opts: NodeDeleteOptions::default(),
        }
    }
}

/// Builder of [`Nodes::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListNodes {
    docker: Docker,
    opts: NodeListOptions,
}

impl ListNodes {
    /// Adds a filter: `id`, `label`, `membership`, `name`, `node.label`, `role`.
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

impl IntoFuture for ListNodes {
    type Output = Result<Vec<Node>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let nodes = self.docker.api().node_list(&self.opts).await?;
            Ok(nodes
                .into_iter()
                .map(|attrs| Node {
                    docker: self.docker.clone(),
                    attrs,
                })
                .collect())
        })
    }
}

/// Builder of [`Node::update`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct UpdateNode {
    docker: Docker,
    id: String,
    name: Option<String>,
    labels: Option<HashMap<String, String>>,
    remove_labels: Vec<String>,
    role: Option<String>,
    availability: Option<String>,
    spec: Option<NodeSpec>,
}

impl UpdateNode {
    /// The node's name in the swarm.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds (or changes) a node label; the other labels are kept.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Removes a node label.
    pub fn remove_label(mut self, key: impl Into<String>) -> Self {
        self.remove_labels.push(key.into());
        self
    }

    /// `worker` or `manager`.
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// `active`, `pause` or `drain`.
    pub fn availability(mut self, availability: impl Into<String>) -> Self {
        self.availability = Some(availability.into());
        self
    }

    /// Replaces the whole spec instead (the other setters then apply on top of it).
    pub fn spec(mut self, spec: NodeSpec) -> Self {
        self.spec = Some(spec);
        self
    }

    async fn run(self) -> Result<()> {
        let role = match self.role.as_deref().map(NodeSpecRole::from) {
            Some(NodeSpecRole::Other(r)) => {
                return Err(Error::invalid(format!(
                    "node role {r:?} is not worker or manager"
                )))
            }
            other => other,
        };
        let availability = match self.availability.as_deref().map(NodeSpecAvailability::from) {
            Some(NodeSpecAvailability::Other(a)) => {
                return Err(Error::invalid(format!(
                    "node availability {a:?} is not active, pause or drain"
                )))
            }
            other => other,
        };
        let mut attempt = 1;
        loop {
            match self.update_once(role.clone(), availability.clone()).await {
                Err(e) if is_out_of_sequence(&e) && attempt < UPDATE_ATTEMPTS => attempt += 1,
                other => return other,
            }
        }
    }

    async fn update_once(
        &self,
        role: Option<NodeSpecRole>,
        availability: Option<NodeSpecAvailability>,
    ) -> Result<()> {
        let api = self.docker.api();
        let current = api.node_inspect(&self.id).await?;
        let version = current
            .version
            .as_ref()
            .and_then(|v| v.index)
            .ok_or_else(|| Error::Protocol("the node's data has no version".to_string()))?;
        let mut spec = match &self.spec {
            Some(s) => s.clone(),
            None => current.spec.unwrap_or_default(),
        };
        if let Some(n) = &self.name {
            spec.name = Some(n.clone());
        }
        if self.labels.is_some() || !self.remove_labels.is_empty() {
            let labels = spec.labels.get_or_insert_with(HashMap::new);
            labels.extend(self.labels.clone().unwrap_or_default());
            for k in &self.remove_labels {
                labels.remove(k);
            }
        }
        if role.is_some() {
            spec.role = role;
        }
        if availability.is_some() {
            spec.availability = availability;
        }
        let id = current.id.clone().unwrap_or_default();
        api.node_update(&id, version, &spec).await
    }
}

impl IntoFuture for UpdateNode {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Builder of [`Node::remove`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct RemoveNode {
    docker: Docker,
    id: String,
    opts: NodeDeleteOptions,
}

impl RemoveNode {
    /// Remove even if the node is still reachable.
    pub fn force(mut self, force: bool) -> Self {
        self.opts.force = force;
        self
    }
}

impl IntoFuture for RemoveNode {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().node_delete(&self.id, &self.opts).await })
    }
}
