//! Restart policies.

use crate::models::{RestartPolicy as RestartPolicyModel, RestartPolicyName};

/// When the daemon restarts a container that stopped.
///
/// ```
/// use docker_sdk::types::RestartPolicy;
/// let model = RestartPolicy::OnFailure { max_retries: 3 }.to_model();
/// assert_eq!(model.name.unwrap().as_str(), "on-failure");
/// assert_eq!(model.maximum_retry_count, Some(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum RestartPolicy {
    /// Never (the default).
    #[default]
    No,
    /// Always, including after a daemon restart.
    Always,
    /// Always, unless the container was stopped by hand.
    UnlessStopped,
    /// Only after a non-zero exit, at most `max_retries` times (0: no limit).
    OnFailure {
        /// Maximum number of restarts (0 means unlimited).
        max_retries: u32,
    },
}

impl RestartPolicy {
    /// The model sent to the daemon.
    pub fn to_model(self) -> RestartPolicyModel {
        let (name, retries) = match self {
            RestartPolicy::No => (RestartPolicyName::No, None),
            RestartPolicy::Always => (RestartPolicyName::Always, None),
            RestartPolicy::UnlessStopped => (RestartPolicyName::UnlessStopped, None),
            RestartPolicy::OnFailure { max_retries } => {
                (RestartPolicyName::OnFailure, Some(i64::from(max_retries)))
            }
        };
        RestartPolicyModel {
            name: Some(name),
            maximum_retry_count: retries,
        }
    }
}

impl From<RestartPolicy> for RestartPolicyModel {
    fn from(p: RestartPolicy) -> Self {
        p.to_model()
    }
}
