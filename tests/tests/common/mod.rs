//! Helpers shared by the end-to-end tests: servers in this process and in child processes,
//! documents to send, listing every document, and the statistics a corpus rebuilt from
//! scratch would have.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use lede_corpus::Corpus;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::text_analysis_service_client::TextAnalysisServiceClient;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_types::StatusExt as _;

/// A server running in this process on `127.0.0.1:0`, and a channel to it; the server stops
/// when this is dropped (and its data directory, if any, is removed).
pub struct Server {
    pub addr: std::net::SocketAddr,
    pub channel: Channel,
    _stop: tokio::sync::oneshot::Sender<()>,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// Serves `collection` with `limits`; `dir` is the collection's data directory, kept as
    /// long as the server runs.
    pub async fn start(
        collection: Collection,
        limits: Limits,
        dir: Option<tempfile::TempDir>,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(lede_server::serve(
            Arc::new(collection),
            limits,
            listener,
            async {
                let _ = stopped.await;
            },
        ));
        Self {
            addr,
            channel: connect(addr).await,
            _stop: stop,
            _dir: dir,
        }
    }

    /// A server over the seeds, in memory.
    pub async fn seeds(limits: Limits) -> Self {
        Self::start(
            Collection::in_memory(Corpus::from_seeds().unwrap()),
            limits,
            None,
        )
        .await
    }

    /// A client that decodes responses of any size, so that every status a test sees is
    /// the server's (the tokens of a 1 MB text are more than tonic's default 4 MiB).
    pub fn text(&self) -> TextAnalysisServiceClient<Channel> {
        TextAnalysisServiceClient::new(self.channel.clone()).max_decoding_message_size(usize::MAX)
    }

    /// A client that decodes responses of any size.
    pub fn corpus(&self) -> CorpusServiceClient<Channel> {
        CorpusServiceClient::new(self.channel.clone()).max_decoding_message_size(usize::MAX)
    }
}

/// A channel to `addr`, connected.
pub async fn connect(addr: std::net::SocketAddr) -> Channel {
    tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap()
}

/// An inline text input.
pub fn inline(text: &str) -> Option<TextInput> {
    Some(TextInput {
        content: Some(text_input::Content::Text(text.to_owned())),
    })
}

/// An input naming a corpus document (`documents/{id}`).
pub fn named(name: &str) -> Option<TextInput> {
    Some(TextInput {
        content: Some(text_input::Content::Document(name.to_owned())),
    })
}

/// A document to create with `text` and `title`, nothing else.
pub fn doc(title: &str, text: &str) -> Document {
    Document {
        title: title.to_owned(),
        text: text.to_owned(),
        ..Document::default()
    }
}

/// A `CreateDocumentRequest` for `document` with identifier `id` (may be empty).
pub fn create(id: &str, document: Document) -> CreateDocumentRequest {
    CreateDocumentRequest {
        document: Some(document),
        document_id: id.to_owned(),
    }
}

/// A few made-up words, different for each `n`, so that generated documents differ in
/// their vocabulary as news articles do.
pub fn words(n: usize) -> String {
    const PLACES: [&str; 7] = [
        "Lisbon", "Oslo", "Nairobi", "Lima", "Hanoi", "Tbilisi", "Quito",
    ];
    const TOPICS: [&str; 6] = [
        "tariffs",
        "pensions",
        "fisheries",
        "railways",
        "vaccines",
        "drought",
    ];
    format!(
        "Officials in {} discussed {} and the budget of district{} on day {n}. \
         The envoy called the talks on {} productive, and a vote on measure{} is expected. \
         Reporters noted the code word zq{n}x.",
        PLACES[n % PLACES.len()],
        TOPICS[n % TOPICS.len()],
        n % 13,
        TOPICS[(n / 7) % TOPICS.len()],
        n % 17,
    )
}

/// Checks the code and that a BadRequest field violation names `field`.
pub fn assert_invalid(status: &Status, field: &str) {
    if let Err(problem) = check_invalid(status, field) {
        panic!("{problem}");
    }
}

/// Every document of the corpus, paging through `ListDocuments` with `view`; also checks
/// that `total_size` is the same on every page and equals the number listed.
pub async fn list_all(
    client: &mut CorpusServiceClient<Channel>,
    view: DocumentView,
) -> Vec<Document> {
    let mut documents = Vec::new();
    let mut token = String::new();
    let mut total = None;
    loop {
        let page = client
            .list_documents(ListDocumentsRequest {
                page_size: 400,
                page_token: token.clone(),
                view: view.into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(*total.get_or_insert(page.total_size), page.total_size);
        documents.extend(page.documents);
        token = page.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(total.unwrap() as usize, documents.len(), "total_size");
    assert!(
        documents.windows(2).all(|w| w[0].name < w[1].name),
        "not in name order"
    );
    documents
}

/// `ListDocuments` `total_size`.
pub async fn total_size(client: &mut CorpusServiceClient<Channel>) -> i32 {
    client
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .total_size
}

/// `GetCorpusStats` with `k` top terms.
pub async fn stats(client: &mut CorpusServiceClient<Channel>, k: i32) -> GetCorpusStatsResponse {
    client
        .get_corpus_stats(GetCorpusStatsRequest {
            top_terms_count: k,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
}

/// The statistics a fresh English corpus of `documents` (full view) would give, computed
/// as the server's `GetCorpusStats` computes them.
pub fn expected_stats(documents: &[Document], k: usize) -> GetCorpusStatsResponse {
    let mut corpus = Corpus::new();
    for document in documents {
        let id = document.name.strip_prefix("documents/").unwrap();
        corpus
            .insert(lede_corpus::Document::new(id, document.text.clone()))
            .unwrap();
    }
    let stats = corpus.stats();
    GetCorpusStatsResponse {
        // Servers without a shared store report 0.
        applied_sequence: 0,
        document_count: i32::try_from(corpus.len()).unwrap(),
        vocabulary_size: i32::try_from(stats.live_terms()).unwrap(),
        total_terms: i64::try_from(stats.total_length()).unwrap(),
        top_terms: corpus
            .top_terms(k)
            .unwrap()
            .into_iter()
            .map(|t| TermStats {
                term: t.term.to_owned(),
                surface_form: t.text.to_owned(),
                document_frequency: i32::try_from(t.document_frequency).unwrap(),
                occurrences: i64::try_from(t.occurrences).unwrap(),
                score: t.score,
            })
            .collect(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Asserts that two statistics agree: counts exactly; top terms in the same order (two
/// terms may only trade places when their scores tie to 1e-9), with the same document
/// frequency, occurrences and surface form, and scores equal to 1e-9.
pub fn assert_stats_eq(got: &GetCorpusStatsResponse, want: &GetCorpusStatsResponse, context: &str) {
    assert_eq!(
        got.document_count, want.document_count,
        "{context}: document_count"
    );
    assert_eq!(
        got.vocabulary_size, want.vocabulary_size,
        "{context}: vocabulary_size"
    );
    assert_eq!(got.total_terms, want.total_terms, "{context}: total_terms");
    assert_eq!(
        got.top_terms.len(),
        want.top_terms.len(),
        "{context}: number of top terms"
    );
    let wanted: BTreeMap<&str, &TermStats> = want
        .top_terms
        .iter()
        .map(|t| (t.term.as_str(), t))
        .collect();
    for (i, (g, w)) in got.top_terms.iter().zip(&want.top_terms).enumerate() {
        assert!(
            close(g.score, w.score),
            "{context}: top term {i}: got {g:?}, want {w:?}"
        );
        if g.term != w.term {
            continue; // a tie, checked above
        }
        assert_eq!(
            g,
            &TermStats {
                score: g.score,
                ..w.clone()
            },
            "{context}: top term {i}"
        );
    }
    for g in &got.top_terms {
        if let Some(w) = wanted.get(g.term.as_str()) {
            assert_eq!(
                (g.document_frequency, g.occurrences, &g.surface_form),
                (w.document_frequency, w.occurrences, &w.surface_form),
                "{context}: term {}",
                g.term
            );
        }
    }
}

/// Like [`assert_invalid`], but returns what is wrong instead of panicking (for tables of
/// cases that report every failure at once).
pub fn check_invalid(status: &Status, field: &str) -> Result<(), String> {
    if status.code() != Code::InvalidArgument {
        return Err(format!(
            "want INVALID_ARGUMENT naming {field}, got {status:?}"
        ));
    }
    let Some(bad_request) = status.get_details_bad_request() else {
        return Err(format!("no BadRequest details in {status:?}"));
    };
    if bad_request
        .field_violations
        .iter()
        .any(|v| v.field == field)
    {
        Ok(())
    } else {
        Err(format!("{bad_request:?} names no {field}"))
    }
}

/// Asserts that `grpc.health.v1.Health/Check` answers SERVING for the server as a whole and
/// for both services.
pub async fn assert_serving(channel: &Channel, context: &str) {
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel.clone());
    for service in [
        "",
        lede_proto::service_names::TEXT_ANALYSIS,
        lede_proto::service_names::CORPUS,
    ] {
        let response = health
            .check(tonic_health::pb::HealthCheckRequest {
                service: service.to_owned(),
            })
            .await
            .unwrap_or_else(|status| panic!("{context}: health of {service:?}: {status:?}"))
            .into_inner();
        assert_eq!(
            response.status(),
            tonic_health::pb::health_check_response::ServingStatus::Serving,
            "{context}: health of {service:?}"
        );
    }
}

/// A server process: this test binary run again with only the ignored test `child` selected
/// and `var` set to `value` (the child reads its configuration from it), serving until its
/// standard input is closed; killed if still running when dropped.
pub struct ServerProcess {
    pub process: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    pub addr: SocketAddr,
    lines: mpsc::Receiver<String>,
}

impl ServerProcess {
    /// Starts the server; `Err` with what it printed if it could not start.
    pub fn start(child: &str, var: &str, value: &std::ffi::OsStr) -> Result<Self, String> {
        let mut process = Command::new(std::env::current_exe().unwrap())
            .args([
                child,
                "--exact",
                "--nocapture",
                "--include-ignored",
                "--test-threads=1",
            ])
            .env(var, value)
            // The child logs to the inherited stderr: warnings and errors only, unless the
            // test run asks for more.
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".to_owned()),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = process.stdin.take();
        let stdout = process.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = send.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut output = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    // The harness prints `test child_server ... ` without a newline first.
                    if let Some((_, port)) = line.split_once("PORT ") {
                        let port: u16 = port.trim().parse().unwrap();
                        return Ok(Self {
                            process,
                            stdin,
                            addr: SocketAddr::from(([127, 0, 0, 1], port)),
                            lines,
                        });
                    }
                    output.push(line);
                }
                Err(_) => {
                    let _ = process.kill();
                    let status = process.wait().unwrap();
                    return Err(format!("server exited ({status}): {}", output.join("\n")));
                }
            }
        }
    }

    pub async fn client(&self) -> CorpusServiceClient<Channel> {
        CorpusServiceClient::new(connect(self.addr).await)
    }

    /// SIGKILL, and wait for the process to be gone.
    pub fn kill(mut self) {
        self.process.kill().unwrap();
        self.process.wait().unwrap();
    }

    /// Closes the server's standard input, which stops it gracefully, and waits for it to
    /// exit successfully.
    pub fn stop(mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.process.try_wait().unwrap() {
                assert!(status.success(), "the server exited with {status}");
                break;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
        // The rest of its output, until the reader thread sees the end of it.
        let mut said = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(10)) {
            said.push(line);
        }
        assert!(said.iter().any(|l| l.contains("STOPPED")), "{said:?}");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.process.try_wait() {
            let _ = self.process.kill();
            let _ = self.process.wait();
        }
    }
}

/// The body of a child server process (see [`ServerProcess`]): serves what `open` opens on
/// 127.0.0.1:0 with `limits`, prints `PORT <n>`, and stops gracefully when standard input
/// closes, printing `STOPPED`. An `open` error is printed as `ERROR …` and exits with 3.
pub fn run_child_server(open: impl FnOnce() -> anyhow::Result<Collection> + Send + 'static) {
    use std::io::{Read as _, Write as _};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let _telemetry = lede_server::telemetry::init();
        // Off the runtime's workers: a shared store's client blocks.
        let collection = match tokio::task::spawn_blocking(open).await.unwrap() {
            Ok(collection) => collection,
            Err(error) => {
                println!("ERROR {error:#}");
                std::io::stdout().flush().unwrap();
                std::process::exit(3);
            }
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("\nPORT {}", listener.local_addr().unwrap().port());
        std::io::stdout().flush().unwrap();
        // Stop gracefully when the parent closes our standard input (or dies).
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut sink);
            let _ = stop.send(());
        });
        lede_server::serve(Arc::new(collection), Limits::default(), listener, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    println!("STOPPED");
    std::io::stdout().flush().unwrap();
}
