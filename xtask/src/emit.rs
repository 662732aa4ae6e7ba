//! Rust source emitter for the type model. The output is formatted by rustfmt afterwards,
//! except the bodies of macro invocations, which are written in their final layout here.

use crate::model::{Field, Kind, Model, Origin, Ty, TypeDef};
use std::fmt::Write;

const PRELUDE: &str = r#"
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Defines a string enum with a catch-all `Other` variant, parsed and written as a string.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident, default $default:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value the spec this crate was generated from does not list.
            Other(String),
        }

        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Other(value) => value,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::$default
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(match value.as_str() {
                    $( $value => Self::$variant, )+
                    _ => Self::Other(value),
                })
            }
        }
    };
}

/// Defines an integer enum with a catch-all `Other` variant, parsed and written as a number.
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        $name:ident, default $default:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value the spec this crate was generated from does not list.
            Other(i64),
        }

        impl $name {
            /// The value as written on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Other(value) => *value,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::$default
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $( $value => Self::$variant, )+
                    other => Self::Other(other),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.as_i64())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// A JSON object that is always empty (`{}`), such as the values of `ExposedPorts` and
/// `Volumes`. Anything is accepted on input; `{}` is written on output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EmptyObject;

impl Serialize for EmptyObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for EmptyObject {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(EmptyObject)
    }
}

/// One operation of the Engine API: a path and HTTP method pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The spec's `operationId`, e.g. `ContainerList`.
    pub id: &'static str,
    /// HTTP method in capitals, e.g. `GET`.
    pub method: &'static str,
    /// Path template without the version prefix, e.g. `/containers/{id}/json`.
    pub path: &'static str,
    /// The spec's tag (group), e.g. `Container`.
    pub tag: &'static str,
}
"#;

pub fn render(model: &Model) -> String {
    let mut out = String::new();
    let v = &model.version;
    let _ = writeln!(
        out,
        "// @generated by cargo xtask codegen from Engine API v{v} — do not edit"
    );
    out.push_str(
        "//\n// Derived from the Moby project's Engine API specification (Apache-2.0); see NOTICE.\n\
         // Naming rules and spec fixups are described in xtask/src/main.rs and xtask/src/fixups.rs.\n",
    );
    out.push_str(PRELUDE);

    out.push_str("\n/// Every operation of the Engine API spec, sorted by id.\n");
    out.push_str("pub const OPERATIONS: &[Operation] = &[\n");
    for op in &model.operations {
        let _ = writeln!(
            out,
            "    Operation {{ id: {:?}, method: {:?}, path: {:?}, tag: {:?} }},",
            op.id, op.method, op.path, op.tag
        );
    }
    out.push_str("];\n");

    for t in &model.types {
        out.push('\n');
        render_type(&mut out, t, v);
    }
    out
}

fn type_doc(t: &TypeDef, v: &str) -> Vec<String> {
    let mut lines = vec![match &t.origin {
        Origin::Definition(name) => format!("Engine API definition `{name}` (spec v{v})."),
        Origin::Body { op, method, path } => {
            format!("Request body of `{op}` (`{method} {path}`, spec v{v}).")
        }
        Origin::Response {
            op,
            method,
            path,
            item,
        } => {
            let what = if *item {
                "Item of the response"
            } else {
                "Response"
            };
            format!("{what} of `{op}` (`{method} {path}`, spec v{v}).")
        }
        Origin::Inline(path) => format!("Engine API inline schema `{path}` (spec v{v})."),
    }];
    if let Some(since) = &t.since {
        lines.push(String::new());
        lines.push(format!("Since API {since}."));
    }
    lines
}

fn render_type(out: &mut String, t: &TypeDef, v: &str) {
    let doc = type_doc(t, v);
    match &t.kind {
        Kind::Struct(fields) => {
            for l in &doc {
                push_doc(out, "", l);
            }
            let secret = fields
                .iter()
                .any(|f| crate::fixups::is_secret(&t.name, &f.wire));
            if secret {
                out.push_str("#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]\n");
            } else {
                out.push_str(
                    "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\n",
                );
            }
            let _ = writeln!(out, "pub struct {} {{", t.name);
            for f in fields {
                render_field(out, f);
            }
            out.push_str("}\n");
            if secret {
                render_redacting_debug(out, &t.name, fields);
            }
        }
        Kind::Alias(ty) => {
            for l in &doc {
                push_doc(out, "", l);
            }
            let _ = writeln!(out, "pub type {} = {};", t.name, rust_ty(ty));
        }
        Kind::StrEnum(variants) => {
            out.push_str("string_enum! {\n");
            for l in &doc {
                push_doc(out, "    ", l);
            }
            let default = variants.first().map(|(n, _)| n.as_str()).unwrap_or("Empty");
            let _ = writeln!(out, "    {}, default {default} {{", t.name);
            for (name, value) in variants {
                push_doc(out, "        ", &format!("`{value:?}` on the wire."));
                let _ = writeln!(out, "        {name} = {value:?},");
            }
            out.push_str("    }\n}\n");
        }
        Kind::IntEnum(variants) => {
            out.push_str("int_enum! {\n");
            for l in &doc {
                push_doc(out, "    ", l);
            }
            let default = variants.first().map(|(n, _)| n.as_str()).unwrap_or("V0");
            let _ = writeln!(out, "    {}, default {default} {{", t.name);
            for (name, value) in variants {
                push_doc(out, "        ", &format!("`{value}` on the wire."));
                let _ = writeln!(out, "        {name} = {value},");
            }
            out.push_str("    }\n}\n");
        }
    }
}

/// A `Debug` that shows `<redacted>` for secret fields (see `fixups::SECRET_FIELDS`).
fn render_redacting_debug(out: &mut String, name: &str, fields: &[Field]) {
    let _ = writeln!(out, "\nimpl std::fmt::Debug for {name} {{");
    out.push_str("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n");
    let _ = writeln!(out, "        f.debug_struct({name:?})");
    for field in fields {
        if crate::fixups::is_secret(name, &field.wire) {
            let _ = writeln!(
                out,
                "            .field({:?}, &self.{}.as_ref().map(|_| \"<redacted>\"))",
                field.rust, field.rust
            );
        } else {
            let _ = writeln!(
                out,
                "            .field({:?}, &self.{})",
                field.rust, field.rust
            );
        }
    }
    out.push_str("            .finish()\n    }\n}\n");
}

fn render_field(out: &mut String, f: &Field) {
    let mut doc = format!("`{}` on the wire.", f.wire);
    if let Some(since) = &f.since {
        let _ = write!(doc, " Since API {since}.");
    }
    if let Some(last) = &f.removed_after {
        let _ = write!(
            doc,
            " Dropped from the spec after API {last}; older daemons still use it."
        );
    }
    if f.unlisted {
        doc.push_str(" Not in the spec; daemons send it.");
    }
    push_doc(out, "    ", &doc);
    let _ = writeln!(
        out,
        "    #[serde(rename = {:?}, default, skip_serializing_if = \"Option::is_none\")]",
        f.wire
    );
    let _ = writeln!(out, "    pub {}: Option<{}>,", f.rust, rust_ty(&f.ty));
}

fn push_doc(out: &mut String, indent: &str, line: &str) {
    if line.is_empty() {
        let _ = writeln!(out, "{indent}///");
    } else {
        let _ = writeln!(out, "{indent}/// {line}");
    }
}

pub fn rust_ty(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::Int(t) => (*t).into(),
        Ty::F64 => "f64".into(),
        Ty::Str => "String".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Empty => "EmptyObject".into(),
        Ty::Vec(t) => format!("Vec<{}>", rust_ty(t)),
        Ty::Map(t) => format!("HashMap<String, {}>", rust_ty(t)),
        Ty::Opt(t) => format!("Option<{}>", rust_ty(t)),
        Ty::Named(n) => n.clone(),
        Ty::Boxed(n) => format!("Box<{n}>"),
    }
}
