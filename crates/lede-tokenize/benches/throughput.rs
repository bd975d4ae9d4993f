//! Throughput of `lede-tokenize` on real news text.
//!
//! Input: the `text` fields of the Reuters-21578 corpus (`../shared/data/corpus/
//! reuters21578.jsonl` beside the repository, about 19 MB once joined with blank lines). A
//! clone without `../shared` has no corpus: the benches print a note and measure nothing.
//!
//! Run: `cargo bench -p lede-tokenize --bench throughput -- tokenize`
//!
//! One function per benchmark group; each starts with `let Some(text) = corpus() else
//! { return };`.

// `criterion_group!` defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::OnceLock;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_tokenize::{TokenKind, normalize_into, tokenize};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/corpus/reuters21578.jsonl"
);

/// The benchmark text, read once; `None` (after a note on stderr) when the corpus is absent.
fn corpus() -> Option<&'static str> {
    static TEXT: OnceLock<Option<String>> = OnceLock::new();
    TEXT.get_or_init(|| match load(CORPUS) {
        Ok(text) => Some(text),
        Err(err) => {
            eprintln!("skipping lede-tokenize benches: cannot read {CORPUS}: {err}");
            None
        }
    })
    .as_deref()
}

fn load(path: &str) -> Result<String, Box<dyn std::error::Error>> {
    let jsonl = std::fs::read_to_string(path)?;
    let mut texts = Vec::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line)?;
        if let Some(text) = record.get("text").and_then(serde_json::Value::as_str) {
            texts.push(text.to_owned());
        }
    }
    Ok(texts.join("\n\n"))
}

/// Group `tokenize`: word tokens, then word tokens with normalisation into a reused buffer.
fn bench_tokenize(c: &mut Criterion) {
    let Some(text) = corpus() else { return };
    let mut group = c.benchmark_group("tokenize");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("words", |b| {
        b.iter(|| {
            let mut count = 0usize;
            for token in tokenize(black_box(text)) {
                black_box(&token);
                count += 1;
            }
            count
        });
    });
    group.bench_function("words_normalized", |b| {
        let mut buf = String::with_capacity(64);
        b.iter(|| {
            let mut bytes = 0usize;
            for token in tokenize(black_box(text)) {
                if matches!(token.kind, TokenKind::Word | TokenKind::Number) {
                    normalize_into(token.text, &mut buf);
                    bytes += black_box(&buf).len();
                }
            }
            bytes
        });
    });
    group.finish();
}

/// Group `normalize`: normalisation alone, over the word tokens of the corpus.
fn bench_normalize(c: &mut Criterion) {
    let Some(text) = corpus() else { return };
    let words: Vec<&str> = tokenize(text)
        .filter(|t| t.kind.is_word_like())
        .map(|t| t.text)
        .collect();
    let mut group = c.benchmark_group("normalize");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(
        words.iter().map(|w| w.len() as u64).sum(),
    ));
    group.bench_function("normalize_into", |b| {
        let mut buf = String::with_capacity(64);
        b.iter(|| {
            let mut bytes = 0usize;
            for word in &words {
                normalize_into(black_box(word), &mut buf);
                bytes += buf.len();
            }
            bytes
        });
    });
    group.bench_function("normalize", |b| {
        b.iter(|| {
            words
                .iter()
                .map(|w| lede_tokenize::normalize(black_box(w)).len())
                .sum::<usize>()
        });
    });
    group.finish();
}

/// Group `sentences`: sentence boundaries over the whole corpus.
fn bench_sentences(c: &mut Criterion) {
    let Some(text) = corpus() else { return };
    let mut group = c.benchmark_group("sentences");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("split", |b| {
        b.iter(|| {
            lede_tokenize::sentences(black_box(text))
                .map(|s| black_box(s).span.len())
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(benches, bench_tokenize, bench_normalize, bench_sentences);
criterion_main!(benches);
