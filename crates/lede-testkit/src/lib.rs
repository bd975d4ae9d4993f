//! Test inputs shared by the lede crates' property tests: proptest strategies for news-like
//! text and for arbitrary Unicode, the texts the tokenizer, the analyzer and the summariser
//! must all survive (and that the `fuzz/` targets explore further).
//!
//! A dev-dependency only; it is not published.
//!
//! ```
//! use proptest::strategy::{Strategy as _, ValueTree as _};
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! let text = lede_testkit::news().new_tree(&mut runner).unwrap().current();
//! let tokens = text.split_whitespace().count();
//! assert!(tokens <= text.len());
//! ```
//!
//! In a crate's `tests/`, use them as any strategy: `proptest! { #[test] fn f(text in
//! lede_testkit::text()) { … } }`.

#[cfg(feature = "postgres")]
pub mod postgres;

use proptest::prelude::*;

/// News-like text: words, names, numbers, abbreviations, sentence punctuation, quotes and
/// brackets, line breaks and blank lines, combining marks, right-to-left text, emoji ZWJ
/// sequences and flags, joined by spaces or nothing.
pub fn news() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[A-Za-z]{1,9}",
        2 => "(The|He|Officials|said|Leaders|security|guarantees|Paris|Ukraine|Kyiv’s|don't)",
        1 => "[0-9]{1,4}([.,:/][0-9]{1,3})?%?",
        2 => "(U\\.S\\.|Jan\\.|Gen\\.|Mr\\.|p\\.m\\.|e\\.g\\.|Inc\\.|No\\.|St\\.|U\\.S\\.-led)",
        3 => "[.?!\"')(]{1,3}",
        1 => "[,;:“”‘’«»—–…-]",
        2 => "[\n\r\t\u{a0}\u{85}\u{2028}\u{2029}\x0B\x0C]{1,3}",
        1 => "(e\u{301}|a\u{308}\u{323}|\u{301}|n\u{303}o)",
        1 => "(مرحبا|عالم|שלום|\u{200F}|\u{200E}|\u{202B}|\u{202C}|\u{2067}|\u{2069}|٣|،|؟)",
        1 => "(👩\u{200D}💻|👨\u{200D}👩\u{200D}👧|🏳\u{FE0F}\u{200D}🌈|🇺🇦|👍🏽|\u{200D}|\u{FE0F}|\u{200B}|\u{FEFF})",
        1 => "(東京|。|！|？|Київ|Ελλάδα|\u{0301})",
        1 => "(https://example\\.com/a-b|jane@example\\.com|@Reuters|#news|\\$2\\.2bn|€5|US\\$5)",
        1 => any::<char>().prop_map(String::from),
    ];
    let glue = prop_oneof![4 => Just(" "), 1 => Just(""), 1 => Just("\n"), 1 => Just("\n\n")];
    prop::collection::vec((piece, glue), 0..60).prop_map(|pieces| {
        pieces
            .into_iter()
            .flat_map(|(piece, glue)| [piece, glue.to_owned()])
            .collect()
    })
}

/// Arbitrary Unicode (any scalar value, including controls and white space).
pub fn unicode() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,80}",
        "(\\PC|\\s|\\p{M}|\\p{Cf}){0,80}",
        prop::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect()),
    ]
}

/// News-like text three times in four, arbitrary Unicode otherwise.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => news(), 1 => unicode()]
}
