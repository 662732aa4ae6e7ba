//! `containers().list()` and `containers().prune()`.

use std::future::IntoFuture;

use futures_util::StreamExt;

use super::handle::Container;
use crate::api::{ContainerInspectOptions, ContainerListOptions};
use crate::error::Result;
use crate::models::ContainerPruneResponse;
use crate::system::BoxFuture;
use crate::utils::filters::Filters;
use crate::Docker;

/// Builder of [`Containers::list`](super::Containers::list).
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct ListContainers {
    docker: Docker,
    opts: ContainerListOptions,
    sparse: bool,
}

impl ListContainers {
    pub(crate) fn new(docker: Docker) -> Self {
        ListContainers {
            docker,
            opts: ContainerListOptions::default(),
            sparse: false,
        }
    }

    /// Include stopped containers.
    pub fn all(mut self, all: bool) -> Self {
        self.opts.all = all;
        self
    }

    /// At most this many, newest first (includes stopped containers).
    pub fn limit(mut self, limit: i64) -> Self {
        self.opts.limit = Some(limit);
        self
    }

    /// Only containers created after this one (ID or name).
    pub fn since(mut self, container: impl Into<String>) -> Self {
        self.opts.filters.insert("since", container.into());
        self
    }

    /// Only containers created before this one (ID or name).
    pub fn before(mut self, container: impl Into<String>) -> Self {
        self.opts.filters.insert("before", container.into());
        self
    }

    /// Adds a filter (`label`, `status`, `name`, `ancestor`, `network`, …).
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.opts.filters.insert(name, value);
        self
    }

    /// Replaces all filters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.opts.filters = filters;
        self
    }

    /// Also compute the containers' sizes (`SizeRw`, `SizeRootFs` of the list entries; slower). The sizes
    /// are in [`Container::summary`], so combine it with [`sparse`](Self::sparse).
    pub fn size(mut self, size: bool) -> Self {
        self.opts.size = size;
        self
    }

    /// Return the list entries as they are, without inspecting each container (faster; `attrs()` is then
    /// `None` until `reload`).
    pub fn sparse(mut self, sparse: bool) -> Self {
        self.sparse = sparse;
        self
    }
}

impl IntoFuture for ListContainers {
    type Output = Result<Vec<Container>>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let api = self.docker.api();
            let summaries = api.container_list(&self.opts).await?;
            if self.sparse {
                return Ok(summaries
                    .into_iter()
                    .map(|s| Container::from_summary(self.docker.clone(), s))
                    .collect());
            }
            // Inspect them a few at a time; a container removed in between is skipped, not an error.
            let ids: Vec<String> = summaries.into_iter().filter_map(|s| s.id).collect();
            let inspects = ids.into_iter().map(|id| {
                let api = api.clone();
                async move {
                    api.container_inspect(&id, &ContainerInspectOptions::default())
                        .await
                }
            });
            let results: Vec<_> = futures_util::stream::iter(inspects)
                .buffered(8)
                .collect()
                .await;
            let mut containers = Vec::with_capacity(results.len());
            for result in results {
                match result {
                    Ok(attrs) => {
                        containers.push(Container::from_inspect(self.docker.clone(), attrs))
                    }
                    Err(e) if e.is_not_found() => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(containers)
        })
    }
}

/// Builder of [`Containers::prune`](super::Containers::prune).
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct PruneContainers {
    docker: Docker,
    filters: Filters,
}

impl PruneContainers {
    pub(crate) fn new(docker: Docker) -> Self {
        PruneContainers {
            docker,
            filters: Filters::new(),
        }
    }

    /// Adds a filter: `until` (a timestamp or duration like `10m`) or `label` (`key`, `key=value`, and
    /// `label!=…`).
    pub fn filter(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.filters.insert(name, value);
        self
    }
}

impl IntoFuture for PruneContainers {
    type Output = Result<ContainerPruneResponse>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.docker.api().container_prune(&self.filters).await })
    }
}
