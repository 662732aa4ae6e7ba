//! Endpoints tagged `Config` in the spec: list, create, inspect, update and remove swarm configs.

use super::gates::{filters_query, non_empty};
use super::secret::Created;
use super::{path, ApiClient, Query, Request};
use crate::error::Result;
use crate::models::{Config, ConfigSpec, IDResponse};
use crate::utils::filters::Filters;

impl ApiClient {
    /// Lists configs.
    ///
    /// Engine API `ConfigList` (`GET /configs`).
    ///
    /// # Errors
    /// [`crate::Error::Api`] with status 503 when this node is not a swarm manager.
    pub async fn config_list(&self, opts: &ConfigListOptions) -> Result<Vec<Config>> {
        self.send_json(Request::get(path("/configs", &[])).query(opts.query()))
            .await
    }

    /// Creates a config. `spec.data` is the base64 of the config's bytes (standard alphabet, padded).
    ///
    /// Engine API `ConfigCreate` (`POST /configs/create`).
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] without a name, [`crate::Error::Conflict`] when the name is
    /// taken, [`crate::Error::Api`] (503) outside a swarm.
    pub async fn config_create(&self, spec: &ConfigSpec) -> Result<IDResponse> {
        non_empty("config name", spec.name.as_deref().unwrap_or(""))?;
        let created: Created = self
            .send_json(Request::post(path("/configs/create", &[])).json(spec)?)
            .await?;
        Ok(IDResponse { id: created.id })
    }

    /// Inspects a config (with its data, base64).
    ///
    /// Engine API `ConfigInspect` (`GET /configs/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown config.
    pub async fn config_inspect(&self, id: &str) -> Result<Config> {
        non_empty("config id", id)?;
        self.send_json(Request::get(path("/configs/{id}", &[id])))
            .await
    }

    /// Removes a config.
    ///
    /// Engine API `ConfigDelete` (`DELETE /configs/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown config, [`crate::Error::Api`] while a service uses it.
    pub async fn config_delete(&self, id: &str) -> Result<()> {
        non_empty("config id", id)?;
        self.send_empty(Request::delete(path("/configs/{id}", &[id])))
            .await
    }

    /// Updates a config's spec; only its labels may change. `version` is its current `Version.Index`.
    ///
    /// Engine API `ConfigUpdate` (`POST /configs/{id}/update`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown config, [`crate::Error::Api`] (400/500) when anything but
    /// the labels changes or `version` is out of date.
    pub async fn config_update(&self, id: &str, version: u64, spec: &ConfigSpec) -> Result<()> {
        non_empty("config id", id)?;
        let mut query = Query::new();
        query.push("version", version);
        self.send_empty(
            Request::post(path("/configs/{id}/update", &[id]))
                .query(query)
                .json(spec)?,
        )
        .await
    }
}

/// Options of `GET /configs` ([`ApiClient::config_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigListOptions {
    /// Filters: `id`, `label`, `name`, `names`.
    pub filters: Filters,
}

impl ConfigListOptions {
    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        filters_query(&mut q, &self.filters);
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_to_query() {
        assert_eq!(ConfigListOptions::default().query().encode(), "");
        assert_eq!(
            ConfigListOptions::default()
                .filters(Filters::new().add("name", "app.conf"))
                .query()
                .encode(),
            "filters=%7B%22name%22%3A%5B%22app.conf%22%5D%7D"
        );
    }
}
