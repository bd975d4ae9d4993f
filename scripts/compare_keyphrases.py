#!/usr/bin/env python3
"""Keyphrase speed side by side: lede against YAKE on the same BBC news articles.

1. One article: the first `text` of ../shared/data/summarization/bbc_news_summary.jsonl that is
   1.8-2.4 KB (the article `benches/keyphrases.rs` uses). lede's time is criterion's mean for
   `keyphrases/one_document` (the article against a 20-article corpus plus the background
   table, extractor warm); YAKE's is the median of repeated `extract_keywords` calls
   (yake.KeywordExtractor(lan="en", n=3, top=10), constructed once).
2. Many articles, end to end: the first N articles (default 200). lede: one `lede keywords
   --jsonl` process over all of them (process start, table parse, corpus counting included),
   per article; YAKE: one `extract_keywords` per article, in this process.

Run (from the repository root): pip install yake && python3 scripts/compare_keyphrases.py
Options: --skip-bench (reuse the last criterion result), --articles N.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "summarization" / "bbc_news_summary.jsonl"
ESTIMATES = ROOT / "target" / "criterion" / "keyphrases" / "one_document" / "new" / "estimates.json"


def load_texts() -> list[str]:
    with DATA.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def bench_article(texts: list[str]) -> str:
    for text in texts:
        if 1800 <= len(text.encode("utf-8")) <= 2400:
            return text
    raise SystemExit("no article of 1.8-2.4 KB")


def lede_one_ms(skip_bench: bool) -> float:
    if not skip_bench:
        subprocess.run(
            ["cargo", "bench", "-q", "-p", "lede-tfidf", "--bench", "keyphrases", "--",
             "keyphrases/one_document"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    estimates = json.loads(ESTIMATES.read_text())
    return estimates["mean"]["point_estimate"] / 1e6


def yake_one_ms(extractor, text: str, repeats: int = 30) -> float:
    extractor.extract_keywords(text)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        extractor.extract_keywords(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def lede_many_ms(texts: list[str]) -> float:
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [str(ROOT / "target" / "release" / "lede"), "keywords", "--jsonl"],
            input=lines.encode(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        best = min(best, time.perf_counter() - start)
    return best * 1e3 / len(texts)


def yake_many_ms(extractor, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        extractor.extract_keywords(text)
    return (time.perf_counter() - start) * 1e3 / len(texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-bench", action="store_true")
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipping: {DATA} not found", file=sys.stderr)
        return 0
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=3, top=10)
    texts = load_texts()
    article = bench_article(texts)
    many = texts[: args.articles]
    size = sum(len(t.encode("utf-8")) for t in many) / len(many)

    lede_one = lede_one_ms(args.skip_bench)
    yake_one = yake_one_ms(extractor, article)
    print(f"one article ({len(article.encode('utf-8'))} bytes), extractor warm:")
    print(f"  lede  {lede_one * 1e3:9.1f} µs")
    print(f"  YAKE  {yake_one * 1e3:9.1f} µs")
    print(f"  lede is {yake_one / lede_one:.0f}x faster")

    lede_many = lede_many_ms(many)
    yake_many = yake_many_ms(extractor, many)
    print(f"{len(many)} articles (mean {size:.0f} bytes), end to end, per article:")
    print(f"  lede  {lede_many * 1e3:9.1f} µs  (one `lede keywords --jsonl` process)")
    print(f"  YAKE  {yake_many * 1e3:9.1f} µs")
    print(f"  lede is {yake_many / lede_many:.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
