//! Near-duplicate detection: a MinHash fingerprint of each document's word shingles, found
//! again through LSH bands.
//!
//! **Fingerprint.** A document's title and text are cut into words (runs of letters and
//! digits, case-folded); a document of fewer than [`SHINGLE_WORDS`] words has no fingerprint
//! (too short to tell a copy from a coincidence: Reuters-21578 has 1,543 bodies that read
//! "blah blah blah" under different headlines). Every run of [`SHINGLE_WORDS`] consecutive
//! words (a *shingle*) is hashed to 64 bits, and the fingerprint keeps, for each of [`HASHES`] hash
//! functions, the smallest value any shingle takes. Two fingerprints agree in a given place
//! with probability equal to the Jaccard similarity of the two shingle sets (Broder 1997), so
//! the share of places that agree estimates it (± 0.06 at 0.7 with 64 places). The `i`th
//! hash function is a fixed 32-bit permutation (MurmurHash3's finaliser) of the shingle's
//! 32-bit hash XOR a fixed seed `sᵢ`: 32-bit multiplies and shifts only, which the compiler
//! runs 8 lanes at a time (a 64-bit multiply-shift family took twice as long); no allocation
//! but the word hashes.
//!
//! **Lookup.** The fingerprint is cut into [`BANDS`] bands of [`ROWS`] values; documents that
//! agree on a whole band share a bucket. Two documents of Jaccard similarity `s` share at least
//! one bucket with probability `1 − (1 − s⁴)¹⁶`: 0.98 at 0.7, 0.64 at 0.5, 0.12 at 0.3, so
//! the candidates of a document are few and the near ones are almost never missed. A
//! candidate is a near-duplicate when its fingerprint agrees in at least
//! [`DUPLICATE_AGREEMENT`] of the places (an estimated Jaccard similarity of 0.7 and more).
//! At most [`MAX_CANDIDATES`] candidates are compared, so that the cost of a write does not
//! grow with the corpus even when thousands of copies of one boilerplate text share buckets.
//!
//! **Which is the duplicate.** Of two near-duplicates the later one (by publish time, then
//! name; undated documents after dated ones) is the duplicate: a document's `duplicate_of` is
//! the earliest of its near-duplicates that is earlier than it. That depends only on which
//! pairs are near, not on the order the documents were written in, so a corpus loaded in name
//! order answers as the one written in arrival order did. When a document is removed, the
//! documents it was the original of look for their earliest near-duplicate again.

use std::collections::HashMap;

/// Words per shingle: five words tell a re-post from a story on the same subject (two
/// reports of one event share many two- and three-word phrases, few five-word ones).
pub const SHINGLE_WORDS: usize = 5;
/// Hash functions (places) of a fingerprint.
pub const HASHES: usize = 64;
/// LSH bands.
pub const BANDS: usize = 16;
/// Values per band.
pub const ROWS: usize = HASHES / BANDS;
/// Places of two fingerprints that must agree for near-duplicates (45 of 64: an estimated
/// Jaccard similarity of 0.7).
pub const DUPLICATE_AGREEMENT: usize = 45;
/// The most candidates compared for one document.
pub const MAX_CANDIDATES: usize = 256;

/// A document's MinHash fingerprint (see the [module documentation](self)).
#[derive(Clone, PartialEq, Eq)]
pub struct Fingerprint(Box<[u32; HASHES]>);

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fingerprint({:08x}…)", self.0[0])
    }
}

/// 64-bit finaliser of MurmurHash3: spreads every input bit over the output.
const fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The seeds of the hash functions, fixed so that fingerprints are the same in every process
/// and version (they are compared across restarts).
const SEEDS: [u32; HASHES] = {
    let mut table = [0u32; HASHES];
    let mut i = 0;
    while i < HASHES {
        table[i] = (mix(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1)) >> 32) as u32;
        i += 1;
    }
    table
};

/// MurmurHash3's 32-bit finaliser: a permutation of `u32` that spreads every bit.
#[inline]
const fn mix32(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x85eb_ca6b);
    x ^= x >> 13;
    x = x.wrapping_mul(0xc2b2_ae35);
    x ^ (x >> 16)
}

impl Fingerprint {
    /// The fingerprint of `text`; `None` for a text of fewer than [`SHINGLE_WORDS`] words.
    #[must_use]
    pub fn of(text: &str) -> Option<Self> {
        Self::of_parts(&[text])
    }

    /// The fingerprint of a document: its title (if any) then its text.
    #[must_use]
    pub fn of_document(document: &crate::Document) -> Option<Self> {
        match &document.title {
            Some(title) => Self::of_parts(&[title, &document.text]),
            None => Self::of(&document.text),
        }
    }

    /// The fingerprint of the words of `parts` read one after the other (a part ends a word).
    fn of_parts(parts: &[&str]) -> Option<Self> {
        let mut words: Vec<u64> = Vec::new();
        let mut hash: u64 = 0;
        let mut in_word = false;
        for c in parts.iter().flat_map(|part| part.chars().chain([' '])) {
            if c.is_alphanumeric() {
                // Case-folded without allocating: `to_lowercase` yields one char for almost
                // every letter, and all of them are hashed.
                for lower in c.to_lowercase() {
                    hash = (hash ^ u64::from(lower)).wrapping_mul(0x0100_0000_01b3);
                }
                in_word = true;
            } else if in_word {
                words.push(mix(hash));
                hash = 0;
                in_word = false;
            }
        }
        if in_word {
            words.push(mix(hash));
        }
        if words.len() < SHINGLE_WORDS {
            return None;
        }
        let mut minima = [u32::MAX; HASHES];
        for shingle in words.windows(SHINGLE_WORDS) {
            let mut x = 0u64;
            for &word in shingle {
                x = mix(x.rotate_left(17) ^ word);
            }
            let key = (x ^ (x >> 32)) as u32;
            for (minimum, &seed) in minima.iter_mut().zip(&SEEDS) {
                *minimum = (*minimum).min(mix32(key ^ seed));
            }
        }
        Some(Self(Box::new(minima)))
    }

    /// In how many of the [`HASHES`] places this fingerprint agrees with `other`.
    #[must_use]
    pub fn agreement(&self, other: &Self) -> usize {
        self.0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count()
    }

    /// The estimated Jaccard similarity of the two documents' shingle sets.
    #[must_use]
    pub fn similarity(&self, other: &Self) -> f64 {
        self.agreement(other) as f64 / HASHES as f64
    }

    /// The bucket keys of the fingerprint's bands (the band's number is part of its key).
    fn bands(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.chunks(ROWS).enumerate().map(|(band, values)| {
            values
                .iter()
                .fold(mix(band as u64), |key, &value| mix(key ^ u64::from(value)))
        })
    }
}

/// What orders near-duplicates: the earlier one is the original. Publish time (nanoseconds;
/// undated last), then name.
pub(crate) type Key = (Option<i128>, Box<str>);

fn earlier(a: &Key, b: &Key) -> bool {
    match (a.0, b.0) {
        (Some(x), Some(y)) if x != y => x < y,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        _ => a.1 < b.1,
    }
}

#[derive(Clone)]
struct Member {
    key: Key,
    fingerprint: Fingerprint,
    duplicate_of: Option<u32>,
    /// The members whose `duplicate_of` is this one.
    copies: Vec<u32>,
}

/// The fingerprints of a corpus's documents, their LSH buckets and who duplicates whom.
#[derive(Default, Clone)]
pub(crate) struct Duplicates {
    members: Vec<Option<Member>>,
    free: Vec<u32>,
    ids: HashMap<Box<str>, u32>,
    buckets: HashMap<u64, Vec<u32>>,
}

impl Duplicates {
    /// The name of the document `name` is a near-duplicate of.
    pub(crate) fn duplicate_of(&self, name: &str) -> Option<&str> {
        let member = self.member(*self.ids.get(name)?)?;
        Some(&self.member(member.duplicate_of?)?.key.1)
    }

    /// The documents `name` is a near-duplicate of or that are near-duplicates of it, with
    /// their estimated similarity (as the lookup finds them: at most [`MAX_CANDIDATES`]
    /// compared).
    pub(crate) fn near(&self, name: &str) -> Vec<(&str, f64)> {
        let Some(&id) = self.ids.get(name) else {
            return Vec::new();
        };
        let Some(member) = self.member(id) else {
            return Vec::new();
        };
        self.near_ids(id, &member.fingerprint)
            .into_iter()
            .filter_map(|(other, agreement)| {
                Some((
                    &*self.member(other)?.key.1,
                    agreement as f64 / HASHES as f64,
                ))
            })
            .collect()
    }

    fn member(&self, id: u32) -> Option<&Member> {
        self.members.get(id as usize)?.as_ref()
    }

    fn member_mut(&mut self, id: u32) -> Option<&mut Member> {
        self.members.get_mut(id as usize)?.as_mut()
    }

    /// The near-duplicates of a fingerprint (but `id` itself), with their agreement.
    fn near_ids(&self, id: u32, fingerprint: &Fingerprint) -> Vec<(u32, usize)> {
        let mut candidates: Vec<u32> = Vec::new();
        for key in fingerprint.bands() {
            if let Some(bucket) = self.buckets.get(&key) {
                // The most recent members of a crowded bucket.
                candidates.extend(bucket.iter().rev().take(MAX_CANDIDATES).copied());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&other| other != id);
        candidates.truncate(MAX_CANDIDATES);
        candidates
            .into_iter()
            .filter_map(|other| {
                let agreement = fingerprint.agreement(&self.member(other)?.fingerprint);
                (agreement >= DUPLICATE_AGREEMENT).then_some((other, agreement))
            })
            .collect()
    }

    /// Adds a document (not yet present) with its fingerprint.
    pub(crate) fn insert(&mut self, key: Key, fingerprint: Fingerprint) {
        let id = match self.free.pop() {
            Some(id) => id,
            None => match u32::try_from(self.members.len()) {
                Ok(id) => {
                    self.members.push(None);
                    id
                }
                // 2³² documents: the rest go without near-duplicate detection.
                Err(_) => return,
            },
        };
        let near = self.near_ids(id, &fingerprint);
        for band in fingerprint.bands() {
            self.buckets.entry(band).or_default().push(id);
        }
        self.ids.insert(key.1.clone(), id);
        if let Some(slot) = self.members.get_mut(id as usize) {
            *slot = Some(Member {
                key,
                fingerprint,
                duplicate_of: None,
                copies: Vec::new(),
            });
        }
        self.settle(id, &near);
        // The later near-duplicates whose original this one now is (it is earlier than
        // theirs).
        for &(other, _) in &near {
            let (Some(this), Some(that)) = (self.member(id), self.member(other)) else {
                continue;
            };
            if !earlier(&this.key, &that.key) {
                continue;
            }
            let better = that
                .duplicate_of
                .and_then(|current| self.member(current))
                .is_none_or(|current| earlier(&this.key, &current.key));
            if better {
                self.point(other, Some(id));
            }
        }
    }

    /// Sets `id`'s original to the earliest of `near` that is earlier than it.
    fn settle(&mut self, id: u32, near: &[(u32, usize)]) {
        let Some(this) = self.member(id) else { return };
        let mut best: Option<(u32, &Key)> = None;
        for &(other, _) in near {
            let Some(that) = self.member(other) else {
                continue;
            };
            if earlier(&that.key, &this.key) && best.is_none_or(|(_, key)| earlier(&that.key, key))
            {
                best = Some((other, &that.key));
            }
        }
        let best = best.map(|(other, _)| other);
        self.point(id, best);
    }

    /// Makes `to` the original of `id` (none for `None`), keeping the copies lists in step.
    fn point(&mut self, id: u32, to: Option<u32>) {
        let Some(old) = self
            .member_mut(id)
            .map(|m| std::mem::replace(&mut m.duplicate_of, to))
        else {
            return;
        };
        if let Some(old) = old
            && let Some(previous) = self.member_mut(old)
        {
            previous.copies.retain(|&copy| copy != id);
        }
        if let Some(to) = to
            && let Some(original) = self.member_mut(to)
        {
            original.copies.push(id);
        }
    }

    /// Removes the document `name`; the documents it was the original of find theirs again.
    pub(crate) fn remove(&mut self, name: &str) {
        let Some(id) = self.ids.remove(name) else {
            return;
        };
        self.point(id, None);
        let Some(member) = self.members.get_mut(id as usize).and_then(Option::take) else {
            return;
        };
        for band in member.fingerprint.bands() {
            if let Some(bucket) = self.buckets.get_mut(&band) {
                bucket.retain(|&other| other != id);
                if bucket.is_empty() {
                    self.buckets.remove(&band);
                }
            }
        }
        self.free.push(id);
        for copy in member.copies {
            if let Some(m) = self.member_mut(copy) {
                m.duplicate_of = None;
            }
            let Some(fingerprint) = self.member(copy).map(|m| m.fingerprint.clone()) else {
                continue;
            };
            let near = self.near_ids(copy, &fingerprint);
            self.settle(copy, &near);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Oil prices fell sharply on Tuesday as OPEC raised output for a third \
        month, traders said, and Brent crude lost four percent in London trading while analysts \
        expected further declines next week as stocks rose in the United States.";

    fn key(name: &str, time: Option<i128>) -> Key {
        (time, name.into())
    }

    #[test]
    fn fingerprints_estimate_similarity() {
        let a = Fingerprint::of(STORY).expect("words");
        assert_eq!(a.agreement(&a), HASHES);
        // Case and punctuation do not count.
        let shouted = STORY.to_uppercase().replace(',', " ");
        assert_eq!(
            Fingerprint::of(&shouted).expect("words").agreement(&a),
            HASHES
        );
        // One word changed of 40: most shingles survive.
        let edited = STORY.replace("Tuesday", "Wednesday");
        let similarity = Fingerprint::of(&edited).expect("words").similarity(&a);
        assert!(similarity > 0.6 && similarity < 1.0, "{similarity}");
        let other = Fingerprint::of("Gold rose to a record on Friday as the dollar weakened.")
            .expect("words");
        assert!(other.similarity(&a) < 0.1);
        assert!(Fingerprint::of(" ,.; ").is_none());
        assert!(Fingerprint::of("blah blah blah.").is_none());
        assert!(Fingerprint::of("Gold rose on Friday again").is_some());
        // The title counts: one body under two headlines is two documents.
        let mut a = crate::Document::new("a", STORY).with_title("Oil falls");
        let b = a
            .clone()
            .with_title("Oil prices drop as OPEC raises output again");
        let similarity = Fingerprint::of_document(&a)
            .expect("words")
            .similarity(&Fingerprint::of_document(&b).expect("words"));
        assert!(similarity < 1.0 && similarity > 0.6, "{similarity}");
        a.title = None;
        assert_eq!(Fingerprint::of_document(&a), Fingerprint::of(STORY));
    }

    #[test]
    fn the_earlier_is_the_original_whatever_the_order_of_writes() {
        let fingerprint = || Fingerprint::of(STORY).expect("words");
        let near = || Fingerprint::of(&STORY.replace("Tuesday", "Monday")).expect("words");
        let mut one = Duplicates::default();
        one.insert(key("c", None), fingerprint());
        one.insert(key("b", Some(2)), near());
        one.insert(key("a", Some(3)), fingerprint());
        let mut other = Duplicates::default();
        other.insert(key("a", Some(3)), fingerprint());
        other.insert(key("c", None), fingerprint());
        other.insert(key("b", Some(2)), near());
        for d in [&one, &other] {
            assert_eq!(d.duplicate_of("b"), None);
            assert_eq!(d.duplicate_of("a"), Some("b"));
            assert_eq!(d.duplicate_of("c"), Some("b"));
            assert_eq!(d.near("c").len(), 2);
        }
        // The original goes: the others find the earliest of what is left.
        one.remove("b");
        assert_eq!(one.duplicate_of("a"), None);
        assert_eq!(one.duplicate_of("c"), Some("a"));
        one.remove("a");
        assert_eq!(one.duplicate_of("c"), None);
        assert!(one.near("c").is_empty());
        one.insert(
            key("d", Some(1)),
            Fingerprint::of("Unrelated words entirely here, and more.").expect("w"),
        );
        assert_eq!(one.duplicate_of("d"), None);
        assert_eq!(one.duplicate_of("c"), None);
    }

    #[test]
    fn crowded_buckets_stay_bounded() {
        let mut d = Duplicates::default();
        for i in 0..(MAX_CANDIDATES + 50) {
            d.insert(
                key(&format!("n{i:04}"), None),
                Fingerprint::of(STORY).expect("words"),
            );
        }
        // Every copy has an original, the first name.
        assert_eq!(d.duplicate_of("n0001"), Some("n0000"));
        assert!(d.near("n0000").len() <= MAX_CANDIDATES);
        assert_eq!(d.duplicate_of("n0000"), None);
    }
}
