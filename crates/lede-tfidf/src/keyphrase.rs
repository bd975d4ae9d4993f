//! Keyphrases: the phrases that say what a document is about, ranked against a corpus.
//!
//! # The model
//!
//! **Candidates.** The document is split into sentences ([`lede_tokenize::sentences`]) and
//! analysed ([`Analyzer::for_each_token`](crate::Analyzer::for_each_token)). A candidate is a
//! run of 1 to [`KeyphraseOptions::max_words`] (default 4) consecutive words inside one
//! sentence that
//!
//! * does not cross punctuation or symbols (commas, quotes, dashes, brackets: a phrase
//!   interrupted by them is not one phrase),
//! * starts and ends with a content word: not a stop word, not an abbreviation with a single
//!   final period (`Mr.`, `Gen.`, `Jan.`, `Inc.`; initialisms such as `U.S.` are words),
//! * does not start with a number or a quantity (`35 countries`, `15,000 troops`, `30-day
//!   truce`; a number alone is never a keyphrase) but may end with one (`Apollo 11`),
//! * keeps inner stop words only when it reads as a name: both end words capitalised and the
//!   stop words lower-case connectors (`of`, `the`, `for`, `on`, `de`, `van`, ...) as in
//!   `Coalition of the Willing` or `Bank of England`, never `and` (`Facebook and Twitter` is
//!   two names); Romance languages also form common nouns with `de`/`di`/`da`/`do`
//!   (`garanties de sécurité`),
//! * does not cut a name on the right (`President Emmanuel` or `President` in `President
//!   Emmanuel Macron`; English names end with their head, so `Emmanuel Macron` and `Macron`
//!   are fine) and does not attach a name to a lower-case word (`singer Bruno Mars`),
//! * reads as a keyphrase (English), that is as a noun phrase: an optional run of modifiers
//!   and a noun at the end (see *Noun phrases without a tagger* below for how that is told):
//!   - it contains no verb: a lower-case verb of the word table ("meet", "met", "seek",
//!     "took", "meets"), or a word in -ify, -ize, or -ise of eight letters or more
//!     ("solidify", "finalise"), ends every candidate as a stop word does, so "Leaders met"
//!     is none;
//!   - it contains no function word that the stop-word list misses (`alongside`,
//!     `including`) and no adverb (a lower-case word in -ly of six letters or more:
//!     `reportedly`);
//!   - it is not made only of words that are no keyphrase alone: weekdays and months
//!     (`Thursday`, but `Black Friday` is fine), time words (`recent`, `yesterday`, `last
//!     week`), words of attribution (`stated`, `statement`), generic nouns and nouns that
//!     are as often verbs (`plans`, `use`, `address`, `people`, `officials`: "peace plans"
//!     is fine), gerunds (a lower-case word in -ing of six letters or more, `convening`,
//!     unless listed as a noun: `bombing`, `funding`), and capitals of one or two letters
//!     that are no listed initialism (tickers and company suffixes, `ST`, `AB`; `EU`, `UN`
//!     are listed);
//!   - it does not end with a modifier: a lower-case word with the shape of an adjective
//!     (six letters or more in -al, -ive, -ous, -ful, -less, -able, -ible, -ic:
//!     `critical`, `territorial`) or of a participle (-ed: `deployed`, `fact-checked`),
//!     unless listed as a noun (`proposal`, `initiative`, `hundred`); a demonym (`Ukrainian`,
//!     `European`) or a lower-case word in -ant/-ent (`significant`) that modifies the next
//!     word in two of three occurrences or more; a quantity (`30-day`); or a number after a
//!     lower-case word (`approximately 75%`; `Apollo 11` is a name). So `armed forces`,
//!     `European leaders` and `significant step` are candidates and `armed`, `European` and
//!     `significant` are not;
//!   - it is not a compound modifier alone: a lower-case hyphenated word every occurrence of
//!     which modifies the next word (`long-term` in `long-term security guarantees`,
//!     `Oscar-winning actress`), as opposed to a hyphenated noun (`e-commerce`,
//!     `re-election`).
//!
//!   The word classes are closed classes and grammatical words, never topic words
//!   (`crates/lede-tfidf/data/keyphrase_words_en.txt` says why and lists them).
//!
//! **Noun phrases without a tagger.** People write noun phrases as keyphrases, and
//! noun-phrase gold sets (DUC-2001, Inspec) consist of them; the usual candidate is a
//! tagger's `adjective* noun+`. lede tags no parts of speech: a statistical tagger means a
//! model of megabytes and a data download (NLTK's perceptron, spaCy), or a tagged corpus to
//! build one from, for a decision it only needs at the edges of phrases. English marks most
//! of it on the surface instead: capitals (names), suffixes (-ly adverbs, -al/-ive/-ic
//! adjectives, -ed participles, -ify/-ise verbs, -ing gerunds, -an/-ese demonyms) and
//! position (a word that modifies the next one in most of its occurrences is a modifier).
//! What suffixes cannot tell, a small table can: about 300 common verbs that are next to
//! never nouns, 100 generic words, 170 nouns that have an adjective's, a participle's or a
//! gerund's shape, and 70 titles (the file is 13 KB, written by hand; every entry is a closed-class or grammatical
//! fact, so it needs no data to be rebuilt from). Words that are both nouns and verbs
//! ("attack", "talks") are left to be nouns: a keyphrase's head is far more often a noun.
//!
//! **Names.** A name of one word that is the last word of a full name introduced earlier
//! (or in the first sentences; a headline often has the surname alone) is shown as that
//! full name, with every mention: "Hewitt" as "Patricia Hewitt", "Macron" as "Emmanuel
//! Macron". The full name is the most frequent run of two words or more ending with the
//! surname whose words are all names, and no title or demonym ("Emmanuel Macron", not
//! "French President Emmanuel Macron"; titles are a class of the word table), the longer on
//! a tie ("Mahendra Singh Dhoni"). Inner connectors keep names whole ("Coalition of the
//! Willing", above). Spelling variants, phrases with the same letters and digits case aside
//! ("TimeWarner" and "Time Warner", "US" and "U.S."), are one keyphrase.
//!
//! Capitals count as evidence only where they are informative: not on the first word of a
//! sentence or after an opening quote or colon, and not in a title-cased headline ("Former
//! Lois Lane Kidder Praises Adams Casting"). Candidates are counted by their analysed form
//! (stems and stop words), so `security guarantee` and `Security Guarantees` are one
//! candidate. A phrase seen once is a candidate too: a noun phrase made of the document's
//! salient words ("divergent geopolitical challenges") is a keyphrase a person would write,
//! and the noun-phrase cues above keep out the runs of words that are not phrases ("reported
//! draft joint statement" was the reason phrases once had to recur).
//!
//! **Scores.** A candidate `p` with `k` content terms `t₁ … t_k`, occurring `count(p)` times,
//! first in sentence `s` (0 = the headline or first sentence), scores
//!
//! ```text
//! score(p) = count(p)^(1−λ) · (1 + γ / (1 + s)) · (tf(t₁)^λ · w(t₁) + … + tf(t_k)^λ · w(t_k)) / k^β
//!     w(t) = idf(t)^α · σ(t) · ℓ(t)
//!            with α = 3/4, β = 1/2, γ = 1, λ = 1/4, tf(t) the occurrences of t in the document,
//!            σ(t) = ((N − df(t) + 1) / N)^(3/2) in a corpus of N ≥ 2 documents, 1 otherwise,
//!            ℓ(t) = min(length(t), 10) / 10 for a common word, 7/10 for a name or a number
//! ```
//!
//! * `count · idf` is TF-IDF with the phrase as the unit. Raw counts rather than `1 + ln
//!   count`, because frequency is the strongest single sign of what a news story is about and
//!   because counts decide between a phrase and its parts.
//! * `idf` is smooth IDF on the corpus's document frequencies blended with the background
//!   table (see [`Blend`] and [`background`](crate::background)): five documents cannot tell
//!   "according" from "Greenland", forty thousand news stories can.
//! * `σ`, the spread of the term through the corpus (its own document frequency, without the
//!   background), says what *this* document adds to its corpus. A corpus on one story (the
//!   five seeds, all on the Paris summit on Ukraine) has words that every document names;
//!   against forty thousand unrelated news stories "Ukraine" and "Paris" look as specific
//!   as "Greenland" or "Hegseth", and the keyphrases of each document came out "Ukraine,
//!   Paris, Russia" five times over. With `σ`, a term in all five documents weighs
//!   `(1/5)^(3/2) ≈ 0.09` of a term in one, in two `0.51`; in a corpus of unrelated
//!   documents (449 news articles of every kind) almost every term is in few of them and
//!   `σ ≈ 1` (F1 moves by 0.1 there). The exponent 3/2 was chosen on the seeds, between 1
//!   (the shared names still fill half of each list) and 2 (the story's own subject is gone
//!   from every list).
//! * `α = 3/4` damps IDF. With a 40,000-document background, IDF runs from about 3 for
//!   common news words to 11.6 for a word the background never saw (a name mentioned once, a
//!   rare spelling); undamped, a name mentioned once outranks the subject of the story
//!   mentioned five times. Specificity should filter, frequency should rank.
//! * `ℓ` weighs a common word by its length in characters, up to 10. Word length follows
//!   information content (Zipf's law of abbreviation; Piantadosi, Tily and Gibson, PNAS
//!   2011: the length of a word tracks how much information it carries in context), so it
//!   is a prior for specificity that does not depend on the corpus: it tells "game", "show",
//!   "man" or "deal" from "hologram" or "bankruptcy" where IDF, blended from a background of
//!   other news, finds them alike. The length of a name or an acronym says nothing of the
//!   kind ("EU", "NATO", "Kyiv"), so names (capitalised in most of their informative
//!   occurrences), acronyms and numbers count as a word of 7 characters, about the average
//!   length of a content word in news. On the evaluation data (README) this weight did more
//!   for agreement with people's choices than any other setting: F1@10 +1.1 on the
//!   development half, +0.8 on the held-out half.
//! * `tf(t)^λ` lets a phrase borrow a quarter of its weight from how often its words occur
//!   on their own, as PositionRank (Florescu and Caragea, ACL 2017) scores a phrase by the sum
//!   of its words' scores: "official Instagram account", said once, stands for a story that
//!   says "Instagram" six times. For a single word `tf = count` and the score is TF-IDF.
//!   `λ = 1` (PositionRank's sum) filled the lists with long phrases of frequent words; `λ = 1/4`
//!   was chosen with `β` on the even halves of the evaluation sets (README).
//! * `k^β` with `β = 1/2` normalises length: two words that always occur together beat each
//!   word alone by `√2`. Noun-phrase gold (DUC-2001, the highlights of CNN/DailyMail) is
//!   four-fifths phrases of two words or more; `β = 3/4` kept lede under YAKE on multi-word
//!   gold, `β = 1` (the mean) under it further.
//! * The position prior `1 + γ / (1 + s)` reflects the inverted pyramid of news: what the
//!   headline and first sentences name is what the story is about. It doubles the weight of
//!   the headline and decays harmonically (×1.5, ×1.33, ... ×1.1 by the tenth sentence).
//!
//! There is no bonus for capitalised names beyond `ℓ` treating them as words of average
//! length: they already have high IDF, multiword names gain from the phrase weighting, and
//! on the development half of the evaluation data (see the repository's README) a name
//! bonus made the ranking agree less with people's choices.
//!
//! **Phrases over their parts.** Candidates are taken in score order. A candidate more than
//! half of whose occurrences lie inside one longer qualifying phrase that occurs at least
//! three times is shown as that phrase (repeatedly, up to four words): "guarantees", said
//! five times out of seven as "security guarantees", is shown as "security guarantees".
//!
//! **No redundancy.** A candidate is dropped when its occurrences overlap occurrences of a
//! phrase already taken, unless it stands on its own: at least as many of its occurrences,
//! and at least two, lie outside every phrase taken. So "French President Emmanuel" never
//! joins "Emmanuel Macron" and "security" goes after "security guarantees" when it is
//! rarely used alone; "Macron", mentioned alone throughout, is shown as "Emmanuel Macron"
//! (see *Names*) rather than beside it. The reverse is allowed: a phrase that occurs at
//! least twice may join a shorter keyphrase it contains ("Tottenham team" after
//! "Tottenham", "prison camp" after "camp"), since the phrase names what the word only
//! points at; an occurrence that merely contains a keyphrase taken does not count as an
//! overlap. On the development halves this moved multi-word noun-phrase F1@10 from 8.0 to
//! 11.3 (500N-KPCrowd) and from 10.9 to 16.2 (CNN/DM highlights), above YAKE on both, at a
//! cost of 1.2 points on 500N's crowd gold, which is three quarters single words.
//!
//! **Surface form.** Each keyphrase is shown as it is most often written in the document
//! (the earliest form wins a tie), counting only occurrences whose first word's capital is
//! informative, so a sentence-initial "Security guarantees" does not win over "security
//! guarantees"; a possessive ending is left out ("Ukraine’s" is an occurrence of "Ukraine").
//! It comes with its count and the byte span of every occurrence.
//!
//! # Example
//!
//! ```
//! use lede_stem::Language;
//! use lede_tfidf::KeyphraseExtractor;
//!
//! let documents = [
//!     "Leaders met in Paris to draft security guarantees for Ukraine. The security \
//!      guarantees would include a European-led force. Zelensky said the security \
//!      guarantees were nearly ready.",
//!     "Greenland is not for sale, Denmark said. Greenland's leaders rejected the offer.",
//! ];
//! let mut extractor = KeyphraseExtractor::new(Language::English);
//! let keyphrases = extractor.extract_all(&documents);
//! let first = &keyphrases[0];
//! assert_eq!(first[0].text, "security guarantees");
//! assert_eq!(first[0].count, 3);
//! let span = first[0].spans[0];
//! assert_eq!(&documents[0][span.range()], "security guarantees");
//! assert_eq!(keyphrases[1][0].text, "Greenland");
//! ```

mod candidates;
mod select;
mod words;

use lede_stem::Language;
use lede_tokenize::Span;
use rustc_hash::FxHashMap;

use crate::background::{Background, Blend};
use crate::{Analyzer, DocumentFrequencies};

/// The longest candidate phrase, in words (stop words included).
pub const MAX_PHRASE_WORDS: usize = 4;

/// A keyphrase of a document.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Keyphrase {
    /// The phrase as most often written in the document (original case; white space inside
    /// the phrase collapsed to single spaces).
    pub text: String,
    /// The phrase's score; comparable between the keyphrases of one document only.
    pub score: f64,
    /// How many times the phrase occurs in the document, in any case or inflection, as a
    /// phrase of its own (not where it only begins a longer name, like "U.S." in "U.S.
    /// Special Envoy Steve Witkoff").
    pub count: usize,
    /// The byte span of every occurrence, in text order (without a possessive ending).
    pub spans: Vec<Span>,
}

/// What [`KeyphraseExtractor`] returns and how it scores; see the
/// [module documentation](self) for the model.
///
/// Non-exhaustive, because options will grow: start from [`Default`] (or a constructor) and
/// set fields with the `with_*` builders (or assign them).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct KeyphraseOptions {
    /// How many keyphrases to return at most (default 10).
    pub top_k: usize,
    /// The longest candidate in words, stop words included; clamped to
    /// `1..=`[`MAX_PHRASE_WORDS`] (default 4).
    pub max_words: usize,
    /// How much the background table counts against the corpus: its counts are multiplied
    /// by this (default 1: each background document counts as one corpus document). See
    /// [`Blend`].
    pub background_weight: f64,
}

impl Default for KeyphraseOptions {
    fn default() -> Self {
        Self {
            top_k: 10,
            max_words: MAX_PHRASE_WORDS,
            background_weight: 1.0,
        }
    }
}

/// Builders: the struct is `#[non_exhaustive]` (options will grow), so code outside this
/// crate starts from [`Default`] and sets what it needs.
impl KeyphraseOptions {
    /// Sets [`top_k`](Self::top_k).
    #[must_use]
    pub const fn with_top_k(mut self, top_k: usize) -> Self {
        self.top_k = top_k;
        self
    }

    /// Sets [`max_words`](Self::max_words).
    #[must_use]
    pub const fn with_max_words(mut self, max_words: usize) -> Self {
        self.max_words = max_words;
        self
    }

    /// Sets [`background_weight`](Self::background_weight).
    #[must_use]
    pub const fn with_background_weight(mut self, background_weight: f64) -> Self {
        self.background_weight = background_weight;
        self
    }
}

/// Finds the keyphrases of documents; see the [module documentation](self).
///
/// The extractor keeps an [`Analyzer`] and scratch space, so its methods take `&mut self`;
/// clone it to work on several threads. The lifetime is the background table's: `'static`
/// for the shipped one.
#[derive(Debug, Clone)]
pub struct KeyphraseExtractor<'b> {
    analyzer: Analyzer,
    options: KeyphraseOptions,
    background: Option<&'b Background>,
    scratch: candidates::Scratch,
}

impl KeyphraseExtractor<'static> {
    /// An extractor for `language` with the default options and the shipped background
    /// table for that language, if there is one (English only; other languages rank against
    /// the corpus alone).
    #[must_use]
    pub fn new(language: Language) -> Self {
        Self::with_options(language, KeyphraseOptions::default())
    }

    /// An extractor for `language` with `options` and the shipped background table, if any.
    #[must_use]
    pub fn with_options(language: Language, options: KeyphraseOptions) -> Self {
        Self {
            analyzer: Analyzer::new(language),
            options,
            background: Background::for_language(language),
            scratch: candidates::Scratch::default(),
        }
    }
}

impl<'b> KeyphraseExtractor<'b> {
    /// Uses `background` instead of the shipped table (`None`: no background, the corpus's
    /// own statistics only).
    ///
    /// The table should count terms as this extractor's analyzer produces them (same language,
    /// all analysis steps on).
    #[must_use]
    pub fn with_background<'c>(self, background: Option<&'c Background>) -> KeyphraseExtractor<'c> {
        KeyphraseExtractor {
            analyzer: self.analyzer,
            options: self.options,
            background,
            scratch: self.scratch,
        }
    }

    /// The options in use.
    #[must_use]
    pub const fn options(&self) -> &KeyphraseOptions {
        &self.options
    }

    /// The background table in use, if any.
    #[must_use]
    pub const fn background(&self) -> Option<&'b Background> {
        self.background
    }

    /// The keyphrases of `document`, best first, ranked against `corpus` blended with the
    /// background table.
    ///
    /// `corpus` counts the documents of the collection `document` belongs to, and should
    /// include `document` itself (as [`extract_all`](Self::extract_all) does); its terms are
    /// analysed terms as the [`Analyzer`] with all steps on produces them.
    pub fn extract<C>(&mut self, document: &str, corpus: &C) -> Vec<Keyphrase>
    where
        C: DocumentFrequencies + ?Sized,
    {
        let blend = Blend::new(corpus, self.background).with_weight(self.options.background_weight);
        self.scratch
            .analyse(&mut self.analyzer, document, &self.options);
        select::rank(&mut self.scratch, document, &blend, &self.options)
    }

    /// The keyphrases of each of `documents`, the documents themselves being the corpus (and
    /// the background table blended in).
    pub fn extract_all<S: AsRef<str>>(&mut self, documents: &[S]) -> Vec<Vec<Keyphrase>> {
        let counts = self.count_documents(documents);
        documents
            .iter()
            .map(|document| self.extract(document.as_ref(), &counts))
            .collect()
    }

    /// Document frequencies of `documents`, as analysed by this extractor.
    fn count_documents<S: AsRef<str>>(&mut self, documents: &[S]) -> DocumentCounts {
        // Per term: (document frequency, 1 + index of the last document counted).
        let mut frequencies: FxHashMap<Box<str>, (u64, usize)> = FxHashMap::default();
        for (index, document) in documents.iter().enumerate() {
            self.analyzer.for_each_term(document.as_ref(), |term| {
                if let Some((df, last)) = frequencies.get_mut(term.text) {
                    if *last != index + 1 {
                        *df += 1;
                        *last = index + 1;
                    }
                } else {
                    frequencies.insert(term.text.into(), (1, index + 1));
                }
            });
        }
        DocumentCounts {
            documents: documents.len() as u64,
            frequencies: frequencies
                .into_iter()
                .map(|(term, (df, _))| (term, df))
                .collect(),
        }
    }
}

/// Document frequencies counted over a slice of documents, for [`KeyphraseExtractor::extract_all`].
#[derive(Debug, Default)]
struct DocumentCounts {
    documents: u64,
    frequencies: FxHashMap<Box<str>, u64>,
}

impl DocumentFrequencies for DocumentCounts {
    fn document_count(&self) -> u64 {
        self.documents
    }

    fn document_frequency(&self, term: &str) -> u64 {
        self.frequencies.get(term).copied().unwrap_or(0)
    }
}
