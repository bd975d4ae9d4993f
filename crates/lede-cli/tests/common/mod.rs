//! Running the `lede` binary as a user does, shared by the command-line tests.

// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `lede` with `args`, `stdin` as its standard input.
pub(crate) fn lede(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lede binary starts");
    let written = child.stdin.take().expect("stdin is piped").write_all(stdin);
    // A usage error exits before reading its input, closing the pipe.
    if let Err(error) = written {
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::BrokenPipe,
            "stdin accepts input"
        );
    }
    child.wait_with_output().expect("lede finishes")
}

pub(crate) fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).expect("stdout is UTF-8")
}

pub(crate) fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).expect("stderr is UTF-8")
}

pub(crate) fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every output line is JSON"))
        .collect()
}

pub(crate) fn seed(name: &str) -> String {
    format!("{}/../../seeds/{name}", env!("CARGO_MANIFEST_DIR"))
}
