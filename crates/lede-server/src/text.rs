//! `lede.v1.TextAnalysisService`: tokens, sentences, stems, keywords and summaries of one
//! text, inline or a corpus document.

use lede_corpus::Corpus;
use lede_proto::v1::text_analysis_service_server::TextAnalysisService;
use lede_proto::v1::{
    ExtractKeywordsRequest, ExtractKeywordsResponse, Keyword, KeywordOptions, Sentence,
    SplitSentencesRequest, SplitSentencesResponse, StemRequest, StemResponse, StemmedWord,
    SummarizeRequest, SummarizeResponse, TextInput, Token, TokenKind, TokenizeRequest,
    TokenizeResponse, text_input,
};
use lede_stem::{Language, Stemmer, StopWords};
use lede_tfidf::{Background, KeyphraseExtractor, KeyphraseOptions, MAX_PHRASE_WORDS};
use lede_tokenize::{TokenKind as LibKind, normalize, paragraphs, tokenize};
use tonic::{Request, Response, Status};

use crate::offsets::{Offsets, encoding};
use crate::status::{ApiError, Violations, quoted};
use crate::{Limits, State};

/// The most words of one `Stem` request.
const MAX_STEM_WORDS: usize = 10_000;

/// The implementation of `TextAnalysisService`.
#[derive(Debug, Clone)]
pub(crate) struct TextService(pub(crate) State);

/// The identifier of a resource name `documents/{document}`.
pub(crate) fn document_id<'a>(name: &'a str, field: &str) -> Result<&'a str, ApiError> {
    name.strip_prefix("documents/")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::invalid(field, "expected a resource name documents/{document}"))
}

/// The resource name of a corpus document.
pub(crate) fn resource_name(id: &str) -> String {
    format!("documents/{id}")
}

/// Checks an inline text: not empty, within the limit.
pub(crate) fn check_text(text: &str, field: &str, limits: &Limits) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::invalid(field, "must not be empty"));
    }
    check_length(text, field, limits)
}

/// Checks that a text is within the limit.
pub(crate) fn check_length(text: &str, field: &str, limits: &Limits) -> Result<(), ApiError> {
    if text.len() > limits.max_text_bytes {
        return Err(ApiError::invalid(
            field,
            format!(
                "{} bytes is more than the limit of {} bytes",
                text.len(),
                limits.max_text_bytes
            ),
        ));
    }
    Ok(())
}

/// The text of an input and the corpus id of its document, if it names one.
pub(crate) fn resolve<'a>(
    corpus: &'a Corpus,
    input: Option<&'a TextInput>,
    limits: &Limits,
) -> Result<(&'a str, Option<&'a str>), ApiError> {
    match input.and_then(|input| input.content.as_ref()) {
        None => Err(ApiError::invalid(
            "input",
            "set either input.text or input.document",
        )),
        Some(text_input::Content::Text(text)) => {
            check_text(text, "input.text", limits)?;
            Ok((text, None))
        }
        Some(text_input::Content::Document(name)) => {
            let id = document_id(name, "input.document")?;
            let document = corpus.get(id).ok_or_else(|| ApiError::no_document(name))?;
            Ok((document.text.as_str(), Some(id)))
        }
    }
}

/// The language of a request: empty is English (the corpus documents are English too).
pub(crate) fn language(value: &str) -> Result<Language, ApiError> {
    if value.is_empty() {
        return Ok(Language::English);
    }
    value.parse().map_err(|error: lede_stem::Error| {
        // The library's message quotes the value whole (and lists every language).
        let description = if value.chars().count() > 64 {
            format!("unknown language {}", quoted(value))
        } else {
            error.to_string()
        };
        ApiError::invalid("language", description)
    })
}

fn kind(kind: LibKind) -> TokenKind {
    match kind {
        LibKind::Word => TokenKind::Word,
        LibKind::Number => TokenKind::Number,
        LibKind::Punctuation => TokenKind::Punctuation,
        LibKind::Symbol => TokenKind::Symbol,
        LibKind::Url => TokenKind::Url,
        LibKind::Email => TokenKind::Email,
        LibKind::Handle => TokenKind::Handle,
        // `lede_tokenize::TokenKind` is non-exhaustive: a kind the API has no value for yet
        // is sent as unspecified (clients must accept that anyway) until the proto gains it.
        _ => TokenKind::Unspecified,
    }
}

fn tokenize_request(
    state: &State,
    request: &TokenizeRequest,
) -> Result<TokenizeResponse, ApiError> {
    let mut violations = Violations::default();
    let (language, encoding) =
        language_and_encoding(&mut violations, &request.language, request.offset_encoding)?;
    let corpus = state.collection.read();
    let resolved = violations.keep(resolve(&corpus, request.input.as_ref(), &state.limits))?;
    let (text, _) = violations.finish_with(resolved)?;
    let offsets = Offsets::new(text, encoding);
    let stemmer = Stemmer::new(language);
    let stop_words = StopWords::for_language(language);
    let tokens = tokenize(text)
        .filter(|token| {
            !(request.skip_punctuation
                && matches!(token.kind, LibKind::Punctuation | LibKind::Symbol))
        })
        .map(|token| {
            let mut out = Token {
                text: token.text.to_owned(),
                kind: kind(token.kind).into(),
                span: Some(offsets.span(token.span)),
                ..Token::default()
            };
            // Normalising is most of a token's cost: only when the request asks for it.
            if request.include_stem || request.include_normalized {
                let normalized = normalize(token.text);
                if request.include_stem {
                    if token.kind == LibKind::Word {
                        out.stem = stemmer.stem(&normalized).into_owned();
                    }
                    out.stop_word = stop_words.contains(&normalized);
                }
                if request.include_normalized {
                    out.normalized = normalized.into_owned();
                }
            }
            out
        })
        .collect();
    Ok(TokenizeResponse { tokens })
}

fn split_request(
    state: &State,
    request: &SplitSentencesRequest,
) -> Result<SplitSentencesResponse, ApiError> {
    let mut violations = Violations::default();
    let encoding = violations
        .keep(encoding(request.offset_encoding))?
        .unwrap_or_default();
    let corpus = state.collection.read();
    let resolved = violations.keep(resolve(&corpus, request.input.as_ref(), &state.limits))?;
    let (text, _) = violations.finish_with(resolved)?;
    let offsets = Offsets::new(text, encoding);
    let mut sentences = Vec::new();
    for (index, paragraph) in paragraphs(text).enumerate() {
        for sentence in paragraph.sentences() {
            sentences.push(Sentence {
                text: sentence.text.to_owned(),
                span: Some(offsets.span(sentence.span)),
                paragraph_index: i32::try_from(index).unwrap_or(i32::MAX),
            });
        }
    }
    Ok(SplitSentencesResponse { sentences })
}

fn stem_request(state: &State, request: &StemRequest) -> Result<StemResponse, ApiError> {
    let mut violations = Violations::default();
    let language = violations.keep(language(&request.language))?;
    if request.words.len() > MAX_STEM_WORDS {
        violations.add("words", format!("at most {MAX_STEM_WORDS} words"));
    } else if let Some(index) = request
        .words
        .iter()
        .position(|word| word.len() > state.limits.max_text_bytes)
    {
        violations.add(format!("words[{index}]"), "longer than the text limit");
    }
    let language = violations.finish_with(language)?;
    let stemmer = Stemmer::new(language);
    let stop_words = StopWords::for_language(language);
    let words = request
        .words
        .iter()
        .map(|word| {
            let normalized = normalize(word);
            StemmedWord {
                word: word.clone(),
                stem: stemmer.stem(&normalized).into_owned(),
                stop_word: stop_words.contains(&normalized),
            }
        })
        .collect();
    Ok(StemResponse { words })
}

/// A request's language and offset encoding; a bad one is kept as a violation (and English
/// or UTF-8 stand in for it) so that the request's other fields are checked too.
fn language_and_encoding(
    violations: &mut Violations,
    name: &str,
    offset_encoding: i32,
) -> Result<(Language, lede_proto::v1::OffsetEncoding), ApiError> {
    let language = violations
        .keep(language(name))?
        .unwrap_or(Language::English);
    let encoding = violations
        .keep(encoding(offset_encoding))?
        .unwrap_or_default();
    Ok((language, encoding))
}

/// Keyword options with defaults applied and ranges checked.
fn keyword_options(options: Option<&KeywordOptions>) -> Result<(KeyphraseOptions, bool), ApiError> {
    let default = KeywordOptions::default();
    let options = options.unwrap_or(&default);
    let mut violations = Violations::default();
    let top_k = match options.top_k {
        0 => 10,
        k if k < 0 => {
            violations.add("options.top_k", "must be at least 1");
            10
        }
        k => usize::try_from(k).unwrap_or(usize::MAX).min(1000),
    };
    let max_words = match options.max_words {
        0 => 3,
        n if (1..=4).contains(&n) => usize::try_from(n).unwrap_or(MAX_PHRASE_WORDS),
        _ => {
            violations.add("options.max_words", "must be between 1 and 4");
            3
        }
    };
    violations.finish()?;
    Ok((
        KeyphraseOptions::default()
            .with_top_k(top_k)
            .with_max_words(max_words),
        options.use_background.unwrap_or(true),
    ))
}

fn keywords_request(
    state: &State,
    request: &ExtractKeywordsRequest,
) -> Result<ExtractKeywordsResponse, ApiError> {
    let mut violations = Violations::default();
    let (language, encoding) =
        language_and_encoding(&mut violations, &request.language, request.offset_encoding)?;
    let options = violations.keep(keyword_options(request.options.as_ref()))?;
    let corpus = state.collection.read();
    let resolved = violations.keep(resolve(&corpus, request.input.as_ref(), &state.limits))?;
    let ((options, use_background), (text, document)) =
        violations.finish_with(options.zip(resolved))?;
    let background = if use_background {
        Background::for_language(language)
    } else {
        None
    };
    let mut extractor =
        KeyphraseExtractor::with_options(language, options).with_background(background);
    let keyphrases = if document.is_some() {
        extractor.extract(text, corpus.stats())
    } else {
        extractor.extract_all(&[text]).pop().unwrap_or_default()
    };
    let offsets = Offsets::new(text, encoding);
    let keywords = keyphrases
        .into_iter()
        .map(|keyphrase| Keyword {
            text: keyphrase.text,
            score: keyphrase.score,
            count: i32::try_from(keyphrase.count).unwrap_or(i32::MAX),
            spans: keyphrase
                .spans
                .iter()
                .map(|&span| offsets.span(span))
                .collect(),
        })
        .collect();
    Ok(ExtractKeywordsResponse { keywords })
}

fn summarize_request(
    state: &State,
    request: &SummarizeRequest,
) -> Result<SummarizeResponse, ApiError> {
    let mut violations = Violations::default();
    let (language, encoding) =
        language_and_encoding(&mut violations, &request.language, request.offset_encoding)?;
    let plan = violations.keep(crate::corpus::SummaryPlan::new(
        request.options.as_ref(),
        language,
        &state.limits,
    ))?;
    let corpus = state.collection.read();
    let resolved = violations.keep(resolve(&corpus, request.input.as_ref(), &state.limits))?;
    let (plan, (text, document)) = violations.finish_with(plan.zip(resolved))?;
    let summary = plan
        .summarizer()?
        .summarize_many(&[text], plan.budget, plan.query.as_deref())?;
    let offsets = Offsets::new(text, encoding);
    let sentences = summary
        .sentences
        .iter()
        .map(|sentence| {
            crate::corpus::summary_sentence(
                sentence.text,
                offsets.span(sentence.span),
                document,
                sentence.index,
                sentence.score,
                sentence.rank,
            )
        })
        .collect();
    Ok(SummarizeResponse { sentences })
}

impl From<lede_summarize::Error> for ApiError {
    fn from(error: lede_summarize::Error) -> Self {
        Self::invalid("options", error.to_string())
    }
}

/// Texts up to this size are tokenized, split or stemmed on the async worker rather than the
/// blocking pool (see `Admission::run_here`): at most some tens of microseconds of work.
const SMALL_TEXT_BYTES: usize = 16 * 1024;

/// Whether `input` is an inline text of at most [`SMALL_TEXT_BYTES`] (a named document's size
/// is not known before it is looked up).
fn small_inline_text(input: Option<&TextInput>) -> bool {
    matches!(
        input.and_then(|input| input.content.as_ref()),
        Some(text_input::Content::Text(text)) if text.len() <= SMALL_TEXT_BYTES
    )
}

#[tonic::async_trait]
impl TextAnalysisService for TextService {
    async fn tokenize(
        &self,
        request: Request<TokenizeRequest>,
    ) -> Result<Response<TokenizeResponse>, Status> {
        rpc!(
            self,
            request,
            "Tokenize",
            tokenize_request,
            small = |request: &TokenizeRequest| { small_inline_text(request.input.as_ref()) }
        )
    }

    async fn split_sentences(
        &self,
        request: Request<SplitSentencesRequest>,
    ) -> Result<Response<SplitSentencesResponse>, Status> {
        rpc!(
            self,
            request,
            "SplitSentences",
            split_request,
            small = |request: &SplitSentencesRequest| { small_inline_text(request.input.as_ref()) }
        )
    }

    async fn stem(&self, request: Request<StemRequest>) -> Result<Response<StemResponse>, Status> {
        rpc!(
            self,
            request,
            "Stem",
            stem_request,
            small = |request: &StemRequest| {
                request.words.iter().map(String::len).sum::<usize>() <= SMALL_TEXT_BYTES
            }
        )
    }

    async fn extract_keywords(
        &self,
        request: Request<ExtractKeywordsRequest>,
    ) -> Result<Response<ExtractKeywordsResponse>, Status> {
        rpc!(self, request, "ExtractKeywords", keywords_request)
    }

    async fn summarize(
        &self,
        request: Request<SummarizeRequest>,
    ) -> Result<Response<SummarizeResponse>, Status> {
        rpc!(self, request, "Summarize", summarize_request)
    }
}
