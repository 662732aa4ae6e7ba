//! The pieces of one Engine API request: path, query, headers, body, deadline and version requirement.

use std::borrow::Cow;
use std::fmt::Display;
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::TryStreamExt;
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, Method};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full, StreamBody};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::utils::version::ApiVersion;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A request body: empty, in memory, or streamed from any source.
pub(crate) type Body = UnsyncBoxBody<Bytes, BoxError>;

pub(crate) fn empty_body() -> Body {
    Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed_unsync()
}

pub(crate) fn full_body(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// A body streamed from chunks, e.g. a build context or a tar archive, never held in memory as a whole.
pub(crate) fn stream_body<S>(stream: S) -> Body
where
    S: Stream<Item = std::io::Result<Bytes>> + Send + 'static,
{
    let frames = stream
        .map_ok(hyper::body::Frame::data)
        .map_err(|e| Box::new(e) as BoxError);
    BodyExt::boxed_unsync(StreamBody::new(frames))
}

/// How long a request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// The client's timeout: the whole exchange for ordinary calls, the response headers for streams.
    Default,
    /// No deadline at all: for calls that legitimately block (wait, follow, events, attach).
    Unbounded,
}

/// Characters escaped in a path parameter: everything but unreserved characters and `/ : @`, so that image
/// names such as `localhost:5000/team/app` stay readable while `?`, `#`, `%` and spaces are escaped.
const PATH_PARAM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b':')
    .remove(b'@');

/// Fills the `{…}` placeholders of an endpoint's path template, in order, with escaped arguments.
///
/// Every endpoint method writes its template as a literal (`"/containers/{id}/start"`), so an endpoint can
/// be found with grep.
pub(crate) fn path(template: &'static str, args: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut rest = template;
    let mut args = args.iter();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .expect("unclosed placeholder in a path template");
        let arg = args
            .next()
            .expect("fewer arguments than placeholders in a path template");
        out.extend(utf8_percent_encode(arg, PATH_PARAM));
        rest = &rest[close + 1..];
    }
    debug_assert!(
        args.next().is_none(),
        "more arguments than placeholders in {template}"
    );
    out.push_str(rest);
    out
}

/// Query parameters, encoded in insertion order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Query(Vec<(Cow<'static, str>, String)>);

impl Query {
    pub(crate) fn new() -> Self {
        Query(Vec::new())
    }

    /// Adds a parameter.
    pub(crate) fn push(&mut self, key: &'static str, value: impl Display) -> &mut Self {
        self.0.push((Cow::Borrowed(key), value.to_string()));
        self
    }

    /// Adds a parameter with a computed name (e.g. `X-Meta-*` style keys).
    pub(crate) fn push_owned(&mut self, key: String, value: impl Display) -> &mut Self {
        self.0.push((Cow::Owned(key), value.to_string()));
        self
    }

    /// Adds a parameter when it is set.
    pub(crate) fn opt(&mut self, key: &'static str, value: Option<impl Display>) -> &mut Self {
        if let Some(v) = value {
            self.push(key, v);
        }
        self
    }

    /// Adds a boolean as `true`/`false` when it is set.
    pub(crate) fn opt_bool(&mut self, key: &'static str, value: Option<bool>) -> &mut Self {
        self.opt(key, value)
    }

    /// Adds a boolean only when it is true (the daemon's default for these is false).
    pub(crate) fn flag(&mut self, key: &'static str, value: bool) -> &mut Self {
        if value {
            self.push(key, "true");
        }
        self
    }

    /// Adds a value encoded as JSON (filters, build args, labels …), skipping it when `skip` says so.
    pub(crate) fn json<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<&mut Self> {
        let text = serde_json::to_string(value).map_err(|e| {
            Error::invalid(format!("cannot encode query parameter {key} as JSON: {e}"))
        })?;
        self.push(key, text);
        Ok(self)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `a=1&b=2` form, percent-encoded.
    pub(crate) fn encode(&self) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            ser.append_pair(k, v);
        }
        ser.finish()
    }

    /// The value of a parameter (for tests).
    #[cfg(test)]
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// One request, before the client adds the version prefix, the host and its default headers.
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) deadline: Deadline,
    pub(crate) timeout: Option<Duration>,
    pub(crate) requires: Option<(ApiVersion, Cow<'static, str>)>,
    pub(crate) versioned: bool,
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Query::new(),
            headers: HeaderMap::new(),
            body: empty_body(),
            deadline: Deadline::Default,
            timeout: None,
            requires: None,
            versioned: true,
        }
    }

    pub(crate) fn get(path: String) -> Self {
        Request::new(Method::GET, path)
    }

    pub(crate) fn post(path: String) -> Self {
        Request::new(Method::POST, path)
    }

    pub(crate) fn put(path: String) -> Self {
        Request::new(Method::PUT, path)
    }

    pub(crate) fn delete(path: String) -> Self {
        Request::new(Method::DELETE, path)
    }

    pub(crate) fn head(path: String) -> Self {
        Request::new(Method::HEAD, path)
    }

    pub(crate) fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// Sends `value` as a JSON body.
    pub(crate) fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::invalid(format!("cannot encode request body: {e}")))?;
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.body = full_body(bytes);
        Ok(self)
    }

    /// Sends a body with the given content type.
    pub(crate) fn body(mut self, content_type: &'static str, body: Body) -> Self {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = body;
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: HeaderValue) -> Self {
        self.headers.insert(HeaderName::from_static(name), value);
        self
    }

    /// Marks a call that may block for as long as the daemon needs (no client timeout at all).
    pub(crate) fn unbounded(mut self) -> Self {
        self.deadline = Deadline::Unbounded;
        self
    }

    /// Fails before sending when the API version in use is older than `version`.
    pub(crate) fn requires(
        mut self,
        version: ApiVersion,
        feature: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.requires = Some((version, feature.into()));
        self
    }

    /// Sends the path without the `/vX.Y` prefix (used by `/_ping`).
    pub(crate) fn unversioned(mut self) -> Self {
        self.versioned = false;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_fills_and_escapes() {
        assert_eq!(
            path("/containers/{id}/start", &["abc"]),
            "/containers/abc/start"
        );
        assert_eq!(
            path("/images/{name}/push", &["localhost:5000/team/app"]),
            "/images/localhost:5000/team/app/push"
        );
        assert_eq!(
            path("/volumes/{name}", &["a b?#%"]),
            "/volumes/a%20b%3F%23%25"
        );
        assert_eq!(path("/exec/{id}/resize", &["x"]), "/exec/x/resize");
        assert_eq!(path("/_ping", &[]), "/_ping");
    }

    #[test]
    fn query_encodes_in_order() {
        let mut q = Query::new();
        q.push("all", true)
            .opt("limit", Some(3))
            .opt("since", None::<&str>)
            .flag("size", false)
            .flag("x", true);
        q.json("filters", &serde_json::json!({"label": ["a=b c"]}))
            .unwrap();
        assert_eq!(
            q.encode(),
            "all=true&limit=3&x=true&filters=%7B%22label%22%3A%5B%22a%3Db+c%22%5D%7D"
        );
        assert_eq!(q.get("limit"), Some("3"));
    }
}
