//! The inverted index: for each term, the documents that contain it, so that a query costs
//! work in proportion to the documents that match it, not to the corpus.
//!
//! Documents are numbered by *slots*, handed out in insertion order and never reused until
//! the index is [renumbered](InvertedIndex::renumber), so each term's postings stay sorted by
//! slot with appends alone. Removing a document removes its postings (a binary search and a
//! shift per term) and frees its slot; once more slots are free than live, the corpus
//! renumbers them, keeping their order.
//!
//! Search is BM25 top-k by MaxScore (Turtle and Flood 1995): query terms sorted by the
//! largest part of a score each can give; the terms whose bounds together cannot lift a
//! document past the current k-th score are *non-essential*, and only documents of the
//! essential terms are visited. Every visited document is scored exactly, summing the terms'
//! parts in the query's order as [`Bm25::score`] does, so the ranking, scores and ties (by
//! name) are those of scoring every document.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use lede_tfidf::{Bm25, DocumentTerms, TermId, TermIdMap, TfidfOptions};

/// A document's number in the index.
pub(crate) type Slot = u32;

/// The documents that contain one term.
#[derive(Debug, Clone)]
struct Postings {
    /// Slots, ascending.
    slots: Vec<Slot>,
    /// The term's count in the document of the same position.
    counts: Vec<u32>,
    /// The largest count ever added (removals leave it: still an upper bound, if a looser
    /// one, until the next renumbering).
    max_count: u32,
    /// The fewest terms of a document ever added (likewise).
    min_length: u64,
    /// The sum over the documents of the term's share of the document's terms (count /
    /// length), in fixed point ([`SHARE_ONE`] is 1): whole numbers, so that adding and
    /// removing documents in any order gives the same sum to the last bit, and rankings by it
    /// do not depend on the corpus's history.
    share: u64,
}

impl Default for Postings {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            counts: Vec::new(),
            max_count: 0,
            min_length: u64::MAX,
            share: 0,
        }
    }
}

impl Postings {
    fn reset_bounds(&mut self, lengths: &[u64]) {
        self.max_count = self.counts.iter().copied().max().unwrap_or(0);
        self.min_length = self
            .slots
            .iter()
            .filter_map(|&slot| lengths.get(slot as usize).copied())
            .min()
            .unwrap_or(u64::MAX);
    }
}

/// 1 in the fixed point of [`Postings::share`]: a term's share of a document is at most 1,
/// so a sum over fewer than 2³² documents fits in a `u64`.
pub(crate) const SHARE_ONE: u64 = 1 << 32;

/// A term's share of a document of `length` terms in which it occurs `count` times, in the
/// fixed point of [`Postings::share`].
fn share(count: u32, length: u64) -> u64 {
    if length == 0 {
        return 0;
    }
    // count ≤ length, so the quotient is at most SHARE_ONE.
    u64::try_from(u128::from(count) * u128::from(SHARE_ONE) / u128::from(length))
        .unwrap_or(SHARE_ONE)
}

/// What the index knows of a live document.
#[derive(Debug, Clone)]
struct SlotEntry {
    name: Box<str>,
    /// Its length in terms, for BM25.
    length: u64,
    /// Its TF-IDF norm as it was when it was last [refreshed](InvertedIndex::refresh_norms):
    /// what ranks the candidates of a similarity search before they are scored exactly.
    norm: f64,
}

/// Postings per term, kept current as documents come and go; see the [module
/// documentation](self).
#[derive(Debug, Clone, Default)]
pub(crate) struct InvertedIndex {
    /// By term id.
    postings: Vec<Postings>,
    /// By slot; `None` once its document is removed.
    slots: Vec<Option<SlotEntry>>,
    /// Lengths by slot (0 for free slots), apart from `slots` for the search loop.
    lengths: Vec<u64>,
    live: usize,
}

/// A scored slot, ordered so that a max-heap's top is the *worst* of the kept: the lowest
/// score, then the greatest name.
struct Kept<'a> {
    score: f64,
    name: &'a str,
    slot: Slot,
}

impl PartialEq for Kept<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept<'_> {}

impl PartialOrd for Kept<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.name.cmp(other.name))
    }
}

/// Whether a document whose score is at most `bound` cannot reach `threshold`. The bound is a
/// sum in another order than the exact score's, so it is given a little room for rounding:
/// pruning must never drop a document that ties.
fn below(bound: f64, threshold: f64) -> bool {
    bound + bound.abs() * 1e-9 < threshold
}

impl InvertedIndex {
    /// The number of live documents.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// The number of slots handed out, live or free.
    pub(crate) fn slots(&self) -> usize {
        self.slots.len()
    }

    /// The name of the document in `slot`.
    pub(crate) fn name(&self, slot: Slot) -> Option<&str> {
        self.slots.get(slot as usize)?.as_ref().map(|e| &*e.name)
    }

    /// Adds a document with its term counts and its current [norm](tfidf_norm); returns its
    /// slot.
    ///
    /// # Errors
    ///
    /// `None` when every `u32` slot is taken (renumbering first frees the removed ones).
    pub(crate) fn add(&mut self, name: &str, terms: &DocumentTerms, norm: f64) -> Option<Slot> {
        let slot = Slot::try_from(self.slots.len()).ok()?;
        let length = terms.length();
        for &(id, count) in terms.counts() {
            let index = id.index();
            if self.postings.len() <= index {
                self.postings.resize_with(index + 1, Postings::default);
            }
            let Some(postings) = self.postings.get_mut(index) else {
                continue;
            };
            postings.slots.push(slot);
            postings.counts.push(count);
            postings.max_count = postings.max_count.max(count);
            postings.min_length = postings.min_length.min(length);
            postings.share = postings.share.saturating_add(share(count, length));
        }
        self.slots.push(Some(SlotEntry {
            name: name.into(),
            length,
            norm,
        }));
        self.lengths.push(length);
        self.live += 1;
        Some(slot)
    }

    /// Removes the document in `slot`, whose term counts are `terms`.
    pub(crate) fn remove(&mut self, slot: Slot, terms: &DocumentTerms) {
        let Some(entry) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
            return;
        };
        for &(id, count) in terms.counts() {
            let Some(postings) = self.postings.get_mut(id.index()) else {
                continue;
            };
            if let Ok(at) = postings.slots.binary_search(&slot) {
                postings.slots.remove(at);
                postings.counts.remove(at);
                postings.share = postings.share.saturating_sub(share(count, entry.length));
            }
            if postings.slots.is_empty() {
                *postings = Postings::default();
            }
        }
        if let Some(length) = self.lengths.get_mut(slot as usize) {
            *length = 0;
        }
        self.live -= 1;
    }

    /// Whether enough slots are free that [`renumber`](Self::renumber) is worth its cost
    /// (more free slots than live ones, and at least a few thousand): amortised O(1) per
    /// removal.
    pub(crate) fn wants_renumbering(&self) -> bool {
        let free = self.slots.len() - self.live;
        free >= 4096 && free > self.live
    }

    /// Gives the live documents slots `0..len()` in their present order and tightens every
    /// term's bounds; returns the new slot of each old one (`None` for free slots).
    pub(crate) fn renumber(&mut self) -> Vec<Option<Slot>> {
        let mut map = Vec::with_capacity(self.slots.len());
        let mut next: Slot = 0;
        for entry in &self.slots {
            if entry.is_some() {
                map.push(Some(next));
                next += 1;
            } else {
                map.push(None);
            }
        }
        let slots = std::mem::take(&mut self.slots);
        self.slots = slots.into_iter().flatten().map(Some).collect();
        self.lengths = self
            .slots
            .iter()
            .map(|entry| entry.as_ref().map_or(0, |e| e.length))
            .collect();
        for postings in &mut self.postings {
            for slot in &mut postings.slots {
                // Postings only hold live slots, which all have a new number.
                *slot = map.get(*slot as usize).copied().flatten().unwrap_or(*slot);
            }
            postings.reset_bounds(&self.lengths);
        }
        map
    }

    /// Carries the postings over a compaction of the vocabulary: terms without documents
    /// are dropped, the others move to their new ids.
    pub(crate) fn remap_terms(&mut self, map: &TermIdMap) {
        let old = std::mem::take(&mut self.postings);
        for (index, postings) in old.into_iter().enumerate() {
            let Some(new) = u32::try_from(index)
                .ok()
                .and_then(|index| map.get(TermId::from_u32(index)))
            else {
                continue;
            };
            let new = new.index();
            if self.postings.len() <= new {
                self.postings.resize_with(new + 1, Postings::default);
            }
            if let Some(slot) = self.postings.get_mut(new) {
                *slot = postings;
            }
        }
    }

    /// Sets every live document's norm again (from `norm`, given its slot): norms drift as
    /// the IDFs change, and the corpus calls this whenever its size has doubled or halved
    /// since the last time.
    pub(crate) fn refresh_norms(&mut self, mut norm: impl FnMut(Slot) -> Option<f64>) {
        for (slot, entry) in self.slots.iter_mut().enumerate() {
            if let (Some(entry), Ok(slot)) = (entry, Slot::try_from(slot)) {
                entry.norm = norm(slot).unwrap_or(entry.norm);
            }
        }
    }

    /// The number of documents containing `term`.
    #[cfg(test)]
    pub(crate) fn document_frequency(&self, term: TermId) -> usize {
        self.postings.get(term.index()).map_or(0, |p| p.slots.len())
    }

    /// The terms that have postings, by id, each with the sum over its documents of its share
    /// of the document's terms (count / length).
    pub(crate) fn shares(&self) -> impl Iterator<Item = (TermId, f64)> + '_ {
        self.postings
            .iter()
            .enumerate()
            .filter(|(_, postings)| !postings.slots.is_empty())
            .filter_map(|(index, postings)| {
                let share = postings.share as f64 / SHARE_ONE as f64;
                Some((TermId::from_u32(u32::try_from(index).ok()?), share))
            })
    }

    /// The number of documents that hold at least one of `query`'s terms.
    pub(crate) fn count_matches(&self, query: &DocumentTerms) -> usize {
        self.count_matches_where(query, None::<fn(Slot) -> bool>)
    }

    /// [`count_matches`](Self::count_matches) among the documents whose slot `accept` takes
    /// (every one for `None`): reads each posting of the query's terms once.
    pub(crate) fn count_matches_where(
        &self,
        query: &DocumentTerms,
        accept: Option<impl FnMut(Slot) -> bool>,
    ) -> usize {
        let lists: Vec<&Postings> = query
            .counts()
            .iter()
            .filter_map(|&(id, _)| self.postings.get(id.index()))
            .filter(|postings| !postings.slots.is_empty())
            .collect();
        match (lists.as_slice(), accept) {
            ([], _) => 0,
            ([one], None) => one.slots.len(),
            (_, mut accept) => {
                let mut seen = vec![0u64; self.slots.len().div_ceil(64)];
                let mut count = 0;
                for slot in lists.iter().flat_map(|postings| &postings.slots) {
                    let (word, bit) = (*slot as usize / 64, 1u64 << (*slot % 64));
                    if let Some(word) = seen.get_mut(word)
                        && *word & bit == 0
                    {
                        *word |= bit;
                        if accept.as_mut().is_none_or(|accept| accept(*slot)) {
                            count += 1;
                        }
                    }
                }
                count
            }
        }
    }

    /// The `k` best documents for `query` by `bm25`, best first, ties by name: exactly what
    /// scoring every document would rank, by MaxScore over the query terms' postings.
    pub(crate) fn search(&self, query: &DocumentTerms, bm25: &Bm25, k: usize) -> Vec<(Slot, f64)> {
        self.search_where(query, bm25, k, |_| true)
    }

    /// [`search`](Self::search) among the documents whose slot `accept` takes: a document
    /// refused is skipped before it is scored, so the ranking is that of the accepted
    /// documents alone. The cost is still that of walking the query terms' postings, and a
    /// filter that refuses most of them also weakens the pruning (the k-th best score rises
    /// more slowly).
    pub(crate) fn search_where(
        &self,
        query: &DocumentTerms,
        bm25: &Bm25,
        k: usize,
        mut accept: impl FnMut(Slot) -> bool,
    ) -> Vec<(Slot, f64)> {
        if k == 0 {
            return Vec::new();
        }
        // One cursor per query term with postings, sorted by bound, smallest first.
        struct Cursor<'a> {
            query_position: usize,
            term: TermId,
            query_count: u32,
            postings: &'a Postings,
            at: usize,
            bound: f64,
        }
        let mut cursors: Vec<Cursor<'_>> = query
            .counts()
            .iter()
            .enumerate()
            .filter_map(|(query_position, &(term, query_count))| {
                let postings = self.postings.get(term.index())?;
                if postings.slots.is_empty() {
                    return None;
                }
                let bound = bm25.term_score(
                    term,
                    query_count,
                    postings.max_count,
                    bm25.length_norm(postings.min_length),
                );
                Some(Cursor {
                    query_position,
                    term,
                    query_count,
                    postings,
                    at: 0,
                    bound,
                })
            })
            .collect();
        cursors.sort_by(|a, b| a.bound.total_cmp(&b.bound));
        // bounds_through[i]: the most that terms 0..=i can give together.
        let bounds_through: Vec<f64> = cursors
            .iter()
            .scan(0.0, |sum, cursor| {
                *sum += cursor.bound;
                Some(*sum)
            })
            .collect();
        let below_essential = |first_essential: usize| {
            first_essential
                .checked_sub(1)
                .and_then(|last| bounds_through.get(last).copied())
                .unwrap_or(0.0)
        };
        // The count of each query term (by query position) in the document being scored.
        let mut counts = vec![0u32; query.counts().len()];
        let mut kept: BinaryHeap<Kept<'_>> = BinaryHeap::with_capacity(k.min(1 << 16) + 1);
        let mut first_essential = 0;
        while let Some(candidate) = cursors
            .get(first_essential..)
            .unwrap_or_default()
            .iter()
            .filter_map(|cursor| cursor.postings.slots.get(cursor.at).copied())
            .min()
        {
            if !accept(candidate) {
                for cursor in cursors.iter_mut().skip(first_essential) {
                    if cursor.postings.slots.get(cursor.at) == Some(&candidate) {
                        cursor.at += 1;
                    }
                }
                continue;
            }
            let length_norm =
                bm25.length_norm(self.lengths.get(candidate as usize).copied().unwrap_or(0));
            counts.fill(0);
            let mut bound = below_essential(first_essential);
            for cursor in cursors.iter_mut().skip(first_essential) {
                if cursor.postings.slots.get(cursor.at) == Some(&candidate) {
                    let count = cursor.postings.counts.get(cursor.at).copied().unwrap_or(0);
                    if let Some(slot) = counts.get_mut(cursor.query_position) {
                        *slot = count;
                    }
                    bound += bm25.term_score(cursor.term, cursor.query_count, count, length_norm);
                    cursor.at += 1;
                }
            }
            let threshold = (kept.len() >= k)
                .then(|| kept.peek().map(|worst| worst.score))
                .flatten();
            if threshold.is_some_and(|threshold| below(bound, threshold)) {
                continue;
            }
            // The non-essential terms, largest bound first: each either gives its part or
            // takes its bound off, until the document is known to fall short.
            let mut pruned = false;
            for index in (0..first_essential).rev() {
                let Some(cursor) = cursors.get_mut(index) else {
                    continue;
                };
                bound -= cursor.bound;
                let rest = cursor.postings.slots.get(cursor.at..).unwrap_or_default();
                cursor.at += rest.partition_point(|&slot| slot < candidate);
                if cursor.postings.slots.get(cursor.at) == Some(&candidate) {
                    let count = cursor.postings.counts.get(cursor.at).copied().unwrap_or(0);
                    if let Some(slot) = counts.get_mut(cursor.query_position) {
                        *slot = count;
                    }
                    bound += bm25.term_score(cursor.term, cursor.query_count, count, length_norm);
                }
                if threshold.is_some_and(|threshold| below(bound, threshold)) {
                    pruned = true;
                    break;
                }
            }
            if pruned {
                continue;
            }
            // The exact score: the terms' parts in the query's order, as `Bm25::score` adds
            // them.
            let mut score = 0.0;
            for (&(term, query_count), &count) in query.counts().iter().zip(&counts) {
                score += bm25.term_score(term, query_count, count, length_norm);
            }
            let Some(name) = self.name(candidate) else {
                continue;
            };
            let entry = Kept {
                score,
                name,
                slot: candidate,
            };
            if kept.len() < k {
                kept.push(entry);
            } else if kept.peek().is_some_and(|worst| entry < *worst) {
                kept.pop();
                kept.push(entry);
            } else {
                continue;
            }
            if kept.len() >= k
                && let Some(threshold) = kept.peek().map(|worst| worst.score)
            {
                while first_essential < cursors.len()
                    && bounds_through
                        .get(first_essential)
                        .is_some_and(|&bound| below(bound, threshold))
                {
                    first_essential += 1;
                }
            }
        }
        kept.into_sorted_vec()
            .into_iter()
            .map(|kept| (kept.slot, kept.score))
            .collect()
    }

    /// For each document holding one of `terms` (term, weight pairs, heaviest first), the
    /// sum of weight × count × `idf(term)` over the terms it holds, divided by its norm: the
    /// dot product of a query vector with the document's TF-IDF vector, as far as those terms
    /// go. Returns (slot, sum) pairs, in no particular order.
    ///
    /// At most `budget` postings are read: a term whose postings would take the total past it
    /// is passed over for the lighter (and rarer) ones after it, the first term excepted. The
    /// terms passed over are the common ones, which tell documents apart least; the budget is
    /// what keeps the cost from growing with the corpus.
    pub(crate) fn accumulate(
        &self,
        terms: &[(TermId, f64)],
        budget: usize,
        idf: impl Fn(TermId) -> f64,
        tf: impl Fn(u32) -> f64,
    ) -> Vec<(Slot, f64)> {
        // Dense sums by slot, and the slots touched, so that only those are read back.
        let mut sums = vec![0.0f64; self.slots.len()];
        let mut touched: Vec<Slot> = Vec::new();
        self.each_posting(terms, budget, idf, tf, |slot, part| {
            if let Some(sum) = sums.get_mut(slot as usize) {
                if *sum == 0.0 {
                    touched.push(slot);
                }
                *sum += part;
            }
        });
        touched
            .into_iter()
            .filter_map(|slot| {
                let sum = *sums.get(slot as usize)?;
                let norm = self.slots.get(slot as usize)?.as_ref()?.norm;
                (sum > 0.0).then(|| (slot, sum / norm))
            })
            .collect()
    }

    /// Calls `add(slot, weight × tf(count) × idf(term))` for each posting of `terms` read
    /// within `budget` (see [`accumulate`](Self::accumulate)).
    fn each_posting(
        &self,
        terms: &[(TermId, f64)],
        budget: usize,
        idf: impl Fn(TermId) -> f64,
        tf: impl Fn(u32) -> f64,
        mut add: impl FnMut(Slot, f64),
    ) {
        let mut read = 0usize;
        for &(term, weight) in terms {
            let Some(postings) = self.postings.get(term.index()) else {
                continue;
            };
            if read > 0 && read.saturating_add(postings.slots.len()) > budget {
                continue;
            }
            read = read.saturating_add(postings.slots.len());
            let idf = idf(term);
            for (&slot, &count) in postings.slots.iter().zip(&postings.counts) {
                add(slot, weight * tf(count) * idf);
            }
        }
    }

    /// [`accumulate`](Self::accumulate) with the sums kept by slot in a map rather than a
    /// dense array: for a small `budget` its cost is that of the postings read, not of the
    /// number of slots (what a write, which runs it for every document, needs).
    pub(crate) fn accumulate_sparse(
        &self,
        terms: &[(TermId, f64)],
        budget: usize,
        idf: impl Fn(TermId) -> f64,
        tf: impl Fn(u32) -> f64,
    ) -> Vec<(Slot, f64)> {
        let mut sums: std::collections::HashMap<Slot, f64> =
            std::collections::HashMap::with_capacity(budget.min(1 << 12));
        self.each_posting(terms, budget, idf, tf, |slot, part| {
            *sums.entry(slot).or_default() += part;
        });
        sums.into_iter()
            .filter_map(|(slot, sum)| {
                let norm = self.slots.get(slot as usize)?.as_ref()?.norm;
                (sum > 0.0).then(|| (slot, sum / norm))
            })
            .collect()
    }

    /// The slots of the at most `per_term` most recently added documents of each of
    /// `terms`, without repeats.
    pub(crate) fn recent(&self, terms: &[TermId], per_term: usize) -> Vec<Slot> {
        let mut slots: Vec<Slot> = terms
            .iter()
            .filter_map(|term| self.postings.get(term.index()))
            .flat_map(|postings| postings.slots.iter().rev().take(per_term).copied())
            .collect();
        slots.sort_unstable();
        slots.dedup();
        slots
    }
}

/// The norm a document's TF-IDF vector would have with the IDFs of `documents` documents and
/// the document frequencies `df`, as `options` normalise (1 without a norm, and never 0, so
/// it can divide).
///
/// It ranks similarity candidates only (they are then scored exactly), so the IDF may differ
/// from [`TfidfOptions::idf`] in the last bits: it is computed as `ln(N') − ln(df') + 1` with
/// the logarithm of small numbers from a table, because a logarithm per term of every
/// document written was a tenth of loading a large corpus.
pub(crate) fn tfidf_norm(
    terms: &DocumentTerms,
    options: &TfidfOptions,
    documents: u64,
    df: impl Fn(TermId) -> u64,
) -> f64 {
    let (offset, floor) = if options.smooth_idf { (1, 0) } else { (0, 1) };
    let ln_documents = ln(documents + offset);
    let idf = |term: TermId| {
        if documents == 0 {
            return 1.0;
        }
        ln_documents - ln((df(term).min(documents) + offset).max(floor.max(offset))) + 1.0
    };
    let weights = terms
        .counts()
        .iter()
        .map(|&(id, count)| options.tf(count) * idf(id));
    let norm = match options.norm {
        Some(lede_tfidf::Norm::L2) => weights.map(|w| w * w).sum::<f64>().sqrt(),
        Some(lede_tfidf::Norm::L1) => weights.map(f64::abs).sum(),
        None => 1.0,
    };
    if norm > 0.0 && norm.is_finite() {
        norm
    } else {
        1.0
    }
}

/// `ln(x)`, from a table for the small numbers most document frequencies are.
fn ln(x: u64) -> f64 {
    const TABLED: usize = 1 << 12;
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..TABLED).map(|n| (n as f64).ln()).collect());
    usize::try_from(x)
        .ok()
        .and_then(|x| table.get(x).copied())
        .unwrap_or_else(|| (x as f64).ln())
}
