//! End-to-end tests of the write methods of `CorpusService` (issue 6, durable ingestion):
//! create, batch create, update, delete and import, each against an in-process server on
//! `127.0.0.1:0` with its own collection, in memory or on a temporary store.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use common::*;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use prost_types::{FieldMask, Timestamp};
use tonic::Code;
use tonic::transport::Channel;

/// A server over the seeds, in memory.
async fn in_memory() -> Server {
    Server::seeds(Limits::default()).await
}

/// A server over a new store in a temporary directory (so it starts with the seeds).
async fn on_disk() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let collection = Collection::open(dir.path()).unwrap();
    Server::start(collection, Limits::default(), Some(dir)).await
}

fn id_of(name: &str) -> &str {
    name.strip_prefix("documents/")
        .unwrap_or_else(|| panic!("{name:?} is not documents/..."))
}

fn valid_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

async fn get(
    client: &mut CorpusServiceClient<Channel>,
    name: &str,
) -> Result<Document, tonic::Status> {
    client
        .get_document(GetDocumentRequest {
            name: name.to_owned(),
            ..Default::default()
        })
        .await
        .map(|r| r.into_inner().document.unwrap())
}

async fn search_names(client: &mut CorpusServiceClient<Channel>, query: &str) -> Vec<String> {
    client
        .search_documents(SearchDocumentsRequest {
            query: query.to_owned(),
            page_size: 100,
            ..Default::default()
        })
        .await
        .unwrap_or_else(|status| panic!("search {query:?}: {status:?}"))
        .into_inner()
        .results
        .into_iter()
        .map(|r| r.document.unwrap().name)
        .collect()
}

/// A timestamp as (seconds, nanos), for comparing.
fn time(t: &Option<Timestamp>) -> (i64, i32) {
    let t = t.as_ref().expect("a timestamp");
    (t.seconds, t.nanos)
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|&p| p.to_owned()).collect(),
    })
}

/// 2026-01-06T09:30:00Z.
const PUBLISHED: Timestamp = Timestamp {
    seconds: 1_767_691_800,
    nanos: 0,
};

const ARTICLE: &str = "Ice sheet retreat speeds up\n\n\
    Scientists in Nuuk said on Tuesday that the Greenland ice sheet lost more ice this summer \
    than in any year on record. Meltwater lakes formed far inland.\n\n\
    The researchers will publish their measurements next month.";

fn full_document() -> Document {
    Document {
        title: "Ice sheet retreat speeds up".to_owned(),
        text: ARTICLE.to_owned(),
        source: "Example Wire".to_owned(),
        publish_time: Some(PUBLISHED),
        metadata: [
            ("author".to_owned(), "A. Writer".to_owned()),
            ("section".to_owned(), "Science".to_owned()),
        ]
        .into(),
        ..Document::default()
    }
}

/// Create with and without an identifier, and every way a create is refused.
async fn create_get_and_refusals(server: Server) {
    let mut client = server.corpus();
    let before = total_size(&mut client).await;

    let created = client
        .create_document(create("ice-sheet.2026_01", full_document()))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_eq!(created.name, "documents/ice-sheet.2026_01");
    assert!(created.text.is_empty(), "the response has the basic view");
    assert_eq!(created.title, "Ice sheet retreat speeds up");
    assert_eq!(created.source, "Example Wire");
    assert_eq!(created.publish_time, Some(PUBLISHED));
    assert_eq!(created.metadata, full_document().metadata);
    assert!(created.create_time.is_some(), "create_time in {created:?}");
    assert!(created.update_time.is_some(), "update_time in {created:?}");

    let got = get(&mut client, "documents/ice-sheet.2026_01")
        .await
        .unwrap();
    assert_eq!(got.text, ARTICLE);
    assert_eq!(got.title, created.title);
    assert_eq!(got.source, "Example Wire");
    assert_eq!(got.publish_time, Some(PUBLISHED));
    assert_eq!(got.metadata, full_document().metadata);
    assert_eq!(got.language, "en");
    assert_eq!(got.create_time, created.create_time);
    assert_eq!(got.update_time, created.update_time);
    assert!(got.word_count > 0 && got.sentence_count > 0, "{got:?}");
    assert_eq!(total_size(&mut client).await, before + 1);

    // The same identifier again, and a seed's.
    let again = client
        .create_document(create(
            "ice-sheet.2026_01",
            doc("", "Another text entirely."),
        ))
        .await
        .unwrap_err();
    assert_eq!(again.code(), Code::AlreadyExists, "{again:?}");
    assert_eq!(
        get(&mut client, "documents/ice-sheet.2026_01")
            .await
            .unwrap()
            .text,
        ARTICLE
    );
    let seed = list_all(&mut client, DocumentView::Basic).await[0]
        .name
        .clone();
    let taken = client
        .create_document(create(id_of(&seed), doc("", "Another text entirely.")))
        .await
        .unwrap_err();
    assert_eq!(taken.code(), Code::AlreadyExists, "{taken:?}");

    // No identifier: the server chooses one.
    let assigned = client
        .create_document(create(
            "",
            doc("", "A short note about the harbour in Bergen."),
        ))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert!(valid_id(id_of(&assigned.name)), "{:?}", assigned.name);
    assert_eq!(
        get(&mut client, &assigned.name).await.unwrap().text,
        "A short note about the harbour in Bergen."
    );
    let second = client
        .create_document(create(
            "",
            doc("", "A short note about the harbour in Bergen."),
        ))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_ne!(second.name, assigned.name, "two server-assigned names");

    // No identifier but a name: the name's.
    let named = client
        .create_document(create(
            "",
            Document {
                name: "documents/from-the-name".to_owned(),
                ..doc("", "A note whose name is in the document.")
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_eq!(named.name, "documents/from-the-name");
    let after_valid = before + 4;
    assert_eq!(total_size(&mut client).await, after_valid);

    // Invalid identifiers.
    let long = "a".repeat(200);
    for id in ["a b", "x/y", long.as_str(), "ümlaut", "tab\t"] {
        let status = client
            .create_document(create(id, doc("", "Some valid text about trade.")))
            .await
            .unwrap_err();
        assert_invalid(&status, "document_id");
    }
    let limit = "b".repeat(128);
    client
        .create_document(create(
            &limit,
            doc("", "An identifier of exactly 128 characters."),
        ))
        .await
        .unwrap_or_else(|s| panic!("a 128-character identifier is valid: {s:?}"));

    // An empty text is allowed (the server's choice: a feed item may be a headline
    // alone); the document is a zero vector that no read trips over.
    let empty = client
        .create_document(create("empty-text", doc("A title", "")))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_eq!((empty.word_count, empty.sentence_count), (0, 0));
    let got = get(&mut client, "documents/empty-text").await.unwrap();
    assert_eq!((got.title.as_str(), got.text.as_str()), ("A title", ""));
    client
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: Some(TextInput {
                content: Some(text_input::Content::Document(
                    "documents/empty-text".to_owned(),
                )),
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .summarize_documents(SummarizeDocumentsRequest::default())
        .await
        .unwrap();
    client
        .summarize_documents(SummarizeDocumentsRequest {
            documents: vec!["documents/empty-text".to_owned()],
            ..Default::default()
        })
        .await
        .unwrap();
    let listed = list_all(&mut client, DocumentView::Full).await;
    assert_stats_eq(
        &stats(&mut client, 50).await,
        &expected_stats(&listed, 50),
        "with an empty document",
    );

    // A language other than the corpus's; the corpus's own and empty are fine.
    let german = client
        .create_document(create(
            "german",
            Document {
                language: "de".to_owned(),
                ..doc("", "Die Regierung hat am Dienstag neue Zölle angekündigt.")
            },
        ))
        .await
        .unwrap_err();
    assert_invalid(&german, "document.language");
    client
        .create_document(create(
            "english",
            Document {
                language: "en".to_owned(),
                ..doc("", "The government announced new tariffs on Tuesday.")
            },
        ))
        .await
        .unwrap();

    // A malformed name and no identifier.
    let malformed = client
        .create_document(create(
            "",
            Document {
                name: "articles/x".to_owned(),
                ..doc("", "Some valid text about trade.")
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(malformed.code(), Code::InvalidArgument, "{malformed:?}");

    // No document at all.
    let missing = client
        .create_document(CreateDocumentRequest {
            document: None,
            document_id: "nothing".to_owned(),
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::InvalidArgument, "{missing:?}");

    // Only the valid creates took effect.
    assert_eq!(total_size(&mut client).await, after_valid + 3);
    for id in ["german", "nothing"] {
        let status = get(&mut client, &format!("documents/{id}"))
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::NotFound, "{id}: {status:?}");
    }
}

#[tokio::test]
async fn create_get_and_refusals_in_memory() {
    create_get_and_refusals(in_memory().await).await;
}

#[tokio::test]
async fn create_get_and_refusals_on_disk() {
    create_get_and_refusals(on_disk().await).await;
}

/// Every read reflects a create at once, and a delete undoes it exactly.
async fn writes_are_visible_at_once(server: Server) {
    let mut client = server.corpus();
    let before = stats(&mut client, 50).await;
    let total_before = total_size(&mut client).await;
    assert!(search_names(&mut client, "zyzzogeton").await.is_empty());

    let text = "Rare beetle found in Norfolk\n\n\
        Entomologists found a zyzzogeton, a leafhopper never seen in Europe, in a garden \
        in Norfolk. The zyzzogeton was identified by the museum on Friday.";
    client
        .create_document(create(
            "rare-beetle",
            doc("Rare beetle found in Norfolk", text),
        ))
        .await
        .unwrap();
    assert_eq!(
        search_names(&mut client, "zyzzogeton").await,
        ["documents/rare-beetle"]
    );
    let during = stats(&mut client, 50).await;
    assert_eq!(during.document_count, before.document_count + 1);
    assert!(during.vocabulary_size > before.vocabulary_size);
    assert!(during.total_terms > before.total_terms);
    assert_eq!(total_size(&mut client).await, total_before + 1);
    let similar = client
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: Some(TextInput {
                content: Some(text_input::Content::Document(
                    "documents/rare-beetle".to_owned(),
                )),
            }),
            max_results: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .similar_documents;
    assert!(
        similar
            .iter()
            .all(|s| s.document.as_ref().unwrap().name != "documents/rare-beetle")
    );
    let by_text = client
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: Some(TextInput {
                content: Some(text_input::Content::Text(
                    "a zyzzogeton leafhopper in Norfolk".to_owned(),
                )),
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .similar_documents;
    assert_eq!(
        by_text
            .first()
            .map(|s| s.document.as_ref().unwrap().name.as_str()),
        Some("documents/rare-beetle"),
        "{by_text:?}"
    );
    // Statistics equal those of a corpus built from scratch from what the server lists.
    let listed = list_all(&mut client, DocumentView::Full).await;
    assert_stats_eq(&during, &expected_stats(&listed, 50), "after create");

    client
        .delete_document(DeleteDocumentRequest {
            name: "documents/rare-beetle".to_owned(),
        })
        .await
        .unwrap();
    assert!(search_names(&mut client, "zyzzogeton").await.is_empty());
    assert_eq!(
        get(&mut client, "documents/rare-beetle")
            .await
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    assert_eq!(total_size(&mut client).await, total_before);
    let after = stats(&mut client, 50).await;
    assert_stats_eq(&after, &before, "after create and delete");

    let twice = client
        .delete_document(DeleteDocumentRequest {
            name: "documents/rare-beetle".to_owned(),
        })
        .await
        .unwrap_err();
    assert_eq!(twice.code(), Code::NotFound, "{twice:?}");

    // The name is free again.
    client
        .create_document(create("rare-beetle", doc("", "Back again: a zyzzogeton.")))
        .await
        .unwrap();
    assert_eq!(
        search_names(&mut client, "zyzzogeton").await,
        ["documents/rare-beetle"]
    );
}

#[tokio::test]
async fn writes_are_visible_at_once_in_memory() {
    writes_are_visible_at_once(in_memory().await).await;
}

#[tokio::test]
async fn writes_are_visible_at_once_on_disk() {
    writes_are_visible_at_once(on_disk().await).await;
}

#[tokio::test]
async fn delete_a_seed() {
    let server = in_memory().await;
    let mut client = server.corpus();
    let seeds = list_all(&mut client, DocumentView::Basic).await;
    assert_eq!(seeds.len(), 5);
    client
        .delete_document(DeleteDocumentRequest {
            name: seeds[2].name.clone(),
        })
        .await
        .unwrap();
    let listed = list_all(&mut client, DocumentView::Full).await;
    assert_eq!(listed.len(), 4);
    assert!(listed.iter().all(|d| d.name != seeds[2].name));
    assert_stats_eq(
        &stats(&mut client, 100).await,
        &expected_stats(&listed, 100),
        "after deleting a seed",
    );
    let malformed = client
        .delete_document(DeleteDocumentRequest {
            name: "not-a-resource-name".to_owned(),
        })
        .await
        .unwrap_err();
    assert!(
        matches!(malformed.code(), Code::InvalidArgument | Code::NotFound),
        "{malformed:?}"
    );
}

async fn update_document(server: Server) {
    let mut client = server.corpus();
    let original = Document {
        title: "Old title".to_owned(),
        text: "Keepers at the zoo in Perth weighed the quokka on Monday. The quokka is well."
            .to_owned(),
        source: "Zoo Times".to_owned(),
        publish_time: Some(PUBLISHED),
        metadata: [("author".to_owned(), "K. Eeper".to_owned())].into(),
        ..Document::default()
    };
    let created = client
        .create_document(create("zoo-news", original.clone()))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();

    // Only the title.
    let updated = client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                title: "New title".to_owned(),
                text: "This text must be ignored.".to_owned(),
                source: "Ignored source".to_owned(),
                ..Document::default()
            }),
            update_mask: mask(&["title"]),
        })
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_eq!(updated.name, "documents/zoo-news");
    assert_eq!(updated.title, "New title");
    assert_eq!(updated.source, "Zoo Times");
    assert!(updated.text.is_empty(), "the response has the basic view");
    assert_eq!(updated.create_time, created.create_time);
    assert!(
        time(&updated.update_time) >= time(&created.update_time),
        "{updated:?}"
    );
    let got = get(&mut client, "documents/zoo-news").await.unwrap();
    assert_eq!(got.title, "New title");
    assert_eq!(got.text, original.text);
    assert_eq!(got.source, original.source);
    assert_eq!(got.publish_time, original.publish_time);
    assert_eq!(got.metadata, original.metadata);
    assert_eq!(
        search_names(&mut client, "quokka").await,
        ["documents/zoo-news"]
    );

    // Only the text: the index follows.
    let new_text = "Keepers at the zoo in Perth weighed the wombat on Monday. The wombat is well.";
    client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                title: "Ignored title".to_owned(),
                text: new_text.to_owned(),
                ..Document::default()
            }),
            update_mask: mask(&["text"]),
        })
        .await
        .unwrap();
    let got = get(&mut client, "documents/zoo-news").await.unwrap();
    assert_eq!(got.text, new_text);
    assert_eq!(got.title, "New title");
    assert_eq!(got.metadata, original.metadata);
    assert!(search_names(&mut client, "quokka").await.is_empty());
    assert_eq!(
        search_names(&mut client, "wombat").await,
        ["documents/zoo-news"]
    );
    let listed = list_all(&mut client, DocumentView::Full).await;
    assert_stats_eq(
        &stats(&mut client, 100).await,
        &expected_stats(&listed, 100),
        "after updating the text",
    );

    // Source and metadata; metadata is replaced as a whole.
    client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                source: "Perth Post".to_owned(),
                metadata: [("desk".to_owned(), "Nature".to_owned())].into(),
                ..Document::default()
            }),
            update_mask: mask(&["source", "metadata"]),
        })
        .await
        .unwrap();
    let got = get(&mut client, "documents/zoo-news").await.unwrap();
    assert_eq!(got.source, "Perth Post");
    assert_eq!(
        got.metadata,
        HashMap::from([("desk".to_owned(), "Nature".to_owned())])
    );
    assert_eq!(got.title, "New title");

    // No mask: the fields that are set.
    client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                title: "Unmasked title".to_owned(),
                ..Document::default()
            }),
            update_mask: None,
        })
        .await
        .unwrap();
    let got = get(&mut client, "documents/zoo-news").await.unwrap();
    assert_eq!(got.title, "Unmasked title");
    assert_eq!(
        (got.text.as_str(), got.source.as_str()),
        (new_text, "Perth Post")
    );
    assert_eq!(got.publish_time, Some(PUBLISHED));

    // `*`: all five, unset ones cleared.
    let star_text = "The wombat went home to Perth on Sunday.";
    client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                title: "New title".to_owned(),
                text: star_text.to_owned(),
                ..Document::default()
            }),
            update_mask: mask(&["*"]),
        })
        .await
        .unwrap();
    let got = get(&mut client, "documents/zoo-news").await.unwrap();
    assert_eq!(
        (got.title.as_str(), got.text.as_str()),
        ("New title", star_text)
    );
    assert_eq!(got.source, "");
    assert_eq!(got.publish_time, None);
    assert!(got.metadata.is_empty(), "{:?}", got.metadata);
    let new_text = star_text;

    // Unknown document.
    let unknown = client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/no-such-thing".to_owned(),
                title: "T".to_owned(),
                ..Document::default()
            }),
            update_mask: mask(&["title"]),
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound, "{unknown:?}");
    assert_eq!(
        get(&mut client, "documents/no-such-thing")
            .await
            .unwrap_err()
            .code(),
        Code::NotFound,
        "an update must not create"
    );

    // Unknown mask path.
    let bogus = client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                title: "Bogus".to_owned(),
                ..Document::default()
            }),
            update_mask: mask(&["title", "bogus"]),
        })
        .await
        .unwrap_err();
    assert_invalid(&bogus, "update_mask");
    let got = get(&mut client, "documents/zoo-news").await.unwrap();
    assert_eq!(got.title, "New title", "a refused update changes nothing");
    assert_eq!(got.text, new_text);
    // A language through the mask is not a field one can change.
    let language = client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                language: "de".to_owned(),
                ..Document::default()
            }),
            update_mask: mask(&["language"]),
        })
        .await
        .unwrap_err();
    assert_eq!(language.code(), Code::InvalidArgument, "{language:?}");

    // Emptying the text (allowed, as on create) takes it out of the index.
    client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/zoo-news".to_owned(),
                ..Document::default()
            }),
            update_mask: mask(&["text"]),
        })
        .await
        .unwrap();
    assert!(search_names(&mut client, "wombat").await.is_empty());
    let listed = list_all(&mut client, DocumentView::Full).await;
    assert_stats_eq(
        &stats(&mut client, 100).await,
        &expected_stats(&listed, 100),
        "after emptying the text",
    );
}

#[tokio::test]
async fn update_document_in_memory() {
    update_document(in_memory().await).await;
}

#[tokio::test]
async fn update_document_on_disk() {
    update_document(on_disk().await).await;
}

#[tokio::test]
async fn batch_create_is_all_or_nothing() {
    let server = on_disk().await;
    let mut client = server.corpus();
    let before = total_size(&mut client).await;

    let ids = ["batch-c", "batch-a", "batch-b"];
    let created = client
        .batch_create_documents(BatchCreateDocumentsRequest {
            requests: ids
                .iter()
                .enumerate()
                .map(|(i, id)| create(id, doc(&format!("Title {id}"), &words(i))))
                .collect(),
        })
        .await
        .unwrap()
        .into_inner()
        .documents;
    let names: Vec<&str> = created.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "documents/batch-c",
            "documents/batch-a",
            "documents/batch-b"
        ]
    );
    for (i, id) in ids.iter().enumerate() {
        let got = get(&mut client, &format!("documents/{id}")).await.unwrap();
        assert_eq!(got.text, words(i));
        assert_eq!(got.title, format!("Title {id}"));
    }
    assert_eq!(total_size(&mut client).await, before + 3);
    let listed = list_all(&mut client, DocumentView::Full).await;
    let stats_after_ok = stats(&mut client, 100).await;
    assert_stats_eq(
        &stats_after_ok,
        &expected_stats(&listed, 100),
        "after a batch",
    );

    // Refused batches, none of whose documents may appear.
    let refusals: [(&str, Vec<CreateDocumentRequest>, &[Code]); 4] = [
        (
            "a taken name",
            vec![
                create("fresh-1", doc("", &words(10))),
                create("batch-a", doc("", &words(11))),
                create("fresh-2", doc("", &words(12))),
            ],
            &[Code::AlreadyExists],
        ),
        (
            "a repeated name",
            vec![
                create("fresh-3", doc("", &words(13))),
                create("fresh-4", doc("", &words(14))),
                create("fresh-3", doc("", &words(15))),
            ],
            &[Code::AlreadyExists, Code::InvalidArgument],
        ),
        (
            "an invalid identifier",
            vec![
                create("fresh-5", doc("", &words(16))),
                create("fresh 6", doc("", &words(17))),
            ],
            &[Code::InvalidArgument],
        ),
        (
            "a foreign language",
            vec![
                create("fresh-7", doc("", &words(18))),
                create(
                    "fresh-8",
                    Document {
                        language: "fr".to_owned(),
                        ..doc("", &words(19))
                    },
                ),
            ],
            &[Code::InvalidArgument],
        ),
    ];
    for (what, requests, codes) in refusals {
        let status = client
            .batch_create_documents(BatchCreateDocumentsRequest { requests })
            .await
            .unwrap_err();
        assert!(codes.contains(&status.code()), "{what}: {status:?}");
        assert_eq!(total_size(&mut client).await, before + 3, "{what}");
    }
    for n in 1..=8 {
        let status = get(&mut client, &format!("documents/fresh-{n}"))
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::NotFound, "fresh-{n}");
    }
    assert_eq!(
        get(&mut client, "documents/batch-a").await.unwrap().text,
        words(1),
        "a refused batch must not overwrite"
    );
    assert_stats_eq(
        &stats(&mut client, 100).await,
        &stats_after_ok,
        "after refused batches",
    );

    // Too many documents.
    let too_many = client
        .batch_create_documents(BatchCreateDocumentsRequest {
            requests: (0..1001)
                .map(|i| create(&format!("many-{i}"), doc("", "Short text about rain.")))
                .collect(),
        })
        .await
        .unwrap_err();
    assert_eq!(too_many.code(), Code::InvalidArgument, "{too_many:?}");
    assert_eq!(total_size(&mut client).await, before + 3);
}

fn chunk(prefix: &str, range: std::ops::Range<usize>) -> ImportDocumentsRequest {
    ImportDocumentsRequest {
        requests: range
            .map(|i| {
                create(
                    &format!("{prefix}-{i:04}"),
                    doc(&format!("Item {i}"), &words(i)),
                )
            })
            .collect(),
    }
}

#[tokio::test]
async fn import_documents_all_or_nothing() {
    let server = on_disk().await;
    let mut client = server.corpus();
    let before = total_size(&mut client).await;

    // Three chunks of 200, the last one first in name order so that stream order and
    // name order differ.
    let chunks = vec![
        chunk("imp-b", 0..200),
        chunk("imp-c", 200..400),
        chunk("imp-a", 400..600),
    ];
    let expected: Vec<String> = chunks
        .iter()
        .flat_map(|c| {
            c.requests
                .iter()
                .map(|r| format!("documents/{}", r.document_id))
        })
        .collect();
    let response = client
        .import_documents(tokio_stream::iter(chunks))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.imported_count, 600);
    assert_eq!(response.names, expected);
    assert_eq!(total_size(&mut client).await, before + 600);
    for i in [0, 199, 200, 399, 400, 599] {
        let got = get(&mut client, &expected[i]).await.unwrap();
        assert_eq!(got.text, words(i), "{}", expected[i]);
        assert_eq!(got.title, format!("Item {i}"));
    }
    assert_eq!(
        search_names(&mut client, "zq123x").await,
        ["documents/imp-b-0123"]
    );
    let listed = list_all(&mut client, DocumentView::Full).await;
    let stats_after_ok = stats(&mut client, 100).await;
    assert_stats_eq(
        &stats_after_ok,
        &expected_stats(&listed, 100),
        "after an import",
    );

    // An invalid document in the last chunk: nothing of the stream is stored.
    let mut last = chunk("bad-c", 1000..1200);
    last.requests[150].document_id = "not valid/id".to_owned();
    let status = client
        .import_documents(tokio_stream::iter(vec![
            chunk("bad-a", 1200..1400),
            chunk("bad-b", 1400..1600),
            last,
        ]))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    // A taken name in the middle of the stream.
    let mut middle = chunk("bad-e", 1600..1800);
    middle.requests[10].document_id = "imp-a-0450".to_owned();
    let status = client
        .import_documents(tokio_stream::iter(vec![
            chunk("bad-d", 1800..2000),
            middle,
            chunk("bad-f", 2000..2200),
        ]))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::AlreadyExists, "{status:?}");
    // A name repeated across chunks.
    let status = client
        .import_documents(tokio_stream::iter(vec![
            chunk("bad-g", 0..5),
            chunk("bad-g", 4..8),
        ]))
        .await
        .unwrap_err();
    assert!(
        matches!(status.code(), Code::AlreadyExists | Code::InvalidArgument),
        "{status:?}"
    );

    assert_eq!(total_size(&mut client).await, before + 600);
    for name in [
        "documents/bad-a-1200",
        "documents/bad-b-1599",
        "documents/bad-c-1000",
        "documents/bad-d-1800",
        "documents/bad-e-1600",
        "documents/bad-g-0000",
    ] {
        let status = get(&mut client, name).await.unwrap_err();
        assert_eq!(status.code(), Code::NotFound, "{name}");
    }
    assert_eq!(
        get(&mut client, "documents/imp-a-0450").await.unwrap().text,
        words(450)
    );
    assert_stats_eq(
        &stats(&mut client, 100).await,
        &stats_after_ok,
        "after refused imports",
    );

    // An empty stream imports nothing and is not an error.
    let empty = client
        .import_documents(tokio_stream::iter(Vec::<ImportDocumentsRequest>::new()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(empty.imported_count, 0);
    assert!(empty.names.is_empty());
}

/// What one writer did.
#[derive(Debug, Default)]
struct Writes {
    created: usize,
    deleted: usize,
    /// The documents it believes exist, with their text.
    live: BTreeMap<String, String>,
    gone: BTreeSet<String>,
    errors: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_and_readers() {
    let server = on_disk().await;
    let seeds = list_all(&mut server.corpus(), DocumentView::Basic).await;
    assert_eq!(seeds.len(), 5);
    let deadline = Instant::now() + Duration::from_secs(2);

    let mut writers = Vec::new();
    for w in 0..4 {
        let mut client = server.corpus();
        writers.push(tokio::spawn(async move {
            let mut writes = Writes::default();
            let mut n = 0usize;
            while Instant::now() < deadline {
                let id = format!("w{w}-{n:05}");
                let text = words(w * 100_000 + n);
                match client
                    .create_document(create(&id, doc(&format!("Writer {w}"), &text)))
                    .await
                {
                    Ok(_) => {
                        writes.created += 1;
                        writes.live.insert(format!("documents/{id}"), text);
                    }
                    Err(status) => writes.errors.push(format!("create {id}: {status:?}")),
                }
                if n % 3 == 2 {
                    // Delete the oldest of its own documents.
                    let oldest = writes.live.keys().next().cloned();
                    if let Some(name) = oldest {
                        match client
                            .delete_document(DeleteDocumentRequest { name: name.clone() })
                            .await
                        {
                            Ok(_) => {
                                writes.deleted += 1;
                                writes.live.remove(&name);
                                writes.gone.insert(name);
                            }
                            Err(status) => writes.errors.push(format!("delete {name}: {status:?}")),
                        }
                    }
                }
                n += 1;
            }
            writes
        }));
    }
    let mut readers = Vec::new();
    for (r, seed) in seeds.iter().take(4).enumerate() {
        let mut client = server.corpus();
        let seed = seed.name.clone();
        readers.push(tokio::spawn(async move {
            let mut errors = Vec::new();
            let mut calls = 0usize;
            while Instant::now() < deadline {
                let result: Result<(), tonic::Status> = async {
                    let found = client
                        .search_documents(SearchDocumentsRequest {
                            query: "budget envoy".to_owned(),
                            page_size: 20,
                            max_snippets: 2,
                            ..Default::default()
                        })
                        .await?
                        .into_inner();
                    if found.results.len() > found.total_size as usize {
                        return Err(tonic::Status::internal("more results than total_size"));
                    }
                    let stats = client
                        .get_corpus_stats(GetCorpusStatsRequest {
                            top_terms_count: 10,
                            ..Default::default()
                        })
                        .await?
                        .into_inner();
                    if stats.document_count < 5 {
                        return Err(tonic::Status::internal(format!("{stats:?}")));
                    }
                    let page = client
                        .list_documents(ListDocumentsRequest {
                            page_size: 50,
                            ..Default::default()
                        })
                        .await?
                        .into_inner();
                    if page.total_size < 5 {
                        return Err(tonic::Status::internal(format!(
                            "total {}",
                            page.total_size
                        )));
                    }
                    client
                        .find_similar_documents(FindSimilarDocumentsRequest {
                            input: Some(TextInput {
                                content: Some(text_input::Content::Document(seed.clone())),
                            }),
                            ..Default::default()
                        })
                        .await?;
                    client
                        .find_similar_documents(FindSimilarDocumentsRequest {
                            input: Some(TextInput {
                                content: Some(text_input::Content::Text(
                                    "officials discussed the budget".to_owned(),
                                )),
                            }),
                            ..Default::default()
                        })
                        .await?;
                    Ok(())
                }
                .await;
                calls += 1;
                if let Err(status) = result {
                    errors.push(format!("reader {r}: {status:?}"));
                }
            }
            (calls, errors)
        }));
    }

    let mut created = 0;
    let mut deleted = 0;
    let mut live = BTreeMap::new();
    let mut gone = BTreeSet::new();
    let mut errors = Vec::new();
    for writer in writers {
        let writes = writer.await.unwrap();
        created += writes.created;
        deleted += writes.deleted;
        live.extend(writes.live);
        gone.extend(writes.gone);
        errors.extend(writes.errors);
    }
    let mut reads = 0;
    for reader in readers {
        let (calls, reader_errors) = reader.await.unwrap();
        reads += calls;
        errors.extend(reader_errors);
    }
    assert!(
        errors.is_empty(),
        "{} errors, first ones: {:#?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    assert!(
        created > 0 && deleted > 0 && reads > 0,
        "{created} {deleted} {reads}"
    );

    eprintln!("{created} created, {deleted} deleted, {reads} rounds of reads");
    let mut client = server.corpus();
    let listed = list_all(&mut client, DocumentView::Full).await;
    assert_eq!(listed.len(), 5 + created - deleted);
    let stats_now = stats(&mut client, 50).await;
    assert_eq!(stats_now.document_count as usize, 5 + created - deleted);
    assert_stats_eq(
        &stats_now,
        &expected_stats(&listed, 50),
        "after concurrent writes",
    );
    let texts: BTreeMap<&str, &str> = listed
        .iter()
        .map(|d| (d.name.as_str(), d.text.as_str()))
        .collect();
    for (name, text) in &live {
        assert_eq!(texts.get(name.as_str()), Some(&text.as_str()), "{name}");
        assert_eq!(&get(&mut client, name).await.unwrap().text, text);
    }
    for name in &gone {
        assert!(!texts.contains_key(name.as_str()), "{name} was deleted");
    }
    for seed in &seeds {
        assert!(texts.contains_key(seed.name.as_str()), "{}", seed.name);
    }
}
