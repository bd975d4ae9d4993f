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
const LENGTH_EXPONENT: f64 = 0.5;

/// How many times a phrase must occur to be taken beside a shorter keyphrase it contains
/// ("Tottenham team" beside "Tottenham").
const MIN_SUPERSET_COUNT: u32 = 2;

/// `γ`: the weight of the position prior.
const POSITION_WEIGHT: f64 = 1.0;

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
    let mut covered: Vec<Option<(u32, u32)>> = vec![None; scratch.tokens.len()];
    let mut chosen: Vec<Keyphrase> = Vec::with_capacity(options.top_k);
    // Per keyphrase chosen: the candidate it shows.
    let mut shown: Vec<u32> = Vec::with_capacity(options.top_k);
    for &ranked in &order {
        // A word or phrase that mostly occurs inside one longer phrase is shown as that
        // phrase: "guarantees" as "security guarantees".
        let mut index = ranked;
        while let Some(longer) = extension(scratch, &grouped, index) {
            index = longer;
        }
        let occurrences = grouped.of(index);
        // A phrase that recurs may join a shorter keyphrase it contains ("Tottenham team"
        // after "Tottenham"): noun-phrase keyphrases name the thing, their parts the topic.
        let superset = scratch.candidates[index as usize].count >= MIN_SUPERSET_COUNT;
        let overlapping = occurrences
            .iter()
            .filter(|o| {
                covered[o.start as usize..=o.end as usize].iter().any(|c| {
                    c.is_some_and(|(start, end)| {
                        let inside = o.start <= start && end <= o.end;
                        !(superset && inside && (start, end) != (o.start, o.end))
                    })
                })
            })
            .count();
        let alone = occurrences.len() - overlapping;
        // A surname is shown as the full name it stands for: "Hewitt" as "Patricia Hewitt".
        let name = full_name(scratch, index);
        if let Some(name) = name
            && let Some(at) = shown.iter().position(|&c| c == name)
        {
            // The full name is a keyphrase already: these are more of its occurrences.
            merge_spans(
                scratch,
                document,
                &mut chosen[at],
                occurrences,
                &mut covered,
            );
            continue;
        }
        if name.is_none() && overlapping > 0 && alone < overlapping.max(2) {
            continue;
        }
        for occurrence in occurrences {
            covered[occurrence.start as usize..=occurrence.end as usize]
                .fill(Some((occurrence.start, occurrence.end)));
        }
        let shown_index = name.unwrap_or(index);
        let shown_occurrences = grouped.of(shown_index);
        let mut keyphrase = keyphrase(
            scratch,
            document,
            &scratch.candidates[shown_index as usize],
            shown_occurrences,
        );
        if name.is_some() {
            for occurrence in shown_occurrences {
                covered[occurrence.start as usize..=occurrence.end as usize]
                    .fill(Some((occurrence.start, occurrence.end)));
            }
            merge_spans(scratch, document, &mut keyphrase, occurrences, &mut covered);
        }
        keyphrase.score = scratch.candidates[ranked as usize].score;
        // Spelling variants are one keyphrase: "TimeWarner" and "Time Warner", "US" and
        // "U.S.".
        if let Some(same) = chosen
            .iter()
            .position(|other| same_letters(&other.text, &keyphrase.text))
        {
            let spans = std::mem::take(&mut keyphrase.spans);
            let target = &mut chosen[same];
            target.spans.extend(spans);
            settle_spans(target);
            continue;
        }
        // One person or place named twice: "Aliesha" and "Aliesha Peterson", "Del Bosque"
        // and "Vicente del Bosque" are one keyphrase, shown by the longer name.
        if let Some(same) = chosen
            .iter()
            .position(|other| one_name(&other.text, &keyphrase.text))
        {
            let target = &mut chosen[same];
            if keyphrase.text.len() > target.text.len() {
                target.text = std::mem::take(&mut keyphrase.text);
                shown[same] = shown_index;
            }
            target.spans.append(&mut keyphrase.spans);
            settle_spans(target);
            continue;
        }
        chosen.push(keyphrase);
        shown.push(shown_index);
        if chosen.len() == options.top_k {
            break;
        }
    }
    chosen
}

/// Whether two phrases have the same letters and digits, case and the accents of Latin
/// letters aside: spelling variants ("Élysée" and "Elysee").
fn same_letters(a: &str, b: &str) -> bool {
    fn letters(text: &str) -> impl Iterator<Item = char> + '_ {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .map(unaccented)
    }
    letters(a).eq(letters(b))
}

/// The base letter of a lower-case accented letter of Latin-1 and Latin Extended-A (`é` →
/// `e`), enough for names in news; other characters unchanged.
fn unaccented(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        _ => c,
    }
}

/// Whether two keyphrases are names of which one begins or ends the other, word for word
/// (case aside): "Manny" of "Manny Pacquiao", "Del Bosque" of "Vicente del Bosque". Every word
/// of both is capitalised (the longer may have particles: "del", "of"), and the shorter one
/// is no acronym ("US" of "US Open" stays apart).
fn one_name(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let short_words: Vec<&str> = short.split(' ').collect();
    let long_words: Vec<&str> = long.split(' ').collect();
    if short_words.len() >= long_words.len() {
        return false;
    }
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let acronym = !short.chars().any(char::is_lowercase);
    // The longer one is a name too: capitalised words and lower-case particles only.
    let particle = |w: &&str| {
        matches!(
            *w,
            "of" | "the"
                | "de"
                | "del"
                | "della"
                | "di"
                | "da"
                | "du"
                | "des"
                | "la"
                | "le"
                | "van"
                | "von"
                | "der"
                | "den"
                | "bin"
                | "al"
        )
    };
    if acronym
        || !short_words.iter().all(capitalised)
        || !capitalised(&long_words[0])
        || !long_words.iter().all(|w| capitalised(w) || particle(w))
    {
        return false;
    }
    let same = |x: &[&str], y: &[&str]| {
        x.iter()
            .zip(y)
            .all(|(p, q)| p.to_lowercase() == q.to_lowercase())
    };
    let n = short_words.len();
    same(&short_words, &long_words[..n]) || same(&short_words, &long_words[long_words.len() - n..])
}

/// Adds the occurrences of a surname that lie outside the keyphrase's own spans to it.
fn merge_spans(
    scratch: &Scratch,
    document: &str,
    keyphrase: &mut Keyphrase,
    occurrences: &[Occurrence],
    covered: &mut [Option<(u32, u32)>],
) {
    for occurrence in occurrences {
        let tokens = occurrence.start as usize..=occurrence.end as usize;
        let last = scratch.tokens[occurrence.end as usize].span;
        let end = last.end - possessive_len(&document[last.range()]);
        let span = Span::new(scratch.tokens[occurrence.start as usize].span.start, end);
        let inside = keyphrase
            .spans
            .iter()
            .any(|s| s.start <= span.start && span.end <= s.end);
        if !inside {
            keyphrase.spans.push(span);
        }
        covered[tokens].fill(Some((occurrence.start, occurrence.end)));
    }
    settle_spans(keyphrase);
}

/// Puts a keyphrase's spans, gathered from several candidates, in order, once each, and
/// counts them.
fn settle_spans(keyphrase: &mut Keyphrase) {
    keyphrase.spans.sort_unstable_by_key(|span| span.start);
    keyphrase.spans.dedup();
    keyphrase.count = keyphrase.spans.len();
}

/// The full name that candidate `index`, a name of one word, is the last word of, if any:
/// the most frequent candidate of two words or more that ends with it and is made of names
/// (every word capitalised in most of its informative occurrences, and no title or demonym:
/// "Emmanuel Macron", not "French President Emmanuel Macron"), the longer then the earlier on a
/// tie ("Mahendra Singh Dhoni" over "Singh Dhoni"). In news a surname alone refers back to the person named in full.
fn full_name(scratch: &Scratch, index: u32) -> Option<u32> {
    let candidate = &scratch.candidates[index as usize];
    let surname = scratch.tokens[candidate.first_token as usize];
    let is_name = |token: &Tok| {
        token.class == Class::Content && {
            let term = &scratch.terms[token.term as usize];
            term.upper > term.lower
        }
    };
    if candidate.len != 1 || !is_name(&surname) || surname.acronym {
        return None;
    }
    let mut best: Option<(u32, &Candidate)> = None;
    for (other, longer) in scratch.candidates.iter().enumerate() {
        if longer.len < 2 {
            continue;
        }
        let start = longer.first_token as usize;
        let phrase = &scratch.tokens[start..start + usize::from(longer.len)];
        let Some(last) = phrase.last() else { continue };
        // The full name comes first, the headline aside (it often has the surname alone): a
        // person is introduced in full ("Radio Free Europe", late in a story, does not name
        // its "Europe").
        let first_in_name = scratch.tokens[start].sentence <= surname.sentence.max(1);
        if last.term != surname.term
            || !first_in_name
            || !phrase
                .iter()
                .all(|t| is_name(t) && !t.minor && !t.acronym && !t.title && !t.demonym)
            || !is_readable(phrase, &scratch.terms)
        {
            continue;
        }
        let better = best.is_none_or(|(_, b)| {
            (
                longer.count,
                longer.len,
                std::cmp::Reverse(longer.first_token),
            ) > (b.count, b.len, std::cmp::Reverse(b.first_token))
        });
        if better {
            best = u32::try_from(other).ok().map(|other| (other, longer));
        }
    }
    best.map(|(other, _)| other)
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

/// `σ(t) = ((N − df + 1) / N)^(3/2)`, how far a term of a corpus of `documents` (`N`, at
/// least 2) is this document's own rather than the whole corpus's; 1 for a single document.
/// See the module documentation: in a corpus on one story, "Ukraine" in every document says
/// less about each than "Greenland" in one.
fn spread<C>(corpus: &C, documents: f64, term: &str) -> f64
where
    C: DocumentFrequencies + ?Sized,
{
    if documents < 2.0 {
        return 1.0;
    }
    let df = (corpus.document_frequency(term) as f64).clamp(1.0, documents);
    let share = (documents - df + 1.0) / documents;
    share * share.sqrt()
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
    let corpus = blend.corpus();
    let documents = corpus.document_count() as f64;
    for candidate in candidates.iter_mut() {
        candidate.score = 0.0;
        let start = candidate.first_token as usize;
        let phrase = &tokens[start..start + usize::from(candidate.len)];
        if !is_readable(phrase, terms) {
            continue;
        }
        let mut weight_sum = 0.0;
        let mut words = 0u32;
        // `count^(1−λ)` with `λ = 1/4`; each word adds `tf^λ` below.
        let phrase_frequency = damped(f64::from(candidate.count));
        for token in phrase {
            if matches!(token.class, Class::Content | Class::Number) {
                let term = &mut terms[token.term as usize];
                if term.idf.is_nan() {
                    let text = &vocabulary_texts[term.global as usize];
                    term.idf = damped(blend.idf(text)) * spread(corpus, documents, text);
                }
                let tf = f64::from(term.occurrences.max(candidate.count));
                weight_sum += tf.sqrt().sqrt() * term.idf * length_weight(token, term);
                words += 1;
            }
        }
        let sentence = f64::from(tokens[start].sentence);
        let position = 1.0 + POSITION_WEIGHT / (1.0 + sentence);
        candidate.score = phrase_frequency * position * weight_sum * length_norm[words as usize];
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
    // No adverb anywhere: a noun phrase has none ("occupies approximately 75%").
    if phrase.iter().any(|token| token.adverb && lower_case(token)) {
        return false;
    }
    // A number ends a name ("Apollo 11", "Windows 7"), not a common phrase ("approximately
    // 75%").
    if let Some(end) = last
        && end.class == Class::Number
    {
        let before = phrase
            .iter()
            .rev()
            .skip_while(|t| t.class == Class::Number)
            .find(|t| t.class == Class::Content);
        if before.is_none_or(&lower_case) {
            return false;
        }
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
    if head.quantity {
        return false;
    }
    if head.modifier && (lower_case(head) || head.hyphenated) {
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

    #[test]
    fn spelling_variants_differ_in_case_punctuation_or_accents_only() {
        assert!(same_letters("TimeWarner", "Time Warner"));
        assert!(same_letters("Élysée Palace", "Elysee Palace"));
        assert!(same_letters("U.S.", "US"));
        assert!(!same_letters("Elysee", "Elyse"));
    }

    #[test]
    fn a_name_and_the_longer_name_it_begins_or_ends_are_one() {
        assert!(one_name("Manny", "Manny Pacquiao"));
        assert!(one_name("Vicente del Bosque", "Del Bosque"));
        assert!(!one_name("US", "US Open"));
        assert!(!one_name("Tottenham", "Tottenham team"));
        assert!(!one_name("Bosque", "Vicente del Bosque Jr"));
        assert!(!one_name("Madrid", "Madrid"));
    }
}
