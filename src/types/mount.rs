//! Mounts: bind mounts, named and anonymous volumes, tmpfs — typed, or parsed from `docker run -v` strings.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::models::{
    Mount as MountModel, MountBindOptions, MountBindOptionsPropagation, MountTmpfsOptions,
    MountType, MountVolumeOptions, MountVolumeOptionsDriverConfig,
};
use crate::utils::bytes_size::IntoByteSize;

/// The kind of a [`Mount`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MountKind {
    /// A host path.
    Bind,
    /// A named or anonymous volume.
    Volume,
    /// A memory-backed filesystem.
    Tmpfs,
    /// A Windows named pipe.
    Npipe,
}

/// A mount for a container, converting into the Engine API's `Mount`.
///
/// ```
/// use docker_sdk::types::{Mount, MountKind};
/// let m = Mount::parse("/srv/data:/data:ro").unwrap();
/// assert_eq!(m.kind(), MountKind::Bind);
/// assert_eq!(m.target(), "/data");
/// assert!(m.is_read_only());
/// let v = Mount::parse("cache:/var/cache").unwrap();
/// assert_eq!(v.kind(), MountKind::Volume);
/// let t = Mount::tmpfs("/run").size("64m");
/// assert_eq!(t.to_model().tmpfs_options.unwrap().size_bytes, Some(64 << 20));
/// // Checked before anything is sent: the target must be absolute, options must fit the kind …
/// assert!(Mount::bind("/srv", "data").validate().is_err());
/// assert!(Mount::tmpfs("/run").no_copy(true).validate().is_err());
/// ```
///
/// The container builders and the service [`ContainerSpec`](crate::types::services::ContainerSpec)
/// call [`validate`](Self::validate) on every mount they are given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    kind: MountKind,
    source: Option<String>,
    target: String,
    read_only: bool,
    propagation: Option<String>,
    no_copy: bool,
    labels: BTreeMap<String, String>,
    driver: Option<(String, BTreeMap<String, String>)>,
    subpath: Option<String>,
    tmpfs_size: Option<i64>,
    tmpfs_mode: Option<u32>,
    consistency: Option<String>,
    /// A setter's value that could not be used (e.g. an unparsable size), reported by `validate`.
    error: Option<String>,
}

/// The bind propagation modes the daemon knows.
const PROPAGATIONS: [&str; 6] = [
    "private", "rprivate", "shared", "rshared", "slave", "rslave",
];

impl Mount {
    fn new(kind: MountKind, source: Option<String>, target: impl Into<String>) -> Self {
        Mount {
            kind,
            source,
            target: target.into(),
            read_only: false,
            propagation: None,
            no_copy: false,
            labels: BTreeMap::new(),
            driver: None,
            subpath: None,
            tmpfs_size: None,
            tmpfs_mode: None,
            consistency: None,
            error: None,
        }
    }

    /// Mounts the host path `source` at `target`.
    pub fn bind(source: impl Into<String>, target: impl Into<String>) -> Self {
        Mount::new(MountKind::Bind, Some(source.into()), target)
    }

    /// Mounts the named volume `name` at `target` (created if missing).
    pub fn volume(name: impl Into<String>, target: impl Into<String>) -> Self {
        Mount::new(MountKind::Volume, Some(name.into()), target)
    }

    /// Mounts a new anonymous volume at `target`.
    pub fn anonymous_volume(target: impl Into<String>) -> Self {
        Mount::new(MountKind::Volume, None, target)
    }

    /// Mounts a tmpfs at `target`.
    pub fn tmpfs(target: impl Into<String>) -> Self {
        Mount::new(MountKind::Tmpfs, None, target)
    }

    /// Mounts a Windows named pipe.
    pub fn npipe(source: impl Into<String>, target: impl Into<String>) -> Self {
        Mount::new(MountKind::Npipe, Some(source.into()), target)
    }

    /// Parses `docker run -v` syntax: `[source:]target[:options]`, where a source starting with `/` or `.`
    /// is a host path (bind), another source is a volume name, and no source means an anonymous volume.
    /// Options (comma-separated): `ro`, `rw`, `nocopy`, `z`, `Z`, a propagation (`shared`, `rshared`,
    /// `slave`, `rslave`, `private`, `rprivate`) or a consistency (`consistent`, `cached`, `delegated`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty or relative target, an unknown option, or options that don't
    /// fit the mount kind.
    pub fn parse(spec: &str) -> Result<Mount> {
        let bad = |why: &str| Error::invalid(format!("volume {spec:?}: {why}"));
        let parts: Vec<&str> = spec.split(':').collect();
        let (source, target, options) = match parts.as_slice() {
            [t] => (None, *t, None),
            [s, t] if t.starts_with('/') => (Some(*s), *t, None),
            [t, o] => (None, *t, Some(*o)),
            [s, t, o] => (Some(*s), *t, Some(*o)),
            _ => return Err(bad("expected [source:]target[:options]")),
        };
        if target.is_empty() || !target.starts_with('/') {
            return Err(bad("the target must be an absolute path in the container"));
        }
        let mut mount = match source {
            None => Mount::anonymous_volume(target),
            Some("") => return Err(bad("the source is empty")),
            Some(s) if s.starts_with('/') || s.starts_with('.') || s.starts_with('~') => {
                Mount::bind(s, target)
            }
            Some(s) => {
                let valid = s
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
                    && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                if !valid {
                    return Err(bad(
                        "a volume name may only contain [a-zA-Z0-9][a-zA-Z0-9_.-]",
                    ));
                }
                Mount::volume(s, target)
            }
        };
        for opt in options.into_iter().flat_map(|o| o.split(',')) {
            match opt {
                "ro" => mount.read_only = true,
                "rw" => mount.read_only = false,
                "z" | "Z" => {}
                "nocopy" if mount.kind == MountKind::Volume => mount.no_copy = true,
                "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate"
                    if mount.kind == MountKind::Bind =>
                {
                    mount.propagation = Some(opt.to_string())
                }
                "consistent" | "cached" | "delegated" => mount.consistency = Some(opt.to_string()),
                other => return Err(bad(&format!("unknown or misplaced option {other:?}"))),
            }
        }
        Ok(mount)
    }

    /// Makes the mount read-only.
    pub fn read_only(mut self, ro: bool) -> Self {
        self.read_only = ro;
        self
    }

    /// Bind propagation (`private`, `rprivate`, `shared`, `rshared`, `slave`, `rslave`).
    pub fn propagation(mut self, propagation: impl Into<String>) -> Self {
        self.propagation = Some(propagation.into());
        self
    }

    /// Don't copy the image's files into a new volume.
    pub fn no_copy(mut self, no_copy: bool) -> Self {
        self.no_copy = no_copy;
        self
    }

    /// A label on a volume created for this mount.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.insert(key.into(), value.into());
        self
    }

    /// The volume driver (and its options) for a volume created for this mount.
    pub fn driver(
        mut self,
        name: impl Into<String>,
        options: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        self.driver = Some((name.into(), options.into_iter().collect()));
        self
    }

    /// Mounts only this sub-path of the volume (API 1.45+).
    pub fn subpath(mut self, subpath: impl Into<String>) -> Self {
        self.subpath = Some(subpath.into());
        self
    }

    /// The size limit of a tmpfs: a number of bytes or a string like `"64m"`. A string that is not a size
    /// is reported by [`validate`](Self::validate) (and so by the builders that take the mount).
    pub fn size(mut self, size: impl IntoByteSize) -> Self {
        match size.into_byte_size() {
            Ok(b) => self.tmpfs_size = Some(b.bytes()),
            Err(Error::InvalidArgument(e)) => self.error = Some(format!("tmpfs size: {e}")),
            Err(e) => self.error = Some(format!("tmpfs size: {e}")),
        }
        self
    }

    /// The permission bits of a tmpfs (e.g. `0o1777`).
    pub fn mode(mut self, mode: u32) -> Self {
        self.tmpfs_mode = Some(mode);
        self
    }

    /// The kind of mount.
    pub fn kind(&self) -> MountKind {
        self.kind
    }

    /// The path in the container.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The host path or volume name, if any.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether the mount is read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Checks the mount the way the daemon would, so a bad one fails before any request is sent: the
    /// target is an absolute path; a bind has an absolute host path as its source and a known propagation;
    /// a tmpfs has no source and a non-negative size; an anonymous volume is not read-only; and options
    /// are only given to the kind they belong to (propagation to binds; `no_copy`, labels, driver and
    /// sub-path to volumes; size and mode to tmpfs).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] saying what is wrong.
    pub fn validate(&self) -> Result<()> {
        let bad = |why: String| Err(Error::invalid(format!("mount at {:?}: {why}", self.target)));
        if let Some(e) = &self.error {
            return bad(e.clone());
        }
        if !self.target.starts_with('/') {
            return bad(
                "the target must be an absolute path in the container (e.g. \"/data\")".into(),
            );
        }
        let kind = match self.kind {
            MountKind::Bind => "bind",
            MountKind::Volume => "volume",
            MountKind::Tmpfs => "tmpfs",
            MountKind::Npipe => "npipe",
        };
        let misplaced = |option: &str, belongs: &str| {
            bad(format!(
                "{option} only applies to {belongs} mounts, not to a {kind} mount"
            ))
        };
        match self.kind {
            MountKind::Bind => match self.source.as_deref() {
                None | Some("") => {
                    return bad("a bind mount needs the host path to mount as its source".into())
                }
                Some(s) if !s.starts_with('/') => {
                    return bad(format!(
                        "the bind source {s:?} is not an absolute host path; resolve it first \
                         (e.g. with std::fs::canonicalize)"
                    ))
                }
                Some(_) => {}
            },
            MountKind::Volume => {
                if self.source.as_deref() == Some("") {
                    return bad("the volume name is empty; use Mount::anonymous_volume for an anonymous volume".into());
                }
                if self.source.is_none() && self.read_only {
                    return bad("an anonymous volume cannot be read-only: it would be empty".into());
                }
            }
            MountKind::Tmpfs => {
                if self.source.is_some() {
                    return bad("a tmpfs mount takes no source".into());
                }
                if self.tmpfs_size.is_some_and(|s| s < 0) {
                    return bad("the tmpfs size is negative".into());
                }
            }
            MountKind::Npipe => {
                if self.source.as_deref().is_none_or(str::is_empty) {
                    return bad("a named pipe mount needs the pipe as its source".into());
                }
            }
        }
        if let Some(p) = &self.propagation {
            if self.kind != MountKind::Bind {
                return misplaced("propagation", "bind");
            }
            if !PROPAGATIONS.contains(&p.as_str()) {
                return bad(format!(
                    "unknown propagation {p:?}; use one of {}",
                    PROPAGATIONS.join(", ")
                ));
            }
        }
        if self.kind != MountKind::Volume {
            if self.no_copy {
                return misplaced("no_copy", "volume");
            }
            if !self.labels.is_empty() {
                return misplaced("a label", "volume");
            }
            if self.driver.is_some() {
                return misplaced("a volume driver", "volume");
            }
            if self.subpath.is_some() {
                return misplaced("subpath", "volume");
            }
        }
        if self.subpath.as_deref() == Some("") {
            return bad("the subpath is empty".into());
        }
        if self.kind != MountKind::Tmpfs {
            if self.tmpfs_size.is_some() {
                return misplaced("size", "tmpfs");
            }
            if self.tmpfs_mode.is_some() {
                return misplaced("mode", "tmpfs");
            }
        }
        Ok(())
    }

    /// The model sent to the daemon.
    pub fn to_model(&self) -> MountModel {
        let type_ = match self.kind {
            MountKind::Bind => MountType::Bind,
            MountKind::Volume => MountType::Volume,
            MountKind::Tmpfs => MountType::Tmpfs,
            MountKind::Npipe => MountType::Npipe,
        };
        let bind_options = self.propagation.as_deref().map(|p| MountBindOptions {
            propagation: Some(MountBindOptionsPropagation::from(p)),
            ..Default::default()
        });
        let wants_volume_options = self.no_copy
            || !self.labels.is_empty()
            || self.driver.is_some()
            || self.subpath.is_some();
        let volume_options =
            (self.kind == MountKind::Volume && wants_volume_options).then(|| MountVolumeOptions {
                no_copy: self.no_copy.then_some(true),
                labels: (!self.labels.is_empty())
                    .then(|| self.labels.clone().into_iter().collect()),
                driver_config: self.driver.as_ref().map(|(name, opts)| {
                    MountVolumeOptionsDriverConfig {
                        name: Some(name.clone()),
                        options: (!opts.is_empty()).then(|| opts.clone().into_iter().collect()),
                    }
                }),
                subpath: self.subpath.clone(),
            });
        let tmpfs_options = (self.kind == MountKind::Tmpfs
            && (self.tmpfs_size.is_some() || self.tmpfs_mode.is_some()))
        .then(|| MountTmpfsOptions {
            size_bytes: self.tmpfs_size,
            mode: self.tmpfs_mode.map(i64::from),
            options: None,
        });
        MountModel {
            target: Some(self.target.clone()),
            source: self.source.clone(),
            type_: Some(type_),
            read_only: self.read_only.then_some(true),
            consistency: self.consistency.clone(),
            bind_options,
            volume_options,
            image_options: None,
            tmpfs_options,
        }
    }
}

impl From<Mount> for MountModel {
    fn from(m: Mount) -> Self {
        m.to_model()
    }
}

impl std::str::FromStr for Mount {
    type Err = Error;
    fn from_str(s: &str) -> Result<Mount> {
        Mount::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_run_v_syntax() {
        let cases = [
            ("/data", MountKind::Volume, None, "/data", false),
            (
                "/host:/data",
                MountKind::Bind,
                Some("/host"),
                "/data",
                false,
            ),
            (
                "./rel:/data:ro",
                MountKind::Bind,
                Some("./rel"),
                "/data",
                true,
            ),
            (
                "vol:/data:rw,nocopy",
                MountKind::Volume,
                Some("vol"),
                "/data",
                false,
            ),
            ("/data:ro", MountKind::Volume, None, "/data", true),
            ("/h:/c:ro,rshared", MountKind::Bind, Some("/h"), "/c", true),
        ];
        for (spec, kind, source, target, ro) in cases {
            let m = Mount::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
            assert_eq!(
                (m.kind(), m.source(), m.target(), m.is_read_only()),
                (kind, source, target, ro),
                "{spec}"
            );
        }
        assert!(Mount::parse("/h:/c:ro")
            .unwrap()
            .to_model()
            .read_only
            .unwrap());
        assert_eq!(
            Mount::parse("/h:/c:rshared")
                .unwrap()
                .to_model()
                .bind_options
                .unwrap()
                .propagation
                .unwrap()
                .as_str(),
            "rshared"
        );
    }

    #[test]
    fn validate_rejects_what_the_daemon_would() {
        let ok = [
            Mount::bind("/srv", "/data")
                .propagation("rshared")
                .read_only(true),
            Mount::volume("v", "/data")
                .no_copy(true)
                .label("a", "b")
                .subpath("sub"),
            Mount::anonymous_volume("/data"),
            Mount::tmpfs("/run").size("64m").mode(0o1777),
            Mount::npipe("\\\\.\\pipe\\x", "/p"),
        ];
        for m in ok {
            m.validate().unwrap_or_else(|e| panic!("{m:?}: {e}"));
        }
        let bad = [
            (
                Mount::bind("/srv", "data"),
                "absolute path in the container",
            ),
            (Mount::bind("/srv", ""), "absolute path in the container"),
            (Mount::bind("", "/data"), "needs the host path"),
            (Mount::bind("srv", "/data"), "not an absolute host path"),
            (
                Mount::bind("/srv", "/data").propagation("sideways"),
                "unknown propagation",
            ),
            (
                Mount::volume("v", "/data").propagation("shared"),
                "only applies to bind",
            ),
            (
                Mount::bind("/srv", "/data").no_copy(true),
                "only applies to volume",
            ),
            (
                Mount::tmpfs("/run").label("a", "b"),
                "only applies to volume",
            ),
            (Mount::tmpfs("/run").subpath("x"), "only applies to volume"),
            (
                Mount::bind("/a", "/b").driver("local", []),
                "only applies to volume",
            ),
            (Mount::volume("v", "/data").size(1), "only applies to tmpfs"),
            (Mount::bind("/a", "/b").mode(0o700), "only applies to tmpfs"),
            (Mount::tmpfs("/run").size("lots"), "tmpfs size"),
            (Mount::tmpfs("/run").size(-1), "negative"),
            (
                Mount::anonymous_volume("/data").read_only(true),
                "cannot be read-only",
            ),
            (Mount::volume("", "/data"), "volume name is empty"),
            (Mount::volume("v", "/data").subpath(""), "subpath is empty"),
        ];
        for (m, needle) in bad {
            let err = m.validate().expect_err(needle);
            assert!(matches!(err, Error::InvalidArgument(_)));
            assert!(
                err.to_string().contains(needle),
                "{err} should mention {needle}"
            );
        }
        assert_eq!(
            Mount::tmpfs("/run")
                .size("1k")
                .to_model()
                .tmpfs_options
                .unwrap()
                .size_bytes,
            Some(1024)
        );
    }

    #[test]
    fn rejects_bad_specs() {
        for bad in [
            "",
            "rel",
            "a:b:c:d",
            "/h:rel",
            "/h:/c:bogus",
            "vol:/c:rshared",
            "/h:/c:nocopy",
            "bad name:/c",
            ":/c",
        ] {
            assert!(Mount::parse(bad).is_err(), "{bad} should fail");
        }
    }
}
