//! Loading a Swagger 2.0 Engine API spec and small accessors over its YAML tree.

use serde_yaml::{Mapping, Value};
use std::path::Path;

/// One parsed spec file.
pub struct Spec {
    /// `info.version`, e.g. `1.56`.
    pub version: String,
    pub root: Value,
    /// operationId → (path, method) for quick look-ups.
    index: std::collections::HashMap<String, (String, String)>,
}

/// One operation (a path + HTTP method pair).
pub struct Operation<'a> {
    pub id: String,
    pub method: String,
    pub path: String,
    pub tag: String,
    /// Schema of the `in: body` parameter, if any.
    pub body: Option<&'a Value>,
    /// Schemas of the 200 and 201 responses, in that order.
    pub responses: Vec<(u16, &'a Value)>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

impl Spec {
    pub fn load(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Spec::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses spec text (YAML or JSON).
    pub fn parse(text: &str) -> Result<Spec, String> {
        let root: Value = serde_yaml::from_str(text).map_err(|e| format!("cannot parse: {e}"))?;
        let version = get(&root, "info")
            .and_then(|i| get(i, "version"))
            .and_then(as_string)
            .ok_or_else(|| "no info.version".to_string())?;
        let mut spec = Spec {
            version,
            root,
            index: Default::default(),
        };
        let index = spec
            .operations()
            .into_iter()
            .map(|o| (o.id, (o.path, o.method.to_ascii_lowercase())))
            .collect();
        spec.index = index;
        Ok(spec)
    }

    /// The `definitions:` mapping, in file order.
    pub fn definitions(&self) -> impl Iterator<Item = (&str, &Value)> {
        get(&self.root, "definitions")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.iter())
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
    }

    pub fn definition(&self, name: &str) -> Option<&Value> {
        get(&self.root, "definitions").and_then(|d| get(d, name))
    }

    /// All operations, in file order.
    pub fn operations(&self) -> Vec<Operation<'_>> {
        let mut out = Vec::new();
        let Some(paths) = get(&self.root, "paths").and_then(Value::as_mapping) else {
            return out;
        };
        for (path, item) in paths {
            let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
                continue;
            };
            for (method, op) in item {
                let Some(method) = method.as_str() else {
                    continue;
                };
                if !METHODS.contains(&method) {
                    continue;
                }
                if let Some(op) = build_op(path, method, op) {
                    out.push(op);
                }
            }
        }
        out
    }

    pub fn operation(&self, id: &str) -> Option<Operation<'_>> {
        let (path, method) = self.index.get(id)?;
        let op = get(&self.root, "paths")
            .and_then(|p| get(p, path))
            .and_then(|i| get(i, method))?;
        build_op(path, method, op)
    }
}

fn build_op<'a>(path: &str, method: &str, op: &'a Value) -> Option<Operation<'a>> {
    let id = get(op, "operationId").and_then(as_string)?;
    let tag = get(op, "tags")
        .and_then(Value::as_sequence)
        .and_then(|t| t.first())
        .and_then(as_string)
        .unwrap_or_default();
    let body = get(op, "parameters")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .find(|p| get(p, "in").and_then(Value::as_str) == Some("body"))
        .and_then(|p| get(p, "schema"));
    let mut responses = Vec::new();
    if let Some(resps) = get(op, "responses").and_then(Value::as_mapping) {
        for code in [200u16, 201] {
            let r = resps
                .iter()
                .find(|(k, _)| status_code(k) == Some(code))
                .map(|(_, v)| v);
            if let Some(schema) = r.and_then(|r| get(r, "schema")) {
                responses.push((code, schema));
            }
        }
    }
    Some(Operation {
        id,
        method: method.to_ascii_uppercase(),
        path: path.to_string(),
        tag,
        body,
        responses,
    })
}

fn status_code(k: &Value) -> Option<u16> {
    match k {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// `map[key]` when `v` is a mapping.
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping().and_then(|m| m.get(key))
}

pub fn as_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The definition name of a `$ref: "#/definitions/Name"` schema.
pub fn ref_name(v: &Value) -> Option<&str> {
    get(v, "$ref")
        .and_then(Value::as_str)
        .map(|r| r.strip_prefix("#/definitions/").unwrap_or(r))
}

pub fn type_of(v: &Value) -> Option<&str> {
    get(v, "type").and_then(Value::as_str)
}

pub fn properties(v: &Value) -> Option<&Mapping> {
    get(v, "properties").and_then(Value::as_mapping)
}

pub fn all_of(v: &Value) -> Option<&Vec<Value>> {
    get(v, "allOf").and_then(Value::as_sequence)
}

pub fn is_nullable(v: &Value) -> bool {
    get(v, "x-nullable").and_then(Value::as_bool) == Some(true)
}
