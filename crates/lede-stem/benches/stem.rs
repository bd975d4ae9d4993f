//! Stemming and stop-word throughput, in words per second.
//!
//! `cargo bench -p lede-stem --bench stem`
//!
//! The English word list is every word of the five seed articles (`seeds/`), lower-cased,
//! in text order (so frequent words repeat as they do in real text). `rust_stemmers_raw`
//! calls rust-stemmers directly: the difference to `lede_stem` is the cost of the guard
//! (`catch_unwind`, the empty-stem and borrow checks).

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented pub fn"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_stem::{Language, Stemmer, StopWords};

fn seed_words() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut words = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/ directory")
        .map(|e| e.expect("seeds/ entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("seed article");
        words.extend(
            text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase),
        );
    }
    words
}

fn bench(c: &mut Criterion) {
    let english = seed_words();
    // Greek: the Greek stop-word list, inflected with a few common endings (real words
    // and near-words; exercises the sidestep check on every word).
    let greek: Vec<String> = StopWords::for_language(Language::Greek)
        .iter()
        .flat_map(|w| ["", "ες", "ετε", "ισα", "ους"].map(|e| format!("{w}{e}")))
        .collect();

    let mut group = c.benchmark_group("stem");
    for (name, language, words) in [
        ("english", Language::English, &english),
        ("greek", Language::Greek, &greek),
    ] {
        group.throughput(Throughput::Elements(words.len() as u64));
        let raw = rust_stemmers::Stemmer::create(match language {
            Language::Greek => rust_stemmers::Algorithm::Greek,
            _ => rust_stemmers::Algorithm::English,
        });
        let stemmer = Stemmer::new(language);
        if language == Language::English {
            // Greek is skipped: raw rust-stemmers panics on some of these words.
            group.bench_function(format!("{name}/rust_stemmers_raw"), |b| {
                b.iter(|| {
                    let mut bytes = 0;
                    for w in words {
                        bytes += raw.stem(black_box(w)).len();
                    }
                    bytes
                })
            });
        }
        group.bench_function(format!("{name}/lede_stem"), |b| {
            b.iter(|| {
                let mut bytes = 0;
                for w in words {
                    bytes += stemmer.stem(black_box(w)).len();
                }
                bytes
            })
        });
    }
    group.finish();

    let stop_words = StopWords::for_language(Language::English);
    let mut group = c.benchmark_group("stop_words");
    group.throughput(Throughput::Elements(english.len() as u64));
    group.bench_function("english/contains", |b| {
        b.iter(|| {
            english
                .iter()
                .filter(|w| stop_words.contains(black_box(w)))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
