//! [`SwarmSpec`] and [`SwarmExternalCA`]: the settings of a swarm, for `swarm init` and `swarm update`.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use crate::config::auth::Redacted;
use crate::error::{Error, Result};
use crate::models::{
    SwarmSpec as SwarmSpecModel, SwarmSpecCAConfigExternalCAs,
    SwarmSpecCAConfigExternalCAsProtocol, SwarmSpecTaskDefaultsLogDriver,
};
use crate::types::services::DriverConfig;
use crate::utils::duration::duration_to_nanos;

/// The settings of a swarm (the Engine API's `SwarmSpec`).
///
/// Only the fields set here are sent on `init`; on update, [`merge_into`](Self::merge_into) writes them
/// over the current spec one setting at a time, so changing the raft snapshot interval leaves the
/// election tick alone. `Debug` never shows the signing CA key.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::types::SwarmSpec;
///
/// let spec = SwarmSpec::new()
///     .label("env", "test")
///     .task_history_retention_limit(10)
///     .dispatcher_heartbeat_period(Duration::from_secs(5))
///     .signing_ca_cert("-----BEGIN CERTIFICATE-----…")
///     .signing_ca_key("-----BEGIN EC PRIVATE KEY-----…")
///     .build()?;
/// assert_eq!(spec.dispatcher.unwrap().heartbeat_period, Some(5_000_000_000));
/// let shown = format!("{:?}", SwarmSpec::new().signing_ca_key("secret-key"));
/// assert!(!shown.contains("secret-key"));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct SwarmSpec {
    name: Option<String>,
    labels: Option<HashMap<String, String>>,
    task_history_retention_limit: Option<i64>,
    snapshot_interval: Option<u64>,
    keep_old_snapshots: Option<u64>,
    log_entries_for_slow_followers: Option<u64>,
    heartbeat_tick: Option<i64>,
    election_tick: Option<i64>,
    dispatcher_heartbeat_period: Option<Duration>,
    node_cert_expiry: Option<Duration>,
    external_cas: Option<Vec<SwarmExternalCA>>,
    signing_ca_cert: Option<String>,
    signing_ca_key: Option<String>,
    ca_force_rotate: Option<u64>,
    autolock_managers: Option<bool>,
    log_driver: Option<DriverConfig>,
}

impl fmt::Debug for SwarmSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SwarmSpec")
            .field("name", &self.name)
            .field("labels", &self.labels)
            .field(
                "task_history_retention_limit",
                &self.task_history_retention_limit,
            )
            .field("snapshot_interval", &self.snapshot_interval)
            .field("keep_old_snapshots", &self.keep_old_snapshots)
            .field(
                "log_entries_for_slow_followers",
                &self.log_entries_for_slow_followers,
            )
            .field("heartbeat_tick", &self.heartbeat_tick)
            .field("election_tick", &self.election_tick)
            .field(
                "dispatcher_heartbeat_period",
                &self.dispatcher_heartbeat_period,
            )
            .field("node_cert_expiry", &self.node_cert_expiry)
            .field("external_cas", &self.external_cas)
            .field("signing_ca_cert", &self.signing_ca_cert)
            .field("signing_ca_key", &Redacted(&self.signing_ca_key))
            .field("ca_force_rotate", &self.ca_force_rotate)
            .field("autolock_managers", &self.autolock_managers)
            .field("log_driver", &self.log_driver)
            .finish()
    }
}

impl SwarmSpec {
    /// Nothing set: the daemon's defaults.
    pub fn new() -> Self {
        SwarmSpec::default()
    }

    /// The swarm's name (only `default` is supported by the daemon).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Replaces the swarm labels.
    pub fn labels<I, K, V>(mut self, labels: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.labels = Some(
            labels
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Adds a swarm label (on update, the labels set here replace the current ones).
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// How many finished tasks to keep per slot.
    pub fn task_history_retention_limit(mut self, limit: i64) -> Self {
        self.task_history_retention_limit = Some(limit);
        self
    }

    /// Raft: log entries between snapshots.
    pub fn snapshot_interval(mut self, entries: u64) -> Self {
        self.snapshot_interval = Some(entries);
        self
    }

    /// Raft: snapshots to keep besides the current one.
    pub fn keep_old_snapshots(mut self, count: u64) -> Self {
        self.keep_old_snapshots = Some(count);
        self
    }

    /// Raft: log entries kept for slow followers after a snapshot.
    pub fn log_entries_for_slow_followers(mut self, entries: u64) -> Self {
        self.log_entries_for_slow_followers = Some(entries);
        self
    }

    /// Raft: ticks between heartbeats.
    pub fn heartbeat_tick(mut self, ticks: i64) -> Self {
        self.heartbeat_tick = Some(ticks);
        self
    }

    /// Raft: ticks without a leader before an election.
    pub fn election_tick(mut self, ticks: i64) -> Self {
        self.election_tick = Some(ticks);
        self
    }

    /// How often nodes report to the dispatcher.
    pub fn dispatcher_heartbeat_period(mut self, period: Duration) -> Self {
        self.dispatcher_heartbeat_period = Some(period);
        self
    }

    /// How long node certificates are valid.
    pub fn node_cert_expiry(mut self, expiry: Duration) -> Self {
        self.node_cert_expiry = Some(expiry);
        self
    }

    /// Adds an external CA that signs node certificates.
    pub fn external_ca(mut self, ca: SwarmExternalCA) -> Self {
        self.external_cas.get_or_insert_with(Vec::new).push(ca);
        self
    }

    /// The PEM certificate of the CA that signs node certificates.
    pub fn signing_ca_cert(mut self, pem: impl Into<String>) -> Self {
        self.signing_ca_cert = Some(pem.into());
        self
    }

    /// The PEM key of that CA (never shown by `Debug`).
    pub fn signing_ca_key(mut self, pem: impl Into<String>) -> Self {
        self.signing_ca_key = Some(pem.into());
        self
    }

    /// Bump this counter to rotate the CA even without a new certificate.
    pub fn ca_force_rotate(mut self, counter: u64) -> Self {
        self.ca_force_rotate = Some(counter);
        self
    }

    /// Lock managers' keys at rest; they then need the unlock key after a restart.
    pub fn autolock_managers(mut self, on: bool) -> Self {
        self.autolock_managers = Some(on);
        self
    }

    /// The default log driver of tasks.
    pub fn log_driver(mut self, driver: DriverConfig) -> Self {
        self.log_driver = Some(driver);
        self
    }

    /// Checks the values and builds the Engine API's `SwarmSpec` with only the fields set here.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a signing key without its certificate, an election tick not above
    /// the heartbeat tick, a negative limit, or a bad external CA or log driver.
    pub fn build(&self) -> Result<SwarmSpecModel> {
        let mut model = SwarmSpecModel::default();
        self.merge_into(&mut model)?;
        Ok(model)
    }

    /// Writes the settings set here over `model`, one leaf at a time, keeping the others.
    ///
    /// # Errors
    /// As [`build`](Self::build), checked against the merged result.
    pub fn merge_into(&self, model: &mut SwarmSpecModel) -> Result<()> {
        if self.signing_ca_key.is_some() && self.signing_ca_cert.is_none() {
            return Err(Error::invalid(
                "swarm spec: a signing CA key needs its certificate (signing_ca_cert)",
            ));
        }
        if self.task_history_retention_limit.is_some_and(|l| l < 0) {
            return Err(Error::invalid(
                "swarm spec: task_history_retention_limit must not be negative",
            ));
        }
        macro_rules! leaf {
            ($value:expr, $parent:ident, $field:ident) => {
                if let Some(v) = $value {
                    model.$parent.get_or_insert_with(Default::default).$field = Some(v);
                }
            };
        }
        if let Some(n) = &self.name {
            model.name = Some(n.clone());
        }
        if let Some(l) = &self.labels {
            model.labels = Some(l.clone());
        }
        leaf!(
            self.task_history_retention_limit,
            orchestration,
            task_history_retention_limit
        );
        leaf!(self.snapshot_interval, raft, snapshot_interval);
        leaf!(self.keep_old_snapshots, raft, keep_old_snapshots);
        leaf!(
            self.log_entries_for_slow_followers,
            raft,
            log_entries_for_slow_followers
        );
        leaf!(self.heartbeat_tick, raft, heartbeat_tick);
        leaf!(self.election_tick, raft, election_tick);
        leaf!(
            self.dispatcher_heartbeat_period.map(duration_to_nanos),
            dispatcher,
            heartbeat_period
        );
        leaf!(
            self.node_cert_expiry.map(duration_to_nanos),
            ca_config,
            node_cert_expiry
        );
        if let Some(cas) = &self.external_cas {
            model
                .ca_config
                .get_or_insert_with(Default::default)
                .external_cas = Some(
                cas.iter()
                    .map(SwarmExternalCA::build)
                    .collect::<Result<_>>()?,
            );
        }
        leaf!(self.signing_ca_cert.clone(), ca_config, signing_ca_cert);
        leaf!(self.signing_ca_key.clone(), ca_config, signing_ca_key);
        leaf!(self.ca_force_rotate, ca_config, force_rotate);
        leaf!(
            self.autolock_managers,
            encryption_config,
            auto_lock_managers
        );
        if let Some(d) = &self.log_driver {
            let d = d.build()?;
            model
                .task_defaults
                .get_or_insert_with(Default::default)
                .log_driver = Some(SwarmSpecTaskDefaultsLogDriver {
                name: d.name,
                options: d.options,
            });
        }
        if let Some(raft) = &model.raft {
            if let (Some(e), Some(h)) = (raft.election_tick, raft.heartbeat_tick) {
                if e <= h {
                    return Err(Error::invalid(format!(
                        "swarm spec: election_tick ({e}) must be greater than heartbeat_tick ({h})"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// An external certificate authority that signs the swarm's node certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwarmExternalCA {
    url: String,
    protocol: String,
    options: Option<HashMap<String, String>>,
    ca_cert: Option<String>,
}

impl SwarmExternalCA {
    /// The CA reachable at `url` (protocol `cfssl`).
    pub fn new(url: impl Into<String>) -> Self {
        SwarmExternalCA {
            url: url.into(),
            protocol: "cfssl".to_string(),
            options: None,
            ca_cert: None,
        }
    }

    /// The protocol; `cfssl` is the only one.
    pub fn protocol(mut self, protocol: impl Into<String>) -> Self {
        self.protocol = protocol.into();
        self
    }

    /// Adds an option for the CA driver.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// The CA's root certificate (PEM), when it differs from the swarm's.
    pub fn ca_cert(mut self, pem: impl Into<String>) -> Self {
        self.ca_cert = Some(pem.into());
        self
    }

    /// Checks the values and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty URL or a protocol other than `cfssl`.
    pub fn build(&self) -> Result<SwarmSpecCAConfigExternalCAs> {
        if self.url.trim().is_empty() {
            return Err(Error::invalid("external CA: the URL is empty"));
        }
        let protocol = match SwarmSpecCAConfigExternalCAsProtocol::from(self.protocol.as_str()) {
            SwarmSpecCAConfigExternalCAsProtocol::Other(p) => {
                return Err(Error::invalid(format!(
                    "external CA: protocol {p:?} is not supported; the only one is cfssl"
                )))
            }
            known => known,
        };
        Ok(SwarmSpecCAConfigExternalCAs {
            protocol: Some(protocol),
            url: Some(self.url.clone()),
            options: self.options.clone(),
            ca_cert: self.ca_cert.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builds_only_what_is_set() {
        assert_eq!(
            serde_json::to_value(SwarmSpec::new().build().unwrap()).unwrap(),
            json!({})
        );
        let spec = SwarmSpec::new()
            .name("default")
            .snapshot_interval(5000)
            .keep_old_snapshots(1)
            .log_entries_for_slow_followers(500)
            .heartbeat_tick(1)
            .election_tick(10)
            .node_cert_expiry(Duration::from_secs(3600))
            .external_ca(SwarmExternalCA::new("https://ca").option("k", "v"))
            .ca_force_rotate(2)
            .autolock_managers(true)
            .log_driver(DriverConfig::new("json-file"))
            .build()
            .unwrap();
        assert_eq!(
            serde_json::to_value(spec).unwrap(),
            json!({
                "Name": "default",
                "Raft": {"SnapshotInterval": 5000, "KeepOldSnapshots": 1,
                         "LogEntriesForSlowFollowers": 500, "HeartbeatTick": 1, "ElectionTick": 10},
                "CAConfig": {"NodeCertExpiry": 3_600_000_000_000i64, "ForceRotate": 2,
                             "ExternalCAs": [{"Protocol": "cfssl", "URL": "https://ca", "Options": {"k": "v"}}]},
                "EncryptionConfig": {"AutoLockManagers": true},
                "TaskDefaults": {"LogDriver": {"Name": "json-file"}}
            })
        );
    }

    #[test]
    fn merge_changes_one_leaf() {
        let mut current = SwarmSpec::new()
            .label("keep", "1")
            .snapshot_interval(10000)
            .election_tick(10)
            .heartbeat_tick(1)
            .task_history_retention_limit(5)
            .build()
            .unwrap();
        SwarmSpec::new()
            .snapshot_interval(20)
            .merge_into(&mut current)
            .unwrap();
        let raft = current.raft.as_ref().unwrap();
        assert_eq!(raft.snapshot_interval, Some(20));
        assert_eq!(raft.election_tick, Some(10));
        assert_eq!(current.labels.as_ref().unwrap()["keep"], "1");
        assert_eq!(
            current
                .orchestration
                .as_ref()
                .unwrap()
                .task_history_retention_limit,
            Some(5)
        );
        let err = SwarmSpec::new()
            .election_tick(1)
            .merge_into(&mut current)
            .unwrap_err();
        assert!(err.to_string().contains("election_tick"), "{err}");
    }

    #[test]
    fn rejects_bad_values() {
        assert!(SwarmSpec::new().signing_ca_key("k").build().is_err());
        assert!(SwarmSpec::new()
            .task_history_retention_limit(-1)
            .build()
            .is_err());
        assert!(SwarmSpec::new()
            .external_ca(SwarmExternalCA::new(""))
            .build()
            .is_err());
        assert!(SwarmSpec::new()
            .external_ca(SwarmExternalCA::new("https://x").protocol("acme"))
            .build()
            .is_err());
        assert!(SwarmSpec::new()
            .log_driver(DriverConfig::new(""))
            .build()
            .is_err());
    }
}
