//! Properties that hold for every input: no panic, spans slice to the sentence text, budgets
//! are kept, ranks are a permutation.

use lede_summarize::{Budget, Summarizer};
use proptest::prelude::*;

/// Text made of news-like pieces: words, punctuation, quotes, line breaks, non-ASCII.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Leaders".to_owned()),
        Just("met".to_owned()),
        Just("in".to_owned()),
        Just("Paris".to_owned()),
        Just("security".to_owned()),
        Just("guarantees".to_owned()),
        Just("Kyiv’s".to_owned()),
        Just("U.S.".to_owned()),
        Just("35".to_owned()),
        Just(".".to_owned()),
        Just("?".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("—".to_owned()),
        Just("。".to_owned()),
        "[a-zé]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.join(" "))
}

fn budget() -> impl Strategy<Value = Budget> {
    prop_oneof![
        (1usize..6).prop_map(Budget::Sentences),
        (1usize..60).prop_map(Budget::Words),
        (0.05f64..=1.0).prop_map(Budget::Ratio),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn summaries_are_well_formed(
        first in texty(),
        second in texty(),
        budget in budget(),
        query in proptest::option::of("[a-zA-Z ]{0,12}"),
    ) {
        let summarizer = Summarizer::default();
        let documents = [first.as_str(), second.as_str()];
        for summary in [
            summarizer.summarize(&first, budget).unwrap(),
            summarizer.summarize_many(&documents, budget, query.as_deref()).unwrap(),
        ] {
            let mut ranks: Vec<usize> = summary.iter().map(|s| s.rank).collect();
            ranks.sort_unstable();
            prop_assert_eq!(ranks, (1..=summary.len()).collect::<Vec<_>>());
            for sentence in &summary {
                prop_assert_eq!(&documents[sentence.document][sentence.span.range()], sentence.text);
                prop_assert!(sentence.score.is_finite() && sentence.score > 0.0);
            }
            match budget {
                Budget::Sentences(n) => prop_assert!(summary.len() <= n),
                Budget::Words(n) => prop_assert!(summary.words() <= n || summary.len() == 1),
                // A ratio's bound depends on the words of the input; and the strategy makes no
                // other kind of budget (Budget is non-exhaustive).
                _ => {}
            }
        }
    }
}
