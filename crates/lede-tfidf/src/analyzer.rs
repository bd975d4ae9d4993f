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
    /// Whether a stop word contains an ASCII digit (none does in the shipped lists).
    stop_words_have_digits: bool,
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
        let stop_words = StopWords::for_language(options.language);
        Self {
            options,
            stemmer: Stemmer::new(options.language),
            stop_words,
            word_cache: WordCache::default(),
            normalized: String::new(),
            stop_words_have_digits: stop_words
                .iter()
                .any(|word| word.bytes().any(|b| b.is_ascii_digit())),
        }
    }

    /// The same analyzer with a word cache (what each written word becomes: its stem, or
    /// that it is a stop word) of at most `words` distinct words (default
    /// [`STEM_CACHE_CAPACITY`]; at least 1).
    ///
    /// A long-lived analyzer that sees an endless stream of new words (a server's, as news
    /// brings new names) holds about 100 bytes per cached word (a 32-byte slot in a table
    /// kept at most half full, and the output) until the cache is full: a smaller cache
    /// bounds that memory, at the price of re-stemming rare words.
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
        let options = self.options;
        for token in tokenize(text) {
            let is_term_kind = match token.kind {
                TokenKind::Word => true,
                TokenKind::Number => options.keep_numbers,
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
                // Numbers: normalised, never stemmed; too varied to be worth caching. Most
                // are already normal (lower-case ASCII without a backtick, which
                // `normalize` returns unchanged) and contain an ASCII digit, which no
                // shipped stop word does: those skip the copy and the stop-word lookup.
                let already_normal = token
                    .text
                    .bytes()
                    .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'`');
                let word: &str = if options.normalize && !already_normal {
                    normalize_into(token.text, &mut self.normalized);
                    &self.normalized
                } else {
                    token.text
                };
                let may_be_stop_word =
                    self.stop_words_have_digits || !word.bytes().any(|b| b.is_ascii_digit());
                if options.remove_stop_words && may_be_stop_word && self.stop_words.contains(word) {
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
/// A hit costs one hash lookup and no allocation. Nearly every word of news is at most 16
/// bytes long, and such a word is held *in* its slot, packed into two integers
/// ([`ShortKey`]): hashing it is one multiplication and comparing it two integer
/// comparisons, where a map keyed by strings hashes byte by byte and calls `memcmp`. Longer
/// words go to an ordinary map. Both store ranges into `outputs` rather than the outputs, so
/// that a hit can return a borrow without a second lookup.
#[derive(Debug)]
struct WordCache {
    /// Open addressing with linear probing over words of 1 to 16 bytes; its length is zero
    /// or a power of two, at most half full.
    slots: Vec<Slot>,
    /// Words of more than 16 bytes.
    long: FxHashMap<Box<str>, Entry>,
    /// How many words `slots` holds.
    short_len: usize,
    outputs: String,
    /// The most distinct words held.
    capacity: usize,
}

/// What the cache remembers of a word: its role and the range of its output in `outputs`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    role: TokenRole,
    start: u32,
    end: u32,
}

/// A word of 1 to 16 bytes as two integers and its length, which together determine it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortKey {
    a: u64,
    b: u64,
    len: u64,
}

impl ShortKey {
    /// The key of `word`, if it has 1 to 16 bytes.
    ///
    /// Its first and last 8 bytes (overlapping when shorter than 16) cover a word of 8 to 16
    /// bytes; the first and last 4 one of 4 to 7; bytes 0, len/2 and len-1 one of 1 to 3.
    /// With the length, the bytes covered determine the word.
    #[inline]
    fn new(word: &[u8]) -> Option<Self> {
        let len = word.len();
        let (a, b) = if let (Some(first), Some(last)) =
            (word.first_chunk::<8>(), word.last_chunk::<8>())
        {
            if len > 16 {
                return None;
            }
            (u64::from_le_bytes(*first), u64::from_le_bytes(*last))
        } else if let (Some(first), Some(last)) = (word.first_chunk::<4>(), word.last_chunk::<4>())
        {
            (
                u64::from(u32::from_le_bytes(*first)),
                u64::from(u32::from_le_bytes(*last)),
            )
        } else {
            let (&first, &last) = (word.first()?, word.last()?);
            let middle = word.get(len / 2).copied().unwrap_or_default();
            (
                u64::from(first) | u64::from(middle) << 8 | u64::from(last) << 16,
                0,
            )
        };
        Some(Self {
            a,
            b,
            len: len as u64,
        })
    }

    /// A hash of the key: one folded 64×64→128-bit multiplication.
    #[inline]
    fn hash(self) -> u64 {
        const K1: u64 = 0x243f_6a88_85a3_08d3;
        const K2: u64 = 0x1319_8a2e_0370_7344;
        let product = u128::from(self.a ^ K1) * u128::from(self.b ^ K2 ^ self.len.rotate_right(8));
        (product as u64) ^ ((product >> 64) as u64)
    }
}

/// One slot of the short-word table; `len == 0` marks it empty.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: ShortKey,
    entry: Entry,
}

impl Slot {
    const EMPTY: Self = Self {
        key: ShortKey { a: 0, b: 0, len: 0 },
        entry: Entry {
            role: TokenRole::Break,
            start: 0,
            end: 0,
        },
    };
}

impl Default for WordCache {
    fn default() -> Self {
        Self::with_capacity(STEM_CACHE_CAPACITY)
    }
}

impl WordCache {
    fn with_capacity(words: usize) -> Self {
        Self {
            slots: Vec::new(),
            long: FxHashMap::default(),
            short_len: 0,
            outputs: String::new(),
            capacity: words.max(1),
        }
    }

    /// How many distinct words the cache holds.
    fn len(&self) -> usize {
        self.short_len + self.long.len()
    }

    /// The most bytes of outputs held: 16 per word on average, at most [`STEM_CACHE_BYTES`].
    fn byte_capacity(&self) -> usize {
        self.capacity.saturating_mul(16).min(STEM_CACHE_BYTES)
    }

    /// The index of `key`'s slot: where it is, or the empty slot where it would go.
    /// `slots` must not be empty (its length is a power of two and it has an empty slot).
    #[inline]
    fn probe(slots: &[Slot], key: ShortKey) -> usize {
        let mask = slots.len().wrapping_sub(1);
        // Truncation is the point: the low bits index the table.
        #[allow(clippy::cast_possible_truncation)]
        let mut i = key.hash() as usize & mask;
        while let Some(slot) = slots.get(i) {
            if slot.key == key || slot.key.len == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
        i
    }

    /// The role and output of `word`, from the cache, or from `analyse` (which appends the
    /// output to the buffer it is given and returns the role) and remembered.
    #[inline]
    fn analyse<'c>(
        &'c mut self,
        word: &str,
        analyse: impl FnOnce(&str, &mut String) -> TokenRole,
    ) -> (TokenRole, &'c str) {
        let key = ShortKey::new(word.as_bytes());
        let found = match key {
            Some(key) if !self.slots.is_empty() => self
                .slots
                .get(Self::probe(&self.slots, key))
                .filter(|slot| slot.key.len != 0)
                .map(|slot| slot.entry),
            Some(_) => None,
            None => self.long.get(word).copied(),
        };
        let entry = match found {
            Some(entry) => entry,
            None => self.insert(word, key, analyse),
        };
        let range = entry.start as usize..entry.end as usize;
        (entry.role, self.outputs.get(range).unwrap_or_default())
    }

    /// Analyses `word` (not in the cache) and remembers it.
    #[inline(never)]
    fn insert(
        &mut self,
        word: &str,
        key: Option<ShortKey>,
        analyse: impl FnOnce(&str, &mut String) -> TokenRole,
    ) -> Entry {
        // Bounded in entries and in bytes, so hostile input cannot grow it without limit;
        // clearing only costs analysing again.
        if self.len() >= self.capacity || self.outputs.len() >= self.byte_capacity() {
            self.slots.fill(Slot::EMPTY);
            self.short_len = 0;
            self.long.clear();
            self.outputs.clear();
        }
        let start = self.outputs.len();
        let role = analyse(word, &mut self.outputs);
        // Outputs are bounded by STEM_CACHE_BYTES plus one word, far below u32::MAX; a word
        // whose range would not fit is simply not remembered.
        let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(self.outputs.len())) else {
            return Entry {
                role,
                start: 0,
                end: 0,
            };
        };
        let entry = Entry { role, start, end };
        match key {
            Some(key) => {
                if (self.short_len + 1) * 2 > self.slots.len() {
                    self.grow();
                }
                let i = Self::probe(&self.slots, key);
                if let Some(slot) = self.slots.get_mut(i) {
                    *slot = Slot { key, entry };
                    self.short_len += 1;
                }
            }
            None => {
                self.long.insert(word.into(), entry);
            }
        }
        entry
    }

    /// Doubles the short-word table (from 1,024 slots), re-inserting what it holds.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1 << 10);
        let old = std::mem::replace(&mut self.slots, vec![Slot::EMPTY; size]);
        for slot in old.into_iter().filter(|slot| slot.key.len != 0) {
            let i = Self::probe(&self.slots, slot.key);
            if let Some(free) = self.slots.get_mut(i) {
                *free = slot;
            }
        }
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
        assert!(small.word_cache.len() <= 3);
        assert!(large.word_cache.len() > 3);
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

    /// Every token of `text` as the pipeline defines it, each step run afresh (no cache, no
    /// short cut): the reference the cached analysis must equal.
    fn reference(options: AnalyzerOptions, text: &str) -> Vec<(TokenRole, String, Span, u32)> {
        let stemmer = Stemmer::new(options.language);
        let stop_words = StopWords::for_language(options.language);
        let mut out = Vec::new();
        let mut position: u32 = 0;
        for token in tokenize(text) {
            let term_kind = token.kind == TokenKind::Word
                || (token.kind == TokenKind::Number && options.keep_numbers);
            if !term_kind {
                if token.kind == TokenKind::Number {
                    position += 1;
                }
                out.push((
                    TokenRole::Break,
                    token.text.to_owned(),
                    token.span,
                    position,
                ));
                continue;
            }
            let word = if options.normalize {
                lede_tokenize::normalize(token.text).into_owned()
            } else {
                token.text.to_owned()
            };
            let entry = if options.remove_stop_words && stop_words.contains(&word) {
                (TokenRole::StopWord, word)
            } else if options.stem && token.kind == TokenKind::Word {
                (TokenRole::Term, stemmer.stem(&word).into_owned())
            } else {
                (TokenRole::Term, word)
            };
            out.push((entry.0, entry.1, token.span, position));
            position += 1;
        }
        out
    }

    fn analysed(analyzer: &mut Analyzer, text: &str) -> Vec<(TokenRole, String, Span, u32)> {
        let mut out = Vec::new();
        analyzer.for_each_token(text, |t| {
            out.push((t.role, t.text.to_owned(), t.span, t.position));
        });
        out
    }

    const WORDS: &[&str] = &[
        "the",
        "The",
        "THE",
        "a",
        "I",
        "of",
        "running",
        "Running",
        "runs",
        "security",
        "internationalisation",
        "Internationalization's",
        "counterrevolutionaries",
        "abcdefgh",
        "abcdefghi",
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
        "Kyiv’s",
        "café",
        "Straße",
        "U.S.",
        "long-term",
        "15,000",
        "90%",
        "2.2",
        "$5",
        "US$5",
        "€2",
        "£5m",
        "1990s",
        "30th",
        "B2B",
        "x",
        "xy",
        "xyz",
        "wxyz",
        "vwxyz",
        ",",
        ".",
        " ",
        "\n",
        "—",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 500, ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn cached_analysis_equals_the_reference(
            words in proptest::collection::vec(proptest::sample::select(WORDS), 0..40),
            separators in proptest::collection::vec(
                proptest::sample::select(&[" ", " ", "\n", ", ", "-", ""][..]), 40),
            capacity in proptest::prop_oneof![1usize..6, proptest::strategy::Just(1 << 18)],
            flags in 0u8..32,
        ) {
            let text: String = words
                .iter()
                .zip(&separators)
                .flat_map(|(word, separator)| [*word, *separator])
                .collect();
            let options = AnalyzerOptions {
                normalize: flags & 1 == 0,
                remove_stop_words: flags & 2 == 0,
                stem: flags & 4 == 0,
                keep_numbers: flags & 8 == 0,
                ..AnalyzerOptions::new(if flags & 16 == 0 {
                    Language::English
                } else {
                    Language::German
                })
            };
            let mut analyzer = Analyzer::with_options(options).with_stem_cache_capacity(capacity);
            let expected = reference(options, &text);
            // Twice: the first pass fills the cache, the second hits it.
            proptest::prop_assert_eq!(&analysed(&mut analyzer, &text), &expected);
            proptest::prop_assert_eq!(&analysed(&mut analyzer, &text), &expected);
            proptest::prop_assert!(analyzer.word_cache.len() <= capacity);
        }
    }

    #[test]
    fn short_keys_tell_every_short_word_apart() {
        let words = [
            "a",
            "b",
            "ab",
            "ba",
            "aa",
            "abc",
            "acb",
            "abcd",
            "abce",
            "abcdefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghijklmnop",
            "bbcdefghijklmnop",
            "abcdefghijklmnoq",
        ];
        for (i, x) in words.iter().enumerate() {
            for (j, y) in words.iter().enumerate() {
                let (kx, ky) = (ShortKey::new(x.as_bytes()), ShortKey::new(y.as_bytes()));
                assert_eq!(kx == ky, i == j, "{x} {y}");
            }
        }
        assert!(ShortKey::new(b"").is_none());
        assert!(ShortKey::new(b"abcdefghijklmnopq").is_none());
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
