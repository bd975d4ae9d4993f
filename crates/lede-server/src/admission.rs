//! Admission control: how many requests may analyse at once, how many may wait, and what
//! happens to the rest.
//!
//! Every RPC's work is CPU-bound and runs on tokio's blocking pool. Left alone, that pool
//! grows to 512 threads under a flood, each holding its decoded request: latency grows
//! for everyone and memory with it, while the cores can only do as much work as before.
//! So the server runs at most `workers` analyses at once, lets at most `max_pending`
//! requests (running or waiting) into the system, and sheds the rest at once with
//! `RESOURCE_EXHAUSTED` and a `google.rpc.RetryInfo`: a client learns in microseconds that it
//! should back off instead of timing out after seconds. Health checks and reflection do
//! not pass through here, so they keep answering while the server sheds.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::status::ApiError;

/// The delay the server suggests to a shed client before it retries.
pub(crate) const RETRY_DELAY: Duration = Duration::from_millis(50);

/// How long to wait, for a request whose deadline is `limit` from now, before answering
/// DEADLINE_EXCEEDED. tonic's own grpc-timeout layer answers CANCELLED when the deadline
/// passes, and so does the client's: answer a tenth of the time before it (2 to 50 ms), so
/// that this DEADLINE_EXCEEDED wins the race even when the cores are busy.
pub(crate) fn give_up_after(limit: Duration) -> Duration {
    let margin = (limit / 10).clamp(Duration::from_millis(2), Duration::from_millis(50));
    limit.saturating_sub(margin)
}

/// The gate every request's work passes (see the module docs).
#[derive(Debug)]
pub(crate) struct Admission {
    /// One permit per analysis that may run at once.
    workers: Arc<Semaphore>,
    /// One permit per request in the system, running or waiting for a worker.
    pending: Arc<Semaphore>,
    max_pending: usize,
}

impl Admission {
    /// A gate for `workers` analyses at once and `max_pending` requests in all (each at
    /// least 1; `max_pending` at least `workers`).
    pub(crate) fn new(workers: usize, max_pending: usize) -> Self {
        let workers = workers.max(1);
        let max_pending = max_pending.max(workers);
        Self {
            workers: Arc::new(Semaphore::new(workers)),
            pending: Arc::new(Semaphore::new(max_pending)),
            max_pending,
        }
    }

    /// Runs `work` on the blocking pool once a worker is free, giving up with
    /// DEADLINE_EXCEEDED when `deadline` (from now) passes first, and with RESOURCE_EXHAUSTED
    /// at once when `max_pending` requests are already in the system.
    ///
    /// The permits travel with the work: when a deadline passes, the caller gets its answer
    /// while the work finishes in the background, and it still counts until it does, so that
    /// the limits describe what the cores are really doing.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        deadline: Option<Duration>,
        work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let place = self.enter()?;
        self.run_entered(place, deadline, work).await
    }

    /// A place among the pending requests, held until it is dropped; RESOURCE_EXHAUSTED at
    /// once when `max_pending` requests are already in the system.
    ///
    /// For a request that is in the server before its work can start: an import stream
    /// holds one from its first message, since the server keeps everything it has received
    /// until the commit (300 imports arriving at once were 300 requests nobody counted).
    pub(crate) fn enter(&self) -> Result<Place, ApiError> {
        Arc::clone(&self.pending)
            .try_acquire_owned()
            .map(|permit| Place { _permit: permit })
            .map_err(|_| ApiError::Overloaded {
                pending: self.max_pending,
                retry_after: RETRY_DELAY,
            })
    }

    /// [`run`](Self::run) for a request that already holds its `place`.
    pub(crate) async fn run_entered<T: Send + 'static>(
        &self,
        place: Place,
        deadline: Option<Duration>,
        work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (permits, give_up_at) = self.wait_for_worker(place, deadline).await?;
        let task = tokio::task::spawn_blocking(move || {
            let _permits = permits;
            work()
        });
        within(give_up_at, task)
            .await?
            .map_err(|error| ApiError::Internal(format!("worker task failed: {error}")))?
    }

    /// Like [`run`](Self::run), but runs `work` here, on the async worker thread, once admitted.
    ///
    /// For work bounded to some tens of microseconds (tokenizing a few kilobytes): handing it
    /// to the blocking pool and back costs two thread switches, more than the work itself
    /// (a third of the CPU of a Tokenize call went to switching threads).
    pub(crate) async fn run_here<T>(
        &self,
        deadline: Option<Duration>,
        work: impl FnOnce() -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let place = self.enter()?;
        let (_permits, _) = self.wait_for_worker(place, deadline).await?;
        work()
    }

    /// Waits for a worker for a request holding its `place` (or gives up with
    /// DEADLINE_EXCEEDED). Returns both permits and when to give up.
    async fn wait_for_worker(
        &self,
        place: Place,
        deadline: Option<Duration>,
    ) -> Result<((OwnedSemaphorePermit, Place), Option<Instant>), ApiError> {
        let give_up_at = deadline.map(|limit| Instant::now() + give_up_after(limit));
        let worker = within(give_up_at, Arc::clone(&self.workers).acquire_owned())
            .await?
            .map_err(|_| ApiError::Internal("the worker pool is closed".to_owned()))?;
        Ok(((worker, place), give_up_at))
    }

    /// Requests in the system now, running or waiting (for tests and logs).
    #[cfg(test)]
    fn in_flight(&self) -> usize {
        self.max_pending - self.pending.available_permits()
    }
}

/// A request's place among the pending ([`Admission::enter`]), given back when dropped.
#[derive(Debug)]
pub(crate) struct Place {
    _permit: OwnedSemaphorePermit,
}

/// Awaits `future`, or fails with DEADLINE_EXCEEDED at `give_up_at`.
async fn within<F: Future>(give_up_at: Option<Instant>, future: F) -> Result<F::Output, ApiError> {
    match give_up_at {
        Some(at) => tokio::time::timeout_at(at, future)
            .await
            .map_err(|_| ApiError::DeadlineExceeded),
        None => Ok(future.await),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    /// Work that blocks until the test lets it go.
    fn held() -> (
        mpsc::Sender<()>,
        impl FnOnce() -> Result<(), ApiError> + Send + 'static,
    ) {
        let (release, wait) = mpsc::channel::<()>();
        (release, move || {
            let _ = wait.recv();
            Ok(())
        })
    }

    #[tokio::test]
    async fn sheds_what_does_not_fit_and_admits_again_when_work_ends() {
        let admission = Arc::new(Admission::new(1, 2));
        let (release_first, first) = held();
        let (release_second, second) = held();
        let running = tokio::spawn({
            let admission = Arc::clone(&admission);
            async move { admission.run(None, first).await }
        });
        let waiting = tokio::spawn({
            let admission = Arc::clone(&admission);
            async move { admission.run(None, second).await }
        });
        while admission.in_flight() < 2 {
            tokio::task::yield_now().await;
        }
        let shed = admission.run(None, || Ok(())).await;
        assert!(
            matches!(shed, Err(ApiError::Overloaded { pending: 2, .. })),
            "{shed:?}"
        );
        release_first.send(()).ok();
        release_second.send(()).ok();
        assert!(running.await.is_ok_and(|r| r.is_ok()));
        assert!(waiting.await.is_ok_and(|r| r.is_ok()));
        assert_eq!(admission.in_flight(), 0);
        assert!(admission.run(None, || Ok(7)).await.is_ok_and(|n| n == 7));
    }

    #[tokio::test]
    async fn a_request_waiting_for_a_worker_gives_up_at_its_deadline() {
        let admission = Arc::new(Admission::new(1, 4));
        let (release, busy) = held();
        let running = tokio::spawn({
            let admission = Arc::clone(&admission);
            async move { admission.run(None, busy).await }
        });
        while admission.in_flight() < 1 {
            tokio::task::yield_now().await;
        }
        let late = admission
            .run(Some(Duration::from_millis(30)), || Ok(()))
            .await;
        assert!(matches!(late, Err(ApiError::DeadlineExceeded)), "{late:?}");
        // It left the queue: only the running request is still in the system.
        assert_eq!(admission.in_flight(), 1);
        release.send(()).ok();
        assert!(running.await.is_ok_and(|r| r.is_ok()));
    }

    #[tokio::test]
    async fn work_past_its_deadline_keeps_its_worker_until_it_ends() {
        let admission = Admission::new(1, 4);
        let (release, slow) = held();
        let answered = admission.run(Some(Duration::from_millis(30)), slow).await;
        assert!(
            matches!(answered, Err(ApiError::DeadlineExceeded)),
            "{answered:?}"
        );
        assert_eq!(admission.in_flight(), 1, "the work still runs");
        release.send(()).ok();
        while admission.in_flight() > 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    #[tokio::test]
    async fn work_run_here_is_admitted_like_any_other() {
        let admission = Arc::new(Admission::new(1, 1));
        let (release, busy) = held();
        let running = tokio::spawn({
            let admission = Arc::clone(&admission);
            async move { admission.run(None, busy).await }
        });
        while admission.in_flight() < 1 {
            tokio::task::yield_now().await;
        }
        let shed = admission.run_here(None, || Ok(())).await;
        assert!(matches!(shed, Err(ApiError::Overloaded { .. })), "{shed:?}");
        release.send(()).ok();
        assert!(running.await.is_ok_and(|r| r.is_ok()));
        let answer = admission.run_here(None, || Ok(admission.in_flight())).await;
        assert!(
            answer.is_ok_and(|in_flight| in_flight == 1),
            "counted while it runs"
        );
    }

    #[tokio::test]
    async fn a_place_held_before_the_work_counts_until_the_work_ends() {
        let admission = Admission::new(1, 1);
        let place = admission.enter().expect("a place");
        assert!(matches!(
            admission.enter(),
            Err(ApiError::Overloaded { .. })
        ));
        assert!(matches!(
            admission.run(None, || Ok(())).await,
            Err(ApiError::Overloaded { .. })
        ));
        let done = admission.run_entered(place, None, || Ok(3)).await;
        assert!(done.is_ok_and(|n| n == 3));
        assert_eq!(admission.in_flight(), 0);
    }

    #[test]
    fn limits_are_at_least_one_worker_and_as_many_pending() {
        let admission = Admission::new(0, 0);
        assert_eq!(admission.workers.available_permits(), 1);
        assert_eq!(admission.max_pending, 1);
        let admission = Admission::new(4, 2);
        assert_eq!(admission.max_pending, 4);
    }
}
