//! Networks against the real daemon: IPAM, connect with aliases and static addresses, DNS resolution
//! by alias, disconnect, list filters, prune.

mod common;
use common::raw_containers;

use docker_sdk::types::{EndpointConfig, IPAMConfig, IPAMPool};
use docker_sdk::Error;
use serde_json::json;

/// A /24 no other test binary uses: `10.<200+n>.<pid % 250>.0/24`.
fn subnet(n: u8) -> (String, String) {
    let prefix = format!("10.{}.{}", 200 + n, std::process::id() % 250);
    (format!("{prefix}.0/24"), prefix)
}

#[tokio::test]
async fn ipam_connect_alias_resolution_and_disconnect() {
    let docker = common::docker();
    let name = common::unique_name("net");
    let (cidr, prefix) = subnet(0);
    let net = docker
        .networks()
        .create(&name)
        .ipam(
            IPAMConfig::new().pool(
                IPAMPool::new(&cidr)
                    .ip_range(format!("{prefix}.128/25"))
                    .gateway(format!("{prefix}.1")),
            ),
        )
        .label("dsdk.test", &name)
        .option("com.docker.network.bridge.enable_icc", "true")
        .await
        .unwrap();
    let _net_guard = common::on_drop({
        let docker = docker.clone();
        let id = net.id().to_string();
        move || common::remove_raw(&docker, format!("/networks/{id}"))
    });
    assert_eq!(net.name(), name);
    let pools = net.attrs().ipam.clone().unwrap().config.unwrap();
    assert_eq!(pools[0].subnet.as_deref(), Some(cidr.as_str()));
    assert_eq!(
        pools[0].gateway.as_deref(),
        Some(format!("{prefix}.1").as_str())
    );
    assert_eq!(net.attrs().labels.as_ref().unwrap()["dsdk.test"], name);

    // The server: started on the default bridge, then connected with an alias and a static address.
    let server_name = common::unique_name("net-server");
    let server = raw_containers::create(
        &docker,
        &server_name,
        raw_containers::body(&["sleep", "300"], json!({})),
    )
    .await
    .unwrap();
    let _server_guard = common::on_drop({
        let docker = docker.clone();
        let id = server.clone();
        move || common::remove_raw(&docker, format!("/containers/{id}"))
    });
    raw_containers::start(&docker, &server).await.unwrap();
    let alias = format!("web-{}", std::process::id());
    let static_ip = format!("{prefix}.10");
    net.connect(&server_name)
        .alias(&alias)
        .ipv4_address(&static_ip)
        .await
        .unwrap();

    let mut net = docker.networks().get(net.id()).await.unwrap();
    assert!(
        net.container_ids().contains(&server),
        "{:?}",
        net.containers()
    );
    let endpoint = &net.containers()[&server];
    assert_eq!(
        endpoint.ipv4_address.as_deref(),
        Some(format!("{static_ip}/24").as_str())
    );

    // The client is connected through the API too (with its own alias) before it starts; it resolves
    // the server by its alias and reaches its static address.
    let client_name = common::unique_name("net-client");
    let script = format!("ping -c 1 -W 5 {alias} | grep -F '({static_ip})'");
    let _client_guard = common::on_drop({
        let docker = docker.clone();
        let client_name = client_name.clone();
        move || common::remove_raw(&docker, format!("/containers/{client_name}"))
    });
    let client = raw_containers::create(
        &docker,
        &client_name,
        raw_containers::body(&["sh", "-c", &script], json!({})),
    )
    .await
    .unwrap();
    net.connect(&client).alias("client").await.unwrap();
    raw_containers::start(&docker, &client).await.unwrap();
    let code = raw_containers::wait(&docker, &client).await.unwrap();
    assert_eq!(code, 0, "{alias} did not resolve to {static_ip}");
    let client_inspect = raw_containers::inspect(&docker, &client).await.unwrap();
    let aliases = &client_inspect["NetworkSettings"]["Networks"][&name]["Aliases"];
    assert!(
        aliases.as_array().unwrap().contains(&json!("client")),
        "{aliases}"
    );

    net.disconnect(&server_name).await.unwrap();
    net.reload().await.unwrap();
    assert!(!net.container_ids().contains(&server));
    let err = net.disconnect(&server_name).force(true).await.unwrap_err();
    assert!(
        matches!(err, Error::Api { .. } | Error::NotFound { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn endpoint_config_connect_with_link_local_and_driver_opts() {
    let docker = common::docker();
    let name = common::unique_name("net-ep");
    let (cidr, prefix) = subnet(1);
    let net = docker
        .networks()
        .create(&name)
        .ipam(IPAMConfig::new().pool(IPAMPool::new(&cidr)))
        .await
        .unwrap();
    let _net_guard = common::on_drop({
        let docker = docker.clone();
        let id = net.id().to_string();
        move || common::remove_raw(&docker, format!("/networks/{id}"))
    });
    let cname = common::unique_name("net-ep-c");
    let id = raw_containers::create(&docker, &cname, raw_containers::body(&["true"], json!({})))
        .await
        .unwrap();
    let _c_guard = common::on_drop({
        let docker = docker.clone();
        let id = id.clone();
        move || common::remove_raw(&docker, format!("/containers/{id}"))
    });
    net.connect(&id)
        .endpoint_config(
            EndpointConfig::new()
                .aliases(["a1", "a2"])
                .ipv4_address(format!("{prefix}.20"))
                .link_local_ip("169.254.10.10")
                .driver_opt("com.example.opt", "1"),
        )
        .await
        .unwrap();
    let inspect = raw_containers::inspect(&docker, &id).await.unwrap();
    let ep = &inspect["NetworkSettings"]["Networks"][&name];
    assert_eq!(
        ep["IPAMConfig"]["IPv4Address"],
        json!(format!("{prefix}.20"))
    );
    assert_eq!(ep["IPAMConfig"]["LinkLocalIPs"], json!(["169.254.10.10"]));
    let aliases = ep["Aliases"].as_array().unwrap();
    assert!(aliases.contains(&json!("a1")) && aliases.contains(&json!("a2")));
    assert_eq!(ep["DriverOpts"]["com.example.opt"], json!("1"));
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let docker = common::docker();
    let name = common::unique_name("net-bad");
    let err = docker
        .networks()
        .create(&name)
        .ipam(IPAMConfig::new().pool(IPAMPool::new("10.1.0.0/16").gateway("10.2.0.1")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    // Nothing was created.
    assert!(docker
        .networks()
        .get(&name)
        .await
        .unwrap_err()
        .is_not_found());

    let err = docker.networks().create("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

#[tokio::test]
async fn list_filters_greedy_and_prune_by_label() {
    let docker = common::docker();
    let label = common::unique_name("net-prune");
    let mut ids = Vec::new();
    let mut guards = Vec::new();
    for i in 0..2 {
        let net = docker
            .networks()
            .create(format!("{label}-{i}"))
            .label("dsdk.prune", &label)
            .internal(true)
            .await
            .unwrap();
        assert_eq!(net.attrs().internal, Some(true));
        let id = net.id().to_string();
        guards.push(common::on_drop({
            let docker = docker.clone();
            let id = id.clone();
            move || common::remove_raw(&docker, format!("/networks/{id}"))
        }));
        ids.push(id);
    }

    let listed = docker
        .networks()
        .list()
        .filter("label", format!("dsdk.prune={label}"))
        .await
        .unwrap();
    let mut listed_ids: Vec<_> = listed.iter().map(|n| n.id().to_string()).collect();
    listed_ids.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(listed_ids, want);

    let by_name = docker
        .networks()
        .list()
        .names([format!("{label}-0")])
        .greedy(true)
        .await
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].id(), ids[0]);
    assert!(
        by_name[0].attrs().containers.is_some(),
        "greedy lists inspect"
    );

    let by_id = docker.networks().list().ids([&ids[1]]).await.unwrap();
    assert_eq!(by_id.len(), 1);

    let pruned = docker
        .networks()
        .prune()
        .filter("label", format!("dsdk.prune={label}"))
        .await
        .unwrap();
    let mut deleted = pruned.networks_deleted.unwrap_or_default();
    deleted.sort();
    let mut names = vec![format!("{label}-0"), format!("{label}-1")];
    names.sort();
    assert_eq!(deleted, names);
    for id in &ids {
        assert!(docker.networks().get(id).await.unwrap_err().is_not_found());
    }
}

#[test]
fn blocking_create_connect_list_and_remove() {
    let docker = docker_sdk::blocking::Docker::from(common::docker());
    let name = common::unique_name("net-blocking");
    let (cidr, prefix) = subnet(2);
    let net = docker
        .networks()
        .create(&name)
        .ipam(IPAMConfig::new().pool(IPAMPool::new(&cidr)))
        .label("dsdk.blocking", &name)
        .send()
        .unwrap();
    let _net_guard = common::on_drop({
        let docker = docker.async_client().clone();
        let id = net.id().to_string();
        move || common::remove_raw(&docker, format!("/networks/{id}"))
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let async_docker = docker.async_client().clone();
    let cname = common::unique_name("net-blocking-c");
    let id = rt
        .block_on(raw_containers::create(
            &async_docker,
            &cname,
            raw_containers::body(&["sleep", "300"], json!({})),
        ))
        .unwrap();
    let _c_guard = common::on_drop({
        let docker = async_docker.clone();
        let id = id.clone();
        move || common::remove_raw(&docker, format!("/containers/{id}"))
    });
    // A running container, so the network lists its endpoint.
    rt.block_on(raw_containers::start(&async_docker, &id))
        .unwrap();
    net.connect(&id)
        .alias("blocky")
        .ipv4_address(format!("{prefix}.30"))
        .send()
        .unwrap();
    let mut net = docker.networks().get(net.id()).send().unwrap();
    assert!(net.container_ids().contains(&id));
    net.disconnect(&id).force(true).send().unwrap();
    net.reload().unwrap();
    assert!(net.containers().is_empty());
    let listed = docker
        .networks()
        .list()
        .filter("label", format!("dsdk.blocking={name}"))
        .send()
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name(), name);
    net.remove().unwrap();
    assert!(docker
        .networks()
        .get(&name)
        .send()
        .unwrap_err()
        .is_not_found());
}
