//! Per-document term counts, and the counter that produces them from text.
//!
//! A [`TermCounter`] runs an [`Analyzer`] over a text, interns each term (and, if asked,
//! each bigram) in a [`Vocabulary`] and returns the document's [`DocumentTerms`]: its distinct
//! terms with their counts, sorted by [`TermId`]. That is everything the statistics and the
//! weights need from a document; the text itself is not kept.
//!
//! # Bigrams
//!
//! With [`Ngrams::UnigramsAndBigrams`] every two consecutive *analysed* terms also count as
//! one bigram term, their texts joined by a space (`"secur guarante"`). By default
//! ([`Adjacency::Terms`]) this is scikit-learn's behaviour (`ngram_range=(1, 2)`), which forms
//! bigrams after stop words are removed: in "Coalition of the Willing" the bigram is
//! `"coalit will"`, although "of the" stood between the two words. [`Adjacency::Tokens`] keeps
//! only bigrams of words that were adjacent in the text (their
//! [`Term::position`](crate::Term::position)s differ by one), which suits phrase extraction
//! better; the scikit-learn behaviour is the default so that weights can be checked against it.
//!
//! # Cost
//!
//! Counting allocates nothing per term: terms are interned by `&str` lookup (a new term's text
//! is appended to the vocabulary once, when it is first seen), bigrams are found by their pair
//! of word ids without building their string, and the counter reuses its buffers from one
//! document to the next. The only allocation per document is the returned [`DocumentTerms`].
//! The words of a document are interned as the analyzer yields them; its bigrams are then
//! looked up in a pass of their own, which lets the processor overlap the cache misses of a
//! large bigram table.

use crate::vocabulary::{TermId, TermIdMap, Vocabulary};
use crate::{Analyzer, Error};

/// Which n-grams of the analysed terms are counted.
///
/// Non-exhaustive: longer n-grams may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Ngrams {
    /// Single terms only, like scikit-learn's `ngram_range=(1, 1)`.
    #[default]
    Unigrams,
    /// Single terms and pairs of adjacent terms, like `ngram_range=(1, 2)`.
    UnigramsAndBigrams,
    /// Pairs of adjacent terms only, like `ngram_range=(2, 2)`. The single terms are still
    /// interned in the vocabulary (bigrams are built from their ids) but not counted, so their
    /// document frequency is 0.
    Bigrams,
}

impl Ngrams {
    const fn unigrams(self) -> bool {
        matches!(self, Self::Unigrams | Self::UnigramsAndBigrams)
    }

    const fn bigrams(self) -> bool {
        matches!(self, Self::Bigrams | Self::UnigramsAndBigrams)
    }
}

/// When two analysed terms in a row form a bigram; see the [module documentation](self).
///
/// Non-exhaustive: other rules (within a sentence only) may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Adjacency {
    /// Any two consecutive analysed terms, even if stop words (or dropped numbers) stood
    /// between them in the text: scikit-learn's behaviour.
    #[default]
    Terms,
    /// Only terms whose words were adjacent in the text (positions differing by one).
    Tokens,
}

/// The distinct terms of one document with their counts, sorted by [`TermId`].
///
/// Built by a [`TermCounter`] (from text or from tokens) or [`from_counts`](Self::from_counts);
/// its ids refer to the [`Vocabulary`] it was built against. Invariants: ids strictly
/// increasing, every count at least 1, [`length`](Self::length) the sum of the counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct DocumentTerms {
    counts: Vec<(TermId, u32)>,
    length: u64,
}

impl DocumentTerms {
    /// The document with the given `(term, count)` pairs, in any order; repeated terms are
    /// summed and zero counts dropped.
    ///
    /// ```
    /// use lede_tfidf::{DocumentTerms, TermId};
    ///
    /// let (a, b) = (TermId::from_u32(0), TermId::from_u32(1));
    /// let doc = DocumentTerms::from_counts([(b, 2), (a, 1), (b, 1), (a, 0)]);
    /// assert_eq!(doc.counts(), [(a, 1), (b, 3)]);
    /// assert_eq!(doc.length(), 4);
    /// ```
    #[must_use]
    pub fn from_counts(counts: impl IntoIterator<Item = (TermId, u32)>) -> Self {
        let mut counts: Vec<(TermId, u32)> =
            counts.into_iter().filter(|&(_, count)| count > 0).collect();
        counts.sort_unstable_by_key(|&(id, _)| id);
        counts.dedup_by(|next, kept| {
            if next.0 == kept.0 {
                kept.1 = kept.1.saturating_add(next.1);
                true
            } else {
                false
            }
        });
        // Documents are kept for the life of a corpus: give back what collecting (one entry
        // per occurrence, before merging) reserved.
        counts.shrink_to_fit();
        let length = counts.iter().map(|&(_, count)| u64::from(count)).sum();
        Self { counts, length }
    }

    /// The `(term, count)` pairs, sorted by term id.
    #[must_use]
    pub fn counts(&self) -> &[(TermId, u32)] {
        &self.counts
    }

    /// How many times `term` occurs in the document (0 if it does not).
    #[must_use]
    pub fn count(&self, term: TermId) -> u32 {
        self.counts
            .binary_search_by_key(&term, |&(id, _)| id)
            .map_or(0, |index| self.counts[index].1)
    }

    /// The document's length in terms: the number of term occurrences counted (the sum of
    /// the counts; with bigrams, unigram and bigram occurrences together).
    #[must_use]
    pub fn length(&self) -> u64 {
        self.length
    }

    /// The number of distinct terms.
    #[must_use]
    pub fn distinct_terms(&self) -> usize {
        self.counts.len()
    }

    /// Whether the document has no terms (it may still be added to statistics: it counts as a
    /// document of length 0).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The largest term id, which must be in the vocabulary for the document to be valid.
    pub(crate) fn max_id(&self) -> Option<TermId> {
        self.counts.last().map(|&(id, _)| id)
    }

    /// The same document with its ids carried over by `map` (after a merge or a compaction).
    ///
    /// # Errors
    ///
    /// [`Error::UnmappedTermId`] if a term of the document has no new id.
    pub fn remap(&self, map: &TermIdMap) -> Result<Self, Error> {
        let mut counts = Vec::with_capacity(self.counts.len());
        for &(id, count) in &self.counts {
            let new = map
                .get(id)
                .ok_or(Error::UnmappedTermId { id: id.as_u32() })?;
            counts.push((new, count));
        }
        Ok(Self::from_counts(counts))
    }
}

/// Turns texts (or token sequences) into [`DocumentTerms`]; see the
/// [module documentation](self).
///
/// Keep one counter per thread and reuse it: it holds the buffers that make counting free of
/// per-term allocation.
///
/// # Example
///
/// ```
/// use lede_stem::Language;
/// use lede_tfidf::{Analyzer, Ngrams, TermCounter, Vocabulary};
///
/// let mut analyzer = Analyzer::new(Language::English);
/// let mut vocabulary = Vocabulary::new();
/// let mut counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
/// let doc = counter.count(&mut analyzer, &mut vocabulary, "Security guarantees, security.")?;
/// let count_of = |term: &str| doc.count(vocabulary.get(term).unwrap());
/// assert_eq!(count_of("secur"), 2);
/// assert_eq!(count_of("secur guarante"), 1);
/// assert_eq!(count_of("guarante secur"), 1); // punctuation does not break adjacency
/// assert_eq!(doc.length(), 5); // 3 unigrams + 2 bigrams
/// # Ok::<(), lede_tfidf::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct TermCounter {
    ngrams: Ngrams,
    adjacency: Adjacency,
    /// The ids of the current document's words (unigrams), in text order.
    words: Vec<TermId>,
    /// Their texts, end to end, and where each ends: the texts new bigrams are made of.
    word_texts: String,
    word_ends: Vec<usize>,
    /// Their positions in the text, with [`Adjacency::Tokens`].
    positions: Vec<u32>,
    /// The ids of the current document's counted term occurrences, then sorted.
    ids: Vec<TermId>,
    /// Where bigram strings are built.
    bigram: String,
    /// What [`Vocabulary::touch_bigrams`] returned last (kept so its reads are not removed).
    touched: u64,
    /// The previous term's text, when it may not be in the vocabulary (lookup-only counting).
    previous: String,
}

impl TermCounter {
    /// A counter of the given n-grams, with scikit-learn's [`Adjacency::Terms`].
    #[must_use]
    pub fn new(ngrams: Ngrams) -> Self {
        Self {
            ngrams,
            ..Self::default()
        }
    }

    /// The same counter with bigrams formed according to `adjacency`.
    #[must_use]
    pub fn with_adjacency(mut self, adjacency: Adjacency) -> Self {
        self.adjacency = adjacency;
        self
    }

    /// The n-grams this counter counts.
    #[must_use]
    pub fn ngrams(&self) -> Ngrams {
        self.ngrams
    }

    /// How this counter decides that two terms are adjacent.
    #[must_use]
    pub fn adjacency(&self) -> Adjacency {
        self.adjacency
    }

    /// Analyses `text`, interns its terms in `vocabulary` and returns their counts.
    ///
    /// # Errors
    ///
    /// [`Error::VocabularyFull`] if the vocabulary runs out of ids.
    pub fn count(
        &mut self,
        analyzer: &mut Analyzer,
        vocabulary: &mut Vocabulary,
        text: &str,
    ) -> Result<DocumentTerms, Error> {
        self.clear_words();
        let mut failure = None;
        let bigrams = self.ngrams.bigrams();
        let keep_positions = bigrams && self.adjacency == Adjacency::Tokens;
        let (words, positions) = (&mut self.words, &mut self.positions);
        let (word_texts, word_ends) = (&mut self.word_texts, &mut self.word_ends);
        analyzer.for_each_term(text, |term| {
            if failure.is_some() {
                return;
            }
            match vocabulary.intern(term.text) {
                Ok(id) => {
                    words.push(id);
                    if bigrams {
                        word_texts.push_str(term.text);
                        word_ends.push(word_texts.len());
                    }
                    if keep_positions {
                        positions.push(term.position);
                    }
                }
                Err(error) => failure = Some(error),
            }
        });
        if let Some(error) = failure {
            return Err(error);
        }
        self.count_words(vocabulary)
    }

    /// Counts a sequence of already analysed tokens, each adjacent to the next, interning
    /// them in `vocabulary`: for terms produced by another analyzer, or to reproduce another
    /// tool's counts from the same tokens.
    ///
    /// # Errors
    ///
    /// [`Error::VocabularyFull`] if the vocabulary runs out of ids.
    ///
    /// ```
    /// use lede_tfidf::{Ngrams, TermCounter, Vocabulary};
    ///
    /// let mut vocabulary = Vocabulary::new();
    /// let mut counter = TermCounter::new(Ngrams::Bigrams);
    /// let doc = counter.count_tokens(&mut vocabulary, ["a", "b", "a", "b"])?;
    /// assert_eq!(doc.count(vocabulary.get("a b").unwrap()), 2);
    /// assert_eq!(doc.count(vocabulary.get("b a").unwrap()), 1);
    /// assert_eq!(doc.count(vocabulary.get("a").unwrap()), 0); // interned, not counted
    /// # Ok::<(), lede_tfidf::Error>(())
    /// ```
    pub fn count_tokens<I>(
        &mut self,
        vocabulary: &mut Vocabulary,
        tokens: I,
    ) -> Result<DocumentTerms, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.clear_words();
        let bigrams = self.ngrams.bigrams();
        for token in tokens {
            let token = token.as_ref();
            self.words.push(vocabulary.intern(token)?);
            if bigrams {
                self.word_texts.push_str(token);
                self.word_ends.push(self.word_texts.len());
            }
        }
        if self.adjacency == Adjacency::Tokens {
            // Consecutive tokens are adjacent.
            let len = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
            self.positions.extend(0..len);
        }
        self.count_words(vocabulary)
    }

    /// Counts terms analysed elsewhere (on another thread, by
    /// [`CorpusStats::fit`](crate::CorpusStats::fit)): each term's text and its position, as
    /// [`Term`](crate::Term) gives them, in text order.
    pub(crate) fn count_analysed<'t>(
        &mut self,
        vocabulary: &mut Vocabulary,
        terms: impl IntoIterator<Item = (&'t str, u32)>,
    ) -> Result<DocumentTerms, Error> {
        self.clear_words();
        let bigrams = self.ngrams.bigrams();
        let keep_positions = bigrams && self.adjacency == Adjacency::Tokens;
        for (text, position) in terms {
            self.words.push(vocabulary.intern(text)?);
            if bigrams {
                self.word_texts.push_str(text);
                self.word_ends.push(self.word_texts.len());
            }
            if keep_positions {
                self.positions.push(position);
            }
        }
        self.count_words(vocabulary)
    }

    /// Counts the unigrams and bigrams of `self.words`.
    ///
    /// The bigrams are looked up in a pass of their own rather than as the words arrive:
    /// the lookups (in a table too large for the cache) are then independent of each other
    /// and the processor overlaps their memory accesses.
    fn count_words(&mut self, vocabulary: &mut Vocabulary) -> Result<DocumentTerms, Error> {
        self.ids.clear();
        if self.ngrams.unigrams() {
            self.ids.extend_from_slice(&self.words);
        }
        if self.ngrams.bigrams() {
            self.touched = vocabulary.touch_bigrams(&self.words);
            let text = |index: usize| -> &str {
                let start = index
                    .checked_sub(1)
                    .map_or(0, |before| self.word_ends[before]);
                self.word_texts
                    .get(start..self.word_ends[index])
                    .unwrap_or_default()
            };
            for (index, pair) in self.words.windows(2).enumerate() {
                let is_adjacent = match self.positions.get(index..index + 2) {
                    Some(&[first, second]) => adjacent(self.adjacency, first, second),
                    _ => true,
                };
                if is_adjacent {
                    self.ids.push(vocabulary.intern_bigram_of(
                        (pair[0], text(index)),
                        (pair[1], text(index + 1)),
                        &mut self.bigram,
                    )?);
                }
            }
        }
        Ok(self.finish())
    }

    fn clear_words(&mut self) {
        self.words.clear();
        self.positions.clear();
        self.word_texts.clear();
        self.word_ends.clear();
    }

    /// Analyses `text` and counts only the terms `vocabulary` already knows, leaving it
    /// unchanged: for queries, and for weighting a new document against a fixed model the
    /// way scikit-learn's `transform` does (unknown terms are ignored).
    ///
    /// ```
    /// use lede_stem::Language;
    /// use lede_tfidf::{Analyzer, Ngrams, TermCounter, Vocabulary};
    ///
    /// let mut analyzer = Analyzer::new(Language::English);
    /// let mut vocabulary = Vocabulary::new();
    /// let mut counter = TermCounter::new(Ngrams::Unigrams);
    /// counter.count(&mut analyzer, &mut vocabulary, "Security guarantees")?;
    /// let query = counter.count_known(&mut analyzer, &vocabulary, "security council");
    /// assert_eq!(query.counts(), [(vocabulary.get("secur").unwrap(), 1)]);
    /// assert_eq!(vocabulary.len(), 2); // "council" was not interned
    /// # Ok::<(), lede_tfidf::Error>(())
    /// ```
    pub fn count_known(
        &mut self,
        analyzer: &mut Analyzer,
        vocabulary: &Vocabulary,
        text: &str,
    ) -> DocumentTerms {
        self.ids.clear();
        let (ngrams, adjacency) = (self.ngrams, self.adjacency);
        let (ids, bigram, previous_text) = (&mut self.ids, &mut self.bigram, &mut self.previous);
        // The previous term: its id if known, and its position; its text is in `previous_text`.
        let mut previous: Option<(Option<TermId>, u32)> = None;
        analyzer.for_each_term(text, |term| {
            let id = vocabulary.get(term.text);
            if let (Some(id), true) = (id, ngrams.unigrams()) {
                ids.push(id);
            }
            let closes_bigram = ngrams.bigrams()
                && previous.is_some_and(|(_, previous_position)| {
                    adjacent(adjacency, previous_position, term.position)
                });
            if let (true, Some((previous_id, _))) = (closes_bigram, previous) {
                let found = match (previous_id, id) {
                    (Some(first), Some(second)) => vocabulary.get_bigram(first, second, bigram),
                    // A bigram may be known while one of its words is not (if it was
                    // interned by its text alone): look it up by its text.
                    _ => {
                        bigram.clear();
                        bigram.push_str(previous_text);
                        bigram.push(' ');
                        bigram.push_str(term.text);
                        vocabulary.get(bigram)
                    }
                };
                if let Some(found) = found {
                    ids.push(found);
                }
            }
            if ngrams.bigrams() {
                previous_text.clear();
                previous_text.push_str(term.text);
                previous = Some((id, term.position));
            }
        });
        self.finish()
    }

    /// Sorts the collected ids and counts each run.
    fn finish(&mut self) -> DocumentTerms {
        self.ids.sort_unstable();
        let distinct = 1 + self.ids.windows(2).filter(|w| w[0] != w[1]).count();
        let mut counts: Vec<(TermId, u32)> = Vec::with_capacity(distinct.min(self.ids.len()));
        for &id in &self.ids {
            match counts.last_mut() {
                Some((last, count)) if *last == id => *count = count.saturating_add(1),
                _ => counts.push((id, 1)),
            }
        }
        let length = counts.iter().map(|&(_, count)| u64::from(count)).sum();
        DocumentTerms { counts, length }
    }
}

const fn adjacent(adjacency: Adjacency, previous: u32, current: u32) -> bool {
    match adjacency {
        Adjacency::Terms => true,
        Adjacency::Tokens => current.wrapping_sub(previous) == 1,
    }
}

#[cfg(test)]
mod tests {
    use lede_stem::Language;

    use super::*;

    fn texts(vocabulary: &Vocabulary, doc: &DocumentTerms) -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = doc
            .counts()
            .iter()
            .map(|&(id, count)| (vocabulary.text(id).unwrap().to_owned(), count))
            .collect();
        out.sort();
        out
    }

    fn pairs(items: &[(&str, u32)]) -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = items.iter().map(|&(t, c)| (t.to_owned(), c)).collect();
        out.sort();
        out
    }

    #[test]
    fn counts_are_sorted_by_id_and_sum_to_the_length() {
        let mut analyzer = Analyzer::new(Language::English);
        let mut vocabulary = Vocabulary::new();
        let mut counter = TermCounter::new(Ngrams::Unigrams);
        let doc = counter
            .count(
                &mut analyzer,
                &mut vocabulary,
                "Leaders met leaders; the leaders left.",
            )
            .unwrap();
        assert!(doc.counts().windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(
            texts(&vocabulary, &doc),
            pairs(&[("leader", 3), ("met", 1), ("left", 1)])
        );
        assert_eq!(doc.length(), 5);
        assert_eq!(doc.distinct_terms(), 3);
    }

    #[test]
    fn bigrams_skip_stop_words_like_scikit_learn_by_default() {
        let mut analyzer = Analyzer::new(Language::English);
        let mut vocabulary = Vocabulary::new();
        let text = "Coalition of the Willing met";
        let mut counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
        let doc = counter.count(&mut analyzer, &mut vocabulary, text).unwrap();
        assert_eq!(
            texts(&vocabulary, &doc),
            pairs(&[
                ("coalit", 1),
                ("will", 1),
                ("met", 1),
                ("coalit will", 1),
                ("will met", 1)
            ])
        );
        assert_eq!(doc.length(), 5);

        let mut strict =
            TermCounter::new(Ngrams::UnigramsAndBigrams).with_adjacency(Adjacency::Tokens);
        let doc = strict.count(&mut analyzer, &mut vocabulary, text).unwrap();
        assert_eq!(
            texts(&vocabulary, &doc),
            pairs(&[("coalit", 1), ("will", 1), ("met", 1), ("will met", 1)])
        );
    }

    #[test]
    fn bigrams_only_counts_no_unigrams() {
        let mut vocabulary = Vocabulary::new();
        let mut counter = TermCounter::new(Ngrams::Bigrams);
        let doc = counter
            .count_tokens(&mut vocabulary, ["x", "y", "z"])
            .unwrap();
        assert_eq!(texts(&vocabulary, &doc), pairs(&[("x y", 1), ("y z", 1)]));
        let single = counter.count_tokens(&mut vocabulary, ["x"]).unwrap();
        assert!(single.is_empty());
    }

    #[test]
    fn empty_text_gives_an_empty_document() {
        let mut analyzer = Analyzer::new(Language::English);
        let mut vocabulary = Vocabulary::new();
        let mut counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
        for text in ["", "   ", "the of and", "!!! ..."] {
            let doc = counter.count(&mut analyzer, &mut vocabulary, text).unwrap();
            assert!(doc.is_empty(), "{text:?}");
            assert_eq!(doc.length(), 0);
        }
        assert!(vocabulary.is_empty());
        let none: [&str; 0] = [];
        assert!(
            counter
                .count_tokens(&mut vocabulary, none)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn the_counter_is_reusable_across_documents() {
        let mut analyzer = Analyzer::new(Language::English);
        let mut vocabulary = Vocabulary::new();
        let mut counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
        let first = counter
            .count(&mut analyzer, &mut vocabulary, "Paris summit talks")
            .unwrap();
        counter
            .count(&mut analyzer, &mut vocabulary, "Other words entirely")
            .unwrap();
        let again = counter
            .count(&mut analyzer, &mut vocabulary, "Paris summit talks")
            .unwrap();
        assert_eq!(first, again);
    }

    #[test]
    fn count_known_ignores_unknown_terms_and_leaves_the_vocabulary_alone() {
        let mut analyzer = Analyzer::new(Language::English);
        let mut vocabulary = Vocabulary::new();
        let mut counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
        counter
            .count(
                &mut analyzer,
                &mut vocabulary,
                "security guarantees for Kyiv",
            )
            .unwrap();
        let before = vocabulary.len();
        let query = counter.count_known(
            &mut analyzer,
            &vocabulary,
            "strong security guarantees, Kyiv",
        );
        assert_eq!(vocabulary.len(), before);
        assert_eq!(
            texts(&vocabulary, &query),
            pairs(&[
                ("secur", 1),
                ("guarante", 1),
                ("kyiv", 1),
                ("secur guarante", 1),
                ("guarante kyiv", 1)
            ])
        );
        assert!(
            counter
                .count_known(&mut analyzer, &vocabulary, "nothing known")
                .is_empty()
        );
    }

    #[test]
    fn count_known_matches_count_on_known_text() {
        let mut analyzer = Analyzer::new(Language::English);
        let mut vocabulary = Vocabulary::new();
        let text = "The leaders of the coalition met the leaders in Paris on Tuesday.";
        for ngrams in [
            Ngrams::Unigrams,
            Ngrams::UnigramsAndBigrams,
            Ngrams::Bigrams,
        ] {
            for adjacency in [Adjacency::Terms, Adjacency::Tokens] {
                let mut counter = TermCounter::new(ngrams).with_adjacency(adjacency);
                let counted = counter.count(&mut analyzer, &mut vocabulary, text).unwrap();
                let known = counter.count_known(&mut analyzer, &vocabulary, text);
                assert_eq!(counted, known, "{ngrams:?} {adjacency:?}");
            }
        }
    }

    #[test]
    fn remap_follows_the_map_and_rejects_unmapped_ids() {
        let mut vocabulary = Vocabulary::new();
        let mut counter = TermCounter::new(Ngrams::Unigrams);
        let doc = counter
            .count_tokens(&mut vocabulary, ["a", "b", "b"])
            .unwrap();
        let (_, map) = vocabulary.retain(|id| id.as_u32() == 1);
        assert_eq!(doc.remap(&map), Err(Error::UnmappedTermId { id: 0 }));
        let (_, identity) = vocabulary.retain(|_| true);
        assert!(identity.is_identity());
        assert_eq!(doc.remap(&identity).unwrap(), doc);
    }
}
