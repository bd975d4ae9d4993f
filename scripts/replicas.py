#!/usr/bin/env python3
"""Replica figures (issue 16): lede-server replicas on one PostgreSQL store, on this machine.

Measures, each on a fresh database of the PostgreSQL server LEDE_TEST_POSTGRES names (started
with scripts/postgres.sh when unset):

1. writes and replication lag: replicas A and B; `lede-loadgen --rpc mixed` through A (its mix
   of reads and writes), closed loop at --concurrency, with `--visible-at B`: every
   acknowledged create is read back through B with its sequence as `lede-min-sequence`, and
   the lag is from A's acknowledgement to B's answer. Writes/s = CreateDocument +
   DeleteDocument answered per second. Then the same at an open-loop --light-rate, where the
   lag is not queueing behind the load;
2. read throughput with 1, 2 and 3 replicas: SearchDocuments (the six phrases of
   `--rpc search`), closed loop, --concurrency per replica, one lede-loadgen per replica, all
   at once; the sum of their throughputs;
3. start-up on the 116k-document corpus (scale.py's: Reuters + 20 Newsgroups five times,
   177 MB): `lede import --store` into the database (timed), then a replica's start-up (spawn
   to the first health check answering) and VmRSS, twice (a second replica beside the first).

All processes are on 127.0.0.1, one machine: replicas share its cores with each other, the
load generators and PostgreSQL, so read throughput cannot grow with replicas here; the point
is what it shows about the design (see ARCHITECTURE.md, "Many replicas").

    python3 scripts/replicas.py [--quick] [--no-116k] [--no-build] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lede_processes import ROOT, free_port, proc_status_kib, release_dir, run_json  # noqa: E402
from scale import build_corpus, wait_serving  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Replica:
    """A release lede-server on `--store URL`."""

    def __init__(self, binary: str, url: str, log_path: Path, name: str):
        self.name = name
        self.port = free_port()
        self.log_path = log_path
        self.log_file = open(log_path, "w")
        env = dict(os.environ, RUST_LOG=os.environ.get("LEDE_REPLICAS_RUST_LOG", "warn"))
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [binary, "--addr", f"127.0.0.1:{self.port}", "--store", url],
            stdout=self.log_file, stderr=subprocess.STDOUT, env=env)

    @property
    def addr(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def rss_mib(self) -> float | None:
        kib = proc_status_kib(self.process.pid, "VmRSS")
        return None if kib is None else kib / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def serving(replica: Replica, loadgen: str) -> float:
    """Seconds from the spawn to the first health check answering (scale.py's probe)."""
    return wait_serving(replica, loadgen, timeout=600)


def psql(url: str, statement: str) -> None:
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", statement], check=True,
                   stdout=subprocess.DEVNULL)


class Databases:
    """Fresh databases on the server of `admin`, dropped at the end."""

    def __init__(self, admin: str):
        self.admin = admin
        self.made: list[str] = []

    def fresh(self, name: str) -> str:
        psql(self.admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        psql(self.admin, f"CREATE DATABASE {name}")
        self.made.append(name)
        base = self.admin.rsplit("/", 1)[0]
        return f"{base}/{name}"

    def drop_all(self) -> None:
        for name in self.made:
            psql(self.admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def loadgen(binary: str, addr: str, *args: str) -> list[str]:
    return [binary, "--addr", addr, "--json", *args]


def run_all(commands: list[list[str]], timeout: float) -> list[dict]:
    """Runs the commands at once; their JSON objects (raises on a failure)."""
    for command in commands:
        log("$ " + " ".join(command))
    results: list[dict | None] = [None] * len(commands)
    errors: list[str] = []

    def one(index: int) -> None:
        status, result, stderr = run_json(commands[index], timeout=timeout)
        if status != 0 or result is None:
            errors.append(f"{commands[index][0]} failed ({status}): {stderr.strip()[-400:]}")
        results[index] = result

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(commands))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError("\n".join(errors))
    return [r for r in results if r is not None]


def writes_per_s(result: dict) -> float:
    by_method = result.get("by_method", {})
    return sum(by_method.get(m, {}).get("throughput", 0.0)
               for m in ("CreateDocument", "DeleteDocument"))


def measure_writes(bins: dict, databases: Databases, work: Path, args) -> dict:
    url = databases.fresh("lede_replicas_writes")
    a = Replica(bins["server"], url, work / "a.log", "A")
    serving(a, bins["loadgen"])
    b = Replica(bins["server"], url, work / "b.log", "B")
    serving(b, bins["loadgen"])
    out = {}
    try:
        for label, load in (("closed", ["--concurrency", str(args.concurrency)]),
                            ("light", ["--rate", f"{args.light_rate}/s"])):
            [result] = run_all([loadgen(bins["loadgen"], a.addr, "--rpc", "mixed", *load,
                                        "--duration", f"{args.duration}s", "--warmup", "2s",
                                        "--visible-at", b.addr, "--cleanup")],
                               timeout=args.duration + 120)
            lag = result.get("visibility_lag") or {}
            out[label] = {
                "requests_per_s": result["throughput"],
                "writes_per_s": writes_per_s(result),
                "write_p50_ms": result["by_method"].get("CreateDocument", {})
                .get("latency_ms", {}).get("p50"),
                "write_p99_ms": result["by_method"].get("CreateDocument", {})
                .get("latency_ms", {}).get("p99"),
                "lag_p50_ms": lag.get("latency_ms", {}).get("p50"),
                "lag_p99_ms": lag.get("latency_ms", {}).get("p99"),
                "lag_max_ms": lag.get("latency_ms", {}).get("max"),
                "lag_reads": lag.get("requests"),
                "lag_errors": lag.get("errors"),
                "errors": result.get("errors"),
            }
            log(f"  {label}: {json.dumps(out[label])}")
    finally:
        a.stop()
        b.stop()
    return out


def measure_reads(bins: dict, databases: Databases, work: Path, args) -> dict:
    url = databases.fresh("lede_replicas_reads")
    replicas = []
    out = {}
    try:
        for i in range(3):
            replica = Replica(bins["server"], url, work / f"r{i}.log", f"R{i}")
            serving(replica, bins["loadgen"])
            replicas.append(replica)
        for n in (1, 2, 3):
            commands = [loadgen(bins["loadgen"], r.addr, "--rpc", "search", "--concurrency",
                                str(args.concurrency), "--duration", f"{args.duration}s",
                                "--warmup", "2s", "--threads", "1")
                        for r in replicas[:n]]
            results = run_all(commands, timeout=args.duration + 60)
            out[str(n)] = {
                "throughput": sum(r["throughput"] for r in results),
                "per_replica": [round(r["throughput"]) for r in results],
                "p50_ms": [r["latency_ms"]["p50"] for r in results],
                "errors": [r.get("errors") for r in results],
                "load": os.getloadavg()[0],
            }
            log(f"  {n} replica(s): {json.dumps(out[str(n)])}")
    finally:
        for replica in replicas:
            replica.stop()
    return out


def measure_startup(bins: dict, databases: Databases, work: Path, args) -> dict:
    corpus = work / "116k.jsonl"
    info = build_corpus("116k", Path(args.data), corpus, {})
    log(f"  corpus: {info}")
    url = databases.fresh("lede_replicas_116k")
    start = time.monotonic()
    subprocess.run([bins["cli"], "import", "--store", url, str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)
    imported = time.monotonic() - start
    out = {"documents": info["documents"], "text_bytes": info["text_bytes"],
           "import_s": imported, "replicas": []}
    replicas = []
    try:
        for name in ("first", "second"):
            replica = Replica(bins["server"], url, work / f"start-{name}.log", name)
            seconds = serving(replica, bins["loadgen"])
            replicas.append(replica)
            entry = {"start_s": seconds, "rss_mib": replica.rss_mib()}
            out["replicas"].append(entry)
            log(f"  {name} replica: {json.dumps(entry)}")
    finally:
        for replica in replicas:
            replica.stop()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 s runs, no 116k start-up")
    parser.add_argument("--no-116k", action="store_true")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--light-rate", type=int, default=100)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--json", help="write every figure to this file")
    args = parser.parse_args()
    if args.quick:
        args.duration = 5
        args.no_116k = True
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-server", "-p",
                        "lede-loadgen", "-p", "lede-cli"], check=True, cwd=ROOT)
    target = release_dir()
    bins = {"server": str(target / "lede-server"), "loadgen": str(target / "lede-loadgen"),
            "cli": str(target / "lede")}
    admin = os.environ.get("LEDE_TEST_POSTGRES")
    if not admin:
        admin = subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "start"], check=True,
                               capture_output=True, text=True).stdout.strip()
    databases = Databases(admin)
    figures = {"load_before": os.getloadavg()[0]}
    try:
        with tempfile.TemporaryDirectory(prefix="lede-replicas-") as tmp:
            work = Path(tmp)
            log("writes and replication lag (A writes, B reads back):")
            figures["writes"] = measure_writes(bins, databases, work, args)
            log("read throughput with 1, 2 and 3 replicas:")
            figures["reads"] = measure_reads(bins, databases, work, args)
            if not args.no_116k:
                log("start-up on the 116k-document corpus:")
                figures["startup"] = measure_startup(bins, databases, work, args)
    finally:
        databases.drop_all()
    figures["load_after"] = os.getloadavg()[0]
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
