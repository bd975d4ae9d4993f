//! `lede`: the lede NLP crates on local files, standard input and JSON-line streams.
//!
//! Each command reads a file (or standard input when the path is missing or `-`) and writes a
//! human-readable listing, one JSON document (`--json`), or, with `--jsonl`, treats every input
//! line as a JSON object with a `text` field (and optionally `id`) and writes one JSON line per
//! input line carrying the same `id`.
//!
//! `lede import` stores documents in a data directory (`lede-store`), which `lede corpus
//! stats|list|search` read.
//!
//! Exit codes follow `sysexits.h`: 0 success, 2 bad command line (clap), 65 bad input data,
//! 66 input file cannot be opened, 74 I/O error, 75 data directory in use (try again later).

mod commands;
mod input;
mod keywords;
mod output;
mod store;
mod stories;
mod summarize;
mod trends;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use lede_stem::Language;

use crate::input::{CliError, Source};

/// The lede command line: tokens, sentences, stems, keyphrases and summaries of news text.
#[derive(Debug, Parser)]
#[command(name = "lede", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 ok, 2 usage, 65 bad input data, 66 cannot open input, 74 I/O error, \
                  75 data directory in use."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Word tokens with their kind and byte span.
    Tokens {
        #[command(flatten)]
        io: IoArgs,
        /// Also print each word's normalised form (case-folded, NFKC, quotes and dashes folded).
        #[arg(long)]
        normalize: bool,
        /// Also print each word's stem (implies normalisation before stemming).
        #[arg(long)]
        stem: bool,
        /// Language of the stemmer: ISO 639-1 code or English name.
        #[arg(long, short, default_value = "en", value_parser = parse_language)]
        language: Language,
    },
    /// Sentences with their byte span.
    Sentences {
        #[command(flatten)]
        io: IoArgs,
    },
    /// The stem of each word (stop words left out unless --keep-stop-words).
    Stem {
        #[command(flatten)]
        io: IoArgs,
        /// Language of the stemmer and stop words: ISO 639-1 code or English name.
        #[arg(long, short, default_value = "en", value_parser = parse_language)]
        language: Language,
        /// Keep the language's stop words (marked as such in JSON output).
        #[arg(long)]
        keep_stop_words: bool,
    },
    /// Ranked keyphrases with score, count and byte spans.
    ///
    /// The whole input is one document, ranked against itself and the shipped background
    /// table of news document frequencies. With --jsonl, all input lines together are the
    /// corpus and each line gets its own keyphrases:
    /// `{"id":…,"keywords":[{"text":…,"score":…,"count":…,"spans":[[s,e],…]},…]}`.
    #[command(
        after_help = "The background table is English only: with another --language, \
                      keyphrases are ranked against the input alone."
    )]
    Keywords {
        #[command(flatten)]
        io: IoArgs,
        /// How many keyphrases to write per document.
        #[arg(long, short = 'k', default_value_t = 10)]
        top_k: usize,
        /// Language of analysis: ISO 639-1 code or English name. The background table is
        /// English only; other languages rank against the input alone.
        #[arg(long, short, default_value = "en", value_parser = parse_language)]
        language: Language,
        /// Rank against the input alone, without the background table.
        #[arg(long)]
        no_background: bool,
    },
    /// An extractive summary: the most central sentences, lead-weighted, without redundancy.
    ///
    /// One file (or standard input) is one document; several files make one summary of all
    /// of them, each sentence attributed to its file. Headlines and sub-headings (lines
    /// without final punctuation) are never chosen. With --jsonl, each line is summarised on
    /// its own: `{"id":…,"text":…}` or `{"id":…,"documents":[…]}`, optional `"query"`; output
    /// `{"id":…,"summary":[…],"sentences":[{"text","score","rank","span":[s,e],"document"},…]}`.
    Summarize(summarize::SummarizeArgs),
    /// Store documents in the data directory, all in one transaction.
    ///
    /// Every input is read and checked first; then all documents are stored together, or
    /// none: a name that is already stored imports nothing (exit 65) unless --skip-existing.
    /// A progress line is shown when standard error is a terminal, and a summary always.
    Import(store::ImportArgs),
    /// The stored corpus: statistics, listing, search.
    #[command(subcommand)]
    Corpus(store::CorpusCommand),
    /// The stored corpus's stories (documents clustered as the server clusters them): id,
    /// size, title and keyphrases, most recent first.
    Stories(stories::StoriesArgs),
    /// The terms rising most in a time window of the stored corpus (Dunning's G² against the
    /// earlier documents and the background): written form, score, window and earlier
    /// document counts.
    Trends(trends::TrendsArgs),
}

/// Where input comes from and how output is written; shared by the single-file commands.
#[derive(Debug, Args)]
struct IoArgs {
    /// Input file; standard input when missing or `-`.
    file: Option<PathBuf>,
    #[command(flatten)]
    format: FormatArgs,
}

/// The output format and the JSON-lines error policy; shared by every command.
#[derive(Debug, Args)]
struct FormatArgs {
    /// Write one JSON document instead of the human-readable listing.
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,
    /// Read JSON lines (`{"id": …, "text": …}`) and write one JSON line per input line.
    #[arg(long)]
    jsonl: bool,
    /// With --jsonl: report a bad line (on stderr and as `{"line": N, "error": …}` on stdout)
    /// and go on, instead of stopping at it. The exit code is still 65 if any line was bad.
    #[arg(long, requires = "jsonl")]
    keep_going: bool,
}

fn parse_language(name: &str) -> Result<Language, String> {
    name.parse()
        .map_err(|error: lede_stem::Error| error.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`lede tokens big.txt | head`) is the reader's choice, not a failure.
        Err(CliError::Io(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "lede: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Tokens {
            io,
            normalize,
            stem,
            language,
        } => {
            let command = commands::Tokens::new(normalize, stem, language);
            drive(&io, &command, &mut out)
        }
        Command::Sentences { io } => drive(&io, &commands::Sentences, &mut out),
        Command::Stem {
            io,
            language,
            keep_stop_words,
        } => drive(
            &io,
            &commands::Stem::new(language, keep_stop_words),
            &mut out,
        ),
        Command::Keywords {
            io,
            top_k,
            language,
            no_background,
        } => keywords::Keywords {
            top_k,
            language,
            background: !no_background,
        }
        .run(&io, &mut out),
        Command::Summarize(args) => args.run(&mut out),
        Command::Import(args) => args.run(),
        Command::Corpus(command) => command.run(&mut out),
        Command::Stories(args) => args.run(&mut out),
        Command::Trends(args) => args.run(&mut out),
    };
    // Flush even after a bad line so that everything already processed reaches the reader.
    let flushed = out.flush().map_err(CliError::Io);
    result.and(flushed)
}

fn drive(
    io: &IoArgs,
    command: &impl commands::Command,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let source = Source::open(io.file.as_deref())?;
    if io.format.jsonl {
        output::jsonl(source, command, io.format.keep_going, out)
    } else {
        let text = source.read_to_string()?;
        if io.format.json {
            output::json_document(&text, command, out)
        } else {
            command.write_human(&text, out).map_err(CliError::Io)
        }
    }
}
