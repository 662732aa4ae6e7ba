//! The tree walk behind a directory build context, and the tar writer it feeds.
//!
//! The walk visits each directory's entries in byte order of their names (like Go's `filepath.WalkDir`),
//! decides each entry with [`DockerIgnore::match_with_parent`], skips an excluded directory unless
//! [`DockerIgnore::must_descend`] says an exception may reach into it (and then writes no entry for the
//! directory itself), and hands every kept entry to a [`Sink`].

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use bytes::Bytes;

use super::dockerignore::{DockerIgnore, ParentMatches};

/// What the walk needs: where, which rules, and the extra entries the CLI adds.
#[derive(Debug, Clone)]
pub(crate) struct WalkPlan {
    /// The context directory.
    pub(crate) root: PathBuf,
    /// The effective rules (the file's patterns, extra patterns, and the `!` rules that keep the
    /// Dockerfile and `.dockerignore`).
    pub(crate) rules: DockerIgnore,
    /// A Dockerfile added under a generated name (`.dockerfile.<hex>`), if any.
    pub(crate) injected: Option<Injected>,
    /// Write every modification time as 0.
    pub(crate) zero_mtime: bool,
}

/// A Dockerfile that is not a file inside the context.
#[derive(Debug, Clone)]
pub(crate) struct Injected {
    /// Its name in the archive (`.dockerfile.<20 hex digits>`).
    pub(crate) name: String,
    /// Its contents.
    pub(crate) contents: Bytes,
    /// The modification time for the generated entries.
    pub(crate) mtime: u64,
}

/// Receives the entries to archive, in archive order.
pub(crate) trait Sink {
    /// A directory (`name` ends with `/`).
    fn dir(&mut self, name: &[u8], meta: &Metadata, mtime: u64) -> io::Result<()>;
    /// A regular file.
    fn file(&mut self, name: &[u8], path: &Path, meta: &Metadata, mtime: u64) -> io::Result<()>;
    /// A symbolic link, stored as a link.
    fn symlink(
        &mut self,
        name: &[u8],
        target: &Path,
        meta: &Metadata,
        mtime: u64,
    ) -> io::Result<()>;
    /// A further name for a file already archived as `first`.
    fn hardlink(
        &mut self,
        name: &[u8],
        first: &[u8],
        meta: &Metadata,
        mtime: u64,
    ) -> io::Result<()>;
    /// A regular file whose contents come from memory.
    fn generated(&mut self, name: &[u8], contents: &[u8], mode: u32, mtime: u64) -> io::Result<()>;
}

/// Walks the plan's tree into `sink`, then appends the generated entries.
pub(crate) fn walk(plan: &WalkPlan, sink: &mut dyn Sink) -> io::Result<()> {
    let mut walker = Walker {
        plan,
        sink,
        links: HashMap::new(),
        dockerignore_written: false,
    };
    walker.dir(&plan.root, "", &[], &ParentMatches::default())?;
    if let Some(inj) = &plan.injected {
        walker
            .sink
            .generated(inj.name.as_bytes(), &inj.contents, 0o600, inj.mtime)?;
        if !walker.dockerignore_written {
            let text = format!(".dockerignore\n{}\n", inj.name);
            walker
                .sink
                .generated(b".dockerignore", text.as_bytes(), 0o600, inj.mtime)?;
        }
    }
    Ok(())
}

struct Walker<'a> {
    plan: &'a WalkPlan,
    sink: &'a mut dyn Sink,
    /// (device, inode) → first archived name, for files with several links.
    links: HashMap<(u64, u64), Vec<u8>>,
    dockerignore_written: bool,
}

impl Walker<'_> {
    /// Visits the entries of directory `abs`, whose path in the context is `rel` (`""` at the root) and
    /// whose archive name is `rel_raw`.
    fn dir(
        &mut self,
        abs: &Path,
        rel: &str,
        rel_raw: &[u8],
        parent: &ParentMatches,
    ) -> io::Result<()> {
        let mut entries: Vec<(OsString, fs::FileType, fs::DirEntry)> = Vec::new();
        let reader = fs::read_dir(abs).map_err(|e| dir_error(abs, e))?;
        for entry in reader {
            let entry = entry.map_err(|e| dir_error(abs, e))?;
            let kind = entry
                .file_type()
                .map_err(|e| stat_error(&entry.path(), e))?;
            entries.push((entry.file_name(), kind, entry));
        }
        entries.sort_unstable_by(|a, b| raw_name(&a.0).cmp(&raw_name(&b.0)));

        let rules = &self.plan.rules;
        let mut child_matches = Vec::new();
        for (name, kind, entry) in entries {
            let child_abs = abs.join(&name);
            let mut child_rel = String::with_capacity(rel.len() + name.len() + 1);
            let mut child_raw = Vec::with_capacity(rel_raw.len() + name.len() + 2);
            if !rel.is_empty() {
                child_rel.push_str(rel);
                child_rel.push('/');
                child_raw.extend_from_slice(rel_raw);
                child_raw.push(b'/');
            }
            child_rel.push_str(&name.to_string_lossy());
            child_raw.extend_from_slice(&raw_name(&name));

            if kind.is_dir() {
                child_matches.clear();
                child_matches.resize(rules.len(), false);
                let excluded =
                    rules.match_with_parent(&child_rel, parent, Some(&mut child_matches));
                if excluded && !rules.must_descend(&child_rel) {
                    continue;
                }
                let info = ParentMatches::from_vec(std::mem::take(&mut child_matches));
                if !excluded {
                    let meta = entry.metadata().map_err(|e| stat_error(&child_abs, e))?;
                    let mut dir_name = child_raw.clone();
                    dir_name.push(b'/');
                    self.sink.dir(&dir_name, &meta, self.mtime(&meta))?;
                }
                self.dir(&child_abs, &child_rel, &child_raw, &info)?;
                continue;
            }
            if rules.match_with_parent(&child_rel, parent, None) {
                continue;
            }
            if !(kind.is_file() || kind.is_symlink()) {
                // Sockets, FIFOs and devices are not sent.
                continue;
            }
            let meta = entry.metadata().map_err(|e| stat_error(&child_abs, e))?;
            let mtime = self.mtime(&meta);
            if kind.is_symlink() {
                let target = fs::read_link(&child_abs).map_err(|e| stat_error(&child_abs, e))?;
                self.sink.symlink(&child_raw, &target, &meta, mtime)?;
            } else if rel.is_empty()
                && child_raw == b".dockerignore"
                && self.plan.injected.is_some()
            {
                self.rewrite_dockerignore(&child_abs, &meta, mtime)?;
            } else if let Some(first) = self.first_link(&meta, &child_raw) {
                self.sink.hardlink(&child_raw, &first, &meta, mtime)?;
            } else {
                self.sink.file(&child_raw, &child_abs, &meta, mtime)?;
            }
        }
        Ok(())
    }

    fn mtime(&self, meta: &Metadata) -> u64 {
        if self.plan.zero_mtime {
            0
        } else {
            mtime_of(meta)
        }
    }

    /// The CLI appends the generated Dockerfile's name to the archived `.dockerignore`, so the daemon
    /// leaves that file out of what `COPY . …` sees.
    fn rewrite_dockerignore(&mut self, path: &Path, meta: &Metadata, mtime: u64) -> io::Result<()> {
        let Some(inj) = &self.plan.injected else {
            return Ok(());
        };
        let mut text = fs::read(path).map_err(|e| read_error(path, e))?;
        text.extend_from_slice(format!("\n{}\n", inj.name).as_bytes());
        self.sink
            .generated(b".dockerignore", &text, mode_of(meta), mtime)?;
        self.dockerignore_written = true;
        Ok(())
    }

    /// For a file with several hard links, the name it was first archived under (and records `name`
    /// as the first one otherwise).
    #[cfg(unix)]
    fn first_link(&mut self, meta: &Metadata, name: &[u8]) -> Option<Vec<u8>> {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() <= 1 {
            return None;
        }
        let key = (meta.dev(), meta.ino());
        if let Some(first) = self.links.get(&key) {
            return Some(first.clone());
        }
        self.links.insert(key, name.to_vec());
        None
    }

    #[cfg(not(unix))]
    fn first_link(&mut self, _meta: &Metadata, _name: &[u8]) -> Option<Vec<u8>> {
        None
    }
}

#[cfg(unix)]
fn raw_name(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(name.as_bytes())
}

#[cfg(not(unix))]
fn raw_name(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    match name.to_string_lossy() {
        std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
    }
}

/// The archive name as a path for the `tar` crate.
#[cfg(unix)]
fn name_path(name: &[u8]) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(OsStr::from_bytes(name))
}

#[cfg(not(unix))]
fn name_path(name: &[u8]) -> &Path {
    Path::new(std::str::from_utf8(name).unwrap_or("invalid-name"))
}

/// Whole seconds since the epoch (times before it become 0).
fn mtime_of(meta: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.mtime().max(0) as u64
    }
    #[cfg(not(unix))]
    {
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs())
    }
}

/// Permission bits plus set-uid, set-gid and sticky.
fn mode_of(meta: &Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        if meta.is_dir() {
            0o755
        } else if meta.permissions().readonly() {
            0o444
        } else {
            0o644
        }
    }
}

fn dir_error(path: &Path, e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::PermissionDenied {
        io::Error::new(e.kind(), format!("can't stat '{}'", path.display()))
    } else {
        io::Error::new(
            e.kind(),
            format!("cannot list directory '{}': {e}", path.display()),
        )
    }
}

fn stat_error(path: &Path, e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::PermissionDenied {
        io::Error::new(e.kind(), format!("can't stat '{}'", path.display()))
    } else {
        io::Error::new(e.kind(), format!("cannot stat '{}': {e}", path.display()))
    }
}

pub(crate) fn read_error(path: &Path, e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::PermissionDenied {
        io::Error::new(
            e.kind(),
            format!("no permission to read from '{}'", path.display()),
        )
    } else {
        io::Error::new(e.kind(), format!("cannot read '{}': {e}", path.display()))
    }
}

/// Collects the archive names, for [`super::BuildContext::included_paths`].
#[derive(Default)]
pub(crate) struct NameList {
    pub(crate) names: Vec<String>,
}

impl NameList {
    fn push(&mut self, name: &[u8]) {
        self.names.push(String::from_utf8_lossy(name).into_owned());
    }
}

impl Sink for NameList {
    fn dir(&mut self, name: &[u8], _: &Metadata, _: u64) -> io::Result<()> {
        self.push(name);
        Ok(())
    }
    fn file(&mut self, name: &[u8], _: &Path, _: &Metadata, _: u64) -> io::Result<()> {
        self.push(name);
        Ok(())
    }
    fn symlink(&mut self, name: &[u8], _: &Path, _: &Metadata, _: u64) -> io::Result<()> {
        self.push(name);
        Ok(())
    }
    fn hardlink(&mut self, name: &[u8], _: &[u8], _: &Metadata, _: u64) -> io::Result<()> {
        self.push(name);
        Ok(())
    }
    fn generated(&mut self, name: &[u8], _: &[u8], _: u32, _: u64) -> io::Result<()> {
        self.push(name);
        Ok(())
    }
}

/// Writes the entries as a tar archive: owner 0:0 with empty owner names, the file's mode and
/// modification time, GNU long-name records for names past 100 bytes.
pub(crate) struct TarSink<W: Write> {
    builder: tar::Builder<W>,
}

impl<W: Write> TarSink<W> {
    pub(crate) fn new(out: W) -> Self {
        TarSink {
            builder: tar::Builder::new(out),
        }
    }

    /// Writes the end-of-archive blocks and returns the writer.
    pub(crate) fn finish(self) -> io::Result<W> {
        self.builder.into_inner()
    }
}

fn header(kind: tar::EntryType, mode: u32, mtime: u64, size: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(kind);
    h.set_mode(mode);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(mtime);
    h.set_size(size);
    h
}

impl<W: Write> Sink for TarSink<W> {
    fn dir(&mut self, name: &[u8], meta: &Metadata, mtime: u64) -> io::Result<()> {
        let mut h = header(tar::EntryType::Directory, mode_of(meta), mtime, 0);
        self.builder
            .append_data(&mut h, name_path(name), io::empty())
    }

    fn file(&mut self, name: &[u8], path: &Path, meta: &Metadata, mtime: u64) -> io::Result<()> {
        let file = File::open(path).map_err(|e| read_error(path, e))?;
        let size = meta.len();
        let mut h = header(tar::EntryType::Regular, mode_of(meta), mtime, size);
        let body = ExactReader {
            inner: file,
            left: size,
            path,
        };
        self.builder.append_data(&mut h, name_path(name), body)
    }

    fn symlink(
        &mut self,
        name: &[u8],
        target: &Path,
        meta: &Metadata,
        mtime: u64,
    ) -> io::Result<()> {
        let mut h = header(tar::EntryType::Symlink, mode_of(meta), mtime, 0);
        self.builder.append_link(&mut h, name_path(name), target)
    }

    fn hardlink(
        &mut self,
        name: &[u8],
        first: &[u8],
        meta: &Metadata,
        mtime: u64,
    ) -> io::Result<()> {
        let mut h = header(tar::EntryType::Link, mode_of(meta), mtime, 0);
        self.builder
            .append_link(&mut h, name_path(name), name_path(first))
    }

    fn generated(&mut self, name: &[u8], contents: &[u8], mode: u32, mtime: u64) -> io::Result<()> {
        let mut h = header(tar::EntryType::Regular, mode, mtime, contents.len() as u64);
        self.builder.append_data(&mut h, name_path(name), contents)
    }
}

/// Reads exactly the size recorded in the header, so a file that shrinks while it is read gives an
/// error instead of a corrupt archive (growth past the recorded size is not sent).
struct ExactReader<'a> {
    inner: File,
    left: u64,
    path: &'a Path,
}

impl Read for ExactReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self
            .inner
            .read(&mut buf[..want])
            .map_err(|e| read_error(self.path, e))?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "'{}' shrank while the build context was being written; retry once nothing is changing it",
                    self.path.display()
                ),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_shrinks_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"abc").unwrap();
        let mut reader = ExactReader {
            inner: File::open(&path).unwrap(),
            left: 10,
            path: &path,
        };
        let mut out = Vec::new();
        let err = reader.read_to_end(&mut out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert_eq!(out, b"abc");

        let mut reader = ExactReader {
            inner: File::open(&path).unwrap(),
            left: 2,
            path: &path,
        };
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"ab");
    }

    #[test]
    fn read_errors_read_like_the_cli() {
        let e = read_error(
            Path::new("/ctx/secret"),
            io::ErrorKind::PermissionDenied.into(),
        );
        assert_eq!(e.to_string(), "no permission to read from '/ctx/secret'");
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        let e = dir_error(
            Path::new("/ctx/locked"),
            io::ErrorKind::PermissionDenied.into(),
        );
        assert_eq!(e.to_string(), "can't stat '/ctx/locked'");
        let e = read_error(Path::new("/ctx/x"), io::ErrorKind::Other.into());
        assert!(e.to_string().starts_with("cannot read '/ctx/x': "), "{e}");
    }
}
