//! Scoring candidates, choosing the keyphrases without redundancy, and their surface forms.

use std::borrow::Cow;

use lede_tokenize::Span;

use super::candidates::{Candidate, Class, Occurrence, Scratch, TermInfo, Tok, possessive_len};
use super::{Keyphrase, KeyphraseOptions, MAX_PHRASE_WORDS};
use crate::DocumentFrequencies;
use crate::background::Blend;

/// `idf^α` with `α = 3/4`, how much IDF counts against frequency (see the module
/// documentation), as two square roots: several times cheaper than `powf`.
fn damped(idf: f64) -> f64 {
    let root = idf.sqrt();
    root * root.sqrt()
}

/// `β`: the length normalisation exponent.
const LENGTH_EXPONENT: f64 = 0.75;

/// `γ`: the weight of the position prior.
const POSITION_WEIGHT: f64 = 1.0;

/// How many times a multiword candidate must occur to count as a phrase.
const MIN_PHRASE_COUNT: u32 = 2;

/// How many times a longer phrase must occur to stand for a word or phrase it contains.
const MIN_EXTENSION_COUNT: u32 = 3;

/// Scores the candidates in `scratch` and returns the best `options.top_k` keyphrases.
pub(super) fn rank<C>(
    scratch: &mut Scratch,
    document: &str,
    blend: &Blend<'_, C>,
    options: &KeyphraseOptions,
) -> Vec<Keyphrase>
where
    C: DocumentFrequencies + ?Sized,
{
    if options.top_k == 0 || scratch.candidates.is_empty() {
        return Vec::new();
    }
    score(scratch, blend);

    let mut order: Vec<u32> = (0..scratch.candidates.len())
        .filter(|&index| scratch.candidates[index].score > 0.0)
        .filter_map(|index| u32::try_from(index).ok())
        .collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (
            &scratch.candidates[a as usize],
            &scratch.candidates[b as usize],
        );
        b.score
            .total_cmp(&a.score)
            .then(a.first_token.cmp(&b.first_token))
    });

    let grouped = Grouped::new(&scratch.occurrences, scratch.candidates.len());
    let mut covered = vec![false; scratch.tokens.len()];
    let mut chosen = Vec::with_capacity(options.top_k);
    for &ranked in &order {
        // A word or phrase that mostly occurs inside one longer phrase is shown as that
        // phrase: "guarantees" as "security guarantees".
        let mut index = ranked;
        while let Some(longer) = extension(scratch, &grouped, index) {
            index = longer;
        }
        let occurrences = grouped.of(index);
        let overlapping = occurrences
            .iter()
            .filter(|o| {
                covered[o.start as usize..=o.end as usize]
                    .iter()
                    .any(|&c| c)
            })
            .count();
        let alone = occurrences.len() - overlapping;
        if overlapping > 0 && alone < overlapping.max(2) {
            continue;
        }
        for occurrence in occurrences {
            covered[occurrence.start as usize..=occurrence.end as usize].fill(true);
        }
        let mut keyphrase = keyphrase(
            scratch,
            document,
            &scratch.candidates[index as usize],
            occurrences,
        );
        keyphrase.score = scratch.candidates[ranked as usize].score;
        chosen.push(keyphrase);
        if chosen.len() == options.top_k {
            break;
        }
    }
    chosen
}

/// The qualifying candidate that contains more than half of the occurrences of candidate
/// `index` (the one containing most of them, then the better scored), if any.
fn extension(scratch: &Scratch, grouped: &Grouped, index: u32) -> Option<u32> {
    let inner = grouped.of(index);
    let all = &scratch.occurrences;
    // (candidate, how many of `inner` it contains); phrases are short, so this stays small.
    let mut tallies: Vec<(u32, usize)> = Vec::new();
    for occurrence in inner {
        let lowest = occurrence.end.saturating_sub(MAX_PHRASE_WORDS as u32 - 1);
        // Occurrences are in text order of their first token.
        let from = all.partition_point(|o| o.start < lowest);
        for outer in all[from..]
            .iter()
            .take_while(|o| o.start <= occurrence.start)
        {
            let contains = outer.end >= occurrence.end
                && (outer.start, outer.end) != (occurrence.start, occurrence.end)
                && scratch.candidates[outer.candidate as usize].score > 0.0;
            if !contains {
                continue;
            }
            match tallies.iter_mut().find(|(c, _)| *c == outer.candidate) {
                Some((_, count)) => *count += 1,
                None => tallies.push((outer.candidate, 1)),
            }
        }
    }
    let score = |c: u32| scratch.candidates[c as usize].score;
    tallies
        .into_iter()
        .filter(|&(c, count)| {
            2 * count > inner.len() && scratch.candidates[c as usize].count >= MIN_EXTENSION_COUNT
        })
        .max_by(|a, b| a.1.cmp(&b.1).then(score(a.0).total_cmp(&score(b.0))))
        .map(|(candidate, _)| candidate)
}

/// Sets every candidate's score (0 for those that do not qualify).
fn score<C>(scratch: &mut Scratch, blend: &Blend<'_, C>)
where
    C: DocumentFrequencies + ?Sized,
{
    let Scratch {
        tokens,
        terms,
        candidates,
        vocabulary_texts,
        ..
    } = scratch;
    // `1 / k^β` for phrases of k = 1 ..= MAX_PHRASE_WORDS content words.
    let mut length_norm = [1.0; MAX_PHRASE_WORDS + 1];
    for (words, norm) in length_norm.iter_mut().enumerate().skip(1) {
        *norm = (words as f64).powf(-LENGTH_EXPONENT);
    }
    for candidate in candidates.iter_mut() {
        candidate.score = 0.0;
        let start = candidate.first_token as usize;
        let phrase = &tokens[start..start + usize::from(candidate.len)];
        if !is_readable(phrase, terms) {
            continue;
        }
        let mut weight_sum = 0.0;
        let mut words = 0u32;
        for token in phrase {
            if matches!(token.class, Class::Content | Class::Number) {
                let term = &mut terms[token.term as usize];
                if term.idf.is_nan() {
                    term.idf = damped(blend.idf(&vocabulary_texts[term.global as usize]));
                }
                weight_sum += term.idf * length_weight(token, term);
                words += 1;
            }
        }
        if words > 1 && candidate.count < MIN_PHRASE_COUNT {
            continue;
        }
        let count = f64::from(candidate.count);
        let sentence = f64::from(tokens[start].sentence);
        let position = 1.0 + POSITION_WEIGHT / (1.0 + sentence);
        candidate.score = count * position * weight_sum * length_norm[words as usize];
    }
}

/// Whether the words of a candidate (the tokens of its first occurrence) can make a
/// keyphrase: not only words that are no keyphrase alone ("Thursday", "last week"), no
/// adverb at either end ("reportedly"), not a compound modifier alone ("long-term" in
/// "long-term security guarantees"). Adverbs and compound modifiers are told by their shape
/// and by the term never being capitalised where capitals are informative, which keeps names
/// ("Beverly", "Rolls-Royce").
fn is_readable(phrase: &[Tok], terms: &[TermInfo]) -> bool {
    let lower_case = |token: &Tok| terms[token.term as usize].upper == 0;
    let mut content = phrase
        .iter()
        .filter(|t| matches!(t.class, Class::Content | Class::Number));
    let Some(first) = content.next() else {
        return false;
    };
    let last = content.clone().next_back();
    let minor = |token: &Tok| token.minor || token.class == Class::Number;
    if minor(first) && content.all(minor) {
        return false;
    }
    if [Some(first), last]
        .into_iter()
        .flatten()
        .any(|token| token.adverb && lower_case(token))
    {
        return false;
    }
    // A capitalised verb that is never capitalised where capitals inform ("Meet" opening a
    // sentence) is a verb still.
    if phrase
        .iter()
        .any(|t| t.verb && t.class == Class::Content && lower_case(t))
    {
        return false;
    }
    // The head of a noun phrase is a noun: no adjective, participle or demonym at the end
    // ("critical", "deployed", "Ukrainian" alone; "armed forces" and "European leaders" are
    // fine). A demonym shape counts when the word mostly modifies the next one, as
    // "Ukrainian" does and "Jordan" does not.
    let head = last.unwrap_or(first);
    if head.modifier && lower_case(head) {
        return false;
    }
    if head.demonym {
        let term = &terms[head.term as usize];
        if 3 * term.attributive >= 2 * term.occurrences {
            return false;
        }
    }
    if last.is_none() && first.hyphenated && lower_case(first) {
        let term = &terms[first.term as usize];
        if term.attributive == term.occurrences {
            return false;
        }
    }
    true
}

/// The length in characters at which a common word has its full weight.
const FULL_LENGTH: u8 = 10;

/// The length at which names, acronyms and numbers are weighed: about that of the average
/// content word of news (6.3 characters in Reuters-21578, 7.1 in the seeds).
const NEUTRAL_LENGTH: u8 = 7;

/// `ℓ(w)`, the length weight of a word (see the module documentation): its length in
/// characters up to [`FULL_LENGTH`], over [`FULL_LENGTH`]; names (capitalised in most of
/// their informative occurrences), acronyms and numbers count as [`NEUTRAL_LENGTH`].
fn length_weight(token: &Tok, term: &TermInfo) -> f64 {
    let name = term.upper > term.lower;
    let chars = if name || token.acronym || token.class == Class::Number {
        NEUTRAL_LENGTH
    } else {
        token.chars.min(FULL_LENGTH)
    };
    f64::from(chars) / f64::from(FULL_LENGTH)
}

/// The occurrences of each candidate, in text order, from one counting sort.
struct Grouped {
    starts: Vec<u32>,
    occurrences: Vec<Occurrence>,
}

impl Grouped {
    fn new(occurrences: &[Occurrence], candidates: usize) -> Self {
        let mut starts = vec![0u32; candidates + 1];
        for occurrence in occurrences {
            starts[occurrence.candidate as usize + 1] += 1;
        }
        for index in 1..starts.len() {
            starts[index] += starts[index - 1];
        }
        let mut next = starts.clone();
        let mut sorted = occurrences.to_vec();
        for occurrence in occurrences {
            let slot = &mut next[occurrence.candidate as usize];
            sorted[*slot as usize] = *occurrence;
            *slot += 1;
        }
        Self {
            starts,
            occurrences: sorted,
        }
    }

    fn of(&self, candidate: u32) -> &[Occurrence] {
        let candidate = candidate as usize;
        &self.occurrences[self.starts[candidate] as usize..self.starts[candidate + 1] as usize]
    }
}

/// The output form of a chosen candidate.
fn keyphrase(
    scratch: &Scratch,
    document: &str,
    candidate: &Candidate,
    occurrences: &[Occurrence],
) -> Keyphrase {
    let spans: Vec<Span> = occurrences
        .iter()
        .map(|o| {
            let last = scratch.tokens[o.end as usize].span;
            let end = last.end - possessive_len(&document[last.range()]);
            Span::new(scratch.tokens[o.start as usize].span.start, end)
        })
        .collect();

    // The most frequent form among occurrences whose first word's capital is informative;
    // the earliest wins a tie.
    let mut forms: Vec<(Cow<'_, str>, usize)> = Vec::new();
    for (occurrence, span) in occurrences.iter().zip(&spans) {
        if !scratch.tokens[occurrence.start as usize].informative {
            continue;
        }
        let form = collapse_whitespace(&document[span.range()]);
        match forms.iter_mut().find(|(f, _)| *f == form) {
            Some((_, count)) => *count += 1,
            None => forms.push((form, 1)),
        }
    }
    let mut best: Option<(Cow<'_, str>, usize)> = None;
    for (form, count) in forms {
        if best
            .as_ref()
            .is_none_or(|(_, best_count)| count > *best_count)
        {
            best = Some((form, count));
        }
    }
    let text = match best {
        Some((form, _)) => form.into_owned(),
        None => {
            // Only at the start of sentences or in headlines: the first occurrence, its first
            // letter lowered if the word is written in lower case elsewhere in the document.
            let first = occurrences.first().map_or(0, |o| o.start as usize);
            let form =
                collapse_whitespace(spans.first().map_or("", |span| &document[span.range()]));
            let head = &scratch.tokens[first];
            let info = &scratch.terms[head.term as usize];
            if head.class == Class::Content && head.upper && info.lower > info.upper {
                lower_first(&form)
            } else {
                form.into_owned()
            }
        }
    };
    Keyphrase {
        text,
        score: candidate.score,
        count: occurrences.len(),
        spans,
    }
}

/// `text` with every run of white space replaced by one space.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let needs = text.split_whitespace().count() > 1 && {
        let mut previous_space = false;
        text.chars().any(|c| {
            let odd = c.is_whitespace() && (c != ' ' || previous_space);
            previous_space = c.is_whitespace();
            odd
        })
    };
    if needs {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with its first character in lower case.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damping_is_the_three_quarter_power() {
        for idf in [1.0, 2.5, 7.0, 11.6] {
            assert!((damped(idf) - f64::powf(idf, 0.75)).abs() < 1e-12);
        }
    }

    #[test]
    fn possessive_endings_are_measured() {
        assert_eq!(possessive_len("Ukraine's"), 2);
        assert_eq!(possessive_len("Ukraine’s"), 4);
        assert_eq!(possessive_len("leaders'"), 1);
        assert_eq!(possessive_len("leaders’"), 3);
        assert_eq!(possessive_len("Paris"), 0);
        assert_eq!(possessive_len("'s"), 0);
    }

    #[test]
    fn white_space_is_collapsed_only_when_needed() {
        assert!(matches!(
            collapse_whitespace("security guarantees"),
            Cow::Borrowed(_)
        ));
        assert_eq!(collapse_whitespace("Emmanuel\nMacron"), "Emmanuel Macron");
        assert_eq!(collapse_whitespace("a  b"), "a b");
        assert_eq!(lower_first("Ceasefire talks"), "ceasefire talks");
        assert_eq!(lower_first(""), "");
    }
}
