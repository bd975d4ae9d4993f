//! The analysis pipeline: text → tokens → normalised → stop words dropped → stemmed terms.
//!
//! Every step can be switched off, so the same pipeline serves keyword ranking (all steps),
//! exact-phrase matching (no stemming) and comparisons with other tools (no stop words).
//!
//! News vocabulary is Zipfian: a few thousand distinct words make up most running text. The
//! analyzer therefore memoises what becomes of each word *as written* — its normalised form,
//! whether that is a stop word, its stem — in a per-analyzer cache, so a word is normalised,
//! looked up and stemmed once, and from then on costs one hash lookup. (Normalising first
//! and caching only stems cost a normalisation, a stop-word lookup and a cache lookup per
//! token: two fifths of the analysis.) The cache is bounded ([`STEM_CACHE_CAPACITY`]) so
//! that hostile input (millions of distinct words) cannot grow it without limit; when full it
//! is cleared, which only costs analysing words again.

use lede_stem::{Language, Stemmer, StopWords};
use lede_tokenize::{Span, TokenKind, normalize_into, tokenize};
use rustc_hash::FxHashMap;

/// How many distinct words (as written) the word cache holds before it is cleared.
pub const STEM_CACHE_CAPACITY: usize = 1 << 18;

/// How many bytes of analysed words the cache holds before it is cleared.
const STEM_CACHE_BYTES: usize = 16 << 20;

/// Which steps of the pipeline run; see [`Analyzer::with_options`].
///
/// Non-exhaustive, because options will grow: start from [`Default`] (or a constructor) and
/// set fields with the `with_*` builders (or assign them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnalyzerOptions {
    /// The language of stop words and stemming.
    pub language: Language,
    /// Case-fold and NFKC-normalise tokens (see [`lede_tokenize::normalize`]).
    pub normalize: bool,
    /// Drop the language's stop words (compared after normalisation).
    pub remove_stop_words: bool,
    /// Reduce words to their Snowball stem.
    pub stem: bool,
    /// Keep number tokens (`2022`, `90%`) as terms.
    pub keep_numbers: bool,
}

impl AnalyzerOptions {
    /// Sets [`language`](Self::language).
    #[must_use]
    pub const fn with_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Sets [`normalize`](Self::normalize).
    #[must_use]
    pub const fn with_normalize(mut self, normalize: bool) -> Self {
        self.normalize = normalize;
        self
    }

    /// Sets [`remove_stop_words`](Self::remove_stop_words).
    #[must_use]
    pub const fn with_remove_stop_words(mut self, remove_stop_words: bool) -> Self {
        self.remove_stop_words = remove_stop_words;
        self
    }

    /// Sets [`stem`](Self::stem).
    #[must_use]
    pub const fn with_stem(mut self, stem: bool) -> Self {
        self.stem = stem;
        self
    }

    /// Sets [`keep_numbers`](Self::keep_numbers).
    #[must_use]
    pub const fn with_keep_numbers(mut self, keep_numbers: bool) -> Self {
        self.keep_numbers = keep_numbers;
        self
    }

    /// All steps on, for `language`: the default for keyword ranking and summaries.
    #[must_use]
    pub const fn new(language: Language) -> Self {
        Self {
            language,
            normalize: true,
            remove_stop_words: true,
            stem: true,
            keep_numbers: true,
        }
    }
}

impl Default for AnalyzerOptions {
    fn default() -> Self {
        Self::new(Language::English)
    }
}

/// One term of the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Term<'a> {
    /// The term: the token after the enabled steps (e.g. `"secur"` for `"Security"`).
    pub text: &'a str,
    /// Where the token the term came from is in the input text, in bytes.
    pub span: Span,
    /// Index of the token among the input's word and number tokens, stop words included, so
    /// that two terms are adjacent in the text exactly when their positions differ by one.
    pub position: u32,
}

/// A [`Term`] that owns its text, for callers that keep terms beyond the next one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OwnedTerm {
    /// The term text.
    pub text: String,
    /// Where the token the term came from is in the input text, in bytes.
    pub span: Span,
    /// Index of the token among the input's word and number tokens.
    pub position: u32,
}

/// What a token is to the analysis, as reported by [`Analyzer::for_each_token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenRole {
    /// A word or number that [`Analyzer::for_each_term`] yields as a term.
    Term,
    /// A word the analyzer drops as a stop word (only when stop words are removed).
    StopWord,
    /// Anything that is not a term or a stop word: punctuation, symbols, URLs, e-mail
    /// addresses, handles, and numbers when numbers are not kept. Phrases do not run across
    /// these.
    Break,
}

/// One token of the analysed text with its role; see [`Analyzer::for_each_token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyzedToken<'a> {
    /// What the token is to the analysis.
    pub role: TokenRole,
    /// For a [`TokenRole::Term`], the term (exactly what [`Analyzer::for_each_term`] yields);
    /// for a [`TokenRole::StopWord`], the normalised word; for a [`TokenRole::Break`], the
    /// token's original text.
    pub text: &'a str,
    /// Where the token is in the input text, in bytes.
    pub span: Span,
    /// The tokenizer's kind of the token.
    pub kind: TokenKind,
    /// For terms and stop words, the token's index among the word and number tokens (as in
    /// [`Term::position`]); for breaks, the index the next word or number token will have.
    pub position: u32,
}

/// Turns text into terms: tokens → normalised → stop words dropped → stemmed.
///
/// Stems are memoised (at most [`STEM_CACHE_CAPACITY`] distinct words; the cache is cleared
/// when full), because stemming dominates the cost and news vocabulary is Zipfian.
///
/// An `Analyzer` keeps scratch space and a stem cache, so its methods take `&mut self`; clone
/// it (cheap: the cache starts empty) to analyse on several threads.
#[derive(Debug)]
pub struct Analyzer {
    options: AnalyzerOptions,
    stemmer: Stemmer,
    stop_words: &'static StopWords,
    word_cache: WordCache,
    normalized: String,
}

impl Clone for Analyzer {
    fn clone(&self) -> Self {
        Self::with_options(self.options).with_stem_cache_capacity(self.word_cache.capacity)
    }
}

impl Analyzer {
    /// An analyzer with every step on for `language`.
    #[must_use]
    pub fn new(language: Language) -> Self {
        Self::with_options(AnalyzerOptions::new(language))
    }

    /// An analyzer running the steps `options` enables.
    #[must_use]
    pub fn with_options(options: AnalyzerOptions) -> Self {
        Self {
            options,
            stemmer: Stemmer::new(options.language),
            stop_words: StopWords::for_language(options.language),
            word_cache: WordCache::default(),
            normalized: String::new(),
        }
    }

    /// The same analyzer with a word cache (what each written word becomes: its stem, or
    /// that it is a stop word) of at most `words` distinct words (default
    /// [`STEM_CACHE_CAPACITY`]; at least 1).
    ///
    /// A long-lived analyzer that sees an endless stream of new words (a server's, as news
    /// brings new names) holds about 70 bytes per cached word until the cache is full: a
    /// smaller cache bounds that memory, at the price of re-stemming rare words.
    #[must_use]
    pub fn with_stem_cache_capacity(mut self, words: usize) -> Self {
        self.word_cache = WordCache::with_capacity(words);
        self
    }

    /// The options this analyzer runs with.
    #[must_use]
    pub const fn options(&self) -> &AnalyzerOptions {
        &self.options
    }

    /// Calls `on_term` with each term of `text`, in text order, without allocating per term:
    /// the [`TokenRole::Term`] tokens of [`for_each_token`](Self::for_each_token).
    pub fn for_each_term(&mut self, text: &str, mut on_term: impl FnMut(Term<'_>)) {
        self.for_each_token(text, |token| {
            if token.role == TokenRole::Term {
                on_term(Term {
                    text: token.text,
                    span: token.span,
                    position: token.position,
                });
            }
        });
    }

    /// Calls `on_token` with every token of `text`, in text order, marked as a term, a stop
    /// word or a break, without allocating per token.
    ///
    /// Its terms are what [`for_each_term`](Self::for_each_term) yields; the other tokens are
    /// what phrase-level work (keyphrases) needs around them: which dropped words were stop
    /// words, and where punctuation interrupts the text.
    ///
    /// ```
    /// use lede_stem::Language;
    /// use lede_tfidf::{Analyzer, TokenRole};
    ///
    /// let mut analyzer = Analyzer::new(Language::English);
    /// let mut roles = Vec::new();
    /// analyzer.for_each_token("The Coalition, of course.", |token| {
    ///     roles.push((token.text.to_owned(), token.role));
    /// });
    /// assert_eq!(roles, [
    ///     ("the".to_owned(), TokenRole::StopWord),
    ///     ("coalit".to_owned(), TokenRole::Term),
    ///     (",".to_owned(), TokenRole::Break),
    ///     ("of".to_owned(), TokenRole::StopWord),
    ///     ("cours".to_owned(), TokenRole::Term),
    ///     (".".to_owned(), TokenRole::Break),
    /// ]);
    /// ```
    pub fn for_each_token(&mut self, text: &str, mut on_token: impl FnMut(AnalyzedToken<'_>)) {
        let mut position: u32 = 0;
        for token in tokenize(text) {
            let is_term_kind = match token.kind {
                TokenKind::Word => true,
                TokenKind::Number => self.options.keep_numbers,
                _ => false,
            };
            if !is_term_kind {
                if token.kind == TokenKind::Number {
                    position = position.saturating_add(1);
                }
                on_token(AnalyzedToken {
                    role: TokenRole::Break,
                    text: token.text,
                    span: token.span,
                    kind: token.kind,
                    position,
                });
                continue;
            }
            let this_position = position;
            position = position.saturating_add(1);

            let options = self.options;
            let (role, term_text) = if token.kind == TokenKind::Word {
                // What a word becomes depends on its text alone: cached by the text as
                // written, so that a repeated word skips every step.
                let (stemmer, stop_words, normalized) =
                    (&self.stemmer, self.stop_words, &mut self.normalized);
                self.word_cache.analyse(token.text, |written, out| {
                    let word = if options.normalize {
                        normalize_into(written, normalized);
                        normalized.as_str()
                    } else {
                        written
                    };
                    if options.remove_stop_words && stop_words.contains(word) {
                        out.push_str(word);
                        TokenRole::StopWord
                    } else {
                        if options.stem {
                            out.push_str(&stemmer.stem(word));
                        } else {
                            out.push_str(word);
                        }
                        TokenRole::Term
                    }
                })
            } else {
                // Numbers: normalised, never stemmed; too varied to be worth caching.
                let word: &str = if options.normalize {
                    normalize_into(token.text, &mut self.normalized);
                    &self.normalized
                } else {
                    token.text
                };
                if options.remove_stop_words && self.stop_words.contains(word) {
                    (TokenRole::StopWord, word)
                } else {
                    (TokenRole::Term, word)
                }
            };
            on_token(AnalyzedToken {
                role,
                text: term_text,
                span: token.span,
                kind: token.kind,
                position: this_position,
            });
        }
    }

    /// The terms of `text`, owned; convenient where speed matters less than simplicity.
    #[must_use]
    pub fn terms(&mut self, text: &str) -> Vec<OwnedTerm> {
        let mut terms = Vec::new();
        self.for_each_term(text, |term| {
            terms.push(OwnedTerm {
                text: term.text.to_owned(),
                span: term.span,
                position: term.position,
            });
        });
        terms
    }
}

/// Memoised analysis of words as written: word → its role (term or stop word) and its
/// output (the stem, or the normalised stop word), every output stored once in one growing
/// buffer.
///
/// A hit costs one hash lookup and no allocation; the map stores ranges into `outputs`
/// rather than the outputs themselves so that a hit can return a borrow without a second
/// lookup.
#[derive(Debug)]
struct WordCache {
    ranges: FxHashMap<Box<str>, (TokenRole, usize, usize)>,
    outputs: String,
    /// The most distinct words held.
    capacity: usize,
}

impl Default for WordCache {
    fn default() -> Self {
        Self::with_capacity(STEM_CACHE_CAPACITY)
    }
}

impl WordCache {
    fn with_capacity(words: usize) -> Self {
        Self {
            ranges: FxHashMap::default(),
            outputs: String::new(),
            capacity: words.max(1),
        }
    }

    /// The most bytes of outputs held: 16 per word on average, at most [`STEM_CACHE_BYTES`].
    fn byte_capacity(&self) -> usize {
        self.capacity.saturating_mul(16).min(STEM_CACHE_BYTES)
    }

    /// The role and output of `word`, from the cache, or from `analyse` (which appends the
    /// output to the buffer it is given and returns the role) and remembered.
    fn analyse<'c>(
        &'c mut self,
        word: &str,
        analyse: impl FnOnce(&str, &mut String) -> TokenRole,
    ) -> (TokenRole, &'c str) {
        let (role, start, end) = match self.ranges.get(word) {
            Some(&entry) => entry,
            None => {
                // Bounded in entries and in bytes, so hostile input cannot grow it without
                // limit; clearing only costs analysing again.
                if self.ranges.len() >= self.capacity || self.outputs.len() >= self.byte_capacity()
                {
                    self.ranges.clear();
                    self.outputs.clear();
                }
                let start = self.outputs.len();
                let role = analyse(word, &mut self.outputs);
                let entry = (role, start, self.outputs.len());
                self.ranges.insert(word.into(), entry);
                entry
            }
        };
        (role, self.outputs.get(start..end).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term_texts(analyzer: &mut Analyzer, text: &str) -> Vec<String> {
        analyzer.terms(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn a_small_stem_cache_stays_small_and_stems_the_same() {
        let mut small = Analyzer::new(Language::English).with_stem_cache_capacity(3);
        let mut large = Analyzer::new(Language::English);
        let text = "running runners ran guarantees guaranteed security secure talks talked";
        assert_eq!(term_texts(&mut small, text), term_texts(&mut large, text));
        assert!(small.word_cache.ranges.len() <= 3);
        assert!(large.word_cache.ranges.len() > 3);
        // Clones keep the capacity.
        assert_eq!(small.clone().word_cache.capacity, 3);
    }

    #[test]
    fn full_pipeline_drops_stop_words_and_stems() {
        let mut analyzer = Analyzer::new(Language::English);
        let text = "The leaders discussed Security Guarantees for Ukraine’s defence.";
        assert_eq!(
            term_texts(&mut analyzer, text),
            ["leader", "discuss", "secur", "guarante", "ukrain", "defenc"]
        );
    }

    #[test]
    fn spans_point_at_the_original_tokens() {
        let mut analyzer = Analyzer::new(Language::English);
        let text = "Leaders met in Paris.";
        let terms = analyzer.terms(text);
        let sources: Vec<&str> = terms.iter().map(|t| &text[t.span.range()]).collect();
        assert_eq!(sources, ["Leaders", "met", "Paris"]);
    }

    #[test]
    fn positions_count_stop_words_so_adjacency_is_visible() {
        let mut analyzer = Analyzer::new(Language::English);
        let terms = analyzer.terms("Coalition of the Willing met");
        let positions: Vec<u32> = terms.iter().map(|t| t.position).collect();
        // "of" and "the" are dropped but still occupy positions 1 and 2.
        assert_eq!(positions, [0, 3, 4]);
    }

    #[test]
    fn steps_can_be_switched_off() {
        let options = AnalyzerOptions {
            remove_stop_words: false,
            stem: false,
            ..AnalyzerOptions::new(Language::English)
        };
        let mut analyzer = Analyzer::with_options(options);
        assert_eq!(term_texts(&mut analyzer, "The Leaders"), ["the", "leaders"]);

        let raw = AnalyzerOptions {
            normalize: false,
            ..options
        };
        let mut analyzer = Analyzer::with_options(raw);
        assert_eq!(term_texts(&mut analyzer, "The Leaders"), ["The", "Leaders"]);
    }

    #[test]
    fn numbers_are_kept_unstemmed_or_dropped_on_request() {
        let mut analyzer = Analyzer::new(Language::English);
        assert_eq!(
            term_texts(&mut analyzer, "90% of 35 leaders"),
            ["90%", "35", "leader"]
        );

        let mut analyzer = Analyzer::with_options(AnalyzerOptions {
            keep_numbers: false,
            ..AnalyzerOptions::default()
        });
        let terms = analyzer.terms("90% of 35 leaders");
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].text, "leader");
        assert_eq!(terms[0].position, 3);
    }

    #[test]
    fn cached_stems_equal_fresh_stems() {
        let mut analyzer = Analyzer::new(Language::English);
        let first = term_texts(&mut analyzer, "running runs runner running");
        let again = term_texts(&mut analyzer, "running runs runner running");
        assert_eq!(first, again);
        assert_eq!(first, ["run", "run", "runner", "run"]);
    }

    #[test]
    fn for_each_token_yields_the_same_terms_as_for_each_term() {
        let text =
            "The “Coalition of the Willing” met 35 leaders — in Paris, at 3:45 p.m. (U.S. time).";
        for keep_numbers in [true, false] {
            let options = AnalyzerOptions {
                keep_numbers,
                ..AnalyzerOptions::default()
            };
            let mut analyzer = Analyzer::with_options(options);
            let terms = analyzer.terms(text);
            let mut from_tokens = Vec::new();
            let mut roles = Vec::new();
            analyzer.for_each_token(text, |token| {
                roles.push(token.role);
                if token.role == TokenRole::Term {
                    from_tokens.push(OwnedTerm {
                        text: token.text.to_owned(),
                        span: token.span,
                        position: token.position,
                    });
                }
            });
            assert_eq!(terms, from_tokens);
            assert_eq!(
                roles.iter().filter(|r| **r == TokenRole::StopWord).count(),
                5
            );
            assert!(roles.contains(&TokenRole::Break));
        }
    }

    #[test]
    fn other_languages_use_their_own_stop_words_and_stemmer() {
        let mut analyzer = Analyzer::new(Language::French);
        assert_eq!(
            term_texts(&mut analyzer, "Les garanties de sécurité"),
            ["garant", "sécur"]
        );
    }
}
