//! Blocking mirror of [`crate::swarm`].

use super::mirror::blocking_builder;
use super::Docker;
use crate::error::Result;
use crate::models::Swarm as SwarmModel;
use crate::swarm::{JoinTokens, UnlockKey};
use crate::types::SwarmSpec;

impl Docker {
    /// Swarm mode on this daemon; see [`crate::Docker::swarm`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let node_id = docker.swarm().init().advertise_addr("127.0.0.1").send()?;
    /// docker.swarm().leave().force(true).send()?;
    /// # let _ = node_id; Ok(()) }
    /// ```
    pub fn swarm(&self) -> Swarm {
        Swarm {
            docker: self.clone(),
            inner: self.inner.swarm(),
        }
    }
}

/// Blocking mirror of [`crate::swarm::Swarm`].
#[derive(Debug, Clone)]
pub struct Swarm {
    docker: Docker,
    inner: crate::swarm::Swarm,
}

impl Swarm {
    /// See [`crate::swarm::Swarm::attrs`].
    pub fn attrs(&self) -> Option<&SwarmModel> {
        self.inner.attrs()
    }

    /// See [`crate::swarm::Swarm::id`].
    pub fn id(&self) -> Option<&str> {
        self.inner.id()
    }

    /// See [`crate::swarm::Swarm::version`].
    pub fn version(&self) -> Option<u64> {
        self.inner.version()
    }

    /// See [`crate::swarm::Swarm::join_tokens`].
    pub fn join_tokens(&self) -> Option<JoinTokens> {
        self.inner.join_tokens()
    }

    /// See [`crate::swarm::Swarm::inspect`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] (503) when this node is not a swarm manager.
    pub fn inspect(&self) -> Result<SwarmModel> {
        self.docker.block_on(self.inner.inspect())?
    }

    /// See [`crate::swarm::Swarm::reload`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] (503) when this node is not a swarm manager.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::swarm::Swarm::init`].
    pub fn init(&self) -> BlockingInitSwarm {
        BlockingInitSwarm::new(self.docker.clone(), self.inner.init())
    }

    /// See [`crate::swarm::Swarm::join`].
    pub fn join(
        &self,
        remote_addrs: impl IntoIterator<Item = impl Into<String>>,
        join_token: impl Into<String>,
    ) -> BlockingJoinSwarm {
        BlockingJoinSwarm::new(
            self.docker.clone(),
            self.inner.join(remote_addrs, join_token),
        )
    }

    /// See [`crate::swarm::Swarm::leave`].
    pub fn leave(&self) -> BlockingLeaveSwarm {
        BlockingLeaveSwarm::new(self.docker.clone(), self.inner.leave())
    }

    /// See [`crate::swarm::Swarm::update`].
    pub fn update(&self) -> BlockingUpdateSwarm {
        BlockingUpdateSwarm::new(self.docker.clone(), self.inner.update())
    }

    /// See [`crate::swarm::Swarm::unlock_key`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] (503) outside a swarm.
    pub fn unlock_key(&self) -> Result<UnlockKey> {
        self.docker.block_on(self.inner.unlock_key())?
    }

    /// See [`crate::swarm::Swarm::unlock`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] when the key is wrong or the node is not locked.
    pub fn unlock(&self, key: &UnlockKey) -> Result<()> {
        self.docker.block_on(self.inner.unlock(key))?
    }
}

blocking_builder! {
    /// Blocking builder of [`Swarm::init`].
    BlockingInitSwarm wraps crate::swarm::InitSwarm => String, |_docker, node_id| node_id;
    {
        fn advertise_addr(addr: impl Into<String>);
        fn listen_addr(addr: impl Into<String>);
        fn force_new_cluster(force: bool);
        fn default_addr_pool(cidr: impl Into<String>);
        fn subnet_size(size: u32);
        fn data_path_addr(addr: impl Into<String>);
        fn data_path_port(port: u32);
        fn spec(spec: SwarmSpec);
    }
}

blocking_builder! {
    /// Blocking builder of [`Swarm::join`].
    BlockingJoinSwarm wraps crate::swarm::JoinSwarm => (), |_docker, done| done;
    {
        fn listen_addr(addr: impl Into<String>);
        fn advertise_addr(addr: impl Into<String>);
        fn data_path_addr(addr: impl Into<String>);
    }
}

blocking_builder! {
    /// Blocking builder of [`Swarm::leave`].
    BlockingLeaveSwarm wraps crate::swarm::LeaveSwarm => (), |_docker, done| done;
    {
        fn force(force: bool);
    }
}

blocking_builder! {
    /// Blocking builder of [`Swarm::update`].
    BlockingUpdateSwarm wraps crate::swarm::UpdateSwarm => (), |_docker, done| done;
    {
        fn spec(changes: SwarmSpec);
        fn rotate_worker_token(rotate: bool);
        fn rotate_manager_token(rotate: bool);
        fn rotate_manager_unlock_key(rotate: bool);
    }
}
