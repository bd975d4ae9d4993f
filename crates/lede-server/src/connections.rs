//! The connection layer: accepts TCP connections, runs the TLS handshake, and keeps every
//! connection inside the server's limits before and while tonic serves it.
//!
//! tonic serves whatever connections it is given for as long as they stay open; a socket
//! that never sends a byte, or half an HTTP/2 preface, holds a file descriptor forever, and
//! enough of them stop the server from accepting anyone (issue 14: 19,990 idle sockets and a
//! health check could not dial). So each connection is registered here and:
//!
//! - must complete its handshake (TLS, if on, then the first 24 bytes, the length of the
//!   HTTP/2 connection preface) within `handshake_timeout` of being accepted;
//! - is closed after `idle_timeout` without a request in flight;
//! - counts against `max_connections`. At the cap, a new connection *evicts* one that has
//!   not finished its handshake (the oldest), else the one idle the longest; only when every
//!   connection has a request in flight is the new one refused. A flood of idle or half-open
//!   sockets therefore never keeps a new client (a load balancer's health check) out: the
//!   newest connection is the last to be evicted, and admission control bounds how many
//!   connections can have a request in flight.
//!
//! Closing is done by the connection's own reads: the registry marks it closing and wakes
//! its reader, which returns end-of-file, so hyper ends the connection and drops the socket.
//! A reaper task checks the deadlines a few times a second and logs what it closed, at most
//! once a second.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, mpsc};
use tokio_rustls::TlsAcceptor;
use tonic::transport::server::{Connected, TcpConnectInfo};

/// The HTTP/2 client connection preface is 24 bytes; HTTP/1.1's request line (gRPC-Web) is
/// longer. A connection that has sent fewer has not finished its handshake.
const HANDSHAKE_BYTES: u64 = 24;

/// The limits on connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// The most connections open at once (default 1024). Keep it below the process's file
    /// descriptor limit (`ulimit -n`), which the server checks at start.
    pub max_connections: usize,
    /// How long a new connection has to finish its TLS handshake and send the HTTP/2
    /// preface (default 10 s).
    pub handshake_timeout: Duration,
    /// How long a connection may stay open without a request in flight (default 5 min).
    pub idle_timeout: Duration,
    /// The most concurrent streams (requests) on one HTTP/2 connection (default 128).
    pub max_concurrent_streams: u32,
    /// How often the server pings an HTTP/2 connection to learn that its peer is still
    /// there (default 30 s); a peer that does not answer within `keepalive_timeout` is
    /// dropped.
    pub keepalive_interval: Duration,
    /// How long the server waits for a keepalive ping's answer (default 10 s).
    pub keepalive_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(300),
            max_concurrent_streams: 128,
            keepalive_interval: Duration::from_secs(30),
            keepalive_timeout: Duration::from_secs(10),
        }
    }
}

/// One open connection, as the registry sees it.
#[derive(Debug)]
struct Tracked {
    peer: SocketAddr,
    /// Milliseconds since the registry's epoch.
    accepted_ms: u64,
    read_bytes: AtomicU64,
    in_flight: AtomicUsize,
    /// When a request last started or ended (milliseconds since the epoch).
    last_active_ms: AtomicU64,
    closing: AtomicBool,
    /// Wakes the handshake task, if the connection is closed during its TLS handshake.
    closed: Notify,
    /// The waker of the last read that found nothing to read: woken to close.
    reader: Mutex<Option<Waker>>,
}

impl Tracked {
    fn handshaken(&self) -> bool {
        self.read_bytes.load(Ordering::Relaxed) >= HANDSHAKE_BYTES
    }

    fn close(&self) {
        if self.closing.swap(true, Ordering::AcqRel) {
            return;
        }
        self.closed.notify_one();
        let waker = self.reader.lock().map_or(None, |mut slot| slot.take());
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// What was closed or refused since the last log line.
#[derive(Debug, Default)]
struct Counters {
    evicted: AtomicU64,
    refused: AtomicU64,
    handshake_timeouts: AtomicU64,
    idle_timeouts: AtomicU64,
    failed_handshakes: AtomicU64,
}

/// Every open connection, by peer address (unique among open TCP connections to one
/// listener, and what tonic puts in each request's extensions).
#[derive(Debug)]
pub(crate) struct Registry {
    limits: ConnectionLimits,
    metrics: crate::Metrics,
    epoch: Instant,
    open: RwLock<HashMap<SocketAddr, Arc<Tracked>>>,
    counters: Counters,
}

impl Registry {
    fn new(limits: ConnectionLimits, metrics: crate::Metrics) -> Self {
        Self {
            limits,
            metrics,
            epoch: Instant::now(),
            open: RwLock::new(HashMap::new()),
            counters: Counters::default(),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// How many connections are open.
    pub(crate) fn open_connections(&self) -> usize {
        self.open.read().map_or(0, |open| open.len())
    }

    /// Registers a new connection, evicting one if the server is at its cap; `None` when
    /// every connection has a request in flight and the new one must be refused.
    fn admit(self: &Arc<Self>, peer: SocketAddr) -> Option<Registration> {
        let now = self.now_ms();
        let tracked = Arc::new(Tracked {
            peer,
            accepted_ms: now,
            read_bytes: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            last_active_ms: AtomicU64::new(now),
            closing: AtomicBool::new(false),
            closed: Notify::new(),
            reader: Mutex::new(None),
        });
        let mut open = self.open.write().ok()?;
        let live = open
            .values()
            .filter(|other| !other.closing.load(Ordering::Acquire))
            .count();
        if live >= self.limits.max_connections {
            let victim = open
                .values()
                .filter(|other| !other.closing.load(Ordering::Acquire))
                .filter(|other| !other.handshaken() || other.in_flight.load(Ordering::Acquire) == 0)
                // Unfinished handshakes first, oldest first; then the longest idle.
                .min_by_key(|other| {
                    if other.handshaken() {
                        (1, other.last_active_ms.load(Ordering::Relaxed))
                    } else {
                        (0, other.accepted_ms)
                    }
                })
                .cloned();
            match victim {
                Some(victim) => {
                    victim.close();
                    self.counters.evicted.fetch_add(1, Ordering::Relaxed);
                }
                None => {
                    self.counters.refused.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
            }
        }
        open.insert(peer, Arc::clone(&tracked));
        Some(Registration {
            registry: Arc::clone(self),
            tracked,
            _gauge: self.metrics.connection_opened(),
        })
    }

    fn remove(&self, tracked: &Arc<Tracked>) {
        if let Ok(mut open) = self.open.write() {
            // The address may already belong to a newer connection if this one was closed
            // and its peer port reused: remove only this connection's entry.
            if open
                .get(&tracked.peer)
                .is_some_and(|current| Arc::ptr_eq(current, tracked))
            {
                open.remove(&tracked.peer);
            }
        }
    }

    /// Closes the connections past a deadline.
    fn reap(&self) {
        let now = self.now_ms();
        let handshake = duration_ms(self.limits.handshake_timeout);
        let idle = duration_ms(self.limits.idle_timeout);
        let Ok(open) = self.open.read() else { return };
        for tracked in open.values() {
            if tracked.closing.load(Ordering::Acquire) {
                continue;
            }
            if !tracked.handshaken() {
                if now.saturating_sub(tracked.accepted_ms) >= handshake {
                    tracked.close();
                    self.counters
                        .handshake_timeouts
                        .fetch_add(1, Ordering::Relaxed);
                }
            } else if tracked.in_flight.load(Ordering::Acquire) == 0
                && now.saturating_sub(tracked.last_active_ms.load(Ordering::Relaxed)) >= idle
            {
                tracked.close();
                self.counters.idle_timeouts.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// One log line for what was closed or refused since the last one, if anything was.
    fn log_counters(&self) {
        let take = |counter: &AtomicU64| counter.swap(0, Ordering::Relaxed);
        let evicted = take(&self.counters.evicted);
        let refused = take(&self.counters.refused);
        let handshake_timeouts = take(&self.counters.handshake_timeouts);
        let idle_timeouts = take(&self.counters.idle_timeouts);
        let failed_handshakes = take(&self.counters.failed_handshakes);
        if evicted + refused > 0 {
            tracing::warn!(
                open = self.open_connections(),
                max_connections = self.limits.max_connections,
                evicted,
                refused,
                "connection cap reached: idle or unfinished connections evicted for new ones"
            );
        }
        if handshake_timeouts + idle_timeouts + failed_handshakes > 0 {
            tracing::info!(
                open = self.open_connections(),
                handshake_timeouts,
                idle_timeouts,
                failed_handshakes,
                "connections closed"
            );
        }
    }

    /// The connection a request arrived on, from tonic's connection info.
    fn connection_of<B>(&self, request: &http::Request<B>) -> Option<Arc<Tracked>> {
        let peer = request
            .extensions()
            .get::<TcpConnectInfo>()?
            .remote_addr()?;
        self.open.read().ok()?.get(&peer).cloned()
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A registered connection; dropping it (with the connection) unregisters it.
#[derive(Debug)]
struct Registration {
    registry: Arc<Registry>,
    tracked: Arc<Tracked>,
    /// Keeps `lede_connections` counting this connection while it is open.
    _gauge: crate::metrics::ConnectionGuard,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.registry.remove(&self.tracked);
    }
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::server::TlsStream<TcpStream>>),
}

/// A connection tonic serves: plain TCP or TLS, which ends itself when the registry closes
/// it.
pub(crate) struct Connection {
    stream: Stream,
    info: TcpConnectInfo,
    registration: Registration,
}

impl Connected for Connection {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        self.info.clone()
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let tracked = Arc::clone(&self.registration.tracked);
        if tracked.closing.load(Ordering::Acquire) {
            // End of file: hyper ends the connection and drops the socket.
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        let result = match &mut self.stream {
            Stream::Plain(stream) => Pin::new(stream).poll_read(cx, buf),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_read(cx, buf),
        };
        match &result {
            Poll::Ready(Ok(())) if !tracked.handshaken() => {
                let read = u64::try_from(buf.filled().len() - before).unwrap_or(u64::MAX);
                tracked.read_bytes.fetch_add(read, Ordering::Relaxed);
            }
            Poll::Pending => {
                if let Ok(mut slot) = tracked.reader.lock()
                    && !slot
                        .as_ref()
                        .is_some_and(|waker| waker.will_wake(cx.waker()))
                {
                    *slot = Some(cx.waker().clone());
                }
                // A close between the check above and storing the waker would be missed.
                if tracked.closing.load(Ordering::Acquire) {
                    return Poll::Ready(Ok(()));
                }
            }
            Poll::Ready(_) => {}
        }
        result
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.registration.tracked.closing.load(Ordering::Acquire) {
            return Poll::Ready(Err(io::ErrorKind::ConnectionAborted.into()));
        }
        match &mut self.stream {
            Stream::Plain(stream) => Pin::new(stream).poll_write(cx, buf),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.registration.tracked.closing.load(Ordering::Acquire) {
            return Poll::Ready(Err(io::ErrorKind::ConnectionAborted.into()));
        }
        match &mut self.stream {
            Stream::Plain(stream) => Pin::new(stream).poll_write_vectored(cx, bufs),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match &self.stream {
            Stream::Plain(stream) => stream.is_write_vectored(),
            Stream::Tls(stream) => stream.is_write_vectored(),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.stream {
            Stream::Plain(stream) => Pin::new(stream).poll_flush(cx),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.stream {
            Stream::Plain(stream) => Pin::new(stream).poll_shutdown(cx),
            Stream::Tls(stream) => Pin::new(stream.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Accepts connections on `listener` until the returned stream is dropped, handing tonic
/// those that are admitted and have finished their TLS handshake.
pub(crate) fn incoming(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    limits: ConnectionLimits,
    metrics: crate::Metrics,
) -> (
    tokio_stream::wrappers::ReceiverStream<io::Result<Connection>>,
    Arc<Registry>,
) {
    let registry = Arc::new(Registry::new(limits, metrics));
    let (sender, receiver) = mpsc::channel(64);
    tokio::spawn(reaper(Arc::clone(&registry), sender.clone()));
    tokio::spawn(accept_loop(listener, tls, Arc::clone(&registry), sender));
    (
        tokio_stream::wrappers::ReceiverStream::new(receiver),
        registry,
    )
}

async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    registry: Arc<Registry>,
    sender: mpsc::Sender<io::Result<Connection>>,
) {
    let local_addr = listener.local_addr().ok();
    let mut last_error_log: Option<Instant> = None;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = sender.closed() => return,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors (EMFILE) or a connection reset before accept: log
                // at most once a second, and pause so that a persistent error does not spin.
                if last_error_log.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
                    tracing::warn!(%error, "accepting a connection failed");
                    last_error_log = Some(Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Some(registration) = registry.admit(peer) else {
            drop(stream);
            continue;
        };
        // Without TCP_NODELAY, Nagle's algorithm holds small responses back until the
        // client's delayed ACK: about 40 ms on every call.
        let _ = stream.set_nodelay(true);
        let info = TcpConnectInfo {
            local_addr,
            remote_addr: Some(peer),
        };
        match &tls {
            None => {
                let connection = Connection {
                    stream: Stream::Plain(stream),
                    info,
                    registration,
                };
                if sender.send(Ok(connection)).await.is_err() {
                    return;
                }
            }
            Some(acceptor) => {
                // The handshake runs apart from the loop so that a slow one does not hold
                // up the next accept.
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                let timeout = registry.limits.handshake_timeout;
                tokio::spawn(async move {
                    let tracked = Arc::clone(&registration.tracked);
                    let handshake = tokio::time::timeout(timeout, acceptor.accept(stream));
                    let stream = tokio::select! {
                        result = handshake => match result {
                            Ok(Ok(stream)) => stream,
                            Ok(Err(error)) => {
                                tracing::debug!(%peer, %error, "TLS handshake failed");
                                registration.registry.counters.failed_handshakes.fetch_add(1, Ordering::Relaxed);
                                return;
                            }
                            Err(_) => {
                                registration.registry.counters.handshake_timeouts.fetch_add(1, Ordering::Relaxed);
                                return;
                            }
                        },
                        () = tracked.closed.notified() => return,
                    };
                    let connection = Connection {
                        stream: Stream::Tls(Box::new(stream)),
                        info,
                        registration,
                    };
                    let _ = sender.send(Ok(connection)).await;
                });
            }
        }
    }
}

async fn reaper(registry: Arc<Registry>, sender: mpsc::Sender<io::Result<Connection>>) {
    let shortest = registry
        .limits
        .handshake_timeout
        .min(registry.limits.idle_timeout);
    let tick = (shortest / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_log = Instant::now();
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = sender.closed() => return,
        }
        registry.reap();
        if last_log.elapsed() >= Duration::from_secs(1) {
            registry.log_counters();
            last_log = Instant::now();
        }
    }
}

/// A tower layer that tells the registry when a connection has a request in flight, so
/// that only connections without one count as idle.
#[derive(Debug, Clone)]
pub(crate) struct ActivityLayer {
    registry: Arc<Registry>,
}

impl ActivityLayer {
    pub(crate) fn new(registry: Arc<Registry>) -> Self {
        Self { registry }
    }
}

impl<S> tower::Layer<S> for ActivityLayer {
    type Service = Activity<S>;

    fn layer(&self, inner: S) -> Activity<S> {
        Activity {
            inner,
            registry: Arc::clone(&self.registry),
        }
    }
}

/// The service [`ActivityLayer`] makes.
#[derive(Debug, Clone)]
pub(crate) struct Activity<S> {
    inner: S,
    registry: Arc<Registry>,
}

/// A request in flight on a connection: counted from the request's headers until its
/// response's headers (or its cancellation).
struct InFlight {
    tracked: Arc<Tracked>,
    registry: Arc<Registry>,
}

impl InFlight {
    fn start(tracked: Arc<Tracked>, registry: Arc<Registry>) -> Self {
        tracked.in_flight.fetch_add(1, Ordering::AcqRel);
        tracked
            .last_active_ms
            .store(registry.now_ms(), Ordering::Relaxed);
        Self { tracked, registry }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.tracked
            .last_active_ms
            .store(self.registry.now_ms(), Ordering::Relaxed);
        self.tracked.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

impl<S, B> tower::Service<http::Request<B>> for Activity<S>
where
    S: tower::Service<http::Request<B>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn std::future::Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let in_flight = self
            .registry
            .connection_of(&request)
            .map(|tracked| InFlight::start(tracked, Arc::clone(&self.registry)));
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await;
            drop(in_flight);
            response
        })
    }
}

/// The soft limit on open files of this process (Linux: `/proc/self/limits`), to warn when
/// `--max-connections` cannot be reached.
pub fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}
