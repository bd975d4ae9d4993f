//! Hostile requests over gRPC (issue "under load and under attack"): a table of malformed,
//! oversized, odd and out-of-range requests over every method of `TextAnalysisService` and
//! `CorpusService`, each with the status it must get; 1 ms deadlines; calls cancelled
//! mid-flight; a flood of concurrent connections; raw-TCP garbage. After each, the server
//! must still be healthy (`grpc.health.v1` SERVING) and answer an ordinary request.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Server, assert_serving, check_invalid, inline, named};
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::text_analysis_service_client::TextAnalysisServiceClient;
use lede_proto::v1::*;
use lede_server::Limits;
use prost_types::FieldMask;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_types::StatusExt as _;

/// The server's limits in every test: the defaults (1 MiB of text, 4 MiB messages).
const MAX_TEXT: usize = 1 << 20;
const MAX_MESSAGE: usize = 4 << 20;

// ---------------------------------------------------------------------------------------
// The server and its clients.

async fn start() -> Server {
    Server::seeds(Limits::default()).await
}

/// Asserts that the server is healthy and answers an ordinary request correctly.
async fn assert_healthy(server: &Server, context: &str) {
    assert_serving(&server.channel, context).await;
    assert_answers(&server.channel, context).await;
}

/// Asserts that an ordinary `Tokenize` gets its ordinary answer.
async fn assert_answers(channel: &Channel, context: &str) {
    let tokens = TextAnalysisServiceClient::new(channel.clone())
        .tokenize(TokenizeRequest {
            input: inline("Still standing."),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|status| panic!("{context}: an ordinary Tokenize failed: {status:?}"))
        .into_inner()
        .tokens;
    let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Still", "standing", "."], "{context}");
}

// ---------------------------------------------------------------------------------------
// Calls and replies: one variant per method.

enum Call {
    Tokenize(TokenizeRequest),
    SplitSentences(SplitSentencesRequest),
    Stem(StemRequest),
    ExtractKeywords(ExtractKeywordsRequest),
    Summarize(SummarizeRequest),
    ListDocuments(ListDocumentsRequest),
    GetDocument(GetDocumentRequest),
    SearchDocuments(SearchDocumentsRequest),
    FindSimilarDocuments(FindSimilarDocumentsRequest),
    SummarizeDocuments(SummarizeDocumentsRequest),
    GetCorpusStats(GetCorpusStatsRequest),
    CreateDocument(CreateDocumentRequest),
    BatchCreateDocuments(BatchCreateDocumentsRequest),
    UpdateDocument(UpdateDocumentRequest),
    DeleteDocument(DeleteDocumentRequest),
    /// The messages of the client stream.
    ImportDocuments(Vec<ImportDocumentsRequest>),
}

#[derive(Debug)]
#[allow(dead_code)] // some replies are only shown (Debug), not checked
enum Reply {
    Tokenize(TokenizeResponse),
    SplitSentences(SplitSentencesResponse),
    Stem(StemResponse),
    ExtractKeywords(ExtractKeywordsResponse),
    Summarize(SummarizeResponse),
    ListDocuments(ListDocumentsResponse),
    GetDocument(GetDocumentResponse),
    SearchDocuments(SearchDocumentsResponse),
    FindSimilarDocuments(FindSimilarDocumentsResponse),
    SummarizeDocuments(SummarizeDocumentsResponse),
    GetCorpusStats(GetCorpusStatsResponse),
    CreateDocument(CreateDocumentResponse),
    BatchCreateDocuments(BatchCreateDocumentsResponse),
    UpdateDocument(UpdateDocumentResponse),
    DeleteDocument(DeleteDocumentResponse),
    ImportDocuments(ImportDocumentsResponse),
}

fn request<T>(message: T, timeout: Option<Duration>) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    if let Some(timeout) = timeout {
        request.set_timeout(timeout);
    }
    request
}

/// Makes `call` on `server`, with `timeout` as its deadline (`grpc-timeout`).
async fn send(server: &Server, call: Call, timeout: Option<Duration>) -> Result<Reply, Status> {
    let mut text = server.text();
    let mut corpus = server.corpus();
    Ok(match call {
        Call::Tokenize(m) => {
            Reply::Tokenize(text.tokenize(request(m, timeout)).await?.into_inner())
        }
        Call::SplitSentences(m) => Reply::SplitSentences(
            text.split_sentences(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::Stem(m) => Reply::Stem(text.stem(request(m, timeout)).await?.into_inner()),
        Call::ExtractKeywords(m) => Reply::ExtractKeywords(
            text.extract_keywords(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::Summarize(m) => {
            Reply::Summarize(text.summarize(request(m, timeout)).await?.into_inner())
        }
        Call::ListDocuments(m) => Reply::ListDocuments(
            corpus
                .list_documents(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::GetDocument(m) => {
            Reply::GetDocument(corpus.get_document(request(m, timeout)).await?.into_inner())
        }
        Call::SearchDocuments(m) => Reply::SearchDocuments(
            corpus
                .search_documents(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::FindSimilarDocuments(m) => Reply::FindSimilarDocuments(
            corpus
                .find_similar_documents(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::SummarizeDocuments(m) => Reply::SummarizeDocuments(
            corpus
                .summarize_documents(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::GetCorpusStats(m) => Reply::GetCorpusStats(
            corpus
                .get_corpus_stats(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::CreateDocument(m) => Reply::CreateDocument(
            corpus
                .create_document(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::BatchCreateDocuments(m) => Reply::BatchCreateDocuments(
            corpus
                .batch_create_documents(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::UpdateDocument(m) => Reply::UpdateDocument(
            corpus
                .update_document(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::DeleteDocument(m) => Reply::DeleteDocument(
            corpus
                .delete_document(request(m, timeout))
                .await?
                .into_inner(),
        ),
        Call::ImportDocuments(ms) => Reply::ImportDocuments(
            corpus
                .import_documents(request(tokio_stream::iter(ms), timeout))
                .await?
                .into_inner(),
        ),
    })
}

// ---------------------------------------------------------------------------------------
// Expected outcomes.

type Check = Box<dyn Fn(&Reply) -> Result<(), String> + Send>;

enum Expect {
    /// OK, and the reply passes the check.
    Ok(Check),
    /// INVALID_ARGUMENT with a BadRequest field violation naming this field.
    Invalid(&'static str),
    /// This code (NOT_FOUND, RESOURCE_EXHAUSTED, ALREADY_EXISTS).
    Code(Code),
    /// The deadline passed: DEADLINE_EXCEEDED from the server, or tonic's CANCELLED
    /// "Timeout expired" — from the client's own deadline timer (no response metadata), or
    /// from tonic's server-side `grpc-timeout` layer when the deadline passes while the
    /// request body is still arriving, before any lede code runs (a known defect: gRPC says
    /// DEADLINE_EXCEEDED; see `deadline_inside_a_handler_is_deadline_exceeded` for the
    /// server's own answer). Never OK, never another code.
    Deadline,
}

/// Returns `Err(message)` from the enclosing check unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

/// `Expect::Ok` with a check of the reply of one method.
macro_rules! ok {
    ($variant:ident, |$reply:ident| $body:expr) => {
        Expect::Ok(Box::new(move |reply: &Reply| match reply {
            Reply::$variant($reply) => $body,
            other => Err(format!("unexpected reply {other:?}")),
        }))
    };
}

fn judge(expect: &Expect, result: &Result<Reply, Status>) -> Result<(), String> {
    match (expect, result) {
        (Expect::Ok(check), Ok(reply)) => check(reply),
        (Expect::Invalid(field), Err(status)) => check_invalid(status, field),
        (Expect::Code(code), Err(status)) if status.code() == *code => Ok(()),
        (Expect::Deadline, Err(status)) if status.code() == Code::DeadlineExceeded => Ok(()),
        (Expect::Deadline, Err(status))
            if status.code() == Code::Cancelled && status.message() == "Timeout expired" =>
        {
            Ok(())
        }
        (_, Ok(reply)) => Err(format!(
            "want an error, got OK: {:.300}",
            format!("{reply:?}")
        )),
        (_, Err(status)) => Err(format!(
            "unexpected status {:?}: {:.300} {:?}",
            status.code(),
            status.message(),
            status.metadata()
        )),
    }
}

struct Case {
    name: String,
    call: Call,
    timeout: Option<Duration>,
    expect: Expect,
}

fn case(name: impl Into<String>, call: Call, expect: Expect) -> Case {
    Case {
        name: name.into(),
        call,
        timeout: None,
        expect,
    }
}

// ---------------------------------------------------------------------------------------
// Span checks.

/// The byte offset of every unit boundary of a text in one encoding (`None` inside a
/// surrogate pair).
struct Units {
    boundaries: Vec<Option<usize>>,
}

impl Units {
    fn new(text: &str, encoding: OffsetEncoding) -> Self {
        let mut boundaries = Vec::with_capacity(text.len() + 1);
        match encoding {
            OffsetEncoding::Unspecified | OffsetEncoding::Utf8 => {
                boundaries.extend((0..=text.len()).map(|b| text.is_char_boundary(b).then_some(b)));
            }
            OffsetEncoding::CodePoint | OffsetEncoding::Utf16 => {
                for (b, c) in text.char_indices() {
                    boundaries.push(Some(b));
                    if encoding == OffsetEncoding::Utf16 && c.len_utf16() == 2 {
                        boundaries.push(None);
                    }
                }
                boundaries.push(Some(text.len()));
            }
        }
        Self { boundaries }
    }

    /// The length of the text in units.
    fn len(&self) -> i32 {
        i32::try_from(self.boundaries.len() - 1).unwrap()
    }

    /// The text of `span`, if it is a valid span of `text` on character boundaries.
    fn slice<'a>(&self, text: &'a str, span: Option<&Span>) -> Result<&'a str, String> {
        let span = span.ok_or("no span")?;
        let bound = |offset: i32| {
            usize::try_from(offset)
                .ok()
                .and_then(|o| self.boundaries.get(o).copied().flatten())
                .ok_or_else(|| {
                    format!(
                        "{span:?}: {offset} is outside the text ({} units) or not on a \
                         character boundary",
                        self.len()
                    )
                })
        };
        let (start, end) = (bound(span.start)?, bound(span.end)?);
        ensure!(start <= end, "{span:?} ends before it starts");
        Ok(&text[start..end])
    }
}

/// Checks that each `(text, span)` of `items` is the slice of `text` at `span` in `encoding`
/// and that the spans are in order without overlap.
fn check_spans<'a>(
    text: &str,
    encoding: OffsetEncoding,
    items: impl IntoIterator<Item = (&'a str, Option<&'a Span>)>,
) -> Result<(), String> {
    let units = Units::new(text, encoding);
    let mut previous_end = 0;
    for (index, (item, span)) in items.into_iter().enumerate() {
        let slice = units
            .slice(text, span)
            .map_err(|e| format!("item {index}: {e}"))?;
        ensure!(
            slice == item,
            "item {index}: the span {span:?} is {:.80?}, the item {:.80?}",
            slice,
            item
        );
        let span = span.unwrap();
        ensure!(
            span.start >= previous_end,
            "item {index}: {span:?} overlaps or precedes the one before"
        );
        previous_end = span.end;
    }
    Ok(())
}

/// Checks that every span is a valid span of `text` in `encoding` (keyword spans, which are
/// occurrences, not the keyword's own text).
fn check_bounds<'a>(
    text: &str,
    encoding: OffsetEncoding,
    spans: impl IntoIterator<Item = &'a Span>,
) -> Result<(), String> {
    let units = Units::new(text, encoding);
    for span in spans {
        let slice = units.slice(text, Some(span))?;
        ensure!(!slice.trim().is_empty(), "{span:?} covers no text");
    }
    Ok(())
}

const ENCODINGS: [OffsetEncoding; 3] = [
    OffsetEncoding::Utf8,
    OffsetEncoding::CodePoint,
    OffsetEncoding::Utf16,
];

// ---------------------------------------------------------------------------------------
// Texts.

const PUNCTUATION: &str = "!!! ... ??? — «» ¿¡ ;;; --- (…) \"\" '' ,,,";

/// Texts of deep or odd Unicode, each analysed in every encoding.
fn unicode_texts() -> Vec<(&'static str, String)> {
    vec![
        (
            "combining marks 1000 deep",
            format!(
                "Zalgo e{} says hi. Then a{} and o{}!",
                "\u{301}".repeat(1000),
                "\u{308}\u{323}".repeat(200),
                "\u{20DD}".repeat(50)
            ),
        ),
        (
            "RTL with bidi controls",
            "\u{202B}שלום עולם\u{202C} \u{200F}مرحبا بالعالم\u{200E}. \u{2067}גדול \
             123\u{2069} \u{202E}evil.exe\u{202C} and \u{061C}نص عربي! Then English text."
                .to_owned(),
        ),
        (
            "emoji ZWJ sequences",
            "👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👨🏽‍🚀 astronaut, 🇺🇦 and 🏴󠁧󠁢󠁳󠁣󠁴󠁿 flags. \
             Keycap 1️⃣ and ❤️‍🔥 hearts everywhere."
                .to_owned(),
        ),
        (
            "odd code points and NUL",
            "a\0b c\0\0d. \u{FEFF}x \u{10FFFF} \u{FDD0}\u{FFFE} \u{E000} \u{1} \u{7F} \u{85}\
             tag\u{E0041}\u{E007F} v\u{FE0F}s \u{200B}zero\u{200D}width \u{2028}line\u{2029}para \
             𝒜𝓁𝓅𝒽𝒶 \u{1D7D8}. Done."
                .to_owned(),
        ),
        (
            "mixed scripts",
            "日本語のテキスト。Ελληνικά κείμενα! Кириллица тоже? ไทยไม่มีช่องว่าง 한국어 문장."
                .to_owned(),
        ),
    ]
}

/// One word of 1,000,000 bytes in 250,000 code points and 500,000 UTF-16 units, so that
/// the three encodings differ.
fn astral_word() -> String {
    "𝒜".repeat(250_000)
}

fn ascii_word() -> String {
    "a".repeat(1_000_000)
}

/// About 1 MB of varied prose (many short sentences).
fn prose(bytes: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "Officials in city{} discussed topic{} and budget{} with envoy{} on day {i}. ",
            i % 37,
            i % 53,
            i % 11,
            i % 29
        ));
        i += 1;
    }
    text.truncate(text[..bytes].rfind(' ').unwrap());
    text
}

// ---------------------------------------------------------------------------------------
// The table.

/// Every case, for a server over the seeds; `seed` is the name of one seed document.
#[allow(clippy::too_many_lines)]
fn table(seed: &str, seed_count: usize) -> Vec<Case> {
    let mut cases = Vec::new();
    let seed = seed.to_owned();
    let over = "a".repeat(MAX_TEXT + 1);
    let at_limit = "a".repeat(MAX_TEXT);
    let message = "x ".repeat(MAX_MESSAGE / 2 + 1);
    let astral = astral_word();
    let ascii = ascii_word();
    let long_name = format!("documents/{}", "n".repeat(10_000));
    // Longer than any response header a client accepts: an error must not echo it whole.
    let huge_name = format!("documents/{}", "n".repeat(1_000_000));
    let bad_names = [
        ("empty", ""),
        ("collection only", "documents/"),
        ("other collection", "foo/bar"),
        ("leading slash", "/documents/x"),
        ("upper case collection", "DOCUMENTS/x"),
        ("no collection", "x"),
    ];
    // Names of the right form that name nothing (the corpus may hold ids with `/` or `.`
    // loaded from JSONL, so a read of such a name is NOT_FOUND, not INVALID_ARGUMENT).
    let missing_names = [
        ("unknown", "documents/no-such-document".to_owned()),
        ("dot dot", "documents/../x".to_owned()),
        ("nested", "documents/a/b".to_owned()),
        ("NUL", "documents/a\0b".to_owned()),
        ("10 KB", long_name.clone()),
        ("1 MB", huge_name.clone()),
    ];

    // --- Tokenize.
    for (name, text, field) in [
        ("empty", "", "input.text"),
        ("white space only", " \n\t\u{3000}\u{A0} ", "input.text"),
        ("just over the text limit", over.as_str(), "input.text"),
    ] {
        cases.push(case(
            format!("Tokenize: {name} text"),
            Call::Tokenize(TokenizeRequest {
                input: inline(text),
                ..Default::default()
            }),
            Expect::Invalid(field),
        ));
    }
    cases.push(case(
        "Tokenize: no input",
        Call::Tokenize(TokenizeRequest::default()),
        Expect::Invalid("input"),
    ));
    cases.push(case(
        "Tokenize: input with neither text nor document",
        Call::Tokenize(TokenizeRequest {
            input: Some(TextInput { content: None }),
            ..Default::default()
        }),
        Expect::Invalid("input"),
    ));
    cases.push(case(
        "Tokenize: a message over max_message_bytes",
        Call::Tokenize(TokenizeRequest {
            input: inline(&message),
            ..Default::default()
        }),
        Expect::Code(Code::ResourceExhausted),
    ));
    {
        let len = at_limit.len();
        cases.push(case(
            "Tokenize: a word of exactly max_text_bytes",
            Call::Tokenize(TokenizeRequest {
                input: inline(&at_limit),
                ..Default::default()
            }),
            ok!(Tokenize, |r| {
                ensure!(r.tokens.len() == 1, "{} tokens", r.tokens.len());
                let span = r.tokens[0].span.unwrap_or_default();
                ensure!(
                    (span.start, span.end) == (0, i32::try_from(len).unwrap()),
                    "{span:?}"
                );
                Ok(())
            }),
        ));
    }
    for encoding in ENCODINGS {
        let text = astral.clone();
        cases.push(case(
            format!("Tokenize: one 1,000,000-byte word, {encoding:?}"),
            Call::Tokenize(TokenizeRequest {
                input: inline(&astral),
                offset_encoding: encoding.into(),
                include_normalized: true,
                include_stem: true,
                ..Default::default()
            }),
            ok!(Tokenize, |r| {
                ensure!(r.tokens.len() == 1, "{} tokens", r.tokens.len());
                let token = &r.tokens[0];
                ensure!(token.kind() == TokenKind::Word, "kind {:?}", token.kind());
                let units = Units::new(&text, encoding);
                let span = token.span.unwrap_or_default();
                ensure!(
                    (span.start, span.end) == (0, units.len()),
                    "{span:?}, want 0..{}",
                    units.len()
                );
                ensure!(token.text == text, "the token is not the text");
                ensure!(!token.normalized.is_empty(), "no normalized form");
                Ok(())
            }),
        ));
    }
    for skip_punctuation in [false, true] {
        cases.push(case(
            format!("Tokenize: punctuation only, skip_punctuation {skip_punctuation}"),
            Call::Tokenize(TokenizeRequest {
                input: inline(PUNCTUATION),
                offset_encoding: OffsetEncoding::Utf16.into(),
                skip_punctuation,
                ..Default::default()
            }),
            ok!(Tokenize, |r| {
                if skip_punctuation {
                    ensure!(r.tokens.is_empty(), "{:?}", r.tokens);
                    return Ok(());
                }
                ensure!(!r.tokens.is_empty(), "no tokens");
                ensure!(
                    r.tokens
                        .iter()
                        .all(|t| matches!(t.kind(), TokenKind::Punctuation | TokenKind::Symbol)),
                    "a token that is not punctuation: {:?}",
                    r.tokens
                );
                check_spans(
                    PUNCTUATION,
                    OffsetEncoding::Utf16,
                    r.tokens.iter().map(|t| (t.text.as_str(), t.span.as_ref())),
                )
            }),
        ));
    }
    for (name, text) in unicode_texts() {
        for encoding in ENCODINGS {
            let text = text.clone();
            let sent = text.clone();
            cases.push(case(
                format!("Tokenize: {name}, {encoding:?}"),
                Call::Tokenize(TokenizeRequest {
                    input: inline(&sent),
                    offset_encoding: encoding.into(),
                    include_normalized: true,
                    include_stem: true,
                    ..Default::default()
                }),
                ok!(Tokenize, |r| {
                    ensure!(
                        r.tokens.iter().any(|t| t.kind() == TokenKind::Word),
                        "no word"
                    );
                    check_spans(
                        &text,
                        encoding,
                        r.tokens.iter().map(|t| (t.text.as_str(), t.span.as_ref())),
                    )
                }),
            ));
        }
    }
    for value in [99, -1, i32::MIN] {
        cases.push(case(
            format!("Tokenize: offset_encoding {value}"),
            Call::Tokenize(TokenizeRequest {
                input: inline("hello"),
                offset_encoding: value,
                ..Default::default()
            }),
            Expect::Invalid("offset_encoding"),
        ));
    }
    for language in [
        "klingon",
        "en\0",
        &"x".repeat(10_000),
        &"x".repeat(1_000_000),
    ] {
        cases.push(case(
            format!(
                "Tokenize: language {:?} ({} bytes)",
                language.chars().take(8).collect::<String>(),
                language.len()
            ),
            Call::Tokenize(TokenizeRequest {
                input: inline("hello"),
                language: language.to_owned(),
                ..Default::default()
            }),
            Expect::Invalid("language"),
        ));
    }
    for (name, bad) in bad_names {
        cases.push(case(
            format!("Tokenize: document name {name}"),
            Call::Tokenize(TokenizeRequest {
                input: named(bad),
                ..Default::default()
            }),
            Expect::Invalid("input.document"),
        ));
    }
    for (name, missing) in &missing_names {
        cases.push(case(
            format!("Tokenize: document name {name}"),
            Call::Tokenize(TokenizeRequest {
                input: named(missing),
                ..Default::default()
            }),
            Expect::Code(Code::NotFound),
        ));
    }

    // --- SplitSentences.
    cases.push(case(
        "SplitSentences: empty text",
        Call::SplitSentences(SplitSentencesRequest {
            input: inline(""),
            ..Default::default()
        }),
        Expect::Invalid("input.text"),
    ));
    cases.push(case(
        "SplitSentences: just over the text limit",
        Call::SplitSentences(SplitSentencesRequest {
            input: inline(&over),
            ..Default::default()
        }),
        Expect::Invalid("input.text"),
    ));
    cases.push(case(
        "SplitSentences: a message over max_message_bytes",
        Call::SplitSentences(SplitSentencesRequest {
            input: inline(&message),
            ..Default::default()
        }),
        Expect::Code(Code::ResourceExhausted),
    ));
    cases.push(case(
        "SplitSentences: offset_encoding 99",
        Call::SplitSentences(SplitSentencesRequest {
            input: inline("Hello. World."),
            offset_encoding: 99,
        }),
        Expect::Invalid("offset_encoding"),
    ));
    cases.push(case(
        "SplitSentences: punctuation only",
        Call::SplitSentences(SplitSentencesRequest {
            input: inline(PUNCTUATION),
            offset_encoding: OffsetEncoding::Utf16.into(),
        }),
        ok!(SplitSentences, |r| check_spans(
            PUNCTUATION,
            OffsetEncoding::Utf16,
            r.sentences
                .iter()
                .map(|s| (s.text.as_str(), s.span.as_ref())),
        )),
    ));
    for encoding in ENCODINGS {
        let text = astral.clone();
        cases.push(case(
            format!("SplitSentences: one 1,000,000-byte word, {encoding:?}"),
            Call::SplitSentences(SplitSentencesRequest {
                input: inline(&astral),
                offset_encoding: encoding.into(),
            }),
            ok!(SplitSentences, |r| {
                ensure!(r.sentences.len() == 1, "{} sentences", r.sentences.len());
                let span = r.sentences[0].span.unwrap_or_default();
                let len = Units::new(&text, encoding).len();
                ensure!(
                    (span.start, span.end) == (0, len),
                    "{span:?}, want 0..{len}"
                );
                ensure!(r.sentences[0].text == text, "the sentence is not the text");
                Ok(())
            }),
        ));
    }
    for (name, text) in unicode_texts() {
        for encoding in ENCODINGS {
            let text = text.clone();
            let sent = text.clone();
            cases.push(case(
                format!("SplitSentences: {name}, {encoding:?}"),
                Call::SplitSentences(SplitSentencesRequest {
                    input: inline(&sent),
                    offset_encoding: encoding.into(),
                }),
                ok!(SplitSentences, |r| {
                    ensure!(!r.sentences.is_empty(), "no sentences");
                    check_spans(
                        &text,
                        encoding,
                        r.sentences
                            .iter()
                            .map(|s| (s.text.as_str(), s.span.as_ref())),
                    )
                }),
            ));
        }
    }
    cases.push(case(
        "SplitSentences: unknown document",
        Call::SplitSentences(SplitSentencesRequest {
            input: named("documents/no-such-document"),
            ..Default::default()
        }),
        Expect::Code(Code::NotFound),
    ));

    // --- Stem.
    cases.push(case(
        "Stem: no words",
        Call::Stem(StemRequest::default()),
        ok!(Stem, |r| {
            ensure!(r.words.is_empty(), "{:?}", r.words);
            Ok(())
        }),
    ));
    cases.push(case(
        "Stem: 10,001 words",
        Call::Stem(StemRequest {
            words: vec!["running".to_owned(); 10_001],
            ..Default::default()
        }),
        Expect::Invalid("words"),
    ));
    cases.push(case(
        "Stem: a word over the text limit",
        Call::Stem(StemRequest {
            words: vec!["ok".to_owned(), over.clone()],
            ..Default::default()
        }),
        Expect::Invalid("words[1]"),
    ));
    cases.push(case(
        "Stem: a message over max_message_bytes",
        Call::Stem(StemRequest {
            words: vec!["w".repeat(MAX_TEXT / 2); 9],
            ..Default::default()
        }),
        Expect::Code(Code::ResourceExhausted),
    ));
    cases.push(case(
        "Stem: language klingon",
        Call::Stem(StemRequest {
            words: vec!["running".to_owned()],
            language: "klingon".to_owned(),
        }),
        Expect::Invalid("language"),
    ));
    {
        let mut words: Vec<String> = unicode_texts()
            .into_iter()
            .flat_map(|(_, text)| {
                text.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        words.extend(["".to_owned(), PUNCTUATION.to_owned(), ascii.clone()]);
        let sent = words.clone();
        let ascii = ascii.clone();
        cases.push(case(
            "Stem: odd words, empty, punctuation and a 1,000,000-byte word",
            Call::Stem(StemRequest {
                words: sent,
                ..Default::default()
            }),
            ok!(Stem, |r| {
                ensure!(r.words.len() == words.len(), "{} words", r.words.len());
                for (got, want) in r.words.iter().zip(&words) {
                    ensure!(
                        got.word == *want,
                        "word {:.40?} echoed as {:.40?}",
                        want,
                        got.word
                    );
                }
                let running = &r.words[words.len() - 1];
                ensure!(
                    running.stem == ascii,
                    "the long word stemmed to {:.20?}",
                    running.stem
                );
                Ok(())
            }),
        ));
    }

    // --- ExtractKeywords.
    cases.push(case(
        "ExtractKeywords: empty text",
        Call::ExtractKeywords(ExtractKeywordsRequest {
            input: inline(""),
            ..Default::default()
        }),
        Expect::Invalid("input.text"),
    ));
    cases.push(case(
        "ExtractKeywords: just over the text limit",
        Call::ExtractKeywords(ExtractKeywordsRequest {
            input: inline(&over),
            ..Default::default()
        }),
        Expect::Invalid("input.text"),
    ));
    cases.push(case(
        "ExtractKeywords: punctuation only",
        Call::ExtractKeywords(ExtractKeywordsRequest {
            input: inline(PUNCTUATION),
            ..Default::default()
        }),
        ok!(ExtractKeywords, |r| {
            ensure!(r.keywords.is_empty(), "{:?}", r.keywords);
            Ok(())
        }),
    ));
    {
        let text = astral.clone();
        cases.push(case(
            "ExtractKeywords: one 1,000,000-byte word, UTF-16",
            Call::ExtractKeywords(ExtractKeywordsRequest {
                input: inline(&astral),
                offset_encoding: OffsetEncoding::Utf16.into(),
                ..Default::default()
            }),
            ok!(ExtractKeywords, |r| {
                ensure!(r.keywords.len() <= 1, "{} keywords", r.keywords.len());
                for keyword in &r.keywords {
                    ensure!(keyword.spans.len() == 1, "{:?}", keyword.spans);
                    ensure!(
                        keyword.spans[0]
                            == Span {
                                start: 0,
                                end: 500_000
                            },
                        "{:?}",
                        keyword.spans[0]
                    );
                }
                check_bounds(
                    &text,
                    OffsetEncoding::Utf16,
                    r.keywords.iter().flat_map(|k| &k.spans),
                )
            }),
        ));
    }
    for (name, text) in unicode_texts() {
        let sent = text.clone();
        cases.push(case(
            format!("ExtractKeywords: {name}, UTF-16"),
            Call::ExtractKeywords(ExtractKeywordsRequest {
                input: inline(&sent),
                offset_encoding: OffsetEncoding::Utf16.into(),
                ..Default::default()
            }),
            ok!(ExtractKeywords, |r| {
                ensure!(!r.keywords.is_empty(), "no keywords");
                check_bounds(
                    &text,
                    OffsetEncoding::Utf16,
                    r.keywords.iter().flat_map(|k| &k.spans),
                )
            }),
        ));
    }
    for (top_k, max_words, field) in [
        (-1, 0, "options.top_k"),
        (i32::MIN, 0, "options.top_k"),
        (0, -1, "options.max_words"),
        (0, 5, "options.max_words"),
        (0, i32::MAX, "options.max_words"),
    ] {
        cases.push(case(
            format!("ExtractKeywords: top_k {top_k}, max_words {max_words}"),
            Call::ExtractKeywords(ExtractKeywordsRequest {
                input: inline("Security guarantees for Ukraine were agreed."),
                options: Some(KeywordOptions {
                    top_k,
                    max_words,
                    use_background: None,
                }),
                ..Default::default()
            }),
            Expect::Invalid(field),
        ));
    }
    cases.push(case(
        "ExtractKeywords: top_k i32::MAX is capped",
        Call::ExtractKeywords(ExtractKeywordsRequest {
            input: named(&seed),
            options: Some(KeywordOptions {
                top_k: i32::MAX,
                ..Default::default()
            }),
            ..Default::default()
        }),
        ok!(ExtractKeywords, |r| {
            ensure!(
                (11..=1000).contains(&r.keywords.len()),
                "{} keywords",
                r.keywords.len()
            );
            Ok(())
        }),
    ));
    cases.push(case(
        "ExtractKeywords: offset_encoding -1",
        Call::ExtractKeywords(ExtractKeywordsRequest {
            input: inline("hello world"),
            offset_encoding: -1,
            ..Default::default()
        }),
        Expect::Invalid("offset_encoding"),
    ));
    cases.push(case(
        "ExtractKeywords: 10 KB document name",
        Call::ExtractKeywords(ExtractKeywordsRequest {
            input: named(&long_name),
            ..Default::default()
        }),
        Expect::Code(Code::NotFound),
    ));

    // --- Summarize.
    let summarize = |options: SummaryOptions| {
        Call::Summarize(SummarizeRequest {
            input: named(&seed),
            options: Some(options),
            ..Default::default()
        })
    };
    let budget = |limit| SummaryOptions {
        budget: Some(SummaryBudget { limit: Some(limit) }),
        ..Default::default()
    };
    use summary_budget::Limit;
    cases.push(case(
        "Summarize: empty text",
        Call::Summarize(SummarizeRequest {
            input: inline(""),
            ..Default::default()
        }),
        Expect::Invalid("input.text"),
    ));
    cases.push(case(
        "Summarize: just over the text limit",
        Call::Summarize(SummarizeRequest {
            input: inline(&over),
            ..Default::default()
        }),
        Expect::Invalid("input.text"),
    ));
    cases.push(case(
        "Summarize: punctuation only",
        Call::Summarize(SummarizeRequest {
            input: inline(PUNCTUATION),
            ..Default::default()
        }),
        ok!(Summarize, |r| {
            ensure!(r.sentences.is_empty(), "{:?}", r.sentences);
            Ok(())
        }),
    ));
    {
        let text = astral.clone();
        cases.push(case(
            "Summarize: one 1,000,000-byte word, UTF-16",
            Call::Summarize(SummarizeRequest {
                input: inline(&astral),
                offset_encoding: OffsetEncoding::Utf16.into(),
                ..Default::default()
            }),
            // A fragment (no terminal punctuation, one word) is never chosen: the summary
            // is empty, or at most the whole text.
            ok!(Summarize, |r| {
                ensure!(r.sentences.len() <= 1, "{} sentences", r.sentences.len());
                check_spans(
                    &text,
                    OffsetEncoding::Utf16,
                    r.sentences
                        .iter()
                        .map(|s| (s.text.as_str(), s.span.as_ref())),
                )
            }),
        ));
    }
    for (name, text) in unicode_texts() {
        for encoding in [OffsetEncoding::CodePoint, OffsetEncoding::Utf16] {
            let sent = text.clone();
            let text = text.clone();
            cases.push(case(
                format!("Summarize: {name}, {encoding:?}"),
                Call::Summarize(SummarizeRequest {
                    input: inline(&sent),
                    offset_encoding: encoding.into(),
                    options: Some(budget(Limit::Ratio(1.0))),
                    ..Default::default()
                }),
                ok!(Summarize, |r| check_spans(
                    &text,
                    encoding,
                    r.sentences
                        .iter()
                        .map(|s| (s.text.as_str(), s.span.as_ref())),
                )),
            ));
        }
    }
    for (name, limit, field) in [
        (
            "sentences -1",
            Limit::Sentences(-1),
            "options.budget.sentences",
        ),
        (
            "sentences 0",
            Limit::Sentences(0),
            "options.budget.sentences",
        ),
        (
            "sentences i32::MIN",
            Limit::Sentences(i32::MIN),
            "options.budget.sentences",
        ),
        ("words -1", Limit::Words(-1), "options.budget.words"),
        ("ratio NaN", Limit::Ratio(f64::NAN), "options.budget.ratio"),
        ("ratio 0", Limit::Ratio(0.0), "options.budget.ratio"),
        (
            "ratio -inf",
            Limit::Ratio(f64::NEG_INFINITY),
            "options.budget.ratio",
        ),
        ("ratio 1e308", Limit::Ratio(1e308), "options.budget.ratio"),
    ] {
        cases.push(case(
            format!("Summarize: budget {name}"),
            summarize(budget(limit)),
            Expect::Invalid(field),
        ));
    }
    for (name, limit) in [
        ("sentences i32::MAX", Limit::Sentences(i32::MAX)),
        ("words i32::MAX", Limit::Words(i32::MAX)),
    ] {
        cases.push(case(
            format!("Summarize: budget {name} is the whole eligible text"),
            summarize(budget(limit)),
            ok!(Summarize, |r| {
                ensure!(r.sentences.len() > 3, "{} sentences", r.sentences.len());
                Ok(())
            }),
        ));
    }
    for (name, options, field) in [
        (
            "order 99",
            SummaryOptions {
                order: 99,
                ..Default::default()
            },
            "options.order",
        ),
        (
            "order -1",
            SummaryOptions {
                order: -1,
                ..Default::default()
            },
            "options.order",
        ),
        (
            "lead_weight NaN",
            SummaryOptions {
                lead_weight: Some(f64::NAN),
                ..Default::default()
            },
            "options.lead_weight",
        ),
        (
            "lead_weight +inf",
            SummaryOptions {
                lead_weight: Some(f64::INFINITY),
                ..Default::default()
            },
            "options.lead_weight",
        ),
        (
            "lead_weight -1",
            SummaryOptions {
                lead_weight: Some(-1.0),
                ..Default::default()
            },
            "options.lead_weight",
        ),
        (
            "length_weight NaN",
            SummaryOptions {
                length_weight: Some(f64::NAN),
                ..Default::default()
            },
            "options.length_weight",
        ),
        (
            "length_weight -0.5",
            SummaryOptions {
                length_weight: Some(-0.5),
                ..Default::default()
            },
            "options.length_weight",
        ),
        (
            "model 9",
            SummaryOptions {
                model: 9,
                ..Default::default()
            },
            "options.model",
        ),
        (
            "mmr_lambda NaN",
            SummaryOptions {
                mmr_lambda: Some(f64::NAN),
                ..Default::default()
            },
            "options.mmr_lambda",
        ),
        (
            "mmr_lambda 2",
            SummaryOptions {
                mmr_lambda: Some(2.0),
                ..Default::default()
            },
            "options.mmr_lambda",
        ),
        (
            "query over the text limit",
            SummaryOptions {
                query: over.clone(),
                ..Default::default()
            },
            "options.query",
        ),
    ] {
        cases.push(case(
            format!("Summarize: {name}"),
            summarize(options),
            Expect::Invalid(field),
        ));
    }
    cases.push(case(
        "Summarize: offset_encoding 99",
        Call::Summarize(SummarizeRequest {
            input: named(&seed),
            offset_encoding: 99,
            ..Default::default()
        }),
        Expect::Invalid("offset_encoding"),
    ));
    cases.push(case(
        "Summarize: document documents/../x",
        Call::Summarize(SummarizeRequest {
            input: named("documents/../x"),
            ..Default::default()
        }),
        Expect::Code(Code::NotFound),
    ));

    // --- ListDocuments.
    for (size, expect) in [(-1, "page_size"), (i32::MIN, "page_size")] {
        cases.push(case(
            format!("ListDocuments: page_size {size}"),
            Call::ListDocuments(ListDocumentsRequest {
                page_size: size,
                ..Default::default()
            }),
            Expect::Invalid(expect),
        ));
    }
    cases.push(case(
        "ListDocuments: page_size i32::MAX is capped",
        Call::ListDocuments(ListDocumentsRequest {
            page_size: i32::MAX,
            ..Default::default()
        }),
        ok!(ListDocuments, |r| {
            ensure!(
                r.documents.len() == seed_count && r.next_page_token.is_empty(),
                "{} documents, token {:?}",
                r.documents.len(),
                r.next_page_token
            );
            Ok(())
        }),
    ));
    for view in [99, -1] {
        cases.push(case(
            format!("ListDocuments: view {view}"),
            Call::ListDocuments(ListDocumentsRequest {
                view,
                ..Default::default()
            }),
            Expect::Invalid("view"),
        ));
    }
    for (name, token) in [
        ("not base64", "!!!garbage!!!".to_owned()),
        ("base64 of garbage", "Z2FyYmFnZQ".to_owned()),
        ("10 KB", "A".repeat(10_000)),
        ("of version 0", "djA6MDA6eA".to_owned()),
        ("with NUL", "\0".to_owned()),
    ] {
        cases.push(case(
            format!("ListDocuments: page_token {name}"),
            Call::ListDocuments(ListDocumentsRequest {
                page_token: token,
                ..Default::default()
            }),
            Expect::Invalid("page_token"),
        ));
    }

    // A page token that is the server's own but points past the deepest result it ranks.
    let deep = {
        use base64::Engine as _;
        let fingerprint = ["search", "Ukraine", "0", "0"]
            .iter()
            .flat_map(|field| field.bytes().chain([0xff]))
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(
            "v1:{fingerprint:016x}:{}",
            lede_corpus::MAX_SEARCH_DEPTH
        ))
    };
    cases.push(case(
        "SearchDocuments: a page past the deepest result",
        Call::SearchDocuments(SearchDocumentsRequest {
            query: "Ukraine".to_owned(),
            page_token: deep,
            ..Default::default()
        }),
        Expect::Invalid("page_token"),
    ));
    cases.push(case(
        "SearchDocuments: page_size i32::MAX",
        Call::SearchDocuments(SearchDocumentsRequest {
            query: "Ukraine".to_owned(),
            page_size: i32::MAX,
            ..Default::default()
        }),
        ok!(SearchDocuments, |r| {
            ensure!(r.results.len() == seed_count, "{} results", r.results.len());
            ensure!(r.next_page_token.is_empty(), "a next page");
            Ok(())
        }),
    ));

    // --- GetDocument.
    for (name, bad) in bad_names {
        cases.push(case(
            format!("GetDocument: name {name}"),
            Call::GetDocument(GetDocumentRequest {
                name: bad.to_owned(),
                ..Default::default()
            }),
            Expect::Invalid("name"),
        ));
    }
    for (name, missing) in &missing_names {
        cases.push(case(
            format!("GetDocument: name {name}"),
            Call::GetDocument(GetDocumentRequest {
                name: missing.clone(),
                ..Default::default()
            }),
            Expect::Code(Code::NotFound),
        ));
    }
    for view in [99, -1] {
        cases.push(case(
            format!("GetDocument: view {view}"),
            Call::GetDocument(GetDocumentRequest {
                name: seed.clone(),
                view,
            }),
            Expect::Invalid("view"),
        ));
    }

    // --- SearchDocuments.
    let search = |query: &str| SearchDocumentsRequest {
        query: query.to_owned(),
        ..Default::default()
    };
    for (name, query) in [
        ("empty", ""),
        ("punctuation only", PUNCTUATION),
        ("stop words only", "the and of to a"),
        ("just over the text limit", over.as_str()),
    ] {
        cases.push(case(
            format!("SearchDocuments: {name} query"),
            Call::SearchDocuments(search(query)),
            Expect::Invalid("query"),
        ));
    }
    cases.push(case(
        "SearchDocuments: a message over max_message_bytes",
        Call::SearchDocuments(search(&message)),
        Expect::Code(Code::ResourceExhausted),
    ));
    cases.push(case(
        "SearchDocuments: a 1,000,000-byte word",
        Call::SearchDocuments(search(&ascii)),
        ok!(SearchDocuments, |r| {
            ensure!(
                r.results.is_empty() && r.total_size == 0,
                "{} results",
                r.results.len()
            );
            Ok(())
        }),
    ));
    for (name, text) in unicode_texts() {
        cases.push(case(
            format!("SearchDocuments: {name}"),
            Call::SearchDocuments(SearchDocumentsRequest {
                offset_encoding: OffsetEncoding::Utf16.into(),
                ..search(&text)
            }),
            ok!(SearchDocuments, |r| {
                ensure!(
                    r.results.len() <= 10 && r.total_size >= 0,
                    "{} results",
                    r.results.len()
                );
                Ok(())
            }),
        ));
    }
    for (name, request, field) in [
        (
            "page_size -1",
            SearchDocumentsRequest {
                page_size: -1,
                ..search("Ukraine")
            },
            "page_size",
        ),
        (
            "max_snippets -1",
            SearchDocumentsRequest {
                max_snippets: -1,
                ..search("Ukraine")
            },
            "max_snippets",
        ),
        (
            "max_snippets 6",
            SearchDocumentsRequest {
                max_snippets: 6,
                ..search("Ukraine")
            },
            "max_snippets",
        ),
        (
            "max_snippets i32::MAX",
            SearchDocumentsRequest {
                max_snippets: i32::MAX,
                ..search("Ukraine")
            },
            "max_snippets",
        ),
        (
            "offset_encoding 99",
            SearchDocumentsRequest {
                offset_encoding: 99,
                ..search("Ukraine")
            },
            "offset_encoding",
        ),
        (
            "garbage page_token",
            SearchDocumentsRequest {
                page_token: "%%%".to_owned(),
                ..search("Ukraine")
            },
            "page_token",
        ),
    ] {
        cases.push(case(
            format!("SearchDocuments: {name}"),
            Call::SearchDocuments(request),
            Expect::Invalid(field),
        ));
    }
    cases.push(case(
        "SearchDocuments: page_size i32::MAX is capped",
        Call::SearchDocuments(SearchDocumentsRequest {
            page_size: i32::MAX,
            ..search("the government said")
        }),
        ok!(SearchDocuments, |r| {
            ensure!(
                !r.results.is_empty() && r.results.len() <= 100,
                "{} results",
                r.results.len()
            );
            Ok(())
        }),
    ));

    // --- FindSimilarDocuments.
    let similar = |input| FindSimilarDocumentsRequest {
        input,
        ..Default::default()
    };
    for (name, request, field) in [
        (
            "max_results -1",
            FindSimilarDocumentsRequest {
                max_results: -1,
                ..similar(named(&seed))
            },
            "max_results",
        ),
        (
            "max_results 101",
            FindSimilarDocumentsRequest {
                max_results: 101,
                ..similar(named(&seed))
            },
            "max_results",
        ),
        (
            "max_results i32::MAX",
            FindSimilarDocumentsRequest {
                max_results: i32::MAX,
                ..similar(named(&seed))
            },
            "max_results",
        ),
        (
            "min_score NaN",
            FindSimilarDocumentsRequest {
                min_score: f64::NAN,
                ..similar(named(&seed))
            },
            "min_score",
        ),
        (
            "min_score -0.5",
            FindSimilarDocumentsRequest {
                min_score: -0.5,
                ..similar(named(&seed))
            },
            "min_score",
        ),
        (
            "min_score inf",
            FindSimilarDocumentsRequest {
                min_score: f64::INFINITY,
                ..similar(named(&seed))
            },
            "min_score",
        ),
        ("empty text", similar(inline("")), "input.text"),
        ("text over the limit", similar(inline(&over)), "input.text"),
        ("name foo/bar", similar(named("foo/bar")), "input.document"),
        ("no input", similar(None), "input"),
    ] {
        cases.push(case(
            format!("FindSimilarDocuments: {name}"),
            Call::FindSimilarDocuments(request),
            Expect::Invalid(field),
        ));
    }
    cases.push(case(
        "FindSimilarDocuments: unknown document",
        Call::FindSimilarDocuments(similar(named("documents/no-such-document"))),
        Expect::Code(Code::NotFound),
    ));
    for (name, text) in [
        ("punctuation only", PUNCTUATION.to_owned()),
        ("a 1,000,000-byte word", ascii.clone()),
    ] {
        cases.push(case(
            format!("FindSimilarDocuments: {name}"),
            Call::FindSimilarDocuments(similar(inline(&text))),
            ok!(FindSimilarDocuments, |r| {
                ensure!(
                    r.similar_documents.is_empty(),
                    "{} similar",
                    r.similar_documents.len()
                );
                Ok(())
            }),
        ));
    }

    // --- SummarizeDocuments.
    let summarize_documents = |documents: Vec<String>| SummarizeDocumentsRequest {
        documents,
        ..Default::default()
    };
    for (name, documents, field) in [
        ("name foo/bar", vec!["foo/bar".to_owned()], "documents[0]"),
        (
            "name documents/",
            vec![seed.clone(), "documents/".to_owned()],
            "documents[1]",
        ),
        (
            "a document twice",
            vec![seed.clone(), seed.clone()],
            "documents[1]",
        ),
    ] {
        cases.push(case(
            format!("SummarizeDocuments: {name}"),
            Call::SummarizeDocuments(summarize_documents(documents)),
            Expect::Invalid(field),
        ));
    }
    for (name, missing) in &missing_names {
        cases.push(case(
            format!("SummarizeDocuments: name {name}"),
            Call::SummarizeDocuments(summarize_documents(vec![missing.clone()])),
            Expect::Code(Code::NotFound),
        ));
    }
    cases.push(case(
        "SummarizeDocuments: offset_encoding 99",
        Call::SummarizeDocuments(SummarizeDocumentsRequest {
            offset_encoding: 99,
            ..Default::default()
        }),
        Expect::Invalid("offset_encoding"),
    ));
    cases.push(case(
        "SummarizeDocuments: budget sentences -1",
        Call::SummarizeDocuments(SummarizeDocumentsRequest {
            options: Some(budget(Limit::Sentences(-1))),
            ..Default::default()
        }),
        Expect::Invalid("options.budget.sentences"),
    ));
    cases.push(case(
        "SummarizeDocuments: order 99",
        Call::SummarizeDocuments(SummarizeDocumentsRequest {
            options: Some(SummaryOptions {
                order: 99,
                ..Default::default()
            }),
            ..Default::default()
        }),
        Expect::Invalid("options.order"),
    ));

    let too_many: Vec<String> = (0..=lede_corpus::MAX_SUMMARY_DOCUMENTS)
        .map(|n| format!("documents/d{n}"))
        .collect();
    cases.push(case(
        "SummarizeDocuments: 101 documents",
        Call::SummarizeDocuments(summarize_documents(too_many)),
        Expect::Invalid("documents"),
    ));
    // The whole corpus, focused by a query: answered, from a bounded set of documents.
    cases.push(case(
        "SummarizeDocuments: the whole corpus about Greenland",
        Call::SummarizeDocuments(SummarizeDocumentsRequest {
            options: Some(SummaryOptions {
                query: "Greenland".to_owned(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ok!(SummarizeDocuments, |r| {
            ensure!(!r.sentences.is_empty(), "no sentence");
            ensure!(
                r.sentences
                    .iter()
                    .all(|s| s.document.starts_with("documents/")),
                "a sentence without its document: {r:?}"
            );
            Ok(())
        }),
    ));

    // --- GetCorpusStats.
    for count in [-1, i32::MIN] {
        cases.push(case(
            format!("GetCorpusStats: top_terms_count {count}"),
            Call::GetCorpusStats(GetCorpusStatsRequest {
                top_terms_count: count,
                ..Default::default()
            }),
            Expect::Invalid("top_terms_count"),
        ));
    }
    cases.push(case(
        "GetCorpusStats: top_terms_count i32::MAX is capped",
        Call::GetCorpusStats(GetCorpusStatsRequest {
            top_terms_count: i32::MAX,
            ..Default::default()
        }),
        ok!(GetCorpusStats, |r| {
            ensure!(
                (21..=1000).contains(&r.top_terms.len()),
                "{} top terms",
                r.top_terms.len()
            );
            Ok(())
        }),
    ));

    // --- CreateDocument.
    let create =
        |id: &str, text: &str| Call::CreateDocument(common::create(id, common::doc("", text)));
    for (name, id) in [
        ("dot dot", "../x"),
        ("slash", "a/b"),
        ("NUL", "a\0b"),
        ("10 KB", &"i".repeat(10_000)),
        ("129 characters", &"i".repeat(129)),
        ("RTL override", "\u{202E}exe.txt"),
        ("space", "a b"),
    ] {
        cases.push(case(
            format!("CreateDocument: document_id {name}"),
            create(id, "Some text."),
            Expect::Invalid("document_id"),
        ));
    }
    for (name, bad) in [
        ("foo/bar", "foo/bar"),
        ("documents/", "documents/"),
        ("documents/../x", "documents/../x"),
        ("10 KB", long_name.as_str()),
    ] {
        cases.push(case(
            format!("CreateDocument: document.name {name}"),
            Call::CreateDocument(common::create(
                "",
                Document {
                    name: bad.to_owned(),
                    ..common::doc("", "Some text.")
                },
            )),
            Expect::Invalid("document.name"),
        ));
    }
    cases.push(case(
        "CreateDocument: no document",
        Call::CreateDocument(CreateDocumentRequest::default()),
        Expect::Invalid("document"),
    ));
    cases.push(case(
        "CreateDocument: text just over the text limit",
        create("too-long", &over),
        Expect::Invalid("document.text"),
    ));
    cases.push(case(
        "CreateDocument: a message over max_message_bytes",
        create("too-big", &message),
        Expect::Code(Code::ResourceExhausted),
    ));
    cases.push(case(
        "CreateDocument: language klingon",
        Call::CreateDocument(common::create(
            "klingon",
            Document {
                language: "klingon".to_owned(),
                ..common::doc("", "Some text.")
            },
        )),
        Expect::Invalid("document.language"),
    ));
    cases.push(case(
        "CreateDocument: a seed's identifier",
        create(seed.strip_prefix("documents/").unwrap(), "Again."),
        Expect::Code(Code::AlreadyExists),
    ));
    for (id, text) in [
        ("one-long-word", ascii.clone()),
        ("punctuation", PUNCTUATION.to_owned()),
        (
            "unicode",
            unicode_texts()
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
    ] {
        let words = text.split_whitespace().count();
        cases.push(case(
            format!("CreateDocument: {id}"),
            create(id, &text),
            ok!(CreateDocument, |r| {
                let document = r.document.as_ref().ok_or("no document")?;
                ensure!(
                    document.name == format!("documents/{id}"),
                    "{}",
                    document.name
                );
                ensure!(
                    usize::try_from(document.word_count) == Ok(words),
                    "word_count {}, want {words}",
                    document.word_count
                );
                Ok(())
            }),
        ));
    }

    // --- BatchCreateDocuments.
    let batch = |requests| Call::BatchCreateDocuments(BatchCreateDocumentsRequest { requests });
    let plain = |id: &str| common::create(id, common::doc("", "Plain text here."));
    cases.push(case(
        "BatchCreateDocuments: 1001 documents",
        batch((0..1001).map(|i| plain(&format!("b{i}"))).collect()),
        Expect::Invalid("requests"),
    ));
    cases.push(case(
        "BatchCreateDocuments: an identifier twice",
        batch(vec![plain("twice"), plain("twice")]),
        Expect::Invalid("requests[1].document_id"),
    ));
    cases.push(case(
        "BatchCreateDocuments: a bad identifier at index 2",
        batch(vec![plain("ok-1"), plain("ok-2"), plain("../etc/passwd")]),
        Expect::Invalid("requests[2].document_id"),
    ));
    cases.push(case(
        "BatchCreateDocuments: a text over the limit at index 1",
        batch(vec![
            plain("ok-3"),
            common::create("big", common::doc("", &over)),
        ]),
        Expect::Invalid("requests[1].document.text"),
    ));
    cases.push(case(
        "BatchCreateDocuments: no document at index 0",
        batch(vec![CreateDocumentRequest::default()]),
        Expect::Invalid("requests[0].document"),
    ));
    cases.push(case(
        "BatchCreateDocuments: a message over max_message_bytes",
        batch(vec![
            common::create("big-1", common::doc("", &"y".repeat(MAX_TEXT))),
            common::create("big-2", common::doc("", &"y".repeat(MAX_TEXT))),
            common::create("big-3", common::doc("", &"y".repeat(MAX_TEXT))),
            common::create("big-4", common::doc("", &"y".repeat(MAX_TEXT))),
        ]),
        Expect::Code(Code::ResourceExhausted),
    ));
    cases.push(case(
        "BatchCreateDocuments: none of the refused batches was created",
        Call::GetDocument(GetDocumentRequest {
            name: "documents/ok-1".to_owned(),
            ..Default::default()
        }),
        Expect::Code(Code::NotFound),
    ));

    // --- UpdateDocument.
    let update = |name: &str, mask: Option<Vec<&str>>, text: &str| {
        Call::UpdateDocument(UpdateDocumentRequest {
            document: Some(Document {
                name: name.to_owned(),
                ..common::doc("", text)
            }),
            update_mask: mask.map(|paths| FieldMask {
                paths: paths.into_iter().map(str::to_owned).collect(),
            }),
        })
    };
    cases.push(case(
        "UpdateDocument: no document",
        Call::UpdateDocument(UpdateDocumentRequest::default()),
        Expect::Invalid("document"),
    ));
    for (name, bad) in bad_names {
        cases.push(case(
            format!("UpdateDocument: name {name}"),
            update(bad, None, "New text."),
            Expect::Invalid("document.name"),
        ));
    }
    for (name, missing) in &missing_names {
        cases.push(case(
            format!("UpdateDocument: name {name}"),
            update(missing, None, "New text."),
            Expect::Code(Code::NotFound),
        ));
    }
    for path in [
        "name",
        "word_count",
        "",
        "text.foo",
        "\0",
        &"p".repeat(1_000_000),
    ] {
        cases.push(case(
            format!(
                "UpdateDocument: update_mask {:.10?}",
                path.get(..10).unwrap_or(path)
            ),
            update(&seed, Some(vec!["title", path]), "New text."),
            Expect::Invalid("update_mask"),
        ));
    }
    cases.push(case(
        "UpdateDocument: text just over the text limit",
        update(&seed, Some(vec!["text"]), &over),
        Expect::Invalid("document.text"),
    ));
    cases.push(case(
        "UpdateDocument: a message over max_message_bytes",
        update(&seed, Some(vec!["text"]), &message),
        Expect::Code(Code::ResourceExhausted),
    ));
    cases.push(case(
        "UpdateDocument: a 1,000,000-byte word",
        update("documents/punctuation", Some(vec!["text"]), &ascii),
        ok!(UpdateDocument, |r| {
            let document = r.document.as_ref().ok_or("no document")?;
            ensure!(
                document.word_count == 1,
                "word_count {}",
                document.word_count
            );
            Ok(())
        }),
    ));

    // --- DeleteDocument.
    for (name, bad) in bad_names {
        cases.push(case(
            format!("DeleteDocument: name {name}"),
            Call::DeleteDocument(DeleteDocumentRequest {
                name: bad.to_owned(),
            }),
            Expect::Invalid("name"),
        ));
    }
    for (name, missing) in &missing_names {
        cases.push(case(
            format!("DeleteDocument: name {name}"),
            Call::DeleteDocument(DeleteDocumentRequest {
                name: missing.clone(),
            }),
            Expect::Code(Code::NotFound),
        ));
    }

    // --- ImportDocuments.
    let chunk = |requests| ImportDocumentsRequest { requests };
    cases.push(case(
        "ImportDocuments: an empty stream",
        Call::ImportDocuments(Vec::new()),
        ok!(ImportDocuments, |r| {
            ensure!(r.imported_count == 0 && r.names.is_empty(), "{r:?}");
            Ok(())
        }),
    ));
    cases.push(case(
        "ImportDocuments: empty chunks",
        Call::ImportDocuments(vec![chunk(Vec::new()), chunk(Vec::new())]),
        ok!(ImportDocuments, |r| {
            ensure!(r.imported_count == 0, "{r:?}");
            Ok(())
        }),
    ));
    cases.push(case(
        "ImportDocuments: an identifier repeated across chunks",
        Call::ImportDocuments(vec![
            chunk(vec![plain("imp-1")]),
            chunk(vec![plain("imp-2"), plain("imp-1")]),
        ]),
        Expect::Invalid("requests[2].document_id"),
    ));
    cases.push(case(
        "ImportDocuments: a bad identifier",
        Call::ImportDocuments(vec![chunk(vec![plain("a/../b")])]),
        Expect::Invalid("requests[0].document_id"),
    ));
    cases.push(case(
        "ImportDocuments: a text over the limit",
        Call::ImportDocuments(vec![chunk(vec![common::create(
            "imp-big",
            common::doc("", &over),
        )])]),
        Expect::Invalid("requests[0].document.text"),
    ));
    cases.push(case(
        "ImportDocuments: a chunk over max_message_bytes",
        Call::ImportDocuments(vec![
            chunk(vec![plain("imp-3")]),
            chunk(vec![common::create("imp-4", common::doc("", &message))]),
        ]),
        Expect::Code(Code::ResourceExhausted),
    ));
    cases.push(case(
        "ImportDocuments: a seed's identifier",
        Call::ImportDocuments(vec![chunk(vec![plain(
            seed.strip_prefix("documents/").unwrap(),
        )])]),
        Expect::Code(Code::AlreadyExists),
    ));
    cases.push(case(
        "ImportDocuments: none of the refused imports was created",
        Call::GetDocument(GetDocumentRequest {
            name: "documents/imp-1".to_owned(),
            ..Default::default()
        }),
        Expect::Code(Code::NotFound),
    ));

    // --- 1 ms deadlines on heavy requests.
    let millisecond = Some(Duration::from_millis(1));
    let heavy = prose(1_000_000);
    for (name, call) in [
        (
            "ExtractKeywords on 1 MB",
            Call::ExtractKeywords(ExtractKeywordsRequest {
                input: inline(&heavy),
                ..Default::default()
            }),
        ),
        (
            "Summarize on a 1 MB word",
            Call::Summarize(SummarizeRequest {
                input: inline(&ascii),
                ..Default::default()
            }),
        ),
        (
            "SearchDocuments with a 1 MB query",
            Call::SearchDocuments(search(&heavy)),
        ),
        (
            "FindSimilarDocuments on 1 MB",
            Call::FindSimilarDocuments(similar(inline(&heavy))),
        ),
        (
            "SummarizeDocuments of the corpus",
            Call::SummarizeDocuments(SummarizeDocumentsRequest::default()),
        ),
        (
            "Tokenize a 1 MB word",
            Call::Tokenize(TokenizeRequest {
                input: inline(&astral),
                ..Default::default()
            }),
        ),
    ] {
        cases.push(Case {
            name: format!("1 ms deadline: {name}"),
            call,
            timeout: millisecond,
            expect: Expect::Deadline,
        });
    }
    cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_get_the_right_status() {
    let server = start().await;
    let seeds = server
        .corpus()
        .list_documents(ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    let seed = seeds.documents[0].name.clone();
    let seed_count = usize::try_from(seeds.total_size).unwrap();

    let cases = table(&seed, seed_count);
    let total = cases.len();
    let mut failures = Vec::new();
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for case in cases {
        let result = send(&server, case.call, case.timeout).await;
        let outcome = match &result {
            Ok(_) => "OK".to_owned(),
            Err(status) => format!("{:?}", status.code()),
        };
        *outcomes.entry(outcome).or_default() += 1;
        if let Err(error) = judge(&case.expect, &result) {
            failures.push(format!("{}: {error}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{total} hostile cases: {outcomes:?}");

    // Page tokens of another request.
    let mut corpus = server.corpus();
    let page = corpus
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            view: DocumentView::Basic.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!page.next_page_token.is_empty());
    let status = corpus
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            view: DocumentView::Full.into(),
            page_token: page.next_page_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    common::assert_invalid(&status, "page_token");
    let status = corpus
        .search_documents(SearchDocumentsRequest {
            query: "Ukraine".to_owned(),
            page_token: page.next_page_token,
            ..Default::default()
        })
        .await
        .unwrap_err();
    common::assert_invalid(&status, "page_token");
    let search = corpus
        .search_documents(SearchDocumentsRequest {
            query: "the government said".to_owned(),
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!search.next_page_token.is_empty());
    let status = corpus
        .search_documents(SearchDocumentsRequest {
            query: "the government announced".to_owned(),
            page_size: 1,
            page_token: search.next_page_token,
            ..Default::default()
        })
        .await
        .unwrap_err();
    common::assert_invalid(&status, "page_token");

    assert_healthy(&server, "after the table").await;
}

/// Heavy calls dropped mid-flight, many times, and an import stream abandoned half-way: the
/// server keeps answering, commits nothing of the abandoned import, and stays healthy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_calls_do_not_hurt_the_server() {
    let server = start().await;
    let before = common::total_size(&mut server.corpus()).await;
    let heavy = prose(200_000);
    let mut open_streams = Vec::new();
    for round in 0..12_usize {
        // Unary calls: start them, let them reach the server, then drop them.
        let mut text = server.text();
        let mut corpus = server.corpus();
        let mut corpus2 = server.corpus();
        let keywords = text.extract_keywords(ExtractKeywordsRequest {
            input: inline(&heavy),
            ..Default::default()
        });
        let summary = corpus.summarize_documents(SummarizeDocumentsRequest::default());
        let search = corpus2.search_documents(SearchDocumentsRequest {
            query: heavy.clone(),
            ..Default::default()
        });
        tokio::select! {
            _ = keywords => {}
            _ = summary => {}
            _ = search => {}
            () = tokio::time::sleep(Duration::from_millis(1 + round as u64 % 4)) => {}
        }
        // A spawned call aborted from outside.
        let mut aborted = server.text();
        let body = heavy.clone();
        let task = tokio::spawn(async move {
            aborted
                .split_sentences(SplitSentencesRequest {
                    input: inline(&body),
                    ..Default::default()
                })
                .await
        });
        tokio::task::yield_now().await;
        task.abort();

        // An import whose client stream stops half-way (the sender is dropped without the
        // stream ending cleanly: the call is cancelled).
        let (sender, receiver) = tokio::sync::mpsc::channel::<ImportDocumentsRequest>(4);
        let mut importer = server.corpus();
        let import = tokio::spawn(async move {
            importer
                .import_documents(tokio_stream::wrappers::ReceiverStream::new(receiver))
                .await
        });
        sender
            .send(ImportDocumentsRequest {
                requests: vec![common::create(
                    &format!("abandoned-{round}"),
                    common::doc("", &common::words(round)),
                )],
            })
            .await
            .unwrap();
        tokio::task::yield_now().await;
        // The call is dropped while its stream is still open, and the sender is kept until
        // the checks are done: dropping it ends the stream cleanly, and if hyper's task that
        // pipes the body has not yet seen the reset (a race on a loaded machine), the server
        // receives a complete import, which it rightly commits.
        import.abort();
        let _ = import.await;
        open_streams.push(sender);
    }
    assert_healthy(&server, "after cancelled calls").await;
    // Nothing of the abandoned imports was committed.
    assert_eq!(common::total_size(&mut server.corpus()).await, before);
    for round in 0..12 {
        let status = server
            .corpus()
            .get_document(GetDocumentRequest {
                name: format!("documents/abandoned-{round}"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::NotFound, "{status:?}");
    }
    // The server still does heavy work to the end.
    let keywords = server
        .text()
        .extract_keywords(ExtractKeywordsRequest {
            input: inline(&heavy),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .keywords;
    assert_eq!(keywords.len(), 10);
}

/// Checks a flood reply: OK, or RESOURCE_EXHAUSTED with a RetryInfo detail (load shedding);
/// nothing else.
fn check_flood_reply<T>(result: Result<T, Status>, what: &str) -> Result<bool, String> {
    match result {
        Ok(_) => Ok(true),
        Err(status) if status.code() == Code::ResourceExhausted => {
            if status.get_details_retry_info().is_some() {
                Ok(false)
            } else {
                Err(format!(
                    "{what}: RESOURCE_EXHAUSTED without RetryInfo: {status:?}"
                ))
            }
        }
        Err(status) => Err(format!("{what}: {status:?}")),
    }
}

/// 400 concurrent connections, each sending four requests at once: every reply is OK or
/// RESOURCE_EXHAUSTED, and during and after the flood the server is healthy and answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_connections_is_answered_or_shed() {
    const CONNECTIONS: usize = 400;
    let server = start().await;
    let addr = server.addr;

    // Connect every channel first (each `connect` is its own TCP connection).
    let mut connecting = tokio::task::JoinSet::new();
    for _ in 0..CONNECTIONS {
        connecting.spawn(async move {
            tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
                .unwrap()
                .connect()
                .await
        });
    }
    let mut channels = Vec::new();
    while let Some(channel) = connecting.join_next().await {
        channels.push(channel.unwrap().expect("a flood connection"));
    }

    let start_line = Arc::new(tokio::sync::Barrier::new(CONNECTIONS + 1));
    let mut flood = tokio::task::JoinSet::new();
    for (i, channel) in channels.into_iter().enumerate() {
        let start_line = start_line.clone();
        flood.spawn(async move {
            let mut text = TextAnalysisServiceClient::new(channel.clone());
            let mut corpus = CorpusServiceClient::new(channel);
            let mut corpus2 = corpus.clone();
            let mut text2 = text.clone();
            let body = common::words(i);
            start_line.wait().await;
            let (a, b, c, d) = tokio::join!(
                text.tokenize(TokenizeRequest {
                    input: inline(&body),
                    ..Default::default()
                }),
                text2.summarize(SummarizeRequest {
                    input: inline(&body),
                    ..Default::default()
                }),
                corpus.search_documents(SearchDocumentsRequest {
                    query: "security guarantees".to_owned(),
                    ..Default::default()
                }),
                corpus2.get_corpus_stats(GetCorpusStatsRequest::default()),
            );
            let mut answered = 0;
            for ok in [
                check_flood_reply(a, "Tokenize")?,
                check_flood_reply(b, "Summarize")?,
                check_flood_reply(c, "SearchDocuments")?,
                check_flood_reply(d, "GetCorpusStats")?,
            ] {
                answered += usize::from(ok);
            }
            Ok::<usize, String>(answered)
        });
    }
    start_line.wait().await;
    // During the flood: health (never shed) and an ordinary request, which may be shed but
    // must succeed when retried as its RetryInfo says (at most 200 times).
    assert_serving(&server.channel, "during the flood").await;
    let mut attempts = 0;
    loop {
        let result = server
            .text()
            .tokenize(TokenizeRequest {
                input: inline("Still standing."),
                ..Default::default()
            })
            .await;
        match result {
            Ok(reply) => {
                assert_eq!(reply.into_inner().tokens.len(), 3);
                break;
            }
            Err(status) if status.code() == Code::ResourceExhausted && attempts < 200 => {
                let delay = status
                    .get_details_retry_info()
                    .and_then(|info| info.retry_delay)
                    .unwrap_or_else(|| panic!("shed without RetryInfo: {status:?}"));
                tokio::time::sleep(delay.min(Duration::from_millis(100))).await;
                attempts += 1;
            }
            Err(status) => panic!("during the flood, after {attempts} retries: {status:?}"),
        }
    }

    let mut answered = 0;
    let mut errors = Vec::new();
    while let Some(result) = flood.join_next().await {
        match result.unwrap() {
            Ok(n) => answered += n,
            Err(error) => errors.push(error),
        }
    }
    assert!(
        errors.is_empty(),
        "{} bad replies: {errors:#?}",
        errors.len()
    );
    assert!(answered > 0, "every request of the flood was shed");
    eprintln!(
        "flood: {answered} of {} requests answered OK",
        CONNECTIONS * 4
    );
    assert_healthy(&server, "after the flood").await;
}

/// Raw-TCP abuse: connections that close at once, send garbage, speak HTTP/1.1, send an
/// HTTP/2 preface and then garbage, or stall half-way through the preface. The server
/// closes the garbage connections and keeps serving everyone else, with the stalled ones
/// still open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_tcp_garbage_does_not_hurt_the_server() {
    let server = start().await;
    let addr = server.addr;
    let preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    let mut garbage: Vec<Vec<u8>> = vec![
        b"GET / HTTP/1.1\r\nHost: lede\r\n\r\n".to_vec(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(), // a TLS ClientHello
        (0..=255u8).cycle().take(64 * 1024).collect(),
        b"\0".repeat(100_000),
    ];
    // The preface, then a frame header announcing 16 MB of an unknown frame type, then junk.
    let mut frame = preface.to_vec();
    frame.extend_from_slice(&[0xff, 0xff, 0xff, 0xee, 0xff, 0x7f, 0xff, 0xff, 0xff]);
    frame.extend_from_slice(&[0xab; 4096]);
    garbage.push(frame);
    // The preface and a SETTINGS frame with a bogus length.
    let mut settings = preface.to_vec();
    settings.extend_from_slice(&[0, 0, 5, 4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
    garbage.push(settings);

    // Stalled connections: half a preface, then nothing, kept open throughout.
    let mut stalled = Vec::new();
    for _ in 0..50 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(&preface[..10]).await.unwrap();
        stalled.push(stream);
    }
    for round in 0..20 {
        // Open and close at once.
        drop(tokio::net::TcpStream::connect(addr).await.unwrap());
        for bytes in &garbage {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            // The server may close the connection before it has read everything.
            let _ = stream.write_all(bytes).await;
            if round % 2 == 0 {
                // The server must close the connection: reading ends (EOF or reset).
                let mut sink = Vec::new();
                let _ = stream.read_to_end(&mut sink).await;
            }
        }
    }
    assert_healthy(&server, "after raw-TCP garbage").await;
    // A new connection works too while the stalled ones are still open.
    let fresh = common::connect(addr).await;
    assert_serving(&fresh, "a new connection after garbage").await;
    assert_answers(&fresh, "a new connection after garbage").await;
    drop(stalled);
}

/// A deadline that passes while a request is in the server (decoded, waiting for the one
/// worker, which a queue of long summaries keeps busy until the test ends): the server
/// answers DEADLINE_EXCEEDED, a tenth of the deadline before tonic's own timer would say
/// CANCELLED. The request can never be OK: eight clients resend a long summary as soon as
/// theirs is answered, so seven are always queued ahead of it. The client's own timer may
/// fire first on a loaded machine (CANCELLED without response metadata), but not at each of
/// three deadlines whose margins are 20, 40 and 50 ms: at least one answer must be the
/// server's, and every answer from the server must be DEADLINE_EXCEEDED.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadline_inside_a_handler_is_deadline_exceeded() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let limits = Limits {
        workers: 1,
        ..Limits::default()
    };
    let server = Server::seeds(limits).await;
    let text = prose(200_000);
    let stop = Arc::new(AtomicBool::new(false));
    let busy: Vec<_> = (0..8)
        .map(|_| {
            let (stop, channel, text) = (stop.clone(), server.channel.clone(), text.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    TextAnalysisServiceClient::new(channel.clone())
                        .summarize(SummarizeRequest {
                            input: inline(&text),
                            ..Default::default()
                        })
                        .await
                        .map(drop)?;
                }
                Ok::<(), Status>(())
            })
        })
        .collect();
    // Only lets the long summaries reach the queue first; nothing is asserted on time.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut exceeded = 0;
    for timeout in [200, 400, 800] {
        let mut request = tonic::Request::new(SummarizeRequest {
            input: inline("Stocks rose on Tuesday. Bonds fell on Wednesday."),
            ..Default::default()
        });
        request.set_timeout(Duration::from_millis(timeout));
        match server.text().summarize(request).await {
            Ok(reply) => panic!("a request behind a busy worker was answered OK: {reply:?}"),
            // tonic's client reports its own expired deadline as CANCELLED (no response
            // metadata): the client gave up first, and the server said nothing.
            Err(status) if status.code() == Code::Cancelled && status.metadata().is_empty() => {}
            Err(status) => {
                assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
                exceeded += 1;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    for summary in busy {
        summary.await.unwrap().unwrap();
    }
    assert!(exceeded > 0, "the server never answered DEADLINE_EXCEEDED");
    assert_healthy(&server, "after deadlines").await;
}
