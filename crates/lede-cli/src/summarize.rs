//! `lede summarize`: extractive summaries of a document, of several files together, or of
//! every line of a JSON-lines stream.
//!
//! * One file (or standard input): its summary, one sentence a line with its score.
//! * Several files: one summary of all of them, each sentence attributed to its file (with
//!   `--json`, `"documents"` lists the file names that `"document"` indexes).
//! * `--jsonl`: every line is summarised on its own. A line with `text` is one document; a
//!   line with `documents` (an array of strings, or of objects with a `text`) is a set of
//!   documents summarised together; an optional `query` focuses either. One output line per
//!   input line: `{"id":…,"summary":["…",…],"sentences":[{"text","score","rank","span":[s,e],
//!   "document":i},…]}`. Bad lines stop the run, or with `--keep-going` are reported as
//!   `{"line":N,"error":…}` and the run exits 65 at the end, as the other commands do.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use lede_corpus::{Budget, Model, Order, Summary, SummaryRequest, summarize_texts};
use lede_stem::Language;
use serde_derive::Serialize;
use serde_json::Value;

use crate::FormatArgs;
use crate::input::{CliError, LineError, Source, json_type, parse_object};
use crate::output::{BadLines, is_blank, write_json_line};

/// The arguments of `lede summarize`.
#[derive(Debug, Args)]
pub(crate) struct SummarizeArgs {
    /// Input files; standard input when none or `-`. Several files make one summary of all
    /// of them (with --jsonl: their lines are read one file after the other).
    files: Vec<PathBuf>,
    /// At most N sentences (the default, with N = 3).
    #[arg(long, short = 'n', value_name = "N", value_parser = clap::value_parser!(u64).range(1..),
          conflicts_with_all = ["words", "ratio"])]
    sentences: Option<u64>,
    /// At most N words (white-space separated); a longer best sentence is given alone.
    #[arg(long, short = 'w', value_name = "N", value_parser = clap::value_parser!(u64).range(1..),
          conflicts_with = "ratio")]
    words: Option<u64>,
    /// This share of the document's words, in (0, 1].
    #[arg(long, short = 'r', value_name = "R", value_parser = parse_ratio)]
    ratio: Option<f64>,
    /// Focus the summary on sentences that share terms with this query.
    #[arg(long, short = 'q')]
    query: Option<String>,
    /// Order of the sentences: document (reading order) or score (best first).
    #[arg(long, value_enum, default_value_t = OrderArg::Document)]
    order: OrderArg,
    /// Language of analysis: ISO 639-1 code or English name. The background table of news
    /// document frequencies is English only.
    #[arg(long, short, default_value = "en", value_parser = crate::parse_language)]
    language: Language,
    /// λ of maximal marginal relevance, in [0, 1]: lower values discount redundancy more
    /// (default 0.85 for one document, 0.4 for several).
    #[arg(long, value_name = "LAMBDA", value_parser = parse_lambda)]
    mmr_lambda: Option<f64>,
    /// Which priors the scores carry: lead (news, lead first), centrality (the most central
    /// sentences, lightly lead-weighted: for text that is not news or long abridgements) or
    /// auto (lead for one document, centrality for several or with a query).
    #[arg(long, value_enum, default_value_t = ModelArg::Auto)]
    model: ModelArg,
    /// γ of the lead prior 1 + γ / (1 + i) of a document's i-th sentence (default: the
    /// model's, 20 or 0.1); 0 turns it off.
    #[arg(long, value_name = "GAMMA", value_parser = parse_weight)]
    lead_weight: Option<f64>,
    /// ρ of the length prior (words / mean words)^(−ρ) (default: the model's, 0.5 or 0); 0
    /// turns it off.
    #[arg(long, value_name = "RHO", value_parser = parse_weight)]
    length_weight: Option<f64>,
    /// Weight terms by the input alone, without the background table.
    #[arg(long)]
    no_background: bool,
    #[command(flatten)]
    format: FormatArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ModelArg {
    /// Lead for one document without a query, centrality otherwise.
    Auto,
    /// News: the lead first, shorter sentences preferred.
    Lead,
    /// The most central sentences, lightly lead-weighted.
    Centrality,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OrderArg {
    /// Reading order.
    Document,
    /// Best first.
    Score,
}

/// `value` as a number that `check` accepts: the library's rule for the option, so the
/// command line refuses what the library would.
fn parse_option(value: &str, check: impl FnOnce(f64) -> SummaryRequest) -> Result<f64, String> {
    let number: f64 = value.parse().map_err(|error| format!("{error}"))?;
    match check(number).validate() {
        Ok(()) => Ok(number),
        Err(lede_corpus::Error::InvalidOptions { violations, .. }) => Err(violations
            .iter()
            .map(|violation| violation.description.replace("must be", "expected"))
            .collect::<Vec<_>>()
            .join("; ")),
        Err(other) => Err(other.to_string()),
    }
}

fn parse_ratio(value: &str) -> Result<f64, String> {
    parse_option(value, |ratio| {
        SummaryRequest::default().with_budget(Budget::Ratio(ratio))
    })
}

fn parse_weight(value: &str) -> Result<f64, String> {
    parse_option(value, |weight| {
        SummaryRequest::default().with_lead_weight(Some(weight))
    })
}

fn parse_lambda(value: &str) -> Result<f64, String> {
    parse_option(value, |lambda| {
        SummaryRequest::default().with_mmr_lambda(Some(lambda))
    })
}

/// One input of a JSON-lines stream: its id, documents and query.
#[derive(Debug, PartialEq)]
struct Request {
    id: Option<Value>,
    documents: Vec<String>,
    query: Option<String>,
}

impl SummarizeArgs {
    fn budget(&self) -> Budget {
        match (self.sentences, self.words, self.ratio) {
            (_, Some(words), _) => Budget::Words(usize::try_from(words).unwrap_or(usize::MAX)),
            (_, _, Some(ratio)) => Budget::Ratio(ratio),
            (Some(sentences), _, _) => {
                Budget::Sentences(usize::try_from(sentences).unwrap_or(usize::MAX))
            }
            (None, None, None) => Budget::Sentences(3),
        }
    }

    /// The options of every summary of the run (a line's query replaces the command
    /// line's).
    fn request(&self) -> SummaryRequest {
        SummaryRequest::default()
            .with_budget(self.budget())
            .with_order(match self.order {
                OrderArg::Document => Order::Document,
                OrderArg::Score => Order::Score,
            })
            .with_mmr_lambda(self.mmr_lambda)
            .with_model(match self.model {
                ModelArg::Auto => Model::Auto,
                ModelArg::Lead => Model::Lead,
                ModelArg::Centrality => Model::Centrality,
            })
            .with_lead_weight(self.lead_weight)
            .with_length_weight(self.length_weight)
            .with_background(!self.no_background)
    }

    /// Runs the command, writing to `out`.
    pub(crate) fn run(&self, out: &mut impl Write) -> Result<(), CliError> {
        let request = self.request();
        let files: Vec<Option<&std::path::Path>> = if self.files.is_empty() {
            vec![None]
        } else {
            self.files.iter().map(|path| Some(path.as_path())).collect()
        };
        if self.format.jsonl {
            let mut skipped: Option<CliError> = None;
            for file in files {
                let source = Source::open(file)?;
                match self.jsonl(&request, source, out) {
                    Err(CliError::BadLinesSkipped {
                        source_name,
                        count,
                        first_line,
                    }) => {
                        // Report the first file with bad lines, after all files are done.
                        skipped.get_or_insert(CliError::BadLinesSkipped {
                            source_name,
                            count,
                            first_line,
                        });
                    }
                    other => other?,
                }
            }
            return skipped.map_or(Ok(()), Err);
        }

        let mut names = Vec::with_capacity(files.len());
        let mut texts = Vec::with_capacity(files.len());
        for file in files {
            let source = Source::open(file)?;
            names.push(source.name().to_owned());
            texts.push(source.read_to_string()?);
        }
        let documents: Vec<&str> = texts.iter().map(String::as_str).collect();
        let summary = self.summarize(&request, &documents, self.query.as_deref())?;
        if self.format.json {
            let mut result = SummaryJson::new(None, &summary);
            if names.len() > 1 {
                result.documents = Some(names);
            }
            return write_json_line(out, &result);
        }
        for sentence in &summary {
            write!(out, "{:.3}\t", sentence.score)?;
            if names.len() > 1 {
                write!(out, "{}\t", names[sentence.document])?;
            }
            write_folded(out, sentence.text)?;
            writeln!(out)?;
        }
        Ok(())
    }

    fn summarize<'a>(
        &self,
        request: &SummaryRequest,
        documents: &[&'a str],
        query: Option<&str>,
    ) -> Result<Summary<'a>, CliError> {
        let request = request.clone().with_query(query);
        // The command line has checked every option by the library's rules, so this cannot
        // fail.
        summarize_texts(documents, self.language, &request)
            .map_err(|error| CliError::Io(io::Error::other(error)))
    }

    fn jsonl(
        &self,
        options: &SummaryRequest,
        mut source: Source,
        out: &mut impl Write,
    ) -> Result<(), CliError> {
        let mut bad_lines = BadLines::new(source.name(), self.format.keep_going);
        source.for_each_line(|number, line| {
            if is_blank(line) {
                return Ok(());
            }
            match parse_request(line) {
                Ok(request) => {
                    let documents: Vec<&str> =
                        request.documents.iter().map(String::as_str).collect();
                    // The command line's query applies where a line has none.
                    let query = request.query.as_deref().or(self.query.as_deref());
                    let summary = self.summarize(options, &documents, query)?;
                    write_json_line(out, &SummaryJson::new(request.id.as_ref(), &summary))
                }
                Err(error) => bad_lines.report(number, error, out),
            }
        })?;
        bad_lines.finish()
    }
}

/// Parses one JSON line of `lede summarize --jsonl` (without its line terminator).
fn parse_request(line: &[u8]) -> Result<Request, LineError> {
    let (id, mut object) = parse_object(line)?;
    let query = match object.remove("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(query)) => Some(query),
        Some(other) => return Err(LineError::BadQuery(json_type(&other))),
    };
    let documents = match (object.remove("text"), object.remove("documents")) {
        (Some(_), Some(_)) => return Err(LineError::TextAndDocuments),
        (Some(Value::String(text)), None) => vec![text],
        (Some(other), None) => return Err(LineError::TextNotString(json_type(&other))),
        (None, Some(Value::Array(items))) => documents(items)?,
        (None, Some(other)) => return Err(LineError::BadDocuments(json_type(&other).to_owned())),
        (None, None) => return Err(LineError::MissingTextOrDocuments),
    };
    Ok(Request {
        id,
        documents,
        query,
    })
}

/// The texts of a `documents` array: strings, or objects with a string `text`.
fn documents(items: Vec<Value>) -> Result<Vec<String>, LineError> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| match item {
            Value::String(text) => Ok(text),
            Value::Object(mut object) => match object.remove("text") {
                Some(Value::String(text)) => Ok(text),
                Some(other) => Err(LineError::BadDocuments(format!(
                    "{} as the \"text\" of item {index}",
                    json_type(&other)
                ))),
                None => Err(LineError::BadDocuments(format!(
                    "an object without \"text\" at item {index}"
                ))),
            },
            other => Err(LineError::BadDocuments(format!(
                "{} at item {index}",
                json_type(&other)
            ))),
        })
        .collect()
}

/// Writes `text` with every run of white space (line breaks included) as one space.
fn write_folded(out: &mut impl Write, text: &str) -> io::Result<()> {
    for (index, word) in text.split_whitespace().enumerate() {
        if index > 0 {
            out.write_all(b" ")?;
        }
        out.write_all(word.as_bytes())?;
    }
    Ok(())
}

/// The result for one input: `{"id":…,"summary":[…],"sentences":[…]}`.
#[derive(Serialize)]
struct SummaryJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    /// The names of the input files, when there are several (`document` indexes them).
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<Vec<String>>,
    summary: Vec<&'a str>,
    sentences: Vec<SentenceJson<'a>>,
}

impl<'a> SummaryJson<'a> {
    fn new(id: Option<&'a Value>, summary: &Summary<'a>) -> Self {
        Self {
            id,
            documents: None,
            summary: summary.iter().map(|sentence| sentence.text).collect(),
            sentences: summary
                .iter()
                .map(|sentence| SentenceJson {
                    text: sentence.text,
                    score: sentence.score,
                    rank: sentence.rank,
                    span: [sentence.span.start, sentence.span.end],
                    document: sentence.document,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct SentenceJson<'a> {
    text: &'a str,
    score: f64,
    rank: usize,
    span: [usize; 2],
    document: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_line_is_one_document_with_an_optional_query() {
        let request =
            parse_request(br#"{"id":"a","text":"Hello there.","query":"hello"}"#).unwrap();
        assert_eq!(
            request,
            Request {
                id: Some(Value::from("a")),
                documents: vec!["Hello there.".to_owned()],
                query: Some("hello".to_owned()),
            }
        );
        let request = parse_request(br#"{"text":"x","query":null}"#).unwrap();
        assert_eq!(request.query, None);
        assert_eq!(request.id, None);
    }

    #[test]
    fn a_documents_line_takes_strings_or_objects_with_text() {
        let request =
            parse_request(br#"{"id":7,"documents":["One.",{"text":"Two.","id":"b"}]}"#).unwrap();
        assert_eq!(request.documents, ["One.", "Two."]);
        assert_eq!(request.id, Some(Value::from(7)));
        assert!(
            parse_request(br#"{"documents":[]}"#)
                .unwrap()
                .documents
                .is_empty()
        );
    }

    #[test]
    fn bad_lines_get_specific_errors() {
        assert_eq!(
            parse_request(br#"{"id":"a"}"#),
            Err(LineError::MissingTextOrDocuments)
        );
        assert_eq!(
            parse_request(br#"{"text":"a","documents":[]}"#),
            Err(LineError::TextAndDocuments)
        );
        assert_eq!(
            parse_request(br#"{"documents":"a"}"#),
            Err(LineError::BadDocuments("a string".to_owned()))
        );
        assert_eq!(
            parse_request(br#"{"documents":["a",3]}"#),
            Err(LineError::BadDocuments("a number at item 1".to_owned()))
        );
        assert_eq!(
            parse_request(br#"{"documents":[{"id":1}]}"#),
            Err(LineError::BadDocuments(
                "an object without \"text\" at item 0".to_owned()
            ))
        );
        assert_eq!(
            parse_request(br#"{"text":"a","query":["x"]}"#),
            Err(LineError::BadQuery("an array"))
        );
        assert_eq!(
            parse_request(br#"{"text":1}"#),
            Err(LineError::TextNotString("a number"))
        );
        assert_eq!(
            parse_request(b"[]"),
            Err(LineError::NotAnObject("an array"))
        );
    }

    #[test]
    fn ratios_and_lambdas_are_checked_on_the_command_line() {
        assert_eq!(parse_ratio("0.4"), Ok(0.4));
        assert!(parse_ratio("0").is_err());
        assert!(parse_ratio("1.5").is_err());
        assert!(parse_ratio("x").is_err());
        assert_eq!(parse_lambda("1"), Ok(1.0));
        assert!(parse_lambda("-0.1").is_err());
    }
}
