#!/usr/bin/env python3
"""Precision and recall of the near-duplicate pairs lede-corpus finds (MinHash + LSH).

Runs `cargo run --release -p lede-corpus --example duplicates -- FILE` (the pairs the
library's lookup finds, as JSON lines) and compares them with two ground truths computed here
exactly, by brute force over candidate pairs:

  * identical: pairs whose texts (the body, without the title) are equal after case folding
    and collapsing white space, of at least 5 words (on BBC News these are its known
    duplicated articles, some under another title);
  * near: pairs whose sets of word 5-shingles of title + text (words = runs of letters and
    digits, case-folded, as lede-corpus cuts them) have a Jaccard similarity of at least --threshold (0.7, the
    library's cut-off), computed exactly on every pair that shares a shingle held by at most
    --max-df documents (a pair of Jaccard >= 0.7 shares 70% of its shingles: all of them
    being held by more than --max-df documents happens only for boilerplate, which the counts
    note).

Precision = found pairs that are in the ground truth / found; recall = ground-truth pairs
found / ground truth. Reported on the whole file and on its two halves (documents by line
parity; a pair belongs to a half when both documents do), since nothing was tuned on either.

    python3 scripts/eval_duplicates.py ../shared/data/summarization/bbc_news_summary.jsonl
    python3 scripts/eval_duplicates.py ../shared/data/corpus/reuters21578.jsonl
"""
import argparse
import collections
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORD = re.compile(r"[^\W_]+")


def name_of(record):
    raw = record["id"] if isinstance(record["id"], str) else json.dumps(record["id"])
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in raw)


def shingles(text, k=5):
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < k:
        # As in lede-corpus: too short to have a fingerprint.
        return frozenset()
    return frozenset(tuple(words[i:i + k]) for i in range(len(words) - k + 1))


def ground_truth(docs, bodies, threshold, max_df):
    identical = collections.defaultdict(list)
    for name, text in bodies.items():
        if len(WORD.findall(text)) >= 5:
            identical[" ".join(text.lower().split())].append(name)
    same = {tuple(sorted((a, b))) for group in identical.values() if len(group) > 1
            for i, a in enumerate(group) for b in group[i + 1:]}
    sets = {name: shingles(text) for name, text in docs.items()}
    postings = collections.defaultdict(list)
    for name, s in sets.items():
        for shingle in s:
            postings[shingle].append(name)
    candidates = set()
    crowded = 0
    for names in postings.values():
        if len(names) > max_df:
            crowded += 1
            continue
        names.sort()
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                candidates.add((a, b))
    near = set()
    for a, b in candidates:
        sa, sb = sets[a], sets[b]
        if not sa or not sb:
            continue
        inter = len(sa & sb)
        if inter / (len(sa) + len(sb) - inter) >= threshold:
            near.add((a, b))
    # Identical texts are near too, even when every shingle is crowded.
    near |= {pair for pair in same if sets[pair[0]] == sets[pair[1]]}
    return same, near, crowded


def report(label, found, truth):
    hit = len(found & truth)
    precision = hit / len(found) if found else float("nan")
    recall = hit / len(truth) if truth else float("nan")
    print(f"  {label:<34} found {len(found):>6}  truth {len(truth):>6}  "
          f"P {precision:.3f}  R {recall:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl")
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--max-df", type=int, default=200)
    args = parser.parse_args()
    records = [json.loads(line) for line in open(args.jsonl, encoding="utf-8") if line.strip()]
    docs = {name_of(r): (r.get("title") or "") + "\n" + (r.get("text") or "") for r in records}
    half = {name_of(r): i % 2 for i, r in enumerate(records)}

    env = dict(os.environ, RUST_BACKTRACE="0")
    run = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "lede-corpus", "--example", "duplicates", "--",
         args.jsonl],
        cwd=ROOT, capture_output=True, text=True, env=env, check=True)
    found = set()
    for line in run.stdout.splitlines():
        pair = json.loads(line)
        found.add(tuple(sorted((pair["a"], pair["b"]))))
    print(f"{args.jsonl}: {len(docs)} documents")
    print("  lede: " + run.stderr.strip())

    bodies = {name_of(r): r.get("text") or "" for r in records}
    same, near, crowded = ground_truth(docs, bodies, args.threshold, args.max_df)
    print(f"  ground truth: {len(same)} identical pairs, {len(near)} pairs of 5-shingle Jaccard "
          f">= {args.threshold} ({crowded} shingles held by > {args.max_df} documents not used "
          "to find candidates)")
    for label, keep in [("all", lambda p: True),
                        ("half 0", lambda p: half[p[0]] == half[p[1]] == 0),
                        ("half 1", lambda p: half[p[0]] == half[p[1]] == 1)]:
        f = {p for p in found if keep(p)}
        print(f" {label}:")
        report(f"near (Jaccard >= {args.threshold})", f, {p for p in near if keep(p)})
        truth = {p for p in same if keep(p)}
        print(f"  {'identical texts':<34} truth {len(truth):>6}  found of them {len(f & truth):>6}"
              f"  R {len(f & truth) / len(truth) if truth else float('nan'):.3f}")


if __name__ == "__main__":
    sys.exit(main())
