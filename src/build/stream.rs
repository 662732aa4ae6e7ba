//! The byte stream of a build context: produced on a blocking thread while the tree is walked, handed
//! over in chunks through a bounded channel, so memory stays flat whatever the context's size.

use std::fmt;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::io::AsyncRead;
use tokio::sync::mpsc;
use tokio_util::io::ReaderStream;

use super::walk::{self, TarSink, WalkPlan};
use crate::Error;

/// Size of the chunks the stream yields.
pub(crate) const CHUNK: usize = 64 * 1024;
/// Chunks that may wait in the channel before the writer blocks.
const QUEUE: usize = 16;

/// The archive of a build context as a stream of byte chunks, ready to be sent as a request body.
///
/// For a directory context, nothing happens until the stream is first polled; the tree is then walked
/// and archived on a blocking thread, at most about 1 MiB ahead of the consumer. Dropping the stream
/// stops the walk. An error (an unreadable file, say) is yielded as the stream's last item and is also
/// kept in the [`ContextStatus`], so a caller whose HTTP request failed because its body failed can
/// report the real cause.
///
/// Made by [`BuildContext::into_stream`](super::BuildContext::into_stream) or
/// [`PreparedContext::into_stream`](super::PreparedContext::into_stream).
pub struct ContextStream {
    state: State,
    status: ContextStatus,
}

enum State {
    /// A directory context that has not been polled yet.
    Pending(Option<Box<Job>>),
    /// The walk is running; chunks arrive here.
    Running(mpsc::Receiver<io::Result<Bytes>>),
    /// A caller-supplied archive.
    Reader(ReaderStream<Pin<Box<dyn AsyncRead + Send>>>),
    /// An in-memory archive.
    Once(Option<Bytes>),
    /// Preparation failed; this error is the only item.
    Failed(Option<io::Error>),
    Done,
}

/// What the blocking thread runs.
pub(crate) struct Job {
    pub(crate) plan: WalkPlan,
    pub(crate) gzip: bool,
}

impl ContextStream {
    pub(crate) fn walk(job: Job) -> Self {
        ContextStream::with_state(State::Pending(Some(Box::new(job))))
    }

    pub(crate) fn reader(reader: Pin<Box<dyn AsyncRead + Send>>) -> Self {
        ContextStream::with_state(State::Reader(ReaderStream::with_capacity(reader, CHUNK)))
    }

    pub(crate) fn bytes(bytes: Bytes) -> Self {
        ContextStream::with_state(State::Once(Some(bytes)))
    }

    pub(crate) fn failed(err: io::Error) -> Self {
        let stream = ContextStream::with_state(State::Failed(None));
        stream.status.fail(&err);
        stream.status.finish();
        ContextStream {
            state: State::Failed(Some(err)),
            ..stream
        }
    }

    fn with_state(state: State) -> Self {
        ContextStream {
            state,
            status: ContextStatus::default(),
        }
    }

    /// A handle that reports, from anywhere, how far the stream got and how it ended.
    pub fn status(&self) -> ContextStatus {
        self.status.clone()
    }

    fn start(&mut self, job: Job) -> mpsc::Receiver<io::Result<Bytes>> {
        let (tx, rx) = mpsc::channel(QUEUE);
        let status = self.status.clone();
        let task = move || run(job, tx, status);
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn_blocking(task);
            }
            Err(_) => {
                let spawned = std::thread::Builder::new()
                    .name("docker-build-context".into())
                    .spawn(task);
                if let Err(e) = spawned {
                    // The closure (and its sender) is gone, so the receiver will end; say why.
                    self.status.fail(&e);
                    self.status.finish();
                }
            }
        }
        rx
    }
}

impl Stream for ContextStream {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                State::Pending(job) => {
                    let job = job.take().expect("a pending stream holds its job");
                    let rx = this.start(*job);
                    this.state = State::Running(rx);
                }
                State::Running(rx) => {
                    return match rx.poll_recv(cx) {
                        Poll::Pending => Poll::Pending,
                        Poll::Ready(Some(item)) => Poll::Ready(Some(item)),
                        Poll::Ready(None) => {
                            this.state = State::Done;
                            Poll::Ready(None)
                        }
                    };
                }
                State::Reader(reader) => {
                    return match Pin::new(reader).poll_next(cx) {
                        Poll::Pending => Poll::Pending,
                        Poll::Ready(Some(Ok(chunk))) => {
                            this.status.add_bytes(chunk.len());
                            Poll::Ready(Some(Ok(chunk)))
                        }
                        Poll::Ready(Some(Err(e))) => {
                            this.status.fail(&e);
                            this.status.finish();
                            this.state = State::Done;
                            Poll::Ready(Some(Err(e)))
                        }
                        Poll::Ready(None) => {
                            this.status.finish();
                            this.state = State::Done;
                            Poll::Ready(None)
                        }
                    };
                }
                State::Once(bytes) => {
                    return match bytes.take() {
                        Some(b) => {
                            this.status.add_bytes(b.len());
                            this.status.finish();
                            Poll::Ready(Some(Ok(b)))
                        }
                        None => {
                            this.state = State::Done;
                            Poll::Ready(None)
                        }
                    };
                }
                State::Failed(err) => {
                    let err = err.take();
                    this.state = State::Done;
                    return Poll::Ready(err.map(Err));
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

impl fmt::Debug for ContextStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Pending(_) => "pending",
            State::Running(_) => "running",
            State::Reader(_) => "reader",
            State::Once(_) => "bytes",
            State::Failed(_) => "failed",
            State::Done => "done",
        };
        f.debug_struct("ContextStream")
            .field("state", &state)
            .field("status", &self.status)
            .finish()
    }
}

/// Progress and outcome of a [`ContextStream`], readable from another task or thread.
///
/// ```
/// # async fn demo() -> docker_sdk::Result<()> {
/// use docker_sdk::build::BuildContext;
/// use futures_util::StreamExt;
///
/// let dir = std::env::temp_dir().join(format!("status-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("Dockerfile"), "FROM scratch\n")?;
/// let mut stream = BuildContext::from_dir(&dir).into_stream();
/// let status = stream.status();
/// while let Some(chunk) = stream.next().await {
///     chunk?;
/// }
/// assert!(status.is_finished());
/// assert!(status.error().is_none());
/// assert_eq!(status.bytes() % 512, 0); // whole tar blocks
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(()) }
/// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
/// ```
#[derive(Clone, Default)]
pub struct ContextStatus {
    inner: Arc<StatusInner>,
}

#[derive(Default)]
struct StatusInner {
    finished: AtomicBool,
    bytes: AtomicU64,
    error: Mutex<Option<(io::ErrorKind, String)>>,
}

impl ContextStatus {
    /// True once the archive has been fully produced, or production stopped (on an error, or because the
    /// stream was dropped).
    pub fn is_finished(&self) -> bool {
        self.inner.finished.load(Ordering::Acquire)
    }

    /// The number of bytes handed to the stream so far.
    pub fn bytes(&self) -> u64 {
        self.inner.bytes.load(Ordering::Relaxed)
    }

    /// The error that stopped the archive, if one did (as [`Error::Io`], whose message names the path).
    pub fn error(&self) -> Option<Error> {
        let guard = self.inner.error.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .map(|(kind, msg)| Error::Io(io::Error::new(*kind, msg.clone())))
    }

    fn add_bytes(&self, n: usize) {
        self.inner.bytes.fetch_add(n as u64, Ordering::Relaxed);
    }

    fn fail(&self, e: &io::Error) {
        let mut guard = self.inner.error.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some((e.kind(), e.to_string()));
        }
    }

    fn finish(&self) {
        self.inner.finished.store(true, Ordering::Release);
    }
}

impl fmt::Debug for ContextStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContextStatus")
            .field("finished", &self.is_finished())
            .field("bytes", &self.bytes())
            .field("error", &self.error().map(|e| e.to_string()))
            .finish()
    }
}

/// The blocking side: walk, archive, send.
fn run(job: Job, tx: mpsc::Sender<io::Result<Bytes>>, status: ContextStatus) {
    let writer = ChunkWriter::new(tx.clone(), status.clone());
    let result = if job.gzip {
        let gz = flate2::write::GzEncoder::new(writer, flate2::Compression::default());
        write_archive(&job.plan, gz).and_then(|gz| gz.finish())
    } else {
        write_archive(&job.plan, writer)
    }
    .and_then(ChunkWriter::finish);
    match result {
        Ok(()) => status.finish(),
        Err(_) if tx.is_closed() => status.finish(),
        Err(e) => {
            // Record first, so the status is final by the time the consumer sees the error.
            status.fail(&e);
            status.finish();
            let _ = tx.blocking_send(Err(e));
        }
    }
}

fn write_archive<W: Write>(plan: &WalkPlan, out: W) -> io::Result<W> {
    let mut sink = TarSink::new(out);
    walk::walk(plan, &mut sink)?;
    sink.finish()
}

/// Batches writes into chunks of about [`CHUNK`] bytes and sends each full chunk down the channel,
/// waiting while the channel is full. Fails once the receiving stream is dropped, which stops the walk.
pub(crate) struct ChunkWriter {
    buf: BytesMut,
    tx: mpsc::Sender<io::Result<Bytes>>,
    status: ContextStatus,
}

impl ChunkWriter {
    fn new(tx: mpsc::Sender<io::Result<Bytes>>, status: ContextStatus) -> Self {
        ChunkWriter {
            buf: BytesMut::with_capacity(CHUNK + CHUNK / 4),
            tx,
            status,
        }
    }

    fn send(&mut self) -> io::Result<()> {
        let full = std::mem::replace(&mut self.buf, BytesMut::with_capacity(CHUNK + CHUNK / 4));
        let len = full.len();
        self.tx.blocking_send(Ok(full.freeze())).map_err(|_| {
            io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the build context stream was dropped before the archive was complete",
            )
        })?;
        self.status.add_bytes(len);
        Ok(())
    }

    /// Sends what is left.
    fn finish(mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
