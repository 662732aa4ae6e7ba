//! Temporary minimal time helpers (replaced by the full module on merge).
use std::time::SystemTime;

/// Unix seconds.nanoseconds.
pub fn unix_timestamp(t: SystemTime) -> String {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => format!("{}.{:09}", d.as_secs(), d.subsec_nanos()),
        Err(_) => "0".into(),
    }
}
