#!/usr/bin/env python3
"""Writes the scikit-learn TF-IDF fixture checked by crates/lede-tfidf/tests/sklearn_tfidf.rs.

Given the same tokens, lede's TF-IDF weights must equal scikit-learn's TfidfVectorizer. This
script takes lede's own analysed terms of the seed articles (from the `terms` example:
normalised, stop words removed, stemmed), gives exactly those token lists to TfidfVectorizer
(its preprocessing, tokenising and lower-casing switched off; n-grams built by scikit-learn
from the tokens), and records the weights of every document for each combination of options:

    ngram_range (1, 1):  smooth_idf on/off  x  sublinear_tf on/off  x  norm l2/l1/None
    ngram_range (1, 2):  three of those combinations, which between them switch every option

The fixture stores the token lists too, so the Rust test weighs the very same tokens even if
the analyzer changes later (a separate test reports when the analyzer no longer reproduces
them, meaning this script should be run again). To keep it small, each document's features
(the terms scikit-learn gives a non-zero weight) are listed once per ngram_range, sorted, and
each option set stores the weights in that order, to 10 significant digits (the test
tolerance is 1e-6).

    pip install scikit-learn
    python3 scripts/sklearn_tfidf_fixture.py            # from the workspace root
"""
import argparse
import itertools
import json
import pathlib
import subprocess

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURE = ROOT / "crates" / "lede-tfidf" / "tests" / "fixtures" / "sklearn_tfidf_seeds.json"
COMMAND = ["cargo", "run", "-q", "-p", "lede-tfidf", "--example", "terms", "--"]


def identity(tokens):
    return tokens


def lede_terms():
    seeds = [str(p.relative_to(ROOT)) for p in SEEDS]
    out = subprocess.run(COMMAND + seeds, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def weights(documents, ngram_range, smooth_idf, sublinear_tf, norm):
    vectorizer = TfidfVectorizer(
        tokenizer=identity, preprocessor=identity, lowercase=False, token_pattern=None,
        ngram_range=ngram_range, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm,
    )
    matrix = vectorizer.fit_transform([d["terms"] for d in documents]).tocsr()
    features = vectorizer.get_feature_names_out()
    rows = []
    for i in range(matrix.shape[0]):
        row = matrix.getrow(i)
        rows.append(sorted((str(features[j]), float(w)) for j, w in zip(row.indices, row.data)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=pathlib.Path, default=FIXTURE)
    args = parser.parse_args()

    terms = lede_terms()
    documents = terms["documents"]
    option_sets = [((1, 1), *options) for options in
                   itertools.product([True, False], [False, True], ["l2", "l1", None])]
    option_sets += [
        ((1, 2), True, False, "l2"),   # scikit-learn's defaults
        ((1, 2), False, True, "l1"),
        ((1, 2), True, True, None),
    ]
    features = {}
    cases = []
    for ngram_range, smooth_idf, sublinear_tf, norm in option_sets:
        rows = weights(documents, ngram_range, smooth_idf, sublinear_tf, norm)
        key = f"{ngram_range[0]},{ngram_range[1]}"
        terms_of_rows = [[term for term, _ in row] for row in rows]
        # Every option set gives the same non-zero features (every IDF is at least 1).
        assert features.setdefault(key, terms_of_rows) == terms_of_rows
        cases.append({
            "ngram_range": list(ngram_range),
            "smooth_idf": smooth_idf,
            "sublinear_tf": sublinear_tf,
            "norm": norm,
            "weights": [[float(f"{w:.10g}") for _, w in row] for row in rows],
        })
    fixture = {
        "generator": "scripts/sklearn_tfidf_fixture.py",
        "sklearn_version": sklearn.__version__,
        "vectorizer": "TfidfVectorizer(tokenizer=identity, preprocessor=identity, "
                      "lowercase=False, token_pattern=None, ngram_range, smooth_idf, "
                      "sublinear_tf, norm)",
        "terms_from": " ".join(COMMAND) + " seeds/*.txt",
        "analyzer": terms["analyzer"],
        "documents": documents,
        "features": features,
        "cases": cases,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    size = args.output.stat().st_size
    print(f"wrote {args.output.relative_to(ROOT)}: {len(documents)} documents, "
          f"{len(cases)} option sets, {size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
