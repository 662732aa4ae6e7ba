//! Version notes and fields of older spec files: anchors of each type are resolved in every
//! spec file (see `crate::versions`).

use super::{adds_nothing, int_type, wrap_nullable, Builder, Field, Kind, Ty};
use crate::fixups;
use crate::naming;
use crate::spec::{self, Spec};
use crate::versions::{self, Anchor, Step};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};

impl Builder<'_> {
    /// Anchors of every type: its roots plus, through every field that refers to it, the
    /// anchors of the referring type.
    fn anchors(&self) -> BTreeMap<String, BTreeSet<Anchor>> {
        // child → [(parent, steps)]
        let mut parents: BTreeMap<String, Vec<(String, Vec<Step>)>> = BTreeMap::new();
        for t in self.types.values() {
            let mut record = |prefix: Vec<Step>, ty: &Ty| {
                let mut steps = prefix;
                ty.visit_named(&mut steps, &mut |s, child| {
                    parents
                        .entry(child.to_string())
                        .or_default()
                        .push((t.name.clone(), s.to_vec()));
                });
            };
            match &t.kind {
                Kind::Struct(fields) => {
                    for f in fields.iter().filter(|f| f.removed_after.is_none()) {
                        record(vec![Step::Prop(f.wire.clone())], &f.ty);
                    }
                }
                Kind::Alias(ty) => record(vec![], ty),
                _ => {}
            }
        }
        let mut memo: BTreeMap<String, BTreeSet<Anchor>> = BTreeMap::new();
        let names: Vec<String> = self.types.keys().cloned().collect();
        for n in &names {
            let mut stack = BTreeSet::new();
            let _ = self.anchors_of(n, &parents, &mut memo, &mut stack);
        }
        memo
    }

    /// Anchors of `name`; the flag says whether a cycle cut the search short (then the
    /// result is not memoised, as it may be partial).
    fn anchors_of(
        &self,
        name: &str,
        parents: &BTreeMap<String, Vec<(String, Vec<Step>)>>,
        memo: &mut BTreeMap<String, BTreeSet<Anchor>>,
        stack: &mut BTreeSet<String>,
    ) -> (BTreeSet<Anchor>, bool) {
        if let Some(done) = memo.get(name) {
            return (done.clone(), false);
        }
        if !stack.insert(name.to_string()) {
            return (BTreeSet::new(), true);
        }
        let mut cut = false;
        let mut out: BTreeSet<Anchor> = self.roots.get(name).cloned().unwrap_or_default();
        for (parent, steps) in parents.get(name).into_iter().flatten() {
            let (set, parent_cut) = self.anchors_of(parent, parents, memo, stack);
            cut |= parent_cut;
            for a in set {
                // Anchors through very long chains add nothing but time.
                if a.steps.len() + steps.len() <= 12 {
                    out.insert(a.then(steps));
                }
            }
        }
        stack.remove(name);
        if !cut || stack.is_empty() {
            memo.insert(name.to_string(), out.clone());
        }
        (out, cut)
    }

    /// Fills in `since` of types and fields, and adds fields that older specs had at the
    /// same place but the newest one dropped (older daemons still send them).
    pub(super) fn apply_history(&mut self, history: &[Spec]) {
        let anchors = self.anchors();
        let oldest = history.first().map(|s| s.version.clone());
        let newest_index = history.len().saturating_sub(1);
        let names: Vec<String> = self.types.keys().cloned().collect();
        for name in names {
            let Some(anchor_set) = anchors.get(&name) else {
                continue;
            };
            // Resolved nodes per version (index into history).
            let per_version: Vec<Vec<versions::Node>> = history
                .iter()
                .map(|s| {
                    anchor_set
                        .iter()
                        .filter_map(|a| versions::resolve(s, a))
                        .collect()
                })
                .collect();
            let first = per_version.iter().position(|nodes| !nodes.is_empty());
            let since = first.map(|i| history[i].version.clone());
            let mut legacy: Vec<Field> = Vec::new();
            let t = self.types.get(&name).expect("type exists");
            if let Kind::Struct(fields) = &t.kind {
                let mut fields = fields.clone();
                for f in &mut fields {
                    let at = per_version
                        .iter()
                        .position(|nodes| nodes.iter().any(|n| n.has_property(&f.wire)));
                    f.since = at.map(|i| history[i].version.clone());
                }
                // Newest first, so each dropped field is typed from the last spec that has it.
                for i in (0..newest_index).rev() {
                    for node in &per_version[i] {
                        for prop in node.property_names() {
                            let known = fields.iter().chain(legacy.iter()).any(|f| f.wire == prop);
                            if known {
                                continue;
                            }
                            let rust = naming::snake(&prop);
                            if fields.iter().chain(legacy.iter()).any(|f| f.rust == rust) {
                                self.notes.push(format!(
                                    "{name}: older field {prop} clashes with a newer one; left out"
                                ));
                                continue;
                            }
                            let Some(schema) = node.property(&prop) else {
                                continue;
                            };
                            let ty = legacy_ty(schema, &self.def_names);
                            legacy.push(Field {
                                wire: prop,
                                rust,
                                ty,
                                since: None,
                                removed_after: Some(history[i].version.clone()),
                                unlisted: false,
                            });
                        }
                    }
                }
                for f in &mut legacy {
                    let at = per_version
                        .iter()
                        .position(|nodes| nodes.iter().any(|n| n.has_property(&f.wire)));
                    f.since = at.map(|i| history[i].version.clone());
                }
                fields.extend(legacy);
                for f in &mut fields {
                    if f.since == oldest {
                        f.since = None;
                    }
                }
                let t = self.types.get_mut(&name).expect("type exists");
                t.kind = Kind::Struct(fields);
            }
            let t = self.types.get_mut(&name).expect("type exists");
            t.since = if since == oldest { None } else { since };
        }
    }
}

/// Type of a field that only older specs have. Objects and enums defined inline there are
/// not modelled (JSON value / string); references follow renamed definitions.
fn legacy_ty(schema: &Value, def_names: &BTreeMap<String, String>) -> Ty {
    let named = |r: &str| -> Ty {
        let current = fixups::RENAMED_DEFINITIONS
            .iter()
            .find(|(old, _)| *old == r)
            .map(|(_, new)| *new)
            .unwrap_or(r);
        match def_names.get(current) {
            Some(rust) => Ty::Named(rust.clone()),
            None => Ty::Json,
        }
    };
    if let Some(r) = spec::ref_name(schema) {
        return named(r);
    }
    if let Some(members) = spec::all_of(schema) {
        let refs: Vec<&str> = members.iter().filter_map(spec::ref_name).collect();
        if refs.len() == 1
            && members
                .iter()
                .all(|m| spec::ref_name(m).is_some() || adds_nothing(m))
        {
            return named(refs[0]);
        }
        return Ty::Json;
    }
    match spec::type_of(schema) {
        Some("boolean") => Ty::Bool,
        Some("integer") => Ty::Int(int_type(
            spec::get(schema, "format").and_then(Value::as_str),
        )),
        Some("number") => Ty::F64,
        Some("string") => Ty::Str,
        Some("array") => match spec::get(schema, "items") {
            Some(items) => Ty::Vec(Box::new(wrap_nullable(items, legacy_ty(items, def_names)))),
            None => Ty::Vec(Box::new(Ty::Json)),
        },
        Some("object") | None => match spec::get(schema, "additionalProperties") {
            Some(ap @ Value::Mapping(_)) if spec::properties(schema).is_none() => {
                Ty::Map(Box::new(wrap_nullable(ap, legacy_ty(ap, def_names))))
            }
            _ => Ty::Json,
        },
        _ => Ty::Json,
    }
}
