//! Where the Docker CLI keeps its configuration: `$DOCKER_CONFIG`, else `$HOME/.docker`.

use std::path::{Path, PathBuf};

use super::Env;
use crate::{Error, Result};

/// The name of the CLI's configuration file inside the config directory.
pub const CONFIG_FILE_NAME: &str = "config.json";

/// The directory name under the home directory used when `DOCKER_CONFIG` is not set.
pub const CONFIG_DIR_NAME: &str = ".docker";

/// The Docker config directory for `env`: `DOCKER_CONFIG` when set and non-empty, else `$HOME/.docker`
/// (`%USERPROFILE%\.docker` on Windows when `HOME` is unset).
///
/// Nothing is created or checked on disk.
///
/// ```
/// use docker_sdk::config::{config_dir, Env};
/// use std::path::Path;
///
/// let env = Env::from_pairs([("HOME", "/home/me")]);
/// assert_eq!(config_dir(&env)?, Path::new("/home/me/.docker"));
///
/// let env = Env::from_pairs([("HOME", "/home/me"), ("DOCKER_CONFIG", "/etc/docker-cli")]);
/// assert_eq!(config_dir(&env)?, Path::new("/etc/docker-cli"));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Config`] when neither `DOCKER_CONFIG` nor a home directory variable is set; set `DOCKER_CONFIG`
/// or pass a directory explicitly to the functions that take one.
pub fn config_dir(env: &Env) -> Result<PathBuf> {
    if let Some(dir) = env.non_empty("DOCKER_CONFIG") {
        return Ok(PathBuf::from(dir));
    }
    match home_dir(env) {
        Some(home) => Ok(home.join(CONFIG_DIR_NAME)),
        None => Err(Error::Config {
            message:
                "cannot locate the Docker config directory: neither DOCKER_CONFIG nor HOME is set; \
                      set one of them or pass the directory explicitly"
                    .into(),
        }),
    }
}

/// The home directory for `env`: `HOME`, else `USERPROFILE` on Windows.
fn home_dir(env: &Env) -> Option<PathBuf> {
    env.non_empty("HOME")
        .or_else(|| {
            if cfg!(windows) {
                env.non_empty("USERPROFILE")
            } else {
                None
            }
        })
        .map(PathBuf::from)
}

/// `path` with a leading `~` (alone, or followed by a separator) replaced by the home directory of
/// `env`, as a shell would have done; other paths, and all paths when no home directory is known, are
/// returned as they are. `~user/` forms are not expanded.
///
/// ```
/// use docker_sdk::config::{expand_home, Env};
/// use std::path::Path;
///
/// let env = Env::from_pairs([("HOME", "/home/me")]);
/// assert_eq!(expand_home("~/.docker", &env), Path::new("/home/me/.docker"));
/// assert_eq!(expand_home("~", &env), Path::new("/home/me"));
/// assert_eq!(expand_home("/etc/certs", &env), Path::new("/etc/certs"));
/// assert_eq!(expand_home("~bob/certs", &env), Path::new("~bob/certs"));
/// ```
pub fn expand_home(path: impl AsRef<Path>, env: &Env) -> PathBuf {
    let path = path.as_ref();
    let mut components = path.components();
    match components.next() {
        Some(std::path::Component::Normal(first)) if first == "~" => match home_dir(env) {
            Some(home) => home.join(components.as_path()),
            None => path.to_path_buf(),
        },
        _ => path.to_path_buf(),
    }
}

/// The path of `config.json` inside `dir`.
///
/// ```
/// use docker_sdk::config::config_file_path;
/// use std::path::Path;
///
/// assert_eq!(config_file_path("/home/me/.docker"), Path::new("/home/me/.docker/config.json"));
/// ```
pub fn config_file_path(dir: impl AsRef<Path>) -> PathBuf {
    dir.as_ref().join(CONFIG_FILE_NAME)
}

/// Creates `dir` (and its parents) if missing; the directory itself gets mode 0700 on Unix, like the CLI's.
pub(crate) fn ensure_private_dir(dir: &Path) -> Result<()> {
    create_dir_with_mode(dir, 0o700)
}

/// Creates `dir` (and its parents) with `mode` on Unix when it does not exist yet. Existing directories are
/// left alone.
pub(crate) fn create_dir_with_mode(dir: &Path, mode: u32) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.create(dir).map_err(|e| Error::Config {
        message: format!("cannot create directory {}: {e}", dir.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_expanded_only_at_the_start() {
        let env = Env::from_pairs([("HOME", "/h")]);
        assert_eq!(expand_home("~/a/b", &env), PathBuf::from("/h/a/b"));
        assert_eq!(expand_home("a/~/b", &env), PathBuf::from("a/~/b"));
        assert_eq!(expand_home("~x", &env), PathBuf::from("~x"));
        assert_eq!(expand_home("~/a", &Env::empty()), PathBuf::from("~/a"));
    }

    #[test]
    fn docker_config_wins_over_home() {
        let env = Env::from_pairs([("DOCKER_CONFIG", "/cfg"), ("HOME", "/h")]);
        assert_eq!(config_dir(&env).unwrap(), PathBuf::from("/cfg"));
    }

    #[test]
    fn empty_docker_config_falls_back_to_home() {
        let env = Env::from_pairs([("DOCKER_CONFIG", ""), ("HOME", "/h")]);
        assert_eq!(config_dir(&env).unwrap(), PathBuf::from("/h/.docker"));
    }

    #[test]
    fn nothing_set_is_a_config_error_that_says_what_to_do() {
        let err = config_dir(&Env::empty()).unwrap_err();
        assert!(matches!(err, Error::Config { .. }));
        assert!(err.to_string().contains("DOCKER_CONFIG"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn private_dir_is_0700() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("b");
        ensure_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        // A second call on an existing directory is fine.
        ensure_private_dir(&dir).unwrap();
    }
}
