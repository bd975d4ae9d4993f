//! One word's forms as the analysis sees it: normalised, whether a stop word, stemmed. The
//! server's Tokenize and Stem and the CLI's `tokens` and `stem` all report these, so the
//! steps are written once here (and once, for whole texts with a stem cache, in
//! `lede_tfidf::Analyzer`).

use std::borrow::Cow;

use lede_stem::{Language, Stemmer, StopWords};
use lede_tokenize::normalize;

/// The forms of one word, from [`WordAnalyzer::word`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordForms<'w> {
    /// The normalised form (case folded, NFKC, curly quotes and dashes made plain),
    /// borrowing the word when it is normal already.
    pub normalized: Cow<'w, str>,
    /// Whether the normalised form is a stop word.
    pub stop_word: bool,
    /// The stem of the normalised form; empty when not asked for.
    pub stem: String,
}

/// Normalises, checks for stop words and stems words of one language.
#[derive(Debug)]
pub struct WordAnalyzer {
    stemmer: Stemmer,
    stop_words: &'static StopWords,
}

impl WordAnalyzer {
    /// An analyzer for `language`.
    #[must_use]
    pub fn new(language: Language) -> Self {
        Self {
            stemmer: Stemmer::new(language),
            stop_words: StopWords::for_language(language),
        }
    }

    /// The forms of `word`, its stem only if `stem` (stemming is the costly step, and only
    /// words have stems: a caller passes `false` for numbers and punctuation).
    #[must_use]
    pub fn word<'w>(&self, word: &'w str, stem: bool) -> WordForms<'w> {
        let normalized = normalize(word);
        let stop_word = self.stop_words.contains(&normalized);
        let stem = if stem {
            self.stemmer.stem(&normalized).into_owned()
        } else {
            String::new()
        };
        WordForms {
            normalized,
            stop_word,
            stem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_normalised_before_it_is_stemmed_or_looked_up() {
        let english = WordAnalyzer::new(Language::English);
        let running = english.word("Running", true);
        assert_eq!(running.normalized, "running");
        assert_eq!(running.stem, "run");
        assert!(!running.stop_word);
        assert!(english.word("The", false).stop_word);
        assert_eq!(english.word("The", false).stem, "");
        assert!(matches!(
            english.word("plain", false).normalized,
            Cow::Borrowed(_)
        ));
        assert_eq!(
            WordAnalyzer::new(Language::German)
                .word("Häuser", true)
                .stem,
            "haus"
        );
    }
}
