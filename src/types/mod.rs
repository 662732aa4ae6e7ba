//! Request-side types built by hand: they check their values and build the generated models of
//! [`crate::models`], so a mistake is reported as [`crate::Error::InvalidArgument`] before anything is
//! sent.
//!
//! - [`Mount`], [`Healthcheck`]: shared by containers and services;
//! - [`IPAMConfig`], [`IPAMPool`], [`EndpointConfig`]: networks;
//! - [`services`]: the pieces of a swarm service's spec ([`ContainerSpec`], [`TaskTemplate`],
//!   [`ServiceMode`] …; its restart policy and resources are [`services::RestartPolicy`] and
//!   [`services::Resources`]);
//! - [`SwarmSpec`], [`SwarmExternalCA`]: swarm settings.

pub mod healthcheck;
pub mod mount;
pub mod network;
pub mod services;
pub mod swarm;

pub use healthcheck::Healthcheck;
pub use mount::Mount;
pub use network::{EndpointConfig, IPAMConfig, IPAMPool};
pub use services::{
    ConfigReference, ContainerSpec, DNSConfig, DriverConfig, EndpointSpec, GenericResource,
    NetworkAttachmentConfig, Placement, PlacementPreference, PortConfig, Privileges,
    RollbackConfig, SecretReference, ServiceMode, ServiceSpec, TaskTemplate, UpdateConfig,
};
pub use swarm::{SwarmExternalCA, SwarmSpec};
