//! Corpus fitting throughput: analysis + term counting + document frequencies + IDF, single
//! thread, from nothing (a fresh analyzer, vocabulary and statistics in every iteration), the
//! work scikit-learn's `TfidfVectorizer().fit(texts)` does.
//!
//! Input: each record's `text` in `../shared/data/corpus/reuters21578.jsonl` is one document;
//! throughput is the sum of their UTF-8 lengths. A clone without `../shared` skips the
//! benchmark with a message. `scripts/compare_tfidf.py` compares the results with
//! scikit-learn.
//!
//! Functions: `unigrams` and `bigrams` (unigrams and bigrams, like scikit-learn's
//! `ngram_range=(1, 2)`) fit; `analysis` runs only the analysis they start with, the floor
//! under both.
//!
//! Group `analysis`, function `full`: the full analysis pipeline (tokenize, normalise, stop
//! words, stem) over all texts joined by blank lines, as one text; `scripts/compare_tokenize.py`
//! compares it with scikit-learn's analyzer.
//!
//! Run: `cargo bench -p lede-tfidf --bench fit`

// `criterion_group!` defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_stem::Language;
use lede_tfidf::{Analyzer, CorpusStats, Ngrams, TermCounter, Tfidf, TfidfOptions};

const CORPUS: &str = "../../../shared/data/corpus/reuters21578.jsonl";

fn load_texts() -> Option<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let Ok(jsonl) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    Some(
        jsonl
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|doc| doc.get("text")?.as_str().map(str::to_owned))
            .collect(),
    )
}

/// Fits statistics and the IDF table over `texts` from nothing; returns something to keep.
fn fit(texts: &[String], ngrams: Ngrams) -> (usize, u64) {
    let mut analyzer = Analyzer::new(Language::English);
    let mut counter = TermCounter::new(ngrams);
    let mut stats = CorpusStats::new();
    for text in texts {
        let document = counter
            .count(&mut analyzer, stats.vocabulary_mut(), text)
            .expect("the vocabulary has room");
        stats
            .add(&document)
            .expect("counted against this vocabulary");
    }
    let tfidf = Tfidf::new(&stats, TfidfOptions::default());
    (stats.live_terms(), tfidf.documents())
}

/// Only the analysis part of `fit`: every term of every text, from a fresh analyzer.
fn analyse(texts: &[String]) -> usize {
    let mut analyzer = Analyzer::new(Language::English);
    let mut bytes = 0;
    for text in texts {
        analyzer.for_each_term(text, |term| bytes += term.text.len());
    }
    bytes
}

fn bench_fit(c: &mut Criterion) {
    let Some(texts) = load_texts() else { return };
    let bytes: u64 = texts.iter().map(|text| text.len() as u64).sum();
    let mut group = c.benchmark_group("fit");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    // The floor: the analysis alone, from a fresh analyzer as in `fit`.
    group.bench_function("analysis", |b| b.iter(|| analyse(black_box(&texts))));
    for (name, ngrams) in [
        ("unigrams", Ngrams::Unigrams),
        ("bigrams", Ngrams::UnigramsAndBigrams),
    ] {
        group.bench_function(name, |b| b.iter(|| fit(black_box(&texts), ngrams)));
    }
    // Statistics are mergeable, so fitting parallelises: every core of this machine (2 here).
    let threads = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    group.bench_function("bigrams_parallel", |b| {
        let analyzer = Analyzer::new(Language::English);
        let counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
        b.iter(|| {
            let (stats, documents) =
                CorpusStats::fit(black_box(&texts), &analyzer, &counter, threads)
                    .expect("the vocabulary has room");
            (stats.live_terms(), documents.len())
        });
    });
    group.finish();
}

fn bench_analysis(c: &mut Criterion) {
    let Some(texts) = load_texts() else { return };
    let text = texts.join("\n\n");
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("full", |b| {
        let mut analyzer = Analyzer::new(Language::English);
        b.iter(|| {
            let mut bytes = 0usize;
            analyzer.for_each_term(black_box(&text), |term| bytes += term.text.len());
            bytes
        });
    });
    group.finish();
}

criterion_group!(benches, bench_fit, bench_analysis);
criterion_main!(benches);
