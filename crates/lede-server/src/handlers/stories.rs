//! `ListStories` and `GetStory`: the corpus's stories (`lede_corpus::Story`) as proto
//! messages, each with its title, keyphrases and an attributed summary.

use lede_corpus::{Budget, Corpus, Story as LibStory, StoryOrder};
use lede_proto::v1::{
    GetStoryRequest, GetStoryResponse, ListStoriesRequest, ListStoriesResponse, Story,
};

use crate::State;
use crate::convert::{count, resource_name, summary_sentences};
use crate::filters;
use crate::offsets::encoding;
use crate::paging;
use crate::status::{ApiError, Violations};

/// Keyphrases of a story.
const STORY_KEYPHRASES: usize = 8;
/// Sentences of a story's summary.
const STORY_SENTENCES: usize = 3;

fn timestamp(nanos: Option<i128>) -> Option<prost_types::Timestamp> {
    let nanos = nanos?;
    Some(prost_types::Timestamp {
        seconds: i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?,
        nanos: i32::try_from(nanos.rem_euclid(1_000_000_000)).ok()?,
    })
}

fn message(corpus: &Corpus, story: &LibStory<'_>) -> Result<Story, ApiError> {
    let details =
        corpus.story_details(story, STORY_KEYPHRASES, Budget::Sentences(STORY_SENTENCES))?;
    let summary = summary_sentences(
        &details.summary,
        |name| corpus.get(name).map(|d| d.text.as_str()),
        encoding(0)?,
    );
    Ok(Story {
        name: format!("stories/{}", story.id),
        title: details.title,
        keyphrases: details.keyphrases.into_iter().map(|k| k.text).collect(),
        summary,
        sources: story.sources.iter().map(|s| (*s).to_owned()).collect(),
        first_publish_time: timestamp(story.first_time),
        last_publish_time: timestamp(story.last_time),
        documents: story.documents.iter().map(|d| resource_name(d)).collect(),
    })
}

fn order(text: &str) -> Result<StoryOrder, ApiError> {
    match text.split_whitespace().collect::<Vec<_>>().as_slice() {
        [] | ["last_publish_time", "desc"] => Ok(StoryOrder::Recency),
        ["document_count", "desc"] => Ok(StoryOrder::Size),
        _ => Err(ApiError::invalid(
            "order_by",
            "column 1: order by `last_publish_time desc` (the default) or `document_count desc`",
        )),
    }
}

pub(crate) fn list_stories(
    state: &State,
    request: &ListStoriesRequest,
) -> Result<ListStoriesResponse, ApiError> {
    let mut violations = Violations::default();
    let size = violations
        .keep(paging::page_size(request.page_size, 10, 50))?
        .unwrap_or(10);
    let filter = violations.keep(filters::filter(&request.filter, "filter"))?;
    let order = violations.keep(order(&request.order_by))?;
    let fingerprint = paging::fingerprint(&["stories", &request.filter, &request.order_by]);
    let after = violations.keep(paging::decode(&request.page_token, fingerprint))?;
    let ((filter, order), after) = violations.finish_with(filter.zip(order).zip(after))?;
    let skip = match after {
        None => 0,
        Some(cursor) => cursor
            .parse::<usize>()
            .map_err(|_| ApiError::invalid("page_token", "not a page token of this request"))?,
    };
    let corpus = &*state.collection.read();
    let stories = corpus.stories(&filter, order);
    let page: Vec<Story> = stories
        .iter()
        .skip(skip)
        .take(size)
        .map(|story| message(corpus, story))
        .collect::<Result<_, _>>()?;
    let end = skip + page.len();
    let next_page_token = if end < stories.len() {
        paging::encode(fingerprint, &end.to_string())
    } else {
        String::new()
    };
    Ok(ListStoriesResponse {
        stories: page,
        next_page_token,
        total_size: count(stories.len()),
    })
}

pub(crate) fn get_story(
    state: &State,
    request: &GetStoryRequest,
) -> Result<GetStoryResponse, ApiError> {
    let id = request
        .name
        .strip_prefix("stories/")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::invalid("name", "expected a resource name stories/{story}"))?;
    let corpus = &*state.collection.read();
    let story = corpus
        .story(id)
        .ok_or_else(|| ApiError::NotFound(format!("no story named {:?}", request.name)))?;
    Ok(GetStoryResponse {
        story: Some(message(corpus, &story)?),
    })
}
