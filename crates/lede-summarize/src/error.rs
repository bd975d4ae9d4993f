//! The crate's error type.

use crate::Budget;

/// Everything that can go wrong in `lede-summarize`.
///
/// Summarising itself cannot fail: empty input gives an empty [`Summary`](crate::Summary).
/// Errors come from arguments outside their valid range (a budget of zero sentences, a ratio
/// above 1, an MMR λ of 2) and, in principle, from the statistics running out of term ids.
/// The enum is `#[non_exhaustive]` so that new kinds of error can be added without a breaking
/// change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A [`Budget`] that asks for nothing or for more than the whole document:
    /// `Sentences(0)`, `Words(0)`, or a ratio outside `(0, 1]` (or NaN).
    #[error("invalid budget {budget:?}: {expected}")]
    #[non_exhaustive]
    InvalidBudget {
        /// The budget given.
        budget: Budget,
        /// What a valid budget of that kind is, in words.
        expected: &'static str,
    },

    /// A [`SummarizerOptions`](crate::SummarizerOptions) field outside its valid range.
    #[error("invalid option {name} = {value}: expected {expected}")]
    #[non_exhaustive]
    InvalidOption {
        /// The field's name (`"mmr_lambda"`, `"damping"`, ...).
        name: &'static str,
        /// The value given.
        value: f64,
        /// The valid range, in words.
        expected: &'static str,
    },

    /// The term statistics failed (in practice only when a vocabulary would hold more than
    /// `u32::MAX` terms).
    #[error(transparent)]
    Statistics(#[from] lede_tfidf::Error),
}
