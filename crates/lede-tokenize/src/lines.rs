//! The white-space and line-break rule that paragraphs and sentences share: what a line
//! break is, and how many a run of white space holds (two or more, or a form feed, make a
//! paragraph break). Kept apart so that `paragraph.rs` and the sentence scanner both depend
//! on it rather than on each other.

/// A run of white space and the line breaks in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gap {
    /// First byte after the run (the next non-white-space character, or the text's end).
    pub(crate) end: usize,
    /// Line breaks in the run; a form feed or U+2029 counts as two, so that `>= 2` means
    /// "a paragraph break".
    pub(crate) breaks: u32,
}

impl Gap {
    /// Scans the white space starting at `from` (which must be a char boundary).
    pub(crate) fn scan(text: &str, from: usize) -> Gap {
        let bytes = text.as_bytes();
        let mut i = from;
        let mut breaks = 0u32;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' | 0x0B => breaks += 1,
                b'\r' => {
                    // "\r\n" is one break: count it at the "\n".
                    if bytes.get(i + 1) != Some(&b'\n') {
                        breaks += 1;
                    }
                }
                0x0C => breaks += 2,
                b' ' | b'\t' => {}
                b if b < 0x80 => break,
                _ => {
                    let Some(c) = text[i..].chars().next() else {
                        break;
                    };
                    if !c.is_whitespace() {
                        break;
                    }
                    breaks += match c {
                        '\u{85}' | '\u{2028}' => 1,
                        '\u{2029}' => 2,
                        _ => 0,
                    };
                    i += c.len_utf8();
                    continue;
                }
            }
            i += 1;
        }
        Gap { end: i, breaks }
    }
}

/// The first byte at or after `from` that is not white space (or `text.len()`).
pub(crate) fn skip_whitespace(text: &str, from: usize) -> usize {
    let rest = &text[from.min(text.len())..];
    text.len() - rest.trim_start().len()
}

/// The end of `text[floor..i]` with trailing white space removed.
pub(crate) fn trim_end_to(text: &str, floor: usize, i: usize) -> usize {
    floor + text[floor..i].trim_end().len()
}

/// Whether a line break character starts at byte `i` (which must be a char boundary).
pub(crate) fn is_line_break_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'\r' | 0x0B | 0x0C => true,
        0xC2 => bytes.get(i + 1) == Some(&0x85),
        0xE2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)),
        _ => false,
    }
}

/// Byte offset of the first line break at or after `from`.
pub(crate) fn find_line_break(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        if matches!(bytes[i], b'\n' | b'\r' | 0x0B | 0x0C | 0xC2 | 0xE2)
            && is_line_break_at(bytes, i)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}
