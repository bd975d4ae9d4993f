#!/usr/bin/env python3
"""Summary quality of lede-summarize beside sumy's LexRank and TextRank and a Lead baseline,
by ROUGE-1/2/L F1 on BBC News Summary or CNN/DailyMail, all systems under the same budget.

Two data sets (`--data`):

* `cnndm`: ../shared/data/summarization/cnndm_dev119.jsonl, 119 CNN/DailyMail test-split
  articles whose reference is the abstractive highlights (about 50 words). Every system gets
  3 sentences (`--budget sentences --sentences 3`, the convention of the CNN/DM literature) and
  Lead is Lead-3, the baseline every news summariser is measured against. Split: the
  even-numbered articles are *dev* (60), the odd ones *held out* (59).
* `bbc` (the default): ../shared/data/summarization/bbc_news_summary.jsonl, described below.

BBC: ../shared/data/summarization/bbc_news_summary.jsonl. Items whose `summary_sentences` is
null (16) are skipped, and of the 133 articles that occur twice only the first is kept, which
leaves 2,077 articles. The reference is `summaries` (one extractive summary per article, about
45% of its words); the article's title is a separate field and is neither in `text` nor in the
reference, so every system sees `text` only.

Split: the articles (after de-duplication, in file order) whose index is a multiple of 10 are
the *dev* slice (208 articles), on which the model's defaults were chosen; the other 1,869 are
*held out*. Figures are printed for both and for all.

Same sentences, same budget for every system:
* sentences are lede's (`lede sentences --jsonl`); sumy is given exactly these sentences (its
  word tokenizer is NLTK's Treebank tokenizer run on each sentence, as sumy's default does, so
  no NLTK data is needed), and so is Lead;
* the budget is a share of the article's words (default 45%, the references' mean share):
  `ceil(ratio * words)` white-space separated words. Each system ranks the sentences and takes
  them in rank order, skipping a sentence that would overflow the budget (a shorter one may
  still fit); if not even one fits, its best sentence alone. This is exactly what
  `lede summarize --ratio R` does, so the comparison is of rankings, not of length rules.
  With `--budget sentences` every system gets instead `round(ratio * sentences)` sentences
  (at least 1).
* Lead ranks sentences in document order; sumy's LexRank and TextRank rank them by their
  scores (ties in document order), with sumy's English stop words and Snowball stemmer.
  lede is run as `lede summarize --jsonl --ratio R` (or `--sentences k` per article), the
  release build, on the raw `text`; its summary comes back in document order, as do the others.
  It is run twice: with its default model (`lede`: the lead model for one document) and with
  `--model centrality` (`lede centrality`), unless `--lede-arg` names a model or
  `--only-lede` is given.

ROUGE: Google's `rouge-score` (`use_stemmer=True`), F1 of rouge1, rouge2 and rougeL (plus
rougeLsum with one sentence a line), averaged over articles. The paired bootstrap
(1000 resamples of articles) gives the share of resamples in which lede's mean is below each
baseline's.

    pip install rouge-score sumy
    cargo build --release -p lede-cli
    python3 scripts/eval_summaries.py [--ratio 0.45] [--budget words|sentences] [--worst 5]
    python3 scripts/eval_summaries.py --data cnndm [--worst 5]
"""
import argparse
import json
import math
import pathlib
import random
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA_DIR = ROOT.parent / "shared" / "data" / "summarization"
DATA = {"bbc": DATA_DIR / "bbc_news_summary.jsonl", "cnndm": DATA_DIR / "cnndm_dev119.jsonl"}
LEDE = ROOT / "target" / "release" / "lede"
METRICS = ("rouge1", "rouge2", "rougeL", "rougeLsum")


def load_cnndm():
    """The CNN/DM articles; the highlights, one per line, are the reference's sentences."""
    articles = []
    with DATA["cnndm"].open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            reference = item["summaries"][0]
            articles.append({
                "id": item["id"],
                "text": item["text"],
                "reference": reference,
                "reference_sentences": [s for s in re.split(r"(?<=[.!?])\s+", reference) if s],
            })
    return articles, 0, 0


def load_articles():
    articles, seen = [], set()
    skipped_null = duplicates = 0
    with DATA["bbc"].open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            if item.get("summary_sentences") is None:
                skipped_null += 1
                continue
            if item["text"] in seen:
                duplicates += 1
                continue
            seen.add(item["text"])
            summaries = item["summaries"]
            reference = summaries[0] if isinstance(summaries, list) else summaries
            articles.append({
                "id": item["id"],
                "text": item["text"],
                "reference": reference,
                "reference_sentences": item["summary_sentences"],
            })
    return articles, skipped_null, duplicates


def run_lede(args, lines):
    """Runs the lede binary on JSON lines, returns the parsed output lines."""
    payload = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    done = subprocess.run([str(args.lede), *args_list(args)], input=payload.encode("utf-8"),
                          capture_output=True, check=False)
    if done.returncode != 0:
        sys.exit(f"lede failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def args_list(args):
    return args._lede_args


def lede_sentences(args, articles):
    args._lede_args = ["sentences", "--jsonl"]
    out = run_lede(args, [{"id": a["id"], "text": a["text"]} for a in articles])
    return [line["sentences"] for line in out]


def lede_summaries(args, lines, budgets, extra):
    """`lede summarize --jsonl` on every line, within each line's budget."""
    if args.budget == "words":
        args._lede_args = ["summarize", "--jsonl", "--ratio", str(args.ratio), *extra]
        return [line["summary"] for line in run_lede(args, lines)]
    # One call per distinct sentence count.
    out = [None] * len(lines)
    for k in sorted({b[0] for b in budgets}):
        idx = [i for i, b in enumerate(budgets) if b[0] == k]
        args._lede_args = ["summarize", "--jsonl", "--sentences", str(k), *extra]
        for i, line in zip(idx, run_lede(args, [lines[i] for i in idx])):
            out[i] = line["summary"]
    return out


def words(sentence):
    return len(sentence.split())


class SentenceTokenizer:
    """sumy's default English word tokenizer for one sentence, without NLTK's punkt data:
    NLTK's Treebank tokenizer (what `nltk.word_tokenize` applies to each sentence), keeping
    the tokens sumy's `Tokenizer.to_words` keeps."""

    language = "english"

    def __init__(self):
        import nltk
        from sumy.nlp.tokenizers import Tokenizer

        self._tokenize = lambda text: nltk.word_tokenize(text, preserve_line=True)
        self._word = Tokenizer._WORD_PATTERN

    def to_words(self, sentence):
        return tuple(w for w in self._tokenize(sentence) if self._word.search(w))

    def to_sentences(self, paragraph):  # never called: sentences are given
        raise NotImplementedError


def sumy_document(sentences, tokenizer):
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    return ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])


def sumy_summarizers():
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    made = {}
    for name, cls in (("sumy LexRank", LexRankSummarizer), ("sumy TextRank", TextRankSummarizer)):
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        made[name] = summarizer
    return made


def greedy(ranked, lengths, max_sentences, max_words):
    """Indices taken in rank order within the budget (the rule of `lede summarize`)."""
    chosen, used = [], 0
    for index in ranked:
        if len(chosen) >= max_sentences:
            break
        if used + lengths[index] <= max_words:
            chosen.append(index)
            used += lengths[index]
    if not chosen and ranked:
        chosen.append(ranked[0])
    return sorted(chosen)


def limits(args, sentences):
    total = sum(words(s) for s in sentences)
    if args.sentences:
        return args.sentences, math.inf
    if args.budget == "words":
        return math.inf, max(1, math.ceil(args.ratio * total))
    return max(1, round(args.ratio * len(sentences))), math.inf


def sumy_summary(summarizer, document, lengths, max_sentences, max_words):
    """Runs a sumy summarizer, taking its sentences in its own rank order within the budget."""
    position = {id(s): i for i, s in enumerate(document.sentences)}
    picked = []

    def count(infos):  # sumy hands the infos sorted by rating, best first (stable)
        ranked = [position[id(info.sentence)] for info in infos]
        chosen = set(greedy(ranked, lengths, max_sentences, max_words))
        kept = [info for info in infos if position[id(info.sentence)] in chosen]
        picked.extend(sorted(position[id(info.sentence)] for info in kept))
        return kept

    summarizer(document, count)
    return picked


def score_all(scorers, references, candidates):
    scorer, lsum_scorer = scorers
    rows = []
    for reference, candidate in zip(references, candidates):
        ref_text, ref_lines = reference
        scores = scorer.score(ref_text, " ".join(candidate))
        scores.update(lsum_scorer.score("\n".join(ref_lines), "\n".join(candidate)))
        rows.append({m: scores[m].fmeasure for m in METRICS})
    return rows


def mean(rows, metric):
    return sum(r[metric] for r in rows) / len(rows) if rows else float("nan")


def bootstrap_below(ours, theirs, metric, resamples=1000, seed=7):
    """Share of bootstrap resamples of articles in which our mean is below theirs."""
    rng = random.Random(seed)
    diffs = [a[metric] - b[metric] for a, b in zip(ours, theirs)]
    below = 0
    for _ in range(resamples):
        below += sum(rng.choices(diffs, k=len(diffs))) < 0
    return below / resamples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=("bbc", "cnndm"), default="bbc",
                        help="the data set (cnndm: 3 sentences, Lead-3, halves as the split)")
    parser.add_argument("--sentences", type=int, default=0,
                        help="every system gets this many sentences (cnndm: 3)")
    parser.add_argument("--ratio", type=float, default=0.45,
                        help="budget as a share of the article (words, or sentences)")
    parser.add_argument("--budget", choices=("words", "sentences"), default="words")
    parser.add_argument("--lede", type=pathlib.Path, default=LEDE, help="the lede binary")
    parser.add_argument("--lede-arg", action="append", default=[],
                        help="extra argument for `lede summarize` (repeatable)")
    parser.add_argument("--split", choices=("dev", "held-out", "all", "every"), default="every",
                        help="which articles to report (every: dev, held-out and all)")
    parser.add_argument("--only-lede", action="store_true", help="skip sumy (faster tuning)")
    parser.add_argument("--worst", type=int, default=0,
                        help="print the N dev articles where lede trails Lead most (dev: looking at "
                             "held-out articles would tune to them)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    args = parser.parse_args()

    data = DATA[args.data]
    if not data.exists():
        sys.exit(f"missing {data}: this script needs ../shared/data beside the repository")
    if args.data == "cnndm":
        args.sentences = args.sentences or 3
    if args.sentences:
        args.budget = "sentences"
    if not args.lede.exists():
        sys.exit(f"missing {args.lede}: run `cargo build --release -p lede-cli` first")
    from rouge_score import rouge_scorer

    articles, skipped_null, duplicates = load_cnndm() if args.data == "cnndm" else load_articles()
    if args.limit:
        articles = articles[:args.limit]
    in_dev = (lambda i: i % 2 == 0) if args.data == "cnndm" else (lambda i: i % 10 == 0)
    dev = [i for i in range(len(articles)) if in_dev(i)]
    held = [i for i in range(len(articles)) if not in_dev(i)]
    if args.split in ("dev", "held-out"):
        # Only what is reported is run.
        keep = dev if args.split == "dev" else held
        articles = [articles[i] for i in keep]
        dev, held = (list(range(len(articles))), []) if args.split == "dev" else ([], list(range(len(articles))))
    print(f"data: {data.name}: {len(articles)} articles "
          f"({skipped_null} without summary_sentences skipped, {duplicates} duplicates dropped)")
    budget = (f"{args.sentences} sentences" if args.sentences
              else f"{args.ratio:.0%} of the article's words" if args.budget == "words"
              else f"round({args.ratio} x sentences) sentences")
    print(f"budget: {budget}, the same for every system; sentences split by lede")

    sentences = lede_sentences(args, articles)
    lengths = [[words(s) for s in doc] for doc in sentences]
    budgets = [limits(args, doc) for doc in sentences]
    summaries = {}

    # lede: the default model, and the centrality model beside it (unless --lede-arg sets one)
    lines = [{"id": a["id"], "text": a["text"]} for a in articles]
    start = time.perf_counter()
    summaries["lede"] = lede_summaries(args, lines, budgets, args.lede_arg)
    lede_seconds = time.perf_counter() - start
    if not any(arg.startswith("--model") for arg in args.lede_arg) and not args.only_lede:
        summaries["lede centrality"] = lede_summaries(
            args, lines, budgets, [*args.lede_arg, "--model", "centrality"])

    # Lead
    summaries["Lead"] = [
        [doc[i] for i in greedy(list(range(len(doc))), lens, ms, mw)]
        for doc, lens, (ms, mw) in zip(sentences, lengths, budgets)
    ]

    # sumy
    sumy_seconds = {}
    if not args.only_lede:
        tokenizer = SentenceTokenizer()
        for name, summarizer in sumy_summarizers().items():
            start = time.perf_counter()
            picked = []
            for doc, lens, (ms, mw) in zip(sentences, lengths, budgets):
                document = sumy_document(doc, tokenizer)
                picked.append([doc[i] for i in sumy_summary(summarizer, document, lens, ms, mw)])
            summaries[name] = picked
            sumy_seconds[name] = time.perf_counter() - start

    scorer = (rouge_scorer.RougeScorer(list(METRICS[:3]), use_stemmer=True),
              rouge_scorer.RougeScorer(["rougeLsum"], use_stemmer=True))
    references = [(a["reference"], a["reference_sentences"]) for a in articles]
    scores = {name: score_all(scorer, references, cands) for name, cands in summaries.items()}

    splits = {"dev": dev, "held-out": held, "all": list(range(len(articles)))}
    chosen = list(splits) if args.split == "every" else [args.split]
    for split in chosen:
        idx = splits[split]
        print(f"\n{split} ({len(idx)} articles): mean F1 x 100")
        print(f"  {'system':<16} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} {'R-Lsum':>8} "
              f"{'words':>6}")
        for name, rows in scores.items():
            sub = [rows[i] for i in idx]
            avg_words = sum(sum(words(s) for s in summaries[name][i]) for i in idx) / len(idx)
            print(f"  {name:<16} " + " ".join(f"{100 * mean(sub, m):8.2f}" for m in METRICS)
                  + f" {avg_words:6.1f}")
        ours = [scores["lede"][i] for i in idx]
        for name in scores:
            if name == "lede":
                continue
            theirs = [scores[name][i] for i in idx]
            shares = ", ".join(f"{m} {bootstrap_below(ours, theirs, m):.3f}" for m in METRICS[:3])
            print(f"  P(lede below {name}) by paired bootstrap: {shares}")

    print(f"\ntime: lede {lede_seconds:.2f} s for {len(articles)} articles (one process, "
          f"including start-up and JSON)"
          + "".join(f"; {n} {s:.2f} s" for n, s in sumy_seconds.items()))

    if args.worst:
        print(f"\ndev articles where lede trails Lead most (ROUGE-1 F1):")
        gaps = sorted(dev, key=lambda i: scores["lede"][i]["rouge1"] - scores["Lead"][i]["rouge1"])
        for i in gaps[:args.worst]:
            a = articles[i]
            print(f"\n== {a['id']}: lede {scores['lede'][i]['rouge1']:.3f}, "
                  f"Lead {scores['Lead'][i]['rouge1']:.3f}")
            ref = set(s.strip() for s in a["reference_sentences"])
            for s in sentences[i]:
                marks = ("R" if s in ref else "-") + ("L" if s in summaries["lede"][i] else "-") \
                    + ("D" if s in summaries["Lead"][i] else "-")
                print(f"  {marks} {s[:150]}")


if __name__ == "__main__":
    main()
