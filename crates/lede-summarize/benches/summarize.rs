//! Criterion benchmarks of `lede-summarize`, sentence splitting and analysis included:
//!
//! * `summarize/article`: the three-sentence summary of a BBC-sized article (the first
//!   article of `../shared/data/summarization/bbc_news_summary.jsonl` whose text is between
//!   1,950 and 2,050 bytes; seed `000` if the data is missing);
//! * `summarize/25_documents`: a five-sentence summary of the first 25 articles of that file
//!   together (the five seeds five times over if it is missing).
//!
//! `scripts/compare_summaries.py` runs this and times sumy's LexRank on the same article.

// `criterion_group!` defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_summarize::{Budget, Summarizer};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The texts of the BBC data set, in file order, if it is there.
fn bbc_texts() -> Option<Vec<String>> {
    let path = manifest().join("../../../shared/data/summarization/bbc_news_summary.jsonl");
    let data = fs::read_to_string(path).ok()?;
    data.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).ok()?;
            value["text"].as_str().map(str::to_owned)
        })
        .collect()
}

fn seeds() -> Vec<String> {
    let mut paths: Vec<PathBuf> = fs::read_dir(manifest().join("../../seeds"))
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| fs::read_to_string(path).ok())
        .collect()
}

fn inputs() -> (String, Vec<String>) {
    match bbc_texts() {
        Some(texts) if texts.len() >= 25 => {
            let article = texts
                .iter()
                .find(|text| (1_950..=2_050).contains(&text.len()))
                .unwrap_or(&texts[0])
                .clone();
            (article, texts[..25].to_vec())
        }
        _ => {
            let seeds = seeds();
            let article = seeds.first().cloned().unwrap_or_default();
            let many = seeds.iter().cycle().take(25).cloned().collect();
            (article, many)
        }
    }
}

fn bench(c: &mut Criterion) {
    let (article, many) = inputs();
    let summarizer = Summarizer::default();
    // Warm up the background table and the analyzer's stem cache, as a long-lived service is.
    let _ = summarizer.summarize(&article, Budget::Sentences(3));

    let mut group = c.benchmark_group("summarize");
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function("article", |b| {
        b.iter(|| summarizer.summarize(black_box(&article), Budget::Sentences(3)))
    });
    let documents: Vec<&str> = many.iter().map(String::as_str).collect();
    group.throughput(Throughput::Bytes(
        documents.iter().map(|d| d.len() as u64).sum(),
    ));
    group.bench_function("25_documents", |b| {
        b.iter(|| summarizer.summarize_many(black_box(&documents), Budget::Sentences(5), None))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
