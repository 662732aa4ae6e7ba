//! Swarm mode: `docker.swarm()` ([`Swarm`]) to init, join, leave, update and unlock a swarm.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! use docker_sdk::types::SwarmSpec;
//!
//! let node_id = docker
//!     .swarm()
//!     .init()
//!     .advertise_addr("127.0.0.1")
//!     .spec(SwarmSpec::new().task_history_retention_limit(2))
//!     .await?;
//! // Change one setting; everything else in the current spec is kept.
//! docker.swarm().update().spec(SwarmSpec::new().label("env", "ci")).await?;
//! docker.swarm().leave().force(true).await?;
//! # let _ = node_id; Ok(()) }
//! ```

use std::fmt;
use std::future::IntoFuture;

use crate::api::{is_out_of_sequence, SwarmLeaveOptions, SwarmUpdateOptions, UPDATE_ATTEMPTS};
use crate::config::auth::REDACTED;
use crate::error::{Error, Result};
use crate::models::{Swarm as SwarmModel, SwarmInitBody, SwarmJoinBody, SwarmUnlockBody};
use crate::system::BoxFuture;
use crate::types::SwarmSpec;
use crate::Docker;

impl Docker {
    /// Swarm mode on this daemon. Making the handle sends nothing; [`Swarm::reload`] fetches the swarm's
    /// data.
    pub fn swarm(&self) -> Swarm {
        Swarm {
            docker: self.clone(),
            attrs: None,
        }
    }
}

/// A swarm's unlock key. `Debug` never shows it; [`expose`](Self::expose) does.
#[derive(Clone, PartialEq, Eq)]
pub struct UnlockKey(String);

impl UnlockKey {
    /// Wraps a key (e.g. typed in by an operator).
    pub fn new(key: impl Into<String>) -> Self {
        UnlockKey(key.into())
    }

    /// The key itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnlockKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnlockKey({REDACTED:?})")
    }
}

/// The tokens that let nodes join a swarm. `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct JoinTokens {
    worker: String,
    manager: String,
}

impl JoinTokens {
    /// The token for joining as a worker.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// The token for joining as a manager.
    pub fn manager(&self) -> &str {
        &self.manager
    }
}

impl fmt::Debug for JoinTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinTokens")
            .field("worker", &REDACTED)
            .field("manager", &REDACTED)
            .finish()
    }
}

/// Swarm mode on one daemon, from [`Docker::swarm`], with the swarm's data once
/// [`reload`](Self::reload)ed. `Debug` leaves out the join tokens.
#[derive(Clone)]
pub struct Swarm {
    docker: Docker,
    attrs: Option<SwarmModel>,
}

impl fmt::Debug for Swarm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.attrs.clone().map(|mut a| {
            a.join_tokens = None;
            if let Some(ca) = a.spec.as_mut().and_then(|s| s.ca_config.as_mut()) {
                ca.signing_ca_key = ca.signing_ca_key.as_ref().map(|_| REDACTED.to_string());
            }
            a
        });
        f.debug_struct("Swarm")
            .field("docker", &self.docker)
            .field("attrs", &shown)
            .finish()
    }
}

impl Swarm {
    /// The swarm's data as of the last [`reload`](Self::reload), if any.
    pub fn attrs(&self) -> Option<&SwarmModel> {
        self.attrs.as_ref()
    }

    /// The swarm's ID, once reloaded.
    pub fn id(&self) -> Option<&str> {
        self.attrs.as_ref().and_then(|a| a.id.as_deref())
    }

    /// The swarm object's version (needed by updates), once reloaded.
    pub fn version(&self) -> Option<u64> {
        self.attrs
            .as_ref()
            .and_then(|a| a.version.as_ref())
            .and_then(|v| v.index)
    }

    /// The join tokens, once reloaded.
    pub fn join_tokens(&self) -> Option<JoinTokens> {
        let t = self.attrs.as_ref()?.join_tokens.as_ref()?;
        Some(JoinTokens {
            worker: t.worker.clone().unwrap_or_default(),
            manager: t.manager.clone().unwrap_or_default(),
        })
    }

    /// Fetches the swarm's data.
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 when this node is not a swarm manager.
    pub async fn inspect(&self) -> Result<SwarmModel> {
        self.docker.api().swarm_inspect().await
    }

    /// Fetches the swarm's data and keeps it in the handle.
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 when this node is not a swarm manager.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = Some(self.inspect().await?);
        Ok(())
    }

    /// Creates a swarm with this node as manager; await the builder for the node's ID.
    pub fn init(&self) -> InitSwarm {
        InitSwarm {
            docker: self.docker.clone(),
            body: SwarmInitBody {
                listen_addr: Some("0.0.0.0:2377".to_string()),
                ..Default::default()
            },
            spec: None,
        }
    }

    /// Joins the swarm whose managers are at `remote_addrs`; await the builder.
    pub fn join<I, S>(&self, remote_addrs: I, join_token: impl Into<String>) -> JoinSwarm
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        JoinSwarm {
            docker: self.docker.clone(),
            body: SwarmJoinBody {
                listen_addr: Some("0.0.0.0:2377".to_string()),
                remote_addrs: Some(remote_addrs.into_iter().map(Into::into).collect()),
                join_token: Some(join_token.into()),
                ..Default::default()
            },
        }
    }

    /// Leaves the swarm; await the builder.
    pub fn leave(&self) -> LeaveSwarm {
        LeaveSwarm {
            docker: self.docker.clone(),
            opts: SwarmLeaveOptions::default(),
        }
    }

    /// Changes the swarm's settings; await the builder. The current spec and version are read first and
    /// only the settings given are changed, so nothing else is reset.
    pub fn update(&self) -> UpdateSwarm {
        UpdateSwarm {
            docker: self.docker.clone(),
            changes: SwarmSpec::new(),
            opts: SwarmUpdateOptions::default(),
        }
    }

    /// The key that unlocks a locked manager (with autolock on).
    ///
    /// # Errors
    /// [`Error::Api`] (503) outside a swarm.
    pub async fn unlock_key(&self) -> Result<UnlockKey> {
        let resp = self.docker.api().swarm_unlockkey().await?;
        Ok(UnlockKey(resp.unlock_key.unwrap_or_default()))
    }

    /// Unlocks this locked manager.
    ///
    /// # Errors
    /// [`Error::Api`] when the key is wrong or the node is not locked.
    pub async fn unlock(&self, key: &UnlockKey) -> Result<()> {
        self.docker
            .api()
            .swarm_unlock(&SwarmUnlockBody {
                unlock_key: Some(key.0.clone()),
            })
            .await
    }
}

/// Builder of [`Swarm::init`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct InitSwarm {
    docker: Docker,
    body: SwarmInitBody,
    spec: Option<SwarmSpec>,
}

impl InitSwarm {
    /// The address other nodes reach this one at (`ip`, `ip:port` or an interface).
    pub fn advertise_addr(mut self, addr: impl Into<String>) -> Self {
        self.body.advertise_addr = Some(addr.into());
        self
    }

    /// Where managers listen (default `0.0.0.0:2377`).
    pub fn listen_addr(mut self, addr: impl Into<String>) -> Self {
        self.body.listen_addr = Some(addr.into());
        self
    }

    /// Recover a swarm from this node's state as a new single-manager cluster.
    pub fn force_new_cluster(mut self, force: bool) -> Self {
        self.body.force_new_cluster = Some(force);
        self
    }

    /// Adds a pool overlay networks get their subnets from (CIDR; default `10.0.0.0/8`).
    pub fn default_addr_pool(mut self, cidr: impl Into<String>) -> Self {
        self.body
            .default_addr_pool
            .get_or_insert_with(Vec::new)
            .push(cidr.into());
        self
    }

    /// The prefix length of subnets taken from the pools (default 24).
    pub fn subnet_size(mut self, size: u32) -> Self {
        self.body.subnet_size = Some(size);
        self
    }

    /// The address (or interface) for data traffic, when it differs from the advertised one.
    pub fn data_path_addr(mut self, addr: impl Into<String>) -> Self {
        self.body.data_path_addr = Some(addr.into());
        self
    }

    /// The UDP port of VXLAN data traffic (default 4789).
    pub fn data_path_port(mut self, port: u32) -> Self {
        self.body.data_path_port = Some(port);
        self
    }

    /// The swarm's settings.
    pub fn spec(mut self, spec: SwarmSpec) -> Self {
        self.spec = Some(spec);
        self
    }

    async fn run(mut self) -> Result<String> {
        for pool in self.body.default_addr_pool.iter().flatten() {
            crate::types::network::Cidr::parse(pool, "default address pool")?;
        }
        if let Some(size) = self.body.subnet_size {
            if !(1..=32).contains(&size) {
                return Err(Error::invalid(format!(
                    "swarm init: subnet size {size} is not a prefix length between 1 and 32"
                )));
            }
        }
        if let Some(spec) = &self.spec {
            self.body.spec = Some(spec.build()?);
        }
        self.docker.api().swarm_init(&self.body).await
    }
}

impl IntoFuture for InitSwarm {
    type Output = Result<String>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Builder of [`Swarm::join`]. `Debug` never shows the join token.
#[derive(Clone)]
#[must_use = "does nothing until awaited"]
pub struct JoinSwarm {
    docker: Docker,
    body: SwarmJoinBody,
}

impl fmt::Debug for JoinSwarm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinSwarm")
            .field("remote_addrs", &self.body.remote_addrs)
            .field("listen_addr", &self.body.listen_addr)
            .field("advertise_addr", &self.body.advertise_addr)
            .field("data_path_addr", &self.body.data_path_addr)
            .field("join_token", &REDACTED)
            .finish()
    }
}

impl JoinSwarm {
    /// Where this node listens if it becomes a manager (default `0.0.0.0:2377`).
    pub fn listen_addr(mut self, addr: impl Into<String>) -> Self {
        self.body.listen_addr = Some(addr.into());
        self
    }

    /// The address other nodes reach this one at.
    pub fn advertise_addr(mut self, addr: impl Into<String>) -> Self {
        self.body.advertise_addr = Some(addr.into());
        self
    }

    /// The address (or interface) for data traffic.
    pub fn data_path_addr(mut self, addr: impl Into<String>) -> Self {
        self.body.data_path_addr = Some(addr.into());
        self
    }
}

impl IntoFuture for JoinSwarm {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().swarm_join(&self.body).await })
    }
}

/// Builder of [`Swarm::leave`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct LeaveSwarm {
    docker: Docker,
    opts: SwarmLeaveOptions,
}

impl LeaveSwarm {
    /// Leave even as the last manager (the swarm and its services are lost).
    pub fn force(mut self, force: bool) -> Self {
        self.opts.force = force;
        self
    }
}

impl IntoFuture for LeaveSwarm {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().swarm_leave(&self.opts).await })
    }
}

/// Builder of [`Swarm::update`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct UpdateSwarm {
    docker: Docker,
    changes: SwarmSpec,
    opts: SwarmUpdateOptions,
}

impl UpdateSwarm {
    /// The settings to change (those not set here keep their current values).
    pub fn spec(mut self, changes: SwarmSpec) -> Self {
        self.changes = changes;
        self
    }

    /// Issue a new worker join token.
    pub fn rotate_worker_token(mut self, rotate: bool) -> Self {
        self.opts.rotate_worker_token = rotate;
        self
    }

    /// Issue a new manager join token.
    pub fn rotate_manager_token(mut self, rotate: bool) -> Self {
        self.opts.rotate_manager_token = rotate;
        self
    }

    /// Issue a new unlock key.
    pub fn rotate_manager_unlock_key(mut self, rotate: bool) -> Self {
        self.opts.rotate_manager_unlock_key = rotate;
        self
    }

    async fn run(self) -> Result<()> {
        let mut attempt = 1;
        loop {
            match self.update_once().await {
                Err(e) if is_out_of_sequence(&e) && attempt < UPDATE_ATTEMPTS => attempt += 1,
                other => return other,
            }
        }
    }

    async fn update_once(&self) -> Result<()> {
        let api = self.docker.api();
        let current = api.swarm_inspect().await?;
        let version = current
            .version
            .as_ref()
            .and_then(|v| v.index)
            .ok_or_else(|| Error::Protocol("the swarm's data has no version".to_string()))?;
        let mut spec = current.spec.unwrap_or_default();
        self.changes.merge_into(&mut spec)?;
        api.swarm_update(version, &spec, &self.opts).await
    }
}

impl IntoFuture for UpdateSwarm {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_debug() {
        let key = UnlockKey::new("SWMKEY-1-abc");
        assert!(!format!("{key:?}").contains("SWMKEY"));
        assert_eq!(key.expose(), "SWMKEY-1-abc");
        let tokens = JoinTokens {
            worker: "SWMTKN-w".into(),
            manager: "SWMTKN-m".into(),
        };
        assert!(!format!("{tokens:?}").contains("SWMTKN"));
        let docker = Docker::builder().build().unwrap();
        let swarm = Swarm {
            docker: docker.clone(),
            attrs: Some(
                serde_json::from_value(serde_json::json!({
                    "ID": "x",
                    "JoinTokens": {"Worker": "SWMTKN-w", "Manager": "SWMTKN-m"},
                    "Spec": {"CAConfig": {"SigningCAKey": "PRIVATE"}}
                }))
                .unwrap(),
            ),
        };
        let shown = format!("{swarm:?}");
        assert!(
            !shown.contains("SWMTKN") && !shown.contains("PRIVATE"),
            "{shown}"
        );
        assert_eq!(swarm.join_tokens().unwrap().worker(), "SWMTKN-w");
        let join = docker.swarm().join(["10.0.0.1:2377"], "SWMTKN-secret");
        assert!(!format!("{join:?}").contains("SWMTKN"));
    }
}
