//! Typed models of the Engine API, generated from the Moby project's Engine API specification (Apache-2.0)
//! by `cargo xtask codegen`.

#[allow(missing_docs, clippy::all, clippy::pedantic)]
mod generated;

pub use generated::*;
