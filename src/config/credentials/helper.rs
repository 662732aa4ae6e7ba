//! One `docker-credential-<suffix>` program and its protocol: `get`, `store`, `erase`, `list`, `version`.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::config::AuthConfig;
use crate::{Error, Result};

/// The prefix of every credential helper program's name.
pub const HELPER_PREFIX: &str = "docker-credential-";

/// The user name a helper stores to mark the secret as an identity token.
pub const TOKEN_USERNAME: &str = "<token>";

/// What a helper prints when it has nothing for the server.
const NOT_FOUND_MESSAGE: &str = "credentials not found in native keychain";

/// The longest helper message kept in an error.
const MAX_MESSAGE_LEN: usize = 1024;

/// How long one helper call may take before the helper is killed: 30 seconds.
///
/// A helper that unlocks a keychain may wait for the user to type a passphrase, so the limit is generous;
/// it exists so that a hung helper cannot hang a pull, push, build or login forever. Change it with
/// [`CredentialHelper::with_timeout`] or [`CredentialStore::with_helper_timeout`](super::CredentialStore::with_helper_timeout).
pub const DEFAULT_HELPER_TIMEOUT: Duration = Duration::from_secs(30);

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
    timeout: Duration,
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
            timeout: DEFAULT_HELPER_TIMEOUT,
        }
    }

    /// The same helper with another limit on each call (default [`DEFAULT_HELPER_TIMEOUT`]). When a call
    /// takes longer, the helper is killed and the call fails with [`Error::Credentials`] saying it timed
    /// out.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit on each call.
    pub fn timeout(&self) -> Duration {
        self.timeout
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
        let mut stdout = child.stdout.take();
        let mut stderr = child.stderr.take();
        let exchange = async {
            let write = async move {
                if let Some(stdin) = stdin.as_mut() {
                    stdin.write_all(input).await?;
                    stdin.shutdown().await?;
                }
                drop(stdin);
                Ok::<(), std::io::Error>(())
            };
            let (written, out, err) =
                tokio::join!(write, read_all(stdout.as_mut()), read_all(stderr.as_mut()));
            let status = child.wait().await;
            (written, status, out, err)
        };
        let (written, status, out, err) = match tokio::time::timeout(self.timeout, exchange).await {
            Ok(done) => done,
            Err(_) => {
                // `kill` also waits for the process, so no zombie is left behind.
                if let Err(e) = child.kill().await {
                    tracing::debug!(helper = %self.name, "cannot kill a hung credential helper: {e}");
                }
                return Err(fail(format!(
                        "`{verb}` timed out after {:?} and was killed; the helper may be waiting for input (an unlocked keychain, a passphrase prompt)",
                        self.timeout
                    )));
            }
        };
        let status = status.map_err(|e| fail(format!("`{verb}` failed to run: {e}")))?;
        let output = std::process::Output {
            status,
            stdout: out.map_err(|e| fail(format!("cannot read `{verb}`'s output: {e}")))?,
            stderr: err.unwrap_or_default(),
        };
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

/// Everything a child's pipe gives until it is closed (nothing when there is no pipe).
async fn read_all<R: tokio::io::AsyncRead + Unpin>(
    pipe: Option<&mut R>,
) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    if let Some(pipe) = pipe {
        pipe.read_to_end(&mut buf).await?;
    }
    Ok(buf)
}

/// The (Username, Secret) pair a helper stores for `auth`.
pub(super) fn helper_pair(auth: &AuthConfig) -> Result<(String, String)> {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::Fixture;
    use super::*;
    use crate::config::DOCKER_HUB_AUTH_KEY;

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
    #[tokio::test]
    async fn a_hung_helper_is_killed_after_its_timeout() {
        let fx = Fixture::new();
        let pid_file = fx.dir.path().join("hung.pid");
        fx.write_helper(
            "hung",
            &format!(
                "#!/bin/sh\necho $$ > '{}'\nexec sleep 300\n",
                pid_file.display()
            ),
        );
        assert_eq!(
            CredentialHelper::find("hung", Some(fx.path()))
                .unwrap()
                .timeout(),
            DEFAULT_HELPER_TIMEOUT
        );
        let helper = CredentialHelper::find("hung", Some(fx.path()))
            .unwrap()
            .with_timeout(Duration::from_millis(300));
        let err = helper.get("slow.example.com").await.unwrap_err();
        match &err {
            Error::Credentials { helper, message } => {
                assert_eq!(helper, "hung");
                assert!(message.contains("`get` timed out"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("docker-credential-hung"), "{err}");
        // The helper was killed and reaped: its process is gone, not a zombie.
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let proc_dir = std::path::PathBuf::from(format!("/proc/{}", pid.trim()));
        assert!(
            !proc_dir.exists(),
            "helper process {} still exists",
            pid.trim()
        );

        // The store passes its limit on to the helpers it finds.
        let store = super::super::CredentialStore::new(
            crate::config::ConfigFile::parse(r#"{"credsStore":"hung"}"#).unwrap(),
        )
        .with_search_path(fx.path())
        .with_helper_timeout(Duration::from_millis(200));
        assert_eq!(store.helper_timeout(), Duration::from_millis(200));
        let err = store.resolve("slow.example.com").await.unwrap_err();
        assert!(err.to_string().contains("timed out"), "{err}");
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
}
