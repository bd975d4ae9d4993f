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
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from eval_summaries import SentenceTokenizer, sumy_document  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "summarization" / "bbc_news_summary.jsonl"
SEED = ROOT / "seeds" / "000_21eaf71ef8813072.txt"
CRITERION = ROOT / "target" / "criterion" / "summarize"


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
    lede = ROOT / "target" / "release" / "lede"
    if not lede.exists():
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "lede-cli"], cwd=ROOT, check=True)
    done = subprocess.run([str(lede), "sentences", "--json"], input=text.encode("utf-8"),
                          capture_output=True, check=True)
    return json.loads(done.stdout)["sentences"]


def criterion_seconds(function):
    estimates = json.loads((CRITERION / function / "new" / "estimates.json").read_text())
    return estimates["mean"]["point_estimate"] / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--number", type=int, default=200)
    parser.add_argument("--skip-cargo", action="store_true",
                        help="reuse the last criterion results instead of running the bench")
    args = parser.parse_args()

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
