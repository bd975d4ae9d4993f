//! The crate's error type.

/// Everything that can go wrong in `lede-tfidf`.
///
/// Analysis and weighting cannot fail; errors come from operations whose arguments can
/// disagree with the state they are applied to (removing a document that was never added, a
/// term id from another vocabulary, a vector index out of range) and from invalid parameters.
/// The enum is `#[non_exhaustive]` so that new kinds of error can be added without a breaking
/// change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// [`CorpusStats::remove`](crate::CorpusStats::remove) was given a document whose removal
    /// would make a statistic negative, so it cannot have been added; nothing was changed.
    #[error("the document was never added to these statistics: {reason}")]
    #[non_exhaustive]
    DocumentNotAdded {
        /// Which statistic would have become negative.
        reason: &'static str,
    },

    /// A term id that the vocabulary never handed out (it belongs to another vocabulary).
    #[error("term id {id} is not in the vocabulary, which has {len} terms")]
    #[non_exhaustive]
    UnknownTermId {
        /// The offending id.
        id: u32,
        /// How many terms the vocabulary has (valid ids are `0..len`).
        len: usize,
    },

    /// The vocabulary already holds `u32::MAX` terms, the most a [`TermId`](crate::TermId)
    /// can number.
    #[error("the vocabulary is full: it holds {} terms", u32::MAX)]
    VocabularyFull,

    /// A [`TermIdMap`](crate::TermIdMap) has no new id for a term of the document being
    /// remapped: the map was made for another vocabulary, or the term was dropped by
    /// [`CorpusStats::compact`](crate::CorpusStats::compact) because no document held it.
    #[error("term id {id} has no image under the term id map")]
    #[non_exhaustive]
    UnmappedTermId {
        /// The id that could not be mapped.
        id: u32,
    },

    /// An index into a list of documents or vectors that is past its end.
    #[error("index {index} is out of range for {len} items")]
    #[non_exhaustive]
    IndexOutOfRange {
        /// The offending index.
        index: usize,
        /// The number of items.
        len: usize,
    },

    /// A weight that is NaN or infinite was given to a [`SparseVector`](crate::SparseVector).
    #[error("the weight of term id {id} is not a finite number ({value})")]
    #[non_exhaustive]
    NonFiniteWeight {
        /// The term whose weight is not finite.
        id: u32,
        /// The weight.
        value: f64,
    },

    /// A model parameter outside its valid range, such as a negative BM25 `k1`.
    #[error("invalid parameter {name} = {value}: expected {expected}")]
    #[non_exhaustive]
    InvalidParameter {
        /// The parameter's name (`"k1"`, `"b"`).
        name: &'static str,
        /// The value given.
        value: f64,
        /// The valid range, in words.
        expected: &'static str,
    },

    /// A background document-frequency table could not be parsed.
    #[error("background table line {line}: {message}")]
    #[non_exhaustive]
    BadBackgroundTable {
        /// The 1-based line of the table where the problem is.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}
