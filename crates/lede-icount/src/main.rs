//! Fixed, deterministic workloads of the lede crates, for counting instructions.
//!
//! Wall-clock benchmarks (criterion) say how fast lede is on a quiet machine; on a busy or
//! different one their figures move by tens of percent. The number of instructions a fixed
//! workload executes does not: `scripts/icount.py` runs each workload here under valgrind
//! (`cachegrind`, no cache simulation), twice — with `--rounds 0` (set-up only) and with
//! `--rounds N` — and divides the difference by N, which is the cost of one round, set-up and
//! process start excluded. It compares that with the committed baseline
//! (`benches/icount/baseline.json`) and fails when one grows by more than 10%.
//!
//! The input is the five seed articles embedded in lede-corpus, so that the workloads need
//! no data beside the repository and every machine counts the same text.
//!
//! Usage: `lede-icount WORKLOAD [--rounds N] [--input FILE]`, WORKLOAD one of `tokenize`,
//! `sentences`, `analysis`, `keyphrases`, `summarize`, `search`. `--input` replaces the
//! seeds by the paragraphs (blank-line separated) of a UTF-8 file, for measuring by hand on
//! other text. It prints a checksum of the work done, so that the compiler cannot drop it.

use std::hint::black_box;
use std::process::ExitCode;

use lede_corpus::{Budget, Corpus, seed_documents};
use lede_stem::Language;
use lede_summarize::Summarizer;
use lede_tfidf::{Analyzer, CorpusStats, KeyphraseExtractor, Ngrams, TermCounter};
use lede_tokenize::{sentences, tokenize};

/// The workloads, in the order the script reports them.
const WORKLOADS: [&str; 6] = [
    "tokenize",
    "sentences",
    "analysis",
    "keyphrases",
    "summarize",
    "search",
];

/// The queries of one `search` round.
const QUERIES: [&str; 6] = [
    "security guarantees",
    "Greenland",
    "Paris summit Ukraine",
    "ceasefire troops",
    "coalition of the willing",
    "Trump",
];

/// The seed articles, or the paragraphs of `input`.
fn texts(input: Option<&str>) -> Result<Vec<String>, String> {
    match input {
        None => Ok(seed_documents().into_iter().map(|d| d.text).collect()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read {path}: {error}"))?;
            Ok(text
                .split("\n\n")
                .filter(|paragraph| !paragraph.trim().is_empty())
                .map(str::to_owned)
                .collect())
        }
    }
}

/// Runs `rounds` rounds of `workload` after its set-up; the checksum of the work.
fn run(workload: &str, rounds: usize, texts: &[String]) -> Result<usize, String> {
    let mut sum = 0usize;
    match workload {
        "tokenize" => {
            for _ in 0..rounds {
                for text in texts {
                    sum += tokenize(black_box(text)).count();
                }
            }
        }
        "sentences" => {
            for _ in 0..rounds {
                for text in texts {
                    sum += sentences(black_box(text)).count();
                }
            }
        }
        "analysis" => {
            // One analyzer for every round, warmed in the set-up: the steady state of a long
            // stream of news, where almost every word has been seen (a cold cache is what
            // `keyphrases` and `summarize` start from).
            let mut analyzer = Analyzer::new(Language::English);
            for text in texts {
                analyzer.for_each_term(text, |term| sum += term.text.len());
            }
            for _ in 0..rounds {
                for text in texts {
                    analyzer.for_each_term(black_box(text), |term| sum += term.text.len());
                }
            }
        }
        "keyphrases" => {
            let mut stats = CorpusStats::new();
            let mut analyzer = Analyzer::new(Language::English);
            let mut counter = TermCounter::new(Ngrams::Unigrams);
            for text in texts {
                stats
                    .add_text(&mut counter, &mut analyzer, text)
                    .map_err(|error| error.to_string())?;
            }
            let mut extractor = KeyphraseExtractor::new(Language::English);
            for _ in 0..rounds {
                for text in texts {
                    sum += extractor.extract(black_box(text), &stats).len();
                }
            }
        }
        "summarize" => {
            let summarizer = Summarizer::default();
            for _ in 0..rounds {
                for text in texts {
                    let summary = summarizer
                        .summarize(black_box(text), Budget::Sentences(3))
                        .map_err(|error| error.to_string())?;
                    sum += summary.len();
                }
            }
        }
        "search" => {
            let mut corpus = Corpus::new();
            corpus
                .extend(texts.iter().enumerate().map(|(index, text)| {
                    lede_corpus::Document::new(format!("doc-{index:06}"), text.as_str())
                }))
                .map_err(|error| error.to_string())?;
            for _ in 0..rounds {
                for query in QUERIES {
                    let hits = corpus
                        .search(black_box(query), 10)
                        .map_err(|error| error.to_string())?;
                    sum += hits.len();
                }
            }
        }
        other => {
            return Err(format!(
                "unknown workload {other:?}: one of {}",
                WORKLOADS.join(", ")
            ));
        }
    }
    Ok(sum)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || {
        eprintln!(
            "usage: lede-icount WORKLOAD [--rounds N]   (WORKLOAD: {})",
            WORKLOADS.join(", ")
        );
        ExitCode::from(2)
    };
    if args.first().map(String::as_str) == Some("--list") {
        println!("{}", WORKLOADS.join("\n"));
        return ExitCode::SUCCESS;
    }
    let Some(workload) = args.first() else {
        return usage();
    };
    let (mut rounds, mut input) = (1usize, None);
    let mut rest = args.iter().skip(1);
    while let Some(flag) = rest.next() {
        match (flag.as_str(), rest.next()) {
            ("--rounds", Some(value)) => match value.parse() {
                Ok(value) => rounds = value,
                Err(_) => return usage(),
            },
            ("--input", Some(path)) => input = Some(path.as_str()),
            _ => return usage(),
        }
    }
    let result = texts(input).and_then(|texts| run(workload, rounds, &texts));
    match result {
        Ok(sum) => {
            println!("{workload} {rounds} {sum}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("lede-icount: {message}");
            ExitCode::from(2)
        }
    }
}
