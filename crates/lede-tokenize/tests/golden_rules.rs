//! The phenomena of the English "Golden Rules" for sentence boundary detection, on our own
//! sentences (the evaluation data itself lives outside the repository; see
//! `examples/golden_rules.rs`). One row per phenomenon: a name, the input, the expected
//! sentences.

use lede_tokenize::sentences;

const CASES: &[(&str, &str, &[&str])] = &[
    // Plain terminal punctuation.
    (
        "period",
        "The vote passed. Lawmakers went home.",
        &["The vote passed.", "Lawmakers went home."],
    ),
    (
        "question mark",
        "Where were the envoys? Nobody knew.",
        &["Where were the envoys?", "Nobody knew."],
    ),
    (
        "exclamation mark",
        "It worked! Everyone cheered.",
        &["It worked!", "Everyone cheered."],
    ),
    (
        "doubled and mixed marks",
        "Really?! Yes. No!! Maybe?? Why!?",
        &["Really?!", "Yes.", "No!!", "Maybe??", "Why!?"],
    ),
    // Initials and single letters.
    (
        "middle initial",
        "The report was written by Maria T. Alvarez.",
        &["The report was written by Maria T. Alvarez."],
    ),
    (
        "several initials",
        "The novel by J. R. R. Tolkien sold well.",
        &["The novel by J. R. R. Tolkien sold well."],
    ),
    (
        "general with initial",
        "US Gen. Alexus G. Grynkewich attended the talks.",
        &["US Gen. Alexus G. Grynkewich attended the talks."],
    ),
    (
        "pronoun I at the end vs. regnal numeral",
        "It was just you and I. Did anyone else come? The letter came from Henry I. Vance.",
        &[
            "It was just you and I.",
            "Did anyone else come?",
            "The letter came from Henry I. Vance.",
        ],
    ),
    (
        "platform name X before a quote",
        "He posted on X. \"We will not back down.\"",
        &["He posted on X.", "\"We will not back down.\""],
    ),
    // Abbreviations.
    (
        "page number",
        "The quote is on p. 212 of the report.",
        &["The quote is on p. 212 of the report."],
    ),
    (
        "lower-case co. mid-sentence",
        "We met Sam and co. at the station.",
        &["We met Sam and co. at the station."],
    ),
    (
        "lower-case co. at the end",
        "Ask Sam and co. They were there.",
        &["Ask Sam and co.", "They were there."],
    ),
    (
        "company mid-sentence",
        "Baker, Lane & Co. bought the shares.",
        &["Baker, Lane & Co. bought the shares."],
    ),
    (
        "company at the end",
        "The shares went to Baker, Lane & Co. It paid cash.",
        &["The shares went to Baker, Lane & Co.", "It paid cash."],
    ),
    (
        "mount",
        "Climbers reached Mt. Elbrus at dawn.",
        &["Climbers reached Mt. Elbrus at dawn."],
    ),
    (
        "saint and street",
        "St. Paul's Cathedral faces Ludgate st. on one side.",
        &["St. Paul's Cathedral faces Ludgate st. on one side."],
    ),
    (
        "possessive after an abbreviation",
        "That was Ford Jr.'s decision.",
        &["That was Ford Jr.'s decision."],
    ),
    (
        "titles",
        "Gen. Mark Milley met Sen. Jack Reed, Rep. Ami Bera and Gov. Kathy Hochul. Dr. Patel arrived. Prof. Ng followed.",
        &[
            "Gen. Mark Milley met Sen. Jack Reed, Rep. Ami Bera and Gov. Kathy Hochul.",
            "Dr. Patel arrived.",
            "Prof. Ng followed.",
        ],
    ),
    (
        "months",
        "The vote is set for Jan. 6 in Kyiv. Talks resume Sept. 14 and end Dec. 28.",
        &[
            "The vote is set for Jan. 6 in Kyiv.",
            "Talks resume Sept. 14 and end Dec. 28.",
        ],
    ),
    (
        "number sign",
        "She lives at No. 10 with her cat. The vault is at N°. 17.4.2. Nobody looked there.",
        &[
            "She lives at No. 10 with her cat.",
            "The vault is at N°. 17.4.2.",
            "Nobody looked there.",
        ],
    ),
    (
        "e.g. and i.e.",
        "Bring documents, e.g. a passport. Use the default, i.e. the safest option.",
        &[
            "Bring documents, e.g. a passport.",
            "Use the default, i.e. the safest option.",
        ],
    ),
    (
        "etc. at the end",
        "They sold maps, compasses, etc. The shop closed at noon.",
        &[
            "They sold maps, compasses, etc.",
            "The shop closed at noon.",
        ],
    ),
    // Initialisms.
    (
        "three-letter initialism mid-sentence",
        "She studied in the U.S.A. for a year.",
        &["She studied in the U.S.A. for a year."],
    ),
    (
        "initialism at the end",
        "Talks moved to the E.U. What happens next is unclear.",
        &["Talks moved to the E.U.", "What happens next is unclear."],
    ),
    (
        "U.S. at the end",
        "Sanctions came from the U.S. The ruble fell.",
        &["Sanctions came from the U.S.", "The ruble fell."],
    ),
    (
        "U.S. before a title",
        "U.S. Trade Representative Jamieson Greer spoke. U.S. Special Envoy Steve Witkoff listened.",
        &[
            "U.S. Trade Representative Jamieson Greer spoke.",
            "U.S. Special Envoy Steve Witkoff listened.",
        ],
    ),
    (
        "U.K. before a proper noun and before lower case",
        "The U.K. Foreign Office agreed. Troops from the U.K. arrived on Monday.",
        &[
            "The U.K. Foreign Office agreed.",
            "Troops from the U.K. arrived on Monday.",
        ],
    ),
    (
        "U.N. before a number",
        "The U.N. 2030 agenda was adopted.",
        &["The U.N. 2030 agenda was adopted."],
    ),
    // Times.
    (
        "a.m. in a fronted time phrase",
        "Before 7 a.m. Ms. Okafor had already left. She came back at 9 P.M. Mr. Ross was gone.",
        &[
            "Before 7 a.m. Ms. Okafor had already left.",
            "She came back at 9 P.M.",
            "Mr. Ross was gone.",
        ],
    ),
    (
        "p.m. at the end",
        "The polls closed at 8 p.m. Counting began at once.",
        &["The polls closed at 8 p.m.", "Counting began at once."],
    ),
    (
        "p.m. before a pronoun",
        "The train left at 9 p.m. He missed it.",
        &["The train left at 9 p.m.", "He missed it."],
    ),
    (
        "p.m. before lower case",
        "Shelling resumed at 4:10 p.m. local time.",
        &["Shelling resumed at 4:10 p.m. local time."],
    ),
    (
        "p.m. before a weekday or time zone",
        "Voting ends at 8 p.m. Sunday in most districts. Results follow at 10 p.m. EST tonight.",
        &[
            "Voting ends at 8 p.m. Sunday in most districts.",
            "Results follow at 10 p.m. EST tonight.",
        ],
    ),
    // Numbers.
    (
        "money mid-sentence",
        "The ticket costs $12.50 at the door.",
        &["The ticket costs $12.50 at the door."],
    ),
    (
        "money at the end",
        "The ticket costs $12.50. Children go free.",
        &["The ticket costs $12.50.", "Children go free."],
    ),
    (
        "decimals",
        "Growth slowed to 2.2 percent, below the 3.14 forecast. It was 1.9 a year ago.",
        &[
            "Growth slowed to 2.2 percent, below the 3.14 forecast.",
            "It was 1.9 a year ago.",
        ],
    ),
    // Brackets and quotes.
    (
        "period inside a parenthesis mid-sentence",
        "The mayor (She was re-elected in May.) opened the bridge.",
        &["The mayor (She was re-elected in May.) opened the bridge."],
    ),
    (
        "sentence in parentheses",
        "(Figures are preliminary.) The count continues.",
        &["(Figures are preliminary.)", "The count continues."],
    ),
    (
        "single quote then lower case",
        "He shouted, 'Hold the line.' she recalled.",
        &["He shouted, 'Hold the line.' she recalled."],
    ),
    (
        "double quote then lower case",
        "She said, \"We will rebuild.\" he wrote later.",
        &["She said, \"We will rebuild.\" he wrote later."],
    ),
    (
        "double quote then capital",
        "He told reporters, \"Stop.\" Then he walked away.",
        &["He told reporters, \"Stop.\"", "Then he walked away."],
    ),
    (
        "curly quotes and an attribution",
        "“We are ready. We will go,” the minister said. “Good.” Nobody else spoke.",
        &[
            "“We are ready. We will go,” the minister said.",
            "“Good.”",
            "Nobody else spoke.",
        ],
    ),
    (
        "question and exclamation inside quotes",
        "\"Is it over?\" she asked. \"Get down!\" The crowd ducked.",
        &[
            "\"Is it over?\" she asked.",
            "\"Get down!\"",
            "The crowd ducked.",
        ],
    ),
    (
        "exclamation mark in a name",
        "He won on Jeopardy! in 2019.",
        &["He won on Jeopardy! in 2019."],
    ),
    // E-mail and web addresses.
    (
        "e-mail address at the end",
        "Send tips to news.desk@example.org. We read everything.",
        &["Send tips to news.desk@example.org.", "We read everything."],
    ),
    (
        "URL at the end",
        "The filing is at https://example.org/docs/v2.1/report.pdf. Read it closely.",
        &[
            "The filing is at https://example.org/docs/v2.1/report.pdf.",
            "Read it closely.",
        ],
    ),
    // Lists.
    (
        "numbered list without periods",
        "1. Collect the ballots 2. Count them 3. Publish the tally",
        &[
            "1. Collect the ballots",
            "2. Count them",
            "3. Publish the tally",
        ],
    ),
    (
        "numbered list with periods",
        "1. Collect the ballots. 2. Count them.",
        &["1. Collect the ballots.", "2. Count them."],
    ),
    (
        "parenthesised numbers",
        "1) Call the embassy 2) Book the flight",
        &["1) Call the embassy", "2) Book the flight"],
    ),
    (
        "dot-parenthesis numbers",
        "1.) Call the embassy. 2.) Book the flight.",
        &["1.) Call the embassy.", "2.) Book the flight."],
    ),
    (
        "lettered list",
        "a. Water b. Food c. Shelter",
        &["a. Water", "b. Food", "c. Shelter"],
    ),
    (
        "bullets with numbers",
        "• 3. Water • 4. Food",
        &["• 3. Water", "• 4. Food"],
    ),
    (
        "hyphen bullets glued to numbers",
        "⁃3. Water ⁃4. Food",
        &["⁃3. Water", "⁃4. Food"],
    ),
    // Ellipses.
    (
        "unspaced ellipsis before lower case",
        "Wait... what did you say?",
        &["Wait... what did you say?"],
    ),
    (
        "four unspaced dots before a capital",
        "I never said that.... She left anyway.",
        &["I never said that....", "She left anyway."],
    ),
    (
        "ellipsis before the pronoun I",
        "Well… I suppose so.",
        &["Well… I suppose so."],
    ),
    (
        "spaced ellipsis inside a sentence",
        "The plan was simple . . . until it was not. It is hard . . . I cannot explain it.",
        &[
            "The plan was simple . . . until it was not.",
            "It is hard . . . I cannot explain it.",
        ],
    ),
    (
        "spaced ellipsis plus a full stop",
        "He trailed off . . . . The room went quiet.",
        &["He trailed off . . . .", "The room went quiet."],
    ),
    (
        "full stop then an ellipsis opening the next sentence",
        "The siege ended in spring. . . . The city rebuilt slowly. . . .",
        &[
            "The siege ended in spring.",
            ". . . The city rebuilt slowly. . . .",
        ],
    ),
    (
        "ellipsis at the end of a quotation",
        "He wrote that “the markets will recover. . . .”",
        &["He wrote that “the markets will recover. . . .”"],
    ),
    (
        "bracketed omissions",
        "\"The treaty [...] was signed in haste [...]\" (Lee 12).",
        &["\"The treaty [...] was signed in haste [...]\" (Lee 12)."],
    ),
    // Lines and paragraphs.
    (
        "headline line",
        "Markets rally on rate hopes\nStocks rose sharply on Monday.",
        &[
            "Markets rally on rate hopes",
            "Stocks rose sharply on Monday.",
        ],
    ),
    (
        "line that runs on",
        "The minister said the plan was\nready for a vote.",
        &["The minister said the plan was\nready for a vote."],
    ),
    (
        "blank line",
        "First part without a stop\n\nsecond part",
        &["First part without a stop", "second part"],
    ),
];

#[test]
fn golden_rule_phenomena() {
    let mut failures = Vec::new();
    for (name, text, expected) in CASES {
        let got: Vec<&str> = sentences(text).map(|s| s.text).collect();
        if got != *expected {
            failures.push(format!(
                "{name}\n  text:     {text:?}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
        for s in sentences(text) {
            assert_eq!(&text[s.span.range()], s.text, "span of {name}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
