//! Request-side types built by hand: they check their values and convert into the generated models of
//! [`crate::models`] the daemon expects, so a mistake is reported before anything is sent.
//!
//! - containers: [`Mount`], [`Healthcheck`] (also used by services), [`RestartPolicy`], [`LogConfig`],
//!   [`Ulimit`], [`Device`], [`DeviceRequest`];
//! - networks: [`IPAMConfig`], [`IPAMPool`], [`EndpointConfig`];
//! - [`services`]: the pieces of a swarm service's spec ([`ContainerSpec`], [`TaskTemplate`],
//!   [`ServiceMode`] …; a service's restart policy and resources are [`services::RestartPolicy`] and
//!   [`services::Resources`]);
//! - swarm: [`SwarmSpec`], [`SwarmExternalCA`].

pub mod device;
pub mod healthcheck;
pub mod log_config;
pub mod mount;
pub mod network;
pub mod restart;
pub mod services;
pub mod swarm;
pub mod ulimit;

pub use device::{Device, DeviceRequest, IntoDevice};
pub use healthcheck::Healthcheck;
pub use log_config::LogConfig;
pub use mount::{Mount, MountKind};
pub use network::{EndpointConfig, IPAMConfig, IPAMPool};
pub use restart::RestartPolicy;
pub use services::{
    ConfigReference, ContainerSpec, DNSConfig, DriverConfig, EndpointSpec, GenericResource,
    NetworkAttachmentConfig, Placement, PlacementPreference, PortConfig, Privileges,
    RollbackConfig, SecretReference, ServiceMode, ServiceSpec, TaskTemplate, UpdateConfig,
};
pub use swarm::{SwarmExternalCA, SwarmSpec};
pub use ulimit::Ulimit;
