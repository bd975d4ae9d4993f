//! Sentences. (placeholder, being replaced)
use crate::Span;

/// A sentence borrowing the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// The sentence text, trimmed of surrounding white space.
    pub text: &'a str,
    /// Where it is in the input.
    pub span: Span,
}

/// Iterator over sentences.
#[derive(Debug)]
pub struct Sentences<'a> {
    inner: std::vec::IntoIter<Sentence<'a>>,
}

impl<'a> Iterator for Sentences<'a> {
    type Item = Sentence<'a>;
    fn next(&mut self) -> Option<Sentence<'a>> {
        self.inner.next()
    }
}

/// Splits `text` into sentences.
#[must_use]
pub fn sentences(text: &str) -> Sentences<'_> {
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let v = if trimmed.is_empty() {
        vec![]
    } else {
        vec![Sentence {
            text: trimmed,
            span: Span::new(start, start + trimmed.len()),
        }]
    };
    Sentences {
        inner: v.into_iter(),
    }
}
