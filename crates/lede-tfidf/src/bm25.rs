//! Okapi BM25 ranking of documents for a query.
//!
//! The score of document *d* for query *q* is
//!
//! ```text
//! score(q, d) = Σ_{t ∈ q}  qf(t) · idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 − b + b · |d| / avgdl))
//! idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
//! ```
//!
//! with `tf(t, d)` the count of *t* in *d*, `|d|` the document's length in terms, `avgdl` the
//! mean length, and `qf(t)` the count of *t* in the query (a repeated query term counts again,
//! as in Lucene's boolean queries). The IDF is Lucene's (and Elasticsearch's): unlike the
//! classic Robertson–Spärck Jones form `ln((N − df + 0.5) / (df + 0.5))` it is never negative,
//! so a term in more than half of the documents still adds a little instead of penalising the
//! documents that contain it. `k1` (default 1.2) sets how quickly repeated occurrences
//! saturate; `b` (default 0.75) how strongly long documents are discounted.
//!
//! BM25 ranks documents for short queries (search); TF-IDF vectors and cosine similarity
//! compare documents with each other. Both read the same [`CorpusStats`].

use crate::Error;
use crate::document::DocumentTerms;
use crate::stats::CorpusStats;
use crate::vector::{Scored, top_k};
use crate::vocabulary::TermId;

/// The BM25 parameters; [`Default`] is `k1 = 1.2`, `b = 0.75`.
///
/// Non-exhaustive, because options will grow: start from [`Default`] (or a constructor) and
/// set fields with the `with_*` builders (or assign them).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Bm25Options {
    /// Term-frequency saturation, finite and at least 0 (0: only presence counts).
    pub k1: f64,
    /// Length normalisation, from 0 (none) to 1 (full).
    pub b: f64,
}

impl Default for Bm25Options {
    fn default() -> Self {
        Self { k1: 1.2, b: 0.75 }
    }
}

impl Bm25Options {
    /// Sets [`k1`](Self::k1).
    #[must_use]
    pub const fn with_k1(mut self, k1: f64) -> Self {
        self.k1 = k1;
        self
    }

    /// Sets [`b`](Self::b).
    #[must_use]
    pub const fn with_b(mut self, b: f64) -> Self {
        self.b = b;
        self
    }

    /// Checks the parameters' ranges.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `k1` is negative or not finite, or `b` is outside
    /// `[0, 1]`.
    pub fn validate(&self) -> Result<(), Error> {
        if !(self.k1.is_finite() && self.k1 >= 0.0) {
            return Err(Error::InvalidParameter {
                name: "k1",
                value: self.k1,
                expected: "a finite number ≥ 0",
            });
        }
        if !(0.0..=1.0).contains(&self.b) {
            return Err(Error::InvalidParameter {
                name: "b",
                value: self.b,
                expected: "a number from 0 to 1",
            });
        }
        Ok(())
    }
}

/// Lucene's BM25 IDF of a term in `df` of `documents` documents: positive and finite for
/// every input (df is capped at N).
///
/// ```
/// assert!((lede_tfidf::bm25_idf(10, 1) - (1.0f64 + 9.5 / 1.5).ln()).abs() < 1e-12);
/// assert!(lede_tfidf::bm25_idf(10, 10) > 0.0); // in every document, still positive
/// ```
#[must_use]
pub fn bm25_idf(documents: u64, df: u64) -> f64 {
    let df = df.min(documents) as f64;
    (1.0 + (documents as f64 - df + 0.5) / (df + 0.5)).ln()
}

/// A BM25 model: IDFs and mean length of a [`CorpusStats`], fixed when it is made; see the
/// [module documentation](self).
///
/// # Example
///
/// ```
/// use lede_stem::Language;
/// use lede_tfidf::{Analyzer, Bm25, Bm25Options, CorpusStats, Ngrams, TermCounter};
///
/// let mut analyzer = Analyzer::new(Language::English);
/// let mut counter = TermCounter::new(Ngrams::Unigrams);
/// let mut stats = CorpusStats::new();
/// let docs: Vec<_> = [
///     "Leaders met in Paris.",
///     "Security guarantees for Ukraine were discussed in Paris.",
///     "Markets rallied on Tuesday.",
/// ]
/// .iter()
/// .map(|text| stats.add_text(&mut counter, &mut analyzer, text))
/// .collect::<Result<_, _>>()?;
///
/// let bm25 = Bm25::new(&stats, Bm25Options::default())?;
/// let query = counter.count_known(&mut analyzer, stats.vocabulary(), "Paris security");
/// let ranked = bm25.rank(&query, &docs, 10);
/// let indices: Vec<usize> = ranked.iter().map(|s| s.index).collect();
/// assert_eq!(indices, [1, 0]); // both terms, then one; the third matches nothing
/// # Ok::<(), lede_tfidf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Bm25 {
    options: Bm25Options,
    documents: u64,
    average_length: f64,
    idf: Vec<f64>,
}

impl Bm25 {
    /// The model of `stats` with `options`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if the options are out of range (see
    /// [`Bm25Options::validate`]).
    pub fn new(stats: &CorpusStats, options: Bm25Options) -> Result<Self, Error> {
        options.validate()?;
        let documents = stats.documents();
        // As in `Tfidf::new`: tabulate the IDF of the common small document frequencies.
        let common: Vec<f64> = (0..64).map(|df| bm25_idf(documents, df)).collect();
        let idf = (0..stats.vocabulary().len())
            .map(|index| {
                // Vocabulary sizes fit in u32 (ids are u32).
                let df = stats.df(TermId::from_u32(index as u32));
                match common.get(df as usize) {
                    Some(&idf) => idf,
                    None => bm25_idf(documents, df),
                }
            })
            .collect();
        Ok(Self {
            options,
            documents,
            average_length: stats.average_length(),
            idf,
        })
    }

    /// The parameters.
    #[must_use]
    pub fn options(&self) -> &Bm25Options {
        &self.options
    }

    /// The IDF of `term` (that of df = 0 for an id the model does not know).
    #[must_use]
    pub fn idf(&self, term: TermId) -> f64 {
        self.idf
            .get(term.index())
            .copied()
            .unwrap_or_else(|| bm25_idf(self.documents, 0))
    }

    /// The score of `document` for `query`, both counted against the model's vocabulary; 0
    /// when they share no term.
    #[must_use]
    pub fn score(&self, query: &DocumentTerms, document: &DocumentTerms) -> f64 {
        let length_norm = self.length_norm(document.length());
        let mut score = 0.0;
        for &(term, query_count) in query.counts() {
            score += self.term_score(term, query_count, document.count(term), length_norm);
        }
        score
    }

    /// The length normalisation of a document of `length` terms, `k1 · (1 − b + b · length /
    /// mean length)`: what [`term_score`](Self::term_score) takes, computed once per
    /// document.
    #[must_use]
    pub fn length_norm(&self, length: u64) -> f64 {
        let Bm25Options { k1, b } = self.options;
        let relative_length = if self.average_length > 0.0 {
            length as f64 / self.average_length
        } else {
            1.0
        };
        k1 * (1.0 - b + b * relative_length)
    }

    /// One query term's part of a document's score: `query_count` occurrences in the query,
    /// `tf` in a document of [`length_norm`](Self::length_norm) `length_norm`; 0 for `tf` 0.
    ///
    /// [`score`](Self::score) is the sum of these over the query's terms in id order, so an
    /// index that sums them in the same order gets the same score to the last bit. The part
    /// grows with `tf` and shrinks as `length_norm` grows, which is what makes an upper
    /// bound from a term's largest count and shortest document sound.
    #[must_use]
    pub fn term_score(&self, term: TermId, query_count: u32, tf: u32, length_norm: f64) -> f64 {
        if tf == 0 {
            return 0.0;
        }
        let k1 = self.options.k1;
        let tf = f64::from(tf);
        f64::from(query_count) * self.idf(term) * tf * (k1 + 1.0) / (tf + length_norm)
    }

    /// The `k` best `documents` for `query`, highest score first, ties broken by index;
    /// documents sharing no term with the query are left out.
    #[must_use]
    pub fn rank(
        &self,
        query: &DocumentTerms,
        documents: &[DocumentTerms],
        k: usize,
    ) -> Vec<Scored> {
        if k == 0 || query.is_empty() {
            return Vec::new();
        }
        top_k(
            documents
                .iter()
                .enumerate()
                .map(|(index, document)| (index, self.score(query, document))),
            k,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ngrams, TermCounter};

    fn fit(docs: &[&[&str]]) -> (CorpusStats, Vec<DocumentTerms>, TermCounter) {
        let mut stats = CorpusStats::new();
        let mut counter = TermCounter::new(Ngrams::Unigrams);
        let docs = docs
            .iter()
            .map(|tokens| {
                let doc = counter
                    .count_tokens(stats.vocabulary_mut(), *tokens)
                    .unwrap();
                stats.add(&doc).unwrap();
                doc
            })
            .collect();
        (stats, docs, counter)
    }

    fn query(stats: &mut CorpusStats, counter: &mut TermCounter, tokens: &[&str]) -> DocumentTerms {
        counter
            .count_tokens(stats.vocabulary_mut(), tokens)
            .unwrap()
    }

    #[test]
    fn score_matches_the_formula_by_hand() {
        let (mut stats, docs, mut counter) = fit(&[&["a", "b", "a"], &["b", "c"]]);
        let bm25 = Bm25::new(&stats, Bm25Options::default()).unwrap();
        let q = query(&mut stats, &mut counter, &["a"]);
        // N = 2, df(a) = 1: idf = ln(1 + 1.5 / 1.5) = ln 2; |d| = 3, avgdl = 2.5.
        let idf = 2f64.ln();
        let norm = 1.2 * (1.0 - 0.75 + 0.75 * 3.0 / 2.5);
        let expected = idf * 2.0 * 2.2 / (2.0 + norm);
        assert!((bm25.score(&q, &docs[0]) - expected).abs() < 1e-12);
        assert_eq!(bm25.score(&q, &docs[1]), 0.0);
        assert!((bm25.idf(stats.vocabulary().get("a").unwrap()) - idf).abs() < 1e-12);
    }

    #[test]
    fn more_occurrences_rank_higher_and_saturate() {
        let (mut stats, docs, mut counter) = fit(&[
            &["x", "y", "y", "y"],
            &["x", "x", "y", "y"],
            &["x", "x", "x", "y"],
            &["z", "z", "z", "z"],
        ]);
        let bm25 = Bm25::new(&stats, Bm25Options::default()).unwrap();
        let q = query(&mut stats, &mut counter, &["x"]);
        let ranked = bm25.rank(&q, &docs, 10);
        let indices: Vec<usize> = ranked.iter().map(|s| s.index).collect();
        assert_eq!(indices, [2, 1, 0]);
        // Saturation: the third occurrence adds less than the second.
        let (s1, s2, s3) = (ranked[2].score, ranked[1].score, ranked[0].score);
        assert!(s3 - s2 < s2 - s1);
    }

    #[test]
    fn rare_terms_weigh_more_and_long_documents_less() {
        let (mut stats, docs, mut counter) = fit(&[
            &["common", "rare"],
            &["common", "other"],
            &[
                "common", "other", "filler", "filler", "filler", "filler", "rare",
            ],
        ]);
        let bm25 = Bm25::new(&stats, Bm25Options::default()).unwrap();
        let vocabulary = stats.vocabulary();
        assert!(
            bm25.idf(vocabulary.get("rare").unwrap()) > bm25.idf(vocabulary.get("common").unwrap())
        );
        assert!(bm25.idf(vocabulary.get("common").unwrap()) > 0.0);
        let q = query(&mut stats, &mut counter, &["rare"]);
        let ranked = bm25.rank(&q, &docs, 10);
        assert_eq!(ranked.len(), 2);
        assert_eq!((ranked[0].index, ranked[1].index), (0, 2));

        // b = 0: no length normalisation, so the two tie and the smaller index wins.
        let flat = Bm25::new(&stats, Bm25Options { k1: 1.2, b: 0.0 }).unwrap();
        let ranked = flat.rank(&q, &docs, 10);
        assert_eq!(ranked[0].score, ranked[1].score);
        assert_eq!((ranked[0].index, ranked[1].index), (0, 2));
    }

    #[test]
    fn edge_cases_give_empty_rankings_not_panics() {
        let empty = Bm25::new(&CorpusStats::new(), Bm25Options::default()).unwrap();
        assert!(empty.rank(&DocumentTerms::default(), &[], 5).is_empty());
        let doc = DocumentTerms::from_counts([(TermId::from_u32(0), 1)]);
        assert!(empty.score(&doc, &doc).is_finite());
        assert!(empty.rank(&doc, std::slice::from_ref(&doc), 0).is_empty());
        assert!(
            empty
                .rank(&DocumentTerms::default(), std::slice::from_ref(&doc), 3)
                .is_empty()
        );
        // Empty documents in the collection: avgdl may be 0.
        let (stats, docs, _) = fit(&[&[], &[]]);
        let bm25 = Bm25::new(&stats, Bm25Options::default()).unwrap();
        assert!(bm25.rank(&doc, &docs, 3).is_empty());
    }

    #[test]
    fn invalid_parameters_are_errors() {
        let stats = CorpusStats::new();
        for (k1, b) in [
            (-0.1, 0.75),
            (f64::NAN, 0.75),
            (f64::INFINITY, 0.5),
            (1.2, 1.5),
            (1.2, -0.1),
            (1.2, f64::NAN),
        ] {
            assert!(matches!(
                Bm25::new(&stats, Bm25Options { k1, b }),
                Err(Error::InvalidParameter { .. })
            ));
        }
        assert!(Bm25::new(&stats, Bm25Options { k1: 0.0, b: 1.0 }).is_ok());
    }

    #[test]
    fn idf_is_positive_and_finite_everywhere() {
        for (n, df) in [
            (0, 0),
            (0, 3),
            (1, 1),
            (10, 0),
            (10, 10),
            (10, 20),
            (u64::MAX, 1),
        ] {
            let idf = bm25_idf(n, df);
            assert!(idf.is_finite() && idf > 0.0, "N={n} df={df}: {idf}");
        }
    }
}
