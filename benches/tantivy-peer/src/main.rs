//! `tantivy-peer`: the searches of `lede-loadgen --rpc search`, in process, against a tantivy
//! index of the same JSONL corpus that `scripts/scale.py` imports into lede.
//!
//! It reads the JSONL (one object a line: `name` or `id`, `title`, `text`), indexes `title`
//! and `text` in RAM with tantivy's English pipeline (SimpleTokenizer, RemoveLongFilter 40,
//! LowerCaser, StopWordFilter English, Stemmer English), then runs every query (a disjunction
//! over both fields, BM25) top-k many times, fetching each hit's stored name and title, and
//! prints one JSON object: the index time and the latency percentiles, per query and for all.
//!
//! ```text
//! tantivy-peer --corpus corpus-40k.jsonl --iterations 500 --query "Greenland" --query ceasefire
//! ```
//!
//! Options: `--corpus PATH` (required), `--query Q` (repeatable; default: lede-loadgen's six
//! `search` phrases), `--iterations N` per query (500), `--warmup N` per query (20),
//! `--top-k K` (10), `--max-seconds S` per query (10: fewer iterations if a query is slow),
//! `--threads N` indexing threads (tantivy's default), `--heap-mb M` indexing memory (256).
//! The latencies are of one thread searching: no gRPC, no network, no snippets.

use std::io::BufRead as _;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use serde_json::{Value, json};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// The queries `lede-loadgen --rpc search` rotates over (crates/lede-loadgen/src/workload.rs);
/// scripts/scale.py passes them from there with `--query`, these are only the default.
const QUERIES: [&str; 6] = [
    "security guarantees",
    "Greenland",
    "ceasefire",
    "Zelensky peace proposal",
    "energy infrastructure",
    "summit leaders",
];

/// The name the English pipeline is registered under.
const ANALYZER: &str = "en_lede_peer";

struct Args {
    corpus: String,
    queries: Vec<String>,
    iterations: usize,
    warmup: usize,
    top_k: usize,
    max_seconds: f64,
    threads: Option<usize>,
    heap_mb: usize,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        corpus: String::new(),
        queries: Vec::new(),
        iterations: 500,
        warmup: 20,
        top_k: 10,
        max_seconds: 10.0,
        threads: None,
        heap_mb: 256,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            println!(
                "usage: tantivy-peer --corpus PATH.jsonl [--query Q]... [--iterations N] \
                 [--warmup N] [--top-k K] [--max-seconds S] [--threads N] [--heap-mb M]"
            );
            std::process::exit(0);
        }
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        let number = || -> anyhow::Result<usize> {
            value
                .parse()
                .with_context(|| format!("{flag}: `{value}` is not a whole number"))
        };
        match flag.as_str() {
            "--corpus" => args.corpus = value.clone(),
            "--query" => args.queries.push(value.clone()),
            "--iterations" => args.iterations = number()?.max(1),
            "--warmup" => args.warmup = number()?,
            "--top-k" => args.top_k = number()?.max(1),
            "--threads" => args.threads = Some(number()?.max(1)),
            "--heap-mb" => args.heap_mb = number()?.max(16),
            "--max-seconds" => {
                args.max_seconds = value
                    .parse()
                    .with_context(|| format!("--max-seconds: `{value}` is not a number"))?;
            }
            other => bail!("unknown option {other} (see --help)"),
        }
    }
    if args.corpus.is_empty() {
        bail!("--corpus PATH.jsonl is required (see --help)");
    }
    if args.queries.is_empty() {
        args.queries = QUERIES.iter().map(|q| (*q).to_owned()).collect();
    }
    Ok(args)
}

/// A field of `/proc/self/status` in KiB (`VmRSS`, `VmHWM`).
fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// The `q`-quantile (0 to 1) of sorted latencies, in milliseconds (nearest rank).
fn quantile_ms(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

fn percentiles(latencies: &mut [Duration]) -> Value {
    latencies.sort_unstable();
    let total: Duration = latencies.iter().sum();
    json!({
        "iterations": latencies.len(),
        "p50_ms": quantile_ms(latencies, 0.50),
        "p90_ms": quantile_ms(latencies, 0.90),
        "p99_ms": quantile_ms(latencies, 0.99),
        "max_ms": quantile_ms(latencies, 1.0),
        "mean_ms": total.as_secs_f64() * 1000.0 / latencies.len().max(1) as f64,
    })
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;

    let mut schema = Schema::builder();
    let text_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let name = schema.add_text_field("name", STRING | STORED);
    let title = schema.add_text_field("title", text_options.clone() | STORED);
    let text = schema.add_text_field("text", text_options);
    let index = Index::create_in_ram(schema.build());
    let Some(stop_words) = StopWordFilter::new(Language::English) else {
        bail!("tantivy has no English stop words (the `stopwords` feature)");
    };
    index.tokenizers().register(
        ANALYZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(stop_words)
            .filter(Stemmer::new(Language::English))
            .build(),
    );

    // Reading is timed apart from indexing.
    let read_start = Instant::now();
    let file =
        std::fs::File::open(&args.corpus).with_context(|| format!("opening {}", args.corpus))?;
    let mut records = Vec::new();
    let mut text_bytes = 0usize;
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", args.corpus))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value = serde_json::from_str(&line)
            .with_context(|| format!("{} line {}: not JSON", args.corpus, number + 1))?;
        let field = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or_default();
        let id = match record.get("name").or_else(|| record.get("id")) {
            Some(Value::String(id)) => id.clone(),
            Some(other) => other.to_string(),
            None => bail!("{} line {}: no `name` or `id`", args.corpus, number + 1),
        };
        text_bytes += field("text").len();
        records.push((id, field("title").to_owned(), field("text").to_owned()));
    }
    let read_s = read_start.elapsed().as_secs_f64();

    let index_start = Instant::now();
    let heap = args.heap_mb << 20;
    let mut writer: IndexWriter = match args.threads {
        Some(threads) => index.writer_with_num_threads(threads, heap)?,
        None => index.writer(heap)?,
    };
    let documents = records.len();
    for (id, title_value, text_value) in records {
        let mut document = TantivyDocument::default();
        document.add_text(name, id);
        document.add_text(title, title_value);
        document.add_text(text, text_value);
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let index_s = index_start.elapsed().as_secs_f64();

    let reader = index.reader()?;
    let searcher = reader.searcher();
    let segments = searcher.segment_readers().len();
    let parser = QueryParser::for_index(&index, vec![title, text]);

    let mut per_query = Vec::new();
    let mut all = Vec::new();
    let top_k = TopDocs::with_limit(args.top_k).order_by_score();
    for query_text in &args.queries {
        let query = parser
            .parse_query(query_text)
            .with_context(|| format!("parsing the query {query_text:?}"))?;
        let matches = searcher.search(&query, &Count)?;
        let search = || -> anyhow::Result<Vec<(String, String)>> {
            let hits = searcher.search(&query, &top_k)?;
            let mut found = Vec::with_capacity(hits.len());
            for (_score, address) in hits {
                let document: TantivyDocument = searcher.doc(address)?;
                let get = |field| {
                    document
                        .get_first(field)
                        .and_then(|value| value.as_str())
                        .unwrap_or_default()
                        .to_owned()
                };
                found.push((get(name), get(title)));
            }
            Ok(found)
        };
        for _ in 0..args.warmup {
            std::hint::black_box(search()?);
        }
        let mut latencies = Vec::with_capacity(args.iterations);
        let budget = Duration::from_secs_f64(args.max_seconds.max(0.0));
        let started = Instant::now();
        let mut top = Vec::new();
        for _ in 0..args.iterations {
            let start = Instant::now();
            top = std::hint::black_box(search()?);
            latencies.push(start.elapsed());
            if started.elapsed() > budget {
                break;
            }
        }
        all.extend_from_slice(&latencies);
        let mut figures = percentiles(&mut latencies);
        figures["query"] = json!(query_text);
        figures["matches"] = json!(matches);
        figures["top"] = json!(top.iter().take(3).map(|(n, _)| n).collect::<Vec<_>>());
        per_query.push(figures);
    }

    let report = json!({
        "engine": "tantivy",
        "corpus": args.corpus,
        "documents": documents,
        "text_bytes": text_bytes,
        "read_s": read_s,
        "index_s": index_s,
        "segments": segments,
        "top_k": args.top_k,
        "rss_kib": proc_status_kib("VmRSS"),
        "peak_rss_kib": proc_status_kib("VmHWM"),
        "search": percentiles(&mut all),
        "queries": per_query,
    });
    println!("{report}");
    Ok(())
}
