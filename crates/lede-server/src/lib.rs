//! The lede gRPC server: `lede.v1.TextAnalysisService` and `lede.v1.CorpusService` over
//! tonic, with server reflection (v1 and v1alpha), `grpc.health.v1`, limits, structured
//! errors, deadlines and one log line per request.
//!
//! # Configuration
//!
//! [`Config`] is parsed by clap from flags and environment variables (binary `lede-server`):
//!
//! | flag | environment | default | meaning |
//! |---|---|---|---|
//! | `--addr` | `LEDE_ADDR` | `127.0.0.1:50051` | the address to listen on |
//! | `--data-dir` | `LEDE_DATA_DIR` | `$XDG_DATA_HOME/lede`, else `~/.local/share/lede` | where the corpus is stored (seeded on first start) |
//! | `--store` | `LEDE_STORE` | — | a PostgreSQL URL instead of a data directory: several servers share the corpus, each following the change log (seeded on first start) |
//! | `--log-retention` | `LEDE_LOG_RETENTION` | 100000 | with `--store`: writes the change log keeps; a server further behind reloads the corpus |
//! | `--in-memory` | `LEDE_IN_MEMORY` | off | keep the corpus in memory only: writes are lost at exit |
//! | `--corpus-dir` | `LEDE_CORPUS_DIR` | — | in memory: start from a directory of `.txt`/`.md` files |
//! | `--corpus-jsonl` | `LEDE_CORPUS_JSONL` | — | in memory: start from a JSONL file |
//! | `--max-text-bytes` | `LEDE_MAX_TEXT_BYTES` | 1 MiB | the longest inline text or query, and the longest document text |
//! | `--max-message-bytes` | `LEDE_MAX_MESSAGE_BYTES` | 4 MiB | the largest request message (decoding) |
//! | `--max-page-size` | `LEDE_MAX_PAGE_SIZE` | 1000 | a cap on every `page_size` |
//! | `--max-import-bytes` | `LEDE_MAX_IMPORT_BYTES` | 1 GiB | the most bytes of the documents of one `ImportDocuments` stream, every field counted; beyond, `RESOURCE_EXHAUSTED` |
//! | `--max-title-bytes` | `LEDE_MAX_TITLE_BYTES` | 2 KiB | the longest document title |
//! | `--max-source-bytes` | `LEDE_MAX_SOURCE_BYTES` | 2 KiB | the longest document source |
//! | `--max-metadata-entries` | `LEDE_MAX_METADATA_ENTRIES` | 32 | the most metadata entries of a document |
//! | `--max-metadata-key-bytes` | `LEDE_MAX_METADATA_KEY_BYTES` | 128 | the longest metadata key |
//! | `--max-metadata-value-bytes` | `LEDE_MAX_METADATA_VALUE_BYTES` | 1 KiB | the longest metadata value |
//! | `--max-document-bytes` | `LEDE_MAX_DOCUMENT_BYTES` | 2 MiB | the most bytes of all of a document's fields together (name, title, text, source, metadata) |
//! | `--workers` | `LEDE_WORKERS` | 2 × cores | how many requests analyse at once |
//! | `--max-pending-requests` | `LEDE_MAX_PENDING_REQUESTS` | 256 | requests analysing or waiting; beyond, `RESOURCE_EXHAUSTED` |
//! | `--config` | `LEDE_CONFIG` | — | a TOML file of these settings, keys the long flag names; flags and environment variables override it |
//! | `--tls-cert`, `--tls-key` | `LEDE_TLS_CERT`, `LEDE_TLS_KEY` | — | TLS (rustls): the certificate chain and key, PEM |
//! | `--tls-client-ca` | `LEDE_TLS_CLIENT_CA` | — | mutual TLS: clients need a certificate from this CA |
//! | `--auth-tokens` | `LEDE_AUTH_TOKENS` | — | bearer tokens with scopes (`auth.rs`): every lede RPC needs one |
//! | `--allow-unauthenticated` | `LEDE_ALLOW_UNAUTHENTICATED` | off | listen on a non-loopback address without tokens |
//! | `--max-connections` | `LEDE_MAX_CONNECTIONS` | 1024 | connections open at once; at the cap an idle or unfinished one is closed for a new one |
//! | `--handshake-timeout` | `LEDE_HANDSHAKE_TIMEOUT` | 10s | time to finish the TLS handshake and HTTP/2 preface |
//! | `--idle-timeout` | `LEDE_IDLE_TIMEOUT` | 5m | time a connection may stay open without a request in flight |
//! | `--max-concurrent-streams` | `LEDE_MAX_CONCURRENT_STREAMS` | 128 | requests at once on one HTTP/2 connection |
//! | `--keepalive-interval`, `--keepalive-timeout` | `LEDE_KEEPALIVE_INTERVAL`, `LEDE_KEEPALIVE_TIMEOUT` | 30s, 10s | HTTP/2 pings that find dead peers |
//! | `--grpc-web` | `LEDE_GRPC_WEB` | off | accept gRPC-Web over HTTP/1.1 (tonic-web), for browsers |
//! | `--cors-allow-origin` | `LEDE_CORS_ALLOW_ORIGIN` | — | origins (or `*`) whose pages may call the API; repeatable |
//! | `--metrics-addr` | `LEDE_METRICS_ADDR` | off | serve Prometheus metrics at `GET /metrics` on this address (HTTP/1.1) |
//!
//! The document limits ([`Limits::document`], a [`lede_corpus::DocumentLimits`]) hold for
//! every write, CreateDocument, BatchCreateDocuments, UpdateDocument (the document as it
//! would be after the update, whatever the mask) and ImportDocuments, and `lede import`
//! applies the same defaults (and flags): at the defaults a stored document always fits
//! whole in a response under a client's default 4 MiB message limit, and so does any
//! `ListDocuments` page (one ends before 3 MiB of documents, whatever `page_size`). A document identifier is 1 to 128 letters, digits, `-`, `_`
//! or `.` ([`lede_corpus::check_name`], the rule of `lede import` too). Documents stored
//! before a limit was lowered still load and are served; only writes are refused.
//!
//! A new data directory (one without `lede.sqlite3`) starts with the embedded seed articles
//! ([`lede_corpus::Corpus::from_seeds`]), as does `--in-memory` without `--corpus-dir` or
//! `--corpus-jsonl`; an existing but empty `lede.sqlite3` is refused at start, never seeded
//! again (its documents are lost: the message says to remove it to start afresh). Handlers share one [`Collection`]: the corpus behind a read-write lock
//! and the store behind a mutex (see `collection.rs` for how writes stay atomic).
//!
//! # Security
//!
//! Without `--auth-tokens`, [`Config::options`] refuses a non-loopback `--addr` unless
//! `--allow-unauthenticated` is given: a server that anyone on the network can write to is
//! never started by accident. With tokens, the auth layer (`auth.rs`) checks each lede RPC's
//! scope (`read`, or `write` for create, update, delete and import) before it is decoded;
//! health and reflection stay open. TLS handshakes, the connection cap and the handshake and
//! idle timeouts live in the connection layer (`connections.rs`), under tonic.
//!
//! # Errors
//!
//! Every handler error goes through one conversion (`status.rs`):
//!
//! | error | gRPC code |
//! |---|---|
//! | empty or oversized text, unknown language, negative page size, bad page token, option out of range, unknown enum value, query without terms, a name that is not `documents/{id}`, a document named twice | `INVALID_ARGUMENT`, with a `google.rpc.BadRequest` field violation naming each field: every request field is checked (language, offset encoding, options, input), and all violations come back at once (a document name that does not exist is `NOT_FOUND` on its own) |
//! | a document field over its limit (`document.title`, `requests[2].document.metadata`; `document` for the whole), a `publish_time` outside the Timestamp range (years 1 to 9999, nanos in [0, 999999999]), a `document_id` other than the identifier in `document.name` | `INVALID_ARGUMENT`, one field violation per problem: every violation of a write request at once (of an import, of its chunk), at most 20 |
//! | an `ImportDocuments` stream over `--max-import-bytes` | `RESOURCE_EXHAUSTED` (as for a message over the size limit: the request is too large for this server, not malformed), naming the request where it passed the limit; nothing is imported |
//! | unknown document (`lede_corpus::Error::NotFound`) | `NOT_FOUND` |
//! | a document to create whose name is taken | `ALREADY_EXISTS` |
//! | a request message that cannot be decoded (bad wire format, a string that is not UTF-8) | `INVALID_ARGUMENT` ("the request could not be decoded as a lede.v1.…", no details; lede-proto's codec) |
//! | a request message larger than `--max-message-bytes` | `RESOURCE_EXHAUSTED` (tonic's `OUT_OF_RANGE`, rewritten by `message_size.rs`) |
//! | the request's deadline (`grpc-timeout`) passes before the work is done | `DEADLINE_EXCEEDED` (but `CANCELLED` from tonic's own timeout layer if it passes while the request body is still arriving) |
//! | no bearer token, or one the tokens file does not hold (with `--auth-tokens`) | `UNAUTHENTICATED`, with a `google.rpc.ErrorInfo` (`MISSING_TOKEN`, `UNKNOWN_TOKEN`) |
//! | a token without the RPC's scope | `PERMISSION_DENIED`, with an `ErrorInfo` (`MISSING_SCOPE`, metadata `scope`) |
//! | `--max-pending-requests` requests are already in the server (an import stream counts from its first message until its commit) | `RESOURCE_EXHAUSTED`, with a `google.rpc.RetryInfo` |
//! | the disk holding the store is full (`lede_store::Error::Full`) | `RESOURCE_EXHAUSTED`; nothing of the write is stored |
//! | a failed worker task or another library error | `INTERNAL` |
//!
//! No message names a file: the store's path is the operator's business, and goes to the
//! log with the error.
//!
//! # Runtime
//!
//! Every analysis runs on tokio's blocking pool (`spawn_blocking`) under the request's
//! deadline, except Tokenize, SplitSentences and Stem of at most 16 KiB of inline text,
//! which take tens of microseconds, less than the hop to the pool and back; they run on the
//! async worker. Every request passes admission control first (`admission.rs`): at
//! most `--workers` run at once, at most `--max-pending-requests` are in the server, and
//! the rest are shed at once. Health and reflection bypass it and answer under overload.
//! [`serve`] stops gracefully when its shutdown future completes (the binary: SIGINT or
//! SIGTERM).
//!
//! # Metrics and traces
//!
//! Every request passes one tower layer ([`metrics::layer`]) that opens its `tracing` span
//! (`grpc`: method, peer, `x-request-id`, code) and, when the collection records into
//! [`Metrics`] ([`Collection::with_metrics`]), counts it by method and code with its
//! latency; the handler logs the request once inside that span (gRPC code, latency).
//! [`metrics::serve_metrics`] serves the exposition at `GET /metrics` (the binary: on
//! `--metrics-addr`). [`telemetry::init`] installs the binary's subscriber; with the cargo
//! feature `otel` it also exports the spans over OTLP/gRPC to
//! `OTEL_EXPORTER_OTLP_ENDPOINT`.
//!
//! # Architecture
//!
//! `lede-server` sits on top of the layering: it depends on `lede-proto` (generated code),
//! `lede-corpus` (the query API: every summary, keyphrase, search and similarity, with its
//! options validated there), `lede-store`, and `lede-tokenize` for token kinds;
//! tonic, tokio and tracing enter the workspace only here, in `lede-proto` and in the
//! `lede-loadgen` client. The server translates: `validate.rs` turns request fields into
//! library values (all violations at once), `handlers/` call the library, `convert.rs`
//! turns results into messages, `status.rs` errors into statuses. Inline-text requests never
//! take the corpus lock, and long reads copy what they need and release it before the slow
//! part (see `collection.rs`).

/// The body of a unary handler: takes the request's deadline, runs `$work(&State, &request)`
/// through admission control on the blocking pool, and logs and converts the outcome.
///
/// With `small = expression` (of `request`), work whose request is small by that measure
/// runs on the async worker instead (`Admission::run_here`): only for work linear in a
/// bounded input.
macro_rules! rpc {
    ($self:ident, $request:ident, $name:literal, $work:ident) => {
        rpc!($self, $request, $name, $work, small = |_| false)
    };
    ($self:ident, $request:ident, $name:literal, $work:ident, small = $small:expr) => {{
        let deadline = $crate::deadline(&$request);
        let min_sequence = $crate::replication::min_sequence(&$request);
        let request = $request.into_inner();
        let small: fn(&_) -> bool = $small;
        if small(&request) {
            let state = &$self.0;
            $crate::handle(state, $name, async {
                // A read that must see a write waits for it here, before taking a worker.
                let deadline =
                    $crate::replication::caught_up(&state.collection, min_sequence?, deadline)
                        .await?;
                state
                    .admission
                    .run_here(deadline, || $work(state, &request))
                    .await
            })
            .await
        } else {
            let state = $self.0.clone();
            $crate::handle(&$self.0, $name, async {
                let deadline =
                    $crate::replication::caught_up(&$self.0.collection, min_sequence?, deadline)
                        .await?;
                $self
                    .0
                    .admission
                    .run(deadline, move || $work(&state, &request))
                    .await
            })
            .await
        }
    }};
}

mod admission;
mod auth;
mod collection;
mod config_file;
mod connections;
mod convert;
mod filters;
mod handlers;
#[cfg(test)]
mod log_capture;
mod message_size;
pub mod metrics;
mod offsets;
mod paging;
mod replication;
mod status;
pub mod telemetry;
mod tls;
mod validate;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use lede_corpus::{Corpus, DocumentLimits, JsonlFields};
use lede_proto::v1::corpus_service_server::CorpusServiceServer;
use lede_proto::v1::text_analysis_service_server::TextAnalysisServiceServer;
use tokio::net::TcpListener;
use tonic::{Request, Response, Status};

use crate::admission::Admission;
pub use crate::auth::{Scope, Tokens, TokensError};
pub use crate::collection::Collection;
pub use crate::connections::{ConnectionLimits, open_files_limit};
pub use crate::metrics::Metrics;
use crate::status::ApiError;
pub use crate::tls::{TlsError, TlsFiles};

/// The server's configuration: flags and environment variables (see the crate docs).
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "lede-server", version, about = "The lede gRPC server")]
pub struct Config {
    /// The address to listen on.
    #[arg(long, env = "LEDE_ADDR", default_value = "127.0.0.1:50051")]
    pub addr: SocketAddr,
    /// The data directory: where the corpus is stored (created, with the seed articles, on
    /// first start). Default: `$XDG_DATA_HOME/lede`, else `~/.local/share/lede`.
    #[arg(long, env = "LEDE_DATA_DIR", conflicts_with = "in_memory")]
    pub data_dir: Option<PathBuf>,
    /// A PostgreSQL database to keep the corpus in instead of a data directory
    /// (`postgres://user:password@host:port/database`): any number of servers given the same
    /// one serve the same corpus, each following its change log (a new database is seeded
    /// with the seed articles).
    #[arg(long, env = "LEDE_STORE", conflicts_with_all = ["in_memory", "data_dir"])]
    pub store: Option<String>,
    /// With --store: how many writes the change log keeps; a server that falls further
    /// behind (stopped, or cut off) reloads the whole corpus instead of reading the log.
    #[arg(long, env = "LEDE_LOG_RETENTION", default_value_t = 100_000)]
    pub log_retention: u64,
    /// Keep the corpus in memory only, starting from the seed articles (or --corpus-dir /
    /// --corpus-jsonl): writes are lost when the server stops. For tests and demos.
    #[arg(long, env = "LEDE_IN_MEMORY")]
    pub in_memory: bool,
    /// In memory: start from this directory of `.txt`/`.md` files instead of the seeds.
    #[arg(
        long,
        env = "LEDE_CORPUS_DIR",
        conflicts_with = "corpus_jsonl",
        requires = "in_memory"
    )]
    pub corpus_dir: Option<PathBuf>,
    /// In memory: start from this JSONL file (fields `name` or `id`, `title`, `text`,
    /// `source`, `date`) instead of the seeds.
    #[arg(long, env = "LEDE_CORPUS_JSONL", requires = "in_memory")]
    pub corpus_jsonl: Option<PathBuf>,
    /// The longest inline text (or query) a request may carry, in bytes.
    #[arg(long, env = "LEDE_MAX_TEXT_BYTES", default_value_t = Limits::default().max_text_bytes)]
    pub max_text_bytes: usize,
    /// The largest request message, in bytes.
    #[arg(long, env = "LEDE_MAX_MESSAGE_BYTES", default_value_t = Limits::default().max_message_bytes)]
    pub max_message_bytes: usize,
    /// A cap on every page size.
    #[arg(long, env = "LEDE_MAX_PAGE_SIZE", default_value_t = Limits::default().max_page_size)]
    pub max_page_size: usize,
    /// The most bytes of documents one ImportDocuments stream may carry, every field
    /// counted (the server holds an import whole until it commits it).
    #[arg(long, env = "LEDE_MAX_IMPORT_BYTES", default_value_t = Limits::default().max_import_bytes)]
    pub max_import_bytes: usize,
    /// The longest document title, in bytes.
    #[arg(long, env = "LEDE_MAX_TITLE_BYTES", default_value_t = Limits::default().max_title_bytes)]
    pub max_title_bytes: usize,
    /// The longest document source, in bytes.
    #[arg(long, env = "LEDE_MAX_SOURCE_BYTES", default_value_t = Limits::default().max_source_bytes)]
    pub max_source_bytes: usize,
    /// The most metadata entries of a document.
    #[arg(long, env = "LEDE_MAX_METADATA_ENTRIES", default_value_t = Limits::default().max_metadata_entries)]
    pub max_metadata_entries: usize,
    /// The longest metadata key, in bytes.
    #[arg(long, env = "LEDE_MAX_METADATA_KEY_BYTES", default_value_t = Limits::default().max_metadata_key_bytes)]
    pub max_metadata_key_bytes: usize,
    /// The longest metadata value, in bytes.
    #[arg(long, env = "LEDE_MAX_METADATA_VALUE_BYTES", default_value_t = Limits::default().max_metadata_value_bytes)]
    pub max_metadata_value_bytes: usize,
    /// The most bytes of a document's fields together (name, title, text, source, metadata):
    /// keep it well under the clients' message limit (4 MiB by default), so that a stored
    /// document can always be read back.
    #[arg(long, env = "LEDE_MAX_DOCUMENT_BYTES", default_value_t = Limits::default().max_document_bytes)]
    pub max_document_bytes: usize,
    /// How many requests may analyse at once. Default: twice the number of cores, so that
    /// the cores stay busy while a write waits for the disk.
    #[arg(long, env = "LEDE_WORKERS", default_value_t = Limits::default().workers)]
    pub workers: usize,
    /// How many requests may be in the server at once, analysing or waiting for a worker;
    /// beyond that they are refused at once with RESOURCE_EXHAUSTED (and a RetryInfo).
    #[arg(long, env = "LEDE_MAX_PENDING_REQUESTS", default_value_t = Limits::default().max_pending_requests)]
    pub max_pending_requests: usize,
    /// A TOML file of settings: each key a flag's long name (`addr = "0.0.0.0:50051"`,
    /// `max-connections = 512`, `cors-allow-origin = ["https://a.example"]`). Flags and
    /// environment variables override it.
    #[arg(long, env = "LEDE_CONFIG")]
    pub config: Option<PathBuf>,
    /// TLS: the server's certificate chain (PEM). With --tls-key, every connection is TLS.
    #[arg(long, env = "LEDE_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS: the server's private key (PEM).
    #[arg(long, env = "LEDE_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Mutual TLS: the CA certificates (PEM) a client's certificate must chain to; clients
    /// without one cannot connect.
    #[arg(long, env = "LEDE_TLS_CLIENT_CA", requires = "tls_cert")]
    pub tls_client_ca: Option<PathBuf>,
    /// Bearer tokens: a file of `TOKEN SCOPES` lines (scopes `read`, `write`; a token may be
    /// given as `sha256:HEX`). With it, every lede RPC needs `authorization: Bearer TOKEN`.
    #[arg(long, env = "LEDE_AUTH_TOKENS")]
    pub auth_tokens: Option<PathBuf>,
    /// Listen on a non-loopback address without --auth-tokens (when a proxy in front
    /// authenticates). Without it the server refuses to start so exposed.
    #[arg(long, env = "LEDE_ALLOW_UNAUTHENTICATED")]
    pub allow_unauthenticated: bool,
    /// The most connections open at once; at the cap an idle or unfinished connection is
    /// closed for a new one.
    #[arg(long, env = "LEDE_MAX_CONNECTIONS", default_value_t = ConnectionLimits::default().max_connections)]
    pub max_connections: usize,
    /// How long a new connection has to finish its TLS handshake and HTTP/2 preface
    /// (`10s`, `500ms`, `2m`).
    #[arg(long, env = "LEDE_HANDSHAKE_TIMEOUT", default_value = "10s", value_parser = config_file::parse_duration)]
    pub handshake_timeout: Duration,
    /// How long a connection may stay open without a request in flight.
    #[arg(long, env = "LEDE_IDLE_TIMEOUT", default_value = "5m", value_parser = config_file::parse_duration)]
    pub idle_timeout: Duration,
    /// The most concurrent requests on one HTTP/2 connection.
    #[arg(long, env = "LEDE_MAX_CONCURRENT_STREAMS", default_value_t = ConnectionLimits::default().max_concurrent_streams)]
    pub max_concurrent_streams: u32,
    /// How often an HTTP/2 connection is pinged to check that its peer is there.
    #[arg(long, env = "LEDE_KEEPALIVE_INTERVAL", default_value = "30s", value_parser = config_file::parse_duration)]
    pub keepalive_interval: Duration,
    /// How long a keepalive ping may go unanswered before the connection is dropped.
    #[arg(long, env = "LEDE_KEEPALIVE_TIMEOUT", default_value = "10s", value_parser = config_file::parse_duration)]
    pub keepalive_timeout: Duration,
    /// Accept gRPC-Web over HTTP/1.1 as well as gRPC over HTTP/2, for browser clients.
    #[arg(long, env = "LEDE_GRPC_WEB")]
    pub grpc_web: bool,
    /// An origin (`https://app.example`, or `*`) whose web pages may call the API (CORS);
    /// repeat the flag (or separate with commas in the environment variable) for several.
    #[arg(
        long,
        env = "LEDE_CORS_ALLOW_ORIGIN",
        value_delimiter = ',',
        requires = "grpc_web"
    )]
    pub cors_allow_origin: Vec<String>,
    /// Serve Prometheus metrics at `GET /metrics` on this address (plain HTTP/1.1, apart from
    /// gRPC; no authentication, so bind it where only the scraper reaches). Off by default.
    #[arg(long, env = "LEDE_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
}

/// Everything [`serve_with`] needs beyond the collection: limits, transport security,
/// authentication and browser access.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The limits on requests.
    pub limits: Limits,
    /// The limits on connections.
    pub connections: ConnectionLimits,
    /// TLS, if on ([`TlsFiles::server_config`]).
    pub tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    /// Bearer tokens, if authentication is on.
    pub tokens: Option<Arc<Tokens>>,
    /// Accept gRPC-Web over HTTP/1.1.
    pub grpc_web: bool,
    /// The origins allowed to call from a web page (`*` for any); none: no CORS headers.
    pub cors_allow_origins: Vec<String>,
}

impl Config {
    /// The limits of this configuration.
    #[must_use]
    pub fn limits(&self) -> Limits {
        Limits {
            max_text_bytes: self.max_text_bytes,
            max_message_bytes: self.max_message_bytes,
            max_page_size: self.max_page_size,
            max_import_bytes: self.max_import_bytes,
            max_title_bytes: self.max_title_bytes,
            max_source_bytes: self.max_source_bytes,
            max_metadata_entries: self.max_metadata_entries,
            max_metadata_key_bytes: self.max_metadata_key_bytes,
            max_metadata_value_bytes: self.max_metadata_value_bytes,
            max_document_bytes: self.max_document_bytes,
            workers: self.workers,
            max_pending_requests: self.max_pending_requests,
        }
    }

    /// Reads the configuration from the process's arguments, environment and `--config`
    /// file (flags and environment variables override the file).
    ///
    /// # Errors
    ///
    /// clap's error (call [`clap::Error::exit`]) for a bad flag, and for a `--config` file
    /// that cannot be read, is not TOML, or has a key that is no flag.
    pub fn load() -> Result<Self, clap::Error> {
        config_file::load(std::env::args_os())
    }

    /// As [`Config::load`], from `args` (the program's name first).
    ///
    /// # Errors
    ///
    /// As [`Config::load`].
    pub fn load_from<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString>,
    {
        config_file::load(args)
    }

    /// The limits on connections of this configuration.
    #[must_use]
    pub fn connection_limits(&self) -> ConnectionLimits {
        ConnectionLimits {
            max_connections: self.max_connections,
            handshake_timeout: self.handshake_timeout,
            idle_timeout: self.idle_timeout,
            max_concurrent_streams: self.max_concurrent_streams,
            keepalive_interval: self.keepalive_interval,
            keepalive_timeout: self.keepalive_timeout,
        }
    }

    /// The TLS files of this configuration, if TLS is on.
    #[must_use]
    pub fn tls_files(&self) -> Option<TlsFiles> {
        Some(TlsFiles {
            cert: self.tls_cert.clone()?,
            key: self.tls_key.clone()?,
            client_ca: self.tls_client_ca.clone(),
        })
    }

    /// Everything [`serve_with`] needs: reads the TLS and token files and checks that the
    /// server is not exposed without authentication.
    ///
    /// # Errors
    ///
    /// A TLS or tokens file that cannot be used, a limit of zero, or a non-loopback `--addr`
    /// without `--auth-tokens` or `--allow-unauthenticated`.
    pub fn options(&self) -> anyhow::Result<Options> {
        if self.auth_tokens.is_none()
            && !self.allow_unauthenticated
            && !self.addr.ip().is_loopback()
        {
            anyhow::bail!(
                "refusing to listen on {} without authentication: anyone who can reach it could \
                 read, import and delete documents. Give --auth-tokens FILE (see the README), or \
                 --allow-unauthenticated if something in front of the server authenticates",
                self.addr
            );
        }
        if self.max_connections == 0 || self.max_concurrent_streams == 0 {
            anyhow::bail!("--max-connections and --max-concurrent-streams must be at least 1");
        }
        let tokens = match &self.auth_tokens {
            None => None,
            Some(path) => Some(Arc::new(Tokens::from_file(path)?)),
        };
        let tls = match self.tls_files() {
            None => None,
            Some(files) => Some(files.server_config(self.grpc_web)?),
        };
        if tokens.is_some() && tls.is_none() && !self.addr.ip().is_loopback() {
            tracing::warn!(
                addr = %self.addr,
                "bearer tokens without TLS travel in clear text: give --tls-cert and --tls-key"
            );
        }
        Ok(Options {
            limits: self.limits(),
            connections: self.connection_limits(),
            tls,
            tokens,
            grpc_web: self.grpc_web,
            cors_allow_origins: self.cors_allow_origin.clone(),
        })
    }

    /// The data directory this configuration names (`None` in memory or with a shared
    /// store).
    #[must_use]
    pub fn data_dir(&self) -> Option<PathBuf> {
        if self.in_memory || self.store.is_some() {
            None
        } else {
            Some(
                self.data_dir
                    .clone()
                    .unwrap_or_else(lede_store::default_dir),
            )
        }
    }

    /// Opens the collection this configuration names: the store of the data directory, or
    /// in memory the seeds (or the files of `--corpus-dir` / `--corpus-jsonl`).
    ///
    /// # Errors
    ///
    /// The store's or the corpus's error when the directory or a file cannot be read or is
    /// invalid.
    ///
    /// With `--store` this blocks on the database (the client is synchronous): call it off
    /// the async runtime's worker threads.
    pub fn open_collection(&self) -> anyhow::Result<Collection> {
        if let Some(url) = &self.store {
            return self.open_shared(url);
        }
        if let Some(dir) = self.data_dir() {
            return Collection::open(&dir);
        }
        let corpus = if let Some(dir) = &self.corpus_dir {
            Corpus::from_dir(dir).with_context(|| format!("loading {}", dir.display()))?
        } else if let Some(path) = &self.corpus_jsonl {
            Corpus::from_jsonl(path, &JsonlFields::default())
                .with_context(|| format!("loading {}", path.display()))?
        } else {
            Corpus::from_seeds().context("loading the seed corpus")?
        };
        Ok(Collection::in_memory(corpus))
    }

    #[cfg(feature = "postgres")]
    fn open_shared(&self, url: &str) -> anyhow::Result<Collection> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            anyhow::bail!(
                "--store takes a PostgreSQL URL (postgres://user:password@host:port/database); \
                 for a directory use --data-dir"
            );
        }
        let options = lede_store::PgOptions {
            retain_changes: self.log_retention,
            ..lede_store::PgOptions::default()
        };
        Collection::open_postgres(url, options)
    }

    #[cfg(not(feature = "postgres"))]
    fn open_shared(&self, _url: &str) -> anyhow::Result<Collection> {
        anyhow::bail!(
            "--store needs a lede-server built with the `postgres` feature (on by default)"
        )
    }
}

/// The limits the server enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest inline text (or query) of a request, and the longest document text, in
    /// bytes (default 1 MiB).
    pub max_text_bytes: usize,
    /// The largest request message tonic decodes, in bytes (default 4 MiB).
    pub max_message_bytes: usize,
    /// A cap on every page size (default 1000).
    pub max_page_size: usize,
    /// The most bytes of the documents of one import stream, every field counted (default
    /// 1 GiB).
    pub max_import_bytes: usize,
    /// The longest document title, in bytes (default 2 KiB); this and the next five are the
    /// [`DocumentLimits`] of every write ([`Limits::document`]).
    pub max_title_bytes: usize,
    /// The longest document source, in bytes (default 2 KiB).
    pub max_source_bytes: usize,
    /// The most metadata entries of a document (default 32).
    pub max_metadata_entries: usize,
    /// The longest metadata key, in bytes (default 128).
    pub max_metadata_key_bytes: usize,
    /// The longest metadata value, in bytes (default 1 KiB).
    pub max_metadata_value_bytes: usize,
    /// The most bytes of all of a document's fields together (default 2 MiB: it fits a
    /// client's default 4 MiB message whole).
    pub max_document_bytes: usize,
    /// How many requests may analyse at once (default: twice the number of cores).
    pub workers: usize,
    /// How many requests may be in the server at once, analysing or waiting; the rest are
    /// shed with RESOURCE_EXHAUSTED (default 256).
    pub max_pending_requests: usize,
}

impl Limits {
    /// The limits of every document written: the text's is `max_text_bytes`, the date's the
    /// library's (the API's dates are timestamps, far shorter).
    #[must_use]
    pub fn document(&self) -> DocumentLimits {
        let mut limits = DocumentLimits::default();
        limits.max_text_bytes = self.max_text_bytes;
        limits.max_title_bytes = self.max_title_bytes;
        limits.max_source_bytes = self.max_source_bytes;
        limits.max_metadata_entries = self.max_metadata_entries;
        limits.max_metadata_key_bytes = self.max_metadata_key_bytes;
        limits.max_metadata_value_bytes = self.max_metadata_value_bytes;
        limits.max_document_bytes = self.max_document_bytes;
        limits
    }
}

impl Default for Limits {
    fn default() -> Self {
        let document = DocumentLimits::default();
        Self {
            max_text_bytes: document.max_text_bytes,
            max_message_bytes: 4 << 20,
            max_page_size: 1000,
            max_import_bytes: 1 << 30,
            max_title_bytes: document.max_title_bytes,
            max_source_bytes: document.max_source_bytes,
            max_metadata_entries: document.max_metadata_entries,
            max_metadata_key_bytes: document.max_metadata_key_bytes,
            max_metadata_value_bytes: document.max_metadata_value_bytes,
            max_document_bytes: document.max_document_bytes,
            workers: std::thread::available_parallelism()
                .map_or(2, |cores| cores.get().saturating_mul(2)),
            max_pending_requests: 256,
        }
    }
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) collection: Arc<Collection>,
    pub(crate) limits: Limits,
    pub(crate) admission: Arc<Admission>,
    pub(crate) metrics: Metrics,
}

/// Serves both services, reflection and health on `listener` until `shutdown` completes,
/// then finishes the requests in flight and returns.
///
/// # Errors
///
/// tonic's transport error if serving fails.
pub async fn serve(
    collection: Arc<Collection>,
    limits: Limits,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let options = Options {
        limits,
        ..Options::default()
    };
    serve_with(collection, options, listener, shutdown).await
}

/// Serves as [`serve`] does, with TLS, authentication, connection limits and gRPC-Web as
/// `options` say.
///
/// # Errors
///
/// tonic's transport error if serving fails; an invalid CORS origin.
pub async fn serve_with(
    collection: Arc<Collection>,
    options: Options,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let limits = options.limits;
    // The corpus refuses what breaks these limits on every write, whatever the handler.
    collection.set_document_limits(limits.document());
    let state = State {
        limits,
        admission: Arc::new(Admission::new(limits.workers, limits.max_pending_requests)),
        metrics: collection.metrics().clone(),
        collection,
    };
    // Every service the server offers is described, health and reflection included, so that
    // `grpcurl list` shows them all and `grpcurl describe` works on each.
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(lede_proto::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            // google.rpc error details, so that clients can decode BadRequest by reflection.
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(
                tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
            )
    };
    let reflection_v1 = reflection().build_v1().context("building reflection v1")?;
    let reflection_v1alpha = reflection()
        .build_v1alpha()
        .context("building reflection v1alpha")?;
    let (health_reporter, health) = tonic_health::server::health_reporter();
    health_reporter
        .set_serving::<TextAnalysisServiceServer<handlers::text::TextService>>()
        .await;
    health_reporter
        .set_serving::<CorpusServiceServer<handlers::corpus::CorpusApi>>()
        .await;
    state.collection.start_following()?;
    let readiness = tokio::spawn(report_readiness(
        Arc::downgrade(&state.collection),
        health_reporter.clone(),
    ));

    let text_service = TextAnalysisServiceServer::new(handlers::text::TextService(state.clone()))
        .max_decoding_message_size(limits.max_message_bytes);
    let corpus_service = CorpusServiceServer::new(handlers::corpus::CorpusApi(state.clone()))
        .max_decoding_message_size(limits.max_message_bytes);

    let cors = cors_layer(&options.cors_allow_origins)?;
    let connection_limits = options.connections;
    let (incoming, registry) = connections::incoming(
        listener,
        options.tls.map(tokio_rustls::TlsAcceptor::from),
        connection_limits,
        state.metrics.clone(),
    );
    let served = tonic::transport::Server::builder()
        .accept_http1(options.grpc_web)
        .max_concurrent_streams(connection_limits.max_concurrent_streams)
        .http2_keepalive_interval(Some(connection_limits.keepalive_interval))
        .http2_keepalive_timeout(Some(connection_limits.keepalive_timeout))
        // Outermost first: requests in flight are counted per connection (idle timeout),
        // CORS answers a browser's preflight before anything needs a token, gRPC-Web
        // becomes gRPC, and only then are tokens checked.
        .layer(connections::ActivityLayer::new(registry))
        .layer(tower::util::option_layer(cors))
        .layer(tower::util::option_layer(
            options.grpc_web.then(tonic_web::GrpcWebLayer::new),
        ))
        // Inside gRPC-Web, whose responses carry their trailers (the code) in the body.
        .layer(metrics::layer(&state.metrics))
        .layer(auth::AuthLayer::new(options.tokens))
        .layer(message_size::layer())
        .add_service(health)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(text_service)
        .add_service(corpus_service)
        .serve_with_incoming_shutdown(incoming, shutdown)
        .await
        .context("serving");
    readiness.abort();
    served
}

/// With a shared store, keeps health (the whole server, `""`, and `lede.v1.CorpusService`)
/// SERVING exactly while this server follows the change log and is caught up with it: what
/// a load balancer's readiness check asks.
async fn report_readiness(
    collection: std::sync::Weak<Collection>,
    reporter: tonic_health::server::HealthReporter,
) {
    use tonic_health::ServingStatus;
    let mut reported = None;
    loop {
        let Some(ready) = collection.upgrade().and_then(|c| c.is_ready()) else {
            return;
        };
        if reported != Some(ready) {
            let status = if ready {
                ServingStatus::Serving
            } else {
                ServingStatus::NotServing
            };
            reporter.set_service_status("", status).await;
            reporter
                .set_service_status(
                    <CorpusServiceServer<handlers::corpus::CorpusApi> as tonic::server::NamedService>::NAME,
                    status,
                )
                .await;
            reported = Some(ready);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The CORS layer for `origins` (`*` for any), or none without origins.
fn cors_layer(origins: &[String]) -> anyhow::Result<Option<tower_http::cors::CorsLayer>> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    if origins.is_empty() {
        return Ok(None);
    }
    let allow_origin = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|origin| {
                http::HeaderValue::from_str(origin).with_context(|| {
                    format!("--cors-allow-origin {origin:?} is not a valid origin")
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        AllowOrigin::list(values)
    };
    // What a gRPC-Web client sends and must read back (the status is in trailers that
    // gRPC-Web moves into the body, but an early error comes in the headers).
    let request_headers = [
        "authorization",
        "content-type",
        "x-grpc-web",
        "x-user-agent",
        "grpc-timeout",
    ];
    let response_headers = ["grpc-status", "grpc-message", "grpc-status-details-bin"];
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([http::Method::POST, http::Method::OPTIONS])
            .allow_headers(request_headers.map(http::HeaderName::from_static))
            .expose_headers(response_headers.map(http::HeaderName::from_static))
            .max_age(Duration::from_secs(24 * 3600)),
    ))
}

/// Runs one handler: logs its gRPC code and latency once (inside the request's span, which
/// names the method), counts it if it was shed, and converts its error.
pub(crate) async fn handle<T>(
    state: &State,
    method: &'static str,
    work: impl Future<Output = Result<T, ApiError>>,
) -> Result<Response<T>, Status> {
    let start = Instant::now();
    let result = work.await;
    if let Err(ApiError::Overloaded { .. }) = &result {
        state.metrics.shed(method);
    }
    let result = result.map(Response::new).map_err(Status::from);
    let code = match &result {
        Ok(_) => tonic::Code::Ok,
        Err(status) => status.code(),
    };
    tracing::info!(
        code = ?code,
        latency_us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    result
}

/// The deadline a request carries in its `grpc-timeout` header, if any.
pub(crate) fn deadline<T>(request: &Request<T>) -> Option<Duration> {
    let value = request.metadata().get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(amount.saturating_mul(3600)),
        "M" => Duration::from_secs(amount.saturating_mul(60)),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    })
}
