//! PostgreSQL: the store several servers share, with the change log they follow.
//!
//! # Schema
//!
//! Three tables, prefixed `lede_` so that they can live in a database shared with other
//! applications:
//!
//! * `lede_documents`: one row per document, the columns of the SQLite store, plus
//!   `written`, the sequence of the write that stored the row.
//! * `lede_changes`: `(seq, name)` for every document every write touched.
//! * `lede_log`: one row: the schema version, `last_seq` (the last write's sequence) and
//!   `trimmed_through` (changes up to it may be gone from `lede_changes`).
//!
//! # Why sequences are gapless and in commit order
//!
//! Every write transaction starts by incrementing `lede_log.last_seq` (`UPDATE … RETURNING`),
//! which locks that one row until the transaction ends. Writes through every server are
//! therefore serialised at that row: a write's sequence is assigned under the lock, so the
//! order of sequences is the order of commits, and a rolled-back write gives its number
//! back. A follower that has read the log through `s` can never later see a commit with a
//! smaller sequence, which a `BIGSERIAL` (numbers taken before commit, in any order) would
//! allow. The price is that writes to one database commit one at a time; a commit is a
//! round trip and an fsync, so that is hundreds to thousands of writes a second, and a
//! batch counts as one write.
//!
//! Checks that need the lock (is a name taken?) are made after taking it, so they are exact
//! across servers.

use std::collections::{HashMap, HashSet};
use std::str::FromStr as _;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use lede_corpus::{Document, StoredAnalysis};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator as _;
use postgres::types::ToSql;
use postgres::{Client, Config, IsolationLevel, NoTls, Portal, Statement};

use crate::Error;
use crate::backend::{Backend, Change, Changes, CurrentRow, Edited, Follower, Row, Sequence};
use crate::encoding::{metadata_from_json, metadata_json, micros, time_from_micros};

/// The schema version this build writes (`lede_log.schema_version`); [`PgStore::open`]
/// migrates older ones forward, one migration per version.
pub const PG_SCHEMA_VERSION: i32 = 1;

/// Migration `i` takes schema `i` to `i + 1` (schema 0: no lede tables).
const MIGRATIONS: [&str; 1] = ["
CREATE TABLE lede_documents (
    name     TEXT COLLATE \"C\" PRIMARY KEY, -- byte order: Rust's str order, the corpus's
    title    TEXT,
    text     TEXT NOT NULL,
    source   TEXT,
    date     TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',     -- a JSON object of strings
    created  BIGINT,                         -- microseconds since the Unix epoch
    updated  BIGINT,
    analysis_version TEXT,
    analysis BYTEA,
    written  BIGINT NOT NULL                 -- the sequence of the write that stored the row
);
CREATE TABLE lede_changes (
    seq  BIGINT NOT NULL,
    name TEXT COLLATE \"C\" NOT NULL,
    PRIMARY KEY (seq, name)
);
CREATE TABLE lede_log (
    one             BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    schema_version  INTEGER NOT NULL,
    last_seq        BIGINT NOT NULL,
    trimmed_through BIGINT NOT NULL
);
INSERT INTO lede_log (schema_version, last_seq, trimmed_through) VALUES (0, 0, 0);
"];

/// The key of the session advisory lock that serialises opening (creating, migrating) the
/// store: "lede" in ASCII.
const OPEN_LOCK: i64 = 0x6C65_6465;

/// The channel a commit notifies, so that followers wake at once instead of at their next
/// poll.
const CHANNEL: &str = "lede_changes";

/// The columns of a document row, in the order [`current_row`] reads them.
const COLUMNS: &str = "d.name, d.title, d.text, d.source, d.date, d.metadata, d.created, \
     d.updated, d.analysis_version, d.analysis, d.written";

/// About the most documents one read of the change log returns (see `changes`).
const MAX_FOLLOWED_ROWS: i64 = 4_000;

/// How many rows one insert statement carries (as arrays).
const INSERT_CHUNK: usize = 500;

/// How a [`PgStore`] connects and how much of the log it keeps.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// Idle connections kept for reuse (more are opened when requests need them).
    pub pool_size: usize,
    /// How many writes of the change log to keep. A follower further behind than this
    /// reloads a snapshot of the whole corpus instead of reading the log.
    pub retain_changes: u64,
    /// How long connecting may take.
    pub connect_timeout: Duration,
}

impl Default for PgOptions {
    fn default() -> Self {
        Self {
            pool_size: 8,
            retain_changes: 100_000,
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// The documents of a corpus in PostgreSQL, shared by any number of servers, each of which
/// follows the change log ([`Backend::follow`]).
pub struct PgStore {
    config: Config,
    location: String,
    options: PgOptions,
    idle: Mutex<Vec<Connection>>,
    created: bool,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the config: it holds the password.
        formatter
            .debug_struct("PgStore")
            .field("location", &self.location)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database `url` names (`postgres://user:password@host:port/database`
    /// or `host=… dbname=…`), creates lede's tables with `initial` documents if it has
    /// none, or migrates them to [`PG_SCHEMA_VERSION`]. Servers starting at once are
    /// serialised by an advisory lock, so exactly one creates the tables.
    ///
    /// # Errors
    ///
    /// [`Error::Unusable`] for a URL that cannot be parsed or tables of a newer lede;
    /// [`Error::Unavailable`] if the database cannot be reached; [`Error::Postgres`] for
    /// any other failure.
    pub fn open(url: &str, initial: &[Document], options: PgOptions) -> Result<Self, Error> {
        let mut config = Config::from_str(url).map_err(|error| Error::Unusable {
            location: "the PostgreSQL URL".to_owned(),
            reason: format!("it cannot be parsed: {error}"),
        })?;
        if config.get_application_name().is_none() {
            config.application_name("lede");
        }
        config.connect_timeout(options.connect_timeout);
        let location = describe(&config);
        let mut store = Self {
            config,
            location,
            options,
            idle: Mutex::new(Vec::new()),
            created: false,
        };
        let mut client = store.connect()?;
        store.created = store.prepare_schema(&mut client, initial)?;
        store.give_back(client);
        Ok(store)
    }

    fn connect(&self) -> Result<Connection, Error> {
        let client = self
            .config
            .connect(NoTls)
            .map_err(|error| self.error(error))?;
        Ok(Connection::new(client))
    }

    /// A connection of the pool, or a new one.
    fn take(&self) -> Result<Connection, Error> {
        loop {
            let idle = self
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop();
            match idle {
                Some(connection) if connection.client.is_closed() => {}
                Some(connection) => return Ok(connection),
                None => return self.connect(),
            }
        }
    }

    fn give_back(&self, connection: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if !connection.client.is_closed() && idle.len() < self.options.pool_size {
            idle.push(connection);
        }
    }

    /// Runs `work` on a pooled connection, which goes back to the pool unless it broke.
    fn with_client<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut client = self.take()?;
        let result = work(&mut client);
        self.give_back(client);
        result
    }

    fn error(&self, error: postgres::Error) -> Error {
        pg_error(&self.location, error)
    }

    /// Creates or migrates the tables; `true` if it created them.
    fn prepare_schema(
        &self,
        connection: &mut Connection,
        initial: &[Document],
    ) -> Result<bool, Error> {
        let e = |error| self.error(error);
        connection
            .client
            .execute("SELECT pg_advisory_lock($1)", &[&OPEN_LOCK])
            .map_err(e)?;
        let result = self.migrate(connection, initial);
        // The lock is the session's: released here, or when the connection closes.
        let unlocked = connection
            .client
            .execute("SELECT pg_advisory_unlock($1)", &[&OPEN_LOCK]);
        let created = result?;
        unlocked.map_err(e)?;
        Ok(created)
    }

    fn migrate(&self, connection: &mut Connection, initial: &[Document]) -> Result<bool, Error> {
        let e = |error| self.error(error);
        let client = &mut connection.client;
        let exists: bool = client
            .query_one("SELECT to_regclass('lede_log') IS NOT NULL", &[])
            .map_err(e)?
            .get(0);
        let mut version = if exists {
            client
                .query_one("SELECT schema_version FROM lede_log", &[])
                .map_err(e)?
                .get::<_, i32>(0)
        } else {
            0
        };
        if version > PG_SCHEMA_VERSION {
            return Err(Error::Unusable {
                location: self.location.clone(),
                reason: format!(
                    "its lede tables are of schema {version}, newer than this lede's \
                     ({PG_SCHEMA_VERSION}): upgrade lede"
                ),
            });
        }
        let created = version == 0;
        while version < PG_SCHEMA_VERSION {
            let index = usize::try_from(version).unwrap_or(usize::MAX);
            let Some(migration) = MIGRATIONS.get(index) else {
                break;
            };
            let mut transaction = client.transaction().map_err(e)?;
            transaction.batch_execute(migration).map_err(e)?;
            version += 1;
            transaction
                .execute("UPDATE lede_log SET schema_version = $1", &[&version])
                .map_err(e)?;
            transaction.commit().map_err(e)?;
        }
        if created && !initial.is_empty() {
            let rows: Vec<Row<'_>> = initial.iter().map(|document| (document, None)).collect();
            self.write(connection, |transaction, sequence| {
                insert_rows(transaction, &rows, sequence, &self.location)
            })?;
        }
        Ok(created)
    }

    /// Runs one logged write: takes the next sequence (locking the log row, see the module
    /// docs), lets `write` change the documents and name them, records the changes, trims
    /// the log, notifies followers and commits.
    fn write(
        &self,
        connection: &mut Connection,
        write: impl FnOnce(&mut Tx<'_>, i64) -> Result<Vec<String>, Error>,
    ) -> Result<Sequence, Error> {
        let e = |error| self.error(error);
        let mut transaction = connection.transaction().map_err(e)?;
        let retain = i64::try_from(self.options.retain_changes.max(1)).unwrap_or(i64::MAX);
        let row = transaction
            .query_one(
                "UPDATE lede_log SET last_seq = last_seq + 1, \
                 trimmed_through = GREATEST(trimmed_through, last_seq + 1 - $1) \
                 RETURNING last_seq, trimmed_through",
                &[&retain],
            )
            .map_err(e)?;
        let (sequence, trimmed): (i64, i64) = (row.get(0), row.get(1));
        let names = write(&mut transaction, sequence)?;
        transaction
            .execute(
                "INSERT INTO lede_changes (seq, name) SELECT $1, unnest($2::text[])",
                &[&sequence, &names],
            )
            .map_err(e)?;
        transaction
            .execute("DELETE FROM lede_changes WHERE seq <= $1", &[&trimmed])
            .map_err(e)?;
        transaction
            .execute(
                "SELECT pg_notify($1, $2)",
                &[&CHANNEL, &sequence.to_string()],
            )
            .map_err(e)?;
        transaction.commit().map_err(e)?;
        Ok(u64::try_from(sequence).unwrap_or(0))
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(PoisonError::into_inner));
        drop_off_runtime(idle);
    }
}

/// Drops `value` (connections) on a thread of its own: closing a synchronous client runs a
/// runtime of its own, which panics on a thread that drives an async runtime, as the
/// server's last owner of a store may be.
fn drop_off_runtime<T: Send + 'static>(value: T) {
    // A panic while closing is the only failure, and there is nothing to do about it.
    let _closed = std::thread::spawn(move || drop(value)).join();
}

impl Backend for PgStore {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn was_created(&self) -> bool {
        self.created
    }

    fn load(
        &self,
        each: &mut dyn FnMut(Document, Option<StoredAnalysis>),
    ) -> Result<Sequence, Error> {
        self.with_client(|client| snapshot(client, &self.location, each))
    }

    fn set_analyses(&self, analyses: &[(&str, &StoredAnalysis)]) -> Result<usize, Error> {
        self.with_client(|client| {
            let e = |error| self.error(error);
            let mut found = 0;
            let mut transaction = client.transaction().map_err(e)?;
            for chunk in analyses.chunks(INSERT_CHUNK) {
                let names: Vec<&str> = chunk.iter().map(|(name, _)| *name).collect();
                let versions: Vec<&str> = chunk.iter().map(|(_, a)| a.version.as_str()).collect();
                let bytes: Vec<&[u8]> = chunk.iter().map(|(_, a)| a.bytes.as_slice()).collect();
                // Not a logged write: the text is unchanged, and followers analyse what they
                // read without it anyway.
                found += transaction
                    .execute(
                        "UPDATE lede_documents AS d SET analysis_version = u.v, analysis = u.b \
                         FROM unnest($1::text[], $2::text[], $3::bytea[]) AS u(n, v, b) \
                         WHERE d.name = u.n",
                        &[&names, &versions, &bytes],
                    )
                    .map_err(e)?;
            }
            transaction.commit().map_err(e)?;
            Ok(usize::try_from(found).unwrap_or(usize::MAX))
        })
    }

    fn insert(&self, rows: &[Row<'_>]) -> Result<Sequence, Error> {
        let mut names = HashSet::with_capacity(rows.len());
        for (document, _) in rows {
            check_row(document)?;
            if !names.insert(document.name.as_str()) {
                return Err(Error::AlreadyExists {
                    name: document.name.clone(),
                });
            }
        }
        self.with_client(|client| {
            self.write(client, |transaction, sequence| {
                insert_rows(transaction, rows, sequence, &self.location)
            })
        })
    }

    fn update(
        &self,
        name: &str,
        edit: &mut dyn FnMut(Document) -> Edited,
    ) -> Result<Sequence, Error> {
        self.with_client(|client| {
            self.write(client, |transaction, sequence| {
                let e = |error| pg_error(&self.location, error);
                let found = transaction
                    .query_opt(
                        &format!("SELECT {COLUMNS} FROM lede_documents d WHERE d.name = $1"),
                        &[&name],
                    )
                    .map_err(e)?;
                let Some(found) = found else {
                    return Err(Error::NotFound {
                        name: name.to_owned(),
                    });
                };
                let stored = current_row(&found, 0, &self.location)?.document;
                let (document, analysis) = edit(stored).ok_or(Error::Aborted)?;
                check_row(&document)?;
                let values = Values::new(&document)?;
                let version = analysis.as_ref().map(|a| a.version.as_str());
                let bytes = analysis.as_ref().map(|a| a.bytes.as_slice());
                transaction
                    .execute(
                        "UPDATE lede_documents SET title = $2, text = $3, source = $4, \
                         date = $5, metadata = $6, created = $7, updated = $8, \
                         analysis_version = $9, analysis = $10, written = $11 WHERE name = $1",
                        &[
                            &name,
                            &document.title,
                            &document.text,
                            &document.source,
                            &document.date,
                            &values.metadata,
                            &values.created,
                            &values.updated,
                            &version,
                            &bytes,
                            &sequence,
                        ],
                    )
                    .map_err(e)?;
                Ok(vec![name.to_owned()])
            })
        })
    }

    fn delete(&self, name: &str) -> Result<Sequence, Error> {
        self.with_client(|client| {
            self.write(client, |transaction, _| {
                let deleted = transaction
                    .execute("DELETE FROM lede_documents WHERE name = $1", &[&name])
                    .map_err(|error| pg_error(&self.location, error))?;
                if deleted == 0 {
                    return Err(Error::NotFound {
                        name: name.to_owned(),
                    });
                }
                Ok(vec![name.to_owned()])
            })
        })
    }

    fn follow(&self) -> Result<Option<Box<dyn Follower>>, Error> {
        let mut follower = PgFollower {
            config: self.config.clone(),
            location: self.location.clone(),
            client: None,
        };
        follower.client()?;
        Ok(Some(Box::new(follower)))
    }
}

/// A follower of the change log, on a connection of its own that LISTENs to the channel.
struct PgFollower {
    config: Config,
    location: String,
    /// `None` after the connection was lost, until the next call reconnects.
    client: Option<Connection>,
}

impl std::fmt::Debug for PgFollower {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("PgFollower")
            .field("location", &self.location)
            .field("connected", &self.client.is_some())
            .finish_non_exhaustive()
    }
}

impl Drop for PgFollower {
    fn drop(&mut self) {
        drop_off_runtime(self.client.take());
    }
}

impl PgFollower {
    /// The connection, made (and listening) again if it was lost.
    fn client(&mut self) -> Result<&mut Connection, Error> {
        if self.client.as_ref().is_some_and(|c| c.client.is_closed()) {
            self.client = None;
        }
        let client = match self.client.take() {
            Some(client) => client,
            None => {
                let mut client = self
                    .config
                    .connect(NoTls)
                    .map_err(|error| pg_error(&self.location, error))?;
                client
                    .batch_execute(&format!("LISTEN {CHANNEL}"))
                    .map_err(|error| pg_error(&self.location, error))?;
                Connection::new(client)
            }
        };
        Ok(self.client.insert(client))
    }

    /// Runs `work` on the connection, dropping it if the work found it broken.
    fn run<T>(
        &mut self,
        work: impl FnOnce(&mut Connection, &str) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let location = self.location.clone();
        let client = self.client()?;
        let result = work(client, &location);
        if matches!(result, Err(Error::Unavailable { .. })) {
            self.client = None;
        }
        result
    }
}

impl Follower for PgFollower {
    fn changes(&mut self, after: Sequence, limit: u64) -> Result<Changes, Error> {
        self.run(|client, location| {
            let e = |error| pg_error(location, error);
            let mut transaction = client.snapshot().map_err(e)?;
            let log = transaction
                .query_one("SELECT last_seq, trimmed_through FROM lede_log", &[])
                .map_err(e)?;
            let (last, trimmed): (i64, i64) = (log.get(0), log.get(1));
            let after_i = i64::try_from(after).unwrap_or(i64::MAX);
            if trimmed > after_i {
                return Ok(Changes::Trimmed {
                    through: u64::try_from(trimmed).unwrap_or(0),
                });
            }
            let limit = i64::try_from(limit.max(1)).unwrap_or(i64::MAX);
            let mut through = last.min(after_i.saturating_add(limit));
            // Whole sequences only, and no more documents than MAX_FOLLOWED_ROWS (but one
            // sequence at least, whatever its size): a follower catching up after large
            // batches reads them a few at a time instead of all at once.
            let sizes = transaction
                .query(
                    "SELECT seq, count(*) FROM lede_changes WHERE seq > $1 AND seq <= $2 \
                     GROUP BY seq ORDER BY seq",
                    &[&after_i, &through],
                )
                .map_err(e)?;
            let mut rows_so_far = 0;
            for (index, size) in sizes.iter().enumerate() {
                let (sequence, count): (i64, i64) = (size.get(0), size.get(1));
                rows_so_far += count;
                if index > 0 && rows_so_far > MAX_FOLLOWED_ROWS {
                    through = sequence - 1;
                    break;
                }
            }
            let rows = transaction
                .query(
                    &format!(
                        "SELECT c.seq, c.name, {COLUMNS} FROM lede_changes c \
                         LEFT JOIN lede_documents d ON d.name = c.name \
                         WHERE c.seq > $1 AND c.seq <= $2 ORDER BY c.seq, c.name"
                    ),
                    &[&after_i, &through],
                )
                .map_err(e)?;
            let mut changes = Vec::with_capacity(rows.len());
            for row in &rows {
                let sequence: i64 = row.get(0);
                let name: String = row.get(1);
                let written: Option<i64> = row.get(12);
                let now = match written {
                    Some(_) => Some(current_row(row, 2, location)?),
                    None => None,
                };
                changes.push(Change {
                    sequence: u64::try_from(sequence).unwrap_or(0),
                    name,
                    now,
                });
            }
            transaction.commit().map_err(e)?;
            Ok(Changes::Since {
                changes,
                through: u64::try_from(through.max(after_i)).unwrap_or(0),
                latest: u64::try_from(last).unwrap_or(0),
            })
        })
    }

    fn wait(&mut self, timeout: Duration) -> Result<(), Error> {
        self.run(|client, location| {
            let e = |error| pg_error(location, error);
            let mut notifications = client.client.notifications();
            if notifications
                .timeout_iter(timeout)
                .next()
                .map_err(e)?
                .is_some()
            {
                // Whatever else arrived meanwhile is covered by the next read of the log.
                let mut pending = notifications.iter();
                while pending.next().map_err(e)?.is_some() {}
            }
            Ok(())
        })
    }

    fn snapshot(
        &mut self,
        each: &mut dyn FnMut(Document, Option<StoredAnalysis>),
    ) -> Result<Sequence, Error> {
        self.run(|client, location| snapshot(client, location, each))
    }
}

/// Every document, from one repeatable-read snapshot, read in pages of a portal so that
/// they are never all in memory here; and the sequence of that snapshot.
fn snapshot(
    client: &mut Connection,
    location: &str,
    each: &mut dyn FnMut(Document, Option<StoredAnalysis>),
) -> Result<Sequence, Error> {
    let e = |error| pg_error(location, error);
    let mut transaction = client.snapshot().map_err(e)?;
    let last: i64 = transaction
        .query_one("SELECT last_seq FROM lede_log", &[])
        .map_err(e)?
        .get(0);
    let portal = transaction
        .bind(
            &format!("SELECT {COLUMNS} FROM lede_documents d ORDER BY d.name"),
            &[],
        )
        .map_err(e)?;
    loop {
        let rows = transaction.query_portal(&portal, 1000).map_err(e)?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let current = current_row(row, 0, location)?;
            each(current.document, current.analysis);
        }
    }
    transaction.commit().map_err(e)?;
    Ok(u64::try_from(last).unwrap_or(0))
}

/// Inserts `rows` at `sequence`, all or none, and returns their names; the caller holds the
/// log lock, so that the check for taken names is exact.
fn insert_rows(
    transaction: &mut Tx<'_>,
    rows: &[Row<'_>],
    sequence: i64,
    location: &str,
) -> Result<Vec<String>, Error> {
    let e = |error| pg_error(location, error);
    let names: Vec<&str> = rows.iter().map(|(d, _)| d.name.as_str()).collect();
    let taken: HashSet<String> = transaction
        .query(
            "SELECT name FROM lede_documents WHERE name = ANY($1)",
            &[&names],
        )
        .map_err(e)?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if let Some(name) = names.iter().find(|name| taken.contains(**name)) {
        return Err(Error::AlreadyExists {
            name: (*name).to_owned(),
        });
    }
    for chunk in rows.chunks(INSERT_CHUNK) {
        let values = chunk
            .iter()
            .map(|(document, _)| Values::new(document))
            .collect::<Result<Vec<_>, _>>()?;
        let column = |get: &dyn Fn(&Document) -> Option<&str>| -> Vec<Option<&str>> {
            chunk.iter().map(|(document, _)| get(document)).collect()
        };
        let names = column(&|d| Some(d.name.as_str()));
        let titles = column(&|d| d.title.as_deref());
        let texts = column(&|d| Some(d.text.as_str()));
        let sources = column(&|d| d.source.as_deref());
        let dates = column(&|d| d.date.as_deref());
        let metadata: Vec<&str> = values.iter().map(|v| v.metadata.as_str()).collect();
        let created: Vec<Option<i64>> = values.iter().map(|v| v.created).collect();
        let updated: Vec<Option<i64>> = values.iter().map(|v| v.updated).collect();
        let versions: Vec<Option<&str>> = chunk
            .iter()
            .map(|(_, a)| a.map(|a| a.version.as_str()))
            .collect();
        let analyses: Vec<Option<&[u8]>> = chunk
            .iter()
            .map(|(_, a)| a.map(|a| a.bytes.as_slice()))
            .collect();
        let params: [&(dyn ToSql + Sync); 11] = [
            &names, &titles, &texts, &sources, &dates, &metadata, &created, &updated, &versions,
            &analyses, &sequence,
        ];
        transaction
            .execute(
                "INSERT INTO lede_documents (name, title, text, source, date, metadata, \
                 created, updated, analysis_version, analysis, written) \
                 SELECT u.*, $11 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], \
                 $5::text[], $6::text[], $7::int8[], $8::int8[], $9::text[], $10::bytea[]) AS u",
                &params,
            )
            .map_err(e)?;
    }
    Ok(names.into_iter().map(str::to_owned).collect())
}

/// A connection with the statements it has prepared: each statement is prepared once per
/// connection rather than at every call, which would cost a round trip each (two per query).
struct Connection {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl Connection {
    fn new(client: Client) -> Self {
        Self {
            client,
            statements: HashMap::new(),
        }
    }

    fn transaction(&mut self) -> Result<Tx<'_>, postgres::Error> {
        Ok(Tx {
            inner: self.client.transaction()?,
            statements: &mut self.statements,
        })
    }

    /// A read-only transaction on one snapshot of the database.
    fn snapshot(&mut self) -> Result<Tx<'_>, postgres::Error> {
        let inner = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        Ok(Tx {
            inner,
            statements: &mut self.statements,
        })
    }
}

/// A transaction of a [`Connection`], preparing its statements through the connection's.
struct Tx<'c> {
    inner: postgres::Transaction<'c>,
    statements: &'c mut HashMap<String, Statement>,
}

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl Tx<'_> {
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        // Prepared statements belong to the session, so they outlive this transaction.
        let statement = self.inner.prepare(sql)?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, postgres::Error> {
        let statement = self.statement(sql)?;
        self.inner.execute(&statement, params)
    }

    fn query(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Vec<postgres::Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.inner.query(&statement, params)
    }

    fn query_one(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<postgres::Row, postgres::Error> {
        let statement = self.statement(sql)?;
        self.inner.query_one(&statement, params)
    }

    fn query_opt(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<postgres::Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.inner.query_opt(&statement, params)
    }

    fn bind(&mut self, sql: &str, params: Params<'_>) -> Result<Portal, postgres::Error> {
        let statement = self.statement(sql)?;
        self.inner.bind(&statement, params)
    }

    fn query_portal(
        &mut self,
        portal: &Portal,
        rows: i32,
    ) -> Result<Vec<postgres::Row>, postgres::Error> {
        self.inner.query_portal(portal, rows)
    }

    fn commit(self) -> Result<(), postgres::Error> {
        self.inner.commit()
    }
}

/// What the store checks of a document before writing it: a name any corpus accepts, and
/// no NUL character, which PostgreSQL's text cannot hold.
fn check_row(document: &Document) -> Result<(), Error> {
    if let Err(reason) = document.validate() {
        return Err(Error::InvalidName {
            name: document.name.clone(),
            reason,
        });
    }
    let fields = [
        ("title", document.title.as_deref()),
        ("text", Some(document.text.as_str())),
        ("source", document.source.as_deref()),
        ("date", document.date.as_deref()),
    ];
    let metadata = document
        .metadata
        .iter()
        .flat_map(|(key, value)| [key.as_str(), value.as_str()]);
    let nul = fields
        .iter()
        .find(|(_, value)| value.is_some_and(|value| value.contains('\0')))
        .map(|(field, _)| *field)
        .or_else(|| {
            metadata
                .into_iter()
                .any(|s| s.contains('\0'))
                .then_some("metadata")
        });
    match nul {
        Some(field) => Err(Error::Unrepresentable {
            name: document.name.clone(),
            field,
            reason: "a NUL character (U+0000), which PostgreSQL text cannot store",
        }),
        None => Ok(()),
    }
}

/// A document's encoded values.
struct Values {
    metadata: String,
    created: Option<i64>,
    updated: Option<i64>,
}

impl Values {
    fn new(document: &Document) -> Result<Self, Error> {
        let time = |time: Option<std::time::SystemTime>| {
            time.map(|time| {
                micros(time).ok_or_else(|| Error::Unrepresentable {
                    name: document.name.clone(),
                    field: "time",
                    reason: "a time too far from 1970 to store",
                })
            })
            .transpose()
        };
        Ok(Self {
            metadata: metadata_json(&document.metadata),
            created: time(document.created)?,
            updated: time(document.updated)?,
        })
    }
}

/// The document of a row whose columns from `first` on are [`COLUMNS`].
fn current_row(row: &postgres::Row, first: usize, location: &str) -> Result<CurrentRow, Error> {
    let damaged = |what: &str| Error::Unusable {
        location: location.to_owned(),
        reason: format!("a stored document has {what}"),
    };
    let column = |offset: usize| first + offset;
    let name: String = row.get(column(0));
    let mut document = Document::new(name, row.get::<_, String>(column(2)));
    document.title = row.get(column(1));
    document.source = row.get(column(3));
    document.date = row.get(column(4));
    document.metadata = metadata_from_json(row.get(column(5)))
        .map_err(|_| damaged("metadata that is not a JSON object of strings"))?;
    let time = |offset: usize| -> Result<Option<std::time::SystemTime>, Error> {
        row.get::<_, Option<i64>>(column(offset))
            .map(|micros| time_from_micros(micros).ok_or_else(|| damaged("an impossible time")))
            .transpose()
    };
    document.created = time(6)?;
    document.updated = time(7)?;
    let version: Option<String> = row.get(column(8));
    let bytes: Option<Vec<u8>> = row.get(column(9));
    let written: i64 = row.get(column(10));
    Ok(CurrentRow {
        document,
        analysis: version
            .zip(bytes)
            .map(|(version, bytes)| StoredAnalysis { version, bytes }),
        written: u64::try_from(written).unwrap_or(0),
    })
}

/// `postgres://host:port/database` (the first host), for logs: never the user or password.
fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let database = config
        .get_dbname()
        .or_else(|| config.get_user())
        .unwrap_or("postgres");
    format!("postgres://{host}:{port}/{database}")
}

/// Maps a client error: no connection (refused, lost, the server shutting down or killing
/// the session) is [`Error::Unavailable`], no room [`Error::Full`], the rest
/// [`Error::Postgres`].
fn pg_error(location: &str, error: postgres::Error) -> Error {
    let code = error.code();
    let connection_lost = error.is_closed()
        || error.as_db_error().is_none()
        || code.is_some_and(|code| {
            code.code().starts_with("08")
                || *code == SqlState::ADMIN_SHUTDOWN
                || *code == SqlState::CRASH_SHUTDOWN
                || *code == SqlState::CANNOT_CONNECT_NOW
        });
    if code == Some(&SqlState::DISK_FULL) {
        return Error::Full {
            path: location.into(),
        };
    }
    // `Display` of a server's error is only "db error": the message is in the details.
    let reason = match error.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => match std::error::Error::source(&error) {
            Some(source) => format!("{error}: {source}"),
            None => error.to_string(),
        },
    };
    if connection_lost {
        return Error::Unavailable {
            location: location.to_owned(),
            reason,
        };
    }
    Error::Postgres {
        location: location.to_owned(),
        reason,
        source: error,
    }
}
