//! Version gates for request bodies: fields newer than API 1.41 are checked against the API version in
//! use before anything is sent.

use super::{ApiClient, Query};
use crate::error::{Error, Result};
use crate::models::{ContainerCreateBody, EndpointSettings, HealthConfig, Mount, MountType};
use crate::utils::filters::Filters;
use crate::utils::version::ApiVersion;

/// The newer-than-1.41 features a request uses, collected while walking its body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Gates(Vec<(ApiVersion, &'static str)>);

impl Gates {
    pub(crate) fn new() -> Self {
        Gates(Vec::new())
    }

    /// Records that `feature` (needing `version`) is used when `present` is true.
    pub(crate) fn check(
        &mut self,
        present: bool,
        version: ApiVersion,
        feature: &'static str,
    ) -> &mut Self {
        if present {
            self.0.push((version, feature));
        }
        self
    }

    /// The first recorded feature that `actual` does not support.
    pub(crate) fn first_unsupported(
        &self,
        actual: ApiVersion,
    ) -> Option<(ApiVersion, &'static str)> {
        self.0.iter().copied().find(|(v, _)| actual < *v)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Records the newer-than-1.41 fields of a mount.
pub(crate) fn mount_gates(gates: &mut Gates, mount: &Mount) {
    let bind = mount.bind_options.as_ref();
    gates
        .check(
            bind.is_some_and(|b| b.create_mountpoint.is_some()),
            ApiVersion::V1_43,
            "mount option `BindOptions.CreateMountpoint`",
        )
        .check(
            bind.is_some_and(|b| {
                b.read_only_non_recursive.is_some() || b.read_only_force_recursive.is_some()
            }),
            ApiVersion::V1_44,
            "mount option `BindOptions.ReadOnlyNonRecursive`/`ReadOnlyForceRecursive`",
        )
        .check(
            mount
                .volume_options
                .as_ref()
                .is_some_and(|v| v.subpath.is_some()),
            ApiVersion::V1_45,
            "mount option `VolumeOptions.Subpath`",
        )
        .check(
            mount
                .tmpfs_options
                .as_ref()
                .is_some_and(|t| t.options.is_some()),
            ApiVersion::V1_47,
            "mount option `TmpfsOptions.Options`",
        )
        .check(
            mount.image_options.is_some() || mount.type_ == Some(MountType::Image),
            ApiVersion::V1_55,
            "mounts of type `image`",
        );
}

/// Records the newer-than-1.41 fields of a healthcheck.
pub(crate) fn health_gates(gates: &mut Gates, health: &HealthConfig) {
    gates.check(
        health.start_interval.is_some(),
        ApiVersion::V1_44,
        "healthcheck option `StartInterval`",
    );
}

/// Records the newer-than-1.41 fields of an endpoint's settings (container create, network connect).
pub(crate) fn endpoint_gates(gates: &mut Gates, endpoint: &EndpointSettings) {
    gates
        .check(
            endpoint.dns_names.is_some(),
            ApiVersion::V1_44,
            "endpoint setting `DNSNames`",
        )
        // The 1.47 spec lacks it and the 1.55 spec has it; no spec in between is at hand.
        .check(
            endpoint.gw_priority.is_some(),
            ApiVersion::V1_55,
            "endpoint setting `GwPriority`",
        );
}

/// The newer-than-1.41 features a container create body uses: healthcheck, `HostConfig.Annotations`,
/// `HostConfig.Mounts` options and endpoint settings.
pub(crate) fn container_create_gates(body: &ContainerCreateBody) -> Gates {
    let mut gates = Gates::new();
    if let Some(h) = &body.healthcheck {
        health_gates(&mut gates, h);
    }
    if let Some(host) = &body.host_config {
        gates.check(
            host.annotations.is_some(),
            ApiVersion::V1_43,
            "host config option `Annotations`",
        );
        for m in host.mounts.iter().flatten() {
            mount_gates(&mut gates, m);
        }
    }
    let endpoints = body
        .networking_config
        .as_ref()
        .and_then(|n| n.endpoints_config.as_ref());
    for endpoint in endpoints.into_iter().flat_map(|e| e.values()) {
        endpoint_gates(&mut gates, endpoint);
    }
    gates
}

/// Whether the daemon refused a versioned update because the object changed since it was read
/// (swarm objects bump their version on their own, e.g. while a service update rolls out).
pub(crate) fn is_out_of_sequence(err: &Error) -> bool {
    matches!(err, Error::Api { message, .. } if message.contains("update out of sequence"))
}

/// How often a read-modify-write update is retried after [`is_out_of_sequence`].
pub(crate) const UPDATE_ATTEMPTS: usize = 5;

/// Rejects an empty ID or name before it becomes a malformed path.
pub(crate) fn non_empty(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!(
            "{what} is empty: pass the ID or name of an existing object"
        )));
    }
    Ok(())
}

/// Adds the `filters` parameter when any filter is set.
pub(crate) fn filters_query(query: &mut Query, filters: &Filters) {
    if !filters.is_empty() {
        query.push("filters", filters.to_query_value());
    }
}

/// Turns an empty create response into a decode error that says what happened.
pub(crate) fn created_id(id: Option<String>, what: &str) -> Result<String> {
    id.filter(|i| !i.is_empty()).ok_or_else(|| {
        Error::Protocol(format!(
            "the daemon created the {what} but did not return its ID"
        ))
    })
}

impl ApiClient {
    /// Fails with [`Error::UnsupportedApiVersion`] when a recorded feature is newer than the API version
    /// in use. Negotiates the version only when some gated feature is used.
    pub(crate) async fn require_gates(&self, gates: &Gates) -> Result<()> {
        if gates.is_empty() {
            return Ok(());
        }
        let actual = self.api_version().await?;
        match gates.first_unsupported(actual) {
            Some((required, feature)) => Err(Error::UnsupportedApiVersion {
                feature: feature.to_string(),
                required,
                actual,
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_report_the_first_unsupported_feature() {
        let mut g = Gates::new();
        g.check(false, ApiVersion::V1_55, "absent")
            .check(true, ApiVersion::V1_44, "a")
            .check(true, ApiVersion::V1_47, "b");
        assert_eq!(
            g.first_unsupported(ApiVersion::V1_41),
            Some((ApiVersion::V1_44, "a"))
        );
        assert_eq!(
            g.first_unsupported(ApiVersion::V1_45),
            Some((ApiVersion::V1_47, "b"))
        );
        assert_eq!(g.first_unsupported(ApiVersion::V1_47), None);
        assert!(Gates::new().is_empty());
    }

    #[test]
    fn container_create_gates_cover_mounts_annotations_and_endpoints() {
        use crate::models::{
            HostConfig, MountBindOptions, MountTmpfsOptions, MountVolumeOptions, NetworkingConfig,
        };
        let with_host = |host: HostConfig| ContainerCreateBody {
            host_config: Some(host),
            ..Default::default()
        };
        let with_mount = |m: Mount| {
            with_host(HostConfig {
                mounts: Some(vec![m]),
                ..Default::default()
            })
        };
        let with_endpoint = |e: EndpointSettings| ContainerCreateBody {
            networking_config: Some(NetworkingConfig {
                endpoints_config: Some([("n".to_string(), e)].into_iter().collect()),
            }),
            ..Default::default()
        };
        let cases = [
            (
                with_mount(Mount {
                    bind_options: Some(MountBindOptions {
                        create_mountpoint: Some(true),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ApiVersion::V1_43,
            ),
            (
                with_mount(Mount {
                    bind_options: Some(MountBindOptions {
                        read_only_non_recursive: Some(true),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ApiVersion::V1_44,
            ),
            (
                with_mount(Mount {
                    volume_options: Some(MountVolumeOptions {
                        subpath: Some("a".into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ApiVersion::V1_45,
            ),
            (
                with_mount(Mount {
                    tmpfs_options: Some(MountTmpfsOptions {
                        options: Some(vec![vec!["noexec".into()]]),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ApiVersion::V1_47,
            ),
            (
                with_mount(Mount {
                    type_: Some(MountType::Image),
                    ..Default::default()
                }),
                ApiVersion::V1_55,
            ),
            (
                with_host(HostConfig {
                    annotations: Some([("a".to_string(), "b".to_string())].into_iter().collect()),
                    ..Default::default()
                }),
                ApiVersion::V1_43,
            ),
            (
                with_endpoint(EndpointSettings {
                    dns_names: Some(vec!["x".into()]),
                    ..Default::default()
                }),
                ApiVersion::V1_44,
            ),
            (
                with_endpoint(EndpointSettings {
                    gw_priority: Some(1),
                    ..Default::default()
                }),
                ApiVersion::V1_55,
            ),
            (
                ContainerCreateBody {
                    healthcheck: Some(HealthConfig {
                        start_interval: Some(1),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                ApiVersion::V1_44,
            ),
        ];
        for (body, version) in cases {
            let gates = container_create_gates(&body);
            assert_eq!(
                gates.first_unsupported(ApiVersion::V1_41).map(|g| g.0),
                Some(version),
                "{body:?}"
            );
            assert_eq!(gates.first_unsupported(version), None, "{body:?}");
        }
        assert!(container_create_gates(&ContainerCreateBody::default()).is_empty());
    }

    #[test]
    fn created_id_requires_an_id() {
        assert_eq!(created_id(Some("x".into()), "network").unwrap(), "x");
        assert!(matches!(
            created_id(Some(String::new()), "network"),
            Err(Error::Protocol(_))
        ));
    }

    #[test]
    fn out_of_sequence_is_recognised() {
        let e = Error::Api {
            status: 500,
            message: "rpc error: code = Unknown desc = update out of sequence".into(),
        };
        assert!(is_out_of_sequence(&e));
        assert!(!is_out_of_sequence(&Error::invalid(
            "update out of sequence"
        )));
    }

    #[test]
    fn empty_ids_are_rejected() {
        assert!(non_empty("network id", "abc").is_ok());
        let err = non_empty("network id", " ").unwrap_err();
        assert!(err.to_string().contains("network id is empty"), "{err}");
    }
}
