//! How both stores encode what SQL has no type for: times and metadata.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

/// `time` as whole microseconds since the Unix epoch, rounded toward the past; `None` if it
/// does not fit in an `i64`.
pub(crate) fn micros(time: SystemTime) -> Option<i64> {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_micros()).ok(),
        Err(before) => {
            let before = before.duration();
            let whole = before.as_micros() + u128::from(before.subsec_nanos() % 1_000 != 0);
            i64::try_from(whole).ok().map(|micros| -micros)
        }
    }
}

/// The time `micros` microseconds after (or before) the Unix epoch.
pub(crate) fn time_from_micros(micros: i64) -> Option<SystemTime> {
    let offset = Duration::from_micros(micros.unsigned_abs());
    if micros >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(offset)
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(offset)
    }
}

/// Metadata as the JSON object of strings both stores keep.
pub(crate) fn metadata_json(metadata: &BTreeMap<String, String>) -> String {
    if metadata.is_empty() {
        return "{}".to_owned();
    }
    // A map of strings always serialises.
    serde_json::to_string(metadata).unwrap_or_else(|_| "{}".to_owned())
}

/// Metadata from its JSON.
pub(crate) fn metadata_from_json(
    json: &str,
) -> Result<BTreeMap<String, String>, serde_json::Error> {
    serde_json::from_str(json)
}
