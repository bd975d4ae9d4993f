//! `lede import` and `lede corpus stats|list|search`: the durable corpus of a data directory
//! (`lede-store`).
//!
//! * `import` reads every input first (directories of `.txt`/`.md` files, `.jsonl` files,
//!   single `.txt`/`.md` files), then stores all of it in one transaction: a taken name
//!   stores nothing, unless `--skip-existing` skips the documents whose names are taken.
//! * `corpus list` pages through the store without loading any text; `corpus stats` and
//!   `corpus search` load the documents into a [`Corpus`] (one at a time, in name order) and
//!   ask it. They open the store read-only, so they run beside a server that writes it.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use lede_corpus::{
    Corpus, Document, DocumentLimits, Filter, JsonlFields, Reanalysis, documents_from_dir,
    documents_from_jsonl,
};
use lede_store::Store;
use serde_derive::Serialize;

use crate::input::CliError;

/// Where the store lives; shared by every command of this module.
#[derive(Debug, Args)]
pub(crate) struct DataDirArg {
    /// The data directory of the store [default: $XDG_DATA_HOME/lede, else
    /// ~/.local/share/lede].
    #[arg(long, value_name = "DIR", env = "LEDE_DATA_DIR")]
    data_dir: Option<PathBuf>,
}

impl DataDirArg {
    fn dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(lede_store::default_dir)
    }
}

/// The arguments of `lede import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Directories (their `.txt` and `.md` files), `.jsonl` files (one JSON object a line,
    /// named by `name` or else `id`, with `text` and optional `title`, `source`, `date`), or
    /// single `.txt`/`.md` files (named by their file stem).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    data_dir: DataDirArg,
    /// Skip the documents whose names are already stored (or repeat an earlier document of
    /// this import) instead of importing nothing.
    #[arg(long)]
    skip_existing: bool,
    /// Import into this PostgreSQL store (`postgres://user:password@host:port/database`, as
    /// lede-server's `--store`) instead of a data directory: in writes of 1,000 documents,
    /// each applied by the servers that follow the store as soon as it commits (a failure
    /// leaves the writes before it stored).
    #[arg(
        long,
        value_name = "URL",
        env = "LEDE_STORE",
        conflicts_with = "skip_existing"
    )]
    store: Option<String>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// The document limits of `lede import`: the server's flags and environment variables,
/// with its defaults (`lede_corpus::DocumentLimits`), so that whatever is imported the
/// server would have accepted, and can send back to a default client.
#[derive(Debug, Args)]
pub(crate) struct LimitArgs {
    /// The longest document text, in bytes.
    #[arg(long, env = "LEDE_MAX_TEXT_BYTES", default_value_t = DocumentLimits::default().max_text_bytes)]
    max_text_bytes: usize,
    /// The longest title, in bytes.
    #[arg(long, env = "LEDE_MAX_TITLE_BYTES", default_value_t = DocumentLimits::default().max_title_bytes)]
    max_title_bytes: usize,
    /// The longest source, in bytes.
    #[arg(long, env = "LEDE_MAX_SOURCE_BYTES", default_value_t = DocumentLimits::default().max_source_bytes)]
    max_source_bytes: usize,
    /// The most bytes of a document's fields together.
    #[arg(long, env = "LEDE_MAX_DOCUMENT_BYTES", default_value_t = DocumentLimits::default().max_document_bytes)]
    max_document_bytes: usize,
}

impl LimitArgs {
    fn limits(&self) -> DocumentLimits {
        let mut limits = DocumentLimits::default();
        limits.max_text_bytes = self.max_text_bytes;
        limits.max_title_bytes = self.max_title_bytes;
        limits.max_source_bytes = self.max_source_bytes;
        limits.max_document_bytes = self.max_document_bytes;
        limits
    }
}

/// `lede corpus …`.
#[derive(Debug, Subcommand)]
pub(crate) enum CorpusCommand {
    /// Documents, vocabulary size, total terms and the corpus's top terms.
    Stats {
        #[command(flatten)]
        data_dir: DataDirArg,
        /// How many top terms to show.
        #[arg(long, short = 'k', default_value_t = 10)]
        top_k: usize,
        /// Only the documents that pass this filter (AIP-160 subset, as the server's
        /// `filter`): e.g. `source = "Reuters" AND publish_time >= "1987-03-01"`.
        #[arg(long)]
        filter: Option<String>,
        /// Write one JSON document instead of the human-readable listing.
        #[arg(long)]
        json: bool,
    },
    /// Every stored document's name, title and date, in name order.
    List {
        #[command(flatten)]
        data_dir: DataDirArg,
        /// Only the documents that pass this filter (AIP-160 subset, as the server's
        /// `filter`): e.g. `source = "Reuters" AND publish_time >= "1987-03-01"`.
        #[arg(long)]
        filter: Option<String>,
        /// Write one JSON document instead of one tab-separated line per document.
        #[arg(long)]
        json: bool,
    },
    /// The documents that best match a query (BM25), each with its best sentence.
    Search {
        /// The query: words, matched after stemming and stop-word removal.
        query: String,
        #[command(flatten)]
        data_dir: DataDirArg,
        /// How many hits to show.
        #[arg(long, short = 'k', default_value_t = 10)]
        top_k: usize,
        /// Only the documents that pass this filter (AIP-160 subset, as the server's
        /// `filter`): e.g. `source = "Reuters" AND publish_time >= "1987-03-01"`.
        #[arg(long)]
        filter: Option<String>,
        /// Write one JSON document instead of the human-readable listing.
        #[arg(long)]
        json: bool,
    },
}

/// How many documents are stored between two progress updates.
const CHUNK: usize = 1_000;

impl ImportArgs {
    /// Reads every input, then stores it all in one transaction; reports on standard error.
    pub(crate) fn run(&self) -> Result<(), CliError> {
        let start = Instant::now();
        let dir = self.data_dir.dir();
        let limits = self.limits.limits();
        let documents = read_inputs(&self.paths, self.skip_existing, &limits)?;
        let total = documents.len();
        let bytes: usize = documents.iter().map(|document| document.text.len()).sum();
        if let Some(url) = &self.store {
            return import_shared(url, documents, &limits, start, bytes);
        }

        let mut store = Store::open(&dir, &[])?;
        let mut progress = Progress::new(total, start);
        let mut transaction = store.transaction()?;
        let mut imported = 0;
        let mut done_bytes = 0;
        // Each document is stored with its analysis (what the server's corpus would compute,
        // English), so that loading the store does not analyse it again.
        let mut corpus = Corpus::new();
        corpus.set_document_limits(limits);
        let mut documents = documents.into_iter();
        for index in 0.. {
            let chunk: Vec<Document> = documents.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let chunk = corpus.prepare_for_storage(chunk)?;
            if self.skip_existing {
                imported += transaction.insert_new(&chunk)?;
            } else {
                transaction.insert(&chunk).map_err(|error| match error {
                    lede_store::Error::AlreadyExists { name, .. } => CliError::Taken {
                        name,
                        dir: dir.clone(),
                    },
                    other => other.into(),
                })?;
                imported += chunk.len();
            }
            done_bytes += chunk
                .iter()
                .map(|(document, _)| document.text.len())
                .sum::<usize>();
            progress.update(index * CHUNK + chunk.len(), done_bytes);
        }
        transaction.commit()?;
        progress.finish();

        let elapsed = start.elapsed();
        // The rate counts every document read and checked, stored or skipped: that is the
        // work done.
        let summary = if self.skip_existing {
            format!(
                "imported {} documents into {} in {}: {} documents/s; skipped {} already \
                 stored (of {} read, {} of text)",
                thousands(imported),
                dir.display(),
                seconds(elapsed),
                thousands(rate(total, elapsed)),
                thousands(total - imported),
                thousands(total),
                megabytes(bytes),
            )
        } else {
            format!(
                "imported {} documents ({} of text) into {} in {}: {} documents/s",
                thousands(imported),
                megabytes(bytes),
                dir.display(),
                seconds(elapsed),
                thousands(rate(total, elapsed)),
            )
        };
        let _ = writeln!(io::stderr(), "{summary}");
        Ok(())
    }
}

/// `lede import --store`: `documents` into a PostgreSQL store, a write per chunk.
#[cfg(feature = "postgres")]
fn import_shared(
    url: &str,
    documents: Vec<Document>,
    limits: &DocumentLimits,
    start: Instant,
    bytes: usize,
) -> Result<(), CliError> {
    use lede_store::Backend as _;
    let store = lede_store::PgStore::open(url, &[], lede_store::PgOptions::default())?;
    let location = store.location();
    let total = documents.len();
    let mut progress = Progress::new(total, start);
    let mut corpus = Corpus::new();
    corpus.set_document_limits(*limits);
    let (mut imported, mut done_bytes, mut last) = (0, 0, 0);
    let mut documents = documents.into_iter();
    loop {
        let chunk: Vec<Document> = documents.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let chunk = corpus.prepare_for_storage(chunk)?;
        let rows: Vec<_> = chunk.iter().map(|(d, a)| (d, Some(a))).collect();
        last = store.insert(&rows).map_err(|error| match error {
            lede_store::Error::AlreadyExists { name, .. } => CliError::TakenShared {
                name,
                location: location.clone(),
                imported,
            },
            other => other.into(),
        })?;
        imported += chunk.len();
        done_bytes += chunk.iter().map(|(d, _)| d.text.len()).sum::<usize>();
        progress.update(imported, done_bytes);
    }
    progress.finish();
    let elapsed = start.elapsed();
    let _ = writeln!(
        io::stderr(),
        "imported {} documents ({} of text) into {location} in {}: {} documents/s; the last \
         write is sequence {last}",
        thousands(imported),
        megabytes(bytes),
        seconds(elapsed),
        thousands(rate(total, elapsed)),
    );
    Ok(())
}

#[cfg(not(feature = "postgres"))]
fn import_shared(
    _url: &str,
    _documents: Vec<Document>,
    _limits: &DocumentLimits,
    _start: Instant,
    _bytes: usize,
) -> Result<(), CliError> {
    Err(CliError::Io(io::Error::other(
        "--store needs a lede built with the `postgres` feature (on by default)",
    )))
}

/// The documents of every input path, in the order given, each within `limits` (checked
/// before the store is opened, so that a refused import touches nothing); a name repeated
/// across inputs is an error unless `skip_repeats` (the store then keeps the first).
fn read_inputs(
    paths: &[PathBuf],
    skip_repeats: bool,
    limits: &DocumentLimits,
) -> Result<Vec<Document>, CliError> {
    let mut documents = Vec::new();
    let mut origin: HashMap<String, usize> = HashMap::new();
    for (index, path) in paths.iter().enumerate() {
        for document in read_input(path)? {
            if let Err(violations) = limits.check(&document) {
                return Err(CliError::Refused {
                    path: path.clone(),
                    // A name may be what is too long: 64 characters say which it is.
                    name: match document.name.char_indices().nth(64) {
                        Some((end, _)) => format!("{}…", &document.name[..end]),
                        None => document.name,
                    },
                    violations: violations
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                });
            }
            if let Some(&first) = origin.get(&document.name) {
                if skip_repeats {
                    continue;
                }
                return Err(CliError::Repeated {
                    name: document.name,
                    first: paths[first].clone(),
                    second: path.clone(),
                });
            }
            origin.insert(document.name.clone(), index);
            documents.push(document);
        }
    }
    Ok(documents)
}

/// The documents of one input path: a directory, a `.jsonl` file or a `.txt`/`.md` file.
fn read_input(path: &Path) -> Result<Vec<Document>, CliError> {
    let metadata = std::fs::metadata(path).map_err(|source| CliError::Open {
        path: path.to_owned(),
        source,
    })?;
    if metadata.is_dir() {
        return Ok(documents_from_dir(path)?);
    }
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("jsonl") => Ok(documents_from_jsonl(path, &JsonlFields::default())?),
        Some("txt" | "md") => {
            let bytes = std::fs::read(path).map_err(|source| CliError::Open {
                path: path.to_owned(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|error| CliError::NotUtf8 {
                source_name: path.display().to_string(),
                offset: error.utf8_error().valid_up_to(),
            })?;
            let text = text
                .strip_prefix('\u{feff}')
                .map(str::to_owned)
                .unwrap_or(text);
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default();
            Ok(vec![Document::new(name, text).with_headline_title()])
        }
        _ => Err(CliError::UnknownInput {
            path: path.to_owned(),
        }),
    }
}

/// A progress line on standard error, redrawn in place; only when standard error is a
/// terminal (a log file would get a line per update).
struct Progress {
    total: usize,
    start: Instant,
    shown: bool,
    enabled: bool,
}

impl Progress {
    fn new(total: usize, start: Instant) -> Self {
        Self {
            total,
            start,
            shown: false,
            enabled: io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, done: usize, bytes: usize) {
        if !self.enabled {
            return;
        }
        let elapsed = self.start.elapsed();
        // `\x1b[K` clears what a longer previous line left on the right.
        let _ = write!(
            io::stderr(),
            "\rimporting {}/{} documents, {}, {} documents/s\x1b[K",
            thousands(done),
            thousands(self.total),
            megabytes(bytes),
            thousands(rate(done, elapsed)),
        );
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            let _ = write!(io::stderr(), "\r\x1b[K");
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    /// Leaves the terminal's line clean when an error ends the import mid-way.
    fn drop(&mut self) {
        self.finish();
    }
}

/// `count` per second over `elapsed`.
fn rate(count: usize, elapsed: Duration) -> usize {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 {
        // A float-to-int `as` saturates, which is what a rate display wants.
        (count as f64 / seconds).round() as usize
    } else {
        count
    }
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Bytes as decimal megabytes (`17.8 MB`), or kilobytes below 0.1 MB (`12.3 kB`), which
/// would show as `0.0 MB`.
fn megabytes(bytes: usize) -> String {
    if bytes < 100_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

/// A duration as `1.23 s`.
fn seconds(elapsed: Duration) -> String {
    format!("{:.2} s", elapsed.as_secs_f64())
}

/// The stored documents with their stored analyses, loaded into an English corpus in name
/// order ([`Corpus::load`]).
///
/// The store is opened read-only (a server may be writing it), so a document whose stored
/// analysis is missing, stale or invalid is analysed for this run only, with a note on
/// standard error; a server started on the directory stores the analysis.
pub(crate) fn load_corpus(data_dir: &DataDirArg) -> Result<Corpus, CliError> {
    let dir = data_dir.dir();
    let store = Store::open_read_only(&dir)?;
    let mut corpus = Corpus::new();
    let report = corpus.load(|each| -> Result<(), CliError> {
        store.for_each_analysed(each)?;
        Ok(())
    })?;
    let mut outdated = 0;
    for redone in &report.reanalysed {
        match &redone.reason {
            Reanalysis::Invalid(error) => {
                let _ = writeln!(io::stderr(), "lede: warning: {error}: analysed it again");
            }
            _ => outdated += 1,
        }
    }
    if outdated > 0 {
        let _ = writeln!(
            io::stderr(),
            "lede: note: {} of {} documents of {} have no stored analysis of this version and \
             were analysed (slower); start lede-server on it once to store their analysis",
            thousands(outdated),
            thousands(report.documents),
            dir.display(),
        );
    }
    Ok(corpus)
}

impl CorpusCommand {
    /// Runs the command, writing to `out`.
    pub(crate) fn run(&self, out: &mut impl Write) -> Result<(), CliError> {
        match self {
            Self::Stats {
                data_dir,
                top_k,
                filter,
                json,
            } => stats(data_dir, *top_k, &parse_filter(filter)?, *json, out),
            Self::List {
                data_dir,
                filter,
                json,
            } => list(data_dir, &parse_filter(filter)?, *json, out),
            Self::Search {
                query,
                data_dir,
                top_k,
                filter,
                json,
            } => search(data_dir, query, *top_k, &parse_filter(filter)?, *json, out),
        }
    }
}

/// The filter of `--filter` (every document without one).
pub(crate) fn parse_filter(filter: &Option<String>) -> Result<Filter, CliError> {
    let Some(text) = filter else {
        return Ok(Filter::all());
    };
    Filter::parse(text).map_err(|error| CliError::Filter {
        filter: text.clone(),
        error,
    })
}

#[derive(Serialize)]
struct StatsJson<'a> {
    documents: usize,
    vocabulary: usize,
    terms: u64,
    top_terms: Vec<TopTermJson<'a>>,
}

#[derive(Serialize)]
struct TopTermJson<'a> {
    /// The stemmed term.
    term: &'a str,
    /// Its most frequent written form.
    text: &'a str,
    score: f64,
    documents: u64,
    occurrences: u64,
}

fn stats(
    data_dir: &DataDirArg,
    top_k: usize,
    filter: &Filter,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let corpus = load_corpus(data_dir)?;
    let (documents, vocabulary, terms, top) = if filter.is_all() {
        let stats = corpus.stats();
        (
            corpus.len(),
            stats.live_terms(),
            stats.total_length(),
            corpus.top_terms(top_k)?,
        )
    } else {
        let subset = corpus.stats_where(filter, top_k)?;
        (
            subset.documents,
            subset.vocabulary,
            subset.total_terms,
            subset.top_terms,
        )
    };
    if json {
        let document = StatsJson {
            documents,
            vocabulary,
            terms,
            top_terms: top
                .iter()
                .map(|term| TopTermJson {
                    term: term.term,
                    text: term.text,
                    score: term.score,
                    documents: term.document_frequency,
                    occurrences: term.occurrences,
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &document).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "documents\t{documents}")?;
    writeln!(out, "vocabulary\t{vocabulary}")?;
    writeln!(out, "terms\t{terms}")?;
    if !top.is_empty() {
        writeln!(out, "\nterm\tscore\tdocuments\toccurrences")?;
    }
    for term in &top {
        writeln!(
            out,
            "{}\t{:.4}\t{}\t{}",
            term.text, term.score, term.document_frequency, term.occurrences
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ListedJson<'a> {
    name: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
}

/// How many documents a page of `corpus list` reads at once.
const PAGE: usize = 1_000;

fn list(
    data_dir: &DataDirArg,
    filter: &Filter,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let store = Store::open_read_only(data_dir.dir())?;
    // JSON is written as it is read, so a large store never sits in memory.
    if json {
        write!(out, "{{\"documents\":[")?;
    }
    let mut after: Option<String> = None;
    let mut first = true;
    loop {
        let page = store.list(after.as_deref(), PAGE)?;
        for document in page.iter().filter(|document| filter.matches(document)) {
            if json {
                if !first {
                    write!(out, ",")?;
                }
                let listed = ListedJson {
                    name: &document.name,
                    title: document.title.as_deref(),
                    date: document.date.as_deref(),
                    source: document.source.as_deref(),
                };
                serde_json::to_writer(&mut *out, &listed).map_err(io::Error::from)?;
            } else {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    document.name,
                    one_line(document.title.as_deref().unwrap_or("")),
                    one_line(document.date.as_deref().unwrap_or("")),
                )?;
            }
            first = false;
        }
        if page.len() < PAGE {
            break;
        }
        after = page.last().map(|document| document.name.clone());
    }
    if json {
        writeln!(out, "]}}")?;
    }
    Ok(())
}

/// `text` on one line, tabs and line breaks as spaces, so that each record stays one line
/// of tab-separated columns.
fn one_line(text: &str) -> String {
    text.split(['\t', '\n', '\r'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    hits: Vec<HitJson<'a>>,
}

#[derive(Serialize)]
struct HitJson<'a> {
    name: &'a str,
    title: Option<&'a str>,
    score: f64,
    /// The best sentence.
    snippet: &'a str,
    /// Byte spans of the matched words in `snippet`.
    highlights: Vec<[usize; 2]>,
}

fn search(
    data_dir: &DataDirArg,
    query: &str,
    top_k: usize,
    filter: &Filter,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let corpus = load_corpus(data_dir)?;
    let hits = corpus.search_page_where(query, 0, top_k, filter)?.hits;
    if json {
        let document = SearchJson {
            query,
            hits: hits
                .iter()
                .map(|hit| HitJson {
                    name: hit.name,
                    title: hit.title,
                    score: hit.score,
                    snippet: hit.snippet.text,
                    highlights: hit
                        .snippet
                        .highlights
                        .iter()
                        .map(|span| [span.start, span.end])
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &document).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    for hit in &hits {
        writeln!(
            out,
            "{:.4}\t{}\t{}",
            hit.score,
            hit.name,
            one_line(hit.title.unwrap_or(""))
        )?;
        // The snippet with its matched words in [brackets].
        let text = hit.snippet.text;
        let mut marked = String::with_capacity(text.len() + 8);
        let mut at = 0;
        for span in &hit.snippet.highlights {
            // Highlights are sorted, disjoint and on char boundaries; `get` keeps a broken
            // promise from becoming a panic.
            let (Some(before), Some(word)) = (text.get(at..span.start), text.get(span.range()))
            else {
                continue;
            };
            marked.push_str(before);
            marked.push('[');
            marked.push_str(word);
            marked.push(']');
            at = span.end;
        }
        marked.push_str(text.get(at..).unwrap_or_default());
        writeln!(out, "\t{}", one_line(&marked))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(21_578), "21,578");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(megabytes(17_830_000), "17.8 MB");
        assert_eq!(megabytes(12_345), "12.3 kB");
        assert_eq!(seconds(Duration::from_millis(1_234)), "1.23 s");
        assert_eq!(rate(10, Duration::from_millis(500)), 20);
        assert_eq!(one_line("a\tb\r\nc"), "a b c");
    }
}
