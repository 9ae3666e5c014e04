"""make bench-sandbox-memory: the sandbox's peak RSS under a 300 MB request body, against a small request's.

A sandbox subprocess on a loopback port; this script streams each body over a raw socket (Content-Length
declared, then chunked), stops when the server closes, and reads the server's peak RSS (VmHWM in
/proc/<pid>/status) before and after. The baseline, in the same run: the growth caused by requests with a
body just under the 64 KiB limit. Target: under 10 MiB of growth for each 300 MB body.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from pathlib import Path

from sequence_toolkit.contract.sandbox_target import start_sandbox_process
from sequence_toolkit.keysfile import read_keys_file
from sequence_toolkit.permissions import PermissionModel
from sequence_toolkit.sandbox.body import MAX_BODY_BYTES
from sequence_toolkit.spec import bundled_spec_path

MIB = 1024 * 1024
TARGET_MIB = 10.0


def peak_rss(pid: int) -> int:
    """The process's peak resident set size, in bytes (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc: this benchmark needs Linux")


def post(port: int, path: str, key: str, size: int, chunked: bool) -> tuple[int, float, str]:
    """POST ``size`` bytes of body, streamed; returns (bytes the server took, seconds, status line)."""
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: ApiKey {key}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    )
    block = b" " * 65536
    sent, start = 0, time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.encode())
        try:
            while sent < size:
                piece = block[: min(len(block), size - sent)]
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server refused the body and closed: what this measures
        try:
            status = sock.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace")
        except OSError:
            status = "(connection reset)"
    return sent, time.monotonic() - start, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=300, help="size of the large body (default 300)")
    parser.add_argument("--baseline-requests", type=int, default=20, help="requests just under the limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        process, base, keys_file = start_sandbox_process(Path(tmp))
        model = PermissionModel.load(bundled_spec_path())
        key = next(k.secret for k in read_keys_file(keys_file, model) if k.name == "full_access")
        try:
            port = int(base.split(":")[2].split("/")[0])
            path = base.split(str(port), 1)[1] + "/transfers"
            post(port, path, key, 1000, chunked=False)  # warm up: imports, caches, the first connection
            start, began, sent_total = peak_rss(process.pid), time.monotonic(), 0
            for _ in range(args.baseline_requests):
                for chunked in (False, True):
                    sent, _, status = post(port, path, key, MAX_BODY_BYTES - 1, chunked)
                    sent_total += sent
            baseline = peak_rss(process.pid)
            label = f"baseline: {2 * args.baseline_requests} bodies of 64 KiB - 1"
            rows = [(label, baseline - start, status, time.monotonic() - began, sent_total)]
            previous = baseline
            for chunked in (False, True):
                size = args.megabytes * 1_000_000
                sent, seconds, status = post(port, path, key, size, chunked)
                now = peak_rss(process.pid)
                label = f"{args.megabytes} MB, {'chunked' if chunked else 'Content-Length'}"
                rows.append((label, now - previous, status, seconds, sent))
                previous = now
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"sandbox peak RSS before the run: {start / MIB:.1f} MiB (VmHWM of the server process)")
    print(f"{'request':42s} {'peak RSS growth':>16s} {'sent before close':>18s} {'time':>7s}  answer")
    for label, growth, status, seconds, sent in rows:
        print(f"{label:42s} {growth / MIB:13.2f} MiB {sent / MIB:14.2f} MiB {seconds:6.2f}s  {status}")
    worst = max(growth for _, growth, *_ in rows[1:])
    ratio = worst / max(rows[0][1], 1)
    print(f"largest growth under a large body: {worst / MIB:.2f} MiB (target < {TARGET_MIB:.0f} MiB);", end=" ")
    print(f"baseline growth {rows[0][1] / MIB:.2f} MiB; ratio {ratio:.2f}")
    return 0 if worst < TARGET_MIB * MIB else 1


if __name__ == "__main__":
    sys.exit(main())
