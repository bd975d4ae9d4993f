//! `analysis`: lede's full analysis beside tantivy's English `TextAnalyzer`, over the same
//! text, in one process, interleaved.
//!
//! The text is what `cargo bench -p lede-tfidf --bench fit -- analysis/full` analyses: the
//! `text` of every record of a JSONL corpus (default Reuters-21578,
//! `../shared/data/corpus/reuters21578.jsonl` beside the repository), joined by blank lines.
//! Each side is timed the same way as that bench: one analyzer made once and reused (warm
//! caches), every round over the whole text, summing the bytes of what it yields so that
//! nothing can be optimised away.
//!
//! * lede: `Analyzer::new(English).for_each_term` (tokenize with kinds, spans, abbreviations,
//!   numbers and URLs; normalise; drop stop words; Snowball stem);
//! * tantivy: `SimpleTokenizer → RemoveLongFilter(40) → LowerCaser → StopWordFilter(English)
//!   → Stemmer(English)`, the pipeline `tantivy-peer` indexes with.
//!
//! Rounds alternate (lede, tantivy, lede, ...), so that a change in the machine's load hits
//! both; it prints one JSON object with each side's median and best MB/s (10^6 bytes per
//! second), their ratio and the load average.
//!
//! ```text
//! cargo run --release --bin analysis -- [--corpus PATH] [--rounds N]
//! ```

use std::time::Instant;

use anyhow::{Context as _, bail};
use lede_stem::Language as LedeLanguage;
use lede_tfidf::Analyzer;
use serde_json::{Value, json};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};

const DEFAULT_CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/corpus/reuters21578.jsonl"
);

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let mut corpus = DEFAULT_CORPUS.to_owned();
    let mut rounds = 15usize;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--corpus" => corpus = value,
            "--rounds" => rounds = value.parse().context("--rounds")?,
            _ => bail!("unknown option {flag} (options: --corpus PATH, --rounds N)"),
        }
    }
    if rounds == 0 {
        bail!("--rounds must be at least 1");
    }
    let jsonl = std::fs::read_to_string(&corpus).with_context(|| format!("reading {corpus}"))?;
    let mut texts = Vec::new();
    for line in jsonl.lines().filter(|line| !line.trim().is_empty()) {
        let record: Value = serde_json::from_str(line).context("a JSONL line")?;
        if let Some(text) = record.get("text").and_then(Value::as_str) {
            texts.push(text.to_owned());
        }
    }
    let text = texts.join("\n\n");
    let mb = text.len() as f64 / 1e6;

    let mut lede = Analyzer::new(LedeLanguage::English);
    let Some(stop_words) = StopWordFilter::new(Language::English) else {
        bail!("tantivy has no English stop words (the `stopwords` feature)");
    };
    let mut tantivy = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(stop_words)
        .filter(Stemmer::new(Language::English))
        .build();

    let run_lede = |analyzer: &mut Analyzer| {
        let (mut bytes, mut terms) = (0usize, 0usize);
        analyzer.for_each_term(std::hint::black_box(&text), |term| {
            bytes += term.text.len();
            terms += 1;
        });
        (bytes, terms)
    };
    let run_tantivy = |analyzer: &mut TextAnalyzer| {
        let (mut bytes, mut terms) = (0usize, 0usize);
        let mut stream = analyzer.token_stream(std::hint::black_box(&text));
        while stream.advance() {
            bytes += stream.token().text.len();
            terms += 1;
        }
        (bytes, terms)
    };
    // One warm-up round each: caches filled, pages touched.
    let lede_out = run_lede(&mut lede);
    let tantivy_out = run_tantivy(&mut tantivy);

    let (mut lede_mbs, mut tantivy_mbs) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        std::hint::black_box(run_lede(&mut lede));
        lede_mbs.push(mb / start.elapsed().as_secs_f64());
        let start = Instant::now();
        std::hint::black_box(run_tantivy(&mut tantivy));
        tantivy_mbs.push(mb / start.elapsed().as_secs_f64());
    }
    let best = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (lede_best, tantivy_best) = (best(&lede_mbs), best(&tantivy_mbs));
    let (lede_median, tantivy_median) = (median(&mut lede_mbs), median(&mut tantivy_mbs));
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    let report = json!({
        "corpus": corpus,
        "bytes": text.len(),
        "rounds": rounds,
        "lede": {"median_mb_s": lede_median, "best_mb_s": lede_best,
                 "terms": lede_out.1, "term_bytes": lede_out.0},
        "tantivy": {"median_mb_s": tantivy_median, "best_mb_s": tantivy_best,
                    "terms": tantivy_out.1, "term_bytes": tantivy_out.0},
        "ratio_median": lede_median / tantivy_median,
        "ratio_best": lede_best / tantivy_best,
        "load_average_1m": load,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
