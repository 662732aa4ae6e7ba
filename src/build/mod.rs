//! Build contexts: `.dockerignore` rules with the Docker CLI's exact semantics, and a streaming tar
//! writer that archives a directory while it walks it.
//!
//! - [`DockerIgnore`] parses and evaluates `.dockerignore` patterns.
//! - [`BuildContext`] describes what to send (a directory, or an archive the caller has);
//!   [`BuildContext::prepare`] checks it and tells which `dockerfile` parameter to send;
//!   [`PreparedContext::into_stream`] gives the body as a [`ContextStream`].
//!
//! The archive's contents follow `docker build` (with the classic builder) entry for entry: the same
//! names in the same order, root ownership, modes, modification times, hard links, symbolic links, and
//! the generated `.dockerfile.<hex>` entry with its `.dockerignore` line. Where this crate differs:
//!
//! - FIFOs and device files are left out (the CLI archives them; sockets are left out by both).
//! - Names longer than 100 bytes use GNU long-name records rather than PAX records; extended
//!   attributes (file capabilities) are not archived.
//! - With a generated Dockerfile the archive is well formed (the CLI's lacks the end-of-archive blocks).
//! - A malformed pattern is reported by [`BuildContext::prepare`], before anything is sent; an
//!   unreadable file is reported when the walk reaches it (the CLI checks the whole tree first).
//! - File names that are not UTF-8 are archived byte for byte but matched against the patterns in a
//!   lossy UTF-8 form.

mod context;
mod dockerignore;
mod goregex;
mod pattern;
mod stream;
mod walk;

pub use context::{BuildContext, PreparedContext};
pub use dockerignore::{DockerIgnore, ParentMatches};
pub use stream::{ContextStatus, ContextStream};
