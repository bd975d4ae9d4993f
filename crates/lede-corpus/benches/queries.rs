//! Corpus query latency over Reuters-21578 and 20 Newsgroups (about 40,000 documents,
//! 48 MB): BM25 search by the inverted index, similar documents, top terms after a write, and
//! whole-corpus summaries with and without a query: the library's cost, without gRPC.
//!
//! Input: `../shared/data/corpus/reuters21578.jsonl` and `20newsgroups.jsonl` (each record's
//! `id` and `text`); a clone without `../shared` skips the benchmark with a message.
//! `scripts/scale.py` measures the same queries through the server at several corpus sizes.
//!
//! Run: `cargo bench -p lede-corpus --bench queries`

// `criterion_group!` defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use lede_corpus::{Budget, Corpus, Document};

const CORPORA: [&str; 2] = [
    "../../../shared/data/corpus/reuters21578.jsonl",
    "../../../shared/data/corpus/20newsgroups.jsonl",
];

/// The queries of `lede-loadgen --rpc search`, and a few of news wording.
const QUERIES: [&str; 6] = [
    "security guarantees",
    "Greenland",
    "oil prices fell",
    "interest rates central bank",
    "the government said on Tuesday",
    "space shuttle launch",
];

fn load() -> Option<Corpus> {
    let mut documents = Vec::new();
    for relative in CORPORA {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        let Ok(jsonl) = std::fs::read_to_string(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return None;
        };
        for (line, record) in jsonl.lines().enumerate() {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(record) else {
                continue;
            };
            let Some(text) = record.get("text").and_then(|text| text.as_str()) else {
                continue;
            };
            let prefix = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc");
            documents.push(Document::new(format!("{prefix}-{line}"), text));
        }
    }
    let mut corpus = Corpus::new();
    corpus.extend(documents).expect("distinct names");
    Some(corpus)
}

fn queries(c: &mut Criterion) {
    let Some(mut corpus) = load() else {
        return;
    };
    let mut group = c.benchmark_group("corpus");
    group.sample_size(20);
    let mut next = 0;
    group.bench_function("search_top10", |b| {
        b.iter(|| {
            next = (next + 1) % QUERIES.len();
            black_box(corpus.search(QUERIES[next], 10).expect("search"))
        });
    });
    let names: Vec<String> = corpus.names().step_by(997).map(str::to_owned).collect();
    group.bench_function("similar_top5", |b| {
        b.iter(|| {
            next = (next + 1) % names.len();
            black_box(corpus.similar(&names[next], 5).expect("similar"))
        });
    });
    group.bench_function("top_terms_10_cached", |b| {
        b.iter(|| black_box(corpus.top_terms(10).expect("top terms")));
    });
    group.bench_function("summary_whole_corpus_query", |b| {
        b.iter(|| {
            next = (next + 1) % QUERIES.len();
            black_box(
                corpus
                    .summarize(
                        None,
                        &lede_corpus::SummaryRequest::default()
                            .with_budget(Budget::Sentences(3))
                            .with_query(Some(QUERIES[next])),
                    )
                    .expect("summary"),
            )
        });
    });
    group.bench_function("summary_whole_corpus", |b| {
        b.iter(|| {
            black_box(
                corpus
                    .summarize(
                        None,
                        &lede_corpus::SummaryRequest::default().with_budget(Budget::Sentences(3)),
                    )
                    .expect("summary"),
            )
        });
    });
    // A write, then the first statistics after it: the ranking of the vocabulary again.
    let mut round = 0u64;
    group.bench_function("write_then_top_terms_10", |b| {
        b.iter(|| {
            round += 1;
            let name = format!("bench-{round}");
            corpus
                .insert(Document::new(name.as_str(), "Oil prices fell on Tuesday."))
                .expect("insert");
            black_box(corpus.top_terms(10).expect("top terms").len());
            corpus.remove(&name).expect("remove");
        });
    });
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
