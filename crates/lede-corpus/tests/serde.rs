//! The `serde` feature: search hits, top terms and documents serialise to the JSON a client
//! expects. Run with `cargo test -p lede-corpus --features serde --test serde` (CI does).
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)]

use lede_corpus::{Corpus, Document};
use serde_json::json;

#[test]
fn a_search_hit_serialises_with_its_snippet_and_highlights() {
    let mut corpus = Corpus::new();
    corpus
        .insert(Document::new("oil", "Oil prices fell sharply on Tuesday.").with_title("Oil"))
        .unwrap();
    corpus
        .insert(Document::new("grain", "Wheat exports rose."))
        .unwrap();
    let hits = corpus.search("oil prices", 1).unwrap();
    assert_eq!(
        serde_json::to_value(&hits).unwrap(),
        json!([{
            "name": "oil",
            "title": "Oil",
            "score": hits[0].score,
            "snippet": {
                "text": "Oil prices fell sharply on Tuesday.",
                "span": {"start": 0, "end": 35},
                "highlights": [{"start": 0, "end": 3}, {"start": 4, "end": 10}],
            },
        }])
    );
    let top = corpus.top_terms(1).unwrap();
    let value = serde_json::to_value(top[0]).unwrap();
    assert_eq!(value["text"], top[0].text);
    assert_eq!(value["document_frequency"], top[0].document_frequency);
}

#[test]
fn a_document_round_trips() {
    let document = Document::new("oil", "Oil prices fell.")
        .with_title("Oil")
        .with_source("Example Wire");
    let value = serde_json::to_value(&document).unwrap();
    assert_eq!(value["name"], "oil");
    assert_eq!(value["source"], "Example Wire");
    assert_eq!(serde_json::from_value::<Document>(value).unwrap(), document);
}
