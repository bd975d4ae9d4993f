#!/usr/bin/env python3
"""Load comparison (issue 7): lede-server against a Python grpcio peer, under the same load.

For each of Tokenize, ExtractKeywords and Summarize (inline text: the first seed article):
1. maximum throughput of each server: closed loop, a concurrency sweep (1, 2, 4, 8, 16, 32;
   5 s each after 1 s of warm-up), the best req/s;
2. p99 of each at the same fixed rate, half of the PEER's maximum (open loop, 10 s after 2 s
   of warm-up, latency from the scheduled send time), so that both can sustain it;
3. lede's p99 at half of its own maximum.
SearchDocuments is measured on lede only (the peer has no corpus). Then lede-server's resident
memory (VmRSS, and the peak VmHWM, from /proc/PID/status) and the CPU each process used at its
maximum: the load generator runs on the same machine and shares its cores.

Run from the repository root:
    bash benches/peer/setup.sh            # once: grpcio, grpcio-tools, scikit-learn, yake, sumy
    python3 scripts/load_compare.py       # builds lede-server and lede-loadgen (release)
Options: --quick (CI: 1 s runs, three concurrencies), --server-bin PATH (a prebuilt
lede-server; skips building it), --loadgen-bin PATH, --no-build, --peer-workers N, --json FILE.
Exits 1 if any run against lede-server had an error (every load here is at or below what it
sustains, so an error is a bug); the peer's errors are reported, not judged.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import tempfile

from lede_processes import ROOT, Secure, free_port, proc_status_kib, release_dir

PEER = ROOT / "benches" / "peer" / "peer_server.py"
TEXT_RPCS = [("tokenize", "Tokenize"), ("keywords", "ExtractKeywords"), ("summarize", "Summarize")]
LEDE_ONLY = [("search", "SearchDocuments")]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"load_compare: {what} exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"load_compare: {what} did not listen on port {port} within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all threads), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class Runner:
    def __init__(self, loadgen: str, quick: bool, lede_port: int,
                 secure: "Secure | None" = None) -> None:
        self.loadgen = loadgen
        self.secure = secure
        self.quick = quick
        self.lede_port = lede_port
        # Errors of runs against lede-server, by status code, over the whole comparison.
        self.lede_errors: dict[str, int] = {}

    def run(self, port: int, server_pid: int, rpc: str, *, concurrency: int | None = None,
            rate: float | None = None) -> dict:
        if concurrency is not None:
            duration, warmup = ("1s", "0.5s") if self.quick else ("5s", "1s")
            load = ["--concurrency", str(concurrency)]
        else:
            duration, warmup = ("2s", "0.5s") if self.quick else ("10s", "2s")
            load = ["--rate", f"{rate:.3f}"]
        scheme, credentials = "http", []
        if self.secure is not None and port == self.lede_port:
            scheme, credentials = "https", self.secure.client_args()
        command = [self.loadgen, "--addr", f"{scheme}://127.0.0.1:{port}", "--rpc", rpc, *load,
                   "--duration", duration, "--warmup", warmup, "--json", *credentials]
        server_cpu = cpu_seconds(server_pid)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = json.loads(output)
        result["server_cores"] = (cpu_seconds(server_pid) - server_cpu) / wall
        result["client_cores"] = (after.ru_utime + after.ru_stime
                                  - children.ru_utime - children.ru_stime) / wall
        if port == self.lede_port:
            for code, count in result["errors"].items():
                self.lede_errors[code] = self.lede_errors.get(code, 0) + count
        return result

    def max_throughput(self, port: int, pid: int, rpc: str, label: str) -> dict:
        sweep = [1, 4, 16] if self.quick else [1, 2, 4, 8, 16, 32]
        best = None
        for concurrency in sweep:
            result = self.run(port, pid, rpc, concurrency=concurrency)
            errors = sum(result["errors"].values())
            print(f"  {label:<5} {rpc:<10} c={concurrency:<3} {result['throughput']:9.1f} req/s  "
                  f"p99 {result['latency_ms']['p99']:8.2f} ms  errors {errors}  "
                  f"server {result['server_cores']:.2f} cores, client "
                  f"{result['client_cores']:.2f} cores", file=sys.stderr, flush=True)
            if errors == 0 and (best is None or result["throughput"] > best["throughput"]):
                best = result
        if best is None:
            raise SystemExit(f"load_compare: every {label} {rpc} run had errors")
        return best

    def at_rate(self, port: int, pid: int, rpc: str, rate: float, label: str) -> dict:
        result = self.run(port, pid, rpc, rate=rate)
        errors = sum(result["errors"].values())
        print(f"  {label:<5} {rpc:<10} {rate:9.1f} req/s offered: {result['throughput']:9.1f} "
              f"done, p50 {result['latency_ms']['p50']:.2f} ms, p99 "
              f"{result['latency_ms']['p99']:.2f} ms, errors {errors}", file=sys.stderr,
              flush=True)
        return result


def build(skip_server: bool) -> None:
    packages = ["-p", "lede-loadgen"] if skip_server else ["-p", "lede-server", "-p", "lede-loadgen"]
    print(f"$ cargo build --release {' '.join(packages)}", file=sys.stderr, flush=True)
    subprocess.run(["cargo", "build", "--release", *packages], cwd=ROOT, check=True)


def start_lede(binary: str, port: int, secure: "Secure | None" = None) -> subprocess.Popen:
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    command = [binary, "--addr", f"127.0.0.1:{port}"]
    if secure is not None:
        command += secure.server_args()
    if "--in-memory" in help_text:
        command.append("--in-memory")
    env = dict(os.environ, RUST_LOG=os.environ.get("LEDE_LOAD_RUST_LOG", "warn"))
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    wait_for_port(port, process, "lede-server")
    return process


def start_peer(port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(PEER), "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL)
    wait_for_port(port, process, "the Python peer (did you run benches/peer/setup.sh?)")
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 s runs, three concurrencies")
    parser.add_argument("--server-bin", help="a prebuilt lede-server (not built)")
    parser.add_argument("--loadgen-bin", help="a prebuilt lede-loadgen (not built)")
    parser.add_argument("--no-build", action="store_true", help="use target/release as it is")
    parser.add_argument("--peer-workers", type=int, default=4)
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    parser.add_argument("--secure", action="store_true",
                        help="lede-server with TLS and a bearer token (certificates by openssl); "
                        "the peer stays plaintext")
    args = parser.parse_args()

    release = release_dir()
    server_bin = args.server_bin or str(release / "lede-server")
    loadgen_bin = args.loadgen_bin or str(release / "lede-loadgen")
    if not args.no_build and not (args.server_bin and args.loadgen_bin):
        if args.loadgen_bin:
            subprocess.run(["cargo", "build", "--release", "-p", "lede-server"], cwd=ROOT,
                           check=True)
        else:
            build(skip_server=args.server_bin is not None)

    lede_port, peer_port = free_port(), free_port()
    secure_dir = tempfile.TemporaryDirectory(prefix="lede-load-tls-") if args.secure else None
    secure = Secure(Path(secure_dir.name)) if secure_dir else None
    runner = Runner(loadgen_bin, args.quick, lede_port, secure)
    lede = start_lede(server_bin, lede_port, secure)
    peer = start_peer(peer_port, args.peer_workers)
    rows, lede_rows, record = [], [], {}
    try:
        for rpc, method in TEXT_RPCS:
            lede_max = runner.max_throughput(lede_port, lede.pid, rpc, "lede")
            peer_max = runner.max_throughput(peer_port, peer.pid, rpc, "peer")
            rate = peer_max["throughput"] / 2
            lede_same = runner.at_rate(lede_port, lede.pid, rpc, rate, "lede")
            peer_same = runner.at_rate(peer_port, peer.pid, rpc, rate, "peer")
            lede_half = runner.at_rate(lede_port, lede.pid, rpc, lede_max["throughput"] / 2,
                                       "lede")
            rows.append((method, lede_max, peer_max, rate, lede_same, peer_same, lede_half))
            record[method] = {"lede_max": lede_max, "peer_max": peer_max, "lede_at_rate":
                              lede_same, "peer_at_rate": peer_same, "lede_at_half": lede_half}
        for rpc, method in LEDE_ONLY:
            lede_max = runner.max_throughput(lede_port, lede.pid, rpc, "lede")
            lede_half = runner.at_rate(lede_port, lede.pid, rpc, lede_max["throughput"] / 2,
                                       "lede")
            lede_rows.append((method, lede_max, lede_half))
            record[method] = {"lede_max": lede_max, "lede_at_half": lede_half}
        rss = proc_status_kib(lede.pid, "VmRSS") or 0
        hwm = proc_status_kib(lede.pid, "VmHWM") or 0
        peer_rss = proc_status_kib(peer.pid, "VmRSS") or 0
    finally:
        stop(lede)
        stop(peer)

    def p99(result: dict) -> str:
        errors = sum(result["errors"].values())
        return f"{result['latency_ms']['p99']:.2f} ms" + (f" ({errors} errors)" if errors else "")

    def best(result: dict) -> str:
        return f"{result['throughput']:,.0f} (c={result['concurrency']})"

    mode = "quick" if args.quick else "full"
    security = ", lede over TLS with a bearer token" if args.secure else ""
    print(f"\n### lede-server vs Python peer ({mode} mode, {os.cpu_count()} CPUs shared by "
          f"server and load generator, peer with {args.peer_workers} threads{security})\n")
    print("| RPC | lede max req/s | peer max req/s | ratio | same rate (½ peer max) | lede p99 | "
          "peer p99 | lede p99 at ½ lede max |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for method, lede_max, peer_max, rate, lede_same, peer_same, lede_half in rows:
        ratio = lede_max["throughput"] / peer_max["throughput"]
        print(f"| {method} | {best(lede_max)} | {best(peer_max)} | {ratio:.1f}× | "
              f"{rate:,.1f}/s | {p99(lede_same)} | {p99(peer_same)} | "
              f"{p99(lede_half)} at {lede_half['rate']:,.0f}/s |")
    for method, lede_max, lede_half in lede_rows:
        print(f"| {method} | {best(lede_max)} | — | — | — | — | — | "
              f"{p99(lede_half)} at {lede_half['rate']:,.0f}/s |")
    print("\nCPU at maximum throughput (cores busy, of the machine's "
          f"{os.cpu_count()}): server / load generator\n")
    print("| RPC | lede server | client (vs lede) | peer server | client (vs peer) |")
    print("|---|---:|---:|---:|---:|")
    for method, lede_max, peer_max, *_ in rows:
        print(f"| {method} | {lede_max['server_cores']:.2f} | {lede_max['client_cores']:.2f} | "
              f"{peer_max['server_cores']:.2f} | {peer_max['client_cores']:.2f} |")
    for method, lede_max, _ in lede_rows:
        print(f"| {method} | {lede_max['server_cores']:.2f} | {lede_max['client_cores']:.2f} | "
              "— | — |")
    print(f"\nlede-server resident memory after the run: VmRSS {rss / 1024:.1f} MiB "
          f"(peak VmHWM {hwm / 1024:.1f} MiB); the peer's VmRSS {peer_rss / 1024:.1f} MiB.")
    if args.json:
        record["lede_vmrss_kib"], record["lede_vmhwm_kib"] = rss, hwm
        args.json.write_text(json.dumps(record, indent=1))
    lede_errors = runner.lede_errors
    if lede_errors:
        raise SystemExit(f"load_compare: lede-server answered with errors: {lede_errors}")


if __name__ == "__main__":
    main()
