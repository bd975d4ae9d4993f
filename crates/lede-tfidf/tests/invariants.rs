//! Invariants of the analyzer and the keyphrase extractor on arbitrary and news-like text
//! (the properties the `analyzer` and `keyphrases` fuzz targets check, see `fuzz/`): no
//! panic in any of the 18 languages with any steps switched off; term and token spans are
//! slices of the input on char boundaries, in text order; keyphrase scores are finite and
//! their spans lie inside their document.

use lede_stem::Language;
use lede_testkit::text;
use lede_tfidf::{
    Analyzer, AnalyzerOptions, Keyphrase, KeyphraseExtractor, KeyphraseOptions, TokenRole,
};
use lede_tokenize::Span;
use proptest::prelude::*;

fn options() -> impl Strategy<Value = AnalyzerOptions> {
    (prop::sample::select(Language::ALL), any::<[bool; 4]>()).prop_map(
        |(language, [normalize, remove_stop_words, stem, keep_numbers])| {
            AnalyzerOptions::new(language)
                .with_normalize(normalize)
                .with_remove_stop_words(remove_stop_words)
                .with_stem(stem)
                .with_keep_numbers(keep_numbers)
        },
    )
}

fn check_span(text: &str, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
    prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    Ok(())
}

fn check_keyphrases(
    document: &str,
    keyphrases: &[Keyphrase],
    top_k: usize,
) -> Result<(), TestCaseError> {
    prop_assert!(keyphrases.len() <= top_k);
    for k in keyphrases {
        prop_assert!(k.score.is_finite(), "{k:?}");
        prop_assert!(!k.text.is_empty());
        let mut last_start = 0;
        for &span in &k.spans {
            check_span(document, span)?;
            prop_assert!(span.start >= last_start, "spans out of order in {k:?}");
            last_start = span.start;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn analyzer_spans_are_slices_in_order(text in text(), options in options()) {
        let mut analyzer = Analyzer::with_options(options);
        let mut tokens = Vec::new();
        let mut last_end = 0;
        let mut last_position = 0;
        let mut failure = None;
        analyzer.for_each_token(&text, |token| {
            let ok = token.span.start < token.span.end
                && token.span.end <= text.len()
                && text.is_char_boundary(token.span.start)
                && text.is_char_boundary(token.span.end)
                && token.span.start >= last_end
                && token.position >= last_position;
            if !ok && failure.is_none() {
                failure = Some(format!("{token:?}"));
            }
            last_end = token.span.end;
            last_position = token.position;
            if token.role == TokenRole::Term {
                tokens.push((token.text.to_owned(), token.span, token.position));
            }
        });
        prop_assert_eq!(failure, None);
        let terms: Vec<_> = analyzer
            .terms(&text)
            .into_iter()
            .map(|t| (t.text, t.span, t.position))
            .collect();
        prop_assert_eq!(&terms, &tokens);
        for (_, span, _) in &terms {
            check_span(&text, *span)?;
        }
    }

    #[test]
    fn keyphrases_have_finite_scores_and_spans_in_their_document(
        text in text(),
        top_k in 0usize..12,
        max_words in 0usize..6,
    ) {
        let options = KeyphraseOptions::default().with_top_k(top_k).with_max_words(max_words);
        let mut extractor = KeyphraseExtractor::with_options(Language::English, options);
        let single = extractor.extract_all(&[text.as_str()]);
        prop_assert_eq!(single.len(), 1);
        check_keyphrases(&text, &single[0], top_k)?;

        let mut middle = text.len() / 2;
        while !text.is_char_boundary(middle) {
            middle -= 1;
        }
        let (first, second) = text.split_at(middle);
        let both = extractor.extract_all(&[first, second]);
        check_keyphrases(first, &both[0], top_k)?;
        check_keyphrases(second, &both[1], top_k)?;
    }
}
