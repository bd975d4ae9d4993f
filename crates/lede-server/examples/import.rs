//! Imports a JSONL file into a running server through the client-streaming
//! `CorpusService.ImportDocuments`, and reports the throughput and the server's answer.
//!
//! ```text
//! cargo run --release -p lede-server --example import -- \
//!     [--addr http://127.0.0.1:50051] [--chunk 500] [--pid SERVER_PID] FILE.jsonl
//! ```
//!
//! Records are read with `lede_corpus::documents_from_jsonl` (fields `name` or `id`,
//! `title`, `text`, `source`, `date`) and sent in chunks of `--chunk` documents. The time
//! reported runs from the first chunk sent to the server's acknowledgement (which comes
//! once every document is committed); reading the file is timed apart. With `--pid`, the
//! server's resident memory (`VmRSS`) is read before and after.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, bail};
use lede_corpus::{JsonlFields, documents_from_jsonl};
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::{CreateDocumentRequest, Document, ImportDocumentsRequest};

struct Args {
    addr: String,
    chunk: usize,
    pid: Option<u32>,
    file: PathBuf,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut addr = "http://127.0.0.1:50051".to_owned();
    let mut chunk = 500;
    let mut pid = None;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--addr" => addr = value()?,
            "--chunk" => chunk = value()?.parse().context("--chunk must be a number")?,
            "--pid" => pid = Some(value()?.parse().context("--pid must be a number")?),
            _ if arg.starts_with("--") => bail!("unknown option {arg}"),
            _ => file = Some(PathBuf::from(arg)),
        }
    }
    if chunk == 0 {
        bail!("--chunk must be at least 1");
    }
    let file = file.context("usage: import [--addr URL] [--chunk N] [--pid PID] FILE.jsonl")?;
    Ok(Args {
        addr,
        chunk,
        pid,
        file,
    })
}

/// The resident memory of a process, in bytes, from `/proc/PID/status` (Linux).
fn resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let read_start = Instant::now();
    let documents = documents_from_jsonl(&args.file, &JsonlFields::default())?;
    let text_bytes: usize = documents.iter().map(|document| document.text.len()).sum();
    eprintln!(
        "read {} documents ({:.1} MB of text) in {:.2} s",
        documents.len(),
        text_bytes as f64 / 1e6,
        read_start.elapsed().as_secs_f64()
    );
    let before = args.pid.and_then(resident_bytes);
    let chunks: Vec<ImportDocumentsRequest> = documents
        .chunks(args.chunk)
        .map(|chunk| ImportDocumentsRequest {
            requests: chunk
                .iter()
                .map(|document| {
                    let date = document.date.as_deref();
                    let publish_time = date.and_then(|date| date.parse().ok());
                    // A date that is not RFC 3339 ("26-FEB-1987 15:01:01.79") is kept as
                    // metadata rather than dropped.
                    let metadata = match (date, &publish_time) {
                        (Some(date), None) => [("date".to_owned(), date.to_owned())].into(),
                        _ => Default::default(),
                    };
                    CreateDocumentRequest {
                        document_id: document.name.clone(),
                        document: Some(Document {
                            title: document.title.clone().unwrap_or_default(),
                            text: document.text.clone(),
                            source: document.source.clone().unwrap_or_default(),
                            publish_time,
                            metadata,
                            ..Document::default()
                        }),
                    }
                })
                .collect(),
        })
        .collect();
    let mut client = CorpusServiceClient::connect(args.addr.clone())
        .await
        .with_context(|| format!("connecting to {}", args.addr))?
        .max_decoding_message_size(64 << 20);
    let start = Instant::now();
    let response = client
        .import_documents(tokio_stream::iter(chunks))
        .await
        .context("ImportDocuments failed")?
        .into_inner();
    let seconds = start.elapsed().as_secs_f64();
    let imported = response.imported_count;
    println!(
        "imported {imported} documents in {seconds:.2} s: {:.0} documents/s, {:.1} MB/s of text",
        f64::from(imported) / seconds,
        text_bytes as f64 / 1e6 / seconds
    );
    if let (Some(pid), Some(before)) = (args.pid, before)
        && let Some(after) = resident_bytes(pid)
    {
        println!(
            "server resident memory: {:.1} MB before, {:.1} MB after ({:.2}x the {:.1} MB of text imported)",
            before as f64 / 1e6,
            after as f64 / 1e6,
            after as f64 / text_bytes as f64,
            text_bytes as f64 / 1e6
        );
    }
    Ok(())
}
