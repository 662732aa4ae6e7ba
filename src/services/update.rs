//! [`UpdateService`]: the builder of `service.update()`, a read-modify-write of the service's spec.

use std::future::IntoFuture;

use super::setters::{async_spec_setter, service_spec_setters};
use crate::api::{
    is_out_of_sequence, ServiceInspectOptions, ServiceUpdateOptions, UPDATE_ATTEMPTS,
};
use crate::config::AuthConfig;
use crate::error::{Error, Result};
use crate::models::Service as ServiceModel;
use crate::system::BoxFuture;
use crate::types::ServiceSpec;
use crate::Docker;

/// Builder of [`Service::update`](super::Service::update); await it for the daemon's warnings.
///
/// The Engine API replaces a service's whole spec on update. This builder reads the current spec and
/// version, writes only the fields set here over it (the container spec and task template field by
/// field) and sends it back with that version, so labels, networks, mounts, mode … that are not
/// mentioned are kept. A field that is set replaces the current value (setting `env` replaces the whole
/// environment, `network` the list of networks). When the service changes between the read and the
/// write (its version also moves on by itself while an update rolls out), the daemon answers "update
/// out of sequence" and the whole read-modify-write is done again, up to five times.
///
/// ```no_run
/// # async fn demo(svc: docker_sdk::services::Service) -> docker_sdk::Result<()> {
/// svc.update().image("busybox:1.36").env(["MODE=prod"]).await?;
/// svc.update().force_update(true).await?; // redeploy with the same spec
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct UpdateService {
    docker: Docker,
    id: String,
    spec: ServiceSpec,
    opts: ServiceUpdateOptions,
    force_update: bool,
    rollback: bool,
}

impl UpdateService {
    pub(crate) fn new(docker: Docker, id: String) -> Self {
        UpdateService {
            docker,
            id,
            spec: ServiceSpec::default(),
            opts: ServiceUpdateOptions::default(),
            force_update: false,
            rollback: false,
        }
    }

    service_spec_setters!(async_spec_setter);

    /// Redeploy the tasks even if nothing else changes (bumps `TaskTemplate.ForceUpdate`).
    pub fn force_update(mut self, force: bool) -> Self {
        self.force_update = force;
        self
    }

    /// Roll back to the previous spec instead; the changes set on this builder are then ignored.
    pub fn rollback(mut self, rollback: bool) -> Self {
        self.rollback = rollback;
        self
    }

    /// Credentials for a private image, sent as `X-Registry-Auth` (never logged).
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.opts.auth = Some(auth);
        self
    }

    /// Without [`auth`](Self::auth): use the credentials stored with the `spec` (default) or the
    /// `previous-spec`.
    pub fn registry_auth_from(mut self, from: impl Into<String>) -> Self {
        self.opts.registry_auth_from = Some(from.into());
        self
    }

    /// Reads the current spec, applies the changes and sends the update; when the service changed in
    /// between (its version moves on by itself while an update rolls out), does it again.
    async fn run(self) -> Result<Vec<String>> {
        let mut attempt = 1;
        loop {
            let current = self
                .docker
                .api()
                .service_inspect(&self.id, &ServiceInspectOptions::default())
                .await?;
            match self.run_on(current).await {
                Err(e) if is_out_of_sequence(&e) && attempt < UPDATE_ATTEMPTS => attempt += 1,
                other => return other,
            }
        }
    }

    /// Applies the changes to `current` (freshly inspected) and sends the update.
    async fn run_on(&self, current: ServiceModel) -> Result<Vec<String>> {
        let version = current
            .version
            .as_ref()
            .and_then(|v| v.index)
            .ok_or_else(|| Error::Protocol("the service's data has no version".to_string()))?;
        let id = current.id.clone().unwrap_or_else(|| self.id.clone());
        let mut spec = current.spec.unwrap_or_default();
        let mut opts = self.opts.clone();
        if self.rollback {
            opts = opts.rollback_to_previous();
        } else {
            self.spec.merge_into(&mut spec)?;
            if self.force_update {
                let template = spec.task_template.get_or_insert_with(Default::default);
                template.force_update = Some(template.force_update.unwrap_or(0).wrapping_add(1));
            }
        }
        let resp = self
            .docker
            .api()
            .service_update(&id, version, &spec, &opts)
            .await?;
        Ok(resp.warnings.unwrap_or_default())
    }
}

impl IntoFuture for UpdateService {
    type Output = Result<Vec<String>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}
