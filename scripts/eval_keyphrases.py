#!/usr/bin/env python3
"""Keyphrase quality side by side: lede, YAKE and scikit-learn TF-IDF on 500N-KPCrowd.

Data: ../shared/data/keyphrase/500n_kpcrowd.jsonl (Marujo et al., LREC 2012), without the 51
`title_only` documents: 449 news articles, about 49 crowd-sourced gold keyphrases each.

Systems, each asked for its top 10 keyphrases of every document:
  lede     `lede keywords --jsonl --top-k 10` over all 449 documents at once (they are the
           corpus; the shipped background table is blended in).
  YAKE     yake.KeywordExtractor(lan="en", n=3, top=10), one document at a time.
  sklearn  TfidfVectorizer(ngram_range=(1, 3), stop_words="english") fitted on the same 449
           documents; a document's top 10 n-grams by TF-IDF weight.

Matching, the same for gold and every system: lower-case, split at white space, stem each
word with NLTK's PorterStemmer (the Porter algorithm as NLTK implements it, its default mode
NLTK_EXTENSIONS), exact match of the stemmed phrase. Nothing else is folded: "Ukraine's" and
"Ukraine" differ, as do "long-awaited" and the gold's "longawaited". The gold phrases
were written without any punctuation but apostrophes ("longawaited", "US"), so a system that
quotes the text ("long-awaited", "U.S.") cannot match them; --fold-punctuation scores a second
time with, on both sides, typographic apostrophes folded, possessive "'s" and trailing "'"
removed and every other character that is not a letter, digit or space deleted. Gold phrases are
de-duplicated after this; predictions too, keeping the first, and a duplicate simply uses up
its rank (a system that repeats itself is not given extra guesses).

Noun-phrase gold views. Crowd gold holds verbs, adjectives and fragments ("embarks", "excited",
"around her", "quartet will") besides the noun phrases that people write as keyphrases and that
noun-phrase gold sets (DUC-2001, Inspec) consist of; two views keep only the latter, to tell a
change that makes phrases more like human noun-phrase keyphrases from one that fits crowd noise.
No part-of-speech tagger is available offline (NLTK's needs a data download), so the views are
rules, independent of lede's own word lists:
  NP gold        gold phrases of 1 to 4 words that occur in the document (as a sequence of
                 matching forms, see below), whose first and last words are not stop words
                 (scikit-learn's English list) and no word of which is a common verb form
                 (VERBS below, with regular inflections), an adverb in -ly, or a participle in
                 -ed; a phrase of one word must also not end like an adjective (-al, -ive, -ous,
                 -ful, -less, -able, -ible, -ic, -ing) unless it is capitalised in the gold.
  multi-word NP  the NP gold phrases of 2 to 4 words: what DUC-2001's gold mostly is (about
                 four in five of its phrases have two words or more, against one in four here).
A document without any gold phrase of a view is left out of that view.

CNN/DM pseudo-gold (`--data cnndm`), a development set of DUC-2001's kind of gold (short
noun phrases of what a news story is about), built from what ../shared has: the 119 articles
of summarization/cnndm_dev119.jsonl (all of them lede's corpus), each with the noun-phrase
chunks of its human-written highlights as gold. A chunk is a maximal run of words of a
highlight cut at punctuation (an apostrophe or hyphen inside a word does not cut), at
scikit-learn's stop words, at forms of VERBS, at -ly adverbs of five letters or more, at
lower-case -ed words, at numbers and number compounds ("39-year-old") and at NOT_NOUNS
(adverbs, adjectives and units of time the stop words miss); lower-case words with an adjective
or participle ending are dropped from its end, and a lone lower-case word with an adjective
ending (-al, -ive, ..., -ing) is dropped. Chunks of 1 to 4 words that occur in the article (as
a sequence of matching forms) are the gold: about 10 an article, 3.4 of two words or more
(the "multi-word pseudo-gold" view). It is a development signal, not a benchmark: the rules
are rough (a verb missing from VERBS stays in a chunk) and highlights name what a summary
needs, not what an indexer would.

Measures, macro-averaged over documents: P@k = matches among the top k / k; R@k = matches
among the top k / number of distinct gold phrases; F1@k = the mean of the per-document F1
(and, in brackets, the harmonic mean of the macro P and R).

Run (from the repository root):
  pip install yake scikit-learn nltk
  python3 scripts/eval_keyphrases.py            # builds and runs lede in release mode
Options: --lede PATH (a built `lede` binary), --predictions FILE (lede-format JSON lines
instead of running lede), --only-lede, --docs even|odd|all (a subset, for held-out checks; the
subset is then also lede's corpus), --halves (score the even- and the odd-numbered documents
separately as well, all of them being the corpus: settings are chosen on the even half and
checked on the odd one), --data 500n|cnndm (the CNN/DM pseudo-gold above),
--no-np (skip the noun-phrase gold views), --extra-args="..." (passed to `lede keywords`), --fold-punctuation
(also score with punctuation folded, see above).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "keyphrase" / "500n_kpcrowd.jsonl"
CNNDM = ROOT.parent / "shared" / "data" / "summarization" / "cnndm_dev119.jsonl"
K_VALUES = (5, 10)

_stemmer = None
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_POSSESSIVE = re.compile(r"'s\b|'\B|\B'")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
FOLD_PUNCTUATION = False

# Common English verbs (base forms), for the noun-phrase gold views; irregular forms follow.
VERBS = set(
    """
    be have do say go get make know think take see come want look use find give tell work call
    try ask need feel become leave put mean keep let begin seem help talk turn start show hear
    play run move like live believe hold bring happen write provide sit stand lose pay meet
    include continue set learn change lead understand watch follow stop create speak read allow
    add spend grow open walk win offer remember love consider appear buy wait serve die send
    expect build stay fall cut reach kill remain suggest raise pass sell require report decide
    pull return explain hope develop carry break receive agree support hit produce eat cover
    catch draw choose cause point listen realise realize place close involve increase reduce
    announce claim confirm deny accuse admit warn urge reveal insist describe discuss address
    plan launch join reject approve prepare seek face push fail improve avoid manage argue
    express hit join maintain mention remain attend enjoy prove throw wish arrive apply
    affect attempt publish refuse release drive fight steal ensure embark expect reply
    """.split()
) | set(
    """
    is are was were been being am has had did does done said went gone got gotten made knew
    known thought took taken saw seen came gave given told felt became left meant kept began
    begun seemed heard held brought wrote written sat stood lost paid met led understood spoke
    spoken read grew grown won spent built fell fallen sent bought ran caught chose chosen
    broke broken ate eaten drew drawn threw thrown drove driven fought stole stolen
    """.split()
)
STOP_WORDS = None
# Adverbs, adjectives and time words that scikit-learn's stop words miss, for the CNN/DM
# pseudo-gold chunks.
NOT_NOUNS = set("""
    just according extra unbeaten today yesterday tomorrow ago later earlier recently new old
    current previous former latest early late major minor total unable likely unlikely
    day days week weeks month months year years hour hours minute minutes lot lots time times
    """.split())
_ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ful", "less", "able", "ible", "ic", "ing")


def is_verb(word: str) -> bool:
    """Whether a lower-case word is a form of one of VERBS (regular inflections by rule)."""
    if word in VERBS:
        return True
    for suffix, restore in (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"),
                            ("ied", "y"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and word[: -len(suffix)] + restore in VERBS:
            return not (suffix == "ing" and word in {"meeting", "building", "hearing", "ruling",
                                                     "spending", "opening", "offering", "reading",
                                                     "setting", "feeling", "beginning", "killing",
                                                     "fighting", "shooting", "training"})
    # Doubled final consonant: "planned", "stopping".
    for suffix in ("ed", "ing"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in VERBS:
            return True
    return False


def is_noun_phrase(gold: str, text_forms: str) -> bool:
    """Whether a gold phrase belongs to the NP gold view (see the module docstring)."""
    global STOP_WORDS
    if STOP_WORDS is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        STOP_WORDS = ENGLISH_STOP_WORDS
    words = re.sub(r"[^\w\s'-]", " ", gold.translate(_APOSTROPHES)).split()
    if not 1 <= len(words) <= 4:
        return False
    lower = [w.lower().removesuffix("'s") for w in words]
    if lower[0] in STOP_WORDS or lower[-1] in STOP_WORDS:
        return False
    if any(is_verb(w) or (w.endswith("ly") and len(w) > 4) or (w.endswith("ed") and len(w) > 4)
           for w in lower):
        return False
    if len(words) == 1 and not words[0][0].isupper() and lower[0].endswith(_ADJECTIVE_ENDINGS):
        return False
    form = normalise(gold)
    return bool(form) and f" {form} " in text_forms


def normalise(phrase: str) -> str:
    """The matching form of a phrase (see the module docstring)."""
    global _stemmer
    if _stemmer is None:
        from nltk.stem import PorterStemmer

        _stemmer = PorterStemmer()
    text = phrase.lower()
    if FOLD_PUNCTUATION:
        text = _PUNCTUATION.sub("", _POSSESSIVE.sub("", text.translate(_APOSTROPHES)))
    return " ".join(_stemmer.stem(word) for word in text.split())


def highlight_phrases(highlights: str, text_forms: str) -> list[str]:
    """The pseudo-gold of a CNN/DM article (see the module docstring): the noun-phrase chunks
    of its highlights that occur in the article."""
    global STOP_WORDS
    if STOP_WORDS is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        STOP_WORDS = ENGLISH_STOP_WORDS
    phrases = []
    # Punctuation ends a chunk; an apostrophe or hyphen inside a word does not.
    for piece in re.split(r"[^\w\s'’-]|\s['’-]|['’-]\s|\s-+\s", highlights.translate(_APOSTROPHES)):
        chunk: list[str] = []
        for word in piece.split() + [""]:
            lower = word.lower().removesuffix("'s").strip("'-")
            breaks = (
                not lower
                or lower in STOP_WORDS
                or is_verb(lower)
                or (lower.endswith("ly") and len(lower) > 4)
                or lower in NOT_NOUNS
                or (lower.endswith("ed") and len(lower) > 4 and not word[0].isupper())
                or lower.isdigit()
                or any(c.isdigit() for c in lower) and "-" in lower
            )
            if not breaks:
                chunk.append(word.removesuffix("'s"))
                continue
            # The head of a noun phrase is not an adjective or a participle: drop such end
            # words (lower-case), as DUC's annotators wrote "storm damage", not "damaged".
            while chunk and not chunk[-1][0].isupper() and (
                chunk[-1].lower().endswith(("ed",) + _ADJECTIVE_ENDINGS[:-1])
            ):
                chunk.pop()
            lone_modifier = (
                len(chunk) == 1 and not chunk[0][0].isupper()
                and chunk[0].lower().endswith(_ADJECTIVE_ENDINGS)
            )
            if 1 <= len(chunk) <= 4 and not lone_modifier:
                phrase = " ".join(chunk)
                form = normalise(phrase)
                if form and f" {form} " in text_forms:
                    phrases.append(phrase)
            chunk = []
    return phrases


def load_documents(subset: str, data: str = "500n") -> list[dict]:
    if data == "cnndm":
        docs = []
        for line in CNNDM.open(encoding="utf-8"):
            row = json.loads(line)
            docs.append({"id": row["id"], "text": row["text"],
                         "highlights": " ".join(row["summaries"]), "title_only": False})
    else:
        docs = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    docs = [d for d in docs if not d["title_only"]]
    if subset == "even":
        docs = docs[0::2]
    elif subset == "odd":
        docs = docs[1::2]
    return docs


def run_lede(docs: list[dict], lede: str | None, extra_args: list[str]) -> tuple[dict, float]:
    if lede is None:
        subprocess.run(
            ["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True
        )
        lede = str(ROOT / "target" / "release" / "lede")
    lines = "".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs)
    start = time.perf_counter()
    done = subprocess.run(
        [lede, "keywords", "--jsonl", "--top-k", "10", *extra_args],
        input=lines.encode(),
        capture_output=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    return parse_predictions(done.stdout.decode().splitlines()), elapsed


def parse_predictions(lines) -> dict:
    predictions = {}
    for line in lines:
        if line.strip():
            row = json.loads(line)
            predictions[row["id"]] = [k["text"] for k in row["keywords"]]
    return predictions


def run_yake(docs: list[dict]) -> tuple[dict, float]:
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=3, top=10)
    start = time.perf_counter()
    predictions = {d["id"]: [kw for kw, _ in extractor.extract_keywords(d["text"])] for d in docs}
    return predictions, time.perf_counter() - start


def run_sklearn(docs: list[dict]) -> tuple[dict, float]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    vectorizer = TfidfVectorizer(ngram_range=(1, 3), stop_words="english")
    matrix = vectorizer.fit_transform([d["text"] for d in docs]).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    predictions = {}
    for row, doc in enumerate(docs):
        weights = matrix.getrow(row)
        order = np.argsort(-weights.data, kind="stable")[:10]
        predictions[doc["id"]] = [vocabulary[weights.indices[i]] for i in order]
    return predictions, time.perf_counter() - start


def gold_of(doc: dict, view: str) -> set[str]:
    """The matching forms of a document's gold phrases in `view` (full, np or multi)."""
    if "highlights" in doc:
        key = ("_pseudo", FOLD_PUNCTUATION)
        if key not in doc:
            text_forms = " " + normalise(re.sub(r"[^\w\s'’-]", " ", doc["text"])) + " "
            doc[key] = {normalise(g) for g in highlight_phrases(doc["highlights"], text_forms)}
        if view == "multi":
            return {g for g in doc[key] if len(g.split()) > 1}
        return doc[key]
    if view == "full":
        return {normalise(g) for g in doc["keyphrases"]} - {""}
    key = ("_np", FOLD_PUNCTUATION)
    if key not in doc:
        text_forms = " " + normalise(re.sub(r"[^\w\s'’-]", " ", doc["text"])) + " "
        doc[key] = {normalise(g) for g in doc["keyphrases"] if is_noun_phrase(g, text_forms)}
    if view == "np":
        return doc[key]
    return {g for g in doc[key] if len(g.split()) > 1}


def score(docs: list[dict], predictions: dict, view: str = "full") -> dict:
    totals = {f"{m}@{k}": 0.0 for k in K_VALUES for m in ("P", "R", "F1")}
    docs = [d for d in docs if gold_of(d, view)]
    for doc in docs:
        gold = gold_of(doc, view)
        ranked = [normalise(p) for p in predictions.get(doc["id"], [])]
        seen: set[str] = set()
        marks = []
        for phrase in ranked:
            marks.append(phrase not in seen and phrase in gold)
            seen.add(phrase)
        for k in K_VALUES:
            hits = sum(marks[:k])
            p = hits / k
            r = hits / len(gold) if gold else 0.0
            totals[f"P@{k}"] += p
            totals[f"R@{k}"] += r
            totals[f"F1@{k}"] += 2 * p * r / (p + r) if hits else 0.0
    n = len(docs)
    result = {name: 100 * value / n for name, value in totals.items()}
    for k in K_VALUES:
        p, r = result[f"P@{k}"], result[f"R@{k}"]
        result[f"F1m@{k}"] = 2 * p * r / (p + r) if p + r else 0.0
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lede", help="path to a built lede binary")
    parser.add_argument("--predictions", help="lede-format JSON lines instead of running lede")
    parser.add_argument("--only-lede", action="store_true")
    parser.add_argument("--docs", choices=("all", "even", "odd"), default="all")
    parser.add_argument("--extra-args", default="", help="more arguments for `lede keywords`")
    parser.add_argument(
        "--fold-punctuation", action="store_true", help="also score with punctuation folded"
    )
    parser.add_argument(
        "--halves", action="store_true", help="also score the even and odd documents apart"
    )
    parser.add_argument("--no-np", action="store_true", help="skip the noun-phrase gold views")
    parser.add_argument(
        "--data", choices=("500n", "cnndm"), default="500n",
        help="500N-KPCrowd, or CNN/DM with its highlights' noun phrases as pseudo-gold",
    )
    args = parser.parse_args()
    path = CNNDM if args.data == "cnndm" else DATA
    if not path.exists():
        print(f"skipping: {path} not found", file=sys.stderr)
        return 0
    docs = load_documents(args.docs, args.data)

    systems = []
    if args.predictions:
        with open(args.predictions, encoding="utf-8") as f:
            systems.append(("lede", parse_predictions(f), float("nan")))
    else:
        predictions, elapsed = run_lede(docs, args.lede, args.extra_args.split())
        systems.append(("lede", predictions, elapsed))
    if not args.only_lede:
        systems.append(("YAKE", *run_yake(docs)))
        systems.append(("sklearn", *run_sklearn(docs)))

    global FOLD_PUNCTUATION
    if args.data == "cnndm":
        print(f"CNN/DM dev119, {len(docs)} articles, pseudo-gold: highlight noun phrases; "
              f"subset {args.docs}")
    else:
        print(f"500N-KPCrowd, {len(docs)} documents (title-only left out), subset {args.docs}")
    scored = [("", docs)]
    if args.halves:
        scored += [(", even half", docs[0::2]), (", odd half", docs[1::2])]
    for fold in (False, True) if args.fold_punctuation else (False,):
        FOLD_PUNCTUATION = fold
        for label, subset in scored:
            print()
            matching = "lower-case + Porter stem" + (", punctuation folded" if fold else "")
            print(f"matching: {matching}{label}")
            print_table(subset, systems)
            if args.data == "cnndm":
                kept = [d for d in subset if gold_of(d, "multi")]
                phrases = sum(len(gold_of(d, "multi")) for d in kept) / max(len(kept), 1)
                print(f"  multi-word pseudo-gold{label}: {len(kept)} articles, {phrases:.1f} each")
                print_table(subset, systems, "multi", short=True)
            elif not args.no_np:
                for view, name in (("np", "NP gold"), ("multi", "multi-word NP gold")):
                    kept = [d for d in subset if gold_of(d, view)]
                    phrases = sum(len(gold_of(d, view)) for d in kept) / max(len(kept), 1)
                    print(f"  {name}{label}: {len(kept)} documents, {phrases:.1f} phrases each")
                    print_table(subset, systems, view, short=True)
    return 0


def print_table(docs: list[dict], systems: list, view: str = "full", short: bool = False) -> None:
    if short:
        print(f"  {'system':<9}{'P@5':>7}{'F1@5':>7}{'P@10':>7}{'F1@10':>7}")
        for name, predictions, _ in systems:
            r = score(docs, predictions, view)
            print(f"  {name:<9}{r['P@5']:7.1f}{r['F1@5']:7.1f}{r['P@10']:7.1f}{r['F1@10']:7.1f}")
        return
    columns = [f"{m}@{k}" for k in K_VALUES for m in ("P", "R", "F1")]
    header = "".join(f"{c:>8}" for c in columns)
    print(f"{'system':<9}{header}{'F1m@10':>8}{'time s':>8}")
    results = {}
    for name, predictions, elapsed in systems:
        results[name] = score(docs, predictions)
        row = "".join(f"{results[name][c]:8.1f}" for c in columns)
        print(f"{name:<9}{row}{results[name]['F1m@10']:8.1f}{elapsed:8.2f}")
    if len(results) > 1:
        ours = results["lede"]
        beaten = all(
            ours[c] > other[c] for name, other in results.items() if name != "lede" for c in columns
        )
        print(f"lede above both on every measure: {'yes' if beaten else 'no'}")


if __name__ == "__main__":
    sys.exit(main())
