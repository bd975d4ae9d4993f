"""What scripts/load_compare.py, scripts/soak.py and scripts/scale.py share: where the built
binaries are, a free loopback port, a process's memory from /proc, and waiting until a server
answers a short lede-loadgen run, and the TLS + token setup of their `--secure` runs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def release_dir() -> Path:
    """Where `cargo build --release` puts the binaries (`$CARGO_TARGET_DIR/release`)."""
    value = os.environ.get("CARGO_TARGET_DIR")
    target = ROOT / "target" if not value else Path(value)
    return (target if target.is_absolute() else ROOT / target) / "release"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status_kib(pid: int, field: str) -> int | None:
    """A `kB` field of /proc/PID/status (VmRSS, VmHWM), in KiB; None once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def run_json(command: list[str], timeout: float | None = None) -> tuple[int, dict | None, str]:
    """Runs a command that prints one JSON object (lede-loadgen --json): exit status, the
    object (None if it printed none), standard error. A timeout is exit status -1."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        return -1, None, f"timed out after {timeout:.0f} s: {error}"
    try:
        result = json.loads(done.stdout) if done.stdout.strip() else None
    except json.JSONDecodeError:
        result = None
    return done.returncode, result, done.stderr


def wait_answering(server, probe: list[str], timeout: float, poll: float) -> None:
    """Until `probe` (a short lede-loadgen run with --json) succeeds against `server`, an
    object with `.process` (a Popen), `.port` and `.tail()` (its last log lines). Raises
    RuntimeError, with the server's log, if it exits or does not answer within `timeout`."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"lede-server exited with status {server.process.returncode} "
                               f"while starting\n{server.tail()}")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=0.5):
                pass
        except OSError:
            time.sleep(poll)
            continue
        status, result, stderr = run_json(probe, timeout=30)
        if status == 0 and result and result.get("ok", 0) > 0 and not result.get("errors"):
            return
        last = stderr.strip() or json.dumps(result)
        time.sleep(poll)
    raise RuntimeError(f"lede-server not answering within {timeout:.0f} s: {last}\n"
                       f"{server.tail()}")



class Secure:
    """TLS and a bearer token for a `--secure` run: an openssl-made CA and a certificate for
    127.0.0.1 and localhost in `directory`, a tokens file with one read-write token, and the
    flags that give them to lede-server and lede-loadgen."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.ca = directory / "ca.pem"
        self.cert = directory / "server.pem"
        self.key = directory / "server.key"
        self.tokens = directory / "tokens"
        curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        steps = [
            ["openssl", "req", "-x509", *curve, "-days", "2", "-subj", "/CN=lede-bench-ca",
             "-keyout", str(directory / "ca.key"), "-out", str(self.ca)],
            ["openssl", "req", *curve, "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(self.key), "-out", str(directory / "server.csr")],
            ["openssl", "x509", "-req", "-in", str(directory / "server.csr"), "-CA", str(self.ca),
             "-CAkey", str(directory / "ca.key"), "-CAcreateserial", "-days", "2",
             "-copy_extensions", "copy", "-out", str(self.cert)],
        ]
        for step in steps:
            subprocess.run(step, check=True, capture_output=True)
        self.token = os.urandom(24).hex()
        self.tokens.write_text(f"{self.token} read,write\n")

    def server_args(self) -> list[str]:
        return ["--tls-cert", str(self.cert), "--tls-key", str(self.key),
                "--auth-tokens", str(self.tokens)]

    def client_args(self) -> list[str]:
        return ["--cacert", str(self.ca), "--token", self.token]
