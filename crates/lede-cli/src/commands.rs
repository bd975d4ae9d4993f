//! The commands: what each computes for one text, as JSON and as a human-readable listing.

use std::io::{self, Write};

use lede_corpus::WordAnalyzer;
use lede_stem::Language;
use lede_tokenize::{Span, TokenKind, sentences, tokenize};
use serde::Serialize;

/// A command's computation on one text.
pub(crate) trait Command {
    /// The JSON form of the result (an object: its fields follow `id` in `--jsonl` output).
    type Result<'t>: Serialize
    where
        Self: 't;

    /// Computes the result for `text`.
    fn result<'t>(&'t self, text: &'t str) -> Self::Result<'t>;

    /// Writes the result for `text` for a person to read.
    fn write_human(&self, text: &str, out: &mut dyn Write) -> io::Result<()>;
}

/// `[start, end]` byte offsets, the compact span form of the JSON output.
fn span_pair(span: Span) -> [usize; 2] {
    [span.start, span.end]
}

/// `lede sentences`.
pub(crate) struct Sentences;

#[derive(serde_derive::Serialize)]
pub(crate) struct SentencesResult<'t> {
    sentences: Vec<&'t str>,
    spans: Vec<[usize; 2]>,
}

impl Command for Sentences {
    type Result<'t> = SentencesResult<'t>;

    fn result<'t>(&'t self, text: &'t str) -> SentencesResult<'t> {
        let (sentences, spans) = sentences(text)
            .map(|sentence| (sentence.text, span_pair(sentence.span)))
            .unzip();
        SentencesResult { sentences, spans }
    }

    fn write_human(&self, text: &str, out: &mut dyn Write) -> io::Result<()> {
        for sentence in sentences(text) {
            // One sentence a line: a line break inside a sentence would read as two.
            let mut words = sentence.text.split_whitespace();
            write!(out, "{}..{}\t", sentence.span.start, sentence.span.end)?;
            if let Some(first) = words.next() {
                out.write_all(first.as_bytes())?;
            }
            for word in words {
                write!(out, " {word}")?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

/// `lede tokens`.
pub(crate) struct Tokens {
    normalize: bool,
    stem: bool,
    words: WordAnalyzer,
}

impl Tokens {
    pub(crate) fn new(normalize: bool, stem: bool, language: Language) -> Self {
        Self {
            normalize,
            stem,
            words: WordAnalyzer::new(language),
        }
    }

    /// The optional columns of a token: its normal form and its stem (words only).
    fn extras(&self, kind: TokenKind, text: &str) -> (Option<String>, Option<String>) {
        if !self.normalize && !self.stem {
            return (None, None);
        }
        let stem = self.stem && kind == TokenKind::Word;
        let forms = self.words.word(text, stem);
        (
            self.normalize.then(|| forms.normalized.into_owned()),
            stem.then_some(forms.stem),
        )
    }
}

#[derive(serde_derive::Serialize)]
pub(crate) struct TokensResult<'t> {
    tokens: Vec<TokenJson<'t>>,
}

#[derive(serde_derive::Serialize)]
struct TokenJson<'t> {
    text: &'t str,
    kind: &'static str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    normalized: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stem: Option<String>,
}

impl Command for Tokens {
    type Result<'t> = TokensResult<'t>;

    fn result<'t>(&'t self, text: &'t str) -> TokensResult<'t> {
        let tokens = tokenize(text)
            .map(|token| {
                let (normalized, stem) = self.extras(token.kind, token.text);
                TokenJson {
                    text: token.text,
                    kind: token.kind.name(),
                    start: token.span.start,
                    end: token.span.end,
                    normalized,
                    stem,
                }
            })
            .collect();
        TokensResult { tokens }
    }

    fn write_human(&self, text: &str, out: &mut dyn Write) -> io::Result<()> {
        for token in tokenize(text) {
            write!(
                out,
                "{}..{}\t{}\t{}",
                token.span.start,
                token.span.end,
                token.kind.name(),
                token.text
            )?;
            let (normalized, stem) = self.extras(token.kind, token.text);
            for column in [normalized, stem].into_iter().flatten() {
                write!(out, "\t{column}")?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

/// `lede stem`.
pub(crate) struct Stem {
    words: WordAnalyzer,
    keep_stop_words: bool,
}

impl Stem {
    pub(crate) fn new(language: Language, keep_stop_words: bool) -> Self {
        Self {
            words: WordAnalyzer::new(language),
            keep_stop_words,
        }
    }

    /// Calls `on_word` with each word token, its stem, and whether it is a stop word.
    fn for_each_stem<'t>(&self, text: &'t str, mut on_word: impl FnMut(&StemJson<'t>)) {
        for token in tokenize(text).filter(|token| token.kind == TokenKind::Word) {
            let forms = self.words.word(token.text, true);
            if forms.stop_word && !self.keep_stop_words {
                continue;
            }
            on_word(&StemJson {
                word: token.text,
                stem: forms.stem,
                start: token.span.start,
                end: token.span.end,
                stop_word: forms.stop_word,
            });
        }
    }
}

#[derive(serde_derive::Serialize)]
pub(crate) struct StemResult<'t> {
    stems: Vec<StemJson<'t>>,
}

#[derive(serde_derive::Serialize, Clone)]
struct StemJson<'t> {
    word: &'t str,
    stem: String,
    start: usize,
    end: usize,
    stop_word: bool,
}

impl Command for Stem {
    type Result<'t> = StemResult<'t>;

    fn result<'t>(&'t self, text: &'t str) -> StemResult<'t> {
        let mut stems = Vec::new();
        self.for_each_stem(text, |stem| stems.push(stem.clone()));
        StemResult { stems }
    }

    fn write_human(&self, text: &str, out: &mut dyn Write) -> io::Result<()> {
        let mut result = Ok(());
        self.for_each_stem(text, |stem| {
            if result.is_ok() {
                result = writeln!(out, "{}\t{}", stem.word, stem.stem);
            }
        });
        result
    }
}
