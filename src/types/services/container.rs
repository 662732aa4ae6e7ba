//! [`ContainerSpec`] and the pieces it holds: secret and config references, DNS settings and privileges.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::models::{
    TaskSpecContainerSpec, TaskSpecContainerSpecConfigs, TaskSpecContainerSpecConfigsFile,
    TaskSpecContainerSpecDNSConfig, TaskSpecContainerSpecIsolation,
    TaskSpecContainerSpecPrivileges, TaskSpecContainerSpecPrivilegesAppArmor,
    TaskSpecContainerSpecPrivilegesAppArmorMode, TaskSpecContainerSpecPrivilegesCredentialSpec,
    TaskSpecContainerSpecPrivilegesSELinuxContext, TaskSpecContainerSpecPrivilegesSeccomp,
    TaskSpecContainerSpecPrivilegesSeccompMode, TaskSpecContainerSpecSecrets,
    TaskSpecContainerSpecSecretsFile, TaskSpecContainerSpecUlimits,
};
use crate::types::{Healthcheck, Mount};
use crate::utils::duration::duration_to_nanos;

/// What a service's tasks run: image, command, environment, mounts, secrets … (the Engine API's
/// `TaskSpec.ContainerSpec`).
///
/// Every setter only records a value; [`build`](Self::build) checks them all and returns the first
/// problem. In a service update, the fields set here replace the service's current values and the
/// others are kept.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::types::services::ContainerSpec;
///
/// let spec = ContainerSpec::new("busybox:latest")
///     .command(["sh", "-c", "echo hi; sleep 60"])
///     .env_var("MODE", "test")
///     .host("db.internal", "10.0.0.5")
///     .stop_grace_period(Duration::from_secs(5))
///     .build()?;
/// assert_eq!(spec.env.unwrap(), ["MODE=test"]);
/// assert_eq!(spec.hosts.unwrap(), ["10.0.0.5 db.internal"]);
/// assert!(ContainerSpec::new("").build().is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContainerSpec {
    pub(crate) image: Option<String>,
    labels: Option<HashMap<String, String>>,
    command: Option<Vec<String>>,
    args: Option<Vec<String>>,
    hostname: Option<String>,
    env: Option<Vec<String>>,
    dir: Option<String>,
    user: Option<String>,
    groups: Option<Vec<String>>,
    privileges: Option<Privileges>,
    tty: Option<bool>,
    open_stdin: Option<bool>,
    read_only: Option<bool>,
    mounts: Option<Vec<Mount>>,
    stop_signal: Option<String>,
    stop_grace_period: Option<Duration>,
    healthcheck: Option<Healthcheck>,
    hosts: Option<Vec<String>>,
    dns_config: Option<DNSConfig>,
    secrets: Option<Vec<SecretReference>>,
    oom_score_adj: Option<i64>,
    configs: Option<Vec<ConfigReference>>,
    isolation: Option<String>,
    init: Option<bool>,
    sysctls: Option<HashMap<String, String>>,
    cap_add: Option<Vec<String>>,
    cap_drop: Option<Vec<String>>,
    ulimits: Option<Vec<TaskSpecContainerSpecUlimits>>,
}

fn strings<I, S>(items: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

impl ContainerSpec {
    /// Runs `image` (a reference such as `busybox:latest`).
    pub fn new(image: impl Into<String>) -> Self {
        ContainerSpec {
            image: Some(image.into()),
            ..Default::default()
        }
    }

    /// The image to run.
    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.image = Some(image.into());
        self
    }

    /// Replaces the container labels.
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

    /// Adds a container label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// The command, replacing the image's entrypoint.
    pub fn command<I, S>(mut self, command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.command = Some(strings(command));
        self
    }

    /// The arguments, replacing the image's `CMD`.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args = Some(strings(args));
        self
    }

    /// The container's hostname.
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// Replaces the environment (`KEY=value` entries).
    pub fn env<I, S>(mut self, env: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.env = Some(strings(env));
        self
    }

    /// Adds one environment variable.
    pub fn env_var(mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.env
            .get_or_insert_with(Vec::new)
            .push(format!("{}={}", key.as_ref(), value.as_ref()));
        self
    }

    /// The working directory.
    pub fn workdir(mut self, dir: impl Into<String>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// The user (`name`, `uid`, `uid:gid` …).
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// Additional groups of the process.
    pub fn groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups = Some(strings(groups));
        self
    }

    /// Security settings (credential spec, SELinux, seccomp, AppArmor, no-new-privileges).
    pub fn privileges(mut self, privileges: Privileges) -> Self {
        self.privileges = Some(privileges);
        self
    }

    /// Allocate a pseudo-TTY (logs are then raw, not multiplexed).
    pub fn tty(mut self, tty: bool) -> Self {
        self.tty = Some(tty);
        self
    }

    /// Keep stdin open.
    pub fn open_stdin(mut self, open: bool) -> Self {
        self.open_stdin = Some(open);
        self
    }

    /// Mount the root filesystem read-only.
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = Some(read_only);
        self
    }

    /// Replaces the mounts.
    pub fn mounts(mut self, mounts: impl IntoIterator<Item = Mount>) -> Self {
        self.mounts = Some(mounts.into_iter().collect());
        self
    }

    /// Adds a mount.
    pub fn mount(mut self, mount: Mount) -> Self {
        self.mounts.get_or_insert_with(Vec::new).push(mount);
        self
    }

    /// The signal that stops the container (e.g. `SIGINT`).
    pub fn stop_signal(mut self, signal: impl Into<String>) -> Self {
        self.stop_signal = Some(signal.into());
        self
    }

    /// How long to wait after the stop signal before killing.
    pub fn stop_grace_period(mut self, period: Duration) -> Self {
        self.stop_grace_period = Some(period);
        self
    }

    /// The healthcheck.
    pub fn healthcheck(mut self, check: Healthcheck) -> Self {
        self.healthcheck = Some(check);
        self
    }

    /// Replaces the extra `/etc/hosts` entries (`"IP hostname [alias…]"`).
    pub fn hosts<I, S>(mut self, entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.hosts = Some(strings(entries));
        self
    }

    /// Adds an `/etc/hosts` entry mapping `hostname` to `ip`.
    pub fn host(mut self, hostname: impl AsRef<str>, ip: impl AsRef<str>) -> Self {
        self.hosts.get_or_insert_with(Vec::new).push(format!(
            "{} {}",
            ip.as_ref(),
            hostname.as_ref()
        ));
        self
    }

    /// DNS servers, search domains and resolver options.
    pub fn dns_config(mut self, dns: DNSConfig) -> Self {
        self.dns_config = Some(dns);
        self
    }

    /// Replaces the secrets given to the container.
    pub fn secrets(mut self, secrets: impl IntoIterator<Item = SecretReference>) -> Self {
        self.secrets = Some(secrets.into_iter().collect());
        self
    }

    /// Adds a secret.
    pub fn secret(mut self, secret: SecretReference) -> Self {
        self.secrets.get_or_insert_with(Vec::new).push(secret);
        self
    }

    /// The OOM score adjustment (API 1.47+ here).
    pub fn oom_score_adj(mut self, adj: i64) -> Self {
        self.oom_score_adj = Some(adj);
        self
    }

    /// Replaces the configs given to the container.
    pub fn configs(mut self, configs: impl IntoIterator<Item = ConfigReference>) -> Self {
        self.configs = Some(configs.into_iter().collect());
        self
    }

    /// Adds a config.
    pub fn config(mut self, config: ConfigReference) -> Self {
        self.configs.get_or_insert_with(Vec::new).push(config);
        self
    }

    /// Isolation technology (Windows): `default`, `process` or `hyperv`.
    pub fn isolation(mut self, isolation: impl Into<String>) -> Self {
        self.isolation = Some(isolation.into());
        self
    }

    /// Run an init process inside the container.
    pub fn init(mut self, init: bool) -> Self {
        self.init = Some(init);
        self
    }

    /// Adds a namespaced kernel parameter (e.g. `net.core.somaxconn`).
    pub fn sysctl(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.sysctls
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Kernel capabilities to add (e.g. `CAP_NET_ADMIN`).
    pub fn cap_add<I, S>(mut self, caps: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.cap_add = Some(strings(caps));
        self
    }

    /// Kernel capabilities to drop.
    pub fn cap_drop<I, S>(mut self, caps: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.cap_drop = Some(strings(caps));
        self
    }

    /// Adds a resource limit (e.g. `nofile`, 1024, 2048).
    pub fn ulimit(mut self, name: impl Into<String>, soft: i64, hard: i64) -> Self {
        self.ulimits
            .get_or_insert_with(Vec::new)
            .push(TaskSpecContainerSpecUlimits {
                name: Some(name.into()),
                soft: Some(soft),
                hard: Some(hard),
            });
        self
    }

    /// Checks the values and builds the Engine API's container spec.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a missing image, a malformed env or hosts entry, a bad secret,
    /// config or privileges, an unknown isolation, or a ulimit whose soft limit
    /// exceeds its hard one.
    pub fn build(&self) -> Result<TaskSpecContainerSpec> {
        if self.image.as_deref().is_none_or(|i| i.trim().is_empty()) {
            return Err(Error::invalid(
                "container spec: the image is empty; name the image the tasks run",
            ));
        }
        let mut model = TaskSpecContainerSpec::default();
        self.merge_into(&mut model)?;
        Ok(model)
    }

    /// Writes the fields set here over `model`, keeping the others (used by service updates).
    pub(crate) fn merge_into(&self, model: &mut TaskSpecContainerSpec) -> Result<()> {
        for entry in self.env.iter().flatten() {
            if entry.is_empty() || entry.starts_with('=') {
                return Err(Error::invalid(format!(
                    "container spec: env entry {entry:?} is not of the form KEY=value"
                )));
            }
        }
        for entry in self.hosts.iter().flatten() {
            let mut parts = entry.split_whitespace();
            let ip_ok = parts.next().is_some_and(|ip| ip.parse::<IpAddr>().is_ok());
            if !ip_ok || parts.next().is_none() {
                return Err(Error::invalid(format!(
                    "container spec: hosts entry {entry:?} is not of the form \"IP hostname\""
                )));
            }
        }
        for u in self.ulimits.iter().flatten() {
            if u.soft > u.hard {
                return Err(Error::invalid(format!(
                    "container spec: ulimit {} has a soft limit above its hard limit",
                    u.name.as_deref().unwrap_or_default()
                )));
            }
        }
        let isolation = match &self.isolation {
            Some(i) => match TaskSpecContainerSpecIsolation::from(i.as_str()) {
                TaskSpecContainerSpecIsolation::Other(_) => {
                    return Err(Error::invalid(format!(
                        "container spec: isolation {i:?} is not one of default, process, hyperv"
                    )))
                }
                known => Some(known),
            },
            None => None,
        };
        macro_rules! set {
            ($field:ident) => {
                if let Some(v) = &self.$field {
                    model.$field = Some(v.clone());
                }
            };
            ($field:ident => $model_field:ident) => {
                if let Some(v) = &self.$field {
                    model.$model_field = Some(v.clone());
                }
            };
        }
        set!(image);
        set!(labels);
        set!(command);
        set!(args);
        set!(hostname);
        set!(env);
        set!(dir);
        set!(user);
        set!(groups);
        set!(tty);
        set!(open_stdin);
        set!(read_only);
        set!(stop_signal);
        set!(hosts);
        set!(oom_score_adj);
        set!(init);
        set!(sysctls);
        set!(cap_add => capability_add);
        set!(cap_drop => capability_drop);
        set!(ulimits);
        if let Some(p) = &self.privileges {
            model.privileges = Some(p.build()?);
        }
        for m in self.mounts.iter().flatten() {
            m.validate().map_err(|e| match e {
                Error::InvalidArgument(m) => Error::invalid(format!("container spec: {m}")),
                other => other,
            })?;
        }
        if let Some(h) = &self.healthcheck {
            h.validate().map_err(|e| match e {
                Error::InvalidArgument(m) => Error::invalid(format!("container spec: {m}")),
                other => other,
            })?;
        }
        if let Some(mounts) = &self.mounts {
            model.mounts = Some(mounts.iter().map(Mount::to_model).collect());
        }
        if let Some(d) = self.stop_grace_period {
            model.stop_grace_period = Some(duration_to_nanos(d));
        }
        if let Some(h) = &self.healthcheck {
            model.health_check = Some(h.to_model());
        }
        if let Some(dns) = &self.dns_config {
            model.dns_config = Some(dns.build()?);
        }
        if let Some(secrets) = &self.secrets {
            model.secrets = Some(
                secrets
                    .iter()
                    .map(SecretReference::build)
                    .collect::<Result<_>>()?,
            );
        }
        if let Some(configs) = &self.configs {
            model.configs = Some(
                configs
                    .iter()
                    .map(ConfigReference::build)
                    .collect::<Result<_>>()?,
            );
        }
        if isolation.is_some() {
            model.isolation = isolation;
        }
        Ok(())
    }
}

/// Where a file (secret or config) appears in the container: name, owner and mode.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileTarget {
    name: Option<String>,
    uid: String,
    gid: String,
    mode: u32,
}

impl FileTarget {
    fn new() -> Self {
        FileTarget {
            name: None,
            uid: "0".to_string(),
            gid: "0".to_string(),
            mode: 0o444,
        }
    }

    fn check(&self, what: &str, default_name: &str) -> Result<String> {
        if self.mode > 0o7777 {
            return Err(Error::invalid(format!(
                "{what}: file mode {:o} is not a permission mode (at most 0o7777)",
                self.mode
            )));
        }
        let name = self
            .name
            .clone()
            .unwrap_or_else(|| default_name.to_string());
        if name.trim().is_empty() {
            return Err(Error::invalid(format!("{what}: the file name is empty")));
        }
        Ok(name)
    }
}

/// Gives a swarm secret to a service's containers as a file (by default
/// `/run/secrets/<secret name>`, owned by root, mode `0444`).
///
/// Get one from a [`crate::secrets::Secret`] handle with `reference()`, or name the secret's ID and
/// name here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretReference {
    secret_id: String,
    secret_name: String,
    file: FileTarget,
}

impl SecretReference {
    /// The secret with this ID and name.
    pub fn new(secret_id: impl Into<String>, secret_name: impl Into<String>) -> Self {
        SecretReference {
            secret_id: secret_id.into(),
            secret_name: secret_name.into(),
            file: FileTarget::new(),
        }
    }

    /// The file name under `/run/secrets/` (or an absolute path); default: the secret's name.
    pub fn filename(mut self, name: impl Into<String>) -> Self {
        self.file.name = Some(name.into());
        self
    }

    /// The file's owner (default `0`).
    pub fn uid(mut self, uid: impl Into<String>) -> Self {
        self.file.uid = uid.into();
        self
    }

    /// The file's group (default `0`).
    pub fn gid(mut self, gid: impl Into<String>) -> Self {
        self.file.gid = gid.into();
        self
    }

    /// The file's permission bits (default `0o444`).
    pub fn mode(mut self, mode: u32) -> Self {
        self.file.mode = mode;
        self
    }

    /// Checks the reference and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty ID or name, or a mode above `0o7777`.
    pub fn build(&self) -> Result<TaskSpecContainerSpecSecrets> {
        if self.secret_id.trim().is_empty() || self.secret_name.trim().is_empty() {
            return Err(Error::invalid(
                "secret reference: both the secret's ID and its name are needed",
            ));
        }
        let name = self.file.check("secret reference", &self.secret_name)?;
        Ok(TaskSpecContainerSpecSecrets {
            file: Some(TaskSpecContainerSpecSecretsFile {
                name: Some(name),
                uid: Some(self.file.uid.clone()),
                gid: Some(self.file.gid.clone()),
                mode: Some(self.file.mode),
            }),
            secret_id: Some(self.secret_id.clone()),
            secret_name: Some(self.secret_name.clone()),
        })
    }
}

/// Gives a swarm config to a service's containers as a file (by default `/<config name>`, owned by
/// root, mode `0444`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigReference {
    config_id: String,
    config_name: String,
    file: FileTarget,
}

impl ConfigReference {
    /// The config with this ID and name.
    pub fn new(config_id: impl Into<String>, config_name: impl Into<String>) -> Self {
        ConfigReference {
            config_id: config_id.into(),
            config_name: config_name.into(),
            file: FileTarget::new(),
        }
    }

    /// The path of the file in the container; default: the config's name (in `/`).
    pub fn filename(mut self, name: impl Into<String>) -> Self {
        self.file.name = Some(name.into());
        self
    }

    /// The file's owner (default `0`).
    pub fn uid(mut self, uid: impl Into<String>) -> Self {
        self.file.uid = uid.into();
        self
    }

    /// The file's group (default `0`).
    pub fn gid(mut self, gid: impl Into<String>) -> Self {
        self.file.gid = gid.into();
        self
    }

    /// The file's permission bits (default `0o444`).
    pub fn mode(mut self, mode: u32) -> Self {
        self.file.mode = mode;
        self
    }

    /// Checks the reference and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty ID or name, or a mode above `0o7777`.
    pub fn build(&self) -> Result<TaskSpecContainerSpecConfigs> {
        if self.config_id.trim().is_empty() || self.config_name.trim().is_empty() {
            return Err(Error::invalid(
                "config reference: both the config's ID and its name are needed",
            ));
        }
        let name = self.file.check("config reference", &self.config_name)?;
        Ok(TaskSpecContainerSpecConfigs {
            file: Some(TaskSpecContainerSpecConfigsFile {
                name: Some(name),
                uid: Some(self.file.uid.clone()),
                gid: Some(self.file.gid.clone()),
                mode: Some(self.file.mode),
            }),
            runtime: None,
            config_id: Some(self.config_id.clone()),
            config_name: Some(self.config_name.clone()),
        })
    }
}

/// DNS settings of a service's containers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DNSConfig {
    nameservers: Vec<String>,
    search: Vec<String>,
    options: Vec<String>,
}

impl DNSConfig {
    /// No settings yet.
    pub fn new() -> Self {
        DNSConfig::default()
    }

    /// Adds a DNS server (an IP address).
    pub fn nameserver(mut self, ip: impl Into<String>) -> Self {
        self.nameservers.push(ip.into());
        self
    }

    /// Adds a search domain.
    pub fn search(mut self, domain: impl Into<String>) -> Self {
        self.search.push(domain.into());
        self
    }

    /// Adds a resolver option (e.g. `timeout:3`, `ndots:2`).
    pub fn option(mut self, option: impl Into<String>) -> Self {
        self.options.push(option.into());
        self
    }

    /// Checks the servers and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a nameserver that is not an IP address.
    pub fn build(&self) -> Result<TaskSpecContainerSpecDNSConfig> {
        for ns in &self.nameservers {
            if ns.parse::<IpAddr>().is_err() {
                return Err(Error::invalid(format!(
                    "DNS config: nameserver {ns:?} is not an IP address"
                )));
            }
        }
        Ok(TaskSpecContainerSpecDNSConfig {
            nameservers: Some(self.nameservers.clone()),
            search: Some(self.search.clone()),
            options: Some(self.options.clone()),
        })
    }
}

/// Security settings of a service's containers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Privileges {
    credential_spec_file: Option<String>,
    credential_spec_registry: Option<String>,
    credential_spec_config: Option<String>,
    selinux: Option<TaskSpecContainerSpecPrivilegesSELinuxContext>,
    seccomp_mode: Option<String>,
    seccomp_profile: Option<String>,
    apparmor_mode: Option<String>,
    no_new_privileges: Option<bool>,
}

impl Privileges {
    /// No settings yet.
    pub fn new() -> Self {
        Privileges::default()
    }

    /// Windows: a credential spec read from this file.
    pub fn credential_spec_file(mut self, file: impl Into<String>) -> Self {
        self.credential_spec_file = Some(file.into());
        self
    }

    /// Windows: a credential spec read from this registry value.
    pub fn credential_spec_registry(mut self, value: impl Into<String>) -> Self {
        self.credential_spec_registry = Some(value.into());
        self
    }

    /// Windows: a credential spec from this swarm config (ID).
    pub fn credential_spec_config(mut self, config_id: impl Into<String>) -> Self {
        self.credential_spec_config = Some(config_id.into());
        self
    }

    fn selinux(&mut self) -> &mut TaskSpecContainerSpecPrivilegesSELinuxContext {
        self.selinux.get_or_insert_with(Default::default)
    }

    /// Disable SELinux labelling.
    pub fn selinux_disable(mut self, disable: bool) -> Self {
        self.selinux().disable = Some(disable);
        self
    }

    /// The SELinux user label.
    pub fn selinux_user(mut self, user: impl Into<String>) -> Self {
        self.selinux().user = Some(user.into());
        self
    }

    /// The SELinux role label.
    pub fn selinux_role(mut self, role: impl Into<String>) -> Self {
        self.selinux().role = Some(role.into());
        self
    }

    /// The SELinux type label.
    pub fn selinux_type(mut self, kind: impl Into<String>) -> Self {
        self.selinux().type_ = Some(kind.into());
        self
    }

    /// The SELinux level label.
    pub fn selinux_level(mut self, level: impl Into<String>) -> Self {
        self.selinux().level = Some(level.into());
        self
    }

    /// Seccomp: `default`, `unconfined`, or `custom` with [`seccomp_profile`](Self::seccomp_profile)
    /// (API 1.44+).
    pub fn seccomp_mode(mut self, mode: impl Into<String>) -> Self {
        self.seccomp_mode = Some(mode.into());
        self
    }

    /// Seccomp: a custom profile (JSON); implies mode `custom` (API 1.44+).
    pub fn seccomp_profile(mut self, profile: impl Into<String>) -> Self {
        self.seccomp_profile = Some(profile.into());
        self
    }

    /// AppArmor: `default` or `disabled` (API 1.44+).
    pub fn apparmor_mode(mut self, mode: impl Into<String>) -> Self {
        self.apparmor_mode = Some(mode.into());
        self
    }

    /// Forbid gaining privileges through setuid binaries (API 1.44+).
    pub fn no_new_privileges(mut self, on: bool) -> Self {
        self.no_new_privileges = Some(on);
        self
    }

    /// Checks the combination and builds the Engine API's form.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when more than one credential spec source is set, for an unknown seccomp
    /// or AppArmor mode, or a seccomp profile with a mode other than `custom`.
    pub fn build(&self) -> Result<TaskSpecContainerSpecPrivileges> {
        let sources = [
            self.credential_spec_file.is_some(),
            self.credential_spec_registry.is_some(),
            self.credential_spec_config.is_some(),
        ];
        if sources.iter().filter(|s| **s).count() > 1 {
            return Err(Error::invalid(
                "privileges: credential spec file, registry and config are mutually exclusive",
            ));
        }
        let credential_spec =
            sources
                .iter()
                .any(|s| *s)
                .then(|| TaskSpecContainerSpecPrivilegesCredentialSpec {
                    config: self.credential_spec_config.clone(),
                    file: self.credential_spec_file.clone(),
                    registry: self.credential_spec_registry.clone(),
                });
        let seccomp_mode = match (&self.seccomp_mode, &self.seccomp_profile) {
            (None, None) => None,
            (None, Some(_)) => Some(TaskSpecContainerSpecPrivilegesSeccompMode::Custom),
            (Some(m), profile) => {
                match TaskSpecContainerSpecPrivilegesSeccompMode::from(m.as_str()) {
                    TaskSpecContainerSpecPrivilegesSeccompMode::Other(_) => {
                        return Err(Error::invalid(format!(
                        "privileges: seccomp mode {m:?} is not one of default, unconfined, custom"
                    )))
                    }
                    TaskSpecContainerSpecPrivilegesSeccompMode::Custom if profile.is_none() => {
                        return Err(Error::invalid(
                            "privileges: seccomp mode custom needs a profile",
                        ))
                    }
                    known
                        if profile.is_some()
                            && known != TaskSpecContainerSpecPrivilegesSeccompMode::Custom =>
                    {
                        return Err(Error::invalid(format!(
                            "privileges: a seccomp profile needs mode custom, not {m}"
                        )))
                    }
                    known => Some(known),
                }
            }
        };
        let app_armor = match &self.apparmor_mode {
            Some(m) => match TaskSpecContainerSpecPrivilegesAppArmorMode::from(m.as_str()) {
                TaskSpecContainerSpecPrivilegesAppArmorMode::Other(_) => {
                    return Err(Error::invalid(format!(
                        "privileges: AppArmor mode {m:?} is not one of default, disabled"
                    )))
                }
                known => Some(TaskSpecContainerSpecPrivilegesAppArmor { mode: Some(known) }),
            },
            None => None,
        };
        Ok(TaskSpecContainerSpecPrivileges {
            credential_spec,
            se_linux_context: self.selinux.clone(),
            seccomp: seccomp_mode.map(|mode| TaskSpecContainerSpecPrivilegesSeccomp {
                mode: Some(mode),
                profile: self.seccomp_profile.clone(),
            }),
            app_armor,
            no_new_privileges: self.no_new_privileges,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_spec_builds_every_field() {
        let spec = ContainerSpec::new("img")
            .label("a", "b")
            .command(["sh"])
            .args(["-c", "true"])
            .hostname("h")
            .env(["A=1"])
            .env_var("B", "2")
            .workdir("/w")
            .user("1000")
            .groups(["wheel"])
            .tty(true)
            .open_stdin(true)
            .read_only(true)
            .mount(Mount::tmpfs("/t"))
            .stop_signal("SIGINT")
            .stop_grace_period(Duration::from_secs(3))
            .healthcheck(Healthcheck::shell("true"))
            .hosts(["1.2.3.4 one"])
            .dns_config(
                DNSConfig::new()
                    .nameserver("8.8.8.8")
                    .search("x")
                    .option("ndots:2"),
            )
            .secret(SecretReference::new("sid", "s").filename("key").mode(0o400))
            .config(ConfigReference::new("cid", "c").uid("33"))
            .isolation("default")
            .init(true)
            .sysctl("net.core.somaxconn", "1024")
            .cap_add(["CAP_NET_ADMIN"])
            .cap_drop(["CAP_MKNOD"])
            .ulimit("nofile", 10, 20)
            .privileges(Privileges::new().selinux_disable(true))
            .build()
            .unwrap();
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["Env"], serde_json::json!(["A=1", "B=2"]));
        assert_eq!(json["Dir"], "/w");
        assert_eq!(json["StopGracePeriod"], 3_000_000_000i64);
        assert_eq!(json["CapabilityAdd"], serde_json::json!(["CAP_NET_ADMIN"]));
        assert_eq!(json["Mounts"][0]["Type"], "tmpfs");
        assert_eq!(json["HealthCheck"]["Test"][0], "CMD-SHELL");
        assert_eq!(json["DNSConfig"]["Nameservers"][0], "8.8.8.8");
        assert_eq!(
            json["Secrets"][0],
            serde_json::json!({"File": {"Name": "key", "UID": "0", "GID": "0", "Mode": 256},
                               "SecretID": "sid", "SecretName": "s"})
        );
        assert_eq!(json["Configs"][0]["File"]["Name"], "c");
        assert_eq!(json["Configs"][0]["File"]["UID"], "33");
        assert_eq!(json["Ulimits"][0]["Hard"], 20);
        assert_eq!(json["Privileges"]["SELinuxContext"]["Disable"], true);
        assert_eq!(json["Isolation"], "default");
    }

    #[test]
    fn container_spec_rejects_bad_values() {
        let cases = [
            ContainerSpec::default(),
            ContainerSpec::new("img").env(["=x"]),
            ContainerSpec::new("img").hosts(["nothost"]),
            ContainerSpec::new("img").hosts(["1.2.3.4"]),
            ContainerSpec::new("img").isolation("vm"),
            ContainerSpec::new("img").ulimit("nofile", 30, 20),
            ContainerSpec::new("img").secret(SecretReference::new("", "s")),
            ContainerSpec::new("img").config(ConfigReference::new("c", "n").mode(0o17777)),
            ContainerSpec::new("img").dns_config(DNSConfig::new().nameserver("dns.example")),
            ContainerSpec::new("img").mount(Mount::bind("rel", "/data")),
            ContainerSpec::new("img").mount(Mount::volume("v", "data")),
            ContainerSpec::new("img")
                .healthcheck(Healthcheck::shell("true").interval(Duration::from_micros(1))),
        ];
        for spec in cases {
            assert!(
                matches!(spec.build(), Err(Error::InvalidArgument(_))),
                "{spec:?}"
            );
        }
    }

    #[test]
    fn merge_keeps_unset_fields() {
        let mut model = ContainerSpec::new("old")
            .env(["A=1"])
            .user("me")
            .build()
            .unwrap();
        ContainerSpec::default()
            .image("new")
            .merge_into(&mut model)
            .unwrap();
        assert_eq!(model.image.as_deref(), Some("new"));
        assert_eq!(model.env.as_deref(), Some(&["A=1".to_string()][..]));
        assert_eq!(model.user.as_deref(), Some("me"));
    }

    #[test]
    fn privileges_validate_combinations() {
        assert!(Privileges::new()
            .credential_spec_file("a")
            .credential_spec_registry("b")
            .build()
            .is_err());
        assert!(Privileges::new().seccomp_mode("custom").build().is_err());
        assert!(Privileges::new()
            .seccomp_mode("unconfined")
            .seccomp_profile("{}")
            .build()
            .is_err());
        assert!(Privileges::new().seccomp_mode("strict").build().is_err());
        assert!(Privileges::new().apparmor_mode("maybe").build().is_err());
        let p = Privileges::new()
            .seccomp_profile("{}")
            .apparmor_mode("disabled")
            .no_new_privileges(true)
            .credential_spec_config("cfg")
            .build()
            .unwrap();
        assert_eq!(
            p.seccomp.unwrap().mode,
            Some(TaskSpecContainerSpecPrivilegesSeccompMode::Custom)
        );
        assert_eq!(p.credential_spec.unwrap().config.as_deref(), Some("cfg"));
    }
}
