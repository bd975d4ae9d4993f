//! `lede summarize` as a user runs it: files, standard input, JSON lines, exit codes.

mod common;

use common::{json_lines, lede, seed, stderr, stdout};

const SEED_004: &str = "004_a1b7e0ca4b3ddd8c.txt";

#[test]
fn a_file_is_summarised_one_sentence_a_line_with_its_score() {
    let output = lede(&["summarize", &seed(SEED_004)], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<&str> = stdout(&output).lines().collect();
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let (score, text) = line.split_once('\t').expect("score, tab, sentence");
        assert!(
            score.parse::<f64>().is_ok_and(|score| score > 0.0),
            "{line}"
        );
        assert!(text.ends_with('.') || text.ends_with('”'), "{line}");
        // Sub-headings such as this one are never chosen.
        assert_ne!(text, "Europe’s Role in a Post-War Ukraine");
    }
    assert!(lines[0].contains("PARIS – French President Emmanuel Macron welcomed"));
}

#[test]
fn budgets_and_order_are_followed() {
    let file = seed(SEED_004);
    let output = lede(
        &[
            "summarize",
            "--sentences",
            "5",
            "--order",
            "score",
            "--json",
            &file,
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let result = &json_lines(&output)[0];
    let ranks: Vec<u64> = result["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .map(|sentence| sentence["rank"].as_u64().expect("a rank"))
        .collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5]);

    let output = lede(&["summarize", "--words", "40", "--json", &file], b"");
    let result = &json_lines(&output)[0];
    let words: usize = result["summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|text| text.as_str().expect("text").split_whitespace().count())
        .sum();
    assert!(words <= 40, "{words}");

    let output = lede(&["summarize", "--ratio", "0.2", &file], b"");
    assert!(output.status.success());
    let total = std::fs::read_to_string(&file)
        .expect("the seed")
        .split_whitespace()
        .count();
    let words: usize = stdout(&output)
        .lines()
        .map(|line| {
            line.split_once('\t')
                .expect("a tab")
                .1
                .split_whitespace()
                .count()
        })
        .sum();
    assert!(
        words as f64 <= (0.2 * total as f64).ceil(),
        "{words} of {total}"
    );
}

#[test]
fn json_spans_slice_the_input_from_standard_input() {
    let text = "Markets rally after rate cut\n\nStocks rose sharply on Tuesday after the central \
                bank cut interest rates. The bank said inflation had slowed to two percent. \
                Traders had expected the rate cut for weeks.";
    let output = lede(&["summarize", "-n", "2", "--json"], text.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let result = &json_lines(&output)[0];
    assert!(result.get("id").is_none());
    for sentence in result["sentences"].as_array().expect("sentences") {
        let span = sentence["span"].as_array().expect("a span");
        let (start, end) = (
            span[0].as_u64().expect("start") as usize,
            span[1].as_u64().expect("end") as usize,
        );
        assert_eq!(&text[start..end], sentence["text"].as_str().expect("text"));
        assert_eq!(sentence["document"], 0);
    }
    assert!(!stdout(&output).contains("Markets rally after rate cut"));
}

#[test]
fn several_files_make_one_attributed_summary_and_a_query_focuses_it() {
    let files: Vec<String> = [
        "000_21eaf71ef8813072.txt",
        "001_ea396f7a82a19f71.txt",
        "002_03ef136adfabfcb1.txt",
        "003_af01109d76127dd9.txt",
        SEED_004,
    ]
    .iter()
    .map(|name| seed(name))
    .collect();
    let mut args = vec!["summarize", "-n", "3", "--query", "Greenland", "--json"];
    args.extend(files.iter().map(String::as_str));
    let output = lede(&args, b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let result = &json_lines(&output)[0];
    assert_eq!(result["documents"].as_array().expect("file names").len(), 5);
    for text in result["summary"].as_array().expect("summary") {
        assert!(text.as_str().expect("text").contains("Greenland"), "{text}");
    }

    let mut args = vec!["summarize", "-n", "2"];
    args.extend(files.iter().map(String::as_str));
    let output = lede(&args, b"");
    for line in stdout(&output).lines() {
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 3, "{line}");
        assert!(columns[1].ends_with(".txt"), "{line}");
    }
}

#[test]
fn jsonl_lines_are_documents_or_sets_of_documents() {
    let input = concat!(
        r#"{"id":"one","text":"Stocks rose on Tuesday after the central bank cut rates. Traders had expected the cut for weeks."}"#,
        "\n\n",
        r#"{"id":2,"documents":["Denmark said Greenland is not for sale at any price.",{"text":"Leaders met in Paris to discuss security for Ukraine."}],"query":"Greenland"}"#,
        "\n",
    );
    let output = lede(&["summarize", "--jsonl", "-n", "1"], input.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "one");
    assert_eq!(lines[0]["summary"].as_array().expect("summary").len(), 1);
    assert_eq!(lines[1]["id"], 2);
    assert_eq!(
        lines[1]["summary"][0],
        "Denmark said Greenland is not for sale at any price."
    );
    let sentence = &lines[1]["sentences"][0];
    assert_eq!(sentence["document"], 0);
    assert_eq!(sentence["rank"], 1);
    assert_eq!(sentence["span"], serde_json::json!([0, 52]));
    assert!(sentence["score"].as_f64().is_some_and(|score| score > 0.0));
}

#[test]
fn bad_jsonl_lines_are_reported_with_their_number() {
    let input = concat!(
        r#"{"id":1,"text":"Stocks rose on Tuesday after the central bank cut rates."}"#,
        "\n",
        r#"{"id":2,"documents":["fine text here.",7]}"#,
        "\n",
        r#"{"id":3,"query":"x"}"#,
        "\n",
    );
    let output = lede(&["summarize", "--jsonl"], input.as_bytes());
    assert_eq!(output.status.code(), Some(65));
    assert!(
        stderr(&output).contains("line 2: field \"documents\" must be an array of strings"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        json_lines(&output).len(),
        1,
        "the line before the bad one is written"
    );

    let output = lede(&["summarize", "--jsonl", "--keep-going"], input.as_bytes());
    assert_eq!(output.status.code(), Some(65));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["line"], 3);
    assert!(
        lines[2]["error"]
            .as_str()
            .expect("an error")
            .contains("missing field \"text\"")
    );
}

#[test]
fn bad_budgets_are_usage_errors() {
    for args in [
        ["summarize", "--sentences", "0"],
        ["summarize", "--ratio", "1.5"],
        ["summarize", "--words", "-3"],
        ["summarize", "--mmr-lambda", "2"],
    ] {
        let output = lede(&args, b"text.");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    let output = lede(
        &["summarize", "--sentences", "2", "--words", "10"],
        b"text.",
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn empty_input_gives_an_empty_summary() {
    let output = lede(&["summarize", "--json"], b"");
    assert!(output.status.success());
    assert_eq!(stdout(&output), "{\"summary\":[],\"sentences\":[]}\n");
    let output = lede(&["summarize"], b"   \n");
    assert!(output.status.success());
    assert_eq!(stdout(&output), "");
}
