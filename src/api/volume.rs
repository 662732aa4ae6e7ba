//! Endpoints tagged `Volume` in the spec: list, create, inspect, update (cluster volumes), remove and
//! prune.

use super::gates::{filters_query, non_empty, Gates};
use super::{path, ApiClient, Query, Request};
use crate::error::Result;
use crate::models::{
    Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse, VolumeUpdateBody,
};
use crate::utils::filters::Filters;
use crate::utils::version::ApiVersion;

impl ApiClient {
    /// Lists volumes (and the warnings of drivers that could not be listed).
    ///
    /// Engine API `VolumeList` (`GET /volumes`).
    ///
    /// # Errors
    /// [`crate::Error::Api`] for a filter the daemon rejects.
    pub async fn volume_list(&self, opts: &VolumeListOptions) -> Result<VolumeListResponse> {
        self.send_json(Request::get(path("/volumes", &[])).query(opts.query()))
            .await
    }

    /// Creates a volume (or returns the existing one of the same name and driver).
    ///
    /// Engine API `VolumeCreate` (`POST /volumes/create`).
    ///
    /// # Errors
    /// [`crate::Error::UnsupportedApiVersion`] for a cluster volume before API 1.42,
    /// [`crate::Error::NotFound`] for an unknown driver, [`crate::Error::Conflict`] when the name is taken
    /// by a volume of another driver.
    pub async fn volume_create(&self, body: &VolumeCreateRequest) -> Result<Volume> {
        let mut gates = Gates::new();
        // The daemon's own gate for cluster volumes is 1.42; the first spec file with them is 1.43.
        gates.check(
            body.cluster_volume_spec.is_some(),
            ApiVersion::V1_42,
            "volume_create field `ClusterVolumeSpec`",
        );
        self.require_gates(&gates).await?;
        self.send_json(Request::post(path("/volumes/create", &[])).json(body)?)
            .await
    }

    /// Inspects a volume.
    ///
    /// Engine API `VolumeInspect` (`GET /volumes/{name}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when there is no such volume.
    pub async fn volume_inspect(&self, name: &str) -> Result<Volume> {
        non_empty("volume name", name)?;
        self.send_json(Request::get(path("/volumes/{name}", &[name])))
            .await
    }

    /// Updates a cluster volume's spec; `version` is the volume's current `ClusterVolume.Version.Index`.
    ///
    /// Engine API `VolumeUpdate` (`PUT /volumes/{name}`, API 1.42+).
    ///
    /// # Errors
    /// [`crate::Error::UnsupportedApiVersion`] before API 1.42, [`crate::Error::NotFound`] for an unknown
    /// volume, [`crate::Error::Api`] (400) for a local volume or an out-of-date version.
    pub async fn volume_update(
        &self,
        name: &str,
        version: u64,
        body: &VolumeUpdateBody,
    ) -> Result<()> {
        non_empty("volume name", name)?;
        let mut query = Query::new();
        query.push("version", version);
        self.send_empty(
            Request::put(path("/volumes/{name}", &[name]))
                .query(query)
                .json(body)?
                .requires(ApiVersion::V1_42, "volume_update"),
        )
        .await
    }

    /// Removes a volume.
    ///
    /// Engine API `VolumeDelete` (`DELETE /volumes/{name}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when there is no such volume, [`crate::Error::Conflict`] while a container
    /// uses it.
    pub async fn volume_delete(&self, name: &str, opts: &VolumeDeleteOptions) -> Result<()> {
        non_empty("volume name", name)?;
        self.send_empty(Request::delete(path("/volumes/{name}", &[name])).query(opts.query()))
            .await
    }

    /// Removes unused volumes (only anonymous ones unless the `all` filter is set, API 1.42+).
    ///
    /// Engine API `VolumePrune` (`POST /volumes/prune`).
    ///
    /// # Errors
    /// [`crate::Error::Api`] for a filter the daemon rejects; [`crate::Error::Conflict`] while another
    /// prune runs.
    pub async fn volume_prune(&self, opts: &VolumePruneOptions) -> Result<VolumePruneResponse> {
        self.send_json(Request::post(path("/volumes/prune", &[])).query(opts.query()))
            .await
    }
}

/// Options of `GET /volumes` ([`ApiClient::volume_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VolumeListOptions {
    /// Filters: `dangling`, `driver`, `label` (`key` or `key=value`), `name`.
    pub filters: Filters,
}

impl VolumeListOptions {
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

/// Options of `DELETE /volumes/{name}` ([`ApiClient::volume_delete`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VolumeDeleteOptions {
    /// Remove the volume even if its driver reports an error (it is still refused while in use).
    pub force: bool,
}

impl VolumeDeleteOptions {
    /// Force the removal.
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

/// Options of `POST /volumes/prune` ([`ApiClient::volume_prune`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VolumePruneOptions {
    /// Filters: `label` / `label!` (`key` or `key=value`), `all` (`true`: named volumes too, API 1.42+).
    pub filters: Filters,
}

impl VolumePruneOptions {
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
        let cases: Vec<(Query, &str)> = vec![
            (VolumeListOptions::default().query(), ""),
            (
                VolumeListOptions::default()
                    .filters(Filters::new().add("dangling", true))
                    .query(),
                "filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D",
            ),
            (VolumeDeleteOptions::default().query(), ""),
            (
                VolumeDeleteOptions::default().force(true).query(),
                "force=true",
            ),
            (
                VolumePruneOptions::default()
                    .filters(Filters::new().add("label", "a=b"))
                    .query(),
                "filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D",
            ),
        ];
        for (query, want) in cases {
            assert_eq!(query.encode(), want);
        }
    }
}
