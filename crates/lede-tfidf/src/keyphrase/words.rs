//! What a word is to keyphrases beyond being a stop word: the word classes of
//! `data/keyphrase_words_en.txt` (see that file for the principle and the classes) and the
//! shapes that stand in for parts of speech.

use std::sync::OnceLock;

use lede_stem::Language;
use rustc_hash::FxHashMap;

const ENGLISH_TABLE: &str = include_str!("../../data/keyphrase_words_en.txt");

/// A class of the word table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WordClass {
    /// A preposition, conjunction or adverb missing from the stop-word list: never part of a
    /// keyphrase.
    Function,
    /// A weekday or month: not a keyphrase alone, when capitalised.
    Calendar,
    /// A deictic time word or a unit of time: not a keyphrase alone.
    Time,
    /// A verb or noun of attribution: not a keyphrase alone.
    Reporting,
    /// A word in -ly that is not an adverb.
    NotAdverb,
    /// A verb that is next to never a noun: never part of a keyphrase in lower case.
    Verb,
    /// A noun too general to name a story, or one that is also a common verb: not alone.
    Generic,
    /// A noun with the shape of an adjective or a participle: exceptions to those shapes.
    Noun,
    /// A one- or two-letter word in capitals that is a keyphrase alone ("EU").
    Initialism,
    /// A title or a word qualifying one ("President", "Prime", "former").
    Title,
}

impl WordClass {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "function" => Self::Function,
            "calendar" => Self::Calendar,
            "time" => Self::Time,
            "reporting" => Self::Reporting,
            "not-adverb" => Self::NotAdverb,
            "verb" => Self::Verb,
            "generic" => Self::Generic,
            "noun" => Self::Noun,
            "initialism" => Self::Initialism,
            "title" => Self::Title,
            _ => return None,
        })
    }
}

/// A language's word table.
#[derive(Debug)]
pub(super) struct Words {
    classes: FxHashMap<&'static str, WordClass>,
}

impl Words {
    /// The table of `language`, if there is one (English only).
    pub(super) fn for_language(language: Language) -> Option<&'static Self> {
        static ENGLISH: OnceLock<Words> = OnceLock::new();
        (language == Language::English).then(|| ENGLISH.get_or_init(|| Self::parse(ENGLISH_TABLE)))
    }

    /// Reads `word<TAB>class` lines; blank lines, `#` comments and lines with an unknown
    /// class are skipped (a test checks that the shipped table has none).
    fn parse(table: &'static str) -> Self {
        let classes = table
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (word, class) = line.split_once('\t')?;
                Some((word.trim(), WordClass::parse(class.trim())?))
            })
            .collect();
        Self { classes }
    }

    /// The class of a lower-case word, if it has one.
    pub(super) fn class(&self, lower: &str) -> Option<WordClass> {
        self.classes.get(lower).copied()
    }

    /// Whether a lower-case word has the shape of an adverb: six letters or more ending in
    /// -ly ("reportedly", "currently"), unless the table says it is not one ("family",
    /// "assembly"); words in -fly and -belly are nouns too. Shorter words in -ly are mostly
    /// nouns and adjectives ("rally", "daily", "ugly").
    pub(super) fn is_adverb(&self, lower: &str) -> bool {
        lower.len() >= 6
            && lower.ends_with("ly")
            && lower.bytes().all(|b| b.is_ascii_lowercase())
            && !lower.ends_with("fly")
            && !lower.ends_with("belly")
            && self.class(lower) != Some(WordClass::NotAdverb)
    }
}

impl Words {
    /// Whether a lower-case word is a form of a verb of the table: listed, or the -s form of
    /// a listed base ("meets", "denies", "urges"). Regular -ed forms are left to
    /// [`is_modifier_shape`](Self::is_modifier_shape).
    pub(super) fn is_verb(&self, lower: &str) -> bool {
        if let Some(class) = self.class(lower) {
            return class == WordClass::Verb;
        }
        if lower.len() > 31 {
            return false;
        }
        let base = |suffix: &str, restore: &str| {
            lower.strip_suffix(suffix).is_some_and(|stem| {
                stem.len() >= 2 && {
                    // Short words: a stack buffer instead of a String.
                    let mut buffer = [0u8; 32];
                    let (stem, restore) = (stem.as_bytes(), restore.as_bytes());
                    let len = stem.len() + restore.len();
                    len <= buffer.len() && {
                        buffer[..stem.len()].copy_from_slice(stem);
                        buffer[stem.len()..len].copy_from_slice(restore);
                        std::str::from_utf8(&buffer[..len])
                            .is_ok_and(|word| self.class(word) == Some(WordClass::Verb))
                    }
                }
            })
        };
        base("ies", "y") || base("es", "") || base("s", "") || Self::has_verb_suffix(lower)
    }

    /// Whether a lower-case word has a suffix that makes verbs: -ify ("solidify") and -ize
    /// ("finalize") in any length, -ise in eight letters or more ("finalise", "prioritise";
    /// shorter ones are mostly nouns: "promise", "noise"), with their -s forms. Nouns of that
    /// shape are listed ("enterprise", "franchise", "size").
    fn has_verb_suffix(lower: &str) -> bool {
        let base = lower
            .strip_suffix("ies")
            .map_or_else(|| lower.strip_suffix('s').unwrap_or(lower), |_| lower);
        let ify = lower.len() >= 5 && (lower.ends_with("ify") || lower.ends_with("ifies"));
        let ize = base.len() >= 6 && base.ends_with("ize");
        let ise = base.len() >= 8 && base.ends_with("ise");
        ify || ize || ise
    }

    /// Whether a lower-case word has the shape of a gerund or present participle: six
    /// letters or more in -ing ("convening", "insisting"), which is no keyphrase alone but
    /// may end one ("ceasefire monitoring"); nouns of that shape are listed ("bombing",
    /// "funding", "meeting").
    pub(super) fn is_gerund_shape(&self, lower: &str) -> bool {
        lower.len() >= 6
            && lower.ends_with("ing")
            && lower.bytes().all(|b| b.is_ascii_lowercase())
            && self.class(lower) != Some(WordClass::Noun)
    }

    /// Whether a lower-case word has the shape of an adjective or a participle, which
    /// modifies a noun but is no keyphrase alone and does not end one: six letters or more
    /// in -al, -ive, -ous, -ful, -less, -able, -ible or -ic ("critical", "territorial",
    /// "massive", "strategic"), or five or more in -ed ("deployed", "endorsed", "armed" in
    /// "armed forces"); unless the table says it is a noun ("proposal", "initiative",
    /// "hundred"). Plurals ("officials", "chemicals") do not have the shape.
    pub(super) fn is_modifier_shape(&self, lower: &str) -> bool {
        let adjective = lower.len() >= 6
            && ["al", "ive", "ous", "ful", "less", "able", "ible", "ic"]
                .iter()
                .any(|suffix| lower.ends_with(suffix));
        let participle = lower.len() >= 5 && lower.ends_with("ed");
        (adjective || participle)
            && lower.bytes().all(|b| b.is_ascii_lowercase())
            && self.class(lower) != Some(WordClass::Noun)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_whole() {
        let lines = ENGLISH_TABLE
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .count();
        let words = Words::for_language(Language::English).unwrap();
        assert_eq!(
            words.classes.len(),
            lines,
            "a line is malformed or repeated"
        );
        for word in words.classes.keys() {
            assert_eq!(*word, word.to_lowercase(), "{word} is not lower case");
        }
        assert!(Words::for_language(Language::French).is_none());
    }

    #[test]
    fn classes_and_adverbs() {
        let words = Words::for_language(Language::English).unwrap();
        assert_eq!(words.class("alongside"), Some(WordClass::Function));
        assert_eq!(words.class("thursday"), Some(WordClass::Calendar));
        assert_eq!(words.class("recent"), Some(WordClass::Time));
        assert_eq!(words.class("statement"), Some(WordClass::Reporting));
        assert_eq!(words.class("greenland"), None);
        for adverb in ["reportedly", "currently", "extremely", "deliberately"] {
            assert!(words.is_adverb(adverb), "{adverb}");
        }
        for other in [
            "family",
            "assembly",
            "butterfly",
            "rally",
            "daily",
            "italy",
            "kyiv",
        ] {
            assert!(!words.is_adverb(other), "{other}");
        }
    }

    #[test]
    fn verbs_and_modifier_shapes() {
        let words = Words::for_language(Language::English).unwrap();
        for verb in ["meet", "met", "meets", "denies", "urges", "said", "seek"] {
            assert!(words.is_verb(verb), "{verb}");
        }
        for verb in [
            "solidify",
            "finalise",
            "finalizes",
            "prioritises",
            "clarifies",
        ] {
            assert!(words.is_verb(verb), "{verb}");
        }
        assert!(words.is_gerund_shape("convening") && !words.is_gerund_shape("bombing"));
        // Names in -ing ("Beijing") are capitalised, which the caller checks.
        assert!(!words.is_gerund_shape("king") && !words.is_gerund_shape("Beijing"));
        assert_eq!(words.class("president"), Some(WordClass::Title));
        for other in [
            "plans",
            "talks",
            "summit",
            "guarantees",
            "s",
            "ies",
            "meeting",
            "enterprise",
            "size",
            "promise",
        ] {
            assert!(!words.is_verb(other), "{other}");
        }
        for modifier in [
            "critical",
            "territorial",
            "massive",
            "deployed",
            "armed",
            "strategic",
        ] {
            assert!(words.is_modifier_shape(modifier), "{modifier}");
        }
        for noun in [
            "proposal",
            "initiative",
            "hundred",
            "officials",
            "music",
            "summit",
            "bed",
        ] {
            assert!(!words.is_modifier_shape(noun), "{noun}");
        }
        assert_eq!(words.class("plans"), Some(WordClass::Generic));
        assert_eq!(words.class("eu"), Some(WordClass::Initialism));
    }
}
