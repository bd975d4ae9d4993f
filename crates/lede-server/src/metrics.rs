//! Prometheus metrics: what the server counts, the tower layer that counts every RPC, and the
//! HTTP listener that serves `GET /metrics`.
//!
//! Requests are counted by a layer over the whole router ([`layer`]) rather than in the
//! handlers, so that it sees every RPC, health and reflection included, and the ones that
//! fail before a handler runs (a message tonic cannot decode, an unknown method). A gRPC
//! code is only known at the end of a response (in its trailers; in its headers for an
//! error answered at once), so the layer follows the response body to its end, and a
//! response dropped before then (the client cancelled, or tonic's deadline passed) counts
//! as `Cancelled`, as the client sees it.
//!
//! Labels come from a bounded set: the methods of the services the server describes (read
//! once from their descriptor sets), and `unknown` for any other path, so a client cannot
//! grow the exposition by calling made-up methods.
//!
//! A [`Metrics::disabled`] handle (the default, when `--metrics-addr` is not given) records
//! nothing, so a server nobody scrapes does not pay for counting.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use prost::Message as _;
use tokio::net::TcpListener;

/// Latency buckets, in seconds, for requests and store commits: from the tens of
/// microseconds of a small Tokenize to the seconds of a large import or a summary of the
/// whole corpus.
const LATENCY_BUCKETS: [f64; 16] = [
    0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0,
];

/// The content type of the exposition: prometheus-client writes OpenMetrics text, which
/// Prometheus reads natively when told so.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The server's metrics: a handle shared by the request layer, the handlers and the
/// collection, and read by the `/metrics` listener. Cloning it is cheap (one `Arc`).
#[derive(Clone, Default)]
pub struct Metrics(Option<Arc<Inner>>);

struct Inner {
    /// Behind a lock only so that a metric can be added after start (`lede_connections`).
    registry: RwLock<Registry>,
    requests: Family<RpcCode, Counter>,
    latency: Family<Rpc, Histogram, fn() -> Histogram>,
    in_flight: Gauge,
    shed: Family<Handler, Counter>,
    documents: Gauge,
    text_bytes: Gauge,
    commits: Family<Operation, Histogram, fn() -> Histogram>,
    applied_sequence: Gauge,
    latest_sequence: Gauge,
    connections: OnceLock<Gauge>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Rpc {
    service: &'static str,
    method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RpcCode {
    service: &'static str,
    method: &'static str,
    code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Handler {
    method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Operation {
    operation: &'static str,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("enabled", &self.0.is_some())
            .finish()
    }
}

impl Metrics {
    /// Metrics that record, every one registered (see the README's list).
    #[must_use]
    pub fn new() -> Self {
        let requests = Family::<RpcCode, Counter>::default();
        let latency: Family<Rpc, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        let in_flight = Gauge::default();
        let shed = Family::<Handler, Counter>::default();
        let documents = Gauge::default();
        let text_bytes = Gauge::default();
        let commits: Family<Operation, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        let applied_sequence = Gauge::default();
        let latest_sequence = Gauge::default();
        let mut registry = Registry::with_prefix("lede");
        registry.register(
            "requests",
            "gRPC requests answered, by service, method and gRPC code",
            requests.clone(),
        );
        registry.register_with_unit(
            "request_duration",
            "Time from a gRPC request's arrival to the end of its response, by service and method",
            Unit::Seconds,
            latency.clone(),
        );
        registry.register(
            "requests_in_flight",
            "gRPC requests received and not yet answered",
            in_flight.clone(),
        );
        registry.register(
            "requests_shed",
            "Requests refused by admission control (RESOURCE_EXHAUSTED: --max-pending-requests \
             were already in the server), by method",
            shed.clone(),
        );
        registry.register(
            "corpus_documents",
            "Documents in the corpus",
            documents.clone(),
        );
        registry.register_with_unit(
            "corpus_text",
            "Bytes of document text in the corpus (UTF-8)",
            Unit::Bytes,
            text_bytes.clone(),
        );
        registry.register_with_unit(
            "store_commit_duration",
            "Time to commit a write to the store (SQLite or PostgreSQL, synchronous), by \
             operation",
            Unit::Seconds,
            commits.clone(),
        );
        registry.register(
            "log_applied_sequence",
            "With a shared store: the last sequence of its change log this server has applied \
             (0 without one)",
            applied_sequence.clone(),
        );
        registry.register(
            "log_latest_sequence",
            "With a shared store: the change log's last sequence when this server last read it; \
             latest - applied is how many writes it is behind",
            latest_sequence.clone(),
        );
        Self(Some(Arc::new(Inner {
            registry: RwLock::new(registry),
            requests,
            latency,
            in_flight,
            shed,
            documents,
            text_bytes,
            commits,
            applied_sequence,
            latest_sequence,
            connections: OnceLock::new(),
        })))
    }

    /// Metrics that record nothing (what a server without `--metrics-addr` uses).
    #[must_use]
    pub fn disabled() -> Self {
        Self(None)
    }

    /// Whether these metrics record.
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.0.is_some()
    }

    /// The exposition of every metric, in the OpenMetrics text format (empty when disabled).
    #[must_use]
    pub fn encode(&self) -> String {
        let mut text = String::new();
        if let Some(inner) = &self.0 {
            let registry = inner
                .registry
                .read()
                .unwrap_or_else(PoisonError::into_inner);
            // Writing to a String cannot fail.
            let _ = prometheus_client::encoding::text::encode(&mut text, &registry);
        }
        text
    }

    /// The `lede_connections` gauge, registered on first call: whoever accepts connections
    /// (the connection cap) holds a [`ConnectionGuard`] per open connection.
    #[must_use]
    pub fn connection_opened(&self) -> ConnectionGuard {
        let gauge = self.0.as_ref().map(|inner| {
            let gauge = inner.connections.get_or_init(|| {
                let gauge = Gauge::default();
                inner
                    .registry
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .register("connections", "Open client connections", gauge.clone());
                gauge
            });
            gauge.inc();
            gauge.clone()
        });
        ConnectionGuard(gauge)
    }

    /// Counts a request that admission control shed; `method` is the handler's name.
    pub(crate) fn shed(&self, method: &'static str) {
        if let Some(inner) = &self.0 {
            inner.shed.get_or_create(&Handler { method }).inc();
        }
    }

    /// Sets the corpus gauges.
    pub(crate) fn set_corpus(&self, documents: usize, text_bytes: u64) {
        if let Some(inner) = &self.0 {
            inner
                .documents
                .set(i64::try_from(documents).unwrap_or(i64::MAX));
            inner
                .text_bytes
                .set(i64::try_from(text_bytes).unwrap_or(i64::MAX));
        }
    }

    /// Sets the change-log gauges: the sequence applied and the log's latest.
    pub(crate) fn set_log(&self, applied: u64, latest: u64) {
        if let Some(inner) = &self.0 {
            inner
                .applied_sequence
                .set(i64::try_from(applied).unwrap_or(i64::MAX));
            inner
                .latest_sequence
                .set(i64::try_from(latest).unwrap_or(i64::MAX));
        }
    }

    /// Records how long a store commit of `operation` took.
    pub(crate) fn store_commit(&self, operation: &'static str, took: Duration) {
        if let Some(inner) = &self.0 {
            inner
                .commits
                .get_or_create(&Operation { operation })
                .observe(took.as_secs_f64());
        }
    }
}

/// One open connection in `lede_connections`; the gauge goes down when it is dropped.
#[derive(Debug)]
pub struct ConnectionGuard(Option<Gauge>);

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        if let Some(gauge) = &self.0 {
            gauge.dec();
        }
    }
}

/// Serves `GET /metrics` (the exposition of `metrics`) over HTTP/1.1 on `listener` until
/// `shutdown` completes.
///
/// # Errors
///
/// The I/O error that stopped the listener.
pub async fn serve_metrics(
    listener: TcpListener,
    metrics: Metrics,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let scrape = move || {
        let metrics = metrics.clone();
        async move {
            (
                [(axum::http::header::CONTENT_TYPE, CONTENT_TYPE)],
                metrics.encode(),
            )
        }
    };
    let app = axum::Router::new().route("/metrics", axum::routing::get(scrape));
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving metrics")
}

/// Binds `addr` for [`serve_metrics`].
///
/// # Errors
///
/// The bind error, naming the address.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding the metrics address {addr}"))
}

/// A gRPC method as labelled: its service and name.
#[derive(Debug)]
pub(crate) struct Method {
    pub(crate) service: String,
    pub(crate) name: String,
}

/// The label of every path that is not a method the server describes.
const UNKNOWN: &str = "unknown";

/// The methods of every service the server offers, by request path (`/package.Service/Method`).
fn methods() -> &'static HashMap<String, Method> {
    static METHODS: OnceLock<HashMap<String, Method>> = OnceLock::new();
    METHODS.get_or_init(|| {
        let mut methods = HashMap::new();
        for set in [
            lede_proto::FILE_DESCRIPTOR_SET,
            tonic_health::pb::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
        ] {
            // The sets are compiled into the binary; one that did not decode would only
            // leave its methods labelled `unknown`.
            let Ok(set) = prost_types::FileDescriptorSet::decode(set) else {
                continue;
            };
            for file in set.file {
                for service in file.service {
                    let service_name = match file.package.as_deref() {
                        Some(package) if !package.is_empty() => {
                            format!("{package}.{}", service.name())
                        }
                        _ => service.name().to_owned(),
                    };
                    for method in service.method {
                        methods.insert(
                            format!("/{service_name}/{}", method.name()),
                            Method {
                                service: service_name.clone(),
                                name: method.name().to_owned(),
                            },
                        );
                    }
                }
            }
        }
        methods
    })
}

/// The method a request path names, if the server offers it.
pub(crate) fn method(path: &str) -> Option<&'static Method> {
    methods().get(path)
}

/// The label of a gRPC code, as Go's `codes.Code` spells it (what grpc-ecosystem's
/// dashboards expect).
fn code_label(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "Canceled",
        Code::Unknown => "Unknown",
        Code::InvalidArgument => "InvalidArgument",
        Code::DeadlineExceeded => "DeadlineExceeded",
        Code::NotFound => "NotFound",
        Code::AlreadyExists => "AlreadyExists",
        Code::PermissionDenied => "PermissionDenied",
        Code::ResourceExhausted => "ResourceExhausted",
        Code::FailedPrecondition => "FailedPrecondition",
        Code::Aborted => "Aborted",
        Code::OutOfRange => "OutOfRange",
        Code::Unimplemented => "Unimplemented",
        Code::Internal => "Internal",
        Code::Unavailable => "Unavailable",
        Code::DataLoss => "DataLoss",
        Code::Unauthenticated => "Unauthenticated",
    }
}

/// The tower layer that counts every request and wraps it in its tracing span (see the
/// module docs); `Server::builder().layer(metrics::layer(&metrics))`. Outermost, so that it
/// sees the codes other layers answer with.
pub fn layer(metrics: &Metrics) -> Layer {
    Layer {
        metrics: metrics.clone(),
    }
}

/// See [`layer`].
#[derive(Debug, Clone)]
pub struct Layer {
    metrics: Metrics,
}

impl<S> tower::Layer<S> for Layer {
    type Service = Service<S>;

    fn layer(&self, inner: S) -> Service<S> {
        Service {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

/// The service of [`Layer`].
#[derive(Debug, Clone)]
pub struct Service<S> {
    inner: S,
    metrics: Metrics,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ReqBody> tower::Service<http::Request<ReqBody>> for Service<S>
where
    S: tower::Service<http::Request<ReqBody>, Response = http::Response<tonic::body::Body>>,
    S::Future: Send + 'static,
    S::Error: 'static,
{
    // tonic's body again (one more box), because the layers outside this one (gRPC-Web)
    // take only that.
    type Response = http::Response<tonic::body::Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let method = method(request.uri().path());
        let span = crate::telemetry::request_span(&request, method);
        let mut pending = Pending::new(&self.metrics, method, span.clone());
        let response = tracing::Instrument::instrument(self.inner.call(request), span);
        Box::pin(async move {
            let response = match response.await {
                Ok(response) => response,
                Err(error) => {
                    pending.finish(tonic::Code::Unknown);
                    return Err(error);
                }
            };
            // An error answered at once ("trailers-only") carries its code in the headers.
            if let Some(code) = response.headers().get("grpc-status") {
                pending.finish(tonic::Code::from_bytes(code.as_bytes()));
            }
            Ok(response.map(|body| {
                tonic::body::Body::new(Body {
                    inner: body,
                    pending,
                })
            }))
        })
    }
}

/// A request between its arrival and the end of its response.
struct Pending {
    metrics: Option<Arc<Inner>>,
    method: Option<&'static Method>,
    start: Instant,
    span: tracing::Span,
    done: bool,
}

impl Pending {
    fn new(metrics: &Metrics, method: Option<&'static Method>, span: tracing::Span) -> Self {
        if let Some(inner) = &metrics.0 {
            inner.in_flight.inc();
        }
        Self {
            metrics: metrics.0.clone(),
            method,
            start: Instant::now(),
            span,
            done: false,
        }
    }

    /// Counts the request with `code`, once.
    fn finish(&mut self, code: tonic::Code) {
        if std::mem::replace(&mut self.done, true) {
            return;
        }
        crate::telemetry::record_code(&self.span, code);
        let Some(inner) = &self.metrics else {
            return;
        };
        inner.in_flight.dec();
        let (service, method) = self.method.map_or((UNKNOWN, UNKNOWN), |method| {
            (method.service.as_str(), method.name.as_str())
        });
        inner
            .requests
            .get_or_create(&RpcCode {
                service,
                method,
                code: code_label(code),
            })
            .inc();
        inner
            .latency
            .get_or_create(&Rpc { service, method })
            .observe(self.start.elapsed().as_secs_f64());
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Dropped before its end: the client went away or tonic's deadline answered.
        self.finish(tonic::Code::Cancelled);
    }
}

/// A response body that counts its request when it ends (see the module docs).
struct Body<B> {
    inner: B,
    pending: Pending,
}

impl<B> std::fmt::Debug for Body<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body").finish_non_exhaustive()
    }
}

impl<B: http_body::Body + Unpin> http_body::Body for Body<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = &mut *self;
        let frame = Pin::new(&mut this.inner).poll_frame(cx);
        match &frame {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(code) = frame.trailers_ref().and_then(|t| t.get("grpc-status")) {
                    this.pending
                        .finish(tonic::Code::from_bytes(code.as_bytes()));
                }
            }
            Poll::Ready(Some(Err(_))) => this.pending.finish(tonic::Code::Internal),
            // A gRPC response always ends with a status; one that does not is not gRPC's.
            Poll::Ready(None) => this.pending.finish(tonic::Code::Unknown),
            Poll::Pending => {}
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
