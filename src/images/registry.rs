//! [`RegistryData`]: what a registry knows about an image, asked without pulling it.

use std::future::IntoFuture;
use std::sync::Arc;

use super::{Credentials, Image, Images};
use crate::api::DistributionInspectOptions;
use crate::config::{registry_key_for_image, AuthConfig, CredentialStore};
use crate::error::Result;
use crate::models::{DistributionInspect, OCIPlatform};
use crate::system::BoxFuture;
use crate::utils::reference::parse_repository_tag;

/// Builder of [`Images::get_registry_data`]; await it for the [`RegistryData`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct GetRegistryData {
    images: Images,
    name: String,
    credentials: Option<Credentials>,
}

impl GetRegistryData {
    pub(crate) fn new(images: Images, name: String) -> Self {
        GetRegistryData {
            images,
            name,
            credentials: None,
        }
    }

    /// Send these credentials instead of the configured ones.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.credentials = Some(Credentials::Explicit(auth));
        self
    }

    /// Look credentials up in this store instead of the client's Docker CLI configuration.
    pub fn credentials(mut self, store: CredentialStore) -> Self {
        self.credentials = Some(Credentials::Store(Arc::new(store)));
        self
    }
}

impl IntoFuture for GetRegistryData {
    type Output = Result<RegistryData>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let credentials = self
                .credentials
                .unwrap_or_else(|| self.images.credentials.clone());
            let mut data = RegistryData {
                images: self.images,
                name: self.name,
                credentials,
                attrs: DistributionInspect::default(),
            };
            data.reload().await?;
            Ok(data)
        })
    }
}

/// What an image's registry knows about it: the manifest digest and the platforms it is built for.
#[derive(Debug, Clone)]
pub struct RegistryData {
    images: Images,
    name: String,
    credentials: Credentials,
    attrs: DistributionInspect,
}

impl RegistryData {
    /// The image name this data is about.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The manifest digest, `sha256:…`.
    pub fn id(&self) -> &str {
        self.attrs
            .descriptor
            .as_ref()
            .and_then(|d| d.digest.as_deref())
            .unwrap_or_default()
    }

    /// The digest shortened to `sha256:` and 12 hex digits.
    pub fn short_id(&self) -> &str {
        super::short_image_id(self.id())
    }

    /// The raw data.
    pub fn attrs(&self) -> &DistributionInspect {
        &self.attrs
    }

    /// The platforms the image is available for.
    pub fn platforms(&self) -> &[OCIPlatform] {
        self.attrs.platforms.as_deref().unwrap_or_default()
    }

    /// Whether the image is available for `platform`, `os[/arch[/variant]]`; a missing architecture is
    /// taken from the daemon.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for a malformed platform.
    pub async fn has_platform(&self, platform: &str) -> Result<bool> {
        let wanted = super::pull::parse_platform("has_platform", platform)?;
        let mut arch = wanted.architecture;
        if arch.is_none() {
            arch = self.images.docker.version().await?.arch;
        }
        Ok(self.platforms().iter().any(|p| {
            p.os == wanted.os
                && p.architecture.as_deref() == arch.as_deref()
                && (wanted.variant.is_none() || p.variant == wanted.variant)
        }))
    }

    /// Pulls the image by this digest, optionally for one platform.
    ///
    /// # Errors
    /// As [`Images::pull`].
    pub async fn pull(&self, platform: Option<&str>) -> Result<Image> {
        let (repository, _) = parse_repository_tag(&self.name);
        let mut pull = self.images.pull(repository).tag(self.id());
        pull.credentials = Some(self.credentials.clone());
        if let Some(p) = platform {
            pull = pull.platform(p);
        }
        pull.await
    }

    /// Asks the registry again.
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] when the registry has no such image; [`crate::Error::Api`] 401/403 when it wants
    /// (other) credentials.
    pub async fn reload(&mut self) -> Result<()> {
        let (auth, note) = self
            .credentials
            .for_pull(&self.images.docker, &registry_key_for_image(&self.name))
            .await?;
        let opts = DistributionInspectOptions { auth };
        self.attrs = note.annotate_result(
            self.images
                .docker
                .api()
                .distribution_inspect(&self.name, &opts)
                .await,
        )?;
        Ok(())
    }
}
