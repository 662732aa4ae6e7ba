//! ssh processes end with their connections: a test binary of its own, so that no other test's ssh
//! processes are counted. Its tests take turns (one lock), for the same reason.

mod common;

use std::sync::Mutex;
use std::time::Duration;

use docker_sdk::config::Env;
use docker_sdk::{Docker, DockerBuilder};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Our own child processes named ssh, zombies included: "pid state" for each, from /proc.
fn ssh_children() -> Vec<String> {
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue; // gone meanwhile, or not a process
        };
        // pid (comm) state ppid ...; comm may hold spaces, so split at the last ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let comm = head.split_once('(').map(|(_, c)| c).unwrap_or("");
        let mut fields = rest.split_whitespace();
        let (state, ppid) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
        if ppid == me && comm == "ssh" {
            found.push(format!("{} {state}", entry.file_name().to_string_lossy()));
        }
    }
    found.sort();
    found
}

/// Whether the process of `entry` ("pid state") is in `list`; its state may have changed meanwhile.
fn same_pid_in(entry: &str, list: &[String]) -> bool {
    let pid = |e: &str| e.split_whitespace().next().unwrap_or("").to_string();
    list.iter().any(|e| pid(e) == pid(entry))
}

/// Polls (up to 5 s) until `ok` holds for our ssh children; returns the last list seen.
async fn ssh_children_until(ok: impl Fn(&[String]) -> bool) -> Vec<String> {
    let mut seen = ssh_children();
    for _ in 0..50 {
        if ok(&seen) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        seen = ssh_children();
    }
    seen
}

/// A client over ssh.env that keeps at most `idle` connections.
fn ssh_client(idle: usize) -> Docker {
    let home = std::env::var("HOME").unwrap_or_default();
    let config = std::env::temp_dir().join("docker-sdk-no-config");
    let mut pairs = common::env_file("ssh");
    pairs.push(("HOME".into(), home));
    pairs.push(("DOCKER_CONFIG".into(), config.display().to_string()));
    DockerBuilder::from_env(&Env::from_pairs(pairs))
        .unwrap()
        .pool_max_idle(idle)
        .build()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn ssh_processes_are_reaped_when_connections_and_clients_go() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    runtime().block_on(async {
        let docker = common::docker_from_env_file("ssh");
        let pings = (0..4).map(|_| docker.ping());
        for r in futures_util::future::join_all(pings).await {
            r.unwrap();
        }
        assert!(
            !ssh_children().is_empty(),
            "pooled connections keep their ssh processes"
        );
        drop(docker);
        let left = ssh_children_until(|c| c.is_empty()).await;
        assert!(
            left.is_empty(),
            "ssh processes (or zombies) left after dropping the client: {left:?}"
        );
    });
}

/// A hijacked connection (exec, attach) never goes back to the pool: when it ends, its ssh process must
/// go while the client lives on. The client keeps one idle connection, so while a hijack is open there
/// are exactly two processes (the hijacked one and the idle one), and one once it is over.
#[test]
fn ssh_process_of_a_finished_hijack_is_reaped_while_the_client_lives() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    runtime().block_on(async {
        let earlier = ssh_children_until(|c| c.is_empty()).await;
        assert!(
            earlier.is_empty(),
            "ssh processes before the test: {earlier:?}"
        );
        let docker = ssh_client(1);
        let (c, _guard) = common::start(&docker, "reap-hijack", "sleep 60").await;

        // exec with stdin, half-closed.
        let (_, mut conn) = c.exec_run(["cat"]).start().await.unwrap();
        docker.ping().await.unwrap(); // a second connection, left idle in the pool
        let during = ssh_children();
        assert_eq!(during.len(), 2, "hijacked + idle: {during:?}");
        conn.write_all(b"reaped\n").await.unwrap();
        conn.shutdown().await.unwrap();
        let mut back = String::new();
        conn.read_to_string(&mut back).await.unwrap();
        assert_eq!(back, "reaped\n");
        drop(conn);
        let after = ssh_children_until(|c| c.len() <= 1).await;
        assert!(
            after.len() <= 1 && after.iter().all(|p| same_pid_in(p, &during)),
            "the finished exec's ssh process is still there: during {during:?}, after {after:?}"
        );

        // attach with stdin, to a container that ends when its stdin does.
        let name = common::unique_name("reap-attach");
        let _attach_guard = common::remove_container_on_drop(&docker, &name);
        let cat = docker
            .containers()
            .create(common::IMAGE)
            .name(&name)
            .command(["cat"])
            .stdin_open(true)
            .stdin_once(true)
            .await
            .unwrap();
        let attached = cat.attach().stdin(true).await.unwrap();
        cat.start().await.unwrap();
        docker.ping().await.unwrap();
        let during = ssh_children();
        assert_eq!(during.len(), 2, "hijacked + idle: {during:?}");
        let (output, mut stdin) = attached.split();
        stdin.write_stdin(b"attached\n").await.unwrap();
        stdin.close_stdin().await.unwrap();
        let (out, _) = output.collect_demuxed().await.unwrap();
        assert_eq!(out, b"attached\n");
        drop(stdin);
        let after = ssh_children_until(|c| c.len() <= 1).await;
        assert!(
            after.len() <= 1 && after.iter().all(|p| same_pid_in(p, &during)),
            "the finished attach's ssh process is still there: during {during:?}, after {after:?}"
        );
        // The client still works.
        docker.ping().await.unwrap();
    });
}
