//! `Stemmer::stem` never panics: regression tests for the inputs that crash
//! rust-stemmers 1.2, and property tests over arbitrary strings for every language.
//!
//! Run in release mode too (`cargo test -p lede-stem --release`): the guard must not
//! depend on debug assertions.

use std::panic;

use lede_stem::{Language, Stemmer};
use proptest::prelude::*;

/// Whether rust-stemmers 1.2 itself panics on `word` (the bug these tests guard against).
fn raw_greek_panics(word: &str) -> bool {
    let raw = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Greek);
    panic::catch_unwind(|| raw.stem(word).into_owned()).is_err()
}

fn greek(word: &str) -> String {
    Stemmer::new(Language::Greek).stem(word).into_owned()
}

// --- steps3: `'ισα' atlimit <- 'ισ'` runs after `delete` without a `[ ]` of its own and
// replaces the old suffix range, which now lies past the end of the 3-letter word:
// "end byte index 12 is out of bounds of `ισα`". Snowball issue #204.

#[test]
fn steps3_isaisa() {
    // ισα + suffix ισα: the smallest input that panics.
    assert!(raw_greek_panics("ισαισα"));
    assert_eq!(greek("ισαισα"), "ισα");
}

#[test]
fn steps3_every_suffix() {
    for suffix in ["ισα", "ισες", "ισε", "ισαμε", "ισατε", "ισαν", "ισανε"]
    {
        let word = format!("ισα{suffix}");
        assert!(raw_greek_panics(&word), "{word}");
        assert_eq!(greek(&word), "ισα", "{word}");
    }
}

#[test]
fn steps3_accented_and_upper_case() {
    // The stemmer folds case and accents before the buggy step, so these crash too.
    for word in ["ίσαισα", "ισαίσα", "ΙΣΑΙΣΑ", "ΊΣΑΙΣΕΣ", "ισαισεσ"]
    {
        assert!(raw_greek_panics(word), "{word}");
        assert_eq!(greek(word), "ισα", "{word}");
    }
}

// --- step5c: `… or [substring] atlimit among (…)` parses as `(… or [) substring …`, so
// after the first or second alternative has rewritten X+M+"ετε" to X+M+"ετ", the third
// `among` still matches the prefix X at the start of the word and slices up to a `ket`
// left over from the rewrite: "end byte index 14 is out of bounds of `θρονετ`".

#[test]
fn step5c_thronete() {
    // θ + ρον + ετε (found by fuzzing real Greek stems with Snowball suffixes).
    assert!(raw_greek_panics("θρονετε"));
    assert_eq!(greek("θρονετε"), "θρονετ");
}

#[test]
fn step5c_antithete() {
    // αν + τιθ + ετε: "αντίθετε" — the input of lance-format/lance#5235 ("byte index 16
    // is out of bounds of `αντιθετ`").
    for word in ["αντιθετε", "αντιθέτε", "αντίθετε", "ΑΝΤΙΘΕΤΕ", "αντιθετΈ"]
    {
        assert!(raw_greek_panics(word), "{word}");
        assert_eq!(greek(word), "αντιθετ", "{word}");
    }
}

#[test]
fn step5c_emvolete_yainete_anyperthete() {
    // εμ + βολ, υ + αιν, αν + υπερθ: more prefixes and stems from the same two lists.
    for (word, stem) in [
        ("εμβολετε", "εμβολετ"),
        ("υαινετε", "υαινετ"),
        ("ανυπέρθετε", "ανυπερθετ"),
    ] {
        assert!(raw_greek_panics(word), "{word}");
        assert_eq!(greek(word), stem, "{word}");
    }
}

#[test]
fn step5c_every_prefix_and_stem() {
    // All 25 prefixes × (6 vowels + 31 stems): 675 of these 925 words panic in
    // rust-stemmers 1.2, the other 250 come out garbled (σερπαετε → σερπαεεττ). Each is
    // stemmed as the word without its final ε.
    #[rustfmt::skip]
    let prefixes = [
        "σερπ", "κοπ", "θαρρ", "ντρ", "αβαρ", "εναρ", "αβρ", "μπορ", "υ", "συρφ", "νιφ", "παγ", "δ",
        "αδ", "θ", "αθ", "σκ", "τοκ", "απλ", "παρακαλ", "σκελ", "εμ", "αν", "βεν", "βαρον",
    ];
    #[rustfmt::skip]
    let middles = [
        "α", "ε", "η", "ι", "ο", "ω", "πυρ", "ευρ", "χωρ", "βαρ", "βρ", "αιρ", "φορ", "νετ", "σχ",
        "συνδ", "ενδ", "οδ", "υπερθ", "σθ", "ευθ", "ραθ", "ταθ", "διαθ", "καθ", "τιθ", "εκθ",
        "συνθ", "ενθ", "ροθ", "αρκ", "ωφελ", "βολ", "συν", "αιν", "πον", "ρον",
    ];
    let stemmer = Stemmer::new(Language::Greek);
    let raw = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Greek);
    let mut panicked = 0;
    for x in prefixes {
        for m in middles {
            let word = format!("{x}{m}ετε");
            let without_e = &word[..word.len() - 'ε'.len_utf8()];
            let expected = stemmer.stem(without_e).into_owned();
            match panic::catch_unwind(|| raw.stem(&word).into_owned()) {
                Err(_) => panicked += 1,
                Ok(garbled) => assert_ne!(garbled, expected, "{word}: not garbled?"),
            }
            assert_eq!(stemmer.stem(&word), expected, "{word}");
        }
    }
    assert_eq!(panicked, 675);
}

#[test]
fn stacked_suffixes_are_caught() {
    // Non-words where an earlier step strips an outer suffix and leaves one of the two
    // shapes for steps3/step5c: the sidestep does not see them, catch_unwind does, and
    // the word comes back unchanged.
    for word in [
        "ισαισαιζεισ",
        "ισαισαμεωθηκε",
        "θρονετεισα",
        "συρφροθετεισα",
        "Δκαθετειστα",
        "παρακαλαινετεηκανε",
    ] {
        assert!(raw_greek_panics(word), "{word}");
        assert_eq!(greek(word), word, "{word}");
    }
}

#[test]
fn real_words_near_the_shapes_are_stemmed_normally() {
    // Start like a step5c shape but are not one; rust-stemmers handles them.
    for (word, stem) in [
        ("διετέλεσε", "διετελεσ"),
        ("αντίθετες", "αντιθετ"),
        ("θελετε", "θελ"),
    ] {
        assert!(!raw_greek_panics(word), "{word}");
        assert_eq!(greek(word), stem, "{word}");
    }
}

#[test]
fn guard_survives_many_panics_on_many_threads() {
    // The quiet hook is installed after the first caught panic; later ones are silent,
    // and stemming keeps working on every thread.
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                let stemmer = Stemmer::new(Language::Greek);
                for _ in 0..200 {
                    assert_eq!(stemmer.stem("ισαισαιζεισ"), "ισαισαιζεισ");
                    assert_eq!(stemmer.stem("πατέρες"), "πατερ");
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("stemming thread panicked");
    }
    // A panic outside the guard still panics (and is reported) as usual.
    let outside = panic::catch_unwind(|| panic!("not ours"));
    assert!(outside.is_err());
}

// --- Property tests: every language, arbitrary input.

/// Characters of each script the stemmers care about, with accents, final forms and a
/// few intruders (ASCII, digits, apostrophes, combining marks).
fn script_chars(language: Language) -> &'static str {
    match language {
        Language::Greek => "αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώΐΰϊϋΑΕΙΟΣΩΆΈΉΊΌΎΏ",
        Language::Russian => "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        Language::Arabic => "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةىًٌٍَُِّْ",
        Language::Tamil => "அஆஇஈஉஊஎஏஐஒஓஔகஙசஞடணதநபமயரலவழளறனஜஷஸஹ்ாிீுூெேைொோௌ",
        Language::Turkish => "abcçdefgğhıijklmnoöprsştuüvyzâî",
        Language::Hungarian => "aábcdeéfghiíjklmnoóöőpqrstuúüűvwxyz",
        Language::Romanian => "aăâbcdefghiîjklmnopqrsșştțţuvwxyz",
        _ => "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿæœßåøáíóúñãõ",
    }
}

fn word_in(language: Language) -> impl Strategy<Value = String> {
    let chars: Vec<char> = script_chars(language)
        .chars()
        .chain("a1'-\u{301}".chars())
        .collect();
    prop::collection::vec(prop::sample::select(chars), 1..20)
        .prop_map(|cs| cs.into_iter().collect())
}

fn language_and_word() -> impl Strategy<Value = (Language, String)> {
    (0..Language::ALL.len()).prop_flat_map(|i| {
        let language = Language::ALL[i];
        (Just(language), word_in(language))
    })
}

/// Greek words built from the strings of the Snowball rules themselves, the way the
/// crashing inputs were found.
fn greek_suffix_soup() -> impl Strategy<Value = String> {
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "ισα", "ισες", "ισε", "ισαμε", "ισατε", "ισαν", "ισανε", "ετε", "ησετε", "θ", "αν", "υ", "δ",
        "εμ", "ρον", "τιθ", "βολ", "αιν", "υπερθ", "ιζεισ", "ωθηκε", "ηκανε", "ουσα", "αγαμε",
        "ιστα", "ματα", "οντας", "ε", "α", "ς", "ά", "έ", "Σ",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 1..5).prop_map(|ps| ps.concat())
}

fn check(language: Language, word: &str) -> Result<(), TestCaseError> {
    let stem = Stemmer::new(language).stem(word);
    prop_assert!(
        !stem.is_empty() || word.is_empty(),
        "{language}: empty stem for {word:?}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics(word in any::<String>()) {
        for &language in Language::ALL {
            check(language, &word)?;
        }
    }

    #[test]
    fn arbitrary_words_in_each_script_never_panic((language, word) in language_and_word()) {
        check(language, &word)?;
    }

    #[test]
    fn greek_suffix_soup_never_panics(word in greek_suffix_soup()) {
        check(Language::Greek, &word)?;
    }

    #[test]
    fn owned_only_when_not_a_prefix((language, word) in language_and_word()) {
        if let std::borrow::Cow::Owned(stem) = Stemmer::new(language).stem(&word) {
            prop_assert!(!word.starts_with(stem.as_str()), "{language}: {word:?} -> {stem:?}");
        }
    }
}
