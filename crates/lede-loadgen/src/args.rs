//! Parsing of the command-line values that clap cannot parse by itself: durations
//! (`10s`, `500ms`, `2m`, `1.5s`, a bare number of seconds) and rates (`1000`, `1000/s`,
//! `600/m`).

use std::time::Duration;

/// Parses a duration: a non-negative decimal number followed by `ms`, `s`, `m` or `h`, or no
/// unit (seconds).
pub(crate) fn parse_duration(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let (number, unit_seconds) = if let Some(number) = value.strip_suffix("ms") {
        (number, 0.001)
    } else if let Some(number) = value.strip_suffix('s') {
        (number, 1.0)
    } else if let Some(number) = value.strip_suffix('m') {
        (number, 60.0)
    } else if let Some(number) = value.strip_suffix('h') {
        (number, 3600.0)
    } else {
        (value, 1.0)
    };
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a duration (examples: 10s, 500ms, 2m)"))?;
    if !number.is_finite() || number < 0.0 {
        return Err(format!(
            "`{value}`: a duration must be finite and not negative"
        ));
    }
    Duration::try_from_secs_f64(number * unit_seconds)
        .map_err(|_| format!("`{value}`: duration out of range"))
}

/// Parses a rate in requests per second: a positive decimal number, optionally followed by
/// `/s` (per second) or `/m` (per minute).
pub(crate) fn parse_rate(value: &str) -> Result<f64, String> {
    let value = value.trim();
    let (number, per_seconds) = if let Some(number) = value.strip_suffix("/s") {
        (number, 1.0)
    } else if let Some(number) = value.strip_suffix("/m") {
        (number, 60.0)
    } else {
        (value, 1.0)
    };
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a rate (examples: 1000, 1000/s, 600/m)"))?;
    let rate = number / per_seconds;
    if !rate.is_finite() || rate <= 0.0 {
        return Err(format!("`{value}`: a rate must be finite and positive"));
    }
    if rate > 10_000_000.0 {
        return Err(format!("`{value}`: at most 10,000,000 requests per second"));
    }
    Ok(rate)
}

/// Parses a count that must be at least 1 (concurrency, connections, threads).
pub(crate) fn parse_positive(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{value}` is not a positive whole number")),
    }
}

/// Parses a run id: 1 to 64 ASCII letters, digits, `_` and `.` (no `-`, so that the id prefix
/// `loadgen-{run id}-` of one run never starts that of another).
pub(crate) fn parse_run_id(value: &str) -> Result<String, String> {
    if value.is_empty() || value.len() > 64 {
        return Err("must have 1 to 64 characters".to_owned());
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))
    {
        return Err(format!(
            "{bad:?} is not allowed: use letters, digits, '_' and '.'"
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration(" 0s "), Ok(Duration::ZERO));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("ten seconds").is_err());
        assert!(parse_duration("10x").is_err());
        assert!(parse_duration("infs").is_err());
        assert!(parse_duration("NaN").is_err());
        assert!(parse_duration("1e300h").is_err());
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("1000"), Ok(1000.0));
        assert_eq!(parse_rate("1000/s"), Ok(1000.0));
        assert_eq!(parse_rate("2.5/s"), Ok(2.5));
        assert_eq!(parse_rate("600/m"), Ok(10.0));
        assert!(parse_rate("0").is_err());
        assert!(parse_rate("-5/s").is_err());
        assert!(parse_rate("fast").is_err());
        assert!(parse_rate("inf").is_err());
        assert!(parse_rate("1e9").is_err());
        assert!(parse_rate("10/h").is_err());
    }

    #[test]
    fn positive_counts() {
        assert_eq!(parse_positive("8"), Ok(8));
        assert!(parse_positive("0").is_err());
        assert!(parse_positive("-1").is_err());
        assert!(parse_positive("x").is_err());
    }

    #[test]
    fn run_ids() {
        assert_eq!(parse_run_id("soak_1.a"), Ok("soak_1.a".to_owned()));
        assert!(parse_run_id("").is_err());
        assert!(parse_run_id("a-b").is_err());
        assert!(parse_run_id("a b").is_err());
        assert!(parse_run_id(&"x".repeat(65)).is_err());
    }
}
