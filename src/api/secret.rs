//! Endpoints tagged `Secret` in the spec: list, create, inspect, update and remove swarm secrets.

use super::gates::{filters_query, non_empty};
use super::{path, ApiClient, Query, Request};
use crate::error::Result;
use crate::models::{IDResponse, Secret, SecretSpec};
use crate::utils::filters::Filters;

impl ApiClient {
    /// Lists secrets (their data is never returned).
    ///
    /// Engine API `SecretList` (`GET /secrets`).
    ///
    /// # Errors
    /// [`crate::Error::Api`] with status 503 when this node is not a swarm manager.
    pub async fn secret_list(&self, opts: &SecretListOptions) -> Result<Vec<Secret>> {
        self.send_json(Request::get(path("/secrets", &[])).query(opts.query()))
            .await
    }

    /// Creates a secret. `spec.data` is the base64 of the secret's bytes (standard alphabet, padded).
    ///
    /// Engine API `SecretCreate` (`POST /secrets/create`).
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] without a name, [`crate::Error::Conflict`] when the name is
    /// taken, [`crate::Error::Api`] (503) outside a swarm.
    pub async fn secret_create(&self, spec: &SecretSpec) -> Result<IDResponse> {
        non_empty("secret name", spec.name.as_deref().unwrap_or(""))?;
        let created: Created = self
            .send_json(Request::post(path("/secrets/create", &[])).json(spec)?)
            .await?;
        Ok(IDResponse { id: created.id })
    }

    /// Inspects a secret (without its data).
    ///
    /// Engine API `SecretInspect` (`GET /secrets/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown secret.
    pub async fn secret_inspect(&self, id: &str) -> Result<Secret> {
        non_empty("secret id", id)?;
        self.send_json(Request::get(path("/secrets/{id}", &[id])))
            .await
    }

    /// Removes a secret.
    ///
    /// Engine API `SecretDelete` (`DELETE /secrets/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown secret, [`crate::Error::Api`] while a service uses it.
    pub async fn secret_delete(&self, id: &str) -> Result<()> {
        non_empty("secret id", id)?;
        self.send_empty(Request::delete(path("/secrets/{id}", &[id])))
            .await
    }

    /// Updates a secret's spec; only its labels may change. `version` is its current `Version.Index`.
    ///
    /// Engine API `SecretUpdate` (`POST /secrets/{id}/update`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown secret, [`crate::Error::Api`] (400/500) when anything but
    /// the labels changes or `version` is out of date.
    pub async fn secret_update(&self, id: &str, version: u64, spec: &SecretSpec) -> Result<()> {
        non_empty("secret id", id)?;
        let mut query = Query::new();
        query.push("version", version);
        self.send_empty(
            Request::post(path("/secrets/{id}/update", &[id]))
                .query(query)
                .json(spec)?,
        )
        .await
    }
}

/// The create response: the daemon writes `ID`, the spec's `IDResponse` says `Id`; both are read.
#[derive(serde::Deserialize)]
pub(crate) struct Created {
    #[serde(rename = "ID", alias = "Id", default)]
    pub(crate) id: Option<String>,
}

/// Options of `GET /secrets` ([`ApiClient::secret_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SecretListOptions {
    /// Filters: `id`, `label`, `name`, `names`.
    pub filters: Filters,
}

impl SecretListOptions {
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
        assert_eq!(SecretListOptions::default().query().encode(), "");
        assert_eq!(
            SecretListOptions::default()
                .filters(Filters::new().add("name", "db"))
                .query()
                .encode(),
            "filters=%7B%22name%22%3A%5B%22db%22%5D%7D"
        );
    }
}
