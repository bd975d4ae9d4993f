#!/usr/bin/env python3
"""Side-by-side speed of lede-summarize and sumy's LexRank on the same BBC-sized article.

Article: the first article of ../shared/data/summarization/bbc_news_summary.jsonl whose text
is between 1,950 and 2,050 bytes of UTF-8 (business/021, 2,011 bytes; seed 000 if the data is
missing), as in the criterion bench `summarize` of lede-summarize.

lede: the criterion bench `summarize/article` (release build, one thread): a three-sentence
summary from the raw text, sentence splitting, analysis (normalisation, stop words, Snowball
stemming), IDF, the similarity graph, LexRank, MMR and all included; the summarizer is reused
between iterations as a service would (its stem cache warm, the background table loaded).

sumy: `LexRankSummarizer` (English stop words, Snowball stemmer) on the same article with
lede's sentences *given* to it (a sumy document built from them: sumy's own sentence splitting
is not timed, which favours sumy), asked for three sentences; the best mean of --repeat runs of
--number calls each. The ratio is sumy's time over lede's.

    pip install sumy
    python3 scripts/compare_summaries.py [--repeat 5] [--number 200] [--skip-cargo]

With --all, whole processes over every article of the BBC set instead (2,225, duplicates
kept): lede is one `lede summarize --jsonl --sentences 3` process over all of them (process
start, JSON reading and writing, sentence splitting, analysis and LexRank included), the best
of --repeat runs; sumy is LexRank asked for three sentences of each article, given lede's
sentences (split beforehand, not timed), its documents built in the timed loop as above, in
one Python process that has already imported sumy (its start-up is not timed). Both run on
one thread.

    python3 scripts/compare_summaries.py --all [--repeat 3]
"""
import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from eval_summaries import SentenceTokenizer, sumy_document  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "summarization" / "bbc_news_summary.jsonl"
SEED = ROOT / "seeds" / "000_21eaf71ef8813072.txt"
CRITERION = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "criterion" / "summarize"


def article():
    if DATA.exists():
        with DATA.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    item = json.loads(line)
                    if 1950 <= len(item["text"].encode("utf-8")) <= 2050:
                        return item["id"], item["text"]
    return SEED.name, SEED.read_text(encoding="utf-8")


def lede_sentences(text):
    done = subprocess.run([str(lede_binary()), "sentences", "--json"], input=text.encode("utf-8"),
                          capture_output=True, check=True)
    return json.loads(done.stdout)["sentences"]


def lede_binary():
    lede = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "lede"
    if not lede.exists():
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "lede-cli"], cwd=ROOT, check=True)
    return lede


def whole_set(repeat):
    """--all: every BBC article, lede's whole process against sumy's LexRank; prints the
    table and returns its figures."""
    if not DATA.exists():
        sys.exit(f"missing {DATA}: --all needs ../shared/data beside the repository")
    with DATA.open(encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    lines = "".join(json.dumps({"id": a["id"], "text": a["text"]}) + "\n" for a in articles)
    data = lines.encode("utf-8")
    lede = lede_binary()
    split = subprocess.run([str(lede), "sentences", "--jsonl"], input=data,
                           capture_output=True, check=True)
    sentences = [json.loads(line)["sentences"] for line in split.stdout.splitlines()]
    print(f"input: {DATA.name}, {len(articles)} articles, {len(data) / 1e6:.1f} MB of JSONL")

    # Wall-clock and CPU time (user + system): on a loaded machine the CPU time moves less.
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([str(lede), "summarize", "--jsonl", "--sentences", "3"],
                              input=data, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    assert len(done.stdout.splitlines()) == len(articles)

    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = SentenceTokenizer()
    start, start_cpu = time.perf_counter(), time.process_time()
    for doc in sentences:
        summarizer(sumy_document(doc, tokenizer), 3)
    theirs, theirs_cpu = time.perf_counter() - start, time.process_time() - start_cpu

    n = len(articles)
    print(f"\n{'3-sentence summaries of every article':<40} {'wall s':>7} {'CPU s':>7} "
          f"{'CPU ms/article':>15}")
    print(f"{'lede, one process (best of ' + str(repeat) + ')':<40} {best:7.2f} {best_cpu:7.2f} "
          f"{best_cpu / n * 1e3:15.3f}")
    print(f"{'sumy LexRank, given the sentences':<40} {theirs:7.2f} {theirs_cpu:7.2f} "
          f"{theirs_cpu / n * 1e3:15.3f}")
    print(f"ratio: lede is {theirs / best:.1f}x faster than sumy's LexRank over the whole set "
          f"by wall clock, {theirs_cpu / best_cpu:.1f}x by CPU time "
          f"(load average {os.getloadavg()[0]:.2f})")
    return {"articles": n, "lede_wall_s": best, "lede_cpu_s": best_cpu,
            "sumy_wall_s": theirs, "sumy_cpu_s": theirs_cpu}


def criterion_seconds(function):
    estimates = json.loads((CRITERION / function / "new" / "estimates.json").read_text())
    return estimates["mean"]["point_estimate"] / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--number", type=int, default=200)
    parser.add_argument("--skip-cargo", action="store_true",
                        help="reuse the last criterion results instead of running the bench")
    parser.add_argument("--all", action="store_true",
                        help="whole processes over every BBC article (see the module docs)")
    args = parser.parse_args()
    if args.all:
        whole_set(args.repeat if args.repeat != 5 else 3)
        return

    name, text = article()
    sentences = lede_sentences(text)
    print(f"article: {name}, {len(text.encode('utf-8'))} bytes, {len(sentences)} sentences")

    if not args.skip_cargo:
        subprocess.run(["cargo", "bench", "-q", "-p", "lede-summarize", "--bench", "summarize",
                        "--", "summarize/"], cwd=ROOT, check=True)
    ours = criterion_seconds("article")
    many = criterion_seconds("25_documents")

    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = SentenceTokenizer()
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _ in range(args.number):
            summarizer(sumy_document(sentences, tokenizer), 3)
        best = min(best, (time.perf_counter() - start) / args.number)

    print(f"\n{'':<34} {'time':>10}")
    print(f"{'lede-summarize (criterion mean)':<34} {ours * 1e6:8.1f} µs")
    print(f"{'sumy LexRank (best of ' + str(args.repeat) + ')':<34} {best * 1e6:8.1f} µs")
    print(f"ratio: lede is {best / ours:.1f}x faster than sumy's LexRank on this article")
    print(f"(lede, 25 documents together: {many * 1e3:.2f} ms)")


if __name__ == "__main__":
    main()
