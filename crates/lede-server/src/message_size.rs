//! RESOURCE_EXHAUSTED, not OUT_OF_RANGE, for a request message larger than
//! `--max-message-bytes`.
//!
//! tonic checks a message's length prefix against the limit before any codec sees the
//! message (so that it never buffers what it will refuse), and answers with OUT_OF_RANGE;
//! gRPC's convention for a message over the receiver's limit is RESOURCE_EXHAUSTED, which is
//! also what grpc-go, grpc-java and grpc-core clients get from their own servers. No codec
//! can change that status, so this layer rewrites it in the response headers, and only it:
//! another OUT_OF_RANGE passes untouched.
//!
//! A request that fails to decode never reaches a handler that has sent headers (the API has
//! no server-streaming or bidirectional method), so its status is always in the headers of
//! a trailers-only response; trailers need no rewriting.

use tonic::Status;
use tonic::codegen::http;

use crate::status::ApiError;

/// The start of tonic's message for a request over the decoding limit (tonic 0.14,
/// `codec/decode.rs`); the rest gives the sizes.
const TONIC_TOO_LARGE: &str = "Error, decoded message length too large: ";

/// The layer, for `Server::builder().layer(…)`.
pub(crate) fn layer() -> tower::util::MapResponseLayer<fn(Response) -> Response> {
    tower::util::MapResponseLayer::new(rewrite)
}

type Response = http::Response<tonic::body::Body>;

/// `response`, with RESOURCE_EXHAUSTED if it is tonic's OUT_OF_RANGE for a message over the
/// limit.
fn rewrite(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let Some(status) = Status::from_header_map(headers) else {
        return response;
    };
    if status.code() != tonic::Code::OutOfRange {
        return response;
    }
    let Some(sizes) = status.message().strip_prefix(TONIC_TOO_LARGE) else {
        return response;
    };
    let status = Status::from(ApiError::TooLarge(format!(
        "the request message is larger than the server accepts (--max-message-bytes): {sizes}"
    )));
    headers.remove(Status::GRPC_STATUS_DETAILS);
    if status.add_header(headers).is_err() {
        // Not reached: the message is ASCII. Should it fail, tonic's status stays whole
        // (add_header writes nothing of a message it cannot encode).
        tracing::warn!("could not rewrite the status of an oversized request");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: &Status) -> Response {
        status.clone().into_http()
    }

    #[test]
    fn only_tonics_oversized_message_is_rewritten() {
        let tonic = Status::out_of_range(format!(
            "{TONIC_TOO_LARGE}found 2000 bytes, the limit is: 1024 bytes"
        ));
        let rewritten =
            Status::from_header_map(rewrite(response(&tonic)).headers()).expect("a status");
        assert_eq!(rewritten.code(), tonic::Code::ResourceExhausted);
        assert!(
            rewritten
                .message()
                .ends_with("found 2000 bytes, the limit is: 1024 bytes"),
            "{rewritten:?}"
        );

        for other in [
            Status::out_of_range("page 7 is past the end"),
            Status::internal(TONIC_TOO_LARGE),
        ] {
            let kept =
                Status::from_header_map(rewrite(response(&other)).headers()).expect("a status");
            assert_eq!(
                (kept.code(), kept.message()),
                (other.code(), other.message())
            );
        }
        let ok = http::Response::new(tonic::body::Body::empty());
        assert!(rewrite(ok).headers().is_empty());
    }
}
