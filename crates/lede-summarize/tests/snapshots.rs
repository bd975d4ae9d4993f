//! Reviewed summaries of the seed articles: the three-sentence summary of each seed and a
//! five-sentence summary of all five, compared with the snapshots in `tests/snapshots/`.
//!
//! The snapshots were read and judged by a person: no headline, no fragment, no two
//! sentences saying the same thing, and they read as a summary. Texts, spans, documents,
//! sentence indices and ranks must match exactly, scores to 1e-9. After a deliberate change
//! to the model, regenerate them with `UPDATE_SNAPSHOTS=1 cargo test -p lede-summarize --test
//! snapshots`, read the diff, and review them again.

use std::fs;
use std::path::{Path, PathBuf};

use lede_summarize::{Budget, Summarizer, Summary};
use serde_json::{Value, json};

fn seeds() -> Vec<(String, String)> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<PathBuf> = fs::read_dir(&directory)
        .expect("the seeds directory exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(&path).expect("a readable seed"))
        })
        .collect()
}

fn to_json(names: &[&str], budget: &str, summary: &Summary<'_>) -> Value {
    json!({
        "documents": names,
        "budget": budget,
        "sentences": summary.iter().map(|sentence| json!({
            "rank": sentence.rank,
            "score": sentence.score,
            "document": sentence.document,
            "index": sentence.index,
            "span": [sentence.span.start, sentence.span.end],
            "text": sentence.text,
        })).collect::<Vec<_>>(),
    })
}

/// Compares `actual` with the snapshot `name`, scores to 1e-9 and everything else exactly;
/// writes it instead when `UPDATE_SNAPSHOTS` is set.
fn check(name: &str, actual: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let text = serde_json::to_string_pretty(actual).expect("JSON") + "\n";
        fs::write(&path, text).expect("a writable snapshot");
        return;
    }
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display())),
    )
    .expect("a snapshot in JSON");
    let strip = |value: &Value| {
        let mut value = value.clone();
        for sentence in value["sentences"].as_array_mut().expect("sentences") {
            sentence
                .as_object_mut()
                .expect("a sentence object")
                .remove("score");
        }
        value
    };
    assert_eq!(
        strip(actual),
        strip(&expected),
        "{name}: the summary changed"
    );
    let scores = |value: &Value| -> Vec<f64> {
        value["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .map(|sentence| sentence["score"].as_f64().expect("a score"))
            .collect()
    };
    for (actual, expected) in scores(actual).iter().zip(scores(&expected)) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "{name}: score {actual} != {expected}"
        );
    }
}

#[test]
fn three_sentence_summary_of_each_seed() {
    let summarizer = Summarizer::default();
    for (name, text) in seeds() {
        let summary = summarizer.summarize(&text, Budget::Sentences(3)).unwrap();
        assert_eq!(summary.len(), 3, "{name}");
        let stem = name.trim_end_matches(".txt");
        check(
            &format!("{stem}.3_sentences.json"),
            &to_json(&[&name], "Sentences(3)", &summary),
        );
    }
}

#[test]
fn five_sentence_summary_of_all_seeds() {
    let seeds = seeds();
    let names: Vec<&str> = seeds.iter().map(|(name, _)| name.as_str()).collect();
    let documents: Vec<&str> = seeds.iter().map(|(_, text)| text.as_str()).collect();
    let summary = Summarizer::default()
        .summarize_many(&documents, Budget::Sentences(5), None)
        .unwrap();
    assert_eq!(summary.len(), 5);
    check(
        "all_seeds.5_sentences.json",
        &to_json(&names, "Sentences(5)", &summary),
    );
}

#[test]
fn a_query_for_greenland_yields_the_greenland_sentences() {
    let seeds = seeds();
    let documents: Vec<&str> = seeds.iter().map(|(_, text)| text.as_str()).collect();
    let summary = Summarizer::default()
        .summarize_many(&documents, Budget::Sentences(3), Some("Greenland"))
        .unwrap();
    assert_eq!(summary.len(), 3);
    for sentence in &summary {
        assert!(sentence.text.contains("Greenland"), "{}", sentence.text);
    }
}
