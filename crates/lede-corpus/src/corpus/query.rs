//! The queries: search with snippets, similar documents, top terms, and the choice of the
//! documents of a whole-corpus summary (`summary.rs` makes summaries and keyphrases).

use lede_tfidf::{Bm25, DocumentTerms, TermId, Tfidf, top_k};
use lede_tokenize::{SentenceSplitter, Span};

use super::{
    Corpus, Entry, Models, SearchHit, SearchPage, Similar, Snippet, TopTerm, strip_possessive,
};
use crate::Error;
#[cfg(test)]
use crate::index::InvertedIndex;
use crate::index::Slot;

/// [`Corpus::top_terms`] keeps this many terms ranked between writes; asking for more ranks
/// the vocabulary again.
pub(super) const MAX_CACHED_TOP_TERMS: usize = 1000;

/// [`Corpus::similar`] finds candidates through the postings of at most this many of the
/// document's terms, those of largest weight.
pub(super) const SIMILAR_QUERY_TERMS: usize = 32;

/// [`Corpus::similar`] reads at most this many postings to find its candidates (the first
/// term's all the same): the heaviest terms whose documents fit, common ones passed over.
pub(super) const SIMILAR_POSTINGS_BUDGET: usize = 1 << 16;

/// [`Corpus::similar`] scores at most this many candidates exactly.
pub(super) const SIMILAR_CANDIDATES: usize = 256;

/// Choosing the documents of a whole-corpus summary without a query looks at the at most this
/// many most recent documents of each of the corpus's top terms.
pub(super) const RECENT_PER_TERM: usize = 256;

impl Corpus {
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
    /// [`Error::LimitExceeded`] for a `limit` over [`MAX_SEARCH_DEPTH`](crate::MAX_SEARCH_DEPTH).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit<'_>>, Error> {
        Ok(self.search_page(query, 0, limit)?.hits)
    }

    /// The hits `offset..offset + limit` of [`search`](Self::search)'s ranking (snippets are
    /// made for those only), and how many documents match at all.
    ///
    /// # Errors
    ///
    /// [`Error::LimitExceeded`] when `offset + limit` is over [`MAX_SEARCH_DEPTH`](crate::MAX_SEARCH_DEPTH).
    pub fn search_page(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<SearchPage<'_>, Error> {
        self.search_page_where(query, offset, limit, &crate::Filter::all())
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

    /// Whether `text` has a term at all as the corpus analyses it (a word that is not a
    /// stop word), whether or not the corpus knows it: a query without one can match
    /// nothing in any corpus.
    #[must_use]
    pub fn has_terms(&self, text: &str) -> bool {
        let mut tools = self.take_tools();
        let mut found = false;
        tools.0.for_each_term(text, |_| found = true);
        self.return_tools(tools);
        found
    }

    /// `text`'s terms that the corpus knows, counted.
    pub(super) fn count_query(&self, text: &str) -> DocumentTerms {
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

    pub(super) fn similar_to_vector(
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
    pub(super) fn cached_top_terms<'m>(&self, models: &'m Models) -> &'m [(TermId, f64)] {
        models
            .top_terms
            .get_or_init(|| self.rank_terms(&models.tfidf, MAX_CACHED_TOP_TERMS))
    }

    /// The `k` terms of largest corpus weight, ties by their text (so that the order does not
    /// depend on the order documents were inserted in).
    pub(super) fn rank_terms(&self, tfidf: &Tfidf, k: usize) -> Vec<(TermId, f64)> {
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

    pub(super) fn surface(&self, id: TermId) -> Option<&str> {
        self.surfaces.most_frequent(id)
    }

    /// The documents a summary of the whole corpus reads, in name order: all of them while
    /// there are at most [`MAX_AUTO_SUMMARY_DOCUMENTS`](crate::MAX_AUTO_SUMMARY_DOCUMENTS); else, with a `query` that has a
    /// term the corpus knows, its best [`MAX_AUTO_SUMMARY_DOCUMENTS`](crate::MAX_AUTO_SUMMARY_DOCUMENTS) search hits; else the
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
        self.summary_documents_where(query, &crate::Filter::all())
    }
}

impl Corpus {
    /// The sentence of `text` (a document of the corpus) that best matches `query`: the
    /// largest sum of the BM25 IDF of the distinct query terms it holds, plus a little for
    /// repeats; the earliest of equals.
    pub(super) fn snippet<'a>(
        &self,
        text: &'a str,
        query: &DocumentTerms,
        bm25: &Bm25,
    ) -> Snippet<'a> {
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
    pub(super) fn query_occurrences(
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
}
