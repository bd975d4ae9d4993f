//! What a summary may hold (its [`Budget`]), in which [`Order`] it comes, and the model's
//! parameters ([`SummarizerOptions`]).

use lede_stem::Language;
use lede_tokenize::LineBreaks;

use crate::Error;

/// How long a summary may be.
///
/// Words are counted as white-space separated runs of characters (what `wc -w` counts), in
/// the summary's sentences as written.
///
/// * `Sentences(n)`: at most `n` sentences (`n ≥ 1`).
/// * `Words(n)`: sentences are added, best first, while the summary stays within `n` words; a
///   sentence that would overflow is skipped and a shorter one may still fit. If even the
///   best sentence is longer than `n` words, the summary is that one sentence: a summary is
///   never empty when the document has a sentence to offer (`n ≥ 1`).
/// * `Ratio(r)`: a share of the document's length in **words**, `Words(⌈r · words⌉)` where
///   `words` counts every sentence of the input (headlines included; all the documents
///   together when there are several), `0 < r ≤ 1`. Words
///   rather than sentences, because sentences vary in length (a 40-word sentence and a
///   5-word one are not the same share of the reader's time) and because a word share is how
///   summary length is usually stated ("about 40% of the article").
///
/// [`validate`](Self::validate) rejects budgets that ask for nothing or for more than the
/// whole document.
///
/// Non-exhaustive: other units (characters, reading time) may come.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Budget {
    /// At most this many sentences.
    Sentences(usize),
    /// At most this many words (see above for the one exception).
    Words(usize),
    /// This share of the document's words, in `(0, 1]`.
    Ratio(f64),
}

impl Budget {
    /// Checks that the budget asks for something: `n ≥ 1`, `0 < r ≤ 1`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBudget`] naming what a valid budget of that kind is.
    ///
    /// ```
    /// use lede_summarize::Budget;
    ///
    /// assert!(Budget::Sentences(3).validate().is_ok());
    /// assert!(Budget::Ratio(0.4).validate().is_ok());
    /// assert!(Budget::Sentences(0).validate().is_err());
    /// assert!(Budget::Ratio(1.5).validate().is_err());
    /// assert!(Budget::Ratio(f64::NAN).validate().is_err());
    /// ```
    pub fn validate(self) -> Result<Self, Error> {
        let expected = match self {
            Self::Sentences(0) => "at least 1 sentence",
            Self::Words(0) => "at least 1 word",
            Self::Ratio(ratio) if !(ratio > 0.0 && ratio <= 1.0) => "a ratio in (0, 1]",
            _ => return Ok(self),
        };
        Err(Error::InvalidBudget {
            budget: self,
            expected,
        })
    }

    /// The most sentences and words this budget allows in a document of `total_words` words.
    pub(crate) fn limits(self, total_words: usize) -> (usize, usize) {
        match self {
            Self::Sentences(n) => (n, usize::MAX),
            Self::Words(n) => (usize::MAX, n),
            Self::Ratio(ratio) => {
                // In (0, 1] after validation, so the product is at most `total_words`.
                let words = (ratio * total_words as f64).ceil() as usize;
                (usize::MAX, words.max(1))
            }
        }
    }
}

/// The order of a summary's sentences.
///
/// Non-exhaustive: other orders may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Order {
    /// Reading order (the default). Within one document, document order. Across documents,
    /// by relative position in their document (a lead sentence, at 0, before a closing one,
    /// near 1), ties broken by document index: the leads of the sources, which state the
    /// news, come first, then the developments, then the background, the way the inverted
    /// pyramid of each source tells it. Grouping by document instead would follow one
    /// source's details with another source's lead.
    #[default]
    Document,
    /// Best first: the order in which the sentences were chosen (by rank).
    Score,
}

/// Which prior a summary's scores carry besides centrality: the lead and length weights
/// that [`SummarizerOptions::lead_weight`] and [`SummarizerOptions::length_weight`] leave to
/// the model when they are not set. See the [crate documentation](crate) for the figures
/// behind each.
///
/// Non-exhaustive: models for other kinds of text will come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Model {
    /// [`Lead`](Self::Lead) for one document without a query, [`Centrality`](Self::Centrality)
    /// for several documents or with a query (the default).
    #[default]
    Auto,
    /// News, lead first: a strong lead prior (γ = 20) and a length prior (ρ = ½) that
    /// cancels centrality's pull towards long sentences. What a reader of news wants from
    /// a few sentences of one article.
    Lead,
    /// Centrality first: a light lead prior (γ = 0.1) and no length prior, the model of
    /// lede before the lead model. Best where the lead is not the point: text that is not
    /// news, long abridgements (45% of an article), several sources on one story, or a query
    /// that the lead may not answer.
    Centrality,
}

impl Model {
    /// γ of the lead prior and ρ of the length prior of this model for an input of
    /// `documents` documents, with or without a query.
    pub(crate) fn weights(self, documents: usize, query: bool) -> (f64, f64) {
        const LEAD: (f64, f64) = (20.0, 0.5);
        const CENTRALITY: (f64, f64) = (0.1, 0.0);
        match self {
            Self::Lead => LEAD,
            Self::Centrality => CENTRALITY,
            Self::Auto if documents <= 1 && !query => LEAD,
            Self::Auto => CENTRALITY,
        }
    }
}

/// The parameters of the model; [`Default`] gives the documented defaults. See the
/// [crate documentation](crate) for what each one does and why it has its default.
///
/// Non-exhaustive, because options will grow: start from [`Default`] (or a constructor) and
/// set fields with the `with_*` builders (or assign them).
///
/// ```
/// use lede_summarize::{Model, Order, Summarizer, SummarizerOptions};
///
/// let options = SummarizerOptions::default()
///     .with_model(Model::Centrality)
///     .with_order(Order::Score)
///     .with_min_words(3);
/// assert_eq!(options.min_words, 3);
/// let summarizer = Summarizer::new(options)?;
/// # Ok::<(), lede_summarize::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct SummarizerOptions {
    /// The language of stop words and stemming (default English). The background table of
    /// news document frequencies exists for English only; other languages weight terms by
    /// the input's own statistics.
    pub language: Language,
    /// The order of the summary's sentences (default [`Order::Document`]).
    pub order: Order,
    /// What a single line break means to the sentence splitter (default
    /// [`LineBreaks::Auto`]: decided per paragraph).
    pub line_breaks: LineBreaks,
    /// Which lead and length priors apply where `lead_weight` and `length_weight` are not
    /// set (default [`Model::Auto`]).
    pub model: Model,
    /// γ of the lead prior `1 + γ / (1 + i)` for the `i`-th candidate sentence of a document;
    /// 0 turns the prior off. Must be finite and ≥ 0. Not set: the model's (20 for
    /// [`Model::Lead`]: the lead counts 21 times, the second sentence 11 times, the tenth
    /// 3 times; 0.1 for [`Model::Centrality`]).
    pub lead_weight: Option<f64>,
    /// ρ of the length prior `(words / mean words)^(−ρ)`, the mean over the input's
    /// candidate sentences; 0 turns it off. Must be finite and ≥ 0. Not set: the model's
    /// (½ for [`Model::Lead`], 0 for [`Model::Centrality`]).
    pub length_weight: Option<f64>,
    /// λ of maximal marginal relevance for one document (default 0.85): a candidate's value
    /// is `λ · score / best score − (1 − λ) · its highest similarity to a chosen sentence`.
    /// 1 ignores redundancy (beyond `redundancy_threshold`); in `[0, 1]`.
    pub mmr_lambda: f64,
    /// λ of maximal marginal relevance when the sentences come from several documents
    /// (default 0.4): sources retell the same facts in different words, so overlap weighs
    /// more than within one article; in `[0, 1]`.
    pub mmr_lambda_many: f64,
    /// A candidate whose cosine similarity to a chosen sentence reaches this is a
    /// near-duplicate and never chosen, whatever its score (default 0.5); in `(0, 1]`.
    pub redundancy_threshold: f64,
    /// Sentences with fewer words than this are fragments and never chosen (default 5).
    pub min_words: usize,
    /// Damping factor of the LexRank random walk (default 0.85, as in PageRank and LexRank):
    /// the probability of following a similarity edge rather than jumping; in `[0, 1)`.
    pub damping: f64,
    /// Blend the shipped background table of document frequencies for the language into
    /// the IDF, where there is one (default true). See `prior_weight`.
    pub background: bool,
    /// How much the prior (the background table, or the statistics passed to
    /// [`Summarizer::summarize_with`](crate::Summarizer::summarize_with)) counts against the
    /// input's own sentences, in units of the input's size (default 1: as much as the input).
    /// 0 ignores the prior. Must be finite and ≥ 0. See the [crate documentation](crate).
    pub prior_weight: f64,
    /// With a query: the floor δ of a sentence's focus `δ + cos(query, sentence)` (default
    /// 0.1), so that a sentence without a query term keeps a tenth of the weight of one that
    /// is all query. Must be finite and > 0.
    pub query_floor: f64,
}

impl Default for SummarizerOptions {
    fn default() -> Self {
        Self {
            language: Language::English,
            order: Order::Document,
            line_breaks: LineBreaks::Auto,
            model: Model::Auto,
            lead_weight: None,
            length_weight: None,
            mmr_lambda: 0.85,
            mmr_lambda_many: 0.4,
            redundancy_threshold: 0.5,
            min_words: 5,
            damping: 0.85,
            background: true,
            prior_weight: 1.0,
            query_floor: 0.1,
        }
    }
}

impl SummarizerOptions {
    /// Sets [`language`](Self::language).
    #[must_use]
    pub const fn with_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Sets [`order`](Self::order).
    #[must_use]
    pub const fn with_order(mut self, order: Order) -> Self {
        self.order = order;
        self
    }

    /// Sets [`line_breaks`](Self::line_breaks).
    #[must_use]
    pub const fn with_line_breaks(mut self, line_breaks: LineBreaks) -> Self {
        self.line_breaks = line_breaks;
        self
    }

    /// Sets [`model`](Self::model).
    #[must_use]
    pub const fn with_model(mut self, model: Model) -> Self {
        self.model = model;
        self
    }

    /// Sets [`lead_weight`](Self::lead_weight).
    #[must_use]
    pub const fn with_lead_weight(mut self, lead_weight: Option<f64>) -> Self {
        self.lead_weight = lead_weight;
        self
    }

    /// Sets [`length_weight`](Self::length_weight).
    #[must_use]
    pub const fn with_length_weight(mut self, length_weight: Option<f64>) -> Self {
        self.length_weight = length_weight;
        self
    }

    /// Sets [`mmr_lambda`](Self::mmr_lambda).
    #[must_use]
    pub const fn with_mmr_lambda(mut self, mmr_lambda: f64) -> Self {
        self.mmr_lambda = mmr_lambda;
        self
    }

    /// Sets [`mmr_lambda_many`](Self::mmr_lambda_many).
    #[must_use]
    pub const fn with_mmr_lambda_many(mut self, mmr_lambda_many: f64) -> Self {
        self.mmr_lambda_many = mmr_lambda_many;
        self
    }

    /// Sets [`redundancy_threshold`](Self::redundancy_threshold).
    #[must_use]
    pub const fn with_redundancy_threshold(mut self, redundancy_threshold: f64) -> Self {
        self.redundancy_threshold = redundancy_threshold;
        self
    }

    /// Sets [`min_words`](Self::min_words).
    #[must_use]
    pub const fn with_min_words(mut self, min_words: usize) -> Self {
        self.min_words = min_words;
        self
    }

    /// Sets [`damping`](Self::damping).
    #[must_use]
    pub const fn with_damping(mut self, damping: f64) -> Self {
        self.damping = damping;
        self
    }

    /// Sets [`background`](Self::background).
    #[must_use]
    pub const fn with_background(mut self, background: bool) -> Self {
        self.background = background;
        self
    }

    /// Sets [`prior_weight`](Self::prior_weight).
    #[must_use]
    pub const fn with_prior_weight(mut self, prior_weight: f64) -> Self {
        self.prior_weight = prior_weight;
        self
    }

    /// Sets [`query_floor`](Self::query_floor).
    #[must_use]
    pub const fn with_query_floor(mut self, query_floor: f64) -> Self {
        self.query_floor = query_floor;
        self
    }

    /// The weights of the lead and length priors for an input of `documents` documents,
    /// with or without a query: those set here, else the [`Model`]'s.
    #[must_use]
    pub fn priors(&self, documents: usize, query: bool) -> (f64, f64) {
        let (lead, length) = self.model.weights(documents, query);
        (
            self.lead_weight.unwrap_or(lead),
            self.length_weight.unwrap_or(length),
        )
    }

    /// The default options for `language`.
    #[must_use]
    pub fn for_language(language: Language) -> Self {
        Self {
            language,
            ..Self::default()
        }
    }

    /// Checks every numeric field against its valid range.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] for the first field out of range (an unset weight is valid).
    pub fn validate(&self) -> Result<(), Error> {
        let lead_weight = self.lead_weight.unwrap_or(0.0);
        let length_weight = self.length_weight.unwrap_or(0.0);
        let checks: [(&'static str, f64, bool, &'static str); 8] = [
            (
                "lead_weight",
                lead_weight,
                lead_weight.is_finite() && lead_weight >= 0.0,
                "a finite number ≥ 0",
            ),
            (
                "length_weight",
                length_weight,
                length_weight.is_finite() && length_weight >= 0.0,
                "a finite number ≥ 0",
            ),
            (
                "mmr_lambda",
                self.mmr_lambda,
                (0.0..=1.0).contains(&self.mmr_lambda),
                "a number in [0, 1]",
            ),
            (
                "mmr_lambda_many",
                self.mmr_lambda_many,
                (0.0..=1.0).contains(&self.mmr_lambda_many),
                "a number in [0, 1]",
            ),
            (
                "redundancy_threshold",
                self.redundancy_threshold,
                self.redundancy_threshold > 0.0 && self.redundancy_threshold <= 1.0,
                "a number in (0, 1]",
            ),
            (
                "damping",
                self.damping,
                (0.0..1.0).contains(&self.damping),
                "a number in [0, 1)",
            ),
            (
                "prior_weight",
                self.prior_weight,
                self.prior_weight.is_finite() && self.prior_weight >= 0.0,
                "a finite number ≥ 0",
            ),
            (
                "query_floor",
                self.query_floor,
                self.query_floor.is_finite() && self.query_floor > 0.0,
                "a finite number > 0",
            ),
        ];
        match checks.into_iter().find(|&(_, _, valid, _)| !valid) {
            Some((name, value, _, expected)) => Err(Error::InvalidOption {
                name,
                value,
                expected,
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_are_validated() {
        assert!(Budget::Sentences(1).validate().is_ok());
        assert!(Budget::Words(1).validate().is_ok());
        assert!(Budget::Ratio(1.0).validate().is_ok());
        for bad in [
            Budget::Sentences(0),
            Budget::Words(0),
            Budget::Ratio(0.0),
            Budget::Ratio(-0.1),
            Budget::Ratio(1.01),
            Budget::Ratio(f64::NAN),
            Budget::Ratio(f64::INFINITY),
        ] {
            assert!(
                matches!(bad.validate(), Err(Error::InvalidBudget { .. })),
                "{bad:?}"
            );
        }
        let message = Budget::Sentences(0).validate().unwrap_err().to_string();
        assert_eq!(message, "invalid budget Sentences(0): at least 1 sentence");
    }

    #[test]
    fn ratios_count_words_and_round_up() {
        assert_eq!(Budget::Ratio(0.4).limits(100), (usize::MAX, 40));
        assert_eq!(Budget::Ratio(0.4).limits(101), (usize::MAX, 41));
        assert_eq!(Budget::Ratio(0.01).limits(3), (usize::MAX, 1));
        assert_eq!(Budget::Ratio(1.0).limits(0), (usize::MAX, 1));
        assert_eq!(Budget::Sentences(3).limits(100), (3, usize::MAX));
    }

    #[test]
    fn options_are_validated() {
        assert!(SummarizerOptions::default().validate().is_ok());
        let bad = [
            SummarizerOptions {
                mmr_lambda: 1.5,
                ..SummarizerOptions::default()
            },
            SummarizerOptions {
                mmr_lambda: f64::NAN,
                ..SummarizerOptions::default()
            },
            SummarizerOptions {
                damping: 1.0,
                ..SummarizerOptions::default()
            },
            SummarizerOptions {
                lead_weight: Some(-1.0),
                ..SummarizerOptions::default()
            },
            SummarizerOptions {
                length_weight: Some(f64::NAN),
                ..SummarizerOptions::default()
            },
            SummarizerOptions {
                redundancy_threshold: 0.0,
                ..SummarizerOptions::default()
            },
            SummarizerOptions {
                prior_weight: f64::INFINITY,
                ..SummarizerOptions::default()
            },
            SummarizerOptions {
                query_floor: 0.0,
                ..SummarizerOptions::default()
            },
        ];
        for options in bad {
            assert!(
                matches!(options.validate(), Err(Error::InvalidOption { .. })),
                "{options:?}"
            );
        }
        let error = SummarizerOptions {
            damping: 1.0,
            ..SummarizerOptions::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid option damping = 1: expected a number in [0, 1)"
        );
    }
}
