//! Swarm configs: `docker.configs()` ([`Configs`]) and the [`Config`] handle.
//!
//! Config data is given and read back as bytes; the base64 the Engine API uses is handled here.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! use docker_sdk::types::services::ContainerSpec;
//!
//! let config = docker.configs().create("nginx.conf", b"worker_processes 1;".to_vec()).await?;
//! assert_eq!(config.data()?, b"worker_processes 1;");
//! // Mount it into a service's tasks as /etc/nginx/nginx.conf:
//! let spec = ContainerSpec::new("nginx").config(config.reference().filename("/etc/nginx/nginx.conf"));
//! # let _ = spec; Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::future::IntoFuture;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::api::ConfigListOptions;
use crate::error::{Error, Result};
use crate::models::{Config as ConfigModel, ConfigSpec};
use crate::networks::short_id;
use crate::system::BoxFuture;
use crate::types::services::{ConfigReference, DriverConfig};
use crate::utils::filters::Filters;
use crate::Docker;

impl Docker {
    /// The configs of the swarm this daemon manages.
    pub fn configs(&self) -> Configs {
        Configs {
            docker: self.clone(),
        }
    }
}

/// The collection of swarm configs, from [`Docker::configs`].
#[derive(Debug, Clone)]
pub struct Configs {
    docker: Docker,
}

impl Configs {
    /// Creates a config holding `data`; await the builder.
    pub fn create(&self, name: impl Into<String>, data: impl Into<Vec<u8>>) -> CreateConfig {
        CreateConfig {
            docker: self.docker.clone(),
            name: name.into(),
            data: data.into(),
            labels: None,
            templating: None,
        }
    }

    /// Gets a config by ID or name.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown config, [`Error::Api`] (503) outside a swarm.
    pub async fn get(&self, id: &str) -> Result<Config> {
        let attrs = self.docker.api().config_inspect(id).await?;
        Ok(Config {
            docker: self.docker.clone(),
            attrs,
        })
    }

    /// Lists configs; await the builder.
    pub fn list(&self) -> ListConfigs {
        ListConfigs {
            docker: self.docker.clone(),
            opts: ConfigListOptions::default(),
        }
    }
}

/// A swarm config, with its data.
#[derive(Debug, Clone)]
pub struct Config {
    docker: Docker,
    attrs: ConfigModel,
}

impl Config {
    /// The config's ID.
    pub fn id(&self) -> &str {
        self.attrs.id.as_deref().unwrap_or_default()
    }

    /// The first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        short_id(self.id())
    }

    /// The config's name.
    pub fn name(&self) -> &str {
        self.attrs
            .spec
            .as_ref()
            .and_then(|s| s.name.as_deref())
            .unwrap_or_default()
    }

    /// The object's version as of the last fetch.
    pub fn version(&self) -> Option<u64> {
        self.attrs.version.as_ref().and_then(|v| v.index)
    }

    /// The data as of the last fetch.
    pub fn attrs(&self) -> &ConfigModel {
        &self.attrs
    }

    /// The config's content, decoded from the base64 the daemon returns.
    ///
    /// # Errors
    /// [`Error::Protocol`] when the daemon's data is not valid base64.
    pub fn data(&self) -> Result<Vec<u8>> {
        let encoded = self
            .attrs
            .spec
            .as_ref()
            .and_then(|s| s.data.as_deref())
            .unwrap_or_default();
        STANDARD.decode(encoded).map_err(|e| {
            Error::Protocol(format!(
                "config {}: its data is not base64: {e}",
                self.name()
            ))
        })
    }

    /// A reference for a service's container spec, mounting the config at `/<name>`; change the file
    /// with the reference's setters.
    pub fn reference(&self) -> ConfigReference {
        ConfigReference::new(self.id(), self.name())
    }

    /// Fetches the data again.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the config was removed.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self.docker.api().config_inspect(self.id()).await?;
        Ok(())
    }

    /// Replaces the labels (the only thing that can change), then reloads.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the config was removed.
    pub async fn set_labels<I, K, V>(&mut self, labels: I) -> Result<()>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let labels: HashMap<String, String> = labels
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let api = self.docker.api();
        let current = api.config_inspect(self.id()).await?;
        let version = current
            .version
            .as_ref()
            .and_then(|v| v.index)
            .ok_or_else(|| Error::Protocol("the config's data has no version".to_string()))?;
        let mut spec = current.spec.unwrap_or_default();
        spec.labels = Some(labels);
        api.config_update(self.id(), version, &spec).await?;
        self.reload().await
    }

    /// Removes the config.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it is already gone; an error while a service uses it.
    pub async fn remove(&self) -> Result<()> {
        self.docker.api().config_delete(self.id()).await
    }
}

/// Builder of [`Configs::create`].
#[derive(Clone)]
#[must_use = "does nothing until awaited"]
pub struct CreateConfig {
    docker: Docker,
    name: String,
    data: Vec<u8>,
    labels: Option<HashMap<String, String>>,
    templating: Option<DriverConfig>,
}

impl fmt::Debug for CreateConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateConfig")
            .field("name", &self.name)
            .field("data_len", &self.data.len())
            .field("labels", &self.labels)
            .field("templating", &self.templating)
            .finish()
    }
}

impl CreateConfig {
    /// Adds a label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Replaces the labels.
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

    /// A templating driver (e.g. `golang`) that renders the data per task.
    pub fn templating(mut self, driver: DriverConfig) -> Self {
        self.templating = Some(driver);
        self
    }

    async fn run(self) -> Result<Config> {
        let spec = ConfigSpec {
            name: Some(self.name),
            labels: self.labels,
            data: Some(STANDARD.encode(&self.data)),
            templating: self
                .templating
                .as_ref()
                .map(DriverConfig::build)
                .transpose()?,
        };
        let api = self.docker.api();
        let created = api.config_create(&spec).await?;
        let id = crate::api::created_id(created.id, "config")?;
        let attrs = api.config_inspect(&id).await?;
        Ok(Config {
            docker: self.docker,
            attrs,
        })
    }
}

impl IntoFuture for CreateConfig {
    type Output = Result<Config>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Builder of [`Configs::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListConfigs {
    docker: Docker,
    opts: ConfigListOptions,
}

impl ListConfigs {
    /// Adds a filter: `id`, `label`, `name`, `names`.
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

impl IntoFuture for ListConfigs {
    type Output = Result<Vec<Config>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let list = self.docker.api().config_list(&self.opts).await?;
            Ok(list
                .into_iter()
                .map(|attrs| Config {
                    docker: self.docker.clone(),
                    attrs,
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_round_trips_through_base64() {
        let docker = Docker::builder().build().unwrap();
        let config = Config {
            docker,
            attrs: ConfigModel {
                spec: Some(ConfigSpec {
                    name: Some("c".into()),
                    data: Some(STANDARD.encode(b"\x00bytes\xff")),
                    ..Default::default()
                }),
                ..Default::default()
            },
        };
        assert_eq!(config.data().unwrap(), b"\x00bytes\xff");
        assert_eq!(config.name(), "c");
    }
}
