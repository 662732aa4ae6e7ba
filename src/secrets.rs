//! Swarm secrets: `docker.secrets()` ([`Secrets`]) and the [`Secret`] handle.
//!
//! Secret data is given as bytes and base64-encoded here; the daemon never returns it, and it never
//! appears in `Debug` output.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! use docker_sdk::types::services::ContainerSpec;
//!
//! let secret = docker.secrets().create("db-password", b"s3cret".to_vec()).label("app", "db").await?;
//! // Mount it into a service's tasks as /run/secrets/db-password:
//! let spec = ContainerSpec::new("postgres").secret(secret.reference());
//! # let _ = spec; Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::future::IntoFuture;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::api::SecretListOptions;
use crate::config::auth::REDACTED;
use crate::error::{Error, Result};
use crate::models::{Secret as SecretModel, SecretSpec};
use crate::networks::short_id;
use crate::system::BoxFuture;
use crate::types::services::{DriverConfig, SecretReference};
use crate::utils::filters::Filters;
use crate::Docker;

impl Docker {
    /// The secrets of the swarm this daemon manages.
    pub fn secrets(&self) -> Secrets {
        Secrets {
            docker: self.clone(),
        }
    }
}

/// The collection of swarm secrets, from [`Docker::secrets`].
#[derive(Debug, Clone)]
pub struct Secrets {
    docker: Docker,
}

impl Secrets {
    /// Creates a secret holding `data`; await the builder.
    pub fn create(&self, name: impl Into<String>, data: impl Into<Vec<u8>>) -> CreateSecret {
        CreateSecret {
            docker: self.docker.clone(),
            name: name.into(),
            data: data.into(),
            labels: None,
            driver: None,
            templating: None,
        }
    }

    /// Gets a secret by ID or name.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown secret, [`Error::Api`] (503) outside a swarm.
    pub async fn get(&self, id: &str) -> Result<Secret> {
        let attrs = self.docker.api().secret_inspect(id).await?;
        Ok(Secret {
            docker: self.docker.clone(),
            attrs,
        })
    }

    /// Lists secrets; await the builder.
    pub fn list(&self) -> ListSecrets {
        ListSecrets {
            docker: self.docker.clone(),
            opts: SecretListOptions::default(),
        }
    }
}

/// A swarm secret (without its data, which the daemon never returns).
#[derive(Debug, Clone)]
pub struct Secret {
    docker: Docker,
    attrs: SecretModel,
}

impl Secret {
    /// The secret's ID.
    pub fn id(&self) -> &str {
        self.attrs.id.as_deref().unwrap_or_default()
    }

    /// The first 12 characters of the ID.
    pub fn short_id(&self) -> &str {
        short_id(self.id())
    }

    /// The secret's name.
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
    pub fn attrs(&self) -> &SecretModel {
        &self.attrs
    }

    /// A reference for a service's container spec, mounting the secret at `/run/secrets/<name>`;
    /// change the file with the reference's setters.
    pub fn reference(&self) -> SecretReference {
        SecretReference::new(self.id(), self.name())
    }

    /// Fetches the data again.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the secret was removed.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self.docker.api().secret_inspect(self.id()).await?;
        Ok(())
    }

    /// Replaces the labels (the only thing that can change), then reloads.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the secret was removed.
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
        let current = api.secret_inspect(self.id()).await?;
        let version = current
            .version
            .as_ref()
            .and_then(|v| v.index)
            .ok_or_else(|| Error::Protocol("the secret's data has no version".to_string()))?;
        let mut spec = current.spec.unwrap_or_default();
        spec.labels = Some(labels);
        api.secret_update(self.id(), version, &spec).await?;
        self.reload().await
    }

    /// Removes the secret.
    ///
    /// # Errors
    /// [`Error::NotFound`] when it is already gone; an error while a service uses it.
    pub async fn remove(&self) -> Result<()> {
        self.docker.api().secret_delete(self.id()).await
    }
}

/// Builder of [`Secrets::create`]. `Debug` never shows the data.
#[derive(Clone)]
#[must_use = "does nothing until awaited"]
pub struct CreateSecret {
    docker: Docker,
    name: String,
    data: Vec<u8>,
    labels: Option<HashMap<String, String>>,
    driver: Option<DriverConfig>,
    templating: Option<DriverConfig>,
}

impl fmt::Debug for CreateSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateSecret")
            .field("name", &self.name)
            .field("data", &REDACTED)
            .field("labels", &self.labels)
            .field("driver", &self.driver)
            .field("templating", &self.templating)
            .finish()
    }
}

impl CreateSecret {
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

    /// An external secret store plugin that holds the data.
    pub fn driver(mut self, driver: DriverConfig) -> Self {
        self.driver = Some(driver);
        self
    }

    /// A templating driver (e.g. `golang`) that renders the data per task.
    pub fn templating(mut self, driver: DriverConfig) -> Self {
        self.templating = Some(driver);
        self
    }

    async fn run(self) -> Result<Secret> {
        let spec = SecretSpec {
            name: Some(self.name),
            labels: self.labels,
            data: Some(STANDARD.encode(&self.data)),
            driver: self.driver.as_ref().map(DriverConfig::build).transpose()?,
            templating: self
                .templating
                .as_ref()
                .map(DriverConfig::build)
                .transpose()?,
        };
        let api = self.docker.api();
        let created = api.secret_create(&spec).await?;
        let id = crate::api::created_id(created.id, "secret")?;
        let attrs = api.secret_inspect(&id).await?;
        Ok(Secret {
            docker: self.docker,
            attrs,
        })
    }
}

impl IntoFuture for CreateSecret {
    type Output = Result<Secret>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Builder of [`Secrets::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListSecrets {
    docker: Docker,
    opts: SecretListOptions,
}

impl ListSecrets {
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

impl IntoFuture for ListSecrets {
    type Output = Result<Vec<Secret>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let list = self.docker.api().secret_list(&self.opts).await?;
            Ok(list
                .into_iter()
                .map(|attrs| Secret {
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
    fn data_stays_out_of_debug() {
        let docker = Docker::builder().build().unwrap();
        let create = docker
            .secrets()
            .create("n", b"hunter2".to_vec())
            .label("a", "b");
        let shown = format!("{create:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("<redacted>"),
            "{shown}"
        );
    }
}
