//! Blocking mirror of [`crate::secrets`].

use super::mirror::blocking_builder;
use super::Docker;
use crate::error::Result;
use crate::models::Secret as SecretModel;
use crate::types::services::{DriverConfig, SecretReference};
use crate::utils::filters::Filters;

impl Docker {
    /// The secrets of the swarm; see [`crate::Docker::secrets`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let secret = docker.secrets().create("token", b"s3cret".to_vec()).send()?;
    /// secret.remove()?;
    /// # Ok(()) }
    /// ```
    pub fn secrets(&self) -> Secrets {
        Secrets {
            docker: self.clone(),
            inner: self.inner.secrets(),
        }
    }
}

/// Blocking mirror of [`crate::secrets::Secrets`].
#[derive(Debug, Clone)]
pub struct Secrets {
    docker: Docker,
    inner: crate::secrets::Secrets,
}

impl Secrets {
    /// See [`crate::secrets::Secrets::create`].
    pub fn create(
        &self,
        name: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> BlockingCreateSecret {
        BlockingCreateSecret::new(self.docker.clone(), self.inner.create(name, data))
    }

    /// See [`crate::secrets::Secrets::get`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown secret.
    pub fn get(&self, id: &str) -> Result<Secret> {
        let inner = self.docker.block_on(self.inner.get(id))??;
        Ok(Secret {
            docker: self.docker.clone(),
            inner,
        })
    }

    /// See [`crate::secrets::Secrets::list`].
    pub fn list(&self) -> BlockingListSecrets {
        BlockingListSecrets::new(self.docker.clone(), self.inner.list())
    }
}

/// Blocking mirror of [`crate::secrets::Secret`].
#[derive(Debug, Clone)]
pub struct Secret {
    docker: Docker,
    inner: crate::secrets::Secret,
}

impl Secret {
    /// The async handle inside.
    pub fn as_async(&self) -> &crate::secrets::Secret {
        &self.inner
    }

    /// See [`crate::secrets::Secret::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::secrets::Secret::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::secrets::Secret::name`].
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// See [`crate::secrets::Secret::version`].
    pub fn version(&self) -> Option<u64> {
        self.inner.version()
    }

    /// See [`crate::secrets::Secret::attrs`].
    pub fn attrs(&self) -> &SecretModel {
        self.inner.attrs()
    }

    /// See [`crate::secrets::Secret::reference`].
    pub fn reference(&self) -> SecretReference {
        self.inner.reference()
    }

    /// See [`crate::secrets::Secret::reload`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the secret was removed.
    pub fn reload(&mut self) -> Result<()> {
        self.docker.block_on(self.inner.reload())?
    }

    /// See [`crate::secrets::Secret::set_labels`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the secret was removed.
    pub fn set_labels(
        &mut self,
        labels: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
    ) -> Result<()> {
        self.docker.block_on(self.inner.set_labels(labels))?
    }

    /// See [`crate::secrets::Secret::remove`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when it is already gone.
    pub fn remove(&self) -> Result<()> {
        self.docker.block_on(self.inner.remove())?
    }
}

blocking_builder! {
    /// Blocking builder of [`Secrets::create`]. `Debug` never shows the data.
    BlockingCreateSecret wraps crate::secrets::CreateSecret => Secret, |docker, inner| Secret { docker, inner };
    {
        fn label(key: impl Into<String>, value: impl Into<String>);
        fn labels(labels: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>);
        fn driver(driver: DriverConfig);
        fn templating(driver: DriverConfig);
    }
}

blocking_builder! {
    /// Blocking builder of [`Secrets::list`].
    BlockingListSecrets wraps crate::secrets::ListSecrets => Vec<Secret>,
        |docker, list| list.into_iter().map(|inner| Secret { docker: docker.clone(), inner }).collect();
    {
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: Filters);
    }
}
