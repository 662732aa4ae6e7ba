//! [`ServiceSpec`] and its service-level pieces: mode, update and rollback settings, endpoint spec.

use std::collections::HashMap;
use std::time::Duration;

use super::{ContainerSpec, TaskTemplate};
use crate::error::{Error, Result};
use crate::models::{
    EndpointPortConfig, EndpointPortConfigProtocol, EndpointPortConfigPublishMode,
    EndpointSpec as EndpointSpecModel, EndpointSpecMode, ServiceSpec as ServiceSpecModel,
    ServiceSpecMode, ServiceSpecModeReplicated, ServiceSpecModeReplicatedJob,
    ServiceSpecRollbackConfig, ServiceSpecRollbackConfigFailureAction,
    ServiceSpecRollbackConfigOrder, ServiceSpecUpdateConfig, ServiceSpecUpdateConfigFailureAction,
    ServiceSpecUpdateConfigOrder,
};
use crate::utils::duration::duration_to_nanos;

/// A whole service: name, labels, task template, mode, rollout settings and published ports (the
/// Engine API's `ServiceSpec`).
///
/// For a service update, set only what changes: [`merge_into`](Self::merge_into) writes the fields set
/// here over the current spec and keeps the rest.
///
/// ```
/// use docker_sdk::types::services::{ContainerSpec, EndpointSpec, ServiceMode, ServiceSpec, TaskTemplate};
///
/// let spec = ServiceSpec::new(TaskTemplate::new(ContainerSpec::new("busybox").command(["sleep", "1d"])))
///     .name("web")
///     .label("team", "blue")
///     .mode(ServiceMode::replicated(3))
///     .endpoint_spec(EndpointSpec::new().publish(8080, 80))
///     .build()?;
/// assert_eq!(spec.mode.unwrap().replicated.unwrap().replicas, Some(3));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceSpec {
    name: Option<String>,
    labels: Option<HashMap<String, String>>,
    pub(crate) task_template: Option<TaskTemplate>,
    mode: Option<ServiceMode>,
    update_config: Option<UpdateConfig>,
    rollback_config: Option<RollbackConfig>,
    endpoint_spec: Option<EndpointSpec>,
}

impl ServiceSpec {
    /// A service whose tasks follow `template`.
    pub fn new(template: TaskTemplate) -> Self {
        ServiceSpec {
            task_template: Some(template),
            ..Default::default()
        }
    }

    /// The service's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Replaces the service labels.
    pub fn labels<I, K, V>(mut self, labels: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.labels = Some(
            labels
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Adds a service label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// The task template.
    pub fn task_template(mut self, template: TaskTemplate) -> Self {
        self.task_template = Some(template);
        self
    }

    /// Changes the task template in place (starting from an empty one).
    pub fn with_task_template(mut self, f: impl FnOnce(TaskTemplate) -> TaskTemplate) -> Self {
        self.task_template = Some(f(self.task_template.take().unwrap_or_default()));
        self
    }

    /// Changes the container spec in place (starting from an empty one).
    pub fn with_container_spec(self, f: impl FnOnce(ContainerSpec) -> ContainerSpec) -> Self {
        self.with_task_template(|t| t.with_container_spec(f))
    }

    /// Replicated, global, or one of the job modes.
    pub fn mode(mut self, mode: ServiceMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// How updates roll out.
    pub fn update_config(mut self, config: UpdateConfig) -> Self {
        self.update_config = Some(config);
        self
    }

    /// How rollbacks roll out.
    pub fn rollback_config(mut self, config: RollbackConfig) -> Self {
        self.rollback_config = Some(config);
        self
    }

    /// Published ports and the load-balancing mode.
    pub fn endpoint_spec(mut self, spec: EndpointSpec) -> Self {
        self.endpoint_spec = Some(spec);
        self
    }

    /// Checks everything and builds the Engine API's `ServiceSpec`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a task template (or image), or from any piece.
    pub fn build(&self) -> Result<ServiceSpecModel> {
        match &self.task_template {
            Some(t) => {
                t.build()?;
            }
            None => {
                return Err(Error::invalid(
                    "service spec: the task template is missing (ServiceSpec::new(TaskTemplate::new(..)))",
                ))
            }
        }
        let mut model = ServiceSpecModel::default();
        self.merge_into(&mut model)?;
        Ok(model)
    }

    /// Writes the fields set here over `model` and keeps the others (the task template and container
    /// spec are merged field by field). This is how a service update keeps what it does not change.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] from any piece that is set.
    pub fn merge_into(&self, model: &mut ServiceSpecModel) -> Result<()> {
        if let Some(n) = &self.name {
            model.name = Some(n.clone());
        }
        if let Some(l) = &self.labels {
            model.labels = Some(l.clone());
        }
        if let Some(t) = &self.task_template {
            t.merge_into(model.task_template.get_or_insert_with(Default::default))?;
            if t.networks.is_some() {
                // Networks given now live in the task template; an old spec may still carry the
                // deprecated top-level list, which must not contradict them.
                model.networks = None;
            }
        }
        if let Some(m) = &self.mode {
            model.mode = Some(m.build()?);
        }
        if let Some(u) = &self.update_config {
            model.update_config = Some(u.build()?);
        }
        if let Some(r) = &self.rollback_config {
            model.rollback_config = Some(r.build()?);
        }
        if let Some(e) = &self.endpoint_spec {
            model.endpoint_spec = Some(e.build()?);
        }
        Ok(())
    }
}

/// How many tasks a service runs: replicated, global (one per node), or as a job that runs to
/// completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceMode {
    mode: String,
    replicas: Option<u64>,
    concurrency: Option<u64>,
}

impl ServiceMode {
    /// A mode by name: `replicated`, `global`, `replicated-job` or `global-job`.
    pub fn new(mode: impl Into<String>) -> Self {
        ServiceMode {
            mode: mode.into(),
            replicas: None,
            concurrency: None,
        }
    }

    /// `replicas` tasks in total.
    pub fn replicated(replicas: u64) -> Self {
        ServiceMode::new("replicated").replicas(replicas)
    }

    /// One task on every node.
    pub fn global() -> Self {
        ServiceMode::new("global")
    }

    /// A job that completes `completions` tasks in total.
    pub fn replicated_job(completions: u64) -> Self {
        ServiceMode::new("replicated-job").replicas(completions)
    }

    /// A job that runs one task to completion on every node.
    pub fn global_job() -> Self {
        ServiceMode::new("global-job")
    }

    /// The number of tasks (replicated) or of completions (replicated job).
    pub fn replicas(mut self, replicas: u64) -> Self {
        self.replicas = Some(replicas);
        self
    }

    /// How many job tasks may run at once (replicated job; default 1).
    pub fn concurrency(mut self, concurrency: u64) -> Self {
        self.concurrency = Some(concurrency);
        self
    }

    /// Checks the combination and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown mode, replicas with a global mode, or concurrency outside
    /// a replicated job.
    pub fn build(&self) -> Result<ServiceSpecMode> {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let mode = self.mode.as_str();
        if self.replicas.is_some() && !matches!(mode, "replicated" | "replicated-job") {
            return Err(Error::invalid(format!(
                "service mode {mode}: replicas only apply to replicated and replicated-job"
            )));
        }
        if self.concurrency.is_some() && mode != "replicated-job" {
            return Err(Error::invalid(format!(
                "service mode {mode}: concurrency only applies to replicated-job"
            )));
        }
        let empty = || Some(serde_json::Value::Object(Default::default()));
        Ok(match mode {
            "replicated" => ServiceSpecMode {
                replicated: Some(ServiceSpecModeReplicated {
                    replicas: self.replicas.map(count),
                }),
                ..Default::default()
            },
            "global" => ServiceSpecMode {
                global: empty(),
                ..Default::default()
            },
            "replicated-job" => ServiceSpecMode {
                replicated_job: Some(ServiceSpecModeReplicatedJob {
                    max_concurrent: Some(count(self.concurrency.unwrap_or(1))),
                    total_completions: self.replicas.map(count),
                }),
                ..Default::default()
            },
            "global-job" => ServiceSpecMode {
                global_job: empty(),
                ..Default::default()
            },
            other => {
                return Err(Error::invalid(format!(
                    "service mode {other:?} is not one of replicated, global, replicated-job, global-job"
                )))
            }
        })
    }
}

/// The settings shared by [`UpdateConfig`] and [`RollbackConfig`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Rollout {
    parallelism: Option<u64>,
    delay: Option<Duration>,
    failure_action: Option<String>,
    monitor: Option<Duration>,
    max_failure_ratio: Option<f64>,
    order: Option<String>,
}

impl Rollout {
    fn check(&self, what: &str, actions: &[&str]) -> Result<()> {
        if let Some(a) = &self.failure_action {
            if !actions.contains(&a.as_str()) {
                return Err(Error::invalid(format!(
                    "{what}: failure_action {a:?} is not one of {}",
                    actions.join(", ")
                )));
            }
        }
        if let Some(r) = self.max_failure_ratio {
            if !(0.0..=1.0).contains(&r) {
                return Err(Error::invalid(format!(
                    "{what}: max_failure_ratio {r} is not between 0 and 1"
                )));
            }
        }
        if let Some(o) = &self.order {
            if o != "start-first" && o != "stop-first" {
                return Err(Error::invalid(format!(
                    "{what}: order {o:?} is not start-first or stop-first"
                )));
            }
        }
        Ok(())
    }
}

macro_rules! rollout_setters {
    () => {
        /// How many tasks change at once (0: all at once).
        pub fn parallelism(mut self, parallelism: u64) -> Self {
            self.0.parallelism = Some(parallelism);
            self
        }

        /// Wait between two batches.
        pub fn delay(mut self, delay: Duration) -> Self {
            self.0.delay = Some(delay);
            self
        }

        /// How long to watch each task for failure after it changed.
        pub fn monitor(mut self, monitor: Duration) -> Self {
            self.0.monitor = Some(monitor);
            self
        }

        /// The share of tasks (0 to 1) that may fail before the failure action applies.
        pub fn max_failure_ratio(mut self, ratio: f64) -> Self {
            self.0.max_failure_ratio = Some(ratio);
            self
        }

        /// `stop-first` (default) or `start-first`.
        pub fn order(mut self, order: impl Into<String>) -> Self {
            self.0.order = Some(order.into());
            self
        }
    };
}

/// How a service update rolls out: batch size, delays, failure handling and order.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::types::services::UpdateConfig;
///
/// let u = UpdateConfig::new().parallelism(2).delay(Duration::from_secs(10)).failure_action("rollback").build()?;
/// assert_eq!(u.delay, Some(10_000_000_000));
/// assert!(UpdateConfig::new().max_failure_ratio(1.5).build().is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateConfig(Rollout);

impl UpdateConfig {
    /// The daemon's defaults until set.
    pub fn new() -> Self {
        UpdateConfig::default()
    }

    rollout_setters!();

    /// On failure: `continue`, `pause` (default) or `rollback`.
    pub fn failure_action(mut self, action: impl Into<String>) -> Self {
        self.0.failure_action = Some(action.into());
        self
    }

    /// Checks the values and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown failure action or order, or a ratio outside 0–1.
    pub fn build(&self) -> Result<ServiceSpecUpdateConfig> {
        let r = &self.0;
        r.check("update config", &["continue", "pause", "rollback"])?;
        Ok(ServiceSpecUpdateConfig {
            parallelism: r.parallelism.map(|p| i64::try_from(p).unwrap_or(i64::MAX)),
            delay: r.delay.map(duration_to_nanos),
            failure_action: r
                .failure_action
                .as_deref()
                .map(ServiceSpecUpdateConfigFailureAction::from),
            monitor: r.monitor.map(duration_to_nanos),
            max_failure_ratio: r.max_failure_ratio,
            order: r.order.as_deref().map(ServiceSpecUpdateConfigOrder::from),
        })
    }
}

/// How a service rollback rolls out (the same settings as [`UpdateConfig`], but a rollback cannot
/// itself roll back).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RollbackConfig(Rollout);

impl RollbackConfig {
    /// The daemon's defaults until set.
    pub fn new() -> Self {
        RollbackConfig::default()
    }

    rollout_setters!();

    /// On failure: `continue` or `pause` (default).
    pub fn failure_action(mut self, action: impl Into<String>) -> Self {
        self.0.failure_action = Some(action.into());
        self
    }

    /// Checks the values and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown failure action or order, or a ratio outside 0–1.
    pub fn build(&self) -> Result<ServiceSpecRollbackConfig> {
        let r = &self.0;
        r.check("rollback config", &["continue", "pause"])?;
        Ok(ServiceSpecRollbackConfig {
            parallelism: r.parallelism.map(|p| i64::try_from(p).unwrap_or(i64::MAX)),
            delay: r.delay.map(duration_to_nanos),
            failure_action: r
                .failure_action
                .as_deref()
                .map(ServiceSpecRollbackConfigFailureAction::from),
            monitor: r.monitor.map(duration_to_nanos),
            max_failure_ratio: r.max_failure_ratio,
            order: r.order.as_deref().map(ServiceSpecRollbackConfigOrder::from),
        })
    }
}

/// One published port of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortConfig {
    target: u16,
    published: Option<u16>,
    protocol: String,
    publish_mode: Option<String>,
    name: Option<String>,
}

impl PortConfig {
    /// The container port `target`, over TCP.
    pub fn new(target: u16) -> Self {
        PortConfig {
            target,
            published: None,
            protocol: "tcp".to_string(),
            publish_mode: None,
            name: None,
        }
    }

    /// Publish on this port of the swarm (default: one the swarm picks).
    pub fn published(mut self, port: u16) -> Self {
        self.published = Some(port);
        self
    }

    /// `tcp` (default), `udp` or `sctp`.
    pub fn protocol(mut self, protocol: impl Into<String>) -> Self {
        self.protocol = protocol.into();
        self
    }

    /// `ingress` (routing mesh, default) or `host` (only on the node running the task).
    pub fn publish_mode(mut self, mode: impl Into<String>) -> Self {
        self.publish_mode = Some(mode.into());
        self
    }

    /// A name for the port.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    fn build(&self) -> Result<EndpointPortConfig> {
        if self.target == 0 {
            return Err(Error::invalid("port config: the target port is 0"));
        }
        let protocol = match EndpointPortConfigProtocol::from(self.protocol.as_str()) {
            EndpointPortConfigProtocol::Other(p) => {
                return Err(Error::invalid(format!(
                    "port config: protocol {p:?} is not one of tcp, udp, sctp"
                )))
            }
            known => known,
        };
        let publish_mode = match &self.publish_mode {
            Some(m) => match EndpointPortConfigPublishMode::from(m.as_str()) {
                EndpointPortConfigPublishMode::Other(m) => {
                    return Err(Error::invalid(format!(
                        "port config: publish mode {m:?} is not ingress or host"
                    )))
                }
                known => Some(known),
            },
            None => None,
        };
        Ok(EndpointPortConfig {
            name: self.name.clone(),
            protocol: Some(protocol),
            target_port: Some(i64::from(self.target)),
            published_port: self.published.map(i64::from),
            publish_mode,
        })
    }
}

/// A service's published ports and how its tasks are load-balanced (`vip` or `dnsrr`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointSpec {
    mode: Option<String>,
    ports: Vec<PortConfig>,
}

impl EndpointSpec {
    /// No ports yet, the default mode (`vip`).
    pub fn new() -> Self {
        EndpointSpec::default()
    }

    /// `vip` (a virtual IP, default) or `dnsrr` (DNS round robin).
    pub fn mode(mut self, mode: impl Into<String>) -> Self {
        self.mode = Some(mode.into());
        self
    }

    /// Adds a port.
    pub fn port(mut self, port: PortConfig) -> Self {
        self.ports.push(port);
        self
    }

    /// Publishes container port `target` (TCP) on swarm port `published` through the routing mesh.
    pub fn publish(self, published: u16, target: u16) -> Self {
        self.port(PortConfig::new(target).published(published))
    }

    /// Checks the ports and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown mode, a bad port, or an ingress-published port with
    /// `dnsrr` (the routing mesh needs a virtual IP).
    pub fn build(&self) -> Result<EndpointSpecModel> {
        let mode = match &self.mode {
            Some(m) => match EndpointSpecMode::from(m.as_str()) {
                EndpointSpecMode::Other(m) => {
                    return Err(Error::invalid(format!(
                        "endpoint spec: mode {m:?} is not vip or dnsrr"
                    )))
                }
                known => Some(known),
            },
            None => None,
        };
        let ports = self
            .ports
            .iter()
            .map(PortConfig::build)
            .collect::<Result<Vec<_>>>()?;
        if mode == Some(EndpointSpecMode::Dnsrr)
            && ports.iter().any(|p| {
                p.publish_mode
                    .as_ref()
                    .is_none_or(|m| *m == EndpointPortConfigPublishMode::Ingress)
            })
        {
            return Err(Error::invalid(
                "endpoint spec: ports published through the ingress routing mesh need mode vip; use publish_mode(\"host\") with dnsrr",
            ));
        }
        Ok(EndpointSpecModel {
            mode,
            ports: (!ports.is_empty()).then_some(ports),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn modes() {
        let cases = [
            (
                ServiceMode::replicated(2),
                json!({"Replicated": {"Replicas": 2}}),
            ),
            (ServiceMode::new("replicated"), json!({"Replicated": {}})),
            (ServiceMode::global(), json!({"Global": {}})),
            (
                ServiceMode::replicated_job(5).concurrency(2),
                json!({"ReplicatedJob": {"MaxConcurrent": 2, "TotalCompletions": 5}}),
            ),
            (
                ServiceMode::new("replicated-job"),
                json!({"ReplicatedJob": {"MaxConcurrent": 1}}),
            ),
            (ServiceMode::global_job(), json!({"GlobalJob": {}})),
        ];
        for (mode, want) in cases {
            assert_eq!(serde_json::to_value(mode.build().unwrap()).unwrap(), want);
        }
        for bad in [
            ServiceMode::new("daemonset"),
            ServiceMode::global().replicas(2),
            ServiceMode::replicated(2).concurrency(1),
            ServiceMode::global_job().concurrency(1),
        ] {
            assert!(bad.build().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn rollout_configs() {
        let u = UpdateConfig::new()
            .parallelism(2)
            .monitor(Duration::from_secs(1))
            .max_failure_ratio(0.25)
            .order("start-first")
            .failure_action("rollback")
            .build()
            .unwrap();
        assert_eq!(
            serde_json::to_value(u).unwrap(),
            json!({"Parallelism": 2, "FailureAction": "rollback", "Monitor": 1_000_000_000i64,
                   "MaxFailureRatio": 0.25, "Order": "start-first"})
        );
        assert!(RollbackConfig::new()
            .failure_action("rollback")
            .build()
            .is_err());
        assert!(RollbackConfig::new().order("random").build().is_err());
        assert!(UpdateConfig::new()
            .failure_action("explode")
            .build()
            .is_err());
        assert_eq!(
            RollbackConfig::new()
                .delay(Duration::from_millis(5))
                .build()
                .unwrap()
                .delay,
            Some(5_000_000)
        );
    }

    #[test]
    fn endpoint_specs() {
        let e = EndpointSpec::new()
            .publish(8080, 80)
            .port(
                PortConfig::new(53)
                    .protocol("udp")
                    .publish_mode("host")
                    .name("dns"),
            )
            .build()
            .unwrap();
        assert_eq!(
            serde_json::to_value(e).unwrap(),
            json!({"Ports": [
                {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080},
                {"Name": "dns", "Protocol": "udp", "TargetPort": 53, "PublishMode": "host"}
            ]})
        );
        assert!(EndpointSpec::new()
            .mode("dnsrr")
            .publish(80, 80)
            .build()
            .is_err());
        assert!(EndpointSpec::new()
            .mode("dnsrr")
            .port(PortConfig::new(80).published(80).publish_mode("host"))
            .build()
            .is_ok());
        assert!(EndpointSpec::new().mode("round").build().is_err());
        assert!(EndpointSpec::new()
            .port(PortConfig::new(0))
            .build()
            .is_err());
        assert!(EndpointSpec::new()
            .port(PortConfig::new(1).protocol("icmp"))
            .build()
            .is_err());
        assert!(EndpointSpec::new()
            .port(PortConfig::new(1).publish_mode("mesh"))
            .build()
            .is_err());
    }

    #[test]
    fn spec_builds_and_merges() {
        assert!(ServiceSpec::default().build().is_err());
        let mut model = ServiceSpec::new(TaskTemplate::new(ContainerSpec::new("a")))
            .name("svc")
            .label("keep", "me")
            .mode(ServiceMode::replicated(1))
            .build()
            .unwrap();
        ServiceSpec::default()
            .with_container_spec(|c| c.image("b"))
            .mode(ServiceMode::replicated(4))
            .merge_into(&mut model)
            .unwrap();
        assert_eq!(model.name.as_deref(), Some("svc"));
        assert_eq!(model.labels.as_ref().unwrap()["keep"], "me");
        let mut old_style = model.clone();
        old_style.networks = Some(vec![Default::default()]);
        ServiceSpec::default()
            .with_task_template(|t| t.network(super::super::NetworkAttachmentConfig::new("n")))
            .merge_into(&mut old_style)
            .unwrap();
        assert_eq!(old_style.networks, None);
        assert_eq!(
            old_style
                .task_template
                .as_ref()
                .unwrap()
                .networks
                .as_ref()
                .unwrap()[0]
                .target
                .as_deref(),
            Some("n")
        );
        assert_eq!(model.mode.unwrap().replicated.unwrap().replicas, Some(4));
        assert_eq!(
            model
                .task_template
                .unwrap()
                .container_spec
                .unwrap()
                .image
                .as_deref(),
            Some("b")
        );
    }
}
