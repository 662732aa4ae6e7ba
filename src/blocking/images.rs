//! Blocking mirror of the images API ([`crate::images`]).

use std::collections::HashMap;
use std::future::IntoFuture;
use std::io::Read;
use std::path::Path;

use super::mirror::blocking_builder;
use super::{BlockingStream, ByteReader, Docker};
use crate::api::RequestBody;
use crate::config::{AuthConfig, CredentialStore};
use crate::error::Result;
use crate::images::{BuildStream, ContainerLimits, PullStream, PushStream};
use crate::models::{
    AttestationStatement, BuildPruneResponse, ContainerConfig, DistributionInspect,
    ImageDeleteResponseItem, ImageHistoryResponseItem, ImageInspect, ImagePruneResponse,
    ImageSearchResponseItem, OCIPlatform,
};

/// Forwards builder setters to the async builder inside.
macro_rules! forward {
    ($async_ty:literal; $( fn $name:ident($($arg:ident : $ty:ty),*); )*) => {
        $(
            #[doc = concat!("See [`", $async_ty, "::", stringify!($name), "`].")]
            pub fn $name(mut self, $($arg: $ty),*) -> Self {
                self.inner = self.inner.$name($($arg),*);
                self
            }
        )*
    };
}

impl Docker {
    /// The images of this daemon; see [`crate::Docker::images`].
    ///
    /// ```no_run
    /// # fn demo(docker: docker_sdk::blocking::Docker) -> docker_sdk::Result<()> {
    /// let image = docker.images().pull("127.0.0.1:5001/busybox:latest").send()?;
    /// println!("{:?}", image.tags());
    /// # Ok(()) }
    /// ```
    pub fn images(&self) -> Images {
        Images {
            docker: self.clone(),
            inner: self.inner.images(),
        }
    }
}

/// Blocking image collection; see [`crate::images::Images`].
#[derive(Clone, Debug)]
pub struct Images {
    docker: Docker,
    inner: crate::images::Images,
}

impl Images {
    /// See [`crate::images::Images::with_credentials`].
    pub fn with_credentials(mut self, store: CredentialStore) -> Images {
        self.inner = self.inner.with_credentials(store);
        self
    }

    /// See [`crate::images::Images::with_auth`].
    pub fn with_auth(mut self, auth: AuthConfig) -> Images {
        self.inner = self.inner.with_auth(auth);
        self
    }

    /// See [`crate::images::Images::anonymous`].
    pub fn anonymous(mut self) -> Images {
        self.inner = self.inner.anonymous();
        self
    }

    fn wrap(&self, image: crate::images::Image) -> Image {
        Image {
            docker: self.docker.clone(),
            inner: image,
        }
    }

    /// Builds from a directory; see [`crate::images::Images::build`].
    pub fn build(&self, context_dir: impl AsRef<Path>) -> BuildImage {
        BuildImage {
            images: self.clone(),
            inner: self.inner.build(context_dir),
        }
    }

    /// Builds from a tar (or gzip tar) context read from a blocking reader; see
    /// [`crate::images::Images::build_from_tar`].
    pub fn build_from_tar<R>(&self, reader: R) -> BuildImage
    where
        R: Read + Send + 'static,
    {
        let stream = crate::api::sync_read_stream(reader);
        let reader = tokio_util::io::StreamReader::new(stream);
        BuildImage {
            images: self.clone(),
            inner: self.inner.build_from_tar(reader),
        }
    }

    /// Builds from a Dockerfile given as text; see [`crate::images::Images::build_from_dockerfile`].
    pub fn build_from_dockerfile(&self, dockerfile: impl Into<String>) -> BuildImage {
        BuildImage {
            images: self.clone(),
            inner: self.inner.build_from_dockerfile(dockerfile),
        }
    }

    /// Builds from a remote context; see [`crate::images::Images::build_from_remote`].
    pub fn build_from_remote(&self, url: impl Into<String>) -> BuildImage {
        BuildImage {
            images: self.clone(),
            inner: self.inner.build_from_remote(url),
        }
    }

    /// One image; see [`crate::images::Images::get`].
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] when there is no such image.
    pub fn get(&self, name: &str) -> Result<Image> {
        let image = self.docker.block_on(self.inner.get(name))??;
        Ok(self.wrap(image))
    }

    /// What the registry knows about an image; see [`crate::images::Images::get_registry_data`].
    pub fn get_registry_data(&self, name: impl Into<String>) -> GetRegistryData {
        GetRegistryData {
            docker: self.docker.clone(),
            inner: self.inner.get_registry_data(name),
        }
    }

    /// The images; see [`crate::images::Images::list`].
    pub fn list(&self) -> ListImages {
        ListImages {
            images: self.clone(),
            inner: self.inner.list(),
        }
    }

    /// Loads images from a tar archive; see [`crate::images::Images::load`]. Use
    /// [`RequestBody::from_sync_reader`] to stream a file.
    ///
    /// # Errors
    /// [`crate::Error::Stream`] or [`crate::Error::Api`] when the daemon rejects the archive.
    pub fn load(&self, archive: impl Into<RequestBody>) -> Result<Vec<Image>> {
        let images = self.docker.block_on(self.inner.load(archive))??;
        Ok(images.into_iter().map(|i| self.wrap(i)).collect())
    }

    /// Imports a root filesystem; see [`crate::images::Images::import`].
    pub fn import(&self, archive: impl Into<RequestBody>) -> ImportImage {
        ImportImage {
            images: self.clone(),
            inner: self.inner.import(archive),
        }
    }

    /// Imports a root filesystem from a URL; see [`crate::images::Images::import_from_url`].
    pub fn import_from_url(&self, url: impl Into<String>) -> ImportImage {
        ImportImage {
            images: self.clone(),
            inner: self.inner.import_from_url(url),
        }
    }

    /// Pulls an image; see [`crate::images::Images::pull`].
    pub fn pull(&self, image: impl Into<String>) -> PullImage {
        PullImage {
            images: self.clone(),
            inner: self.inner.pull(image),
        }
    }

    /// Pushes an image; see [`crate::images::Images::push`].
    pub fn push(&self, image: impl Into<String>) -> PushImage {
        PushImage {
            images: self.clone(),
            inner: self.inner.push(image),
        }
    }

    /// Removes an image; see [`crate::images::Images::remove`].
    pub fn remove(&self, name: impl Into<String>) -> RemoveImage {
        RemoveImage {
            docker: self.docker.clone(),
            inner: self.inner.remove(name),
        }
    }

    /// Searches a registry; see [`crate::images::Images::search`].
    pub fn search(&self, term: impl Into<String>) -> SearchImages {
        SearchImages {
            docker: self.docker.clone(),
            inner: self.inner.search(term),
        }
    }

    /// The attestations of an image; see [`crate::images::Images::attestations`].
    pub fn attestations(&self, name: impl Into<String>) -> ImageAttestations {
        ImageAttestations::new(self.docker.clone(), self.inner.attestations(name))
    }

    /// Removes unused images; see [`crate::images::Images::prune`].
    pub fn prune(&self) -> PruneImages {
        PruneImages {
            docker: self.docker.clone(),
            inner: self.inner.prune(),
        }
    }

    /// Removes build cache; see [`crate::images::Images::prune_builds`].
    pub fn prune_builds(&self) -> PruneBuilds {
        PruneBuilds {
            docker: self.docker.clone(),
            inner: self.inner.prune_builds(),
        }
    }

    /// Saves several images into one tar archive, read as it is streamed; see
    /// [`crate::images::Images::save`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when `names` is empty; [`crate::Error::NotFound`] when one does
    /// not exist.
    pub fn save<I, S>(&self, names: I) -> Result<ByteReader>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let stream = self.docker.block_on(self.inner.save(names))??;
        Ok(ByteReader::new(self.docker.inner.clone(), stream))
    }

    /// Makes an image from a container; see [`crate::images::Images::commit`].
    pub fn commit(&self, container: impl Into<String>) -> CommitImage {
        CommitImage {
            images: self.clone(),
            inner: self.inner.commit(container),
        }
    }
}

/// Blocking image handle; see [`crate::images::Image`].
#[derive(Clone, Debug)]
pub struct Image {
    docker: Docker,
    inner: crate::images::Image,
}

impl Image {
    /// See [`crate::images::Image::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::images::Image::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::images::Image::tags`].
    pub fn tags(&self) -> Vec<String> {
        self.inner.tags()
    }

    /// See [`crate::images::Image::labels`].
    pub fn labels(&self) -> HashMap<String, String> {
        self.inner.labels()
    }

    /// See [`crate::images::Image::attrs`].
    pub fn attrs(&self) -> &ImageInspect {
        self.inner.attrs()
    }

    /// The async handle inside.
    pub fn async_image(&self) -> &crate::images::Image {
        &self.inner
    }

    /// See [`crate::images::Image::reload`].
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] when the image was removed.
    pub fn reload(&mut self) -> Result<()> {
        let docker = self.docker.clone();
        docker.block_on(self.inner.reload())?
    }

    /// See [`crate::images::Image::history`].
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] when the image was removed.
    pub fn history(&self) -> Result<Vec<ImageHistoryResponseItem>> {
        self.docker.block_on(self.inner.history())?
    }

    /// See [`crate::images::Image::attestations`].
    ///
    /// # Errors
    /// [`crate::Error::UnsupportedApiVersion`] before API 1.55 (nothing is sent).
    pub fn attestations(&self) -> Result<Vec<AttestationStatement>> {
        self.docker.block_on(self.inner.attestations())?
    }

    /// See [`crate::images::Image::tag`].
    ///
    /// # Errors
    /// [`crate::Error::Api`] 400 for a malformed repository or tag.
    pub fn tag(&self, repository: &str, tag: Option<&str>) -> Result<()> {
        self.docker.block_on(self.inner.tag(repository, tag))?
    }

    /// See [`crate::images::Image::save`].
    pub fn save(&self) -> SaveImage {
        SaveImage {
            docker: self.docker.clone(),
            inner: self.inner.save(),
        }
    }

    /// See [`crate::images::Image::remove`].
    pub fn remove(&self) -> RemoveImage {
        RemoveImage {
            docker: self.docker.clone(),
            inner: self.inner.remove(),
        }
    }
}

/// Blocking builder of [`Image::save`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct SaveImage {
    docker: Docker,
    inner: crate::images::SaveImage,
}

impl SaveImage {
    forward! { "crate::images::SaveImage";
        fn named(named: bool);
        fn tag(tag: impl Into<String>);
    }

    /// Starts the save; read the archive from the returned reader.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for a tag the image does not have.
    pub fn send(self) -> Result<ByteReader> {
        let stream = self.docker.block_on(self.inner.into_future())??;
        Ok(ByteReader::new(self.docker.inner, stream))
    }
}

/// Blocking builder of [`Images::list`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct ListImages {
    images: Images,
    inner: crate::images::ListImages,
}

impl ListImages {
    forward! { "crate::images::ListImages";
        fn name(name: impl std::fmt::Display);
        fn all(all: bool);
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: crate::utils::filters::Filters);
    }

    /// Lists the images.
    ///
    /// # Errors
    /// [`crate::Error::Connect`] when no daemon answers.
    pub fn send(self) -> Result<Vec<Image>> {
        let list = self.images.docker.block_on(self.inner.into_future())??;
        Ok(list.into_iter().map(|i| self.images.wrap(i)).collect())
    }
}

/// Blocking builder of [`Images::pull`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct PullImage {
    images: Images,
    inner: crate::images::PullImage,
}

impl PullImage {
    forward! { "crate::images::PullImage";
        fn tag(tag: impl Into<String>);
        fn platform(platform: impl Into<String>);
        fn auth(auth: AuthConfig);
        fn credentials(store: CredentialStore);
    }

    /// Pull every tag of the repository; see [`crate::images::PullImage::all_tags`].
    pub fn all_tags(self) -> PullAllTags {
        PullAllTags {
            images: self.images,
            inner: self.inner.all_tags(),
        }
    }

    /// Pulls and returns the image.
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] for a missing repository or tag, [`crate::Error::Stream`] for an
    /// error during the pull.
    pub fn send(self) -> Result<Image> {
        let image = self.images.docker.block_on(self.inner.into_future())??;
        Ok(self.images.wrap(image))
    }

    /// Starts the pull and returns its progress as an iterator.
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] for a missing repository or tag.
    pub fn stream(self) -> Result<BlockingStream<PullStream>> {
        let stream = self.images.docker.block_on(self.inner.stream())??;
        Ok(BlockingStream::new(
            self.images.docker.inner.clone(),
            stream,
        ))
    }
}

/// Blocking builder of [`PullImage::all_tags`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct PullAllTags {
    images: Images,
    inner: crate::images::PullAllTags,
}

impl PullAllTags {
    /// Pulls every tag and returns the repository's images.
    ///
    /// # Errors
    /// As [`PullImage::send`].
    pub fn send(self) -> Result<Vec<Image>> {
        let list = self.images.docker.block_on(self.inner.into_future())??;
        Ok(list.into_iter().map(|i| self.images.wrap(i)).collect())
    }

    /// Starts the pull and returns its progress as an iterator.
    ///
    /// # Errors
    /// As [`PullImage::stream`].
    pub fn stream(self) -> Result<BlockingStream<PullStream>> {
        let stream = self.images.docker.block_on(self.inner.stream())??;
        Ok(BlockingStream::new(
            self.images.docker.inner.clone(),
            stream,
        ))
    }
}

/// Blocking builder of [`Images::push`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct PushImage {
    images: Images,
    inner: crate::images::PushImage,
}

impl PushImage {
    forward! { "crate::images::PushImage";
        fn tag(tag: impl Into<String>);
        fn platform(platform: impl Into<String>);
        fn auth(auth: AuthConfig);
        fn credentials(store: CredentialStore);
    }

    /// Pushes and returns the image.
    ///
    /// # Errors
    /// [`crate::Error::Stream`] when the registry refuses or the tag does not exist,
    /// [`crate::Error::Credentials`] when the configured helper fails.
    pub fn send(self) -> Result<Image> {
        let image = self.images.docker.block_on(self.inner.into_future())??;
        Ok(self.images.wrap(image))
    }

    /// Starts the push and returns its progress as an iterator.
    ///
    /// # Errors
    /// [`crate::Error::Credentials`] when the configured helper fails.
    pub fn stream(self) -> Result<BlockingStream<PushStream>> {
        let stream = self.images.docker.block_on(self.inner.stream())??;
        Ok(BlockingStream::new(
            self.images.docker.inner.clone(),
            stream,
        ))
    }
}

/// Blocking builder of [`Images::import`].
#[derive(Debug)]
#[must_use = "does nothing until .send() is called"]
pub struct ImportImage {
    images: Images,
    inner: crate::images::ImportImage,
}

impl ImportImage {
    forward! { "crate::images::ImportImage";
        fn repository(repository: impl Into<String>);
        fn tag(tag: impl Into<String>);
        fn message(message: impl Into<String>);
        fn change(change: impl Into<String>);
        fn platform(platform: impl Into<String>);
    }

    /// Imports and returns the new image.
    ///
    /// # Errors
    /// [`crate::Error::Stream`] or [`crate::Error::Api`] when the daemon rejects the archive.
    pub fn send(self) -> Result<Image> {
        let image = self.images.docker.block_on(self.inner.into_future())??;
        Ok(self.images.wrap(image))
    }
}

/// Blocking builder of [`Images::remove`] and [`Image::remove`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct RemoveImage {
    docker: Docker,
    inner: crate::images::RemoveImage,
}

impl RemoveImage {
    forward! { "crate::images::RemoveImage";
        fn force(force: bool);
        fn noprune(noprune: bool);
    }

    /// Removes the image.
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`], or [`crate::Error::Conflict`] when a container uses it.
    pub fn send(self) -> Result<Vec<ImageDeleteResponseItem>> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Images::search`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct SearchImages {
    docker: Docker,
    inner: crate::images::SearchImages,
}

impl SearchImages {
    forward! { "crate::images::SearchImages";
        fn limit(limit: i64);
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn auth(auth: AuthConfig);
    }

    /// Searches.
    ///
    /// # Errors
    /// [`crate::Error::Api`] when the registry cannot be reached.
    pub fn send(self) -> Result<Vec<ImageSearchResponseItem>> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Images::prune`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct PruneImages {
    docker: Docker,
    inner: crate::images::PruneImages,
}

impl PruneImages {
    forward! { "crate::images::PruneImages";
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
        fn filters(filters: crate::utils::filters::Filters);
    }

    /// Prunes.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when a prune is already running.
    pub fn send(self) -> Result<ImagePruneResponse> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Images::prune_builds`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct PruneBuilds {
    docker: Docker,
    inner: crate::images::PruneBuilds,
}

impl PruneBuilds {
    forward! { "crate::images::PruneBuilds";
        fn all(all: bool);
        fn keep_storage(bytes: i64);
        fn filter(name: impl Into<String>, value: impl std::fmt::Display);
    }

    /// Prunes the build cache.
    ///
    /// # Errors
    /// [`crate::Error::Api`] when the daemon fails.
    pub fn send(self) -> Result<BuildPruneResponse> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Images::commit`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct CommitImage {
    images: Images,
    inner: crate::images::CommitImage,
}

impl CommitImage {
    forward! { "crate::images::CommitImage";
        fn repository(repository: impl Into<String>);
        fn tag(tag: impl Into<String>);
        fn message(message: impl Into<String>);
        fn author(author: impl Into<String>);
        fn pause(pause: bool);
        fn change(change: impl Into<String>);
        fn conf(config: ContainerConfig);
    }

    /// Commits and returns the new image.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when there is no such container.
    pub fn send(self) -> Result<Image> {
        let image = self.images.docker.block_on(self.inner.into_future())??;
        Ok(self.images.wrap(image))
    }
}

/// Blocking builder of [`Images::get_registry_data`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct GetRegistryData {
    docker: Docker,
    inner: crate::images::GetRegistryData,
}

impl GetRegistryData {
    forward! { "crate::images::GetRegistryData";
        fn auth(auth: AuthConfig);
        fn credentials(store: CredentialStore);
    }

    /// Asks the registry.
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] when the registry has no such image.
    pub fn send(self) -> Result<RegistryData> {
        let inner = self.docker.block_on(self.inner.into_future())??;
        Ok(RegistryData {
            docker: self.docker,
            inner,
        })
    }
}

/// Blocking registry data; see [`crate::images::RegistryData`].
#[derive(Debug, Clone)]
pub struct RegistryData {
    docker: Docker,
    inner: crate::images::RegistryData,
}

impl RegistryData {
    /// See [`crate::images::RegistryData::name`].
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// See [`crate::images::RegistryData::id`].
    pub fn id(&self) -> &str {
        self.inner.id()
    }

    /// See [`crate::images::RegistryData::short_id`].
    pub fn short_id(&self) -> &str {
        self.inner.short_id()
    }

    /// See [`crate::images::RegistryData::attrs`].
    pub fn attrs(&self) -> &DistributionInspect {
        self.inner.attrs()
    }

    /// See [`crate::images::RegistryData::platforms`].
    pub fn platforms(&self) -> &[OCIPlatform] {
        self.inner.platforms()
    }

    /// See [`crate::images::RegistryData::has_platform`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for a malformed platform.
    pub fn has_platform(&self, platform: &str) -> Result<bool> {
        self.docker.block_on(self.inner.has_platform(platform))?
    }

    /// See [`crate::images::RegistryData::pull`].
    ///
    /// # Errors
    /// As [`PullImage::send`].
    pub fn pull(&self, platform: Option<&str>) -> Result<Image> {
        let image = self.docker.block_on(self.inner.pull(platform))??;
        Ok(Image {
            docker: self.docker.clone(),
            inner: image,
        })
    }

    /// See [`crate::images::RegistryData::reload`].
    ///
    /// # Errors
    /// [`crate::Error::ImageNotFound`] when the registry has no such image.
    pub fn reload(&mut self) -> Result<()> {
        let docker = self.docker.clone();
        docker.block_on(self.inner.reload())?
    }
}

/// A successful blocking build: the image and its log.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuiltImage {
    /// The image that was built.
    pub image: Image,
    /// The build's output.
    pub log: Vec<String>,
}

/// Blocking builder of [`Images::build`]; see [`crate::images::BuildImage`].
#[derive(Debug)]
#[must_use = "does nothing until .send() is called"]
pub struct BuildImage {
    images: Images,
    inner: crate::images::BuildImage,
}

impl BuildImage {
    forward! { "crate::images::BuildImage";
        fn dockerfile(path: impl AsRef<Path>);
        fn dockerfile_contents(text: impl Into<String>);
        fn gzip(gzip: bool);
        fn tag(tag: impl Into<String>);
        fn quiet(quiet: bool);
        fn nocache(nocache: bool);
        fn rm(rm: bool);
        fn forcerm(forcerm: bool);
        fn pull(pull: bool);
        fn build_arg(name: impl Into<String>, value: impl Into<String>);
        fn container_limits(limits: ContainerLimits);
        fn shm_size(bytes: i64);
        fn label(name: impl Into<String>, value: impl Into<String>);
        fn cache_from(image: impl Into<String>);
        fn target(target: impl Into<String>);
        fn network_mode(mode: impl Into<String>);
        fn squash(squash: bool);
        fn extra_host(host: impl std::fmt::Display, ip: impl std::fmt::Display);
        fn platform(platform: impl Into<String>);
        fn isolation(isolation: impl Into<String>);
        fn use_config_proxy(on: bool);
        fn auth(auth: AuthConfig);
        fn credentials(store: CredentialStore);
        fn registry_auth(registry: impl AsRef<str>, auth: AuthConfig);
    }

    /// See [`crate::images::BuildImage::credentials_for`].
    pub fn credentials_for<I, S>(mut self, registries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.inner = self.inner.credentials_for(registries);
        self
    }

    /// See [`crate::images::BuildImage::exclude`].
    pub fn exclude<I, S>(mut self, patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.inner = self.inner.exclude(patterns);
        self
    }

    /// See [`crate::images::BuildImage::buildargs`].
    pub fn buildargs<I, K, V>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.inner = self.inner.buildargs(args);
        self
    }

    /// Runs the build to the end.
    ///
    /// # Errors
    /// [`crate::Error::Build`] with the log when the build fails.
    pub fn send(self) -> Result<BuiltImage> {
        let built = self.images.docker.block_on(self.inner.into_future())??;
        Ok(BuiltImage {
            image: self.images.wrap(built.image),
            log: built.log,
        })
    }

    /// Starts the build and returns its output as an iterator.
    ///
    /// # Errors
    /// As [`crate::images::BuildImage::stream`].
    pub fn stream(self) -> Result<BlockingStream<BuildStream>> {
        let stream = self.images.docker.block_on(self.inner.stream())??;
        Ok(BlockingStream::new(
            self.images.docker.inner.clone(),
            stream,
        ))
    }
}

blocking_builder! {
    /// Blocking builder of [`Images::attestations`].
    ImageAttestations wraps crate::images::ImageAttestations => Vec<AttestationStatement>, |_docker, value| value;
    {
        fn platform(platform: impl Into<String>);
        fn predicate_type(predicate_type: impl Into<String>);
        fn statement(include: bool);
    }
}
