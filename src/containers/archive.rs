//! Files in and out of containers: tar archives streamed both ways, and copy helpers.

use std::future::IntoFuture;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_core::Stream;

use super::handle::Container;
use crate::api::{PathStat, PutContainerArchiveOptions};
use crate::error::{Error, Result};
use crate::stream::writer::stream_from_writer;
use crate::stream::ByteStream;
use crate::system::BoxFuture;

/// A file to put into a container from memory (see [`Container::put_files`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveEntry {
    path: String,
    data: Bytes,
    mode: u32,
}

impl ArchiveEntry {
    /// A regular file at `path` (relative to the destination directory) with mode 0644.
    pub fn file(path: impl Into<String>, data: impl Into<Bytes>) -> Self {
        ArchiveEntry {
            path: path.into(),
            data: data.into(),
            mode: 0o644,
        }
    }

    /// The permission bits.
    pub fn mode(mut self, mode: u32) -> Self {
        self.mode = mode;
        self
    }
}

impl Container {
    /// A tar archive of a path in the container, streamed, with the path's information (`docker cp` out).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the path does not exist.
    pub async fn get_archive(&self, path: &str) -> Result<(PathStat, ByteStream)> {
        self.docker().api().container_archive(self.id(), path).await
    }

    /// Information about a path in the container, without its contents.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the path does not exist.
    pub async fn stat_path(&self, path: &str) -> Result<PathStat> {
        self.docker()
            .api()
            .container_archive_info(self.id(), path)
            .await
    }

    /// Extracts a tar archive, streamed from any source, into the directory `dir` of the container.
    ///
    /// # Errors
    /// [`Error::NotFound`] when `dir` does not exist.
    pub async fn put_archive<S>(&self, dir: &str, tar: S) -> Result<()>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + 'static,
    {
        let opts = PutContainerArchiveOptions::new(dir);
        self.docker()
            .api()
            .put_container_archive(self.id(), &opts, tar)
            .await
    }

    /// Extracts a tar archive into the container with options: the destination (`path`),
    /// `no_overwrite_dir_non_dir` (refuse to replace a directory by a file or the other way round) and
    /// `copy_uid_gid` (keep the archive's owners).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the destination does not exist; [`Error::InvalidArgument`] for an empty
    /// destination.
    pub async fn put_archive_with<S>(&self, opts: &PutContainerArchiveOptions, tar: S) -> Result<()>
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + 'static,
    {
        self.docker()
            .api()
            .put_container_archive(self.id(), opts, tar)
            .await
    }

    /// Writes files from memory into the directory `dir` of the container.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty or absolute entry path; [`Error::NotFound`] when `dir` does
    /// not exist.
    pub async fn put_files(&self, dir: &str, entries: Vec<ArchiveEntry>) -> Result<()> {
        for e in &entries {
            if e.path.is_empty() || e.path.starts_with('/') {
                return Err(Error::invalid(format!(
                    "archive entry {:?} must be a relative path",
                    e.path
                )));
            }
        }
        let tar = stream_from_writer(move |w| {
            let mut builder = tar::Builder::new(w);
            for e in &entries {
                let mut header = tar::Header::new_gnu();
                header.set_size(e.data.len() as u64);
                header.set_mode(e.mode);
                header.set_mtime(0);
                header.set_entry_type(tar::EntryType::Regular);
                builder.append_data(&mut header, &e.path, &e.data[..])?;
            }
            builder.finish()
        });
        self.put_archive(dir, tar).await
    }

    /// Copies a host file or directory into the directory `dir` of the container (`docker cp` in): a
    /// directory `src` arrives as `dir/<name of src>`. The archive is streamed while it is written.
    pub fn copy_to(&self, host_path: impl Into<PathBuf>, dir: impl Into<String>) -> CopyTo {
        CopyTo {
            container: self.clone(),
            source: host_path.into(),
            dir: dir.into(),
        }
    }

    /// Copies a path of the container into the host directory `dir` (`docker cp` out): `/etc/hosts` arrives
    /// as `dir/hosts`, a directory with all its contents.
    pub fn copy_from(&self, path: impl Into<String>, dir: impl Into<PathBuf>) -> CopyFrom {
        CopyFrom {
            container: self.clone(),
            path: path.into(),
            dir: dir.into(),
        }
    }
}

/// Builder of [`Container::copy_to`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct CopyTo {
    container: Container,
    source: PathBuf,
    dir: String,
}

impl IntoFuture for CopyTo {
    type Output = Result<()>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let meta = std::fs::symlink_metadata(&self.source).map_err(|e| {
                Error::invalid(format!("cannot copy {}: {e}", self.source.display()))
            })?;
            let name = file_name(&self.source)?;
            let source = self.source.clone();
            let tar = stream_from_writer(move |w| {
                let mut builder = tar::Builder::new(w);
                builder.follow_symlinks(false);
                if meta.is_dir() {
                    builder.append_dir_all(&name, &source)?;
                } else {
                    builder.append_path_with_name(&source, &name)?;
                }
                builder.finish()
            });
            self.container.put_archive(&self.dir, tar).await
        })
    }
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| Error::invalid(format!("{} has no usable file name", path.display())))
}

/// Builder of [`Container::copy_from`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until awaited"]
pub struct CopyFrom {
    container: Container,
    path: String,
    dir: PathBuf,
}

impl IntoFuture for CopyFrom {
    type Output = Result<PathStat>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            if !self.dir.is_dir() {
                return Err(Error::invalid(format!(
                    "{} is not a directory",
                    self.dir.display()
                )));
            }
            let (stat, stream) = self.container.get_archive(&self.path).await?;
            let reader = tokio_util::io::SyncIoBridge::new(stream.into_async_read());
            let dir = self.dir.clone();
            tokio::task::spawn_blocking(move || {
                let mut archive = tar::Archive::new(reader);
                archive.set_preserve_permissions(true);
                archive.set_overwrite(true);
                archive.unpack(&dir)
            })
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
            Ok(stat)
        })
    }
}
