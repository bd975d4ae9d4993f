//! Given the same tokens, lede's TF-IDF weights equal scikit-learn's `TfidfVectorizer`.
//!
//! The fixture (`tests/fixtures/sklearn_tfidf_seeds.json`, written by
//! `scripts/sklearn_tfidf_fixture.py`) holds lede's analysed terms of the five seed articles
//! and the weights scikit-learn computes from exactly those token lists, for every combination
//! of `smooth_idf`, `sublinear_tf` and `norm` with unigrams, and three with unigrams and
//! bigrams. Every weight must agree to 1e-6 and every document must have the same set of
//! weighted terms.

use std::collections::BTreeMap;
use std::path::Path;

use lede_stem::Language;
use lede_tfidf::{
    Analyzer, CorpusStats, DocumentFrequencies, DocumentTerms, Ngrams, Norm, TermCounter, Tfidf,
    TfidfOptions,
};
use serde_json::Value;

const TOLERANCE: f64 = 1e-6;

fn fixture() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sklearn_tfidf_seeds.json");
    let text = std::fs::read_to_string(&path).expect("the fixture is committed");
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// Each document's token list, as the fixture gave it to scikit-learn.
fn token_lists(fixture: &Value) -> Vec<Vec<String>> {
    fixture["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|doc| {
            doc["terms"]
                .as_array()
                .expect("terms")
                .iter()
                .map(|t| t.as_str().expect("a term is a string").to_owned())
                .collect()
        })
        .collect()
}

fn fit(tokens: &[Vec<String>], ngrams: Ngrams) -> (CorpusStats, Vec<DocumentTerms>) {
    let mut counter = TermCounter::new(ngrams);
    let mut stats = CorpusStats::new();
    let docs = tokens
        .iter()
        .map(|doc| {
            let terms = counter
                .count_tokens(stats.vocabulary_mut(), doc)
                .expect("five documents fit in a vocabulary");
            stats.add(&terms).expect("counted against this vocabulary");
            terms
        })
        .collect();
    (stats, docs)
}

#[test]
fn weights_equal_scikit_learn_on_the_seeds() {
    let fixture = fixture();
    let tokens = token_lists(&fixture);
    assert_eq!(tokens.len(), 5, "the five seed articles");
    let cases = fixture["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 15);

    let mut checked = 0usize;
    let mut worst = 0.0f64;
    for case in cases {
        let range: Vec<u64> = case["ngram_range"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        let ngrams = match range.as_slice() {
            [1, 1] => Ngrams::Unigrams,
            [1, 2] => Ngrams::UnigramsAndBigrams,
            [2, 2] => Ngrams::Bigrams,
            other => panic!("unexpected ngram_range {other:?}"),
        };
        let options = TfidfOptions::default()
            .with_smooth_idf(case["smooth_idf"].as_bool().unwrap())
            .with_sublinear_tf(case["sublinear_tf"].as_bool().unwrap())
            .with_norm(match case["norm"].as_str() {
                Some("l2") => Some(Norm::L2),
                Some("l1") => Some(Norm::L1),
                None => None,
                Some(other) => panic!("unexpected norm {other}"),
            });
        let label = format!("{range:?} {options:?}");
        let features = &fixture["features"][format!("{},{}", range[0], range[1])];

        let (stats, docs) = fit(&tokens, ngrams);
        let tfidf = Tfidf::new(&stats, options);
        for (d, doc) in docs.iter().enumerate() {
            let ours: BTreeMap<&str, f64> = tfidf
                .vector(doc)
                .entries()
                .iter()
                .map(|&(id, weight)| (stats.vocabulary().text(id).unwrap(), weight))
                .collect();
            let terms = features[d].as_array().unwrap();
            let weights = case["weights"][d].as_array().unwrap();
            assert_eq!(terms.len(), weights.len(), "{label}: fixture document {d}");
            let theirs: BTreeMap<&str, f64> = terms
                .iter()
                .zip(weights)
                .map(|(t, w)| (t.as_str().unwrap(), w.as_f64().unwrap()))
                .collect();
            assert_eq!(
                ours.keys().collect::<Vec<_>>(),
                theirs.keys().collect::<Vec<_>>(),
                "{label}: document {d} has other terms than scikit-learn's"
            );
            for (term, expected) in &theirs {
                let diff = (ours[term] - expected).abs();
                worst = worst.max(diff);
                assert!(
                    diff <= TOLERANCE,
                    "{label}: document {d}, term {term:?}: lede {} vs scikit-learn {expected}",
                    ours[term]
                );
                checked += 1;
            }
        }
    }
    // 12 unigram sets and 3 bigram sets over the five documents.
    assert!(
        checked > 12 * 1000 + 3 * 2500,
        "only {checked} weights checked"
    );
    eprintln!("{checked} weights checked, largest difference {worst:e}");
}

#[test]
fn document_frequencies_match_the_token_lists() {
    let tokens = token_lists(&fixture());
    let (stats, _) = fit(&tokens, Ngrams::UnigramsAndBigrams);
    assert_eq!(stats.document_count(), 5);
    for term in ["pari", "secur guarante", "ukrain"] {
        let expected = tokens
            .iter()
            .filter(|doc| {
                doc.iter().any(|t| t == term)
                    || doc.windows(2).any(|w| format!("{} {}", w[0], w[1]) == term)
            })
            .count() as u64;
        assert_eq!(stats.document_frequency(term), expected, "{term}");
    }
}

/// The fixture's tokens came from our analyzer; if it changes, the fixture is stale (the
/// weight test above still holds, since it uses the fixture's tokens): run
/// `python3 scripts/sklearn_tfidf_fixture.py` to regenerate it.
#[test]
fn the_analyzer_still_produces_the_fixture_tokens() {
    let fixture = fixture();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut analyzer = Analyzer::new(Language::English);
    for (doc, expected) in fixture["documents"]
        .as_array()
        .unwrap()
        .iter()
        .zip(token_lists(&fixture))
    {
        let name = doc["name"].as_str().unwrap();
        let text = std::fs::read_to_string(seeds.join(name)).expect("the seeds are committed");
        let mut terms = Vec::new();
        analyzer.for_each_term(&text, |term| terms.push(term.text.to_owned()));
        assert!(
            terms == expected,
            "the analyzer's terms of {name} changed since the fixture was written: \
             regenerate it with `python3 scripts/sklearn_tfidf_fixture.py`"
        );
    }
}
