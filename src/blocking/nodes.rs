//! Blocking mirror of [`crate::nodes`].

use super::mirror::blocking_builder;
use super::Docker;
use crate::error::Result;
use crate::models::{Node as NodeModel, NodeSpec};
use crate::utils::filters::Filters;

impl Docker {
    /// The nodes of the swarm; see [`crate::Docker::nodes`].
    pub fn nodes(&self) -> Nodes {
        Nodes {
            docker: self.clone(),
            inner: self.inner.nodes(),
        }
    }
}

/// Blocking mirror of [`crate::nodes::Nodes`].
#[derive(Debug, Clone)]
pub struct Nodes {
    docker: Docker,
    inner: crate::nodes::Nodes,
}

impl Nodes {
    /// See [`crate::nodes::Nodes::get`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown node.
    pub fn get(&self, id: &str) -> Result<Node> {
        let inner = self.docker.block_on(self.inner.get(id))??;
        Ok(Node {
            docker: self.docker.clone(),
            inner,
        })
    }

    /// See [`crate::nodes::Nodes::list`].
    pub fn list(&self) -> BlockingListNodes {
        BlockingListNodes::new(self.docker.clone(), self.inner.list())
    }
}

/// Blocking mirror of [`crate::nodes::Node`].
#[derive(Debug, Clone)]
pub struct Node {
    docker: Docker,
    inner: crate::nodes::Node,
}

impl Node {
    /// The async handle inside.
    pub fn as_async(&self) -> &crate::nodes::Node {
        &self.inner
    }

    /// See [`crate::nodes::Node::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::nodes::Node::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::nodes::Node::hostname`].
    pub fn hostname(&self) -> &str {
        self.inner.hostname()
    }

    /// See [`crate::nodes::Node::version`].
    pub fn version(&self) -> Option<u64> {
        self.inner.version()
    }

    /// See [`crate::nodes::Node::attrs`].
    pub fn attrs(&self) -> &NodeModel {
        self.inner.attrs()
    }

    /// See [`crate::nodes::Node::reload`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the node left the swarm.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::nodes::Node::update`].
    pub fn update(&self) -> BlockingUpdateNode {
        BlockingUpdateNode::new(self.docker.clone(), self.inner.update())
    }

    /// See [`crate::nodes::Node::remove`].
    pub fn remove(&self) -> BlockingRemoveNode {
        BlockingRemoveNode::new(self.docker.clone(), self.inner.remove())
    }
}

blocking_builder! {
    /// Blocking builder of [`Nodes::list`].
    BlockingListNodes wraps crate::nodes::ListNodes => Vec<Node>,
        |docker, list| list.into_iter().map(|inner| Node { docker: docker.clone(), inner }).collect();
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
    }
}

blocking_builder! {
    /// Blocking builder of [`Node::update`].
    BlockingUpdateNode wraps crate::nodes::UpdateNode => (), |_docker, done| done;
    {
        fn name(name: impl Into<String>);
        fn label(key: impl Into<String>, value: impl Into<String>);
        fn remove_label(key: impl Into<String>);
        fn role(role: impl Into<String>);
        fn availability(availability: impl Into<String>);
        fn spec(spec: NodeSpec);
    }
}

blocking_builder! {
    /// Blocking builder of [`Node::remove`].
    BlockingRemoveNode wraps crate::nodes::RemoveNode => (), |_docker, done| done;
    {
        fn force(force: bool);
    }
}
