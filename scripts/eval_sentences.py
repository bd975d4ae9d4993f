#!/usr/bin/env python3
"""Sentence segmentation of lede beside pySBD, exact match per case, on the same input.

Data, one JSON object a line with `text` and the expected `sentences`:
* the English "Golden Rules" for sentence boundary detection,
  ../shared/data/sbd/golden_rules_en.jsonl (48 cases; outside the repository), counted
  as one kind `golden_rules`;
* the repository's own cases, crates/lede-tokenize/tests/fixtures/sentence_cases_en.jsonl,
  counted per `kind` (inline lists, HTML-like tags, lone periods, dots and ellipses,
  quotations). A case's `note` says where pySBD's split differs from the expected one.

A case counts for a system when its sentences, each stripped of surrounding white space
(empty ones dropped), equal the expected ones exactly. lede is run once on all cases as
`lede sentences --jsonl` (the release build; one input line per case, `{"id","text"}` in,
`{"id","sentences",...}` out); pySBD as `pysbd.Segmenter(language="en", clean=False)` in
this process. Prints correct/total per kind for both systems, and with --failures the
cases a system gets wrong.

    pip install pysbd
    cargo build --release -p lede-cli
    python3 scripts/eval_sentences.py [--failures lede|pysbd|both] [--fixture PATH]
"""
import argparse
import json
import pathlib
import subprocess
import sys
from collections import defaultdict

from lede_processes import release_dir

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLDEN = ROOT.parent / "shared" / "data" / "sbd" / "golden_rules_en.jsonl"
FIXTURE = ROOT / "crates" / "lede-tokenize" / "tests" / "fixtures" / "sentence_cases_en.jsonl"
LEDE = release_dir() / "lede"
SYSTEMS = ("lede", "pysbd")


def load_cases(path, kind=None):
    cases = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            case = json.loads(line)
            cases.append({
                "id": str(case.get("id", f"{path.name}:{n}")),
                "kind": kind or case["kind"],
                "text": case["text"],
                "sentences": normalise(case["sentences"]),
                "note": case.get("note"),
            })
    return cases


def normalise(sentences):
    return [s.strip() for s in sentences if s.strip()]


def run_lede(cases):
    """All cases through one `lede sentences --jsonl` process; sentences by case id."""
    lines = "".join(json.dumps({"id": i, "text": c["text"]}, ensure_ascii=False) + "\n"
                    for i, c in enumerate(cases))
    proc = subprocess.run([str(LEDE), "sentences", "--jsonl"], input=lines.encode("utf-8"),
                          capture_output=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"lede sentences failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    out = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            result = json.loads(line)
            out[result["id"]] = normalise(result["sentences"])
    if len(out) != len(cases):
        sys.exit(f"lede answered {len(out)} of {len(cases)} lines")
    return [out[i] for i in range(len(cases))]


def run_pysbd(cases):
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [normalise(segmenter.segment(c["text"])) for c in cases]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", type=pathlib.Path, default=FIXTURE,
                        help="the repository's own cases (default: %(default)s)")
    parser.add_argument("--failures", choices=("lede", "pysbd", "both"),
                        help="also print the cases that this system (or either) gets wrong")
    args = parser.parse_args()

    if not GOLDEN.exists():
        sys.exit(f"missing {GOLDEN}: this script needs ../shared/data beside the repository")
    if not LEDE.exists():
        sys.exit(f"missing {LEDE}: run `cargo build --release -p lede-cli` first")
    cases = load_cases(GOLDEN, kind="golden_rules") + load_cases(args.fixture)
    got = {"lede": run_lede(cases), "pysbd": run_pysbd(cases)}

    kinds = list(dict.fromkeys(c["kind"] for c in cases))
    correct = {s: defaultdict(int) for s in SYSTEMS}
    total = defaultdict(int)
    for n, case in enumerate(cases):
        total[case["kind"]] += 1
        for system in SYSTEMS:
            correct[system][case["kind"]] += got[system][n] == case["sentences"]

    print(f"input: {GOLDEN.name} ({total['golden_rules']} cases), "
          f"{args.fixture.name} ({len(cases) - total['golden_rules']} cases)")
    print(f"{'kind':<16}{'lede':>10}{'pySBD':>10}")
    fixture_kinds = [k for k in kinds if k != "golden_rules"]
    for kind in kinds:
        print(f"{kind:<16}" + "".join(f"{correct[s][kind]:>6}/{total[kind]:<3}" for s in SYSTEMS))
    fixture_total = sum(total[k] for k in fixture_kinds)
    print(f"{'fixture, all':<16}"
          + "".join(f"{sum(correct[s][k] for k in fixture_kinds):>6}/{fixture_total:<3}"
                    for s in SYSTEMS))

    if args.failures:
        systems = SYSTEMS if args.failures == "both" else (args.failures,)
        for system in systems:
            print(f"\n{system} failures:")
            for n, case in enumerate(cases):
                if got[system][n] != case["sentences"]:
                    note = f"  ({case['note']})" if case["note"] else ""
                    print(f"  {case['id']} [{case['kind']}]{note}\n    text:     {case['text']!r}")
                    print(f"    expected: {case['sentences']!r}\n    got:      {got[system][n]!r}")


if __name__ == "__main__":
    main()
