//! Paragraphs: blocks of text separated by blank lines.
//!
//! A paragraph ends at a *blank line*, a line that holds nothing but white space
//! (`char::is_whitespace`, so a line of no-break spaces is blank too). Said differently: a
//! run of white space that contains two or more line breaks separates paragraphs, and a
//! single line break does not. Line breaks are `\n`, `\r\n`, a lone `\r`, vertical tab, NEL
//! (U+0085) and LINE SEPARATOR (U+2028); a form feed and PARAGRAPH SEPARATOR (U+2029) are
//! explicit paragraph breaks and separate paragraphs on their own.
//!
//! Paragraphs are trimmed of surrounding white space and cover every non-white-space
//! character of the input exactly once. Sentences ([`crate::sentences`]) never cross a
//! paragraph boundary: both use the rule above, from the helpers in `lines.rs`.

use crate::Span;
use crate::lines::{Gap, find_line_break, skip_whitespace, trim_end_to};
use crate::sentence::{SentenceSplitter, Sentences};

/// A paragraph: a trimmed block of text between blank lines, borrowing the input.
///
/// `text == &input[span.range()]` always holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Paragraph<'a> {
    /// The paragraph text, trimmed of surrounding white space.
    pub text: &'a str,
    /// Where the paragraph is in the input, in bytes.
    pub span: Span,
}

impl<'a> Paragraph<'a> {
    /// The sentences of this paragraph, with spans into the original input (not into
    /// `self.text`). Gives the same sentences as [`crate::sentences`] on the whole input
    /// restricted to this paragraph; see [`SentenceSplitter::split_paragraph`] for other
    /// settings.
    #[must_use]
    pub fn sentences(&self) -> Sentences<'a> {
        SentenceSplitter::new().split_paragraph(self)
    }
}

// Here rather than in `sentence.rs`, so that sentences need nothing of paragraphs.
impl SentenceSplitter {
    /// Splits one paragraph; spans point into the input the paragraph came from. Gives the
    /// same sentences as [`split`](Self::split) on the whole input, restricted to the
    /// paragraph.
    #[must_use]
    pub fn split_paragraph<'a>(&self, paragraph: &Paragraph<'a>) -> Sentences<'a> {
        self.split_at(paragraph.text, paragraph.span.start)
    }
}

/// Iterator over the [`Paragraph`]s of a text, in order; created by [`paragraphs`].
#[derive(Debug, Clone)]
pub struct Paragraphs<'a> {
    text: &'a str,
    pos: usize,
}

/// Splits `text` into paragraphs at blank lines.
///
/// ```
/// use lede_tokenize::paragraphs;
///
/// let text = "Headline\n\nFirst paragraph,\nstill the first.\n \nSecond.";
/// let found: Vec<&str> = paragraphs(text).map(|p| p.text).collect();
/// assert_eq!(found, ["Headline", "First paragraph,\nstill the first.", "Second."]);
/// ```
#[must_use]
pub fn paragraphs(text: &str) -> Paragraphs<'_> {
    Paragraphs { text, pos: 0 }
}

impl<'a> Iterator for Paragraphs<'a> {
    type Item = Paragraph<'a>;

    fn next(&mut self) -> Option<Paragraph<'a>> {
        let text = self.text;
        let start = skip_whitespace(text, self.pos);
        if start >= text.len() {
            self.pos = text.len();
            return None;
        }
        let mut i = start;
        let (end, next) = loop {
            let Some(brk) = find_line_break(text.as_bytes(), i) else {
                break (text.len(), text.len());
            };
            let gap_start = trim_end_to(text, start, brk);
            let gap = Gap::scan(text, gap_start);
            if gap.breaks >= 2 || gap.end == text.len() {
                break (gap_start, gap.end);
            }
            i = gap.end;
        };
        self.pos = next;
        let body = text[start..end].trim_end();
        Some(Paragraph {
            text: body,
            span: Span::new(start, start + body.len()),
        })
    }
}

impl std::iter::FusedIterator for Paragraphs<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(input: &str) -> Vec<&str> {
        paragraphs(input).map(|p| p.text).collect()
    }

    #[test]
    fn blank_lines_separate() {
        assert_eq!(texts("a\n\nb"), ["a", "b"]);
        assert_eq!(texts("a\nb"), ["a\nb"]);
        assert_eq!(texts("a\r\n\r\nb\r\nc"), ["a", "b\r\nc"]);
        assert_eq!(texts("a\r\rb"), ["a", "b"]);
        assert_eq!(texts("a\n \t\u{a0}\nb"), ["a", "b"]);
        assert_eq!(texts("a\u{2029}b\u{2028}c\x0Cd"), ["a", "b\u{2028}c", "d"]);
        assert_eq!(texts("  \n\n lead\n\n\n\ntrail \n\n"), ["lead", "trail"]);
        assert!(texts("").is_empty());
        assert!(texts(" \n\t\n ").is_empty());
    }

    #[test]
    fn spans_point_into_the_input() {
        let input = "\n  First one.\n\n\u{a0}\n\nSecond one.  ";
        for p in paragraphs(input) {
            assert_eq!(&input[p.span.range()], p.text);
        }
        let spans: Vec<Span> = paragraphs(input).map(|p| p.span).collect();
        assert_eq!(spans, [Span::new(3, 13), Span::new(19, 30)]);
    }

    #[test]
    fn gap_counts_breaks() {
        assert_eq!(Gap::scan("a \n b", 1), Gap { end: 4, breaks: 1 });
        assert_eq!(Gap::scan("a\r\n\r\nb", 1), Gap { end: 5, breaks: 2 });
        assert_eq!(Gap::scan("a\u{a0}\u{2029}b", 1), Gap { end: 6, breaks: 2 });
        assert_eq!(Gap::scan("a", 1), Gap { end: 1, breaks: 0 });
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn paragraphs_partition_the_text(input in "(\\PC|\\s|\u{2029}|\r){0,200}") {
            check_partition(&input);
        }

        #[test]
        fn paragraphs_partition_line_heavy_text(input in "([a-z. ]{0,6}[\n\r\t \u{a0}\u{85}\u{2028}\u{2029}\x0B\x0C]{0,3}){0,30}") {
            check_partition(&input);
        }
    }

    fn check_partition(input: &str) {
        let mut covered = vec![false; input.len()];
        let mut last_end = 0;
        for p in paragraphs(input) {
            assert!(p.span.start >= last_end, "in order, not overlapping");
            assert!(!p.text.is_empty());
            assert_eq!(p.text, p.text.trim(), "trimmed");
            assert!(input.is_char_boundary(p.span.start) && input.is_char_boundary(p.span.end));
            assert_eq!(&input[p.span.range()], p.text);
            // Nothing between two paragraphs but white space holding a blank line.
            let between = &input[last_end..p.span.start];
            assert!(between.chars().all(char::is_whitespace));
            if last_end > 0 {
                assert!(
                    Gap::scan(input, last_end).breaks >= 2,
                    "split without a blank line: {between:?}"
                );
            }
            covered[p.span.range()].iter_mut().for_each(|c| *c = true);
            last_end = p.span.end;
        }
        for (i, c) in input.char_indices() {
            assert!(covered[i] || c.is_whitespace(), "char {c:?} at {i} dropped");
        }
        // Within a paragraph no blank line remains.
        for p in paragraphs(input) {
            let mut i = 0;
            while i < p.text.len() {
                let g = Gap::scan(p.text, i);
                assert!(
                    g.breaks < 2 || g.end == p.text.len() || i == g.end,
                    "blank line inside {:?}",
                    p.text
                );
                i = if g.end > i {
                    g.end
                } else {
                    i + p.text[i..].chars().next().map_or(1, char::len_utf8)
                };
            }
        }
    }
}
