//! The corpus's options, what it keeps of a document, and what its queries return.

use lede_stem::Language;
use lede_summarize::SummarizerOptions;
use lede_tfidf::{Bm25Options, DocumentTerms, TfidfOptions};
use lede_tokenize::Span;

use crate::Document;
// Only the documentation links to these.
#[cfg(doc)]
use crate::Corpus;
use crate::persist::Terms;
#[cfg(doc)]
use lede_tfidf::CorpusStats;

/// How a [`Corpus`] analyses and weights its documents; [`Default`] is English with the
/// defaults of `lede-tfidf` and `lede-summarize`.
///
/// Non-exhaustive, because options will grow: start from [`Default`] (or a constructor) and
/// set fields with the `with_*` builders (or assign them).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct CorpusOptions {
    /// The language of stop words and stemming, for documents and queries alike (default
    /// English). It also sets the summarizer's language and the background table (English
    /// only) blended into keyphrase and summary weights.
    pub language: Language,
    /// BM25 parameters for [`Corpus::search`] (default `k1 = 1.2`, `b = 0.75`).
    pub bm25: Bm25Options,
    /// TF-IDF weighting for [`Corpus::similar`] and [`Corpus::top_terms`] (default: smooth
    /// IDF, raw TF, L2 norm, as scikit-learn).
    pub tfidf: TfidfOptions,
    /// Summarizer options for [`Corpus::summarize`]; its `language` is replaced by
    /// [`language`](Self::language).
    pub summarizer: SummarizerOptions,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        Self {
            language: Language::English,
            bm25: Bm25Options::default(),
            tfidf: TfidfOptions::default(),
            summarizer: SummarizerOptions::default(),
        }
    }
}

/// Builders: the struct is `#[non_exhaustive]` (options will grow), so code outside this
/// crate starts from [`Default`] and sets what it needs.
impl CorpusOptions {
    /// Sets [`language`](Self::language).
    #[must_use]
    pub const fn with_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Sets [`bm25`](Self::bm25).
    #[must_use]
    pub const fn with_bm25(mut self, bm25: Bm25Options) -> Self {
        self.bm25 = bm25;
        self
    }

    /// Sets [`tfidf`](Self::tfidf).
    #[must_use]
    pub const fn with_tfidf(mut self, tfidf: TfidfOptions) -> Self {
        self.tfidf = tfidf;
        self
    }

    /// Sets [`summarizer`](Self::summarizer).
    #[must_use]
    pub const fn with_summarizer(mut self, summarizer: SummarizerOptions) -> Self {
        self.summarizer = summarizer;
        self
    }
}

/// What the corpus keeps of a document's analysis: its term counts and its number of
/// sentences.
///
/// Term occurrences and sentence spans are not kept: they would take several times the
/// memory of the text itself, and only snippets (for the few documents of a page of search
/// results) and removal need them, which re-analyse the one document instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub(crate) sentence_count: usize,
    pub(crate) word_count: usize,
    pub(crate) terms: DocumentTerms,
}

impl Analysis {
    /// The number of the document's sentences (as [`lede_tokenize::sentences`] splits them:
    /// a headline is a sentence of its own).
    #[must_use]
    pub fn sentence_count(&self) -> usize {
        self.sentence_count
    }

    /// The number of the document's words: runs of characters between white space (what a
    /// search result shows; counting them for each result was a sixth of a search).
    #[must_use]
    pub fn word_count(&self) -> usize {
        self.word_count
    }

    /// The document's term counts (unigrams), against the corpus's
    /// [vocabulary](CorpusStats::vocabulary).
    #[must_use]
    pub fn terms(&self) -> &DocumentTerms {
        &self.terms
    }
}

/// A document analysed for a corpus but not yet in it, from [`Corpus::prepare`].
///
/// Insertion is split in two so that a shared corpus can do the slow part, analysis, under
/// a read lock beside other readers, and hold its write lock only for the quick part,
/// [`Corpus::commit`]: interning the document's distinct terms and updating the statistics.
/// Terms are kept as text until then, because term ids belong to the corpus's vocabulary,
/// which only `commit` may change.
#[derive(Debug, Clone)]
pub struct Prepared {
    // `pub(crate)` for `persist.rs`, which encodes these fields and rebuilds them from bytes.
    pub(crate) document: Document,
    pub(crate) sentence_count: usize,
    pub(crate) word_count: usize,
    /// The document's distinct terms, in order of first occurrence.
    pub(crate) terms: Terms,
    /// Every term occurrence in text order (one made from a stored analysis lists each
    /// term's occurrences together, with one span per written form): an index into `terms`
    /// and the token's span.
    pub(crate) occurrences: Vec<(u32, Span)>,
    /// The text's near-duplicate fingerprint (none for a text without words).
    pub(crate) fingerprint: Option<crate::fingerprint::Fingerprint>,
}

impl Prepared {
    /// The document.
    #[must_use]
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The number of sentences of the document.
    #[must_use]
    pub fn sentence_count(&self) -> usize {
        self.sentence_count
    }

    /// The number of words of the document, as [`Analysis::word_count`] counts them.
    #[must_use]
    pub fn word_count(&self) -> usize {
        self.word_count
    }

    /// The document, given back.
    #[must_use]
    pub fn into_document(self) -> Document {
        self.document
    }
}

/// The deepest result a search ranks (offset plus page size): deeper pages cost memory and
/// time in proportion, and no reader goes there (Elasticsearch stops at the same depth).
pub const MAX_SEARCH_DEPTH: usize = 10_000;

/// A summary of the whole corpus ([`Corpus::summarize`] without names) reads at most this
/// many documents, chosen first by [`Corpus::summary_documents`].
pub const MAX_AUTO_SUMMARY_DOCUMENTS: usize = 16;

/// The most documents one summary may name.
pub const MAX_SUMMARY_DOCUMENTS: usize = 100;

/// The most text, in bytes, one summary reads: a summary's time and memory grow with its
/// sentences, faster than linearly (sentence similarities), so this is what bounds them.
pub const MAX_SUMMARY_TEXT_BYTES: usize = 4 << 20;

/// A page of search results, from [`Corpus::search_page`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SearchPage<'a> {
    /// The hits of the page, best first.
    pub hits: Vec<SearchHit<'a>>,
    /// How many documents match the query at all (hold one of its terms).
    pub total: usize,
}

/// A document found by [`Corpus::search`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SearchHit<'a> {
    /// The document's name.
    pub name: &'a str,
    /// Its title, if it has one.
    pub title: Option<&'a str>,
    /// Its BM25 score for the query (positive; comparable within one search only).
    pub score: f64,
    /// The passage that best shows why it matched.
    pub snippet: Snippet<'a>,
}

/// A passage of a document, with the query's terms marked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Snippet<'a> {
    /// The passage: one sentence of the document.
    pub text: &'a str,
    /// Where the passage is in the document, in bytes: `text == &document.text[span.range()]`.
    pub span: Span,
    /// The byte spans of the matched words *within `text`* (add `span.start` for offsets in
    /// the document), in text order, without possessive endings ("Greenland" in
    /// "Greenland's").
    pub highlights: Vec<Span>,
}

/// A document similar to another, from [`Corpus::similar`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Similar<'a> {
    /// The document's name.
    pub name: &'a str,
    /// The cosine similarity of the two documents' TF-IDF vectors, in `(0, 1]`.
    pub score: f64,
}

/// A term that stands for the corpus, from [`Corpus::top_terms`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TopTerm<'a> {
    /// The analysed term (normalised and stemmed: `"guarante"`).
    pub term: &'a str,
    /// Its most frequent written form in the corpus (`"guarantees"`, `"Greenland"`).
    pub text: &'a str,
    /// Its weight: the sum over documents of its weight in their TF-IDF vectors.
    pub score: f64,
    /// How many documents contain it.
    pub document_frequency: u64,
    /// How many times it occurs in all documents.
    pub occurrences: u64,
}

/// A sentence of a summary from [`Corpus::summarize`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SummarySentence<'a> {
    /// The name of the document it comes from.
    pub name: &'a str,
    /// The sentence as written, a slice of that document's text.
    pub text: &'a str,
    /// Where it is in that document, in bytes.
    pub span: Span,
    /// Its index among the sentences of its document, 0-based.
    pub index: usize,
    /// Its score (comparable within one summary only).
    pub score: f64,
    /// The order in which it was chosen, 1 for the first.
    pub rank: usize,
}
