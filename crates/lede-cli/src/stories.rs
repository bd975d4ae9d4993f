//! `lede stories`: the stories of a data directory's corpus (online clustering, as the
//! server keeps them), most recent or largest first.

use std::io::{self, Write};

use clap::Args;
use lede_corpus::{Filter, StoryOrder};
use serde_derive::Serialize;

use crate::input::CliError;
use crate::store::{DataDirArg, load_corpus, parse_filter};

/// `lede stories`.
#[derive(Debug, Args)]
pub(crate) struct StoriesArgs {
    #[command(flatten)]
    data_dir: DataDirArg,
    /// Only the stories with a document that passes this filter (as `corpus list`).
    #[arg(long)]
    filter: Option<String>,
    /// Largest stories first instead of the most recent.
    #[arg(long)]
    by_size: bool,
    /// How many stories to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    count: usize,
    /// Write one JSON document instead of one tab-separated line per story.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct StoryJson<'a> {
    id: &'a str,
    title: String,
    documents: &'a [&'a str],
    sources: &'a [&'a str],
    keyphrases: Vec<String>,
}

impl StoriesArgs {
    /// Lists the stories, writing to `out`.
    pub(crate) fn run(&self, out: &mut impl Write) -> Result<(), CliError> {
        let filter: Filter = parse_filter(&self.filter)?;
        let corpus = load_corpus(&self.data_dir)?;
        let order = if self.by_size {
            StoryOrder::Size
        } else {
            StoryOrder::Recency
        };
        let stories = corpus.stories(&filter, order);
        let mut listed = Vec::new();
        for story in stories.iter().take(self.count) {
            let details = corpus.story_details(story, 5, lede_corpus::Budget::Sentences(1))?;
            listed.push(StoryJson {
                id: story.id,
                title: details.title,
                documents: &story.documents,
                sources: &story.sources,
                keyphrases: details.keyphrases.into_iter().map(|k| k.text).collect(),
            });
        }
        if self.json {
            serde_json::to_writer(&mut *out, &serde_json::json!({ "stories": listed }))
                .map_err(io::Error::from)?;
            writeln!(out)?;
            return Ok(());
        }
        for story in &listed {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                story.id,
                story.documents.len(),
                story.title.replace(['\t', '\n'], " "),
                story.keyphrases.join(", ")
            )?;
        }
        Ok(())
    }
}
