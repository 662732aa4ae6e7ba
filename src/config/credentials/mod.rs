//! Credential helpers (`docker-credential-<suffix>`) and [`CredentialStore`], which finds the credentials
//! for a registry the way the Docker CLI does: `DOCKER_AUTH_CONFIG`, then the configured helper, then
//! `config.json`'s `auths`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::time::Duration;

use super::auth::{find_by_registry, registry_key, registry_key_for_image};
use super::config_file::parse_docker_auth_config;
use super::{AuthConfig, AuthEntry, ConfigFile, Env};
use crate::Result;

mod helper;
#[cfg(test)]
mod test_support;

use helper::helper_pair;
pub use helper::{
    find_program, CredentialHelper, DEFAULT_HELPER_TIMEOUT, HELPER_PREFIX, TOKEN_USERNAME,
};

/// Finds registry credentials the way the Docker CLI does, and saves them after a login.
///
/// Lookup order for a registry: `DOCKER_AUTH_CONFIG`, then the configured helper (`credHelpers[registry]`,
/// else `credsStore`), then `config.json`'s `auths`.
///
/// - [`resolve`](Self::resolve) is strict: a missing or failing helper is an error.
/// - [`resolve_for_pull`](Self::resolve_for_pull) and [`resolve_all_for_build`](Self::resolve_all_for_build)
///   are lenient: such a failure is logged with `tracing::warn!` and the registry is used anonymously, so a
///   broken `credsStore` cannot stop a pull of a public image. (The high-level pull, search and build
///   also put the failure into the error if the registry then refuses.)
/// - Every helper call is limited to [`helper_timeout`](Self::helper_timeout) (default
///   [`DEFAULT_HELPER_TIMEOUT`], 30 s); a helper that takes longer is killed.
/// - [`inline_auths`](Self::inline_auths) gives the stored credentials without running any helper.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> docker_sdk::Result<()> {
/// use docker_sdk::config::{ConfigFile, CredentialStore, Env};
///
/// let config = ConfigFile::parse(r#"{"auths":{"ghcr.io":{"auth":"bWU6cGF0"}}}"#)?;
/// let store = CredentialStore::with_env(config, &Env::empty())?;
/// let auth = store.resolve("ghcr.io").await?.expect("stored in auths");
/// assert_eq!(auth.username.as_deref(), Some("me"));
/// assert!(store.resolve("quay.io").await?.is_none());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct CredentialStore {
    config: ConfigFile,
    env_auths: BTreeMap<String, AuthEntry>,
    search_path: Option<OsString>,
    helper_timeout: Duration,
}

impl CredentialStore {
    /// A store over `config`, ignoring `DOCKER_AUTH_CONFIG`; helpers are searched on the process's `PATH`.
    pub fn new(config: ConfigFile) -> Self {
        CredentialStore {
            config,
            env_auths: BTreeMap::new(),
            search_path: None,
            helper_timeout: DEFAULT_HELPER_TIMEOUT,
        }
    }

    /// A store over `config` that also uses `DOCKER_AUTH_CONFIG` and searches helpers on `PATH`, both taken
    /// from `env`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`](crate::Error::Config) when `DOCKER_AUTH_CONFIG` is set but malformed.
    pub fn with_env(config: ConfigFile, env: &Env) -> Result<Self> {
        let env_auths = match env.non_empty("DOCKER_AUTH_CONFIG") {
            Some(value) => parse_docker_auth_config(&value)?,
            None => BTreeMap::new(),
        };
        Ok(CredentialStore {
            config,
            env_auths,
            search_path: Some(env.var("PATH").map(OsString::from).unwrap_or_default()),
            helper_timeout: DEFAULT_HELPER_TIMEOUT,
        })
    }

    /// Loads `config.json` from the directory chosen by `env` and builds a store as in
    /// [`with_env`](Self::with_env).
    ///
    /// # Errors
    ///
    /// As [`ConfigFile::from_env`] and [`with_env`](Self::with_env).
    pub fn from_env(env: &Env) -> Result<Self> {
        Self::with_env(ConfigFile::from_env(env)?, env)
    }

    /// Searches helpers on `path` (`PATH` syntax) instead.
    #[must_use]
    pub fn with_search_path(mut self, path: impl Into<OsString>) -> Self {
        self.search_path = Some(path.into());
        self
    }

    /// Kills a credential helper that has not answered after `timeout` (default
    /// [`DEFAULT_HELPER_TIMEOUT`], 30 s); the lookup then fails with
    /// [`Error::Credentials`](crate::Error::Credentials) saying the helper timed out.
    #[must_use]
    pub fn with_helper_timeout(mut self, timeout: Duration) -> Self {
        self.helper_timeout = timeout;
        self
    }

    /// The limit on each credential helper call.
    pub fn helper_timeout(&self) -> Duration {
        self.helper_timeout
    }

    /// The underlying config.
    pub fn config(&self) -> &ConfigFile {
        &self.config
    }

    /// The helper suffix configured for `registry`, if any (see [`ConfigFile::credential_helper_for`]).
    pub fn helper_name_for(&self, registry: &str) -> Option<&str> {
        self.config.credential_helper_for(&registry_key(registry))
    }

    /// The helper configured for `registry`, located on the search path.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`](crate::Error::Credentials) when a helper is configured but not installed.
    pub fn helper_for(&self, registry: &str) -> Result<Option<CredentialHelper>> {
        match self.helper_name_for(registry) {
            Some(name) => CredentialHelper::find(name, self.search_path.as_deref())
                .map(|h| Some(h.with_timeout(self.helper_timeout))),
            None => Ok(None),
        }
    }

    /// The credentials for `registry` (a host such as `ghcr.io`, a key such as
    /// `https://index.docker.io/v1/`, or `docker.io`), or `None` when there are none.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`](crate::Error::Credentials) when the configured helper is missing or fails, and [`Error::Config`](crate::Error::Config) when the
    /// stored entry is malformed. Use [`resolve_for_pull`](Self::resolve_for_pull) to carry on anonymously
    /// instead.
    pub async fn resolve(&self, registry: &str) -> Result<Option<AuthConfig>> {
        let key = registry_key(registry);
        if let Some((_, entry)) = find_by_registry(&self.env_auths, &key) {
            if let Some(auth) = entry.to_auth_config(&key)? {
                return Ok(Some(auth));
            }
        }
        if let Some(helper) = self.helper_for(&key)? {
            return helper.get(&key).await;
        }
        match self.config.auth_entry(&key) {
            Some((_, entry)) => entry.to_auth_config(&key),
            None => Ok(None),
        }
    }

    /// Like [`resolve`](Self::resolve), but a lookup failure is logged (`tracing::warn!`, without secrets)
    /// and gives `Ok(None)`, so that the pull goes ahead anonymously. Never fails today; the `Result` leaves
    /// room for errors that must not be ignored.
    ///
    /// # Errors
    ///
    /// None at present.
    pub async fn resolve_for_pull(&self, registry: &str) -> Result<Option<AuthConfig>> {
        Ok(self.resolve_lenient(registry).await.0)
    }

    /// [`resolve`](Self::resolve) that never fails: a lookup failure is logged and returned beside
    /// `None`, so the caller can go ahead anonymously and still say what failed if the registry refuses.
    pub(crate) async fn resolve_lenient(
        &self,
        registry: &str,
    ) -> (Option<AuthConfig>, Option<crate::Error>) {
        match self.resolve(registry).await {
            Ok(found) => (found, None),
            Err(error) => {
                tracing::warn!(
                    registry = %registry_key(registry),
                    %error,
                    "cannot look up registry credentials; continuing without them"
                );
                (None, Some(error))
            }
        }
    }

    /// [`resolve_for_pull`](Self::resolve_for_pull) for the registry of an image reference.
    ///
    /// # Errors
    ///
    /// None at present.
    pub async fn resolve_for_image(&self, image: &str) -> Result<Option<AuthConfig>> {
        self.resolve_for_pull(&registry_key_for_image(image)).await
    }

    /// The credentials a build needs, for exactly the registries given (e.g. those of the Dockerfile's
    /// `FROM` images), keyed by [`registry_key`]. Helpers run only for those registries; failures are
    /// logged and skipped as in [`resolve_for_pull`](Self::resolve_for_pull). Feed the result to
    /// [`encode_registry_config`](super::encode_registry_config).
    ///
    /// # Errors
    ///
    /// None at present.
    pub async fn resolve_all_for_build<I, S>(
        &self,
        registries: I,
    ) -> Result<BTreeMap<String, AuthConfig>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Ok(self.resolve_all_lenient(registries).await.0)
    }

    /// [`resolve_all_for_build`](Self::resolve_all_for_build), also returning each registry whose lookup
    /// failed with its error.
    pub(crate) async fn resolve_all_lenient<I, S>(
        &self,
        registries: I,
    ) -> (BTreeMap<String, AuthConfig>, Vec<(String, crate::Error)>)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut keys: Vec<String> = registries
            .into_iter()
            .map(|r| registry_key(r.as_ref()))
            .collect();
        keys.sort();
        keys.dedup();
        let mut out = BTreeMap::new();
        let mut failed = Vec::new();
        for key in keys {
            match self.resolve_lenient(&key).await {
                (Some(auth), _) => {
                    out.insert(key, auth);
                }
                (None, Some(error)) => failed.push((key, error)),
                (None, None) => {}
            }
        }
        (out, failed)
    }

    /// The credentials stored inline, without running any helper: every `DOCKER_AUTH_CONFIG` entry and
    /// every `auths` entry of config.json that holds credentials (`auth` or an identity token), keyed by
    /// [`registry_key`]. `DOCKER_AUTH_CONFIG` wins over the file for the same registry. Entries that
    /// cannot be decoded are skipped (with a `tracing::warn!` that names the registry only).
    ///
    /// This is what a build sends when the registries it needs are unknown (a tar or remote context whose
    /// Dockerfile cannot be read here): running every configured helper is not an option.
    pub fn inline_auths(&self) -> BTreeMap<String, AuthConfig> {
        let mut out = BTreeMap::new();
        let sources = [&self.config.auths, &self.env_auths];
        for auths in sources {
            for (name, entry) in auths.iter() {
                let key = registry_key(name);
                match entry.to_auth_config(&key) {
                    Ok(Some(auth)) => {
                        out.insert(key, auth);
                    }
                    Ok(None) => {}
                    Err(error) => {
                        tracing::warn!(registry = %key, %error, "skipping an unreadable auths entry");
                    }
                }
            }
        }
        out
    }

    /// Saves credentials after a login, as `docker login` does.
    ///
    /// With a helper configured for the registry, the secret goes to the helper and `auths` keeps only an
    /// empty entry. Otherwise `auths` gets `base64(username:password)`, or, when `auth` carries an identity
    /// token, the user name and the token without the password. The config file is written when the
    /// config has a [`path`](ConfigFile::path).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when `auth` has neither a user name nor an identity token,
    /// [`Error::Credentials`](crate::Error::Credentials) when the helper is missing or fails, [`Error::Config`](crate::Error::Config) when the file cannot be
    /// written.
    pub async fn store_credentials(&mut self, registry: &str, auth: AuthConfig) -> Result<()> {
        let key = registry_key(registry);
        helper_pair(&auth)?;
        let entry = match self.helper_for(&key)? {
            Some(helper) => {
                helper.store(&key, &auth).await?;
                let mut marker = self.existing_entry(&key);
                marker.auth = None;
                marker.identity_token = None;
                marker.registry_token = None;
                marker
            }
            None => {
                let mut entry = self.existing_entry(&key);
                let user = auth.username.as_deref().unwrap_or_default();
                let token = auth.identity_token.clone().filter(|t| !t.is_empty());
                entry.auth = match (&token, user.is_empty()) {
                    (_, true) => None,
                    (Some(_), false) => AuthEntry::from_basic(user, "").auth,
                    (None, false) => {
                        AuthEntry::from_basic(user, auth.password.as_deref().unwrap_or_default())
                            .auth
                    }
                };
                entry.identity_token = token;
                entry.registry_token = auth.registry_token.clone().filter(|t| !t.is_empty());
                entry
            }
        };
        self.remove_entries(&key);
        self.config.auths.insert(key, entry);
        self.save_if_backed()
    }

    /// Forgets the credentials for `registry`: erases them from its helper (if one is configured) and
    /// removes its `auths` entries, then writes the config file when it has a path.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`](crate::Error::Credentials) when the helper is missing or fails, [`Error::Config`](crate::Error::Config) when the file cannot be
    /// written.
    pub async fn erase(&mut self, registry: &str) -> Result<()> {
        let key = registry_key(registry);
        if let Some(helper) = self.helper_for(&key)? {
            helper.erase(&key).await?;
        }
        if self.remove_entries(&key) {
            self.save_if_backed()?;
        }
        Ok(())
    }

    /// The current entry for `key` (keeping fields such as `email`), or an empty one.
    fn existing_entry(&self, key: &str) -> AuthEntry {
        self.config
            .auth_entry(key)
            .map(|(_, e)| e.clone())
            .unwrap_or_default()
    }

    /// Removes every `auths` entry that names the registry `key`; true if one was removed.
    fn remove_entries(&mut self, key: &str) -> bool {
        let before = self.config.auths.len();
        self.config.auths.retain(|k, _| registry_key(k) != key);
        self.config.auths.len() != before
    }

    fn save_if_backed(&self) -> Result<()> {
        if self.config.path().is_some() {
            self.config.save()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::Fixture;
    use super::*;
    use crate::config::DOCKER_HUB_AUTH_KEY;
    use crate::Error;
    use base64::Engine as _;

    #[tokio::test]
    async fn resolve_prefers_env_then_helper_then_auths() {
        let fx = Fixture::new();
        let basic =
            |u: &str, p: &str| base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"));
        let config = format!(
            r#"{{"credHelpers":{{"tok.example.com":"fake","https://index.docker.io/v1/":"fake"}},
                "auths":{{"file.example.com":{{"auth":"{}"}},"tok.example.com":{{"auth":"{}"}}}}}}"#,
            basic("fileuser", "filepw"),
            basic("shadowed", "x")
        );
        let env = Env::from_pairs([
            ("PATH", fx.dir.path().to_string_lossy().into_owned()),
            (
                "DOCKER_AUTH_CONFIG",
                format!(
                    r#"{{"auths":{{"env.example.com":{{"auth":"{}"}}}}}}"#,
                    basic("envuser", "envpw")
                ),
            ),
        ]);
        let mut parsed = ConfigFile::parse(&config).unwrap();
        parsed.auths.insert(
            "env.example.com".into(),
            AuthEntry::from_basic("file-loses", "x"),
        );
        let store = CredentialStore::with_env(parsed, &env).unwrap();

        let from_env = store.resolve("env.example.com").await.unwrap().unwrap();
        assert_eq!(from_env.username.as_deref(), Some("envuser"));
        let from_helper = store.resolve("tok.example.com").await.unwrap().unwrap();
        assert_eq!(from_helper.identity_token.as_deref(), Some("token-SECRET"));
        let hub = store.resolve("docker.io").await.unwrap().unwrap();
        assert_eq!(hub.username.as_deref(), Some("hubuser"));
        let from_file = store.resolve("file.example.com").await.unwrap().unwrap();
        assert_eq!(from_file.username.as_deref(), Some("fileuser"));
        assert_eq!(from_file.password.as_deref(), Some("filepw"));
        assert_eq!(store.resolve("none.example.com").await.unwrap(), None);
        // Only the helper-backed registries ran the helper.
        assert_eq!(
            fx.calls(),
            ["get|tok.example.com", "get|https://index.docker.io/v1/"]
        );
    }

    #[tokio::test]
    async fn broken_creds_store_does_not_block_anonymous_pulls() {
        let fx = Fixture::new();
        let store = fx.store(r#"{"credsStore":"desktop"}"#);
        let strict = store.resolve("docker.io").await.unwrap_err();
        assert!(
            strict
                .to_string()
                .contains("docker-credential-desktop not found"),
            "{strict}"
        );
        assert_eq!(store.resolve_for_pull("docker.io").await.unwrap(), None);
        assert_eq!(
            store.resolve_for_image("busybox:latest").await.unwrap(),
            None
        );

        let failing = fx.store(r#"{"credsStore":"fake"}"#);
        assert!(failing.resolve("broken.example.com").await.is_err());
        assert_eq!(
            failing
                .resolve_for_pull("broken.example.com")
                .await
                .unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn build_runs_helpers_only_for_the_registries_asked() {
        let fx = Fixture::new();
        let store = fx.store(
            r#"{"credsStore":"fake","credHelpers":{"plain.example.com":""},
            "auths":{"plain.example.com":{"auth":"cDpx"}}}"#,
        );
        let auths = store
            .resolve_all_for_build([
                "docker.io",
                "index.docker.io",
                "tok.example.com",
                "broken.example.com",
                "plain.example.com",
            ])
            .await
            .unwrap();
        assert_eq!(
            auths.keys().collect::<Vec<_>>(),
            [DOCKER_HUB_AUTH_KEY, "plain.example.com", "tok.example.com"]
        );
        let mut calls = fx.calls();
        calls.sort();
        assert_eq!(
            calls,
            [
                "get|broken.example.com",
                "get|https://index.docker.io/v1/",
                "get|tok.example.com"
            ]
        );
    }

    #[tokio::test]
    async fn login_without_helper_writes_auths() {
        let fx = Fixture::new();
        let cfg_dir = fx.dir.path().join("cfg");
        let mut config = ConfigFile::load(&cfg_dir).unwrap();
        config.auths.insert(
            "https://reg.example.com/v1/".into(),
            serde_json::from_str(r#"{"auth":"b2xkOm9sZA==","email":"me@example.com"}"#).unwrap(),
        );
        let mut store = CredentialStore::new(config).with_search_path(fx.path());
        store
            .store_credentials("reg.example.com", AuthConfig::basic("me", "pw"))
            .await
            .unwrap();
        store
            .store_credentials(
                "docker.io",
                AuthConfig::basic("hub", "x").with_server_address("docker.io"),
            )
            .await
            .unwrap();
        let mut with_token = AuthConfig::from_identity_token("idt");
        with_token.username = Some("tokuser".into());
        with_token.password = Some("dropped".into());
        store
            .store_credentials("tok.example.com", with_token)
            .await
            .unwrap();

        let saved = ConfigFile::load(&cfg_dir).unwrap();
        assert_eq!(
            saved.auths.keys().collect::<Vec<_>>(),
            [DOCKER_HUB_AUTH_KEY, "reg.example.com", "tok.example.com"]
        );
        let reg = &saved.auths["reg.example.com"];
        assert_eq!(reg.credentials().unwrap(), Some(("me".into(), "pw".into())));
        assert_eq!(reg.other["email"], "me@example.com");
        let tok = &saved.auths["tok.example.com"];
        assert_eq!(
            tok.credentials().unwrap(),
            Some(("tokuser".into(), String::new()))
        );
        assert_eq!(tok.identity_token.as_deref(), Some("idt"));
        assert!(fx.calls().is_empty());

        store.erase("reg.example.com").await.unwrap();
        let saved = ConfigFile::load(&cfg_dir).unwrap();
        assert!(!saved.auths.contains_key("reg.example.com"));

        let err = store
            .store_credentials("x.io", AuthConfig::default())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)));
    }

    #[tokio::test]
    async fn login_with_helper_keeps_only_a_marker() {
        let fx = Fixture::new();
        let cfg_dir = fx.dir.path().join("cfg");
        std::fs::create_dir(&cfg_dir).unwrap();
        std::fs::write(
            cfg_dir.join("config.json"),
            r#"{"credsStore":"fake","auths":{"reg.example.com":{"auth":"b2xkOm9sZA=="}}}"#,
        )
        .unwrap();
        let mut store =
            CredentialStore::new(ConfigFile::load(&cfg_dir).unwrap()).with_search_path(fx.path());
        store
            .store_credentials("reg.example.com", AuthConfig::basic("me", "pw-SECRET"))
            .await
            .unwrap();
        let text = std::fs::read_to_string(cfg_dir.join("config.json")).unwrap();
        assert!(
            !text.contains("pw-SECRET") && !text.contains("b2xkOm9sZA"),
            "{text}"
        );
        let saved = ConfigFile::load(&cfg_dir).unwrap();
        assert!(saved.auths["reg.example.com"].is_empty());
        store.erase("reg.example.com").await.unwrap();
        let calls = fx.calls();
        assert_eq!(calls.len(), 2);
        assert!(calls[0].starts_with("store|{") && calls[0].contains("\"Secret\":\"pw-SECRET\""));
        assert_eq!(calls[1], "erase|reg.example.com");
        assert!(ConfigFile::load(&cfg_dir).unwrap().auths.is_empty());
    }

    #[test]
    fn bad_docker_auth_config_is_rejected_up_front() {
        let env = Env::from_pairs([("DOCKER_AUTH_CONFIG", "{nope")]);
        let err = CredentialStore::with_env(ConfigFile::default(), &env).unwrap_err();
        assert!(err.to_string().contains("DOCKER_AUTH_CONFIG"), "{err}");
    }

    #[test]
    fn debug_hides_secrets() {
        let env = Env::from_pairs([(
            "DOCKER_AUTH_CONFIG",
            r#"{"auths":{"r.io":{"auth":"dTpTRUNSRVQ="}}}"#,
        )]);
        let config =
            ConfigFile::parse(r#"{"auths":{"f.io":{"auth":"dTpGSUxFU0VDUkVU"}}}"#).unwrap();
        let store = CredentialStore::with_env(config, &env).unwrap();
        let shown = format!("{store:?}");
        assert!(
            !shown.contains("dTpTRUNSRVQ") && !shown.contains("dTpGSUxFU0VDUkVU"),
            "{shown}"
        );
        assert!(shown.contains("r.io") && shown.contains("f.io"));
    }

    #[tokio::test]
    async fn the_docker_cli_reads_credentials_we_save() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = CredentialStore::new(ConfigFile::load(tmp.path()).unwrap());
        store
            .store_credentials("reg.example.com", AuthConfig::basic("me", "pw"))
            .await
            .unwrap();
        store
            .store_credentials("other.example.com", AuthConfig::basic("you", "pw2"))
            .await
            .unwrap();
        // `docker logout` with the file store edits config.json without any network access.
        let out = std::process::Command::new("docker")
            .args(["logout", "reg.example.com"])
            .env("DOCKER_CONFIG", tmp.path())
            .output()
            .expect("the docker CLI must be installed to run these tests");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("Removing login credentials for reg.example.com"),
            "{stdout}"
        );
        let saved = ConfigFile::load(tmp.path()).unwrap();
        assert_eq!(
            saved.auths.keys().collect::<Vec<_>>(),
            ["other.example.com"]
        );
        assert_eq!(
            saved.auths["other.example.com"].credentials().unwrap(),
            Some(("you".into(), "pw2".into()))
        );
    }
}
