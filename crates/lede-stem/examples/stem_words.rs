//! Stems words read from standard input, one per line, and prints `word<TAB>stem`.
//!
//! ```text
//! cargo run --release -p lede-stem --example stem_words -- --language fr < words.txt
//! ```
//!
//! Words are stemmed as given (trailing `\r` removed): normalise them first. Empty lines
//! are echoed as an empty word with an empty stem, so output lines match input lines.
//! `scripts/stem_agreement.py` uses this to compare with the reference Snowball stemmers.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use lede_stem::{Language, Stemmer};

const USAGE: &str = "usage: stem_words --language <code or name>  (reads words from stdin)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("stem_words: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut language = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-l" | "--language" => {
                let value = args.next().ok_or(USAGE)?;
                language = Some(value.parse::<Language>().map_err(|e| e.to_string())?);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument {other:?}\n{USAGE}")),
        }
    }
    let stemmer = Stemmer::new(language.ok_or(USAGE)?);

    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: {e}", n + 1))?;
        let word = line.strip_suffix('\r').unwrap_or(&line);
        writeln!(out, "{word}\t{}", stemmer.stem(word)).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
