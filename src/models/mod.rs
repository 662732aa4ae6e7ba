//! Typed models of the Engine API, generated from the Moby project's Engine API specification (Apache-2.0)
//! by `cargo xtask codegen`.
//!
//! - One type per spec definition, keeping its name ([`ContainerSummary`], [`HostConfig`]), plus
//!   one per inline request body (`<OperationId>Body`, e.g. [`ContainerCreateBody`]) and inline
//!   response (`<OperationId>Response`, e.g. [`ExecInspectResponse`]); inline objects and enums
//!   inside them are `<Parent><Field>` ([`ContainerSummaryHealth`]).
//! - Every struct field is an `Option`, so partial and `null` values decode; unknown fields are
//!   ignored. Fields that newer specs dropped but older daemons send (such as
//!   [`NetworkSettings::ip_address`]) are kept.
//! - String enums have an `Other(String)` variant for values the spec does not list, and
//!   implement `FromStr`, `Display` and `as_str()`.
//! - Docs name the spec definition and the first API version that has a type or field.
//!
//! ```
//! use docker_sdk::models::{ContainerStateStatus, ContainerSummary};
//!
//! let c: ContainerSummary = serde_json::from_str(r#"{"Id":"abc","State":"running","New":1}"#).unwrap();
//! assert_eq!(c.id.as_deref(), Some("abc"));
//! assert_eq!("paused".parse::<ContainerStateStatus>().unwrap(), ContainerStateStatus::Paused);
//! assert_eq!(
//!     "sleeping".parse::<ContainerStateStatus>().unwrap(),
//!     ContainerStateStatus::Other("sleeping".to_string())
//! );
//! ```

#[allow(clippy::all, clippy::pedantic)]
mod generated;

pub use generated::*;

mod stats;
