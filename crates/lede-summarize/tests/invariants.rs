//! Invariants of summaries beyond `properties.rs` (the properties the `summarize` fuzz target
//! checks, see `fuzz/`): every line-break mode, both orders, with and without the background,
//! other languages, a caller's prior, and text with right-to-left scripts, combining marks and
//! emoji ZWJ sequences. Every sentence is a slice of its document on char boundaries, names
//! a valid document and the sentence of that document at its index, has a finite positive
//! score; ranks are 1..=n.

use lede_stem::Language;
use lede_summarize::{Budget, Order, Summarizer, SummarizerOptions, Summary};
use lede_testkit::text;
use lede_tfidf::{Analyzer, CorpusStats, Ngrams, TermCounter};
use lede_tokenize::{LineBreaks, SentenceSplitter};
use proptest::prelude::*;

fn budget() -> impl Strategy<Value = Budget> {
    prop_oneof![
        (1usize..6).prop_map(Budget::Sentences),
        (1usize..80).prop_map(Budget::Words),
        (0.01f64..=1.0).prop_map(Budget::Ratio),
    ]
}

fn options() -> impl Strategy<Value = SummarizerOptions> {
    (
        prop::sample::select(Language::ALL),
        prop::sample::select(&[LineBreaks::Auto, LineBreaks::Space, LineBreaks::Always][..]),
        any::<bool>(),
        any::<bool>(),
        0usize..8,
    )
        .prop_map(|(language, line_breaks, by_score, background, min_words)| {
            SummarizerOptions::default()
                .with_language(language)
                .with_line_breaks(line_breaks)
                .with_order(if by_score {
                    Order::Score
                } else {
                    Order::Document
                })
                .with_background(background)
                .with_min_words(min_words)
        })
}

fn check(
    documents: &[&str],
    summary: &Summary<'_>,
    budget: Budget,
    line_breaks: LineBreaks,
) -> Result<(), TestCaseError> {
    let mut ranks: Vec<usize> = summary.iter().map(|s| s.rank).collect();
    ranks.sort_unstable();
    prop_assert_eq!(ranks, (1..=summary.len()).collect::<Vec<_>>());
    for s in summary.iter() {
        prop_assert!(s.document < documents.len(), "{s:?}");
        let document = documents[s.document];
        prop_assert!(
            s.span.start < s.span.end && s.span.end <= document.len(),
            "{s:?}"
        );
        prop_assert!(
            document.is_char_boundary(s.span.start) && document.is_char_boundary(s.span.end)
        );
        prop_assert_eq!(&document[s.span.range()], s.text);
        prop_assert!(s.score.is_finite() && s.score > 0.0, "{s:?}");
        let nth = SentenceSplitter::new()
            .line_breaks(line_breaks)
            .split(document)
            .nth(s.index);
        prop_assert_eq!(nth.map(|n| n.span), Some(s.span), "index of {:?}", s);
    }
    if let Budget::Sentences(n) = budget {
        prop_assert!(summary.len() <= n);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn summaries_of_any_text_are_well_formed(
        first in text(),
        second in text(),
        budget in budget(),
        options in options(),
        query in proptest::option::of(text()),
    ) {
        let summarizer = Summarizer::new(options).unwrap();
        let documents = [first.as_str(), second.as_str()];
        let single = summarizer.summarize(&first, budget).unwrap();
        check(&documents[..1], &single, budget, options.line_breaks)?;
        let many = summarizer.summarize_many(&documents, budget, query.as_deref()).unwrap();
        check(&documents, &many, budget, options.line_breaks)?;
    }

    #[test]
    fn summaries_with_a_callers_prior_are_well_formed(
        first in text(),
        second in text(),
        prior in prop::collection::vec(text(), 0..4),
        budget in budget(),
    ) {
        let mut analyzer = Analyzer::new(Language::English);
        let mut counter = TermCounter::new(Ngrams::Unigrams);
        let mut stats = CorpusStats::new();
        for text in &prior {
            stats.add_text(&mut counter, &mut analyzer, text).unwrap();
        }
        let summarizer = Summarizer::default();
        let documents = [first.as_str(), second.as_str()];
        let summary = summarizer.summarize_with(&documents, budget, None, &stats).unwrap();
        check(&documents, &summary, budget, LineBreaks::Auto)?;
    }
}
