//! Sentences: a rule-based, abbreviation-aware splitter tuned for English news text.
//!
//! # Model
//!
//! The splitter is a forward byte scanner. It only stops at bytes that can end a sentence:
//! `.` `!` `?`, `)` (which may close a list marker), `<` (which may end an HTML block), line
//! breaks, and the lead bytes of a few non-ASCII characters (`…`, `‼`, `。` `！` `？`, `؟`, `।`, bullets such as `•`).
//! Everything between two stops is skipped without being decoded, and at each stop the
//! decision needs only a few bytes on either side (a list's first marker looks ahead a
//! bounded distance for the next one), so splitting runs at memory-scan speed and
//! allocates nothing.
//!
//! **What ends a sentence.** A run of terminal punctuation (`.`, `!?`, `...`), together
//! with any closing quotes and brackets right after it (`stop."`, `below.)`), followed by
//! white space and then something that can start a sentence. What can start one depends on
//! the punctuation:
//!
//! * `!` and `?` (also doubled: `!!`, `?!`): anything but a lower-case letter or a `,;:`.
//!   A lower-case word after them continues the sentence (`"Stop!" he said`, `Yahoo! in`).
//! * `.` after an ordinary word (or a number, a URL, an e-mail address): anything but a
//!   lower-case letter or `,;:`. A lower-case word means the period was not a full stop
//!   (`Jane and co. at the party`, `"This is great." she said`).
//! * `.` after an **abbreviation** depends on its kind (see the lists in `lexicon.rs`):
//!   - titles that stand before a name (`Mr.`, `Dr.`, `Gen.`, `Sen.`, `Rep.`, `Gov.`,
//!     `Prof.`, `vs.`) never end a sentence;
//!   - *ambiguous* abbreviations (`U.S.`, `U.K.`, `e.g.`, `Jr.`, `St.`,
//!     `Mt.`, `No.`, `p.`, AP state names such as `Calif.`, initials such as `G.` and
//!     `J. R. R.`, any dotted initialism such as `Ph.D.`) end one only when the next word is a **sentence starter**: a capitalised
//!     pronoun, determiner, conjunction, question word, auxiliary or sentence adverb
//!     (`The`, `He`, `How`, `However`, `Did`, ...) — words that are hardly ever part of a
//!     name. So `in the U.S. The next day` splits and `U.S. Special Envoy` does not,
//!     `you and I. Did you` splits and `Albert I. Jones` does not. Numbers never start a
//!     sentence after these (`No. 5`, `p. 55`);
//!   - `a.m.`/`p.m.` end a sentence before any capitalised word or number, except words
//!     that belong to the time (`7 p.m. Tuesday`, `9 a.m. EST`) and except when the
//!     sentence so far is only a fronted time phrase (`At 5 a.m. Mr. Smith left` is one
//!     sentence, `He left at 6 p.m. Mr. Smith stayed` two); `etc.` ends one before any
//!     capitalised word;
//!   - abbreviated months stand before a day (`Jan. 6`, `Sept. 14`): they end a sentence
//!     before a capitalised word, never before a number;
//!   - company suffixes (`Inc.`, `Corp.`, `Co.`, `Ltd.`) end a sentence before a
//!     capitalised word, except a corporate title or another suffix (`Apple Inc. CEO Tim
//!     Cook`, `Co. KG`).
//! * **Ellipses** follow the conventions of style guides: an unspaced `...` or `…` ends a
//!   sentence only before a capitalised word (but not before "I", which is capitalised
//!   anywhere): `Wait... what?` is one sentence, `I never meant that.... She left` two.
//!   A spaced `. . .` marks an omission inside a sentence and never ends one; a fourth dot
//!   (`. . . .`) is a full stop; a word's own period followed by `. . .` and a capitalised
//!   word ends the sentence there, and the ellipsis opens the next one. `[...]` is an
//!   editorial omission and never ends a sentence.
//! * CJK full stops (`。！？`) end a sentence even without white space after them.
//!
//! **What does not end a sentence.** Periods inside a token — decimals (`2.2`, `$100.00`),
//! URLs, e-mail addresses, `U.S.-backed`, `Jr.'s` — because no white space follows them;
//! list markers at the start of a sentence (`1.`, `2.)`, `a.`, `• 9.`); and punctuation
//! followed by a lower-case word, as above.
//!
//! **Quotations.** A double-quoted passage (`"..."` or `“...”`) that closes later in the
//! same paragraph is kept whole: `“We are ready. We will go,” he said.` is one sentence,
//! because splitting inside it would leave two halves with unbalanced quotes and tear the
//! quotation from its attribution. A quotation that never closes within its paragraph
//! (news runs long quotations over several paragraphs and closes only the last) is not
//! protected, so a stray quote mark cannot swallow a paragraph. Single quotes are not
//! tracked (`’` is also the apostrophe), nor are parentheses (`1)` list markers). Punctuation
//! inside a quotation followed by a lower-case word continues the sentence (`He said
//! "Stop." and left.`, `'Are you coming?' she asked.`); followed by a capitalised word it
//! ends it (`He said "go."  Then he left.`), and a spaced ellipsis that closes a quotation
//! (`with us. . . .” That`) ends the sentence after the closing quote.
//!
//! **Lists.** A list marker is `1.`, `1.)`, `1)`, `(1)`, a letter (`a.`, `a)`, `(a)`, `A)`) or
//! a roman numeral up to 39 (`ii)`, `(iv)`, `II.`), optionally after a bullet, followed by
//! white space. Every item of a list is a sentence of its own:
//!
//! * A sentence that starts with a marker ends where the next marker of the same style and
//!   case begins (`2)` after `1)`, `b.` after `a.`, `ii)` after `i)`: an `i` may start
//!   either a roman or, after `h`, a lettered list), so `1) eggs 2) milk` splits into items.
//! * A list may also start inside a sentence (`The plan: 1) raise rates 2) cut spending`,
//!   `Police gave two reasons: (i) ... and (ii) ...`) or right after one in lower case
//!   (`the options. a. Settle. b. Go to trial.`): the text before its first marker (`1`, `a`,
//!   `i`) ends a sentence, but only if the next marker of the same list follows in the same
//!   paragraph (within about a kilobyte). Markers that are cited rather than listed do not
//!   split: a list not starting at its first value (`options iv) and v)`), markers joined
//!   only by "and", "or", "to" and the like (`sections (a) and (b) of the act`), and a first
//!   marker after a noun that names it (`option a) ... or option b)`). Inside a sentence an
//!   upper-case letter with a period is a name, not a marker (`Plan A. Plan B.`).
//! * A bullet (`•`, `‣`, `⁃`, `◦`, `▪`, `●`, ...) after white space always starts a new
//!   sentence.
//!
//! **HTML tags.** Text with inline tags of common HTML elements (`<p>`, `</p>`, `<br>`,
//! `<br/>`, `<b>`, `<a href="...">`) keeps them; they never end a sentence by themselves.
//! After terminal punctuation a closing tag belongs to the sentence like a closing quote
//! (`<p>It ended.</p><p>Then ...` splits after `</p>`, `<b>no.</b> and left` does not
//! split), an opening or void tag separates like white space and goes with the next
//! sentence (`resigned.<br>Her deputy`), and the word after the tags decides. The end of a
//! block element (`</p>`, `</li>`, `</h1>`, `</div>`, ...) ends a sentence whatever follows,
//! with or without punctuation (`<h1>Results</h1><p>The count ...`). A tag at the end of a
//! line stays with its sentence. Angle brackets around anything else (Reuters'
//! `<Nomura Securities Inc>`, `x.<y`) are text.
//!
//! **Stray periods.** A period after white space (`The vote was close .`) ends a sentence
//! like any other; a lone `.` on its own line or between two full stops (`close. . Then`)
//! is a sentence of its own; runs of periods (`went on.....`, `rose..`) are one terminal,
//! decided like an ellipsis.
//!
//! **Lines and paragraphs.** A blank line (a line of only white space) always ends a
//! sentence: sentences never cross the paragraphs of [`crate::paragraphs`]. What a *single*
//! line break means is chosen with [`LineBreaks`]. The default, [`LineBreaks::Auto`],
//! decides per paragraph, because both conventions are common and the text shows which one
//! it follows:
//!
//! * A paragraph is **hard-wrapped** (e-mail, newsgroups, plain-text archives) when one of
//!   its line breaks visibly falls inside a sentence: the next line starts with a lower-case
//!   letter or `,;:`, or the line ends with a comma, colon, semicolon, dash, hyphen, opening
//!   bracket or quote, or with a word that cannot end a line ("the", "of", "and", ...). In a
//!   hard-wrapped paragraph a line break is a space, except before a list item or a bullet.
//! * Otherwise lines are **units of layout**, as news feeds use them: one paragraph per line,
//!   and headlines, sub-headings, bylines and list items on lines of their own. A line
//!   without final punctuation is a sentence of its own, and a line break after terminal
//!   punctuation ends the sentence unless the line ends with a title (`Gen.`): a line break
//!   is stronger evidence than a space, so `... the U.S.` at the end of a line followed by a
//!   capitalised line splits even when the next word is not a sentence starter.
//!
//! The evidence can be missing: a two-line wrapped paragraph whose one break happens to fall
//! before a capitalised name is read as two lines. [`LineBreaks::Space`] treats every single
//! line break as a space (known hard-wrapped input); [`LineBreaks::Always`] ends a sentence
//! at every line break (one sentence or item per line).
//!
//! # Guarantees
//!
//! Sentences come in order, do not overlap, are trimmed of white space
//! (`char::is_whitespace`), start and end on char boundaries, satisfy
//! `text == &input[span.range()]`, and together cover every non-white-space character of the
//! input exactly once. No input makes the splitter panic.

mod lexicon;
mod scan;
#[cfg(test)]
mod tests;

use crate::Span;
use crate::lines::skip_whitespace;

/// A sentence: a trimmed slice of the input with its byte span.
///
/// `text == &input[span.range()]` always holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Sentence<'a> {
    /// The sentence text, trimmed of surrounding white space.
    pub text: &'a str,
    /// Where the sentence is in the input, in bytes.
    pub span: Span,
}

/// What a single line break (one that is not part of a blank line) means to the splitter.
///
/// A blank line ends a sentence in every mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LineBreaks {
    /// Decided per paragraph. A paragraph where some line break visibly falls inside a
    /// sentence (the next line starts in lower case, or the line ends with a comma, hyphen,
    /// "the", ...) is hard-wrapped, and its line breaks are spaces (except before a list
    /// item or bullet). In any other paragraph lines are units of layout, as in news feeds:
    /// a line without final punctuation (headline, heading, list item) is a sentence of its
    /// own, and a line break after terminal punctuation ends the sentence unless the line
    /// ends with a title such as "Gen.".
    #[default]
    Auto,
    /// A single line break is white space like any other: for text known to be
    /// hard-wrapped.
    Space,
    /// Every line break ends a sentence: for one-sentence-per-line text and lists.
    Always,
}

/// A configurable sentence splitter; [`sentences`] is `SentenceSplitter::new().split`.
///
/// # Rules
///
/// A rule-based, abbreviation-aware splitter for English news text, scored exactly right on
/// all 48 cases of the English "Golden Rules" for sentence boundary detection.
///
/// * `!` and `?` end a sentence unless a lower-case word follows (`"Stop!" he said`).
/// * `.` after an ordinary word, number, URL or e-mail address ends a sentence unless a
///   lower-case word follows. Periods inside tokens never do (`3.14`, `U.S.-led`).
/// * After an abbreviation it depends on the kind: titles (`Mr.`, `Gen.`, `Sen.`) never end
///   a sentence; initials and initialisms (`G.`, `U.S.`, `e.g.`), `St.`, `No.` and the like
///   end one only before a word that starts sentences (`The`, `He`, `However`, ...), so
///   `in the U.S. The next day` splits and `U.S. Special Envoy` does not; `a.m.`/`p.m.`,
///   `etc.`, months (`Jan.`) and company suffixes (`Inc.`) end one before a capitalised word,
///   with exceptions such as `7 p.m. Tuesday`, `At 5 a.m. Mr. Smith left`, `Jan. 6` and
///   `Apple Inc. CEO`.
/// * Ellipses follow style-guide conventions: `...` and `…` end a sentence only before a
///   capitalised word other than "I"; a spaced `. . .` never does, `. . . .` does.
/// * Closing quotes and brackets after the punctuation belong to the sentence
///   (`He said "stop." Then`); a double-quoted passage that closes in the same paragraph is
///   not split (`“We are ready. We will go,” he said.`).
/// * Lists split into items (`1) eggs 2) milk`, `a. one b. two`, `(i) ... (ii) ...`), also
///   when the list starts inside a sentence (`The plan: 1) raise rates 2) cut spending`
///   gives `The plan:` and two items), but not cited markers (`sections (a) and (b)`,
///   `option a) ... or option b)`). A bullet after white space starts a new sentence.
/// * Inline HTML tags stay in the text: closing tags after the punctuation go with their
///   sentence (`<p>It ended.</p>`), opening and void tags with the next (`<br>Then`), and
///   the end of a block element (`</p>`, `</li>`, `</h1>`) always ends a sentence.
/// * CJK full stops end a sentence without a space.
/// * A blank line always ends a sentence; single line breaks follow [`LineBreaks`].
///
/// ```
/// use lede_tokenize::{LineBreaks, SentenceSplitter};
///
/// // Nothing in this paragraph shows that it is hard-wrapped: by default the line without
/// // final punctuation stands alone, like a headline.
/// let wrapped = "The envoy met\nPresident Macron. Talks went on.";
/// let found: Vec<&str> = SentenceSplitter::new().split(wrapped).map(|s| s.text).collect();
/// assert_eq!(found, ["The envoy met", "President Macron.", "Talks went on."]);
///
/// let split = SentenceSplitter::new().line_breaks(LineBreaks::Space);
/// let found: Vec<&str> = split.split(wrapped).map(|s| s.text).collect();
/// assert_eq!(found, ["The envoy met\nPresident Macron.", "Talks went on."]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SentenceSplitter {
    line_breaks: LineBreaks,
}

impl SentenceSplitter {
    /// A splitter with the default settings ([`LineBreaks::Auto`]).
    #[must_use]
    pub const fn new() -> Self {
        Self {
            line_breaks: LineBreaks::Auto,
        }
    }

    /// Sets what a single line break means.
    #[must_use]
    pub const fn line_breaks(mut self, line_breaks: LineBreaks) -> Self {
        self.line_breaks = line_breaks;
        self
    }

    /// Splits `text` into sentences, lazily.
    #[must_use]
    pub fn split<'a>(&self, text: &'a str) -> Sentences<'a> {
        self.split_at(text, 0)
    }

    /// Like [`split`](Self::split), with every span shifted by `offset`: for a slice
    /// `text` that starts at byte `offset` of a larger input.
    pub(crate) fn split_at<'a>(&self, text: &'a str, offset: usize) -> Sentences<'a> {
        Sentences {
            text,
            pos: 0,
            offset,
            line_breaks: self.line_breaks,
            paragraph_end: 0,
            wrapped: false,
        }
    }
}

/// Iterator over the [`Sentence`]s of a text, in order; created by [`sentences`] or
/// [`SentenceSplitter::split`].
#[derive(Debug, Clone)]
pub struct Sentences<'a> {
    text: &'a str,
    pos: usize,
    offset: usize,
    line_breaks: LineBreaks,
    /// Where the paragraph of the current sentence ends (the next one starts).
    paragraph_end: usize,
    /// Whether that paragraph is hard-wrapped.
    wrapped: bool,
}

/// Splits `text` into sentences with the default rules (see [`SentenceSplitter`]).
///
/// ```
/// use lede_tokenize::sentences;
///
/// let text = "Talks open Jan. 6\n\nU.S. Special Envoy Steve Witkoff arrived at 3:45 p.m. local \
///             time. He met Gen. Alexus G. Grynkewich. \"It went well.\" Then he left.";
/// let found: Vec<&str> = sentences(text).map(|s| s.text).collect();
/// assert_eq!(found, [
///     "Talks open Jan. 6",
///     "U.S. Special Envoy Steve Witkoff arrived at 3:45 p.m. local time.",
///     "He met Gen. Alexus G. Grynkewich.",
///     "\"It went well.\"",
///     "Then he left.",
/// ]);
/// let spans: Vec<_> = sentences(text).map(|s| s.span).collect();
/// assert_eq!(&text[spans[1].range()], found[1]);
/// ```
#[must_use]
pub fn sentences(text: &str) -> Sentences<'_> {
    SentenceSplitter::new().split(text)
}

impl<'a> Iterator for Sentences<'a> {
    type Item = Sentence<'a>;

    fn next(&mut self) -> Option<Sentence<'a>> {
        let text = self.text;
        let start = skip_whitespace(text, self.pos);
        if start >= text.len() {
            self.pos = text.len();
            return None;
        }
        if self.line_breaks == LineBreaks::Auto && start >= self.paragraph_end {
            // First sentence of a paragraph: sentences never cross paragraphs, so `start` is
            // the paragraph's start.
            (self.paragraph_end, self.wrapped) = scan::paragraph_layout(text, start);
        }
        let (end, next) = scan::sentence_end(text, start, self.line_breaks, self.wrapped);
        debug_assert!(end > start && next >= end);
        self.pos = next;
        let body = text[start..end].trim_end();
        let start = start + self.offset;
        Some(Sentence {
            text: body,
            span: Span::new(start, start + body.len()),
        })
    }
}

impl std::iter::FusedIterator for Sentences<'_> {}
