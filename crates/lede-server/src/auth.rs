//! Bearer-token authentication with scopes (`--auth-tokens FILE`).
//!
//! The file holds one token a line, a space, and its scopes comma-separated:
//!
//! ```text
//! # comments and blank lines are skipped
//! s3cr3t-for-the-newsroom read,write
//! sha256:4ff3b1a2…(64 hex digits) read
//! ```
//!
//! A line may give the SHA-256 digest of a token (`sha256:` and 64 hex digits) instead of the
//! token, so that the file can be shared without sharing the secret. Every token is kept
//! only as its digest: a presented token is hashed and compared with every entry in constant
//! time, so neither the comparison nor the entry it matches leaks through timing.
//!
//! The [`AuthLayer`] sits in front of the router. Every `lede.v1` RPC needs a token with
//! the RPC's scope: `write` for the methods that change the corpus (AIP's `Create…`,
//! `BatchCreate…`, `Update…`, `Delete…` and our `Import…`), `read` for the rest. Without a
//! token (or with one the file does not hold) the answer is `UNAUTHENTICATED`; with a token
//! that lacks the scope, `PERMISSION_DENIED`. Health checks and reflection stay open, so that
//! load balancers and `grpcurl list` work without a secret.

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;
use tonic::Status;
use tonic_types::{ErrorDetails, StatusExt as _};

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every RPC that only reads: text analysis, and the corpus's list, get, search,
    /// similar, summaries and statistics.
    Read,
    /// The RPCs that change the corpus: create, batch create, update, delete, import.
    Write,
}

impl Scope {
    /// The scope's name in the tokens file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }

    /// The scope the gRPC method at `path` (`/package.Service/Method`) needs, or `None` for
    /// the services that stay open (health, reflection).
    #[must_use]
    pub fn required_for(path: &str) -> Option<Self> {
        let rest = path.strip_prefix("/lede.")?;
        let method = rest.rsplit('/').next().unwrap_or(rest);
        const WRITE_VERBS: [&str; 5] = ["Create", "BatchCreate", "Update", "Delete", "Import"];
        if WRITE_VERBS.iter().any(|verb| method.starts_with(verb)) {
            Some(Self::Write)
        } else {
            Some(Self::Read)
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A malformed tokens file. The message names the line, never the token on it.
#[derive(Debug, thiserror::Error)]
pub enum TokensError {
    /// The file cannot be read.
    #[error("cannot read the tokens file {path}: {error}")]
    Read {
        /// The file, as given.
        path: String,
        /// Why (in the message, so not also a `source`: the chain would say it twice).
        error: std::io::Error,
    },
    /// A line is not `TOKEN SCOPES`.
    #[error("tokens file, line {line}: {problem}")]
    Line {
        /// The line number, from 1.
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// The file holds no token: auth would refuse every request.
    #[error("the tokens file holds no token: every request would be refused")]
    Empty,
}

/// One entry of the tokens file.
struct Entry {
    digest: [u8; 32],
    read: bool,
    write: bool,
}

/// The tokens the server accepts, as SHA-256 digests with their scopes.
pub struct Tokens {
    entries: Vec<Entry>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Digests are not secrets, but there is no reason to print them either.
        f.debug_struct("Tokens")
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// The outcome of checking a request's credentials.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The token is known and has the scope.
    Allowed,
    /// No `authorization: Bearer …` header.
    Missing,
    /// A token the file does not hold (or a malformed header).
    Unknown,
    /// A known token without the scope.
    Denied(Scope),
}

impl Tokens {
    /// Reads a tokens file (see the module docs).
    ///
    /// # Errors
    ///
    /// [`TokensError`] when the file cannot be read, a line is malformed, or it holds no
    /// token.
    pub fn from_file(path: &Path) -> Result<Self, TokensError> {
        let text = std::fs::read_to_string(path).map_err(|error| TokensError::Read {
            path: path.display().to_string(),
            error,
        })?;
        Self::parse(&text)
    }

    /// Parses the text of a tokens file.
    ///
    /// # Errors
    ///
    /// [`TokensError::Line`] for a malformed line, [`TokensError::Empty`] without tokens.
    pub fn parse(text: &str) -> Result<Self, TokensError> {
        let mut entries = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let problem = |problem: &str| TokensError::Line {
                line: index + 1,
                problem: problem.to_owned(),
            };
            let mut fields = line.split_whitespace();
            let (Some(token), Some(scopes), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(problem(
                    "expected a token, a space and its scopes (e.g. `read,write`)",
                ));
            };
            if !token.bytes().all(|byte| byte.is_ascii_graphic()) {
                return Err(problem(
                    "a token is printable ASCII without spaces (it travels in an HTTP header)",
                ));
            }
            let digest = match token.strip_prefix("sha256:") {
                Some(hex) => parse_digest(hex).ok_or_else(|| {
                    problem("`sha256:` must be followed by 64 hexadecimal digits")
                })?,
                None => Sha256::digest(token.as_bytes()).into(),
            };
            let (mut read, mut write) = (false, false);
            for scope in scopes.split(',') {
                match scope {
                    "read" => read = true,
                    "write" => write = true,
                    other => {
                        return Err(problem(&format!(
                            "unknown scope `{other}` (the scopes are `read` and `write`)"
                        )));
                    }
                }
            }
            entries.push(Entry {
                digest,
                read,
                write,
            });
        }
        if entries.is_empty() {
            return Err(TokensError::Empty);
        }
        Ok(Self { entries })
    }

    /// How many tokens the file holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none (never true of a parsed file).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Checks the value of an `authorization` header (if any) against `scope`.
    #[must_use]
    pub fn check(&self, authorization: Option<&[u8]>, scope: Scope) -> Verdict {
        let Some(header) = authorization else {
            return Verdict::Missing;
        };
        let Some(token) = bearer_token(header) else {
            return Verdict::Unknown;
        };
        let digest: [u8; 32] = Sha256::digest(token).into();
        // Every entry is compared, whatever matched, so the time taken says nothing about
        // which entry (or how much of one) the token matched.
        let mut found: Option<&Entry> = None;
        for entry in &self.entries {
            if bool::from(entry.digest.ct_eq(&digest)) {
                found = Some(entry);
            }
        }
        match found {
            None => Verdict::Unknown,
            Some(entry) => {
                let allowed = match scope {
                    Scope::Read => entry.read,
                    Scope::Write => entry.write,
                };
                if allowed {
                    Verdict::Allowed
                } else {
                    Verdict::Denied(scope)
                }
            }
        }
    }
}

/// The token of `Bearer TOKEN` (the scheme compared without regard to case, RFC 6750).
fn bearer_token(header: &[u8]) -> Option<&[u8]> {
    let scheme = header.get(..7)?;
    if !scheme.eq_ignore_ascii_case(b"bearer ") {
        return None;
    }
    let token = header.get(7..)?.trim_ascii();
    (!token.is_empty()).then_some(token)
}

fn parse_digest(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut digest = [0_u8; 32];
    for (byte, pair) in digest.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        let text = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(digest)
}

/// The status a refused request gets, with a `google.rpc.ErrorInfo` whose reason a client
/// can branch on (`MISSING_TOKEN`, `UNKNOWN_TOKEN`, `MISSING_SCOPE`).
fn refusal(verdict: &Verdict, path: &str) -> Option<Status> {
    let method = path.trim_start_matches('/');
    let (code, reason, message) = match verdict {
        Verdict::Allowed => return None,
        Verdict::Missing => (
            tonic::Code::Unauthenticated,
            "MISSING_TOKEN",
            format!("{method} needs a token: send the header `authorization: Bearer TOKEN`"),
        ),
        Verdict::Unknown => (
            tonic::Code::Unauthenticated,
            "UNKNOWN_TOKEN",
            "the bearer token is not one this server accepts".to_owned(),
        ),
        Verdict::Denied(scope) => (
            tonic::Code::PermissionDenied,
            "MISSING_SCOPE",
            format!("{method} needs a token with the `{scope}` scope"),
        ),
    };
    let mut metadata = std::collections::HashMap::new();
    if let Verdict::Denied(scope) = verdict {
        metadata.insert("scope".to_owned(), scope.as_str().to_owned());
    }
    Some(Status::with_error_details(
        code,
        message,
        ErrorDetails::with_error_info(reason, "lede", metadata),
    ))
}

/// A tower layer that checks bearer tokens (or lets everything through without tokens).
#[derive(Debug, Clone)]
pub(crate) struct AuthLayer {
    tokens: Option<std::sync::Arc<Tokens>>,
}

impl AuthLayer {
    pub(crate) fn new(tokens: Option<std::sync::Arc<Tokens>>) -> Self {
        Self { tokens }
    }
}

impl<S> tower::Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Auth<S> {
        Auth {
            inner,
            tokens: self.tokens.clone(),
        }
    }
}

/// The service [`AuthLayer`] makes.
#[derive(Debug, Clone)]
pub(crate) struct Auth<S> {
    inner: S,
    tokens: Option<std::sync::Arc<Tokens>>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B> tower::Service<http::Request<B>> for Auth<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<tonic::body::Body>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<S::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if let Some(tokens) = &self.tokens {
            let path = request.uri().path();
            if let Some(scope) = Scope::required_for(path) {
                let header = request
                    .headers()
                    .get(http::header::AUTHORIZATION)
                    .map(http::HeaderValue::as_bytes);
                let verdict = tokens.check(header, scope);
                if let Some(status) = refusal(&verdict, path) {
                    tracing::info!(
                        method = path,
                        code = ?status.code(),
                        "request refused by authentication"
                    );
                    let response = status.into_http::<tonic::body::Body>();
                    return Box::pin(std::future::ready(Ok(response)));
                }
            }
        }
        Box::pin(self.inner.call(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# a comment, then a blank line

reader read
writer-and-reader read,write
sha256:4a8bbc67ab07bc5f7dcf3a4bc1e7ee5c8d3a1b2e9a0c4e3b4a0e1d2c3b4a5f60 write
";

    #[test]
    fn scopes_follow_the_verb() {
        assert_eq!(
            Scope::required_for("/lede.v1.CorpusService/DeleteDocument"),
            Some(Scope::Write)
        );
        assert_eq!(
            Scope::required_for("/lede.v1.CorpusService/ImportDocuments"),
            Some(Scope::Write)
        );
        assert_eq!(
            Scope::required_for("/lede.v1.CorpusService/BatchCreateDocuments"),
            Some(Scope::Write)
        );
        assert_eq!(
            Scope::required_for("/lede.v1.CorpusService/SearchDocuments"),
            Some(Scope::Read)
        );
        assert_eq!(
            Scope::required_for("/lede.v1.TextAnalysisService/Tokenize"),
            Some(Scope::Read)
        );
        assert_eq!(Scope::required_for("/grpc.health.v1.Health/Check"), None);
        assert_eq!(
            Scope::required_for("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"),
            None
        );
    }

    #[test]
    fn tokens_are_checked_with_their_scopes() {
        let tokens = Tokens::parse(FILE).unwrap();
        assert_eq!(tokens.len(), 3);
        assert_eq!(
            tokens.check(Some(b"Bearer reader"), Scope::Read),
            Verdict::Allowed
        );
        assert_eq!(
            tokens.check(Some(b"bearer reader"), Scope::Write),
            Verdict::Denied(Scope::Write)
        );
        assert_eq!(
            tokens.check(Some(b"Bearer writer-and-reader"), Scope::Write),
            Verdict::Allowed
        );
        assert_eq!(
            tokens.check(Some(b"Bearer readerx"), Scope::Read),
            Verdict::Unknown
        );
        assert_eq!(
            tokens.check(Some(b"Basic cmVhZGVy"), Scope::Read),
            Verdict::Unknown
        );
        assert_eq!(
            tokens.check(Some(b"Bearer "), Scope::Read),
            Verdict::Unknown
        );
        assert_eq!(tokens.check(None, Scope::Read), Verdict::Missing);
    }

    #[test]
    fn a_digest_line_accepts_the_token_it_hashes() {
        let digest: [u8; 32] = Sha256::digest(b"hashed-secret").into();
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        let tokens = Tokens::parse(&format!("sha256:{hex} read\n")).unwrap();
        assert_eq!(
            tokens.check(Some(b"Bearer hashed-secret"), Scope::Read),
            Verdict::Allowed
        );
        // The digest itself is not a token.
        assert_eq!(
            tokens.check(Some(format!("Bearer sha256:{hex}").as_bytes()), Scope::Read),
            Verdict::Unknown
        );
    }

    #[test]
    fn malformed_files_name_the_line() {
        for (text, line) in [
            ("token\n", 1),
            ("# c\ntoken read extra\n", 2),
            ("token admin\n", 1),
            ("sha256:abc read\n", 1),
            (
                "a read\nsha256:zz4a8bbc67ab07bc5f7dcf3a4bc1e7ee5c8d3a1b2e9a0c4e3b4a0e1d2c3b4a5f read\n",
                2,
            ),
        ] {
            match Tokens::parse(text) {
                Err(TokensError::Line { line: got, .. }) => assert_eq!(got, line, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(matches!(
            Tokens::parse("# nothing\n"),
            Err(TokensError::Empty)
        ));
        // The message never repeats the token.
        let message = Tokens::parse("hunter2 root\n").unwrap_err().to_string();
        assert!(!message.contains("hunter2"), "{message}");
    }
}
