//! Several `lede-server` replicas on one PostgreSQL store (issue 16), each a separate process
//! (this test binary run again, see `common::ServerProcess`), against a real PostgreSQL
//! server (`LEDE_TEST_POSTGRES`; skipped, saying so, without one): reads of a write through
//! another replica, concurrent writes of one name through different replicas, a replica
//! SIGKILLed and the database's connections cut in the middle of writes, and a replica that
//! fell behind the log's retention.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::*;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::*;
use lede_server::Collection;
use lede_testkit::postgres::TestDatabase;
use tonic::transport::Channel;
use tonic::{Code, Request};

/// `URL RETENTION`: the store the child replica serves, and its log retention.
const STORE_VAR: &str = "LEDE_TEST_REPLICA_STORE";

/// The replica process of the other tests; does nothing unless `LEDE_TEST_REPLICA_STORE`
/// is set.
#[test]
#[ignore = "the replica process the replica tests start"]
fn child_replica() {
    let Ok(setting) = std::env::var(STORE_VAR) else {
        return;
    };
    let (url, retention) = setting.rsplit_once(' ').unwrap();
    let options = lede_store::PgOptions {
        retain_changes: retention.parse().unwrap(),
        ..lede_store::PgOptions::default()
    };
    let url = url.to_owned();
    run_child_server(move || Collection::open_postgres(&url, options));
}

fn replica(database: &TestDatabase, retention: u64) -> ServerProcess {
    let setting = format!("{} {retention}", database.url);
    tokio::task::block_in_place(|| {
        ServerProcess::start("child_replica", STORE_VAR, setting.as_ref())
            .unwrap_or_else(|output| panic!("{output}"))
    })
}

fn with_min_sequence<T>(message: T, sequence: i64) -> Request<T> {
    let mut request = Request::new(message);
    request
        .metadata_mut()
        .insert("lede-min-sequence", sequence.to_string().parse().unwrap());
    request
}

async fn get_text(
    client: &mut CorpusServiceClient<Channel>,
    id: &str,
    sequence: i64,
) -> Result<String, tonic::Status> {
    let request = GetDocumentRequest {
        name: format!("documents/{id}"),
        view: DocumentView::Full.into(),
    };
    let document = client
        .get_document(with_min_sequence(request, sequence))
        .await?
        .into_inner()
        .document
        .unwrap();
    Ok(document.text)
}

async fn update_text(
    client: &mut CorpusServiceClient<Channel>,
    id: &str,
    text: &str,
) -> Result<i64, tonic::Status> {
    let request = UpdateDocumentRequest {
        document: Some(Document {
            name: format!("documents/{id}"),
            text: text.to_owned(),
            ..Document::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["text".to_owned()],
        }),
    };
    Ok(client.update_document(request).await?.into_inner().sequence)
}

/// Waits until every client reports the same statistics at a sequence of at least `at`,
/// and returns them.
async fn converged(
    clients: &mut [CorpusServiceClient<Channel>],
    at: i64,
) -> GetCorpusStatsResponse {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut all = Vec::new();
        for client in clients.iter_mut() {
            all.push(stats(client, 50).await);
        }
        if all[0].applied_sequence >= at && all.windows(2).all(|w| w[0] == w[1]) {
            return all.swap_remove(0);
        }
        assert!(
            Instant::now() < deadline,
            "the replicas did not converge at {at}: {:?}",
            all.iter()
                .map(|s| (s.applied_sequence, s.document_count, s.vocabulary_size))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What a writer sent and what was acknowledged.
#[derive(Debug, Default)]
struct Written {
    acknowledged: Vec<(String, i64)>,
    failed: Vec<Code>,
}

/// Creates documents through `client` until `stop`.
async fn write_until(
    mut client: CorpusServiceClient<Channel>,
    writer: &'static str,
    stop: Arc<AtomicBool>,
) -> Written {
    let mut written = Written::default();
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let id = format!("{writer}-{i}");
        let text = format!("Dispatch {i} from {writer}. {}", words(i));
        match client.create_document(create(&id, doc("", &text))).await {
            Ok(response) => written
                .acknowledged
                .push((id, response.into_inner().sequence)),
            Err(status) => {
                written.failed.push(status.code());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
    written
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_serve_one_corpus_through_kills_and_lost_connections() {
    let Some(database) = TestDatabase::create("replicas") else {
        return;
    };
    let a = replica(&database, 100_000);
    let b = replica(&database, 100_000);
    let mut c = replica(&database, 100_000);
    let (mut ca, mut cb, mut cc) = (a.client().await, b.client().await, c.client().await);

    // A write through A, read through B and C with its sequence.
    let created = ca
        .create_document(create(
            "ryw",
            doc("", "Oil prices fell sharply on Tuesday."),
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(created.sequence > 1, "{created:?}");
    for client in [&mut cb, &mut cc] {
        let text = get_text(client, "ryw", created.sequence).await.unwrap();
        assert_eq!(text, "Oil prices fell sharply on Tuesday.");
    }
    // A sequence no replica has is UNAVAILABLE (after a bounded wait), naming both.
    let ahead = get_text(&mut cb, "ryw", created.sequence + 1000)
        .await
        .unwrap_err();
    assert_eq!(ahead.code(), Code::Unavailable, "{ahead:?}");
    assert!(ahead.message().contains("lede-min-sequence"), "{ahead:?}");

    // The same name created through two replicas at once: one wins, the other is refused.
    for round in 0..8 {
        let id = format!("race-{round}");
        let (x, y) = tokio::join!(
            ca.create_document(create(&id, doc("", "From A."))),
            cb.create_document(create(&id, doc("", "From B.")))
        );
        let codes = [&x, &y].map(|r| r.as_ref().map_or_else(|s| s.code(), |_| Code::Ok));
        let mut sorted = codes;
        sorted.sort_by_key(|code| *code as i32);
        assert_eq!(
            sorted,
            [Code::Ok, Code::AlreadyExists],
            "round {round}: {codes:?}"
        );
    }

    // Concurrent updates of one document through two replicas: the later sequence wins
    // everywhere.
    let mut last = (0, String::new());
    for round in 0..8 {
        let (ta, tb) = (
            format!("Update {round} via A."),
            format!("Update {round} via B."),
        );
        let (x, y) = tokio::join!(
            update_text(&mut ca, "ryw", &ta),
            update_text(&mut cb, "ryw", &tb)
        );
        let (x, y) = (x.unwrap(), y.unwrap());
        assert_ne!(x, y);
        last = if x > y { (x, ta) } else { (y, tb) };
    }
    for client in [&mut ca, &mut cb, &mut cc] {
        assert_eq!(get_text(client, "ryw", last.0).await.unwrap(), last.1);
    }

    // Writers through A and B; C is killed, and every database connection cut, meanwhile.
    let stop = Arc::new(AtomicBool::new(false));
    let writers = [
        tokio::spawn(write_until(a.client().await, "a", stop.clone())),
        tokio::spawn(write_until(b.client().await, "b", stop.clone())),
    ];
    tokio::time::sleep(Duration::from_millis(800)).await;
    tokio::task::block_in_place(|| c.kill());
    tokio::time::sleep(Duration::from_millis(500)).await;
    let cut = database.terminate_sessions();
    assert!(cut >= 4, "{cut} sessions cut");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    stop.store(true, Ordering::SeqCst);
    let mut acknowledged = BTreeSet::new();
    let mut highest = last.0;
    for writer in writers {
        let written = writer.await.unwrap();
        assert!(written.acknowledged.len() > 5, "{written:?}");
        // A write on a cut connection fails as UNAVAILABLE (it may or may not be stored).
        assert!(
            written.failed.iter().all(|code| *code == Code::Unavailable),
            "{:?}",
            written.failed
        );
        for (id, sequence) in written.acknowledged {
            highest = highest.max(sequence);
            acknowledged.insert(format!("documents/{id}"));
        }
    }

    // C starts again (from a snapshot), and all three converge on the same corpus.
    c = replica(&database, 100_000);
    cc = c.client().await;
    let mut clients = [ca.clone(), cb.clone(), cc.clone()];
    let agreed = converged(&mut clients, highest).await;
    for client in &mut clients {
        let names: BTreeSet<String> = list_all(client, DocumentView::Basic)
            .await
            .into_iter()
            .map(|document| document.name)
            .collect();
        let lost: Vec<_> = acknowledged.difference(&names).collect();
        assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
        assert_eq!(names.len(), usize::try_from(agreed.document_count).unwrap());
    }
    let stored = database.query_i64("SELECT count(*) FROM lede_documents");
    assert_eq!(stored, i64::from(agreed.document_count));
    // A graceful stop closes the store's connections and exits 0.
    for replica in [a, b, c] {
        tokio::task::block_in_place(|| replica.stop());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_behind_the_log_retention_reloads_and_converges() {
    let Some(database) = TestDatabase::create("retention") else {
        return;
    };
    let a = replica(&database, 10);
    let b = replica(&database, 10);
    let (mut ca, mut cb) = (a.client().await, b.client().await);
    let pid = b.process.id().to_string();
    let signal = |name: &str| {
        let status = std::process::Command::new("kill")
            .args([name, &pid])
            .status()
            .unwrap();
        assert!(status.success());
    };
    // B is paused while A writes more than the log keeps, then resumed.
    signal("-STOP");
    let mut sequence = 0;
    for i in 0..30 {
        let id = format!("paused-{i}");
        let response = ca
            .create_document(create(&id, doc("", &format!("Item {i}. {}", words(i)))))
            .await
            .unwrap();
        sequence = response.into_inner().sequence;
    }
    ca.delete_document(DeleteDocumentRequest {
        name: "documents/paused-3".to_owned(),
    })
    .await
    .unwrap();
    signal("-CONT");
    let agreed = converged(&mut [ca.clone(), cb.clone()], sequence + 1).await;
    assert_eq!(
        usize::try_from(agreed.document_count).unwrap(),
        lede_corpus::seed_documents().len() + 29
    );
    assert_eq!(
        get_text(&mut cb, "paused-3", sequence + 1)
            .await
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    drop((a, b));
}

#[tokio::test]
async fn without_a_shared_store_sequences_are_0_and_always_satisfied() {
    let server = Server::seeds(lede_server::Limits::default()).await;
    let mut client = server.corpus();
    let created = client
        .create_document(create("solo", doc("", "A document on one server.")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.sequence, 0);
    // Any sequence is already visible: every acknowledged write is.
    assert_eq!(
        get_text(&mut client, "solo", 1_000_000).await.unwrap(),
        "A document on one server."
    );
    assert_eq!(stats(&mut client, 1).await.applied_sequence, 0);
    // A value that is not a sequence is refused, naming the metadata key.
    let mut request = Request::new(GetDocumentRequest {
        name: "documents/solo".to_owned(),
        view: DocumentView::Basic.into(),
    });
    request
        .metadata_mut()
        .insert("lede-min-sequence", "yesterday".parse().unwrap());
    let refused = client.get_document(request).await.unwrap_err();
    assert_invalid(&refused, "lede-min-sequence");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_in_this_process_follows_and_reports_its_sequence_in_metrics() {
    let Some(database) = TestDatabase::create("metrics") else {
        return;
    };
    let url = database.url.clone();
    let collection = tokio::task::spawn_blocking(move || {
        Collection::open_postgres(&url, lede_store::PgOptions::default())
    })
    .await
    .unwrap()
    .unwrap()
    .with_metrics(lede_server::Metrics::new());
    let metrics = collection.metrics().clone();
    let server = Server::start(collection, lede_server::Limits::default(), None).await;
    let created = server
        .corpus()
        .create_document(create("counted", doc("", "Counted once.")))
        .await
        .unwrap()
        .into_inner();
    let want = format!("lede_log_applied_sequence {}\n", created.sequence);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !metrics.encode().contains(&want) {
        assert!(Instant::now() < deadline, "{}", metrics.encode());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        metrics
            .encode()
            .contains(&format!("lede_log_latest_sequence {}\n", created.sequence))
    );
    // Dropped here, on the runtime: the store's connections close without a panic.
    drop(server);
}
