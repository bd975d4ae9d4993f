//! What a document written to a corpus may be: the identifier rule and the size limits.
//!
//! Every way of writing documents (the gRPC server's Create, BatchCreate, Update and Import,
//! `lede import`, [`Corpus::insert`](crate::Corpus::insert)) goes through
//! [`Corpus::prepare`](crate::Corpus::prepare), which checks the corpus's
//! [`DocumentLimits`]: a limit that one path forgets is no limit. What is already stored is
//! loaded whatever its size ([`Corpus::load`](crate::Corpus::load)), so that tightening a
//! limit never makes a data directory unreadable.

use std::fmt;

use crate::Document;

/// The longest document identifier, in bytes.
pub const MAX_NAME_BYTES: usize = 128;

/// Checks a document identifier: 1 to [`MAX_NAME_BYTES`] ASCII letters, digits, `-`, `_`
/// or `.`.
///
/// The one rule for every name written, so that whatever `lede import` stores the gRPC API
/// can address as `documents/{name}` (a `/`, a space or a `?` could not round-trip through
/// a resource name or a URL).
///
/// ```
/// use lede_corpus::check_name;
///
/// assert!(check_name("reuters-12.v2_final").is_ok());
/// assert!(check_name("train/alt.atheism/49960").is_err());
/// assert!(check_name("").is_err());
/// ```
///
/// # Errors
///
/// What is wrong with the name, as a sentence fragment ("must have 1 to 128 characters").
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(format!("must have 1 to {MAX_NAME_BYTES} characters"));
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        Some(bad) => Err(format!(
            "{bad:?} is not allowed: use letters, digits, '-', '_' and '.'"
        )),
        None => Ok(()),
    }
}

/// The size limits of a document, field by field and as a whole.
///
/// [`Default`] fits the gRPC server's defaults: a document of at most
/// [`max_document_bytes`](Self::max_document_bytes) (2 MiB) travels whole in one response
/// of a client's default 4 MiB message limit, with room for the response's other fields;
/// and the fields every list and search result carries (title, source, date, metadata) stay
/// under 40 KiB per document, so that a page of 50 fits too.
///
/// ```
/// use lede_corpus::{Document, DocumentField, DocumentLimits};
///
/// let limits = DocumentLimits::default();
/// let long = Document::new("long", "Text.").with_title("t".repeat(10_000));
/// let violations = limits.check(&long).unwrap_err();
/// assert_eq!(violations[0].field, DocumentField::Title);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentLimits {
    /// The longest text, in bytes (default 1 MiB).
    pub max_text_bytes: usize,
    /// The longest title, in bytes (default 2 KiB).
    pub max_title_bytes: usize,
    /// The longest source, in bytes (default 2 KiB: a long URL).
    pub max_source_bytes: usize,
    /// The longest date, in bytes (default 128: any way of writing a time).
    pub max_date_bytes: usize,
    /// The most metadata entries (default 32).
    pub max_metadata_entries: usize,
    /// The longest metadata key, in bytes (default 128).
    pub max_metadata_key_bytes: usize,
    /// The longest metadata value, in bytes (default 1 KiB).
    pub max_metadata_value_bytes: usize,
    /// The most bytes of all fields together: name, title, text, source, date, and every
    /// metadata key and value (default 2 MiB).
    pub max_document_bytes: usize,
}

impl Default for DocumentLimits {
    fn default() -> Self {
        Self {
            max_text_bytes: 1 << 20,
            max_title_bytes: 2 << 10,
            max_source_bytes: 2 << 10,
            max_date_bytes: 128,
            max_metadata_entries: 32,
            max_metadata_key_bytes: 128,
            max_metadata_value_bytes: 1 << 10,
            max_document_bytes: 2 << 20,
        }
    }
}

impl DocumentLimits {
    /// No size limit at all (the identifier rule still holds): for a corpus that only ever
    /// holds documents its own program made.
    #[must_use]
    pub const fn unlimited() -> Self {
        Self {
            max_text_bytes: usize::MAX,
            max_title_bytes: usize::MAX,
            max_source_bytes: usize::MAX,
            max_date_bytes: usize::MAX,
            max_metadata_entries: usize::MAX,
            max_metadata_key_bytes: usize::MAX,
            max_metadata_value_bytes: usize::MAX,
            max_document_bytes: usize::MAX,
        }
    }

    /// Checks `document` against the identifier rule ([`check_name`]) and these limits.
    ///
    /// # Errors
    ///
    /// Every violation, in field order (name, title, text, source, date, metadata, then the
    /// whole document): a client fixes them all at once instead of one per round trip.
    pub fn check(&self, document: &Document) -> Result<(), Vec<FieldViolation>> {
        let mut violations = Vec::new();
        let mut violate = |field, description: String| {
            violations.push(FieldViolation { field, description });
        };
        if let Err(description) = check_name(&document.name) {
            violate(DocumentField::Name, description);
        }
        let optional = |value: &Option<String>| value.as_deref().map_or(0, str::len);
        for (field, bytes, limit) in [
            (
                DocumentField::Title,
                optional(&document.title),
                self.max_title_bytes,
            ),
            (
                DocumentField::Text,
                document.text.len(),
                self.max_text_bytes,
            ),
            (
                DocumentField::Source,
                optional(&document.source),
                self.max_source_bytes,
            ),
            (
                DocumentField::Date,
                optional(&document.date),
                self.max_date_bytes,
            ),
        ] {
            if bytes > limit {
                violate(field, too_long(bytes, limit));
            }
        }
        let metadata = &document.metadata;
        if metadata.len() > self.max_metadata_entries {
            violate(
                DocumentField::Metadata,
                format!(
                    "has {} entries, more than the limit of {}",
                    metadata.len(),
                    self.max_metadata_entries
                ),
            );
        }
        // One violation for the first key and the first value too long: a map of a thousand
        // long values must not become a thousand violations.
        if let Some(key) = metadata
            .keys()
            .find(|key| key.len() > self.max_metadata_key_bytes)
        {
            violate(
                DocumentField::Metadata,
                format!(
                    "key {}: {}",
                    quoted(key),
                    too_long(key.len(), self.max_metadata_key_bytes)
                ),
            );
        }
        if let Some((key, value)) = metadata
            .iter()
            .find(|(_, value)| value.len() > self.max_metadata_value_bytes)
        {
            violate(
                DocumentField::Metadata,
                format!(
                    "the value of {}: {}",
                    quoted(key),
                    too_long(value.len(), self.max_metadata_value_bytes)
                ),
            );
        }
        let total = document_bytes(document);
        if total > self.max_document_bytes {
            violate(
                DocumentField::Document,
                format!(
                    "its fields have {total} bytes in all, more than the limit of {} bytes",
                    self.max_document_bytes
                ),
            );
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(violations)
        }
    }
}

/// The bytes of every field of `document` that [`DocumentLimits::max_document_bytes`]
/// counts: name, title, text, source, date and metadata keys and values.
#[must_use]
pub fn document_bytes(document: &Document) -> usize {
    let optional = |value: &Option<String>| value.as_deref().map_or(0, str::len);
    let metadata: usize = document
        .metadata
        .iter()
        .map(|(key, value)| key.len().saturating_add(value.len()))
        .fold(0, usize::saturating_add);
    [
        document.name.len(),
        optional(&document.title),
        document.text.len(),
        optional(&document.source),
        optional(&document.date),
        metadata,
    ]
    .into_iter()
    .fold(0, usize::saturating_add)
}

fn too_long(bytes: usize, limit: usize) -> String {
    format!("{bytes} bytes is more than the limit of {limit} bytes")
}

/// `value` quoted, cut to its first 64 characters: a description must not echo a huge
/// value back (servers send it in headers, which clients cap).
pub(crate) fn quoted(value: &str) -> String {
    const MAX_CHARS: usize = 64;
    match value.char_indices().nth(MAX_CHARS) {
        None => format!("{value:?}"),
        Some((end, _)) => format!("{:?}… ({} bytes)", &value[..end], value.len()),
    }
}

/// A field of a [`Document`], as a [`FieldViolation`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentField {
    /// [`Document::name`].
    Name,
    /// [`Document::title`].
    Title,
    /// [`Document::text`].
    Text,
    /// [`Document::source`].
    Source,
    /// [`Document::date`].
    Date,
    /// [`Document::metadata`] (its size, or one of its keys or values).
    Metadata,
    /// The document as a whole ([`DocumentLimits::max_document_bytes`]).
    Document,
}

impl DocumentField {
    /// The field's name in [`Document`] (`"document"` for the whole).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Title => "title",
            Self::Text => "text",
            Self::Source => "source",
            Self::Date => "date",
            Self::Metadata => "metadata",
            Self::Document => "document",
        }
    }
}

impl fmt::Display for DocumentField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with one field of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldViolation {
    /// The field.
    pub field: DocumentField,
    /// What is wrong with it, as a sentence fragment that follows the field's name
    /// ("title: 5000 bytes is more than the limit of 2048 bytes").
    pub description: String,
}

impl fmt::Display for FieldViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.description)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("a").is_ok());
        assert!(check_name(&"a".repeat(MAX_NAME_BYTES)).is_ok());
        assert!(check_name(&"a".repeat(MAX_NAME_BYTES + 1)).is_err());
        for bad in ["", "a/b", "a b", "é", "a?b", "a\nb"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_violation_is_reported() {
        let limits = DocumentLimits::default();
        assert_eq!(limits.check(&Document::new("ok", "Text.")), Ok(()));
        let mut document = Document::new("a/b", "x".repeat(limits.max_text_bytes + 1))
            .with_title("t".repeat(limits.max_title_bytes + 1))
            .with_source("s".repeat(limits.max_source_bytes + 1))
            .with_date("d".repeat(limits.max_date_bytes + 1));
        for n in 0..=limits.max_metadata_entries {
            document.metadata.insert(format!("k{n}"), "v".repeat(2000));
        }
        document
            .metadata
            .insert("k".repeat(200), "value".to_owned());
        let fields: Vec<DocumentField> = limits
            .check(&document)
            .unwrap_err()
            .into_iter()
            .map(|violation| violation.field)
            .collect();
        use DocumentField as F;
        assert_eq!(
            fields,
            [
                F::Name,
                F::Title,
                F::Text,
                F::Source,
                F::Date,
                F::Metadata,
                F::Metadata,
                F::Metadata
            ]
        );
    }

    #[test]
    fn the_whole_counts_every_field() {
        let mut limits = DocumentLimits::unlimited();
        limits.max_document_bytes = 100;
        let mut document = Document::new("n", "t".repeat(50)).with_title("x".repeat(40));
        assert_eq!(document_bytes(&document), 91);
        assert!(limits.check(&document).is_ok());
        document
            .metadata
            .insert("key".to_owned(), "values!".to_owned());
        let violations = limits.check(&document).unwrap_err();
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].field, DocumentField::Document);
        assert!(
            violations[0].description.contains("100 bytes"),
            "{violations:?}"
        );
    }

    #[test]
    fn a_corpus_refuses_what_breaks_its_limits_but_loads_what_is_stored() {
        let mut corpus = crate::Corpus::new();
        let big = Document::new("big", "Oil prices fell. ".repeat(70_000));
        let refused = corpus.insert(big.clone()).unwrap_err();
        assert!(
            matches!(&refused, crate::Error::InvalidFields { violations, .. }
                if violations[0].field == DocumentField::Text),
            "{refused}"
        );
        assert!(matches!(
            corpus.insert(Document::new("a/b", "Text.")),
            Err(crate::Error::InvalidFields { .. })
        ));
        assert!(corpus.is_empty());
        // A store written under looser limits still loads.
        let report = corpus
            .load(|each| {
                each(big.clone(), None);
                Ok::<_, crate::Error>(())
            })
            .unwrap();
        assert_eq!(report.documents, 1);
        corpus.set_document_limits(DocumentLimits::unlimited());
        corpus.insert(Document::new("bigger", big.text)).unwrap();
        assert_eq!(corpus.len(), 2);
    }

    #[test]
    fn defaults_fit_a_default_grpc_message() {
        let limits = DocumentLimits::default();
        assert!(limits.max_document_bytes + (64 << 10) <= 4 << 20);
        // What every listed document carries besides its text.
        let listed = limits.max_title_bytes
            + limits.max_source_bytes
            + limits.max_date_bytes
            + MAX_NAME_BYTES
            + limits.max_metadata_entries
                * (limits.max_metadata_key_bytes + limits.max_metadata_value_bytes);
        assert!(listed * 50 < 3 << 20, "{listed}");
    }
}
