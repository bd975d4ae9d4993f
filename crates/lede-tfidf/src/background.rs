//! The background document-frequency table, and its blend with a corpus's own statistics.
//!
//! IDF estimated from a handful of documents is mostly noise: in the five seed articles,
//! "response", "according" and "regarding" occur in one document each and so look as
//! specific as "Greenland". A table of document frequencies counted over a large news
//! collection says which words are common in news at all, and blending it with the corpus's
//! counts keeps keyword ranking sensible on small corpora while letting a large corpus speak
//! for itself.
//!
//! # The shipped English table
//!
//! [`Background::english`] is built from the `text` of the 21,578 Reuters-21578 newswire
//! stories and the 18,846 20 Newsgroups posts (40,193 documents with at least one term),
//! analysed with [`Analyzer::new(Language::English)`](crate::Analyzer::new): normalised, stop
//! words dropped, Snowball-stemmed, numbers kept. Terms seen in fewer than 3 documents are
//! pruned (205,282 distinct terms → 47,947, 463 KB); a term missing from the table counts as
//! seen in no background document, which changes its IDF by at most ln 3 against its true
//! count. It holds single terms only: phrases are scored from their terms (see
//! [`keyphrase`](crate::keyphrase)), and corpus statistics count single terms, so bigram
//! counts could not be blended consistently. The table is embedded in the library as text
//! (`data/background_en.tsv`) and parsed on first use into a hash map whose keys borrow the
//! embedded text. Rebuild it with the `build_background` example (see its source).
//!
//! # Blending
//!
//! [`Blend`] treats the background as a prior worth `weight × N_bg` documents added to the
//! corpus's `N_c`:
//!
//! ```text
//! N  = N_c  + weight · N_bg
//! df = df_c + weight · df_bg(t)
//! idf(t) = ln((1 + N) / (1 + df)) + 1          (scikit-learn's smooth IDF on blended counts)
//! ```
//!
//! With the default weight 1 this is IDF over the union of the two collections, the simplest
//! blend that degrades gracefully at both ends: on five documents the background decides
//! (the five only add their few counts), while a corpus of tens of thousands of documents
//! outweighs it, so that a term in most of a large corpus's documents is common however rare
//! the background finds it. A weight below 1 makes the background a weaker prior (its counts
//! then stand for `weight × N_bg` documents); on the 449 articles of the keyphrase evaluation,
//! weights from 0.02 to 1 rank within a few tenths of a point of each other, and on the five
//! seeds the background is what keeps "critical", "recent" and "statement" out of the
//! keyphrases.
//!
//! Parsing the shipped table takes about 3.5 ms, once per process, on first use.

use std::borrow::Cow;
use std::sync::OnceLock;

use lede_stem::Language;
use rustc_hash::FxHashMap;

use crate::{DocumentFrequencies, Error};

/// The shipped English table, in the text format [`Background::parse`] reads.
const ENGLISH_TABLE: &str = include_str!("../data/background_en.tsv");

/// A table of background document frequencies: how many documents of a large reference
/// collection contain each analysed term.
///
/// Terms are analysed as [`Analyzer`](crate::Analyzer) analyses them with all steps on for
/// the table's language. The table answers [`DocumentFrequencies`], so it can stand alone or
/// be [blended](Blend) with a corpus's statistics.
///
/// ```
/// use lede_tfidf::{Background, DocumentFrequencies};
///
/// let english = Background::english();
/// assert!(english.document_count() > 40_000);
/// // Stems: "said" is a stop word, "market" is common in news, "greenland" is rare.
/// assert!(english.document_frequency("market") > 1_000);
/// assert!(english.document_frequency("market") > english.document_frequency("greenland"));
/// ```
#[derive(Debug, Clone)]
pub struct Background {
    language: Language,
    documents: u64,
    min_df: u64,
    frequencies: FxHashMap<Cow<'static, str>, u32>,
}

impl Background {
    /// The shipped English table (see the [module documentation](self)), parsed on first use.
    #[must_use]
    pub fn english() -> &'static Self {
        static ENGLISH: OnceLock<Background> = OnceLock::new();
        ENGLISH.get_or_init(|| {
            // The table is part of the crate and checked by the tests; an empty table (which
            // only a broken build could produce) degrades to "no background", not a panic.
            Self::parse_with(ENGLISH_TABLE, Cow::Borrowed).unwrap_or_else(|_| Self {
                language: Language::English,
                documents: 0,
                min_df: 0,
                frequencies: FxHashMap::default(),
            })
        })
    }

    /// The shipped table for `language`, if there is one: English only for now.
    #[must_use]
    pub fn for_language(language: Language) -> Option<&'static Self> {
        (language == Language::English).then(Self::english)
    }

    /// Parses a table in the shipped format: header lines starting with `#` (`# language\tCODE`
    /// and `# documents\tN` are required, `# min_df\tK` optional, others are comments), then
    /// one `term<TAB>df` line per term.
    ///
    /// # Errors
    ///
    /// [`Error::BadBackgroundTable`] naming the line for a missing header, an unknown language, a
    /// line without a tab, a count that is not a number, or a df larger than the document
    /// count.
    ///
    /// ```
    /// use lede_stem::Language;
    /// use lede_tfidf::{Background, DocumentFrequencies};
    ///
    /// let table = "# language\ten\n# documents\t10\nukrain\t2\nwar\t5\n";
    /// let background = Background::parse(table)?;
    /// assert_eq!(background.language(), Language::English);
    /// assert_eq!(background.document_frequency("war"), 5);
    /// assert_eq!(background.document_frequency("peace"), 0);
    /// assert!(Background::parse("# language\ten\nwar\t5\n").is_err()); // no document count
    /// # Ok::<(), lede_tfidf::Error>(())
    /// ```
    pub fn parse(table: &str) -> Result<Self, Error> {
        Self::parse_with(table, |term| Cow::Owned(term.to_owned()))
    }

    fn parse_with<'t>(
        table: &'t str,
        key: impl Fn(&'t str) -> Cow<'static, str>,
    ) -> Result<Self, Error> {
        let mut language = None;
        let mut documents = None;
        let mut min_df = 1;
        // About ten bytes a line: reserve once instead of growing (and rehashing) 16 times.
        let mut frequencies =
            FxHashMap::with_capacity_and_hasher(table.len() / 8, Default::default());
        let error = |line: usize, message: String| Error::BadBackgroundTable { line, message };
        for (index, line) in table.lines().enumerate() {
            let number = index + 1;
            if line.is_empty() {
                continue;
            }
            if let Some(header) = line.strip_prefix('#') {
                let (name, value) = header.trim_start().split_once('\t').unwrap_or((header, ""));
                match name.trim() {
                    "language" => {
                        let parsed = value
                            .trim()
                            .parse::<Language>()
                            .map_err(|e| error(number, e.to_string()))?;
                        language = Some(parsed);
                    }
                    "documents" => {
                        let parsed = value
                            .trim()
                            .parse::<u64>()
                            .map_err(|e| error(number, format!("bad document count: {e}")))?;
                        documents = Some(parsed);
                    }
                    "min_df" => {
                        min_df = value
                            .trim()
                            .parse::<u64>()
                            .map_err(|e| error(number, format!("bad min_df: {e}")))?;
                    }
                    _ => {}
                }
                continue;
            }
            let Some(documents) = documents else {
                return Err(error(
                    number,
                    "terms before the `# documents` header".to_owned(),
                ));
            };
            let (term, count) = line
                .split_once('\t')
                .ok_or_else(|| error(number, "expected `term<TAB>df`".to_owned()))?;
            let count: u32 = count
                .parse()
                .map_err(|e| error(number, format!("bad document frequency: {e}")))?;
            if u64::from(count) > documents {
                return Err(error(
                    number,
                    format!("document frequency {count} exceeds the document count {documents}"),
                ));
            }
            frequencies.insert(key(term), count);
        }
        let language =
            language.ok_or_else(|| error(0, "missing `# language` header".to_owned()))?;
        let documents =
            documents.ok_or_else(|| error(0, "missing `# documents` header".to_owned()))?;
        Ok(Self {
            language,
            documents,
            min_df,
            frequencies,
        })
    }

    /// The language whose analysed terms the table counts.
    #[must_use]
    pub const fn language(&self) -> Language {
        self.language
    }

    /// The pruning threshold: terms in fewer background documents than this are not in the
    /// table (and count as 0).
    #[must_use]
    pub const fn min_document_frequency(&self) -> u64 {
        self.min_df
    }

    /// How many terms the table holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.frequencies.len()
    }

    /// Whether the table holds no terms.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.frequencies.is_empty()
    }
}

impl DocumentFrequencies for Background {
    fn document_count(&self) -> u64 {
        self.documents
    }

    fn document_frequency(&self, term: &str) -> u64 {
        self.frequencies
            .get(term)
            .map_or(0, |&count| u64::from(count))
    }
}

/// A corpus's document frequencies blended with a background table; see the
/// [module documentation](self) for the formula.
///
/// As a [`DocumentFrequencies`] it reports the blended counts rounded to whole documents;
/// [`idf`](Self::idf) uses them unrounded.
///
/// ```
/// use lede_tfidf::{Background, Blend, DocumentFrequencies};
///
/// struct TwoDocs;
/// impl DocumentFrequencies for TwoDocs {
///     fn document_count(&self) -> u64 { 2 }
///     fn document_frequency(&self, term: &str) -> u64 { if term == "market" { 2 } else { 1 } }
/// }
///
/// let alone = Blend::new(&TwoDocs, None);
/// // In two documents, "market" looks common and "response" rare ...
/// assert!(alone.idf("market") < alone.idf("respons"));
/// // ... the background knows both are common in news, and "greenland" is not.
/// let blended = Blend::new(&TwoDocs, Some(Background::english()));
/// assert!(blended.idf("respons") < blended.idf("greenland"));
/// assert_eq!(blended.document_count(), 2 + Background::english().document_count());
/// ```
#[derive(Debug)]
pub struct Blend<'a, C: ?Sized> {
    corpus: &'a C,
    background: Option<&'a Background>,
    weight: f64,
}

impl<C: ?Sized> Clone for Blend<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: ?Sized> Copy for Blend<'_, C> {}

impl<'a, C: DocumentFrequencies + ?Sized> Blend<'a, C> {
    /// The corpus's counts plus the background's (if any), with weight 1.
    #[must_use]
    pub const fn new(corpus: &'a C, background: Option<&'a Background>) -> Self {
        Self {
            corpus,
            background,
            weight: 1.0,
        }
    }

    /// The corpus without the background.
    pub(crate) const fn corpus(&self) -> &'a C {
        self.corpus
    }

    /// Scales the background counts by `weight` (clamped to be non-negative): 1 counts each
    /// background document as one corpus document, 0 ignores the background.
    #[must_use]
    pub const fn with_weight(mut self, weight: f64) -> Self {
        self.weight = if weight > 0.0 { weight } else { 0.0 };
        self
    }

    /// The blended document count `N_c + weight · N_bg`.
    #[must_use]
    pub fn blended_document_count(&self) -> f64 {
        let background = self.background.map_or(0.0, |bg| bg.document_count() as f64);
        self.corpus.document_count() as f64 + self.weight * background
    }

    /// The blended document frequency `df_c + weight · df_bg` of `term`.
    #[must_use]
    pub fn blended_document_frequency(&self, term: &str) -> f64 {
        let background = self
            .background
            .map_or(0.0, |bg| bg.document_frequency(term) as f64);
        self.corpus.document_frequency(term) as f64 + self.weight * background
    }

    /// Smooth IDF on the blended counts: `ln((1 + N) / (1 + df)) + 1`, at least 1.
    #[must_use]
    pub fn idf(&self, term: &str) -> f64 {
        smooth_idf(
            self.blended_document_count(),
            self.blended_document_frequency(term),
        )
    }
}

/// `ln((1 + n) / (1 + df)) + 1`, never below 1 (df is capped at n).
pub(crate) fn smooth_idf(n: f64, df: f64) -> f64 {
    ((1.0 + n) / (1.0 + df.min(n))).ln() + 1.0
}

impl<C: DocumentFrequencies + ?Sized> DocumentFrequencies for Blend<'_, C> {
    fn document_count(&self) -> u64 {
        self.blended_document_count().round() as u64
    }

    fn document_frequency(&self, term: &str) -> u64 {
        self.blended_document_frequency(term).round() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_table_parses_and_matches_its_header() {
        let english = Background::english();
        assert_eq!(english.language(), Language::English);
        assert_eq!(english.document_count(), 40_193);
        assert_eq!(english.min_document_frequency(), 3);
        assert!(english.len() > 40_000, "{} terms", english.len());
        // Every term is at or above the pruning threshold and at most the document count.
        let parsed = Background::parse(ENGLISH_TABLE).unwrap();
        assert_eq!(parsed.len(), english.len());
        assert!(
            english
                .frequencies
                .values()
                .all(|&df| df >= 3 && u64::from(df) <= 40_193)
        );
    }

    #[test]
    fn the_english_table_holds_analysed_terms() {
        let english = Background::english();
        // Stems, not words: "company" is stored as "compani".
        assert!(english.document_frequency("compani") > 1_000);
        assert_eq!(english.document_frequency("company"), 0);
        // Stop words are not terms.
        assert_eq!(english.document_frequency("the"), 0);
        // The words that make five-document IDF go wrong are common in news.
        for term in ["respons", "accord", "regard"] {
            assert!(english.document_frequency(term) > 500, "{term}");
        }
    }

    #[test]
    fn only_english_has_a_table() {
        assert!(Background::for_language(Language::English).is_some());
        assert!(Background::for_language(Language::French).is_none());
    }

    fn error_line(error: &Error) -> usize {
        match error {
            Error::BadBackgroundTable { line, .. } => *line,
            other => panic!("not a table error: {other}"),
        }
    }

    #[test]
    fn parse_errors_name_the_line() {
        let error = Background::parse("# language\ten\n# documents\t4\nwar\t5\n").unwrap_err();
        assert_eq!(error_line(&error), 3);
        assert!(error.to_string().contains("exceeds"), "{error}");
        let error = Background::parse("# language\ten\n# documents\t4\nwar 2\n").unwrap_err();
        assert_eq!(error_line(&error), 3);
        let error = Background::parse("# language\tklingon\n").unwrap_err();
        assert_eq!(error_line(&error), 1);
        assert!(Background::parse("# documents\t4\n").is_err());
    }

    struct Corpus;

    impl DocumentFrequencies for Corpus {
        fn document_count(&self) -> u64 {
            5
        }
        fn document_frequency(&self, term: &str) -> u64 {
            match term {
                "ukrain" => 5,
                "respons" => 1,
                _ => 0,
            }
        }
    }

    #[test]
    fn blending_adds_weighted_counts() {
        let table = Background::parse("# language\ten\n# documents\t100\nrespons\t40\n").unwrap();
        let blend = Blend::new(&Corpus, Some(&table));
        assert!((blend.blended_document_count() - 105.0).abs() < 1e-9);
        assert!((blend.blended_document_frequency("respons") - 41.0).abs() < 1e-9);
        assert!((blend.idf("respons") - ((106.0f64 / 42.0).ln() + 1.0)).abs() < 1e-9);
        let half = blend.with_weight(0.5);
        assert_eq!(half.document_count(), 55);
        assert_eq!(half.document_frequency("respons"), 21);
        let none = Blend::new(&Corpus, Some(&table)).with_weight(-3.0);
        assert_eq!(none.document_count(), 5);
        // A term in every corpus document stays common however rare in the background.
        assert!(blend.idf("ukrain") < blend.idf("greenland"));
        // IDF never drops below 1.
        assert!((Blend::new(&Corpus, None).idf("ukrain") - 1.0).abs() < 1e-9);
    }
}
