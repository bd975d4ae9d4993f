//! The one place where errors become [`tonic::Status`]: every handler returns
//! [`ApiError`], and `From<ApiError> for Status` (with `google.rpc.BadRequest` details for
//! invalid arguments) is the only conversion.

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// An error of a request, before it becomes a [`Status`].
#[derive(Debug)]
pub(crate) enum ApiError {
    /// Fields of the request are invalid: INVALID_ARGUMENT with one field violation each
    /// (at least one), so that a client fixes them all at once.
    InvalidArgument(Vec<Violation>),
    /// The named document does not exist: NOT_FOUND.
    NotFound(String),
    /// A document to create has a name that is taken: ALREADY_EXISTS.
    AlreadyExists(String),
    /// A client stream failed (the client cancelled it, or sent a message too large): its
    /// own status.
    Stream(Status),
    /// The work did not finish before the request's deadline: DEADLINE_EXCEEDED.
    DeadlineExceeded,
    /// The server already holds as many requests as it admits: RESOURCE_EXHAUSTED, with a
    /// `google.rpc.RetryInfo` saying when to try again.
    Overloaded {
        /// The most requests the server holds at once (`--max-pending-requests`).
        pending: usize,
        /// When the client should retry.
        retry_after: std::time::Duration,
    },
    /// A request asks for more work than the server does for one request (a summary of too
    /// much text): RESOURCE_EXHAUSTED, without retry advice (the same request fails again).
    TooLarge(String),
    /// The store has no room for a write (a full disk): RESOURCE_EXHAUSTED, without the
    /// store's path (it is logged).
    StoreFull,
    /// The server cannot answer now but another try (here, or at another replica) may:
    /// the shared store is unreachable, or this replica has not yet applied the write a
    /// read asks to see. UNAVAILABLE, with a `google.rpc.RetryInfo`.
    Unavailable(String),
    /// Anything else (a failed blocking task, an unexpected library error): INTERNAL.
    Internal(String),
}

/// What is wrong with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    /// The field path, as in the proto (`input.text`, `requests[2].document.title`).
    pub(crate) field: String,
    /// What is wrong with it.
    pub(crate) description: String,
}

/// The most field violations one status carries: the details travel in a response header,
/// which clients cap (8 to 16 KiB); the message says how many were left out.
const MAX_VIOLATIONS: usize = 20;

impl ApiError {
    /// A NOT_FOUND for the document named `name` (a resource name, as the client sent it).
    pub(crate) fn no_document(name: &str) -> Self {
        Self::NotFound(format!("no document named {}", quoted(name)))
    }

    /// An ALREADY_EXISTS for the document whose identifier is `id`.
    pub(crate) fn name_taken(id: &str) -> Self {
        Self::AlreadyExists(format!(
            "a document named {} already exists",
            quoted(&crate::convert::resource_name(id))
        ))
    }

    /// An INVALID_ARGUMENT naming `field`.
    pub(crate) fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![Violation {
            field: field.into(),
            description: description.into(),
        }])
    }

    /// The field of a request that a library field of a document is (`prefix` is the
    /// document's path, `document` or `requests[3].document`).
    pub(crate) fn document_field(prefix: &str, field: lede_corpus::DocumentField) -> String {
        use lede_corpus::DocumentField as F;
        match field {
            F::Document => prefix.to_owned(),
            // The proto's Timestamp is the library's date.
            F::Date => format!("{prefix}.publish_time"),
            other => format!("{prefix}.{}", other.as_str()),
        }
    }
}

impl From<lede_corpus::Error> for ApiError {
    fn from(error: lede_corpus::Error) -> Self {
        match error {
            lede_corpus::Error::NotFound { name, .. } => {
                Self::no_document(&crate::convert::resource_name(&name))
            }
            lede_corpus::Error::AlreadyExists { name, .. } => Self::name_taken(&name),
            lede_corpus::Error::Summarize(error) => Self::invalid("options", error.to_string()),
            // The library names options as the fields of the API's options message, and the
            // request's `language` (which does not fit a corpus document) as it is.
            lede_corpus::Error::InvalidOptions { violations, .. } => Self::InvalidArgument(
                violations
                    .into_iter()
                    .map(|violation| Violation {
                        field: match violation.field {
                            "language" => "language".to_owned(),
                            option => format!("options.{option}"),
                        },
                        description: violation.description,
                    })
                    .collect(),
            ),
            // Only an update meets this here (handlers check new documents first, with their
            // own field paths): its document is `document`.
            lede_corpus::Error::InvalidFields { violations, .. } => Self::InvalidArgument(
                violations
                    .into_iter()
                    .map(|violation| Violation {
                        field: Self::document_field("document", violation.field),
                        description: violation.description,
                    })
                    .collect(),
            ),
            error @ lede_corpus::Error::LimitExceeded { .. } => Self::TooLarge(error.to_string()),
            // Only reading files at start fails so; should one reach a client, the path stays
            // in the log.
            error @ (lede_corpus::Error::Io { .. }
            | lede_corpus::Error::InvalidJsonl { .. }
            | lede_corpus::Error::InvalidText { .. }) => {
                tracing::error!(%error, "a corpus file could not be read");
                Self::Internal("a corpus file could not be read (see the server's log)".to_owned())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<lede_store::Error> for ApiError {
    fn from(error: lede_store::Error) -> Self {
        match error {
            lede_store::Error::NotFound { name, .. } => {
                Self::no_document(&crate::convert::resource_name(&name))
            }
            lede_store::Error::AlreadyExists { name, .. } => Self::name_taken(&name),
            // The path of the store is the operator's business, not the client's: it goes to
            // the log, and the client gets what happened.
            error @ lede_store::Error::Full { .. } => {
                tracing::error!(%error, "the store is full: a write was refused");
                Self::StoreFull
            }
            lede_store::Error::Unrepresentable { field, reason, .. } => {
                let field = match field {
                    "time" => "document",
                    field => field,
                };
                Self::invalid(format!("document.{field}"), format!("has {reason}"))
            }
            error @ lede_store::Error::Unavailable { .. } => {
                tracing::warn!(%error, "the store is unavailable");
                Self::Unavailable(
                    "the server's database is unavailable: retry; a write that failed so may \
                     or may not have been stored (read it back to know)"
                        .to_owned(),
                )
            }
            other => {
                tracing::error!(error = %other, "the store failed");
                Self::Internal(format!("the store failed: {}", without_path(&other)))
            }
        }
    }
}

/// What went wrong in the store, without the paths its messages carry.
fn without_path(error: &lede_store::Error) -> String {
    match error {
        lede_store::Error::Sqlite { source, .. } => source.to_string(),
        lede_store::Error::Io { source, .. } => source.to_string(),
        lede_store::Error::NotAStore { reason, .. } => format!("it is damaged ({reason})"),
        _ => "see the server's log".to_owned(),
    }
}

/// `value` quoted for an error message, cut to its first 64 characters: an error must not
/// echo a huge field back, since the message and the BadRequest details travel in response
/// headers, which clients cap (8 to 16 KiB) and reset the call over.
pub(crate) fn quoted(value: &str) -> String {
    const MAX_CHARS: usize = 64;
    match value.char_indices().nth(MAX_CHARS) {
        None => format!("{value:?}"),
        Some((end, _)) => format!("{:?}… ({} bytes)", &value[..end], value.len()),
    }
}

impl From<ApiError> for Status {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::InvalidArgument(violations) => invalid_argument(violations),
            ApiError::NotFound(message) => Status::not_found(message),
            ApiError::AlreadyExists(message) => Status::already_exists(message),
            ApiError::Stream(status) => status,
            ApiError::DeadlineExceeded => {
                Status::deadline_exceeded("the request's deadline passed before it was done")
            }
            ApiError::Overloaded {
                pending,
                retry_after,
            } => Status::with_error_details(
                Code::ResourceExhausted,
                format!(
                    "the server is at capacity ({pending} requests in progress or waiting): \
                     retry after {} ms",
                    retry_after.as_millis()
                ),
                ErrorDetails::with_retry_info(Some(retry_after)),
            ),
            ApiError::TooLarge(message) => Status::resource_exhausted(message),
            ApiError::StoreFull => Status::resource_exhausted(
                "the server's storage is full: nothing of this write was stored",
            ),
            ApiError::Unavailable(message) => Status::with_error_details(
                Code::Unavailable,
                message,
                ErrorDetails::with_retry_info(Some(crate::admission::RETRY_DELAY)),
            ),
            ApiError::Internal(message) => Status::internal(message),
        }
    }
}

/// INVALID_ARGUMENT with a BadRequest of (at most [`MAX_VIOLATIONS` of) `violations`.
fn invalid_argument(mut violations: Vec<Violation>) -> Status {
    let left_out = violations.len().saturating_sub(MAX_VIOLATIONS);
    violations.truncate(MAX_VIOLATIONS);
    let mut message = match violations.as_slice() {
        [one] => format!("invalid {}: {}", one.field, one.description),
        all => {
            let listed: Vec<String> = all
                .iter()
                .map(|v| format!("{}: {}", v.field, v.description))
                .collect();
            format!("invalid fields: {}", listed.join("; "))
        }
    };
    if left_out > 0 {
        message.push_str(&format!(" (and {left_out} more violations)"));
    }
    let mut details = ErrorDetails::new();
    for violation in violations {
        details.add_bad_request_violation(violation.field, violation.description);
    }
    Status::with_error_details(Code::InvalidArgument, message, details)
}

/// The violations of a request, collected so that all are reported at once.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<Violation>);

impl Violations {
    pub(crate) fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(Violation {
            field: field.into(),
            description: description.into(),
        });
    }

    /// The value of `result`, or `None` with its violations kept; any other error passes.
    /// How many violations have been found so far.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn keep<T>(&mut self, result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(ApiError::InvalidArgument(violations)) => {
                self.0.extend(violations);
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    /// `value` when nothing was found (every check that gave `None` added a violation).
    pub(crate) fn finish_with<T>(self, value: Option<T>) -> Result<T, ApiError> {
        self.finish()?;
        value.ok_or_else(|| ApiError::Internal("a check failed without a violation".to_owned()))
    }

    /// Orders the violations by their fields' places in `fields` (a field not listed
    /// last), so that an answer lists them as the message documents its fields.
    pub(crate) fn sort_by_fields(&mut self, fields: &[&str]) {
        self.0.sort_by_key(|violation| {
            fields
                .iter()
                .position(|field| *field == violation.field)
                .unwrap_or(fields.len())
        });
    }

    /// `Ok` when nothing was found.
    pub(crate) fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::InvalidArgument(self.0))
        }
    }
}

impl Violations {
    /// The library's violations of the document at `prefix`, but its name's: the caller
    /// reports that under the field the name came from.
    pub(crate) fn add_document(
        &mut self,
        prefix: &str,
        violations: Vec<lede_corpus::FieldViolation>,
    ) {
        for violation in violations {
            if violation.field != lede_corpus::DocumentField::Name {
                self.add(
                    ApiError::document_field(prefix, violation.field),
                    violation.description,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_arguments_carry_a_field_violation() {
        let status = Status::from(ApiError::invalid("page_size", "must not be negative"));
        assert_eq!(status.code(), Code::InvalidArgument);
        let bad_request = status.get_details_bad_request().expect("details");
        assert_eq!(bad_request.field_violations[0].field, "page_size");
    }

    #[test]
    fn every_violation_is_reported_up_to_a_bound() {
        let violation = |n: usize| Violation {
            field: format!("requests[{n}].document.title"),
            description: "too long".to_owned(),
        };
        let status = Status::from(ApiError::InvalidArgument(vec![violation(0), violation(1)]));
        let bad_request = status.get_details_bad_request().expect("details");
        assert_eq!(bad_request.field_violations.len(), 2);
        assert!(status.message().contains("requests[1]"), "{status:?}");
        let status = Status::from(ApiError::InvalidArgument(
            (0..1000).map(violation).collect(),
        ));
        let bad_request = status.get_details_bad_request().expect("details");
        assert_eq!(bad_request.field_violations.len(), MAX_VIOLATIONS);
        assert!(
            status.message().ends_with("(and 980 more violations)"),
            "{status:?}"
        );
    }

    #[test]
    fn overload_says_when_to_retry() {
        let status = Status::from(ApiError::Overloaded {
            pending: 8,
            retry_after: std::time::Duration::from_millis(50),
        });
        assert_eq!(status.code(), Code::ResourceExhausted);
        let retry = status.get_details_retry_info().expect("RetryInfo");
        assert_eq!(
            retry.retry_delay,
            Some(std::time::Duration::from_millis(50))
        );
    }

    #[test]
    fn huge_values_are_not_echoed() {
        assert_eq!(quoted("documents/x"), "\"documents/x\"");
        let huge = "é".repeat(100_000);
        let message = quoted(&huge);
        assert!(message.len() < 200, "{message}");
        assert!(message.ends_with("… (200000 bytes)"), "{message}");
    }

    #[test]
    fn store_errors_name_no_path() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = lede_store::Store::open(dir.path(), &[]).expect("store");
        store.set_size_limit(0).expect("limit");
        let large = lede_corpus::Document::new("large", "word ".repeat(100_000));
        let full = store.insert(&[large]).expect_err("full");
        let status = Status::from(ApiError::from(full));
        assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
        let dir = dir.path().to_str().expect("UTF-8");
        assert!(!status.message().contains(dir), "{status:?}");

        // Any other store error (here: a second writer) names the store only in the log.
        let locked = lede_store::Store::open(dir, &[]).expect_err("locked");
        assert!(locked.to_string().contains(dir), "{locked}");
        let status = Status::from(ApiError::from(locked));
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains(dir), "{status:?}");
    }

    #[test]
    fn corpus_errors_map_to_codes() {
        let error = lede_corpus::Corpus::new()
            .similar("x", 1)
            .expect_err("an error");
        assert_eq!(Status::from(ApiError::from(error)).code(), Code::NotFound);
    }
}
