//! The `serde` feature: tokens, sentences and spans serialise to the JSON a client expects.
//! Run with `cargo test -p lede-tokenize --features serde --test serde` (CI does).
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)]

use lede_tokenize::{Span, TokenKind, paragraphs, sentences, tokenize};
use serde_json::json;

#[test]
fn tokens_serialise_with_text_span_and_kind_in_lower_case() {
    let tokens: Vec<_> = tokenize("Kyiv’s 90% https://x.org").collect();
    assert_eq!(
        serde_json::to_value(&tokens).unwrap(),
        json!([
            {"text": "Kyiv’s", "span": {"start": 0, "end": 8}, "kind": "word"},
            {"text": "90%", "span": {"start": 9, "end": 12}, "kind": "number"},
            {"text": "https://x.org", "span": {"start": 13, "end": 26}, "kind": "url"},
        ])
    );
}

#[test]
fn sentences_and_paragraphs_serialise_with_their_spans() {
    let text = "One. Two.\n\nThree.";
    let sentences: Vec<_> = sentences(text).collect();
    assert_eq!(
        serde_json::to_value(&sentences).unwrap(),
        json!([
            {"text": "One.", "span": {"start": 0, "end": 4}},
            {"text": "Two.", "span": {"start": 5, "end": 9}},
            {"text": "Three.", "span": {"start": 11, "end": 17}},
        ])
    );
    let paragraphs: Vec<_> = paragraphs(text).collect();
    assert_eq!(
        serde_json::to_value(&paragraphs).unwrap()[1],
        json!({"text": "Three.", "span": {"start": 11, "end": 17}})
    );
}

#[test]
fn spans_and_kinds_round_trip() {
    let span: Span = serde_json::from_str(r#"{"start": 3, "end": 7}"#).unwrap();
    assert_eq!(span, Span::new(3, 7));
    for kind in [TokenKind::Word, TokenKind::Email, TokenKind::Handle] {
        let json = serde_json::to_string(&kind).unwrap();
        // The same names as `TokenKind::name`, which the CLI's JSON prints.
        assert_eq!(json, format!("\"{}\"", kind.name()));
        assert_eq!(serde_json::from_str::<TokenKind>(&json).unwrap(), kind);
    }
}
