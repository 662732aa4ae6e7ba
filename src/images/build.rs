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

use super::{CredentialNote, Credentials, Image, Images, RegistryStream};
use crate::api::{ImageBuildOptions, RequestBody};
use crate::build::BuildContext;
use crate::config::{registry_key, registry_key_for_image, AuthConfig, CredentialStore};
use crate::error::{Error, Result};
use crate::models::BuildInfo;
use crate::system::BoxFuture;

/// The output of a build: `Stream<Item = Result<BuildInfo>>`. A failing step is an `Err(Error::Stream)`
/// item; when a credential lookup failed before the build, its message names the helper too.
pub type BuildStream = RegistryStream<BuildInfo>;

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
/// # Registry credentials
///
/// The build gets credentials (`X-Registry-Config`) for the registries it may pull from, and credential
/// helpers run only for registries named here:
///
/// - When the Dockerfile can be read here (a directory context, with `Dockerfile`, else `dockerfile`, or
///   the file given to [`dockerfile`](Self::dockerfile) / [`dockerfile_contents`](Self::dockerfile_contents);
///   or [`Images::build_from_dockerfile`]), those are the registries of its `FROM` and `COPY --from`
///   images, of [`cache_from`](Self::cache_from), and of [`credentials_for`](Self::credentials_for).
/// - When it cannot (a tar or remote context, or an unreadable file), the build gets the registries of
///   [`cache_from`](Self::cache_from) and [`credentials_for`](Self::credentials_for) as above, plus the
///   credentials stored inline in config.json's `auths` and in `DOCKER_AUTH_CONFIG`
///   ([`CredentialStore::inline_auths`]) and the explicit [`auth`](Self::auth), if any, for its
///   `server_address` (Docker Hub when it has none). No other helper runs: name the registries with
///   [`credentials_for`](Self::credentials_for) to have their helpers asked.
/// - [`registry_auth`](Self::registry_auth) entries are always sent, and win over anything looked up.
///
/// A helper that fails does not stop the build (its base images may be public); if the build then fails,
/// the error names the helper and its failure.
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
    registry_auths: BTreeMap<String, AuthConfig>,
    credentials_for: Vec<String>,
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
            .field("registry_auths", &self.registry_auths.keys())
            .field("credentials_for", &self.credentials_for)
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
            registry_auths: BTreeMap::new(),
            credentials_for: Vec::new(),
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

    /// Send these credentials to the registries the build pulls from instead of the configured ones. When
    /// the Dockerfile cannot be read here (a tar or remote context), they go to their `server_address`
    /// (Docker Hub when it is unset) and to the registries of [`cache_from`](Self::cache_from) and
    /// [`credentials_for`](Self::credentials_for).
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.credentials = Some(Credentials::Explicit(auth));
        self
    }

    /// Look credentials up in this store instead of the client's Docker CLI configuration.
    pub fn credentials(mut self, store: CredentialStore) -> Self {
        self.credentials = Some(Credentials::Store(Arc::new(store)));
        self
    }

    /// Sends `auth` for `registry` (a host such as `ghcr.io` or `127.0.0.1:5000`, `docker.io`, or an image
    /// reference's registry key), whatever the Dockerfile says; may be called once per registry. Nothing
    /// is looked up for it.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use docker_sdk::config::AuthConfig;
    /// let context = tokio::fs::File::open("context.tar").await?;
    /// docker
    ///     .images()
    ///     .build_from_tar(context)
    ///     .registry_auth("127.0.0.1:5000", AuthConfig::basic("testuser", "testpassword"))
    ///     .tag("app:dev")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn registry_auth(mut self, registry: impl AsRef<str>, auth: AuthConfig) -> Self {
        self.registry_auths
            .insert(registry_key(registry.as_ref()), auth);
        self
    }

    /// Looks credentials up (config.json, `DOCKER_AUTH_CONFIG`, the configured helpers) for these
    /// registries too, as for the Dockerfile's `FROM` images: the way to give a tar or remote build the
    /// credentials of its base images' registries.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// docker
    ///     .images()
    ///     .build_from_remote("https://git.example.com/app.git#main")
    ///     .credentials_for(["ghcr.io", "127.0.0.1:5000"])
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn credentials_for<I, S>(mut self, registries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.credentials_for
            .extend(registries.into_iter().map(|r| registry_key(r.as_ref())));
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
            registry_auths,
            credentials_for,
            mut opts,
        } = self;

        // The Dockerfile's text, when it can be read, to find the registries the build pulls from.
        let dockerfile_text = match (&source, &dockerfile_contents) {
            (_, Some(text)) => Some(text.clone()),
            (Source::Dockerfile(text), None) => Some(text.clone()),
            (Source::Dir(dir), None) => match &dockerfile {
                Some(p) if p.is_absolute() => tokio::fs::read_to_string(p).await.ok(),
                Some(p) => tokio::fs::read_to_string(dir.join(p)).await.ok(),
                // Like the context: `Dockerfile`, else `dockerfile`.
                None => match tokio::fs::read_to_string(dir.join("Dockerfile")).await {
                    Ok(text) => Some(text),
                    Err(_) => tokio::fs::read_to_string(dir.join("dockerfile")).await.ok(),
                },
            },
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

        let builder_credentials = credentials;
        let credentials = builder_credentials
            .clone()
            .unwrap_or_else(|| images.credentials.clone());
        // Image references (the cache sources, the Dockerfile's images) give their registries; the
        // registries named by `credentials_for` are keys already.
        let mut named_images: Vec<String> = opts.cache_from.clone();
        if let Some(text) = dockerfile_text.as_deref() {
            named_images.extend(dockerfile_images(text, &opts.build_args));
        }
        let mut named: BTreeSet<String> = registry_keys(&named_images).into_iter().collect();
        named.extend(credentials_for);
        let named: Vec<String> = named.into_iter().collect();
        let (auths, note) = match dockerfile_text.as_deref() {
            Some(_) => credentials.for_build(&images.docker, &named).await?,
            None => {
                unknown_registries_auths(&images, builder_credentials, &credentials, &named).await?
            }
        };
        opts.registry_config.extend(auths);
        opts.registry_config.extend(registry_auths);

        let Some(prepared) = prepared else {
            let stream = note.annotate_result(
                images
                    .docker
                    .api()
                    .image_build(&opts, RequestBody::empty())
                    .await,
            )?;
            return Ok(RegistryStream::new(stream, note));
        };
        let stream = prepared.into_stream();
        let status = stream.status();
        let result = images
            .docker
            .api()
            .image_build(&opts, RequestBody::from_stream(stream))
            .await;
        match result {
            Ok(s) => Ok(RegistryStream::new(s, note)),
            // When the context could not be read, that is the real cause of the failed request.
            Err(e) => Err(status.error().unwrap_or_else(|| note.annotate(e))),
        }
    }
}

impl IntoFuture for BuildImage {
    type Output = Result<BuiltImage>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let images = self.images.clone();
            let quiet = self.opts.quiet;
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
                        id = built_id(&line, quiet);
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

/// The image ID in a classic builder's `Successfully built <id>` line or a quiet build's `sha256:<id>`
/// (Docker) or bare `<64 hex digits>` (Podman) line.
fn built_id(line: &str, quiet: bool) -> Option<String> {
    let line = line.trim();
    if let Some(id) = line.strip_prefix("Successfully built ") {
        return Some(id.trim().to_string());
    }
    if line.starts_with("sha256:") && line.len() == 71 {
        return Some(line.to_string());
    }
    let bare_id = line.len() == 64 && line.bytes().all(|b| b.is_ascii_hexdigit());
    if quiet && bare_id {
        return Some(format!("sha256:{line}"));
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

/// The registry keys of these image references, sorted and without repeats.
fn registry_keys(images: &[String]) -> Vec<String> {
    let keys: BTreeSet<String> = images
        .iter()
        .map(|image| registry_key_for_image(image))
        .collect();
    keys.into_iter().collect()
}

/// The credentials of a build whose Dockerfile cannot be read here (see [`BuildImage`]'s rule): the
/// inline `auths` of the configuration, then the lookups for the registries (keys) named by `cache_from`
/// and `credentials_for`, then the builder's explicit credentials.
async fn unknown_registries_auths(
    images: &Images,
    builder_credentials: Option<Credentials>,
    credentials: &Credentials,
    named: &[String],
) -> Result<(BTreeMap<String, AuthConfig>, CredentialNote)> {
    let explicit = match &builder_credentials {
        Some(Credentials::Explicit(auth)) => Some(auth.clone()),
        _ => None,
    };
    // With explicit credentials on the builder, the inline entries come from the collection's source.
    let lookup = match builder_credentials {
        Some(Credentials::Explicit(_)) | None => images.credentials.clone(),
        Some(other) => other,
    };
    let (mut auths, mut note) = lookup.inline_for_build(&images.docker);
    if !named.is_empty() {
        let (found, lookup_note) = credentials.for_build(&images.docker, named).await?;
        auths.extend(found);
        note.merge(lookup_note);
    }
    if let Some(auth) = explicit {
        let own = auth
            .server_address
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(crate::config::DOCKER_HUB_AUTH_KEY);
        auths.insert(registry_key(own), auth);
    }
    Ok((auths, note))
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
            built_id("Successfully built 0123456789ab\n", false).as_deref(),
            Some("0123456789ab")
        );
        let full = format!("sha256:{}\n", "a".repeat(64));
        assert_eq!(built_id(&full, true).as_deref(), Some(full.trim()));
        assert_eq!(built_id("Step 1/2 : FROM scratch", false), None);
        // Podman's quiet build prints the ID without `sha256:`; in a normal build's log such a line is
        // just output.
        let bare = format!("{}\n", "b".repeat(64));
        let expected = format!("sha256:{}", "b".repeat(64));
        assert_eq!(built_id(&bare, true), Some(expected));
        assert_eq!(built_id(&bare, false), None);
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
