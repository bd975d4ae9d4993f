use super::*;
use crate::paragraphs;
use proptest::prelude::*;

fn split(text: &str) -> Vec<&str> {
    sentences(text).map(|s| s.text).collect()
}

fn split_with(mode: LineBreaks, text: &str) -> Vec<&str> {
    SentenceSplitter::new()
        .line_breaks(mode)
        .split(text)
        .map(|s| s.text)
        .collect()
}

#[test]
fn empty_and_blank_input() {
    assert!(split("").is_empty());
    assert!(split(" \n\t\u{a0}\u{2029} ").is_empty());
    assert_eq!(split("  word  "), ["word"]);
}

#[test]
fn spans_are_byte_offsets_into_the_input() {
    let text = "  Élysée said so.  “Fine,” he said.\n\nNext";
    let found: Vec<Sentence<'_>> = sentences(text).collect();
    assert_eq!(found.len(), 3);
    for s in &found {
        assert_eq!(&text[s.span.range()], s.text);
    }
    assert_eq!(found[0].span, Span::new(2, 19));
}

#[test]
fn line_break_modes() {
    let text = "Markets rally\nStocks rose.\nBonds fell.\n\nThe envoy met with\nPresident Lee in\nGeneva. He left.";
    assert_eq!(
        split_with(LineBreaks::Auto, text),
        [
            "Markets rally",
            "Stocks rose.",
            "Bonds fell.",
            "The envoy met with\nPresident Lee in\nGeneva.",
            "He left."
        ]
    );
    assert_eq!(
        split_with(LineBreaks::Space, text),
        [
            "Markets rally\nStocks rose.",
            "Bonds fell.",
            "The envoy met with\nPresident Lee in\nGeneva.",
            "He left."
        ]
    );
    assert_eq!(
        split_with(LineBreaks::Always, text),
        [
            "Markets rally",
            "Stocks rose.",
            "Bonds fell.",
            "The envoy met with",
            "President Lee in",
            "Geneva.",
            "He left."
        ]
    );
    // A blank line ends a sentence in every mode.
    for mode in [LineBreaks::Auto, LineBreaks::Space, LineBreaks::Always] {
        assert_eq!(split_with(mode, "one two\n \nthree"), ["one two", "three"]);
    }
}

#[test]
fn auto_line_breaks() {
    // Headline, then body.
    assert_eq!(
        split("Talks stall in Geneva\nDelegates left early."),
        ["Talks stall in Geneva", "Delegates left early."]
    );
    // The text plainly runs on: lower case, comma, hyphen, article at the line end.
    assert_eq!(
        split("It was,\nHe said, fine."),
        ["It was,\nHe said, fine."]
    );
    assert_eq!(split("a long-\nTerm plan"), ["a long-\nTerm plan"]);
    assert_eq!(split("He met the\nPresident."), ["He met the\nPresident."]);
    assert_eq!(split("He left\nearly."), ["He left\nearly."]);
    // A list item on the next line always starts anew.
    assert_eq!(
        split("Agenda:\n1. Budget\n2. Vote"),
        ["Agenda:", "1. Budget", "2. Vote"]
    );
    assert_eq!(
        split("Bring:\n- water\n- food"),
        ["Bring:", "- water", "- food"]
    );
    // Terminal punctuation at a line end: the layout wins over the abbreviation list...
    assert_eq!(
        split("Aid came from the U.S.\nPresident Lee thanked them."),
        ["Aid came from the U.S.", "President Lee thanked them."]
    );
    // ... but not over a title, nor over a lower-case continuation.
    assert_eq!(
        split("It was Gen.\nSmith who spoke."),
        ["It was Gen.\nSmith who spoke."]
    );
    assert_eq!(
        split("In the U.S.\nthey agreed."),
        ["In the U.S.\nthey agreed."]
    );
    // One visible run-on line break marks the whole paragraph as hard-wrapped...
    assert_eq!(
        split("The minister met\nPresident Lee on Monday and said the talks\nwent well."),
        ["The minister met\nPresident Lee on Monday and said the talks\nwent well."]
    );
    // ... where list items still start anew.
    assert_eq!(
        split("We need three things for\nthe trip:\n1. Water\n2. Food"),
        ["We need three things for\nthe trip:", "1. Water", "2. Food"]
    );
    // The decision is per paragraph.
    assert_eq!(
        split("Headline here\nBody.\n\nWrapped text that\ngoes on. Then\nMore."),
        [
            "Headline here",
            "Body.",
            "Wrapped text that\ngoes on.",
            "Then\nMore."
        ]
    );
    // Windows line ends and Unicode separators behave the same.
    assert_eq!(
        split("Headline\r\nBody text.\r\n\r\nNext."),
        ["Headline", "Body text.", "Next."]
    );
    assert_eq!(
        split("Headline\u{2028}Body.\u{2029}Next."),
        ["Headline", "Body.", "Next."]
    );
}

#[test]
fn abbreviations_and_starters() {
    assert_eq!(
        split("Aid from the U.S. The next day it rose."),
        ["Aid from the U.S.", "The next day it rose."]
    );
    assert_eq!(
        split("The U.S. Special Envoy came."),
        ["The U.S. Special Envoy came."]
    );
    assert_eq!(
        split("Sales at Acme Inc. Don't ask why."),
        ["Sales at Acme Inc.", "Don't ask why."]
    );
    assert_eq!(
        split("Ask Kim and co. Mr. Lee knows."),
        ["Ask Kim and co.", "Mr. Lee knows."]
    );
    assert_eq!(
        split("It is rated BB by Fitch Corp. Jones Securities led the deal."),
        [
            "It is rated BB by Fitch Corp.",
            "Jones Securities led the deal."
        ]
    );
    assert_eq!(
        split("Acme Inc. CEO Jane Roe and Beta Co. Ltd. agreed."),
        ["Acme Inc. CEO Jane Roe and Beta Co. Ltd. agreed."]
    );
    assert_eq!(
        split("Read p. 5 and Fig. 3 of Vol. 2."),
        ["Read p. 5 and Fig. 3 of Vol. 2."]
    );
    assert_eq!(
        split("He met Lt.-Gen. Ivan Petrov."),
        ["He met Lt.-Gen. Ivan Petrov."]
    );
    assert_eq!(
        split("She lives in Miami, Fla. The house is new."),
        ["She lives in Miami, Fla.", "The house is new."]
    );
    // Months stand before a day.
    assert_eq!(
        split("Exports rose in Jan. Imports fell on Feb. 3 and Sept. 14."),
        [
            "Exports rose in Jan.",
            "Imports fell on Feb. 3 and Sept. 14."
        ]
    );
    // Common words are not abbreviations in lower case.
    assert_eq!(
        split("I love art. Paintings calm me."),
        ["I love art.", "Paintings calm me."]
    );
    assert_eq!(
        split("He said no. Mary left."),
        ["He said no.", "Mary left."]
    );
    // Initial "A." is not the article "A".
    assert_eq!(split("By J. A. Smith."), ["By J. A. Smith."]);
}

#[test]
fn times() {
    assert_eq!(
        split("Shortly after 6 a.m. Ms. Diaz opened the gates."),
        ["Shortly after 6 a.m. Ms. Diaz opened the gates."]
    );
    assert_eq!(
        split("Polls close at 8 p.m. ET on Tuesday."),
        ["Polls close at 8 p.m. ET on Tuesday."]
    );
    assert_eq!(
        split("Polls closed at 8 p.m. Results came at 11 p.m."),
        ["Polls closed at 8 p.m.", "Results came at 11 p.m."]
    );
}

#[test]
fn quotes() {
    assert_eq!(
        split("“We are ready. We will go,” he said. Then he left."),
        ["“We are ready. We will go,” he said.", "Then he left."]
    );
    assert_eq!(
        split("\"Go. Now.\" She went."),
        ["\"Go. Now.\"", "She went."]
    );
    // A quote that does not close within the paragraph does not hold sentences together.
    assert_eq!(
        split("“We are ready. We will go.\n\n“More later.”"),
        ["“We are ready.", "We will go.", "“More later.”"]
    );
    assert_eq!(
        split("(See the annex.) It lists all."),
        ["(See the annex.)", "It lists all."]
    );
}

#[test]
fn lists_and_bullets() {
    assert_eq!(
        split("1) eggs 2) milk 3) bread"),
        ["1) eggs", "2) milk", "3) bread"]
    );
    assert_eq!(
        split("x. one y. two z. three"),
        ["x. one", "y. two", "z. three"]
    );
    assert_eq!(
        split("News • Sport • Weather"),
        ["News", "• Sport", "• Weather"]
    );
    // Not a list: the number is not a successor.
    assert_eq!(split("1. Add 3 cups 5. Stir"), ["1. Add 3 cups 5.", "Stir"]);
}

#[test]
fn inline_lists_inside_sentences() {
    // The first marker, followed by its successor, starts a list: the text before it ends.
    assert_eq!(
        split("Pick h) or i) or j)? Choose: h) one i) two j) three"),
        ["Pick h) or i) or j)?", "Choose: h) one i) two j) three"]
    );
    assert_eq!(
        split("Steps: i) wait ii) go"),
        ["Steps:", "i) wait", "ii) go"]
    );
    assert_eq!(
        split("Steps: a) one b) two"),
        ["Steps:", "a) one", "b) two"]
    );
    assert_eq!(
        split("xix) nineteen xx) twenty"),
        ["xix) nineteen", "xx) twenty"]
    );
    // Cited markers are not a list.
    assert_eq!(
        split("Under sections (a) and (b) of the act, fines rise."),
        ["Under sections (a) and (b) of the act, fines rise."]
    );
    assert_eq!(
        split("Use forms 1) to 2) only."),
        ["Use forms 1) to 2) only."]
    );
    assert_eq!(
        split("Choose option a) if you live alone, or option b) otherwise."),
        ["Choose option a) if you live alone, or option b) otherwise."]
    );
    assert_eq!(
        split("Option 1) is cheaper than option 2) in most cases."),
        ["Option 1) is cheaper than option 2) in most cases."]
    );
    // Nor is a lone marker, or a second list that starts in another paragraph.
    assert_eq!(split("Choose a) now."), ["Choose a) now."]);
    assert_eq!(
        split("Choose a) now.\n\nb) Later."),
        ["Choose a) now.", "b) Later."]
    );
    // Upper-case letters with a period are names, not lists.
    assert_eq!(
        split("They chose Plan A. Plan B. Both failed."),
        ["They chose Plan A. Plan B.", "Both failed."]
    );
    // Mixed styles and cases do not continue each other.
    assert_eq!(split("See i) this II) that"), ["See i) this II) that"]);
    assert_eq!(split("See a) this (b) that"), ["See a) this (b) that"]);
    // Not roman numerals, not markers.
    assert_eq!(split("The iix) and vv) rows."), ["The iix) and vv) rows."]);
    // Emoticons and closing brackets are no markers.
    assert_eq!(
        split("Fine :) he said (really)."),
        ["Fine :) he said (really)."]
    );
}

#[test]
fn html_tags() {
    assert_eq!(
        split("<p>One.</p><p>Two.</p>"),
        ["<p>One.</p>", "<p>Two.</p>"]
    );
    assert_eq!(
        split("He said <em>no.</em> and left."),
        ["He said <em>no.</em> and left."]
    );
    // A tag after an abbreviation is decided as white space would be.
    assert_eq!(split("He met Dr.<br>Smith."), ["He met Dr.<br>Smith."]);
    // Not tags: a comparison, an unclosed bracket, a tag too long to be one.
    assert_eq!(split("Use x.<y for that."), ["Use x.<y for that."]);
    assert_eq!(split("It rose.<3 fans."), ["It rose.<3 fans."]);
    // The end of a block element ends a sentence, with or without punctuation.
    assert_eq!(
        split("<h2>Rates rise</h2>\n<p>Stocks fell</p><p>bonds rose.</p></div>"),
        [
            "<h2>Rates rise</h2>",
            "<p>Stocks fell</p>",
            "<p>bonds rose.</p></div>"
        ]
    );
    assert_eq!(
        split("He said <span>no.</span> and left."),
        ["He said <span>no.</span> and left."]
    );
    // Reuters' company names in angle brackets are text.
    assert_eq!(
        split("Brokers bought U.S. bonds. <Nomura Securities Inc> and <A Co Inc> sold."),
        [
            "Brokers bought U.S. bonds.",
            "<Nomura Securities Inc> and <A Co Inc> sold."
        ]
    );
    assert_eq!(
        split("Shares fell.<BR>Bonds rose.<br />Gold was flat.<img src=\"x.png\" alt=\"\">"),
        [
            "Shares fell.",
            "<BR>Bonds rose.",
            "<br />Gold was flat.<img src=\"x.png\" alt=\"\">"
        ]
    );
    // Area codes are no list markers.
    assert_eq!(
        split("Larry Mack\n(408) 426-5858\nmack@example.com"),
        ["Larry Mack\n(408) 426-5858\nmack@example.com"]
    );
    let long = format!("It rose.<a {}>Then fell.", "b".repeat(300));
    assert_eq!(split(&long).len(), 1);
}

#[test]
fn other_scripts() {
    assert_eq!(
        split("今天下雨。我们在家！你呢？"),
        ["今天下雨。", "我们在家！", "你呢？"]
    );
    assert_eq!(
        split("「行こう。」彼は言った。"),
        ["「行こう。」", "彼は言った。"]
    );
    assert_eq!(
        split("१२．५ प्रतिशत। अगला वाक्य।"),
        ["१२．५ प्रतिशत।", "अगला वाक्य।"]
    );
    assert_eq!(split("Ça va? Très bien."), ["Ça va?", "Très bien."]);
    assert_eq!(split("هل أنت بخير؟ نعم."), ["هل أنت بخير؟", "نعم."]);
}

#[test]
fn paragraph_sentences_use_input_offsets() {
    let text = "Head line\n\nFirst one. Second one.\n\nLast.";
    let from_paragraphs: Vec<Sentence<'_>> = paragraphs(text).flat_map(|p| p.sentences()).collect();
    let direct: Vec<Sentence<'_>> = sentences(text).collect();
    assert_eq!(from_paragraphs, direct);
    assert_eq!(direct.len(), 4);
}

#[test]
fn long_inputs_stay_linear() {
    // Pathological shapes that a careless scanner would make quadratic; these only need
    // to finish (no timing asserted).
    let dots = ".".repeat(200_000);
    assert_eq!(split(&dots).len(), 1);
    let spaced = ". ".repeat(100_000);
    assert_eq!(split(&spaced).len(), 1);
    let quote = format!("“{}", "Yes. ".repeat(50_000));
    assert_eq!(split(&quote).len(), 50_000);
    let closed = format!("“{}”", "Yes. ".repeat(50_000));
    assert_eq!(split(&closed).len(), 1);
    let abbrevs = "U.S. ".repeat(50_000);
    assert_eq!(split(&abbrevs).len(), 1);
    let list = format!("1. {}", "a ".repeat(100_000));
    assert_eq!(split(&list).len(), 1);
    let firsts = "(a) ".repeat(50_000);
    assert_eq!(split(&firsts).len(), 1);
    let firsts = "x a. ".repeat(50_000);
    assert_eq!(split(&firsts).len(), 1);
    let tags = "It rose.<b ".repeat(50_000);
    assert_eq!(split(&tags).len(), 1);
    let tags = "<p>".repeat(100_000);
    assert_eq!(split(&tags).len(), 1);
}

/// Checks every documented invariant of `sentences` (and of `paragraphs`) on `input`.
fn check_invariants(input: &str, mode: LineBreaks) {
    let found: Vec<Sentence<'_>> = SentenceSplitter::new()
        .line_breaks(mode)
        .split(input)
        .collect();
    let mut covered = vec![false; input.len()];
    let mut last_end = 0;
    for s in &found {
        assert!(
            s.span.start >= last_end,
            "out of order or overlapping: {found:?}"
        );
        assert!(!s.text.is_empty(), "empty sentence");
        assert_eq!(s.text, s.text.trim(), "not trimmed");
        assert!(input.is_char_boundary(s.span.start) && input.is_char_boundary(s.span.end));
        assert_eq!(&input[s.span.range()], s.text);
        assert!(
            input[last_end..s.span.start]
                .chars()
                .all(char::is_whitespace),
            "dropped text"
        );
        covered[s.span.range()].iter_mut().for_each(|c| *c = true);
        last_end = s.span.end;
    }
    assert!(
        input[last_end..].chars().all(char::is_whitespace),
        "dropped the tail"
    );
    for (i, c) in input.char_indices() {
        assert!(covered[i] || c.is_whitespace(), "char {c:?} at {i} dropped");
    }
    // Every sentence lies inside one paragraph, and splitting paragraph by paragraph gives
    // the same sentences.
    let paras: Vec<_> = paragraphs(input).collect();
    for s in &found {
        assert!(
            paras
                .iter()
                .any(|p| p.span.start <= s.span.start && s.span.end <= p.span.end),
            "sentence {s:?} crosses paragraphs {paras:?}"
        );
    }
    let per_paragraph: Vec<Sentence<'_>> = paras
        .iter()
        .flat_map(|p| SentenceSplitter::new().line_breaks(mode).split_paragraph(p))
        .collect();
    assert_eq!(per_paragraph, found);
}

/// Text made of the pieces the rules care about, so that random inputs reach every branch.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,7}",
        "[0-9]{1,4}",
        Just(" ".to_string()),
        Just(" ".to_string()),
        "[.!?…]{1,4}",
        Just(" . . . ".to_string()),
        Just(". . . .".to_string()),
        "[\"“”'’()\\[\\]«»]",
        "[\n\r\t\u{a0}\u{85}\u{2028}\u{2029}\x0B\x0C]",
        "(U\\.S\\.|p\\.m\\.|a\\.m\\.|Mr\\.|Gen\\.|Jan\\.|etc\\.|e\\.g\\.|No\\.|co\\.|N°\\.)",
        "(The|He|I|At|By|Shortly|Tuesday|EST|Don’t|A)",
        "([0-9]{1,2}[.)]|[a-c]\\.|[a-c]\\)|[0-9]\\.\\))",
        "\\(?([1-3]|[a-c]|[iI]{1,3}|iv|v|[AB])[.)]",
        "(<p>|</p>|<br>|<br/>|<b>|</b>|<a href=\"x.html\">|</a>|<Acme Inc>|<|>)",
        "(option|and|or|item) ",
        "[•⁃。！？．｡؟।-]",
        "[,;:&/=%$€\u{301}\u{200b}]",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_unicode_keeps_the_invariants(input in "\\PC{0,120}|(\\PC|\\s){0,120}") {
        for mode in [LineBreaks::Auto, LineBreaks::Space, LineBreaks::Always] {
            check_invariants(&input, mode);
        }
    }

    #[test]
    fn news_like_text_keeps_the_invariants(input in newsish()) {
        for mode in [LineBreaks::Auto, LineBreaks::Space, LineBreaks::Always] {
            check_invariants(&input, mode);
        }
    }

    #[test]
    fn any_bytes_as_lossy_utf8_keep_the_invariants(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let input = String::from_utf8_lossy(&bytes);
        check_invariants(&input, LineBreaks::Auto);
    }
}

#[test]
fn a_list_does_not_run_across_a_unicode_paragraph_break() {
    // "a." and "b." look like the markers of one list, but a paragraph break (here U+2028
    // then NEL) lies between them: the whole text must split as its paragraphs do.
    check_invariants(
        "U.S. a. . . . \u{2028}\u{85}option b.\u{85}",
        LineBreaks::Auto,
    );
}

#[test]
fn markup_before_a_no_break_space_and_a_line_break_splits_as_its_paragraph_does() {
    check_invariants("!<br>\u{a0}\u{2028}", LineBreaks::Auto);
}
