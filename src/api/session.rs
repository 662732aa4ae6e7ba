//! The endpoint tagged `Session` in the spec: an interactive session for BuildKit (deprecated since API
//! 1.53, still served by the daemons this crate supports).

use http::HeaderValue;

use super::{path, ApiClient, Request};
use crate::error::{Error, Result};
use crate::stream::Upgraded;

/// Options of [`ApiClient::session`]: what the client exposes to the daemon over the session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionOptions {
    /// The session's unique ID (`X-Docker-Expose-Session-Uuid`).
    pub uuid: String,
    /// A name for the session (`X-Docker-Expose-Session-Name`).
    pub name: Option<String>,
    /// A key shared by sessions that may reuse each other's state (`X-Docker-Expose-Session-Sharedkey`).
    pub shared_key: Option<String>,
    /// The gRPC methods the client serves (`X-Docker-Expose-Session-Grpc-Method`, one per method).
    pub grpc_methods: Vec<String>,
}

impl SessionOptions {
    /// A session with this unique ID.
    pub fn new(uuid: impl Into<String>) -> Self {
        SessionOptions {
            uuid: uuid.into(),
            ..Default::default()
        }
    }

    /// Names the session.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the shared key.
    pub fn shared_key(mut self, key: impl Into<String>) -> Self {
        self.shared_key = Some(key.into());
        self
    }

    /// Adds a gRPC method the client serves, e.g. `/moby.filesync.v1.FileSync/DiffCopy`.
    pub fn grpc_method(mut self, method: impl Into<String>) -> Self {
        self.grpc_methods.push(method.into());
        self
    }
}

impl ApiClient {
    /// Opens an interactive session: the connection is switched to HTTP/2, over which the daemon calls the
    /// gRPC services the client exposes (BuildKit file sync, secrets, ssh forwarding). Engine API `Session`
    /// (`POST /session`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a session ID; [`Error::Api`] (400) when the daemon has no BuildKit.
    pub async fn session(&self, opts: &SessionOptions) -> Result<Upgraded> {
        if opts.uuid.trim().is_empty() {
            return Err(Error::invalid("session: the session ID is empty"));
        }
        let value = |v: &str| {
            HeaderValue::from_str(v)
                .map_err(|_| Error::invalid(format!("session: {v:?} is not a valid header value")))
        };
        let mut req = Request::post(path("/session", &[])).unbounded();
        req.headers
            .insert("x-docker-expose-session-uuid", value(&opts.uuid)?);
        if let Some(name) = &opts.name {
            req.headers
                .insert("x-docker-expose-session-name", value(name)?);
        }
        if let Some(key) = &opts.shared_key {
            req.headers
                .insert("x-docker-expose-session-sharedkey", value(key)?);
        }
        for method in &opts.grpc_methods {
            req.headers
                .append("x-docker-expose-session-grpc-method", value(method)?);
        }
        let (_, io) = self.upgrade_to(req, "h2c").await?;
        Ok(Upgraded::new(io))
    }
}
