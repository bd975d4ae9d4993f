//! The inverted index against scoring every document: rankings, scores and ties must be the
//! same whatever the corpus's history (inserts, removals, replacements, renumbering,
//! compaction of the vocabulary).

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use crate::{Corpus, Document};

/// A small vocabulary, so that documents share terms, with repeats and near-ties.
const WORDS: [&str; 16] = [
    "Paris",
    "summit",
    "Ukraine",
    "security",
    "guarantees",
    "Greenland",
    "markets",
    "oil",
    "prices",
    "talks",
    "envoy",
    "accord",
    "troops",
    "ceasefire",
    "Kyiv",
    "allies",
];

fn text(words: &[usize]) -> String {
    let mut text: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
    if text.is_empty() {
        text.push("the");
    }
    format!("{}.", text.join(" "))
}

#[derive(Debug, Clone)]
enum Write {
    Insert(Vec<usize>),
    Remove(usize),
    Replace(usize, Vec<usize>),
}

fn writes() -> impl Strategy<Value = Vec<Write>> {
    let words = || proptest::collection::vec(0usize..WORDS.len(), 0..12);
    proptest::collection::vec(
        prop_oneof![
            4 => words().prop_map(Write::Insert),
            1 => (0usize..64).prop_map(Write::Remove),
            1 => ((0usize..64), words()).prop_map(|(n, w)| Write::Replace(n, w)),
        ],
        1..60,
    )
}

fn apply(writes: &[Write]) -> Corpus {
    let mut corpus = Corpus::new();
    let mut next = 0usize;
    for write in writes {
        match write {
            Write::Insert(words) => {
                // Names out of insertion order, so that slot order and name order differ.
                let name = format!("d{:03}", (next * 37) % 1000);
                next += 1;
                let _ = corpus.insert(Document::new(name, text(words)));
            }
            Write::Remove(n) => {
                let name = corpus
                    .names()
                    .nth(n % corpus.len().max(1))
                    .map(str::to_owned);
                if let Some(name) = name {
                    corpus.remove(&name).unwrap();
                }
            }
            Write::Replace(n, words) => {
                let name = corpus
                    .names()
                    .nth(n % corpus.len().max(1))
                    .map(str::to_owned);
                if let Some(name) = name {
                    let prepared = corpus.prepare(Document::new(name, text(words))).unwrap();
                    corpus.replace(prepared).unwrap();
                }
            }
        }
    }
    corpus
}

fn ranked<'a>(corpus: &'a Corpus, query: &str, k: usize) -> Vec<(&'a str, f64)> {
    corpus
        .search(query, k)
        .unwrap()
        .into_iter()
        .map(|hit| (hit.name, hit.score))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn search_is_the_exhaustive_ranking(
        writes in writes(),
        query in proptest::collection::vec(0usize..WORDS.len(), 1..6),
        k in 1usize..12,
    ) {
        let corpus = apply(&writes);
        let query = text(&query);
        prop_assert_eq!(ranked(&corpus, &query, k), corpus.search_exhaustive(&query, k));
        let page = corpus.search_page(&query, 0, 0).unwrap();
        prop_assert_eq!(page.total, corpus.search_exhaustive(&query, usize::MAX).len());
    }

    #[test]
    fn pages_are_slices_of_one_ranking(
        writes in writes(),
        query in proptest::collection::vec(0usize..WORDS.len(), 1..4),
        offset in 0usize..8,
        limit in 1usize..6,
    ) {
        let corpus = apply(&writes);
        let query = text(&query);
        let all = ranked(&corpus, &query, 100);
        let page: Vec<(&str, f64)> = corpus
            .search_page(&query, offset, limit)
            .unwrap()
            .hits
            .into_iter()
            .map(|hit| (hit.name, hit.score))
            .collect();
        let expected: Vec<(&str, f64)> = all.into_iter().skip(offset).take(limit).collect();
        prop_assert_eq!(page, expected);
    }

    #[test]
    fn the_index_follows_the_statistics(writes in writes()) {
        let corpus = apply(&writes);
        prop_assert_eq!(corpus.index().len(), corpus.len());
        for (id, _, df) in corpus.stats().terms() {
            prop_assert_eq!(corpus.index().document_frequency(id) as u64, df);
        }
        // Top terms do not depend on the history: a corpus built afresh from the same
        // documents ranks them the same, with the same scores.
        let mut rebuilt = Corpus::new();
        rebuilt.extend(corpus.iter().cloned()).unwrap();
        let top = |corpus: &Corpus| -> Vec<(String, u64)> {
            corpus
                .top_terms(20)
                .unwrap()
                .into_iter()
                .map(|t| (t.term.to_owned(), t.score.to_bits()))
                .collect()
        };
        prop_assert_eq!(top(&corpus), top(&rebuilt));
    }
}

#[test]
fn churn_through_renumbering_keeps_search_exact() {
    // Enough removals that slots are renumbered (more free than live, at least 4096) and the
    // vocabulary compacted.
    let mut corpus = Corpus::new();
    for n in 0..6000 {
        let words = [n % 16, (n / 16) % 16, n % 7, 3];
        corpus
            .insert(Document::new(
                format!("n{n:05}"),
                format!("{} x{n}y.", text(&words)),
            ))
            .unwrap();
        if n >= 50 {
            corpus.remove(&format!("n{:05}", n - 50)).unwrap();
        }
    }
    assert_eq!(corpus.len(), 50);
    assert!(corpus.index().slots() < 6000, "slots were never renumbered");
    for query in [
        "Paris summit",
        "oil prices Kyiv",
        "x5990y security",
        "ceasefire",
    ] {
        assert_eq!(
            ranked(&corpus, query, 10),
            corpus.search_exhaustive(query, 10)
        );
    }
}

#[test]
fn similar_finds_what_scoring_every_document_finds_on_the_seeds() {
    let corpus = Corpus::from_seeds().unwrap();
    let tfidf = lede_tfidf::Tfidf::new(corpus.stats(), corpus.options().tfidf);
    for name in corpus.names() {
        let query = tfidf.vector(corpus.analysis(name).unwrap().terms());
        let mut expected: Vec<(&str, f64)> = corpus
            .names()
            .filter(|&other| other != name)
            .map(|other| {
                let vector = tfidf.vector(corpus.analysis(other).unwrap().terms());
                (other, query.cosine(&vector))
            })
            .collect();
        expected.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let found: Vec<(&str, f64)> = corpus
            .similar(name, 4)
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.score))
            .collect();
        assert_eq!(found, expected);
    }
}

#[test]
fn oversized_pages_and_summaries_are_refused_with_their_limit() {
    let corpus = Corpus::from_seeds().unwrap();
    let error = corpus
        .search_page("Greenland", crate::MAX_SEARCH_DEPTH, 1)
        .unwrap_err();
    assert!(
        matches!(error, crate::Error::LimitExceeded { limit, .. } if limit == crate::MAX_SEARCH_DEPTH),
        "{error}"
    );
    let names: Vec<String> = (0..=crate::MAX_SUMMARY_DOCUMENTS)
        .map(|n| format!("d{n}"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let error = corpus
        .summarize(
            Some(&names),
            &crate::SummaryRequest::default().with_budget(crate::Budget::Sentences(2)),
        )
        .unwrap_err();
    assert!(
        matches!(error, crate::Error::LimitExceeded { requested, .. } if requested == names.len()),
        "{error}"
    );
}

#[test]
fn a_whole_corpus_summary_reads_a_bounded_set_of_documents() {
    let mut corpus = Corpus::from_seeds().unwrap();
    // Many more documents than a summary reads; a few about one subject.
    for n in 0..300 {
        let text = if n % 50 == 7 {
            format!("Greenland talks on ice sheet {n}. Greenland ice melts faster.")
        } else {
            format!("Markets rallied on oil prices {n}. Traders bought shares.")
        };
        corpus
            .insert(Document::new(format!("m{n:03}"), text))
            .unwrap();
    }
    let chosen = corpus.summary_documents(Some("Greenland ice")).unwrap();
    assert!(chosen.len() <= crate::MAX_AUTO_SUMMARY_DOCUMENTS);
    for name in ["m007", "m057", "m107", "m157", "m207", "m257"] {
        assert!(chosen.contains(&name), "{name} missing from {chosen:?}");
    }
    let central = corpus.summary_documents(None).unwrap();
    assert_eq!(central.len(), crate::MAX_AUTO_SUMMARY_DOCUMENTS);
    let summary = corpus
        .summarize(
            None,
            &crate::SummaryRequest::default()
                .with_budget(crate::Budget::Sentences(2))
                .with_query(Some("Greenland ice")),
        )
        .unwrap();
    assert!(!summary.is_empty());
    assert!(summary.iter().all(|s| chosen.contains(&s.name)));
}
