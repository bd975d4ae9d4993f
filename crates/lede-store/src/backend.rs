//! One interface over the stores a server keeps its corpus in: the embedded SQLite
//! [`Store`] and, with the `postgres` feature, [`PgStore`](crate::PgStore), which several
//! servers share.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use lede_corpus::{Document, StoredAnalysis};

use crate::{Error, Record, Store};

/// The position of a write in a shared store's change log: every committed write (a batch
/// counts as one) takes the next number, with no gaps, in commit order. A replica that has
/// applied the log through sequence `s` serves every write acknowledged with a sequence of
/// `s` or less.
///
/// A store that no other process writes ([`Store`]) has no log, and its writes are
/// [`Sequence`] 0: every acknowledged write is visible at once on the one server.
pub type Sequence = u64;

/// A document and the analysis to store beside it (`None`: it is analysed at the next load).
pub type Row<'a> = (&'a Document, Option<&'a StoredAnalysis>);

/// What an update's `edit` returns: the new document and its analysis, or `None` to give up
/// (the store is then unchanged and the update fails with [`Error::Aborted`]).
pub type Edited = Option<(Document, Option<StoredAnalysis>)>;

/// The writes and the load a server needs of its store, whichever it is.
///
/// Every write is committed before it returns. Implementations are shared by the server's
/// request threads (`&self`, `Sync`): the SQLite store behind a mutex, PostgreSQL with a
/// pool of connections.
pub trait Backend: Send + Sync + fmt::Debug {
    /// Where the store is, for logs: a path, or `postgres://host:port/database` (never a
    /// password).
    fn location(&self) -> String;

    /// Whether opening it created it (with its initial documents).
    fn was_created(&self) -> bool;

    /// Calls `each` with every stored document and its stored analysis, in name order, from
    /// one consistent snapshot, and returns the sequence of the last write that snapshot
    /// includes.
    ///
    /// # Errors
    ///
    /// The store's read error; `each` has been called for the documents before it.
    fn load(
        &self,
        each: &mut dyn FnMut(Document, Option<StoredAnalysis>),
    ) -> Result<Sequence, Error>;

    /// Stores analyses computed at load beside the documents they name (the documents are
    /// not otherwise changed, and this is not a logged write), and returns how many
    /// documents were found.
    ///
    /// # Errors
    ///
    /// The store's write error; nothing is stored then.
    fn set_analyses(&self, analyses: &[(&str, &StoredAnalysis)]) -> Result<usize, Error>;

    /// Stores all of `rows` as one write, or none of them.
    ///
    /// # Errors
    ///
    /// [`Error::AlreadyExists`] for the first name that is taken or repeated,
    /// [`Error::InvalidName`], [`Error::Full`], or the database's error; nothing is stored
    /// then.
    fn insert(&self, rows: &[Row<'_>]) -> Result<Sequence, Error>;

    /// Replaces the document named `name` by what `edit` makes of the stored one, as one
    /// write: `edit` sees the document as committed, and no other write to it comes between
    /// (the row is locked), so that concurrent updates through different servers apply one
    /// after the other, the later sequence winning.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if there is no such document; [`Error::Aborted`] if `edit`
    /// returned `None`; [`Error::Full`] or the database's error. Nothing is stored then.
    fn update(
        &self,
        name: &str,
        edit: &mut dyn FnMut(Document) -> Edited,
    ) -> Result<Sequence, Error>;

    /// Deletes the document named `name` (and its analysis) as one write.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] if there is no such document; [`Error::Full`] or the database's
    /// error.
    fn delete(&self, name: &str) -> Result<Sequence, Error>;

    /// A reader of the change log on a connection of its own, for a server to follow the
    /// writes of every server; `None` for a store no other process writes.
    ///
    /// # Errors
    ///
    /// The database's error when the connection cannot be made.
    fn follow(&self) -> Result<Option<Box<dyn Follower>>, Error> {
        Ok(None)
    }
}

/// One entry of the change log, with the named document as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The write's sequence.
    pub sequence: Sequence,
    /// The document it wrote or deleted.
    pub name: String,
    /// The document's current row (which a later write may have made), or `None` if it is
    /// deleted now. Applying the current row rather than the logged one is what makes
    /// applying a change idempotent and never older than the change.
    pub now: Option<CurrentRow>,
}

/// A stored document as it is now, with the sequence of the write that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentRow {
    /// The document.
    pub document: Document,
    /// Its stored analysis, if it has one.
    pub analysis: Option<StoredAnalysis>,
    /// The sequence of the write that stored this version.
    pub written: Sequence,
}

/// What a follower reads after the sequence it has applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Changes {
    /// The changes after it, in sequence order, through `through` (which the caller has
    /// then applied, even when `changes` is empty).
    Since {
        /// The changes, in sequence order (a batch's names in name order).
        changes: Vec<Change>,
        /// The last sequence these changes cover.
        through: Sequence,
        /// The log's last sequence when it was read: the follower is caught up when
        /// `through` reaches it.
        latest: Sequence,
    },
    /// Changes after it were trimmed from the log: reload a snapshot
    /// ([`Follower::snapshot`]).
    Trimmed {
        /// The log holds only the changes after this sequence.
        through: Sequence,
    },
}

/// A reader of a shared store's change log (see [`Backend::follow`]). It reconnects by
/// itself after a lost connection, at its next call.
pub trait Follower: Send + fmt::Debug {
    /// Up to `limit` sequences of changes after `after` (see [`Changes`]).
    ///
    /// # Errors
    ///
    /// The database's error (a lost connection is [`Error::Unavailable`]).
    fn changes(&mut self, after: Sequence, limit: u64) -> Result<Changes, Error>;

    /// Returns when the log may have changed (a notification) or after `timeout`, whichever
    /// comes first; a follower polls with it.
    ///
    /// # Errors
    ///
    /// [`Error::Unavailable`] when the connection is lost.
    fn wait(&mut self, timeout: Duration) -> Result<(), Error>;

    /// As [`Backend::load`]: every document, from one snapshot, and its sequence.
    ///
    /// # Errors
    ///
    /// As [`Backend::load`].
    fn snapshot(
        &mut self,
        each: &mut dyn FnMut(Document, Option<StoredAnalysis>),
    ) -> Result<Sequence, Error>;
}

/// The embedded store as a backend: one writer at a time (the mutex), no log.
impl Backend for Mutex<Store> {
    fn location(&self) -> String {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .path()
            .display()
            .to_string()
    }

    fn was_created(&self) -> bool {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .was_created()
    }

    fn load(
        &self,
        each: &mut dyn FnMut(Document, Option<StoredAnalysis>),
    ) -> Result<Sequence, Error> {
        let store = self.lock().unwrap_or_else(PoisonError::into_inner);
        store.for_each_analysed(each)?;
        Ok(0)
    }

    fn set_analyses(&self, analyses: &[(&str, &StoredAnalysis)]) -> Result<usize, Error> {
        let mut store = self.lock().unwrap_or_else(PoisonError::into_inner);
        store.set_analyses(analyses)
    }

    fn insert(&self, rows: &[Row<'_>]) -> Result<Sequence, Error> {
        let mut store = self.lock().unwrap_or_else(PoisonError::into_inner);
        let records: Vec<RowRecord<'_>> = rows.iter().map(|&row| RowRecord(row)).collect();
        store.insert(&records)?;
        Ok(0)
    }

    fn update(
        &self,
        name: &str,
        edit: &mut dyn FnMut(Document) -> Edited,
    ) -> Result<Sequence, Error> {
        let mut store = self.lock().unwrap_or_else(PoisonError::into_inner);
        let stored = store.get(name)?.ok_or_else(|| Error::NotFound {
            name: name.to_owned(),
        })?;
        let (document, analysis) = edit(stored).ok_or(Error::Aborted)?;
        store.update(&RowRecord((&document, analysis.as_ref())))?;
        Ok(0)
    }

    fn delete(&self, name: &str) -> Result<Sequence, Error> {
        let mut store = self.lock().unwrap_or_else(PoisonError::into_inner);
        store.delete(name)?;
        Ok(0)
    }
}

/// A [`Row`] as the SQLite store's [`Record`].
struct RowRecord<'a>(Row<'a>);

impl Record for RowRecord<'_> {
    fn document(&self) -> &Document {
        self.0.0
    }
    fn analysis(&self) -> Option<&StoredAnalysis> {
        self.0.1
    }
}
