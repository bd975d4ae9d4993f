//! The gRPC handlers, one module per role: `text.rs` serves `TextAnalysisService`,
//! `corpus.rs` wires `CorpusService` to the reads (`read.rs`) and the writes (`write.rs`).
//! Handlers validate with `validate.rs`, call the library, and build responses with
//! `convert.rs`; none converts an error into a status (`status.rs` does).

pub(crate) mod corpus;
pub(crate) mod read;
pub(crate) mod stories;
pub(crate) mod text;
pub(crate) mod trends;
pub(crate) mod write;
