//! Text analysis for lede: from text to the terms that statistics and ranking are built on.
//!
//! [`Analyzer`] composes the two lower crates into one pipeline, each step optional:
//!
//! ```text
//! text ─► lede_tokenize::tokenize ─► word/number tokens ─► lede_tokenize::normalize
//!      ─► lede_stem::StopWords (dropped) ─► lede_stem::Stemmer ─► Term { text, span, position }
//! ```
//!
//! Every [`Term`] keeps the byte span of the token it came from, so anything computed from
//! terms (weights, keyphrases, summaries) can point back into the original text.
//!
//! # Example
//!
//! ```
//! use lede_stem::Language;
//! use lede_tfidf::Analyzer;
//!
//! let text = "Leaders discussed security guarantees for Ukraine.";
//! let mut analyzer = Analyzer::new(Language::English);
//! let mut terms = Vec::new();
//! analyzer.for_each_term(text, |term| terms.push((term.text.to_owned(), &text[term.span.range()])));
//! assert_eq!(terms[2], ("secur".to_owned(), "security"));
//! assert!(terms.iter().all(|(_, source)| *source != "for")); // a stop word
//! ```
//!
//! # Statistics, weights and similarity
//!
//! Terms are interned as dense [`TermId`]s in a [`Vocabulary`]. A [`TermCounter`] turns a text
//! into its [`DocumentTerms`] (distinct terms with counts, sorted by id; unigrams and, like
//! scikit-learn's `ngram_range=(1, 2)`, bigrams of consecutive terms). [`CorpusStats`]
//! aggregates documents into N, document frequencies and lengths: documents can be added and
//! removed incrementally (removal restores the previous statistics exactly), and statistics
//! built on separate shards can be [merged](CorpusStats::merge). It implements
//! [`DocumentFrequencies`], the interface IDF is computed from.
//!
//! From the statistics, [`Tfidf`] weights documents exactly as scikit-learn's
//! `TfidfVectorizer` does (smooth IDF, sublinear TF, L2/L1 norm) into [`SparseVector`]s,
//! compared by [`cosine`] and ranked by [`most_similar`]; [`Bm25`] ranks documents for a query
//! (Lucene's non-negative IDF, `k1 = 1.2`, `b = 0.75`). Nothing panics on empty documents, an
//! empty collection or unknown terms; operations whose arguments can disagree with the state
//! return [`Error`].
//!
//! ```
//! use lede_stem::Language;
//! use lede_tfidf::{Analyzer, CorpusStats, Ngrams, TermCounter, Tfidf, TfidfOptions};
//!
//! let mut analyzer = Analyzer::new(Language::English);
//! let mut counter = TermCounter::new(Ngrams::UnigramsAndBigrams);
//! let mut stats = CorpusStats::new();
//! let texts = [
//!     "Leaders discussed security guarantees for Ukraine.",
//!     "Security guarantees dominated the Paris summit.",
//!     "Oil prices fell on Tuesday.",
//! ];
//! let docs = texts
//!     .iter()
//!     .map(|text| stats.add_text(&mut counter, &mut analyzer, text))
//!     .collect::<Result<Vec<_>, _>>()?;
//!
//! let tfidf = Tfidf::new(&stats, TfidfOptions::default());
//! let vectors: Vec<_> = docs.iter().map(|doc| tfidf.vector(doc)).collect();
//! let similar = lede_tfidf::most_similar_to(0, &vectors, 5)?;
//! assert_eq!(similar.len(), 1); // only the summit shares terms with the first text
//! assert_eq!(similar[0].index, 1);
//! # Ok::<(), lede_tfidf::Error>(())
//! ```
//!
//! # Keyphrases
//!
//! [`KeyphraseExtractor`] ranks the phrases of a document against a corpus: runs of up to
//! four words inside a sentence that start and end with content words, scored by frequency,
//! damped blended IDF, a headline/lead position prior and a mild length normalisation,
//! without redundancy (no "President Emmanuel" beside "Emmanuel Macron"), each in its most
//! frequent surface form with every occurrence's span. The corpus is any
//! [`DocumentFrequencies`] (such as [`CorpusStats`]), blended by default with the shipped
//! English [`Background`] table of news document frequencies, so that five documents are
//! enough. The [`keyphrase`] module documents the model and why; [`background`] the table
//! and the blend.
//!
//! ```
//! use lede_stem::Language;
//! use lede_tfidf::KeyphraseExtractor;
//!
//! let documents = [
//!     "Greenland is not for sale, Denmark said. Greenland's leaders rejected the offer.",
//!     "Leaders drafted security guarantees for Ukraine. The security guarantees include a \
//!      European-led force, and Kyiv welcomed the security guarantees.",
//! ];
//! let mut extractor = KeyphraseExtractor::new(Language::English);
//! let keyphrases = extractor.extract_all(&documents);
//! assert_eq!(keyphrases[0][0].text, "Greenland");
//! assert_eq!(keyphrases[0][0].count, 2);
//! assert_eq!(keyphrases[1][0].text, "security guarantees");
//! ```
//!
//! # Features
//!
//! `serde` (off by default): [`Term`], [`Keyphrase`], [`OwnedTerm`] and [`Scored`] implement
//! `serde::Serialize`, and the owned ones also `Deserialize`. Spans serialise as `{"start": …,
//! "end": …}`.

mod analyzer;
pub mod background;
pub mod bm25;
mod df;
pub mod document;
mod error;
pub mod keyphrase;
pub mod stats;
pub mod tfidf;
pub mod vector;
pub mod vocabulary;

pub use analyzer::{
    AnalyzedToken, Analyzer, AnalyzerOptions, OwnedTerm, STEM_CACHE_CAPACITY, Term, TokenRole,
};
pub use background::{Background, Blend};
pub use bm25::{Bm25, Bm25Options, bm25_idf};
pub use df::DocumentFrequencies;
pub use document::{Adjacency, DocumentTerms, Ngrams, TermCounter};
pub use error::Error;
pub use keyphrase::{Keyphrase, KeyphraseExtractor, KeyphraseOptions, MAX_PHRASE_WORDS};
pub use stats::CorpusStats;
pub use tfidf::{Tfidf, TfidfOptions};
pub use vector::{Norm, Scored, SparseVector, cosine, most_similar, most_similar_to, top_k};
pub use vocabulary::{TermId, TermIdMap, Vocabulary};

// The README's example is a doctest too, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
