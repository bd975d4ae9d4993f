//! Word tokens. (placeholder, being replaced)
use crate::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word.
    Word,
    /// A number.
    Number,
    /// Punctuation.
    Punctuation,
    /// A symbol.
    Symbol,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// An @handle.
    Handle,
}

/// A token borrowing the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text, a slice of the input.
    pub text: &'a str,
    /// Where it is in the input.
    pub span: Span,
    /// Its kind.
    pub kind: TokenKind,
}

/// Iterator over the tokens of a text.
#[derive(Debug)]
pub struct Tokens<'a> {
    inner: std::iter::Empty<Token<'a>>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;
    fn next(&mut self) -> Option<Token<'a>> {
        self.inner.next()
    }
}

/// Tokenises `text`.
#[must_use]
pub fn tokenize(_text: &str) -> Tokens<'_> {
    Tokens {
        inner: std::iter::empty(),
    }
}
