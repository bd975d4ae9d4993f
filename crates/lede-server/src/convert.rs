//! Conversion between library types and proto messages: documents, summary sentences,
//! token kinds, resource names, and the fields of a document a write sets. Span offsets are
//! `offsets.rs`, page tokens `paging.rs`, errors `status.rs`.

use lede_corpus::Language;
use lede_corpus::{Corpus, Document as LibDocument};
use lede_proto::v1::{Document, Span as ProtoSpan, SummarySentence, TokenKind};
use lede_tokenize::TokenKind as LibKind;

use crate::collection::Stored;
use crate::status::{ApiError, quoted};

pub(crate) fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// The prefix of a corpus document's resource name, `documents/{document}`.
pub(crate) const DOCUMENTS: &str = "documents/";

/// The resource name of a corpus document.
pub(crate) fn resource_name(id: &str) -> String {
    format!("{DOCUMENTS}{id}")
}

/// A proto document of the corpus document `document` (with its text for the full view).
pub(crate) fn document(corpus: &Corpus, document: &LibDocument, full: bool) -> Document {
    let (words, sentences) = corpus.analysis(&document.name).map_or((0, 0), |analysis| {
        (analysis.word_count(), analysis.sentence_count())
    });
    let mut message = document_message(document, corpus.options().language, words, sentences);
    message.duplicate_of = corpus
        .duplicate_of(&document.name)
        .map(resource_name)
        .unwrap_or_default();
    if full {
        message.text.clone_from(&document.text);
    }
    message
}

/// A proto document of a document a write stored (never with its text).
pub(crate) fn stored_message(stored: &Stored, language: Language) -> Document {
    let mut message = document_message(&stored.document, language, stored.words, stored.sentences);
    message.duplicate_of = stored
        .duplicate_of
        .as_deref()
        .map(resource_name)
        .unwrap_or_default();
    message
}

/// The proto document of `document`, without its text.
fn document_message(
    document: &LibDocument,
    language: Language,
    words: usize,
    sentences: usize,
) -> Document {
    let publish_time = document.publish_time().map(prost_types::Timestamp::from);
    Document {
        name: resource_name(&document.name),
        title: document.title.clone().unwrap_or_default(),
        text: String::new(),
        source: document.source.clone().unwrap_or_default(),
        publish_time,
        language: language.iso_code().to_owned(),
        metadata: document
            .metadata
            .iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect(),
        create_time: document.created.map(prost_types::Timestamp::from),
        update_time: document.updated.map(prost_types::Timestamp::from),
        word_count: count(words),
        sentence_count: count(sentences),
        duplicate_of: String::new(),
    }
}

/// The proto sentences of a corpus summary, each span in `encoding` over its document's
/// text (`text_of` gives it by name; a sentence whose document it lacks is left out).
pub(crate) fn summary_sentences<'a>(
    sentences: &[lede_corpus::SummarySentence<'a>],
    text_of: impl Fn(&str) -> Option<&'a str>,
    encoding: lede_proto::v1::OffsetEncoding,
) -> Vec<SummarySentence> {
    let mut offsets: std::collections::HashMap<&str, crate::offsets::Offsets> =
        std::collections::HashMap::new();
    sentences
        .iter()
        .filter_map(|sentence| {
            let offsets = match offsets.entry(sentence.name) {
                std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => slot.insert(
                    crate::offsets::Offsets::new(text_of(sentence.name)?, encoding),
                ),
            };
            Some(summary_sentence(
                sentence.text,
                offsets.span(sentence.span),
                Some(sentence.name),
                sentence.index,
                sentence.score,
                sentence.rank,
            ))
        })
        .collect()
}

/// A proto summary sentence.
pub(crate) fn summary_sentence(
    text: &str,
    span: ProtoSpan,
    document: Option<&str>,
    index: usize,
    score: f64,
    rank: usize,
) -> SummarySentence {
    SummarySentence {
        text: text.to_owned(),
        span: Some(span),
        document: document.map(resource_name).unwrap_or_default(),
        sentence_index: count(index),
        score,
        rank: count(rank),
    }
}

pub(crate) fn kind(kind: LibKind) -> TokenKind {
    match kind {
        LibKind::Word => TokenKind::Word,
        LibKind::Number => TokenKind::Number,
        LibKind::Punctuation => TokenKind::Punctuation,
        LibKind::Symbol => TokenKind::Symbol,
        LibKind::Url => TokenKind::Url,
        LibKind::Email => TokenKind::Email,
        LibKind::Handle => TokenKind::Handle,
        // `lede_tokenize::TokenKind` is non-exhaustive: a kind the API has no value for yet
        // is sent as unspecified (clients must accept that anyway) until the proto gains it.
        _ => TokenKind::Unspecified,
    }
}

/// The fields of a document a client may set: a bit set over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldSet(pub(crate) u8);

impl FieldSet {
    pub(crate) const TITLE: u8 = 1;
    pub(crate) const TEXT: u8 = 2;
    pub(crate) const SOURCE: u8 = 4;
    pub(crate) const PUBLISH_TIME: u8 = 8;
    pub(crate) const METADATA: u8 = 16;
    pub(crate) const ALL: Self = Self(31);
    /// The names of the fields, as in the proto, with their bits.
    pub(crate) const NAMES: [(&'static str, u8); 5] = [
        ("title", Self::TITLE),
        ("text", Self::TEXT),
        ("source", Self::SOURCE),
        ("publish_time", Self::PUBLISH_TIME),
        ("metadata", Self::METADATA),
    ];

    pub(crate) const fn has(self, field: u8) -> bool {
        self.0 & field != 0
    }

    /// The fields an update mask names (AIP-134); an absent mask means every field set in
    /// `document`.
    pub(crate) fn of_mask(
        mask: Option<&prost_types::FieldMask>,
        document: &Document,
    ) -> Result<Self, ApiError> {
        let Some(mask) = mask else {
            let set = [
                (!document.title.is_empty(), Self::TITLE),
                (!document.text.is_empty(), Self::TEXT),
                (!document.source.is_empty(), Self::SOURCE),
                (document.publish_time.is_some(), Self::PUBLISH_TIME),
                (!document.metadata.is_empty(), Self::METADATA),
            ];
            return Ok(Self(
                set.iter()
                    .filter(|(on, _)| *on)
                    .fold(0, |bits, (_, bit)| bits | bit),
            ));
        };
        let mut bits = 0;
        for path in &mask.paths {
            if path == "*" {
                return Ok(Self::ALL);
            }
            let bit = Self::NAMES
                .iter()
                .find(|(name, _)| name == path)
                .map(|&(_, bit)| bit)
                .ok_or_else(|| {
                    ApiError::invalid(
                        "update_mask",
                        format!(
                            "cannot update {}: the fields that can be updated are title, \
                             text, source, publish_time and metadata (or * for all)",
                            quoted(path)
                        ),
                    )
                })?;
            bits |= bit;
        }
        Ok(Self(bits))
    }
}

/// Copies the fields of `fields` from `proto` into `document` (an empty string clears an
/// optional field).
pub(crate) fn set_fields(document: &mut LibDocument, proto: &Document, fields: FieldSet) {
    let optional = |value: &str| (!value.is_empty()).then(|| value.to_owned());
    if fields.has(FieldSet::TITLE) {
        document.title = optional(&proto.title)
            .or_else(|| lede_corpus::headline(&document.text).map(str::to_owned));
    }
    if fields.has(FieldSet::TEXT) {
        document.text.clone_from(&proto.text);
    }
    if fields.has(FieldSet::SOURCE) {
        document.source = optional(&proto.source);
    }
    if fields.has(FieldSet::PUBLISH_TIME) {
        document.date = proto.publish_time.as_ref().map(ToString::to_string);
    }
    if fields.has(FieldSet::METADATA) {
        document.metadata = proto
            .metadata
            .iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
    }
}
