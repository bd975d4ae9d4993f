#!/usr/bin/env python3
"""Instruction counts of lede's fixed workloads, against a committed baseline.

Wall-clock figures move with the machine and its load; the instructions a fixed workload
executes do not (same toolchain, same code, same count). This runs each workload of
`lede-icount` (crates/lede-icount: tokenize, sentences, analysis, keyphrases, summarize,
search over the five embedded seed articles) under `valgrind --tool=cachegrind
--cache-sim=no`, once with `--rounds 0` (set-up and process start only) and once with
`--rounds N`, and reports the instructions of one round: (I_N - I_0) / N.

Run from the repository root:
    python3 scripts/icount.py            # compare with benches/icount/baseline.json
    python3 scripts/icount.py --update   # write the baseline (commit it with the change)
Options: --rounds N (default 20), --bin PATH (default: builds target/release/lede-icount),
--tolerance PCT (default 10), --only NAME[,NAME].

Exit status 1 when a workload costs more than the tolerance above its baseline (or has no
baseline): a change that makes lede slower must say so by updating the baseline in the same
commit. A workload more than the tolerance *below* its baseline is reported, not failed:
update the baseline to lock the gain in.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benches" / "icount" / "baseline.json"


def instructions(binary: str, workload: str, rounds: int) -> int:
    """The instructions valgrind counts for one run of `binary workload --rounds rounds`."""
    result = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            binary,
            workload,
            "--rounds",
            str(rounds),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"icount: {workload} --rounds {rounds} failed:\n{result.stderr}")
    match = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if not match:
        sys.exit(f"icount: no instruction count in valgrind's output:\n{result.stderr}")
    return int(match.group(1).replace(",", ""))


def build() -> str:
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "-q", "-p", "lede-icount"],
        cwd=ROOT,
        check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return str(target / "release" / "lede-icount")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--bin")
    parser.add_argument("--tolerance", type=float, default=10.0)
    parser.add_argument("--only")
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    binary = args.bin or build()
    workloads = subprocess.run(
        [binary, "--list"], capture_output=True, text=True, check=True
    ).stdout.split()
    if args.only:
        wanted = args.only.split(",")
        unknown = sorted(set(wanted) - set(workloads))
        if unknown:
            parser.error(f"unknown workloads {unknown}: {workloads}")
        workloads = [w for w in workloads if w in wanted]

    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    measured = {}
    failed = []
    print(f"{'workload':<12} {'instructions/round':>20} {'baseline':>16} {'change':>8}")
    for workload in workloads:
        setup = instructions(binary, workload, 0)
        total = instructions(binary, workload, args.rounds)
        per_round = (total - setup) // args.rounds
        measured[workload] = per_round
        base = baseline.get(workload)
        if base:
            change = 100.0 * (per_round - base) / base
            note = ""
            if change > args.tolerance:
                note = "  SLOWER: over the tolerance"
                failed.append(workload)
            elif change < -args.tolerance:
                note = "  faster: update the baseline to keep the gain"
            print(f"{workload:<12} {per_round:>20,} {base:>16,} {change:>+7.1f}%{note}")
        else:
            print(f"{workload:<12} {per_round:>20,} {'-':>16} {'':>8}  no baseline")
            if not args.update:
                failed.append(workload)

    if args.update:
        baseline.update(measured)
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
        print(f"wrote {BASELINE.relative_to(ROOT)}")
        return 0
    if failed:
        print(
            f"icount: {', '.join(failed)} grew more than {args.tolerance:g}% over "
            f"{BASELINE.relative_to(ROOT)} (or have no baseline). If the cost is intended, "
            "run `python3 scripts/icount.py --update` and commit the baseline with the change.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
