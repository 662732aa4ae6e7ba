//! The Docker CLI's configuration, read and written in its own formats.
//!
//! - [`config_dir`] / [`ConfigFile`]: the config directory (`$DOCKER_CONFIG`, else `~/.docker`) and its
//!   `config.json`, with every field kept on save;
//! - [`AuthConfig`], [`registry_key_for_image`], [`encode_registry_config`]: registry credentials and the
//!   `X-Registry-Auth` / `X-Registry-Config` headers;
//! - [`CredentialStore`] / [`CredentialHelper`]: `DOCKER_AUTH_CONFIG`, `docker-credential-*` helpers and
//!   `auths`, in the CLI's order;
//! - [`ContextStore`] / [`resolve_endpoint`]: contexts and the choice of daemon endpoint;
//! - [`ProxyConfig`]: proxy variables for containers and builds.
//!
//! Nothing here reads the process environment behind the caller's back: functions take an explicit
//! directory or an [`Env`], with [`Env::process`] for the real one. Secrets never appear in errors, `Debug`
//! output or traces.

pub mod auth;
pub mod config_file;
pub mod context;
pub mod credentials;
pub mod dirs;
pub mod env;
pub mod proxy;

pub use auth::{
    convert_to_hostname, encode_registry_config, is_docker_hub, registry_key,
    registry_key_for_image, AuthConfig, DOCKER_HUB_AUTH_KEY,
};
pub use config_file::{parse_docker_auth_config, AuthEntry, ConfigFile};
pub use context::{
    context_dir_id, resolve_endpoint, validate_context_name, ContextEndpointSpec, ContextInfo,
    ContextStore, Endpoint, TlsMaterial, DEFAULT_CONTEXT, DEFAULT_DOCKER_HOST,
};
pub use credentials::{
    find_program, CredentialHelper, CredentialStore, DEFAULT_HELPER_TIMEOUT, HELPER_PREFIX,
    TOKEN_USERNAME,
};
pub use dirs::{config_dir, config_file_path, expand_home, CONFIG_DIR_NAME, CONFIG_FILE_NAME};
pub use env::Env;
pub use proxy::{ProxyConfig, DEFAULT_PROXY_KEY};
