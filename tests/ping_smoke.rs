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
