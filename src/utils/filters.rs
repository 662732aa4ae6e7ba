//! Temporary minimal filters (replaced by the full module on merge).
use std::collections::BTreeMap;

/// Filters for list and event calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters(BTreeMap<String, Vec<String>>);

impl Filters {
    /// No filters.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a value.
    pub fn add(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.entry(key.into()).or_default().push(value.into());
        self
    }
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The JSON form.
    pub fn to_query_value(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}
