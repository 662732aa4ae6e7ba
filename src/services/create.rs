//! [`CreateService`]: the builder of `docker.services().create(image)`.

use std::future::IntoFuture;

use super::setters::{async_spec_setter, service_spec_setters};
use super::Service;
use crate::api::{ServiceCreateOptions, ServiceInspectOptions};
use crate::config::AuthConfig;
use crate::error::Result;
use crate::system::BoxFuture;
use crate::types::ServiceSpec;
use crate::Docker;

/// Builder of [`Services::create`](super::Services::create); await it for the new [`Service`].
///
/// The setters follow docker-py's keyword arguments; anything else can be set through
/// [`container_spec`](Self::container_spec), [`task_template`](Self::task_template) or a whole
/// [`spec`](Self::spec). The spec is checked before anything is sent.
///
/// ```no_run
/// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
/// use docker_sdk::types::{services::Resources, EndpointSpec, ServiceMode};
///
/// let svc = docker
///     .services()
///     .create("busybox:latest")
///     .name("counter")
///     .command(["sh", "-c", "i=0; while true; do echo $i; i=$((i+1)); sleep 1; done"])
///     .env_var("MODE", "demo")
///     .resources(Resources::new().mem_limit("32m"))
///     .mode(ServiceMode::replicated(2))
///     .endpoint_spec(EndpointSpec::new().publish(8080, 80))
///     .await?;
/// println!("created {} ({:?})", svc.id(), svc.warnings());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct CreateService {
    docker: Docker,
    spec: ServiceSpec,
    opts: ServiceCreateOptions,
}

impl CreateService {
    pub(crate) fn new(docker: Docker, spec: ServiceSpec) -> Self {
        CreateService {
            docker,
            spec,
            opts: ServiceCreateOptions::default(),
        }
    }

    service_spec_setters!(async_spec_setter);

    /// Credentials for a private image, sent to the daemon as `X-Registry-Auth` (never logged).
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.opts.auth = Some(auth);
        self
    }

    async fn run(self) -> Result<Service> {
        let spec = self.spec.build()?;
        let api = self.docker.api();
        let created = api.service_create(&spec, &self.opts).await?;
        let id = crate::api::created_id(created.id, "service")?;
        let attrs = api
            .service_inspect(&id, &ServiceInspectOptions::default())
            .await?;
        let mut service = Service::from_attrs(self.docker, attrs);
        service.warnings = created
            .warnings
            .unwrap_or_default()
            .into_iter()
            .chain(created.warning)
            .collect();
        Ok(service)
    }
}

impl IntoFuture for CreateService {
    type Output = Result<Service>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}
