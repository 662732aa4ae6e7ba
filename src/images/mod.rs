//! High-level images: `docker.images()` with build, get, list, pull, push, load, import, remove, search and
//! prune; the [`Image`] handle; and [`RegistryData`], what a registry knows about an image.
//!
//! Registry credentials are found automatically: for the image's registry, the client's Docker CLI
//! configuration (`DOCKER_AUTH_CONFIG`, `credHelpers` / `credsStore` helpers, `config.json`'s `auths`,
//! read through the [`Env`](crate::config::Env) given to
//! [`DockerBuilder::from_env`](crate::DockerBuilder::from_env), else the process's environment) is
//! consulted when a call is made.
//!
//! - A broken, hung (killed after [`DEFAULT_HELPER_TIMEOUT`](crate::config::DEFAULT_HELPER_TIMEOUT)) or
//!   missing helper, or a malformed config.json, never stops a pull, search, registry-data inspect or
//!   build: the registry is then used anonymously. If the daemon then refuses (unauthorized, not found,
//!   `no basic auth credentials`, an error inside the stream), the error's message ends with
//!   `; credentials from docker-credential-<name> could not be read: <why>` (or names the unreadable file),
//!   never a secret.
//! - A push fails instead, before anything is sent, with [`Error::Credentials`] naming the helper or
//!   [`Error::Config`] naming the file.
//!
//! Override per call with `.auth(AuthConfig)` or `.credentials(store)`, or for every call of a collection
//! with [`Images::with_credentials`].
//!
//! ```no_run
//! # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
//! let image = docker.images().pull("127.0.0.1:5001/team/app:1.0").await?;
//! println!("{} {:?}", image.short_id(), image.tags());
//! image.tag("127.0.0.1:5001/team/app", Some("stable")).await?;
//! docker.images().push("127.0.0.1:5001/team/app:stable").await?;
//! # Ok(()) }
//! ```

mod auth;
mod build;
mod pull;
mod registry;

use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::Arc;

use futures_util::StreamExt;

pub use auth::RegistryStream;
pub(crate) use auth::{current_config, CredentialNote, Credentials};
pub use build::{BuildImage, BuildStream, BuiltImage, ContainerLimits};
pub use pull::{PullAllTags, PullImage, PullStream, PushImage, PushStream};
pub use registry::{GetRegistryData, RegistryData};

use crate::api::{
    BuildPruneOptions, ImageAttestationsOptions, ImageCommitOptions, ImageCreateOptions,
    ImageDeleteOptions, ImageGetAllOptions, ImageGetOptions, ImageHistoryOptions,
    ImageInspectOptions, ImageListOptions, ImageLoadOptions, ImagePruneOptions, ImageSearchOptions,
    ImageTagOptions, RequestBody,
};
use crate::config::{AuthConfig, CredentialStore};
use crate::error::{Error, Result};
use crate::models::{
    AttestationStatement, BuildPruneResponse, ContainerConfig, ImageConfig,
    ImageDeleteResponseItem, ImageHistoryResponseItem, ImageInspect, ImagePruneResponse,
    ImageSearchResponseItem, ImageSummary,
};
use crate::stream::ByteStream;
use crate::system::BoxFuture;
use crate::utils::filters::Filters;
use crate::utils::reference::{ImageReference, DEFAULT_REGISTRY};
use crate::Docker;

impl Docker {
    /// The images of this daemon: build, pull, push, list, get, load, import, remove, search, prune.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// for image in docker.images().list().await? {
    ///     println!("{} {:?}", image.short_id(), image.tags());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn images(&self) -> Images {
        Images {
            docker: self.clone(),
            credentials: Credentials::default(),
        }
    }
}

/// The image collection of a daemon ([`Docker::images`]).
#[derive(Clone, Debug)]
pub struct Images {
    docker: Docker,
    credentials: Credentials,
}

impl Images {
    /// The same collection, looking registry credentials up in `store` (another config directory, another
    /// helper search path) instead of the client's Docker CLI configuration.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use docker_sdk::config::{ConfigFile, CredentialStore};
    /// let store = CredentialStore::new(ConfigFile::load("/etc/ci/docker")?);
    /// let images = docker.images().with_credentials(store);
    /// images.pull("registry.example.com/team/app:1").await?;
    /// # Ok(()) }
    /// ```
    pub fn with_credentials(mut self, store: CredentialStore) -> Images {
        self.credentials = Credentials::Store(Arc::new(store));
        self
    }

    /// The same collection, never sending credentials (no configuration is read).
    pub fn anonymous(mut self) -> Images {
        self.credentials = Credentials::Anonymous;
        self
    }

    /// The same collection, sending `auth` to every registry (no configuration is read).
    pub fn with_auth(mut self, auth: AuthConfig) -> Images {
        self.credentials = Credentials::Explicit(auth);
        self
    }

    /// Builds an image from a directory, a Dockerfile and/or a tar context; see [`BuildImage`].
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// let built = docker.images().build("./app").tag("app:dev").build_arg("PROFILE", "release").await?;
    /// println!("{} ({} log lines)", built.image.id(), built.log.len());
    /// # Ok(()) }
    /// ```
    pub fn build(&self, context_dir: impl AsRef<std::path::Path>) -> BuildImage {
        BuildImage::from_dir(self.clone(), context_dir.as_ref())
    }

    /// Builds an image from a tar (or gzip-compressed tar) context read from `reader`; see [`BuildImage`].
    pub fn build_from_tar<R>(&self, reader: R) -> BuildImage
    where
        R: tokio::io::AsyncRead + Send + 'static,
    {
        BuildImage::from_tar(self.clone(), Box::pin(reader))
    }

    /// Builds an image from a Dockerfile given as text, with no other context; see [`BuildImage`].
    pub fn build_from_dockerfile(&self, dockerfile: impl Into<String>) -> BuildImage {
        BuildImage::from_dockerfile(self.clone(), dockerfile.into())
    }

    /// Builds an image from a context the daemon fetches itself: a Git repository, a tarball URL or a
    /// plain Dockerfile URL (docker-py's `path="https://…"`); see [`BuildImage`].
    pub fn build_from_remote(&self, url: impl Into<String>) -> BuildImage {
        BuildImage::from_remote(self.clone(), url.into())
    }

    /// One image, by name, `name:tag`, digest or (short) ID.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when there is no such image.
    pub async fn get(&self, name: &str) -> Result<Image> {
        let attrs = self
            .docker
            .api()
            .image_inspect(name, &ImageInspectOptions::default())
            .await?;
        Ok(Image::new(self.docker.clone(), attrs))
    }

    /// What the image's registry knows about `name` (digest, platforms), without pulling it.
    pub fn get_registry_data(&self, name: impl Into<String>) -> GetRegistryData {
        GetRegistryData::new(self.clone(), name.into())
    }

    /// The images, as a builder: filter by `name`, include intermediate images with `all`.
    pub fn list(&self) -> ListImages {
        ListImages {
            docker: self.docker.clone(),
            opts: ImageListOptions::default(),
        }
    }

    /// Loads images from a tar archive (as made by [`Image::save`]) streamed from `archive`, and returns
    /// them.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// use docker_sdk::api::RequestBody;
    /// let file = tokio::fs::File::open("images.tar").await?;
    /// let loaded = docker.images().load(RequestBody::from_reader(file)).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Stream`] or [`Error::Api`] when the daemon rejects the archive.
    pub async fn load(&self, archive: impl Into<RequestBody>) -> Result<Vec<Image>> {
        let mut stream = self
            .docker
            .api()
            .image_load(&ImageLoadOptions::default().quiet(true), archive.into())
            .await?;
        let mut names = Vec::new();
        while let Some(msg) = stream.next().await {
            let msg = msg?;
            if let Some(text) = msg.stream.as_deref() {
                if let Some(name) = loaded_name(text) {
                    names.push(name.to_string());
                }
            }
        }
        let mut images = Vec::with_capacity(names.len());
        for name in names {
            images.push(self.get(&name).await?);
        }
        Ok(images)
    }

    /// Imports a root filesystem from a tar archive streamed from `archive` as a new image (`docker import`).
    pub fn import(&self, archive: impl Into<RequestBody>) -> ImportImage {
        ImportImage {
            docker: self.docker.clone(),
            opts: ImageCreateOptions::default().from_src("-"),
            body: Some(archive.into()),
        }
    }

    /// Imports a root filesystem from a tar archive at `url` (fetched by the daemon).
    pub fn import_from_url(&self, url: impl Into<String>) -> ImportImage {
        ImportImage {
            docker: self.docker.clone(),
            opts: ImageCreateOptions::default().from_src(url),
            body: None,
        }
    }

    /// Pulls an image (`name[:tag]` or `name@digest`; tag `latest` when none is given) and returns it once
    /// the pull is complete. Use [`PullImage::stream`] for the progress messages.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// let image = docker.images().pull("127.0.0.1:5001/busybox").platform("linux/amd64").await?;
    /// # Ok(()) }
    /// ```
    pub fn pull(&self, image: impl Into<String>) -> PullImage {
        PullImage::new(self.clone(), image.into())
    }

    /// Pushes an image (`name[:tag]`; every tag of the repository when none is given). Use
    /// [`PushImage::stream`] for the progress messages.
    pub fn push(&self, image: impl Into<String>) -> PushImage {
        PushImage::new(self.clone(), image.into())
    }

    /// Removes an image or a tag of it.
    pub fn remove(&self, name: impl Into<String>) -> RemoveImage {
        RemoveImage {
            docker: self.docker.clone(),
            name: name.into(),
            opts: ImageDeleteOptions::default(),
        }
    }

    /// Searches a registry (Docker Hub unless `term` names another registry).
    pub fn search(&self, term: impl Into<String>) -> SearchImages {
        SearchImages {
            images: self.clone(),
            opts: ImageSearchOptions::new(term),
        }
    }

    /// Removes unused images (dangling ones only unless `dangling=false` is filtered).
    pub fn prune(&self) -> PruneImages {
        PruneImages {
            docker: self.docker.clone(),
            opts: ImagePruneOptions::default(),
        }
    }

    /// Removes build cache.
    pub fn prune_builds(&self) -> PruneBuilds {
        PruneBuilds {
            docker: self.docker.clone(),
            opts: BuildPruneOptions::default(),
        }
    }

    /// Saves several images (names, `name:tag` or IDs) into one tar archive, streamed.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `names` is empty; [`Error::NotFound`] when one does not exist.
    pub async fn save<I, S>(&self, names: I) -> Result<ByteStream>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let opts = ImageGetAllOptions {
            names: names.into_iter().map(Into::into).collect(),
            ..Default::default()
        };
        self.docker.api().image_get_all(&opts).await
    }

    /// The attestations (SBOM, provenance …) attached to image `name` (Engine API 1.55+); await the
    /// builder for them.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// let statements = docker
    ///     .images()
    ///     .attestations("app:1.0")
    ///     .platform("linux/amd64")
    ///     .predicate_type("https://spdx.dev/Document")
    ///     .await?;
    /// println!("{} attestations", statements.len());
    /// # Ok(()) }
    /// ```
    pub fn attestations(&self, name: impl Into<String>) -> ImageAttestations {
        ImageAttestations {
            docker: self.docker.clone(),
            name: name.into(),
            platform: None,
            opts: ImageAttestationsOptions::default().statement(true),
        }
    }

    /// Makes an image from a container's changes (`docker commit`).
    pub fn commit(&self, container: impl Into<String>) -> CommitImage {
        CommitImage {
            docker: self.docker.clone(),
            opts: ImageCommitOptions::new(container),
        }
    }
}

/// The image name in a `Loaded image: …` / `Loaded image ID: …` line of a load.
fn loaded_name(line: &str) -> Option<&str> {
    let line = line.trim();
    line.strip_prefix("Loaded image ID: ")
        .or_else(|| line.strip_prefix("Loaded image: "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Pulls `image` unless the daemon already has it: the seam `containers().run()` uses when a create
/// fails with [`Error::ImageNotFound`]. A reference without a tag or digest means `:latest`.
///
/// Credentials come from the client's Docker CLI configuration, leniently (an anonymous pull is always
/// tried).
pub(crate) async fn ensure_image(
    docker: &Docker,
    image: &str,
    platform: Option<&str>,
) -> Result<()> {
    match docker
        .api()
        .image_inspect(image, &ImageInspectOptions::default())
        .await
    {
        Ok(_) => return Ok(()),
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(e),
    }
    let mut pull = docker.images().pull(image);
    if let Some(p) = platform {
        pull = pull.platform(p);
    }
    let mut stream = pull.stream().await?;
    while let Some(msg) = stream.next().await {
        msg?;
    }
    Ok(())
}

/// An image, with its inspect data cached ([`attrs`](Self::attrs)); [`reload`](Self::reload) refreshes it.
#[derive(Clone, Debug)]
pub struct Image {
    docker: Docker,
    attrs: ImageInspect,
}

impl PartialEq for Image {
    fn eq(&self, other: &Image) -> bool {
        self.attrs.id == other.attrs.id
    }
}

impl Image {
    pub(crate) fn new(docker: Docker, attrs: ImageInspect) -> Image {
        Image { docker, attrs }
    }

    /// An image from a list entry: ID, tags, digests, size and labels are filled in; call
    /// [`reload`](Self::reload) for the rest.
    pub(crate) fn from_summary(docker: Docker, summary: ImageSummary) -> Image {
        let attrs = ImageInspect {
            id: summary.id,
            repo_tags: summary.repo_tags,
            repo_digests: summary.repo_digests,
            size: summary.size,
            virtual_size: summary.virtual_size,
            parent: summary.parent_id.filter(|p| !p.is_empty()),
            descriptor: summary.descriptor,
            manifests: summary.manifests,
            config: Some(ImageConfig {
                labels: summary.labels,
                ..Default::default()
            }),
            ..Default::default()
        };
        Image { docker, attrs }
    }

    /// The full ID, `sha256:<64 hex>`.
    pub fn id(&self) -> &str {
        self.attrs.id.as_deref().unwrap_or_default()
    }

    /// The ID shortened like the Docker CLI shows it: `sha256:` and 12 hex digits.
    ///
    /// ```
    /// # let short = |id: &str| docker_sdk::images::short_image_id(id).to_string();
    /// assert_eq!(short("sha256:0123456789abcdef0123"), "sha256:0123456789ab");
    /// ```
    pub fn short_id(&self) -> &str {
        short_image_id(self.id())
    }

    /// The `repo:tag` names of the image (without `<none>:<none>`), written as the Docker CLI shows them.
    ///
    /// Docker reports Docker Hub images as `alpine:3.20`; Podman reports the same name fully qualified,
    /// `docker.io/library/alpine:3.20`. Both come out here as `alpine:3.20` (Docker Hub's `docker.io/` and
    /// `library/` left out), so the names read the same from either engine. Names on other registries
    /// (Podman's `localhost/` included) are kept as they are; [`attrs`](Self::attrs) has the daemon's own
    /// list.
    ///
    /// ```
    /// # let tags = |repo_tags: &[&str]| docker_sdk::images::familiar_tags(repo_tags.iter().copied());
    /// assert_eq!(tags(&["docker.io/library/app:v1", "docker.io/team/app:v2"]), ["app:v1", "team/app:v2"]);
    /// assert_eq!(tags(&["app:v1", "localhost/app:v1", "<none>:<none>"]), ["app:v1", "localhost/app:v1"]);
    /// ```
    pub fn tags(&self) -> Vec<String> {
        familiar_tags(self.attrs.repo_tags.iter().flatten().map(String::as_str))
    }

    /// The image's labels.
    pub fn labels(&self) -> HashMap<String, String> {
        self.attrs
            .config
            .as_ref()
            .and_then(|c| c.labels.clone())
            .unwrap_or_default()
    }

    /// The cached inspect data.
    pub fn attrs(&self) -> &ImageInspect {
        &self.attrs
    }

    /// Refreshes the cached inspect data.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when the image was removed.
    pub async fn reload(&mut self) -> Result<()> {
        self.attrs = self
            .docker
            .api()
            .image_inspect(self.id(), &ImageInspectOptions::default())
            .await?;
        Ok(())
    }

    /// The layers the image was built from, newest first.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when the image was removed.
    pub async fn history(&self) -> Result<Vec<ImageHistoryResponseItem>> {
        self.docker
            .api()
            .image_history(self.id(), &ImageHistoryOptions::default())
            .await
    }

    /// The attestations (SBOM, provenance …) attached to this image, with their statements. Needs Engine
    /// API 1.55; see [`Images::attestations`] to choose a platform or predicate types.
    ///
    /// # Errors
    /// [`Error::UnsupportedApiVersion`] before API 1.55 (nothing is sent); [`Error::ImageNotFound`] when
    /// the image was removed; [`Error::Api`] 501 when the daemon's image store keeps no attestations.
    pub async fn attestations(&self) -> Result<Vec<AttestationStatement>> {
        let opts = ImageAttestationsOptions::default().statement(true);
        self.docker.api().image_attestations(self.id(), &opts).await
    }

    /// Adds the tag `repository[:tag]` (`latest` when `tag` is `None`).
    ///
    /// Podman 4.3 can drop a name when one image gets several tags or untags at the same moment (each request
    /// rewrites the whole name list); against Podman, tag one image from one task at a time.
    ///
    /// # Errors
    /// [`Error::Api`] 400 for a malformed repository or tag.
    pub async fn tag(&self, repository: &str, tag: Option<&str>) -> Result<()> {
        self.docker
            .api()
            .image_tag(self.id(), &ImageTagOptions::new(repository, tag))
            .await
    }

    /// Saves the image as a tar archive, streamed (`docker save`); memory stays flat whatever its size.
    ///
    /// ```no_run
    /// # async fn demo(image: docker_sdk::images::Image) -> docker_sdk::Result<()> {
    /// let mut file = tokio::fs::File::create("image.tar").await?;
    /// image.save().named(true).await?.copy_to(&mut file).await?;
    /// # Ok(()) }
    /// ```
    pub fn save(&self) -> SaveImage {
        SaveImage {
            image: self.clone(),
            named: None,
        }
    }

    /// Removes the image.
    pub fn remove(&self) -> RemoveImage {
        RemoveImage {
            docker: self.docker.clone(),
            name: self.id().to_string(),
            opts: ImageDeleteOptions::default(),
        }
    }
}

/// `sha256:` and 12 hex digits (or the first 12 characters of an ID without the prefix).
#[doc(hidden)]
pub fn short_image_id(id: &str) -> &str {
    let len = if id.starts_with("sha256:") { 19 } else { 12 };
    id.get(..len).unwrap_or(id)
}

/// Builder of [`Images::list`]; await it for the images.
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListImages {
    docker: Docker,
    opts: ImageListOptions,
}

impl ListImages {
    /// Only images whose reference matches `name` (`repo`, `repo:tag`, with `*` wildcards).
    pub fn name(mut self, name: impl std::fmt::Display) -> Self {
        self.opts.filters.insert("reference", name);
        self
    }

    /// Include intermediate images.
    pub fn all(mut self, all: bool) -> Self {
        self.opts.all = all;
        self
    }

    /// Adds a filter: `dangling`, `label`, `before`, `since`, `reference`, `until`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces all filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }
}

impl IntoFuture for ListImages {
    type Output = Result<Vec<Image>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let list = self.docker.api().image_list(&self.opts).await?;
            Ok(list
                .into_iter()
                .map(|s| Image::from_summary(self.docker.clone(), s))
                .collect())
        })
    }
}

/// Builder of [`Image::save`]; await it for the archive as a [`ByteStream`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct SaveImage {
    image: Image,
    named: Option<Named>,
}

#[derive(Debug, Clone)]
enum Named {
    First,
    Tag(String),
}

impl SaveImage {
    /// Save under the image's first tag (or its ID when untagged), so that a load restores the tag.
    pub fn named(mut self, named: bool) -> Self {
        self.named = named.then_some(Named::First);
        self
    }

    /// Save under this tag, which must be one of the image's tags.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.named = Some(Named::Tag(tag.into()));
        self
    }
}

impl IntoFuture for SaveImage {
    type Output = Result<ByteStream>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let tags = self.image.tags();
            let name = match self.named {
                None => self.image.id().to_string(),
                Some(Named::First) => tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| self.image.id().to_string()),
                Some(Named::Tag(tag)) => {
                    if !tags.iter().any(|t| same_reference(t, &tag)) {
                        return Err(Error::invalid(format!(
                            "{tag} is not a tag of image {} (its tags: {tags:?})",
                            self.image.short_id()
                        )));
                    }
                    tag
                }
            };
            self.image
                .docker
                .api()
                .image_get(&name, &ImageGetOptions::default())
                .await
        })
    }
}

/// Image names as the Docker CLI shows them, without `<none>:<none>`: a Docker Hub name loses its
/// `docker.io/` and `library/` prefixes (Podman reports names fully qualified, Docker does not); other names
/// and anything that does not parse as a reference are kept as they are. See [`Image::tags`].
pub fn familiar_tags<'a>(repo_tags: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    repo_tags
        .into_iter()
        .filter(|t| *t != "<none>:<none>")
        .map(|t| match ImageReference::parse(t) {
            Ok(r) if r.registry().is_some() && r.registry_host() == DEFAULT_REGISTRY => {
                let mut name = r.familiar_name();
                if let Some(tag) = r.tag() {
                    name = format!("{name}:{tag}");
                }
                if let Some(digest) = r.digest() {
                    name = format!("{name}@{digest}");
                }
                name
            }
            _ => t.to_string(),
        })
        .collect()
}

/// Whether two image names point to the same reference once the CLI's defaults are filled in
/// (`app:v1` and `docker.io/library/app:v1` do).
fn same_reference(a: &str, b: &str) -> bool {
    match (ImageReference::parse(a), ImageReference::parse(b)) {
        (Ok(a), Ok(b)) => a.normalize() == b.normalize(),
        _ => a == b,
    }
}

/// Builder of [`Images::import`]; await it for the new [`Image`].
#[derive(Debug)]
#[must_use = "does nothing until awaited"]
pub struct ImportImage {
    docker: Docker,
    opts: ImageCreateOptions,
    body: Option<RequestBody>,
}

impl ImportImage {
    /// The repository (and `repo:tag`) to name the image.
    pub fn repository(mut self, repository: impl Into<String>) -> Self {
        self.opts.repo = Some(repository.into());
        self
    }

    /// The tag to give it.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.opts.tag = Some(tag.into());
        self
    }

    /// The commit message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.opts.message = Some(message.into());
        self
    }

    /// Adds a Dockerfile instruction to apply (`CMD`, `ENTRYPOINT`, `ENV`, `EXPOSE`, `ONBUILD`, `USER`,
    /// `VOLUME`, `WORKDIR`).
    pub fn change(mut self, change: impl Into<String>) -> Self {
        self.opts.changes.push(change.into());
        self
    }

    /// The platform of the imported image, `os[/arch[/variant]]`.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.opts.platform = Some(platform.into());
        self
    }
}

impl IntoFuture for ImportImage {
    type Output = Result<Image>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(mut self) -> Self::IntoFuture {
        // `repo=name:tag` names the image on every engine; Podman ignores a separate `tag` parameter.
        if let (Some(repo), Some(tag)) = (&self.opts.repo, &self.opts.tag) {
            if crate::utils::reference::parse_repository_tag(repo)
                .1
                .is_none()
            {
                self.opts.repo = Some(format!("{repo}:{tag}"));
                self.opts.tag = None;
            }
        }
        Box::pin(async move {
            let mut stream = self
                .docker
                .api()
                .image_create(&self.opts, self.body)
                .await?;
            let mut id = None;
            while let Some(msg) = stream.next().await {
                if let Some(status) = msg?.status {
                    if status.starts_with("sha256:") {
                        id = Some(status.trim().to_string());
                    }
                }
            }
            let id = id.ok_or_else(|| {
                Error::Protocol("the daemon did not report the ID of the imported image".into())
            })?;
            self.docker.images().get(&id).await
        })
    }
}

/// Builder of [`Images::remove`] / [`Image::remove`]; await it for what was untagged and deleted.
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct RemoveImage {
    docker: Docker,
    name: String,
    opts: ImageDeleteOptions,
}

impl RemoveImage {
    /// Remove even when containers use it or it has several tags.
    pub fn force(mut self, force: bool) -> Self {
        self.opts.force = force;
        self
    }

    /// Keep untagged parent images.
    pub fn noprune(mut self, noprune: bool) -> Self {
        self.opts.noprune = noprune;
        self
    }
}

impl IntoFuture for RemoveImage {
    type Output = Result<Vec<ImageDeleteResponseItem>>;
    type IntoFuture = BoxFuture<Self::Output>;

    /// What was untagged and deleted, written as Docker writes it (`sha256:<hex>`, `app:v1`) from either
    /// engine.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let items = self
                .docker
                .api()
                .image_delete(&self.name, &self.opts)
                .await?;
            Ok(items.into_iter().map(same_as_docker).collect())
        })
    }
}

/// One "untagged / deleted" entry in Docker's spelling: Podman reports deleted IDs without their
/// `sha256:` prefix and untagged names fully qualified (`docker.io/library/app:v1`); Docker as
/// `sha256:<hex>` and `app:v1`, like [`Image::id`] and [`Image::tags`].
fn same_as_docker(item: ImageDeleteResponseItem) -> ImageDeleteResponseItem {
    let untagged = item
        .untagged
        .map(|name| familiar_tags([name.as_str()]).pop().unwrap_or(name));
    let deleted = item.deleted.map(|id| {
        let bare_digest = id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit());
        if bare_digest {
            format!("sha256:{id}")
        } else {
            id
        }
    });
    ImageDeleteResponseItem { untagged, deleted }
}

/// Builder of [`Images::attestations`]; await it for the statements.
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ImageAttestations {
    docker: Docker,
    name: String,
    platform: Option<String>,
    opts: ImageAttestationsOptions,
}

impl ImageAttestations {
    /// Only the attestations of this platform variant, `os[/arch[/variant]]`.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }

    /// Only statements with this in-toto predicate type; may be called more than once.
    pub fn predicate_type(mut self, predicate_type: impl Into<String>) -> Self {
        self.opts = self.opts.predicate_type(predicate_type);
        self
    }

    /// Whether each statement's body is included (default: yes).
    pub fn statement(mut self, include: bool) -> Self {
        self.opts = self.opts.statement(include);
        self
    }
}

impl IntoFuture for ImageAttestations {
    type Output = Result<Vec<AttestationStatement>>;
    type IntoFuture = BoxFuture<Self::Output>;

    /// # Errors
    /// [`Error::InvalidArgument`] for a malformed platform; [`Error::UnsupportedApiVersion`] before API
    /// 1.55 (nothing is sent); [`Error::ImageNotFound`] when there is no such image.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut opts = self.opts;
            if let Some(platform) = self.platform.as_deref() {
                opts = opts.platform(pull::parse_platform("attestations", platform)?);
            }
            self.docker
                .api()
                .image_attestations(&self.name, &opts)
                .await
        })
    }
}

/// Builder of [`Images::search`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct SearchImages {
    images: Images,
    opts: ImageSearchOptions,
}

impl SearchImages {
    /// Most results to return.
    pub fn limit(mut self, limit: i64) -> Self {
        self.opts.limit = Some(limit);
        self
    }

    /// Adds a filter: `is-official`, `stars`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Use these credentials instead of the configured ones.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.opts.auth = Some(auth);
        self
    }
}

impl IntoFuture for SearchImages {
    type Output = Result<Vec<ImageSearchResponseItem>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut opts = self.opts;
            if opts.auth.is_none() {
                // A search term may start with a registry (`registry.example.com/app`).
                let registry = crate::config::registry_key_for_image(&opts.term);
                let (auth, note) = self
                    .images
                    .credentials
                    .for_pull(&self.images.docker, &registry)
                    .await?;
                opts.auth = auth;
                return note.annotate_result(self.images.docker.api().image_search(&opts).await);
            }
            self.images.docker.api().image_search(&opts).await
        })
    }
}

/// Builder of [`Images::prune`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PruneImages {
    docker: Docker,
    opts: ImagePruneOptions,
}

impl PruneImages {
    /// Adds a filter: `dangling`, `until`, `label`, `label!`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces all filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }
}

impl IntoFuture for PruneImages {
    type Output = Result<ImagePruneResponse>;
    type IntoFuture = BoxFuture<Self::Output>;

    /// The report, its deleted images written as Docker writes them (`sha256:<hex>`, `app:v1`) from either
    /// engine.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut report = self.docker.api().image_prune(&self.opts).await?;
            report.images_deleted = report
                .images_deleted
                .map(|items| items.into_iter().map(same_as_docker).collect());
            Ok(report)
        })
    }
}

/// Builder of [`Images::prune_builds`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PruneBuilds {
    docker: Docker,
    opts: BuildPruneOptions,
}

impl PruneBuilds {
    /// Remove all unused cache, not just dangling entries.
    pub fn all(mut self, all: bool) -> Self {
        self.opts.all = Some(all);
        self
    }

    /// Bytes of cache to keep.
    pub fn keep_storage(mut self, bytes: i64) -> Self {
        self.opts.keep_storage = Some(bytes);
        self
    }

    /// Adds a filter: `until`, `id`, `parent`, `type`, `description`, `inuse`, `shared`, `private`.
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }
}

impl IntoFuture for PruneBuilds {
    type Output = Result<BuildPruneResponse>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().build_prune(&self.opts).await })
    }
}

/// Builder of [`Images::commit`]; await it for the new [`Image`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct CommitImage {
    docker: Docker,
    opts: ImageCommitOptions,
}

impl CommitImage {
    /// The repository of the new image.
    pub fn repository(mut self, repository: impl Into<String>) -> Self {
        self.opts.repo = Some(repository.into());
        self
    }

    /// The tag of the new image.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.opts.tag = Some(tag.into());
        self
    }

    /// The commit message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.opts.comment = Some(message.into());
        self
    }

    /// The author.
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.opts.author = Some(author.into());
        self
    }

    /// Pause the container while committing (the daemon's default is true).
    pub fn pause(mut self, pause: bool) -> Self {
        self.opts.pause = Some(pause);
        self
    }

    /// Adds a Dockerfile instruction to apply, e.g. `CMD ["sh"]`.
    pub fn change(mut self, change: impl Into<String>) -> Self {
        self.opts.changes.push(change.into());
        self
    }

    /// The configuration of the new image.
    pub fn conf(mut self, config: ContainerConfig) -> Self {
        self.opts.config = Some(config);
        self
    }
}

impl IntoFuture for CommitImage {
    type Output = Result<Image>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let id = self.docker.api().image_commit(&self.opts).await?;
            let id = id.id.ok_or_else(|| {
                Error::Protocol("the daemon did not report the ID of the committed image".into())
            })?;
            self.docker.images().get(&id).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_and_load_lines() {
        assert_eq!(
            short_image_id("sha256:0123456789abcdef0123456789"),
            "sha256:0123456789ab"
        );
        assert_eq!(short_image_id("0123456789abcdef"), "0123456789ab");
        assert_eq!(short_image_id("abc"), "abc");
        assert_eq!(loaded_name("Loaded image: app:1\n"), Some("app:1"));
        assert_eq!(
            loaded_name("Loaded image ID: sha256:abc\n"),
            Some("sha256:abc")
        );
        assert_eq!(loaded_name("Loading layer"), None);
    }

    #[test]
    fn builders_never_show_secrets() {
        let docker = Docker::builder().build().unwrap();
        let auth = AuthConfig::basic("me", "pw-SECRET");
        let shown = format!(
            "{:?} {:?} {:?} {:?} {:?}",
            docker.images().pull("a").auth(auth.clone()),
            docker.images().push("a").auth(auth.clone()),
            docker
                .images()
                .build_from_dockerfile("FROM a")
                .auth(auth.clone()),
            docker.images().with_auth(auth.clone()),
            docker.login("me", "pw-SECRET"),
        );
        assert!(!shown.contains("pw-SECRET"), "{shown}");
        assert!(shown.contains("me"), "{shown}");
    }

    #[test]
    fn tags_read_the_same_from_docker_and_podman() {
        let docker = Docker::builder().build().unwrap();
        let from = |tags: &str| {
            let summary: ImageSummary = serde_json::from_str(&format!(
                r#"{{"Id":"sha256:0123456789abcdef","RepoTags":{tags}}}"#
            ))
            .unwrap();
            Image::from_summary(docker.clone(), summary).tags()
        };
        let docker_says = from(r#"["app:v1","team/app:v2","127.0.0.1:5000/app:v3"]"#);
        let podman_says =
            from(r#"["docker.io/library/app:v1","docker.io/team/app:v2","127.0.0.1:5000/app:v3"]"#);
        assert_eq!(
            docker_says,
            ["app:v1", "team/app:v2", "127.0.0.1:5000/app:v3"]
        );
        assert_eq!(podman_says, docker_says);
        // Podman's `localhost/` names are names on another registry: kept.
        assert_eq!(from(r#"["localhost/app:v1"]"#), ["localhost/app:v1"]);
        assert_eq!(from("null"), Vec::<String>::new());
    }

    #[test]
    fn removal_reports_read_the_same_from_docker_and_podman() {
        let hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let item = |untagged: Option<&str>, deleted: Option<&str>| ImageDeleteResponseItem {
            untagged: untagged.map(str::to_string),
            deleted: deleted.map(str::to_string),
        };
        let docker_says = item(Some("app:v1"), Some(&format!("sha256:{hex}")));
        let podman_says = item(Some("docker.io/library/app:v1"), Some(hex));
        assert_eq!(same_as_docker(podman_says), docker_says);
        assert_eq!(same_as_docker(docker_says.clone()), docker_says);
        let other = item(Some("localhost/app:v1"), Some("not-an-id"));
        assert_eq!(same_as_docker(other.clone()), other);
    }

    #[test]
    fn images_from_list_entries_keep_tags_and_labels() {
        let docker = Docker::builder().build().unwrap();
        let summary: ImageSummary = serde_json::from_str(
            r#"{"Id":"sha256:0123456789abcdef","RepoTags":["a:1","<none>:<none>"],"Labels":{"k":"v"},"ParentId":""}"#,
        )
        .unwrap();
        let image = Image::from_summary(docker, summary);
        assert_eq!(image.tags(), ["a:1"]);
        assert!(same_reference("a:1", "docker.io/library/a:1"));
        assert!(same_reference("a", "a:latest"));
        assert!(!same_reference("a:1", "localhost/a:1"));
        assert!(!same_reference("a:1", "a:2"));
        assert_eq!(image.labels()["k"], "v");
        assert_eq!(image.attrs().parent, None);
        assert_eq!(image.short_id(), "sha256:0123456789ab");
    }
}
