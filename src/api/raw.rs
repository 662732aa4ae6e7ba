//! An escape hatch for endpoints or fields newer than this crate: raw JSON in, raw JSON out.

use http::Method;

use super::{ApiClient, Query, Request};
use crate::error::{Error, Result};

impl ApiClient {
    /// Sends any request to the daemon and returns the JSON response (or `Value::Null` for an empty body).
    ///
    /// `path` is the endpoint path without the version prefix, e.g. `/containers/json`; the negotiated
    /// `/vX.Y` prefix, headers and error mapping are applied as for every other call.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use http::Method;
    /// let list = docker.api().request_json(Method::GET, "/containers/json", &[("all", "true")], None).await?;
    /// println!("{} containers", list.as_array().map_or(0, Vec::len));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As any call: [`Error::NotFound`], [`Error::Conflict`], [`Error::Api`] … from the daemon's status.
    pub async fn request_json(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<serde_json::Value> {
        if !path.starts_with('/') {
            return Err(Error::invalid(format!(
                "request path {path:?} must start with '/'"
            )));
        }
        let mut q = Query::new();
        for (k, v) in query {
            q.push_owned((*k).to_string(), v);
        }
        let mut req = Request::new(method, path.to_string()).query(q);
        if let Some(body) = body {
            req = req.json(body)?;
        }
        let what = path.to_string();
        let bytes = self.send_bytes(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::decode(what, e))
    }
}
