//! Every operation of the Engine API spec the models were generated from has a method whose path template
//! is written as a literal in src/api (so any endpoint can be found with grep).

use std::collections::BTreeMap;

use docker_sdk::models::OPERATIONS;

#[test]
fn every_spec_operation_has_a_path_literal_in_src_api() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut sources = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            sources.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    let mut per_tag: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut missing = Vec::new();
    for op in OPERATIONS {
        let found = sources.contains(&format!("\"{}\"", op.path));
        let entry = per_tag.entry(op.tag).or_default();
        entry.0 += 1;
        if found {
            entry.1 += 1;
        } else {
            missing.push(format!("{} {} ({})", op.method, op.path, op.id));
        }
    }
    for (tag, (all, done)) in &per_tag {
        println!("{tag:<13} {done}/{all}");
    }
    assert_eq!(OPERATIONS.len(), 108, "the v1.56 spec has 108 operations");
    assert!(
        missing.is_empty(),
        "operations without a method: {missing:#?}"
    );
}
