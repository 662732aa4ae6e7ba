//! Log driver configuration.

use std::collections::BTreeMap;

use crate::models::{HostConfigLogConfig, HostConfigLogConfigType};

/// Which log driver a container uses, and its options.
///
/// ```
/// use docker_sdk::types::LogConfig;
/// let lc = LogConfig::json_file().option("max-size", "10m");
/// let model = lc.to_model();
/// assert_eq!(model.type_.unwrap().as_str(), "json-file");
/// assert_eq!(model.config.unwrap()["max-size"], "10m");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfig {
    driver: String,
    options: BTreeMap<String, String>,
}

impl LogConfig {
    /// A driver by name (`json-file`, `local`, `journald`, `syslog`, `none`, …).
    pub fn new(driver: impl Into<String>) -> Self {
        LogConfig {
            driver: driver.into(),
            options: BTreeMap::new(),
        }
    }

    /// The `json-file` driver (Docker's default).
    pub fn json_file() -> Self {
        LogConfig::new("json-file")
    }

    /// No logs at all (`none`): `logs` then has nothing to return.
    pub fn none() -> Self {
        LogConfig::new("none")
    }

    /// Adds a driver option.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.insert(key.into(), value.into());
        self
    }

    /// The driver's name.
    pub fn driver(&self) -> &str {
        &self.driver
    }

    /// The model sent to the daemon.
    pub fn to_model(&self) -> HostConfigLogConfig {
        HostConfigLogConfig {
            type_: Some(HostConfigLogConfigType::from(self.driver.as_str())),
            config: (!self.options.is_empty()).then(|| self.options.clone().into_iter().collect()),
        }
    }
}

impl From<LogConfig> for HostConfigLogConfig {
    fn from(l: LogConfig) -> Self {
        l.to_model()
    }
}
