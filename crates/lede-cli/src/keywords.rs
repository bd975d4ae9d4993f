//! `lede keywords`: ranked keyphrases of a document, or of every document of a JSON-lines
//! stream against all of them.
//!
//! Unlike the per-text commands of [`crate::commands`], keyphrases depend on the corpus: in
//! `--jsonl` mode every input line is read first, the good lines together are the corpus, and
//! then one output line is written per input line, in input order. A bad line stops the run
//! before anything is written, unless `--keep-going`, which writes `{"line": N, "error": …}`
//! in its place (and exits 65 at the end, as the other commands do).

use std::io::Write;

use lede_stem::Language;
use lede_tfidf::{Keyphrase, KeyphraseExtractor, KeyphraseOptions};
use serde_derive::Serialize;
use serde_json::Value;

use crate::IoArgs;
use crate::input::{CliError, LineError, Record, Source, parse_record};
use crate::output::{BadLines, is_blank, write_json_line};

/// What `lede keywords` was asked for.
pub(crate) struct Keywords {
    /// How many keyphrases per document.
    pub(crate) top_k: usize,
    /// The language of analysis (and of the background table: English only).
    pub(crate) language: Language,
    /// Whether to blend in the shipped background table.
    pub(crate) background: bool,
}

impl Keywords {
    fn extractor(&self) -> KeyphraseExtractor<'static> {
        let options = KeyphraseOptions::default().with_top_k(self.top_k);
        let extractor = KeyphraseExtractor::with_options(self.language, options);
        if self.background {
            extractor
        } else {
            extractor.with_background(None)
        }
    }

    /// Runs the command on the input `io` names, writing to `out`.
    pub(crate) fn run(&self, io: &IoArgs, out: &mut impl Write) -> Result<(), CliError> {
        let source = Source::open(io.file.as_deref())?;
        if io.format.jsonl {
            return self.jsonl(source, io.format.keep_going, out);
        }
        let text = source.read_to_string()?;
        let keyphrases = self
            .extractor()
            .extract_all(&[text.as_str()])
            .pop()
            .unwrap_or_default();
        if io.format.json {
            write_json_line(out, &KeywordsJson::new(None, &keyphrases))
        } else {
            for keyphrase in &keyphrases {
                writeln!(
                    out,
                    "{:.3}\t{}\t{}",
                    keyphrase.score, keyphrase.count, keyphrase.text
                )?;
            }
            Ok(())
        }
    }

    fn jsonl(
        &self,
        mut source: Source,
        keep_going: bool,
        out: &mut impl Write,
    ) -> Result<(), CliError> {
        let mut bad_lines = BadLines::new(source.name(), keep_going);
        // Every non-blank line, in order: its number and its record or what is wrong with it.
        let mut lines: Vec<(usize, Result<Record, LineError>)> = Vec::new();
        source.for_each_line(|number, line| {
            if is_blank(line) {
                return Ok(());
            }
            match parse_record(line) {
                // Stops the run before anything is written.
                Err(error) if !bad_lines.keep_going() => bad_lines.report(number, error, out),
                parsed => {
                    lines.push((number, parsed));
                    Ok(())
                }
            }
        })?;

        let texts: Vec<&str> = lines
            .iter()
            .filter_map(|(_, parsed)| parsed.as_ref().ok().map(|record| record.text.as_str()))
            .collect();
        let mut results = self.extractor().extract_all(&texts).into_iter();

        for (number, parsed) in lines {
            match parsed {
                Ok(record) => {
                    let keyphrases = results.next().unwrap_or_default();
                    write_json_line(out, &KeywordsJson::new(record.id.as_ref(), &keyphrases))?;
                }
                Err(error) => bad_lines.report(number, error, out)?,
            }
        }
        bad_lines.finish()
    }
}

/// The result for one document: `{"id": …, "keywords": [...]}` (no `id` when the input had
/// none).
#[derive(Serialize)]
struct KeywordsJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    keywords: Vec<KeyphraseJson<'a>>,
}

impl<'a> KeywordsJson<'a> {
    fn new(id: Option<&'a Value>, keyphrases: &'a [Keyphrase]) -> Self {
        let keywords = keyphrases
            .iter()
            .map(|keyphrase| KeyphraseJson {
                text: &keyphrase.text,
                score: keyphrase.score,
                count: keyphrase.count,
                spans: keyphrase
                    .spans
                    .iter()
                    .map(|span| [span.start, span.end])
                    .collect(),
            })
            .collect();
        Self { id, keywords }
    }
}

#[derive(Serialize)]
struct KeyphraseJson<'a> {
    text: &'a str,
    score: f64,
    count: usize,
    spans: Vec<[usize; 2]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords() -> Keywords {
        Keywords {
            top_k: 5,
            language: Language::English,
            background: true,
        }
    }

    #[test]
    fn json_lines_carry_ids_and_spans() {
        let keyphrases = vec![Keyphrase {
            text: "Greenland".to_owned(),
            score: 2.5,
            count: 2,
            spans: vec![
                lede_tokenize::Span::new(0, 9),
                lede_tokenize::Span::new(20, 29),
            ],
        }];
        let id = Value::from("a1");
        let mut out = Vec::new();
        write_json_line(&mut out, &KeywordsJson::new(Some(&id), &keyphrases)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":\"a1\",\"keywords\":[{\"text\":\"Greenland\",\"score\":2.5,\"count\":2,\
             \"spans\":[[0,9],[20,29]]}]}\n"
        );
    }

    #[test]
    fn the_extractor_follows_the_flags() {
        assert!(keywords().extractor().background().is_some());
        let off = Keywords {
            background: false,
            ..keywords()
        };
        assert!(off.extractor().background().is_none());
        let french = Keywords {
            language: Language::French,
            ..keywords()
        };
        assert!(french.extractor().background().is_none());
        assert_eq!(keywords().extractor().options().top_k, 5);
    }
}
