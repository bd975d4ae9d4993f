//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong in `lede-store`.
///
/// Errors about the database name its file (or the data directory), and say what to do.
/// The enum is `#[non_exhaustive]` so that new kinds of error can be added without a
/// breaking change.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The data directory or a file in it cannot be created or opened: the path is a regular
    /// file, permission is denied, the disk is full, ...
    #[error(
        "cannot create or open {}: {source} (choose a data directory you can write to)",
        path.display()
    )]
    #[non_exhaustive]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },

    /// Another process (a server, an import) has the store open for writing.
    #[error(
        "{} is in use by another lede process (a server or an import): stop it first, \
         or use another data directory",
        path.display()
    )]
    #[non_exhaustive]
    Locked {
        /// The data directory.
        path: PathBuf,
    },

    /// There is no store in the directory (opening for reading never creates one).
    #[error(
        "there is no lede store at {}: import documents first (`lede import`), \
         or choose another data directory",
        path.display()
    )]
    #[non_exhaustive]
    Missing {
        /// The database file that does not exist.
        path: PathBuf,
    },

    /// The database file is not a lede store this version can use: not an SQLite database,
    /// damaged, another application's database, or written by a newer lede.
    #[error(
        "{} is not a usable lede store: {reason} (move it away, or choose another data directory)",
        path.display()
    )]
    #[non_exhaustive]
    NotAStore {
        /// The database file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// A write needs room the store does not have: the disk is full (SQLite's `SQLITE_FULL`),
    /// or the database reached the size set with
    /// [`Store::set_size_limit`](crate::Store::set_size_limit). Nothing of the write is stored,
    /// and the store stays usable: reads work, and writes again once there is room.
    #[error(
        "no room to write to {}: the disk is full or the store reached its size limit \
         (nothing of this write was stored; free some space)",
        path.display()
    )]
    #[non_exhaustive]
    Full {
        /// The database file.
        path: PathBuf,
    },

    /// Any other database failure.
    #[error("database error in {}: {source}", path.display())]
    #[non_exhaustive]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },

    /// A stored document already has this name, or a batch repeats it (names are unique).
    #[error("a document named {name:?} is already stored")]
    #[non_exhaustive]
    AlreadyExists {
        /// The name that is taken.
        name: String,
    },

    /// No stored document has this name.
    #[error("no stored document named {name:?}")]
    #[non_exhaustive]
    NotFound {
        /// The name asked for.
        name: String,
    },

    /// A document whose name no corpus would accept (empty, with a control character, or
    /// with white space at either end): the store refuses it, so that everything it holds can
    /// be loaded into a [`Corpus`](lede_corpus::Corpus).
    #[error("invalid document name {name:?}: {reason}")]
    #[non_exhaustive]
    InvalidName {
        /// The name, as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// An update's edit gave up ([`Backend::update`](crate::Backend::update)): the caller
    /// has its own reason, and nothing was stored.
    #[error("the update was abandoned before it was stored")]
    Aborted,

    /// The database server cannot be reached, or the connection to it was lost. A write
    /// that fails so may or may not have been committed: reading it back tells.
    #[error("the database at {location} is unavailable: {reason}")]
    #[non_exhaustive]
    Unavailable {
        /// Where the database is (`postgres://host:port/database`, without credentials).
        location: String,
        /// What failed.
        reason: String,
    },

    /// Any other failure of a PostgreSQL store.
    #[cfg(feature = "postgres")]
    #[error("database error in {location}: {reason}")]
    #[non_exhaustive]
    Postgres {
        /// Where the database is (`postgres://host:port/database`, without credentials).
        location: String,
        /// What PostgreSQL said (its SQLSTATE and message), or the client's error.
        reason: String,
        /// What PostgreSQL (or the client) said.
        #[source]
        source: postgres::Error,
    },

    /// The PostgreSQL database holds tables of a lede schema this build does not know (a
    /// newer lede), or a store URL cannot be used.
    #[error("{location} cannot be used as a lede store: {reason}")]
    #[non_exhaustive]
    Unusable {
        /// Where the database is.
        location: String,
        /// Why.
        reason: String,
    },

    /// A document with a value the store cannot hold as given (a NUL character in a
    /// PostgreSQL text, a time too far from 1970).
    #[error("document {name:?} cannot be stored: its {field} has {reason}")]
    #[non_exhaustive]
    Unrepresentable {
        /// The document's name.
        name: String,
        /// The field.
        field: &'static str,
        /// What it has.
        reason: &'static str,
    },
}
