//! Normalisation of token text into the form used for counting and matching.
//!
//! News text spells the same word in many ways: `Russia's` and `Russia’s` (typewriter and
//! typographic apostrophes), `long-term` with a hyphen or a non-breaking hyphen, `ﬁnal` with a
//! ligature from a PDF, `KYIV` in a headline. Statistics such as TF-IDF must count them as one
//! term, so [`normalize`] maps each spelling to a single form (its docs give the mapping).
//!
//! The steps follow the Unicode standard's compatibility caseless matching (D146), whose
//! double application of folding and decomposition is what makes the result stable
//! (`normalize(&normalize(x)) == normalize(x)`, checked for every code point and by a
//! property test); the typographic folding runs before it (where NFKC would decompose `´`
//! into a space and an accent) and after it (where NFKC produces `－` → `-`).
//!
//! Most tokens of English news are ASCII and already lower case: they are checked with one
//! pass over the bytes and returned borrowed, without allocating.

use std::borrow::Cow;

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;

/// Normalises one token: case folding, apostrophe/quote/dash folding and NFKC.
///
/// 1. Invisible formatting characters are removed (soft hyphen, zero-width space, word joiner,
///    BOM, bidi marks and controls: web text carries them inside words). Apostrophes and
///    primes (`’ ‘ ‛ ʼ ′ ´` and `` ` ``) become `'`; double quotes (`“ ” „ ‟ ″`) become `"`;
///    hyphens and dashes (`‐ ‑ ‒ – — ― −`) become `-`.
/// 2. Full Unicode case folding (`ß` → `ss`, `Σ` → `σ`) with compatibility normalisation, as
///    in the Unicode standard's compatibility caseless match, composed to NFKC (`ﬁ` → `fi`,
///    `Ｎ` → `n`, `²` → `2`).
/// 3. The folding of step 1 again, for quotes and dashes that step 2 produces.
///
/// The result is stable: normalising it again changes nothing. Accents are kept (`café`);
/// case folding is the default, not the Turkic one; zero-width joiners and non-joiners are
/// kept, since emoji sequences and Persian or Indic spelling depend on them.
///
/// Returns [`Cow::Borrowed`] when the token is already normal (in particular lower-case ASCII),
/// so the common case does not allocate.
///
/// ```
/// use std::borrow::Cow;
/// use lede_tokenize::normalize;
///
/// assert_eq!(normalize("Russia’s"), "russia's");
/// assert_eq!(normalize("KYIV"), "kyiv");
/// assert_eq!(normalize("Straße"), "strasse");
/// assert_eq!(normalize("ﬁnal"), "final");
/// assert_eq!(normalize("long‑term"), "long-term");
/// assert!(matches!(normalize("kyiv"), Cow::Borrowed("kyiv")));
/// ```
#[must_use]
pub fn normalize(token: &str) -> Cow<'_, str> {
    match ascii_state(token) {
        AsciiState::Normal => Cow::Borrowed(token),
        AsciiState::NonAscii => normalize_unicode(token),
        state => {
            let mut out = String::with_capacity(token.len());
            push_ascii(token, &state, &mut out);
            Cow::Owned(out)
        }
    }
}

/// Writes the normal form of `token` into `out`, which is cleared first.
///
/// Gives the same text as [`normalize`]; reusing `out` lets a loop over many tokens run
/// without allocating once the buffer has grown.
///
/// ```
/// use lede_tokenize::{normalize_into, tokenize};
///
/// let mut buf = String::new();
/// let mut terms = Vec::new();
/// for token in tokenize("Ukraine’s ALLIES met") {
///     normalize_into(token.text, &mut buf);
///     terms.push(buf.clone());
/// }
/// assert_eq!(terms, ["ukraine's", "allies", "met"]);
/// ```
pub fn normalize_into(token: &str, out: &mut String) {
    out.clear();
    match ascii_state(token) {
        AsciiState::NonAscii => out.extend(unicode_normal_chars(token)),
        state => push_ascii(token, &state, out),
    }
}

enum AsciiState {
    /// ASCII and already normal.
    Normal,
    /// ASCII with upper-case letters but no backtick.
    Upper,
    /// ASCII with a backtick (and maybe upper-case letters).
    Backtick,
    /// Contains a non-ASCII character: the full Unicode path.
    NonAscii,
}

const UPPER: u8 = 1;
const BACKTICK: u8 = 2;
const NON_ASCII: u8 = 4;

/// What an ASCII byte needs; one lookup per byte, OR-ed without branches.
static BYTE_FLAGS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'A'..=b'Z' => UPPER,
            b'`' => BACKTICK,
            0x80..=0xFF => NON_ASCII,
            _ => 0,
        };
        b += 1;
    }
    table
};

#[inline]
fn ascii_state(token: &str) -> AsciiState {
    let flags = token
        .bytes()
        .fold(0, |flags, b| flags | BYTE_FLAGS[usize::from(b)]);
    if flags & NON_ASCII != 0 {
        AsciiState::NonAscii
    } else if flags & BACKTICK != 0 {
        AsciiState::Backtick
    } else if flags & UPPER != 0 {
        AsciiState::Upper
    } else {
        AsciiState::Normal
    }
}

/// Appends the normal form of an ASCII token: on ASCII, NFKC is the identity and full case
/// folding is `to_ascii_lowercase`, so only case and the backtick change.
fn push_ascii(token: &str, state: &AsciiState, out: &mut String) {
    let start = out.len();
    match state {
        AsciiState::Upper => {
            out.push_str(token);
            out[start..].make_ascii_lowercase();
        }
        AsciiState::Backtick => out.extend(token.chars().map(|c| match c {
            '`' => '\'',
            c => c.to_ascii_lowercase(),
        })),
        _ => out.push_str(token),
    }
}

/// The normal form of a token with non-ASCII characters, as a character stream.
fn unicode_normal_chars(token: &str) -> impl Iterator<Item = char> + '_ {
    token
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(fold_punctuation)
        .nfd()
        .default_case_fold()
        .nfkd()
        .default_case_fold()
        .nfkc()
        .map(fold_punctuation)
}

/// Borrows the token if the normal form equals it, else allocates once, at the first change.
fn normalize_unicode(token: &str) -> Cow<'_, str> {
    let mut chars = unicode_normal_chars(token);
    let mut same = 0;
    while let Some(c) = chars.next() {
        if token[same..].starts_with(c) {
            same += c.len_utf8();
            continue;
        }
        let mut out = String::with_capacity(token.len() + 4);
        out.push_str(&token[..same]);
        out.push(c);
        out.extend(chars);
        return Cow::Owned(out);
    }
    if same == token.len() {
        Cow::Borrowed(token)
    } else {
        Cow::Owned(token[..same].to_owned())
    }
}

/// Default-ignorable characters that only affect layout or direction, never spelling.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Maps typographic apostrophes, quotes and dashes to their ASCII counterparts.
fn fold_punctuation(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn via_into(token: &str) -> String {
        let mut out = String::from("stale contents");
        normalize_into(token, &mut out);
        out
    }

    #[test]
    fn lower_case_ascii_is_borrowed() {
        assert!(matches!(normalize("kyiv"), Cow::Borrowed(_)));
        assert!(matches!(normalize("15,000"), Cow::Borrowed(_)));
        assert!(matches!(normalize("long-term"), Cow::Borrowed(_)));
        assert!(matches!(normalize(""), Cow::Borrowed(_)));
        assert!(matches!(normalize("Kyiv"), Cow::Owned(_)));
    }

    #[test]
    fn normal_non_ascii_is_borrowed() {
        assert!(matches!(normalize("café"), Cow::Borrowed(_)));
        assert!(matches!(normalize("київ"), Cow::Borrowed(_)));
        assert!(matches!(normalize("日本"), Cow::Borrowed(_)));
        // Decomposed input is recomposed (NFKC), so it is not borrowed.
        let decomposed = "cafe\u{301}";
        assert_eq!(normalize(decomposed), "café");
        assert!(matches!(normalize(decomposed), Cow::Owned(_)));
    }

    #[test]
    fn case_folding() {
        assert_eq!(normalize("U.S."), "u.s.");
        assert_eq!(normalize("Zelensky’s"), "zelensky's");
        assert_eq!(normalize("NATO"), "nato");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
        assert_eq!(normalize("КИЇВ"), "київ");
        assert_eq!(normalize("Élysée"), "élysée");
    }

    #[test]
    fn apostrophes_quotes_and_dashes_fold() {
        assert_eq!(normalize("Russia’s"), "russia's");
        assert_eq!(normalize("Russia‘s"), "russia's");
        assert_eq!(normalize("Russiaʼs"), "russia's");
        assert_eq!(normalize("Russia`s"), "russia's");
        assert_eq!(normalize("5′"), "5'");
        assert_eq!(normalize("“quoted”"), "\"quoted\"");
        assert_eq!(normalize("„low"), "\"low");
        for dash in ["‐", "‑", "‒", "–", "—", "−"] {
            assert_eq!(normalize(&format!("long{dash}term")), "long-term", "{dash}");
        }
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(normalize("inter\u{AD}national"), "international");
        assert_eq!(normalize("Kyiv\u{200F}"), "kyiv");
        assert_eq!(normalize("a\u{2060}b\u{FEFF}"), "ab");
        assert_eq!(normalize("\u{200D}"), "\u{200D}", "ZWJ is kept");
    }

    #[test]
    fn compatibility_forms() {
        assert_eq!(normalize("ﬁnal"), "final");
        assert_eq!(normalize("ＮＡＴＯ"), "nato");
        assert_eq!(normalize("＇"), "'");
        assert_eq!(normalize("﹘"), "-");
        assert_eq!(normalize("²"), "2");
        assert_eq!(normalize("Ⅻ"), "xii");
    }

    #[test]
    fn normalize_into_clears_and_matches() {
        for token in [
            "Kyiv",
            "kyiv",
            "Russia’s",
            "Mar-a-Lago",
            "ﬁnal",
            "a`b",
            "",
            "ΣΑΣ",
        ] {
            assert_eq!(via_into(token), normalize(token), "{token}");
        }
    }

    #[test]
    fn idempotent_for_every_code_point() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let s = c.to_string();
            let once = normalize(&s);
            assert_eq!(normalize(&once), once, "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn idempotent(s in any::<String>()) {
            let once = normalize(&s).into_owned();
            prop_assert_eq!(normalize(&once), once.as_str());
        }

        #[test]
        fn idempotent_on_tricky_characters(
            s in "[aAßẞİıΣσςǅﬁ＇﹘′″‐‑–—−’‘ʼ`´“”„\u{301}\u{345}\u{1FC3}ΐΰᾈK\u{AD}\u{200F}]{0,8}"
        ) {
            let once = normalize(&s).into_owned();
            prop_assert_eq!(normalize(&once), once.as_str());
        }

        #[test]
        fn into_agrees_with_normalize(s in any::<String>()) {
            prop_assert_eq!(via_into(&s), normalize(&s));
        }

        #[test]
        fn borrowed_only_when_unchanged(s in any::<String>()) {
            if let Cow::Borrowed(b) = normalize(&s) {
                prop_assert_eq!(b, s.as_str());
            }
        }
    }
}
