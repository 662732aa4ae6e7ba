//! The type model: turns spec schemas into named Rust types (structs, enums, aliases).
//!
//! Spec paths used in notes, docs and fixups: a definition name or `Op body` / `Op response`,
//! then `.Prop` for a property, `[]` for array items and `{}` for map values
//! (`ContainerSummary.HostConfig`, `ImagesDiskUsage.Items[]`).

use crate::fixups;
use crate::naming;
use crate::spec::{self, Spec};
use crate::versions::{Anchor, Root, Step};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};

mod history;

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Bool,
    Int(&'static str),
    F64,
    Str,
    /// `serde_json::Value`
    Json,
    /// The generated `EmptyObject` (a value that is always `{}`).
    Empty,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    /// A nullable array item or map value.
    Opt(Box<Ty>),
    Named(String),
    /// A named type behind a `Box` (breaks recursive structs).
    Boxed(String),
}

impl Ty {
    /// Calls `f(steps, name)` for each named type inside, with the steps that lead to it.
    pub fn visit_named(&self, steps: &mut Vec<Step>, f: &mut dyn FnMut(&[Step], &str)) {
        match self {
            Ty::Vec(t) => {
                steps.push(Step::Items);
                t.visit_named(steps, f);
                steps.pop();
            }
            Ty::Map(t) => {
                steps.push(Step::Values);
                t.visit_named(steps, f);
                steps.pop();
            }
            Ty::Opt(t) => t.visit_named(steps, f),
            Ty::Named(n) | Ty::Boxed(n) => f(steps, n),
            _ => {}
        }
    }
}

#[derive(Clone, Debug)]
pub struct Field {
    pub wire: String,
    pub rust: String,
    pub ty: Ty,
    /// First spec version with this field, when later than the oldest one.
    pub since: Option<String>,
    /// For fields dropped from the newest spec: the last version that has them.
    pub removed_after: Option<String>,
    /// A field no spec lists (see `fixups::UNLISTED_FIELDS`).
    pub unlisted: bool,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Struct(Vec<Field>),
    /// (variant, wire value)
    StrEnum(Vec<(String, String)>),
    IntEnum(Vec<(String, i64)>),
    Alias(Ty),
}

#[derive(Clone, Debug)]
pub enum Origin {
    Definition(String),
    Body {
        op: String,
        method: String,
        path: String,
    },
    Response {
        op: String,
        method: String,
        path: String,
        item: bool,
    },
    Inline(String),
}

#[derive(Clone, Debug)]
pub struct TypeDef {
    pub name: String,
    pub origin: Origin,
    pub kind: Kind,
    pub since: Option<String>,
}

/// One row of the generated `OPERATIONS` table.
#[derive(Clone, Debug)]
pub struct OpRow {
    pub id: String,
    pub method: String,
    pub path: String,
    pub tag: String,
}

pub struct Model {
    pub version: String,
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// Sorted by operation id.
    pub operations: Vec<OpRow>,
    /// Renames and other decisions worth telling the person running the generator.
    pub notes: Vec<String>,
}

/// Which operation-level schema an inline type comes from.
#[derive(Clone)]
struct OpSite {
    op: String,
    method: String,
    path: String,
    body: bool,
}

/// Naming context for an inline schema.
#[derive(Clone)]
struct Ctx {
    /// Name an inline object or enum found here would get.
    base: String,
    /// Spec path (for notes, docs and fixups).
    path: String,
    /// Arrays/maps entered so far.
    depth: u32,
    /// Whether the first array level already adds `Item` (top of a definition or operation).
    item_at_top: bool,
    /// Set while still at the top of an operation's body or response.
    site: Option<OpSite>,
}

impl Ctx {
    fn top(base: String, path: String, site: Option<OpSite>) -> Ctx {
        Ctx {
            base,
            path,
            depth: 0,
            item_at_top: true,
            site,
        }
    }

    fn field(owner: &str, owner_path: &str, prop: &str) -> Ctx {
        Ctx {
            base: format!("{owner}{}", naming::pascal(prop)),
            path: format!("{owner_path}.{prop}"),
            depth: 0,
            item_at_top: false,
            site: None,
        }
    }

    fn inner(&self, suffix: &str) -> Ctx {
        let mut c = self.clone();
        if c.item_at_top || c.depth >= 1 {
            c.base.push_str("Item");
        }
        c.depth += 1;
        c.path.push_str(suffix);
        c
    }
}

struct Builder<'a> {
    spec: &'a Spec,
    types: BTreeMap<String, TypeDef>,
    taken: BTreeSet<String>,
    /// spec definition name → Rust name
    def_names: BTreeMap<String, String>,
    in_progress: BTreeSet<String>,
    notes: Vec<String>,
    /// Root anchors of types (definitions, bodies, responses).
    roots: BTreeMap<String, BTreeSet<Anchor>>,
}

/// Builds the model from the newest spec; `history` holds all spec files, oldest first
/// (including the newest), for the version notes and fields of older versions.
pub fn build(spec: &Spec, history: &[Spec]) -> Result<Model, String> {
    let mut b = Builder {
        spec,
        types: BTreeMap::new(),
        taken: BTreeSet::new(),
        def_names: BTreeMap::new(),
        in_progress: BTreeSet::new(),
        notes: Vec::new(),
        roots: BTreeMap::new(),
    };
    for (name, _) in spec.definitions() {
        let rust = naming::unique(&naming::pascal(name), &mut b.taken);
        if rust != naming::pascal(name) {
            b.notes.push(format!(
                "definition {name} is generated as {rust} (name taken)"
            ));
        }
        b.def_names.insert(name.to_string(), rust);
    }
    let def_list: Vec<String> = spec.definitions().map(|(n, _)| n.to_string()).collect();
    for name in &def_list {
        b.build_definition(name);
    }
    let mut operations = Vec::new();
    for op in spec.operations() {
        if let Some(body) = op.body {
            let site = OpSite {
                op: op.id.clone(),
                method: op.method.clone(),
                path: op.path.clone(),
                body: true,
            };
            let ctx = Ctx::top(
                format!("{}Body", op.id),
                format!("{} body", op.id),
                Some(site),
            );
            let ty = b.ty_of(body, ctx);
            b.add_roots(&ty, Root::Body(op.id.clone()));
        }
        for (code, schema) in &op.responses {
            let site = OpSite {
                op: op.id.clone(),
                method: op.method.clone(),
                path: op.path.clone(),
                body: false,
            };
            let ctx = Ctx::top(
                format!("{}Response", op.id),
                format!("{} response", op.id),
                Some(site),
            );
            let ty = b.ty_of(schema, ctx);
            b.add_roots(&ty, Root::Response(op.id.clone(), *code));
        }
        operations.push(OpRow {
            id: op.id,
            method: op.method,
            path: op.path,
            tag: op.tag,
        });
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    b.box_recursive_fields();
    b.apply_history(history);
    b.add_unlisted_fields()?;
    let Builder { types, notes, .. } = b;
    Ok(Model {
        version: spec.version.clone(),
        types: types.into_values().collect(),
        operations,
        notes,
    })
}

fn int_type(format: Option<&str>) -> &'static str {
    match format {
        Some("int8") => "i8",
        Some("uint8") => "u8",
        Some("int16") => "i16",
        Some("uint16") => "u16",
        Some("int32") => "i32",
        Some("uint32") => "u32",
        Some("uint64") => "u64",
        _ => "i64",
    }
}

/// A schema with nothing that would change the type of an `allOf` it is a member of
/// (only an example, a description or `type: object`).
fn adds_nothing(v: &Value) -> bool {
    spec::properties(v).is_none_or(|p| p.is_empty())
        && spec::get(v, "additionalProperties").is_none()
        && spec::get(v, "enum").is_none()
        && spec::get(v, "items").is_none()
        && spec::all_of(v).is_none()
        && spec::ref_name(v).is_none()
}

/// The schema without prose and tool hints, for "is this the same shape" checks.
fn shape(v: &Value) -> Value {
    match v {
        Value::Mapping(m) => {
            let mut out = serde_yaml::Mapping::new();
            for (k, val) in m {
                let key = k.as_str().unwrap_or_default();
                if matches!(key, "description" | "example" | "title") || key.starts_with("x-") {
                    continue;
                }
                out.insert(k.clone(), shape(val));
            }
            Value::Mapping(out)
        }
        Value::Sequence(s) => Value::Sequence(s.iter().map(shape).collect()),
        other => other.clone(),
    }
}

impl<'a> Builder<'a> {
    fn build_definition(&mut self, name: &str) -> Option<String> {
        let rust = self.def_names.get(name)?.clone();
        if self.types.contains_key(&rust) || self.in_progress.contains(&rust) {
            return Some(rust);
        }
        let schema = self.spec.definition(name)?;
        self.in_progress.insert(rust.clone());
        let kind = self.top_kind(schema, &rust, name);
        self.in_progress.remove(&rust);
        self.types.insert(
            rust.clone(),
            TypeDef {
                name: rust.clone(),
                origin: Origin::Definition(name.to_string()),
                kind,
                since: None,
            },
        );
        self.roots.entry(rust.clone()).or_default().insert(Anchor {
            root: Root::Definition(name.to_string()),
            steps: vec![],
        });
        Some(rust)
    }

    /// The kind of a definition: every definition gets a type of its own.
    fn top_kind(&mut self, schema: &Value, rust: &str, path: &str) -> Kind {
        let is_object_like = spec::all_of(schema).is_some()
            || spec::properties(schema).is_some_and(|p| !p.is_empty());
        if spec::ref_name(schema).is_none() && spec::get(schema, "enum").is_some() {
            if let Some(kind) = self.enum_kind(schema, rust) {
                return kind;
            }
        }
        if is_object_like && spec::ref_name(schema).is_none() {
            return Kind::Struct(self.struct_fields(schema, rust, path));
        }
        let ctx = Ctx::top(rust.to_string(), path.to_string(), None);
        Kind::Alias(self.ty_of(schema, ctx))
    }

    fn enum_kind(&mut self, schema: &Value, rust: &str) -> Option<Kind> {
        let values = spec::get(schema, "enum")?.as_sequence()?;
        match spec::type_of(schema) {
            Some("integer") => {
                let mut taken = BTreeSet::new();
                let mut out = Vec::new();
                for v in values {
                    let n = v.as_i64()?;
                    let name = fixups::int_variant_name(rust, n)
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("V{n}"));
                    out.push((naming::unique(&name, &mut taken), n));
                }
                Some(Kind::IntEnum(out))
            }
            Some("string") | None => {
                let mut taken = BTreeSet::new();
                let mut out = Vec::new();
                for v in values {
                    let s = spec::as_string(v)?;
                    if out.iter().any(|(_, w)| *w == s) {
                        continue;
                    }
                    out.push((naming::unique(&naming::variant(&s), &mut taken), s));
                }
                Some(Kind::StrEnum(out))
            }
            _ => None,
        }
    }

    /// Fields of an object schema, with `allOf` members merged in order.
    fn struct_fields(&mut self, schema: &Value, owner: &str, path: &str) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        let push = |fields: &mut Vec<Field>, f: Field, notes: &mut Vec<String>| {
            if fields.iter().any(|x| x.wire == f.wire) {
                notes.push(format!(
                    "{path}: property {} appears twice; first kept",
                    f.wire
                ));
                return;
            }
            fields.push(f);
        };
        if let Some(members) = spec::all_of(schema) {
            for m in members {
                if let Some(r) = spec::ref_name(m) {
                    let copied = match self.build_definition(r) {
                        Some(rust) => match self.types.get(&rust).map(|t| &t.kind) {
                            Some(Kind::Struct(f)) => f.clone(),
                            _ => {
                                self.notes.push(format!(
                                    "{path}: allOf member {r} is not an object built yet; skipped"
                                ));
                                vec![]
                            }
                        },
                        None => vec![],
                    };
                    for f in copied {
                        push(&mut fields, f, &mut self.notes);
                    }
                } else {
                    for f in self.own_fields(m, owner, path) {
                        push(&mut fields, f, &mut self.notes);
                    }
                }
            }
        }
        for f in self.own_fields(schema, owner, path) {
            push(&mut fields, f, &mut self.notes);
        }
        // Unique Rust names within the struct.
        let mut taken = BTreeSet::new();
        for f in &mut fields {
            let want = f.rust.clone();
            let got = naming::unique(&want, &mut taken);
            if got != want {
                self.notes
                    .push(format!("{path}: field {} is named {got}", f.wire));
                f.rust = got;
            }
        }
        fields
    }

    fn own_fields(&mut self, schema: &Value, owner: &str, path: &str) -> Vec<Field> {
        let Some(props) = spec::properties(schema) else {
            return vec![];
        };
        let props: Vec<(String, Value)> = props
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.clone())))
            .collect();
        props
            .into_iter()
            .map(|(wire, prop)| {
                let ty = self.ty_of(&prop, Ctx::field(owner, path, &wire));
                Field {
                    rust: naming::snake(&wire),
                    wire,
                    ty,
                    since: None,
                    removed_after: None,
                    unlisted: false,
                }
            })
            .collect()
    }

    /// The Rust type of a schema, creating named types for inline objects and enums.
    fn ty_of(&mut self, schema: &Value, ctx: Ctx) -> Ty {
        if let Some(fixed) = fixups::schema_override(&ctx.path) {
            return self.ty_of_inner(&fixed, ctx);
        }
        self.ty_of_inner(schema, ctx)
    }

    fn ty_of_inner(&mut self, schema: &Value, ctx: Ctx) -> Ty {
        if let Some(r) = spec::ref_name(schema) {
            return match self.def_names.get(r) {
                Some(rust) => Ty::Named(rust.clone()),
                None => {
                    self.notes
                        .push(format!("{}: $ref to unknown {r}; typed as JSON", ctx.path));
                    Ty::Json
                }
            };
        }
        if let Some(members) = spec::all_of(schema) {
            let refs: Vec<&Value> = members
                .iter()
                .filter(|m| spec::ref_name(m).is_some())
                .collect();
            if refs.len() == 1
                && members
                    .iter()
                    .all(|m| spec::ref_name(m).is_some() || adds_nothing(m))
            {
                return self.ty_of_inner(refs[0], ctx);
            }
            return self.inline_type(schema, ctx);
        }
        if let Some(values) = spec::get(schema, "enum").and_then(Value::as_sequence) {
            if spec::type_of(schema) == Some("object") {
                if values
                    .iter()
                    .all(|v| v.as_mapping().is_some_and(|m| m.is_empty()))
                {
                    return Ty::Empty;
                }
                return Ty::Json;
            }
            return self.inline_type(schema, ctx);
        }
        match spec::type_of(schema) {
            Some("boolean") => Ty::Bool,
            Some("integer") => Ty::Int(int_type(
                spec::get(schema, "format").and_then(Value::as_str),
            )),
            Some("number") => Ty::F64,
            Some("string") => Ty::Str,
            Some("array") => match spec::get(schema, "items") {
                Some(items) => {
                    let inner = self.ty_of(items, ctx.inner("[]"));
                    Ty::Vec(Box::new(wrap_nullable(items, inner)))
                }
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            Some("object") | None => {
                if spec::properties(schema).is_some_and(|p| !p.is_empty()) {
                    return self.inline_type(schema, ctx);
                }
                match spec::get(schema, "additionalProperties") {
                    Some(ap @ Value::Mapping(_)) => {
                        let inner = self.ty_of(ap, ctx.inner("{}"));
                        Ty::Map(Box::new(wrap_nullable(ap, inner)))
                    }
                    Some(Value::Bool(true)) => Ty::Map(Box::new(Ty::Json)),
                    _ => Ty::Json,
                }
            }
            Some(other) => {
                self.notes
                    .push(format!("{}: unknown type {other}; typed as JSON", ctx.path));
                Ty::Json
            }
        }
    }

    /// Creates a named type for an inline object or enum.
    fn inline_type(&mut self, schema: &Value, ctx: Ctx) -> Ty {
        let candidate = ctx.base.clone();
        // An operation's inline schema whose name is already a definition of the same shape
        // reuses that definition.
        if ctx.site.is_some() {
            let same = self
                .def_names
                .iter()
                .find(|(_, rust)| **rust == candidate)
                .and_then(|(def, _)| self.spec.definition(def))
                .is_some_and(|d| shape(d) == shape(schema));
            if same {
                return Ty::Named(candidate);
            }
        }
        let name = naming::unique(&candidate, &mut self.taken);
        if name != candidate {
            self.notes.push(format!(
                "{}: name {candidate} is taken; generated as {name}",
                ctx.path
            ));
        }
        let origin = match &ctx.site {
            Some(s) if s.body => Origin::Body {
                op: s.op.clone(),
                method: s.method.clone(),
                path: s.path.clone(),
            },
            Some(s) => Origin::Response {
                op: s.op.clone(),
                method: s.method.clone(),
                path: s.path.clone(),
                item: ctx.depth > 0,
            },
            None => Origin::Inline(ctx.path.clone()),
        };
        let kind = match self.enum_kind(schema, &name) {
            Some(k) if spec::get(schema, "enum").is_some() => k,
            _ => Kind::Struct(self.struct_fields(schema, &name, &ctx.path)),
        };
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                origin,
                kind,
                since: None,
            },
        );
        Ty::Named(name)
    }

    fn add_roots(&mut self, ty: &Ty, root: Root) {
        let mut found = Vec::new();
        ty.visit_named(&mut Vec::new(), &mut |steps, name| {
            found.push((name.to_string(), steps.to_vec()));
        });
        for (name, steps) in found {
            self.roots.entry(name).or_default().insert(Anchor {
                root: root.clone(),
                steps,
            });
        }
    }

    /// Direct (not behind `Vec`/`HashMap`) struct-to-struct references that form a cycle
    /// become `Box`ed.
    fn box_recursive_fields(&mut self) {
        let direct = |ty: &Ty| -> Option<String> {
            match ty {
                Ty::Named(n) => Some(n.clone()),
                _ => None,
            }
        };
        let edges: BTreeMap<String, Vec<String>> = self
            .types
            .values()
            .map(|t| {
                let targets = match &t.kind {
                    Kind::Struct(fields) => fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                    _ => vec![],
                };
                (t.name.clone(), targets)
            })
            .collect();
        let reaches = |from: &str, to: &str| -> bool {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.to_string()];
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n.clone()) {
                    stack.extend(edges.get(&n).into_iter().flatten().cloned());
                }
            }
            false
        };
        let mut boxed = Vec::new();
        for t in self.types.values() {
            if let Kind::Struct(fields) = &t.kind {
                for (i, f) in fields.iter().enumerate() {
                    if let Some(target) = direct(&f.ty) {
                        if reaches(&target, &t.name) {
                            boxed.push((t.name.clone(), i, target));
                        }
                    }
                }
            }
        }
        for (owner, i, target) in boxed {
            if let Some(Kind::Struct(fields)) = self.types.get_mut(&owner).map(|t| &mut t.kind) {
                fields[i].ty = Ty::Boxed(target.clone());
            }
            self.notes
                .push(format!("{owner}: field {i} refers back to itself; boxed"));
        }
    }

    fn add_unlisted_fields(&mut self) -> Result<(), String> {
        for (type_name, wire, kind) in fixups::UNLISTED_FIELDS {
            let ty = match *kind {
                "string" => Ty::Str,
                "int64" => Ty::Int("i64"),
                other => return Err(format!("fixups: unsupported unlisted field type {other}")),
            };
            let Some(Kind::Struct(fields)) = self.types.get_mut(*type_name).map(|t| &mut t.kind)
            else {
                self.notes.push(format!(
                    "fixups: no struct {type_name} for unlisted field {wire}; fixup skipped"
                ));
                continue;
            };
            if fields.iter().any(|f| f.wire == *wire) {
                self.notes.push(format!(
                    "fixups: {type_name}.{wire} is now in the spec; drop it from UNLISTED_FIELDS"
                ));
                continue;
            }
            fields.push(Field {
                wire: wire.to_string(),
                rust: naming::snake(wire),
                ty,
                since: None,
                removed_after: None,
                unlisted: true,
            });
        }
        Ok(())
    }
}

fn wrap_nullable(schema: &Value, ty: Ty) -> Ty {
    if spec::is_nullable(schema) {
        Ty::Opt(Box::new(ty))
    } else {
        ty
    }
}

#[cfg(test)]
mod tests;
