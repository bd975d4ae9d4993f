//! Writing results: one JSON document, or one JSON line per input line.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use crate::commands::Command;
use crate::input::{CliError, LineError, Source, parse_record};

/// A result line of `--jsonl` output: the input's `id` (when it had one) and the result fields.
#[derive(serde_derive::Serialize)]
struct ResultLine<'a, T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(flatten)]
    result: T,
}

/// An error line of `--jsonl --keep-going` output, in place of the bad line's result.
#[derive(serde_derive::Serialize)]
struct ErrorLine<'a> {
    line: usize,
    error: &'a LineError,
}

/// The bad lines of a JSON-lines stream: without `--keep-going` the first one stops the run;
/// with it, each is reported on standard error and as an error line in its place, and the
/// run ends with an error once the stream is done.
pub(crate) struct BadLines {
    source_name: String,
    keep_going: bool,
    count: usize,
    first_line: usize,
}

impl BadLines {
    pub(crate) fn new(source_name: &str, keep_going: bool) -> Self {
        Self {
            source_name: source_name.to_owned(),
            keep_going,
            count: 0,
            first_line: 0,
        }
    }

    /// Whether a bad line lets the run go on.
    pub(crate) fn keep_going(&self) -> bool {
        self.keep_going
    }

    /// Handles bad line `number`: the error that stops the run, or (keep-going) a message on
    /// standard error and an error line on `out`.
    pub(crate) fn report(
        &mut self,
        number: usize,
        error: LineError,
        out: &mut impl Write,
    ) -> Result<(), CliError> {
        if !self.keep_going {
            return Err(CliError::BadLine {
                source_name: self.source_name.clone(),
                line: number,
                error,
            });
        }
        eprintln!("lede: {}: line {number}: {error}", self.source_name);
        if self.count == 0 {
            self.first_line = number;
        }
        self.count += 1;
        write_json_line(
            out,
            &ErrorLine {
                line: number,
                error: &error,
            },
        )
    }

    /// At the end of the stream: an error if any line was skipped.
    pub(crate) fn finish(self) -> Result<(), CliError> {
        if self.count == 0 {
            return Ok(());
        }
        Err(CliError::BadLinesSkipped {
            source_name: self.source_name,
            count: self.count,
            first_line: self.first_line,
        })
    }
}

impl Serialize for LineError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Writes the result for the whole `text` as one JSON document.
pub(crate) fn json_document(
    text: &str,
    command: &impl Command,
    out: &mut impl Write,
) -> Result<(), CliError> {
    write_json_line(out, &command.result(text))
}

/// Processes a JSON-lines stream: one result line per input line; blank lines are skipped.
pub(crate) fn jsonl(
    mut source: Source,
    command: &impl Command,
    keep_going: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let mut bad_lines = BadLines::new(source.name(), keep_going);
    source.for_each_line(|number, line| {
        if is_blank(line) {
            return Ok(());
        }
        match parse_record(line) {
            Ok(record) => write_json_line(
                out,
                &ResultLine {
                    id: record.id.as_ref(),
                    result: command.result(&record.text),
                },
            ),
            Err(error) => bad_lines.report(number, error, out),
        }
    })?;
    bad_lines.finish()
}

/// Whether a JSON-lines input line is blank (and skipped).
pub(crate) fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Writes `value` as one line of JSON.
pub(crate) fn write_json_line(
    out: &mut impl Write,
    value: &impl Serialize,
) -> Result<(), CliError> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}
