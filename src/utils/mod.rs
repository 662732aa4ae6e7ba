//! Small parsers and value types shared by the rest of the crate.

pub mod duration;
pub mod filters;
pub mod version;
