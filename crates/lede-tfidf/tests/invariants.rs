//! Invariants of the analyzer and the keyphrase extractor on arbitrary and news-like text
//! (the properties the `analyzer` and `keyphrases` fuzz targets check, see `fuzz/`): no
//! panic in any of the 18 languages with any steps switched off; term and token spans are
//! slices of the input on char boundaries, in text order; keyphrase scores are finite and
//! their spans lie inside their document.

use lede_stem::Language;
use lede_tfidf::{
    Analyzer, AnalyzerOptions, Keyphrase, KeyphraseExtractor, KeyphraseOptions, TokenRole,
};
use lede_tokenize::Span;
use proptest::prelude::*;

/// News-like text: words, names, numbers, abbreviations, sentence punctuation, quotes and
/// brackets, line breaks and blank lines, combining marks, right-to-left text, emoji ZWJ
/// sequences and flags, joined by spaces or nothing.
fn news() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[A-Za-z]{1,9}",
        2 => "(The|He|Officials|said|Leaders|security|guarantees|Paris|Ukraine|Kyiv’s|don't)",
        1 => "[0-9]{1,4}([.,:/][0-9]{1,3})?%?",
        2 => "(U\\.S\\.|Jan\\.|Gen\\.|Mr\\.|p\\.m\\.|e\\.g\\.|Inc\\.|No\\.|St\\.|U\\.S\\.-led)",
        3 => "[.?!\"')(]{1,3}",
        1 => "[,;:“”‘’«»—–…-]",
        2 => "[\n\r\t\u{a0}\u{85}\u{2028}\u{2029}\x0B\x0C]{1,3}",
        1 => "(e\u{301}|a\u{308}\u{323}|\u{301}|n\u{303}o)",
        1 => "(مرحبا|عالم|שלום|\u{200F}|\u{200E}|\u{202B}|\u{202C}|\u{2067}|\u{2069}|٣|،|؟)",
        1 => "(👩\u{200D}💻|👨\u{200D}👩\u{200D}👧|🏳\u{FE0F}\u{200D}🌈|🇺🇦|👍🏽|\u{200D}|\u{FE0F}|\u{200B}|\u{FEFF})",
        1 => "(東京|。|！|？|Київ|Ελλάδα|\u{0301})",
        1 => "(https://example\\.com/a-b|jane@example\\.com|@Reuters|#news|\\$2\\.2bn|€5|US\\$5)",
        1 => any::<char>().prop_map(String::from),
    ];
    let glue = prop_oneof![4 => Just(" "), 1 => Just(""), 1 => Just("\n"), 1 => Just("\n\n")];
    prop::collection::vec((piece, glue), 0..60).prop_map(|pieces| {
        pieces
            .into_iter()
            .flat_map(|(piece, glue)| [piece, glue.to_owned()])
            .collect()
    })
}

/// Arbitrary Unicode (any scalar value, including controls and white space).
fn unicode() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,80}",
        "(\\PC|\\s|\\p{M}|\\p{Cf}){0,80}",
        prop::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => news(), 1 => unicode()]
}

fn options() -> impl Strategy<Value = AnalyzerOptions> {
    (prop::sample::select(Language::ALL), any::<[bool; 4]>()).prop_map(
        |(language, [normalize, remove_stop_words, stem, keep_numbers])| AnalyzerOptions {
            language,
            normalize,
            remove_stop_words,
            stem,
            keep_numbers,
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
        let options = KeyphraseOptions { top_k, max_words, ..KeyphraseOptions::default() };
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
