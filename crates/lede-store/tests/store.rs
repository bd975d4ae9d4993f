//! The store as its users see it: round trips, atomic batches, reopening, locking, and
//! files that are not stores.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use lede_corpus::Document;
use lede_store::{DATABASE_FILE, Error, Store};

fn doc(name: &str, text: &str) -> Document {
    Document::new(name, text)
}

/// A document with every field set, times included (one before the epoch).
fn full(name: &str) -> Document {
    let mut document = Document::new(name, "Oil prices fell.\n\nTraders said so. «Ünïcödé» 😀")
        .with_title("Oil falls")
        .with_source("Example Wire")
        .with_date("2026-01-06");
    document.metadata = BTreeMap::from([
        ("author".to_owned(), "J. Doe".to_owned()),
        ("section".to_owned(), "markets \"quoted\"\n".to_owned()),
    ]);
    document.created = Some(SystemTime::UNIX_EPOCH + Duration::from_micros(1_767_700_000_123_456));
    document.updated = Some(SystemTime::UNIX_EPOCH - Duration::from_micros(86_400_000_001));
    document
}

fn names(store: &Store) -> Vec<String> {
    let mut names = Vec::new();
    store
        .for_each(|document| names.push(document.name))
        .unwrap();
    names
}

#[test]
fn every_field_round_trips_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let bare = doc("bare", "");
    {
        let mut store = Store::open(dir.path(), &[]).unwrap();
        assert!(store.was_created());
        assert_eq!(store.path(), dir.path().join(DATABASE_FILE));
        assert!(store.is_empty().unwrap());
        store.insert(&[full("full"), bare.clone()]).unwrap();
        assert_eq!(store.get("full").unwrap(), Some(full("full")));
        assert_eq!(store.get("bare").unwrap(), Some(bare.clone()));
        assert_eq!(store.get("none").unwrap(), None);
    }
    let store = Store::open(dir.path(), &[]).unwrap();
    assert!(!store.was_created());
    assert_eq!(store.len().unwrap(), 2);
    let mut all = Vec::new();
    assert_eq!(store.for_each(|document| all.push(document)).unwrap(), 2);
    assert_eq!(all, [bare, full("full")]);
}

#[test]
fn times_are_kept_to_the_microsecond_rounding_toward_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    let mut document = doc("t", "x");
    document.created = Some(SystemTime::UNIX_EPOCH + Duration::new(5, 1_999));
    document.updated = Some(SystemTime::UNIX_EPOCH - Duration::new(5, 1_001));
    store.insert(&[document]).unwrap();
    let back = store.get("t").unwrap().unwrap();
    assert_eq!(
        back.created,
        Some(SystemTime::UNIX_EPOCH + Duration::new(5, 1_000))
    );
    assert_eq!(
        back.updated,
        Some(SystemTime::UNIX_EPOCH - Duration::new(5, 2_000))
    );
}

#[test]
fn documents_come_back_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    // Byte order of UTF-8, as Rust's `str` and the corpus's `BTreeMap` order them.
    store
        .insert(&[
            doc("b", "x"),
            doc("é", "x"),
            doc("B", "x"),
            doc("a10", "x"),
            doc("a2", "x"),
        ])
        .unwrap();
    assert_eq!(names(&store), ["B", "a10", "a2", "b", "é"]);
}

#[test]
fn a_taken_name_in_a_batch_leaves_the_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    store.insert(&[doc("b", "first")]).unwrap();
    let batch = [doc("a", "x"), doc("b", "second"), doc("c", "x")];
    match store.insert(&batch) {
        Err(Error::AlreadyExists { name, .. }) => assert_eq!(name, "b"),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(names(&store), ["b"]);
    assert_eq!(store.get("b").unwrap().unwrap().text, "first");

    // A name repeated within the batch is refused too, naming the repeat.
    let repeated = [doc("x", "1"), doc("y", "2"), doc("x", "3")];
    assert!(
        matches!(store.insert(&repeated), Err(Error::AlreadyExists { name, .. }) if name == "x")
    );
    assert_eq!(store.len().unwrap(), 1);

    // The store is still usable after the failed batch.
    store.insert(&[doc("a", "x")]).unwrap();
    assert_eq!(names(&store), ["a", "b"]);
}

#[test]
fn invalid_names_are_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    for bad in ["", " padded", "tab\there"] {
        let batch = [doc("ok", "x"), doc(bad, "x")];
        match store.insert(&batch) {
            Err(error @ Error::InvalidName { .. }) => {
                assert!(error.to_string().contains("invalid document name"));
            }
            other => panic!("unexpected {other:?} for {bad:?}"),
        }
        assert!(matches!(
            store.insert_new(&batch),
            Err(Error::InvalidName { .. })
        ));
    }
    assert!(store.is_empty().unwrap());
}

#[test]
fn insert_new_skips_taken_and_repeated_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    store.insert(&[doc("b", "old")]).unwrap();
    let stored = store
        .insert_new(&[doc("a", "1"), doc("b", "new"), doc("c", "2"), doc("a", "3")])
        .unwrap();
    assert_eq!(stored, 2);
    assert_eq!(names(&store), ["a", "b", "c"]);
    assert_eq!(store.get("b").unwrap().unwrap().text, "old");
    assert_eq!(store.get("a").unwrap().unwrap().text, "1");
    assert_eq!(store.insert_new(&[doc("a", "again")]).unwrap(), 0);
}

#[test]
fn update_and_delete_need_an_existing_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    store.insert(&[doc("a", "old")]).unwrap();
    store.update(&full("a")).unwrap();
    assert_eq!(store.get("a").unwrap(), Some(full("a")));
    assert!(
        matches!(store.update(&doc("zz", "x")), Err(Error::NotFound { name, .. }) if name == "zz")
    );
    assert!(matches!(store.delete("zz"), Err(Error::NotFound { name, .. }) if name == "zz"));
    store.delete("a").unwrap();
    assert!(store.is_empty().unwrap());
    assert!(matches!(store.delete("a"), Err(Error::NotFound { .. })));
}

#[test]
fn list_pages_through_names_without_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    store
        .insert(&[full("c"), doc("a", "x"), doc("b", "y"), doc("d", "z")])
        .unwrap();
    let page = store.list(None, 2).unwrap();
    let page_names: Vec<&str> = page.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(page_names, ["a", "b"]);
    let page = store.list(Some("b"), 2).unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].name, "c");
    assert_eq!(page[0].text, "");
    assert_eq!(page[0].title.as_deref(), Some("Oil falls"));
    assert_eq!(page[0].metadata, full("c").metadata);
    assert_eq!(page[0].created, full("c").created);
    assert!(store.list(Some("d"), 10).unwrap().is_empty());
    assert!(store.list(None, 0).unwrap().is_empty());
}

#[test]
fn initial_documents_are_stored_only_when_the_store_is_created() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), &[doc("seed", "x")]).unwrap();
        assert!(store.was_created());
        assert_eq!(names(&store), ["seed"]);
    }
    {
        let mut store = Store::open(dir.path(), &[doc("other", "x")]).unwrap();
        assert!(!store.was_created());
        assert_eq!(names(&store), ["seed"]);
        // Deleting everything does not bring the seeds back at the next open.
        store.delete("seed").unwrap();
    }
    let store = Store::open(dir.path(), &[doc("seed", "x")]).unwrap();
    assert!(!store.was_created());
    assert!(store.is_empty().unwrap());
}

#[test]
fn a_bad_initial_batch_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let result = Store::open(dir.path(), &[doc("a", "x"), doc("a", "y")]);
    assert!(matches!(result, Err(Error::AlreadyExists { .. })));
    // The failed creation left no store behind: the next open creates one.
    let store = Store::open(dir.path(), &[doc("a", "x")]).unwrap();
    assert!(store.was_created());
    assert_eq!(store.len().unwrap(), 1);
}

#[test]
fn transactions_commit_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[]).unwrap();
    {
        let mut transaction = store.transaction().unwrap();
        transaction.insert(&[doc("a", "x")]).unwrap();
        assert_eq!(
            transaction
                .insert_new(&[doc("a", "x"), doc("b", "y")])
                .unwrap(),
            1
        );
        // Dropped without commit.
    }
    assert!(store.is_empty().unwrap());
    let mut transaction = store.transaction().unwrap();
    transaction.insert(&[doc("a", "x")]).unwrap();
    transaction.insert(&[doc("b", "y")]).unwrap();
    transaction.commit().unwrap();
    assert_eq!(names(&store), ["a", "b"]);
}

#[test]
fn a_second_writer_is_refused_while_the_first_lives() {
    let dir = tempfile::tempdir().unwrap();
    let first = Store::open(dir.path(), &[doc("a", "x")]).unwrap();
    match Store::open(dir.path(), &[]) {
        Err(error @ Error::Locked { .. }) => {
            assert!(error.to_string().contains("in use by another lede process"));
        }
        other => panic!("unexpected {other:?}"),
    }
    // Readers need no lock.
    let reader = Store::open_read_only(dir.path()).unwrap();
    assert_eq!(reader.len().unwrap(), 1);
    drop(first);
    Store::open(dir.path(), &[]).unwrap();
}

#[test]
fn a_reader_sees_what_the_writer_committed() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = Store::open(dir.path(), &[]).unwrap();
    let reader = Store::open_read_only(dir.path()).unwrap();
    assert!(reader.is_empty().unwrap());
    writer.insert(&[doc("a", "x")]).unwrap();
    assert_eq!(
        reader.get("a").unwrap().map(|d| d.text),
        Some("x".to_owned())
    );
}

#[test]
fn read_only_open_of_a_missing_store_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    match Store::open_read_only(&missing) {
        Err(error @ Error::Missing { .. }) => {
            assert!(error.to_string().contains("lede import"), "{error}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(!missing.exists(), "reading never creates the directory");
    assert!(matches!(
        Store::open_read_only(dir.path()),
        Err(Error::Missing { .. })
    ));
    // A directory without a database file is where the writer creates a store.
    assert!(Store::open(dir.path(), &[]).unwrap().was_created());
}

#[test]
fn a_data_dir_that_is_a_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, b"not a directory").unwrap();
    match Store::open(&file, &[]) {
        Err(error @ Error::Io { .. }) => {
            assert!(
                error.to_string().contains("cannot create or open"),
                "{error}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(
        Store::open_read_only(&file),
        Err(Error::Missing { .. })
    ));
}

fn assert_not_a_store(dir: &std::path::Path, what: &str) {
    for result in [Store::open(dir, &[]), Store::open_read_only(dir)] {
        match result {
            Err(error @ Error::NotAStore { .. }) => {
                let message = error.to_string();
                assert!(message.contains("not a usable lede store"), "{message}");
                assert!(message.contains(what), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn garbage_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.path().join(DATABASE_FILE), &garbage).unwrap();
    assert_not_a_store(dir.path(), "not a database");
    // The file was not touched.
    assert_eq!(
        std::fs::read(dir.path().join(DATABASE_FILE)).unwrap(),
        garbage
    );
}

#[test]
fn a_truncated_store_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), &[]).unwrap();
        let documents: Vec<Document> = (0..500)
            .map(|i| {
                doc(
                    &format!("doc{i:04}"),
                    &"Oil prices fell sharply. ".repeat(40),
                )
            })
            .collect();
        store.insert(&documents).unwrap();
    }
    let path = dir.path().join(DATABASE_FILE);
    let len = std::fs::metadata(&path).unwrap().len();
    assert!(len > 100_000, "the store is {len} bytes");
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(len / 2 + 100).unwrap();
    drop(file);
    assert_not_a_store(dir.path(), "");
}

#[test]
fn another_applications_database_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let connection = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    connection
        .execute_batch("CREATE TABLE things (x); INSERT INTO things VALUES (1);")
        .unwrap();
    drop(connection);
    assert_not_a_store(dir.path(), "another application");
}

#[test]
fn a_newer_schema_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), &[]).unwrap());
    let connection = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    connection
        .pragma_update(None, "user_version", lede_store::SCHEMA_VERSION + 1)
        .unwrap();
    drop(connection);
    assert_not_a_store(dir.path(), "newer than");
}

#[test]
fn the_store_is_send() {
    fn send<T: Send>() {}
    send::<Store>();
}

#[test]
fn default_dir_ends_in_lede() {
    let dir = lede_store::default_dir();
    assert!(
        dir.ends_with("lede") || dir.ends_with("lede-data"),
        "{}",
        dir.display()
    );
}

#[test]
fn a_full_store_refuses_the_write_and_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &[doc("kept", "Kept text.")]).unwrap();
    let cap = store.set_size_limit(64 * 1024).unwrap();
    assert!(cap <= 64 * 1024, "{cap}");
    let large = doc("large", &"word ".repeat(100_000));
    for attempt in [
        store.insert(std::slice::from_ref(&large)),
        store.update(&doc("kept", &"word ".repeat(100_000))),
    ] {
        match attempt {
            Err(error @ Error::Full { .. }) => {
                let message = error.to_string();
                assert!(message.contains("no room"), "{message}");
                assert!(message.contains(DATABASE_FILE), "{message}");
            }
            other => panic!("want Full, got {other:?}"),
        }
    }
    // Nothing of either write is there, and the store still reads and writes.
    assert_eq!(names(&store), ["kept"]);
    assert_eq!(store.get("kept").unwrap().unwrap().text, "Kept text.");
    store.insert(&[doc("small", "A few words.")]).unwrap();
    assert_eq!(names(&store), ["kept", "small"]);
    drop(store);
    // The cap lasts as long as the store is open.
    let mut store = Store::open(dir.path(), &[]).unwrap();
    store.insert(&[large]).unwrap();
}

#[test]
fn an_empty_database_file_is_refused_not_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(DATABASE_FILE);
    std::fs::write(&file, b"").unwrap();
    for error in [
        Store::open(dir.path(), &[doc("seed", "A seed.")]).unwrap_err(),
        Store::open_read_only(dir.path()).unwrap_err(),
    ] {
        assert!(matches!(error, Error::NotAStore { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains(&file.display().to_string()), "{message}");
        assert!(message.contains("empty (0 bytes)"), "{message}");
        assert!(message.contains("remove it"), "{message}");
    }
    assert_eq!(
        std::fs::metadata(&file).unwrap().len(),
        0,
        "the file was written"
    );

    // An SQLite database without lede's tables (what an older lede's interrupted creation
    // could leave) is refused too.
    std::fs::remove_file(&file).unwrap();
    let connection = rusqlite::Connection::open(&file).unwrap();
    let _: String = connection
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .unwrap();
    drop(connection);
    let error = Store::open(dir.path(), &[]).unwrap_err();
    assert!(
        error.to_string().contains("without lede's tables"),
        "{error}"
    );

    // Removing the file, as the message says, starts a new store with its initial documents.
    std::fs::remove_file(&file).unwrap();
    let store = Store::open(dir.path(), &[doc("seed", "A seed.")]).unwrap();
    assert!(store.was_created());
    assert_eq!(names(&store), ["seed"]);
}

#[test]
fn creation_leaves_no_file_until_it_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    // What a creation killed half-way left under the temporary name is written over.
    std::fs::write(dir.path().join("lede.sqlite3.new"), b"half a database").unwrap();
    // A bad initial batch creates nothing, not even an empty file.
    let bad = [doc("a", "A."), doc("a", "Again.")];
    assert!(matches!(
        Store::open(dir.path(), &bad),
        Err(Error::AlreadyExists { .. })
    ));
    assert!(!dir.path().join(DATABASE_FILE).exists());
    assert!(!dir.path().join("lede.sqlite3.new").exists());
    {
        let store = Store::open(dir.path(), &[doc("a", "A.")]).unwrap();
        assert!(store.was_created());
        assert_eq!(names(&store), ["a"]);
    }
    assert!(!dir.path().join("lede.sqlite3.new").exists());
    // A new store is in WAL mode like any other, so readers run beside the writer.
    let mut store = Store::open(dir.path(), &[]).unwrap();
    assert!(!store.was_created());
    let reader = Store::open_read_only(dir.path()).unwrap();
    store.insert(&[doc("b", "B.")]).unwrap();
    assert_eq!(names(&reader), ["a", "b"]);
    let mode: String = rusqlite::Connection::open(dir.path().join(DATABASE_FILE))
        .unwrap()
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_log_without_its_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lede.sqlite3-wal"),
        b"frames of a lost store",
    )
    .unwrap();
    let error = Store::open(dir.path(), &[]).unwrap_err();
    assert!(matches!(error, Error::NotAStore { .. }), "{error:?}");
    assert!(error.to_string().contains("lede.sqlite3-wal"), "{error}");
    assert!(!dir.path().join(DATABASE_FILE).exists());
}
