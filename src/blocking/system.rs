//! Blocking mirror of the system calls.

use std::time::{Duration, SystemTime};

use super::{BlockingStream, Docker};
use crate::api::PingInfo;
use crate::error::Result;
use crate::models::{
    AuthResponse, EventMessage, SystemDataUsageResponse, SystemInfo, SystemVersion,
};
use crate::system::EventStream;
use crate::utils::filters::Filters;

/// A blocking iterator over daemon events.
pub type Events = BlockingStream<EventStream>;

impl Docker {
    /// Checks that the daemon answers; see [`crate::Docker::ping`].
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn ping(&self) -> Result<PingInfo> {
        self.block_on(self.inner.ping())?
    }

    /// A `HEAD` ping; see [`crate::Docker::ping_head`].
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn ping_head(&self) -> Result<PingInfo> {
        self.block_on(self.inner.ping_head())?
    }

    /// Versions of the engine and its components; see [`crate::Docker::version`].
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn version(&self) -> Result<SystemVersion> {
        self.block_on(self.inner.version())?
    }

    /// System-wide information; see [`crate::Docker::info`].
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn info(&self) -> Result<SystemInfo> {
        self.block_on(self.inner.info())?
    }

    /// Disk usage; see [`crate::Docker::df`].
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn df(&self) -> Result<SystemDataUsageResponse> {
        self.block_on(self.inner.df())?
    }

    /// Disk usage with options; see [`crate::Docker::df_with`].
    ///
    /// # Errors
    /// [`crate::Error::UnsupportedApiVersion`] before sending when an option is newer than the daemon.
    pub fn df_with(
        &self,
        opts: &crate::api::SystemDataUsageOptions,
    ) -> Result<SystemDataUsageResponse> {
        self.block_on(self.inner.df_with(opts))?
    }

    /// Daemon events as an iterator; see [`crate::Docker::events`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// use std::time::Duration;
    /// for event in docker.events().until_in(Duration::from_secs(5)).send()? {
    ///     println!("{:?}", event?.action);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn events(&self) -> BlockingEvents {
        BlockingEvents {
            docker: self.clone(),
            inner: self.inner.events(),
        }
    }

    /// Checks registry credentials; see [`crate::Docker::login`].
    pub fn login(&self, username: impl Into<String>, password: impl Into<String>) -> BlockingLogin {
        BlockingLogin {
            docker: self.clone(),
            inner: self.inner.login(username, password),
        }
    }
}

/// Blocking builder of [`Docker::events`]; `.send()` returns the iterator.
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct BlockingEvents {
    docker: Docker,
    inner: crate::system::Events,
}

impl BlockingEvents {
    /// See [`crate::system::Events::since`].
    pub fn since(mut self, time: SystemTime) -> Self {
        self.inner = self.inner.since(time);
        self
    }

    /// See [`crate::system::Events::since_ago`].
    pub fn since_ago(mut self, ago: Duration) -> Self {
        self.inner = self.inner.since_ago(ago);
        self
    }

    /// See [`crate::system::Events::until`].
    pub fn until(mut self, time: SystemTime) -> Self {
        self.inner = self.inner.until(time);
        self
    }

    /// See [`crate::system::Events::until_in`].
    pub fn until_in(mut self, duration: Duration) -> Self {
        self.inner = self.inner.until_in(duration);
        self
    }

    /// See [`crate::system::Events::filter`].
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.inner = self.inner.filter(name, value);
        self
    }

    /// See [`crate::system::Events::filters`].
    pub fn filters(mut self, filters: Filters) -> Self {
        self.inner = self.inner.filters(filters);
        self
    }

    /// Sends the request and returns the events as an iterator.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn send(self) -> Result<Events> {
        let stream = self
            .docker
            .block_on(std::future::IntoFuture::into_future(self.inner))??;
        Ok(BlockingStream::new(self.docker.inner.clone(), stream))
    }
}

/// Blocking builder of [`Docker::login`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct BlockingLogin {
    docker: Docker,
    inner: crate::system::Login,
}

impl BlockingLogin {
    /// See [`crate::system::Login::registry`].
    pub fn registry(mut self, server: impl Into<String>) -> Self {
        self.inner = self.inner.registry(server);
        self
    }

    /// See [`crate::system::Login::save`].
    pub fn save(mut self, save: bool) -> Self {
        self.inner = self.inner.save(save);
        self
    }

    /// See [`crate::system::Login::credentials`].
    pub fn credentials(mut self, store: crate::config::CredentialStore) -> Self {
        self.inner = self.inner.credentials(store);
        self
    }

    /// Sends the login request (and saves the credentials when asked to).
    ///
    /// # Errors
    /// [`crate::Error::Api`] with status 401 when the registry refuses the credentials.
    pub fn send(self) -> Result<AuthResponse> {
        self.docker
            .block_on(std::future::IntoFuture::into_future(self.inner))?
    }
}

#[allow(dead_code)]
fn _assert_iterator(e: Events) -> impl Iterator<Item = Result<EventMessage>> {
    e
}
