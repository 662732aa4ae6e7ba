//! Small parsers and value types shared by the rest of the crate.

pub mod bytes_size;
pub mod duration;
pub mod env;
pub mod filters;
pub mod ports;
pub mod reference;
pub mod version;
