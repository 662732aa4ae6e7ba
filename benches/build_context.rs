//! Build-context creation: docker-sdk's streaming archive against docker-py's `docker.utils.build.tar`.
//!
//! `cargo bench --bench build_context` builds (once) a tree of 30,000 files, about 234 MB, under
//! `target/bench-ctx/`, with a `.dockerignore` that leaves out about a fifth of it. It then times
//!
//! - docker-sdk: `BuildContext::from_dir(..).into_stream()` consumed into a byte counter, and
//! - docker-py 7.x: `docker.utils.build.tar(path, exclude=...)` (installed from PyPI into a venv under
//!   `target/bench-venv` on first run), timed inside the Python process so interpreter start-up is not
//!   counted against it,
//!
//! checks that both archives hold the same set of paths (the entries of the archive docker-sdk actually
//! streams, read back with a tar reader, against the names in docker-py's archive), and prints both
//! times and their ratio.
//!
//! The `.dockerignore` uses only patterns on which docker-py's matcher and the Docker CLI's agree
//! (docker-py differs in edge cases: case-insensitive matching, no `\` escapes).
//!
//! Run without `--bench` (as `cargo test --all-targets` does), it only archives a tiny tree once.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use docker_sdk::build::BuildContext;
use futures_util::StreamExt;

const RUNS: usize = 5;
const TREE_VERSION: &str = "v1 30000 files";

const DOCKERIGNORE: &str = "\
# dependencies and build output
node_modules
build
*.log
**/*.tmp
";

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    if !bench {
        smoke(&rt);
        return;
    }

    let target = target_dir();
    let root = target.join("bench-ctx");
    let (files, bytes) = ensure_tree(&root);
    println!(
        "tree: {} ({} files, {:.1} MB on disk, .dockerignore excludes node_modules, build, *.log, **/*.tmp)",
        root.display(),
        files,
        bytes as f64 / 1e6
    );

    // docker-sdk.
    let _ = run_ours(&rt, &root); // warm the page cache
    let mut ours = Vec::new();
    let mut sent = 0;
    for _ in 0..RUNS {
        let (elapsed, n) = run_ours(&rt, &root);
        ours.push(elapsed);
        sent = n;
    }
    println!(
        "docker-sdk: {:.1} MB archive; best {:?}, median {:?} ({:.0} MB/s); peak RSS {} MB",
        sent as f64 / 1e6,
        min(&ours),
        median(&ours),
        sent as f64 / 1e6 / median(&ours).as_secs_f64(),
        peak_rss_mb().map_or("?".to_string(), |m| m.to_string())
    );
    // The entries of the archive as streamed (after the timed runs, so the peak RSS above is theirs).
    let our_paths = streamed_entries(&rt, &root, &target.join("bench-ctx-archive.tar"));
    println!(
        "docker-sdk: {} entries in the streamed archive",
        our_paths.len()
    );

    // docker-py.
    let Some(python) = ensure_docker_py(&target) else {
        println!(
            "docker-py: not available (could not create target/bench-venv); comparison skipped"
        );
        return;
    };
    let Some((theirs, their_paths)) = run_docker_py(&python, &root) else {
        println!("docker-py: the run failed; comparison skipped");
        std::process::exit(1);
    };
    println!(
        "docker-py:  {} entries; best {:?}, median {:?}",
        their_paths.len(),
        min(&theirs),
        median(&theirs)
    );

    // Same set of paths? (docker-py writes directory names without the trailing `/`.)
    let mut ours_set: Vec<String> = our_paths
        .iter()
        .map(|p| p.trim_end_matches('/').to_string())
        .collect();
    let mut theirs_set = their_paths;
    ours_set.sort();
    theirs_set.sort();
    if ours_set != theirs_set {
        let only_ours: Vec<_> = ours_set
            .iter()
            .filter(|p| theirs_set.binary_search(p).is_err())
            .take(10)
            .collect();
        let only_theirs: Vec<_> = theirs_set
            .iter()
            .filter(|p| ours_set.binary_search(p).is_err())
            .take(10)
            .collect();
        println!("MISMATCH: only in docker-sdk's archive {only_ours:?}; only in docker-py's {only_theirs:?}");
        std::process::exit(1);
    }
    println!("same {} paths in both archives", ours_set.len());
    println!(
        "ratio (docker-py / docker-sdk): {:.1}x on medians, {:.1}x on best runs",
        median(&theirs).as_secs_f64() / median(&ours).as_secs_f64(),
        min(&theirs).as_secs_f64() / min(&ours).as_secs_f64()
    );
}

/// One archive of the tree, consumed into a byte counter.
fn run_ours(rt: &tokio::runtime::Runtime, root: &Path) -> (Duration, u64) {
    rt.block_on(async {
        let start = Instant::now();
        let mut stream = BuildContext::from_dir(root).into_stream();
        let mut n = 0u64;
        while let Some(chunk) = stream.next().await {
            n += chunk.expect("archive chunk").len() as u64;
        }
        (start.elapsed(), n)
    })
}

/// The entry names of the archive `BuildContext::from_dir(root).into_stream()` produces: the stream is
/// written to `scratch` (so the whole archive is never in memory), read back with a tar reader, and the
/// file removed.
fn streamed_entries(rt: &tokio::runtime::Runtime, root: &Path, scratch: &Path) -> Vec<String> {
    rt.block_on(async {
        let mut file = fs::File::create(scratch).expect("scratch archive");
        let mut stream = BuildContext::from_dir(root).into_stream();
        while let Some(chunk) = stream.next().await {
            file.write_all(&chunk.expect("archive chunk"))
                .expect("write the scratch archive");
        }
    });
    let mut archive = tar::Archive::new(fs::File::open(scratch).expect("scratch archive"));
    let names = archive
        .entries()
        .expect("a tar archive")
        .map(|entry| {
            let entry = entry.expect("a tar entry");
            let path = entry.path().expect("an entry path");
            path.to_string_lossy().into_owned()
        })
        .collect();
    let _ = fs::remove_file(scratch);
    names
}

/// Runs docker-py's `tar` RUNS (+1 warm-up) times in one Python process; returns the timings and the
/// names in its archive.
fn run_docker_py(python: &Path, root: &Path) -> Option<(Vec<Duration>, Vec<String>)> {
    let script = format!(
        r##"
import json, sys, tarfile, time
from docker.utils.build import tar
root = sys.argv[1]
with open(root + "/.dockerignore") as f:
    exclude = [l.strip() for l in f.read().splitlines()]
exclude = [l for l in exclude if l and not l.startswith("#")]
times = []
for i in range({runs} + 1):
    t0 = time.perf_counter()
    out = tar(root, exclude=list(exclude))
    t1 = time.perf_counter()
    if i > 0:
        times.append(t1 - t0)
    if i < {runs}:
        out.close()
out.seek(0)
names = tarfile.open(fileobj=out).getnames()
out.close()
json.dump({{"times": times, "names": names}}, sys.stdout)
"##,
        runs = RUNS
    );
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(root)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let times = v["times"]
        .as_array()?
        .iter()
        .filter_map(|t| t.as_f64())
        .map(Duration::from_secs_f64)
        .collect();
    let names = v["names"]
        .as_array()?
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
    Some((times, names))
}

/// `target/bench-venv/bin/python` with docker-py installed, creating it if needed.
fn ensure_docker_py(target: &Path) -> Option<PathBuf> {
    let venv = target.join("bench-venv");
    let python = venv.join("bin/python");
    let has_docker = |py: &Path| {
        Command::new(py)
            .args(["-c", "import docker"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if python.exists() && has_docker(&python) {
        return Some(python);
    }
    println!(
        "creating {} and installing docker-py from PyPI …",
        venv.display()
    );
    let ok = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "docker"])
            .status()
            .is_ok_and(|s| s.success());
    (ok && has_docker(&python)).then_some(python)
}

/// Creates the benchmark tree unless a complete one is there; returns (files, bytes).
///
/// Layout: `src/` 24,000 sources (kept, except 500 `*.tmp`), `node_modules/` 4,000 files and `build/`
/// 1,000 files (excluded), 500 `*.log` at the top (excluded), plus `Dockerfile` and `.dockerignore`. File
/// sizes are pseudo-random, 300 B to 15 KB, about 234 MB in all.
fn ensure_tree(root: &Path) -> (usize, u64) {
    let marker = root.join(".bench-tree-complete");
    if fs::read_to_string(&marker).is_ok_and(|m| m.starts_with(TREE_VERSION)) {
        let text = fs::read_to_string(&marker).unwrap();
        let mut parts = text.split_whitespace().rev();
        let bytes = parts.next().and_then(|b| b.parse().ok()).unwrap_or(0);
        let files = parts.next().and_then(|f| f.parse().ok()).unwrap_or(0);
        return (files, bytes);
    }
    println!("creating the benchmark tree in {} …", root.display());
    if root.exists() {
        fs::remove_dir_all(root).expect("remove an incomplete tree");
    }
    fs::create_dir_all(root).unwrap();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut files = 0usize;
    let mut bytes = 0u64;
    let mut chunk = Vec::new();
    let mut write = |path: PathBuf, size: usize, seed: u64| {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        chunk.clear();
        let line = format!("// generated file {seed:016x}\n");
        while chunk.len() < size {
            chunk.extend_from_slice(line.as_bytes());
        }
        chunk.truncate(size);
        fs::File::create(&path).unwrap().write_all(&chunk).unwrap();
        files += 1;
        bytes += size as u64;
    };
    let mut size = || 300 + (next() % 15_000) as usize;
    let mut seed = 0u64;
    let mut add = |path: PathBuf, size: usize| {
        seed += 1;
        write(path, size, seed);
    };
    for p in 0..40 {
        for m in 0..20 {
            for f in 0..30 {
                add(
                    root.join(format!("src/pkg{p:02}/mod{m:02}/file{f:02}.rs")),
                    size(),
                );
            }
        }
        for t in 0..13 {
            if p * 13 + t < 500 {
                add(root.join(format!("src/pkg{p:02}/cache{t:02}.tmp")), size());
            }
        }
    }
    for l in 0..40 {
        for d in 0..10 {
            for f in 0..10 {
                add(
                    root.join(format!("node_modules/lib{l:02}/dir{d}/index{f}.js")),
                    size(),
                );
            }
        }
    }
    for d in 0..10 {
        for f in 0..100 {
            add(root.join(format!("build/out{d}/obj{f:03}.o")), size());
        }
    }
    for f in 0..500 {
        add(root.join(format!("trace{f:03}.log")), size());
    }
    fs::write(root.join("Dockerfile"), "FROM scratch\nCOPY . /ctx\n").unwrap();
    fs::write(root.join(".dockerignore"), DOCKERIGNORE).unwrap();
    fs::write(&marker, format!("{TREE_VERSION} {files} {bytes}\n")).unwrap();
    (files, bytes)
}

/// Without `--bench`: archive a tiny tree once, so `cargo test --all-targets` stays fast.
fn smoke(rt: &tokio::runtime::Runtime) {
    let dir = std::env::temp_dir().join(format!("docker-sdk-bench-smoke-{}", std::process::id()));
    fs::create_dir_all(dir.join("node_modules/x")).unwrap();
    fs::write(dir.join("Dockerfile"), "FROM scratch\n").unwrap();
    fs::write(dir.join(".dockerignore"), DOCKERIGNORE).unwrap();
    fs::write(dir.join("node_modules/x/y.js"), "y").unwrap();
    fs::write(dir.join("main.rs"), "fn main() {}\n").unwrap();
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::write(dir.join("src/lib.rs"), "\n").unwrap();
    let (_, n) = run_ours(rt, &dir);
    let scratch =
        std::env::temp_dir().join(format!("docker-sdk-bench-smoke-{}.tar", std::process::id()));
    let mut paths = streamed_entries(rt, &dir, &scratch);
    fs::remove_dir_all(&dir).unwrap();
    paths.sort();
    assert_eq!(
        paths,
        [
            ".dockerignore",
            "Dockerfile",
            "main.rs",
            "src/",
            "src/lib.rs"
        ]
    );
    assert!(n >= 4 * 512);
    println!(
        "build_context smoke run: ok (run `cargo bench --bench build_context` for the comparison)"
    );
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s[s.len() / 2]
}

fn min(v: &[Duration]) -> Duration {
    v.iter().copied().min().unwrap_or_default()
}

/// The process's peak resident set, from /proc (Linux only).
fn peak_rss_mb() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
