//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong in `lede-corpus`.
///
/// Errors about input name where the input came from: the file, and the line for JSONL
/// records and text that is not UTF-8. The enum is `#[non_exhaustive]` so that new kinds of
/// error can be added without a breaking change.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No document of the corpus has this name.
    #[error("no document named {name:?}")]
    #[non_exhaustive]
    NotFound {
        /// The name asked for.
        name: String,
    },

    /// A document of the corpus already has this name (names are unique).
    #[error("a document named {name:?} already exists")]
    #[non_exhaustive]
    AlreadyExists {
        /// The name that is taken.
        name: String,
    },

    /// A file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    #[non_exhaustive]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },

    /// A line of a JSONL file is not a valid record: not JSON, not an object, or a required
    /// field missing or of the wrong type.
    #[error("{}:{line}: {message}", path.display())]
    #[non_exhaustive]
    InvalidJsonl {
        /// The file.
        path: PathBuf,
        /// The line, counted from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },

    /// A text file of a directory cannot be a document: it is not UTF-8 (`line` is where the
    /// first invalid byte is), or its name cannot be a document name (`line` is 0).
    #[error("{}:{line}: {message}", path.display())]
    #[non_exhaustive]
    InvalidText {
        /// The file.
        path: PathBuf,
        /// The line, counted from 1 (0 when the problem is not on a line).
        line: usize,
        /// What is wrong with it.
        message: String,
    },

    /// A [`Document`](crate::Document) that cannot be inserted (for instance, an empty name).
    #[error("invalid document {name:?}: {reason}")]
    #[non_exhaustive]
    InvalidDocument {
        /// The document's name, as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A document that the corpus's [`DocumentLimits`](crate::DocumentLimits) refuse: its
    /// name breaks the identifier rule ([`check_name`](crate::check_name)) or a field is too
    /// large. Every violation is listed, not only the first.
    #[error(
        "invalid document {}: {}",
        crate::limits::quoted(name),
        list(violations)
    )]
    #[non_exhaustive]
    InvalidFields {
        /// The document's name, as given.
        name: String,
        /// What is wrong with it, field by field.
        violations: Vec<crate::FieldViolation>,
    },

    /// A request asks the corpus for more than it answers at once: `what` says what was
    /// asked for (documents to summarise, the depth of a result page, text to read).
    #[error("{what}: {requested} is more than the limit of {limit}")]
    #[non_exhaustive]
    LimitExceeded {
        /// What the limit is on.
        what: &'static str,
        /// How much was asked for.
        requested: usize,
        /// The most the corpus allows.
        limit: usize,
    },

    /// A stored analysis ([`StoredAnalysis`](crate::StoredAnalysis)) that cannot be used for
    /// its document: its bytes do not decode, or its checksum shows they were damaged or
    /// made from another text.
    #[error("the stored analysis of document {name:?} is invalid: {reason}")]
    #[non_exhaustive]
    InvalidAnalysis {
        /// The document's name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A stored analysis made by another analysis version or for another language than the
    /// corpus's ([`Corpus::analysis_version`](crate::Corpus::analysis_version)).
    #[error("the stored analysis of document {name:?} has version {version:?}, not {current:?}")]
    #[non_exhaustive]
    StaleAnalysis {
        /// The document's name.
        name: String,
        /// The version the analysis was made with.
        version: String,
        /// The corpus's version.
        current: String,
    },

    /// Options of a request out of range ([`SummaryRequest`](crate::SummaryRequest),
    /// [`KeywordsRequest`](crate::KeywordsRequest)), or a language that does not fit the
    /// input ([`Corpus::document_language`](crate::Corpus::document_language)). Every
    /// violation is listed, each naming its option.
    #[error("invalid options: {}", list(violations))]
    #[non_exhaustive]
    InvalidOptions {
        /// What is wrong, option by option.
        violations: Vec<crate::OptionViolation>,
    },

    /// The statistics failed (in practice only when the vocabulary runs out of term ids).
    #[error(transparent)]
    Statistics(#[from] lede_tfidf::Error),

    /// The summarizer rejected its arguments (a budget that asks for nothing).
    #[error(transparent)]
    Summarize(#[from] lede_summarize::Error),
}

/// Violations of either kind, in one line.
fn list(violations: &[impl std::fmt::Display]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
