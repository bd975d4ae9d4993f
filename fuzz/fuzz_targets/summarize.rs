//! `lede_summarize::Summarizer`: `summarize` on the text and `summarize_many` on the text
//! split in two documents (with a query when the selector asks), options and budget from the
//! first byte. Every sentence is a slice of its document on char boundaries, its document
//! index is valid, its sentence index names the sentence with that span, its score is finite
//! and positive, ranks are 1..=n, a sentence budget is kept.
#![no_main]

use lede_fuzz::{assert_span, split_input};
use lede_summarize::{Budget, Order, Summarizer, SummarizerOptions, Summary};
use lede_tokenize::{LineBreaks, SentenceSplitter};
use libfuzzer_sys::fuzz_target;

fn check(documents: &[&str], summary: &Summary<'_>, budget: Budget, line_breaks: LineBreaks) {
    let mut ranks: Vec<usize> = summary.iter().map(|s| s.rank).collect();
    ranks.sort_unstable();
    assert_eq!(ranks, (1..=summary.len()).collect::<Vec<_>>(), "ranks");
    for s in summary.iter() {
        assert!(
            s.document < documents.len(),
            "document index {} invalid",
            s.document
        );
        let document = documents[s.document];
        assert_span(document, s.span, "summary sentence");
        assert_eq!(&document[s.span.range()], s.text, "text != &document[span]");
        assert!(
            s.score.is_finite() && s.score > 0.0,
            "score {} of {s:?}",
            s.score
        );
        let nth = SentenceSplitter::new()
            .line_breaks(line_breaks)
            .split(document)
            .nth(s.index);
        assert_eq!(nth.map(|n| n.span), Some(s.span), "index of {s:?}");
    }
    if let Budget::Sentences(n) = budget {
        assert!(
            summary.len() <= n,
            "{} sentences for {budget:?}",
            summary.len()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let (selector, text) = split_input(data);
    let budget = match selector & 0x03 {
        0 => Budget::Sentences(usize::from(selector >> 4) + 1),
        1 => Budget::Words(usize::from(selector >> 2) * 4 + 1),
        2 => Budget::Ratio(f64::from((selector >> 2) + 1) / 64.0),
        _ => Budget::Sentences(3),
    };
    let line_breaks = match (selector >> 2) & 0x03 {
        1 => LineBreaks::Space,
        2 => LineBreaks::Always,
        _ => LineBreaks::Auto,
    };
    let options = SummarizerOptions::default().with_line_breaks(line_breaks).with_order(if selector & 0x40 != 0 {
            Order::Score
        } else {
            Order::Document
        }).with_background(selector & 0x20 == 0);
    let Ok(summarizer) = Summarizer::new(options) else {
        panic!("default options rejected");
    };

    match summarizer.summarize(&text, budget) {
        Ok(summary) => check(&[&text], &summary, budget, line_breaks),
        Err(error) => panic!("summarize: {error} for {budget:?}"),
    }

    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let (first, second) = text.split_at(middle);
    let documents = [first, second];
    let query = (selector & 0x80 != 0).then(|| first.split_whitespace().next().unwrap_or(""));
    match summarizer.summarize_many(&documents, budget, query) {
        Ok(summary) => check(&documents, &summary, budget, line_breaks),
        Err(error) => panic!("summarize_many: {error} for {budget:?}"),
    }
});
