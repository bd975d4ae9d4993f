//! The write ledger of `mixed`: what the run knows about every document it created, and the
//! check of a server's documents against it.
//!
//! A document's create (or delete) is *acknowledged* when the server answered OK, and
//! *uncertain* when it answered with an error, a deadline or a cancellation: the write may or
//! may not have been committed. An uncertain write is retried at the next write of the same
//! kind: a create again with the same id and text (OK or ALREADY_EXISTS: acknowledged), a
//! delete again (OK or NOT_FOUND: the document is gone), so that failures neither leave
//! documents behind (the corpus would grow) nor stay uncertain for long. After a run, every document whose create was acknowledged and
//! whose delete was not attempted must exist with the exact text sent; every document whose
//! delete was acknowledged must not exist; uncertain documents are excluded from both sets.
//!
//! The ledger file is JSON lines: a header
//! `{"lede_loadgen_ledger":1,"run_id":"…","prefix":"loadgen-…-","addr":"…"}`, then one line per
//! document, `{"id":"loadgen-…-42","state":"present","len":2851,"fnv1a64":"…"}`, `state` being
//! one of `present`, `deleted`, `uncertain_create`, `uncertain_delete`, `vanished`.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use serde_derive::{Deserialize, Serialize};

/// The version of the ledger file format.
const FORMAT: u32 = 1;

/// What the run knows about one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum State {
    /// Create acknowledged, no delete attempted: must exist with the text sent.
    Present,
    /// Create and delete acknowledged: must not exist.
    Deleted,
    /// The create failed or timed out: may or may not exist.
    UncertainCreate,
    /// Create acknowledged, the delete failed or timed out: may or may not exist.
    UncertainDelete,
    /// Create acknowledged, then its first delete answered NOT_FOUND: an acknowledged write
    /// lost while the run went on.
    Vanished,
}

/// The fingerprint of a text: its length in bytes and its 64-bit FNV-1a hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub(crate) len: usize,
    pub(crate) hash: u64,
}

impl Fingerprint {
    /// The fingerprint of `text`.
    pub(crate) fn of(text: &str) -> Self {
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Self {
            len: text.len(),
            hash,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    state: State,
    text: Fingerprint,
}

/// The documents of one run, by id.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    run_id: String,
    entries: BTreeMap<String, Entry>,
    /// Present documents not yet handed out for deletion, oldest acknowledgement first.
    live: VecDeque<String>,
    /// Uncertain creates to send again (id, request number), oldest first.
    create_retries: VecDeque<(String, u64)>,
    /// Uncertain deletes to send again, oldest first.
    delete_retries: VecDeque<String>,
    /// Writes sent again.
    retries: u64,
}

/// The ids of the documents of run `run_id` all start with this.
pub(crate) fn id_prefix(run_id: &str) -> String {
    format!("loadgen-{run_id}-")
}

/// What a ledger holds, by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    /// Creates the server acknowledged.
    pub(crate) acknowledged_creates: u64,
    /// Deletes the server acknowledged.
    pub(crate) acknowledged_deletes: u64,
    /// Creates that failed or timed out.
    pub(crate) uncertain_creates: u64,
    /// Deletes that failed or timed out.
    pub(crate) uncertain_deletes: u64,
    /// Documents that must exist.
    pub(crate) must_exist: u64,
    /// Acknowledged creates whose delete answered NOT_FOUND.
    pub(crate) vanished: u64,
    /// Uncertain writes sent again.
    pub(crate) retries: u64,
}

/// A server's documents checked against a ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Verification {
    /// Must-exist documents found with the exact text sent.
    pub(crate) verified_present: u64,
    /// Must-exist documents not found, plus the vanished ones.
    pub(crate) missing: u64,
    /// Must-exist documents found with another text.
    pub(crate) wrong_text: u64,
    /// Acknowledged-deleted documents found.
    pub(crate) resurrected: u64,
    /// Acknowledged-deleted documents checked absent.
    pub(crate) verified_deleted: u64,
    /// Documents of the run the ledger does not know (never sent, as far as it knows).
    pub(crate) unexpected: u64,
    /// Uncertain documents found (allowed either way; for information).
    pub(crate) uncertain_present: u64,
}

impl Verification {
    /// No acknowledged write lost, changed or undone, and nothing unknown.
    pub(crate) fn passed(&self) -> bool {
        self.missing == 0 && self.wrong_text == 0 && self.resurrected == 0 && self.unexpected == 0
    }
}

/// The documents of a run found on a server, by id (without `documents/`).
pub(crate) type Found = HashMap<String, Fingerprint>;

impl Ledger {
    /// An empty ledger for run `run_id`.
    pub(crate) fn new(run_id: &str) -> Self {
        Self {
            run_id: run_id.to_owned(),
            ..Self::default()
        }
    }

    /// The run's id.
    pub(crate) fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The create of `id` (with `text`) was acknowledged.
    pub(crate) fn create_acknowledged(&mut self, id: &str, text: Fingerprint) {
        self.entries.insert(
            id.to_owned(),
            Entry {
                state: State::Present,
                text,
            },
        );
        self.live.push_back(id.to_owned());
    }

    /// The create of `id` (request number `seq`) failed or timed out: it is sent again at
    /// the next create.
    pub(crate) fn create_uncertain(&mut self, id: &str, seq: u64, text: Fingerprint) {
        self.entries.insert(
            id.to_owned(),
            Entry {
                state: State::UncertainCreate,
                text,
            },
        );
        self.create_retries.push_back((id.to_owned(), seq));
    }

    /// The first create of `id` answered ALREADY_EXISTS: a name taken by something else
    /// (the run ids of two runs collided). Uncertain, not retried.
    pub(crate) fn create_conflict(&mut self, id: &str, text: Fingerprint) {
        self.entries.insert(
            id.to_owned(),
            Entry {
                state: State::UncertainCreate,
                text,
            },
        );
    }

    /// The oldest uncertain create to send again (its id and request number).
    pub(crate) fn take_create_retry(&mut self) -> Option<(String, u64)> {
        let retry = self.create_retries.pop_front()?;
        self.retries += 1;
        Some(retry)
    }

    /// The oldest uncertain delete to send again.
    pub(crate) fn take_delete_retry(&mut self) -> Option<String> {
        let retry = self.delete_retries.pop_front()?;
        self.retries += 1;
        Some(retry)
    }

    /// Uncertain writes waiting to be sent again.
    pub(crate) fn pending_retries(&self) -> usize {
        self.create_retries.len() + self.delete_retries.len()
    }

    /// The number of present documents not yet handed out for deletion.
    #[cfg(test)]
    pub(crate) fn live(&self) -> usize {
        self.live.len()
    }

    /// The oldest acknowledged document not yet handed out for deletion, if more than `keep`
    /// are live: the caller deletes it and reports the outcome. Each document is handed out
    /// at most once, and only after its create was acknowledged.
    pub(crate) fn take_for_delete(&mut self, keep: usize) -> Option<String> {
        if self.live.len() > keep {
            self.live.pop_front()
        } else {
            None
        }
    }

    fn set_state(&mut self, id: &str, state: State) {
        if let Some(entry) = self.entries.get_mut(id) {
            entry.state = state;
        }
    }

    /// The delete of `id` was acknowledged.
    pub(crate) fn delete_acknowledged(&mut self, id: &str) {
        self.set_state(id, State::Deleted);
    }

    /// The delete of `id` failed or timed out: it is sent again at the next delete.
    pub(crate) fn delete_uncertain(&mut self, id: &str) {
        self.set_state(id, State::UncertainDelete);
        self.delete_retries.push_back(id.to_owned());
    }

    /// The delete of `id`, whose create was acknowledged, answered NOT_FOUND: the document
    /// vanished if this was the first delete, and is gone (deleted by an earlier attempt)
    /// if it was a retry.
    pub(crate) fn delete_not_found(&mut self, id: &str, retry: bool) {
        self.set_state(
            id,
            if retry {
                State::Deleted
            } else {
                State::Vanished
            },
        );
    }

    /// The state of `id`, if the ledger knows it.
    #[cfg(test)]
    pub(crate) fn state(&self, id: &str) -> Option<State> {
        self.entries.get(id).map(|entry| entry.state)
    }

    /// The ledger's counts.
    pub(crate) fn counts(&self) -> Counts {
        let mut counts = Counts {
            retries: self.retries,
            ..Counts::default()
        };
        for entry in self.entries.values() {
            match entry.state {
                State::Present => {
                    counts.acknowledged_creates += 1;
                    counts.must_exist += 1;
                }
                State::Deleted => {
                    counts.acknowledged_creates += 1;
                    counts.acknowledged_deletes += 1;
                }
                State::UncertainCreate => counts.uncertain_creates += 1,
                State::UncertainDelete => {
                    counts.acknowledged_creates += 1;
                    counts.uncertain_deletes += 1;
                }
                State::Vanished => {
                    counts.acknowledged_creates += 1;
                    counts.vanished += 1;
                }
            }
        }
        counts
    }

    /// The ids of the must-exist documents `found` lacks: the ones to look up one by one
    /// before concluding they are missing.
    pub(crate) fn absent_must_exist<'a>(&'a self, found: &'a Found) -> Vec<&'a str> {
        self.entries
            .iter()
            .filter(|(id, entry)| entry.state == State::Present && !found.contains_key(*id))
            .map(|(id, _)| id.as_str())
            .collect()
    }

    /// Checks `found`, every document of the run the server has, against the ledger.
    pub(crate) fn verify(&self, found: &Found) -> Verification {
        let mut result = Verification::default();
        for (id, entry) in &self.entries {
            let server = found.get(id);
            match (entry.state, server) {
                (State::Present, Some(text)) if *text == entry.text => {
                    result.verified_present += 1;
                }
                (State::Present, Some(_)) => result.wrong_text += 1,
                (State::Present, None) => result.missing += 1,
                (State::Vanished, Some(_)) => result.resurrected += 1,
                (State::Vanished, None) => result.missing += 1,
                (State::Deleted, Some(_)) => result.resurrected += 1,
                (State::Deleted, None) => result.verified_deleted += 1,
                (State::UncertainCreate | State::UncertainDelete, Some(_)) => {
                    result.uncertain_present += 1;
                }
                (State::UncertainCreate | State::UncertainDelete, None) => {}
            }
        }
        result.unexpected = found
            .keys()
            .filter(|id| !self.entries.contains_key(*id))
            .count() as u64;
        result
    }

    /// Writes the ledger as JSON lines to `out`.
    pub(crate) fn write_to(&self, out: impl std::io::Write, addr: &str) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(out);
        let header = serde_json::json!({
            "lede_loadgen_ledger": FORMAT,
            "run_id": self.run_id,
            "prefix": id_prefix(&self.run_id),
            "addr": addr,
        });
        writeln!(out, "{header}")?;
        for (id, entry) in &self.entries {
            let line = Line {
                id: id.clone(),
                state: entry.state,
                len: entry.text.len,
                fnv1a64: format!("{:016x}", entry.text.hash),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    /// Writes the ledger to the file `path` (replacing it).
    pub(crate) fn save(&self, path: &Path, addr: &str) -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("creating the ledger {}", path.display()))?;
        self.write_to(file, addr)
            .with_context(|| format!("writing the ledger {}", path.display()))
    }

    /// Reads a ledger written by [`Ledger::write_to`].
    pub(crate) fn read_from(input: impl std::io::BufRead) -> anyhow::Result<Self> {
        let mut lines = input.lines();
        let header = lines.next().context("the ledger is empty")??;
        let header: Header = serde_json::from_str(&header).context("the ledger's header")?;
        anyhow::ensure!(
            header.lede_loadgen_ledger == FORMAT,
            "ledger format {} (this lede-loadgen reads {FORMAT})",
            header.lede_loadgen_ledger
        );
        anyhow::ensure!(
            header.prefix == id_prefix(&header.run_id),
            "the ledger's prefix {:?} is not that of run {:?}",
            header.prefix,
            header.run_id
        );
        let mut ledger = Self::new(&header.run_id);
        for (number, line) in lines.enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(&line)
                .with_context(|| format!("line {} of the ledger", number + 2))?;
            let hash = u64::from_str_radix(&line.fnv1a64, 16)
                .with_context(|| format!("line {} of the ledger: fnv1a64", number + 2))?;
            ledger.entries.insert(
                line.id,
                Entry {
                    state: line.state,
                    text: Fingerprint {
                        len: line.len,
                        hash,
                    },
                },
            );
        }
        Ok(ledger)
    }

    /// Reads the ledger file `path`.
    pub(crate) fn load(path: &Path) -> anyhow::Result<Self> {
        let file = std::fs::File::open(path)
            .with_context(|| format!("opening the ledger {}", path.display()))?;
        Self::read_from(std::io::BufReader::new(file))
            .with_context(|| format!("reading the ledger {}", path.display()))
    }
}

#[derive(Deserialize)]
struct Header {
    lede_loadgen_ledger: u32,
    run_id: String,
    prefix: String,
}

#[derive(Serialize, Deserialize)]
struct Line {
    id: String,
    state: State,
    len: usize,
    fnv1a64: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: u32) -> Fingerprint {
        Fingerprint::of(&format!("text {n}"))
    }

    /// A ledger with every state: 1 and 2 present, 3 deleted, 4 uncertain create,
    /// 5 uncertain delete, 6 vanished.
    fn sample() -> Ledger {
        let mut ledger = Ledger::new("run1");
        for n in [1, 2, 3, 5, 6] {
            ledger.create_acknowledged(&format!("loadgen-run1-{n}"), text(n));
        }
        ledger.create_uncertain("loadgen-run1-4", 4, text(4));
        // Oldest first: 1, 2, 3, 5, 6 were acknowledged in that order.
        assert_eq!(ledger.take_for_delete(4).as_deref(), Some("loadgen-run1-1"));
        assert_eq!(ledger.take_for_delete(4), None);
        ledger.create_acknowledged("loadgen-run1-1", text(1));
        // Live: 2, 3, 5, 6, 1.
        assert_eq!(ledger.take_for_delete(0).as_deref(), Some("loadgen-run1-2"));
        assert_eq!(ledger.take_for_delete(0).as_deref(), Some("loadgen-run1-3"));
        assert_eq!(ledger.take_for_delete(0).as_deref(), Some("loadgen-run1-5"));
        assert_eq!(ledger.take_for_delete(0).as_deref(), Some("loadgen-run1-6"));
        assert_eq!(ledger.live(), 1);
        ledger.delete_acknowledged("loadgen-run1-3");
        ledger.delete_uncertain("loadgen-run1-5");
        ledger.delete_not_found("loadgen-run1-6", false);
        // 2 was handed out but its delete never reported: still present.
        ledger
    }

    fn found(ids: &[(u32, u32)]) -> Found {
        ids.iter()
            .map(|&(id, body)| (format!("loadgen-run1-{id}"), text(body)))
            .collect()
    }

    #[test]
    fn states_and_counts() {
        let ledger = sample();
        assert_eq!(ledger.state("loadgen-run1-1"), Some(State::Present));
        assert_eq!(ledger.state("loadgen-run1-2"), Some(State::Present));
        assert_eq!(ledger.state("loadgen-run1-3"), Some(State::Deleted));
        assert_eq!(ledger.state("loadgen-run1-4"), Some(State::UncertainCreate));
        assert_eq!(ledger.state("loadgen-run1-5"), Some(State::UncertainDelete));
        assert_eq!(ledger.state("loadgen-run1-6"), Some(State::Vanished));
        assert_eq!(ledger.state("loadgen-run1-7"), None);
        assert_eq!(
            ledger.counts(),
            Counts {
                acknowledged_creates: 5,
                acknowledged_deletes: 1,
                uncertain_creates: 1,
                uncertain_deletes: 1,
                must_exist: 2,
                vanished: 1,
                retries: 0,
            }
        );
    }

    #[test]
    fn keep_holds_documents_back() {
        let mut ledger = Ledger::new("r");
        assert_eq!(ledger.take_for_delete(0), None);
        for n in 0..10 {
            ledger.create_acknowledged(&format!("loadgen-r-{n}"), text(n));
        }
        let mut taken = Vec::new();
        while let Some(id) = ledger.take_for_delete(7) {
            taken.push(id);
        }
        assert_eq!(taken, ["loadgen-r-0", "loadgen-r-1", "loadgen-r-2"]);
        assert_eq!(ledger.live(), 7);
        // An uncertain create is never handed out for deletion.
        ledger.create_uncertain("loadgen-r-99", 99, text(99));
        assert_eq!(ledger.live(), 7);
    }

    #[test]
    fn uncertain_writes_are_retried_until_resolved() {
        let mut ledger = sample();
        assert_eq!(ledger.pending_retries(), 2);
        // The create of 4 is sent again: ALREADY_EXISTS or OK, it is acknowledged.
        assert_eq!(
            ledger.take_create_retry(),
            Some(("loadgen-run1-4".to_owned(), 4))
        );
        assert_eq!(ledger.take_create_retry(), None);
        ledger.create_acknowledged("loadgen-run1-4", text(4));
        assert_eq!(ledger.state("loadgen-run1-4"), Some(State::Present));
        // The delete of 5 fails again, then answers NOT_FOUND: an earlier attempt deleted it.
        assert_eq!(
            ledger.take_delete_retry().as_deref(),
            Some("loadgen-run1-5")
        );
        ledger.delete_uncertain("loadgen-run1-5");
        assert_eq!(ledger.state("loadgen-run1-5"), Some(State::UncertainDelete));
        assert_eq!(
            ledger.take_delete_retry().as_deref(),
            Some("loadgen-run1-5")
        );
        ledger.delete_not_found("loadgen-run1-5", true);
        assert_eq!(ledger.state("loadgen-run1-5"), Some(State::Deleted));
        assert_eq!(ledger.pending_retries(), 0);
        let counts = ledger.counts();
        assert_eq!(counts.retries, 3);
        assert_eq!(counts.uncertain_creates + counts.uncertain_deletes, 0);
        assert_eq!(counts.acknowledged_creates, 6);
        assert_eq!(counts.acknowledged_deletes, 2);
        // A retried create joins the documents to delete, after the older ones.
        assert_eq!(ledger.take_for_delete(0).as_deref(), Some("loadgen-run1-1"));
        assert_eq!(ledger.take_for_delete(0).as_deref(), Some("loadgen-run1-4"));
        assert_eq!(ledger.take_for_delete(0), None);
        // A first create answering ALREADY_EXISTS stays uncertain and is not retried.
        ledger.create_conflict("loadgen-run1-9", text(9));
        assert_eq!(ledger.state("loadgen-run1-9"), Some(State::UncertainCreate));
        assert_eq!(ledger.pending_retries(), 0);
    }

    #[test]
    fn a_clean_server_passes() {
        let ledger = sample();
        // 1 and 2 present with their texts, the uncertain 5 present, 3, 4 and 6 absent...
        // except that 6 vanished during the run: that alone is a missing write.
        let result = ledger.verify(&found(&[(1, 1), (2, 2), (5, 5)]));
        assert_eq!(result.verified_present, 2);
        assert_eq!(result.verified_deleted, 1);
        assert_eq!(result.uncertain_present, 1);
        assert_eq!(result.missing, 1);
        assert!(!result.passed());

        let mut clean = Ledger::new("run1");
        clean.create_acknowledged("loadgen-run1-1", text(1));
        clean.create_acknowledged("loadgen-run1-2", text(2));
        clean.create_uncertain("loadgen-run1-3", 3, text(3));
        let taken = clean.take_for_delete(1);
        assert_eq!(taken.as_deref(), Some("loadgen-run1-1"));
        clean.delete_acknowledged("loadgen-run1-1");
        let result = clean.verify(&found(&[(2, 2)]));
        assert!(result.passed(), "{result:?}");
        assert_eq!(result.verified_present, 1);
        assert_eq!(result.verified_deleted, 1);
        // The uncertain create may be there too.
        assert!(clean.verify(&found(&[(2, 2), (3, 3)])).passed());
    }

    #[test]
    fn lost_changed_resurrected_and_unknown_documents_fail() {
        let ledger = sample();
        let missing = ledger.verify(&found(&[(1, 1)]));
        assert_eq!(missing.missing, 2, "2 absent and 6 vanished");
        assert_eq!(
            ledger.absent_must_exist(&found(&[(1, 1)])),
            ["loadgen-run1-2"]
        );
        let changed = ledger.verify(&found(&[(1, 1), (2, 7)]));
        assert_eq!(changed.wrong_text, 1);
        assert!(!changed.passed());
        let resurrected = ledger.verify(&found(&[(1, 1), (2, 2), (3, 3), (6, 6)]));
        assert_eq!(resurrected.resurrected, 2);
        assert_eq!(resurrected.missing, 0);
        assert!(!resurrected.passed());
        let unexpected = ledger.verify(&found(&[(1, 1), (2, 2), (8, 8)]));
        assert_eq!(unexpected.unexpected, 1);
        assert!(!unexpected.passed());
    }

    #[test]
    fn fingerprints_tell_texts_apart() {
        assert_eq!(Fingerprint::of("abc"), Fingerprint::of("abc"));
        assert_ne!(Fingerprint::of("abc"), Fingerprint::of("abd"));
        assert_ne!(Fingerprint::of("ab"), Fingerprint::of("abc"));
        // FNV-1a 64 of the empty string and of "a" (reference values).
        assert_eq!(Fingerprint::of("").hash, 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fingerprint::of("a").hash, 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn ledger_file_round_trip() {
        let ledger = sample();
        let mut bytes = Vec::new();
        ledger.write_to(&mut bytes, "http://127.0.0.1:1").unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(text.lines().count(), 7, "{text}");
        let header = text.lines().next().unwrap_or_default();
        assert!(header.contains("\"prefix\":\"loadgen-run1-\""), "{text}");
        assert!(header.contains("\"addr\":\"http://127.0.0.1:1\""), "{text}");
        assert!(text.contains("\"state\":\"uncertain_delete\""), "{text}");
        let read = Ledger::read_from(bytes.as_slice()).unwrap();
        assert_eq!(read.run_id(), "run1");
        assert_eq!(read.entries, ledger.entries);
        assert_eq!(read.counts(), ledger.counts());
        let server = found(&[(1, 1), (2, 2), (3, 3)]);
        assert_eq!(read.verify(&server), ledger.verify(&server));

        assert!(Ledger::read_from(&b""[..]).is_err());
        assert!(
            Ledger::read_from(
                &b"{\"lede_loadgen_ledger\":2,\"run_id\":\"a\",\"prefix\":\"loadgen-a-\"}\n"[..]
            )
            .is_err()
        );
        assert!(
            Ledger::read_from(
                &b"{\"lede_loadgen_ledger\":1,\"run_id\":\"a\",\"prefix\":\"loadgen-b-\"}\n"[..]
            )
            .is_err()
        );
        let bad_state = "{\"lede_loadgen_ledger\":1,\"run_id\":\"a\",\"prefix\":\"loadgen-a-\"}\n\
                         {\"id\":\"loadgen-a-1\",\"state\":\"gone\",\"len\":1,\"fnv1a64\":\"00\"}\n";
        assert!(Ledger::read_from(bad_state.as_bytes()).is_err());
    }
}
