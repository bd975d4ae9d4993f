//! Sparse term vectors, cosine similarity and top-k selection.
//!
//! A [`SparseVector`] holds the non-zero weights of a document (or a query), as `(TermId,
//! f64)` pairs sorted by id, so that a dot product is one merge of two sorted lists. Weights
//! are `f64`, like scikit-learn's, so that they can be compared with it to 1e-6.
//!
//! [`top_k`] ranks any list of scores (cosine similarities, BM25 scores) and
//! [`most_similar`] / [`most_similar_to`] rank documents by cosine similarity to a vector or to
//! one of them. Ranking is deterministic: by score, highest first, ties broken by the smaller
//! index; only positive scores are kept (a document that shares no term with the query is not
//! "similar" to it).

use std::cmp::Ordering;

use crate::Error;
use crate::vocabulary::{TermId, TermIdMap};

/// How a document's vector is scaled after weighting, like scikit-learn's `norm` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Norm {
    /// Unit Euclidean length: the sum of squared weights is 1 (`norm="l2"`).
    L2,
    /// Unit Manhattan length: the sum of absolute weights is 1 (`norm="l1"`).
    L1,
}

/// A sparse vector of term weights, sorted by [`TermId`]; see the
/// [module documentation](self).
///
/// Invariants: ids strictly increasing, every weight finite. Zero weights may be present.
///
/// # Example
///
/// ```
/// use lede_tfidf::{SparseVector, TermId};
///
/// let (a, b, c) = (TermId::from_u32(0), TermId::from_u32(1), TermId::from_u32(2));
/// let x = SparseVector::new([(b, 3.0), (a, 4.0)])?;
/// let y = SparseVector::new([(a, 1.0), (c, 1.0)])?;
/// assert_eq!(x.entries(), [(a, 4.0), (b, 3.0)]);
/// assert_eq!(x.norm_l2(), 5.0);
/// assert_eq!(x.dot(&y), 4.0);
/// assert!((x.cosine(&x) - 1.0).abs() < 1e-12);
/// # Ok::<(), lede_tfidf::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SparseVector {
    entries: Vec<(TermId, f64)>,
}

impl SparseVector {
    /// The vector with the given `(term, weight)` pairs, in any order; the weights of a
    /// repeated term are summed.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteWeight`] if a weight (or a sum of weights) is NaN or infinite.
    pub fn new(entries: impl IntoIterator<Item = (TermId, f64)>) -> Result<Self, Error> {
        let mut entries: Vec<(TermId, f64)> = entries.into_iter().collect();
        entries.sort_unstable_by_key(|&(id, _)| id);
        entries.dedup_by(|next, kept| {
            if next.0 == kept.0 {
                kept.1 += next.1;
                true
            } else {
                false
            }
        });
        if let Some(&(id, value)) = entries.iter().find(|(_, value)| !value.is_finite()) {
            return Err(Error::NonFiniteWeight {
                id: id.as_u32(),
                value,
            });
        }
        Ok(Self { entries })
    }

    /// Wraps entries already sorted by id, without duplicates and finite.
    pub(crate) fn from_sorted_unchecked(entries: Vec<(TermId, f64)>) -> Self {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        debug_assert!(entries.iter().all(|(_, v)| v.is_finite()));
        Self { entries }
    }

    /// The `(term, weight)` pairs, sorted by term id.
    #[must_use]
    pub fn entries(&self) -> &[(TermId, f64)] {
        &self.entries
    }

    /// The weight of `term` (0 if it has none).
    #[must_use]
    pub fn get(&self, term: TermId) -> f64 {
        self.entries
            .binary_search_by_key(&term, |&(id, _)| id)
            .map_or(0.0, |index| self.entries[index].1)
    }

    /// The number of stored entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the vector stores no entry (it is the zero vector).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The Euclidean length.
    #[must_use]
    pub fn norm_l2(&self) -> f64 {
        self.entries.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt()
    }

    /// The sum of absolute weights.
    #[must_use]
    pub fn norm_l1(&self) -> f64 {
        self.entries.iter().map(|&(_, w)| w.abs()).sum()
    }

    /// Scales the vector to unit length in `norm`; the zero vector stays zero.
    pub fn normalize(&mut self, norm: Norm) {
        let length = match norm {
            Norm::L2 => self.norm_l2(),
            Norm::L1 => self.norm_l1(),
        };
        if length > 0.0 && length.is_finite() {
            for (_, weight) in &mut self.entries {
                *weight /= length;
            }
        }
    }

    /// The dot product: the sum of products of the weights of shared terms.
    #[must_use]
    pub fn dot(&self, other: &Self) -> f64 {
        let (mut left, mut right) = (self.entries.iter(), other.entries.iter());
        let (mut a, mut b) = (left.next(), right.next());
        let mut sum = 0.0;
        while let (Some(&(id_a, w_a)), Some(&(id_b, w_b))) = (a, b) {
            match id_a.cmp(&id_b) {
                Ordering::Less => a = left.next(),
                Ordering::Greater => b = right.next(),
                Ordering::Equal => {
                    sum += w_a * w_b;
                    a = left.next();
                    b = right.next();
                }
            }
        }
        sum
    }

    /// The cosine of the angle between the two vectors, in `[-1, 1]`; 0 when either is the
    /// zero vector (an empty document is similar to nothing).
    #[must_use]
    pub fn cosine(&self, other: &Self) -> f64 {
        let lengths = self.norm_l2() * other.norm_l2();
        if lengths > 0.0 && lengths.is_finite() {
            (self.dot(other) / lengths).clamp(-1.0, 1.0)
        } else {
            0.0
        }
    }

    /// The same vector with its ids carried over by `map` (after a merge or a compaction).
    ///
    /// # Errors
    ///
    /// [`Error::UnmappedTermId`] if a term of the vector has no new id.
    pub fn remap(&self, map: &TermIdMap) -> Result<Self, Error> {
        let mut entries = Vec::with_capacity(self.entries.len());
        for &(id, weight) in &self.entries {
            let new = map
                .get(id)
                .ok_or(Error::UnmappedTermId { id: id.as_u32() })?;
            entries.push((new, weight));
        }
        Self::new(entries)
    }
}

/// The cosine similarity of two vectors; see [`SparseVector::cosine`].
#[must_use]
pub fn cosine(a: &SparseVector, b: &SparseVector) -> f64 {
    a.cosine(b)
}

/// One ranked item: its index in the list that was ranked, and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Scored {
    /// The index of the item (document, vector) in the input.
    pub index: usize,
    /// Its score: a cosine similarity, a BM25 score.
    pub score: f64,
}

/// Highest score first, then smaller index; NaN cannot occur (scores are filtered first).
fn rank_order(a: &Scored, b: &Scored) -> Ordering {
    b.score.total_cmp(&a.score).then(a.index.cmp(&b.index))
}

/// The `k` best of `scores` (score and index pairs), highest score first, ties broken by the
/// smaller index; scores that are not positive (or are NaN) are left out. `k = 0` or no
/// positive score gives an empty list.
///
/// Runs in O(n + k log k): a selection, then a sort of the `k` kept.
///
/// ```
/// use lede_tfidf::{Scored, top_k};
///
/// let ranked = top_k([0.2, 0.9, 0.0, 0.9, 0.5].into_iter().enumerate(), 3);
/// let indices: Vec<usize> = ranked.iter().map(|s| s.index).collect();
/// assert_eq!(indices, [1, 3, 4]); // 1 and 3 tie: the smaller index first
/// assert!(top_k([0.5].into_iter().enumerate(), 0).is_empty());
/// ```
#[must_use]
pub fn top_k(scores: impl IntoIterator<Item = (usize, f64)>, k: usize) -> Vec<Scored> {
    if k == 0 {
        return Vec::new();
    }
    let mut ranked: Vec<Scored> = scores
        .into_iter()
        .filter(|&(_, score)| score > 0.0)
        .map(|(index, score)| Scored { index, score })
        .collect();
    if ranked.len() > k {
        ranked.select_nth_unstable_by(k - 1, rank_order);
        ranked.truncate(k);
    }
    ranked.sort_unstable_by(rank_order);
    ranked
}

/// The `k` vectors most similar to `query` by cosine, highest first, ties broken by index;
/// vectors with similarity 0 or less (no shared term, or a zero vector) are left out.
///
/// ```
/// use lede_tfidf::{SparseVector, TermId, most_similar};
///
/// let t = TermId::from_u32;
/// let docs = [
///     SparseVector::new([(t(0), 1.0)])?,
///     SparseVector::new([(t(1), 1.0)])?,
///     SparseVector::new([(t(0), 1.0), (t(1), 1.0)])?,
/// ];
/// let query = SparseVector::new([(t(0), 1.0)])?;
/// let similar = most_similar(&query, &docs, 5);
/// let indices: Vec<usize> = similar.iter().map(|s| s.index).collect();
/// assert_eq!(indices, [0, 2]); // document 1 shares nothing with the query
/// # Ok::<(), lede_tfidf::Error>(())
/// ```
#[must_use]
pub fn most_similar(query: &SparseVector, vectors: &[SparseVector], k: usize) -> Vec<Scored> {
    if k == 0 || query.is_empty() {
        return Vec::new();
    }
    top_k(
        vectors
            .iter()
            .enumerate()
            .map(|(index, vector)| (index, query.cosine(vector))),
        k,
    )
}

/// The `k` vectors most similar to `vectors[index]`, itself excluded; otherwise as
/// [`most_similar`].
///
/// # Errors
///
/// [`Error::IndexOutOfRange`] if `index` is not an index of `vectors`.
pub fn most_similar_to(
    index: usize,
    vectors: &[SparseVector],
    k: usize,
) -> Result<Vec<Scored>, Error> {
    let query = vectors.get(index).ok_or(Error::IndexOutOfRange {
        index,
        len: vectors.len(),
    })?;
    if k == 0 || query.is_empty() {
        return Ok(Vec::new());
    }
    Ok(top_k(
        vectors
            .iter()
            .enumerate()
            .filter(|&(other, _)| other != index)
            .map(|(other, vector)| (other, query.cosine(vector))),
        k,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(entries: &[(u32, f64)]) -> SparseVector {
        SparseVector::new(entries.iter().map(|&(id, w)| (TermId::from_u32(id), w))).unwrap()
    }

    fn indices(ranked: &[Scored]) -> Vec<usize> {
        ranked.iter().map(|s| s.index).collect()
    }

    #[test]
    fn new_sorts_and_sums_duplicates_and_rejects_non_finite_weights() {
        let x = v(&[(2, 1.0), (0, 1.0), (2, 0.5)]);
        assert_eq!(
            x.entries(),
            [(TermId::from_u32(0), 1.0), (TermId::from_u32(2), 1.5)]
        );
        assert_eq!(x.get(TermId::from_u32(1)), 0.0);
        assert_eq!(x.len(), 2);
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                SparseVector::new([(TermId::from_u32(4), bad)]),
                Err(Error::NonFiniteWeight { id: 4, .. })
            ));
        }
    }

    #[test]
    fn cosine_of_identical_vectors_is_one_and_of_disjoint_ones_zero() {
        let x = v(&[(0, 0.3), (5, 1.2), (9, 2.0)]);
        assert!((x.cosine(&x) - 1.0).abs() < 1e-12);
        assert!((cosine(&x, &v(&[(0, 0.6), (5, 2.4), (9, 4.0)])) - 1.0).abs() < 1e-12);
        assert_eq!(x.cosine(&v(&[(1, 1.0), (6, 3.0)])), 0.0);
        assert_eq!(x.cosine(&v(&[(0, -0.3), (5, -1.2), (9, -2.0)])), -1.0);
    }

    #[test]
    fn the_zero_vector_has_cosine_zero_with_everything() {
        let zero = SparseVector::default();
        let x = v(&[(0, 1.0)]);
        assert_eq!(zero.cosine(&x), 0.0);
        assert_eq!(x.cosine(&zero), 0.0);
        assert_eq!(zero.cosine(&zero), 0.0);
        assert_eq!(v(&[(3, 0.0)]).cosine(&x), 0.0);
        let mut z = zero.clone();
        z.normalize(Norm::L2);
        assert!(z.is_empty());
    }

    #[test]
    fn cosine_by_hand() {
        // (1, 2, 0) · (2, 0, 1) = 2; |x| = √5, |y| = √5.
        let x = v(&[(0, 1.0), (1, 2.0)]);
        let y = v(&[(0, 2.0), (2, 1.0)]);
        assert_eq!(x.dot(&y), 2.0);
        assert!((x.cosine(&y) - 0.4).abs() < 1e-12);
    }

    #[test]
    fn normalize_gives_unit_length() {
        let mut x = v(&[(0, 3.0), (1, -4.0)]);
        x.normalize(Norm::L2);
        assert!((x.norm_l2() - 1.0).abs() < 1e-12);
        let mut y = v(&[(0, 3.0), (1, -1.0)]);
        y.normalize(Norm::L1);
        assert_eq!(y.entries()[0].1, 0.75);
        assert_eq!(y.norm_l1(), 1.0);
    }

    #[test]
    fn top_k_orders_by_score_then_index_and_handles_edges() {
        let scores = [0.5, 0.9, 0.5, f64::NAN, -1.0, 0.9, 0.0, 0.1];
        let ranked = top_k(scores.into_iter().enumerate(), 4);
        assert_eq!(indices(&ranked), [1, 5, 0, 2]);
        assert_eq!(
            indices(&top_k(scores.into_iter().enumerate(), 100)),
            [1, 5, 0, 2, 7]
        );
        assert_eq!(indices(&top_k(scores.into_iter().enumerate(), 1)), [1]);
        assert!(top_k(scores.into_iter().enumerate(), 0).is_empty());
        assert!(top_k(std::iter::empty(), 3).is_empty());
    }

    #[test]
    fn most_similar_ranks_by_cosine() {
        let docs = [
            v(&[(0, 1.0), (1, 1.0)]),
            v(&[(2, 1.0)]),
            v(&[(0, 1.0)]),
            SparseVector::default(),
            v(&[(0, 1.0), (1, 1.0)]),
        ];
        let ranked = most_similar(&v(&[(0, 1.0)]), &docs, 10);
        assert_eq!(indices(&ranked), [2, 0, 4]);
        assert!((ranked[0].score - 1.0).abs() < 1e-12);
        assert!(most_similar(&v(&[(0, 1.0)]), &[], 3).is_empty());
        assert!(most_similar(&SparseVector::default(), &docs, 3).is_empty());
        assert!(most_similar(&v(&[(0, 1.0)]), &docs, 0).is_empty());

        // The document itself is excluded; its twin (index 4) comes first.
        let ranked = most_similar_to(0, &docs, 2).unwrap();
        assert_eq!(indices(&ranked), [4, 2]);
        assert!(most_similar_to(3, &docs, 2).unwrap().is_empty());
        assert_eq!(
            most_similar_to(5, &docs, 2),
            Err(Error::IndexOutOfRange { index: 5, len: 5 })
        );
        assert!(most_similar_to(0, &[], 2).is_err());
    }

    #[test]
    fn remap_carries_weights_over() {
        let x = v(&[(0, 1.0), (1, 2.0)]);
        let mut vocabulary = crate::Vocabulary::new();
        vocabulary.intern("a").unwrap();
        vocabulary.intern("b").unwrap();
        let (_, map) = vocabulary.retain(|id| id.as_u32() == 1);
        assert!(x.remap(&map).is_err());
        let y = v(&[(1, 2.0)]).remap(&map).unwrap();
        assert_eq!(y.entries(), [(TermId::from_u32(0), 2.0)]);
    }
}
