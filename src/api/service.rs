//! Endpoints tagged `Service` in the spec: list, create, inspect, update, remove and logs of swarm
//! services.

use http::header::HeaderValue;

use super::gates::{filters_query, health_gates, mount_gates, non_empty, Gates};
use super::{path, ApiClient, Query, Request};
use crate::config::AuthConfig;
use crate::error::{Error, Result};
use crate::models::{Service, ServiceCreateResponse, ServiceSpec, ServiceUpdateResponse, TaskSpec};
use crate::stream::{log_stream, LogStream};
use crate::utils::duration::Timestamp;
use crate::utils::filters::Filters;
use crate::utils::version::ApiVersion;

impl ApiClient {
    /// Lists services.
    ///
    /// Engine API `ServiceList` (`GET /services`).
    ///
    /// # Errors
    /// [`Error::Api`] with status 503 when this node is not a swarm manager.
    pub async fn service_list(&self, opts: &ServiceListOptions) -> Result<Vec<Service>> {
        self.send_json(Request::get(path("/services", &[])).query(opts.query()))
            .await
    }

    /// Creates a service.
    ///
    /// Engine API `ServiceCreate` (`POST /services/create`). With [`ServiceCreateOptions::auth`] the
    /// credentials are sent as `X-Registry-Auth`, so the nodes can pull a private image.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the container spec has no image,
    /// [`Error::UnsupportedApiVersion`] for a field newer than the API in use, [`Error::Conflict`] when
    /// the name is taken, [`Error::Api`] (503) outside a swarm.
    pub async fn service_create(
        &self,
        spec: &ServiceSpec,
        opts: &ServiceCreateOptions,
    ) -> Result<ServiceCreateResponse> {
        check_service_spec(spec)?;
        self.require_gates(&service_spec_gates(spec)).await?;
        let req = with_auth(
            Request::post(path("/services/create", &[])).json(spec)?,
            opts.auth.as_ref(),
        )?;
        self.send_json(req).await
    }

    /// Inspects a service.
    ///
    /// Engine API `ServiceInspect` (`GET /services/{id}`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown service, [`Error::Api`] (503) outside a swarm.
    pub async fn service_inspect(&self, id: &str, opts: &ServiceInspectOptions) -> Result<Service> {
        non_empty("service id", id)?;
        self.send_json(Request::get(path("/services/{id}", &[id])).query(opts.query()))
            .await
    }

    /// Removes a service.
    ///
    /// Engine API `ServiceDelete` (`DELETE /services/{id}`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown service.
    pub async fn service_delete(&self, id: &str) -> Result<()> {
        non_empty("service id", id)?;
        self.send_empty(Request::delete(path("/services/{id}", &[id])))
            .await
    }

    /// Replaces a service's spec. `version` is the service's current `Version.Index`; the whole spec is
    /// replaced, so start from the current one (the high-level [`crate::Docker::services`] does).
    ///
    /// Engine API `ServiceUpdate` (`POST /services/{id}/update`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown service, [`Error::Api`] (500, "update out of sequence") for
    /// an out-of-date `version`, [`Error::InvalidArgument`] when the spec has no image,
    /// [`Error::UnsupportedApiVersion`] for a field newer than the API in use.
    pub async fn service_update(
        &self,
        id: &str,
        version: u64,
        spec: &ServiceSpec,
        opts: &ServiceUpdateOptions,
    ) -> Result<ServiceUpdateResponse> {
        non_empty("service id", id)?;
        if opts.rollback.is_none() {
            check_service_spec(spec)?;
        }
        self.require_gates(&service_spec_gates(spec)).await?;
        let req = Request::post(path("/services/{id}/update", &[id]))
            .query(opts.query(version))
            .json(spec)?;
        self.send_json(with_auth(req, opts.auth.as_ref())?).await
    }

    /// The logs of all tasks of a service, as a stream of [`crate::stream::LogOutput`].
    ///
    /// Engine API `ServiceLogs` (`GET /services/{id}/logs`). The daemon does not say whether the output is
    /// multiplexed, so unless [`ServiceLogsOptions::tty`] is set this first inspects the service and reads
    /// `TaskTemplate.ContainerSpec.TTY` (a TTY service's logs are raw bytes, [`LogOutput::Console`]).
    ///
    /// [`LogOutput::Console`]: crate::stream::LogOutput::Console
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when neither stdout nor stderr is asked for, [`Error::NotFound`] for an
    /// unknown service; with `follow` the stream runs until the service is removed or it is dropped.
    pub async fn service_logs(&self, id: &str, opts: &ServiceLogsOptions) -> Result<LogStream> {
        non_empty("service id", id)?;
        let query = opts.query()?;
        let tty = match opts.tty {
            Some(tty) => tty,
            None => {
                let service = self
                    .service_inspect(id, &ServiceInspectOptions::default())
                    .await?;
                task_spec_tty(service.spec.as_ref().and_then(|s| s.task_template.as_ref()))
            }
        };
        let mut req = Request::get(path("/services/{id}/logs", &[id])).query(query);
        if opts.follow {
            req = req.unbounded();
        }
        let (_, body) = self.send_stream(req).await?;
        Ok(log_stream(body, tty))
    }
}

/// Whether a task spec runs its container with a TTY.
pub(crate) fn task_spec_tty(spec: Option<&TaskSpec>) -> bool {
    spec.and_then(|t| t.container_spec.as_ref())
        .and_then(|c| c.tty)
        .unwrap_or(false)
}

/// Adds `X-Registry-Auth` when credentials are given.
pub(crate) fn with_auth(req: Request, auth: Option<&AuthConfig>) -> Result<Request> {
    match auth {
        Some(auth) => {
            let value = HeaderValue::from_str(&auth.encode_header()).map_err(|_| {
                Error::invalid(
                    "registry credentials cannot be encoded as an X-Registry-Auth header",
                )
            })?;
            Ok(req.header("x-registry-auth", value))
        }
        None => Ok(req),
    }
}

/// Local checks of a service spec: a container task needs an image.
pub(crate) fn check_service_spec(spec: &ServiceSpec) -> Result<()> {
    let template = spec.task_template.as_ref();
    let other_runtime = template.is_some_and(|t| {
        t.plugin_spec.is_some()
            || t.network_attachment_spec.is_some()
            || t.runtime.as_deref().is_some_and(|r| r != "container")
    });
    if other_runtime {
        return Ok(());
    }
    let image = template
        .and_then(|t| t.container_spec.as_ref())
        .and_then(|c| c.image.as_deref())
        .unwrap_or("");
    if image.trim().is_empty() {
        return Err(Error::invalid(
            "the service spec has no image: set TaskTemplate.ContainerSpec.Image (e.g. ContainerSpec::new(\"busybox\"))",
        ));
    }
    Ok(())
}

/// The newer-than-1.41 features a service spec uses.
pub(crate) fn service_spec_gates(spec: &ServiceSpec) -> Gates {
    let mut gates = Gates::new();
    if let Some(template) = &spec.task_template {
        task_spec_gates(&mut gates, template);
    }
    gates
}

pub(crate) fn task_spec_gates(gates: &mut Gates, template: &TaskSpec) {
    if let Some(c) = &template.container_spec {
        gates.check(
            c.oom_score_adj.is_some(),
            ApiVersion::V1_47,
            "service option `ContainerSpec.OomScoreAdj`",
        );
        if let Some(p) = &c.privileges {
            gates.check(
                p.seccomp.is_some() || p.app_armor.is_some() || p.no_new_privileges.is_some(),
                ApiVersion::V1_44,
                "service option `Privileges.Seccomp`/`AppArmor`/`NoNewPrivileges`",
            );
        }
        if let Some(h) = &c.health_check {
            health_gates(gates, h);
        }
        for m in c.mounts.iter().flatten() {
            mount_gates(gates, m);
        }
    }
    if let Some(r) = &template.resources {
        gates.check(
            r.swap_bytes.is_some() || r.memory_swappiness.is_some(),
            ApiVersion::V1_55,
            "service option `Resources.SwapBytes`/`MemorySwappiness`",
        );
    }
}

/// Options of `GET /services` ([`ApiClient::service_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceListOptions {
    /// Filters: `id`, `label`, `mode` (`replicated`/`global`), `name`.
    pub filters: Filters,
    /// Include the running/desired/completed task counts (`ServiceStatus`).
    pub status: Option<bool>,
}

impl ServiceListOptions {
    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    /// Include the task counts.
    pub fn status(mut self, status: bool) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        filters_query(&mut q, &self.filters);
        q.opt_bool("status", self.status);
        q
    }
}

/// Options of `POST /services/create` ([`ApiClient::service_create`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceCreateOptions {
    /// Credentials for the image's registry, sent as `X-Registry-Auth` (never logged).
    pub auth: Option<AuthConfig>,
}

impl ServiceCreateOptions {
    /// Send these registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}

/// Options of `GET /services/{id}` ([`ApiClient::service_inspect`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceInspectOptions {
    /// Fill in the default values of unset spec fields.
    pub insert_defaults: bool,
}

impl ServiceInspectOptions {
    /// Fill in default values.
    pub fn insert_defaults(mut self, insert: bool) -> Self {
        self.insert_defaults = insert;
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.flag("insertDefaults", self.insert_defaults);
        q
    }
}

/// Options of `POST /services/{id}/update` ([`ApiClient::service_update`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceUpdateOptions {
    /// Without [`auth`](Self::auth): which spec's stored credentials to use, `spec` (the daemon's
    /// default) or `previous-spec`.
    pub registry_auth_from: Option<String>,
    /// `previous`: roll back to the previous spec on the server side (the spec sent is then ignored).
    pub rollback: Option<String>,
    /// Credentials for the image's registry, sent as `X-Registry-Auth` (never logged).
    pub auth: Option<AuthConfig>,
}

impl ServiceUpdateOptions {
    /// Where stored credentials come from: `spec` or `previous-spec`.
    pub fn registry_auth_from(mut self, from: impl Into<String>) -> Self {
        self.registry_auth_from = Some(from.into());
        self
    }

    /// Roll back to the previous spec (`rollback=previous`).
    pub fn rollback_to_previous(mut self) -> Self {
        self.rollback = Some("previous".to_string());
        self
    }

    /// Send these registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }

    pub(crate) fn query(&self, version: u64) -> Query {
        let mut q = Query::new();
        q.push("version", version)
            .opt("registryAuthFrom", self.registry_auth_from.as_deref())
            .opt("rollback", self.rollback.as_deref());
        q
    }
}

/// Options of `GET /services/{id}/logs` ([`ApiClient::service_logs`]) and `GET /tasks/{id}/logs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceLogsOptions {
    /// Show the extra details the log driver attaches (e.g. labels, env).
    pub details: bool,
    /// Keep the stream open and follow new output.
    pub follow: bool,
    /// Include stdout.
    pub stdout: bool,
    /// Include stderr.
    pub stderr: bool,
    /// Only output after this time.
    pub since: Option<Timestamp>,
    /// Prefix each line with its RFC 3339 timestamp.
    pub timestamps: bool,
    /// Only the last lines: a number, or `all` (the default).
    pub tail: Option<String>,
    /// Whether the tasks run with a TTY (raw output instead of multiplexed frames). `None`: inspect the
    /// service (or task) first to find out.
    pub tty: Option<bool>,
}

impl ServiceLogsOptions {
    /// Stdout and stderr, everything, not following.
    pub fn all_output() -> Self {
        ServiceLogsOptions {
            stdout: true,
            stderr: true,
            ..Default::default()
        }
    }

    /// Show log driver details.
    pub fn details(mut self, details: bool) -> Self {
        self.details = details;
        self
    }

    /// Follow new output.
    pub fn follow(mut self, follow: bool) -> Self {
        self.follow = follow;
        self
    }

    /// Include stdout.
    pub fn stdout(mut self, stdout: bool) -> Self {
        self.stdout = stdout;
        self
    }

    /// Include stderr.
    pub fn stderr(mut self, stderr: bool) -> Self {
        self.stderr = stderr;
        self
    }

    /// Only output after this time.
    pub fn since(mut self, since: impl Into<Timestamp>) -> Self {
        self.since = Some(since.into());
        self
    }

    /// Prefix lines with timestamps.
    pub fn timestamps(mut self, timestamps: bool) -> Self {
        self.timestamps = timestamps;
        self
    }

    /// Only the last `lines` lines.
    pub fn tail(mut self, lines: u64) -> Self {
        self.tail = Some(lines.to_string());
        self
    }

    /// Say whether the tasks use a TTY, so no inspect is needed.
    pub fn tty(mut self, tty: bool) -> Self {
        self.tty = Some(tty);
        self
    }

    pub(crate) fn query(&self) -> Result<Query> {
        if !self.stdout && !self.stderr {
            return Err(Error::invalid(
                "logs: ask for stdout, stderr or both (e.g. ServiceLogsOptions::all_output())",
            ));
        }
        if let Some(tail) = &self.tail {
            if tail != "all" && tail.parse::<u64>().is_err() {
                return Err(Error::invalid(format!(
                    "logs: tail {tail:?} must be a number of lines or \"all\""
                )));
            }
        }
        let mut q = Query::new();
        q.flag("details", self.details)
            .flag("follow", self.follow)
            .flag("stdout", self.stdout)
            .flag("stderr", self.stderr)
            .opt("since", self.since.map(|s| s.to_query_value()))
            .flag("timestamps", self.timestamps)
            .opt("tail", self.tail.as_deref());
        Ok(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{
        MountTmpfsOptions, TaskSpecContainerSpec, TaskSpecContainerSpecPrivileges,
        TaskSpecResources,
    };

    #[test]
    fn options_to_query() {
        let cases: Vec<(Query, &str)> = vec![
            (ServiceListOptions::default().query(), ""),
            (
                ServiceListOptions::default()
                    .filters(Filters::new().add("mode", "global"))
                    .status(true)
                    .query(),
                "filters=%7B%22mode%22%3A%5B%22global%22%5D%7D&status=true",
            ),
            (ServiceInspectOptions::default().query(), ""),
            (
                ServiceInspectOptions::default()
                    .insert_defaults(true)
                    .query(),
                "insertDefaults=true",
            ),
            (ServiceUpdateOptions::default().query(4), "version=4"),
            (
                ServiceUpdateOptions::default()
                    .registry_auth_from("previous-spec")
                    .rollback_to_previous()
                    .query(5),
                "version=5&registryAuthFrom=previous-spec&rollback=previous",
            ),
            (
                ServiceLogsOptions::all_output().query().unwrap(),
                "stdout=true&stderr=true",
            ),
            (
                ServiceLogsOptions::default()
                    .stderr(true)
                    .details(true)
                    .follow(true)
                    .since(Timestamp::unix(1_700_000_000))
                    .timestamps(true)
                    .tail(10)
                    .query()
                    .unwrap(),
                "details=true&follow=true&stderr=true&since=1700000000&timestamps=true&tail=10",
            ),
        ];
        for (query, want) in cases {
            assert_eq!(query.encode(), want);
        }
    }

    #[test]
    fn logs_need_a_stream_and_a_valid_tail() {
        assert!(ServiceLogsOptions::default().query().is_err());
        let mut opts = ServiceLogsOptions::all_output();
        opts.tail = Some("ten".into());
        assert!(opts.query().is_err());
        opts.tail = Some("all".into());
        assert!(opts.query().is_ok());
    }

    fn spec_with(container: TaskSpecContainerSpec) -> ServiceSpec {
        ServiceSpec {
            task_template: Some(TaskSpec {
                container_spec: Some(container),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn spec_needs_an_image() {
        assert!(check_service_spec(&ServiceSpec::default()).is_err());
        assert!(check_service_spec(&spec_with(TaskSpecContainerSpec::default())).is_err());
        let ok = spec_with(TaskSpecContainerSpec {
            image: Some("busybox".into()),
            ..Default::default()
        });
        assert!(check_service_spec(&ok).is_ok());
        let plugin = ServiceSpec {
            task_template: Some(TaskSpec {
                runtime: Some("plugin".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(check_service_spec(&plugin).is_ok());
    }

    #[test]
    fn spec_gates_find_new_fields() {
        let old = spec_with(TaskSpecContainerSpec {
            image: Some("busybox".into()),
            ..Default::default()
        });
        assert!(service_spec_gates(&old).is_empty());
        let mut new = spec_with(TaskSpecContainerSpec {
            image: Some("busybox".into()),
            oom_score_adj: Some(100),
            privileges: Some(TaskSpecContainerSpecPrivileges {
                no_new_privileges: Some(true),
                ..Default::default()
            }),
            mounts: Some(vec![crate::models::Mount {
                tmpfs_options: Some(MountTmpfsOptions {
                    options: Some(vec![vec!["noexec".into()]]),
                    ..Default::default()
                }),
                ..Default::default()
            }]),
            ..Default::default()
        });
        new.task_template.as_mut().unwrap().resources = Some(TaskSpecResources {
            swap_bytes: Some(1),
            ..Default::default()
        });
        let gates = service_spec_gates(&new);
        assert_eq!(
            gates.first_unsupported(ApiVersion::V1_41).unwrap().0,
            ApiVersion::V1_47
        );
        assert_eq!(
            gates.first_unsupported(ApiVersion::V1_47).unwrap().0,
            ApiVersion::V1_55
        );
        assert_eq!(gates.first_unsupported(ApiVersion::V1_55), None);
    }
}
