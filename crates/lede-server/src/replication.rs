//! Following a shared store: the thread that applies the change log to the memory, the
//! sequence it has applied, and the waits of writes and reads on it.
//!
//! The follower reads the log after the sequence it has applied, a batch of sequences at a
//! time, each change with its document's *current* row, and applies one operation per
//! name (the current row, or a removal), so that applying is idempotent and never older
//! than the change. It advances the applied sequence under the corpus's write lock, so a
//! reader holding the read lock sees a corpus and a sequence that agree
//! (`GetCorpusStats.applied_sequence`). When it is caught up it sleeps until the store
//! notifies a commit (PostgreSQL's LISTEN/NOTIFY) or [`POLL`] passes. A lost connection
//! is retried with backoff, and the server reports NOT_SERVING on health meanwhile; a
//! follower that fell behind the log's retention reloads a snapshot of the whole corpus.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use lede_corpus::{Corpus, Prepared, Reanalysis};
use lede_store::{Change, Changes, Follower, Sequence};

use crate::collection::Collection;
use crate::status::ApiError;

/// How long a caught-up follower sleeps without a notification before it reads the log
/// again (the fallback when a notification is lost).
const POLL: Duration = Duration::from_millis(500);

/// How many sequences one read of the log covers.
const BATCH: u64 = 256;

/// The longest a read waits for this server to apply the sequence it asks for
/// (`lede-min-sequence`), within its deadline.
const MAX_READ_WAIT: Duration = Duration::from_secs(5);

/// The request metadata key of the sequence a read must see.
pub(crate) const MIN_SEQUENCE: &str = "lede-min-sequence";

/// The state of following a shared store's change log.
#[derive(Debug)]
pub(crate) struct Replication {
    /// Taken by the thread when it starts.
    follower: Mutex<Option<Box<dyn Follower>>>,
    applied: Mutex<Sequence>,
    advanced: Condvar,
    /// The applied sequence again, for requests waiting on the async runtime.
    watch: tokio::sync::watch::Sender<Sequence>,
    /// Whether the last read of the log succeeded and found nothing more to apply.
    ready: AtomicBool,
}

impl Replication {
    /// Following with `follower` from `applied`, the sequence of the loaded snapshot.
    pub(crate) fn new(follower: Box<dyn Follower>, applied: Sequence) -> Self {
        Self {
            follower: Mutex::new(Some(follower)),
            applied: Mutex::new(applied),
            advanced: Condvar::new(),
            watch: tokio::sync::watch::Sender::new(applied),
            ready: AtomicBool::new(false),
        }
    }

    /// The last sequence applied.
    pub(crate) fn applied(&self) -> Sequence {
        *self.applied.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the follower is connected and caught up with the log: what health reports.
    pub(crate) fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    fn set_applied(&self, sequence: Sequence) {
        let mut applied = self.applied.lock().unwrap_or_else(PoisonError::into_inner);
        if sequence > *applied {
            *applied = sequence;
            self.watch.send_replace(sequence);
            self.advanced.notify_all();
        }
    }

    /// Blocks until `sequence` is applied or `timeout` passes; whether it was applied.
    pub(crate) fn wait_blocking(&self, sequence: Sequence, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut applied = self.applied.lock().unwrap_or_else(PoisonError::into_inner);
        while *applied < sequence {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            applied = self
                .advanced
                .wait_timeout(applied, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }
}

/// The sequence a request's `lede-min-sequence` metadata asks to see, if any.
pub(crate) fn min_sequence<T>(request: &tonic::Request<T>) -> Result<Option<Sequence>, ApiError> {
    let Some(value) = request.metadata().get(MIN_SEQUENCE) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse::<Sequence>().ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::invalid(
                MIN_SEQUENCE,
                "must be a decimal number: the `sequence` of a write's response",
            )
        })
}

/// Waits (within the request's `deadline`, and at most [`MAX_READ_WAIT`]) until this server
/// has applied `min`, and returns what is left of the deadline. Without a shared store every
/// acknowledged write is already visible, so there is nothing to wait for.
pub(crate) async fn caught_up(
    collection: &Collection,
    min: Option<Sequence>,
    deadline: Option<Duration>,
) -> Result<Option<Duration>, ApiError> {
    let (Some(min), Some(replication)) = (min, collection.replication.as_ref()) else {
        return Ok(deadline);
    };
    let start = Instant::now();
    let bound = deadline.map_or(MAX_READ_WAIT, |deadline| {
        crate::admission::give_up_after(deadline).min(MAX_READ_WAIT)
    });
    let mut applied = replication.watch.subscribe();
    let reached = tokio::time::timeout(bound, applied.wait_for(|applied| *applied >= min)).await;
    if matches!(reached, Ok(Ok(_))) {
        return Ok(deadline.map(|deadline| deadline.saturating_sub(start.elapsed())));
    }
    if deadline.is_some_and(|deadline| deadline <= MAX_READ_WAIT) {
        return Err(ApiError::DeadlineExceeded);
    }
    Err(ApiError::Unavailable(format!(
        "this server has applied the change log through sequence {}, and the request asks \
         for {min} ({MIN_SEQUENCE}): retry, here or at another server",
        replication.applied()
    )))
}

impl Collection {
    /// Starts the thread that follows the shared store's change log (once; nothing without
    /// a shared store). It stops when the collection is dropped.
    ///
    /// # Errors
    ///
    /// The thread cannot be spawned.
    pub fn start_following(self: &Arc<Self>) -> anyhow::Result<()> {
        let Some(replication) = &self.replication else {
            return Ok(());
        };
        let Some(follower) = replication
            .follower
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        else {
            return Ok(());
        };
        let collection = Arc::downgrade(self);
        std::thread::Builder::new()
            .name("lede-follower".to_owned())
            .spawn(move || follow(&collection, follower))
            .context("starting the change-log follower")?;
        Ok(())
    }

    /// Applies a read of the log: one operation per name, then `through` as the applied
    /// sequence, under one write lock.
    fn apply_changes(&self, changes: Vec<Change>, through: Sequence) {
        let Some(replication) = &self.replication else {
            return;
        };
        let mut names = HashSet::with_capacity(changes.len());
        let mut operations: Vec<Result<Prepared, String>> = Vec::with_capacity(changes.len());
        {
            // Decoding (or analysing) beside readers; only the commits take the write lock.
            let corpus = self.read();
            for change in changes {
                if !names.insert(change.name.clone()) {
                    continue;
                }
                match change.now {
                    None => operations.push(Err(change.name)),
                    Some(row) => match corpus.prepare_loaded(row.document, row.analysis) {
                        Ok((prepared, reanalysed)) => {
                            if let Some(Reanalysis::Invalid(error)) = reanalysed {
                                tracing::warn!(
                                    document = %change.name,
                                    %error,
                                    "stored analysis invalid: document analysed again here"
                                );
                            }
                            operations.push(Ok(prepared));
                        }
                        Err(error) => tracing::error!(
                            document = %change.name,
                            sequence = change.sequence,
                            %error,
                            "a stored document cannot be applied here: this server lacks it"
                        ),
                    },
                }
            }
        }
        self.apply(|corpus| {
            for operation in operations {
                match operation {
                    Ok(prepared) => {
                        let name = prepared.document().name.clone();
                        let added = prepared.document().text.len();
                        let result = if corpus.contains(&name) {
                            corpus.replace(prepared).map(|old| old.text.len())
                        } else {
                            corpus.commit(prepared).map(|()| 0)
                        };
                        match result {
                            Ok(removed) => self.count_text(added, removed),
                            Err(error) => tracing::error!(
                                document = %name,
                                %error,
                                "a stored document cannot be applied here"
                            ),
                        }
                    }
                    Err(name) => {
                        if let Ok(old) = corpus.remove(&name) {
                            self.count_text(0, old.text.len());
                        }
                    }
                }
            }
            replication.set_applied(through);
        });
        self.publish();
    }

    /// Replaces the whole corpus by a snapshot of the store (the log no longer reaches back
    /// to what this server applied).
    fn reload(&self, follower: &mut dyn Follower) -> anyhow::Result<()> {
        let Some(replication) = &self.replication else {
            return Ok(());
        };
        let (options, limits) = {
            let corpus = self.read();
            (*corpus.options(), *corpus.document_limits())
        };
        let mut corpus = Corpus::with_options(options)?;
        corpus.set_document_limits(limits);
        let mut sequence = 0;
        let report = corpus.load(|each| {
            sequence = follower.snapshot(each)?;
            Ok::<_, anyhow::Error>(())
        })?;
        let bytes = report.text_bytes as u64;
        self.apply(|current| {
            *current = corpus;
            self.set_text_bytes(bytes);
            replication.set_applied(sequence);
        });
        self.publish();
        Ok(())
    }
}

/// The follower thread's loop (see the module docs).
fn follow(collection: &Weak<Collection>, mut follower: Box<dyn Follower>) {
    let mut outage: Option<Instant> = None;
    let mut backoff = Duration::from_millis(50);
    loop {
        let Some(strong) = collection.upgrade() else {
            return;
        };
        let Some(replication) = &strong.replication else {
            return;
        };
        let after = replication.applied();
        let result = match follower.changes(after, BATCH) {
            Ok(Changes::Since {
                changes,
                through,
                latest,
            }) => {
                strong.apply_changes(changes, through);
                strong.metrics().set_log(replication.applied(), latest);
                Ok(through >= latest)
            }
            Ok(Changes::Trimmed { through }) => {
                tracing::warn!(
                    applied = after,
                    trimmed_through = through,
                    "this server fell behind the change log's retention: reloading the corpus"
                );
                strong.reload(&mut *follower).map(|()| false)
            }
            Err(error) => Err(anyhow::Error::from(error)),
        };
        match result {
            Ok(caught_up) => {
                if let Some(since) = outage.take() {
                    tracing::info!(
                        seconds = format!("{:.1}", since.elapsed().as_secs_f64()),
                        "following the change log again"
                    );
                }
                backoff = Duration::from_millis(50);
                replication.ready.store(caught_up, Ordering::Relaxed);
                drop(strong);
                if caught_up && let Err(error) = follower.wait(POLL) {
                    tracing::debug!(%error, "waiting for the change log failed");
                }
            }
            Err(error) => {
                replication.ready.store(false, Ordering::Relaxed);
                if outage.is_none() {
                    tracing::warn!(
                        error = format!("{error:#}"),
                        applied = after,
                        "cannot follow the change log: retrying (health is NOT_SERVING)"
                    );
                    outage = Some(Instant::now());
                }
                drop(strong);
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
        }
    }
}
