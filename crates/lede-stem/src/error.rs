//! The crate's error type.

use std::fmt;

use crate::Language;

/// Everything that can go wrong in `lede-stem`.
///
/// Stemming itself cannot fail (see [`Stemmer::stem`](crate::Stemmer::stem)); the only
/// fallible operation is choosing a language by name. The enum is `#[non_exhaustive]` so
/// that new kinds of error can be added without a breaking change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A language name or code that is none of the supported ones.
    ///
    /// Its message lists every valid spelling:
    /// `unknown language "klingon": expected one of ar (arabic), da (danish), …`.
    #[error("unknown language {input:?}: expected one of {}", ExpectedLanguages)]
    #[non_exhaustive]
    UnknownLanguage {
        /// The text that was parsed, as given (before trimming).
        input: String,
    },
}

/// Displays the list of valid language spellings.
struct ExpectedLanguages;

impl fmt::Display for ExpectedLanguages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Language::write_expected(f)
    }
}
