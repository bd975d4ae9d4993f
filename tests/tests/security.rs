//! Transport security and exposure (issue 14): TLS and mutual TLS with certificates made
//! here by rcgen, bearer tokens with scopes, the refusal to listen exposed without
//! authentication, the connection layer's cap and timeouts under a flood of idle and
//! half-open sockets, and gRPC-Web (with CORS) over HTTP/1.1.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

use lede_corpus::Corpus;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::text_analysis_service_client::TextAnalysisServiceClient;
use lede_proto::v1::*;
use lede_server::{Collection, ConnectionLimits, Options, TlsFiles, Tokens};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint, Identity};
use tonic::{Code, Request};

/// A server over the seeds in memory with `options`, stopped when dropped.
struct Running {
    addr: std::net::SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(options: Options) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let collection = Arc::new(Collection::in_memory(Corpus::from_seeds().unwrap()));
    tokio::spawn(lede_server::serve_with(
        collection,
        options,
        listener,
        async {
            let _ = stopped.await;
        },
    ));
    Running { addr, _stop: stop }
}

/// A certificate authority, and certificates it signs.
struct Authority {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Authority {
    fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        Self {
            issuer: CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap(),
        }
    }

    fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A certificate for `names` and its key, both PEM.
    fn sign(&self, names: &[&str]) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let params = CertificateParams::new(
            names
                .iter()
                .map(|name| (*name).to_owned())
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

/// A TLS server (mutual if `client_ca`), with its CA.
async fn tls_server(client_ca: Option<&Authority>) -> (Running, Authority, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let ca = Authority::new("lede test CA");
    let (cert, key) = ca.sign(&["localhost", "127.0.0.1"]);
    let files = TlsFiles {
        cert: write(dir.path(), "server.pem", &cert),
        key: write(dir.path(), "server.key", &key),
        client_ca: client_ca.map(|ca| write(dir.path(), "client-ca.pem", &ca.pem())),
    };
    let options = Options {
        tls: Some(files.server_config(false).unwrap()),
        ..Options::default()
    };
    (start(options).await, ca, dir)
}

fn tls_endpoint(
    addr: std::net::SocketAddr,
    ca: &Authority,
    identity: Option<(String, String)>,
) -> Endpoint {
    let mut tls = ClientTlsConfig::new()
        .domain_name("localhost")
        .ca_certificate(Certificate::from_pem(ca.pem()));
    if let Some((cert, key)) = identity {
        tls = tls.identity(Identity::from_pem(cert, key));
    }
    Endpoint::from_shared(format!("https://{addr}"))
        .unwrap()
        .connect_timeout(Duration::from_secs(5))
        .tls_config(tls)
        .unwrap()
}

async fn health(channel: Channel) -> Result<(), tonic::Status> {
    tonic_health::pb::health_client::HealthClient::new(channel)
        .check(tonic_health::pb::HealthCheckRequest::default())
        .await
        .map(drop)
}

/// Calls Health/Check over a new connection from `endpoint`: `Err` if it cannot connect or
/// the call fails.
async fn health_over(endpoint: &Endpoint) -> Result<(), String> {
    let channel = endpoint
        .connect()
        .await
        .map_err(|error| format!("{error:?}"))?;
    health(channel)
        .await
        .map_err(|status| format!("{status:?}"))
}

#[tokio::test]
async fn tls_serves_clients_that_trust_its_certificate() {
    let (server, ca, _dir) = tls_server(None).await;
    let channel = tls_endpoint(server.addr, &ca, None)
        .connect()
        .await
        .unwrap();
    let response = TextAnalysisServiceClient::new(channel)
        .stem(StemRequest {
            words: vec!["ceasefire".to_owned()],
            language: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.words[0].stem, "ceasefir");

    // A client that trusts another CA cannot connect, and neither can a plaintext one.
    let stranger = Authority::new("someone else");
    assert!(
        health_over(&tls_endpoint(server.addr, &stranger, None))
            .await
            .is_err()
    );
    let plaintext = Endpoint::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(5));
    assert!(health_over(&plaintext).await.is_err());
}

#[tokio::test]
async fn mutual_tls_needs_a_client_certificate_from_the_client_ca() {
    let clients = Authority::new("lede clients");
    let (server, ca, _dir) = tls_server(Some(&clients)).await;

    let good = tls_endpoint(server.addr, &ca, Some(clients.sign(&["reporter"])));
    health_over(&good).await.unwrap();

    let without = tls_endpoint(server.addr, &ca, None);
    assert!(
        health_over(&without).await.is_err(),
        "no client certificate"
    );
    let forged = tls_endpoint(
        server.addr,
        &ca,
        Some(Authority::new("forger").sign(&["reporter"])),
    );
    assert!(
        health_over(&forged).await.is_err(),
        "a certificate from another CA"
    );
    // The server still serves after the refusals.
    health_over(&good).await.unwrap();
}

#[test]
fn tls_files_that_cannot_be_used_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let ca = Authority::new("ca");
    let (cert, _) = ca.sign(&["localhost"]);
    let (_, other_key) = ca.sign(&["localhost"]);
    let cert_path = write(dir.path(), "cert.pem", &cert);
    let cases = [
        (
            TlsFiles {
                cert: dir.path().join("missing.pem"),
                key: write(dir.path(), "key.pem", &other_key),
                client_ca: None,
            },
            "missing.pem",
        ),
        (
            TlsFiles {
                cert: cert_path.clone(),
                key: write(dir.path(), "empty.key", "not a key\n"),
                client_ca: None,
            },
            "empty.key",
        ),
        (
            TlsFiles {
                cert: cert_path.clone(),
                key: dir.path().join("key.pem"),
                client_ca: Some(write(dir.path(), "ca.pem", "no certificate here\n")),
            },
            "ca.pem",
        ),
    ];
    for (files, named) in cases {
        let error = files.server_config(false).unwrap_err().to_string();
        assert!(error.contains(named), "{error}");
    }
    // A key that is not the certificate's.
    let error = TlsFiles {
        cert: cert_path,
        key: dir.path().join("key.pem"),
        client_ca: None,
    }
    .server_config(false)
    .unwrap_err()
    .to_string();
    assert!(error.contains("TLS configuration"), "{error}");
}

const TOKENS: &str = "reader-token-0123 read\nwriter-token-4567 read,write\n";

fn authorized<T>(message: T, token: Option<&str>) -> Request<T> {
    let mut request = Request::new(message);
    if let Some(token) = token {
        request
            .metadata_mut()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
    }
    request
}

#[tokio::test]
async fn tokens_and_scopes_guard_every_lede_rpc() {
    let server = start(Options {
        tokens: Some(Arc::new(Tokens::parse(TOKENS).unwrap())),
        ..Options::default()
    })
    .await;
    let channel = common::connect(server.addr).await;
    let mut corpus = CorpusServiceClient::new(channel.clone());
    let mut text = TextAnalysisServiceClient::new(channel.clone());
    let list = || ListDocumentsRequest {
        page_size: 1,
        ..ListDocumentsRequest::default()
    };

    // Health and reflection are open.
    health(channel.clone()).await.unwrap();
    common::assert_serving(&channel, "with tokens on").await;

    // No token, or an unknown one: UNAUTHENTICATED, with the reason in ErrorInfo.
    for token in [None, Some("guess"), Some("reader-token-012")] {
        let status = corpus
            .list_documents(authorized(list(), token))
            .await
            .unwrap_err();
        assert_eq!(
            status.code(),
            Code::Unauthenticated,
            "{token:?}: {status:?}"
        );
        let stem = StemRequest {
            words: vec!["word".to_owned()],
            language: String::new(),
        };
        let status = text.stem(authorized(stem, token)).await.unwrap_err();
        assert_eq!(
            status.code(),
            Code::Unauthenticated,
            "{token:?}: {status:?}"
        );
    }
    use tonic_types::StatusExt as _;
    let status = corpus
        .list_documents(authorized(list(), None))
        .await
        .unwrap_err();
    assert_eq!(
        status.get_error_details().error_info().unwrap().reason,
        "MISSING_TOKEN"
    );

    // A read token reads, and may not write.
    corpus
        .list_documents(authorized(list(), Some("reader-token-0123")))
        .await
        .unwrap();
    let delete = || DeleteDocumentRequest {
        name: "documents/001_ea396f7a82a19f71".to_owned(),
    };
    let status = corpus
        .delete_document(authorized(delete(), Some("reader-token-0123")))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");
    assert!(status.message().contains("write"), "{status:?}");
    let chunk = ImportDocumentsRequest {
        requests: vec![common::create("imported", common::doc("t", "Some text."))],
    };
    let stream = tokio_stream::iter(vec![chunk.clone()]);
    let status = corpus
        .import_documents(authorized(stream, Some("reader-token-0123")))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");

    // The write token writes.
    corpus
        .delete_document(authorized(delete(), Some("writer-token-4567")))
        .await
        .unwrap();
    let stream = tokio_stream::iter(vec![chunk]);
    corpus
        .import_documents(authorized(stream, Some("writer-token-4567")))
        .await
        .unwrap();
    let total = corpus
        .list_documents(authorized(list(), Some("writer-token-4567")))
        .await
        .unwrap()
        .into_inner()
        .total_size;
    assert_eq!(total, 5, "one seed deleted, one document imported");
}

#[test]
fn an_exposed_address_needs_tokens_or_an_explicit_opt_out() {
    let load = |args: &[&str]| {
        lede_server::Config::load_from(["lede-server", "--in-memory"].iter().chain(args).copied())
            .unwrap()
            .options()
    };
    let error = load(&["--addr", "0.0.0.0:50051"]).unwrap_err().to_string();
    assert!(
        error.contains("refusing to listen on 0.0.0.0:50051"),
        "{error}"
    );
    assert!(error.contains("--auth-tokens"), "{error}");
    load(&["--addr", "0.0.0.0:50051", "--allow-unauthenticated"]).unwrap();
    load(&["--addr", "127.0.0.1:50051"]).unwrap();
    load(&["--addr", "[::1]:50051"]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tokens = write(dir.path(), "tokens", TOKENS);
    let options = load(&[
        "--addr",
        "0.0.0.0:50051",
        "--auth-tokens",
        tokens.to_str().unwrap(),
    ])
    .unwrap();
    assert_eq!(options.tokens.unwrap().len(), 2);
    // A bad tokens file stops the start, naming the line.
    let bad = write(dir.path(), "bad", "ok-token read\nno-scopes\n");
    let error = load(&["--auth-tokens", bad.to_str().unwrap()])
        .unwrap_err()
        .to_string();
    assert!(error.contains("line 2"), "{error}");
}

/// Reads from `stream` until the server closes it; `Err` if it is still open after `limit`
/// (a bound for the test, far above the timeouts under test).
async fn closed_by_server(
    stream: &mut tokio::net::TcpStream,
    limit: Duration,
) -> Result<(), String> {
    let mut buffer = [0_u8; 4096];
    tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .map_err(|_| format!("still open after {limit:?}"))
}

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
/// An empty SETTINGS frame: what a client sends after the preface.
const EMPTY_SETTINGS: &[u8] = &[0, 0, 0, 4, 0, 0, 0, 0, 0];

#[tokio::test]
async fn unfinished_and_idle_connections_are_closed() {
    let server = start(Options {
        connections: ConnectionLimits {
            handshake_timeout: Duration::from_millis(300),
            idle_timeout: Duration::from_millis(600),
            ..ConnectionLimits::default()
        },
        ..Options::default()
    })
    .await;
    let limit = Duration::from_secs(20);

    let mut silent = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let mut half = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    half.write_all(&PREFACE[..10]).await.unwrap();
    let mut idle = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(PREFACE).await.unwrap();
    idle.write_all(EMPTY_SETTINGS).await.unwrap();

    closed_by_server(&mut silent, limit).await.unwrap();
    closed_by_server(&mut half, limit).await.unwrap();
    closed_by_server(&mut idle, limit).await.unwrap();

    // A client that keeps calling is not idle: its channel keeps working across several
    // idle timeouts' worth of calls.
    let channel = common::connect(server.addr).await;
    for _ in 0..12 {
        health(channel.clone()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_server_announces_its_stream_limit() {
    let server = start(Options {
        connections: ConnectionLimits {
            max_concurrent_streams: 7,
            ..ConnectionLimits::default()
        },
        ..Options::default()
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(PREFACE).await.unwrap();
    stream.write_all(EMPTY_SETTINGS).await.unwrap();
    // The server's first frame is its SETTINGS: 6-byte entries of (id, value).
    let mut header = [0_u8; 9];
    stream.read_exact(&mut header).await.unwrap();
    assert_eq!(header[3], 4, "a SETTINGS frame");
    let length =
        usize::from(header[0]) << 16 | usize::from(header[1]) << 8 | usize::from(header[2]);
    let mut payload = vec![0_u8; length];
    stream.read_exact(&mut payload).await.unwrap();
    let max_concurrent_streams = payload.chunks_exact(6).find_map(|entry| {
        (u16::from_be_bytes([entry[0], entry[1]]) == 3)
            .then(|| u32::from_be_bytes([entry[2], entry[3], entry[4], entry[5]]))
    });
    assert_eq!(max_concurrent_streams, Some(7));
}

/// The flood of issue 14, scaled to the test's cap: many times `--max-connections` idle and
/// half-open sockets, held open, and a new client's health check still answers at once.
#[tokio::test]
async fn a_flood_of_idle_and_half_open_connections_does_not_stop_a_health_check() {
    let cap = 32;
    let server = start(Options {
        connections: ConnectionLimits {
            max_connections: cap,
            ..ConnectionLimits::default()
        },
        ..Options::default()
    })
    .await;
    // Connections of every kind a flood uses, kept open: silent, half a preface, a whole
    // preface and nothing more, and a tonic channel that connected and sits idle.
    let mut flood = Vec::new();
    for index in 0..cap * 8 {
        let Ok(mut stream) = tokio::net::TcpStream::connect(server.addr).await else {
            continue;
        };
        match index % 3 {
            0 => {}
            1 => {
                let _ = stream.write_all(&PREFACE[..10]).await;
            }
            _ => {
                let _ = stream.write_all(PREFACE).await;
                let _ = stream.write_all(EMPTY_SETTINGS).await;
            }
        }
        flood.push(stream);
    }
    let idle_channels = {
        let mut channels = Vec::new();
        for _ in 0..cap {
            channels.push(common::connect(server.addr).await);
        }
        channels
    };
    for attempt in 0..5 {
        let endpoint = Endpoint::from_shared(format!("http://{}", server.addr))
            .unwrap()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(5));
        health_over(&endpoint)
            .await
            .unwrap_or_else(|error| panic!("health check {attempt} during the flood: {error}"));
    }
    // The cap held: the server closed the flood's sockets beyond it (before the connection
    // layer, every one stayed open until the process ran out of file descriptors).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let closed = flood.iter().filter(|stream| closed_now(stream)).count();
    assert!(
        closed >= flood.len() - cap,
        "only {closed} of {} flood sockets closed with a cap of {cap}",
        flood.len()
    );
    drop(idle_channels);
}

/// Whether the server has closed `stream` (read everything it sent, then end of file).
fn closed_now(stream: &tokio::net::TcpStream) -> bool {
    let mut buffer = [0_u8; 4096];
    loop {
        match stream.try_read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(_) => return true,
        }
    }
}

/// A gRPC-Web call over HTTP/1.1, as a browser's `fetch` makes it: returns the response's
/// head (lower-cased) and its body, de-chunked.
async fn http1(addr: std::net::SocketAddr, request: &[u8]) -> (String, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .unwrap()
        .unwrap();
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap();
    let head = String::from_utf8(response[..split].to_vec())
        .unwrap()
        .to_ascii_lowercase();
    let mut body = response[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        let mut decoded = Vec::new();
        let mut rest = body.as_slice();
        loop {
            let line_end = rest
                .windows(2)
                .position(|window| window == b"\r\n")
                .unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap().trim(), 16)
                    .unwrap();
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = decoded;
    }
    (head, body)
}

fn grpc_web_request(path: &str, message: &impl prost::Message, token: Option<&str>) -> Vec<u8> {
    let payload = message.encode_to_vec();
    let mut body = vec![0_u8];
    body.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
    body.extend_from_slice(&payload);
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: lede.test\r\nOrigin: https://app.example\r\n\
         Content-Type: application/grpc-web+proto\r\nX-Grpc-Web: 1\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(&body);
    request
}

/// The frames of a gRPC-Web body: the messages, and the trailers as text.
fn grpc_web_frames(body: &[u8]) -> (Vec<Vec<u8>>, String) {
    let (mut messages, mut trailers) = (Vec::new(), String::new());
    let mut rest = body;
    while rest.len() >= 5 {
        let length =
            usize::try_from(u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]])).unwrap();
        let frame = &rest[5..5 + length];
        if rest[0] & 0x80 != 0 {
            trailers.push_str(&String::from_utf8_lossy(frame).to_ascii_lowercase());
        } else {
            messages.push(frame.to_vec());
        }
        rest = &rest[5 + length..];
    }
    (messages, trailers)
}

#[tokio::test]
async fn grpc_web_over_http1_with_cors() {
    let server = start(Options {
        grpc_web: true,
        cors_allow_origins: vec!["https://app.example".to_owned()],
        tokens: Some(Arc::new(Tokens::parse(TOKENS).unwrap())),
        ..Options::default()
    })
    .await;
    let stem = StemRequest {
        words: vec!["garanties".to_owned()],
        language: "fr".to_owned(),
    };

    // The browser's preflight: allowed for the configured origin, no token needed.
    let preflight = b"OPTIONS /lede.v1.TextAnalysisService/Stem HTTP/1.1\r\nHost: lede.test\r\n\
        Origin: https://app.example\r\nAccess-Control-Request-Method: POST\r\n\
        Access-Control-Request-Headers: authorization,content-type,x-grpc-web\r\nConnection: close\r\n\r\n";
    let (head, _) = http1(server.addr, preflight).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(
        head.contains("access-control-allow-origin: https://app.example"),
        "{head}"
    );
    assert!(head.contains("authorization"), "{head}");

    // The call itself, with the read token.
    let request = grpc_web_request(
        "/lede.v1.TextAnalysisService/Stem",
        &stem,
        Some("reader-token-0123"),
    );
    let (head, body) = http1(server.addr, &request).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(
        head.contains("content-type: application/grpc-web"),
        "{head}"
    );
    assert!(
        head.contains("access-control-allow-origin: https://app.example"),
        "{head}"
    );
    assert!(head.contains("access-control-expose-headers"), "{head}");
    let (messages, trailers) = grpc_web_frames(&body);
    assert!(trailers.contains("grpc-status:0"), "{trailers:?}");
    let response = <StemResponse as prost::Message>::decode(messages[0].as_slice()).unwrap();
    assert_eq!(response.words[0].stem, "garant");

    // Without the token: UNAUTHENTICATED (16), in the headers or the trailers.
    let request = grpc_web_request("/lede.v1.TextAnalysisService/Stem", &stem, None);
    let (head, body) = http1(server.addr, &request).await;
    let (_, trailers) = grpc_web_frames(&body);
    assert!(
        head.contains("grpc-status: 16") || trailers.contains("grpc-status:16"),
        "{head}\n{trailers}"
    );

    // Another origin gets no CORS permission.
    let request = String::from_utf8(grpc_web_request(
        "/lede.v1.TextAnalysisService/Stem",
        &stem,
        Some("reader-token-0123"),
    ))
    .unwrap()
    .replace("https://app.example", "https://evil.example");
    let (head, _) = http1(server.addr, request.as_bytes()).await;
    assert!(!head.contains("access-control-allow-origin"), "{head}");
}

#[tokio::test]
async fn without_grpc_web_http1_is_refused() {
    let server = start(Options::default()).await;
    let stem = StemRequest {
        words: vec!["word".to_owned()],
        language: String::new(),
    };
    let request = grpc_web_request("/lede.v1.TextAnalysisService/Stem", &stem, None);
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(&request).await.unwrap();
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response)).await;
    assert!(
        !String::from_utf8_lossy(&response).contains("grpc-status:0"),
        "an HTTP/1.1 call must not be served without --grpc-web"
    );
}
