//! [`Filters`]: the `filters` query parameter of list, prune and events endpoints, as a typed map.

use std::collections::BTreeMap;
use std::fmt::Display;

use serde::{Serialize, Serializer};

/// Filter names mapped to the values they accept, serialized as the Engine API's JSON
/// (`{"label":["a=b"],"status":["running"]}`).
///
/// Keys are kept sorted and values in insertion order without duplicates, so the query string is the
/// same for the same filters. Several values for one name match any of them (the daemon ORs them);
/// different names must all match.
///
/// ```
/// use docker_sdk::utils::filters::Filters;
///
/// let filters = Filters::new()
///     .add("status", "running")
///     .add("label", "com.example.team=web")
///     .add("label", "env=prod")
///     .add("dangling", true);
/// assert_eq!(
///     filters.to_query_value(),
///     r#"{"dangling":["true"],"label":["com.example.team=web","env=prod"],"status":["running"]}"#
/// );
/// assert_eq!(Filters::from([("name", "web")]).get("name"), Some(&["web".to_owned()][..]));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    map: BTreeMap<String, Vec<String>>,
}

impl Filters {
    /// No filters.
    pub fn new() -> Self {
        Filters::default()
    }

    /// Adds `value` to the filter `name` (builder style). Any [`Display`] value works: strings, numbers,
    /// `bool`s (`dangling=true`).
    #[must_use]
    pub fn add(mut self, name: impl Into<String>, value: impl Display) -> Self {
        self.insert(name, value);
        self
    }

    /// Adds every value of `values` to the filter `name` (builder style).
    #[must_use]
    pub fn add_all<V: Display>(
        mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let name = name.into();
        for value in values {
            self.insert(name.clone(), value);
        }
        self
    }

    /// Adds `value` to the filter `name` in place.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Display) -> &mut Self {
        let value = value.to_string();
        let values = self.map.entry(name.into()).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
        self
    }

    /// Removes the filter `name` and returns its values.
    pub fn remove(&mut self, name: &str) -> Option<Vec<String>> {
        self.map.remove(name)
    }

    /// The values of the filter `name`.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.map.get(name).map(Vec::as_slice)
    }

    /// True when no filter is set; then the `filters` parameter should be left out.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// How many filter names are set.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Every filter name with its values, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The JSON text for the `filters` query parameter (not yet URL-encoded).
    pub fn to_query_value(&self) -> String {
        serde_json::to_string(&self.map).expect("a map of strings always serializes")
    }
}

impl Serialize for Filters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(serializer)
    }
}

impl<K: Into<String>, V: Display> Extend<(K, V)> for Filters {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (name, value) in iter {
            self.insert(name, value);
        }
    }
}

impl<K: Into<String>, V: Display> FromIterator<(K, V)> for Filters {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut filters = Filters::new();
        filters.extend(iter);
        filters
    }
}

impl<K: Into<String>, V: Display, const N: usize> From<[(K, V); N]> for Filters {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_deterministically() {
        let cases: Vec<(Filters, &str)> = vec![
            (Filters::new(), "{}"),
            (
                Filters::new().add("dangling", true),
                r#"{"dangling":["true"]}"#,
            ),
            (
                Filters::new().add("dangling", false),
                r#"{"dangling":["false"]}"#,
            ),
            (
                Filters::new().add("z", "1").add("a", "2").add("m", 3),
                r#"{"a":["2"],"m":["3"],"z":["1"]}"#,
            ),
            (
                Filters::new()
                    .add("label", "b")
                    .add("label", "a")
                    .add("label", "b"),
                r#"{"label":["b","a"]}"#,
            ),
            (
                Filters::new()
                    .add_all("id", ["x", "y"])
                    .add("label", "quote\"d"),
                r#"{"id":["x","y"],"label":["quote\"d"]}"#,
            ),
            (
                Filters::from([("a", "1"), ("a", "2")]),
                r#"{"a":["1","2"]}"#,
            ),
        ];
        for (filters, want) in cases {
            assert_eq!(filters.to_query_value(), want);
            assert_eq!(serde_json::to_string(&filters).unwrap(), want);
        }
    }

    #[test]
    fn map_operations() {
        let mut f: Filters = vec![("before", "abc".to_owned())].into_iter().collect();
        assert!(!f.is_empty());
        f.insert("since", "def").insert("since", "ghi");
        f.extend([("label", "x")]);
        assert_eq!(f.len(), 3);
        assert_eq!(f.get("since").unwrap(), ["def", "ghi"]);
        assert_eq!(
            f.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            ["before", "label", "since"]
        );
        assert_eq!(f.remove("before"), Some(vec!["abc".to_owned()]));
        assert_eq!(f.get("before"), None);
        assert!(Filters::new().is_empty());
    }
}
