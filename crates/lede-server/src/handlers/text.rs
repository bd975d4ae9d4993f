//! `lede.v1.TextAnalysisService`: tokens, sentences, stems, keywords and summaries of one
//! text, inline or a corpus document.

use std::borrow::Cow;

use lede_corpus::{Language, WordAnalyzer, keywords_of_text, summarize_texts};
use lede_proto::v1::text_analysis_service_server::TextAnalysisService;
use lede_proto::v1::{
    ExtractKeywordsRequest, ExtractKeywordsResponse, Keyword, Sentence, SplitSentencesRequest,
    SplitSentencesResponse, StemRequest, StemResponse, StemmedWord, SummarizeRequest,
    SummarizeResponse, TextInput, Token, TokenizeRequest, TokenizeResponse, text_input,
};
use lede_tokenize::{TokenKind as LibKind, paragraphs, tokenize};
use tonic::{Request, Response, Status};

use crate::State;
use crate::convert::{kind, summary_sentence};
use crate::offsets::Offsets;
use crate::status::{ApiError, Violations};
use crate::validate::{self, Source, language, summary_request, text_request};

/// The most words of one `Stem` request.
const MAX_STEM_WORDS: usize = 10_000;

/// The implementation of `TextAnalysisService`.
#[derive(Debug, Clone)]
pub(crate) struct TextService(pub(crate) State);

fn tokenize_request(
    state: &State,
    request: &TokenizeRequest,
) -> Result<TokenizeResponse, ApiError> {
    let (source, encoding, ()) = text_request(
        &state.collection,
        &state.limits,
        request.input.as_ref(),
        Some(&request.language),
        request.offset_encoding,
        || Ok(()),
    )?;
    let (text, language) = source.into_text()?;
    let offsets = Offsets::new(&text, encoding);
    let words = WordAnalyzer::new(language);
    let tokens = tokenize(&text)
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
                let forms = words.word(
                    token.text,
                    request.include_stem && token.kind == LibKind::Word,
                );
                if request.include_stem {
                    out.stem = forms.stem;
                    out.stop_word = forms.stop_word;
                }
                if request.include_normalized {
                    out.normalized = forms.normalized.into_owned();
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
    let (source, encoding, ()) = text_request(
        &state.collection,
        &state.limits,
        request.input.as_ref(),
        None,
        request.offset_encoding,
        || Ok(()),
    )?;
    let (text, _) = source.into_text()?;
    let offsets = Offsets::new(&text, encoding);
    let mut sentences = Vec::new();
    for (index, paragraph) in paragraphs(&text).enumerate() {
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
    let words = WordAnalyzer::new(language.unwrap_or(Language::English));
    let words = request
        .words
        .iter()
        .map(|word| {
            let forms = words.word(word, true);
            StemmedWord {
                word: word.clone(),
                stem: forms.stem,
                stop_word: forms.stop_word,
            }
        })
        .collect();
    Ok(StemResponse { words })
}

fn keywords_request(
    state: &State,
    request: &ExtractKeywordsRequest,
) -> Result<ExtractKeywordsResponse, ApiError> {
    let (source, encoding, options) = text_request(
        &state.collection,
        &state.limits,
        request.input.as_ref(),
        Some(&request.language),
        request.offset_encoding,
        || validate::keywords_request(request.options.as_ref()),
    )?;
    // A stored document's keyphrases are ranked against the corpus (held for that one
    // document's analysis); inline text needs no corpus.
    let (text, keyphrases) = match source {
        Source::Text(text, language) => (
            Cow::Borrowed(text),
            keywords_of_text(text, language, &options)?,
        ),
        Source::Document { corpus, name, id } => {
            let document = corpus.get(id).ok_or_else(|| ApiError::no_document(name))?;
            let keyphrases = corpus.keywords(id, &options)?;
            (Cow::Owned(document.text.clone()), keyphrases)
        }
    };
    let offsets = Offsets::new(&text, encoding);
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
    let (source, encoding, options) = text_request(
        &state.collection,
        &state.limits,
        request.input.as_ref(),
        Some(&request.language),
        request.offset_encoding,
        || summary_request(request.options.as_ref(), &state.limits),
    )?;
    let sentences = match source {
        Source::Text(text, language) => {
            let summary = summarize_texts(&[text], language, &options)?;
            let offsets = Offsets::new(text, encoding);
            summary
                .sentences
                .iter()
                .map(|s| {
                    summary_sentence(s.text, offsets.span(s.span), None, s.index, s.score, s.rank)
                })
                .collect()
        }
        // A stored document is summarised as SummarizeDocuments summarises it: against the
        // corpus's statistics, computed after the corpus is released.
        Source::Document { corpus, name, id } => {
            if !corpus.contains(id) {
                return Err(ApiError::no_document(name));
            }
            let job = corpus.summary_job(Some(&[id]), &options)?;
            drop(corpus);
            let summary = job.run()?;
            let offsets = Offsets::new(job.text(id).unwrap_or_default(), encoding);
            summary
                .iter()
                .map(|s| {
                    let span = offsets.span(s.span);
                    summary_sentence(s.text, span, Some(id), s.index, s.score, s.rank)
                })
                .collect()
        }
    };
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
