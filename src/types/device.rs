//! Host devices and device requests (GPUs and the like).

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::models::{DeviceMapping, DeviceRequest as DeviceRequestModel};

/// A host device made available in the container, as `docker run --device` takes it.
///
/// ```
/// use docker_sdk::types::Device;
/// let d: Device = "/dev/fuse:/dev/fuse:rwm".parse().unwrap();
/// let m = d.to_model();
/// assert_eq!(m.path_in_container.as_deref(), Some("/dev/fuse"));
/// assert_eq!(m.cgroup_permissions.as_deref(), Some("rwm"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Device {
    host: String,
    container: String,
    permissions: String,
}

impl Device {
    /// A device at the same path inside, with `rwm` permissions.
    pub fn new(host: impl Into<String>) -> Self {
        let host = host.into();
        Device {
            container: host.clone(),
            host,
            permissions: "rwm".into(),
        }
    }

    /// The path inside the container.
    pub fn container_path(mut self, path: impl Into<String>) -> Self {
        self.container = path.into();
        self
    }

    /// cgroup permissions: any of `r`, `w`, `m`.
    pub fn permissions(mut self, perms: impl Into<String>) -> Self {
        self.permissions = perms.into();
        self
    }

    /// The model sent to the daemon.
    pub fn to_model(&self) -> DeviceMapping {
        DeviceMapping {
            path_on_host: Some(self.host.clone()),
            path_in_container: Some(self.container.clone()),
            cgroup_permissions: Some(self.permissions.clone()),
        }
    }
}

impl std::str::FromStr for Device {
    type Err = Error;

    /// Parses `host[:container[:permissions]]`.
    fn from_str(s: &str) -> Result<Device> {
        let parts: Vec<&str> = s.split(':').collect();
        let bad = || {
            Error::invalid(format!(
                "device {s:?} is not of the form /dev/host[:/dev/container[:rwm]]"
            ))
        };
        let perms_ok = |p: &str| !p.is_empty() && p.chars().all(|c| matches!(c, 'r' | 'w' | 'm'));
        let device = match parts.as_slice() {
            [h] if !h.is_empty() => Device::new(*h),
            [h, p] if !h.is_empty() && perms_ok(p) => Device::new(*h).permissions(*p),
            [h, c] if !h.is_empty() && !c.is_empty() => Device::new(*h).container_path(*c),
            [h, c, p] if !h.is_empty() && !c.is_empty() && perms_ok(p) => {
                Device::new(*h).container_path(*c).permissions(*p)
            }
            _ => return Err(bad()),
        };
        Ok(device)
    }
}

/// What [`device`](crate::containers::Run::device) accepts: a [`Device`], or a string in
/// `docker run --device` syntax, parsed when the request is built.
pub trait IntoDevice {
    /// Converts (or parses) the value.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a string that is not `host[:container[:permissions]]`.
    fn into_device(self) -> Result<Device>;
}

impl IntoDevice for Device {
    fn into_device(self) -> Result<Device> {
        Ok(self)
    }
}

impl IntoDevice for &str {
    fn into_device(self) -> Result<Device> {
        self.parse()
    }
}

impl IntoDevice for String {
    fn into_device(self) -> Result<Device> {
        self.parse()
    }
}

impl IntoDevice for &String {
    fn into_device(self) -> Result<Device> {
        self.parse()
    }
}

impl From<Device> for DeviceMapping {
    fn from(d: Device) -> Self {
        d.to_model()
    }
}

/// A request for devices by driver and capability, e.g. GPUs (`docker run --gpus`).
///
/// ```
/// use docker_sdk::types::DeviceRequest;
/// let all_gpus = DeviceRequest::gpus(-1).to_model();
/// assert_eq!(all_gpus.count, Some(-1));
/// assert_eq!(all_gpus.capabilities.unwrap(), vec![vec!["gpu".to_string()]]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceRequest {
    driver: Option<String>,
    count: Option<i64>,
    device_ids: Vec<String>,
    capabilities: Vec<Vec<String>>,
    options: BTreeMap<String, String>,
}

impl DeviceRequest {
    /// An empty request, to fill in.
    pub fn new() -> Self {
        Self::default()
    }

    /// `count` GPUs (`-1`: all of them).
    pub fn gpus(count: i64) -> Self {
        DeviceRequest {
            count: Some(count),
            capabilities: vec![vec!["gpu".into()]],
            ..Default::default()
        }
    }

    /// The device driver (e.g. `nvidia`).
    pub fn driver(mut self, driver: impl Into<String>) -> Self {
        self.driver = Some(driver.into());
        self
    }

    /// How many devices (`-1`: all).
    pub fn count(mut self, count: i64) -> Self {
        self.count = Some(count);
        self
    }

    /// Specific device IDs.
    pub fn device_id(mut self, id: impl Into<String>) -> Self {
        self.device_ids.push(id.into());
        self
    }

    /// One set of capabilities that must all be present (sets are alternatives).
    pub fn capabilities<I, S>(mut self, caps: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.capabilities
            .push(caps.into_iter().map(Into::into).collect());
        self
    }

    /// A driver option.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.insert(key.into(), value.into());
        self
    }

    /// The model sent to the daemon.
    pub fn to_model(&self) -> DeviceRequestModel {
        DeviceRequestModel {
            driver: self.driver.clone(),
            count: self.count,
            device_ids: (!self.device_ids.is_empty()).then(|| self.device_ids.clone()),
            capabilities: (!self.capabilities.is_empty()).then(|| self.capabilities.clone()),
            options: (!self.options.is_empty()).then(|| self.options.clone().into_iter().collect()),
        }
    }
}

impl From<DeviceRequest> for DeviceRequestModel {
    fn from(d: DeviceRequest) -> Self {
        d.to_model()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_forms() {
        let d: Device = "/dev/sda".parse().unwrap();
        assert_eq!(d.to_model().path_in_container.as_deref(), Some("/dev/sda"));
        let d: Device = "/dev/sda:r".parse().unwrap();
        assert_eq!(d.to_model().cgroup_permissions.as_deref(), Some("r"));
        let d: Device = "/dev/sda:/dev/xvda".parse().unwrap();
        assert_eq!(d.to_model().path_in_container.as_deref(), Some("/dev/xvda"));
        assert!("".parse::<Device>().is_err());
        assert!("/a:/b:rwx".parse::<Device>().is_err());
        assert!("/a:/b:r:extra".parse::<Device>().is_err());
    }
}
