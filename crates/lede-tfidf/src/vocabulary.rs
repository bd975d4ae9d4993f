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
//! (`"secur guarante"`), as scikit-learn names its n-gram features. The vocabulary also
//! remembers the pair of ids each bigram was built from, so that counting finds a known
//! bigram with one integer-keyed lookup instead of building and hashing its string; the
//! string map remains the source of truth.

use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;

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
    /// Id → term text; the `Arc`s are shared with the keys of `ids`.
    texts: Vec<Arc<str>>,
    /// Term text → id.
    ids: FxHashMap<Arc<str>, TermId>,
    /// (first, second) → id of the bigram `"first second"`: a cache over `ids`.
    bigrams: FxHashMap<(TermId, TermId), TermId>,
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
        self.texts.len()
    }

    /// Whether no term has been interned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The id of `term`, if it was interned.
    #[must_use]
    pub fn get(&self, term: &str) -> Option<TermId> {
        self.ids.get(term).copied()
    }

    /// The text of `id`, or `None` for an id this vocabulary never issued.
    #[must_use]
    pub fn text(&self, id: TermId) -> Option<&str> {
        self.texts.get(id.index()).map(|text| &**text)
    }

    /// Whether `id` was issued by this vocabulary (is below [`len`](Self::len)).
    #[must_use]
    pub fn contains_id(&self, id: TermId) -> bool {
        id.index() < self.texts.len()
    }

    /// The id of `term`, interning it first if it is new.
    ///
    /// # Errors
    ///
    /// [`Error::VocabularyFull`] if `term` is new and `u32::MAX` terms are already interned.
    pub fn intern(&mut self, term: &str) -> Result<TermId, Error> {
        // Look up by `&str` first: no allocation for a term already known, which is nearly
        // every term of running text.
        match self.ids.get(term) {
            Some(&id) => Ok(id),
            None => self.insert(Arc::from(term)),
        }
    }

    /// Interns a string known to be new (or shares `text`'s allocation if it is not).
    fn insert(&mut self, text: Arc<str>) -> Result<TermId, Error> {
        if let Some(&id) = self.ids.get(&*text) {
            return Ok(id);
        }
        let id = TermId(u32::try_from(self.texts.len()).map_err(|_| Error::VocabularyFull)?);
        if id.0 == u32::MAX {
            return Err(Error::VocabularyFull);
        }
        self.texts.push(Arc::clone(&text));
        self.ids.insert(text, id);
        Ok(id)
    }

    /// The id of the bigram `"first second"`, interning it if it is new.
    ///
    /// `first` and `second` must be ids of this vocabulary. `scratch` is a buffer the bigram's
    /// string is built in when the pair has not been seen before; pass the same one every
    /// time so that it is allocated once.
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
    /// # Ok::<(), lede_tfidf::Error>(())
    /// ```
    pub fn intern_bigram(
        &mut self,
        first: TermId,
        second: TermId,
        scratch: &mut String,
    ) -> Result<TermId, Error> {
        if let Some(&id) = self.bigrams.get(&(first, second)) {
            return Ok(id);
        }
        scratch.clear();
        scratch.push_str(self.checked_text(first)?);
        scratch.push(' ');
        scratch.push_str(self.checked_text(second)?);
        let id = self.intern(scratch)?;
        self.bigrams.insert((first, second), id);
        Ok(id)
    }

    /// The id of the bigram `"first second"` if it was interned, without interning anything.
    ///
    /// `scratch` is used as in [`intern_bigram`](Self::intern_bigram). Unknown ids give `None`.
    #[must_use]
    pub fn get_bigram(&self, first: TermId, second: TermId, scratch: &mut String) -> Option<TermId> {
        if let Some(&id) = self.bigrams.get(&(first, second)) {
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
        // `texts.len()` never exceeds `u32::MAX` (checked in `insert`), so the cast is exact.
        self.texts
            .iter()
            .enumerate()
            .map(|(index, text)| (TermId(index as u32), &**text))
    }

    fn checked_text(&self, id: TermId) -> Result<&str, Error> {
        self.text(id).ok_or(Error::UnknownTermId {
            id: id.0,
            len: self.len(),
        })
    }

    /// Interns every term of `other` (sharing its strings) and returns where each went.
    pub(crate) fn absorb(&mut self, other: &Self) -> Result<TermIdMap, Error> {
        let mut map = Vec::with_capacity(other.len());
        for text in &other.texts {
            map.push(Some(self.insert(Arc::clone(text))?));
        }
        let map = TermIdMap { map };
        for (&(first, second), &bigram) in &other.bigrams {
            if let (Some(first), Some(second), Some(bigram)) =
                (map.get(first), map.get(second), map.get(bigram))
            {
                self.bigrams.entry((first, second)).or_insert(bigram);
            }
        }
        Ok(map)
    }

    /// A vocabulary of the terms `keep` accepts, in their old order, and where each went.
    pub(crate) fn retain(&self, mut keep: impl FnMut(TermId) -> bool) -> (Self, TermIdMap) {
        let mut kept = Self::default();
        let mut map = Vec::with_capacity(self.len());
        for (id, text) in self.texts.iter().enumerate() {
            let id = TermId(id as u32);
            if keep(id) {
                // Cannot fail: `kept` holds fewer terms than `self`.
                map.push(kept.insert(Arc::clone(text)).ok());
            } else {
                map.push(None);
            }
        }
        let map = TermIdMap { map };
        for (&(first, second), &bigram) in &self.bigrams {
            if let (Some(first), Some(second), Some(bigram)) =
                (map.get(first), map.get(second), map.get(bigram))
            {
                kept.bigrams.insert((first, second), bigram);
            }
        }
        (kept, map)
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
        assert_eq!(left.bigrams.get(&(new_a, new_x)), map.get(ax).as_ref());
        assert!(!map.is_identity());
    }

    #[test]
    fn retain_renumbers_and_drops_pairs_of_dropped_terms() {
        let mut vocabulary = Vocabulary::new();
        let mut scratch = String::new();
        let a = vocabulary.intern("a").unwrap();
        let b = vocabulary.intern("b").unwrap();
        let ab = vocabulary.intern_bigram(a, b, &mut scratch).unwrap();
        let (kept, map) = vocabulary.retain(|id| id != a);
        assert_eq!(map.get(a), None);
        assert_eq!(map.get(b), Some(TermId::from_u32(0)));
        assert_eq!(map.get(ab), Some(TermId::from_u32(1)));
        assert_eq!(kept.len(), 2);
        assert!(kept.bigrams.is_empty());
        assert_eq!(kept.get("a b"), Some(TermId::from_u32(1)));
    }
}
