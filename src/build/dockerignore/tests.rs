use super::*;

#[test]
fn placeholder() {
    assert!(DockerIgnore::parse("a")
        .unwrap()
        .matches_or_parent_matches("a"));
}
