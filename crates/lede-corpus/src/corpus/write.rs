//! The write path: checking, analysing and committing documents, removing them, and keeping
//! the statistics, index and surface forms exact as they come and go.

use std::collections::HashMap;
use std::sync::OnceLock;

use lede_tfidf::{Analyzer, DocumentTerms, TermId};
use lede_tokenize::{SentenceSplitter, Span};

use super::{Analysis, Corpus, Entry, MIN_DEAD_TERMS, Prepared, strip_possessive};
use crate::filter::parse_time;
use crate::fingerprint::Fingerprint;
use crate::index::{Slot, tfidf_norm};
use crate::persist::Terms;
use crate::surfaces::SurfaceForms;
use crate::{Document, Error};

impl Corpus {
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
            fingerprint,
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
        if let Some(fingerprint) = fingerprint {
            let time = document.date.as_deref().and_then(parse_time);
            self.duplicates
                .insert((time, document.name.as_str().into()), fingerprint);
        }
        let name = document.name.clone();
        self.documents.insert(
            document.name.clone(),
            Entry {
                document,
                analysis,
                slot,
            },
        );
        self.assign_story(&name);
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

    /// Renumbers the index's slots (see [`InvertedIndex::renumber`](crate::index::InvertedIndex::renumber)) and the entries' with
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
        self.duplicates.remove(name);
        self.stories.remove(name);
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
}

/// Every slot of the index is taken, even after renumbering (2³² documents).
pub(super) fn index_full() -> Error {
    Error::LimitExceeded {
        what: "documents in the index",
        requested: Slot::MAX as usize,
        limit: Slot::MAX as usize,
    }
}

/// Splits and analyses a document's text, collecting its distinct terms as text.
pub(super) fn analyse(analyzer: &mut Analyzer, document: Document) -> Prepared {
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
        fingerprint: Fingerprint::of_document(&document),
        document,
        sentence_count,
        terms,
        occurrences,
    }
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

pub(super) fn remove_surfaces(
    surfaces: &mut SurfaceForms,
    text: &str,
    occurrences: &[(TermId, Span)],
) {
    for &(id, span) in occurrences {
        if let Some(word) = text.get(span.range()) {
            surfaces.remove(id, strip_possessive(word));
        }
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
