//! `GetTrends`: the terms rising in a time window (`lede_corpus::Corpus::trends`).

use lede_proto::v1::{
    GetTrendsRequest, GetTrendsResponse, Span as ProtoSpan, Trend, TrendOccurrence,
};

use crate::State;
use crate::convert::{count, resource_name};
use crate::filters;
use crate::status::{ApiError, Violations};

const DAY_NANOS: i128 = 86_400 * 1_000_000_000;

fn nanos(time: &prost_types::Timestamp) -> i128 {
    i128::from(time.seconds) * 1_000_000_000 + i128::from(time.nanos)
}

fn timestamp(nanos: i128) -> Option<prost_types::Timestamp> {
    Some(prost_types::Timestamp {
        seconds: i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?,
        nanos: i32::try_from(nanos.rem_euclid(1_000_000_000)).ok()?,
    })
}

pub(crate) fn get_trends(
    state: &State,
    request: &GetTrendsRequest,
) -> Result<GetTrendsResponse, ApiError> {
    let mut violations = Violations::default();
    let k = match request.max_trends {
        0 => 10,
        n @ 1..=100 => usize::try_from(n).unwrap_or(10),
        _ => {
            violations.add("max_trends", "must be between 0 and 100");
            10
        }
    };
    let min_documents = match u64::try_from(request.min_document_count) {
        Ok(0) => 2,
        Ok(n) => n,
        Err(_) => {
            violations.add("min_document_count", "must not be negative");
            2
        }
    };
    let filter = violations.keep(filters::filter(&request.filter, "filter"))?;
    // Syndicated copies would count one story many times.
    let filter = violations.finish_with(filter)?.excluding_duplicates();
    let corpus = &*state.collection.read();
    let end = match &request.end_time {
        Some(time) => nanos(time),
        None => corpus.latest_publish_time().map_or(0, |latest| latest + 1),
    };
    let start = request.start_time.as_ref().map_or(end - DAY_NANOS, nanos);
    if start >= end {
        return Err(ApiError::invalid(
            "start_time",
            "must be before end_time (the window's end)",
        ));
    }
    let trends = corpus
        .trends(start, end, &filter, k, min_documents)
        .into_iter()
        .map(|trend| {
            let mut occurrences = Vec::new();
            for (name, spans) in &trend.documents {
                let Some(text) = corpus.get(name).map(|d| d.text.as_str()) else {
                    continue;
                };
                for span in spans {
                    occurrences.push(TrendOccurrence {
                        document: resource_name(name),
                        text: text.get(span.range()).unwrap_or_default().to_owned(),
                        span: Some(ProtoSpan {
                            start: count(span.start),
                            end: count(span.end),
                        }),
                    });
                }
            }
            Trend {
                term: trend.term.to_owned(),
                text: trend.text.to_owned(),
                window_document_count: i32::try_from(trend.window_documents).unwrap_or(i32::MAX),
                before_document_count: i32::try_from(trend.before_documents).unwrap_or(i32::MAX),
                score: trend.score,
                documents: trend
                    .documents
                    .iter()
                    .map(|(name, _)| resource_name(name))
                    .collect(),
                occurrences,
            }
        })
        .collect();
    Ok(GetTrendsResponse {
        trends,
        start_time: timestamp(start),
        end_time: timestamp(end),
    })
}
