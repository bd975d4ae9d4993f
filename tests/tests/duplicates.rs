//! Near-duplicates over the real server: `Document.duplicate_of` on reads and writes, kept
//! out of search pages and summaries unless asked (`include_duplicates`, or a filter naming
//! `duplicate_of`), recomputed when the original goes and after a restart.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, create};
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use tonic::transport::Channel;

const WIRE: &str = "Oil prices fell sharply on Tuesday as OPEC raised output for a third \
    month, traders said, and Brent crude lost four percent in London trading while analysts \
    expected further declines next week.";

fn dated(text: &str, day: i64) -> Document {
    Document {
        text: text.to_owned(),
        publish_time: Some(prost_types::Timestamp {
            seconds: 1_767_225_600 + day * 86_400,
            nanos: 0,
        }),
        ..Document::default()
    }
}

/// The original (published first) and a re-post with a line added, written copy first.
async fn write(client: &mut CorpusServiceClient<Channel>) -> (Document, Document) {
    let copy = client
        .create_document(create(
            "copy",
            dated(&format!("{WIRE}\n\n(Reposted from the wire.)"), 2),
        ))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    let original = client
        .create_document(create("original", dated(WIRE, 1)))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    (original, copy)
}

async fn get(client: &mut CorpusServiceClient<Channel>, id: &str) -> Document {
    client
        .get_document(GetDocumentRequest {
            name: format!("documents/{id}"),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap()
}

async fn search(
    client: &mut CorpusServiceClient<Channel>,
    request: SearchDocumentsRequest,
) -> Vec<String> {
    client
        .search_documents(request)
        .await
        .unwrap()
        .into_inner()
        .results
        .into_iter()
        .map(|r| r.document.unwrap().name)
        .collect()
}

#[tokio::test]
async fn duplicates_are_reported_and_kept_out_of_pages_and_summaries() {
    let server = Server::seeds(Limits::default()).await;
    let mut client = server.corpus();
    let (original, copy) = write(&mut client).await;
    // Written before its original, the copy was nobody's duplicate then; the original's
    // arrival makes it one.
    assert_eq!(copy.duplicate_of, "");
    assert_eq!(original.duplicate_of, "");
    assert_eq!(
        get(&mut client, "copy").await.duplicate_of,
        "documents/original"
    );
    assert_eq!(get(&mut client, "original").await.duplicate_of, "");
    // A third copy, written last, says so in the write's answer.
    let third = client
        .create_document(create("third", dated(WIRE, 3)))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_eq!(third.duplicate_of, "documents/original");

    let query = |include_duplicates: bool, filter: &str| SearchDocumentsRequest {
        query: "Brent crude OPEC".to_owned(),
        include_duplicates,
        filter: filter.to_owned(),
        ..Default::default()
    };
    assert_eq!(
        search(&mut client, query(false, "")).await,
        ["documents/original"]
    );
    let mut all = search(&mut client, query(true, "")).await;
    all.sort();
    assert_eq!(
        all,
        ["documents/copy", "documents/original", "documents/third"]
    );
    let mut copies = search(
        &mut client,
        query(false, "duplicate_of = documents/original"),
    )
    .await;
    copies.sort();
    assert_eq!(copies, ["documents/copy", "documents/third"]);
    let total = client
        .search_documents(query(false, ""))
        .await
        .unwrap()
        .into_inner()
        .total_size;
    assert_eq!(total, 1);

    let listed = client
        .list_documents(ListDocumentsRequest {
            filter: "duplicate_of:*".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.total_size, 2);

    let summary = |include_duplicates: bool| SummarizeDocumentsRequest {
        query: "Brent crude".to_owned(),
        include_duplicates,
        ..Default::default()
    };
    let sentences = client
        .summarize_documents(summary(false))
        .await
        .unwrap()
        .into_inner()
        .sentences;
    assert!(!sentences.is_empty());
    assert!(
        sentences
            .iter()
            .all(|s| s.document != "documents/copy" && s.document != "documents/third"),
        "{sentences:?}"
    );

    // The original goes: the earliest remaining copy is the others' original.
    client
        .delete_document(DeleteDocumentRequest {
            name: "documents/original".to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(get(&mut client, "copy").await.duplicate_of, "");
    assert_eq!(
        get(&mut client, "third").await.duplicate_of,
        "documents/copy"
    );
}

#[tokio::test]
async fn duplicates_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let collection = Collection::open(dir.path()).unwrap();
        let server = Server::start(collection, Limits::default(), None).await;
        let mut client = server.corpus();
        write(&mut client).await;
        assert_eq!(
            get(&mut client, "copy").await.duplicate_of,
            "documents/original"
        );
    }
    // The server has stopped (and released the directory) once its handle is dropped; give
    // its task a moment to finish.
    let mut attempts = 0;
    let collection = loop {
        match Collection::open(dir.path()) {
            Ok(collection) => break collection,
            Err(error) if attempts < 100 => {
                attempts += 1;
                let _ = error;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(error) => panic!("cannot reopen the data directory: {error}"),
        }
    };
    let server = Server::start(collection, Limits::default(), None).await;
    let mut client = server.corpus();
    assert_eq!(
        get(&mut client, "copy").await.duplicate_of,
        "documents/original"
    );
}
