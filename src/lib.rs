//! # docker-sdk
//!
//! A client for the Docker Engine API: every endpoint, typed models, async first with a blocking mirror.
//!
//! The crate has three layers:
//! - **high level**: collections and handles such as `docker.containers()`;
//! - **low level**: [`api::ApiClient`], one method per Engine API endpoint;
//! - **core**: transports, stream decoders, errors and API version negotiation.
//!
//! The models in [`models`] are derived from the Moby project's Engine API specification (Apache-2.0).

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

pub mod build;
pub mod config;
pub mod error;
pub mod images;
pub mod models;
pub mod stream;
pub mod utils;

pub use error::{Error, Result};
pub use utils::version::ApiVersion;
pub mod api;
mod client;
pub mod transport;

pub use client::{
    Docker, DockerBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_POOL_MAX_IDLE, DEFAULT_TIMEOUT,
};
pub mod blocking;
pub mod containers;
pub mod system;
pub mod types;

pub mod configs;
pub mod networks;
pub mod nodes;
pub mod plugins;
pub mod secrets;
pub mod services;
pub mod swarm;
pub mod volumes;
