//! B-cubed quality of lede's online stories on a labelled set built from Reuters-21578,
//! beside a single-pass cosine-threshold baseline, in the same run.
//!
//! The labelled set: documents with exactly one topic, that topic held by 2 to 60 documents
//! (a rare topic); the gold story of a document is its topic split where two consecutive
//! documents of it (by date) are more than 3 days apart ("a rare topic and a close date").
//! lede inserts them in date order into an empty corpus and reads back
//! [`Corpus::story_of`]; the baseline reads them in the same order and puts each into the
//! story whose centroid (sum of unit TF-IDF vectors, the final corpus's IDF) has the largest
//! cosine with it if that is at least θ, else into a new story. θ for the baseline is chosen
//! on half 0 (topics of even rank by name) from 0.05 to 0.50 and reported on both halves;
//! lede's threshold is its fixed default.
//!
//! ```text
//! cargo run --release -p lede-corpus --example stories -- ../shared/data/corpus/reuters21578.jsonl
//! ```

use std::collections::{BTreeMap, HashMap};

use lede_corpus::{Corpus, Document, b_cubed};

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// "26-FEB-1987 15:01:01.79" as RFC 3339, and as seconds for ordering.
fn reuters_date(date: &str) -> Option<(String, i64)> {
    let (day, rest) = date.trim().split_once('-')?;
    let (month, rest) = rest.split_once('-')?;
    let (year, time) = rest.split_once(' ')?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? + 1;
    let time = time.get(..8)?;
    let (day, year): (u32, i64) = (day.parse().ok()?, year.parse().ok()?);
    let mut fields = time.split(':').map(|f| f.parse::<i64>().ok());
    let (h, m, s) = (fields.next()??, fields.next()??, fields.next()??);
    let days = (year - 1970) * 366 + month as i64 * 31 + i64::from(day);
    Some((
        format!("{year:04}-{month:02}-{day:02}T{time}Z"),
        days * 86_400 + h * 3600 + m * 60 + s,
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: stories REUTERS.jsonl")?;
    let mut records = Vec::new();
    for line in std::fs::read_to_string(&path)?.lines() {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let topics: Vec<&str> = record["topics"]
            .as_array()
            .map(|t| t.iter().filter_map(|t| t.as_str()).collect())
            .unwrap_or_default();
        let Some((date, seconds)) = record["date"].as_str().and_then(reuters_date) else {
            continue;
        };
        let text = record["text"].as_str().unwrap_or_default();
        if topics.len() != 1 || text.split_whitespace().count() < 20 {
            continue;
        }
        let id = record["id"].as_str().unwrap_or_default().to_owned();
        records.push((topics[0].to_owned(), seconds, date, id, record.clone()));
    }
    let mut per_topic: HashMap<String, usize> = HashMap::new();
    for record in &records {
        *per_topic.entry(record.0.clone()).or_default() += 1;
    }
    records.retain(|r| (2..=60).contains(&per_topic[&r.0]));
    records.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.3.cmp(&b.3)));
    // Gold: topic runs without a gap of more than 3 days.
    let mut last: HashMap<String, (i64, usize)> = HashMap::new();
    let mut gold: HashMap<String, (String, usize)> = HashMap::new();
    for (topic, seconds, _, id, _) in &records {
        let run = match last.get(topic) {
            Some(&(then, run)) if seconds - then <= 3 * 86_400 => run,
            Some(&(_, run)) => run + 1,
            None => 0,
        };
        last.insert(topic.clone(), (*seconds, run));
        gold.insert(id.clone(), (topic.clone(), run));
    }
    let mut topics: Vec<&String> = per_topic.keys().collect();
    topics.sort();
    let half: HashMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i % 2))
        .collect();

    let mut corpus = Corpus::new();
    for (_, _, date, id, record) in &records {
        let mut document = Document::new(id.clone(), record["text"].as_str().unwrap_or_default())
            .with_date(date.clone());
        if let Some(title) = record["title"].as_str() {
            document = document.with_title(title);
        }
        corpus.insert(document)?;
    }
    let lede: HashMap<&str, String> = records
        .iter()
        .filter_map(|r| Some((r.3.as_str(), corpus.story_of(&r.3)?.id.to_owned())))
        .collect();

    // The baseline's vectors: unit TF-IDF over the corpus's analysis.
    let stats = corpus.stats();
    let n = stats.documents();
    let vectors: Vec<BTreeMap<u32, f64>> = records
        .iter()
        .map(|r| {
            let mut v: BTreeMap<u32, f64> = corpus
                .analysis(&r.3)
                .map(|a| {
                    a.terms()
                        .counts()
                        .iter()
                        .map(|&(id, count)| {
                            let idf = ((1.0 + n as f64) / (1.0 + stats.df(id) as f64)).ln() + 1.0;
                            (id.as_u32(), (1.0 + f64::from(count).ln()) * idf)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let norm = v.values().map(|w| w * w).sum::<f64>().sqrt().max(1e-12);
            v.values_mut().for_each(|w| *w /= norm);
            v
        })
        .collect();
    let baseline = |threshold: f64| -> Vec<usize> {
        let mut centroids: Vec<BTreeMap<u32, f64>> = Vec::new();
        let mut assigned = Vec::new();
        for v in &vectors {
            let mut best = None;
            for (index, centroid) in centroids.iter().enumerate() {
                let norm = centroid
                    .values()
                    .map(|w| w * w)
                    .sum::<f64>()
                    .sqrt()
                    .max(1e-12);
                let dot: f64 = v
                    .iter()
                    .filter_map(|(id, w)| Some(w * centroid.get(id)?))
                    .sum();
                let cosine = dot / norm;
                if cosine >= threshold && best.is_none_or(|(_, c)| cosine > c) {
                    best = Some((index, cosine));
                }
            }
            let index = best.map_or_else(
                || {
                    centroids.push(BTreeMap::new());
                    centroids.len() - 1
                },
                |(index, _)| index,
            );
            if let Some(centroid) = centroids.get_mut(index) {
                for (id, w) in v {
                    *centroid.entry(*id).or_default() += w;
                }
            }
            assigned.push(index);
        }
        assigned
    };
    let score = |clusters: &dyn Fn(usize) -> String, which: Option<usize>| {
        let pairs: Vec<(String, (String, usize))> = records
            .iter()
            .enumerate()
            .filter(|(_, r)| which.is_none_or(|h| half[r.0.as_str()] == h))
            .map(|(i, r)| (clusters(i), gold[&r.3].clone()))
            .collect();
        b_cubed(&pairs)
    };
    let mut best = (0.0, 0.05);
    for step in 1..=10 {
        let threshold = f64::from(step) * 0.05;
        let assigned = baseline(threshold);
        let (_, _, f1) = score(&|i| assigned[i].to_string(), Some(0));
        if f1 > best.0 {
            best = (f1, threshold);
        }
    }
    let assigned = baseline(best.1);
    let gold_stories: std::collections::HashSet<&(String, usize)> = gold.values().collect();
    println!(
        "labelled set: {} Reuters-21578 documents of {} rare topics (2-60 documents, one topic \
         each, at least 20 words), {} gold stories (topic runs without a 3-day gap); lede: {} \
         stories; baseline theta {:.2} (best F1 on half 0): {} stories",
        records.len(),
        per_topic.len(),
        gold_stories.len(),
        lede.values()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        best.1,
        assigned
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len(),
    );
    for (label, which) in [("all", None), ("half 0", Some(0)), ("half 1", Some(1))] {
        let (p, r, f) = score(&|i| lede[records[i].3.as_str()].clone(), which);
        let (bp, br, bf) = score(&|i| assigned[i].to_string(), which);
        println!(
            "  {label:<7} lede P {p:.3} R {r:.3} F1 {f:.3}   baseline P {bp:.3} R {br:.3} F1 {bf:.3}"
        );
    }
    Ok(())
}
