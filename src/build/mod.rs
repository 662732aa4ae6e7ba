//! Build contexts: `.dockerignore` rules with the Docker CLI's exact semantics, and a streaming tar
//! writer that archives a directory while it walks it.
//!
//! - [`DockerIgnore`] parses and evaluates `.dockerignore` patterns.
//! - [`BuildContext`] describes what to send (a directory, or an archive the caller has);
//!   [`BuildContext::prepare`] checks it and tells which `dockerfile` parameter to send;
//!   [`PreparedContext::into_stream`] gives the body as a [`ContextStream`].

mod context;
mod dockerignore;
mod goregex;
mod pattern;
mod stream;
mod walk;

pub use context::{BuildContext, PreparedContext};
pub use dockerignore::{DockerIgnore, ParentMatches};
pub use stream::{ContextStatus, ContextStream};
