//! Prints the analysed terms of each file as JSON, for comparisons with other tools.
//!
//! ```text
//! cargo run -p lede-tfidf --example terms -- seeds/*.txt
//! ```
//!
//! Output: `{"analyzer": "...", "documents": [{"name": "<file name>", "terms": ["...", …]}, …]}`,
//! the terms in text order as `Analyzer::new(Language::English)` produces them (normalised,
//! stop words removed, stemmed, numbers kept). `scripts/sklearn_tfidf_fixture.py` feeds these
//! token lists to scikit-learn's `TfidfVectorizer` to make the fixture of
//! `tests/sklearn_tfidf.rs`.

use std::path::Path;
use std::process::ExitCode;

use lede_stem::Language;
use lede_tfidf::Analyzer;
use serde_json::json;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() || paths.iter().any(|p| p == "-h" || p == "--help") {
        eprintln!("usage: terms FILE...  (prints each file's analysed terms as JSON)");
        return ExitCode::FAILURE;
    }
    let mut analyzer = Analyzer::new(Language::English);
    let mut documents = Vec::new();
    for path in &paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("terms: {path}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let mut terms = Vec::new();
        analyzer.for_each_term(&text, |term| terms.push(term.text.to_owned()));
        let name = Path::new(path)
            .file_name()
            .map_or_else(|| path.clone(), |name| name.to_string_lossy().into_owned());
        documents.push(json!({ "name": name, "terms": terms }));
    }
    let output = json!({
        "analyzer": "lede_tfidf::Analyzer::new(Language::English)",
        "documents": documents,
    });
    println!("{output}");
    ExitCode::SUCCESS
}
