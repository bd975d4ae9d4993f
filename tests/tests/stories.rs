//! `ListStories` and `GetStory` over the real server: the seeds are one story of five
//! documents; written documents join a story or start one, and leave it when deleted.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, assert_invalid, create};
use lede_proto::v1::*;
use lede_server::Limits;
use tonic::Code;

const DOCK: &str = "Dock workers at the port of Rotterdam went on strike over pay, halting \
    container traffic; the union said the strike at Rotterdam would last a week.";

fn dated(text: &str, source: &str, day: i64) -> Document {
    Document {
        text: text.to_owned(),
        source: source.to_owned(),
        publish_time: Some(prost_types::Timestamp {
            seconds: 1_772_323_200 + day * 86_400,
            nanos: 0,
        }),
        ..Document::default()
    }
}

#[tokio::test]
async fn the_seeds_are_one_story_and_writes_join_or_start_stories() {
    let server = Server::seeds(Limits::default()).await;
    let mut client = server.corpus();
    let list = |order_by: &str, filter: &str| ListStoriesRequest {
        order_by: order_by.to_owned(),
        filter: filter.to_owned(),
        ..Default::default()
    };
    let stories = client
        .list_stories(list("", ""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stories.total_size, 1);
    let seeds = &stories.stories[0];
    assert_eq!(seeds.documents.len(), 5);
    assert!(seeds.documents.iter().all(|d| d.starts_with("documents/0")));
    assert!(!seeds.title.is_empty());
    assert!(!seeds.keyphrases.is_empty());
    assert_eq!(seeds.summary.len(), 3);
    assert!(
        seeds
            .summary
            .iter()
            .all(|s| seeds.documents.contains(&s.document))
    );
    let got = client
        .get_story(GetStoryRequest {
            name: seeds.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .story
        .unwrap();
    assert_eq!(&got, seeds);

    for (id, day, source) in [
        ("dock-1", 0, "Wire A"),
        ("dock-2", 1, "Wire B"),
        ("dock-3", 30, "Wire A"),
    ] {
        client
            .create_document(create(id, dated(DOCK, source, day)))
            .await
            .unwrap();
    }
    let stories = client
        .list_stories(list("", ""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stories.total_size, 3);
    // Most recent first: the late strike report is a story of its own (past the window).
    assert_eq!(stories.stories[0].documents, ["documents/dock-3"]);
    assert_eq!(
        stories.stories[1].documents,
        ["documents/dock-1", "documents/dock-2"]
    );
    assert_eq!(stories.stories[1].sources, ["Wire A", "Wire B"]);
    assert_eq!(stories.stories[1].name, "stories/dock-1");
    let (first, last) = (
        stories.stories[1].first_publish_time.unwrap().seconds,
        stories.stories[1].last_publish_time.unwrap().seconds,
    );
    assert_eq!(last - first, 86_400);
    let by_size = client
        .list_stories(ListStoriesRequest {
            page_size: 1,
            ..list("document_count desc", "")
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_size.stories[0].documents.len(), 5);
    assert!(!by_size.next_page_token.is_empty());
    let filtered = client
        .list_stories(list("", r#"source = "Wire B""#))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(filtered.total_size, 1);

    client
        .delete_document(DeleteDocumentRequest {
            name: "documents/dock-1".to_owned(),
        })
        .await
        .unwrap();
    let story = client
        .get_story(GetStoryRequest {
            name: "stories/dock-2".to_owned(),
        })
        .await
        .unwrap()
        .into_inner()
        .story
        .unwrap();
    assert_eq!(story.documents, ["documents/dock-2"]);
    let gone = client
        .get_story(GetStoryRequest {
            name: "stories/dock-1".to_owned(),
        })
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Code::NotFound);

    let bad = client
        .list_stories(ListStoriesRequest {
            page_size: -1,
            ..list("size", "tilte = x")
        })
        .await
        .unwrap_err();
    for field in ["page_size", "order_by", "filter"] {
        assert_invalid(&bad, field);
    }
    let bad = client
        .get_story(GetStoryRequest {
            name: "documents/dock-2".to_owned(),
        })
        .await
        .unwrap_err();
    assert_invalid(&bad, "name");
}
