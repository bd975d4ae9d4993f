//! Near-duplicates of a JSONL corpus as lede-corpus finds them, for
//! `scripts/eval_duplicates.py`: inserts every record (`id`, `text`, optional `title` and
//! `date`) into a
//! [`Corpus`], then prints one JSON line per near-duplicate pair found (`a`, `b`, the
//! estimated similarity, and which is `duplicate_of` which), and on standard error the
//! insertion rate and the cost of fingerprinting alone.
//!
//! ```text
//! cargo run --release -p lede-corpus --example duplicates -- ../shared/data/corpus/reuters21578.jsonl
//! ```

use std::io::{BufWriter, Write as _};
use std::time::Instant;

use lede_corpus::{Corpus, Document, Fingerprint};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: duplicates FILE.jsonl")?;
    let text = std::fs::read_to_string(&path)?;
    let mut documents = Vec::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let id = match &record["id"] {
            serde_json::Value::String(id) => id.clone(),
            other => other.to_string(),
        };
        // Identifiers such as "business/001" are not document names: '/' becomes '_'.
        let name: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut document = Document::new(name, record["text"].as_str().unwrap_or_default());
        if let Some(date) = record["date"].as_str() {
            document = document.with_date(date);
        }
        if let Some(title) = record["title"].as_str() {
            document = document.with_title(title);
        }
        documents.push(document);
    }
    let count = documents.len();

    let start = Instant::now();
    let fingerprints = documents
        .iter()
        .filter_map(Fingerprint::of_document)
        .count();
    let fingerprinting = start.elapsed();

    // As the server writes: analysis (fingerprint included) on two threads, then one
    // thread commits (statistics, index, near-duplicate buckets).
    let start = Instant::now();
    let mut corpus = Corpus::new();
    let half = documents.len().div_ceil(2);
    let mut rest = documents;
    let second = rest.split_off(half.min(rest.len()));
    let (first, second) = std::thread::scope(|scope| {
        let corpus = &corpus;
        let a = scope.spawn(move || {
            rest.into_iter()
                .map(|d| corpus.prepare(d))
                .collect::<Result<Vec<_>, _>>()
        });
        let b = scope.spawn(move || {
            second
                .into_iter()
                .map(|d| corpus.prepare(d))
                .collect::<Result<Vec<_>, _>>()
        });
        (a.join(), b.join())
    });
    let (Ok(first), Ok(second)) = (first, second) else {
        return Err("an analysis thread panicked".into());
    };
    let (first, second) = (first?, second?);
    let preparing = start.elapsed();
    let start = Instant::now();
    for prepared in first.into_iter().chain(second) {
        corpus.commit(prepared)?;
    }
    let committing = start.elapsed();
    let inserting = preparing + committing;

    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut pairs = 0usize;
    for name in corpus.names() {
        for (other, similarity) in corpus.near_duplicates(name) {
            if name < other {
                pairs += 1;
                let record = serde_json::json!({
                    "a": name,
                    "b": other,
                    "similarity": similarity,
                    "a_duplicate_of": corpus.duplicate_of(name),
                    "b_duplicate_of": corpus.duplicate_of(other),
                });
                writeln!(out, "{record}")?;
            }
        }
    }
    out.flush()?;
    let duplicates = corpus
        .names()
        .filter(|name| corpus.duplicate_of(name).is_some())
        .count();
    eprintln!(
        "{count} documents ({fingerprints} with words): fingerprints alone {:.0} documents/s \
         ({:.1} µs each); prepare on 2 threads {:.2} s + commit {:.2} s = {:.0} documents/s; \
         {pairs} near pairs, {duplicates} documents with a duplicate_of",
        count as f64 / fingerprinting.as_secs_f64(),
        fingerprinting.as_secs_f64() * 1e6 / count.max(1) as f64,
        preparing.as_secs_f64(),
        committing.as_secs_f64(),
        count as f64 / inserting.as_secs_f64(),
    );
    Ok(())
}
