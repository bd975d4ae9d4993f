//! Latency histograms and error counts, and the report made of them.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde_derive::Serialize;

/// The highest latency a histogram tracks, in microseconds (one minute); longer ones are
/// clamped to it.
const MAX_MICROS: u64 = 60_000_000;

/// Latencies (microseconds, 3 significant figures) and outcomes of one RPC.
#[derive(Clone)]
pub(crate) struct Recorder {
    histogram: Histogram<u64>,
    ok: u64,
    errors: BTreeMap<String, u64>,
}

impl Recorder {
    /// An empty recorder.
    pub(crate) fn new() -> Self {
        // 1 µs to 60 s at 3 significant figures: always valid bounds.
        let histogram = match Histogram::new_with_bounds(1, MAX_MICROS, 3) {
            Ok(histogram) => histogram,
            Err(_) => unreachable!("constant histogram bounds are valid"),
        };
        Self {
            histogram,
            ok: 0,
            errors: BTreeMap::new(),
        }
    }

    /// Records one request: its latency, and the name of its gRPC status code when it failed.
    pub(crate) fn record(&mut self, latency: Duration, error: Option<&str>) {
        let micros = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .clamp(1, MAX_MICROS);
        self.histogram.saturating_record(micros);
        match error {
            None => self.ok += 1,
            Some(code) => *self.errors.entry(code.to_owned()).or_default() += 1,
        }
    }

    /// Adds another recorder's requests to this one.
    pub(crate) fn merge(&mut self, other: &Self) {
        // Both histograms have the same bounds, so adding cannot fail.
        let _ = self.histogram.add(&other.histogram);
        self.ok += other.ok;
        for (code, count) in &other.errors {
            *self.errors.entry(code.clone()).or_default() += count;
        }
    }

    /// The number of recorded requests.
    pub(crate) fn requests(&self) -> u64 {
        self.histogram.len()
    }

    /// The summary of the recorded requests, with throughput over `elapsed`.
    pub(crate) fn summary(&self, elapsed: Duration) -> Summary {
        let requests = self.requests();
        let seconds = elapsed.as_secs_f64();
        Summary {
            requests,
            ok: self.ok,
            errors: self.errors.clone(),
            elapsed_s: seconds,
            throughput: if seconds > 0.0 {
                requests as f64 / seconds
            } else {
                0.0
            },
            latency_ms: Latencies::of(&self.histogram),
        }
    }
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Latencies {
    pub(crate) p50: f64,
    pub(crate) p90: f64,
    pub(crate) p99: f64,
    pub(crate) p999: f64,
    pub(crate) max: f64,
    pub(crate) mean: f64,
}

impl Latencies {
    /// The percentiles of a histogram of microseconds (all 0 when it is empty).
    fn of(histogram: &Histogram<u64>) -> Self {
        let ms = |micros: u64| micros as f64 / 1000.0;
        if histogram.is_empty() {
            return Self {
                p50: 0.0,
                p90: 0.0,
                p99: 0.0,
                p999: 0.0,
                max: 0.0,
                mean: 0.0,
            };
        }
        Self {
            p50: ms(histogram.value_at_quantile(0.50)),
            p90: ms(histogram.value_at_quantile(0.90)),
            p99: ms(histogram.value_at_quantile(0.99)),
            p999: ms(histogram.value_at_quantile(0.999)),
            max: ms(histogram.max()),
            mean: histogram.mean() / 1000.0,
        }
    }
}

/// What a run measured, for one RPC or all together.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Summary {
    /// Requests completed in the measured window (successes and failures).
    pub(crate) requests: u64,
    /// Of which succeeded.
    pub(crate) ok: u64,
    /// Failures by gRPC status code name (`Unavailable`, `DeadlineExceeded`, ...).
    pub(crate) errors: BTreeMap<String, u64>,
    /// The measured window, in seconds.
    pub(crate) elapsed_s: f64,
    /// Requests per second over the window.
    pub(crate) throughput: f64,
    /// Latency percentiles, in milliseconds.
    pub(crate) latency_ms: Latencies,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= b.abs() * 0.002 + 1e-9
    }

    #[test]
    fn percentiles_of_uniform_latencies() {
        let mut recorder = Recorder::new();
        // 1 ms, 2 ms, ..., 1000 ms.
        for ms in 1..=1000 {
            recorder.record(Duration::from_millis(ms), None);
        }
        let summary = recorder.summary(Duration::from_secs(10));
        assert_eq!(summary.requests, 1000);
        assert_eq!(summary.ok, 1000);
        assert!(summary.errors.is_empty());
        assert!(close(summary.throughput, 100.0));
        let latency = summary.latency_ms;
        assert!(close(latency.p50, 500.0), "{latency:?}");
        assert!(close(latency.p90, 900.0), "{latency:?}");
        assert!(close(latency.p99, 990.0), "{latency:?}");
        assert!(close(latency.p999, 999.0), "{latency:?}");
        assert!(close(latency.max, 1000.0), "{latency:?}");
        assert!(close(latency.mean, 500.5), "{latency:?}");
    }

    #[test]
    fn tail_is_not_hidden() {
        let mut recorder = Recorder::new();
        for _ in 0..98 {
            recorder.record(Duration::from_micros(100), None);
        }
        recorder.record(Duration::from_secs(2), Some("Unavailable"));
        recorder.record(Duration::from_secs(2), Some("Unavailable"));
        let summary = recorder.summary(Duration::from_secs(1));
        assert_eq!(summary.requests, 100);
        assert_eq!(summary.ok, 98);
        assert_eq!(summary.errors.get("Unavailable"), Some(&2));
        assert!(close(summary.latency_ms.p50, 0.1));
        assert!(close(summary.latency_ms.p90, 0.1));
        assert!(
            close(summary.latency_ms.p99, 2000.0),
            "{:?}",
            summary.latency_ms
        );
    }

    #[test]
    fn merge_and_clamp() {
        let mut a = Recorder::new();
        let mut b = Recorder::new();
        a.record(Duration::ZERO, None);
        b.record(Duration::from_secs(3600), Some("DeadlineExceeded"));
        a.merge(&b);
        let summary = a.summary(Duration::ZERO);
        assert_eq!(summary.requests, 2);
        assert_eq!(summary.throughput, 0.0);
        assert!(close(summary.latency_ms.max, 60_000.0));
        assert_eq!(summary.errors.get("DeadlineExceeded"), Some(&1));
    }

    #[test]
    fn empty() {
        let summary = Recorder::new().summary(Duration::from_secs(1));
        assert_eq!(summary.requests, 0);
        assert_eq!(summary.latency_ms.p99, 0.0);
    }
}
