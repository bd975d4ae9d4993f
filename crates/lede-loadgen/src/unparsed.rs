//! Unary calls whose responses are counted, not parsed.
//!
//! Parsing a response is the client's work, not the server's: a Tokenize response of a news
//! article is some 550 tokens, each a string and a span, and decoding them took 0.8 of a core
//! in the load generator, on a machine whose two cores it shares with the server under test.
//! A load generator that parses measures itself as much as the server, so reads are sent with
//! the generated request types and their responses are only counted in bytes (as ghz's
//! `--skip-response` or wrk do). Writes are parsed as usual: the ledger needs their outcome,
//! which is the status, and they are few.

use std::marker::PhantomData;

use prost::bytes::Buf as _;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::http::uri::PathAndQuery;
use tonic::transport::Channel;
use tonic::{Request, Status};

/// Sends `request` to the unary method at `path` (`/package.Service/Method`) and returns the
/// size of the response message in bytes, unparsed.
pub(crate) async fn call<M>(
    channel: &Channel,
    path: &'static str,
    request: M,
) -> Result<usize, Status>
where
    M: prost::Message + Send + Sync + 'static,
{
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready()
        .await
        .map_err(|error| Status::unavailable(format!("the channel is not ready: {error}")))?;
    let response = grpc
        .unary(
            Request::new(request),
            PathAndQuery::from_static(path),
            Unparsed::<M>(PhantomData),
        )
        .await?;
    Ok(response.into_inner())
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
