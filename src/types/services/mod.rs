//! The pieces of a swarm service's spec, built by hand and checked before anything is sent.
//!
//! - [`ServiceSpec`]: name, labels, [`TaskTemplate`], [`ServiceMode`], [`UpdateConfig`] /
//!   [`RollbackConfig`] and [`EndpointSpec`] (with [`PortConfig`]s);
//! - [`TaskTemplate`]: [`ContainerSpec`], [`Resources`] (with [`GenericResource`]s), [`RestartPolicy`],
//!   [`Placement`] (with [`PlacementPreference`]s), a log [`DriverConfig`] and
//!   [`NetworkAttachmentConfig`]s;
//! - [`ContainerSpec`]: image, command, env, mounts, [`SecretReference`]s, [`ConfigReference`]s,
//!   [`DNSConfig`], [`Privileges`], healthcheck …
//!
//! Each type's `build()` returns the generated model from [`crate::models`] or the first problem as
//! [`crate::Error::InvalidArgument`]. Durations are [`std::time::Duration`]s and sizes accept `"512m"`.
//!
//! ```
//! use docker_sdk::types::services::*;
//!
//! let spec = ServiceSpec::new(
//!     TaskTemplate::new(ContainerSpec::new("busybox").command(["sleep", "3600"]))
//!         .restart_policy(RestartPolicy::on_failure()),
//! )
//! .name("sleeper")
//! .mode(ServiceMode::replicated(2))
//! .build()?;
//! assert_eq!(spec.name.as_deref(), Some("sleeper"));
//! # Ok::<(), docker_sdk::Error>(())
//! ```

mod container;
mod spec;
mod task;

pub use container::{ConfigReference, ContainerSpec, DNSConfig, Privileges, SecretReference};
pub use spec::{EndpointSpec, PortConfig, RollbackConfig, ServiceMode, ServiceSpec, UpdateConfig};
pub use task::{
    DriverConfig, GenericResource, NetworkAttachmentConfig, Placement, PlacementPreference,
    Resources, RestartPolicy, TaskTemplate,
};
