//! One query API (issue 17): a corpus document is analysed by one rule whatever the RPC (in
//! the corpus's language, against the corpus's statistics), and a long read neither holds
//! the corpus for its slow part nor makes inline-text requests wait.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, connect, inline, named};
use lede_corpus::{Corpus, Document};
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::text_analysis_service_client::TextAnalysisServiceClient;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use tonic::Code;

const SEED: &str = "documents/001_ea396f7a82a19f71";

/// ExtractKeywords of a stored document ranks its terms against the corpus's statistics,
/// which hold the corpus language's stems: a request in another language would look up
/// German stems among English ones, so it is refused; the corpus's own language, named or
/// not, gives one answer.
#[tokio::test]
async fn keywords_of_a_stored_document_are_in_the_corpus_language() {
    let server = Server::seeds(Limits::default()).await;
    let mut text = server.text();
    let keywords = |language: &str| ExtractKeywordsRequest {
        input: named(SEED),
        language: language.to_owned(),
        ..ExtractKeywordsRequest::default()
    };
    let german = text.extract_keywords(keywords("de")).await.unwrap_err();
    common::assert_invalid(&german, "language");
    let unnamed = text
        .extract_keywords(keywords(""))
        .await
        .unwrap()
        .into_inner();
    let english = text
        .extract_keywords(keywords("english"))
        .await
        .unwrap()
        .into_inner();
    assert!(!unnamed.keywords.is_empty());
    assert_eq!(unnamed, english);
    // Inline text is analysed in the language the request names.
    let inline = text
        .extract_keywords(ExtractKeywordsRequest {
            input: inline("Die Regierung beschloss neue Steuern für große Unternehmen."),
            language: "de".to_owned(),
            ..ExtractKeywordsRequest::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!inline.keywords.is_empty());
}

/// Summarize of a stored document is the summary SummarizeDocuments makes of it: both
/// weight terms by the corpus's statistics (as ExtractKeywords does), not the first by the
/// background table alone.
#[tokio::test]
async fn summarize_of_a_stored_document_uses_the_corpus_statistics() {
    let server = Server::seeds(Limits::default()).await;
    for options in [
        None,
        Some(SummaryOptions {
            budget: Some(SummaryBudget {
                limit: Some(summary_budget::Limit::Words(80)),
            }),
            query: "Greenland".to_owned(),
            ..SummaryOptions::default()
        }),
    ] {
        let single = server
            .text()
            .summarize(SummarizeRequest {
                input: named(SEED),
                options: options.clone(),
                ..SummarizeRequest::default()
            })
            .await
            .unwrap()
            .into_inner()
            .sentences;
        let documents = server
            .corpus()
            .summarize_documents(SummarizeDocumentsRequest {
                documents: vec![SEED.to_owned()],
                options,
                ..SummarizeDocumentsRequest::default()
            })
            .await
            .unwrap()
            .into_inner()
            .sentences;
        assert!(!single.is_empty());
        assert_eq!(single, documents);
    }
    let german = server
        .text()
        .summarize(SummarizeRequest {
            input: named(SEED),
            language: "de".to_owned(),
            ..SummarizeRequest::default()
        })
        .await
        .unwrap_err();
    common::assert_invalid(&german, "language");
}

/// A corpus whose summary takes long (seconds in a debug build): 20 documents of 90
/// sentences each.
fn large_corpus(documents: usize) -> (Corpus, Vec<String>) {
    let mut corpus = Corpus::new();
    let mut names = Vec::new();
    for n in 0..documents {
        let text: String = (0..30).map(|k| common::words(n * 1000 + k) + " ").collect();
        let name = format!("long-{n:03}");
        corpus.insert(Document::new(name.clone(), text)).unwrap();
        names.push(format!("documents/{name}"));
    }
    (corpus, names)
}

/// While a summary of many documents runs and a write waits for the corpus, a Tokenize of
/// inline text on another connection is answered at once, and the write goes through:
/// neither waits for the summary. (A summary that held the read lock throughout would keep
/// the write waiting, and a std RwLock with a writer waiting makes every new reader wait
/// too, on a worker thread of the runtime.) Only the order of completions is asserted; the
/// pauses only let each request reach the server before the next is sent.
/// The order found is asserted on the first run whose summary was still running when the
/// Tokenize was sent; a machine fast enough to finish it sooner gets a corpus twice as large.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_long_summary_and_a_waiting_write_do_not_delay_a_tokenize() {
    for documents in [20, 40, 80] {
        if let Some(order) = summary_write_tokenize(documents).await {
            let position = |event| order.iter().position(|found| *found == event).unwrap();
            assert!(
                position("tokenize") < position("summary"),
                "the Tokenize waited for the summary: {order:?}"
            );
            assert!(
                position("write") < position("summary"),
                "the write waited for the summary: {order:?}"
            );
            return;
        }
    }
    panic!("every summary finished before the Tokenize was sent: no order to check");
}

/// The order in which a summary of `documents` long documents, a write and a Tokenize
/// finish, sent in that order on three connections; `None` when the summary was done
/// before the Tokenize was sent.
async fn summary_write_tokenize(documents: usize) -> Option<Vec<&'static str>> {
    let (corpus, names) = large_corpus(documents);
    let server = Server::start(Collection::in_memory(corpus), Limits::default(), None).await;
    let (done, mut finished) = tokio::sync::mpsc::unbounded_channel::<&'static str>();

    let mut summaries = CorpusServiceClient::new(connect(server.addr).await);
    let sent = done.clone();
    let summary = tokio::spawn(async move {
        let result = summaries
            .summarize_documents(SummarizeDocumentsRequest {
                documents: names,
                options: Some(SummaryOptions {
                    budget: Some(SummaryBudget {
                        limit: Some(summary_budget::Limit::Sentences(5)),
                    }),
                    ..SummaryOptions::default()
                }),
                ..SummarizeDocumentsRequest::default()
            })
            .await;
        let _ = sent.send("summary");
        result.map(|response| response.into_inner().sentences.len())
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let mut writes = CorpusServiceClient::new(connect(server.addr).await);
    let sent = done.clone();
    let write = tokio::spawn(async move {
        let result = writes
            .create_document(common::create(
                "written",
                common::doc("Written", "A document written during a long summary."),
            ))
            .await;
        let _ = sent.send("write");
        result.map(|_| ())
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let mut tokens = TextAnalysisServiceClient::new(connect(server.addr).await);
    let conclusive = !summary.is_finished();
    let tokenized = tokens
        .tokenize(TokenizeRequest {
            input: inline("Markets rallied in Lisbon."),
            ..TokenizeRequest::default()
        })
        .await
        .unwrap()
        .into_inner();
    let _ = done.send("tokenize");
    assert_eq!(tokenized.tokens.len(), 5);

    drop(done);
    let mut order = Vec::new();
    while let Some(event) = finished.recv().await {
        order.push(event);
    }
    assert!(summary.await.unwrap().unwrap() > 0);
    write.await.unwrap().unwrap();
    let status = server
        .corpus()
        .get_document(GetDocumentRequest {
            name: "documents/written".to_owned(),
            ..GetDocumentRequest::default()
        })
        .await
        .map(|_| Code::Ok)
        .unwrap_or_else(|status| status.code());
    assert_eq!(status, Code::Ok);
    conclusive.then_some(order)
}
