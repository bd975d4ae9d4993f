//! The written forms of each term and how often each occurs, for showing a stem
//! (`guarante`) as people wrote it (`guarantees`).

use lede_tfidf::{TermId, TermIdMap};

/// Per term, how often each of its written forms occurs in the corpus.
///
/// A large corpus has tens of thousands of terms with one to a few forms each, so the forms
/// of a term are packed into one allocation (a map per term took more memory than the term
/// counts of every document together).
#[derive(Debug, Clone, Default)]
pub(crate) struct SurfaceForms {
    /// Indexed by term id.
    terms: Vec<Forms>,
}

impl SurfaceForms {
    /// Counts one occurrence of `form` for `term`.
    #[cfg(test)]
    pub(crate) fn add(&mut self, term: TermId, form: &str) {
        self.add_count(term, form, 1);
    }

    /// Counts the forms of one document: `(term, form, count)` each.
    ///
    /// The forms of a document's rare terms are all cache misses (a large corpus's forms
    /// are tens of megabytes, reached through a pointer per term). Looked up one after the
    /// other, each waits for the memory; so the slots and then the first bytes of all the
    /// document's entries are read first, in loops whose loads do not depend on each other,
    /// which the processor overlaps; the additions then find them in the cache. Loading a
    /// stored corpus spent a third of its committing thread in these misses.
    pub(crate) fn add_counts(&mut self, entries: &[(TermId, &str, u32)]) {
        let mut touched = 0usize;
        for &(term, _, _) in entries {
            if let Some(forms) = self.terms.get(term.index()) {
                touched ^= forms.0.len();
            }
        }
        for &(term, _, _) in entries {
            if let Some(&first) = self
                .terms
                .get(term.index())
                .and_then(|forms| forms.0.first())
            {
                touched ^= usize::from(first);
            }
        }
        std::hint::black_box(touched);
        for &(term, form, count) in entries {
            self.add_count(term, form, count);
        }
    }

    /// Counts `count` occurrences of `form` for `term` (a stored analysis has each form's
    /// count: adding them one by one was most of loading a stored corpus).
    pub(crate) fn add_count(&mut self, term: TermId, form: &str, count: u32) {
        let index = term.index();
        if self.terms.len() <= index {
            self.terms.resize_with(index + 1, Forms::default);
        }
        if let Some(forms) = self.terms.get_mut(index) {
            forms.add(form, count);
        }
    }

    /// Takes back one occurrence of `form` for `term` (nothing if it has none).
    pub(crate) fn remove(&mut self, term: TermId, form: &str) {
        if let Some(forms) = self.terms.get_mut(term.index()) {
            forms.remove(form);
        }
    }

    /// Renumbers the terms after a compaction of the vocabulary: a term `map` drops loses
    /// its forms (it has none left: no document contains it).
    pub(crate) fn remap(&mut self, map: &TermIdMap) {
        let mut terms = Vec::new();
        for (old, forms) in std::mem::take(&mut self.terms).into_iter().enumerate() {
            let Some(new) = u32::try_from(old)
                .ok()
                .and_then(|old| map.get(TermId::from_u32(old)))
            else {
                continue;
            };
            if terms.len() <= new.index() {
                terms.resize_with(new.index() + 1, Forms::default);
            }
            if let Some(slot) = terms.get_mut(new.index()) {
                *slot = forms;
            }
        }
        terms.shrink_to_fit();
        self.terms = terms;
    }

    /// Per term, its forms and their counts in byte order: what the forms are, whatever
    /// the order of their entries (which depends on the order they were counted in).
    #[cfg(test)]
    pub(crate) fn canonical(&self) -> Vec<Vec<(&str, u32)>> {
        self.terms
            .iter()
            .map(|forms| {
                let mut forms: Vec<(&str, u32)> = forms.iter().collect();
                forms.sort_unstable();
                forms
            })
            .collect()
    }

    /// Every form of `term` written in the corpus.
    pub(crate) fn forms(&self, term: TermId) -> impl Iterator<Item = &str> + '_ {
        self.terms
            .get(term.index())
            .into_iter()
            .flat_map(|forms| forms.iter().map(|(form, _)| form))
    }

    /// The most frequent form of `term` (the first in byte order of equally frequent ones).
    pub(crate) fn most_frequent(&self, term: TermId) -> Option<&str> {
        self.terms
            .get(term.index())?
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(form, _)| form)
    }
}

/// The forms of one term, end to end: each is its count (`u32`, little-endian), its length
/// in bytes (`u32`) and its UTF-8 bytes.
#[derive(Debug, Clone, Default)]
struct Forms(Box<[u8]>);

const HEADER: usize = 8;

/// An entry [`Forms::find_after`] found: its offset and count, and the offset and count of
/// the entry before it.
struct Found {
    previous: Option<(usize, u32)>,
    offset: usize,
    count: u32,
}

impl Forms {
    /// Each form with its count, and the offset of its entry.
    fn entries(&self) -> impl Iterator<Item = (usize, &str, u32)> + '_ {
        let bytes = &self.0;
        let mut offset = 0;
        std::iter::from_fn(move || {
            let count = u32::from_le_bytes(bytes.get(offset..offset + 4)?.try_into().ok()?);
            let length = u32::from_le_bytes(bytes.get(offset + 4..offset + 8)?.try_into().ok()?);
            let start = offset + HEADER;
            let end = start + usize::try_from(length).ok()?;
            let form = std::str::from_utf8(bytes.get(start..end)?).ok()?;
            let entry = (offset, form, count);
            offset = end;
            Some(entry)
        })
    }

    fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.entries().map(|(_, form, count)| (form, count))
    }

    /// The offset and count of `form`'s entry.
    fn find(&self, form: &str) -> Option<(usize, u32)> {
        self.find_after(form)
            .map(|found| (found.offset, found.count))
    }

    /// The offset and count of `form`'s entry, with the offset and count of the entry before
    /// it. Compares bytes without decoding each entry as UTF-8 (every entry is a `&str`
    /// written by `add`): this runs for every form of every document loaded.
    fn find_after(&self, form: &str) -> Option<Found> {
        let bytes = &self.0;
        let form = form.as_bytes();
        let mut offset = 0;
        let mut previous = None;
        loop {
            let header = bytes.get(offset..offset + HEADER)?;
            let (count, length) = header.split_at(4);
            let count = u32::from_le_bytes(count.try_into().ok()?);
            let length = usize::try_from(u32::from_le_bytes(length.try_into().ok()?)).ok()?;
            let start = offset + HEADER;
            if length == form.len() && bytes.get(start..start + length)? == form {
                return Some(Found {
                    previous,
                    offset,
                    count,
                });
            }
            previous = Some((offset, count));
            offset = start + length;
        }
    }

    fn set_count(&mut self, offset: usize, count: u32) {
        if let Some(slot) = self.0.get_mut(offset..offset + 4) {
            slot.copy_from_slice(&count.to_le_bytes());
        }
    }

    fn add(&mut self, form: &str, count: u32) {
        if let Some(Found {
            previous,
            offset,
            count: old,
        }) = self.find_after(form)
        {
            let new = old.saturating_add(count);
            self.set_count(offset, new);
            // Move a form ahead of a less frequent one, so that the frequent forms, which most
            // additions look for, are found after a step or two (a common stem has dozens
            // of forms). The order of entries is never observed: `most_frequent` breaks ties
            // by bytes.
            if let Some((before, before_count)) = previous
                && before_count < new
                && let Some(both) = self.0.get_mut(before..offset + HEADER + form.len())
            {
                both.rotate_left(offset - before);
            }
            return;
        }
        // A form longer than u32::MAX bytes cannot come from a document a corpus holds.
        let Ok(length) = u32::try_from(form.len()) else {
            return;
        };
        let mut bytes = Vec::with_capacity(self.0.len() + HEADER + form.len());
        bytes.extend_from_slice(&self.0);
        bytes.extend_from_slice(&count.to_le_bytes());
        bytes.extend_from_slice(&length.to_le_bytes());
        bytes.extend_from_slice(form.as_bytes());
        self.0 = bytes.into_boxed_slice();
    }

    fn remove(&mut self, form: &str) {
        let Some((offset, count)) = self.find(form) else {
            return;
        };
        if count > 1 {
            self.set_count(offset, count - 1);
            return;
        }
        let end = offset + HEADER + form.len();
        let mut bytes = Vec::with_capacity(self.0.len() - (end - offset));
        bytes.extend_from_slice(self.0.get(..offset).unwrap_or_default());
        bytes.extend_from_slice(self.0.get(end..).unwrap_or_default());
        self.0 = bytes.into_boxed_slice();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_forms_and_forgets_them() {
        let (a, b) = (TermId::from_u32(0), TermId::from_u32(3));
        let mut forms = SurfaceForms::default();
        assert_eq!(forms.most_frequent(b), None);
        for form in ["Guarantees", "guarantees", "guarantees", "guarantee"] {
            forms.add(b, form);
        }
        forms.add(a, "Kyiv");
        assert_eq!(forms.most_frequent(b), Some("guarantees"));
        assert_eq!(forms.most_frequent(a), Some("Kyiv"));
        forms.remove(b, "guarantees");
        // A tie: the first in byte order.
        assert_eq!(forms.most_frequent(b), Some("Guarantees"));
        forms.remove(b, "Guarantees");
        forms.remove(b, "guarantees");
        forms.remove(b, "absent");
        assert_eq!(forms.most_frequent(b), Some("guarantee"));
        forms.remove(b, "guarantee");
        assert_eq!(forms.most_frequent(b), None);
        assert_eq!(forms.most_frequent(TermId::from_u32(99)), None);
    }
}
