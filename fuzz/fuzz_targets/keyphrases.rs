//! `lede_tfidf::KeyphraseExtractor` (English, with the shipped background), options from the
//! first byte: at most `top_k` keyphrases, finite scores, every span inside its document on
//! char boundaries and in text order. The rest of the input is one document, then the same
//! text split in two documents.
#![no_main]

use lede_fuzz::{assert_span, split_input};
use lede_stem::Language;
use lede_tfidf::{Keyphrase, KeyphraseExtractor, KeyphraseOptions};
use libfuzzer_sys::fuzz_target;

fn check(document: &str, keyphrases: &[Keyphrase], top_k: usize) {
    assert!(keyphrases.len() <= top_k, "more than top_k = {top_k}");
    for k in keyphrases {
        assert!(k.score.is_finite(), "score of {k:?} not finite");
        assert!(!k.text.is_empty(), "empty keyphrase");
        let mut last_start = 0;
        for &span in &k.spans {
            assert_span(document, span, "keyphrase");
            assert!(span.start >= last_start, "spans of {k:?} out of order");
            last_start = span.start;
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (selector, text) = split_input(data);
    let options = KeyphraseOptions::default().with_top_k(usize::from(selector & 0x0F)).with_max_words(usize::from(selector >> 4 & 0x07));
    let top_k = options.top_k;
    let mut extractor = KeyphraseExtractor::with_options(Language::English, options);
    assert!(extractor.background().is_some(), "no English background");

    let single = extractor.extract_all(&[text.as_str()]);
    assert_eq!(single.len(), 1);
    check(&text, &single[0], top_k);

    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let (first, second) = text.split_at(middle);
    let documents = [first, second];
    let both = extractor.extract_all(&documents);
    assert_eq!(both.len(), 2);
    for (document, keyphrases) in documents.iter().zip(&both) {
        check(document, keyphrases, top_k);
    }
});
