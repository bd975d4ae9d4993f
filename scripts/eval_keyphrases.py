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
checked on the odd one), --extra-args="..." (passed to `lede keywords`), --fold-punctuation
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
K_VALUES = (5, 10)

_stemmer = None
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_POSSESSIVE = re.compile(r"'s\b|'\B|\B'")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
FOLD_PUNCTUATION = False


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


def load_documents(subset: str) -> list[dict]:
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


def score(docs: list[dict], predictions: dict) -> dict:
    totals = {f"{m}@{k}": 0.0 for k in K_VALUES for m in ("P", "R", "F1")}
    for doc in docs:
        gold = {normalise(g) for g in doc["keyphrases"]} - {""}
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
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipping: {DATA} not found", file=sys.stderr)
        return 0
    docs = load_documents(args.docs)

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
    return 0


def print_table(docs: list[dict], systems: list) -> None:
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
