//! Request validation: each function checks fields of a request and returns the library
//! value they stand for, or an [`ApiError`] naming every bad field (collected with
//! [`Violations`], so that one answer lists them all).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::RwLockReadGuard;

use lede_corpus::{
    Budget, Corpus, Document as LibDocument, KeywordsRequest, Language, Model, Order,
    SummaryRequest,
};
use lede_proto::v1::{
    CreateDocumentRequest, KeywordOptions, OffsetEncoding, SummaryModel, SummaryOptions,
    SummaryOrder, TextInput, summary_budget, text_input,
};

use crate::Limits;
use crate::collection::Collection;
use crate::convert::{FieldSet, set_fields};
use crate::offsets::encoding;
use crate::status::{ApiError, Violations, quoted};

/// The identifier of a resource name `documents/{document}`.
pub(crate) fn document_id<'a>(name: &'a str, field: &str) -> Result<&'a str, ApiError> {
    name.strip_prefix(crate::convert::DOCUMENTS)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::invalid(field, "expected a resource name documents/{document}"))
}

/// Checks an inline text: not empty, within the limit.
pub(crate) fn check_text(text: &str, field: &str, limits: &Limits) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::invalid(field, "must not be empty"));
    }
    check_length(text, field, limits)
}

/// Checks that a text is within the limit.
pub(crate) fn check_length(text: &str, field: &str, limits: &Limits) -> Result<(), ApiError> {
    if text.len() > limits.max_text_bytes {
        return Err(ApiError::invalid(
            field,
            format!(
                "{} bytes is more than the limit of {} bytes",
                text.len(),
                limits.max_text_bytes
            ),
        ));
    }
    Ok(())
}

/// A request's input, checked without the corpus.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Input<'r> {
    /// Inline text, not empty and within the limit.
    Text(&'r str),
    /// A corpus document: its resource name as sent, and its identifier.
    Document { name: &'r str, id: &'r str },
}

/// Checks a request's `input`: one of its two fields set, the text within the limit, the
/// name a resource name.
pub(crate) fn input<'r>(
    input: Option<&'r TextInput>,
    limits: &Limits,
) -> Result<Input<'r>, ApiError> {
    match input.and_then(|input| input.content.as_ref()) {
        None => Err(ApiError::invalid(
            "input",
            "set either input.text or input.document",
        )),
        Some(text_input::Content::Text(text)) => {
            check_text(text, "input.text", limits)?;
            Ok(Input::Text(text))
        }
        Some(text_input::Content::Document(name)) => Ok(Input::Document {
            name,
            id: document_id(name, "input.document")?,
        }),
    }
}

/// What a text request works on, by the one document input rule: inline text is analysed
/// in the request's language (English when empty) and never touches the corpus; a corpus
/// document is analysed in the corpus's language, against its statistics, and the request
/// may only name that language ([`Corpus::document_language`]).
pub(crate) enum Source<'r, 'c> {
    /// Inline text and its language.
    Text(&'r str, Language),
    /// A corpus document, with the corpus held for reading.
    Document {
        corpus: RwLockReadGuard<'c, Corpus>,
        name: &'r str,
        id: &'r str,
    },
}

impl<'r> Source<'r, '_> {
    /// The text and its language; a document's text is copied and the corpus released, so
    /// that the lock is not held while the request works on the text (copying at most a
    /// document's limit of bytes is a small part of tokenizing or splitting them).
    pub(crate) fn into_text(self) -> Result<(Cow<'r, str>, Language), ApiError> {
        match self {
            Self::Text(text, language) => Ok((Cow::Borrowed(text), language)),
            Self::Document { corpus, name, id } => {
                let document = corpus.get(id).ok_or_else(|| ApiError::no_document(name))?;
                Ok((Cow::Owned(document.text.clone()), corpus.options().language))
            }
        }
    }
}

/// The source of a request whose `input` is `input` and whose language parsed as
/// `requested` (`None`: invalid, its violation kept already; `Some(None)`: not given). A
/// violation goes to `violations`, and the source is then `None` (or a document whose
/// language the request contradicts).
fn source<'r, 'c>(
    collection: &'c Collection,
    input: Option<&'r TextInput>,
    requested: Option<Option<Language>>,
    limits: &Limits,
    violations: &mut Violations,
) -> Result<Option<Source<'r, 'c>>, ApiError> {
    match violations.keep(self::input(input, limits))? {
        None => Ok(None),
        Some(Input::Text(text)) => {
            Ok(requested.map(|language| Source::Text(text, language.unwrap_or(Language::English))))
        }
        Some(Input::Document { name, id }) => {
            let corpus = collection.read();
            if let Some(requested) = requested {
                violations.keep(corpus.document_language(requested).map_err(ApiError::from))?;
            }
            Ok(Some(Source::Document { corpus, name, id }))
        }
    }
}

/// The fields every text request has, checked in their order with every violation kept:
/// its language (`None` for a request without one), offset encoding, options (`options`),
/// and input, which gives the request's [`Source`].
pub(crate) fn text_request<'r, 'c, T>(
    collection: &'c Collection,
    limits: &Limits,
    input: Option<&'r TextInput>,
    language: Option<&str>,
    offset_encoding: i32,
    options: impl FnOnce() -> Result<T, ApiError>,
) -> Result<(Source<'r, 'c>, OffsetEncoding, T), ApiError> {
    let mut violations = Violations::default();
    let requested = match language {
        None => Some(None),
        Some(value) => violations.keep(self::language(value))?,
    };
    let encoding = violations
        .keep(encoding(offset_encoding))?
        .unwrap_or_default();
    let options = violations.keep(options())?;
    let source = source(collection, input, requested, limits, &mut violations)?;
    let (options, source) = violations.finish_with(options.zip(source))?;
    Ok((source, encoding, options))
}

/// The text of an input and the corpus id of its document, if it names one, for a request
/// that needs the corpus whatever its input (similar documents).
pub(crate) fn resolve<'a>(
    corpus: &'a Corpus,
    input: Option<&'a TextInput>,
    limits: &Limits,
) -> Result<(&'a str, Option<&'a str>), ApiError> {
    match self::input(input, limits)? {
        Input::Text(text) => Ok((text, None)),
        Input::Document { name, id } => {
            let document = corpus.get(id).ok_or_else(|| ApiError::no_document(name))?;
            Ok((document.text.as_str(), Some(id)))
        }
    }
}

/// The language a request names, `None` when it names none.
pub(crate) fn language(value: &str) -> Result<Option<Language>, ApiError> {
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|error| {
        // The library's message quotes the value whole (and lists every language).
        let description = if value.chars().count() > 64 {
            format!("unknown language {}", quoted(value))
        } else {
            format!("{error}")
        };
        ApiError::invalid("language", description)
    })
}

/// Keyword options as a library request (0 means the default, as the proto says); the
/// library checks the ranges.
pub(crate) fn keywords_request(
    options: Option<&KeywordOptions>,
) -> Result<KeywordsRequest, ApiError> {
    let default = KeywordOptions::default();
    let options = options.unwrap_or(&default);
    let defaults = KeywordsRequest::default();
    // A negative count is out of range: 0 stands for it, which the library refuses.
    let count = |value: i32, default: usize| match value {
        0 => default,
        n => usize::try_from(n).unwrap_or(0),
    };
    let request = KeywordsRequest::default()
        .with_top_k(count(options.top_k, defaults.top_k))
        .with_max_words(count(options.max_words, defaults.max_words))
        .with_background(options.use_background.unwrap_or(defaults.background));
    request.validate()?;
    Ok(request)
}

/// The order in which summary option violations are reported: the order of the fields in
/// the documentation of `SummaryOptions`.
const SUMMARY_FIELDS: [&str; 9] = [
    "options.budget.sentences",
    "options.budget.words",
    "options.budget.ratio",
    "options.order",
    "options.query",
    "options.model",
    "options.lead_weight",
    "options.length_weight",
    "options.mmr_lambda",
];

/// Summary options as a library request (unset fields take their documented defaults):
/// the enums and the query (against the server's text limit) are checked here, the ranges
/// by the library; every violation is reported.
pub(crate) fn summary_request(
    options: Option<&SummaryOptions>,
    limits: &Limits,
) -> Result<SummaryRequest, ApiError> {
    let default = SummaryOptions::default();
    let options = options.unwrap_or(&default);
    let mut violations = Violations::default();
    // A negative count is out of range: 0 stands for it, which the library refuses.
    let count = |value: i32| usize::try_from(value).unwrap_or(0);
    let budget = match options.budget.as_ref().and_then(|budget| budget.limit) {
        None => SummaryRequest::default().budget,
        Some(summary_budget::Limit::Sentences(n)) => Budget::Sentences(count(n)),
        Some(summary_budget::Limit::Words(n)) => Budget::Words(count(n)),
        Some(summary_budget::Limit::Ratio(ratio)) => Budget::Ratio(ratio),
    };
    let mut request = SummaryRequest::default()
        .with_budget(budget)
        .with_background(options.use_background.unwrap_or(true))
        .with_lead_weight(options.lead_weight)
        .with_length_weight(options.length_weight)
        .with_mmr_lambda(options.mmr_lambda);
    match SummaryOrder::try_from(options.order) {
        Ok(SummaryOrder::Unspecified | SummaryOrder::Document) => {
            request = request.with_order(Order::Document);
        }
        Ok(SummaryOrder::Score) => request = request.with_order(Order::Score),
        Err(_) => violations.add("options.order", "unknown order"),
    }
    match SummaryModel::try_from(options.model) {
        Ok(SummaryModel::Auto) => request = request.with_model(Model::Auto),
        Ok(SummaryModel::Lead) => request = request.with_model(Model::Lead),
        Ok(SummaryModel::Centrality) => request = request.with_model(Model::Centrality),
        Err(_) => violations.add("options.model", "unknown model"),
    }
    if !options.query.trim().is_empty() {
        violations.keep(check_text(&options.query, "options.query", limits))?;
        request = request.with_query(Some(&options.query));
    }
    violations.keep(request.validate().map_err(ApiError::from))?;
    violations.sort_by_fields(&SUMMARY_FIELDS);
    violations.finish()?;
    Ok(request)
}

/// Checks a document identifier by the library's rule ([`lede_corpus::check_name`]), the
/// one `lede import` follows too.
pub(crate) fn check_id(id: &str, field: &str) -> Result<(), ApiError> {
    lede_corpus::check_name(id).map_err(|description| ApiError::invalid(field, description))
}

/// The range of `google.protobuf.Timestamp`: 0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59.999999999Z.
const TIMESTAMP_SECONDS: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;

/// Checks a timestamp against the range the protobuf type documents.
pub(crate) fn check_timestamp(time: &prost_types::Timestamp, field: &str) -> Result<(), ApiError> {
    if !TIMESTAMP_SECONDS.contains(&time.seconds) {
        return Err(ApiError::invalid(
            field,
            format!(
                "seconds must be in [{}, {}] (years 1 to 9999)",
                TIMESTAMP_SECONDS.start(),
                TIMESTAMP_SECONDS.end()
            ),
        ));
    }
    if !(0..=999_999_999).contains(&time.nanos) {
        return Err(ApiError::invalid(field, "nanos must be in [0, 999999999]"));
    }
    Ok(())
}

/// Checks `language` against the corpus's: empty or the same language.
pub(crate) fn check_language(value: &str, field: &str, corpus: Language) -> Result<(), ApiError> {
    if value.is_empty()
        || value
            .parse::<Language>()
            .is_ok_and(|language| language == corpus)
    {
        Ok(())
    } else {
        Err(ApiError::invalid(
            field,
            format!(
                "must be empty or the corpus language, {}",
                corpus.iso_code()
            ),
        ))
    }
}

/// The library document a `CreateDocumentRequest` asks for; `prefix` is the request's field
/// path in its message (`""`, `"requests[3]."`). Every violation goes to `violations`, and
/// the document is `None` when it has any.
pub(crate) fn new_document(
    collection: &Collection,
    request: &CreateDocumentRequest,
    prefix: &str,
    limits: &Limits,
    violations: &mut Violations,
) -> Result<Option<LibDocument>, ApiError> {
    let field = |name: &str| format!("{prefix}{name}");
    let Some(proto) = request.document.as_ref() else {
        violations.add(field("document"), "is required");
        return Ok(None);
    };
    let before = violations.len();
    // An identifier from `document.name` too (AIP-133 allows either): both set must agree,
    // since silently preferring one would create a document the client did not name.
    let named = if proto.name.is_empty() {
        None
    } else {
        violations.keep(document_id(&proto.name, &field("document.name")))?
    };
    let id = if !request.document_id.is_empty() {
        violations.keep(check_id(&request.document_id, &field("document_id")))?;
        if let Some(named) = named.filter(|named| *named != request.document_id) {
            violations.add(
                field("document.name"),
                format!(
                    "names the identifier {} but document_id is {}: leave one empty, or set \
                     both to the same",
                    quoted(named),
                    quoted(&request.document_id)
                ),
            );
        }
        request.document_id.clone()
    } else if let Some(named) = named {
        violations.keep(check_id(named, &field("document.name")))?;
        named.to_owned()
    } else {
        collection.new_id()
    };
    let language = collection.read().options().language;
    violations.keep(check_language(
        &proto.language,
        &field("document.language"),
        language,
    ))?;
    if let Some(time) = &proto.publish_time {
        violations.keep(check_timestamp(time, &field("document.publish_time")))?;
    }
    // Unlike an inline text to analyse, a document's text may be empty: a feed item can be
    // a headline alone (Reuters-21578 even has one with neither).
    let mut document = LibDocument::new(id, proto.text.clone());
    set_fields(&mut document, proto, FieldSet::ALL);
    if let Err(found) = limits.document().check(&document) {
        violations.add_document(&field("document"), found);
    }
    Ok((violations.len() == before).then_some(document))
}

/// The documents of a batch or an import, checked one create request at a time; their
/// identifiers must not repeat. Field paths are `requests[i].…`.
#[derive(Default)]
pub(crate) struct NewDocuments {
    pub(crate) documents: Vec<LibDocument>,
    /// Each identifier and the index of its document.
    pub(crate) indexes: HashMap<String, usize>,
    /// How many requests were refused (their violations are the caller's).
    pub(crate) refused: usize,
}

impl NewDocuments {
    /// Checks the next request and keeps its document (or its violations).
    pub(crate) fn push(
        &mut self,
        collection: &Collection,
        request: &CreateDocumentRequest,
        limits: &Limits,
        violations: &mut Violations,
    ) -> Result<Option<&LibDocument>, ApiError> {
        let index = self.documents.len() + self.refused;
        let prefix = format!("requests[{index}].");
        let Some(document) = new_document(collection, request, &prefix, limits, violations)? else {
            self.refused += 1;
            return Ok(None);
        };
        if let Some(first) = self.indexes.insert(document.name.clone(), index) {
            violations.add(
                format!("{prefix}document_id"),
                format!(
                    "\"{}\" is also the identifier of the document at index {first}",
                    document.name
                ),
            );
            self.refused += 1;
            return Ok(None);
        }
        self.documents.push(document);
        Ok(self.documents.last())
    }
}
