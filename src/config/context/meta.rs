//! `meta.json`, the file the CLI keeps per context, and the naming rules of the store.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// The endpoint name the CLI uses for the Docker daemon inside a context.
pub(super) const DOCKER_ENDPOINT: &str = "docker";

/// `meta.json` as the CLI writes it.
#[derive(Serialize, Deserialize)]
pub(super) struct MetaFile {
    #[serde(rename = "Name")]
    pub(super) name: String,
    #[serde(rename = "Metadata", default)]
    pub(super) metadata: Option<Map<String, Value>>,
    #[serde(rename = "Endpoints", default)]
    pub(super) endpoints: Option<Map<String, Value>>,
}

#[derive(Serialize, Deserialize, Default)]
pub(super) struct DockerEndpointMeta {
    #[serde(rename = "Host", default, skip_serializing_if = "Option::is_none")]
    pub(super) host: Option<String>,
    #[serde(rename = "SkipTLSVerify", default)]
    pub(super) skip_tls_verify: bool,
}

/// The directory name a context is stored under: the lowercase hex SHA-256 of its name.
///
/// ```
/// use docker_sdk::config::context_dir_id;
///
/// assert_eq!(
///     context_dir_id("my-remote"),
///     "995831de38713183bb4c8441b902b30852d5236a036fad78b2c4b0d29753ad81"
/// );
/// ```
pub fn context_dir_id(name: &str) -> String {
    Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a context name against the CLI's rule `^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$`.
///
/// ```
/// use docker_sdk::config::validate_context_name;
///
/// assert!(validate_context_name("prod-eu.1").is_ok());
/// assert!(validate_context_name("x").is_err());          // at least two characters
/// assert!(validate_context_name("-dash").is_err());
/// assert!(validate_context_name("../etc").is_err());
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] explaining the rule.
pub fn validate_context_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest: Vec<char> = chars.collect();
    let rest_ok = !rest.is_empty()
        && rest
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || "_.+-".contains(*c));
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "context name {name:?} is invalid: use at least two characters from a-z, A-Z, 0-9, '_', '.', '+', '-', starting with a letter or digit"
        )))
    }
}

pub(super) fn read_meta(file: &Path) -> Result<MetaFile> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::Config {
        message: format!("cannot read context metadata {}: {e}", file.display()),
    })?;
    serde_json::from_str(&text).map_err(|e| Error::Config {
        message: format!("context metadata {} is malformed: {e}", file.display()),
    })
}

pub(super) fn docker_endpoint(endpoints: Option<&Map<String, Value>>) -> DockerEndpointMeta {
    endpoints
        .and_then(|e| e.get(DOCKER_ENDPOINT))
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_id_is_sha256_of_the_name() {
        assert_eq!(
            context_dir_id("default"),
            "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f"
        );
    }

    #[test]
    fn missing_or_odd_endpoints_give_defaults() {
        let meta: MetaFile = serde_json::from_str(r#"{"Name":"x","Metadata":null}"#).unwrap();
        let docker = docker_endpoint(meta.endpoints.as_ref());
        assert_eq!((docker.host, docker.skip_tls_verify), (None, false));
        let meta: MetaFile = serde_json::from_str(
            r#"{"Name":"x","Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":true}}}"#,
        )
        .unwrap();
        let docker = docker_endpoint(meta.endpoints.as_ref());
        assert_eq!(
            (docker.host.as_deref(), docker.skip_tls_verify),
            (Some("tcp://h:1"), true)
        );
    }
}
