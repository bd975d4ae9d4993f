//! `GetTrends` over the real server: a term new in the window rises, one already running
//! before it does not; bad arguments name their fields.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, assert_invalid, create};
use lede_proto::v1::*;
use lede_server::Limits;

fn at(seconds: i64) -> Option<prost_types::Timestamp> {
    Some(prost_types::Timestamp { seconds, nanos: 0 })
}

#[tokio::test]
async fn rising_terms_with_their_documents_and_spans() {
    let server = Server::seeds(Limits::default()).await;
    let mut client = server.corpus();
    let day = |n: i64| 1_772_323_200 + n * 86_400;
    for (id, text, n) in [
        (
            "old-1",
            "The harbour strike in Rotterdam continued as talks on pay stalled.",
            0,
        ),
        (
            "old-2",
            "Rotterdam harbour strike: talks on pay stalled again.",
            1,
        ),
        (
            "new-1",
            "Volcanic ash from Etna closed Catania airport; the Rotterdam strike went on.",
            9,
        ),
        (
            "new-2",
            "Etna erupted again and volcanic ash grounded flights in Sicily.",
            10,
        ),
    ] {
        let document = Document {
            text: text.to_owned(),
            publish_time: at(day(n)),
            ..Document::default()
        };
        client.create_document(create(id, document)).await.unwrap();
    }
    let response = client
        .get_trends(GetTrendsRequest {
            start_time: at(day(8)),
            end_time: at(day(11)),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let terms: Vec<&str> = response.trends.iter().map(|t| t.term.as_str()).collect();
    assert!(terms.contains(&"etna"), "{terms:?}");
    assert!(!terms.contains(&"rotterdam"), "{terms:?}");
    let etna = response.trends.iter().find(|t| t.term == "etna").unwrap();
    assert_eq!(
        (etna.window_document_count, etna.before_document_count),
        (2, 0)
    );
    assert_eq!(etna.documents, ["documents/new-1", "documents/new-2"]);
    assert_eq!(etna.occurrences.len(), 2);
    assert!(etna.occurrences.iter().all(|o| o.text == "Etna"));
    // Without a window: the day before the latest publish time.
    let latest = client
        .get_trends(GetTrendsRequest {
            min_document_count: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let end = latest.end_time.unwrap();
    assert_eq!((end.seconds, end.nanos), (day(10), 1));
    let start = latest.start_time.unwrap();
    assert_eq!((start.seconds, start.nanos), (day(9), 1));
    assert!(latest.trends.iter().any(|t| t.term == "etna"));
    let bad = client
        .get_trends(GetTrendsRequest {
            max_trends: 1000,
            filter: "(".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&bad, "max_trends");
    assert_invalid(&bad, "filter");
    let backwards = client
        .get_trends(GetTrendsRequest {
            start_time: at(day(11)),
            end_time: at(day(8)),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&backwards, "start_time");
}
