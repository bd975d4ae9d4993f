//! [`StopWords`]: a stop-word list per language, embedded in the binary.

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::Language;
use crate::language::COUNT;

/// The embedded list files (`stopwords/<iso>.txt`), in the order of [`Language::ALL`].
const SOURCES: [&str; COUNT] = [
    include_str!("../stopwords/ar.txt"),
    include_str!("../stopwords/da.txt"),
    include_str!("../stopwords/nl.txt"),
    include_str!("../stopwords/en.txt"),
    include_str!("../stopwords/fi.txt"),
    include_str!("../stopwords/fr.txt"),
    include_str!("../stopwords/de.txt"),
    include_str!("../stopwords/el.txt"),
    include_str!("../stopwords/hu.txt"),
    include_str!("../stopwords/it.txt"),
    include_str!("../stopwords/no.txt"),
    include_str!("../stopwords/pt.txt"),
    include_str!("../stopwords/ro.txt"),
    include_str!("../stopwords/ru.txt"),
    include_str!("../stopwords/es.txt"),
    include_str!("../stopwords/sv.txt"),
    include_str!("../stopwords/ta.txt"),
    include_str!("../stopwords/tr.txt"),
];

/// Each list, parsed on first use.
static LISTS: [OnceLock<StopWords>; COUNT] = [const { OnceLock::new() }; COUNT];

/// FNV-1a: for a handful of short keys it is faster than the default SipHash (14 ns
/// against 21 ns per lookup on Reuters tokens; binary search over the sorted list takes
/// 88 ns). Being unkeyed is harmless here: the set is fixed at build time, so no input
/// can make it degrade.
#[derive(Default)]
struct Fnv1a(u64);

impl Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// The stop words of one language: high-frequency function words ("the", "of", "said")
/// that carry no topic and are left out of keyword and similarity computations.
///
/// Get a list with [`StopWords::for_language`]; it is built once per process, on first
/// use, from a word list embedded in the binary. The words are normalised the way lede's
/// tokenizer normalises its output — NFKC, lower case, ASCII apostrophes (`don't`) — and
/// [`contains`](StopWords::contains) expects a word normalised the same way. The crate
/// docs say [which lists](crate#stop-words) and why.
///
/// ```
/// use lede_stem::{Language, StopWords};
///
/// let english = StopWords::for_language(Language::English);
/// assert!(english.contains("the"));
/// assert!(english.contains("don't"));
/// assert!(english.contains("said"));
/// assert!(!english.contains("greenland"));
/// assert!(english.iter().any(|w| w == "because"));
/// assert!(StopWords::for_language(Language::French).contains("les"));
/// ```
pub struct StopWords {
    language: Language,
    /// Sorted, without duplicates.
    sorted: Vec<&'static str>,
    set: HashSet<&'static str, BuildHasherDefault<Fnv1a>>,
    /// Longest word in bytes: longer inputs are rejected without hashing.
    max_len: usize,
}

impl StopWords {
    /// The stop words of `language`, built on first use and kept for the life of the
    /// process.
    pub fn for_language(language: Language) -> &'static StopWords {
        LISTS[language.index()]
            .get_or_init(|| StopWords::parse(language, SOURCES[language.index()]))
    }

    /// Parses a list file: one word per line; lines starting with `#` and blank lines
    /// are skipped.
    fn parse(language: Language, source: &'static str) -> StopWords {
        let mut sorted: Vec<&'static str> = source
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        let set = sorted.iter().copied().collect();
        let max_len = sorted.iter().map(|w| w.len()).max().unwrap_or(0);
        StopWords {
            language,
            sorted,
            set,
            max_len,
        }
    }

    /// The language of the list.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Whether `word` is a stop word. `word` must be normalised like the list (lower
    /// case, NFKC, ASCII apostrophes): `"The"` is not found, `"the"` is.
    pub fn contains(&self, word: &str) -> bool {
        word.len() <= self.max_len && self.set.contains(word)
    }

    /// The words, in sorted (byte) order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'static str> + DoubleEndedIterator + '_ {
        self.sorted.iter().copied()
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Whether the list is empty (no list shipped with the crate is).
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
}

impl fmt::Debug for StopWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StopWords")
            .field("language", &self.language)
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

impl<'a> IntoIterator for &'a StopWords {
    type Item = &'static str;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, &'static str>>;

    fn into_iter(self) -> Self::IntoIter {
        self.sorted.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn sources_are_in_language_order() {
        for &language in Language::ALL {
            let header = SOURCES[language.index()].lines().next().unwrap();
            assert!(
                header.starts_with(&format!("# {} ({})", language.name(), language.iso_code())),
                "{language}: {header}"
            );
        }
    }

    #[test]
    fn every_file_names_its_source_and_licence() {
        for &language in Language::ALL {
            let source = SOURCES[language.index()];
            assert!(
                source.lines().any(|l| l.starts_with("# source: ")),
                "{language}"
            );
            assert!(
                source.lines().any(|l| l.starts_with("# licence: ")),
                "{language}"
            );
        }
    }

    #[test]
    fn every_list_is_normalised_sorted_and_unique() {
        for &language in Language::ALL {
            let list = StopWords::for_language(language);
            assert_eq!(list.language(), language);
            assert!(list.len() >= 50, "{language}: {}", list.len());
            assert!(!list.is_empty());
            let words: Vec<&str> = list.iter().collect();
            assert_eq!(words.len(), list.len());
            assert!(
                words.windows(2).all(|w| w[0] < w[1]),
                "{language}: not sorted/unique"
            );
            for word in words {
                assert!(!word.is_empty());
                assert!(!word.contains(char::is_whitespace), "{language}: {word:?}");
                assert_eq!(word, word.to_lowercase(), "{language}: not lower case");
                assert_eq!(
                    word,
                    word.nfkc().collect::<String>(),
                    "{language}: not NFKC: {word:?}"
                );
                assert!(
                    !word.contains(['\u{2019}', '\u{2018}', '\u{02BC}']),
                    "{language}: curly apostrophe in {word:?}"
                );
                assert!(list.contains(word), "{language}: {word:?}");
            }
        }
    }

    #[test]
    fn the_same_list_is_returned_every_time() {
        let a = StopWords::for_language(Language::German);
        let b = StopWords::for_language(Language::German);
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn english_has_nltk_and_the_news_additions() {
        let en = StopWords::for_language(Language::English);
        for word in [
            "the",
            "and",
            "don't",
            "don",
            "t",
            "shouldn't",
            "said",
            "says",
            "would",
            "also",
            "mr",
            "i'm",
            "they're",
        ] {
            assert!(en.contains(word), "{word}");
        }
        // Content words, and "us" (lower-cased "US"), are not stop words.
        for word in ["us", "president", "greenland", "market", "The", "don’t", ""] {
            assert!(!en.contains(word), "{word}");
        }
    }

    #[test]
    fn other_lists_contain_their_commonest_words() {
        let cases = [
            (Language::Arabic, "في"),
            (Language::Danish, "og"),
            (Language::Dutch, "het"),
            (Language::Finnish, "ja"),
            (Language::French, "les"),
            (Language::German, "und"),
            (Language::Greek, "και"),
            (Language::Hungarian, "az"),
            (Language::Italian, "della"),
            (Language::Norwegian, "og"),
            (Language::Portuguese, "que"),
            (Language::Romanian, "și"),
            (Language::Russian, "и"),
            (Language::Spanish, "los"),
            (Language::Swedish, "och"),
            (Language::Tamil, "மற்றும்"),
            (Language::Turkish, "ve"),
        ];
        for (language, word) in cases {
            assert!(
                StopWords::for_language(language).contains(word),
                "{language}: {word}"
            );
        }
    }

    #[test]
    fn greek_elisions_use_ascii_apostrophes() {
        let el = StopWords::for_language(Language::Greek);
        assert!(el.contains("δ'"));
        assert!(!el.contains("δ’"));
    }

    #[test]
    fn debug_and_into_iterator() {
        let sv = StopWords::for_language(Language::Swedish);
        assert_eq!(
            format!("{sv:?}"),
            format!("StopWords {{ language: Swedish, len: {}, .. }}", sv.len())
        );
        let mut n = 0;
        for _ in sv {
            n += 1;
        }
        assert_eq!(n, sv.len());
    }
}
