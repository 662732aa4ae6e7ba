//! Containers made with the raw JSON API, for tests of other areas (image commit, build checks) that need
//! one before the high-level containers API is there.

use docker_sdk::api::Method;
use docker_sdk::Docker;
use serde_json::json;

/// Creates a container named `name` from `image` running `cmd`, and returns its ID.
pub async fn create(docker: &Docker, name: &str, image: &str, cmd: &[&str]) -> String {
    let created = docker
        .api()
        .request_json(
            Method::POST,
            "/containers/create",
            &[("name", name)],
            Some(&json!({ "Image": image, "Cmd": cmd })),
        )
        .await
        .expect("create a container");
    created["Id"].as_str().expect("an ID").to_string()
}

/// Starts a container and waits for it to exit; returns its exit code.
pub async fn run_to_exit(docker: &Docker, id: &str) -> i64 {
    docker
        .api()
        .request_json(Method::POST, &format!("/containers/{id}/start"), &[], None)
        .await
        .expect("start the container");
    let waited = docker
        .api()
        .with_timeout(None)
        .request_json(Method::POST, &format!("/containers/{id}/wait"), &[], None)
        .await
        .expect("wait for the container");
    waited["StatusCode"].as_i64().expect("an exit code")
}
