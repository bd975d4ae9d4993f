//! Unary calls whose responses are counted, not parsed.
//!
//! Parsing a response is the client's work, not the server's: a Tokenize response of a news
//! article is some 550 tokens, each a string and a span, and decoding them took 0.8 of a core
//! in the load generator, on a machine whose two cores it shares with the server under test.
//! A load generator that parses measures itself as much as the server, so reads are sent with
//! the generated request types and their responses are only counted in bytes (as ghz's
//! `--skip-response` or wrk do). Writes are parsed as usual: the ledger needs their outcome,
//! which is the status, and they are few. So are health checks ([`health_check`]): their
//! answer is a status too, and start-up measurements wait for `SERVING`.

use std::marker::PhantomData;

use crate::Conn;
use prost::bytes::Buf as _;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::http::uri::PathAndQuery;
use tonic::{Request, Status};

/// Sends `request` to the unary method at `path` (`/package.Service/Method`) and returns the
/// size of the response message in bytes, unparsed.
pub(crate) async fn call<M>(channel: &Conn, path: &'static str, request: M) -> Result<usize, Status>
where
    M: prost::Message + Send + Sync + 'static,
{
    let mut grpc = ready(channel).await?;
    let response = grpc
        .unary(
            Request::new(request),
            PathAndQuery::from_static(path),
            Unparsed::<M>(PhantomData),
        )
        .await?;
    Ok(response.into_inner())
}

/// A gRPC client on `channel`, once the channel can take a request.
async fn ready(channel: &Conn) -> Result<tonic::client::Grpc<Conn>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready()
        .await
        .map_err(|error| Status::unavailable(format!("the channel is not ready: {error}")))?;
    Ok(grpc)
}

/// `grpc.health.v1.HealthCheckRequest`: the service to check, empty for the whole server.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct HealthCheckRequest {
    #[prost(string, tag = "1")]
    pub(crate) service: String,
}

/// `grpc.health.v1.HealthCheckResponse`: its serving status.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct HealthCheckResponse {
    #[prost(int32, tag = "1")]
    pub(crate) status: i32,
}

/// `grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING`.
pub(crate) const SERVING: i32 = 1;

/// `grpc.health.v1.Health/Check` of the whole server (the empty service name): its serving
/// status (`SERVING` is 1), parsed.
pub(crate) async fn health_check(channel: &Conn) -> Result<i32, Status> {
    let mut grpc = ready(channel).await?;
    let response = grpc
        .unary(
            Request::new(HealthCheckRequest::default()),
            PathAndQuery::from_static("/grpc.health.v1.Health/Check"),
            Parsed::<HealthCheckRequest, HealthCheckResponse>(PhantomData),
        )
        .await?;
    Ok(response.into_inner().status)
}

/// A codec that encodes `M` and decodes `R` with prost.
struct Parsed<M, R>(PhantomData<(M, R)>);

impl<M, R> Codec for Parsed<M, R>
where
    M: prost::Message + Send + 'static,
    R: prost::Message + Default + Send + 'static,
{
    type Encode = M;
    type Decode = R;
    type Encoder = ProstEncoder<M>;
    type Decoder = ProstDecoder<R>;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder(PhantomData)
    }

    fn decoder(&mut self) -> Self::Decoder {
        ProstDecoder(PhantomData)
    }
}

struct ProstDecoder<R>(PhantomData<R>);

impl<R: prost::Message + Default> Decoder for ProstDecoder<R> {
    type Item = R;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<R>, Status> {
        R::decode(src)
            .map(Some)
            .map_err(|error| Status::internal(format!("decoding the response: {error}")))
    }
}

/// A codec that encodes `M` with prost and decodes a response into its length.
struct Unparsed<M>(PhantomData<M>);

impl<M: prost::Message + Send + 'static> Codec for Unparsed<M> {
    type Encode = M;
    type Decode = usize;
    type Encoder = ProstEncoder<M>;
    type Decoder = ByteCounter;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder(PhantomData)
    }

    fn decoder(&mut self) -> Self::Decoder {
        ByteCounter
    }
}

struct ProstEncoder<M>(PhantomData<M>);

impl<M: prost::Message> Encoder for ProstEncoder<M> {
    type Item = M;
    type Error = Status;

    fn encode(&mut self, item: M, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        item.encode(dst)
            .map_err(|error| Status::internal(format!("encoding the request: {error}")))
    }
}

struct ByteCounter;

impl Decoder for ByteCounter {
    type Item = usize;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<usize>, Status> {
        let len = src.remaining();
        src.advance(len);
        Ok(Some(len))
    }
}

#[cfg(test)]
mod tests {
    use prost::Message as _;

    use super::*;

    #[test]
    fn health_messages_match_grpc_health_v1() {
        // `status: SERVING` is field 1, varint 1.
        let serving = HealthCheckResponse { status: SERVING };
        assert_eq!(serving.encode_to_vec(), [0x08, 0x01]);
        let decoded = HealthCheckResponse::decode(&[0x08, 0x02][..]).expect("valid message");
        assert_eq!(decoded.status, 2);
        let request = HealthCheckRequest {
            service: "lede.v1.CorpusService".to_owned(),
        };
        assert_eq!(request.encode_to_vec()[..2], [0x0a, 21]);
        assert!(HealthCheckRequest::default().encode_to_vec().is_empty());
    }
}
