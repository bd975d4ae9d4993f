//! The reads of `lede.v1.CorpusService`: documents, search, similar documents, summaries
//! and statistics of the shared corpus.

use std::collections::HashSet;

use lede_corpus::{
    Document as LibDocument, DocumentOrder, MAX_SEARCH_DEPTH, MAX_SUMMARY_DOCUMENTS, Span, TopTerm,
};
use lede_proto::v1::{
    DocumentView, FindSimilarDocumentsRequest, FindSimilarDocumentsResponse, GetCorpusStatsRequest,
    GetCorpusStatsResponse, GetDocumentRequest, GetDocumentResponse, ListDocumentsRequest,
    ListDocumentsResponse, SearchDocumentsRequest, SearchDocumentsResponse, SearchResult,
    SimilarDocument, Snippet, SummarizeDocumentsRequest, SummarizeDocumentsResponse, TermStats,
};

use crate::State;
use crate::convert::{count, document, summary_sentences};
use crate::filters;
use crate::offsets::{Offsets, encoding};
use crate::paging;
use crate::status::{ApiError, Violations};
use crate::validate::{check_text, document_id, resolve, summary_request};

pub(crate) fn list(
    state: &State,
    request: &ListDocumentsRequest,
) -> Result<ListDocumentsResponse, ApiError> {
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
    let filter = violations.keep(filters::filter(&request.filter, "filter"))?;
    let order = violations.keep(filters::order(&request.order_by, "order_by"))?;
    let fingerprint = paging::fingerprint(&[
        "list",
        &request.view.to_string(),
        &request.filter,
        &request.order_by,
    ]);
    let after = violations.keep(paging::decode(&request.page_token, fingerprint))?;
    let ((after, filter), order) = violations.finish_with(after.zip(filter).zip(order))?;
    let corpus = &*state.collection.read();
    // In name order the cursor is the last name; in publish-time order, which is sorted
    // afresh for each page, it is the number of documents already listed.
    let ordered = order != DocumentOrder::Name;
    let skip = match (&after, ordered) {
        (Some(cursor), true) => cursor
            .parse::<usize>()
            .map_err(|_| ApiError::invalid("page_token", "not a page token of this request"))?,
        _ => 0,
    };
    let rest: Box<dyn Iterator<Item = &LibDocument>> = match (&after, ordered) {
        (_, true) => Box::new(corpus.list_where(&filter, order).skip(skip)),
        (Some(name), false) => Box::new(
            corpus
                .iter_after(name)
                .filter(|document| corpus.passes(document, &filter)),
        ),
        (None, false) => Box::new(corpus.list_where(&filter, order)),
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
        Some(_) if ordered && rest.peek().is_some() => {
            paging::encode(fingerprint, &(skip + documents.len()).to_string())
        }
        Some(last) if rest.peek().is_some() => paging::encode(
            fingerprint,
            last.name
                .strip_prefix(crate::convert::DOCUMENTS)
                .unwrap_or(&last.name),
        ),
        _ => String::new(),
    };
    Ok(ListDocumentsResponse {
        documents,
        next_page_token,
        total_size: count(corpus.count_where(&filter)),
    })
}

/// The most bytes of documents in one page of `ListDocuments` (but one document, whatever
/// its size): under a client's default 4 MiB message limit with room to spare, and a whole
/// document of the default limits (2 MiB) always fits.
const MAX_PAGE_BYTES: usize = 3 << 20;

pub(crate) fn get(
    state: &State,
    request: &GetDocumentRequest,
) -> Result<GetDocumentResponse, ApiError> {
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

pub(crate) fn search(
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
    let filter = violations.keep(filters::filter(&request.filter, "filter"))?;
    let mut filter = violations.finish_with(filter)?;
    if !request.include_duplicates {
        filter = filter.excluding_duplicates();
    }
    let corpus = &*state.collection.read();
    if !corpus.has_terms(&request.query) {
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
        &request.filter,
        &request.include_duplicates.to_string(),
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
    let page = corpus.search_page_where(&request.query, offset, size, &filter)?;
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

pub(crate) fn similar(
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
    let filter = violations.keep(filters::filter(&request.filter, "filter"))?;
    let filter = violations.finish_with(filter)?;
    let corpus = &*state.collection.read();
    let (text, id) = resolve(corpus, request.input.as_ref(), &state.limits)?;
    let similar = match id {
        Some(id) => corpus.similar_where(id, k, &filter)?,
        None => corpus.similar_to_text_where(text, k, &filter)?,
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

pub(crate) fn summarize(
    state: &State,
    request: &SummarizeDocumentsRequest,
) -> Result<SummarizeDocumentsResponse, ApiError> {
    let mut violations = Violations::default();
    let encoding = violations
        .keep(encoding(request.offset_encoding))?
        .unwrap_or_default();
    let options = violations.keep(summary_request(request.options.as_ref(), &state.limits))?;
    let corpus = state.collection.read();
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
    let filter = violations.keep(filters::filter(&request.filter, "filter"))?;
    if !request.documents.is_empty() {
        if !request.filter.trim().is_empty() {
            violations.add("filter", "must be empty when documents are named");
        }
        if !request.query.trim().is_empty() {
            violations.add("query", "must be empty when documents are named");
        }
    } else if !request.query.trim().is_empty() {
        violations.keep(check_text(&request.query, "query", &state.limits))?;
    }
    // Bad arguments first; a name that is well formed but absent is NOT_FOUND.
    let (mut options, mut filter) = violations.finish_with(options.zip(filter))?;
    if !request.include_duplicates {
        filter = filter.excluding_duplicates();
    }
    if let Some(name) = missing {
        return Err(ApiError::no_document(name));
    }
    let choosing_query = Some(request.query.trim()).filter(|query| !query.is_empty());
    if options.query.is_none() {
        options = options.with_query(choosing_query);
    }
    let chosen;
    let names = if !ids.is_empty() {
        Some(ids.as_slice())
    } else if filter.is_all() && choosing_query.is_none() {
        None
    } else {
        chosen =
            corpus.summary_documents_where(choosing_query.or(options.query.as_deref()), &filter)?;
        Some(chosen.as_slice())
    };
    if names == Some(&[]) {
        return Ok(SummarizeDocumentsResponse::default());
    }
    // What the summary reads is copied out and the corpus released: a summary of many
    // documents takes far longer than the copy, and a writer waiting behind it would make
    // every new reader wait too.
    let job = corpus.summary_job(names, &options)?;
    drop(corpus);
    let summary = job.run()?;
    let sentences = summary_sentences(&summary, |name| job.text(name), encoding);
    Ok(SummarizeDocumentsResponse { sentences })
}

pub(crate) fn stats(
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
    let filter = filters::filter(&request.filter, "filter")?;
    let corpus = &*state.collection.read();
    // Read under the corpus lock, under which the follower advances it: the sequence of
    // exactly these statistics.
    let applied_sequence = super::write::wire(state.collection.applied_sequence());
    if !filter.is_all() {
        let subset = corpus.stats_where(&filter, k)?;
        return Ok(GetCorpusStatsResponse {
            applied_sequence,
            document_count: count(subset.documents),
            vocabulary_size: count(subset.vocabulary),
            total_terms: i64::try_from(subset.total_terms).unwrap_or(i64::MAX),
            top_terms: subset.top_terms.into_iter().map(term_stats).collect(),
        });
    }
    let stats = corpus.stats();
    let top_terms = corpus.top_terms(k)?.into_iter().map(term_stats).collect();
    Ok(GetCorpusStatsResponse {
        applied_sequence,
        document_count: count(corpus.len()),
        vocabulary_size: count(stats.live_terms()),
        total_terms: i64::try_from(stats.total_length()).unwrap_or(i64::MAX),
        top_terms,
    })
}

fn term_stats(term: TopTerm<'_>) -> TermStats {
    TermStats {
        term: term.term.to_owned(),
        surface_form: term.text.to_owned(),
        document_frequency: i32::try_from(term.document_frequency).unwrap_or(i32::MAX),
        occurrences: i64::try_from(term.occurrences).unwrap_or(i64::MAX),
        score: term.score,
    }
}
