//! The corpus: documents, their cached analysis, live statistics, and the queries over them.
//! The write path is `write.rs`, the queries `query.rs`, the public types `types.rs`.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;
use std::sync::{Mutex, OnceLock};

use lede_tfidf::{Analyzer, Background, Bm25, CorpusStats, Ngrams, TermCounter, TermId, Tfidf};
use lede_tokenize::Span;

use crate::fingerprint::Duplicates;
use crate::index::{InvertedIndex, Slot};
use crate::surfaces::SurfaceForms;
use crate::{Document, DocumentLimits, Error};

mod filtered;
mod query;
mod stories;
mod summary;
mod trends;
mod types;
mod write;

pub use filtered::{DocumentOrder, SubsetStats};
use query::{RECENT_PER_TERM, SIMILAR_QUERY_TERMS};
pub use stories::{
    STORY_CANDIDATES, STORY_POSTINGS, STORY_TERMS, STORY_THRESHOLD, STORY_WINDOW_DAYS, Story,
    StoryDetails, StoryOrder, b_cubed,
};
pub use summary::SummaryJob;
pub use trends::Trend;
pub use types::{
    Analysis, CorpusOptions, MAX_AUTO_SUMMARY_DOCUMENTS, MAX_SEARCH_DEPTH, MAX_SUMMARY_DOCUMENTS,
    MAX_SUMMARY_TEXT_BYTES, Prepared, SearchHit, SearchPage, Similar, Snippet, SummarySentence,
    TopTerm,
};

#[derive(Debug, Clone)]
struct Entry {
    document: Document,
    analysis: Analysis,
    /// Its number in the inverted index.
    slot: Slot,
}

/// Weights that depend on every document: built on first use after a change, in
/// O(vocabulary).
///
/// TF-IDF vectors are not cached: they would double the memory of a large corpus, and each
/// write would throw them away; [`Corpus::similar`] computes those of its candidates.
#[derive(Debug)]
struct Models {
    bm25: Bm25,
    tfidf: Tfidf,
    /// The best [`MAX_CACHED_TOP_TERMS`](query::MAX_CACHED_TOP_TERMS) terms for [`Corpus::top_terms`], made on first use.
    top_terms: OnceLock<Vec<(TermId, f64)>>,
}

/// A collection of named documents, each analysed once on insertion, with `lede-tfidf`
/// statistics kept current as documents come and go; see the [crate documentation](crate).
///
/// Documents are kept in the order of their names (byte-wise), which is the order of
/// [`iter`](Self::iter) and a stable order for paging ([`iter_after`](Self::iter_after)).
/// Queries take `&self` and the corpus is `Send + Sync`, so readers can share it (a small
/// pool of analyzers serves concurrent queries).
pub struct Corpus {
    options: CorpusOptions,
    /// What a document written to it may be (not an analysis option: changing it changes
    /// no stored analysis).
    limits: DocumentLimits,
    documents: BTreeMap<String, Entry>,
    stats: CorpusStats,
    /// Per term, how often each written form of it occurs (possessive endings removed).
    surfaces: SurfaceForms,
    background: Option<&'static Background>,
    tools: Mutex<Vec<(Analyzer, TermCounter)>>,
    models: OnceLock<Result<Models, lede_tfidf::Error>>,
    /// The vocabulary's size after its last compaction (see [`Corpus::compact_when_mostly_dead`]).
    compacted_vocabulary: usize,
    index: InvertedIndex,
    /// The number of documents when the index's norms were last refreshed.
    norms_refreshed_at: usize,
    /// Near-duplicate fingerprints and who duplicates whom (`fingerprint.rs`).
    duplicates: Duplicates,
    /// Which document is in which story (`stories.rs`).
    stories: stories::Stories,
}

/// At most this many analyzers are kept for queries.
const POOL_SIZE: usize = 8;

/// The stem cache of each pooled analyzer, in distinct words (about 300 KiB): the pool lives
/// as long as the corpus and sees every new word of every document written, so the
/// analyzer's default cache (a quarter of a million words, per analyzer) would let a server's
/// memory grow by some 70 bytes per new word, up to about 18 MB per analyzer. A query's few
/// words and a written document's common ones still hit; rare words are stemmed again, at a
/// fraction of a microsecond each.
const POOLED_STEM_CACHE_WORDS: usize = 1 << 12;

/// Fewer terms than this left by removed documents are not worth a compaction.
pub(crate) const MIN_DEAD_TERMS: usize = 4096;

impl Default for Corpus {
    /// An empty English corpus with the default options.
    fn default() -> Self {
        let options = CorpusOptions::default();
        Self::build(options)
    }
}

impl Clone for Corpus {
    fn clone(&self) -> Self {
        Self {
            options: self.options,
            limits: self.limits,
            documents: self.documents.clone(),
            stats: self.stats.clone(),
            surfaces: self.surfaces.clone(),
            background: self.background,
            tools: Mutex::new(Vec::new()),
            models: OnceLock::new(),
            compacted_vocabulary: self.compacted_vocabulary,
            index: self.index.clone(),
            norms_refreshed_at: self.norms_refreshed_at,
            duplicates: self.duplicates.clone(),
            stories: self.stories.clone(),
        }
    }
}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("language", &self.options.language)
            .field("documents", &self.documents.len())
            .field("terms", &self.stats.live_terms())
            .finish_non_exhaustive()
    }
}

impl Corpus {
    /// An empty English corpus with the default options.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty corpus with `options`.
    ///
    /// # Errors
    ///
    /// [`Error::Statistics`] for BM25 parameters out of range and [`Error::Summarize`] for
    /// summarizer options out of range.
    pub fn with_options(options: CorpusOptions) -> Result<Self, Error> {
        options.bm25.validate()?;
        options
            .summarizer
            .with_language(options.language)
            .validate()?;
        Ok(Self::build(options))
    }

    fn build(options: CorpusOptions) -> Self {
        Self {
            options,
            limits: DocumentLimits::default(),
            documents: BTreeMap::new(),
            stats: CorpusStats::new(),
            surfaces: SurfaceForms::default(),
            background: Background::for_language(options.language),
            tools: Mutex::new(Vec::new()),
            models: OnceLock::new(),
            compacted_vocabulary: 0,
            index: InvertedIndex::default(),
            norms_refreshed_at: 0,
            duplicates: Duplicates::default(),
            stories: stories::Stories::default(),
        }
    }

    /// The options the corpus was made with.
    #[must_use]
    pub const fn options(&self) -> &CorpusOptions {
        &self.options
    }

    /// What a document written to the corpus may be ([`DocumentLimits::default`] unless
    /// [set](Self::set_document_limits)).
    #[must_use]
    pub const fn document_limits(&self) -> &DocumentLimits {
        &self.limits
    }

    /// Sets what a document written from now on may be: [`prepare`](Self::prepare) (and so
    /// [`insert`](Self::insert), [`extend`](Self::extend) and
    /// [`prepare_for_storage`](Self::prepare_for_storage)) refuse what breaks `limits`.
    /// Documents already in the corpus stay, and [`load`](Self::load) takes any size, so
    /// that tightening a limit never makes a store unreadable.
    pub fn set_document_limits(&mut self, limits: DocumentLimits) {
        self.limits = limits;
    }

    /// The number of documents.
    #[must_use]
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether there are no documents.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Whether a document has this name.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.documents.contains_key(name)
    }

    /// The document named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Document> {
        self.documents.get(name).map(|entry| &entry.document)
    }

    /// The cached analysis of the document named `name`.
    #[must_use]
    pub fn analysis(&self, name: &str) -> Option<&Analysis> {
        self.documents.get(name).map(|entry| &entry.analysis)
    }

    /// The documents in name order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Document> + ExactSizeIterator + '_ {
        self.documents.values().map(|entry| &entry.document)
    }

    /// The documents whose names come after `name` (exclusive), in name order: the next
    /// page after a page that ended with `name`.
    pub fn iter_after<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Document> + 'a {
        self.documents
            .range::<str, _>((Bound::Excluded(name), Bound::Unbounded))
            .map(|(_, entry)| &entry.document)
    }

    /// The names of the documents, in order.
    pub fn names(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        self.documents.keys().map(String::as_str)
    }

    /// The corpus's term statistics (N, document frequencies, lengths), current with its
    /// documents.
    #[must_use]
    pub fn stats(&self) -> &CorpusStats {
        &self.stats
    }

    fn models(&self) -> Result<&Models, Error> {
        self.models
            .get_or_init(|| {
                let bm25 = Bm25::new(&self.stats, self.options.bm25)?;
                let tfidf = Tfidf::new(&self.stats, self.options.tfidf);
                Ok(Models {
                    bm25,
                    tfidf,
                    top_terms: OnceLock::new(),
                })
            })
            .as_ref()
            .map_err(|error| Error::Statistics(error.clone()))
    }

    fn take_tools(&self) -> (Analyzer, TermCounter) {
        let pooled = self.tools.lock().map_or(None, |mut pool| pool.pop());
        pooled.unwrap_or_else(|| {
            (
                Analyzer::new(self.options.language)
                    .with_stem_cache_capacity(POOLED_STEM_CACHE_WORDS),
                TermCounter::new(Ngrams::Unigrams),
            )
        })
    }

    fn return_tools(&self, tools: (Analyzer, TermCounter)) {
        if let Ok(mut pool) = self.tools.lock()
            && pool.len() < POOL_SIZE
        {
            pool.push(tools);
        }
    }
}

/// `word` without a possessive ending ("Kyiv's", "Russia’s", "allies’").
fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S", "'", "’"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem;
        }
    }
    word
}

impl Corpus {
    /// Every term occurrence of `text`, a document of the corpus, in text order: the
    /// analysis again, with the ids its terms were given (a term the vocabulary lacks, which
    /// cannot happen for a document of the corpus, is left out).
    fn occurrences(&self, text: &str) -> Vec<(TermId, Span)> {
        self.occurrences_in(text, [Span::new(0, text.len())])
    }

    /// The term occurrences of the parts `parts` of `text` (in text order, each analysed on
    /// its own), with spans in `text`.
    fn occurrences_in(
        &self,
        text: &str,
        parts: impl IntoIterator<Item = Span>,
    ) -> Vec<(TermId, Span)> {
        let mut tools = self.take_tools();
        let vocabulary = self.stats.vocabulary();
        let mut occurrences = Vec::new();
        for part in parts {
            let Some(part_text) = text.get(part.range()) else {
                continue;
            };
            tools.0.for_each_term(part_text, |term| {
                if let Some(id) = vocabulary.get(term.text) {
                    let start = part.start + term.span.start;
                    occurrences.push((id, Span::new(start, start + term.span.len())));
                }
            });
        }
        self.return_tools(tools);
        occurrences
    }
}

#[cfg(test)]
impl Corpus {
    /// Everything the corpus holds (documents, analyses, statistics, surface forms), for
    /// tests that compare two corpora exactly (the maps' iteration orders are deterministic).
    pub(crate) fn state(&self) -> String {
        format!(
            "{:?}\n{:?}\n{:?}",
            self.documents,
            self.stats,
            self.surfaces.canonical()
        )
    }
}
