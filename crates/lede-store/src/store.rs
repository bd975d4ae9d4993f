//! The store: one SQLite database per data directory, guarded by a lock file.

use std::borrow::Borrow;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lede_corpus::{Document, StoredAnalysis};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Row, TransactionBehavior};

use crate::Error;
use crate::encoding::time_from_micros;

/// The database file's name in the data directory.
pub const DATABASE_FILE: &str = "lede.sqlite3";
/// The lock file's name in the data directory.
pub const LOCK_FILE: &str = "lede.lock";
/// `PRAGMA application_id` of a lede store: "lede" in ASCII, so that `file(1)` and our own
/// open can tell a lede database from another application's.
pub const APPLICATION_ID: i32 = 0x6C65_6465;
/// The schema version this build writes (`PRAGMA user_version`); it reads every version from
/// 1 on, and [`Store::open`] migrates older ones forward.
///
/// * 1: documents only.
/// * 2: each document's stored analysis beside it (`analysis_version`, `analysis`).
pub const SCHEMA_VERSION: i32 = 2;

/// How long a statement waits for a lock held by another connection (a reader's checkpoint,
/// or the writer while a reader starts) before failing with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema (of [`SCHEMA_VERSION`]). A rowid table with a unique name rather than `WITHOUT ROWID`: texts are
/// often larger than the 1/20 of a page beyond which SQLite advises against `WITHOUT ROWID`.
/// Names compare with the default `BINARY` collation, byte-wise over UTF-8, which is the
/// order of Rust's `str` and so of the corpus's `BTreeMap`.
const SCHEMA: &str = "
CREATE TABLE documents (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    title    TEXT,
    text     TEXT NOT NULL,
    source   TEXT,
    date     TEXT,
    metadata TEXT NOT NULL DEFAULT '{}', -- a JSON object of strings
    created  INTEGER,                    -- microseconds since the Unix epoch
    updated  INTEGER,                    -- microseconds since the Unix epoch
    analysis_version TEXT,               -- the corpus's analysis version that made `analysis`
    analysis BLOB                        -- the corpus's analysis of `text`: opaque here
);
";

/// Takes a version-1 database to version 2: the analysis columns, empty (`NULL`: the corpus
/// analyses those documents at the next load, and the server stores what it found). Adding
/// a column rewrites nothing in SQLite, so it is instant on any size of store.
const MIGRATE_1_TO_2: &str = "
ALTER TABLE documents ADD COLUMN analysis_version TEXT;
ALTER TABLE documents ADD COLUMN analysis BLOB;
";

/// The columns of a document, in the order [`document_from_row`] reads them.
const COLUMNS: &str = "name, title, text, source, date, metadata, created, updated";
/// The same columns without the text, for listings.
const COLUMNS_WITHOUT_TEXT: &str =
    "name, title, '' AS text, source, date, metadata, created, updated";

/// Every statement that writes a text writes its analysis (or `NULL`) in the same row, so a
/// document and its analysis change together in every transaction.
const INSERT: &str = "INSERT INTO documents \
    (name, title, text, source, date, metadata, created, updated, analysis_version, analysis) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const INSERT_NEW: &str = "INSERT INTO documents \
    (name, title, text, source, date, metadata, created, updated, analysis_version, analysis) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (name) DO NOTHING";
const UPDATE: &str = "UPDATE documents SET \
    title = ?2, text = ?3, source = ?4, date = ?5, metadata = ?6, created = ?7, updated = ?8, \
    analysis_version = ?9, analysis = ?10 \
    WHERE name = ?1";
const SET_ANALYSIS: &str =
    "UPDATE documents SET analysis_version = ?2, analysis = ?3 WHERE name = ?1";

/// What the store writes of a document: the document and, if the caller has it, its stored
/// analysis ([`lede_corpus::Corpus::stored_analysis`]). A document written without one has
/// none stored (an update clears the old one), and is analysed at the next load.
///
/// Implemented for [`Document`] (no analysis), for pairs of a document and its analysis
/// (`(Document, StoredAnalysis)`, `(&Document, &StoredAnalysis)`, ...) and for references
/// to either.
pub trait Record {
    /// The document.
    fn document(&self) -> &Document;
    /// Its analysis, if there is one to store.
    fn analysis(&self) -> Option<&StoredAnalysis>;
}

impl Record for Document {
    fn document(&self) -> &Document {
        self
    }
    fn analysis(&self) -> Option<&StoredAnalysis> {
        None
    }
}

impl<D: Borrow<Document>, A: Borrow<StoredAnalysis>> Record for (D, A) {
    fn document(&self) -> &Document {
        self.0.borrow()
    }
    fn analysis(&self) -> Option<&StoredAnalysis> {
        Some(self.1.borrow())
    }
}

impl<R: Record + ?Sized> Record for &R {
    fn document(&self) -> &Document {
        (**self).document()
    }
    fn analysis(&self) -> Option<&StoredAnalysis> {
        (**self).analysis()
    }
}

/// The documents of a corpus, stored durably in SQLite (`DIR/lede.sqlite3`).
///
/// A store opened with [`open`](Self::open) reads and writes, and holds an exclusive lock on
/// `DIR/lede.lock` until it is dropped, so that two writers never share a directory; one
/// opened with [`open_read_only`](Self::open_read_only) takes no lock and can run beside
/// the writer (SQLite's write-ahead log lets readers see the last committed state).
///
/// Every write is one transaction, committed before the method returns (see the crate
/// docs for why it survives a crash).
#[derive(Debug)]
pub struct Store {
    // Declared before `lock` so that it is dropped (and the log checkpointed) before the
    // lock is released.
    connection: Connection,
    path: PathBuf,
    created: bool,
    /// The schema version of the file: [`SCHEMA_VERSION`], except for an older store opened
    /// read-only (which cannot be migrated).
    schema: i32,
    lock: Option<File>,
}

impl Store {
    /// Opens the store in `dir` for reading and writing, creating `dir` and the database if
    /// missing; when it creates the database it stores `initial` with the schema (a server
    /// passes its seed articles, `lede import` passes `&[]`).
    ///
    /// Only a directory without a database file gets a new store: an existing file is
    /// checked (`PRAGMA quick_check`) before it is used, and one that holds no store, even an
    /// empty one (0 bytes), is refused rather than seeded again, since it means that the
    /// documents it held are lost. A new store is written whole under a temporary name
    /// (`lede.sqlite3.new`) and renamed into place, so that a crash during the creation
    /// leaves no database file (and the next open creates it again).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if `dir` cannot be created or opened (it is a regular file, permission
    /// is denied); [`Error::Locked`] while another [`Store`] has `dir` open for writing, in
    /// this process or another; [`Error::NotAStore`] if the file is empty, is not an SQLite
    /// database, is damaged, belongs to another application or has a newer schema, or if
    /// there is a write-ahead log (`lede.sqlite3-wal`) but no database;
    /// [`Error::InvalidName`] or [`Error::AlreadyExists`] for a bad or repeated name in
    /// `initial` (nothing is created then); [`Error::Sqlite`] for anything else.
    pub fn open(dir: impl AsRef<Path>, initial: &[Document]) -> Result<Self, Error> {
        let dir = dir.as_ref();
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| Error::Io { path, source }
        };
        fs::create_dir_all(dir).map_err(io(dir))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Locked {
                    path: dir.to_owned(),
                });
            }
            Err(TryLockError::Error(source)) => return Err(io(&lock_path)(source)),
        }

        let path = dir.join(DATABASE_FILE);
        // The lock is held: no other lede process creates or removes the file meanwhile.
        let created = match fs::metadata(&path) {
            Ok(_) => false,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                create(dir, &path, initial)?;
                true
            }
            Err(source) => return Err(io(&path)(source)),
        };
        // No SQLITE_OPEN_CREATE: the file exists, and should it vanish, SQLite must not
        // make an empty one in its place.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&path, flags).map_err(sqlite(&path))?;
        let mut store = Self {
            connection,
            path,
            created,
            schema: SCHEMA_VERSION,
            lock: Some(lock),
        };
        store.configure()?;
        let header = store.header()?;
        store.check(header)?;
        store.migrate(header.user_version)?;
        // A new store is made in rollback mode (it is renamed into place, and a log would
        // not follow it); WAL mode is then a property of the file, and setting it again is a
        // no-op, which also keeps a store restored from a backup in rollback mode crash-safe
        // beside readers.
        store.set_wal()?;
        Ok(store)
    }

    /// Opens an existing store in `dir` for reading only. It takes no lock: readers may run
    /// beside the process that writes (a server), and see its last committed state.
    ///
    /// # Errors
    ///
    /// [`Error::Missing`] if there is no database in `dir` (or no `dir`);
    /// [`Error::NotAStore`] as for [`open`](Self::open); [`Error::Io`] if the database
    /// cannot be inspected; [`Error::Sqlite`] for anything else.
    pub fn open_read_only(dir: impl AsRef<Path>) -> Result<Self, Error> {
        let path = dir.as_ref().join(DATABASE_FILE);
        match fs::metadata(&path) {
            Ok(_) => {}
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(Error::Missing { path });
            }
            Err(source) => return Err(Error::Io { path, source }),
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&path, flags).map_err(sqlite(&path))?;
        let mut store = Self {
            connection,
            path,
            created: false,
            schema: SCHEMA_VERSION,
            lock: None,
        };
        store.configure()?;
        let header = store.header()?;
        store.check(header)?;
        store.schema = header.user_version;
        Ok(store)
    }

    /// Whether this [`open`](Self::open) created the database (and stored `initial`).
    #[must_use]
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many documents are stored.
    ///
    /// # Errors
    ///
    /// [`Error::Sqlite`] (or [`Error::NotAStore`] for a database damaged since it was opened).
    pub fn len(&self) -> Result<usize, Error> {
        let count: i64 = self
            .connection
            .query_row("SELECT count(*) FROM documents", [], |row| row.get(0))
            .map_err(sqlite(&self.path))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Whether no document is stored.
    ///
    /// # Errors
    ///
    /// As [`len`](Self::len).
    pub fn is_empty(&self) -> Result<bool, Error> {
        let any: bool = self
            .connection
            .query_row("SELECT EXISTS (SELECT 1 FROM documents)", [], |row| {
                row.get(0)
            })
            .map_err(sqlite(&self.path))?;
        Ok(!any)
    }

    /// Calls `each` with every stored document, in name order, one at a time (the store
    /// never holds them all in memory), and returns how many there were.
    ///
    /// # Errors
    ///
    /// As [`len`](Self::len); `each` has been called for the documents before the failure.
    pub fn for_each(&self, mut each: impl FnMut(Document)) -> Result<usize, Error> {
        let sql = format!("SELECT {COLUMNS} FROM documents ORDER BY name");
        let mut statement = self
            .connection
            .prepare_cached(&sql)
            .map_err(sqlite(&self.path))?;
        let mut rows = statement.query([]).map_err(sqlite(&self.path))?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(sqlite(&self.path))? {
            each(document_from_row(row).map_err(sqlite(&self.path))?);
            count += 1;
        }
        Ok(count)
    }

    /// Calls `each` with every stored document and its stored analysis (`None` if it has
    /// none: written without one, or stored before schema 2), in name order, one at a time,
    /// and returns how many there were: what loading a corpus reads
    /// ([`lede_corpus::Corpus::load`]).
    ///
    /// # Errors
    ///
    /// As [`len`](Self::len); `each` has been called for the documents before the failure.
    pub fn for_each_analysed(
        &self,
        mut each: impl FnMut(Document, Option<StoredAnalysis>),
    ) -> Result<usize, Error> {
        let analysis = if self.schema >= 2 {
            "analysis_version, analysis"
        } else {
            // A version-1 store opened read-only: no analyses yet.
            "NULL, NULL"
        };
        let sql = format!("SELECT {COLUMNS}, {analysis} FROM documents ORDER BY name");
        let mut statement = self
            .connection
            .prepare_cached(&sql)
            .map_err(sqlite(&self.path))?;
        let mut rows = statement.query([]).map_err(sqlite(&self.path))?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(sqlite(&self.path))? {
            let document = document_from_row(row).map_err(sqlite(&self.path))?;
            let version: Option<String> = row.get(8).map_err(sqlite(&self.path))?;
            let bytes: Option<Vec<u8>> = row.get(9).map_err(sqlite(&self.path))?;
            let analysis = version
                .zip(bytes)
                .map(|(version, bytes)| StoredAnalysis { version, bytes });
            each(document, analysis);
            count += 1;
        }
        Ok(count)
    }

    /// Stores `analyses` for the documents they name, in one transaction, and returns how
    /// many documents were found: what a load computed for documents whose stored analysis
    /// was missing, stale or invalid. The documents are not otherwise changed.
    ///
    /// An analysis stored beside a text it was not made from is detected when it is loaded
    /// (its checksum covers the text), so this needs no check that the text is unchanged.
    ///
    /// # Errors
    ///
    /// [`Error::Full`] without room to write, [`Error::Sqlite`] if the database cannot be
    /// written otherwise; nothing is stored then.
    pub fn set_analyses<N: AsRef<str>, A: Borrow<StoredAnalysis>>(
        &mut self,
        analyses: &[(N, A)],
    ) -> Result<usize, Error> {
        let transaction = self.transaction()?;
        let mut found = 0;
        {
            let mut statement = transaction
                .inner
                .prepare_cached(SET_ANALYSIS)
                .map_err(sqlite(transaction.path))?;
            for (name, analysis) in analyses {
                let analysis = analysis.borrow();
                found += statement
                    .execute(rusqlite::params![
                        name.as_ref(),
                        analysis.version,
                        analysis.bytes
                    ])
                    .map_err(sqlite(transaction.path))?;
            }
        }
        transaction.commit()?;
        Ok(found)
    }

    /// The stored document named `name`, if there is one.
    ///
    /// # Errors
    ///
    /// As [`len`](Self::len).
    pub fn get(&self, name: &str) -> Result<Option<Document>, Error> {
        let sql = format!("SELECT {COLUMNS} FROM documents WHERE name = ?1");
        let mut statement = self
            .connection
            .prepare_cached(&sql)
            .map_err(sqlite(&self.path))?;
        statement
            .query_row([name], document_from_row)
            .optional()
            .map_err(sqlite(&self.path))
    }

    /// Up to `limit` documents whose names come after `after` (exclusive; from the first
    /// when `None`), in name order, without their text (it is `""`): a page of a listing.
    /// The next page starts after the last name of this one.
    ///
    /// # Errors
    ///
    /// As [`len`](Self::len).
    pub fn list(&self, after: Option<&str>, limit: usize) -> Result<Vec<Document>, Error> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Two statements rather than `?1 IS NULL OR name > ?1`, which keeps SQLite from
        // seeking in the name index.
        match after {
            Some(after) => self.documents(
                &format!(
                    "SELECT {COLUMNS_WITHOUT_TEXT} FROM documents WHERE name > ?1 \
                     ORDER BY name LIMIT ?2"
                ),
                rusqlite::params![after, limit],
            ),
            None => self.documents(
                &format!("SELECT {COLUMNS_WITHOUT_TEXT} FROM documents ORDER BY name LIMIT ?1"),
                [limit],
            ),
        }
    }

    /// The documents a query of [`COLUMNS`] (or [`COLUMNS_WITHOUT_TEXT`]) selects.
    fn documents(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Document>, Error> {
        let mut statement = self
            .connection
            .prepare_cached(sql)
            .map_err(sqlite(&self.path))?;
        let rows = statement
            .query_map(params, document_from_row)
            .map_err(sqlite(&self.path))?;
        rows.collect::<Result<_, _>>().map_err(sqlite(&self.path))
    }

    /// Stores all of `documents` in one transaction, or none of them.
    ///
    /// # Errors
    ///
    /// [`Error::AlreadyExists`] for the first document whose name is taken or repeated in
    /// `documents`; [`Error::InvalidName`] for the first name no corpus would accept;
    /// [`Error::Full`] without room to write; [`Error::Sqlite`] if the database cannot be
    /// written otherwise. The store is unchanged after any error.
    pub fn insert<R: Record>(&mut self, documents: &[R]) -> Result<(), Error> {
        let mut transaction = self.transaction()?;
        transaction.insert(documents)?;
        transaction.commit()
    }

    /// Stores those of `documents` whose names are free (in one transaction), and returns
    /// how many it stored; a document whose name is taken, or repeats that of an earlier
    /// document of `documents`, is skipped.
    ///
    /// # Errors
    ///
    /// As [`insert`](Self::insert), except that taken names are not an error.
    pub fn insert_new<R: Record>(&mut self, documents: &[R]) -> Result<usize, Error> {
        let mut transaction = self.transaction()?;
        let stored = transaction.insert_new(documents)?;
        transaction.commit()?;
        Ok(stored)
    }

    /// Replaces the stored document named `document.name` with `document`, and its stored
    /// analysis with the record's (none if it has none), in one statement.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if no document has that name; [`Error::Full`] without room to
    /// write (a delete may need some, for the log); [`Error::Sqlite`] if the database cannot
    /// be written otherwise.
    pub fn update(&mut self, record: &impl Record) -> Result<(), Error> {
        let document = record.document();
        let row = DocumentRow::new(record).map_err(sqlite(&self.path))?;
        let changed = self
            .connection
            .prepare_cached(UPDATE)
            .and_then(|mut statement| row.execute(&mut statement))
            .map_err(sqlite(&self.path))?;
        if changed == 0 {
            return Err(Error::NotFound {
                name: document.name.clone(),
            });
        }
        Ok(())
    }

    /// Deletes the document named `name`, and its stored analysis with it (the same row).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if no document has that name; [`Error::Full`] without room to
    /// write (a delete may need some, for the log); [`Error::Sqlite`] if the database cannot
    /// be written otherwise.
    pub fn delete(&mut self, name: &str) -> Result<(), Error> {
        let changed = self
            .connection
            .prepare_cached("DELETE FROM documents WHERE name = ?1")
            .and_then(|mut statement| statement.execute([name]))
            .map_err(sqlite(&self.path))?;
        if changed == 0 {
            return Err(Error::NotFound {
                name: name.to_owned(),
            });
        }
        Ok(())
    }

    /// Starts a write transaction: several batches of inserts that are committed together
    /// (or not at all), e.g. to report progress during a large import. Nothing is stored
    /// until [`Transaction::commit`]; dropping the transaction discards it.
    ///
    /// ```
    /// use lede_corpus::Document;
    /// use lede_store::Store;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let mut store = Store::open(dir.path(), &[])?;
    /// let mut transaction = store.transaction()?;
    /// transaction.insert(&[Document::new("a", "First.")])?;
    /// transaction.insert(&[Document::new("b", "Second.")])?;
    /// transaction.commit()?;
    /// assert_eq!(store.len()?, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Sqlite`] if the transaction cannot start.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, Error> {
        // Immediate: take SQLite's write lock now rather than at the first write, so that a
        // conflict shows at once instead of after work was done.
        let inner = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite(&self.path))?;
        Ok(Transaction {
            inner,
            path: &self.path,
        })
    }

    /// Applies the per-connection settings.
    fn configure(&self) -> Result<(), Error> {
        self.connection
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(sqlite(&self.path))?;
        if self.lock.is_some() {
            // FULL: in WAL mode, the log is synced at every commit, so a committed write
            // survives a crash of the process and a power loss; NORMAL would only sync at
            // checkpoints, and could lose the last commits on power loss.
            self.connection
                .pragma_update(None, "synchronous", "FULL")
                .map_err(sqlite(&self.path))?;
        }
        Ok(())
    }

    /// What the database file says of itself; the first read of the file, so that a file
    /// that is not a database fails here.
    fn header(&self) -> Result<Header, Error> {
        let read = |connection: &Connection| -> rusqlite::Result<Header> {
            Ok(Header {
                application_id: connection
                    .pragma_query_value(None, "application_id", |row| row.get(0))?,
                user_version: connection
                    .pragma_query_value(None, "user_version", |row| row.get(0))?,
                tables: connection
                    .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?,
            })
        };
        read(&self.connection).map_err(sqlite(&self.path))
    }

    /// Checks that an existing database is a lede store of a schema this build knows, and
    /// that it is not damaged.
    fn check(&self, header: Header) -> Result<(), Error> {
        let not_a_store = |reason: String| Error::NotAStore {
            path: self.path.clone(),
            reason,
        };
        if header.is_empty() {
            // Stores are created whole (see `create`), so an empty file is one whose
            // documents are lost: seeding it again would hide that.
            let empty = fs::metadata(&self.path).is_ok_and(|metadata| metadata.len() == 0);
            return Err(not_a_store(format!(
                "it is {}, so whatever it held is lost: remove it to start a new, seeded store, \
                 or restore it from a backup",
                if empty {
                    "empty (0 bytes)"
                } else {
                    "an SQLite database without lede's tables"
                }
            )));
        }
        if header.application_id != APPLICATION_ID {
            return Err(not_a_store(format!(
                "it is an SQLite database of another application (application id {:#x})",
                header.application_id
            )));
        }
        if header.user_version > SCHEMA_VERSION {
            return Err(not_a_store(format!(
                "its schema version {} is newer than the {SCHEMA_VERSION} this lede supports \
                 (upgrade lede)",
                header.user_version
            )));
        }
        if header.user_version < 1 {
            return Err(not_a_store(format!(
                "its schema version {} is not one lede ever wrote",
                header.user_version
            )));
        }
        // quick_check reads every page (O(size), not O(size log size) as integrity_check),
        // which finds truncation and most damage before any document is trusted.
        let first: String = self
            .connection
            .pragma_query_value(None, "quick_check", |row| row.get(0))
            .map_err(sqlite(&self.path))?;
        if first != "ok" {
            return Err(not_a_store(format!("it is damaged ({first})")));
        }
        Ok(())
    }

    /// Takes a database of an older schema `from` to [`SCHEMA_VERSION`], in one transaction
    /// (a crash leaves it as it was, and the next open migrates again).
    fn migrate(&mut self, from: i32) -> Result<(), Error> {
        if from >= SCHEMA_VERSION {
            return Ok(());
        }
        let transaction = self.transaction()?;
        let mut steps = Vec::new();
        if from < 2 {
            steps.push(MIGRATE_1_TO_2);
        }
        for step in steps {
            transaction
                .inner
                .execute_batch(step)
                .map_err(sqlite(transaction.path))?;
        }
        transaction
            .inner
            .pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(sqlite(transaction.path))?;
        transaction.commit()
    }

    /// Caps the size of the database file at about `bytes` (whole pages) for as long as this
    /// store is open, and returns the cap in effect: a write that would grow the file beyond
    /// it fails with [`Error::Full`], as on a full disk, and stores nothing. The cap is never
    /// below the file's current size (SQLite keeps what it has), and is not kept in the file.
    /// Tests use it to see what a full disk does; an operator can use it to keep a store
    /// within a quota.
    ///
    /// ```
    /// use lede_corpus::Document;
    /// use lede_store::{Error, Store};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let mut store = Store::open(dir.path(), &[])?;
    /// store.set_size_limit(64 * 1024)?;
    /// let large = Document::new("large", "word ".repeat(100_000));
    /// assert!(matches!(store.insert(&[large]), Err(Error::Full { .. })));
    /// store.insert(&[Document::new("small", "A few words.")])?;
    /// assert_eq!(store.len()?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Sqlite`] if SQLite refuses the setting.
    pub fn set_size_limit(&mut self, bytes: u64) -> Result<u64, Error> {
        let page_size: i64 = self
            .connection
            .pragma_query_value(None, "page_size", |row| row.get(0))
            .map_err(sqlite(&self.path))?;
        let page_size = u64::try_from(page_size).unwrap_or(4096).max(1);
        let pages = i64::try_from(bytes / page_size).unwrap_or(i64::MAX).max(1);
        let set: i64 = self
            .connection
            .pragma_update_and_check(None, "max_page_count", pages, |row| row.get(0))
            .map_err(sqlite(&self.path))?;
        Ok(u64::try_from(set).unwrap_or(0).saturating_mul(page_size))
    }

    /// The schema version of the database file: [`SCHEMA_VERSION`] once opened for writing
    /// (an older store is migrated), an older one for an older store opened read-only.
    #[must_use]
    pub fn schema_version(&self) -> i32 {
        self.schema
    }

    /// Puts the database in WAL mode (readers beside the writer, one sync per commit).
    fn set_wal(&self) -> Result<(), Error> {
        let mode: String = self
            .connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(sqlite(&self.path))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Sqlite {
                path: self.path.clone(),
                source: rusqlite::Error::ToSqlConversionFailure(
                    format!("cannot use write-ahead logging (journal mode is {mode})").into(),
                ),
            });
        }
        Ok(())
    }
}

/// The temporary name of a database being created, beside [`DATABASE_FILE`].
const CREATING_FILE: &str = "lede.sqlite3.new";

/// Creates the database `path` in `dir` (which the caller has locked) with the schema and
/// `initial`: written and synced under [`CREATING_FILE`], then renamed, so that `path`
/// either does not exist or holds a whole store, whatever crashes when. The file is in
/// rollback mode, its journal in memory: a journal on disk would be left behind by the
/// rename, and one left by a crash could be applied to the wrong file.
fn create(dir: &Path, path: &Path, initial: &[Document]) -> Result<(), Error> {
    let io = |at: &Path| {
        let at = at.to_owned();
        move |source| Error::Io { path: at, source }
    };
    // SQLite would replay a log left by a removed database into the new one.
    let wal = dir.join(format!("{DATABASE_FILE}-wal"));
    if fs::metadata(&wal).is_ok_and(|metadata| metadata.len() > 0) {
        return Err(Error::NotAStore {
            path: wal,
            reason: format!(
                "it is the write-ahead log of a {DATABASE_FILE} that is gone: remove it (and \
                 {DATABASE_FILE}-shm) to start a new store, or restore {DATABASE_FILE} from a \
                 backup"
            ),
        });
    }
    let temporary = dir.join(CREATING_FILE);
    // What a creation that did not finish left.
    match fs::remove_file(&temporary) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(io(&temporary)(error));
        }
        _ => {}
    }
    let written = write_new(&temporary, path, initial).and_then(|()| {
        File::open(&temporary)
            .and_then(|file| file.sync_all())
            .map_err(io(&temporary))
    });
    if let Err(error) = written {
        // Nothing was created; the file would only be removed at the next creation.
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    fs::rename(&temporary, path).map_err(io(path))?;
    // The rename is durable once the directory is synced (Unix; elsewhere a directory
    // cannot be opened, and the rename is as durable as the system makes it).
    #[cfg(unix)]
    File::open(dir)
        .and_then(|directory| directory.sync_all())
        .map_err(io(dir))?;
    Ok(())
}

/// Writes a new database at `temporary`: schema, identity and `initial`, in one transaction.
/// Errors name `path`, the database the caller knows of.
fn write_new(temporary: &Path, path: &Path, initial: &[Document]) -> Result<(), Error> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut connection = Connection::open_with_flags(temporary, flags).map_err(sqlite(path))?;
    let mode: String = connection
        .pragma_update_and_check(None, "journal_mode", "MEMORY", |row| row.get(0))
        .map_err(sqlite(path))?;
    debug_assert!(mode.eq_ignore_ascii_case("memory"), "{mode}");
    let mut transaction = Transaction {
        inner: connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite(path))?,
        path,
    };
    transaction
        .inner
        .execute_batch(SCHEMA)
        .and_then(|()| {
            transaction
                .inner
                .pragma_update(None, "application_id", APPLICATION_ID)
        })
        .and_then(|()| {
            transaction
                .inner
                .pragma_update(None, "user_version", SCHEMA_VERSION)
        })
        .map_err(sqlite(path))?;
    transaction.insert(initial)?;
    transaction.commit()?;
    connection.close().map_err(|(_, error)| sqlite(path)(error))
}

/// A write transaction on a [`Store`] ([`Store::transaction`]): inserts that become visible
/// and durable together at [`commit`](Self::commit), and are discarded if it is dropped
/// instead.
#[derive(Debug)]
pub struct Transaction<'a> {
    inner: rusqlite::Transaction<'a>,
    path: &'a Path,
}

impl Transaction<'_> {
    /// Adds all of `documents` to the transaction.
    ///
    /// # Errors
    ///
    /// As [`Store::insert`]; after an error the transaction should be dropped, which
    /// discards everything it did.
    pub fn insert<R: Record>(&mut self, documents: &[R]) -> Result<(), Error> {
        let mut statement = self
            .inner
            .prepare_cached(INSERT)
            .map_err(sqlite(self.path))?;
        for record in documents {
            let document = record.document();
            let row = DocumentRow::new(record).map_err(sqlite(self.path))?;
            if let Err(error) = row.execute(&mut statement) {
                if error.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) {
                    return Err(Error::AlreadyExists {
                        name: document.name.clone(),
                    });
                }
                return Err(sqlite(self.path)(error));
            }
        }
        Ok(())
    }

    /// Adds those of `documents` whose names are free (neither stored nor added earlier in
    /// this transaction), and returns how many.
    ///
    /// # Errors
    ///
    /// As [`Store::insert_new`].
    pub fn insert_new<R: Record>(&mut self, documents: &[R]) -> Result<usize, Error> {
        let mut statement = self
            .inner
            .prepare_cached(INSERT_NEW)
            .map_err(sqlite(self.path))?;
        let mut stored = 0;
        for record in documents {
            let row = DocumentRow::new(record).map_err(sqlite(self.path))?;
            stored += row.execute(&mut statement).map_err(sqlite(self.path))?;
        }
        Ok(stored)
    }

    /// Makes everything the transaction did visible and durable.
    ///
    /// # Errors
    ///
    /// [`Error::Full`] without room to write, [`Error::Sqlite`] if the commit fails otherwise;
    /// nothing is stored then.
    pub fn commit(self) -> Result<(), Error> {
        self.inner.commit().map_err(sqlite(self.path))
    }
}

/// The store-level facts of a database file.
#[derive(Debug, Clone, Copy)]
struct Header {
    application_id: i32,
    user_version: i32,
    tables: i64,
}

impl Header {
    /// Whether the file holds no schema: 0 bytes, or an SQLite database without tables (an
    /// older lede's creation that did not commit could leave one; ours never does).
    fn is_empty(self) -> bool {
        self.application_id == 0 && self.user_version == 0 && self.tables == 0
    }
}

/// Maps an SQLite error about `path` to [`Error`]: a file that is not a database or is
/// damaged is [`Error::NotAStore`], no room to write [`Error::Full`], everything else
/// [`Error::Sqlite`].
/// An invalid name, carried out of [`DocumentRow::new`] in rusqlite's error, is
/// [`Error::InvalidName`].
fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |source| match source {
        rusqlite::Error::ToSqlConversionFailure(inner) if inner.is::<NameError>() => {
            match inner.downcast::<NameError>() {
                Ok(name) => Error::InvalidName {
                    name: name.name,
                    reason: name.reason,
                },
                Err(inner) => Error::Sqlite {
                    path: path.to_owned(),
                    source: rusqlite::Error::ToSqlConversionFailure(inner),
                },
            }
        }
        source => match source.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::Full {
                path: path.to_owned(),
            },
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::NotAStore {
                path: path.to_owned(),
                reason: source.to_string(),
            },
            _ => Error::Sqlite {
                path: path.to_owned(),
                source,
            },
        },
    }
}

/// A document's values as the store writes them.
struct DocumentRow<'a> {
    document: &'a Document,
    analysis: Option<&'a StoredAnalysis>,
    metadata: String,
    created: Option<i64>,
    updated: Option<i64>,
}

impl<'a> DocumentRow<'a> {
    fn new(record: &'a (impl Record + ?Sized)) -> rusqlite::Result<Self> {
        let document = record.document();
        if let Err(reason) = document.validate() {
            // Carried through rusqlite's error so that every caller maps one error type;
            // `sqlite` brings it back out as `Error::InvalidName`.
            return Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                NameError {
                    name: document.name.clone(),
                    reason,
                },
            )));
        }
        let metadata = crate::encoding::metadata_json(&document.metadata);
        Ok(Self {
            document,
            analysis: record.analysis(),
            metadata,
            created: document.created.map(micros).transpose()?,
            updated: document.updated.map(micros).transpose()?,
        })
    }

    /// Runs `statement` (of [`INSERT`], [`INSERT_NEW`] or [`UPDATE`]) for this row, and
    /// returns how many rows it changed.
    fn execute(&self, statement: &mut rusqlite::Statement<'_>) -> rusqlite::Result<usize> {
        let document = self.document;
        statement.execute(rusqlite::params![
            document.name,
            document.title,
            document.text,
            document.source,
            document.date,
            self.metadata,
            self.created,
            self.updated,
            self.analysis.map(|analysis| analysis.version.as_str()),
            self.analysis.map(|analysis| analysis.bytes.as_slice()),
        ])
    }
}

/// A name no corpus would accept, on its way through rusqlite's error type.
#[derive(Debug, thiserror::Error)]
#[error("invalid document name {name:?}: {reason}")]
struct NameError {
    name: String,
    reason: &'static str,
}

/// `time` as whole microseconds since the Unix epoch, rounded toward the past.
fn micros(time: SystemTime) -> rusqlite::Result<i64> {
    crate::encoding::micros(time).ok_or_else(|| {
        rusqlite::Error::ToSqlConversionFailure("a time too far from 1970 to store".into())
    })
}

/// A document from a row of [`COLUMNS`] (or [`COLUMNS_WITHOUT_TEXT`]).
fn document_from_row(row: &Row<'_>) -> rusqlite::Result<Document> {
    let time = |index: usize| -> rusqlite::Result<Option<SystemTime>> {
        row.get::<_, Option<i64>>(index)?
            .map(|micros| {
                time_from_micros(micros).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        index,
                        rusqlite::types::Type::Integer,
                        "a time this system cannot represent".into(),
                    )
                })
            })
            .transpose()
    };
    let metadata: String = row.get(5)?;
    let metadata = crate::encoding::metadata_from_json(&metadata).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(error))
    })?;
    let mut document = Document::new(row.get::<_, String>(0)?, row.get::<_, String>(2)?);
    document.title = row.get(1)?;
    document.source = row.get(3)?;
    document.date = row.get(4)?;
    document.metadata = metadata;
    document.created = time(6)?;
    document.updated = time(7)?;
    Ok(document)
}
