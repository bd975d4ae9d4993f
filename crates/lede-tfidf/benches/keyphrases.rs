//! Keyphrases of one BBC-sized (~2 KB) news article against a small corpus plus the shipped
//! background table, and the one-off cost of parsing that table.
//!
//! Input: the first article of `../shared/data/summarization/bbc_news_summary.jsonl` whose
//! `text` is 1.8–2.4 KB, ranked against the first 20 articles of the same file (it among them).
//! Without `../shared`, the seed article `seeds/000_…` against the five seeds.
//!
//! Run: `cargo bench -p lede-tfidf --bench keyphrases`; `scripts/compare_keyphrases.py` times
//! YAKE on the same article and prints the ratio.

// `criterion_group!` defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_stem::Language;
use lede_tfidf::{Analyzer, Background, DocumentFrequencies, KeyphraseExtractor};

const BBC: &str = "../../../shared/data/summarization/bbc_news_summary.jsonl";
const SEEDS: [&str; 5] = [
    include_str!("../../../seeds/000_21eaf71ef8813072.txt"),
    include_str!("../../../seeds/001_ea396f7a82a19f71.txt"),
    include_str!("../../../seeds/002_03ef136adfabfcb1.txt"),
    include_str!("../../../seeds/003_af01109d76127dd9.txt"),
    include_str!("../../../seeds/004_a1b7e0ca4b3ddd8c.txt"),
];
const TABLE: &str = include_str!("../data/background_en.tsv");

/// The benchmark document and its corpus (which contains it).
fn inputs() -> (String, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BBC);
    let texts: Vec<String> = std::fs::read_to_string(&path)
        .map(|jsonl| {
            jsonl
                .lines()
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                .filter_map(|doc| doc.get("text")?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    match texts.iter().position(|t| (1800..=2400).contains(&t.len())) {
        Some(index) => {
            let mut corpus: Vec<String> = texts.iter().take(20).cloned().collect();
            if index >= corpus.len() {
                corpus.push(texts[index].clone());
            }
            (texts[index].clone(), corpus)
        }
        None => {
            eprintln!("{} not found: using the seeds", path.display());
            (
                SEEDS[0].to_owned(),
                SEEDS.iter().map(|s| (*s).to_owned()).collect(),
            )
        }
    }
}

/// Document frequencies of a few documents.
struct Counts {
    documents: u64,
    df: HashMap<String, u64>,
}

impl Counts {
    fn new(documents: &[String]) -> Self {
        let mut analyzer = Analyzer::new(Language::English);
        let mut df = HashMap::new();
        for document in documents {
            let mut seen = std::collections::HashSet::new();
            analyzer.for_each_term(document, |term| {
                if seen.insert(term.text.to_owned()) {
                    *df.entry(term.text.to_owned()).or_insert(0) += 1;
                }
            });
        }
        Self {
            documents: documents.len() as u64,
            df,
        }
    }
}

impl DocumentFrequencies for Counts {
    fn document_count(&self) -> u64 {
        self.documents
    }

    fn document_frequency(&self, term: &str) -> u64 {
        self.df.get(term).copied().unwrap_or(0)
    }
}

fn bench_keyphrases(c: &mut Criterion) {
    let (document, corpus) = inputs();
    let counts = Counts::new(&corpus);
    eprintln!(
        "document: {} bytes; corpus: {} documents",
        document.len(),
        corpus.len()
    );
    let mut group = c.benchmark_group("keyphrases");
    group.throughput(Throughput::Bytes(document.len() as u64));
    group.bench_function("one_document", |b| {
        // Parsed once, as in any process that extracts more than one document.
        let mut extractor = KeyphraseExtractor::new(Language::English);
        b.iter(|| extractor.extract(black_box(&document), &counts));
    });
    group.finish();

    let mut group = c.benchmark_group("background");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(TABLE.len() as u64));
    group.bench_function("parse_english_table", |b| {
        b.iter(|| Background::parse(black_box(TABLE)).map(|table| table.len()));
    });
    group.finish();
}

criterion_group!(benches, bench_keyphrases);
criterion_main!(benches);
