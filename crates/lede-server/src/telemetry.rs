//! Logs and traces: one `tracing` span per gRPC request, and the subscriber the binary
//! installs ([`init`]), which with the `otel` cargo feature also exports the spans over
//! OTLP.
//!
//! The span (`grpc`, with the method, the peer's address and the client's `x-request-id`)
//! is opened by the request layer (`metrics.rs`), so it covers every request, and the
//! handler's one log line per request is written inside it. Its `code` is recorded when the
//! response ends.

use tracing::field;

/// The longest `x-request-id` kept: it is the client's to choose, and goes into every log
/// line of the request.
const MAX_REQUEST_ID: usize = 128;

/// The span of one request to `method` (`None`: a path the server does not offer).
pub(crate) fn request_span<B>(
    request: &http::Request<B>,
    method: Option<&'static crate::metrics::Method>,
) -> tracing::Span {
    let path = method.map_or("unknown", |_| {
        // The path without its leading '/': "lede.v1.CorpusService/CreateDocument".
        request.uri().path().get(1..).unwrap_or("unknown")
    });
    let peer = request
        .extensions()
        .get::<tonic::transport::server::TcpConnectInfo>()
        .and_then(tonic::transport::server::TcpConnectInfo::remote_addr);
    let span = new_span(path, method);
    if let Some(peer) = peer {
        span.record("peer", field::display(peer));
    }
    if let Some(id) = request
        .headers()
        .get("x-request-id")
        .and_then(|id| id.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= MAX_REQUEST_ID)
    {
        span.record("request_id", id);
    }
    #[cfg(feature = "otel")]
    otel::set_parent(&span, request.headers());
    span
}

#[cfg(not(feature = "otel"))]
fn new_span(path: &str, _method: Option<&'static crate::metrics::Method>) -> tracing::Span {
    tracing::info_span!(
        "grpc",
        method = %path,
        peer = field::Empty,
        request_id = field::Empty,
        code = field::Empty,
    )
}

/// With OpenTelemetry, the span also carries the attributes of its semantic conventions for
/// gRPC servers.
#[cfg(feature = "otel")]
fn new_span(path: &str, method: Option<&'static crate::metrics::Method>) -> tracing::Span {
    tracing::info_span!(
        "grpc",
        method = %path,
        peer = field::Empty,
        request_id = field::Empty,
        code = field::Empty,
        otel.name = path,
        otel.kind = "server",
        otel.status_code = field::Empty,
        rpc.system = "grpc",
        rpc.service = method.map_or("unknown", |method| method.service.as_str()),
        rpc.method = method.map_or("unknown", |method| method.name.as_str()),
        rpc.grpc.status_code = field::Empty,
    )
}

/// Records the request's gRPC code in its span.
pub(crate) fn record_code(span: &tracing::Span, code: tonic::Code) {
    span.record("code", field::debug(code));
    #[cfg(feature = "otel")]
    {
        span.record("rpc.grpc.status_code", i32::from(code));
        // The codes OpenTelemetry's conventions count as the server's failure; the others
        // are the client's (a bad argument, a missing document).
        if matches!(
            code,
            tonic::Code::Unknown
                | tonic::Code::DeadlineExceeded
                | tonic::Code::Unimplemented
                | tonic::Code::Internal
                | tonic::Code::Unavailable
                | tonic::Code::DataLoss
        ) {
            span.record("otel.status_code", "ERROR");
        }
    }
}

/// What [`init`] installed; keep it until the end of `main`: dropping it flushes the spans
/// not yet exported.
#[derive(Debug)]
pub struct Telemetry {
    #[cfg(feature = "otel")]
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        #[cfg(feature = "otel")]
        if let Some(provider) = self.provider.take()
            && let Err(error) = provider.shutdown()
        {
            eprintln!("lede-server: exporting the last spans failed: {error}");
        }
    }
}

/// Installs the global subscriber: logs to standard error, filtered by `RUST_LOG` (default
/// `info`), with colour codes only for a person at a terminal; with the `otel` feature and
/// `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) set, spans are
/// also exported there over OTLP/gRPC. Call it inside the tokio runtime.
///
/// # Errors
///
/// When a subscriber is already installed, or the OTLP exporter cannot be built.
pub fn init() -> anyhow::Result<Telemetry> {
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;

    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let registry = tracing_subscriber::registry().with(filter).with(logs);
    #[cfg(feature = "otel")]
    {
        let provider = otel::provider()?;
        let traces = provider.as_ref().map(|provider| {
            use opentelemetry::trace::TracerProvider as _;
            tracing_opentelemetry::layer().with_tracer(provider.tracer("lede-server"))
        });
        registry.with(traces).try_init()?;
        if provider.is_some() {
            tracing::info!("exporting traces over OTLP");
        }
        Ok(Telemetry { provider })
    }
    #[cfg(not(feature = "otel"))]
    {
        registry.try_init()?;
        Ok(Telemetry {})
    }
}

#[cfg(feature = "otel")]
mod otel {
    use opentelemetry::propagation::Extractor;
    use opentelemetry_sdk::trace::SdkTracerProvider;
    use tracing_opentelemetry::OpenTelemetrySpanExt as _;

    /// The variables that name where the OTLP exporter sends spans.
    const ENDPOINT_VARIABLES: [&str; 2] = [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    ];

    /// The tracer provider, when an endpoint is configured: without one the exporter would
    /// try `localhost:4317` and log a failure for every batch.
    pub(super) fn provider() -> anyhow::Result<Option<SdkTracerProvider>> {
        if !ENDPOINT_VARIABLES
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
        {
            return Ok(None);
        }
        // The exporter reads the endpoint, headers and timeout from the standard variables.
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_tonic()
            .build()?;
        let mut resource = opentelemetry_sdk::Resource::builder();
        // OTEL_SERVICE_NAME, when set, names the service; the default detector would say
        // "unknown_service".
        if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
            resource = resource.with_service_name("lede-server");
        }
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource.build())
            .build();
        // A client's `traceparent` makes the request's span a child of the client's.
        opentelemetry::global::set_text_map_propagator(
            opentelemetry_sdk::propagation::TraceContextPropagator::new(),
        );
        Ok(Some(provider))
    }

    struct Headers<'a>(&'a http::HeaderMap);

    impl Extractor for Headers<'_> {
        fn get(&self, key: &str) -> Option<&str> {
            self.0.get(key).and_then(|value| value.to_str().ok())
        }

        fn keys(&self) -> Vec<&str> {
            self.0.keys().map(http::HeaderName::as_str).collect()
        }
    }

    /// Makes `span` a child of the trace the request's headers continue, if any.
    pub(super) fn set_parent(span: &tracing::Span, headers: &http::HeaderMap) {
        let parent = opentelemetry::global::get_text_map_propagator(|propagator| {
            propagator.extract(&Headers(headers))
        });
        // Fails only when the span is disabled (filtered out): then there is nothing to link.
        let _ = span.set_parent(parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an event logged inside the span of a request to `path` with `request_id` looks
    /// like.
    fn logged(path: &str, request_id: Option<&str>) -> String {
        let mut request = http::Request::builder().uri(path);
        if let Some(id) = request_id {
            request = request.header("x-request-id", id);
        }
        let mut request = request.body(()).expect("request");
        request
            .extensions_mut()
            .insert(tonic::transport::server::TcpConnectInfo {
                local_addr: None,
                remote_addr: Some("192.0.2.7:40000".parse().expect("address")),
            });
        let ((), text) = crate::log_capture::logged(|| {
            let span = request_span(&request, crate::metrics::method(path));
            record_code(&span, tonic::Code::NotFound);
            span.in_scope(|| tracing::info!("request"));
        });
        text
    }

    #[test]
    fn the_span_names_the_method_the_peer_and_the_request_id() {
        let line = logged("/lede.v1.CorpusService/GetDocument", Some("abc-1"));
        assert!(
            line.contains(
                "grpc{method=lede.v1.CorpusService/GetDocument peer=192.0.2.7:40000 \
                 request_id=\"abc-1\" code=NotFound}"
            ),
            "{line}"
        );
    }

    #[test]
    fn unknown_paths_and_long_request_ids_are_not_logged() {
        let line = logged("/made.Up/Method", Some(&"x".repeat(MAX_REQUEST_ID + 1)));
        assert!(line.contains("grpc{method=unknown peer="), "{line}");
        assert!(!line.contains("request_id"), "{line}");
        assert!(!line.contains("made.Up"), "{line}");
    }
}
