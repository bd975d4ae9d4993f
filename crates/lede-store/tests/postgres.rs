//! The PostgreSQL store against a real server (`LEDE_TEST_POSTGRES`; skipped, saying so,
//! without one): writes, the change log and its followers, trimming, concurrent writers,
//! and lost connections.
#![cfg(feature = "postgres")]

use std::sync::{Arc, Barrier};
use std::time::Duration;

use lede_corpus::{Document, StoredAnalysis};
use lede_store::{Backend, Change, Changes, Error, Follower, PgOptions, PgStore};
use lede_testkit::postgres::TestDatabase;

fn open(database: &TestDatabase, initial: &[Document]) -> PgStore {
    PgStore::open(&database.url, initial, PgOptions::default()).expect("open")
}

fn all(store: &PgStore) -> (Vec<Document>, u64) {
    let mut documents = Vec::new();
    let sequence = store
        .load(&mut |document, _| documents.push(document))
        .expect("load");
    (documents, sequence)
}

fn analysis(tag: u8) -> StoredAnalysis {
    StoredAnalysis {
        version: "test/en".to_owned(),
        bytes: vec![tag, 1, 2, 3],
    }
}

/// A read of the log that must find it not trimmed: its changes, `through` and `latest`.
fn since(follower: &mut dyn Follower, after: u64, limit: u64) -> (Vec<Change>, u64, u64) {
    match follower.changes(after, limit).expect("changes") {
        Changes::Since {
            changes,
            through,
            latest,
        } => (changes, through, latest),
        trimmed => panic!("not trimmed: {trimmed:?}"),
    }
}

#[test]
fn a_new_database_is_created_with_its_seeds_and_opened_again_without() {
    let Some(database) = TestDatabase::create("created") else {
        return;
    };
    let seeds = [Document::new("b", "Second."), Document::new("a", "First.")];
    let store = open(&database, &seeds);
    assert!(store.was_created());
    let (documents, sequence) = all(&store);
    // Name order, byte-wise (COLLATE "C"), and the seeds are write 1.
    assert_eq!(
        documents
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(sequence, 1);
    drop(store);
    let again = open(&database, &[Document::new("c", "Not added.")]);
    assert!(!again.was_created());
    assert_eq!(all(&again).0.len(), 2);
    assert!(again.location().starts_with("postgres://127.0.0.1:"));
    assert!(!again.location().contains('@'), "{}", again.location());
}

#[test]
fn writes_take_consecutive_sequences_and_keep_every_field() {
    let Some(database) = TestDatabase::create("fields") else {
        return;
    };
    let store = open(&database, &[]);
    let mut oil = Document::new("oil", "Oil prices fell.")
        .with_title("Oil")
        .with_source("Reuters");
    oil.metadata.insert("desk".to_owned(), "energy".to_owned());
    oil.created = Some(std::time::UNIX_EPOCH + Duration::from_micros(1_700_000_000_123_456));
    oil.date = Some("2026-03-04".to_owned());
    let first = store.insert(&[(&oil, Some(&analysis(7)))]).expect("insert");
    let grain = Document::new("grain", "Wheat rose.");
    let second = store.insert(&[(&grain, None)]).expect("insert");
    assert_eq!(second, first + 1);
    let mut loaded = Vec::new();
    store
        .load(&mut |document, stored| loaded.push((document, stored)))
        .expect("load");
    let (document, stored) = loaded
        .into_iter()
        .find(|(d, _)| d.name == "oil")
        .expect("oil");
    assert_eq!(document, oil);
    assert_eq!(stored, Some(analysis(7)));

    // A taken name, or one repeated in a batch, stores nothing and takes no sequence.
    let again = Document::new("oil", "Again.");
    let corn = Document::new("corn", "Corn.");
    assert!(matches!(
        store.insert(&[(&corn, None), (&again, None)]),
        Err(Error::AlreadyExists { name, .. }) if name == "oil"
    ));
    assert!(matches!(
        store.insert(&[(&corn, None), (&corn, None)]),
        Err(Error::AlreadyExists { name, .. }) if name == "corn"
    ));
    assert!(matches!(
        store.insert(&[(&Document::new(" x", "Bad name."), None)]),
        Err(Error::InvalidName { .. })
    ));
    assert!(matches!(
        store.insert(&[(&Document::new("nul", "a\0b"), None)]),
        Err(Error::Unrepresentable { field: "text", .. })
    ));
    assert_eq!(all(&store).0.len(), 2);

    // An update edits the stored document; giving up stores nothing.
    let third = store
        .update("oil", &mut |mut document| {
            document.text = "Oil prices rose.".to_owned();
            Some((document, None))
        })
        .expect("update");
    assert_eq!(third, second + 1);
    assert!(matches!(
        store.update("oil", &mut |_| None),
        Err(Error::Aborted)
    ));
    assert!(matches!(
        store.update("missing", &mut |d| Some((d, None))),
        Err(Error::NotFound { .. })
    ));
    let fourth = store.delete("grain").expect("delete");
    assert_eq!(fourth, third + 1);
    assert!(matches!(store.delete("grain"), Err(Error::NotFound { .. })));
    let (documents, sequence) = all(&store);
    assert_eq!(sequence, fourth);
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].text, "Oil prices rose.");
    assert_eq!(documents[0].title.as_deref(), Some("Oil"));
}

#[test]
fn a_follower_reads_each_change_with_the_current_row() {
    let Some(database) = TestDatabase::create("follower") else {
        return;
    };
    let store = open(&database, &[]);
    let mut follower = store.follow().expect("follow").expect("a log");
    let a = Document::new("a", "Alpha.");
    let b = Document::new("b", "Beta.");
    let one = store.insert(&[(&a, None), (&b, None)]).expect("insert");
    let two = store
        .update("a", &mut |mut d| {
            d.text = "Alpha two.".to_owned();
            Some((d, Some(analysis(2))))
        })
        .expect("update");
    let three = store.delete("b").expect("delete");
    let (changes, through, latest) = since(follower.as_mut(), 0, 100);
    assert_eq!((through, latest), (three, three));
    let seen: Vec<(u64, &str)> = changes
        .iter()
        .map(|c| (c.sequence, c.name.as_str()))
        .collect();
    assert_eq!(seen, [(one, "a"), (one, "b"), (two, "a"), (three, "b")]);
    // Every change of `a` carries its row as it is now; `b` is gone.
    for change in &changes {
        match change.name.as_str() {
            "a" => {
                let now = change.now.as_ref().expect("a exists");
                assert_eq!(now.document.text, "Alpha two.");
                assert_eq!(now.written, two);
                assert_eq!(now.analysis, Some(analysis(2)));
            }
            _ => assert!(change.now.is_none()),
        }
    }
    // Reading in pieces covers the same sequences.
    let (changes, through, _) = since(follower.as_mut(), one, 1);
    assert_eq!(through, two);
    assert_eq!(changes.len(), 1);
    // Nothing after the last: an empty read at the latest sequence.
    let (changes, through, _) = since(follower.as_mut(), three, 100);
    assert!(changes.is_empty());
    assert_eq!(through, three);
}

#[test]
fn a_follower_reads_large_batches_a_few_at_a_time_and_whole() {
    let Some(database) = TestDatabase::create("batches") else {
        return;
    };
    let store = open(&database, &[]);
    let mut follower = store.follow().expect("follow").expect("a log");
    let mut last = 0;
    for batch in 0..5 {
        let documents: Vec<Document> = (0..1500)
            .map(|i| Document::new(format!("b{batch}-{i}"), "Text."))
            .collect();
        let rows: Vec<_> = documents.iter().map(|d| (d, None)).collect();
        last = store.insert(&rows).expect("insert");
    }
    let (mut after, mut reads, mut seen) = (0, 0, 0);
    while after < last {
        let (changes, through, _) = since(follower.as_mut(), after, 256);
        // Whole batches: every change of a sequence it covers, none beyond.
        assert!(
            changes
                .iter()
                .all(|c| c.sequence > after && c.sequence <= through)
        );
        assert_eq!(changes.len() % 1500, 0, "{}", changes.len());
        seen += changes.len();
        reads += 1;
        after = through;
    }
    assert_eq!(seen, 7500);
    // At most 4,000 rows a read, but one batch at least: two batches a read.
    assert_eq!(reads, 3);
}

#[test]
fn a_follower_is_woken_by_a_commit() {
    let Some(database) = TestDatabase::create("notify") else {
        return;
    };
    let store = Arc::new(open(&database, &[]));
    let mut follower = store.follow().expect("follow").expect("a log");
    let writer = {
        let store = Arc::clone(&store);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            store
                .insert(&[(&Document::new("n", "News."), None)])
                .expect("insert")
        })
    };
    let start = std::time::Instant::now();
    follower.wait(Duration::from_secs(30)).expect("wait");
    let waited = start.elapsed();
    let sequence = writer.join().expect("writer");
    // Woken by the notification, long before the timeout.
    assert!(waited < Duration::from_secs(20), "{waited:?}");
    let (_, _, latest) = since(follower.as_mut(), 0, 10);
    assert_eq!(latest, sequence);
}

#[test]
fn a_trimmed_log_sends_a_follower_to_a_snapshot() {
    let Some(database) = TestDatabase::create("trimmed") else {
        return;
    };
    let options = PgOptions {
        retain_changes: 3,
        ..PgOptions::default()
    };
    let store = PgStore::open(&database.url, &[], options).expect("open");
    let mut follower = store.follow().expect("follow").expect("a log");
    for i in 0..10 {
        let document = Document::new(format!("d{i}"), format!("Text {i}."));
        store.insert(&[(&document, None)]).expect("insert");
    }
    assert_eq!(
        follower.changes(0, 100).expect("changes"),
        Changes::Trimmed { through: 7 }
    );
    // The last three writes are still in the log.
    let (changes, _, _) = since(follower.as_mut(), 7, 100);
    assert_eq!(changes.len(), 3);
    let mut names = Vec::new();
    let sequence = follower
        .snapshot(&mut |document, _| names.push(document.name))
        .expect("snapshot");
    assert_eq!(sequence, 10);
    assert_eq!(names.len(), 10);
}

#[test]
fn concurrent_writers_of_one_name_one_wins_and_the_rest_are_refused() {
    let Some(database) = TestDatabase::create("race") else {
        return;
    };
    let stores: Vec<Arc<PgStore>> = (0..4).map(|_| Arc::new(open(&database, &[]))).collect();
    for round in 0..10 {
        let barrier = Arc::new(Barrier::new(stores.len()));
        let writers: Vec<_> = stores
            .iter()
            .enumerate()
            .map(|(writer, store)| {
                let (store, barrier) = (Arc::clone(store), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    let document = Document::new(format!("r{round}"), format!("By {writer}."));
                    barrier.wait();
                    store.insert(&[(&document, None)])
                })
            })
            .collect();
        let results: Vec<_> = writers
            .into_iter()
            .map(|writer| writer.join().expect("writer"))
            .collect();
        let won = results.iter().filter(|result| result.is_ok()).count();
        let refused = results
            .iter()
            .filter(|result| matches!(result, Err(Error::AlreadyExists { .. })))
            .count();
        assert_eq!((won, refused), (1, stores.len() - 1), "{results:?}");
    }
    // Concurrent updates of one document: each applies to the previous one's result.
    let counter = Document::new("counter", "0");
    stores[0].insert(&[(&counter, None)]).expect("insert");
    let updaters: Vec<_> = stores
        .iter()
        .map(|store| {
            let store = Arc::clone(store);
            std::thread::spawn(move || {
                for _ in 0..10 {
                    store
                        .update("counter", &mut |mut document| {
                            let n: u32 = document.text.parse().ok()?;
                            document.text = (n + 1).to_string();
                            Some((document, None))
                        })
                        .expect("update");
                }
            })
        })
        .collect();
    for updater in updaters {
        updater.join().expect("updater");
    }
    let (documents, _) = all(&stores[0]);
    let counter = documents
        .iter()
        .find(|d| d.name == "counter")
        .expect("counter");
    assert_eq!(counter.text, "40");
}

#[test]
fn a_lost_connection_is_unavailable_once_then_reconnected() {
    let Some(database) = TestDatabase::create("lost") else {
        return;
    };
    let store = open(&database, &[]);
    let mut follower = store.follow().expect("follow").expect("a log");
    store
        .insert(&[(&Document::new("before", "Before."), None)])
        .expect("insert");
    assert!(database.terminate_sessions() >= 2);
    // The pooled connection and the follower's are gone: the next call on each finds out
    // (a pooled one is dropped and replaced), and the one after works again.
    let after = Document::new("after", "After.");
    let mut stored = false;
    for _ in 0..3 {
        match store.insert(&[(&after, None)]) {
            Ok(_) => {
                stored = true;
                break;
            }
            Err(Error::Unavailable { .. }) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert!(stored);
    let mut caught_up = false;
    for _ in 0..3 {
        match follower.changes(0, 100) {
            Ok(Changes::Since { changes, .. }) => {
                assert_eq!(changes.len(), 2);
                caught_up = true;
                break;
            }
            Ok(other) => panic!("{other:?}"),
            Err(Error::Unavailable { .. }) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert!(caught_up);
}

#[test]
fn an_unreachable_server_and_a_bad_url_are_clear_errors() {
    let unreachable = PgStore::open(
        "postgres://lede@127.0.0.1:1/none",
        &[],
        PgOptions {
            connect_timeout: Duration::from_secs(2),
            ..PgOptions::default()
        },
    );
    assert!(
        matches!(&unreachable, Err(Error::Unavailable { location, .. }) if location == "postgres://127.0.0.1:1/none"),
        "{unreachable:?}"
    );
    let bad = PgStore::open("postgres://[::1", &[], PgOptions::default());
    assert!(matches!(bad, Err(Error::Unusable { .. })), "{bad:?}");
}

#[test]
fn tables_of_a_newer_lede_are_refused() {
    let Some(database) = TestDatabase::create("newer") else {
        return;
    };
    drop(open(&database, &[]));
    database.execute("UPDATE lede_log SET schema_version = 99");
    let refused = PgStore::open(&database.url, &[], PgOptions::default());
    assert!(
        matches!(&refused, Err(Error::Unusable { reason, .. }) if reason.contains("schema 99")),
        "{refused:?}"
    );
}
