//! Writing results: one JSON document, or one JSON line per input line.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use crate::commands::Command;
use crate::input::{CliError, LineError, Source, parse_record};

/// A result line of `--jsonl` output: the input's `id` (when it had one) and the result fields.
#[derive(Serialize)]
struct ResultLine<'a, T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(flatten)]
    result: T,
}

/// An error line of `--jsonl --keep-going` output, in place of the bad line's result.
#[derive(Serialize)]
struct ErrorLine<'a> {
    line: usize,
    error: &'a LineError,
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
    let source_name = source.name().to_owned();
    let mut bad_lines = 0;
    let mut first_bad_line = 0;
    source.for_each_line(|number, line| {
        if line.iter().all(u8::is_ascii_whitespace) {
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
            Err(error) if keep_going => {
                eprintln!("lede: {source_name}: line {number}: {error}");
                if bad_lines == 0 {
                    first_bad_line = number;
                }
                bad_lines += 1;
                write_json_line(
                    out,
                    &ErrorLine {
                        line: number,
                        error: &error,
                    },
                )
            }
            Err(error) => Err(CliError::BadLine {
                source_name: source_name.clone(),
                line: number,
                error,
            }),
        }
    })?;
    if bad_lines > 0 {
        return Err(CliError::BadLinesSkipped {
            source_name,
            count: bad_lines,
            first_line: first_bad_line,
        });
    }
    Ok(())
}

fn write_json_line(out: &mut impl Write, value: &impl Serialize) -> Result<(), CliError> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}
