//! The seeds tell the same facts in different words: a multi-document summary says each once.

use lede_summarize::{Budget, Summarizer};

const SEEDS: [&str; 5] = [
    include_str!("../../../seeds/000_21eaf71ef8813072.txt"),
    include_str!("../../../seeds/001_ea396f7a82a19f71.txt"),
    include_str!("../../../seeds/002_03ef136adfabfcb1.txt"),
    include_str!("../../../seeds/003_af01109d76127dd9.txt"),
    include_str!("../../../seeds/004_a1b7e0ca4b3ddd8c.txt"),
];

/// Seed 001 says "representatives from 35 countries, including 27 heads of state"; seed 003
/// says "35 participants including 27 heads of State". A query that pulls both towards the top
/// must still get only one of them.
#[test]
fn the_35_participants_are_reported_once_across_sources() {
    let summarizer = Summarizer::default();
    for query in [
        "35 participants heads of state",
        "how many countries and heads of state took part",
    ] {
        for sentences in [3, 5, 10] {
            let summary = summarizer
                .summarize_many(&SEEDS, Budget::Sentences(sentences), Some(query))
                .unwrap();
            let participant_count_sentences: Vec<&str> = summary
                .iter()
                .map(|sentence| sentence.text)
                .filter(|text| text.contains("35 participants") || text.contains("35 countries"))
                .collect();
            assert_eq!(
                participant_count_sentences.len(),
                1,
                "query {query:?}, {sentences} sentences: {participant_count_sentences:?}"
            );
        }
    }
}
