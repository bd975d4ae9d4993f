//! Durable storage of a lede corpus's documents, in SQLite.
//!
//! A [`Store`] keeps [`Document`](lede_corpus::Document)s — every field: name, title, text,
//! source, date, metadata, creation and update times — in one database file per data
//! directory, `DIR/lede.sqlite3`, so that a corpus outlives the process that built it: the
//! server loads it at start and writes every change through, `lede import` fills it, and
//! `lede corpus …` reads it. Beside each document it keeps, in the same row, the document's
//! stored analysis ([`StoredAnalysis`](lede_corpus::StoredAnalysis): bytes the store does not
//! interpret, and the analysis version that made them), so that loading the documents into a
//! [`Corpus`](lede_corpus::Corpus) ([`Store::for_each_analysed`] into
//! [`Corpus::load`](lede_corpus::Corpus::load), in name order, the corpus's own order) need
//! not analyse them again; the statistics are rebuilt from them.
//!
//! With the `postgres` feature, `PgStore` keeps the same documents in PostgreSQL, shared by
//! any number of servers: every write takes the next sequence of a change log in the same
//! transaction, and each server follows the log ([`Backend::follow`]). [`Backend`] is the
//! interface a server uses, whichever store it has (the SQLite store is one as
//! `Mutex<Store>`); see `postgres.rs` for why the log's sequences are gapless and in commit
//! order.
//!
//! # Decisions
//!
//! * **Durability.** Every write is one SQLite transaction, committed before the method
//!   returns. The database runs in write-ahead-log mode with `synchronous=FULL`: the log is
//!   synced to disk at every commit, so a write that returned survives a crash of the
//!   process, of the operating system, or a power loss, and an interrupted write leaves no
//!   trace. (`NORMAL` syncs only at checkpoints and may lose the last commits on power
//!   loss; the extra sync per commit is cheap because batches are one transaction.)
//! * **A document and its analysis change together.** They are one row: every write
//!   ([`Record`]: a document, or a document with its analysis) writes the analysis, or clears
//!   it, in the same statement, and a delete removes both.
//! * **All or nothing.** [`Store::insert`] stores a whole batch or, on a taken or repeated
//!   name, nothing; [`Store::transaction`] spans several batches.
//! * **One writer per directory.** [`Store::open`] takes an exclusive lock on
//!   `DIR/lede.lock` for as long as the store lives, so a server and an import never write
//!   the same directory ([`Error::Locked`]); [`Store::open_read_only`] takes none, and
//!   readers see the last committed state beside the writer (that is what WAL allows).
//! * **Recognising a store.** The file carries `PRAGMA application_id` = "lede" and
//!   `PRAGMA user_version` = the schema version ([`SCHEMA_VERSION`]; [`Store::open`] migrates
//!   a store of schema 1, whose analyses are then empty and computed at the next load). Opening checks both and runs
//!   `PRAGMA quick_check`, so a file that is not SQLite, is damaged or truncated, belongs to
//!   another application, or comes from a newer lede is refused with
//!   [`Error::NotAStore`] instead of being trusted (or overwritten).
//! * **Only a missing file is a new store.** A store is created whole under a temporary
//!   name (`lede.sqlite3.new`, in rollback mode with its journal in memory), synced and
//!   renamed into place, so a crash leaves either no database file or a complete one. Any
//!   existing file is therefore checked like any other, and one that is empty (0 bytes, or
//!   an SQLite database without lede's tables) is refused: seeding it again would hide that
//!   its documents are lost. The message says to remove it to start afresh.
//! * **Encoding.** Metadata is a JSON object of strings; times are integer microseconds
//!   since the Unix epoch (finer precision is rounded toward the past). Names are `TEXT`
//!   compared byte-wise, which is Rust's `str` order, so name order in the store is the
//!   corpus's order. The store refuses names no corpus would accept
//!   ([`Error::InvalidName`]), so that everything stored can be loaded.
//!
//! # Example
//!
//! ```
//! use lede_corpus::{Corpus, Document};
//! use lede_store::{Error, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let seeds = [Document::new("oil", "Oil prices fell sharply on Tuesday.")];
//! {
//!     // Created with its initial documents.
//!     let mut store = Store::open(dir.path(), &seeds)?;
//!     assert!(store.was_created());
//!     store.insert(&[Document::new("grain", "Wheat exports rose.").with_title("Wheat")])?;
//!     // A second writer on the same directory is refused while this one lives.
//!     assert!(matches!(Store::open(dir.path(), &[]), Err(Error::Locked { .. })));
//!     // Batches are all or nothing.
//!     let batch = [Document::new("corn", "Corn."), Document::new("oil", "Again.")];
//!     assert!(matches!(store.insert(&batch), Err(Error::AlreadyExists { name, .. }) if name == "oil"));
//!     assert_eq!(store.len()?, 2);
//! }
//!
//! // After the writer is gone, everything is still there, in name order.
//! let store = Store::open_read_only(dir.path())?;
//! let mut corpus = Corpus::new();
//! let mut failed = None;
//! store.for_each(|document| {
//!     if let Err(error) = corpus.insert(document) {
//!         failed.get_or_insert(error);
//!     }
//! })?;
//! assert!(failed.is_none());
//! assert!(corpus.names().eq(["grain", "oil"]));
//! assert_eq!(store.get("grain")?.and_then(|d| d.title).as_deref(), Some("Wheat"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod backend;
mod encoding;
mod error;
#[cfg(feature = "postgres")]
mod postgres;
mod store;

use std::path::PathBuf;

pub use backend::{Backend, Change, Changes, CurrentRow, Edited, Follower, Row, Sequence};
pub use error::Error;
#[cfg(feature = "postgres")]
pub use postgres::{PG_SCHEMA_VERSION, PgOptions, PgStore};
pub use store::{
    APPLICATION_ID, DATABASE_FILE, LOCK_FILE, Record, SCHEMA_VERSION, Store, Transaction,
};

/// The default data directory: `$XDG_DATA_HOME/lede`, else `$HOME/.local/share/lede`, else
/// `./lede-data` (relative to the working directory).
///
/// Following the XDG base directory specification, an empty or relative `XDG_DATA_HOME` is
/// ignored.
#[must_use]
pub fn default_dir() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(data) = var("XDG_DATA_HOME").map(PathBuf::from)
        && data.is_absolute()
    {
        return data.join("lede");
    }
    if let Some(home) = var("HOME") {
        return PathBuf::from(home).join(".local/share/lede");
    }
    PathBuf::from("lede-data")
}

// The README's example is a doctest too, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
