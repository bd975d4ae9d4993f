//! Zero-copy tokenisation for news text: words, sentences and paragraphs with byte spans.
//!
//! (Crate overview is completed once the modules land.)

mod normalize;
mod paragraph;
mod sentence;
mod span;
mod token;

pub use normalize::{normalize, normalize_into};
pub use paragraph::{Paragraph, Paragraphs, paragraphs};
pub use sentence::{Sentence, Sentences, sentences};
pub use span::Span;
pub use token::{Token, TokenKind, Tokens, tokenize};
