//! [`BuildContext`]: what to send as the body of an image build, and how.

use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use tokio::io::AsyncRead;

use super::dockerignore::DockerIgnore;
use super::stream::{ContextStream, Job};
use super::walk::{self, Injected, NameList, WalkPlan};
use crate::{Error, Result};

/// The build context of an image build: a directory archived on the fly with the Docker CLI's
/// `.dockerignore` rules, or an archive the caller already has.
///
/// A directory context is archived like `docker build` does it: `.dockerignore` in the directory (or the
/// rules given here) decides what is left out; the Dockerfile and `.dockerignore` are always sent, since
/// the daemon reads them; owners are root (0:0) with empty owner names; modes and modification times
/// come from the files; symbolic links are stored as links; sockets, FIFOs and devices are left out. The
/// archive is written while the tree is walked and streamed in chunks: no temporary file, and never the
/// whole context in memory.
///
/// A Dockerfile outside the directory, or given as text, is added to the archive under a generated name
/// (`.dockerfile.<20 hex digits>`, mode 0600) that is also appended to the archived `.dockerignore`, so the
/// daemon keeps it out of `COPY . …`. [`PreparedContext::dockerfile`] gives the name to pass as the
/// build's `dockerfile` parameter.
///
/// ```
/// use docker_sdk::build::BuildContext;
///
/// let dir = std::env::temp_dir().join(format!("ctx-doc-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("target"))?;
/// std::fs::write(dir.join("Dockerfile"), "FROM scratch\nCOPY . /app\n")?;
/// std::fs::write(dir.join("main.rs"), "fn main() {}\n")?;
/// std::fs::write(dir.join("target/app"), "binary")?;
/// std::fs::write(dir.join(".dockerignore"), "target\n")?;
///
/// let ctx = BuildContext::from_dir(&dir).prepare()?;
/// assert_eq!(ctx.dockerfile(), Some("Dockerfile"));
/// assert_eq!(ctx.included_paths()?, [".dockerignore", "Dockerfile", "main.rs"]);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[must_use = "a build context does nothing until it is streamed"]
pub struct BuildContext {
    source: Source,
    dockerfile: Option<PathBuf>,
    dockerfile_contents: Option<Bytes>,
    ignore: IgnoreSource,
    extra: Vec<String>,
    gzip: bool,
    zero_mtime: bool,
}

enum Source {
    Dir(PathBuf),
    Reader(Pin<Box<dyn AsyncRead + Send>>),
    Bytes(Bytes),
}

#[derive(Clone)]
enum IgnoreSource {
    /// `<context>/.dockerignore`, if it exists.
    ContextFile,
    /// Another file.
    File(PathBuf),
    /// Rules given directly.
    Rules(DockerIgnore),
}

impl BuildContext {
    /// A directory to archive.
    ///
    /// Nothing is read until [`BuildContext::prepare`], [`BuildContext::into_stream`] or
    /// [`BuildContext::included_paths`].
    pub fn from_dir(dir: impl AsRef<Path>) -> Self {
        BuildContext::new(Source::Dir(dir.as_ref().to_path_buf()))
    }

    /// An archive the caller produces: a tar, optionally compressed (gzip, bzip2 or xz, which the daemon
    /// detects). It is sent unchanged.
    pub fn from_reader<R>(reader: R) -> Self
    where
        R: AsyncRead + Send + 'static,
    {
        BuildContext::new(Source::Reader(Box::pin(reader)))
    }

    /// An archive already in memory (a tar, optionally compressed), sent unchanged.
    ///
    /// ```
    /// use docker_sdk::build::BuildContext;
    ///
    /// let ctx = BuildContext::from_tar_bytes(vec![0u8; 1024]).dockerfile("build/Dockerfile").prepare()?;
    /// assert_eq!(ctx.dockerfile(), Some("build/Dockerfile"));
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    pub fn from_tar_bytes(tar: impl Into<Bytes>) -> Self {
        BuildContext::new(Source::Bytes(tar.into()))
    }

    fn new(source: Source) -> Self {
        BuildContext {
            source,
            dockerfile: None,
            dockerfile_contents: None,
            ignore: IgnoreSource::ContextFile,
            extra: Vec::new(),
            gzip: false,
            zero_mtime: false,
        }
    }

    /// The Dockerfile, if it is not `Dockerfile` at the top of the context.
    ///
    /// For a directory context, a relative path is relative to the context directory. A path outside
    /// the directory (`../Dockerfile`, or an absolute path elsewhere) is read and added to the archive
    /// under a generated name, like `docker build -f` does. For an archive, the path names a file inside
    /// the archive and is only passed on to the daemon.
    pub fn dockerfile(mut self, path: impl AsRef<Path>) -> Self {
        self.dockerfile = Some(path.as_ref().to_path_buf());
        self
    }

    /// The Dockerfile's text, combined with the directory context (added under a generated name, like
    /// `docker build -f - <dir>`). Directory contexts only.
    pub fn dockerfile_contents(mut self, contents: impl Into<Bytes>) -> Self {
        self.dockerfile_contents = Some(contents.into());
        self
    }

    /// Reads the ignore rules from this file instead of the context's `.dockerignore` (which, if it
    /// exists, is still sent). Directory contexts only.
    pub fn ignore_file(mut self, path: impl AsRef<Path>) -> Self {
        self.ignore = IgnoreSource::File(path.as_ref().to_path_buf());
        self
    }

    /// Uses these rules instead of the context's `.dockerignore`. Directory contexts only.
    pub fn ignore(mut self, rules: DockerIgnore) -> Self {
        self.ignore = IgnoreSource::Rules(rules);
        self
    }

    /// Appends patterns after the ignore file's, each read like one line of a `.dockerignore` (so they
    /// take precedence, and `!` re-includes). Directory contexts only.
    pub fn exclude<I, S>(mut self, patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.extra
            .extend(patterns.into_iter().map(|p| p.as_ref().to_string()));
        self
    }

    /// Compresses the archive with gzip (`docker build --compress`): fewer bytes on a slow link, more
    /// CPU. Off by default. Directory contexts only.
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }

    /// Writes every modification time as 0 (1970-01-01), so the archive depends only on names, modes
    /// and contents. Off by default: like the CLI, the files' own times are sent. Directory contexts
    /// only.
    pub fn deterministic_mtime(mut self, on: bool) -> Self {
        self.zero_mtime = on;
        self
    }

    /// Checks the options, finds the Dockerfile and compiles the ignore rules, without archiving
    /// anything yet.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] if the directory does not exist, the named Dockerfile cannot be found,
    /// a pattern is malformed, or an option does not apply to an archive context; [`Error::Io`] if an
    /// ignore file or a Dockerfile outside the context cannot be read.
    pub fn prepare(self) -> Result<PreparedContext> {
        let BuildContext {
            source,
            dockerfile,
            dockerfile_contents,
            ignore,
            extra,
            gzip,
            zero_mtime,
        } = self;
        let root = match source {
            Source::Dir(root) => root,
            Source::Reader(_) | Source::Bytes(_) => {
                let misplaced = [
                    (dockerfile_contents.is_some(), "dockerfile_contents"),
                    (!matches!(ignore, IgnoreSource::ContextFile), "ignore rules"),
                    (!extra.is_empty(), "exclude"),
                    (gzip, "gzip"),
                    (zero_mtime, "deterministic_mtime"),
                ];
                if let Some((_, what)) = misplaced.iter().find(|(set, _)| *set) {
                    return Err(Error::invalid(format!(
                        "{what} only applies to a directory build context; an archive given as bytes or a reader is sent unchanged"
                    )));
                }
                let kind = match source {
                    Source::Reader(r) => Kind::Reader(r),
                    Source::Bytes(b) => Kind::Bytes(b),
                    Source::Dir(_) => unreachable!("handled above"),
                };
                return Ok(PreparedContext {
                    kind,
                    dockerfile: dockerfile.map(|p| slash_path(&p)),
                });
            }
        };

        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(Error::invalid(format!(
                    "build context {} is not a directory; give a directory, or an archive with BuildContext::from_reader",
                    root.display()
                )))
            }
            Err(e) => {
                return Err(Error::invalid(format!(
                    "build context directory {} cannot be read: {e}",
                    root.display()
                )))
            }
        }

        let mtime_now = if zero_mtime { 0 } else { now_secs() };
        let (dockerfile_name, injected) =
            match resolve_dockerfile(&root, dockerfile.as_deref(), dockerfile_contents)? {
                Dockerfile::Inside(rel) => (rel, None),
                Dockerfile::Injected(contents) => {
                    let name = format!(".dockerfile.{}", random_hex(20));
                    let inj = Injected {
                        name: name.clone(),
                        contents,
                        mtime: mtime_now,
                    };
                    (name, Some(inj))
                }
            };

        let mut rules = match ignore {
            IgnoreSource::ContextFile => match std::fs::read(root.join(".dockerignore")) {
                Ok(text) => DockerIgnore::parse(&String::from_utf8_lossy(&text))?,
                Err(e) if e.kind() == io::ErrorKind::NotFound => DockerIgnore::default(),
                Err(e) => return Err(walk::read_error(&root.join(".dockerignore"), e).into()),
            },
            IgnoreSource::File(path) => {
                let text = std::fs::read(&path).map_err(|e| walk::read_error(&path, e))?;
                DockerIgnore::parse(&String::from_utf8_lossy(&text))?
            }
            IgnoreSource::Rules(rules) => rules,
        };
        for line in &extra {
            if let Some(p) = super::dockerignore::normalize_line(line) {
                rules.push(&p)?;
            }
        }
        // Like the CLI: keep the files the daemon needs even if the rules exclude them.
        if rules.legacy_matches(".dockerignore") {
            rules.push("!.dockerignore")?;
        }
        if injected.is_none() && rules.legacy_matches(&dockerfile_name) {
            rules.push(&format!("!{dockerfile_name}"))?;
        }

        Ok(PreparedContext {
            kind: Kind::Dir {
                plan: WalkPlan {
                    root,
                    rules,
                    injected,
                    zero_mtime,
                },
                gzip,
            },
            dockerfile: Some(dockerfile_name),
        })
    }

    /// The names the archive would hold, in archive order (directories end with `/`), without reading
    /// any file's contents: a dry run of [`BuildContext::into_stream`]. The generated Dockerfile name,
    /// if any, differs from one call to the next.
    ///
    /// # Errors
    ///
    /// Those of [`BuildContext::prepare`], [`Error::InvalidArgument`] for an archive context, and
    /// [`Error::Io`] if a directory cannot be listed.
    pub fn included_paths(&self) -> Result<Vec<String>> {
        let Source::Dir(dir) = &self.source else {
            return Err(Error::invalid(
                "included_paths needs a directory build context; an archive context is sent as it is",
            ));
        };
        let copy = BuildContext {
            source: Source::Dir(dir.clone()),
            dockerfile: self.dockerfile.clone(),
            dockerfile_contents: self.dockerfile_contents.clone(),
            ignore: self.ignore.clone(),
            extra: self.extra.clone(),
            gzip: self.gzip,
            zero_mtime: self.zero_mtime,
        };
        copy.prepare()?.included_paths()
    }

    /// The archive as a stream of chunks (see [`ContextStream`]). An error from
    /// [`BuildContext::prepare`] becomes the stream's only item; call `prepare` first to get it as a
    /// [`crate::Error`] (and the `dockerfile` parameter to send).
    pub fn into_stream(self) -> ContextStream {
        match self.prepare() {
            Ok(prepared) => prepared.into_stream(),
            Err(e) => ContextStream::failed(into_io(e)),
        }
    }
}

impl fmt::Debug for BuildContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Dir(p) => format!("dir {}", p.display()),
            Source::Reader(_) => "reader".to_string(),
            Source::Bytes(b) => format!("{} bytes", b.len()),
        };
        f.debug_struct("BuildContext")
            .field("source", &source)
            .field("dockerfile", &self.dockerfile)
            .field(
                "dockerfile_contents",
                &self.dockerfile_contents.as_ref().map(Bytes::len),
            )
            .field("extra", &self.extra)
            .field("gzip", &self.gzip)
            .field("deterministic_mtime", &self.zero_mtime)
            .finish_non_exhaustive()
    }
}

/// A [`BuildContext`] whose options were checked and whose Dockerfile and rules are known; made by
/// [`BuildContext::prepare`].
pub struct PreparedContext {
    kind: Kind,
    dockerfile: Option<String>,
}

enum Kind {
    Dir { plan: WalkPlan, gzip: bool },
    Reader(Pin<Box<dyn AsyncRead + Send>>),
    Bytes(Bytes),
}

impl PreparedContext {
    /// The value for the build's `dockerfile` parameter: the Dockerfile's path inside the archive with
    /// `/` separators (`Dockerfile`, `docker/app.Dockerfile`, or a generated `.dockerfile.<hex>`). `None`
    /// for an archive context with no Dockerfile named, where the daemon looks for `Dockerfile`.
    pub fn dockerfile(&self) -> Option<&str> {
        self.dockerfile.as_deref()
    }

    /// True if the stream is gzip-compressed by this crate.
    pub fn is_gzip(&self) -> bool {
        matches!(self.kind, Kind::Dir { gzip: true, .. })
    }

    /// The effective ignore rules of a directory context, including the `!` rules added to keep the
    /// Dockerfile and `.dockerignore`.
    pub fn rules(&self) -> Option<&DockerIgnore> {
        match &self.kind {
            Kind::Dir { plan, .. } => Some(&plan.rules),
            _ => None,
        }
    }

    /// The names the archive will hold, in archive order (directories end with `/`), without reading
    /// any file's contents.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an archive context; [`Error::Io`] if a directory cannot be listed.
    pub fn included_paths(&self) -> Result<Vec<String>> {
        match &self.kind {
            Kind::Dir { plan, .. } => {
                let mut list = NameList::default();
                walk::walk(plan, &mut list)?;
                Ok(list.names)
            }
            _ => Err(Error::invalid(
                "included_paths needs a directory build context; an archive context is sent as it is",
            )),
        }
    }

    /// The archive as a stream of chunks; see [`ContextStream`].
    pub fn into_stream(self) -> ContextStream {
        match self.kind {
            Kind::Dir { plan, gzip } => ContextStream::walk(Job { plan, gzip }),
            Kind::Reader(r) => ContextStream::reader(r),
            Kind::Bytes(b) => ContextStream::bytes(b),
        }
    }
}

impl fmt::Debug for PreparedContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("PreparedContext");
        match &self.kind {
            Kind::Dir { plan, gzip } => d
                .field("root", &plan.root)
                .field("rules", &plan.rules)
                .field("gzip", gzip),
            Kind::Reader(_) => d.field("source", &"reader"),
            Kind::Bytes(b) => d.field("source", &format!("{} bytes", b.len())),
        };
        d.field("dockerfile", &self.dockerfile).finish()
    }
}

enum Dockerfile {
    /// A file inside the context, by its `/`-separated relative path.
    Inside(String),
    /// Contents to add under a generated name.
    Injected(Bytes),
}

fn resolve_dockerfile(
    root: &Path,
    given: Option<&Path>,
    contents: Option<Bytes>,
) -> Result<Dockerfile> {
    match (given, contents) {
        (Some(_), Some(_)) => Err(Error::invalid(
            "both dockerfile() and dockerfile_contents() were given; use one of them",
        )),
        (None, Some(contents)) => Ok(Dockerfile::Injected(contents)),
        (None, None) => {
            // Like the CLI: `Dockerfile`, else `dockerfile`. If neither exists the daemon reports it.
            let lower_only = std::fs::symlink_metadata(root.join("Dockerfile")).is_err()
                && std::fs::symlink_metadata(root.join("dockerfile")).is_ok();
            let name = if lower_only {
                "dockerfile"
            } else {
                "Dockerfile"
            };
            Ok(Dockerfile::Inside(name.to_string()))
        }
        (Some(given), None) => {
            let path = if given.is_absolute() {
                given.to_path_buf()
            } else {
                root.join(given)
            };
            let not_found = |e: io::Error| {
                Error::invalid(format!(
                    "cannot locate the specified Dockerfile {}: {e}",
                    path.display()
                ))
            };
            let real = std::fs::canonicalize(&path).map_err(not_found)?;
            let real_root = std::fs::canonicalize(root).map_err(Error::Io)?;
            match real.strip_prefix(&real_root) {
                Ok(rel) if rel.components().next().is_some() => {
                    Ok(Dockerfile::Inside(slash_path(rel)))
                }
                _ => {
                    let contents = std::fs::read(&real).map_err(|e| walk::read_error(&path, e))?;
                    Ok(Dockerfile::Injected(Bytes::from(contents)))
                }
            }
        }
    }
}

/// A relative path with `/` separators, cleaned.
fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    super::pattern::clean(&parts.join("/"))
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `n` lowercase hex digits that differ between calls and processes (not for secrets).
fn random_hex(n: usize) -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut out = String::with_capacity(n + 16);
    let mut round = 0u64;
    while out.len() < n {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u64(round);
        h.write_u32(std::process::id());
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        out.push_str(&format!("{:016x}", h.finish()));
        round += 1;
    }
    out.truncate(n);
    out
}

fn into_io(e: Error) -> io::Error {
    match e {
        Error::Io(io) => io,
        other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
    }
}

#[cfg(test)]
mod tests;
