//! Which words keep a following period: initialisms and a curated list of English
//! abbreviations common in news copy (AP and Reuters style).
//!
//! Keeping the period in the token (`Gen.`, `U.S.`, `p.m.`) is what lets the sentence splitter
//! and the keyword ranker tell `U.S.` from `us` and "Jan. 6" from a sentence ending in "Jan".
//! The list is short on purpose: an entry costs a missed sentence boundary whenever the same
//! spelling ends a sentence as an ordinary word, so words that often do (`May`, `Sun`, `Bill`)
//! are left out, and capitalised entries only match capitalised words (`Ill.` but not `ill.`).

/// How an entry must be written to count.
#[derive(Clone, Copy)]
enum Style {
    /// Starts with an upper-case letter (`Gen`, `GEN`; not `gen`).
    Title,
    /// Any case (`etc`, `Etc`, `ETC`).
    AnyCase,
    /// Any case, and only when a number follows the period (`pp. 4-6`, `Fig. 3`).
    BeforeNumber,
    /// Capitalised, and only when a number follows (`No. 1`, but "said no. 6 was").
    TitleBeforeNumber,
}

/// The style of an abbreviation given in lower case, or `None`.
fn lookup(lower: &str) -> Option<Style> {
    use Style::{AnyCase, BeforeNumber, Title, TitleBeforeNumber};
    Some(match lower {
        // Titles and ranks.
        "mr" | "mrs" | "ms" | "messrs" | "dr" | "prof" | "gen" | "lt" | "col" | "maj" | "capt"
        | "cmdr" | "sgt" | "cpl" | "pvt" | "adm" | "brig" | "gov" | "sen" | "sens" | "rep"
        | "reps" | "rev" | "hon" | "pres" | "supt" | "insp" | "det" | "amb" | "atty" | "fr"
        | "sr" | "jr" | "esq" | "ph.d" => Title,
        // Places and addresses.
        "st" | "mt" | "ft" | "ave" | "blvd" | "hwy" => Title,
        // Months (not May, June, July: whole words) and week days (not Sun: a newspaper).
        "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov"
        | "dec" | "mon" | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" => {
            Title
        }
        // Companies and organisations.
        "inc" | "corp" | "co" | "cos" | "ltd" | "bros" | "dept" | "div" | "assn" | "intl"
        | "natl" | "govt" | "univ" => Title,
        // US states in AP style.
        "ala" | "ariz" | "ark" | "calif" | "colo" | "conn" | "del" | "fla" | "ga" | "ill"
        | "ind" | "kan" | "kans" | "ky" | "la" | "md" | "mass" | "mich" | "minn" | "miss"
        | "mo" | "mont" | "neb" | "nebr" | "nev" | "okla" | "ore" | "pa" | "tenn" | "tex"
        | "vt" | "va" | "wash" | "wis" | "wisc" | "wyo" => Title,
        // Latin and general abbreviations (e.g. and i.e. are initialisms).
        "etc" | "vs" | "cf" | "al" | "viz" | "approx" | "incl" | "esp" | "ca" => AnyCase,
        // Units that are written with a period.
        "lb" | "lbs" | "oz" | "sq" | "yr" | "yrs" | "hr" | "hrs" | "mos" => AnyCase,
        // Only abbreviations when a number follows: "No. 1" but "the answer is no."
        "no" | "nos" => TitleBeforeNumber,
        "vol" | "vols" | "art" | "fig" | "figs" | "p" | "pp" | "ch" | "op" => BeforeNumber,
        _ => return None,
    })
}

/// Whether `word` (the text before a period, without it) keeps the period.
///
/// `followed_by_number` is asked only for entries that need it.
pub(super) fn keeps_period(word: &str, followed_by_number: impl FnOnce() -> bool) -> bool {
    if is_initialism(word) || is_initial(word) {
        return true;
    }
    const MAX: usize = 8;
    if word.len() > MAX || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; MAX];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let Ok(lower) = std::str::from_utf8(lower) else {
        return false;
    };
    let capitalised = word.starts_with(|c: char| c.is_ascii_uppercase());
    match lookup(lower) {
        Some(Style::Title) => capitalised,
        Some(Style::AnyCase) => true,
        Some(Style::BeforeNumber) => followed_by_number(),
        Some(Style::TitleBeforeNumber) => capitalised && followed_by_number(),
        None => false,
    }
}

/// `U.S`, `p.m`, `e.g`: single letters joined by periods (UAX #29 already joined them).
fn is_initialism(word: &str) -> bool {
    let mut letters = 0;
    for piece in word.split('.') {
        let mut chars = piece.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => letters += 1,
            _ => return false,
        }
    }
    letters >= 2
}

/// A middle initial such as the `G` of "Alexus G. Grynkewich".
///
/// `I` is left out: "... and so did I." ends far more sentences than it abbreviates names.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase() && c != 'I')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialisms_and_initials() {
        for w in ["U.S", "U.K", "p.m", "a.m", "e.g", "i.e", "U.S.A", "G", "É"] {
            assert!(keeps_period(w, || false), "{w}");
        }
        for w in ["US", "Paris", "I", "g", "U.Sx", "ab.cd", "1.2", ""] {
            assert!(!keeps_period(w, || false), "{w}");
        }
    }

    #[test]
    fn list_respects_case_style() {
        for w in [
            "Gen", "GEN", "Jan", "Dec", "Dr", "Mr", "St", "Inc", "Corp", "Calif", "Ph.D",
        ] {
            assert!(keeps_period(w, || false), "{w}");
        }
        for w in ["gen", "ill", "sat", "mass", "May", "Sun", "Paris"] {
            assert!(!keeps_period(w, || false), "{w}");
        }
        assert!(keeps_period("etc", || false));
        assert!(keeps_period("Etc", || false));
    }

    #[test]
    fn number_abbreviations_need_a_number() {
        assert!(keeps_period("No", || true));
        assert!(!keeps_period("No", || false));
        assert!(keeps_period("pp", || true));
        assert!(keeps_period("NO", || true));
        assert!(!keeps_period("no", || true), "lower-case no is the word");
    }
}
