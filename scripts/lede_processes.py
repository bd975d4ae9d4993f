"""What scripts/load_compare.py and scripts/soak.py share: where the built binaries are, a
free loopback port, and a process's memory from /proc."""

from __future__ import annotations

import os
import socket
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
