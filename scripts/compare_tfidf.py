#!/usr/bin/env python3
"""Side-by-side corpus fitting throughput of lede-tfidf and scikit-learn's TfidfVectorizer,
on the same documents, with unigrams and with unigrams and bigrams.

Input: each record's `text` in ../shared/data/corpus/reuters21578.jsonl is one document.
Runs the criterion bench `fit` of lede-tfidf (release, single thread: a fresh analyzer,
vocabulary and statistics per iteration, then the IDF table), reads its mean times (and that of
`fit/analysis`, lede's analysis alone, printed as the floor under both fits), and times
`TfidfVectorizer().fit(texts)` and `TfidfVectorizer(ngram_range=(1, 2)).fit(texts)` in this
process (best of --repeat runs). MB/s are decimal megabytes of UTF-8 text per second, with
bytes = the sum of the texts' UTF-8 lengths, for both sides.

The two do not do identical work: lede's analysis also NFKC-normalises, removes stop words and
stems (Snowball) every word; TfidfVectorizer's default analysis lower-cases and splits on a
regular expression. The comparison is of "fit a TF-IDF model on this corpus" as each tool does it
by default, lede doing more per word.

    pip install scikit-learn
    python3 scripts/compare_tfidf.py [--repeat 3] [--skip-cargo]
"""
import argparse
import sys
import time

from criterion_results import CORPUS, criterion_mb_per_s, load_texts, run_criterion


# (criterion function in group "fit", scikit-learn ngram_range, label)
ROWS = [
    ("unigrams", (1, 1), "unigrams"),
    ("bigrams", (1, 2), "unigrams + bigrams"),
    # CorpusStats::fit on every core (statistics are mergeable); scikit-learn has no parallel fit.
    ("bigrams_parallel", (1, 2), "uni+bigrams, all cores"),
]





def sklearn_mb_per_s(texts, nbytes, ngram_range, repeat):
    from sklearn.feature_extraction.text import TfidfVectorizer

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        TfidfVectorizer(ngram_range=ngram_range).fit(texts)
        best = min(best, time.perf_counter() - start)
    return nbytes / best / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3,
                        help="scikit-learn runs per configuration; the best is kept")
    parser.add_argument("--skip-cargo", action="store_true",
                        help="reuse the last criterion results instead of running the bench")
    args = parser.parse_args()

    if not CORPUS.exists():
        sys.exit(f"missing {CORPUS}: this script needs ../shared/data beside the repository")
    texts = load_texts()
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"input: {CORPUS.name}, {len(texts)} documents, {nbytes / 1e6:.1f} MB")

    if not args.skip_cargo:
        run_criterion("lede-tfidf", "fit", "fit")

    import sklearn

    print(f"{'fit':<20} {'lede MB/s':>10}   {'scikit-learn ' + sklearn.__version__ + ' MB/s':>26}   "
          f"{'ratio':>7}")
    sklearn_by_range = {}
    for function, ngram_range, label in ROWS:
        ours = criterion_mb_per_s("fit", function, nbytes)
        if ngram_range not in sklearn_by_range:
            sklearn_by_range[ngram_range] = sklearn_mb_per_s(texts, nbytes, ngram_range, args.repeat)
        theirs = sklearn_by_range[ngram_range]
        print(f"{label:<20} {ours:>10.1f}   {theirs:>26.2f}   {ours / theirs:>6.1f}x")
    analysis = criterion_mb_per_s("fit", "analysis", nbytes)
    print(f"(lede's analysis alone, the floor under both fits: {analysis:.1f} MB/s)")


if __name__ == "__main__":
    main()
