//! Sidesteps for the inputs that crash rust-stemmers 1.2's Greek stemmer.
//!
//! rust-stemmers 1.2 was generated from an older `greek.sbl`. Two of its rules read a
//! slice (`bra..ket`) that was set *before* the word was shortened, so the byte offsets
//! are stale: past the end of the shortened word (a panic: "byte index 14 is out of
//! bounds of `θρονετ`"), inside a multi-byte character ("not a char boundary"), or — when
//! they happen to still be in range — silently garbling the word (`σερπαετε` →
//! `σερπαεεττ`). Both rules are bugs in the Snowball source, not only in the Rust port:
//!
//! * **steps3**: `'ισα' atlimit <- 'ισ'` after `delete` has no `[ ]` of its own, so it
//!   replaces the old (already deleted) suffix range. It fires when the word is exactly
//!   `ισα` + one of the suffixes `ισα ισες ισε ισαμε ισατε ισαν ισανε`, e.g. `ισαισα`
//!   (Snowball issue #204).
//! * **step5c**: `… or [substring] atlimit among (…)` parses as `(… or [) substring …`,
//!   so after one of the first two alternatives has rewritten `…ετε` to `…ετ`, the third
//!   `among` still runs, with `ket` left over from the rewrite. It fires when the word is
//!   `X` + `M` + `ετε` where `M` is a vowel of `α ε η ι ο ω` or one of the stems in
//!   [`STEP5C_STEMS`], and `X` is exactly one of [`STEP5C_PREFIXES`], e.g. `θρονετε`
//!   (`θ` + `ρον` + `ετε`), `αντιθετε` (`αν` + `τιθ` + `ετε`).
//!
//! The stemmer lower-cases and strips accents first (its `tolower` routine), so the
//! shapes are matched on the word folded the same way: `ΑΝΤΙΘΈΤΕ` is `αντιθετε`.
//!
//! [`sidestep`] recognises exactly these shapes, without allocating, and says what to do
//! instead of running the buggy path. Words that only reach one of these shapes after an
//! earlier step has stripped a second suffix (`ισαισαιζεισ`, `θρονετεισα`) are not real
//! Greek words; they are left to the `catch_unwind` guard in [`crate::Stemmer::stem`].

/// What to do instead of stemming a word that would crash the Greek stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sidestep<'a> {
    /// Use this stem as it is (steps3 shape: the reference Snowball 3.x stemmer gives
    /// `ισα` for every one of these words).
    Stem(&'static str),
    /// Stem this prefix of the word instead (step5c shape: the word without its final
    /// `ε`, which is what the rule's own rewrite produces before it goes wrong, so the
    /// remaining steps then run on it as intended).
    StemInstead(&'a str),
}

/// The suffixes of step steps3, folded (`ς` → `σ`).
const STEPS3_SUFFIXES: [&str; 7] = ["ισα", "ισεσ", "ισε", "ισαμε", "ισατε", "ισαν", "ισανε"];

/// The stems after which step5c's second alternative re-appends `ετ` (`A_46`).
#[rustfmt::skip]
pub(crate) const STEP5C_STEMS: [&str; 31] = [
    "πυρ", "ευρ", "χωρ", "βαρ", "βρ", "αιρ", "φορ", "νετ", "σχ", "συνδ", "ενδ", "οδ", "υπερθ",
    "σθ", "ευθ", "ραθ", "ταθ", "διαθ", "καθ", "τιθ", "εκθ", "συνθ", "ενθ", "ροθ", "αρκ", "ωφελ",
    "βολ", "συν", "αιν", "πον", "ρον",
];

/// The whole-word prefixes that make step5c's third alternative match (`A_47`).
#[rustfmt::skip]
pub(crate) const STEP5C_PREFIXES: [&str; 25] = [
    "σερπ", "κοπ", "θαρρ", "ντρ", "αβαρ", "εναρ", "αβρ", "μπορ", "υ", "συρφ", "νιφ", "παγ", "δ",
    "αδ", "θ", "αθ", "σκ", "τοκ", "απλ", "παρακαλ", "σκελ", "εμ", "αν", "βεν", "βαρον",
];

/// The vowels of step5c's first alternative (grouping `v2`).
pub(crate) const STEP5C_VOWELS: [char; 6] = ['α', 'ε', 'η', 'ι', 'ο', 'ω'];

/// Longest word (in characters) that can have one of the shapes: 7 (`παρακαλ`) + 5
/// (`υπερθ`) + 3 (`ετε`).
const MAX_CHARS: usize = 15;
/// Shortest: `υ` + `α` + `ετε`.
const MIN_CHARS: usize = 5;

/// Folds a character the way the Greek stemmer's `tolower` routine does: upper case to
/// lower case, accents and diaeresis removed, final sigma to sigma. Other characters are
/// returned unchanged.
pub(crate) fn fold(c: char) -> char {
    match c {
        // Capital Alpha..Rho and Sigma..Omega map to their small letters (U+03A2 is unassigned).
        'Α'..='Ρ' | 'Σ'..='Ω' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Ά' | 'ά' => 'α',
        'Έ' | 'έ' => 'ε',
        'Ή' | 'ή' => 'η',
        'Ί' | 'ί' | 'Ϊ' | 'ϊ' | 'ΐ' => 'ι',
        'Ό' | 'ό' => 'ο',
        'Ύ' | 'ύ' | 'Ϋ' | 'ϋ' | 'ΰ' => 'υ',
        'Ώ' | 'ώ' => 'ω',
        'ς' => 'σ',
        c => c,
    }
}

/// `chars` equals `s`.
fn is(chars: &[char], s: &str) -> bool {
    chars.iter().copied().eq(s.chars())
}

/// `chars` ends with `s`.
fn ends_with(chars: &[char], s: &str) -> bool {
    let n = s.chars().count();
    n <= chars.len() && is(&chars[chars.len() - n..], s)
}

/// Says how to avoid the crash if `word` has one of the two shapes that crash
/// rust-stemmers 1.2's Greek stemmer; `None` for every other word (then it is safe to
/// stem `word` as it is, as far as we know).
///
/// Cheap: a length check and a look at the last character reject almost every word
/// before anything is folded, and nothing is allocated.
pub(crate) fn sidestep(word: &str) -> Option<Sidestep<'_>> {
    // Every character of a shape is a two-byte Greek letter.
    if word.len() < 2 * MIN_CHARS || word.len() > 2 * MAX_CHARS {
        return None;
    }
    let last = word.chars().next_back()?;
    if !matches!(fold(last), 'α' | 'ε' | 'ν' | 'σ') {
        return None;
    }
    let mut buf = ['\0'; MAX_CHARS];
    let mut n = 0;
    for c in word.chars() {
        // The length check above bounds the count: 2 * MAX_CHARS bytes hold at most
        // 2 * MAX_CHARS characters, so keep counting and give up past MAX_CHARS.
        let slot = buf.get_mut(n)?;
        *slot = fold(c);
        n += 1;
    }
    let folded = &buf[..n];

    // steps3: exactly "ισα" + a steps3 suffix.
    if n >= 3 && is(&folded[..3], "ισα") && STEPS3_SUFFIXES.iter().any(|s| is(&folded[3..], s)) {
        return Some(Sidestep::Stem("ισα"));
    }

    // step5c: X + M + "ετε".
    if !ends_with(folded, "ετε") {
        return None;
    }
    let rest = &folded[..n - 3];
    let (&before, _) = rest.split_last()?;
    let stem_len = if STEP5C_VOWELS.contains(&before) {
        // The first alternative (a vowel) is tried first.
        1
    } else {
        // The second alternative's `among` takes the longest matching stem.
        STEP5C_STEMS
            .iter()
            .filter(|m| ends_with(rest, m))
            .map(|m| m.chars().count())
            .max()?
    };
    let prefix = &rest[..rest.len() - stem_len];
    if STEP5C_PREFIXES.iter().any(|x| is(prefix, x)) {
        // Drop the final ε (always two bytes: ε έ Ε Έ).
        return Some(Sidestep::StemInstead(&word[..word.len() - last.len_utf8()]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_matches_the_stemmers_tolower() {
        assert_eq!("ΑΝΤΙΘΈΤΕ".chars().map(fold).collect::<String>(), "αντιθετε");
        assert_eq!(
            "ΐΰϊϋΪΫάέήίόύώΆΈΉΊΌΎΏς"
                .chars()
                .map(fold)
                .collect::<String>(),
            "ιυιυιυαεηιουωαεηιουωσ"
        );
        assert_eq!("ΩΣΡΑ".chars().map(fold).collect::<String>(), "ωσρα");
        assert_eq!(fold('a'), 'a');
        assert_eq!(fold('\u{3A2}'), '\u{3A2}');
    }

    #[test]
    fn recognises_the_steps3_shape() {
        for suffix in ["ισα", "ισες", "ισε", "ισαμε", "ισατε", "ισαν", "ισανε"]
        {
            let word = format!("ισα{suffix}");
            assert_eq!(sidestep(&word), Some(Sidestep::Stem("ισα")), "{word}");
        }
        assert_eq!(sidestep("ΊΣΑΙΣΑ"), Some(Sidestep::Stem("ισα")));
        assert_eq!(sidestep("ισα"), None);
        assert_eq!(sidestep("ισαισαα"), None);
        assert_eq!(sidestep("αισαισα"), None);
    }

    #[test]
    fn recognises_the_step5c_shape() {
        assert_eq!(sidestep("θρονετε"), Some(Sidestep::StemInstead("θρονετ")));
        assert_eq!(sidestep("αντιθέτε"), Some(Sidestep::StemInstead("αντιθέτ")));
        assert_eq!(sidestep("ΑΝΤΙΘΕΤΕ"), Some(Sidestep::StemInstead("ΑΝΤΙΘΕΤ")));
        assert_eq!(sidestep("σερπαετε"), Some(Sidestep::StemInstead("σερπαετ")));
        // Not the shape: prefix not in the list, or not at the start of the word.
        assert_eq!(sidestep("ξρονετε"), None);
        assert_eq!(sidestep("αθρονετεσ"), None);
        assert_eq!(sidestep("θελετε"), None);
        // A real word that starts like the shape but is stemmed without trouble.
        assert_eq!(sidestep("διετέλεσε"), None);
    }

    #[test]
    fn rejects_other_words_cheaply() {
        for word in [
            "",
            "a",
            "ε",
            "the",
            "ετε",
            "αβγδεζηθικλμνξοπρστυφχψω",
            "θρονετεθρονετεθρονετε",
        ] {
            assert_eq!(sidestep(word), None, "{word}");
        }
    }
}
