//! The codec of every generated client and server: prost's, except for what a message that
//! cannot be decoded means.
//!
//! `tonic_prost::ProstCodec` answers a malformed message (bad wire format, a string field
//! that is not UTF-8) with INTERNAL whichever end received it. For a server that blames
//! itself for the client's bytes: a request that cannot be decoded is the client's error,
//! INVALID_ARGUMENT, which clients know not to retry. A response that cannot be decoded
//! stays INTERNAL, as gRPC's status code guide has it. The decoder tells the two apart by
//! the message type ([`Side`], implemented by the build script for the input and the output
//! of every method), since tonic's `Decoder` does not say which end it runs at.

use std::marker::PhantomData;

use prost::Message;
use tonic::Status;
use tonic::codec::{BufferSettings, DecodeBuf};
use tonic_prost::ProstEncoder;

/// Which end decodes a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// A method's input, decoded by the server.
    Request,
    /// A method's output, decoded by the client.
    Response,
}

/// A message of the API with its role in it.
pub(crate) trait Side {
    /// Whether it is a request or a response.
    const SIDE: Direction;
    /// Its fully-qualified proto name, for error messages.
    const NAME: &'static str;
}

include!(concat!(env!("OUT_DIR"), "/lede_sides.rs"));

/// [`tonic_prost::ProstCodec`] with [`Decoder`]: encodes `T`, decodes `U`.
#[derive(Debug)]
pub(crate) struct Codec<T, U>(PhantomData<(T, U)>);

impl<T, U> Default for Codec<T, U> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

impl<T, U> tonic::codec::Codec for Codec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Side + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = Decoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder::new(BufferSettings::default())
    }

    fn decoder(&mut self) -> Self::Decoder {
        Decoder(PhantomData)
    }
}

/// Decodes `U` as prost does, with the status of a failure chosen by [`Side`].
#[derive(Debug)]
pub(crate) struct Decoder<U>(PhantomData<U>);

impl<U: Message + Default + Side> tonic::codec::Decoder for Decoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        U::decode(buf).map(Some).map_err(undecodable::<U>)
    }

    fn buffer_settings(&self) -> BufferSettings {
        BufferSettings::default()
    }
}

/// The status of a `U` that prost could not decode.
fn undecodable<U: Side>(error: prost::DecodeError) -> Status {
    match U::SIDE {
        Direction::Request => Status::invalid_argument(format!(
            "the request could not be decoded as a {}: {error}",
            U::NAME
        )),
        Direction::Response => Status::internal(format!(
            "the response could not be decoded as a {}: {error}",
            U::NAME
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v1::{TokenizeRequest, TokenizeResponse};

    #[test]
    fn only_requests_that_cannot_be_decoded_are_the_senders_fault() {
        let error = TokenizeRequest::decode(&[0xff_u8][..]).expect_err("malformed");
        let request = undecodable::<TokenizeRequest>(error.clone());
        assert_eq!(request.code(), tonic::Code::InvalidArgument);
        assert!(
            request
                .message()
                .starts_with("the request could not be decoded as a lede.v1.TokenizeRequest"),
            "{request:?}"
        );
        let response = undecodable::<TokenizeResponse>(error);
        assert_eq!(response.code(), tonic::Code::Internal);
    }
}
