//! `filter` on ListDocuments, SearchDocuments, FindSimilarDocuments, SummarizeDocuments and
//! GetCorpusStats, `order_by` on ListDocuments, and the column a bad filter is reported at,
//! over the real server.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;

use common::{Server, assert_invalid, create, inline, named};
use lede_corpus::Corpus;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use tonic::transport::Channel;
use tonic_types::StatusExt as _;

/// The seeds (no source, no date) and three wire stories with sources, dates and metadata.
async fn start() -> (Server, CorpusServiceClient<Channel>) {
    let server = Server::start(
        Collection::in_memory(Corpus::from_seeds().unwrap()),
        Limits::default(),
        None,
    )
    .await;
    let mut client = server.corpus();
    let wire = |id: &str, text: &str, source: &str, seconds: i64, desk: &str| {
        create(
            id,
            Document {
                text: text.to_owned(),
                source: source.to_owned(),
                publish_time: Some(prost_types::Timestamp { seconds, nanos: 0 }),
                metadata: HashMap::from([("desk".to_owned(), desk.to_owned())]),
                ..Document::default()
            },
        )
    };
    // 2026-02-01, -02 and -03, noon UTC.
    let day = |n: i64| 1_769_947_200 + (n - 1) * 86_400;
    client
        .batch_create_documents(BatchCreateDocumentsRequest {
            requests: vec![
                wire(
                    "oil-1",
                    "Oil prices fell sharply on Tuesday as tanker supply grew.",
                    "Wire A",
                    day(1),
                    "energy",
                ),
                wire(
                    "oil-2",
                    "Oil prices rose on Wednesday after the tanker supply cut.",
                    "Wire B",
                    day(2),
                    "energy",
                ),
                wire(
                    "oil-3",
                    "Oil and gas prices were steady on Thursday; tanker rates fell.",
                    "Wire A",
                    day(3),
                    "markets",
                ),
            ],
        })
        .await
        .unwrap();
    (server, client)
}

fn names(documents: &[Document]) -> Vec<&str> {
    documents.iter().map(|d| d.name.as_str()).collect()
}

#[tokio::test]
async fn list_filters_orders_and_pages() {
    let (_server, mut client) = start().await;
    let list =
        |filter: &str, order_by: &str, page_size: i32, page_token: String| ListDocumentsRequest {
            filter: filter.to_owned(),
            order_by: order_by.to_owned(),
            page_size,
            page_token,
            ..Default::default()
        };
    let page = client
        .list_documents(list(r#"source = "Wire A""#, "", 0, String::new()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        names(&page.documents),
        ["documents/oil-1", "documents/oil-3"]
    );
    assert_eq!(page.total_size, 2);

    let page = client
        .list_documents(list(
            r#"publish_time > "2026-02-01T12:00:00Z" OR metadata.desk = markets"#,
            "",
            0,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        names(&page.documents),
        ["documents/oil-2", "documents/oil-3"]
    );

    // Newest first, one per page: the token carries the place.
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_documents(list("source:*", "publish_time desc", 1, token))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(page.total_size, 3);
        seen.extend(page.documents.into_iter().map(|d| d.name));
        token = page.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(
        seen,
        ["documents/oil-3", "documents/oil-2", "documents/oil-1"]
    );
    // Undated documents (the seeds) come after the dated ones.
    let page = client
        .list_documents(list("", "publish_time desc", 4, String::new()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.total_size, 8);
    assert_eq!(page.documents[0].name, "documents/oil-3");
    assert!(page.documents[3].publish_time.is_none());

    // A token of one filter is not a token of another.
    let first = client
        .list_documents(list("source:*", "", 1, String::new()))
        .await
        .unwrap()
        .into_inner();
    let status = client
        .list_documents(list("", "", 1, first.next_page_token))
        .await
        .unwrap_err();
    assert_invalid(&status, "page_token");

    // The seeds of an in-memory server have no creation time; the documents written do.
    let created = client
        .list_documents(list(
            r#"create_time > "2000-01-01T00:00:00Z""#,
            "",
            0,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.total_size, 3);
    let none = client
        .list_documents(list("source = nobody", "", 0, String::new()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(none.total_size, 0);
    assert!(none.documents.is_empty());
    assert!(none.next_page_token.is_empty());
}

#[tokio::test]
async fn a_bad_filter_names_its_column() {
    let (_server, mut client) = start().await;
    let status = client
        .list_documents(ListDocumentsRequest {
            filter: r#"source = "Wire A" AND title = x"#.to_owned(),
            order_by: "size".to_owned(),
            page_size: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    let violations = status.get_details_bad_request().unwrap().field_violations;
    let by_field: HashMap<&str, &str> = violations
        .iter()
        .map(|v| (v.field.as_str(), v.description.as_str()))
        .collect();
    assert!(
        by_field["filter"].starts_with("column 23: unknown field `title`"),
        "{by_field:?}"
    );
    assert!(
        by_field["order_by"].starts_with("column 1:"),
        "{by_field:?}"
    );
    assert!(by_field.contains_key("page_size"), "{by_field:?}");

    for (filter, column) in [
        (r#"publish_time > "last week""#, 16),
        ("(source = x", 1),
        ("source =", 9),
        ("source < x", 8),
    ] {
        let status = client
            .search_documents(SearchDocumentsRequest {
                query: "oil".to_owned(),
                filter: filter.to_owned(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_invalid(&status, "filter");
        let description = &status.get_details_bad_request().unwrap().field_violations[0]
            .description
            .clone();
        assert!(
            description.starts_with(&format!("column {column}:")),
            "{filter}: {description}"
        );
    }
    for status in [
        client
            .find_similar_documents(FindSimilarDocumentsRequest {
                input: inline("oil prices"),
                filter: "x".to_owned(),
                ..Default::default()
            })
            .await
            .unwrap_err(),
        client
            .get_corpus_stats(GetCorpusStatsRequest {
                filter: "source ==".to_owned(),
                ..Default::default()
            })
            .await
            .unwrap_err(),
        client
            .summarize_documents(SummarizeDocumentsRequest {
                filter: "NOT".to_owned(),
                ..Default::default()
            })
            .await
            .unwrap_err(),
    ] {
        assert_invalid(&status, "filter");
    }
}

#[tokio::test]
async fn search_and_similar_keep_to_the_filter() {
    let (_server, mut client) = start().await;
    let search = |filter: &str| SearchDocumentsRequest {
        query: "oil tanker".to_owned(),
        filter: filter.to_owned(),
        page_size: 1,
        ..Default::default()
    };
    let all = client
        .search_documents(search(""))
        .await
        .unwrap()
        .into_inner();
    let wire_a = client
        .search_documents(search(r#"source = "Wire A""#))
        .await
        .unwrap()
        .into_inner();
    assert!(all.total_size > wire_a.total_size);
    assert_eq!(wire_a.total_size, 2);
    let second = client
        .search_documents(SearchDocumentsRequest {
            page_token: wire_a.next_page_token.clone(),
            ..search(r#"source = "Wire A""#)
        })
        .await
        .unwrap()
        .into_inner();
    let mut found: Vec<String> = wire_a
        .results
        .iter()
        .chain(&second.results)
        .map(|r| r.document.as_ref().unwrap().name.clone())
        .collect();
    found.sort();
    assert_eq!(found, ["documents/oil-1", "documents/oil-3"]);
    assert!(second.next_page_token.is_empty());

    let similar = client
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: named("documents/oil-1"),
            filter: "metadata.desk = markets".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let similar: Vec<&str> = similar
        .similar_documents
        .iter()
        .map(|s| s.document.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(similar, ["documents/oil-3"]);
}

#[tokio::test]
async fn summaries_and_stats_of_the_filtered_documents() {
    let (_server, mut client) = start().await;
    let summary = client
        .summarize_documents(SummarizeDocumentsRequest {
            filter: r#"publish_time >= "2026-02-02""#.to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!summary.sentences.is_empty());
    assert!(
        summary
            .sentences
            .iter()
            .all(|s| s.document == "documents/oil-2" || s.document == "documents/oil-3"),
        "{summary:?}"
    );
    // A query chooses the documents: the seeds are about Ukraine, not oil.
    let summary = client
        .summarize_documents(SummarizeDocumentsRequest {
            query: "Greenland".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!summary.sentences.is_empty());
    assert!(
        summary
            .sentences
            .iter()
            .all(|s| !s.document.contains("oil"))
    );
    // Filter and query together; nothing passes: an empty summary.
    let empty = client
        .summarize_documents(SummarizeDocumentsRequest {
            query: "oil".to_owned(),
            filter: "source = nobody".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(empty.sentences.is_empty());
    // Naming documents and filtering too is a contradiction.
    let status = client
        .summarize_documents(SummarizeDocumentsRequest {
            documents: vec!["documents/oil-1".to_owned()],
            filter: "source:*".to_owned(),
            query: "oil".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&status, "filter");
    assert_invalid(&status, "query");

    let stats = client
        .get_corpus_stats(GetCorpusStatsRequest {
            top_terms_count: 3,
            filter: r#"source = "Wire A" OR source = "Wire B""#.to_owned(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stats.document_count, 3);
    assert!(
        stats.vocabulary_size > 5 && stats.vocabulary_size < 30,
        "{stats:?}"
    );
    assert!(
        stats
            .top_terms
            .iter()
            .all(|t| t.document_frequency <= 3 && t.document_frequency > 0),
        "{stats:?}"
    );
    assert!(
        stats
            .top_terms
            .iter()
            .any(|t| t.term == "tanker" || t.term == "oil")
    );
    let all = client
        .get_corpus_stats(GetCorpusStatsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.document_count, 8);
}
