//! TF-IDF weights, compatible with scikit-learn's `TfidfVectorizer`.
//!
//! The weight of term *t* in document *d* of a collection of *N* documents is
//!
//! ```text
//! w(t, d) = tf(t, d) · idf(t)
//!   tf  = count(t, d)                         or 1 + ln count(t, d)   with sublinear_tf
//!   idf = ln((1 + N) / (1 + df(t))) + 1       with smooth_idf (the default)
//!       = ln(N / df(t)) + 1                   without
//! ```
//!
//! and the document's vector is then scaled to unit L2 norm (the default), unit L1 norm, or
//! left as it is. These are exactly scikit-learn's definitions and defaults, so that weights
//! can be checked against it: given the same tokens, the weights agree to 1e-6 (the test
//! `tests/sklearn_tfidf.rs` checks this on the seed articles for twelve combinations of the
//! options, with unigrams and bigrams). The `+ 1` keeps terms that occur in every document
//! from vanishing; smoothing acts as if one extra document contained every term once, so no
//! division by zero can happen.
//!
//! Degenerate cases are defined rather than left to produce NaN or infinities: a term no
//! document contains (df = 0) gets the highest IDF the collection allows (as if df were 1
//! when unsmoothed), df is capped at N (a blended background table may claim more), and an
//! empty collection gives every term IDF 1. So every IDF is finite and at least 1, every
//! weight is finite, and an empty document has the zero vector.

use crate::DocumentFrequencies;
use crate::document::DocumentTerms;
use crate::stats::CorpusStats;
use crate::vector::{Norm, SparseVector};
use crate::vocabulary::TermId;

/// Document frequencies below this have their IDF tabulated when a model is made.
const COMMON_DF: u64 = 64;

/// The options of TF-IDF weighting; [`Default`] is scikit-learn's default.
///
/// ```
/// use lede_tfidf::{Norm, TfidfOptions};
///
/// let options = TfidfOptions::default();
/// assert!(options.smooth_idf && !options.sublinear_tf);
/// assert_eq!(options.norm, Some(Norm::L2));
/// // ln((1 + 4) / (1 + 1)) + 1
/// assert!((options.idf(4, 1) - (2.5f64.ln() + 1.0)).abs() < 1e-12);
/// ```
///
/// Non-exhaustive, because options will grow: start from [`Default`] (or a constructor) and
/// set fields with the `with_*` builders (or assign them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TfidfOptions {
    /// Add one to N and to every df (`smooth_idf`, default `true`).
    pub smooth_idf: bool,
    /// Use 1 + ln(count) instead of the count (`sublinear_tf`, default `false`).
    pub sublinear_tf: bool,
    /// Scale each vector to unit length in this norm; `None` leaves the weights as they are
    /// (`norm`, default `Some(Norm::L2)`).
    pub norm: Option<Norm>,
}

impl Default for TfidfOptions {
    fn default() -> Self {
        Self {
            smooth_idf: true,
            sublinear_tf: false,
            norm: Some(Norm::L2),
        }
    }
}

impl TfidfOptions {
    /// Sets [`smooth_idf`](Self::smooth_idf).
    #[must_use]
    pub const fn with_smooth_idf(mut self, smooth_idf: bool) -> Self {
        self.smooth_idf = smooth_idf;
        self
    }

    /// Sets [`sublinear_tf`](Self::sublinear_tf).
    #[must_use]
    pub const fn with_sublinear_tf(mut self, sublinear_tf: bool) -> Self {
        self.sublinear_tf = sublinear_tf;
        self
    }

    /// Sets [`norm`](Self::norm).
    #[must_use]
    pub const fn with_norm(mut self, norm: Option<Norm>) -> Self {
        self.norm = norm;
        self
    }

    /// The IDF of a term in `df` of `documents` documents; finite and at least 1 for every
    /// input (see the [module documentation](self) for the degenerate cases).
    ///
    /// ```
    /// use lede_tfidf::TfidfOptions;
    ///
    /// let smooth = TfidfOptions::default();
    /// assert_eq!(smooth.idf(0, 0), 1.0); // no documents
    /// assert_eq!(smooth.idf(9, 9), 1.0); // in every document
    /// let raw = smooth.with_smooth_idf(false);
    /// assert!((raw.idf(10, 1) - (10f64.ln() + 1.0)).abs() < 1e-12);
    /// assert_eq!(raw.idf(10, 0), raw.idf(10, 1)); // unknown: as rare as can be
    /// ```
    #[must_use]
    pub fn idf(&self, documents: u64, df: u64) -> f64 {
        let df = df.min(documents);
        if self.smooth_idf {
            ((1.0 + documents as f64) / (1.0 + df as f64)).ln() + 1.0
        } else if documents == 0 {
            1.0
        } else {
            (documents as f64 / df.max(1) as f64).ln() + 1.0
        }
    }

    /// The IDF of `term` in any collection, such as a blend of the corpus and a background
    /// table.
    #[must_use]
    pub fn idf_of(&self, frequencies: &impl DocumentFrequencies, term: &str) -> f64 {
        self.idf(
            frequencies.document_count(),
            frequencies.document_frequency(term),
        )
    }

    /// The TF part of the weight for a term occurring `count` times.
    #[must_use]
    pub fn tf(&self, count: u32) -> f64 {
        if count == 0 {
            0.0
        } else if self.sublinear_tf {
            1.0 + f64::from(count).ln()
        } else {
            f64::from(count)
        }
    }
}

/// A TF-IDF model: the IDF of every term of a [`CorpusStats`], fixed when it is made.
///
/// The statistics may change afterwards (documents added or removed); make a new model to
/// see the change. Terms interned after the model was made are weighted as unknown (df = 0).
///
/// # Example
///
/// ```
/// use lede_stem::Language;
/// use lede_tfidf::{Analyzer, CorpusStats, Ngrams, TermCounter, Tfidf, TfidfOptions};
///
/// let mut analyzer = Analyzer::new(Language::English);
/// let mut counter = TermCounter::new(Ngrams::Unigrams);
/// let mut stats = CorpusStats::new();
/// let doc = stats.add_text(&mut counter, &mut analyzer, "Paris talks. Paris summit.")?;
/// stats.add_text(&mut counter, &mut analyzer, "Summit in Kyiv.")?;
///
/// let tfidf = Tfidf::new(&stats, TfidfOptions::default());
/// let vector = tfidf.vector(&doc);
/// let weight = |term| vector.get(stats.vocabulary().get(term).unwrap());
/// assert!(weight("pari") > weight("summit")); // twice, and only in this document
/// assert!((vector.norm_l2() - 1.0).abs() < 1e-12);
/// # Ok::<(), lede_tfidf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Tfidf {
    options: TfidfOptions,
    documents: u64,
    idf: Vec<f64>,
}

impl Tfidf {
    /// The model of `stats` with `options`.
    #[must_use]
    pub fn new(stats: &CorpusStats, options: TfidfOptions) -> Self {
        let documents = stats.documents();
        // Most terms of a corpus are in a few documents: look their IDF up rather than take a
        // logarithm for each of hundreds of thousands of terms.
        let common: Vec<f64> = (0..COMMON_DF)
            .map(|df| options.idf(documents, df))
            .collect();
        let idf = (0..stats.vocabulary().len())
            .map(|index| {
                // Vocabulary sizes fit in u32 (ids are u32).
                let df = stats.df(TermId::from_u32(index as u32));
                match common.get(df as usize) {
                    Some(&idf) => idf,
                    None => options.idf(documents, df),
                }
            })
            .collect();
        Self {
            options,
            documents,
            idf,
        }
    }

    /// The options the model weights with.
    #[must_use]
    pub fn options(&self) -> &TfidfOptions {
        &self.options
    }

    /// The number of documents the model was made from.
    #[must_use]
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// The IDF of `term` (that of an unknown term, df = 0, for an id the model does not know).
    #[must_use]
    pub fn idf(&self, term: TermId) -> f64 {
        self.idf
            .get(term.index())
            .copied()
            .unwrap_or_else(|| self.options.idf(self.documents, 0))
    }

    /// The TF-IDF vector of `document` (counted against the model's vocabulary), normalised
    /// as the options say. Every term of the document gets a weight, terms unknown to the
    /// model included (with the IDF of df = 0); to ignore them as scikit-learn's `transform`
    /// does, count the document with
    /// [`TermCounter::count_known`](crate::TermCounter::count_known).
    #[must_use]
    pub fn vector(&self, document: &DocumentTerms) -> SparseVector {
        let entries = document
            .counts()
            .iter()
            .map(|&(id, count)| (id, self.options.tf(count) * self.idf(id)))
            .collect();
        // Sorted by id, no duplicates, finite (idf ≥ 1 and finite, tf finite).
        let mut vector = SparseVector::from_sorted_unchecked(entries);
        if let Some(norm) = self.options.norm {
            vector.normalize(norm);
        }
        vector
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ngrams, TermCounter};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn idf_matches_the_formulas_by_hand() {
        let smooth = TfidfOptions::default();
        let raw = TfidfOptions {
            smooth_idf: false,
            ..smooth
        };
        // N = 3, df = 1: ln(4/2) + 1 and ln(3/1) + 1.
        assert!(close(smooth.idf(3, 1), 2f64.ln() + 1.0));
        assert!(close(raw.idf(3, 1), 3f64.ln() + 1.0));
        // In every document: exactly 1 either way.
        assert_eq!(smooth.idf(3, 3), 1.0);
        assert_eq!(raw.idf(3, 3), 1.0);
        // Rarer terms weigh more.
        assert!(smooth.idf(100, 1) > smooth.idf(100, 2));
    }

    #[test]
    fn idf_is_finite_and_at_least_one_in_degenerate_cases() {
        for options in [
            TfidfOptions::default(),
            TfidfOptions {
                smooth_idf: false,
                ..TfidfOptions::default()
            },
        ] {
            for (n, df) in [(0, 0), (0, 5), (1, 0), (5, 0), (5, 9), (u64::MAX, 1)] {
                let idf = options.idf(n, df);
                assert!(
                    idf.is_finite() && idf >= 1.0,
                    "{options:?} N={n} df={df}: {idf}"
                );
            }
        }
    }

    #[test]
    fn tf_is_raw_or_sublinear() {
        let raw = TfidfOptions::default();
        let sublinear = TfidfOptions {
            sublinear_tf: true,
            ..raw
        };
        assert_eq!(raw.tf(3), 3.0);
        assert!(close(sublinear.tf(3), 1.0 + 3f64.ln()));
        assert_eq!(sublinear.tf(1), 1.0);
        assert_eq!(raw.tf(0), 0.0);
        assert_eq!(sublinear.tf(0), 0.0);
    }

    fn two_documents() -> (CorpusStats, Vec<DocumentTerms>) {
        let mut stats = CorpusStats::new();
        let mut counter = TermCounter::new(Ngrams::Unigrams);
        let docs = [vec!["a", "a", "b"], vec!["b", "c"]]
            .iter()
            .map(|tokens| {
                let doc = counter
                    .count_tokens(stats.vocabulary_mut(), tokens)
                    .unwrap();
                stats.add(&doc).unwrap();
                doc
            })
            .collect();
        (stats, docs)
    }

    #[test]
    fn vectors_are_weighted_and_normalised_by_hand() {
        let (stats, docs) = two_documents();
        let id = |t| stats.vocabulary().get(t).unwrap();
        let raw = Tfidf::new(
            &stats,
            TfidfOptions {
                norm: None,
                ..TfidfOptions::default()
            },
        );
        let v = raw.vector(&docs[0]);
        let idf_a = (3.0f64 / 2.0).ln() + 1.0;
        assert!(close(v.get(id("a")), 2.0 * idf_a));
        assert!(close(v.get(id("b")), 1.0));
        assert_eq!(v.get(id("c")), 0.0);

        let l2 = Tfidf::new(&stats, TfidfOptions::default()).vector(&docs[0]);
        let length = (4.0 * idf_a * idf_a + 1.0f64).sqrt();
        assert!(close(l2.get(id("a")), 2.0 * idf_a / length));
        assert!(close(l2.norm_l2(), 1.0));

        let l1 = Tfidf::new(
            &stats,
            TfidfOptions {
                norm: Some(Norm::L1),
                ..TfidfOptions::default()
            },
        )
        .vector(&docs[0]);
        assert!(close(l1.get(id("b")), 1.0 / (2.0 * idf_a + 1.0)));
        assert!(close(
            l1.entries().iter().map(|&(_, w)| w).sum::<f64>(),
            1.0
        ));
    }

    #[test]
    fn empty_documents_and_empty_models_give_zero_vectors_without_nan() {
        let empty = Tfidf::new(&CorpusStats::new(), TfidfOptions::default());
        let vector = empty.vector(&DocumentTerms::default());
        assert!(vector.is_empty());
        assert_eq!(vector.norm_l2(), 0.0);

        // A document of terms the model has never seen, against an empty model.
        let doc = DocumentTerms::from_counts([(TermId::from_u32(3), 2)]);
        let vector = empty.vector(&doc);
        assert!(close(vector.get(TermId::from_u32(3)), 1.0));
    }

    #[test]
    fn terms_interned_after_the_model_weigh_as_unknown() {
        let (mut stats, _) = two_documents();
        let model = Tfidf::new(&stats, TfidfOptions::default());
        let late = stats.vocabulary_mut().intern("late").unwrap();
        assert!(close(model.idf(late), 3f64.ln() + 1.0));
        assert_eq!(model.idf(late), model.options().idf(2, 0));
        assert_eq!(model.documents(), 2);
    }
}
