#!/usr/bin/env python3
"""The README's performance figures, measured in one run, dated, with the machine named.

Runs, on this machine, one after the other:
  * the criterion benches `tokenize/words`, `sentences/split` (lede-tokenize `throughput`),
    `analysis/full` and the `fit` group (lede-tfidf `fit`), release, one thread (but
    `fit/bigrams_parallel`, on every core);
  * scripts/compare_tokenize.py's Python peers on the same texts, per document: scikit-learn's
    analyzer (beside the words), the same with stop words and snowballstemmer (beside the full
    analysis), pySBD on the first MB (beside the sentences);
  * scikit-learn's `TfidfVectorizer.fit` on the same Reuters-21578 texts, unigrams and
    unigrams + bigrams (best of --repeat), as scripts/compare_tfidf.py does;
  * benches/tantivy-peer's `analysis` binary: lede's full analysis and tantivy's English
    TextAnalyzer over the same text, interleaved (built in $CARGO_TARGET_DIR/tantivy-peer, as
    scripts/scale.py builds it; --no-tantivy skips it);
  * scripts/compare_summaries.py --all: three-sentence summaries of all 2,225 BBC articles,
    one lede process against sumy's LexRank (--no-sumy skips it);
and writes docs/bench-figures.md (or --out): the date (UTC), the commit, the CPU model (from
/proc/cpuinfo), the number of cores, rustc's version, the load average before and after each
step, and one table. Every figure of the README's performance section comes from that file.

The machine's load moves wall-clock figures by tens of percent: the table says what the load
was. Instruction counts (scripts/icount.py) are the figures that do not move.

    pip install scikit-learn snowballstemmer pysbd sumy nltk
    python3 scripts/bench_figures.py [--repeat 3] [--out docs/bench-figures.md] [--readme]

--readme also writes the figures into README.md, between `<!-- bench-figures:start -->` and
`<!-- bench-figures:end -->`.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from compare_tfidf import sklearn_mb_per_s  # noqa: E402
from compare_tokenize import python_peers  # noqa: E402
from criterion_results import CORPUS, ROOT, criterion_mb_per_s, load_texts  # noqa: E402

TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
TANTIVY_PEER = ROOT / "benches" / "tantivy-peer"


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def machine():
    model = "unknown CPU"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return {"cpu": model, "cores": os.cpu_count(), "os": platform.platform(),
            "rustc": rustc, "commit": commit}


def bench(package, target, regex, log):
    before = load()
    subprocess.run(["cargo", "bench", "-q", "-p", package, "--bench", target, "--", regex],
                   cwd=ROOT, check=True, env=dict(os.environ, RUST_BACKTRACE="0"))
    log.append((f"cargo bench -p {package} --bench {target} -- '{regex}'", before, load()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "docs" / "bench-figures.md")
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument("--no-sumy", action="store_true")
    parser.add_argument("--readme", action="store_true",
                        help="also rewrite README.md's block between the bench-figures markers")
    parser.add_argument("--readme-only", action="store_true",
                        help="measure nothing: write the figures of the --out file into README.md")
    args = parser.parse_args()
    if args.readme_only:
        update_readme(args.out.read_text(encoding="utf-8").splitlines())
        return
    if not CORPUS.exists():
        sys.exit(f"missing {CORPUS}: this script needs ../shared/data beside the repository")

    started = datetime.datetime.now(datetime.timezone.utc)
    host = machine()
    log = []
    texts = load_texts()
    per_document = sum(len(t.encode("utf-8")) for t in texts)
    joined = len("\n\n".join(texts).encode("utf-8"))

    bench("lede-tokenize", "throughput", "^(tokenize/words|sentences/split)$", log)
    bench("lede-tfidf", "fit", "^(fit/|analysis/full)", log)
    rows = [
        ("words (`tokenize/words`)", criterion_mb_per_s("tokenize", "words", joined), None),
        ("sentences (`sentences/split`)", criterion_mb_per_s("sentences", "split", joined), None),
        ("full analysis (`analysis/full`)", criterion_mb_per_s("analysis", "full", joined), None),
        ("per-document analysis, cold cache (`fit/analysis`)",
         criterion_mb_per_s("fit", "analysis", per_document), None),
    ]

    before = load()
    peers = python_peers(texts, 1.0)
    log.append(("scripts/compare_tokenize.py's Python peers (pySBD on the first 1 MB)",
                before, load()))
    rows[0] = (*rows[0][:2], peers[0])
    rows[2] = (*rows[2][:2], peers[-2])
    rows[1] = (*rows[1][:2], peers[-1])

    import sklearn

    before = load()
    sk = {r: sklearn_mb_per_s(texts, per_document, r, args.repeat) for r in ((1, 1), (1, 2))}
    log.append((f"scikit-learn {sklearn.__version__} TfidfVectorizer.fit, best of {args.repeat}",
                before, load()))
    for function, ngram_range, label in (
            ("unigrams", (1, 1), "TF-IDF fit, unigrams, one thread (`fit/unigrams`)"),
            ("bigrams", (1, 2), "TF-IDF fit, unigrams + bigrams, one thread (`fit/bigrams`)"),
            ("bigrams_parallel", (1, 2),
             f"TF-IDF fit, unigrams + bigrams, {host['cores']} threads (`fit/bigrams_parallel`)")):
        ours = criterion_mb_per_s("fit", function, per_document)
        rows.append((label, ours, (f"scikit-learn {sklearn.__version__} TfidfVectorizer.fit "
                                   f"ngram_range={ngram_range}", sk[ngram_range])))

    if not args.no_tantivy:
        peer_target = TARGET / "tantivy-peer"
        before = load()
        subprocess.run(["cargo", "build", "-q", "--release", "--manifest-path",
                        str(TANTIVY_PEER / "Cargo.toml"), "--bin", "analysis"], cwd=ROOT,
                       check=True, env=dict(os.environ, CARGO_TARGET_DIR=str(peer_target)))
        done = subprocess.run([str(peer_target / "release" / "analysis"), "--rounds", "11"],
                              check=True, capture_output=True, text=True)
        peer = json.loads(done.stdout)
        log.append(("benches/tantivy-peer analysis --rounds 11 (medians)", before, load()))
        rows.append(("full analysis, interleaved with tantivy (median of 11)",
                     peer["lede"]["median_mb_s"],
                     ("tantivy 0.27 TextAnalyzer (Simple, RemoveLong 40, LowerCaser, "
                      "StopWord en, Stemmer en)", peer["tantivy"]["median_mb_s"])))

    summaries = None
    if not args.no_sumy:
        from compare_summaries import whole_set

        before = load()
        summaries = whole_set(args.repeat)
        log.append((f"scripts/compare_summaries.py --all --repeat {args.repeat}", before, load()))

    lines = [
        "# Performance figures",
        "",
        f"Written by `python3 scripts/bench_figures.py` on {started:%Y-%m-%d %H:%M} UTC at commit "
        f"`{host['commit']}`.",
        "",
        f"Machine: {host['cpu']}, {host['cores']} cores, {host['os']}; {host['rustc']}.",
        "",
        "Input: the 21,578 texts of Reuters-21578 "
        f"({per_document / 1e6:.1f} MB; joined by blank lines for the single-text benches, "
        f"{joined / 1e6:.1f} MB). MB/s are decimal megabytes of UTF-8 text per second; criterion "
        "figures are its mean estimates.",
        "",
        "| lede | MB/s | peer, same input, same run | MB/s | ratio |",
        "|---|---:|---|---:|---:|",
    ]
    for label, ours, peer in rows:
        if peer:
            lines.append(f"| {label} | {ours:.1f} | {peer[0]} | {peer[1]:.2f} | "
                         f"{ours / peer[1]:.1f}× |")
        else:
            lines.append(f"| {label} | {ours:.1f} | | | |")
    if summaries:
        n = summaries["articles"]
        lines += [
            "",
            f"Three-sentence summaries of all {n:,} BBC News Summary articles "
            "(`scripts/compare_summaries.py --all`):",
            "",
            "| system | wall s | CPU s | CPU ms/article |",
            "|---|---:|---:|---:|",
            f"| lede, one `lede summarize --jsonl` process (start-up and JSON included) | "
            f"{summaries['lede_wall_s']:.2f} | {summaries['lede_cpu_s']:.2f} | "
            f"{summaries['lede_cpu_s'] / n * 1e3:.3f} |",
            f"| sumy LexRank, given lede's sentences | {summaries['sumy_wall_s']:.2f} | "
            f"{summaries['sumy_cpu_s']:.2f} | {summaries['sumy_cpu_s'] / n * 1e3:.3f} |",
            "",
            f"Ratio: {summaries['sumy_wall_s'] / summaries['lede_wall_s']:.0f}× by wall clock, "
            f"{summaries['sumy_cpu_s'] / summaries['lede_cpu_s']:.0f}× by CPU time.",
        ]
    lines += ["", "Load average (1/5/15 min) before and after each step:", "",
              "| step | before | after |", "|---|---|---|"]
    lines += [f"| {step.replace('|', chr(92) + '|')} | {b} | {a} |" for step, b, a in log]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nwrote {args.out}")
    if args.readme:
        update_readme(lines)


def update_readme(lines):
    """Replaces the README's block between the bench-figures markers by the figures (all but
    the title and the per-step load table, which stay in the --out file)."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench-figures:start -->", "<!-- bench-figures:end -->"
    if start not in text or end not in text:
        sys.exit(f"{readme} has no {start} ... {end} block")
    body = lines[2:lines.index("Load average (1/5/15 min) before and after each step:")]
    loads = [line for line in lines if line.startswith("| ") and line.count("/") >= 4]
    first, last = loads[0].split(" | ")[-2], loads[-1].split(" | ")[-1].rstrip(" |")
    body.append(f"Load average (1/5/15 min) {first} at the start, {last} at the end "
                "(each step's in docs/bench-figures.md).")
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    readme.write_text(head + start + "\n" + "\n".join(body).strip() + "\n" + end + tail,
                      encoding="utf-8")
    print(f"updated {readme}")


if __name__ == "__main__":
    main()
