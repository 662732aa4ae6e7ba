//! Credential helpers (`docker-credential-<suffix>`) and [`CredentialStore`], which finds the credentials
//! for a registry the way the Docker CLI does: `DOCKER_AUTH_CONFIG`, then the configured helper, then
//! `config.json`'s `auths`.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt as _;

use super::auth::{find_by_registry, registry_key, registry_key_for_image};
use super::config_file::parse_docker_auth_config;
use super::{AuthConfig, AuthEntry, ConfigFile, Env};
use crate::{Error, Result};

/// The prefix of every credential helper program's name.
pub const HELPER_PREFIX: &str = "docker-credential-";

/// The user name a helper stores to mark the secret as an identity token.
pub const TOKEN_USERNAME: &str = "<token>";

/// What a helper prints when it has nothing for the server.
const NOT_FOUND_MESSAGE: &str = "credentials not found in native keychain";

/// The longest helper message kept in an error.
const MAX_MESSAGE_LEN: usize = 1024;

/// A `docker-credential-<suffix>` program and the five verbs of its protocol.
///
/// ```no_run
/// # async fn demo() -> docker_sdk::Result<()> {
/// use docker_sdk::config::CredentialHelper;
///
/// let helper = CredentialHelper::find("pass", None)?; // searches $PATH
/// if let Some(auth) = helper.get("ghcr.io").await? {
///     println!("logged in to ghcr.io as {:?}", auth.username);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialHelper {
    name: String,
    program: PathBuf,
}

/// The JSON a helper exchanges for one credential.
#[derive(Serialize, Deserialize)]
struct HelperCredentials {
    #[serde(rename = "ServerURL", default)]
    server_url: String,
    #[serde(rename = "Username", default)]
    username: String,
    #[serde(rename = "Secret", default)]
    secret: String,
}

impl CredentialHelper {
    /// A helper with a known program path; `name` is the suffix used in messages.
    pub fn new(name: impl Into<String>, program: impl Into<PathBuf>) -> Self {
        CredentialHelper {
            name: name.into(),
            program: program.into(),
        }
    }

    /// Finds `docker-credential-<name>` on `search_path` (a `PATH`-style list; `None` means the process's
    /// `PATH`).
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`] when the program is not on the path, and [`Error::InvalidArgument`] when
    /// `name` is empty or contains a path separator.
    pub fn find(name: &str, search_path: Option<&OsStr>) -> Result<Self> {
        let name = name.trim();
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(Error::invalid(format!(
                "credential helper name {name:?} is not valid: use the suffix after \"{HELPER_PREFIX}\", e.g. \"pass\""
            )));
        }
        let program_name = format!("{HELPER_PREFIX}{name}");
        let process_path;
        let search_path = match search_path {
            Some(p) => Some(p),
            None => {
                process_path = std::env::var_os("PATH");
                process_path.as_deref()
            }
        };
        match search_path.and_then(|p| find_program(&program_name, p)) {
            Some(program) => Ok(CredentialHelper::new(name, program)),
            None => Err(Error::Credentials {
                helper: name.to_string(),
                message: format!(
                    "{program_name} not found on PATH; install it, or remove \"{name}\" from credsStore/credHelpers in config.json"
                ),
            }),
        }
    }

    /// The helper's suffix (`pass`, `desktop` …).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The program that is run.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// `get`: the credentials stored for `server_url`, or `None` when the helper has none.
    ///
    /// A user name of `<token>` means the secret is an identity token.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`] when the helper cannot be run, fails, or prints something that is not the
    /// expected JSON. The message is the helper's own; the secret is never included.
    pub async fn get(&self, server_url: &str) -> Result<Option<AuthConfig>> {
        let output = self.run("get", server_url.trim().as_bytes()).await?;
        let output = match output {
            HelperOutput::Ok(stdout) => stdout,
            HelperOutput::NotFound => return Ok(None),
        };
        let creds: HelperCredentials =
            serde_json::from_slice(&output).map_err(|e| Error::Credentials {
                helper: self.name.clone(),
                message: format!(
                "`get` printed something that is not credentials JSON (error at line {} column {})",
                e.line(),
                e.column()
            ),
            })?;
        if creds.username.is_empty() && creds.secret.is_empty() {
            return Ok(None);
        }
        let mut auth = if creds.username == TOKEN_USERNAME {
            AuthConfig::from_identity_token(creds.secret)
        } else {
            AuthConfig::basic(creds.username, creds.secret)
        };
        auth.server_address = Some(server_url.trim().to_string());
        Ok(Some(auth))
    }

    /// `store`: saves `auth` for `server_url`. An identity token is stored with the user name `<token>`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `auth` has neither a user name nor an identity token, and
    /// [`Error::Credentials`] when the helper fails.
    pub async fn store(&self, server_url: &str, auth: &AuthConfig) -> Result<()> {
        let (username, secret) = helper_pair(auth)?;
        let creds = HelperCredentials {
            server_url: server_url.trim().to_string(),
            username,
            secret,
        };
        let input = serde_json::to_vec(&creds)
            .map_err(|e| Error::invalid(format!("cannot encode credentials: {e}")))?;
        self.run("store", &input).await.map(drop)
    }

    /// `erase`: deletes the credentials for `server_url`. Erasing credentials that do not exist succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`] when the helper fails.
    pub async fn erase(&self, server_url: &str) -> Result<()> {
        self.run("erase", server_url.trim().as_bytes())
            .await
            .map(drop)
    }

    /// `list`: server URL → user name for everything the helper holds.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`] when the helper fails or prints something other than a JSON object.
    pub async fn list(&self) -> Result<BTreeMap<String, String>> {
        let output = match self.run("list", b"unused").await? {
            HelperOutput::Ok(stdout) => stdout,
            HelperOutput::NotFound => return Ok(BTreeMap::new()),
        };
        serde_json::from_slice(&output).map_err(|e| Error::Credentials {
            helper: self.name.clone(),
            message: format!("`list` did not print a JSON object of server URL to user name: {e}"),
        })
    }

    /// `version`: the helper's version line.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`] when the helper fails.
    pub async fn version(&self) -> Result<String> {
        match self.run("version", b"").await? {
            HelperOutput::Ok(stdout) => Ok(String::from_utf8_lossy(&stdout).trim().to_string()),
            HelperOutput::NotFound => Ok(String::new()),
        }
    }

    async fn run(&self, verb: &str, input: &[u8]) -> Result<HelperOutput> {
        let fail = |message: String| Error::Credentials {
            helper: self.name.clone(),
            message,
        };
        let mut child = spawn_with_retry(&self.program, verb).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                fail(format!(
                    "{} not found on PATH ({e})",
                    self.program.display()
                ))
            } else {
                fail(format!("cannot run {}: {e}", self.program.display()))
            }
        })?;
        let mut stdin = child.stdin.take();
        let write = async move {
            if let Some(stdin) = stdin.as_mut() {
                stdin.write_all(input).await?;
                stdin.shutdown().await?;
            }
            drop(stdin);
            Ok::<(), std::io::Error>(())
        };
        let (written, output) = tokio::join!(write, child.wait_with_output());
        let output = output.map_err(|e| fail(format!("`{verb}` failed to run: {e}")))?;
        if let Err(e) = written {
            // A helper that exits without reading its input is judged by its exit status alone.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                return Err(fail(format!("cannot write to `{verb}`'s input: {e}")));
            }
        }
        if output.status.success() {
            return Ok(HelperOutput::Ok(output.stdout));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stdout = stdout.trim();
        if stdout == NOT_FOUND_MESSAGE && matches!(verb, "get" | "erase" | "list") {
            return Ok(HelperOutput::NotFound);
        }
        let mut message = if stdout.is_empty() {
            String::from_utf8_lossy(&output.stderr).trim().to_string()
        } else {
            stdout.to_string()
        };
        if message.len() > MAX_MESSAGE_LEN {
            let mut cut = MAX_MESSAGE_LEN;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push('…');
        }
        let status = output.status;
        Err(fail(if message.is_empty() {
            format!("`{verb}` exited with {status}")
        } else {
            format!("`{verb}` exited with {status}: {message}")
        }))
    }
}

enum HelperOutput {
    Ok(Vec<u8>),
    NotFound,
}

/// The (Username, Secret) pair a helper stores for `auth`.
fn helper_pair(auth: &AuthConfig) -> Result<(String, String)> {
    if let Some(token) = auth.identity_token.as_deref().filter(|t| !t.is_empty()) {
        return Ok((TOKEN_USERNAME.to_string(), token.to_string()));
    }
    match auth.username.as_deref().filter(|u| !u.is_empty()) {
        Some(user) => Ok((user.to_string(), auth.password.clone().unwrap_or_default())),
        None => Err(Error::invalid(
            "credentials to store need a username (with a password) or an identity token",
        )),
    }
}

/// Spawns `program verb`, retrying briefly when the program was just written and another thread still
/// holds it open ("text file busy"), which happens when a test writes a helper script and runs it at once.
async fn spawn_with_retry(program: &Path, verb: &str) -> std::io::Result<tokio::process::Child> {
    let mut attempt = 0;
    loop {
        let result = tokio::process::Command::new(program)
            .arg(verb)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn();
        match result {
            Err(e) if is_text_file_busy(&e) && attempt < 20 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(10 * attempt)).await;
            }
            other => return other,
        }
    }
}

fn is_text_file_busy(err: &std::io::Error) -> bool {
    cfg!(unix) && err.raw_os_error() == Some(26)
}

/// Finds an executable called `name` in the directories of `search_path` (`PATH` syntax).
pub fn find_program(name: &str, search_path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(search_path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| candidates(&dir, name))
        .find(|path| is_executable(path))
}

fn candidates(dir: &Path, name: &str) -> Vec<PathBuf> {
    if cfg!(windows) {
        vec![
            dir.join(format!("{name}.exe")),
            dir.join(format!("{name}.cmd")),
            dir.join(name),
        ]
    } else {
        vec![dir.join(name)]
    }
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    true
}

/// Finds registry credentials the way the Docker CLI does, and saves them after a login.
///
/// Lookup order for a registry: `DOCKER_AUTH_CONFIG`, then the configured helper (`credHelpers[registry]`,
/// else `credsStore`), then `config.json`'s `auths`.
///
/// - [`resolve`](Self::resolve) is strict: a missing or failing helper is an error.
/// - [`resolve_for_pull`](Self::resolve_for_pull) and [`resolve_all_for_build`](Self::resolve_all_for_build)
///   are lenient: such a failure is logged with `tracing::warn!` and the registry is used anonymously, so a
///   broken `credsStore` cannot stop a pull of a public image.
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
}

impl CredentialStore {
    /// A store over `config`, ignoring `DOCKER_AUTH_CONFIG`; helpers are searched on the process's `PATH`.
    pub fn new(config: ConfigFile) -> Self {
        CredentialStore {
            config,
            env_auths: BTreeMap::new(),
            search_path: None,
        }
    }

    /// A store over `config` that also uses `DOCKER_AUTH_CONFIG` and searches helpers on `PATH`, both taken
    /// from `env`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `DOCKER_AUTH_CONFIG` is set but malformed.
    pub fn with_env(config: ConfigFile, env: &Env) -> Result<Self> {
        let env_auths = match env.non_empty("DOCKER_AUTH_CONFIG") {
            Some(value) => parse_docker_auth_config(&value)?,
            None => BTreeMap::new(),
        };
        Ok(CredentialStore {
            config,
            env_auths,
            search_path: Some(env.var("PATH").map(OsString::from).unwrap_or_default()),
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
    /// [`Error::Credentials`] when a helper is configured but not installed.
    pub fn helper_for(&self, registry: &str) -> Result<Option<CredentialHelper>> {
        match self.helper_name_for(registry) {
            Some(name) => CredentialHelper::find(name, self.search_path.as_deref()).map(Some),
            None => Ok(None),
        }
    }

    /// The credentials for `registry` (a host such as `ghcr.io`, a key such as
    /// `https://index.docker.io/v1/`, or `docker.io`), or `None` when there are none.
    ///
    /// # Errors
    ///
    /// [`Error::Credentials`] when the configured helper is missing or fails, and [`Error::Config`] when the
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
        match self.resolve(registry).await {
            Ok(found) => Ok(found),
            Err(error) => {
                tracing::warn!(
                    registry = %registry_key(registry),
                    %error,
                    "cannot look up registry credentials; continuing without them"
                );
                Ok(None)
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
        let mut keys: Vec<String> = registries
            .into_iter()
            .map(|r| registry_key(r.as_ref()))
            .collect();
        keys.sort();
        keys.dedup();
        let mut out = BTreeMap::new();
        for key in keys {
            if let Some(auth) = self.resolve_for_pull(&key).await? {
                out.insert(key, auth);
            }
        }
        Ok(out)
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
    /// [`Error::InvalidArgument`] when `auth` has neither a user name nor an identity token,
    /// [`Error::Credentials`] when the helper is missing or fails, [`Error::Config`] when the file cannot be
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
    /// [`Error::Credentials`] when the helper is missing or fails, [`Error::Config`] when the file cannot be
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
    use super::*;
    use crate::config::DOCKER_HUB_AUTH_KEY;
    use base64::Engine as _;

    /// A fake helper: logs `verb|stdin` lines to `calls.log` beside itself and answers from fixed data.
    const FAKE_HELPER: &str = r#"#!/bin/bash
verb="$1"
input="$(cat)"
here="$(dirname "$0")"
printf '%s|%s\n' "$verb" "$input" >> "$here/calls.log"
case "$verb" in
  get)
    case "$input" in
      "https://index.docker.io/v1/") echo '{"ServerURL":"https://index.docker.io/v1/","Username":"hubuser","Secret":"hub-SECRET"}' ;;
      "tok.example.com") echo '{"ServerURL":"tok.example.com","Username":"<token>","Secret":"token-SECRET"}' ;;
      "empty.example.com") echo '{"ServerURL":"empty.example.com","Username":"","Secret":""}' ;;
      "garbage.example.com") echo 'this is not json but has garbage-SECRET in it' ;;
      "broken.example.com") echo "keychain is locked"; exit 1 ;;
      *) echo "credentials not found in native keychain"; exit 1 ;;
    esac ;;
  store) ;;
  erase)
    if [ "$input" = "missing.example.com" ]; then echo "credentials not found in native keychain"; exit 1; fi ;;
  list) echo '{"https://index.docker.io/v1/":"hubuser","tok.example.com":"<token>"}' ;;
  version) echo "docker-credential-fake (test) v0.1" ;;
  *) echo "unknown verb"; exit 1 ;;
esac
"#;

    struct Fixture {
        dir: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let fixture = Fixture { dir };
            fixture.write_helper("fake", FAKE_HELPER);
            fixture
        }

        fn write_helper(&self, name: &str, script: &str) {
            let path = self.dir.path().join(format!("{HELPER_PREFIX}{name}"));
            std::fs::write(&path, script).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }

        fn path(&self) -> &OsStr {
            self.dir.path().as_os_str()
        }

        fn helper(&self) -> CredentialHelper {
            CredentialHelper::find("fake", Some(self.path())).unwrap()
        }

        fn calls(&self) -> Vec<String> {
            std::fs::read_to_string(self.dir.path().join("calls.log"))
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect()
        }

        fn store(&self, config: &str) -> CredentialStore {
            let env = Env::from_pairs([("PATH", self.dir.path().to_string_lossy().into_owned())]);
            CredentialStore::with_env(ConfigFile::parse(config).unwrap(), &env).unwrap()
        }
    }

    #[tokio::test]
    async fn get_parses_basic_and_token_credentials() {
        let fx = Fixture::new();
        let helper = fx.helper();
        let hub = helper.get(DOCKER_HUB_AUTH_KEY).await.unwrap().unwrap();
        assert_eq!(hub.username.as_deref(), Some("hubuser"));
        assert_eq!(hub.password.as_deref(), Some("hub-SECRET"));
        assert_eq!(hub.server_address.as_deref(), Some(DOCKER_HUB_AUTH_KEY));
        let tok = helper.get("tok.example.com").await.unwrap().unwrap();
        assert_eq!(tok.username, None);
        assert_eq!(tok.identity_token.as_deref(), Some("token-SECRET"));
        assert_eq!(helper.get("nothing.example.com").await.unwrap(), None);
        assert_eq!(helper.get("empty.example.com").await.unwrap(), None);
        assert_eq!(
            fx.calls(),
            [
                "get|https://index.docker.io/v1/",
                "get|tok.example.com",
                "get|nothing.example.com",
                "get|empty.example.com"
            ]
        );
    }

    #[tokio::test]
    async fn failures_carry_the_helper_message_but_no_secret() {
        let fx = Fixture::new();
        let helper = fx.helper();
        let err = helper.get("broken.example.com").await.unwrap_err();
        match &err {
            Error::Credentials { helper, message } => {
                assert_eq!(helper, "fake");
                assert!(message.contains("keychain is locked"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = helper
            .get("garbage.example.com")
            .await
            .unwrap_err()
            .to_string();
        assert!(!err.contains("SECRET"), "{err}");
        assert!(err.contains("not credentials JSON"), "{err}");
    }

    #[tokio::test]
    async fn store_erase_list_version_use_the_protocol() {
        let fx = Fixture::new();
        let helper = fx.helper();
        helper
            .store("reg.example.com", &AuthConfig::basic("me", "pw"))
            .await
            .unwrap();
        helper
            .store("tok.example.com", &AuthConfig::from_identity_token("tkn"))
            .await
            .unwrap();
        helper.erase("reg.example.com").await.unwrap();
        helper.erase("missing.example.com").await.unwrap();
        let list = helper.list().await.unwrap();
        assert_eq!(list["tok.example.com"], "<token>");
        assert_eq!(
            helper.version().await.unwrap(),
            "docker-credential-fake (test) v0.1"
        );
        let calls = fx.calls();
        assert_eq!(calls.len(), 6);
        let stored: serde_json::Value =
            serde_json::from_str(calls[0].strip_prefix("store|").unwrap()).unwrap();
        assert_eq!(
            stored,
            serde_json::json!({"ServerURL":"reg.example.com","Username":"me","Secret":"pw"})
        );
        let stored: serde_json::Value =
            serde_json::from_str(calls[1].strip_prefix("store|").unwrap()).unwrap();
        assert_eq!(stored["Username"], "<token>");
        assert_eq!(stored["Secret"], "tkn");
        assert_eq!(calls[2], "erase|reg.example.com");
        assert_eq!(calls[3], "erase|missing.example.com");
        assert_eq!(calls[4], "list|unused");
        assert_eq!(calls[5], "version|");
        let err = helper.store("x", &AuthConfig::default()).await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)));
    }

    #[tokio::test]
    async fn missing_helper_is_reported_by_name() {
        let fx = Fixture::new();
        let err = CredentialHelper::find("desktop", Some(fx.path())).unwrap_err();
        match &err {
            Error::Credentials { helper, message } => {
                assert_eq!(helper, "desktop");
                assert!(
                    message.contains("docker-credential-desktop not found on PATH"),
                    "{message}"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(CredentialHelper::find("../evil", Some(fx.path())).is_err());
        assert!(CredentialHelper::find("", Some(fx.path())).is_err());
        // A program that vanished after it was found.
        let gone = CredentialHelper::new("gone", fx.dir.path().join("docker-credential-gone"));
        assert!(matches!(
            gone.get("x").await,
            Err(Error::Credentials { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn non_executable_files_are_not_helpers() {
        let fx = Fixture::new();
        let path = fx.dir.path().join("docker-credential-plain");
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        assert!(CredentialHelper::find("plain", Some(fx.path())).is_err());
        let path_list =
            std::env::join_paths([fx.dir.path().join("nope"), fx.dir.path().to_path_buf()])
                .unwrap();
        assert!(find_program("docker-credential-fake", &path_list).is_some());
    }

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
}
