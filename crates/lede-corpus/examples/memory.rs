//! Measures the resident memory a corpus takes: loads a JSONL file into a [`Corpus`] and
//! prints the process's resident memory (Linux `VmRSS`) after each stage, against the size
//! of the text.
//!
//! ```text
//! cargo run --release -p lede-corpus --example memory -- ../shared/data/corpus/reuters21578.jsonl
//! ```

use lede_corpus::{Corpus, JsonlFields, documents_from_jsonl};

fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(f64::NAN, |kib| kib * 1024.0 / 1e6)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: memory FILE.jsonl")?;
    let start = resident_mb();
    let documents = documents_from_jsonl(&path, &JsonlFields::default())?;
    let text: usize = documents.iter().map(|document| document.text.len()).sum();
    let text_mb = text as f64 / 1e6;
    println!("text: {text_mb:.1} MB in {} documents", documents.len());
    println!("start: {start:.1} MB");
    println!("documents read: {:.1} MB", resident_mb());
    let mut corpus = Corpus::new();
    for document in documents {
        corpus.insert(document)?;
    }
    let loaded = resident_mb();
    println!(
        "corpus loaded: {loaded:.1} MB ({:.2}x the text)",
        loaded / text_mb
    );
    let top = corpus.top_terms(3)?;
    let hits = corpus.search("oil prices", 10)?;
    let queried = resident_mb();
    println!(
        "after top terms and a search: {queried:.1} MB ({:.2}x the text); {} terms, {} hits",
        queried / text_mb,
        top.len(),
        hits.len()
    );
    Ok(())
}
