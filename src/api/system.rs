//! Endpoints tagged `System` in the spec: ping, version, info, events, data usage and registry login.

use std::time::SystemTime;

use futures_util::TryStreamExt;
use http::HeaderMap;

use super::{path, ApiClient, Query, Request};
use crate::error::Result;
use crate::models::{
    AuthResponse, EventMessage, SystemDataUsageResponse, SystemInfo, SystemVersion,
};
use crate::stream::{json_stream, JsonStream};
use crate::utils::duration::unix_timestamp;
use crate::utils::filters::Filters;
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
        // One pass over the headers (looking each name up would parse the name every time).
        let mut found: [Option<&str>; 6] = [None; 6];
        for (name, value) in headers {
            let i = match name.as_str() {
                "api-version" => 0,
                "ostype" => 1,
                "builder-version" => 2,
                "docker-experimental" => 3,
                "swarm" => 4,
                "server" => 5,
                _ => continue,
            };
            if found[i].is_none() {
                found[i] = Some(value.to_str().unwrap_or_default().trim());
            }
        }
        let [api_version, os_type, builder_version, experimental, swarm, server] = found;
        let text = |v: Option<&str>| v.map(str::to_string);
        let swarm = text(swarm)
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
            api_version: api_version.and_then(|v| v.parse().ok()),
            os_type: text(os_type.filter(|s| !s.is_empty())),
            builder_version: text(builder_version.filter(|s| !s.is_empty())),
            experimental: experimental == Some("true"),
            swarm,
            server: text(server),
        }
    }

    /// Whether the daemon is Podman's Docker-compatible service (`Server: Libpod/…`).
    pub fn is_podman(&self) -> bool {
        self.server
            .as_deref()
            .is_some_and(|s| s.starts_with("Libpod/"))
    }
}

/// Docker's action name for an event Podman names differently: `remove` is `destroy` for containers,
/// volumes and local networks and `delete` for images. Docker sends `remove` only for swarm objects
/// (services, secrets, configs, swarm-scoped networks), which are left alone.
fn docker_action_names(mut event: EventMessage) -> EventMessage {
    use crate::models::{EventMessageScope as Scope, EventMessageType as Type};
    if event.scope == Some(Scope::Swarm) {
        return event;
    }
    let docker_name = match (&event.type_, event.action.as_deref()) {
        (Some(Type::Container | Type::Volume | Type::Network), Some("remove")) => "destroy",
        (Some(Type::Image), Some("remove")) => "delete",
        _ => return event,
    };
    event.action = Some(docker_name.to_string());
    if event.status.as_deref() == Some("remove") {
        event.status = Some(docker_name.to_string());
    }
    event
}

/// Whether an event passes the caller's `event` filter once renamed. `remove` is asked for on the
/// caller's behalf; what it brings that the caller did not ask for is left out: a Podman removal of
/// another kind than the `destroy` or `delete` asked for, or a swarm object's `remove` from Docker.
/// (Everything else was filtered by the daemon, which matches more loosely than equality, e.g.
/// `exec_start` matches `exec_start: sh`.)
fn still_wanted(wanted: Option<&[String]>, event: &EventMessage) -> bool {
    match (wanted, event.action.as_deref()) {
        (Some(wanted), Some(action @ ("destroy" | "delete" | "remove"))) => {
            wanted.iter().any(|w| w == action)
        }
        _ => true,
    }
}

/// The filters with `event=remove` added where `destroy` or `delete` is asked for, so that Podman (which
/// names those removals `remove`) sends them. Docker has no `remove` action to match.
fn podman_removal_filter(filters: &Filters) -> Filters {
    let mut filters = filters.clone();
    let asks_for_removals = filters
        .get("event")
        .is_some_and(|events| events.iter().any(|e| e == "destroy" || e == "delete"));
    let has_remove = filters
        .get("event")
        .is_some_and(|events| events.iter().any(|e| e == "remove"));
    if asks_for_removals && !has_remove {
        filters.insert("event", "remove");
    }
    filters
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
        super::read_body(resp.into_body()).await?;
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

impl ApiClient {
    /// Engine API `SystemVersion` (`GET /version`): versions of the engine and its components.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub async fn system_version(&self) -> Result<SystemVersion> {
        self.send_json(Request::get(path("/version", &[]))).await
    }

    /// Engine API `SystemInfo` (`GET /info`): system-wide information.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub async fn system_info(&self) -> Result<SystemInfo> {
        self.send_json(Request::get(path("/info", &[]))).await
    }

    /// Engine API `SystemDataUsage` (`GET /system/df`): disk usage of images, containers, volumes and build
    /// cache.
    ///
    /// # Errors
    /// [`crate::Error::UnsupportedApiVersion`] for `types` before API 1.42 or `verbose` before 1.55.
    pub async fn system_data_usage(
        &self,
        opts: &SystemDataUsageOptions,
    ) -> Result<SystemDataUsageResponse> {
        let mut query = Query::new();
        if !opts.types.is_empty() {
            self.require(ApiVersion::V1_42, "system_data_usage option `types`")
                .await?;
            for t in &opts.types {
                query.push("type", t);
            }
        }
        if let Some(v) = opts.verbose {
            self.require(ApiVersion::V1_55, "system_data_usage option `verbose`")
                .await?;
            query.push("verbose", v);
        }
        // Computing sizes can take long on a busy host; the client timeout still applies unless overridden.
        self.send_json(Request::get(path("/system/df", &[])).query(query))
            .await
    }

    /// Engine API `SystemEvents` (`GET /events`): a stream of events, live and/or from the past.
    ///
    /// The stream ends when `until` passes; without `until` it runs until dropped. It is not cut by the
    /// client timeout.
    ///
    /// Removals carry Docker's action names from either engine: Podman reports a removed container,
    /// volume or network as `remove` (Docker: `destroy`) and a removed image as `remove` (Docker:
    /// `delete`). Such events come out with Docker's name, and an `event` filter for `destroy` or `delete`
    /// also matches them.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when `until` is before `since`.
    pub async fn system_events(
        &self,
        opts: &SystemEventsOptions,
    ) -> Result<JsonStream<EventMessage>> {
        if let (Some(since), Some(until)) = (opts.since, opts.until) {
            if until < since {
                return Err(crate::Error::invalid(
                    "events: `until` is earlier than `since`",
                ));
            }
        }
        let mut query = Query::new();
        query.opt("since", opts.since.map(unix_timestamp));
        query.opt("until", opts.until.map(unix_timestamp));
        let wanted: Option<Vec<String>> = opts.filters.get("event").map(<[String]>::to_vec);
        if !opts.filters.is_empty() {
            query.push(
                "filters",
                podman_removal_filter(&opts.filters).to_query_value(),
            );
        }
        let (_, body) = self
            .send_stream(Request::get(path("/events", &[])).query(query).unbounded())
            .await?;
        let events = json_stream::<EventMessage>(body)
            .map_ok(docker_action_names)
            .try_filter(move |event| std::future::ready(still_wanted(wanted.as_deref(), event)));
        Ok(JsonStream::new(events))
    }

    /// Engine API `SystemAuth` (`POST /auth`): checks credentials against a registry.
    ///
    /// # Errors
    /// [`crate::Error::Api`] with status 401 (or 500 for some registries) when the credentials are refused.
    pub async fn system_auth(&self, auth: &crate::config::AuthConfig) -> Result<AuthResponse> {
        let bytes = self
            .send_bytes(Request::post(path("/auth", &[])).json(auth)?)
            .await?;
        if bytes.is_empty() {
            // 204: accepted without a body.
            return Ok(AuthResponse::default());
        }
        serde_json::from_slice(&bytes).map_err(|e| crate::Error::decode("/auth", e))
    }
}

/// Options of `GET /system/df` ([`ApiClient::system_data_usage`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SystemDataUsageOptions {
    /// Only compute these object types: `container`, `image`, `volume`, `build-cache` (API 1.42+).
    pub types: Vec<String>,
    /// Include per-object details (API 1.55+).
    pub verbose: Option<bool>,
}

impl SystemDataUsageOptions {
    /// Only compute this object type (may be called several times).
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.types.push(kind.into());
        self
    }

    /// Include per-object details (API 1.55+).
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = Some(verbose);
        self
    }
}

/// Options of `GET /events` ([`ApiClient::system_events`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct SystemEventsOptions {
    /// Replay events from this time on.
    pub since: Option<SystemTime>,
    /// Stop the stream at this time (it may be in the future).
    pub until: Option<SystemTime>,
    /// Filters: `container`, `daemon`, `event`, `image`, `label`, `network`, `node`, `plugin`, `scope`,
    /// `secret`, `service`, `type`, `volume`, `config`.
    pub filters: Filters,
}

impl SystemEventsOptions {
    /// Replay events from this time on.
    pub fn since(mut self, time: SystemTime) -> Self {
        self.since = Some(time);
        self
    }

    /// Stop the stream at this time.
    pub fn until(mut self, time: SystemTime) -> Self {
        self.until = Some(time);
        self
    }

    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(type_: &str, action: &str) -> EventMessage {
        serde_json::from_value(serde_json::json!({
            "Type": type_, "Action": action, "status": action, "id": "c1"
        }))
        .unwrap()
    }

    #[test]
    fn ping_tells_podman_from_docker() {
        let ping = |server: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("server", server.parse().unwrap());
            PingInfo::from_headers(&headers)
        };
        assert!(ping("Libpod/4.3.1 (linux)").is_podman());
        assert!(!ping("Docker/20.10.24+dfsg1 (linux)").is_podman());
        assert!(!PingInfo::from_headers(&HeaderMap::new()).is_podman());
    }

    #[test]
    fn podman_removals_get_dockers_names() {
        for (kind, docker_name) in [
            ("container", "destroy"),
            ("volume", "destroy"),
            ("network", "destroy"),
            ("image", "delete"),
        ] {
            let renamed = docker_action_names(event(kind, "remove"));
            assert_eq!(renamed.action.as_deref(), Some(docker_name), "{kind}");
            assert_eq!(renamed.status.as_deref(), Some(docker_name), "{kind}");
        }
        // Docker's own events and Podman's other actions are left as they are.
        let docker = event("container", "destroy");
        assert_eq!(docker_action_names(docker.clone()), docker);
        let other = event("container", "cleanup");
        assert_eq!(docker_action_names(other.clone()), other);
        // Docker's swarm networks are removed with `remove`: not renamed.
        let mut swarm = event("network", "remove");
        swarm.scope = Some(crate::models::EventMessageScope::Swarm);
        assert_eq!(docker_action_names(swarm.clone()), swarm);
    }

    #[test]
    fn a_filter_for_removals_also_asks_for_podmans_name() {
        let destroy = Filters::new()
            .add("event", "destroy")
            .add("type", "container");
        let asked = podman_removal_filter(&destroy);
        assert_eq!(asked.get("event").unwrap(), ["destroy", "remove"]);
        assert_eq!(asked.get("type").unwrap(), ["container"]);
        // A container's `destroy` (Podman's `remove`) asked for with an image `delete` is not wanted,
        // while whatever the daemon itself matched is kept.
        let wanted = ["delete".to_string(), "exec_start".to_string()];
        let container_gone = docker_action_names(event("container", "remove"));
        assert!(!still_wanted(Some(&wanted), &container_gone));
        assert!(still_wanted(
            Some(&wanted),
            &docker_action_names(event("image", "remove"))
        ));
        assert!(still_wanted(
            Some(&wanted),
            &event("container", "exec_start: sh -c x")
        ));
        assert!(still_wanted(None, &container_gone));
        // A swarm service's `remove` from Docker, brought by the added `remove`, is not wanted either.
        let destroy_only = ["destroy".to_string()];
        assert!(!still_wanted(
            Some(&destroy_only),
            &event("service", "remove")
        ));
        assert!(still_wanted(Some(&destroy_only), &container_gone));
        let start = Filters::new().add("event", "start");
        assert_eq!(podman_removal_filter(&start), start);
        assert!(podman_removal_filter(&Filters::new()).is_empty());
    }

    #[test]
    fn ping_info_reads_the_daemon_headers() {
        let mut headers = HeaderMap::new();
        for (k, v) in [
            ("Api-Version", " 1.43 "),
            ("Ostype", "linux"),
            ("Docker-Experimental", "true"),
            ("Swarm", "active/manager"),
            ("Server", "Docker/24.0.7 (linux)"),
            ("Builder-Version", ""),
            ("Content-Type", "text/plain"),
        ] {
            headers.append(k.parse::<http::HeaderName>().unwrap(), v.parse().unwrap());
        }
        // A repeated header: the first value counts.
        headers.append("ostype", "windows".parse().unwrap());
        let info = PingInfo::from_headers(&headers);
        assert_eq!(info.api_version, Some(ApiVersion::new(1, 43)));
        assert_eq!(info.os_type.as_deref(), Some("linux"));
        assert_eq!(info.builder_version, None);
        assert!(info.experimental);
        assert_eq!(
            info.swarm,
            Some(SwarmStatus {
                node_state: "active".into(),
                role: Some("manager".into()),
            })
        );
        assert_eq!(info.server.as_deref(), Some("Docker/24.0.7 (linux)"));

        let bare = PingInfo::from_headers(&HeaderMap::new());
        assert_eq!(bare, PingInfo::default());
    }
}
