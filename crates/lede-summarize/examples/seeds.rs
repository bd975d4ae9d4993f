//! Summaries of the seed articles: `cargo run -p lede-summarize --example seeds [-- QUERY]`.
//!
//! Prints the three-sentence summary of each seed, then a five-sentence summary of all of
//! them (focused on QUERY if one is given), each sentence with its score, rank and document.

use std::error::Error;
use std::fs;
use std::path::Path;

use lede_summarize::{Budget, Summarizer};

fn main() -> Result<(), Box<dyn Error>> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = fs::read_dir(&directory)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|path| path.extension().is_some_and(|ext| ext == "txt"));
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let documents: Vec<&str> = texts.iter().map(String::as_str).collect();
    let query = std::env::args().nth(1);

    let summarizer = Summarizer::default();
    if query.is_none() {
        for (path, text) in paths.iter().zip(&documents) {
            println!(
                "== {}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            for sentence in &summarizer.summarize(text, Budget::Sentences(3))? {
                println!(
                    "{:.3}  #{}  {}",
                    sentence.score, sentence.rank, sentence.text
                );
            }
        }
    }
    println!(
        "== all seeds{}",
        query
            .as_deref()
            .map(|q| format!(", query {q:?}"))
            .unwrap_or_default()
    );
    for sentence in
        &summarizer.summarize_many(&documents, Budget::Sentences(5), query.as_deref())?
    {
        println!(
            "{:.3}  #{}  [{}:{}]  {}",
            sentence.score, sentence.rank, sentence.document, sentence.index, sentence.text
        );
    }
    Ok(())
}
