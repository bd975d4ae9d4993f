//! The corpus's queries restricted by a [`Filter`].
//!
//! What a filter costs: the fields it tests (source, times, metadata) are not in the
//! inverted index, so a filter is evaluated per document. Where a query already narrows the
//! documents through the index (search, similar documents, a summary chosen by a query), the
//! filter is evaluated only on the documents the index yields, before they are scored: the
//! cost stays that of the query. Where nothing narrows (listing, statistics, a summary of the
//! whole corpus without a query), the filter is a scan of every document, O(N) evaluations
//! of a few comparisons each (about 10 ms on 20,000 documents in a debug build).

use std::collections::HashMap;

use lede_tfidf::TermId;

use super::{
    Corpus, Entry, MAX_AUTO_SUMMARY_DOCUMENTS, MAX_SEARCH_DEPTH, RECENT_PER_TERM,
    SIMILAR_QUERY_TERMS, SearchHit, SearchPage, Similar, TopTerm,
};
use crate::filter::{FilterError, parse_time};
use crate::index::Slot;
use crate::{Document, Error, Filter};

/// The order of a filtered listing ([`Corpus::list_where`]): AIP-132's `order_by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum DocumentOrder {
    /// By name, ascending (the corpus's own order): `""`, `"name"`, `"name asc"`.
    #[default]
    Name,
    /// By publish time, newest first, ties (and undated documents, last) by name:
    /// `"publish_time desc"`.
    PublishTimeDescending,
    /// By publish time, oldest first, undated documents last, ties by name:
    /// `"publish_time"`, `"publish_time asc"`.
    PublishTimeAscending,
}

impl DocumentOrder {
    /// Parses an AIP-132 `order_by`: one field, `name` or `publish_time`, optionally followed
    /// by `asc` or `desc` (`name desc` is not offered).
    ///
    /// # Errors
    ///
    /// A [`FilterError`] with the column of the unknown field or direction.
    pub fn parse(text: &str) -> Result<Self, FilterError> {
        let words: Vec<(usize, &str)> = words_with_columns(text);
        let error = |column: usize, message: String| FilterError { column, message };
        match words.as_slice() {
            [] => Ok(Self::Name),
            [(_, "name")] | [(_, "name"), (_, "asc")] => Ok(Self::Name),
            [(_, "publish_time")] | [(_, "publish_time"), (_, "asc")] => {
                Ok(Self::PublishTimeAscending)
            }
            [(_, "publish_time"), (_, "desc")] => Ok(Self::PublishTimeDescending),
            [(column, field), ..] if *field != "name" && *field != "publish_time" => Err(error(
                *column,
                format!("cannot order by `{field}`: by `name` or `publish_time` (asc or desc)"),
            )),
            [(_, "name"), (column, "desc")] => Err(error(
                *column,
                "`name desc` is not offered: names are listed ascending".to_owned(),
            )),
            [_, (column, direction)] => Err(error(
                *column,
                format!("`{direction}` is not a direction: `asc` or `desc`"),
            )),
            [_, _, (column, extra), ..] => Err(error(
                *column,
                format!("unexpected `{extra}`: order by one field"),
            )),
            [_] => Ok(Self::Name),
        }
    }
}

/// The words of `text` split at white space and commas, with their 1-based columns.
fn words_with_columns(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    for (column, (byte, c)) in text.char_indices().enumerate() {
        if c.is_whitespace() || c == ',' {
            if let Some((column, from)) = start.take()
                && let Some(word) = text.get(from..byte)
            {
                words.push((column, word));
            }
        } else if start.is_none() {
            start = Some((column + 1, byte));
        }
    }
    if let Some((column, from)) = start
        && let Some(word) = text.get(from..)
    {
        words.push((column, word));
    }
    words
}

/// Statistics of the documents a filter keeps, from [`Corpus::stats_where`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SubsetStats<'a> {
    /// How many documents pass the filter.
    pub documents: usize,
    /// How many distinct terms they hold.
    pub vocabulary: usize,
    /// How many terms they hold in all.
    pub total_terms: u64,
    /// Their most weighty terms, ranked as [`Corpus::top_terms`] ranks the corpus's (the
    /// corpus's IDF × the sum over the kept documents of the term's share), with the
    /// document frequency and occurrences within the kept documents.
    pub top_terms: Vec<TopTerm<'a>>,
}

impl Corpus {
    /// The name of the document that `name` is a near-duplicate of, if it is one.
    #[must_use]
    pub fn duplicate_of(&self, name: &str) -> Option<&str> {
        self.duplicates.duplicate_of(name)
    }

    /// The documents the lookup finds to be near-duplicates of `name` (either way round),
    /// with their estimated Jaccard similarity of word 5-shingles; see
    /// [`Fingerprint`](crate::Fingerprint).
    #[must_use]
    pub fn near_duplicates(&self, name: &str) -> Vec<(&str, f64)> {
        self.duplicates.near(name)
    }

    /// Whether `document` (a document of this corpus) passes `filter`, its near-duplicate
    /// status included.
    #[must_use]
    pub fn passes(&self, document: &Document, filter: &Filter) -> bool {
        filter.is_all() || filter.matches_with(document, self.duplicate_of(&document.name))
    }

    fn entry_passes(&self, entry: &Entry, filter: &Filter) -> bool {
        self.passes(&entry.document, filter)
    }

    fn slot_passes(&self, slot: Slot, filter: &Filter) -> bool {
        filter.is_all()
            || self
                .index
                .name(slot)
                .and_then(|name| self.documents.get(name))
                .is_some_and(|entry| self.entry_passes(entry, filter))
    }

    /// How many documents pass `filter` (a scan unless it is empty).
    #[must_use]
    pub fn count_where(&self, filter: &Filter) -> usize {
        if filter.is_all() {
            return self.documents.len();
        }
        self.documents
            .values()
            .filter(|entry| self.entry_passes(entry, filter))
            .count()
    }

    /// The documents that pass `filter`, in `order`. In name order the documents are
    /// filtered as they are read; in publish-time order every passing document is collected
    /// and sorted first (O(N log N)).
    pub fn list_where<'a>(
        &'a self,
        filter: &'a Filter,
        order: DocumentOrder,
    ) -> Box<dyn Iterator<Item = &'a Document> + 'a> {
        let passing = self
            .documents
            .values()
            .filter(move |entry| self.entry_passes(entry, filter))
            .map(|entry| &entry.document);
        if order == DocumentOrder::Name {
            return Box::new(passing);
        }
        let mut dated: Vec<(Option<i128>, &Document)> = passing
            .map(|document| (document.date.as_deref().and_then(parse_time), document))
            .collect();
        let descending = order == DocumentOrder::PublishTimeDescending;
        // Undated documents last either way; BTreeMap order gives name ties.
        dated.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) if descending => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        Box::new(dated.into_iter().map(|(_, document)| document))
    }

    /// [`search_page`](Self::search_page) among the documents that pass `filter`: the
    /// filter is evaluated on the documents holding a query term, before they are scored,
    /// and `total` counts the passing matches.
    ///
    /// # Errors
    ///
    /// As [`search_page`](Self::search_page).
    pub fn search_page_where(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
        filter: &Filter,
    ) -> Result<SearchPage<'_>, Error> {
        let depth = offset.saturating_add(limit);
        if depth > MAX_SEARCH_DEPTH {
            return Err(Error::LimitExceeded {
                what: "search results ranked (offset + page size)",
                requested: depth,
                limit: MAX_SEARCH_DEPTH,
            });
        }
        let query = self.count_query(query);
        if self.documents.is_empty() || query.is_empty() {
            return Ok(SearchPage {
                hits: Vec::new(),
                total: 0,
            });
        }
        let models = self.models()?;
        let accept = |slot| self.slot_passes(slot, filter);
        let total = if filter.is_all() {
            self.index.count_matches(&query)
        } else {
            self.index.count_matches_where(&query, Some(accept))
        };
        if limit == 0 || total == 0 {
            return Ok(SearchPage {
                hits: Vec::new(),
                total,
            });
        }
        let ranked = if filter.is_all() {
            self.index.search(&query, &models.bm25, depth)
        } else {
            self.index.search_where(&query, &models.bm25, depth, accept)
        };
        let hits = ranked
            .into_iter()
            .skip(offset)
            .filter_map(|(slot, score)| {
                let (name, entry) = self.documents.get_key_value(self.index.name(slot)?)?;
                Some(SearchHit {
                    name: name.as_str(),
                    title: entry.document.title.as_deref(),
                    score,
                    snippet: self.snippet(&entry.document.text, &query, &models.bm25),
                })
            })
            .collect();
        Ok(SearchPage { hits, total })
    }

    /// [`similar`](Self::similar) among the documents that pass `filter` (evaluated on the
    /// candidates the index yields, before the best are kept).
    ///
    /// # Errors
    ///
    /// As [`similar`](Self::similar).
    pub fn similar_where(
        &self,
        name: &str,
        k: usize,
        filter: &Filter,
    ) -> Result<Vec<Similar<'_>>, Error> {
        let entry = self.documents.get(name).ok_or_else(|| Error::NotFound {
            name: name.to_owned(),
        })?;
        let models = self.models()?;
        let query = models.tfidf.vector(&entry.analysis.terms);
        Ok(
            self.similar_to_vector(models, &query, Some(entry.slot), k, |slot| {
                self.slot_passes(slot, filter)
            }),
        )
    }

    /// [`similar_to_text`](Self::similar_to_text) among the documents that pass `filter`.
    ///
    /// # Errors
    ///
    /// As [`similar_to_text`](Self::similar_to_text).
    pub fn similar_to_text_where(
        &self,
        text: &str,
        k: usize,
        filter: &Filter,
    ) -> Result<Vec<Similar<'_>>, Error> {
        let models = self.models()?;
        let query = models.tfidf.vector(&self.count_query(text));
        Ok(self.similar_to_vector(models, &query, None, k, |slot| {
            self.slot_passes(slot, filter)
        }))
    }

    /// [`summary_documents`](Self::summary_documents) among the documents that pass
    /// `filter`: the passing ones of a corpus of at most [`MAX_AUTO_SUMMARY_DOCUMENTS`];
    /// else the query's best passing hits; else the most central of the passing documents
    /// the top terms' recent postings yield, or, when those are too few (a narrow filter),
    /// of the most recently added passing documents (a scan).
    ///
    /// # Errors
    ///
    /// As [`summary_documents`](Self::summary_documents).
    pub fn summary_documents_where(
        &self,
        query: Option<&str>,
        filter: &Filter,
    ) -> Result<Vec<&str>, Error> {
        if self.documents.len() <= MAX_AUTO_SUMMARY_DOCUMENTS {
            return Ok(self
                .documents
                .iter()
                .filter(|(_, entry)| self.entry_passes(entry, filter))
                .map(|(name, _)| name.as_str())
                .collect());
        }
        let models = self.models()?;
        let query = query.map(|query| self.count_query(query));
        let mut names: Vec<&str> = match query {
            Some(query) if !query.is_empty() => self
                .index
                .search_where(&query, &models.bm25, MAX_AUTO_SUMMARY_DOCUMENTS, |slot| {
                    self.slot_passes(slot, filter)
                })
                .into_iter()
                .filter_map(|(slot, _)| self.index.name(slot))
                .collect(),
            _ => {
                let ranked = self.cached_top_terms(models);
                let ids = ranked.get(..SIMILAR_QUERY_TERMS).unwrap_or(ranked);
                let recent = self.index.recent(
                    &ids.iter().map(|&(id, _)| id).collect::<Vec<_>>(),
                    RECENT_PER_TERM,
                );
                let mut candidates: Vec<(&str, &Entry)> = recent
                    .into_iter()
                    .filter_map(|slot| self.documents.get_key_value(self.index.name(slot)?))
                    .filter(|(_, entry)| self.entry_passes(entry, filter))
                    .map(|(name, entry)| (name.as_str(), entry))
                    .collect();
                if candidates.len() < MAX_AUTO_SUMMARY_DOCUMENTS {
                    // A narrow filter: the top terms' recent postings hold too few of its
                    // documents, so take the most recently added passing ones (a scan).
                    let mut passing: Vec<(&str, &Entry)> = self
                        .documents
                        .iter()
                        .filter(|(_, entry)| self.entry_passes(entry, filter))
                        .map(|(name, entry)| (name.as_str(), entry))
                        .collect();
                    passing.sort_unstable_by_key(|(_, entry)| std::cmp::Reverse(entry.slot));
                    passing.truncate(RECENT_PER_TERM * 4);
                    candidates = passing;
                }
                let mut scored: Vec<(&str, f64)> = candidates
                    .into_iter()
                    .map(|(name, entry)| {
                        let vector = models.tfidf.vector(&entry.analysis.terms);
                        let score = ids
                            .iter()
                            .map(|&(id, weight)| weight * vector.get(id))
                            .sum();
                        (name, score)
                    })
                    .collect();
                scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                scored
                    .into_iter()
                    .take(MAX_AUTO_SUMMARY_DOCUMENTS)
                    .map(|(name, _)| name)
                    .collect()
            }
        };
        names.sort_unstable();
        Ok(names)
    }

    /// Statistics of the documents that pass `filter`, with their `k` most weighty terms
    /// (a scan of every document, and of the terms of those that pass).
    ///
    /// # Errors
    ///
    /// [`Error::Statistics`] only if the BM25 options are invalid, which
    /// [`with_options`](Self::with_options) rules out.
    pub fn stats_where(&self, filter: &Filter, k: usize) -> Result<SubsetStats<'_>, Error> {
        let models = self.models()?;
        let mut documents = 0usize;
        let mut total_terms = 0u64;
        // Per term: (summed share, document frequency, occurrences).
        let mut terms: HashMap<TermId, (f64, u64, u64)> = HashMap::new();
        for entry in self.documents.values() {
            if !self.entry_passes(entry, filter) {
                continue;
            }
            documents += 1;
            let counts = &entry.analysis.terms;
            let length = counts.length().max(1);
            total_terms += counts.length();
            for &(id, count) in counts.counts() {
                let slot = terms.entry(id).or_default();
                slot.0 += f64::from(count) / length as f64;
                slot.1 += 1;
                slot.2 += u64::from(count);
            }
        }
        let vocabulary = self.stats.vocabulary();
        // Ranked by score, ties by term text, so the order does not depend on hashing.
        let mut ranked: Vec<(f64, &str, TermId, u64, u64)> = terms
            .into_iter()
            .filter_map(|(id, (share, df, occurrences))| {
                let text = vocabulary.text(id)?;
                Some((share * models.tfidf.idf(id), text, id, df, occurrences))
            })
            .filter(|entry| entry.0 > 0.0)
            .collect();
        let distinct = ranked.len();
        let order = |a: &(f64, &str, TermId, u64, u64), b: &(f64, &str, TermId, u64, u64)| {
            b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
        };
        if k > 0 && ranked.len() > k {
            ranked.select_nth_unstable_by(k - 1, order);
        }
        ranked.truncate(k);
        ranked.sort_unstable_by(order);
        let top_terms = ranked
            .into_iter()
            .map(|(score, term, id, df, occurrences)| TopTerm {
                term,
                text: self.surface(id).unwrap_or(term),
                score,
                document_frequency: df,
                occurrences,
            })
            .collect();
        Ok(SubsetStats {
            documents,
            vocabulary: distinct,
            total_terms,
            top_terms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Budget;

    fn corpus() -> Corpus {
        let mut corpus = Corpus::from_seeds().expect("seeds");
        let wire = |name: &str, text: &str, source: &str, date: &str| {
            Document::new(name, text)
                .with_source(source)
                .with_date(date)
        };
        for (name, text, source, date) in [
            (
                "oil-1",
                "Oil prices fell sharply on Tuesday as supply grew.",
                "Wire A",
                "2026-02-01",
            ),
            (
                "oil-2",
                "Oil prices rose on Wednesday after the supply cut.",
                "Wire B",
                "2026-02-02T10:00:00Z",
            ),
            (
                "oil-3",
                "Oil and gas prices were steady on Thursday.",
                "Wire A",
                "2026-02-03",
            ),
        ] {
            corpus
                .insert(wire(name, text, source, date))
                .expect("insert");
        }
        corpus
    }

    fn filter(text: &str) -> Filter {
        Filter::parse(text).expect(text)
    }

    #[test]
    fn search_counts_and_ranks_the_passing_documents_only() {
        let corpus = corpus();
        let all = corpus.search_page("oil prices", 0, 10).expect("search");
        assert!(all.total >= 3);
        let page = corpus
            .search_page_where("oil prices", 0, 10, &filter(r#"source = "Wire A""#))
            .expect("search");
        assert_eq!(page.total, 2);
        let names: Vec<&str> = page.hits.iter().map(|h| h.name).collect();
        // The filtered ranking is the unfiltered one with the others left out.
        let expected: Vec<&str> = all
            .hits
            .iter()
            .map(|h| h.name)
            .filter(|n| *n == "oil-1" || *n == "oil-3")
            .collect();
        assert_eq!(names, expected);
        assert_eq!(names.len(), 2);
        let none = corpus
            .search_page_where("oil", 0, 10, &filter("source = nobody"))
            .expect("search");
        assert_eq!((none.total, none.hits.len()), (0, 0));
    }

    /// MaxScore with a filter ranks exactly what scoring every passing document ranks,
    /// through the pruning (many documents, small pages).
    #[test]
    fn filtered_maxscore_equals_filtering_the_exhaustive_ranking() {
        let words = [
            "oil", "gas", "price", "supply", "market", "tanker", "port", "strike",
        ];
        let mut corpus = Corpus::new();
        let mut seed = 7u64;
        for i in 0..400 {
            let mut text = String::new();
            for _ in 0..(3 + i % 11) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let word = words[(seed >> 33) as usize % words.len()];
                text.push_str(word);
                text.push(' ');
            }
            let source = if i % 3 == 0 { "A" } else { "B" };
            corpus
                .insert(Document::new(format!("d{i:03}"), text).with_source(source))
                .expect("insert");
        }
        let f = filter("source = A");
        for query in [
            "oil",
            "oil price",
            "tanker strike port",
            "gas supply market oil",
        ] {
            for k in [1, 5, 20, 200] {
                let expected: Vec<(&str, f64)> = corpus
                    .search_exhaustive(query, 400)
                    .into_iter()
                    .filter(|(name, _)| corpus.get(name).is_some_and(|d| corpus.passes(d, &f)))
                    .take(k)
                    .collect();
                let page = corpus.search_page_where(query, 0, k, &f).expect("search");
                let got: Vec<(&str, f64)> = page.hits.iter().map(|h| (h.name, h.score)).collect();
                assert_eq!(got, expected, "{query} top {k}");
            }
        }
    }

    #[test]
    fn lists_in_publish_time_order() {
        let corpus = corpus();
        let f = filter("publish_time >= 2026-02-01");
        let newest: Vec<&str> = corpus
            .list_where(&f, DocumentOrder::PublishTimeDescending)
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(newest, ["oil-3", "oil-2", "oil-1"]);
        let oldest: Vec<&str> = corpus
            .list_where(&f, DocumentOrder::PublishTimeAscending)
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(oldest, ["oil-1", "oil-2", "oil-3"]);
        assert_eq!(corpus.count_where(&f), 3);
        assert_eq!(corpus.count_where(&Filter::all()), 8);
    }

    #[test]
    fn similar_summaries_and_stats_follow_the_filter() {
        let corpus = corpus();
        let f = filter(r#"source = "Wire B""#);
        let similar = corpus.similar_where("oil-1", 5, &f).expect("similar");
        assert_eq!(
            similar.iter().map(|s| s.name).collect::<Vec<_>>(),
            ["oil-2"]
        );
        let text = corpus
            .similar_to_text_where("oil prices", 5, &f)
            .expect("similar");
        assert_eq!(text.len(), 1);
        let chosen = corpus
            .summary_documents_where(None, &filter("source:*"))
            .expect("choose");
        assert!(
            chosen
                .iter()
                .all(|n| n.starts_with("oil") || corpus.get(n).is_some_and(|d| d.source.is_some()))
        );
        let summary = corpus
            .summarize(
                Some(&chosen),
                &crate::SummaryRequest::default().with_budget(Budget::Sentences(2)),
            )
            .expect("summary");
        assert!(!summary.is_empty());
        let stats = corpus
            .stats_where(&filter("source:* AND publish_time > 2026-01-31"), 3)
            .expect("stats");
        assert_eq!(stats.documents, 3);
        assert_eq!(
            stats.top_terms.first().map(|t| t.document_frequency),
            Some(3)
        );
        assert!(
            stats
                .top_terms
                .iter()
                .any(|t| t.text == "Oil" || t.text == "oil")
        );
        assert!(stats.vocabulary > 5);
    }

    const WIRE: &str = "Oil prices fell sharply on Tuesday as OPEC raised output for a third \
        month, traders said, and Brent crude lost four percent in London trading.";

    #[test]
    fn near_duplicates_are_found_kept_out_by_the_default_filter_and_survive_a_reload() {
        let mut corpus = corpus();
        corpus
            .insert(Document::new("wire-2", WIRE).with_date("2026-03-02"))
            .expect("insert");
        corpus
            .insert(Document::new("wire-1", format!("{WIRE} (Reuters)")).with_date("2026-03-01"))
            .expect("insert");
        assert_eq!(corpus.duplicate_of("wire-2"), Some("wire-1"));
        assert_eq!(corpus.duplicate_of("wire-1"), None);
        assert_eq!(corpus.near_duplicates("wire-1").len(), 1);
        let hidden = Filter::all().excluding_duplicates();
        let names = |page: SearchPage<'_>| -> Vec<String> {
            page.hits.iter().map(|h| h.name.to_owned()).collect()
        };
        let all = names(
            corpus
                .search_page_where("Brent crude", 0, 10, &Filter::all())
                .expect("s"),
        );
        assert_eq!(all.len(), 2);
        let shown = names(
            corpus
                .search_page_where("Brent crude", 0, 10, &hidden)
                .expect("s"),
        );
        assert_eq!(shown, ["wire-1"]);
        let copies = filter("duplicate_of = documents/wire-1");
        assert_eq!(corpus.count_where(&copies), 1);
        // Stored analyses do not hold fingerprints: loading computes them again.
        let mut loaded = Corpus::new();
        for document in corpus.iter() {
            let prepared = corpus.prepare(document.clone()).expect("prepare");
            let stored = corpus.stored_analysis(&prepared);
            let again = loaded
                .prepare_stored(document.clone(), &stored)
                .expect("stored");
            loaded.commit(again).expect("commit");
        }
        assert_eq!(loaded.duplicate_of("wire-2"), Some("wire-1"));
        // The original goes: its copy is nobody's duplicate any more.
        corpus.remove("wire-1").expect("remove");
        assert_eq!(corpus.duplicate_of("wire-2"), None);
    }

    #[test]
    fn order_by() {
        assert_eq!(DocumentOrder::parse(""), Ok(DocumentOrder::Name));
        assert_eq!(DocumentOrder::parse(" name "), Ok(DocumentOrder::Name));
        assert_eq!(
            DocumentOrder::parse("publish_time desc"),
            Ok(DocumentOrder::PublishTimeDescending)
        );
        assert_eq!(
            DocumentOrder::parse("publish_time"),
            Ok(DocumentOrder::PublishTimeAscending)
        );
        assert_eq!(DocumentOrder::parse("title").map_err(|e| e.column), Err(1));
        assert_eq!(
            DocumentOrder::parse("name desc").map_err(|e| e.column),
            Err(6)
        );
        assert_eq!(
            DocumentOrder::parse("publish_time up").map_err(|e| e.column),
            Err(14)
        );
        assert_eq!(
            DocumentOrder::parse("publish_time desc, name").map_err(|e| e.column),
            Err(20)
        );
    }
}
