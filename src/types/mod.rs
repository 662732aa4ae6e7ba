//! Request-side helper types: what a user builds by hand to describe a container (mounts, health checks,
//! restart policies, log drivers, ulimits, devices), each converting into the generated model the daemon
//! expects, with local validation.

pub mod device;
pub mod healthcheck;
pub mod log_config;
pub mod mount;
pub mod restart;
pub mod ulimit;

pub use device::{Device, DeviceRequest};
pub use healthcheck::Healthcheck;
pub use log_config::LogConfig;
pub use mount::{Mount, MountKind};
pub use restart::RestartPolicy;
pub use ulimit::Ulimit;
