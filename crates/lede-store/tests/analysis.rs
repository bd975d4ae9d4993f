//! Stored analyses: written and deleted with their documents on every write path, carried
//! forward from a version-1 store made by the code before them, and answered by a fresh
//! analysis when damaged.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use lede_corpus::{Corpus, Document, Reanalysis, StoredAnalysis};
use lede_store::{DATABASE_FILE, SCHEMA_VERSION, Store};

/// A version-1 data directory's database, made by `lede import` of the code before stored
/// analyses (commit effb31d) from four documents: `oil` (title, source, date), `kyiv`
/// (possessives, two paragraphs), `unicode` and `empty`.
const SCHEMA_1_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/schema-v1/lede.sqlite3"
);

fn analysed(corpus: &Corpus, document: &Document) -> StoredAnalysis {
    corpus.stored_analysis(&corpus.prepare(document.clone()).unwrap())
}

/// Every stored document with its analysis, in name order.
fn stored(store: &Store) -> Vec<(Document, Option<StoredAnalysis>)> {
    let mut all = Vec::new();
    store
        .for_each_analysed(|document, analysis| all.push((document, analysis)))
        .unwrap();
    all
}

fn analysis_of(store: &Store, name: &str) -> Option<StoredAnalysis> {
    stored(store)
        .into_iter()
        .find(|(document, _)| document.name == name)
        .and_then(|(_, analysis)| analysis)
}

/// Loads the store into a corpus; returns it and the names analysed again, with why.
fn load(store: &Store) -> (Corpus, Vec<(String, String)>) {
    let mut corpus = Corpus::new();
    let report = corpus
        .load(
            |each| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                store.for_each_analysed(each)?;
                Ok(())
            },
        )
        .unwrap();
    let redone = report
        .reanalysed
        .iter()
        .map(|redone| {
            let why = match &redone.reason {
                Reanalysis::Missing => "missing".to_owned(),
                Reanalysis::Stale { version } => format!("stale {version}"),
                Reanalysis::Invalid(error) => format!("invalid: {error}"),
                other => format!("{other:?}"),
            };
            (redone.name.clone(), why)
        })
        .collect();
    // Write nothing back here: the caller decides.
    (corpus, redone)
}

/// What a client sees of a corpus.
fn answers(corpus: &Corpus) -> String {
    let stats = corpus.stats();
    let mut out = format!(
        "{} {} {} {:?}\n",
        stats.documents(),
        stats.live_terms(),
        stats.total_length(),
        corpus.top_terms(20).unwrap()
    );
    for query in ["oil", "Kyiv guarantees", "zürich"] {
        out += &format!("{:?}\n", corpus.search(query, 5).unwrap());
    }
    for name in corpus.names() {
        out += &format!(
            "{name} {:?} {:?}\n",
            corpus.analysis(name),
            corpus.similar(name, 3).unwrap()
        );
    }
    out
}

fn inserted(store: &Store) -> Corpus {
    let mut corpus = Corpus::new();
    store
        .for_each(|document| corpus.insert(document).unwrap())
        .unwrap();
    corpus
}

#[test]
fn every_write_path_writes_the_analysis_with_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::new();
    let a = Document::new("a", "Oil prices fell.");
    let b = Document::new("b", "Wheat exports rose.");
    let c = Document::new("c", "Corn was flat.");
    let mut store = Store::open(dir.path(), &[]).unwrap();

    // insert: with and without an analysis.
    store.insert(&[(a.clone(), analysed(&corpus, &a))]).unwrap();
    store.insert(&[&b]).unwrap();
    assert_eq!(analysis_of(&store, "a"), Some(analysed(&corpus, &a)));
    assert_eq!(analysis_of(&store, "b"), None);

    // A batch that fails stores neither its documents nor their analyses.
    let taken = [(&c, &analysed(&corpus, &c)), (&a, &analysed(&corpus, &c))];
    assert!(store.insert(&taken).is_err());
    assert_eq!(stored(&store).len(), 2);

    // insert_new and transactions.
    assert_eq!(
        store
            .insert_new(&[(&a, analysed(&corpus, &b)), (&c, analysed(&corpus, &c))])
            .unwrap(),
        1
    );
    assert_eq!(analysis_of(&store, "a"), Some(analysed(&corpus, &a)));
    assert_eq!(analysis_of(&store, "c"), Some(analysed(&corpus, &c)));
    let d = Document::new("d", "Gold held.");
    {
        let mut transaction = store.transaction().unwrap();
        transaction
            .insert(&[(d.clone(), analysed(&corpus, &d))])
            .unwrap();
        // Dropped: neither the document nor its analysis is stored.
    }
    assert_eq!(analysis_of(&store, "d"), None);
    let mut transaction = store.transaction().unwrap();
    transaction
        .insert(&[(d.clone(), analysed(&corpus, &d))])
        .unwrap();
    transaction.commit().unwrap();
    assert_eq!(analysis_of(&store, "d"), Some(analysed(&corpus, &d)));

    // update: replaces the analysis, or clears it when the record has none (the old one
    // would describe the old text).
    let a2 = Document::new("a", "Oil prices rose again.");
    store.update(&(&a2, analysed(&corpus, &a2))).unwrap();
    assert_eq!(analysis_of(&store, "a"), Some(analysed(&corpus, &a2)));
    store.update(&Document::new("a", "Plain.")).unwrap();
    assert_eq!(analysis_of(&store, "a"), None);

    // set_analyses: only the analysis changes.
    let b_analysis = analysed(&corpus, &b);
    assert_eq!(
        store
            .set_analyses(&[("b", &b_analysis), ("nope", &b_analysis)])
            .unwrap(),
        1
    );
    assert_eq!(analysis_of(&store, "b"), Some(b_analysis));
    assert_eq!(store.get("b").unwrap(), Some(b.clone()));

    // delete: the analysis goes with its row; a new document of that name starts afresh.
    store.delete("b").unwrap();
    store.insert(&[&b]).unwrap();
    assert_eq!(analysis_of(&store, "b"), None);

    // for_each_analysed sees what for_each sees.
    let mut plain = Vec::new();
    store.for_each(|document| plain.push(document)).unwrap();
    let with: Vec<Document> = stored(&store).into_iter().map(|(d, _)| d).collect();
    assert_eq!(plain, with);
}

#[test]
fn a_schema_1_store_made_by_the_code_before_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SCHEMA_1_FIXTURE, dir.path().join(DATABASE_FILE)).unwrap();
    let user_version = |path: &Path| -> i32 {
        rusqlite::Connection::open(path.join(DATABASE_FILE))
            .unwrap()
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap()
    };
    assert_eq!(user_version(dir.path()), 1);

    // A reader cannot migrate: it reads the old schema as it is, with no analyses.
    let expected = {
        let reader = Store::open_read_only(dir.path()).unwrap();
        assert_eq!(reader.schema_version(), 1);
        let all = stored(&reader);
        let names: Vec<&str> = all.iter().map(|(d, _)| d.name.as_str()).collect();
        assert_eq!(names, ["empty", "kyiv", "oil", "unicode"]);
        assert!(all.iter().all(|(_, analysis)| analysis.is_none()));
        let oil = reader.get("oil").unwrap().unwrap();
        assert_eq!(oil.title.as_deref(), Some("Oil falls"));
        assert_eq!(oil.source.as_deref(), Some("Example Wire"));
        assert_eq!(oil.date.as_deref(), Some("2026-01-06"));
        let (corpus, redone) = load(&reader);
        assert_eq!(redone.len(), 4);
        assert!(redone.iter().all(|(_, why)| why == "missing"));
        let expected = answers(&inserted(&reader));
        assert_eq!(answers(&corpus), expected);
        expected
    };

    // The writer migrates: same documents, empty analyses, then filled in by a load.
    {
        let mut store = Store::open(dir.path(), &[]).unwrap();
        assert!(!store.was_created());
        assert_eq!(store.schema_version(), SCHEMA_VERSION);
        let mut corpus = Corpus::new();
        let report = corpus
            .load(
                |each| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                    store.for_each_analysed(each)?;
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(report.reanalysed.len(), 4);
        assert_eq!(answers(&corpus), expected);
        let analyses: Vec<_> = report
            .reanalysed
            .iter()
            .map(|redone| (redone.name.as_str(), &redone.analysis))
            .collect();
        assert_eq!(store.set_analyses(&analyses).unwrap(), 4);
    }
    assert_eq!(user_version(dir.path()), SCHEMA_VERSION);

    // The next start loads every document from its analysis, to the same corpus.
    let store = Store::open(dir.path(), &[]).unwrap();
    let (corpus, redone) = load(&store);
    assert!(redone.is_empty(), "{redone:?}");
    assert_eq!(answers(&corpus), expected);
    assert_eq!(answers(&inserted(&store)), expected);
    // A write after the migration still works as before.
    drop(store);
    let mut store = Store::open(dir.path(), &[]).unwrap();
    store.insert(&[Document::new("new", "New text.")]).unwrap();
    assert_eq!(stored(&store).len(), 5);
}

#[test]
fn damaged_analyses_are_reanalysed_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::new();
    let documents = [
        Document::new("a", "Oil prices fell sharply."),
        Document::new("b", "Kyiv's allies met. Allies’ guarantees."),
        Document::new("c", "Wheat exports rose."),
        Document::new("d", "Gold held steady."),
    ];
    let records: Vec<_> = documents
        .iter()
        .map(|document| (document, analysed(&corpus, document)))
        .collect();
    let expected = {
        let mut store = Store::open(dir.path(), &[]).unwrap();
        store.insert(&records).unwrap();
        answers(&inserted(&store))
    };
    {
        // Behind the store's back: a flipped byte in b's analysis, a text changed without
        // its analysis for c, another version for d.
        let connection = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        let mut bytes: Vec<u8> = connection
            .query_row(
                "SELECT analysis FROM documents WHERE name = 'b'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        bytes[3] ^= 0x10;
        connection
            .execute(
                "UPDATE documents SET analysis = ?1 WHERE name = 'b'",
                [&bytes],
            )
            .unwrap();
        connection
            .execute(
                "UPDATE documents SET text = 'Wheat exports fell.' WHERE name = 'c'",
                [],
            )
            .unwrap();
        connection
            .execute(
                "UPDATE documents SET analysis_version = '0/en' WHERE name = 'd'",
                [],
            )
            .unwrap();
    }
    let mut store = Store::open(dir.path(), &[]).unwrap();
    let mut corpus = Corpus::new();
    let report = corpus
        .load(
            |each| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                store.for_each_analysed(each)?;
                Ok(())
            },
        )
        .unwrap();
    let why: Vec<(&str, &Reanalysis)> = report
        .reanalysed
        .iter()
        .map(|redone| (redone.name.as_str(), &redone.reason))
        .collect();
    assert!(
        matches!(
            why.as_slice(),
            [
                ("b", Reanalysis::Invalid(lede_corpus::Error::InvalidAnalysis { .. })),
                ("c", Reanalysis::Invalid(lede_corpus::Error::InvalidAnalysis { .. })),
                ("d", Reanalysis::Stale { version }),
            ] if version == "0/en"
        ),
        "{why:?}"
    );
    // What was loaded is what the texts say (c's new text included), not what was damaged.
    assert_eq!(answers(&corpus), answers(&inserted(&store)));
    assert_ne!(answers(&corpus), expected);
    let analyses: Vec<_> = report
        .reanalysed
        .iter()
        .map(|redone| (redone.name.as_str(), &redone.analysis))
        .collect();
    store.set_analyses(&analyses).unwrap();
    let (again, redone) = load(&store);
    assert!(redone.is_empty(), "{redone:?}");
    assert_eq!(answers(&again), answers(&corpus));
}
