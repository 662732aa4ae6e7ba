//! Swarm mode against the real daemon, on a single node: swarm init/update/leave, nodes, services
//! (replicas, scale, update that keeps the rest of the spec, rollback, logs, tasks, job mode), secrets
//! and configs mounted into tasks.
//!
//! All of it runs in ONE test, [`swarm_mode`], as a list of steps on one swarm: initialised once and left
//! once (forced, also when a step fails; see [`SwarmGuard`]). Every step runs even when an earlier one
//! failed, and the test fails at the end listing the failed steps. One init/leave cycle instead of one per
//! test matters on dockerd 20.10: `swarm leave` breaks name resolution (the embedded DNS) for every
//! container on user-defined networks that existed before the leave, so each leave can break other
//! tests that happen to be resolving names at that moment.
//!
//! The test holds the swarm lock ([`swarm_lock`]): a TCP port bound on 127.0.0.1, so a second run of
//! these tests in another process (another worktree, say) never shares the daemon's swarm, and the
//! operating system releases it when a run dies. Other test binaries may run at the same time: the swarm uses its own address
//! pool (10.250.0.0/16) and listens on 127.0.0.1 only, and nothing here touches objects it did not create.
//!
//! Two daemon-wide leftovers of swarm mode are cleaned up so the daemon looks as before: the `ingress`
//! network is removed right after init (dockerd 20.10 keeps listing it after `swarm leave` otherwise;
//! no test publishes ports), and `docker_gwbridge` is removed after leaving when the test created it.

mod common;

use std::future::Future;
use std::time::{Duration, Instant};

use docker_sdk::api::Method;
use docker_sdk::models::TaskState;
use docker_sdk::stream::LogOutput;
use docker_sdk::types::services::{ContainerSpec, Resources, RestartPolicy};
use docker_sdk::types::{
    ConfigReference, NetworkAttachmentConfig, ServiceMode, SwarmSpec, UpdateConfig,
};
use docker_sdk::{Docker, Error};
use futures_util::TryStreamExt;

/// The port whose listener is the swarm lock.
const LOCK_ADDR: &str = "127.0.0.1:29377";

/// Tries to take the swarm lock once.
fn try_lock() -> Option<std::net::TcpListener> {
    std::net::TcpListener::bind(LOCK_ADDR).ok()
}

/// Takes the swarm lock, waiting for another run of these tests (in another process) to finish.
async fn swarm_lock() -> std::net::TcpListener {
    let start = Instant::now();
    loop {
        if let Some(lock) = try_lock() {
            return lock;
        }
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "{LOCK_ADDR} stayed taken for 15 minutes: is something else listening there?"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The label that marks a swarm as made by these tests (so a leftover one may be removed).
const MARKER: &str = "dsdk.test.swarm";

/// Sends `POST /swarm/leave?force=true` from a plain thread (works while unwinding).
fn force_leave(docker: &Docker) {
    let docker = docker.clone();
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(docker.api().request_json(
            Method::POST,
            "/swarm/leave",
            &[("force", "true")],
            None,
        ))
    })
    .join();
}

/// Removes the network `name` from a plain thread; retried while the daemon is still tearing down.
fn remove_network(docker: &Docker, name: &str) {
    let docker = docker.clone();
    let name = name.to_string();
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            for _ in 0..20 {
                match docker.api().network_delete(&name).await {
                    Ok(()) => return,
                    Err(e) if e.is_not_found() => return,
                    Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
                }
            }
        })
    })
    .join();
}

/// A swarm initialised for one test; dropping it leaves the swarm (forced).
struct SwarmGuard {
    docker: Docker,
    node_id: String,
    had_gwbridge: bool,
}

impl SwarmGuard {
    async fn init(docker: &Docker) -> SwarmGuard {
        // With the lock held, a swarm carrying our marker was left behind by a killed run of these
        // tests and is ours to remove; any other is not.
        if let Ok(existing) = docker.swarm().inspect().await {
            let ours = existing
                .spec
                .and_then(|s| s.labels)
                .is_some_and(|l| l.contains_key(MARKER));
            assert!(
                ours,
                "this daemon is already part of a swarm these tests did not create; refusing to touch it"
            );
            force_leave(docker);
        }
        let had_gwbridge = docker.networks().get("docker_gwbridge").await.is_ok();
        let port = 30000 + std::process::id() % 10000;
        let node_id = docker
            .swarm()
            .init()
            .advertise_addr("127.0.0.1")
            .listen_addr(format!("127.0.0.1:{port}"))
            .default_addr_pool("10.250.0.0/16")
            .subnet_size(24)
            .spec(
                SwarmSpec::new()
                    .label(MARKER, "1")
                    .task_history_retention_limit(3)
                    .snapshot_interval(5000),
            )
            .await
            .expect("swarm init");
        let guard = SwarmGuard {
            docker: docker.clone(),
            node_id,
            had_gwbridge,
        };
        remove_network(docker, "ingress");
        guard
    }
}

impl Drop for SwarmGuard {
    fn drop(&mut self) {
        force_leave(&self.docker);
        if !self.had_gwbridge {
            remove_network(&self.docker, "docker_gwbridge");
        }
    }
}

/// Polls `check` every 300 ms until it returns true; panics after `timeout` naming `what`.
async fn wait_for<F, Fut>(what: &str, timeout: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = docker_sdk::Result<bool>>,
{
    let start = Instant::now();
    loop {
        match check().await {
            Ok(true) => return,
            Ok(false) => {}
            Err(e) => eprintln!("while waiting for {what}: {e}"),
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// How many tasks of the service are in `state` (and meant to be: tasks being replaced are left out).
async fn tasks_in_state(
    service: &docker_sdk::services::Service,
    state: TaskState,
) -> docker_sdk::Result<usize> {
    let tasks = service.tasks().await?;
    Ok(tasks
        .iter()
        .filter(|t| {
            t.status.as_ref().and_then(|s| s.state.as_ref()) == Some(&state)
                && t.desired_state.as_ref() == Some(&state)
        })
        .count())
}

/// Waits until exactly `n` tasks of the service run and are meant to (an update has rolled out).
async fn wait_running(service: &docker_sdk::services::Service, n: usize) {
    wait_for(
        &format!("{n} running task(s) of {}", service.name()),
        Duration::from_secs(90),
        || async { Ok(tasks_in_state(service, TaskState::Running).await? == n) },
    )
    .await;
}

async fn swarm_update_keeps_spec_and_unlock_key(docker: Docker, node_id: String) {
    assert!(!node_id.is_empty());

    let mut swarm = docker.swarm();
    assert!(swarm.attrs().is_none(), "making the handle sends nothing");
    swarm.reload().await.unwrap();
    let version = swarm.version().unwrap();
    let tokens = swarm.join_tokens().unwrap();
    assert!(tokens.worker().starts_with("SWMTKN-"));
    assert!(
        !format!("{swarm:?}").contains("SWMTKN"),
        "Debug hides tokens"
    );
    let attrs = swarm.attrs().unwrap();
    assert_eq!(
        attrs.default_addr_pool.as_deref(),
        Some(&["10.250.0.0/16".to_string()][..])
    );
    assert_eq!(attrs.subnet_size, Some(24));

    // One setting changes; the labels, task history and raft settings are kept.
    docker
        .swarm()
        .update()
        .spec(SwarmSpec::new().dispatcher_heartbeat_period(Duration::from_secs(7)))
        .rotate_worker_token(true)
        .await
        .unwrap();
    swarm.reload().await.unwrap();
    assert!(swarm.version().unwrap() > version);
    let spec = swarm.attrs().unwrap().spec.clone().unwrap();
    assert!(spec.labels.unwrap().contains_key(MARKER));
    assert_eq!(
        spec.orchestration.unwrap().task_history_retention_limit,
        Some(3)
    );
    assert_eq!(spec.raft.unwrap().snapshot_interval, Some(5000));
    assert_eq!(
        spec.dispatcher.unwrap().heartbeat_period,
        Some(7_000_000_000)
    );
    assert_ne!(swarm.join_tokens().unwrap().worker(), tokens.worker());
    assert_eq!(swarm.join_tokens().unwrap().manager(), tokens.manager());

    // Autolock gives an unlock key; rotating it gives another.
    docker
        .swarm()
        .update()
        .spec(SwarmSpec::new().autolock_managers(true))
        .await
        .unwrap();
    let key = docker.swarm().unlock_key().await.unwrap();
    assert!(key.expose().starts_with("SWMKEY-"), "{key:?}");
    assert!(!format!("{key:?}").contains("SWMKEY"));
    docker
        .swarm()
        .update()
        .rotate_manager_unlock_key(true)
        .await
        .unwrap();
    let rotated = docker.swarm().unlock_key().await.unwrap();
    assert_ne!(rotated.expose(), key.expose());
    // Unlocking a node that is not locked is refused by the daemon.
    assert!(docker.swarm().unlock(&rotated).await.is_err());
    docker
        .swarm()
        .update()
        .spec(SwarmSpec::new().autolock_managers(false))
        .await
        .unwrap();

    // Already in a swarm: init and join are refused.
    let err = docker
        .swarm()
        .init()
        .advertise_addr("127.0.0.1")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    let err = docker
        .swarm()
        .join(["127.0.0.1:2377"], tokens.worker())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already part of a swarm"), "{err}");
}

/// The last step: leave, and the swarm endpoints answer 503.
async fn leave(docker: Docker, _node_id: String) {
    docker.swarm().leave().force(true).await.unwrap();
    let err = docker.swarm().inspect().await.unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    let err = docker.swarm().leave().await.unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
}

async fn node_inspect_and_update_labels(docker: Docker, node_id: String) {
    let nodes = docker
        .nodes()
        .list()
        .filter("role", "manager")
        .await
        .unwrap();
    assert_eq!(nodes.len(), 1);
    let node = docker.nodes().get(&node_id).await.unwrap();
    assert_eq!(node.id(), node_id);
    assert_eq!(nodes[0].id(), node.id());
    assert!(!node.hostname().is_empty());
    let before = node.version().unwrap();

    node.update()
        .label("dsdk.zone", "east")
        .label("dsdk.rack", "1")
        .await
        .unwrap();
    // A second update through the same (stale) handle works: the version is read fresh.
    node.update()
        .remove_label("dsdk.rack")
        .availability("active")
        .await
        .unwrap();
    let mut node = node;
    node.reload().await.unwrap();
    assert!(node.version().unwrap() > before);
    let spec = node.attrs().spec.clone().unwrap();
    let labels = spec.labels.unwrap();
    assert_eq!(labels.get("dsdk.zone").map(String::as_str), Some("east"));
    assert!(!labels.contains_key("dsdk.rack"));
    assert_eq!(spec.role.unwrap().as_str(), "manager");

    let filtered = docker
        .nodes()
        .list()
        .filter("node.label", "dsdk.zone=east")
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1);

    let err = node.update().role("boss").await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    // The only manager cannot be removed.
    assert!(node.remove().await.is_err());
}

async fn service_replicas_scale_update_rollback_logs_and_tasks(docker: Docker, _node_id: String) {
    let net_name = common::unique_name("svc-net");
    let net = docker
        .networks()
        .create(&net_name)
        .driver("overlay")
        .attachable(true)
        .await
        .unwrap();
    assert_eq!(net.attrs().scope.as_deref(), Some("swarm"));

    let name = common::unique_name("svc");
    let service = docker
        .services()
        .create(common::IMAGE)
        .name(&name)
        .command(["sh", "-c", "echo hello-from-task; exec sleep 600"])
        .label("dsdk.keep", "yes")
        .container_label("dsdk.container", "c")
        .network(NetworkAttachmentConfig::new(&net_name).alias("web"))
        .replicas(1)
        .restart_policy(RestartPolicy::any().delay(Duration::from_millis(100)))
        .resources(Resources::new().mem_limit("64m"))
        .update_config(UpdateConfig::new().parallelism(2).order("stop-first"))
        .stop_grace_period(Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(service.name(), name);
    assert!(!service.tty());
    wait_running(&service, 1).await;

    // Scale keeps everything else.
    service.scale(2).await.unwrap();
    wait_running(&service, 2).await;

    // Update one field: labels, networks, replicas, command … are kept.
    let warnings = service
        .update()
        .env_var("DSDK_PHASE", "updated")
        .await
        .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let updated = docker.services().get(service.id()).await.unwrap();
    let spec = updated.spec().unwrap().clone();
    assert_eq!(spec.labels.as_ref().unwrap()["dsdk.keep"], "yes");
    assert_eq!(
        spec.mode
            .as_ref()
            .unwrap()
            .replicated
            .as_ref()
            .unwrap()
            .replicas,
        Some(2)
    );
    let template = spec.task_template.as_ref().unwrap();
    let networks = template.networks.as_ref().expect("networks kept");
    assert_eq!(networks.len(), 1);
    assert_eq!(
        networks[0].aliases.as_deref(),
        Some(&["web".to_string()][..])
    );
    let container = template.container_spec.as_ref().unwrap();
    assert_eq!(
        container.env.as_deref(),
        Some(&["DSDK_PHASE=updated".to_string()][..])
    );
    assert_eq!(container.labels.as_ref().unwrap()["dsdk.container"], "c");
    assert_eq!(container.command.as_ref().unwrap()[0], "sh");
    assert_eq!(
        template
            .resources
            .as_ref()
            .unwrap()
            .limits
            .as_ref()
            .unwrap()
            .memory_bytes,
        Some(64 << 20)
    );

    // Roll back to the spec before the update.
    service.rollback().await.unwrap();
    let rolled = docker.services().get(service.id()).await.unwrap();
    let env = rolled
        .spec()
        .unwrap()
        .task_template
        .as_ref()
        .unwrap()
        .container_spec
        .as_ref()
        .unwrap()
        .env
        .clone();
    assert_eq!(env, None, "rollback restores the previous spec");

    // Force an update: the counter goes up, the spec otherwise stays.
    service.force_update().await.unwrap();
    let forced = docker.services().get(service.id()).await.unwrap();
    assert_eq!(
        forced
            .spec()
            .unwrap()
            .task_template
            .as_ref()
            .unwrap()
            .force_update,
        Some(1)
    );
    wait_running(&service, 2).await;

    // Logs of the service, and of one task through the tasks collection.
    wait_for("the tasks' output", Duration::from_secs(30), || async {
        let out = service.logs().await?.collect_interleaved().await?;
        Ok(String::from_utf8_lossy(&out).contains("hello-from-task"))
    })
    .await;
    let running = docker
        .tasks()
        .list()
        .filter("service", &name)
        .desired_state("running")
        .await
        .unwrap();
    assert_eq!(running.len(), 2);
    let task_id = running[0].id.clone().unwrap();
    let task = docker.tasks().get(&task_id).await.unwrap();
    assert_eq!(task.service_id.as_deref(), Some(service.id()));
    let frames: Vec<LogOutput> = docker
        .tasks()
        .logs(&task_id)
        .stderr(false)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert!(frames.iter().all(LogOutput::is_stdout), "{frames:?}");
    let text: Vec<u8> = frames.iter().flat_map(|f| f.as_bytes().to_vec()).collect();
    assert!(String::from_utf8_lossy(&text).contains("hello-from-task"));

    let listed = docker
        .services()
        .list()
        .filter("label", "dsdk.keep=yes")
        .status(true)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let status = listed[0].attrs().service_status.clone().unwrap();
    assert_eq!(status.desired_tasks, Some(2));

    service.remove().await.unwrap();
    assert!(docker
        .services()
        .get(service.id())
        .await
        .unwrap_err()
        .is_not_found());
}

async fn job_mode_runs_to_completion_and_global_cannot_scale(docker: Docker, _node_id: String) {
    let job = docker
        .services()
        .create(common::IMAGE)
        .name(common::unique_name("job"))
        .command(["true"])
        .mode(ServiceMode::replicated_job(2).concurrency(1))
        .restart_policy(RestartPolicy::on_failure())
        .await
        .unwrap();
    wait_for("2 completed job tasks", Duration::from_secs(90), || async {
        Ok(tasks_in_state(&job, TaskState::Complete).await? == 2)
    })
    .await;
    let mut job = job;
    job.reload().await.unwrap();
    assert!(job.attrs().job_status.is_some(), "{:?}", job.attrs());
    let err = job.scale(3).await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");

    let global = docker
        .services()
        .create(common::IMAGE)
        .name(common::unique_name("global"))
        .command(["sleep", "600"])
        .mode(ServiceMode::global())
        .await
        .unwrap();
    wait_running(&global, 1).await;
    let err = global.scale(2).await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");

    // A spec without an image is refused before anything is sent.
    let err = docker
        .services()
        .create("")
        .name(common::unique_name("noimage"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

async fn secrets_and_configs_are_mounted_into_tasks(docker: Docker, _node_id: String) {
    let secret_name = common::unique_name("secret");
    let secret_data = b"top-secret\x00\xffbytes".to_vec();
    let mut secret = docker
        .secrets()
        .create(&secret_name, secret_data.clone())
        .label("dsdk.kind", "secret")
        .await
        .unwrap();
    assert_eq!(secret.name(), secret_name);
    assert_eq!(
        secret.attrs().spec.as_ref().unwrap().data,
        None,
        "never returned"
    );
    secret
        .set_labels([("dsdk.kind", "relabelled")])
        .await
        .unwrap();
    assert_eq!(
        secret
            .attrs()
            .spec
            .as_ref()
            .unwrap()
            .labels
            .as_ref()
            .unwrap()["dsdk.kind"],
        "relabelled"
    );

    let config_name = common::unique_name("config");
    let config = docker
        .configs()
        .create(&config_name, b"setting = 42\n".to_vec())
        .label("dsdk.kind", "config")
        .await
        .unwrap();
    assert_eq!(config.data().unwrap(), b"setting = 42\n");
    let listed = docker
        .configs()
        .list()
        .filter("name", &config_name)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].data().unwrap(), b"setting = 42\n");
    assert_eq!(
        docker
            .secrets()
            .list()
            .filter("label", "dsdk.kind=relabelled")
            .await
            .unwrap()
            .len(),
        1
    );

    // A TTY service: its logs are raw console output, not multiplexed frames.
    let service = docker
        .services()
        .create(common::IMAGE)
        .name(common::unique_name("svc-files"))
        .tty(true)
        .container_spec(|c: ContainerSpec| c.workdir("/"))
        .secret(secret.reference().filename("app-secret").mode(0o400))
        .config(ConfigReference::new(config.id(), config.name()).filename("/etc/app.conf"))
        .command([
            "sh",
            "-c",
            "echo SECRET=$(base64 /run/secrets/app-secret); echo CONFIG=$(cat /etc/app.conf); exec sleep 600",
        ])
        .await
        .unwrap();
    assert!(service.tty());
    wait_running(&service, 1).await;

    let want_secret = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&secret_data)
    };
    wait_for(
        "the files' contents in the logs",
        Duration::from_secs(30),
        || {
            let service = service.clone();
            let want_secret = want_secret.clone();
            async move {
                let frames: Vec<LogOutput> = service.logs().await?.try_collect().await?;
                let text: String = frames
                    .iter()
                    .map(|f| {
                        assert!(f.is_console(), "a TTY service's logs are raw: {f:?}");
                        String::from_utf8_lossy(f.as_bytes()).into_owned()
                    })
                    .collect();
                Ok(text.contains(&format!("SECRET={want_secret}"))
                    && text.contains("CONFIG=setting = 42"))
            }
        },
    )
    .await;

    // In use: the daemon refuses to remove them.
    assert!(secret.remove().await.is_err());
    assert!(config.remove().await.is_err());
    service.remove().await.unwrap();
    wait_for(
        "the secret to be released",
        Duration::from_secs(30),
        || async {
            match secret.remove().await {
                Ok(()) => Ok(true),
                Err(_) => Ok(false),
            }
        },
    )
    .await;
    wait_for(
        "the config to be released",
        Duration::from_secs(30),
        || async { Ok(config.remove().await.is_ok()) },
    )
    .await;
    assert!(docker
        .secrets()
        .get(&secret_name)
        .await
        .unwrap_err()
        .is_not_found());
}

/// The blocking API, on a plain thread (it refuses to run inside a runtime).
async fn blocking_swarm_service_and_secret(docker: Docker, node_id: String) {
    let result = std::thread::spawn(move || blocking_steps(docker, node_id)).join();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

fn blocking_steps(async_docker: Docker, node_id: String) {
    let docker = docker_sdk::blocking::Docker::from(async_docker);

    let mut swarm = docker.swarm();
    swarm.reload().unwrap();
    assert!(swarm.id().is_some());
    docker
        .swarm()
        .update()
        .spec(SwarmSpec::new().task_history_retention_limit(2))
        .send()
        .unwrap();
    let node = docker.nodes().get(&node_id).unwrap();
    node.update().label("dsdk.blocking", "yes").send().unwrap();
    assert_eq!(docker.nodes().list().send().unwrap().len(), 1);

    let secret = docker
        .secrets()
        .create(common::unique_name("bsecret"), b"blocking".to_vec())
        .send()
        .unwrap();
    let service = docker
        .services()
        .create(common::IMAGE)
        .name(common::unique_name("bsvc"))
        .command([
            "sh",
            "-c",
            "echo blocking-$(cat /run/secrets/s); exec sleep 600",
        ])
        .secret(secret.reference().filename("s"))
        .replicas(1)
        .send()
        .unwrap();
    let start = Instant::now();
    loop {
        let text: Vec<u8> = service
            .logs()
            .send()
            .unwrap()
            .map(|chunk| chunk.unwrap().into_bytes().to_vec())
            .collect::<Vec<_>>()
            .concat();
        if String::from_utf8_lossy(&text).contains("blocking-blocking") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "timed out waiting for the blocking service's output"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    service.scale(2).unwrap();
    let spec = docker.services().get(service.id()).send().unwrap();
    assert_eq!(
        spec.spec()
            .unwrap()
            .mode
            .as_ref()
            .unwrap()
            .replicated
            .as_ref()
            .unwrap()
            .replicas,
        Some(2)
    );
    assert!(!service.tasks().send().unwrap().is_empty());
    service.remove().unwrap();
}

type Step = fn(Docker, String) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;

macro_rules! steps {
    ($($f:ident),* $(,)?) => {
        [$( (stringify!($f), (|d, n| Box::pin($f(d, n))) as Step) ),*]
    };
}

#[tokio::test]
async fn swarm_mode() {
    let _lock = swarm_lock().await;
    let docker = common::docker();
    let guard = SwarmGuard::init(&docker).await;
    let steps = steps![
        swarm_update_keeps_spec_and_unlock_key,
        node_inspect_and_update_labels,
        service_replicas_scale_update_rollback_logs_and_tasks,
        job_mode_runs_to_completion_and_global_cannot_scale,
        secrets_and_configs_are_mounted_into_tasks,
        blocking_swarm_service_and_secret,
        leave,
    ];
    let mut failed = Vec::new();
    for (name, step) in steps {
        eprintln!("swarm step: {name}");
        let run = std::panic::AssertUnwindSafe(step(docker.clone(), guard.node_id.clone()));
        if futures_util::FutureExt::catch_unwind(run).await.is_err() {
            failed.push(name);
        }
    }
    drop(guard);
    assert!(failed.is_empty(), "swarm steps failed: {failed:?}");
}
