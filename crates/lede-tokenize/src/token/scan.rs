//! The token rules, written once over an abstract segmenter.
//!
//! A *chunk* is a maximal run of non-separator characters; tokens never cross chunks. Inside a
//! chunk the rules look at UAX #29 word-boundary segments ("U.S", ".", "-", "backed") and decide
//! which to merge. Two segmenters feed them:
//!
//! * [`Ascii`]: a byte-table scanner that reproduces UAX #29 on ASCII (tested against
//!   `unicode-segmentation`), used for chunks without non-ASCII bytes, i.e. almost all of
//!   English news;
//! * [`Uax29`]: `unicode-segmentation` itself, for every chunk with a non-ASCII byte.
//!
//! Because the rules are one generic function, the two paths can only differ if the segmenters
//! do, and `tests::ascii_segmenter_matches_unicode_segmentation` checks that they don't.

use unicode_segmentation::UnicodeSegmentation;

use super::TokenKind;
use super::abbrev;
use super::classes::{
    BYTE_CLASS, DIGIT, LETTER, MID_LETTER, MID_NUM, MID_NUM_LET, WORD_CHAR, is_apostrophe,
    is_connector, is_currency, is_hyphen, is_percent, is_punctuation, is_separator, is_sign,
};
use super::web;

/// What a UAX #29 segment is, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SegClass {
    /// A word run containing a letter: `Kyiv's`, `U.S`, `30th`, `snake_case`.
    Word,
    /// A word run with digits and no letter: `15,000`, `2.2`, `1987`.
    Number,
    /// A word run of connectors only: `_`, `___`.
    Connector,
    /// Anything else: one punctuation mark, symbol, emoji sequence, ... (with its marks).
    Other,
}

/// One UAX #29 word-boundary segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Segment {
    pub(super) end: usize,
    pub(super) class: SegClass,
    pub(super) first: char,
}

/// A source of UAX #29 segments inside one chunk.
pub(super) trait Segmenter<'a> {
    /// The whole input (rules may look before the chunk and past it).
    fn text(&self) -> &'a str;
    /// End of the chunk.
    fn end(&self) -> usize;
    /// Whether the chunk contains `@` (e-mail attempts are skipped otherwise).
    fn has_at(&self) -> bool;
    /// The first segment of `text[pos..end]`; `pos < end` and on a char boundary.
    fn segment(&self, pos: usize) -> Segment;
    /// The character at `pos` (the first of the segment there), `None` at the chunk end.
    fn peek(&self, pos: usize) -> Option<char>;
    /// If the segment at `pos` is a single character for which `want` holds (no combining
    /// marks attached), its end.
    fn plain(&self, pos: usize, want: impl Fn(char) -> bool) -> Option<usize>;
}

/// UAX #29 on an ASCII-only chunk, via the byte table.
pub(super) struct Ascii<'a> {
    pub(super) text: &'a str,
    pub(super) end: usize,
    pub(super) has_at: bool,
}

impl<'a> Segmenter<'a> for Ascii<'a> {
    #[inline]
    fn text(&self) -> &'a str {
        self.text
    }

    #[inline]
    fn end(&self) -> usize {
        self.end
    }

    #[inline]
    fn has_at(&self) -> bool {
        self.has_at
    }

    #[inline]
    fn peek(&self, pos: usize) -> Option<char> {
        (pos < self.end).then(|| char::from(self.text.as_bytes()[pos]))
    }

    #[inline]
    fn plain(&self, pos: usize, want: impl Fn(char) -> bool) -> Option<usize> {
        self.peek(pos).filter(|&c| want(c)).map(|_| pos + 1)
    }

    #[inline]
    fn segment(&self, pos: usize) -> Segment {
        // Bounding the slice once lets the loop below index without further checks.
        let bytes = &self.text.as_bytes()[..self.end];
        let b = bytes[pos];
        let class = BYTE_CLASS[usize::from(b)];
        if class & WORD_CHAR == 0 {
            return Segment {
                end: pos + 1,
                class: SegClass::Other,
                first: char::from(b),
            };
        }
        // WB5-WB13b on ASCII: letters, digits and `_` join freely; `:` joins letters, `,` `;`
        // join digits, `.` `'` join either, each only between two of the same kind.
        let (mut seen, mut last, mut i) = (class, class, pos + 1);
        while i < bytes.len() {
            let c = BYTE_CLASS[usize::from(bytes[i])];
            if c & WORD_CHAR != 0 {
                seen |= c;
                last = c;
                i += 1;
                continue;
            }
            if c & (MID_LETTER | MID_NUM_LET | MID_NUM) != 0 && i + 1 < bytes.len() {
                let n = BYTE_CLASS[usize::from(bytes[i + 1])];
                let joins = (last & n & LETTER != 0 && c & (MID_LETTER | MID_NUM_LET) != 0)
                    || (last & n & DIGIT != 0 && c & (MID_NUM | MID_NUM_LET) != 0);
                if joins {
                    seen |= n;
                    last = n;
                    i += 2;
                    continue;
                }
            }
            break;
        }
        let class = if seen & LETTER != 0 {
            SegClass::Word
        } else if seen & DIGIT != 0 {
            SegClass::Number
        } else {
            SegClass::Connector
        };
        Segment {
            end: i,
            class,
            first: char::from(b),
        }
    }
}

/// UAX #29 proper, for chunks with non-ASCII characters.
pub(super) struct Uax29<'a> {
    pub(super) text: &'a str,
    pub(super) end: usize,
    pub(super) has_at: bool,
}

impl<'a> Segmenter<'a> for Uax29<'a> {
    fn text(&self) -> &'a str {
        self.text
    }

    fn end(&self) -> usize {
        self.end
    }

    fn has_at(&self) -> bool {
        self.has_at
    }

    fn peek(&self, pos: usize) -> Option<char> {
        self.text.get(pos..self.end)?.chars().next()
    }

    fn plain(&self, pos: usize, want: impl Fn(char) -> bool) -> Option<usize> {
        let c = self.peek(pos).filter(|&c| want(c))?;
        let end = self.segment(pos).end;
        (end == pos + c.len_utf8()).then_some(end)
    }

    fn segment(&self, pos: usize) -> Segment {
        let rest = &self.text[pos..self.end];
        let seg = rest.split_word_bounds().next().unwrap_or(rest);
        let first = seg.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        let class = if first.is_alphanumeric() || is_connector(first) {
            if seg.chars().any(char::is_alphabetic) {
                SegClass::Word
            } else if seg.chars().any(char::is_numeric) {
                SegClass::Number
            } else {
                SegClass::Connector
            }
        } else {
            SegClass::Other
        };
        Segment {
            end: pos + seg.len(),
            class,
            first,
        }
    }
}

/// The segment at `pos`, or `None` at the end of the chunk.
#[inline]
fn seg_at<'a, S: Segmenter<'a>>(s: &S, pos: usize) -> Option<Segment> {
    (pos < s.end()).then(|| s.segment(pos))
}

/// The end of one component of a word-like token, and whether it contains letters.
#[derive(Clone, Copy)]
struct Part {
    end: usize,
    letters: bool,
}

/// The token starting at `pos` (a non-separator position inside the chunk): its end and kind.
#[inline]
pub(super) fn next_token<'a, S: Segmenter<'a>>(s: &S, pos: usize) -> (usize, TokenKind) {
    let seg = s.segment(pos);
    let first = seg.first;
    if may_start_url(s.text().as_bytes(), pos, first)
        && let Some(end) = web::url_end(s.text(), pos, s.end())
    {
        return (end, TokenKind::Url);
    }
    if s.has_at()
        && first.is_alphanumeric()
        && let Some(end) = web::email_end(s.text(), pos, s.end())
    {
        return (end, TokenKind::Email);
    }
    match seg.class {
        // Most words end their chunk ("the", "said,"...): nothing can attach to them.
        SegClass::Word if seg.end == s.end() => (seg.end, TokenKind::Word),
        SegClass::Number if seg.end == s.end() => (seg.end, TokenKind::Number),
        SegClass::Word | SegClass::Number => compound(s, component(s, pos, seg)),
        SegClass::Connector => (seg.end, TokenKind::Punctuation),
        SegClass::Other => other(s, pos, seg),
    }
}

/// A cheap filter before [`web::url_end`]: `ht`, `ft` or `ww`, rare at the start of words
/// (unlike a lone `h` or `w`: "which", "had").
#[inline]
fn may_start_url(bytes: &[u8], pos: usize, first: char) -> bool {
    let second = bytes.get(pos + 1).map_or(0, u8::to_ascii_lowercase);
    match first {
        'h' | 'H' | 'f' | 'F' => second == b't',
        'w' | 'W' => second == b'w',
        _ => false,
    }
}

/// Hyphenated compounds: components joined by single hyphens with no space around them.
fn compound<'a, S: Segmenter<'a>>(s: &S, first: Part) -> (usize, TokenKind) {
    let Part {
        mut end,
        mut letters,
    } = first;
    while let Some(hyphen_end) = s.plain(end, is_hyphen) {
        let Some(next) = seg_at(s, hyphen_end) else {
            break;
        };
        if !matches!(next.class, SegClass::Word | SegClass::Number) {
            break;
        }
        let part = component(s, hyphen_end, next);
        end = part.end;
        letters |= part.letters;
    }
    (
        end,
        if letters {
            TokenKind::Word
        } else {
            TokenKind::Number
        },
    )
}

/// One component starting with the word-run segment `seg`.
fn component<'a, S: Segmenter<'a>>(s: &S, start: usize, seg: Segment) -> Part {
    match seg.class {
        SegClass::Number => number_tail(s, seg.end),
        _ => word_tail(s, start, seg.end),
    }
}

/// After the digits of a number: clock times and ratios (`3:45`, `2:1`), fractions and dates
/// (`1/2`, `24/7`, `1/6/2026`), a percent or currency suffix, a possessive.
fn number_tail<'a, S: Segmenter<'a>>(s: &S, mut end: usize) -> Part {
    let mut letters = false;
    while let Some(joint_end) = s.plain(end, |c| c == ':' || c == '/') {
        let colon = s.peek(end) == Some(':');
        match seg_at(s, joint_end) {
            Some(next) if next.class == SegClass::Number => end = next.end,
            // "10:30am": a clock time glued to its suffix, a word like "30th".
            Some(next) if colon && next.class == SegClass::Word && next.first.is_numeric() => {
                end = next.end;
                letters = true;
                break;
            }
            _ => break,
        }
    }
    if let Some(suffix_end) = s.plain(end, |c| is_percent(c) || is_currency(c)) {
        end = suffix_end;
    }
    if let Some(e) = possessive(s, end) {
        end = e;
        letters = true;
    }
    Part { end, letters }
}

/// After a word run ending at `end`: an abbreviation's period, `AT&T`, a `US$` prefix.
fn word_tail<'a, S: Segmenter<'a>>(s: &S, start: usize, mut end: usize) -> Part {
    let text = s.text();
    let Some(next) = s.peek(end) else {
        return Part { end, letters: true };
    };
    match next {
        '.' => {
            let after = s.segment(end).end;
            let ellipsis = seg_at(s, after).is_some_and(|g| g.first == '.');
            if !ellipsis
                && abbrev::keeps_period(&text[start..end], || followed_by_number(text, after))
            {
                end = after;
                if let Some(e) = possessive(s, end) {
                    end = e;
                }
            }
        }
        '&' if is_upper_word(&text[start..end]) => {
            while let Some(amp_end) = s.plain(end, |c| c == '&') {
                match seg_at(s, amp_end) {
                    Some(g)
                        if g.class == SegClass::Word && is_upper_word(&text[amp_end..g.end]) =>
                    {
                        end = g.end;
                    }
                    _ => break,
                }
            }
        }
        c if is_currency(c) && is_currency_code(&text[start..end]) => {
            if let Some(number) = currency_number(s, s.segment(end)) {
                return number;
            }
        }
        _ => {
            if let Some(e) = possessive(s, end) {
                end = e;
            }
        }
    }
    Part { end, letters: true }
}

/// Tokens that start with a non-word segment: currency and signed numbers, handles, runs of
/// dots or hyphens, and single punctuation or symbols.
fn other<'a, S: Segmenter<'a>>(s: &S, pos: usize, seg: Segment) -> (usize, TokenKind) {
    let c = seg.first;
    if is_currency(c)
        && let Some(number) = currency_number(s, seg)
    {
        return compound(s, number);
    }
    if is_sign(c)
        && seg.end == pos + c.len_utf8()
        && !after_word_char(s.text(), pos)
        && let Some(digits) = seg_at(s, seg.end).filter(|g| g.class == SegClass::Number)
    {
        return compound(s, number_tail(s, digits.end));
    }
    if c == '@'
        && !after_word_char(s.text(), pos)
        && let Some(end) = handle_end(s, seg.end)
    {
        return (end, TokenKind::Handle);
    }
    if c == '.' || c == '-' {
        // "..." and "--" stand for one mark (an ellipsis, a dash), so they are one token.
        let mut end = seg.end;
        while let Some(g) = seg_at(s, end).filter(|g| g.first == c) {
            end = g.end;
        }
        return (end, TokenKind::Punctuation);
    }
    let kind = if is_punctuation(c) {
        TokenKind::Punctuation
    } else {
        TokenKind::Symbol
    };
    (seg.end, kind)
}

/// The amount after a currency symbol segment `sign`: `€2`, `$2.2`, `£5m`, `$2.2bn`.
///
/// An amount is a number even with a magnitude suffix or a possessive: its letters qualify
/// the number rather than name something.
fn currency_number<'a, S: Segmenter<'a>>(s: &S, sign: Segment) -> Option<Part> {
    let digits = seg_at(s, sign.end)?;
    let end = match digits.class {
        SegClass::Number => number_tail(s, digits.end).end,
        SegClass::Word if digits.first.is_numeric() => digits.end,
        _ => return None,
    };
    Some(Part {
        end,
        letters: false,
    })
}

/// The end of a handle whose name starts at `pos` (just after `@`): `@Reuters`, or
/// `@user@mastodon.social`.
fn handle_end<'a, S: Segmenter<'a>>(s: &S, pos: usize) -> Option<usize> {
    let name = seg_at(s, pos).filter(|g| g.class != SegClass::Other)?;
    let mut end = name.end;
    if let Some(at_end) = s.plain(end, |c| c == '@')
        && let Some(e) = web::domain_end(s.text(), at_end, s.end())
    {
        end = e;
    }
    Some(end)
}

/// `'s` or `’s` right after `end`, as in `1990's`, `U.S.'s`, `G7’s`. (After a letter UAX #29
/// has already kept it in the word.)
fn possessive<'a, S: Segmenter<'a>>(s: &S, end: usize) -> Option<usize> {
    let apostrophe_end = s.plain(end, is_apostrophe)?;
    let word = seg_at(s, apostrophe_end)?;
    (word.class == SegClass::Word && matches!(&s.text()[apostrophe_end..word.end], "s" | "S"))
        .then_some(word.end)
}

/// Whether the character before `pos` belongs to a word, so that `-` or `@` there is not a
/// sign or a handle (`5-3`, `foo@bar`).
fn after_word_char(text: &str, pos: usize) -> bool {
    text[..pos]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || is_connector(c))
}

/// Whether the next non-separator character after `pos` is a digit ("No. 1").
fn followed_by_number(text: &str, pos: usize) -> bool {
    text[pos..]
        .chars()
        .find(|&c| !is_separator(c))
        .is_some_and(char::is_numeric)
}

/// `AT`, `S`, `T's`: upper-case letters, optionally with a possessive (for `AT&T's`).
fn is_upper_word(word: &str) -> bool {
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .filter(|stem| !stem.is_empty())
        .unwrap_or(word);
    !stem.is_empty() && stem.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// `US`, `HK`, `A`: a country prefix of a currency sign (`US$5`, `HK$1,000`, `A$20`).
fn is_currency_code(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// The kind of a word-like token or part from its text, as the rules would decide it: a
/// currency amount (`$5`, `US$5`, `£5m`) or a number without letters is a Number.
pub(super) fn word_kind(text: &str) -> TokenKind {
    let unprefixed = text
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_uppercase())
        .filter(|&(i, c)| is_currency(c) && is_currency_code(&text[..i]))
        .map_or(text, |(i, _)| &text[i..]);
    let mut chars = unprefixed.chars();
    let amount =
        chars.next().is_some_and(is_currency) && chars.next().is_some_and(char::is_numeric);
    if !amount && unprefixed.chars().any(char::is_alphabetic) {
        TokenKind::Word
    } else {
        TokenKind::Number
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ascii_segments(s: &str) -> Vec<&str> {
        let seg = Ascii {
            text: s,
            end: s.len(),
            has_at: false,
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < s.len() {
            let g = seg.segment(pos);
            out.push(&s[pos..g.end]);
            pos = g.end;
        }
        out
    }

    #[test]
    fn ascii_segments_follow_uax29() {
        assert_eq!(ascii_segments("U.S."), ["U.S", "."]);
        assert_eq!(ascii_segments("15,000.5,"), ["15,000.5", ","]);
        assert_eq!(ascii_segments("a.1"), ["a", ".", "1"]);
        assert_eq!(ascii_segments("3:45"), ["3", ":", "45"]);
        assert_eq!(ascii_segments("a:b"), ["a:b"]);
        assert_eq!(ascii_segments("don't'"), ["don't", "'"]);
        assert_eq!(ascii_segments("_x1_"), ["_x1_"]);
        assert_eq!(ascii_segments("a1.2"), ["a1.2"]);
    }

    #[test]
    fn word_kind_matches_rules() {
        assert_eq!(word_kind("15,000"), TokenKind::Number);
        assert_eq!(word_kind("US$5"), TokenKind::Number);
        assert_eq!(word_kind("-5"), TokenKind::Number);
        assert_eq!(word_kind("$2.2bn"), TokenKind::Number);
        assert_eq!(word_kind("30th"), TokenKind::Word);
        assert_eq!(word_kind("1990's"), TokenKind::Word);
        assert_eq!(word_kind("day"), TokenKind::Word);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn ascii_segmenter_matches_unicode_segmentation(s in "[!-~\\x00-\\x08\\x0E-\\x1F]{0,24}") {
            let reference: Vec<&str> = s.split_word_bounds().collect();
            prop_assert_eq!(ascii_segments(&s), reference);
        }

        #[test]
        fn ascii_segmenter_matches_on_word_like_text(s in "[aZ0_.,;:'\\-]{0,16}") {
            let reference: Vec<&str> = s.split_word_bounds().collect();
            prop_assert_eq!(ascii_segments(&s), reference);
        }
    }
}
