//! Trends: the terms whose share of documents rises most in a time window.
//!
//! **Measure.** For each term held by a document of the window, Dunning's log-likelihood
//! ratio G² (Dunning 1993) of the 2×2 table "documents of the window / of the reference,
//! with / without the term", counted only when the term's share of the window's documents is
//! above its share of the reference. The reference is the corpus's documents published
//! before the window plus the background table's documents (Reuters-21578 and 20 Newsgroups
//! document frequencies): the background keeps a corpus with little history from calling
//! every common word a trend, and the corpus's own past makes a story already running before
//! the window fall back. G² rather than a ratio of frequencies or χ²: it stays well behaved
//! for the small counts news terms have (a term in 3 of 40 documents against 0 before), where
//! χ² overstates and a ratio divides by nothing.
//!
//! **Cost.** The window's and the earlier documents are found by a scan of the corpus (their
//! publish times are not indexed), and the terms of the window's documents are counted; the
//! earlier documents' counts come from their stored term counts.

use std::collections::HashMap;

use lede_tfidf::{DocumentFrequencies, TermId};
use lede_tokenize::Span;

use super::Corpus;
use crate::Filter;
use crate::filter::parse_time;

/// A term that rises in a window, from [`Corpus::trends`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Trend<'a> {
    /// The analysed term (a stem).
    pub term: &'a str,
    /// Its most frequent written form in the corpus.
    pub text: &'a str,
    /// In how many of the window's documents it occurs.
    pub window_documents: u64,
    /// In how many documents published before the window it occurs.
    pub before_documents: u64,
    /// Dunning's G², higher is a stronger rise; comparable within one call.
    pub score: f64,
    /// The window's documents that hold it (at most 5, by name), each with the spans of its
    /// occurrences (at most 5 a document).
    pub documents: Vec<(&'a str, Vec<Span>)>,
}

/// `x ln x`, 0 at 0.
fn xlx(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

/// Dunning's G² of the table [[a, b], [c, d]].
fn g2(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = a + b + c + d;
    2.0 * (xlx(a) + xlx(b) + xlx(c) + xlx(d) + xlx(n)
        - xlx(a + b)
        - xlx(c + d)
        - xlx(a + c)
        - xlx(b + d))
}

impl Corpus {
    /// The latest publish time of the corpus's documents (nanoseconds since the Unix
    /// epoch), if any is dated (a scan).
    #[must_use]
    pub fn latest_publish_time(&self) -> Option<i128> {
        self.documents
            .values()
            .filter_map(|entry| entry.document.date.as_deref().and_then(parse_time))
            .max()
    }

    /// The `k` terms that rise most in the documents published in `[start, end)`
    /// (nanoseconds since the Unix epoch) that pass `filter`, against the earlier passing
    /// documents and the background; see the module documentation. Terms of fewer than
    /// `min_documents` of the window's documents are left out.
    #[must_use]
    pub fn trends(
        &self,
        start: i128,
        end: i128,
        filter: &Filter,
        k: usize,
        min_documents: u64,
    ) -> Vec<Trend<'_>> {
        let mut window: HashMap<TermId, (u64, Vec<&str>)> = HashMap::new();
        let mut before: HashMap<TermId, u64> = HashMap::new();
        let (mut window_n, mut before_n) = (0u64, 0u64);
        for (name, entry) in &self.documents {
            let Some(time) = entry.document.date.as_deref().and_then(parse_time) else {
                continue;
            };
            if time >= end || !self.passes(&entry.document, filter) {
                continue;
            }
            let counts = entry.analysis.terms.counts();
            if time >= start {
                window_n += 1;
                for &(id, _) in counts {
                    let slot = window.entry(id).or_default();
                    slot.0 += 1;
                    if slot.1.len() < 5 {
                        slot.1.push(name.as_str());
                    }
                }
            } else {
                before_n += 1;
                for &(id, _) in counts {
                    *before.entry(id).or_default() += 1;
                }
            }
        }
        if window_n == 0 {
            return Vec::new();
        }
        let vocabulary = self.stats.vocabulary();
        let background_n = self.background.map_or(0, |b| b.document_count());
        let reference_n = (before_n + background_n) as f64;
        let mut ranked: Vec<(f64, &str, TermId, u64, u64)> = window
            .iter()
            .filter(|(_, (a, _))| *a >= min_documents.max(1))
            .filter_map(|(&id, (a, _))| {
                let term = vocabulary.text(id)?;
                let b = before.get(&id).copied().unwrap_or(0);
                let background = self.background.map_or(0, |bg| bg.document_frequency(term));
                let reference = (b + background) as f64;
                let a = *a as f64;
                let share = a / window_n as f64;
                if reference_n > 0.0 && share <= reference / reference_n {
                    return None;
                }
                let score = g2(
                    a,
                    window_n as f64 - a,
                    reference,
                    (reference_n - reference).max(0.0),
                );
                Some((score, term, id, a as u64, b))
            })
            .collect();
        ranked.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
        ranked.truncate(k);
        ranked
            .into_iter()
            .map(|(score, term, id, a, b)| {
                let documents = window
                    .get(&id)
                    .map(|(_, names)| {
                        names
                            .iter()
                            .filter_map(|&name| {
                                let text = &self.documents.get(name)?.document.text;
                                let spans: Vec<Span> = self
                                    .occurrences(text)
                                    .into_iter()
                                    .filter(|&(term, _)| term == id)
                                    .map(|(_, span)| span)
                                    .take(5)
                                    .collect();
                                Some((name, spans))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Trend {
                    term,
                    text: self.surface(id).unwrap_or(term),
                    window_documents: a,
                    before_documents: b,
                    score,
                    documents,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    #[test]
    fn a_term_new_in_the_window_rises_and_an_old_one_does_not() {
        let mut corpus = Corpus::from_seeds().expect("seeds");
        let days = |d: &str| parse_time(d).expect("date");
        for (name, text, date) in [
            (
                "old-1",
                "The harbour strike in Rotterdam continued as talks on pay stalled.",
                "2026-03-01",
            ),
            (
                "old-2",
                "Rotterdam harbour strike: talks on pay stalled again.",
                "2026-03-02",
            ),
            (
                "new-1",
                "Volcanic ash from Etna closed Catania airport; the harbour strike in Rotterdam went on.",
                "2026-03-10",
            ),
            (
                "new-2",
                "Etna erupted again and volcanic ash grounded flights in Sicily.",
                "2026-03-11",
            ),
            (
                "new-3",
                "Ash from Etna: Catania airport stays shut.",
                "2026-03-11",
            ),
        ] {
            corpus
                .insert(Document::new(name, text).with_date(date))
                .expect("insert");
        }
        let trends = corpus.trends(days("2026-03-09"), days("2026-03-12"), &Filter::all(), 5, 2);
        let terms: Vec<&str> = trends.iter().map(|t| t.term).collect();
        assert_eq!(terms.first(), Some(&"etna"), "{terms:?}");
        assert!(!terms.contains(&"rotterdam"), "{terms:?}");
        let etna = &trends[0];
        assert_eq!((etna.window_documents, etna.before_documents), (3, 0));
        assert_eq!(etna.text, "Etna");
        for (name, spans) in &etna.documents {
            let text = &corpus.get(name).expect("document").text;
            assert!(spans.iter().all(|span| &text[span.range()] == "Etna"));
        }
        assert!(corpus.trends(0, 1, &Filter::all(), 5, 1).is_empty());
        assert!(g2(10.0, 10.0, 10.0, 10.0).abs() < 1e-9);
    }
}
