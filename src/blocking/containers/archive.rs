//! Blocking file transfer: tar archives both ways and the copy helpers.

use std::future::IntoFuture;
use std::io::Read;
use std::path::PathBuf;

use super::Container;
use crate::api::PathStat;
use crate::blocking::{ByteReader, Docker};
use crate::containers::ArchiveEntry;
use crate::error::Result;
use crate::stream::writer::stream_from_writer;

impl Container {
    /// A tar archive of a path in the container, read as it streams in, with the path's information
    /// (`docker cp` out).
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// let (stat, tar) = c.get_archive("/etc")?;
    /// println!("{} is a directory: {}", stat.name, stat.is_dir());
    /// let mut archive = tar::Archive::new(tar);
    /// for entry in archive.entries()? {
    ///     println!("{}", entry?.path()?.display());
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the path does not exist.
    pub fn get_archive(&self, path: &str) -> Result<(PathStat, ByteReader)> {
        let (stat, stream) = self
            .docker()
            .block_on(self.as_async().get_archive(path))??;
        Ok((stat, ByteReader::new(self.docker().inner.clone(), stream)))
    }

    /// Information about a path in the container, without its contents.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the path does not exist.
    pub fn stat_path(&self, path: &str) -> Result<PathStat> {
        self.docker().block_on(self.as_async().stat_path(path))?
    }

    /// Extracts a tar archive read from `tar` (a file, a pipe, a `&'static [u8]` …) into the directory
    /// `dir` of the container. The archive is streamed: it is read while it is sent.
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// c.put_archive("/srv", std::fs::File::open("site.tar")?)?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when `dir` does not exist; [`crate::Error::Io`] when reading `tar`
    /// fails.
    pub fn put_archive<R>(&self, dir: &str, tar: R) -> Result<()>
    where
        R: Read + Send + 'static,
    {
        let container = self.as_async().clone();
        self.docker().block_on(async move {
            let mut tar = tar;
            // Read on a blocking thread of the I/O runtime, handing the bytes over as a bounded stream.
            let body = stream_from_writer(move |w| std::io::copy(&mut tar, w).map(drop));
            container.put_archive(dir, body).await
        })?
    }

    /// Extracts a tar archive, read from any reader, with options (`no_overwrite_dir_non_dir`,
    /// `copy_uid_gid`); see [`crate::containers::Container::put_archive_with`].
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when the destination does not exist; [`crate::Error::Io`] when reading
    /// `tar` fails.
    pub fn put_archive_with<R>(
        &self,
        opts: &crate::api::PutContainerArchiveOptions,
        tar: R,
    ) -> Result<()>
    where
        R: Read + Send + 'static,
    {
        let container = self.as_async().clone();
        let opts = opts.clone();
        self.docker().block_on(async move {
            let mut tar = tar;
            let body = stream_from_writer(move |w| std::io::copy(&mut tar, w).map(drop));
            container.put_archive_with(&opts, body).await
        })?
    }

    /// Writes files from memory into the directory `dir` of the container.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for an empty or absolute entry path; [`crate::Error::NotFound`]
    /// when `dir` does not exist.
    pub fn put_files(&self, dir: &str, entries: Vec<ArchiveEntry>) -> Result<()> {
        self.docker()
            .block_on(self.as_async().put_files(dir, entries))?
    }

    /// Copies a host file or directory into the directory `dir` of the container (`docker cp` in); see
    /// [`crate::containers::Container::copy_to`].
    ///
    /// ```no_run
    /// # fn demo(c: docker_sdk::blocking::Container) -> docker_sdk::Result<()> {
    /// c.copy_to("./config", "/etc/app").send()?; // arrives as /etc/app/config
    /// c.copy_from("/var/log/app", ".").send()?; // arrives as ./app
    /// # Ok(()) }
    /// ```
    pub fn copy_to(&self, host_path: impl Into<PathBuf>, dir: impl Into<String>) -> CopyTo {
        CopyTo {
            docker: self.docker().clone(),
            inner: self.as_async().copy_to(host_path, dir),
        }
    }

    /// Copies a path of the container into the host directory `dir` (`docker cp` out); see
    /// [`crate::containers::Container::copy_from`].
    pub fn copy_from(&self, path: impl Into<String>, dir: impl Into<PathBuf>) -> CopyFrom {
        CopyFrom {
            docker: self.docker().clone(),
            inner: self.as_async().copy_from(path, dir),
        }
    }
}

/// Blocking builder of [`Container::copy_to`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct CopyTo {
    docker: Docker,
    inner: crate::containers::CopyTo,
}

impl CopyTo {
    /// Copies the file or directory.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when the host path cannot be read; [`crate::Error::NotFound`]
    /// when `dir` does not exist in the container.
    pub fn send(self) -> Result<()> {
        self.docker.block_on(self.inner.into_future())?
    }
}

/// Blocking builder of [`Container::copy_from`].
#[derive(Debug, Clone)]
#[must_use = "does nothing until .send() is called"]
pub struct CopyFrom {
    docker: Docker,
    inner: crate::containers::CopyFrom,
}

impl CopyFrom {
    /// Copies the path and returns its information.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when `dir` is not a directory; [`crate::Error::NotFound`] when the
    /// path does not exist in the container.
    pub fn send(self) -> Result<PathStat> {
        self.docker.block_on(self.inner.into_future())?
    }
}
