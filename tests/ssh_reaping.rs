//! ssh processes end with their connections: a test binary of its own, so that no other test's ssh
//! processes are counted.

mod common;

use std::time::Duration;

fn ssh_children() -> Vec<String> {
    // Our own child processes named ssh (including zombies, shown as <defunct>).
    let me = std::process::id().to_string();
    let out = std::process::Command::new("ps")
        .args(["-o", "pid=,stat=,comm=", "--ppid", &me])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("ssh"))
        .map(str::to_string)
        .collect()
}

#[test]
fn ssh_processes_are_reaped_when_connections_and_clients_go() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
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
        let mut left = ssh_children();
        for _ in 0..50 {
            if left.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            left = ssh_children();
        }
        assert!(
            left.is_empty(),
            "ssh processes (or zombies) left after dropping the client: {left:?}"
        );
    });
}
