//! Full-analysis throughput: tokenize + normalise + stop words + stem, single thread.
//!
//! Input: the `text` fields of `../shared/data/corpus/reuters21578.jsonl` joined by blank
//! lines. A clone without `../shared` skips the benchmark with a message.
//!
//! Run: `cargo bench -p lede-tfidf --bench analysis`

// `criterion_group!` defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_stem::Language;
use lede_tfidf::Analyzer;

const CORPUS: &str = "../../../shared/data/corpus/reuters21578.jsonl";

fn load_corpus() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let Ok(jsonl) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    let texts: Vec<String> = jsonl
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|doc| doc.get("text")?.as_str().map(str::to_owned))
        .collect();
    Some(texts.join("\n\n"))
}

fn bench_analysis(c: &mut Criterion) {
    let Some(text) = load_corpus() else { return };
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("full", |b| {
        let mut analyzer = Analyzer::new(Language::English);
        b.iter(|| {
            let mut terms = 0usize;
            analyzer.for_each_term(black_box(&text), |term| {
                terms += term.text.len();
            });
            terms
        });
    });
    group.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
