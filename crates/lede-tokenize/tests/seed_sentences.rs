//! The seed articles split into sentences exactly as reviewed by hand in
//! `tests/fixtures/<seed>.sentences.json`.
//!
//! The fixtures are the correct splitting, checked line by line against the articles, not a
//! snapshot of whatever the code printed; a difference here is a regression (or a fixture to
//! re-review, never to regenerate blindly).

use lede_tokenize::{paragraphs, sentences};

const SEEDS: &[(&str, &str, &str)] = &[
    (
        "000_21eaf71ef8813072",
        include_str!("../../../seeds/000_21eaf71ef8813072.txt"),
        include_str!("fixtures/000_21eaf71ef8813072.sentences.json"),
    ),
    (
        "001_ea396f7a82a19f71",
        include_str!("../../../seeds/001_ea396f7a82a19f71.txt"),
        include_str!("fixtures/001_ea396f7a82a19f71.sentences.json"),
    ),
    (
        "002_03ef136adfabfcb1",
        include_str!("../../../seeds/002_03ef136adfabfcb1.txt"),
        include_str!("fixtures/002_03ef136adfabfcb1.sentences.json"),
    ),
    (
        "003_af01109d76127dd9",
        include_str!("../../../seeds/003_af01109d76127dd9.txt"),
        include_str!("fixtures/003_af01109d76127dd9.sentences.json"),
    ),
    (
        "004_a1b7e0ca4b3ddd8c",
        include_str!("../../../seeds/004_a1b7e0ca4b3ddd8c.txt"),
        include_str!("fixtures/004_a1b7e0ca4b3ddd8c.sentences.json"),
    ),
];

fn expected(name: &str) -> Vec<String> {
    let (_, _, json) = SEEDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .expect("known seed");
    serde_json::from_str(json).expect("fixture is a JSON array of strings")
}

#[test]
fn seeds_split_as_reviewed() {
    for (name, text, _) in SEEDS {
        let want = expected(name);
        let got: Vec<&str> = sentences(text).map(|s| s.text).collect();
        if got != want {
            let first = got
                .iter()
                .zip(&want)
                .position(|(g, w)| g != w)
                .unwrap_or(got.len().min(want.len()));
            panic!(
                "{name}: {} sentences, expected {}; first difference at #{first}:\n  got:      {:?}\n  expected: {:?}",
                got.len(),
                want.len(),
                got.get(first),
                want.get(first)
            );
        }
    }
}

#[test]
fn seed_spans_point_into_the_text_and_stay_in_paragraphs() {
    for (name, text, _) in SEEDS {
        let paras: Vec<_> = paragraphs(text).collect();
        let mut last = 0;
        for s in sentences(text) {
            assert_eq!(&text[s.span.range()], s.text, "{name}");
            assert!(s.span.start >= last, "{name}: order");
            last = s.span.end;
            assert!(
                paras
                    .iter()
                    .any(|p| p.span.start <= s.span.start && s.span.end <= p.span.end),
                "{name}: {:?} crosses a paragraph boundary",
                s.text
            );
        }
    }
}

/// The phenomena the fixtures were chosen for, named so that a regression says which.
#[test]
fn fixtures_cover_the_hard_cases() {
    let s001 = expected("001_ea396f7a82a19f71");
    let s003 = expected("003_af01109d76127dd9");
    let s004 = expected("004_a1b7e0ca4b3ddd8c");
    let one = |list: &[String], needle: &str| {
        let hits: Vec<&String> = list.iter().filter(|s| s.contains(needle)).collect();
        assert_eq!(
            hits.len(),
            1,
            "{needle:?} should be inside exactly one sentence: {hits:?}"
        );
        hits[0].clone()
    };
    // Headline without final punctuation, followed by a blank line.
    assert_eq!(
        s001[0],
        "Zelensky attends Paris summit as US, Europe draft security guarantees for Ukraine"
    );
    assert_eq!(
        s003[0],
        "Security statement endorsed by Ukraine’s allies significant step: Macron"
    );
    // Sub-headings between paragraphs.
    assert!(s004.iter().any(|s| s == "Ceasefire Standoff"));
    assert!(
        s004.iter()
            .any(|s| s == "Europe’s Role in a Post-War Ukraine")
    );
    assert!(s004.iter().any(|s| s == "Challenges to Unity"));
    // Abbreviations that must not end a sentence.
    assert!(
        one(&s001, "on Jan. 6 for").starts_with("President Volodymyr Zelensky is visiting Paris")
    );
    assert!(one(&s001, "3:45 p.m. local time").ends_with("citing the Elysee Palace."));
    assert!(one(&s001, "U.S. Special Envoy Steve Witkoff").starts_with("Zelensky met Macron"));
    assert!(one(&s001, "on Dec. 28, Trump").ends_with("without providing further details."));
    assert!(
        one(&s003, "US Gen. Alexus G. Grynkewich, participating").ends_with("security guarantees.")
    );
    // The trailing editor's note, after a line of only a no-break space.
    assert_eq!(
        s004.last().map(String::as_str),
        Some(
            "This article was created using automation technology and was thoroughly edited and fact-checked by one of our editorial staff members"
        )
    );
}
