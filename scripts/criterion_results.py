"""Shared by the side-by-side comparison scripts: the Reuters texts, running criterion benches,
and reading their mean times back as decimal MB/s."""
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "reuters21578.jsonl"
# Where `cargo bench` writes its results: under the target directory cargo uses.
CRITERION = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "criterion"


def load_texts():
    """The `text` of every Reuters-21578 record, in file order."""
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def run_criterion(package, target, group):
    """Runs the criterion functions of `group` in bench `target` of `package` (release)."""
    subprocess.run(
        ["cargo", "bench", "-q", "-p", package, "--bench", target, "--", group],
        cwd=ROOT, check=True,
    )


def criterion_mb_per_s(group, function, nbytes):
    """Decimal MB/s of criterion's mean time for `group/function` over `nbytes` of input."""
    estimates = json.loads((CRITERION / group / function / "new" / "estimates.json").read_text())
    seconds = estimates["mean"]["point_estimate"] / 1e9
    return nbytes / seconds / 1e6
