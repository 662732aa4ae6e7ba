//! Endpoints tagged `System` in the spec: ping, version, info, events, data usage and registry login.

use http::HeaderMap;

use super::{path, ApiClient, Request};
use crate::error::Result;
use crate::utils::version::ApiVersion;

/// What `/_ping` tells about the daemon, read from its response headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PingInfo {
    /// The newest API version the daemon speaks (`Api-Version`).
    pub api_version: Option<ApiVersion>,
    /// `linux` or `windows` (`Ostype`).
    pub os_type: Option<String>,
    /// `1` for the classic builder, `2` for BuildKit (`Builder-Version`).
    pub builder_version: Option<String>,
    /// Whether experimental features are on (`Docker-Experimental`).
    pub experimental: bool,
    /// Swarm membership (`Swarm`), when the daemon reports it.
    pub swarm: Option<SwarmStatus>,
    /// The `Server` header, e.g. `Docker/20.10.24 (linux)`.
    pub server: Option<String>,
}

/// The swarm state reported by `/_ping`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SwarmStatus {
    /// `inactive`, `pending`, `error`, `locked` or `active`.
    pub node_state: String,
    /// `manager` or `worker` for an active node.
    pub role: Option<String>,
}

impl PingInfo {
    pub(crate) fn from_headers(headers: &HeaderMap) -> PingInfo {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_string())
        };
        let swarm = text("swarm")
            .filter(|s| !s.is_empty())
            .map(|s| match s.split_once('/') {
                Some((state, role)) => SwarmStatus {
                    node_state: state.to_string(),
                    role: Some(role.to_string()),
                },
                None => SwarmStatus {
                    node_state: s,
                    role: None,
                },
            });
        PingInfo {
            api_version: text("api-version").and_then(|v| v.parse().ok()),
            os_type: text("ostype").filter(|s| !s.is_empty()),
            builder_version: text("builder-version").filter(|s| !s.is_empty()),
            experimental: text("docker-experimental").is_some_and(|v| v == "true"),
            swarm,
            server: text("server"),
        }
    }
}

impl ApiClient {
    /// `HEAD /_ping`, falling back to `GET /_ping`, unversioned: used for negotiation.
    pub(crate) async fn ping_headers(&self) -> Result<PingInfo> {
        let head = self
            .send_unversioned(Request::head(path("/_ping", &[])))
            .await;
        let headers = match head {
            Ok(resp) => resp.headers().clone(),
            Err(e) if e.is_connect() || e.is_timeout() => return Err(e),
            Err(_) => {
                let resp = self
                    .send_unversioned(Request::get(path("/_ping", &[])))
                    .await?;
                resp.headers().clone()
            }
        };
        Ok(PingInfo::from_headers(&headers))
    }

    /// Engine API `SystemPing` (`GET /_ping`): checks that the daemon answers, and reads its headers.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub async fn system_ping(&self) -> Result<PingInfo> {
        let resp = self
            .send(Request::get(path("/_ping", &[])).unversioned())
            .await?;
        let info = PingInfo::from_headers(resp.headers());
        http_body_util::BodyExt::collect(resp.into_body())
            .await
            .map_err(crate::Error::http)?;
        Ok(info)
    }

    /// Engine API `SystemPingHead` (`HEAD /_ping`): like [`system_ping`](Self::system_ping) without a body.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub async fn system_ping_head(&self) -> Result<PingInfo> {
        let resp = self
            .send(Request::head(path("/_ping", &[])).unversioned())
            .await?;
        Ok(PingInfo::from_headers(resp.headers()))
    }
}

/// Options of `GET /events` ([`ApiClient::system_events`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct SystemEventsOptions {}
