//! The metrics endpoint: a real server with its `/metrics` listener on `127.0.0.1:0`, read
//! with a plain HTTP/1.1 GET after real RPCs. Requests by method and code, latency
//! histograms, in-flight requests, shed requests, the corpus gauges and the store's commit
//! latency.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser as _;
use common::{Server, doc, inline};
use lede_corpus::Corpus;
use lede_proto::v1::*;
use lede_server::{Collection, Config, Limits, Metrics};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tonic::Code;

/// A server whose collection records into fresh metrics, with its `/metrics` listener.
struct Observed {
    server: Server,
    metrics_addr: SocketAddr,
}

impl Observed {
    async fn start(collection: Collection, limits: Limits, dir: Option<tempfile::TempDir>) -> Self {
        let collection = collection.with_metrics(Metrics::new());
        let listener = lede_server::metrics::bind("127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let metrics_addr = listener.local_addr().unwrap();
        tokio::spawn(lede_server::metrics::serve_metrics(
            listener,
            collection.metrics().clone(),
            std::future::pending(),
        ));
        Self {
            server: Server::start(collection, limits, dir).await,
            metrics_addr,
        }
    }

    async fn seeds(limits: Limits) -> Self {
        Self::start(
            Collection::in_memory(Corpus::from_seeds().unwrap()),
            limits,
            None,
        )
        .await
    }

    /// A new data directory (seeded), stored on disk.
    async fn durable() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let collection = Collection::open(dir.path()).unwrap();
        Self::start(collection, Limits::default(), Some(dir)).await
    }

    async fn scrape(&self) -> Exposition {
        let (status, head, body) = get(self.metrics_addr, "/metrics").await;
        assert_eq!(status, 200, "{head}\n{body}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/openmetrics-text"),
            "{head}"
        );
        Exposition::parse(&body)
    }
}

/// `GET path` over HTTP/1.1 on a new connection: the status, the head and the body.
async fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_owned(), body.to_owned())
}

/// A sample's labels and value.
type Sample = (BTreeMap<String, String>, f64);

/// The samples of an exposition: for each metric name, its label sets and values.
#[derive(Debug)]
struct Exposition {
    text: String,
    samples: BTreeMap<String, Vec<Sample>>,
}

impl Exposition {
    fn parse(text: &str) -> Self {
        let mut samples: BTreeMap<String, Vec<_>> = BTreeMap::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (series, value) = line.rsplit_once(' ').unwrap();
            let (name, labels) = match series.split_once('{') {
                Some((name, labels)) => (name, labels.strip_suffix('}').unwrap()),
                None => (series, ""),
            };
            let labels = labels
                .split(',')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap();
                    (key.to_owned(), value.trim_matches('"').to_owned())
                })
                .collect();
            samples
                .entry(name.to_owned())
                .or_default()
                .push((labels, value.parse().unwrap()));
        }
        Self {
            text: text.to_owned(),
            samples,
        }
    }

    /// The value of the one series of `name` whose labels include `labels`; `None` if there
    /// is none.
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let matching: Vec<f64> = self
            .samples
            .get(name)?
            .iter()
            .filter(|(have, _)| {
                labels
                    .iter()
                    .all(|(key, value)| have.get(*key).is_some_and(|v| v == value))
            })
            .map(|(_, value)| *value)
            .collect();
        assert!(
            matching.len() <= 1,
            "{name} {labels:?} names {} series:\n{}",
            matching.len(),
            self.text
        );
        matching.first().copied()
    }

    /// Like [`value`](Self::value), but the series must exist.
    fn get(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.value(name, labels)
            .unwrap_or_else(|| panic!("no {name} {labels:?} in\n{}", self.text))
    }
}

const TEXT_SERVICE: &str = "lede.v1.TextAnalysisService";
const CORPUS_SERVICE: &str = "lede.v1.CorpusService";

fn rpc<'a>(service: &'a str, method: &'a str, code: &'a str) -> [(&'a str, &'a str); 3] {
    [("service", service), ("method", method), ("code", code)]
}

#[tokio::test]
async fn requests_are_counted_by_method_and_code_with_their_latency() {
    let observed = Observed::seeds(Limits::default()).await;
    let mut text = observed.server.text();
    for _ in 0..3 {
        text.tokenize(TokenizeRequest {
            input: inline("The euro rose."),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    for _ in 0..2 {
        let status = text
            .tokenize(TokenizeRequest {
                input: inline(""),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument);
    }
    let status = observed
        .server
        .corpus()
        .get_document(GetDocumentRequest {
            name: "documents/no-such-document".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    common::assert_serving(&observed.server.channel, "before the scrape").await;

    let metrics = observed.scrape().await;
    let requests = "lede_requests_total";
    assert_eq!(
        metrics.get(requests, &rpc(TEXT_SERVICE, "Tokenize", "OK")),
        3.0
    );
    assert_eq!(
        metrics.get(requests, &rpc(TEXT_SERVICE, "Tokenize", "InvalidArgument")),
        2.0
    );
    assert_eq!(
        metrics.get(requests, &rpc(CORPUS_SERVICE, "GetDocument", "NotFound")),
        1.0
    );
    assert_eq!(
        metrics.value(requests, &rpc(CORPUS_SERVICE, "GetDocument", "OK")),
        None
    );
    // Health checks are requests too (three: the server, and each service).
    assert_eq!(
        metrics.get(requests, &rpc("grpc.health.v1.Health", "Check", "OK")),
        3.0
    );

    // One latency observation per request, whatever its code, in cumulative buckets.
    let tokenize = [("service", TEXT_SERVICE), ("method", "Tokenize")];
    assert_eq!(
        metrics.get("lede_request_duration_seconds_count", &tokenize),
        5.0
    );
    let buckets: Vec<(f64, f64)> = metrics.samples["lede_request_duration_seconds_bucket"]
        .iter()
        .filter(|(labels, _)| labels.get("method").is_some_and(|m| m == "Tokenize"))
        .map(|(labels, count)| {
            let le = labels["le"].as_str();
            let le = if le == "+Inf" {
                f64::INFINITY
            } else {
                le.parse().unwrap()
            };
            (le, *count)
        })
        .collect();
    assert!(buckets.len() > 10, "{buckets:?}");
    assert!(
        buckets
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
        "{buckets:?}"
    );
    assert_eq!(buckets.last().unwrap(), &(f64::INFINITY, 5.0));
    let seconds = metrics.get("lede_request_duration_seconds_sum", &tokenize);
    assert!(seconds > 0.0, "{seconds}");

    assert_eq!(metrics.get("lede_requests_in_flight", &[]), 0.0);
    // Nothing was shed.
    assert_eq!(metrics.value("lede_requests_shed_total", &[]), None);

    // Only /metrics is served.
    let (status, _, _) = get(observed.metrics_addr, "/").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_streaming_import_is_in_flight_until_it_ends() {
    let observed = Observed::seeds(Limits::default()).await;
    let (send, receive) = tokio::sync::mpsc::channel(4);
    let mut corpus = observed.server.corpus();
    let import = tokio::spawn(async move {
        corpus
            .import_documents(tokio_stream::wrappers::ReceiverStream::new(receive))
            .await
    });
    send.send(ImportDocumentsRequest {
        requests: vec![common::create("streamed", doc("Streamed", "Oil rose."))],
    })
    .await
    .unwrap();
    // The stream stays open: the server holds the request until it ends.
    let mut scrapes = 0;
    while observed.scrape().await.get("lede_requests_in_flight", &[]) < 1.0 {
        scrapes += 1;
        assert!(scrapes < 500, "the import never counted as in flight");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let metrics = observed.scrape().await;
    assert_eq!(metrics.get("lede_requests_in_flight", &[]), 1.0);
    assert_eq!(
        metrics.value("lede_requests_total", &[("method", "ImportDocuments")]),
        None
    );
    drop(send);
    let imported = import.await.unwrap().unwrap().into_inner();
    assert_eq!(imported.imported_count, 1);

    let metrics = observed.scrape().await;
    assert_eq!(metrics.get("lede_requests_in_flight", &[]), 0.0);
    assert_eq!(
        metrics.get(
            "lede_requests_total",
            &rpc(CORPUS_SERVICE, "ImportDocuments", "OK")
        ),
        1.0
    );
    assert_eq!(metrics.get("lede_corpus_documents", &[]), 6.0);
}

#[tokio::test]
async fn corpus_gauges_and_commit_latency_follow_the_writes() {
    let observed = Observed::durable().await;
    let metrics = observed.scrape().await;
    assert_eq!(metrics.get("lede_corpus_documents", &[]), 5.0);
    let seed_bytes: usize = lede_corpus::seed_documents()
        .iter()
        .map(|document| document.text.len())
        .sum();
    assert_eq!(
        metrics.get("lede_corpus_text_bytes", &[]),
        seed_bytes as f64
    );
    // No write yet: the load is not a commit.
    assert_eq!(
        metrics.value("lede_store_commit_duration_seconds_count", &[]),
        None
    );

    let text = "The central bank raised its rate. Markets fell.";
    let mut corpus = observed.server.corpus();
    corpus
        .create_document(common::create("rates", doc("Rates", text)))
        .await
        .unwrap();
    let metrics = observed.scrape().await;
    assert_eq!(metrics.get("lede_corpus_documents", &[]), 6.0);
    assert_eq!(
        metrics.get("lede_corpus_text_bytes", &[]),
        (seed_bytes + text.len()) as f64
    );
    let insert = [("operation", "insert")];
    assert_eq!(
        metrics.get("lede_store_commit_duration_seconds_count", &insert),
        1.0
    );
    assert!(metrics.get("lede_store_commit_duration_seconds_sum", &insert) > 0.0);

    let shorter = "Markets fell.";
    corpus
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/rates".to_owned(),
                text: shorter.to_owned(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["text".to_owned()],
            }),
        })
        .await
        .unwrap();
    // A write that fails commits nothing.
    let status = corpus
        .create_document(common::create("rates", doc("Again", text)))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::AlreadyExists);
    let metrics = observed.scrape().await;
    assert_eq!(
        metrics.get("lede_corpus_text_bytes", &[]),
        (seed_bytes + shorter.len()) as f64
    );
    assert_eq!(
        metrics.get(
            "lede_store_commit_duration_seconds_count",
            &[("operation", "update")]
        ),
        1.0
    );
    assert_eq!(
        metrics.get("lede_store_commit_duration_seconds_count", &insert),
        1.0
    );

    corpus
        .delete_document(DeleteDocumentRequest {
            name: "documents/rates".to_owned(),
        })
        .await
        .unwrap();
    let metrics = observed.scrape().await;
    assert_eq!(metrics.get("lede_corpus_documents", &[]), 5.0);
    assert_eq!(
        metrics.get("lede_corpus_text_bytes", &[]),
        seed_bytes as f64
    );
    assert_eq!(
        metrics.get(
            "lede_store_commit_duration_seconds_count",
            &[("operation", "delete")]
        ),
        1.0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_shed_by_admission_control_are_counted() {
    // One request in the server at a time: the others of a burst are shed.
    let limits = Limits {
        workers: 1,
        max_pending_requests: 1,
        ..Limits::default()
    };
    let observed = Observed::seeds(limits).await;
    let heavy = common::words(1).repeat(200);
    let mut shed = 0;
    let mut answered = 0;
    // Bounded: a burst on a busy machine may happen to arrive one at a time.
    for _ in 0..20 {
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let mut text = observed.server.text();
            let heavy = heavy.clone();
            burst.spawn(async move {
                text.extract_keywords(ExtractKeywordsRequest {
                    input: inline(&heavy),
                    ..Default::default()
                })
                .await
            });
        }
        while let Some(reply) = burst.join_next().await {
            match reply.unwrap() {
                Ok(_) => answered += 1,
                Err(status) if status.code() == Code::ResourceExhausted => shed += 1,
                Err(status) => panic!("{status:?}"),
            }
        }
        if shed > 0 {
            break;
        }
    }
    assert!(shed > 0, "no request of 20 bursts was shed");
    let metrics = observed.scrape().await;
    assert_eq!(
        metrics.get("lede_requests_shed_total", &[("method", "ExtractKeywords")]),
        f64::from(shed)
    );
    assert_eq!(
        metrics.get(
            "lede_requests_total",
            &rpc(TEXT_SERVICE, "ExtractKeywords", "ResourceExhausted")
        ),
        f64::from(shed)
    );
    assert_eq!(
        metrics.get(
            "lede_requests_total",
            &rpc(TEXT_SERVICE, "ExtractKeywords", "OK")
        ),
        f64::from(answered)
    );
}

#[tokio::test]
async fn paths_the_server_does_not_offer_share_one_label() {
    let observed = Observed::seeds(Limits::default()).await;
    let mut stream = tokio::net::TcpStream::connect(observed.server.addr)
        .await
        .unwrap();
    // Not gRPC at all: the HTTP/2 server refuses it without a request.
    stream.write_all(b"GET /x HTTP/1.1\r\n\r\n").await.unwrap();
    drop(stream);
    for path in ["/lede.v1.Nope/Nope", "/lede.v1.CorpusService/Nope"] {
        let mut grpc = tonic::client::Grpc::new(observed.server.channel.clone());
        grpc.ready().await.unwrap();
        let status = grpc
            .unary::<GetCorpusStatsRequest, GetCorpusStatsResponse, _>(
                tonic::Request::new(GetCorpusStatsRequest::default()),
                path.parse().unwrap(),
                tonic_prost::ProstCodec::default(),
            )
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::Unimplemented, "{path}");
    }
    let metrics = observed.scrape().await;
    assert_eq!(
        metrics.get(
            "lede_requests_total",
            &rpc("unknown", "unknown", "Unimplemented")
        ),
        2.0
    );
}

#[test]
fn the_metrics_listener_is_off_unless_asked_for() {
    let config = Config::try_parse_from(["lede-server"]).unwrap();
    assert_eq!(config.metrics_addr, None);
    let config =
        Config::try_parse_from(["lede-server", "--metrics-addr", "127.0.0.1:9464"]).unwrap();
    assert_eq!(config.metrics_addr, Some("127.0.0.1:9464".parse().unwrap()));
    assert!(!Collection::in_memory(Corpus::new()).metrics().is_enabled());
}

/// A gRPC-Web call (`StemRequest`) over HTTP/1.1 with `token`, as a browser makes it; returns
/// the response head.
async fn grpc_web_stem(addr: SocketAddr, token: &str) -> String {
    let payload = prost::Message::encode_to_vec(&StemRequest {
        words: vec!["garanties".to_owned()],
        language: "fr".to_owned(),
    });
    let mut body = vec![0_u8];
    body.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
    body.extend_from_slice(&payload);
    let mut request = format!(
        "POST /lede.v1.TextAnalysisService/Stem HTTP/1.1\r\nHost: lede.test\r\n\
         Content-Type: application/grpc-web+proto\r\nX-Grpc-Web: 1\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(&request).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn refused_tokens_and_grpc_web_calls_are_counted_with_their_codes() {
    let collection =
        Collection::in_memory(Corpus::from_seeds().unwrap()).with_metrics(Metrics::new());
    let metrics = collection.metrics().clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = lede_server::Options {
        grpc_web: true,
        tokens: Some(std::sync::Arc::new(
            lede_server::Tokens::parse("reader-token-0123 read\n").unwrap(),
        )),
        ..lede_server::Options::default()
    };
    tokio::spawn(lede_server::serve_with(
        std::sync::Arc::new(collection),
        options,
        listener,
        std::future::pending(),
    ));
    let channel = common::connect(addr).await;
    let status = text_analysis_service_client::TextAnalysisServiceClient::new(channel)
        .stem(StemRequest {
            words: vec!["x".to_owned()],
            language: "en".to_owned(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    let head = grpc_web_stem(addr, "reader-token-0123").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    let metrics = Exposition::parse(&metrics.encode());
    assert_eq!(
        metrics.get(
            "lede_requests_total",
            &rpc(TEXT_SERVICE, "Stem", "Unauthenticated")
        ),
        1.0
    );
    // gRPC-Web carries its trailers in the body: counted with the code they hold.
    assert_eq!(
        metrics.get("lede_requests_total", &rpc(TEXT_SERVICE, "Stem", "OK")),
        1.0
    );
    assert_eq!(metrics.get("lede_requests_in_flight", &[]), 0.0);
}

#[tokio::test]
async fn open_connections_are_counted() {
    let observed = Observed::seeds(Limits::default()).await;
    common::assert_serving(&observed.server.channel, "the first connection").await;
    let before = observed.scrape().await.get("lede_connections", &[]);
    assert!(before >= 1.0, "the test's own channel is open: {before}");
    let extra = common::connect(observed.server.addr).await;
    common::assert_serving(&extra, "a second connection").await;
    assert_eq!(
        observed.scrape().await.get("lede_connections", &[]),
        before + 1.0
    );
    drop(extra);
    // The server sees the close when it next reads the socket.
    let mut scrapes = 0;
    while observed.scrape().await.get("lede_connections", &[]) > before {
        scrapes += 1;
        assert!(scrapes < 500, "a closed connection is still counted");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
