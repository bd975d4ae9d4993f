#!/usr/bin/env python3
"""Side-by-side throughput of lede's tokenizer, sentence splitter and analysis pipeline
against pySBD and scikit-learn's CountVectorizer analyzer, on the same text.

Input: the `text` fields of ../shared/data/corpus/reuters21578.jsonl (joined by blank lines for
lede's benches, exactly as the criterion benches do). Runs the criterion benches (release,
single thread), reads their estimates, times the Python tools in this process, prints MB/s
(decimal megabytes) and the ratios.

    pip install pysbd scikit-learn snowballstemmer
    python3 scripts/compare_tokenize.py [--pysbd-mb 1.0] [--skip-cargo]
"""
import argparse
import sys
import time

from criterion_results import CORPUS, criterion_mb_per_s, load_texts, run_criterion


# (package, bench target, criterion group, function, label)
LEDE_BENCHES = [
    ("lede-tokenize", "throughput", "tokenize", "words", "words (tokenize)"),
    ("lede-tokenize", "throughput", "sentences", "split", "sentences"),
    ("lede-tfidf", "fit", "analysis", "full", "full analysis"),
]





def time_mb_per_s(fn, docs, repeat=1):
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - start)
    return nbytes / best / 1e6, nbytes


def prefix_by_bytes(docs, limit):
    out, total = [], 0
    for d in docs:
        if total >= limit:
            break
        out.append(d)
        total += len(d.encode("utf-8"))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pysbd-mb", type=float, default=1.0,
                        help="megabytes of the corpus (from its start) given to pySBD, which is slow")
    parser.add_argument("--skip-cargo", action="store_true",
                        help="reuse the last criterion results instead of running the benches")
    args = parser.parse_args()

    if not CORPUS.exists():
        sys.exit(f"missing {CORPUS}: this script needs ../shared/data beside the repository")
    texts = load_texts()
    joined_bytes = len("\n\n".join(texts).encode("utf-8"))
    print(f"input: {CORPUS.name}, {len(texts)} documents, {joined_bytes / 1e6:.1f} MB")

    if not args.skip_cargo:
        for package, target, group, _, _ in LEDE_BENCHES:
            run_criterion(package, target, group)
    lede = {label: criterion_mb_per_s(group, function, joined_bytes)
            for _, _, group, function, label in LEDE_BENCHES}

    peers = python_peers(texts, args.pysbd_mb)
    rows = [
        ("words (tokenize)", lede["words (tokenize)"], *peers[0]),
        ("full analysis", lede["full analysis"], *peers[1]),
        ("sentences", lede["sentences"], *peers[-1]),
    ]
    if len(peers) == 4:
        rows.insert(2, ("full analysis", lede["full analysis"], *peers[2]))
    print(f"{'lede':<18} {'MB/s':>8}   {'reference':<40} {'MB/s':>8}   {'ratio':>8}")
    for label, ours, ref_label, ref in rows:
        print(f"{label:<18} {ours:>8.1f}   {ref_label:<40} {ref:>8.2f}   {ours / ref:>7.0f}x")


def python_peers(texts, pysbd_mb):
    """(label, MB/s) of the Python tools on `texts`: scikit-learn's analyzer, the same with
    stop words and snowballstemmer (when installed), and pySBD on the first `pysbd_mb` MB."""
    import pysbd
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = CountVectorizer().build_analyzer()
    sklearn_mbs, _ = time_mb_per_s(analyzer, texts, repeat=3)

    # The same steps as lede's full analysis, as a Python user would compose them: scikit-learn's
    # analyzer with its English stop words, then Snowball (PyPI snowballstemmer, when installed).
    try:
        import snowballstemmer
        stemmer = snowballstemmer.stemmer("english")
        stop_analyzer = CountVectorizer(stop_words="english").build_analyzer()
        pipeline_mbs, _ = time_mb_per_s(lambda d: stemmer.stemWords(stop_analyzer(d)), texts)
    except ImportError:
        pipeline_mbs = None

    segmenter = pysbd.Segmenter(language="en", clean=False)
    sample = prefix_by_bytes(texts, int(pysbd_mb * 1e6))
    pysbd_mbs, pysbd_bytes = time_mb_per_s(segmenter.segment, sample)

    peers = [("scikit-learn CountVectorizer analyzer", sklearn_mbs)] * 2
    if pipeline_mbs:
        peers.append(("scikit-learn + stop words + snowballstemmer", pipeline_mbs))
    peers.append((f"pySBD {pysbd.__version__} (first {pysbd_bytes / 1e6:.2f} MB)", pysbd_mbs))
    return peers


if __name__ == "__main__":
    main()
