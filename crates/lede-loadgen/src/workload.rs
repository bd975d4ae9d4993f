//! The requests a run sends: which RPC, with what message, on which connection.

use clap::ValueEnum;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::text_analysis_service_client::TextAnalysisServiceClient;
use lede_proto::v1::{
    CreateDocumentRequest, DeleteDocumentRequest, Document, ExtractKeywordsRequest,
    GetCorpusStatsRequest, SearchDocumentsRequest, SummarizeRequest, TextInput, TokenizeRequest,
    text_input,
};
use tonic::transport::Channel;

/// The queries `search` rotates over.
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
    /// `CorpusService.GetCorpusStats` (20 top terms).
    Stats,
    /// 80% reads (search, keywords, summarize, tokenize) and 20% writes (`CreateDocument`,
    /// then `DeleteDocument` of the document created five requests earlier).
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

/// The distance from a `Create` to the `Delete` of its document in `MIX`.
const DELETE_LAG: u64 = 5;

/// What a run sends, built once.
pub(crate) struct Workload {
    rpc: Rpc,
    text: String,
    /// Makes the document ids of `mixed` unique to this run.
    run_id: String,
    /// The documents `mixed` created and has not deleted yet, oldest first. A delete takes
    /// the oldest, so that it never races the create of its document (requests run
    /// concurrently: the create of `seq - 5` may not have finished when `seq` starts).
    created: std::sync::Mutex<std::collections::VecDeque<String>>,
}

impl Workload {
    /// The workload of `rpc` on `text`.
    pub(crate) fn new(rpc: Rpc, text: String) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let run_id = format!("{}-{nanos:08x}", std::process::id());
        Self {
            rpc,
            text,
            run_id,
            created: std::sync::Mutex::default(),
        }
    }

    /// The operation of request number `seq`.
    pub(crate) fn op(&self, seq: u64) -> Op {
        match self.rpc {
            Rpc::Tokenize => Op::Tokenize,
            Rpc::Keywords => Op::Keywords,
            Rpc::Summarize => Op::Summarize,
            Rpc::Search => Op::Search,
            Rpc::Stats => Op::Stats,
            Rpc::Mixed => MIX[(seq % MIX.len() as u64) as usize],
        }
    }

    fn input(&self) -> Option<TextInput> {
        Some(TextInput {
            content: Some(text_input::Content::Text(self.text.clone())),
        })
    }

    fn document_id(&self, seq: u64) -> String {
        format!("loadgen-{}-{seq}", self.run_id)
    }

    /// Sends request number `seq` on `channel`; the error is the gRPC status code's name.
    pub(crate) async fn call(&self, channel: &Channel, seq: u64) -> Result<(), &'static str> {
        let result = match self.op(seq) {
            Op::Tokenize => TextAnalysisServiceClient::new(channel.clone())
                .tokenize(TokenizeRequest {
                    input: self.input(),
                    ..Default::default()
                })
                .await
                .map(drop),
            Op::Keywords => TextAnalysisServiceClient::new(channel.clone())
                .extract_keywords(ExtractKeywordsRequest {
                    input: self.input(),
                    ..Default::default()
                })
                .await
                .map(drop),
            Op::Summarize => TextAnalysisServiceClient::new(channel.clone())
                .summarize(SummarizeRequest {
                    input: self.input(),
                    ..Default::default()
                })
                .await
                .map(drop),
            Op::Search => CorpusServiceClient::new(channel.clone())
                .search_documents(SearchDocumentsRequest {
                    query: QUERIES[(seq % QUERIES.len() as u64) as usize].to_owned(),
                    ..Default::default()
                })
                .await
                .map(drop),
            Op::Stats => CorpusServiceClient::new(channel.clone())
                .get_corpus_stats(GetCorpusStatsRequest::default())
                .await
                .map(drop),
            Op::Create => {
                let id = self.document_id(seq);
                let created = CorpusServiceClient::new(channel.clone())
                    .create_document(CreateDocumentRequest {
                        document: Some(Document {
                            title: format!("Load test document {seq}"),
                            text: self.text.clone(),
                            source: "lede-loadgen".to_owned(),
                            ..Default::default()
                        }),
                        document_id: id.clone(),
                    })
                    .await
                    .map(drop);
                if created.is_ok() {
                    self.created
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push_back(id);
                }
                created
            }
            Op::Delete => {
                let oldest = self
                    .created
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .pop_front();
                // Nothing created yet (only at the very start): the id of the create five
                // requests back, which may not have finished.
                let id = oldest.unwrap_or_else(|| self.document_id(seq.saturating_sub(DELETE_LAG)));
                CorpusServiceClient::new(channel.clone())
                    .delete_document(DeleteDocumentRequest {
                        name: format!("documents/{id}"),
                    })
                    .await
                    .map(drop)
            }
        };
        result.map_err(|status| code_name(status.code()))
    }
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
    fn mixed_deletes_what_it_created() {
        let workload = Workload::new(Rpc::Mixed, "text".to_owned());
        let ops: Vec<Op> = (0..20).map(|seq| workload.op(seq)).collect();
        let writes = ops
            .iter()
            .filter(|op| matches!(op, Op::Create | Op::Delete))
            .count();
        assert_eq!(writes, 4);
        for (seq, op) in ops.iter().enumerate() {
            if *op == Op::Delete {
                assert_eq!(ops[seq - DELETE_LAG as usize], Op::Create);
            }
        }
        assert_eq!(Workload::new(Rpc::Search, String::new()).op(7), Op::Search);
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
