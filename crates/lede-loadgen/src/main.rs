//! `lede-loadgen`: drives one RPC of a lede gRPC server (or any server of the `lede.v1`
//! API) and reports throughput, latency percentiles and errors by gRPC status code.
//!
//! Two ways to load a server:
//!
//! - **closed loop** (`--concurrency N`): N tasks, each sending its next request as soon as
//!   the last one returns, spread over a few HTTP/2 connections. Finds the maximum
//!   throughput; latency there is mostly queueing.
//! - **open loop** (`--rate R`): requests are sent at fixed intervals whatever the responses,
//!   and each latency is measured from the request's *scheduled* send time, so a stalled
//!   server is charged for the requests it delayed (no coordinated omission).
//!
//! Requests that start (closed loop) or are scheduled (open loop) during `--warmup` are sent
//! but not recorded. Latencies go into an HDR histogram (1 µs to 60 s, 3 significant
//! figures).
//!
//! ```text
//! lede-loadgen --addr http://127.0.0.1:50051 --rpc summarize --concurrency 8 --duration 10s
//! lede-loadgen --rpc search --rate 2000/s --duration 10s --warmup 2s --json
//! lede-loadgen --rpc similar --document documents/reuters-1 --concurrency 1 --json
//! lede-loadgen --rpc stats --top-terms 10 --concurrency 1 --duration 5s
//! ```
//!
//! `--rpc health` (`grpc.health.v1.Health/Check`) costs the server next to nothing: its
//! latency is the floor the transport sets under every other figure.
//!
//! `--rpc mixed` creates documents named `loadgen-{run id}-{n}` (the run id is unique to the
//! run) and deletes only documents whose create was acknowledged, keeping `--live-docs` of
//! them, so the corpus grows by that many and then stays the same size. It keeps a ledger of
//! its writes: `--verify-writes` checks after the run that every document whose create was
//! acknowledged (and delete not attempted) exists with the exact text sent and that every
//! document whose delete was acknowledged does not; writes that failed or timed out are
//! *uncertain* and checked neither way. An uncertain write is sent again at the next write of
//! its kind (a create with the same id and text: OK or ALREADY_EXISTS acknowledge it; a
//! delete: OK or NOT_FOUND), and once more after the run, so failures neither make the corpus
//! grow nor stay uncertain. `--write-ledger PATH` saves the ledger, and
//! `--verify-ledger PATH` checks a saved ledger against a server without loading it (e.g.
//! after a restart). `--cleanup` deletes the documents left live after the run.
//!
//! ```text
//! lede-loadgen --rpc mixed --rate 500/s --duration 60s --verify-writes --write-ledger run.jsonl
//! lede-loadgen --verify-ledger run.jsonl --json
//! ```
//!
//! Exit status: 0; 1 for an error (the server cannot be reached, a ledger cannot be read or
//! written, a verification cannot complete); 2 for a usage error; 3 when a verification
//! found an acknowledged write missing, changed or undone. Failed requests of the load are
//! counted, not fatal.

mod args;
mod ledger;
mod stats;
mod unparsed;
mod verify;
mod workload;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use clap::{CommandFactory as _, Parser};
use lede_proto::v1::ListDocumentsRequest;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tonic::transport::{Channel, Endpoint};

use crate::ledger::Ledger;
use crate::stats::Recorder;
use crate::verify::WritesReport;
use crate::workload::{Op, Rpc, Workload};

/// The default input text: the first seed article.
const SEED_TEXT: &str = include_str!("../../../seeds/000_21eaf71ef8813072.txt");

/// Load generator for the lede gRPC API.
#[derive(Debug, Parser)]
#[command(version, about)]
#[command(group = clap::ArgGroup::new("load").args(["concurrency", "rate"]))]
struct Cli {
    /// The server's URI.
    #[arg(long, default_value = "http://127.0.0.1:50051")]
    addr: String,
    /// The RPC to drive.
    #[arg(long, value_enum, required_unless_present = "verify_ledger")]
    rpc: Option<Rpc>,
    /// Closed loop: this many requests in flight at all times.
    #[arg(
        long,
        value_parser = args::parse_positive,
        required_unless_present_any = ["rate", "verify_ledger"]
    )]
    concurrency: Option<usize>,
    /// Open loop: this many requests per second (`1000`, `1000/s`, `600/m`), sent on schedule.
    #[arg(long, value_parser = args::parse_rate)]
    rate: Option<f64>,
    /// How long to measure (`10s`, `500ms`, `1m`).
    #[arg(long, default_value = "10s", value_parser = args::parse_duration)]
    duration: Duration,
    /// Closed loop: send at most this many requests (warm-up included), then stop even if
    /// `--duration` has not passed: one whole-corpus summary, one health check.
    #[arg(long, value_parser = args::parse_positive, conflicts_with = "rate")]
    requests: Option<usize>,
    /// How long to load the server before measuring.
    #[arg(long, default_value = "2s", value_parser = args::parse_duration)]
    warmup: Duration,
    /// HTTP/2 connections to spread the requests over. Default: min(concurrency, 4), or 4 in
    /// open loop.
    #[arg(long, value_parser = args::parse_positive)]
    connections: Option<usize>,
    /// The text for Tokenize, ExtractKeywords, Summarize and CreateDocument. Default: the
    /// first seed article (2.8 KB of news).
    #[arg(long)]
    input: Option<std::path::PathBuf>,
    /// `similar`: the document to find similar documents to, `documents/{document}` (or the
    /// bare `{document}`). Default: the first document the server lists.
    #[arg(long, value_name = "NAME")]
    document: Option<String>,
    /// `stats`: how many top terms to ask for (0: the server's default, 20).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i32).range(0..))]
    top_terms: i32,
    /// Give up on a request after this long (it counts as an error).
    #[arg(long, default_value = "30s", value_parser = args::parse_duration)]
    timeout: Duration,
    /// Open loop: the most requests in flight; past it sends wait (and are charged for it).
    #[arg(long, default_value_t = 10_000, value_parser = args::parse_positive)]
    max_in_flight: usize,
    /// Worker threads of the client's runtime. Default: one per CPU.
    #[arg(long, value_parser = args::parse_positive)]
    threads: Option<usize>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// `mixed`: after the run, check that every acknowledged create not deleted exists with
    /// the text sent and every acknowledged delete is absent (exit status 3 if not).
    #[arg(long)]
    verify_writes: bool,
    /// `mixed`: after the run, write the ledger of its writes to this file (JSON lines).
    #[arg(long, value_name = "PATH")]
    write_ledger: Option<PathBuf>,
    /// Send no load: check the ledger of an earlier run (`--write-ledger`) against the
    /// server (exit status 3 if a write is missing, changed or undone).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["rpc", "load", "verify_writes", "write_ledger", "cleanup"])]
    verify_ledger: Option<PathBuf>,
    /// `mixed`: how many of the documents it created to keep live; deletes wait until more
    /// are, so the corpus grows by this many documents, then stays the same size.
    #[arg(long, default_value_t = 100)]
    live_docs: usize,
    /// `mixed`: after the run (outside the measured window), delete the documents it left
    /// live, so that the corpus is as it was before the run.
    #[arg(long)]
    cleanup: bool,
    /// `mixed`: the run id in the names of the documents (letters, digits, `_`, `.`).
    /// Default: one made from the clock and the process id.
    #[arg(long, value_parser = args::parse_run_id)]
    run_id: Option<String>,
    /// `mixed`: after each acknowledged create, read the document back from this other
    /// server (a replica of the same shared store), passing the create's sequence as
    /// `lede-min-sequence`, and report the replication lag: from the acknowledgement to
    /// that read's answer.
    #[arg(long, value_name = "URI")]
    visible_at: Option<String>,
    /// TLS: the CA certificate (PEM) that the server's certificate chains to; give an
    /// `https://` `--addr`.
    #[arg(long, value_name = "PATH")]
    cacert: Option<PathBuf>,
    /// A bearer token sent with every request (`authorization: Bearer TOKEN`).
    #[arg(long, env = "LEDE_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

/// A connection to the server that adds the credentials (if any) to every request.
pub(crate) type Conn = tonic::service::interceptor::InterceptedService<Channel, Credentials>;

/// The bearer token to send, if any.
#[derive(Debug, Clone)]
pub(crate) struct Credentials(Option<tonic::metadata::AsciiMetadataValue>);

impl tonic::service::Interceptor for Credentials {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(value) = &self.0 {
            request
                .metadata_mut()
                .insert("authorization", value.clone());
        }
        Ok(request)
    }
}

/// After a `mixed` run, how many rounds of retries of the uncertain writes.
const SETTLE_ATTEMPTS: usize = 5;

/// The exit status of a verification that found a write lost, changed or undone.
const VERIFY_FAILED: u8 = 3;

/// A run id unique to this process: the time in nanoseconds and the process id.
fn new_run_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{:x}{:08x}p{}",
        now.as_secs(),
        now.subsec_nanos(),
        std::process::id()
    )
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    if cli.rpc != Some(Rpc::Mixed)
        && (cli.verify_writes
            || cli.write_ledger.is_some()
            || cli.cleanup
            || cli.visible_at.is_some())
    {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--verify-writes, --write-ledger, --cleanup and --visible-at need --rpc mixed",
            )
            .exit();
    }
    let text = match &cli.input {
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
        }
        None => SEED_TEXT.to_owned(),
    };
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = cli.threads {
        runtime.worker_threads(threads);
    }
    let runtime = runtime
        .enable_all()
        .build()
        .context("starting the tokio runtime")?;
    match &cli.verify_ledger {
        Some(path) => runtime.block_on(verify_ledger(&cli, path)),
        None => runtime.block_on(run(cli, text)),
    }
}

/// `--verify-ledger`: checks a saved ledger against the server.
async fn verify_ledger(cli: &Cli, path: &std::path::Path) -> anyhow::Result<ExitCode> {
    let ledger = Ledger::load(path)?;
    let channels = connect(cli, 1).await?;
    let writes = verify::verify(&channels[0], &ledger)
        .await
        .context("verifying the ledger")?;
    if cli.json {
        let object = serde_json::json!({
            "mode": "verify-ledger",
            "ledger": path.display().to_string(),
            "writes": writes,
        });
        println!("{object}");
    } else {
        println!("ledger {}:", path.display());
        writes.print();
    }
    Ok(exit_code(Some(&writes)))
}

fn exit_code(writes: Option<&WritesReport>) -> ExitCode {
    if writes.is_none_or(WritesReport::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(VERIFY_FAILED)
    }
}

/// The recorders of one task, by operation.
type Recorders = BTreeMap<Op, Recorder>;

fn record(recorders: &mut Recorders, op: Op, latency: Duration, error: Option<&str>) {
    recorders
        .entry(op)
        .or_insert_with(Recorder::new)
        .record(latency, error);
}

fn merge_into(total: &mut Recorders, part: &Recorders) {
    for (op, recorder) in part {
        total
            .entry(*op)
            .or_insert_with(Recorder::new)
            .merge(recorder);
    }
}

/// What a load loop hands back: recorders, the measured window, and (open loop) how late
/// the scheduler got.
struct Outcome {
    recorders: Recorders,
    elapsed: Duration,
    max_send_lag: Option<Duration>,
}

async fn run(cli: Cli, text: String) -> anyhow::Result<ExitCode> {
    let rpc = cli.rpc.context("--rpc is required")?;
    let connections = cli.connections.unwrap_or(match cli.concurrency {
        Some(n) => n.min(4),
        None => 4,
    });
    let channels = connect(&cli, connections).await?;
    let run_id = cli.run_id.clone().unwrap_or_else(new_run_id);
    let mut workload =
        Workload::new(rpc, text, &run_id, cli.live_docs).with_top_terms(cli.top_terms);
    if let Some(addr) = &cli.visible_at {
        let replica = connect_to(&cli, addr, 1).await?;
        workload = workload.with_visibility(replica[0].clone());
    }
    if rpc == Rpc::Similar {
        workload =
            workload.with_document(similar_document(&channels[0], cli.document.as_deref()).await?);
    }
    let workload = Arc::new(workload);
    let outcome = match (cli.concurrency, cli.rate) {
        (Some(concurrency), _) => {
            let window = Window {
                warmup: cli.warmup,
                duration: cli.duration,
                requests: cli.requests.map(|n| n as u64),
            };
            closed_loop(&workload, &channels, concurrency, window).await
        }
        (None, Some(rate)) => {
            open_loop(
                &workload,
                &channels,
                rate,
                cli.max_in_flight,
                cli.warmup,
                cli.duration,
            )
            .await
        }
        (None, None) => unreachable!("clap requires --concurrency or --rate"),
    };
    let lag = workload.visibility_lag().await;
    let writes = if rpc == Rpc::Mixed {
        // Resolve the uncertain writes (and with --cleanup delete the documents left).
        workload
            .settle(&channels[0], SETTLE_ATTEMPTS, cli.cleanup)
            .await;
        let ledger = workload.take_ledger();
        if let Some(path) = &cli.write_ledger {
            ledger.save(path, &cli.addr)?;
        }
        Some(if cli.verify_writes {
            verify::verify(&channels[0], &ledger)
                .await
                .context("verifying the writes")?
        } else {
            WritesReport::unverified(&ledger)
        })
    } else {
        None
    };
    report(&cli, connections, &outcome, writes.as_ref(), lag.as_ref());
    Ok(exit_code(writes.as_ref()))
}

/// The resource name of the document `similar` compares with: `given` (`documents/` added if
/// it lacks it), else the first document the server lists.
async fn similar_document(channel: &Conn, given: Option<&str>) -> anyhow::Result<String> {
    if let Some(name) = given {
        return Ok(if name.starts_with("documents/") {
            name.to_owned()
        } else {
            format!("documents/{name}")
        });
    }
    let listed = CorpusServiceClient::new(channel.clone())
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .context("listing a document for --rpc similar (or give --document)")?
        .into_inner();
    match listed.documents.into_iter().next() {
        Some(document) => Ok(document.name),
        None => anyhow::bail!("--rpc similar: the corpus is empty"),
    }
}

/// Opens `count` HTTP/2 connections to the server of `cli`; fails if it cannot be reached.
async fn connect(cli: &Cli, count: usize) -> anyhow::Result<Vec<Conn>> {
    connect_to(cli, &cli.addr, count).await
}

/// Opens `count` HTTP/2 connections to the server at `addr`, with the TLS and credentials of
/// `cli`.
async fn connect_to(cli: &Cli, addr: &str, count: usize) -> anyhow::Result<Vec<Conn>> {
    let mut endpoint = Endpoint::from_shared(addr.to_owned())
        .with_context(|| format!("`{addr}` is not a valid URI (example: http://127.0.0.1:50051)"))?
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5))
        .timeout(cli.timeout);
    if let Some(path) = &cli.cacert {
        let pem =
            std::fs::read(path).with_context(|| format!("reading --cacert {}", path.display()))?;
        endpoint = endpoint
            .tls_config(
                tonic::transport::ClientTlsConfig::new()
                    .ca_certificate(tonic::transport::Certificate::from_pem(pem)),
            )
            .context("--cacert")?;
    }
    let credentials = Credentials(match &cli.token {
        None => None,
        Some(token) => Some(
            format!("Bearer {token}")
                .parse()
                .context("--token must be printable ASCII")?,
        ),
    });
    let mut channels = Vec::with_capacity(count);
    for _ in 0..count {
        let channel = endpoint
            .connect()
            .await
            .with_context(|| format!("connecting to {addr}"))?;
        channels.push(tonic::service::interceptor::InterceptedService::new(
            channel,
            credentials.clone(),
        ));
    }
    Ok(channels)
}

/// When a closed loop measures and when it stops.
#[derive(Debug, Clone, Copy)]
struct Window {
    warmup: Duration,
    duration: Duration,
    /// The most requests to send, warm-up included.
    requests: Option<u64>,
}

/// Closed loop: `concurrency` tasks, each sending its next request when the last returns,
/// until the window's duration has passed or its requests have been sent.
async fn closed_loop(
    workload: &Arc<Workload>,
    channels: &[Conn],
    concurrency: usize,
    window: Window,
) -> Outcome {
    let start = Instant::now();
    let measure_from = start + window.warmup;
    let stop_at = measure_from + window.duration;
    let limit = window.requests.unwrap_or(u64::MAX);
    let seq = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for task in 0..concurrency {
        let channel = channels[task % channels.len()].clone();
        let workload = Arc::clone(workload);
        let seq = Arc::clone(&seq);
        tasks.push(tokio::spawn(async move {
            let mut recorders = Recorders::new();
            let mut last_end = start;
            loop {
                let sent = Instant::now();
                if sent >= stop_at {
                    break;
                }
                let n = seq.fetch_add(1, Ordering::Relaxed);
                if n >= limit {
                    break;
                }
                let called = workload.call(&channel, n).await;
                let end = Instant::now();
                if sent >= measure_from {
                    record(&mut recorders, called.op, end - sent, called.result.err());
                    last_end = end;
                }
            }
            (recorders, last_end)
        }));
    }
    let mut recorders = Recorders::new();
    // A run cut short by its request count is measured until its last response.
    let mut last_end = if window.requests.is_some() {
        measure_from
    } else {
        stop_at
    };
    for task in tasks {
        // A task only panics if the runtime is shutting down; its requests are then lost.
        if let Ok((part, end)) = task.await {
            merge_into(&mut recorders, &part);
            last_end = last_end.max(end);
        }
    }
    Outcome {
        recorders,
        elapsed: last_end - measure_from,
        max_send_lag: None,
    }
}

/// Open loop: request `i` is scheduled at `start + i / rate` and its latency counted from
/// then, however late it is actually sent.
async fn open_loop(
    workload: &Arc<Workload>,
    channels: &[Conn],
    rate: f64,
    max_in_flight: usize,
    warmup: Duration,
    duration: Duration,
) -> Outcome {
    let start = Instant::now();
    let measure_from = start + warmup;
    let stop_at = measure_from + duration;
    let interval = Duration::from_secs_f64(1.0 / rate);
    let total = ((warmup + duration).as_secs_f64() * rate).floor() as u64;
    let shared = Arc::new(Mutex::new((Recorders::new(), stop_at)));
    let permits = Arc::new(Semaphore::new(max_in_flight));
    // The schedule runs on its own OS thread: `std::thread::sleep` wakes within tens of
    // microseconds, where tokio's timer has a 1 ms granularity that would be charged to the
    // server as latency.
    let handle = tokio::runtime::Handle::current();
    let scheduler = {
        let workload = Arc::clone(workload);
        let channels = channels.to_vec();
        let shared = Arc::clone(&shared);
        let permits = Arc::clone(&permits);
        std::thread::spawn(move || {
            let mut max_lag = Duration::ZERO;
            for next in 0..total {
                let scheduled = start + interval.mul_f64(next as f64);
                let now = Instant::now();
                if scheduled > now {
                    std::thread::sleep(scheduled - now);
                }
                let permit = match Arc::clone(&permits).try_acquire_owned() {
                    Ok(permit) => permit,
                    Err(_) => match handle.block_on(Arc::clone(&permits).acquire_owned()) {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                };
                max_lag = max_lag.max(Instant::now().saturating_duration_since(scheduled));
                let channel = channels[(next % channels.len() as u64) as usize].clone();
                let workload = Arc::clone(&workload);
                let shared = Arc::clone(&shared);
                handle.spawn(async move {
                    let called = workload.call(&channel, next).await;
                    let end = Instant::now();
                    if scheduled >= measure_from {
                        let mut guard = shared.lock().unwrap_or_else(|e| e.into_inner());
                        record(
                            &mut guard.0,
                            called.op,
                            end - scheduled,
                            called.result.err(),
                        );
                        guard.1 = guard.1.max(end);
                    }
                    drop(permit);
                });
            }
            max_lag
        })
    };
    let max_lag = tokio::task::spawn_blocking(move || scheduler.join())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    // Wait for the requests in flight: all permits back.
    let all = u32::try_from(max_in_flight).unwrap_or(u32::MAX);
    let _drained = permits.acquire_many(all).await;
    let (recorders, last_end) = {
        let guard = shared.lock().unwrap_or_else(|e| e.into_inner());
        (guard.0.clone(), guard.1)
    };
    Outcome {
        recorders,
        elapsed: last_end - measure_from,
        max_send_lag: Some(max_lag),
    }
}

fn report(
    cli: &Cli,
    connections: usize,
    outcome: &Outcome,
    writes: Option<&WritesReport>,
    lag: Option<&stats::Summary>,
) {
    let mut total = Recorder::new();
    for recorder in outcome.recorders.values() {
        total.merge(recorder);
    }
    let summary = total.summary(outcome.elapsed);
    let rpc = cli
        .rpc
        .and_then(|rpc| clap::ValueEnum::to_possible_value(&rpc))
        .map(|value| value.get_name().to_owned())
        .unwrap_or_default();
    let mode = if cli.concurrency.is_some() {
        "closed"
    } else {
        "open"
    };
    if cli.json {
        let by_method: BTreeMap<&str, stats::Summary> = outcome
            .recorders
            .iter()
            .map(|(op, recorder)| (op.method(), recorder.summary(outcome.elapsed)))
            .collect();
        let object = serde_json::json!({
            "rpc": rpc,
            "mode": mode,
            "concurrency": cli.concurrency,
            "rate": cli.rate,
            "connections": connections,
            "duration_s": cli.duration.as_secs_f64(),
            "warmup_s": cli.warmup.as_secs_f64(),
            "requests": summary.requests,
            "ok": summary.ok,
            "errors": summary.errors,
            "elapsed_s": summary.elapsed_s,
            "throughput": summary.throughput,
            "latency_ms": summary.latency_ms,
            "max_send_lag_ms": outcome.max_send_lag.map(|lag| lag.as_secs_f64() * 1000.0),
            "by_method": by_method,
            "writes": writes,
            "visibility_lag": lag,
        });
        println!("{object}");
        return;
    }
    let load = match (cli.concurrency, cli.rate) {
        (Some(n), _) => format!("closed loop, concurrency {n}"),
        (None, Some(rate)) => format!("open loop, {rate} req/s"),
        (None, None) => String::new(),
    };
    println!(
        "{rpc}: {load} over {connections} connection(s), {:.1} s measured after {:.1} s warm-up",
        summary.elapsed_s,
        cli.warmup.as_secs_f64()
    );
    print_summary("all", &summary);
    if outcome.recorders.len() > 1 {
        for (op, recorder) in &outcome.recorders {
            print_summary(op.method(), &recorder.summary(outcome.elapsed));
        }
    }
    if let Some(lag) = outcome.max_send_lag {
        println!(
            "  the scheduler sent at most {:.2} ms late",
            lag.as_secs_f64() * 1000.0
        );
    }
    if let Some(lag) = lag {
        print_summary("visible at", lag);
    }
    if let Some(writes) = writes {
        writes.print();
    }
}

fn print_summary(label: &str, summary: &stats::Summary) {
    let l = summary.latency_ms;
    println!(
        "  {label:<16} {:>9} requests  {:>10.1} req/s  p50 {:.3} ms  p90 {:.3} ms  p99 {:.3} ms  \
         p99.9 {:.3} ms  max {:.3} ms",
        summary.requests, summary.throughput, l.p50, l.p90, l.p99, l.p999, l.max
    );
    if !summary.errors.is_empty() {
        let errors: Vec<String> = summary
            .errors
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        println!("  {:<16} errors: {}", "", errors.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_requires_one_load_shape() {
        assert!(Cli::try_parse_from(["lede-loadgen", "--rpc", "tokenize"]).is_err());
        assert!(
            Cli::try_parse_from([
                "lede-loadgen",
                "--rpc",
                "tokenize",
                "--concurrency",
                "4",
                "--rate",
                "10"
            ])
            .is_err()
        );
        let cli = Cli::try_parse_from([
            "lede-loadgen",
            "--rpc",
            "search",
            "--rate",
            "500/s",
            "--duration",
            "1.5s",
            "--warmup",
            "0s",
        ]);
        let cli = cli.ok();
        assert!(cli.is_some());
        if let Some(cli) = cli {
            assert_eq!(cli.rpc, Some(Rpc::Search));
            assert_eq!(cli.rate, Some(500.0));
            assert_eq!(cli.duration, Duration::from_millis(1500));
            assert_eq!(cli.warmup, Duration::ZERO);
        }
    }

    #[test]
    fn verify_ledger_needs_no_load() {
        let cli = Cli::try_parse_from(["lede-loadgen", "--verify-ledger", "x.jsonl"]);
        assert!(cli.is_ok_and(|cli| cli.rpc.is_none() && cli.verify_ledger.is_some()));
        for extra in [
            &["--rpc", "mixed"][..],
            &["--rate", "10"],
            &["--concurrency", "2"],
            &["--verify-writes"],
        ] {
            let mut args = vec!["lede-loadgen", "--verify-ledger", "x.jsonl"];
            args.extend_from_slice(extra);
            assert!(Cli::try_parse_from(args).is_err(), "{extra:?}");
        }
        let cli = Cli::try_parse_from([
            "lede-loadgen",
            "--rpc",
            "mixed",
            "--rate",
            "10",
            "--verify-writes",
            "--write-ledger",
            "l.jsonl",
            "--live-docs",
            "0",
            "--run-id",
            "soak1",
        ]);
        assert!(cli.is_ok_and(|cli| cli.verify_writes
            && cli.live_docs == 0
            && cli.run_id.as_deref() == Some("soak1")));
        assert!(
            Cli::try_parse_from([
                "lede-loadgen",
                "--rpc",
                "mixed",
                "--rate",
                "1",
                "--run-id",
                "a-b"
            ])
            .is_err()
        );
    }

    #[test]
    fn similar_and_stats_options() {
        let cli = Cli::try_parse_from([
            "lede-loadgen",
            "--rpc",
            "similar",
            "--document",
            "documents/a",
            "--concurrency",
            "1",
        ]);
        assert!(cli.is_ok_and(|cli| cli.rpc == Some(Rpc::Similar)
            && cli.document.as_deref() == Some("documents/a")
            && cli.top_terms == 0));
        let cli = Cli::try_parse_from([
            "lede-loadgen",
            "--rpc",
            "stats",
            "--top-terms",
            "10",
            "--concurrency",
            "1",
        ]);
        assert!(cli.is_ok_and(|cli| cli.top_terms == 10));
        assert!(
            Cli::try_parse_from([
                "lede-loadgen",
                "--rpc",
                "stats",
                "--top-terms",
                "-1",
                "--concurrency",
                "1"
            ])
            .is_err()
        );
        let cli = Cli::try_parse_from([
            "lede-loadgen",
            "--rpc",
            "health",
            "--concurrency",
            "1",
            "--requests",
            "1",
        ]);
        assert!(cli.is_ok_and(|cli| cli.requests == Some(1)));
        // A request count needs a closed loop, and is at least 1.
        assert!(
            Cli::try_parse_from([
                "lede-loadgen",
                "--rpc",
                "health",
                "--rate",
                "5",
                "--requests",
                "1"
            ])
            .is_err()
        );
        assert!(
            Cli::try_parse_from([
                "lede-loadgen",
                "--rpc",
                "health",
                "--concurrency",
                "1",
                "--requests",
                "0"
            ])
            .is_err()
        );
        for rpc in ["summarize-corpus", "health"] {
            let cli = Cli::try_parse_from(["lede-loadgen", "--rpc", rpc, "--concurrency", "1"]);
            assert!(cli.is_ok(), "{rpc}");
        }
    }

    #[test]
    fn similar_document_names() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        // A lazy channel (it needs the runtime): a given name needs no call.
        let _entered = runtime.enter();
        let channel = tonic::service::interceptor::InterceptedService::new(
            Endpoint::from_static("http://127.0.0.1:9").connect_lazy(),
            Credentials(None),
        );
        let name = |given| {
            runtime
                .block_on(similar_document(&channel, Some(given)))
                .ok()
        };
        assert_eq!(name("a").as_deref(), Some("documents/a"));
        assert_eq!(name("documents/a").as_deref(), Some("documents/a"));
    }

    #[test]
    fn run_ids_differ() {
        let id = new_run_id();
        assert!(args::parse_run_id(&id).is_ok(), "{id}");
        std::thread::sleep(Duration::from_millis(1));
        assert_ne!(id, new_run_id());
    }

    #[test]
    fn seed_text_is_embedded() {
        assert!(SEED_TEXT.len() > 1000);
    }
}
