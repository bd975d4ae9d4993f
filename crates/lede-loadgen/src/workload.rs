//! The requests a run sends: which RPC, with what message, on which connection.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::Conn;
use crate::stats::{Recorder, Summary};
use clap::ValueEnum;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::{
    CreateDocumentRequest, DeleteDocumentRequest, Document, DocumentView, ExtractKeywordsRequest,
    FindSimilarDocumentsRequest, GetCorpusStatsRequest, GetDocumentRequest, SearchDocumentsRequest,
    SummarizeDocumentsRequest, SummarizeRequest, SummaryOptions, TextInput, TokenizeRequest,
    text_input,
};

use crate::ledger::{Fingerprint, Ledger, id_prefix};
use crate::unparsed;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The queries `search` and `summarize-corpus` rotate over (scripts/scale.py reads them from
/// here for its tantivy peer: keep one phrase a line).
const QUERIES: [&str; 6] = [
    "security guarantees",
    "Greenland",
    "ceasefire",
    "Zelensky peace proposal",
    "energy infrastructure",
    "summit leaders",
];

/// The RPC (or mix of RPCs) a run drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Rpc {
    /// `TextAnalysisService.Tokenize` on the input text.
    Tokenize,
    /// `TextAnalysisService.ExtractKeywords` on the input text (background IDF).
    Keywords,
    /// `TextAnalysisService.Summarize` on the input text (3 sentences).
    Summarize,
    /// `CorpusService.SearchDocuments`, the query rotating over a few phrases.
    Search,
    /// `CorpusService.GetCorpusStats` (`--top-terms` top terms; 0: the server's default, 20).
    Stats,
    /// `CorpusService.FindSimilarDocuments` of a stored document (`--document`; default: the
    /// first document the server lists).
    Similar,
    /// `CorpusService.SummarizeDocuments` of the whole corpus (an empty document list), with
    /// the query rotating over the phrases of `search`: the most expensive request there is.
    SummarizeCorpus,
    /// `grpc.health.v1.Health/Check` of the whole server: the cost of the transport alone (an
    /// answer other than SERVING counts as the error `NOT_SERVING`).
    Health,
    /// 80% reads (search, keywords, summarize, tokenize) and 20% writes: `CreateDocument`,
    /// and `DeleteDocument` of the oldest document whose create was acknowledged (a create
    /// instead while `--live-docs` or fewer are live), so the corpus size stays stable.
    Mixed,
}

/// One kind of call, the unit latencies are reported by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Op {
    Tokenize,
    Keywords,
    Summarize,
    Search,
    Stats,
    Similar,
    SummarizeCorpus,
    Health,
    Create,
    Delete,
}

impl Op {
    /// The name of the gRPC method.
    pub(crate) fn method(self) -> &'static str {
        match self {
            Op::Tokenize => "Tokenize",
            Op::Keywords => "ExtractKeywords",
            Op::Summarize => "Summarize",
            Op::Search => "SearchDocuments",
            Op::Stats => "GetCorpusStats",
            Op::Similar => "FindSimilarDocuments",
            Op::SummarizeCorpus => "SummarizeDocuments",
            Op::Health => "Check",
            Op::Create => "CreateDocument",
            Op::Delete => "DeleteDocument",
        }
    }
}

/// The cycle of `mixed`: request `seq` does `MIX[seq % 10]`.
const MIX: [Op; 10] = [
    Op::Search,
    Op::Keywords,
    Op::Search,
    Op::Summarize,
    Op::Create,
    Op::Search,
    Op::Tokenize,
    Op::Search,
    Op::Keywords,
    Op::Delete,
];

/// The words `mixed` spells a document's number with at the end of its text, so that every
/// document gets a text of its own (a mix-up shows).
const DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// The text of the document `mixed` creates at request `seq`: `base`, then a line spelling
/// `seq` out in words and naming a file code no other document has. That new term per
/// document is what news brings (new names, numbers): the server must not keep the terms of
/// deleted documents forever, and a soak shows it if it does.
pub(crate) fn document_text(base: &str, seq: u64) -> String {
    let digits = seq.to_string();
    let mut text = String::with_capacity(base.len() + 16 + 6 * digits.len());
    text.push_str(base);
    text.push_str("\n\nReference");
    for digit in digits.bytes() {
        text.push(' ');
        text.push_str(DIGITS[usize::from(digit - b'0')]);
    }
    text.push_str(", file zq");
    text.push_str(&digits);
    text.push_str("x.");
    text
}

/// What a run sends, built once.
pub(crate) struct Workload {
    rpc: Rpc,
    text: String,
    /// Makes the document ids of `mixed` unique to this run.
    run_id: String,
    /// `mixed` deletes a document only while more than this many it created are live, so the
    /// corpus grows by about this many documents, then stays the same size.
    keep: usize,
    /// What `mixed` knows of the documents it created and deleted.
    ledger: std::sync::Mutex<Ledger>,
    /// The resource name of the document `similar` compares the corpus with.
    document: String,
    /// How many top terms `stats` asks for (0: the server's default).
    top_terms: i32,
    /// `--visible-at`: the replica each acknowledged create is read back from.
    visibility: Option<Visibility>,
}

/// Reading creates back from another replica (`--visible-at`): the lag of each, from the
/// create's acknowledgement until the replica answers a read that waits for its sequence.
struct Visibility {
    replica: Conn,
    recorder: Arc<Mutex<Recorder>>,
    probes: Mutex<tokio::task::JoinSet<()>>,
}

/// A request's outcome: what it did (a `mixed` delete becomes a create while too few
/// documents are live) and the name of its gRPC status code if it failed.
pub(crate) struct Called {
    pub(crate) op: Op,
    pub(crate) result: Result<(), &'static str>,
}

impl Workload {
    /// The workload of `rpc` on `text`; `mixed` names its documents
    /// `loadgen-{run_id}-{seq}` and keeps `keep` of them live.
    pub(crate) fn new(rpc: Rpc, text: String, run_id: &str, keep: usize) -> Self {
        Self {
            rpc,
            text,
            run_id: run_id.to_owned(),
            keep,
            ledger: std::sync::Mutex::new(Ledger::new(run_id)),
            document: String::new(),
            top_terms: 0,
            visibility: None,
        }
    }

    /// Reads every acknowledged create back from `replica` (see [`Visibility`]).
    pub(crate) fn with_visibility(mut self, replica: Conn) -> Self {
        self.visibility = Some(Visibility {
            replica,
            recorder: Arc::new(Mutex::new(Recorder::new())),
            probes: Mutex::new(tokio::task::JoinSet::new()),
        });
        self
    }

    /// After the run: waits for the reads back still running, and summarises the lags (over
    /// the whole run, warm-up included: they measure the replica, not the load).
    pub(crate) async fn visibility_lag(&self) -> Option<Summary> {
        let visibility = self.visibility.as_ref()?;
        let mut probes = std::mem::take(&mut *lock(&visibility.probes));
        let start = std::time::Instant::now();
        while probes.join_next().await.is_some() {}
        let recorder = lock(&visibility.recorder).clone();
        Some(recorder.summary(start.elapsed()))
    }

    /// Reads document `id`, acknowledged at `acknowledged` with `sequence`, back from the
    /// replica, in the background.
    fn probe(&self, id: &str, sequence: i64, acknowledged: std::time::Instant) {
        let Some(visibility) = &self.visibility else {
            return;
        };
        let mut client = CorpusServiceClient::new(visibility.replica.clone());
        let recorder = Arc::clone(&visibility.recorder);
        let name = format!("documents/{id}");
        lock(&visibility.probes).spawn(async move {
            let mut request = tonic::Request::new(GetDocumentRequest {
                name,
                view: DocumentView::Basic.into(),
            });
            if let Ok(value) = sequence.to_string().parse() {
                request.metadata_mut().insert("lede-min-sequence", value);
            }
            let read = client.get_document(request).await;
            let error = read.err().map(|status| code_name(status.code()));
            lock(&recorder).record(acknowledged.elapsed(), error);
        });
    }

    /// Makes `similar` compare the corpus with the document named `name`
    /// (`documents/{document}`).
    pub(crate) fn with_document(mut self, name: String) -> Self {
        self.document = name;
        self
    }

    /// Makes `stats` ask for `count` top terms (0: the server's default).
    pub(crate) fn with_top_terms(mut self, count: i32) -> Self {
        self.top_terms = count;
        self
    }

    /// The operation request number `seq` is planned to do.
    pub(crate) fn op(&self, seq: u64) -> Op {
        match self.rpc {
            Rpc::Tokenize => Op::Tokenize,
            Rpc::Keywords => Op::Keywords,
            Rpc::Summarize => Op::Summarize,
            Rpc::Search => Op::Search,
            Rpc::Stats => Op::Stats,
            Rpc::Similar => Op::Similar,
            Rpc::SummarizeCorpus => Op::SummarizeCorpus,
            Rpc::Health => Op::Health,
            Rpc::Mixed => MIX[(seq % MIX.len() as u64) as usize],
        }
    }

    fn input(&self) -> Option<TextInput> {
        Some(TextInput {
            content: Some(text_input::Content::Text(self.text.clone())),
        })
    }

    fn document_id(&self, seq: u64) -> String {
        format!("{}{seq}", id_prefix(&self.run_id))
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        lock(&self.ledger)
    }

    /// Takes the ledger out (at the end of a run: requests still running would record
    /// into an empty one).
    pub(crate) fn take_ledger(&self) -> Ledger {
        let run_id = self.run_id.clone();
        std::mem::replace(&mut *self.ledger(), Ledger::new(&run_id))
    }

    /// At the end of a run: sends again the uncertain writes, up to `attempts` rounds a
    /// little apart, and with `clean_up` deletes every document of the run still live; the
    /// outcomes go into the ledger (failed requests here are not counted as errors of the
    /// run: they only leave their documents uncertain).
    pub(crate) async fn settle(&self, channel: &Conn, attempts: usize, clean_up: bool) {
        for attempt in 0..attempts {
            if attempt > 0 {
                // The server's RetryInfo asks for 50 ms.
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            let creates: Vec<(String, u64)> =
                std::iter::from_fn(|| self.ledger().take_create_retry()).collect();
            for (id, seq) in creates {
                let _outcome_is_in_the_ledger = self.create(channel, id, seq, true).await;
            }
            let mut deletes: Vec<(String, bool)> =
                std::iter::from_fn(|| self.ledger().take_delete_retry())
                    .map(|id| (id, true))
                    .collect();
            if clean_up {
                deletes.extend(
                    std::iter::from_fn(|| self.ledger().take_for_delete(0)).map(|id| (id, false)),
                );
            }
            for (id, retry) in deletes {
                let _outcome_is_in_the_ledger = self.delete(channel, &id, retry).await;
            }
            if self.ledger().pending_retries() == 0 {
                return;
            }
        }
    }

    /// Creates document `id` with the text of request `seq` and records the outcome; `retry`
    /// when an earlier attempt was uncertain.
    async fn create(
        &self,
        channel: &Conn,
        id: String,
        seq: u64,
        retry: bool,
    ) -> Result<(), tonic::Status> {
        let text = document_text(&self.text, seq);
        let fingerprint = Fingerprint::of(&text);
        let created = CorpusServiceClient::new(channel.clone())
            .create_document(CreateDocumentRequest {
                document: Some(Document {
                    title: format!("Load test document {seq}"),
                    text,
                    source: "lede-loadgen".to_owned(),
                    ..Default::default()
                }),
                document_id: id.clone(),
            })
            .await
            .map(|response| response.into_inner().sequence);
        if let Ok(sequence) = &created {
            self.probe(&id, *sequence, std::time::Instant::now());
        }
        let created = created.map(drop);
        let mut ledger = self.ledger();
        match &created {
            Ok(()) => ledger.create_acknowledged(&id, fingerprint),
            // An earlier attempt created it (verification checks its text).
            Err(status) if retry && status.code() == tonic::Code::AlreadyExists => {
                ledger.create_acknowledged(&id, fingerprint);
            }
            Err(status) if status.code() == tonic::Code::AlreadyExists => {
                ledger.create_conflict(&id, fingerprint);
            }
            Err(_) => ledger.create_uncertain(&id, seq, fingerprint),
        }
        created
    }

    /// Deletes `id`, handed out by the ledger, and records the outcome; `retry` when an
    /// earlier attempt was uncertain.
    async fn delete(&self, channel: &Conn, id: &str, retry: bool) -> Result<(), tonic::Status> {
        let deleted = CorpusServiceClient::new(channel.clone())
            .delete_document(DeleteDocumentRequest {
                name: format!("documents/{id}"),
            })
            .await
            .map(drop);
        let mut ledger = self.ledger();
        match &deleted {
            Ok(()) => ledger.delete_acknowledged(id),
            Err(status) if status.code() == tonic::Code::NotFound => {
                ledger.delete_not_found(id, retry);
            }
            Err(_) => ledger.delete_uncertain(id),
        }
        deleted
    }

    /// Sends request number `seq` on `channel`.
    pub(crate) async fn call(&self, channel: &Conn, seq: u64) -> Called {
        let mut op = self.op(seq);
        // A write sends again the oldest uncertain write of its kind first; a delete with
        // nothing to delete creates instead.
        let mut doomed = None;
        if op == Op::Delete {
            let mut ledger = self.ledger();
            doomed = match ledger.take_delete_retry() {
                Some(id) => Some((id, true)),
                None => ledger.take_for_delete(self.keep).map(|id| (id, false)),
            };
            if doomed.is_none() {
                op = Op::Create;
            }
        }
        let result = match op {
            Op::Tokenize => unparsed::call(
                channel,
                "/lede.v1.TextAnalysisService/Tokenize",
                TokenizeRequest {
                    input: self.input(),
                    ..Default::default()
                },
            )
            .await
            .map(drop),
            Op::Keywords => unparsed::call(
                channel,
                "/lede.v1.TextAnalysisService/ExtractKeywords",
                ExtractKeywordsRequest {
                    input: self.input(),
                    ..Default::default()
                },
            )
            .await
            .map(drop),
            Op::Summarize => unparsed::call(
                channel,
                "/lede.v1.TextAnalysisService/Summarize",
                SummarizeRequest {
                    input: self.input(),
                    ..Default::default()
                },
            )
            .await
            .map(drop),
            Op::Search => unparsed::call(
                channel,
                "/lede.v1.CorpusService/SearchDocuments",
                SearchDocumentsRequest {
                    query: query(seq).to_owned(),
                    ..Default::default()
                },
            )
            .await
            .map(drop),
            Op::Stats => unparsed::call(
                channel,
                "/lede.v1.CorpusService/GetCorpusStats",
                GetCorpusStatsRequest {
                    top_terms_count: self.top_terms,
                    ..Default::default()
                },
            )
            .await
            .map(drop),
            Op::Similar => unparsed::call(
                channel,
                "/lede.v1.CorpusService/FindSimilarDocuments",
                FindSimilarDocumentsRequest {
                    input: Some(TextInput {
                        content: Some(text_input::Content::Document(self.document.clone())),
                    }),
                    ..Default::default()
                },
            )
            .await
            .map(drop),
            Op::SummarizeCorpus => unparsed::call(
                channel,
                "/lede.v1.CorpusService/SummarizeDocuments",
                SummarizeDocumentsRequest {
                    options: Some(SummaryOptions {
                        query: query(seq).to_owned(),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            )
            .await
            .map(drop),
            Op::Health => match unparsed::health_check(channel).await {
                Ok(unparsed::SERVING) => Ok(()),
                Ok(_) => {
                    return Called {
                        op,
                        result: Err("NOT_SERVING"),
                    };
                }
                Err(status) => Err(status),
            },
            Op::Create => {
                let retry = self.ledger().take_create_retry();
                match retry {
                    Some((id, original)) => self.create(channel, id, original, true).await,
                    None => {
                        self.create(channel, self.document_id(seq), seq, false)
                            .await
                    }
                }
            }
            Op::Delete => {
                let (id, retry) = doomed.unwrap_or_default();
                self.delete(channel, &id, retry).await
            }
        };
        Called {
            op,
            result: result.map_err(|status| code_name(status.code())),
        }
    }
}

/// The query of request number `seq` of `search` and `summarize-corpus`.
fn query(seq: u64) -> &'static str {
    QUERIES[(seq % QUERIES.len() as u64) as usize]
}

/// The name of a gRPC status code, as in the gRPC documentation (`UNAVAILABLE`, ...).
fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_is_balanced() {
        let workload = Workload::new(Rpc::Mixed, "text".to_owned(), "r", 0);
        let ops: Vec<Op> = (0..20).map(|seq| workload.op(seq)).collect();
        let count = |wanted: Op| ops.iter().filter(|op| **op == wanted).count();
        assert_eq!(count(Op::Create), 2);
        assert_eq!(count(Op::Delete), 2);
        for (seq, op) in ops.iter().enumerate() {
            if *op == Op::Delete {
                // A delete follows its create in the cycle.
                assert_eq!(ops[seq - 5], Op::Create);
            }
        }
        assert_eq!(
            Workload::new(Rpc::Search, String::new(), "r", 0).op(7),
            Op::Search
        );
        assert_eq!(workload.document_id(42), "loadgen-r-42");
        for (rpc, op) in [
            (Rpc::Similar, Op::Similar),
            (Rpc::SummarizeCorpus, Op::SummarizeCorpus),
            (Rpc::Health, Op::Health),
        ] {
            assert_eq!(Workload::new(rpc, String::new(), "r", 0).op(3), op);
        }
    }

    #[test]
    fn rpc_names_and_options() {
        let name = |rpc: Rpc| {
            rpc.to_possible_value()
                .map(|value| value.get_name().to_owned())
        };
        assert_eq!(
            name(Rpc::SummarizeCorpus).as_deref(),
            Some("summarize-corpus")
        );
        assert_eq!(name(Rpc::Similar).as_deref(), Some("similar"));
        assert_eq!(name(Rpc::Health).as_deref(), Some("health"));
        let workload = Workload::new(Rpc::Similar, String::new(), "r", 0)
            .with_document("documents/a".to_owned())
            .with_top_terms(10);
        assert_eq!(workload.document, "documents/a");
        assert_eq!(workload.top_terms, 10);
        assert_eq!(query(0), QUERIES[0]);
        assert_eq!(query(QUERIES.len() as u64 + 1), QUERIES[1]);
    }

    #[test]
    fn document_texts_differ_and_bring_a_new_term() {
        assert_eq!(
            document_text("Base.", 0),
            "Base.\n\nReference zero, file zq0x."
        );
        assert_eq!(
            document_text("Base.", 1209),
            "Base.\n\nReference one two zero nine, file zq1209x."
        );
        assert_ne!(document_text("B", 12), document_text("B", 21));
        assert!(document_text("B", u64::MAX).ends_with("one five, file zq18446744073709551615x."));
    }

    #[test]
    fn code_names() {
        assert_eq!(code_name(tonic::Code::Unavailable), "UNAVAILABLE");
        assert_eq!(
            code_name(tonic::Code::ResourceExhausted),
            "RESOURCE_EXHAUSTED"
        );
    }
}
