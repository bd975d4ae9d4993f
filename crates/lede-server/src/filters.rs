//! Request filters (`filter`, `order_by`): parsed by lede-corpus's one grammar, their errors
//! turned into field violations that say at which column the string is wrong.

use lede_corpus::{DocumentOrder, Filter};

use crate::status::ApiError;

/// The filter of a request's `field` (empty: every document).
pub(crate) fn filter(text: &str, field: &str) -> Result<Filter, ApiError> {
    Filter::parse(text).map_err(|error| ApiError::invalid(field, error.to_string()))
}

/// The order of a request's `order_by`.
pub(crate) fn order(text: &str, field: &str) -> Result<DocumentOrder, ApiError> {
    DocumentOrder::parse(text).map_err(|error| ApiError::invalid(field, error.to_string()))
}
