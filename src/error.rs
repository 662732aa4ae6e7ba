//! The crate's single error type.
//!
//! Every fallible call returns [`Result<T>`](crate::Result). Match on [`Error`]'s variants for the cases a
//! program handles differently (a missing container, a name conflict, a failed run), or use the predicates
//! ([`Error::is_not_found`], [`Error::is_conflict`], [`Error::is_timeout`] …) which group related variants.
//!
//! Messages say what happened and, where there is one, what to do next. No variant ever carries a password,
//! token or registry secret, so errors are safe to log.

use std::time::Duration;

use crate::utils::version::ApiVersion;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to a Docker daemon.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The daemon answered 404: the container, network, volume, exec … does not exist.
    #[error("not found: {message}")]
    NotFound {
        /// The daemon's own message.
        message: String,
    },

    /// The daemon answered 404 for an image reference (pull a missing image, or create from one).
    #[error("image not found: {image}: {message}")]
    ImageNotFound {
        /// The image reference that was asked for.
        image: String,
        /// The daemon's own message.
        message: String,
    },

    /// The daemon answered 409: the name is taken, the object is in use, or its state forbids the call.
    ///
    /// Podman's Docker-compatible service answers some of these conflicts with a 500 whose `cause` says
    /// what Docker's 409 says (`container state improper`, `that name is already in use`, `network already
    /// exists`); those are reported as `Conflict` too, so a program handles both engines alike.
    #[error("conflict: {message}")]
    Conflict {
        /// The daemon's own message.
        message: String,
    },

    /// The daemon has no such endpoint: it answered 404 for the route itself, not for an object the call
    /// names. An older daemon, or another engine implementing part of the API (Podman's Docker-compatible
    /// service lacks a few calls, e.g. container update and websocket attach in Podman 4), does this.
    #[error("the daemon does not implement {endpoint} (it answered 404 for the endpoint itself: {message}); it is an older Docker daemon or another engine (e.g. Podman) without this call")]
    UnsupportedEndpoint {
        /// The method and path that were requested, e.g. `POST /containers/abc/update`.
        endpoint: String,
        /// The daemon's own message (`page not found` from Docker, `Not Found` from Podman).
        message: String,
    },

    /// Any other error status from the daemon.
    #[error("the Docker daemon answered {status}: {message}")]
    Api {
        /// HTTP status code.
        status: u16,
        /// The daemon's own message.
        message: String,
    },

    /// An error the daemon reported inside a streamed 200 response (pull, push, build, import …).
    #[error("the Docker daemon reported an error in the stream: {message}")]
    Stream {
        /// The daemon's message.
        message: String,
        /// The numeric code from `errorDetail`, when the daemon sent one.
        code: Option<i64>,
    },

    /// A container started by a high-level run flow exited with a non-zero code.
    #[error(
        "container {container} exited with code {exit_code}{}",
        stderr_suffix(stderr)
    )]
    ContainerFailed {
        /// The container's ID.
        container: String,
        /// Its exit code.
        exit_code: i64,
        /// What it wrote to stderr (possibly truncated to the last 64 KiB).
        stderr: String,
    },

    /// An image build failed. `log` holds the build output up to the failure.
    #[error("build failed: {message}")]
    Build {
        /// The builder's error message.
        message: String,
        /// Every line of output the build produced before it failed.
        log: Vec<String>,
    },

    /// An argument was rejected locally, before any request was sent.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),

    /// The call (or one of its options) needs a newer Engine API than the one in use. Nothing was sent.
    #[error("{feature} needs Engine API {required} or newer, but this client talks {actual} to the daemon")]
    UnsupportedApiVersion {
        /// The method or option that needs the newer API.
        feature: String,
        /// The API version it needs.
        required: ApiVersion,
        /// The API version negotiated with (or fixed for) the daemon.
        actual: ApiVersion,
    },

    /// No connection could be made to the daemon.
    #[error("cannot connect to the Docker daemon at {host}: {source}. Is the daemon running? Start it (e.g. `sudo dockerd` or `sudo systemctl start docker`), or point DOCKER_HOST at another one")]
    Connect {
        /// The address that was tried.
        host: String,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },

    /// A deadline passed: the client timeout, a per-call timeout, or a wait's deadline.
    #[error("timed out after {after:?} waiting for {what}")]
    Timeout {
        /// What was being waited for.
        what: String,
        /// How long we waited.
        after: Duration,
    },

    /// TLS could not be set up or the handshake failed.
    #[error("TLS: {message}")]
    Tls {
        /// Which file or check failed.
        message: String,
        /// The underlying error, if any.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// An SSH transport failed; `message` holds what `ssh` printed on stderr.
    #[error("ssh: {message}")]
    Ssh {
        /// ssh's own complaint (host key unknown, permission denied, …).
        message: String,
    },

    /// A configuration file (config.json, a context's meta.json …) is malformed or unusable.
    #[error("configuration: {message}")]
    Config {
        /// What is wrong, naming the file.
        message: String,
    },

    /// A credential helper is missing or failed. Never includes the secret.
    #[error("credential helper docker-credential-{helper}: {message}")]
    Credentials {
        /// The helper's suffix (`pass`, `desktop`, …).
        helper: String,
        /// What went wrong.
        message: String,
    },

    /// A blocking method was called from inside an async runtime.
    #[error("docker_sdk::blocking was called from inside an async runtime; use the async API (docker_sdk::Docker) there, or call it from tokio::task::spawn_blocking")]
    BlockingInAsyncContext,

    /// The daemon's response could not be decoded.
    #[error("cannot decode the daemon's response for {what}: {source}")]
    Decode {
        /// Which response it was.
        what: String,
        /// The decoder's error.
        #[source]
        source: serde_json::Error,
    },

    /// The daemon broke the protocol (a malformed frame, an unexpected status on upgrade …).
    #[error("protocol error: {0}")]
    Protocol(String),

    /// An I/O error on an established connection or a local file.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),

    /// The HTTP layer failed (connection reset, malformed response …).
    #[error("HTTP: {0}")]
    Http(#[source] Box<dyn std::error::Error + Send + Sync>),
}

fn stderr_suffix(stderr: &str) -> String {
    let trimmed = stderr.trim_end();
    if trimmed.is_empty() {
        String::new()
    } else {
        format!(": {trimmed}")
    }
}

impl Error {
    /// True for [`Error::NotFound`] and [`Error::ImageNotFound`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. } | Error::ImageNotFound { .. })
    }

    /// True for [`Error::Conflict`].
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict { .. })
    }

    /// True for [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// True for [`Error::Connect`].
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Connect { .. })
    }

    /// The HTTP status the daemon answered with, for errors that came from a status code.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::NotFound { .. }
            | Error::ImageNotFound { .. }
            | Error::UnsupportedEndpoint { .. } => Some(404),
            Error::Conflict { .. } => Some(409),
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The daemon's own message, for errors the daemon reported.
    pub fn daemon_message(&self) -> Option<&str> {
        match self {
            Error::NotFound { message }
            | Error::ImageNotFound { message, .. }
            | Error::Conflict { message }
            | Error::UnsupportedEndpoint { message, .. }
            | Error::Api { message, .. }
            | Error::Stream { message, .. }
            | Error::Build { message, .. } => Some(message),
            _ => None,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }

    pub(crate) fn http(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Http(Box::new(err))
    }

    pub(crate) fn decode(what: impl Into<String>, source: serde_json::Error) -> Self {
        Error::Decode {
            what: what.into(),
            source,
        }
    }

    /// Maps an error status from the daemon to the matching variant.
    pub(crate) fn from_status(status: u16, message: String) -> Self {
        match status {
            404 => Error::NotFound { message },
            409 => Error::Conflict { message },
            _ => Error::Api { status, message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_maps_to_kinds() {
        assert!(Error::from_status(404, "x".into()).is_not_found());
        assert!(Error::from_status(409, "x".into()).is_conflict());
        assert_eq!(Error::from_status(500, "boom".into()).status(), Some(500));
        assert_eq!(
            Error::from_status(500, "boom".into()).to_string(),
            "the Docker daemon answered 500: boom"
        );
    }

    #[test]
    fn container_failed_message_includes_stderr() {
        let err = Error::ContainerFailed {
            container: "abc".into(),
            exit_code: 3,
            stderr: "oops\n".into(),
        };
        assert_eq!(err.to_string(), "container abc exited with code 3: oops");
    }

    #[test]
    fn error_is_send_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
    }
}
