//! Span offsets in the encoding a request asks for: UTF-8 bytes, code points or UTF-16
//! code units. The libraries count bytes; [`Offsets`] converts.

use lede_corpus::Span;
use lede_proto::v1::{OffsetEncoding, Span as ProtoSpan};

/// Converts byte spans of one text into spans in one [`OffsetEncoding`].
#[derive(Debug)]
pub(crate) struct Offsets {
    /// For code points and UTF-16: the offset in units at each byte offset (`len + 1`
    /// entries, meaningful at `char` boundaries); empty for UTF-8.
    table: Vec<u32>,
}

impl Offsets {
    /// A converter for `text` into `encoding` (unspecified: UTF-8).
    pub(crate) fn new(text: &str, encoding: OffsetEncoding) -> Self {
        let width: fn(char) -> u32 = match encoding {
            OffsetEncoding::Unspecified | OffsetEncoding::Utf8 => {
                return Self { table: Vec::new() };
            }
            OffsetEncoding::CodePoint => |_| 1,
            OffsetEncoding::Utf16 => |c| u32::try_from(c.len_utf16()).unwrap_or(2),
        };
        let mut table = vec![0; text.len() + 1];
        let mut units = 0u32;
        for (index, c) in text.char_indices() {
            for slot in table.iter_mut().skip(index).take(c.len_utf8()) {
                *slot = units;
            }
            units = units.saturating_add(width(c));
        }
        if let Some(last) = table.last_mut() {
            *last = units;
        }
        Self { table }
    }

    /// The offset `byte` in the target encoding.
    pub(crate) fn offset(&self, byte: usize) -> i32 {
        let units = if self.table.is_empty() {
            byte
        } else {
            self.table.get(byte).map_or(usize::MAX, |&u| u as usize)
        };
        i32::try_from(units).unwrap_or(i32::MAX)
    }

    /// The byte span `span` in the target encoding.
    pub(crate) fn span(&self, span: Span) -> ProtoSpan {
        ProtoSpan {
            start: self.offset(span.start),
            end: self.offset(span.end),
        }
    }
}

/// The request's encoding from its raw enum value (unknown values: INVALID_ARGUMENT).
pub(crate) fn encoding(value: i32) -> Result<OffsetEncoding, crate::status::ApiError> {
    OffsetEncoding::try_from(value).map_err(|_| {
        crate::status::ApiError::invalid("offset_encoding", format!("unknown encoding {value}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(text: &str, sub: &str, encoding: OffsetEncoding) -> (i32, i32) {
        let start = text.find(sub).expect("substring");
        let span = Offsets::new(text, encoding).span(Span::new(start, start + sub.len()));
        (span.start, span.end)
    }

    #[test]
    fn curly_apostrophe() {
        let text = "In Kyiv’s centre";
        assert_eq!(convert(text, "centre", OffsetEncoding::Utf8), (12, 18));
        assert_eq!(
            convert(text, "centre", OffsetEncoding::Unspecified),
            (12, 18)
        );
        assert_eq!(convert(text, "centre", OffsetEncoding::CodePoint), (10, 16));
        assert_eq!(convert(text, "centre", OffsetEncoding::Utf16), (10, 16));
        assert_eq!(convert(text, "Kyiv’s", OffsetEncoding::Utf16), (3, 9));
    }

    #[test]
    fn emoji_is_two_utf16_units() {
        let text = "a 🎉 b";
        assert_eq!(convert(text, "b", OffsetEncoding::Utf8), (7, 8));
        assert_eq!(convert(text, "b", OffsetEncoding::CodePoint), (4, 5));
        assert_eq!(convert(text, "b", OffsetEncoding::Utf16), (5, 6));
        assert_eq!(convert(text, "🎉", OffsetEncoding::Utf16), (2, 4));
        let end = Offsets::new(text, OffsetEncoding::Utf16).offset(text.len());
        assert_eq!(end, 6);
    }

    proptest::proptest! {
        /// Every span of a text, at any two character boundaries, comes out in each encoding
        /// as the length of the prefix before each end counted in that encoding's units.
        #[test]
        fn spans_count_the_units_before_them(
            text in "\\PC{0,40}|[a-z\u{e9}\u{2019}\u{1F389}\u{10FFFF} ]{0,40}",
            picks in proptest::collection::vec(0usize..1000, 2),
        ) {
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let mut ends = [
                boundaries[picks[0] % boundaries.len()],
                boundaries[picks[1] % boundaries.len()],
            ];
            ends.sort_unstable();
            let span = Span::new(ends[0], ends[1]);
            let units = |prefix: &str, encoding| match encoding {
                OffsetEncoding::CodePoint => prefix.chars().count(),
                OffsetEncoding::Utf16 => prefix.encode_utf16().count(),
                _ => prefix.len(),
            };
            for encoding in [
                OffsetEncoding::Unspecified,
                OffsetEncoding::Utf8,
                OffsetEncoding::CodePoint,
                OffsetEncoding::Utf16,
            ] {
                let got = Offsets::new(&text, encoding).span(span);
                let want = (
                    units(&text[..span.start], encoding),
                    units(&text[..span.end], encoding),
                );
                proptest::prop_assert_eq!(
                    (got.start as usize, got.end as usize),
                    want,
                    "{:?} {:?}",
                    encoding,
                    span
                );
            }
        }
    }
}
