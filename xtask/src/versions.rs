//! Finding where a generated type lives in older spec files.
//!
//! A generated type is reachable from the spec through one or more *anchors*: a root (a
//! definition, a request body or a response of an operation) followed by steps (a property,
//! the items of an array, the values of a map). Definitions were renamed and inline schemas were
//! promoted to definitions over time (`ContainerInspectResponse` was inline in 1.41), so the
//! version a type or field appeared in is found by resolving its anchors in each older file,
//! not by looking its name up.

use crate::spec::{self, Spec};
use serde_yaml::Value;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Root {
    Definition(String),
    Body(String),
    Response(String, u16),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Prop(String),
    Items,
    Values,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Anchor {
    pub root: Root,
    pub steps: Vec<Step>,
}

impl Anchor {
    pub fn then(&self, more: &[Step]) -> Anchor {
        let mut steps = self.steps.clone();
        steps.extend_from_slice(more);
        Anchor {
            root: self.root.clone(),
            steps,
        }
    }
}

/// A resolved schema: `$ref`s followed and `allOf` members listed side by side.
///
/// Some older files leave a place undescribed (`ContainerStats` answered a bare
/// `type: object` until 1.55). Such a place is *opaque*: it counts as having every property,
/// and every step from it reaches another opaque place, because the spec said nothing then,
/// not that the fields were missing.
pub struct Node<'a> {
    pub parts: Vec<&'a Value>,
    pub opaque: bool,
}

impl<'a> Node<'a> {
    pub fn of(spec: &'a Spec, schema: &'a Value) -> Node<'a> {
        let mut parts = Vec::new();
        flatten(spec, schema, &mut parts, 0);
        let opaque = parts.iter().all(|p| {
            matches!(spec::type_of(p), Some("object") | None)
                && spec::properties(p).is_none_or(|m| m.is_empty())
                && spec::get(p, "additionalProperties").is_none()
                && spec::get(p, "items").is_none()
                && spec::get(p, "enum").is_none()
        });
        Node { parts, opaque }
    }

    fn opaque() -> Node<'a> {
        Node {
            parts: Vec::new(),
            opaque: true,
        }
    }

    /// Whether the place has property `name` (always true for an opaque place).
    pub fn has_property(&self, name: &str) -> bool {
        self.opaque || self.property(name).is_some()
    }

    /// Property names, in order of first appearance.
    pub fn property_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.parts {
            if let Some(props) = spec::properties(p) {
                for k in props.keys().filter_map(Value::as_str) {
                    if !out.iter().any(|o| o == k) {
                        out.push(k.to_string());
                    }
                }
            }
        }
        out
    }

    pub fn property(&self, name: &str) -> Option<&'a Value> {
        self.parts
            .iter()
            .find_map(|p| spec::properties(p).and_then(|m| m.get(name)))
    }

    fn step(&self, spec: &'a Spec, step: &Step) -> Option<Node<'a>> {
        if self.opaque {
            return Some(Node::opaque());
        }
        let next = match step {
            Step::Prop(name) => self.property(name),
            Step::Items => self.parts.iter().find_map(|p| spec::get(p, "items")),
            Step::Values => self
                .parts
                .iter()
                .find_map(|p| spec::get(p, "additionalProperties").filter(|v| v.is_mapping())),
        }?;
        Some(Node::of(spec, next))
    }
}

fn flatten<'a>(spec: &'a Spec, schema: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 32 {
        return;
    }
    if let Some(name) = spec::ref_name(schema) {
        if let Some(def) = spec.definition(name) {
            flatten(spec, def, out, depth + 1);
        }
        return;
    }
    if let Some(members) = spec::all_of(schema) {
        for m in members {
            flatten(spec, m, out, depth + 1);
        }
    }
    out.push(schema);
}

/// Resolves `anchor` in `spec`; `None` when the location does not exist there.
pub fn resolve<'a>(spec: &'a Spec, anchor: &Anchor) -> Option<Node<'a>> {
    let start: &Value = match &anchor.root {
        Root::Definition(name) => spec.definition(name)?,
        Root::Body(op) => spec.operation(op)?.body?,
        Root::Response(op, code) => {
            let op = spec.operation(op)?;
            op.responses.iter().find(|(c, _)| c == code)?.1
        }
    };
    let mut node = Node::of(spec, start);
    for step in &anchor.steps {
        node = node.step(spec, step)?;
    }
    Some(node)
}
