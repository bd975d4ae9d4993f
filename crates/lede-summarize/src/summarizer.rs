//! The summarizer: sentences → features and term vectors → graph → scores → MMR selection.

use std::sync::Mutex;

use lede_tfidf::{
    Analyzer, Background, CorpusStats, DocumentFrequencies, DocumentTerms, Ngrams, Norm,
    SparseVector, TermCounter, TermId,
};
use lede_tokenize::{SentenceSplitter, Span};

use crate::features::Features;
use crate::graph::Graph;
use crate::{Budget, Error, Order, SummarizerOptions};

/// How many idle analyzers a summarizer keeps for reuse (one per thread that used it at once).
const POOL_SIZE: usize = 8;

/// One sentence of a summary.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SummarySentence<'a> {
    /// The sentence as written, a slice of its document.
    pub text: &'a str,
    /// Where the sentence is in its document, in bytes: `text == &document[span.range()]`.
    pub span: Span,
    /// The index of its document in the input (0 for a single document).
    pub document: usize,
    /// Its index among the sentences of its document (as [`lede_tokenize::sentences`] splits
    /// it, headlines included), 0-based.
    pub index: usize,
    /// Its score: centrality × lead prior × form (× query focus); comparable within one
    /// summary only.
    pub score: f64,
    /// The order in which it was chosen, 1 for the first: the best sentence, then the best
    /// of the rest after redundancy is discounted (maximal marginal relevance), so scores need
    /// not fall strictly with rank.
    pub rank: usize,
}

/// An extractive summary: sentences of the input, each with its document, span, score and
/// rank, in the [`Order`] the options asked for.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Summary<'a> {
    /// The chosen sentences.
    pub sentences: Vec<SummarySentence<'a>>,
}

impl<'a> Summary<'a> {
    /// The number of sentences.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Whether the summary has no sentence (the input had none to offer).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The sentences in order.
    pub fn iter(&self) -> std::slice::Iter<'_, SummarySentence<'a>> {
        self.sentences.iter()
    }

    /// The number of words (white-space separated) of all sentences.
    #[must_use]
    pub fn words(&self) -> usize {
        self.sentences
            .iter()
            .map(|sentence| sentence.text.split_whitespace().count())
            .sum()
    }

    /// The summary as one text: the sentences joined by a space, line breaks inside a
    /// sentence folded to spaces.
    #[must_use]
    pub fn text(&self) -> String {
        let mut text = String::new();
        for word in self
            .sentences
            .iter()
            .flat_map(|s| s.text.split_whitespace())
        {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
        text
    }
}

impl<'s, 'a> IntoIterator for &'s Summary<'a> {
    type Item = &'s SummarySentence<'a>;
    type IntoIter = std::slice::Iter<'s, SummarySentence<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.sentences.iter()
    }
}

/// Makes extractive summaries of one document or many; see the [crate documentation](crate)
/// for the model.
///
/// A summarizer holds its options and a small pool of analyzers whose stem caches stay warm
/// between calls, so keep one and reuse it. It is `Send + Sync`: threads can share one.
#[derive(Debug)]
pub struct Summarizer {
    options: SummarizerOptions,
    background: Option<&'static Background>,
    analyzers: Mutex<Vec<Analyzer>>,
}

impl Clone for Summarizer {
    fn clone(&self) -> Self {
        Self {
            options: self.options,
            background: self.background,
            analyzers: Mutex::new(Vec::new()),
        }
    }
}

impl Default for Summarizer {
    /// A summarizer for English with the default options.
    fn default() -> Self {
        let options = SummarizerOptions::default();
        Self {
            options,
            background: Background::for_language(options.language),
            analyzers: Mutex::new(Vec::new()),
        }
    }
}

/// One sentence of the input, as the model sees it.
#[derive(Debug)]
struct Unit<'a> {
    text: &'a str,
    span: Span,
    document: usize,
    index: usize,
    features: Features,
    /// Its place among the candidates of its document (0 = the lead), and that as a share of
    /// the document's candidates; for candidates only.
    position: Option<(usize, f64)>,
    /// Its node in the graph (every sentence but boilerplate is one).
    node: Option<usize>,
    /// The distinct numbers it states (`35`, `27`, `2.2%`), sorted: see [`states_same_facts`].
    numbers: Vec<&'a str>,
}

/// Whether two sentences state the same facts in different words: they share at least two
/// distinct numbers. News reports the same event with the same figures ("35 countries,
/// including 27 heads of state" and "35 participants including 27 heads of State"), while
/// their wording, and so their cosine, can differ widely; one shared number alone (a year, a
/// count) is common between unrelated sentences, two rarely are.
fn states_same_facts(a: &[&str], b: &[&str]) -> bool {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared >= 2
}

/// The distinct numbers of `sentence`, sorted.
fn numbers_of(sentence: &str) -> Vec<&str> {
    let mut numbers: Vec<&str> = lede_tokenize::tokenize(sentence)
        .filter(|token| token.kind == lede_tokenize::TokenKind::Number)
        .map(|token| token.text)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

impl Summarizer {
    /// A summarizer with `options`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] if a field is out of range (see
    /// [`SummarizerOptions::validate`]).
    pub fn new(options: SummarizerOptions) -> Result<Self, Error> {
        options.validate()?;
        let background = if options.background {
            Background::for_language(options.language)
        } else {
            None
        };
        Ok(Self {
            options,
            background,
            analyzers: Mutex::new(Vec::new()),
        })
    }

    /// The options in use.
    #[must_use]
    pub const fn options(&self) -> &SummarizerOptions {
        &self.options
    }

    /// The background table blended into IDF, if any (English only, unless turned off).
    #[must_use]
    pub const fn background(&self) -> Option<&'static Background> {
        self.background
    }

    /// The summary of one document, within `budget`.
    ///
    /// IDF comes from the document's sentences blended with the background table (see the
    /// [crate documentation](crate)); use [`summarize_with`](Self::summarize_with) to weight
    /// terms by a corpus's statistics instead. Same as
    /// [`summarize_many`](Self::summarize_many) with one document and no query.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBudget`] for a budget that asks for nothing.
    pub fn summarize<'a>(&self, text: &'a str, budget: Budget) -> Result<Summary<'a>, Error> {
        self.run::<CorpusStats>(&[text], budget, None, None)
    }

    /// One summary of several documents (sentences pooled, near-duplicates across documents
    /// removed, each sentence attributed to its document), optionally focused on `query`.
    ///
    /// IDF comes from the documents' sentences blended with the background table. A query
    /// biases both the random walk and the scores towards sentences that share its terms; a
    /// query none of whose terms occur in the documents changes nothing. A [`Budget::Ratio`]
    /// is a share of all the documents' words together.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBudget`] for a budget that asks for nothing.
    pub fn summarize_many<'a>(
        &self,
        documents: &[&'a str],
        budget: Budget,
        query: Option<&str>,
    ) -> Result<Summary<'a>, Error> {
        self.run::<CorpusStats>(documents, budget, query, None)
    }

    /// Like [`summarize_many`](Self::summarize_many), with `corpus` as the prior of the IDF
    /// in place of the background table: for a corpus that keeps its own statistics (pass a
    /// [`lede_tfidf::Blend`] of them with the background to have both). The documents'
    /// sentences still count as documents, and the prior counts
    /// [`prior_weight`](SummarizerOptions::prior_weight) times as much as they do; see the
    /// [crate documentation](crate). `corpus` should count terms as an [`Analyzer`] with all
    /// steps on for the summarizer's language produces them.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBudget`] for a budget that asks for nothing.
    pub fn summarize_with<'a, C>(
        &self,
        documents: &[&'a str],
        budget: Budget,
        query: Option<&str>,
        corpus: &C,
    ) -> Result<Summary<'a>, Error>
    where
        C: DocumentFrequencies + ?Sized,
    {
        self.run(documents, budget, query, Some(corpus))
    }

    fn take_analyzer(&self) -> Analyzer {
        let pooled = self.analyzers.lock().map_or(None, |mut pool| pool.pop());
        pooled.unwrap_or_else(|| Analyzer::new(self.options.language))
    }

    fn return_analyzer(&self, analyzer: Analyzer) {
        if let Ok(mut pool) = self.analyzers.lock()
            && pool.len() < POOL_SIZE
        {
            pool.push(analyzer);
        }
    }

    fn run<'a, C>(
        &self,
        documents: &[&'a str],
        budget: Budget,
        query: Option<&str>,
        corpus: Option<&C>,
    ) -> Result<Summary<'a>, Error>
    where
        C: DocumentFrequencies + ?Sized,
    {
        let budget = budget.validate()?;
        let mut analyzer = self.take_analyzer();
        let result = self.summarize_analyzed(&mut analyzer, documents, budget, query, corpus);
        self.return_analyzer(analyzer);
        result
    }

    fn summarize_analyzed<'a, C>(
        &self,
        analyzer: &mut Analyzer,
        documents: &[&'a str],
        budget: Budget,
        query: Option<&str>,
        corpus: Option<&C>,
    ) -> Result<Summary<'a>, Error>
    where
        C: DocumentFrequencies + ?Sized,
    {
        let options = &self.options;
        // 1. Sentences, their features, their terms; the statistics of the documents.
        let splitter = SentenceSplitter::new().line_breaks(options.line_breaks);
        let mut counter = TermCounter::new(Ngrams::Unigrams);
        let mut stats = CorpusStats::new();
        let mut units: Vec<Unit<'a>> = Vec::new();
        let mut terms: Vec<DocumentTerms> = Vec::new();
        let mut total_words = 0usize;
        for (document, text) in documents.iter().enumerate() {
            let first_unit = units.len();
            let found: Vec<_> = splitter
                .split(text)
                .map(|sentence| (sentence, Features::of(text, sentence.span)))
                .collect();
            let mut candidates = 0usize;
            for (index, (sentence, features)) in found.into_iter().enumerate() {
                total_words += features.words;
                let node = if features.boilerplate {
                    None
                } else {
                    let counts = counter.count(analyzer, stats.vocabulary_mut(), sentence.text)?;
                    stats.add(&counts)?;
                    terms.push(counts);
                    Some(terms.len() - 1)
                };
                let position = features.eligible(options.min_words).then(|| {
                    candidates += 1;
                    (candidates - 1, 0.0)
                });
                units.push(Unit {
                    text: sentence.text,
                    span: sentence.span,
                    document,
                    index,
                    features,
                    position,
                    node,
                    numbers: numbers_of(sentence.text),
                });
            }
            for unit in &mut units[first_unit..] {
                if let Some((place, share)) = &mut unit.position {
                    *share = *place as f64 / candidates as f64;
                }
            }
        }
        if units.iter().all(|unit| unit.position.is_none()) {
            return Ok(Summary::default());
        }

        // 2. IDF of every term: the sentences as documents, blended with the prior (the
        //    background table or the caller's corpus) scaled to count as much as they do.
        let vocabulary = stats.vocabulary();
        let idf: Vec<f64> = match corpus {
            Some(corpus) => idf_table(&stats, corpus, options.prior_weight),
            None => match self.background {
                Some(background) => idf_table(&stats, background, options.prior_weight),
                None => idf_table(&stats, &NoPrior, 0.0),
            },
        };
        let vector = |counts: &DocumentTerms| -> SparseVector { weighted(counts, &idf) };
        let vectors: Vec<SparseVector> = terms.iter().map(vector).collect();

        // 3. Query relevance: cosine of the query's vector with each sentence's.
        let relevance: Option<Vec<f64>> = query.and_then(|query| {
            let query_terms = counter.count_known(analyzer, vocabulary, query);
            let query_vector = vector(&query_terms);
            let relevance: Vec<f64> = vectors.iter().map(|v| v.dot(&query_vector)).collect();
            relevance.iter().any(|&r| r > 0.0).then_some(relevance)
        });
        let focus = |node: usize| -> f64 {
            relevance
                .as_ref()
                .map_or(1.0, |relevance| options.query_floor + relevance[node])
        };

        // 4. Centrality: LexRank, its jumps biased towards the query if there is one.
        let graph = Graph::build(&vectors);
        let teleport: Vec<f64> = (0..vectors.len()).map(focus).collect();
        let rank = graph.lexrank(options.damping, &teleport);
        let nodes = vectors.len() as f64;
        let (lead_weight, length_weight) = options.priors(documents.len(), relevance.is_some());
        let (candidate_words, candidates) = units
            .iter()
            .filter(|unit| unit.position.is_some())
            .fold((0usize, 0usize), |(words, count), unit| {
                (words + unit.features.words, count + 1)
            });
        // At least one candidate exists (checked above), with at least one word.
        let mean_words = candidate_words as f64 / candidates.max(1) as f64;

        // 5. Scores of the candidates.
        let scores: Vec<f64> = units
            .iter()
            .map(|unit| match (unit.position, unit.node) {
                (Some((place, _)), Some(node)) => {
                    let centrality = rank[node] * nodes;
                    let lead = 1.0 + lead_weight / (1.0 + place as f64);
                    let length = (unit.features.words as f64 / mean_words).powf(-length_weight);
                    centrality * lead * length * unit.features.weight() * focus(node)
                }
                _ => 0.0,
            })
            .collect();

        // 6. Selection within the budget, redundancy discounted.
        let mut with_candidates = units
            .iter()
            .filter(|unit| unit.position.is_some())
            .map(|unit| unit.document);
        let first = with_candidates.next();
        let several = with_candidates.any(|document| Some(document) != first);
        let lambda = if several {
            options.mmr_lambda_many
        } else {
            options.mmr_lambda
        };
        let limits = budget.limits(total_words);
        let selection = select(
            &units,
            &scores,
            &graph,
            limits,
            lambda,
            options.redundancy_threshold,
        );

        // 7. Output in the order asked for, each sentence with its rank (1 = chosen first).
        let mut ranked: Vec<(usize, usize)> = selection
            .iter()
            .enumerate()
            .map(|(rank, &index)| (index, rank + 1))
            .collect();
        if options.order == Order::Document {
            let key = |index: usize| {
                let unit = &units[index];
                let share = unit.position.map_or(0.0, |(_, share)| share);
                (share, unit.document, unit.index)
            };
            ranked.sort_by(|&(a, _), &(b, _)| {
                let (a, b) = (key(a), key(b));
                a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
            });
        }
        let sentences = ranked
            .into_iter()
            .map(|(index, rank)| {
                let unit = &units[index];
                SummarySentence {
                    text: unit.text,
                    span: unit.span,
                    document: unit.document,
                    index: unit.index,
                    score: scores[index],
                    rank,
                }
            })
            .collect();
        Ok(Summary { sentences })
    }
}

/// A prior that knows no documents.
struct NoPrior;

impl DocumentFrequencies for NoPrior {
    fn document_count(&self) -> u64 {
        0
    }

    fn document_frequency(&self, _term: &str) -> u64 {
        0
    }
}

/// The IDF of every term of `stats`, blended with `prior` weighted to count as `weight`
/// times as many documents as `stats` has (the formula of [`lede_tfidf::Blend`], with
/// any prior).
fn idf_table<P: DocumentFrequencies + ?Sized>(
    stats: &CorpusStats,
    prior: &P,
    weight: f64,
) -> Vec<f64> {
    let prior_documents = prior.document_count();
    let scale = if prior_documents == 0 {
        0.0
    } else {
        weight * stats.documents() as f64 / prior_documents as f64
    };
    let documents = stats.documents() as f64 + scale * prior_documents as f64;
    stats
        .vocabulary()
        .iter()
        .map(|(id, term)| {
            let df = stats.df(id) as f64 + scale * prior.document_frequency(term) as f64;
            // Smooth IDF, as `Blend::idf` computes it.
            ((1.0 + documents) / (1.0 + df.min(documents))).ln() + 1.0
        })
        .collect()
}

/// The unit-length TF-IDF vector of `counts` with the given IDF per term id.
fn weighted(counts: &DocumentTerms, idf: &[f64]) -> SparseVector {
    let entries = counts.counts().iter().map(|&(id, count): &(TermId, u32)| {
        let idf = idf.get(id.index()).copied().unwrap_or(1.0);
        (id, f64::from(count) * idf)
    });
    // Counts and IDFs are finite, so the weights are.
    let mut vector = SparseVector::new(entries).unwrap_or_default();
    vector.normalize(Norm::L2);
    vector
}

/// Maximal marginal relevance within the budget (`(max sentences, max words)`): the indices
/// of the chosen units, best first.
fn select(
    units: &[Unit<'_>],
    scores: &[f64],
    graph: &Graph,
    (max_sentences, max_words): (usize, usize),
    lambda: f64,
    threshold: f64,
) -> Vec<usize> {
    let best = scores.iter().copied().fold(0.0f64, f64::max);
    if best <= 0.0 {
        return Vec::new();
    }
    // Per graph node: its highest similarity to a chosen sentence.
    let mut redundancy = vec![0.0f64; graph.len()];
    let mut taken = vec![false; units.len()];
    let mut chosen = Vec::new();
    let mut words = 0usize;
    // The candidate with the best marginal value among those `fits` accepts; ties go to the
    // earlier sentence.
    let pick = |taken: &[bool], redundancy: &[f64], fits: &dyn Fn(&Unit<'_>) -> bool| {
        let mut found: Option<(usize, f64)> = None;
        for (index, unit) in units.iter().enumerate() {
            let Some(node) = unit.node else { continue };
            if scores[index] <= 0.0 || taken[index] || redundancy[node] >= threshold || !fits(unit)
            {
                continue;
            }
            let value = lambda * scores[index] / best - (1.0 - lambda) * redundancy[node];
            if found.is_none_or(|(_, best_value)| value > best_value) {
                found = Some((index, value));
            }
        }
        found.map(|(index, _)| index)
    };
    while chosen.len() < max_sentences {
        let remaining = max_words - words;
        let Some(index) = pick(&taken, &redundancy, &|unit| {
            unit.features.words <= remaining
        }) else {
            break;
        };
        taken[index] = true;
        chosen.push(index);
        words += units[index].features.words;
        if let Some(node) = units[index].node {
            for &(other, similarity) in graph.row(node) {
                let other = other as usize;
                redundancy[other] = redundancy[other].max(similarity);
            }
        }
        if units[index].numbers.len() >= 2 {
            for unit in units {
                if let Some(node) = unit.node
                    && states_same_facts(&units[index].numbers, &unit.numbers)
                {
                    redundancy[node] = redundancy[node].max(threshold);
                }
            }
        }
    }
    if chosen.is_empty() {
        // Every candidate is longer than the word budget: the best one alone.
        chosen.extend(pick(&taken, &redundancy, &|_| true));
    }
    chosen
}
