use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};

use futures_util::StreamExt;

use super::*;

/// One archive entry, as read back.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    name: String,
    kind: tar::EntryType,
    mode: u32,
    uid: u64,
    gid: u64,
    owner: (Vec<u8>, Vec<u8>),
    mtime: u64,
    link: Option<String>,
    data: Vec<u8>,
}

fn read_tar(bytes: &[u8]) -> Vec<Entry> {
    let mut archive = tar::Archive::new(bytes);
    let mut out = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut e = entry.unwrap();
        let h = e.header().clone();
        let name = String::from_utf8(e.path_bytes().into_owned()).unwrap();
        let link = e
            .link_name_bytes()
            .map(|l| String::from_utf8(l.into_owned()).unwrap());
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        out.push(Entry {
            name,
            kind: h.entry_type(),
            mode: h.mode().unwrap(),
            uid: h.uid().unwrap(),
            gid: h.gid().unwrap(),
            owner: (
                h.username_bytes().unwrap_or_default().to_vec(),
                h.groupname_bytes().unwrap_or_default().to_vec(),
            ),
            mtime: h.mtime().unwrap(),
            link,
            data,
        });
    }
    out
}

fn names(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.name.as_str()).collect()
}

fn entry<'a>(entries: &'a [Entry], name: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} not in {:?}", names(entries)))
}

async fn collect(mut stream: ContextStream) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}

async fn archive(ctx: BuildContext) -> Vec<Entry> {
    read_tar(&collect(ctx.into_stream()).await.unwrap())
}

/// Creates files (`name`, contents); a name ending in `/` is an empty directory.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        if name.ends_with('/') {
            fs::create_dir_all(&path).unwrap();
        } else {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, contents).unwrap();
        }
    }
    dir
}

fn paths(dir: &Path) -> Vec<String> {
    BuildContext::from_dir(dir).included_paths().unwrap()
}

#[tokio::test]
async fn archive_holds_the_tree_with_root_owners_and_file_metadata() {
    let dir = tree(&[
        ("Dockerfile", "FROM scratch\n"),
        ("src/main.rs", "fn main() {}\n"),
        ("src/lib/mod.rs", "// mod\n"),
        ("empty/", ""),
        ("big.bin", &"0123456789".repeat(20_000)),
    ]);
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    fs::File::options()
        .write(true)
        .open(dir.path().join("src/main.rs"))
        .unwrap()
        .set_modified(when)
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(
            dir.path().join("big.bin"),
            fs::Permissions::from_mode(0o4751),
        )
        .unwrap();
    }

    let entries = archive(BuildContext::from_dir(dir.path())).await;
    assert_eq!(
        names(&entries),
        [
            "Dockerfile",
            "big.bin",
            "empty/",
            "src/",
            "src/lib/",
            "src/lib/mod.rs",
            "src/main.rs"
        ]
    );
    for e in &entries {
        assert_eq!((e.uid, e.gid), (0, 0), "{}", e.name);
        assert_eq!(e.owner, (vec![], vec![]), "{}", e.name);
    }
    let main = entry(&entries, "src/main.rs");
    assert_eq!(main.data, b"fn main() {}\n");
    assert_eq!(main.mtime, 1_600_000_000);
    assert_eq!(main.kind, tar::EntryType::Regular);
    let big = entry(&entries, "big.bin");
    assert_eq!(big.data.len(), 200_000);
    #[cfg(unix)]
    assert_eq!(big.mode, 0o4751);
    assert_eq!(entry(&entries, "src/").kind, tar::EntryType::Directory);

    // The dry run lists the same names in the same order.
    assert_eq!(paths(dir.path()), names(&entries));
}

#[tokio::test]
async fn deterministic_mtime_zeroes_times() {
    let dir = tree(&[("Dockerfile", "FROM scratch\n"), ("a/b", "x")]);
    let entries = archive(BuildContext::from_dir(dir.path()).deterministic_mtime(true)).await;
    assert!(entries.iter().all(|e| e.mtime == 0));
    let again = archive(BuildContext::from_dir(dir.path()).deterministic_mtime(true)).await;
    assert_eq!(entries, again);
}

#[tokio::test]
async fn long_names_and_long_link_targets() {
    let long_dir = format!("{}/{}", "d".repeat(60), "e".repeat(60));
    let long_file = format!("{long_dir}/{}", "f".repeat(120));
    let dir = tree(&[
        ("Dockerfile", ""),
        (&long_file, "deep"),
        (&format!("{}/", "g".repeat(99)), ""),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&long_file, dir.path().join("link")).unwrap();

    let entries = archive(BuildContext::from_dir(dir.path())).await;
    assert_eq!(entry(&entries, &long_file).data, b"deep");
    assert_eq!(
        entry(&entries, &format!("{long_dir}/")).kind,
        tar::EntryType::Directory
    );
    assert_eq!(
        entry(&entries, &format!("{}/", "g".repeat(99))).kind,
        tar::EntryType::Directory
    );
    #[cfg(unix)]
    {
        let link = entry(&entries, "link");
        assert_eq!(link.kind, tar::EntryType::Symlink);
        assert_eq!(link.link.as_deref(), Some(long_file.as_str()));
    }
}

#[cfg(unix)]
#[tokio::test]
async fn links_special_files_and_dangling_symlinks() {
    let dir = tree(&[("Dockerfile", ""), ("data", "payload"), ("sub/x", "x")]);
    let root = dir.path();
    std::os::unix::fs::symlink("sub", root.join("to_dir")).unwrap();
    std::os::unix::fs::symlink("nowhere", root.join("dangling")).unwrap();
    fs::hard_link(root.join("data"), root.join("sub/again")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(root.join("sock")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(root.join("fifo"))
        .status()
        .is_ok_and(|s| s.success());

    let entries = archive(BuildContext::from_dir(root)).await;
    assert_eq!(
        names(&entries),
        [
            "Dockerfile",
            "dangling",
            "data",
            "sub/",
            "sub/again",
            "sub/x",
            "to_dir"
        ],
        "the socket{} must be left out, and symlinks not followed",
        if fifo { " and the FIFO" } else { "" }
    );
    assert_eq!(entry(&entries, "to_dir").link.as_deref(), Some("sub"));
    assert_eq!(entry(&entries, "dangling").kind, tar::EntryType::Symlink);
    let again = entry(&entries, "sub/again");
    assert_eq!(again.kind, tar::EntryType::Link);
    assert_eq!(again.link.as_deref(), Some("data"));
}

#[tokio::test]
async fn excluded_directory_with_an_exception_inside() {
    let dir = tree(&[
        ("Dockerfile", ""),
        (
            ".dockerignore",
            "docs\n!docs/keep\nnode_modules\n!node_modules/pkg/x\n",
        ),
        ("docs/x.md", "x"),
        ("docs/keep/y.md", "y"),
        ("docs/keep/z/w.md", "w"),
        ("node_modules/pkg/index.js", "i"),
        ("node_modules/pkg/x/y.js", "y"),
        ("node_modules/other/o.js", "o"),
    ]);
    // Checked against `docker build`: excluded directories that are walked get no entry of their own.
    assert_eq!(
        paths(dir.path()),
        [
            ".dockerignore",
            "Dockerfile",
            "docs/keep/",
            "docs/keep/y.md",
            "docs/keep/z/",
            "docs/keep/z/w.md",
            "node_modules/pkg/x/",
            "node_modules/pkg/x/y.js",
        ]
    );
    let entries = archive(BuildContext::from_dir(dir.path())).await;
    assert_eq!(entry(&entries, "docs/keep/z/w.md").data, b"w");
}

#[tokio::test]
async fn walk_cases_checked_against_the_cli() {
    let files: &[(&str, &str)] = &[
        ("Dockerfile", ""),
        ("a/b", ""),
        ("a/x/b", ""),
        ("foo/keep", ""),
        ("foo/other", ""),
        ("keep", ""),
        ("sub/Dockerfile", ""),
        ("sub/c", ""),
    ];
    // (ignore file, dockerfile, archive names recorded from `docker build`)
    let cases: &[(&str, Option<&str>, &[&str])] = &[
        // `!*/keep` does not stop `foo/` from being skipped.
        ("*\n!*/keep\n", None, &[".dockerignore", "Dockerfile"]),
        // Patterns that exclude the Dockerfile and `.dockerignore` get `!` rules added.
        (
            ".dockerignore\nDockerfile\nsub\nfoo\na\n",
            None,
            &[".dockerignore", "Dockerfile", "keep"],
        ),
        // The same for a Dockerfile in an excluded directory: the directory is walked for it.
        (
            "sub\n",
            Some("sub/Dockerfile"),
            &[
                ".dockerignore",
                "Dockerfile",
                "a/",
                "a/b",
                "a/x/",
                "a/x/b",
                "foo/",
                "foo/keep",
                "foo/other",
                "keep",
                "sub/Dockerfile",
            ],
        ),
        // ... except when the CLI's older matcher misses it (it only tries the parent at the pattern's
        // depth), so the Dockerfile is not sent at all.
        (
            "**/sub\n",
            Some("sub/Dockerfile"),
            &[
                ".dockerignore",
                "Dockerfile",
                "a/",
                "a/b",
                "a/x/",
                "a/x/b",
                "foo/",
                "foo/keep",
                "foo/other",
                "keep",
            ],
        ),
        // The walk's cached parent results: `a/b` is sent although the last pattern names `a`.
        (
            "a\n!a/b\na\n",
            None,
            &[
                ".dockerignore",
                "Dockerfile",
                "a/b",
                "foo/",
                "foo/keep",
                "foo/other",
                "keep",
                "sub/",
                "sub/Dockerfile",
                "sub/c",
            ],
        ),
        (
            "a\n!a/x/b\n",
            None,
            &[
                ".dockerignore",
                "Dockerfile",
                "a/x/b",
                "foo/",
                "foo/keep",
                "foo/other",
                "keep",
                "sub/",
                "sub/Dockerfile",
                "sub/c",
            ],
        ),
        (
            "**\n!foo\n",
            None,
            &[
                ".dockerignore",
                "Dockerfile",
                "foo/",
                "foo/keep",
                "foo/other",
            ],
        ),
    ];
    for &(ignore, dockerfile, want) in cases {
        let dir = tree(files);
        fs::write(dir.path().join(".dockerignore"), ignore).unwrap();
        let mut ctx = BuildContext::from_dir(dir.path());
        if let Some(df) = dockerfile {
            ctx = ctx.dockerfile(df);
        }
        let prepared = ctx.prepare().unwrap();
        assert_eq!(
            prepared.dockerfile(),
            Some(dockerfile.unwrap_or("Dockerfile"))
        );
        assert_eq!(prepared.included_paths().unwrap(), want, "{ignore:?}");
        let entries = read_tar(&collect(prepared.into_stream()).await.unwrap());
        assert_eq!(names(&entries), want, "{ignore:?}");
    }
}

fn generated_name(entries: &[Entry]) -> String {
    let name = entries
        .iter()
        .map(|e| e.name.clone())
        .find(|n| n.starts_with(".dockerfile."))
        .expect("a generated Dockerfile entry");
    let hex = &name[".dockerfile.".len()..];
    assert_eq!(hex.len(), 20);
    assert!(hex
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    name
}

#[tokio::test]
async fn dockerfile_outside_the_context_is_added_under_a_generated_name() {
    let outer = tree(&[
        ("ctx/a", "a"),
        ("ctx/.dockerignore", "docs"),
        ("ctx/docs/d", "d"),
        ("build.Dockerfile", "FROM x\n"),
    ]);
    let ctx_dir = outer.path().join("ctx");
    for dockerfile in [
        outer.path().join("build.Dockerfile"),
        PathBuf::from("../build.Dockerfile"),
    ] {
        let prepared = BuildContext::from_dir(&ctx_dir)
            .dockerfile(&dockerfile)
            .prepare()
            .unwrap();
        let param = prepared.dockerfile().unwrap().to_string();
        let entries = read_tar(&collect(prepared.into_stream()).await.unwrap());
        let name = generated_name(&entries);
        assert_eq!(param, name);
        // Like the CLI: walked entries first, then the generated file; `.dockerignore` gets its name.
        assert_eq!(names(&entries), [".dockerignore", "a", name.as_str()]);
        let df = entry(&entries, &name);
        assert_eq!(df.data, b"FROM x\n");
        assert_eq!(df.mode, 0o600);
        assert_eq!(
            entry(&entries, ".dockerignore").data,
            format!("docs\n{name}\n").as_bytes()
        );
    }
}

#[tokio::test]
async fn dockerfile_contents_with_a_directory_context() {
    let dir = tree(&[("a", "a")]);
    let prepared = BuildContext::from_dir(dir.path())
        .dockerfile_contents("FROM scratch\nCOPY a /\n")
        .prepare()
        .unwrap();
    let param = prepared.dockerfile().unwrap().to_string();
    let entries = read_tar(&collect(prepared.into_stream()).await.unwrap());
    let name = generated_name(&entries);
    assert_eq!(param, name);
    // No `.dockerignore` in the directory: one is made, naming itself and the Dockerfile.
    assert_eq!(names(&entries), ["a", name.as_str(), ".dockerignore"]);
    let ignore = entry(&entries, ".dockerignore");
    assert_eq!(ignore.data, format!(".dockerignore\n{name}\n").as_bytes());
    assert_eq!(ignore.mode, 0o600);
    assert_eq!(entry(&entries, &name).data, b"FROM scratch\nCOPY a /\n");
}

#[tokio::test]
async fn dockerfile_inside_given_by_absolute_path_or_lowercase_default() {
    let dir = tree(&[("docker/app.Dockerfile", ""), ("x", "")]);
    let abs = dir.path().join("docker/app.Dockerfile");
    let prepared = BuildContext::from_dir(dir.path())
        .dockerfile(&abs)
        .prepare()
        .unwrap();
    assert_eq!(prepared.dockerfile(), Some("docker/app.Dockerfile"));

    let lower = tree(&[("dockerfile", "")]);
    let prepared = BuildContext::from_dir(lower.path()).prepare().unwrap();
    assert_eq!(prepared.dockerfile(), Some("dockerfile"));
}

#[tokio::test]
async fn ignore_file_rules_and_extra_patterns() {
    let dir = tree(&[
        ("Dockerfile", ""),
        (".dockerignore", "*.log\n"),
        ("a.log", ""),
        ("b.tmp", ""),
        ("c.txt", ""),
        ("rules/custom", "*.txt\n"),
    ]);
    let root = dir.path();
    assert_eq!(
        paths(root),
        [
            ".dockerignore",
            "Dockerfile",
            "b.tmp",
            "c.txt",
            "rules/",
            "rules/custom"
        ]
    );
    let custom = BuildContext::from_dir(root)
        .ignore_file(root.join("rules/custom"))
        .included_paths()
        .unwrap();
    assert_eq!(
        custom,
        [
            ".dockerignore",
            "Dockerfile",
            "a.log",
            "b.tmp",
            "rules/",
            "rules/custom"
        ]
    );
    let extra = BuildContext::from_dir(root)
        .exclude(["*.tmp", "/rules", "!a.log"])
        .included_paths()
        .unwrap();
    assert_eq!(extra, [".dockerignore", "Dockerfile", "a.log", "c.txt"]);
    let rules = BuildContext::from_dir(root)
        .ignore(DockerIgnore::from_patterns(["*"]).unwrap())
        .prepare()
        .unwrap();
    assert_eq!(
        rules.rules().unwrap().patterns().collect::<Vec<_>>(),
        ["*", "!.dockerignore", "!Dockerfile"]
    );
    assert_eq!(
        rules.included_paths().unwrap(),
        [".dockerignore", "Dockerfile"]
    );
}

#[tokio::test]
async fn gzip_stream_decodes_to_the_same_archive() {
    let dir = tree(&[
        ("Dockerfile", "FROM scratch\n"),
        ("a/b", &"z".repeat(100_000)),
    ]);
    let prepared = BuildContext::from_dir(dir.path())
        .gzip(true)
        .deterministic_mtime(true)
        .prepare()
        .unwrap();
    assert!(prepared.is_gzip());
    let gz = collect(prepared.into_stream()).await.unwrap();
    assert_eq!(&gz[..2], &[0x1f, 0x8b]);
    assert!(gz.len() < 10_000, "compressed: {} bytes", gz.len());
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut plain)
        .unwrap();
    let unzipped = read_tar(&plain);
    let direct = archive(BuildContext::from_dir(dir.path()).deterministic_mtime(true)).await;
    assert_eq!(unzipped, direct);
}

#[tokio::test]
async fn archives_from_bytes_and_readers_pass_through_unchanged() {
    let dir = tree(&[("Dockerfile", "FROM scratch\n"), ("f", "data")]);
    let tar = collect(BuildContext::from_dir(dir.path()).into_stream())
        .await
        .unwrap();

    let stream = BuildContext::from_tar_bytes(tar.clone()).into_stream();
    let status = stream.status();
    assert_eq!(collect(stream).await.unwrap(), tar);
    assert!(status.is_finished());
    assert_eq!(status.bytes(), tar.len() as u64);

    let reader = std::io::Cursor::new(tar.clone());
    let prepared = BuildContext::from_reader(reader).prepare().unwrap();
    assert_eq!(prepared.dockerfile(), None);
    assert!(prepared.included_paths().is_err());
    assert_eq!(collect(prepared.into_stream()).await.unwrap(), tar);
}

#[tokio::test]
async fn option_errors_are_invalid_arguments() {
    let dir = tree(&[("Dockerfile", "")]);
    let invalid = |r: Result<PreparedContext>| match r {
        Err(Error::InvalidArgument(msg)) => msg,
        other => panic!("expected InvalidArgument, got {other:?}"),
    };
    let msg = invalid(BuildContext::from_dir(dir.path().join("missing")).prepare());
    assert!(msg.contains("missing"), "{msg}");
    let msg = invalid(BuildContext::from_dir(dir.path().join("Dockerfile")).prepare());
    assert!(msg.contains("not a directory"), "{msg}");
    let msg = invalid(
        BuildContext::from_dir(dir.path())
            .dockerfile("Dockerfile")
            .dockerfile_contents("FROM x")
            .prepare(),
    );
    assert!(msg.contains("use one"), "{msg}");
    let msg = invalid(
        BuildContext::from_dir(dir.path())
            .dockerfile("nope/Dockerfile")
            .prepare(),
    );
    assert!(msg.contains("nope/Dockerfile"), "{msg}");
    let msg = invalid(BuildContext::from_tar_bytes(vec![]).gzip(true).prepare());
    assert!(msg.contains("gzip"), "{msg}");
    let msg = invalid(
        BuildContext::from_dir(dir.path())
            .exclude(["[oops"])
            .prepare(),
    );
    assert!(msg.contains("[oops"), "{msg}");

    // Through the stream, the same error is the only item.
    let stream = BuildContext::from_dir(dir.path().join("missing")).into_stream();
    let status = stream.status();
    let err = collect(stream).await.unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(status.is_finished());
    assert!(status.error().is_some());
}

#[tokio::test]
async fn dropping_the_stream_stops_the_walk() {
    // About 8 MiB, far more than the channel holds.
    let dir = tempfile::tempdir().unwrap();
    let blob = vec![7u8; 256 * 1024];
    for i in 0..32 {
        fs::write(dir.path().join(format!("f{i:02}")), &blob).unwrap();
    }
    let mut stream = BuildContext::from_dir(dir.path()).into_stream();
    let status = stream.status();
    let first = stream.next().await.unwrap().unwrap();
    assert!(!first.is_empty());
    drop(stream);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !status.is_finished() {
        assert!(
            std::time::Instant::now() < deadline,
            "the walker did not stop"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        status.bytes() < 4 * 1024 * 1024,
        "sent {} bytes",
        status.bytes()
    );
    assert!(status.error().is_none(), "a dropped stream is not an error");
}

/// Polls a future to completion on this thread, with no runtime.
fn block_on<F: std::future::Future>(fut: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = std::sync::Arc::new(Unpark(std::thread::current())).into();
    let mut cx = std::task::Context::from_waker(&waker);
    let mut fut = std::pin::pin!(fut);
    loop {
        if let std::task::Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

#[test]
fn streams_without_a_runtime_use_a_thread() {
    let dir = tree(&[("Dockerfile", "FROM scratch\n")]);
    let stream = BuildContext::from_dir(dir.path()).into_stream();
    let bytes = block_on(collect(stream)).unwrap();
    assert_eq!(names(&read_tar(&bytes)), ["Dockerfile"]);
}

#[tokio::test]
async fn walk_errors_reach_the_stream_and_the_status() {
    let dir = tree(&[("Dockerfile", "")]);
    let gone = dir.path().join("gone");
    let plan = WalkPlan {
        root: gone.clone(),
        rules: DockerIgnore::default(),
        injected: None,
        zero_mtime: false,
    };
    let stream = ContextStream::walk(super::super::stream::Job { plan, gzip: false });
    let status = stream.status();
    let err = collect(stream).await.unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    assert!(
        err.to_string().contains(&gone.display().to_string()),
        "{err}"
    );
    assert!(status.is_finished());
    match status.error() {
        Some(Error::Io(e)) => assert_eq!(e.to_string(), err.to_string()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn random_names_differ() {
    let a = random_hex(20);
    let b = random_hex(20);
    assert_eq!(a.len(), 20);
    assert_ne!(a, b);
    assert_eq!(random_hex(40).len(), 40);
}

#[test]
fn types_fit_an_http_body() {
    fn body<T: Send + Unpin + 'static>() {}
    fn value<T: Send + 'static>() {}
    body::<ContextStream>();
    value::<BuildContext>();
    value::<PreparedContext>();
    fn shared<T: Send + Sync + Clone + 'static>() {}
    shared::<crate::build::ContextStatus>();
    shared::<DockerIgnore>();
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn names_that_are_not_utf8_keep_their_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree(&[("Dockerfile", ""), (".dockerignore", "*.skip\n")]);
    let raw = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(dir.path().join(raw), "latin-1 name").unwrap();
    fs::write(
        dir.path().join(std::ffi::OsStr::from_bytes(b"x\xff.skip")),
        "",
    )
    .unwrap();
    let bytes = collect(BuildContext::from_dir(dir.path()).into_stream())
        .await
        .unwrap();
    let mut archive = tar::Archive::new(&bytes[..]);
    let names: Vec<Vec<u8>> = archive
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path_bytes().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            b".dockerignore".to_vec(),
            b"Dockerfile".to_vec(),
            b"caf\xe9.txt".to_vec()
        ]
    );
}
