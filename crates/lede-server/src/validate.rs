//! Request validation: each function checks fields of a request and returns the library
//! value they stand for, or an [`ApiError`] naming every bad field (collected with
//! [`Violations`], so that one answer lists them all).

use std::collections::HashMap;

use lede_corpus::{Corpus, Document as LibDocument};
use lede_proto::v1::{
    CreateDocumentRequest, KeywordOptions, SummaryModel, SummaryOptions, SummaryOrder, TextInput,
    summary_budget, text_input,
};
use lede_stem::Language;
use lede_summarize::{Budget, Model, Order, Summarizer, SummarizerOptions};
use lede_tfidf::{KeyphraseOptions, MAX_PHRASE_WORDS};

use crate::Limits;
use crate::collection::Collection;
use crate::convert::{FieldSet, set_fields};
use crate::offsets::encoding;
use crate::status::{ApiError, Violations, quoted};

/// The identifier of a resource name `documents/{document}`.
pub(crate) fn document_id<'a>(name: &'a str, field: &str) -> Result<&'a str, ApiError> {
    name.strip_prefix("documents/")
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

/// The text of an input and the corpus id of its document, if it names one.
pub(crate) fn resolve<'a>(
    corpus: &'a Corpus,
    input: Option<&'a TextInput>,
    limits: &Limits,
) -> Result<(&'a str, Option<&'a str>), ApiError> {
    match input.and_then(|input| input.content.as_ref()) {
        None => Err(ApiError::invalid(
            "input",
            "set either input.text or input.document",
        )),
        Some(text_input::Content::Text(text)) => {
            check_text(text, "input.text", limits)?;
            Ok((text, None))
        }
        Some(text_input::Content::Document(name)) => {
            let id = document_id(name, "input.document")?;
            let document = corpus.get(id).ok_or_else(|| ApiError::no_document(name))?;
            Ok((document.text.as_str(), Some(id)))
        }
    }
}

/// The language of a request: empty is English (the corpus documents are English too).
pub(crate) fn language(value: &str) -> Result<Language, ApiError> {
    if value.is_empty() {
        return Ok(Language::English);
    }
    value.parse().map_err(|error: lede_stem::Error| {
        // The library's message quotes the value whole (and lists every language).
        let description = if value.chars().count() > 64 {
            format!("unknown language {}", quoted(value))
        } else {
            error.to_string()
        };
        ApiError::invalid("language", description)
    })
}

/// A request's language and offset encoding; a bad one is kept as a violation (and English
/// or UTF-8 stand in for it) so that the request's other fields are checked too.
pub(crate) fn language_and_encoding(
    violations: &mut Violations,
    name: &str,
    offset_encoding: i32,
) -> Result<(Language, lede_proto::v1::OffsetEncoding), ApiError> {
    let language = violations
        .keep(language(name))?
        .unwrap_or(Language::English);
    let encoding = violations
        .keep(encoding(offset_encoding))?
        .unwrap_or_default();
    Ok((language, encoding))
}

/// Keyword options with defaults applied and ranges checked.
pub(crate) fn keyword_options(
    options: Option<&KeywordOptions>,
) -> Result<(KeyphraseOptions, bool), ApiError> {
    let default = KeywordOptions::default();
    let options = options.unwrap_or(&default);
    let mut violations = Violations::default();
    let top_k = match options.top_k {
        0 => 10,
        k if k < 0 => {
            violations.add("options.top_k", "must be at least 1");
            10
        }
        k => usize::try_from(k).unwrap_or(usize::MAX).min(1000),
    };
    let max_words = match options.max_words {
        0 => 3,
        n if (1..=4).contains(&n) => usize::try_from(n).unwrap_or(MAX_PHRASE_WORDS),
        _ => {
            violations.add("options.max_words", "must be between 1 and 4");
            3
        }
    };
    violations.finish()?;
    Ok((
        KeyphraseOptions::default()
            .with_top_k(top_k)
            .with_max_words(max_words),
        options.use_background.unwrap_or(true),
    ))
}

/// Validated summary options: the budget, the query and the summarizer's options.
pub(crate) struct SummaryPlan {
    pub(crate) budget: Budget,
    pub(crate) query: Option<String>,
    options: SummarizerOptions,
}

impl SummaryPlan {
    /// Checks `options` (unset fields take their documented defaults).
    pub(crate) fn new(
        options: Option<&SummaryOptions>,
        language: Language,
        limits: &Limits,
    ) -> Result<Self, ApiError> {
        let default = SummaryOptions::default();
        let options = options.unwrap_or(&default);
        // Every field is checked, so that one answer names every violation; a bad field
        // takes its default meanwhile.
        let mut violations = Violations::default();
        let positive = |value: i32, field: &str, violations: &mut Violations| {
            usize::try_from(value)
                .ok()
                .filter(|&n| n >= 1)
                .unwrap_or_else(|| {
                    violations.add(field, "must be at least 1");
                    1
                })
        };
        let budget = match options.budget.as_ref().and_then(|budget| budget.limit) {
            None => Budget::Sentences(3),
            Some(summary_budget::Limit::Sentences(n)) => {
                Budget::Sentences(positive(n, "options.budget.sentences", &mut violations))
            }
            Some(summary_budget::Limit::Words(n)) => {
                Budget::Words(positive(n, "options.budget.words", &mut violations))
            }
            Some(summary_budget::Limit::Ratio(ratio)) => {
                if !(ratio > 0.0 && ratio <= 1.0) {
                    violations.add("options.budget.ratio", "must be in (0, 1]");
                }
                Budget::Ratio(ratio)
            }
        };
        let order = match SummaryOrder::try_from(options.order) {
            Ok(SummaryOrder::Unspecified | SummaryOrder::Document) => Order::Document,
            Ok(SummaryOrder::Score) => Order::Score,
            Err(_) => {
                violations.add("options.order", "unknown order");
                Order::Document
            }
        };
        let query = if options.query.trim().is_empty() {
            None
        } else {
            violations.keep(check_text(&options.query, "options.query", limits))?;
            Some(options.query.clone())
        };
        let mut summarizer = SummarizerOptions::for_language(language)
            .with_order(order)
            .with_background(options.use_background.unwrap_or(true));
        summarizer.model = match SummaryModel::try_from(options.model) {
            Ok(SummaryModel::Auto) => Model::Auto,
            Ok(SummaryModel::Lead) => Model::Lead,
            Ok(SummaryModel::Centrality) => Model::Centrality,
            Err(_) => {
                violations.add("options.model", "unknown model");
                Model::Auto
            }
        };
        for (field, weight, target) in [
            (
                "options.lead_weight",
                options.lead_weight,
                &mut summarizer.lead_weight,
            ),
            (
                "options.length_weight",
                options.length_weight,
                &mut summarizer.length_weight,
            ),
        ] {
            if let Some(weight) = weight {
                if weight.is_finite() && weight >= 0.0 {
                    *target = Some(weight);
                } else {
                    violations.add(field, "must be a finite number >= 0");
                }
            }
        }
        if let Some(lambda) = options.mmr_lambda {
            if (0.0..=1.0).contains(&lambda) {
                summarizer.mmr_lambda = lambda;
                summarizer.mmr_lambda_many = lambda;
            } else {
                violations.add("options.mmr_lambda", "must be in [0, 1]");
            }
        }
        violations.finish()?;
        Ok(Self {
            budget,
            query,
            options: summarizer,
        })
    }

    /// The summarizer of these options.
    pub(crate) fn summarizer(&self) -> Result<Summarizer, ApiError> {
        Ok(Summarizer::new(self.options)?)
    }
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
