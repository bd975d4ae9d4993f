//! Zero-copy tokenisation for news text: words, sentences and paragraphs with byte spans.
//!
//! Everything this crate returns borrows the input and says where it is: a [`Token`],
//! [`Sentence`] or [`Paragraph`] holds a `&str` slice of the text and its [`Span`] (half-open
//! byte offsets, always on `char` boundaries). Nothing is allocated per token or sentence.
//!
//! - [`tokenize`]: word tokens with a [`TokenKind`] (word, number, punctuation, symbol, URL,
//!   e-mail, handle). UAX #29 word boundaries plus the rules news text needs: abbreviations and
//!   initialisms keep their periods (`U.S.`, `Gen.`, `Jan.`, `p.m.`), possessives with either
//!   apostrophe (`Kyiv's`, `Russia’s`), numbers with separators, decimals, percent and currency
//!   (`15,000`, `2.2`, `90%`, `€2`), and hyphenated compounds as one token whose
//!   [`parts`](Token::parts) are reachable (`long-term`, `Mar-a-Lago`). ASCII runs go through a
//!   byte-class scanner that reproduces UAX #29; other runs through `unicode-segmentation`.
//! - [`normalize`] / [`normalize_into`]: Unicode case folding, NFKC, apostrophe, quote and dash
//!   folding; text that is already normal comes back borrowed.
//! - [`sentences`] / [`SentenceSplitter`]: rule-based, abbreviation-, quote- and bracket-aware
//!   sentence splitting; a line without final punctuation (a headline) is a sentence of its own.
//!   See [`SentenceSplitter`] for the rules and [`LineBreaks`] for what single newlines mean.
//! - [`paragraphs`]: blank-line separated paragraphs; sentences never cross them.
//!
//! Nothing here panics on any `&str`, and tokens (and sentences) cover every non-white-space
//! character of the input exactly once, in order: property tests check both.
//!
//! # Example
//!
//! ```
//! use lede_tokenize::{TokenKind, normalize, sentences, tokenize};
//!
//! let text = "Gen. Alexus G. Grynkewich spoke at 3:45 p.m. in Kyiv’s centre. The U.S. envoy left.";
//!
//! let words: Vec<&str> = tokenize(text)
//!     .filter(|token| token.kind == TokenKind::Word)
//!     .map(|token| token.text)
//!     .collect();
//! assert_eq!(words[..3], ["Gen.", "Alexus", "G."]);
//! assert!(words.contains(&"Kyiv’s"));
//! assert_eq!(normalize("Kyiv’s"), "kyiv's");
//!
//! let split: Vec<&str> = sentences(text).map(|sentence| sentence.text).collect();
//! assert_eq!(split, ["Gen. Alexus G. Grynkewich spoke at 3:45 p.m. in Kyiv’s centre.", "The U.S. envoy left."]);
//!
//! // Spans point into the original text.
//! let second = sentences(text).nth(1).map(|sentence| sentence.span);
//! assert_eq!(second.map(|span| &text[span.range()]), Some("The U.S. envoy left."));
//! ```
//!
//! # Features
//!
//! `serde` (off by default): [`Token`], [`Sentence`], [`Paragraph`] and [`Span`] implement
//! `serde::Serialize`, and [`Span`] and [`TokenKind`] (as `"word"`, `"number"`, ... like
//! [`TokenKind::name`]) also `Deserialize`.

mod lines;
mod normalize;
mod paragraph;
mod sentence;
mod span;
mod token;

pub use normalize::{normalize, normalize_into};
pub use paragraph::{Paragraph, Paragraphs, paragraphs};
pub use sentence::{LineBreaks, Sentence, SentenceSplitter, Sentences, sentences};
pub use span::Span;
pub use token::{Parts, Token, TokenKind, Tokens, tokenize};

// The README's example is a doctest too, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
