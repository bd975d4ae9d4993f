//! End-to-end tests of `lede-server`: the real server on `127.0.0.1:0`, called with the
//! generated clients of `lede-proto`, reflection and health.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, OnceLock};
use std::time::Duration;

mod common;

use common::{Server, assert_invalid, assert_serving, inline, named};
use lede_corpus::Corpus;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use tokio_stream::StreamExt as _;
use tonic::Code;
use tonic_types::StatusExt as _;

fn corpus() -> Arc<Corpus> {
    static CORPUS: OnceLock<Arc<Corpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| Arc::new(Corpus::from_seeds().unwrap()))
        .clone()
}

async fn start_with(limits: Limits) -> Server {
    // Each server has its own copy of the seeds, so that no test sees another's writes.
    let collection = Collection::in_memory(Corpus::clone(&corpus()));
    Server::start(collection, limits, None).await
}

async fn start() -> Server {
    start_with(Limits::default()).await
}

fn first_name() -> String {
    format!("documents/{}", corpus().names().next().unwrap())
}

const ARTICLE: &str = "Leaders meet in Kyiv’s centre\n\n\
    European leaders met in Kyiv on Thursday to agree security guarantees for Ukraine. 🎉 \
    The guarantees would include a European-led force deployed after a ceasefire. \
    Russia has rejected any deployment of Western troops in Ukraine.\n\n\
    Officials said the security guarantees for Ukraine were nearly agreed.";

fn slice_utf16(text: &str, span: &Span) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[span.start as usize..span.end as usize]).unwrap()
}

#[tokio::test]
async fn tokenize_with_every_encoding() {
    let server = start().await;
    let mut client = server.text();
    for encoding in [
        OffsetEncoding::Utf8,
        OffsetEncoding::CodePoint,
        OffsetEncoding::Utf16,
    ] {
        let response = client
            .tokenize(TokenizeRequest {
                input: inline(ARTICLE),
                offset_encoding: encoding.into(),
                include_normalized: true,
                include_stem: true,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        let kyiv = response.tokens.iter().find(|t| t.text == "Kyiv’s").unwrap();
        assert_eq!(kyiv.kind(), TokenKind::Word);
        assert_eq!(kyiv.normalized, "kyiv's");
        for token in &response.tokens {
            let span = token.span.as_ref().unwrap();
            let sliced = match encoding {
                OffsetEncoding::Utf8 => ARTICLE[span.start as usize..span.end as usize].to_owned(),
                OffsetEncoding::CodePoint => ARTICLE
                    .chars()
                    .skip(span.start as usize)
                    .take((span.end - span.start) as usize)
                    .collect(),
                _ => slice_utf16(ARTICLE, span),
            };
            assert_eq!(sliced, token.text);
        }
        let guarantees = response
            .tokens
            .iter()
            .find(|t| t.text == "guarantees")
            .unwrap();
        assert_eq!(guarantees.stem, "guarante");
        assert!(
            response
                .tokens
                .iter()
                .any(|t| t.text == "for" && t.stop_word)
        );
    }
    let skipped = client
        .tokenize(TokenizeRequest {
            input: inline("Hello, world!"),
            skip_punctuation: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let texts: Vec<&str> = skipped.tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Hello", "world"]);
}

#[tokio::test]
async fn text_errors_name_their_field() {
    let server = start_with(Limits {
        max_text_bytes: 100,
        ..Limits::default()
    })
    .await;
    let mut client = server.text();
    let empty = client
        .tokenize(TokenizeRequest {
            input: inline(""),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&empty, "input.text");
    let missing = client
        .tokenize(TokenizeRequest::default())
        .await
        .unwrap_err();
    assert_invalid(&missing, "input");
    let long = client
        .split_sentences(SplitSentencesRequest {
            input: inline(&"word ".repeat(100)),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&long, "input.text");
    let language = client
        .stem(StemRequest {
            words: vec!["running".to_owned()],
            language: "klingon".to_owned(),
        })
        .await
        .unwrap_err();
    assert_invalid(&language, "language");
    let unknown = client
        .summarize(SummarizeRequest {
            input: named("documents/no-such-document"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);
    let bad_name = client
        .summarize(SummarizeRequest {
            input: named("no-prefix"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&bad_name, "input.document");
    let top_k = client
        .extract_keywords(ExtractKeywordsRequest {
            input: inline("Greenland is not for sale."),
            options: Some(KeywordOptions {
                max_words: 9,
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&top_k, "options.max_words");
    let ratio = client
        .summarize(SummarizeRequest {
            input: inline("Greenland is not for sale, Denmark said on Tuesday."),
            options: Some(SummaryOptions {
                budget: Some(SummaryBudget {
                    limit: Some(summary_budget::Limit::Ratio(1.5)),
                }),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&ratio, "options.budget.ratio");
}

#[tokio::test]
async fn oversized_messages_are_refused() {
    let server = start_with(Limits {
        max_message_bytes: 1024,
        ..Limits::default()
    })
    .await;
    let status = server
        .text()
        .tokenize(TokenizeRequest {
            input: inline(&"word ".repeat(1000)),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
}

#[tokio::test]
async fn sentences_stems_keywords_and_summaries() {
    let server = start().await;
    let mut client = server.text();
    let sentences = client
        .split_sentences(SplitSentencesRequest {
            input: inline(ARTICLE),
            offset_encoding: OffsetEncoding::Utf16.into(),
        })
        .await
        .unwrap()
        .into_inner()
        .sentences;
    assert_eq!(sentences[0].text, "Leaders meet in Kyiv’s centre");
    assert_eq!(sentences[0].paragraph_index, 0);
    assert_eq!(sentences.last().unwrap().paragraph_index, 2);
    for sentence in &sentences {
        assert_eq!(
            slice_utf16(ARTICLE, sentence.span.as_ref().unwrap()),
            sentence.text
        );
    }

    let stems = client
        .stem(StemRequest {
            words: vec!["Running".to_owned(), "the".to_owned()],
            language: "English".to_owned(),
        })
        .await
        .unwrap()
        .into_inner()
        .words;
    assert_eq!(stems[0].word, "Running");
    assert_eq!(stems[0].stem, "run");
    assert!(stems[1].stop_word);
    let german = client
        .stem(StemRequest {
            words: vec!["Häuser".to_owned()],
            language: "de".to_owned(),
        })
        .await
        .unwrap()
        .into_inner()
        .words;
    assert_eq!(german[0].stem, "haus");

    let keywords = client
        .extract_keywords(ExtractKeywordsRequest {
            input: inline(ARTICLE),
            offset_encoding: OffsetEncoding::CodePoint.into(),
            options: Some(KeywordOptions {
                top_k: 3,
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .keywords;
    assert!(!keywords.is_empty() && keywords.len() <= 3);
    assert!(keywords.iter().any(|k| k.text == "Ukraine"), "{keywords:?}");
    for keyword in &keywords {
        assert_eq!(keyword.spans.len(), keyword.count as usize);
    }
    let document_keywords = client
        .extract_keywords(ExtractKeywordsRequest {
            input: named(&first_name()),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .keywords;
    assert!(!document_keywords.is_empty());

    let summary = client
        .summarize(SummarizeRequest {
            input: inline(ARTICLE),
            offset_encoding: OffsetEncoding::Utf16.into(),
            options: Some(SummaryOptions {
                budget: Some(SummaryBudget {
                    limit: Some(summary_budget::Limit::Sentences(2)),
                }),
                order: SummaryOrder::Score.into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .sentences;
    assert_eq!(summary.len(), 2);
    assert_eq!(summary[0].rank, 1);
    assert!(summary.iter().all(|s| s.document.is_empty()));
    for sentence in &summary {
        assert_eq!(
            slice_utf16(ARTICLE, sentence.span.as_ref().unwrap()),
            sentence.text
        );
    }
    let name = first_name();
    let of_document = client
        .summarize(SummarizeRequest {
            input: named(&name),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .sentences;
    assert!(!of_document.is_empty());
    assert!(of_document.iter().all(|s| s.document == name));
}

#[tokio::test]
async fn list_and_get_documents_with_paging() {
    let server = start().await;
    let mut client = server.corpus();
    let mut names = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_documents(ListDocumentsRequest {
                page_size: 2,
                page_token: token.clone(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(page.total_size, 5);
        assert!(page.documents.iter().all(|d| d.text.is_empty()));
        names.extend(page.documents.into_iter().map(|d| d.name));
        token = page.next_page_token;
        if token.is_empty() {
            break;
        }
    }
    let expected: Vec<String> = corpus().names().map(|n| format!("documents/{n}")).collect();
    assert_eq!(names, expected);

    let negative = client
        .list_documents(ListDocumentsRequest {
            page_size: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&negative, "page_size");
    let bad_token = client
        .list_documents(ListDocumentsRequest {
            page_token: "not-a-token".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&bad_token, "page_token");
    // A token is only valid with the same other fields.
    let first = client
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let other_view = client
        .list_documents(ListDocumentsRequest {
            page_token: first.next_page_token,
            view: DocumentView::Full.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&other_view, "page_token");

    let document = client
        .get_document(GetDocumentRequest {
            name: names[0].clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap();
    assert_eq!(document.name, names[0]);
    assert!(!document.text.is_empty());
    assert!(document.word_count > 0 && document.sentence_count > 0);
    assert_eq!(document.language, "en");
    let missing = client
        .get_document(GetDocumentRequest {
            name: "documents/nope".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
}

#[tokio::test]
async fn search_pages_snippets_and_errors() {
    let server = start().await;
    let mut client = server.corpus();
    let all = client
        .search_documents(SearchDocumentsRequest {
            query: "Greenland".to_owned(),
            offset_encoding: OffsetEncoding::Utf16.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!all.results.is_empty());
    assert_eq!(all.total_size as usize, all.results.len());
    for result in &all.results {
        let name = &result.document.as_ref().unwrap().name;
        let text = corpus()
            .get(name.strip_prefix("documents/").unwrap())
            .unwrap()
            .text
            .clone();
        let snippet = &result.snippets[0];
        assert_eq!(
            slice_utf16(&text, snippet.span.as_ref().unwrap()),
            snippet.text
        );
        for highlight in &snippet.highlights {
            assert_eq!(slice_utf16(&text, highlight), "Greenland");
        }
    }
    if all.results.len() > 1 {
        let first = client
            .search_documents(SearchDocumentsRequest {
                query: "Greenland".to_owned(),
                page_size: 1,
                offset_encoding: OffsetEncoding::Utf16.into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(first.results.len(), 1);
        let second = client
            .search_documents(SearchDocumentsRequest {
                query: "Greenland".to_owned(),
                page_size: 1,
                page_token: first.next_page_token.clone(),
                offset_encoding: OffsetEncoding::Utf16.into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(second.results[0].document, all.results[1].document);
        let other_query = client
            .search_documents(SearchDocumentsRequest {
                query: "Ukraine".to_owned(),
                page_token: first.next_page_token,
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_invalid(&other_query, "page_token");
    }
    let stop_words = client
        .search_documents(SearchDocumentsRequest {
            query: "the of and".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&stop_words, "query");
    let negative = client
        .search_documents(SearchDocumentsRequest {
            query: "Greenland".to_owned(),
            page_size: -5,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&negative, "page_size");
}

#[tokio::test]
async fn similar_summaries_and_stats() {
    let server = start().await;
    let mut client = server.corpus();
    let name = first_name();
    let similar = client
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: named(&name),
            max_results: 2,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .similar_documents;
    assert!(!similar.is_empty() && similar.len() <= 2);
    assert!(
        similar
            .iter()
            .all(|s| s.document.as_ref().unwrap().name != name)
    );
    assert!(similar.windows(2).all(|w| w[0].score >= w[1].score));

    let by_text = client
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: inline("Greenland Denmark Arctic"),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .similar_documents;
    assert!(!by_text.is_empty());
    assert!(by_text.iter().all(|s| s.score > 0.0 && s.score <= 1.0));
    let bad_score = client
        .find_similar_documents(FindSimilarDocumentsRequest {
            input: named(&name),
            min_score: 2.0,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&bad_score, "min_score");

    let names: Vec<String> = corpus()
        .names()
        .take(2)
        .map(|n| format!("documents/{n}"))
        .collect();
    let summary = client
        .summarize_documents(SummarizeDocumentsRequest {
            documents: names.clone(),
            offset_encoding: OffsetEncoding::CodePoint.into(),
            options: Some(SummaryOptions {
                budget: Some(SummaryBudget {
                    limit: Some(summary_budget::Limit::Sentences(3)),
                }),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .sentences;
    assert_eq!(summary.len(), 3);
    for sentence in &summary {
        assert!(names.contains(&sentence.document));
        let text = corpus()
            .get(sentence.document.strip_prefix("documents/").unwrap())
            .unwrap()
            .text
            .clone();
        let span = sentence.span.as_ref().unwrap();
        let sliced: String = text
            .chars()
            .skip(span.start as usize)
            .take((span.end - span.start) as usize)
            .collect();
        assert_eq!(sliced, sentence.text);
    }
    let whole = client
        .summarize_documents(SummarizeDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .sentences;
    assert_eq!(whole.len(), 3);
    let twice = client
        .summarize_documents(SummarizeDocumentsRequest {
            documents: vec![name.clone(), name.clone()],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&twice, "documents[1]");
    let lambda = client
        .summarize_documents(SummarizeDocumentsRequest {
            options: Some(SummaryOptions {
                mmr_lambda: Some(3.0),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&lambda, "options.mmr_lambda");
    let unknown = client
        .summarize_documents(SummarizeDocumentsRequest {
            documents: vec!["documents/nope".to_owned()],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::NotFound);

    let stats = client
        .get_corpus_stats(GetCorpusStatsRequest {
            top_terms_count: 5,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stats.document_count, 5);
    assert!(stats.vocabulary_size > 0 && stats.total_terms > 0);
    assert_eq!(stats.top_terms.len(), 5);
    assert!(stats.top_terms.iter().any(|t| t.surface_form == "Ukraine"));
    let negative = client
        .get_corpus_stats(GetCorpusStatsRequest {
            top_terms_count: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid(&negative, "top_terms_count");
}

#[tokio::test]
async fn deadlines_are_honoured() {
    let server = start().await;
    // Long enough that summarising it takes far longer than the deadline.
    let text: String = (0..2500)
        .map(|i| {
            format!(
                "Officials in city{} discussed topic{} and budget{} with envoy{} on day {i}. ",
                i % 37,
                i % 53,
                i % 11,
                i % 29
            )
        })
        .collect();
    let mut request = tonic::Request::new(SummarizeRequest {
        input: inline(&text),
        ..Default::default()
    });
    // The client's channel enforces the deadline too (CANCELLED): the server must answer
    // DEADLINE_EXCEEDED before it.
    request.set_timeout(Duration::from_millis(300));
    let status = server.text().summarize(request).await.unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
}

#[tokio::test]
async fn health_and_reflection() {
    let server = start().await;
    assert_serving(&server.channel, "at start").await;

    // v1alpha, as grpcurl 1.8 asks.
    {
        use tonic_reflection::pb::v1alpha::ServerReflectionRequest;
        use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::v1alpha::server_reflection_response::MessageResponse;
        let mut client = ServerReflectionClient::new(server.channel.clone());
        let request = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        };
        let mut stream = client
            .server_reflection_info(tokio_stream::iter([request]))
            .await
            .unwrap()
            .into_inner();
        let response = stream.next().await.unwrap().unwrap();
        let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
            panic!("not a list of services: {response:?}");
        };
        let names: Vec<&str> = list.service.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"lede.v1.TextAnalysisService"), "{names:?}");
        assert!(names.contains(&"lede.v1.CorpusService"), "{names:?}");
    }
    // v1.
    {
        use tonic_reflection::pb::v1::ServerReflectionRequest;
        use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
        let mut client = ServerReflectionClient::new(server.channel.clone());
        let requests = [
            ServerReflectionRequest {
                host: String::new(),
                message_request: Some(MessageRequest::ListServices(String::new())),
            },
            ServerReflectionRequest {
                host: String::new(),
                message_request: Some(MessageRequest::FileContainingSymbol(
                    "lede.v1.CorpusService".to_owned(),
                )),
            },
        ];
        let mut stream = client
            .server_reflection_info(tokio_stream::iter(requests))
            .await
            .unwrap()
            .into_inner();
        let response = stream.next().await.unwrap().unwrap();
        let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
            panic!("not a list of services: {response:?}");
        };
        let names: Vec<&str> = list.service.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"lede.v1.CorpusService"), "{names:?}");
        let response = stream.next().await.unwrap().unwrap();
        let Some(MessageResponse::FileDescriptorResponse(files)) = response.message_response else {
            panic!("not a file descriptor: {response:?}");
        };
        assert!(!files.file_descriptor_proto.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_shed_with_retry_info_and_health_still_answers() {
    let server = start_with(Limits {
        workers: 1,
        max_pending_requests: 1,
        ..Limits::default()
    })
    .await;
    // Long enough that the requests overlap: each summarises about 50 KB.
    let text = ARTICLE.repeat(200);
    let calls = (0..24).map(|_| {
        let mut client = server.text();
        let text = text.clone();
        tokio::spawn(async move {
            client
                .summarize(SummarizeRequest {
                    input: inline(&text),
                    ..Default::default()
                })
                .await
        })
    });
    // Spawned all at once (collected), then awaited.
    let outcomes = join_all(calls.collect::<Vec<_>>()).await;
    let mut shed = 0;
    for outcome in outcomes {
        match outcome.unwrap() {
            Ok(_) => {}
            Err(status) => {
                assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
                let retry = status.get_details_retry_info().expect("RetryInfo");
                assert!(
                    retry
                        .retry_delay
                        .is_some_and(|delay| delay > Duration::ZERO)
                );
                shed += 1;
            }
        }
    }
    assert!(
        shed > 0,
        "24 overlapping requests with room for one: none was shed"
    );
    assert!(shed < 24, "every request was shed");

    assert_serving(&server.channel, "after shedding").await;
    // Once the load is gone, requests are admitted again.
    let tokens = server
        .text()
        .tokenize(TokenizeRequest {
            input: inline("Still answering."),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tokens;
    assert!(!tokens.is_empty());
}

/// Awaits every task, in order.
async fn join_all<T>(
    tasks: Vec<tokio::task::JoinHandle<T>>,
) -> Vec<Result<T, tokio::task::JoinError>> {
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await);
    }
    outcomes
}

#[tokio::test]
async fn a_whole_corpus_summary_reads_a_bounded_set_of_documents() {
    // Far more documents than a whole-corpus summary reads; seven are about Greenland.
    let mut corpus = Corpus::clone(&corpus());
    for n in 0..400 {
        let text = if n % 60 == 11 {
            format!("Greenland ice sheet talks {n}. The Greenland ice melts faster than forecast.")
        } else {
            format!("Markets rallied as oil prices fell {n}. Traders bought shares in banks.")
        };
        corpus
            .insert(lede_corpus::Document::new(format!("m{n:03}"), text))
            .unwrap();
    }
    let about: std::collections::HashSet<String> = corpus
        .iter()
        .filter(|d| d.text.contains("Greenland") || d.text.contains(" ice"))
        .map(|d| format!("documents/{}", d.name))
        .collect();
    let server = Server::start(Collection::in_memory(corpus), Limits::default(), None).await;
    let summary = server
        .corpus()
        .summarize_documents(SummarizeDocumentsRequest {
            options: Some(SummaryOptions {
                query: "Greenland ice".to_owned(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    // Only documents about the query are read (the seeds that mention Greenland among them).
    assert!(!summary.sentences.is_empty());
    for sentence in &summary.sentences {
        assert!(about.contains(&sentence.document), "{sentence:?}");
    }
    // Without a query: a summary all the same, from at most the bounded number of documents.
    let summary = server
        .corpus()
        .summarize_documents(SummarizeDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    let documents: std::collections::HashSet<&str> = summary
        .sentences
        .iter()
        .map(|s| s.document.as_str())
        .collect();
    assert!(!documents.is_empty());
    assert!(documents.len() <= lede_corpus::MAX_AUTO_SUMMARY_DOCUMENTS);
}
