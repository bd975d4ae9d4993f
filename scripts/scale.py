#!/usr/bin/env python3
"""Scale benchmark (issue 13): lede-server on 4k, 40k and 116k documents, tantivy beside it.

Builds the corpora from ../shared/data/corpus (Reuters-21578 and 20 Newsgroups) as JSONL that
`lede import` reads, imports each into a fresh data directory (timed), starts lede-server on it
and measures what the issue's table shows:

  4k   = the first 4,000 Reuters documents (about 2.9 MB of text);
  40k  = all of Reuters + all of 20 Newsgroups (40,424 documents, about 48 MB);
  116k = 40k + 20 Newsgroups four times more under new ids (115,808 documents, about 177 MB);
  1m   = (--synthetic-1m only) 1,000,000 synthetic documents: lengths drawn from the real
         documents' word counts, words from the Reuters + 20NG unigram distribution (about
         1.2 GB of text: see the memory estimate the script prints before it starts).

For each corpus:
1. `lede import --data-dir DIR corpus.jsonl`, timed (and the store's size on disk);
2. `lede-server --addr 127.0.0.1:PORT --data-dir DIR`; start-up is the time from the spawn to
   the first `grpc.health.v1.Health/Check` answering SERVING (polled every 50 ms with
   `lede-loadgen --rpc health`, so about ±0.05 s);
3. VmRSS (/proc/PID/status) once SERVING;
4. with lede-loadgen, closed loop, one request in flight (unloaded latency, a gRPC round trip
   on localhost each): Health (the transport floor), SearchDocuments top 10 (the six phrases
   of `--rpc search`), FindSimilarDocuments of one stored document (`documents/reuters-1`),
   GetCorpusStats with 10 top terms; --duration seconds each after --warmup;
5. VmRSS again, after the queries;
6. SummarizeDocuments with a query over the whole corpus (no documents listed): at 4k (and
   beyond only with --summaries) one request with a --summary-deadline (60 s) deadline; meanwhile
   a watchdog samples the server's VmRSS every 0.1 s and kills it past --max-rss-gb (8);
7. SIGTERM the server (SIGKILL after 10 s: after a summary cut off by its deadline the server
   is still at it); every server started is killed at the end, even on an error.
The FindSimilarDocuments query document and the phrases are the same in every corpus, the
synthetic one included (its first document is reuters-1). Nothing is judged: it measures.
Then (--tantivy, on when cargo is available) benches/tantivy-peer indexes the same JSONL
(title + text, tantivy's English pipeline, in RAM) and runs the same phrases top 10 in process:
its index time and p50/p99 go beside lede's figures, with lede's search p50 less the transport
floor for a fair comparison (lede also builds snippets; tantivy only fetches name and title).

Run from the repository root:
    python3 scripts/scale.py                        # 4k, 40k, 116k; builds the release binaries
    python3 scripts/scale.py --sizes 4k --duration 3 --warmup 1 --no-tantivy   # quick
    python3 scripts/scale.py --sizes 116k --summaries   # the whole-corpus summary at 116k too
    python3 scripts/scale.py --sizes 40k --synthetic-1m # plus the synthetic 1M corpus
Options: --sizes LIST (4k,40k,116k), --synthetic-1m, --synthetic-docs N (1,000,000: fewer to
try it), --summaries, --summary-deadline S (60), --max-rss-gb G (8), --duration S (10),
--warmup S (2), --tantivy/--no-tantivy, --tantivy-iterations N (500), --no-build,
--server-bin, --cli-bin, --loadgen-bin, --tantivy-bin, --data PATH (../shared/data),
--work-dir DIR, --keep (keep corpora and data directories), --json PATH (every figure).
Prints one Markdown table, a column per corpus. Exit status 0; 1 if a measurement failed (the
table says which); 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import operator
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from pathlib import Path

from lede_processes import ROOT, free_port, proc_status_kib, release_dir, run_json, wait_answering

SIZES = ("4k", "40k", "116k")
WORKLOAD_RS = ROOT / "crates" / "lede-loadgen" / "src" / "workload.rs"
TANTIVY_PEER = ROOT / "benches" / "tantivy-peer"
# The document FindSimilarDocuments compares with: the first Reuters article, in every corpus.
SIMILAR_TO = "documents/reuters-1"
SYNTHETIC_DOCS = 1_000_000
# The seconds and peak RSS of the whole-corpus summary at 4k on the code before issue 13
# (the issue's table), for the message of a skipped summary when 4k was not measured.
SUMMARY_4K_ISSUE = (20.0, 1.5 * 1024**3)


def log(message: str) -> None:
    print(f"scale: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Corpora


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def iso_date(reuters_date: str) -> str | None:
    """`26-FEB-1987 15:01:01.79` -> `1987-02-26T15:01:01Z` (None if it does not parse)."""
    try:
        parsed = datetime.datetime.strptime(reuters_date.strip()[:20], "%d-%b-%Y %H:%M:%S")
    except ValueError:
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def reuters_record(doc: dict) -> dict:
    record = {"name": f"reuters-{doc['id']}", "title": doc.get("title") or "",
              "text": doc.get("text") or "", "source": "reuters21578"}
    date = iso_date(doc.get("date") or "")
    if date:
        record["date"] = date
    return record


def newsgroups_record(doc: dict, copy: int) -> dict:
    """A 20NG document; copy 0 under its own id, copies 1.. under new ids."""
    ident = doc["id"].replace("/", "-")
    name = f"20ng-{ident}" if copy == 0 else f"20ng-copy{copy}-{ident}"
    return {"name": name, "title": doc.get("subject") or "", "text": doc.get("text") or "",
            "source": f"20newsgroups/{doc.get('newsgroup', '')}"}


def newsgroups_copy(newsgroups: list[dict], copy: int):
    return (newsgroups_record(d, copy) for d in newsgroups)


def write_corpus(path: Path, records) -> dict:
    count = text_bytes = 0
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False))
            f.write("\n")
            count += 1
            text_bytes += len(record["text"].encode("utf-8"))
    return {"documents": count, "text_bytes": text_bytes, "jsonl_bytes": path.stat().st_size}


def build_corpus(size: str, data: Path, out: Path, cache: dict,
                 synthetic_docs: int = SYNTHETIC_DOCS) -> dict:
    if "reuters" not in cache:
        cache["reuters"] = read_jsonl(data / "corpus" / "reuters21578.jsonl")
        cache["20ng"] = read_jsonl(data / "corpus" / "20newsgroups.jsonl")
    reuters, newsgroups = cache["reuters"], cache["20ng"]
    if size == "4k":
        records = (reuters_record(d) for d in reuters[:4000])
    elif size == "40k":
        records = itertools.chain((reuters_record(d) for d in reuters),
                                  (newsgroups_record(d, 0) for d in newsgroups))
    elif size == "116k":
        records = itertools.chain((reuters_record(d) for d in reuters),
                                  *(newsgroups_copy(newsgroups, c) for c in range(5)))
    elif size == "1m":
        records = synthetic_records(reuters, newsgroups, synthetic_docs)
    else:
        raise ValueError(size)
    return write_corpus(out, records)


WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d+")


class UnigramSampler:
    """Draws words from the unigram distribution of a list of occurrences, a million at a time
    without a Python-level loop: a table of 2**24 occurrences (the list repeated, the remainder a
    random sample of it, which weighs those occurrences by a fraction more: about 2% of the
    mass for Reuters + 20NG), indexed by 24-bit random numbers made from random bytes."""

    BITS = 24
    BATCH = 1 << 20

    def __init__(self, occurrences: list[str], rng: random.Random):
        size = 1 << self.BITS
        if len(occurrences) >= size:
            self.table = rng.sample(occurrences, size)
        else:
            self.table = occurrences * (size // len(occurrences))
            self.table += rng.sample(occurrences, size - len(self.table))
        self.rng = rng
        self.buffer: tuple[str, ...] = ()
        self.at = 0

    def _refill(self) -> None:
        n = self.BATCH
        random_bytes = self.rng.randbytes(3 * n)
        packed = bytearray(4 * n)
        # Three random bytes and a zero, as a native unsigned 32-bit integer below 2**24.
        low = 0 if sys.byteorder == "little" else 1
        for byte in range(3):
            packed[low + byte::4] = random_bytes[byte::3]
        indices = array("I")
        assert indices.itemsize == 4, "array('I') is not 32-bit here"
        indices.frombytes(packed)
        self.buffer = operator.itemgetter(*indices)(self.table)
        self.at = 0

    def words(self, k: int) -> list[str]:
        out: list[str] = []
        while len(out) < k:
            if self.at >= len(self.buffer):
                self._refill()
            take = min(k - len(out), len(self.buffer) - self.at)
            out.extend(self.buffer[self.at:self.at + take])
            self.at += take
        return out


def synthetic_records(reuters: list[dict], newsgroups: list[dict], count: int):
    """`count` documents of the real vocabulary: lengths (in words) drawn from the real
    documents', words from the unigram distribution; sentences of 8 to 30 words, paragraphs of
    1 to 4 sentences, a title of 4 to 10 words. The first document is `reuters-1` itself, so
    that FindSimilarDocuments has the same query document in every corpus."""
    rng = random.Random(13)
    occurrences: list[str] = []
    lengths = []
    for doc in itertools.chain(reuters, newsgroups):
        words = WORD.findall(doc.get("text") or "")
        if words:
            lengths.append(len(words))
            occurrences.extend(words)
    log(f"synthetic: {len(set(occurrences)):,} distinct words, {len(occurrences):,} "
        f"occurrences, {len(lengths):,} document lengths")
    sampler = UnigramSampler(occurrences, rng)
    del occurrences
    words = sampler.words

    yield reuters_record(reuters[0])
    for n in range(1, count):
        remaining = rng.choice(lengths)
        drawn = words(remaining)
        paragraphs, sentences, at = [], [], 0
        while at < len(drawn):
            step = rng.randint(8, 30)
            sentence = drawn[at:at + step]
            at += step
            sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
            sentences.append(" ".join(sentence) + ".")
            if len(sentences) >= rng.randint(1, 4):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        title = " ".join(words(rng.randint(4, 10))).title()
        yield {"name": f"synthetic-{n}", "title": title, "text": "\n\n".join(paragraphs),
               "source": "synthetic"}


# ---------------------------------------------------------------------------------------------
# Processes


class Server:
    """A lede-server on a data directory, with a watchdog sampling its VmRSS (and killing it
    past a limit)."""

    def __init__(self, binary: str, data_dir: Path, log_path: Path, max_rss_kib: int):
        self.port = free_port()
        self.log_path = log_path
        self.max_rss_kib = max_rss_kib
        self.log_file = open(log_path, "w")
        command = [binary, "--addr", f"127.0.0.1:{self.port}", "--data-dir", str(data_dir)]
        log("$ " + " ".join(command))
        env = dict(os.environ, RUST_LOG=os.environ.get("LEDE_SCALE_RUST_LOG", "warn"))
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        env=env)
        self.pid = self.process.pid
        self.killed_for_memory: int | None = None
        self.samples: list[tuple[float, int]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)
        self._watchdog.start()

    @property
    def addr(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _watch(self) -> None:
        while not self._stop.is_set() and self.process.poll() is None:
            kib = proc_status_kib(self.pid, "VmRSS")
            if kib is not None:
                with self._lock:
                    self.samples.append((time.monotonic(), kib))
                if kib > self.max_rss_kib:
                    log(f"lede-server (pid {self.pid}) VmRSS {kib / 1024**2:.1f} GiB is past the "
                        f"{self.max_rss_kib / 1024**2:.1f} GiB limit: SIGKILL")
                    self.killed_for_memory = kib
                    self.process.kill()
                    return
            self._stop.wait(0.1)

    def peak_since(self, since: float) -> int | None:
        with self._lock:
            values = [kib for t, kib in self.samples if t >= since]
        return max(values) if values else None

    def alive(self) -> bool:
        return self.process.poll() is None

    def tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, then waits; SIGKILL after `timeout`. The exit status (None if killed)."""
        status = None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                status = self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                log(f"lede-server (pid {self.pid}) did not stop within {timeout:.0f} s: SIGKILL")
                self.process.kill()
                self.process.wait()
        else:
            status = self.process.returncode
        self._stop.set()
        self._watchdog.join(timeout=5)
        self.log_file.close()
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._stop.set()
        if not self.log_file.closed:
            self.log_file.close()


def wait_serving(server: Server, loadgen: str, timeout: float) -> float:
    """Seconds from the spawn to the first health check answering SERVING."""
    probe = [loadgen, "--addr", server.addr, "--rpc", "health", "--concurrency", "1",
             "--connections", "1", "--requests", "1", "--duration", "10s", "--warmup", "0s",
             "--timeout", "5s", "--threads", "1", "--json"]
    wait_answering(server, probe, server.started + timeout - time.monotonic(), poll=0.05)
    return time.monotonic() - server.started


def loadgen_run(loadgen: str, server: Server, rpc: str, args: argparse.Namespace,
                extra: tuple[str, ...] | list[str] = (), duration: float | None = None,
                warmup: float | None = None, timeout: float = 60.0) -> dict:
    """One closed-loop run, one request in flight: the loadgen JSON object (or an error)."""
    duration = args.duration if duration is None else duration
    warmup = args.warmup if warmup is None else warmup
    command = [loadgen, "--addr", server.addr, "--rpc", rpc, "--concurrency", "1",
               "--connections", "1", "--duration", f"{duration}s", "--warmup", f"{warmup}s",
               "--timeout", f"{timeout}s", "--json", *extra]
    log("$ " + " ".join(command))
    # Long requests: the run ends when the last request does, after the measured window.
    status, result, stderr = run_json(command, timeout=duration + warmup + 2 * timeout + 30)
    if result is None:
        return {"error": f"lede-loadgen failed ({status}): {stderr.strip()[-500:]}"}
    if result.get("errors"):
        result["error"] = "errors: " + ", ".join(f"{k} {v}" for k, v in result["errors"].items())
    if not result.get("ok"):
        result.setdefault("error", "no request succeeded")
    return result


def du_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def queries_of_loadgen() -> list[str]:
    """The phrases of `lede-loadgen --rpc search`, read from workload.rs."""
    source = WORKLOAD_RS.read_text()
    block = re.search(r"const QUERIES: \[&str; \d+\] = \[(.*?)\];", source, re.S)
    if not block:
        raise SystemExit(f"scale: no QUERIES in {WORKLOAD_RS}")
    return re.findall(r'"((?:[^"\\]|\\.)*)"', block.group(1))


# ---------------------------------------------------------------------------------------------
# Measurement


def measure_lede(size: str, corpus: Path, info: dict, work: Path, bins: dict,
                 args: argparse.Namespace, figures_4k: dict | None) -> dict:
    result: dict = {"size": size, **info}
    data_dir = work / f"data-{size}"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    command = [bins["cli"], "import", "--data-dir", str(data_dir), str(corpus)]
    log("$ " + " ".join(command))
    started = time.monotonic()
    with open(work / f"import-{size}.log", "w") as import_log:
        done = subprocess.run(command, stdout=import_log, stderr=subprocess.STDOUT)
    result["import_s"] = time.monotonic() - started
    if done.returncode != 0:
        result["error"] = (f"lede import failed ({done.returncode}): "
                           + (work / f"import-{size}.log").read_text(errors="replace")[-500:])
        return result
    result["store_bytes"] = du_bytes(data_dir)

    server = Server(bins["server"], data_dir, work / f"server-{size}.log",
                    int(args.max_rss_gb * 1024**2))
    try:
        result["startup_s"] = wait_serving(server, bins["loadgen"], args.startup_timeout)
        result["rss_start_kib"] = proc_status_kib(server.pid, "VmRSS")
        log(f"{size}: SERVING after {result['startup_s']:.2f} s, VmRSS "
            f"{result['rss_start_kib'] / 1024:.1f} MiB")
        runs = {
            "health": loadgen_run(bins["loadgen"], server, "health", args),
            "search": loadgen_run(bins["loadgen"], server, "search", args),
            "similar": loadgen_run(bins["loadgen"], server, "similar", args,
                                   ["--document", SIMILAR_TO]),
            "stats": loadgen_run(bins["loadgen"], server, "stats", args, ["--top-terms", "10"]),
        }
        result["runs"] = runs
        result["rss_after_queries_kib"] = proc_status_kib(server.pid, "VmRSS")
        result["peak_rss_before_summary_kib"] = proc_status_kib(server.pid, "VmHWM")
        result["summary"] = measure_summary(size, result, server, bins, args, figures_4k)
        if server.killed_for_memory:
            result["summary"]["killed_for_memory_kib"] = server.killed_for_memory
        # After a summary that ran out of time the server may still be on it: no long wait.
        status = server.stop(timeout=10.0)
        result["server_exit_status"] = status
    finally:
        server.kill()
    return result


def measure_summary(size: str, result: dict, server: Server, bins: dict,
                    args: argparse.Namespace, figures_4k: dict | None) -> dict:
    if size != "4k" and not args.summaries:
        seconds, peak = SUMMARY_4K_ISSUE
        basis = "the issue's 4k figures"
        if figures_4k and figures_4k.get("summary", {}).get("seconds"):
            seconds = figures_4k["summary"]["seconds"]
            peak = (figures_4k["summary"].get("peak_rss_kib") or 0) * 1024 or peak
            basis = "this run's 4k figures"
        scale = result["documents"] / 4000
        return {"skipped": (f"would exceed the {args.summary_deadline:.0f} s deadline and "
                            f"probably the {args.max_rss_gb:g} GB limit: at least "
                            f"{seconds * scale:.0f} s and {peak * scale / 1024**3:.1f} GB even "
                            f"if linear from {basis} ({seconds:.1f} s, "
                            f"{peak / 1024**3:.2f} GB peak); run with --summaries")}
    started = time.monotonic()
    # At most 3 requests, none started after a third of the deadline: one when it is slow.
    run = loadgen_run(bins["loadgen"], server, "summarize-corpus", args,
                      ["--requests", "3"], duration=args.summary_deadline / 3, warmup=0.0,
                      timeout=args.summary_deadline)
    elapsed = time.monotonic() - started
    summary: dict = {"run": run, "wall_s": elapsed,
                     "peak_rss_kib": server.peak_since(started),
                     "vm_hwm_kib": proc_status_kib(server.pid, "VmHWM"),
                     "server_alive": server.alive()}
    if server.killed_for_memory:
        summary["error"] = (f"the server was killed at {server.killed_for_memory / 1024**2:.1f} "
                            f"GiB (limit {args.max_rss_gb:g} GB)")
    elif "error" in run:
        summary["error"] = run["error"]
        if elapsed >= args.summary_deadline:
            summary["error"] = f"the {args.summary_deadline:.0f} s deadline passed: {run['error']}"

    else:
        summary["seconds"] = run["latency_ms"]["p50"] / 1000.0
    return summary


def measure_tantivy(size: str, corpus: Path, bins: dict, args: argparse.Namespace,
                    queries: list[str]) -> dict:
    command = [bins["tantivy"], "--corpus", str(corpus), "--iterations",
               str(args.tantivy_iterations), "--top-k", "10"]
    for query in queries:
        command += ["--query", query]
    log("$ " + " ".join(command))
    status, result, stderr = run_json(command, timeout=3600)
    if result is None:
        return {"error": f"tantivy-peer failed ({status}): {stderr.strip()[-500:]}"}
    return result


# ---------------------------------------------------------------------------------------------
# The report


def mb(n: float) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 10e6 else f"{n / 1e6:.1f} MB"


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    if value >= 1:
        return f"{value:.2f} ms"
    return f"{value:.3f} ms"


def mib(kib: int | None) -> str:
    if kib is None:
        return "—"
    return f"{kib / 1024:.0f} MiB" if kib >= 10240 else f"{kib / 1024:.1f} MiB"


def latency(result: dict, run: str, quantile: str = "p50") -> float | None:
    figures = (result.get("runs") or {}).get(run) or {}
    if "error" in figures or "latency_ms" not in figures:
        return None
    return figures["latency_ms"][quantile]


def cell_run(result: dict, run: str, with_p99: bool = False) -> str:
    figures = (result.get("runs") or {}).get(run)
    if figures is None:
        return "—"
    if "latency_ms" not in figures:
        return f"failed: {figures.get('error', '?')}"
    text = ms(figures["latency_ms"]["p50"])
    if with_p99:
        text += f" (p99 {ms(figures['latency_ms']['p99'])})"
    text += f", n={figures['ok']}"
    if "error" in figures:
        text += f" ({figures['error']})"
    return text


def cell_summary(result: dict) -> str:
    summary = result.get("summary")
    if not summary:
        return "—"
    if "skipped" in summary:
        return "skipped: " + summary["skipped"]
    peak = mib(summary.get("peak_rss_kib"))
    if "error" in summary:
        return f"failed after {summary['wall_s']:.1f} s ({summary['error']}), peak {peak}"
    return f"{ms(summary['seconds'] * 1000)}, peak RSS {peak}"


def table(results: list[dict], tantivy: dict[str, dict]) -> str:
    def header(r: dict) -> str:
        label = "1m synthetic" if r["size"] == "1m" else r["size"]
        return f"{label} ({r['documents']:,} docs, {mb(r['text_bytes'])})"

    rows: list[tuple[str, list[str]]] = []

    def row(label: str, cell) -> None:
        cells = []
        for r in results:
            try:
                cells.append(cell(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        rows.append((label, cells))

    def err(r: dict, cell) -> str:
        return "—" if "error" in r and "startup_s" not in r else cell(r)

    def failed(r: dict) -> str:
        return "failed: " + " ".join(r["error"].split())[:300]

    row("lede import", lambda r: failed(r) if "store_bytes" not in r and "error" in r
        else f"{r['import_s']:.1f} s (store {mb(r['store_bytes'])})")
    row("start-up to SERVING", lambda r: (
        failed(r) if "error" in r and "startup_s" not in r and "store_bytes" in r
        else err(r, lambda r: f"{r['startup_s']:.2f} s "
                 f"({r['text_bytes'] / r['startup_s'] / 1e6:.0f} MB/s)")))
    row("resident memory (after start / after queries)", lambda r: err(
        r, lambda r: f"{mib(r['rss_start_kib'])} / {mib(r['rss_after_queries_kib'])}"))
    row("RSS / text (after queries)",
        lambda r: err(r, lambda r: f"{r['rss_after_queries_kib'] * 1024 / r['text_bytes']:.2f}×"))
    row("SearchDocuments top 10, p50 (p99)",
        lambda r: err(r, lambda r: cell_run(r, "search", True)))
    row("FindSimilarDocuments, p50", lambda r: err(r, lambda r: cell_run(r, "similar")))
    row("GetCorpusStats, 10 terms, p50", lambda r: err(r, lambda r: cell_run(r, "stats")))
    row("SummarizeDocuments, query, whole corpus", lambda r: err(r, cell_summary))
    row("transport floor: Health, p50", lambda r: err(r, lambda r: cell_run(r, "health")))
    if tantivy:
        def t(r: dict) -> dict:
            peer = tantivy.get(r["size"])
            if peer is None:
                raise KeyError(r["size"])
            return peer

        def t_cell(r: dict, cell) -> str:
            peer = t(r)
            return f"failed: {peer['error'][:200]}" if "error" in peer else cell(peer)

        row("tantivy: index time (in RAM)",
            lambda r: t_cell(r, lambda p: f"{p['index_s']:.1f} s, {p['segments']} segment(s)"))
        row("tantivy: search top 10, p50 (p99), in process", lambda r: t_cell(
            r, lambda p: f"{ms(p['search']['p50_ms'])} ({ms(p['search']['p99_ms'])})"))
        row("tantivy: process RSS after search",
            lambda r: t_cell(r, lambda p: mib(p["rss_kib"])))

        def ratio(r: dict) -> str:
            peer = t(r)
            lede, floor = latency(r, "search"), latency(r, "health")
            if "error" in peer or lede is None:
                return "—"
            tp50 = peer["search"]["p50_ms"]
            text = f"{lede / tp50:.0f}×"
            if floor is not None:
                text += f" ({max(lede - floor, 0.0) / tp50:.0f}× less the floor)"
            return text

        row("lede search p50 ÷ tantivy p50", ratio)

    lines = ["| docs (text) | " + " | ".join(header(r) for r in results) + " |",
             "|---|" + "---|" * len(results)]
    for label, cells in rows:
        lines.append(f"| {label} | " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="comma-separated corpora: 4k, 40k, 116k (default: all three)")
    parser.add_argument("--synthetic-1m", action="store_true",
                        help="also the 1M-document synthetic corpus (about 1.2 GB of text)")
    parser.add_argument("--synthetic-docs", type=int, default=SYNTHETIC_DOCS,
                        help="documents of the synthetic corpus (1,000,000; fewer to try it)")
    parser.add_argument("--summaries", action="store_true",
                        help="run the whole-corpus summary beyond 4k too")
    parser.add_argument("--summary-deadline", type=float, default=60.0,
                        help="deadline of the whole-corpus summary, seconds (60)")
    parser.add_argument("--max-rss-gb", type=float, default=8.0,
                        help="kill the server past this VmRSS, GB (8)")
    parser.add_argument("--startup-timeout", type=float, default=1800.0,
                        help="seconds to wait for SERVING (1800)")
    parser.add_argument("--duration", type=float, default=10.0,
                        help="seconds measured per RPC (10)")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="seconds of warm-up per RPC (2)")
    parser.add_argument("--tantivy", dest="tantivy", action="store_true", default=None,
                        help="run the tantivy peer (default: when cargo is available)")
    parser.add_argument("--no-tantivy", dest="tantivy", action="store_false")
    parser.add_argument("--tantivy-iterations", type=int, default=500,
                        help="tantivy searches per query (500)")
    parser.add_argument("--no-build", action="store_true", help="use the binaries as they are")
    parser.add_argument("--server-bin", help="a lede-server binary (default: target/release)")
    parser.add_argument("--cli-bin", help="a lede binary (default: target/release)")
    parser.add_argument("--loadgen-bin", help="a lede-loadgen binary (default: target/release)")
    parser.add_argument("--tantivy-bin", help="a tantivy-peer binary (default: built)")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"),
                        help="the evaluation data (default ../shared/data)")
    parser.add_argument("--work-dir", help="where corpora and data directories go (default: "
                        "a new temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep corpora and data directories")
    parser.add_argument("--json", metavar="PATH", help="write every figure to PATH")
    args = parser.parse_args()

    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in SIZES:
            parser.error(f"--sizes: {size!r} is not one of {', '.join(SIZES)}")
    if args.synthetic_1m:
        sizes.append("1m")
    if not sizes:
        parser.error("no corpus to measure")
    data = Path(args.data)
    for name in ("reuters21578.jsonl", "20newsgroups.jsonl"):
        if not (data / "corpus" / name).is_file():
            parser.error(f"{data / 'corpus' / name} is missing (--data)")
    if args.tantivy is None:
        args.tantivy = bool(args.tantivy_bin) or shutil.which("cargo") is not None

    release = release_dir()
    bins = {"server": args.server_bin or str(release / "lede-server"),
            "cli": args.cli_bin or str(release / "lede"),
            "loadgen": args.loadgen_bin or str(release / "lede-loadgen")}
    tantivy_target = release.parent / "tantivy-peer"
    if args.tantivy:
        bins["tantivy"] = args.tantivy_bin or str(tantivy_target / "release" / "tantivy-peer")
    if not args.no_build:
        packages = []
        for key, package in (("server_bin", "lede-server"), ("cli_bin", "lede-cli"),
                             ("loadgen_bin", "lede-loadgen")):
            if not getattr(args, key):
                packages += ["-p", package]
        if packages:
            log("$ cargo build --release " + " ".join(packages))
            subprocess.run(["cargo", "build", "--release", *packages], cwd=ROOT, check=True)
        if args.tantivy and not args.tantivy_bin:
            # A workspace of its own, so a target directory of its own (no lock shared with
            # the workspace's builds).
            log(f"$ CARGO_TARGET_DIR={tantivy_target} cargo build --release "
                f"--manifest-path {TANTIVY_PEER / 'Cargo.toml'}")
            subprocess.run(["cargo", "build", "--release", "--manifest-path",
                            str(TANTIVY_PEER / "Cargo.toml")], cwd=ROOT, check=True,
                           env=dict(os.environ, CARGO_TARGET_DIR=str(tantivy_target)))
    for binary in bins.values():
        if not os.access(binary, os.X_OK):
            parser.error(f"{binary} is not an executable (build it, or drop --no-build)")
    queries = queries_of_loadgen()

    work = Path(args.work_dir) if args.work_dir else Path(tempfile.mkdtemp(prefix="lede-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    started_at = datetime.datetime.now(datetime.timezone.utc)
    report: dict = {"date": started_at.isoformat(timespec="seconds"),
                    "command": " ".join(["python3", "scripts/scale.py", *sys.argv[1:]]),
                    "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
                    "work_dir": str(work), "bins": bins,
                    "queries": queries, "similar_to": SIMILAR_TO,
                    "duration_s": args.duration, "warmup_s": args.warmup, "results": [],
                    "tantivy": {}}
    results: list[dict] = report["results"]
    tantivy: dict[str, dict] = report["tantivy"]
    cache: dict = {}
    failed = False
    try:
        for size in sizes:
            corpus = work / f"corpus-{size}.jsonl"
            log(f"{size}: writing {corpus}")
            started = time.monotonic()
            info = build_corpus(size, data, corpus, cache, args.synthetic_docs)
            log(f"{size}: {info['documents']:,} documents, {mb(info['text_bytes'])} of text "
                f"({time.monotonic() - started:.1f} s)")
            if size == "1m":
                # The RSS / text of the largest corpus measured (the fixed part of a small
                # one's would overstate it), else 2.5 (116k before issue 13: 2.3).
                measured = [r for r in results if r.get("rss_after_queries_kib")]
                largest = max(measured, key=lambda r: r["text_bytes"], default=None)
                ratio = (largest["rss_after_queries_kib"] * 1024 / largest["text_bytes"]
                         if largest else 2.5)
                basis = f"as at {largest['size']}" if largest else "a guess"
                log(f"1m: memory needed: about {ratio * info['text_bytes'] / 1e9:.1f} GB for the "
                    f"server ({ratio:.2f}× the text, {basis}), about "
                    f"{3 * info['text_bytes'] / 1e9:.1f} GB for `lede import` (it reads the file "
                    f"and every document first) and {3 * info['text_bytes'] / 1e9:.1f} GB for "
                    f"tantivy-peer; the server is killed past {args.max_rss_gb:g} GB "
                    f"(--max-rss-gb)")
            figures_4k = next((r for r in results if r["size"] == "4k"), None)
            try:
                result = measure_lede(size, corpus, info, work, bins, args, figures_4k)
            except RuntimeError as error:
                result = {"size": size, **info, "error": str(error)}
            results.append(result)
            if "error" in result or any("error" in run for run in result.get("runs", {}).values()):
                failed = True
            if args.tantivy:
                tantivy[size] = measure_tantivy(size, corpus, bins, args, queries)
                if "error" in tantivy[size]:
                    failed = True
            if not args.keep:
                shutil.rmtree(work / f"data-{size}", ignore_errors=True)
            if args.json:
                Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    finally:
        if not args.keep:
            for path in work.glob("corpus-*.jsonl"):
                path.unlink(missing_ok=True)

    report["load_average_at_end"] = os.getloadavg()
    print(f"lede scale benchmark, {started_at:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores (load "
          f"average {report['load_average_at_start'][0]:.1f} at the start, "
          f"{report['load_average_at_end'][0]:.1f} at the end); loadgen closed loop, 1 in "
          f"flight, {args.duration:g} s after {args.warmup:g} s warm-up per RPC")
    print()
    print(table(results, tantivy))
    report["table"] = table(results, tantivy)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        log(f"figures written to {args.json}")
    if args.keep:
        log(f"corpora, data directories and logs kept in {work}")
    elif failed:
        log(f"logs kept in {work} (a measurement failed)")
    elif not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
