//! The exit statuses of `lede-loadgen` that need no server: usage errors (2) and ledgers that
//! cannot be read or checked (1).

use std::process::Command;

fn loadgen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lede-loadgen"))
        .args(args)
        .output()
        .expect("running lede-loadgen")
}

#[test]
fn write_options_need_mixed() {
    for option in ["--verify-writes", "--cleanup"] {
        let output = loadgen(&["--rpc", "search", "--rate", "1", option]);
        assert_eq!(output.status.code(), Some(2), "{option}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("need --rpc mixed"), "{stderr}");
    }
    let output = loadgen(&["--verify-ledger", "ledger.jsonl", "--rpc", "mixed"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

#[test]
fn unreadable_ledgers_fail() {
    let dir = std::env::temp_dir().join(format!("lede-loadgen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating a temp dir");
    let missing = dir.join("missing.jsonl");
    let output = loadgen(&["--verify-ledger", missing.to_str().unwrap_or_default()]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("opening the ledger"));

    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"lede_loadgen_ledger\":7}\n").expect("writing a ledger");
    let output = loadgen(&["--verify-ledger", bad.to_str().unwrap_or_default()]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");

    // A valid ledger, but no server: an error (1), not a verdict (0 or 3).
    let good = dir.join("good.jsonl");
    std::fs::write(
        &good,
        "{\"lede_loadgen_ledger\":1,\"run_id\":\"t\",\"prefix\":\"loadgen-t-\",\"addr\":\"\"}\n\
         {\"id\":\"loadgen-t-1\",\"state\":\"present\",\"len\":1,\"fnv1a64\":\"af63dc4c8601ec8c\"}\n",
    )
    .expect("writing a ledger");
    let output = loadgen(&[
        "--addr",
        "http://127.0.0.1:1",
        "--verify-ledger",
        good.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
