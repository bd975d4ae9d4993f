//! Reading input: a file or standard input, whole or as JSON lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Everything that can go wrong in the command line, with its exit code.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The input file cannot be opened.
    #[error("cannot open {}: {source}", path.display())]
    Open {
        /// The file named on the command line.
        path: PathBuf,
        /// Why it cannot be opened.
        source: io::Error,
    },
    /// Reading input or writing output failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The whole input (not in JSON-lines mode) is not UTF-8.
    #[error("{source_name}: input is not valid UTF-8 (first invalid byte at offset {offset})")]
    NotUtf8 {
        /// The file name, or `<stdin>`.
        source_name: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A JSON line was bad; in keep-going mode this is reported once at the end.
    #[error("{source_name}: line {line}: {error}")]
    BadLine {
        /// The file name, or `<stdin>`.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        error: LineError,
    },
    /// `lede import`: a document's name is already stored; nothing was imported.
    #[error(
        "a document named {name:?} is already stored in {}; nothing was imported \
         (use --skip-existing to import only the new documents)",
        dir.display()
    )]
    Taken {
        /// The taken name.
        name: String,
        /// The data directory.
        dir: PathBuf,
    },
    /// `lede import --store`: a document's name is already stored; the writes before its
    /// chunk were stored.
    #[error(
        "a document named {name:?} is already stored in {location}; the {imported} documents \
         before its chunk of 1,000 were imported"
    )]
    TakenShared {
        /// The taken name.
        name: String,
        /// The store.
        location: String,
        /// How many documents were imported before.
        imported: usize,
    },
    /// `lede import`: two inputs give a document the same name; nothing was imported.
    #[error(
        "the document name {name:?} of {} is also that of a document of {}; nothing was \
         imported (use --skip-existing to keep the first)",
        second.display(),
        first.display()
    )]
    Repeated {
        /// The repeated name.
        name: String,
        /// The input that gave it first.
        first: PathBuf,
        /// The input that repeats it.
        second: PathBuf,
    },
    /// `lede import`: a document of an input breaks the identifier rule or the document
    /// limits; nothing was imported.
    #[error(
        "{}: document {name:?}: {violations}; nothing was imported (identifiers are 1 to 128 \
         letters, digits, '-', '_' or '.', and sizes within the server's limits: see \
         `lede import --help`)",
        path.display()
    )]
    Refused {
        /// The input the document comes from.
        path: PathBuf,
        /// The document's name.
        name: String,
        /// What is wrong with it, field by field.
        violations: String,
    },
    /// `lede import`: a path that is neither a directory nor a file of a known kind.
    #[error(
        "{}: not a directory, a .jsonl file, or a .txt or .md file; nothing was imported",
        path.display()
    )]
    UnknownInput {
        /// The path named on the command line.
        path: PathBuf,
    },
    /// `--filter` cannot be parsed: the message shows the filter with a caret under the
    /// column that is wrong.
    #[error(
        "--filter: column {}: {}\n  {filter}\n  {}^",
        error.column,
        error.message,
        " ".repeat(error.column.saturating_sub(1))
    )]
    Filter {
        /// The filter as given.
        filter: String,
        /// What is wrong, and where.
        error: lede_corpus::FilterError,
    },
    /// Reading documents (directories, JSONL files) or querying the corpus failed.
    #[error("{0}")]
    Corpus(#[from] lede_corpus::Error),
    /// The store failed: missing, locked, not a store, unreadable or unwritable.
    #[error("{0}")]
    Store(#[from] lede_store::Error),
    /// Some JSON lines were bad and were skipped (`--keep-going`).
    #[error("{source_name}: {count} bad line(s) skipped, the first at line {first_line}")]
    BadLinesSkipped {
        /// The file name, or `<stdin>`.
        source_name: String,
        /// How many lines were bad.
        count: usize,
        /// 1-based number of the first bad line.
        first_line: usize,
    },
}

impl CliError {
    /// The process exit code for this error, after `sysexits.h`.
    pub(crate) fn exit_code(&self) -> u8 {
        const EX_USAGE: u8 = 64;
        const EX_DATAERR: u8 = 65;
        const EX_NOINPUT: u8 = 66;
        const EX_IOERR: u8 = 74;
        // The store is in use by another process: trying again later can work.
        const EX_TEMPFAIL: u8 = 75;
        match self {
            Self::Open { .. } => EX_NOINPUT,
            Self::Filter { .. } => EX_USAGE,
            Self::Io(_) => EX_IOERR,
            Self::NotUtf8 { .. }
            | Self::BadLine { .. }
            | Self::BadLinesSkipped { .. }
            | Self::Taken { .. }
            | Self::TakenShared { .. }
            | Self::Repeated { .. }
            | Self::Refused { .. }
            | Self::UnknownInput { .. } => EX_DATAERR,
            Self::Corpus(error) => match error {
                lede_corpus::Error::Io { .. } => EX_NOINPUT,
                _ => EX_DATAERR,
            },
            Self::Store(error) => match error {
                lede_store::Error::Missing { .. } => EX_NOINPUT,
                lede_store::Error::Locked { .. } | lede_store::Error::Unavailable { .. } => {
                    EX_TEMPFAIL
                }
                lede_store::Error::Io { .. }
                | lede_store::Error::Full { .. }
                | lede_store::Error::Sqlite { .. } => EX_IOERR,
                // A damaged or foreign database is bad data, as are names.
                _ => EX_DATAERR,
            },
        }
    }
}

/// What is wrong with one JSON line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LineError {
    /// The line is not UTF-8.
    #[error("not valid UTF-8 (first invalid byte at column {column})")]
    NotUtf8 {
        /// 1-based byte column of the first invalid byte.
        column: usize,
    },
    /// The line is not JSON.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// The line is JSON but not an object.
    #[error("expected a JSON object with a \"text\" field, found {0}")]
    NotAnObject(&'static str),
    /// The object has no `text` field.
    #[error("missing field \"text\"")]
    MissingText,
    /// The `text` field is not a string.
    #[error("field \"text\" must be a string, found {0}")]
    TextNotString(&'static str),
    /// The `id` field is an array or object.
    #[error("field \"id\" must be a string or a number, found {0}")]
    BadId(&'static str),
    /// `lede summarize`: the object has neither a `text` nor a `documents` field.
    #[error("missing field \"text\" (one document) or \"documents\" (several)")]
    MissingTextOrDocuments,
    /// `lede summarize`: the object has both a `text` and a `documents` field.
    #[error("fields \"text\" and \"documents\" exclude each other")]
    TextAndDocuments,
    /// `lede summarize`: `documents` is not an array of strings or of objects with a `text`.
    #[error(
        "field \"documents\" must be an array of strings or of objects with a string \"text\", found {0}"
    )]
    BadDocuments(String),
    /// `lede summarize`: the `query` field is not a string.
    #[error("field \"query\" must be a string, found {0}")]
    BadQuery(&'static str),
}

/// One good JSON line: the document's text and its id, if it has one.
#[derive(Debug, PartialEq)]
pub(crate) struct Record {
    /// The `id` field, passed through unchanged (a string or a number).
    pub(crate) id: Option<Value>,
    /// The `text` field.
    pub(crate) text: String,
}

/// Parses one line of a JSON-lines stream (without its line terminator).
pub(crate) fn parse_record(line: &[u8]) -> Result<Record, LineError> {
    let (id, mut object) = parse_object(line)?;
    match object.remove("text") {
        Some(Value::String(text)) => Ok(Record { id, text }),
        Some(other) => Err(LineError::TextNotString(json_type(&other))),
        None => Err(LineError::MissingText),
    }
}

/// The JSON object of one line (without its line terminator) and its `id` field, which must
/// be a string or a number when present.
pub(crate) fn parse_object(line: &[u8]) -> Result<(Option<Value>, Map<String, Value>), LineError> {
    let line = std::str::from_utf8(line).map_err(|error| LineError::NotUtf8 {
        column: error.valid_up_to() + 1,
    })?;
    let value: Value =
        serde_json::from_str(line).map_err(|error| LineError::InvalidJson(error.to_string()))?;
    let Value::Object(mut object) = value else {
        return Err(LineError::NotAnObject(json_type(&value)));
    };
    let id = match object.remove("id") {
        None | Some(Value::Null) => None,
        Some(id @ (Value::String(_) | Value::Number(_))) => Some(id),
        Some(other) => return Err(LineError::BadId(json_type(&other))),
    };
    Ok((id, object))
}

pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The input of a command: a named file or standard input.
pub(crate) struct Source {
    name: String,
    reader: Box<dyn BufRead>,
}

impl Source {
    /// Opens `path`, or standard input when `path` is `None` or `-`.
    pub(crate) fn open(path: Option<&Path>) -> Result<Self, CliError> {
        match path {
            None => Ok(Self::stdin()),
            Some(path) if path.as_os_str() == "-" => Ok(Self::stdin()),
            Some(path) => {
                let file = File::open(path).map_err(|source| CliError::Open {
                    path: path.to_owned(),
                    source,
                })?;
                Ok(Self {
                    name: path.display().to_string(),
                    reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                })
            }
        }
    }

    fn stdin() -> Self {
        Self {
            name: "<stdin>".to_owned(),
            reader: Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
        }
    }

    /// The file name for messages, or `<stdin>`.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Reads all input, which must be UTF-8.
    pub(crate) fn read_to_string(mut self) -> Result<String, CliError> {
        let mut bytes = Vec::new();
        self.reader.read_to_end(&mut bytes)?;
        String::from_utf8(bytes).map_err(|error| CliError::NotUtf8 {
            source_name: self.name,
            offset: error.utf8_error().valid_up_to(),
        })
    }

    /// Calls `on_line` with each line's number (1-based) and bytes, without the line terminator
    /// (`\n` or `\r\n`). Stops at the first error `on_line` returns.
    pub(crate) fn for_each_line(
        &mut self,
        mut on_line: impl FnMut(usize, &[u8]) -> Result<(), CliError>,
    ) -> Result<(), CliError> {
        let mut buffer = Vec::new();
        let mut number = 0;
        loop {
            buffer.clear();
            if self.reader.read_until(b'\n', &mut buffer)? == 0 {
                return Ok(());
            }
            number += 1;
            let line = buffer
                .strip_suffix(b"\n")
                .map_or(&buffer[..], |line| line.strip_suffix(b"\r").unwrap_or(line));
            on_line(number, line)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_line_yields_text_and_id() {
        let record = parse_record(br#"{"id":"a1","text":"Hello.","extra":true}"#).unwrap();
        assert_eq!(record.id, Some(Value::from("a1")));
        assert_eq!(record.text, "Hello.");
        let record = parse_record(br#"{"id":7,"text":""}"#).unwrap();
        assert_eq!(record.id, Some(Value::from(7)));
        assert_eq!(parse_record(br#"{"text":"x"}"#).unwrap().id, None);
    }

    #[test]
    fn each_bad_line_gets_a_specific_error() {
        assert_eq!(
            parse_record(b"{\"text\":\"caf\xff\"}"),
            Err(LineError::NotUtf8 { column: 13 })
        );
        assert!(matches!(
            parse_record(b"{\"text\":"),
            Err(LineError::InvalidJson(_))
        ));
        assert_eq!(
            parse_record(b"[1]"),
            Err(LineError::NotAnObject("an array"))
        );
        assert_eq!(parse_record(br#"{"id":"a"}"#), Err(LineError::MissingText));
        assert_eq!(
            parse_record(br#"{"text":3}"#),
            Err(LineError::TextNotString("a number"))
        );
        assert_eq!(
            parse_record(br#"{"id":{},"text":"x"}"#),
            Err(LineError::BadId("an object"))
        );
    }

    #[test]
    fn error_messages_name_the_problem() {
        let error = CliError::BadLine {
            source_name: "in.jsonl".into(),
            line: 3,
            error: LineError::MissingText,
        };
        assert_eq!(
            error.to_string(),
            "in.jsonl: line 3: missing field \"text\""
        );
        assert_eq!(error.exit_code(), 65);
    }
}
