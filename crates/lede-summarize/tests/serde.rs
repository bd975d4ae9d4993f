//! The `serde` feature: a summary serialises to the JSON a client expects.
//! Run with `cargo test -p lede-summarize --features serde --test serde` (CI does).
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)]

use lede_summarize::{Budget, Summarizer};
use serde_json::json;

#[test]
fn a_summary_serialises_its_sentences_with_span_document_score_and_rank() {
    let text = "Leaders met in Paris on Thursday to agree security guarantees for Ukraine. \
                The weather in Paris was mild and the streets were calm.";
    let summary = Summarizer::default()
        .summarize(text, Budget::Sentences(1))
        .unwrap();
    let sentence = summary.sentences[0];
    assert_eq!(
        serde_json::to_value(&summary).unwrap(),
        json!({
            "sentences": [{
                "text": "Leaders met in Paris on Thursday to agree security guarantees for Ukraine.",
                "span": {"start": 0, "end": 74},
                "document": 0,
                "index": 0,
                "score": sentence.score,
                "rank": 1,
            }]
        })
    );
}
