//! Durability tests of `lede-server` (issue 6): the server runs as a separate process on a
//! temporary data directory, is killed with SIGKILL in the middle of writes or stopped
//! gracefully, and restarted on the same directory; plus how `Collection::open` refuses a
//! directory it cannot use.
//!
//! The test package has no binary of its own, so the server process is this test binary run
//! again (`std::env::current_exe()`) with only the ignored test `child_server` selected and
//! the data directory in `LEDE_TEST_CHILD_DATA_DIR`: it opens the collection, prints
//! `PORT <n>` and serves until its standard input is closed.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::*;
use lede_server::Collection;
use tonic::transport::Channel;

const DIR_VAR: &str = "LEDE_TEST_CHILD_DATA_DIR";

/// The server process of the other tests; does nothing unless `LEDE_TEST_CHILD_DATA_DIR`
/// is set.
#[test]
#[ignore = "the server process the durability tests start"]
fn child_server() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    run_child_server(move || Collection::open(Path::new(&dir)));
}

fn start(dir: &Path) -> ServerProcess {
    ServerProcess::start("child_server", DIR_VAR, dir.as_os_str())
        .unwrap_or_else(|output| panic!("{output}"))
}

/// Name → (title, text) of a full listing.
fn by_name(documents: &[Document]) -> BTreeMap<String, (String, String)> {
    documents
        .iter()
        .map(|d| (d.name.clone(), (d.title.clone(), d.text.clone())))
        .collect()
}

/// What the writers of one kill cycle sent and what was acknowledged.
#[derive(Debug, Default)]
struct Log {
    /// Every document sent: name → (title, text).
    sent: BTreeMap<String, (String, String)>,
    acked: BTreeSet<String>,
    /// The names of each batch sent.
    batches: Vec<Vec<String>>,
    /// Errors before the kill (there should be none).
    errors: Vec<String>,
}

/// Writes until `killed`: creates one at a time, or (every `batch`) batches of 5.
async fn writer(
    mut client: CorpusServiceClient<Channel>,
    prefix: String,
    batch: bool,
    log: Arc<Mutex<Log>>,
    killed: Arc<AtomicBool>,
    seed: usize,
) {
    let mut n = 0;
    while !killed.load(Ordering::SeqCst) {
        let result = if batch {
            let requests: Vec<CreateDocumentRequest> = (0..5)
                .map(|i| {
                    let id = format!("{prefix}-{n:05}-{i}");
                    create(&id, doc(&format!("Title {id}"), &words(seed + n * 5 + i)))
                })
                .collect();
            {
                let mut log = log.lock().unwrap();
                let names: Vec<String> = requests
                    .iter()
                    .map(|r| format!("documents/{}", r.document_id))
                    .collect();
                for (name, r) in names.iter().zip(&requests) {
                    let d = r.document.as_ref().unwrap();
                    log.sent
                        .insert(name.clone(), (d.title.clone(), d.text.clone()));
                }
                log.batches.push(names);
            }
            client
                .batch_create_documents(BatchCreateDocumentsRequest { requests })
                .await
                .map(|r| {
                    r.into_inner()
                        .documents
                        .into_iter()
                        .map(|d| d.name)
                        .collect::<Vec<_>>()
                })
        } else {
            let id = format!("{prefix}-{n:05}");
            // Lengths vary from a sentence to a few kilobytes.
            let text: String = (0..1 + n % 7 * 4)
                .map(|k| words(seed + n * 31 + k))
                .collect();
            let title = format!("Title {id}");
            log.lock()
                .unwrap()
                .sent
                .insert(format!("documents/{id}"), (title.clone(), text.clone()));
            client
                .create_document(create(&id, doc(&title, &text)))
                .await
                .map(|r| vec![r.into_inner().document.unwrap().name])
        };
        match result {
            Ok(names) => log.lock().unwrap().acked.extend(names),
            Err(status) => {
                if !killed.load(Ordering::SeqCst) {
                    log.lock()
                        .unwrap()
                        .errors
                        .push(format!("{prefix} {n}: {status:?}"));
                }
                break;
            }
        }
        n += 1;
    }
}

/// Writes for a while, SIGKILLs the server during the writes, restarts it; twice. Every
/// acknowledged write survives, nothing survives that was not sent, nothing half, and the
/// statistics are those of the surviving documents.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_writes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(dir.path());
    let mut client = server.client().await;
    let seeds = list_all(&mut client, DocumentView::Full).await;
    assert_eq!(seeds.len(), 5, "a new store starts with the 5 seeds");
    // What is known to be committed: name → (title, text).
    let mut known = by_name(&seeds);

    for cycle in 0..2 {
        let log = Arc::new(Mutex::new(Log::default()));
        let killed = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        // One sequential writer on its own connection, three sharing one (concurrent
        // requests on one HTTP/2 connection), one writing batches.
        let shared = server.client().await;
        for w in 0..5 {
            let client = match w {
                0 | 4 => server.client().await,
                _ => shared.clone(),
            };
            tasks.push(tokio::spawn(writer(
                client,
                format!("k{cycle}-w{w}"),
                w == 4,
                log.clone(),
                killed.clone(),
                cycle * 10_000_000 + w * 1_000_000,
            )));
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        killed.store(true, Ordering::SeqCst);
        server.kill();
        for task in tasks {
            tokio::time::timeout(Duration::from_secs(15), task)
                .await
                .expect("a writer did not notice the kill")
                .unwrap();
        }
        let log = Arc::try_unwrap(log).unwrap().into_inner().unwrap();
        assert!(
            log.errors.is_empty(),
            "cycle {cycle}: errors before the kill: {:?}",
            log.errors
        );
        assert!(
            !log.acked.is_empty(),
            "cycle {cycle}: nothing was acknowledged"
        );

        server = start(dir.path());
        client = server.client().await;
        let listed = list_all(&mut client, DocumentView::Full).await;
        let present = by_name(&listed);
        let context = format!("cycle {cycle}");
        for (name, document) in &known {
            assert_eq!(
                present.get(name),
                Some(document),
                "{context}: {name} was committed before"
            );
        }
        for name in &log.acked {
            assert_eq!(
                present.get(name),
                log.sent.get(name),
                "{context}: {name} was acknowledged"
            );
        }
        let mut in_flight_present = 0;
        for (name, document) in &present {
            if known.contains_key(name) {
                continue;
            }
            let Some(sent) = log.sent.get(name) else {
                panic!("{context}: {name} is present but was never sent");
            };
            assert_eq!(document, sent, "{context}: {name} is not what was sent");
            if !log.acked.contains(name) {
                in_flight_present += 1;
            }
        }
        for batch in &log.batches {
            let there = batch.iter().filter(|n| present.contains_key(*n)).count();
            assert!(
                there == 0 || there == batch.len(),
                "{context}: {there} of the batch {batch:?} are present"
            );
        }
        assert_stats_eq(
            &stats(&mut client, 200).await,
            &expected_stats(&listed, 200),
            &format!("{context}: statistics after restart"),
        );
        eprintln!(
            "cycle {cycle}: {} sent, {} acknowledged, {in_flight_present} unacknowledged \
             but committed, {} documents",
            log.sent.len(),
            log.acked.len(),
            listed.len()
        );
        // The restarted server takes writes (a stale lock or journal does not stop it).
        let id = format!("after-restart-{cycle}");
        let text = words(cycle * 7 + 3);
        client
            .create_document(create(&id, doc("After", &text)))
            .await
            .unwrap();
        known = present;
        known.insert(format!("documents/{id}"), ("After".to_owned(), text));
    }

    // A last restart after a graceful stop keeps everything.
    server.stop();
    let server = start(dir.path());
    let mut client = server.client().await;
    let listed = list_all(&mut client, DocumentView::Full).await;
    assert_eq!(by_name(&listed), known, "after the final restart");
    assert_stats_eq(
        &stats(&mut client, 200).await,
        &expected_stats(&listed, 200),
        "after the final restart",
    );
    server.stop();
}

/// Every kind of write, a graceful stop, and two restarts: the same documents each time,
/// the seeds once, a deleted seed still deleted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_restart_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let mut client = server.client().await;
    let seeds = list_all(&mut client, DocumentView::Full).await;
    assert_eq!(seeds.len(), 5);
    for n in 0..3 {
        client
            .create_document(create(&format!("single-{n}"), doc("Single", &words(n))))
            .await
            .unwrap();
    }
    client
        .batch_create_documents(BatchCreateDocumentsRequest {
            requests: (0..2)
                .map(|n| create(&format!("batch-{n}"), doc("Batch", &words(100 + n))))
                .collect(),
        })
        .await
        .unwrap();
    client
        .import_documents(tokio_stream::iter(vec![ImportDocumentsRequest {
            requests: (0..10)
                .map(|n| create(&format!("import-{n}"), doc("Import", &words(200 + n))))
                .collect(),
        }]))
        .await
        .unwrap();
    let assigned = client
        .create_document(create("", doc("Assigned", &words(300))))
        .await
        .unwrap()
        .into_inner()
        .document
        .unwrap()
        .name;
    client
        .update_document(UpdateDocumentRequest {
            document: Some(Document {
                name: "documents/single-1".to_owned(),
                title: "Updated".to_owned(),
                text: words(400),
                metadata: [("k".to_owned(), "v".to_owned())].into(),
                ..Document::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["title".to_owned(), "text".to_owned(), "metadata".to_owned()],
            }),
        })
        .await
        .unwrap();
    for name in [
        seeds[1].name.clone(),
        "documents/single-2".to_owned(),
        "documents/import-4".to_owned(),
    ] {
        client
            .delete_document(DeleteDocumentRequest { name })
            .await
            .unwrap();
    }
    let before = list_all(&mut client, DocumentView::Full).await;
    assert_eq!(before.len(), 5 + 3 + 2 + 10 + 1 - 3);
    let stats_before = stats(&mut client, 100).await;
    server.stop();

    for restart in 0..2 {
        let server = start(dir.path());
        let mut client = server.client().await;
        let after = list_all(&mut client, DocumentView::Full).await;
        // Everything but the timestamps (checked last), output-only counts included.
        let untimed = |documents: &[Document]| -> Vec<Document> {
            documents
                .iter()
                .map(|d| Document {
                    create_time: None,
                    update_time: None,
                    ..d.clone()
                })
                .collect()
        };
        assert_eq!(untimed(&after), untimed(&before), "restart {restart}");
        assert!(
            after.iter().all(|d| d.name != seeds[1].name),
            "a deleted seed came back"
        );
        assert!(after.iter().any(|d| d.name == assigned));
        let single = after
            .iter()
            .find(|d| d.name == "documents/single-1")
            .unwrap();
        assert_eq!(
            (single.title.as_str(), single.text.clone()),
            ("Updated", words(400))
        );
        assert_eq!(single.metadata.get("k").map(String::as_str), Some("v"));
        let stats_after = stats(&mut client, 100).await;
        assert_stats_eq(&stats_after, &stats_before, &format!("restart {restart}"));
        assert_stats_eq(
            &stats_after,
            &expected_stats(&after, 100),
            &format!("restart {restart}"),
        );
        server.stop();
        // The output-only timestamps a client was shown are the ones kept.
        for (a, b) in after.iter().zip(&before) {
            assert_eq!(
                (&a.create_time, &a.update_time),
                (&b.create_time, &b.update_time),
                "restart {restart}: (create_time, update_time) of {} changed",
                a.name
            );
        }
    }
}

/// `Collection::open`, checking that it returns rather than panics.
fn open(dir: &Path) -> anyhow::Result<Collection> {
    std::panic::catch_unwind(|| Collection::open(dir))
        .unwrap_or_else(|_| panic!("Collection::open({}) panicked", dir.display()))
}

fn open_error(dir: &Path) -> String {
    match open(dir) {
        Ok(_) => panic!("Collection::open({}) succeeded", dir.display()),
        Err(error) => format!("{error:#}"),
    }
}

fn store_file(dir: &Path) -> PathBuf {
    dir.join("lede.sqlite3")
}

#[test]
fn garbage_store_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..64 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(store_file(dir.path()), &garbage).unwrap();
    let message = open_error(dir.path());
    assert!(
        message.contains(&store_file(dir.path()).display().to_string()),
        "the message does not name the file: {message}"
    );
    let lower = message.to_lowercase();
    assert!(
        lower.contains("not a lede store")
            || lower.contains("not a usable lede store")
            || lower.contains("corrupt"),
        "the message does not say the file is not a lede store or corrupt: {message}"
    );
    // The file is left alone.
    assert_eq!(std::fs::read(store_file(dir.path())).unwrap(), garbage);

    // Text that starts like SQLite's header but is not a database.
    let dir = tempfile::tempdir().unwrap();
    let mut fake = b"SQLite format 3\0".to_vec();
    fake.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(store_file(dir.path()), &fake).unwrap();
    let message = open_error(dir.path());
    assert!(
        message.contains(&store_file(dir.path()).display().to_string()),
        "the message does not name the file: {message}"
    );
}

#[test]
fn data_dir_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "hello").unwrap();
    let message = open_error(&file);
    assert!(
        message.contains(&file.display().to_string()),
        "the message does not name the path: {message}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "hello",
        "the file was changed"
    );
    // A data directory under a regular file cannot be created either.
    let below = file.join("data");
    let message = open_error(&below);
    assert!(
        message.contains(&below.display().to_string())
            || message.contains(&file.display().to_string()),
        "the message does not name the path: {message}"
    );
}

#[test]
fn store_in_use_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let first = open(dir.path()).unwrap();
    let message = open_error(dir.path());
    assert!(
        message.to_lowercase().contains("in use"),
        "the message does not say the store is in use: {message}"
    );
    // Once the first is gone, the store opens again.
    drop(first);
    let again = open(dir.path()).unwrap();
    drop(again);
}

/// The lock is held by a live server process, and a killed one does not keep it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_is_held_by_a_live_server_only() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let message = open_error(dir.path());
    assert!(
        message.to_lowercase().contains("in use"),
        "the message does not say the store is in use: {message}"
    );
    // A second server process is refused too, and says why.
    let second = ServerProcess::start("child_server", DIR_VAR, dir.path().as_os_str())
        .err()
        .expect("a second server on the same directory started");
    assert!(second.to_lowercase().contains("in use"), "{second}");
    // The first one is unharmed.
    let mut client = server.client().await;
    assert_eq!(list_all(&mut client, DocumentView::Basic).await.len(), 5);
    server.kill();
    // Killed: its lock is gone with it.
    let collection = open(dir.path()).unwrap_or_else(|e| panic!("{e:#}"));
    drop(collection);
}

/// A SQLite database of another application, or of a newer lede, is refused and left as it
/// was.
#[test]
fn foreign_or_newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = rusqlite::Connection::open(store_file(dir.path())).unwrap();
        db.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let message = open_error(dir.path());
    assert!(
        message.contains(&store_file(dir.path()).display().to_string())
            && message.to_lowercase().contains("lede store"),
        "{message}"
    );
    let db = rusqlite::Connection::open(store_file(dir.path())).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["notes"], "the foreign database was changed");
    drop(db);

    // A lede store of a schema version this build does not know.
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()).unwrap());
    {
        let db = rusqlite::Connection::open(store_file(dir.path())).unwrap();
        db.pragma_update(None, "user_version", 99).unwrap();
    }
    let message = open_error(dir.path());
    assert!(
        message.contains(&store_file(dir.path()).display().to_string()),
        "{message}"
    );
}
