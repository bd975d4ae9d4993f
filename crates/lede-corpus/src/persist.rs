//! Persisted analysis: what [`Corpus::prepare`] computes, as bytes a store can keep beside a
//! document, so that loading a stored corpus commits documents without analysing them again.
//!
//! The bytes are opaque to whoever stores them; this module is the only place that writes
//! or reads them, and nothing here knows where they are kept (the crate does no I/O).
//!
//! # Encoding
//!
//! One byte string per document, unsigned LEB128 varints throughout (most values are below
//! 128: one byte), terms as UTF-8:
//!
//! ```text
//! text length · sentence count · word count · term count
//! per term, in order of first occurrence (the order the vocabulary interns them in):
//!     term length · term bytes · form count
//!     per written form, in order of first occurrence:
//!         start (zigzag delta) · length · count
//! CRC-32 (4 bytes, little-endian) of everything before it, then of the document's text
//! ```
//!
//! A written form is the span of its first occurrence in the text, not a copy of its bytes:
//! the text is stored anyway, a span is two or three bytes, and
//! committing reads the form from the text exactly as committing an analysed document does
//! (possessive endings are removed then). The start of a term's first form is a delta from
//! the previous term's first form, a later form's from the form before it; deltas are
//! zigzag-encoded so that a hand-made `Prepared` out of text order still round-trips.
//!
//! The checksum covers the text as well as the bytes: an analysis whose bytes were damaged,
//! or that is stored beside a text it was not made from, is detected
//! ([`Error::InvalidAnalysis`]) and answered by analysing the text again.

use std::num::NonZero;
use std::sync::mpsc;
use std::thread;

use lede_tokenize::Span;

use crate::corpus::Prepared;
use crate::{Corpus, Document, Error};

/// The version of the analysis and of its encoding: bump it whenever the terms, sentence
/// counts, word counts or written forms of a text could change (tokenizer, normaliser, stop
/// words, stemmer, the analyzer's settings) or the byte layout of this module changes.
///
/// A stored analysis of another version is ignored and the text analysed again
/// ([`Corpus::load`]). The `pinned_fingerprint` test fails when the analysis of a fixed set
/// of texts changes, as a reminder.
pub const ANALYSIS_VERSION: u32 = 1;

/// At most this many threads decode or analyse documents in [`Corpus::load`] and
/// [`Corpus::prepare_for_storage`] (fewer on a machine with fewer cores).
const MAX_WORKERS: usize = 2;

/// Documents handed to a load worker at a time: enough to make the hand-over cheap, few
/// enough that a handful of batches in flight stay small.
const LOAD_BATCH: usize = 256;

/// A document's analysis as a store keeps it: opaque bytes and the version of the analysis
/// that made them ([`Corpus::analysis_version`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnalysis {
    /// The [analysis version](Corpus::analysis_version) of the corpus that made `bytes`.
    pub version: String,
    /// The encoded analysis ([`Prepared::analysis_bytes`]).
    pub bytes: Vec<u8>,
}

/// Why [`Corpus::load`] analysed a document instead of using its stored analysis.
#[derive(Debug)]
#[non_exhaustive]
pub enum Reanalysis {
    /// The document had no stored analysis (a store made before analyses were stored).
    Missing,
    /// The stored analysis was made by another analysis version or language.
    Stale {
        /// The version it was made with.
        version: String,
    },
    /// The stored analysis does not decode, or does not belong to the document's text
    /// ([`Error::InvalidAnalysis`]).
    Invalid(Error),
}

/// A document [`Corpus::load`] analysed, with the analysis to store for it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Reanalysed {
    /// The document's name.
    pub name: String,
    /// Why its stored analysis was not used.
    pub reason: Reanalysis,
    /// Its analysis, to store in place of the old one.
    pub analysis: StoredAnalysis,
}

/// What [`Corpus::load`] did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct LoadReport {
    /// How many documents were added.
    pub documents: usize,
    /// The bytes of their texts.
    pub text_bytes: usize,
    /// The documents whose stored analysis could not be used, in the order they came.
    pub reanalysed: Vec<Reanalysed>,
}

impl Prepared {
    /// The analysis of this document as bytes to store beside it (see the `persist` module
    /// documentation for the layout): what [`Corpus::prepare_stored`] turns back into an
    /// equal `Prepared` without analysing the text.
    #[must_use]
    pub fn analysis_bytes(&self) -> Vec<u8> {
        encode(self)
    }
}

impl Corpus {
    /// The version a stored analysis must carry for this corpus to use it:
    /// [`ANALYSIS_VERSION`] and the language (`"1/en"`), since the language picks the stop
    /// words and the stemmer.
    #[must_use]
    pub fn analysis_version(&self) -> String {
        format!("{ANALYSIS_VERSION}/{}", self.options().language.iso_code())
    }

    /// The analysis of a document this corpus [prepared](Self::prepare), with this corpus's
    /// analysis version: what to store beside the document.
    #[must_use]
    pub fn stored_analysis(&self, prepared: &Prepared) -> StoredAnalysis {
        StoredAnalysis {
            version: self.analysis_version(),
            bytes: prepared.analysis_bytes(),
        }
    }

    /// [`prepare`](Self::prepare) without the analysis: rebuilds the prepared document
    /// from its stored analysis. Committed, it changes the corpus exactly as the analysed
    /// document would.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDocument`] as `prepare`; [`Error::StaleAnalysis`] if the analysis was
    /// made with another [analysis version](Self::analysis_version);
    /// [`Error::InvalidAnalysis`] if its bytes do not decode or were not made from this
    /// document's text.
    pub fn prepare_stored(
        &self,
        document: Document,
        analysis: &StoredAnalysis,
    ) -> Result<Prepared, Error> {
        validate(&document)?;
        let current = self.analysis_version();
        if analysis.version != current {
            return Err(Error::StaleAnalysis {
                name: document.name,
                version: analysis.version.clone(),
                current,
            });
        }
        match decode_parts(&document.text, &analysis.bytes) {
            Ok(parts) => Ok(parts.with(document)),
            Err(reason) => Err(Error::InvalidAnalysis {
                name: document.name,
                reason,
            }),
        }
    }

    /// Prepares `documents` on a few threads and gives each back with its analysis to store:
    /// what an import writes.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDocument`] for the first document (in order) that
    /// [`prepare`](Self::prepare) refuses.
    pub fn prepare_for_storage(
        &self,
        documents: Vec<Document>,
    ) -> Result<Vec<(Document, StoredAnalysis)>, Error> {
        let prepare = |documents: Vec<Document>| -> Result<Vec<_>, Error> {
            documents
                .into_iter()
                .map(|document| {
                    let prepared = self.prepare(document)?;
                    let analysis = self.stored_analysis(&prepared);
                    Ok((prepared.into_document(), analysis))
                })
                .collect()
        };
        let workers = workers().min(documents.len().div_ceil(LOAD_BATCH)).max(1);
        if workers == 1 {
            return prepare(documents);
        }
        // Contiguous parts, so that the results concatenate in the documents' order.
        let mut parts = Vec::with_capacity(workers);
        let mut rest = documents;
        let size = rest.len().div_ceil(workers);
        while rest.len() > size {
            let tail = rest.split_off(size);
            parts.push(rest);
            rest = tail;
        }
        parts.push(rest);
        let results: Vec<Result<Vec<_>, Error>> = thread::scope(|scope| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| spawn(scope, "lede-analyse", move || prepare(part)))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut all = Vec::new();
        for result in results {
            all.extend(result?);
        }
        Ok(all)
    }

    /// Adds the documents `source` feeds, each with its stored analysis if it has one, and
    /// reports the documents whose analysis was missing, stale or invalid: those are
    /// analysed instead, and the report carries their fresh analysis to store.
    ///
    /// `source` is called once, on this thread, with a function to call for every document
    /// (a store's streaming read fits). Stored analyses are decoded, and the others
    /// analysed, on up to two worker threads while this corpus commits, in the order the
    /// documents came: the result is the corpus [`insert`](Self::insert) would build from
    /// the same documents in the same order.
    ///
    /// # Errors
    ///
    /// `source`'s own error; else [`Error::InvalidDocument`] or [`Error::AlreadyExists`]
    /// (converted into `E`) for the first document that cannot be added, after which the
    /// corpus holds the documents before it.
    pub fn load<E: From<Error>>(
        &mut self,
        source: impl FnOnce(&mut dyn FnMut(Document, Option<StoredAnalysis>)) -> Result<(), E>,
    ) -> Result<LoadReport, E> {
        // Workers analyse with a corpus of their own (same options, no documents): `prepare`
        // reads only the options, and this one is borrowed mutably by the committer.
        let analyser = Self::with_options(*self.options())?;
        let version = self.analysis_version();
        let workers = workers();
        let corpus = self;
        let (fed, committed) = thread::scope(|scope| {
            let mut inputs = Vec::with_capacity(workers);
            let mut outputs = Vec::with_capacity(workers);
            for _ in 0..workers {
                // Two batches queued each way bound what is in flight.
                let (input, batches) = mpsc::sync_channel::<Vec<Stored>>(2);
                let (output, results) = mpsc::sync_channel::<Vec<Result<Loaded, Error>>>(2);
                let (analyser, version) = (&analyser, version.as_str());
                spawn(scope, "lede-load-decode", move || {
                    for batch in batches {
                        let loaded = batch
                            .into_iter()
                            .map(|(document, stored)| analyser.load_one(document, stored, version))
                            .collect();
                        if output.send(loaded).is_err() {
                            break; // The committer failed and stopped listening.
                        }
                    }
                });
                inputs.push(input);
                outputs.push(results);
            }
            let committer = spawn(scope, "lede-load-commit", move || {
                corpus.commit_loaded(&outputs)
            });
            let mut batch = Vec::with_capacity(LOAD_BATCH);
            let mut dealt = 0usize;
            // `move`: dropping `deal` drops the senders, which ends the workers.
            let mut deal = move |batch: Vec<Stored>| {
                if let Some(input) = inputs.get(dealt % workers) {
                    // A closed worker means the committer failed: the rest is dropped and its
                    // error returned below.
                    let _ = input.send(batch);
                }
                dealt += 1;
            };
            let fed = source(&mut |document, stored| {
                batch.push((document, stored));
                if batch.len() == LOAD_BATCH {
                    deal(std::mem::replace(
                        &mut batch,
                        Vec::with_capacity(LOAD_BATCH),
                    ));
                }
            });
            if !batch.is_empty() {
                deal(batch);
            }
            drop(deal);
            let committed = committer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (fed, committed)
        });
        fed?;
        Ok(committed?)
    }

    /// The committer of [`load`](Self::load): takes the workers' batches back in the turn
    /// they were dealt in (batch `k` went to worker `k % workers`), so documents are
    /// committed in the order they came.
    fn commit_loaded(
        &mut self,
        outputs: &[mpsc::Receiver<Vec<Result<Loaded, Error>>>],
    ) -> Result<LoadReport, Error> {
        let mut report = LoadReport::default();
        // Stories are made once every document is in, in publish-time order.
        let paused = self.pause_stories(true);
        let committed = self.commit_turns(outputs, &mut report);
        self.pause_stories(paused);
        self.rebuild_stories();
        committed.map(|()| report)
    }

    fn commit_turns(
        &mut self,
        outputs: &[mpsc::Receiver<Vec<Result<Loaded, Error>>>],
        report: &mut LoadReport,
    ) -> Result<(), Error> {
        for turn in 0.. {
            let Some(output) = outputs.get(turn % outputs.len().max(1)) else {
                break;
            };
            // The worker whose turn it is has no batch left: there are no more batches.
            let Ok(batch) = output.recv() else {
                break;
            };
            for loaded in batch {
                let Loaded { prepared, redone } = loaded?;
                report.text_bytes += prepared.document().text.len();
                let name = redone.as_ref().map(|_| prepared.document().name.clone());
                self.commit(prepared)?;
                report.documents += 1;
                if let (Some((reason, analysis)), Some(name)) = (redone, name) {
                    report.reanalysed.push(Reanalysed {
                        name,
                        reason,
                        analysis,
                    });
                }
            }
        }
        Ok(())
    }

    /// What [`load`](Self::load) does with one stored document, for a caller that applies
    /// stored documents one at a time (a server following a shared store's change log):
    /// decodes its stored analysis, or analyses it if it has none or one this corpus cannot
    /// use, saying why. Like `load`, it takes a document of any size (the document limits
    /// are for writes, and the document is already stored).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDocument`] for a name no corpus accepts.
    pub fn prepare_loaded(
        &self,
        document: Document,
        stored: Option<StoredAnalysis>,
    ) -> Result<(Prepared, Option<Reanalysis>), Error> {
        let loaded = self.load_one(document, stored, &self.analysis_version())?;
        Ok((loaded.prepared, loaded.redone.map(|(reason, _)| reason)))
    }

    /// A load worker's work on one document: decode its stored analysis, or analyse it.
    fn load_one(
        &self,
        document: Document,
        stored: Option<StoredAnalysis>,
        version: &str,
    ) -> Result<Loaded, Error> {
        validate(&document)?;
        let (document, reason) = match stored {
            None => (document, Reanalysis::Missing),
            Some(stored) if stored.version != version => (
                document,
                Reanalysis::Stale {
                    version: stored.version,
                },
            ),
            Some(stored) => match decode_parts(&document.text, &stored.bytes) {
                Ok(parts) => {
                    return Ok(Loaded {
                        prepared: parts.with(document),
                        redone: None,
                    });
                }
                Err(reason) => {
                    let error = Error::InvalidAnalysis {
                        name: document.name.clone(),
                        reason,
                    };
                    (document, Reanalysis::Invalid(error))
                }
            },
        };
        let prepared = self.prepare_any(document)?;
        let analysis = self.stored_analysis(&prepared);
        Ok(Loaded {
            prepared,
            redone: Some((reason, analysis)),
        })
    }
}

/// The distinct terms of a prepared document, end to end in one string: two allocations per
/// document rather than one per term (decoding a stored corpus allocated mostly terms, and
/// the committing thread then spent its time freeing them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Terms {
    text: String,
    /// Where each term ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
}

impl Terms {
    pub(crate) fn push(&mut self, term: &str) {
        self.text.push_str(term);
        self.ends.push(self.text.len());
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// The terms in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.text.get(start..end).unwrap_or_default())
    }

    fn with_capacity(terms: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(terms),
        }
    }
}

/// A document as [`Corpus::load`] is fed it.
type Stored = (Document, Option<StoredAnalysis>);

/// A document ready to commit, and, if it was analysed, why and its fresh analysis.
struct Loaded {
    prepared: Prepared,
    redone: Option<(Reanalysis, StoredAnalysis)>,
}

/// `scope.spawn`, with a thread name that profilers and debuggers show.
fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope thread::Scope<'scope, '_>,
    name: &str,
    work: impl FnOnce() -> T + Send + 'scope,
) -> thread::ScopedJoinHandle<'scope, T> {
    thread::Builder::new()
        .name(name.to_owned())
        .spawn_scoped(scope, work)
        // What `scope.spawn` does too: a process that cannot start a thread cannot go on.
        .unwrap_or_else(|error| panic!("cannot start a {name} thread: {error}"))
}

fn workers() -> usize {
    thread::available_parallelism()
        .map_or(1, NonZero::get)
        .clamp(1, MAX_WORKERS)
}

fn validate(document: &Document) -> Result<(), Error> {
    document
        .validate()
        .map_err(|reason| Error::InvalidDocument {
            name: document.name.clone(),
            reason,
        })
}

fn encode(prepared: &Prepared) -> Vec<u8> {
    let text = prepared.document.text.as_str();
    // Per term, its distinct written forms in order of first occurrence: (form, span of the
    // first occurrence, count). Most terms have one or two forms, so a linear search wins.
    let mut forms: Vec<Vec<(&str, Span, u32)>> = vec![Vec::new(); prepared.terms.len()];
    for &(local, span) in &prepared.occurrences {
        let (Some(term_forms), Some(written)) =
            (forms.get_mut(local as usize), text.get(span.range()))
        else {
            continue;
        };
        match term_forms.iter_mut().find(|(form, _, _)| *form == written) {
            Some(entry) => entry.2 = entry.2.saturating_add(1),
            None => term_forms.push((written, span, 1)),
        }
    }
    let mut out = Vec::with_capacity(16 + prepared.terms.len() * 12);
    put(&mut out, text.len() as u64);
    put(&mut out, prepared.sentence_count as u64);
    put(&mut out, prepared.word_count as u64);
    put(&mut out, prepared.terms.len() as u64);
    let mut previous_first = 0;
    for (term, term_forms) in prepared.terms.iter().zip(&forms) {
        put(&mut out, term.len() as u64);
        out.extend_from_slice(term.as_bytes());
        put(&mut out, term_forms.len() as u64);
        let mut previous = previous_first;
        for (index, &(_, span, count)) in term_forms.iter().enumerate() {
            put(&mut out, zigzag(span.start, previous));
            put(&mut out, span.len() as u64);
            put(&mut out, u64::from(count));
            if index == 0 {
                previous_first = span.start;
            }
            previous = span.start;
        }
    }
    let checksum = checksum(&out, text);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// A decoded analysis: a [`Prepared`] without its document.
struct Parts {
    sentence_count: usize,
    word_count: usize,
    terms: Terms,
    occurrences: Vec<(u32, Span)>,
}

impl Parts {
    /// The prepared document these parts were decoded for.
    fn with(self, document: Document) -> Prepared {
        // Not stored: recomputed from the text, a hash per word (a few microseconds a
        // document), on the decoding threads.
        Prepared {
            fingerprint: crate::fingerprint::Fingerprint::of_document(&document),
            document,
            sentence_count: self.sentence_count,
            word_count: self.word_count,
            terms: self.terms,
            occurrences: self.occurrences,
        }
    }
}

/// Decodes the analysis `bytes` of `text`, or says what is wrong with them.
fn decode_parts(text: &str, bytes: &[u8]) -> Result<Parts, &'static str> {
    let Some((payload, stored)) = bytes.split_last_chunk::<4>() else {
        return Err("it is truncated");
    };
    if checksum(payload, text) != u32::from_le_bytes(*stored) {
        return Err("its checksum does not match (damaged, or made from another text)");
    }
    // The checksum rules out damage; the checks below keep a well-checksummed but
    // ill-formed analysis (a bug, a hand-made row) from becoming a panic or a huge
    // allocation: every count is bounded by the text's length.
    let mut reader = Reader(payload);
    if reader.usize()? != text.len() {
        return Err("it was made from a text of another length");
    }
    let sentence_count = reader.bounded(text.len())?;
    let word_count = reader.bounded(text.len())?;
    let term_count = reader.bounded(text.len())?;
    // Terms take less than the analysis's bytes.
    let mut terms = Terms::with_capacity(term_count, payload.len());
    let mut occurrences = Vec::new();
    let mut previous_first = 0;
    for local in 0..term_count {
        let local = u32::try_from(local).map_err(|_| "it has too many terms")?;
        let term = reader.str()?;
        if term.is_empty() {
            return Err("it has an empty term");
        }
        let form_count = reader.bounded(text.len())?;
        if form_count == 0 {
            return Err("it has a term without occurrences");
        }
        let mut previous = previous_first;
        for index in 0..form_count {
            let start = unzigzag(reader.u64()?, previous)?;
            let length = reader.usize()?;
            let count = reader.bounded(text.len())?;
            let end = start
                .checked_add(length)
                .ok_or("it has a span out of range")?;
            if length == 0 || count == 0 || text.get(start..end).is_none() {
                return Err("it has a written form that is not in the text");
            }
            if occurrences.len() + count > text.len() {
                return Err("it has more occurrences than the text has bytes");
            }
            occurrences.extend(std::iter::repeat_n((local, Span::new(start, end)), count));
            if index == 0 {
                previous_first = start;
            }
            previous = start;
        }
        terms.push(term);
    }
    if !reader.0.is_empty() {
        return Err("it has bytes after its last term");
    }
    Ok(Parts {
        sentence_count,
        word_count,
        terms,
        occurrences,
    })
}

/// CRC-32 of the encoded analysis, then of the text it was made from.
fn checksum(payload: &[u8], text: &str) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(payload);
    hasher.update(text.as_bytes());
    hasher.finalize()
}

/// Appends `value` as an unsigned LEB128 varint.
fn put(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// `value - base` zigzag-encoded (small magnitudes of either sign in few bytes).
fn zigzag(value: usize, base: usize) -> u64 {
    let (value, base) = (value as u64, base as u64);
    if value >= base {
        (value - base) << 1
    } else {
        ((base - value) << 1) - 1
    }
}

/// The inverse of [`zigzag`].
fn unzigzag(encoded: u64, base: usize) -> Result<usize, &'static str> {
    let base = base as u64;
    let magnitude = encoded.div_ceil(2);
    let value = if encoded & 1 == 0 {
        base.checked_add(encoded >> 1)
    } else {
        base.checked_sub(magnitude)
    };
    value
        .and_then(|value| usize::try_from(value).ok())
        .ok_or("it has a span out of range")
}

/// Reads varints and strings from the front of a byte string.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn u64(&mut self) -> Result<u64, &'static str> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let Some((&byte, rest)) = self.0.split_first() else {
                return Err("it is truncated");
            };
            self.0 = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("it has a number too large")
    }

    fn usize(&mut self) -> Result<usize, &'static str> {
        usize::try_from(self.u64()?).map_err(|_| "it has a number too large")
    }

    /// A number no larger than `limit`.
    fn bounded(&mut self, limit: usize) -> Result<usize, &'static str> {
        let value = self.usize()?;
        if value > limit {
            return Err("it has a count larger than the text");
        }
        Ok(value)
    }

    fn str(&mut self) -> Result<&'a str, &'static str> {
        let length = self.usize()?;
        if length > self.0.len() {
            return Err("it is truncated");
        }
        let (bytes, rest) = self.0.split_at(length);
        self.0 = rest;
        std::str::from_utf8(bytes).map_err(|_| "it has a term that is not UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed_documents;

    /// Texts that stress the analysis: possessives, Unicode, empty and blank texts, repeats,
    /// news tokens (initialisms, money, e-mail, URLs, hyphens).
    fn tricky() -> Vec<Document> {
        [
            (
                "possessive",
                "Kyiv's allies' support. Russia’s KYIV'S Kyiv ally’s. Kyiv.",
            ),
            (
                "unicode",
                "Zürich’s naïve café «Ünïcödé» 😀 straße STRASSE 日本語のテキスト. Ελλάδα.",
            ),
            ("empty", ""),
            ("blank", "  \n\n\t "),
            (
                "repeated",
                "oil oil oil Oil OIL oil's Oil. Oil, oil; OIL!\n\nOil oil oil.",
            ),
            (
                "news",
                "U.S. stocks rose 3.5% to $1,000.50 on Tuesday; e-mail foo@example.com or see \
                 https://example.com/a-b. State-of-the-art, well-known.",
            ),
            ("one", "x"),
        ]
        .into_iter()
        .map(|(name, text)| Document::new(name, text))
        .collect()
    }

    fn all_documents() -> Vec<Document> {
        let mut documents = seed_documents();
        documents.extend(tricky());
        documents
    }

    /// Everything a client can ask of a corpus, for every document and a few queries.
    fn answers(corpus: &Corpus) -> String {
        let mut out = String::new();
        let stats = corpus.stats();
        out += &format!(
            "{} {} {}\n",
            stats.documents(),
            stats.live_terms(),
            stats.total_length()
        );
        for name in corpus.names() {
            let analysis = corpus.analysis(name).expect("analysis");
            out += &format!(
                "{name} {} {} {:?}\n",
                analysis.sentence_count(),
                analysis.word_count(),
                analysis.terms()
            );
            out += &format!("{:?}\n", corpus.similar(name, 5).expect("similar"));
            out += &format!(
                "{:?}\n",
                corpus
                    .keywords(name, &crate::KeywordsRequest::default().with_top_k(5))
                    .expect("keywords")
            );
        }
        for query in [
            "Greenland",
            "Kyiv allies",
            "oil",
            "zürich café",
            "state-of-the-art",
        ] {
            out += &format!("{:?}\n", corpus.search(query, 10).expect("search"));
        }
        out += &format!("{:?}\n", corpus.top_terms(50).expect("top terms"));
        for term in ["kyiv", "oil", "greenland", "zürich"] {
            out += &format!("{term}: {:?}\n", corpus.surface_form(term));
        }
        out
    }

    fn analysed(documents: &[Document]) -> Corpus {
        let mut corpus = Corpus::new();
        corpus.extend(documents.to_vec()).expect("extend");
        corpus
    }

    #[test]
    fn a_stored_analysis_gives_the_same_corpus_as_analysing() {
        let documents = all_documents();
        let expected = analysed(&documents);
        let mut rebuilt = Corpus::new();
        for document in &documents {
            let prepared = expected.prepare(document.clone()).expect("prepare");
            let stored = expected.stored_analysis(&prepared);
            let decoded = rebuilt
                .prepare_stored(document.clone(), &stored)
                .expect("decode");
            assert_eq!(decoded.sentence_count(), prepared.sentence_count());
            assert_eq!(decoded.word_count(), prepared.word_count());
            // A prepared document rebuilt from bytes encodes to the same bytes.
            assert_eq!(decoded.analysis_bytes(), stored.bytes, "{}", document.name);
            rebuilt.commit(decoded).expect("commit");
        }
        assert_eq!(rebuilt.state(), expected.state());
        assert_eq!(answers(&rebuilt), answers(&expected));
    }

    #[test]
    fn load_uses_stored_analyses_and_reanalyses_the_others() {
        let documents = all_documents();
        let expected = analysed(&documents);
        let version = expected.analysis_version();
        assert_eq!(version, "1/en");
        let feed: Vec<(Document, Option<StoredAnalysis>)> = documents
            .iter()
            .enumerate()
            .map(|(index, document)| {
                let prepared = expected.prepare(document.clone()).expect("prepare");
                let mut stored = expected.stored_analysis(&prepared);
                let stored = match index % 4 {
                    0 => Some(stored),
                    1 => None,
                    2 => {
                        stored.version = "0/en".to_owned();
                        Some(stored)
                    }
                    _ => {
                        stored.bytes.truncate(stored.bytes.len() / 2);
                        Some(stored)
                    }
                };
                (document.clone(), stored)
            })
            .collect();
        let mut loaded = Corpus::new();
        let report = loaded
            .load(|each| -> Result<(), Error> {
                for (document, stored) in feed.clone() {
                    each(document, stored);
                }
                Ok(())
            })
            .expect("load");
        assert_eq!(loaded.state(), expected.state());
        assert_eq!(answers(&loaded), answers(&expected));
        assert_eq!(report.documents, documents.len());
        assert_eq!(
            report.text_bytes,
            documents.iter().map(|d| d.text.len()).sum::<usize>()
        );
        let expected_redone: Vec<&str> = documents
            .iter()
            .enumerate()
            .filter(|(index, _)| index % 4 != 0)
            .map(|(_, document)| document.name.as_str())
            .collect();
        let redone: Vec<&str> = report.reanalysed.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(redone, expected_redone);
        for redone in &report.reanalysed {
            let index = documents
                .iter()
                .position(|d| d.name == redone.name)
                .expect("a document");
            match (index % 4, &redone.reason) {
                (1, Reanalysis::Missing) => {}
                (2, Reanalysis::Stale { version }) => assert_eq!(version, "0/en"),
                (3, Reanalysis::Invalid(Error::InvalidAnalysis { name, .. })) => {
                    assert_eq!(name, &redone.name);
                }
                other => panic!("unexpected {other:?}"),
            }
            // The fresh analysis is the one to store: it decodes for the document.
            assert_eq!(redone.analysis.version, version);
            let document = documents[index].clone();
            expected
                .prepare_stored(document, &redone.analysis)
                .expect("the fresh analysis decodes");
        }
    }

    #[test]
    fn load_of_many_documents_keeps_their_order_across_workers() {
        // More documents than a batch, so that several workers take turns.
        let documents: Vec<Document> = (0..LOAD_BATCH * 5 + 7)
            .map(|index| {
                Document::new(
                    format!("d{index:05}"),
                    format!(
                        "Term{index} and common words, number {} of many.",
                        index % 13
                    ),
                )
            })
            .collect();
        let expected = analysed(&documents);
        let stored: Vec<_> = documents
            .iter()
            .map(|document| {
                let prepared = expected.prepare(document.clone()).expect("prepare");
                (document.clone(), Some(expected.stored_analysis(&prepared)))
            })
            .collect();
        let mut loaded = Corpus::new();
        let report = loaded
            .load(|each| -> Result<(), Error> {
                stored
                    .iter()
                    .cloned()
                    .for_each(|(document, stored)| each(document, stored));
                Ok(())
            })
            .expect("load");
        assert!(report.reanalysed.is_empty());
        assert_eq!(loaded.state(), expected.state());
    }

    #[test]
    fn load_reports_the_sources_error_and_refuses_a_repeated_name() {
        let mut corpus = Corpus::new();
        let failed = corpus.load(|each| {
            each(Document::new("a", "Text."), None);
            Err(Error::NotFound {
                name: "source".to_owned(),
            })
        });
        assert!(matches!(failed, Err(Error::NotFound { name }) if name == "source"));
        let mut corpus = Corpus::new();
        let repeated = corpus.load(|each| -> Result<(), Error> {
            each(Document::new("a", "Text."), None);
            each(Document::new("a", "Again."), None);
            Ok(())
        });
        assert!(matches!(repeated, Err(Error::AlreadyExists { name }) if name == "a"));
    }

    #[test]
    fn damaged_or_foreign_analyses_are_invalid_and_never_panic() {
        let corpus = Corpus::new();
        for document in all_documents() {
            let prepared = corpus.prepare(document.clone()).expect("prepare");
            let stored = corpus.stored_analysis(&prepared);
            let invalid = |bytes: Vec<u8>| {
                let damaged = StoredAnalysis {
                    version: stored.version.clone(),
                    bytes,
                };
                matches!(
                    corpus.prepare_stored(document.clone(), &damaged),
                    Err(Error::InvalidAnalysis { .. })
                )
            };
            for length in 0..stored.bytes.len() {
                assert!(invalid(stored.bytes[..length].to_vec()), "truncated");
            }
            for index in 0..stored.bytes.len() {
                for bit in [0x01, 0x80] {
                    let mut bytes = stored.bytes.clone();
                    bytes[index] ^= bit;
                    assert!(invalid(bytes), "{} byte {index}", document.name);
                }
            }
            // The right bytes beside another text.
            let mut other = document.clone();
            other.text.push('!');
            assert!(matches!(
                corpus.prepare_stored(other, &stored),
                Err(Error::InvalidAnalysis { .. })
            ));
        }
    }

    #[test]
    fn well_checksummed_nonsense_is_invalid() {
        let document = Document::new("d", "Oil prices fell.");
        let text = document.text.as_str();
        let with_checksum = |mut payload: Vec<u8>| {
            let sum = checksum(&payload, text);
            payload.extend_from_slice(&sum.to_le_bytes());
            StoredAnalysis {
                version: "1/en".to_owned(),
                bytes: payload,
            }
        };
        let len = text.len() as u8;
        for payload in [
            vec![],
            vec![len],
            vec![len + 1, 1, 3, 0],
            vec![len, 1, 3, 200],                       // more terms than bytes
            vec![len, 1, 3, 1, 3, b'o', b'i', b'l', 0], // no forms
            vec![len, 1, 3, 1, 3, b'o', b'i', b'l', 1, 0, 3, 0], // count 0
            vec![len, 1, 3, 1, 3, b'o', b'i', b'l', 1, 0, 99, 1], // span past the end
            vec![len, 1, 3, 1, 3, b'o', b'i', b'l', 1, 1, 3, 1], // before the start
            vec![len, 1, 3, 1, 3, b'o', b'i', b'l', 1, 0, 3, 99], // too many occurrences
            vec![len, 1, 3, 1, 2, 0xff, 0xfe, 1, 0, 3, 1], // not UTF-8
            vec![len, 1, 3, 1, 0, 1, 0, 3, 1],          // empty term
            vec![len, 1, 3, 0, 7],                      // trailing bytes
            vec![
                len, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ],
        ] {
            let stored = with_checksum(payload.clone());
            assert!(
                matches!(
                    Corpus::new().prepare_stored(document.clone(), &stored),
                    Err(Error::InvalidAnalysis { .. })
                ),
                "{payload:?}"
            );
        }
        // The smallest valid one: one term, one form.
        let stored = with_checksum(vec![len, 1, 3, 1, 3, b'o', b'i', b'l', 1, 0, 3, 1]);
        let prepared = Corpus::new()
            .prepare_stored(document, &stored)
            .expect("valid");
        assert!(prepared.terms.iter().eq(["oil"]));
    }

    #[test]
    fn another_version_or_language_is_stale() {
        let corpus = Corpus::new();
        let document = Document::new("d", "Oil prices fell.");
        let prepared = corpus.prepare(document.clone()).expect("prepare");
        let stored = corpus.stored_analysis(&prepared);
        let german = Corpus::with_options(crate::CorpusOptions {
            language: lede_stem::Language::German,
            ..crate::CorpusOptions::default()
        })
        .expect("german");
        assert_eq!(german.analysis_version(), "1/de");
        assert!(matches!(
            german.prepare_stored(document.clone(), &stored),
            Err(Error::StaleAnalysis { version, current, .. }) if version == "1/en" && current == "1/de"
        ));
        assert!(matches!(
            corpus.prepare_stored(Document::new(" bad", ""), &stored),
            Err(Error::InvalidDocument { .. })
        ));
    }

    #[test]
    fn prepare_for_storage_keeps_order_and_decodes() {
        let corpus = Corpus::new();
        let documents: Vec<Document> = (0..LOAD_BATCH * 3)
            .map(|index| Document::new(format!("d{index}"), format!("Word{index} rose.")))
            .collect();
        let stored = corpus
            .prepare_for_storage(documents.clone())
            .expect("prepare");
        assert_eq!(stored.len(), documents.len());
        for ((document, analysis), original) in stored.iter().zip(&documents) {
            assert_eq!(document, original);
            let prepared = corpus.prepare(original.clone()).expect("prepare");
            assert_eq!(analysis, &corpus.stored_analysis(&prepared));
        }
        assert!(matches!(
            corpus.prepare_for_storage(vec![Document::new("", "x")]),
            Err(Error::InvalidDocument { .. })
        ));
    }

    /// The analysis of fixed texts, pinned: when this fails, the analysis changed, and stored
    /// analyses of the old one would be wrong. Bump [`ANALYSIS_VERSION`] (so that they are
    /// recomputed) and update the fingerprint.
    #[test]
    fn pinned_fingerprint() {
        let corpus = Corpus::new();
        let mut hasher = crc32fast::Hasher::new();
        for document in all_documents() {
            let prepared = corpus.prepare(document).expect("prepare");
            hasher.update(&prepared.analysis_bytes());
        }
        assert_eq!(
            (ANALYSIS_VERSION, hasher.finalize()),
            (1, 2_338_920_708),
            "the analysis changed: bump ANALYSIS_VERSION and pin the new fingerprint"
        );
    }
}
