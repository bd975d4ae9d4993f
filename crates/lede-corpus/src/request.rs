//! The options of one query, checked in one place: a summary ([`SummaryRequest`]) or
//! keyphrases ([`KeywordsRequest`]), whether of stored documents ([`Corpus::summarize`],
//! [`Corpus::keywords`]) or of inline text ([`summarize_texts`], [`keywords_of_text`]).
//!
//! Each `validate` reports every field out of range at once ([`Error::InvalidOptions`]),
//! named as the fields of the API's `SummaryOptions` and `KeywordOptions` are
//! (`budget.sentences`, `mmr_lambda`, `top_k`), so that a server turns them into field
//! violations without checking anything again.
//!
//! [`Corpus::summarize`]: crate::Corpus::summarize
//! [`Corpus::keywords`]: crate::Corpus::keywords

use std::sync::{Arc, Mutex};

use lede_stem::Language;
use lede_summarize::{Budget, Model, Order, Summarizer, SummarizerOptions, Summary};
use lede_tfidf::{Background, Keyphrase, KeyphraseExtractor, KeyphraseOptions, MAX_PHRASE_WORDS};

use crate::Error;

/// What is wrong with one option of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionViolation {
    /// The option, as the API's options message names it: `budget.sentences`,
    /// `budget.words`, `budget.ratio`, `lead_weight`, `length_weight`, `mmr_lambda`,
    /// `top_k`, `max_words`; `language` for a language that does not fit the input.
    pub field: &'static str,
    /// What a valid value is.
    pub description: String,
}

impl std::fmt::Display for OptionViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.field, self.description)
    }
}

/// The most keyphrases one request returns (a larger `top_k` is cut to it).
pub const MAX_KEYWORDS: usize = 1000;

/// The options of one summary; [`Default`] is three sentences in document order, the
/// background table on, every weight the model's.
///
/// Options left `None` take the summarizer's: the corpus's
/// [`CorpusOptions::summarizer`](crate::CorpusOptions::summarizer) for stored documents, the
/// defaults of `lede-summarize` for inline text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SummaryRequest {
    /// How long the summary may be (default three sentences).
    pub budget: Budget,
    /// Focus the summary on sentences that share terms with this query; for a summary of
    /// the whole corpus, also which documents it reads.
    pub query: Option<String>,
    /// The order of the sentences.
    pub order: Option<Order>,
    /// Which priors apply.
    pub model: Option<Model>,
    /// γ of the lead prior: finite and ≥ 0.
    pub lead_weight: Option<f64>,
    /// ρ of the length prior: finite and ≥ 0.
    pub length_weight: Option<f64>,
    /// λ of maximal marginal relevance, for one document and for several alike: in [0, 1].
    pub mmr_lambda: Option<f64>,
    /// Blend the background table into term weights (English only).
    pub background: Option<bool>,
}

impl Default for SummaryRequest {
    fn default() -> Self {
        Self {
            budget: Budget::Sentences(3),
            query: None,
            order: None,
            model: None,
            lead_weight: None,
            length_weight: None,
            mmr_lambda: None,
            background: None,
        }
    }
}

impl SummaryRequest {
    /// Sets [`budget`](Self::budget).
    #[must_use]
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    /// Sets [`query`](Self::query); an empty or blank query is none.
    #[must_use]
    pub fn with_query(mut self, query: Option<&str>) -> Self {
        self.query = query
            .filter(|query| !query.trim().is_empty())
            .map(str::to_owned);
        self
    }

    /// Sets [`order`](Self::order).
    #[must_use]
    pub fn with_order(mut self, order: Order) -> Self {
        self.order = Some(order);
        self
    }

    /// Sets [`model`](Self::model).
    #[must_use]
    pub fn with_model(mut self, model: Model) -> Self {
        self.model = Some(model);
        self
    }

    /// Sets [`lead_weight`](Self::lead_weight).
    #[must_use]
    pub fn with_lead_weight(mut self, weight: Option<f64>) -> Self {
        self.lead_weight = weight;
        self
    }

    /// Sets [`length_weight`](Self::length_weight).
    #[must_use]
    pub fn with_length_weight(mut self, weight: Option<f64>) -> Self {
        self.length_weight = weight;
        self
    }

    /// Sets [`mmr_lambda`](Self::mmr_lambda).
    #[must_use]
    pub fn with_mmr_lambda(mut self, lambda: Option<f64>) -> Self {
        self.mmr_lambda = lambda;
        self
    }

    /// Sets [`background`](Self::background).
    #[must_use]
    pub fn with_background(mut self, background: bool) -> Self {
        self.background = Some(background);
        self
    }

    /// Checks every option.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOptions`] listing every option out of range.
    pub fn validate(&self) -> Result<(), Error> {
        let mut violations = Vec::new();
        let mut add = |field: &'static str, description: &str| {
            violations.push(OptionViolation {
                field,
                description: description.to_owned(),
            });
        };
        match self.budget {
            Budget::Sentences(0) => add("budget.sentences", "must be at least 1"),
            Budget::Words(0) => add("budget.words", "must be at least 1"),
            Budget::Ratio(ratio) if !(ratio > 0.0 && ratio <= 1.0) => {
                add("budget.ratio", "must be in (0, 1]");
            }
            _ => {}
        }
        for (field, weight) in [
            ("lead_weight", self.lead_weight),
            ("length_weight", self.length_weight),
        ] {
            if weight.is_some_and(|weight| !(weight.is_finite() && weight >= 0.0)) {
                add(field, "must be a finite number >= 0");
            }
        }
        if self
            .mmr_lambda
            .is_some_and(|lambda| !(0.0..=1.0).contains(&lambda))
        {
            add("mmr_lambda", "must be in [0, 1]");
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidOptions { violations })
        }
    }

    /// `base` with these options applied (the request validated).
    pub(crate) fn summarizer_options(&self, base: SummarizerOptions) -> SummarizerOptions {
        let mut options = base;
        if let Some(order) = self.order {
            options.order = order;
        }
        if let Some(model) = self.model {
            options.model = model;
        }
        if self.lead_weight.is_some() {
            options.lead_weight = self.lead_weight;
        }
        if self.length_weight.is_some() {
            options.length_weight = self.length_weight;
        }
        if let Some(lambda) = self.mmr_lambda {
            options.mmr_lambda = lambda;
            options.mmr_lambda_many = lambda;
        }
        if let Some(background) = self.background {
            options.background = background;
        }
        options
    }
}

/// The options of one keyphrase extraction; [`Default`] is the ten best phrases of up to
/// three words, the background table on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeywordsRequest {
    /// How many phrases, at least 1 (more than [`MAX_KEYWORDS`] are cut to it).
    pub top_k: usize,
    /// The most words of a phrase, 1 to 4.
    pub max_words: usize,
    /// Blend the background table into IDF (English only).
    pub background: bool,
}

impl Default for KeywordsRequest {
    fn default() -> Self {
        Self {
            top_k: 10,
            max_words: 3,
            background: true,
        }
    }
}

impl KeywordsRequest {
    /// Sets [`top_k`](Self::top_k).
    #[must_use]
    pub const fn with_top_k(mut self, top_k: usize) -> Self {
        self.top_k = top_k;
        self
    }

    /// Sets [`max_words`](Self::max_words).
    #[must_use]
    pub const fn with_max_words(mut self, max_words: usize) -> Self {
        self.max_words = max_words;
        self
    }

    /// Sets [`background`](Self::background).
    #[must_use]
    pub const fn with_background(mut self, background: bool) -> Self {
        self.background = background;
        self
    }

    /// Checks every option.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOptions`] listing every option out of range.
    pub fn validate(&self) -> Result<(), Error> {
        let mut violations = Vec::new();
        if self.top_k == 0 {
            violations.push(OptionViolation {
                field: "top_k",
                description: "must be at least 1".to_owned(),
            });
        }
        if !(1..=MAX_PHRASE_WORDS).contains(&self.max_words) {
            violations.push(OptionViolation {
                field: "max_words",
                description: format!("must be between 1 and {MAX_PHRASE_WORDS}"),
            });
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidOptions { violations })
        }
    }

    /// The extractor of these options (validated) for `language`, with `background` if the
    /// request wants one.
    pub(crate) fn extractor(
        &self,
        language: Language,
        background: Option<&'static Background>,
    ) -> KeyphraseExtractor<'static> {
        let options = KeyphraseOptions::default()
            .with_top_k(self.top_k.min(MAX_KEYWORDS))
            .with_max_words(self.max_words);
        KeyphraseExtractor::with_options(language, options)
            .with_background(background.filter(|_| self.background))
    }
}

/// Summarizers kept for reuse: a summarizer's analyzers keep their stem caches warm between
/// calls, which one made per request never would. A few option sets cover what clients
/// send (most send none); the least recently used goes first.
static SUMMARIZERS: Mutex<Vec<Arc<Summarizer>>> = Mutex::new(Vec::new());

/// How many summarizers [`SUMMARIZERS`] keeps.
const CACHED_SUMMARIZERS: usize = 8;

/// A summarizer with `options`, reused if one was made with the same options.
pub(crate) fn summarizer(options: SummarizerOptions) -> Result<Arc<Summarizer>, Error> {
    let mut cache = SUMMARIZERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(index) = cache.iter().position(|found| *found.options() == options) {
        let found = cache.remove(index);
        cache.push(Arc::clone(&found));
        return Ok(found);
    }
    let made = Arc::new(Summarizer::new(options)?);
    if cache.len() >= CACHED_SUMMARIZERS {
        cache.remove(0);
    }
    cache.push(Arc::clone(&made));
    Ok(made)
}

/// One summary of inline texts (one or several, summarised together) in `language`, term
/// weights from the texts themselves blended with the background table; no corpus is
/// involved (see [`Corpus::summarize`](crate::Corpus::summarize) for stored documents).
///
/// # Errors
///
/// [`Error::InvalidOptions`] for options out of range.
pub fn summarize_texts<'a>(
    texts: &[&'a str],
    language: Language,
    request: &SummaryRequest,
) -> Result<Summary<'a>, Error> {
    request.validate()?;
    let options = request.summarizer_options(SummarizerOptions::for_language(language));
    Ok(summarizer(options)?.summarize_many(texts, request.budget, request.query.as_deref())?)
}

/// The keyphrases of an inline text in `language`, IDF from the background table (and the
/// text alone without it); no corpus is involved (see
/// [`Corpus::keywords`](crate::Corpus::keywords) for a stored document).
///
/// # Errors
///
/// [`Error::InvalidOptions`] for options out of range.
pub fn keywords_of_text(
    text: &str,
    language: Language,
    request: &KeywordsRequest,
) -> Result<Vec<Keyphrase>, Error> {
    request.validate()?;
    let mut extractor = request.extractor(language, Background::for_language(language));
    Ok(extractor.extract_all(&[text]).pop().unwrap_or_default())
}
