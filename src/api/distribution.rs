//! The endpoint tagged `Distribution` in the spec: what a registry knows about an image.

use super::{path, ApiClient, Request};
use crate::config::AuthConfig;
use crate::error::Result;
use crate::models::DistributionInspect;

impl ApiClient {
    /// Engine API `DistributionInspect` (`GET /distribution/{name}/json`): the manifest descriptor and
    /// platforms of an image, asked from its registry (nothing is pulled).
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] when the registry has no such image or tag; [`crate::Error::Api`]
    /// 401/403 when the registry wants (other) credentials.
    pub async fn distribution_inspect(
        &self,
        name: &str,
        opts: &DistributionInspectOptions,
    ) -> Result<DistributionInspect> {
        if name.trim().is_empty() {
            return Err(crate::Error::invalid(
                "distribution_inspect: the image name is empty",
            ));
        }
        let mut req = Request::get(path("/distribution/{name}/json", &[name]));
        if let Some(auth) = &opts.auth {
            let mut value = http::HeaderValue::from_str(&auth.encode_header()).map_err(|_| {
                crate::Error::invalid("registry credentials cannot be sent as a header")
            })?;
            value.set_sensitive(true);
            req = req.header("x-registry-auth", value);
        }
        self.send_json(req)
            .await
            .map_err(super::image::image_not_found(name))
    }
}

/// Options of `GET /distribution/{name}/json` ([`ApiClient::distribution_inspect`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct DistributionInspectOptions {
    /// Registry credentials (`X-Registry-Auth`); anonymous when not set.
    pub auth: Option<AuthConfig>,
}

impl DistributionInspectOptions {
    /// Registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}
