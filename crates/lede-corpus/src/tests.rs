#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::*;

/// A fresh directory under the system's temporary directory, unique to this test run.
fn temp_dir(tag: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "lede-corpus-{tag}-{}-{n}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seeds() -> Corpus {
    Corpus::from_seeds().unwrap()
}

#[test]
fn corpus_is_send_and_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Corpus>();
}

#[test]
fn seeds_load_with_headline_titles() {
    let corpus = seeds();
    assert_eq!(corpus.len(), 5);
    assert_eq!(corpus.stats().documents(), 5);
    let titles: Vec<(&str, Option<&str>)> = corpus
        .iter()
        .map(|doc| (doc.name.as_str(), doc.title.as_deref()))
        .collect();
    assert_eq!(
        titles,
        [
            ("000_21eaf71ef8813072", None),
            (
                "001_ea396f7a82a19f71",
                Some(
                    "Zelensky attends Paris summit as US, Europe draft security guarantees for Ukraine"
                )
            ),
            ("002_03ef136adfabfcb1", None),
            (
                "003_af01109d76127dd9",
                Some("Security statement endorsed by Ukraine’s allies significant step: Macron")
            ),
            ("004_a1b7e0ca4b3ddd8c", None),
        ]
    );
    // Every document's text starts with its title, and is kept whole.
    for doc in corpus.iter() {
        if let Some(title) = &doc.title {
            assert!(doc.text.starts_with(title.as_str()));
        }
        let analysis = corpus.analysis(&doc.name).unwrap();
        assert_eq!(
            analysis.sentence_count(),
            lede_tokenize::sentences(&doc.text).count()
        );
        assert!(analysis.sentence_count() > 3);
    }
}

#[test]
fn seeds_equal_the_seeds_directory() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let from_dir = Corpus::from_dir(&dir).unwrap();
    let embedded = seeds();
    assert!(from_dir.iter().eq(embedded.iter()));
    assert_eq!(from_dir.stats(), embedded.stats());
}

#[test]
fn search_finds_greenland_with_highlights() {
    let corpus = seeds();
    let hits = corpus.search("Greenland", 10).unwrap();
    let containing: Vec<&str> = corpus
        .iter()
        .filter(|doc| doc.text.to_lowercase().contains("greenland"))
        .map(|doc| doc.name.as_str())
        .collect();
    assert!(!containing.is_empty());
    let mut found: Vec<&str> = hits.iter().map(|hit| hit.name).collect();
    found.sort_unstable();
    assert_eq!(found, containing);
    for pair in hits.windows(2) {
        assert!(pair[0].score >= pair[1].score);
    }
    for hit in &hits {
        assert!(hit.score > 0.0);
        let doc = corpus.get(hit.name).unwrap();
        assert_eq!(&doc.text[hit.snippet.span.range()], hit.snippet.text);
        assert!(!hit.snippet.highlights.is_empty());
        for span in &hit.snippet.highlights {
            let word = &hit.snippet.text[span.range()];
            assert!(word.eq_ignore_ascii_case("greenland"), "{word:?}");
        }
    }
}

#[test]
fn search_ranks_by_matched_terms_and_stems_queries() {
    let mut corpus = Corpus::new();
    corpus
        .insert(Document::new(
            "a",
            "Security guarantees for Ukraine were discussed. Nothing else.",
        ))
        .unwrap();
    corpus
        .insert(Document::new(
            "b",
            "The weather was mild. A security meeting was held.",
        ))
        .unwrap();
    corpus
        .insert(Document::new("c", "Oil prices fell on Tuesday."))
        .unwrap();
    let hits = corpus.search("guarantee security", 10).unwrap();
    let names: Vec<&str> = hits.iter().map(|hit| hit.name).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(
        hits[0].snippet.text,
        "Security guarantees for Ukraine were discussed."
    );
    let words: Vec<&str> = hits[0]
        .snippet
        .highlights
        .iter()
        .map(|span| &hits[0].snippet.text[span.range()])
        .collect();
    assert_eq!(words, ["Security", "guarantees"]);
    // The snippet is the sentence that matches, not the first one.
    assert_eq!(hits[1].snippet.text, "A security meeting was held.");
    assert_eq!(hits[1].snippet.span.start, "The weather was mild. ".len());
    // Nothing to find.
    assert!(corpus.search("the of and", 10).unwrap().is_empty());
    assert!(corpus.search("unknownword", 10).unwrap().is_empty());
    assert!(corpus.search("security", 0).unwrap().is_empty());
    assert_eq!(corpus.search("security", 1).unwrap().len(), 1);
}

#[test]
fn highlights_drop_possessive_endings() {
    let mut corpus = Corpus::new();
    corpus
        .insert(Document::new(
            "a",
            "Denmark rejected Washington’s claim to Greenland's ice.",
        ))
        .unwrap();
    let hits = corpus.search("Greenland Washington", 1).unwrap();
    let words: Vec<&str> = hits[0]
        .snippet
        .highlights
        .iter()
        .map(|span| &hits[0].snippet.text[span.range()])
        .collect();
    assert_eq!(words, ["Washington", "Greenland"]);
    assert_eq!(corpus.surface_form("greenland"), Some("Greenland"));
}

/// The ten top terms of `corpus` with their readable forms.
fn top_terms(corpus: &Corpus) -> Vec<(String, String)> {
    corpus
        .top_terms(10)
        .unwrap()
        .iter()
        .map(|t| (t.term.to_owned(), t.text.to_owned()))
        .collect()
}

#[test]
fn remove_restores_statistics_exactly() {
    let mut corpus = seeds();
    let removed = corpus.remove("002_03ef136adfabfcb1").unwrap();
    assert_eq!(corpus.len(), 4);
    assert!(corpus.get("002_03ef136adfabfcb1").is_none());

    let mut without = Corpus::new();
    without
        .extend(
            seed_documents()
                .into_iter()
                .filter(|doc| doc.name != removed.name),
        )
        .unwrap();
    assert_eq!(corpus.stats(), without.stats());
    // What is computed from the statistics is the same too.
    let scores = |corpus: &Corpus| -> Vec<(String, f64)> {
        corpus
            .search("security guarantees Greenland", 10)
            .unwrap()
            .iter()
            .map(|hit| (hit.name.to_owned(), hit.score))
            .collect()
    };
    let (a, b) = (scores(&corpus), scores(&without));
    assert_eq!(a.len(), b.len());
    for ((name_a, score_a), (name_b, score_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        assert!((score_a - score_b).abs() < 1e-9);
    }
    assert_eq!(top_terms(&corpus), top_terms(&without));

    // Putting it back gives the original statistics.
    corpus.insert(removed).unwrap();
    assert_eq!(corpus.stats(), seeds().stats());
    assert!(matches!(
        corpus.remove("nope"),
        Err(Error::NotFound { name }) if name == "nope"
    ));
}

#[test]
fn insert_rejects_taken_and_invalid_names() {
    let mut corpus = seeds();
    let taken = Document::new("001_ea396f7a82a19f71", "Other text.");
    assert!(matches!(
        corpus.insert(taken),
        Err(Error::AlreadyExists { .. })
    ));
    assert!(matches!(
        corpus.insert(Document::new("", "text")),
        Err(Error::InvalidDocument { .. })
    ));
    assert!(matches!(
        corpus.insert(Document::new("a\tb", "text")),
        Err(Error::InvalidDocument { .. })
    ));
    assert_eq!(corpus.len(), 5);
    assert_eq!(corpus.stats(), seeds().stats());
    // `extend` inserts all or nothing.
    let batch = [Document::new("x", "One."), Document::new("x", "Two.")];
    assert!(matches!(
        corpus.extend(batch),
        Err(Error::AlreadyExists { .. })
    ));
    assert!(!corpus.contains("x"));
}

#[test]
fn names_are_ordered_and_pageable() {
    let mut corpus = Corpus::new();
    for name in ["c", "a", "b"] {
        corpus.insert(Document::new(name, "Some text.")).unwrap();
    }
    assert!(corpus.names().eq(["a", "b", "c"]));
    let page: Vec<&str> = corpus
        .iter_after("a")
        .map(|doc| doc.name.as_str())
        .collect();
    assert_eq!(page, ["b", "c"]);
    assert_eq!(corpus.iter_after("c").count(), 0);
}

#[test]
fn similar_excludes_self() {
    let corpus = seeds();
    for name in corpus.names() {
        let similar = corpus.similar(name, 10).unwrap();
        assert_eq!(similar.len(), 4, "the seeds all share terms");
        assert!(similar.iter().all(|s| s.name != name));
        assert!(
            similar
                .iter()
                .all(|s| s.score > 0.0 && s.score <= 1.0 + 1e-9)
        );
        for pair in similar.windows(2) {
            assert!(pair[0].score >= pair[1].score);
        }
    }
    assert_eq!(corpus.similar("000_21eaf71ef8813072", 1).unwrap().len(), 1);
    assert!(matches!(
        corpus.similar("nope", 3),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn top_terms_are_readable() {
    let corpus = seeds();
    let top = corpus.top_terms(15).unwrap();
    assert_eq!(top.len(), 15);
    let texts: Vec<&str> = top.iter().map(|t| t.text).collect();
    assert!(texts.contains(&"Ukraine"), "{texts:?}");
    for term in &top {
        assert!(term.document_frequency >= 1 && term.document_frequency <= 5);
        assert!(term.occurrences >= term.document_frequency);
    }
    for pair in top.windows(2) {
        assert!(pair[0].score >= pair[1].score);
    }
    assert!(corpus.top_terms(0).unwrap().is_empty());
    assert!(Corpus::new().top_terms(5).unwrap().is_empty());
}

#[test]
fn keywords_and_summaries() {
    let corpus = seeds();
    let keywords = corpus
        .keywords(
            "001_ea396f7a82a19f71",
            &crate::KeywordsRequest::default().with_top_k(5),
        )
        .unwrap();
    assert_eq!(keywords.len(), 5);
    let doc = corpus.get("001_ea396f7a82a19f71").unwrap();
    for keyword in &keywords {
        assert!(!keyword.spans.is_empty());
        for span in &keyword.spans {
            assert!(doc.text.get(span.range()).is_some());
        }
    }
    assert!(matches!(
        corpus.keywords("nope", &crate::KeywordsRequest::default().with_top_k(5)),
        Err(Error::NotFound { .. })
    ));

    let summary = corpus
        .summarize(
            None,
            &crate::SummaryRequest::default().with_budget(Budget::Sentences(3)),
        )
        .unwrap();
    assert_eq!(summary.len(), 3);
    for sentence in &summary {
        let doc = corpus.get(sentence.name).unwrap();
        assert_eq!(&doc.text[sentence.span.range()], sentence.text);
    }
    let one = corpus
        .summarize(
            Some(&["003_af01109d76127dd9"]),
            &crate::SummaryRequest::default().with_budget(Budget::Sentences(2)),
        )
        .unwrap();
    assert!(one.iter().all(|s| s.name == "003_af01109d76127dd9"));
    let focused = corpus
        .summarize(
            None,
            &crate::SummaryRequest::default()
                .with_budget(Budget::Sentences(1))
                .with_query(Some("Greenland")),
        )
        .unwrap();
    assert!(
        focused[0].text.contains("Greenland"),
        "{:?}",
        focused[0].text
    );
    assert!(matches!(
        corpus.summarize(
            Some(&["nope"]),
            &crate::SummaryRequest::default().with_budget(Budget::Sentences(1))
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        corpus.summarize(
            None,
            &crate::SummaryRequest::default().with_budget(Budget::Sentences(0))
        ),
        Err(Error::InvalidOptions { violations }) if violations[0].field == "budget.sentences"
    ));
}

#[test]
fn directory_loading() {
    let dir = temp_dir("dir");
    std::fs::write(dir.join("b.txt"), "Second text about Paris.").unwrap();
    std::fs::write(dir.join("a.md"), "# Leaders meet\n\nLeaders met in Paris.").unwrap();
    std::fs::write(dir.join("ignored.json"), "{}").unwrap();
    std::fs::write(dir.join(".hidden.txt"), "Hidden.").unwrap();
    std::fs::create_dir(dir.join("sub.txt")).unwrap();
    let corpus = Corpus::from_dir(&dir).unwrap();
    assert!(corpus.names().eq(["a", "b"]));
    assert_eq!(
        corpus.get("a").unwrap().title.as_deref(),
        Some("Leaders meet")
    );
    assert_eq!(corpus.get("b").unwrap().title, None);

    // Same stem twice.
    std::fs::write(dir.join("a.txt"), "Clash.").unwrap();
    let error = Corpus::from_dir(&dir).unwrap_err();
    assert!(
        matches!(&error, Error::InvalidText { path, .. } if path.ends_with("a.txt")
        || path.ends_with("a.md"))
    );
    std::fs::remove_file(dir.join("a.txt")).unwrap();

    // Invalid UTF-8 on line 3.
    std::fs::write(dir.join("c.txt"), b"one\ntwo\nthr\xffee\n").unwrap();
    let error = Corpus::from_dir(&dir).unwrap_err();
    match &error {
        Error::InvalidText { path, line, .. } => {
            assert!(path.ends_with("c.txt"));
            assert_eq!(*line, 3);
        }
        other => panic!("unexpected {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("c.txt:3:"), "{message}");

    // A directory that does not exist.
    let missing = dir.join("missing");
    let error = Corpus::from_dir(&missing).unwrap_err();
    assert!(matches!(&error, Error::Io { path, .. } if *path == missing));
    assert!(error.to_string().contains("missing"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jsonl_loading() {
    let dir = temp_dir("jsonl");
    let path = dir.join("docs.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"id": "x", "body": "Headline here\nLeaders met in Paris.", "outlet": "Wire", "when": "2026-01-06"}"#,
            "\n\n",
            r#"{"id": 7, "body": "Oil prices fell.", "headline": "Oil", "outlet": null}"#,
            "\n",
        ),
    )
    .unwrap();
    let fields = JsonlFields {
        name: "id".into(),
        title: Some("headline".into()),
        text: "body".into(),
        source: Some("outlet".into()),
        date: Some("when".into()),
    };
    let corpus = Corpus::from_jsonl(&path, &fields).unwrap();
    assert!(corpus.names().eq(["7", "x"]));
    let x = corpus.get("x").unwrap();
    assert_eq!(x.title.as_deref(), Some("Headline here"));
    assert_eq!(x.source.as_deref(), Some("Wire"));
    assert_eq!(x.date.as_deref(), Some("2026-01-06"));
    let seven = corpus.get("7").unwrap();
    assert_eq!(seven.title.as_deref(), Some("Oil"));
    assert_eq!(seven.source, None);

    let line_error = |content: &str| -> (usize, String) {
        std::fs::write(&path, content).unwrap();
        match Corpus::from_jsonl(&path, &fields).unwrap_err() {
            error @ Error::InvalidJsonl { .. } => {
                let message = error.to_string();
                let Error::InvalidJsonl { path: p, line, .. } = error else {
                    unreachable!()
                };
                assert_eq!(p, path);
                assert!(message.contains("docs.jsonl:"), "{message}");
                (line, message)
            }
            other => panic!("unexpected {other:?}"),
        }
    };
    let ok = r#"{"id": "a", "body": "Text."}"#;
    let (line, message) = line_error(&format!("{ok}\n{{not json\n"));
    assert_eq!(line, 2);
    assert!(message.contains("not valid JSON"), "{message}");
    let (line, message) = line_error(&format!("{ok}\n\n{{\"id\": \"b\"}}\n"));
    assert_eq!(line, 3);
    assert!(message.contains("missing field \"body\""), "{message}");
    let (line, message) = line_error(&format!("{ok}\n{ok}\n"));
    assert_eq!(line, 2);
    assert!(message.contains("line 1"), "{message}");
    let (line, _) = line_error("[1, 2]\n");
    assert_eq!(line, 1);
    let (line, message) = line_error(r#"{"id": "a", "body": 3}"#);
    assert_eq!(line, 1);
    assert!(message.contains("\"body\" must be a string"), "{message}");
    let (line, _) = line_error(r#"{"id": "", "body": "x"}"#);
    assert_eq!(line, 1);
    std::fs::write(
        &path,
        b"{\"id\": \"a\", \"body\": \"x\"}\n{\"id\": \"\xff\"}\n",
    )
    .unwrap();
    assert!(matches!(
        Corpus::from_jsonl(&path, &fields),
        Err(Error::InvalidJsonl { line: 2, .. })
    ));

    let missing = dir.join("missing.jsonl");
    assert!(matches!(
        Corpus::from_jsonl(&missing, &JsonlFields::default()),
        Err(Error::Io { path, .. }) if path == missing
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn empty_and_odd_documents() {
    let mut corpus = Corpus::new();
    corpus.insert(Document::new("empty", "")).unwrap();
    corpus.insert(Document::new("stop", "the of and")).unwrap();
    assert!(corpus.search("anything", 5).unwrap().is_empty());
    assert!(corpus.similar("empty", 5).unwrap().is_empty());
    assert!(corpus.top_terms(5).unwrap().is_empty());
    assert!(
        corpus
            .keywords("empty", &crate::KeywordsRequest::default().with_top_k(5))
            .unwrap()
            .is_empty()
    );
    assert!(
        corpus
            .summarize(
                None,
                &crate::SummaryRequest::default().with_budget(Budget::Sentences(2))
            )
            .unwrap()
            .is_empty()
    );
    corpus.remove("empty").unwrap();
    corpus.remove("stop").unwrap();
    assert_eq!(corpus.stats(), Corpus::new().stats());
}

#[test]
fn options_are_validated() {
    let mut options = CorpusOptions::default();
    options.bm25.k1 = -1.0;
    assert!(matches!(
        Corpus::with_options(options),
        Err(Error::Statistics(_))
    ));
    let options = CorpusOptions {
        language: lede_stem::Language::French,
        ..CorpusOptions::default()
    };
    let mut corpus = Corpus::with_options(options).unwrap();
    corpus
        .insert(Document::new(
            "fr",
            "Les dirigeants européens se réunissent à Paris.",
        ))
        .unwrap();
    assert_eq!(corpus.search("dirigeant", 1).unwrap().len(), 1);
}

#[test]
fn jsonl_default_name_falls_back_to_id() {
    let dir = temp_dir("jsonl-id");
    let path = dir.join("docs.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"name": "n", "id": "ignored", "text": "Named."}"#,
            "\n",
            r#"{"id": "17", "title": "REUTERS", "text": "Keyed by id."}"#,
            "\n",
            r#"{"name": null, "id": 18, "text": "A null name falls through."}"#,
            "\n",
        ),
    )
    .unwrap();
    let documents = documents_from_jsonl(&path, &JsonlFields::default()).unwrap();
    let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["n", "17", "18"]);
    assert_eq!(documents[1].title.as_deref(), Some("REUTERS"));

    std::fs::write(&path, r#"{"text": "No name."}"#).unwrap();
    let message = documents_from_jsonl(&path, &JsonlFields::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(r#"missing field "name" or "id""#),
        "{message}"
    );
    std::fs::write(&path, r#"{"id": [1], "text": "x"}"#).unwrap();
    let message = documents_from_jsonl(&path, &JsonlFields::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(r#"field "id" must be a string"#),
        "{message}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn churn_keeps_the_vocabulary_bounded_and_answers_unchanged() {
    // A stream of documents, each with words no other has, of which only the last 20 stay:
    // the terms of the removed ones must not pile up.
    let churn = |n: usize| {
        Document::new(
            format!("churn-{n}"),
            format!(
                "Officials in Qx{n}ville met envoy Zq{n}son. Talks on code{n} and plan{n}b \
                 went on. Mr. Wy{n}ek said the accord {n}xz would hold."
            ),
        )
    };
    let mut corpus = seeds();
    let mut largest = 0;
    for n in 0..4000 {
        corpus.insert(churn(n)).unwrap();
        if n >= 20 {
            corpus.remove(&format!("churn-{}", n - 20)).unwrap();
        }
        largest = largest.max(corpus.stats().vocabulary().len());
    }
    // Without compaction the vocabulary would hold over 20,000 dead terms by now.
    assert!(
        largest < 3 * crate::corpus::MIN_DEAD_TERMS,
        "vocabulary grew to {largest}"
    );

    let mut rebuilt = Corpus::new();
    rebuilt
        .extend(seed_documents().into_iter().chain((3980..4000).map(churn)))
        .unwrap();
    assert_eq!(corpus.stats(), rebuilt.stats());
    let hits = |corpus: &Corpus| -> Vec<(String, String)> {
        corpus
            .search("envoy Zq3990son security guarantees", 5)
            .unwrap()
            .iter()
            .map(|hit| (hit.name.to_owned(), format!("{:.9}", hit.score)))
            .collect()
    };
    assert_eq!(hits(&corpus), hits(&rebuilt));
    assert_eq!(corpus.surface_form("zq3999son"), Some("Zq3999son"));
    assert_eq!(corpus.surface_form("zq10son"), None);
    assert_eq!(top_terms(&corpus), top_terms(&rebuilt));
    let similar = |corpus: &Corpus| -> Vec<String> {
        corpus
            .similar("churn-3990", 3)
            .unwrap()
            .iter()
            .map(|s| s.name.to_owned())
            .collect()
    };
    assert_eq!(similar(&corpus), similar(&rebuilt));
}

#[test]
fn a_summary_job_computed_without_the_corpus_equals_the_summary() {
    let corpus = Corpus::from_seeds().unwrap();
    let names: Vec<&str> = corpus.names().take(3).collect();
    let requests = [
        crate::SummaryRequest::default(),
        crate::SummaryRequest::default()
            .with_budget(Budget::Words(60))
            .with_query(Some("Greenland ice sheet"))
            .with_mmr_lambda(Some(0.5)),
    ];
    for request in &requests {
        for names in [Some(names.as_slice()), None] {
            let direct = corpus.summarize(names, request).unwrap();
            let job = corpus.summary_job(names, request).unwrap();
            let copied = job.run().unwrap();
            assert!(!direct.is_empty());
            assert_eq!(direct, copied, "{request:?} {names:?}");
            for sentence in &copied {
                let text = job.text(sentence.name).unwrap();
                assert_eq!(&text[sentence.span.range()], sentence.text);
            }
        }
    }
}

#[test]
fn options_are_checked_once_with_every_violation_named() {
    let request = crate::SummaryRequest::default()
        .with_budget(Budget::Ratio(1.5))
        .with_lead_weight(Some(f64::NAN))
        .with_length_weight(Some(-1.0))
        .with_mmr_lambda(Some(2.0));
    let Err(Error::InvalidOptions { violations }) = request.validate() else {
        panic!("invalid options accepted");
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field).collect();
    assert_eq!(
        fields,
        ["budget.ratio", "lead_weight", "length_weight", "mmr_lambda"]
    );
    let keywords = crate::KeywordsRequest::default()
        .with_top_k(0)
        .with_max_words(5);
    let corpus = Corpus::from_seeds().unwrap();
    let name = corpus.names().next().unwrap().to_owned();
    let Err(Error::InvalidOptions { violations }) = corpus.keywords(&name, &keywords) else {
        panic!("invalid options accepted");
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field).collect();
    assert_eq!(fields, ["top_k", "max_words"]);
}

#[test]
fn a_stored_document_is_analysed_in_the_corpus_language_only() {
    let corpus = Corpus::from_seeds().unwrap();
    assert_eq!(
        corpus.document_language(None).unwrap(),
        crate::Language::English
    );
    assert_eq!(
        corpus
            .document_language(Some(crate::Language::English))
            .unwrap(),
        crate::Language::English
    );
    assert!(matches!(
        corpus.document_language(Some(crate::Language::German)),
        Err(Error::InvalidOptions { violations }) if violations[0].field == "language"
    ));
}

#[test]
fn inline_text_needs_no_corpus_and_equals_the_summarizer() {
    let text = corpus_text();
    let request = crate::SummaryRequest::default().with_budget(Budget::Sentences(2));
    let summary = crate::summarize_texts(&[&text], crate::Language::English, &request).unwrap();
    let expected = lede_summarize::Summarizer::default()
        .summarize_many(&[&text], Budget::Sentences(2), None)
        .unwrap();
    assert_eq!(summary, expected);
    let keywords = crate::keywords_of_text(
        &text,
        crate::Language::English,
        &crate::KeywordsRequest::default().with_top_k(3),
    )
    .unwrap();
    assert_eq!(keywords.len(), 3);
}

fn corpus_text() -> String {
    Corpus::from_seeds()
        .unwrap()
        .iter()
        .next()
        .unwrap()
        .text
        .clone()
}
