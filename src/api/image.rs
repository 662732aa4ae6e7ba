//! Endpoints tagged `Image` in the spec: list, build, build-cache prune, create (pull and import), inspect,
//! attestations, history, push, tag, remove, search, prune, commit, save (get) and load.

use std::collections::BTreeMap;

use http::HeaderValue;
use serde::{Deserialize, Serialize};

use super::{path, ApiClient, Query, Request, RequestBody};
use crate::config::{encode_registry_config, AuthConfig};
use crate::error::{Error, Result};
use crate::models::{
    AttestationStatement, BuildInfo, BuildPruneResponse, ContainerConfig, CreateImageInfo,
    ErrorDetail, IDResponse, ImageDeleteResponseItem, ImageHistoryResponseItem, ImageInspect,
    ImagePruneResponse, ImageSearchResponseItem, ImageSummary, OCIPlatform, ProgressDetail,
};
use crate::stream::{json_stream, ByteStream, JsonStream};
use crate::utils::filters::Filters;
use crate::utils::version::ApiVersion;

/// The content type of tar bodies (build contexts, imports, loads).
const TAR: &str = "application/x-tar";

/// Turns a 404 about `image` into [`Error::ImageNotFound`].
pub(crate) fn image_not_found(image: &str) -> impl FnOnce(Error) -> Error + '_ {
    move |err| match err {
        Error::NotFound { message } => Error::ImageNotFound {
            image: image.to_string(),
            message,
        },
        other => other,
    }
}

fn require_name(what: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid(format!(
            "{what}: the image name or ID is empty; pass a reference such as `busybox:latest` or an image ID"
        )));
    }
    Ok(())
}

/// The value of `X-Registry-Auth`: the encoded credentials, or `{}` encoded (anonymous) when there are
/// none, which every daemon version accepts.
fn auth_header(auth: Option<&AuthConfig>) -> Result<HeaderValue> {
    let value = match auth {
        Some(auth) => auth.encode_header(),
        None => AuthConfig::default().encode_header(),
    };
    let mut header = HeaderValue::from_str(&value)
        .map_err(|_| Error::invalid("registry credentials cannot be sent as a header"))?;
    header.set_sensitive(true);
    Ok(header)
}

fn platform_json(platform: &OCIPlatform) -> Result<String> {
    serde_json::to_string(platform)
        .map_err(|e| Error::invalid(format!("cannot encode platform as JSON: {e}")))
}

/// One message of a push's progress stream.
///
/// The spec's `PushImageInfo` has no `id` (which layer a message is about) and no `aux` (the pushed
/// digest), both of which the daemon sends, so pushes decode into this type instead.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PushProgress {
    /// The layer (12 hex digits) or tag the message is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What happens: `Preparing`, `Pushing`, `Pushed`, `Layer already exists`, `<tag>: digest: …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Bytes done and total for `Pushing`.
    #[serde(
        rename = "progressDetail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub progress_detail: Option<ProgressDetail>,
    /// A pre-rendered progress bar (older daemons only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<String>,
    /// Extra data, e.g. `{"Tag":…,"Digest":…,"Size":…}` at the end of a push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aux: Option<serde_json::Value>,
    /// An error (the stream turns these into [`Error::Stream`], so items never carry one).
    #[serde(
        rename = "errorDetail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_detail: Option<ErrorDetail>,
}

impl PushProgress {
    /// The digest the registry gave the pushed manifest, from the final `aux` message.
    pub fn digest(&self) -> Option<&str> {
        self.aux.as_ref()?.get("Digest")?.as_str()
    }
}

/// One search result, in Docker's shape or in the one Podman 4 sends (`Name`, `Description`, `Stars`, and
/// `Official` / `Automated` as `"[OK]"` or `""`).
fn search_item(item: serde_json::Value) -> Result<ImageSearchResponseItem> {
    if item.get("name").is_none() {
        if let Some(name) = item.get("Name").and_then(|v| v.as_str()) {
            let text = |key: &str| item.get(key).and_then(|v| v.as_str());
            return Ok(ImageSearchResponseItem {
                name: Some(name.to_string()),
                description: text("Description").map(str::to_string),
                star_count: item.get("Stars").and_then(|v| v.as_i64()),
                is_official: text("Official").map(|v| !v.is_empty()),
                is_automated: text("Automated").map(|v| !v.is_empty()),
            });
        }
    }
    serde_json::from_value(item).map_err(|e| Error::decode("/images/search", e))
}

/// Podman 4's answer when an image it was listing, or that image's layer, was removed meanwhile: the
/// listing is worth asking again.
fn lost_while_listing(err: &Error) -> bool {
    matches!(err, Error::Api { status: 500, message }
        if message.contains("image not known") || message.contains("layer not known"))
}

impl ApiClient {
    /// Engine API `ImageList` (`GET /images/json`): the images in the local store.
    ///
    /// Docker fills `RepoDigests` whether or not `digests` is set. Podman 4 answers `digests=true` with an
    /// empty body; the list is then asked for again without it (Podman fills `RepoDigests` too), so the
    /// option works with either engine.
    ///
    /// Podman 4 also fails a whole listing with a 500 ("image not known", "layer not known") when an image
    /// is removed while it lists; the list is then asked for again, after a short pause, up to six times in
    /// all (measured here: 6 of 300 listings failed during imports and removals; none through this call).
    ///
    /// # Errors
    /// [`Error::UnsupportedApiVersion`] for `shared_size` before 1.43, `manifests` before 1.47 and
    /// `identity` before 1.55.
    pub async fn image_list(&self, opts: &ImageListOptions) -> Result<Vec<ImageSummary>> {
        let mut query = Query::new();
        query.flag("all", opts.all);
        if !opts.filters.is_empty() {
            query.push("filters", opts.filters.to_query_value());
        }
        if let Some(v) = opts.shared_size {
            self.require(ApiVersion::V1_43, "image_list option `shared_size`")
                .await?;
            query.push("shared-size", v);
        }
        if let Some(v) = opts.manifests {
            self.require(ApiVersion::V1_47, "image_list option `manifests`")
                .await?;
            query.push("manifests", v);
        }
        if let Some(v) = opts.identity {
            self.require(ApiVersion::V1_55, "image_list option `identity`")
                .await?;
            query.push("identity", v);
        }
        let what = "/images/json";
        let mut with_digests = query.clone();
        with_digests.opt_bool("digests", opts.digests);
        let body = self.list_images_raw(with_digests).await?;
        let body = if body.is_empty() && opts.digests == Some(true) {
            self.list_images_raw(query).await?
        } else {
            body
        };
        serde_json::from_slice(&body).map_err(|e| Error::decode(what, e))
    }

    /// `GET /images/json` with `query`, asked again when Podman lost an image it was listing (after a
    /// short pause that grows, so that a removal under way can finish: ≈ 1.5 s in all at most).
    async fn list_images_raw(&self, query: Query) -> Result<bytes::Bytes> {
        const ATTEMPTS: u32 = 6;
        let mut attempt = 1;
        loop {
            let result = self
                .send_bytes(Request::get(path("/images/json", &[])).query(query.clone()))
                .await;
            match result {
                Err(err) if attempt < ATTEMPTS && lost_while_listing(&err) => {
                    tracing::debug!(error = %err, "an image went away while the daemon listed; listing again");
                    // On the client's own clock, which runs whatever runtime (or none) calls us.
                    let pause = {
                        let _clock = self.io_handle().enter();
                        tokio::time::sleep(std::time::Duration::from_millis(
                            100 * u64::from(attempt),
                        ))
                    };
                    pause.await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Engine API `ImageBuild` (`POST /build`): builds an image from a tar context streamed as the body,
    /// and returns the build's output as a stream.
    ///
    /// The context is any [`RequestBody`] (a [`crate::build::BuildContext`] stream, a tar or gzip file …);
    /// pass [`RequestBody::empty`] with [`ImageBuildOptions::remote`]. A failing step arrives as an
    /// [`Error::Stream`] item.
    ///
    /// # Errors
    /// [`Error::Api`] (400/500) when the daemon rejects the options or the context before building.
    pub async fn image_build(
        &self,
        opts: &ImageBuildOptions,
        context: RequestBody,
    ) -> Result<JsonStream<BuildInfo>> {
        // Podman reads `extrahosts` as one JSON array; Docker as repeated `host:ip` values.
        let hosts_as_json = !opts.extra_hosts.is_empty() && self.is_podman().await?;
        let query = opts.to_query_for(hosts_as_json)?;
        let mut req = Request::post(path("/build", &[]))
            .query(query)
            .body(TAR, context.into_body())
            .unbounded();
        if !opts.registry_config.is_empty() {
            let mut value = HeaderValue::from_str(&encode_registry_config(&opts.registry_config))
                .map_err(|_| {
                Error::invalid("registry credentials cannot be sent as a header")
            })?;
            value.set_sensitive(true);
            req = req.header("x-registry-config", value);
        }
        let (_, body) = self.send_stream(req).await?;
        Ok(json_stream(body))
    }

    /// Engine API `BuildPrune` (`POST /build/prune`): removes build cache.
    ///
    /// # Errors
    /// [`Error::UnsupportedApiVersion`] for `reserved_space`, `max_used_space` or `min_free_space` before
    /// 1.55.
    pub async fn build_prune(&self, opts: &BuildPruneOptions) -> Result<BuildPruneResponse> {
        let mut query = Query::new();
        query.opt("keep-storage", opts.keep_storage);
        for (key, value) in [
            ("reserved-space", opts.reserved_space),
            ("max-used-space", opts.max_used_space),
            ("min-free-space", opts.min_free_space),
        ] {
            if let Some(v) = value {
                self.require(ApiVersion::V1_55, &format!("build_prune option `{key}`"))
                    .await?;
                query.push(key, v);
            }
        }
        query.opt_bool("all", opts.all);
        if !opts.filters.is_empty() {
            query.push("filters", opts.filters.to_query_value());
        }
        self.send_json(Request::post(path("/build/prune", &[])).query(query))
            .await
    }

    /// Engine API `ImageCreate` (`POST /images/create`): pulls an image (`from_image`) or imports one from
    /// a tar (`from_src`: a URL, or `-` with the tar streamed as `body`), returning the progress stream.
    ///
    /// Giving a `body` implies `from_src = "-"`. An error during the pull (after the daemon answered 200)
    /// arrives as an [`Error::Stream`] item.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when neither or both of `from_image` and `from_src` are set, or a body
    /// is given with a `from_src` URL; [`Error::ImageNotFound`] when the repository or tag does not exist.
    pub async fn image_create(
        &self,
        opts: &ImageCreateOptions,
        body: Option<RequestBody>,
    ) -> Result<JsonStream<CreateImageInfo>> {
        let query = opts.to_query(body.is_some())?;
        let mut req = Request::post(path("/images/create", &[]))
            .query(query)
            .unbounded();
        if opts.from_image.is_some() || opts.auth.is_some() {
            req = req.header("x-registry-auth", auth_header(opts.auth.as_ref())?);
        }
        if let Some(body) = body {
            req = req.body(TAR, body.into_body());
        }
        let image = match (&opts.from_image, &opts.tag) {
            (Some(image), Some(tag)) if tag.starts_with("sha256:") => format!("{image}@{tag}"),
            (Some(image), Some(tag)) => format!("{image}:{tag}"),
            (Some(image), None) => image.clone(),
            (None, _) => opts.repo.clone().unwrap_or_default(),
        };
        let (_, body) = self
            .send_stream(req)
            .await
            .map_err(image_not_found(&image))?;
        Ok(json_stream(body))
    }

    /// Engine API `ImageInspect` (`GET /images/{name}/json`): everything about one image.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when there is no such image; [`Error::InvalidArgument`] when both
    /// `manifests` and `platform` are set; [`Error::UnsupportedApiVersion`] for either before 1.55.
    pub async fn image_inspect(
        &self,
        name: &str,
        opts: &ImageInspectOptions,
    ) -> Result<ImageInspect> {
        require_name("image_inspect", name)?;
        if opts.manifests.is_some() && opts.platform.is_some() {
            return Err(Error::invalid(
                "image_inspect: `manifests` and `platform` cannot be combined",
            ));
        }
        let mut query = Query::new();
        if let Some(v) = opts.manifests {
            self.require(ApiVersion::V1_55, "image_inspect option `manifests`")
                .await?;
            query.push("manifests", v);
        }
        if let Some(p) = &opts.platform {
            self.require(ApiVersion::V1_55, "image_inspect option `platform`")
                .await?;
            query.push("platform", platform_json(p)?);
        }
        self.send_json(Request::get(path("/images/{name}/json", &[name])).query(query))
            .await
            .map_err(image_not_found(name))
    }

    /// Engine API `ImageAttestations` (`GET /images/{name}/attestations`): the attestations (SBOM,
    /// provenance …) attached to an image.
    ///
    /// # Errors
    /// [`Error::UnsupportedApiVersion`] before API 1.55 (nothing is sent); [`Error::ImageNotFound`] when
    /// there is no such image; [`Error::Api`] 501 when the daemon's image store has no attestations.
    pub async fn image_attestations(
        &self,
        name: &str,
        opts: &ImageAttestationsOptions,
    ) -> Result<Vec<AttestationStatement>> {
        require_name("image_attestations", name)?;
        let mut query = Query::new();
        for p in &opts.platforms {
            query.push("platform", platform_json(p)?);
        }
        for t in &opts.types {
            query.push("type", t);
        }
        query.opt_bool("statement", opts.statement);
        self.send_json(
            Request::get(path("/images/{name}/attestations", &[name]))
                .query(query)
                .requires(ApiVersion::V1_55, "image_attestations"),
        )
        .await
        .map_err(image_not_found(name))
    }

    /// Engine API `ImageHistory` (`GET /images/{name}/history`): the layers an image was built from.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when there is no such image; [`Error::UnsupportedApiVersion`] for
    /// `platform` before 1.55.
    pub async fn image_history(
        &self,
        name: &str,
        opts: &ImageHistoryOptions,
    ) -> Result<Vec<ImageHistoryResponseItem>> {
        require_name("image_history", name)?;
        let mut query = Query::new();
        if let Some(p) = &opts.platform {
            self.require(ApiVersion::V1_55, "image_history option `platform`")
                .await?;
            query.push("platform", platform_json(p)?);
        }
        self.send_json(Request::get(path("/images/{name}/history", &[name])).query(query))
            .await
            .map_err(image_not_found(name))
    }

    /// Engine API `ImagePush` (`POST /images/{name}/push`): pushes an image (one tag, or every tag of the
    /// repository when `tag` is not set) and returns the progress stream.
    ///
    /// `X-Registry-Auth` is always sent (anonymous when `auth` is not set), with a `{}` body, as some daemons
    /// reject a push without them. Errors the daemon finds after answering 200 (no such tag, access
    /// denied, registry unreachable) arrive as an [`Error::Stream`] item.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when the daemon answers 404; [`Error::UnsupportedApiVersion`] for
    /// `platform` before 1.47.
    pub async fn image_push(
        &self,
        name: &str,
        opts: &ImagePushOptions,
    ) -> Result<JsonStream<PushProgress>> {
        require_name("image_push", name)?;
        let mut query = Query::new();
        query.opt("tag", opts.tag.as_deref());
        if let Some(p) = &opts.platform {
            self.require(ApiVersion::V1_47, "image_push option `platform`")
                .await?;
            query.push("platform", platform_json(p)?);
        }
        let req = Request::post(path("/images/{name}/push", &[name]))
            .query(query)
            .json(&serde_json::json!({}))?
            .header("x-registry-auth", auth_header(opts.auth.as_ref())?)
            .unbounded();
        let (_, body) = self.send_stream(req).await.map_err(image_not_found(name))?;
        Ok(json_stream(body))
    }

    /// Engine API `ImageTag` (`POST /images/{name}/tag`): adds the tag `repo[:tag]` to an image.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `repo` is empty; [`Error::ImageNotFound`] when there is no such
    /// image; [`Error::Api`] 400 for a malformed repository or tag.
    pub async fn image_tag(&self, name: &str, opts: &ImageTagOptions) -> Result<()> {
        require_name("image_tag", name)?;
        if opts.repo.trim().is_empty() {
            return Err(Error::invalid(
                "image_tag: the repository to tag into is empty",
            ));
        }
        let mut query = Query::new();
        query.push("repo", &opts.repo);
        query.opt("tag", opts.tag.as_deref());
        self.send_empty(Request::post(path("/images/{name}/tag", &[name])).query(query))
            .await
            .map_err(image_not_found(name))
    }

    /// Engine API `ImageDelete` (`DELETE /images/{name}`): removes an image or one of its tags.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when there is no such image; [`Error::Conflict`] when a container uses it
    /// (see `force`); [`Error::UnsupportedApiVersion`] for `platforms` before 1.55.
    pub async fn image_delete(
        &self,
        name: &str,
        opts: &ImageDeleteOptions,
    ) -> Result<Vec<ImageDeleteResponseItem>> {
        require_name("image_delete", name)?;
        let mut query = Query::new();
        query.flag("force", opts.force);
        query.flag("noprune", opts.noprune);
        if !opts.platforms.is_empty() {
            self.require(ApiVersion::V1_55, "image_delete option `platforms`")
                .await?;
            for p in &opts.platforms {
                query.push("platforms", platform_json(p)?);
            }
        }
        self.send_json(Request::delete(path("/images/{name}", &[name])).query(query))
            .await
            .map_err(image_not_found(name))
    }

    /// Engine API `ImageSearch` (`GET /images/search`): searches the registry (Docker Hub unless the term
    /// names another registry).
    ///
    /// Podman 4 answers in libpod's own shape (`Name`, `Description`, `Stars`, `Official: "[OK]"` …); those
    /// items are read into the same fields.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `term` is empty; [`Error::Api`] when the registry cannot be reached.
    pub async fn image_search(
        &self,
        opts: &ImageSearchOptions,
    ) -> Result<Vec<ImageSearchResponseItem>> {
        if opts.term.trim().is_empty() {
            return Err(Error::invalid("image_search: the search term is empty"));
        }
        let mut query = Query::new();
        query.push("term", &opts.term);
        query.opt("limit", opts.limit);
        if !opts.filters.is_empty() {
            query.push("filters", opts.filters.to_query_value());
        }
        let mut req = Request::get(path("/images/search", &[])).query(query);
        if let Some(auth) = &opts.auth {
            req = req.header("x-registry-auth", auth_header(Some(auth))?);
        }
        let items: Vec<serde_json::Value> = self.send_json(req).await?;
        items.into_iter().map(search_item).collect()
    }

    /// Engine API `ImagePrune` (`POST /images/prune`): removes unused images (dangling ones only, unless
    /// the filter `dangling=false` is given).
    ///
    /// # Errors
    /// [`Error::Conflict`] when a prune is already running.
    pub async fn image_prune(&self, opts: &ImagePruneOptions) -> Result<ImagePruneResponse> {
        let mut query = Query::new();
        if !opts.filters.is_empty() {
            query.push("filters", opts.filters.to_query_value());
        }
        self.send_json(Request::post(path("/images/prune", &[])).query(query))
            .await
    }

    /// Engine API `ImageCommit` (`POST /commit`): makes an image from a container's changes.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `container` is empty; [`Error::NotFound`] when there is no such
    /// container.
    pub async fn image_commit(&self, opts: &ImageCommitOptions) -> Result<IDResponse> {
        if opts.container.trim().is_empty() {
            return Err(Error::invalid(
                "image_commit: the container to commit is empty",
            ));
        }
        let mut query = Query::new();
        query.push("container", &opts.container);
        query.opt("repo", opts.repo.as_deref());
        query.opt("tag", opts.tag.as_deref());
        query.opt("comment", opts.comment.as_deref());
        query.opt("author", opts.author.as_deref());
        query.opt_bool("pause", opts.pause);
        for change in &opts.changes {
            query.push("changes", change);
        }
        let config = opts.config.clone().unwrap_or_default();
        self.send_json(
            Request::post(path("/commit", &[]))
                .query(query)
                .json(&config)?,
        )
        .await
    }

    /// Engine API `ImageGet` (`GET /images/{name}/get`): saves one image (with its tags) as a tar archive,
    /// streamed as the daemon writes it.
    ///
    /// # Errors
    /// [`Error::ImageNotFound`] when there is no such image; [`Error::UnsupportedApiVersion`] for
    /// `platforms` before 1.55.
    pub async fn image_get(&self, name: &str, opts: &ImageGetOptions) -> Result<ByteStream> {
        require_name("image_get", name)?;
        let mut query = Query::new();
        if !opts.platforms.is_empty() {
            self.require(ApiVersion::V1_55, "image_get option `platforms`")
                .await?;
            for p in &opts.platforms {
                query.push("platform", platform_json(p)?);
            }
        }
        let (_, body) = self
            .send_stream(
                Request::get(path("/images/{name}/get", &[name]))
                    .query(query)
                    .unbounded(),
            )
            .await
            .map_err(image_not_found(name))?;
        Ok(ByteStream::new(body))
    }

    /// Engine API `ImageGetAll` (`GET /images/get`): saves several images into one tar archive, streamed.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `names` is empty; [`Error::NotFound`] when one of them does not
    /// exist; [`Error::UnsupportedApiVersion`] for `platforms` before 1.55.
    pub async fn image_get_all(&self, opts: &ImageGetAllOptions) -> Result<ByteStream> {
        if opts.names.is_empty() {
            return Err(Error::invalid(
                "image_get_all: name at least one image to save",
            ));
        }
        let mut query = Query::new();
        for name in &opts.names {
            require_name("image_get_all", name)?;
            query.push("names", name);
        }
        if !opts.platforms.is_empty() {
            self.require(ApiVersion::V1_55, "image_get_all option `platforms`")
                .await?;
            for p in &opts.platforms {
                query.push("platform", platform_json(p)?);
            }
        }
        let (_, body) = self
            .send_stream(
                Request::get(path("/images/get", &[]))
                    .query(query)
                    .unbounded(),
            )
            .await?;
        Ok(ByteStream::new(body))
    }

    /// Engine API `ImageLoad` (`POST /images/load`): loads images from a tar archive (as made by
    /// [`image_get`](Self::image_get)) streamed as the body, returning the daemon's messages
    /// (`Loaded image: …` in [`BuildInfo::stream`]).
    ///
    /// # Errors
    /// [`Error::Api`] 500 for a malformed archive; [`Error::UnsupportedApiVersion`] for `platforms` before
    /// 1.55.
    pub async fn image_load(
        &self,
        opts: &ImageLoadOptions,
        archive: RequestBody,
    ) -> Result<JsonStream<BuildInfo>> {
        let mut query = Query::new();
        query.flag("quiet", opts.quiet);
        if !opts.platforms.is_empty() {
            self.require(ApiVersion::V1_55, "image_load option `platforms`")
                .await?;
            for p in &opts.platforms {
                query.push("platform", platform_json(p)?);
            }
        }
        let req = Request::post(path("/images/load", &[]))
            .query(query)
            .body(TAR, archive.into_body())
            .unbounded();
        let (_, body) = self.send_stream(req).await?;
        Ok(json_stream(body))
    }
}

/// Options of `GET /images/json` ([`ApiClient::image_list`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageListOptions {
    /// Include intermediate images.
    pub all: bool,
    /// Filters: `before`, `dangling`, `label`, `reference`, `since`, `until`.
    pub filters: Filters,
    /// Compute `SharedSize` (API 1.43+).
    pub shared_size: Option<bool>,
    /// Include `RepoDigests`.
    pub digests: Option<bool>,
    /// Include `Manifests` (API 1.47+).
    pub manifests: Option<bool>,
    /// Include `Identity` in manifest summaries (API 1.55+; needs `manifests`).
    pub identity: Option<bool>,
}

impl ImageListOptions {
    /// Include intermediate images.
    pub fn all(mut self, all: bool) -> Self {
        self.all = all;
        self
    }

    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    /// Compute `SharedSize` (API 1.43+).
    pub fn shared_size(mut self, v: bool) -> Self {
        self.shared_size = Some(v);
        self
    }

    /// Include `RepoDigests`.
    pub fn digests(mut self, v: bool) -> Self {
        self.digests = Some(v);
        self
    }

    /// Include `Manifests` (API 1.47+).
    pub fn manifests(mut self, v: bool) -> Self {
        self.manifests = Some(v);
        self
    }

    /// Include `Identity` in manifest summaries (API 1.55+).
    pub fn identity(mut self, v: bool) -> Self {
        self.identity = Some(v);
        self
    }
}

/// Options of `POST /build` ([`ApiClient::image_build`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageBuildOptions {
    /// The Dockerfile's path inside the context (`dockerfile`; default `Dockerfile`).
    pub dockerfile: Option<String>,
    /// Names to tag the result with, `name[:tag]` (`t`, repeated).
    pub tags: Vec<String>,
    /// Extra `/etc/hosts` entries for the build containers, `host:ip` (`extrahosts`, repeated).
    pub extra_hosts: Vec<String>,
    /// A Git repository, tarball or Dockerfile URL to build from instead of a body (`remote`).
    pub remote: Option<String>,
    /// Only output the image ID (`q`).
    pub quiet: bool,
    /// Do not use the build cache (`nocache`).
    pub no_cache: bool,
    /// Images to use as cache sources (`cachefrom`).
    pub cache_from: Vec<String>,
    /// Pull base images even when present locally (`pull`).
    pub pull: bool,
    /// Remove intermediate containers after a successful build (`rm`; the daemon's default is true).
    pub rm: Option<bool>,
    /// Always remove intermediate containers, even after a failure (`forcerm`).
    pub force_rm: bool,
    /// Memory limit of build containers in bytes (`memory`).
    pub memory: Option<i64>,
    /// Memory plus swap in bytes, `-1` for unlimited swap (`memswap`).
    pub memswap: Option<i64>,
    /// CPU shares (relative weight) (`cpushares`).
    pub cpu_shares: Option<i64>,
    /// CPUs the build may use, e.g. `0-3` or `0,1` (`cpusetcpus`).
    pub cpuset_cpus: Option<String>,
    /// CPU CFS period in microseconds (`cpuperiod`).
    pub cpu_period: Option<i64>,
    /// CPU CFS quota in microseconds (`cpuquota`).
    pub cpu_quota: Option<i64>,
    /// Build-time variables for `ARG` (`buildargs`).
    pub build_args: BTreeMap<String, String>,
    /// Size of `/dev/shm` in bytes (`shmsize`).
    pub shm_size: Option<i64>,
    /// Squash the new layers into one (`squash`; experimental daemons only).
    pub squash: bool,
    /// Labels to set on the image (`labels`).
    pub labels: BTreeMap<String, String>,
    /// Network mode of `RUN` steps: `bridge`, `host`, `none`, `container:<id>` or a network name
    /// (`networkmode`).
    pub network_mode: Option<String>,
    /// Target platform, `os[/arch[/variant]]` (`platform`).
    pub platform: Option<String>,
    /// The stage of a multi-stage Dockerfile to build (`target`).
    pub target: Option<String>,
    /// BuildKit outputs, a JSON array of `{"Type":"moby","Attrs":{…}}` objects (`outputs`).
    pub outputs: Option<serde_json::Value>,
    /// Builder backend: `1` (classic) or `2` (BuildKit) (`version`). BuildKit's progress arrives as opaque
    /// `aux` traces that do not decode as [`BuildInfo`].
    pub version: Option<String>,
    /// Isolation technology on Windows: `default`, `process` or `hyperv` (`isolation`).
    pub isolation: Option<String>,
    /// Credentials for the registries the build pulls from, keyed by registry (sent as
    /// `X-Registry-Config`; nothing is sent when empty).
    pub registry_config: BTreeMap<String, AuthConfig>,
}

impl ImageBuildOptions {
    /// The query string of the request (for Docker).
    #[cfg(test)]
    pub(crate) fn to_query(&self) -> Result<Query> {
        self.to_query_for(false)
    }

    /// The query string, with `extrahosts` as one JSON array when `hosts_as_json` (what Podman reads)
    /// instead of one `host:ip` value per entry (what Docker reads).
    pub(crate) fn to_query_for(&self, hosts_as_json: bool) -> Result<Query> {
        let mut q = Query::new();
        q.opt("dockerfile", self.dockerfile.as_deref());
        for t in &self.tags {
            q.push("t", t);
        }
        if hosts_as_json {
            if !self.extra_hosts.is_empty() {
                q.json("extrahosts", &self.extra_hosts)?;
            }
        } else {
            for h in &self.extra_hosts {
                q.push("extrahosts", h);
            }
        }
        q.opt("remote", self.remote.as_deref());
        q.flag("q", self.quiet);
        q.flag("nocache", self.no_cache);
        if !self.cache_from.is_empty() {
            q.json("cachefrom", &self.cache_from)?;
        }
        q.flag("pull", self.pull);
        q.opt_bool("rm", self.rm);
        q.flag("forcerm", self.force_rm);
        q.opt("memory", self.memory);
        q.opt("memswap", self.memswap);
        q.opt("cpushares", self.cpu_shares);
        q.opt("cpusetcpus", self.cpuset_cpus.as_deref());
        q.opt("cpuperiod", self.cpu_period);
        q.opt("cpuquota", self.cpu_quota);
        if !self.build_args.is_empty() {
            q.json("buildargs", &self.build_args)?;
        }
        q.opt("shmsize", self.shm_size);
        q.flag("squash", self.squash);
        if !self.labels.is_empty() {
            q.json("labels", &self.labels)?;
        }
        q.opt("networkmode", self.network_mode.as_deref());
        q.opt("platform", self.platform.as_deref());
        q.opt("target", self.target.as_deref());
        if let Some(outputs) = &self.outputs {
            q.json("outputs", outputs)?;
        }
        q.opt("version", self.version.as_deref());
        q.opt("isolation", self.isolation.as_deref());
        Ok(q)
    }

    /// The Dockerfile's path inside the context.
    pub fn dockerfile(mut self, v: impl Into<String>) -> Self {
        self.dockerfile = Some(v.into());
        self
    }

    /// Adds a name to tag the result with.
    pub fn tag(mut self, v: impl Into<String>) -> Self {
        self.tags.push(v.into());
        self
    }

    /// Adds an `/etc/hosts` entry, `host:ip`.
    pub fn extra_host(mut self, v: impl Into<String>) -> Self {
        self.extra_hosts.push(v.into());
        self
    }

    /// Builds from a URL instead of a body.
    pub fn remote(mut self, v: impl Into<String>) -> Self {
        self.remote = Some(v.into());
        self
    }

    /// Only output the image ID.
    pub fn quiet(mut self, v: bool) -> Self {
        self.quiet = v;
        self
    }

    /// Do not use the build cache.
    pub fn no_cache(mut self, v: bool) -> Self {
        self.no_cache = v;
        self
    }

    /// Adds an image to use as a cache source.
    pub fn cache_from(mut self, v: impl Into<String>) -> Self {
        self.cache_from.push(v.into());
        self
    }

    /// Pull base images even when present.
    pub fn pull(mut self, v: bool) -> Self {
        self.pull = v;
        self
    }

    /// Remove intermediate containers after a successful build.
    pub fn rm(mut self, v: bool) -> Self {
        self.rm = Some(v);
        self
    }

    /// Always remove intermediate containers.
    pub fn force_rm(mut self, v: bool) -> Self {
        self.force_rm = v;
        self
    }

    /// Memory limit of build containers in bytes.
    pub fn memory(mut self, v: i64) -> Self {
        self.memory = Some(v);
        self
    }

    /// Memory plus swap in bytes.
    pub fn memswap(mut self, v: i64) -> Self {
        self.memswap = Some(v);
        self
    }

    /// CPU shares.
    pub fn cpu_shares(mut self, v: i64) -> Self {
        self.cpu_shares = Some(v);
        self
    }

    /// CPUs the build may use.
    pub fn cpuset_cpus(mut self, v: impl Into<String>) -> Self {
        self.cpuset_cpus = Some(v.into());
        self
    }

    /// CPU CFS period in microseconds.
    pub fn cpu_period(mut self, v: i64) -> Self {
        self.cpu_period = Some(v);
        self
    }

    /// CPU CFS quota in microseconds.
    pub fn cpu_quota(mut self, v: i64) -> Self {
        self.cpu_quota = Some(v);
        self
    }

    /// Sets a build-time variable.
    pub fn build_arg(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.build_args.insert(name.into(), value.into());
        self
    }

    /// Size of `/dev/shm` in bytes.
    pub fn shm_size(mut self, v: i64) -> Self {
        self.shm_size = Some(v);
        self
    }

    /// Squash the new layers into one.
    pub fn squash(mut self, v: bool) -> Self {
        self.squash = v;
        self
    }

    /// Sets a label on the image.
    pub fn label(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.insert(name.into(), value.into());
        self
    }

    /// Network mode of `RUN` steps.
    pub fn network_mode(mut self, v: impl Into<String>) -> Self {
        self.network_mode = Some(v.into());
        self
    }

    /// Target platform.
    pub fn platform(mut self, v: impl Into<String>) -> Self {
        self.platform = Some(v.into());
        self
    }

    /// The stage to build.
    pub fn target(mut self, v: impl Into<String>) -> Self {
        self.target = Some(v.into());
        self
    }

    /// BuildKit outputs (a JSON array).
    pub fn outputs(mut self, v: serde_json::Value) -> Self {
        self.outputs = Some(v);
        self
    }

    /// Builder backend, `1` or `2`.
    pub fn version(mut self, v: impl Into<String>) -> Self {
        self.version = Some(v.into());
        self
    }

    /// Isolation technology (Windows).
    pub fn isolation(mut self, v: impl Into<String>) -> Self {
        self.isolation = Some(v.into());
        self
    }

    /// Adds credentials for a registry the build pulls from.
    pub fn registry_auth(mut self, registry: impl Into<String>, auth: AuthConfig) -> Self {
        self.registry_config.insert(registry.into(), auth);
        self
    }
}

/// Options of `POST /build/prune` ([`ApiClient::build_prune`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BuildPruneOptions {
    /// Bytes of cache to keep (`keep-storage`; superseded by `reserved_space` in API 1.48).
    pub keep_storage: Option<i64>,
    /// Bytes of cache to keep (`reserved-space`, API 1.55+ here).
    pub reserved_space: Option<i64>,
    /// Most bytes the cache may use (`max-used-space`, API 1.55+ here).
    pub max_used_space: Option<i64>,
    /// Bytes of disk to keep free (`min-free-space`, API 1.55+ here).
    pub min_free_space: Option<i64>,
    /// Remove all unused cache, not just dangling entries.
    pub all: Option<bool>,
    /// Filters: `until`, `id`, `parent`, `type`, `description`, `inuse`, `shared`, `private`.
    pub filters: Filters,
}

impl BuildPruneOptions {
    /// Bytes of cache to keep.
    pub fn keep_storage(mut self, v: i64) -> Self {
        self.keep_storage = Some(v);
        self
    }

    /// Bytes of cache to keep (API 1.55+).
    pub fn reserved_space(mut self, v: i64) -> Self {
        self.reserved_space = Some(v);
        self
    }

    /// Most bytes the cache may use (API 1.55+).
    pub fn max_used_space(mut self, v: i64) -> Self {
        self.max_used_space = Some(v);
        self
    }

    /// Bytes of disk to keep free (API 1.55+).
    pub fn min_free_space(mut self, v: i64) -> Self {
        self.min_free_space = Some(v);
        self
    }

    /// Remove all unused cache.
    pub fn all(mut self, v: bool) -> Self {
        self.all = Some(v);
        self
    }

    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }
}

/// Options of `POST /images/create` ([`ApiClient::image_create`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageCreateOptions {
    /// The image to pull, `name` or `name:tag` (`fromImage`).
    pub from_image: Option<String>,
    /// Import source: a URL, or `-` for the request body (`fromSrc`).
    pub from_src: Option<String>,
    /// Repository name for an imported image (`repo`).
    pub repo: Option<String>,
    /// Tag or digest to pull, or the tag of an imported image (`tag`). Without a tag every tag of the
    /// repository is pulled.
    pub tag: Option<String>,
    /// Commit message of an imported image (`message`).
    pub message: Option<String>,
    /// Dockerfile instructions applied to an imported image, e.g. `ENV A=b` (`changes`).
    pub changes: Vec<String>,
    /// Platform to pull, `os[/arch[/variant]]` (`platform`).
    pub platform: Option<String>,
    /// Registry credentials (`X-Registry-Auth`); anonymous when not set.
    pub auth: Option<AuthConfig>,
}

impl ImageCreateOptions {
    /// Checks the combination of options and returns the query string.
    pub(crate) fn to_query(&self, has_body: bool) -> Result<Query> {
        let from_src = match (&self.from_src, has_body) {
            (None, true) => Some("-"),
            (Some(src), true) if src != "-" => {
                return Err(Error::invalid(
                    "image_create: a body can only be sent with from_src \"-\" (import from the request body)",
                ))
            }
            (src, _) => src.as_deref(),
        };
        match (&self.from_image, from_src) {
            (None, None) => {
                return Err(Error::invalid(
                    "image_create: set from_image (pull) or from_src / a body (import)",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    "image_create: from_image (pull) and from_src (import) cannot be combined",
                ))
            }
            _ => {}
        }
        if from_src == Some("-") && !has_body {
            return Err(Error::invalid(
                "image_create: from_src \"-\" imports the request body, but no body was given",
            ));
        }
        if let Some(image) = &self.from_image {
            require_name("image_create", image)?;
        }
        let mut query = Query::new();
        query.opt("fromImage", self.from_image.as_deref());
        query.opt("fromSrc", from_src);
        query.opt("repo", self.repo.as_deref());
        query.opt("tag", self.tag.as_deref());
        query.opt("message", self.message.as_deref());
        for change in &self.changes {
            query.push("changes", change);
        }
        query.opt("platform", self.platform.as_deref());
        Ok(query)
    }

    /// Pull `image` (`name` or `name:tag`).
    pub fn from_image(mut self, image: impl Into<String>) -> Self {
        self.from_image = Some(image.into());
        self
    }

    /// Import from a URL, or `-` for the request body.
    pub fn from_src(mut self, src: impl Into<String>) -> Self {
        self.from_src = Some(src.into());
        self
    }

    /// Repository of an imported image.
    pub fn repo(mut self, repo: impl Into<String>) -> Self {
        self.repo = Some(repo.into());
        self
    }

    /// Tag (or digest) to pull, or tag of an imported image.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Commit message of an imported image.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Adds a Dockerfile instruction applied to an imported image.
    pub fn change(mut self, change: impl Into<String>) -> Self {
        self.changes.push(change.into());
        self
    }

    /// Platform to pull.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }

    /// Registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}

/// Options of `GET /images/{name}/json` ([`ApiClient::image_inspect`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageInspectOptions {
    /// Include `Manifests` (API 1.55+).
    pub manifests: Option<bool>,
    /// Inspect this platform's variant (API 1.55+).
    pub platform: Option<OCIPlatform>,
}

impl ImageInspectOptions {
    /// Include `Manifests` (API 1.55+).
    pub fn manifests(mut self, v: bool) -> Self {
        self.manifests = Some(v);
        self
    }

    /// Inspect this platform's variant (API 1.55+).
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platform = Some(platform);
        self
    }
}

/// Options of `GET /images/{name}/attestations` ([`ApiClient::image_attestations`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageAttestationsOptions {
    /// The platform variant whose attestations to return (`platform`; the daemon takes one today).
    pub platforms: Vec<OCIPlatform>,
    /// Only statements with these in-toto predicate types (`type`).
    pub types: Vec<String>,
    /// Include each statement's body (`statement`).
    pub statement: Option<bool>,
}

impl ImageAttestationsOptions {
    /// Adds a platform.
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platforms.push(platform);
        self
    }

    /// Adds a predicate type.
    pub fn predicate_type(mut self, t: impl Into<String>) -> Self {
        self.types.push(t.into());
        self
    }

    /// Include each statement's body.
    pub fn statement(mut self, v: bool) -> Self {
        self.statement = Some(v);
        self
    }
}

/// Options of `GET /images/{name}/history` ([`ApiClient::image_history`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageHistoryOptions {
    /// The platform variant to show (API 1.55+).
    pub platform: Option<OCIPlatform>,
}

impl ImageHistoryOptions {
    /// The platform variant to show (API 1.55+).
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platform = Some(platform);
        self
    }
}

/// Options of `POST /images/{name}/push` ([`ApiClient::image_push`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImagePushOptions {
    /// The tag to push; every tag of the repository when not set.
    pub tag: Option<String>,
    /// The platform variant to push (API 1.47+).
    pub platform: Option<OCIPlatform>,
    /// Registry credentials (`X-Registry-Auth`); anonymous when not set.
    pub auth: Option<AuthConfig>,
}

impl ImagePushOptions {
    /// The tag to push.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// The platform variant to push (API 1.47+).
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platform = Some(platform);
        self
    }

    /// Registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}

/// Options of `POST /images/{name}/tag` ([`ApiClient::image_tag`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageTagOptions {
    /// The repository to tag into, e.g. `localhost:5000/team/app` (`repo`).
    pub repo: String,
    /// The tag (`tag`; `latest` when not set).
    pub tag: Option<String>,
}

impl ImageTagOptions {
    /// Tag into `repo`, with `tag` (or `latest`).
    pub fn new(repo: impl Into<String>, tag: Option<&str>) -> Self {
        ImageTagOptions {
            repo: repo.into(),
            tag: tag.map(str::to_string),
        }
    }

    /// The repository.
    pub fn repo(mut self, repo: impl Into<String>) -> Self {
        self.repo = repo.into();
        self
    }

    /// The tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }
}

/// Options of `DELETE /images/{name}` ([`ApiClient::image_delete`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageDeleteOptions {
    /// Remove the image even if containers use it or it has several tags.
    pub force: bool,
    /// Keep untagged parent images.
    pub noprune: bool,
    /// Only delete these platforms' content (API 1.55+).
    pub platforms: Vec<OCIPlatform>,
}

impl ImageDeleteOptions {
    /// Remove even if in use or tagged several times.
    pub fn force(mut self, v: bool) -> Self {
        self.force = v;
        self
    }

    /// Keep untagged parents.
    pub fn noprune(mut self, v: bool) -> Self {
        self.noprune = v;
        self
    }

    /// Adds a platform whose content to delete (API 1.55+).
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platforms.push(platform);
        self
    }
}

/// Options of `GET /images/search` ([`ApiClient::image_search`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageSearchOptions {
    /// What to search for (`term`).
    pub term: String,
    /// Most results to return (`limit`).
    pub limit: Option<i64>,
    /// Filters: `is-official`, `stars`.
    pub filters: Filters,
    /// Registry credentials (`X-Registry-Auth`).
    pub auth: Option<AuthConfig>,
}

impl ImageSearchOptions {
    /// Search for `term`.
    pub fn new(term: impl Into<String>) -> Self {
        ImageSearchOptions {
            term: term.into(),
            ..Default::default()
        }
    }

    /// Most results to return.
    pub fn limit(mut self, v: i64) -> Self {
        self.limit = Some(v);
        self
    }

    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    /// Registry credentials.
    pub fn auth(mut self, auth: AuthConfig) -> Self {
        self.auth = Some(auth);
        self
    }
}

/// Options of `POST /images/prune` ([`ApiClient::image_prune`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImagePruneOptions {
    /// Filters: `dangling`, `until`, `label`, `label!`.
    pub filters: Filters,
}

impl ImagePruneOptions {
    /// Use these filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }
}

/// Options of `POST /commit` ([`ApiClient::image_commit`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageCommitOptions {
    /// The container to commit, by ID or name (`container`).
    pub container: String,
    /// Repository of the new image (`repo`).
    pub repo: Option<String>,
    /// Tag of the new image (`tag`).
    pub tag: Option<String>,
    /// Commit message (`comment`).
    pub comment: Option<String>,
    /// Author, e.g. `Jane <jane@example.com>` (`author`).
    pub author: Option<String>,
    /// Pause the container while committing (`pause`; the daemon's default is true).
    pub pause: Option<bool>,
    /// Dockerfile instructions to apply, e.g. `CMD ["sh"]` (`changes`).
    pub changes: Vec<String>,
    /// Configuration of the new image (the body); empty when not set.
    pub config: Option<ContainerConfig>,
}

impl ImageCommitOptions {
    /// Commit `container`.
    pub fn new(container: impl Into<String>) -> Self {
        ImageCommitOptions {
            container: container.into(),
            ..Default::default()
        }
    }

    /// Repository of the new image.
    pub fn repo(mut self, v: impl Into<String>) -> Self {
        self.repo = Some(v.into());
        self
    }

    /// Tag of the new image.
    pub fn tag(mut self, v: impl Into<String>) -> Self {
        self.tag = Some(v.into());
        self
    }

    /// Commit message.
    pub fn comment(mut self, v: impl Into<String>) -> Self {
        self.comment = Some(v.into());
        self
    }

    /// Author.
    pub fn author(mut self, v: impl Into<String>) -> Self {
        self.author = Some(v.into());
        self
    }

    /// Pause the container while committing.
    pub fn pause(mut self, v: bool) -> Self {
        self.pause = Some(v);
        self
    }

    /// Adds a Dockerfile instruction to apply.
    pub fn change(mut self, v: impl Into<String>) -> Self {
        self.changes.push(v.into());
        self
    }

    /// Configuration of the new image.
    pub fn config(mut self, config: ContainerConfig) -> Self {
        self.config = Some(config);
        self
    }
}

/// Options of `GET /images/{name}/get` ([`ApiClient::image_get`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageGetOptions {
    /// Only save these platforms' variants (API 1.55+).
    pub platforms: Vec<OCIPlatform>,
}

impl ImageGetOptions {
    /// Adds a platform to save (API 1.55+).
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platforms.push(platform);
        self
    }
}

/// Options of `GET /images/get` ([`ApiClient::image_get_all`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageGetAllOptions {
    /// The images to save: names, `name:tag` or IDs (`names`).
    pub names: Vec<String>,
    /// Only save these platforms' variants (API 1.55+).
    pub platforms: Vec<OCIPlatform>,
}

impl ImageGetAllOptions {
    /// Adds an image to save.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.names.push(name.into());
        self
    }

    /// Adds a platform to save (API 1.55+).
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platforms.push(platform);
        self
    }
}

/// Options of `POST /images/load` ([`ApiClient::image_load`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImageLoadOptions {
    /// Suppress progress messages (`quiet`).
    pub quiet: bool,
    /// Only load these platforms' variants (API 1.55+).
    pub platforms: Vec<OCIPlatform>,
}

impl ImageLoadOptions {
    /// Suppress progress messages.
    pub fn quiet(mut self, v: bool) -> Self {
        self.quiet = v;
        self
    }

    /// Adds a platform to load (API 1.55+).
    pub fn platform(mut self, platform: OCIPlatform) -> Self {
        self.platforms.push(platform);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_results_read_the_same_from_docker_and_podman() {
        let docker = serde_json::json!({
            "name": "team/app", "description": "an app", "star_count": 3,
            "is_official": false, "is_automated": true
        });
        let podman = serde_json::json!({
            "Index": "docker.io", "Name": "team/app", "Description": "an app", "Stars": 3,
            "Official": "", "Automated": "[OK]", "Tag": ""
        });
        let expected = ImageSearchResponseItem {
            name: Some("team/app".into()),
            description: Some("an app".into()),
            star_count: Some(3),
            is_official: Some(false),
            is_automated: Some(true),
        };
        assert_eq!(search_item(docker).unwrap(), expected);
        assert_eq!(search_item(podman).unwrap(), expected);
        assert!(search_item(serde_json::json!({"name": 7})).is_err());
    }

    #[test]
    fn build_options_map_to_the_query() {
        let opts = ImageBuildOptions::default()
            .dockerfile("sub/Dockerfile")
            .tag("a:1")
            .tag("b:2")
            .extra_host("db:10.0.0.2")
            .quiet(true)
            .no_cache(true)
            .cache_from("base:1")
            .pull(true)
            .rm(false)
            .force_rm(true)
            .memory(1 << 20)
            .memswap(-1)
            .cpu_shares(512)
            .cpuset_cpus("0-1")
            .build_arg("V", "1")
            .shm_size(64)
            .squash(true)
            .label("k", "v")
            .network_mode("host")
            .platform("linux/amd64")
            .target("final")
            .isolation("default");
        let q = opts.to_query().unwrap();
        let encoded = q.encode();
        assert!(encoded.starts_with("dockerfile=sub%2FDockerfile&t=a%3A1&t=b%3A2&extrahosts=db%3A10.0.0.2&q=true&nocache=true"), "{encoded}");
        assert_eq!(q.get("cachefrom"), Some(r#"["base:1"]"#));
        // For Podman the extra hosts are one JSON array.
        let two = ImageBuildOptions::default()
            .extra_host("db:10.0.0.2")
            .extra_host("cache:10.0.0.3");
        let podman = two.to_query_for(true).unwrap();
        assert_eq!(
            podman.get("extrahosts"),
            Some(r#"["db:10.0.0.2","cache:10.0.0.3"]"#)
        );
        assert_eq!(
            two.to_query().unwrap().encode(),
            "extrahosts=db%3A10.0.0.2&extrahosts=cache%3A10.0.0.3"
        );
        assert_eq!(
            ImageBuildOptions::default()
                .to_query_for(true)
                .unwrap()
                .get("extrahosts"),
            None
        );
        assert_eq!(q.get("rm"), Some("false"));
        assert_eq!(q.get("forcerm"), Some("true"));
        assert_eq!(q.get("memswap"), Some("-1"));
        assert_eq!(q.get("buildargs"), Some(r#"{"V":"1"}"#));
        assert_eq!(q.get("labels"), Some(r#"{"k":"v"}"#));
        assert_eq!(q.get("networkmode"), Some("host"));
        assert_eq!(q.get("target"), Some("final"));
        assert_eq!(q.get("isolation"), Some("default"));
        // Unset options are not sent: the daemon's defaults apply (rm defaults to true there).
        let empty = ImageBuildOptions::default().to_query().unwrap();
        assert!(empty.is_empty(), "{}", empty.encode());
    }

    #[test]
    fn create_options_are_checked_and_mapped() {
        let pull = ImageCreateOptions::default()
            .from_image("127.0.0.1:5001/app")
            .tag("v1")
            .platform("linux/arm64");
        assert_eq!(
            pull.to_query(false).unwrap().encode(),
            "fromImage=127.0.0.1%3A5001%2Fapp&tag=v1&platform=linux%2Farm64"
        );
        let import = ImageCreateOptions::default()
            .repo("mine")
            .tag("1")
            .message("m")
            .change("ENV A=b")
            .change("CMD [\"sh\"]");
        let q = import.to_query(true).unwrap();
        assert_eq!(q.get("fromSrc"), Some("-"), "a body means from_src=-");
        assert_eq!(
            q.encode(),
            "fromSrc=-&repo=mine&tag=1&message=m&changes=ENV+A%3Db&changes=CMD+%5B%22sh%22%5D"
        );
        let url = ImageCreateOptions::default().from_src("http://example.com/rootfs.tar");
        assert_eq!(
            url.to_query(false).unwrap().get("fromSrc"),
            Some("http://example.com/rootfs.tar")
        );

        let invalid = [
            (ImageCreateOptions::default(), false),
            (
                ImageCreateOptions::default().from_image("a").from_src("-"),
                true,
            ),
            (
                ImageCreateOptions::default().from_src("http://x/y.tar"),
                true,
            ),
            (ImageCreateOptions::default().from_src("-"), false),
            (ImageCreateOptions::default().from_image(" "), false),
        ];
        for (opts, body) in invalid {
            let err = opts.to_query(body).unwrap_err();
            assert!(
                matches!(err, Error::InvalidArgument(_)),
                "{opts:?}: {err:?}"
            );
        }
    }

    #[test]
    fn auth_header_is_anonymous_without_credentials() {
        let anon = auth_header(None).unwrap();
        assert_eq!(anon.to_str().unwrap(), "e30=");
        assert!(anon.is_sensitive());
        let with = auth_header(Some(&AuthConfig::basic("u", "p"))).unwrap();
        let decoded = AuthConfig::decode_header(with.to_str().unwrap()).unwrap();
        assert_eq!(decoded.username.as_deref(), Some("u"));
    }

    #[test]
    fn platforms_are_sent_as_json() {
        let p = OCIPlatform {
            os: Some("linux".into()),
            architecture: Some("arm".into()),
            variant: Some("v5".into()),
            ..Default::default()
        };
        assert_eq!(
            platform_json(&p).unwrap(),
            r#"{"architecture":"arm","os":"linux","variant":"v5"}"#
        );
    }

    #[test]
    fn push_progress_reads_the_digest() {
        let msg: PushProgress = serde_json::from_str(
            r#"{"progressDetail":{},"aux":{"Tag":"t1","Digest":"sha256:4ab2","Size":527}}"#,
        )
        .unwrap();
        assert_eq!(msg.digest(), Some("sha256:4ab2"));
        let layer: PushProgress = serde_json::from_str(
            r#"{"status":"Pushing","progressDetail":{"current":3,"total":9},"id":"4bb73b3b4ae6"}"#,
        )
        .unwrap();
        assert_eq!(layer.id.as_deref(), Some("4bb73b3b4ae6"));
        assert_eq!(layer.progress_detail.as_ref().unwrap().total, Some(9));
        assert_eq!(layer.digest(), None);
    }

    #[test]
    fn not_found_becomes_image_not_found() {
        let err = image_not_found("x:1")(Error::NotFound {
            message: "no such image".into(),
        });
        assert!(matches!(err, Error::ImageNotFound { ref image, .. } if image == "x:1"));
        let other = image_not_found("x")(Error::Conflict {
            message: "in use".into(),
        });
        assert!(other.is_conflict());
    }
}
