//! Endpoints tagged `Task` in the spec: list, inspect and logs of swarm tasks.

use super::gates::{filters_query, non_empty};
use super::service::{task_spec_tty, ServiceLogsOptions};
use super::{path, ApiClient, Query, Request};
use crate::error::Result;
use crate::models::Task;
use crate::stream::{log_stream, LogStream};
use crate::utils::filters::Filters;

/// Options of `GET /tasks/{id}/logs` ([`ApiClient::task_logs`]): the same as for a service's logs.
pub type TaskLogsOptions = ServiceLogsOptions;

impl ApiClient {
    /// Lists tasks.
    ///
    /// Engine API `TaskList` (`GET /tasks`).
    ///
    /// # Errors
    /// [`crate::Error::Api`] with status 503 when this node is not a swarm manager.
    pub async fn task_list(&self, opts: &TaskListOptions) -> Result<Vec<Task>> {
        self.send_json(Request::get(path("/tasks", &[])).query(opts.query()))
            .await
    }

    /// Inspects a task.
    ///
    /// Engine API `TaskInspect` (`GET /tasks/{id}`).
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] for an unknown task.
    pub async fn task_inspect(&self, id: &str) -> Result<Task> {
        non_empty("task id", id)?;
        self.send_json(Request::get(path("/tasks/{id}", &[id])))
            .await
    }

    /// The logs of one task, as a stream of [`crate::stream::LogOutput`].
    ///
    /// Engine API `TaskLogs` (`GET /tasks/{id}/logs`). Unless [`ServiceLogsOptions::tty`] is set, the task
    /// is inspected first to learn whether its container has a TTY (`Spec.ContainerSpec.TTY`).
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when neither stdout nor stderr is asked for,
    /// [`crate::Error::NotFound`] for an unknown task.
    pub async fn task_logs(&self, id: &str, opts: &TaskLogsOptions) -> Result<LogStream> {
        non_empty("task id", id)?;
        let query = opts.query()?;
        let tty = match opts.tty {
            Some(tty) => tty,
            None => task_spec_tty(self.task_inspect(id).await?.spec.as_ref()),
        };
        let mut req = Request::get(path("/tasks/{id}/logs", &[id])).query(query);
        if opts.follow {
            req = req.unbounded();
        }
        let (_, body) = self.send_stream(req).await?;
        Ok(log_stream(body, tty))
    }
}

/// Options of `GET /tasks` ([`ApiClient::task_list`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskListOptions {
    /// Filters: `desired-state` (`running`/`shutdown`/`accepted`), `id`, `label`, `name`, `node`,
    /// `service`.
    pub filters: Filters,
}

impl TaskListOptions {
    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        filters_query(&mut q, &self.filters);
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_to_query() {
        assert_eq!(TaskListOptions::default().query().encode(), "");
        assert_eq!(
            TaskListOptions::default()
                .filters(Filters::new().add("service", "web"))
                .query()
                .encode(),
            "filters=%7B%22service%22%3A%5B%22web%22%5D%7D"
        );
    }
}
