//! A corpus of news documents for lede: loading, analysis cached per document, statistics
//! kept current, BM25 search with highlighted snippets, similar documents, corpus-wide top
//! terms, keyphrases and summaries.
//!
//! A [`Corpus`] holds [`Document`]s (a unique name, a title, the text, optional source and
//! date) in name order. Each document is analysed once, when it is inserted: its sentences,
//! its term occurrences with their byte spans and its term counts are kept
//! ([`Analysis`]), and the corpus's [`lede_tfidf::CorpusStats`] are updated. Documents can
//! be [inserted](Corpus::insert) and [removed](Corpus::remove) at any time; removal restores
//! the statistics exactly. An inverted index (postings per term) is kept current with them,
//! so that search, similar documents, top terms and whole-corpus summaries cost work in
//! proportion to what matches, not to the corpus. The weights that depend on every document
//! (BM25 and TF-IDF IDF tables) are rebuilt lazily, on the first query after a change.
//!
//! A prepared document's analysis can be kept as bytes beside it
//! ([`Prepared::analysis_bytes`], [`Corpus::stored_analysis`]) and turned back into a prepared
//! document without analysing the text ([`Corpus::prepare_stored`]); [`Corpus::load`] fills a
//! corpus from documents and their stored analyses on a few threads, analysing the documents
//! whose analysis is missing, stale ([`ANALYSIS_VERSION`]) or damaged. The crate does no I/O:
//! where the bytes are kept is the caller's business (`lede-store` keeps them in SQLite).
//!
//! Documents come from the five seed articles embedded in the binary
//! ([`Corpus::from_seeds`], the default corpus), a directory of `.txt`/`.md` files
//! ([`Corpus::from_dir`]) or a JSONL file with configurable field names
//! ([`Corpus::from_jsonl`], [`JsonlFields`]). Input that cannot be read or is invalid is an
//! [`Error`] naming the file and, where it applies, the line.
//!
//! Queries:
//!
//! * [`Corpus::search`] and [`Corpus::search_page`]: BM25 top-k from the index by MaxScore
//!   (exactly the ranking of scoring every document), each hit with a [`Snippet`] (its best
//!   sentence) whose matched words are marked by byte spans;
//! * [`Corpus::similar`] and [`Corpus::similar_to_text`]: the documents closest to one by
//!   TF-IDF cosine, candidates from the index scored exactly;
//! * [`Corpus::top_terms`]: the terms that stand for the whole corpus, in readable form;
//! * [`Corpus::keywords`]: a document's keyphrases, ranked against the corpus, as a
//!   [`KeywordsRequest`] asks;
//! * [`Corpus::summarize`]: an extractive summary of some documents, or of the corpus (its
//!   [`MAX_AUTO_SUMMARY_DOCUMENTS`] documents most about the query, or most central), with
//!   attribution, as a [`SummaryRequest`] asks; its cost is bounded whatever the corpus's
//!   size, and [`Corpus::summary_job`] computes the same summary from a copy of what it
//!   reads, for callers that share the corpus behind a lock;
//! * for inline text, no corpus needed: [`keywords_of_text`], [`summarize_texts`] and
//!   [`WordAnalyzer`] (one word normalised, stop word or not, stemmed).
//!
//! Request options are validated once, here, every bad option reported
//! ([`Error::InvalidOptions`]); a stored document is always analysed in the corpus's
//! language ([`Corpus::document_language`]).
//!
//! * [`Filter`]: an AIP-160 subset over source, times, metadata and `duplicate_of`, which
//!   the `*_where` forms of the queries take ([`Corpus::search_page_where`],
//!   [`Corpus::similar_where`], [`Corpus::summary_documents_where`], [`Corpus::list_where`]
//!   in a [`DocumentOrder`], [`Corpus::stats_where`]); it is tested on what the index yields
//!   where a query narrows, and on every document otherwise;
//! * [`Corpus::duplicate_of`] and [`Corpus::near_duplicates`]: near-duplicates by MinHash
//!   fingerprints found through LSH bands ([`fingerprint`]), kept current as documents come
//!   and go.
//!
//! Every span is a byte range into the text it refers to (UTF-8, on `char` boundaries).
//!
//! # Decisions
//!
//! * **Names and order.** Names are unique, non-empty, without control characters or
//!   surrounding white space. Documents are kept in a `BTreeMap` by name, so iteration,
//!   ties in rankings and paging ([`Corpus::iter_after`]) follow a stable order that does not
//!   depend on insertion history. A seed is named by its file stem
//!   (`"001_ea396f7a82a19f71"`), exactly as [`Corpus::from_dir`] names the files of
//!   `seeds/`, so both give the same corpus.
//! * **Titles.** A document's text is kept whole; its title is metadata. Seeds and text
//!   files are titled by their [`headline`] (a first line without final punctuation), JSONL
//!   records by their title field or else their headline.
//! * **Terms.** Documents and queries are analysed by one [`lede_tfidf::Analyzer`] setup
//!   (the corpus's language, every step on) into unigrams; the statistics, BM25, TF-IDF
//!   vectors and the keyphrase ranking all read the same counts. Query terms the corpus has
//!   never seen are ignored (they cannot match).
//! * **Snippets** are one sentence: the one whose distinct query terms have the largest
//!   summed BM25 IDF (repeats add a little), the earliest of equals. Highlights are relative
//!   to the snippet.
//! * **Loading** with `from_*` makes an English corpus; for another language or other
//!   options, make one with [`Corpus::with_options`] and [`Corpus::extend`] it with
//!   [`documents_from_dir`] or [`documents_from_jsonl`].
//!
//! # Example
//!
//! ```
//! use lede_corpus::{Corpus, Document};
//! use lede_summarize::Budget;
//!
//! let mut corpus = Corpus::from_seeds()?;
//! assert_eq!(corpus.len(), 5);
//!
//! // Search: hits with snippets whose highlights slice the matched words.
//! let hits = corpus.search("Greenland", 3)?;
//! assert!(!hits.is_empty());
//! for hit in &hits {
//!     for span in &hit.snippet.highlights {
//!         assert_eq!(&hit.snippet.text[span.range()], "Greenland");
//!     }
//! }
//!
//! // Similar documents, never the document itself.
//! let similar = corpus.similar(hits[0].name, 2)?;
//! assert!(similar.iter().all(|s| s.name != hits[0].name));
//!
//! // Corpus-wide terms in their written form; a summary with attribution.
//! let top = corpus.top_terms(5)?;
//! assert!(top.iter().any(|term| term.text == "Ukraine"));
//! let summary = corpus.summarize(None, &lede_corpus::SummaryRequest::default().with_budget(Budget::Sentences(2)).with_query(Some("Greenland")))?;
//! assert!(summary.iter().all(|s| corpus.get(s.name).is_some()));
//!
//! // Documents come and go; the statistics follow.
//! corpus.insert(Document::new("oil", "Oil prices fell sharply on Tuesday."))?;
//! assert_eq!(corpus.search("oil prices", 1)?[0].name, "oil");
//! corpus.remove("oil")?;
//! assert_eq!(corpus.stats().documents(), 5);
//! # Ok::<(), lede_corpus::Error>(())
//! ```
//!
//! # Features
//!
//! `serde` (off by default): the query results ([`SearchPage`], [`SearchHit`], [`Snippet`],
//! [`Similar`], [`TopTerm`], [`SummarySentence`], and the keyphrases of [`Corpus::keywords`])
//! implement `serde::Serialize`, and [`Document`] also `Deserialize` (its times as seconds and
//! nanoseconds since the Unix epoch, serde's form of `SystemTime`).

mod corpus;
mod document;
mod error;
pub mod filter;
pub mod fingerprint;
mod index;
mod limits;
mod load;
mod persist;
mod request;
mod surfaces;
mod words;

pub use corpus::{
    Analysis, Corpus, CorpusOptions, DocumentOrder, MAX_AUTO_SUMMARY_DOCUMENTS, MAX_SEARCH_DEPTH,
    MAX_SUMMARY_DOCUMENTS, MAX_SUMMARY_TEXT_BYTES, Prepared, SearchHit, SearchPage, Similar,
    Snippet, SubsetStats, SummaryJob, SummarySentence, TopTerm,
};
pub use corpus::{
    STORY_CANDIDATES, STORY_POSTINGS, STORY_TERMS, STORY_THRESHOLD, STORY_WINDOW_DAYS, Story,
    StoryDetails, StoryOrder, Trend, b_cubed,
};
pub use document::{Document, headline};
pub use error::Error;
pub use filter::{Filter, FilterError, MAX_FILTER_BYTES};
pub use fingerprint::Fingerprint;
pub use lede_stem::Language;
pub use lede_summarize::{Budget, Model, Order, Summary};
pub use lede_tfidf::Keyphrase;
pub use lede_tokenize::Span;
pub use limits::{
    DocumentField, DocumentLimits, FieldViolation, MAX_NAME_BYTES, check_name, document_bytes,
};
pub use load::{JsonlFields, documents_from_dir, documents_from_jsonl, seed_documents};
pub use persist::{ANALYSIS_VERSION, LoadReport, Reanalysed, Reanalysis, StoredAnalysis};
pub use request::{
    KeywordsRequest, MAX_KEYWORDS, OptionViolation, SummaryRequest, keywords_of_text,
    summarize_texts,
};
pub use words::{WordAnalyzer, WordForms};

#[cfg(test)]
mod index_tests;
#[cfg(test)]
mod tests;

// The README's example is a doctest too, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
