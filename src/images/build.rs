//! The build builder: a directory (streamed with `.dockerignore` rules), a Dockerfile outside the context
//! or in memory, a raw tar or gzip context, or a remote URL; every docker-py build option; credentials for
//! exactly the registries the build may pull from.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use futures_util::StreamExt;
use tokio::io::AsyncRead;

use super::{Credentials, Image, Images};
use crate::api::{ImageBuildOptions, RequestBody};
use crate::build::BuildContext;
use crate::config::{registry_key_for_image, AuthConfig, CredentialStore};
use crate::error::{Error, Result};
use crate::models::BuildInfo;
use crate::stream::JsonStream;
use crate::system::BoxFuture;

/// The output of a build: `Stream<Item = Result<BuildInfo>>`. A failing step is an `Err(Error::Stream)`
/// item.
pub type BuildStream = JsonStream<BuildInfo>;

/// A successful build: the image and every line of output.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuiltImage {
    /// The image that was built.
    pub image: Image,
    /// The build's output, one entry per message (`Step 1/3 : FROM …`, the output of `RUN` steps …).
    pub log: Vec<String>,
}

enum Source {
    Dir(PathBuf),
    Tar(Pin<Box<dyn AsyncRead + Send>>),
    Dockerfile(String),
    Remote(String),
}

/// Builder of [`Images::build`], [`Images::build_from_tar`], [`Images::build_from_dockerfile`] and
/// [`Images::build_from_remote`].
///
/// Await it to run the build to the end and get a [`BuiltImage`] (a failure is [`Error::Build`] with the
/// log), or call [`stream`](Self::stream) to follow the output as it comes.
///
/// A directory context is archived while it is walked, with the Docker CLI's `.dockerignore` rules, and
/// streamed to the daemon (no temporary file, never the whole context in memory). The Dockerfile may live
/// outside the directory ([`dockerfile`](Self::dockerfile)) or be given as text
/// ([`dockerfile_contents`](Self::dockerfile_contents)).
///
/// Registry credentials are sent (`X-Registry-Config`) only for the registries of the Dockerfile's `FROM`
/// images (when the Dockerfile can be read) and of [`cache_from`](Self::cache_from); credential helpers
/// run only for those.
///
/// ```no_run
/// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
/// use docker_sdk::Error;
/// let result = docker
///     .images()
///     .build("./service")
///     .dockerfile_contents("FROM busybox\nCOPY . /srv\n")
///     .tag("service:dev")
///     .label("team", "web")
///     .await;
/// match result {
///     Ok(built) => println!("built {}", built.image.short_id()),
///     Err(Error::Build { message, log }) => eprintln!("{message}\n{}", log.join("")),
///     Err(e) => return Err(e),
/// }
/// # Ok(()) }
/// ```
#[must_use = "does nothing until awaited"]
pub struct BuildImage {
    images: Images,
    source: Source,
    dockerfile: Option<PathBuf>,
    dockerfile_contents: Option<String>,
    exclude: Vec<String>,
    gzip: bool,
    use_config_proxy: bool,
    credentials: Option<Credentials>,
    opts: ImageBuildOptions,
}

impl fmt::Debug for BuildImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Dir(p) => format!("dir {}", p.display()),
            Source::Tar(_) => "tar reader".into(),
            Source::Dockerfile(_) => "Dockerfile text".into(),
            Source::Remote(url) => format!("remote {url}"),
        };
        f.debug_struct("BuildImage")
            .field("source", &source)
            .field("dockerfile", &self.dockerfile)
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

/// Resource limits of the containers a build runs (docker-py's `container_limits`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerLimits {
    /// Memory limit in bytes.
    pub memory: Option<i64>,
    /// Memory plus swap in bytes; `-1` for unlimited swap.
    pub memswap: Option<i64>,
    /// CPU shares (relative weight).
    pub cpu_shares: Option<i64>,
    /// CPUs to use, e.g. `0-3` or `0,1`.
    pub cpuset_cpus: Option<String>,
}

impl ContainerLimits {
    /// Memory limit in bytes.
    pub fn memory(mut self, bytes: i64) -> Self {
        self.memory = Some(bytes);
        self
    }

    /// Memory plus swap in bytes; `-1` for unlimited swap.
    pub fn memswap(mut self, bytes: i64) -> Self {
        self.memswap = Some(bytes);
        self
    }

    /// CPU shares (relative weight).
    pub fn cpu_shares(mut self, shares: i64) -> Self {
        self.cpu_shares = Some(shares);
        self
    }

    /// CPUs to use, e.g. `0-3` or `0,1`.
    pub fn cpuset_cpus(mut self, cpus: impl Into<String>) -> Self {
        self.cpuset_cpus = Some(cpus.into());
        self
    }
}

impl BuildImage {
    fn new(images: Images, source: Source) -> Self {
        BuildImage {
            images,
            source,
            dockerfile: None,
            dockerfile_contents: None,
            exclude: Vec::new(),
            gzip: false,
            use_config_proxy: true,
            credentials: None,
            opts: ImageBuildOptions::default(),
        }
    }

    pub(crate) fn from_dir(images: Images, dir: &Path) -> Self {
        BuildImage::new(images, Source::Dir(dir.to_path_buf()))
    }

    pub(crate) fn from_tar(images: Images, reader: Pin<Box<dyn AsyncRead + Send>>) -> Self {
        BuildImage::new(images, Source::Tar(reader))
    }

    pub(crate) fn from_dockerfile(images: Images, text: String) -> Self {
        BuildImage::new(images, Source::Dockerfile(text))
    }

    pub(crate) fn from_remote(images: Images, url: String) -> Self {
        BuildImage::new(images, Source::Remote(url))
    }

    /// The Dockerfile: for a directory, a path relative to it or anywhere else (a file outside the
    /// context is added to the archive under a generated name); for a tar context, a path inside it.
    pub fn dockerfile(mut self, path: impl AsRef<Path>) -> Self {
        self.dockerfile = Some(path.as_ref().to_path_buf());
        self
    }

    /// The Dockerfile's text, combined with the directory context (docker-py cannot: its #2105).
    pub fn dockerfile_contents(mut self, text: impl Into<String>) -> Self {
        self.dockerfile_contents = Some(text.into());
        self
    }

    /// Adds `.dockerignore`-style patterns, applied after the context's `.dockerignore`.
    pub fn exclude<I, S>(mut self, patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.exclude.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Compresses a directory context with gzip while streaming it.
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }

    /// Adds a name to tag the result with, `name[:tag]`.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.opts.tags.push(tag.into());
        self
    }

    /// Only output the image ID.
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.opts.quiet = quiet;
        self
    }

    /// Do not use the build cache.
    pub fn nocache(mut self, nocache: bool) -> Self {
        self.opts.no_cache = nocache;
        self
    }

    /// Remove intermediate containers after a successful build (the daemon's default is true).
    pub fn rm(mut self, rm: bool) -> Self {
        self.opts.rm = Some(rm);
        self
    }

    /// Always remove intermediate containers, even after a failure.
    pub fn forcerm(mut self, forcerm: bool) -> Self {
        self.opts.force_rm = forcerm;
        self
    }

    /// Pull base images even when present locally.
    pub fn pull(mut self, pull: bool) -> Self {
        self.opts.pull = pull;
        self
    }

    /// Sets a build-time variable (`ARG`).
    pub fn build_arg(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.opts.build_args.insert(name.into(), value.into());
        self
    }

    /// Sets several build-time variables.
    pub fn buildargs<I, K, V>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.opts
            .build_args
            .extend(args.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Resource limits of the build's containers.
    pub fn container_limits(mut self, limits: ContainerLimits) -> Self {
        self.opts.memory = limits.memory;
        self.opts.memswap = limits.memswap;
        self.opts.cpu_shares = limits.cpu_shares;
        self.opts.cpuset_cpus = limits.cpuset_cpus;
        self
    }

    /// Size of `/dev/shm` in bytes.
    pub fn shm_size(mut self, bytes: i64) -> Self {
        self.opts.shm_size = Some(bytes);
        self
    }

    /// Sets a label on the image.
    pub fn label(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.opts.labels.insert(name.into(), value.into());
        self
    }

    /// Adds an image to use as a cache source.
    pub fn cache_from(mut self, image: impl Into<String>) -> Self {
        self.opts.cache_from.push(image.into());
        self
    }

    /// The stage of a multi-stage Dockerfile to build.
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.opts.target = Some(target.into());
        self
    }

    /// Network mode of `RUN` steps: `bridge`, `host`, `none`, `container:<id>` or a network name.
    pub fn network_mode(mut self, mode: impl Into<String>) -> Self {
        self.opts.network_mode = Some(mode.into());
        self
    }

    /// Squash the new layers into one (experimental daemons only).
    pub fn squash(mut self, squash: bool) -> Self {
        self.opts.squash = squash;
        self
    }

    /// Adds an `/etc/hosts` entry for the build's containers.
    pub fn extra_host(mut self, host: impl fmt::Display, ip: impl fmt::Display) -> Self {
        self.opts.extra_hosts.push(format!("{host}:{ip}"));
        self
    }

    /// The target platform, `os[/arch[/variant]]`.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.opts.platform = Some(platform.into());
        self
    }

    /// Isolation technology (Windows): `default`, `process` or `hyperv`.
    pub fn isolation(mut self, isolation: impl Into<String>) -> Self {
        self.opts.isolation = Some(isolation.into());
        self
    }

    /// Pass the proxies of `config.json` (for this daemon, else `default`; see [`Docker::proxy_config`])
    /// as build arguments; build arguments set explicitly win. On by default, like docker-py and the CLI.
    ///
    /// [`Docker::proxy_config`]: crate::Docker::proxy_config
    pub fn use_config_proxy(mut self, on: bool) -> Self {
        self.use_config_proxy = on;
        self
    }

    /// Send these credentials to the registries the build pulls from instead of the configured ones.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.credentials = Some(Credentials::Explicit(auth));
        self
    }

    /// Look credentials up in this store instead of the process's Docker CLI configuration.
    pub fn credentials(mut self, store: CredentialStore) -> Self {
        self.credentials = Some(Credentials::Store(Arc::new(store)));
        self
    }

    /// Starts the build and returns its output as a stream.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a missing directory or Dockerfile, or options that do not fit the
    /// context; [`Error::Io`] when the context cannot be read; [`Error::Api`] when the daemon rejects the
    /// build before it starts.
    pub async fn stream(self) -> Result<BuildStream> {
        let BuildImage {
            images,
            source,
            dockerfile,
            dockerfile_contents,
            exclude,
            gzip,
            use_config_proxy,
            credentials,
            mut opts,
        } = self;

        // The Dockerfile's text, when it can be read, to find the registries the build pulls from.
        let dockerfile_text = match (&source, &dockerfile_contents) {
            (_, Some(text)) => Some(text.clone()),
            (Source::Dockerfile(text), None) => Some(text.clone()),
            (Source::Dir(dir), None) => {
                let path = match &dockerfile {
                    Some(p) if p.is_absolute() => p.clone(),
                    Some(p) => dir.join(p),
                    None => dir.join("Dockerfile"),
                };
                tokio::fs::read_to_string(&path).await.ok()
            }
            (Source::Tar(_) | Source::Remote(_), None) => None,
        };

        let context = match source {
            Source::Remote(url) => {
                if dockerfile_contents.is_some() || !exclude.is_empty() || gzip {
                    return Err(Error::invalid(
                        "build: dockerfile_contents, exclude and gzip need a local context, not a remote URL",
                    ));
                }
                opts.remote = Some(url);
                if let Some(df) = &dockerfile {
                    opts.dockerfile = Some(df.to_string_lossy().into_owned());
                }
                None
            }
            Source::Dir(dir) => {
                let mut ctx = BuildContext::from_dir(&dir).gzip(gzip);
                if let Some(df) = &dockerfile {
                    ctx = ctx.dockerfile(df);
                }
                if let Some(text) = dockerfile_contents {
                    ctx = ctx.dockerfile_contents(text.into_bytes());
                }
                if !exclude.is_empty() {
                    ctx = ctx.exclude(&exclude);
                }
                Some(ctx)
            }
            Source::Tar(reader) => {
                if dockerfile_contents.is_some() || !exclude.is_empty() || gzip {
                    return Err(Error::invalid(
                        "build: dockerfile_contents, exclude and gzip need a directory context; a tar context is sent as it is",
                    ));
                }
                let mut ctx = BuildContext::from_reader(reader);
                if let Some(df) = &dockerfile {
                    ctx = ctx.dockerfile(df);
                }
                Some(ctx)
            }
            Source::Dockerfile(text) => {
                if dockerfile.is_some() || dockerfile_contents.is_some() || !exclude.is_empty() {
                    return Err(Error::invalid(
                        "build: the Dockerfile is already given as text; dockerfile, dockerfile_contents and exclude need a directory or tar context",
                    ));
                }
                Some(BuildContext::from_tar_bytes(dockerfile_only_tar(
                    text.as_bytes(),
                )?))
            }
        };
        let prepared = match context {
            Some(context) => {
                let prepared = tokio::task::spawn_blocking(move || context.prepare())
                    .await
                    .map_err(|e| Error::Io(std::io::Error::other(e)))??;
                opts.dockerfile = prepared.dockerfile().map(str::to_string);
                Some(prepared)
            }
            None => None,
        };

        if use_config_proxy {
            if let Some(args) = config_proxy_args(&images, &credentials) {
                let user = std::mem::take(&mut opts.build_args);
                opts.build_args = args.merge_build_args(user);
            }
        }

        let mut registries: Vec<String> = dockerfile_text
            .as_deref()
            .map(|text| dockerfile_images(text, &opts.build_args))
            .unwrap_or_default();
        registries.extend(opts.cache_from.iter().cloned());
        let registries: BTreeSet<String> = registries
            .iter()
            .map(|image| registry_key_for_image(image))
            .collect();
        let registries: Vec<String> = registries.into_iter().collect();
        let credentials = credentials.unwrap_or_else(|| images.credentials.clone());
        let auths = credentials.for_build(&images.docker, &registries).await?;
        opts.registry_config.extend(auths);

        let Some(prepared) = prepared else {
            return images
                .docker
                .api()
                .image_build(&opts, RequestBody::empty())
                .await;
        };
        let stream = prepared.into_stream();
        let status = stream.status();
        let result = images
            .docker
            .api()
            .image_build(&opts, RequestBody::from_stream(stream))
            .await;
        match result {
            Ok(s) => Ok(s),
            // When the context could not be read, that is the real cause of the failed request.
            Err(e) => Err(status.error().unwrap_or(e)),
        }
    }
}

impl IntoFuture for BuildImage {
    type Output = Result<BuiltImage>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let images = self.images.clone();
            let mut stream = match self.stream().await {
                Ok(s) => s,
                // The daemon answers 400 or 500 when the build fails before any output (a Dockerfile
                // that does not parse, a base image that cannot be found …).
                Err(Error::Api {
                    status: 400 | 500,
                    message,
                }) => {
                    return Err(Error::Build {
                        message,
                        log: Vec::new(),
                    })
                }
                Err(e) => return Err(e),
            };
            let mut log = Vec::new();
            let mut id = None;
            while let Some(msg) = stream.next().await {
                let msg = match msg {
                    Ok(m) => m,
                    Err(Error::Stream { message, .. }) => {
                        return Err(Error::Build { message, log })
                    }
                    Err(e) => return Err(e),
                };
                if let Some(aux_id) = msg.aux.as_ref().and_then(|a| a.id.clone()) {
                    id = Some(aux_id);
                }
                let line = msg.stream.or(msg.status);
                if let Some(line) = line {
                    if id.is_none() {
                        id = built_id(&line);
                    }
                    log.push(line);
                }
            }
            let Some(id) = id else {
                let message = log
                    .iter()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .map(|l| l.trim().to_string())
                    .unwrap_or_else(|| "the build ended without reporting an image".into());
                return Err(Error::Build { message, log });
            };
            let image = images.get(&id).await?;
            Ok(BuiltImage { image, log })
        })
    }
}

/// The image ID in a classic builder's `Successfully built <id>` line or a quiet build's `sha256:<id>`.
fn built_id(line: &str) -> Option<String> {
    let line = line.trim();
    if let Some(id) = line.strip_prefix("Successfully built ") {
        return Some(id.trim().to_string());
    }
    if line.starts_with("sha256:") && line.len() == 71 {
        return Some(line.to_string());
    }
    None
}

/// The proxy build arguments from `config.json` for this daemon, if any: from the store's configuration
/// when one was given, else from the client's.
fn config_proxy_args(
    images: &Images,
    credentials: &Option<Credentials>,
) -> Option<crate::config::ProxyConfig> {
    let proxy = match credentials.as_ref().unwrap_or(&images.credentials) {
        Credentials::Store(store) => store
            .config()
            .proxy_for(&images.docker.host().to_string())
            .cloned(),
        _ => images.docker.proxy_config(),
    };
    proxy.filter(|p| !p.is_empty())
}

/// A tar archive holding only `Dockerfile`.
fn dockerfile_only_tar(text: &[u8]) -> Result<Vec<u8>> {
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(text.len() as u64);
    header.set_mode(0o644);
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(&mut header, "Dockerfile", text)?;
    Ok(builder.into_inner()?)
}

/// The images a Dockerfile pulls: its `FROM` images and `--from=` images of `COPY`, without stage names
/// and `scratch`, after substituting build arguments (images that still hold a variable are skipped).
pub(crate) fn dockerfile_images(text: &str, build_args: &BTreeMap<String, String>) -> Vec<String> {
    let mut escape = '\\';
    // Parser directives come first, as `# key=value` comments.
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix('#') else {
            break;
        };
        match rest.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("escape") => {
                escape = value.trim().chars().next().unwrap_or('\\');
            }
            Some(_) => {}
            None => break,
        }
    }
    let mut instructions = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_empty()) {
            continue;
        }
        match trimmed.strip_suffix(escape) {
            Some(head) => {
                current.push_str(head);
                current.push(' ');
            }
            None => {
                current.push_str(trimmed);
                instructions.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.trim().is_empty() {
        instructions.push(current);
    }

    let mut args: BTreeMap<String, String> = BTreeMap::new();
    let mut stages: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    let mut seen_from = false;
    for inst in instructions {
        let mut words = inst.split_whitespace();
        let Some(keyword) = words.next() else {
            continue;
        };
        let rest: Vec<&str> = words.collect();
        match keyword.to_ascii_uppercase().as_str() {
            "ARG" if !seen_from => {
                for decl in rest {
                    let (name, default) = match decl.split_once('=') {
                        Some((n, d)) => (n, Some(d.trim_matches('"').to_string())),
                        None => (decl, None),
                    };
                    let value = build_args.get(name).cloned().or(default);
                    if let Some(v) = value {
                        args.insert(name.to_string(), v);
                    }
                }
            }
            "FROM" => {
                seen_from = true;
                let operands: Vec<&str> = rest
                    .iter()
                    .copied()
                    .filter(|w| !w.starts_with("--"))
                    .collect();
                if let Some(image) = operands.first() {
                    let image = substitute(image, &args);
                    if let Some(image) = image {
                        if !stages.contains(&image.to_ascii_lowercase())
                            && !image.eq_ignore_ascii_case("scratch")
                        {
                            out.push(image);
                        }
                    }
                }
                if operands.len() >= 3 && operands[1].eq_ignore_ascii_case("as") {
                    stages.insert(operands[2].to_ascii_lowercase());
                }
            }
            "COPY" | "ADD" => {
                for flag in rest.iter().filter_map(|w| w.strip_prefix("--from=")) {
                    let Some(image) = substitute(flag, &args) else {
                        continue;
                    };
                    let is_stage = stages.contains(&image.to_ascii_lowercase())
                        || image.chars().all(|c| c.is_ascii_digit());
                    if !is_stage {
                        out.push(image);
                    }
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `$NAME` and `${NAME}` replaced from `args`; `None` when a variable is unknown.
fn substitute(word: &str, args: &BTreeMap<String, String>) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let name: String = if chars.peek() == Some(&'{') {
            chars.next();
            let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
            name.split(':').next().unwrap_or_default().to_string()
        } else {
            let mut name = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_ascii_alphanumeric() || c == '_' {
                    name.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            name
        };
        out.push_str(args.get(&name)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn finds_the_images_a_dockerfile_pulls() {
        let text = r#"# syntax=docker/dockerfile:1
ARG BASE=registry.example.com/base:1
ARG TAG
FROM --platform=linux/amd64 $BASE AS builder
RUN make
FROM ghcr.io/owner/runtime:${TAG} AS final
COPY --from=builder /out /app
COPY --from=quay.io/tools/jq:1.6 /jq /usr/bin/jq
COPY --from=0 /x /y
FROM builder
FROM scratch
FROM \
  localhost:5000/continued
"#;
        let found = dockerfile_images(text, &args(&[("TAG", "2")]));
        assert_eq!(
            found,
            [
                "ghcr.io/owner/runtime:2",
                "localhost:5000/continued",
                "quay.io/tools/jq:1.6",
                "registry.example.com/base:1"
            ]
        );
        // An unknown variable: the image is skipped rather than guessed.
        let found = dockerfile_images(text, &BTreeMap::new());
        assert!(!found.iter().any(|i| i.contains("runtime")), "{found:?}");
        // A build argument overrides the ARG default.
        let found = dockerfile_images("ARG B=a:1\nFROM $B\n", &args(&[("B", "b.io/x")]));
        assert_eq!(found, ["b.io/x"]);
    }

    #[test]
    fn honours_the_escape_directive() {
        let text = "# escape=`\nFROM `\n  example.com/win:1\n";
        assert_eq!(
            dockerfile_images(text, &BTreeMap::new()),
            ["example.com/win:1"]
        );
    }

    #[test]
    fn recognizes_built_ids() {
        assert_eq!(
            built_id("Successfully built 0123456789ab\n").as_deref(),
            Some("0123456789ab")
        );
        let full = format!("sha256:{}\n", "a".repeat(64));
        assert_eq!(built_id(&full).as_deref(), Some(full.trim()));
        assert_eq!(built_id("Step 1/2 : FROM scratch"), None);
    }

    #[test]
    fn in_memory_dockerfile_tar_has_one_entry() {
        let tar_bytes = dockerfile_only_tar(b"FROM scratch\n").unwrap();
        let mut archive = tar::Archive::new(&tar_bytes[..]);
        let names: Vec<String> = archive
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["Dockerfile"]);
    }
}
