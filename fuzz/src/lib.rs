//! Invariant checks shared by the fuzz targets. Every check panics (asserts) on a violation,
//! which libFuzzer reports as a crash with the input saved under `fuzz/artifacts/<target>/`.
//!
//! The same properties run as proptests in the normal test suite:
//! `crates/lede-{tokenize,tfidf,summarize}/tests/invariants.rs`.

use lede_tokenize::Span;

/// Splits a fuzz input into an options byte and the text (lossy UTF-8, so that every byte
/// string reaches the code under test).
pub fn split_input(data: &[u8]) -> (u8, String) {
    match data.split_first() {
        Some((&first, rest)) => (first, String::from_utf8_lossy(rest).into_owned()),
        None => (0, String::new()),
    }
}

/// Characters the tokenizer skips: Unicode White_Space plus zero-width space, BOM and bidi
/// controls (see `lede_tokenize::tokenize`).
pub fn is_token_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'
                | '\u{FEFF}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `span` lies inside `text`, is on char boundaries, and is not reversed.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries in {text:?}"
    );
}

/// Spans are valid, non-empty, in increasing order and do not overlap; every character not
/// in a span satisfies `gap_ok`. Returns nothing: panics on a violation.
pub fn assert_ordered_cover(
    text: &str,
    spans: impl IntoIterator<Item = (Span, String)>,
    gap_ok: impl Fn(char) -> bool,
    what: &str,
) {
    let mut last_end = 0;
    for (span, slice) in spans {
        assert_span(text, span, what);
        assert!(!span.is_empty(), "{what}: empty span {span:?}");
        assert!(
            span.start >= last_end,
            "{what}: span {span:?} overlaps or precedes the previous end {last_end}"
        );
        assert_eq!(&text[span.range()], slice, "{what}: text != &input[span]");
        let gap = &text[last_end..span.start];
        assert!(
            gap.chars().all(&gap_ok),
            "{what}: dropped {gap:?} before {span:?}"
        );
        last_end = span.end;
    }
    let tail = &text[last_end..];
    assert!(
        tail.chars().all(&gap_ok),
        "{what}: dropped the tail {tail:?}"
    );
}

/// The tokenizer's invariants on `text`.
pub fn check_tokenize(text: &str) {
    let tokens: Vec<_> = lede_tokenize::tokenize(text).collect();
    assert_ordered_cover(
        text,
        tokens.iter().map(|t| (t.span, t.text.to_owned())),
        is_token_separator,
        "token",
    );
    for token in &tokens {
        assert!(
            !token.text.contains(is_token_separator),
            "separator inside token {token:?}"
        );
        let mut part_end = token.span.start;
        let mut parts = 0;
        for part in token.parts() {
            parts += 1;
            assert_span(text, part.span, "part");
            assert!(
                part.span.start >= part_end && part.span.end <= token.span.end,
                "part {part:?} outside or out of order in {token:?}"
            );
            assert!(!part.text.is_empty(), "empty part of {token:?}");
            assert_eq!(&text[part.span.range()], part.text, "part text");
            part_end = part.span.end;
        }
        assert!(parts >= 1, "no parts for {token:?}");
    }
}
