//! Image builds against the real daemon: directory contexts with `.dockerignore`, Dockerfiles outside the
//! context or in memory, tar and gzip contexts, options, failures, proxies and registry credentials.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use docker_sdk::config::{ConfigFile, CredentialStore};
use docker_sdk::images::{BuiltImage, ContainerLimits};
use docker_sdk::{Docker, Error};
use futures_util::StreamExt;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn joined(built: &BuiltImage) -> String {
    built.log.concat()
}

#[tokio::test]
async fn build_a_directory_with_options() {
    let docker = common::docker();
    let tag = format!("{}:v1", common::unique_name("build-opts"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Dockerfile",
        &format!(
            "FROM {}\nARG V\nRUN echo \"v=$V\" && grep -q 'myhost' /etc/hosts\nCOPY hello.txt /hello.txt\n",
            common::IMAGE
        ),
    );
    write(dir.path(), "hello.txt", "hi\n");
    let built = docker
        .images()
        .build(dir.path())
        .tag(&tag)
        .build_arg("V", "42")
        .label("org.example.team", "web")
        .extra_host("myhost", "10.9.8.7")
        .container_limits(ContainerLimits::default().memory(256 << 20).memswap(-1))
        .shm_size(32 << 20)
        .forcerm(true)
        .network_mode("none")
        .await
        .unwrap();
    let log = joined(&built);
    assert!(log.contains("v=42"), "{log}");
    assert!(built.image.tags().contains(&tag));
    assert_eq!(built.image.labels()["org.example.team"], "web");
}

#[tokio::test]
async fn a_failing_step_is_error_build_with_the_log() {
    let docker = common::docker();
    let err = docker
        .images()
        .build_from_dockerfile(format!(
            "FROM {}\nRUN echo before-failing && exit 3\n",
            common::IMAGE
        ))
        .forcerm(true)
        .await
        .unwrap_err();
    match err {
        Error::Build { message, log } => {
            // The builders word it differently: Docker's "… returned a non-zero code: 3", buildah's (in
            // Podman) "building at STEP "RUN …": while running runtime: exit status 3".
            let code = if common::is_podman() {
                "exit status 3"
            } else {
                "non-zero code: 3"
            };
            assert!(message.contains(code), "{message}");
            assert!(log.concat().contains("before-failing"), "{log:?}");
        }
        other => panic!("expected Error::Build, got {other:?}"),
    }

    let err = docker
        .images()
        .build_from_dockerfile("FRUM nothing\n")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build { .. }), "{err:?}");
}

#[tokio::test]
async fn the_stream_reports_a_failure_as_an_err_item() {
    let docker = common::docker();
    let mut stream = docker
        .images()
        .build_from_dockerfile(format!("FROM {}\nRUN exit 7\n", common::IMAGE))
        .forcerm(true)
        .stream()
        .await
        .unwrap();
    let mut last = None;
    while let Some(item) = stream.next().await {
        if let Err(e) = item {
            last = Some(e);
        }
    }
    assert!(
        matches!(last, Some(Error::Stream { ref message, .. }) if message.contains("7")),
        "{last:?}"
    );
}

#[tokio::test]
async fn dockerfile_in_memory_or_outside_combines_with_a_directory() {
    let docker = common::docker();
    let context = tempfile::tempdir().unwrap();
    write(context.path(), "data/a.txt", "alpha-content\n");
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("Dockerfile.ci");
    std::fs::write(
        &outside,
        format!(
            "FROM {}\nCOPY data /data\nRUN cat /data/a.txt\n",
            common::IMAGE
        ),
    )
    .unwrap();

    let tag1 = format!("{}:mem", common::unique_name("build-mem"));
    let _g1 = common::remove_image_on_drop(&docker, &tag1);
    let built = docker
        .images()
        .build(context.path())
        .dockerfile_contents(format!(
            "FROM {}\nCOPY . /ctx\nRUN cat /ctx/data/a.txt\n",
            common::IMAGE
        ))
        .tag(&tag1)
        .await
        .unwrap();
    assert!(joined(&built).contains("alpha-content"), "{:?}", built.log);
    let files = common::image_files::image_files(&docker, &tag1).await;
    let in_ctx: Vec<&String> = files.iter().filter(|f| f.starts_with("ctx/")).collect();
    // The generated Dockerfile (and the .dockerignore made to hide it) are kept out of `COPY .`.
    assert_eq!(in_ctx, [&"ctx/data/a.txt".to_string()]);

    let tag2 = format!("{}:out", common::unique_name("build-out"));
    let _g2 = common::remove_image_on_drop(&docker, &tag2);
    let built = docker
        .images()
        .build(context.path())
        .dockerfile(&outside)
        .tag(&tag2)
        .await
        .unwrap();
    assert!(joined(&built).contains("alpha-content"), "{:?}", built.log);
}

/// A gzip-compressed tar holding a Dockerfile and one file.
fn gzip_context() -> Vec<u8> {
    let dockerfile = format!(
        "FROM {}\nCOPY msg.txt /msg.txt\nRUN cat /msg.txt\n",
        common::IMAGE
    );
    let mut builder = tar::Builder::new(Vec::new());
    for (name, text) in [
        ("Dockerfile", dockerfile.as_str()),
        ("msg.txt", "from-a-tar\n"),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, name, text.as_bytes())
            .unwrap();
    }
    let tar = builder.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar).unwrap();
    gz.finish().unwrap()
}

#[tokio::test]
async fn build_from_a_gzip_tar_read_from_any_reader() {
    let docker = common::docker();
    let tag = format!("{}:tar", common::unique_name("build-tar"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let reader = std::io::Cursor::new(gzip_context());
    let built = docker
        .images()
        .build_from_tar(reader)
        .tag(&tag)
        .await
        .unwrap();
    assert!(joined(&built).contains("from-a-tar"), "{:?}", built.log);

    // Directory-only options are refused for a tar context.
    let err = docker
        .images()
        .build_from_tar(std::io::Cursor::new(Vec::new()))
        .exclude(["x"])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

#[tokio::test]
async fn quiet_build_still_finds_the_image() {
    let docker = common::docker();
    let tag = format!("{}:q", common::unique_name("build-quiet"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let built = docker
        .images()
        .build_from_dockerfile(format!("FROM {}\nLABEL quiet=yes\n", common::IMAGE))
        .quiet(true)
        .tag(&tag)
        .await
        .unwrap();
    assert_eq!(built.image.labels()["quiet"], "yes");
    assert!(!joined(&built).contains("Step"), "{:?}", built.log);
}

/// Builds `FROM scratch` + `COPY . /ctx` from `tree` (path → contents) with `ignore` as .dockerignore,
/// and returns the files the image holds under /ctx.
async fn copied_files(docker: &Docker, tree: &[&str], ignore: &str) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    for rel in tree {
        write(dir.path(), rel, rel);
    }
    write(dir.path(), ".dockerignore", ignore);
    write(dir.path(), "Dockerfile", "FROM scratch\nCOPY . /ctx\n");
    let tag = format!("{}:ign", common::unique_name("ignore"));
    let _guard = common::remove_image_on_drop(docker, &tag);
    docker.images().build(dir.path()).tag(&tag).await.unwrap();
    common::image_files::image_files(docker, &tag)
        .await
        .into_iter()
        .filter_map(|f| f.strip_prefix("ctx/").map(str::to_string))
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn dockerignore_rules_decide_what_reaches_the_image() {
    let docker = common::docker();
    let tree = [
        "a.txt",
        "b.log",
        "dir/c.txt",
        "dir/d.log",
        "dir/sub/e.txt",
        "node_modules/x/y.js",
        "node_modules/keep.js",
        "docs/readme.md",
        "docs/private/secret.md",
        ".git/HEAD",
    ];
    let ignore = "# a comment\n*.log\n**/*.log\nnode_modules\n!node_modules/keep.js\n.git\n  docs/private/  \n/dir/sub\n";
    let got = copied_files(&docker, &tree, ignore).await;
    let want = set(&[
        ".dockerignore",
        "Dockerfile",
        "a.txt",
        "dir/c.txt",
        "node_modules/keep.js",
        "docs/readme.md",
    ]);
    assert_eq!(got, want);

    let tree = [
        "x.tmp",
        "important.tmp",
        "sub/y.tmp",
        "src/a1.rs",
        "src/a2.rs",
        "src/b3.rs",
        "src/c4.rs",
        "src/main.rs",
        "Src/a5.rs",
    ];
    let ignore = "**/*.tmp\n!important.tmp\nsrc/[ab]?.rs\n!src/a1.rs\n";
    let got = copied_files(&docker, &tree, ignore).await;
    let want = set(&[
        ".dockerignore",
        "Dockerfile",
        "important.tmp",
        "src/a1.rs",
        "src/c4.rs",
        "src/main.rs",
        "Src/a5.rs",
    ]);
    assert_eq!(
        got, want,
        "matching is case-sensitive and the last match wins"
    );
}

#[tokio::test]
async fn config_proxies_become_build_args_and_user_args_win() {
    let docker = common::docker();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"proxies":{"default":{"httpProxy":"http://proxy.example:3128","noProxy":"internal"}}}"#,
    )
    .unwrap();
    let store = CredentialStore::new(ConfigFile::load(dir.path()).unwrap());
    let tag = format!("{}:proxy", common::unique_name("build-proxy"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let built = docker
        .images()
        .build_from_dockerfile(format!(
            "FROM {}\nRUN echo \"up=$HTTP_PROXY low=$http_proxy no=$no_proxy\"\n",
            common::IMAGE
        ))
        .credentials(store.clone())
        .build_arg("HTTP_PROXY", "http://mine:1")
        .tag(&tag)
        .await
        .unwrap();
    let log = joined(&built);
    assert!(
        log.contains("up=http://mine:1 low=http://proxy.example:3128 no=internal"),
        "{log}"
    );

    let tag2 = format!("{}:noproxy", common::unique_name("build-proxy"));
    let _guard2 = common::remove_image_on_drop(&docker, &tag2);
    let built = docker
        .images()
        .build_from_dockerfile(format!(
            "FROM {}\nRUN echo \"low=$http_proxy.\"\n",
            common::IMAGE
        ))
        .credentials(store)
        .use_config_proxy(false)
        .nocache(true)
        .tag(&tag2)
        .await
        .unwrap();
    assert!(joined(&built).contains("low=."), "{:?}", built.log);
}

#[tokio::test]
async fn a_private_base_image_is_pulled_with_credentials_for_its_registry_only() {
    use std::os::unix::fs::PermissionsExt;
    let docker = common::docker();
    // A private base image in the registry with auth, not present locally.
    let base_repo = format!("127.0.0.1:5000/{}", common::unique_name("private-base"));
    let base = format!("{base_repo}:v1");
    let _base_guard = common::remove_image_on_drop(&docker, &base);
    docker
        .images()
        .get(common::IMAGE)
        .await
        .unwrap()
        .tag(&base_repo, Some("v1"))
        .await
        .unwrap();
    docker
        .images()
        .push(&base)
        .auth(docker_sdk::config::AuthConfig::basic(
            "testuser",
            "testpassword",
        ))
        .await
        .unwrap();
    docker.images().remove(&base).await.unwrap();

    // A helper that answers for that registry and logs every call.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.log");
    let script = format!(
        "#!/bin/sh\ninput=$(cat)\necho \"$1 $input\" >> '{}'\nif [ \"$1\" = get ] && [ \"$input\" = 127.0.0.1:5000 ]; then\n  printf '{{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"testuser\",\"Secret\":\"testpassword\"}}'\nelse\n  echo 'credentials not found in native keychain'; exit 1\nfi\n",
        log.display()
    );
    let helper = dir.path().join("docker-credential-test");
    std::fs::write(&helper, script).unwrap();
    std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.path().join("config.json"), r#"{"credsStore":"test"}"#).unwrap();
    let store = || {
        CredentialStore::new(ConfigFile::load(dir.path()).unwrap())
            .with_search_path(dir.path().as_os_str())
    };

    let dockerfile = format!("FROM {base}\nRUN echo built-on-private-base\n");
    // Without credentials the daemon cannot pull the base image.
    let err = docker
        .images()
        .anonymous()
        .build_from_dockerfile(&dockerfile)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build { .. }), "{err:?}");

    let tag = format!("{}:on-private", common::unique_name("build-private"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let built = docker
        .images()
        .build_from_dockerfile(&dockerfile)
        .credentials(store())
        .cache_from(common::IMAGE)
        .tag(&tag)
        .await
        .unwrap();
    assert!(joined(&built).contains("built-on-private-base"));
    // The helper ran for the base image's registry and the cache source's (Docker Hub), nothing else,
    // and was never asked to list everything.
    let calls = std::fs::read_to_string(&log).unwrap();
    let mut calls: Vec<&str> = calls.lines().collect();
    calls.sort();
    assert_eq!(
        calls,
        ["get 127.0.0.1:5000", "get https://index.docker.io/v1/"]
    );
}

#[tokio::test]
async fn prune_builds_with_a_filter_matching_nothing() {
    let docker = common::docker();
    let pruned = docker
        .images()
        .prune_builds()
        .filter("id", common::unique_name("no-such-cache"))
        .await;
    if common::is_podman() {
        // Podman 4 keeps no BuildKit cache and has no build cache endpoint.
        let err = pruned.unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedEndpoint { endpoint, .. } if endpoint == "POST /build/prune"),
            "{err:?}"
        );
        return;
    }
    assert_eq!(pruned.unwrap().space_reclaimed.unwrap_or(0), 0);
}

/// Serves `body` as text/plain to every GET on a local port; returns the URL.
async fn serve_text(body: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = conn.read(&mut buf).await;
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                    body.len(),
                    body
                );
                let _ = conn.write_all(response.as_bytes()).await;
                let _ = conn.shutdown().await;
            });
        }
    });
    format!("http://{addr}/Dockerfile")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn build_from_a_remote_dockerfile_url() {
    let docker = common::docker();
    let url = serve_text(format!("FROM {}\nLABEL remote=yes\n", common::IMAGE)).await;
    let tag = format!("{}:remote", common::unique_name("build-remote"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let built = docker.images().build_from_remote(&url).tag(&tag).await;
    if common::is_podman() {
        // Podman 4.3 downloads a remote plain Dockerfile but then looks for it under another directory
        // of its temporary context: the build fails before the first step.
        let err = built.unwrap_err();
        assert!(
            matches!(&err, Error::Build { message, log }
                if message.contains("/Dockerfile: no such file or directory") && log.is_empty()),
            "{err:?}"
        );
        return;
    }
    assert_eq!(built.unwrap().image.labels()["remote"], "yes");
}

/// The entry names of the tar the crate streams for `dir` (what the daemon receives).
async fn streamed_entries(dir: &Path) -> BTreeSet<String> {
    let mut stream = docker_sdk::build::BuildContext::from_dir(dir).into_stream();
    let mut tar = Vec::new();
    while let Some(chunk) = stream.next().await {
        tar.extend_from_slice(&chunk.unwrap());
    }
    let mut archive = tar::Archive::new(std::io::Cursor::new(tar));
    archive
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn the_dockerfile_and_dockerignore_are_sent_even_when_dockerignore_excludes_them() {
    let docker = common::docker();
    for ignore in ["Dockerfile\n.dockerignore\n*.txt\n", "*\n!keep.md\n"] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "a");
        write(dir.path(), "keep.md", "keep");
        write(dir.path(), ".dockerignore", ignore);
        write(dir.path(), "Dockerfile", "FROM scratch\nCOPY . /ctx\n");
        // Both are in the archive sent to the daemon …
        assert_eq!(
            streamed_entries(dir.path()).await,
            set(&[".dockerignore", "Dockerfile", "keep.md"]),
            "{ignore:?}"
        );
        // … so the daemon finds the Dockerfile, and it applies the .dockerignore itself: `COPY .` then
        // leaves out the two files it excludes (the daemon drops them from the context after reading
        // them), which it could not do had the .dockerignore not been sent.
        let tag = format!("{}:ign", common::unique_name("ignore-self"));
        let _guard = common::remove_image_on_drop(&docker, &tag);
        docker.images().build(dir.path()).tag(&tag).await.unwrap();
        let files: BTreeSet<String> = common::image_files::image_files(&docker, &tag)
            .await
            .into_iter()
            .filter_map(|f| f.strip_prefix("ctx/").map(str::to_string))
            .collect();
        assert_eq!(files, set(&["keep.md"]), "{ignore:?}");
    }
}

const REGISTRY: &str = "127.0.0.1:5000";

fn good_auth() -> docker_sdk::config::AuthConfig {
    docker_sdk::config::AuthConfig::basic("testuser", "testpassword")
}

/// Pushes the fixture image to the registry with auth under a unique name, removes it locally and
/// returns its name (removed again at the end of the scope through the guard).
async fn private_base(docker: &Docker, what: &str) -> (String, common::Cleanup<impl FnOnce()>) {
    let base = common::tag_fixture(docker, REGISTRY, what).await;
    let guard = common::remove_image_on_drop(docker, &base);
    docker.images().push(&base).auth(good_auth()).await.unwrap();
    docker.images().remove(&base).await.unwrap();
    (base, guard)
}

/// A plain tar holding only a Dockerfile with `text`.
fn dockerfile_tar(text: &str) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(text.len() as u64);
    header.set_mode(0o644);
    builder
        .append_data(&mut header, "Dockerfile", text.as_bytes())
        .unwrap();
    builder.into_inner().unwrap()
}

/// A directory with `config.json` (`config`) and a `docker-credential-test` helper that answers for the
/// registry with auth and logs each call to `calls.log`.
fn helper_dir(config: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "#!/bin/sh\ninput=$(cat)\necho \"$1 $input\" >> '{}'\nif [ \"$1\" = get ] && [ \"$input\" = {REGISTRY} ]; then\n  printf '{{\"ServerURL\":\"{REGISTRY}\",\"Username\":\"testuser\",\"Secret\":\"testpassword\"}}'\nelse\n  echo 'credentials not found in native keychain'; exit 1\nfi\n",
        dir.path().join("calls.log").display()
    );
    let helper = dir.path().join("docker-credential-test");
    std::fs::write(&helper, script).unwrap();
    std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.path().join("config.json"), config).unwrap();
    dir
}

fn helper_calls(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("calls.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn store_in(dir: &Path) -> CredentialStore {
    CredentialStore::new(ConfigFile::load(dir).unwrap()).with_search_path(dir.as_os_str())
}

#[tokio::test]
async fn a_tar_context_gets_credentials_named_explicitly_or_stored_inline() {
    use base64::Engine as _;
    let docker = common::docker();
    let (base, _base_guard) = private_base(&docker, "tar-base").await;
    let dockerfile = format!("FROM {base}\nRUN echo built-from-tar\n");
    let tar = || std::io::Cursor::new(dockerfile_tar(&dockerfile));
    let tag = format!("{}:tar-auth", common::unique_name("build-tar-auth"));
    let _guard = common::remove_image_on_drop(&docker, &tag);

    // Nothing sent: the daemon cannot pull the base image.
    let err = docker
        .images()
        .anonymous()
        .build_from_tar(tar())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build { .. }), "{err:?}");

    // 1. registry_auth names the registry; nothing is looked up.
    let built = docker
        .images()
        .anonymous()
        .build_from_tar(tar())
        .registry_auth(REGISTRY, good_auth())
        .tag(&tag)
        .await
        .unwrap();
    assert!(joined(&built).contains("built-from-tar"), "{:?}", built.log);
    docker.images().remove(&base).await.unwrap();

    // 2. The inline `auths` of config.json are sent; the configured helper does not run.
    let basic = base64::engine::general_purpose::STANDARD.encode("testuser:testpassword");
    let dir = helper_dir(&format!(
        r#"{{"credsStore":"test","auths":{{"{REGISTRY}":{{"auth":"{basic}"}}}}}}"#
    ));
    docker
        .images()
        .build_from_tar(tar())
        .credentials(store_in(dir.path()))
        .tag(&tag)
        .await
        .unwrap();
    assert_eq!(helper_calls(dir.path()), Vec::<String>::new());
    docker.images().remove(&base).await.unwrap();

    // 3. credentials_for runs the helper for exactly the registries named.
    let dir = helper_dir(r#"{"credsStore":"test"}"#);
    docker
        .images()
        .build_from_tar(tar())
        .credentials(store_in(dir.path()))
        .credentials_for([REGISTRY])
        .tag(&tag)
        .await
        .unwrap();
    assert_eq!(helper_calls(dir.path()), [format!("get {REGISTRY}")]);
    docker.images().remove(&base).await.unwrap();

    // 4. An explicit auth goes to its own server address when the registries are unknown.
    docker
        .images()
        .anonymous()
        .build_from_tar(tar())
        .auth(good_auth().with_server_address(REGISTRY))
        .tag(&tag)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_lowercase_dockerfile_is_read_for_its_registries() {
    let docker = common::docker();
    let (base, _base_guard) = private_base(&docker, "lower-base").await;
    let ctx = tempfile::tempdir().unwrap();
    write(
        ctx.path(),
        "dockerfile",
        &format!("FROM {base}\nRUN echo built-from-lowercase\n"),
    );
    let dir = helper_dir(r#"{"credsStore":"test"}"#);
    let tag = format!("{}:lower", common::unique_name("build-lower"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let built = docker
        .images()
        .build(ctx.path())
        .credentials(store_in(dir.path()))
        .tag(&tag)
        .await
        .unwrap();
    assert!(joined(&built).contains("built-from-lowercase"));
    assert_eq!(helper_calls(dir.path()), [format!("get {REGISTRY}")]);
}

#[test]
fn blocking_tar_builds_take_registry_credentials_too() {
    let docker = common::docker();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (base, _base_guard) = rt.block_on(private_base(&docker, "blocking-tar-base"));
    drop(rt);
    let blocking = docker_sdk::blocking::Docker::from(docker.clone());
    let dockerfile = format!("FROM {base}\nRUN echo blocking-tar\n");
    let tag = format!("{}:btar", common::unique_name("build-blocking-tar"));
    let _guard = common::remove_image_on_drop(&docker, &tag);
    let built = blocking
        .images()
        .build_from_tar(std::io::Cursor::new(dockerfile_tar(&dockerfile)))
        .registry_auth(REGISTRY, good_auth())
        .tag(&tag)
        .send()
        .unwrap();
    assert!(built.log.concat().contains("blocking-tar"));
    blocking.images().remove(&base).send().unwrap();
    let dir = helper_dir(r#"{"credsStore":"test"}"#);
    blocking
        .images()
        .build_from_tar(std::io::Cursor::new(dockerfile_tar(&dockerfile)))
        .credentials(store_in(dir.path()))
        .credentials_for([REGISTRY])
        .tag(&tag)
        .send()
        .unwrap();
    assert_eq!(helper_calls(dir.path()), [format!("get {REGISTRY}")]);
}
