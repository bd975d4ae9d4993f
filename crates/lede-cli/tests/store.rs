//! `lede import` and `lede corpus stats|list|search` as a user runs them, against a data
//! directory in a temporary directory.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{lede, stderr, stdout};
use serde_json::Value;

/// Runs `lede` with `args` and `--data-dir DIR` (and no `LEDE_DATA_DIR` from the caller's
/// environment).
fn lede_in(dir: &Path, args: &[&str]) -> Output {
    let dir = dir.to_str().unwrap();
    let mut all = args.to_vec();
    all.extend(["--data-dir", dir]);
    lede(&all, b"")
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(stdout(output)).expect("stdout is one JSON document")
}

fn listed_names(dir: &Path) -> Vec<String> {
    let listed = json(&lede_in(dir, &["corpus", "list", "--json"]));
    listed["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|document| document["name"].as_str().unwrap().to_owned())
        .collect()
}

/// A directory of two text files and a JSONL file of two records, in `root`.
fn inputs(root: &Path) -> (String, String) {
    let texts = root.join("texts");
    std::fs::create_dir(&texts).unwrap();
    std::fs::write(
        texts.join("oil.txt"),
        "Oil prices fall\n\nOil prices fell sharply on Tuesday as OPEC raised output.",
    )
    .unwrap();
    std::fs::write(
        texts.join("grain.md"),
        "# Wheat exports rise\n\nWheat exports rose for a third month.",
    )
    .unwrap();
    std::fs::write(texts.join("ignored.csv"), "not a document").unwrap();
    let jsonl = root.join("wire.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            r#"{"id": "17", "title": "COCOA REVIEW", "date": "26-FEB-1987", "text": "Showers continued in the Bahia cocoa zone."}"#,
            "\n",
            r#"{"name": "gold", "text": "Gold rose to a record.\nTraders cited the dollar.", "source": "Wire"}"#,
            "\n",
        ),
    )
    .unwrap();
    (
        texts.to_str().unwrap().to_owned(),
        jsonl.to_str().unwrap().to_owned(),
    )
}

#[test]
fn imported_documents_are_listed_counted_and_searchable() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (texts, jsonl) = inputs(root.path());

    let output = lede_in(&data, &["import", &texts, &jsonl]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stderr(&output);
    assert!(
        summary.starts_with("imported 4 documents (") && summary.contains(" documents/s"),
        "{summary}"
    );
    assert!(summary.contains(data.to_str().unwrap()), "{summary}");
    assert!(stdout(&output).is_empty());

    assert_eq!(listed_names(&data), ["17", "gold", "grain", "oil"]);
    let output = lede_in(&data, &["corpus", "list"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).lines().collect::<Vec<_>>(),
        [
            "17\tCOCOA REVIEW\t26-FEB-1987",
            "gold\t\t",
            "grain\tWheat exports rise\t",
            "oil\tOil prices fall\t",
        ]
    );

    let stats = json(&lede_in(&data, &["corpus", "stats", "--json", "-k", "3"]));
    assert_eq!(stats["documents"], 4);
    assert!(stats["vocabulary"].as_u64().unwrap() > 10);
    assert!(stats["terms"].as_u64().unwrap() >= stats["vocabulary"].as_u64().unwrap());
    assert_eq!(stats["top_terms"].as_array().unwrap().len(), 3);
    let output = lede_in(&data, &["corpus", "stats"]);
    assert!(
        stdout(&output).starts_with("documents\t4\n"),
        "{}",
        stdout(&output)
    );

    let found = json(&lede_in(
        &data,
        &["corpus", "search", "oil prices", "--json"],
    ));
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits[0]["name"], "oil");
    let snippet = hits[0]["snippet"].as_str().unwrap();
    for span in hits[0]["highlights"].as_array().unwrap() {
        let (start, end) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
        let word = &snippet[start as usize..end as usize];
        assert!(
            word.eq_ignore_ascii_case("oil") || word == "prices",
            "{word}"
        );
    }
    let output = lede_in(&data, &["corpus", "search", "cocoa", "-k", "1"]);
    let text = stdout(&output);
    assert!(text.contains("\t17\tCOCOA REVIEW\n"), "{text}");
    assert!(text.contains("[cocoa]"), "{text}");
}

#[test]
fn filters_narrow_list_search_and_stats() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (texts, jsonl) = inputs(root.path());
    let output = lede_in(&data, &["import", &texts, &jsonl]);
    assert!(output.status.success(), "{}", stderr(&output));

    let listed = lede_in(&data, &["corpus", "list", "--filter", r#"source = "Wire""#]);
    assert_eq!(stdout(&listed), "gold\t\t\n", "{}", stderr(&listed));
    let listed = json(&lede_in(
        &data,
        &["corpus", "list", "--json", "--filter", "NOT source:*"],
    ));
    assert_eq!(listed["documents"].as_array().unwrap().len(), 3);

    let found = json(&lede_in(
        &data,
        &[
            "corpus",
            "search",
            "oil gold cocoa",
            "--json",
            "--filter",
            "source:*",
        ],
    ));
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["name"], "gold");

    let stats = json(&lede_in(
        &data,
        &["corpus", "stats", "--json", "--filter", "NOT source = Wire"],
    ));
    assert_eq!(stats["documents"], 3);

    let stories = json(&lede_in(&data, &["stories", "--json", "--by-size"]));
    let stories = stories["stories"].as_array().unwrap();
    let documents: usize = stories
        .iter()
        .map(|story| story["documents"].as_array().unwrap().len())
        .sum();
    assert_eq!(documents, 4, "{stories:?}");
    assert!(stories.iter().all(|story| story["id"].is_string()));

    // Nothing of these inputs has an RFC 3339 date: no trends, and a bad --start is usage.
    let trends = json(&lede_in(&data, &["trends", "--json"]));
    assert_eq!(trends["trends"], serde_json::json!([]));
    let output = lede_in(&data, &["trends", "--start", "yesterday"]);
    assert_eq!(output.status.code(), Some(64), "{}", stderr(&output));

    // A bad filter: exit 64 (EX_USAGE) and a caret under the column.
    let output = lede_in(
        &data,
        &["corpus", "stats", "--filter", "source = x AND tilte = y"],
    );
    assert_eq!(output.status.code(), Some(64));
    let message = stderr(&output);
    assert!(
        message.contains("--filter: column 16: unknown field `tilte`"),
        "{message}"
    );
    assert!(message.contains("\n                 ^"), "{message}");
}

#[test]
fn a_repeated_import_fails_and_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (texts, jsonl) = inputs(root.path());
    assert!(lede_in(&data, &["import", &texts]).status.success());

    // One new document (in the JSONL) and two taken ones: nothing is imported.
    let output = lede_in(&data, &["import", &jsonl, &texts]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("a document named \"grain\" is already stored")
            && message.contains("nothing was imported")
            && message.contains("--skip-existing"),
        "{message}"
    );
    assert_eq!(listed_names(&data), ["grain", "oil"]);

    // --skip-existing imports the new ones and says how many it skipped.
    let output = lede_in(&data, &["import", &jsonl, &texts, "--skip-existing"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stderr(&output);
    assert!(summary.starts_with("imported 2 documents"), "{summary}");
    assert!(summary.contains("skipped 2 already stored"), "{summary}");
    assert_eq!(listed_names(&data), ["17", "gold", "grain", "oil"]);
}

#[test]
fn single_files_and_names_repeated_across_inputs() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (texts, _) = inputs(root.path());
    let oil = format!("{texts}/oil.txt");
    let output = lede_in(&data, &["import", &oil, &texts]);
    assert_eq!(output.status.code(), Some(65));
    assert!(
        stderr(&output).contains("the document name \"oil\""),
        "{}",
        stderr(&output)
    );
    assert!(
        lede_in(&data, &["corpus", "list"]).status.code() == Some(66),
        "a failed first import leaves no store"
    );
    assert!(lede_in(&data, &["import", &oil]).status.success());
    assert_eq!(listed_names(&data), ["oil"]);

    let csv = format!("{texts}/ignored.csv");
    let output = lede_in(&data, &["import", &csv]);
    assert_eq!(output.status.code(), Some(65));
    assert!(stderr(&output).contains("not a directory, a .jsonl file"));
    let output = lede_in(&data, &["import", "/no/such/input.jsonl"]);
    assert_eq!(output.status.code(), Some(66));
}

#[test]
fn bad_jsonl_is_reported_with_its_line_and_imports_nothing() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let bad = root.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\"}\n").unwrap();
    let output = lede_in(&data, &["import", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(65));
    assert!(
        stderr(&output).contains("bad.jsonl:2: missing field \"text\""),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_garbage_database_is_a_clear_error() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("lede.sqlite3"), "garbage ".repeat(1_000)).unwrap();
    let (texts, _) = inputs(root.path());
    for args in [
        &["import", texts.as_str()][..],
        &["corpus", "list"],
        &["corpus", "stats"],
        &["corpus", "search", "oil"],
    ] {
        let output = lede_in(&data, args);
        assert_eq!(output.status.code(), Some(65), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.starts_with("lede: ") && message.contains("is not a usable lede store"),
            "{args:?}: {message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn a_locked_data_dir_is_a_clear_error() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (texts, _) = inputs(root.path());
    let store = lede_store::Store::open(&data, &[]).unwrap();
    let output = lede_in(&data, &["import", &texts]);
    assert_eq!(output.status.code(), Some(75));
    assert!(
        stderr(&output).contains("is in use by another lede process"),
        "{}",
        stderr(&output)
    );
    // Readers run beside the writer.
    let output = lede_in(&data, &["corpus", "list"]);
    assert!(output.status.success(), "{}", stderr(&output));
    drop(store);
    assert!(lede_in(&data, &["import", &texts]).status.success());
}

#[test]
fn the_data_dir_comes_from_the_environment() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("from-env");
    let (texts, _) = inputs(root.path());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lede"))
            .args(args)
            .env("LEDE_DATA_DIR", &data)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    assert!(run(&["import", &texts]).status.success());
    assert!(data.join("lede.sqlite3").is_file());
    let output = run(&["corpus", "list"]);
    assert_eq!(stdout(&output).lines().count(), 2);
}

#[test]
fn a_missing_store_tells_the_user_to_import() {
    let root = tempfile::tempdir().unwrap();
    let output = lede_in(&root.path().join("none"), &["corpus", "stats"]);
    assert_eq!(output.status.code(), Some(66));
    assert!(
        stderr(&output).contains("lede import"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn imported_analyses_are_loaded_and_an_old_store_still_answers() {
    let root = tempfile::tempdir().unwrap();
    let (texts, jsonl) = inputs(root.path());
    let data = root.path().join("data");
    let import = lede_in(&data, &["import", &texts, &jsonl]);
    assert!(import.status.success(), "{}", stderr(&import));
    // The import stored every analysis: nothing is analysed again, nothing said about it.
    let stats = lede_in(&data, &["corpus", "stats", "--json"]);
    assert_eq!(stderr(&stats), "");
    let imported = json(&stats);
    assert_eq!(imported["documents"], 4);

    // A data directory of schema 1 (made by the code before stored analyses) is read as it
    // is, read-only: the documents are analysed for the run, with a note.
    let old = root.path().join("old");
    std::fs::create_dir(&old).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../lede-store/tests/fixtures/schema-v1/lede.sqlite3"
        ),
        old.join("lede.sqlite3"),
    )
    .unwrap();
    let stats = lede_in(&old, &["corpus", "stats", "--json"]);
    assert!(
        stderr(&stats).contains("4 of 4 documents") && stderr(&stats).contains("lede-server"),
        "{}",
        stderr(&stats)
    );
    assert_eq!(json(&stats)["documents"], 4);
    let search = lede_in(&old, &["corpus", "search", "oil", "--json"]);
    assert_eq!(json(&search)["hits"][0]["name"], "oil");
}

#[test]
fn import_refuses_identifiers_the_server_refuses() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let jsonl = root.path().join("20ng.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\": \"ok-1\", \"text\": \"Fine.\"}\n\
         {\"id\": \"train/alt.atheism/49960\", \"text\": \"A newsgroup post.\"}\n",
    )
    .unwrap();
    let output = lede_in(&data, &["import", jsonl.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("\"train/alt.atheism/49960\"")
            && message.contains("'/' is not allowed")
            && message.contains("nothing was imported"),
        "{message}"
    );
    assert_eq!(
        lede_in(&data, &["corpus", "list"]).status.code(),
        Some(66),
        "no store was made"
    );
    // A file name the API could not address either.
    let texts = root.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    std::fs::write(texts.join("my notes.txt"), "Notes.").unwrap();
    let output = lede_in(&data, &["import", texts.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
}

#[test]
fn import_refuses_documents_over_the_server_limits() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let big = root.path().join("big.txt");
    std::fs::write(&big, "Oil prices fell. ".repeat(120_000)).unwrap();
    let output = lede_in(&data, &["import", big.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("text: 2040000 bytes is more than the limit of 1048576 bytes"),
        "{}",
        stderr(&output)
    );
    let jsonl = root.path().join("titles.jsonl");
    let title = "t".repeat(5000);
    std::fs::write(
        &jsonl,
        format!("{{\"id\": \"t\", \"title\": \"{title}\", \"text\": \"x\"}}\n"),
    )
    .unwrap();
    let output = lede_in(&data, &["import", jsonl.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("title: 5000 bytes"),
        "{}",
        stderr(&output)
    );
    assert_eq!(lede_in(&data, &["corpus", "list"]).status.code(), Some(66));
    // The server's flags raise them, for a server started with the same.
    let output = lede_in(
        &data,
        &[
            "import",
            big.to_str().unwrap(),
            "--max-text-bytes",
            "3000000",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(listed_names(&data), ["big"]);
}
