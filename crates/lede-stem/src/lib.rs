//! Snowball stemming and stop words for 18 languages, behind an API that never panics.
//!
//! `lede-stem` turns a normalised word into its stem (`"running"` → `"run"`) and tells
//! whether a word is a stop word, for every language that has a Snowball stemmer in
//! [rust-stemmers] 1.2. It is the stemming stage of lede's analysis pipeline (tokenise →
//! normalise → stop words → **stem** → terms), and it is usable on its own.
//!
//! The main types:
//!
//! * [`Language`]: the 18 languages, parsed from an ISO 639-1 code or an English name
//!   (`"en"`, `"English"`), listed in [`Language::ALL`].
//! * [`Stemmer`]: the Snowball stemmer of one language; cheap to clone, `Send + Sync`,
//!   and [`Stemmer::stem`] never panics.
//! * [`StopWords`]: the stop-word list of one language, built once per process.
//! * [`Error`]: the crate's only error, an unknown language name.
//!
//! rust-stemmers' own types never appear in this API, so the stemmer implementation can
//! be replaced (e.g. by a newer Snowball build) without breaking users.
//!
//! # Example
//!
//! ```
//! use lede_stem::{Language, Stemmer, StopWords};
//!
//! let language: Language = "en".parse()?;
//! let stemmer = Stemmer::new(language);
//! let stop_words = StopWords::for_language(language);
//!
//! // Words as lede's tokenizer hands them over: lower-cased, NFKC, ASCII apostrophes.
//! let words = ["the", "ministers", "said", "they", "were", "negotiating", "tariffs"];
//! let terms: Vec<_> = words
//!     .iter()
//!     .filter(|w| !stop_words.contains(w))
//!     .map(|w| stemmer.stem(w))
//!     .collect();
//! assert_eq!(terms, ["minist", "negoti", "tariff"]);
//!
//! // Unknown languages are a clear error.
//! let err = "klingon".parse::<Language>().unwrap_err();
//! assert!(err.to_string().starts_with(
//!     r#"unknown language "klingon": expected one of ar (arabic), da (danish)"#
//! ));
//! # Ok::<(), lede_stem::Error>(())
//! ```
//!
//! # Input
//!
//! Both the stemmers and the stop-word lists expect words normalised the way lede's
//! tokenizer normalises them: lower case, Unicode NFKC, curly apostrophes folded to
//! ASCII `'`. Snowball's rules are written for lower case; given other input the stemmer
//! still returns a stem and never panics, it is just a worse one.
//!
//! Two languages are respelled before stemming, because rust-stemmers 1.2 implements
//! Snowball as it was before it learned these letters (allocating one string, only for
//! the words concerned):
//!
//! * **Romanian** is written today with comma-below `ș ț`, but the Romanian rules know
//!   only the legacy cedilla letters `ş ţ`. A word with `ș`/`ț` is stemmed in cedilla
//!   spelling and its stem given back in comma-below spelling.
//! * **Russian** `ё` is stemmed as `е`, as Snowball 2.0 and later do: `идёт` and `идет`
//!   both stem to `идет`. Without this, 0.6% of a 100,000-word Russian vocabulary kept
//!   its ending (`своём`, `пришёл`).
//!
//! The stop-word lists hold both spellings of these words.
//!
//! # Stop words
//!
//! One list per language, stored as plain text in `stopwords/<iso>.txt` in this crate
//! (one word per line, header comments naming source and licence) and embedded with
//! `include_str!`:
//!
//! * **17 languages — NLTK's stopwords corpus** (all but Tamil). It is the list most IR
//!   and NLP tooling uses, so results are comparable with Python pipelines (NLTK,
//!   scikit-learn users); the lists are short (50–360 words) and hold only function
//!   words, since most of them come from the Snowball project's own stop lists, which
//!   were written to go with these very stemmers. Longer lists such as stopwords-iso's
//!   1,298 English words also remove content words ("system", "fire", "information")
//!   that matter for keywords.
//! * **English: NLTK plus a small news addition** (103 words, marked in `en.txt`).
//!   NLTK's 179 English words lack the function words of news prose: reporting verbs
//!   (`said`, `says`, `told`, `according`), modals (`would`, `could`, `may`, `might`,
//!   `must`), honorifics (`mr`, `mrs`, `ms`), connectives and prepositions (`also`,
//!   `however`, `among`, `despite`, `via`, …) and contractions in ASCII spelling (`i'm`,
//!   `they're`, `that's`, …). Left in, `said` alone is among the commonest terms of any
//!   news corpus and splits keyword candidates badly ("Macron said Tuesday"). `us` is
//!   deliberately *not* added: lower-cased, it is also "US", the United States.
//! * **Tamil: spaCy's list** (`spacy/lang/ta/stop_words.py`, 125 words, MIT). Neither
//!   NLTK nor stopwords-iso has a Tamil list.
//! * **Romanian** holds NLTK's cedilla spellings and the same words with comma-below.
//!
//! `scripts/stem/make_stopwords.py` regenerates every file from these sources.
//! [`StopWords::contains`] is a hash lookup (FNV-1a, about 14 ns per word on Reuters
//! tokens; binary search over the sorted list measured 88 ns).
//!
//! # Never panics
//!
//! rust-stemmers 1.2 panics on some Greek words. Its Greek stemmer was generated from a
//! `greek.sbl` in which two rules replace a slice whose byte offsets were recorded
//! before the word was shortened, so the offsets point past the end of the word or into
//! a character ("byte index 14 is out of bounds of `θρονετ`"):
//!
//! * steps3 on `ισα` + `ισα`/`ισες`/`ισε`/`ισαμε`/`ισατε`/`ισαν`/`ισανε` (`ισαισα`;
//!   Snowball issue #204), and
//! * step5c on words of the form *prefix* + *stem* + `ετε`, such as `θρονετε`,
//!   `αντιθετε`, `εμβολετε`, `υαινετε` (an `or` that, for want of parentheses, runs its
//!   last alternative even after an earlier one has rewritten the word; when the stale
//!   offsets happen to stay in range, the word comes out garbled, `σερπαετε` →
//!   `σερπαεεττ`).
//!
//! They were found by fuzzing rust-stemmers: 6 million real words (wordfreq's lists for
//! the 16 of these languages it has, each word through all 18 stemmers: none panicked),
//! every pair of each algorithm's own rule strings, real Greek words and their stems
//! with each Greek rule string before or after, random words in each script, and tens
//! of millions of random concatenations of up to four rule strings with stray letters
//! and accents. Only Greek ever panicked.
//!
//! [`Stemmer::stem`] guards in two layers:
//!
//! 1. **Sidestep.** Before stemming a Greek word, a cheap check (length and last letter
//!    first; no allocation) recognises the two shapes above, after folding case and
//!    accents as the stemmer does. A steps3 word gets the stem current Snowball gives
//!    (`ισα`); a step5c word is stemmed without its final `ε`, which is what the rule's
//!    own rewrite produces before it goes wrong. So these words never reach the buggy
//!    code, get sensible stems, and print nothing.
//! 2. **`catch_unwind`.** Every call runs inside [`std::panic::catch_unwind`]. A panic
//!    that gets past the sidestep — the fuzzer found some, but only for non-words that
//!    stack two inflections (`ισαισαιζεισ`, `θρονετεισα`), where an earlier step strips
//!    the outer one and leaves a crashing shape — returns the word unchanged.
//!
//! Trade-offs of the `catch_unwind` layer:
//!
//! * A caught panic is still reported by the process's panic hook (by default a message
//!   on stderr, and a backtrace capture if `RUST_BACKTRACE` is set) *before* it is
//!   caught. That is why the known shapes are sidestepped rather than caught. For the
//!   rest, the first caught panic in a process is reported as usual — it is worth a bug
//!   report — and the crate then chains a filter in front of the panic hook that drops
//!   the report of later panics raised *inside its guard* (a thread-local flag tells),
//!   so that a stream of crafted words cannot flood a server's log or pay for a
//!   backtrace each. Every other panic reaches the previous hook unchanged, and until a
//!   panic is caught the hook is not touched at all.
//! * It relies on unwinding: a binary built with `panic = "abort"` would abort instead.
//!   lede's profiles unwind, and the tests also run in release mode. The sidestep
//!   protects the known shapes in either case.
//! * On the normal path it costs nothing measurable (`benches/stem.rs`).
//! * Returning the word unchanged is a wrong stem only for words that are not words.
//!
//! The stem of a non-empty word is never empty: where Snowball would delete the whole
//! word (Greek `ισα`), the word is returned unchanged.
//!
//! # Agreement with Snowball
//!
//! rust-stemmers 1.2 implements Snowball as it was around 2019 (English "Porter2" as of
//! Snowball 2.0). `scripts/stem_agreement.py` compares lede-stem with the reference
//! Snowball 3.1 stemmers (PyPI `snowballstemmer`) on real vocabularies — English from
//! the Reuters-21578 and 20 Newsgroups corpora, the others from `wordfreq`'s lists:
//!
//! | language | vocabulary | same stem |
//! |----------|-----------:|----------:|
//! | en       |     79,723 |    99.85% |
//! | fr       |    100,000 |    99.80% |
//! | de       |    100,000 |    97.28% |
//! | es       |    100,000 |    99.82% |
//! | ru       |    100,000 |   100.00% |
//!
//! The differences are rules Snowball changed since: English `-ogist` and more R1
//! prefixes (`inter`, `univers`, …), French `-ais(e)` and `-oux`, German `-et(e)(n)`,
//! `-eln`/`-ern` and `-erin(nen)`, Spanish unaccented `-acion`. Russian agrees fully
//! thanks to the `ё` respelling (99.28% without). The script's docstring has the details.
//!
//! [rust-stemmers]: https://crates.io/crates/rust-stemmers

mod error;
mod greek;
mod language;
mod stemmer;
mod stopwords;

pub use error::Error;
pub use language::Language;
pub use stemmer::Stemmer;
pub use stopwords::StopWords;

// The README's example is a doctest too, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
