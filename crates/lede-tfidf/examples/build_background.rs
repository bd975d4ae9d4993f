//! Builds the background document-frequency table shipped in `data/background_en.tsv`.
//!
//! Reads JSON-lines corpora, analyses the `text` field of every line with the default English
//! [`Analyzer`] (normalised, stop words dropped, Snowball-stemmed, numbers kept), counts in how
//! many documents each term occurs, drops the terms seen in fewer than `--min-df` documents
//! and writes the table sorted by term. Only aggregate counts leave the corpora.
//!
//! ```sh
//! cargo run --release -p lede-tfidf --example build_background -- \
//!     --min-df 3 --out crates/lede-tfidf/data/background_en.tsv \
//!     ../shared/data/corpus/reuters21578.jsonl ../shared/data/corpus/20newsgroups.jsonl
//! ```
//!
//! The format is read by `lede_tfidf::Background::parse`: `#` header lines with the language,
//! the document count and the pruning threshold, then one `term<TAB>df` line per term.

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use lede_stem::Language;
use lede_tfidf::Analyzer;

struct Args {
    min_df: u64,
    out: PathBuf,
    inputs: Vec<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut min_df = 3;
    let mut out = None;
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--min-df" => {
                let value = args.next().ok_or("--min-df needs a value")?;
                min_df = value.parse().map_err(|_| format!("bad --min-df {value}"))?;
            }
            "--out" => out = Some(PathBuf::from(args.next().ok_or("--out needs a path")?)),
            _ => inputs.push(PathBuf::from(arg)),
        }
    }
    let out = out.ok_or("usage: build_background [--min-df N] --out FILE INPUT.jsonl...")?;
    if inputs.is_empty() {
        return Err("no input files".to_owned());
    }
    Ok(Args {
        min_df,
        out,
        inputs,
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let mut analyzer = Analyzer::new(Language::English);
    let mut df: HashMap<String, u64> = HashMap::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut documents: u64 = 0;
    for input in &args.inputs {
        let reader = BufReader::new(std::fs::File::open(input)?);
        let mut in_file = 0u64;
        for line in reader.lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(&line)?;
            let Some(text) = value.get("text").and_then(serde_json::Value::as_str) else {
                continue;
            };
            seen.clear();
            analyzer.for_each_term(text, |term| {
                if !seen.contains_key(term.text) {
                    seen.insert(term.text.to_owned(), ());
                }
            });
            if seen.is_empty() {
                continue;
            }
            documents += 1;
            in_file += 1;
            for term in seen.keys() {
                *df.entry(term.clone()).or_insert(0) += 1;
            }
        }
        eprintln!("{}: {in_file} documents", input.display());
    }
    let total_terms = df.len();
    let mut kept: Vec<(&str, u64)> = df
        .iter()
        .filter(|&(_, &count)| count >= args.min_df)
        .map(|(term, &count)| (term.as_str(), count))
        .collect();
    kept.sort_unstable();

    let mut out = String::new();
    writeln!(out, "# lede background document frequencies")?;
    writeln!(out, "# language\ten")?;
    writeln!(out, "# documents\t{documents}")?;
    writeln!(out, "# min_df\t{}", args.min_df)?;
    writeln!(
        out,
        "# source\tReuters-21578 (Distribution 1.0) and 20 Newsgroups (bydate), field text; aggregate counts only"
    )?;
    writeln!(
        out,
        "# analyzer\tlede_tfidf::Analyzer::new(English): normalised, stop words dropped, stemmed, numbers kept"
    )?;
    for (term, count) in &kept {
        writeln!(out, "{term}\t{count}")?;
    }
    std::fs::write(&args.out, &out)?;
    eprintln!(
        "{documents} documents, {total_terms} distinct terms, {} kept with df >= {} ({} bytes) -> {}",
        kept.len(),
        args.min_df,
        out.len(),
        args.out.display()
    );
    Ok(())
}
