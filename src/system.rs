//! High-level system calls on [`Docker`]: ping, version, info, disk usage, events and login.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use crate::api::{PingInfo, SystemDataUsageOptions, SystemEventsOptions};
use crate::config::{AuthConfig, CredentialStore, DOCKER_HUB_AUTH_KEY};
use crate::error::Result;
use crate::models::{
    AuthResponse, EventMessage, SystemDataUsageResponse, SystemInfo, SystemVersion,
};
use crate::stream::JsonStream;
use crate::utils::filters::Filters;
use crate::Docker;

/// A boxed, `Send`, `'static` future: what every builder of this crate turns into when awaited.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A live stream of daemon events (`Stream<Item = Result<EventMessage>>`).
pub type EventStream = JsonStream<EventMessage>;

impl Docker {
    /// Checks that the daemon answers, and returns what its `/_ping` headers say (API version, OS, builder,
    /// swarm state).
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// let ping = docker.ping().await?;
    /// println!("daemon speaks API {:?} on {:?}", ping.api_version, ping.os_type);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Connect`] (naming the address) when no daemon answers.
    pub async fn ping(&self) -> Result<PingInfo> {
        self.api().system_ping().await
    }

    /// Like [`ping`](Self::ping) with a `HEAD` request: the same headers, no body.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] (naming the address) when no daemon answers.
    pub async fn ping_head(&self) -> Result<PingInfo> {
        self.api().system_ping_head().await
    }

    /// Versions of the engine and its components (`docker version`).
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub async fn version(&self) -> Result<SystemVersion> {
        self.api().system_version().await
    }

    /// System-wide information (`docker info`).
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub async fn info(&self) -> Result<SystemInfo> {
        self.api().system_info().await
    }

    /// Disk usage of images, containers, volumes and build cache (`docker system df`).
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub async fn df(&self) -> Result<SystemDataUsageResponse> {
        self.api()
            .system_data_usage(&SystemDataUsageOptions::default())
            .await
    }

    /// [`df`](Self::df) with options: only some object types (API 1.42+), or the verbose form.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use docker_sdk::api::SystemDataUsageOptions;
    /// let usage = docker.df_with(&SystemDataUsageOptions::default().kind("volume")).await?;
    /// println!("{} volumes", usage.volumes.unwrap_or_default().len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::UnsupportedApiVersion`] before sending when an option is newer than the daemon.
    pub async fn df_with(&self, opts: &SystemDataUsageOptions) -> Result<SystemDataUsageResponse> {
        self.api().system_data_usage(opts).await
    }

    /// Daemon events as a stream (`docker events`). Awaiting the builder sends the request and returns the
    /// stream once the daemon accepted it.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use futures_util::StreamExt;
    /// let mut events = docker.events().filter("type", "container").await?;
    /// while let Some(event) = events.next().await {
    ///     let event = event?;
    ///     println!("{:?} {:?}", event.action, event.actor.and_then(|a| a.id));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn events(&self) -> Events {
        Events {
            docker: self.clone(),
            opts: SystemEventsOptions::default(),
        }
    }

    /// Checks registry credentials with the daemon (`docker login`); with [`Login::save`] they are also
    /// saved for later pulls and pushes, like the CLI does.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// let status = docker.login("alice", "s3cret").registry("registry.example.com").save(true).await?;
    /// println!("{}", status.status.unwrap_or_default());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Api`] with status 401 when the registry refuses the credentials;
    /// when saving, [`crate::Error::Credentials`] if the helper fails or [`crate::Error::Config`] if
    /// `config.json` cannot be written. The password never appears in an error.
    pub fn login(&self, username: impl Into<String>, password: impl Into<String>) -> Login {
        Login {
            docker: self.clone(),
            auth: AuthConfig::basic(username, password),
            save: false,
            store: None,
        }
    }
}

/// Builder of [`Docker::events`]; await it to get an [`EventStream`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct Events {
    docker: Docker,
    opts: SystemEventsOptions,
}

impl Events {
    /// Replays events from this time on.
    pub fn since(mut self, time: SystemTime) -> Self {
        self.opts.since = Some(time);
        self
    }

    /// Replays events from this long ago on.
    pub fn since_ago(self, ago: Duration) -> Self {
        self.since(SystemTime::now() - ago)
    }

    /// Ends the stream at this time (may be in the future).
    pub fn until(mut self, time: SystemTime) -> Self {
        self.opts.until = Some(time);
        self
    }

    /// Ends the stream this long from now.
    pub fn until_in(self, duration: Duration) -> Self {
        self.until(SystemTime::now() + duration)
    }

    /// Adds one filter, e.g. `("type", "container")`, `("event", "start")`, `("label", "app=web")`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters = std::mem::take(&mut self.opts.filters).add(name, value);
        self
    }

    /// Replaces all filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }
}

impl IntoFuture for Events {
    type Output = Result<EventStream>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().system_events(&self.opts).await })
    }
}

/// Builder of [`Docker::login`]; await it to get the daemon's answer.
#[derive(Clone)]
#[must_use = "does nothing until awaited"]
pub struct Login {
    docker: Docker,
    auth: AuthConfig,
    save: bool,
    store: Option<CredentialStore>,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("auth", &self.auth)
            .field("save", &self.save)
            .finish_non_exhaustive()
    }
}

impl Login {
    /// The registry to log in to (`host[:port]`); Docker Hub when not set.
    pub fn registry(mut self, server: impl Into<String>) -> Self {
        self.auth.server_address = Some(server.into());
        self
    }
}

impl Login {
    /// After a successful login, saves the credentials like `docker login` does: into the configured
    /// credential helper, else into `config.json`'s `auths` (the client's configuration, see
    /// [`Docker::config_file`], or the store given with [`credentials`](Self::credentials)). When the registry returns an identity token,
    /// the token is saved instead of the password.
    pub fn save(mut self, save: bool) -> Self {
        self.save = save;
        self
    }

    /// Saves into this store (another config directory, another helper search path) instead of the
    /// Docker CLI's configuration. Implies nothing unless [`save`](Self::save) is on.
    pub fn credentials(mut self, store: CredentialStore) -> Self {
        self.store = Some(store);
        self
    }
}

impl IntoFuture for Login {
    type Output = Result<AuthResponse>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let response = self
                .docker
                .api()
                .system_auth(&self.auth)
                .await
                .map_err(registry_refusal)?;
            if self.save {
                let mut store = match self.store {
                    Some(store) => store,
                    None => {
                        let config = crate::images::current_config(&self.docker)?;
                        if config.path().is_none() {
                            return Err(crate::Error::Config {
                                message: "cannot save the login: the Docker CLI config directory is unknown; \
                                          set DOCKER_CONFIG or HOME, use DockerBuilder::config_dir, or pass a \
                                          store with .credentials()"
                                    .into(),
                            });
                        }
                        CredentialStore::with_env(config, &self.docker.env())?
                            .with_helper_timeout(self.docker.credential_helper_timeout())
                    }
                };
                let registry = self
                    .auth
                    .server_address
                    .clone()
                    .unwrap_or_else(|| DOCKER_HUB_AUTH_KEY.to_string());
                let mut saved = self.auth;
                if let Some(token) = response.identity_token.as_deref().filter(|t| !t.is_empty()) {
                    saved.identity_token = Some(token.to_string());
                    saved.password = None;
                }
                store.store_credentials(&registry, saved).await?;
            }
            Ok(response)
        })
    }
}

/// Daemons report a registry's refusal of a login as a 500 whose message quotes the registry's 401; give
/// it status 401 so that callers can tell bad credentials from other failures.
fn registry_refusal(err: crate::Error) -> crate::Error {
    match err {
        crate::Error::Api {
            status: 500,
            message,
        } if message.contains("401 Unauthorized") => crate::Error::Api {
            status: 401,
            message,
        },
        other => other,
    }
}
