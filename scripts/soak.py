#!/usr/bin/env python3
"""Soak test: mixed reads and writes at 70% of the maximum load, then a restart.

Checks the issue's soak criteria: ten minutes of `lede-loadgen --rpc mixed` (80% reads, 20%
creates/deletes, the corpus size kept stable) at a fixed rate, 70% of the maximum mixed
throughput, with no failed request, no growth of the server's resident memory beyond 10%, and
no lost write, including across a restart of the server on the same data directory.

Run from the repository root:
    python3 scripts/soak.py                  # the full soak: 600 s (builds release binaries)
    python3 scripts/soak.py --duration 30    # the short, bounded CI version
Options: --duration S, --load-fraction F (0.7), --max-rate R (skip measuring the maximum),
--max-rss-growth PCT (10), --rss-warmup S, --sample-interval S, --live-docs N (100),
--no-build, --server-bin PATH, --loadgen-bin PATH, --json PATH (a JSON summary),
--server-log LEVEL (RUST_LOG of the server, default `warn`), --keep (keep the temp dir).

Steps:
1. build (unless --no-build) `target/release/lede-server` and `target/release/lede-loadgen`
   (`$CARGO_TARGET_DIR` is respected);
2. start lede-server on a fresh temporary --data-dir and a free port, wait until a short
   GetCorpusStats run succeeds;
3. the maximum mixed throughput: a closed-loop run (8 in flight, 10 s; 5 s when --duration is
   under 120 s), its successful requests per second (or --max-rate); it deletes the documents
   it leaves live (--cleanup), so that the soak runs on a corpus of the same size;
4. `lede-loadgen --rpc mixed --rate (fraction x max) --duration D --warmup 0s --verify-writes
   --write-ledger LEDGER`: every request counts (no unrecorded warm-up), and after the run every
   acknowledged create not deleted must exist with its exact text, every acknowledged delete
   must be absent; meanwhile VmRSS of the server is sampled from /proc/PID/status;
5. SIGTERM the server (it must exit 0 within 60 s), start it again on the same data directory,
   `lede-loadgen --verify-ledger LEDGER` (no acknowledged write lost across the restart), and
   SIGTERM it again (exit 0).

The memory criterion, made robust for short runs on a slow, shared machine: the baseline is
the HIGHEST VmRSS sampled during the RSS warm-up (the first --rss-warmup seconds of the load:
max(30 s, 10% of the run), at most half of it, so 60 s of a 600 s run, 30 s of a 60 s run, 15 s
of a 30 s run), which already holds the working set of the load (the corpus reaches its steady
size within the first seconds, allocator arenas and caches fill up); the end is the MEDIAN of
the last three samples, so that one transient spike neither fails nor hides anything.
growth = (end - baseline) / baseline must not exceed --max-rss-growth; the peak after the
warm-up is reported too. A leak shows as a steady rise after the warm-up, which this catches
over ten minutes.

Exit status 0 when every check passed, 1 when one failed (the summary says which), 2 on a
usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lede_processes import ROOT, Secure, free_port, proc_status_kib, release_dir, run_json, wait_answering


def log(message: str) -> None:
    print(f"soak: {message}", file=sys.stderr, flush=True)


class Server:
    """A lede-server process on a data directory, its log in a file."""

    def __init__(self, binary: str, data_dir: Path, port: int, log_path: Path, level: str,
                 secure: Secure | None = None):
        self.port = port
        self.secure = secure
        self.log_path = log_path
        env = dict(os.environ, RUST_LOG=level)
        self.log_file = open(log_path, "w")
        command = [binary, "--addr", f"127.0.0.1:{port}", "--data-dir", str(data_dir)]
        if secure is not None:
            command += secure.server_args()
        log("$ " + " ".join(command))
        self.process = subprocess.Popen(command, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        env=env)
        self.pid = self.process.pid

    @property
    def addr(self) -> str:
        scheme = "https" if self.secure else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def client_args(self) -> list[str]:
        """What lede-loadgen needs besides --addr: the CA and the token of a secure run."""
        return self.secure.client_args() if self.secure else []

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGTERM, then waits; the exit status, or None if it had to be killed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                log(f"lede-server (pid {self.pid}) did not stop within {timeout:.0f} s: SIGKILL")
                self.process.kill()
                self.process.wait()
                self.log_file.close()
                return None
        self.log_file.close()
        return self.process.returncode


def wait_ready(server: Server, loadgen: str, timeout: float = 120.0) -> None:
    """Until a short GetCorpusStats run through lede-loadgen succeeds (no grpcurl needed)."""
    probe = [loadgen, "--addr", server.addr, "--rpc", "stats", "--concurrency", "1",
             "--duration", "0.2s", "--warmup", "0s", "--json", *server.client_args()]
    try:
        wait_answering(server, probe, timeout, poll=0.2)
    except RuntimeError as error:
        raise SystemExit(f"soak: {error}") from None


def rss_figures(samples: list[tuple[float, int]], warmup_s: float) -> dict:
    """Baseline (peak of the warm-up), end (median of the last three), peak after warm-up."""
    warm = [kib for t, kib in samples if t <= warmup_s]
    after = [kib for t, kib in samples if t > warmup_s]
    if not warm or len(after) < 3:
        return {"samples": len(samples), "error": "too few samples (run longer)"}
    baseline = max(warm)
    end = int(statistics.median(after[-3:]))
    peak = max(after)
    return {
        "first_kib": samples[0][1],
        "warmup_s": warmup_s,
        "baseline_kib": baseline,
        "end_kib": end,
        "max_kib": max(peak, baseline),
        "max_after_warmup_kib": peak,
        "growth_pct": 100.0 * (end - baseline) / baseline,
        "max_growth_pct": 100.0 * (peak - baseline) / baseline,
        "samples": len(samples),
    }


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load (600)")
    parser.add_argument("--load-fraction", type=float, default=0.7,
                        help="the fraction of the maximum throughput to offer (0.7)")
    parser.add_argument("--max-rate", type=float, help="the maximum (req/s): skip measuring it")
    parser.add_argument("--max-rss-growth", type=float, default=10.0,
                        help="the most VmRSS may grow after the warm-up, in percent (10)")
    parser.add_argument("--rss-warmup", type=float,
                        help="seconds of load before the RSS baseline (max(30, 10%%), <= half)")
    parser.add_argument("--sample-interval", type=float,
                        help="seconds between VmRSS samples (2; 1 under 120 s)")
    parser.add_argument("--live-docs", type=int, default=100,
                        help="documents the load keeps live (100)")
    parser.add_argument("--no-build", action="store_true", help="use the binaries as they are")
    parser.add_argument("--server-bin", help="a lede-server binary (default: target/release)")
    parser.add_argument("--loadgen-bin", help="a lede-loadgen binary (default: target/release)")
    parser.add_argument("--server-log", default="warn",
                        help="RUST_LOG of the server (default warn: info logs every request)")
    parser.add_argument("--json", metavar="PATH", help="write a JSON summary to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--secure", action="store_true",
                        help="serve over TLS with a bearer token (certificates made by openssl)")
    args = parser.parse_args()
    if args.duration <= 0 or not 0 < args.load_fraction <= 1:
        parser.error("--duration must be positive and --load-fraction in (0, 1]")
    short = args.duration < 120
    interval = args.sample_interval or (1.0 if short else 2.0)
    rss_warmup = args.rss_warmup
    if rss_warmup is None:
        rss_warmup = min(max(30.0, 0.1 * args.duration), args.duration / 2)

    release = release_dir()
    server_bin = args.server_bin or str(release / "lede-server")
    loadgen_bin = args.loadgen_bin or str(release / "lede-loadgen")
    if not args.no_build:
        packages = []
        if not args.server_bin:
            packages += ["-p", "lede-server"]
        if not args.loadgen_bin:
            packages += ["-p", "lede-loadgen"]
        if packages:
            log("$ cargo build --release " + " ".join(packages))
            subprocess.run(["cargo", "build", "--release", *packages], cwd=ROOT, check=True)
    for binary in (server_bin, loadgen_bin):
        if not os.access(binary, os.X_OK):
            parser.error(f"{binary} is not an executable (build it, or drop --no-build)")

    tmp = Path(tempfile.mkdtemp(prefix="lede-soak-"))
    data_dir = tmp / "data"
    ledger = tmp / "ledger.jsonl"
    summary: dict = {
        "duration_s": args.duration,
        "load_fraction": args.load_fraction,
        "live_docs": args.live_docs,
        "temp_dir": str(tmp),
        "server_bin": server_bin,
        "loadgen_bin": loadgen_bin,
    }
    failures: list[str] = []
    servers: list[Server] = []
    try:
        port = free_port()
        secure = Secure(tmp / "tls") if args.secure else None
        summary["secure"] = bool(args.secure)
        server = Server(server_bin, data_dir, port, tmp / "server-1.log", args.server_log, secure)
        servers.append(server)
        wait_ready(server, loadgen_bin)
        summary["rss_at_start_kib"] = proc_status_kib(server.pid, "VmRSS")
        common = ["--addr", server.addr, "--rpc", "mixed", "--live-docs", str(args.live_docs),
                  "--json", *server.client_args()]

        # The maximum mixed throughput.
        if args.max_rate:
            max_rate, source = args.max_rate, "given"
        else:
            duration, warmup = ("5s", "1s") if short else ("10s", "2s")
            command = [loadgen_bin, *common, "--concurrency", "8", "--duration", duration,
                       "--warmup", warmup, "--verify-writes", "--cleanup"]
            log("$ " + " ".join(command))
            status, result, stderr = run_json(command, timeout=300)
            if result is None:
                raise SystemExit(f"soak: the calibration run failed ({status}): {stderr}")
            errors = sum(result["errors"].values())
            max_rate = result["ok"] / result["elapsed_s"] if result["elapsed_s"] else 0.0
            source = "measured"
            summary["calibration"] = result
            log(f"maximum: {max_rate:.1f} req/s (closed loop, 8 in flight; p99 "
                f"{result['latency_ms']['p99']:.2f} ms, {errors} errors)")
            if status != 0:
                failures.append(f"calibration run: writes not verified (exit status {status})")
            if max_rate <= 0:
                raise SystemExit("soak: the calibration run completed no request")
        rate = max_rate * args.load_fraction
        summary.update(max_rate=max_rate, max_rate_source=source, offered_rate=rate)

        # The soak.
        command = [loadgen_bin, *common, "--rate", f"{rate:.3f}", "--duration",
                   f"{args.duration}s", "--warmup", "0s", "--verify-writes", "--write-ledger",
                   str(ledger)]
        log(f"soak: {rate:.1f} req/s ({args.load_fraction:.0%} of {max_rate:.1f}) for "
            f"{args.duration:.0f} s; RSS baseline after {rss_warmup:.0f} s, sampled every "
            f"{interval:g} s")
        log("$ " + " ".join(command))
        out_path = tmp / "soak-loadgen.json"
        err_path = tmp / "soak-loadgen.err"
        samples: list[tuple[float, int]] = []
        with open(out_path, "w") as out, open(err_path, "w") as err:
            started = time.monotonic()
            loadgen = subprocess.Popen(command, stdout=out, stderr=err)
            next_sample = started
            next_progress = started + 60
            while loadgen.poll() is None:
                now = time.monotonic()
                if now >= next_sample:
                    kib = proc_status_kib(server.pid, "VmRSS")
                    if kib is not None and now - started <= args.duration + 0.5:
                        samples.append((now - started, kib))
                    next_sample += interval
                if now >= next_progress and samples:
                    log(f"  {now - started:5.0f} s: VmRSS {mib(samples[-1][1])}")
                    next_progress += 60
                if server.process.poll() is not None:
                    failures.append(f"lede-server died during the soak (status "
                                    f"{server.process.returncode})")
                    loadgen.kill()
                    break
                time.sleep(min(0.2, max(0.0, next_sample - time.monotonic())))
            loadgen.wait()
        soak_status = loadgen.returncode
        try:
            result = json.loads(out_path.read_text())
        except (OSError, json.JSONDecodeError):
            result = None
        if result is None:
            raise SystemExit(f"soak: the soak run failed ({soak_status}): "
                             f"{err_path.read_text(errors='replace')}\n{server.tail()}")
        summary["soak"] = result
        summary["rss_samples"] = [[round(t, 1), kib] for t, kib in samples]
        summary["rss"] = rss = rss_figures(samples, rss_warmup)
        errors = result["errors"]
        summary.update(requests=result["requests"], achieved_rate=result["throughput"],
                       latency_ms=result["latency_ms"], errors=errors, writes=result["writes"])
        if errors:
            failures.append("errors: " + ", ".join(f"{code} {n}" for code, n in errors.items()))
        writes = result["writes"] or {}
        verification = writes.get("verification") or {}
        if soak_status != 0 or not verification:
            failures.append(f"writes after the soak: exit status {soak_status}, {verification}")
        if "error" in rss:
            failures.append(f"RSS: {rss['error']}")
        elif rss["growth_pct"] > args.max_rss_growth:
            failures.append(f"RSS grew {rss['growth_pct']:.1f}% after the warm-up (at most "
                            f"{args.max_rss_growth:g}%)")
        if result["throughput"] < 0.95 * rate:
            log(f"WARNING: achieved {result['throughput']:.1f} req/s of {rate:.1f} offered: the "
                "server (or this shared machine) fell behind")

        # Stop, restart on the same data, verify the ledger, stop again.
        exit_codes = []
        status = server.stop()
        exit_codes.append(status)
        if status != 0:
            failures.append(f"lede-server did not exit cleanly on SIGTERM (status {status})")
        server = Server(server_bin, data_dir, free_port(), tmp / "server-2.log", args.server_log,
                        secure)
        servers.append(server)
        wait_ready(server, loadgen_bin)
        command = [loadgen_bin, "--addr", server.addr, "--verify-ledger", str(ledger), "--json",
                   *server.client_args()]
        log("$ " + " ".join(command))
        status, after_restart, stderr = run_json(command, timeout=600)
        summary["after_restart"] = after_restart
        if status != 0 or after_restart is None:
            failures.append(f"ledger after the restart: exit status {status} "
                            f"{stderr.strip()} {json.dumps(after_restart)}")
        status = server.stop()
        exit_codes.append(status)
        if status != 0:
            failures.append(f"restarted lede-server did not exit cleanly (status {status})")
        summary["server_exit_codes"] = exit_codes
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait()
        if failures:
            for index, server in enumerate(servers, 1):
                tail = server.tail()
                if tail:
                    log(f"last lines of server {index}'s log:\n{tail}")

    summary["failures"] = failures
    summary["passed"] = not failures
    report(summary, args)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
        log(f"summary written to {args.json}")
    if args.keep or failures:
        log(f"temporary files kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if not failures else 1


def report(summary: dict, args: argparse.Namespace) -> None:
    latency = summary["latency_ms"]
    print(f"soak: mixed, {summary['duration_s']:.0f} s at {summary['offered_rate']:.1f} req/s "
          f"offered ({args.load_fraction:.0%} of {summary['max_rate']:.1f} req/s, "
          f"{summary['max_rate_source']})")
    print(f"  achieved {summary['achieved_rate']:.1f} req/s, {summary['requests']} requests, "
          f"p50 {latency['p50']:.2f} ms, p99 {latency['p99']:.2f} ms, p99.9 "
          f"{latency['p999']:.2f} ms, max {latency['max']:.2f} ms")
    errors = summary["errors"]
    print("  errors: " + (", ".join(f"{code} {n}" for code, n in errors.items()) or "none"))
    rss = summary["rss"]
    if "error" not in rss:
        print(f"  VmRSS: {mib(summary['rss_at_start_kib'] or 0)} idle, baseline "
              f"{mib(rss['baseline_kib'])} (peak of the first {rss['warmup_s']:.0f} s), end "
              f"{mib(rss['end_kib'])}, max {mib(rss['max_kib'])}: growth "
              f"{rss['growth_pct']:+.1f}% (peak {rss['max_growth_pct']:+.1f}%), limit "
              f"{args.max_rss_growth:g}%; {rss['samples']} samples")
    writes = summary.get("writes") or {}
    verification = writes.get("verification") or {}
    print(f"  writes: {writes.get('acknowledged_creates')} creates and "
          f"{writes.get('acknowledged_deletes')} deletes acknowledged, "
          f"{(writes.get('uncertain_creates') or 0) + (writes.get('uncertain_deletes') or 0)} "
          f"uncertain, {writes.get('retries')} retries; after the run {verification.get('verified_present')} present, "
          f"{verification.get('verified_deleted')} deleted, {verification.get('missing')} "
          f"missing, {verification.get('resurrected')} resurrected, "
          f"{verification.get('wrong_text')} wrong text")
    restart = ((summary.get("after_restart") or {}).get("writes") or {})
    after = restart.get("verification") or {}
    print(f"  after the restart: {after.get('verified_present')} present, "
          f"{after.get('verified_deleted')} deleted, {after.get('missing')} missing, "
          f"{after.get('resurrected')} resurrected, {after.get('wrong_text')} wrong text; "
          f"server exit statuses {summary.get('server_exit_codes')}")
    if summary["failures"]:
        print("FAIL:")
        for failure in summary["failures"]:
            print(f"  - {failure}")
    else:
        print("PASS")


if __name__ == "__main__":
    sys.exit(main())
