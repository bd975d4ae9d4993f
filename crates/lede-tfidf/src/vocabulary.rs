//! Term interning: each distinct term string gets a dense `u32` id.
//!
//! Statistics and vectors refer to terms by [`TermId`], so that counting, document
//! frequencies and vector arithmetic work on integers and arrays rather than on strings. A
//! [`Vocabulary`] hands out ids in order of first appearance (`0, 1, 2, …`) and never reuses or
//! forgets one: an id stays valid, and keeps meaning the same string, for the vocabulary's
//! whole life. This is what lets a corpus keep the [`DocumentTerms`](crate::DocumentTerms) of
//! its documents while documents come and go. Reclaiming the ids of terms no document uses
//! any more is an explicit step, [`CorpusStats::compact`](crate::CorpusStats::compact), which
//! returns a [`TermIdMap`] for the caller to remap what it kept.
//!
//! Bigrams are interned as one string, the two terms joined by a single space
//! (`"secur guarante"`), as scikit-learn names its n-gram features; the string is what
//! identifies a term, whichever way it was interned.
//!
//! # Layout
//!
//! Fitting a corpus with bigrams interns hundreds of thousands of distinct strings and looks
//! one up for every word, so the layout is chosen for that:
//!
//! - all term texts live in one `String`, end to end in id order: no allocation per term, and
//!   dropping a vocabulary frees a handful of buffers, not a million strings;
//! - single terms (interned by text) are found through a map from a 32-bit hash of the text to
//!   the id and the place of the text in a second, dense copy of these texts, so a lookup
//!   touches a small table and a small buffer that stay in cache; texts whose hash another
//!   text has go to a fallback map keyed by the text;
//! - a bigram of two words is found by its pair of ids in an open-addressing table of its own,
//!   without building or hashing its string; its text is appended to the texts once, when it
//!   is new. [`Vocabulary::get`] finds it by text too, by splitting the text at its spaces.
//!   When a bigram's text could coincide with an existing term (some term interned by text
//!   contains a space), interning compares texts first, so one text never gets two ids.

use std::fmt;
use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::Error;

/// The id of a term in a [`Vocabulary`]: a dense index, `0..vocabulary.len()`.
///
/// Ids are only meaningful together with the vocabulary that issued them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId(u32);

impl TermId {
    /// The id with the given number.
    #[must_use]
    pub const fn from_u32(id: u32) -> Self {
        Self(id)
    }

    /// The id's number.
    #[must_use]
    pub const fn as_u32(self) -> u32 {
        self.0
    }

    /// The id as an index into per-term arrays.
    #[must_use]
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for TermId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A hash table from a pair of term ids to a term id: open addressing with linear probing,
/// each slot holding its key and value, so that a lookup in a table too large for the cache
/// usually costs one memory access (a general-purpose map reads a control byte and then the
/// slot, two). Slots are 12 bytes, `[first, second, id + 1]`, and all-zero when empty, so a
/// new table is allocated already zeroed. At most half full.
///
/// A pair's first slot is given by the *top* bits of its hash, so when the table doubles, the
/// pairs keep their order: growing reads the old table and writes the new one front to back
/// instead of scattering writes over a table larger than the cache.
#[derive(Debug, Clone, Default)]
struct PairTable {
    /// A power of two many slots (or none).
    slots: Vec<[u32; 3]>,
    /// 64 − log2(slots.len()): shifting a hash right by it gives a slot index.
    shift: u32,
    len: usize,
}

impl PairTable {
    /// The first slot to probe for the pair (Fibonacci hashing: the high bits of the
    /// product depend on every bit of the key). Only called on a table with slots.
    #[inline]
    fn home(&self, first: TermId, second: TermId) -> usize {
        let key = (u64::from(first.0) << 32) | u64::from(second.0);
        // `shift` is at most 58 (tables have at least 64 slots), so the result is in range.
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, first: TermId, second: TermId) -> Option<TermId> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut index = self.home(first, second);
        loop {
            let [a, b, id] = self.slots[index];
            if id == 0 {
                return None;
            }
            if a == first.0 && b == second.0 {
                return Some(TermId(id - 1));
            }
            index = (index + 1) & mask;
        }
    }

    /// Reads the first slot `(first, second)` would be looked up in, without branching on
    /// it, and returns something of it so the read is not optimised away. Reading the slots
    /// of many pairs in a row lets their cache misses overlap; the lookups that follow then
    /// find them in cache (a lookup branches on what it reads, which stops the processor
    /// from running ahead to the next miss).
    #[inline]
    fn touch(&self, first: TermId, second: TermId) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        self.slots[self.home(first, second)][2]
    }

    /// Inserts a pair that is not in the table. `id` is below `u32::MAX`.
    fn insert(&mut self, first: TermId, second: TermId, id: TermId) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place([first.0, second.0, id.0 + 1]);
        self.len += 1;
    }

    fn place(&mut self, slot: [u32; 3]) {
        let mask = self.slots.len() - 1;
        let mut index = self.home(TermId(slot[0]), TermId(slot[1]));
        while self.slots[index][2] != 0 {
            index = (index + 1) & mask;
        }
        self.slots[index] = slot;
    }

    fn grow(&mut self) {
        let capacity = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![[0; 3]; capacity]);
        self.shift = 64 - capacity.trailing_zeros();
        for slot in old {
            if slot[2] != 0 {
                self.place(slot);
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = (TermId, TermId, TermId)> + '_ {
        self.slots
            .iter()
            .filter(|slot| slot[2] != 0)
            .map(|&[first, second, id]| (TermId(first), TermId(second), TermId(id - 1)))
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A 32-bit hash of a term's text: the key of `Vocabulary::by_hash`. 32 bits keep the
/// table's entries at 16 bytes; two texts with the same hash are rare and still correct (the
/// second goes to `Vocabulary::colliding`).
fn text_hash(text: &str) -> u32 {
    (FxBuildHasher.hash_one(text) >> 32) as u32
}

/// A term interned by text, as `Vocabulary::by_hash` finds it.
#[derive(Debug, Clone, Copy)]
struct Word {
    id: TermId,
    /// Where its text is in `Vocabulary::words`.
    start: u32,
    len: u32,
}

/// Interns term strings as [`TermId`]s; see the [module documentation](self).
///
/// # Example
///
/// ```
/// use lede_tfidf::Vocabulary;
///
/// let mut vocabulary = Vocabulary::new();
/// let secur = vocabulary.intern("secur")?;
/// assert_eq!(vocabulary.intern("secur")?, secur); // the same string, the same id
/// assert_eq!(vocabulary.get("secur"), Some(secur));
/// assert_eq!(vocabulary.text(secur), Some("secur"));
/// assert_eq!(vocabulary.get("guarante"), None);
/// # Ok::<(), lede_tfidf::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// The texts of all terms, end to end in id order.
    texts: String,
    /// Per id: where its text ends in `texts` (it starts where the previous one ends).
    ends: Vec<usize>,
    /// Per id, one bit: whether the term is a bigram interned by its pair of words (in
    /// `by_pair`), rather than by text (in `by_hash` or `colliding`). The words of such a pair
    /// are always terms interned by text.
    pair_bits: Vec<u64>,
    /// Hash of the text → the term, for terms interned by text.
    by_hash: FxHashMap<u32, Word>,
    /// The texts of the terms in `by_hash`, end to end: small and dense, so that checking a
    /// hit's text stays in cache (the texts of all terms are spread over `texts`).
    words: String,
    /// Terms interned by text that are not in `by_hash`: their hash was taken by another text
    /// first (or `words` is full).
    colliding: FxHashMap<Box<str>, TermId>,
    /// `(first, second)` → id of the bigram `"first second"`.
    by_pair: PairTable,
    /// Whether a term interned by text contains a space: then a new pair's text may already be
    /// a term, and interning a pair compares texts.
    spaced_texts: bool,
}

impl Vocabulary {
    /// An empty vocabulary.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of terms interned so far (ids are `0..len`).
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no term has been interned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of `term`, if it was interned (as a single term or as a bigram).
    #[must_use]
    pub fn get(&self, term: &str) -> Option<TermId> {
        self.get_by_text(term)
            .or_else(|| self.get_pair_by_text(term))
    }

    /// The text of `id`, or `None` for an id this vocabulary never issued.
    #[must_use]
    pub fn text(&self, id: TermId) -> Option<&str> {
        let end = *self.ends.get(id.index())?;
        let start = match id.index() {
            0 => 0,
            index => self.ends[index - 1],
        };
        self.texts.get(start..end)
    }

    /// Whether `id` was issued by this vocabulary (is below [`len`](Self::len)).
    #[must_use]
    pub fn contains_id(&self, id: TermId) -> bool {
        id.index() < self.ends.len()
    }

    /// The two words of `id` if it is a bigram interned with
    /// [`intern_bigram`](Self::intern_bigram) (`None` for other terms and unknown ids).
    #[must_use]
    pub fn bigram_parts(&self, id: TermId) -> Option<(TermId, TermId)> {
        if !self.is_pair(id) {
            return None;
        }
        // Not stored (it would cost 8 bytes per term): found again from the text.
        let text = self.text(id)?;
        text.match_indices(' ').find_map(|(at, _)| {
            let first = self.get_by_text(&text[..at])?;
            let second = self.get_by_text(&text[at + 1..])?;
            (self.by_pair.get(first, second) == Some(id)).then_some((first, second))
        })
    }

    /// The id of `term`, interning it first if it is new.
    ///
    /// # Errors
    ///
    /// [`Error::VocabularyFull`] if `term` is new and `u32::MAX` terms are already interned.
    #[inline]
    pub fn intern(&mut self, term: &str) -> Result<TermId, Error> {
        let hash = text_hash(term);
        match self.get_by_hash(hash, term) {
            Some(id) => Ok(id),
            None => self.insert_text(hash, term),
        }
    }

    /// Interns a term that is not in `by_hash` or `colliding`.
    #[cold]
    #[inline(never)]
    fn insert_text(&mut self, hash: u32, term: &str) -> Result<TermId, Error> {
        let spaced = term.contains(' ');
        if spaced && let Some(id) = self.get_pair_by_text(term) {
            return Ok(id);
        }
        let id = self.push(term, false)?;
        let start = u32::try_from(self.words.len()).ok();
        let len = u32::try_from(term.len()).ok();
        let fits = start
            .zip(len)
            .filter(|&(start, len)| start.checked_add(len).is_some());
        match (self.by_hash.contains_key(&hash), fits) {
            (false, Some((start, len))) => {
                self.words.push_str(term);
                self.by_hash.insert(hash, Word { id, start, len });
            }
            _ => {
                self.colliding.insert(term.into(), id);
            }
        }
        self.spaced_texts |= spaced;
        Ok(id)
    }

    /// The id of the bigram `"first second"` (the two texts joined by one space), interning
    /// it if it is new.
    ///
    /// `scratch` is a buffer for the bigram's text; pass the same one every time so that it
    /// is allocated once.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownTermId`] if `first` or `second` was not issued by this vocabulary;
    /// [`Error::VocabularyFull`] as for [`intern`](Self::intern).
    ///
    /// # Example
    ///
    /// ```
    /// use lede_tfidf::Vocabulary;
    ///
    /// let mut vocabulary = Vocabulary::new();
    /// let mut scratch = String::new();
    /// let secur = vocabulary.intern("secur")?;
    /// let guarante = vocabulary.intern("guarante")?;
    /// let bigram = vocabulary.intern_bigram(secur, guarante, &mut scratch)?;
    /// assert_eq!(vocabulary.text(bigram), Some("secur guarante"));
    /// assert_eq!(vocabulary.get("secur guarante"), Some(bigram));
    /// assert_eq!(vocabulary.intern("secur guarante")?, bigram); // one text, one id
    /// # Ok::<(), lede_tfidf::Error>(())
    /// ```
    #[inline]
    pub fn intern_bigram(
        &mut self,
        first: TermId,
        second: TermId,
        scratch: &mut String,
    ) -> Result<TermId, Error> {
        match self.by_pair.get(first, second) {
            Some(id) => Ok(id),
            None => {
                let (first_text, second_text) =
                    (self.checked_text(first)?, self.checked_text(second)?);
                scratch.clear();
                scratch.push_str(first_text);
                scratch.push(' ');
                scratch.push_str(second_text);
                self.insert_pair(first, second, scratch)
            }
        }
    }

    /// [`intern_bigram`](Self::intern_bigram) when the caller has the texts of the two words
    /// at hand (as a [`TermCounter`](crate::TermCounter) does): builds the bigram's text from
    /// them, not from this vocabulary's texts, which are out of cache in a large vocabulary.
    /// `first_text` and `second_text` must be the texts of `first` and `second`.
    #[inline]
    pub(crate) fn intern_bigram_of(
        &mut self,
        (first, first_text): (TermId, &str),
        (second, second_text): (TermId, &str),
        scratch: &mut String,
    ) -> Result<TermId, Error> {
        match self.by_pair.get(first, second) {
            Some(id) => Ok(id),
            None => {
                scratch.clear();
                scratch.push_str(first_text);
                scratch.push(' ');
                scratch.push_str(second_text);
                self.insert_pair(first, second, scratch)
            }
        }
    }

    /// Interns a pair that is not in `by_pair` (not rare: most bigrams of a corpus are new
    /// when first met).
    #[inline(never)]
    fn insert_pair(&mut self, first: TermId, second: TermId, text: &str) -> Result<TermId, Error> {
        for id in [first, second] {
            if !self.contains_id(id) {
                return Err(Error::UnknownTermId {
                    id: id.0,
                    len: self.len(),
                });
            }
        }
        let words = !self.is_pair(first) && !self.is_pair(second);
        // The text may be a term already when some term interned by text contains a space
        // (a word of this pair, for one); otherwise it cannot (see the module documentation).
        let existing = if self.spaced_texts || !words {
            self.get(text)
        } else {
            None
        };
        let id = match existing {
            Some(id) => id,
            // A bigram of bigrams: only its text can identify it.
            None if !words => self.intern(text)?,
            None => self.push(text, true)?,
        };
        self.by_pair.insert(first, second, id);
        Ok(id)
    }

    /// Brings the table slots of the bigrams of `words` (each word with the next) into the
    /// cache ahead of [`intern_bigram_of`](Self::intern_bigram_of); see `PairTable::touch`.
    /// Returns a value to be kept somewhere so the reads are not optimised away.
    pub(crate) fn touch_bigrams(&self, words: &[TermId]) -> u64 {
        words.windows(2).fold(0, |acc, pair| {
            acc ^ u64::from(self.by_pair.touch(pair[0], pair[1]))
        })
    }

    /// The id of the bigram `"first second"` if it was interned, without interning anything.
    ///
    /// `scratch` is used as in [`intern_bigram`](Self::intern_bigram). Unknown ids give `None`.
    #[must_use]
    pub fn get_bigram(
        &self,
        first: TermId,
        second: TermId,
        scratch: &mut String,
    ) -> Option<TermId> {
        if let Some(id) = self.by_pair.get(first, second) {
            return Some(id);
        }
        scratch.clear();
        scratch.push_str(self.text(first)?);
        scratch.push(' ');
        scratch.push_str(self.text(second)?);
        self.get(scratch)
    }

    /// Every term with its id, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (TermId, &str)> + '_ {
        let mut start = 0;
        // `len()` never exceeds `u32::MAX` (checked in `push`), so the cast is exact.
        self.ends.iter().enumerate().map(move |(index, &end)| {
            let text = &self.texts[start..end];
            start = end;
            (TermId(index as u32), text)
        })
    }

    /// Appends a new term.
    fn push(&mut self, text: &str, pair: bool) -> Result<TermId, Error> {
        let id = match u32::try_from(self.ends.len()) {
            Ok(id) if id < u32::MAX => TermId(id),
            _ => return Err(Error::VocabularyFull),
        };
        self.texts.push_str(text);
        self.ends.push(self.texts.len());
        let (word, bit) = (id.index() / 64, id.index() % 64);
        if word == self.pair_bits.len() {
            self.pair_bits.push(0);
        }
        if pair {
            self.pair_bits[word] |= 1 << bit;
        }
        Ok(id)
    }

    /// Whether `id` is a bigram interned by its pair of words.
    fn is_pair(&self, id: TermId) -> bool {
        let (word, bit) = (id.index() / 64, id.index() % 64);
        self.pair_bits
            .get(word)
            .is_some_and(|bits| bits & (1 << bit) != 0)
    }

    /// The id of a term interned by text.
    fn get_by_text(&self, text: &str) -> Option<TermId> {
        self.get_by_hash(text_hash(text), text)
    }

    /// The id of a term interned by text, given the hash of the text.
    #[inline]
    fn get_by_hash(&self, hash: u32, text: &str) -> Option<TermId> {
        match self.by_hash.get(&hash) {
            Some(word) => {
                let (start, len) = (word.start as usize, word.len as usize);
                if self.words.as_bytes().get(start..start + len) == Some(text.as_bytes()) {
                    Some(word.id)
                } else {
                    self.colliding.get(text).copied()
                }
            }
            // Not empty only in the unlikely case of colliding hashes or huge vocabularies.
            None if self.colliding.is_empty() => None,
            None => self.colliding.get(text).copied(),
        }
    }

    /// The id of a bigram interned by pair whose text is `text`: tries every split at a space.
    fn get_pair_by_text(&self, text: &str) -> Option<TermId> {
        if self.by_pair.is_empty() {
            return None;
        }
        text.match_indices(' ').find_map(|(at, _)| {
            let first = self.get_by_text(&text[..at])?;
            let second = self.get_by_text(&text[at + 1..])?;
            let id = self.by_pair.get(first, second)?;
            (self.text(id) == Some(text)).then_some(id)
        })
    }

    fn checked_text(&self, id: TermId) -> Result<&str, Error> {
        self.text(id).ok_or(Error::UnknownTermId {
            id: id.0,
            len: self.len(),
        })
    }

    /// Interns `other`'s term with id `old`, whose words (if it is a pair) are mapped already.
    fn intern_from(
        &mut self,
        other: &Self,
        old: TermId,
        map: &[Option<TermId>],
        scratch: &mut String,
    ) -> Result<TermId, Error> {
        let mapped = |id: TermId| map.get(id.index()).copied().flatten();
        match other.bigram_parts(old).map(|(a, b)| (mapped(a), mapped(b))) {
            Some((Some(first), Some(second))) => self.intern_bigram(first, second, scratch),
            _ => self.intern(other.text(old).unwrap_or_default()),
        }
    }

    /// Copies the pair shortcuts of `other` whose three ids `map` maps.
    fn copy_pairs(&mut self, other: &Self, map: &TermIdMap) {
        for (first, second, bigram) in other.by_pair.iter() {
            if let (Some(first), Some(second), Some(bigram)) =
                (map.get(first), map.get(second), map.get(bigram))
                && self.by_pair.get(first, second).is_none()
            {
                self.by_pair.insert(first, second, bigram);
            }
        }
    }

    /// Interns every term of `other` and returns where each went.
    pub(crate) fn absorb(&mut self, other: &Self) -> Result<TermIdMap, Error> {
        let mut map = Vec::with_capacity(other.len());
        let mut scratch = String::new();
        for (old, _) in other.iter() {
            // The words of a pair come before it, so they are mapped already.
            let new = self.intern_from(other, old, &map, &mut scratch)?;
            map.push(Some(new));
        }
        let map = TermIdMap { map };
        self.copy_pairs(other, &map);
        Ok(map)
    }

    /// A vocabulary of the terms `keep` accepts and the words of the kept bigrams, in their
    /// old order, and where each went.
    pub(crate) fn retain(&self, mut keep: impl FnMut(TermId) -> bool) -> (Self, TermIdMap) {
        let mut kept: Vec<bool> = self.iter().map(|(id, _)| keep(id)).collect();
        for (id, _) in self.iter() {
            if let (true, Some((first, second))) = (kept[id.index()], self.bigram_parts(id)) {
                kept[first.index()] = true;
                kept[second.index()] = true;
            }
        }
        let mut new = Self::default();
        let mut map = Vec::with_capacity(self.len());
        let mut scratch = String::new();
        for (old, _) in self.iter() {
            if kept[old.index()] {
                // Cannot fail: the new vocabulary holds fewer terms than this one.
                map.push(new.intern_from(self, old, &map, &mut scratch).ok());
            } else {
                map.push(None);
            }
        }
        let map = TermIdMap { map };
        new.copy_pairs(self, &map);
        (new, map)
    }
}

/// Where the terms of one vocabulary went in another, after
/// [`CorpusStats::merge`](crate::CorpusStats::merge) or
/// [`CorpusStats::compact`](crate::CorpusStats::compact).
///
/// Use it to carry [`DocumentTerms`](crate::DocumentTerms) and
/// [`SparseVector`](crate::SparseVector)s built against the old ids over to the new ones
/// ([`DocumentTerms::remap`](crate::DocumentTerms::remap),
/// [`SparseVector::remap`](crate::SparseVector::remap)).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermIdMap {
    map: Vec<Option<TermId>>,
}

impl TermIdMap {
    /// The new id of `old`, or `None` if it has none (dropped, or not an old id at all).
    #[must_use]
    pub fn get(&self, old: TermId) -> Option<TermId> {
        self.map.get(old.index()).copied().flatten()
    }

    /// The number of old ids the map covers.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the map covers no ids.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Whether every old id keeps its number (nothing needs remapping).
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.map
            .iter()
            .enumerate()
            .all(|(index, new)| new.is_some_and(|new| new.index() == index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_in_order_of_first_appearance() {
        let mut vocabulary = Vocabulary::new();
        let ids: Vec<u32> = ["b", "a", "b", "c", "a"]
            .iter()
            .map(|t| vocabulary.intern(t).unwrap().as_u32())
            .collect();
        assert_eq!(ids, [0, 1, 0, 2, 1]);
        assert_eq!(vocabulary.len(), 3);
        let all: Vec<(u32, &str)> = vocabulary.iter().map(|(id, t)| (id.as_u32(), t)).collect();
        assert_eq!(all, [(0, "b"), (1, "a"), (2, "c")]);
    }

    #[test]
    fn unknown_ids_and_terms_are_none_not_panics() {
        let vocabulary = Vocabulary::new();
        assert!(vocabulary.is_empty());
        assert_eq!(vocabulary.get("x"), None);
        assert_eq!(vocabulary.text(TermId::from_u32(7)), None);
        assert!(!vocabulary.contains_id(TermId::from_u32(0)));
        let mut scratch = String::new();
        assert_eq!(
            vocabulary.get_bigram(TermId::from_u32(0), TermId::from_u32(1), &mut scratch),
            None
        );
    }

    #[test]
    fn bigrams_are_one_string_and_found_by_pair_or_by_text() {
        let mut vocabulary = Vocabulary::new();
        let mut scratch = String::new();
        let a = vocabulary.intern("coalit").unwrap();
        let b = vocabulary.intern("will").unwrap();
        let ab = vocabulary.intern_bigram(a, b, &mut scratch).unwrap();
        assert_eq!(vocabulary.text(ab), Some("coalit will"));
        assert_eq!(vocabulary.intern_bigram(a, b, &mut scratch).unwrap(), ab);
        assert_eq!(vocabulary.get_bigram(a, b, &mut scratch), Some(ab));
        // The reverse order is another bigram, not yet interned.
        assert_eq!(vocabulary.get_bigram(b, a, &mut scratch), None);
        // A bigram interned as a plain string is found through the pair as well.
        vocabulary.intern("will coalit").unwrap();
        assert_eq!(
            vocabulary.get_bigram(b, a, &mut scratch),
            vocabulary.get("will coalit")
        );
        assert_eq!(
            vocabulary.intern_bigram(a, TermId::from_u32(99), &mut scratch),
            Err(Error::UnknownTermId { id: 99, len: 4 })
        );
    }

    #[test]
    fn absorb_maps_every_term_and_keeps_bigram_pairs() {
        let mut left = Vocabulary::new();
        let mut right = Vocabulary::new();
        let mut scratch = String::new();
        left.intern("x").unwrap();
        let a = right.intern("a").unwrap();
        let x = right.intern("x").unwrap();
        let ax = right.intern_bigram(a, x, &mut scratch).unwrap();
        let map = left.absorb(&right).unwrap();
        assert_eq!(map.get(x), left.get("x"));
        assert_eq!(map.get(x), Some(TermId::from_u32(0)));
        assert_eq!(left.text(map.get(ax).unwrap()), Some("a x"));
        let (new_a, new_x) = (map.get(a).unwrap(), map.get(x).unwrap());
        assert_eq!(left.by_pair.get(new_a, new_x), map.get(ax));
        assert!(!map.is_identity());
    }

    #[test]
    fn retain_renumbers_and_keeps_the_words_of_kept_bigrams() {
        let mut vocabulary = Vocabulary::new();
        let mut scratch = String::new();
        let a = vocabulary.intern("a").unwrap();
        let b = vocabulary.intern("b").unwrap();
        let c = vocabulary.intern("c").unwrap();
        let ab = vocabulary.intern_bigram(a, b, &mut scratch).unwrap();
        let bc = vocabulary.intern_bigram(b, c, &mut scratch).unwrap();
        // Keep only the bigram "a b": its words stay too, "c" and "b c" go.
        let (kept, map) = vocabulary.retain(|id| id == ab);
        assert_eq!(map.get(a), Some(TermId::from_u32(0)));
        assert_eq!(map.get(b), Some(TermId::from_u32(1)));
        assert_eq!(map.get(c), None);
        assert_eq!(map.get(ab), Some(TermId::from_u32(2)));
        assert_eq!(map.get(bc), None);
        assert_eq!(kept.len(), 3);
        assert_eq!(kept.get("a b"), Some(TermId::from_u32(2)));
        assert_eq!(
            kept.bigram_parts(TermId::from_u32(2)),
            Some((TermId::from_u32(0), TermId::from_u32(1)))
        );
        assert_eq!(kept.get("b c"), None);
    }

    #[test]
    fn texts_with_colliding_hashes_keep_their_own_ids() {
        // With 32-bit hashes, 300 000 texts collide a few times (the hash is deterministic,
        // so the same few every run).
        let mut vocabulary = Vocabulary::new();
        let texts: Vec<String> = (0..300_000).map(|i| format!("w{i}")).collect();
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(vocabulary.intern(text).unwrap().index(), i);
        }
        assert!(!vocabulary.colliding.is_empty());
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(vocabulary.get(text).map(TermId::index), Some(i), "{text}");
            assert_eq!(vocabulary.intern(text).unwrap().index(), i);
        }
        assert_eq!(vocabulary.get("w300000"), None);
    }

    #[test]
    fn one_text_has_one_id_however_it_was_interned() {
        let mut vocabulary = Vocabulary::new();
        let mut scratch = String::new();
        let x = vocabulary.intern("x").unwrap();
        let y = vocabulary.intern("y").unwrap();
        // A pair first, then the same text as a single term: the same id.
        let xy = vocabulary.intern_bigram(x, y, &mut scratch).unwrap();
        assert_eq!(vocabulary.intern("x y").unwrap(), xy);
        // A single term with a space first (as NFKC makes of "15\u{a0}000"), then the pair.
        let spaced = vocabulary.intern("15 000").unwrap();
        let n15 = vocabulary.intern("15").unwrap();
        let n000 = vocabulary.intern("000").unwrap();
        assert_eq!(
            vocabulary.intern_bigram(n15, n000, &mut scratch).unwrap(),
            spaced
        );
        // Two splits of one text: ("a b", "c") and ("a", "b c").
        let ab = vocabulary.intern("a b").unwrap();
        let c = vocabulary.intern("c").unwrap();
        let a = vocabulary.intern("a").unwrap();
        let bc = vocabulary.intern("b c").unwrap();
        let abc = vocabulary.intern_bigram(ab, c, &mut scratch).unwrap();
        assert_eq!(vocabulary.intern_bigram(a, bc, &mut scratch).unwrap(), abc);
        assert_eq!(vocabulary.get("a b c"), Some(abc));
        // A bigram of a bigram is identified by its text.
        let xyy = vocabulary.intern_bigram(xy, y, &mut scratch).unwrap();
        assert_eq!(vocabulary.text(xyy), Some("x y y"));
        assert_eq!(vocabulary.get("x y y"), Some(xyy));
        let yy = vocabulary.intern("y y").unwrap();
        assert_eq!(vocabulary.intern_bigram(x, yy, &mut scratch).unwrap(), xyy);
        // Every text is distinct.
        let mut texts: Vec<&str> = vocabulary.iter().map(|(_, text)| text).collect();
        let all = texts.len();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), all);
        for (id, text) in vocabulary.iter() {
            assert_eq!(vocabulary.get(text), Some(id), "{text:?}");
        }
    }
}
