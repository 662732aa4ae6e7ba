//! Containers through the raw JSON API, for the tests of networks, volumes and swarm, until the typed
//! containers API lands (then these helpers can be swapped for it).
#![allow(dead_code)]

use docker_sdk::api::Method;
use docker_sdk::{Docker, Result};
use serde_json::{json, Value};

/// Creates a container called `name` from `body` (the Engine API's create body) and returns its ID.
pub async fn create(docker: &Docker, name: &str, body: Value) -> Result<String> {
    let resp = docker
        .api()
        .request_json(
            Method::POST,
            "/containers/create",
            &[("name", name)],
            Some(&body),
        )
        .await?;
    Ok(resp["Id"]
        .as_str()
        .expect("create returns an Id")
        .to_string())
}

/// A create body running `cmd` in the fixture image, with extra top-level fields merged in.
pub fn body(cmd: &[&str], extra: Value) -> Value {
    let mut b = json!({ "Image": crate::common::IMAGE, "Cmd": cmd });
    if let (Some(b), Some(extra)) = (b.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            b.insert(k.clone(), v.clone());
        }
    }
    b
}

/// Starts a container.
pub async fn start(docker: &Docker, id: &str) -> Result<()> {
    docker
        .api()
        .request_json(Method::POST, &format!("/containers/{id}/start"), &[], None)
        .await
        .map(|_| ())
}

/// Waits for a container to exit and returns its exit code.
pub async fn wait(docker: &Docker, id: &str) -> Result<i64> {
    let resp = docker
        .with_timeout(Some(std::time::Duration::from_secs(120)))
        .api()
        .request_json(Method::POST, &format!("/containers/{id}/wait"), &[], None)
        .await?;
    Ok(resp["StatusCode"]
        .as_i64()
        .expect("wait returns a StatusCode"))
}

/// Creates, starts and waits for a container; returns its ID and exit code.
pub async fn run(docker: &Docker, name: &str, body: Value) -> Result<(String, i64)> {
    let id = create(docker, name, body).await?;
    start(docker, &id).await?;
    let code = wait(docker, &id).await?;
    Ok((id, code))
}

/// Inspects a container.
pub async fn inspect(docker: &Docker, id: &str) -> Result<Value> {
    docker
        .api()
        .request_json(Method::GET, &format!("/containers/{id}/json"), &[], None)
        .await
}

/// Removes a container (forced, with its anonymous volumes).
pub async fn remove(docker: &Docker, id: &str) -> Result<()> {
    docker
        .api()
        .request_json(
            Method::DELETE,
            &format!("/containers/{id}"),
            &[("force", "true"), ("v", "true")],
            None,
        )
        .await
        .map(|_| ())
}
