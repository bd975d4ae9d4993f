//! Scores the sentence splitter on the English "Golden Rules" for sentence boundary
//! detection (JSON lines with `text` and `sentences`).
//!
//! ```text
//! cargo run --release -p lede-tokenize --example golden_rules [PATH]
//! ```
//!
//! `PATH` defaults to `../shared/data/sbd/golden_rules_en.jsonl`, relative to the workspace
//! root (the data is not part of the repository). A case counts when the splitter's
//! sentences equal the expected ones exactly, after trimming. Prints every failing case and
//! ends with `golden rules: N/TOTAL exact`.

use std::path::PathBuf;
use std::process::ExitCode;

use lede_tokenize::sentences;
use serde_json::Value;

fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .map_or_else(default_path, PathBuf::from);
    let data = match std::fs::read_to_string(&path) {
        Ok(data) => data,
        Err(err) => {
            eprintln!("cannot read {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let mut total = 0;
    let mut exact = 0;
    for (line_no, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = match serde_json::from_str(line) {
            Ok(case) => case,
            Err(err) => {
                eprintln!("{}:{}: not JSON: {err}", path.display(), line_no + 1);
                return ExitCode::FAILURE;
            }
        };
        let (Some(text), Some(expected)) = (case["text"].as_str(), case["sentences"].as_array())
        else {
            eprintln!(
                "{}:{}: needs `text` and `sentences`",
                path.display(),
                line_no + 1
            );
            return ExitCode::FAILURE;
        };
        let expected: Vec<&str> = expected
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .collect();
        let got: Vec<&str> = sentences(text).map(|s| s.text.trim()).collect();
        total += 1;
        if got == expected {
            exact += 1;
        } else {
            let name = case["name"].as_str().unwrap_or("");
            let id = match &case["id"] {
                Value::String(id) => format!("{id}: "),
                Value::Number(id) => format!("{id}: "),
                _ => String::new(),
            };
            println!("FAIL {id}{name}\n  text:     {text:?}");
            for s in &expected {
                println!("  expected: {s:?}");
            }
            for s in &got {
                println!("  got:      {s:?}");
            }
        }
    }
    println!("golden rules: {exact}/{total} exact");
    ExitCode::SUCCESS
}

/// `../shared/data/sbd/golden_rules_en.jsonl` from the workspace root, found from this
/// crate's manifest directory so that the example works from any working directory.
fn default_path() -> PathBuf {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    workspace.join("../shared/data/sbd/golden_rules_en.jsonl")
}
