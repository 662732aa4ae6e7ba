//! Pull and push builders: a typed progress stream, or a convenience that drives it to the end.

use std::future::IntoFuture;
use std::sync::Arc;

use futures_util::StreamExt;

use super::{Credentials, Image, Images, RegistryStream};
use crate::api::{ImageCreateOptions, ImagePushOptions, PushProgress};
use crate::config::{registry_key_for_image, AuthConfig, CredentialStore};
use crate::error::{Error, Result};
use crate::models::{CreateImageInfo, OCIPlatform};
use crate::stream::JsonStream;
use crate::system::BoxFuture;
use crate::utils::reference::parse_repository_tag;

/// The progress of a pull: `Stream<Item = Result<CreateImageInfo>>`. A failure the daemon reports inside
/// the stream (missing tag, access denied, disk full) is an `Err(Error::Stream)` item; when the pull went
/// out anonymously because a credential helper failed, its message names the helper too.
pub type PullStream = RegistryStream<CreateImageInfo>;

/// The progress of a push: `Stream<Item = Result<PushProgress>>`. A failure the daemon reports inside the
/// stream (missing tag, access denied) is an `Err(Error::Stream)` item.
pub type PushStream = JsonStream<PushProgress>;

/// Builder of [`Images::pull`]. Await it to pull and get the [`Image`], or call [`stream`](Self::stream)
/// to follow the progress.
///
/// ```no_run
/// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
/// use futures_util::StreamExt;
/// let mut progress = docker.images().pull("127.0.0.1:5001/busybox:latest").stream().await?;
/// while let Some(msg) = progress.next().await {
///     let msg = msg?; // a failed pull ends with an Err, never with a silent "success"
///     println!("{:?} {:?}", msg.id, msg.status);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PullImage {
    images: Images,
    repository: String,
    tag: Option<String>,
    platform: Option<String>,
    pub(super) credentials: Option<Credentials>,
}

impl PullImage {
    pub(crate) fn new(images: Images, image: String) -> PullImage {
        let (repo, tag) = parse_repository_tag(&image);
        let (repository, tag) = (repo.to_string(), tag.map(str::to_string));
        PullImage {
            images,
            repository,
            tag,
            platform: None,
            credentials: None,
        }
    }

    /// The tag (or `sha256:` digest) to pull, overriding one in the image name.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// The platform to pull, `os[/arch[/variant]]`.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }

    /// Send these credentials instead of the configured ones.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.credentials = Some(Credentials::Explicit(auth));
        self
    }

    /// Look credentials up in this store instead of the client's Docker CLI configuration.
    pub fn credentials(mut self, store: CredentialStore) -> Self {
        self.credentials = Some(Credentials::Store(Arc::new(store)));
        self
    }

    /// Pull every tag of the repository instead of one; await it for the images.
    pub fn all_tags(self) -> PullAllTags {
        PullAllTags { pull: self }
    }

    /// The reference the pulled image can be found under.
    fn reference(&self) -> String {
        match self.tag.as_deref() {
            Some(t) if t.contains(':') => format!("{}@{t}", self.repository),
            Some(t) => format!("{}:{t}", self.repository),
            None => format!("{}:latest", self.repository),
        }
    }

    async fn start(self, all_tags: bool) -> Result<PullStream> {
        if self.repository.trim().is_empty() {
            return Err(Error::invalid("pull: the image name is empty"));
        }
        let credentials = self
            .credentials
            .clone()
            .unwrap_or_else(|| self.images.credentials.clone());
        let (auth, note) = credentials
            .for_pull(
                &self.images.docker,
                &registry_key_for_image(&self.repository),
            )
            .await?;
        let tag = match (&self.tag, all_tags) {
            (_, true) => None,
            (Some(t), false) => Some(t.clone()),
            (None, false) => Some("latest".to_string()),
        };
        let opts = ImageCreateOptions {
            from_image: Some(self.repository.clone()),
            tag,
            platform: self.platform.clone(),
            auth,
            ..Default::default()
        };
        let stream =
            note.annotate_result(self.images.docker.api().image_create(&opts, None).await)?;
        Ok(RegistryStream::new(stream, note))
    }

    /// Starts the pull and returns its progress stream.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when the registry has no such repository or tag (reported before the
    /// stream starts); errors later in the pull are `Err` items of the stream.
    pub async fn stream(self) -> Result<PullStream> {
        self.start(false).await
    }
}

impl IntoFuture for PullImage {
    type Output = Result<Image>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let images = self.images.clone();
            let reference = self.reference();
            let mut stream = self.start(false).await?;
            while let Some(msg) = stream.next().await {
                msg?;
            }
            images.get(&reference).await
        })
    }
}

/// Builder of [`PullImage::all_tags`]: pulls every tag of a repository; await it for the images.
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PullAllTags {
    pull: PullImage,
}

impl PullAllTags {
    /// Starts the pull and returns its progress stream.
    ///
    /// # Errors
    /// As [`PullImage::stream`].
    pub async fn stream(self) -> Result<PullStream> {
        self.pull.start(true).await
    }
}

impl IntoFuture for PullAllTags {
    type Output = Result<Vec<Image>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let images = self.pull.images.clone();
            let repository = self.pull.repository.clone();
            let mut stream = self.pull.start(true).await?;
            while let Some(msg) = stream.next().await {
                msg?;
            }
            images.list().name(repository).await
        })
    }
}

/// Builder of [`Images::push`]. Await it to push and get the [`Image`] (its `RepoDigests` then include
/// the pushed digest), or call [`stream`](Self::stream) to follow the progress.
///
/// ```no_run
/// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
/// use docker_sdk::config::AuthConfig;
/// docker
///     .images()
///     .push("127.0.0.1:5000/team/app:1.0")
///     .auth(AuthConfig::basic("testuser", "testpassword"))
///     .await?; // an Err when the registry refuses, unlike docker-py
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PushImage {
    images: Images,
    repository: String,
    tag: Option<String>,
    platform: Option<String>,
    credentials: Option<Credentials>,
}

impl PushImage {
    pub(crate) fn new(images: Images, image: String) -> PushImage {
        let (repo, tag) = parse_repository_tag(&image);
        let (repository, tag) = (repo.to_string(), tag.map(str::to_string));
        PushImage {
            images,
            repository,
            tag,
            platform: None,
            credentials: None,
        }
    }

    /// The tag to push, overriding one in the image name.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Push only this platform's variant of a multi-platform image, `os[/arch[/variant]]` (e.g.
    /// `linux/arm64/v8`). Needs Engine API 1.47: with an older daemon the push fails with
    /// [`Error::UnsupportedApiVersion`] before anything is sent.
    ///
    /// ```no_run
    /// # async fn demo(docker: docker_sdk::Docker) -> docker_sdk::Result<()> {
    /// docker
    ///     .images()
    ///     .push("127.0.0.1:5001/team/app:1.0")
    ///     .platform("linux/amd64")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }

    /// Send these credentials instead of the configured ones.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.credentials = Some(Credentials::Explicit(auth));
        self
    }

    /// Look credentials up in this store instead of the client's Docker CLI configuration.
    pub fn credentials(mut self, store: CredentialStore) -> Self {
        self.credentials = Some(Credentials::Store(Arc::new(store)));
        self
    }

    /// Starts the push and returns its progress stream.
    ///
    /// # Errors
    /// [`Error::Credentials`] when the configured credential helper is missing or fails;
    /// [`Error::ImageNotFound`] when the daemon answers 404. Errors later in the push (missing tag, access
    /// denied) are `Err` items of the stream.
    pub async fn stream(self) -> Result<PushStream> {
        if self.repository.trim().is_empty() {
            return Err(Error::invalid("push: the image name is empty"));
        }
        let platform = self
            .platform
            .as_deref()
            .map(|p| parse_platform("push", p))
            .transpose()?;
        let credentials = self
            .credentials
            .clone()
            .unwrap_or_else(|| self.images.credentials.clone());
        let auth = credentials
            .for_push(
                &self.images.docker,
                &registry_key_for_image(&self.repository),
            )
            .await?;
        let opts = ImagePushOptions {
            tag: self.tag.clone(),
            auth,
            platform,
        };
        self.images
            .docker
            .api()
            .image_push(&self.repository, &opts)
            .await
    }
}

impl IntoFuture for PushImage {
    type Output = Result<Image>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let images = self.images.clone();
            let tag = self.tag.clone();
            let repository = self.repository.clone();
            let mut stream = self.stream().await?;
            while let Some(msg) = stream.next().await {
                msg?;
            }
            match tag {
                Some(t) => images.get(&format!("{repository}:{t}")).await,
                // Every tag was pushed: any of them names the repository's images.
                None => images
                    .list()
                    .name(&repository)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| Error::ImageNotFound {
                        image: repository.clone(),
                        message: "no local image is tagged in this repository".into(),
                    }),
            }
        })
    }
}

/// `os[/arch[/variant]]` as an [`OCIPlatform`]; `what` names the call in the error.
pub(super) fn parse_platform(what: &str, platform: &str) -> Result<OCIPlatform> {
    let parts: Vec<&str> = platform.trim().split('/').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(Error::invalid(format!(
            "{what}: {platform:?} is not a platform of the form os[/arch[/variant]], e.g. linux/amd64"
        )));
    }
    Ok(OCIPlatform {
        os: Some(parts[0].to_string()),
        architecture: parts.get(1).map(|s| s.to_string()),
        variant: parts.get(2).map(|s| s.to_string()),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_platforms_are_parsed_or_refused() {
        let p = parse_platform("push", "linux/arm64/v8").unwrap();
        assert_eq!(p.os.as_deref(), Some("linux"));
        assert_eq!(p.architecture.as_deref(), Some("arm64"));
        assert_eq!(p.variant.as_deref(), Some("v8"));
        let p = parse_platform("push", "linux").unwrap();
        assert_eq!((p.architecture, p.variant), (None, None));
        for bad in ["", "linux/", "/amd64", "a/b/c/d"] {
            assert!(
                matches!(parse_platform("push", bad), Err(Error::InvalidArgument(_))),
                "{bad:?}"
            );
        }
    }
}
