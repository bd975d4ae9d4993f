//! Corpus statistics: document frequencies, the number of documents and their lengths.
//!
//! [`CorpusStats`] aggregates the [`DocumentTerms`] of a collection: for every term, the
//! number of documents containing it (df) and its total number of occurrences; for the
//! collection, the number of documents (N) and the total length in terms. These are the
//! numbers IDF and BM25 need, and nothing more: the statistics do not know which documents
//! they hold. Whoever owns the documents (a corpus) keeps their `DocumentTerms` and gives the
//! same value back to [`remove`](CorpusStats::remove) when a document goes.
//!
//! The statistics are a commutative monoid over documents:
//!
//! - **Incremental.** [`add`](CorpusStats::add) then [`remove`](CorpusStats::remove) of a
//!   document restores the previous statistics exactly (integer counts, no drift).
//! - **Mergeable.** [`merge`](CorpusStats::merge) of the statistics of two disjoint sets of
//!   documents equals the statistics of their union, so statistics can be built on several
//!   threads or shards, each with its own vocabulary, and summed. Merging renumbers the other
//!   side's terms into this vocabulary and returns the [`TermIdMap`] for its documents.
//!
//! Equality ([`PartialEq`]) compares what the statistics say, not how they are numbered: two
//! statistics are equal when they have the same N, the same total length and the same
//! (term text, df, occurrences) for every term some document contains. Ids differ between
//! equal statistics built in different orders, and terms whose df fell to 0 are ignored.
//!
//! # Terms no document contains any more
//!
//! Removing the last document containing a term leaves the term in the vocabulary with df 0:
//! ids are never reused, so every `DocumentTerms` and vector the owner keeps stays valid.
//! Such terms weigh nothing (no document has them) and are invisible to equality and to
//! [`DocumentFrequencies`]. For a long-lived corpus with much turnover,
//! [`compact`](CorpusStats::compact) drops them and returns the map to renumber what the owner
//! keeps.

use crate::document::{DocumentTerms, TermCounter};
use crate::vocabulary::{TermId, TermIdMap, Vocabulary};
use crate::{Analyzer, DocumentFrequencies, Error};

/// Document frequencies and lengths of a collection of documents; see the
/// [module documentation](self).
///
/// # Example
///
/// ```
/// use lede_stem::Language;
/// use lede_tfidf::{Analyzer, CorpusStats, DocumentFrequencies, Ngrams, TermCounter};
///
/// let mut analyzer = Analyzer::new(Language::English);
/// let mut counter = TermCounter::new(Ngrams::Unigrams);
/// let mut stats = CorpusStats::new();
/// let paris = stats.add_text(&mut counter, &mut analyzer, "Leaders met in Paris.")?;
/// stats.add_text(&mut counter, &mut analyzer, "Leaders spoke.")?;
/// assert_eq!(stats.document_count(), 2);
/// assert_eq!(stats.document_frequency("leader"), 2);
/// assert_eq!(stats.document_frequency("pari"), 1);
///
/// stats.remove(&paris)?;
/// assert_eq!(stats.document_count(), 1);
/// assert_eq!(stats.document_frequency("pari"), 0);
/// assert!(stats.remove(&paris).is_err()); // it is not there any more
/// # Ok::<(), lede_tfidf::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct CorpusStats {
    vocabulary: Vocabulary,
    /// Per term id: its counts. May be shorter than the vocabulary (terms interned since the
    /// last `add` have none). One array rather than two, so that updating a term's counts
    /// touches one cache line.
    terms: Vec<TermCounts>,
    documents: u64,
    total_length: u64,
    /// The number of terms with df > 0.
    live_terms: usize,
}

/// The counts of one term.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TermCounts {
    /// In how many documents it occurs (df).
    documents: u64,
    /// How many times it occurs in all (collection frequency).
    occurrences: u64,
}

impl CorpusStats {
    /// Statistics of no documents, with an empty vocabulary.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The vocabulary the statistics' term ids refer to.
    #[must_use]
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The vocabulary, to intern the terms of new documents (with
    /// [`TermCounter::count`]). Interning a term does not change any statistic.
    pub fn vocabulary_mut(&mut self) -> &mut Vocabulary {
        &mut self.vocabulary
    }

    /// The number of documents (N).
    #[must_use]
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// The total length of all documents in terms (the sum of
    /// [`DocumentTerms::length`]).
    #[must_use]
    pub fn total_length(&self) -> u64 {
        self.total_length
    }

    /// The mean document length in terms, 0 when there are no documents.
    #[must_use]
    pub fn average_length(&self) -> f64 {
        if self.documents == 0 {
            0.0
        } else {
            self.total_length as f64 / self.documents as f64
        }
    }

    /// The number of distinct terms that at least one document contains.
    #[must_use]
    pub fn live_terms(&self) -> usize {
        self.live_terms
    }

    /// The number of documents containing `term` (0 for an id the statistics do not know).
    #[must_use]
    pub fn df(&self, term: TermId) -> u64 {
        self.terms
            .get(term.index())
            .map_or(0, |counts| counts.documents)
    }

    /// The total number of occurrences of `term` in all documents (its collection frequency).
    #[must_use]
    pub fn occurrences(&self, term: TermId) -> u64 {
        self.terms
            .get(term.index())
            .map_or(0, |counts| counts.occurrences)
    }

    /// Every term some document contains, with its id, text and df, in id order.
    pub fn terms(&self) -> impl Iterator<Item = (TermId, &str, u64)> + '_ {
        self.vocabulary
            .iter()
            .zip(&self.terms)
            .filter(|(_, counts)| counts.documents > 0)
            .map(|((id, text), counts)| (id, text, counts.documents))
    }

    /// Counts `text` with `counter` and `analyzer` into this vocabulary, adds the document,
    /// and returns its terms (keep them to [`remove`](Self::remove) the document later).
    ///
    /// # Errors
    ///
    /// [`Error::VocabularyFull`] if the vocabulary runs out of ids; the statistics are then
    /// unchanged (some of the text's terms may have been interned).
    pub fn add_text(
        &mut self,
        counter: &mut TermCounter,
        analyzer: &mut Analyzer,
        text: &str,
    ) -> Result<DocumentTerms, Error> {
        let document = counter.count(analyzer, &mut self.vocabulary, text)?;
        self.add(&document)?;
        Ok(document)
    }

    /// Fits statistics over `texts` and returns them with each text's terms (in the order of
    /// `texts`, against the returned vocabulary); the result equals adding the texts one by
    /// one with [`add_text`](Self::add_text).
    ///
    /// With `threads` ≥ 2, `threads - 1` threads analyse batches of texts (tokenising,
    /// normalising and stemming: about 40% of the work) while the calling thread interns and
    /// counts them in text order. Counting stays on one thread because interning into one
    /// vocabulary is inherently sequential, and merging per-thread statistics instead costs
    /// more than it saves (every term of every shard is re-interned and every document
    /// remapped).
    ///
    /// # Errors
    ///
    /// [`Error::VocabularyFull`] if the vocabulary runs out of ids.
    pub fn fit<T: AsRef<str> + Sync>(
        texts: &[T],
        analyzer: &Analyzer,
        counter: &TermCounter,
        threads: std::num::NonZeroUsize,
    ) -> Result<(Self, Vec<DocumentTerms>), Error> {
        let mut stats = Self::new();
        let mut counter = counter.clone();
        let mut documents = Vec::with_capacity(texts.len());
        let analysers = threads.get() - 1;
        if analysers == 0 || texts.len() <= FIT_BATCH {
            let mut analyzer = analyzer.clone();
            for text in texts {
                documents.push(stats.add_text(&mut counter, &mut analyzer, text.as_ref())?);
            }
            return Ok((stats, documents));
        }
        let next_batch = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            // Bounded, so that analysis cannot run far ahead of counting and hold the corpus's
            // terms twice in memory.
            let (sender, receiver) = std::sync::mpsc::sync_channel(analysers * 4);
            for _ in 0..analysers {
                let (sender, next_batch) = (sender.clone(), &next_batch);
                let mut analyzer = analyzer.clone();
                scope.spawn(move || {
                    loop {
                        let index = next_batch.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(batch) = texts.chunks(FIT_BATCH).nth(index) else {
                            break;
                        };
                        let batch = AnalysedBatch::new(index, &mut analyzer, batch);
                        // A closed channel means counting stopped on an error: stop too.
                        if sender.send(batch).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            // Batches arrive in any order; count them in text order.
            let mut waiting = std::collections::BTreeMap::new();
            let mut next = 0;
            for batch in receiver {
                waiting.insert(batch.index, batch);
                while let Some(batch) = waiting.remove(&next) {
                    for terms in batch.documents() {
                        let document = counter.count_analysed(stats.vocabulary_mut(), terms)?;
                        stats.add(&document)?;
                        documents.push(document);
                    }
                    next += 1;
                }
            }
            Ok(())
        })?;
        Ok((stats, documents))
    }

    /// Adds one document.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownTermId`] if the document has an id this vocabulary did not issue (it was
    /// counted against another vocabulary); nothing is changed.
    pub fn add(&mut self, document: &DocumentTerms) -> Result<(), Error> {
        self.check_ids(document)?;
        if self.terms.len() < self.vocabulary.len() {
            self.terms
                .resize(self.vocabulary.len(), TermCounts::default());
        }
        for &(id, count) in document.counts() {
            let counts = &mut self.terms[id.index()];
            // Without a branch: whether a term is new is unpredictable, and a mispredicted
            // branch stops the processor from overlapping the cache misses of the next terms.
            self.live_terms += usize::from(counts.documents == 0);
            counts.documents += 1;
            counts.occurrences += u64::from(count);
        }
        self.documents += 1;
        self.total_length += document.length();
        Ok(())
    }

    /// Removes a document that was added before, given the same [`DocumentTerms`].
    ///
    /// # Errors
    ///
    /// [`Error::DocumentNotAdded`] if removing it would make a statistic negative (there are
    /// no documents, or one of its terms is in fewer documents or has fewer occurrences than
    /// it brings), and [`Error::UnknownTermId`] for an id this vocabulary did not issue. In
    /// both cases nothing is changed. The statistics do not store documents, so a document
    /// that was never added but looks like a subset of what was cannot be told apart: the
    /// owner of the documents decides what is removed.
    pub fn remove(&mut self, document: &DocumentTerms) -> Result<(), Error> {
        self.check_ids(document)?;
        let not_added = |reason| Err(Error::DocumentNotAdded { reason });
        if self.documents == 0 {
            return not_added("there are no documents");
        }
        if self.total_length < document.length() {
            return not_added("it is longer than all documents together");
        }
        for &(id, count) in document.counts() {
            if self.df(id) == 0 {
                return not_added("one of its terms is in no document");
            }
            if self.occurrences(id) < u64::from(count) {
                return not_added("one of its terms occurs fewer times in all documents");
            }
        }
        // Checked above: every term has df >= 1 (so it is within the arrays) and enough
        // occurrences; nothing below can underflow.
        for &(id, count) in document.counts() {
            let counts = &mut self.terms[id.index()];
            counts.documents -= 1;
            if counts.documents == 0 {
                self.live_terms -= 1;
            }
            counts.occurrences -= u64::from(count);
        }
        self.documents -= 1;
        self.total_length -= document.length();
        Ok(())
    }

    /// Adds the statistics of `other` (a disjoint set of documents, counted against its own
    /// vocabulary) to these, and returns where `other`'s term ids went in this vocabulary.
    ///
    /// Every term of `other`'s vocabulary is interned here, including those with df 0, so the
    /// map covers every id `other` issued.
    ///
    /// # Errors
    ///
    /// [`Error::VocabularyFull`] if this vocabulary runs out of ids; the statistics are then
    /// unchanged (some of `other`'s terms may have been interned).
    ///
    /// # Example
    ///
    /// ```
    /// use lede_tfidf::{CorpusStats, Ngrams, TermCounter};
    ///
    /// let mut counter = TermCounter::new(Ngrams::Unigrams);
    /// let (mut left, mut right) = (CorpusStats::new(), CorpusStats::new());
    /// let a = counter.count_tokens(left.vocabulary_mut(), ["paris", "summit"])?;
    /// left.add(&a)?;
    /// let b = counter.count_tokens(right.vocabulary_mut(), ["kyiv", "summit"])?;
    /// right.add(&b)?;
    ///
    /// let map = left.merge(&right)?;
    /// assert_eq!(left.documents(), 2);
    /// assert_eq!(left.df(left.vocabulary().get("summit").unwrap()), 2);
    /// // `b`, counted against `right`, now needs `left`'s ids:
    /// let b = b.remap(&map)?;
    /// left.remove(&b)?;
    /// assert_eq!(left.df(left.vocabulary().get("summit").unwrap()), 1);
    /// # Ok::<(), lede_tfidf::Error>(())
    /// ```
    pub fn merge(&mut self, other: &Self) -> Result<TermIdMap, Error> {
        let map = self.vocabulary.absorb(&other.vocabulary)?;
        self.terms
            .resize(self.vocabulary.len(), TermCounts::default());
        for (old, theirs) in other.terms.iter().enumerate() {
            if theirs.documents == 0 {
                continue;
            }
            // Every old id is mapped by `absorb`.
            let Some(new) = u32::try_from(old)
                .ok()
                .and_then(|old| map.get(TermId::from_u32(old)))
            else {
                continue;
            };
            let ours = &mut self.terms[new.index()];
            if ours.documents == 0 {
                self.live_terms += 1;
            }
            ours.documents += theirs.documents;
            ours.occurrences += theirs.occurrences;
        }
        self.documents += other.documents;
        self.total_length += other.total_length;
        Ok(map)
    }

    /// Drops the terms no document contains (df 0) from the vocabulary, renumbering the rest
    /// in their old order, and returns the map from old ids to new ones. The words of kept
    /// bigrams are kept too (a bigram is stored as its pair of words), which matters only
    /// with [`Ngrams::Bigrams`](crate::Ngrams::Bigrams), where words have df 0. Documents and
    /// vectors kept by the caller must be remapped with the map; terms that were dropped map
    /// to nothing (a kept document never contains one, since its terms have df ≥ 1).
    #[must_use = "documents and vectors built before compaction must be remapped with the map"]
    pub fn compact(&mut self) -> TermIdMap {
        let terms = &self.terms;
        let (vocabulary, map) = self.vocabulary.retain(|id| {
            terms
                .get(id.index())
                .is_some_and(|counts| counts.documents > 0)
        });
        let mut new_terms = vec![TermCounts::default(); vocabulary.len()];
        for (old, counts) in self.terms.iter().enumerate() {
            if let Some(new) = u32::try_from(old)
                .ok()
                .and_then(|old| map.get(TermId::from_u32(old)))
            {
                new_terms[new.index()] = *counts;
            }
        }
        self.vocabulary = vocabulary;
        self.terms = new_terms;
        map
    }

    fn check_ids(&self, document: &DocumentTerms) -> Result<(), Error> {
        // Ids are sorted, so the largest one decides.
        match document.max_id() {
            Some(id) if !self.vocabulary.contains_id(id) => Err(Error::UnknownTermId {
                id: id.as_u32(),
                len: self.vocabulary.len(),
            }),
            _ => Ok(()),
        }
    }
}

impl DocumentFrequencies for CorpusStats {
    fn document_count(&self) -> u64 {
        self.documents
    }

    fn document_frequency(&self, term: &str) -> u64 {
        self.vocabulary.get(term).map_or(0, |id| self.df(id))
    }
}

impl PartialEq for CorpusStats {
    /// Equal when the statistics say the same thing; see the [module documentation](self).
    fn eq(&self, other: &Self) -> bool {
        self.documents == other.documents
            && self.total_length == other.total_length
            && self.live_terms == other.live_terms
            && self.terms().all(|(id, text, df)| {
                other.vocabulary.get(text).is_some_and(|theirs| {
                    other.df(theirs) == df && other.occurrences(theirs) == self.occurrences(id)
                })
            })
    }
}

/// How many texts [`CorpusStats::fit`] hands to an analysis thread at a time: enough to make
/// the hand-over cheap, few enough to keep both threads busy on small corpora.
const FIT_BATCH: usize = 64;

/// The analysed terms of a batch of consecutive texts, in flat buffers (no allocation per term).
struct AnalysedBatch {
    /// Which batch of the texts this is.
    index: usize,
    /// The texts of all terms, one after another.
    texts: String,
    /// For each term: where its text ends in `texts`, and its position in its document.
    terms: Vec<(usize, u32)>,
    /// For each document: where its terms end in `terms`.
    document_ends: Vec<usize>,
}

impl AnalysedBatch {
    fn new<T: AsRef<str>>(index: usize, analyzer: &mut Analyzer, texts: &[T]) -> Self {
        let mut batch = Self {
            index,
            texts: String::new(),
            terms: Vec::new(),
            document_ends: Vec::with_capacity(texts.len()),
        };
        for text in texts {
            analyzer.for_each_term(text.as_ref(), |term| {
                batch.texts.push_str(term.text);
                batch.terms.push((batch.texts.len(), term.position));
            });
            batch.document_ends.push(batch.terms.len());
        }
        batch
    }

    /// Each document's terms as `(text, position)`.
    fn documents(&self) -> impl Iterator<Item = impl Iterator<Item = (&str, u32)>> {
        let starts = std::iter::once(0).chain(self.document_ends.iter().copied());
        starts.zip(&self.document_ends).map(move |(start, &end)| {
            let terms = self.terms.get(start..end).unwrap_or_default();
            let text_start = start
                .checked_sub(1)
                .and_then(|before| self.terms.get(before))
                .map_or(0, |&(text_end, _)| text_end);
            terms
                .iter()
                .scan(text_start, move |text_start, &(text_end, position)| {
                    let text = self.texts.get(*text_start..text_end).unwrap_or_default();
                    *text_start = text_end;
                    Some((text, position))
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use lede_stem::Language;
    use proptest::prelude::*;

    use super::*;
    use crate::{Adjacency, Ngrams, Vocabulary};

    const A: &str = "Leaders met in Paris to discuss security guarantees for Ukraine.";
    const B: &str = "Moscow escalated strikes on Ukrainian energy infrastructure overnight.";
    const C: &str = "Security guarantees for Ukraine dominated the Paris summit of leaders.";

    struct Fit {
        analyzer: Analyzer,
        counter: TermCounter,
    }

    impl Fit {
        fn new(ngrams: Ngrams) -> Self {
            Self {
                analyzer: Analyzer::new(Language::English),
                counter: TermCounter::new(ngrams),
            }
        }

        fn stats(&mut self, texts: &[&str]) -> (CorpusStats, Vec<DocumentTerms>) {
            let mut stats = CorpusStats::new();
            let docs = texts
                .iter()
                .map(|text| {
                    stats
                        .add_text(&mut self.counter, &mut self.analyzer, text)
                        .unwrap()
                })
                .collect();
            (stats, docs)
        }
    }

    #[test]
    fn threaded_fit_equals_sequential_adding() {
        // More texts than one batch, with words unique to some texts, so that batches
        // interleave and ids depend on counting order.
        let owned: Vec<String> = (0..3 * FIT_BATCH + 5)
            .map(|i| match i % 4 {
                0 => format!("{A} Report number{i}."),
                1 => B.to_owned(),
                2 => String::new(),
                _ => format!("{C} Word{} again.", i / 2),
            })
            .collect();
        let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
        for adjacency in [Adjacency::Terms, Adjacency::Tokens] {
            let mut sequential_fit = Fit::new(Ngrams::UnigramsAndBigrams);
            sequential_fit.counter = sequential_fit.counter.clone().with_adjacency(adjacency);
            let (sequential, sequential_docs) = sequential_fit.stats(&texts);
            let analyzer = Analyzer::new(Language::English);
            let counter = TermCounter::new(Ngrams::UnigramsAndBigrams).with_adjacency(adjacency);
            for threads in [1, 2, 3, 8] {
                let threads = std::num::NonZeroUsize::new(threads).unwrap();
                let (stats, docs) = CorpusStats::fit(&texts, &analyzer, &counter, threads).unwrap();
                // Counting runs in text order, so even the ids agree.
                assert_eq!(stats, sequential, "{threads} threads");
                assert_eq!(docs, sequential_docs, "{threads} threads");
            }
        }
        let empty: [&str; 0] = [];
        let threads = std::num::NonZeroUsize::new(4).unwrap();
        let analyzer = Analyzer::new(Language::English);
        let counter = TermCounter::new(Ngrams::Unigrams);
        let (stats, docs) = CorpusStats::fit(&empty, &analyzer, &counter, threads).unwrap();
        assert_eq!((stats.documents(), docs.len()), (0, 0));
    }

    #[test]
    fn add_counts_documents_lengths_and_document_frequencies() {
        let mut fit = Fit::new(Ngrams::Unigrams);
        let (stats, docs) = fit.stats(&[A, B, C]);
        assert_eq!(stats.documents(), 3);
        assert_eq!(stats.document_count(), 3);
        // A: leader met pari discuss secur guarante ukrain = 7 terms.
        assert_eq!(docs[0].length(), 7);
        assert_eq!(
            stats.total_length(),
            docs.iter().map(DocumentTerms::length).sum::<u64>()
        );
        assert_eq!(stats.document_frequency("secur"), 2);
        assert_eq!(stats.document_frequency("ukrain"), 2); // "Ukraine" in A and C
        assert_eq!(stats.document_frequency("ukrainian"), 1); // B: a stem of its own
        assert_eq!(stats.document_frequency("moscow"), 1);
        assert_eq!(stats.document_frequency("absent"), 0);
        let leader = stats.vocabulary().get("leader").unwrap();
        assert_eq!(stats.df(leader), 2);
        assert_eq!(stats.occurrences(leader), 2);
        assert_eq!(stats.live_terms(), stats.terms().count());
    }

    #[test]
    fn removing_b_from_abc_equals_adding_a_and_c() {
        for ngrams in [
            Ngrams::Unigrams,
            Ngrams::UnigramsAndBigrams,
            Ngrams::Bigrams,
        ] {
            let mut fit = Fit::new(ngrams);
            let (mut abc, docs) = fit.stats(&[A, B, C]);
            let (ac, _) = fit.stats(&[A, C]);
            let vocabulary_before = abc.vocabulary().len();
            abc.remove(&docs[1]).unwrap();
            assert_eq!(abc, ac, "{ngrams:?}");
            // Exactly: the df of every B-only term is now 0, and its id is kept.
            assert_eq!(abc.document_frequency("moscow"), 0);
            assert_eq!(abc.vocabulary().len(), vocabulary_before);
            assert!(abc.vocabulary().get("moscow").is_some());
            assert_eq!(abc.live_terms(), ac.live_terms());
            assert_eq!(abc.total_length(), ac.total_length());
            for (_, text, df) in ac.terms() {
                assert_eq!(abc.document_frequency(text), df, "{text}");
            }
        }
    }

    #[test]
    fn adding_after_removing_restores_the_statistics() {
        let mut fit = Fit::new(Ngrams::UnigramsAndBigrams);
        let (mut stats, docs) = fit.stats(&[A, B, C]);
        let before = stats.clone();
        stats.remove(&docs[0]).unwrap();
        assert_ne!(stats, before);
        stats.add(&docs[0]).unwrap();
        assert_eq!(stats, before);
        assert_eq!(stats.terms, before.terms);
    }

    #[test]
    fn removing_every_document_gives_empty_statistics() {
        let mut fit = Fit::new(Ngrams::Unigrams);
        let (mut stats, docs) = fit.stats(&[A, B, C]);
        for doc in &docs {
            stats.remove(doc).unwrap();
        }
        assert_eq!(stats, CorpusStats::new());
        assert_eq!(stats.documents(), 0);
        assert_eq!(stats.total_length(), 0);
        assert_eq!(stats.live_terms(), 0);
        assert_eq!(stats.average_length(), 0.0);
        assert!(
            stats
                .terms
                .iter()
                .all(|counts| counts.documents == 0 && counts.occurrences == 0)
        );
    }

    #[test]
    fn removing_a_document_never_added_is_an_error_and_changes_nothing() {
        let mut fit = Fit::new(Ngrams::Unigrams);
        let (mut empty, _) = fit.stats(&[]);
        let (mut stats, docs) = fit.stats(&[A, C]);
        let before = stats.clone();
        // B's terms are interned but no document holds them.
        let b = fit
            .counter
            .count(&mut fit.analyzer, stats.vocabulary_mut(), B)
            .unwrap();
        assert_eq!(
            stats.remove(&b),
            Err(Error::DocumentNotAdded {
                reason: "one of its terms is in no document"
            })
        );
        assert_eq!(stats, before);
        // A twice: the second removal finds "discuss" (A only) in no document.
        stats.remove(&docs[0]).unwrap();
        assert!(matches!(
            stats.remove(&docs[0]),
            Err(Error::DocumentNotAdded { .. })
        ));
        assert!(matches!(
            empty.remove(&DocumentTerms::default()),
            Err(Error::DocumentNotAdded { .. })
        ));
        // An id from a larger vocabulary.
        let foreign = DocumentTerms::from_counts([(TermId::from_u32(10_000), 1)]);
        assert!(matches!(
            stats.remove(&foreign),
            Err(Error::UnknownTermId { id: 10_000, .. })
        ));
        assert!(matches!(
            stats.add(&foreign),
            Err(Error::UnknownTermId { id: 10_000, .. })
        ));
    }

    #[test]
    fn empty_documents_count_as_documents_of_length_zero() {
        let mut fit = Fit::new(Ngrams::UnigramsAndBigrams);
        let (mut stats, docs) = fit.stats(&["", "the of", A]);
        assert_eq!(stats.documents(), 3);
        assert_eq!(stats.total_length(), docs[2].length());
        stats.remove(&docs[0]).unwrap();
        stats.remove(&docs[1]).unwrap();
        assert_eq!(stats, fit.stats(&[A]).0);
    }

    #[test]
    fn merging_shards_equals_fitting_the_union() {
        let texts = [A, B, C, "Paris talks resumed.", "", "Kyiv and Paris."];
        for ngrams in [Ngrams::Unigrams, Ngrams::UnigramsAndBigrams] {
            let mut fit = Fit::new(ngrams);
            let (whole, _) = fit.stats(&texts);
            let (mut left, _) = fit.stats(&texts[..2]);
            let (right, right_docs) = fit.stats(&texts[2..]);
            let map = left.merge(&right).unwrap();
            assert_eq!(left, whole, "{ngrams:?}");
            assert_eq!(left.documents(), 6);
            assert_eq!(left.total_length(), whole.total_length());
            // The right shard's documents, remapped, are valid in the merged statistics.
            for doc in &right_docs {
                left.remove(&doc.remap(&map).unwrap()).unwrap();
            }
            assert_eq!(left, fit.stats(&texts[..2]).0);
        }
    }

    #[test]
    fn merging_with_empty_statistics_is_the_identity() {
        let mut fit = Fit::new(Ngrams::Unigrams);
        let (stats, _) = fit.stats(&[A, B]);
        let mut merged = stats.clone();
        let map = merged.merge(&CorpusStats::new()).unwrap();
        assert!(map.is_empty());
        assert_eq!(merged, stats);
        let mut empty = CorpusStats::new();
        let map = empty.merge(&stats).unwrap();
        assert!(map.is_identity());
        assert_eq!(empty, stats);
    }

    #[test]
    fn compact_drops_dead_terms_and_renumbers_kept_documents() {
        let mut fit = Fit::new(Ngrams::UnigramsAndBigrams);
        let (mut stats, docs) = fit.stats(&[A, B, C]);
        stats.remove(&docs[1]).unwrap();
        let before = stats.clone();
        let map = stats.compact();
        assert_eq!(stats, before);
        assert_eq!(stats.vocabulary().len(), stats.live_terms());
        assert_eq!(stats.vocabulary().get("moscow"), None);
        let a = docs[0].remap(&map).unwrap();
        assert!(docs[1].remap(&map).is_err());
        stats.remove(&a).unwrap();
        assert_eq!(stats, fit.stats(&[C]).0);
        // Counting goes on after compaction, also for bigrams whose pair cache was dropped.
        let again = stats
            .add_text(&mut fit.counter, &mut fit.analyzer, A)
            .unwrap();
        assert_eq!(again, a);
        assert_eq!(stats, fit.stats(&[C, A]).0);
    }

    #[test]
    fn compact_keeps_the_words_of_bigrams_with_bigrams_only() {
        let mut fit = Fit::new(Ngrams::Bigrams);
        let (mut stats, docs) = fit.stats(&[A, B]);
        stats.remove(&docs[1]).unwrap();
        let before = stats.clone();
        let map = stats.compact();
        assert_eq!(stats, before);
        // A's seven words stay (df 0) beside its six bigrams.
        assert_eq!(stats.live_terms(), 6);
        assert_eq!(stats.vocabulary().len(), 13);
        assert_eq!(stats.document_frequency("secur guarante"), 1);
        assert_eq!(stats.document_frequency("secur"), 0);
        let a = docs[0].remap(&map).unwrap();
        let again = stats
            .add_text(&mut fit.counter, &mut fit.analyzer, A)
            .unwrap();
        assert_eq!(again, a);
    }

    /// Tokens from a small alphabet that includes texts with spaces, which may coincide with
    /// bigrams ("a b" as a token and as the bigram of "a" and "b").
    fn document(tokens: &[u8]) -> Vec<String> {
        const ALPHABET: [&str; 12] = [
            "a", "b", "c", "d", "e", "f", "g", "h", "a b", "b a", "a b c", "c ",
        ];
        tokens
            .iter()
            .map(|&t| {
                let index = usize::from(t) % 24;
                ALPHABET
                    .get(index)
                    .map_or_else(|| format!("t{index}"), |&t| t.to_owned())
            })
            .collect()
    }

    /// Every text of the vocabulary is distinct and found again by `get`.
    fn assert_texts_identify_terms(vocabulary: &Vocabulary) {
        let mut seen = std::collections::HashSet::new();
        for (id, text) in vocabulary.iter() {
            assert!(seen.insert(text), "{text:?} has two ids");
            assert_eq!(vocabulary.get(text), Some(id), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn add_remove_and_merge_agree_with_refitting(
            docs in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..12), 0..8),
            split in 0usize..8,
            removed in prop::collection::vec(any::<bool>(), 8),
        ) {
            let docs: Vec<Vec<String>> = docs.iter().map(|d| document(d)).collect();
            let split = split.min(docs.len());
            let mut counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
            let fit = |counter: &mut TermCounter, docs: &[Vec<String>]| {
                let mut stats = CorpusStats::new();
                let terms: Vec<DocumentTerms> = docs
                    .iter()
                    .map(|d| {
                        let t = counter.count_tokens(stats.vocabulary_mut(), d).unwrap();
                        stats.add(&t).unwrap();
                        t
                    })
                    .collect();
                (stats, terms)
            };
            let (whole, whole_docs) = fit(&mut counter, &docs);
            let (mut left, _) = fit(&mut counter, &docs[..split]);
            let (right, _) = fit(&mut counter, &docs[split..]);
            left.merge(&right).unwrap();
            prop_assert_eq!(&left, &whole);
            assert_texts_identify_terms(left.vocabulary());
            assert_texts_identify_terms(whole.vocabulary());

            let mut pruned = whole.clone();
            let mut kept = Vec::new();
            for (i, doc) in docs.iter().enumerate() {
                if removed[i] {
                    pruned.remove(&whole_docs[i]).unwrap();
                } else {
                    kept.push(doc.clone());
                }
            }
            prop_assert_eq!(&pruned, &fit(&mut counter, &kept).0);
            let mut compacted = pruned.clone();
            let map = compacted.compact();
            prop_assert_eq!(&compacted, &pruned);
            assert_texts_identify_terms(compacted.vocabulary());
            // The kept documents, remapped, can be removed from the compacted statistics.
            for (i, doc) in whole_docs.iter().enumerate() {
                if !removed[i] {
                    compacted.remove(&doc.remap(&map).unwrap()).unwrap();
                }
            }
            prop_assert_eq!(&compacted, &CorpusStats::new());
            let df_sum: u64 = pruned.terms().map(|(_, _, df)| df).sum();
            let expected: u64 = docs
                .iter()
                .zip(&whole_docs)
                .zip(&removed)
                .filter(|(_, removed)| !**removed)
                .map(|((_, t), _)| t.distinct_terms() as u64)
                .sum();
            prop_assert_eq!(df_sum, expected);
        }
    }
}
