//! Endpoints tagged `Exec` in the spec (4 operations): run extra processes in a running container.

use super::{path, ApiClient, Query, Request};
use crate::error::{Error, Result};
use crate::models::{ContainerExecBody, ExecInspectResponse, ExecStartBody, IDResponse};
use crate::stream::Hijacked;
use crate::utils::version::ApiVersion;

impl ApiClient {
    /// Creates an exec instance in a running container. Engine API `ContainerExec`
    /// (`POST /containers/{id}/exec`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such container; [`Error::Conflict`] when it is paused or not
    /// running; [`Error::InvalidArgument`] without a command.
    pub async fn container_exec(&self, id: &str, body: &ContainerExecBody) -> Result<IDResponse> {
        if id.trim().is_empty() {
            return Err(Error::invalid("container ID or name is empty"));
        }
        if body.cmd.as_ref().is_none_or(|c| c.is_empty()) {
            return Err(Error::invalid("exec: the command is empty"));
        }
        if body.console_size.is_some() {
            self.require(ApiVersion::V1_42, "exec option `console_size`")
                .await?;
        }
        self.send_json(Request::post(path("/containers/{id}/exec", &[id])).json(body)?)
            .await
    }

    /// Starts an exec instance and, unless detached, returns its hijacked standard streams. Engine API
    /// `ExecStart` (`POST /exec/{id}/start`).
    ///
    /// `body.tty` must match the `Tty` the exec was created with: it decides whether the output is
    /// multiplexed. Returns `None` when detached.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such exec; [`Error::Conflict`] when its container stopped.
    pub async fn exec_start(&self, id: &str, body: &ExecStartBody) -> Result<Option<Hijacked>> {
        if id.trim().is_empty() {
            return Err(Error::invalid("exec ID is empty"));
        }
        if body.console_size.is_some() {
            self.require(ApiVersion::V1_42, "exec option `console_size`")
                .await?;
        }
        let req = Request::post(path("/exec/{id}/start", &[id])).json(body)?;
        if body.detach == Some(true) {
            self.send_empty(req).await?;
            return Ok(None);
        }
        let (_, io) = self.upgrade(req.unbounded()).await?;
        Ok(Some(Hijacked::new(io, body.tty.unwrap_or(false))))
    }

    /// Resizes an exec instance's TTY. Engine API `ExecResize` (`POST /exec/{id}/resize`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such exec; [`Error::InvalidArgument`] for a zero size or an
    /// empty ID.
    pub async fn exec_resize(&self, id: &str, height: u32, width: u32) -> Result<()> {
        if id.trim().is_empty() {
            return Err(Error::invalid("exec ID is empty"));
        }
        if height == 0 || width == 0 {
            return Err(Error::invalid(
                "resize: height and width must be at least 1",
            ));
        }
        let mut q = Query::new();
        q.push("h", height).push("w", width);
        self.send_empty(Request::post(path("/exec/{id}/resize", &[id])).query(q))
            .await
    }

    /// Low-level information about an exec instance, including its exit code once it ended. Engine API
    /// `ExecInspect` (`GET /exec/{id}/json`).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such exec; [`Error::InvalidArgument`] for an empty ID.
    pub async fn exec_inspect(&self, id: &str) -> Result<ExecInspectResponse> {
        if id.trim().is_empty() {
            return Err(Error::invalid("exec ID is empty"));
        }
        self.send_json(Request::get(path("/exec/{id}/json", &[id])))
            .await
    }
}
