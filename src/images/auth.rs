//! Where the credentials of a pull, push or build come from.

use std::collections::BTreeMap;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::config::{registry_key, AuthConfig, ConfigFile, CredentialStore};
use crate::error::{Error, Result};
use crate::stream::JsonStream;
use crate::Docker;

/// The credentials a registry call uses.
///
/// By default they are looked up in the client's Docker CLI configuration ([`Docker::config_file`]:
/// `config.json` from the builder's `config_dir`, else `DOCKER_CONFIG` or `~/.docker`), together with
/// `DOCKER_AUTH_CONFIG` and the helpers on `PATH` of the client's environment, for the image's registry,
/// when the call is made.
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

/// Why a registry call went out with fewer credentials than were configured: a credential helper that
/// failed, or a config.json that could not be read. The call still goes ahead (an anonymous pull of a
/// public image must work), but when the daemon then refuses it, the error says so too.
///
/// The text names the helper (or the file) and its failure; it never holds a secret, since helper errors
/// and config errors never do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CredentialNote(Option<Arc<str>>);

impl CredentialNote {
    /// A note for `error`, the failure of a lenient lookup for `registry`.
    pub(crate) fn from_error(registry: &str, error: &Error) -> CredentialNote {
        let text = match error {
            Error::Credentials { helper, message } => {
                format!("credentials from docker-credential-{helper} could not be read: {message}")
            }
            Error::Config { message } => {
                format!("credentials for {registry} could not be read: {message}")
            }
            other => format!("credentials for {registry} could not be read: {other}"),
        };
        CredentialNote(Some(text.into()))
    }

    /// Adds the notes of `other` to this one.
    pub(crate) fn merge(&mut self, other: CredentialNote) {
        self.0 = match (self.0.take(), other.0) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}; {b}").into()),
            (Some(a), _) => Some(a),
            (None, b) => b,
        };
    }

    /// The note, if there is one.
    #[cfg(test)]
    pub(crate) fn text(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// `error`, with the note appended to its message when the daemon refused the call (an error status
    /// or an error inside the stream). Other errors (a connection failure, a local mistake) are returned
    /// as they are.
    pub(crate) fn annotate(&self, error: Error) -> Error {
        let Some(note) = self.0.as_deref() else {
            return error;
        };
        let add = |message: String| format!("{message}; {note}");
        match error {
            Error::NotFound { message } => Error::NotFound {
                message: add(message),
            },
            Error::ImageNotFound { image, message } => Error::ImageNotFound {
                image,
                message: add(message),
            },
            Error::Api { status, message } => Error::Api {
                status,
                message: add(message),
            },
            Error::Stream { message, code } => Error::Stream {
                message: add(message),
                code,
            },
            Error::Build { message, log } => Error::Build {
                message: add(message),
                log,
            },
            other => other,
        }
    }

    /// [`annotate`](Self::annotate) for a result.
    pub(crate) fn annotate_result<T>(&self, result: Result<T>) -> Result<T> {
        result.map_err(|e| self.annotate(e))
    }
}

/// The progress stream of a registry call (a pull or a build): `Stream<Item = Result<T>>`. An error the
/// daemon reports inside the stream is an `Err(Error::Stream)` item; when a credential lookup failed
/// before the call and it went out without those credentials, that error's message also names the
/// helper (or the config file) and what went wrong with it.
#[must_use = "streams do nothing unless polled"]
pub struct RegistryStream<T> {
    inner: JsonStream<T>,
    note: CredentialNote,
}

impl<T> RegistryStream<T> {
    pub(crate) fn new(inner: JsonStream<T>, note: CredentialNote) -> Self {
        RegistryStream { inner, note }
    }

    /// The daemon's stream as it is, without the credential notes.
    pub fn into_inner(self) -> JsonStream<T> {
        self.inner
    }
}

impl<T> fmt::Debug for RegistryStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistryStream")
            .field("credential_note", &self.note.0)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Stream for RegistryStream<T>
where
    JsonStream<T>: Stream<Item = Result<T>> + Unpin,
{
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(this.note.annotate(e)))),
            other => other,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl Credentials {
    /// The store to look credentials up in. For the client's configuration, config.json is read afresh
    /// (so a login since the client was made is seen), with the client's environment for
    /// `DOCKER_AUTH_CONFIG` and the helpers' `PATH`.
    ///
    /// # Errors
    /// [`Error::Config`] naming the file when config.json (or `DOCKER_AUTH_CONFIG`) is malformed.
    fn store(&self, docker: &Docker) -> Result<Option<Arc<CredentialStore>>> {
        match self {
            Credentials::FromConfig => {
                let config = docker.load_config_file()?;
                let store = CredentialStore::with_env(config, &docker.env())?
                    .with_helper_timeout(docker.credential_helper_timeout());
                Ok(Some(Arc::new(store)))
            }
            Credentials::Store(store) => Ok(Some(store.clone())),
            Credentials::Explicit(_) | Credentials::Anonymous => Ok(None),
        }
    }

    /// For a pull (or a search, or an inspect of registry data): a missing or failing helper, or an
    /// unreadable config, does not stop the call, which goes out anonymously; the returned note says what
    /// failed, for the error should the daemon refuse.
    pub(crate) async fn for_pull(
        &self,
        docker: &Docker,
        registry: &str,
    ) -> Result<(Option<AuthConfig>, CredentialNote)> {
        if let Credentials::Explicit(auth) = self {
            return Ok((Some(auth.clone()), CredentialNote::default()));
        }
        match self.store(docker) {
            Ok(Some(store)) => {
                let (auth, error) = store.resolve_lenient(registry).await;
                let note = error
                    .map(|e| CredentialNote::from_error(registry, &e))
                    .unwrap_or_default();
                Ok((auth, note))
            }
            Ok(None) => Ok((None, CredentialNote::default())),
            Err(error) => {
                tracing::warn!(%error, "cannot read the Docker CLI configuration; pulling without credentials");
                Ok((None, CredentialNote::from_error(registry, &error)))
            }
        }
    }

    /// For a push: the credentials must be found, so every failure (a missing or failing helper, a
    /// malformed config.json) is an error naming its cause.
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

    /// For a build: credentials for exactly these registries, leniently like a pull.
    pub(crate) async fn for_build(
        &self,
        docker: &Docker,
        registries: &[String],
    ) -> Result<(BTreeMap<String, AuthConfig>, CredentialNote)> {
        if let Credentials::Explicit(auth) = self {
            return Ok((
                registries
                    .iter()
                    .map(|r| (registry_key(r), auth.clone()))
                    .collect(),
                CredentialNote::default(),
            ));
        }
        match self.store(docker) {
            Ok(Some(store)) => {
                let (auths, errors) = store.resolve_all_lenient(registries).await;
                let mut note = CredentialNote::default();
                for (registry, error) in errors {
                    note.merge(CredentialNote::from_error(&registry, &error));
                }
                Ok((auths, note))
            }
            Ok(None) => Ok((BTreeMap::new(), CredentialNote::default())),
            Err(error) => {
                tracing::warn!(%error, "cannot read the Docker CLI configuration; building without registry credentials");
                let registry = registries
                    .first()
                    .map(String::as_str)
                    .unwrap_or("the build");
                Ok((
                    BTreeMap::new(),
                    CredentialNote::from_error(registry, &error),
                ))
            }
        }
    }

    /// For a build whose registries are unknown (its Dockerfile cannot be read here: a tar or remote
    /// context): the explicit credentials for `registries`, or else the inline `auths` entries of
    /// config.json (and `DOCKER_AUTH_CONFIG`) — no helper runs, since every configured helper would have
    /// to. An unreadable config gives nothing, with a note.
    pub(crate) fn inline_for_build(
        &self,
        docker: &Docker,
    ) -> (BTreeMap<String, AuthConfig>, CredentialNote) {
        match self.store(docker) {
            Ok(Some(store)) => (store.inline_auths(), CredentialNote::default()),
            Ok(None) => (BTreeMap::new(), CredentialNote::default()),
            Err(error) => (
                BTreeMap::new(),
                CredentialNote::from_error("the build", &error),
            ),
        }
    }
}

/// The client's config.json as it is on disk now (re-read, so that credentials saved by a login since the
/// client first loaded it are seen). An empty configuration when there is no file.
///
/// # Errors
/// [`Error::Config`] naming the file when it is malformed.
pub(crate) fn current_config(docker: &Docker) -> Result<ConfigFile> {
    docker.load_config_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn explicit_and_stored_credentials() {
        let docker = Docker::builder().build().unwrap();
        let docker = &docker;
        let explicit = Credentials::Explicit(AuthConfig::basic("u", "p"));
        let (got, note) = explicit.for_pull(docker, "any.example.com").await.unwrap();
        let got = got.unwrap();
        assert_eq!(note, CredentialNote::default());
        assert_eq!(got.username.as_deref(), Some("u"));
        let (build, _) = explicit
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
            (None, CredentialNote::default())
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
        let (auth, note) = creds.for_pull(docker, "docker.io").await.unwrap();
        assert_eq!(auth, None);
        let note = note.text().unwrap();
        assert!(
            note.starts_with("credentials from docker-credential-nosuchhelper could not be read:"),
            "{note}"
        );
        let err = creds.for_push(docker, "docker.io").await.unwrap_err();
        assert!(
            err.to_string().contains("docker-credential-nosuchhelper"),
            "{err}"
        );
    }

    #[test]
    fn notes_are_added_to_daemon_refusals_only() {
        let note = CredentialNote::from_error(
            "reg.example.com",
            &Error::Credentials {
                helper: "pass".into(),
                message: "`get` exited with exit status: 1: locked".into(),
            },
        );
        let refused = note.annotate(Error::Stream {
            message: "no basic auth credentials".into(),
            code: None,
        });
        assert_eq!(
            refused.to_string(),
            "the Docker daemon reported an error in the stream: no basic auth credentials; \
             credentials from docker-credential-pass could not be read: `get` exited with exit status: 1: locked"
        );
        for err in [
            Error::Api {
                status: 401,
                message: "unauthorized".into(),
            },
            Error::ImageNotFound {
                image: "x".into(),
                message: "pull access denied".into(),
            },
            Error::NotFound {
                message: "manifest unknown".into(),
            },
            Error::Build {
                message: "failed".into(),
                log: vec![],
            },
        ] {
            let text = note.annotate(err).to_string();
            assert!(text.contains("docker-credential-pass"), "{text}");
        }
        let local = note.annotate(Error::invalid("bad"));
        assert!(!local.to_string().contains("pass"), "{local}");
        let none = CredentialNote::default().annotate(Error::Api {
            status: 401,
            message: "unauthorized".into(),
        });
        assert_eq!(
            none.to_string(),
            "the Docker daemon answered 401: unauthorized"
        );

        let mut merged = CredentialNote::default();
        merged.merge(note.clone());
        merged.merge(note.clone());
        merged.merge(CredentialNote::from_error(
            "r.io",
            &Error::Config {
                message: "/x/config.json: bad JSON".into(),
            },
        ));
        assert_eq!(
            merged.text().unwrap(),
            "credentials from docker-credential-pass could not be read: `get` exited with exit status: 1: locked; \
             credentials for r.io could not be read: /x/config.json: bad JSON"
        );
    }

    #[tokio::test]
    async fn a_malformed_config_fails_a_push_and_is_noted_for_a_pull() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), "{not json").unwrap();
        let docker = Docker::builder().config_dir(dir.path()).build().unwrap();
        let creds = Credentials::FromConfig;
        let err = creds
            .for_push(&docker, "reg.example.com")
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        assert!(err.to_string().contains("config.json"), "{err}");
        let (auth, note) = creds.for_pull(&docker, "reg.example.com").await.unwrap();
        assert_eq!(auth, None);
        assert!(note.text().unwrap().contains("config.json"), "{note:?}");
        let (auths, note) = creds.inline_for_build(&docker);
        assert!(auths.is_empty());
        assert!(note.text().unwrap().contains("config.json"), "{note:?}");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_client_environment_and_helper_timeout_are_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let helper = dir.path().join("docker-credential-hung");
        std::fs::write(&helper, "#!/bin/sh\nexec sleep 300\n").unwrap();
        std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(dir.path().join("config.json"), r#"{"credsStore":"hung"}"#).unwrap();
        let env = crate::config::Env::from_pairs([
            ("DOCKER_CONFIG", dir.path().display().to_string()),
            ("PATH", dir.path().display().to_string()),
        ]);
        let docker = crate::DockerBuilder::from_env(&env)
            .unwrap()
            .credential_helper_timeout(std::time::Duration::from_millis(200))
            .build()
            .unwrap();
        let creds = Credentials::FromConfig;
        let err = creds
            .for_push(&docker, "reg.example.com")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Credentials { helper, message } if helper == "hung" && message.contains("timed out")),
            "{err:?}"
        );
        let (auth, note) = creds.for_pull(&docker, "reg.example.com").await.unwrap();
        assert_eq!(auth, None);
        let note = note.text().unwrap();
        assert!(
            note.contains("docker-credential-hung could not be read") && note.contains("timed out"),
            "{note}"
        );
    }

    #[test]
    fn a_build_of_unknown_registries_gets_inline_auths_without_helpers() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"credsStore":"nosuchhelper","auths":{"inline.example.com":{"auth":"bWU6cHc="},
                "marker.example.com":{},"https://index.docker.io/v1/":{"identitytoken":"tok"}}}"#,
        )
        .unwrap();
        let docker = Docker::builder().config_dir(dir.path()).build().unwrap();
        let (auths, note) = Credentials::FromConfig.inline_for_build(&docker);
        assert_eq!(note, CredentialNote::default());
        assert_eq!(
            auths.keys().collect::<Vec<_>>(),
            ["https://index.docker.io/v1/", "inline.example.com"]
        );
        assert_eq!(auths["inline.example.com"].password.as_deref(), Some("pw"));
        assert!(Credentials::Anonymous
            .inline_for_build(&docker)
            .0
            .is_empty());
    }
}
