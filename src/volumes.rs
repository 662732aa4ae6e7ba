//! Volumes: `docker.volumes()` ([`Volumes`]) and the [`Volume`] handle.
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! let vol = docker.volumes().create().name("pgdata").label("app", "db").await?;
//! println!("{} at {:?}", vol.name(), vol.attrs().mountpoint);
//! vol.remove().await?;
//! let report = docker.volumes().prune().filter("label", "app=db").await?;
//! println!("reclaimed {:?} bytes", report.space_reclaimed);
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::future::IntoFuture;

use crate::api::{VolumeDeleteOptions, VolumeListOptions, VolumePruneOptions};
use crate::error::{Error, Result};
use crate::models::{
    ClusterVolumeSpec, Volume as VolumeModel, VolumeCreateRequest, VolumePruneResponse,
    VolumeUpdateBody,
};
use crate::system::BoxFuture;
use crate::utils::filters::Filters;
use crate::Docker;

impl Docker {
    /// The volumes of the daemon: create, get, list and prune.
    pub fn volumes(&self) -> Volumes {
        Volumes {
            docker: self.clone(),
        }
    }
}

/// The collection of volumes, from [`Docker::volumes`].
#[derive(Debug, Clone)]
pub struct Volumes {
    docker: Docker,
}

impl Volumes {
    /// Creates a volume (named, or anonymous without [`CreateVolume::name`]); await the builder.
    pub fn create(&self) -> CreateVolume {
        CreateVolume {
            docker: self.docker.clone(),
            body: VolumeCreateRequest::default(),
        }
    }

    /// Gets a volume by name.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such volume.
    pub async fn get(&self, name: &str) -> Result<Volume> {
        let attrs = self.docker.api().volume_inspect(name).await?;
        Ok(Volume::from_attrs(self.docker.clone(), attrs))
    }

    /// Lists volumes; await the builder.
    pub fn list(&self) -> ListVolumes {
        ListVolumes {
            docker: self.docker.clone(),
            opts: VolumeListOptions::default(),
        }
    }

    /// Removes unused volumes; await the builder. Use a label filter to limit it to your own.
    pub fn prune(&self) -> PruneVolumes {
        PruneVolumes {
            docker: self.docker.clone(),
            opts: VolumePruneOptions::default(),
        }
    }
}

/// A volume, with the data it was fetched with. Its ID is its name.
#[derive(Debug, Clone)]
pub struct Volume {
    docker: Docker,
    attrs: VolumeModel,
}

impl Volume {
    pub(crate) fn from_attrs(docker: Docker, attrs: VolumeModel) -> Volume {
        Volume { docker, attrs }
    }

    /// The volume's name (which is also its ID).
    pub fn name(&self) -> &str {
        self.attrs.name.as_deref().unwrap_or_default()
    }

    /// Same as [`name`](Self::name).
    pub fn id(&self) -> &str {
        self.name()
    }

    /// The data as of the last fetch.
    pub fn attrs(&self) -> &VolumeModel {
        &self.attrs
    }

    /// The data, consuming the handle.
    pub fn into_attrs(self) -> VolumeModel {
        self.attrs
    }

    /// Fetches the data again.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the volume was removed.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self.docker.api().volume_inspect(self.name()).await?;
        Ok(())
    }

    /// Removes the volume; await the builder.
    ///
    /// # Errors
    /// [`Error::Conflict`] while a container uses it.
    pub fn remove(&self) -> RemoveVolume {
        RemoveVolume {
            docker: self.docker.clone(),
            name: self.name().to_string(),
            opts: VolumeDeleteOptions::default(),
        }
    }

    /// Cluster volumes: replaces the spec, using the version of the data fetched last (API 1.42+), then
    /// reloads.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a local volume, [`Error::UnsupportedApiVersion`] before 1.42.
    pub async fn update(&mut self, spec: ClusterVolumeSpec) -> Result<()> {
        let version = self
            .attrs
            .cluster_volume
            .as_ref()
            .and_then(|c| c.version.as_ref())
            .and_then(|v| v.index)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "volume {} is not a cluster volume; only cluster volumes can be updated",
                    self.name()
                ))
            })?;
        self.docker
            .api()
            .volume_update(self.name(), version, &VolumeUpdateBody { spec: Some(spec) })
            .await?;
        self.reload().await
    }
}

/// Builder of [`Volumes::create`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct CreateVolume {
    docker: Docker,
    body: VolumeCreateRequest,
}

impl CreateVolume {
    /// The volume's name (default: a random one).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// The volume driver (default `local`).
    pub fn driver(mut self, driver: impl Into<String>) -> Self {
        self.body.driver = Some(driver.into());
        self
    }

    /// Adds a driver option (for `local`: `type`, `device`, `o`).
    pub fn driver_opt(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.body
            .driver_opts
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Replaces the driver options.
    pub fn driver_opts<I, K, V>(mut self, opts: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.body.driver_opts = Some(
            opts.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Adds a label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.body
            .labels
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
        self.body.labels = Some(
            labels
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Makes a cluster volume with this spec (API 1.42+, a swarm manager and a CSI plugin).
    pub fn cluster_volume_spec(mut self, spec: ClusterVolumeSpec) -> Self {
        self.body.cluster_volume_spec = Some(spec);
        self
    }
}

impl IntoFuture for CreateVolume {
    type Output = Result<Volume>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let attrs = self.docker.api().volume_create(&self.body).await?;
            Ok(Volume::from_attrs(self.docker, attrs))
        })
    }
}

/// Builder of [`Volumes::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListVolumes {
    docker: Docker,
    opts: VolumeListOptions,
}

impl ListVolumes {
    /// Adds a filter: `dangling`, `driver`, `label`, `name`.
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

impl IntoFuture for ListVolumes {
    type Output = Result<Vec<Volume>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let list = self.docker.api().volume_list(&self.opts).await?;
            Ok(list
                .volumes
                .unwrap_or_default()
                .into_iter()
                .map(|v| Volume::from_attrs(self.docker.clone(), v))
                .collect())
        })
    }
}

/// Builder of [`Volumes::prune`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PruneVolumes {
    docker: Docker,
    opts: VolumePruneOptions,
}

impl PruneVolumes {
    /// Adds a filter: `label`, `label!`, `all`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces the filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }

    /// Named volumes too, not only anonymous ones (API 1.42+; older daemons prune all unused volumes).
    pub fn all(mut self, all: bool) -> Self {
        self.opts.filters.remove("all");
        if all {
            self.opts.filters.insert("all", "true");
        }
        self
    }
}

impl IntoFuture for PruneVolumes {
    type Output = Result<VolumePruneResponse>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            if self.opts.filters.get("all").is_some() {
                self.docker
                    .api()
                    .require(crate::ApiVersion::V1_42, "volume prune filter `all`")
                    .await?;
            }
            self.docker.api().volume_prune(&self.opts).await
        })
    }
}

/// Builder of [`Volume::remove`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct RemoveVolume {
    docker: Docker,
    name: String,
    opts: VolumeDeleteOptions,
}

impl RemoveVolume {
    /// Remove even when the driver reports an error (never while in use).
    pub fn force(mut self, force: bool) -> Self {
        self.opts.force = force;
        self
    }
}

impl IntoFuture for RemoveVolume {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.docker
                .api()
                .volume_delete(&self.name, &self.opts)
                .await
        })
    }
}
