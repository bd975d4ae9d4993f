//! The corpus the server serves and the store that keeps it: how reads and writes share it.
//!
//! # Concurrency
//!
//! The in-memory [`Corpus`] sits behind a [`RwLock`]: any number of requests read it at
//! once, and a write holds the write lock only for [`Corpus::commit`] (interning a few
//! hundred distinct terms and updating counts, microseconds per document). The slow part of
//! a write, analysing the text, is done before with [`Corpus::prepare`] under the *read*
//! lock, beside other readers. Readers therefore never see a half-applied write, and reads
//! and writes proceed concurrently except for that short commit.
//!
//! # A store of its own (SQLite) or none
//!
//! Writers are serialised by a mutex, held from the check that a name is free until the
//! corpus has the change. Each write is committed to the store first and applied in memory
//! second, both under that mutex, so the two never disagree about the order of writes, and
//! a write is visible to readers exactly when it is acknowledged: the response is sent
//! after both steps. A crash between them loses nothing, since the store is what the next
//! start loads.
//!
//! # A shared store (PostgreSQL)
//!
//! Other servers write too, so the memory cannot be changed by this server's writes alone.
//! A write is committed to the store (which gives it its [`Sequence`], and decides whether
//! a name is taken, across all servers), and *every* change to the memory, this server's
//! writes included, is made by one follower thread that applies the store's change log in
//! sequence order (`replication.rs`). A write waits (bounded) until the follower has
//! applied its sequence before it answers, so that a client reads its own write on this
//! server; a client reading through another server passes the sequence it was given and
//! that server waits until it has applied it.

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use lede_corpus::{Corpus, Document, LoadReport, Prepared, Reanalysis, seed_documents};
use lede_store::{Backend, Sequence, Store};

use crate::metrics::Metrics;
use crate::replication::Replication;
use crate::status::ApiError;

/// How long a write through a shared store waits for this server's follower to apply it
/// before answering anyway (the write is committed; a read that passes its sequence waits
/// for it).
const OWN_WRITE_WAIT: Duration = Duration::from_secs(5);

/// The corpus the server serves and, unless it runs in memory, the store that keeps it.
///
/// Reads see a consistent corpus ([`Collection`] hands out read guards); writes go to the
/// store first and are applied in memory once committed (see the module docs of
/// `collection.rs` and ARCHITECTURE.md for the concurrency design).
#[derive(Debug)]
pub struct Collection {
    corpus: RwLock<Corpus>,
    /// `None` in memory.
    backend: Option<Box<dyn Backend>>,
    /// Serialises writers when the corpus is not followed from a shared log.
    writer: Mutex<()>,
    /// Following a shared store's change log: `Some` exactly when the backend has one.
    pub(crate) replication: Option<Replication>,
    /// Where the store is, for logs.
    location: Option<String>,
    /// The server's metrics: the collection keeps the corpus gauges and the commit latency
    /// current, and the server takes the handle from here (`serve` is given the collection).
    metrics: Metrics,
    /// The bytes of text of the corpus, for `lede_corpus_text_bytes`; changed only under the
    /// writer's mutex (or by the follower), so in the order of the writes.
    text_bytes: AtomicU64,
}

impl Collection {
    /// A collection held only in memory: writes are lost when the server stops.
    #[must_use]
    pub fn in_memory(corpus: Corpus) -> Self {
        let text_bytes = corpus.iter().map(|d| d.text.len() as u64).sum();
        Self {
            corpus: RwLock::new(corpus),
            backend: None,
            writer: Mutex::new(()),
            replication: None,
            location: None,
            metrics: Metrics::disabled(),
            text_bytes: AtomicU64::new(text_bytes),
        }
    }

    /// Opens the store in `dir`, creating the directory and the store if needed (a new store
    /// starts with the embedded seed articles), and loads its documents with their stored
    /// analyses ([`Corpus::load`]).
    ///
    /// A document whose stored analysis is missing (a store from before schema 2), of
    /// another analysis version, or invalid (damaged, or not of its text) is analysed
    /// instead, and its analysis written back before the server starts; each invalid one is
    /// logged as a warning naming it, the others in one line per cause.
    ///
    /// # Errors
    ///
    /// The store's error (with `dir` in the message) when the directory cannot be created
    /// or locked, is in use by another lede process, or holds a file that is not a lede
    /// store; a corpus error if a stored document cannot be loaded.
    pub fn open(dir: &std::path::Path) -> anyhow::Result<Self> {
        let store = Store::open(dir, &seed_documents())
            .with_context(|| format!("opening the data directory {}", dir.display()))?;
        Self::from_store(store)
    }

    /// Loads the documents of `store`, opened by the caller (with a size limit, say), as
    /// [`open`](Self::open) does, and serves them from it.
    ///
    /// # Errors
    ///
    /// A corpus error if a stored document cannot be loaded.
    pub fn from_store(store: Store) -> anyhow::Result<Self> {
        Self::from_backend(Box::new(Mutex::new(store)))
    }

    /// Connects to the PostgreSQL database `url` names, shared with any number of other
    /// servers (creating lede's tables with the seed articles if it has none), loads its
    /// documents, and follows its change log from there (once served, or
    /// [`start_following`](Self::start_following)).
    ///
    /// This blocks (the PostgreSQL client is synchronous): call it off the async runtime's
    /// worker threads (`spawn_blocking`).
    ///
    /// # Errors
    ///
    /// The store's error when the database cannot be reached or used; a corpus error if a
    /// stored document cannot be loaded.
    #[cfg(feature = "postgres")]
    pub fn open_postgres(url: &str, options: lede_store::PgOptions) -> anyhow::Result<Self> {
        let store = lede_store::PgStore::open(url, &seed_documents(), options)
            .context("opening the PostgreSQL store")?;
        Self::from_backend(Box::new(store))
    }

    /// Loads the documents of `backend` and serves them from it; a backend with a change
    /// log ([`Backend::follow`]) is followed.
    ///
    /// # Errors
    ///
    /// The store's error if it cannot be read or followed; a corpus error if a stored
    /// document cannot be loaded.
    pub fn from_backend(backend: Box<dyn Backend>) -> anyhow::Result<Self> {
        let start = Instant::now();
        let location = backend.location();
        let mut corpus = Corpus::new();
        let mut sequence = 0;
        let report = corpus
            .load(|each| {
                sequence = backend.load(each)?;
                Ok::<_, anyhow::Error>(())
            })
            .with_context(|| format!("loading the documents of {location}"))?;
        let loaded = start.elapsed();
        log_reanalysed(&report, &corpus, backend.was_created());
        if !report.reanalysed.is_empty() {
            let analyses: Vec<_> = report
                .reanalysed
                .iter()
                .map(|redone| (redone.name.as_str(), &redone.analysis))
                .collect();
            // The analyses only spare the next start some work: a store that cannot take
            // them (a full disk) still serves what it holds.
            if let Err(error) = backend.set_analyses(&analyses) {
                tracing::warn!(
                    %error,
                    documents = analyses.len(),
                    "cannot store the analyses computed at load: the next start computes them \
                     again"
                );
            }
        }
        let seconds = loaded.as_secs_f64();
        tracing::info!(
            documents = report.documents,
            text_mb = format!("{:.1}", report.text_bytes as f64 / 1e6),
            seconds = format!("{seconds:.2}"),
            mb_per_s = format!("{:.0}", report.text_bytes as f64 / 1e6 / seconds.max(1e-9)),
            reanalysed = report.reanalysed.len(),
            sequence,
            "corpus loaded"
        );
        let replication = backend
            .follow()
            .with_context(|| format!("following the change log of {location}"))?
            .map(|follower| Replication::new(follower, sequence));
        Ok(Self {
            corpus: RwLock::new(corpus),
            backend: Some(backend),
            writer: Mutex::new(()),
            replication,
            location: Some(location),
            metrics: Metrics::disabled(),
            text_bytes: AtomicU64::new(report.text_bytes as u64),
        })
    }

    /// This collection, recording into `metrics` (the corpus gauges, from now on kept
    /// current by every write, and the store's commit latency); a server serving it records
    /// its requests there too.
    #[must_use]
    pub fn with_metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = metrics;
        self.publish();
        self
    }

    /// The metrics this collection records into ([`Metrics::disabled`] unless given by
    /// [`with_metrics`](Self::with_metrics)).
    #[must_use]
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Sets the corpus gauges; called after each write is applied.
    pub(crate) fn publish(&self) {
        if self.metrics.is_enabled() {
            self.metrics
                .set_corpus(self.len(), self.text_bytes.load(Ordering::Relaxed));
        }
    }

    /// Adds `added` bytes of text and removes `removed`.
    pub(crate) fn count_text(&self, added: usize, removed: usize) {
        let bytes = self.text_bytes.load(Ordering::Relaxed);
        let bytes = bytes
            .saturating_add(added as u64)
            .saturating_sub(removed as u64);
        self.text_bytes.store(bytes, Ordering::Relaxed);
    }

    /// Sets the bytes of text (after a snapshot replaced the corpus).
    pub(crate) fn set_text_bytes(&self, bytes: u64) {
        self.text_bytes.store(bytes, Ordering::Relaxed);
    }

    /// Runs `commit` (a store call), recording how long it took.
    fn timed<T>(&self, operation: &'static str, commit: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = commit();
        self.metrics.store_commit(operation, start.elapsed());
        result
    }

    /// Where the store is (a path, or `postgres://host:port/database`), or `None` in memory.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// Whether other servers write to the same store, so that this one follows its change
    /// log.
    #[must_use]
    pub fn is_shared(&self) -> bool {
        self.replication.is_some()
    }

    /// The last sequence of the change log this server has applied (0 without a shared
    /// store).
    #[must_use]
    pub fn applied_sequence(&self) -> Sequence {
        self.replication.as_ref().map_or(0, Replication::applied)
    }

    /// With a shared store, whether this server follows its change log and is caught up
    /// (`None` without one: always ready).
    #[must_use]
    pub fn is_ready(&self) -> Option<bool> {
        self.replication.as_ref().map(Replication::is_ready)
    }

    /// The number of documents.
    #[must_use]
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Whether there are no documents.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// A consistent view of the corpus; writes wait until it is dropped.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Corpus> {
        // Nothing panics while holding the write lock (commits return errors instead), so a
        // poisoned lock still guards a consistent corpus.
        self.corpus.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn writer(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn apply<T>(&self, change: impl FnOnce(&mut Corpus) -> T) -> T {
        change(&mut self.corpus.write().unwrap_or_else(PoisonError::into_inner))
    }

    /// After a write through the shared store committed at `sequence`: waits until the
    /// follower has applied it, so that this server shows the write when it answers.
    fn await_own(&self, sequence: Sequence) {
        if let Some(replication) = &self.replication
            && !replication.wait_blocking(sequence, OWN_WRITE_WAIT)
        {
            tracing::warn!(
                sequence,
                applied = replication.applied(),
                "a write committed but not yet applied here after 5 s: answered anyway"
            );
        }
    }

    /// Adds `documents`, all or none, stamping their creation and update times; returns
    /// them as stored (with the number of sentences of each, for responses), and the
    /// write's sequence.
    pub(crate) fn create(
        &self,
        mut documents: Vec<Document>,
    ) -> Result<(Vec<Stored>, Sequence), ApiError> {
        let now = now();
        for document in &mut documents {
            document.created = Some(now);
            document.updated = Some(now);
        }
        let prepared = {
            let corpus = self.read();
            documents
                .into_iter()
                .map(|document| corpus.prepare(document))
                .collect::<Result<Vec<Prepared>, _>>()?
        };
        let shared = self.replication.is_some();
        let writer = (!shared).then(|| self.writer());
        if !shared {
            // Fail before touching the store when a name is taken (the store would refuse it
            // too, but this gives the same error in memory). A shared store decides it, across
            // servers.
            let corpus = self.read();
            let mut names = std::collections::HashSet::new();
            for document in prepared.iter().map(Prepared::document) {
                if corpus.contains(&document.name) || !names.insert(document.name.as_str()) {
                    return Err(ApiError::name_taken(&document.name));
                }
            }
        }
        let mut sequence = 0;
        if let Some(backend) = &self.backend {
            // Each document with its analysis, in the same transaction, so that the next
            // start (or another server) loads it instead of analysing it.
            let analyses: Vec<_> = {
                let corpus = self.read();
                prepared.iter().map(|p| corpus.stored_analysis(p)).collect()
            };
            let rows: Vec<_> = prepared
                .iter()
                .zip(&analyses)
                .map(|(p, analysis)| (p.document(), Some(analysis)))
                .collect();
            sequence = self.timed("insert", || backend.insert(&rows))?;
        }
        let mut created: Vec<Stored> = prepared.iter().map(Stored::new).collect();
        if shared {
            self.await_own(sequence);
            mark_duplicates(&self.read(), &mut created);
            return Ok((created, sequence));
        }
        let added = prepared.iter().map(|p| p.document().text.len()).sum();
        self.apply(|corpus| {
            corpus.commit_all(prepared)?;
            mark_duplicates(corpus, &mut created);
            Ok::<_, lede_corpus::Error>(())
        })?;
        self.count_text(added, 0);
        self.publish();
        drop(writer);
        Ok((created, sequence))
    }

    /// Changes the document named `name` with `change`, stamping its update time; returns it
    /// as stored, and the write's sequence.
    pub(crate) fn update(
        &self,
        name: &str,
        change: impl FnOnce(&mut Document),
    ) -> Result<(Stored, Sequence), ApiError> {
        let shared = self.replication.is_some();
        let writer = (!shared).then(|| self.writer());
        let mut change = Some(change);
        // The changed document, prepared, and the length of the text it replaces.
        let mut edit = |mut document: Document| {
            let change = change
                .take()
                .ok_or_else(|| ApiError::Internal("an update edited twice".to_owned()))?;
            let removed = document.text.len();
            change(&mut document);
            document.name = name.to_owned();
            document.updated = Some(now());
            let prepared = self.read().prepare(document)?;
            Ok::<_, ApiError>((prepared, removed))
        };
        let (prepared, removed, sequence) = match &self.backend {
            // The edit runs on the document as the store has it (its row locked, in a shared
            // store), so that concurrent updates through several servers apply one after the
            // other.
            Some(backend) => {
                let mut edited = None;
                let written = self.timed("update", || {
                    backend.update(name, &mut |stored| match edit(stored) {
                        Ok((prepared, removed)) => {
                            let analysis = self.read().stored_analysis(&prepared);
                            let row = (prepared.document().clone(), Some(analysis));
                            edited = Some(Ok((prepared, removed)));
                            Some(row)
                        }
                        Err(error) => {
                            edited = Some(Err(error));
                            None
                        }
                    })
                });
                match (written, edited) {
                    (Ok(sequence), Some(Ok((prepared, removed)))) => (prepared, removed, sequence),
                    (Err(lede_store::Error::Aborted), Some(Err(error))) => return Err(error),
                    (Err(error), _) => return Err(error.into()),
                    (Ok(_), _) => {
                        return Err(ApiError::Internal(
                            "an update without its result".to_owned(),
                        ));
                    }
                }
            }
            None => {
                let document = self
                    .read()
                    .get(name)
                    .cloned()
                    .ok_or_else(|| not_found(name))?;
                let (prepared, removed) = edit(document)?;
                (prepared, removed, 0)
            }
        };
        let mut stored = Stored::new(&prepared);
        if shared {
            self.await_own(sequence);
            stored.duplicate_of = self.read().duplicate_of(name).map(str::to_owned);
            return Ok((stored, sequence));
        }
        let added = prepared.document().text.len();
        self.apply(|corpus| {
            corpus.replace(prepared)?;
            stored.duplicate_of = corpus.duplicate_of(name).map(str::to_owned);
            Ok::<_, lede_corpus::Error>(())
        })?;
        self.count_text(added, removed);
        self.publish();
        drop(writer);
        Ok((stored, sequence))
    }

    /// Removes the document named `name`; returns the write's sequence.
    pub(crate) fn delete(&self, name: &str) -> Result<Sequence, ApiError> {
        let shared = self.replication.is_some();
        let writer = (!shared).then(|| self.writer());
        // A shared store decides whether the document exists; otherwise the memory is the
        // store's copy.
        let removed = if shared {
            0
        } else {
            let removed = self.read().get(name).map(|document| document.text.len());
            removed.ok_or_else(|| not_found(name))?
        };
        let mut sequence = 0;
        if let Some(backend) = &self.backend {
            sequence = self.timed("delete", || backend.delete(name))?;
        }
        if shared {
            self.await_own(sequence);
            return Ok(sequence);
        }
        self.apply(|corpus| corpus.remove(name))?;
        self.count_text(0, removed);
        self.publish();
        drop(writer);
        Ok(sequence)
    }

    /// Sets what a document written from now on may be ([`Corpus::set_document_limits`]).
    pub fn set_document_limits(&self, limits: lede_corpus::DocumentLimits) {
        self.apply(|corpus| corpus.set_document_limits(limits));
    }

    /// A fresh document identifier that no document has.
    pub(crate) fn new_id(&self) -> String {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        loop {
            // `RandomState` is seeded randomly per process (and varies per instance), so ids
            // are unpredictable as well as unique.
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            if let Ok(elapsed) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
                hasher.write_u128(elapsed.as_nanos());
            }
            let id = format!("{:016x}", hasher.finish());
            if !self.read().contains(&id) {
                return id;
            }
        }
    }
}

/// Logs why documents were analysed at load: one warning per invalid stored analysis (it
/// names the document), one line for those without one and one per stale version.
fn log_reanalysed(report: &LoadReport, corpus: &Corpus, created: bool) {
    let mut missing = 0;
    let mut stale: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for redone in &report.reanalysed {
        match &redone.reason {
            Reanalysis::Missing => missing += 1,
            Reanalysis::Stale { version } => *stale.entry(version.as_str()).or_default() += 1,
            Reanalysis::Invalid(error) => tracing::warn!(
                document = %redone.name,
                %error,
                "stored analysis invalid: document analysed again and its analysis rewritten"
            ),
            other => tracing::warn!(
                document = %redone.name,
                reason = ?other,
                "stored analysis not used: document analysed again and its analysis rewritten"
            ),
        }
    }
    // A new store's seed articles are stored before any corpus has analysed them.
    if missing > 0 && !created {
        tracing::info!(
            documents = missing,
            "documents without a stored analysis (a data directory from before schema 2, or \
             written without one): analysed, and their analysis stored"
        );
    }
    let current = corpus.analysis_version();
    for (version, documents) in stale {
        tracing::info!(
            documents,
            stored = version,
            current = %current,
            "stored analyses of another analysis version: analysed again and rewritten"
        );
    }
}

/// Sets the near-duplicate of each of `created`, once the corpus has them.
fn mark_duplicates(corpus: &Corpus, created: &mut [Stored]) {
    for stored in created {
        stored.duplicate_of = corpus
            .duplicate_of(&stored.document.name)
            .map(str::to_owned);
    }
}

/// A document as a write stored it, without its text (responses to writes do not echo the
/// text back) but with its counts.
#[derive(Debug)]
pub(crate) struct Stored {
    /// The document; its `text` is empty.
    pub(crate) document: Document,
    /// The number of words of its text.
    pub(crate) words: usize,
    /// The number of sentences of its text.
    pub(crate) sentences: usize,
    /// The document it is a near-duplicate of, once committed.
    pub(crate) duplicate_of: Option<String>,
}

impl Stored {
    fn new(prepared: &Prepared) -> Self {
        Self {
            document: prepared.document().without_text(),
            words: prepared.word_count(),
            sentences: prepared.sentence_count(),
            duplicate_of: None,
        }
    }
}

/// The current time to the microsecond: what the store keeps, so that the times a client
/// is given do not change when the server restarts.
fn now() -> SystemTime {
    let now = SystemTime::now();
    now.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(now, |since| {
            let micros = std::time::Duration::from_micros(
                u64::try_from(since.as_micros()).unwrap_or(u64::MAX),
            );
            SystemTime::UNIX_EPOCH + micros
        })
}

fn not_found(id: &str) -> ApiError {
    ApiError::no_document(&crate::convert::resource_name(id))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use lede_corpus::StoredAnalysis;

    use super::*;

    /// The version-1 data directory of `lede-store`'s tests, made by the code before stored
    /// analyses.
    const SCHEMA_1_FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../lede-store/tests/fixtures/schema-v1/lede.sqlite3"
    );

    /// Opens the collection in `dir`, and returns it with what it logged.
    fn open_logged(dir: &Path) -> (Collection, String) {
        let (collection, text) = crate::log_capture::logged(|| Collection::open(dir));
        (collection.expect("open"), text)
    }

    /// Every stored analysis decodes for its document.
    fn all_analyses_valid(dir: &Path) -> bool {
        let store = Store::open_read_only(dir).expect("store");
        let corpus = Corpus::new();
        let mut valid = true;
        store
            .for_each_analysed(|document, analysis| {
                valid &= analysis
                    .is_some_and(|analysis| corpus.prepare_stored(document, &analysis).is_ok());
            })
            .expect("read");
        valid
    }

    #[test]
    fn a_schema_1_directory_is_loaded_and_its_analyses_stored_once() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::copy(SCHEMA_1_FIXTURE, dir.path().join(lede_store::DATABASE_FILE)).expect("copy");
        let (collection, log) = open_logged(dir.path());
        assert_eq!(collection.len(), 4);
        assert!(
            log.contains("documents without a stored analysis") && log.contains("documents=4"),
            "{log}"
        );
        drop(collection);
        assert!(all_analyses_valid(dir.path()));
        let (collection, log) = open_logged(dir.path());
        assert_eq!(collection.len(), 4);
        assert!(!log.contains("without a stored analysis"), "{log}");
        assert!(log.contains("reanalysed=0"), "{log}");
    }

    fn greenland_hits(collection: &Collection) -> Vec<(String, f64)> {
        collection
            .read()
            .search("Greenland", 5)
            .expect("search")
            .iter()
            .map(|hit| (hit.name.to_owned(), hit.score))
            .collect()
    }

    #[test]
    fn a_damaged_analysis_is_logged_and_rewritten() {
        let dir = tempfile::tempdir().expect("dir");
        let (collection, log) = open_logged(dir.path());
        // A new store's seeds are analysed at the first load without a word about it.
        assert!(!log.contains("without a stored analysis"), "{log}");
        let expected = greenland_hits(&collection);
        let name = collection.read().names().next().expect("a seed").to_owned();
        drop(collection);
        {
            let mut store = Store::open(dir.path(), &[]).expect("store");
            let garbage = StoredAnalysis {
                version: Corpus::new().analysis_version(),
                bytes: vec![1, 2, 3, 4, 5, 6],
            };
            assert_eq!(store.set_analyses(&[(&name, &garbage)]).expect("set"), 1);
        }
        let (collection, log) = open_logged(dir.path());
        assert!(
            log.contains("WARN") && log.contains(&format!("document={name}")),
            "{log}"
        );
        let found = greenland_hits(&collection);
        assert_eq!(found, expected);
        drop(collection);
        assert!(all_analyses_valid(dir.path()));
    }

    #[test]
    fn writes_store_the_analysis_of_what_they_write() {
        let dir = tempfile::tempdir().expect("dir");
        let (collection, _) = open_logged(dir.path());
        collection
            .create(vec![Document::new("oil", "Oil prices fell.")])
            .expect("create");
        collection
            .update("oil", |document| {
                document.text = "Oil prices rose.".to_owned()
            })
            .expect("update");
        assert!(all_analyses_valid(dir.path()));
        let store = Store::open_read_only(dir.path()).expect("store");
        let mut oil = None;
        store
            .for_each_analysed(|document, analysis| {
                if document.name == "oil" {
                    oil = Some((document, analysis));
                }
            })
            .expect("read");
        let (document, analysis) = oil.expect("stored");
        let corpus = Corpus::new();
        let prepared = corpus.prepare(document).expect("prepare");
        assert_eq!(analysis, Some(corpus.stored_analysis(&prepared)));
        collection.delete("oil").expect("delete");
        drop(collection);
        let (collection, log) = open_logged(dir.path());
        assert!(!collection.read().contains("oil"));
        assert!(log.contains("reanalysed=0"), "{log}");
    }
}
