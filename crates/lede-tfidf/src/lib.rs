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

mod analyzer;
mod df;

pub use df::DocumentFrequencies;
pub use analyzer::{
    AnalyzedToken, Analyzer, AnalyzerOptions, OwnedTerm, STEM_CACHE_CAPACITY, Term, TokenRole,
};
