//! Where the credentials of a pull, push or build come from.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{registry_key, AuthConfig, CredentialStore, Env};
use crate::error::Result;

/// The credentials a registry call uses.
///
/// By default they are looked up in the Docker CLI's configuration (`DOCKER_AUTH_CONFIG`, credential
/// helpers, `config.json` in `DOCKER_CONFIG` or `~/.docker`) for the image's registry, when the call is made.
#[derive(Clone, Debug, Default)]
pub(crate) enum Credentials {
    /// The Docker CLI's configuration of this process's environment.
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
    fn store(&self) -> Result<Option<Arc<CredentialStore>>> {
        match self {
            Credentials::FromConfig => {
                CredentialStore::from_env(&Env::process()).map(|s| Some(Arc::new(s)))
            }
            Credentials::Store(store) => Ok(Some(store.clone())),
            Credentials::Explicit(_) | Credentials::Anonymous => Ok(None),
        }
    }

    /// For a pull (or an inspect of registry data): a missing or failing helper, or an unreadable config,
    /// is logged and the registry is used anonymously.
    pub(crate) async fn for_pull(&self, registry: &str) -> Result<Option<AuthConfig>> {
        if let Credentials::Explicit(auth) = self {
            return Ok(Some(auth.clone()));
        }
        match self.store() {
            Ok(Some(store)) => store.resolve_for_pull(registry).await,
            Ok(None) => Ok(None),
            Err(error) => {
                tracing::warn!(%error, "cannot read the Docker CLI configuration; pulling without credentials");
                Ok(None)
            }
        }
    }

    /// For a push: the credentials must be found, so every failure is an error naming its cause.
    pub(crate) async fn for_push(&self, registry: &str) -> Result<Option<AuthConfig>> {
        if let Credentials::Explicit(auth) = self {
            return Ok(Some(auth.clone()));
        }
        match self.store()? {
            Some(store) => store.resolve(registry).await,
            None => Ok(None),
        }
    }

    /// For a build: credentials for exactly these registries (lenient, like a pull).
    pub(crate) async fn for_build(
        &self,
        registries: &[String],
    ) -> Result<BTreeMap<String, AuthConfig>> {
        if let Credentials::Explicit(auth) = self {
            return Ok(registries
                .iter()
                .map(|r| (registry_key(r), auth.clone()))
                .collect());
        }
        match self.store() {
            Ok(Some(store)) => store.resolve_all_for_build(registries).await,
            Ok(None) => Ok(BTreeMap::new()),
            Err(error) => {
                tracing::warn!(%error, "cannot read the Docker CLI configuration; building without registry credentials");
                Ok(BTreeMap::new())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    #[tokio::test]
    async fn explicit_and_stored_credentials() {
        let explicit = Credentials::Explicit(AuthConfig::basic("u", "p"));
        let got = explicit.for_pull("any.example.com").await.unwrap().unwrap();
        assert_eq!(got.username.as_deref(), Some("u"));
        let build = explicit
            .for_build(&["docker.io".into(), "ghcr.io".into()])
            .await
            .unwrap();
        assert_eq!(
            build.keys().collect::<Vec<_>>(),
            ["ghcr.io", "https://index.docker.io/v1/"]
        );

        let config =
            ConfigFile::parse(r#"{"auths":{"reg.example.com":{"auth":"bWU6cHc="}}}"#).unwrap();
        let stored = Credentials::Store(Arc::new(CredentialStore::new(config)));
        let got = stored.for_push("reg.example.com").await.unwrap().unwrap();
        assert_eq!(got.password.as_deref(), Some("pw"));
        assert_eq!(stored.for_pull("other.example.com").await.unwrap(), None);
        assert_eq!(
            Credentials::Anonymous
                .for_push("reg.example.com")
                .await
                .unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn a_missing_helper_fails_a_push_but_not_a_pull() {
        let config = ConfigFile::parse(r#"{"credsStore":"nosuchhelper"}"#).unwrap();
        let store = CredentialStore::new(config).with_search_path("/nonexistent");
        let creds = Credentials::Store(Arc::new(store));
        assert_eq!(creds.for_pull("docker.io").await.unwrap(), None);
        let err = creds.for_push("docker.io").await.unwrap_err();
        assert!(
            err.to_string().contains("docker-credential-nosuchhelper"),
            "{err}"
        );
    }
}
