//! Sentence cases beyond the Golden Rules, written for this crate in
//! `tests/fixtures/sentence_cases_en.jsonl`: one JSON object a line with `kind` (inline lists
//! with roman, lettered and numbered markers, HTML-like tags, lone periods, runs of dots and
//! ellipses, quotations that continue or end a sentence), `text` and the expected
//! `sentences`. A case passes when the splitter's sentences equal the expected ones exactly,
//! after trimming.
//!
//! The expectations are the careful human reading, which is also pySBD's (each list item is
//! a sentence of its own, and so is the text that introduces the list) except where a case's
//! `note` says how pySBD differs. `scripts/eval_sentences.py` scores lede and pySBD on it
//! side by side.

use lede_tokenize::sentences;
use serde_json::Value;

const CASES: &str = include_str!("fixtures/sentence_cases_en.jsonl");

const KINDS: &[&str] = &[
    "list_roman",
    "list_lettered",
    "list_numbered",
    "html",
    "lone_period",
    "dots",
    "quotes",
];

struct Case {
    id: String,
    kind: String,
    text: String,
    sentences: Vec<String>,
}

fn cases() -> Vec<Case> {
    CASES
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON object per line");
            let field = |name: &str| v[name].as_str().expect(name).to_owned();
            Case {
                id: field("id"),
                kind: field("kind"),
                text: field("text"),
                sentences: v["sentences"]
                    .as_array()
                    .expect("sentences")
                    .iter()
                    .map(|s| s.as_str().expect("a string").trim().to_owned())
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn fixture_has_enough_cases_of_every_kind() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for kind in KINDS {
        let n = cases.iter().filter(|c| c.kind == *kind).count();
        assert!(n >= 8, "{kind}: {n} cases");
    }
    for case in &cases {
        assert!(
            KINDS.contains(&case.kind.as_str()),
            "{}: unknown kind",
            case.id
        );
    }
}

#[test]
fn every_case_splits_exactly() {
    let mut failures = Vec::new();
    for case in cases() {
        let got: Vec<&str> = sentences(&case.text).map(|s| s.text.trim()).collect();
        if got != case.sentences {
            failures.push(format!(
                "{} ({}): {:?}\n  expected: {:?}\n  got:      {:?}",
                case.id, case.kind, case.text, case.sentences, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
