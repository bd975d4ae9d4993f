//! Document frequencies, the one thing IDF needs from a collection of documents.
//!
//! Both the corpus's own statistics and the shipped background table answer the same two
//! questions, so weighting code is written once against this trait and can blend the two.

/// How many documents a collection has, and how many of them contain a term.
///
/// Terms are analysed terms (normalised and, usually, stemmed), as produced by
/// [`Analyzer`](crate::Analyzer) with the options the collection was built with.
pub trait DocumentFrequencies {
    /// The number of documents in the collection (N).
    fn document_count(&self) -> u64;

    /// The number of documents that contain `term` at least once (df); 0 for an unknown term.
    fn document_frequency(&self, term: &str) -> u64;
}
