//! The [`Language`] enum: every language that has a Snowball stemmer here.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A language with a Snowball stemmer and a stop-word list.
///
/// Parse one from an ISO 639-1 code or its English name with [`str::parse`]
/// (case-insensitive, surrounding white space ignored); print it with
/// [`Display`](fmt::Display), which writes the English name, so that printing and
/// parsing round-trip:
///
/// ```
/// use lede_stem::Language;
///
/// let fr: Language = "FR".parse()?;
/// assert_eq!(fr, Language::French);
/// assert_eq!(fr.iso_code(), "fr");
/// assert_eq!(fr.to_string(), "french");
/// assert_eq!(" Norwegian ".parse::<Language>()?, Language::Norwegian);
/// assert_eq!("nb".parse::<Language>()?, Language::Norwegian);
/// # Ok::<(), lede_stem::Error>(())
/// ```
///
/// Norwegian is parsed from `no` (the macrolanguage, which is what Snowball's
/// stemmer and NLTK's list call "Norwegian"), from `nb` (Bokmål, the written standard
/// the stemmer and the list are made for) and from `norwegian`; its
/// [`iso_code`](Language::iso_code) is `no`. `nn` (Nynorsk) is not accepted: the
/// stemmer's rules and the stop-word list are Bokmål.
///
/// The enum is `#[non_exhaustive]`: newer Snowball releases have more languages, and
/// adding one is not a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Language {
    /// Arabic (`ar`).
    Arabic,
    /// Danish (`da`).
    Danish,
    /// Dutch (`nl`).
    Dutch,
    /// English (`en`), Snowball's "Porter2" stemmer.
    English,
    /// Finnish (`fi`).
    Finnish,
    /// French (`fr`).
    French,
    /// German (`de`).
    German,
    /// Modern Greek (`el`).
    Greek,
    /// Hungarian (`hu`).
    Hungarian,
    /// Italian (`it`).
    Italian,
    /// Norwegian Bokmål (`no`; `nb` is accepted when parsing).
    Norwegian,
    /// Portuguese (`pt`).
    Portuguese,
    /// Romanian (`ro`).
    Romanian,
    /// Russian (`ru`).
    Russian,
    /// Spanish (`es`).
    Spanish,
    /// Swedish (`sv`).
    Swedish,
    /// Tamil (`ta`).
    Tamil,
    /// Turkish (`tr`).
    Turkish,
}

/// Number of languages; the length of [`Language::ALL`].
pub(crate) const COUNT: usize = 18;

/// `(language, ISO 639-1 code, English name)`, in the order of the enum.
const TABLE: [(Language, &str, &str); COUNT] = [
    (Language::Arabic, "ar", "arabic"),
    (Language::Danish, "da", "danish"),
    (Language::Dutch, "nl", "dutch"),
    (Language::English, "en", "english"),
    (Language::Finnish, "fi", "finnish"),
    (Language::French, "fr", "french"),
    (Language::German, "de", "german"),
    (Language::Greek, "el", "greek"),
    (Language::Hungarian, "hu", "hungarian"),
    (Language::Italian, "it", "italian"),
    (Language::Norwegian, "no", "norwegian"),
    (Language::Portuguese, "pt", "portuguese"),
    (Language::Romanian, "ro", "romanian"),
    (Language::Russian, "ru", "russian"),
    (Language::Spanish, "es", "spanish"),
    (Language::Swedish, "sv", "swedish"),
    (Language::Tamil, "ta", "tamil"),
    (Language::Turkish, "tr", "turkish"),
];

/// Extra spellings accepted by [`FromStr`] besides the codes and names in `TABLE`.
const ALIASES: [(&str, Language); 1] = [("nb", Language::Norwegian)];

const ALL: [Language; COUNT] = {
    let mut all = [Language::Arabic; COUNT];
    let mut i = 0;
    while i < COUNT {
        all[i] = TABLE[i].0;
        i += 1;
    }
    all
};

impl Language {
    /// Every supported language, in alphabetical order of the English name.
    pub const ALL: &'static [Language] = &ALL;

    /// Position of the language in [`Language::ALL`] (used to index per-language tables).
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The ISO 639-1 code, lower-case: `"en"` for English, `"no"` for Norwegian.
    pub const fn iso_code(self) -> &'static str {
        TABLE[self.index()].1
    }

    /// The English name, lower-case: `"english"`. This is what `Display` writes.
    pub const fn name(self) -> &'static str {
        TABLE[self.index()].2
    }

    /// The rust-stemmers algorithm behind this language (kept out of the public API).
    pub(crate) const fn algorithm(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            Language::Arabic => A::Arabic,
            Language::Danish => A::Danish,
            Language::Dutch => A::Dutch,
            Language::English => A::English,
            Language::Finnish => A::Finnish,
            Language::French => A::French,
            Language::German => A::German,
            Language::Greek => A::Greek,
            Language::Hungarian => A::Hungarian,
            Language::Italian => A::Italian,
            Language::Norwegian => A::Norwegian,
            Language::Portuguese => A::Portuguese,
            Language::Romanian => A::Romanian,
            Language::Russian => A::Russian,
            Language::Spanish => A::Spanish,
            Language::Swedish => A::Swedish,
            Language::Tamil => A::Tamil,
            Language::Turkish => A::Turkish,
        }
    }

    /// Writes the valid spellings for an error message:
    /// `ar (arabic), da (danish), …, no (norwegian, also nb), …`.
    pub(crate) fn write_expected(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (language, code, name)) in TABLE.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{code} ({name}")?;
            for (alias, _) in ALIASES.iter().filter(|(_, l)| l == language) {
                write!(f, ", also {alias}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for Language {
    /// Writes the English name (`english`), which [`FromStr`] parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = Error;

    /// Parses an ISO 639-1 code (`en`) or an English name (`English`), ignoring case and
    /// surrounding white space; `nb` is accepted for Norwegian.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim();
        TABLE
            .iter()
            .find(|(_, code, name)| {
                key.eq_ignore_ascii_case(code) || key.eq_ignore_ascii_case(name)
            })
            .map(|(language, _, _)| *language)
            .or_else(|| {
                ALIASES
                    .iter()
                    .find(|(alias, _)| key.eq_ignore_ascii_case(alias))
                    .map(|(_, language)| *language)
            })
            .ok_or_else(|| Error::UnknownLanguage {
                input: s.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_enum_order_and_alphabetical() {
        for (i, (language, _, _)) in TABLE.iter().enumerate() {
            assert_eq!(language.index(), i, "{language:?}");
        }
        let names: Vec<&str> = Language::ALL.iter().map(|l| l.name()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        assert_eq!(Language::ALL.len(), COUNT);
    }

    #[test]
    fn codes_and_names_round_trip() {
        for &language in Language::ALL {
            assert_eq!(language.iso_code().parse::<Language>().unwrap(), language);
            assert_eq!(language.name().parse::<Language>().unwrap(), language);
            assert_eq!(language.to_string().parse::<Language>().unwrap(), language);
            assert_eq!(language.iso_code().len(), 2);
            assert_eq!(
                language.iso_code(),
                language.iso_code().to_ascii_lowercase()
            );
            assert_eq!(language.name(), language.name().to_ascii_lowercase());
        }
    }

    #[test]
    fn parsing_ignores_case_and_white_space() {
        assert_eq!("EN".parse::<Language>().unwrap(), Language::English);
        assert_eq!("English".parse::<Language>().unwrap(), Language::English);
        assert_eq!(
            "  gErMaN\t\n".parse::<Language>().unwrap(),
            Language::German
        );
        assert_eq!("el".parse::<Language>().unwrap(), Language::Greek);
    }

    #[test]
    fn norwegian_aliases() {
        for s in ["no", "nb", "NB", "norwegian"] {
            assert_eq!(s.parse::<Language>().unwrap(), Language::Norwegian, "{s}");
        }
        assert_eq!(Language::Norwegian.iso_code(), "no");
        assert!("nn".parse::<Language>().is_err());
    }

    #[test]
    fn unknown_language_lists_the_valid_ones() {
        let err = "klingon".parse::<Language>().unwrap_err();
        assert_eq!(
            err,
            Error::UnknownLanguage {
                input: "klingon".into()
            }
        );
        let message = err.to_string();
        assert!(
            message.starts_with(
                "unknown language \"klingon\": expected one of ar (arabic), da (danish), "
            ),
            "{message}"
        );
        assert!(message.contains("no (norwegian, also nb)"), "{message}");
        assert!(message.ends_with("tr (turkish)"), "{message}");
        for &language in Language::ALL {
            assert!(message.contains(language.iso_code()));
            assert!(message.contains(language.name()));
        }
    }

    #[test]
    fn empty_and_partial_inputs_are_errors() {
        for s in [
            "",
            "  ",
            "e",
            "eng",
            "englishx",
            "en-US",
            "english language",
        ] {
            assert!(s.parse::<Language>().is_err(), "{s:?}");
        }
    }
}
