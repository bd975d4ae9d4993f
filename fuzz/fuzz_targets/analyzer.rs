//! `lede_tfidf::Analyzer` in any of the 18 languages (first byte), with the steps switched by
//! its high bits: no panic; every token and term span inside the text on char boundaries, in
//! text order; term positions never decrease; terms are exactly the `Term` tokens.
#![no_main]

use lede_fuzz::{assert_span, split_input};
use lede_stem::Language;
use lede_tfidf::{Analyzer, AnalyzerOptions, TokenRole};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (selector, text) = split_input(data);
    let languages = Language::ALL;
    let language = languages[usize::from(selector) % languages.len()];
    let all_on = selector & 0x80 == 0;
    let options = AnalyzerOptions::new(language)
        .with_normalize(all_on || selector & 0x40 != 0)
        .with_remove_stop_words(all_on || selector & 0x20 != 0)
        .with_stem(all_on || selector & 0x40 == 0)
        .with_keep_numbers(all_on || selector & 0x20 == 0);
    let mut analyzer = Analyzer::with_options(options);

    let mut tokens = Vec::new();
    let mut last_end = 0;
    let mut last_position = 0;
    analyzer.for_each_token(&text, |token| {
        assert_span(&text, token.span, "analyzed token");
        assert!(!token.span.is_empty(), "empty token {token:?}");
        assert!(token.span.start >= last_end, "token {token:?} out of order");
        assert!(
            token.position >= last_position,
            "position went back at {token:?}"
        );
        last_end = token.span.end;
        last_position = token.position;
        if token.role == TokenRole::Term {
            tokens.push((token.text.to_owned(), token.span, token.position));
        }
    });

    let mut terms = Vec::new();
    analyzer.for_each_term(&text, |term| {
        assert_span(&text, term.span, "term");
        terms.push((term.text.to_owned(), term.span, term.position));
    });
    assert_eq!(
        terms, tokens,
        "for_each_term != Term tokens of for_each_token"
    );
    let owned: Vec<_> = analyzer
        .terms(&text)
        .into_iter()
        .map(|t| (t.text, t.span, t.position))
        .collect();
    assert_eq!(owned, terms, "terms() != for_each_term (stem cache?)");
});
