//! The corpus: documents, their cached analysis, live statistics, and the queries over them.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Bound;
use std::sync::{Mutex, OnceLock};

use lede_stem::Language;
use lede_summarize::{Budget, Summarizer, SummarizerOptions};
use lede_tfidf::{
    Analyzer, Background, Blend, Bm25, Bm25Options, CorpusStats, DocumentTerms, Keyphrase,
    KeyphraseExtractor, KeyphraseOptions, Ngrams, TermCounter, TermId, Tfidf, TfidfOptions, top_k,
};
use lede_tokenize::{SentenceSplitter, Span};

use crate::index::{InvertedIndex, Slot, tfidf_norm};
use crate::persist::Terms;
use crate::surfaces::SurfaceForms;
use crate::{Document, DocumentLimits, Error};

mod filtered;

pub use filtered::{DocumentOrder, SubsetStats};

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
    sentence_count: usize,
    word_count: usize,
    terms: DocumentTerms,
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

#[derive(Debug, Clone)]
struct Entry {
    document: Document,
    analysis: Analysis,
    /// Its number in the inverted index.
    slot: Slot,
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

/// Weights that depend on every document: built on first use after a change, in
/// O(vocabulary).
///
/// TF-IDF vectors are not cached: they would double the memory of a large corpus, and each
/// write would throw them away; [`Corpus::similar`] computes those of its candidates.
#[derive(Debug)]
struct Models {
    bm25: Bm25,
    tfidf: Tfidf,
    /// The best [`MAX_CACHED_TOP_TERMS`] terms for [`Corpus::top_terms`], made on first use.
    top_terms: OnceLock<Vec<(TermId, f64)>>,
}

/// [`Corpus::top_terms`] keeps this many terms ranked between writes; asking for more ranks
/// the vocabulary again.
const MAX_CACHED_TOP_TERMS: usize = 1000;

/// The deepest result a search ranks (offset plus page size): deeper pages cost memory and
/// time in proportion, and no reader goes there (Elasticsearch stops at the same depth).
pub const MAX_SEARCH_DEPTH: usize = 10_000;

/// [`Corpus::similar`] finds candidates through the postings of at most this many of the
/// document's terms, those of largest weight.
const SIMILAR_QUERY_TERMS: usize = 32;

/// [`Corpus::similar`] reads at most this many postings to find its candidates (the first
/// term's all the same): the heaviest terms whose documents fit, common ones passed over.
const SIMILAR_POSTINGS_BUDGET: usize = 1 << 16;

/// [`Corpus::similar`] scores at most this many candidates exactly.
const SIMILAR_CANDIDATES: usize = 256;

/// A summary of the whole corpus ([`Corpus::summarize`] without names) reads at most this
/// many documents, chosen first by [`Corpus::summary_documents`].
pub const MAX_AUTO_SUMMARY_DOCUMENTS: usize = 16;

/// The most documents one summary may name.
pub const MAX_SUMMARY_DOCUMENTS: usize = 100;

/// The most text, in bytes, one summary reads: a summary's time and memory grow with its
/// sentences, faster than linearly (sentence similarities), so this is what bounds them.
pub const MAX_SUMMARY_TEXT_BYTES: usize = 4 << 20;

/// Choosing the documents of a whole-corpus summary without a query looks at the at most this
/// many most recent documents of each of the corpus's top terms.
const RECENT_PER_TERM: usize = 256;

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
    summarizer: Summarizer,
    background: Option<&'static Background>,
    tools: Mutex<Vec<(Analyzer, TermCounter)>>,
    models: OnceLock<Result<Models, lede_tfidf::Error>>,
    /// The vocabulary's size after its last compaction (see [`Corpus::compact_when_mostly_dead`]).
    compacted_vocabulary: usize,
    index: InvertedIndex,
    /// The number of documents when the index's norms were last refreshed.
    norms_refreshed_at: usize,
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
        Self::build(options, Summarizer::default())
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
            summarizer: self.summarizer.clone(),
            background: self.background,
            tools: Mutex::new(Vec::new()),
            models: OnceLock::new(),
            compacted_vocabulary: self.compacted_vocabulary,
            index: self.index.clone(),
            norms_refreshed_at: self.norms_refreshed_at,
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
        let summarizer = Summarizer::new(options.summarizer.with_language(options.language))?;
        Ok(Self::build(options, summarizer))
    }

    fn build(options: CorpusOptions, summarizer: Summarizer) -> Self {
        Self {
            options,
            limits: DocumentLimits::default(),
            documents: BTreeMap::new(),
            stats: CorpusStats::new(),
            surfaces: SurfaceForms::default(),
            summarizer,
            background: Background::for_language(options.language),
            tools: Mutex::new(Vec::new()),
            models: OnceLock::new(),
            compacted_vocabulary: 0,
            index: InvertedIndex::default(),
            norms_refreshed_at: 0,
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

    /// Analyses `document` and adds it: [`prepare`](Self::prepare) then
    /// [`commit`](Self::commit).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDocument`] if its name is empty, has a control character or white
    /// space at either end; [`Error::InvalidFields`] if it breaks the corpus's
    /// [document limits](Self::document_limits); [`Error::AlreadyExists`] if a document has
    /// its name;
    /// [`Error::Statistics`] if the vocabulary runs out of ids. The corpus is then unchanged.
    pub fn insert(&mut self, document: Document) -> Result<(), Error> {
        if self.documents.contains_key(&document.name) {
            return Err(Error::AlreadyExists {
                name: document.name,
            });
        }
        let prepared = self.prepare(document)?;
        self.commit(prepared)
    }

    /// Checks and analyses `document` for this corpus without changing the corpus (it takes
    /// `&self`): the slow half of an insertion, which [`commit`](Self::commit) completes.
    /// Whether its name is free is only decided by `commit`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDocument`] if its name is empty, has a control character or white
    /// space at either end; [`Error::InvalidFields`] if it breaks the corpus's
    /// [document limits](Self::document_limits) or its name the identifier rule
    /// ([`check_name`](crate::check_name)).
    pub fn prepare(&self, document: Document) -> Result<Prepared, Error> {
        self.check_limits(&document)?;
        self.prepare_any(document)
    }

    /// [`prepare`](Self::prepare) without the limits: for documents already stored (a load,
    /// putting back a replaced one), which a tightened limit must not lock out.
    pub(crate) fn prepare_any(&self, document: Document) -> Result<Prepared, Error> {
        document
            .validate()
            .map_err(|reason| Error::InvalidDocument {
                name: document.name.clone(),
                reason,
            })?;
        let mut tools = self.take_tools();
        let prepared = analyse(&mut tools.0, document);
        self.return_tools(tools);
        Ok(prepared)
    }

    /// Adds a document [prepared](Self::prepare) by this corpus (or one with the same
    /// options), interning its terms and updating the statistics.
    ///
    /// # Errors
    ///
    /// [`Error::AlreadyExists`] if a document has its name; [`Error::Statistics`] if the
    /// vocabulary runs out of ids. The corpus is then unchanged.
    pub fn commit(&mut self, prepared: Prepared) -> Result<(), Error> {
        if self.documents.contains_key(&prepared.document.name) {
            return Err(Error::AlreadyExists {
                name: prepared.document.name,
            });
        }
        self.add_entry(prepared)
    }

    /// Adds every prepared document, or none: their names must be free and distinct.
    ///
    /// # Errors
    ///
    /// [`Error::AlreadyExists`] for the first name that is taken or repeated, and nothing is
    /// added; [`Error::Statistics`] as [`commit`](Self::commit) (only after more than
    /// `u32::MAX` terms).
    pub fn commit_all(&mut self, prepared: Vec<Prepared>) -> Result<(), Error> {
        let mut names = std::collections::HashSet::new();
        for document in prepared.iter().map(Prepared::document) {
            if self.documents.contains_key(&document.name) || !names.insert(&document.name) {
                return Err(Error::AlreadyExists {
                    name: document.name.clone(),
                });
            }
        }
        for document in prepared {
            self.add_entry(document)?;
        }
        Ok(())
    }

    /// Replaces the document of the same name by a prepared one and returns the old
    /// document; the statistics become those of the new text.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if no document has that name; [`Error::Statistics`] as
    /// [`commit`](Self::commit), after which the old document is back.
    pub fn replace(&mut self, prepared: Prepared) -> Result<Document, Error> {
        let name = prepared.document.name.clone();
        let old = self.remove(&name)?;
        if let Err(error) = self.add_entry(prepared) {
            // Put the old document back: its terms are interned already, so this cannot fail
            // for lack of ids.
            let restored = self.prepare_any(old)?;
            self.add_entry(restored)?;
            return Err(error);
        }
        Ok(old)
    }

    /// Checks what [`insert`](Self::insert) checks before it changes anything.
    pub(crate) fn check_insertable(&self, document: &Document) -> Result<(), Error> {
        self.check_limits(document)?;
        if self.documents.contains_key(&document.name) {
            return Err(Error::AlreadyExists {
                name: document.name.clone(),
            });
        }
        Ok(())
    }

    /// The checks of [`prepare`](Self::prepare) that come before analysis: the lenient name
    /// rule every corpus keeps (its own error, as before), then the limits.
    fn check_limits(&self, document: &Document) -> Result<(), Error> {
        document
            .validate()
            .map_err(|reason| Error::InvalidDocument {
                name: document.name.clone(),
                reason,
            })?;
        self.limits
            .check(document)
            .map_err(|violations| Error::InvalidFields {
                name: document.name.clone(),
                violations,
            })
    }

    fn add_entry(&mut self, prepared: Prepared) -> Result<(), Error> {
        let Prepared {
            document,
            sentence_count,
            word_count,
            terms,
            occurrences,
        } = prepared;
        let vocabulary = self.stats.vocabulary_mut();
        // Each rare term's lookup is a cache miss; looked up in a loop of independent
        // lookups first, the misses overlap, and interning then finds the terms in cache (a
        // third of loading a stored corpus was these misses).
        std::hint::black_box(terms.iter().filter_map(|term| vocabulary.get(term)).count());
        let ids = terms
            .iter()
            .map(|term| vocabulary.intern(term))
            .collect::<Result<Vec<TermId>, _>>()?;
        let mut counts = vec![0u32; ids.len()];
        for &(local, _) in &occurrences {
            if let Some(count) = counts.get_mut(local as usize) {
                *count = count.saturating_add(1);
            }
        }
        let terms = DocumentTerms::from_counts(ids.iter().copied().zip(counts));
        if self.index.slots() >= Slot::MAX as usize {
            self.renumber();
        }
        if self.index.slots() >= Slot::MAX as usize {
            return Err(index_full());
        }
        self.stats.add(&terms)?;
        let norm = tfidf_norm(&terms, &self.options.tfidf, self.stats.documents(), |id| {
            self.stats.df(id)
        });
        let Some(slot) = self.index.add(&document.name, &terms, norm) else {
            // Ruled out above: a slot is free.
            self.stats.remove(&terms)?;
            return Err(index_full());
        };
        add_surfaces(
            &mut self.surfaces,
            &document.text,
            occurrences
                .iter()
                .filter_map(|&(local, span)| Some((*ids.get(local as usize)?, span))),
        );
        self.models = OnceLock::new();
        let analysis = Analysis {
            sentence_count,
            word_count,
            terms,
        };
        self.documents.insert(
            document.name.clone(),
            Entry {
                document,
                analysis,
                slot,
            },
        );
        self.refresh_norms_when_drifted();
        Ok(())
    }

    /// Recomputes the index's document norms (and so the terms' shares) once the corpus has
    /// doubled or halved since they were last computed: a norm depends on every IDF, which
    /// drifts as documents come and go. Amortised O(1) per document written.
    fn refresh_norms_when_drifted(&mut self) {
        let now = self.documents.len();
        let then = self.norms_refreshed_at;
        if now < then.saturating_mul(2).max(2) && now.saturating_mul(2) > then {
            return;
        }
        let mut norms = vec![None; self.index.slots()];
        for entry in self.documents.values() {
            if let Some(norm) = norms.get_mut(entry.slot as usize) {
                *norm = Some(tfidf_norm(
                    &entry.analysis.terms,
                    &self.options.tfidf,
                    self.stats.documents(),
                    |id| self.stats.df(id),
                ));
            }
        }
        self.index
            .refresh_norms(|slot| norms.get(slot as usize).copied().flatten());
        self.norms_refreshed_at = now;
    }

    /// Renumbers the index's slots (see [`InvertedIndex::renumber`]) and the entries' with
    /// them.
    fn renumber(&mut self) {
        let map = self.index.renumber();
        for entry in self.documents.values_mut() {
            if let Some(&Some(slot)) = map.get(entry.slot as usize) {
                entry.slot = slot;
            }
        }
    }

    /// Removes the document named `name` and returns it; the statistics become exactly what
    /// they would be had it never been inserted.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if no document has that name.
    pub fn remove(&mut self, name: &str) -> Result<Document, Error> {
        let Some(entry) = self.documents.remove(name) else {
            return Err(Error::NotFound {
                name: name.to_owned(),
            });
        };
        if let Err(error) = self.stats.remove(&entry.analysis.terms) {
            // Cannot happen: the terms were added on insertion. Keep the corpus consistent.
            self.documents.insert(name.to_owned(), entry);
            return Err(error.into());
        }
        self.index.remove(entry.slot, &entry.analysis.terms);
        let occurrences = self.occurrences(&entry.document.text);
        remove_surfaces(&mut self.surfaces, &entry.document.text, &occurrences);
        self.models = OnceLock::new();
        self.compact_when_mostly_dead();
        if self.index.wants_renumbering() {
            self.renumber();
        }
        self.refresh_norms_when_drifted();
        Ok(entry.document)
    }

    /// Drops the terms no document contains any more, once there are at least as many of them
    /// as the vocabulary had after the last compaction (and at least [`MIN_DEAD_TERMS`]).
    ///
    /// Without it, a corpus whose documents come and go (news, each day with new names and
    /// numbers) would keep every term it ever saw: memory would grow with the stream, not
    /// with the corpus. The threshold makes the O(vocabulary + document terms) compaction
    /// amortised O(1) per term ever added.
    fn compact_when_mostly_dead(&mut self) {
        let vocabulary = self.stats.vocabulary().len();
        let dead = vocabulary.saturating_sub(self.stats.live_terms());
        if dead < MIN_DEAD_TERMS.max(self.compacted_vocabulary) {
            return;
        }
        let map = self.stats.compact();
        for entry in self.documents.values_mut() {
            // A kept document's terms all have df ≥ 1, so each has a new id.
            let counts = entry.analysis.terms.counts().iter();
            entry.analysis.terms = DocumentTerms::from_counts(
                counts.filter_map(|&(old, count)| Some((map.get(old)?, count))),
            );
        }
        self.surfaces.remap(&map);
        self.index.remap_terms(&map);
        // Pooled counters hold no ids between calls, but start them afresh all the same.
        if let Ok(tools) = self.tools.get_mut() {
            tools.clear();
        }
        self.compacted_vocabulary = self.stats.vocabulary().len();
    }

    /// The documents that best match `query` by BM25, best first (ties by name), at most
    /// `limit`, each with a snippet: the sentence with the most (and rarest) query terms,
    /// those terms highlighted.
    ///
    /// The query is analysed like the documents (normalised, stop words dropped, stemmed), so
    /// "guarantee" finds "guarantees". A query with no term the corpus knows, or `limit` 0,
    /// finds nothing. The ranking comes from the inverted index (MaxScore): its cost grows
    /// with the documents that hold the query's terms, not with the corpus, and it is exactly
    /// the ranking of scoring every document.
    ///
    /// # Errors
    ///
    /// [`Error::LimitExceeded`] for a `limit` over [`MAX_SEARCH_DEPTH`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit<'_>>, Error> {
        Ok(self.search_page(query, 0, limit)?.hits)
    }

    /// The hits `offset..offset + limit` of [`search`](Self::search)'s ranking (snippets are
    /// made for those only), and how many documents match at all.
    ///
    /// # Errors
    ///
    /// [`Error::LimitExceeded`] when `offset + limit` is over [`MAX_SEARCH_DEPTH`].
    pub fn search_page(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<SearchPage<'_>, Error> {
        let depth = offset.saturating_add(limit);
        if depth > MAX_SEARCH_DEPTH {
            return Err(Error::LimitExceeded {
                what: "search results ranked (offset + page size)",
                requested: depth,
                limit: MAX_SEARCH_DEPTH,
            });
        }
        let empty = SearchPage {
            hits: Vec::new(),
            total: 0,
        };
        if self.documents.is_empty() {
            return Ok(empty);
        }
        let query = self.count_query(query);
        if query.is_empty() {
            return Ok(empty);
        }
        let models = self.models()?;
        let total = self.index.count_matches(&query);
        if limit == 0 {
            return Ok(SearchPage {
                hits: Vec::new(),
                total,
            });
        }
        let ranked = self.index.search(&query, &models.bm25, depth);
        let hits = ranked
            .into_iter()
            .skip(offset)
            .filter_map(|(slot, score)| {
                let (name, entry) = self.documents.get_key_value(self.index.name(slot)?)?;
                Some(SearchHit {
                    name: name.as_str(),
                    title: entry.document.title.as_deref(),
                    score,
                    snippet: self.snippet(&entry.document.text, &query, &models.bm25),
                })
            })
            .collect();
        Ok(SearchPage { hits, total })
    }

    /// The BM25 ranking of every document for `query`, scoring each one: what
    /// [`search`](Self::search) must equal, for tests.
    #[cfg(test)]
    pub(crate) fn search_exhaustive(&self, query: &str, limit: usize) -> Vec<(&str, f64)> {
        let query = self.count_query(query);
        let Ok(models) = self.models() else {
            return Vec::new();
        };
        let entries: Vec<(&String, &Entry)> = self.documents.iter().collect();
        top_k(
            entries.iter().enumerate().map(|(index, (_, entry))| {
                (index, models.bm25.score(&query, &entry.analysis.terms))
            }),
            limit,
        )
        .into_iter()
        .filter_map(|scored| Some((entries.get(scored.index)?.0.as_str(), scored.score)))
        .collect()
    }

    /// The inverted index, for tests.
    #[cfg(test)]
    pub(crate) fn index(&self) -> &InvertedIndex {
        &self.index
    }

    /// `text`'s terms that the corpus knows, counted.
    fn count_query(&self, text: &str) -> DocumentTerms {
        let mut tools = self.take_tools();
        let query = tools
            .1
            .count_known(&mut tools.0, self.stats.vocabulary(), text);
        self.return_tools(tools);
        query
    }

    /// The `k` documents most similar to the one named `name` by the cosine of their TF-IDF
    /// vectors, best first (ties by name), the document itself excluded; documents sharing no
    /// term with it are left out.
    ///
    /// Candidates come from the index: the documents holding the document's
    /// most heavily weighted terms (at most 32, and at most 65,536 postings read: common terms
    /// that would pass that are left out), ranked by their dot product over those terms; the
    /// best 256 are scored exactly. A document that shares only light or common terms with it
    /// can be missed, which is what makes the cost independent of the corpus's size.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if no document has that name.
    pub fn similar(&self, name: &str, k: usize) -> Result<Vec<Similar<'_>>, Error> {
        let entry = self.documents.get(name).ok_or_else(|| Error::NotFound {
            name: name.to_owned(),
        })?;
        let models = self.models()?;
        let query = models.tfidf.vector(&entry.analysis.terms);
        Ok(self.similar_to_vector(models, &query, Some(entry.slot), k, |_| true))
    }

    /// The `k` documents most similar to `text` (not a document of the corpus), as
    /// [`similar`](Self::similar) finds them; only the terms of `text` that the corpus knows
    /// count.
    ///
    /// # Errors
    ///
    /// [`Error::Statistics`] only if the BM25 options are invalid, which
    /// [`with_options`](Self::with_options) rules out.
    pub fn similar_to_text(&self, text: &str, k: usize) -> Result<Vec<Similar<'_>>, Error> {
        let models = self.models()?;
        let query = models.tfidf.vector(&self.count_query(text));
        Ok(self.similar_to_vector(models, &query, None, k, |_| true))
    }

    fn similar_to_vector(
        &self,
        models: &Models,
        query: &lede_tfidf::SparseVector,
        exclude: Option<Slot>,
        k: usize,
        accept: impl Fn(Slot) -> bool,
    ) -> Vec<Similar<'_>> {
        if k == 0 || query.is_empty() {
            return Vec::new();
        }
        let mut heaviest: Vec<(TermId, f64)> = query.entries().to_vec();
        heaviest.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        heaviest.truncate(SIMILAR_QUERY_TERMS);
        let tfidf = &models.tfidf;
        let options = *tfidf.options();
        let sums = self.index.accumulate(
            &heaviest,
            SIMILAR_POSTINGS_BUDGET,
            |term| tfidf.idf(term),
            |count| options.tf(count),
        );
        let mut candidates: Vec<(Slot, f64)> = sums
            .into_iter()
            .filter(|&(slot, _)| Some(slot) != exclude && accept(slot))
            .collect();
        if candidates.len() > SIMILAR_CANDIDATES {
            candidates.select_nth_unstable_by(SIMILAR_CANDIDATES - 1, |a, b| {
                b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0))
            });
            candidates.truncate(SIMILAR_CANDIDATES);
        }
        // Exact cosines, ranked with ties by name.
        let mut named: Vec<(&str, &Entry)> = candidates
            .iter()
            .filter_map(|&(slot, _)| self.documents.get_key_value(self.index.name(slot)?))
            .map(|(name, entry)| (name.as_str(), entry))
            .collect();
        named.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let scores = named
            .iter()
            .enumerate()
            .map(|(index, (_, entry))| (index, query.cosine(&tfidf.vector(&entry.analysis.terms))));
        top_k(scores, k)
            .into_iter()
            .filter_map(|scored| {
                Some(Similar {
                    name: named.get(scored.index)?.0,
                    score: scored.score,
                })
            })
            .collect()
    }

    /// The `k` terms that best stand for the whole corpus, best first, ties by term: the
    /// largest IDF × the sum over the documents of the term's share of the document (its
    /// count over the document's length, so that long documents do not dominate). Each is
    /// shown in its most frequent written form.
    ///
    /// The index keeps the sums as documents come and go, exactly (in fixed point), so the
    /// ranking does not depend on the order of the writes; ranking them is O(vocabulary) once
    /// after a change, then the best 1,000 are kept until the next one.
    ///
    /// # Errors
    ///
    /// [`Error::Statistics`] only if the BM25 options are invalid, which
    /// [`with_options`](Self::with_options) rules out.
    pub fn top_terms(&self, k: usize) -> Result<Vec<TopTerm<'_>>, Error> {
        if k == 0 {
            return Ok(Vec::new());
        }
        let models = self.models()?;
        let fresh;
        let ranked: &[(TermId, f64)] = if k <= MAX_CACHED_TOP_TERMS {
            self.cached_top_terms(models)
        } else {
            fresh = self.rank_terms(&models.tfidf, k);
            &fresh
        };
        let vocabulary = self.stats.vocabulary();
        Ok(ranked
            .iter()
            .take(k)
            .filter_map(|&(id, score)| {
                let term = vocabulary.text(id)?;
                Some(TopTerm {
                    term,
                    text: self.surface(id).unwrap_or(term),
                    score,
                    document_frequency: self.stats.df(id),
                    occurrences: self.stats.occurrences(id),
                })
            })
            .collect())
    }

    /// The best [`MAX_CACHED_TOP_TERMS`] terms by corpus weight, ranked once per change.
    fn cached_top_terms<'m>(&self, models: &'m Models) -> &'m [(TermId, f64)] {
        models
            .top_terms
            .get_or_init(|| self.rank_terms(&models.tfidf, MAX_CACHED_TOP_TERMS))
    }

    /// The `k` terms of largest corpus weight, ties by their text (so that the order does not
    /// depend on the order documents were inserted in).
    fn rank_terms(&self, tfidf: &Tfidf, k: usize) -> Vec<(TermId, f64)> {
        let vocabulary = self.stats.vocabulary();
        let mut ranked: Vec<(TermId, &str, f64)> = self
            .index
            .shares()
            .map(|(id, share)| (id, share * tfidf.idf(id)))
            .filter(|&(_, score)| score > 0.0)
            .filter_map(|(id, score)| Some((id, vocabulary.text(id)?, score)))
            .collect();
        let order = |a: &(TermId, &str, f64), b: &(TermId, &str, f64)| {
            b.2.total_cmp(&a.2).then_with(|| a.1.cmp(b.1))
        };
        if ranked.len() > k {
            ranked.select_nth_unstable_by(k - 1, order);
            ranked.truncate(k);
        }
        ranked.sort_unstable_by(order);
        ranked
            .into_iter()
            .map(|(id, _, score)| (id, score))
            .collect()
    }

    /// The most frequent written form of a term of the corpus (`"Greenland"` for
    /// `greenland`), without possessive endings.
    #[must_use]
    pub fn surface_form(&self, term: &str) -> Option<&str> {
        self.surface(self.stats.vocabulary().get(term)?)
    }

    fn surface(&self, id: TermId) -> Option<&str> {
        self.surfaces.most_frequent(id)
    }

    /// The `k` best keyphrases of the document named `name`, ranked against the corpus's
    /// statistics blended with the background table (English), as
    /// [`KeyphraseExtractor`] ranks them.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if no document has that name.
    pub fn keywords(&self, name: &str, k: usize) -> Result<Vec<Keyphrase>, Error> {
        let entry = self.documents.get(name).ok_or_else(|| Error::NotFound {
            name: name.to_owned(),
        })?;
        if k == 0 {
            return Ok(Vec::new());
        }
        let options = KeyphraseOptions::default().with_top_k(k);
        let mut extractor = KeyphraseExtractor::with_options(self.options.language, options)
            .with_background(self.background);
        Ok(extractor.extract(&entry.document.text, &self.stats))
    }

    /// One extractive summary of the documents named in `names` (or, for `None`, of the
    /// documents [`summary_documents`](Self::summary_documents) chooses), within `budget`,
    /// optionally focused on `query`, every sentence attributed to its document, by the
    /// corpus's summarizer; see [`summarize_with`](Self::summarize_with).
    ///
    /// # Errors
    ///
    /// As [`summarize_with`](Self::summarize_with).
    pub fn summarize(
        &self,
        names: Option<&[&str]>,
        budget: Budget,
        query: Option<&str>,
    ) -> Result<Vec<SummarySentence<'_>>, Error> {
        self.summarize_with(&self.summarizer, names, budget, query)
    }

    /// [`summarize`](Self::summarize) with another summarizer (other options than the
    /// corpus's). Term weights come from the documents' sentences with the corpus's
    /// statistics (blended with the background table) as the prior; see
    /// [`Summarizer::summarize_with`].
    ///
    /// The work is bounded whatever the corpus's size: at most [`MAX_SUMMARY_DOCUMENTS`]
    /// named documents, at most [`MAX_AUTO_SUMMARY_DOCUMENTS`] chosen ones, and at most
    /// [`MAX_SUMMARY_TEXT_BYTES`] of text in all (chosen documents past it are left out).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for a name no document has; [`Error::LimitExceeded`] for more
    /// than [`MAX_SUMMARY_DOCUMENTS`] names or named documents of more than
    /// [`MAX_SUMMARY_TEXT_BYTES`] together; [`Error::Summarize`] for a budget that asks for
    /// nothing.
    pub fn summarize_with(
        &self,
        summarizer: &Summarizer,
        names: Option<&[&str]>,
        budget: Budget,
        query: Option<&str>,
    ) -> Result<Vec<SummarySentence<'_>>, Error> {
        let chosen: Vec<(&str, &Entry)> = match names {
            None => {
                let mut bytes = 0usize;
                self.summary_documents(query)?
                    .into_iter()
                    .filter_map(|name| self.documents.get_key_value(name))
                    .map(|(name, entry)| (name.as_str(), entry))
                    .filter(|(_, entry)| {
                        bytes = bytes.saturating_add(entry.document.text.len());
                        bytes <= MAX_SUMMARY_TEXT_BYTES
                    })
                    .collect()
            }
            Some(names) => {
                if names.len() > MAX_SUMMARY_DOCUMENTS {
                    return Err(Error::LimitExceeded {
                        what: "documents in one summary",
                        requested: names.len(),
                        limit: MAX_SUMMARY_DOCUMENTS,
                    });
                }
                let chosen = names
                    .iter()
                    .map(|&name| {
                        self.documents
                            .get_key_value(name)
                            .map(|(name, entry)| (name.as_str(), entry))
                            .ok_or_else(|| Error::NotFound {
                                name: name.to_owned(),
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let bytes = chosen
                    .iter()
                    .map(|(_, entry)| entry.document.text.len())
                    .fold(0usize, usize::saturating_add);
                if bytes > MAX_SUMMARY_TEXT_BYTES {
                    return Err(Error::LimitExceeded {
                        what: "bytes of text in one summary",
                        requested: bytes,
                        limit: MAX_SUMMARY_TEXT_BYTES,
                    });
                }
                chosen
            }
        };
        let texts: Vec<&str> = chosen
            .iter()
            .map(|(_, entry)| entry.document.text.as_str())
            .collect();
        let prior = Blend::new(&self.stats, summarizer.background());
        let summary = summarizer.summarize_with(&texts, budget, query, &prior)?;
        Ok(summary
            .sentences
            .into_iter()
            .filter_map(|sentence| {
                Some(SummarySentence {
                    name: chosen.get(sentence.document)?.0,
                    text: sentence.text,
                    span: sentence.span,
                    index: sentence.index,
                    score: sentence.score,
                    rank: sentence.rank,
                })
            })
            .collect())
    }

    /// The documents a summary of the whole corpus reads, in name order: all of them while
    /// there are at most [`MAX_AUTO_SUMMARY_DOCUMENTS`]; else, with a `query` that has a
    /// term the corpus knows, its best [`MAX_AUTO_SUMMARY_DOCUMENTS`] search hits; else the
    /// documents most central to the corpus: of the most recent documents holding its top
    /// 32 terms (at most 256 per term), those whose TF-IDF vectors have the largest dot
    /// product with the top terms' weights. Either way the cost does not grow with the
    /// corpus beyond that of a search.
    ///
    /// # Errors
    ///
    /// [`Error::Statistics`] only if the BM25 options are invalid, which
    /// [`with_options`](Self::with_options) rules out.
    pub fn summary_documents(&self, query: Option<&str>) -> Result<Vec<&str>, Error> {
        if self.documents.len() <= MAX_AUTO_SUMMARY_DOCUMENTS {
            return Ok(self.names().collect());
        }
        let models = self.models()?;
        let query = query.map(|query| self.count_query(query));
        let mut names: Vec<&str> = match query {
            Some(query) if !query.is_empty() => self
                .index
                .search(&query, &models.bm25, MAX_AUTO_SUMMARY_DOCUMENTS)
                .into_iter()
                .filter_map(|(slot, _)| self.index.name(slot))
                .collect(),
            _ => {
                let ranked = self.cached_top_terms(models);
                let ids = ranked.get(..SIMILAR_QUERY_TERMS).unwrap_or(ranked);
                let recent = self.index.recent(
                    &ids.iter().map(|&(id, _)| id).collect::<Vec<_>>(),
                    RECENT_PER_TERM,
                );
                let mut scored: Vec<(&str, f64)> = recent
                    .into_iter()
                    .filter_map(|slot| {
                        let (name, entry) = self.documents.get_key_value(self.index.name(slot)?)?;
                        let vector = models.tfidf.vector(&entry.analysis.terms);
                        let score = ids
                            .iter()
                            .map(|&(id, weight)| weight * vector.get(id))
                            .sum();
                        Some((name.as_str(), score))
                    })
                    .collect();
                scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                scored
                    .into_iter()
                    .take(MAX_AUTO_SUMMARY_DOCUMENTS)
                    .map(|(name, _)| name)
                    .collect()
            }
        };
        names.sort_unstable();
        Ok(names)
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

/// Every slot of the index is taken, even after renumbering (2³² documents).
fn index_full() -> Error {
    Error::LimitExceeded {
        what: "documents in the index",
        requested: Slot::MAX as usize,
        limit: Slot::MAX as usize,
    }
}

/// Splits and analyses a document's text, collecting its distinct terms as text.
fn analyse(analyzer: &mut Analyzer, document: Document) -> Prepared {
    let text = document.text.as_str();
    let sentence_count = SentenceSplitter::new().split(text).count();
    let mut local: HashMap<Box<str>, u32> = HashMap::new();
    let mut terms = Terms::default();
    let mut occurrences = Vec::new();
    analyzer.for_each_term(text, |term| {
        let index = match local.get(term.text) {
            Some(&index) => index,
            None => {
                // A text longer than u32::MAX distinct terms cannot be given to a corpus
                // anyway (term ids are u32); its further terms are left out.
                let Ok(index) = u32::try_from(terms.len()) else {
                    return;
                };
                local.insert(term.text.into(), index);
                terms.push(term.text);
                index
            }
        };
        occurrences.push((index, term.span));
    });
    terms.shrink_to_fit();
    Prepared {
        word_count: text.split_whitespace().count(),
        document,
        sentence_count,
        terms,
        occurrences,
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

fn add_surfaces(
    surfaces: &mut SurfaceForms,
    text: &str,
    occurrences: impl IntoIterator<Item = (TermId, Span)>,
) {
    // A prepared document made from a stored analysis repeats each written form's
    // occurrence `count` times in a row: add each run at once.
    let mut occurrences = occurrences.into_iter().peekable();
    let mut runs = Vec::new();
    while let Some(occurrence) = occurrences.next() {
        let mut count = 1u32;
        while occurrences.next_if_eq(&occurrence).is_some() {
            count = count.saturating_add(1);
        }
        let (id, span) = occurrence;
        if let Some(word) = text.get(span.range()) {
            runs.push((id, strip_possessive(word), count));
        }
    }
    surfaces.add_counts(&runs);
}

fn remove_surfaces(surfaces: &mut SurfaceForms, text: &str, occurrences: &[(TermId, Span)]) {
    for &(id, span) in occurrences {
        if let Some(word) = text.get(span.range()) {
            surfaces.remove(id, strip_possessive(word));
        }
    }
}

impl Corpus {
    /// The sentence of `text` (a document of the corpus) that best matches `query`: the
    /// largest sum of the BM25 IDF of the distinct query terms it holds, plus a little for
    /// repeats; the earliest of equals.
    fn snippet<'a>(&self, text: &'a str, query: &DocumentTerms, bm25: &Bm25) -> Snippet<'a> {
        let sentences: Vec<Span> = SentenceSplitter::new()
            .split(text)
            .map(|sentence| sentence.span)
            .collect();
        let occurrences = self.query_occurrences(text, &sentences, query);
        let matches = |span: Span| {
            let first = occurrences.partition_point(|(_, term)| term.start < span.start);
            occurrences[first..]
                .iter()
                .take_while(move |(_, term)| term.end <= span.end)
                .filter(|&&(id, _)| query.count(id) > 0)
        };
        let mut best: Option<(f64, Span)> = None;
        for &sentence in &sentences {
            let mut seen: Vec<TermId> = Vec::new();
            let mut score = 0.0;
            for &(id, _) in matches(sentence) {
                if seen.contains(&id) {
                    score += 0.25;
                } else {
                    seen.push(id);
                    score += bm25.idf(id);
                }
            }
            if score > 0.0 && best.is_none_or(|(best, _)| score > best) {
                best = Some((score, sentence));
            }
        }
        let span = best
            .map(|(_, span)| span)
            .or_else(|| sentences.first().copied())
            .unwrap_or_default();
        let highlights = matches(span)
            .filter_map(|&(_, term)| {
                let word = strip_possessive(text.get(term.range())?);
                let start = term.start - span.start;
                Some(Span::new(start, start + word.len()))
            })
            .collect();
        Snippet {
            text: text.get(span.range()).unwrap_or_default(),
            span,
            highlights,
        }
    }

    /// The term occurrences of the sentences of `text` (a document of the corpus) that may
    /// hold a term of `query`, in text order.
    ///
    /// Analysing a whole document again for its snippet was most of a search's time. But every
    /// occurrence of a term in the corpus was written in one of the term's surface forms, so a
    /// sentence that contains none of the query terms' forms (a plain substring test) cannot
    /// match, and only the others are analysed. Terms do not cross sentences, so analysing a
    /// sentence alone finds the same terms.
    fn query_occurrences(
        &self,
        text: &str,
        sentences: &[Span],
        query: &DocumentTerms,
    ) -> Vec<(TermId, Span)> {
        let forms: Vec<&str> = query
            .counts()
            .iter()
            .flat_map(|&(id, _)| self.surfaces.forms(id))
            .collect();
        let may_match = |sentence: &Span| {
            text.get(sentence.range())
                .is_some_and(|sentence| forms.iter().any(|form| sentence.contains(form)))
        };
        self.occurrences_in(text, sentences.iter().copied().filter(may_match))
    }

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

#[cfg(test)]
mod write_tests {
    use super::*;

    fn stats_of(corpus: &Corpus) -> (u64, usize, Vec<(String, u64, u64)>) {
        let top = corpus
            .top_terms(50)
            .expect("top terms")
            .into_iter()
            .map(|t| (t.term.to_owned(), t.document_frequency, t.occurrences))
            .collect();
        (corpus.stats().documents(), corpus.stats().live_terms(), top)
    }

    #[test]
    fn prepare_then_commit_equals_insert() {
        let mut inserted = Corpus::from_seeds().expect("seeds");
        let mut committed = Corpus::from_seeds().expect("seeds");
        let document = Document::new("oil", "Oil prices fell sharply on Tuesday in London.");
        inserted.insert(document.clone()).expect("insert");
        let prepared = committed.prepare(document).expect("prepare");
        assert_eq!(prepared.sentence_count(), 1);
        committed.commit(prepared).expect("commit");
        assert_eq!(stats_of(&inserted), stats_of(&committed));
        assert_eq!(
            inserted.analysis("oil").map(Analysis::terms),
            committed.analysis("oil").map(Analysis::terms)
        );
    }

    #[test]
    fn commit_refuses_a_taken_name_and_changes_nothing() {
        let mut corpus = Corpus::from_seeds().expect("seeds");
        let before = stats_of(&corpus);
        let name = corpus.names().next().expect("a seed").to_owned();
        let prepared = corpus
            .prepare(Document::new(name, "Entirely new words: zyzzogeton."))
            .expect("prepare");
        assert!(matches!(
            corpus.commit(prepared),
            Err(Error::AlreadyExists { .. })
        ));
        assert_eq!(stats_of(&corpus), before);
        assert!(corpus.search("zyzzogeton", 1).expect("search").is_empty());
    }

    #[test]
    fn commit_all_is_all_or_nothing() {
        let mut corpus = Corpus::from_seeds().expect("seeds");
        let before = stats_of(&corpus);
        let batch = |corpus: &Corpus, names: &[&str]| -> Vec<Prepared> {
            names
                .iter()
                .map(|name| {
                    corpus
                        .prepare(Document::new(*name, "Zyzzogeton markets rallied."))
                        .expect("prepare")
                })
                .collect()
        };
        let repeated = batch(&corpus, &["a", "b", "a"]);
        assert!(matches!(
            corpus.commit_all(repeated),
            Err(Error::AlreadyExists { name }) if name == "a"
        ));
        assert_eq!(stats_of(&corpus), before);
        let fine = batch(&corpus, &["a", "b"]);
        corpus.commit_all(fine).expect("commit all");
        assert_eq!(corpus.len(), 7);
        assert_eq!(corpus.search("zyzzogeton", 5).expect("search").len(), 2);
    }

    #[test]
    fn replace_reindexes_and_a_missing_name_is_not_found() {
        let mut corpus = Corpus::from_seeds().expect("seeds");
        let before = stats_of(&corpus);
        corpus
            .insert(Document::new("x", "Zyzzogeton exports grew."))
            .expect("insert");
        let new = corpus
            .prepare(Document::new("x", "Quokka imports shrank."))
            .expect("prepare");
        let old = corpus.replace(new).expect("replace");
        assert_eq!(old.text, "Zyzzogeton exports grew.");
        assert!(corpus.search("zyzzogeton", 1).expect("search").is_empty());
        assert_eq!(corpus.search("quokka", 1).expect("search")[0].name, "x");
        corpus.remove("x").expect("remove");
        assert_eq!(stats_of(&corpus), before);
        let missing = corpus
            .prepare(Document::new("nope", "Text."))
            .expect("prepare");
        assert!(matches!(
            corpus.replace(missing),
            Err(Error::NotFound { .. })
        ));
    }
}
