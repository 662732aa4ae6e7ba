//! Spec quirks, fixed here rather than in the generated output.
//!
//! Each entry says what is wrong in the spec and what the generator does instead.

use serde_yaml::Value;

/// Schemas replaced at a spec path (see `model` for the path syntax: `Def.Prop[]{}`).
///
/// The `*DiskUsage.Items` arrays (added in 1.55) and `NetworkInspect.Services` give their element
/// type only as an `x-go-type` hint for the Go generator, so the schema itself is empty. The Go
/// types named there are the ones behind these definitions.
const OVERRIDES: &[(&str, &str)] = &[
    ("ImagesDiskUsage.Items[]", "ImageSummary"),
    ("ContainersDiskUsage.Items[]", "ContainerSummary"),
    ("VolumesDiskUsage.Items[]", "Volume"),
    ("BuildCacheDiskUsage.Items[]", "BuildCache"),
    ("NetworkInspect.Services{}", "ServiceInfo"),
];

/// The replacement schema (a `$ref` to a definition) for a spec path, if any.
pub fn schema_override(path: &str) -> Option<Value> {
    let (_, def) = OVERRIDES.iter().find(|(p, _)| *p == path)?;
    let mut m = serde_yaml::Mapping::new();
    m.insert("$ref".into(), format!("#/definitions/{def}").into());
    Some(Value::Mapping(m))
}

/// Variant names for integer enums. The spec lists only the numbers; the names are the
/// meanings its `ChangeType` definition gives them.
pub fn int_variant_name(type_name: &str, value: i64) -> Option<&'static str> {
    match (type_name, value) {
        ("ChangeType", 0) => Some("Modified"),
        ("ChangeType", 1) => Some("Added"),
        ("ChangeType", 2) => Some("Deleted"),
        _ => None,
    }
}

/// Definitions that older spec files call by another name. Used to type fields that newer
/// specs dropped but older daemons still send (see `legacy` fields in `model`).
pub const RENAMED_DEFINITIONS: &[(&str, &str)] = &[
    ("GraphDriverData", "DriverData"),
    ("Port", "PortSummary"),
    ("NetworkContainer", "EndpointResource"),
    ("IdResponse", "IDResponse"),
    ("VolumeCreateOptions", "VolumeCreateRequest"),
];

/// Fields no spec file lists but daemons send (found by `tests/models_decode.rs` on a 1.41
/// daemon): `(type, wire name, spec type/format)`. Without them the values would be dropped
/// on decode.
///
/// - `EventMessage`: `status`, `id` and `from`, the flat form of `Action`, `Actor.ID` and the
///   image attribute, still sent next to the structured fields.
/// - `SystemDataUsageResponse.BuilderSize`: the build cache size, next to `LayersSize`.
pub const UNLISTED_FIELDS: &[(&str, &str, &str)] = &[
    ("EventMessage", "status", "string"),
    ("EventMessage", "id", "string"),
    ("EventMessage", "from", "string"),
    ("SystemDataUsageResponse", "BuilderSize", "int64"),
];

/// Fields whose values are secrets (registry passwords, secret payloads, swarm join tokens and unlock keys,
/// the swarm CA's private key). The spec does not mark them; their types get a `Debug` that prints
/// `<redacted>` instead of the value, so logging a model never leaks one.
const SECRET_FIELDS: &[(&str, &str)] = &[
    ("AuthConfig", "password"),
    ("SecretSpec", "Data"),
    ("SwarmJoinBody", "JoinToken"),
    ("SwarmUnlockBody", "UnlockKey"),
    ("SwarmUnlockkeyResponse", "UnlockKey"),
    ("JoinTokens", "Worker"),
    ("JoinTokens", "Manager"),
    ("SwarmSpecCAConfig", "SigningCAKey"),
];

/// Whether the field `wire` of the type `type_name` holds a secret.
pub fn is_secret(type_name: &str, wire: &str) -> bool {
    SECRET_FIELDS
        .iter()
        .any(|(t, f)| *t == type_name && *f == wire)
}
