//! Resource limits (`ulimit`).

use crate::models::ResourcesUlimits;

/// One resource limit, e.g. open files.
///
/// ```
/// use docker_sdk::types::Ulimit;
/// let u = Ulimit::new("nofile", 1024, 2048).to_model();
/// assert_eq!((u.soft, u.hard), (Some(1024), Some(2048)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ulimit {
    name: String,
    soft: i64,
    hard: i64,
}

impl Ulimit {
    /// A limit by name (`nofile`, `nproc`, `core`, `memlock`, …) with soft and hard values.
    pub fn new(name: impl Into<String>, soft: i64, hard: i64) -> Self {
        Ulimit {
            name: name.into(),
            soft,
            hard,
        }
    }

    /// Checks the limit locally.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("ulimit: the name is empty".into());
        }
        if self.hard >= 0 && self.soft > self.hard {
            return Err(format!(
                "ulimit {}: soft limit {} is above hard limit {}",
                self.name, self.soft, self.hard
            ));
        }
        Ok(())
    }

    /// The model sent to the daemon.
    pub fn to_model(&self) -> ResourcesUlimits {
        ResourcesUlimits {
            name: Some(self.name.clone()),
            soft: Some(self.soft),
            hard: Some(self.hard),
        }
    }
}

impl From<Ulimit> for ResourcesUlimits {
    fn from(u: Ulimit) -> Self {
        u.to_model()
    }
}
