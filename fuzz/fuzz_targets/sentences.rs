//! `lede_tokenize::sentences`, `SentenceSplitter` in every `LineBreaks` mode, and
//! `paragraphs`: spans in order, non-overlapping, inside the text, on char boundaries,
//! trimmed, covering every non-white-space character; sentences never cross a paragraph and
//! splitting paragraph by paragraph gives the same sentences.
#![no_main]

use lede_fuzz::assert_ordered_cover;
use lede_tokenize::{LineBreaks, SentenceSplitter, paragraphs, sentences};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let paras: Vec<_> = paragraphs(text).collect();
    assert_ordered_cover(
        text,
        paras.iter().map(|p| (p.span, p.text.to_owned())),
        char::is_whitespace,
        "paragraph",
    );
    for p in &paras {
        assert_eq!(p.text, p.text.trim(), "paragraph not trimmed");
    }

    let default: Vec<_> = sentences(text).collect();
    for mode in [LineBreaks::Auto, LineBreaks::Space, LineBreaks::Always] {
        let splitter = SentenceSplitter::new().line_breaks(mode);
        let found: Vec<_> = splitter.split(text).collect();
        if mode == LineBreaks::Auto {
            assert_eq!(
                found, default,
                "sentences() != SentenceSplitter::new().split()"
            );
        }
        assert_ordered_cover(
            text,
            found.iter().map(|s| (s.span, s.text.to_owned())),
            char::is_whitespace,
            "sentence",
        );
        for s in &found {
            assert_eq!(s.text, s.text.trim(), "sentence not trimmed: {s:?}");
            assert!(
                paras
                    .iter()
                    .any(|p| p.span.start <= s.span.start && s.span.end <= p.span.end),
                "{mode:?}: sentence {s:?} crosses paragraphs"
            );
        }
        let per_paragraph: Vec<_> = paras
            .iter()
            .flat_map(|p| splitter.split_paragraph(p))
            .collect();
        assert_eq!(
            per_paragraph, found,
            "{mode:?}: split_paragraph disagrees with split"
        );
    }
});
