//! [`TaskTemplate`] and its pieces: resources, restart policy, placement, log driver and networks.

use std::collections::HashMap;
use std::time::Duration;

use super::ContainerSpec;
use crate::error::{Error, Result};
use crate::models::{
    Driver, GenericResourcesItem, GenericResourcesItemDiscreteResourceSpec,
    GenericResourcesItemNamedResourceSpec, Limit, NetworkAttachmentConfig as AttachmentModel,
    Platform, ResourceObject, TaskSpec, TaskSpecLogDriver, TaskSpecPlacement,
    TaskSpecPlacementPreferences, TaskSpecPlacementPreferencesSpread, TaskSpecResources,
    TaskSpecRestartPolicy, TaskSpecRestartPolicyCondition,
};
use crate::utils::bytes_size::IntoByteSize;
use crate::utils::duration::duration_to_nanos;

/// What each task of a service is: its container, resources, restart policy, placement, log driver
/// and networks (the Engine API's `TaskSpec`).
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::types::services::{ContainerSpec, Placement, Resources, RestartPolicy, TaskTemplate};
///
/// let template = TaskTemplate::new(ContainerSpec::new("busybox"))
///     .resources(Resources::new().cpu_limit(0.5).mem_limit("64m"))
///     .restart_policy(RestartPolicy::on_failure().max_attempts(3).delay(Duration::from_secs(1)))
///     .placement(Placement::new().constraint("node.role == manager"))
///     .build()?;
/// assert_eq!(template.resources.unwrap().limits.unwrap().nano_cpus, Some(500_000_000));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskTemplate {
    pub(crate) container_spec: Option<ContainerSpec>,
    resources: Option<Resources>,
    restart_policy: Option<RestartPolicy>,
    placement: Option<Placement>,
    force_update: Option<u64>,
    runtime: Option<String>,
    pub(crate) networks: Option<Vec<NetworkAttachmentConfig>>,
    log_driver: Option<DriverConfig>,
}

impl TaskTemplate {
    /// Tasks running this container.
    pub fn new(container_spec: ContainerSpec) -> Self {
        TaskTemplate {
            container_spec: Some(container_spec),
            ..Default::default()
        }
    }

    /// The container the tasks run.
    pub fn container_spec(mut self, spec: ContainerSpec) -> Self {
        self.container_spec = Some(spec);
        self
    }

    /// Changes the container spec in place (starting from an empty one).
    pub fn with_container_spec(mut self, f: impl FnOnce(ContainerSpec) -> ContainerSpec) -> Self {
        self.container_spec = Some(f(self.container_spec.take().unwrap_or_default()));
        self
    }

    /// CPU and memory limits and reservations.
    pub fn resources(mut self, resources: Resources) -> Self {
        self.resources = Some(resources);
        self
    }

    /// When failed or exited tasks are restarted.
    pub fn restart_policy(mut self, policy: RestartPolicy) -> Self {
        self.restart_policy = Some(policy);
        self
    }

    /// Constraints and preferences for choosing nodes.
    pub fn placement(mut self, placement: Placement) -> Self {
        self.placement = Some(placement);
        self
    }

    /// A counter that forces the tasks to be redeployed when it changes.
    pub fn force_update(mut self, counter: u64) -> Self {
        self.force_update = Some(counter);
        self
    }

    /// The runtime: `container` (default), `plugin` or `attachment`.
    pub fn runtime(mut self, runtime: impl Into<String>) -> Self {
        self.runtime = Some(runtime.into());
        self
    }

    /// Replaces the networks the tasks attach to.
    pub fn networks(mut self, networks: impl IntoIterator<Item = NetworkAttachmentConfig>) -> Self {
        self.networks = Some(networks.into_iter().collect());
        self
    }

    /// Attaches the tasks to one more network.
    pub fn network(mut self, network: NetworkAttachmentConfig) -> Self {
        self.networks.get_or_insert_with(Vec::new).push(network);
        self
    }

    /// The log driver of the tasks' containers.
    pub fn log_driver(mut self, driver: DriverConfig) -> Self {
        self.log_driver = Some(driver);
        self
    }

    /// Checks everything and builds the Engine API's `TaskSpec`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] from any piece (see their `build` methods), or when a `container` task
    /// has no container spec.
    pub fn build(&self) -> Result<TaskSpec> {
        let is_container = self.runtime.as_deref().is_none_or(|r| r == "container");
        match &self.container_spec {
            Some(c) if is_container => {
                c.build()?;
            }
            None if is_container => {
                return Err(Error::invalid(
                    "task template: a container task needs a container spec (TaskTemplate::new(ContainerSpec::new(image)))",
                ))
            }
            _ => {}
        }
        let mut model = TaskSpec::default();
        self.merge_into(&mut model)?;
        Ok(model)
    }

    /// Writes the fields set here over `model`, keeping the others; the container spec is merged field
    /// by field.
    pub(crate) fn merge_into(&self, model: &mut TaskSpec) -> Result<()> {
        if let Some(c) = &self.container_spec {
            c.merge_into(model.container_spec.get_or_insert_with(Default::default))?;
        }
        if let Some(r) = &self.resources {
            model.resources = Some(r.build()?);
        }
        if let Some(p) = &self.restart_policy {
            model.restart_policy = Some(p.build()?);
        }
        if let Some(p) = &self.placement {
            model.placement = Some(p.build()?);
        }
        if let Some(f) = self.force_update {
            model.force_update = Some(f);
        }
        if let Some(r) = &self.runtime {
            model.runtime = Some(r.clone());
        }
        if let Some(n) = &self.networks {
            model.networks = Some(
                n.iter()
                    .map(NetworkAttachmentConfig::build)
                    .collect::<Result<_>>()?,
            );
        }
        if let Some(d) = &self.log_driver {
            let d = d.build()?;
            model.log_driver = Some(TaskSpecLogDriver {
                name: d.name,
                options: d.options,
            });
        }
        Ok(())
    }
}

/// A generic resource a node advertises (GPUs, SSDs …): a count, or a named instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenericResource {
    /// So many units of `kind`.
    Discrete {
        /// The resource kind, e.g. `gpu`.
        kind: String,
        /// How many.
        value: i64,
    },
    /// One named instance of `kind`.
    Named {
        /// The resource kind, e.g. `gpu`.
        kind: String,
        /// The instance, e.g. a device UUID.
        value: String,
    },
}

impl GenericResource {
    fn build(&self) -> Result<GenericResourcesItem> {
        let kind = match self {
            GenericResource::Discrete { kind, .. } | GenericResource::Named { kind, .. } => kind,
        };
        if kind.trim().is_empty() {
            return Err(Error::invalid("generic resource: the kind is empty"));
        }
        Ok(match self {
            GenericResource::Discrete { kind, value } => {
                if *value < 0 {
                    return Err(Error::invalid(format!(
                        "generic resource {kind}: the count must not be negative"
                    )));
                }
                GenericResourcesItem {
                    discrete_resource_spec: Some(GenericResourcesItemDiscreteResourceSpec {
                        kind: Some(kind.clone()),
                        value: Some(*value),
                    }),
                    named_resource_spec: None,
                }
            }
            GenericResource::Named { kind, value } => GenericResourcesItem {
                named_resource_spec: Some(GenericResourcesItemNamedResourceSpec {
                    kind: Some(kind.clone()),
                    value: Some(value.clone()),
                }),
                discrete_resource_spec: None,
            },
        })
    }
}

/// CPU, memory and pids limits, and reservations a node must be able to satisfy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resources {
    cpu_limit: Option<f64>,
    mem_limit: Option<i64>,
    pids_limit: Option<i64>,
    cpu_reservation: Option<f64>,
    mem_reservation: Option<i64>,
    generic: Vec<GenericResource>,
    swap_bytes: Option<i64>,
    memory_swappiness: Option<i64>,
    error: Option<String>,
}

impl Resources {
    /// No limits yet.
    pub fn new() -> Self {
        Resources::default()
    }

    fn size(&mut self, size: impl IntoByteSize) -> Option<i64> {
        match size.into_byte_size() {
            Ok(s) => Some(s.bytes()),
            Err(e) => {
                self.error.get_or_insert(e.to_string());
                None
            }
        }
    }

    /// At most this many CPUs (e.g. `0.5`).
    pub fn cpu_limit(mut self, cpus: f64) -> Self {
        self.cpu_limit = Some(cpus);
        self
    }

    /// At most this much memory (`"256m"` or bytes).
    pub fn mem_limit(mut self, size: impl IntoByteSize) -> Self {
        self.mem_limit = self.size(size);
        self
    }

    /// At most this many processes.
    pub fn pids_limit(mut self, pids: i64) -> Self {
        self.pids_limit = Some(pids);
        self
    }

    /// Reserve this many CPUs on the node.
    pub fn cpu_reservation(mut self, cpus: f64) -> Self {
        self.cpu_reservation = Some(cpus);
        self
    }

    /// Reserve this much memory on the node.
    pub fn mem_reservation(mut self, size: impl IntoByteSize) -> Self {
        self.mem_reservation = self.size(size);
        self
    }

    /// Reserve a generic resource.
    pub fn generic_resource(mut self, resource: GenericResource) -> Self {
        self.generic.push(resource);
        self
    }

    /// Reserve `count` units of `kind` (shorthand for a discrete [`GenericResource`]).
    pub fn discrete_resource(self, kind: impl Into<String>, count: i64) -> Self {
        self.generic_resource(GenericResource::Discrete {
            kind: kind.into(),
            value: count,
        })
    }

    /// Reserve the named instance `value` of `kind`.
    pub fn named_resource(self, kind: impl Into<String>, value: impl Into<String>) -> Self {
        self.generic_resource(GenericResource::Named {
            kind: kind.into(),
            value: value.into(),
        })
    }

    /// Swap the tasks may use, in bytes (API 1.55+ here).
    pub fn swap_bytes(mut self, size: impl IntoByteSize) -> Self {
        self.swap_bytes = self.size(size);
        self
    }

    /// Memory swappiness, 0–100 (API 1.55+ here).
    pub fn memory_swappiness(mut self, swappiness: i64) -> Self {
        self.memory_swappiness = Some(swappiness);
        self
    }

    /// Checks the values and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a negative or non-finite CPU count, a size that did not parse, a
    /// bad generic resource, or a swappiness outside 0–100.
    pub fn build(&self) -> Result<TaskSpecResources> {
        if let Some(e) = &self.error {
            return Err(Error::InvalidArgument(format!("resources: {e}")));
        }
        let nanos = |what: &str, cpus: Option<f64>| -> Result<Option<i64>> {
            match cpus {
                Some(c) if !c.is_finite() || c < 0.0 => Err(Error::invalid(format!(
                    "resources: {what} {c} is not a non-negative number of CPUs"
                ))),
                Some(c) => Ok(Some((c * 1e9).round() as i64)),
                None => Ok(None),
            }
        };
        if let Some(s) = self.memory_swappiness {
            if !(0..=100).contains(&s) {
                return Err(Error::invalid(format!(
                    "resources: memory swappiness {s} is not between 0 and 100"
                )));
            }
        }
        let generic = if self.generic.is_empty() {
            None
        } else {
            Some(
                self.generic
                    .iter()
                    .map(GenericResource::build)
                    .collect::<Result<Vec<_>>>()?,
            )
        };
        let limits = Limit {
            nano_cpus: nanos("cpu_limit", self.cpu_limit)?,
            memory_bytes: self.mem_limit,
            pids: self.pids_limit,
        };
        let reservations = ResourceObject {
            nano_cpus: nanos("cpu_reservation", self.cpu_reservation)?,
            memory_bytes: self.mem_reservation,
            generic_resources: generic,
        };
        Ok(TaskSpecResources {
            limits: (limits != Limit::default()).then_some(limits),
            reservations: (reservations != ResourceObject::default()).then_some(reservations),
            swap_bytes: self.swap_bytes,
            memory_swappiness: self.memory_swappiness,
        })
    }
}

/// When a service's tasks are restarted: condition, delay, attempts and the window attempts are
/// counted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestartPolicy {
    condition: String,
    delay: Option<Duration>,
    max_attempts: Option<u64>,
    window: Option<Duration>,
}

impl RestartPolicy {
    /// Restart on `condition`: `none`, `on-failure` or `any`.
    pub fn new(condition: impl Into<String>) -> Self {
        RestartPolicy {
            condition: condition.into(),
            delay: None,
            max_attempts: None,
            window: None,
        }
    }

    /// Never restart.
    pub fn none() -> Self {
        RestartPolicy::new("none")
    }

    /// Restart when the task exits with a non-zero code.
    pub fn on_failure() -> Self {
        RestartPolicy::new("on-failure")
    }

    /// Always restart.
    pub fn any() -> Self {
        RestartPolicy::new("any")
    }

    /// Wait this long between restarts.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Give up after this many attempts (0: no limit).
    pub fn max_attempts(mut self, attempts: u64) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// Count attempts within this window.
    pub fn window(mut self, window: Duration) -> Self {
        self.window = Some(window);
        self
    }

    /// Checks the condition and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a condition other than `none`, `on-failure` and `any`.
    pub fn build(&self) -> Result<TaskSpecRestartPolicy> {
        let condition = match TaskSpecRestartPolicyCondition::from(self.condition.as_str()) {
            TaskSpecRestartPolicyCondition::Other(c) => {
                return Err(Error::invalid(format!(
                    "restart policy: condition {c:?} is not one of none, on-failure, any"
                )))
            }
            known => known,
        };
        Ok(TaskSpecRestartPolicy {
            condition: Some(condition),
            delay: self.delay.map(duration_to_nanos),
            max_attempts: self
                .max_attempts
                .map(|a| i64::try_from(a).unwrap_or(i64::MAX)),
            window: self.window.map(duration_to_nanos),
        })
    }
}

/// A placement preference: spread tasks evenly over the values of a node label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementPreference {
    strategy: String,
    descriptor: String,
}

impl PlacementPreference {
    /// A preference with an explicit strategy (only `spread` exists).
    pub fn new(strategy: impl Into<String>, descriptor: impl Into<String>) -> Self {
        PlacementPreference {
            strategy: strategy.into(),
            descriptor: descriptor.into(),
        }
    }

    /// Spread over the values of `descriptor`, e.g. `node.labels.zone`.
    pub fn spread(descriptor: impl Into<String>) -> Self {
        PlacementPreference::new("spread", descriptor)
    }

    fn build(&self) -> Result<TaskSpecPlacementPreferences> {
        if self.strategy != "spread" {
            return Err(Error::invalid(format!(
                "placement preference: strategy {:?} is not supported; the only one is \"spread\"",
                self.strategy
            )));
        }
        if self.descriptor.trim().is_empty() {
            return Err(Error::invalid(
                "placement preference: the spread descriptor is empty (e.g. node.labels.zone)",
            ));
        }
        Ok(TaskSpecPlacementPreferences {
            spread: Some(TaskSpecPlacementPreferencesSpread {
                spread_descriptor: Some(self.descriptor.clone()),
            }),
        })
    }
}

/// Where a service's tasks may run: constraints, preferences, platforms and a per-node maximum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    constraints: Vec<String>,
    preferences: Vec<PlacementPreference>,
    platforms: Vec<(String, String)>,
    max_replicas: Option<u64>,
}

impl Placement {
    /// No constraints yet.
    pub fn new() -> Self {
        Placement::default()
    }

    /// Adds a constraint such as `node.role == manager` or `node.labels.zone != east`.
    pub fn constraint(mut self, constraint: impl Into<String>) -> Self {
        self.constraints.push(constraint.into());
        self
    }

    /// Adds a preference.
    pub fn preference(mut self, preference: PlacementPreference) -> Self {
        self.preferences.push(preference);
        self
    }

    /// Adds a platform the image supports (`("amd64", "linux")`).
    pub fn platform(mut self, architecture: impl Into<String>, os: impl Into<String>) -> Self {
        self.platforms.push((architecture.into(), os.into()));
        self
    }

    /// At most this many tasks per node.
    pub fn max_replicas(mut self, max: u64) -> Self {
        self.max_replicas = Some(max);
        self
    }

    /// Checks the values and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a constraint without an operator (`==` or `!=`) or a bad preference.
    pub fn build(&self) -> Result<TaskSpecPlacement> {
        for c in &self.constraints {
            if !(c.contains("==") || c.contains("!=")) {
                return Err(Error::invalid(format!(
                    "placement constraint {c:?} has no == or != (e.g. \"node.role == manager\")"
                )));
            }
        }
        Ok(TaskSpecPlacement {
            constraints: non_empty(self.constraints.clone()),
            preferences: non_empty(
                self.preferences
                    .iter()
                    .map(PlacementPreference::build)
                    .collect::<Result<Vec<_>>>()?,
            ),
            max_replicas: self
                .max_replicas
                .map(|m| i64::try_from(m).unwrap_or(i64::MAX)),
            platforms: non_empty(
                self.platforms
                    .iter()
                    .map(|(a, o)| Platform {
                        architecture: Some(a.clone()),
                        os: Some(o.clone()),
                    })
                    .collect(),
            ),
        })
    }
}

/// A driver name with options: log drivers, secret drivers, templating drivers, IPAM drivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriverConfig {
    name: String,
    options: Option<HashMap<String, String>>,
}

impl DriverConfig {
    /// The driver called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        DriverConfig {
            name: name.into(),
            options: None,
        }
    }

    /// Adds a driver option.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Checks the name and builds the Engine API's `Driver`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty driver name.
    pub fn build(&self) -> Result<Driver> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("driver config: the driver name is empty"));
        }
        Ok(Driver {
            name: Some(self.name.clone()),
            options: self.options.clone(),
        })
    }
}

/// Attaches a service's tasks to a network, with aliases and driver options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkAttachmentConfig {
    target: String,
    aliases: Option<Vec<String>>,
    driver_opts: Option<HashMap<String, String>>,
}

impl NetworkAttachmentConfig {
    /// Attach to the network with this name or ID.
    pub fn new(target: impl Into<String>) -> Self {
        NetworkAttachmentConfig {
            target: target.into(),
            aliases: None,
            driver_opts: None,
        }
    }

    /// Adds an alias of the service on this network.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.aliases.get_or_insert_with(Vec::new).push(alias.into());
        self
    }

    /// Adds a driver option for the endpoint.
    pub fn driver_opt(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.driver_opts
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Checks the target and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty network name.
    pub fn build(&self) -> Result<AttachmentModel> {
        if self.target.trim().is_empty() {
            return Err(Error::invalid("network attachment: the network is empty"));
        }
        Ok(AttachmentModel {
            target: Some(self.target.clone()),
            aliases: self.aliases.clone(),
            driver_opts: self.driver_opts.clone(),
        })
    }
}

fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

impl<S: Into<String>> From<S> for NetworkAttachmentConfig {
    fn from(target: S) -> Self {
        NetworkAttachmentConfig::new(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_builds_and_merges() {
        let t = TaskTemplate::new(ContainerSpec::new("img"))
            .resources(
                Resources::new()
                    .cpu_limit(1.5)
                    .mem_limit("1g")
                    .pids_limit(50)
                    .mem_reservation(1024)
                    .discrete_resource("gpu", 2)
                    .named_resource("ssd", "disk1"),
            )
            .restart_policy(RestartPolicy::any().window(Duration::from_secs(10)))
            .placement(
                Placement::new()
                    .constraint("node.role==manager")
                    .preference(PlacementPreference::spread("node.labels.zone"))
                    .platform("amd64", "linux")
                    .max_replicas(2),
            )
            .force_update(3)
            .network(NetworkAttachmentConfig::new("net").alias("web"))
            .log_driver(DriverConfig::new("json-file").option("max-size", "1m"))
            .build()
            .unwrap();
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["Resources"]["Limits"]["NanoCPUs"], 1_500_000_000i64);
        assert_eq!(json["Resources"]["Limits"]["MemoryBytes"], 1i64 << 30);
        assert_eq!(
            json["Resources"]["Reservations"]["GenericResources"],
            serde_json::json!([
                {"DiscreteResourceSpec": {"Kind": "gpu", "Value": 2}},
                {"NamedResourceSpec": {"Kind": "ssd", "Value": "disk1"}}
            ])
        );
        assert_eq!(json["RestartPolicy"]["Condition"], "any");
        assert_eq!(json["RestartPolicy"]["Window"], 10_000_000_000i64);
        assert_eq!(
            json["Placement"]["Preferences"][0]["Spread"]["SpreadDescriptor"],
            "node.labels.zone"
        );
        assert_eq!(json["Placement"]["Platforms"][0]["OS"], "linux");
        assert_eq!(json["Networks"][0]["Aliases"][0], "web");
        assert_eq!(json["LogDriver"]["Options"]["max-size"], "1m");
        assert_eq!(json["ForceUpdate"], 3);

        let mut model = t;
        TaskTemplate::default()
            .with_container_spec(|c| c.env(["X=1"]))
            .force_update(4)
            .merge_into(&mut model)
            .unwrap();
        let c = model.container_spec.as_ref().unwrap();
        assert_eq!(c.image.as_deref(), Some("img"));
        assert_eq!(c.env.as_deref(), Some(&["X=1".to_string()][..]));
        assert_eq!(model.force_update, Some(4));
        assert!(model.networks.is_some());
    }

    #[test]
    fn pieces_reject_bad_values() {
        assert!(TaskTemplate::default().build().is_err());
        assert!(TaskTemplate::default().runtime("plugin").build().is_ok());
        assert!(Resources::new().cpu_limit(-1.0).build().is_err());
        assert!(Resources::new().cpu_limit(f64::NAN).build().is_err());
        assert!(Resources::new().mem_limit("lots").build().is_err());
        assert!(Resources::new().memory_swappiness(101).build().is_err());
        assert!(Resources::new().discrete_resource("", 1).build().is_err());
        assert!(Resources::new()
            .discrete_resource("gpu", -1)
            .build()
            .is_err());
        assert!(RestartPolicy::new("always").build().is_err());
        assert!(Placement::new().constraint("node.role").build().is_err());
        assert!(Placement::new()
            .preference(PlacementPreference::new("pack", "x"))
            .build()
            .is_err());
        assert!(DriverConfig::new("").build().is_err());
        assert!(NetworkAttachmentConfig::new(" ").build().is_err());
        assert_eq!(
            Resources::new().build().unwrap(),
            TaskSpecResources::default()
        );
    }
}
