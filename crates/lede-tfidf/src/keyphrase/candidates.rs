//! From a document to its tokens and candidate phrases, with their counts and occurrences.
//!
//! Everything lives in a [`Scratch`] that an extractor reuses from one document to the next,
//! so that after the first few documents nothing is allocated but the output: terms are
//! interned into a vocabulary that outlives documents, and per-document tables are indexed
//! by small local ids.

use lede_stem::Language;
use lede_tokenize::{Span, TokenKind, sentences};
use rustc_hash::FxHashMap;

use super::words::{WordClass, Words};
use super::{KeyphraseOptions, MAX_PHRASE_WORDS};
use crate::{Analyzer, TokenRole};

/// The vocabulary is cleared when it reaches this many terms, bounding memory on endless
/// streams of distinct words (it only costs re-interning).
const VOCABULARY_CAPACITY: usize = 1 << 18;

/// Marks a stop word in a candidate key, so that a stop word and a stem with the same
/// spelling differ.
const STOP_BIT: u32 = 1 << 31;

/// Pads candidate keys shorter than [`MAX_PHRASE_WORDS`].
const NO_TERM: u32 = u32::MAX;

/// What a token is to candidate generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// A content word: may start, end or be inside a candidate.
    Content,
    /// A number: may end or be inside a candidate, never start one.
    Number,
    /// A stop word: only inside a name-like candidate.
    Stop,
    /// Punctuation, symbols, addresses: no candidate crosses it.
    Break,
}

/// One token of the document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    /// The local id of the term or stop word ([`NO_TERM`] for breaks).
    pub(super) term: u32,
    pub(super) class: Class,
    pub(super) span: Span,
    /// The index of the token's sentence.
    pub(super) sentence: u32,
    /// Whether the token starts with a capital letter.
    pub(super) upper: bool,
    /// Whether that capital (or its absence) says anything: not the first word of a sentence
    /// or after an opening quote or colon, not in a title-cased headline.
    pub(super) informative: bool,
    /// Whether the token is a stop word that joins the parts of names ("of", "the", "de").
    pub(super) connector: bool,
    /// Whether the token is a preposition that forms compound nouns in a Romance language
    /// ("garanties de sécurité").
    pub(super) compound: bool,
    /// Whether the word is no keyphrase alone: a capitalised weekday or month, a time word,
    /// a word of attribution, a generic word ([`Words`]), a lower-case gerund
    /// ([`Words::is_gerund_shape`]) or a short word in capitals that is no initialism ("ST").
    pub(super) minor: bool,
    /// Whether the word is a lower-case past form in -ed: after a name it is its verb.
    pub(super) past: bool,
    /// Whether the word is a lower-case gerund ([`Words::is_gerund_shape`]), which does not
    /// start a keyphrase: "deploying peacekeeping troops" is a verb phrase.
    pub(super) gerund: bool,
    /// Whether the word has the shape of an adverb ([`Words::is_adverb`]); the candidate
    /// decides with the term's capitals, as names can have that shape too ("Beverly").
    pub(super) adverb: bool,
    /// Whether the word is hyphenated ("long-term", "e-commerce").
    pub(super) hyphenated: bool,
    /// Whether the word is a verb of the word table ([`Words::is_verb`]); in lower case such
    /// a word is a [`Class::Stop`] already, so this marks capitalised ones ("Meet" opening a
    /// sentence), which the candidate judges by the term's capitals.
    pub(super) verb: bool,
    /// Whether the word has the shape of an adjective or participle
    /// ([`Words::is_modifier_shape`]): it may modify but not end a keyphrase, when the term is
    /// never capitalised where capitals inform.
    pub(super) modifier: bool,
    /// Whether the word is a title ("President", "Prime Minister"; [`Words`]).
    pub(super) title: bool,
    /// Whether the word has the shape of a demonym ([`is_demonym_shape`]) or of an adjective
    /// in -ant or -ent ([`is_ant_ent_shape`]): it does not end a keyphrase when the term
    /// mostly modifies the next word.
    pub(super) demonym: bool,
    /// Whether the word is a quantity compound ("30-day"), which modifies and does not end a
    /// keyphrase ([`is_quantity`]).
    pub(super) quantity: bool,
    /// Whether the word ends with a possessive ("Ukraine’s").
    pub(super) possessive: bool,
    /// Whether the word is written in capitals only (an acronym such as "NATO" or "U.S.").
    pub(super) acronym: bool,
    /// The word's length in characters (possessive ending left out), at most 255.
    pub(super) chars: u8,
}

/// What the document says about one term.
#[derive(Debug, Clone, Copy)]
pub(super) struct TermInfo {
    /// The term's id in the vocabulary.
    pub(super) global: u32,
    /// Informative occurrences with and without a capital.
    pub(super) upper: u32,
    pub(super) lower: u32,
    /// The term's IDF raised to the power `α`, computed on first use ([`f64::NAN`] before).
    pub(super) idf: f64,
    /// Occurrences as a content word, and how many of them are directly followed by another
    /// content word or number of the same phrase, as an attributive modifier is ("long-term
    /// guarantees"); a possessive ("Ukraine’s defence") is not counted as one.
    pub(super) occurrences: u32,
    pub(super) attributive: u32,
}

/// A candidate phrase of the document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    /// Number of words, stop words included.
    pub(super) len: u8,
    /// Where its first occurrence starts, in tokens.
    pub(super) first_token: u32,
    /// How many times it occurs.
    pub(super) count: u32,
    /// Its score (0 when it does not qualify).
    pub(super) score: f64,
}

/// One occurrence of a candidate: its tokens `start..=end`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Occurrence {
    pub(super) candidate: u32,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// Reusable working space; see the module documentation.
#[derive(Debug, Default, Clone)]
pub(super) struct Scratch {
    vocabulary: FxHashMap<Box<str>, u32>,
    pub(super) vocabulary_texts: Vec<Box<str>>,
    /// Per vocabulary id: the document generation it was last seen in, and its local id.
    local_of: Vec<(u32, u32)>,
    generation: u32,
    pub(super) terms: Vec<TermInfo>,
    pub(super) tokens: Vec<Tok>,
    keys: FxHashMap<[u32; MAX_PHRASE_WORDS], u32>,
    pub(super) candidates: Vec<Candidate>,
    pub(super) occurrences: Vec<Occurrence>,
    /// The lower-case form of the current token, for the word table.
    lower: String,
}

impl Scratch {
    /// Analyses `document` into tokens, terms, candidates and occurrences, replacing what
    /// the scratch held.
    pub(super) fn analyse(
        &mut self,
        analyzer: &mut Analyzer,
        document: &str,
        options: &KeyphraseOptions,
    ) {
        self.start_document();
        let max_words = options.max_words.clamp(1, MAX_PHRASE_WORDS);
        let words = Words::for_language(analyzer.options().language);
        let romance = matches!(
            analyzer.options().language,
            Language::French
                | Language::Italian
                | Language::Portuguese
                | Language::Romanian
                | Language::Spanish
        );
        for (index, sentence) in sentences(document).enumerate() {
            let sentence_index = u32::try_from(index).unwrap_or(u32::MAX);
            let first = self.tokens.len();
            let offset = sentence.span.start;
            let mut after_opening = true;
            analyzer.for_each_token(sentence.text, |token| {
                let span = Span::new(token.span.start + offset, token.span.end + offset);
                let source = &document[span.range()];
                let bare = &source[..source.len() - possessive_len(source)];
                let upper = source.chars().next().is_some_and(char::is_uppercase);
                // The table and the adverb shape are ASCII.
                let (word_class, adverb, verb, modifier, demonym, gerund, past) = match words {
                    Some(words)
                        if token.role == TokenRole::Term
                            && token.kind == TokenKind::Word
                            && bare.is_ascii() =>
                    {
                        self.lower.clear();
                        self.lower.push_str(bare);
                        self.lower.make_ascii_lowercase();
                        let lower = self.lower.as_str();
                        (
                            words.class(lower),
                            words.is_adverb(lower),
                            words.is_verb(lower),
                            words.is_modifier_shape(lower) || is_hyphenated_participle(lower),
                            (upper && is_demonym_shape(bare))
                                || (!upper && is_ant_ent_shape(lower)),
                            !upper
                                && words.is_gerund_shape(lower.rsplit('-').next().unwrap_or(lower)),
                            !upper && lower.ends_with("ed") && words.is_modifier_shape(lower),
                        )
                    }
                    _ => (None, false, false, false, false, false, false),
                };
                // Tickers and company suffixes ("ST", "AB"): short capitals not listed as an
                // initialism.
                let fragment = upper
                    && words.is_some()
                    && word_class != Some(WordClass::Initialism)
                    && is_acronym(bare)
                    && bare.chars().filter(|c| c.is_alphabetic()).count() <= 2;
                let minor = fragment
                    || gerund
                    || match word_class {
                        Some(WordClass::Calendar) => upper,
                        Some(WordClass::Time | WordClass::Reporting | WordClass::Generic) => true,
                        _ => false,
                    };
                let class = match token.role {
                    TokenRole::Break => Class::Break,
                    TokenRole::StopWord => Class::Stop,
                    TokenRole::Term if token.kind == TokenKind::Number => Class::Number,
                    TokenRole::Term if is_quantity(source) => Class::Number,
                    TokenRole::Term if is_abbreviation(source) => Class::Stop,
                    TokenRole::Term if word_class == Some(WordClass::Function) => Class::Stop,
                    // People write noun phrases: a verb ends any candidate ("Leaders met").
                    TokenRole::Term if verb && !upper => Class::Stop,
                    TokenRole::Term => Class::Content,
                };
                let informative = !after_opening;
                after_opening = class == Class::Break && opens(source);
                let term = if class == Class::Break {
                    NO_TERM
                } else {
                    let local = self.intern(token.text);
                    if class == Class::Stop {
                        local | STOP_BIT
                    } else {
                        local
                    }
                };
                // A content word can be a connector too where the stop-word list lacks it
                // ("del" in "Vicente del Bosque"): it then ends no candidate.
                let connector = is_connector(token.text) && (class == Class::Stop || !upper);
                let compound = class == Class::Stop
                    && connector
                    && romance
                    && is_compound_preposition(token.text);
                self.tokens.push(Tok {
                    term,
                    class,
                    span,
                    sentence: sentence_index,
                    upper,
                    informative,
                    connector,
                    compound,
                    minor,
                    gerund,
                    past,
                    adverb,
                    hyphenated: bare.contains('-'),
                    verb,
                    modifier,
                    demonym,
                    title: word_class == Some(WordClass::Title),
                    possessive: bare.len() < source.len(),
                    quantity: class == Class::Number && bare.contains('-'),
                    acronym: upper && is_acronym(bare),
                    chars: u8::try_from(bare.chars().count()).unwrap_or(u8::MAX),
                });
            });
            self.finish_sentence(first);
            self.collect_candidates(first, max_words);
        }
    }

    fn start_document(&mut self) {
        if self.vocabulary.len() >= VOCABULARY_CAPACITY {
            self.vocabulary.clear();
            self.vocabulary_texts.clear();
            self.local_of.clear();
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Wrapped around: old stamps could collide with new ones.
            self.local_of.iter_mut().for_each(|entry| *entry = (0, 0));
            self.generation = 1;
        }
        self.terms.clear();
        self.tokens.clear();
        self.keys.clear();
        self.candidates.clear();
        self.occurrences.clear();
    }

    /// The local id of `text` in this document, interning it if new.
    fn intern(&mut self, text: &str) -> u32 {
        let global = match self.vocabulary.get(text) {
            Some(&global) => global,
            None => {
                let global = u32::try_from(self.vocabulary_texts.len()).unwrap_or(NO_TERM - 1);
                self.vocabulary.insert(text.into(), global);
                self.vocabulary_texts.push(text.into());
                self.local_of.push((0, 0));
                global
            }
        };
        let entry = &mut self.local_of[global as usize];
        if entry.0 != self.generation {
            let local = u32::try_from(self.terms.len()).unwrap_or(NO_TERM - 1);
            *entry = (self.generation, local);
            self.terms.push(TermInfo {
                global,
                upper: 0,
                lower: 0,
                idf: f64::NAN,
                occurrences: 0,
                attributive: 0,
            });
        }
        entry.1
    }

    /// Decides which capitals of the sentence starting at token `first` are informative,
    /// and counts them per term.
    fn finish_sentence(&mut self, first: usize) {
        let sentence = &mut self.tokens[first..];
        // The first word says nothing by its capital.
        if let Some(token) = sentence.iter_mut().find(|t| t.class != Class::Break) {
            token.informative = false;
        }
        // A title-cased headline ("Former Lois Lane Kidder Praises Adams Casting") says
        // nothing either: every content word is capitalised.
        let mut content = 0;
        let mut capitalised = 0;
        for token in sentence.iter().filter(|t| t.class == Class::Content) {
            content += 1;
            capitalised += usize::from(token.upper);
        }
        let title_case = content >= 3 && capitalised == content;
        for (index, token) in sentence.iter().enumerate() {
            if token.class != Class::Content {
                continue;
            }
            let modifies = !token.possessive
                && sentence
                    .get(index + 1)
                    .is_some_and(|next| matches!(next.class, Class::Content | Class::Number));
            let term = &mut self.terms[token.term as usize];
            term.occurrences += 1;
            term.attributive += u32::from(modifies);
        }
        for token in sentence.iter_mut() {
            if title_case || token.class == Class::Break {
                token.informative = false;
            }
            if token.informative && token.class == Class::Content {
                let term = &mut self.terms[token.term as usize];
                if token.upper {
                    term.upper += 1;
                } else {
                    term.lower += 1;
                }
            }
        }
    }

    /// Adds the candidates of the sentence whose tokens start at `first`.
    fn collect_candidates(&mut self, first: usize, max_words: usize) {
        let end = self.tokens.len();
        for start in first..end {
            let head = self.tokens[start];
            if head.class != Class::Content || head.gerund {
                continue;
            }
            let mut key = [NO_TERM; MAX_PHRASE_WORDS];
            let mut inner_stop = false;
            for (offset, last) in (start..end.min(start + max_words)).enumerate() {
                let token = self.tokens[last];
                key[offset] = token.term;
                match token.class {
                    Class::Break => break,
                    Class::Stop => {
                        // Only names keep inner stop words, and only lower-case connectors;
                        // Romance languages also form common nouns with "de".
                        if token.upper || !token.connector || !(head.upper || token.compound) {
                            break;
                        }
                        inner_stop = true;
                    }
                    Class::Content | Class::Number => {
                        // A possessive ends a common noun phrase: "Adebayor's official
                        // Instagram account" holds "official Instagram account", not
                        // "Adebayor's official"; names keep it ("Crabbie's Grand National").
                        if offset > 0 {
                            let before = self.tokens[last - 1];
                            if before.possessive && !(before.upper && token.upper) {
                                break;
                            }
                        }
                        if inner_stop
                            && !(token.class == Class::Content && (token.upper || !head.upper))
                        {
                            continue;
                        }
                        // A past form right after a name is its verb ("Guffick asked pupils").
                        if offset > 0 && token.past && !token.hyphenated {
                            let before = self.tokens[last - 1];
                            if before.class == Class::Content && before.upper && before.informative
                            {
                                break;
                            }
                        }
                        // "Augusta on Friday" is a place and a day, not a name.
                        if inner_stop && token.minor {
                            break;
                        }
                        if token.class == Class::Content && token.connector {
                            continue;
                        }
                        if self.cuts_name(start, last, end) {
                            continue;
                        }
                        self.add_occurrence(key, start, last);
                    }
                }
            }
        }
    }

    /// Whether the phrase of tokens `start..=last` (in a sentence ending before token
    /// `end`) ends inside a name ("President Emmanuel" of "President Emmanuel Macron") or
    /// attaches a name to a lower-case word ("singer Bruno Mars", "pop star Michael").
    fn cuts_name(&self, start: usize, last: usize, end: usize) -> bool {
        let (head, tail) = (self.tokens[start], self.tokens[last]);
        let tail_in_name = tail.class == Class::Content && tail.upper;
        if !tail_in_name {
            return false;
        }
        let next_in_name = self.tokens.get(last + 1).is_some_and(|next| {
            last + 1 < end && next.class == Class::Content && next.upper && next.informative
        });
        let lower_head = head.informative && !head.upper;
        next_in_name || (lower_head && tail.informative)
    }

    fn add_occurrence(&mut self, key: [u32; MAX_PHRASE_WORDS], start: usize, end: usize) {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX);
        let next = u32::try_from(self.candidates.len()).unwrap_or(u32::MAX);
        let index = *self.keys.entry(key).or_insert(next);
        if index == next {
            self.candidates.push(Candidate {
                len: u8::try_from(end - start + 1).unwrap_or(u8::MAX),
                first_token: start,
                count: 0,
                score: 0.0,
            });
        }
        self.candidates[index as usize].count += 1;
        self.occurrences.push(Occurrence {
            candidate: index,
            start,
            end,
        });
    }
}

/// The length in bytes of a possessive ending of `word` (`'s`, `’s`, or the apostrophe of
/// `leaders'`), which a keyphrase leaves out: "Ukraine’s" is an occurrence of "Ukraine".
pub(super) fn possessive_len(word: &str) -> usize {
    for apostrophe in ['\'', '’'] {
        let width = apostrophe.len_utf8();
        if let Some(rest) = word.strip_suffix(['s', 'S'])
            && rest.len() > width
            && rest.ends_with(apostrophe)
        {
            return width + 1;
        }
        if let Some(rest) = word.strip_suffix(apostrophe)
            && rest.ends_with(['s', 'S'])
        {
            return width;
        }
    }
    0
}

/// Whether a capitalised word has the shape of a demonym, an adjective of nationality
/// ("Ukrainian", "European", "Chinese", "British"): in -an, -ese or -ish. Names have these
/// endings too ("Jordan", "Tehran"), so the candidate also asks whether the word mostly
/// modifies the next one.
fn is_demonym_shape(word: &str) -> bool {
    word.len() >= 5
        && word.is_ascii()
        && ["an", "ese", "ish"]
            .iter()
            .any(|suffix| word.ends_with(suffix))
        && !word.bytes().skip(1).any(|b| b.is_ascii_uppercase())
}

/// Whether a lower-case hyphenated word ends with a participle ("fact-checked",
/// "European-led", "long-awaited"): a compound modifier, whatever the case of its first part.
fn is_hyphenated_participle(lower: &str) -> bool {
    lower
        .rsplit_once('-')
        .is_some_and(|(_, last)| last.len() >= 3 && last.ends_with("ed"))
}

/// Whether a lower-case word has the shape of an adjective in -ant or -ent ("significant",
/// "relevant", "different"), seven letters or more. Nouns share it ("government",
/// "participant"), so the candidate asks whether the word mostly modifies the next one.
fn is_ant_ent_shape(lower: &str) -> bool {
    lower.len() >= 7 && (lower.ends_with("ant") || lower.ends_with("ent"))
}

/// Whether a word is written in capitals only, with at least two letters: an acronym or
/// initialism ("NATO", "EU", "U.S.").
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
        && !word.chars().any(char::is_lowercase)
}

/// Whether a punctuation token opens a quotation or introduces speech, after which a capital
/// letter is the convention rather than a sign of a name.
fn opens(punctuation: &str) -> bool {
    matches!(punctuation, "\"" | "“" | "‘" | "«" | "„" | ":" | "(" | "[")
}

/// Whether a (normalised) stop word joins the parts of names: `Coalition of the Willing`,
/// `Bank of England`, `Banque de France`, `Ludwig van Beethoven`, `Council on Foreign
/// Relations`. Conjunctions are left out on purpose: `Facebook and Twitter` is two names.
fn is_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "the"
            | "for"
            | "on"
            | "de"
            | "la"
            | "le"
            | "les"
            | "du"
            | "des"
            | "del"
            | "della"
            | "van"
            | "von"
            | "der"
            | "den"
            | "da"
            | "di"
            | "do"
            | "dos"
            | "das"
            | "y"
            | "al"
            | "el"
    )
}

/// Whether a word is a quantity compound such as `30-day`, `53-year-old` or `50-car`: it
/// describes an amount, like a number, and does not start a keyphrase.
fn is_quantity(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit()) && word.contains('-')
}

/// Whether a word is an abbreviation with a single, final period (`Mr.`, `Gen.`, `Tenn.`,
/// `Jan.`, `Inc.`): titles, months, states and company suffixes, which qualify a name but
/// are no keyphrase and do not start or end one. Initialisms (`U.S.`) have inner periods and
/// are words.
fn is_abbreviation(word: &str) -> bool {
    word.strip_suffix('.')
        .is_some_and(|stem| !stem.is_empty() && !stem.contains('.'))
}

/// Whether a connector is a preposition with which Romance languages form compound nouns:
/// French "garanties de sécurité", Italian "forze di pace",
/// Portuguese "acordo de paz".
fn is_compound_preposition(word: &str) -> bool {
    matches!(
        word,
        "de" | "di" | "da" | "do" | "du" | "des" | "del" | "della" | "dos" | "das"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_for(text: &str) -> Scratch {
        let mut scratch = Scratch::default();
        let mut analyzer = Analyzer::new(Language::English);
        scratch.analyse(&mut analyzer, text, &KeyphraseOptions::default());
        scratch
    }

    /// The candidates of `text` as source text, one entry per distinct candidate.
    fn candidates(text: &str) -> Vec<String> {
        let scratch = scratch_for(text);
        let mut found: Vec<String> = scratch
            .candidates
            .iter()
            .map(|c| {
                let first = scratch.tokens[c.first_token as usize].span.start;
                let last = scratch.tokens[c.first_token as usize + usize::from(c.len) - 1]
                    .span
                    .end;
                text[first..last].to_owned()
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn candidates_stay_inside_punctuation_and_between_content_words() {
        let found = candidates("Leaders met in Paris, France.");
        // "met" is a verb: no candidate has it.
        assert_eq!(found, ["France", "Leaders", "Paris"]);
    }

    #[test]
    fn names_keep_connectors_and_common_phrases_do_not() {
        let found = candidates("The Coalition of the Willing met. The end of the war came.");
        assert!(
            found.contains(&"Coalition of the Willing".to_owned()),
            "{found:?}"
        );
        assert!(!found.iter().any(|c| c.contains("of the war")), "{found:?}");
        let found = candidates("Facebook and Twitter grew.");
        assert!(
            !found.contains(&"Facebook and Twitter".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn names_are_not_cut_on_the_right_nor_attached_to_common_words() {
        let found =
            candidates("It said French President Emmanuel Macron and the singer Bruno Mars met.");
        for bad in [
            "President Emmanuel",
            "French President Emmanuel",
            "Emmanuel",
            "singer Bruno Mars",
        ] {
            assert!(!found.contains(&bad.to_owned()), "{bad} in {found:?}");
        }
        for good in [
            "Emmanuel Macron",
            "President Emmanuel Macron",
            "Macron",
            "Bruno Mars",
            "singer",
        ] {
            assert!(
                found.contains(&good.to_owned()),
                "{good} missing from {found:?}"
            );
        }
    }

    #[test]
    fn numbers_end_but_do_not_start_candidates() {
        let found = candidates("Apollo 11 landed. 35 countries and 30-day plans.");
        assert!(found.contains(&"Apollo 11".to_owned()), "{found:?}");
        assert!(
            found
                .iter()
                .all(|c| !c.starts_with(|ch: char| ch.is_ascii_digit())),
            "{found:?}"
        );
    }

    #[test]
    fn capitals_are_informative_only_inside_ordinary_sentences() {
        let headline = "Former Lois Lane Kidder Praises Adams Casting\n\n";
        let text = format!("{headline}The star met Lois. He said \"Great things\" happen.");
        let scratch = scratch_for(&text);
        let informative = |word: &str| {
            let start = text.rfind(word).unwrap_or(0);
            scratch
                .tokens
                .iter()
                .any(|t| t.span.start == start && t.informative)
        };
        // The title-cased headline says nothing ...
        assert!(scratch.tokens[..7].iter().all(|t| !t.informative));
        // ... nor does the first word of a sentence or the word after an opening quote.
        assert!(!informative("The") && !informative("He") && !informative("Great"));
        assert!(informative("star") && informative("Lois") && informative("things"));
    }

    #[test]
    fn word_shapes() {
        assert!(is_abbreviation("Mr.") && is_abbreviation("Tenn.") && !is_abbreviation("U.S."));
        assert!(!is_abbreviation(".") && !is_abbreviation("Paris"));
        assert!(is_quantity("30-day") && is_quantity("53-year-old") && !is_quantity("5G"));
        assert!(is_connector("of") && !is_connector("and"));
        assert!(is_compound_preposition("de") && !is_compound_preposition("the"));
        assert!(is_acronym("NATO") && is_acronym("U.S.") && is_acronym("EU"));
        assert!(!is_acronym("Kyiv") && !is_acronym("A") && !is_acronym("2025"));
    }

    #[test]
    fn word_classes_shapes_and_modifiers_are_marked() {
        let text = "On Thursday the long-term plan stood alongside NATO's reportedly long-term \
                    doubts. Macron met the march.";
        let scratch = scratch_for(text);
        let token = |word: &str| {
            *scratch
                .tokens
                .iter()
                .find(|t| text[t.span.range()].starts_with(word))
                .unwrap_or_else(|| panic!("{word} not found"))
        };
        assert!(token("Thursday").minor && !token("march").minor && token("plan").minor);
        assert_eq!(token("alongside").class, Class::Stop);
        assert!(token("reportedly").adverb && !token("Macron").adverb);
        let long_term = token("long-term");
        assert!(long_term.hyphenated && !token("plan").hyphenated);
        assert!(token("NATO").acronym && token("NATO").possessive && !token("Macron").acronym);
        assert_eq!((token("NATO").chars, token("Thursday").chars), (4, 8));
        // Both "long-term" modify the next word. Adjacency is all the proxy sees, but "stood"
        // is a verb, so "plan" does not count; "doubts" ends the sentence and "NATO's" is a
        // possessive.
        let info = |t: Tok| scratch.terms[t.term as usize];
        assert_eq!(
            (info(long_term).occurrences, info(long_term).attributive),
            (2, 2)
        );
        assert_eq!(info(token("plan")).attributive, 0, "plan stood");
        assert_eq!(info(token("doubts")).attributive, 0);
        assert_eq!(info(token("NATO")).attributive, 0);
    }

    #[test]
    fn the_vocabulary_outlives_documents_and_local_ids_restart() {
        let mut scratch = Scratch::default();
        let mut analyzer = Analyzer::new(Language::English);
        let options = KeyphraseOptions::default();
        scratch.analyse(&mut analyzer, "Ukraine and Greenland.", &options);
        let words = scratch.vocabulary_texts.len();
        scratch.analyse(&mut analyzer, "Greenland, Ukraine.", &options);
        assert_eq!(scratch.vocabulary_texts.len(), words);
        assert_eq!(scratch.terms.len(), 2);
        assert_eq!(scratch.tokens[0].term, 0, "local ids start again at 0");
    }
}
