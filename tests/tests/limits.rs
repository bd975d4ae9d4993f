//! Document limits and validation of writes (issue 14, items 2 and 3): every field of a
//! document has a limit, checked on every write path (create, batch, update, import), all
//! violations of a request are reported at once, an import counts every byte it holds and
//! its place among the pending requests, and publish times and identifiers follow one rule.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;

use common::{Server, assert_invalid, create, doc};
use lede_corpus::Corpus;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use tonic::Code;
use tonic_types::StatusExt as _;

async fn start_with(limits: Limits) -> Server {
    Server::start(
        Collection::in_memory(Corpus::from_seeds().unwrap()),
        limits,
        None,
    )
    .await
}

/// The fields a status's BadRequest names, in order.
fn violated_fields(status: &tonic::Status) -> Vec<String> {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    status
        .get_details_bad_request()
        .unwrap_or_else(|| panic!("no BadRequest in {status:?}"))
        .field_violations
        .into_iter()
        .map(|violation| violation.field)
        .collect()
}

fn metadata(entries: usize, value_bytes: usize) -> HashMap<String, String> {
    (0..entries)
        .map(|n| (format!("key{n}"), "v".repeat(value_bytes)))
        .collect()
}

#[tokio::test]
async fn every_field_of_a_new_document_has_a_limit() {
    let server = start_with(Limits::default()).await;
    let mut client = server.corpus();
    let defaults = Limits::default();
    let cases: Vec<(&str, Document)> = vec![
        (
            "document.title",
            doc(&"t".repeat(defaults.max_title_bytes + 1), "Text."),
        ),
        (
            "document.source",
            Document {
                source: "s".repeat(defaults.max_source_bytes + 1),
                ..doc("", "Text.")
            },
        ),
        (
            "document.metadata",
            Document {
                metadata: metadata(defaults.max_metadata_entries + 1, 1),
                ..doc("", "Text.")
            },
        ),
        (
            "document.metadata",
            Document {
                metadata: metadata(1, defaults.max_metadata_value_bytes + 1),
                ..doc("", "Text.")
            },
        ),
        (
            "document.metadata",
            Document {
                metadata: [("k".repeat(defaults.max_metadata_key_bytes + 1), "v".into())].into(),
                ..doc("", "Text.")
            },
        ),
        (
            "document.text",
            doc("", &"word ".repeat(defaults.max_text_bytes / 5 + 1)),
        ),
    ];
    let mut failures = Vec::new();
    for (field, document) in cases {
        match client.create_document(create("", document)).await {
            Ok(response) => failures.push(format!("{field}: accepted {response:?}")),
            Err(status) => {
                if let Err(problem) = common::check_invalid(&status, field) {
                    failures.push(format!("{field}: {problem}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(common::total_size(&mut client).await, 5, "nothing stored");

    // A batch names the request of each violation.
    let batch = client
        .batch_create_documents(BatchCreateDocumentsRequest {
            requests: vec![
                create("fine", doc("Fine", "Text.")),
                create(
                    "long-source",
                    Document {
                        source: "s".repeat(10_000),
                        ..doc("", "Text.")
                    },
                ),
            ],
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&batch), ["requests[1].document.source"]);
}

#[tokio::test]
async fn a_document_at_every_limit_is_stored_and_read_back_by_a_default_client() {
    let server = start_with(Limits::default()).await;
    let defaults = Limits::default();
    let document = Document {
        title: "t".repeat(defaults.max_title_bytes),
        source: "s".repeat(defaults.max_source_bytes),
        metadata: metadata(
            defaults.max_metadata_entries,
            defaults.max_metadata_value_bytes,
        ),
        ..doc("", &"word ".repeat(defaults.max_text_bytes / 5))
    };
    let mut client = server.corpus();
    client
        .create_document(create("full", document))
        .await
        .unwrap();
    // tonic's default decoding limit, 4 MiB, as every default client has.
    let mut default_client = CorpusServiceClient::new(server.channel.clone());
    let got = default_client
        .get_document(GetDocumentRequest {
            name: "documents/full".into(),
            view: DocumentView::Full.into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.document.unwrap().metadata.len(), 32);
}

#[tokio::test]
async fn all_violations_of_a_request_are_reported() {
    let server = start_with(Limits::default()).await;
    let mut client = server.corpus();
    let bad = Document {
        publish_time: Some(prost_types::Timestamp {
            seconds: 253_402_300_800,
            nanos: 0,
        }),
        ..doc(&"t".repeat(5000), "Text.")
    };
    let status = client
        .create_document(create("two-problems", bad.clone()))
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        ["document.publish_time", "document.title"]
    );
    // Every document of a batch, not only the first bad one.
    let status = client
        .batch_create_documents(BatchCreateDocumentsRequest {
            requests: vec![
                create("a/b", doc("", "Text.")),
                create("ok", doc("", "Text.")),
                create("c", bad),
            ],
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        [
            "requests[0].document_id",
            "requests[2].document.publish_time",
            "requests[2].document.title"
        ]
    );
}

#[tokio::test]
async fn publish_times_outside_the_timestamp_range_are_refused() {
    let server = start_with(Limits::default()).await;
    let mut client = server.corpus();
    let at = |seconds, nanos| Document {
        publish_time: Some(prost_types::Timestamp { seconds, nanos }),
        ..doc("", "Text.")
    };
    for (seconds, nanos) in [
        (253_402_300_800, 0),
        (-62_135_596_801, 0),
        (0, -1),
        (0, 1_000_000_000),
        (i64::MAX, 0),
    ] {
        let status = client
            .create_document(create("", at(seconds, nanos)))
            .await
            .unwrap_err();
        assert_invalid(&status, "document.publish_time");
        let status = client
            .update_document(UpdateDocumentRequest {
                document: Some(Document {
                    name: "documents/001_ea396f7a82a19f71".into(),
                    ..at(seconds, nanos)
                }),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["publish_time".into()],
                }),
            })
            .await
            .unwrap_err();
        assert_invalid(&status, "document.publish_time");
    }
    // The ends of the range are fine.
    for (id, seconds, nanos) in [
        ("first", -62_135_596_800, 0),
        ("last", 253_402_300_799, 999_999_999),
    ] {
        client
            .create_document(create(id, at(seconds, nanos)))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_document_id_and_a_differing_name_are_refused() {
    let server = start_with(Limits::default()).await;
    let mut client = server.corpus();
    let named = |name: &str| Document {
        name: name.to_owned(),
        ..doc("", "Text.")
    };
    let status = client
        .create_document(create("chosen", named("documents/other")))
        .await
        .unwrap_err();
    assert_invalid(&status, "document.name");
    assert!(status.message().contains("\"other\""), "{status:?}");
    let same = client
        .create_document(create("same", named("documents/same")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(same.document.unwrap().name, "documents/same");
    let status = client
        .create_document(create("", named("documents/a/b")))
        .await
        .unwrap_err();
    assert_invalid(&status, "document.name");
}

/// Limits small enough to reach with a few kilobytes.
fn small_documents() -> Limits {
    Limits {
        max_text_bytes: 8000,
        max_title_bytes: 8000,
        max_metadata_value_bytes: 8000,
        max_document_bytes: 10_000,
        ..Limits::default()
    }
}

#[tokio::test]
async fn updates_cannot_grow_a_document_beyond_the_limits() {
    let server = start_with(small_documents()).await;
    let mut client = server.corpus();
    client
        .create_document(create("grows", doc("Short", &"word ".repeat(1200))))
        .await
        .unwrap();
    let update = |document: Document, paths: &[&str]| UpdateDocumentRequest {
        document: Some(Document {
            name: "documents/grows".into(),
            ..document
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: paths.iter().map(|&path| path.to_owned()).collect(),
        }),
    };
    // Each field within its limit, the whole over its own.
    let status = client
        .update_document(update(doc(&"t".repeat(5000), ""), &["title"]))
        .await
        .unwrap_err();
    assert_invalid(&status, "document");
    let status = client
        .update_document(update(
            Document {
                metadata: [("bio".to_owned(), "b".repeat(7000))].into(),
                ..Document::default()
            },
            &["metadata"],
        ))
        .await
        .unwrap_err();
    assert_invalid(&status, "document");
    // A field over its own limit, without a mask (every field set in it is updated).
    let status = client
        .update_document(UpdateDocumentRequest {
            update_mask: None,
            ..update(doc(&"t".repeat(9000), ""), &[])
        })
        .await
        .unwrap_err();
    assert_invalid(&status, "document.title");
    // Nothing changed; and what fits is still accepted.
    client
        .update_document(update(doc(&"t".repeat(3000), ""), &["title"]))
        .await
        .unwrap();
    let got = client
        .get_document(GetDocumentRequest {
            name: "documents/grows".into(),
            view: DocumentView::Basic.into(),
        })
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_eq!(got.title.len(), 3000);
    assert!(got.metadata.is_empty());
}

#[tokio::test]
async fn the_default_limits_stop_a_document_growing_past_what_clients_read() {
    // The case: a title grown by updates until no default client could read the
    // document (11.5 MB); now one update of 3 MB is refused.
    let server = start_with(Limits::default()).await;
    let mut client = server.corpus();
    let status = client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/001_ea396f7a82a19f71".into(),
                ..doc(&"t".repeat(3_000_000), "")
            }),
            update_mask: None,
        })
        .await
        .unwrap_err();
    assert_invalid(&status, "document.title");
}

#[tokio::test]
async fn an_import_counts_every_field_against_its_limit() {
    // Titles may be large here, so that only the import's own limit stops the stream.
    let server = start_with(Limits {
        max_import_bytes: 10_000_000,
        max_title_bytes: 4 << 20,
        max_document_bytes: 4 << 20,
        max_message_bytes: 8 << 20,
        ..Limits::default()
    })
    .await;
    let mut client = server.corpus();
    let chunks: Vec<ImportDocumentsRequest> = (0..10)
        .map(|n| ImportDocumentsRequest {
            requests: vec![create(&format!("t{n}"), doc(&"t".repeat(3_500_000), ""))],
        })
        .collect();
    let status = client
        .import_documents(tokio_stream::iter(chunks))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status.message().contains("--max-import-bytes"),
        "{status:?}"
    );
    assert!(status.message().contains("requests[2]"), "{status:?}");
    assert_eq!(common::total_size(&mut client).await, 5, "nothing imported");
}

#[tokio::test]
async fn import_violations_are_reported_with_their_request() {
    let server = start_with(Limits::default()).await;
    let mut client = server.corpus();
    let status = client
        .import_documents(tokio_stream::iter(vec![
            ImportDocumentsRequest {
                requests: vec![create("i0", doc("", "Text."))],
            },
            ImportDocumentsRequest {
                requests: vec![
                    create("i1", doc(&"t".repeat(5000), "Text.")),
                    create(
                        "i2",
                        Document {
                            source: "s".repeat(5000),
                            ..doc("", "Text.")
                        },
                    ),
                ],
            },
        ]))
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        ["requests[1].document.title", "requests[2].document.source"]
    );
}

#[tokio::test]
async fn import_streams_count_against_max_pending_requests() {
    let server = start_with(Limits {
        workers: 1,
        max_pending_requests: 2,
        ..Limits::default()
    })
    .await;
    // Two imports that stay open: each holds a place while its stream arrives.
    let mut senders = Vec::new();
    let mut open = Vec::new();
    for n in 0..2 {
        let (sender, receiver) = tokio::sync::mpsc::channel(4);
        sender
            .send(ImportDocumentsRequest {
                requests: vec![create(&format!("open-{n}"), doc("", "Text."))],
            })
            .await
            .unwrap();
        // A connection each, as separate clients have.
        let mut client = CorpusServiceClient::new(common::connect(server.addr).await);
        open.push(tokio::spawn(async move {
            client
                .import_documents(tokio_stream::wrappers::ReceiverStream::new(receiver))
                .await
        }));
        senders.push(sender);
    }
    // Until both are in, a third request can still be admitted: wait for the shedding.
    let mut client = server.corpus();
    let mut shed = None;
    for _ in 0..500 {
        match client
            .get_corpus_stats(GetCorpusStatsRequest::default())
            .await
        {
            Ok(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
            Err(status) => {
                shed = Some(status);
                break;
            }
        }
    }
    let shed = shed.expect("a request shed while two imports are open");
    assert_eq!(shed.code(), Code::ResourceExhausted, "{shed:?}");
    assert!(shed.get_details_retry_info().is_some(), "{shed:?}");
    let third = client
        .import_documents(tokio_stream::iter(vec![ImportDocumentsRequest {
            requests: vec![create("third", doc("", "Text."))],
        }]))
        .await
        .unwrap_err();
    assert_eq!(third.code(), Code::ResourceExhausted, "{third:?}");
    assert!(third.get_details_retry_info().is_some(), "{third:?}");
    // The open imports complete, and the server admits again.
    drop(senders);
    for import in open {
        assert_eq!(
            import.await.unwrap().unwrap().into_inner().imported_count,
            1
        );
    }
    client
        .get_corpus_stats(GetCorpusStatsRequest::default())
        .await
        .unwrap();
    assert_eq!(common::total_size(&mut client).await, 7);
}

#[tokio::test]
async fn a_page_of_full_documents_stays_readable_by_a_default_client() {
    let server = start_with(Limits::default()).await;
    let mut client = server.corpus();
    for n in 0..5 {
        client
            .create_document(create(
                &format!("big-{n}"),
                doc("", &"word ".repeat(200_000)),
            ))
            .await
            .unwrap();
    }
    // Ten full documents of a megabyte would be 5 MB: the page stops short, and the pages
    // together still hold every document once.
    let mut default_client = CorpusServiceClient::new(server.channel.clone());
    let mut names = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let page = default_client
            .list_documents(ListDocumentsRequest {
                page_size: 10,
                page_token: token,
                view: DocumentView::Full.into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert!(!page.documents.is_empty());
        names.extend(page.documents.into_iter().map(|d| d.name));
        pages += 1;
        token = page.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    assert!(pages > 1);
    assert_eq!(names.len(), 10);
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
}

/// Summary options report every bad field at once, on both RPCs that take them.
#[tokio::test]
async fn all_violations_of_summary_options_are_reported() {
    let server = Server::seeds(Limits::default()).await;
    let options = SummaryOptions {
        budget: Some(SummaryBudget {
            limit: Some(summary_budget::Limit::Sentences(0)),
        }),
        order: 99,
        lead_weight: Some(-1.0),
        mmr_lambda: Some(2.0),
        model: 42,
        length_weight: Some(f64::NAN),
        ..SummaryOptions::default()
    };
    let expected = [
        "options.budget.sentences",
        "options.order",
        "options.model",
        "options.lead_weight",
        "options.length_weight",
        "options.mmr_lambda",
    ];
    let status = server
        .corpus()
        .summarize_documents(SummarizeDocumentsRequest {
            options: Some(options.clone()),
            ..SummarizeDocumentsRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&status), expected);
    let status = server
        .text()
        .summarize(SummarizeRequest {
            input: common::inline("One sentence. Another one."),
            options: Some(options),
            ..SummarizeRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&status), expected);
}

/// Search and similar-documents requests report every bad field at once.
#[tokio::test]
async fn all_violations_of_search_and_similar_requests_are_reported() {
    let server = Server::seeds(Limits::default()).await;
    let status = server
        .corpus()
        .search_documents(SearchDocumentsRequest {
            query: String::new(),
            page_size: -1,
            offset_encoding: 77,
            max_snippets: 9,
            ..SearchDocumentsRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        ["query", "page_size", "offset_encoding", "max_snippets"]
    );
    let status = server
        .corpus()
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: common::named("documents/001_ea396f7a82a19f71"),
            max_results: 1000,
            min_score: -0.5,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&status), ["max_results", "min_score"]);
}

/// The text RPCs report every bad field at once: language, offset encoding, options, input.
#[tokio::test]
async fn all_violations_of_text_requests_are_reported() {
    let server = Server::seeds(Limits::default()).await;
    let status = server
        .text()
        .tokenize(TokenizeRequest {
            input: common::inline(""),
            language: "klingon".to_owned(),
            offset_encoding: 77,
            ..TokenizeRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        ["language", "offset_encoding", "input.text"]
    );
    let status = server
        .text()
        .extract_keywords(ExtractKeywordsRequest {
            input: common::inline("Gold rose to a record."),
            language: "klingon".to_owned(),
            options: Some(KeywordOptions {
                top_k: -1,
                max_words: 9,
                ..KeywordOptions::default()
            }),
            ..ExtractKeywordsRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        ["language", "options.top_k", "options.max_words"]
    );
}

#[tokio::test]
async fn all_violations_of_a_list_request_are_reported() {
    let server = Server::seeds(Limits::default()).await;
    let status = server
        .corpus()
        .list_documents(ListDocumentsRequest {
            page_size: -3,
            view: 9,
            page_token: "not a token".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        ["page_size", "view", "page_token"]
    );
}

#[tokio::test]
async fn all_violations_of_get_and_summarize_documents_are_reported() {
    let server = Server::seeds(Limits::default()).await;
    let status = server
        .corpus()
        .get_document(GetDocumentRequest {
            name: "nope".to_owned(),
            view: 9,
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&status), ["view", "name"]);
    let seed = "documents/001_ea396f7a82a19f71";
    let status = server
        .corpus()
        .summarize_documents(SummarizeDocumentsRequest {
            documents: vec![seed.to_owned(), "bad name".to_owned(), seed.to_owned()],
            offset_encoding: 77,
            options: Some(SummaryOptions {
                mmr_lambda: Some(3.0),
                ..SummaryOptions::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        violated_fields(&status),
        [
            "offset_encoding",
            "options.mmr_lambda",
            "documents[1]",
            "documents[2]"
        ]
    );
    // Well-formed names of absent documents are NOT_FOUND once the arguments are right.
    let status = server
        .corpus()
        .summarize_documents(SummarizeDocumentsRequest {
            documents: vec![seed.to_owned(), "documents/absent".to_owned()],
            ..SummarizeDocumentsRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
}
