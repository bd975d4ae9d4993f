//! The scanner that finds where one sentence ends.
//!
//! [`sentence_end`] walks forward from the first character of a sentence, skipping every
//! byte that cannot end a sentence with one table lookup, and decides at each remaining
//! byte (a "stop") whether the sentence ends there. Decisions look at a bounded
//! neighbourhood: the word before a period (at most [`MAX_TOKEN_CHARS`] characters back),
//! the closing quotes and white space after it, and the first word after that. Each byte is
//! therefore examined a bounded number of times and the scan is linear in the input.

use std::cell::Cell;

use super::LineBreaks;
use super::lexicon::{self, Abbrev};
use crate::lines::{Gap, find_line_break, is_line_break_at, trim_end_to};

/// Bytes where the scanner stops: ASCII terminal punctuation, `)` (which may close the first
/// marker of an inline list), `<` (which may close a paragraph of HTML), ASCII line breaks and the lead bytes of the non-ASCII characters that matter (NEL, `؟`, `۔`, `।`, `።`, `…`, `‼`,
/// bullets, U+2028/U+2029, `。`, fullwidth `！？．`). A lead byte is a stop for its whole
/// block; [`Scanner::at_stop`] decodes the character and moves on if it is not one of ours.
static STOP: [bool; 256] = {
    let mut table = [false; 256];
    let stops: [u8; 17] = [
        b'.', b'!', b'?', b')', b'<', b'\n', b'\r', 0x0B, 0x0C, 0xC2, 0xD8, 0xDB, 0xE0, 0xE1, 0xE2,
        0xE3, 0xEF,
    ];
    let mut k = 0;
    while k < stops.len() {
        table[stops[k] as usize] = true;
        k += 1;
    }
    table
};

/// How far back the word before a period is looked at. Longer tokens are URLs, numbers or
/// ordinary words, never abbreviations, and the bound keeps the scan linear.
const MAX_TOKEN_CHARS: usize = 32;

/// Returns `(end, next)` for the sentence that starts at `start` (a non-white-space char
/// boundary): the sentence is `text[start..end]` (possibly with trailing white space, which
/// the caller trims) and the next one starts at or after `next`. Always `start < end <= next`.
///
/// `wrapped` says whether the paragraph is hard-wrapped (see [`paragraph_layout`]); it only
/// matters with [`LineBreaks::Auto`].
pub(super) fn sentence_end(
    text: &str,
    start: usize,
    line_breaks: LineBreaks,
    wrapped: bool,
) -> (usize, usize) {
    Scanner::new(text, start, line_breaks, wrapped).run()
}

/// Looks at the paragraph that starts at `start` (its first non-white-space character) and
/// returns where the next paragraph starts (or `text.len()`) and whether this one is
/// hard-wrapped: whether any of its single line breaks visibly falls inside a sentence —
/// the next line starts in lower case, or the line ends with a comma, hyphen, "the" and
/// the like (see [`Scanner::runs_on`]). In a hard-wrapped paragraph line breaks are layout
/// of the sender's editor, not structure, and [`LineBreaks::Auto`] reads them as spaces.
pub(super) fn paragraph_layout(text: &str, start: usize) -> (usize, bool) {
    let scanner = Scanner::new(text, start, LineBreaks::Auto, false);
    let mut wrapped = false;
    let mut i = start;
    loop {
        let Some(brk) = find_line_break(text.as_bytes(), i) else {
            return (text.len(), wrapped);
        };
        let gap_start = trim_end_to(text, start, brk);
        let gap = Gap::scan(text, gap_start);
        if gap.breaks >= 2 || gap.end >= text.len() {
            return (gap.end, wrapped);
        }
        wrapped = wrapped || scanner.runs_on(gap_start, gap.end);
        i = gap.end;
    }
}

/// Outcome of looking at one stop.
enum Step {
    /// No boundary here; go on scanning at this byte offset (always past the stop).
    Continue(usize),
    /// The sentence ends at the first offset; the next starts at or after the second.
    Boundary(usize, usize),
}

/// What kind of terminal punctuation was found, for the decision on the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sem {
    /// `!`, `?` and their relatives, alone or in runs (`?!`).
    Strong,
    /// An unspaced ellipsis: `...`, `....`, `…`.
    Ellipsis,
    /// A spaced three-dot ellipsis `. . .`: an omission inside a sentence.
    SpacedEllipsis,
    /// A single period after a word of the given kind, which starts at the given offset.
    Period(Abbrev, usize),
}

/// What the text after a candidate boundary starts with (after opening quotes/brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A lower-case letter: the sentence goes on.
    Lower,
    /// An upper-case letter, or a letter of a script without case.
    Upper,
    /// A digit.
    Digit,
    /// A period or ellipsis character.
    Dot,
    /// `, ; : %` or a closing bracket: punctuation that continues a sentence.
    Cont,
    /// Anything else (symbols, currency signs, dashes).
    Other,
}

/// The start of the text after a candidate boundary.
#[derive(Debug, Clone, Copy)]
struct Next<'t> {
    kind: Kind,
    /// The leading run of letters (empty unless `kind` is `Lower` or `Upper`).
    word: &'t str,
    /// What follows the word.
    rest: &'t str,
}

impl Next<'_> {
    /// Whether the word is one that begins sentences (see [`lexicon::is_sentence_starter`]).
    fn is_starter(&self) -> bool {
        if self.kind != Kind::Upper || !is_capitalised_word(self.word) {
            return false;
        }
        let mut buf = [0u8; 16];
        let Some(lower) = lexicon::lower_ascii(self.word, &mut buf) else {
            return false;
        };
        if lexicon::is_title_starter(lower) {
            return true;
        }
        if self.rest.starts_with('.') {
            // "A." or "I." is an initial, not the article or the pronoun.
            return false;
        }
        if lexicon::is_sentence_starter(lower) {
            return true;
        }
        // Negative contractions: "Don't", "Isn't", "Wasn't" start like "Do", "Is", "Was".
        let negated = self
            .rest
            .strip_prefix(['\'', '’'])
            .is_some_and(|r| r.starts_with('t') && !r[1..].starts_with(char::is_alphabetic));
        negated
            && lower.len() > 1
            && lower.ends_with(b"n")
            && lexicon::is_sentence_starter(&lower[..lower.len() - 1])
    }

    /// The pronoun "I", which is capitalised anywhere and so says nothing about a boundary.
    fn is_pronoun_i(&self) -> bool {
        self.word == "I" && !self.rest.starts_with('.')
    }

    /// Whether the word belongs to a preceding company name ("Inc. CEO", "Co. KG").
    fn continues_company(&self) -> bool {
        let mut buf = [0u8; 16];
        lexicon::lower_ascii(self.word, &mut buf).is_some_and(lexicon::continues_company)
    }

    /// Whether the word belongs to a preceding time ("p.m. Tuesday", "a.m. EST").
    fn continues_time(&self) -> bool {
        let mut buf = [0u8; 16];
        lexicon::lower_ascii(self.word, &mut buf).is_some_and(lexicon::continues_time)
    }
}

/// An inline list marker: `1.`, `1.)`, `1)`, `(1)`, `a.`, `a)`, `(a)`, `iv)`, `(ii)`, `II.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    /// Offset of the number or letter, or of the `(` before it.
    start: usize,
    /// Offset just past the marker (before the white space that follows it).
    end: usize,
    value: MarkerValue,
    style: MarkerStyle,
}

/// What surrounds the number or letter of a [`Marker`]; a list keeps one style throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerStyle {
    /// `1.`
    Period,
    /// `1.)`
    PeriodParen,
    /// `1)`
    Paren,
    /// `(1)`
    Enclosed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerValue {
    Number(u32),
    /// One ASCII letter. `i`, `v` and `x` may also be roman numerals: whether a list reads
    /// `h) i) j)` or `i) ii) iii)` shows only in the next marker, so both are accepted.
    Letter(u8),
    /// A roman numeral of two or more letters, all in one case.
    Roman {
        value: u32,
        upper: bool,
    },
}

impl MarkerValue {
    /// The value as a roman numeral, with its case.
    fn roman(self) -> Option<(u32, bool)> {
        match self {
            MarkerValue::Letter(b) => {
                let value = match b.to_ascii_lowercase() {
                    b'i' => 1,
                    b'v' => 5,
                    b'x' => 10,
                    _ => return None,
                };
                Some((value, b.is_ascii_uppercase()))
            }
            MarkerValue::Roman { value, upper } => Some((value, upper)),
            MarkerValue::Number(_) => None,
        }
    }

    /// Whether `next` is the marker right after this one in a list.
    fn is_followed_by(self, next: MarkerValue) -> bool {
        match (self, next) {
            (MarkerValue::Number(a), MarkerValue::Number(b)) => b == a + 1,
            (MarkerValue::Letter(a), MarkerValue::Letter(b)) if b == a + 1 => true,
            _ => matches!(
                (self.roman(), next.roman()),
                (Some((a, case_a)), Some((b, case_b))) if case_a == case_b && b == a + 1
            ),
        }
    }

    /// `1`, `a`, `i` (either case): the markers a list starts with.
    fn is_first(self) -> bool {
        matches!(
            self,
            MarkerValue::Number(1) | MarkerValue::Letter(b'a' | b'A' | b'i' | b'I')
        )
    }

    fn is_upper(self) -> bool {
        match self {
            MarkerValue::Letter(b) => b.is_ascii_uppercase(),
            MarkerValue::Roman { upper, .. } => upper,
            MarkerValue::Number(_) => false,
        }
    }
}

/// How far ahead the next marker of a list that starts inside a sentence is looked for.
/// Inline list items are short; the bound keeps the scan linear.
const MAX_ITEM_BYTES: usize = 1024;

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    start: usize,
    line_breaks: LineBreaks,
    /// The paragraph is hard-wrapped (only read with [`LineBreaks::Auto`]).
    wrapped: bool,
    quotes: Quotes,
    /// A first list marker whose successor is not in `lo..hi` (see
    /// [`Scanner::list_continues`]).
    no_successor: Cell<Option<(MarkerValue, MarkerStyle, usize, usize)>>,
}

/// Double quotes seen so far in the sentence, counted incrementally up to `counted_to`.
#[derive(Debug, Clone, Copy, Default)]
struct Quotes {
    counted_to: usize,
    straight: u32,
    curly: i32,
    /// `(from, to, found)`: scanning from `from` found a closing quote at `to` (`found`), or
    /// reached the paragraph's end at `to` without one; valid for any start in `from..to`.
    close_cache: Option<(usize, usize, bool)>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, start: usize, line_breaks: LineBreaks, wrapped: bool) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            start,
            line_breaks,
            wrapped,
            quotes: Quotes::default(),
            no_successor: Cell::new(None),
        }
    }

    fn run(mut self) -> (usize, usize) {
        let len = self.bytes.len();
        let marker = list_marker(self.text, self.start);
        // A list marker's own period is not a candidate boundary.
        let mut i = marker.map_or(self.start, |m| m.end);
        let (end, next) = loop {
            let Some(stop) = self.next_stop(i) else {
                break (len, len);
            };
            match self.at_stop(stop) {
                Step::Continue(j) => {
                    debug_assert!(j > stop);
                    i = j;
                }
                Step::Boundary(end, next) => break (end, next),
            }
        };
        if let Some(p) = marker.and_then(|m| self.successor(m, end)) {
            return (p, p);
        }
        (end, next)
    }

    fn next_stop(&self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        rest.iter()
            .position(|&b| STOP[usize::from(b)])
            .map(|p| from + p)
    }

    /// The character at `i`, which must be a char boundary.
    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..)?.chars().next()
    }

    /// The character before `i`, within the current sentence.
    fn char_before(&self, i: usize) -> Option<char> {
        self.text.get(self.start..i)?.chars().next_back()
    }

    fn at_stop(&mut self, i: usize) -> Step {
        match self.bytes[i] {
            b'.' | b'!' | b'?' => self.terminal(i),
            b')' => self.close_paren(i),
            b'<' => self.block_end(i),
            b'\n' | b'\r' | 0x0B | 0x0C => self.line_break(i),
            _ => {
                let Some(c) = self.char_at(i) else {
                    return Step::Continue(i + 1);
                };
                if is_line_break_at(self.bytes, i) {
                    self.line_break(i)
                } else if is_terminal(c) {
                    self.terminal(i)
                } else if is_bullet(c) {
                    self.bullet(i, c)
                } else {
                    Step::Continue(i + c.len_utf8())
                }
            }
        }
    }

    /// A bullet after white space starts a new item, hence a new sentence.
    fn bullet(&self, i: usize, c: char) -> Step {
        if i > self.start && self.char_before(i).is_some_and(char::is_whitespace) {
            Step::Boundary(i, i)
        } else {
            Step::Continue(i + c.len_utf8())
        }
    }

    /// A line break that no terminal punctuation before it has already decided on.
    fn line_break(&self, i: usize) -> Step {
        let gap_start = trim_end_to(self.text, self.start, i);
        let gap = Gap::scan(self.text, gap_start);
        if gap.end >= self.bytes.len() {
            return Step::Boundary(gap_start, self.bytes.len());
        }
        if gap.breaks >= 2 {
            return Step::Boundary(gap_start, gap.end);
        }
        let runs_on = match self.line_breaks {
            LineBreaks::Space => true,
            LineBreaks::Always => false,
            LineBreaks::Auto if self.wrapped => !self.starts_item(gap.end),
            LineBreaks::Auto => self.runs_on(gap_start, gap.end),
        };
        if runs_on {
            Step::Continue(gap.end)
        } else {
            Step::Boundary(gap_start, gap.end)
        }
    }

    /// Whether a line that ends at `line_end` without final punctuation continues on the
    /// line that starts at `next_line`.
    fn runs_on(&self, line_end: usize, next_line: usize) -> bool {
        if self.starts_item(next_line) {
            return false;
        }
        if self.char_before(line_end).is_some_and(|c| {
            matches!(
                c,
                ',' | ';'
                    | ':'
                    | '-'
                    | '–'
                    | '—'
                    | '('
                    | '['
                    | '{'
                    | '/'
                    | '&'
                    | '+'
                    | '='
                    | '“'
                    | '‘'
                    | '«'
                    | '„'
            )
        }) {
            return true;
        }
        let line = &self.text[self.start..line_end];
        let word_start = line
            .rfind(|c: char| !c.is_ascii_lowercase())
            .map_or(0, |p| {
                p + line[p..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &line[word_start..];
        let before_word_is_letter = line[..word_start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        if !word.is_empty() && !before_word_is_letter && lexicon::cannot_end_line(word.as_bytes()) {
            return true;
        }
        matches!(self.next_token(next_line).kind, Kind::Lower | Kind::Cont)
    }

    /// Whether a list item or bullet point starts at `i`.
    fn starts_item(&self, i: usize) -> bool {
        if list_marker(self.text, i).is_some() {
            return true;
        }
        match self.char_at(i) {
            Some(c) if is_bullet(c) => true,
            Some(c @ ('-' | '*' | '+' | '–' | '—')) => {
                // White space or the end of the text, as for list markers: a paragraph split
                // alone is trimmed, and must split as it does inside the whole text.
                let after = i + c.len_utf8();
                self.text[after..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
            }
            _ => false,
        }
    }

    /// Terminal punctuation at `i`.
    fn terminal(&mut self, i: usize) -> Step {
        let first = self.bytes[i];
        let detached = i == self.start || self.char_before(i).is_some_and(char::is_whitespace);
        if first == b'.' && detached {
            let (dots, after) = spaced_dots(self.bytes, i);
            if dots >= 3 {
                // ". . ." is an omission; a fourth dot is the sentence's own full stop.
                let sem = if dots == 3 {
                    Sem::SpacedEllipsis
                } else {
                    Sem::Period(Abbrev::None, i)
                };
                return self.decide(i, after, sem);
            }
        }
        let (run_end, flags) = self.terminal_run(i);
        if flags.cjk {
            return self.cjk(run_end, flags);
        }
        if flags.strong {
            return self.decide(i, run_end, Sem::Strong);
        }
        if flags.dots >= 2 {
            let bracketed = matches!(self.char_before(i), Some('[' | '('))
                && matches!(self.bytes.get(run_end), Some(b']' | b')'));
            if bracketed {
                // "[...]": an editor's omission mark, part of the sentence.
                return Step::Continue(run_end + 1);
            }
            return self.decide(i, run_end, Sem::Ellipsis);
        }
        if detached {
            return self.decide(i, run_end, Sem::Period(Abbrev::None, i));
        }
        let (abbrev, token_start) = self.word_before(i);
        if self.period_list_start(token_start, i) {
            return Step::Boundary(trim_end_to(self.text, self.start, token_start), token_start);
        }
        self.decide(i, run_end, Sem::Period(abbrev, token_start))
    }

    /// The run of terminal characters starting at `i`.
    fn terminal_run(&self, i: usize) -> (usize, RunFlags) {
        let mut flags = RunFlags::default();
        let mut j = i;
        while let Some(c) = self.char_at(j) {
            match c {
                '.' => flags.dots += 1,
                '…' => flags.dots += 3,
                c if is_cjk_terminal(c) => {
                    flags.cjk = true;
                    flags.fullwidth_stop_only = c == '．' && (j == i || flags.fullwidth_stop_only);
                }
                c if is_terminal(c) => flags.strong = true,
                _ => break,
            }
            j += c.len_utf8();
        }
        (j, flags)
    }

    /// CJK full stops end a sentence without needing white space after them.
    fn cjk(&self, run_end: usize, flags: RunFlags) -> Step {
        if flags.fullwidth_stop_only && self.char_at(run_end).is_some_and(|c| c.is_numeric()) {
            // "１．５": a decimal point.
            return Step::Continue(run_end);
        }
        let end = self.skip_closers(run_end);
        Step::Boundary(end, Gap::scan(self.text, end).end)
    }

    /// Decides on terminal punctuation `text[i..j]` of kind `sem`.
    fn decide(&mut self, i: usize, j: usize, sem: Sem) -> Step {
        let len = self.bytes.len();
        let end = self.skip_closers(j);
        if end >= len {
            return Step::Boundary(len, len);
        }
        if !self.char_at(end).is_some_and(char::is_whitespace) && tag_end(self.bytes, end).is_none()
        {
            // Glued to what follows: "3.14", "U.S.-led", "Jr.'s", "stop.", — but a tag
            // ("resigned.<br>Her", "</p><p>Her") separates like white space.
            return Step::Continue(end.max(i + 1));
        }
        let gap = Gap::scan(self.text, end);
        if gap.end >= len {
            return Step::Boundary(end, len);
        }
        if gap.breaks >= 2 || self.closes_block(j, end) {
            return Step::Boundary(end, gap.end);
        }
        let next = self.next_token(gap.end);
        if self.only_tags_to_line_end(gap.end) {
            // "flat.<img src=...>" at the end of a line: no sentence of markup alone.
            return Step::Continue(gap.end);
        }
        if next.kind == Kind::Dot && matches!(sem, Sem::Period(..)) {
            let (dots, after) = spaced_dots(self.bytes, gap.end);
            if dots >= 3 {
                // "word. . . . The": the word's period ends the sentence and the ellipsis
                // opens the next one, but only if a new sentence visibly begins after it.
                if !self.ellipsis_opens_sentence(after) {
                    return Step::Continue(after);
                }
                if !self.inside_closed_quote(end) {
                    return Step::Boundary(end, gap.end);
                }
                // Inside a quotation that the ellipsis closes ("with us. . . .” That was
                // all."): the sentence ends after the quote.
                let close = self.skip_closers(after);
                return if close > after && !self.inside_closed_quote(close) {
                    Step::Boundary(close, Gap::scan(self.text, close).end)
                } else {
                    Step::Continue(after)
                };
            }
        }
        let mut split = match sem {
            Sem::Strong | Sem::Period(Abbrev::None, _) => {
                matches!(
                    next.kind,
                    Kind::Upper | Kind::Digit | Kind::Other | Kind::Dot
                )
            }
            Sem::Ellipsis => next.kind == Kind::Upper && !next.is_pronoun_i(),
            Sem::SpacedEllipsis | Sem::Period(Abbrev::Prefix, _) => false,
            Sem::Period(Abbrev::Ambiguous, _) => next.is_starter(),
            Sem::Period(Abbrev::Final, _) => matches!(next.kind, Kind::Upper | Kind::Digit),
            Sem::Period(Abbrev::Month, _) => next.kind == Kind::Upper,
            Sem::Period(Abbrev::Company, _) => {
                next.kind == Kind::Upper && !next.continues_company()
            }
            Sem::Period(Abbrev::Time, token_start) => {
                matches!(next.kind, Kind::Upper | Kind::Digit)
                    && !next.continues_time()
                    && !self.fronted_time(token_start)
            }
        };
        if !split
            && !matches!(sem, Sem::SpacedEllipsis | Sem::Period(Abbrev::Prefix, _))
            && self.list_starts_at(gap.end)
        {
            // "options. a. Settle the case. b. Go to trial.": a list's first item starts a
            // sentence even in lower case.
            split = true;
        }
        if gap.breaks == 1 {
            match self.line_breaks {
                LineBreaks::Always => return Step::Boundary(end, gap.end),
                LineBreaks::Auto if self.wrapped => {}
                LineBreaks::Auto => {
                    // A line that ends in terminal punctuation, followed by a line that does
                    // not start in lower case: the layout says "new sentence" more reliably
                    // than the word lists do.
                    let prefix = matches!(sem, Sem::Period(Abbrev::Prefix, _));
                    if !prefix && !matches!(next.kind, Kind::Lower | Kind::Cont) {
                        split = true;
                    }
                }
                LineBreaks::Space => {}
            }
        }
        if split && !self.inside_closed_quote(end) {
            Step::Boundary(end, gap.end)
        } else {
            Step::Continue(gap.end)
        }
    }

    /// Whether `end` lies inside a double-quoted passage that closes later in the same
    /// paragraph. A quotation is kept whole with its attribution (`"We are ready. We will
    /// go," he said.`): splitting inside it would leave two halves with unbalanced quotes.
    /// A quote that never closes in the paragraph (news often runs a quotation over several
    /// paragraphs and closes only the last) does not count, so it cannot swallow sentences.
    ///
    /// Only double quotes are tracked: `’` is also the apostrophe, and `«»` are spaced in
    /// French typography, where the closing mark follows the period after a space.
    fn inside_closed_quote(&mut self, end: usize) -> bool {
        let q = &mut self.quotes;
        let mut i = q.counted_to.max(self.start);
        while i < end {
            match self.bytes[i] {
                b'"' => q.straight += 1,
                0xE2 if self.bytes.get(i + 1) == Some(&0x80) => match self.bytes.get(i + 2) {
                    Some(0x9C) => q.curly += 1,
                    Some(0x9D) => q.curly -= 1,
                    _ => {}
                },
                _ => {}
            }
            i += 1;
        }
        q.counted_to = i;
        let open = q.straight % 2 == 1 || q.curly > 0;
        open && self.quote_closes_after(end)
    }

    /// Whether a closing double quote follows `from` before the paragraph ends. The answer
    /// is cached for the range it was computed over, so a long quotation with many
    /// sentences in it is scanned once.
    fn quote_closes_after(&mut self, from: usize) -> bool {
        if let Some((lo, hi, found)) = self.quotes.close_cache
            && (lo..hi).contains(&from)
        {
            return found;
        }
        let bytes = self.bytes;
        let mut i = from;
        let (hi, found) = loop {
            let Some(&b) = bytes.get(i) else {
                break (i, false);
            };
            match b {
                b'"' => break (i, true),
                0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x9D]) => break (i, true),
                b'\n' | b'\r' | 0x0B | 0x0C | 0xC2 | 0xE2 if is_line_break_at(bytes, i) => {
                    let gap = Gap::scan(self.text, i);
                    if gap.breaks >= 2 {
                        break (i, false);
                    }
                    i = gap.end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        };
        self.quotes.close_cache = Some((from, hi.max(from + 1), found));
        found
    }

    /// After a spaced ellipsis ending at `after`: does a capitalised word follow?
    fn ellipsis_opens_sentence(&self, after: usize) -> bool {
        let end = self.skip_closers(after);
        if !self.char_at(end).is_some_and(char::is_whitespace) {
            return false;
        }
        let gap = Gap::scan(self.text, end);
        gap.breaks < 2 && gap.end < self.bytes.len() && self.next_token(gap.end).kind == Kind::Upper
    }

    /// Whether the sentence so far, up to the word at `token_start`, is only a fronted
    /// time phrase: "At 5", "Shortly after 10:30".
    fn fronted_time(&self, token_start: usize) -> bool {
        let Some(prefix) = self.text.get(self.start..token_start) else {
            return false;
        };
        if prefix.len() > 48 {
            return false;
        }
        let mut words = prefix.split_whitespace();
        let (Some(a), Some(b)) = (words.next(), words.next()) else {
            return false;
        };
        let c = words.next();
        if words.next().is_some() {
            return false;
        }
        let is = |w: &str, f: fn(&[u8]) -> bool| {
            let mut buf = [0u8; 16];
            lexicon::lower_ascii(w, &mut buf).is_some_and(f)
        };
        match c {
            None => is(a, lexicon::is_time_preposition) && is_clock_number(b),
            Some(c) => {
                is(a, lexicon::is_time_adverb)
                    && is(b, lexicon::is_time_preposition)
                    && is_clock_number(c)
            }
        }
    }

    /// The word before the period at `i` and its kind. The word runs back to white space
    /// or the sentence start; opening quotes and brackets are not part of it.
    fn word_before(&self, i: usize) -> (Abbrev, usize) {
        let mut token_start = i;
        for (n, (k, c)) in self.text[self.start..i].char_indices().rev().enumerate() {
            if c.is_whitespace() {
                break;
            }
            if n >= MAX_TOKEN_CHARS {
                return (Abbrev::None, self.start + k);
            }
            token_start = self.start + k;
        }
        let mut token = &self.text[token_start..i];
        while let Some(c) = token.chars().next().filter(|&c| is_opener(c)) {
            token = &token[c.len_utf8()..];
            token_start += c.len_utf8();
        }
        (classify_token(token), token_start)
    }

    /// Whether the closers in `from..to` include the closing tag of a block element.
    fn closes_block(&self, mut from: usize, to: usize) -> bool {
        while from < to {
            match tag_at(self.bytes, from) {
                Some(tag) if tag.closing && tag.block => return true,
                Some(tag) => from = tag.end,
                None => from += 1,
            }
        }
        false
    }

    /// Whether `i` starts one or more tags with nothing but spaces after them up to the end
    /// of the line (or of the text).
    fn only_tags_to_line_end(&self, mut i: usize) -> bool {
        let bytes = self.bytes;
        let mut tags = 0;
        while let Some(e) = tag_end(bytes, i) {
            tags += 1;
            i = e;
            // Any white space but a line break (a no-break space too), as a paragraph's
            // end is trimmed of it: the whole text and the paragraph alone must agree.
            while let Some(c) = self.char_at(i)
                && c.is_whitespace()
                && !is_line_break_at(bytes, i)
            {
                i += c.len_utf8();
            }
        }
        tags > 0 && (i >= bytes.len() || is_line_break_at(bytes, i))
    }

    /// The byte after any closing quotes, brackets and closing tags at `j`. A closing tag
    /// after the punctuation (`Monday.</p>`, `no.</b>`) closes an element the sentence
    /// opened, so it stays with the sentence.
    fn skip_closers(&self, mut j: usize) -> usize {
        loop {
            // Most often white space follows: no closer, no tag.
            if self
                .bytes
                .get(j)
                .is_none_or(|&b| b.is_ascii() && b != b'<' && !is_closer(char::from(b)))
            {
                return j;
            }
            if let Some(c) = self.char_at(j).filter(|&c| is_closer(c)) {
                j += c.len_utf8();
            } else if self.bytes.get(j + 1) == Some(&b'/')
                && let Some(e) = tag_end(self.bytes, j)
            {
                j = e;
            } else {
                return j;
            }
        }
    }

    /// Classifies the text at `i` (a non-white-space char boundary).
    fn next_token(&self, i: usize) -> Next<'t> {
        let rest = &self.text[i..];
        let mut body = rest;
        for _ in 0..4 {
            match body.chars().next() {
                Some(c) if is_opener(c) => body = &body[c.len_utf8()..],
                // Tags are markup, not text: "<p>Her deputy", "<br> Her deputy".
                Some('<') => match tag_end(body.as_bytes(), 0) {
                    Some(e) => body = body[e..].trim_start_matches([' ', '\t']),
                    None => break,
                },
                _ => break,
            }
        }
        let Some(c) = body.chars().next() else {
            return Next {
                kind: Kind::Other,
                word: "",
                rest: body,
            };
        };
        let kind = if c.is_lowercase() {
            Kind::Lower
        } else if c.is_uppercase() {
            Kind::Upper
        } else if c.is_numeric() {
            Kind::Digit
        } else if c.is_alphabetic() {
            Kind::Upper
        } else if c == '.' || c == '…' {
            Kind::Dot
        } else if matches!(c, ',' | ';' | ':' | '%' | ')' | ']' | '}') {
            Kind::Cont
        } else {
            Kind::Other
        };
        let word_len = if matches!(kind, Kind::Lower | Kind::Upper) {
            body.find(|c: char| !c.is_alphabetic())
                .unwrap_or(body.len())
        } else {
            0
        };
        Next {
            kind,
            word: &body[..word_len],
            rest: &body[word_len..],
        }
    }

    /// If the sentence started with a list marker, the offset of the next marker of the
    /// same list ("2." after "1.", "b)" after "a)", "ii)" after "i)") before `end`.
    fn successor(&self, marker: Marker, end: usize) -> Option<usize> {
        match find_successor(self.text, marker, marker.end + 1, end) {
            Successor::At(p) => Some(p),
            _ => None,
        }
    }

    /// Whether a list that starts with `marker` (inside a sentence, or right after one) goes
    /// on: its next marker follows in the same paragraph. One marker alone is a reference
    /// ("option a) was dropped"), not a list.
    fn list_continues(&self, marker: Marker) -> bool {
        // "option a) if you live alone, or option b)": a marker after a noun that names it is
        // cited, not listed.
        if !marker.value.is_first() || follows_item_noun(self.text, marker.start) {
            return false;
        }
        let mut from = marker.end + 1;
        let to = from + MAX_ITEM_BYTES;
        // A run of identical first markers ("(a) (a) (a) ...") would search the same bytes
        // again for each: resume where the last fruitless search for this marker stopped.
        if let Some((value, style, lo, hi)) = self.no_successor.get()
            && (value, style) == (marker.value, marker.style)
            && (lo..hi).contains(&from)
        {
            from = hi;
        }
        match find_successor(self.text, marker, from, to) {
            // "h) i) j)": a lettered list starts at "a", so after "i" only "ii" continues one.
            Successor::At(p) => !matches!(
                (marker.value, list_marker(self.text, p).map(|m| m.value)),
                (
                    MarkerValue::Letter(b'i' | b'I'),
                    Some(MarkerValue::Letter(_))
                )
            ),
            Successor::Missing => {
                let hi = to.min(self.bytes.len());
                self.no_successor
                    .set(Some((marker.value, marker.style, marker.end + 1, hi)));
                false
            }
            Successor::Cited | Successor::Paragraph => false,
        }
    }

    /// A closing tag of a block element (`</p>`, `</li>`, `</h1>`) ends a sentence even
    /// without punctuation (`<h1>Results</h1><p>The count ...`), as a blank line would; the
    /// closing tags right after it stay with it.
    fn block_end(&self, i: usize) -> Step {
        match tag_at(self.bytes, i) {
            Some(tag) if tag.closing && tag.block => {
                let mut end = tag.end;
                while let Some(t) = tag_at(self.bytes, end).filter(|t| t.closing) {
                    end = t.end;
                }
                Step::Boundary(end, Gap::scan(self.text, end).end)
            }
            Some(tag) => Step::Continue(tag.end),
            None => Step::Continue(i + 1),
        }
    }

    /// A `)` that may close the first marker of an inline list (`goals: i) cut fares, ii)
    /// ...`): the list's items are sentences of their own, so the text before the marker ends
    /// one.
    fn close_paren(&self, i: usize) -> Step {
        let bytes = self.bytes;
        let mut s = i;
        while s > self.start && i - s < 8 && bytes[s - 1].is_ascii_alphanumeric() {
            s -= 1;
        }
        if s > self.start && s < i && bytes[s - 1] == b'(' {
            s -= 1;
        }
        let starts_list = s > self.start
            && s < i
            && bytes[s - 1].is_ascii_whitespace()
            && list_marker(self.text, s).is_some_and(|m| m.end == i + 1 && self.list_continues(m));
        if starts_list {
            Step::Boundary(trim_end_to(self.text, self.start, s), s)
        } else {
            Step::Continue(i + 1)
        }
    }

    /// Whether the word ending in the period at `i`, which starts at `token_start`, is the
    /// first marker of an inline list in the period style (`parts: 1. Raise rates 2. Cut
    /// ...`). Upper-case letters are left out: "Plan A. Plan B." and "World War I. World War
    /// II." are names, not lists.
    fn period_list_start(&self, token_start: usize, i: usize) -> bool {
        // Most words before a period are longer than a marker, or not in its alphabet.
        let token = &self.bytes[token_start..i];
        let shaped = match token {
            [b] => b.is_ascii_digit() || b.is_ascii_lowercase(),
            [_, _] if token.iter().all(u8::is_ascii_digit) => true,
            _ => token.len() <= 6 && token.iter().all(|b| matches!(b, b'i' | b'v' | b'x')),
        };
        shaped
            && token_start > self.start
            && self.bytes[token_start - 1].is_ascii_whitespace()
            && list_marker(self.text, token_start).is_some_and(|m| {
                matches!(m.style, MarkerStyle::Period | MarkerStyle::PeriodParen)
                    && m.end <= i + 2
                    && !(m.style == MarkerStyle::Period && m.value.is_upper())
                    && self.list_continues(m)
            })
    }

    /// Whether the first marker of a list that goes on starts at `i`.
    fn list_starts_at(&self, i: usize) -> bool {
        list_marker(self.text, i).is_some_and(|m| self.list_continues(m))
    }
}

/// How long a tag (`<a href="...">`) may be; longer runs between `<` and `>` are text.
const MAX_TAG_BYTES: usize = 256;

/// An HTML tag in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tag {
    /// The offset after its `>`.
    end: usize,
    /// `</p>` rather than `<p>`.
    closing: bool,
    /// An element that holds a paragraph or a block of its own (`p`, `li`, `h1`, `div`).
    block: bool,
}

/// If an HTML tag starts at `i` (`<p>`, `</p>`, `<br/>`, `<a href="...">`), the offset after
/// its `>`.
fn tag_end(bytes: &[u8], i: usize) -> Option<usize> {
    tag_at(bytes, i).map(|t| t.end)
}

/// The HTML tag at `i`, if one starts there. Only the names of common HTML elements count,
/// and attributes need a `=`: Reuters marks company names as `<Nomura Securities Inc>`, and
/// those are text.
fn tag_at(bytes: &[u8], i: usize) -> Option<Tag> {
    if bytes.get(i) != Some(&b'<') {
        return None;
    }
    let mut j = i + 1;
    let closing = bytes.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    let name_start = j;
    while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) && j - name_start <= 10 {
        j += 1;
    }
    let mut name = [0u8; 10];
    let name_bytes = bytes.get(name_start..j)?;
    if name_bytes.len() > name.len() {
        return None;
    }
    for (dst, b) in name.iter_mut().zip(name_bytes) {
        *dst = b.to_ascii_lowercase();
    }
    let name = &name[..name_bytes.len()];
    if !lexicon::is_html_element(name) {
        return None;
    }
    let end = match *bytes.get(j)? {
        b'>' => j + 1,
        b'/' if bytes.get(j + 1) == Some(&b'>') => j + 2,
        b' ' | b'\t' => {
            let limit = (i + MAX_TAG_BYTES).min(bytes.len());
            let close = bytes[j..limit]
                .iter()
                .position(|&b| matches!(b, b'>' | b'<' | b'\n' | b'\r'))?;
            let inside = &bytes[j..j + close];
            let attributes =
                inside.contains(&b'=') || inside.iter().all(|&b| matches!(b, b' ' | b'\t' | b'/'));
            if bytes[j + close] != b'>' || !attributes {
                return None;
            }
            j + close + 1
        }
        _ => return None,
    };
    Some(Tag {
        end,
        closing,
        block: lexicon::is_block_element(name),
    })
}

/// What a run of terminal characters contains.
#[derive(Debug, Clone, Copy, Default)]
struct RunFlags {
    /// Periods, with `…` counting three.
    dots: u32,
    /// Any `!`, `?` or relative.
    strong: bool,
    /// Any CJK full stop, exclamation or question mark.
    cjk: bool,
    /// The CJK part is only fullwidth full stops, which double as decimal points.
    fullwidth_stop_only: bool,
}

/// Counts the dots of a spaced ellipsis (". . .") starting at the period at `i`.
fn spaced_dots(bytes: &[u8], i: usize) -> (u32, usize) {
    let mut dots = 1;
    let mut j = i + 1;
    while bytes.get(j) == Some(&b' ') && bytes.get(j + 1) == Some(&b'.') {
        dots += 1;
        j += 2;
    }
    (dots, j)
}

/// A list marker at `s`: an optional bullet, an optional `(`, then one to three digits, one
/// ASCII letter or a roman numeral (`ii`, `XIV`, up to 39), then `.`, `.)` or `)` (only `)`
/// after `(`), then white space or the end. Plain `N.` takes at most two digits, so that a
/// year that happens to start a sentence ("2024. That ...") is not read as a list.
fn list_marker(text: &str, s: usize) -> Option<Marker> {
    let bytes = text.as_bytes();
    let mut i = s;
    // Bullets are not ASCII: decode only then.
    if let Some(c) = text
        .get(i..)
        .filter(|t| !t.as_bytes().first().is_some_and(u8::is_ascii))
        .and_then(|t| t.chars().next())
        .filter(|&c| is_bullet(c))
    {
        i += c.len_utf8();
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
    }
    let start = i;
    let enclosed = bytes.get(i) == Some(&b'(');
    if enclosed {
        i += 1;
    }
    let value_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) && i - value_start < 4 {
        i += 1;
    }
    let digits = i - value_start;
    // "(205) 934-2213" is an area code, not item 205.
    let value = if digits > 3 || (enclosed && digits > 2) {
        return None;
    } else if digits > 0 {
        let mut v = 0u32;
        for &b in &bytes[value_start..i] {
            v = v * 10 + u32::from(b - b'0');
        }
        MarkerValue::Number(v)
    } else {
        let is_roman = |b: &u8| matches!(b.to_ascii_lowercase(), b'i' | b'v' | b'x');
        let first = *bytes.get(i).filter(|b| b.is_ascii_alphabetic())?;
        i += 1;
        if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            // More letters: a roman numeral, or (most often, and rejected at once) a word.
            if !is_roman(&first) {
                return None;
            }
            while bytes.get(i).is_some_and(is_roman) && i - value_start < 8 {
                i += 1;
            }
            let (value, upper) = roman_value(&bytes[value_start..i])?;
            MarkerValue::Roman { value, upper }
        } else {
            MarkerValue::Letter(first)
        }
    };
    let rest = &bytes[i..];
    let style = if enclosed {
        if !rest.starts_with(b")") {
            return None;
        }
        MarkerStyle::Enclosed
    } else if rest.starts_with(b".)") {
        MarkerStyle::PeriodParen
    } else if rest.starts_with(b")") {
        MarkerStyle::Paren
    } else if rest.starts_with(b".") {
        if digits > 2 {
            return None;
        }
        MarkerStyle::Period
    } else {
        return None;
    };
    i += match style {
        MarkerStyle::PeriodParen => 2,
        _ => 1,
    };
    // White space or the end of the text (of the paragraph, when splitting one alone).
    if !text[i..].chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    Some(Marker {
        start,
        end: i,
        value,
        style,
    })
}

/// A roman numeral from 2 to 39 in canonical form, all in one case ("ii", "XIV"), and its case.
fn roman_value(letters: &[u8]) -> Option<(u32, bool)> {
    const UNITS: [&[u8]; 10] = [
        b"", b"i", b"ii", b"iii", b"iv", b"v", b"vi", b"vii", b"viii", b"ix",
    ];
    let upper = letters.first()?.is_ascii_uppercase();
    if letters.len() > 7
        || letters.iter().any(|b| {
            !matches!(b.to_ascii_lowercase(), b'i' | b'v' | b'x') || b.is_ascii_uppercase() != upper
        })
    {
        return None;
    }
    let mut lower = [0u8; 7];
    for (dst, b) in lower.iter_mut().zip(letters) {
        *dst = b.to_ascii_lowercase();
    }
    let lower = &lower[..letters.len()];
    let tens = lower.iter().take_while(|&&b| b == b'x').count().min(3);
    let units = UNITS.iter().position(|u| *u == &lower[tens..])?;
    let value = u32::try_from(tens * 10 + units).ok()?;
    (value > 0).then_some((value, upper))
}

/// How a search for the next marker of a list ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Successor {
    /// The next marker starts here.
    At(usize),
    /// The next marker follows with only "and", "or", "to" or the like between: the markers
    /// are cited ("(a) and (b) of the law"), not listed.
    Cited,
    /// None before a paragraph break.
    Paragraph,
    /// None in the whole range.
    Missing,
}

/// Looks for the first marker in `from..to` that continues `marker`'s list (same style, next
/// value, after white space), stopping at a paragraph break.
fn find_successor(text: &str, marker: Marker, from: usize, to: usize) -> Successor {
    let bytes = text.as_bytes();
    let to = to.min(bytes.len());
    let mut p = from.max(1);
    while p < to {
        let prev = bytes[p - 1];
        // Any line break that starts a paragraph break stops the search, Unicode ones (NEL,
        // U+2028, U+2029) included: a list never runs across paragraphs, and splitting a
        // paragraph alone must give the sentences the whole text gives.
        if is_line_break_at(bytes, p - 1)
            && text.is_char_boundary(p - 1)
            && Gap::scan(text, p - 1).breaks >= 2
        {
            return Successor::Paragraph;
        }
        // After ASCII white space, `p` is a char boundary.
        if prev.is_ascii_whitespace()
            && (bytes[p].is_ascii_alphanumeric() || bytes[p] == b'(')
            && list_marker(text, p)
                .is_some_and(|m| m.style == marker.style && marker.value.is_followed_by(m.value))
        {
            let between = text.get(marker.end..p).unwrap_or("").trim();
            return if is_citation_link(between.trim_end_matches(',')) {
                Successor::Cited
            } else {
                Successor::At(p)
            };
        }
        p += 1;
    }
    Successor::Missing
}

/// Whether the word before `i` names an item ("option a)", "Article 5 (1)" is not: a number
/// comes between): then the marker at `i` is cited.
fn follows_item_noun(text: &str, i: usize) -> bool {
    let before = text.get(..i).unwrap_or("").trim_end();
    let letters = before
        .bytes()
        .rev()
        .take(17)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let mut buf = [0u8; 16];
    // Past 16 letters the word is none of the nouns, and `lower_ascii` refuses it.
    lexicon::lower_ascii(&before[before.len() - letters..], &mut buf)
        .is_some_and(lexicon::names_an_item)
}

/// What stands between two markers that are cited together rather than listed.
fn is_citation_link(between: &str) -> bool {
    matches!(
        between,
        "" | "and" | "or" | "nor" | "to" | "through" | "and/or" | "&" | "-" | "–" | "—"
    )
}

/// The kind of the word before a period.
fn classify_token(token: &str) -> Abbrev {
    if token.is_empty() || token.contains('@') || token.contains("://") || token.starts_with("www.")
    {
        return Abbrev::None;
    }
    // In a hyphenated compound the last part is the abbreviation: "Lt.-Gen.", "Ukraine-U.S.".
    let tail = match token.rfind(['-', '–']) {
        Some(p) => &token[p + token[p..].chars().next().map_or(1, char::len_utf8)..],
        None => token,
    };
    let Some(first) = tail.chars().next() else {
        return Abbrev::None;
    };
    if tail.eq_ignore_ascii_case("a.m") || tail.eq_ignore_ascii_case("p.m") {
        return Abbrev::Time;
    }
    if matches!(tail, "N°" | "n°" | "Nº" | "nº") {
        return Abbrev::Ambiguous;
    }
    let mut buf = [0u8; lexicon::MAX_ABBREV_LEN];
    if let Some(lower) = lexicon::lower_ascii(tail, &mut buf) {
        let kind = lexicon::abbreviation(lower, first.is_uppercase());
        if kind != Abbrev::None {
            return kind;
        }
    }
    let mut chars = tail.chars();
    if first.is_alphabetic() && chars.nth(1).is_none() {
        // A single letter: an initial ("Alexus G. Grynkewich") or a letter abbreviation.
        return Abbrev::Ambiguous;
    }
    // Dotted initialisms: "U.S", "e.g", "Ph.D", "D.C" (segments of one or two letters).
    let initialism = tail.contains('.')
        && tail.split('.').all(|seg| {
            let n = seg.chars().count();
            (1..=2).contains(&n) && seg.chars().all(char::is_alphabetic)
        });
    if initialism {
        Abbrev::Ambiguous
    } else {
        Abbrev::None
    }
}

/// "5", "10:30", "7.30".
fn is_clock_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.len() <= 5
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
}

/// A capitalised word: an upper-case letter, then lower case only ("The", not "THE").
fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '۔' | '।' | '॥' | '።' | '፧'
    ) || is_cjk_terminal(c)
}

fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '．' | '｡')
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '‣'
            | '⁃'
            | '◦'
            | '▪'
            | '▫'
            | '●'
            | '○'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '►'
            | '▶'
            | '➢'
            | '➤'
            | '✓'
            | '✔'
            | '❖'
    )
}

/// Quotes and brackets that may close a sentence after its terminal punctuation. Straight
/// quotes and the German/Scandinavian closing `“ ‘ «` are included: right after terminal
/// punctuation they can only close.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '“'
            | '‘'
            | '»'
            | '«'
            | '›'
            | '‹'
            | '」'
            | '』'
            | '）'
            | '］'
            | '｝'
            | '〉'
            | '》'
            | '〕'
            | '】'
            | '＂'
            | '＇'
    )
}

/// Quotes, brackets and emphasis marks that may open a sentence or a word.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '‹'
            | '»'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '［'
            | '｛'
            | '〈'
            | '《'
            | '〔'
            | '【'
            | '*'
            | '_'
    )
}
