//! `lede.v1.TextAnalysisService`: tokens, sentences, stems, keywords and summaries of one
//! text, inline or a corpus document.

use lede_proto::v1::text_analysis_service_server::TextAnalysisService;
use lede_proto::v1::{
    ExtractKeywordsRequest, ExtractKeywordsResponse, Keyword, Sentence, SplitSentencesRequest,
    SplitSentencesResponse, StemRequest, StemResponse, StemmedWord, SummarizeRequest,
    SummarizeResponse, TextInput, Token, TokenizeRequest, TokenizeResponse, text_input,
};
use lede_stem::{Stemmer, StopWords};
use lede_tfidf::{Background, KeyphraseExtractor};
use lede_tokenize::{TokenKind as LibKind, normalize, paragraphs, tokenize};
use tonic::{Request, Response, Status};

use crate::State;
use crate::convert::{kind, summary_sentence};
use crate::offsets::{Offsets, encoding};
use crate::status::{ApiError, Violations};
use crate::validate::{SummaryPlan, keyword_options, language, language_and_encoding, resolve};

/// The most words of one `Stem` request.
const MAX_STEM_WORDS: usize = 10_000;

/// The implementation of `TextAnalysisService`.
#[derive(Debug, Clone)]
pub(crate) struct TextService(pub(crate) State);

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
    let plan = violations.keep(SummaryPlan::new(
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
            summary_sentence(
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
