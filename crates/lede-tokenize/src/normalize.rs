//! Normalisation. (placeholder, being replaced)
use std::borrow::Cow;

/// Normalises a token.
#[must_use]
pub fn normalize(token: &str) -> Cow<'_, str> {
    Cow::Owned(token.to_lowercase())
}

/// Normalises `token` into `out` (cleared first).
pub fn normalize_into(token: &str, out: &mut String) {
    out.clear();
    out.push_str(&normalize(token));
}
