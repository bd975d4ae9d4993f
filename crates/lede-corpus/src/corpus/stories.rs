//! Stories: the documents of the corpus clustered online, as they are written.
//!
//! **Joining.** When a document is committed, its [`STORY_TERMS`] heaviest terms (TF-IDF
//! weight, IDF from the live document frequencies) are looked up in the inverted index,
//! reading at most [`STORY_POSTINGS`] postings (the rarest terms first), which ranks the
//! documents that share them by their dot product with it over those terms, divided by their
//! norm: an estimate of the TF-IDF cosine. The best [`STORY_CANDIDATES`] are scored exactly
//! (cosine of the full TF-IDF vectors, IDF from the live document frequencies), and the
//! document joins the story of the best of them whose cosine is at least
//! [`STORY_THRESHOLD`] and whose publish time is within
//! [`STORY_WINDOW_DAYS`] of its own (an undated document, or a candidate without a date, is
//! not held by the window); otherwise it starts a story. That is single-link clustering
//! within a time window: a story ends once nothing similar has been published for the
//! window, and the cost of a write is bounded by the postings read, not the corpus.
//!
//! **Removing.** A removed document leaves its story (a story that loses its last document is
//! gone). Stories are not split when the document that linked two halves goes.
//!
//! **Order.** Online clustering depends on the order documents come in. A corpus
//! [loaded](Corpus::load) clusters its documents again once they are all in, in publish-time
//! order (then name), which is the order a news feed writes them; a corpus written in that
//! order has the same stories after a restart. A story is named after its earliest document
//! (publish time, then name): `stories/{document}`.

use std::collections::{BTreeMap, HashMap};

use lede_summarize::Budget;
use lede_tfidf::{KeyphraseExtractor, KeyphraseOptions, TermId};

use super::{Corpus, SummarySentence};
use crate::filter::parse_time;
use crate::index::Slot;
use crate::{Error, Filter, Keyphrase};

/// Terms of a new document looked up for its story.
pub const STORY_TERMS: usize = 8;
/// Postings read for a new document's story, at most.
pub const STORY_POSTINGS: usize = 2048;
/// The TF-IDF cosine a document needs with a story's document to join it.
pub const STORY_THRESHOLD: f64 = 0.2;
/// Candidates (best by the estimate) whose cosine is computed exactly.
pub const STORY_CANDIDATES: usize = 8;
/// How far apart, in days, two linked documents' publish times may be.
pub const STORY_WINDOW_DAYS: i128 = 3;

const DAY_NANOS: i128 = 86_400 * 1_000_000_000;

/// The story ordering key of a document: publish time (undated last), then name.
type Key = (Option<i128>, String);

fn order(a: &Key, b: &Key) -> std::cmp::Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) if x != y => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        _ => a.1.cmp(&b.1),
    }
}

/// The stories of a corpus: which document is in which, and each story's documents.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stories {
    /// Story number by document name.
    of: HashMap<String, u64>,
    /// The documents of each story (by number), with their publish times.
    members: HashMap<u64, BTreeMap<String, Option<i128>>>,
    next: u64,
    /// While a corpus loads, documents are not clustered one by one: all of them are, in
    /// publish-time order, once loaded.
    pub(crate) paused: bool,
}

/// A story of the corpus, from [`Corpus::stories`] and [`Corpus::story`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Story<'a> {
    /// Its identifier: the name of its earliest document.
    pub id: &'a str,
    /// Its documents, earliest first (publish time, then name).
    pub documents: Vec<&'a str>,
    /// The earliest publish time of its documents, in nanoseconds since the Unix epoch.
    pub first_time: Option<i128>,
    /// The latest.
    pub last_time: Option<i128>,
    /// The distinct sources of its documents, in order of first appearance.
    pub sources: Vec<&'a str>,
}

/// A story's details, from [`Corpus::story_details`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StoryDetails<'a> {
    /// Its title: the title (or headline) of its most central document, else its best
    /// keyphrase.
    pub title: String,
    /// Its keyphrases over all its documents (at most 16 read), best first.
    pub keyphrases: Vec<Keyphrase>,
    /// A summary of its documents (at most 16, the most recent), attributed.
    pub summary: Vec<SummarySentence<'a>>,
}

/// How [`Corpus::stories`] orders stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum StoryOrder {
    /// The latest publish time first (undated stories last), ties by identifier.
    #[default]
    Recency,
    /// The most documents first, ties by recency.
    Size,
}

impl Stories {
    pub(crate) fn story_of(&self, name: &str) -> Option<u64> {
        self.of.get(name).copied()
    }

    fn join(&mut self, name: &str, time: Option<i128>, story: Option<u64>) {
        let story = story.unwrap_or_else(|| {
            self.next += 1;
            self.next
        });
        self.of.insert(name.to_owned(), story);
        self.members
            .entry(story)
            .or_default()
            .insert(name.to_owned(), time);
    }

    pub(crate) fn remove(&mut self, name: &str) {
        let Some(story) = self.of.remove(name) else {
            return;
        };
        if let Some(members) = self.members.get_mut(&story) {
            members.remove(name);
            if members.is_empty() {
                self.members.remove(&story);
            }
        }
    }
}

impl Corpus {
    /// Puts the just-committed document `name` into a story (see the module documentation).
    pub(super) fn assign_story(&mut self, name: &str) {
        if self.stories.paused {
            return;
        }
        let story = self.find_story(name);
        let time = self
            .documents
            .get(name)
            .and_then(|entry| entry.document.date.as_deref())
            .and_then(parse_time);
        self.stories.join(name, time, story);
    }

    /// The story the document `name` (in the corpus, not yet in a story) should join.
    fn find_story(&self, name: &str) -> Option<u64> {
        let entry = self.documents.get(name)?;
        let time = entry.document.date.as_deref().and_then(parse_time);
        let documents = self.stats.documents();
        let tfidf = self.options.tfidf;
        let idf = |id: TermId| tfidf.idf(documents, self.stats.df(id));
        let counts = entry.analysis.terms.counts();
        let mut weights: Vec<(TermId, f64)> = counts
            .iter()
            .map(|&(id, count)| (id, tfidf.tf(count) * idf(id)))
            .collect();
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm == 0.0 {
            return None;
        }
        // Rarest (heaviest) first, so the postings budget goes to the telling terms.
        weights.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weights.truncate(STORY_TERMS);
        for weight in &mut weights {
            weight.1 /= norm;
        }
        let mut sums = self
            .index
            .accumulate_sparse(&weights, STORY_POSTINGS, idf, |count| tfidf.tf(count));
        sums.retain(|&(slot, _)| slot != entry.slot);
        // The best estimates are scored exactly (the estimate over a few terms runs low).
        let order = |a: &(Slot, f64), b: &(Slot, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if sums.len() > STORY_CANDIDATES {
            sums.select_nth_unstable_by(STORY_CANDIDATES - 1, order);
            sums.truncate(STORY_CANDIDATES);
        }
        let weigh = |terms: &lede_tfidf::DocumentTerms| -> Vec<(TermId, f64)> {
            terms
                .counts()
                .iter()
                .map(|&(id, count)| (id, tfidf.tf(count) * idf(id)))
                .collect()
        };
        let mine = weigh(&entry.analysis.terms);
        let mut best: Option<(f64, &str, u64)> = None;
        for (slot, _) in sums {
            let Some(other_name) = self.index.name(slot) else {
                continue;
            };
            let Some(other) = self.documents.get(other_name) else {
                continue;
            };
            let score = cosine(&mine, &weigh(&other.analysis.terms));
            if score < STORY_THRESHOLD {
                continue;
            }
            let Some(story) = self.stories.story_of(other_name) else {
                continue;
            };
            let other_time = other.document.date.as_deref().and_then(parse_time);
            if let (Some(a), Some(b)) = (time, other_time)
                && (a - b).abs() > STORY_WINDOW_DAYS * DAY_NANOS
            {
                continue;
            }
            let better = best.is_none_or(|(s, n, _)| score > s || (score == s && other_name < n));
            if better {
                best = Some((score, other_name, story));
            }
        }
        best.map(|(_, _, story)| story)
    }

    /// Stops (or restarts) clustering documents as they are committed; returns whether it
    /// was stopped.
    pub(crate) fn pause_stories(&mut self, paused: bool) -> bool {
        std::mem::replace(&mut self.stories.paused, paused)
    }

    /// Clusters every document again, in publish-time order (then name): what a load does
    /// once its documents are in.
    pub(crate) fn rebuild_stories(&mut self) {
        self.stories = super::stories::Stories::default();
        let mut keys: Vec<Key> = self
            .documents
            .iter()
            .map(|(name, entry)| {
                (
                    entry.document.date.as_deref().and_then(parse_time),
                    name.clone(),
                )
            })
            .collect();
        keys.sort_by(order);
        for (_, name) in keys {
            self.assign_story(&name);
        }
    }

    /// The number of stories.
    #[must_use]
    pub fn story_count(&self) -> usize {
        self.stories.members.len()
    }

    fn story_by_number(&self, number: u64) -> Option<Story<'_>> {
        let members = self.stories.members.get(&number)?;
        let mut keyed: Vec<(Key, &str)> = members
            .iter()
            .filter_map(|(name, &time)| {
                let (name, _) = self.documents.get_key_value(name)?;
                Some(((time, name.clone()), name.as_str()))
            })
            .collect();
        keyed.sort_by(|a, b| order(&a.0, &b.0));
        let documents: Vec<&str> = keyed.iter().map(|(_, name)| *name).collect();
        let times: Vec<i128> = keyed.iter().filter_map(|(key, _)| key.0).collect();
        let mut sources: Vec<&str> = Vec::new();
        for name in &documents {
            if let Some(source) = self
                .documents
                .get(*name)
                .and_then(|entry| entry.document.source.as_deref())
                && !source.is_empty()
                && !sources.contains(&source)
            {
                sources.push(source);
            }
        }
        Some(Story {
            id: documents.first()?,
            first_time: times.iter().min().copied(),
            last_time: times.iter().max().copied(),
            documents,
            sources,
        })
    }

    /// The story of the document named `name`.
    #[must_use]
    pub fn story_of(&self, name: &str) -> Option<Story<'_>> {
        self.story_by_number(self.stories.story_of(name)?)
    }

    /// The story whose identifier (earliest document) is `id`.
    #[must_use]
    pub fn story(&self, id: &str) -> Option<Story<'_>> {
        self.story_of(id).filter(|story| story.id == id)
    }

    /// The stories with at least one document that passes `filter`, in `order` (a scan of
    /// the stories).
    #[must_use]
    pub fn stories(&self, filter: &Filter, order_by: StoryOrder) -> Vec<Story<'_>> {
        let mut stories: Vec<Story<'_>> = self
            .stories
            .members
            .keys()
            .filter_map(|&number| self.story_by_number(number))
            .filter(|story| {
                filter.is_all()
                    || story.documents.iter().any(|name| {
                        self.documents
                            .get(*name)
                            .is_some_and(|entry| self.passes(&entry.document, filter))
                    })
            })
            .collect();
        let recency = |a: &Story<'_>, b: &Story<'_>| match (a.last_time, b.last_time) {
            (Some(x), Some(y)) if x != y => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            _ => a.id.cmp(b.id),
        };
        match order_by {
            StoryOrder::Recency => stories.sort_by(recency),
            StoryOrder::Size => stories.sort_by(|a, b| {
                b.documents
                    .len()
                    .cmp(&a.documents.len())
                    .then_with(|| recency(a, b))
            }),
        }
        stories
    }

    /// The title, keyphrases and summary of `story` (reads at most 16 of its documents, the
    /// most recent).
    ///
    /// # Errors
    ///
    /// As [`summarize`](Self::summarize).
    pub fn story_details<'a>(
        &'a self,
        story: &Story<'a>,
        keyphrases: usize,
        budget: Budget,
    ) -> Result<StoryDetails<'a>, Error> {
        let read: Vec<&str> = story
            .documents
            .iter()
            .rev()
            .take(super::MAX_AUTO_SUMMARY_DOCUMENTS)
            .copied()
            .collect();
        let request = crate::SummaryRequest::default().with_budget(budget);
        let summary = self.summarize(Some(&read), &request)?;
        let text: String = read
            .iter()
            .filter_map(|name| self.documents.get(*name))
            .map(|entry| entry.document.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let options = KeyphraseOptions::default().with_top_k(keyphrases.max(1));
        let mut extractor = KeyphraseExtractor::with_options(self.options.language, options)
            .with_background(self.background);
        let mut phrases = extractor.extract(&text, &self.stats);
        phrases.truncate(keyphrases);
        // The title of the document the summary leans on most (its first-ranked sentence's),
        // else the earliest document's, else the best keyphrase.
        let titled = |name: &str| {
            let document = &self.documents.get(name)?.document;
            document
                .title
                .clone()
                .or_else(|| crate::headline(&document.text).map(str::to_owned))
        };
        let central = summary
            .iter()
            .find(|sentence| sentence.rank == 1)
            .map(|sentence| sentence.name);
        let title = central
            .and_then(titled)
            .or_else(|| titled(story.id))
            .or_else(|| phrases.first().map(|phrase| phrase.text.clone()))
            .unwrap_or_default();
        Ok(StoryDetails {
            title,
            keyphrases: phrases,
            summary,
        })
    }
}

/// The cosine of two sparse vectors sorted by term.
fn cosine(a: &[(TermId, f64)], b: &[(TermId, f64)]) -> f64 {
    let norm = |v: &[(TermId, f64)]| v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while let (Some(&(x, wx)), Some(&(y, wy))) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += wx * wy;
                i += 1;
                j += 1;
            }
        }
    }
    dot / (na * nb)
}

/// B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin
/// 1998): for each item, the share of its cluster that has its label, and the share of its
/// label that is in its cluster, averaged over items.
#[must_use]
pub fn b_cubed<C: Ord, L: Ord>(assignments: &[(C, L)]) -> (f64, f64, f64) {
    let mut cluster_sizes: BTreeMap<&C, usize> = BTreeMap::new();
    let mut label_sizes: BTreeMap<&L, usize> = BTreeMap::new();
    let mut both: BTreeMap<(&C, &L), usize> = BTreeMap::new();
    for (cluster, label) in assignments {
        *cluster_sizes.entry(cluster).or_default() += 1;
        *label_sizes.entry(label).or_default() += 1;
        *both.entry((cluster, label)).or_default() += 1;
    }
    let n = assignments.len().max(1) as f64;
    let (mut precision, mut recall) = (0.0, 0.0);
    for (cluster, label) in assignments {
        let shared = both.get(&(cluster, label)).copied().unwrap_or(0) as f64;
        precision += shared / cluster_sizes.get(cluster).copied().unwrap_or(1) as f64;
        recall += shared / label_sizes.get(label).copied().unwrap_or(1) as f64;
    }
    let (precision, recall) = (precision / n, recall / n);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    #[test]
    fn the_seeds_are_one_story() {
        let corpus = Corpus::from_seeds().expect("seeds");
        assert_eq!(corpus.story_count(), 1);
        let stories = corpus.stories(&Filter::all(), StoryOrder::Recency);
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].documents.len(), 5);
        let details = corpus
            .story_details(&stories[0], 5, Budget::Sentences(3))
            .expect("details");
        assert!(!details.title.is_empty());
        assert_eq!(details.keyphrases.len(), 5);
        assert_eq!(details.summary.len(), 3);
    }

    #[test]
    fn stories_end_after_the_window_and_lose_removed_documents() {
        let mut corpus = Corpus::from_seeds().expect("seeds");
        let text = "Dock workers at the port of Rotterdam went on strike over pay, halting \
            container traffic; the union said the strike at Rotterdam would last a week.";
        for (name, date) in [
            ("dock-1", "2026-03-01"),
            ("dock-2", "2026-03-02"),
            ("dock-3", "2026-04-20"),
        ] {
            corpus
                .insert(Document::new(name, text).with_date(date).with_source(name))
                .expect("insert");
        }
        let first = corpus.story_of("dock-1").expect("story");
        assert_eq!(first.documents, ["dock-1", "dock-2"]);
        assert_eq!(first.sources, ["dock-1", "dock-2"]);
        assert_eq!(
            corpus.story_of("dock-3").expect("story").documents,
            ["dock-3"]
        );
        assert_eq!(corpus.story_count(), 3);
        assert!(corpus.story("dock-1").is_some());
        assert!(corpus.story("dock-2").is_none());
        let by_size = corpus.stories(&Filter::all(), StoryOrder::Size);
        assert_eq!(by_size[0].documents.len(), 5);
        let recent = corpus.stories(&Filter::all(), StoryOrder::Recency);
        assert_eq!(recent[0].id, "dock-3");
        let filtered = corpus.stories(
            &Filter::parse("publish_time < 2026-04-01").expect("filter"),
            StoryOrder::Recency,
        );
        assert_eq!(filtered.len(), 1);
        corpus.remove("dock-1").expect("remove");
        assert_eq!(corpus.story_of("dock-2").expect("story").id, "dock-2");
        corpus.remove("dock-3").expect("remove");
        assert_eq!(corpus.story_count(), 2);
        // A reload clusters in time order: the same stories.
        let mut again = corpus.clone();
        again.rebuild_stories();
        assert_eq!(again.story_count(), 2);
        assert_eq!(
            again.story_of("dock-2").expect("story").documents,
            ["dock-2"]
        );
    }

    #[test]
    fn b_cubed_scores() {
        let perfect = [(1, 'a'), (1, 'a'), (2, 'b')];
        assert_eq!(b_cubed(&perfect), (1.0, 1.0, 1.0));
        let lumped = [(1, 'a'), (1, 'a'), (1, 'b'), (1, 'b')];
        let (p, r, _) = b_cubed(&lumped);
        assert!((p - 0.5).abs() < 1e-12 && (r - 1.0).abs() < 1e-12);
        let split = [(1, 'a'), (2, 'a')];
        let (p, r, _) = b_cubed(&split);
        assert!((p - 1.0).abs() < 1e-12 && (r - 0.5).abs() < 1e-12);
    }
}
