//! The HTTP/1.1 connection pool: connections driven by the task that uses them.
//!
//! hyper-util's pooled client spawns one task per connection, so every request, every response head and
//! every body chunk crosses from the connection task to the caller's task through channels — on a
//! multi-thread runtime, often from one worker thread to another. This pool instead keeps hyper's
//! `(SendRequest, Connection)` pairs itself and lets the **caller's task poll the connection**:
//!
//! - a request checks out an idle connection of the pool (or dials one), hands the request to it and polls
//!   the connection and the response future together until the response head arrived;
//! - the response body ([`PooledBody`]) keeps the connection and polls it whenever the body is polled, so the
//!   bytes go from the socket to the caller's decoder without a task switch;
//! - once the body was read to its end, the connection goes back to the pool (if it is still
//!   usable and the pool has room); a body dropped early closes its connection, so nothing half-read is
//!   ever reused;
//! - upgrade requests (attach, exec) switch the connection to hyper's upgradeable mode and are never
//!   pooled again.
//!
//! Wake-ups: hyper's connection talks to the response future and the body through channels that wake
//! whoever registered last. Both ends are polled by the same task here, so each of those notifications
//! would only reschedule the task that is already running (on a multi-thread runtime, a rescheduled task
//! also rouses an idle worker that may steal it). [`WakeFilter`] sits between hyper and the task's waker: a
//! wake-up that happens while the task is polling the connection only makes it poll once more; a wake-up
//! from outside (the socket became readable) reaches the task as usual.
//!
//! A connection's socket is registered with the runtime it was dialed on, so a pool belongs to one
//! runtime (see [`super::runtime`]): the client keeps one pool per runtime and never hands a connection
//! to another runtime's caller.
//!
//! Stale connections: the daemon may have closed an idle connection. The connection is polled together with
//! the new request, and if it turns out closed before the request was written, hyper gives the request
//! back and it goes out on another connection. If the close is only noticed after the request was written
//! (the reactor had not seen it yet), only a bodiless `GET` or `HEAD` is sent again; anything else fails
//! rather than risk running twice. Idle connections are closed after [`IDLE_TIMEOUT`] by a small reaper
//! task on the pool's runtime (and when found expired at checkout).

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::task::AtomicWaker;
use hyper::body::{Body as _, Frame, Incoming, SizeHint};
use hyper::client::conn::http1;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

use super::{Conn, Dial};
use crate::api::Body;
use crate::error::Error;

/// How long an unused connection stays open.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// How often the task loops over the connection because of its own notifications before it yields to the
/// scheduler (a busy connection must not starve the other tasks of its worker).
const MAX_SPINS: usize = 16;

type H1Connection = http1::Connection<TokioIo<Conn>, Body>;
type Upgrading = Pin<Box<dyn Future<Output = hyper::Result<()>> + Send>>;

/// Why a request failed.
#[derive(Debug)]
pub(crate) enum PoolError {
    /// No connection could be opened.
    Dial(Error),
    /// The exchange failed.
    Http(hyper::Error),
}

impl From<PoolError> for Error {
    fn from(e: PoolError) -> Error {
        match e {
            PoolError::Dial(e) => e,
            PoolError::Http(e) => Error::http(e),
        }
    }
}

/// The connections of one runtime.
pub(crate) struct Pool {
    dialer: Arc<dyn Dial>,
    /// Where sockets are opened when the caller is not inside a tokio runtime.
    io: Option<tokio::runtime::Handle>,
    /// The runtime the connections belong to (the reaper runs there).
    runtime: tokio::runtime::Handle,
    max_idle: usize,
    idle_timeout: Duration,
    idle: Mutex<IdleList>,
    opened: AtomicUsize,
}

#[derive(Default)]
struct IdleList {
    conns: Vec<Idle>,
    reaper_running: bool,
}

struct Idle {
    conn: Box<Driven>,
    since: Instant,
}

/// One connection: its request handle, its connection future and the waker hyper sees.
struct Driven {
    sender: http1::SendRequest<Body>,
    driver: Driver,
    filter: Arc<WakeFilter>,
    waker: Waker,
}

// `Driven` is boxed as a whole already; boxing the connection again would add a pointer hop to every poll.
#[allow(clippy::large_enum_variant)]
enum Driver {
    /// An ordinary keep-alive connection.
    Plain(H1Connection),
    /// A connection that was asked to switch protocols; finishes when the switch happened.
    Upgrading(Upgrading),
    /// The connection future finished (closed, failed or upgraded).
    Done,
}

impl Driver {
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<hyper::Result<()>> {
        let done = match self {
            Driver::Plain(conn) => Pin::new(conn).poll(cx),
            Driver::Upgrading(fut) => fut.as_mut().poll(cx),
            Driver::Done => return Poll::Ready(Ok(())),
        };
        if done.is_ready() {
            *self = Driver::Done;
        }
        done
    }

    fn is_done(&self) -> bool {
        matches!(self, Driver::Done)
    }
}

impl Driven {
    fn new(sender: http1::SendRequest<Body>, conn: H1Connection) -> Driven {
        let filter = Arc::new(WakeFilter::default());
        let waker = Waker::from(filter.clone());
        Driven {
            sender,
            driver: Driver::Plain(conn),
            filter,
            waker,
        }
    }

    /// Polls an idle connection once; true when it is still open and ready for a request.
    fn catch_up(&mut self, cx: &mut Context<'_>) -> bool {
        self.filter.task.register(cx.waker());
        self.filter.begin();
        let mut inner = Context::from_waker(&self.waker);
        let _ = self.driver.poll(&mut inner);
        self.filter.end();
        !self.driver.is_done() && self.sender.is_ready()
    }

    /// Switches the connection to upgrade mode (before the request is sent).
    fn upgrading(&mut self) {
        if let Driver::Plain(c) = std::mem::replace(&mut self.driver, Driver::Done) {
            self.driver = Driver::Upgrading(Box::pin(c.with_upgrades()));
        }
    }

    /// Polls `poll_target` and the connection until the target is ready or neither can make progress.
    ///
    /// `poll_target` is polled with the filtered context first, then the connection, and again after any
    /// notification that happened meanwhile; when the connection finished, `poll_target` gets one more poll
    /// with `conn_done = true` and must then be ready.
    fn drive<T>(
        &mut self,
        cx: &mut Context<'_>,
        mut poll_target: impl FnMut(&mut Context<'_>, bool) -> Poll<T>,
    ) -> Poll<T> {
        self.filter.task.register(cx.waker());
        let mut inner = Context::from_waker(&self.waker);
        for _ in 0..MAX_SPINS {
            self.filter.begin();
            if let Poll::Ready(t) = poll_target(&mut inner, false) {
                self.filter.end();
                return Poll::Ready(t);
            }
            if self.driver.poll(&mut inner).is_ready() {
                self.filter.end();
                return poll_target(&mut inner, true);
            }
            if !self.filter.end() {
                return Poll::Pending;
            }
        }
        // Still busy: let the scheduler run others first.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// What hyper sees as the task's waker.
#[derive(Default)]
struct WakeFilter {
    state: AtomicU8,
    task: AtomicWaker,
}

const POLLING: u8 = 1;
const WOKEN: u8 = 2;

impl WakeFilter {
    fn begin(&self) {
        self.state.store(POLLING, Ordering::SeqCst);
    }

    /// Ends a round of polling; true when something was woken during it (poll again).
    fn end(&self) -> bool {
        self.state.swap(0, Ordering::SeqCst) & WOKEN != 0
    }
}

impl Wake for WakeFilter {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.state.fetch_or(WOKEN, Ordering::SeqCst) & POLLING == 0 {
            self.task.wake();
        }
    }
}

impl Pool {
    pub(crate) fn new(
        dialer: Arc<dyn Dial>,
        runtime: tokio::runtime::Handle,
        io: Option<tokio::runtime::Handle>,
        max_idle: usize,
    ) -> Pool {
        Pool {
            dialer,
            io,
            runtime,
            max_idle,
            idle_timeout: IDLE_TIMEOUT,
            idle: Mutex::new(IdleList::default()),
            opened: AtomicUsize::new(0),
        }
    }

    #[cfg(test)]
    fn with_idle_timeout(mut self, timeout: Duration) -> Pool {
        self.idle_timeout = timeout;
        self
    }

    /// How many connections this pool has opened so far.
    #[cfg(test)]
    pub(crate) fn opened(&self) -> usize {
        self.opened.load(Ordering::Relaxed)
    }

    /// How many connections are idle in the pool.
    #[cfg(test)]
    pub(crate) fn idle_count(&self) -> usize {
        self.lock().conns.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, IdleList> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sends `req` and returns the response once its head arrived. With `upgrade`, the connection is
    /// prepared for a protocol switch (see [`upgraded`]) and never returns to the pool.
    pub(crate) async fn send(
        self: &Arc<Self>,
        mut req: Request<Body>,
        upgrade: bool,
    ) -> Result<Response<PooledBody>, PoolError> {
        loop {
            let (mut conn, reused) = match self.checkout() {
                Some(conn) => (conn, true),
                // Boxed: dialing is rare, and its future is large.
                None => (Box::pin(self.connect()).await?, false),
            };
            // A reused connection may have been closed by the daemon an instant ago, before we could
            // notice; a bodiless GET or HEAD on it can safely be sent again if it failed before any answer.
            let replay = if reused { Replay::of(&req) } else { None };
            let mut pending = Some(req);
            let mut response = std::pin::pin!(None);
            let head = poll_fn(|cx| {
                if let Some(req) = pending.take() {
                    // An idle connection normally waits for a request already; if not, let it catch up
                    // (and notice a close by the daemon) first.
                    if reused && !conn.sender.is_ready() && !conn.catch_up(cx) {
                        return Poll::Ready(Err(req));
                    }
                    if upgrade {
                        conn.upgrading();
                    }
                    // Handing over the request notifies the connection, which we poll right away anyway.
                    conn.filter.begin();
                    response.set(Some(conn.sender.try_send_request(req)));
                }
                let mut response = response.as_mut().as_pin_mut().expect("request was sent");
                conn.drive(cx, |inner, conn_done| match response.as_mut().poll(inner) {
                    Poll::Ready(r) => Poll::Ready(Ok(Some(r))),
                    Poll::Pending if conn_done => Poll::Ready(Ok(None)),
                    Poll::Pending => Poll::Pending,
                })
            })
            .await;
            let head = match head {
                Ok(Some(head)) => head,
                // The connection ended first; the response future resolves now that it is gone.
                Ok(None) => {
                    let response = response.as_pin_mut().expect("request was sent");
                    response.await
                }
                // The idle connection cannot take a request: try another one.
                Err(back) => {
                    req = back;
                    continue;
                }
            };
            match head {
                Ok(resp) => {
                    let pool = Arc::clone(self);
                    return Ok(resp.map(|body| PooledBody::new(body, conn, pool)));
                }
                Err(mut err) => {
                    // Not written at all (the message comes back), or safe to send again.
                    let again = err
                        .take_message()
                        .or_else(|| replay.map(Replay::into_request));
                    match again {
                        Some(again) if reused => {
                            tracing::debug!(error = %err.error(), "idle connection was closed; retrying");
                            req = again;
                        }
                        _ => return Err(PoolError::Http(err.into_error())),
                    }
                }
            }
        }
    }

    /// Takes the most recently used idle connection, closing those idle for too long.
    fn checkout(&self) -> Option<Box<Driven>> {
        let mut idle = self.lock();
        if let Some(oldest) = idle.conns.first() {
            if oldest.since.elapsed() >= self.idle_timeout {
                let now = Instant::now();
                let timeout = self.idle_timeout;
                idle.conns
                    .retain(|i| now.saturating_duration_since(i.since) < timeout);
            }
        }
        idle.conns.pop().map(|i| i.conn)
    }

    /// Opens a new connection.
    async fn connect(&self) -> Result<Box<Driven>, PoolError> {
        let io = match &self.io {
            // Outside tokio: the socket is opened on (and registered with) the client's I/O runtime.
            Some(rt) => {
                let dialer = self.dialer.clone();
                match rt.spawn(async move { dialer.dial().await }).await {
                    Ok(r) => r,
                    Err(join) => Err(Error::Io(std::io::Error::other(join))),
                }
            }
            None => self.dialer.dial().await,
        }
        .map_err(PoolError::Dial)?;
        self.opened.fetch_add(1, Ordering::Relaxed);
        let (sender, conn) = http1::Builder::new()
            .handshake(TokioIo::new(io))
            .await
            .map_err(PoolError::Http)?;
        Ok(Box::new(Driven::new(sender, conn)))
    }

    /// Puts a connection whose exchange is over back into the pool.
    fn put_back(self: &Arc<Self>, conn: Box<Driven>) {
        if self.max_idle == 0 || !matches!(conn.driver, Driver::Plain(_)) {
            return;
        }
        let start_reaper = {
            let mut idle = self.lock();
            if idle.conns.len() >= self.max_idle {
                // Keep the most recently used ones.
                idle.conns.remove(0);
            }
            idle.conns.push(Idle {
                conn,
                since: Instant::now(),
            });
            !std::mem::replace(&mut idle.reaper_running, true)
        };
        if start_reaper {
            let pool = Arc::downgrade(self);
            let period = self.idle_timeout;
            drop(self.runtime.spawn(reap(pool, period)));
        }
    }
}

/// Closes idle connections that have not been used for `period` (and those the daemon closed), until the
/// pool is empty or gone.
async fn reap(pool: Weak<Pool>, period: Duration) {
    loop {
        tokio::time::sleep(period / 2).await;
        let Some(pool) = pool.upgrade() else { return };
        let mut idle = pool.lock();
        let now = Instant::now();
        let noop = Waker::noop();
        let mut cx = Context::from_waker(noop);
        idle.conns.retain_mut(|i| {
            now.saturating_duration_since(i.since) < period
                && i.conn.driver.poll(&mut cx).is_pending()
        });
        if idle.conns.is_empty() {
            idle.reaper_running = false;
            return;
        }
    }
}

/// A response body that drives its connection while it is read, and returns the connection to the pool
/// once it was read to the end.
pub(crate) struct PooledBody {
    body: Incoming,
    conn: Option<(Box<Driven>, Arc<Pool>)>,
    ended: bool,
}

impl PooledBody {
    fn new(body: Incoming, conn: Box<Driven>, pool: Arc<Pool>) -> PooledBody {
        PooledBody {
            body,
            conn: Some((conn, pool)),
            ended: false,
        }
    }

    fn release(&mut self) {
        if let Some((conn, pool)) = self.conn.take() {
            pool.put_back(conn);
        }
    }

    /// Best effort, without waiting: reads what is left of a body that is already complete on the socket
    /// (a `HEAD` response, a short body nobody read), so that its connection can be reused.
    fn finish_now(&mut self) -> bool {
        if self.ended || hyper::body::Body::is_end_stream(&self.body) {
            return true;
        }
        let Some((conn, _)) = self.conn.as_mut() else {
            return false;
        };
        let mut cx = Context::from_waker(Waker::noop());
        let body = &mut self.body;
        for _ in 0..4 {
            match conn.drive(&mut cx, |inner, _| Pin::new(&mut *body).poll_frame(inner)) {
                Poll::Ready(None) => return true,
                Poll::Ready(Some(Ok(_))) => continue,
                Poll::Ready(Some(Err(_))) | Poll::Pending => return false,
            }
        }
        false
    }
}

impl hyper::body::Body for PooledBody {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        let this = self.get_mut();
        let polled = match this.conn.as_mut() {
            Some((conn, _)) => {
                let body = &mut this.body;
                conn.drive(cx, |inner, _| Pin::new(&mut *body).poll_frame(inner))
            }
            None => Pin::new(&mut this.body).poll_frame(cx),
        };
        match &polled {
            Poll::Ready(None) => {
                this.ended = true;
                this.release();
            }
            Poll::Ready(Some(Err(_))) => this.conn = None,
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.ended || self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl Drop for PooledBody {
    fn drop(&mut self) {
        if self.conn.is_some() && self.finish_now() {
            self.release();
        }
    }
}

impl std::fmt::Debug for PooledBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PooledBody")
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

/// What is needed to send a bodiless `GET` or `HEAD` again.
struct Replay {
    method: http::Method,
    uri: http::Uri,
    headers: http::HeaderMap,
}

impl Replay {
    fn of(req: &Request<Body>) -> Option<Replay> {
        let safe = req.method() == http::Method::GET || req.method() == http::Method::HEAD;
        (safe && hyper::body::Body::is_end_stream(req.body())).then(|| Replay {
            method: req.method().clone(),
            uri: req.uri().clone(),
            headers: req.headers().clone(),
        })
    }

    fn into_request(self) -> Request<Body> {
        use http_body_util::BodyExt;
        let body = http_body_util::Empty::<Bytes>::new()
            .map_err(|never| match never {})
            .boxed_unsync();
        let mut req = Request::new(body);
        *req.method_mut() = self.method;
        *req.uri_mut() = self.uri;
        *req.headers_mut() = self.headers;
        req
    }
}

/// Completes the protocol switch of a `101 Switching Protocols` response sent with `upgrade = true`.
pub(crate) async fn upgraded(
    mut response: Response<PooledBody>,
) -> Result<hyper::upgrade::Upgraded, hyper::Error> {
    let on_upgrade = hyper::upgrade::on(&mut response);
    let mut body = response.into_body();
    if let Some((mut conn, _)) = body.conn.take() {
        // The connection hands its socket over to the upgrade once it saw the 101.
        poll_fn(|cx| {
            conn.drive(
                cx,
                |_, done| if done { Poll::Ready(()) } else { Poll::Pending },
            )
        })
        .await;
    }
    on_upgrade.await
}

#[cfg(test)]
mod tests;
