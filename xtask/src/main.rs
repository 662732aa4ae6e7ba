//! Development tasks for docker-sdk.
//!
//! ```text
//! cargo xtask codegen           regenerate src/models/generated.rs
//! cargo xtask codegen --check   fail if src/models/generated.rs is stale
//! ```
//!
//! # codegen
//!
//! Reads `../shared/engine-api/v<newest>.yaml` (next to the repository) and writes
//! `src/models/generated.rs`: one Rust type per definition and per inline schema the
//! operations use, plus the `OPERATIONS` table. The older spec files in the same folder are
//! read for the "Since API x.y" notes and for fields the newest spec dropped.
//!
//! ## Type names
//!
//! - A definition keeps its spec name when it already is a Pascal-case identifier
//!   (`ContainerSummary`, `IPAM`, `IDResponse`); otherwise its words are capitalised.
//! - An inline request body is `<OperationId>Body`, an inline 200/201 response
//!   `<OperationId>Response` (`ContainerCreateBody`, `ExecInspectResponse`). A body or
//!   response that is a `$ref` uses the referenced type; so does an `allOf` whose other
//!   members add nothing but an example (`ServiceCreate` takes a `ServiceSpec`). If an inline
//!   response name is already a definition of the same shape, the definition is used.
//! - An inline object or enum in a property is `<Parent><Property>` with the property in
//!   Pascal case (`ContainerSummaryHealth`, `HostConfigLogConfigType`).
//! - Array items and map values add `Item` only when they would otherwise share the name of
//!   the thing they are in: at the top of a definition or operation schema
//!   (`ImageSearchResponseItem`), and for each array/map level below the first inside a
//!   property. `Parent.Prop[]` is `ParentProp`, `Parent.Prop[][]` is `ParentPropItem`.
//! - A name that is already taken gets `2`, `3`, … appended, and the generator prints a note.
//!
//! ## Field names
//!
//! `snake_case` of the wire name (see `naming::words` for acronym runs: `IPAddress` →
//! `ip_address`, `GlobalIPv6Address` → `global_ipv6_address`, `ExecIDs` → `exec_ids`).
//! Keywords get a trailing underscore (`type_`).
//!
//! ## Types
//!
//! Structs have only `Option` fields; `allOf` members are merged into one struct. Maps are
//! `HashMap<String, T>`; maps whose values are always `{}` use `EmptyObject`; objects without
//! properties and untyped schemas are `serde_json::Value`. String and integer enums get a
//! catch-all `Other` variant. Nullable (`x-nullable`) array items and map values are `Option`.
//!
//! ## Versions
//!
//! Each type and field says the first API version among the spec files that has it, when
//! that is not the oldest file. Fields that only older files have (`NetworkSettings.IPAddress`,
//! `/system/df`'s `Images` …) are kept, typed from the last file that has them, and marked as
//! dropped, since older daemons send them. See `versions` for how places are matched across
//! files whose definitions were renamed.
//!
//! ## Fixups
//!
//! Spec quirks are handled in `fixups`, never by editing the output.

mod emit;
mod fixups;
mod model;
mod naming;
mod spec;
mod versions;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// The spec file the models are generated from.
const NEWEST: &str = "1.56";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("usage: cargo xtask codegen [--check]");
            Ok(())
        }
        Some(other) => Err(format!(
            "unknown task `{other}`; the only task is `codegen` (`cargo xtask codegen [--check]`)"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("xtask: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

fn codegen(args: &[String]) -> Result<(), String> {
    let mut check = false;
    for a in args {
        match a.as_str() {
            "--check" => check = true,
            other => {
                return Err(format!(
                    "unknown option `{other}` for codegen (only --check)"
                ))
            }
        }
    }
    let root = repo_root();
    let spec_dir = root.join("../shared/engine-api");
    run_codegen(&root, &spec_dir, check)
}

/// Generates `root/src/models/generated.rs` from the specs in `spec_dir`, or with `check`
/// only compares.
fn run_codegen(root: &Path, spec_dir: &Path, check: bool) -> Result<(), String> {
    if !spec_dir.is_dir() {
        return Err(format!(
            "the Engine API specs are missing: expected the folder {} (shared/engine-api next to the \
             repository) holding v{NEWEST}.yaml and the older spec files",
            spec_dir.display()
        ));
    }
    let history = load_history(spec_dir)?;
    let newest = history
        .iter()
        .find(|s| s.version == NEWEST)
        .ok_or_else(|| format!("{} has no v{NEWEST}.yaml", spec_dir.display()))?;
    let model = model::build(newest, &history)?;
    for note in &model.notes {
        eprintln!("note: {note}");
    }
    let text = rustfmt(&emit::render(&model), root)?;
    let target = root.join("src/models/generated.rs");
    if check {
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        if current != text {
            return Err(format!(
                "{} is stale: it differs from what the spec generates; run `cargo xtask codegen` \
                 and commit the result",
                target.display()
            ));
        }
        eprintln!("{} is up to date", target.display());
    } else {
        std::fs::write(&target, &text)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        eprintln!(
            "wrote {} ({} types, {} operations)",
            target.display(),
            model.types.len(),
            model.operations.len()
        );
    }
    Ok(())
}

/// Every `v1.NN.yaml` up to the newest, oldest first.
fn load_history(dir: &Path) -> Result<Vec<spec::Spec>, String> {
    let mut files: Vec<((u32, u32), PathBuf)> = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(v) = name.strip_prefix('v').and_then(|n| n.strip_suffix(".yaml")) else {
            continue;
        };
        if let Some(key) = version_key(v) {
            if key <= version_key(NEWEST).expect("valid") {
                files.push((key, path));
            }
        }
    }
    files.sort();
    files.iter().map(|(_, p)| spec::Spec::load(p)).collect()
}

fn version_key(v: &str) -> Option<(u32, u32)> {
    let (major, minor) = v.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// Formats `source` with rustfmt (edition 2021, the repository's rustfmt.toml if any).
fn rustfmt(source: &str, root: &Path) -> Result<String, String> {
    let mut cmd = Command::new("rustfmt");
    cmd.args(["--edition", "2021", "--emit", "stdout"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in ["rustfmt.toml", ".rustfmt.toml"] {
        if root.join(name).is_file() {
            cmd.arg("--config-path").arg(root.join(name));
        }
    }
    let mut child = cmd.spawn().map_err(|e| {
        format!("cannot run rustfmt (is it installed? `rustup component add rustfmt`): {e}")
    })?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "rustfmt writer thread panicked".to_string())?
        .map_err(|e| format!("cannot feed rustfmt: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt rejected the generated code (a generator bug):\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/models")).unwrap();
        dir
    }

    #[test]
    fn missing_spec_folder_is_a_clear_error() {
        let root = scratch("missing");
        let err = run_codegen(&root, &root.join("no-such-dir"), true).unwrap_err();
        assert!(err.contains("specs are missing"), "{err}");
        assert!(err.contains("no-such-dir"), "{err}");
    }

    #[test]
    fn check_detects_stale_output_and_write_fixes_it() {
        let root = scratch("stale");
        let specs = root.join("specs");
        std::fs::create_dir_all(&specs).unwrap();
        let mini = format!(
            "swagger: \"2.0\"\ninfo: {{version: \"{NEWEST}\"}}\ndefinitions:\n  A:\n    type: object\n    properties:\n      X: {{type: string}}\npaths: {{}}\n"
        );
        std::fs::write(specs.join(format!("v{NEWEST}.yaml")), mini).unwrap();
        let target = root.join("src/models/generated.rs");
        std::fs::write(&target, "// old\n").unwrap();
        let err = run_codegen(&root, &specs, true).unwrap_err();
        assert!(err.contains("is stale"), "{err}");
        run_codegen(&root, &specs, false).unwrap();
        run_codegen(&root, &specs, true).unwrap();
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.starts_with(&format!(
            "// @generated by cargo xtask codegen from Engine API v{NEWEST} — do not edit\n"
        )));
        assert!(text.contains("pub struct A {"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn version_keys_order_numerically() {
        assert!(version_key("1.9").unwrap() < version_key("1.41").unwrap());
        assert_eq!(version_key("x"), None);
    }
}
