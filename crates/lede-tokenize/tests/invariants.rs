//! Invariants of the public API on arbitrary and news-like text (the properties the
//! `tokenize` and `sentences` fuzz targets check, see `fuzz/`): tokens, sentences and
//! paragraphs are slices of the input on char boundaries, in order, without overlap, and
//! cover every character that is not white space; a token's parts lie inside it.
//!
//! The unit tests in `src/` check the same on their own generators; these add right-to-left
//! text, combining marks, emoji ZWJ sequences and lossy UTF-8, through the public API only,
//! and the fuzzers' regressions.

use lede_testkit::{news, unicode};
use lede_tokenize::{LineBreaks, SentenceSplitter, Span, paragraphs, sentences, tokenize};
use proptest::prelude::*;

/// Characters the tokenizer skips (see [`tokenize`]).
fn is_token_separator(c: char) -> bool {
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

/// Spans are non-empty slices of `text` on char boundaries, in order without overlap, and
/// everything outside them is `gap` characters.
fn check_cover<'a>(
    text: &str,
    items: impl IntoIterator<Item = (Span, &'a str)>,
    gap: fn(char) -> bool,
    what: &str,
) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for (span, slice) in items {
        prop_assert!(
            span.start < span.end && span.end <= text.len(),
            "{what} {span:?}"
        );
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        prop_assert!(
            span.start >= last_end,
            "{what} {span:?} overlaps or is out of order"
        );
        prop_assert_eq!(&text[span.range()], slice);
        let between = &text[last_end..span.start];
        prop_assert!(between.chars().all(gap), "{what}: dropped {between:?}");
        last_end = span.end;
    }
    let tail = &text[last_end..];
    prop_assert!(tail.chars().all(gap), "{what}: dropped the tail {tail:?}");
    Ok(())
}

fn check_tokens(text: &str) -> Result<(), TestCaseError> {
    let tokens: Vec<_> = tokenize(text).collect();
    check_cover(
        text,
        tokens.iter().map(|t| (t.span, t.text)),
        is_token_separator,
        "token",
    )?;
    for token in &tokens {
        let mut end = token.span.start;
        let mut count = 0;
        for part in token.parts() {
            count += 1;
            prop_assert!(part.span.start >= end && part.span.end <= token.span.end);
            prop_assert!(!part.text.is_empty());
            prop_assert_eq!(&text[part.span.range()], part.text);
            end = part.span.end;
        }
        prop_assert!(count >= 1);
    }
    Ok(())
}

fn check_sentences(text: &str) -> Result<(), TestCaseError> {
    let paras: Vec<_> = paragraphs(text).collect();
    check_cover(
        text,
        paras.iter().map(|p| (p.span, p.text)),
        char::is_whitespace,
        "paragraph",
    )?;
    for mode in [LineBreaks::Auto, LineBreaks::Space, LineBreaks::Always] {
        let splitter = SentenceSplitter::new().line_breaks(mode);
        let found: Vec<_> = splitter.split(text).collect();
        check_cover(
            text,
            found.iter().map(|s| (s.span, s.text)),
            char::is_whitespace,
            "sentence",
        )?;
        for s in &found {
            prop_assert_eq!(s.text, s.text.trim());
            prop_assert!(
                paras
                    .iter()
                    .any(|p| p.span.start <= s.span.start && s.span.end <= p.span.end),
                "{mode:?}: {s:?} crosses a paragraph"
            );
        }
        let per_paragraph: Vec<_> = paras
            .iter()
            .flat_map(|p| splitter.split_paragraph(p))
            .collect();
        prop_assert_eq!(&per_paragraph, &found);
        if mode == LineBreaks::Auto {
            prop_assert_eq!(&sentences(text).collect::<Vec<_>>(), &found);
            let by_paragraph: Vec<_> = paras.iter().flat_map(|p| p.sentences()).collect();
            prop_assert_eq!(&by_paragraph, &found);
        }
    }
    Ok(())
}

/// Regressions found by the fuzzers (`fuzz/`), each the minimised crashing input.
#[test]
fn fuzz_regressions() {
    for text in [
        // `sentences`: a `*` bullet followed only by trailing white space was an item in the
        // whole text but not in its (trimmed) paragraph, so `split_paragraph` split the
        // paragraph differently from `split`.
        "*.)\r*)\r*\t",
        "a\n-\t\n\nb\n+ ",
    ] {
        check_tokens(text).unwrap();
        check_sentences(text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tokens_cover_news_like_text(text in news()) {
        check_tokens(&text)?;
    }

    #[test]
    fn tokens_cover_arbitrary_unicode(text in unicode()) {
        check_tokens(&text)?;
    }

    #[test]
    fn tokens_cover_lossy_utf8(bytes in prop::collection::vec(any::<u8>(), 0..160)) {
        check_tokens(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn sentences_and_paragraphs_cover_news_like_text(text in news()) {
        check_sentences(&text)?;
    }

    #[test]
    fn sentences_and_paragraphs_cover_arbitrary_unicode(text in unicode()) {
        check_sentences(&text)?;
    }
}
