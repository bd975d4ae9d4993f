//! The `lede` binary as a user runs it: arguments, standard input, output and exit codes.

mod common;

use common::{json_lines, lede, stderr, stdout};
use serde_json::json;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../seeds/001_ea396f7a82a19f71.txt"
);

#[test]
fn sentences_of_a_file_are_listed_with_spans() {
    let output = lede(&["sentences", SEED], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let mut lines = stdout(&output).lines();
    assert_eq!(
        lines.next(),
        Some(
            "0..81\tZelensky attends Paris summit as US, Europe draft security guarantees for Ukraine"
        )
    );
    assert!(lines.next().is_some_and(|line| {
        line.starts_with("83..283\tPresident Volodymyr Zelensky is visiting Paris on Jan. 6 ")
    }));
}

#[test]
fn json_sentences_carry_spans_that_slice_the_input() {
    let text = "Gen. Smith arrived at 3 p.m. He spoke.";
    let output = lede(&["sentences", "--json"], text.as_bytes());
    assert!(output.status.success());
    let document = &json_lines(&output)[0];
    assert_eq!(
        document["sentences"],
        json!(["Gen. Smith arrived at 3 p.m.", "He spoke."])
    );
    for (sentence, span) in document["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .zip(document["spans"].as_array().unwrap())
    {
        let (start, end) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert_eq!(sentence.as_str().unwrap(), &text[start..end]);
    }
}

#[test]
fn jsonl_echoes_ids_and_keeps_going_past_bad_lines() {
    let input = concat!(
        "{\"id\":\"a1\",\"text\":\"Jan. 6 was cold. Kyiv waited.\"}\n",
        "{\"id\":2,\"text\":5}\n",
        "\n",
        "not json\n",
        "{\"text\":\"caf\u{e9}. Ok.\"}\r\n",
    );
    let output = lede(&["sentences", "--jsonl", "--keep-going"], input.as_bytes());
    assert_eq!(
        output.status.code(),
        Some(65),
        "bad lines make the exit code 65"
    );
    assert_eq!(
        json_lines(&output),
        [
            json!({"id": "a1", "sentences": ["Jan. 6 was cold.", "Kyiv waited."], "spans": [[0, 16], [17, 29]]}),
            json!({"line": 2, "error": "field \"text\" must be a string, found a number"}),
            json!({"line": 4, "error": "invalid JSON: expected ident at line 1 column 2"}),
            json!({"sentences": ["caf\u{e9}.", "Ok."], "spans": [[0, 6], [7, 10]]}),
        ]
    );
    assert!(stderr(&output).contains("line 2: field \"text\" must be a string"));
    assert!(stderr(&output).contains("2 bad line(s) skipped, the first at line 2"));
}

#[test]
fn jsonl_stops_at_the_first_bad_line_by_default() {
    let input = b"{\"text\":\"One.\"}\n{\"text\":\"caf\xff\"}\n{\"text\":\"Never.\"}\n";
    let output = lede(&["tokens", "--jsonl"], input);
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(
        json_lines(&output).len(),
        1,
        "the line before the bad one is written"
    );
    assert!(
        stderr(&output)
            .contains("<stdin>: line 2: not valid UTF-8 (first invalid byte at column 13)")
    );
}

#[test]
fn tokens_show_kind_normal_form_and_stem() {
    let output = lede(
        &["tokens", "--normalize", "--stem", "--json"],
        "Ukraine’s 90% long-term".as_bytes(),
    );
    assert!(output.status.success());
    assert_eq!(
        json_lines(&output)[0]["tokens"],
        json!([
            {"text": "Ukraine’s", "kind": "word", "start": 0, "end": 11, "normalized": "ukraine's", "stem": "ukrain"},
            {"text": "90%", "kind": "number", "start": 12, "end": 15, "normalized": "90%"},
            {"text": "long-term", "kind": "word", "start": 16, "end": 25, "normalized": "long-term", "stem": "long-term"},
        ])
    );
}

#[test]
fn stem_drops_stop_words_unless_asked() {
    let output = lede(&["stem"], b"The leaders were negotiating");
    assert_eq!(stdout(&output), "leaders\tleader\nnegotiating\tnegoti\n");
    let output = lede(
        &[
            "stem",
            "--keep-stop-words",
            "--language",
            "French",
            "--json",
        ],
        "les garanties".as_bytes(),
    );
    assert_eq!(
        json_lines(&output)[0]["stems"],
        json!([
            {"word": "les", "stem": "le", "start": 0, "end": 3, "stop_word": true},
            {"word": "garanties", "stem": "garant", "start": 4, "end": 13, "stop_word": false},
        ])
    );
}

#[test]
fn an_unknown_language_is_a_usage_error_listing_the_valid_ones() {
    let output = lede(&["stem", "--language", "klingon"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown language \"klingon\": expected one of ar (arabic)"));
}

#[test]
fn unreadable_and_non_utf8_input_have_their_own_exit_codes() {
    let output = lede(&["tokens", "/nonexistent/lede-input.txt"], b"");
    assert_eq!(output.status.code(), Some(66));
    assert!(stderr(&output).contains("cannot open /nonexistent/lede-input.txt"));

    let output = lede(&["sentences"], b"fine \xc3\x28");
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).contains("not valid UTF-8 (first invalid byte at offset 5)"));
}

#[test]
fn keep_going_requires_jsonl() {
    let output = lede(&["tokens", "--keep-going"], b"");
    assert_eq!(output.status.code(), Some(2));
}
