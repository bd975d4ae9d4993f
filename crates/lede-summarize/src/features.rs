//! What makes a sentence summary material or not, decided from its text and its line.
//!
//! * **Unterminated sentences** are never chosen. They are *headings* — titles, headlines,
//!   sub-headings, bylines, captions: a line without final punctuation, wherever it stands —
//!   or incomplete: a list's introduction ("Main points of the plan:"), a line cut off by the
//!   layout. A heading names the topic, so it still takes part in the similarity graph.
//!   Terminal punctuation is that of the scripts the sentence splitter knows (`.!?…`, CJK
//!   `。！？`, Arabic `؟`, Devanagari `।`, ...); text in a script that does not mark the end of
//!   a sentence (Thai) has no summary.
//! * **Question lines**: a question that fills its line is a heading too ("What now for Kelly
//!   Holmes?", "What is the ‘Coalition of the Willing?’").
//! * **Boilerplate**: editor's notes, credits and calls to action (`This article was created
//!   ...`, `Reporting by ...`, `Click here ...`). Not news; left out of the graph too.
//! * **Fragments**: fewer than `min_words` words.
//! * **Questions** inside a paragraph keep half their score: news summaries state, and a
//!   question in an article is mostly rhetorical.

use lede_tokenize::Span;

/// How a question's score is scaled.
pub(crate) const QUESTION_WEIGHT: f64 = 0.5;

/// What the model needs to know about one sentence besides its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Features {
    /// White-space separated words.
    pub(crate) words: usize,
    /// Ends with terminal punctuation (possibly followed by closing quotes and brackets).
    pub(crate) terminal: bool,
    /// Fills its line(s): only white space before it and after it on its lines.
    pub(crate) own_line: bool,
    /// An editor's note, credit or call to action.
    pub(crate) boilerplate: bool,
    /// Ends with a question mark.
    pub(crate) question: bool,
}

impl Features {
    /// The features of the sentence at `span` of `text`.
    pub(crate) fn of(text: &str, span: Span) -> Self {
        let sentence = text.get(span.range()).unwrap_or_default();
        let last = last_significant_char(sentence);
        Self {
            words: word_count(sentence),
            terminal: last.is_some_and(is_terminal),
            own_line: starts_line(text, span.start) && ends_line(text, span.end),
            boilerplate: is_boilerplate(sentence),
            question: matches!(last, Some('?' | '？' | '؟' | '⁇' | '⁈' | '⁉')),
        }
    }

    /// Whether the sentence is a heading: a line of its own without terminal punctuation, or
    /// a question on a line of its own.
    pub(crate) fn heading(&self) -> bool {
        self.own_line && (!self.terminal || self.question)
    }

    /// Whether the sentence may be chosen for a summary, with fragments below `min_words`.
    pub(crate) fn eligible(&self, min_words: usize) -> bool {
        self.terminal && !self.heading() && !self.boilerplate && self.words >= min_words.max(1)
    }

    /// The factor a candidate's score is multiplied by for its form.
    pub(crate) fn weight(&self) -> f64 {
        if self.question { QUESTION_WEIGHT } else { 1.0 }
    }
}

/// The last character that is not a closing quote or bracket (`stop."` → `.`).
fn last_significant_char(sentence: &str) -> Option<char> {
    sentence.chars().rev().find(|&c| !is_closing(c))
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '«'
            | '›'
            | ')'
            | ']'
            | '}'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '*'
            | '_'
    ) || c.is_whitespace()
}

/// Punctuation that ends a sentence, in the scripts the splitter knows.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '。'
            | '！'
            | '？'
            | '．'
            | '｡'
            | '؟'
            | '۔'
            | '।'
            | '॥'
            | '።'
            | '။'
            | '។'
            | '։'
            | '།'
            | '჻'
    )
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether only white space stands between the start of the line and `at`.
fn starts_line(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    before
        .chars()
        .rev()
        .take_while(|&c| !is_line_break(c))
        .all(char::is_whitespace)
}

/// Whether only white space stands between `at` and the end of the line.
fn ends_line(text: &str, at: usize) -> bool {
    let after = text.get(at..).unwrap_or_default();
    after
        .chars()
        .take_while(|&c| !is_line_break(c))
        .all(char::is_whitespace)
}

/// Openings of editor's notes, credits and calls to action, lower case (English news).
const BOILERPLATE_OPENINGS: [&str; 21] = [
    "this article was",
    "this story was",
    "this article is",
    "this story has been",
    "this content was",
    "editor's note",
    "editor’s note",
    "editors' note",
    "editors’ note",
    "reporting by ",
    "additional reporting by",
    "writing by ",
    "editing by ",
    "click here",
    "sign up for",
    "subscribe to",
    "follow us on",
    "read more:",
    "related:",
    "copyright ",
    "©",
];

/// Phrases that mark a sentence as boilerplate wherever they occur, lower case.
const BOILERPLATE_PHRASES: [&str; 3] = [
    "all rights reserved",
    "contributed to this report",
    "fact-checked by one of our",
];

fn is_boilerplate(sentence: &str) -> bool {
    let head = sentence.trim_start_matches(|c: char| c == '(' || c == '[' || c.is_whitespace());
    BOILERPLATE_OPENINGS
        .iter()
        .any(|opening| starts_with_ignoring_ascii_case(head, opening))
        || contains_any_ignoring_ascii_case(sentence, &BOILERPLATE_PHRASES)
}

/// `sentence.split_whitespace().count()`, with a byte loop for ASCII text (nearly every
/// sentence of English news): summaries count the words of every sentence.
fn word_count(sentence: &str) -> usize {
    if !sentence.is_ascii() {
        return sentence.split_whitespace().count();
    }
    // `char::is_whitespace` on ASCII, which includes U+000B (`u8::is_ascii_whitespace` does not).
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let mut previous_space = true;
    let mut words = 0;
    for &b in sentence.as_bytes() {
        let is_space = space(b);
        words += usize::from(previous_space && !is_space);
        previous_space = is_space;
    }
    words
}

/// Whether `text` contains one of `needles` (lower case, not empty), ASCII letters compared
/// without case: one pass over `text`, comparing only where a byte can start a needle.
fn contains_any_ignoring_ascii_case(text: &str, needles: &[&str]) -> bool {
    let text = text.as_bytes();
    (0..text.len()).any(|i| {
        let b = text[i].to_ascii_lowercase();
        needles.iter().any(|needle| {
            let needle = needle.as_bytes();
            needle.first() == Some(&b)
                && text
                    .get(i..i + needle.len())
                    .is_some_and(|window| window.eq_ignore_ascii_case(needle))
        })
    })
}

/// Whether `text` starts with `prefix`, ASCII letters compared without case (other bytes
/// exactly), without allocating.
fn starts_with_ignoring_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `text` contains `needle` (lower case), ASCII letters compared without case: the
/// reference [`contains_any_ignoring_ascii_case`] is tested against.
#[cfg(test)]
fn contains_ignoring_ascii_case(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    let Some(&first) = needle.first() else {
        return true;
    };
    text.as_bytes()
        .windows(needle.len())
        .any(|window| window[0].eq_ignore_ascii_case(&first) && window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn fast_word_count_and_phrase_search_equal_the_reference(
            text in "([a-zA-Z ,.\t\n\u{b}\u{c}\r-]|all rights reserved|ALL Rights|contributed \
                     to this report|fact-checked by one of our|é|\u{a0}|\u{2003}){0,30}"
        ) {
            proptest::prop_assert_eq!(word_count(&text), text.split_whitespace().count());
            proptest::prop_assert_eq!(
                contains_any_ignoring_ascii_case(&text, &BOILERPLATE_PHRASES),
                BOILERPLATE_PHRASES
                    .iter()
                    .any(|phrase| contains_ignoring_ascii_case(&text, phrase))
            );
        }
    }

    fn features_of(text: &str, sentence: &str) -> Features {
        let start = text.find(sentence).unwrap();
        Features::of(text, Span::new(start, start + sentence.len()))
    }

    #[test]
    fn a_line_without_final_punctuation_is_a_heading_anywhere() {
        let text = "Europe’s Role in a Post-War Ukraine\n\nA key topic is the force.\nChallenges to Unity\nMore text here.";
        assert!(features_of(text, "Europe’s Role in a Post-War Ukraine").heading());
        assert!(features_of(text, "Challenges to Unity").heading());
        assert!(!features_of(text, "A key topic is the force.").heading());
        assert!(!features_of(text, "Europe’s Role in a Post-War Ukraine").eligible(1));
    }

    #[test]
    fn a_question_on_its_own_line_is_a_heading() {
        let text =
            "What is the ‘Coalition of the Willing?’\n“We are ready.”\nWill it hold? Nobody knows.";
        let heading = features_of(text, "What is the ‘Coalition of the Willing?’");
        assert!(heading.terminal && heading.question && heading.heading());
        assert!(!heading.eligible(1));
        let inline = features_of(text, "Will it hold?");
        assert!(!inline.heading() && inline.eligible(1));
        assert!(inline.weight() < 1.0);
        assert!(!features_of(text, "“We are ready.”").heading());
    }

    #[test]
    fn unterminated_sentences_are_never_eligible() {
        let text = "The talks went on. And then the feed was cut";
        let tail = features_of(text, "And then the feed was cut");
        assert!(!tail.terminal && !tail.heading());
        assert!(!tail.eligible(1));
        assert!(features_of(text, "The talks went on.").eligible(1));
        let intro = "The plan has three parts. Main points of the plan:\n";
        assert!(!features_of(intro, "Main points of the plan:").eligible(1));
    }

    #[test]
    fn boilerplate_is_recognised() {
        for sentence in [
            "This article was created using automation technology and was thoroughly edited.",
            "Reporting by Jane Doe; Editing by John Roe.",
            "(Reporting by Jane Doe)",
            "Editor’s note: this story has been updated.",
            "Click here to subscribe.",
            "Jane Doe contributed to this report.",
            "COPYRIGHT 2024 The Agency. ALL RIGHTS RESERVED.",
        ] {
            assert!(
                Features::of(sentence, Span::new(0, sentence.len())).boilerplate,
                "{sentence}"
            );
        }
        let news = "Reporters said the talks went on.";
        assert!(!Features::of(news, Span::new(0, news.len())).boilerplate);
    }

    #[test]
    fn fragments_are_not_eligible() {
        let text = "It went well.";
        let features = Features::of(text, Span::new(0, text.len()));
        assert_eq!(features.words, 3);
        assert!(!features.eligible(5));
        assert!(features.eligible(3));
    }
}
