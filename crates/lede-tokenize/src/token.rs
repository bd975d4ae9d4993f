//! Word tokens: zero-copy, with byte spans, tuned for English news text.
//!
//! Unicode word segmentation (UAX #29, via `unicode-segmentation`) is the base because it
//! handles every script and already keeps `Kyiv's` and `15,000` together. It is not enough for
//! news: it splits `U.S.` into `U.S` and `.`, `€2` into `€` and `2`, `long-term` into three
//! tokens and a URL into a dozen, and downstream stages (sentences, keywords, search) need those
//! whole. So a few rules merge UAX #29 segments; [`tokenize`] documents them for users.
//!
//! Speed: text is cut into chunks at white space. Chunks that are pure ASCII (nearly all of
//! English news) go through a byte-table scanner that reproduces UAX #29 (`scan::Ascii`), the
//! others through `unicode-segmentation` (`scan::Uax29`). The rules are written once, generic
//! over the two, so the result does not depend on which path a chunk took; property tests
//! compare both paths. A chunk that starts with a plain ASCII word (letters up to white space,
//! the text's end or `, ; ! ? ) "`: most tokens of English news) is classified once, eight
//! bytes at a time, and neither the chunk scan nor the rules run for that word; property
//! tests compare the tokens with and without that short cut. Nothing is allocated.

mod abbrev;
mod classes;
mod scan;
mod unicode_tables;
mod web;

use std::iter::FusedIterator;

use crate::Span;
use classes::{AT, BYTE_CLASS, HIGH, SPACE, is_hyphen, is_separator};

/// What a [`Token`] is.
///
/// Non-exhaustive: news text will teach more kinds (hashtags, dates), so a `match` needs a
/// wildcard arm; [`name`](Self::name) is the stable way to print one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TokenKind {
    /// A word: letters, possibly with digits, inner apostrophes, an abbreviation's period or
    /// hyphens (`Kyiv's`, `U.S.`, `long-term`, `30-day`, `G7`, `30th`).
    Word,
    /// A number without letters, with its separators, sign, currency or percent sign
    /// (`15,000`, `2.2`, `-5`, `€2`, `US$5`, `90%`, `3:45`, `1/2`, `1987-88`), or a currency
    /// amount with a magnitude (`£5m`, `$2.2bn`).
    Number,
    /// Punctuation: Unicode punctuation such as `.,;:!?"'()[]{}…–—«»`, and runs of `.` or `-`
    /// (`...`, `--`).
    Punctuation,
    /// Anything else that is not white space: `+`, `&`, `#`, `%`, `$` on its own, emoji, ...
    Symbol,
    /// A URL starting with `http://`, `https://`, `ftp://` or `www.`.
    Url,
    /// An e-mail address.
    Email,
    /// A social-media handle: `@Reuters`, `@user@mastodon.social`.
    Handle,
}

impl TokenKind {
    /// The kind's name in lower case (`"word"`, `"number"`, `"punctuation"`, `"symbol"`,
    /// `"url"`, `"email"`, `"handle"`), for output formats.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Word => "word",
            Self::Number => "number",
            Self::Punctuation => "punctuation",
            Self::Symbol => "symbol",
            Self::Url => "url",
            Self::Email => "email",
            Self::Handle => "handle",
        }
    }

    /// Whether tokens of this kind carry words (Word or Number), as opposed to punctuation,
    /// symbols or addresses.
    #[must_use]
    pub const fn is_word_like(self) -> bool {
        matches!(self, Self::Word | Self::Number)
    }
}

/// A token: a slice of the input, where it is, and what it is.
///
/// `text == &input[span.range()]` always holds for tokens from [`tokenize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Token<'a> {
    /// The token's text, borrowed from the input.
    pub text: &'a str,
    /// Byte offsets of the token in the input.
    pub span: Span,
    /// What the token is.
    pub kind: TokenKind,
}

impl<'a> Token<'a> {
    /// The parts of a hyphenated compound, each with its own span and kind; any other token
    /// yields itself once.
    ///
    /// ```
    /// use lede_tokenize::{TokenKind, tokenize};
    ///
    /// let token = tokenize("a 30-day ceasefire").nth(1).expect("three tokens");
    /// assert_eq!(token.text, "30-day");
    /// let parts: Vec<_> = token.parts().map(|p| (p.text, p.span.start, p.kind)).collect();
    /// assert_eq!(parts, [("30", 2, TokenKind::Number), ("day", 5, TokenKind::Word)]);
    ///
    /// let token = tokenize("Kyiv").next().expect("one token");
    /// assert_eq!(token.parts().collect::<Vec<_>>(), [token]);
    /// ```
    #[must_use]
    pub fn parts(&self) -> Parts<'a> {
        let split = self.kind.is_word_like() && self.text.chars().skip(1).any(is_hyphen);
        Parts {
            rest: self.text,
            start: self.span.start,
            kind: self.kind,
            split,
            done: false,
        }
    }
}

/// Iterator over the parts of a hyphenated compound; see [`Token::parts`].
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    rest: &'a str,
    start: usize,
    kind: TokenKind,
    split: bool,
    done: bool,
}

impl<'a> Iterator for Parts<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if self.done {
            return None;
        }
        let rest = self.rest;
        if !self.split {
            self.done = true;
            return Some(Token {
                text: rest,
                span: Span::new(self.start, self.start + rest.len()),
                kind: self.kind,
            });
        }
        // Skip the first character: a leading `-` is a sign (`-5-10`), never a joint.
        let cut = rest.char_indices().skip(1).find(|&(_, c)| is_hyphen(c));
        let (text, next) = match cut {
            Some((i, hyphen)) => (&rest[..i], Some(i + hyphen.len_utf8())),
            None => (rest, None),
        };
        let token = Token {
            text,
            span: Span::new(self.start, self.start + text.len()),
            kind: scan::word_kind(text),
        };
        match next {
            Some(skip) => {
                self.rest = &rest[skip..];
                self.start += skip;
            }
            None => self.done = true,
        }
        Some(token)
    }
}

impl FusedIterator for Parts<'_> {}

/// Iterator over the tokens of a text, in order; see [`tokenize`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    /// Start of the next token.
    pos: usize,
    /// End of the current chunk (a run without separators); `pos == chunk_end` between chunks.
    chunk_end: usize,
    /// Whether the current chunk is pure ASCII (fast path).
    ascii: bool,
    /// Whether the current chunk contains `@`.
    has_at: bool,
    /// Whether plain words take the short cut of [`plain_word`]; off only to test that the
    /// short cut changes nothing.
    short_cut: bool,
}

/// The end of the plain ASCII word at `start` of `bytes[..end]`, if there is one there: ASCII
/// letters up to the chunk's end or to one of `, ; ! ? ) "`. No token rule joins anything to
/// such a run (abbreviations need a `.`, web tokens `:` `.` `@` `#`, contractions `'`, compounds
/// `-`, numbers digits), so it is one Word whatever the rules, and the rules need not run:
/// most tokens of English news are such words.
#[inline]
fn plain_word(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let bytes = bytes.get(..end)?;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii_alphabetic() {
            break;
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    match bytes.get(i) {
        None | Some(b',' | b';' | b'!' | b'?' | b')' | b'"') => Some(i),
        Some(_) => None,
    }
}

/// Splits `text` into tokens that borrow it, skipping white space.
///
/// The base is Unicode word segmentation (UAX #29), with rules for news text:
///
/// * **Abbreviations keep their period**: initialisms (`U.S.`, `p.m.`, `e.g.`), initials
///   (`G.` in "Alexus G. Grynkewich"), a curated English list (`Gen.`, `Jan.`, `Dr.`, `St.`,
///   `Inc.`, `Corp.`, `Calif.`, ...) and `No.`/`pp.` before a number. The sentence splitter,
///   not the tokenizer, decides whether such a period also ends a sentence; after any other
///   word a period is a Punctuation token (`Paris.` → `Paris`, `.`).
/// * **Numbers keep their separators, units and signs**: `15,000`, `2.2`, `€2`, `$2.2`, `US$5`,
///   `90%`, `3:45`, `1/2`, `-5` (a `-`, `+` or `−` directly before digits and not after a
///   word is a sign). Other numbers with letters (`30th`, `1990s`, `5G`) are Words; currency
///   amounts stay Numbers (`£5m`, `$2.2bn`).
/// * **Hyphenated compounds are one token** (`long-term`, `30-day`, `Mar-a-Lago`,
///   `U.S.-backed`), with their parts reachable through [`Token::parts`]. En and em dashes
///   (`–`, `—`) and a spaced ` - ` are Punctuation.
/// * **URLs, e-mail addresses and handles are single tokens** (`https://…`, `www.…`,
///   `jane@example.com`, `@Reuters`), without the sentence punctuation or closing bracket that
///   follows them.
/// * Quotes around a word are Punctuation (`‘Coalition` → `‘`, `Coalition`); apostrophes
///   inside a word are not (`Russia’s`, `don't`), nor is `'s` after a number or abbreviation
///   (`1990's`, `U.S.'s`). `AT&T` and `S&P` are words. Runs of `.` or `-` (`...`, `--`) are
///   one Punctuation token.
/// * Everything else is Punctuation or Symbol by Unicode class; emoji sequences and flags are
///   one Symbol each.
///
/// White space (Unicode White_Space, plus zero-width space, BOM and bidi controls) is
/// skipped; every other character of the input is in exactly one token, and tokens come in
/// order without overlapping.
///
/// Known limits: no dictionary segmentation (each Chinese or Japanese ideograph is a token, as
/// in UAX #29; Thai splits by character cluster); hashtags are `#` plus a word; bare domains
/// (`reuters.com`) are Words, not URLs; `a:b` stays one word as in UAX #29; a listed
/// abbreviation or a capital letter that ends a sentence keeps its period (`Apple Inc.`,
/// `Plan B.`).
///
/// ```
/// use lede_tokenize::{TokenKind, tokenize};
///
/// let text = "Gen. Alexus G. Grynkewich met U.S. envoys at 3:45 p.m. on Jan. 6.";
/// let words: Vec<&str> = tokenize(text).map(|t| t.text).collect();
/// assert_eq!(
///     words,
///     ["Gen.", "Alexus", "G.", "Grynkewich", "met", "U.S.", "envoys", "at", "3:45", "p.m.",
///      "on", "Jan.", "6", "."]
/// );
///
/// let token = tokenize("a €2 billion package").nth(1).expect("four tokens");
/// assert_eq!((token.text, token.kind), ("€2", TokenKind::Number));
/// assert_eq!(&"a €2 billion package"[token.span.range()], "€2");
/// ```
#[must_use]
pub fn tokenize(text: &str) -> Tokens<'_> {
    Tokens {
        text,
        pos: 0,
        chunk_end: 0,
        ascii: true,
        has_at: false,
        short_cut: true,
    }
}

/// [`tokenize`] without the plain-word short cut, to test it.
#[cfg(test)]
fn tokenize_by_the_rules(text: &str) -> Tokens<'_> {
    Tokens {
        short_cut: false,
        ..tokenize(text)
    }
}

impl<'a> Tokens<'a> {
    /// Moves past the separators at the position; `false` at the end of the text.
    ///
    /// Inlined for the common case (ASCII white space, then an ASCII byte); a non-ASCII byte
    /// goes to [`skip_unicode_separators`](Self::skip_unicode_separators).
    #[inline]
    fn skip_separators(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        loop {
            match bytes.get(i) {
                Some(&b) if BYTE_CLASS[usize::from(b)] & SPACE != 0 => i += 1,
                Some(&b) if b >= 0x80 => return self.skip_unicode_separators(i),
                Some(_) => {
                    self.pos = i;
                    return true;
                }
                None => {
                    self.pos = bytes.len();
                    self.chunk_end = bytes.len();
                    return false;
                }
            }
        }
    }

    /// [`skip_separators`](Self::skip_separators) from `i`, a position that may be a
    /// non-ASCII separator.
    #[inline(never)]
    fn skip_unicode_separators(&mut self, mut i: usize) -> bool {
        let text = self.text;
        let bytes = text.as_bytes();
        loop {
            let Some(&b) = bytes.get(i) else {
                self.pos = text.len();
                self.chunk_end = text.len();
                return false;
            };
            if BYTE_CLASS[usize::from(b)] & SPACE != 0 {
                i += 1;
            } else if b < 0x80 {
                break;
            } else {
                match text[i..].chars().next() {
                    Some(c) if is_separator(c) => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        self.pos = i;
        true
    }

    /// The token at the position, inside the current chunk.
    #[inline(never)]
    fn next_in_chunk(&mut self) -> Token<'a> {
        let start = self.pos;
        let (text, end, has_at) = (self.text, self.chunk_end, self.has_at);
        if self.ascii
            && self.short_cut
            && let Some(stop) = plain_word(text.as_bytes(), start, end)
            && let Some(word) = text.get(start..stop)
        {
            self.pos = stop;
            return Token {
                text: word,
                span: Span::new(start, stop),
                kind: TokenKind::Word,
            };
        }
        let (stop, kind) = if self.ascii {
            scan::next_token(&scan::Ascii { text, end, has_at }, start)
        } else {
            scan::next_token(&scan::Uax29 { text, end, has_at }, start)
        };
        debug_assert!(start < stop && stop <= end && text.is_char_boundary(stop));
        let (token, stop) = match text.get(start..stop) {
            Some(token) if start < stop && stop <= end => (token, stop),
            // Unreachable by construction; never loop forever or panic on a rule bug.
            _ => {
                let len = text[start..].chars().next().map_or(1, char::len_utf8);
                (&text[start..start + len], start + len)
            }
        };
        self.pos = stop;
        Token {
            text: token,
            span: Span::new(start, stop),
            kind,
        }
    }

    /// The plain ASCII word at the start of a chunk (the position, after its separators), if
    /// one is there, with the chunk scan done for whatever follows it in the chunk.
    ///
    /// Most chunks of English news are one plain word ("the", "said"), so classifying their
    /// letters once here, eight at a time, replaces the chunk scan *and* the rules. A word
    /// ending at ASCII white space or at the text's end is its chunk; one ending at `, ; ! ?
    /// ) "` is a Word by [`plain_word`]'s argument, and the rest of its chunk is scanned
    /// from there (letters carry no `@` and no non-ASCII byte, so the rest has the chunk's
    /// `ascii` and `has_at`). Anything else returns `None`, with the position unchanged.
    #[inline]
    fn plain_chunk_start(&mut self) -> Option<Token<'a>> {
        let (text, start) = (self.text, self.pos);
        let bytes = text.as_bytes();
        let stop = classes::skip_ascii_letters(bytes, start);
        let word = text.get(start..stop).filter(|word| !word.is_empty())?;
        match bytes.get(stop) {
            None => self.chunk_end = stop,
            Some(&b) if BYTE_CLASS[usize::from(b)] & SPACE != 0 => self.chunk_end = stop,
            Some(b',' | b';' | b'!' | b'?' | b')' | b'"') => {
                self.pos = stop;
                self.scan_chunk();
            }
            Some(_) => return None,
        }
        self.pos = stop;
        Some(Token {
            text: word,
            span: Span::new(start, stop),
            kind: TokenKind::Word,
        })
    }

    /// Finds the end of the chunk at the position, which is not a separator.
    #[inline(never)]
    fn scan_chunk(&mut self) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos;
        let (mut ascii, mut has_at) = (true, false);
        loop {
            i = classes::skip_plain_ascii(bytes, i);
            let Some(&b) = bytes.get(i) else { break };
            let class = BYTE_CLASS[usize::from(b)];
            if class & AT != 0 {
                has_at = true;
                i += 1;
            } else if class & SPACE != 0 {
                break;
            } else if class & HIGH == 0 {
                // A control character that `skip_plain_ascii` stopped at to be safe.
                i += 1;
            } else {
                match text[i..].chars().next() {
                    Some(c) if !is_separator(c) => {
                        ascii = false;
                        i += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        self.chunk_end = i;
        self.ascii = ascii;
        self.has_at = has_at;
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    /// Small enough to inline into a caller's loop: white space and plain words are handled
    /// here, everything else by `Tokens::next_in_chunk`, kept out of line so that its
    /// register pressure does not burden the common case.
    #[inline(always)]
    fn next(&mut self) -> Option<Token<'a>> {
        if self.pos >= self.chunk_end {
            if !self.skip_separators() {
                return None;
            }
            if self.short_cut
                && let Some(word) = self.plain_chunk_start()
            {
                return Some(word);
            }
            self.scan_chunk();
        }
        Some(self.next_in_chunk())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.text.len() - self.pos))
    }
}

impl FusedIterator for Tokens<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation as _;

    use TokenKind::{Email, Handle, Number, Punctuation, Symbol, Url, Word};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn the_short_cuts_change_nothing_on_any_text(input in mixed()) {
            let fast: Vec<Token<'_>> = tokenize(&input).collect();
            let ruled: Vec<Token<'_>> = tokenize_by_the_rules(&input).collect();
            prop_assert_eq!(fast, ruled);
        }

        #[test]
        fn the_plain_word_short_cut_changes_nothing(
            text in "[a-zA-Z.,;:!?)(\"'@#/ 0-9-]{0,40}"
        ) {
            let fast: Vec<Token<'_>> = tokenize(&text).collect();
            let ruled: Vec<Token<'_>> = tokenize_by_the_rules(&text).collect();
            prop_assert_eq!(fast, ruled);
        }
    }

    #[test]
    fn the_plain_word_short_cut_changes_nothing_on_news() {
        let news = "Gen. Alexus G. Grynkewich said, at 3:45 p.m. (U.S. time), that \"talks\" \
            were over; Kyiv's envoy e-mailed news@example.com and www.example.com! Why? \
            No. 5 rose 2.5% to $1,000 - the U.K. said so (i) and ii) too.";
        let fast: Vec<Token<'_>> = tokenize(news).collect();
        let ruled: Vec<Token<'_>> = tokenize_by_the_rules(news).collect();
        assert_eq!(fast, ruled);
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).map(|t| t.text).collect()
    }

    fn kinds(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s).map(|t| (t.text, t.kind)).collect()
    }

    fn parts(token: &str) -> Vec<(&str, TokenKind)> {
        let mut tokens = tokenize(token);
        let whole = tokens.next().expect("a token");
        assert_eq!(whole.text, token, "{token:?} is not one token");
        assert_eq!(tokens.next(), None, "{token:?} is not one token");
        whole.parts().map(|p| (p.text, p.kind)).collect()
    }

    /// The tokens every chunk gets from the `unicode-segmentation` path, ASCII or not.
    fn slow_path(text: &str) -> Vec<(usize, usize, TokenKind)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let c = text[pos..].chars().next().expect("in bounds");
            if is_separator(c) {
                pos += c.len_utf8();
                continue;
            }
            let end = text[pos..]
                .find(is_separator)
                .map_or(text.len(), |i| pos + i);
            let seg = scan::Uax29 {
                text,
                end,
                has_at: true,
            };
            while pos < end {
                let (stop, kind) = scan::next_token(&seg, pos);
                out.push((pos, stop, kind));
                pos = stop;
            }
        }
        out
    }

    fn fast_path(text: &str) -> Vec<(usize, usize, TokenKind)> {
        tokenize(text)
            .map(|t| (t.span.start, t.span.end, t.kind))
            .collect()
    }

    #[test]
    fn seed_abbreviations_keep_their_period() {
        assert_eq!(
            texts("U.S. Special Envoy Steve Witkoff"),
            ["U.S.", "Special", "Envoy", "Steve", "Witkoff"]
        );
        assert_eq!(
            texts("US Gen. Alexus G. Grynkewich, participating"),
            [
                "US",
                "Gen.",
                "Alexus",
                "G.",
                "Grynkewich",
                ",",
                "participating"
            ]
        );
        assert_eq!(
            kinds("reported at 3:45 p.m. local time,"),
            [
                ("reported", Word),
                ("at", Word),
                ("3:45", Number),
                ("p.m.", Word),
                ("local", Word),
                ("time", Word),
                (",", Punctuation)
            ]
        );
        assert_eq!(
            texts("visiting Paris on Jan. 6 for"),
            ["visiting", "Paris", "on", "Jan.", "6", "for"]
        );
        assert_eq!(texts("since Dec. 28."), ["since", "Dec.", "28", "."]);
        assert_eq!(
            texts("e.g. Dr. Smith, i.e. Mr. Jones"),
            ["e.g.", "Dr.", "Smith", ",", "i.e.", "Mr.", "Jones"]
        );
        assert_eq!(
            texts("Apple Inc. and Acme Corp. at St. Paul"),
            ["Apple", "Inc.", "and", "Acme", "Corp.", "at", "St.", "Paul"]
        );
        assert_eq!(
            texts("at 6:15 a.m., said"),
            ["at", "6:15", "a.m.", ",", "said"]
        );
    }

    #[test]
    fn sentence_final_period_is_punctuation_except_after_abbreviations() {
        assert_eq!(kinds("Paris."), [("Paris", Word), (".", Punctuation)]);
        assert_eq!(
            texts("a U.S. commitment. Then"),
            ["a", "U.S.", "commitment", ".", "Then"]
        );
        // The sentence splitter decides whether "U.S." also ends the sentence.
        assert_eq!(
            texts("actions in the U.S."),
            ["actions", "in", "the", "U.S."]
        );
        assert_eq!(
            texts("He said no. It was"),
            ["He", "said", "no", ".", "It", "was"]
        );
        assert_eq!(texts("did I. Then"), ["did", "I", ".", "Then"]);
        assert_eq!(texts("ill. Gen"), ["ill", ".", "Gen"]);
        assert_eq!(texts("wait... what"), ["wait", "...", "what"]);
        assert_eq!(texts("etc..."), ["etc", "..."]);
    }

    #[test]
    fn no_is_an_abbreviation_only_before_a_number() {
        assert_eq!(texts("No. 1 seed"), ["No.", "1", "seed"]);
        assert_eq!(texts("No.10"), ["No.", "10"]);
        assert_eq!(texts("pp. 4-6"), ["pp.", "4-6"]);
        assert_eq!(texts("No. Never"), ["No", ".", "Never"]);
        assert_eq!(texts("said no. 6 was"), ["said", "no", ".", "6", "was"]);
    }

    #[test]
    fn possessives_and_contractions_stay_in_the_word() {
        for word in [
            "Kyiv's",
            "Ukraine’s",
            "Russia’s",
            "Zelensky’s",
            "don't",
            "It’ll",
            "O'Brien",
            "Trump’s",
        ] {
            assert_eq!(kinds(word), [(word, Word)], "{word}");
        }
        assert_eq!(
            texts("the 1990's and G7’s role"),
            ["the", "1990's", "and", "G7’s", "role"]
        );
        assert_eq!(texts("the U.S.'s role"), ["the", "U.S.'s", "role"]);
        assert_eq!(
            texts("the students' union"),
            ["the", "students", "'", "union"]
        );
        assert_eq!(texts("’90s music"), ["’", "90s", "music"]);
    }

    #[test]
    fn quotes_around_words_are_punctuation() {
        assert_eq!(
            kinds("the ‘Coalition of the Willing,’ aims"),
            [
                ("the", Word),
                ("‘", Punctuation),
                ("Coalition", Word),
                ("of", Word),
                ("the", Word),
                ("Willing", Word),
                (",", Punctuation),
                ("’", Punctuation),
                ("aims", Word)
            ]
        );
        assert_eq!(
            texts("is \"90% ready.\""),
            ["is", "\"", "90%", "ready", ".", "\""]
        );
        assert_eq!(
            texts("a “first step” but"),
            ["a", "“", "first", "step", "”", "but"]
        );
        assert_eq!(texts("'quoted'"), ["'", "quoted", "'"]);
    }

    #[test]
    fn numbers_with_separators_units_and_signs() {
        let cases = [
            ("15,000", Number),
            ("155,221", Number),
            ("2.2", Number),
            ("5.93", Number),
            ("90%", Number),
            ("€2", Number),
            ("$2.2", Number),
            ("£1,000.50", Number),
            ("3:45", Number),
            ("12:30:15", Number),
            ("1987", Number),
            ("-5", Number),
            ("+3.2%", Number),
            ("−40", Number),
            ("US$5", Number),
            ("HK$1,000", Number),
            ("50¢", Number),
            ("1987-88", Number),
            ("1/2", Number),
            ("24/7", Number),
            ("1/6/2026", Number),
            ("10:30am", Word),
            ("30th", Word),
            ("1990s", Word),
            ("$2.2bn", Number),
            ("£5m", Number),
            ("US$1.5bn", Number),
            ("G7", Word),
        ];
        for (text, kind) in cases {
            assert_eq!(kinds(text), [(text, kind)], "{text}");
        }
        assert_eq!(
            kinds("€2 billion ($2.2 billion)"),
            [
                ("€2", Number),
                ("billion", Word),
                ("(", Punctuation),
                ("$2.2", Number),
                ("billion", Word),
                (")", Punctuation)
            ]
        );
        assert_eq!(
            texts("between 15,000 and 30,000 troops."),
            ["between", "15,000", "and", "30,000", "troops", "."]
        );
        assert_eq!(
            texts("fell 5, then 2."),
            ["fell", "5", ",", "then", "2", "."]
        );
        assert_eq!(texts("5-3 win"), ["5-3", "win"]);
        assert_eq!(parts("101-1/2"), [("101", Number), ("1/2", Number)]);
        assert_eq!(
            texts("and/or Europe/Radio 5/"),
            ["and", "/", "or", "Europe", "/", "Radio", "5", "/"]
        );
        assert_eq!(texts("(-5)"), ["(", "-5", ")"]);
        assert_eq!(texts("a - b"), ["a", "-", "b"]);
        assert_eq!(kinds("$ 5"), [("$", Symbol), ("5", Number)]);
        assert_eq!(kinds("100 %"), [("100", Number), ("%", Symbol)]);
    }

    #[test]
    fn hyphenated_compounds_are_one_token_with_parts() {
        for word in [
            "long-term",
            "post-war",
            "full-scale",
            "high-stakes",
            "Ukraine-focused",
            "semi-autonomous",
        ] {
            assert_eq!(kinds(word), [(word, Word)], "{word}");
        }
        assert_eq!(parts("30-day"), [("30", Number), ("day", Word)]);
        assert_eq!(
            parts("Mar-a-Lago"),
            [("Mar", Word), ("a", Word), ("Lago", Word)]
        );
        assert_eq!(parts("U.S.-backed"), [("U.S.", Word), ("backed", Word)]);
        assert_eq!(parts("U.S.-Ukraine"), [("U.S.", Word), ("Ukraine", Word)]);
        assert_eq!(parts("15-year"), [("15", Number), ("year", Word)]);
        assert_eq!(parts("1987-88"), [("1987", Number), ("88", Number)]);
        assert_eq!(parts("-5-10"), [("-5", Number), ("10", Number)]);
        assert_eq!(
            parts("son‐in‐law"),
            [("son", Word), ("in", Word), ("law", Word)]
        );
        assert_eq!(parts("Kyiv"), [("Kyiv", Word)]);
        assert_eq!(parts("--"), [("--", Punctuation)]);
        assert_eq!(parts("https://a-b.com"), [("https://a-b.com", Url)]);
        assert_eq!(
            texts("a 4-year-old invasion"),
            ["a", "4-year-old", "invasion"]
        );
        assert_eq!(texts("full-scale."), ["full-scale", "."]);
        assert_eq!(texts("pre- and post-war"), ["pre", "-", "and", "post-war"]);
        assert_eq!(texts("well--known"), ["well", "--", "known"]);
        let token = tokenize("the long-term plan").nth(1).expect("token");
        let spans: Vec<_> = token.parts().map(|p| p.span).collect();
        assert_eq!(spans, [Span::new(4, 8), Span::new(9, 13)]);
    }

    #[test]
    fn dashes_are_punctuation() {
        assert_eq!(
            kinds("heartland—a"),
            [("heartland", Word), ("—", Punctuation), ("a", Word)]
        );
        assert_eq!(texts("PARIS – French"), ["PARIS", "–", "French"]);
        assert_eq!(texts("2020–2021"), ["2020", "–", "2021"]);
        assert_eq!(
            texts("Rutte—both present"),
            ["Rutte", "—", "both", "present"]
        );
    }

    #[test]
    fn urls_emails_and_handles() {
        assert_eq!(
            kinds("see https://example.com/a?b=c. Then"),
            [
                ("see", Word),
                ("https://example.com/a?b=c", Url),
                (".", Punctuation),
                ("Then", Word)
            ]
        );
        assert_eq!(
            kinds("(www.reuters.com/world)"),
            [
                ("(", Punctuation),
                ("www.reuters.com/world", Url),
                (")", Punctuation)
            ]
        );
        assert_eq!(
            texts("http://x.org/é’s,"),
            ["http://x.org/é", "’", "s", ","]
        );
        assert_eq!(
            kinds("Write to jane.doe+news@example.co.uk, or"),
            [
                ("Write", Word),
                ("to", Word),
                ("jane.doe+news@example.co.uk", Email),
                (",", Punctuation),
                ("or", Word)
            ]
        );
        assert_eq!(
            kinds("@Reuters, @AFP_news."),
            [
                ("@Reuters", Handle),
                (",", Punctuation),
                ("@AFP_news", Handle),
                (".", Punctuation)
            ]
        );
        assert_eq!(
            kinds("@user@mastodon.social"),
            [("@user@mastodon.social", Handle)]
        );
        assert_eq!(
            kinds("foo@bar"),
            [("foo", Word), ("@", Symbol), ("bar", Word)]
        );
        assert_eq!(kinds("@ 5"), [("@", Symbol), ("5", Number)]);
        assert_eq!(kinds("reuters.com"), [("reuters.com", Word)]);
    }

    #[test]
    fn symbols_and_punctuation_by_class() {
        assert_eq!(
            kinds("+ & # = © ™ * %"),
            [
                ("+", Symbol),
                ("&", Symbol),
                ("#", Symbol),
                ("=", Symbol),
                ("©", Symbol),
                ("™", Symbol),
                ("*", Symbol),
                ("%", Symbol)
            ]
        );
        for p in [
            ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "…", "–", "—", "«", "»",
            "¿", "、", "。",
        ] {
            assert_eq!(kinds(p), [(p, Punctuation)], "{p}");
        }
        assert_eq!(
            texts("AT&T and S&P 500, R&D"),
            ["AT&T", "and", "S&P", "500", ",", "R&D"]
        );
        assert_eq!(texts("AT&T's deal"), ["AT&T's", "deal"]);
        assert_eq!(texts("rock&roll"), ["rock", "&", "roll"]);
        assert_eq!(texts("#Ukraine"), ["#", "Ukraine"]);
        assert_eq!(texts("snake_case _"), ["snake_case", "_"]);
    }

    #[test]
    fn emoji_are_single_symbols() {
        assert_eq!(
            kinds("great 👍🏽 news 🇺🇦!"),
            [
                ("great", Word),
                ("👍🏽", Symbol),
                ("news", Word),
                ("🇺🇦", Symbol),
                ("!", Punctuation)
            ]
        );
        assert_eq!(kinds("👨‍👩‍👧"), [("👨‍👩‍👧", Symbol)]);
        assert_eq!(texts("ok👍"), ["ok", "👍"]);
    }

    #[test]
    fn other_scripts() {
        // UAX #29 has no dictionary: one token per ideograph or kana, Katakana runs kept.
        assert_eq!(texts("東京に"), ["東", "京", "に"]);
        assert_eq!(
            kinds("カタカナ。"),
            [("カタカナ", Word), ("。", Punctuation)]
        );
        assert_eq!(texts("Київ, Україна’s"), ["Київ", ",", "Україна’s"]);
        assert_eq!(texts("Élysée Palace"), ["Élysée", "Palace"]);
        // Right-to-left text: logical order, Arabic comma is punctuation, bidi marks skipped.
        assert_eq!(
            kinds("مرحبا، العالم"),
            [("مرحبا", Word), ("،", Punctuation), ("العالم", Word)]
        );
        assert_eq!(texts("\u{200F}שלום, עולם\u{200F}"), ["שלום", ",", "עולם"]);
        assert_eq!(texts("צה\"ל"), ["צה\"ל"]);
        assert_eq!(kinds("٣٤٥"), [("٣٤٥", Number)]);
    }

    #[test]
    fn combining_marks_stay_with_their_base() {
        assert_eq!(texts("cafe\u{301} au lait"), ["cafe\u{301}", "au", "lait"]);
        assert_eq!(
            texts("Zelens\u{30C}kyy’s plan"),
            ["Zelens\u{30C}kyy’s", "plan"]
        );
        assert_eq!(texts("a \u{301}b"), ["a", "\u{301}", "b"]);
        // A soft hyphen is a format character: UAX #29 keeps it inside the word.
        assert_eq!(
            texts("inter\u{AD}national law"),
            ["inter\u{AD}national", "law"]
        );
    }

    #[test]
    fn white_space_of_all_kinds_is_skipped() {
        assert_eq!(texts("€2\u{A0}billion"), ["€2", "billion"]);
        assert_eq!(
            texts("a\u{2009}b\u{3000}c\u{200B}d\u{FEFF}e"),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(
            texts("\u{FEFF}Title\r\n\r\nBody\t."),
            ["Title", "Body", "."]
        );
        assert!(texts(" \n\t ").is_empty());
        assert!(texts("").is_empty());
    }

    #[test]
    fn spans_index_the_input() {
        let text = "Zelensky’s “90% ready” deal, U.S.-backed.";
        for t in tokenize(text) {
            assert_eq!(&text[t.span.range()], t.text);
        }
        let spans: Vec<_> = tokenize("Kyiv’s 90%").map(|t| t.span).collect();
        assert_eq!(spans, [Span::new(0, 8), Span::new(9, 12)]);
    }

    #[test]
    fn seed_articles_tokenise_consistently() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut words = Vec::new();
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("seed is UTF-8");
            assert_eq!(fast_path(&text), slow_path(&text));
            words.extend(tokenize(&text).map(|t| t.text.to_owned()));
        }
        for expected in [
            "U.S.",
            "Gen.",
            "G.",
            "p.m.",
            "Jan.",
            "Kyiv's",
            "Ukraine’s",
            "90%",
            "30-day",
            "long-term",
            "€2",
            "$2.2",
            "15,000",
        ] {
            assert!(
                words.iter().any(|w| w == expected),
                "{expected} not found as a token"
            );
        }
    }

    const ASCII_FRAGMENTS: &[&str] = &[
        "a", "Z", "word", "U", "S", "Gen", "No", "p", "m", "I", "etc", "s", "AT", "T", "US", "1",
        "15", "000", "3", "45", ".", ".", ",", "'", "-", "-", ":", ";", "$", "%", "&", "@", "_",
        "/", "(", ")", "!", "?", "\"", "+", "#", " ", " ", "\n", "http://", "www.", "x.com",
        "@b.com", "'s", "...",
    ];

    const UNICODE_FRAGMENTS: &[&str] = &[
        "é",
        "e\u{301}",
        "\u{301}",
        "’",
        "‘",
        "“",
        "”",
        "—",
        "–",
        "‐",
        "€",
        "£",
        "−",
        "‰",
        "Київ",
        "東",
        "カナ",
        "ש",
        "\"",
        "مرحبا",
        "،",
        "٣",
        "👍",
        "🏽",
        "\u{200D}",
        "🇺",
        "🇦",
        "\u{A0}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{200F}",
        "…",
        "ß",
        "Σ",
        "İ",
        "_",
        "\u{2060}",
        "\u{AD}",
        "½",
        "²",
        "\0",
    ];

    fn fragments(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(pool), 0..16).prop_map(|v| v.concat())
    }

    fn mixed() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            fragments(ASCII_FRAGMENTS),
            prop::collection::vec(
                prop_oneof![
                    prop::sample::select(ASCII_FRAGMENTS),
                    prop::sample::select(UNICODE_FRAGMENTS)
                ],
                0..16
            )
            .prop_map(|v| v.concat()),
        ]
    }

    fn check_invariants(input: &str) -> Result<(), TestCaseError> {
        let tokens: Vec<Token<'_>> = tokenize(input).collect();
        let mut covered = vec![false; input.len()];
        let mut previous_end = 0;
        for t in &tokens {
            prop_assert!(
                t.span.start >= previous_end,
                "overlap or disorder at {:?}",
                t
            );
            prop_assert!(t.span.start < t.span.end, "empty token {:?}", t);
            prop_assert!(
                input.is_char_boundary(t.span.start) && input.is_char_boundary(t.span.end)
            );
            prop_assert_eq!(&input[t.span.range()], t.text);
            prop_assert!(!t.text.contains(is_separator), "separator inside {:?}", t);
            covered[t.span.range()].fill(true);
            previous_end = t.span.end;

            let parts: Vec<Token<'_>> = t.parts().collect();
            prop_assert!(!parts.is_empty());
            let mut part_end = t.span.start;
            for p in &parts {
                prop_assert!(
                    p.span.start >= part_end && p.span.end <= t.span.end,
                    "part {:?} of {:?}",
                    p,
                    t
                );
                prop_assert!(!p.text.is_empty());
                prop_assert_eq!(&input[p.span.range()], p.text);
                part_end = p.span.end;
            }
            if t.kind.is_word_like() {
                let all_numbers = parts.iter().all(|p| p.kind == Number);
                prop_assert_eq!(
                    t.kind == Number,
                    all_numbers,
                    "kind of {:?} vs parts {:?}",
                    t,
                    parts
                );
            } else {
                prop_assert_eq!(parts.as_slice(), std::slice::from_ref(t));
            }
        }
        for (i, c) in input.char_indices() {
            prop_assert_eq!(covered[i], !is_separator(c), "char {:?} at {}", c, i);
        }
        // Independent check against the standard white-space definition.
        let text_chars: usize = tokens.iter().map(|t| t.text.chars().count()).sum();
        let expected = input
            .chars()
            .filter(|&c| !(c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')))
            .count();
        prop_assert_eq!(text_chars, expected);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn invariants_hold_for_any_text(input in mixed()) {
            check_invariants(&input)?;
        }

        #[test]
        fn ascii_fast_path_equals_unicode_path(input in fragments(ASCII_FRAGMENTS)) {
            prop_assert_eq!(fast_path(&input), slow_path(&input));
        }

        #[test]
        fn ascii_fast_path_equals_unicode_path_on_random_ascii(input in "[ -~\\n]{0,40}") {
            prop_assert_eq!(fast_path(&input), slow_path(&input));
        }

        #[test]
        fn segments_join_only_within_uax29_words(input in "[a-z0-9.,' -]{0,30}") {
            // Every UAX #29 boundary that is white space is a token boundary.
            let starts: Vec<usize> = tokenize(&input).map(|t| t.span.start).collect();
            for (i, seg) in input.split_word_bound_indices() {
                if !seg.starts_with(' ') && i > 0 && input[..i].ends_with(' ') {
                    prop_assert!(starts.contains(&i), "no token starts at {} in {:?}", i, input);
                }
            }
        }
    }
}
