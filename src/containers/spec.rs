//! [`ContainerSpec`]: everything `run` and `create` accept, and the setters shared by their builders.

use std::collections::HashMap;

use crate::api::ContainerCreateOptions;
use crate::error::{Error, Result};
use crate::models::{
    ContainerCreateBody, EmptyObject, EndpointIPAMConfig, EndpointSettings, HostConfig,
    HostConfigCgroupnsMode, HostConfigIsolation, NetworkingConfig, PortBinding as PortBindingModel,
    ResourcesBlkioWeightDevice, ThrottleDevice,
};
use crate::utils::bytes_size::IntoByteSize;
use crate::utils::ports::{HostBinding, PortBindings};
use crate::utils::version::ApiVersion;

/// How a container attaches to a network at creation (`network` plus its endpoint settings).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct NetworkAttachment {
    pub(crate) name: String,
    pub(crate) endpoint: EndpointSettings,
}

/// The complete description of a container to create: image, command, environment, resources, mounts,
/// ports, networks … Built through the setters of [`Run`](super::Run) and
/// [`CreateContainer`](super::CreateContainer), which are named after docker-py's keyword arguments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContainerSpec {
    pub(crate) body: ContainerCreateBody,
    pub(crate) name: Option<String>,
    pub(crate) platform: Option<String>,
    pub(crate) ports: PortBindings,
    pub(crate) exposed: Vec<String>,
    pub(crate) binds: Vec<String>,
    pub(crate) env: Vec<String>,
    pub(crate) network: Option<NetworkAttachment>,
    pub(crate) errors: Vec<String>,
    pub(crate) no_config_proxy: bool,
}

impl ContainerSpec {
    pub(crate) fn new(image: impl Into<String>) -> Self {
        ContainerSpec {
            body: ContainerCreateBody {
                image: Some(image.into()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// The image the container is created from.
    pub fn image(&self) -> &str {
        self.body.image.as_deref().unwrap_or_default()
    }

    /// The container's name, if one was set.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    pub(crate) fn host(&mut self) -> &mut HostConfig {
        self.body.host_config.get_or_insert_with(Default::default)
    }

    pub(crate) fn fail(&mut self, message: String) {
        self.errors.push(message);
    }

    /// Records a local error, keeping only the message of an `InvalidArgument` (it is wrapped again when
    /// the request is built).
    pub(crate) fn fail_err(&mut self, err: Error) {
        match err {
            Error::InvalidArgument(message) => self.fail(message),
            other => self.fail(other.to_string()),
        }
    }

    pub(crate) fn bytes(&mut self, what: &str, value: impl IntoByteSize) -> Option<i64> {
        match value.into_byte_size() {
            Ok(b) => Some(b.bytes()),
            Err(Error::InvalidArgument(e)) => {
                self.fail(format!("{what}: {e}"));
                None
            }
            Err(e) => {
                self.fail(format!("{what}: {e}"));
                None
            }
        }
    }

    /// Checks the spec and produces the create call's options and body for the given API version.
    pub(crate) fn to_request(
        &self,
        version: ApiVersion,
    ) -> Result<(ContainerCreateOptions, ContainerCreateBody)> {
        if let Some(first) = self.errors.first() {
            return Err(Error::invalid(first.clone()));
        }
        if self.image().trim().is_empty() {
            return Err(Error::invalid("a container needs an image"));
        }
        let mut body = self.body.clone();
        let host_network_mode = body
            .host_config
            .as_ref()
            .and_then(|h| h.network_mode.clone());
        if let (Some(net), Some(mode)) = (&self.network, &host_network_mode) {
            if &net.name != mode {
                return Err(Error::invalid(format!(
                    "`network` ({}) and `network_mode` ({mode}) cannot be used together",
                    net.name
                )));
            }
        }
        if !self.env.is_empty() {
            body.env = Some(self.env.clone());
        }
        let mut exposed: HashMap<String, EmptyObject> =
            body.exposed_ports.take().unwrap_or_default();
        for port in &self.exposed {
            exposed.insert(port.clone(), EmptyObject);
        }
        if !self.ports.is_empty() {
            let mut map: HashMap<String, Option<Vec<PortBindingModel>>> = HashMap::new();
            for (port, bindings) in self.ports.iter() {
                exposed.insert(port.to_string(), EmptyObject);
                let list = bindings
                    .iter()
                    .map(|b| PortBindingModel {
                        host_ip: b.host_ip.clone(),
                        host_port: b.host_port.clone(),
                    })
                    .collect();
                map.insert(port.to_string(), Some(list));
            }
            body.host_config
                .get_or_insert_with(Default::default)
                .port_bindings = Some(map);
        }
        if !exposed.is_empty() {
            body.exposed_ports = Some(exposed);
        }
        if !self.binds.is_empty() {
            body.host_config.get_or_insert_with(Default::default).binds = Some(self.binds.clone());
        }
        if let Some(net) = &self.network {
            body.host_config
                .get_or_insert_with(Default::default)
                .network_mode = Some(net.name.clone());
            let mut endpoints = HashMap::new();
            endpoints.insert(net.name.clone(), net.endpoint.clone());
            body.networking_config = Some(NetworkingConfig {
                endpoints_config: Some(endpoints),
            });
        }
        let gates = crate::api::gates::container_create_gates(&body);
        if let Some((required, feature)) = gates.first_unsupported(version) {
            return Err(Error::UnsupportedApiVersion {
                feature: feature.to_string(),
                required,
                actual: version,
            });
        }
        let opts = ContainerCreateOptions {
            name: self.name.clone(),
            platform: self.platform.clone(),
        };
        Ok((opts, body))
    }
}

/// Generates the option setters shared by the container builders. `$spec` names a method returning
/// `&mut ContainerSpec`.
macro_rules! container_setters {
    ($spec:ident) => {
        // ---- configuration of the container itself (docker-py's RUN_CREATE_KWARGS) ----

        /// The command to run (replaces the image's `CMD`).
        pub fn command<I, S>(mut self, args: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().body.cmd = Some(args.into_iter().map(Into::into).collect());
            self
        }

        /// Runs `command` with `sh -c` (a convenience for one-line shell commands).
        pub fn shell_command(self, command: impl Into<String>) -> Self {
            self.command(["sh".to_string(), "-c".to_string(), command.into()])
        }

        /// The entrypoint (replaces the image's `ENTRYPOINT`).
        pub fn entrypoint<I, S>(mut self, args: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().body.entrypoint = Some(args.into_iter().map(Into::into).collect());
            self
        }

        /// The container's name.
        pub fn name(mut self, name: impl Into<String>) -> Self {
            self.$spec().name = Some(name.into());
            self
        }

        /// The image platform, `os[/arch[/variant]]`.
        pub fn platform(mut self, platform: impl Into<String>) -> Self {
            self.$spec().platform = Some(platform.into());
            self
        }

        /// The host name inside the container.
        pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
            self.$spec().body.hostname = Some(hostname.into());
            self
        }

        /// The domain name inside the container.
        pub fn domainname(mut self, domainname: impl Into<String>) -> Self {
            self.$spec().body.domainname = Some(domainname.into());
            self
        }

        /// The user (and optionally group) the process runs as: `name`, `uid`, `uid:gid` …
        pub fn user(mut self, user: impl Into<String>) -> Self {
            self.$spec().body.user = Some(user.into());
            self
        }

        /// The working directory of the process.
        pub fn working_dir(mut self, dir: impl Into<String>) -> Self {
            self.$spec().body.working_dir = Some(dir.into());
            self
        }

        /// Sets one environment variable.
        pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            let (key, value) = (key.into(), value.into());
            let spec = self.$spec();
            if key.is_empty() || key.contains('=') {
                spec.fail(format!(
                    "environment variable name {key:?} is empty or contains '='"
                ));
            }
            spec.env.push(format!("{key}={value}"));
            self
        }

        /// Sets environment variables from `(key, value)` pairs (a map works).
        pub fn environment<I, K, V>(mut self, vars: I) -> Self
        where
            I: IntoIterator<Item = (K, V)>,
            K: Into<String>,
            V: Into<String>,
        {
            for (k, v) in vars {
                self = self.env(k, v);
            }
            self
        }

        /// Sets environment variables from `KEY=VALUE` strings (docker-py's list form).
        pub fn environment_list<I, S>(mut self, vars: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            for entry in vars {
                let entry = entry.into();
                let spec = self.$spec();
                if let Err(err) = $crate::utils::env::check_env_entry(&entry) {
                    spec.fail_err(err);
                }
                spec.env.push(entry);
            }
            self
        }

        /// Adds a label.
        pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.$spec()
                .body
                .labels
                .get_or_insert_with(Default::default)
                .insert(key.into(), value.into());
            self
        }

        /// Adds labels from `(key, value)` pairs.
        pub fn labels<I, K, V>(mut self, labels: I) -> Self
        where
            I: IntoIterator<Item = (K, V)>,
            K: Into<String>,
            V: Into<String>,
        {
            for (k, v) in labels {
                self = self.label(k, v);
            }
            self
        }

        /// A health check (replaces the image's), checked with
        /// [`Healthcheck::validate`](crate::types::Healthcheck::validate) when the request is built.
        pub fn healthcheck(mut self, check: $crate::types::Healthcheck) -> Self {
            let spec = self.$spec();
            if let Err(e) = check.validate() {
                spec.fail_err(e);
            }
            spec.body.healthcheck = Some(check.to_model());
            self
        }

        /// The container's MAC address on its network.
        pub fn mac_address(mut self, mac: impl Into<String>) -> Self {
            self.$spec().body.mac_address = Some(mac.into());
            self
        }

        /// Disables networking.
        pub fn network_disabled(mut self, disabled: bool) -> Self {
            self.$spec().body.network_disabled = Some(disabled);
            self
        }

        /// Keeps stdin open (`docker run -i`).
        pub fn stdin_open(mut self, open: bool) -> Self {
            self.$spec().body.open_stdin = Some(open);
            self
        }

        /// Closes stdin after the first attached client detaches (`StdinOnce`).
        pub fn stdin_once(mut self, once: bool) -> Self {
            self.$spec().body.stdin_once = Some(once);
            self
        }

        /// Allocates a pseudo-TTY (output is then not multiplexed).
        pub fn tty(mut self, tty: bool) -> Self {
            self.$spec().body.tty = Some(tty);
            self
        }

        /// The signal that stops the container (e.g. `SIGINT`).
        pub fn stop_signal(mut self, signal: impl Into<String>) -> Self {
            self.$spec().body.stop_signal = Some(signal.into());
            self
        }

        /// Seconds to wait after the stop signal before killing (docker-py cannot set this: its #3168).
        pub fn stop_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.$spec().body.stop_timeout =
                Some(crate::utils::duration::whole_seconds_rounding_up(timeout));
            self
        }

        /// Declares a container port as exposed without publishing it (`80`, `"80/tcp"`, `"53/udp"`).
        pub fn expose(mut self, port: impl std::fmt::Display) -> Self {
            let port = port.to_string();
            let spec = self.$spec();
            match $crate::utils::ports::parse_container_ports(&port) {
                Ok(ports) => spec
                    .exposed
                    .extend(ports.into_iter().map(|p| p.to_string())),
                Err(e) => spec.fail_err(e),
            }
            self
        }

        /// Whether to copy the proxy settings of config.json into the environment (default true, like
        /// docker-py's `use_config_proxy`; values set with `env` win).
        pub fn use_config_proxy(mut self, use_it: bool) -> Self {
            self.$spec().no_config_proxy = !use_it;
            self
        }

        // ---- ports, volumes and networks ----

        /// Publishes a container port (`80`, `"80/tcp"`, `"8000-8010"`) on the host: a port (`8080`), an
        /// address and port (`("127.0.0.1", 8080)`), an address with a random port (`("127.0.0.1",)`), a
        /// range (`"9000-9010"`) or [`HostBinding::random()`](crate::utils::ports::HostBinding::random).
        /// Call it several times to publish one port on several host ports.
        pub fn port(
            mut self,
            container_port: impl std::fmt::Display,
            host: impl Into<$crate::utils::ports::HostBinding>,
        ) -> Self {
            let port = container_port.to_string();
            let host = host.into();
            let spec = self.$spec();
            if let Err(e) = spec.ports.bind(&port, host) {
                spec.fail_err(e);
            }
            self
        }

        /// Publishes ports given in `docker run -p` syntax (`"8080:80"`, `"127.0.0.1::53/udp"` …).
        pub fn publish(mut self, spec_text: impl AsRef<str>) -> Self {
            let spec = self.$spec();
            if let Err(e) = spec.ports.add_spec(spec_text.as_ref()) {
                spec.fail_err(e);
            }
            self
        }

        /// Publishes every exposed port on a random host port (`-P`).
        pub fn publish_all_ports(mut self, all: bool) -> Self {
            self.$spec().host().publish_all_ports = Some(all);
            self
        }

        /// Mounts a volume given in `docker run -v` syntax (`/host:/ctr:ro`, `name:/ctr`, `/ctr`). Sent as
        /// a bind (`HostConfig.Binds`), so missing host directories are created like the CLI does.
        pub fn volume(mut self, spec_text: impl Into<String>) -> Self {
            let text = spec_text.into();
            let spec = self.$spec();
            match $crate::types::Mount::parse(&text) {
                Ok(m) if m.source().is_none() => {
                    spec.body
                        .volumes
                        .get_or_insert_with(Default::default)
                        .insert(m.target().to_string(), $crate::models::EmptyObject);
                }
                Ok(_) => spec.binds.push(text),
                Err(e) => spec.fail_err(e),
            }
            self
        }

        /// Mounts volumes given in `docker run -v` syntax.
        pub fn volumes<I, S>(mut self, specs: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            for s in specs {
                self = self.volume(s);
            }
            self
        }

        /// Adds a typed mount (bind, volume, tmpfs).
        /// The mount is checked with [`Mount::validate`](crate::types::Mount::validate) when the request
        /// is built.
        pub fn mount(mut self, mount: $crate::types::Mount) -> Self {
            let spec = self.$spec();
            if let Err(e) = mount.validate() {
                spec.fail_err(e);
            }
            spec.host()
                .mounts
                .get_or_insert_with(Vec::new)
                .push(mount.to_model());
            self
        }

        /// Mounts volumes from other containers (`name[:ro|rw]`).
        pub fn volumes_from(mut self, container: impl Into<String>) -> Self {
            self.$spec()
                .host()
                .volumes_from
                .get_or_insert_with(Vec::new)
                .push(container.into());
            self
        }

        /// The default volume driver for volumes of this container.
        pub fn volume_driver(mut self, driver: impl Into<String>) -> Self {
            self.$spec().host().volume_driver = Some(driver.into());
            self
        }

        /// Mounts a tmpfs at `path` with mount options (e.g. `"size=64m"`; empty for none).
        pub fn tmpfs(mut self, path: impl Into<String>, options: impl Into<String>) -> Self {
            self.$spec()
                .host()
                .tmpfs
                .get_or_insert_with(Default::default)
                .insert(path.into(), options.into());
            self
        }

        /// Connects the container to this network at creation (docker-py's `network`).
        pub fn network(mut self, network: impl Into<String>) -> Self {
            let name = network.into();
            let spec = self.$spec();
            let endpoint = spec.network.take().map(|n| n.endpoint).unwrap_or_default();
            spec.network = Some($crate::containers::spec::NetworkAttachment { name, endpoint });
            self
        }

        /// Network aliases of the container on the network given with [`network`](Self::network).
        pub fn network_aliases<I, S>(mut self, aliases: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            let spec = self.$spec();
            match spec.network.as_mut() {
                Some(n) => n
                    .endpoint
                    .aliases
                    .get_or_insert_with(Vec::new)
                    .extend(aliases.into_iter().map(Into::into)),
                None => spec.fail("network_aliases needs `network` to be set first".into()),
            }
            self
        }

        /// A static IPv4 (and optionally IPv6) address on the network given with [`network`](Self::network).
        pub fn network_ip(mut self, ipv4: Option<&str>, ipv6: Option<&str>) -> Self {
            let spec = self.$spec();
            match spec.network.as_mut() {
                Some(n) => {
                    n.endpoint.ipam_config = Some($crate::models::EndpointIPAMConfig {
                        ipv4_address: ipv4.map(str::to_string),
                        ipv6_address: ipv6.map(str::to_string),
                        ..Default::default()
                    })
                }
                None => spec.fail("network_ip needs `network` to be set first".into()),
            }
            self
        }

        /// Full endpoint settings for the network given with [`network`](Self::network) (docker-py's
        /// `networking_config`).
        pub fn networking_config(mut self, endpoint: $crate::models::EndpointSettings) -> Self {
            let spec = self.$spec();
            match spec.network.as_mut() {
                Some(n) => n.endpoint = endpoint,
                None => spec.fail("networking_config needs `network` to be set first".into()),
            }
            self
        }

        /// The network mode: `bridge`, `host`, `none`, `container:<id>` or a network name.
        pub fn network_mode(mut self, mode: impl Into<String>) -> Self {
            self.$spec().host().network_mode = Some(mode.into());
            self
        }

        /// Legacy links to other containers (`name:alias`).
        pub fn links<I, S>(mut self, links: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec()
                .host()
                .links
                .get_or_insert_with(Vec::new)
                .extend(links.into_iter().map(Into::into));
            self
        }

        /// DNS servers.
        pub fn dns<I, S>(mut self, servers: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().host().dns = Some(servers.into_iter().map(Into::into).collect());
            self
        }

        /// DNS options.
        pub fn dns_opt<I, S>(mut self, options: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().host().dns_options = Some(options.into_iter().map(Into::into).collect());
            self
        }

        /// DNS search domains.
        pub fn dns_search<I, S>(mut self, domains: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().host().dns_search = Some(domains.into_iter().map(Into::into).collect());
            self
        }

        /// Adds an `/etc/hosts` entry.
        pub fn extra_host(mut self, host: impl Into<String>, ip: impl Into<String>) -> Self {
            let entry = format!("{}:{}", host.into(), ip.into());
            self.$spec()
                .host()
                .extra_hosts
                .get_or_insert_with(Vec::new)
                .push(entry);
            self
        }

        // ---- host configuration (docker-py's RUN_HOST_CONFIG_KWARGS) ----

        /// Removes the container when it exits (daemon side).
        pub fn auto_remove(mut self, auto_remove: bool) -> Self {
            self.$spec().host().auto_remove = Some(auto_remove);
            self
        }

        /// Restart policy.
        pub fn restart_policy(mut self, policy: $crate::types::RestartPolicy) -> Self {
            self.$spec().host().restart_policy = Some(policy.to_model());
            self
        }

        /// Log driver and its options.
        pub fn log_config(mut self, config: $crate::types::LogConfig) -> Self {
            self.$spec().host().log_config = Some(config.to_model());
            self
        }

        /// Gives extended privileges.
        pub fn privileged(mut self, privileged: bool) -> Self {
            self.$spec().host().privileged = Some(privileged);
            self
        }

        /// Adds kernel capabilities (`NET_ADMIN` …).
        pub fn cap_add<I, S>(mut self, caps: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec()
                .host()
                .cap_add
                .get_or_insert_with(Vec::new)
                .extend(caps.into_iter().map(Into::into));
            self
        }

        /// Drops kernel capabilities.
        pub fn cap_drop<I, S>(mut self, caps: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec()
                .host()
                .cap_drop
                .get_or_insert_with(Vec::new)
                .extend(caps.into_iter().map(Into::into));
            self
        }

        /// Security options (`no-new-privileges`, `seccomp=…` …).
        pub fn security_opt<I, S>(mut self, options: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().host().security_opt = Some(options.into_iter().map(Into::into).collect());
            self
        }

        /// Mounts the root filesystem read-only.
        pub fn read_only(mut self, read_only: bool) -> Self {
            self.$spec().host().readonly_rootfs = Some(read_only);
            self
        }

        /// Runs an init process (tini) as PID 1.
        pub fn init(mut self, init: bool) -> Self {
            self.$spec().host().init = Some(init);
            self
        }

        /// The runtime (`runc`, `runsc` …).
        pub fn runtime(mut self, runtime: impl Into<String>) -> Self {
            self.$spec().host().runtime = Some(runtime.into());
            self
        }

        /// Isolation technology (Windows: `process`, `hyperv`).
        pub fn isolation(mut self, isolation: impl AsRef<str>) -> Self {
            self.$spec().host().isolation = Some($crate::models::HostConfigIsolation::from(
                isolation.as_ref(),
            ));
            self
        }

        /// IPC mode: `none`, `private`, `shareable`, `host`, `container:<id>`.
        pub fn ipc_mode(mut self, mode: impl Into<String>) -> Self {
            self.$spec().host().ipc_mode = Some(mode.into());
            self
        }

        /// PID namespace: `host` or `container:<id>`.
        pub fn pid_mode(mut self, mode: impl Into<String>) -> Self {
            self.$spec().host().pid_mode = Some(mode.into());
            self
        }

        /// UTS namespace: `host`.
        pub fn uts_mode(mut self, mode: impl Into<String>) -> Self {
            self.$spec().host().uts_mode = Some(mode.into());
            self
        }

        /// User namespace mode: `host`.
        pub fn userns_mode(mut self, mode: impl Into<String>) -> Self {
            self.$spec().host().userns_mode = Some(mode.into());
            self
        }

        /// cgroup namespace: `private` or `host`.
        pub fn cgroupns(mut self, mode: impl AsRef<str>) -> Self {
            self.$spec().host().cgroupns_mode =
                Some($crate::models::HostConfigCgroupnsMode::from(mode.as_ref()));
            self
        }

        /// The parent cgroup.
        pub fn cgroup_parent(mut self, parent: impl Into<String>) -> Self {
            self.$spec().host().cgroup_parent = Some(parent.into());
            self
        }

        /// Additional groups for the process.
        pub fn group_add<I, S>(mut self, groups: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().host().group_add = Some(groups.into_iter().map(Into::into).collect());
            self
        }

        /// Kernel parameters (`net.ipv4.ip_forward` …).
        pub fn sysctl(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.$spec()
                .host()
                .sysctls
                .get_or_insert_with(Default::default)
                .insert(key.into(), value.into());
            self
        }

        /// Storage driver options (`size=…`).
        pub fn storage_opt(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.$spec()
                .host()
                .storage_opt
                .get_or_insert_with(Default::default)
                .insert(key.into(), value.into());
            self
        }

        /// Size of `/dev/shm` (a number of bytes or a string like `"64m"`).
        pub fn shm_size(mut self, size: impl $crate::utils::bytes_size::IntoByteSize) -> Self {
            let spec = self.$spec();
            let v = spec.bytes("shm_size", size);
            spec.host().shm_size = v;
            self
        }

        /// A resource limit.
        pub fn ulimit(mut self, limit: $crate::types::Ulimit) -> Self {
            let spec = self.$spec();
            if let Err(e) = limit.validate() {
                spec.fail(e);
            }
            spec.host()
                .ulimits
                .get_or_insert_with(Vec::new)
                .push(limit.to_model());
            self
        }

        /// A host device (`"/dev/fuse"`, `"/dev/sda:/dev/xvda:rwm"` or a [`Device`](crate::types::Device)).
        pub fn device(mut self, device: impl $crate::types::IntoDevice) -> Self {
            let spec = self.$spec();
            match device.into_device() {
                Ok(d) => spec
                    .host()
                    .devices
                    .get_or_insert_with(Vec::new)
                    .push(d.to_model()),
                Err(e) => spec.fail_err(e),
            }
            self
        }

        /// A device request (e.g. GPUs).
        pub fn device_request(mut self, request: $crate::types::DeviceRequest) -> Self {
            self.$spec()
                .host()
                .device_requests
                .get_or_insert_with(Vec::new)
                .push(request.to_model());
            self
        }

        /// Device cgroup rules (`c 1:3 mr`).
        pub fn device_cgroup_rules<I, S>(mut self, rules: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.$spec().host().device_cgroup_rules =
                Some(rules.into_iter().map(Into::into).collect());
            self
        }

        // ---- resources ----

        /// Memory limit (a number of bytes or a string like `"512m"`).
        pub fn mem_limit(mut self, size: impl $crate::utils::bytes_size::IntoByteSize) -> Self {
            let spec = self.$spec();
            let v = spec.bytes("mem_limit", size);
            spec.host().memory = v;
            self
        }

        /// Soft memory limit.
        pub fn mem_reservation(
            mut self,
            size: impl $crate::utils::bytes_size::IntoByteSize,
        ) -> Self {
            let spec = self.$spec();
            let v = spec.bytes("mem_reservation", size);
            spec.host().memory_reservation = v;
            self
        }

        /// Memory plus swap limit (`-1`: unlimited swap).
        pub fn memswap_limit(mut self, size: impl $crate::utils::bytes_size::IntoByteSize) -> Self {
            let spec = self.$spec();
            let v = spec.bytes("memswap_limit", size);
            spec.host().memory_swap = v;
            self
        }

        /// Swappiness, 0–100.
        pub fn mem_swappiness(mut self, swappiness: i64) -> Self {
            let spec = self.$spec();
            if !(0..=100).contains(&swappiness) {
                spec.fail(format!(
                    "mem_swappiness {swappiness} is not between 0 and 100"
                ));
            }
            spec.host().memory_swappiness = Some(swappiness);
            self
        }

        /// Kernel memory limit (ignored by recent kernels and daemons).
        pub fn kernel_memory(mut self, size: impl $crate::utils::bytes_size::IntoByteSize) -> Self {
            let spec = self.$spec();
            let v = spec.bytes("kernel_memory", size);
            spec.host().kernel_memory = v;
            self
        }

        /// Disables the OOM killer.
        pub fn oom_kill_disable(mut self, disable: bool) -> Self {
            self.$spec().host().oom_kill_disable = Some(disable);
            self
        }

        /// OOM score adjustment, -1000–1000.
        pub fn oom_score_adj(mut self, adj: i64) -> Self {
            let spec = self.$spec();
            if !(-1000..=1000).contains(&adj) {
                spec.fail(format!("oom_score_adj {adj} is not between -1000 and 1000"));
            }
            spec.host().oom_score_adj = Some(adj);
            self
        }

        /// Maximum number of processes (`-1` or 0: unlimited).
        pub fn pids_limit(mut self, limit: i64) -> Self {
            self.$spec().host().pids_limit = Some(limit);
            self
        }

        /// CPU limit in units of 10⁻⁹ CPUs (`1_500_000_000` = 1.5 CPUs).
        pub fn nano_cpus(mut self, nano_cpus: i64) -> Self {
            self.$spec().host().nano_cpus = Some(nano_cpus);
            self
        }

        /// CPU limit as a number of CPUs (`1.5`), converted to `nano_cpus`.
        pub fn cpus(self, cpus: f64) -> Self {
            self.nano_cpus((cpus * 1e9).round() as i64)
        }

        /// Relative CPU weight.
        pub fn cpu_shares(mut self, shares: i64) -> Self {
            self.$spec().host().cpu_shares = Some(shares);
            self
        }

        /// CFS period in microseconds.
        pub fn cpu_period(mut self, period: i64) -> Self {
            self.$spec().host().cpu_period = Some(period);
            self
        }

        /// CFS quota in microseconds per period.
        pub fn cpu_quota(mut self, quota: i64) -> Self {
            self.$spec().host().cpu_quota = Some(quota);
            self
        }

        /// Real-time period in microseconds.
        pub fn cpu_rt_period(mut self, period: i64) -> Self {
            self.$spec().host().cpu_realtime_period = Some(period);
            self
        }

        /// Real-time runtime in microseconds.
        pub fn cpu_rt_runtime(mut self, runtime: i64) -> Self {
            self.$spec().host().cpu_realtime_runtime = Some(runtime);
            self
        }

        /// CPUs the container may use (`"0-2"`, `"0,1"`).
        pub fn cpuset_cpus(mut self, cpus: impl Into<String>) -> Self {
            self.$spec().host().cpuset_cpus = Some(cpus.into());
            self
        }

        /// Memory nodes the container may use.
        pub fn cpuset_mems(mut self, mems: impl Into<String>) -> Self {
            self.$spec().host().cpuset_mems = Some(mems.into());
            self
        }

        /// Number of usable CPUs (Windows).
        pub fn cpu_count(mut self, count: i64) -> Self {
            self.$spec().host().cpu_count = Some(count);
            self
        }

        /// Usable percentage of CPUs (Windows).
        pub fn cpu_percent(mut self, percent: i64) -> Self {
            self.$spec().host().cpu_percent = Some(percent);
            self
        }

        /// Block IO weight, 10–1000.
        pub fn blkio_weight(mut self, weight: i64) -> Self {
            let spec = self.$spec();
            if weight != 0 && !(10..=1000).contains(&weight) {
                spec.fail(format!("blkio_weight {weight} is not between 10 and 1000"));
            }
            spec.host().blkio_weight = Some(weight);
            self
        }

        /// Block IO weight of one device.
        pub fn blkio_weight_device(mut self, path: impl Into<String>, weight: i64) -> Self {
            let device = $crate::models::ResourcesBlkioWeightDevice {
                path: Some(path.into()),
                weight: Some(weight),
            };
            self.$spec()
                .host()
                .blkio_weight_device
                .get_or_insert_with(Vec::new)
                .push(device);
            self
        }

        /// Read rate limit of a device, bytes per second.
        pub fn device_read_bps(
            mut self,
            path: impl Into<String>,
            rate: impl $crate::utils::bytes_size::IntoByteSize,
        ) -> Self {
            let spec = self.$spec();
            let rate = spec.bytes("device_read_bps", rate);
            let t = $crate::models::ThrottleDevice {
                path: Some(path.into()),
                rate,
            };
            spec.host()
                .blkio_device_read_bps
                .get_or_insert_with(Vec::new)
                .push(t);
            self
        }

        /// Write rate limit of a device, bytes per second.
        pub fn device_write_bps(
            mut self,
            path: impl Into<String>,
            rate: impl $crate::utils::bytes_size::IntoByteSize,
        ) -> Self {
            let spec = self.$spec();
            let rate = spec.bytes("device_write_bps", rate);
            let t = $crate::models::ThrottleDevice {
                path: Some(path.into()),
                rate,
            };
            spec.host()
                .blkio_device_write_bps
                .get_or_insert_with(Vec::new)
                .push(t);
            self
        }

        /// Read rate limit of a device, IO operations per second.
        pub fn device_read_iops(mut self, path: impl Into<String>, rate: i64) -> Self {
            let t = $crate::models::ThrottleDevice {
                path: Some(path.into()),
                rate: Some(rate),
            };
            self.$spec()
                .host()
                .blkio_device_read_iops
                .get_or_insert_with(Vec::new)
                .push(t);
            self
        }

        /// Write rate limit of a device, IO operations per second.
        pub fn device_write_iops(mut self, path: impl Into<String>, rate: i64) -> Self {
            let t = $crate::models::ThrottleDevice {
                path: Some(path.into()),
                rate: Some(rate),
            };
            self.$spec()
                .host()
                .blkio_device_write_iops
                .get_or_insert_with(Vec::new)
                .push(t);
            self
        }

        /// Replaces the whole host configuration (for fields without a setter). Setters called afterwards
        /// still apply on top of it.
        pub fn host_config(mut self, host_config: $crate::models::HostConfig) -> Self {
            self.$spec().body.host_config = Some(host_config);
            self
        }
    };
}

pub(crate) use container_setters;

// Keep the imports used only inside the macro visible to the compiler's unused-import check.
#[allow(dead_code)]
fn _types_used_by_setters(
    _: HostConfigCgroupnsMode,
    _: HostConfigIsolation,
    _: ResourcesBlkioWeightDevice,
    _: ThrottleDevice,
    _: EndpointIPAMConfig,
    _: HostBinding,
) {
}

#[cfg(test)]
mod tests {
    use super::*;

    struct B(ContainerSpec);
    #[allow(dead_code)]
    impl B {
        fn spec_mut(&mut self) -> &mut ContainerSpec {
            &mut self.0
        }
        container_setters!(spec_mut);
    }

    fn b() -> B {
        B(ContainerSpec::new("img"))
    }

    #[test]
    fn ports_volumes_env_and_network_become_the_create_body() {
        let B(spec) = b()
            .command(["echo", "hi"])
            .env("A", "1")
            .environment_list(["B=2"])
            .port(80, 8080u16)
            .port("53/udp", ("127.0.0.1", 5353u16))
            .expose(9000)
            .volume("/host:/data:ro")
            .volume("/anon")
            .network("net1")
            .network_aliases(["web"])
            .mem_limit("512m")
            .stop_timeout(std::time::Duration::from_secs(3));
        let (opts, body) = spec.to_request(ApiVersion::V1_41).unwrap();
        assert_eq!(opts.name, None);
        assert_eq!(body.cmd.unwrap(), ["echo", "hi"]);
        assert_eq!(body.env.unwrap(), ["A=1", "B=2"]);
        let exposed = body.exposed_ports.unwrap();
        assert!(
            exposed.contains_key("80/tcp")
                && exposed.contains_key("53/udp")
                && exposed.contains_key("9000/tcp")
        );
        let host = body.host_config.unwrap();
        let pb = host.port_bindings.unwrap();
        assert_eq!(
            pb["80/tcp"].as_ref().unwrap()[0].host_port.as_deref(),
            Some("8080")
        );
        assert_eq!(
            pb["53/udp"].as_ref().unwrap()[0].host_ip.as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(host.binds.unwrap(), ["/host:/data:ro"]);
        assert!(body.volumes.unwrap().contains_key("/anon"));
        assert_eq!(host.memory, Some(512 * 1024 * 1024));
        assert_eq!(host.network_mode.as_deref(), Some("net1"));
        assert_eq!(body.stop_timeout, Some(3));
        let ep = &body.networking_config.unwrap().endpoints_config.unwrap()["net1"];
        assert_eq!(ep.aliases.as_ref().unwrap(), &["web"]);
    }

    #[test]
    fn bad_values_fail_before_sending() {
        let cases: Vec<(B, &str)> = vec![
            (b().mem_limit("12 parsecs"), "mem_limit"),
            (b().port("eighty", 80u16), "eighty"),
            (b().volume("relative"), "relative"),
            (b().env("A=B", "c"), "contains '='"),
            (b().network_aliases(["x"]), "needs `network`"),
            (
                b().network("a").network_mode("host"),
                "cannot be used together",
            ),
            (b().mem_swappiness(101), "between 0 and 100"),
            (
                b().ulimit(crate::types::Ulimit::new("nofile", 10, 5)),
                "soft limit",
            ),
        ];
        for (B(spec), needle) in cases {
            let err = spec.to_request(ApiVersion::V1_41).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
            assert!(
                err.to_string().contains(needle),
                "{err} should mention {needle}"
            );
        }
    }

    #[test]
    fn newer_options_are_gated() {
        let B(spec) = b().healthcheck(
            crate::types::Healthcheck::cmd(["true"])
                .start_interval(std::time::Duration::from_secs(1)),
        );
        let err = spec.to_request(ApiVersion::V1_41).unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedApiVersion { required, .. } if required == ApiVersion::V1_44)
        );
        assert!(spec.to_request(ApiVersion::V1_44).is_ok());
        let B(spec) = b().mount(crate::types::Mount::volume("v", "/d").subpath("s"));
        let err = spec.to_request(ApiVersion::V1_44).unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedApiVersion { required, .. } if required == ApiVersion::V1_45)
        );
        assert!(spec.to_request(ApiVersion::V1_45).is_ok());
    }

    #[test]
    fn devices_are_typed_or_parsed() {
        let B(spec) = b()
            .device(crate::types::Device::new("/dev/a").permissions("r"))
            .device("/dev/b:/dev/c");
        let (_, body) = spec.to_request(ApiVersion::V1_41).unwrap();
        let devices = body.host_config.unwrap().devices.unwrap();
        assert_eq!(devices[0].cgroup_permissions.as_deref(), Some("r"));
        assert_eq!(devices[1].path_in_container.as_deref(), Some("/dev/c"));
        let B(spec) = b().device(String::from("/a:/b:xyz"));
        assert!(spec.to_request(ApiVersion::V1_41).is_err());
    }

    #[test]
    fn mounts_and_healthchecks_are_validated() {
        let cases: Vec<(B, &str)> = vec![
            (
                b().mount(crate::types::Mount::bind("", "/d")),
                "needs the host path",
            ),
            (
                b().mount(crate::types::Mount::tmpfs("/t").size("huge")),
                "tmpfs size",
            ),
            (
                b().healthcheck(
                    crate::types::Healthcheck::shell("true")
                        .timeout(std::time::Duration::from_nanos(10)),
                ),
                "timeout",
            ),
        ];
        for (B(spec), needle) in cases {
            let err = spec.to_request(ApiVersion::V1_55).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
            let text = err.to_string();
            assert!(text.contains(needle), "{text} should mention {needle}");
            assert_eq!(text.matches("invalid argument").count(), 1, "{text}");
        }
    }
}
