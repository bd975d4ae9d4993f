//! [`Stemmer`]: a panic-free Snowball stemmer for one language.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::panic;
use std::sync::{LazyLock, Once};

use crate::Language;
use crate::greek::{self, Sidestep};
use crate::language::COUNT;

/// One rust-stemmers stemmer per language, built once. A `rust_stemmers::Stemmer` is a
/// function pointer, so the table is tiny and every [`Stemmer`] just borrows from it.
static INNER: LazyLock<[rust_stemmers::Stemmer; COUNT]> = LazyLock::new(|| {
    std::array::from_fn(|i| rust_stemmers::Stemmer::create(Language::ALL[i].algorithm()))
});

/// A Snowball stemmer for one [`Language`] that never panics.
///
/// Cheap to create and to clone (a language and a reference to a static table), and
/// `Send + Sync`: share one between threads or give each its own, as you like.
///
/// ```
/// use lede_stem::{Language, Stemmer};
///
/// let stemmer = Stemmer::new(Language::English);
/// assert_eq!(stemmer.stem("running"), "run");
/// assert_eq!(stemmer.stem("generously"), "generous");
/// assert_eq!(Stemmer::new(Language::German).stem("häuser"), "haus");
/// ```
#[derive(Clone)]
pub struct Stemmer {
    language: Language,
    inner: &'static rust_stemmers::Stemmer,
}

impl Stemmer {
    /// A stemmer for `language`.
    pub fn new(language: Language) -> Self {
        Stemmer {
            language,
            inner: &INNER[language.index()],
        }
    }

    /// The language this stemmer stems.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The Snowball stem of `word`.
    ///
    /// `word` is expected to be one normalised word: lower-cased (Snowball's rules are
    /// written for lower case; upper-case letters are mostly left alone, except in Greek,
    /// whose stemmer lower-cases itself), NFKC, with ASCII apostrophes, as lede's
    /// tokenizer produces. Anything else is accepted too and never panics; the result is
    /// then just less useful.
    ///
    /// The result borrows from `word` whenever it can: when the word is its own stem and
    /// when the stem is a prefix of the word (plain suffix stripping, the usual case), so
    /// a [`Cow::Owned`] is returned only when the stem really differs from every prefix
    /// of the word (`"happy"` → `"happi"`). Nothing is allocated beyond what the
    /// underlying Snowball code allocates, except for the two respellings described in
    /// the [crate docs](crate#input) (Romanian `ș ț`, Russian `ё`).
    ///
    /// Guarantees: it never panics, and the stem of a non-empty word is non-empty (where
    /// the Snowball code would produce an empty stem, e.g. Greek `ισα`, the word is
    /// returned unchanged). rust-stemmers 1.2 panics on some Greek words; those are
    /// recognised beforehand and stemmed the way the rule intends, and any other panic
    /// is caught and the word returned unchanged — see the [crate docs](crate#never-panics).
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if word.is_empty() {
            return Cow::Borrowed(word);
        }
        let mut input = word;
        match self.language {
            Language::Greek => match greek::sidestep(word) {
                Some(Sidestep::Stem(stem)) => return Cow::Borrowed(stem),
                Some(Sidestep::StemInstead(prefix)) => input = prefix,
                None => {}
            },
            Language::Romanian if word.contains(ROMANIAN.from) => {
                return self.stem_respelled(word, &ROMANIAN);
            }
            Language::Russian if word.contains(RUSSIAN.from) => {
                return self.stem_respelled(word, &RUSSIAN);
            }
            _ => {}
        }
        let inner = self.inner;
        match guarded(|| inner.stem(input)) {
            Some(stem) => borrow_if_possible(word, stem),
            // Last line of defence: the word is its own stem.
            None => Cow::Borrowed(word),
        }
    }
}

thread_local! {
    /// Set while this thread runs stemmer code inside [`guarded`].
    static IN_GUARD: Cell<bool> = const { Cell::new(false) };
}

/// Set once the first guarded panic has been caught and the quiet hook installed.
static QUIET_HOOK: Once = Once::new();

/// Runs `f`, turning a panic into `None`.
///
/// The first panic caught in the process is reported by the panic hook as usual: it is
/// a signal worth a bug report. Then a filter is chained in front of the hook that
/// drops the report of every later panic raised inside `guarded` (on any thread), so
/// that a stream of bad words cannot flood the log or pay for a backtrace each;
/// every other panic still reaches the previous hook unchanged. Until a panic is
/// caught, the process's hook is not touched.
fn guarded<R>(f: impl FnOnce() -> R + panic::UnwindSafe) -> Option<R> {
    IN_GUARD.set(true);
    let result = panic::catch_unwind(f);
    IN_GUARD.set(false);
    match result {
        Ok(value) => Some(value),
        Err(_payload) => {
            QUIET_HOOK.call_once(|| {
                let previous = panic::take_hook();
                panic::set_hook(Box::new(move |info| {
                    if !IN_GUARD.get() {
                        previous(info);
                    }
                }));
            });
            None
        }
    }
}

/// A respelling applied before stemming, for letters that rust-stemmers 1.2's rules do
/// not know but current Snowball folds into ones they do. Every pair has the same UTF-8
/// length.
struct Respelling {
    from: &'static [char],
    to: &'static [char],
    /// Give the stem back in the spelling of the input.
    back: bool,
}

/// Romanian: comma-below `ș ț` (today's spelling) → cedilla `ş ţ` (the only one the
/// rules know), and back.
const ROMANIAN: Respelling = Respelling {
    from: &['ș', 'ț', 'Ș', 'Ț'],
    to: &['ş', 'ţ', 'Ş', 'Ţ'],
    back: true,
};

/// Russian: `ё` → `е`, as Snowball 2.0 and later do; stems are spelled with `е`, so
/// `идёт` and `идет` share one.
const RUSSIAN: Respelling = Respelling {
    from: &['ё', 'Ё'],
    to: &['е', 'Е'],
    back: false,
};

fn swap(s: &str, from: &[char], to: &[char]) -> String {
    s.chars()
        .map(|c| from.iter().position(|&f| f == c).map_or(c, |i| to[i]))
        .collect()
}

impl Stemmer {
    /// Stems `word` through its respelling (allocates; only for words that need it).
    #[cold]
    fn stem_respelled<'a>(&self, word: &'a str, respelling: &Respelling) -> Cow<'a, str> {
        let respelled = swap(word, respelling.from, respelling.to);
        let inner = self.inner;
        match guarded(|| inner.stem(&respelled).into_owned()) {
            Some(stem) if respelling.back => borrow_if_possible(
                word,
                Cow::Owned(swap(&stem, respelling.to, respelling.from)),
            ),
            Some(stem) => borrow_if_possible(word, Cow::Owned(stem)),
            None => Cow::Borrowed(word),
        }
    }
}

/// Turns the stem into a borrow from `word` where possible, and an empty stem into `word`.
fn borrow_if_possible<'a>(word: &'a str, stem: Cow<'a, str>) -> Cow<'a, str> {
    match stem {
        Cow::Borrowed("") => Cow::Borrowed(word),
        Cow::Borrowed(s) => Cow::Borrowed(s),
        Cow::Owned(s) if s.is_empty() => Cow::Borrowed(word),
        Cow::Owned(s) => match word.get(..s.len()) {
            Some(prefix) if prefix == s => Cow::Borrowed(prefix),
            _ => Cow::Owned(s),
        },
    }
}

impl fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stemmer")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl From<Language> for Stemmer {
    fn from(language: Language) -> Self {
        Stemmer::new(language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn is_send_sync_clone() {
        assert_shareable::<Stemmer>();
    }

    #[test]
    fn every_language_has_its_own_stemmer() {
        for &language in Language::ALL {
            let stemmer = Stemmer::new(language);
            assert_eq!(stemmer.language(), language);
            assert_eq!(stemmer.clone().language(), language);
            assert_eq!(Stemmer::from(language).language(), language);
        }
        assert_eq!(
            format!("{:?}", Stemmer::new(Language::Tamil)),
            "Stemmer { language: Tamil, .. }"
        );
    }

    #[test]
    fn stems_like_snowball() {
        let cases = [
            (Language::English, "running", "run"),
            (Language::English, "happiness", "happi"),
            (Language::English, "generously", "generous"),
            (Language::French, "continuellement", "continuel"),
            (Language::German, "aufeinanderfolgenden", "aufeinanderfolg"),
            (Language::Spanish, "chicharrones", "chicharron"),
            (Language::Russian, "вечерами", "вечер"),
            (Language::Greek, "πατέρες", "πατερ"),
            (Language::Turkish, "kitaplardan", "kitap"),
        ];
        for (language, word, stem) in cases {
            assert_eq!(Stemmer::new(language).stem(word), stem, "{language} {word}");
        }
    }

    #[test]
    fn borrows_when_the_stem_is_a_prefix() {
        let english = Stemmer::new(Language::English);
        assert!(matches!(english.stem("running"), Cow::Borrowed("run")));
        assert!(matches!(english.stem("run"), Cow::Borrowed("run")));
        assert!(matches!(english.stem("happy"), Cow::Owned(s) if s == "happi"));
        assert!(matches!(english.stem(""), Cow::Borrowed("")));
    }

    #[test]
    fn romanian_comma_below_stems_like_cedilla() {
        let romanian = Stemmer::new(Language::Romanian);
        // Same word, legacy cedilla and current comma-below spelling.
        assert_eq!(romanian.stem("ştiinţele"), "ştiinţ");
        assert_eq!(romanian.stem("științele"), "științ");
        assert!(matches!(romanian.stem("științele"), Cow::Borrowed(_)));
        assert_eq!(romanian.stem("organizațiile"), "organiz");
        assert_eq!(romanian.stem("organizaţiile"), "organiz");
    }

    #[test]
    fn russian_yo_stems_like_ye() {
        let russian = Stemmer::new(Language::Russian);
        assert_eq!(russian.stem("идёт"), "идет");
        assert_eq!(russian.stem("идет"), "идет");
        assert_eq!(russian.stem("пришёл"), "пришел");
        assert_eq!(russian.stem("своём"), "сво");
        assert_eq!(russian.stem("ёлками"), "елк");
    }

    #[test]
    fn empty_stems_become_the_word() {
        // rust-stemmers 1.2's Greek stemmer deletes the whole word "ισα".
        assert_eq!(
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Greek).stem("ισα"),
            ""
        );
        assert_eq!(Stemmer::new(Language::Greek).stem("ισα"), "ισα");
    }
}
