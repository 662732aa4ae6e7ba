//! Logs of services and tasks, and the [`Tasks`] collection.

use std::future::IntoFuture;

use crate::api::{ServiceLogsOptions, TaskListOptions};
use crate::error::Result;
use crate::models::Task;
use crate::stream::LogStream;
use crate::system::BoxFuture;
use crate::utils::duration::Timestamp;
use crate::utils::filters::Filters;
use crate::Docker;

macro_rules! log_setters {
    () => {
        /// Show the extra details the log driver attaches.
        pub fn details(mut self, details: bool) -> Self {
            self.opts.details = details;
            self
        }

        /// Keep the stream open and follow new output (not cut by the client timeout).
        pub fn follow(mut self, follow: bool) -> Self {
            self.opts.follow = follow;
            self
        }

        /// Include stdout (default true).
        pub fn stdout(mut self, stdout: bool) -> Self {
            self.opts.stdout = stdout;
            self
        }

        /// Include stderr (default true).
        pub fn stderr(mut self, stderr: bool) -> Self {
            self.opts.stderr = stderr;
            self
        }

        /// Only output after this time (a `SystemTime`, or a [`Timestamp`] such as `Timestamp::ago(..)`).
        pub fn since(mut self, since: impl Into<Timestamp>) -> Self {
            self.opts.since = Some(since.into());
            self
        }

        /// Prefix each line with its timestamp.
        pub fn timestamps(mut self, timestamps: bool) -> Self {
            self.opts.timestamps = timestamps;
            self
        }

        /// Only the last `lines` lines.
        pub fn tail(mut self, lines: u64) -> Self {
            self.opts.tail = Some(lines.to_string());
            self
        }

        /// Whether the tasks use a TTY (raw output); `None` on the options means "inspect first".
        pub fn tty(mut self, tty: bool) -> Self {
            self.opts.tty = Some(tty);
            self
        }
    };
}

/// Builder of [`Service::logs`](super::Service::logs); await it for a [`LogStream`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ServiceLogs {
    docker: Docker,
    id: String,
    opts: ServiceLogsOptions,
}

impl ServiceLogs {
    pub(crate) fn new(docker: Docker, id: String, opts: ServiceLogsOptions) -> Self {
        ServiceLogs { docker, id, opts }
    }

    log_setters!();
}

impl IntoFuture for ServiceLogs {
    type Output = Result<LogStream>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().service_logs(&self.id, &self.opts).await })
    }
}

impl Docker {
    /// The tasks of the swarm this daemon manages.
    pub fn tasks(&self) -> Tasks {
        Tasks {
            docker: self.clone(),
        }
    }
}

/// The collection of swarm tasks, from [`Docker::tasks`]. Tasks are plain [`Task`] models.
#[derive(Debug, Clone)]
pub struct Tasks {
    docker: Docker,
}

impl Tasks {
    /// Lists tasks; await the builder.
    pub fn list(&self) -> ListTasks {
        ListTasks::new(self.docker.clone(), TaskListOptions::default())
    }

    /// Inspects a task.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown task.
    pub async fn get(&self, id: &str) -> Result<Task> {
        self.docker.api().task_inspect(id).await
    }

    /// The logs of one task; await the builder for a [`LogStream`]. Stdout and stderr by default.
    pub fn logs(&self, id: impl Into<String>) -> TaskLogs {
        TaskLogs {
            docker: self.docker.clone(),
            id: id.into(),
            opts: ServiceLogsOptions::all_output(),
        }
    }
}

/// Builder of [`Tasks::list`] and [`Service::tasks`](super::Service::tasks).
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListTasks {
    docker: Docker,
    opts: TaskListOptions,
}

impl ListTasks {
    pub(crate) fn new(docker: Docker, opts: TaskListOptions) -> Self {
        ListTasks { docker, opts }
    }

    /// Adds a filter: `desired-state`, `id`, `label`, `name`, `node`, `service`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces the filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }

    /// Only tasks whose desired state is this (`running`, `shutdown`, `accepted`).
    pub fn desired_state(self, state: impl std::fmt::Display) -> Self {
        self.filter("desired-state", state)
    }
}

impl IntoFuture for ListTasks {
    type Output = Result<Vec<Task>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().task_list(&self.opts).await })
    }
}

/// Builder of [`Tasks::logs`]; await it for a [`LogStream`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct TaskLogs {
    docker: Docker,
    id: String,
    opts: ServiceLogsOptions,
}

impl TaskLogs {
    log_setters!();
}

impl IntoFuture for TaskLogs {
    type Output = Result<LogStream>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().task_logs(&self.id, &self.opts).await })
    }
}
