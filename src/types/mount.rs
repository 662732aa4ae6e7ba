//! [`Mount`]: a bind mount, volume or tmpfs for a container or a service's tasks, built into the Engine
//! API's `Mount` with the options checked against the mount type.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::models::{
    Mount as MountModel, MountBindOptions, MountBindOptionsPropagation, MountTmpfsOptions,
    MountType, MountVolumeOptions, MountVolumeOptionsDriverConfig,
};
use crate::utils::bytes_size::IntoByteSize;

/// A mount, built with [`Mount::build`] into the Engine API's `Mount`.
///
/// ```
/// use docker_sdk::types::Mount;
///
/// let data = Mount::volume("app-data", "/data").label("team", "web").build()?;
/// assert_eq!(data.source.as_deref(), Some("app-data"));
/// let scratch = Mount::tmpfs("/scratch").tmpfs_size("64m").build()?;
/// assert_eq!(scratch.tmpfs_options.unwrap().size_bytes, Some(64 << 20));
/// // Options of another mount type are refused before anything is sent:
/// assert!(Mount::bind("/srv", "/srv").no_copy(true).build().is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    kind: MountType,
    source: Option<String>,
    target: String,
    read_only: Option<bool>,
    consistency: Option<String>,
    propagation: Option<String>,
    non_recursive: Option<bool>,
    no_copy: Option<bool>,
    labels: Option<HashMap<String, String>>,
    driver: Option<String>,
    driver_options: Option<HashMap<String, String>>,
    subpath: Option<String>,
    tmpfs_size: Option<i64>,
    tmpfs_mode: Option<u32>,
    error: Option<String>,
}

impl Mount {
    fn new(kind: MountType, source: Option<String>, target: impl Into<String>) -> Self {
        Mount {
            kind,
            source,
            target: target.into(),
            read_only: None,
            consistency: None,
            propagation: None,
            non_recursive: None,
            no_copy: None,
            labels: None,
            driver: None,
            driver_options: None,
            subpath: None,
            tmpfs_size: None,
            tmpfs_mode: None,
            error: None,
        }
    }

    /// Mounts the host path `source` at `target`.
    pub fn bind(source: impl Into<String>, target: impl Into<String>) -> Self {
        Mount::new(MountType::Bind, Some(source.into()), target)
    }

    /// Mounts the named volume `source` at `target` (created when missing; an empty name makes an
    /// anonymous volume).
    pub fn volume(source: impl Into<String>, target: impl Into<String>) -> Self {
        let source: String = source.into();
        Mount::new(
            MountType::Volume,
            Some(source).filter(|s| !s.is_empty()),
            target,
        )
    }

    /// Mounts a fresh tmpfs at `target`.
    pub fn tmpfs(target: impl Into<String>) -> Self {
        Mount::new(MountType::Tmpfs, None, target)
    }

    /// Mounts read-only.
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = Some(read_only);
        self
    }

    /// The consistency requirement: `default`, `consistent`, `cached` or `delegated`.
    pub fn consistency(mut self, consistency: impl Into<String>) -> Self {
        self.consistency = Some(consistency.into());
        self
    }

    /// Bind mounts: the propagation mode (`private`, `rprivate`, `shared`, `rshared`, `slave`, `rslave`).
    pub fn propagation(mut self, propagation: impl Into<String>) -> Self {
        self.propagation = Some(propagation.into());
        self
    }

    /// Bind mounts: do not mount submounts recursively.
    pub fn non_recursive(mut self, non_recursive: bool) -> Self {
        self.non_recursive = Some(non_recursive);
        self
    }

    /// Volumes: do not copy the image's files at `target` into a new volume.
    pub fn no_copy(mut self, no_copy: bool) -> Self {
        self.no_copy = Some(no_copy);
        self
    }

    /// Volumes: a label for a volume created by this mount.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Volumes: the driver that creates the volume.
    pub fn driver(mut self, name: impl Into<String>) -> Self {
        self.driver = Some(name.into());
        self
    }

    /// Volumes: an option for the volume driver.
    pub fn driver_option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.driver_options
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Volumes: mount only this path inside the volume (API 1.45+).
    pub fn subpath(mut self, subpath: impl Into<String>) -> Self {
        self.subpath = Some(subpath.into());
        self
    }

    /// Tmpfs: its size, e.g. `"64m"` or a number of bytes.
    pub fn tmpfs_size(mut self, size: impl IntoByteSize) -> Self {
        match size.into_byte_size() {
            Ok(s) => self.tmpfs_size = Some(s.bytes()),
            Err(e) => {
                self.error.get_or_insert(e.to_string());
            }
        }
        self
    }

    /// Tmpfs: the permission bits of its root, e.g. `0o1777`.
    pub fn tmpfs_mode(mut self, mode: u32) -> Self {
        self.tmpfs_mode = Some(mode);
        self
    }

    /// Checks the options against the mount type and builds the Engine API's `Mount`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty target, a bind mount without a source, an option that does
    /// not belong to the mount type, or a size that did not parse.
    pub fn build(&self) -> Result<MountModel> {
        if let Some(e) = &self.error {
            return Err(Error::InvalidArgument(e.clone()));
        }
        if self.target.trim().is_empty() {
            return Err(Error::invalid("mount: the target path is empty"));
        }
        let kind = self.kind.as_str();
        let incompatible = |option: &str| {
            Error::invalid(format!(
                "mount at {}: option `{option}` does not apply to a {kind} mount",
                self.target
            ))
        };
        let bind_only = [
            ("propagation", self.propagation.is_some()),
            ("non_recursive", self.non_recursive.is_some()),
        ];
        let volume_only = [
            ("no_copy", self.no_copy.is_some()),
            ("label", self.labels.is_some()),
            (
                "driver",
                self.driver.is_some() || self.driver_options.is_some(),
            ),
            ("subpath", self.subpath.is_some()),
        ];
        let tmpfs_only = [
            ("tmpfs_size", self.tmpfs_size.is_some()),
            ("tmpfs_mode", self.tmpfs_mode.is_some()),
        ];
        let mut model = MountModel {
            target: Some(self.target.clone()),
            source: self.source.clone(),
            type_: Some(self.kind.clone()),
            read_only: self.read_only,
            consistency: self.consistency.clone(),
            ..Default::default()
        };
        let check = |groups: &[&[(&str, bool)]]| -> Result<()> {
            for group in groups {
                if let Some((name, _)) = group.iter().find(|(_, set)| *set) {
                    return Err(incompatible(name));
                }
            }
            Ok(())
        };
        match self.kind {
            MountType::Bind => {
                check(&[&volume_only, &tmpfs_only])?;
                if self.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    return Err(Error::invalid(format!(
                        "bind mount at {}: the host path (source) is empty",
                        self.target
                    )));
                }
                if self.propagation.is_some() || self.non_recursive.is_some() {
                    let propagation = match &self.propagation {
                        Some(p) => match MountBindOptionsPropagation::from(p.as_str()) {
                            MountBindOptionsPropagation::Other(_) => {
                                return Err(Error::invalid(format!(
                                    "bind mount at {}: propagation {p:?} is not one of private, rprivate, shared, rshared, slave, rslave",
                                    self.target
                                )))
                            }
                            known => Some(known),
                        },
                        None => None,
                    };
                    model.bind_options = Some(MountBindOptions {
                        propagation,
                        non_recursive: self.non_recursive,
                        ..Default::default()
                    });
                }
            }
            MountType::Volume => {
                check(&[&bind_only, &tmpfs_only])?;
                if volume_only.iter().any(|(_, set)| *set) {
                    model.volume_options = Some(MountVolumeOptions {
                        no_copy: self.no_copy,
                        labels: self.labels.clone(),
                        driver_config: (self.driver.is_some() || self.driver_options.is_some())
                            .then(|| MountVolumeOptionsDriverConfig {
                                name: self.driver.clone(),
                                options: self.driver_options.clone(),
                            }),
                        subpath: self.subpath.clone(),
                    });
                }
            }
            MountType::Tmpfs => {
                check(&[&bind_only, &volume_only])?;
                if self.source.is_some() {
                    return Err(incompatible("source"));
                }
                if let Some(size) = self.tmpfs_size {
                    if size < 0 {
                        return Err(Error::invalid(format!(
                            "tmpfs mount at {}: size must not be negative",
                            self.target
                        )));
                    }
                }
                if self.tmpfs_size.is_some() || self.tmpfs_mode.is_some() {
                    model.tmpfs_options = Some(MountTmpfsOptions {
                        size_bytes: self.tmpfs_size,
                        mode: self.tmpfs_mode.map(i64::from),
                        ..Default::default()
                    });
                }
            }
            _ => {}
        }
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_each_kind() {
        let b = Mount::bind("/host", "/c")
            .read_only(true)
            .propagation("rshared")
            .build()
            .unwrap();
        assert_eq!(b.type_, Some(MountType::Bind));
        assert_eq!(b.read_only, Some(true));
        assert_eq!(
            b.bind_options.unwrap().propagation,
            Some(MountBindOptionsPropagation::Rshared)
        );
        let v = Mount::volume("", "/data")
            .driver("local")
            .driver_option("type", "tmpfs")
            .no_copy(true)
            .build()
            .unwrap();
        assert_eq!(v.source, None);
        let opts = v.volume_options.unwrap();
        assert_eq!(opts.no_copy, Some(true));
        assert_eq!(opts.driver_config.unwrap().name.as_deref(), Some("local"));
        let t = Mount::tmpfs("/t").tmpfs_mode(0o700).build().unwrap();
        assert_eq!(t.tmpfs_options.unwrap().mode, Some(0o700));
        assert_eq!(
            serde_json::to_value(Mount::volume("v", "/v").build().unwrap()).unwrap(),
            serde_json::json!({"Target": "/v", "Source": "v", "Type": "volume"})
        );
    }

    #[test]
    fn rejects_mismatched_options() {
        let cases = [
            Mount::bind("/h", "/c").no_copy(true),
            Mount::bind("", "/c"),
            Mount::volume("v", "/c").propagation("shared"),
            Mount::volume("v", "/c").tmpfs_mode(0o700),
            Mount::tmpfs("/t").label("a", "b"),
            Mount::tmpfs("/t").tmpfs_size("huge"),
            Mount::bind("/h", "/c").propagation("sideways"),
            Mount::volume("v", " "),
        ];
        for m in cases {
            assert!(matches!(m.build(), Err(Error::InvalidArgument(_))), "{m:?}");
        }
    }
}
