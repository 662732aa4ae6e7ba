//! Managed plugins against the real daemon. Nothing can be pulled from Docker Hub here, so the plugin
//! is built locally: the fixture image's filesystem (exported with `docker export`) as `rootfs/`, plus a
//! `config.json`, archived and sent with `POST /plugins/create`. It is then configured, enabled,
//! disabled, pushed to the test registry (with credentials), installed back from there under another
//! name, upgraded, and removed.
//!
//! Enabling a plugin makes the daemon wait until something listens on the plugin's socket, under the
//! daemon's plugin exec root (`/run/docker/plugins/<id>/`). busybox cannot listen on a Unix socket, so the
//! test binds it from the host side; this needs the test to run as root on the daemon's host, as the
//! test environment does.

mod common;
use common::raw_containers;

use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};

use docker_sdk::config::AuthConfig;
use docker_sdk::{Docker, Error};
use futures_util::StreamExt;
use serde_json::json;

const EXEC_ROOT: &str = "/run/docker/plugins";
const SOCKET: &str = "dsdk.sock";
const REGISTRY: &str = "127.0.0.1:5000";

fn registry_auth() -> AuthConfig {
    AuthConfig::basic("testuser", "testpassword").with_server_address(REGISTRY)
}

/// Writes `dir/config.json` and fills `dir/rootfs` with the fixture image's filesystem.
async fn plugin_dir(docker: &Docker, dir: &Path) {
    let name = common::unique_name("plugin-rootfs");
    let id = raw_containers::create(docker, &name, raw_containers::body(&["true"], json!({})))
        .await
        .unwrap();
    let _guard = common::on_drop({
        let docker = docker.clone();
        let id = id.clone();
        move || common::remove_raw(&docker, format!("/containers/{id}"))
    });
    let export = std::process::Command::new("docker")
        .args(["export", &id])
        .output()
        .expect("the docker CLI exports the fixture's filesystem");
    assert!(
        export.status.success(),
        "docker export: {}",
        String::from_utf8_lossy(&export.stderr)
    );
    let rootfs = dir.join("rootfs");
    std::fs::create_dir_all(&rootfs).unwrap();
    tar::Archive::new(&export.stdout[..])
        .unpack(&rootfs)
        .unwrap();
    assert!(rootfs.join("bin/busybox").exists());
    let config = json!({
        "Description": "docker-sdk test plugin",
        "Documentation": "https://example.invalid/docker-sdk",
        "Interface": { "Types": ["docker.authz/1.0"], "Socket": SOCKET },
        "Entrypoint": ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
        "WorkDir": "/",
        "Network": { "Type": "none" },
        "Env": [{ "Name": "DSDK_LEVEL", "Description": "a setting", "Settable": ["value"], "Value": "0" }],
        "Args": { "Name": "args", "Description": "arguments", "Settable": ["value"], "Value": [] },
        "Linux": { "Capabilities": [], "AllowAllDevices": false, "Devices": null }
    });
    std::fs::write(
        dir.join("config.json"),
        serde_json::to_vec(&config).unwrap(),
    )
    .unwrap();
}

/// Listens on the plugin's socket from the host, so that enabling it succeeds.
fn listen_for(plugin_id: &str) -> (UnixListener, PathBuf) {
    assert!(
        Path::new(EXEC_ROOT).is_dir(),
        "{EXEC_ROOT} is missing: the plugin test must run as root on the daemon's host"
    );
    let dir = Path::new(EXEC_ROOT).join(plugin_id);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(SOCKET);
    let _ = std::fs::remove_file(&path);
    (UnixListener::bind(&path).unwrap(), path)
}

fn plugin_guard(docker: &Docker, name: &str) -> common::Cleanup<impl FnOnce()> {
    let docker = docker.clone();
    let name = name.to_string();
    common::on_drop(move || common::remove_raw(&docker, format!("/plugins/{name}")))
}

#[tokio::test]
async fn create_configure_enable_disable_push_install_upgrade_remove() {
    let docker = common::docker();
    let tmp = tempfile::tempdir().unwrap();
    plugin_dir(&docker, tmp.path()).await;

    let repo = common::unique_name("plugin");
    let name = format!("{REGISTRY}/{repo}:latest");
    let plugin = docker
        .plugins()
        .create(&name)
        .from_dir(tmp.path())
        .await
        .unwrap();
    let _guard = plugin_guard(&docker, &name);
    assert_eq!(plugin.name(), name);
    assert!(!plugin.enabled());
    let config = plugin.attrs().config.clone().unwrap();
    assert_eq!(config.interface.unwrap().socket.as_deref(), Some(SOCKET));

    // Settings can change while disabled.
    plugin.configure(["DSDK_LEVEL=3"]).await.unwrap();
    let mut plugin = docker.plugins().get(&name).await.unwrap();
    let env = plugin.settings().unwrap().env.clone().unwrap();
    assert!(env.contains(&"DSDK_LEVEL=3".to_string()), "{env:?}");
    let err = plugin.configure(["no-equals-sign"]).await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");

    // Enable: the daemon starts the plugin and waits for its socket.
    let (listener, socket) = listen_for(plugin.id());
    plugin.enable().timeout(5).await.unwrap();
    plugin.reload().await.unwrap();
    assert!(plugin.enabled());
    let enabled = docker
        .plugins()
        .list()
        .filter("enabled", true)
        .await
        .unwrap();
    assert!(enabled.iter().any(|p| p.id() == plugin.id()));
    let authz = docker
        .plugins()
        .list()
        .filter("capability", "authz")
        .await
        .unwrap();
    assert!(authz.iter().any(|p| p.id() == plugin.id()));
    // An enabled plugin can be neither configured nor removed without force.
    assert!(plugin.configure(["DSDK_LEVEL=4"]).await.is_err());
    assert!(plugin.remove().await.is_err());

    plugin.disable().await.unwrap();
    plugin.reload().await.unwrap();
    assert!(!plugin.enabled());
    drop(listener);
    let _ = std::fs::remove_file(socket);

    // Push to the registry that needs credentials, then install it back under another name.
    let mut pushed = plugin.push().auth(registry_auth()).await.unwrap();
    let mut statuses = Vec::new();
    while let Some(item) = pushed.next().await {
        statuses.push(item.unwrap().status.unwrap_or_default());
    }
    assert!(!statuses.is_empty());
    let privileges = docker
        .plugins()
        .privileges(&name, Some(&registry_auth()))
        .await
        .unwrap();
    // The network type counts as a privilege, whatever it is.
    assert_eq!(privileges.len(), 1, "{privileges:?}");
    assert_eq!(privileges[0].name.as_deref(), Some("network"));
    assert_eq!(
        privileges[0].value.as_deref(),
        Some(&["none".to_string()][..])
    );
    let alias = format!("{}-copy:latest", common::unique_name("plugin"));
    let installed = docker
        .plugins()
        .install(&name)
        .alias(&alias)
        .auth(registry_auth())
        .await
        .unwrap();
    let _installed_guard = plugin_guard(&docker, &alias);
    assert_eq!(installed.name(), alias);
    assert!(!installed.enabled());
    assert_eq!(
        installed.attrs().plugin_reference.as_deref(),
        Some(name.as_str())
    );

    let mut upgrade = installed
        .upgrade(&name)
        .auth(registry_auth())
        .await
        .unwrap();
    while let Some(item) = upgrade.next().await {
        item.unwrap();
    }

    installed.remove().await.unwrap();
    plugin.remove().force(true).await.unwrap();
    assert!(docker
        .plugins()
        .get(&name)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(docker
        .plugins()
        .get(&alias)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn create_refuses_an_incomplete_dir_and_reports_bad_archives() {
    let docker = common::docker();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("config.json"), b"{}").unwrap();
    let name = format!("{}:latest", common::unique_name("plugin-bad"));
    let err = docker
        .plugins()
        .create(&name)
        .from_dir(tmp.path())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");

    let _guard = plugin_guard(&docker, &name);
    let err = docker
        .plugins()
        .create(&name)
        .from_tar_bytes(b"not a tar archive".to_vec())
        .await
        .unwrap_err();
    assert!(err.status().is_some(), "the daemon refuses it: {err:?}");
    assert!(docker
        .plugins()
        .get(&name)
        .await
        .unwrap_err()
        .is_not_found());
}
