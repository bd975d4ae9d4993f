//! Character classes shared by the ASCII scanner and the UAX #29 path.
//!
//! Every predicate here is defined on `char` and agrees with the byte table on ASCII, so the
//! two scanners cannot disagree about what a character is.

use super::unicode_tables::{NON_ASCII_CURRENCY, NON_ASCII_PUNCTUATION};

/// `A-Z a-z`: UAX #29 ALetter restricted to ASCII.
pub(super) const LETTER: u16 = 1;
/// `0-9`: UAX #29 Numeric restricted to ASCII.
pub(super) const DIGIT: u16 = 1 << 1;
/// `_`: UAX #29 ExtendNumLet restricted to ASCII.
pub(super) const UNDER: u16 = 1 << 2;
/// `:`: UAX #29 MidLetter restricted to ASCII (joins letters only).
pub(super) const MID_LETTER: u16 = 1 << 3;
/// `.` and `'`: UAX #29 MidNumLet and Single_Quote (join letters and digits).
pub(super) const MID_NUM_LET: u16 = 1 << 4;
/// `,` and `;`: UAX #29 MidNum restricted to ASCII (join digits only).
pub(super) const MID_NUM: u16 = 1 << 5;
/// ASCII white space as `char::is_whitespace` sees it (including U+000B).
pub(super) const SPACE: u16 = 1 << 6;
/// A byte of a multi-byte UTF-8 sequence: the ASCII scanner stops there.
pub(super) const HIGH: u16 = 1 << 7;
/// `@`: the chunk scanner notes it, so that e-mail attempts happen only where one can match.
pub(super) const AT: u16 = 1 << 8;

/// Characters a UAX #29 word run consists of.
pub(super) const WORD_CHAR: u16 = LETTER | DIGIT | UNDER;

/// Byte classes for the ASCII fast path; one lookup replaces a chain of comparisons.
pub(super) static BYTE_CLASS: [u16; 256] = build_byte_class();

const fn build_byte_class() -> [u16; 256] {
    let mut table = [0u16; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'A'..=b'Z' | b'a'..=b'z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'_' => UNDER,
            b':' => MID_LETTER,
            b'.' | b'\'' => MID_NUM_LET,
            b',' | b';' => MID_NUM,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => SPACE,
            b'@' => AT,
            0x80..=0xFF => HIGH,
            _ => 0,
        };
        b += 1;
    }
    table
}

/// The first index at or after `i` whose byte may end a plain ASCII run: white space, `@` or
/// a non-ASCII byte; it may also stop at another control character, which the caller skips.
///
/// Eight bytes at a time (SWAR): the chunk scan runs once per word, and chunks are short, so
/// one 8-byte step usually finds the end where a byte loop would take six iterations.
#[inline]
pub(super) fn skip_plain_ascii(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    while let Some(word) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*word);
        // Lowest flagged byte of each mask is exact (borrows only propagate upwards).
        let control_or_space = w.wrapping_sub(ONES * 0x21) & !w & HIGHS;
        let x = w ^ (ONES * u64::from(b'@'));
        let at = x.wrapping_sub(ONES) & !x & HIGHS;
        let stop = control_or_space | at | (w & HIGHS);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes
        .get(i)
        .is_some_and(|&b| BYTE_CLASS[usize::from(b)] & (SPACE | HIGH | AT) == 0)
    {
        i += 1;
    }
    i
}

/// The first index at or after `i` whose byte is not an ASCII letter.
///
/// Eight bytes at a time (SWAR), like [`skip_plain_ascii`]: most words of news fit in one
/// step. Per byte, with the case bit set and the high bit cleared (no carry can then cross a
/// byte), adding `0x80 - b'a'` sets the high bit from `a` up and adding `0x80 - b'z' - 1`
/// from past `z`; a byte with its own high bit set is never a letter.
#[inline]
pub(super) fn skip_ascii_letters(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = ONES * 0x80;
    while let Some(word) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*word);
        let folded = (w | (ONES * 0x20)) & !HIGHS;
        let from_a = folded + ONES * (0x80 - u64::from(b'a'));
        let past_z = folded + ONES * (0x80 - u64::from(b'z') - 1);
        let not_letter = !(from_a & !past_z & !w) & HIGHS;
        if not_letter != 0 {
            return i + (not_letter.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Whether `c` separates tokens and belongs to none.
///
/// Unicode White_Space, plus the invisible characters that only mark boundaries or text
/// direction (zero-width space, BOM, bidi marks and controls): as tokens of their own they
/// would be noise, and inside a word they are rare enough to split at.
#[inline]
pub(super) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'
                | '\u{FEFF}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Hyphens that join the parts of a compound (`long-term`, `post‐war`).
///
/// En and em dashes are deliberately absent: in news text they set off clauses and ranges.
#[inline]
pub(super) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Characters that may sign a number (`-5`, `+3.2`, `−40`).
#[inline]
pub(super) fn is_sign(c: char) -> bool {
    matches!(c, '-' | '+' | '\u{2212}')
}

/// Apostrophes that can start a possessive `'s` after a number or abbreviation.
#[inline]
pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Percent-like suffixes of a number (`90%`, `5‰`).
#[inline]
pub(super) fn is_percent(c: char) -> bool {
    matches!(
        c,
        '%' | '\u{2030}' | '\u{2031}' | '\u{066A}' | '\u{FE6A}' | '\u{FF05}'
    )
}

/// Unicode currency symbols (General_Category Sc).
#[inline]
pub(super) fn is_currency(c: char) -> bool {
    if c.is_ascii() {
        c == '$'
    } else {
        in_ranges(NON_ASCII_CURRENCY, c)
    }
}

/// UAX #29 ExtendNumLet outside white space: connector punctuation that joins word runs.
#[inline]
pub(super) fn is_connector(c: char) -> bool {
    matches!(
        c,
        '_' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}' | '\u{FE4D}'
            ..='\u{FE4F}' | '\u{FF3F}'
    )
}

/// Whether a lone character is a Punctuation token (otherwise it is a Symbol).
///
/// Unicode General_Category P*, except the "other punctuation" that reads as a symbol in
/// running text (`#`, `%`, `&`, `*`, `@`, `\`, `§`, `¶`, `†`, `‡`, `•`, `‰`, primes, ...): they
/// neither delimit clauses nor quote, and downstream rules (sentences, keywords) should treat
/// them like `+` or `©`.
pub(super) fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '!' | '"'
                | '\''
                | '('
                | ')'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '?'
                | '['
                | ']'
                | '_'
                | '{'
                | '}'
        );
    }
    if matches!(
        c,
        '\u{00A7}'
            | '\u{00B6}'
            | '\u{2020}'..='\u{2022}'
            | '\u{2030}'..='\u{2037}'
            | '\u{203B}'
            | '\u{2042}'
            | '\u{204E}'
            | '\u{2051}'
            | '\u{066A}'
            | '\u{FE5F}'..='\u{FE61}'
            | '\u{FE68}'
            | '\u{FE6A}'
            | '\u{FE6B}'
            | '\u{FF03}'
            | '\u{FF05}'
            | '\u{FF06}'
            | '\u{FF0A}'
            | '\u{FF20}'
            | '\u{FF3C}'
    ) {
        return false;
    }
    in_ranges(NON_ASCII_PUNCTUATION, c)
}

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_table_agrees_with_char_predicates() {
        for b in 0u8..0x80 {
            let c = char::from(b);
            let class = BYTE_CLASS[usize::from(b)];
            assert_eq!(class & LETTER != 0, c.is_alphabetic(), "{c:?}");
            assert_eq!(class & DIGIT != 0, c.is_numeric(), "{c:?}");
            assert_eq!(class & UNDER != 0, is_connector(c), "{c:?}");
            assert_eq!(class & SPACE != 0, is_separator(c), "{c:?}");
        }
        for b in 0x80..=0xFFu8 {
            assert_eq!(BYTE_CLASS[usize::from(b)], HIGH);
        }
    }

    proptest::proptest! {
        #[test]
        fn skip_plain_ascii_stops_where_a_byte_loop_would(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            start in 0usize..40,
        ) {
            let start = start.min(bytes.len());
            let stop = skip_plain_ascii(&bytes, start);
            proptest::prop_assert!(stop >= start && stop <= bytes.len());
            // Nothing skipped ends a run; where it stopped may (or is a control character).
            for &b in &bytes[start..stop] {
                proptest::prop_assert_eq!(BYTE_CLASS[usize::from(b)] & (SPACE | HIGH | AT), 0);
            }
            if let Some(&b) = bytes.get(stop) {
                let ends_run = BYTE_CLASS[usize::from(b)] & (SPACE | HIGH | AT) != 0;
                proptest::prop_assert!(ends_run || b < 0x20, "stopped at {:#x}", b);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn skip_ascii_letters_stops_at_the_first_non_letter(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(b"azAZ@[`{\x7f\xc1\xe1 .".to_vec()),
                ],
                0..40,
            ),
            start in 0usize..40,
        ) {
            let start = start.min(bytes.len());
            let expected = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .map_or(bytes.len(), |n| start + n);
            proptest::prop_assert_eq!(skip_ascii_letters(&bytes, start), expected);
        }
    }

    #[test]
    fn punctuation_and_symbols() {
        for c in ".,;:!?\"'()[]{}…–—‘’“”«»¿¡、。「」".chars() {
            assert!(is_punctuation(c), "{c:?} should be punctuation");
        }
        for c in "+&#%@*=<>|~^$€£©®™°§†•‰😀".chars() {
            assert!(!is_punctuation(c), "{c:?} should be a symbol");
        }
    }

    #[test]
    fn currency_and_separators() {
        for c in "$€£¥₹₽₴¢₿".chars() {
            assert!(is_currency(c), "{c:?}");
        }
        assert!(!is_currency('%'));
        assert!(!is_currency('E'));
        for c in [
            ' ', '\u{A0}', '\u{2009}', '\u{3000}', '\u{200B}', '\u{FEFF}', '\u{200F}',
        ] {
            assert!(is_separator(c), "{c:?}");
        }
        assert!(!is_separator('\u{2060}'), "the word joiner joins");
        assert!(!is_separator('a'));
    }
}
