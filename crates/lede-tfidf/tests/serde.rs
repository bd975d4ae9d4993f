//! The `serde` feature: keyphrases and terms serialise to the JSON a client expects.
//! Run with `cargo test -p lede-tfidf --features serde --test serde` (CI does).
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)]

use lede_stem::Language;
use lede_tfidf::{Analyzer, CorpusStats, Keyphrase, KeyphraseExtractor, OwnedTerm, Scored};
use serde_json::json;

#[test]
fn keyphrases_serialise_with_text_score_count_and_spans_and_round_trip() {
    let text = "Security guarantees for Ukraine. Leaders discussed security guarantees.";
    let mut extractor = KeyphraseExtractor::new(Language::English);
    let keyphrases = extractor.extract(text, &CorpusStats::new());
    let phrase = keyphrases
        .iter()
        .find(|keyphrase| keyphrase.text == "security guarantees")
        .unwrap();
    let value = serde_json::to_value(phrase).unwrap();
    assert_eq!(
        value,
        json!({
            "text": "security guarantees",
            "score": phrase.score,
            "count": 2,
            "spans": [{"start": 0, "end": 19}, {"start": 51, "end": 70}],
        })
    );
    let back: Keyphrase = serde_json::from_value(value).unwrap();
    assert_eq!(&back, phrase);
}

#[test]
fn terms_and_scores_serialise() {
    let text = "Leaders discussed security";
    let mut analyzer = Analyzer::new(Language::English);
    let mut terms = Vec::new();
    analyzer.for_each_term(text, |term| terms.push(serde_json::to_value(term).unwrap()));
    assert_eq!(
        terms[2],
        json!({"text": "secur", "span": {"start": 18, "end": 26}, "position": 2})
    );
    let owned: OwnedTerm = serde_json::from_value(terms[2].clone()).unwrap();
    assert_eq!(owned.text, "secur");
    let scored = Scored {
        index: 4,
        score: 0.5,
    };
    assert_eq!(
        serde_json::to_value(scored).unwrap(),
        json!({"index": 4, "score": 0.5})
    );
}
