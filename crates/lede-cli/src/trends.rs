//! `lede trends`: the terms rising in a time window of a data directory's corpus, as
//! `GetTrends` ranks them (Dunning's G² against the earlier documents and the background).

use std::io::{self, Write};

use clap::Args;
use lede_corpus::Filter;

use crate::input::CliError;
use crate::store::{DataDirArg, load_corpus, parse_filter};

/// `lede trends`.
#[derive(Debug, Args)]
pub(crate) struct TrendsArgs {
    #[command(flatten)]
    data_dir: DataDirArg,
    /// The start of the window (inclusive): RFC 3339 or a date. Default: a day before --end.
    #[arg(long)]
    start: Option<String>,
    /// The end of the window (exclusive): RFC 3339 or a date. Default: just after the
    /// latest publish time.
    #[arg(long)]
    end: Option<String>,
    /// Only documents that pass this filter count (as `corpus list`).
    #[arg(long)]
    filter: Option<String>,
    /// How many trends to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    count: usize,
    /// The fewest documents of the window a trend must occur in.
    #[arg(long, default_value_t = 2)]
    min_documents: u64,
    /// Write one JSON document instead of one tab-separated line per trend.
    #[arg(long)]
    json: bool,
}

fn time(text: &Option<String>, flag: &str) -> Result<Option<i128>, CliError> {
    let Some(text) = text else { return Ok(None) };
    // The filter grammar's time reading, through a one-restriction filter.
    Filter::parse(&format!("publish_time > {text:?}")).map_err(|error| CliError::Filter {
        filter: format!("{flag} {text}"),
        error,
    })?;
    Ok(lede_corpus::filter::parse_time(text))
}

impl TrendsArgs {
    /// Lists the trends, writing to `out`.
    pub(crate) fn run(&self, out: &mut impl Write) -> Result<(), CliError> {
        let filter = parse_filter(&self.filter)?.excluding_duplicates();
        let (start, end) = (time(&self.start, "--start")?, time(&self.end, "--end")?);
        let corpus = load_corpus(&self.data_dir)?;
        let end = end.unwrap_or_else(|| corpus.latest_publish_time().map_or(0, |t| t + 1));
        let start = start.unwrap_or(end - 86_400 * 1_000_000_000);
        let trends = corpus.trends(start, end, &filter, self.count, self.min_documents);
        if self.json {
            let listed: Vec<serde_json::Value> = trends
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "term": t.term,
                        "text": t.text,
                        "window_documents": t.window_documents,
                        "before_documents": t.before_documents,
                        "score": t.score,
                        "documents": t.documents.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer(&mut *out, &serde_json::json!({ "trends": listed }))
                .map_err(io::Error::from)?;
            writeln!(out)?;
            return Ok(());
        }
        for t in &trends {
            writeln!(
                out,
                "{}\t{:.2}\t{}\t{}",
                t.text, t.score, t.window_documents, t.before_documents
            )?;
        }
        Ok(())
    }
}
