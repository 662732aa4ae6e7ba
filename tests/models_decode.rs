//! The generated models against real daemon output.
//!
//! `tests/fixtures/daemon-1.41/` holds responses of a Docker 20.10 daemon (API 1.41), captured
//! by `capture.sh` in that folder. Each one must decode into its model, survive a round trip,
//! and lose no value the daemon sent (every non-null value in the fixture is written back by
//! the model). No daemon is needed to run these tests.

use docker_sdk::models::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::fmt::Debug;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/daemon-1.41");

fn fixture(name: &str) -> Value {
    let path = format!("{DIR}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes `raw` as `T`, checks the round trip and that no value was dropped.
fn decode<T>(what: &str, raw: &Value) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let typed: T = serde_json::from_value(raw.clone()).unwrap_or_else(|e| {
        panic!(
            "{what} does not decode as {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let written = serde_json::to_value(&typed).expect("models serialize");
    let again: T = serde_json::from_value(written.clone()).expect("written value decodes again");
    assert_eq!(typed, again, "{what}: round trip changed the value");
    let mut lost = Vec::new();
    dropped(raw, &written, what, &mut lost);
    assert!(
        lost.is_empty(),
        "{what}: the models drop values the daemon sent: {lost:#?}"
    );
    typed
}

/// Paths of values in `sent` that are missing from or different in `written`. A `null` in
/// `sent` decodes as `None` and is not written back, so it counts as kept.
fn dropped(sent: &Value, written: &Value, path: &str, out: &mut Vec<String>) {
    match (sent, written) {
        (Value::Null, _) => {}
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let p = format!("{path}.{k}");
                match b.get(k) {
                    Some(w) => dropped(v, w, &p, out),
                    None if v.is_null() => {}
                    None => out.push(p),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                dropped(v, w, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        _ => out.push(format!("{path} (sent {sent}, written {written})")),
    }
}

#[test]
fn version() {
    let v: SystemVersion = decode("version.json", &fixture("version.json"));
    assert_eq!(v.api_version.as_deref(), Some("1.41"));
    let components = v.components.expect("components");
    assert!(components
        .iter()
        .any(|c| c.name.as_deref() == Some("Engine")));
    // Details is free-form.
    assert!(components[0].details.as_ref().is_some_and(Value::is_object));
}

#[test]
fn info() {
    let info: SystemInfo = decode("info.json", &fixture("info.json"));
    assert!(info.id.is_some());
    assert!(info.ncpu.unwrap_or(0) >= 1);
    assert!(matches!(
        info.cgroup_driver,
        Some(SystemInfoCgroupDriver::Cgroupfs | SystemInfoCgroupDriver::Systemd)
    ));
    let swarm = info.swarm.expect("swarm section");
    assert_eq!(swarm.local_node_state, Some(LocalNodeState::Inactive));
}

#[test]
fn container_list() {
    let list: Vec<ContainerSummary> =
        decode("containers_list.json", &fixture("containers_list.json"));
    assert_eq!(list.len(), 3);
    let running = list
        .iter()
        .find(|c| c.state == Some(ContainerSummaryState::Running))
        .expect("a running container");
    let ports = running.ports.as_ref().expect("ports");
    assert!(ports.iter().any(|p| p.private_port == Some(80)
        && p.public_port.is_some()
        && p.type_ == Some(PortSummaryType::Tcp)));
    assert!(
        list.iter().all(|c| c.size_root_fs.is_some()),
        "size=1 was asked for"
    );
    assert!(list
        .iter()
        .any(|c| c.state == Some(ContainerSummaryState::Created)));
}

#[test]
fn container_inspect_running() {
    let c: ContainerInspectResponse = decode(
        "container_inspect_running.json",
        &fixture("container_inspect_running.json"),
    );
    let state = c.state.expect("state");
    assert_eq!(state.status, Some(ContainerStateStatus::Running));
    assert_eq!(state.running, Some(true));
    let health = state.health.expect("health");
    assert_eq!(health.status, Some(HealthStatus::Healthy));
    assert!(!health.log.unwrap_or_default().is_empty());
    let net = c.network_settings.expect("network settings");
    // A port that is exposed but not published is `null` in the map.
    let ports = net.ports.expect("ports");
    assert_eq!(ports.get("81/udp"), Some(&None));
    let bound = ports
        .get("80/tcp")
        .and_then(Option::as_ref)
        .expect("80/tcp published");
    assert_eq!(bound[0].host_ip.as_deref(), Some("127.0.0.1"));
    let endpoint = &net.networks.expect("networks")["docker-sdk-fixture-net"];
    assert!(endpoint
        .ip_address
        .as_deref()
        .is_some_and(|ip| ip.starts_with("172.29.77.")));
    assert!(endpoint
        .aliases
        .as_ref()
        .is_some_and(|a| a.iter().any(|x| x == "fixture")));
    assert!(c.size_rw.is_some());
}

#[test]
fn container_inspect_created() {
    let c: ContainerInspectResponse = decode(
        "container_inspect_created.json",
        &fixture("container_inspect_created.json"),
    );
    assert_eq!(
        c.state.and_then(|s| s.status),
        Some(ContainerStateStatus::Created)
    );
    let config = c.config.expect("config");
    assert!(config
        .exposed_ports
        .expect("exposed ports")
        .contains_key("8080/tcp"));
    assert!(config.volumes.expect("volumes").contains_key("/data"));
    let host = c.host_config.expect("host config");
    let restart = host.restart_policy.expect("restart policy");
    assert_eq!(restart.name, Some(RestartPolicyName::OnFailure));
    assert_eq!(restart.maximum_retry_count, Some(2));
    assert_eq!(host.memory, Some(64 * 1024 * 1024));
    let mount = &host.mounts.expect("mounts")[0];
    assert_eq!(mount.type_, Some(MountType::Volume));
    let ulimit = &host.ulimits.expect("ulimits")[0];
    assert_eq!((ulimit.soft, ulimit.hard), (Some(1024), Some(2048)));
    // Fields the newest spec dropped but a 1.41 daemon still sends.
    let net = c.network_settings.expect("network settings");
    assert_eq!(net.ip_address.as_deref(), Some(""));
    assert_eq!(net.hairpin_mode, Some(false));
}

#[test]
fn container_inspect_exited() {
    let c: ContainerInspectResponse = decode(
        "container_inspect_exited.json",
        &fixture("container_inspect_exited.json"),
    );
    let state = c.state.expect("state");
    assert_eq!(state.status, Some(ContainerStateStatus::Exited));
    assert_eq!(state.exit_code, Some(3));
}

#[test]
fn container_create_wait_top_changes() {
    let created: ContainerCreateResponse =
        decode("container_create.json", &fixture("container_create.json"));
    assert_eq!(created.id.map(|id| id.len()), Some(64));
    let wait: ContainerWaitResponse =
        decode("container_wait.json", &fixture("container_wait.json"));
    assert_eq!(wait.status_code, Some(3));
    assert!(wait.error.is_none());
    let top: ContainerTopResponse = decode("container_top.json", &fixture("container_top.json"));
    assert_eq!(top.titles.expect("titles")[1], "PID");
    assert!(top.processes.expect("processes")[0]
        .iter()
        .any(|p| p.contains("sleep")));
    let changes: Vec<FilesystemChange> =
        decode("container_changes.json", &fixture("container_changes.json"));
    let added = changes
        .iter()
        .find(|c| c.path.as_deref() == Some("/tmp/x"))
        .expect("/tmp/x");
    assert_eq!(added.kind, Some(ChangeType::Added));
}

#[test]
fn container_stats() {
    let stats: ContainerStatsResponse =
        decode("container_stats.json", &fixture("container_stats.json"));
    let cpu = stats.cpu_stats.expect("cpu stats");
    assert!(cpu.cpu_usage.and_then(|u| u.total_usage).unwrap_or(0) > 0);
    assert!(stats.memory_stats.and_then(|m| m.limit).unwrap_or(0) > 0);
    assert!(stats.networks.expect("networks").contains_key("eth0"));
}

#[test]
fn exec_create_and_inspect() {
    let created: IDResponse = decode("exec_create.json", &fixture("exec_create.json"));
    let inspect: ExecInspectResponse = decode("exec_inspect.json", &fixture("exec_inspect.json"));
    assert_eq!(created.id, inspect.id);
    assert_eq!(inspect.exit_code, Some(0));
    let process = inspect.process_config.expect("process config");
    assert_eq!(process.entrypoint.as_deref(), Some("sleep"));
}

#[test]
fn images() {
    let list: Vec<ImageSummary> = decode("images_list.json", &fixture("images_list.json"));
    assert!(list.iter().any(|i| i
        .repo_tags
        .as_ref()
        .is_some_and(|t| t.iter().any(|t| t == "docker-sdk-test/busybox:latest"))));
    let image: ImageInspect = decode("image_inspect.json", &fixture("image_inspect.json"));
    assert_eq!(image.os.as_deref(), Some("linux"));
    assert!(image
        .root_fs
        .and_then(|r| r.layers)
        .is_some_and(|l| !l.is_empty()));
    let history: Vec<ImageHistoryResponseItem> =
        decode("image_history.json", &fixture("image_history.json"));
    assert!(!history.is_empty());
}

#[test]
fn networks() {
    let list: Vec<NetworkSummary> = decode("networks_list.json", &fixture("networks_list.json"));
    assert!(list.iter().any(|n| n.name.as_deref() == Some("bridge")));
    let bridge: NetworkInspect = decode(
        "network_inspect_bridge.json",
        &fixture("network_inspect_bridge.json"),
    );
    assert_eq!(bridge.driver.as_deref(), Some("bridge"));
    let custom: NetworkInspect = decode(
        "network_inspect_custom.json",
        &fixture("network_inspect_custom.json"),
    );
    let subnet = custom.ipam.and_then(|i| i.config).expect("IPAM config")[0]
        .subnet
        .clone();
    assert_eq!(subnet.as_deref(), Some("172.29.77.0/24"));
    let containers = custom.containers.expect("containers");
    let endpoint = containers.values().next().expect("one container");
    assert_eq!(endpoint.name.as_deref(), Some("docker-sdk-fixture-run"));
    let created: NetworkCreateResponse =
        decode("network_create.json", &fixture("network_create.json"));
    assert_eq!(created.id, custom.id);
}

#[test]
fn volumes() {
    let list: VolumeListResponse = decode("volumes_list.json", &fixture("volumes_list.json"));
    let volume = &list.volumes.expect("volumes")[0];
    assert_eq!(volume.scope, Some(VolumeScope::Local));
    let inspect: Volume = decode("volume_inspect.json", &fixture("volume_inspect.json"));
    let created: Volume = decode("volume_create.json", &fixture("volume_create.json"));
    assert_eq!(inspect.name, created.name);
}

#[test]
fn system_df() {
    let df: SystemDataUsageResponse = decode("system_df.json", &fixture("system_df.json"));
    // API 1.41 answers with the older layout.
    assert!(df.layers_size.is_some());
    assert!(!df.images.expect("images").is_empty());
    assert!(df.image_usage.is_none());
}

#[test]
fn events() {
    let path = format!("{DIR}/events.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut kinds = std::collections::BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let raw: Value = serde_json::from_str(line).expect("fixture line is JSON");
        let event: EventMessage = decode(&format!("events.jsonl:{}", i + 1), &raw);
        assert!(event.time_nano.is_some());
        kinds.insert(event.type_.expect("event type").to_string());
    }
    for kind in ["container", "network", "volume"] {
        assert!(
            kinds.contains(kind),
            "no {kind} event in the fixture: {kinds:?}"
        );
    }
}

#[test]
fn unknown_enum_values_decode_as_other() {
    let state: ContainerStateStatus = serde_json::from_str("\"hibernating\"").unwrap();
    assert_eq!(state, ContainerStateStatus::Other("hibernating".into()));
    assert_eq!(state.as_str(), "hibernating");
    assert_eq!(serde_json::to_string(&state).unwrap(), "\"hibernating\"");
    let change: ChangeType = serde_json::from_str("7").unwrap();
    assert_eq!(change, ChangeType::Other(7));
    assert_eq!(serde_json::to_string(&change).unwrap(), "7");
    // The same inside a struct.
    let s: ContainerState = serde_json::from_str(r#"{"Status":"frozen","Running":false}"#).unwrap();
    assert_eq!(s.status, Some(ContainerStateStatus::Other("frozen".into())));
}

#[test]
fn known_enum_values() {
    assert_eq!(
        "".parse::<RestartPolicyName>().unwrap(),
        RestartPolicyName::Empty
    );
    assert_eq!(
        RestartPolicyName::UnlessStopped.to_string(),
        "unless-stopped"
    );
    assert_eq!(RestartPolicyName::default(), RestartPolicyName::Empty);
    assert_eq!(
        HostConfigLogConfigType::from("json-file"),
        HostConfigLogConfigType::JsonFile
    );
    assert_eq!(
        ContainerStateStatus::default(),
        ContainerStateStatus::Created
    );
    assert_eq!(ChangeType::from(2), ChangeType::Deleted);
    assert_eq!(ChangeType::Deleted.as_i64(), 2);
    assert_eq!(
        serde_json::to_string(&MountType::Tmpfs).unwrap(),
        "\"tmpfs\""
    );
}

#[test]
fn unknown_fields_are_ignored_and_nulls_are_none() {
    let c: ContainerSummary = serde_json::from_str(
        r#"{"Id":"abc","FutureField":{"deep":[1,2]},"Names":null,"Labels":null,"Ports":null}"#,
    )
    .unwrap();
    assert_eq!(c.id.as_deref(), Some("abc"));
    assert!(c.names.is_none() && c.labels.is_none() && c.ports.is_none());
    // None fields are not written.
    assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"Id":"abc"}"#);
}

#[test]
fn empty_object_maps() {
    let config = ContainerConfig {
        exposed_ports: Some([("80/tcp".to_string(), EmptyObject)].into()),
        ..Default::default()
    };
    let json = serde_json::to_value(&config).unwrap();
    assert_eq!(json, serde_json::json!({"ExposedPorts": {"80/tcp": {}}}));
    // Anything is accepted as the value.
    let back: ContainerConfig =
        serde_json::from_str(r#"{"ExposedPorts":{"80/tcp":{"x":1},"81/tcp":null}}"#).unwrap();
    assert_eq!(back.exposed_ports.unwrap().len(), 2);
}

#[test]
fn create_body_merges_all_of() {
    let body = ContainerCreateBody {
        image: Some("busybox".into()),
        cmd: Some(vec!["true".into()]),
        host_config: Some(HostConfig {
            memory: Some(1 << 20),
            auto_remove: Some(true),
            ..Default::default()
        }),
        networking_config: Some(NetworkingConfig::default()),
        ..Default::default()
    };
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "Image": "busybox",
            "Cmd": ["true"],
            "HostConfig": {"Memory": 1048576, "AutoRemove": true},
            "NetworkingConfig": {}
        })
    );
}

#[test]
fn operations_table() {
    assert!(
        OPERATIONS.windows(2).all(|w| w[0].id < w[1].id),
        "sorted by id, no duplicates"
    );
    let list = OPERATIONS
        .iter()
        .find(|o| o.id == "ContainerList")
        .expect("ContainerList");
    assert_eq!(
        (list.method, list.path, list.tag),
        ("GET", "/containers/json", "Container")
    );
    assert_eq!(OPERATIONS.len(), 108);
}

#[test]
fn secrets_never_show_in_debug() {
    use docker_sdk::models::{
        AuthConfig, JoinTokens, SecretSpec, SwarmJoinBody, SwarmSpecCAConfig,
        SwarmUnlockkeyResponse,
    };
    let texts = [
        format!(
            "{:?}",
            AuthConfig {
                username: Some("u".into()),
                password: Some("hunter2".into()),
                ..Default::default()
            }
        ),
        format!(
            "{:?}",
            SecretSpec {
                name: Some("s".into()),
                data: Some("aHVudGVyMg==".into()),
                ..Default::default()
            }
        ),
        format!(
            "{:?}",
            SwarmJoinBody {
                join_token: Some("SWMTKN-hunter2".into()),
                ..Default::default()
            }
        ),
        format!(
            "{:?}",
            JoinTokens {
                worker: Some("SWMTKN-w-hunter2".into()),
                manager: Some("SWMTKN-m-hunter2".into())
            }
        ),
        format!(
            "{:?}",
            SwarmUnlockkeyResponse {
                unlock_key: Some("SWMKEY-hunter2".into())
            }
        ),
        format!(
            "{:?}",
            SwarmSpecCAConfig {
                signing_ca_key: Some("-----BEGIN hunter2".into()),
                ..Default::default()
            }
        ),
    ];
    for text in texts {
        assert!(
            !text.contains("hunter2") && !text.contains("aHVudGVyMg"),
            "{text}"
        );
        assert!(text.contains("<redacted>"), "{text}");
    }
}
