//! Where the credentials of a pull, push or build come from.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{registry_key, AuthConfig, ConfigFile, CredentialStore, Env};
use crate::error::Result;
use crate::Docker;

/// The credentials a registry call uses.
///
/// By default they are looked up in the client's Docker CLI configuration ([`Docker::config_file`]:
/// `config.json` from the builder's `config_dir`, else `DOCKER_CONFIG` or `~/.docker`), together with
/// `DOCKER_AUTH_CONFIG` and the helpers on `PATH`, for the image's registry, when the call is made.
#[derive(Clone, Debug, Default)]
pub(crate) enum Credentials {
    /// The client's Docker CLI configuration.
    #[default]
    FromConfig,
    /// A store the caller built (another config directory, helper search path …).
    Store(Arc<CredentialStore>),
    /// These credentials, whatever the registry.
    Explicit(AuthConfig),
    /// None at all.
    Anonymous,
}

impl Credentials {
    fn store(&self, docker: &Docker) -> Result<Option<Arc<CredentialStore>>> {
        match self {
            Credentials::FromConfig => {
                let config = current_config(docker)?;
                CredentialStore::with_env(config, &Env::process()).map(|s| Some(Arc::new(s)))
            }
            Credentials::Store(store) => Ok(Some(store.clone())),
            Credentials::Explicit(_) | Credentials::Anonymous => Ok(None),
        }
    }

    /// For a pull (or an inspect of registry data): a missing or failing helper, or an unreadable config,
    /// is logged and the registry is used anonymously.
    pub(crate) async fn for_pull(
        &self,
        docker: &Docker,
        registry: &str,
    ) -> Result<Option<AuthConfig>> {
        if let Credentials::Explicit(auth) = self {
            return Ok(Some(auth.clone()));
        }
        match self.store(docker) {
            Ok(Some(store)) => store.resolve_for_pull(registry).await,
            Ok(None) => Ok(None),
            Err(error) => {
                tracing::warn!(%error, "cannot read the Docker CLI configuration; pulling without credentials");
                Ok(None)
            }
        }
    }

    /// For a push: the credentials must be found, so every failure is an error naming its cause.
    pub(crate) async fn for_push(
        &self,
        docker: &Docker,
        registry: &str,
    ) -> Result<Option<AuthConfig>> {
        if let Credentials::Explicit(auth) = self {
            return Ok(Some(auth.clone()));
        }
        match self.store(docker)? {
            Some(store) => store.resolve(registry).await,
            None => Ok(None),
        }
    }

    /// For a build: credentials for exactly these registries (lenient, like a pull).
    pub(crate) async fn for_build(
        &self,
        docker: &Docker,
        registries: &[String],
    ) -> Result<BTreeMap<String, AuthConfig>> {
        if let Credentials::Explicit(auth) = self {
            return Ok(registries
                .iter()
                .map(|r| (registry_key(r), auth.clone()))
                .collect());
        }
        match self.store(docker) {
            Ok(Some(store)) => store.resolve_all_for_build(registries).await,
            Ok(None) => Ok(BTreeMap::new()),
            Err(error) => {
                tracing::warn!(%error, "cannot read the Docker CLI configuration; building without registry credentials");
                Ok(BTreeMap::new())
            }
        }
    }
}

/// The client's config.json as it is on disk now (re-read, so that credentials saved by a login since the
/// client first loaded it are seen). An empty configuration when the client has none.
pub(crate) fn current_config(docker: &Docker) -> Result<ConfigFile> {
    match docker.config_file() {
        Some(config) => match config.path() {
            Some(path) => ConfigFile::load_file(path),
            None => Ok(config.clone()),
        },
        None => Ok(ConfigFile::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn explicit_and_stored_credentials() {
        let docker = Docker::builder().build().unwrap();
        let docker = &docker;
        let explicit = Credentials::Explicit(AuthConfig::basic("u", "p"));
        let got = explicit
            .for_pull(docker, "any.example.com")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.username.as_deref(), Some("u"));
        let build = explicit
            .for_build(docker, &["docker.io".into(), "ghcr.io".into()])
            .await
            .unwrap();
        assert_eq!(
            build.keys().collect::<Vec<_>>(),
            ["ghcr.io", "https://index.docker.io/v1/"]
        );

        let config =
            ConfigFile::parse(r#"{"auths":{"reg.example.com":{"auth":"bWU6cHc="}}}"#).unwrap();
        let stored = Credentials::Store(Arc::new(CredentialStore::new(config)));
        let got = stored
            .for_push(docker, "reg.example.com")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.password.as_deref(), Some("pw"));
        assert_eq!(
            stored.for_pull(docker, "other.example.com").await.unwrap(),
            None
        );
        assert_eq!(
            Credentials::Anonymous
                .for_push(docker, "reg.example.com")
                .await
                .unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn a_missing_helper_fails_a_push_but_not_a_pull() {
        let docker = Docker::builder().build().unwrap();
        let docker = &docker;
        let config = ConfigFile::parse(r#"{"credsStore":"nosuchhelper"}"#).unwrap();
        let store = CredentialStore::new(config).with_search_path("/nonexistent");
        let creds = Credentials::Store(Arc::new(store));
        assert_eq!(creds.for_pull(docker, "docker.io").await.unwrap(), None);
        let err = creds.for_push(docker, "docker.io").await.unwrap_err();
        assert!(
            err.to_string().contains("docker-credential-nosuchhelper"),
            "{err}"
        );
    }
}
