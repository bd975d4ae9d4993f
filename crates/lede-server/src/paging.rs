//! Opaque page tokens: URL-safe base64 of `v1:{hash of the other request fields}:{cursor}`.
//! A token is valid only with the same other fields; anything else is INVALID_ARGUMENT.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::status::ApiError;

/// FNV-1a over the request's other fields, separated so that `("ab", "c")` differs from
/// `("a", "bc")`; stable across processes and versions.
pub(crate) fn fingerprint(fields: &[&str]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for field in fields {
        for byte in field.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The token of the page after `cursor`.
pub(crate) fn encode(fingerprint: u64, cursor: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1:{fingerprint:016x}:{cursor}"))
}

/// The cursor of `token` (`None` for the empty token of the first page).
pub(crate) fn decode(token: &str, fingerprint: u64) -> Result<Option<String>, ApiError> {
    if token.is_empty() {
        return Ok(None);
    }
    let invalid = || ApiError::invalid("page_token", "not a page token of this request");
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let rest = text.strip_prefix("v1:").ok_or_else(invalid)?;
    let (hash, cursor) = rest.split_once(':').ok_or_else(invalid)?;
    if hash != format!("{fingerprint:016x}") {
        return Err(invalid());
    }
    Ok(Some(cursor.to_owned()))
}

/// The page size of a request: 0 is `default`, larger than `max` is `max`, negative is
/// INVALID_ARGUMENT.
pub(crate) fn page_size(value: i32, default: usize, max: usize) -> Result<usize, ApiError> {
    match usize::try_from(value) {
        Err(_) => Err(ApiError::invalid("page_size", "must not be negative")),
        Ok(0) => Ok(default.min(max)),
        Ok(size) => Ok(size.min(max)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_check_the_request() {
        let fp = fingerprint(&["query", "1"]);
        let token = encode(fp, "documents/a:b");
        assert_eq!(
            decode(&token, fp).ok().flatten().as_deref(),
            Some("documents/a:b")
        );
        assert!(decode(&token, fingerprint(&["other", "1"])).is_err());
        assert!(decode("garbage!", fp).is_err());
        assert!(matches!(decode("", fp), Ok(None)));
        assert!(page_size(-1, 10, 100).is_err());
        assert_eq!(page_size(0, 10, 100).ok(), Some(10));
        assert_eq!(page_size(500, 10, 100).ok(), Some(100));
    }
}
