#[tokio::test]
async fn ping_smoke() {
    let docker = docker_sdk::Docker::from_env().unwrap();
    let info = docker.api().system_ping().await.unwrap();
    println!("{info:?}");
    assert_eq!(
        docker.api_version().await.unwrap(),
        docker_sdk::ApiVersion::V1_41
    );
}

#[test]
fn two_runtimes() {
    let docker = docker_sdk::Docker::from_env().unwrap();
    for round in 0..3 {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            for _ in 0..5 {
                docker.api().system_ping().await.unwrap();
            }
        });
        drop(rt);
        println!("round {round} ok");
    }
    let start = std::time::Instant::now();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        for _ in 0..2000 {
            docker.api().system_ping().await.unwrap();
        }
    });
    println!("per ping: {:?}", start.elapsed() / 2000);
}
