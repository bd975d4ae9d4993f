//! Status codes at the edges of the API (issue 14, "wrong codes and leaks"): requests that
//! cannot be decoded, messages over the size limit, a full disk, and a data directory
//! whose database file is empty. Raw request bytes go through tonic's client with a codec
//! that sends them as they are.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, assert_serving, create, doc, inline, total_size};
use lede_corpus::Corpus;
use lede_proto::v1::*;
use lede_server::{Collection, Limits};
use prost::Message as _;
use prost::bytes::{Buf as _, BufMut as _};
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::http::uri::PathAndQuery;
use tonic::transport::Channel;
use tonic::{Code, Status};

// ---------------------------------------------------------------------------------------
// Raw bytes over gRPC.

/// Sends request bytes as they are and returns response bytes undecoded.
#[derive(Debug, Clone, Copy, Default)]
struct Raw;

impl Codec for Raw {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = Raw;
    type Decoder = Raw;

    fn encoder(&mut self) -> Raw {
        Raw
    }

    fn decoder(&mut self) -> Raw {
        Raw
    }
}

impl Encoder for Raw {
    type Item = Vec<u8>;
    type Error = Status;

    fn encode(&mut self, item: Vec<u8>, buf: &mut EncodeBuf<'_>) -> Result<(), Status> {
        buf.put_slice(&item);
        Ok(())
    }
}

impl Decoder for Raw {
    type Item = Vec<u8>;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, Status> {
        Ok(Some(buf.copy_to_bytes(buf.remaining()).to_vec()))
    }
}

/// A unary call of `path` with `body` as the request message.
async fn unary(channel: &Channel, path: &'static str, body: Vec<u8>) -> Result<Vec<u8>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    grpc.unary(
        tonic::Request::new(body),
        PathAndQuery::from_static(path),
        Raw,
    )
    .await
    .map(tonic::Response::into_inner)
}

/// A client-streaming call of `path` with `messages` as the request stream.
async fn streaming(
    channel: &Channel,
    path: &'static str,
    messages: Vec<Vec<u8>>,
) -> Result<Vec<u8>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    grpc.client_streaming(
        tonic::Request::new(tokio_stream::iter(messages)),
        PathAndQuery::from_static(path),
        Raw,
    )
    .await
    .map(tonic::Response::into_inner)
}

const TOKENIZE: &str = "/lede.v1.TextAnalysisService/Tokenize";
const CREATE: &str = "/lede.v1.CorpusService/CreateDocument";
const IMPORT: &str = "/lede.v1.CorpusService/ImportDocuments";

/// `message` encoded, with the bytes of `marker` (a string it contains once) replaced by as
/// many bytes that are not UTF-8.
fn with_invalid_utf8(message: &impl prost::Message, marker: &str) -> Vec<u8> {
    let mut bytes = message.encode_to_vec();
    let at = bytes
        .windows(marker.len())
        .position(|window| window == marker.as_bytes())
        .unwrap();
    bytes[at..at + marker.len()].fill(0xFF);
    bytes
}

fn assert_undecodable(result: Result<Vec<u8>, Status>, what: &str) {
    let status = result.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{what}: {status:?}");
    assert!(
        status.message().contains("could not be decoded"),
        "{what}: {status:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Requests that cannot be decoded.

#[tokio::test]
async fn requests_that_cannot_be_decoded_are_invalid_arguments() {
    let server = Server::seeds(Limits::default()).await;
    let channel = &server.channel;

    // A truncated varint, and a field with wire type 7 (there is none).
    for garbage in [vec![0x0A, 0xFF, 0xFF], vec![0x0F, 0x01]] {
        assert_undecodable(unary(channel, TOKENIZE, garbage.clone()).await, "Tokenize");
        assert_undecodable(unary(channel, CREATE, garbage).await, "CreateDocument");
    }

    // A string field that is not UTF-8, top-level and nested.
    let tokenize = TokenizeRequest {
        input: inline("MARKER"),
        ..Default::default()
    };
    assert_undecodable(
        unary(channel, TOKENIZE, with_invalid_utf8(&tokenize, "MARKER")).await,
        "Tokenize with text that is not UTF-8",
    );
    let created = create("bad-title", doc("MARKER", "Some text."));
    assert_undecodable(
        unary(channel, CREATE, with_invalid_utf8(&created, "MARKER")).await,
        "CreateDocument with a title that is not UTF-8",
    );

    // In a stream: the import fails as a whole, and its first, valid chunk is not stored.
    let mut client = server.corpus();
    let before = total_size(&mut client).await;
    let good = ImportDocumentsRequest {
        requests: vec![create("imported", doc("", "Fine text."))],
    };
    let bad = ImportDocumentsRequest {
        requests: vec![create("MARKER", doc("", "Fine text too."))],
    };
    assert_undecodable(
        streaming(
            channel,
            IMPORT,
            vec![good.encode_to_vec(), with_invalid_utf8(&bad, "MARKER")],
        )
        .await,
        "ImportDocuments with a chunk that is not UTF-8",
    );
    assert_eq!(total_size(&mut client).await, before);

    // The same bytes, valid, are answered (the codec decodes as prost does).
    unary(channel, TOKENIZE, tokenize.encode_to_vec())
        .await
        .unwrap();
    assert_serving(channel, "after undecodable requests").await;
}

// ---------------------------------------------------------------------------------------
// Messages over --max-message-bytes.

#[tokio::test]
async fn messages_over_the_limit_are_resource_exhausted() {
    let server = Server::start(
        Collection::in_memory(Corpus::from_seeds().unwrap()),
        Limits {
            max_message_bytes: 1024,
            ..Limits::default()
        },
        None,
    )
    .await;
    let oversized = "word ".repeat(400);

    let status = server
        .text()
        .tokenize(TokenizeRequest {
            input: inline(&oversized),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status.message().contains("--max-message-bytes")
            && status.message().contains("the limit is: 1024 bytes"),
        "{status:?}"
    );

    let mut corpus = server.corpus();
    let status = corpus
        .import_documents(tokio_stream::iter(vec![
            ImportDocumentsRequest {
                requests: vec![create("small", doc("", "Fine."))],
            },
            ImportDocumentsRequest {
                requests: vec![create("large", doc("", &oversized))],
            },
        ]))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");

    // Under the limit, the same calls succeed.
    server
        .text()
        .tokenize(TokenizeRequest {
            input: inline("word word"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_serving(&server.channel, "after oversized messages").await;
}

// ---------------------------------------------------------------------------------------
// A full disk.

#[tokio::test]
async fn a_full_disk_is_resource_exhausted_and_names_no_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = lede_store::Store::open(dir.path(), &lede_corpus::seed_documents()).unwrap();
    // Room for the seeds' analyses, written back at load, and for a small document; not for
    // half a megabyte.
    let size = std::fs::metadata(store.path()).unwrap().len();
    store.set_size_limit(size + 128 * 1024).unwrap();
    let server = Server::start(
        Collection::from_store(store).unwrap(),
        Limits::default(),
        None,
    )
    .await;
    let mut client = server.corpus();
    let before = total_size(&mut client).await;
    let large = doc("Large", &"word ".repeat(100_000));

    let created = client
        .create_document(create("large", large.clone()))
        .await
        .unwrap_err();
    let imported = client
        .import_documents(tokio_stream::iter(vec![ImportDocumentsRequest {
            requests: vec![create("large", large)],
        }]))
        .await
        .unwrap_err();
    let dir_name = dir.path().to_str().unwrap();
    for (what, status) in [("CreateDocument", created), ("ImportDocuments", imported)] {
        assert_eq!(status.code(), Code::ResourceExhausted, "{what}: {status:?}");
        assert!(status.message().contains("full"), "{what}: {status:?}");
        assert!(
            !status.message().contains(dir_name)
                && !status.message().contains(lede_store::DATABASE_FILE),
            "{what}: the message names the store: {status:?}"
        );
    }
    // Nothing of the refused writes is served, and the server still writes what fits.
    let missing = client
        .get_document(GetDocumentRequest {
            name: "documents/large".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound, "{missing:?}");
    client
        .create_document(create("small", doc("Small", "A few words.")))
        .await
        .unwrap();
    assert_eq!(total_size(&mut client).await, before + 1);
    assert_serving(&server.channel, "after a full disk").await;
}

// ---------------------------------------------------------------------------------------
// An empty database file.

#[test]
fn an_empty_database_file_is_refused_at_start_not_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(lede_store::DATABASE_FILE);
    std::fs::write(&file, b"").unwrap();
    let message = match Collection::open(dir.path()) {
        Ok(collection) => panic!(
            "an empty {} was served, with {} documents",
            file.display(),
            collection.len()
        ),
        Err(error) => format!("{error:#}"),
    };
    assert!(
        message.contains(&file.display().to_string()),
        "the message does not name the file: {message}"
    );
    assert!(
        message.contains("empty") && message.contains("remove it"),
        "the message does not say what is wrong and what to do: {message}"
    );
    assert_eq!(
        std::fs::metadata(&file).unwrap().len(),
        0,
        "the file was written"
    );

    // Removed, as the message says: a new store with the seeds.
    std::fs::remove_file(&file).unwrap();
    let collection = Collection::open(dir.path()).unwrap();
    assert_eq!(collection.len(), lede_corpus::seed_documents().len());
}
