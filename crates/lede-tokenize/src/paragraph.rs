//! Paragraphs. (placeholder, being replaced)
use crate::Span;

/// A paragraph borrowing the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph<'a> {
    /// The paragraph text, trimmed.
    pub text: &'a str,
    /// Where it is in the input.
    pub span: Span,
}

/// Iterator over paragraphs.
#[derive(Debug)]
pub struct Paragraphs<'a> {
    inner: std::vec::IntoIter<Paragraph<'a>>,
}

impl<'a> Iterator for Paragraphs<'a> {
    type Item = Paragraph<'a>;
    fn next(&mut self) -> Option<Paragraph<'a>> {
        self.inner.next()
    }
}

/// Splits `text` into paragraphs.
#[must_use]
pub fn paragraphs(text: &str) -> Paragraphs<'_> {
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let v = if trimmed.is_empty() {
        vec![]
    } else {
        vec![Paragraph {
            text: trimmed,
            span: Span::new(start, start + trimmed.len()),
        }]
    };
    Paragraphs {
        inner: v.into_iter(),
    }
}
