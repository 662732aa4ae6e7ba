//! The spec setters shared by [`super::CreateService`] and [`super::UpdateService`] (and their blocking
//! mirrors), listed once.

/// Calls `$callback!` with the list of spec setters: each has docs, a signature and how it changes a
/// [`crate::types::ServiceSpec`] named by the closure's argument.
macro_rules! service_spec_setters {
    ($callback:ident) => {
        $callback! {
            /// The service's name.
            fn name(name: impl Into<String>) => |s| s.name(name);
            /// Adds a service label (in an update, the labels given replace the current ones).
            fn label(key: impl Into<String>, value: impl Into<String>) => |s| s.label(key, value);
            /// Replaces the service labels.
            fn labels(labels: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>) => |s| s.labels(labels);
            /// Replicated, global, or a job mode.
            fn mode(mode: $crate::types::ServiceMode) => |s| s.mode(mode);
            /// Replicated mode with this many tasks.
            fn replicas(replicas: u64) => |s| s.mode($crate::types::ServiceMode::replicated(replicas));
            /// How updates roll out.
            fn update_config(config: $crate::types::UpdateConfig) => |s| s.update_config(config);
            /// How rollbacks roll out.
            fn rollback_config(config: $crate::types::RollbackConfig) => |s| s.rollback_config(config);
            /// Published ports and load-balancing mode.
            fn endpoint_spec(spec: $crate::types::EndpointSpec) => |s| s.endpoint_spec(spec);
            /// The image the tasks run.
            fn image(image: impl Into<String>) => |s| s.with_container_spec(|c| c.image(image));
            /// The command, replacing the image's entrypoint.
            fn command(command: impl IntoIterator<Item = impl Into<String>>) => |s| s.with_container_spec(|c| c.command(command));
            /// The arguments, replacing the image's `CMD`.
            fn args(args: impl IntoIterator<Item = impl Into<String>>) => |s| s.with_container_spec(|c| c.args(args));
            /// Replaces the environment (`KEY=value` entries).
            fn env(env: impl IntoIterator<Item = impl Into<String>>) => |s| s.with_container_spec(|c| c.env(env));
            /// Adds an environment variable (in an update, the environment given replaces the current one).
            fn env_var(key: impl AsRef<str>, value: impl AsRef<str>) => |s| s.with_container_spec(|c| c.env_var(key, value));
            /// The working directory.
            fn workdir(dir: impl Into<String>) => |s| s.with_container_spec(|c| c.workdir(dir));
            /// The user the tasks run as.
            fn user(user: impl Into<String>) => |s| s.with_container_spec(|c| c.user(user));
            /// Additional groups of the process.
            fn groups(groups: impl IntoIterator<Item = impl Into<String>>) => |s| s.with_container_spec(|c| c.groups(groups));
            /// The containers' hostname.
            fn hostname(hostname: impl Into<String>) => |s| s.with_container_spec(|c| c.hostname(hostname));
            /// Adds an `/etc/hosts` entry.
            fn host(hostname: impl AsRef<str>, ip: impl AsRef<str>) => |s| s.with_container_spec(|c| c.host(hostname, ip));
            /// Allocate a TTY.
            fn tty(tty: bool) => |s| s.with_container_spec(|c| c.tty(tty));
            /// Keep stdin open.
            fn open_stdin(open: bool) => |s| s.with_container_spec(|c| c.open_stdin(open));
            /// Read-only root filesystem.
            fn read_only(read_only: bool) => |s| s.with_container_spec(|c| c.read_only(read_only));
            /// Run an init process.
            fn init(init: bool) => |s| s.with_container_spec(|c| c.init(init));
            /// Adds a container label.
            fn container_label(key: impl Into<String>, value: impl Into<String>) => |s| s.with_container_spec(|c| c.label(key, value));
            /// Adds a mount.
            fn mount(mount: $crate::types::Mount) => |s| s.with_container_spec(|c| c.mount(mount));
            /// Adds a secret file.
            fn secret(secret: $crate::types::SecretReference) => |s| s.with_container_spec(|c| c.secret(secret));
            /// Adds a config file.
            fn config(config: $crate::types::ConfigReference) => |s| s.with_container_spec(|c| c.config(config));
            /// The healthcheck.
            fn healthcheck(check: $crate::types::Healthcheck) => |s| s.with_container_spec(|c| c.healthcheck(check));
            /// DNS settings.
            fn dns_config(dns: $crate::types::DNSConfig) => |s| s.with_container_spec(|c| c.dns_config(dns));
            /// Security settings.
            fn privileges(privileges: $crate::types::Privileges) => |s| s.with_container_spec(|c| c.privileges(privileges));
            /// The stop signal.
            fn stop_signal(signal: impl Into<String>) => |s| s.with_container_spec(|c| c.stop_signal(signal));
            /// Time between the stop signal and the kill.
            fn stop_grace_period(period: std::time::Duration) => |s| s.with_container_spec(|c| c.stop_grace_period(period));
            /// Capabilities to add.
            fn cap_add(caps: impl IntoIterator<Item = impl Into<String>>) => |s| s.with_container_spec(|c| c.cap_add(caps));
            /// Capabilities to drop.
            fn cap_drop(caps: impl IntoIterator<Item = impl Into<String>>) => |s| s.with_container_spec(|c| c.cap_drop(caps));
            /// Adds a namespaced kernel parameter.
            fn sysctl(key: impl Into<String>, value: impl Into<String>) => |s| s.with_container_spec(|c| c.sysctl(key, value));
            /// Isolation technology (Windows).
            fn isolation(isolation: impl Into<String>) => |s| s.with_container_spec(|c| c.isolation(isolation));
            /// Changes the container spec with a function (for what has no setter here).
            fn container_spec(f: impl FnOnce($crate::types::ContainerSpec) -> $crate::types::ContainerSpec) => |s| s.with_container_spec(f);
            /// Attaches the tasks to a network (in an update, the networks given replace the current ones).
            fn network(network: impl Into<$crate::types::NetworkAttachmentConfig>) => |s| s.with_task_template(|t| t.network(network.into()));
            /// CPU and memory limits and reservations.
            fn resources(resources: $crate::types::services::Resources) => |s| s.with_task_template(|t| t.resources(resources));
            /// When tasks are restarted.
            fn restart_policy(policy: $crate::types::services::RestartPolicy) => |s| s.with_task_template(|t| t.restart_policy(policy));
            /// Where tasks may run.
            fn placement(placement: $crate::types::Placement) => |s| s.with_task_template(|t| t.placement(placement));
            /// The tasks' log driver.
            fn log_driver(driver: $crate::types::DriverConfig) => |s| s.with_task_template(|t| t.log_driver(driver));
            /// Changes the task template with a function (for what has no setter here).
            fn task_template(f: impl FnOnce($crate::types::TaskTemplate) -> $crate::types::TaskTemplate) => |s| s.with_task_template(f);
            /// Replaces everything set so far with this spec.
            fn spec(spec: $crate::types::ServiceSpec) => |_s| spec;
        }
    };
}

/// Setters on a builder with a `spec: types::ServiceSpec` field.
macro_rules! async_spec_setter {
    ($( $(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),*) => |$s:ident| $body:expr; )*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, $($arg: $ty),*) -> Self {
                let $s = std::mem::take(&mut self.spec);
                self.spec = $body;
                self
            }
        )*
    };
}

/// Setters on a blocking builder that forward to its `inner` async builder.
macro_rules! blocking_spec_setter {
    ($( $(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),*) => |$s:ident| $body:expr; )*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, $($arg: $ty),*) -> Self {
                self.inner = self.inner.$name($($arg),*);
                self
            }
        )*
    };
}

pub(crate) use async_spec_setter;
pub(crate) use blocking_spec_setter;
pub(crate) use service_spec_setters;
