//! Summaries and keyphrases of stored documents: one rule for every caller (a stored
//! document is analysed in the corpus's language, against the corpus's statistics blended
//! with the background table), and a summary that can be computed without the corpus
//! ([`SummaryJob`]), so that a shared corpus is not held for the slow part.

use std::collections::HashMap;
use std::sync::Arc;

use lede_stem::Language;
use lede_summarize::{Budget, Summarizer};
use lede_tfidf::{Blend, DocumentFrequencies, Keyphrase};

use super::{Corpus, Entry, MAX_SUMMARY_DOCUMENTS, MAX_SUMMARY_TEXT_BYTES, SummarySentence};
use crate::Error;
use crate::request::{KeywordsRequest, OptionViolation, SummaryRequest, summarizer};

impl Corpus {
    /// The language a request about a stored document is analysed in: the corpus's, whose
    /// statistics weight its terms. A request may name it or leave it out (`None`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOptions`] (field `language`) for another language: its stems would
    /// be looked up in statistics of another language's stems.
    pub fn document_language(&self, requested: Option<Language>) -> Result<Language, Error> {
        let language = self.options.language;
        match requested {
            Some(other) if other != language => Err(Error::InvalidOptions {
                violations: vec![OptionViolation {
                    field: "language",
                    description: format!(
                        "must be empty or the corpus language, {}, for a corpus document",
                        language.iso_code()
                    ),
                }],
            }),
            _ => Ok(language),
        }
    }

    /// The keyphrases of the document named `name`, ranked against the corpus's statistics
    /// blended with the background table (unless the request turns it off), in the corpus's
    /// language; see [`keywords_of_text`](crate::keywords_of_text) for inline text.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOptions`] for options out of range; [`Error::NotFound`] if no
    /// document has that name.
    pub fn keywords(&self, name: &str, request: &KeywordsRequest) -> Result<Vec<Keyphrase>, Error> {
        request.validate()?;
        let entry = self.documents.get(name).ok_or_else(|| Error::NotFound {
            name: name.to_owned(),
        })?;
        let mut extractor = request.extractor(self.options.language, self.background);
        Ok(extractor.extract(&entry.document.text, &self.stats))
    }

    /// One extractive summary of the documents named in `names` (or, for `None`, of the
    /// documents [`summary_documents`](Self::summary_documents) chooses), as `request`
    /// asks, every sentence attributed to its document. Term weights come from the
    /// documents' sentences with the corpus's statistics (blended with the background
    /// table) as the prior; the summarizer's options are the corpus's with the request's
    /// applied.
    ///
    /// The work is bounded whatever the corpus's size: at most [`MAX_SUMMARY_DOCUMENTS`]
    /// named documents, at most
    /// [`MAX_AUTO_SUMMARY_DOCUMENTS`](crate::MAX_AUTO_SUMMARY_DOCUMENTS) chosen ones, and
    /// at most [`MAX_SUMMARY_TEXT_BYTES`] of text in all (chosen documents past it are left
    /// out). [`summary_job`](Self::summary_job) gives the same summary without holding the
    /// corpus while it is computed.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOptions`] for options out of range; [`Error::NotFound`] for a name
    /// no document has; [`Error::LimitExceeded`] for more than [`MAX_SUMMARY_DOCUMENTS`]
    /// names or named documents of more than [`MAX_SUMMARY_TEXT_BYTES`] together.
    pub fn summarize(
        &self,
        names: Option<&[&str]>,
        request: &SummaryRequest,
    ) -> Result<Vec<SummarySentence<'_>>, Error> {
        let summarizer = self.summarizer_for(request)?;
        let chosen = self.summary_entries(names, request)?;
        let names: Vec<&str> = chosen.iter().map(|(name, _)| *name).collect();
        let texts: Vec<&str> = chosen
            .iter()
            .map(|(_, entry)| entry.document.text.as_str())
            .collect();
        run(&summarizer, &names, &texts, request, &self.stats)
    }

    /// What [`summarize`](Self::summarize) reads, copied out of the corpus: the documents'
    /// names and texts (at most [`MAX_SUMMARY_TEXT_BYTES`]) and the corpus's document
    /// frequencies of their terms and the query's. [`SummaryJob::run`] then makes exactly
    /// the summary `summarize` makes, without the corpus: a caller that shares the corpus
    /// behind a lock releases it before the slow part (the summary itself is some hundred
    /// times the work of the copy).
    ///
    /// # Errors
    ///
    /// As [`summarize`](Self::summarize).
    pub fn summary_job(
        &self,
        names: Option<&[&str]>,
        request: &SummaryRequest,
    ) -> Result<SummaryJob, Error> {
        let summarizer = self.summarizer_for(request)?;
        let chosen = self.summary_entries(names, request)?;
        let vocabulary = self.stats.vocabulary();
        let mut frequencies = HashMap::new();
        let mut add = |id| {
            if let Some(term) = vocabulary.text(id) {
                frequencies
                    .entry(Box::<str>::from(term))
                    .or_insert_with(|| self.stats.df(id));
            }
        };
        for (_, entry) in &chosen {
            for &(id, _) in entry.analysis.terms.counts() {
                add(id);
            }
        }
        if let Some(query) = &request.query {
            for &(id, _) in self.count_query(query).counts() {
                add(id);
            }
        }
        Ok(SummaryJob {
            names: chosen.iter().map(|(name, _)| (*name).to_owned()).collect(),
            texts: chosen
                .iter()
                .map(|(_, entry)| entry.document.text.clone())
                .collect(),
            frequencies: Frequencies {
                documents: self.stats.documents(),
                df: frequencies,
            },
            summarizer,
            request: request.clone(),
        })
    }

    /// The summarizer of `request` (validated) over the corpus's summarizer options.
    fn summarizer_for(&self, request: &SummaryRequest) -> Result<Arc<Summarizer>, Error> {
        request.validate()?;
        let base = self.options.summarizer.with_language(self.options.language);
        summarizer(request.summarizer_options(base))
    }

    /// The documents a summary reads, with their entries.
    fn summary_entries(
        &self,
        names: Option<&[&str]>,
        request: &SummaryRequest,
    ) -> Result<Vec<(&str, &Entry)>, Error> {
        let Some(names) = names else {
            let mut bytes = 0usize;
            return Ok(self
                .summary_documents(request.query.as_deref())?
                .into_iter()
                .filter_map(|name| self.documents.get_key_value(name))
                .map(|(name, entry)| (name.as_str(), entry))
                .filter(|(_, entry)| {
                    bytes = bytes.saturating_add(entry.document.text.len());
                    bytes <= MAX_SUMMARY_TEXT_BYTES
                })
                .collect());
        };
        if names.len() > MAX_SUMMARY_DOCUMENTS {
            return Err(Error::LimitExceeded {
                what: "documents in one summary",
                requested: names.len(),
                limit: MAX_SUMMARY_DOCUMENTS,
            });
        }
        let chosen = names
            .iter()
            .map(|&name| {
                self.documents
                    .get_key_value(name)
                    .map(|(name, entry)| (name.as_str(), entry))
                    .ok_or_else(|| Error::NotFound {
                        name: name.to_owned(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let bytes = chosen
            .iter()
            .map(|(_, entry)| entry.document.text.len())
            .fold(0usize, usize::saturating_add);
        if bytes > MAX_SUMMARY_TEXT_BYTES {
            return Err(Error::LimitExceeded {
                what: "bytes of text in one summary",
                requested: bytes,
                limit: MAX_SUMMARY_TEXT_BYTES,
            });
        }
        Ok(chosen)
    }
}

/// A summary of stored documents ready to be computed without the corpus, from
/// [`Corpus::summary_job`].
#[derive(Debug)]
pub struct SummaryJob {
    names: Vec<String>,
    texts: Vec<String>,
    frequencies: Frequencies,
    summarizer: Arc<Summarizer>,
    request: SummaryRequest,
}

impl SummaryJob {
    /// The summary, equal to what [`Corpus::summarize`] gives for the same documents and
    /// request; its sentences borrow the job's copies of names and texts.
    ///
    /// # Errors
    ///
    /// [`Error::Statistics`] only in theory (more than `u32::MAX` terms in the texts).
    pub fn run(&self) -> Result<Vec<SummarySentence<'_>>, Error> {
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let texts: Vec<&str> = self.texts.iter().map(String::as_str).collect();
        run(
            &self.summarizer,
            &names,
            &texts,
            &self.request,
            &self.frequencies,
        )
    }

    /// The text of the document named `name` among the job's (what the spans of its
    /// sentences point into).
    #[must_use]
    pub fn text(&self, name: &str) -> Option<&str> {
        let index = self.names.iter().position(|found| found == name)?;
        self.texts.get(index).map(String::as_str)
    }
}

/// The corpus's document frequencies of some terms: all a summary of some of its
/// documents looks up.
#[derive(Debug)]
struct Frequencies {
    documents: u64,
    df: HashMap<Box<str>, u64>,
}

impl DocumentFrequencies for Frequencies {
    fn document_count(&self) -> u64 {
        self.documents
    }

    fn document_frequency(&self, term: &str) -> u64 {
        self.df.get(term).copied().unwrap_or(0)
    }
}

/// The one summary computation of stored documents: `stats` (the corpus's, or a copy of
/// what is needed of them) blended with the summarizer's background as the prior.
fn run<'a, C: DocumentFrequencies + ?Sized>(
    summarizer: &Summarizer,
    names: &[&'a str],
    texts: &[&'a str],
    request: &SummaryRequest,
    stats: &C,
) -> Result<Vec<SummarySentence<'a>>, Error> {
    let prior = Blend::new(stats, summarizer.background());
    let budget: Budget = request.budget;
    let summary = summarizer.summarize_with(texts, budget, request.query.as_deref(), &prior)?;
    Ok(summary
        .sentences
        .into_iter()
        .filter_map(|sentence| {
            Some(SummarySentence {
                name: names.get(sentence.document)?,
                text: sentence.text,
                span: sentence.span,
                index: sentence.index,
                score: sentence.score,
                rank: sentence.rank,
            })
        })
        .collect())
}
