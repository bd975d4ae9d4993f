//! `lede.v1.CorpusService`: documents, search, similar documents, summaries and statistics
//! of the shared corpus; also the summary helpers `TextAnalysisService.Summarize` uses.

use std::collections::{HashMap, HashSet};

use lede_corpus::{Corpus, Document as LibDocument, MAX_SEARCH_DEPTH, MAX_SUMMARY_DOCUMENTS};
use lede_proto::v1::corpus_service_server::CorpusService;
use lede_proto::v1::{
    BatchCreateDocumentsRequest, BatchCreateDocumentsResponse, CreateDocumentRequest,
    CreateDocumentResponse, DeleteDocumentRequest, DeleteDocumentResponse, Document, DocumentView,
    FindSimilarDocumentsRequest, FindSimilarDocumentsResponse, GetCorpusStatsRequest,
    GetCorpusStatsResponse, GetDocumentRequest, GetDocumentResponse, ImportDocumentsRequest,
    ImportDocumentsResponse, ListDocumentsRequest, ListDocumentsResponse, SearchDocumentsRequest,
    SearchDocumentsResponse, SearchResult, SimilarDocument, Snippet, Span as ProtoSpan,
    SummarizeDocumentsRequest, SummarizeDocumentsResponse, SummaryModel, SummaryOptions,
    SummaryOrder, SummarySentence, TermStats, UpdateDocumentRequest, UpdateDocumentResponse,
    summary_budget,
};
use lede_stem::Language;
use lede_summarize::{Budget, Model, Order, Summarizer, SummarizerOptions};
use lede_tfidf::Analyzer;
use lede_tokenize::Span;
use tonic::{Request, Response, Status, Streaming};

use crate::collection::{Collection, Stored};
use crate::offsets::{Offsets, encoding};
use crate::paging;
use crate::status::{ApiError, Violations, quoted};
use crate::text::{check_text, document_id, resolve, resource_name};
use crate::{Limits, State, deadline, handle};

/// The implementation of `CorpusService`.
#[derive(Debug, Clone)]
pub(crate) struct CorpusApi(pub(crate) State);

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A proto document of the corpus document `document` (with its text for the full view).
fn document(corpus: &Corpus, document: &LibDocument, full: bool) -> Document {
    let (words, sentences) = corpus.analysis(&document.name).map_or((0, 0), |analysis| {
        (analysis.word_count(), analysis.sentence_count())
    });
    let mut message = document_message(document, corpus.options().language, words, sentences);
    if full {
        message.text.clone_from(&document.text);
    }
    message
}

/// A proto document of a document a write stored (never with its text).
fn stored_message(stored: &Stored, language: Language) -> Document {
    document_message(&stored.document, language, stored.words, stored.sentences)
}

/// The proto document of `document`, without its text.
fn document_message(
    document: &LibDocument,
    language: Language,
    words: usize,
    sentences: usize,
) -> Document {
    let publish_time = document.date.as_deref().and_then(|date| {
        date.parse()
            .or_else(|_| format!("{date}T00:00:00Z").parse())
            .ok()
    });
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
    }
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

fn list(state: &State, request: &ListDocumentsRequest) -> Result<ListDocumentsResponse, ApiError> {
    let mut violations = Violations::default();
    let size = violations
        .keep(paging::page_size(
            request.page_size,
            50,
            state.limits.max_page_size.min(1000),
        ))?
        .unwrap_or(50);
    let view = DocumentView::try_from(request.view).unwrap_or_else(|_| {
        violations.add("view", "unknown view");
        DocumentView::Basic
    });
    let fingerprint = paging::fingerprint(&["list", &request.view.to_string()]);
    let after = violations.keep(paging::decode(&request.page_token, fingerprint))?;
    let after = violations.finish_with(after)?;
    let corpus = &*state.collection.read();
    let rest: Box<dyn Iterator<Item = &LibDocument>> = match &after {
        Some(name) => Box::new(corpus.iter_after(name)),
        None => Box::new(corpus.iter()),
    };
    let mut rest = rest.peekable();
    let full = view == DocumentView::Full;
    // A page also ends before it would pass MAX_PAGE_BYTES (AIP-158 lets a page be short):
    // a page of full documents of a megabyte each would otherwise be more than any default
    // client reads (4 MiB), however small each document is.
    let mut documents = Vec::new();
    let mut bytes = 0usize;
    while documents.len() < size {
        let Some(next) = rest.peek() else { break };
        let message = document(corpus, next, full);
        let encoded = prost::Message::encoded_len(&message);
        if !documents.is_empty() && bytes.saturating_add(encoded) > MAX_PAGE_BYTES {
            break;
        }
        bytes = bytes.saturating_add(encoded);
        documents.push(message);
        rest.next();
    }
    let next_page_token = match documents.last() {
        Some(last) if rest.peek().is_some() => paging::encode(
            fingerprint,
            last.name.strip_prefix("documents/").unwrap_or(&last.name),
        ),
        _ => String::new(),
    };
    Ok(ListDocumentsResponse {
        documents,
        next_page_token,
        total_size: count(corpus.len()),
    })
}

/// The most bytes of documents in one page of `ListDocuments` (but one document, whatever
/// its size): under a client's default 4 MiB message limit with room to spare, and a whole
/// document of the default limits (2 MiB) always fits.
const MAX_PAGE_BYTES: usize = 3 << 20;

fn get(state: &State, request: &GetDocumentRequest) -> Result<GetDocumentResponse, ApiError> {
    let mut violations = Violations::default();
    let view = DocumentView::try_from(request.view).unwrap_or_else(|_| {
        violations.add("view", "unknown view");
        DocumentView::Basic
    });
    let id = violations.keep(document_id(&request.name, "name"))?;
    let id = violations.finish_with(id)?;
    let corpus = &*state.collection.read();
    let found = corpus
        .get(id)
        .ok_or_else(|| ApiError::no_document(&request.name))?;
    Ok(GetDocumentResponse {
        document: Some(document(corpus, found, view != DocumentView::Basic)),
    })
}

fn search(
    state: &State,
    request: &SearchDocumentsRequest,
) -> Result<SearchDocumentsResponse, ApiError> {
    let mut violations = Violations::default();
    violations.keep(check_text(&request.query, "query", &state.limits))?;
    let size = violations
        .keep(paging::page_size(
            request.page_size,
            10,
            state.limits.max_page_size.min(100),
        ))?
        .unwrap_or(10);
    let encoding = violations
        .keep(encoding(request.offset_encoding))?
        .unwrap_or_default();
    if !(0..=5).contains(&request.max_snippets) {
        violations.add("max_snippets", "must be between 0 and 5");
    }
    violations.finish()?;
    let corpus = &*state.collection.read();
    let mut terms = 0usize;
    Analyzer::new(corpus.options().language).for_each_term(&request.query, |_| terms += 1);
    if terms == 0 {
        return Err(ApiError::invalid(
            "query",
            "has no term that is not a stop word",
        ));
    }
    let fingerprint = paging::fingerprint(&[
        "search",
        &request.query,
        &request.offset_encoding.to_string(),
        &request.max_snippets.to_string(),
    ]);
    let offset = match paging::decode(&request.page_token, fingerprint)? {
        None => 0,
        Some(cursor) => cursor
            .parse::<usize>()
            .map_err(|_| ApiError::invalid("page_token", "not a page token of this request"))?,
    };
    if offset >= MAX_SEARCH_DEPTH {
        return Err(ApiError::invalid(
            "page_token",
            format!("results end at the {MAX_SEARCH_DEPTH}th: narrow the query instead"),
        ));
    }
    // The last page is cut short at the deepest result the corpus ranks.
    let size = size.min(MAX_SEARCH_DEPTH - offset);
    let page = corpus.search_page(&request.query, offset, size)?;
    let end = offset + page.hits.len();
    let results = page
        .hits
        .iter()
        .filter_map(|hit| {
            let found = corpus.get(hit.name)?;
            let offsets = Offsets::new(&found.text, encoding);
            let snippet = &hit.snippet;
            let start = snippet.span.start;
            Some(SearchResult {
                document: Some(document(corpus, found, false)),
                score: hit.score,
                snippets: vec![Snippet {
                    text: snippet.text.to_owned(),
                    span: Some(offsets.span(snippet.span)),
                    highlights: snippet
                        .highlights
                        .iter()
                        .map(|h| offsets.span(Span::new(start + h.start, start + h.end)))
                        .collect(),
                }],
            })
        })
        .collect();
    let next_page_token = if end < page.total.min(MAX_SEARCH_DEPTH) {
        paging::encode(fingerprint, &end.to_string())
    } else {
        String::new()
    };
    Ok(SearchDocumentsResponse {
        results,
        next_page_token,
        total_size: count(page.total),
    })
}

fn similar(
    state: &State,
    request: &FindSimilarDocumentsRequest,
) -> Result<FindSimilarDocumentsResponse, ApiError> {
    let mut violations = Violations::default();
    let k = match request.max_results {
        0 => 5,
        n @ 1..=100 => usize::try_from(n).unwrap_or(5),
        _ => {
            violations.add("max_results", "must be between 0 and 100");
            5
        }
    };
    if !(0.0..=1.0).contains(&request.min_score) {
        violations.add("min_score", "must be in [0, 1]");
    }
    violations.finish()?;
    let corpus = &*state.collection.read();
    let (text, id) = resolve(corpus, request.input.as_ref(), &state.limits)?;
    let similar = match id {
        Some(id) => corpus.similar(id, k)?,
        None => corpus.similar_to_text(text, k)?,
    };
    let similar_documents = similar
        .into_iter()
        .filter(|similar| similar.score >= request.min_score)
        .filter_map(|similar| {
            Some(SimilarDocument {
                document: Some(document(corpus, corpus.get(similar.name)?, false)),
                score: similar.score,
            })
        })
        .collect();
    Ok(FindSimilarDocumentsResponse { similar_documents })
}

fn summarize(
    state: &State,
    request: &SummarizeDocumentsRequest,
) -> Result<SummarizeDocumentsResponse, ApiError> {
    let mut violations = Violations::default();
    let encoding = violations
        .keep(encoding(request.offset_encoding))?
        .unwrap_or_default();
    let corpus = &*state.collection.read();
    let plan = violations.keep(SummaryPlan::new(
        request.options.as_ref(),
        corpus.options().language,
        &state.limits,
    ))?;
    let mut ids: Vec<&str> = Vec::with_capacity(request.documents.len());
    let mut missing = None;
    if request.documents.len() > MAX_SUMMARY_DOCUMENTS {
        violations.add(
            "documents",
            format!(
                "names {} documents: at most {MAX_SUMMARY_DOCUMENTS} (leave it empty to let \
                 the server choose the documents of the corpus that the query is about)",
                request.documents.len()
            ),
        );
    } else {
        let mut seen = HashSet::new();
        for (index, name) in request.documents.iter().enumerate() {
            let field = format!("documents[{index}]");
            let Some(id) = violations.keep(document_id(name, &field))? else {
                continue;
            };
            if !seen.insert(id) {
                violations.add(field, "names a document twice");
            } else if corpus.contains(id) {
                ids.push(id);
            } else {
                missing.get_or_insert(name);
            }
        }
    }
    // Bad arguments first; a name that is well formed but absent is NOT_FOUND.
    let plan = violations.finish_with(plan)?;
    if let Some(name) = missing {
        return Err(ApiError::no_document(name));
    }
    let names = (!ids.is_empty()).then_some(ids.as_slice());
    let summarizer = plan.summarizer()?;
    let summary = corpus.summarize_with(&summarizer, names, plan.budget, plan.query.as_deref())?;
    let mut offsets: HashMap<&str, Offsets> = HashMap::new();
    let sentences = summary
        .iter()
        .filter_map(|sentence| {
            let offsets = match offsets.entry(sentence.name) {
                std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(Offsets::new(&corpus.get(sentence.name)?.text, encoding))
                }
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
        .collect();
    Ok(SummarizeDocumentsResponse { sentences })
}

fn stats(
    state: &State,
    request: &GetCorpusStatsRequest,
) -> Result<GetCorpusStatsResponse, ApiError> {
    let k = match usize::try_from(request.top_terms_count) {
        Err(_) => {
            return Err(ApiError::invalid("top_terms_count", "must not be negative"));
        }
        Ok(0) => 20,
        Ok(k) => k.min(1000),
    };
    let corpus = &*state.collection.read();
    let stats = corpus.stats();
    let top_terms = corpus
        .top_terms(k)?
        .into_iter()
        .map(|term| TermStats {
            term: term.term.to_owned(),
            surface_form: term.text.to_owned(),
            document_frequency: i32::try_from(term.document_frequency).unwrap_or(i32::MAX),
            occurrences: i64::try_from(term.occurrences).unwrap_or(i64::MAX),
            score: term.score,
        })
        .collect();
    Ok(GetCorpusStatsResponse {
        document_count: count(corpus.len()),
        vocabulary_size: count(stats.live_terms()),
        total_terms: i64::try_from(stats.total_length()).unwrap_or(i64::MAX),
        top_terms,
    })
}

/// The most documents of one `BatchCreateDocuments`.
const MAX_BATCH: usize = 1000;

impl Violations {
    /// The library's violations of the document at `prefix`, but its name's: the caller
    /// reports that under the field the name came from.
    fn add_document(&mut self, prefix: &str, violations: Vec<lede_corpus::FieldViolation>) {
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

/// Checks a document identifier by the library's rule ([`lede_corpus::check_name`]), the
/// one `lede import` follows too.
fn check_id(id: &str, field: &str) -> Result<(), ApiError> {
    lede_corpus::check_name(id).map_err(|description| ApiError::invalid(field, description))
}

/// The range of `google.protobuf.Timestamp`: 0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59.999999999Z.
const TIMESTAMP_SECONDS: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;

/// Checks a timestamp against the range the protobuf type documents.
fn check_timestamp(time: &prost_types::Timestamp, field: &str) -> Result<(), ApiError> {
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
fn check_language(value: &str, field: &str, corpus: Language) -> Result<(), ApiError> {
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
fn new_document(
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

/// The fields of a document a client may set: a bit set over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FieldSet(u8);

impl FieldSet {
    const TITLE: u8 = 1;
    const TEXT: u8 = 2;
    const SOURCE: u8 = 4;
    const PUBLISH_TIME: u8 = 8;
    const METADATA: u8 = 16;
    const ALL: Self = Self(31);
    /// The names of the fields, as in the proto, with their bits.
    const NAMES: [(&'static str, u8); 5] = [
        ("title", Self::TITLE),
        ("text", Self::TEXT),
        ("source", Self::SOURCE),
        ("publish_time", Self::PUBLISH_TIME),
        ("metadata", Self::METADATA),
    ];

    const fn has(self, field: u8) -> bool {
        self.0 & field != 0
    }

    /// The fields an update mask names (AIP-134); an absent mask means every field set in
    /// `document`.
    fn of_mask(
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
fn set_fields(document: &mut LibDocument, proto: &Document, fields: FieldSet) {
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

/// The documents of a batch or an import, checked one create request at a time; their
/// identifiers must not repeat. Field paths are `requests[i].…`.
#[derive(Default)]
struct NewDocuments {
    documents: Vec<LibDocument>,
    /// Each identifier and the index of its document.
    indexes: HashMap<String, usize>,
    /// How many requests were refused (their violations are the caller's).
    refused: usize,
}

impl NewDocuments {
    /// Checks the next request and keeps its document (or its violations).
    fn push(
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

fn create(
    state: &State,
    request: &CreateDocumentRequest,
) -> Result<CreateDocumentResponse, ApiError> {
    let collection = &state.collection;
    let mut violations = Violations::default();
    let document = new_document(collection, request, "", &state.limits, &mut violations)?;
    violations.finish()?;
    let Some(document) = document else {
        return Err(ApiError::Internal(
            "a refused document without a violation".to_owned(),
        ));
    };
    let language = collection.read().options().language;
    let stored = collection.create(vec![document])?;
    Ok(CreateDocumentResponse {
        document: stored
            .first()
            .map(|stored| stored_message(stored, language)),
    })
}

fn batch_create(
    state: &State,
    request: &BatchCreateDocumentsRequest,
) -> Result<BatchCreateDocumentsResponse, ApiError> {
    if request.requests.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "requests",
            format!(
                "{} documents is more than {MAX_BATCH}: use ImportDocuments for large batches",
                request.requests.len()
            ),
        ));
    }
    let collection = &state.collection;
    let mut documents = NewDocuments::default();
    let mut violations = Violations::default();
    for request in &request.requests {
        documents.push(collection, request, &state.limits, &mut violations)?;
    }
    violations.finish()?;
    let documents = documents.documents;
    let language = collection.read().options().language;
    let stored = collection.create(documents)?;
    Ok(BatchCreateDocumentsResponse {
        documents: stored
            .iter()
            .map(|stored| stored_message(stored, language))
            .collect(),
    })
}

fn update(
    state: &State,
    request: &UpdateDocumentRequest,
) -> Result<UpdateDocumentResponse, ApiError> {
    let Some(proto) = request.document.as_ref() else {
        return Err(ApiError::invalid("document", "is required"));
    };
    let mut violations = Violations::default();
    let id = violations.keep(document_id(&proto.name, "document.name"))?;
    let fields = violations
        .keep(FieldSet::of_mask(request.update_mask.as_ref(), proto))?
        .unwrap_or(FieldSet(0));
    let collection = &state.collection;
    let language = collection.read().options().language;
    violations.keep(check_language(
        &proto.language,
        "document.language",
        language,
    ))?;
    if let Some(time) = proto
        .publish_time
        .as_ref()
        .filter(|_| fields.has(FieldSet::PUBLISH_TIME))
    {
        violations.keep(check_timestamp(time, "document.publish_time"))?;
    }
    // The fields it sets, checked alone: each must be within its limit whatever the rest
    // of the document, and the whole is at least as large as they are. The library checks
    // the whole once merged.
    let mut patch = LibDocument::new(id.unwrap_or("x"), String::new());
    set_fields(&mut patch, proto, fields);
    if let Err(found) = state.limits.document().check(&patch) {
        violations.add_document("document", found);
    }
    violations.finish()?;
    let Some(id) = id else {
        return Err(ApiError::Internal(
            "a refused name without a violation".to_owned(),
        ));
    };
    let stored = collection.update(id, |document| set_fields(document, proto, fields))?;
    Ok(UpdateDocumentResponse {
        document: Some(stored_message(&stored, language)),
    })
}

fn delete(
    state: &State,
    request: &DeleteDocumentRequest,
) -> Result<DeleteDocumentResponse, ApiError> {
    let id = document_id(&request.name, "name")?;
    state.collection.delete(id)?;
    Ok(DeleteDocumentResponse {})
}

/// Receives an import stream whole (checking each document as it comes, within the import
/// size limit), then creates every document at once.
async fn import(
    state: State,
    mut stream: Streaming<ImportDocumentsRequest>,
    deadline: Option<std::time::Duration>,
) -> Result<ImportDocumentsResponse, ApiError> {
    // The stream counts among the pending requests from its start: what it sends is held
    // until the commit.
    let place = state.admission.enter()?;
    let mut documents = NewDocuments::default();
    let mut bytes = 0usize;
    while let Some(chunk) = stream.message().await.map_err(ApiError::Stream)? {
        let mut violations = Violations::default();
        for request in &chunk.requests {
            let Some(document) =
                documents.push(&state.collection, request, &state.limits, &mut violations)?
            else {
                continue;
            };
            // Every field the server holds until the commit, not the text alone.
            bytes = bytes.saturating_add(lede_corpus::document_bytes(document));
            if bytes > state.limits.max_import_bytes {
                return Err(ApiError::TooLarge(format!(
                    "the import's documents exceed --max-import-bytes, {} bytes, at \
                     requests[{}]: split it into smaller imports",
                    state.limits.max_import_bytes,
                    documents.documents.len() - 1 + documents.refused,
                )));
            }
        }
        // The chunk's violations all at once, without reading the rest of the stream.
        violations.finish()?;
    }
    let collection = state.collection.clone();
    let documents = documents.documents;
    let stored = state
        .admission
        .run_entered(place, deadline, move || collection.create(documents))
        .await?;
    Ok(ImportDocumentsResponse {
        imported_count: count(stored.len()),
        names: stored
            .iter()
            .map(|stored| resource_name(&stored.document.name))
            .collect(),
    })
}

#[tonic::async_trait]
impl CorpusService for CorpusApi {
    async fn list_documents(
        &self,
        request: Request<ListDocumentsRequest>,
    ) -> Result<Response<ListDocumentsResponse>, Status> {
        rpc!(self, request, "ListDocuments", list)
    }

    async fn get_document(
        &self,
        request: Request<GetDocumentRequest>,
    ) -> Result<Response<GetDocumentResponse>, Status> {
        rpc!(self, request, "GetDocument", get)
    }

    async fn search_documents(
        &self,
        request: Request<SearchDocumentsRequest>,
    ) -> Result<Response<SearchDocumentsResponse>, Status> {
        rpc!(self, request, "SearchDocuments", search)
    }

    async fn find_similar_documents(
        &self,
        request: Request<FindSimilarDocumentsRequest>,
    ) -> Result<Response<FindSimilarDocumentsResponse>, Status> {
        rpc!(self, request, "FindSimilarDocuments", similar)
    }

    async fn summarize_documents(
        &self,
        request: Request<SummarizeDocumentsRequest>,
    ) -> Result<Response<SummarizeDocumentsResponse>, Status> {
        rpc!(self, request, "SummarizeDocuments", summarize)
    }

    async fn get_corpus_stats(
        &self,
        request: Request<GetCorpusStatsRequest>,
    ) -> Result<Response<GetCorpusStatsResponse>, Status> {
        rpc!(self, request, "GetCorpusStats", stats)
    }

    async fn create_document(
        &self,
        request: Request<CreateDocumentRequest>,
    ) -> Result<Response<CreateDocumentResponse>, Status> {
        rpc!(self, request, "CreateDocument", create)
    }

    async fn batch_create_documents(
        &self,
        request: Request<BatchCreateDocumentsRequest>,
    ) -> Result<Response<BatchCreateDocumentsResponse>, Status> {
        rpc!(self, request, "BatchCreateDocuments", batch_create)
    }

    async fn update_document(
        &self,
        request: Request<UpdateDocumentRequest>,
    ) -> Result<Response<UpdateDocumentResponse>, Status> {
        rpc!(self, request, "UpdateDocument", update)
    }

    async fn delete_document(
        &self,
        request: Request<DeleteDocumentRequest>,
    ) -> Result<Response<DeleteDocumentResponse>, Status> {
        rpc!(self, request, "DeleteDocument", delete)
    }

    async fn import_documents(
        &self,
        request: Request<Streaming<ImportDocumentsRequest>>,
    ) -> Result<Response<ImportDocumentsResponse>, Status> {
        let deadline = deadline(&request);
        handle(
            &self.0,
            "ImportDocuments",
            import(self.0.clone(), request.into_inner(), deadline),
        )
        .await
    }
}
