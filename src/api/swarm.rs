//! Endpoints tagged `Swarm` in the spec: inspect, init, join, leave, update, unlock and the unlock key.

use super::{path, ApiClient, Query, Request};
use crate::error::{Error, Result};
use crate::models::{
    Swarm, SwarmInitBody, SwarmJoinBody, SwarmSpec, SwarmUnlockBody, SwarmUnlockkeyResponse,
};

impl ApiClient {
    /// Inspects the swarm this node manages.
    ///
    /// Engine API `SwarmInspect` (`GET /swarm`).
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 when the node is not a swarm manager.
    pub async fn swarm_inspect(&self) -> Result<Swarm> {
        self.send_json(Request::get(path("/swarm", &[]))).await
    }

    /// Creates a new swarm with this node as its first manager, and returns the node's ID.
    ///
    /// Engine API `SwarmInit` (`POST /swarm/init`).
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 when the node is already part of a swarm, 400 for bad addresses.
    pub async fn swarm_init(&self, body: &SwarmInitBody) -> Result<String> {
        // Initialising raft and the CA can take a while on a slow host; the client timeout still applies.
        self.send_json(Request::post(path("/swarm/init", &[])).json(body)?)
            .await
    }

    /// Joins an existing swarm.
    ///
    /// Engine API `SwarmJoin` (`POST /swarm/join`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without remote addresses or join token, [`Error::Api`] with status 503
    /// when the node is already part of a swarm.
    pub async fn swarm_join(&self, body: &SwarmJoinBody) -> Result<()> {
        if body.remote_addrs.as_ref().is_none_or(Vec::is_empty) {
            return Err(Error::invalid(
                "swarm join needs the address of at least one manager (RemoteAddrs)",
            ));
        }
        if body.join_token.as_deref().is_none_or(str::is_empty) {
            return Err(Error::invalid(
                "swarm join needs a join token: read it on a manager with `docker swarm join-token`",
            ));
        }
        self.send_empty(Request::post(path("/swarm/join", &[])).json(body)?)
            .await
    }

    /// Leaves the swarm.
    ///
    /// Engine API `SwarmLeave` (`POST /swarm/leave`).
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 when the node is not part of a swarm, or when it is the last
    /// manager and `force` is not set.
    pub async fn swarm_leave(&self, opts: &SwarmLeaveOptions) -> Result<()> {
        self.send_empty(Request::post(path("/swarm/leave", &[])).query(opts.query()))
            .await
    }

    /// Replaces the swarm's spec. `version` is the swarm's current `Version.Index`; the whole spec is
    /// replaced, so start from the current one (see [`crate::Docker::swarm`] for a merging update).
    ///
    /// Engine API `SwarmUpdate` (`POST /swarm/update`).
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 outside a swarm, 500 ("update out of sequence") for an out-of-date
    /// `version`, 400 for an invalid spec.
    pub async fn swarm_update(
        &self,
        version: u64,
        spec: &SwarmSpec,
        opts: &SwarmUpdateOptions,
    ) -> Result<()> {
        self.send_empty(
            Request::post(path("/swarm/update", &[]))
                .query(opts.query(version))
                .json(spec)?,
        )
        .await
    }

    /// Reads the key that unlocks a locked manager (autolock).
    ///
    /// Engine API `SwarmUnlockkey` (`GET /swarm/unlockkey`).
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 outside a swarm.
    pub async fn swarm_unlockkey(&self) -> Result<SwarmUnlockkeyResponse> {
        self.send_json(Request::get(path("/swarm/unlockkey", &[])))
            .await
    }

    /// Unlocks a locked manager.
    ///
    /// Engine API `SwarmUnlock` (`POST /swarm/unlock`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a key, [`Error::Api`] when the key is wrong or the node is not
    /// locked.
    pub async fn swarm_unlock(&self, body: &SwarmUnlockBody) -> Result<()> {
        if body.unlock_key.as_deref().is_none_or(str::is_empty) {
            return Err(Error::invalid(
                "swarm unlock needs the unlock key (`docker swarm unlock-key` on another manager)",
            ));
        }
        self.send_empty(Request::post(path("/swarm/unlock", &[])).json(body)?)
            .await
    }
}

/// Options of `POST /swarm/leave` ([`ApiClient::swarm_leave`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SwarmLeaveOptions {
    /// Leave even as the last manager (the swarm is lost) or while the node is a manager.
    pub force: bool,
}

impl SwarmLeaveOptions {
    /// Force leaving.
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

/// Options of `POST /swarm/update` ([`ApiClient::swarm_update`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SwarmUpdateOptions {
    /// Issue a new worker join token.
    pub rotate_worker_token: bool,
    /// Issue a new manager join token.
    pub rotate_manager_token: bool,
    /// Issue a new unlock key.
    pub rotate_manager_unlock_key: bool,
}

impl SwarmUpdateOptions {
    /// Issue a new worker join token.
    pub fn rotate_worker_token(mut self, rotate: bool) -> Self {
        self.rotate_worker_token = rotate;
        self
    }

    /// Issue a new manager join token.
    pub fn rotate_manager_token(mut self, rotate: bool) -> Self {
        self.rotate_manager_token = rotate;
        self
    }

    /// Issue a new unlock key.
    pub fn rotate_manager_unlock_key(mut self, rotate: bool) -> Self {
        self.rotate_manager_unlock_key = rotate;
        self
    }

    pub(crate) fn query(&self, version: u64) -> Query {
        let mut q = Query::new();
        q.push("version", version)
            .flag("rotateWorkerToken", self.rotate_worker_token)
            .flag("rotateManagerToken", self.rotate_manager_token)
            .flag("rotateManagerUnlockKey", self.rotate_manager_unlock_key);
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_to_query() {
        let cases: Vec<(Query, &str)> = vec![
            (SwarmLeaveOptions::default().query(), ""),
            (SwarmLeaveOptions::default().force(true).query(), "force=true"),
            (SwarmUpdateOptions::default().query(7), "version=7"),
            (
                SwarmUpdateOptions::default()
                    .rotate_worker_token(true)
                    .rotate_manager_token(true)
                    .rotate_manager_unlock_key(true)
                    .query(9),
                "version=9&rotateWorkerToken=true&rotateManagerToken=true&rotateManagerUnlockKey=true",
            ),
        ];
        for (query, want) in cases {
            assert_eq!(query.encode(), want);
        }
    }
}
